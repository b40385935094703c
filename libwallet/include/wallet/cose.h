/*
 * libwallet — CBOR Object Signing (RFC 9052 / RFC 9053): COSE_Sign1 and
 * COSE_Sign.
 *
 * The Sig_structure is always built from the protected header bytes *as
 * received* (RFC 9052 §4.4): a verifier never re-encodes. This is why the
 * two legacy cose-wg examples whose protected header is h'A0' (an empty map
 * encoded, signed as a zero-length string) do not verify here.
 *
 * Rules enforced on parse/verify:
 *   - COSE_Sign1 is the 4-element array, untagged or with tag 18 (any other
 *     tag is WALLET_ERR_COSE_FORMAT); COSE_Sign likewise with tag 98;
 *   - protected is a bstr holding a map (or empty); unprotected is a map;
 *     no label in both (RFC 9052 §3);
 *   - "alg" (label 1) must be protected, supported, in the caller's
 *     allow-list and fit the key (kty; ECDSA curves per RFC 9053 §2.1 are not
 *     bound to the hash in COSE);
 *   - "crit" (label 2) labels must be present in the protected header and
 *     understood: libwallet processes labels 1 (alg), 2 (crit), 3 (content
 *     type), 4 (kid), 16 (typ) and 33 (x5chain); anything else is
 *     WALLET_ERR_CRIT_UNKNOWN.
 */
#ifndef WALLET_COSE_H
#define WALLET_COSE_H

#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Header labels used by libwallet (RFC 9052 §3.1, RFC 9360). */
#define WALLET_COSE_HDR_ALG 1
#define WALLET_COSE_HDR_CRIT 2
#define WALLET_COSE_HDR_CONTENT_TYPE 3
#define WALLET_COSE_HDR_KID 4
#define WALLET_COSE_HDR_TYP 16
#define WALLET_COSE_HDR_X5CHAIN 33

/* Which header bucket. */
#define WALLET_COSE_UNPROTECTED 0
#define WALLET_COSE_PROTECTED 1

/* ---- Headers for signing ------------------------------------------------ */

typedef struct wallet_cose_headers wallet_cose_headers;

WALLET_EXPORT wallet_err wallet_cose_headers_new(wallet_ctx *ctx, wallet_cose_headers **out);
WALLET_EXPORT void wallet_cose_headers_free(wallet_cose_headers *h);

/* Set header `label` in bucket WALLET_COSE_PROTECTED or _UNPROTECTED. Setting
 * a label again replaces it; label 1 (alg) is always written by the signer
 * and may not be set here. */
WALLET_EXPORT wallet_err wallet_cose_headers_set_int(wallet_ctx *ctx, wallet_cose_headers *h,
                                                     int bucket, int64_t label, int64_t value);
WALLET_EXPORT wallet_err wallet_cose_headers_set_bytes(wallet_ctx *ctx, wallet_cose_headers *h,
                                                       int bucket, int64_t label,
                                                       const uint8_t *value, size_t len);
WALLET_EXPORT wallet_err wallet_cose_headers_set_text(wallet_ctx *ctx, wallet_cose_headers *h,
                                                      int bucket, int64_t label,
                                                      const char *value);
/* Append a DER certificate to x5chain (label 33): one certificate is written
 * as a bstr, several as an array, leaf first (RFC 9360 §2). */
WALLET_EXPORT wallet_err wallet_cose_headers_add_x5chain(wallet_ctx *ctx, wallet_cose_headers *h,
                                                         int bucket, const uint8_t *der,
                                                         size_t len);

/* ---- COSE_Sign1 --------------------------------------------------------- */

#define WALLET_COSE_TAGGED 1u   /* sign: wrap in tag 18 (98 for COSE_Sign) */
#define WALLET_COSE_DETACHED 2u /* sign: payload field is nil (RFC 9052 §2) */

/* Sign. `alg` WALLET_ALG_NONE means the key's default. `headers` may be NULL.
 * `external_aad` may be NULL/0. Output is CBOR (release with wallet_free()). */
WALLET_EXPORT wallet_err wallet_cose_sign1_sign(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                const wallet_key *key, wallet_alg alg,
                                                const wallet_cose_headers *headers,
                                                const uint8_t *payload, size_t payload_len,
                                                const uint8_t *external_aad, size_t aad_len,
                                                unsigned flags);

