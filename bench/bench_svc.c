/*
 * The services' shared layer (service-common, wallet_svc) next to the bare
 * libraries under it, single-threaded client, same process:
 *
 *   - HTTP: one keep-alive request/response over loopback. raw = a bare
 *     libmicrohttpd daemon answering a fixed JSON body from its access
 *     handler; wallet_svc = the full pipeline a service runs (request-target
 *     parsing, routing among 20 routes, rate limit, body handling, response
 *     with security headers, metrics, one access-log line to /dev/null).
 *   - Storage: one single-use record written and taken back (what a nonce
 *     or pre-authorized code costs). raw = SQLite with the same table and
 *     expiry index, prepared INSERT + SELECT + DELETE in BEGIN IMMEDIATE
 *     transactions, WAL, same synchronous mode, plain (SQLCipher without a
 *     key) or encrypted; wallet_svc = svc_storage_put + svc_storage_take on
 *     an encrypted database (argument and JSON checks, connection pool,
 *     writer queue).
 */
#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <microhttpd.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "svc/response.h"
#include "svc/server.h"
#include "svc/storage.h"

static const char svc_body[] = "{\"credential_issuer\":\"https://issuer.example\",\"ok\":true}";

/* ---- HTTP ------------------------------------------------------------------ */

static enum MHD_Result raw_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                   const char *method, const char *version, const char *up,
                                   size_t *up_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)up;
    (void)up_size;
    static int marker;
    if (!*con_cls) {
        *con_cls = &marker;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        sizeof(svc_body) - 1, (void *)(uintptr_t)svc_body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result q = MHD_queue_response(conn, 200, r);
    MHD_destroy_response(r);
    return q;
}

static void svc_handler(void *user, const svc_request *req, svc_response *res)
{
    (void)user;
    (void)req;
    svc_response_json_text(res, 200, svc_body, sizeof(svc_body) - 1);
}

static size_t http_sink(char *p, size_t s, size_t n, void *u)
{
    size_t *total = u;
    (void)p;
    *total += s * n;
    return s * n;
}

typedef struct http_arg {
    CURL *c;
    size_t bytes;
} http_arg;

static int http_op(void *p)
{
    http_arg *a = p;
    a->bytes = 0;
    long status = 0;
    if (curl_easy_perform(a->c) != CURLE_OK)
        return -1;
    curl_easy_getinfo(a->c, CURLINFO_RESPONSE_CODE, &status);
    return status == 200 && a->bytes == sizeof(svc_body) - 1 ? 0 : -1;
}

static CURL *http_client(unsigned port, const char *path, http_arg *a)
{
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a->bytes);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
    a->c = c;
    return c;
}

/* ---- storage --------------------------------------------------------------- */

typedef struct raw_db {
    sqlite3 *db;
    sqlite3_stmt *ins, *sel, *del, *begin, *commit;
    long n;
} raw_db;

static int raw_step(sqlite3_stmt *s, int want)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == want ? 0 : -1;
}

static int raw_storage_op(void *p)
{
    raw_db *r = p;
    char key[32];
    snprintf(key, sizeof(key), "nonce-%ld", r->n++);
    int bad = raw_step(r->begin, SQLITE_DONE);
    sqlite3_bind_text(r->ins, 1, key, -1, SQLITE_TRANSIENT);
    bad |= raw_step(r->ins, SQLITE_DONE);
    bad |= raw_step(r->commit, SQLITE_DONE);
    bad |= raw_step(r->begin, SQLITE_DONE);
    sqlite3_bind_text(r->sel, 1, key, -1, SQLITE_TRANSIENT);
    bad |= raw_step(r->sel, SQLITE_ROW);
    sqlite3_bind_text(r->del, 1, key, -1, SQLITE_TRANSIENT);
    bad |= raw_step(r->del, SQLITE_DONE);
    bad |= raw_step(r->commit, SQLITE_DONE);
    return bad ? -1 : 0;
}

