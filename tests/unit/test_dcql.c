/*
 * DCQL (OpenID4VP 1.0 §6, §7): parsing rules, each invalid query with its
 * specific error; matching rules over hand-made candidates, with positive
 * and negative cases for each rule (values, null wildcard, indexes, claim
 * sets order, credential sets required/optional, multiple, holder binding,
 * trusted authorities, format and type); candidate input checks.
 */
#include <cjson/cJSON.h>

#include "testutil.h"

#define SD WALLET_DCQL_FORMAT_SD_JWT
#define MDOC WALLET_DCQL_FORMAT_MDOC
#define HB WALLET_DCQL_HOLDER_BINDING
#define VCT "https://example.vn/pid"
#define DT "org.iso.18013.5.1.mDL"
#define NS "org.iso.18013.5.1"

/* A one-credential SD-JWT query with the given claims array text. */
#define Q1(claims)                                                                           \
    "{\"credentials\":[{\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"" VCT \
    "\"]},\"claims\":" claims "}]}"
/* ... with extra members of the credential query. */
#define Q1X(extra, claims)                                                                   \
    "{\"credentials\":[{\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"" VCT \
    "\"]}," extra ",\"claims\":" claims "}]}"
/* An mdoc query with the given claims. */
#define QM(claims)                                                                           \
    "{\"credentials\":[{\"id\":\"m\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"" DT \
    "\"},\"claims\":" claims "}]}"

static const char PERSON[] =
    "{\"given_name\":\"Arthur\",\"family_name\":\"Dent\",\"age\":42,\"age_over_18\":true,"
    "\"middle_name\":null,\"nickname\":\"\","
    "\"address\":{\"street_address\":\"42 Market Street\",\"locality\":\"Milliways\","
    "\"postal_code\":\"12345\"},"
    "\"degrees\":[{\"type\":\"Bachelor of Science\",\"university\":\"Betelgeuse\"},"
    "{\"type\":\"Master of Science\",\"university\":\"Betelgeuse\"}],"
    "\"nationalities\":[\"British\",\"Betelgeusian\"],"
    "\"mixed\":[{\"type\":\"a\"},\"plain\"],"
    "\"dotted.name\":\"x\",\"2024\":\"year\"}";

static const char MDL[] = "{\"" NS "\":{\"given_name\":\"Arthur\",\"family_name\":\"Dent\","
                          "\"age_over_18\":true,\"birth_date\":\"1978-03-08\"},"
                          "\"org.iso.18013.5.1.aamva\":{\"DHS_compliance\":\"F\"}}";

/* ---- helpers ------------------------------------------------------------------- */

static wallet_ctx *ctx_new(void)
{
    return tu_ctx_at(1700000000);
}

static wallet_dcql *parse_ok(wallet_ctx *ctx, const char *json)
{
    wallet_dcql *q = NULL;
    tu_assert_ok(ctx, wallet_dcql_parse(ctx, &q, json, strlen(json)));
    return q;
}

/* Match `query` against one candidate (PERSON as SD-JWT with binding, or
 * the given claims/format/flags). */
static wallet_dcql_result *match1(wallet_ctx *ctx, const char *query, wallet_dcql_format fmt,
                                  const char *type, const char *claims, unsigned flags)
{
    wallet_dcql *q = parse_ok(ctx, query);
    wallet_dcql_candidates *c = NULL;
    tu_assert_ok(ctx, wallet_dcql_candidates_new(ctx, &c));
    tu_assert_ok(ctx,
                 wallet_dcql_candidates_add(ctx, c, "c1", fmt, type, claims, strlen(claims), flags));
    wallet_dcql_result *r = NULL;
    tu_assert_ok(ctx, wallet_dcql_match(ctx, &r, q, c));
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q); /* the result stands alone */
    return r;
}

static wallet_dcql_result *match_person(wallet_ctx *ctx, const char *query)
{
    return match1(ctx, query, SD, VCT, PERSON, HB);
}

/* Satisfied, with candidate c1 disclosing exactly `disclose`. */
static void expect_disclose(wallet_ctx *ctx, wallet_dcql_result *r, const char *disclose)
{
    tu_assert_ok(ctx, wallet_dcql_result_check(ctx, r));
    assert_int_equal(wallet_dcql_result_satisfied(r), 1);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 1);
    assert_string_equal(wallet_dcql_result_match_candidate(r, 0, 0), "c1");
    const char *d = wallet_dcql_result_disclose(r, 0, 0);
    if (!d || strcmp(d, disclose))
        fail_msg("disclose \"%s\", want \"%s\"", d ? d : "(null)", disclose);
    wallet_dcql_result_free(r);
}

/* Not satisfied: no match, nothing selected, and the check says why. */
static void expect_no_match(wallet_ctx *ctx, wallet_dcql_result *r)
{
    assert_int_equal(wallet_dcql_result_satisfied(r), 0);
    assert_int_equal(wallet_dcql_result_match_count(r, 0), 0);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 0);
    assert_null(wallet_dcql_result_match_candidate(r, 0, 0));
    tu_assert_err(ctx, wallet_dcql_result_check(ctx, r), WALLET_ERR_DCQL_UNSATISFIED);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "no credential matches"));
    char *j = NULL;
    tu_assert_ok(ctx, wallet_dcql_result_to_json(ctx, &j, r));
    assert_non_null(strstr(j, "\"presentation\":{}"));
    wallet_free(j);
    wallet_dcql_result_free(r);
}

/* ---- positive: matching rules ------------------------------------------------- */

static void test_values_string_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx,
                    match_person(ctx, Q1("[{\"path\":[\"family_name\"],\"values\":[\"Doe\","
                                         "\"Dent\"]}]")),
                    "family_name");
    wallet_ctx_free(ctx);
}

static void test_values_integer_and_boolean_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx,
                    match_person(ctx, Q1("[{\"path\":[\"age\"],\"values\":[18,42]},"
                                         "{\"path\":[\"age_over_18\"],\"values\":[true]}]")),
                    "age,age_over_18");
    wallet_ctx_free(ctx);
}

static void test_null_wildcard_selects_every_element(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx, match_person(ctx, Q1("[{\"path\":[\"nationalities\",null]}]")),
                    "nationalities.0,nationalities.1");
    wallet_ctx_free(ctx);
}

