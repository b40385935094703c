/*
 * libwallet — small cryptographic primitives for programs built on the
 * library (the services, the CLI, bindings): random bytes, SHA-256 and
 * HMAC-SHA256 from libwallet's crypto backend, so that such programs never
 * link or call OpenSSL themselves.
 *
 * These are deliberately few. Formats and protocols use their own
 * higher-level functions (wallet_jws_*, wallet_cose_*, ...), which choose
 * algorithms themselves; reach for these only for application plumbing:
 * identifiers, API-key hashes, ETags, keyed pseudonyms in logs.
 *
 * `ctx` may be NULL (the detail of a failure is then not kept). All
 * functions are thread-safe.
 */
#ifndef WALLET_PRIMITIVES_H
#define WALLET_PRIMITIVES_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WALLET_SHA256_LEN 32

/* Fill out[0..len) with bytes from the CSPRNG (OpenSSL's RAND_bytes).
 * Returns WALLET_OK; WALLET_ERR_INVALID_ARG (out NULL with len > 0, or len
 * over INT32_MAX); WALLET_ERR_CRYPTO if the generator fails (out is then
 * zeroed). */
WALLET_EXPORT wallet_err wallet_random(wallet_ctx *ctx, uint8_t *out, size_t len);

/* SHA-256 of in[0..len) into out32. Returns WALLET_OK;
 * WALLET_ERR_INVALID_ARG (out32 NULL, or in NULL with len > 0);
 * WALLET_ERR_CRYPTO (out32 is then zeroed). */
WALLET_EXPORT wallet_err wallet_sha256(wallet_ctx *ctx, uint8_t out32[32], const uint8_t *in,
                                       size_t len);

/* HMAC-SHA256 (RFC 2104) of in[0..len) under key[0..key_len) into out32.
 * Returns WALLET_OK; WALLET_ERR_INVALID_ARG (out32 NULL, key NULL or
 * key_len 0, or in NULL with len > 0); WALLET_ERR_CRYPTO (out32 is then
 * zeroed). */
WALLET_EXPORT wallet_err wallet_hmac_sha256(wallet_ctx *ctx, uint8_t out32[32],
                                            const uint8_t *key, size_t key_len,
                                            const uint8_t *in, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_PRIMITIVES_H */
