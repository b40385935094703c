/*
 * libwallet — what a verifier trusts.
 *
 * One wallet_trust serves every format: issuer public keys (JWK / JWK Set,
 * looked up by kid), X.509 trust anchors (IACA roots for mdoc, CSCA-style
 * roots for x5c chains) and directly trusted signer certificates (e.g. EU
 * DCC document signer certificates looked up by their kid). Build it once,
 * then share it read-only between threads and contexts.
 */
#ifndef WALLET_TRUST_H
#define WALLET_TRUST_H

#include "x509.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_trust wallet_trust;

/* Roles of a trusted certificate. */
typedef enum wallet_trust_role {
    /* A trust anchor: chains (x5c, x5chain) must end at one of these. */
    WALLET_TRUST_ROOT = 1,
    /* A signer trusted directly, without a chain (its own validity still
     * applies). */
    WALLET_TRUST_SIGNER = 2
} wallet_trust_role;

WALLET_EXPORT wallet_err wallet_trust_new(wallet_ctx *ctx, wallet_trust **out);
WALLET_EXPORT void wallet_trust_free(wallet_trust *trust);

/* Trust a public key (the trust set keeps its own reference; the caller may
 * free `key` afterwards). Only the public half is used. */
WALLET_EXPORT wallet_err wallet_trust_add_key(wallet_ctx *ctx, wallet_trust *trust,
                                              const wallet_key *key);

/* Trust every key of a JWK or a JWK Set ({"keys": [...]}) text. A key in a
 * set that libwallet cannot use (e.g. "kty": "oct", or "use" other than
 * "sig", RFC 7517 §4.2) is skipped and logged; a set with no usable key
 * (and a single unusable JWK) is WALLET_ERR_JWK. */
WALLET_EXPORT wallet_err wallet_trust_add_jwks(wallet_ctx *ctx, wallet_trust *trust,
                                               const char *json, size_t len);

/* Trust a certificate in `role`. */
WALLET_EXPORT wallet_err wallet_trust_add_cert(wallet_ctx *ctx, wallet_trust *trust,
                                               const wallet_cert *cert, wallet_trust_role role);

/* Trust every certificate of a PEM text. Role 0 means automatic: a
 * self-signed CA certificate becomes a ROOT, anything else a SIGNER. */
WALLET_EXPORT wallet_err wallet_trust_add_pem(wallet_ctx *ctx, wallet_trust *trust,
                                              const char *pem, size_t len,
                                              wallet_trust_role role);

/* Load a directory (not recursive): "*.jwk" and "*.json" files as JWK /
 * JWK Set, "*.pem" and "*.crt" as certificates with automatic roles. Other
 * files are ignored. A file that fails to load stops the load with its
 * error (the detail names the file). */
WALLET_EXPORT wallet_err wallet_trust_load_dir(wallet_ctx *ctx, wallet_trust *trust,
                                               const char *path);

WALLET_EXPORT size_t wallet_trust_key_count(const wallet_trust *trust);
WALLET_EXPORT size_t wallet_trust_cert_count(const wallet_trust *trust, wallet_trust_role role);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_TRUST_H */
