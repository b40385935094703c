/*
 * Internal COSE helpers shared by COSE_Sign1, COSE_Sign and the formats
 * built on them (mdoc, HC1, status list CWTs).
 */
#ifndef WL_COSE_INT_H
#define WL_COSE_INT_H

#include "../core/cbor.h"
#include "wallet/cose.h"

/* Check a protected/unprotected header pair (RFC 9052 §3): labels are int or
 * text, no label in both buckets, "crit" protected and understood, "alg"
 * protected. *alg receives the algorithm (WALLET_ALG_NONE if absent);
 * *alg_id the raw COSE identifier (0 if absent or not an int). */
WL_HIDDEN wallet_err wl_cose_check_headers(wallet_ctx *ctx, const wl_cbor *prot,
                                           const wl_cbor *unprot, wallet_alg *alg,
                                           int64_t *alg_id);

/* Relaxations of RFC 9052 §3 for formats whose specification requires them
 * (only EU DCC / HC1 today). Public COSE functions never use them.
 *   WL_COSE_LENIENT_KID: "kid" may appear in both buckets (the protected one
 *     is the one used: wallet_cose_sign1_kid() reads it first). The hcert
 *     specification §3.3.2 calls kid "not a security-critical field" and lets
 *     it sit in either bucket; the DCC test data (CO21) has both.
 *   WL_COSE_LENIENT_ALG: "alg" may be unprotected. RFC 9052 §3.1 wants it
 *     authenticated; this is only safe when the caller's allow-list and the
 *     key type leave exactly one algorithm (HC1: ES256 for EC keys, PS256 for
 *     RSA keys), so that changing an unprotected "alg" can only make the
 *     verification fail. The DCC test data (CO20) relies on it. */
#define WL_COSE_LENIENT_KID 1u
#define WL_COSE_LENIENT_ALG 2u
WL_HIDDEN wallet_err wl_cose_check_headers_ex(wallet_ctx *ctx, const wl_cbor *prot,
                                              const wl_cbor *unprot, wallet_alg *alg,
                                              int64_t *alg_id, unsigned flags);
/* wallet_cose_sign1_parse() with the relaxations above. */
WL_HIDDEN wallet_err wl_cose_sign1_parse_ex(wallet_ctx *ctx, wallet_cose_sign1 **out,
                                            const uint8_t *cbor, size_t cbor_len,
                                            unsigned flags);

/* Decode the content of a protected-header bstr into *doc (NULL for a
 * zero-length bstr) and return its map (or NULL). */
WL_HIDDEN wallet_err wl_cose_decode_protected(wallet_ctx *ctx, const wl_cbor *bstr,
                                              wl_cbor_doc **doc, const wl_cbor **map);

/* Verify `sig` over a Sig_structure built from its parts (context
 * "Signature1" or "Signature"; sign_prot NULL for Signature1). */
WL_HIDDEN wallet_err wl_cose_verify_sig(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                                        const char *context, const uint8_t *body_prot,
                                        size_t body_prot_len, const uint8_t *sign_prot,
                                        size_t sign_prot_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *payload, size_t payload_len,
                                        const uint8_t *sig, size_t sig_len);

/* Encode a header bucket as a deterministic map; when alg != NONE, label 1
 * is added (the protected bucket). */
WL_HIDDEN wallet_err wl_cose_encode_headers(wallet_ctx *ctx, wl_buf *out,
                                            const wallet_cose_headers *h, int bucket,
                                            wallet_alg alg);

/* Sign the Sig_structure; signature appended to out as a bstr. */
WL_HIDDEN wallet_err wl_cose_sign_sig(wallet_ctx *ctx, wl_buf *out, const wallet_key *key,
                                      wallet_alg alg, const char *context,
                                      const uint8_t *body_prot, size_t body_prot_len,
                                      const uint8_t *sign_prot, size_t sign_prot_len,
                                      const uint8_t *aad, size_t aad_len,
                                      const uint8_t *payload, size_t payload_len);

/* Allow-list check + key fit (COSE: ECDSA curve not bound to the hash). */
WL_HIDDEN wallet_err wl_cose_check_alg(wallet_ctx *ctx, wallet_alg alg, int64_t alg_id,
                                       const wallet_key *key, wallet_algset allowed);

/* COSE_Key from a decoded map; and appended to b (deterministic). */
WL_HIDDEN wallet_err wl_cose_key_from_cbor(wallet_ctx *ctx, wallet_key **out, const wl_cbor *map);
WL_HIDDEN wallet_err wl_cose_key_append(wallet_ctx *ctx, wl_buf *b, const wallet_key *key,
                                        int with_private);

/* COSE_Mac0 (RFC 9052 §6.2) with HMAC 256/256 (alg 5, RFC 9053 §3.1), the
 * one MAC of ISO/IEC 18013-5 DeviceMac. Create appends the untagged
 * [protected {1: 5}, {}, payload / nil (detached), tag]; verify takes the
 * decoded message (untagged or tag 17) and checks the tag over
 * MAC_structure ["MAC0", protected as received, h'', payload] in constant
 * time: WALLET_ERR_MAC when it differs. */
#define WL_COSE_ALG_HMAC256 5
WL_HIDDEN wallet_err wl_cose_mac0_create(wallet_ctx *ctx, wl_buf *out, const uint8_t *key,
                                         size_t key_len, const uint8_t *payload,
                                         size_t payload_len, int detached);
WL_HIDDEN wallet_err wl_cose_mac0_verify(wallet_ctx *ctx, const wl_cbor *msg, const uint8_t *key,
                                         size_t key_len, const uint8_t *detached,
                                         size_t detached_len);

#endif /* WL_COSE_INT_H */
