/* The HTTP client (src/http) against a libmicrohttpd server on a loopback
 * port chosen by the kernel. */
#include "testutil.h"

#include <microhttpd.h>
#include <unistd.h>

#include "http/http.h"

static struct MHD_Daemon *daemon_;
static unsigned port_;

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    static int marker;
    if (!strcmp(method, "POST") && *con_cls == NULL) {
        *con_cls = &marker;
        return MHD_YES;
    }
    static char posted[4096];
    static size_t posted_len;
    if (!strcmp(method, "POST") && *upload_size) {
        size_t n = *upload_size < sizeof(posted) - posted_len ? *upload_size : 0;
        memcpy(posted + posted_len, upload, n);
        posted_len += n;
        *upload_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r;
    unsigned status = 200;
    if (!strcmp(url, "/json")) {
        static const char body[] = "{\"ok\":true}";
        r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)(uintptr_t)body,
                                            MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Type", "Application/JSON; charset=utf-8");
        MHD_add_response_header(r, "Cache-Control", "public, max-age=300");
        MHD_add_response_header(r, "ETag", "\"v1\"");
    } else if (!strcmp(url, "/big")) {
        size_t n = 200000;
        char *body = malloc(n);
        memset(body, 'x', n);
        r = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
    } else if (!strcmp(url, "/redirect")) {
        r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Location", "/json");
        status = 302;
    } else if (!strcmp(url, "/slow")) {
        sleep(3);
        r = MHD_create_response_from_buffer(2, (void *)(uintptr_t)"ok", MHD_RESPMEM_PERSISTENT);
    } else if (!strcmp(url, "/echo")) {
        r = MHD_create_response_from_buffer(posted_len, posted, MHD_RESPMEM_MUST_COPY);
        posted_len = 0;
        const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
        MHD_add_response_header(r, "Content-Type", ct ? ct : "none");
        MHD_add_response_header(r, "ETag", auth ? auth : "none");
    } else {
        r = MHD_create_response_from_buffer(9, (void *)(uintptr_t)"not found",
                                            MHD_RESPMEM_PERSISTENT);
        status = 404;
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static int setup(void **state)
{
    (void)state;
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
                               0, NULL, NULL, handler, NULL, MHD_OPTION_END);
    if (!daemon_)
        return -1;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    port_ = info->port;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    MHD_stop_daemon(daemon_);
    return 0;
}

static const char *url(const char *path)
{
    static char buf[128];
    snprintf(buf, sizeof(buf), "http://127.0.0.1:%u%s", port_, path);
    return buf;
}

static void get_reads_body_and_headers(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wl_http_response r;
    tu_assert_ok(ctx, wl_http_get(ctx, url("/json"), "application/json", &r));
    assert_int_equal(r.status, 200);
    assert_string_equal((const char *)r.body, "{\"ok\":true}");
    assert_int_equal(r.len, 11);
    assert_string_equal(r.content_type, "application/json");
    assert_string_equal(r.etag, "\"v1\"");
    assert_int_equal(r.max_age, 300);
    wl_http_response_free(&r);
    wallet_ctx_free(ctx);
}

static void post_sends_body_and_headers(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wl_http_response r;
    const char *hdrs[] = {"Authorization: Bearer abc", NULL};
    tu_assert_ok(ctx, wl_http_post(ctx, url("/echo"), "application/x-www-form-urlencoded",
                                   (const uint8_t *)"a=1&b=2", 7, NULL, hdrs, &r));
    assert_int_equal(r.status, 200);
    assert_string_equal((const char *)r.body, "a=1&b=2");
    assert_string_equal(r.content_type, "application/x-www-form-urlencoded");
    assert_string_equal(r.etag, "Bearer abc");
    wl_http_response_free(&r);
    wallet_ctx_free(ctx);
}

static void status_codes_are_returned_not_followed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wl_http_response r;
    tu_assert_ok(ctx, wl_http_get(ctx, url("/redirect"), NULL, &r));
    assert_int_equal(r.status, 302); /* redirects are never followed */
    wl_http_response_free(&r);
    tu_assert_ok(ctx, wl_http_get(ctx, url("/nope"), NULL, &r));
    assert_int_equal(r.status, 404);
    wl_http_response_free(&r);
    wallet_ctx_free(ctx);
}

static void oversized_body_is_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_ctx_limit(ctx, WALLET_LIMIT_HTTP_BYTES, 100000);
    wl_http_response r;
    tu_assert_err(ctx, wl_http_get(ctx, url("/big"), NULL, &r), WALLET_ERR_TOO_LARGE);
    assert_null(r.body);
    wallet_ctx_limit(ctx, WALLET_LIMIT_HTTP_BYTES, 300000);
    tu_assert_ok(ctx, wl_http_get(ctx, url("/big"), NULL, &r));
    assert_int_equal(r.len, 200000);
    wl_http_response_free(&r);
    wallet_ctx_free(ctx);
}

static void offline_context_refuses(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_ctx_set_offline(ctx, 1);
    assert_int_equal(wallet_ctx_offline(ctx), 1);
    wl_http_response r;
    tu_assert_err(ctx, wl_http_get(ctx, url("/json"), NULL, &r), WALLET_ERR_OFFLINE);
    wallet_ctx_free(ctx);
}

static void insecure_urls_are_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wl_http_response r;
    tu_assert_err(ctx, wl_http_get(ctx, "http://issuer.example/jwks", NULL, &r),
                  WALLET_ERR_INSECURE_URL);
    tu_assert_err(ctx, wl_http_get(ctx, "ftp://127.0.0.1/x", NULL, &r), WALLET_ERR_INSECURE_URL);
    tu_assert_err(ctx, wl_http_get(ctx, "file:///etc/passwd", NULL, &r), WALLET_ERR_INSECURE_URL);
    tu_assert_err(ctx, wl_http_get(ctx, "not a url", NULL, &r), WALLET_ERR_INSECURE_URL);
    tu_assert_err(ctx, wl_http_get(ctx, "http://127.0.0.1.evil.example/", NULL, &r),
                  WALLET_ERR_INSECURE_URL);
    tu_assert_ok(ctx, wl_http_check_url(ctx, "https://issuer.example/jwks"));
    tu_assert_ok(ctx, wl_http_check_url(ctx, "http://localhost:8080/x"));
    tu_assert_ok(ctx, wl_http_check_url(ctx, "http://[::1]:8080/x"));
    wallet_ctx_free(ctx);
}

static void unreachable_and_slow_servers_fail(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wl_http_response r;
    /* Port 1 on loopback: nothing listens there. */
    tu_assert_err(ctx, wl_http_get(ctx, "http://127.0.0.1:1/x", NULL, &r), WALLET_ERR_NETWORK);
    wallet_ctx_limit(ctx, WALLET_LIMIT_HTTP_TIMEOUT, 1);
    tu_assert_err(ctx, wl_http_get(ctx, url("/slow"), NULL, &r), WALLET_ERR_NETWORK);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(get_reads_body_and_headers),
        cmocka_unit_test(post_sends_body_and_headers),
        cmocka_unit_test(status_codes_are_returned_not_followed),
        cmocka_unit_test(oversized_body_is_refused),
        cmocka_unit_test(offline_context_refuses),
        cmocka_unit_test(insecure_urls_are_refused),
        cmocka_unit_test(unreachable_and_slow_servers_fail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
