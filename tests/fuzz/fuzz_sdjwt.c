/*
 * Fuzz target: SD-JWT / SD-JWT+KB, compact and JSON serializations —
 * wallet_sdjwt_verify() (split, Disclosures, digests, processing, KB-JWT),
 * wallet_verify()'s detection, and the holder side (wallet_sdjwt_parse,
 * listing, presenting).
 *
 * Trusted: the fixed fuzz key and the SD-JWT drafts' example issuer key
 * (RFC 9901 Appendix A.5, also under the kids its examples use), so that the
 * vector tokens and the seeds made by make_sdjwt_seeds.sh verify and the
 * fuzzer reaches the code behind the signatures. The clock is 2027-01-15,
 * inside the examples' validity, with KB-JWTs accepted for ten years.
 *
 * Properties: a result always comes back and agrees with the return value;
 * an invalid result carries nothing; a valid result's claims are a JSON
 * object with no "_sd", "_sd_alg" or {"...": } left anywhere; the holder's
 * parse lists a path and a value for every Disclosure; presenting every
 * Disclosure gives an SD-JWT with the same claims, presenting none gives
 * one without Disclosures.
 */
#include "core/json.h"
#include "fuzz_common.h"

#define SD_FUZZ_NOW ((int64_t)1800000000)

static const char *const a5_jwks =
    "{\"keys\":["
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ\","
    "\"y\":\"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8\"},"
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ\","
    "\"y\":\"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8\",\"kid\":\"issuer-key-1\"},"
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ\","
    "\"y\":\"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8\",\"kid\":\"doc-signer-05-25-2022\"}]}";

static const wallet_trust *fz_trust(void)
{
    static wallet_trust *trust;
    if (!trust) {
        wallet_ctx *ctx = fz_ctx();
        if (wallet_trust_new(ctx, &trust) || wallet_trust_add_key(ctx, trust, fz_fixed_key()) ||
            wallet_trust_add_jwks(ctx, trust, a5_jwks, strlen(a5_jwks))) {
            fprintf(stderr, "fuzz: trust: %s\n", wallet_ctx_errmsg(ctx));
            abort();
        }
        wallet_ctx_free(ctx);
    }
    return trust;
}

static const wallet_policy *fz_policy(void)
{
    static wallet_policy *p;
    if (!p) {
        static const char *const types[] = {"dc+sd-jwt", "vc+sd-jwt", "example+sd-jwt",
                                            "testcase+sd-jwt"};
        if (wallet_policy_new(NULL, &p) || wallet_policy_set_sdjwt_types(NULL, p, types, 4) ||
            wallet_policy_set_kb_max_age(NULL, p, 10 * 365 * 86400))
            abort();
    }
    return p;
}

/* No digest placeholder survives processing. */
static int fz_clean(const cJSON *v)
{
    if (cJSON_IsObject(v)) {
        if (wl_json_get(v, "_sd") || wl_json_get(v, "_sd_alg") || wl_json_get(v, "..."))
            return 0;
    }
    for (const cJSON *c = v ? v->child : NULL; c; c = c->next)
        if (!fz_clean(c))
            return 0;
    return 1;
}

static void fz_check_result(wallet_ctx *ctx, wallet_err e, const wallet_result *r)
{
    FZ_CHECK(r != NULL);
    FZ_CHECK(wallet_result_error(r) == e);
    if (e != WALLET_OK) {
        FZ_CHECK(wallet_result_claims_json(r) == NULL && wallet_result_issuer(r) == NULL &&
                 wallet_result_holder_key(r) == NULL && wallet_result_type(r) == NULL);
        return;
    }
    const char *claims = wallet_result_claims_json(r);
    FZ_CHECK(claims != NULL);
    cJSON *c = NULL;
    FZ_CHECK(wl_json_parse_object(ctx, &c, claims, strlen(claims)) == WALLET_OK);
    /* Processed SD-JWT claims keep no digest (a plain JWS is another format). */
    if (!strcmp(wallet_result_format(r), "dc+sd-jwt"))
        FZ_CHECK(fz_clean(c));
    cJSON_Delete(c);
    char *json = NULL;
    FZ_CHECK(wallet_result_to_json(ctx, &json, r) == WALLET_OK);
    wallet_free(json);
}

static void fz_holder(wallet_ctx *ctx, const char *text, size_t size)
{
    wallet_sdjwt *held = NULL;
    if (wallet_sdjwt_parse(ctx, &held, text, size) != WALLET_OK) {
        FZ_CHECK(held == NULL);
        return;
    }
    size_t n = wallet_sdjwt_disclosure_count(held);
    const char **paths = calloc(n + 1, sizeof(*paths));
    FZ_CHECK(paths != NULL);
    for (size_t i = 0; i < n; i++) {
        paths[i] = wallet_sdjwt_disclosure_path(held, i);
        FZ_CHECK(paths[i] != NULL && wallet_sdjwt_disclosure_value_json(held, i) != NULL);
    }
    FZ_CHECK(wallet_sdjwt_disclosure_path(held, n) == NULL);
    const char *claims = wallet_sdjwt_claims_json(held);
    FZ_CHECK(claims != NULL);

    /* Every Disclosure presented: the same claims. (A path may fail to
     * resolve only if claim names repeat across levels in odd ways; then
     * NOT_FOUND is the answer, never a crash.) */
    char *all = NULL;
    wallet_err e = wallet_sdjwt_present(ctx, &all, held, paths, n, NULL, NULL, NULL, WALLET_SDJWT_EXACT);
    if (e == WALLET_OK) {
        wallet_sdjwt *again = NULL;
        FZ_CHECK(wallet_sdjwt_parse(ctx, &again, all, strlen(all)) == WALLET_OK);
        FZ_CHECK(wallet_sdjwt_disclosure_count(again) == n);
        FZ_CHECK(strcmp(wallet_sdjwt_claims_json(again), claims) == 0);
        wallet_sdjwt_free(again);
    } else {
        FZ_CHECK(all == NULL && (e == WALLET_ERR_NOT_FOUND || e == WALLET_ERR_INVALID_ARG ||
                                 e == WALLET_ERR_NOMEM || e == WALLET_ERR_TOO_LARGE));
    }
    wallet_free(all);

    /* Nothing presented: no Disclosure at all. */
    char *none = NULL;
    FZ_CHECK(wallet_sdjwt_present(ctx, &none, held, NULL, 0, NULL, NULL, NULL, 0) == WALLET_OK);
    wallet_sdjwt *bare = NULL;
    FZ_CHECK(wallet_sdjwt_parse(ctx, &bare, none, strlen(none)) == WALLET_OK);
    FZ_CHECK(wallet_sdjwt_disclosure_count(bare) == 0);
    wallet_sdjwt_free(bare);
    wallet_free(none);
    free(paths);
    wallet_sdjwt_free(held);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wallet_ctx_set_time(ctx, SD_FUZZ_NOW);
    const wallet_trust *trust = fz_trust();
    const wallet_policy *policy = fz_policy();

    wallet_result *r = NULL;
    wallet_err e = wallet_sdjwt_verify(ctx, &r, trust, policy, (const char *)data, size);
    fz_check_result(ctx, e, r);
    if (e == WALLET_OK)
        FZ_CHECK(!strcmp(wallet_result_format(r), "dc+sd-jwt"));
    wallet_result_free(r);

    r = NULL;
    e = wallet_verify(ctx, &r, trust, policy, data, size);
    if (r)
        fz_check_result(ctx, e, r);
    wallet_result_free(r);

    fz_holder(ctx, (const char *)data, size);
    wallet_ctx_free(ctx);
    return 0;
}
