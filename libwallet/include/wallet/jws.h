/*
 * libwallet — JSON Web Signature (RFC 7515), compact and JSON serializations.
 *
 * Verification is two steps so that the caller can choose the key from the
 * header (kid, x5c) before anything is trusted:
 *
 *     wallet_jws *jws;
 *     wallet_jws_parse(ctx, &jws, text, len);            structure only
 *     ... look at wallet_jws_kid(jws) / wallet_jws_header_json(jws) ...
 *     wallet_jws_verify(ctx, jws, key, WALLET_ALGSET(WALLET_ALG_ES256));
 *     payload = wallet_jws_payload(jws, &payload_len);    only once verified
 *
 * Rules enforced (RFC 7515 §5.2, RFC 7518 §3.1, RFC 8725):
 *   - the protected header is a JSON object without duplicate members;
 *   - "alg" is required, must be in the caller's allow-list and must fit the
 *     key (kty and, for ECDSA, the curve); "none" and HS* are never accepted;
 *   - "crit" must be in the protected header, a non-empty array of
 *     distinct names of members present there (else WALLET_ERR_JWS_FORMAT);
 *     libwallet implements no extension (not even RFC 7797 "b64"), so any
 *     name listed is WALLET_ERR_CRIT_UNKNOWN;
 *   - a header parameter may not appear in both the protected and the
 *     unprotected header (JSON serialization);
 *   - base64url segments are strict (see codec.h).
 */
#ifndef WALLET_JWS_H
#define WALLET_JWS_H

#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_jws wallet_jws;

/* Parse a JWS in compact form, or in JSON serialization (flattened or
 * general; detected by the leading '{'). For a detached payload (RFC 7515
 * Appendix F), pass it with wallet_jws_set_detached_payload() before
 * verifying. Nothing is verified here. */
WALLET_EXPORT wallet_err wallet_jws_parse(wallet_ctx *ctx, wallet_jws **out, const char *text,
                                          size_t text_len);

/* Supply the payload of a JWS whose payload segment is empty. */
WALLET_EXPORT wallet_err wallet_jws_set_detached_payload(wallet_ctx *ctx, wallet_jws *jws,
                                                         const uint8_t *payload, size_t len);

/* Number of signatures (1 for compact and flattened). */
WALLET_EXPORT size_t wallet_jws_signature_count(const wallet_jws *jws);

/* The protected header of signature `index` as JSON text, and its "alg" and
 * "kid" (kid looked up in the protected header first, then the unprotected
 * one). NOT authenticated until wallet_jws_verify() succeeds. NULL when
 * absent or index is out of range. Owned by the jws. */
WALLET_EXPORT const char *wallet_jws_header_json(const wallet_jws *jws, size_t index);
WALLET_EXPORT const char *wallet_jws_kid(const wallet_jws *jws, size_t index);
WALLET_EXPORT wallet_alg wallet_jws_alg(const wallet_jws *jws, size_t index);

/* Verify with `key`. Succeeds when one signature (compact/flattened: the
 * only one; general: any) verifies with the key under `allowed`. On success
 * the jws is marked verified and wallet_jws_verified_index() tells which
 * signature verified. On failure the code is WALLET_ERR_SIGNATURE if a
 * signature was checked with the key and did not verify, else the first
 * signature's reason (e.g. WALLET_ERR_ALG_NOT_ALLOWED). */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_jws_verify(wallet_ctx *ctx, wallet_jws *jws,
                                                            const wallet_key *key,
                                                            wallet_algset allowed);

/* The verified signature's index, or (size_t)-1 when not verified. */
WALLET_EXPORT size_t wallet_jws_verified_index(const wallet_jws *jws);

/* The payload, only after a successful wallet_jws_verify(); NULL (and
 * *len = 0) before. Owned by the jws; NUL-terminated for convenience. */
WALLET_EXPORT const uint8_t *wallet_jws_payload(const wallet_jws *jws, size_t *len);

WALLET_EXPORT void wallet_jws_free(wallet_jws *jws);

/*
 * Sign, compact serialization. The protected header is "alg" (the key's
 * default when alg is WALLET_ALG_NONE), then "kid" if the key has one, then
 * the members of `extra_header_json` (a JSON object text or NULL; it may
 * not contain "alg"; a "kid" there replaces the key's).
 */
WALLET_EXPORT wallet_err wallet_jws_sign_compact(wallet_ctx *ctx, char **out,
                                                 const wallet_key *key, wallet_alg alg,
                                                 const char *extra_header_json,
                                                 const uint8_t *payload, size_t payload_len);

/* Sign, JSON serialization: flattened with one key, general with several
 * (keys[i] signs with its default algorithm; protected header "alg" and,
 * when the key has one, "kid"). */
WALLET_EXPORT wallet_err wallet_jws_sign_json(wallet_ctx *ctx, char **out,
                                              const wallet_key *const *keys, size_t key_count,
                                              const uint8_t *payload, size_t payload_len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_JWS_H */