static void test_null_wildcard_nested(void **state)
{
    /* §7.3: ["degrees", null, "type"] selects every type. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r = match_person(ctx, Q1("[{\"path\":[\"degrees\",null,\"type\"]}]"));
    assert_string_equal(wallet_dcql_result_claim_path_json(r, 0, 0, 1), "[\"degrees\",1,\"type\"]");
    expect_disclose(ctx, r, "degrees.0.type,degrees.1.type");
    wallet_ctx_free(ctx);
}

static void test_null_wildcard_with_values_discloses_matching_only(void **state)
{
    /* §6.4.1: elements whose value does not match are treated as absent. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx,
                    match_person(ctx, Q1("[{\"path\":[\"nationalities\",null],\"values\":["
                                         "\"Betelgeusian\"]}]")),
                    "nationalities.1");
    wallet_ctx_free(ctx);
}

static void test_array_index_path(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx, match_person(ctx, Q1("[{\"path\":[\"nationalities\",1]}]")),
                    "nationalities.1");
    wallet_ctx_free(ctx);
}

static void test_path_to_object_asks_whole_value(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r = match_person(ctx, Q1("[{\"path\":[\"address\"]}]"));
    assert_int_equal(wallet_dcql_result_claim_count(r, 0, 0), 1);
    expect_disclose(ctx, r, "address");
    wallet_ctx_free(ctx);
}

static void test_null_claim_value_is_present(void **state)
{
    /* §7.1.1: a member whose value is null exists. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx, match_person(ctx, Q1("[{\"path\":[\"middle_name\"]}]")), "middle_name");
    wallet_ctx_free(ctx);
}

static void test_claim_sets_first_satisfiable_in_order(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    const char *q = Q1X("\"claim_sets\":[[\"x\"],[\"b\",\"c\"],[\"a\"]]",
                        "[{\"id\":\"a\",\"path\":[\"given_name\"]},{\"id\":\"b\",\"path\":[\"age\"]},"
                        "{\"id\":\"c\",\"path\":[\"age_over_18\"]},{\"id\":\"x\",\"path\":[\"ssn\"]}]");
    wallet_dcql_result *r = match_person(ctx, q);
    assert_int_equal(wallet_dcql_result_match_claim_set(r, 0, 0), 1);
    expect_disclose(ctx, r, "age,age_over_18");
    /* Another candidate without age falls to the third set. */
    r = match1(ctx, q, SD, VCT, "{\"given_name\":\"A\",\"age_over_18\":true}", HB);
    assert_int_equal(wallet_dcql_result_match_claim_set(r, 0, 0), 2);
    expect_disclose(ctx, r, "given_name");
    wallet_ctx_free(ctx);
}

static void test_claims_absent_matches_on_meta(void **state)
{
    /* §6.4.1: no claims: only what is mandatory to present. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r = match_person(
        ctx, "{\"credentials\":[{\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":"
             "[\"" VCT "\"]}}]}");
    assert_int_equal(wallet_dcql_result_claim_count(r, 0, 0), 0);
    assert_int_equal(wallet_dcql_result_match_claim_set(r, 0, 0), -1);
    expect_disclose(ctx, r, "");
    wallet_ctx_free(ctx);
}

static void test_vct_one_of_several(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx,
                    match_person(ctx, "{\"credentials\":[{\"id\":\"q\",\"format\":\"dc+sd-jwt\","
                                      "\"meta\":{\"vct_values\":[\"urn:other\",\"" VCT "\"]}}]}"),
                    "");
    wallet_ctx_free(ctx);
}

static wallet_dcql_candidates *three_pids(wallet_ctx *ctx)
{
    wallet_dcql_candidates *c = NULL;
    tu_assert_ok(ctx, wallet_dcql_candidates_new(ctx, &c));
    static const char *const ids[] = {"p1", "p2", "p3"};
    for (size_t i = 0; i < 3; i++)
        tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, ids[i], SD, VCT, PERSON,
                                                     strlen(PERSON), HB));
    assert_int_equal(wallet_dcql_candidates_count(c), 3);
    return c;
}

static void test_multiple_selects_every_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_candidates *c = three_pids(ctx);
    wallet_dcql *q = parse_ok(ctx, Q1X("\"multiple\":true", "[{\"path\":[\"given_name\"]}]"));
    wallet_dcql_result *r = NULL;
    tu_assert_ok(ctx, wallet_dcql_match(ctx, &r, q, c));
    assert_int_equal(wallet_dcql_result_match_count(r, 0), 3);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 3);
    assert_string_equal(wallet_dcql_result_match_candidate(r, 0, 2), "p3");
    wallet_dcql_result_free(r);
    wallet_dcql_free(q);
    /* Without "multiple": one (the first), although three match. */
    q = parse_ok(ctx, Q1("[{\"path\":[\"given_name\"]}]"));
    tu_assert_ok(ctx, wallet_dcql_match(ctx, &r, q, c));
    assert_int_equal(wallet_dcql_result_match_count(r, 0), 3);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 1);
    char *j = NULL;
    tu_assert_ok(ctx, wallet_dcql_result_to_json(ctx, &j, r));
    const char *pres = strstr(j, "\"presentation\":");
    assert_non_null(pres);
    assert_string_equal(pres, "\"presentation\":{\"q\":[{\"candidate\":\"p1\",\"disclose\":"
                              "\"given_name\",\"claims\":[[\"given_name\"]]}]}}");
    wallet_free(j);
    wallet_dcql_result_free(r);
    wallet_dcql_free(q);
    wallet_dcql_candidates_free(c);
    wallet_ctx_free(ctx);
}

#define SETS_Q(sets)                                                                          \
    "{\"credentials\":["                                                                     \
    "{\"id\":\"pid\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"" VCT "\"]}},"     \
    "{\"id\":\"mdl\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"" DT "\"}},"      \
    "{\"id\":\"loyalty\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"urn:loyalty\"]}}" \
    "],\"credential_sets\":" sets "}"

static wallet_dcql_result *sets_run(wallet_ctx *ctx, const char *query, int with_mdl,
                                    int with_loyalty)
{
    wallet_dcql *q = parse_ok(ctx, query);
    wallet_dcql_candidates *c = NULL;
    tu_assert_ok(ctx, wallet_dcql_candidates_new(ctx, &c));
    tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, "pid-1", SD, VCT, PERSON, strlen(PERSON), HB));
    if (with_mdl)
        tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, "mdl-1", MDOC, DT, MDL, strlen(MDL), HB));
    if (with_loyalty)
        tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, "loy-1", SD, "urn:loyalty", "{}", 2, HB));
    wallet_dcql_result *r = NULL;
    tu_assert_ok(ctx, wallet_dcql_match(ctx, &r, q, c));
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    return r;
}

