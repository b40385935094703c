/*
 * QR encoding: libqrencode builds the symbol (choosing numeric,
 * alphanumeric and byte segments optimally, which keeps Base45 `HC1:`
 * payloads compact), libpng's simplified API writes it as a PNG.
 */
#include <png.h>
#include <qrencode.h>

#include "../core/buf.h"
#include "wallet/qr.h"

#define WL_QR_QUIET 4 /* modules of quiet zone (ISO/IEC 18004 §7.3.7) */

static wallet_err wl_qr_make(wallet_ctx *ctx, QRcode **out, const uint8_t *data, size_t len,
                             wallet_qr_ecc ecc)
{
    *out = NULL;
    if (!data || len == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "QR: no data");
    if ((int)ecc < WALLET_QR_ECC_L || ecc > WALLET_QR_ECC_H)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "QR: unknown error-correction level");
    if (len > 7089) /* the largest capacity of a version-40 symbol (numeric, L) */
        return wl_err(ctx, WALLET_ERR_QR, "QR: %zu bytes do not fit in a QR code", len);
    static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
    QRcode *qr;
    if (memchr(data, 0, len)) {
        qr = QRcode_encodeData((int)len, data, 0, levels[ecc]);
    } else {
        char *s = wl_strndup((const char *)data, len);
        if (!s)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        qr = QRcode_encodeString(s, 0, levels[ecc], QR_MODE_8, 1);
        free(s);
    }
    if (!qr)
        return wl_err(ctx, WALLET_ERR_QR, "QR: data too large for the error-correction level");
    *out = qr;
    return WALLET_OK;
}

wallet_err wallet_qr_encode_png(wallet_ctx *ctx, uint8_t **png, size_t *png_len,
                                const uint8_t *data, size_t data_len, wallet_qr_ecc ecc, int scale)
{
    wl_enter(ctx);
    if (png)
        *png = NULL;
    if (png_len)
        *png_len = 0;
    if (!png || !png_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    if (scale < 1 || scale > 64)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "QR: scale must be 1..64");
    QRcode *qr;
    wallet_err e = wl_qr_make(ctx, &qr, data, data_len, ecc);
    if (e)
        return e;
    size_t modules = (size_t)qr->width + 2 * WL_QR_QUIET;
    size_t side = modules * (size_t)scale;
    uint8_t *pixels = malloc(side * side);
    if (!pixels) {
        QRcode_free(qr);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    memset(pixels, 0xFF, side * side);
    for (int y = 0; y < qr->width; y++) {
        for (int x = 0; x < qr->width; x++) {
            if (!(qr->data[y * qr->width + x] & 1))
                continue; /* bit 0 set = dark module */
            size_t py = ((size_t)y + WL_QR_QUIET) * (size_t)scale;
            size_t px = ((size_t)x + WL_QR_QUIET) * (size_t)scale;
            for (int dy = 0; dy < scale; dy++)
                memset(pixels + (py + (size_t)dy) * side + px, 0x00, (size_t)scale);
        }
    }
    QRcode_free(qr);
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)side;
    img.height = (png_uint_32)side;
    img.format = PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    uint8_t *buf = NULL;
    if (png_image_write_to_memory(&img, NULL, &size, 0, pixels, 0, NULL) && size > 0 &&
        (buf = malloc(size)) != NULL &&
        png_image_write_to_memory(&img, buf, &size, 0, pixels, 0, NULL)) {
        *png = buf;
        *png_len = size;
    } else {
        free(buf);
        e = wl_err(ctx, WALLET_ERR_IMAGE, "QR: PNG encoding failed (%s)", img.message);
    }
    png_image_free(&img);
    free(pixels);
    return e;
}

wallet_err wallet_qr_encode_text(wallet_ctx *ctx, char **text, const uint8_t *data,
                                 size_t data_len, wallet_qr_ecc ecc)
{
    wl_enter(ctx);
    if (!text)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *text = NULL;
    QRcode *qr;
    wallet_err e = wl_qr_make(ctx, &qr, data, data_len, ecc);
    if (e)
        return e;
    /* Light modules are drawn, dark ones left blank: correct on the usual
     * light-on-dark terminal. Two rows of modules per line of text. */
    const int quiet = 2, w = qr->width;
    wl_buf b;
    wl_buf_init(&b, 0);
    for (int y = -quiet; y < w + quiet; y += 2) {
        for (int x = -quiet; x < w + quiet; x++) {
            int top_dark = y >= 0 && y < w && x >= 0 && x < w && (qr->data[y * w + x] & 1);
            int bot_dark = y + 1 >= 0 && y + 1 < w && x >= 0 && x < w &&
                           (qr->data[(y + 1) * w + x] & 1);
            const char *cell = top_dark ? (bot_dark ? " " : "\xE2\x96\x84")
                                        : (bot_dark ? "\xE2\x96\x80" : "\xE2\x96\x88");
            wl_buf_append_str(&b, cell);
        }
        wl_buf_append_byte(&b, '\n');
    }
    QRcode_free(qr);
    if (b.failed) {
        e = wl_buf_error(ctx, &b, "QR text");
        wl_buf_free(&b);
        return e;
    }
    *text = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}
