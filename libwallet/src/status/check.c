/*
 * Status checking inside wallet_verify() (draft §8.3): after the credential
 * itself verified (the Referenced Token's own rules come first, so an
 * expired credential is reported as expired and nothing is fetched), its
 * status is established from the policy's cache (online) or snapshot
 * (offline) and turned into the result.
 */
#include <stdio.h>

#include "../verify/policy.h"
#include "../verify/result_int.h"
#include "status_int.h"

/* Failures that mean "no network to ask": the snapshot may answer instead. */
static int wl_no_network(wallet_err e)
{
    return e == WALLET_ERR_OFFLINE || e == WALLET_ERR_NETWORK || e == WALLET_ERR_HTTP_STATUS;
}

/* Report "the status cannot be established" with the underlying reason. */
static wallet_err wl_unavailable(wallet_ctx *ctx, const char *why)
{
    char detail[WL_ERRMSG_MAX];
    snprintf(detail, sizeof(detail), "%s", ctx ? ctx->errmsg : "");
    return wl_err(ctx, WALLET_ERR_STATUS_UNAVAILABLE, "status cannot be established: %s%s%s",
                  why, *detail ? ": " : "", detail);
}

wallet_err wl_status_check_result(wallet_ctx *ctx, const wallet_trust *trust,
                                  const wallet_policy *policy, wallet_result *r)
{
    wallet_status_cache *cache = policy->status_cache;
    const wallet_status_snapshot *snap = policy->status_snapshot;
    if (!r->status_uri || r->status_idx < 0) {
        if (policy->status_required)
            return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE,
                          "the credential carries no status reference (the policy requires one)");
        return WALLET_OK;
    }
    if (!cache && !snap) {
        if (policy->status_required)
            return wl_err(ctx, WALLET_ERR_STATUS_UNAVAILABLE,
                          "status required but the policy has neither a cache nor a snapshot");
        return WALLET_OK;
    }
    uint64_t idx = (uint64_t)r->status_idx;
    unsigned st = 0;
    wallet_err e;
    if (cache && !(snap && wallet_ctx_offline(ctx))) {
        e = wallet_status_cache_check(ctx, &st, cache, trust, policy->algs, r->status_uri, idx);
        if (e && wl_no_network(e)) {
            if (snap)
                e = wallet_status_snapshot_check(ctx, &st, snap, r->status_uri, idx,
                                                 policy->status_max_age);
            else
                e = wl_unavailable(ctx, wallet_ctx_offline(ctx) ? "offline without a snapshot"
                                                                : "the list could not be fetched");
        }
    } else {
        e = wallet_status_snapshot_check(ctx, &st, snap, r->status_uri, idx,
                                         policy->status_max_age);
    }
    /* An expired list token says nothing about the credential's own
     * expiry: report it as stale status data, not as "expired". */
    if (e == WALLET_ERR_EXPIRED || e == WALLET_ERR_NOT_YET_VALID) {
        char detail[WL_ERRMSG_MAX];
        snprintf(detail, sizeof(detail), "%s", ctx ? ctx->errmsg : "");
        e = wl_err(ctx, WALLET_ERR_STATUS_STALE, "%s", detail);
    }
    if (e)
        return e;
    switch (st) {
    case WALLET_STATUS_VALID:
        r->status_value = (int)st;
        return WALLET_OK;
    case WALLET_STATUS_INVALID:
        return wl_err(ctx, WALLET_ERR_REVOKED, "the status list says the credential is revoked");
    case WALLET_STATUS_SUSPENDED:
        return wl_err(ctx, WALLET_ERR_SUSPENDED,
                      "the status list says the credential is suspended");
    default:
        return wl_err(ctx, WALLET_ERR_STATUS_OTHER, "the status list gives status 0x%02X (%s)",
                      st, wallet_status_name(st));
    }
}