static void test_credential_sets_optional_selected_when_met(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    const char *q = SETS_Q("[{\"options\":[[\"mdl\"],[\"pid\"]]},"
                           "{\"required\":false,\"options\":[[\"loyalty\"]]}]");
    wallet_dcql_result *r = sets_run(ctx, q, 1, 1);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 0);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), 0);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 0); /* pid: not in a chosen option */
    assert_int_equal(wallet_dcql_result_selected_count(r, 1), 1);
    assert_int_equal(wallet_dcql_result_selected_count(r, 2), 1);
    wallet_dcql_result_free(r);
    /* Optional set unmet: still satisfied, loyalty not selected. */
    r = sets_run(ctx, q, 0, 0);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 1);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), -1);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 1);
    assert_int_equal(wallet_dcql_result_selected_count(r, 2), 0);
    char *j = NULL;
    tu_assert_ok(ctx, wallet_dcql_result_to_json(ctx, &j, r));
    assert_non_null(strstr(j, "\"credential_sets\":[{\"required\":true,\"option\":1},"
                              "{\"required\":false,\"option\":null}]"));
    wallet_free(j);
    wallet_dcql_result_free(r);
    wallet_ctx_free(ctx);
}

static void test_credential_set_option_needs_all_members(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    const char *q = SETS_Q("[{\"options\":[[\"pid\",\"loyalty\"],[\"mdl\"]]}]");
    wallet_dcql_result *r = sets_run(ctx, q, 1, 0);
    assert_true(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 1);
    wallet_dcql_result_free(r);
    r = sets_run(ctx, q, 0, 1);
    assert_int_equal(wallet_dcql_result_set_option(r, 0), 0);
    assert_int_equal(wallet_dcql_result_selected_count(r, 0), 1);
    assert_int_equal(wallet_dcql_result_selected_count(r, 2), 1);
    wallet_dcql_result_free(r);
    wallet_ctx_free(ctx);
}

static void test_holder_binding_not_required(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx,
                    match1(ctx,
                           Q1X("\"require_cryptographic_holder_binding\":false",
                               "[{\"path\":[\"given_name\"]}]"),
                           SD, VCT, PERSON, 0),
                    "given_name");
    wallet_ctx_free(ctx);
}

static const char TA_Q[] =
    Q1X("\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[\"AAAA\",\"s9tIpPmhxdiuNkHMEWNpYim8S8Y\"]},"
        "{\"type\":\"openid_federation\",\"values\":[\"https://ta.example.vn\"]}]",
        "[{\"path\":[\"given_name\"]}]");

static wallet_dcql_result *ta_run(wallet_ctx *ctx, const char *type, const char *value)
{
    wallet_dcql *q = parse_ok(ctx, TA_Q);
    wallet_dcql_candidates *c = NULL;
    tu_assert_ok(ctx, wallet_dcql_candidates_new(ctx, &c));
    tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, "c1", SD, VCT, PERSON, strlen(PERSON), HB));
    if (type)
        tu_assert_ok(ctx, wallet_dcql_candidates_add_authority(ctx, c, "c1", type, value));
    wallet_dcql_result *r = NULL;
    tu_assert_ok(ctx, wallet_dcql_match(ctx, &r, q, c));
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    return r;
}

static void test_trusted_authorities_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_disclose(ctx, ta_run(ctx, "aki", "s9tIpPmhxdiuNkHMEWNpYim8S8Y"), "given_name");
    expect_disclose(ctx, ta_run(ctx, "openid_federation", "https://ta.example.vn"), "given_name");
    wallet_ctx_free(ctx);
}

static void test_duplicate_claim_paths_disclosed_once(void **state)
{
    /* §6.1: "Wallets SHOULD ignore such duplicate claim queries". */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r = match_person(
        ctx, Q1("[{\"path\":[\"given_name\"]},{\"path\":[\"given_name\"]},{\"path\":[\"age\"]}]"));
    assert_int_equal(wallet_dcql_result_claim_count(r, 0, 0), 2);
    expect_disclose(ctx, r, "given_name,age");
    wallet_ctx_free(ctx);
}

static void test_mdoc_paths_and_intent_to_retain(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r =
        match1(ctx,
               QM("[{\"path\":[\"" NS "\",\"family_name\"],\"intent_to_retain\":true},"
                  "{\"path\":[\"" NS "\",\"age_over_18\"],\"values\":[true]},"
                  "{\"path\":[\"org.iso.18013.5.1.aamva\",\"DHS_compliance\"],"
                  "\"intent_to_retain\":false}]"),
               MDOC, DT, MDL, HB);
    assert_int_equal(wallet_dcql_result_claim_intent_to_retain(r, 0, 0, 0), 1);
    assert_int_equal(wallet_dcql_result_claim_intent_to_retain(r, 0, 0, 1), -1);
    assert_int_equal(wallet_dcql_result_claim_intent_to_retain(r, 0, 0, 2), 0);
    assert_string_equal(wallet_dcql_result_claim_path(r, 0, 0, 2),
                        "org.iso.18013.5.1.aamva/DHS_compliance");
    expect_disclose(ctx, r,
                    NS "/family_name," NS "/age_over_18,org.iso.18013.5.1.aamva/DHS_compliance");
    wallet_ctx_free(ctx);
}