/* encrypted: SQLCipher with a raw key, as wallet_svc opens it; else plain
 * SQLite (no key). */
static int raw_db_open(raw_db *r, const char *path, int full, int encrypted)
{
    memset(r, 0, sizeof(*r));
    if (sqlite3_open(path, &r->db) != SQLITE_OK)
        return -1;
    static const char rawkey[] =
        "x'62656e63682d6b65792d62656e63682d6b65792d62656e63682d6b65792d62'";
    if (encrypted && sqlite3_key(r->db, rawkey, (int)sizeof(rawkey) - 1) != SQLITE_OK)
        return -1;
    char sql[512];
    snprintf(sql, sizeof(sql),
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA temp_store=MEMORY;"
             "CREATE TABLE records (tbl TEXT NOT NULL, key TEXT NOT NULL, ref TEXT,"
             " value TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
             " PRIMARY KEY (tbl, key)) WITHOUT ROWID;"
             "CREATE INDEX records_expiry ON records (expires_at) WHERE expires_at > 0;",
             full ? "FULL" : "NORMAL");
    if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    const char *q[] = {
        "INSERT INTO records VALUES ('nonce', ?1, NULL, '{\"c_nonce\":true}', 0, 4102444800)",
        "SELECT value, expires_at FROM records WHERE tbl = 'nonce' AND key = ?1",
        "DELETE FROM records WHERE tbl = 'nonce' AND key = ?1", "BEGIN IMMEDIATE", "COMMIT"};
    sqlite3_stmt **out[] = {&r->ins, &r->sel, &r->del, &r->begin, &r->commit};
    for (int i = 0; i < 5; i++)
        if (sqlite3_prepare_v2(r->db, q[i], -1, out[i], NULL) != SQLITE_OK)
            return -1;
    return 0;
}

static void raw_db_close(raw_db *r)
{
    sqlite3_finalize(r->ins);
    sqlite3_finalize(r->sel);
    sqlite3_finalize(r->del);
    sqlite3_finalize(r->begin);
    sqlite3_finalize(r->commit);
    sqlite3_close(r->db);
}

typedef struct svc_db {
    svc_storage *st;
    long n;
} svc_db;

static int svc_storage_op(void *p)
{
    svc_db *s = p;
    char key[32];
    snprintf(key, sizeof(key), "nonce-%ld", s->n++);
    if (svc_storage_put(s->st, NULL, "nonce", key, NULL, "{\"c_nonce\":true}", 4102444800,
                        SVC_PUT_INSERT) != SVC_OK)
        return -1;
    svc_record r;
    if (svc_storage_take(s->st, NULL, &r, "nonce", key) != SVC_OK)
        return -1;
    svc_record_clear(&r);
    return 0;
}

