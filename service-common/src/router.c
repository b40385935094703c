/*
 * Routing: patterns with {param} segments, request-target parsing, and the
 * request accessors handlers use.
 *
 * The target is split into segments on '/' BEFORE percent-decoding
 * (RFC 3986 §2.2: an encoded "/" is data, not a delimiter), then each
 * segment is decoded on its own; a decoded NUL or invalid UTF-8 is refused,
 * so handlers only ever see clean text.
 */
#include <ctype.h>
#include <stdio.h>

#include "http_int.h"
#include "svc/apikey.h"

/* ---- patterns ------------------------------------------------------------- */

static int svci_token_char(char c)
{
    /* RFC 9110 §5.6.2 tchar */
    return isalnum((unsigned char)c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int svci_literal_char(char c)
{
    /* pchar without pct-encoded (RFC 3986 §3.3): literals are compared with
     * decoded segments, so they are written decoded. */
    return isalnum((unsigned char)c) || (c && strchr("-._~!$&'()*+,;=:@", c));
}

static void svci_route_free(svci_route *rt)
{
    free(rt->method);
    free(rt->pattern);
    for (size_t i = 0; i < rt->nseg; i++)
        free(rt->segs[i]);
    free(rt->group);
    free(rt->scope);
}

static svc_err svci_parse_pattern(svci_route *rt, const char *pattern)
{
    if (!pattern || pattern[0] != '/')
        return svci_err(SVC_ERR_INVALID_ARG, "route: pattern must start with '/'");
    const char *p = pattern + 1;
    size_t nparams = 0;
    if (!*p)
        return SVC_OK; /* "/" */
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (rt->nseg == SVC_MAX_SEGMENTS)
            return svci_err(SVC_ERR_INVALID_ARG, "route %s: too many segments", pattern);
        if (len == 0)
            return svci_err(SVC_ERR_INVALID_ARG, "route %s: empty segment", pattern);
        int is_param = p[0] == '{';
        if (is_param) {
            if (len < 3 || p[len - 1] != '}' || len - 2 > 32)
                return svci_err(SVC_ERR_INVALID_ARG, "route %s: malformed parameter", pattern);
            for (size_t i = 1; i + 1 < len; i++)
                if (!isalnum((unsigned char)p[i]) && p[i] != '_')
                    return svci_err(SVC_ERR_INVALID_ARG, "route %s: parameter names are "
                                    "[A-Za-z0-9_]", pattern);
            if (++nparams > SVC_MAX_PARAMS)
                return svci_err(SVC_ERR_INVALID_ARG, "route %s: too many parameters", pattern);
            for (size_t k = 0; k < rt->nseg; k++)
                if (rt->is_param[k] && strlen(rt->segs[k]) == len - 2 &&
                    !memcmp(rt->segs[k], p + 1, len - 2))
                    return svci_err(SVC_ERR_INVALID_ARG, "route %s: parameter twice", pattern);
            rt->segs[rt->nseg] = svci_strndup(p + 1, len - 2);
        } else {
            for (size_t i = 0; i < len; i++)
                if (!svci_literal_char(p[i]))
                    return svci_err(SVC_ERR_INVALID_ARG, "route %s: character not allowed in a "
                                    "literal segment", pattern);
            rt->segs[rt->nseg] = svci_strndup(p, len);
        }
        if (!rt->segs[rt->nseg])
            return svci_err(SVC_ERR_NOMEM, "route: out of memory");
        rt->is_param[rt->nseg++] = (unsigned char)is_param;
        if (!slash)
            break;
        p = slash + 1;
    }
    return SVC_OK;
}

svc_err svc_router_new(svc_router **out)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "router: NULL output");
    *out = calloc(1, sizeof(**out));
    return *out ? SVC_OK : svci_err(SVC_ERR_NOMEM, "router: out of memory");
}

void svc_router_free(svc_router *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        svci_route_free(&r->routes[i]);
    for (size_t i = 0; i < r->nowned; i++)
        r->owned[i].free_fn(r->owned[i].p);
    free(r->routes);
    free(r);
}

