/*
 * The HTTP server on libmicrohttpd (see include/svc/server.h for the order
 * of checks and the shutdown sequence).
 *
 * libmicrohttpd calls, per request: the URI-log callback (first, with the
 * raw target: our request state is created there, so the target is parsed
 * by us and not by MHD's unescaper); the access handler once after the
 * headers, once per body chunk, and once at the end; the completed callback
 * when the response is sent or the connection dies (metrics, access log,
 * in-flight count). A response may be queued on the first call (before any
 * body byte is read: MHD then closes the connection after it) or on the
 * last, never while body data is being delivered.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http_int.h"
#include "metrics_int.h"
#include "svc/server.h"

#define SVCI_DRAIN_MIN (1024u * 1024u)

struct svc_server {
    struct MHD_Daemon *d;
    svc_server_opts o;
    char address[INET6_ADDRSTRLEN + 1];
    unsigned port;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned inflight;
    atomic_int stopping;
    volatile sig_atomic_t stop_requested;
    svc_metric *m_requests, *m_duration, *m_inflight, *m_limited;
};

void svc_server_opts_default(svc_server_opts *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof(*o));
    o->address = "127.0.0.1";
    o->port = 0;
    o->threads = 4;
    o->max_connections = 1024;
    o->max_per_ip = 64;
    o->timeout_s = 30;
    o->max_body = 64 * 1024;
    o->shutdown_grace_ms = 10000;
}

svc_err svc_server_opts_from_config(svc_server_opts *o, svc_config *cfg)
{
    svci_clear_err();
    if (!o || !cfg)
        return svci_err(SVC_ERR_INVALID_ARG, "server: NULL argument");
    const char *addr = NULL;
    int64_t port, threads, maxc, perip, timeout, body, grace;
    svc_err e = svc_config_string(cfg, &addr, "listen.address", o->address ? o->address
                                                                          : "127.0.0.1");
    if (e == SVC_OK)
        e = svc_config_int(cfg, &port, "listen.port", o->port, 0, 65535);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &threads, "server.threads", o->threads ? o->threads : 4, 1, 256);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &maxc, "server.max_connections",
                           o->max_connections ? o->max_connections : 1024, 1, 1000000);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &perip, "server.max_connections_per_ip", o->max_per_ip, 0,
                           1000000);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &timeout, "server.timeout_seconds",
                           o->timeout_s ? o->timeout_s : 30, 1, 3600);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &body, "server.max_body_bytes",
                           o->max_body ? (int64_t)o->max_body : 65536, 1, 256 * 1024 * 1024);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &grace, "server.shutdown_grace_ms",
                           o->shutdown_grace_ms, 0, 600000);
    if (e != SVC_OK)
        return e;
    o->address = addr;
    o->port = (unsigned)port;
    o->threads = (unsigned)threads;
    o->max_connections = (unsigned)maxc;
    o->max_per_ip = (unsigned)perip;
    o->timeout_s = (unsigned)timeout;
    o->max_body = (size_t)body;
    o->shutdown_grace_ms = (unsigned)grace;
    return SVC_OK;
}

/* ---- queueing responses ------------------------------------------------------ */

static const char *svci_mhd_header(const svc_request *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name) : NULL;
}

