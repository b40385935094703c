/*
 * GET /healthz: 200 {"status":"ok","checks":{...}} when every registered
 * readiness check passes; 503 {"status":"unavailable","checks":{"storage":
 * "fail"}} when one fails; 503 {"status":"stopping"} once shutdown has
 * begun (so that load balancers drain the instance). A check says only
 * ok/fail: the reason goes to the service's own log, not to the public.
 */
#ifndef SVC_HEALTH_H
#define SVC_HEALTH_H

#include "router.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_health svc_health;

/* A readiness check: SVC_OK when ready (e.g. storage reachable). Runs on a
 * server thread, concurrently with others: must be thread-safe and quick. */
typedef svc_err (*svc_health_check_fn)(void *user);

svc_err svc_health_new(svc_health **out);
void svc_health_free(svc_health *h);

/* name: [a-z0-9_]{1,32}; at most 16 checks. */
svc_err svc_health_add(svc_health *h, const char *name, svc_health_check_fn fn, void *user);

/* Register GET /healthz (opts NULL: not rate limited, not access-logged). */
svc_err svc_health_route(svc_router *r, svc_health *h, const svc_route_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* SVC_HEALTH_H */
