/*
 * The OpenID4VP 1.0 DCQL query examples (vectors/oid4vp-oid4vci/oid4vp/1.0/
 * examples/query_lang/) run against a store holding credentials shaped like
 * the spec's examples (SD-JWT VC claims by vct; mdoc claims by namespace),
 * inserted below the verification layer (the SD-JWT and mdoc formats arrive
 * in their own issues; the store only sees the verified result shape). For
 * each query the exact candidates are asserted (vectors/oid4vp-oid4vci/
 * README.md lists them and why).
 */
#include "store/store_int.h"
#include "../unit/test_store_util.h"

#define Q_DIR "oid4vp-oid4vci/oid4vp/1.0/examples/query_lang/"
#define PID_VCT "https://credentials.example.com/identity_credential"
#define MDL "org.iso.18013.5.1"

typedef struct fixture {
    const char *name;
    const char *format, *type;
    const char *claims;
    int bound; /* linked to a stored holder key */
    char uid[WL_STORE_ID_LEN + 1];
} fixture;

static fixture fx[] = {
    {"pid_full", "dc+sd-jwt", PID_VCT,
     "{\"family_name\":\"Doe\",\"given_name\":\"John\",\"address\":{\"street_address\":"
     "\"123 Main St\"},\"postal_code\":\"90210\",\"locality\":\"Anytown\",\"region\":\"Anystate\","
     "\"date_of_birth\":\"1990-01-01\"}",
     1, ""},
    {"pid_partial", "dc+sd-jwt", PID_VCT,
     "{\"family_name\":\"Smith\",\"given_name\":\"Ann\",\"postal_code\":\"10115\","
     "\"date_of_birth\":\"1985-05-05\"}",
     1, ""},
    {"reduced", "dc+sd-jwt", "https://credentials.example.com/reduced_identity_credential",
     "{\"family_name\":\"Doe\",\"given_name\":\"John\"}", 1, ""},
    {"residence", "dc+sd-jwt", "https://cred.example/residence_credential",
     "{\"postal_code\":\"90210\",\"locality\":\"Anytown\",\"region\":\"Anystate\"}", 1, ""},
    {"mdl", "mso_mdoc", "org.iso.18013.5.1.mDL",
     "{\"" MDL "\":{\"given_name\":\"John\",\"family_name\":\"Doe\",\"portrait\":\"AAEC\","
     "\"resident_address\":\"123 Main St\",\"resident_country\":\"US\"}}",
     1, ""},
    {"photoid", "mso_mdoc", "org.iso.23220.photoid.1",
     "{\"" MDL "\":{\"given_name\":\"John\",\"family_name\":\"Doe\",\"portrait\":\"AAEC\"}}", 1, ""},
    {"mvrc", "mso_mdoc", "org.iso.7367.1.mVRC",
     "{\"org.iso.7367.1\":{\"vehicle_holder\":\"John Doe\"},\"" MDL "\":{\"given_name\":\"John\"}}",
     1, ""},
    /* Everything the queries ask, but not bound to a stored holder key:
     * DCQL requires holder binding by default, so it is never offered. */
    {"pid_unbound", "dc+sd-jwt", PID_VCT,
     "{\"family_name\":\"Doe\",\"given_name\":\"Jane\",\"address\":{\"street_address\":\"1 Elm\"},"
     "\"postal_code\":\"90210\",\"locality\":\"Anytown\",\"region\":\"Anystate\","
     "\"date_of_birth\":\"1991-01-01\"}",
     0, ""},
};

static const char *uid_of(const char *name)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(fx); i++)
        if (!strcmp(fx[i].name, name))
            return fx[i].uid;
    fail_msg("no fixture %s", name);
    return NULL;
}

static wallet_store *populate(ts_env *t)
{
    wallet_store *s = ts_create(t);
    for (size_t i = 0; i < WL_ARRAY_LEN(fx); i++) {
        wl_cred c;
        memset(&c, 0, sizeof(c));
        char raw[64];
        snprintf(raw, sizeof(raw), "credential %s", fx[i].name);
        c.raw = (uint8_t *)strdup(raw);
        c.raw_len = strlen(raw);
        tu_assert_ok(t->ctx, wl_hash(t->ctx, WL_SHA256, c.raw, c.raw_len, c.digest));
        c.format = strdup(fx[i].format);
        c.type = strdup(fx[i].type);
        c.claims = strdup(fx[i].claims);
        c.valid = 1;
        c.status_idx = -1;
        tu_assert_ok(t->ctx, wl_index_build(t->ctx, &c.index, c.claims, strlen(c.claims)));
        tu_assert_ok(t->ctx, wl_store_new_id(t->ctx, c.uid));
        memcpy(fx[i].uid, c.uid, sizeof(c.uid));
        tu_assert_ok(t->ctx, wl_cred_insert(t->ctx, s->db, &c));
        wl_cred_clear(&c);
        if (fx[i].bound) {
            char *kid = NULL;
            tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
            tu_assert_ok(t->ctx, wallet_store_link_key(t->ctx, s, fx[i].uid, kid));
            wallet_free(kid);
        }
    }
    return s;
}

