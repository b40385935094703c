/*
 * zlib (RFC 1950) compression for formats that carry it: EU DCC `HC1:`
 * payloads and Token Status Lists. Inflation is capped: output beyond
 * `max_out` bytes stops the decoder and fails with WALLET_ERR_TOO_LARGE, so
 * a few bytes that would expand to gigabytes cost at most `max_out`.
 */
#ifndef WL_ZLIB_H
#define WL_ZLIB_H

#include "buf.h"

/* Inflate a complete zlib stream. Truncated or corrupt input is
 * WALLET_ERR_COMPRESSION; bytes after the end of the stream are
 * WALLET_ERR_TRAILING_DATA. */
WL_HIDDEN wallet_err wl_zlib_inflate(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                     const uint8_t *in, size_t in_len, size_t max_out);

/* Deflate at the best compression level into a zlib stream. */
WL_HIDDEN wallet_err wl_zlib_deflate(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                     const uint8_t *in, size_t in_len);

/* Deflate at the best level with the least memory: the window is the
 * smallest power of two that holds the input (2^9..2^15) and the hash table
 * is sized to match, so a QR-sized input costs zlib a few KiB instead of the
 * default 256 KiB (which, freed and trimmed on every call, made each call
 * fault in fresh pages). The output is as small as wl_zlib_deflate()'s; its
 * header names the smaller window. */
WL_HIDDEN wallet_err wl_zlib_deflate_small(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                           const uint8_t *in, size_t in_len);

#endif /* WL_ZLIB_H */
