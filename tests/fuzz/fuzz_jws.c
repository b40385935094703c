/*
 * Fuzz target: JWS parsing (compact, flattened and general JSON
 * serializations) and verification against the fixed P-256 key.
 *
 * Properties: accessors are safe for every index; nothing is released
 * before verification (payload NULL, verified index -1); after a successful
 * verification the payload is there and the verified index is in range;
 * after a failed one still nothing is released.
 */
#include "core/json.h"
#include "fuzz_common.h"
#include "jose/jose.h"

static void fz_accessors(const wallet_jws *jws)
{
    size_t n = wallet_jws_signature_count(jws);
    FZ_CHECK(n >= 1);
    for (size_t i = 0; i <= n; i++) {
        const char *hdr = wallet_jws_header_json(jws, i);
        const char *kid = wallet_jws_kid(jws, i);
        wallet_alg alg = wallet_jws_alg(jws, i);
        if (i == n) {
            FZ_CHECK(hdr == NULL && kid == NULL && alg == WALLET_ALG_NONE);
            FZ_CHECK(wl_jws_protected(jws, i) == NULL && wl_jws_param(jws, i, "alg") == NULL);
            continue;
        }
        if (hdr)
            (void)strlen(hdr);
        if (kid)
            (void)strlen(kid);
        FZ_CHECK(wallet_alg_name(alg) != NULL || alg == WALLET_ALG_NONE);
        (void)wl_jws_protected(jws, i);
        (void)wl_jws_unprotected(jws, i);
        (void)wl_jws_param(jws, i, "typ");
    }
    size_t len = 0;
    const char *text = wl_jws_text(jws, &len);
    FZ_CHECK(text != NULL || len == 0);
    const uint8_t *p = wl_jws_unverified_payload(jws, &len);
    FZ_CHECK(p != NULL || len == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const wallet_key *key = fz_fixed_key();
    wallet_ctx *ctx = fz_ctx();

    wallet_jws *jws = NULL;
    wallet_err e = wallet_jws_parse(ctx, &jws, (const char *)data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(jws == NULL);
        wallet_ctx_free(ctx);
        return 0;
    }
    FZ_CHECK(jws != NULL);
    fz_accessors(jws);

    size_t plen = 1;
    FZ_CHECK(wallet_jws_payload(jws, &plen) == NULL && plen == 0);
    FZ_CHECK(wallet_jws_verified_index(jws) == (size_t)-1);

    /* A detached payload is accepted only when the payload is empty. */
    (void)wallet_jws_set_detached_payload(ctx, jws, (const uint8_t *)FZ_DETACHED,
                                          strlen(FZ_DETACHED));

    e = wallet_jws_verify(ctx, jws, key, WALLET_ALGSET_ALL);
    size_t idx = wallet_jws_verified_index(jws);
    const uint8_t *payload = wallet_jws_payload(jws, &plen);
    if (e == WALLET_OK) {
        FZ_CHECK(idx < wallet_jws_signature_count(jws));
        FZ_CHECK(payload != NULL && payload[plen] == 0);
        FZ_CHECK(wallet_jws_alg(jws, idx) == WALLET_ALG_ES256);
    } else {
        FZ_CHECK(idx == (size_t)-1 && payload == NULL && plen == 0);
        FZ_CHECK(wallet_ctx_errcode(ctx) == e);
        /* A restricted allow-list never turns a failure into a success. */
        e = wallet_jws_verify(ctx, jws, key, WALLET_ALGSET(WALLET_ALG_ES256));
        FZ_CHECK(e != WALLET_OK);
    }
    wallet_jws_free(jws);
    wallet_ctx_free(ctx);
    return 0;
}
