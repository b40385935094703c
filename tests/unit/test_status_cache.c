/*
 * The verifier's status list cache and its fetch, against a libmicrohttpd
 * server on a loopback port: content negotiation, caching for the token's
 * ttl (within the cache's bounds, never past exp), refetching, HTTP
 * failures, the subject check, LRU eviction, concurrent use, and
 * wallet_verify() online with a snapshot to fall back on.
 */
#include <microhttpd.h>
#include <pthread.h>

#include "test_status_common.h"

/* ---- the server ------------------------------------------------------------------------ */

typedef struct route {
    char path[64];
    uint8_t *body;
    size_t len;
    char type[64];
    unsigned status;
    int hits;
} route;

static struct MHD_Daemon *daemon_;
static unsigned port_;
static pthread_mutex_t routes_lock = PTHREAD_MUTEX_INITIALIZER;
static route routes[16];
static size_t n_routes;
static char last_accept[256];

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)cls, (void)method, (void)version, (void)upload, (void)upload_size, (void)con_cls;
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");
    struct MHD_Response *r = NULL;
    unsigned status = 404;
    pthread_mutex_lock(&routes_lock);
    snprintf(last_accept, sizeof(last_accept), "%s", accept ? accept : "");
    for (size_t i = 0; i < n_routes; i++) {
        if (strcmp(routes[i].path, url) != 0)
            continue;
        routes[i].hits++;
        status = routes[i].status;
        r = MHD_create_response_from_buffer(routes[i].len, routes[i].body, MHD_RESPMEM_MUST_COPY);
        if (routes[i].type[0])
            MHD_add_response_header(r, "Content-Type", routes[i].type);
        if (status == 302)
            MHD_add_response_header(r, "Location", "/lists/1");
        break;
    }
    pthread_mutex_unlock(&routes_lock);
    if (!r)
        r = MHD_create_response_from_buffer(9, (void *)(uintptr_t)"not found",
                                            MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static const char *url_of(const char *path)
{
    static _Thread_local char buf[4][128];
    static _Thread_local int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "http://127.0.0.1:%u%s", port_, path);
    return buf[k];
}

/* Serve `body` at `path` (replacing what was there). */
static void serve(const char *path, const uint8_t *body, size_t len, const char *type,
                  unsigned status)
{
    pthread_mutex_lock(&routes_lock);
    route *r = NULL;
    for (size_t i = 0; i < n_routes && !r; i++)
        if (!strcmp(routes[i].path, path))
            r = &routes[i];
    if (!r) {
        assert_true(n_routes < 16);
        r = &routes[n_routes++];
        memset(r, 0, sizeof(*r));
        snprintf(r->path, sizeof(r->path), "%s", path);
    }
    free(r->body);
    r->body = malloc(len ? len : 1);
    if (len)
        memcpy(r->body, body, len);
    r->len = len;
    snprintf(r->type, sizeof(r->type), "%s", type ? type : "");
    r->status = status;
    pthread_mutex_unlock(&routes_lock);
}

static int hits(const char *path)
{
    int h = -1;
    pthread_mutex_lock(&routes_lock);
    for (size_t i = 0; i < n_routes; i++)
        if (!strcmp(routes[i].path, path))
            h = routes[i].hits;
    pthread_mutex_unlock(&routes_lock);
    return h;
}

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *issuer;
    wallet_trust *trust;
    wallet_status_list *l1, *l2; /* l1: JWT, idx 1 revoked; l2: CWT, idx 0 suspended */
    wallet_status_cache *cache;
} fixture;

#define JWT_TYPE "application/statuslist+jwt"
#define CWT_TYPE "application/statuslist+cwt"

/* Serve the list's current token (lifetime / ttl as given). */
static void publish(fixture *f, const char *path, const wallet_status_list *l,
                    wallet_status_format fmt, const char *type, int64_t lifetime, int64_t ttl)
{
    uint8_t *tok = NULL;
    size_t len;
    tu_assert_ok(f->ctx, wallet_status_list_token(f->ctx, &tok, &len, l, f->issuer, NULL, 0, fmt,
                                                  lifetime, ttl));
    serve(path, tok, len, type, 200);
    wallet_free(tok);
}

