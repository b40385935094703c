/*
 * libwallet — text codecs: base64url (RFC 4648 §5), Base45 (RFC 9285), hex.
 *
 * Decoders are strict and return the exact error; they accept only what
 * the corresponding encoder produces:
 *   base64url: alphabet A-Z a-z 0-9 - _ only; no padding, no whitespace;
 *              a length of 1 mod 4 is rejected; unused trailing bits must be
 *              zero (so every byte string has exactly one encoding).
 *   Base45:    alphabet "0-9A-Z $%*+-./:"; length 1 mod 3 rejected; a triplet
 *              over 65535 or a final pair over 255 rejected (RFC 9285 §4).
 *   hex:       even length, 0-9 a-f A-F.
 *
 * Outputs are allocated by the library (release with wallet_free()); text
 * outputs are NUL-terminated, and *out_len (when not NULL) excludes the NUL.
 * Binary outputs get a NUL after the last byte too, for convenience.
 * Input is capped by WALLET_LIMIT_INPUT_BYTES of the context.
 */
#ifndef WALLET_CODEC_H
#define WALLET_CODEC_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

WALLET_EXPORT wallet_err wallet_b64url_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                              const uint8_t *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_b64url_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                              const char *in, size_t in_len);

WALLET_EXPORT wallet_err wallet_base45_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                              const uint8_t *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_base45_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                              const char *in, size_t in_len);

/* Lower-case hex. */
WALLET_EXPORT wallet_err wallet_hex_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                           const uint8_t *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_hex_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                           const char *in, size_t in_len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_CODEC_H */
