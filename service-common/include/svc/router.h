/*
 * Routing: method + path pattern → handler.
 *
 * A pattern is an absolute path whose segments are literals or {name}
 * parameters: "/v1/presentations/{id}". A parameter matches exactly one
 * non-empty segment, percent-decoded (so "%2F" inside it stays inside it);
 * the path is split on '/' before decoding. A literal segment wins over a
 * parameter at the same position ("/status/list" before "/status/{id}"),
 * whatever the order of registration. Trailing slashes are significant.
 *
 * Answers the router gives by itself (JSON bodies, see response.h):
 *   - 400 invalid_request: a request target that does not decode (bad
 *     percent-escape, %00, not UTF-8) or has too many segments / query
 *     parameters;
 *   - 404 not_found: no pattern matches the path;
 *   - 405 method_not_allowed with an Allow header: a pattern matches the
 *     path but not with this method. GET routes answer HEAD too.
 *
 * Handlers run on the server's thread pool, concurrently: whatever `user`
 * points to must be thread-safe. A handler fills the response through
 * response.h; one that sets nothing yields 500 server_error.
 */
#ifndef SVC_ROUTER_H
#define SVC_ROUTER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_router svc_router;
typedef struct svc_request svc_request;
typedef struct svc_response svc_response;
typedef struct svc_apikey svc_apikey;

typedef void (*svc_handler_fn)(void *user, const svc_request *req, svc_response *res);

/* Route flags. */
#define SVC_ROUTE_UNLIMITED 1u /* not rate limited (health, metrics) */
#define SVC_ROUTE_NO_LOG 2u    /* not written to the access log (still counted in metrics) */

typedef struct svc_route_opts {
    /* Rate-limit group (ratelimit.h); NULL = "default". */
    const char *group;
    /* API key requirement (apikey.h): NULL = none; "" = any valid key;
     * otherwise a valid key holding this scope. Checked before the body
     * is read: 401 / 403 answered by the server. */
    const char *scope;
    /* Request body cap in bytes; 0 = the server's default. */
    size_t max_body;
    unsigned flags;
} svc_route_opts;

/* Limits on one request target. */
#define SVC_MAX_SEGMENTS 32
#define SVC_MAX_PARAMS 8
#define SVC_MAX_QUERY 32
#define SVC_MAX_URI 8192

svc_err svc_router_new(svc_router **out);
void svc_router_free(svc_router *r);

/*
 * Register a route. method: an upper-case token ("GET", "POST", ...).
 * opts may be NULL (defaults). Strings are copied. Errors:
 * SVC_ERR_INVALID_ARG (malformed method or pattern, more than
 * SVC_MAX_PARAMS parameters, the same method + pattern twice), SVC_ERR_NOMEM.
 * Routes are added before the server starts; the router is then read-only.
 */
svc_err svc_router_add(svc_router *r, const char *method, const char *pattern, svc_handler_fn fn,
                       void *user, const svc_route_opts *opts);

/* ---- the request a handler receives (valid during the handler call) ---- */

const char *svc_request_method(const svc_request *req);
/* The path as received (still percent-encoded, without the query). */
const char *svc_request_path(const svc_request *req);
/* The pattern of the matched route ("/v1/presentations/{id}"). */
const char *svc_request_route(const svc_request *req);
/* A path parameter, percent-decoded; NULL if the pattern has none by that
 * name. */
const char *svc_request_param(const svc_request *req, const char *name);
/* The first query parameter of that name, decoded ('+' is a space); NULL if
 * absent. */
const char *svc_request_query(const svc_request *req, const char *name);
/* A request header (case-insensitive name); NULL if absent. */
const char *svc_request_header(const svc_request *req, const char *name);
/* The body (NUL-terminated for convenience; *len excludes the NUL). Empty
 * body: "" and 0. */
const uint8_t *svc_request_body(const svc_request *req, size_t *len);
/* Numeric address of the peer ("127.0.0.1", "2001:db8::1"). */
const char *svc_request_client(const svc_request *req);
/* The API key that authenticated the request, or NULL (routes without a
 * scope requirement). */
const svc_apikey *svc_request_apikey(const svc_request *req);
/* 1 once the server is shutting down (health answers 503). */
int svc_request_stopping(const svc_request *req);

#ifdef __cplusplus
}
#endif
#endif /* SVC_ROUTER_H */
