/*
 * libwallet — QR codes: encode text or bytes to a PNG image (libqrencode +
 * libpng) or to terminal text, and decode the first QR code in a PNG image
 * (zbar).
 */
#ifndef WALLET_QR_H
#define WALLET_QR_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error-correction level (ISO/IEC 18004). EU DCC recommends Q. */
typedef enum wallet_qr_ecc {
    WALLET_QR_ECC_L = 0,
    WALLET_QR_ECC_M = 1,
    WALLET_QR_ECC_Q = 2,
    WALLET_QR_ECC_H = 3
} wallet_qr_ecc;

/* Encode `data` as a QR code and render it as an 8-bit grayscale PNG with
 * `scale` pixels per module (1..64) and the standard 4-module quiet zone.
 * Data that is all Base45/alphanumeric characters is encoded in
 * alphanumeric mode. Too much data for a version-40 symbol is WALLET_ERR_QR. */
WALLET_EXPORT wallet_err wallet_qr_encode_png(wallet_ctx *ctx, uint8_t **png, size_t *png_len,
                                              const uint8_t *data, size_t data_len,
                                              wallet_qr_ecc ecc, int scale);

/* Encode as UTF-8 text for a terminal: two modules per character row using
 * the half-block characters, dark modules printed as spaces on a light
 * quiet zone (readable by phone cameras on dark-on-light terminals). */
WALLET_EXPORT wallet_err wallet_qr_encode_text(wallet_ctx *ctx, char **text,
                                               const uint8_t *data, size_t data_len,
                                               wallet_qr_ecc ecc);

/* Decode the first QR code found in a PNG image. The PNG's dimensions are
 * checked (at most 8192x8192 pixels) before pixels are allocated. No QR code
 * is WALLET_ERR_QR; an unreadable image WALLET_ERR_IMAGE. *data is
 * NUL-terminated; *data_len excludes the NUL. */
WALLET_EXPORT wallet_err wallet_qr_decode_png(wallet_ctx *ctx, uint8_t **data, size_t *data_len,
                                              const uint8_t *png, size_t png_len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_QR_H */
