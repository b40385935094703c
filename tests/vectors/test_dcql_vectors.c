/*
 * DCQL vectors: every DCQL query of OpenID4VP 1.0 (the seven query_lang
 * examples of §6 / Appendix D, the two W3C-format request examples, and the
 * queries inside the spec's inline JSON request examples) parses, survives
 * wallet_dcql_to_json() -> wallet_dcql_parse() unchanged, and evaluates as
 * the specification's prose says over hand-made candidate sets (with one
 * documented disagreement: claims_alternatives, see
 * vectors/oid4vp-oid4vci/README.md).
 */
#include <cjson/cJSON.h>

#include "testutil.h"

#define QL "oid4vp-oid4vci/oid4vp/1.0/examples/query_lang/"
#define REQ "oid4vp-oid4vci/oid4vp/1.0/examples/request/"
#define INLINE "oid4vp-oid4vci/oid4vp/inline-json-from-spec.json"

#define VCT_ID "https://credentials.example.com/identity_credential"
#define SD WALLET_DCQL_FORMAT_SD_JWT
#define MDOC WALLET_DCQL_FORMAT_MDOC
#define HB WALLET_DCQL_HOLDER_BINDING

static int parsed, evaluated;

static wallet_dcql *load(wallet_ctx *ctx, const char *rel)
{
    size_t n = 0;
    char *t = (char *)tu_vector(rel, &n);
    wallet_dcql *q = NULL;
    tu_assert_ok(ctx, wallet_dcql_parse(ctx, &q, t, n));
    /* Normalised JSON parses again to the same normalised JSON. */
    char *j1 = NULL, *j2 = NULL;
    wallet_dcql *q2 = NULL;
    tu_assert_ok(ctx, wallet_dcql_to_json(ctx, &j1, q));
    tu_assert_ok(ctx, wallet_dcql_parse(ctx, &q2, j1, strlen(j1)));
    tu_assert_ok(ctx, wallet_dcql_to_json(ctx, &j2, q2));
    assert_string_equal(j1, j2);
    wallet_free(j1);
    wallet_free(j2);
    wallet_dcql_free(q2);
    free(t);
    parsed++;
    return q;
}

static wallet_dcql_candidates *cands(wallet_ctx *ctx)
{
    wallet_dcql_candidates *c = NULL;
    tu_assert_ok(ctx, wallet_dcql_candidates_new(ctx, &c));
    return c;
}

static void add(wallet_ctx *ctx, wallet_dcql_candidates *c, const char *id, wallet_dcql_format f,
                const char *type, const char *claims)
{
    tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, id, f, type, claims, strlen(claims), HB));
}

static wallet_dcql_result *run(wallet_ctx *ctx, const wallet_dcql *q,
                               const wallet_dcql_candidates *c)
{
    wallet_dcql_result *r = NULL;
    tu_assert_ok(ctx, wallet_dcql_match(ctx, &r, q, c));
    evaluated++;
    return r;
}

/* Index of query `id` in the result. */
static size_t qi(const wallet_dcql_result *r, const char *id)
{
    for (size_t i = 0; i < wallet_dcql_result_query_count(r); i++)
        if (!strcmp(wallet_dcql_result_query_id(r, i), id))
            return i;
    fail_msg("no query %s", id);
    return 0;
}

/* Query `id` selected with its first candidate `cand` disclosing `disclose`. */
static void expect_sel(const wallet_dcql_result *r, const char *id, const char *cand,
                       const char *disclose)
{
    size_t i = qi(r, id);
    assert_int_equal(wallet_dcql_result_selected_count(r, i), 1);
    assert_string_equal(wallet_dcql_result_match_candidate(r, i, 0), cand);
    assert_string_equal(wallet_dcql_result_disclose(r, i, 0), disclose);
}

static void expect_unselected(const wallet_dcql_result *r, const char *id)
{
    assert_int_equal(wallet_dcql_result_selected_count(r, qi(r, id)), 0);
}