svc_err svci_router_own(svc_router *r, void *p, void (*free_fn)(void *))
{
    if (r->nowned == SVCI_ARRAY_LEN(r->owned)) {
        free_fn(p);
        return svci_err(SVC_ERR_INVALID_ARG, "router: too many helper routes");
    }
    r->owned[r->nowned].p = p;
    r->owned[r->nowned].free_fn = free_fn;
    r->nowned++;
    return SVC_OK;
}

svc_err svc_router_add(svc_router *r, const char *method, const char *pattern, svc_handler_fn fn,
                       void *user, const svc_route_opts *opts)
{
    svci_clear_err();
    if (!r || !method || !pattern || !fn)
        return svci_err(SVC_ERR_INVALID_ARG, "route: NULL argument");
    size_t ml = strlen(method);
    if (!ml || ml > 16)
        return svci_err(SVC_ERR_INVALID_ARG, "route: malformed method");
    for (size_t i = 0; i < ml; i++)
        if (!svci_token_char(method[i]) || islower((unsigned char)method[i]))
            return svci_err(SVC_ERR_INVALID_ARG, "route: method must be an upper-case token");
    if (strlen(pattern) > 512)
        return svci_err(SVC_ERR_INVALID_ARG, "route: pattern too long");
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->routes[i].method, method) && !strcmp(r->routes[i].pattern, pattern))
            return svci_err(SVC_ERR_INVALID_ARG, "route %s %s registered twice", method, pattern);
    svci_route rt;
    memset(&rt, 0, sizeof(rt));
    svc_err e = svci_parse_pattern(&rt, pattern);
    if (e != SVC_OK) {
        svci_route_free(&rt);
        return e;
    }
    const char *group = opts && opts->group ? opts->group : "default";
    rt.method = svci_strdup(method);
    rt.pattern = svci_strdup(pattern);
    rt.group = svci_strdup(group);
    rt.scope = opts && opts->scope ? svci_strdup(opts->scope) : NULL;
    rt.fn = fn;
    rt.user = user;
    rt.max_body = opts ? opts->max_body : 0;
    rt.flags = opts ? opts->flags : 0;
    if (!rt.method || !rt.pattern || !rt.group || (opts && opts->scope && !rt.scope)) {
        svci_route_free(&rt);
        return svci_err(SVC_ERR_NOMEM, "route: out of memory");
    }
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 16;
        svci_route *p = realloc(r->routes, nc * sizeof(*p));
        if (!p) {
            svci_route_free(&rt);
            return svci_err(SVC_ERR_NOMEM, "route: out of memory");
        }
        r->routes = p;
        r->cap = nc;
    }
    r->routes[r->n++] = rt;
    return SVC_OK;
}

/* ---- request target -------------------------------------------------------- */

void svci_request_release(svc_request *req)
{
    free(req->path);
    req->path = NULL;
    for (size_t i = 0; i < req->nseg; i++)
        free(req->segs[i]);
    req->nseg = 0;
    for (size_t i = 0; i < req->nquery; i++) {
        free((char *)(uintptr_t)req->query[i].name);
        free(req->query[i].value);
    }
    req->nquery = 0;
    req->nparams = 0;
    req->route = NULL;
    req->pattern = NULL;
}