static int setup(void **state)
{
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                               NULL, NULL, handler, NULL, MHD_OPTION_END);
    if (!daemon_)
        return -1;
    port_ = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
    n_routes = 0;
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(TS_NOW);
    f->issuer = ts_key(f->ctx, "health-1");
    f->trust = ts_trust(f->ctx, f->issuer);
    f->l1 = ts_list(f->ctx, url_of("/lists/1"), 1, 16, 4, (const unsigned[]){0, 1}, 2);
    f->l2 = ts_list(f->ctx, url_of("/lists/2"), 2, 16, 4, (const unsigned[]){2}, 1);
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 86400, 600);
    publish(f, "/lists/2", f->l2, WALLET_STATUS_CWT, CWT_TYPE, 86400, 600);
    tu_assert_ok(f->ctx, wallet_status_cache_new(f->ctx, &f->cache, 0));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (daemon_)
        MHD_stop_daemon(daemon_);
    for (size_t i = 0; i < n_routes; i++)
        free(routes[i].body);
    n_routes = 0;
    wallet_status_cache_free(f->cache);
    wallet_status_list_free(f->l1);
    wallet_status_list_free(f->l2);
    wallet_trust_free(f->trust);
    wallet_key_free(f->issuer);
    wallet_ctx_free(f->ctx);
    free(f);
    return 0;
}

static unsigned check(fixture *f, const char *path, uint64_t idx)
{
    unsigned v = 99;
    tu_assert_ok(f->ctx, wallet_status_cache_check(f->ctx, &v, f->cache, f->trust, 0,
                                                   url_of(path), idx));
    return v;
}

static wallet_err check_err(fixture *f, const char *path, uint64_t idx)
{
    unsigned v = 99;
    wallet_err e = wallet_status_cache_check(f->ctx, &v, f->cache, f->trust, 0, url_of(path), idx);
    if (e)
        assert_int_equal(v, 0);
    return e;
}

/* ---- positive -------------------------------------------------------------------------------- */

static void fetches_jwt_and_cwt(void **state)
{
    fixture *f = *state;
    assert_int_equal(check(f, "/lists/1", 1), WALLET_STATUS_INVALID);
    assert_int_equal(check(f, "/lists/1", 0), WALLET_STATUS_VALID);
    assert_string_equal(last_accept, "application/statuslist+jwt, application/statuslist+cwt");
    assert_int_equal(check(f, "/lists/2", 0), WALLET_STATUS_SUSPENDED);
    assert_int_equal(check(f, "/lists/2", 1), WALLET_STATUS_VALID);
    assert_int_equal(wallet_status_cache_count(f->cache), 2);
    assert_int_equal(hits("/lists/1"), 1);
    assert_int_equal(hits("/lists/2"), 1);
}

static void generic_content_type_is_detected(void **state)
{
    fixture *f = *state;
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, "text/plain", 86400, 600);
    publish(f, "/lists/2", f->l2, WALLET_STATUS_CWT, "application/octet-stream", 86400, 600);
    assert_int_equal(check(f, "/lists/1", 1), 1);
    assert_int_equal(check(f, "/lists/2", 0), 2);
}

static void cached_for_the_ttl_then_refetched(void **state)
{
    fixture *f = *state;
    assert_int_equal(check(f, "/lists/1", 2), WALLET_STATUS_VALID);
    /* The issuer revokes index 2 and publishes. */
    tu_assert_ok(f->ctx, wallet_status_list_set(f->ctx, f->l1, 2, WALLET_STATUS_INVALID));
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 86400, 600);
    /* Within the ttl (600 s) the cached list answers. */
    wallet_ctx_set_time(f->ctx, TS_NOW + 599);
    assert_int_equal(check(f, "/lists/1", 2), WALLET_STATUS_VALID);
    assert_int_equal(hits("/lists/1"), 1);
    /* After it, the list is fetched again and the revocation is seen. */
    wallet_ctx_set_time(f->ctx, TS_NOW + 600);
    assert_int_equal(check(f, "/lists/1", 2), WALLET_STATUS_INVALID);
    assert_int_equal(hits("/lists/1"), 2);
}

static void ttl_bounded_by_the_cache(void **state)
{
    fixture *f = *state;
    /* ttl of 1 s: the cache still keeps the list for its 60 s minimum. */
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 86400, 1);
    check(f, "/lists/1", 0);
    wallet_ctx_set_time(f->ctx, TS_NOW + 59);
    check(f, "/lists/1", 0);
    assert_int_equal(hits("/lists/1"), 1);
    wallet_ctx_set_time(f->ctx, TS_NOW + 60);
    check(f, "/lists/1", 0);
    assert_int_equal(hits("/lists/1"), 2);
    /* Without ttl, at most max (here 300 s). */
    tu_assert_ok(f->ctx, wallet_status_cache_set_ttl_bounds(f->ctx, f->cache, 0, 300));
    publish(f, "/lists/2", f->l2, WALLET_STATUS_CWT, CWT_TYPE, 86400, 0);
    check(f, "/lists/2", 0);
    wallet_ctx_set_time(f->ctx, TS_NOW + 60 + 300);
    check(f, "/lists/2", 0);
    assert_int_equal(hits("/lists/2"), 2);
    tu_assert_err(f->ctx, wallet_status_cache_set_ttl_bounds(f->ctx, f->cache, 10, 5),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_status_cache_set_ttl_bounds(f->ctx, f->cache, -1, 5),
                  WALLET_ERR_INVALID_ARG);
}