static void test_unknown_members_ignored(void **state)
{
    /* §6: "Implementations MUST ignore any unknown properties." */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql *q = parse_ok(
        ctx, "{\"x-ext\":1,\"credentials\":[{\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"future\":[],"
             "\"meta\":{\"vct_values\":[\"" VCT "\"],\"other\":{}},\"claims\":[{\"path\":[\"age\"],"
             "\"intent_to_retain\":\"n/a for SD-JWT\",\"note\":1}]}],"
             "\"credential_sets\":[{\"options\":[[\"q\"]],\"purpose\":\"Age check\",\"z\":0}]}");
    assert_int_equal(wallet_dcql_claim_intent_to_retain(q, 0, 0), -1);
    assert_string_equal(wallet_dcql_credential_set_purpose_json(q, 0), "\"Age check\"");
    char *j = NULL;
    tu_assert_ok(ctx, wallet_dcql_to_json(ctx, &j, q));
    assert_null(strstr(j, "x-ext"));
    assert_null(strstr(j, "future"));
    wallet_free(j);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

static void test_unrepresentable_cli_paths(void **state)
{
    /* A name with '.' or an all-digit name cannot be written in PATHS: the
     * JSON form is exact, the CLI form NULL. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r =
        match_person(ctx, Q1("[{\"path\":[\"dotted.name\"]},{\"path\":[\"2024\"]},"
                             "{\"path\":[\"nickname\"]}]"));
    assert_string_equal(wallet_dcql_result_claim_path_json(r, 0, 0, 0), "[\"dotted.name\"]");
    assert_null(wallet_dcql_result_claim_path(r, 0, 0, 0));
    assert_null(wallet_dcql_result_claim_path(r, 0, 0, 1));
    assert_string_equal(wallet_dcql_result_claim_path(r, 0, 0, 2), "nickname");
    assert_null(wallet_dcql_result_disclose(r, 0, 0));
    tu_assert_ok(ctx, wallet_dcql_result_check(ctx, r));
    wallet_dcql_result_free(r);
    wallet_ctx_free(ctx);
}

static void test_accessors_out_of_range(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql *q = parse_ok(ctx, Q1("[{\"id\":\"a\",\"path\":[\"age\"],\"values\":[42]}]"));
    assert_string_equal(wallet_dcql_claim_id(q, 0, 0), "a");
    assert_null(wallet_dcql_credential_id(q, 1));
    assert_null(wallet_dcql_credential_type(q, 0, 1));
    assert_int_equal(wallet_dcql_credential_format(q, 5), WALLET_DCQL_FORMAT_OTHER);
    assert_int_equal(wallet_dcql_credential_multiple(q, 5), -1);
    assert_int_equal(wallet_dcql_credential_holder_binding(q, 5), -1);
    assert_null(wallet_dcql_claim_path_json(q, 0, 1));
    assert_null(wallet_dcql_claim_values_json(NULL, 0, 0));
    assert_int_equal(wallet_dcql_claim_count(q, 9), 0);
    assert_int_equal(wallet_dcql_credential_set_count(q), 0);
    assert_int_equal(wallet_dcql_credential_set_required(q, 0), -1);
    assert_null(wallet_dcql_credential_set_purpose_json(q, 0));
    assert_int_equal(wallet_dcql_credential_count(NULL), 0);
    wallet_dcql_result *r = match_person(ctx, Q1("[{\"path\":[\"age\"]}]"));
    assert_null(wallet_dcql_result_query_id(r, 1));
    assert_null(wallet_dcql_result_claim_path_json(r, 0, 0, 1));
    assert_null(wallet_dcql_result_claim_path(r, 0, 1, 0));
    assert_null(wallet_dcql_result_disclose(r, 3, 0));
    assert_int_equal(wallet_dcql_result_claim_intent_to_retain(r, 0, 0, 9), -1);
    assert_int_equal(wallet_dcql_result_match_claim_set(r, 0, 9), -1);
    assert_int_equal(wallet_dcql_result_set_option(r, 0), -1);
    assert_int_equal(wallet_dcql_result_selected_count(NULL, 0), 0);
    assert_int_equal(wallet_dcql_result_satisfied(NULL), 0);
    assert_int_equal(wallet_dcql_candidates_count(NULL), 0);
    wallet_dcql_result_free(r);
    wallet_dcql_result_free(NULL);
    wallet_dcql_free(NULL);
    wallet_dcql_candidates_free(NULL);
    wallet_dcql_free(q);
    wallet_ctx_free(ctx);
}

/* ---- negative: parsing ------------------------------------------------------------ */

typedef struct bad_query {
    const char *name;
    const char *json;
    wallet_err want;
} bad_query;

#define C0(body) "{\"credentials\":[{" body "}]}"
#define SDC(rest) C0("\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"v\"]}" rest)
#define MDC(rest) C0("\"id\":\"m\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"d\"}" rest)
#define TWO(sets)                                                                      \
    "{\"credentials\":[{\"id\":\"a\",\"format\":\"x\",\"meta\":{}},"                  \
    "{\"id\":\"b\",\"format\":\"x\",\"meta\":{}}],\"credential_sets\":" sets "}"

static const bad_query bad_queries[] = {
    /* the document */
    {"not_json", "{\"credentials\":[", WALLET_ERR_JSON},
    {"duplicate_member", "{\"credentials\":[],\"credentials\":[]}", WALLET_ERR_JSON_DUPLICATE},
    {"query_not_object", "[{\"id\":\"q\"}]", WALLET_ERR_DCQL_FORMAT},
    {"credentials_missing", "{\"credential_sets\":[{\"options\":[[\"q\"]]}]}", WALLET_ERR_DCQL_FORMAT},
    {"credentials_not_array", "{\"credentials\":{\"id\":\"q\"}}", WALLET_ERR_DCQL_FORMAT},
    {"credentials_empty", "{\"credentials\":[]}", WALLET_ERR_DCQL_EMPTY},
    {"credential_query_not_object", "{\"credentials\":[\"q\"]}", WALLET_ERR_DCQL_FORMAT},
    /* ids */
    {"id_missing", C0("\"format\":\"x\",\"meta\":{}"), WALLET_ERR_DCQL_FORMAT},
    {"id_not_string", C0("\"id\":7,\"format\":\"x\",\"meta\":{}"), WALLET_ERR_DCQL_FORMAT},
    {"id_empty", C0("\"id\":\"\",\"format\":\"x\",\"meta\":{}"), WALLET_ERR_DCQL_ID},
    {"id_with_space", C0("\"id\":\"my id\",\"format\":\"x\",\"meta\":{}"), WALLET_ERR_DCQL_ID},
    {"id_with_dot", C0("\"id\":\"a.b\",\"format\":\"x\",\"meta\":{}"), WALLET_ERR_DCQL_ID},
    {"id_non_ascii", C0("\"id\":\"th\\u1ebb\",\"format\":\"x\",\"meta\":{}"), WALLET_ERR_DCQL_ID},
    {"duplicate_credential_id",
     "{\"credentials\":[{\"id\":\"a\",\"format\":\"x\",\"meta\":{}},"
     "{\"id\":\"a\",\"format\":\"y\",\"meta\":{}}]}",
     WALLET_ERR_DCQL_DUPLICATE_ID},
    /* format, meta */
    {"format_missing", C0("\"id\":\"q\",\"meta\":{}"), WALLET_ERR_DCQL_FORMAT},
    {"format_not_string", C0("\"id\":\"q\",\"format\":[\"dc+sd-jwt\"],\"meta\":{}"), WALLET_ERR_DCQL_FORMAT},
    {"meta_missing", C0("\"id\":\"q\",\"format\":\"x\""), WALLET_ERR_DCQL_META},
    {"meta_not_object", C0("\"id\":\"q\",\"format\":\"x\",\"meta\":[]"), WALLET_ERR_DCQL_META},
    {"vct_values_missing", C0("\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{}"), WALLET_ERR_DCQL_META},
    {"vct_values_not_array", C0("\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":\"v\"}"),
     WALLET_ERR_DCQL_META},
    {"vct_values_empty", C0("\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[]}"),
     WALLET_ERR_DCQL_EMPTY},
    {"vct_value_not_string", C0("\"id\":\"q\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[1]}"),
     WALLET_ERR_DCQL_META},
    {"doctype_value_missing", C0("\"id\":\"q\",\"format\":\"mso_mdoc\",\"meta\":{\"vct_values\":[\"v\"]}"),
     WALLET_ERR_DCQL_META},
    {"doctype_value_not_string", C0("\"id\":\"q\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":[\"d\"]}"),
     WALLET_ERR_DCQL_META},
    /* booleans */
    {"multiple_not_boolean", SDC(",\"multiple\":\"yes\""), WALLET_ERR_DCQL_FORMAT},
    {"holder_binding_not_boolean", SDC(",\"require_cryptographic_holder_binding\":0"), WALLET_ERR_DCQL_FORMAT},
    /* claims */
    {"claims_not_array", SDC(",\"claims\":{\"path\":[\"a\"]}"), WALLET_ERR_DCQL_FORMAT},
    {"claims_empty", SDC(",\"claims\":[]"), WALLET_ERR_DCQL_EMPTY},
    {"claim_not_object", SDC(",\"claims\":[[\"a\"]]"), WALLET_ERR_DCQL_FORMAT},
    {"claim_id_invalid", SDC(",\"claims\":[{\"id\":\"a/b\",\"path\":[\"a\"]}]"), WALLET_ERR_DCQL_ID},
    {"claim_id_not_string", SDC(",\"claims\":[{\"id\":1,\"path\":[\"a\"]}]"), WALLET_ERR_DCQL_FORMAT},
    {"duplicate_claim_id", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"x\"]},{\"id\":\"a\",\"path\":[\"y\"]}]"),
     WALLET_ERR_DCQL_DUPLICATE_ID},
    /* paths */
    {"path_missing", SDC(",\"claims\":[{\"id\":\"a\"}]"), WALLET_ERR_DCQL_PATH},
    {"path_not_array", SDC(",\"claims\":[{\"path\":\"a.b\"}]"), WALLET_ERR_DCQL_PATH},
    {"path_empty", SDC(",\"claims\":[{\"path\":[]}]"), WALLET_ERR_DCQL_PATH},
    {"path_negative_index", SDC(",\"claims\":[{\"path\":[\"a\",-1]}]"), WALLET_ERR_DCQL_PATH},
    {"path_fractional_index", SDC(",\"claims\":[{\"path\":[\"a\",1.5]}]"), WALLET_ERR_DCQL_PATH},
    {"path_boolean_component", SDC(",\"claims\":[{\"path\":[\"a\",true]}]"), WALLET_ERR_DCQL_PATH},
    {"path_object_component", SDC(",\"claims\":[{\"path\":[{\"a\":1}]}]"), WALLET_ERR_DCQL_PATH},
    {"path_array_component", SDC(",\"claims\":[{\"path\":[[\"a\"]]}]"), WALLET_ERR_DCQL_PATH},
    {"mdoc_path_one_component", MDC(",\"claims\":[{\"path\":[\"ns\"]}]"), WALLET_ERR_DCQL_PATH},
    {"mdoc_path_three_components", MDC(",\"claims\":[{\"path\":[\"ns\",\"a\",\"b\"]}]"), WALLET_ERR_DCQL_PATH},
    {"mdoc_path_null", MDC(",\"claims\":[{\"path\":[\"ns\",null]}]"), WALLET_ERR_DCQL_PATH},
    {"mdoc_path_index", MDC(",\"claims\":[{\"path\":[\"ns\",0]}]"), WALLET_ERR_DCQL_PATH},
    /* values */
    {"values_not_array", SDC(",\"claims\":[{\"path\":[\"a\"],\"values\":\"x\"}]"), WALLET_ERR_DCQL_VALUES},
    {"values_empty", SDC(",\"claims\":[{\"path\":[\"a\"],\"values\":[]}]"), WALLET_ERR_DCQL_EMPTY},
    {"values_object", SDC(",\"claims\":[{\"path\":[\"a\"],\"values\":[{\"x\":1}]}]"), WALLET_ERR_DCQL_VALUES},
    {"values_array", SDC(",\"claims\":[{\"path\":[\"a\"],\"values\":[[1]]}]"), WALLET_ERR_DCQL_VALUES},
    {"values_null", SDC(",\"claims\":[{\"path\":[\"a\"],\"values\":[null]}]"), WALLET_ERR_DCQL_VALUES},
    {"values_fractional", SDC(",\"claims\":[{\"path\":[\"a\"],\"values\":[1.5]}]"), WALLET_ERR_DCQL_VALUES},
    {"mdoc_intent_to_retain_not_boolean", MDC(",\"claims\":[{\"path\":[\"ns\",\"a\"],\"intent_to_retain\":1}]"),
     WALLET_ERR_DCQL_FORMAT},
    /* claim sets */
    {"claim_sets_without_claims", SDC(",\"claim_sets\":[[\"a\"]]"), WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS},
    {"claim_sets_empty_without_claims", SDC(",\"claim_sets\":[]"), WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS},
    {"claim_sets_empty", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]}],\"claim_sets\":[]"), WALLET_ERR_DCQL_EMPTY},
    {"claim_set_empty", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]}],\"claim_sets\":[[]]"), WALLET_ERR_DCQL_EMPTY},
    {"claim_sets_not_array", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]}],\"claim_sets\":{}"), WALLET_ERR_DCQL_FORMAT},
    {"claim_set_not_array", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]}],\"claim_sets\":[\"a\"]"), WALLET_ERR_DCQL_FORMAT},
    {"claim_set_entry_not_string", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]}],\"claim_sets\":[[0]]"),
     WALLET_ERR_DCQL_FORMAT},
    {"claim_set_unknown_id", SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]}],\"claim_sets\":[[\"a\",\"b\"]]"),
     WALLET_ERR_DCQL_UNKNOWN_ID},
    {"claim_without_id_with_claim_sets",
     SDC(",\"claims\":[{\"id\":\"a\",\"path\":[\"a\"]},{\"path\":[\"b\"]}],\"claim_sets\":[[\"a\"]]"),
     WALLET_ERR_DCQL_CLAIM_ID_MISSING},
    /* trusted authorities */
    {"trusted_authorities_not_array", SDC(",\"trusted_authorities\":{\"type\":\"aki\"}"), WALLET_ERR_DCQL_TRUSTED_AUTHORITY},
    {"trusted_authorities_empty", SDC(",\"trusted_authorities\":[]"), WALLET_ERR_DCQL_EMPTY},
    {"trusted_authority_not_object", SDC(",\"trusted_authorities\":[\"aki\"]"), WALLET_ERR_DCQL_TRUSTED_AUTHORITY},
    {"trusted_authority_type_missing", SDC(",\"trusted_authorities\":[{\"values\":[\"x\"]}]"),
     WALLET_ERR_DCQL_TRUSTED_AUTHORITY},
    {"trusted_authority_values_missing", SDC(",\"trusted_authorities\":[{\"type\":\"aki\"}]"),
     WALLET_ERR_DCQL_TRUSTED_AUTHORITY},
    {"trusted_authority_values_empty", SDC(",\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[]}]"),
     WALLET_ERR_DCQL_EMPTY},
    {"trusted_authority_value_not_string", SDC(",\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[3]}]"),
     WALLET_ERR_DCQL_TRUSTED_AUTHORITY},
    /* credential sets */
    {"credential_sets_not_array", TWO("{\"options\":[[\"a\"]]}"), WALLET_ERR_DCQL_FORMAT},
    {"credential_sets_empty", TWO("[]"), WALLET_ERR_DCQL_EMPTY},
    {"credential_set_not_object", TWO("[[\"a\"]]"), WALLET_ERR_DCQL_FORMAT},
    {"options_missing", TWO("[{\"required\":true}]"), WALLET_ERR_DCQL_FORMAT},
    {"options_empty", TWO("[{\"options\":[]}]"), WALLET_ERR_DCQL_EMPTY},
    {"option_empty", TWO("[{\"options\":[[\"a\"],[]]}]"), WALLET_ERR_DCQL_EMPTY},
    {"option_not_array", TWO("[{\"options\":[\"a\"]}]"), WALLET_ERR_DCQL_FORMAT},
    {"option_unknown_id", TWO("[{\"options\":[[\"a\",\"c\"]]}]"), WALLET_ERR_DCQL_UNKNOWN_ID},
    {"option_id_not_string", TWO("[{\"options\":[[1]]}]"), WALLET_ERR_DCQL_FORMAT},
    {"required_not_boolean", TWO("[{\"options\":[[\"a\"]],\"required\":\"no\"}]"), WALLET_ERR_DCQL_FORMAT},
    /* limits */
    {"path_too_long",
     SDC(",\"claims\":[{\"path\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
         "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]"),
     WALLET_ERR_TOO_LARGE},
    {"too_deep", "{\"credentials\":[{\"id\":\"q\",\"format\":\"x\",\"meta\":{\"a\":[[[[[[[[[[[[[[["
                 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}]}",
     WALLET_ERR_TOO_DEEP},
};