static svc_err svci_parse_query(svc_request *req, const char *q, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && q[j] != '&')
            j++;
        if (j > i) {
            if (req->nquery == SVC_MAX_QUERY)
                return svci_err(SVC_ERR_MALFORMED, "request: too many query parameters");
            const char *eq = memchr(q + i, '=', j - i);
            size_t nl = eq ? (size_t)(eq - (q + i)) : j - i;
            int bad = 0;
            char *name = svci_pct_decode(q + i, nl, 1, &bad);
            if (!name)
                return bad ? svci_err(SVC_ERR_MALFORMED, "request: malformed query parameter name")
                           : svci_err(SVC_ERR_NOMEM, "request: out of memory");
            char *value = eq ? svci_pct_decode(eq + 1, (size_t)(q + j - (eq + 1)), 1, &bad)
                             : svci_strdup("");
            if (!value) {
                free(name);
                return bad ? svci_err(SVC_ERR_MALFORMED, "request: malformed query parameter value")
                           : svci_err(SVC_ERR_NOMEM, "request: out of memory");
            }
            req->query[req->nquery].name = name;
            req->query[req->nquery].value = value;
            req->nquery++;
        }
        i = j + 1;
    }
    return SVC_OK;
}

svc_err svci_parse_target(svc_request *req, const char *uri)
{
    if (!uri || !*uri)
        return svci_err(SVC_ERR_MALFORMED, "request: empty target");
    size_t ulen = strlen(uri);
    if (ulen > SVC_MAX_URI)
        return svci_err(SVC_ERR_TOO_LARGE, "request: target longer than %d bytes", SVC_MAX_URI);
    /* absolute-form (RFC 9112 §3.2.2): skip scheme://authority. */
    if (!strncasecmp(uri, "http://", 7) || !strncasecmp(uri, "https://", 8)) {
        const char *auth = strstr(uri, "://") + 3;
        const char *slash = strchr(auth, '/');
        if (!slash)
            return svci_err(SVC_ERR_MALFORMED, "request: absolute target without a path");
        uri = slash;
        ulen = strlen(uri);
    }
    if (uri[0] != '/')
        return svci_err(SVC_ERR_MALFORMED, "request: target is not an absolute path");
    for (size_t i = 0; i < ulen; i++) {
        unsigned char c = (unsigned char)uri[i];
        if (c <= 0x20 || c >= 0x7F || c == '#')
            return svci_err(SVC_ERR_MALFORMED, "request: character not allowed in the target");
    }
    const char *qm = strchr(uri, '?');
    size_t plen = qm ? (size_t)(qm - uri) : ulen;
    req->path = svci_strndup(uri, plen);
    if (!req->path)
        return svci_err(SVC_ERR_NOMEM, "request: out of memory");
    /* Segments of the path after the leading '/'. "/" has none. */
    if (plen > 1) {
        size_t i = 1;
        for (;;) {
            size_t j = i;
            while (j < plen && uri[j] != '/')
                j++;
            if (req->nseg == SVC_MAX_SEGMENTS)
                return svci_err(SVC_ERR_MALFORMED, "request: more than %d path segments",
                                SVC_MAX_SEGMENTS);
            int bad = 0;
            char *seg = svci_pct_decode(uri + i, j - i, 0, &bad);
            if (!seg)
                return bad ? svci_err(SVC_ERR_MALFORMED, "request: malformed percent-encoding "
                                      "in the path")
                           : svci_err(SVC_ERR_NOMEM, "request: out of memory");
            req->segs[req->nseg++] = seg;
            if (j >= plen)
                break;
            i = j + 1;
        }
    }
    if (qm)
        return svci_parse_query(req, qm + 1, ulen - plen - 1);
    return SVC_OK;
}

/* ---- matching ----------------------------------------------------------------- */

/* Does the route's pattern match the segments? rank: a bit per literal
 * segment, the leftmost the highest, so that a literal wins over a
 * parameter at the first position where two patterns differ. */
static int svci_pattern_match(const svci_route *rt, const svc_request *req, uint32_t *rank)
{
    if (rt->nseg != req->nseg)
        return 0;
    uint32_t rk = 0;
    for (size_t i = 0; i < rt->nseg; i++) {
        if (rt->is_param[i]) {
            if (!req->segs[i][0])
                return 0;
        } else {
            if (strcmp(rt->segs[i], req->segs[i]) != 0)
                return 0;
            rk |= 1u << (SVC_MAX_SEGMENTS - 1 - i);
        }
    }
    *rank = rk;
    return 1;
}