static void exp_ends_caching_early(void **state)
{
    fixture *f = *state;
    /* lifetime 120 s, ttl 600 s: exp wins. */
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 120, 600);
    check(f, "/lists/1", 0);
    wallet_ctx_set_time(f->ctx, TS_NOW + 119);
    check(f, "/lists/1", 0);
    assert_int_equal(hits("/lists/1"), 1);
    wallet_ctx_set_time(f->ctx, TS_NOW + 120);
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 120, 600); /* re-issued */
    check(f, "/lists/1", 0);
    assert_int_equal(hits("/lists/1"), 2);
}

static void least_recently_used_goes_first(void **state)
{
    fixture *f = *state;
    wallet_status_cache *small = NULL;
    tu_assert_ok(f->ctx, wallet_status_cache_new(f->ctx, &small, 2));
    wallet_status_list *l3 = ts_list(f->ctx, url_of("/lists/3"), 1, 8, 1, NULL, 0);
    publish(f, "/lists/3", l3, WALLET_STATUS_JWT, JWT_TYPE, 86400, 600);
    unsigned v;
    const char *order[] = {"/lists/1", "/lists/2", "/lists/1", "/lists/3", "/lists/1", "/lists/2"};
    for (size_t i = 0; i < WL_ARRAY_LEN(order); i++)
        tu_assert_ok(f->ctx, wallet_status_cache_check(f->ctx, &v, small, f->trust, 0,
                                                       url_of(order[i]), 0));
    assert_int_equal(wallet_status_cache_count(small), 2);
    /* /lists/2 was evicted by /lists/3 (1 was used more recently), then
     * fetched again; /lists/1 stayed. */
    assert_int_equal(hits("/lists/1"), 1);
    assert_int_equal(hits("/lists/2"), 2);
    assert_int_equal(hits("/lists/3"), 1);
    wallet_status_list_free(l3);
    wallet_status_cache_free(small);
}

typedef struct job {
    fixture *f;
    int errors;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    for (int i = 0; i < 300; i++) {
        unsigned v;
        int which = i % 2;
        uint64_t idx = (uint64_t)(i % 4);
        wallet_err e = wallet_status_cache_check(ctx, &v, j->f->cache, j->f->trust, 0,
                                                 url_of(which ? "/lists/2" : "/lists/1"), idx);
        unsigned want = which ? (idx == 0 ? 2u : 0u) : (idx == 1 ? 1u : 0u);
        if (e || v != want)
            j->errors++;
    }
    wallet_ctx_free(ctx);
    return NULL;
}

static void shared_by_threads(void **state)
{
    fixture *f = *state;
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].f = f;
        jobs[i].errors = 0;
        assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].errors, 0);
    }
    /* 1200 lookups, at most one fetch per thread and list. */
    assert_true(hits("/lists/1") >= 1 && hits("/lists/1") <= 4);
    assert_true(hits("/lists/2") >= 1 && hits("/lists/2") <= 4);
}

static void snapshot_from_the_cache(void **state)
{
    fixture *f = *state;
    wallet_status_snapshot *s = NULL, *back = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_new(f->ctx, &s));
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_uri(f->ctx, s, f->cache, f->trust, 0,
                                                        url_of("/lists/1")));
    check(f, "/lists/2", 0);
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_cache(f->ctx, s, f->cache));
    assert_int_equal(wallet_status_snapshot_count(s), 2);
    assert_int_equal(hits("/lists/1"), 1); /* add_uri went through the cache */
    /* add_uri without a cache fetches */
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_uri(f->ctx, s, NULL, f->trust, 0,
                                                        url_of("/lists/1")));
    assert_int_equal(hits("/lists/1"), 2);
    wallet_key *vk = ts_key(f->ctx, "counter");
    uint8_t *b = NULL;
    size_t len;
    tu_assert_ok(f->ctx, wallet_status_snapshot_save(f->ctx, &b, &len, s, vk));
    MHD_stop_daemon(daemon_); /* no network from here */
    daemon_ = NULL;
    wallet_ctx_set_offline(f->ctx, 1);
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &back, b, len, vk));
    unsigned v;
    tu_assert_ok(f->ctx, wallet_status_snapshot_check(f->ctx, &v, back, url_of("/lists/2"), 0,
                                                      3600));
    assert_int_equal(v, 2);
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handler, NULL,
                               MHD_OPTION_END); /* for teardown */
    wallet_free(b);
    wallet_key_free(vk);
    wallet_status_snapshot_free(back);
    wallet_status_snapshot_free(s);
}