static void test_invalid_queries_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    for (size_t i = 0; i < sizeof(bad_queries) / sizeof(bad_queries[0]); i++) {
        const bad_query *b = &bad_queries[i];
        wallet_dcql *q = (wallet_dcql *)1;
        wallet_err e = wallet_dcql_parse(ctx, &q, b->json, strlen(b->json));
        if (e != b->want)
            fail_msg("%s: got %s (%s), want %s", b->name, wallet_err_name(e),
                     wallet_ctx_errmsg(ctx), wallet_err_name(b->want));
        assert_null(q);
        assert_int_equal(wallet_ctx_errcode(ctx), b->want);
        /* Details name the place, never a value. */
        assert_null(strstr(wallet_ctx_errmsg(ctx), "th\xe1\xba\xbb"));
    }
    print_message("%zu invalid queries refused with their codes\n",
                  sizeof(bad_queries) / sizeof(bad_queries[0]));
    wallet_ctx_free(ctx);
}

static void test_error_detail_names_location(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    const char *j = "{\"credentials\":[{\"id\":\"a\",\"format\":\"x\",\"meta\":{}},{\"id\":\"b\","
                    "\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"v\"]},\"claims\":["
                    "{\"path\":[\"x\"]},{\"path\":[\"a\",null,-3]}]}]}";
    wallet_dcql *q = NULL;
    tu_assert_err(ctx, wallet_dcql_parse(ctx, &q, j, strlen(j)), WALLET_ERR_DCQL_PATH);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "credentials[1].claims[1].path[2]"));
    wallet_ctx_free(ctx);
}

