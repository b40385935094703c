/*
 * Internal structures of the HTTP side (router, request, response) shared
 * by router.c, response.c, static.c, health.c, metrics.c and server.c.
 */
#ifndef SVCI_HTTP_INT_H
#define SVCI_HTTP_INT_H

#include <netinet/in.h>

#include "internal.h"
#include "svc/response.h"
#include "svc/router.h"

struct MHD_Connection;
struct svc_server;

typedef struct svci_route {
    char *method;
    char *pattern;
    char *segs[SVC_MAX_SEGMENTS]; /* literal text, or the parameter name */
    unsigned char is_param[SVC_MAX_SEGMENTS];
    size_t nseg;
    svc_handler_fn fn;
    void *user;
    char *group;
    char *scope; /* NULL: no key needed */
    size_t max_body;
    unsigned flags;
} svci_route;

typedef struct svci_owned {
    void *p;
    void (*free_fn)(void *);
} svci_owned;

struct svc_router {
    svci_route *routes;
    size_t n, cap;
    svci_owned owned[16]; /* user data of helper routes (static files) */
    size_t nowned;
};

typedef struct svci_kv {
    const char *name;
    char *value;
} svci_kv;

#define SVCI_MAX_HEADERS 16

struct svc_request {
    struct svc_server *srv;
    struct MHD_Connection *conn;
    const char *method;
    char *target; /* the request target as received */
    char *path;   /* raw path (no query) */
    char *segs[SVC_MAX_SEGMENTS]; /* decoded segments */
    size_t nseg;
    svci_kv params[SVC_MAX_PARAMS]; /* name in the route, value in segs */
    size_t nparams;
    svci_kv query[SVC_MAX_QUERY]; /* both owned (name cast) */
    size_t nquery;
    const svci_route *route;
    const char *pattern; /* of the route, or of a path match with another method (405) */
    const svc_apikey *apikey;
    uint8_t *body;
    size_t body_len, body_cap, body_max;
    uint64_t discarded;
    int body_over;
    char client[INET6_ADDRSTRLEN + 1];
    char client_key[96];
    int stage;
    unsigned retry_after;
    uint64_t start_ms;
    unsigned status;
    uint64_t bytes;
    int stopping;
    /* A lookup function for headers (server: MHD; tests/fuzz: NULL). */
    const char *(*header_fn)(const struct svc_request *req, const char *name);
};

struct svc_response {
    unsigned status;
    char *body;
    size_t len;
    void (*body_free)(void *); /* NULL: persistent (not owned) */
    const char *content_type;  /* static string or owned_ct */
    char *owned_ct;
    svci_kv headers[SVCI_MAX_HEADERS]; /* both owned */
    size_t nheaders;
    char *cache;
    int failed; /* a setter ran out of memory: answer 500 */
};

/* router.c */
/* Parse the request target (origin-form, or absolute-form whose
 * scheme://authority is skipped) into req->path, segs, query. Returns
 * SVC_OK or SVC_ERR_MALFORMED / SVC_ERR_TOO_LARGE / SVC_ERR_NOMEM. */
svc_err svci_parse_target(svc_request *req, const char *uri);
/* Free what svci_parse_target and routing put into req. */
void svci_request_release(svc_request *req);

enum { SVCI_MATCHED = 0, SVCI_NO_ROUTE = 1, SVCI_NO_METHOD = 2 };
/* Match req (parsed) against the router: sets req->route and params.
 * On SVCI_NO_METHOD, allow (capacity cap) lists the methods. */
int svci_route_match(const svc_router *r, svc_request *req, char *allow, size_t cap);
/* Give the router a helper route's user data to free with it. On failure
 * (list full) p is freed at once and SVC_ERR_INVALID_ARG returned. */
svc_err svci_router_own(svc_router *r, void *p, void (*free_fn)(void *));

/* response.c */
void svci_response_init(svc_response *res);
void svci_response_release(svc_response *res);
/* Replace the body with a persistent (not owned) buffer. */
void svci_response_body_static(svc_response *res, unsigned status, const char *content_type,
                               const void *data, size_t len);
const char *svci_response_header_get(const svc_response *res, const char *name);
/* 1 if an If-None-Match value matches our entity-tag (weak comparison,
 * RFC 9110 §13.1.2); 0 otherwise, also for a malformed value. */
int svci_if_none_match(const char *header, const char *etag);
/* The default content type of a file name (by extension). */
const char *svci_content_type_of(const char *name);

#endif /* SVCI_HTTP_INT_H */
