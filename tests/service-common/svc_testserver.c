/*
 * A small server on wallet_svc, run as a child process by the shutdown test
 * and by the Node interop test: it listens on a kernel-chosen loopback port,
 * prints "PORT <n>" on stdout, and serves until SIGTERM / SIGINT, then shuts
 * down gracefully and exits 0.
 *
 *   svc_testserver [--grace MS] [--threads N]
 *
 * Routes: GET /hello, GET /slow?ms=N (sleeps, at most 10 s), GET /etag,
 * POST /echo (body cap 1024), GET /items/{id}, GET /counter (+ files),
 * GET /healthz, GET /metrics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svc/health.h"
#include "svc/response.h"
#include "svc/server.h"
#include "svc/static.h"

static void h_hello(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    (void)req;
    svc_response_json_text(res, 200, "{\"hello\":\"world\"}", 17);
}

/* Counts /slow handlers that have started, so that a test can wait for
 * exactly that (the in-flight gauge also counts other requests, such as a
 * /metrics request whose completion is not yet accounted). */
static svc_metric *m_slow_started;

static void h_slow(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    svc_metric_add(m_slow_started, NULL, 1);
    const char *ms = svc_request_query(req, "ms");
    long v = ms ? strtol(ms, NULL, 10) : 1000;
    if (v < 0 || v > 10000)
        v = 1000;
    struct timespec ts = {v / 1000, (v % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    svc_response_text(res, 200, "slow done");
}

static void h_etag(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    svc_response_cache(res, "no-cache");
    if (svc_response_etag(res, req, "\"v1\"") == 1)
        return;
    svc_response_text(res, 200, "versioned");
}

static void h_echo(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    size_t n = 0;
    svc_request_body(req, &n);
    char out[64];
    snprintf(out, sizeof(out), "{\"len\":%zu}", n);
    svc_response_json_text(res, 200, out, strlen(out));
}

static void h_item(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", svc_request_param(req, "id"));
    svc_response_json(res, 200, o);
    cJSON_Delete(o);
}

int main(int argc, char **argv)
{
    /* Before any thread exists, so that every thread inherits the mask. */
    svc_signals_block();
    svc_server_opts o;
    svc_server_opts_default(&o);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--grace"))
            o.shutdown_grace_ms = (unsigned)strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--threads"))
            o.threads = (unsigned)strtoul(argv[i + 1], NULL, 10);
    }
    svc_router *r = NULL;
    svc_metrics *m = NULL;
    svc_static *st = NULL;
    svc_health *h = NULL;
    svc_route_opts echo = {NULL, NULL, 1024, 0};
    if (svc_router_new(&r) || svc_metrics_new(&m, "svc_test_") || svc_static_new(&st) ||
        svc_health_new(&h) ||
        svc_metrics_counter(m, &m_slow_started, "slow_started_total",
                            "/slow handlers started", 0, NULL) ||
        svc_router_add(r, "GET", "/hello", h_hello, NULL, NULL) ||
        svc_router_add(r, "GET", "/slow", h_slow, NULL, NULL) ||
        svc_router_add(r, "GET", "/etag", h_etag, NULL, NULL) ||
        svc_router_add(r, "POST", "/echo", h_echo, NULL, &echo) ||
        svc_router_add(r, "GET", "/items/{id}", h_item, NULL, NULL) ||
        svc_static_add(st, "index.html", NULL, "<!doctype html><p>counter</p>", 29) ||
        svc_static_route(r, "/counter", st, "index.html", NULL) ||
        svc_health_route(r, h, NULL) || svc_metrics_route(r, m, NULL)) {
        fprintf(stderr, "svc_testserver: setup: %s\n", svc_errmsg());
        return 2;
    }
    o.router = r;
    o.metrics = m;
    svc_server *s = NULL;
    if (svc_server_start(&s, &o) != SVC_OK) {
        fprintf(stderr, "svc_testserver: %s\n", svc_errmsg());
        return 2;
    }
    printf("PORT %u\n", svc_server_port(s));
    fflush(stdout);
    svc_err e = svc_server_run(s); /* returns after SIGTERM / SIGINT */
    if (e == SVC_ERR_BUSY) {
        /* Handlers still running past the grace period: they may use
         * everything below, so free nothing and end now. */
        fflush(NULL);
        _exit(0);
    }
    svc_router_free(r);
    svc_metrics_free(m);
    svc_static_free(st);
    svc_health_free(h);
    return e == SVC_OK ? 0 : 1;
}
