/* A bounded concurrency soak: 300 concurrent keep-alive connections (the
 * DESIGN's peak of concurrent sessions per service) for 2 seconds against a
 * server whose handlers use the storage, then checks that every request got
 * its answer and the storage agrees with what was answered. Not a
 * benchmark: it asserts correctness under load, not speed. */
#include <stdatomic.h>
#include <sys/resource.h>

#include "svc_testutil.h"

#define CONNS 300
#define SECONDS 2

static svc_storage *st_;
static atomic_int puts_ok_;

static void h_hello(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    (void)req;
    svc_response_json_text(res, 200, "{\"hello\":\"world\"}", 17);
}

/* Store a nonce, take it back once: the answer says whether both worked. */
static void h_nonce(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    size_t n = 0;
    const uint8_t *b = svc_request_body(req, &n);
    char key[64];
    snprintf(key, sizeof(key), "%.*s", (int)(n < 60 ? n : 60), (const char *)b);
    svc_record r;
    if (svc_storage_put(st_, NULL, "nonce", key, NULL, "{}", svc_storage_now(st_) + 60,
                        SVC_PUT_INSERT) != SVC_OK ||
        svc_storage_take(st_, NULL, &r, "nonce", key) != SVC_OK) {
        svc_response_error(res, 500, "server_error", svc_errmsg());
        return;
    }
    svc_record_clear(&r);
    atomic_fetch_add(&puts_ok_, 1);
    svc_response_status(res, 204);
}

typedef struct conn {
    CURL *c;
    int id, seq, post;
    char body[64];
    long done;
} conn;

static void prepare(conn *k, unsigned port)
{
    char url[64];
    k->post = (k->seq++ % 3) == 0;
    if (k->post) {
        snprintf(url, sizeof(url), "http://127.0.0.1:%u/nonce", port);
        snprintf(k->body, sizeof(k->body), "n-%d-%d", k->id, k->seq);
        curl_easy_setopt(k->c, CURLOPT_POSTFIELDS, k->body);
    } else {
        snprintf(url, sizeof(url), "http://127.0.0.1:%u/hello", port);
        curl_easy_setopt(k->c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(k->c, CURLOPT_URL, url);
}

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static void test_300_concurrent_connections_for_2_seconds(void **state)
{
    (void)state;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 2 * CONNS + 64) {
        rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    char dir[] = "/tmp/svc_soak_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[128];
    snprintf(db, sizeof(db), "%s/soak.db", dir);
    static const uint8_t key[32] = "soak-key-soak-key-soak-key-soak";
    svc_sqlcipher_opts so = {8, 10000, 0};
    tu_assert_svc_ok(svc_storage_open_sqlcipher(&st_, db, key, &so));

    svc_router *r = NULL;
    tu_assert_svc_ok(svc_router_new(&r));
    tu_assert_svc_ok(svc_router_add(r, "GET", "/hello", h_hello, NULL, NULL));
    tu_assert_svc_ok(svc_router_add(r, "POST", "/nonce", h_nonce, NULL, NULL));
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, ""));
    svc_server_opts o;
    svc_server_opts_default(&o);
    o.router = r;
    o.metrics = m;
    o.max_per_ip = 0; /* every client here is 127.0.0.1 */
    o.max_connections = 1024;
    o.threads = 4;
    svc_server *s = tu_serve(&o);
    unsigned port = svc_server_port(s);

    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)CONNS + 10);
    static conn conns[CONNS];
    for (int i = 0; i < CONNS; i++) {
        conns[i] = (conn){curl_easy_init(), i, 0, 0, "", 0};
        curl_easy_setopt(conns[i].c, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(conns[i].c, CURLOPT_TIMEOUT, 20L);
        curl_easy_setopt(conns[i].c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(conns[i].c, CURLOPT_PRIVATE, &conns[i]);
        prepare(&conns[i], port);
        curl_multi_add_handle(multi, conns[i].c);
    }
    uint64_t start = svc_monotonic_ms();
    long completed = 0, failed = 0, posts = 0;
    int running = CONNS;
    while (running > 0) {
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left;
        int stop = svc_monotonic_ms() - start > SECONDS * 1000;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            conn *k = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&k);
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            long want = k->post ? 204 : 200;
            if (msg->data.result != CURLE_OK || status != want) {
                failed++;
                fprintf(stderr, "soak: conn %d: %s, status %ld\n", k->id,
                        curl_easy_strerror(msg->data.result), status);
            } else {
                completed++;
                k->done++;
                posts += k->post;
            }
            curl_multi_remove_handle(multi, k->c);
            if (!stop) {
                prepare(k, port);
                curl_multi_add_handle(multi, k->c);
                running++;
            }
        }
        if (running > 0)
            curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    int everyone = 1;
    for (int i = 0; i < CONNS; i++) {
        everyone &= conns[i].done > 0;
        curl_easy_cleanup(conns[i].c);
    }
    curl_multi_cleanup(multi);
    fprintf(stderr, "soak: %ld requests (%ld with storage) in %llu ms over %d connections\n",
            completed, posts, (unsigned long long)(svc_monotonic_ms() - start), CONNS);

    assert_int_equal(failed, 0);
    assert_true(everyone);          /* all 300 were served */
    assert_true(completed >= CONNS);
    assert_int_equal(atomic_load(&puts_ok_), posts);
    /* Every nonce was taken back: nothing left behind. */
    svc_record *recs = NULL;
    size_t n = 9;
    tu_assert_svc_ok(svc_storage_list(st_, NULL, &recs, &n, "nonce", NULL, 0));
    assert_int_equal(n, 0);
    assert_int_equal(svc_server_stop(s), SVC_OK);
    char *text = NULL;
    tu_assert_svc_ok(svc_metrics_render(m, &text, NULL));
    assert_non_null(strstr(text, "http_requests_in_flight 0\n"));
    free(text);
    svc_metrics_free(m);
    svc_router_free(r);
    svc_storage_close(st_);
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_300_concurrent_connections_for_2_seconds),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