typedef struct wallet_cose_sign1 wallet_cose_sign1;

/* Parse (structure only, nothing verified). The input bytes are copied. */
WALLET_EXPORT wallet_err wallet_cose_sign1_parse(wallet_ctx *ctx, wallet_cose_sign1 **out,
                                                 const uint8_t *cbor, size_t cbor_len);

/* The protected "alg" (WALLET_ALG_NONE if absent or unsupported). */
WALLET_EXPORT wallet_alg wallet_cose_sign1_alg(const wallet_cose_sign1 *msg);

/* The raw CBOR of header `label` (protected bucket first, then unprotected),
 * or NULL. Unauthenticated unless it is protected and the message verified.
 * *bucket (if not NULL) receives which bucket held it. Owned by msg. */
WALLET_EXPORT const uint8_t *wallet_cose_sign1_header(const wallet_cose_sign1 *msg,
                                                      int64_t label, size_t *len, int *bucket);

/* The kid (label 4) bytes, protected first, or NULL. Owned by msg. */
WALLET_EXPORT const uint8_t *wallet_cose_sign1_kid(const wallet_cose_sign1 *msg, size_t *len);

/* x5chain certificates (label 33, either bucket): count and the DER of
 * certificate i (0 = leaf). */
WALLET_EXPORT size_t wallet_cose_sign1_x5chain_count(const wallet_cose_sign1 *msg);
WALLET_EXPORT const uint8_t *wallet_cose_sign1_x5chain(const wallet_cose_sign1 *msg, size_t i,
                                                       size_t *len);

/* 1 if the payload field is nil (detached content). */
WALLET_EXPORT int wallet_cose_sign1_is_detached(const wallet_cose_sign1 *msg);

/* Verify over Sig_structure ["Signature1", protected, external_aad, payload].
 * For a detached message pass the payload in `detached`; otherwise pass NULL. */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_cose_sign1_verify(
    wallet_ctx *ctx, wallet_cose_sign1 *msg, const wallet_key *key, wallet_algset allowed,
    const uint8_t *external_aad, size_t aad_len, const uint8_t *detached, size_t detached_len);

/* The payload after a successful verify; NULL before (and for detached). */
WALLET_EXPORT const uint8_t *wallet_cose_sign1_payload(const wallet_cose_sign1 *msg,
                                                       size_t *len);

WALLET_EXPORT void wallet_cose_sign1_free(wallet_cose_sign1 *msg);

/* ---- CWT claims (RFC 8392) ------------------------------------------------ */

/* Build a CWT claims set (deterministic CBOR map) from a JSON object: the
 * registered claims "iss", "sub", "aud", "exp", "nbf", "iat", "cti" become
 * labels 1..7 (RFC 8392 §3.1), every other member keeps its text name.
 * Integers stay integers, other numbers become floats; "cti" must be a
 * string (its bytes are used). Release with wallet_free(). */
WALLET_EXPORT wallet_err wallet_cwt_from_json(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                              const char *json, size_t json_len);

/* ---- COSE_Sign (several signers) ----------------------------------------- */

/* Sign with each key (its default algorithm; protected {1: alg} per signer,
 * unprotected {4: kid} when the key has a kid). */
WALLET_EXPORT wallet_err wallet_cose_sign_sign(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                               const wallet_key *const *keys, size_t key_count,
                                               const uint8_t *payload, size_t payload_len,
                                               const uint8_t *external_aad, size_t aad_len,
                                               unsigned flags);

/* Verify a COSE_Sign: succeeds when a signature made with `key` verifies
 * (Sig_structure "Signature", body and signer protected headers as
 * received). On success *payload (owned by the caller, wallet_free()) holds
 * the payload and *signer_index which signature verified. On failure the
 * code is WALLET_ERR_SIGNATURE if a signature was checked with the key and
 * did not verify, else the first signature's reason. */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_cose_sign_verify(
    wallet_ctx *ctx, uint8_t **payload, size_t *payload_len, size_t *signer_index,
    const uint8_t *cbor, size_t cbor_len, const wallet_key *key, wallet_algset allowed,
    const uint8_t *external_aad, size_t aad_len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_COSE_H */