static void verify_online_then_fall_back(void **state)
{
    fixture *f = *state;
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, p, f->cache));
    char *ok = ts_credential_jwt(f->ctx, f->issuer, url_of("/lists/1"), 0, 0);
    char *revoked = ts_credential_jwt(f->ctx, f->issuer, url_of("/lists/1"), 1, 0);
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)ok, strlen(ok)));
    wallet_result_free(r);
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)revoked,
                                        strlen(revoked)),
                  WALLET_ERR_REVOKED);
    wallet_result_free(r);

    /* A list whose server is down (nothing listens on port 1). */
    const char *down = "http://127.0.0.1:1/lists/9";
    char *cred = ts_credential_jwt(f->ctx, f->issuer, down, 1, 0);
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)cred, strlen(cred)),
                  WALLET_ERR_STATUS_UNAVAILABLE);
    wallet_result_free(r);
    /* With a snapshot holding that list, the snapshot answers. */
    wallet_status_list *l9 = ts_list(f->ctx, down, 1, 8, 2, (const unsigned[]){0, 1}, 2);
    size_t len;
    uint8_t *tok = ts_token(f->ctx, l9, f->issuer, WALLET_STATUS_JWT, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_new(f->ctx, &s));
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, f->trust, 0, tok, len));
    tu_assert_ok(f->ctx, wallet_policy_set_status_snapshot(f->ctx, p, s, 3600));
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)cred, strlen(cred)),
                  WALLET_ERR_REVOKED);
    wallet_result_free(r);
    /* Offline, the snapshot is used even for lists the server has. */
    wallet_ctx_set_offline(f->ctx, 1);
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)ok, strlen(ok)),
                  WALLET_ERR_STATUS_UNAVAILABLE); /* /lists/1 is not in the snapshot */
    wallet_result_free(r);
    wallet_status_snapshot_free(s);
    wallet_free(tok);
    wallet_status_list_free(l9);
    free(cred);
    free(ok);
    free(revoked);
    wallet_policy_free(p);
}

/* ---- negative -------------------------------------------------------------------------------- */

static void served_list_of_another_uri(void **state)
{
    fixture *f = *state;
    /* /lists/other serves list 1's token: its sub is /lists/1. */
    publish(f, "/lists/other", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 86400, 600);
    tu_assert_err(f->ctx, check_err(f, "/lists/other", 0), WALLET_ERR_STATUS_SUBJECT);
    assert_int_equal(wallet_status_cache_count(f->cache), 0);
}

static void content_type_contradicts_body(void **state)
{
    fixture *f = *state;
    publish(f, "/lists/2", f->l2, WALLET_STATUS_CWT, JWT_TYPE, 86400, 600);
    tu_assert_err(f->ctx, check_err(f, "/lists/2", 0), WALLET_ERR_STATUS_LIST_FORMAT);
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, CWT_TYPE, 86400, 600);
    tu_assert_err(f->ctx, check_err(f, "/lists/1", 0), WALLET_ERR_STATUS_LIST_FORMAT);
}

static void http_error_status(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, check_err(f, "/lists/none", 0), WALLET_ERR_HTTP_STATUS);
    serve("/lists/busy", (const uint8_t *)"busy", 4, "text/plain", 503);
    tu_assert_err(f->ctx, check_err(f, "/lists/busy", 0), WALLET_ERR_HTTP_STATUS);
}

static void redirect_not_followed(void **state)
{
    fixture *f = *state;
    serve("/lists/moved", (const uint8_t *)"", 0, NULL, 302);
    tu_assert_err(f->ctx, check_err(f, "/lists/moved", 0), WALLET_ERR_HTTP_STATUS);
    assert_non_null(strstr(wallet_ctx_errmsg(f->ctx), "redirects are not followed"));
    assert_int_equal(hits("/lists/1"), 0);
}

