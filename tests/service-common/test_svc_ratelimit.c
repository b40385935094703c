/* wallet_svc rate limits: token buckets per group and client, refill,
 * Retry-After, bounded memory; 429 over HTTP with a test clock. */
#include <pthread.h>

#include "svc_testutil.h"


static uint64_t fake_ms;

static uint64_t fake_clock(void *u)
{
    (void)u;
    return fake_ms;
}

static svc_ratelimit *make(size_t max)
{
    svc_ratelimit *rl = NULL;
    tu_assert_svc_ok(svc_ratelimit_new(&rl, max));
    svc_ratelimit_set_clock(rl, fake_clock, NULL);
    fake_ms = 1000000;
    return rl;
}

static void test_burst_then_refill(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "token", 2, 3)); /* 2/s, burst 3 */
    unsigned ra = 0;
    for (int i = 0; i < 3; i++)
        assert_true(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    assert_false(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    assert_int_equal(ra, 1);
    fake_ms += 499;
    assert_false(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    fake_ms += 1; /* 500 ms at 2/s: one token back */
    assert_true(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    assert_false(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    fake_ms += 10000; /* refills to the burst, not beyond */
    for (int i = 0; i < 3; i++)
        assert_true(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    assert_false(svc_ratelimit_take(rl, "token", "10.0.0.1", &ra));
    svc_ratelimit_free(rl);
}

static void test_retry_after_rounds_up(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "slow", 0.1, 1)); /* one per 10 s */
    unsigned ra = 0;
    assert_true(svc_ratelimit_take(rl, "slow", "c", &ra));
    assert_false(svc_ratelimit_take(rl, "slow", "c", &ra));
    assert_int_equal(ra, 10);
    fake_ms += 2500;
    assert_false(svc_ratelimit_take(rl, "slow", "c", &ra));
    assert_int_equal(ra, 8); /* 7.5 s left, rounded up */
    svc_ratelimit_free(rl);
}

static void test_clients_and_groups_are_separate(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "default", 1, 1));
    tu_assert_svc_ok(svc_ratelimit_group(rl, "admin", 1, 1));
    unsigned ra;
    assert_true(svc_ratelimit_take(rl, "default", "a", &ra));
    assert_false(svc_ratelimit_take(rl, "default", "a", &ra));
    assert_true(svc_ratelimit_take(rl, "default", "b", &ra));
    assert_true(svc_ratelimit_take(rl, "admin", "a", &ra));
    /* An undefined group uses "default". */
    assert_false(svc_ratelimit_take(rl, "undefined", "a", &ra));
    svc_ratelimit_free(rl);
}

static void test_no_default_means_unlimited(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "token", 1, 1));
    unsigned ra;
    for (int i = 0; i < 100; i++)
        assert_true(svc_ratelimit_take(rl, "other", "a", &ra));
    assert_int_equal(svc_ratelimit_size(rl), 0);
    svc_ratelimit_free(rl);
}

static void test_memory_bounded_and_idle_buckets_dropped(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(64);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "default", 10, 5));
    unsigned ra;
    char c[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(c, sizeof(c), "10.1.%d.%d", i / 256, i % 256);
        assert_true(svc_ratelimit_take(rl, "default", c, &ra));
        assert_true(svc_ratelimit_size(rl) <= 64);
    }
    assert_int_equal(svc_ratelimit_size(rl), 64);
    /* Once idle long enough to be full again, buckets go away. */
    fake_ms += 60000;
    for (int i = 0; i < 40; i++) {
        snprintf(c, sizeof(c), "fresh-%d", i);
        assert_true(svc_ratelimit_take(rl, "default", c, &ra));
    }
    assert_int_equal(svc_ratelimit_size(rl), 40);
    svc_ratelimit_free(rl);
}

static void test_long_client_keys_are_cut_consistently(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "default", 1, 1));
    char k[600];
    memset(k, 'k', sizeof(k) - 1);
    k[sizeof(k) - 1] = '\0';
    unsigned ra;
    assert_true(svc_ratelimit_take(rl, "default", k, &ra));
    assert_false(svc_ratelimit_take(rl, "default", k, &ra));
    assert_int_equal(svc_ratelimit_size(rl), 1);
    svc_ratelimit_free(rl);
}

