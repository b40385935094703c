/* wallet_svc access log: one JSON line per request with the route pattern,
 * status, bytes, duration and a keyed pseudonym of the client — and none
 * of: raw path, query string, bodies, Authorization, cookies, addresses. */
#include <fcntl.h>
#include <sys/stat.h>

#include <wallet/primitives.h>

#include "svc_testutil.h"

#define SECRET_TOKEN "tok-S3CR3T-bearer"
#define SECRET_QUERY "q-S3CR3T-query"
#define SECRET_BODY "body-S3CR3T-012345678901"
#define SECRET_COOKIE "cookie-S3CR3T"
#define SECRET_ID "079201004321" /* a national ID number in the path */

static const uint8_t log_key[16] = "0123456789abcdef";

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return calloc(1, 1);
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The completed callback writes the line after the response went out:
 * wait (at most 10 s) until `want` lines are there. */
static char *wait_lines(const char *path, size_t want)
{
    for (int i = 0; i < 1000; i++) {
        char *t = read_all(path);
        if (count_lines(t) >= want)
            return t;
        free(t);
        usleep(10000);
    }
    return read_all(path);
}

static void h_echo_len(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    size_t n;
    svc_request_body(req, &n);
    char out[32];
    snprintf(out, sizeof(out), "%zu", n);
    svc_response_text(res, 200, out);
}