/* Turn res into an MHD response and queue it; takes the body. */
static enum MHD_Result svci_queue(svc_server *srv, svc_request *req, svc_response *res)
{
    if (res->failed || res->status < 100) {
        svci_response_release(res);
        svci_response_init(res);
        svc_response_error(res, 500, "server_error", "the handler gave no answer");
        if (res->failed) {
            svci_response_release(res);
            return MHD_NO;
        }
    }
    struct MHD_Response *r;
    if (res->body && res->body_free) {
        r = MHD_create_response_from_buffer_with_free_callback(res->len, res->body,
                                                               res->body_free);
        if (r) {
            res->body = NULL; /* MHD owns it now */
            res->body_free = NULL;
        }
    } else {
        r = MHD_create_response_from_buffer(res->len, res->body ? res->body : (void *)"",
                                            MHD_RESPMEM_PERSISTENT);
    }
    if (!r) {
        svci_response_release(res);
        return MHD_NO;
    }
    int ok = 1;
    const char *ct = res->content_type;
    if (ct && res->status != 304)
        ok &= MHD_add_response_header(r, "Content-Type", ct) == MHD_YES;
    ok &= MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES;
    ok &= MHD_add_response_header(r, "Cache-Control", res->cache ? res->cache : "no-store") ==
          MHD_YES;
    if (ct && !strncasecmp(ct, "text/html", 9)) {
        if (!svci_response_header_get(res, "Content-Security-Policy"))
            ok &= MHD_add_response_header(r, "Content-Security-Policy", SVC_CSP_DEFAULT) ==
                  MHD_YES;
        ok &= MHD_add_response_header(r, "X-Frame-Options", "DENY") == MHD_YES;
        ok &= MHD_add_response_header(r, "Referrer-Policy", "no-referrer") == MHD_YES;
    }
    for (size_t i = 0; i < res->nheaders; i++)
        ok &= MHD_add_response_header(r, res->headers[i].name, res->headers[i].value) == MHD_YES;
    if (atomic_load(&srv->stopping))
        ok &= MHD_add_response_header(r, "Connection", "close") == MHD_YES;
    req->status = res->status;
    req->bytes = res->status == 304 ? 0 : res->len;
    enum MHD_Result q = ok ? MHD_queue_response(req->conn, res->status, r) : MHD_NO;
    MHD_destroy_response(r);
    svci_response_release(res);
    return q;
}

static enum MHD_Result svci_answer_error(svc_server *srv, svc_request *req, unsigned status,
                                         const char *error, const char *desc,
                                         const char *hname, const char *hvalue)
{
    svc_response res;
    svci_response_init(&res);
    svc_response_error(&res, status, error, desc);
    if (hname)
        svc_response_header(&res, hname, hvalue);
    return svci_queue(srv, req, &res);
}

/* ---- the request pipeline ------------------------------------------------------ */

/* The peer's numeric address, and the rate-limit key: the address, or for
 * IPv6 its /64 (one host usually holds a whole /64, RFC 6177). */
static void svci_client_address(svc_request *req)
{
    snprintf(req->client, sizeof(req->client), "unknown");
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET) {
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                      req->client, sizeof(req->client));
        } else if (sa->sa_family == AF_INET6) {
            const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
            if (IN6_IS_ADDR_V4MAPPED(a)) {
                inet_ntop(AF_INET, &a->s6_addr[12], req->client, sizeof(req->client));
            } else {
                struct in6_addr net = *a;
                inet_ntop(AF_INET6, a, req->client, sizeof(req->client));
                memset(&net.s6_addr[8], 0, 8);
                char buf[INET6_ADDRSTRLEN];
                inet_ntop(AF_INET6, &net, buf, sizeof(buf));
                snprintf(req->client_key, sizeof(req->client_key), "%s/64", buf);
                return;
            }
        }
    }
    snprintf(req->client_key, sizeof(req->client_key), "%s", req->client);
}

/* Strict decimal Content-Length; -1 if absent or not a plain number (MHD
 * itself refuses malformed ones). */
