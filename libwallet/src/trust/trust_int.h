/*
 * Internal trust interface: what formats use to find and check an issuer's
 * key. Each verify function resolves the key (x5c / x5chain chained to a
 * trusted root, else kid, else every trusted key that fits the algorithm),
 * verifies the signature, and on success returns the key that verified it
 * (a new reference) and the leaf certificate when a chain was used.
 */
#ifndef WL_TRUST_INT_H
#define WL_TRUST_INT_H

#include "../core/internal.h"
#include "wallet/cose.h"
#include "wallet/jws.h"
#include "wallet/trust.h"

/* A number that changes whenever the trust set changes and is never
 * shared by two trust sets (for caches of verification results). */
WL_HIDDEN uint64_t wl_trust_generation(const wallet_trust *t);

WL_HIDDEN const wallet_key *const *wl_trust_keys(const wallet_trust *t, size_t *n);
WL_HIDDEN const wallet_cert *const *wl_trust_roots(const wallet_trust *t, size_t *n);
WL_HIDDEN const wallet_cert *const *wl_trust_signers(const wallet_trust *t, size_t *n);

/* Trusted certificates (signers first, then roots: a self-signed signer
 * certificate is loaded as a root) whose SHA-256 over the DER starts with
 * `prefix` (EU DCC kid: the first 8 bytes). Fills out[0..max) and returns
 * how many matched in all (which may exceed max). */
WL_HIDDEN size_t wl_trust_certs_by_sha256_prefix(const wallet_trust *t, const uint8_t *prefix,
                                                 size_t prefix_len, const wallet_cert **out,
                                                 size_t max);

/* Verify a chain given as DER certificates (leaf first) to the trusted
 * roots at the context's time; on success *leaf is the parsed leaf. */
WL_HIDDEN wallet_err wl_trust_verify_chain_der(wallet_ctx *ctx, const wallet_trust *t,
                                               const uint8_t *const *der, const size_t *len,
                                               size_t n, wallet_cert **leaf);

WL_HIDDEN wallet_err wl_trust_verify_jws(wallet_ctx *ctx, const wallet_trust *t, wallet_jws *jws,
                                         wallet_algset algs, wallet_key **key, wallet_cert **cert);

WL_HIDDEN wallet_err wl_trust_verify_cose_sign1(wallet_ctx *ctx, const wallet_trust *t,
                                                wallet_cose_sign1 *msg, wallet_algset algs,
                                                const uint8_t *aad, size_t aad_len,
                                                const uint8_t *detached, size_t detached_len,
                                                wallet_key **key, wallet_cert **cert);

/* ---- Issuers trusted by identifier (issuer_meta.c) ------------------------
 * JWT VC Issuer Metadata (SD-JWT VC §3): the issuers, their keys, and the
 * cache of fetched metadata. The set is owned by the trust object and has
 * its own lock, so that a trust set shared read-only between threads can
 * still fill its cache. */
typedef struct wl_issuer_set wl_issuer_set;

WL_HIDDEN wl_issuer_set *wl_issuer_set_new(void);
WL_HIDDEN void wl_issuer_set_free(wl_issuer_set *s);
WL_HIDDEN wl_issuer_set *wl_trust_issuers(const wallet_trust *t);

/* 1 if `iss` is an issuer trusted by identifier. */
WL_HIDDEN int wl_trust_issuer_known(const wallet_trust *t, const char *iss);

/* Verify a JWS with the keys of trusted issuer `iss` (by the JWS "kid", else
 * every key that fits the algorithm), fetching or refreshing its metadata
 * as needed. On success *key is a new reference to the key that verified. */
WL_HIDDEN wallet_err wl_trust_verify_jws_issuer(wallet_ctx *ctx, const wallet_trust *t,
                                                wallet_jws *jws, wallet_algset algs,
                                                const char *iss, wallet_key **key);

/* The JWT VC Issuer Metadata URL of `iss` (SD-JWT VC §3.1): malloc'ed. */
WL_HIDDEN wallet_err wl_issuer_metadata_url(wallet_ctx *ctx, const char *iss, char **url);

#endif /* WL_TRUST_INT_H */