typedef struct {
    svc_ratelimit *rl;
    int allowed;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *a = p;
    unsigned ra;
    for (int i = 0; i < 1000; i++)
        a->allowed += svc_ratelimit_take(a->rl, "default", "shared", &ra);
    return NULL;
}

static void test_concurrent_takes_never_exceed_burst(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "default", 0.001, 100));
    pthread_t t[8];
    worker_arg a[8];
    for (int i = 0; i < 8; i++) {
        a[i].rl = rl;
        a[i].allowed = 0;
        pthread_create(&t[i], NULL, worker, &a[i]);
    }
    int total = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        total += a[i].allowed;
    }
    assert_int_equal(total, 100);
    svc_ratelimit_free(rl);
}

static void test_bad_groups_refused(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc(svc_ratelimit_group(rl, "", 1, 1), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_ratelimit_group(rl, "bad name", 1, 1), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_ratelimit_group(rl, "g", 0, 1), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_ratelimit_group(rl, "g", -1, 1), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_ratelimit_group(rl, "g", 1, 0.5), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_ratelimit_group(rl, "g", 1.0 / 0.0, 1), SVC_ERR_INVALID_ARG);
    svc_ratelimit_free(rl);
    tu_assert_svc(svc_ratelimit_new(&rl, 20000000), SVC_ERR_INVALID_ARG);
    assert_null(rl);
}

static void test_from_config(void **state)
{
    (void)state;
    const char *t = "{\"rate_limits\":{\"max_clients\":1000,\"groups\":{\"default\":{\"rate\":5,"
                    "\"burst\":10},\"token\":{\"rate\":1}}}}";
    svc_config *cfg = NULL;
    tu_assert_svc_ok(svc_config_parse(&cfg, t, strlen(t), "r.json", "WT_RL"));
    setenv("WT_RL_RATE_LIMITS_GROUPS_TOKEN_BURST", "2", 1);
    svc_ratelimit *rl = NULL;
    tu_assert_svc_ok(svc_ratelimit_from_config(&rl, cfg));
    unsetenv("WT_RL_RATE_LIMITS_GROUPS_TOKEN_BURST");
    svc_ratelimit_set_clock(rl, fake_clock, NULL);
    unsigned ra;
    assert_true(svc_ratelimit_take(rl, "token", "x", &ra));
    assert_true(svc_ratelimit_take(rl, "token", "x", &ra));
    assert_false(svc_ratelimit_take(rl, "token", "x", &ra));
    tu_assert_svc_ok(svc_config_check_unused(cfg));
    svc_ratelimit_free(rl);
    svc_config_free(cfg);

    const char *bad[] = {"{\"rate_limits\":{\"groups\":{\"t\":{\"burst\":3}}}}",
                         "{\"rate_limits\":{\"groups\":{\"t\":{\"rate\":\"x\"}}}}",
                         "{\"rate_limits\":{\"groups\":[]}}",
                         "{\"rate_limits\":{\"groups\":{\"t\":{\"rate\":-1}}}}"};
    for (size_t i = 0; i < 4; i++) {
        tu_assert_svc_ok(svc_config_parse(&cfg, bad[i], strlen(bad[i]), "r.json", NULL));
        rl = (svc_ratelimit *)1;
        tu_assert_svc(svc_ratelimit_from_config(&rl, cfg), SVC_ERR_CONFIG);
        assert_null(rl);
        svc_config_free(cfg);
    }
}

/* ---- over HTTP ---------------------------------------------------------------- */

static void h_ok(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    (void)req;
    svc_response_text(res, 200, "ok");
}