static int svci_method_fits(const svci_route *rt, const char *method)
{
    if (!strcmp(rt->method, method))
        return 1;
    /* RFC 9110 §9.3.2: HEAD is GET without the content. */
    return !strcmp(method, "HEAD") && !strcmp(rt->method, "GET");
}

static void svci_allow_add(char *allow, size_t cap, const char *m)
{
    /* Skip if already listed. */
    size_t ml = strlen(m);
    for (const char *p = allow; *p;) {
        const char *e = strstr(p, ", ");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == ml && !memcmp(p, m, ml))
            return;
        if (!e)
            break;
        p = e + 2;
    }
    size_t n = strlen(allow);
    if (n + (n ? 2 : 0) + ml + 1 > cap)
        return;
    snprintf(allow + n, cap - n, "%s%s", n ? ", " : "", m);
}

int svci_route_match(const svc_router *r, svc_request *req, char *allow, size_t cap)
{
    const svci_route *best = NULL;
    uint32_t best_rank = 0;
    int path_matched = 0;
    if (allow && cap)
        allow[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        const svci_route *rt = &r->routes[i];
        uint32_t rank;
        if (!svci_pattern_match(rt, req, &rank))
            continue;
        path_matched = 1;
        if (svci_method_fits(rt, req->method)) {
            if (!best || rank > best_rank) {
                best = rt;
                best_rank = rank;
            }
        }
    }
    if (!best) {
        if (!path_matched)
            return SVCI_NO_ROUTE;
        for (size_t i = 0; i < r->n; i++) {
            uint32_t rank;
            if (!svci_pattern_match(&r->routes[i], req, &rank))
                continue;
            if (!req->pattern)
                req->pattern = r->routes[i].pattern;
            if (!allow)
                continue;
            svci_allow_add(allow, cap, r->routes[i].method);
            if (!strcmp(r->routes[i].method, "GET"))
                svci_allow_add(allow, cap, "HEAD");
        }
        return SVCI_NO_METHOD;
    }
    req->route = best;
    req->pattern = best->pattern;
    req->nparams = 0;
    for (size_t i = 0; i < best->nseg; i++)
        if (best->is_param[i]) {
            req->params[req->nparams].name = best->segs[i];
            req->params[req->nparams].value = req->segs[i];
            req->nparams++;
        }
    return SVCI_MATCHED;
}

/* ---- accessors -------------------------------------------------------------------- */

const char *svc_request_method(const svc_request *req)
{
    return req ? req->method : NULL;
}

const char *svc_request_path(const svc_request *req)
{
    return req ? req->path : NULL;
}

const char *svc_request_route(const svc_request *req)
{
    return req && req->route ? req->route->pattern : NULL;
}

const char *svc_request_param(const svc_request *req, const char *name)
{
    if (!req || !name)
        return NULL;
    for (size_t i = 0; i < req->nparams; i++)
        if (!strcmp(req->params[i].name, name))
            return req->params[i].value;
    return NULL;
}

const char *svc_request_query(const svc_request *req, const char *name)
{
    if (!req || !name)
        return NULL;
    for (size_t i = 0; i < req->nquery; i++)
        if (!strcmp(req->query[i].name, name))
            return req->query[i].value;
    return NULL;
}

const char *svc_request_header(const svc_request *req, const char *name)
{
    if (!req || !name || !req->header_fn)
        return NULL;
    return req->header_fn(req, name);
}

const uint8_t *svc_request_body(const svc_request *req, size_t *len)
{
    if (len)
        *len = req && req->body ? req->body_len : 0;
    if (!req || !req->body)
        return (const uint8_t *)"";
    return req->body;
}

const char *svc_request_client(const svc_request *req)
{
    return req ? req->client : NULL;
}

const svc_apikey *svc_request_apikey(const svc_request *req)
{
    return req ? req->apikey : NULL;
}

int svc_request_stopping(const svc_request *req)
{
    return req ? req->stopping : 0;
}