static void response_too_large(void **state)
{
    fixture *f = *state;
    size_t n = 300000;
    uint8_t *junk = malloc(n);
    memset(junk, 'A', n);
    serve("/lists/huge", junk, n, JWT_TYPE, 200);
    free(junk);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_HTTP_BYTES, 100000);
    tu_assert_err(f->ctx, check_err(f, "/lists/huge", 0), WALLET_ERR_TOO_LARGE);
}

static void plain_http_to_a_remote_host(void **state)
{
    fixture *f = *state;
    unsigned v;
    tu_assert_err(f->ctx, wallet_status_cache_check(f->ctx, &v, f->cache, f->trust, 0,
                                                    "http://status.city.example/lists/1", 0),
                  WALLET_ERR_INSECURE_URL);
}

static void offline_with_nothing_cached(void **state)
{
    fixture *f = *state;
    wallet_ctx_set_offline(f->ctx, 1);
    tu_assert_err(f->ctx, check_err(f, "/lists/1", 0), WALLET_ERR_OFFLINE);
    assert_int_equal(hits("/lists/1"), 0);
}

static void server_down(void **state)
{
    fixture *f = *state;
    unsigned v;
    tu_assert_err(f->ctx, wallet_status_cache_check(f->ctx, &v, f->cache, f->trust, 0,
                                                    "http://127.0.0.1:1/lists/1", 0),
                  WALLET_ERR_NETWORK);
}

static void index_beyond_the_fetched_list(void **state)
{
    fixture *f = *state;
    tu_assert_err(f->ctx, check_err(f, "/lists/1", 16), WALLET_ERR_STATUS_INDEX);
    /* the list is cached all the same, and the next lookup uses it */
    tu_assert_err(f->ctx, check_err(f, "/lists/1", 17), WALLET_ERR_STATUS_INDEX);
    assert_int_equal(hits("/lists/1"), 1);
}

static void token_signed_by_a_stranger(void **state)
{
    fixture *f = *state;
    wallet_key *stranger = ts_key(f->ctx, "health-1");
    uint8_t *tok = NULL;
    size_t len;
    tu_assert_ok(f->ctx, wallet_status_list_token(f->ctx, &tok, &len, f->l1, stranger, NULL, 0,
                                                  WALLET_STATUS_JWT, 86400, 600));
    serve("/lists/1", tok, len, JWT_TYPE, 200);
    tu_assert_err(f->ctx, check_err(f, "/lists/1", 0), WALLET_ERR_SIGNATURE);
    assert_int_equal(wallet_status_cache_count(f->cache), 0);
    wallet_free(tok);
    wallet_key_free(stranger);
}

static void expired_token_served(void **state)
{
    fixture *f = *state;
    publish(f, "/lists/1", f->l1, WALLET_STATUS_JWT, JWT_TYPE, 60, 600);
    wallet_ctx_set_time(f->ctx, TS_NOW + 3600);
    tu_assert_err(f->ctx, check_err(f, "/lists/1", 0), WALLET_ERR_EXPIRED);
}

static void arguments_are_checked(void **state)
{
    fixture *f = *state;
    unsigned v;
    wallet_status_cache *c = (wallet_status_cache *)1;
    tu_assert_err(f->ctx, wallet_status_cache_new(f->ctx, &c, 1u << 20), WALLET_ERR_INVALID_ARG);
    assert_null(c);
    tu_assert_err(f->ctx, wallet_status_cache_check(f->ctx, &v, NULL, f->trust, 0, TS_URI, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_status_cache_check(f->ctx, &v, f->cache, f->trust, 0, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_status_cache_add(f->ctx, f->cache, NULL, 0, (uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
    assert_int_equal(wallet_status_cache_count(NULL), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(fetches_jwt_and_cwt),
        T(generic_content_type_is_detected),
        T(cached_for_the_ttl_then_refetched),
        T(ttl_bounded_by_the_cache),
        T(exp_ends_caching_early),
        T(least_recently_used_goes_first),
        T(shared_by_threads),
        T(snapshot_from_the_cache),
        T(verify_online_then_fall_back),
        T(served_list_of_another_uri),
        T(content_type_contradicts_body),
        T(http_error_status),
        T(redirect_not_followed),
        T(response_too_large),
        T(plain_http_to_a_remote_host),
        T(offline_with_nothing_cached),
        T(server_down),
        T(index_beyond_the_fetched_list),
        T(token_signed_by_a_stranger),
        T(expired_token_served),
        T(arguments_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