static const char PID_FULL[] =
    "{\"given_name\":\"Arthur\",\"family_name\":\"Dent\",\"birthdate\":\"1978-03-08\","
    "\"address\":{\"street_address\":\"42 Market Street\",\"locality\":\"Milliways\","
    "\"postal_code\":\"12345\"},\"nationalities\":[\"British\",\"Betelgeusian\"]}";

static void test_simple(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "simple.json");
    assert_int_equal(wallet_dcql_credential_count(q), 1);
    assert_string_equal(wallet_dcql_credential_id(q, 0), "my_credential");
    assert_int_equal(wallet_dcql_credential_format(q, 0), SD);
    assert_string_equal(wallet_dcql_credential_type(q, 0, 0), VCT_ID);
    assert_int_equal(wallet_dcql_credential_multiple(q, 0), 0);
    assert_int_equal(wallet_dcql_credential_holder_binding(q, 0), 1);
    assert_int_equal(wallet_dcql_claim_count(q, 0), 3);
    assert_string_equal(wallet_dcql_claim_path_json(q, 0, 2), "[\"address\",\"street_address\"]");

    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "other-type", SD, "https://example.com/other", PID_FULL);
    add(ctx, c, "pid-1", SD, VCT_ID, PID_FULL);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    expect_sel(r, "my_credential", "pid-1", "family_name,given_name,address.street_address");
    assert_int_equal(wallet_dcql_result_match_count(r, 0), 1);
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Negative: the credential lacks address.street_address. */
    c = cands(ctx);
    add(ctx, c, "pid-2", SD, VCT_ID, "{\"given_name\":\"A\",\"family_name\":\"D\",\"address\":{}}");
    r = run(ctx, q, c);
    assert_false(wallet_dcql_result_satisfied(r));
    tu_assert_err(ctx, wallet_dcql_result_check(ctx, r), WALLET_ERR_DCQL_UNSATISFIED);
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static const char MVRC[] = "{\"org.iso.7367.1\":{\"vehicle_holder\":\"Arthur Dent\",\"reg\":\"X1\"},"
                           "\"org.iso.18013.5.1\":{\"given_name\":\"Arthur\"}}";