static void test_too_many_credentials_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    char buf[8192];
    size_t n = (size_t)snprintf(buf, sizeof(buf), "{\"credentials\":[");
    for (int i = 0; i <= WALLET_DCQL_MAX_CREDENTIALS; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s{\"id\":\"c%d\",\"format\":\"x\",\"meta\":{}}",
                              i ? "," : "", i);
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "]}");
    wallet_dcql *q = NULL;
    tu_assert_err(ctx, wallet_dcql_parse(ctx, &q, buf, n), WALLET_ERR_TOO_LARGE);
    assert_null(q);
    wallet_ctx_free(ctx);
}

static void test_too_many_claims_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    size_t cap = 16384, n;
    char *buf = malloc(cap);
    n = (size_t)snprintf(buf, cap, "%s", SDC(",\"claims\":["));
    n -= 3; /* drop the closing "}]}" to append claims */
    for (int i = 0; i <= WALLET_DCQL_MAX_CLAIMS; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s{\"path\":[\"c%d\"]}", i ? "," : "", i);
    n += (size_t)snprintf(buf + n, cap - n, "]}]}");
    wallet_dcql *q = NULL;
    tu_assert_err(ctx, wallet_dcql_parse(ctx, &q, buf, n), WALLET_ERR_TOO_LARGE);
    free(buf);
    wallet_ctx_free(ctx);
}