static int64_t svci_content_length(const svc_request *req)
{
    const char *cl = svci_mhd_header(req, "Content-Length");
    if (!cl || !*cl)
        return -1;
    int64_t v = 0;
    for (const char *p = cl; *p; p++) {
        if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* Take a token for the request's client key in the route's group: 1 when
 * refused (req->retry_after set). */
static int svci_limited(svc_server *srv, svc_request *req, const svci_route *rt)
{
    if (!srv->o.ratelimit || (rt->flags & SVC_ROUTE_UNLIMITED))
        return 0;
    if (svc_ratelimit_take(srv->o.ratelimit, rt->group, req->client_key, &req->retry_after))
        return 0;
    const char *labels[] = {rt->group};
    svc_metric_add(srv->m_limited, labels, 1);
    return 1;
}

static enum MHD_Result svci_answer_limited(svc_server *srv, svc_request *req,
                                           const svci_route *rt)
{
    (void)rt;
    char ra[16];
    snprintf(ra, sizeof(ra), "%u", req->retry_after);
    return svci_answer_error(srv, req, 429, "rate_limited", "too many requests: retry later",
                             "Retry-After", ra);
}

static enum MHD_Result svci_first_call(svc_server *srv, svc_request *req)
{
    svc_err e = svci_parse_target(req, req->target);
    if (e == SVC_ERR_TOO_LARGE)
        return svci_answer_error(srv, req, 414, "invalid_request", "request target too long",
                                 NULL, NULL);
    if (e == SVC_ERR_NOMEM)
        return svci_answer_error(srv, req, 500, "server_error", NULL, NULL, NULL);
    if (e != SVC_OK)
        return svci_answer_error(srv, req, 400, "invalid_request", svc_errmsg(), NULL, NULL);

    char allow[128];
    int m = svci_route_match(srv->o.router, req, allow, sizeof(allow));
    if (m == SVCI_NO_ROUTE)
        return svci_answer_error(srv, req, 404, "not_found", "no such resource", NULL, NULL);
    if (m == SVCI_NO_METHOD)
        return svci_answer_error(srv, req, 405, "method_not_allowed",
                                 "method not allowed on this resource", "Allow", allow);
    const svci_route *rt = req->route;

    if (rt->scope) {
        const svc_apikey *key = NULL;
        e = svc_apikeys_check(srv->o.apikeys, &key, svci_mhd_header(req, "Authorization"));
        /* Failed attempts count against the client address, so that guessing
         * keys is rate limited like everything else. */
        if (e != SVC_OK && svci_limited(srv, req, rt))
            return svci_answer_limited(srv, req, rt);
        if (e == SVC_ERR_NOT_FOUND)
            return svci_answer_error(srv, req, 401, "invalid_token", "an API key is required",
                                     "WWW-Authenticate", "Bearer realm=\"wallet\"");
        if (e == SVC_ERR_MALFORMED)
            return svci_answer_error(srv, req, 400, "invalid_request",
                                     "Authorization must be a Bearer token",
                                     "WWW-Authenticate",
                                     "Bearer realm=\"wallet\", error=\"invalid_request\"");
        if (e != SVC_OK)
            return svci_answer_error(srv, req, 401, "invalid_token", "API key not recognised",
                                     "WWW-Authenticate",
                                     "Bearer realm=\"wallet\", error=\"invalid_token\"");
        if (rt->scope[0] && !svc_apikey_has_scope(key, rt->scope))
            return svci_answer_error(srv, req, 403, "insufficient_scope",
                                     "the API key does not allow this operation",
                                     "WWW-Authenticate",
                                     "Bearer realm=\"wallet\", error=\"insufficient_scope\"");
        req->apikey = key;
        snprintf(req->client_key, sizeof(req->client_key), "key:%s", svc_apikey_id(key));
    }

    if (svci_limited(srv, req, rt))
        return svci_answer_limited(srv, req, rt);

    req->body_max = rt->max_body ? rt->max_body : srv->o.max_body;
    int64_t cl = svci_content_length(req);
    if (cl >= 0 && (uint64_t)cl > req->body_max) {
        /* Answered before reading a byte of the body; MHD closes the
         * connection after this response. */
        req->body_over = 1;
        return svci_answer_error(srv, req, 413, "invalid_request",
                                 "request body too large", NULL, NULL);
    }
    if (cl > 0) {
        /* Sized from the announced length, but grown as bytes arrive beyond
         * 16 KiB: a client announcing a large body and sending nothing must
         * not pin the whole cap per connection. */
        size_t first = (size_t)cl + 1 < 16384 ? (size_t)cl + 1 : 16384;
        req->body = malloc(first);
        if (!req->body)
            return svci_answer_error(srv, req, 500, "server_error", NULL, NULL, NULL);
        req->body_cap = first;
    }
    return MHD_YES;
}

/* Take a chunk of body. Returns 0 when the connection should be dropped
 * (a client still sending far past the cap). */
static int svci_body_chunk(svc_request *req, const char *data, size_t n)
{
    if (!req->body_over && n <= req->body_max - req->body_len) {
        if (req->body_len + n + 1 > req->body_cap) {
            size_t cap = req->body_cap ? req->body_cap : 4096;
            while (cap < req->body_len + n + 1)
                cap *= 2;
            if (cap > req->body_max + 1)
                cap = req->body_max + 1;
            uint8_t *p = realloc(req->body, cap);
            if (!p)
                return 0;
            req->body = p;
            req->body_cap = cap;
        }
        memcpy(req->body + req->body_len, data, n);
        req->body_len += n;
        req->body[req->body_len] = '\0';
        return 1;
    }
    /* Over the cap: keep nothing more, count what is thrown away. */
    req->body_over = 1;
    free(req->body);
    req->body = NULL;
    req->body_len = req->body_cap = 0;
    req->discarded += n;
    uint64_t drain = req->body_max * 4 > SVCI_DRAIN_MIN ? req->body_max * 4 : SVCI_DRAIN_MIN;
    return req->discarded <= drain;
}

static enum MHD_Result svci_access(void *cls, struct MHD_Connection *conn, const char *url,
                                   const char *method, const char *version,
                                   const char *upload_data, size_t *upload_data_size,
                                   void **con_cls)
{
    (void)url;
    (void)version;
    svc_server *srv = cls;
    svc_request *req = *con_cls;
    if (!req)
        return MHD_NO; /* the URI-log callback ran out of memory */
    if (req->stage == 0) {
        req->stage = 1;
        req->conn = conn;
        req->method = method;
        req->header_fn = svci_mhd_header;
        req->stopping = atomic_load(&srv->stopping);
        svci_client_address(req);
        return svci_first_call(srv, req);
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return svci_body_chunk(req, upload_data, n) ? MHD_YES : MHD_NO;
    }
    if (req->body_over)
        return svci_answer_error(srv, req, 413, "invalid_request", "request body too large",
                                 NULL, NULL);
    svc_response res;
    svci_response_init(&res);
    req->route->fn(req->route->user, req, &res);
    return svci_queue(srv, req, &res);
}

/* ---- request lifecycle ------------------------------------------------------------ */

static void *svci_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    svc_server *srv = cls;
    svc_request *req = calloc(1, sizeof(*req));
    if (!req)
        return NULL;
    req->srv = srv;
    req->conn = conn;
    req->start_ms = svc_monotonic_ms();
    req->target = svci_strdup(uri ? uri : "");
    if (!req->target) {
        free(req);
        return NULL;
    }
    /* The gauge is written under the lock that orders the counter, so that
     * two requests starting and ending together cannot leave it stale (an
     * earlier value written after a later one). */
    pthread_mutex_lock(&srv->mu);
    unsigned n = ++srv->inflight;
    svc_metric_set(srv->m_inflight, NULL, n);
    pthread_mutex_unlock(&srv->mu);
    return req;
}

static const char *svci_status_class(unsigned status)
{
    static const char *const classes[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    return status >= 100 && status <= 599 ? classes[status / 100 - 1] : "none";
}

static const char *svci_metric_method(const char *m)
{
    static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                        "OPTIONS"};
    for (size_t i = 0; m && i < SVCI_ARRAY_LEN(known); i++)
        if (!strcmp(m, known[i]))
            return known[i];
    return "OTHER";
}

static void svci_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                           enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    svc_server *srv = cls;
    svc_request *req = *con_cls;
    if (!req)
        return;
    *con_cls = NULL;
    double ms = (double)(svc_monotonic_ms() - req->start_ms);
    const char *route = req->pattern;
    const char *method = svci_metric_method(req->method);
    const char *l3[] = {route ? route : "unmatched", method, svci_status_class(req->status)};
    svc_metric_add(srv->m_requests, l3, 1);
    svc_metric_observe(srv->m_duration, l3, ms / 1000.0);
    if (srv->o.accesslog && !(req->route && (req->route->flags & SVC_ROUTE_NO_LOG))) {
        svc_accesslog_entry e = {
            .time_ms = svc_time_ms(),
            .method = req->method,
            .route = route,
            .status = req->status,
            .bytes = req->bytes,
            .duration_ms = ms,
            .client = req->client[0] ? req->client : NULL,
            .key_id = req->apikey ? svc_apikey_id(req->apikey) : NULL,
        };
        svc_accesslog_write(srv->o.accesslog, &e);
    }
    svci_request_release(req);
    free(req->target);
    free(req->body);
    free(req);
    pthread_mutex_lock(&srv->mu);
    unsigned n = --srv->inflight;
    svc_metric_set(srv->m_inflight, NULL, n);
    pthread_cond_broadcast(&srv->cv);
    pthread_mutex_unlock(&srv->mu);
}

