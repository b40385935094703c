/*
 * QR decoding: libpng's simplified API reads the PNG as 8-bit grayscale
 * (dimensions checked before pixels are allocated), zbar finds the symbol.
 * zbar runs in binary mode so the payload's bytes come back unchanged (no
 * character-set guessing).
 */
#include <png.h>
#include <zbar.h>

#include "../core/internal.h"
#include "wallet/qr.h"

#define WL_QR_MAX_SIDE 8192

wallet_err wallet_qr_decode_png(wallet_ctx *ctx, uint8_t **data, size_t *data_len,
                                const uint8_t *png, size_t png_len)
{
    wl_enter(ctx);
    if (data)
        *data = NULL;
    if (data_len)
        *data_len = 0;
    if (!data || !data_len || !png)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_input_size(ctx, png_len, "PNG");
    if (e)
        return e;
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, png, png_len))
        return wl_err(ctx, WALLET_ERR_IMAGE, "PNG: unreadable (%s)", img.message);
    if (img.width == 0 || img.height == 0 || img.width > WL_QR_MAX_SIDE ||
        img.height > WL_QR_MAX_SIDE) {
        png_image_free(&img);
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "PNG: %ux%u pixels exceeds %dx%d", img.width,
                      img.height, WL_QR_MAX_SIDE, WL_QR_MAX_SIDE);
    }
    img.format = PNG_FORMAT_GRAY;
    size_t npix = (size_t)img.width * img.height;
    uint8_t *pixels = malloc(npix);
    if (!pixels) {
        png_image_free(&img);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    /* Transparent pixels composite onto white, as a printed code would. */
    png_color background = {255, 255, 255};
    if (!png_image_finish_read(&img, &background, pixels, 0, NULL)) {
        free(pixels);
        e = wl_err(ctx, WALLET_ERR_IMAGE, "PNG: decoding failed (%s)", img.message);
        png_image_free(&img);
        return e;
    }
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_t *zimg = zbar_image_create();
    if (!scanner || !zimg) {
        free(pixels);
        if (scanner)
            zbar_image_scanner_destroy(scanner);
        if (zimg)
            zbar_image_destroy(zimg);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    zbar_image_set_format(zimg, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimg, img.width, img.height);
    zbar_image_set_data(zimg, pixels, npix, NULL);
    int found = zbar_scan_image(scanner, zimg);
    e = WALLET_OK;
    if (found <= 0) {
        e = wl_err(ctx, WALLET_ERR_QR, "no QR code found in the image");
    } else {
        const zbar_symbol_t *sym = zbar_image_first_symbol(zimg);
        while (sym && zbar_symbol_get_type(sym) != ZBAR_QRCODE)
            sym = zbar_symbol_next(sym);
        if (!sym) {
            e = wl_err(ctx, WALLET_ERR_QR, "no QR code found in the image");
        } else {
            unsigned n = zbar_symbol_get_data_length(sym);
            uint8_t *copy = wl_memdup(zbar_symbol_get_data(sym), n);
            if (!copy) {
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            } else {
                *data = copy;
                *data_len = n;
            }
        }
    }
    zbar_image_destroy(zimg);
    zbar_image_scanner_destroy(scanner);
    free(pixels);
    png_image_free(&img);
    return e;
}