static void test_lines_carry_pattern_status_and_no_secrets(void **state)
{
    (void)state;
    char path[] = "/tmp/svc_accesslog_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    svc_accesslog *log = NULL;
    tu_assert_svc_ok(svc_accesslog_open(&log, path, log_key, sizeof(log_key)));
    svc_apikeys *keys = NULL;
    tu_assert_svc_ok(svc_apikeys_new(&keys));
    uint8_t d[32];
    char hex[65];
    wallet_sha256(NULL, d, (const uint8_t *)SECRET_TOKEN, strlen(SECRET_TOKEN));
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    tu_assert_svc_ok(svc_apikeys_add(keys, "health-dept", NULL, hex, NULL, 0));
    svc_router *r = NULL;
    tu_assert_svc_ok(svc_router_new(&r));
    svc_route_opts auth = {NULL, "", 0, 0}, quiet = {NULL, NULL, 0, SVC_ROUTE_NO_LOG};
    tu_assert_svc_ok(svc_router_add(r, "POST", "/records/{id}/offers", h_echo_len, NULL, &auth));
    tu_assert_svc_ok(svc_router_add(r, "GET", "/records/{id}", h_echo_len, NULL, NULL));
    tu_assert_svc_ok(svc_router_add(r, "GET", "/quiet", h_echo_len, NULL, &quiet));
    svc_server_opts o;
    svc_server_opts_default(&o);
    o.router = r;
    o.accesslog = log;
    o.apikeys = keys;
    svc_server *s = tu_serve(&o);
    unsigned port = svc_server_port(s);

    const char *h[] = {"Authorization: Bearer " SECRET_TOKEN, "Cookie: sid=" SECRET_COOKIE,
                       NULL};
    tu_resp x = tu_request("POST", port, "/records/" SECRET_ID "/offers?x=" SECRET_QUERY, h,
                           SECRET_BODY, strlen(SECRET_BODY));
    assert_int_equal(x.status, 200);
    tu_resp_free(&x);
    x = tu_request("GET", port, "/records/" SECRET_ID "?q=" SECRET_QUERY, h, NULL, 0);
    tu_resp_free(&x);
    x = tu_get(port, "/nowhere/" SECRET_ID);
    assert_int_equal(x.status, 404);
    tu_resp_free(&x);
    x = tu_request("BREW", port, "/records/" SECRET_ID, NULL, NULL, 0);
    assert_int_equal(x.status, 405);
    tu_resp_free(&x);
    x = tu_get(port, "/quiet");
    tu_resp_free(&x);
    /* Wrong key: logged without a key id. */
    const char *bad[] = {"Authorization: Bearer wrong-" SECRET_TOKEN, NULL};
    x = tu_request("POST", port, "/records/" SECRET_ID "/offers", bad, "{}", 2);
    assert_int_equal(x.status, 401);
    tu_resp_free(&x);

    char *text = wait_lines(path, 5);
    svc_server_stop(s);
    assert_int_equal(count_lines(text), 5); /* /quiet is not logged */

    /* Nothing secret or personal anywhere. */
    const char *forbidden[] = {SECRET_TOKEN, SECRET_QUERY, SECRET_BODY, SECRET_COOKIE, SECRET_ID,
                               "127.0.0.1", "Bearer", "?"};
    for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
        if (strstr(text, forbidden[i]))
            fail_msg("access log contains \"%s\":\n%s", forbidden[i], text);

    /* Each line is a JSON object with exactly the documented members. */
    uint8_t mac[32];
    wallet_hmac_sha256(NULL, mac, log_key, sizeof(log_key), (const uint8_t *)"127.0.0.1", 9);
    char pseudonym[17];
    for (int i = 0; i < 8; i++)
        snprintf(pseudonym + 2 * i, 3, "%02x", mac[i]);
    /* Lines come in completion order, which need not be request order
     * (each request completes on its own pool thread): match them by
     * method and status, which are unique here. */
    static const struct {
        const char *method, *route, *key_id;
        int status;
    } want[5] = {{"POST", "/records/{id}/offers", "health-dept", 200},
                 {"GET", "/records/{id}", NULL, 200},
                 {"GET", "-", NULL, 404},
                 {"OTHER", "/records/{id}", NULL, 405},
                 {"POST", "/records/{id}/offers", NULL, 401}};
    int seen[5] = {0};
    char *line = text;
    for (int i = 0; i < 5; i++) {
        char *eol = strchr(line, '\n');
        *eol = '\0';
        cJSON *j = cJSON_Parse(line);
        if (!j)
            fail_msg("not JSON: %s", line);
        const char *method = cJSON_GetObjectItem(j, "method")->valuestring;
        int status = cJSON_GetObjectItem(j, "status")->valueint;
        int k = 0;
        while (k < 5 && !(want[k].status == status && !strcmp(want[k].method, method)))
            k++;
        if (k == 5 || seen[k]++)
            fail_msg("unexpected line: %s", line);
        assert_string_equal(cJSON_GetObjectItem(j, "route")->valuestring, want[k].route);
        assert_string_equal(cJSON_GetObjectItem(j, "client")->valuestring, pseudonym);
        assert_true(cJSON_IsNumber(cJSON_GetObjectItem(j, "bytes")));
        assert_true(cJSON_IsNumber(cJSON_GetObjectItem(j, "duration_ms")));
        const char *ts = cJSON_GetObjectItem(j, "time")->valuestring;
        assert_int_equal(strlen(ts), 24); /* 2026-01-01T00:00:00.000Z */
        assert_int_equal(ts[23], 'Z');
        cJSON *kid = cJSON_GetObjectItem(j, "key_id");
        if (want[k].key_id)
            assert_string_equal(kid->valuestring, want[k].key_id);
        else
            assert_null(kid);
        assert_int_equal(cJSON_GetArraySize(j), want[k].key_id ? 8 : 7);
        cJSON_Delete(j);
        line = eol + 1;
    }
    free(text);
    svc_router_free(r);
    svc_apikeys_free(keys);
    svc_accesslog_close(log);
    unlink(path);
}

