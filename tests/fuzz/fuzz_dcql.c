/*
 * Fuzz target: DCQL query parsing (wallet_dcql_parse) and matching against
 * a fixed set of candidates (SD-JWT VC and mdoc, with and without holder
 * binding and authority data).
 *
 * Properties: a failed parse leaves no object and records its code; the
 * normalised JSON of a parsed query parses again to the same normalised
 * JSON; accessors are safe for every index; matching always succeeds on a
 * parsed query; the result is consistent (selections within matches,
 * nothing selected when unsatisfied, the check agrees with "satisfied",
 * "disclose" is the join of the CLI paths) and its JSON is strict JSON.
 */
#include "core/json.h"
#include "fuzz_common.h"
#include "wallet/dcql.h"

#define VCT "https://credentials.example.com/identity_credential"

static const char PERSON[] =
    "{\"given_name\":\"Arthur\",\"family_name\":\"Doe\",\"age\":42,\"age_over_18\":true,"
    "\"middle_name\":null,\"postal_code\":\"90210\",\"locality\":\"M\",\"region\":\"R\","
    "\"date_of_birth\":\"1978-03-08\",\"address\":{\"street_address\":\"42 Market Street\","
    "\"locality\":\"Milliways\",\"postal_code\":\"12345\"},"
    "\"degrees\":[{\"type\":\"BSc\"},{\"type\":\"MSc\"}],\"nationalities\":[\"British\",\"X\"],"
    "\"mixed\":[{\"type\":\"a\"},\"plain\",[1,[2,[3]]]],\"dotted.name\":\"x\",\"2024\":\"y\"}";

static const char MDL[] =
    "{\"org.iso.18013.5.1\":{\"given_name\":\"Arthur\",\"family_name\":\"Dent\","
    "\"portrait\":\"AAEC\",\"age_over_18\":true,\"resident_address\":\"x\","
    "\"resident_country\":\"VN\"},\"org.iso.7367.1\":{\"vehicle_holder\":\"Arthur\"}}";

static wallet_dcql_candidates *fz_candidates(wallet_ctx *ctx)
{
    wallet_dcql_candidates *c = NULL;
    FZ_CHECK(wallet_dcql_candidates_new(ctx, &c) == WALLET_OK);
    FZ_CHECK(wallet_dcql_candidates_add(ctx, c, "pid", WALLET_DCQL_FORMAT_SD_JWT, VCT, PERSON,
                                        strlen(PERSON), WALLET_DCQL_HOLDER_BINDING) == WALLET_OK);
    FZ_CHECK(wallet_dcql_candidates_add(ctx, c, "pid-unbound", WALLET_DCQL_FORMAT_SD_JWT, VCT,
                                        PERSON, strlen(PERSON), 0) == WALLET_OK);
    FZ_CHECK(wallet_dcql_candidates_add(ctx, c, "mdl", WALLET_DCQL_FORMAT_MDOC,
                                        "org.iso.18013.5.1.mDL", MDL, strlen(MDL),
                                        WALLET_DCQL_HOLDER_BINDING) == WALLET_OK);
    FZ_CHECK(wallet_dcql_candidates_add(ctx, c, "photo", WALLET_DCQL_FORMAT_MDOC,
                                        "org.iso.23220.photoid.1", MDL, strlen(MDL),
                                        WALLET_DCQL_HOLDER_BINDING) == WALLET_OK);
    FZ_CHECK(wallet_dcql_candidates_add_authority(ctx, c, "pid", "aki",
                                                  "s9tIpPmhxdiuNkHMEWNpYim8S8Y") == WALLET_OK);
    return c;
}

static void fz_query_accessors(const wallet_dcql *q)
{
    size_t n = wallet_dcql_credential_count(q);
    FZ_CHECK(n >= 1 && n <= WALLET_DCQL_MAX_CREDENTIALS);
    for (size_t i = 0; i <= n; i++) {
        const char *id = wallet_dcql_credential_id(q, i);
        FZ_CHECK((i < n) == (id != NULL));
        if (i == n)
            continue;
        FZ_CHECK(wallet_dcql_credential_format_name(q, i) != NULL);
        FZ_CHECK(wallet_dcql_credential_multiple(q, i) >= 0);
        FZ_CHECK(wallet_dcql_credential_holder_binding(q, i) >= 0);
        for (size_t j = 0; j < wallet_dcql_credential_type_count(q, i); j++)
            FZ_CHECK(wallet_dcql_credential_type(q, i, j) != NULL);
        size_t m = wallet_dcql_claim_count(q, i);
        for (size_t k = 0; k <= m; k++) {
            const char *p = wallet_dcql_claim_path_json(q, i, k);
            FZ_CHECK((k < m) == (p != NULL));
            (void)wallet_dcql_claim_id(q, i, k);
            (void)wallet_dcql_claim_values_json(q, i, k);
            (void)wallet_dcql_claim_intent_to_retain(q, i, k);
        }
    }
    for (size_t s = 0; s <= wallet_dcql_credential_set_count(q); s++) {
        (void)wallet_dcql_credential_set_required(q, s);
        (void)wallet_dcql_credential_set_purpose_json(q, s);
    }
}