/* Run a spec query; check each credential query's candidates (names,
 * each optionally followed by ":set"). */
typedef struct expect {
    const char *query_id;
    const char *names[4];
} expect;

static void run_query(ts_env *t, wallet_store *s, const char *file, const expect *exp, size_t n)
{
    size_t len = 0;
    uint8_t *q = tu_vector(file, &len);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_match(t->ctx, &json, s, (const char *)q, len));
    cJSON *j = ts_parse(json);
    assert_int_equal(cJSON_GetArraySize(j), n); /* one member per credential query */
    for (size_t i = 0; i < n; i++) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, exp[i].query_id);
        if (!cJSON_IsArray(arr))
            fail_msg("%s: no result for %s", file, exp[i].query_id);
        size_t want = 0;
        while (want < 4 && exp[i].names[want])
            want++;
        if ((size_t)cJSON_GetArraySize(arr) != want)
            fail_msg("%s: %s has %d candidates, want %zu: %s", file, exp[i].query_id,
                     cJSON_GetArraySize(arr), want, json);
        for (size_t k = 0; k < want; k++) {
            char name[64];
            snprintf(name, sizeof(name), "%s", exp[i].names[k]);
            char *colon = strchr(name, ':');
            int set = 0;
            if (colon) {
                *colon = '\0';
                set = (int)strtol(colon + 1, NULL, 10);
            }
            const cJSON *c = cJSON_GetArrayItem(arr, (int)k);
            assert_string_equal(cJSON_GetObjectItem(c, "id")->valuestring, uid_of(name));
            assert_int_equal((int)cJSON_GetObjectItem(c, "claim_set")->valuedouble, set);
        }
    }
    cJSON_Delete(j);
    wallet_free(json);
    free(q);
}

static void test_spec_dcql_queries(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = populate(t);
    static const expect simple[] = {{"my_credential", {"pid_full"}}};
    run_query(t, s, Q_DIR "simple.json", simple, 1);
    static const expect simple_mdoc[] = {{"my_credential", {"mvrc"}}};
    run_query(t, s, Q_DIR "simple_mdoc.json", simple_mdoc, 1);
    static const expect values[] = {{"my_credential", {"pid_full"}}};
    run_query(t, s, Q_DIR "value_matching_simple.json", values, 1);
    static const expect alternatives[] = {{"pid", {"pid_full:0", "pid_partial:1"}}};
    run_query(t, s, Q_DIR "claims_alternatives.json", alternatives, 1);
    static const expect complex[] = {{"mdl-id", {"mdl"}},
                                     {"mdl-address", {"mdl"}},
                                     {"photo_card-id", {"photoid"}},
                                     {"photo_card-address", {NULL}}};
    run_query(t, s, Q_DIR "complex_mdoc.json", complex, 4);
    static const expect creds_alt[] = {{"pid", {"pid_full"}},
                                       {"other_pid", {NULL}},
                                       {"pid_reduced_cred_1", {"reduced"}},
                                       {"pid_reduced_cred_2", {"residence"}},
                                       {"nice_to_have", {NULL}}};
    run_query(t, s, Q_DIR "credentials_alternatives.json", creds_alt, 5);
    static const expect multi[] = {{"pid", {"pid_full"}}, {"mdl", {"mvrc"}}};
    run_query(t, s, Q_DIR "multi_credentials.json", multi, 2);
    wallet_store_free(s);
    ts_teardown(t);
}

/* The same queries, each with one defect, are refused with its error. */
static void test_spec_queries_with_defects_are_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    size_t len = 0;
    uint8_t *q = tu_vector(Q_DIR "claims_alternatives.json", &len);
    cJSON *j = cJSON_Parse((const char *)q);
    cJSON *cred = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "credentials"), 0);
    /* A claim set naming an id that no claim has. */
    cJSON_AddItemToArray(cJSON_GetArrayItem(cJSON_GetObjectItem(cred, "claim_sets"), 0),
                         cJSON_CreateString("z"));
    char *bad = cJSON_PrintUnformatted(j);
    char *json = NULL;
    tu_assert_err(t->ctx, wallet_store_match(t->ctx, &json, s, bad, strlen(bad)),
                  WALLET_ERR_JSON_TYPE);
    free(bad);
    cJSON_Delete(j);
    free(q);
    /* meta removed from the simple query (REQUIRED, §6.1). */
    q = tu_vector(Q_DIR "simple.json", &len);
    j = cJSON_Parse((const char *)q);
    cJSON_DeleteItemFromObject(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "credentials"), 0), "meta");
    bad = cJSON_PrintUnformatted(j);
    tu_assert_err(t->ctx, wallet_store_match(t->ctx, &json, s, bad, strlen(bad)),
                  WALLET_ERR_JSON_TYPE);
    assert_null(json);
    free(bad);
    cJSON_Delete(j);
    free(q);
    wallet_store_free(s);
    ts_teardown(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_dcql_queries),
        cmocka_unit_test(test_spec_queries_with_defects_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
