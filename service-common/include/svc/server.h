/*
 * The HTTP server: libmicrohttpd with a thread pool.
 *
 * One request, in order (each step may answer on its own, before any body
 * byte is read):
 *   1. request target decoded and routed: 400 / 404 / 405 (router.h);
 *   2. API key checked when the route requires one: 401 / 403 (apikey.h);
 *      a failed check takes a rate-limit token for the peer address first
 *      (429 once they run out), so keys cannot be guessed at full speed;
 *   3. rate limit of the route's group for the client: 429 + Retry-After
 *      (ratelimit.h); the client is the API key's id when one authenticated
 *      the request, else the peer address (IPv6: its /64);
 *   4. body: a Content-Length over the route's cap is answered 413 at once
 *      (the connection is then closed without reading the body); a chunked
 *      body is buffered up to the cap, the excess discarded unbuffered and
 *      answered 413 at its end — or the connection closed if it keeps coming
 *      past max(1 MiB, 4 × cap);
 *   5. the handler; then metrics and one access-log line.
 *
 * Shutdown (svc_server_stop, or SIGTERM / SIGINT in svc_server_run): stop
 * accepting connections, let in-flight requests finish for at most
 * shutdown_grace_ms, then close everything. /healthz answers 503 meanwhile
 * and responses carry "Connection: close". A handler still running after
 * the grace period cannot be interrupted (libmicrohttpd would wait for it
 * without bound): the server is then abandoned instead — its threads keep
 * running, its memory stays — and SVC_ERR_BUSY tells the caller to end the
 * process at once (fflush, then _exit(0)) without freeing anything the
 * handlers use.
 */
#ifndef SVC_SERVER_H
#define SVC_SERVER_H

#include "accesslog.h"
#include "apikey.h"
#include "config.h"
#include "metrics.h"
#include "ratelimit.h"
#include "router.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_server svc_server;

typedef struct svc_server_opts {
    const char *address;        /* numeric IPv4/IPv6 to listen on; default "127.0.0.1" */
    unsigned port;              /* 0 = chosen by the kernel (see svc_server_port) */
    unsigned threads;           /* thread pool size; default 4 */
    unsigned max_connections;   /* default 1024 */
    unsigned max_per_ip;        /* connections per client address; default 64; 0 = no limit */
    unsigned timeout_s;         /* idle connection timeout; default 30 */
    size_t max_body;            /* default request body cap; default 64 KiB */
    unsigned shutdown_grace_ms; /* bounded wait for in-flight requests; default 10000 */

    /* Required: */
    const svc_router *router;
    /* Optional (NULL = not used); all must outlive the server: */
    svc_metrics *metrics;     /* request counters, latency, in-flight */
    svc_accesslog *accesslog; /* one JSON line per request */
    svc_ratelimit *ratelimit; /* per-group token buckets */
    const svc_apikeys *apikeys; /* needed by routes with a scope */
} svc_server_opts;

/* The defaults above (router and the optional parts NULL). */
void svc_server_opts_default(svc_server_opts *o);

/*
 * Read the listening and limit settings from a config (defaults for absent
 * keys), leaving router and the optional parts alone:
 *   listen.address, listen.port, server.threads, server.max_connections,
 *   server.max_connections_per_ip, server.timeout_seconds,
 *   server.max_body_bytes, server.shutdown_grace_ms
 * Strings point into cfg. Errors: SVC_ERR_CONFIG.
 */
svc_err svc_server_opts_from_config(svc_server_opts *o, svc_config *cfg);

/* Start listening and serving. Errors: SVC_ERR_INVALID_ARG (no router, bad
 * address), SVC_ERR_LISTEN (the address/port cannot be bound; detail says
 * which), SVC_ERR_NOMEM. */
svc_err svc_server_start(svc_server **out, const svc_server_opts *o);

/* The bound port (the kernel's choice when opts.port was 0). */
unsigned svc_server_port(const svc_server *s);

/* Requests begun and not yet completed. */
unsigned svc_server_inflight(const svc_server *s);

/* Ask svc_server_run to return (thread-safe, async-signal-safe). */
void svc_server_request_stop(svc_server *s);

/*
 * Block SIGTERM and SIGINT in the calling thread, so that threads created
 * afterwards inherit the mask and svc_server_run receives them with
 * sigwait. Call first thing in main(), before any thread starts.
 */
void svc_signals_block(void);

/* Serve until SIGTERM / SIGINT (blocked with svc_signals_block) or
 * svc_server_request_stop, then shut down gracefully (svc_server_stop).
 * Returns what svc_server_stop returns; in both cases the exit status of
 * the process should be 0 — a requested stop is not a failure. */
svc_err svc_server_run(svc_server *s);

/* Graceful shutdown (see above). SVC_OK: everything finished and the
 * server is freed. SVC_ERR_BUSY: requests were still running after the
 * grace period and the server was abandoned (see above). NULL: SVC_OK. */
svc_err svc_server_stop(svc_server *s);

#ifdef __cplusplus
}
#endif
#endif /* SVC_SERVER_H */