static void test_input_over_limit_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 16);
    wallet_dcql *q = NULL;
    const char *j = "{\"credentials\":[{\"id\":\"q\",\"format\":\"x\",\"meta\":{}}]}";
    tu_assert_err(ctx, wallet_dcql_parse(ctx, &q, j, strlen(j)), WALLET_ERR_TOO_LARGE);
    tu_assert_err(ctx, wallet_dcql_parse(ctx, NULL, j, strlen(j)), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_dcql_parse(ctx, &q, NULL, 0), WALLET_ERR_INVALID_ARG);
    wallet_ctx_free(ctx);
}

/* ---- negative: matching ------------------------------------------------------------- */

static void test_wrong_format_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    /* The same claims as mdoc namespaces do not answer an SD-JWT query. */
    expect_no_match(ctx, match1(ctx, Q1("[{\"path\":[\"" NS "\"]}]"), MDOC, VCT, MDL, HB));
    wallet_ctx_free(ctx);
}

static void test_unknown_format_never_matches(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, "{\"credentials\":[{\"id\":\"q\",\"format\":"
                                           "\"vc+sd-jwt\",\"meta\":{\"vct_values\":[\"" VCT "\"]}}]}"));
    wallet_ctx_free(ctx);
}

static void test_wrong_vct_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match1(ctx, Q1("[{\"path\":[\"age\"]}]"), SD, VCT "/v2", PERSON, HB));
    wallet_ctx_free(ctx);
}

static void test_wrong_doctype_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match1(ctx, QM("[{\"path\":[\"" NS "\",\"given_name\"]}]"), MDOC,
                                "org.iso.23220.photoid.1", MDL, HB));
    wallet_ctx_free(ctx);
}

static void test_holder_binding_required_but_absent(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match1(ctx, Q1("[{\"path\":[\"age\"]}]"), SD, VCT, PERSON, 0));
    wallet_ctx_free(ctx);
}

static void test_trusted_authority_other_value_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, ta_run(ctx, "aki", "BBBB"));
    /* The right value under another type does not count. */
    expect_no_match(ctx, ta_run(ctx, "etsi_tl", "s9tIpPmhxdiuNkHMEWNpYim8S8Y"));
    wallet_ctx_free(ctx);
}

static void test_trusted_authority_without_data_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, ta_run(ctx, NULL, NULL));
    wallet_ctx_free(ctx);
}

static void test_missing_claim_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"given_name\"]},{\"path\":[\"ssn\"]}]")));
    wallet_ctx_free(ctx);
}

static void test_path_through_non_object_no_match(void **state)
{
    /* §7.1.1 step 2.1: a string component over a non-object aborts. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"given_name\",\"first\"]}]")));
    wallet_ctx_free(ctx);
}

static void test_wildcard_over_non_array_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"address\",null]}]")));
    wallet_ctx_free(ctx);
}

static void test_index_over_object_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"address\",0]}]")));
    wallet_ctx_free(ctx);
}

static void test_index_out_of_range_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"nationalities\",2]}]")));
    wallet_ctx_free(ctx);
}

static void test_wildcard_meeting_wrong_type_aborts(void **state)
{
    /* ["mixed", null, "type"]: one element is a string, so the whole
     * selection is an error (§7.1.1), although the other element has a
     * "type". */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"mixed\",null,\"type\"]}]")));
    wallet_ctx_free(ctx);
}

static void test_wildcard_over_empty_array_no_match(void **state)
{
    /* §7.1.1 step 3: an empty selection is an error. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match1(ctx, Q1("[{\"path\":[\"list\",null]}]"), SD, VCT, "{\"list\":[]}", HB));
    wallet_ctx_free(ctx);
}

static void test_values_no_element_matches(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"nationalities\",null],"
                                              "\"values\":[\"Vietnamese\"]}]")));
    wallet_ctx_free(ctx);
}

static void test_values_type_mismatch_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    /* 42 is a number, "42" a string; true is not "true" nor 1. */
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"age\"],\"values\":[\"42\"]}]")));
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"age_over_18\"],\"values\":[\"true\",1]}]")));
    wallet_ctx_free(ctx);
}

static void test_values_against_null_or_object_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"middle_name\"],\"values\":[\"\"]}]")));
    expect_no_match(ctx, match_person(ctx, Q1("[{\"path\":[\"address\"],\"values\":[\"42 Market Street\"]}]")));
    wallet_ctx_free(ctx);
}

static void test_claim_sets_none_satisfiable(void **state)
{
    /* §6.4.1: "If the Wallet cannot satisfy any of the options, it MUST NOT
     * return any claims." */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match_person(ctx, Q1X("\"claim_sets\":[[\"a\",\"x\"],[\"y\"]]",
                                               "[{\"id\":\"a\",\"path\":[\"age\"]},"
                                               "{\"id\":\"x\",\"path\":[\"ssn\"]},"
                                               "{\"id\":\"y\",\"path\":[\"tax_id\"]}]")));
    wallet_ctx_free(ctx);
}

static void test_mdoc_element_missing_no_match(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    expect_no_match(ctx, match1(ctx, QM("[{\"path\":[\"" NS "\",\"portrait\"]}]"), MDOC, DT, MDL, HB));
    expect_no_match(ctx, match1(ctx, QM("[{\"path\":[\"org.iso.23220.1\",\"given_name\"]}]"), MDOC, DT,
                                MDL, HB));
    expect_no_match(ctx, match1(ctx, QM("[{\"path\":[\"" NS "\",\"age_over_18\"],\"values\":[false]}]"),
                                MDOC, DT, MDL, HB));
    wallet_ctx_free(ctx);
}

