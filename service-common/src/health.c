/* GET /healthz with readiness checks (see include/svc/health.h). */
#include <pthread.h>
#include <stdio.h>

#include "http_int.h"
#include "svc/health.h"

#define SVCI_HEALTH_MAX 16

struct svc_health {
    struct {
        char name[33];
        svc_health_check_fn fn;
        void *user;
    } checks[SVCI_HEALTH_MAX];
    size_t n;
};

svc_err svc_health_new(svc_health **out)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "health: NULL output");
    *out = calloc(1, sizeof(**out));
    return *out ? SVC_OK : svci_err(SVC_ERR_NOMEM, "health: out of memory");
}

void svc_health_free(svc_health *h)
{
    free(h);
}

svc_err svc_health_add(svc_health *h, const char *name, svc_health_check_fn fn, void *user)
{
    svci_clear_err();
    if (!h || !name || !fn)
        return svci_err(SVC_ERR_INVALID_ARG, "health: NULL argument");
    size_t n = strlen(name);
    if (!n || n > 32)
        return svci_err(SVC_ERR_INVALID_ARG, "health: check names are [a-z0-9_]{1,32}");
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
              name[i] == '_'))
            return svci_err(SVC_ERR_INVALID_ARG, "health: check names are [a-z0-9_]{1,32}");
    if (h->n == SVCI_HEALTH_MAX)
        return svci_err(SVC_ERR_INVALID_ARG, "health: more than %d checks", SVCI_HEALTH_MAX);
    snprintf(h->checks[h->n].name, sizeof(h->checks[0].name), "%s", name);
    h->checks[h->n].fn = fn;
    h->checks[h->n].user = user;
    h->n++;
    return SVC_OK;
}

static void svci_health_handler(void *user, const svc_request *req, svc_response *res)
{
    const svc_health *h = user;
    if (svc_request_stopping(req)) {
        svc_response_json_text(res, 503, "{\"status\":\"stopping\"}", 21);
        return;
    }
    svci_buf b;
    svci_buf_init(&b, 4096);
    int ok = 1;
    svci_buf_puts(&b, ",\"checks\":{");
    for (size_t i = 0; i < h->n; i++) {
        int pass = h->checks[i].fn(h->checks[i].user) == SVC_OK;
        ok &= pass;
        svci_buf_printf(&b, "%s\"%s\":\"%s\"", i ? "," : "", h->checks[i].name,
                        pass ? "ok" : "fail");
    }
    svci_buf_puts(&b, "}}");
    if (b.failed) {
        svci_buf_free(&b);
        svc_response_error(res, 500, "server_error", NULL);
        return;
    }
    char text[4200];
    int n = snprintf(text, sizeof(text), "{\"status\":\"%s\"%s", ok ? "ok" : "unavailable",
                     b.data);
    svci_buf_free(&b);
    svc_response_json_text(res, ok ? 200 : 503, text, (size_t)n);
}

svc_err svc_health_route(svc_router *r, svc_health *h, const svc_route_opts *opts)
{
    svci_clear_err();
    if (!r || !h)
        return svci_err(SVC_ERR_INVALID_ARG, "health: NULL argument");
    svc_route_opts def = {NULL, NULL, 0, SVC_ROUTE_UNLIMITED | SVC_ROUTE_NO_LOG};
    return svc_router_add(r, "GET", "/healthz", svci_health_handler, h, opts ? opts : &def);
}
