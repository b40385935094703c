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

#endif /* WL_TRUST_INT_H */
