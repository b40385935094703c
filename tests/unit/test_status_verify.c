/*
 * Status checking inside wallet_verify(): JWT ("status.status_list") and
 * CWT (claim 65535) credentials against a cache or a snapshot in the
 * policy; valid, revoked, suspended, other statuses; malformed references;
 * what happens offline; the order of checks (an expired credential is
 * "expired", whatever its status).
 */
#include <cjson/cJSON.h>

#include "test_status_common.h"

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *issuer;  /* signs credentials and the list */
    wallet_trust *trust;
    wallet_status_list *list; /* 1: revoked, 2: suspended, 3: application-specific, 5: 0x0C */
    wallet_status_cache *cache;
    wallet_policy *policy;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(TS_NOW);
    f->issuer = ts_key(f->ctx, "health-1");
    f->trust = ts_trust(f->ctx, f->issuer);
    static const unsigned st[] = {0, 1, 2, 3, 0, 0x0C, 0, 0};
    f->list = ts_list(f->ctx, TS_URI, 4, 8, 8, st, 8);
    size_t len;
    uint8_t *tok = ts_token(f->ctx, f->list, f->issuer, WALLET_STATUS_JWT, &len);
    tu_assert_ok(f->ctx, wallet_status_cache_new(f->ctx, &f->cache, 4));
    tu_assert_ok(f->ctx, wallet_status_cache_add(f->ctx, f->cache, f->trust, 0, tok, len));
    wallet_free(tok);
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &f->policy));
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, f->policy, f->cache));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wallet_policy_free(f->policy);
    wallet_status_cache_free(f->cache);
    wallet_status_list_free(f->list);
    wallet_trust_free(f->trust);
    wallet_key_free(f->issuer);
    wallet_ctx_free(f->ctx);
    free(f);
    return 0;
}

static wallet_err verify_jwt_ref(fixture *f, const char *uri, int64_t idx, wallet_result **out)
{
    char *cred = ts_credential_jwt(f->ctx, f->issuer, uri, idx, 0);
    wallet_result *r = NULL;
    wallet_err e = wallet_verify(f->ctx, &r, f->trust, f->policy, (const uint8_t *)cred,
                                 strlen(cred));
    free(cred);
    assert_non_null(r);
    assert_int_equal(wallet_result_error(r), e);
    if (out)
        *out = r;
    else
        wallet_result_free(r);
    return e;
}

static wallet_err verify_raw(fixture *f, const uint8_t *in, size_t len)
{
    wallet_result *r = NULL;
    wallet_err e = wallet_verify(f->ctx, &r, f->trust, f->policy, in, len);
    if (e) {
        assert_null(wallet_result_claims_json(r));
        assert_null(wallet_result_status_uri(r));
        assert_int_equal(wallet_result_status(r), -1);
    }
    wallet_result_free(r);
    return e;
}

/* ---- JWT credentials ------------------------------------------------------------------ */

static void valid_status_keeps_the_credential_valid(void **state)
{
    fixture *f = *state;
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, verify_jwt_ref(f, TS_URI, 0, &r));
    assert_string_equal(wallet_result_status_uri(r), TS_URI);
    assert_int_equal(wallet_result_status_index(r), 0);
    assert_int_equal(wallet_result_status(r), WALLET_STATUS_VALID);
    char *json = NULL;
    tu_assert_ok(f->ctx, wallet_result_to_json(f->ctx, &json, r));
    cJSON *j = cJSON_Parse(json);
    const cJSON *st = cJSON_GetObjectItem(j, "status");
    assert_string_equal(cJSON_GetObjectItem(st, "uri")->valuestring, TS_URI);
    assert_int_equal(cJSON_GetObjectItem(st, "idx")->valueint, 0);
    assert_string_equal(cJSON_GetObjectItem(st, "status")->valuestring, "valid");
    cJSON_Delete(j);
    wallet_free(json);
    wallet_result_free(r);
}

static void revoked_credential(void **state)
{
    fixture *f = *state;
    wallet_result *r = NULL;
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 1, &r), WALLET_ERR_REVOKED);
    assert_false(wallet_result_valid(r));
    assert_null(wallet_result_claims_json(r));
    assert_null(wallet_result_issuer(r));
    assert_string_not_equal(wallet_result_detail(r), "");
    wallet_result_free(r);
}

static void suspended_credential(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 2, NULL), WALLET_ERR_SUSPENDED);
}

static void application_specific_status_is_not_valid(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 3, NULL), WALLET_ERR_STATUS_OTHER);
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 5, NULL), WALLET_ERR_STATUS_OTHER);
}