static void test_required_credential_set_unmet(void **state)
{
    /* §6.4.2: "it MUST NOT return any Credential(s)" — not even those of the
     * optional set that could be met. */
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_result *r = sets_run(ctx,
                                     SETS_Q("[{\"options\":[[\"mdl\"]]},"
                                            "{\"required\":false,\"options\":[[\"pid\"]]}]"),
                                     0, 0);
    assert_false(wallet_dcql_result_satisfied(r));
    assert_int_equal(wallet_dcql_result_set_option(r, 0), -1);
    assert_int_equal(wallet_dcql_result_set_option(r, 1), 0);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(wallet_dcql_result_selected_count(r, i), 0);
    tu_assert_err(ctx, wallet_dcql_result_check(ctx, r), WALLET_ERR_DCQL_UNSATISFIED);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "credential set 0"));
    wallet_dcql_result_free(r);
    wallet_ctx_free(ctx);
}

/* ---- negative: candidates ----------------------------------------------------------- */

static void test_invalid_candidates_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = ctx_new();
    wallet_dcql_candidates *c = NULL;
    tu_assert_ok(ctx, wallet_dcql_candidates_new(ctx, &c));
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "", SD, VCT, "{}", 2, 0),
                  WALLET_ERR_DCQL_CANDIDATE);
    tu_assert_ok(ctx, wallet_dcql_candidates_add(ctx, c, "a", SD, VCT, "{}", 2, 0));
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "a", SD, VCT, "{}", 2, 0),
                  WALLET_ERR_DCQL_CANDIDATE);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", WALLET_DCQL_FORMAT_OTHER, VCT, "{}", 2, 0),
                  WALLET_ERR_DCQL_CANDIDATE);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", SD, VCT, "[1]", 3, 0),
                  WALLET_ERR_DCQL_CANDIDATE);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", MDOC, DT, "{\"ns\":1}", 8, 0),
                  WALLET_ERR_DCQL_CANDIDATE);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", SD, VCT, "{\"a\":", 5, 0),
                  WALLET_ERR_JSON);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", SD, VCT, "{\"a\":1,\"a\":2}", 13, 0),
                  WALLET_ERR_JSON_DUPLICATE);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", SD, VCT, "{}", 2, 0x80),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_dcql_candidates_add(ctx, c, "b", SD, NULL, "{}", 2, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_dcql_candidates_add_authority(ctx, c, "zz", "aki", "x"),
                  WALLET_ERR_NOT_FOUND);
    tu_assert_err(ctx, wallet_dcql_candidates_add_authority(ctx, c, "a", NULL, "x"),
                  WALLET_ERR_INVALID_ARG);
    assert_int_equal(wallet_dcql_candidates_count(c), 1);
    wallet_dcql_result *r = (wallet_dcql_result *)1;
    tu_assert_err(ctx, wallet_dcql_match(ctx, &r, NULL, c), WALLET_ERR_INVALID_ARG);
    assert_null(r);
    tu_assert_err(ctx, wallet_dcql_result_check(ctx, NULL), WALLET_ERR_INVALID_ARG);
    char *j = (char *)1;
    tu_assert_err(ctx, wallet_dcql_result_to_json(ctx, &j, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(j);
    j = (char *)1;
    tu_assert_err(ctx, wallet_dcql_to_json(ctx, &j, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(j);
    wallet_dcql_candidates_free(c);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_values_string_match),
        cmocka_unit_test(test_values_integer_and_boolean_match),
        cmocka_unit_test(test_null_wildcard_selects_every_element),
        cmocka_unit_test(test_null_wildcard_nested),
        cmocka_unit_test(test_null_wildcard_with_values_discloses_matching_only),
        cmocka_unit_test(test_array_index_path),
        cmocka_unit_test(test_path_to_object_asks_whole_value),
        cmocka_unit_test(test_null_claim_value_is_present),
        cmocka_unit_test(test_claim_sets_first_satisfiable_in_order),
        cmocka_unit_test(test_claims_absent_matches_on_meta),
        cmocka_unit_test(test_vct_one_of_several),
        cmocka_unit_test(test_multiple_selects_every_match),
        cmocka_unit_test(test_credential_sets_optional_selected_when_met),
        cmocka_unit_test(test_credential_set_option_needs_all_members),
        cmocka_unit_test(test_holder_binding_not_required),
        cmocka_unit_test(test_trusted_authorities_match),
        cmocka_unit_test(test_duplicate_claim_paths_disclosed_once),
        cmocka_unit_test(test_mdoc_paths_and_intent_to_retain),
        cmocka_unit_test(test_unknown_members_ignored),
        cmocka_unit_test(test_unrepresentable_cli_paths),
        cmocka_unit_test(test_accessors_out_of_range),
        /* negative: parsing */
        cmocka_unit_test(test_invalid_queries_refused),
        cmocka_unit_test(test_error_detail_names_location),
        cmocka_unit_test(test_too_many_credentials_refused),
        cmocka_unit_test(test_too_many_claims_refused),
        cmocka_unit_test(test_input_over_limit_refused),
        /* negative: matching */
        cmocka_unit_test(test_wrong_format_no_match),
        cmocka_unit_test(test_unknown_format_never_matches),
        cmocka_unit_test(test_wrong_vct_no_match),
        cmocka_unit_test(test_wrong_doctype_no_match),
        cmocka_unit_test(test_holder_binding_required_but_absent),
        cmocka_unit_test(test_trusted_authority_other_value_no_match),
        cmocka_unit_test(test_trusted_authority_without_data_no_match),
        cmocka_unit_test(test_missing_claim_no_match),
        cmocka_unit_test(test_path_through_non_object_no_match),
        cmocka_unit_test(test_wildcard_over_non_array_no_match),
        cmocka_unit_test(test_index_over_object_no_match),
        cmocka_unit_test(test_index_out_of_range_no_match),
        cmocka_unit_test(test_wildcard_meeting_wrong_type_aborts),
        cmocka_unit_test(test_wildcard_over_empty_array_no_match),
        cmocka_unit_test(test_values_no_element_matches),
        cmocka_unit_test(test_values_type_mismatch_no_match),
        cmocka_unit_test(test_values_against_null_or_object_no_match),
        cmocka_unit_test(test_claim_sets_none_satisfiable),
        cmocka_unit_test(test_mdoc_element_missing_no_match),
        cmocka_unit_test(test_required_credential_set_unmet),
        cmocka_unit_test(test_invalid_candidates_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
