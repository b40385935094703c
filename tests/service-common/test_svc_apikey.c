/* wallet_svc API keys: hashed storage, Bearer parsing, constant-time
 * matching, scopes; and the server's 401 / 400 / 403 answers. */
#include <wallet/primitives.h>

#include "svc_testutil.h"

static void sha_hex(char out[65], const char *token)
{
    uint8_t d[32];
    assert_int_equal(wallet_sha256(NULL, d, (const uint8_t *)token, strlen(token)), WALLET_OK);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static svc_apikeys *make_keys(void)
{
    svc_apikeys *k = NULL;
    tu_assert_svc_ok(svc_apikeys_new(&k));
    char h[65];
    const char *health[] = {"health_book", "hc1"};
    sha_hex(h, "token-health");
    tu_assert_svc_ok(svc_apikeys_add(k, "health-dept", "Sở Y tế", h, health, 2));
    const char *all[] = {"*"};
    sha_hex(h, "token-admin");
    tu_assert_svc_ok(svc_apikeys_add(k, "admin", NULL, h, all, 1));
    sha_hex(h, "token-none");
    tu_assert_svc_ok(svc_apikeys_add(k, "noscope", NULL, h, NULL, 0));
    return k;
}

static void test_check_valid_key_and_scopes(void **state)
{
    (void)state;
    svc_apikeys *k = make_keys();
    assert_int_equal(svc_apikeys_count(k), 3);
    const svc_apikey *key = NULL;
    tu_assert_svc_ok(svc_apikeys_check(k, &key, "Bearer token-health"));
    assert_string_equal(svc_apikey_id(key), "health-dept");
    assert_string_equal(svc_apikey_name(key), "Sở Y tế");
    assert_true(svc_apikey_has_scope(key, "health_book"));
    assert_false(svc_apikey_has_scope(key, "driving_licence"));
    tu_assert_svc_ok(svc_apikeys_check(k, &key, "bearer   token-admin "));
    assert_string_equal(svc_apikey_name(key), "admin");
    assert_true(svc_apikey_has_scope(key, "anything"));
    tu_assert_svc_ok(svc_apikeys_check(k, &key, "Bearer token-none"));
    assert_false(svc_apikey_has_scope(key, "health_book"));
    svc_apikeys_free(k);
}

static void test_generated_key_roundtrip(void **state)
{
    (void)state;
    char *token = NULL;
    char hash[65];
    tu_assert_svc_ok(svc_apikey_generate(&token, hash));
    assert_int_equal(strlen(token), 46);
    assert_memory_equal(token, "wk_", 3);
    char want[65];
    sha_hex(want, token);
    assert_string_equal(hash, want);
    svc_apikeys *k = NULL;
    tu_assert_svc_ok(svc_apikeys_new(&k));
    tu_assert_svc_ok(svc_apikeys_add(k, "gen", NULL, hash, NULL, 0));
    char auth[128];
    snprintf(auth, sizeof(auth), "Bearer %s", token);
    const svc_apikey *key = NULL;
    tu_assert_svc_ok(svc_apikeys_check(k, &key, auth));
    char *token2 = NULL;
    char hash2[65];
    tu_assert_svc_ok(svc_apikey_generate(&token2, hash2));
    assert_string_not_equal(token, token2);
    svc_secret_free(token, strlen(token));
    svc_secret_free(token2, strlen(token2));
    svc_apikeys_free(k);
}

static void test_keys_from_config(void **state)
{
    (void)state;
    char h[65], text[512];
    sha_hex(h, "token-rp");
    snprintf(text, sizeof(text),
             "{\"api_keys\":[{\"id\":\"rp-1\",\"name\":\"Counter 1\",\"sha256\":\"%s\","
             "\"scopes\":[\"presentations\"]}]}", h);
    svc_config *cfg = NULL;
    tu_assert_svc_ok(svc_config_parse(&cfg, text, strlen(text), "v.json", NULL));
    svc_apikeys *k = NULL;
    tu_assert_svc_ok(svc_apikeys_from_config(&k, cfg, "api_keys"));
    const svc_apikey *key = NULL;
    tu_assert_svc_ok(svc_apikeys_check(k, &key, "Bearer token-rp"));
    assert_true(svc_apikey_has_scope(key, "presentations"));
    tu_assert_svc_ok(svc_config_check_unused(cfg));
    svc_apikeys_free(k);
    svc_config_free(cfg);
}

/* ---- negative ----------------------------------------------------------------- */

static void test_check_missing_header(void **state)
{
    (void)state;
    svc_apikeys *k = make_keys();
    const svc_apikey *key = (const svc_apikey *)1;
    tu_assert_svc(svc_apikeys_check(k, &key, NULL), SVC_ERR_NOT_FOUND);
    assert_null(key);
    svc_apikeys_free(k);
}

static void test_check_malformed_authorization(void **state)
{
    (void)state;
    svc_apikeys *k = make_keys();
    const svc_apikey *key = NULL;
    const char *bad[] = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearertoken-health",
                         "Bearer token health", "Bearer tok\"en", "Bearer =abc",
                         "Bearer token-health,x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        tu_assert_svc(svc_apikeys_check(k, &key, bad[i]), SVC_ERR_MALFORMED);
        assert_null(key);
    }
    char longtok[SVC_APIKEY_MAX_TOKEN + 16] = "Bearer ";
    memset(longtok + 7, 'a', SVC_APIKEY_MAX_TOKEN + 1);
    longtok[SVC_APIKEY_MAX_TOKEN + 8] = '\0';
    tu_assert_svc(svc_apikeys_check(k, &key, longtok), SVC_ERR_MALFORMED);
    svc_apikeys_free(k);
}