static void reinstated_after_a_new_token(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 2, NULL), WALLET_ERR_SUSPENDED);
    tu_assert_ok(f->ctx, wallet_status_list_set(f->ctx, f->list, 2, WALLET_STATUS_VALID));
    size_t len;
    uint8_t *tok = ts_token(f->ctx, f->list, f->issuer, WALLET_STATUS_CWT, &len);
    tu_assert_ok(f->ctx, wallet_status_cache_add(f->ctx, f->cache, f->trust, 0, tok, len));
    wallet_free(tok);
    assert_int_equal(wallet_status_cache_count(f->cache), 1); /* replaced, not added */
    tu_assert_ok(f->ctx, verify_jwt_ref(f, TS_URI, 2, NULL));
}

static void index_out_of_range(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 8, NULL), WALLET_ERR_STATUS_INDEX);
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 1000000, NULL), WALLET_ERR_STATUS_INDEX);
}

static void no_status_source_means_no_check(void **state)
{
    fixture *f = *state;
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, f->policy, NULL));
    tu_assert_ok(f->ctx, verify_jwt_ref(f, TS_URI, 1, &r)); /* revoked, but nobody asked */
    assert_int_equal(wallet_result_status(r), -1);
    assert_string_equal(wallet_result_status_uri(r), TS_URI);
    wallet_result_free(r);
}

static void credential_without_reference(void **state)
{
    fixture *f = *state;
    char *cred = ts_jwt(f->ctx, f->issuer, "{\"typ\":\"JWT\"}",
                        "{\"iss\":\"https://health.city.example\",\"vaccine\":\"MMR\"}");
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, f->policy, (uint8_t *)cred,
                                       strlen(cred)));
    assert_int_equal(wallet_result_status(r), -1);
    assert_null(wallet_result_status_uri(r));
    wallet_result_free(r);
    /* A "status" that is not an object is another use of the name. */
    char *other = ts_jwt(f->ctx, f->issuer, NULL, "{\"status\":\"active\"}");
    tu_assert_ok(f->ctx, verify_raw(f, (uint8_t *)other, strlen(other)));
    /* ...and one with another mechanism than status_list is not ours. */
    char *mech = ts_jwt(f->ctx, f->issuer, NULL, "{\"status\":{\"other_mechanism\":{\"x\":1}}}");
    tu_assert_ok(f->ctx, verify_raw(f, (uint8_t *)mech, strlen(mech)));
    free(mech);
    free(other);
    free(cred);
}

static void required_reference_missing(void **state)
{
    fixture *f = *state;
    char *cred = ts_jwt(f->ctx, f->issuer, NULL, "{\"iss\":\"https://health.city.example\"}");
    tu_assert_ok(f->ctx, wallet_policy_require_status(f->ctx, f->policy, 1));
    tu_assert_err(f->ctx, verify_raw(f, (uint8_t *)cred, strlen(cred)),
                  WALLET_ERR_STATUS_REFERENCE);
    free(cred);
}

static void required_status_without_a_source(void **state)
{
    fixture *f = *state;
    tu_assert_ok(f->ctx, wallet_policy_require_status(f->ctx, f->policy, 1));
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, f->policy, NULL));
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 0, NULL), WALLET_ERR_STATUS_UNAVAILABLE);
}

static void malformed_json_references(void **state)
{
    fixture *f = *state;
    static const char *bad[] = {
        "{\"status\":{\"status_list\":[0,\"" TS_URI "\"]}}",
        "{\"status\":{\"status_list\":{\"uri\":\"" TS_URI "\"}}}",
        "{\"status\":{\"status_list\":{\"idx\":-1,\"uri\":\"" TS_URI "\"}}}",
        "{\"status\":{\"status_list\":{\"idx\":1.5,\"uri\":\"" TS_URI "\"}}}",
        "{\"status\":{\"status_list\":{\"idx\":\"1\",\"uri\":\"" TS_URI "\"}}}",
        "{\"status\":{\"status_list\":{\"idx\":1}}}",
        "{\"status\":{\"status_list\":{\"idx\":1,\"uri\":7}}}",
        "{\"status\":{\"status_list\":{\"idx\":1,\"uri\":\"lists/1\"}}}",
        "{\"status\":{\"status_list\":{\"idx\":1,\"uri\":\"\"}}}",
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        char *cred = ts_jwt(f->ctx, f->issuer, NULL, bad[i]);
        wallet_err e = verify_raw(f, (uint8_t *)cred, strlen(cred));
        if (e != WALLET_ERR_STATUS_REFERENCE)
            fail_msg("%s: got %s", bad[i], wallet_err_name(e));
        free(cred);
    }
    /* Malformed even when nobody checks the status: the credential is bad. */
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, f->policy, NULL));
    char *cred = ts_jwt(f->ctx, f->issuer, NULL, bad[2]);
    tu_assert_err(f->ctx, verify_raw(f, (uint8_t *)cred, strlen(cred)),
                  WALLET_ERR_STATUS_REFERENCE);
    free(cred);
}