static void fz_result(wallet_ctx *ctx, const wallet_dcql_result *r, const wallet_dcql *q)
{
    size_t n = wallet_dcql_result_query_count(r);
    FZ_CHECK(n == wallet_dcql_credential_count(q));
    int sat = wallet_dcql_result_satisfied(r);
    FZ_CHECK((wallet_dcql_result_check(ctx, r) == WALLET_OK) == (sat == 1));
    for (size_t i = 0; i < n; i++) {
        size_t m = wallet_dcql_result_match_count(r, i);
        size_t sel = wallet_dcql_result_selected_count(r, i);
        FZ_CHECK(sel <= m && (sat || sel == 0));
        FZ_CHECK(!strcmp(wallet_dcql_result_query_id(r, i), wallet_dcql_credential_id(q, i)));
        for (size_t j = 0; j < m; j++) {
            FZ_CHECK(wallet_dcql_result_match_candidate(r, i, j) != NULL);
            const char *d = wallet_dcql_result_disclose(r, i, j);
            size_t c = wallet_dcql_result_claim_count(r, i, j), used = 0;
            int all_text = 1;
            for (size_t k = 0; k < c; k++) {
                const char *t = wallet_dcql_result_claim_path(r, i, j, k);
                FZ_CHECK(wallet_dcql_result_claim_path_json(r, i, j, k) != NULL);
                if (!t) {
                    all_text = 0;
                    continue;
                }
                if (d && all_text) {
                    size_t tl = strlen(t);
                    FZ_CHECK(!strncmp(d + used, t, tl));
                    used += tl;
                    FZ_CHECK(d[used] == (k + 1 < c ? ',' : '\0'));
                    used += k + 1 < c;
                }
            }
            FZ_CHECK((d != NULL) == all_text);
        }
    }
    char *json = NULL;
    FZ_CHECK(wallet_dcql_result_to_json(ctx, &json, r) == WALLET_OK);
    cJSON *root = NULL;
    FZ_CHECK(wl_json_parse(ctx, &root, json, strlen(json)) == WALLET_OK);
    cJSON_Delete(root);
    wallet_free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wallet_dcql_candidates *cands;
    wallet_ctx *ctx = fz_ctx();
    if (!cands)
        cands = fz_candidates(ctx); /* kept for the process lifetime */

    wallet_dcql *q = NULL;
    wallet_err e = wallet_dcql_parse(ctx, &q, (const char *)data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(q == NULL && wallet_ctx_errcode(ctx) == e);
        wallet_ctx_free(ctx);
        return 0;
    }
    fz_query_accessors(q);

    /* Normalised JSON is a fixed point. */
    char *j1 = NULL, *j2 = NULL;
    wallet_dcql *q2 = NULL;
    FZ_CHECK(wallet_dcql_to_json(ctx, &j1, q) == WALLET_OK);
    e = wallet_dcql_parse(ctx, &q2, j1, strlen(j1));
    if (e != WALLET_OK) {
        fprintf(stderr, "re-parse: %s: %s\n%s\n", wallet_err_name(e), wallet_ctx_errmsg(ctx), j1);
        FZ_CHECK(e == WALLET_OK);
    }
    FZ_CHECK(wallet_dcql_to_json(ctx, &j2, q2) == WALLET_OK);
    FZ_CHECK(!strcmp(j1, j2));
    wallet_free(j1);
    wallet_free(j2);
    wallet_dcql_free(q2);

    wallet_dcql_result *r = NULL;
    FZ_CHECK(wallet_dcql_match(ctx, &r, q, cands) == WALLET_OK && r != NULL);
    fz_result(ctx, r, q);
    wallet_dcql_result_free(r);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
    return 0;
}