static void test_check_unknown_token(void **state)
{
    (void)state;
    svc_apikeys *k = make_keys();
    const svc_apikey *key = NULL;
    tu_assert_svc(svc_apikeys_check(k, &key, "Bearer token-healthx"), SVC_ERR_UNAUTHORIZED);
    tu_assert_svc(svc_apikeys_check(k, &key, "Bearer token-Health"), SVC_ERR_UNAUTHORIZED);
    assert_null(key);
    /* A stored hash presented as the token is not the token. */
    char h[65];
    sha_hex(h, "token-health");
    char auth[100];
    snprintf(auth, sizeof(auth), "Bearer %s", h);
    tu_assert_svc(svc_apikeys_check(k, &key, auth), SVC_ERR_UNAUTHORIZED);
    svc_apikeys_free(k);
}

static void test_add_refuses_bad_entries(void **state)
{
    (void)state;
    svc_apikeys *k = make_keys();
    char h[65];
    sha_hex(h, "other");
    tu_assert_svc(svc_apikeys_add(k, "health-dept", NULL, h, NULL, 0), SVC_ERR_INVALID_ARG);
    sha_hex(h, "token-health");
    tu_assert_svc(svc_apikeys_add(k, "dup-hash", NULL, h, NULL, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_apikeys_add(k, "short", NULL, "abcd", NULL, 0), SVC_ERR_INVALID_ARG);
    sha_hex(h, "x");
    h[10] = 'g';
    tu_assert_svc(svc_apikeys_add(k, "nothex", NULL, h, NULL, 0), SVC_ERR_INVALID_ARG);
    sha_hex(h, "y");
    tu_assert_svc(svc_apikeys_add(k, "bad id", NULL, h, NULL, 0), SVC_ERR_INVALID_ARG);
    const char *empty[] = {""};
    tu_assert_svc(svc_apikeys_add(k, "emptyscope", NULL, h, empty, 1), SVC_ERR_INVALID_ARG);
    assert_int_equal(svc_apikeys_count(k), 3);
    svc_apikeys_free(k);
}

static void test_config_entries_refused(void **state)
{
    (void)state;
    const char *bad[] = {
        "{\"api_keys\":{}}",
        "{\"api_keys\":[{\"id\":\"a\"}]}",
        "{\"api_keys\":[{\"id\":\"a\",\"sha256\":\"00\"}]}",
        "{\"api_keys\":[{\"id\":\"a\",\"sha256\":\"" "0000000000000000000000000000000000000000000000000000000000000000" "\",\"token\":\"x\"}]}",
        "{\"api_keys\":[{\"id\":\"a\",\"sha256\":\"" "0000000000000000000000000000000000000000000000000000000000000000" "\",\"scopes\":[1]}]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        svc_config *cfg = NULL;
        tu_assert_svc_ok(svc_config_parse(&cfg, bad[i], strlen(bad[i]), "k.json", NULL));
        svc_apikeys *k = (svc_apikeys *)1;
        tu_assert_svc(svc_apikeys_from_config(&k, cfg, "api_keys"), SVC_ERR_CONFIG);
        assert_null(k);
        assert_non_null(strstr(svc_errmsg(), "k.json"));
        svc_config_free(cfg);
    }
}

/* ---- over HTTP ---------------------------------------------------------------------- */

static void h_whoami(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    const svc_apikey *k = svc_request_apikey(req);
    svc_response_text(res, 200, k ? svc_apikey_id(k) : "(anonymous)");
}

static void test_http_missing_invalid_valid_and_scope(void **state)
{
    (void)state;
    svc_apikeys *k = make_keys();
    svc_router *r = NULL;
    tu_assert_svc_ok(svc_router_new(&r));
    svc_route_opts any = {NULL, "", 0, 0}, health = {NULL, "health_book", 0, 0};
    tu_assert_svc_ok(svc_router_add(r, "GET", "/any", h_whoami, NULL, &any));
    tu_assert_svc_ok(svc_router_add(r, "POST", "/offers", h_whoami, NULL, &health));
    tu_assert_svc_ok(svc_router_add(r, "GET", "/public", h_whoami, NULL, NULL));
    svc_server_opts o;
    svc_server_opts_default(&o);
    o.router = r;
    o.apikeys = k;
    svc_server *s = tu_serve(&o);
    unsigned port = svc_server_port(s);

    tu_resp x = tu_get(port, "/any");
    assert_int_equal(x.status, 401);
    assert_string_equal(tu_header(&x, "WWW-Authenticate"), "Bearer realm=\"wallet\"");
    assert_non_null(strstr(x.body, "\"error\":\"invalid_token\""));
    tu_resp_free(&x);

    const char *malformed[] = {"Authorization: Basic YTpi", NULL};
    x = tu_request("GET", port, "/any", malformed, NULL, 0);
    assert_int_equal(x.status, 400);
    assert_non_null(strstr(x.body, "\"error\":\"invalid_request\""));
    tu_resp_free(&x);

    const char *wrong[] = {"Authorization: Bearer nope", NULL};
    x = tu_request("GET", port, "/any", wrong, NULL, 0);
    assert_int_equal(x.status, 401);
    assert_non_null(strstr(tu_header(&x, "WWW-Authenticate"), "error=\"invalid_token\""));
    tu_resp_free(&x);

    const char *none[] = {"Authorization: Bearer token-none", NULL};
    x = tu_request("GET", port, "/any", none, NULL, 0);
    assert_int_equal(x.status, 200);
    assert_string_equal(x.body, "noscope");
    tu_resp_free(&x);
    x = tu_request("POST", port, "/offers", none, "{}", 2);
    assert_int_equal(x.status, 403);
    assert_non_null(strstr(x.body, "\"error\":\"insufficient_scope\""));
    assert_non_null(strstr(tu_header(&x, "WWW-Authenticate"), "insufficient_scope"));
    tu_resp_free(&x);

    const char *good[] = {"Authorization: Bearer token-health", NULL};
    x = tu_request("POST", port, "/offers", good, "{}", 2);
    assert_int_equal(x.status, 200);
    assert_string_equal(x.body, "health-dept");
    tu_resp_free(&x);

    /* Routes without a requirement ignore the header. */
    x = tu_request("GET", port, "/public", wrong, NULL, 0);
    assert_int_equal(x.status, 200);
    assert_string_equal(x.body, "(anonymous)");
    tu_resp_free(&x);

    svc_server_stop(s);
    svc_router_free(r);
    svc_apikeys_free(k);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_valid_key_and_scopes),
        cmocka_unit_test(test_generated_key_roundtrip),
        cmocka_unit_test(test_keys_from_config),
        cmocka_unit_test(test_check_missing_header),
        cmocka_unit_test(test_check_malformed_authorization),
        cmocka_unit_test(test_check_unknown_token),
        cmocka_unit_test(test_add_refuses_bad_entries),
        cmocka_unit_test(test_config_entries_refused),
        cmocka_unit_test(test_http_missing_invalid_valid_and_scope),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