static void svci_mhd_log(void *cls, const char *fmt, va_list ap) SVC_PRINTF(2, 0);
static void svci_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    fprintf(stderr, "wallet-svc: http: %s\n", msg);
}

/* ---- start / stop -------------------------------------------------------------------- */

static svc_err svci_server_metrics(svc_server *srv)
{
    svc_metrics *m = srv->o.metrics;
    if (!m)
        return SVC_OK;
    static const char *const l3[] = {"route", "method", "status"};
    static const char *const lg[] = {"group"};
    static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                     0.25,  0.5,    1,     2.5,  5,     10};
    svc_err e = SVC_OK;
    if (!(srv->m_requests = svci_metrics_find(m, "http_requests_total")))
        e = svc_metrics_counter(m, &srv->m_requests, "http_requests_total",
                                "HTTP requests by route pattern, method and status class", 3, l3);
    if (e == SVC_OK && !(srv->m_duration = svci_metrics_find(m, "http_request_duration_seconds")))
        e = svc_metrics_histogram(m, &srv->m_duration, "http_request_duration_seconds",
                                  "Time from request line to completed response",
                                  buckets, SVCI_ARRAY_LEN(buckets), 3, l3);
    if (e == SVC_OK && !(srv->m_inflight = svci_metrics_find(m, "http_requests_in_flight")))
        e = svc_metrics_gauge(m, &srv->m_inflight, "http_requests_in_flight",
                              "Requests begun and not yet completed", 0, NULL);
    if (e == SVC_OK && !(srv->m_limited = svci_metrics_find(m, "http_rate_limited_total")))
        e = svc_metrics_counter(m, &srv->m_limited, "http_rate_limited_total",
                                "Requests refused with 429 by rate-limit group", 1, lg);
    return e;
}

