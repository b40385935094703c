/*
 * Internal JOSE interface shared with the formats built on it (SD-JWT,
 * OpenID4VP/VCI, status lists): JWK objects already parsed as cJSON, and
 * access to a parsed JWS's headers without re-parsing.
 */
#ifndef WL_JOSE_H
#define WL_JOSE_H

#include "../core/json.h"
#include "wallet/jwe.h"
#include "wallet/jws.h"

/* Import a JWK from a parsed JSON object (see wallet_key_from_jwk). */
WL_HIDDEN wallet_err wl_jwk_from_json(wallet_ctx *ctx, wallet_key **out, const cJSON *jwk);

/* Append the JWK of key to b (public half unless with_private). */
WL_HIDDEN wallet_err wl_jwk_append(wallet_ctx *ctx, wl_buf *b, const wallet_key *key,
                                   int with_private);

/* wallet_jws_parse without copying the text: the JWS points into `text`,
 * which must outlive it (a verification that parses, checks and frees). */
WL_HIDDEN wallet_err wl_jws_parse_borrowed(wallet_ctx *ctx, wallet_jws **out, const char *text,
                                           size_t text_len);

/* The protected header of signature i as parsed JSON (unauthenticated until
 * verified), and its unprotected header (JSON serialization; may be NULL). */
WL_HIDDEN const cJSON *wl_jws_protected(const wallet_jws *jws, size_t i);
WL_HIDDEN const cJSON *wl_jws_unprotected(const wallet_jws *jws, size_t i);
/* A header parameter from the protected header, else the unprotected one. */
WL_HIDDEN const cJSON *wl_jws_param(const wallet_jws *jws, size_t i, const char *name);

/* The compact form's "header.payload" span (the JWS Signing Input), for
 * formats that hash it (SD-JWT sd_hash covers the whole token instead). */
WL_HIDDEN const char *wl_jws_text(const wallet_jws *jws, size_t *len);

/* Payload before verification — only for code that must look inside to
 * find the key (e.g. "iss" for issuer metadata); never trust it. */
WL_HIDDEN const uint8_t *wl_jws_unverified_payload(const wallet_jws *jws, size_t *len);

/* Verify with per-call options. `understood_crit` lists header names the
 * caller processes itself (NULL-terminated; may be NULL). */
WL_HIDDEN wallet_err wl_jws_verify(wallet_ctx *ctx, wallet_jws *jws, const wallet_key *key,
                                   wallet_algset allowed, const char *const *understood_crit);

/* Sign compactly with an already-built protected header JSON object text. */
WL_HIDDEN wallet_err wl_jws_sign_compact_hdr(wallet_ctx *ctx, char **out, const wallet_key *key,
                                             wallet_alg alg, const char *header_json,
                                             size_t header_len, const uint8_t *payload,
                                             size_t payload_len);

/* JWE ECDH-ES direct key agreement (RFC 7518 §4.6.2): the content
 * encryption key for `enc` from ECDH(priv, pub) and apu/apv (raw bytes).
 * cek has room for 64 bytes; *cek_len is set. For tests and the bench. */
WL_HIDDEN wallet_err wl_jwe_derive_cek(wallet_ctx *ctx, const wallet_key *priv,
                                       const wallet_key *pub, wallet_jwe_enc enc,
                                       const uint8_t *apu, size_t apu_len, const uint8_t *apv,
                                       size_t apv_len, uint8_t *cek, size_t *cek_len);

#endif /* WL_JOSE_H */