static void test_simple_mdoc(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "simple_mdoc.json");
    assert_int_equal(wallet_dcql_credential_format(q, 0), MDOC);
    assert_string_equal(wallet_dcql_credential_type(q, 0, 0), "org.iso.7367.1.mVRC");
    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "mdl", MDOC, "org.iso.18013.5.1.mDL", MVRC);
    add(ctx, c, "mvrc", MDOC, "org.iso.7367.1.mVRC", MVRC);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    expect_sel(r, "my_credential", "mvrc",
               "org.iso.7367.1/vehicle_holder,org.iso.18013.5.1/given_name");
    assert_string_equal(wallet_dcql_result_claim_path_json(r, 0, 0, 0),
                        "[\"org.iso.7367.1\",\"vehicle_holder\"]");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Negative: the element is in another namespace. */
    c = cands(ctx);
    add(ctx, c, "mvrc", MDOC, "org.iso.7367.1.mVRC",
        "{\"org.iso.7367.1\":{\"vehicle_holder\":\"A\",\"given_name\":\"A\"}}");
    r = run(ctx, q, c);
    assert_false(wallet_dcql_result_satisfied(r));
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_multi_credentials(void **state)
{
    /* "requests multiple Verifiable Credentials; all of them must be returned" */
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "multi_credentials.json");
    assert_int_equal(wallet_dcql_credential_count(q), 2);
    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "pid", SD, VCT_ID, PID_FULL);
    add(ctx, c, "mvrc", MDOC, "org.iso.7367.1.mVRC", MVRC);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    expect_sel(r, "pid", "pid", "given_name,family_name,address.street_address");
    expect_sel(r, "mdl", "mvrc", "org.iso.7367.1/vehicle_holder,org.iso.18013.5.1/given_name");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Negative: without the mVRC nothing is returned, not even the PID. */
    c = cands(ctx);
    add(ctx, c, "pid", SD, VCT_ID, PID_FULL);
    r = run(ctx, q, c);
    assert_false(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_match_count(r, qi(r, "pid")), 1);
    expect_unselected(r, "pid");
    expect_unselected(r, "mdl");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_credentials_alternatives(void **state)
{
    /* "pid, or other_pid, or both pid_reduced_cred_1 and pid_reduced_cred_2.
     * Additionally, the nice_to_have Credential may optionally be delivered." */
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "credentials_alternatives.json");
    assert_int_equal(wallet_dcql_credential_set_count(q), 2);
    assert_int_equal(wallet_dcql_credential_set_required(q, 0), 1);
    assert_int_equal(wallet_dcql_credential_set_required(q, 1), 0);
    const char *reduced1 = "{\"family_name\":\"Dent\",\"given_name\":\"Arthur\"}";
    const char *reduced2 = "{\"postal_code\":\"12345\",\"locality\":\"Milliways\",\"region\":\"Z\"}";

    /* Both reduced credentials: option 2; nice_to_have absent: set 1 unmet. */
    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "r1", SD, "https://credentials.example.com/reduced_identity_credential", reduced1);
    add(ctx, c, "r2", SD, "https://cred.example/residence_credential", reduced2);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 2);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), -1);
    expect_sel(r, "pid_reduced_cred_1", "r1", "family_name,given_name");
    expect_sel(r, "pid_reduced_cred_2", "r2", "postal_code,locality,region");
    expect_unselected(r, "pid");
    expect_unselected(r, "nice_to_have");
    wallet_dcql_result_free(r);

    /* Add other_pid and nice_to_have: option 1 wins over 2 (order), and the
     * optional set is met. */
    add(ctx, c, "op", SD, "https://othercredentials.example/pid", PID_FULL);
    add(ctx, c, "rw", SD, "https://company.example/company_rewards", "{\"rewards_number\":7}");
    r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 1);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), 0);
    expect_sel(r, "other_pid", "op", "given_name,family_name,address.street_address");
    expect_sel(r, "nice_to_have", "rw", "rewards_number");
    expect_unselected(r, "pid_reduced_cred_1");
    expect_unselected(r, "pid_reduced_cred_2");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Negative: one reduced credential alone satisfies no option. */
    c = cands(ctx);
    add(ctx, c, "r1", SD, "https://credentials.example.com/reduced_identity_credential", reduced1);
    add(ctx, c, "rw", SD, "https://company.example/company_rewards", "{\"rewards_number\":7}");
    r = run(ctx, q, c);
    assert_false(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), -1);
    /* The optional set is satisfiable, but nothing is selected. */
    assert_int_equal(wallet_dcql_result_set_option(r, 1), 0);
    expect_unselected(r, "nice_to_have");
    tu_assert_err(ctx, wallet_dcql_result_check(ctx, r), WALLET_ERR_DCQL_UNSATISFIED);
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_complex_mdoc(void **state)
{
    /* "an ID and an address are requested; either can come from an mDL or a
     * photoid Credential" (the address set is optional). */
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "complex_mdoc.json");
    const char *photo = "{\"org.iso.18013.5.1\":{\"given_name\":\"A\",\"family_name\":\"D\","
                        "\"portrait\":\"AAEC\",\"resident_address\":\"42 Market St\","
                        "\"resident_country\":\"VN\"}}";
    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "photo", MDOC, "org.iso.23220.photoid.1", photo);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 1);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), 1);
    expect_sel(r, "photo_card-id", "photo",
               "org.iso.18013.5.1/given_name,org.iso.18013.5.1/family_name,"
               "org.iso.18013.5.1/portrait");
    expect_sel(r, "photo_card-address", "photo",
               "org.iso.18013.5.1/resident_address,org.iso.18013.5.1/resident_country");
    expect_unselected(r, "mdl-id");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* An mDL without address: the ID comes from it, the address set is unmet
     * and the query is still satisfied. */
    c = cands(ctx);
    add(ctx, c, "mdl", MDOC, "org.iso.18013.5.1.mDL",
        "{\"org.iso.18013.5.1\":{\"given_name\":\"A\",\"family_name\":\"D\",\"portrait\":\"AA\"}}");
    r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 0);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), -1);
    expect_sel(r, "mdl-id", "mdl",
               "org.iso.18013.5.1/given_name,org.iso.18013.5.1/family_name,"
               "org.iso.18013.5.1/portrait");
    expect_unselected(r, "mdl-address");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Negative: an address alone (no portrait) does not satisfy the ID set. */
    c = cands(ctx);
    add(ctx, c, "mdl", MDOC, "org.iso.18013.5.1.mDL",
        "{\"org.iso.18013.5.1\":{\"given_name\":\"A\",\"family_name\":\"D\","
        "\"resident_address\":\"x\",\"resident_country\":\"VN\"}}");
    r = run(ctx, q, c);
    assert_false(wallet_dcql_result_satisfied(r));
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_claims_alternatives(void **state)
{
    /* claim_sets [["a","c","d","e"], ["a","b","e"]]: the first set (locality
     * + region) is preferred when both can be met — the normative order of
     * §6.4.1. The spec's prose around this example describes postal_code as
     * the first choice; see the README's disagreement note. */
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "claims_alternatives.json");
    assert_string_equal(wallet_dcql_claim_id(q, 0, 1), "b");
    const char *all = "{\"family_name\":\"D\",\"postal_code\":\"1\",\"locality\":\"M\","
                      "\"region\":\"R\",\"date_of_birth\":\"1978-03-08\"}";
    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "pid", SD, VCT_ID, all);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_match_claim_set(r, 0, 0), 0);
    expect_sel(r, "pid", "pid", "family_name,locality,region,date_of_birth");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Without region: the second set, with postal_code only. */
    c = cands(ctx);
    add(ctx, c, "pid", SD, VCT_ID,
        "{\"family_name\":\"D\",\"postal_code\":\"1\",\"locality\":\"M\",\"date_of_birth\":\"x\"}");
    r = run(ctx, q, c);
    assert_int_equal(wallet_dcql_result_match_claim_set(r, 0, 0), 1);
    expect_sel(r, "pid", "pid", "family_name,postal_code,date_of_birth");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);

    /* Negative: no date_of_birth, in every set: no match at all. */
    c = cands(ctx);
    add(ctx, c, "pid", SD, VCT_ID,
        "{\"family_name\":\"D\",\"postal_code\":\"1\",\"locality\":\"M\",\"region\":\"R\"}");
    r = run(ctx, q, c);
    assert_false(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_match_count(r, 0), 0);
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_value_matching_simple(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_dcql *q = load(ctx, QL "value_matching_simple.json");
    assert_string_equal(wallet_dcql_claim_values_json(q, 0, 3), "[\"90210\",\"90211\"]");
    const char *ok = "{\"family_name\":\"Doe\",\"given_name\":\"J\",\"address\":{\"street_address\":"
                     "\"1 Rd\"},\"postal_code\":\"90211\"}";
    static const char *const bad[] = {
        /* another family name */
        "{\"family_name\":\"Dent\",\"given_name\":\"J\",\"address\":{\"street_address\":\"1\"},"
        "\"postal_code\":\"90211\"}",
        /* a postal code not in the list */
        "{\"family_name\":\"Doe\",\"given_name\":\"J\",\"address\":{\"street_address\":\"1\"},"
        "\"postal_code\":\"90212\"}",
        /* the right digits as a number: the type must match too */
        "{\"family_name\":\"Doe\",\"given_name\":\"J\",\"address\":{\"street_address\":\"1\"},"
        "\"postal_code\":90210}",
    };
    wallet_dcql_candidates *c = cands(ctx);
    add(ctx, c, "good", SD, VCT_ID, ok);
    wallet_dcql_result *r = run(ctx, q, c);
    assert_true(wallet_dcql_result_satisfied(r));
    expect_sel(r, "my_credential", "good",
               "family_name,given_name,address.street_address,postal_code");
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    for (size_t i = 0; i < 3; i++) {
        c = cands(ctx);
        add(ctx, c, "bad", SD, VCT_ID, bad[i]);
        r = run(ctx, q, c);
        assert_false(wallet_dcql_result_satisfied(r));
        assert_int_equal(wallet_dcql_result_match_count(r, 0), 0);
        wallet_dcql_result_free(r);
        wallet_dcql_candidates_free(c);
    }
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_w3c_request_examples(void **state)
{
    /* jwt_vc_json and ldp_vc: parsed (meta "type_values" is not checked for
     * formats libwallet does not match), never matched. */
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const char *const files[] = {REQ "dcql_jwt_vc.json", REQ "dcql_ldp_vc.json"};
    static const char *const fmts[] = {"jwt_vc_json", "ldp_vc"};
    for (size_t i = 0; i < 2; i++) {
        wallet_dcql *q = load(ctx, files[i]);
        assert_int_equal(wallet_dcql_credential_format(q, 0), WALLET_DCQL_FORMAT_OTHER);
        assert_string_equal(wallet_dcql_credential_format_name(q, 0), fmts[i]);
        assert_int_equal(wallet_dcql_credential_type_count(q, 0), 0);
        wallet_dcql_candidates *c = cands(ctx);
        add(ctx, c, "any", SD, "IDCredential",
            "{\"credentialSubject\":{\"family_name\":\"D\",\"given_name\":\"A\"}}");
        wallet_dcql_result *r = run(ctx, q, c);
        assert_false(wallet_dcql_result_satisfied(r));
        assert_int_equal(wallet_dcql_result_match_count(r, 0), 0);
        wallet_dcql_result_free(r);
        wallet_dcql_candidates_free(c);
        wallet_dcql_free(q);
    }
    wallet_ctx_free(ctx);
}

static void test_inline_request_examples(void **state)
{
    /* Every valid JSON block of the spec that carries a "dcql_query". */
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    char *t = (char *)tu_vector(INLINE, NULL);
    cJSON *all = cJSON_Parse(t);
    free(t);
    int found = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(all, "blocks"))
    {
        const cJSON *v = cJSON_GetObjectItem(b, "value");
        if (!cJSON_IsTrue(cJSON_GetObjectItem(b, "valid_json")) || !cJSON_IsObject(v))
            continue;
        const cJSON *dq = cJSON_GetObjectItem(v, "dcql_query");
        if (!dq)
            continue;
        char *s = cJSON_PrintUnformatted(dq);
        wallet_dcql *q = NULL;
        tu_assert_ok(ctx, wallet_dcql_parse(ctx, &q, s, strlen(s)));
        parsed++;
        wallet_dcql_candidates *c = cands(ctx);
        add(ctx, c, "pid", SD, VCT_ID, PID_FULL);
        wallet_dcql_result *r = run(ctx, q, c);
        assert_true(wallet_dcql_result_satisfied(r));
        assert_int_equal(wallet_dcql_result_selected_count(r, 0), 1);
        wallet_dcql_result_free(r);
        wallet_dcql_candidates_free(c);
        wallet_dcql_free(q);
        free(s);
        found++;
    }
    assert_int_equal(found, 2);
    cJSON_Delete(all);
    wallet_ctx_free(ctx);
    print_message("DCQL vectors: %d queries parsed, %d evaluations\n", parsed, evaluated);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_simple_mdoc),
        cmocka_unit_test(test_multi_credentials),
        cmocka_unit_test(test_credentials_alternatives),
        cmocka_unit_test(test_complex_mdoc),
        cmocka_unit_test(test_claims_alternatives),
        cmocka_unit_test(test_value_matching_simple),
        cmocka_unit_test(test_w3c_request_examples),
        cmocka_unit_test(test_inline_request_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