svc_err svc_server_start(svc_server **out, const svc_server_opts *o)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "server: NULL output");
    *out = NULL;
    if (!o || !o->router)
        return svci_err(SVC_ERR_INVALID_ARG, "server: no router");
    if (o->port > 65535)
        return svci_err(SVC_ERR_INVALID_ARG, "server: port out of range");
    for (size_t i = 0; i < o->router->n; i++)
        if (o->router->routes[i].scope && !o->apikeys)
            return svci_err(SVC_ERR_INVALID_ARG, "server: route %s needs API keys but none "
                            "were given", o->router->routes[i].pattern);
    svc_server *srv = calloc(1, sizeof(*srv));
    if (!srv)
        return svci_err(SVC_ERR_NOMEM, "server: out of memory");
    srv->o = *o;
    svc_server_opts def;
    svc_server_opts_default(&def);
    if (!srv->o.threads)
        srv->o.threads = def.threads;
    if (!srv->o.max_connections)
        srv->o.max_connections = def.max_connections;
    if (!srv->o.timeout_s)
        srv->o.timeout_s = def.timeout_s;
    if (!srv->o.max_body)
        srv->o.max_body = def.max_body;
    snprintf(srv->address, sizeof(srv->address), "%s", o->address ? o->address : "127.0.0.1");
    srv->o.address = srv->address;

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    int v6 = 0;
    struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;
    if (inet_pton(AF_INET, srv->address, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)o->port);
    } else if (inet_pton(AF_INET6, srv->address, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)o->port);
        v6 = 1;
    } else {
        free(srv);
        return svci_err(SVC_ERR_INVALID_ARG, "server: listen address must be a numeric IPv4 or "
                        "IPv6 address");
    }

    svc_err e = svci_server_metrics(srv);
    if (e != SVC_OK) {
        free(srv);
        return e;
    }
    pthread_mutex_init(&srv->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&srv->cv, &ca);
    pthread_condattr_destroy(&ca);

    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    /* The pool's threads inherit this thread's signal mask: keep SIGTERM and
     * SIGINT away from them, so that the process's handling of those
     * (svc_server_run's sigwait) is never bypassed. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    struct MHD_OptionItem ops[] = {
        {MHD_OPTION_THREAD_POOL_SIZE, srv->o.threads > 1 ? (intptr_t)srv->o.threads : 0, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)srv->o.max_connections, NULL},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)srv->o.max_per_ip, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)srv->o.timeout_s, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    srv->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, svci_access, srv,
                              MHD_OPTION_EXTERNAL_LOGGER, svci_mhd_log, srv,
                              MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                              MHD_OPTION_URI_LOG_CALLBACK, svci_uri_log, srv,
                              MHD_OPTION_NOTIFY_COMPLETED, svci_completed, srv,
                              MHD_OPTION_ARRAY, ops,
                              MHD_OPTION_END);
    int start_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!srv->d) {
        pthread_cond_destroy(&srv->cv);
        pthread_mutex_destroy(&srv->mu);
        free(srv);
        return svci_err(SVC_ERR_LISTEN, "server: cannot listen on %s port %u (%s)",
                        o->address ? o->address : "127.0.0.1", o->port,
                        start_errno ? strerror(start_errno) : "libmicrohttpd refused");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : o->port;
    *out = srv;
    return SVC_OK;
}

unsigned svc_server_port(const svc_server *s)
{
    return s ? s->port : 0;
}

unsigned svc_server_inflight(const svc_server *s)
{
    if (!s)
        return 0;
    pthread_mutex_lock((pthread_mutex_t *)(uintptr_t)&s->mu);
    unsigned n = s->inflight;
    pthread_mutex_unlock((pthread_mutex_t *)(uintptr_t)&s->mu);
    return n;
}

void svc_server_request_stop(svc_server *s)
{
    if (s)
        s->stop_requested = 1;
}

void svc_signals_block(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    /* A peer that went away must not kill the process through a write. */
    signal(SIGPIPE, SIG_IGN);
}