static void test_random_key_per_log(void **state)
{
    (void)state;
    /* Two logs without a configured key give different pseudonyms. */
    char p1[] = "/tmp/svc_al1_XXXXXX", p2[] = "/tmp/svc_al2_XXXXXX";
    close(mkstemp(p1));
    close(mkstemp(p2));
    svc_accesslog *a = NULL, *b = NULL;
    tu_assert_svc_ok(svc_accesslog_open(&a, p1, NULL, 0));
    tu_assert_svc_ok(svc_accesslog_open(&b, p2, NULL, 0));
    svc_accesslog_entry e = {.time_ms = 0, .method = "GET", .route = "/x", .status = 200,
                             .client = "10.0.0.1"};
    svc_accesslog_write(a, &e);
    svc_accesslog_write(b, &e);
    svc_accesslog_close(a);
    svc_accesslog_close(b);
    char *t1 = read_all(p1), *t2 = read_all(p2);
    assert_non_null(strstr(t1, "\"time\":\"1970-01-01T00:00:00.000Z\""));
    assert_string_not_equal(t1, t2);
    assert_null(strstr(t1, "10.0.0.1"));
    free(t1);
    free(t2);
    unlink(p1);
    unlink(p2);
}

static void test_route_text_is_json_escaped(void **state)
{
    (void)state;
    char p[] = "/tmp/svc_al3_XXXXXX";
    close(mkstemp(p));
    svc_accesslog *a = NULL;
    tu_assert_svc_ok(svc_accesslog_open(&a, p, NULL, 0));
    svc_accesslog_entry e = {.time_ms = 1, .method = "GET\n{", .route = "/a\"b\n\x01", .status = 1};
    svc_accesslog_write(a, &e);
    svc_accesslog_close(a);
    char *t = read_all(p);
    assert_int_equal(count_lines(t), 1);
    cJSON *j = cJSON_Parse(t);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "route")->valuestring, "/a\"b\n\x01");
    assert_string_equal(cJSON_GetObjectItem(j, "method")->valuestring, "OTHER");
    cJSON_Delete(j);
    free(t);
    unlink(p);
}

static void test_from_config(void **state)
{
    (void)state;
    char p[] = "/tmp/svc_al4_XXXXXX";
    close(mkstemp(p));
    char text[256];
    snprintf(text, sizeof(text), "{\"access_log\":{\"path\":\"%s\"}}", p);
    svc_config *cfg = NULL;
    tu_assert_svc_ok(svc_config_parse(&cfg, text, strlen(text), "a.json", "WT_AL"));
    setenv("WT_AL_ACCESS_LOG_HASH_KEY", "0123456789abcdef", 1);
    svc_accesslog *a = NULL;
    tu_assert_svc_ok(svc_accesslog_from_config(&a, cfg));
    assert_non_null(a);
    svc_accesslog_close(a);
    /* Too short a key. */
    setenv("WT_AL_ACCESS_LOG_HASH_KEY", "short", 1);
    tu_assert_svc(svc_accesslog_from_config(&a, cfg), SVC_ERR_CONFIG);
    assert_null(a);
    unsetenv("WT_AL_ACCESS_LOG_HASH_KEY");
    /* Disabled. */
    setenv("WT_AL_ACCESS_LOG_ENABLED", "false", 1);
    tu_assert_svc_ok(svc_accesslog_from_config(&a, cfg));
    assert_null(a);
    unsetenv("WT_AL_ACCESS_LOG_ENABLED");
    svc_config_free(cfg);
    unlink(p);
}

static void test_unwritable_path_refused(void **state)
{
    (void)state;
    svc_accesslog *a = (svc_accesslog *)1;
    tu_assert_svc(svc_accesslog_open(&a, "/nonexistent/dir/access.log", NULL, 0), SVC_ERR_IO);
    assert_null(a);
    tu_assert_svc(svc_accesslog_open(&a, NULL, (const uint8_t *)"short", 5), SVC_ERR_INVALID_ARG);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_carry_pattern_status_and_no_secrets),
        cmocka_unit_test(test_random_key_per_log),
        cmocka_unit_test(test_route_text_is_json_escaped),
        cmocka_unit_test(test_from_config),
        cmocka_unit_test(test_unwritable_path_refused),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