static void rm_db(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

/* ---- the benchmark ---------------------------------------------------------- */

int bench_svc_run(const bench_opts *opts, bench_md *md)
{
    int rc = -1;
    curl_global_init(CURL_GLOBAL_DEFAULT);

    /* HTTP servers: one polling thread each, so that neither gets more CPU. */
    struct MHD_Daemon *raw = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL,
                                              0, NULL, NULL, raw_handler, NULL, MHD_OPTION_END);
    svc_router *router = NULL;
    svc_metrics *metrics = NULL;
    svc_ratelimit *rl = NULL;
    svc_accesslog *log = NULL;
    svc_server *server = NULL;
    if (!raw || svc_router_new(&router) || svc_metrics_new(&metrics, "bench_") ||
        svc_ratelimit_new(&rl, 0) || svc_ratelimit_group(rl, "default", 1e9, 1e9) ||
        svc_accesslog_open(&log, "/dev/null", NULL, 0)) {
        fprintf(stderr, "bench svc: setup failed: %s\n", svc_errmsg());
        goto done;
    }
    static const char *const pats[] = {
        "/.well-known/openid-credential-issuer", "/.well-known/oauth-authorization-server",
        "/.well-known/jwt-vc-issuer", "/token", "/nonce", "/credential", "/status/{id}",
        "/v1/offers", "/v1/offers/{id}", "/v1/offers/{id}/qr.png", "/v1/credentials/{id}",
        "/v1/credentials/{id}/revoke", "/v1/records/{id}/issued", "/v1/hc1", "/healthz",
        "/metrics", "/offers/{id}", "/counter", "/counter/{file}", "/v1/presentations/{id}"};
    for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
        if (svc_router_add(router, "GET", pats[i], svc_handler, NULL, NULL) != SVC_OK)
            goto done;
    svc_server_opts so;
    svc_server_opts_default(&so);
    so.router = router;
    so.threads = 1;
    so.metrics = metrics;
    so.ratelimit = rl;
    so.accesslog = log;
    if (svc_server_start(&server, &so) != SVC_OK) {
        fprintf(stderr, "bench svc: %s\n", svc_errmsg());
        goto done;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(raw, MHD_DAEMON_INFO_BIND_PORT);
    http_arg ra, la;
    http_client(info->port, "/.well-known/openid-credential-issuer", &ra);
    http_client(svc_server_port(server), "/v1/presentations/p-0123456789", &la);
    bench_stat hraw, hlib;
    if (http_op(&ra) || http_op(&la) ||
        bench_compare(opts, http_op, &ra, http_op, &la, &hraw, &hlib)) {
        fprintf(stderr, "bench svc: HTTP request failed\n");
        curl_easy_cleanup(ra.c);
        curl_easy_cleanup(la.c);
        goto done;
    }
    curl_easy_cleanup(ra.c);
    curl_easy_cleanup(la.c);
    printf("HTTP keep-alive GET over loopback, one client\n");
    printf("%-28s %12s %12s %7s %12s\n", "", "raw req/s", "svc req/s", "ratio", "overhead");
    printf("%-28s %12.0f %12.0f %7.3f %9.2f us\n", "request/response", hraw.median, hlib.median,
           hlib.median / hraw.median, (1.0 / hlib.median - 1.0 / hraw.median) * 1e6);

    /* Storage: NORMAL against plain and encrypted SQLite, FULL against
     * encrypted (there the disk dominates). */
    static const struct {
        int full, encrypted;
        const char *label;
    } sc[3] = {{0, 0, "synchronous NORMAL, raw plain SQLite"},
               {0, 1, "synchronous NORMAL, raw SQLCipher"},
               {1, 1, "synchronous FULL, raw SQLCipher"}};
    bench_stat sraw[3], slib[3];
    char dir[] = "/tmp/bench_svc_XXXXXX";
    if (!mkdtemp(dir))
        goto done;
    for (int i = 0; i < 3; i++) {
        char rp[128], lp[128];
        snprintf(rp, sizeof(rp), "%s/raw%d.db", dir, i);
        snprintf(lp, sizeof(lp), "%s/svc%d.db", dir, i);
        raw_db r;
        svc_db l = {NULL, 0};
        static const uint8_t key[32] = "bench-key-bench-key-bench-key-b";
        svc_sqlcipher_opts o = {1, 5000, sc[i].full};
        int bad = raw_db_open(&r, rp, sc[i].full, sc[i].encrypted) ||
                  svc_storage_open_sqlcipher(&l.st, lp, key, &o) != SVC_OK ||
                  raw_storage_op(&r) || svc_storage_op(&l) ||
                  bench_compare(opts, raw_storage_op, &r, svc_storage_op, &l, &sraw[i],
                                &slib[i]);
        raw_db_close(&r);
        svc_storage_close(l.st);
        rm_db(rp);
        rm_db(lp);
        if (bad) {
            fprintf(stderr, "bench svc: storage failed: %s\n", svc_errmsg());
            rmdir(dir);
            goto done;
        }
    }
    rmdir(dir);
    printf("single-use record: insert, then take (read + delete), two transactions\n");
    printf("%-38s %10s %10s %7s %12s\n", "", "raw ops/s", "svc ops/s", "ratio", "overhead");
    for (int i = 0; i < 3; i++)
        printf("%-38s %10.0f %10.0f %7.3f %9.2f us\n", sc[i].label, sraw[i].median,
               slib[i].median, slib[i].median / sraw[i].median,
               (1.0 / slib[i].median - 1.0 / sraw[i].median) * 1e6);

    bench_md_printf(
        md,
        "Method. What the services' shared layer (`service-common/`, `wallet_svc`) adds over "
        "the bare libraries under it, with a single-threaded client in the same process:\n\n"
        "- **HTTP** — one keep-alive `GET` over loopback with libcurl, a %zu-byte JSON body. "
        "raw: a bare libmicrohttpd daemon (one polling thread) answering from its access "
        "handler. wallet_svc: the pipeline every service request goes through — request-target "
        "parsing, routing among 20 patterns (the matched one has a parameter), rate limit, "
        "body handling, the response with its security headers, the request metrics "
        "(counter + histogram + in-flight gauge) and one access-log line (HMAC pseudonym "
        "included) written to `/dev/null`; one server thread.\n"
        "- **Storage** — one single-use record (a nonce, a pre-authorized code) inserted, "
        "then taken back (read + delete), in two transactions. raw: SQLite with the same "
        "table and expiry index, prepared statements in `BEGIN IMMEDIATE` transactions, WAL, "
        "the same `synchronous` mode — either plain (SQLCipher without a key: no "
        "encryption) or encrypted under the same raw key. wallet_svc: `svc_storage_put` + "
        "`svc_storage_take` on an encrypted database (argument and JSON checks, the "
        "existence check of an insert, connection pool, writer queue).\n\n"
        "Wall-clock time, %d round%s of at least %.3g s per side, interleaved as for the JWS "
        "benchmark; median round, min–max over rounds. Ratio = wallet_svc / raw.\n\n",
        sizeof(svc_body) - 1, opts->repeats, opts->repeats == 1 ? "" : "s", opts->seconds);
    bench_md_printf(md, "| operation | raw /s | wallet_svc /s | ratio | overhead per op | "
                        "spread raw | spread wallet_svc |\n|---|---:|---:|---:|---:|---:|---:|\n");
    bench_md_printf(md, "| HTTP request/response | %.0f | %.0f | %.3f | %.1f µs | %.0f–%.0f | "
                        "%.0f–%.0f |\n",
                    hraw.median, hlib.median, hlib.median / hraw.median,
                    (1.0 / hlib.median - 1.0 / hraw.median) * 1e6, hraw.min, hraw.max, hlib.min,
                    hlib.max);
    for (int i = 0; i < 3; i++)
        bench_md_printf(md, "| single-use record, %s | %.0f | %.0f | %.3f | %.1f µs "
                            "| %.0f–%.0f | %.0f–%.0f |\n",
                        sc[i].label, sraw[i].median, slib[i].median,
                        slib[i].median / sraw[i].median,
                        (1.0 / slib[i].median - 1.0 / sraw[i].median) * 1e6, sraw[i].min,
                        sraw[i].max, slib[i].min, slib[i].max);
    bench_md_printf(md, "\nWith `synchronous FULL` (the default) each commit waits for the "
                        "disk, which dominates both sides: that is the price of never handing "
                        "out a status-list index twice after a power loss (see "
                        "[service-common.md](service-common.md#storage)).\n\n");
    rc = 0;
done:
    svc_server_stop(server);
    if (raw)
        MHD_stop_daemon(raw);
    svc_router_free(router);
    svc_metrics_free(metrics);
    svc_ratelimit_free(rl);
    svc_accesslog_close(log);
    curl_global_cleanup();
    return rc;
}