static void expired_credential_is_expired_not_revoked(void **state)
{
    fixture *f = *state;
    /* draft §8.3: the Referenced Token's own rules come first. */
    char *cred = ts_credential_jwt(f->ctx, f->issuer, TS_URI, 1, TS_NOW - 3600);
    tu_assert_err(f->ctx, verify_raw(f, (uint8_t *)cred, strlen(cred)), WALLET_ERR_EXPIRED);
    free(cred);
}

static void list_of_another_uri_is_not_used(void **state)
{
    fixture *f = *state;
    /* The cache holds TS_URI only; offline, TS_URI2 cannot be established. */
    wallet_ctx_set_offline(f->ctx, 1);
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI2, 0, NULL), WALLET_ERR_STATUS_UNAVAILABLE);
    tu_assert_ok(f->ctx, verify_jwt_ref(f, TS_URI, 0, NULL)); /* fresh cache entry: fine offline */
}

static void list_token_from_an_untrusted_key(void **state)
{
    fixture *f = *state;
    wallet_key *mallory = ts_key(f->ctx, "health-1"); /* same kid, other key */
    size_t len;
    uint8_t *tok = ts_token(f->ctx, f->list, mallory, WALLET_STATUS_JWT, &len);
    wallet_status_cache *c = NULL;
    tu_assert_ok(f->ctx, wallet_status_cache_new(f->ctx, &c, 0));
    tu_assert_err(f->ctx, wallet_status_cache_add(f->ctx, c, f->trust, 0, tok, len),
                  WALLET_ERR_SIGNATURE);
    assert_int_equal(wallet_status_cache_count(c), 0);
    wallet_status_cache_free(c);
    wallet_free(tok);
    wallet_key_free(mallory);
}

static void stale_cache_entry_offline(void **state)
{
    fixture *f = *state;
    /* ttl 3600: an hour and a bit later the entry is no longer fresh, and
     * offline without a snapshot the status cannot be established. */
    wallet_ctx_set_time(f->ctx, TS_NOW + 3601);
    wallet_ctx_set_offline(f->ctx, 1);
    tu_assert_err(f->ctx, verify_jwt_ref(f, TS_URI, 0, NULL), WALLET_ERR_STATUS_UNAVAILABLE);
}

/* ---- CWT credentials -------------------------------------------------------------------- */

static void cwt_credential_statuses(void **state)
{
    fixture *f = *state;
    static const struct {
        uint64_t idx;
        wallet_err want;
    } cases[] = {{0, WALLET_OK},
                 {1, WALLET_ERR_REVOKED},
                 {2, WALLET_ERR_SUSPENDED},
                 {3, WALLET_ERR_STATUS_OTHER},
                 {8, WALLET_ERR_STATUS_INDEX}};
    for (size_t i = 0; i < WL_ARRAY_LEN(cases); i++) {
        size_t sl, len;
        uint8_t *st = ts_status_cbor(TS_URI, cases[i].idx, &sl);
        uint8_t *cwt = ts_credential_cwt(f->ctx, f->issuer, st, sl, &len);
        wallet_result *r = NULL;
        wallet_err e = wallet_verify(f->ctx, &r, f->trust, f->policy, cwt, len);
        if (e != cases[i].want)
            fail_msg("idx %llu: got %s", (unsigned long long)cases[i].idx, wallet_err_name(e));
        if (!e) {
            assert_string_equal(wallet_result_format(r), "cose_sign1");
            assert_string_equal(wallet_result_status_uri(r), TS_URI);
            assert_int_equal(wallet_result_status(r), 0);
        }
        wallet_result_free(r);
        wallet_free(cwt);
        free(st);
    }
}

