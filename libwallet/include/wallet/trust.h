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

/* Load a directory (not recursive): "*.issuer.json" files as JWT VC Issuer
 * Metadata (wallet_trust_add_issuer_metadata), other "*.jwk" and "*.json"
 * files as JWK / JWK Set, "*.pem" and "*.crt" as certificates with
 * automatic roles. Other files are ignored. A file that fails to load stops the load with its
 * error (the detail names the file). */
WALLET_EXPORT wallet_err wallet_trust_load_dir(wallet_ctx *ctx, wallet_trust *trust,
                                               const char *path);

/*
 * Issuers trusted by identifier (SD-JWT VC §3, JWT VC Issuer Metadata).
 * A credential whose "iss" is such an issuer (and that carries no "x5c")
 * is verified with the keys of the issuer's metadata, published at
 * https://<host>/.well-known/jwt-vc-issuer<path of iss> and holding a JWK
 * Set by value ("jwks") or by reference ("jwks_uri"). Only these issuers'
 * metadata is ever fetched, over HTTPS through the context's HTTP limits
 * (timeout, size cap, no redirects).
 *
 * Fetched metadata is cached in the trust set (thread-safe) for its HTTP
 * Cache-Control max-age (default 3600 s, at most 7 days) and fetched again
 * once stale. When a fetch is impossible — the context is offline
 * (wallet_ctx_set_offline) or the network fails — a stale cached copy is
 * used; without one the verification fails with WALLET_ERR_OFFLINE (or the
 * network error).
 */

/* Trust the issuer identified by `iss`: an https URL without query or
 * fragment (WALLET_ERR_INSECURE_URL otherwise; plain http only to loopback,
 * for tests). Its keys are fetched on first use. */
WALLET_EXPORT wallet_err wallet_trust_add_issuer(wallet_ctx *ctx, wallet_trust *trust,
                                                 const char *iss);

/* Trust an issuer with its JWT VC Issuer Metadata given here (a JSON object
 * {"issuer": ..., "jwks": {...}} or {"issuer": ..., "jwks_uri": ...}), e.g.
 * saved earlier with wallet_trust_issuer_metadata_json(), for offline
 * verifiers and pinned deployments: metadata given here is used as is and
 * never replaced by a fetch (a "jwks_uri" is still fetched, and cached, when
 * the keys are first needed). Malformed metadata (not exactly one of jwks
 * / jwks_uri, no usable key, an insecure URL) is
 * WALLET_ERR_SDJWT_ISSUER_METADATA. Replaces what the set held for the
 * issuer. wallet_trust_load_dir() loads "*.issuer.json" files with this. */
WALLET_EXPORT wallet_err wallet_trust_add_issuer_metadata(wallet_ctx *ctx, wallet_trust *trust,
                                                          const char *json, size_t len);

/* The metadata currently held for issuer `iss`, with its keys by value:
 * {"issuer": ..., "jwks": {"keys": [...]}} (release with wallet_free()), to
 * be saved and loaded later with wallet_trust_add_issuer_metadata().
 * WALLET_ERR_NOT_FOUND when the issuer is not trusted or its keys were
 * never fetched. */
WALLET_EXPORT wallet_err wallet_trust_issuer_metadata_json(wallet_ctx *ctx, char **out,
                                                           const wallet_trust *trust,
                                                           const char *iss);

/* Number of issuers trusted by identifier. */
WALLET_EXPORT size_t wallet_trust_issuer_count(const wallet_trust *trust);

WALLET_EXPORT size_t wallet_trust_key_count(const wallet_trust *trust);
WALLET_EXPORT size_t wallet_trust_cert_count(const wallet_trust *trust, wallet_trust_role role);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_TRUST_H */
