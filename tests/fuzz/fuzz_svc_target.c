/*
 * Fuzz target: the services' request-target parser and router
 * (service-common: svci_parse_target, svci_route_match).
 *
 * Properties, for any target:
 *   - parsing either fails with SVC_ERR_MALFORMED / SVC_ERR_TOO_LARGE, or
 *     gives at most SVC_MAX_SEGMENTS segments and SVC_MAX_QUERY query
 *     parameters, every one NUL-free UTF-8;
 *   - a match binds exactly the pattern's parameters, each a non-empty
 *     segment; a 405 lists at least one method;
 *   - everything is released (LeakSanitizer).
 */
#include <string.h>

#include "fuzz_common.h"
#include "http_int.h"

static void h(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    (void)req;
    (void)res;
}

static svc_router *fz_router(void)
{
    static svc_router *r;
    if (r)
        return r;
    static const char *const routes[][2] = {
        {"GET", "/"},
        {"GET", "/.well-known/openid-credential-issuer"},
        {"POST", "/token"},
        {"POST", "/credential"},
        {"GET", "/status/{id}"},
        {"GET", "/status/list"},
        {"GET", "/v1/presentations/{id}"},
        {"DELETE", "/v1/presentations/{id}"},
        {"POST", "/v1/presentations/{id}/response"},
        {"GET", "/counter/{file}"},
        {"GET", "/a/{x}/b/{y}/{z}"},
    };
    if (svc_router_new(&r) != SVC_OK)
        abort();
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
        if (svc_router_add(r, routes[i][0], routes[i][1], h, NULL, NULL) != SVC_OK)
            abort();
    return r;
}

static int fz_clean(const char *s)
{
    return svci_utf8_valid((const uint8_t *)s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* First byte: the method; the rest: the target. */
    static const char *const methods[] = {"GET", "POST", "DELETE", "HEAD", "PUT", "BREW"};
    const char *method = methods[data[0] % 6];
    char *target = fz_strndup(data + 1, size - 1);
    svc_request req;
    memset(&req, 0, sizeof(req));
    req.method = method;
    svc_err e = svci_parse_target(&req, target);
    if (e != SVC_OK) {
        FZ_CHECK(e == SVC_ERR_MALFORMED || e == SVC_ERR_TOO_LARGE);
    } else {
        FZ_CHECK(req.path && req.path[0] == '/');
        FZ_CHECK(req.nseg <= SVC_MAX_SEGMENTS && req.nquery <= SVC_MAX_QUERY);
        for (size_t i = 0; i < req.nseg; i++)
            FZ_CHECK(fz_clean(req.segs[i]));
        for (size_t i = 0; i < req.nquery; i++)
            FZ_CHECK(fz_clean(req.query[i].name) && fz_clean(req.query[i].value));
        char allow[128];
        int m = svci_route_match(fz_router(), &req, allow, sizeof(allow));
        if (m == SVCI_MATCHED) {
            FZ_CHECK(req.route != NULL && req.pattern != NULL);
            size_t params = 0;
            for (size_t i = 0; i < req.route->nseg; i++)
                params += req.route->is_param[i];
            FZ_CHECK(req.nparams == params);
            for (size_t i = 0; i < req.nparams; i++) {
                FZ_CHECK(req.params[i].value[0] != '\0');
                FZ_CHECK(svc_request_param(&req, req.params[i].name) != NULL);
            }
        } else if (m == SVCI_NO_METHOD) {
            FZ_CHECK(allow[0] != '\0' && req.route == NULL);
        } else {
            FZ_CHECK(m == SVCI_NO_ROUTE && req.route == NULL);
        }
    }
    svci_request_release(&req);
    free(target);
    return 0;
}
