/*
 * Metrics in the Prometheus text exposition format (version 0.0.4):
 * counters, gauges, and histograms with fixed buckets, each with up to
 * SVC_METRIC_MAX_LABELS labels. Thread-safe.
 *
 * Label values must have a small, bounded set of values (route patterns,
 * methods, status classes, credential types) — never identifiers or
 * personal data. A family keeps at most SVC_METRIC_MAX_SERIES label
 * combinations; observations of further ones are dropped (and counted in
 * <prefix>metrics_series_dropped_total).
 *
 * The server records, when given a registry:
 *   <prefix>http_requests_total{route,method,status}   (status "2xx".."5xx")
 *   <prefix>http_request_duration_seconds{route,method} histogram
 *   <prefix>http_requests_in_flight                      gauge
 *   <prefix>http_rate_limited_total{group}
 * where route is the matched pattern, or "unmatched".
 */
#ifndef SVC_METRICS_H
#define SVC_METRICS_H

#include "router.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_metrics svc_metrics;
typedef struct svc_metric svc_metric;

#define SVC_METRIC_MAX_LABELS 4
#define SVC_METRIC_MAX_SERIES 1000
#define SVC_METRIC_MAX_BUCKETS 32

/* prefix: prepended to every name ("wallet_issuer_"); [a-z_][a-z0-9_]* or
 * "". */
svc_err svc_metrics_new(svc_metrics **out, const char *prefix);
void svc_metrics_free(svc_metrics *m);

/*
 * Create a family. name: [a-z_][a-z0-9_]* (the prefix is added); help: one
 * line; labels: nlabels names ([a-z_][a-z0-9_]*, not "le"). Histogram
 * buckets: strictly increasing finite upper bounds (+Inf is implicit).
 * The family belongs to the registry. Errors: SVC_ERR_INVALID_ARG
 * (malformed name, label, buckets; a name already registered), SVC_ERR_NOMEM.
 */
svc_err svc_metrics_counter(svc_metrics *m, svc_metric **out, const char *name, const char *help,
                            size_t nlabels, const char *const *labels);
svc_err svc_metrics_gauge(svc_metrics *m, svc_metric **out, const char *name, const char *help,
                          size_t nlabels, const char *const *labels);
svc_err svc_metrics_histogram(svc_metrics *m, svc_metric **out, const char *name,
                              const char *help, const double *buckets, size_t nbuckets,
                              size_t nlabels, const char *const *labels);

/* Record. values: one string per label of the family (NULL when it has
 * none). A counter only grows: a negative or non-finite `v` is ignored. */
void svc_metric_add(svc_metric *f, const char *const *values, double v);
void svc_metric_set(svc_metric *f, const char *const *values, double v);
void svc_metric_observe(svc_metric *f, const char *const *values, double v);

/* The current text exposition (allocated; free()). */
svc_err svc_metrics_render(svc_metrics *m, char **out, size_t *len);

/* Register GET /metrics answering the exposition
 * ("text/plain; version=0.0.4; charset=utf-8"). opts may restrict it to an
 * API key scope. */
svc_err svc_metrics_route(svc_router *r, svc_metrics *m, const svc_route_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* SVC_METRICS_H */