static void malformed_cbor_references(void **state)
{
    fixture *f = *state;
    /* each is the value of claim 65535 */
    static const uint8_t not_map[] = {0x82, 0x00, 0x01};
    static const uint8_t sl_not_map[] = {0xA1, 0x6B, 's', 't', 'a', 't', 'u', 's',
                                         '_',  'l',  'i', 's', 't', 0x01};
    /* {"status_list": {"idx": -1, "uri": "https://a"}} */
    static const uint8_t neg_idx[] = {0xA1, 0x6B, 's', 't', 'a', 't', 'u', 's', '_', 'l', 'i',
                                      's',  't',  0xA2, 0x63, 'i', 'd', 'x', 0x20, 0x63, 'u',
                                      'r',  'i',  0x69, 'h', 't', 't', 'p', 's', ':', '/', '/', 'a'};
    /* {"status_list": {"idx": 1, "uri": h'68'}} */
    static const uint8_t uri_bytes[] = {0xA1, 0x6B, 's', 't', 'a', 't', 'u', 's', '_', 'l',
                                        'i',  's',  't', 0xA2, 0x63, 'i', 'd', 'x', 0x01, 0x63,
                                        'u',  'r',  'i', 0x41, 0x68};
    /* {"status_list": {"idx": 1}} */
    static const uint8_t no_uri[] = {0xA1, 0x6B, 's', 't', 'a', 't', 'u', 's', '_', 'l',
                                     'i',  's',  't', 0xA1, 0x63, 'i', 'd', 'x', 0x01};
    const uint8_t *cases[] = {not_map, sl_not_map, neg_idx, uri_bytes, no_uri};
    size_t lens[] = {sizeof(not_map), sizeof(sl_not_map), sizeof(neg_idx), sizeof(uri_bytes),
                     sizeof(no_uri)};
    for (size_t i = 0; i < WL_ARRAY_LEN(cases); i++) {
        size_t len;
        uint8_t *cwt = ts_credential_cwt(f->ctx, f->issuer, cases[i], lens[i], &len);
        wallet_err e = verify_raw(f, cwt, len);
        if (e != WALLET_ERR_STATUS_REFERENCE)
            fail_msg("case %zu: got %s: %s", i, wallet_err_name(e), wallet_ctx_errmsg(f->ctx));
        wallet_free(cwt);
    }
    /* A Status map with another mechanism only: no reference. */
    static const uint8_t other[] = {0xA1, 0x61, 'x', 0x01};
    size_t len;
    uint8_t *cwt = ts_credential_cwt(f->ctx, f->issuer, other, sizeof(other), &len);
    tu_assert_ok(f->ctx, verify_raw(f, cwt, len));
    wallet_free(cwt);
}

/* ---- SD-JWT VC credentials ----------------------------------------------------------- */

/* An SD-JWT VC whose "status.status_list" points at index idx of TS_URI. */
static char *sdjwt_credential(fixture *f, int64_t idx)
{
    static const char claims[] = "{\"given_name\":\"Lan\",\"is_over_18\":true}";
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_new(f->ctx, &b, f->issuer));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_claims(f->ctx, b, claims, strlen(claims)));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_all_disclosable(f->ctx, b, 1));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_issuer(f->ctx, b, "https://health.city.example"));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_vct(f->ctx, b, "https://city.example/citizen"));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_status(f->ctx, b, TS_URI, idx));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_issue(f->ctx, &out, b, 0));
    wallet_sdjwt_issuer_free(b);
    return out;
}

/* wallet_sdjwt_verify() checks the status reference as wallet_verify() does:
 * index 0 is valid, 1 revoked, 2 suspended, through either entry point. */
static void sdjwt_vc_statuses(void **state)
{
    fixture *f = *state;
    static const struct {
        int64_t idx;
        wallet_err want;
    } cases[] = {{0, WALLET_OK}, {1, WALLET_ERR_REVOKED}, {2, WALLET_ERR_SUSPENDED}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *cred = sdjwt_credential(f, cases[i].idx);
        wallet_result *r = NULL;
        tu_assert_err(f->ctx, wallet_sdjwt_verify(f->ctx, &r, f->trust, f->policy, cred,
                                                  strlen(cred)),
                      cases[i].want);
        assert_int_equal(wallet_result_error(r), cases[i].want);
        if (cases[i].want)
            assert_null(wallet_result_claims_json(r));
        else
            assert_int_equal(wallet_result_status(r), 0);
        wallet_result_free(r);
        tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, f->policy, (const uint8_t *)cred,
                                            strlen(cred)),
                      cases[i].want);
        wallet_result_free(r);
        wallet_free(cred);
    }
}

static void policy_setters_check_arguments(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, wallet_policy_set_status_cache(f->ctx, NULL, f->cache),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_policy_set_status_snapshot(f->ctx, f->policy, NULL, -1),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_policy_set_status_snapshot(f->ctx, NULL, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_policy_require_status(f->ctx, NULL, 1), WALLET_ERR_INVALID_ARG);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(valid_status_keeps_the_credential_valid),
        T(revoked_credential),
        T(suspended_credential),
        T(application_specific_status_is_not_valid),
        T(reinstated_after_a_new_token),
        T(index_out_of_range),
        T(no_status_source_means_no_check),
        T(credential_without_reference),
        T(required_reference_missing),
        T(required_status_without_a_source),
        T(malformed_json_references),
        T(expired_credential_is_expired_not_revoked),
        T(list_of_another_uri_is_not_used),
        T(list_token_from_an_untrusted_key),
        T(stale_cache_entry_offline),
        T(cwt_credential_statuses),
        T(malformed_cbor_references),
        T(sdjwt_vc_statuses),
        T(policy_setters_check_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