static void test_http_429_with_retry_after_then_refill(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "default", 1, 2));
    tu_assert_svc_ok(svc_ratelimit_group(rl, "token", 0.5, 1));
    svc_router *r = NULL;
    tu_assert_svc_ok(svc_router_new(&r));
    svc_route_opts tok = {"token", NULL, 0, 0}, free_ = {NULL, NULL, 0, SVC_ROUTE_UNLIMITED};
    tu_assert_svc_ok(svc_router_add(r, "GET", "/a", h_ok, NULL, NULL));
    tu_assert_svc_ok(svc_router_add(r, "POST", "/token", h_ok, NULL, &tok));
    tu_assert_svc_ok(svc_router_add(r, "GET", "/healthz", h_ok, NULL, &free_));
    svc_server_opts o;
    svc_server_opts_default(&o);
    o.router = r;
    o.ratelimit = rl;
    svc_server *s = tu_serve(&o);
    unsigned port = svc_server_port(s);

    tu_resp x = tu_get(port, "/a");
    assert_int_equal(x.status, 200);
    tu_resp_free(&x);
    x = tu_get(port, "/a");
    assert_int_equal(x.status, 200);
    tu_resp_free(&x);
    x = tu_get(port, "/a");
    assert_int_equal(x.status, 429);
    assert_string_equal(tu_header(&x, "Retry-After"), "1");
    assert_non_null(strstr(x.body, "\"error\":\"rate_limited\""));
    tu_resp_free(&x);

    /* Other groups and unlimited routes are unaffected. */
    x = tu_request("POST", port, "/token", NULL, "", 0);
    assert_int_equal(x.status, 200);
    tu_resp_free(&x);
    x = tu_request("POST", port, "/token", NULL, "", 0);
    assert_int_equal(x.status, 429);
    assert_string_equal(tu_header(&x, "Retry-After"), "2");
    tu_resp_free(&x);
    for (int i = 0; i < 5; i++) {
        x = tu_get(port, "/healthz");
        assert_int_equal(x.status, 200);
        tu_resp_free(&x);
    }

    fake_ms += 1000; /* one token back in "default" */
    x = tu_get(port, "/a");
    assert_int_equal(x.status, 200);
    tu_resp_free(&x);
    x = tu_get(port, "/a");
    assert_int_equal(x.status, 429);
    tu_resp_free(&x);

    svc_server_stop(s);
    svc_router_free(r);
    svc_ratelimit_free(rl);
}

static void test_http_failed_api_key_attempts_are_rate_limited(void **state)
{
    (void)state;
    svc_ratelimit *rl = make(0);
    tu_assert_svc_ok(svc_ratelimit_group(rl, "admin", 1, 3));
    svc_apikeys *keys = NULL;
    tu_assert_svc_ok(svc_apikeys_new(&keys));
    tu_assert_svc_ok(svc_apikeys_add(keys, "k", NULL,
                                     "0000000000000000000000000000000000000000000000000000000000000000",
                                     NULL, 0));
    svc_router *r = NULL;
    tu_assert_svc_ok(svc_router_new(&r));
    svc_route_opts admin = {"admin", "", 0, 0};
    tu_assert_svc_ok(svc_router_add(r, "POST", "/admin", h_ok, NULL, &admin));
    svc_server_opts o;
    svc_server_opts_default(&o);
    o.router = r;
    o.ratelimit = rl;
    o.apikeys = keys;
    svc_server *s = tu_serve(&o);
    const char *guess[] = {"Authorization: Bearer guess", NULL};
    for (int i = 0; i < 3; i++) {
        tu_resp x = tu_request("POST", svc_server_port(s), "/admin", guess, "{}", 2);
        assert_int_equal(x.status, 401);
        tu_resp_free(&x);
    }
    tu_resp x = tu_request("POST", svc_server_port(s), "/admin", guess, "{}", 2);
    assert_int_equal(x.status, 429);
    assert_string_equal(tu_header(&x, "Retry-After"), "1");
    tu_resp_free(&x);
    x = tu_request("POST", svc_server_port(s), "/admin", NULL, "{}", 2);
    assert_int_equal(x.status, 429); /* missing keys count too */
    tu_resp_free(&x);
    svc_server_stop(s);
    svc_router_free(r);
    svc_apikeys_free(keys);
    svc_ratelimit_free(rl);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst_then_refill),
        cmocka_unit_test(test_retry_after_rounds_up),
        cmocka_unit_test(test_clients_and_groups_are_separate),
        cmocka_unit_test(test_no_default_means_unlimited),
        cmocka_unit_test(test_memory_bounded_and_idle_buckets_dropped),
        cmocka_unit_test(test_long_client_keys_are_cut_consistently),
        cmocka_unit_test(test_concurrent_takes_never_exceed_burst),
        cmocka_unit_test(test_bad_groups_refused),
        cmocka_unit_test(test_from_config),
        cmocka_unit_test(test_http_429_with_retry_after_then_refill),
        cmocka_unit_test(test_http_failed_api_key_attempts_are_rate_limited),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