svc_err svc_server_run(svc_server *s)
{
    svci_clear_err();
    if (!s)
        return svci_err(SVC_ERR_INVALID_ARG, "server: NULL handle");
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    while (!s->stop_requested) {
        struct timespec ts = {0, 200 * 1000 * 1000};
        int sig = sigtimedwait(&set, NULL, &ts);
        if (sig == SIGTERM || sig == SIGINT)
            break;
    }
    return svc_server_stop(s);
}

svc_err svc_server_stop(svc_server *s)
{
    svci_clear_err();
    if (!s)
        return SVC_OK;
    atomic_store(&s->stopping, 1);
    /* Stop accepting: the listening socket leaves every pool thread and is
     * closed; connections still queued in the kernel are refused. */
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += s->o.shutdown_grace_ms / 1000;
    deadline.tv_nsec += (long)(s->o.shutdown_grace_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->mu);
    while (s->inflight > 0) {
        if (pthread_cond_timedwait(&s->cv, &s->mu, &deadline) == ETIMEDOUT)
            break;
    }
    unsigned left = s->inflight;
    pthread_mutex_unlock(&s->mu);
    if (left) {
        /* MHD_stop_daemon joins the pool threads, which would wait for the
         * handlers however long they take: abandon the server instead. */
        fprintf(stderr, "wallet-svc: shutdown: %u request(s) still running after %u ms; "
                "not waiting for them\n", left, s->o.shutdown_grace_ms);
        return svci_err(SVC_ERR_BUSY, "server: %u request(s) abandoned at shutdown", left);
    }
    MHD_stop_daemon(s->d);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
    return SVC_OK;
}
