/*
 * Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/):
 *   # HELP <name> <help, with \\ and \n escaped>
 *   # TYPE <name> counter|gauge|histogram
 *   <name>{<label>="<value, with \\ \" \n escaped>",...} <float>
 * Histograms: <name>_bucket{...,le="<bound>"} cumulative counts ending
 * with le="+Inf", then <name>_sum and <name>_count.
 *
 * One mutex per family; the registry's list has its own. Rendering takes
 * them one family at a time, so a scrape never stops all recording.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>

#include "http_int.h"
#include "metrics_int.h"

typedef enum { SVCI_COUNTER, SVCI_GAUGE, SVCI_HISTOGRAM } svci_kind;

typedef struct svci_series {
    uint64_t hash;
    char *values[SVC_METRIC_MAX_LABELS];
    double value;      /* counter, gauge */
    uint64_t *counts;  /* histogram: nbuckets + 1 (the last is +Inf), not cumulative */
    double sum;
    uint64_t count;
} svci_series;

struct svc_metric {
    svc_metrics *reg;
    svci_kind kind;
    char *name; /* with the prefix */
    char *help;
    size_t nlabels;
    char *labels[SVC_METRIC_MAX_LABELS];
    double *buckets;
    size_t nbuckets;
    pthread_mutex_t mu;
    svci_series *series;
    size_t nseries, capseries;
};

struct svc_metrics {
    char *prefix;
    pthread_mutex_t mu;
    svc_metric **fams;
    size_t n, cap;
    svc_metric *dropped;
};

static int svci_metric_name_ok(const char *s, int allow_empty)
{
    if (!s)
        return 0;
    if (!*s)
        return allow_empty;
    if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return strlen(s) <= 100;
}

static void svci_family_free(svc_metric *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nseries; i++) {
        for (size_t k = 0; k < f->nlabels; k++)
            free(f->series[i].values[k]);
        free(f->series[i].counts);
    }
    free(f->series);
    for (size_t k = 0; k < f->nlabels; k++)
        free(f->labels[k]);
    free(f->buckets);
    free(f->name);
    free(f->help);
    pthread_mutex_destroy(&f->mu);
    free(f);
}

svc_metric *svci_metrics_find(svc_metrics *m, const char *name)
{
    svc_metric *found = NULL;
    size_t pl = strlen(m->prefix);
    pthread_mutex_lock(&m->mu);
    for (size_t i = 0; i < m->n && !found; i++)
        if (!strncmp(m->fams[i]->name, m->prefix, pl) && !strcmp(m->fams[i]->name + pl, name))
            found = m->fams[i];
    pthread_mutex_unlock(&m->mu);
    return found;
}

static svc_err svci_family_new(svc_metrics *m, svc_metric **out, svci_kind kind, const char *name,
                               const char *help, const double *buckets, size_t nbuckets,
                               size_t nlabels, const char *const *labels)
{
    svci_clear_err();
    if (out)
        *out = NULL;
    if (!m || !out || !help)
        return svci_err(SVC_ERR_INVALID_ARG, "metrics: NULL argument");
    if (!svci_metric_name_ok(name, 0))
        return svci_err(SVC_ERR_INVALID_ARG, "metrics: malformed name");
    if (nlabels > SVC_METRIC_MAX_LABELS || (nlabels && !labels))
        return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: too many labels", name);
    for (size_t k = 0; k < nlabels; k++) {
        if (!svci_metric_name_ok(labels[k], 0) || !strcmp(labels[k], "le") ||
            !strncmp(labels[k], "__", 2))
            return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: malformed label name", name);
        for (size_t j = 0; j < k; j++)
            if (!strcmp(labels[j], labels[k]))
                return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: label twice", name);
    }
    if (strchr(help, '\n'))
        return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: help must be one line", name);
    if (kind == SVCI_HISTOGRAM) {
        if (!buckets || !nbuckets || nbuckets > SVC_METRIC_MAX_BUCKETS)
            return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: 1 to %d buckets", name,
                            SVC_METRIC_MAX_BUCKETS);
        for (size_t i = 0; i < nbuckets; i++)
            if (!isfinite(buckets[i]) || (i && buckets[i] <= buckets[i - 1]))
                return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: buckets must be finite and "
                                "increasing", name);
    }
    if (svci_metrics_find(m, name))
        return svci_err(SVC_ERR_INVALID_ARG, "metrics %s: registered twice", name);
    svc_metric *f = calloc(1, sizeof(*f));
    if (!f)
        return svci_err(SVC_ERR_NOMEM, "metrics: out of memory");
    pthread_mutex_init(&f->mu, NULL);
    f->reg = m;
    f->kind = kind;
    size_t nl = strlen(m->prefix) + strlen(name) + 1;
    f->name = malloc(nl);
    f->help = svci_strdup(help);
    int ok = f->name && f->help;
    if (f->name)
        snprintf(f->name, nl, "%s%s", m->prefix, name);
    for (size_t k = 0; ok && k < nlabels; k++) {
        f->labels[k] = svci_strdup(labels[k]);
        ok = f->labels[k] != NULL;
        f->nlabels = k + 1;
    }
    if (ok && kind == SVCI_HISTOGRAM) {
        f->buckets = malloc(nbuckets * sizeof(double));
        ok = f->buckets != NULL;
        if (ok) {
            memcpy(f->buckets, buckets, nbuckets * sizeof(double));
            f->nbuckets = nbuckets;
        }
    }
    if (ok) {
        pthread_mutex_lock(&m->mu);
        if (m->n == m->cap) {
            size_t nc = m->cap ? m->cap * 2 : 16;
            svc_metric **p = realloc(m->fams, nc * sizeof(*p));
            if (p) {
                m->fams = p;
                m->cap = nc;
            }
        }
        ok = m->n < m->cap;
        if (ok)
            m->fams[m->n++] = f;
        pthread_mutex_unlock(&m->mu);
    }
    if (!ok) {
        svci_family_free(f);
        return svci_err(SVC_ERR_NOMEM, "metrics: out of memory");
    }
    *out = f;
    return SVC_OK;
}

svc_err svc_metrics_new(svc_metrics **out, const char *prefix)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "metrics: NULL output");
    *out = NULL;
    if (!prefix)
        prefix = "";
    if (!svci_metric_name_ok(prefix, 1))
        return svci_err(SVC_ERR_INVALID_ARG, "metrics: malformed prefix");
    svc_metrics *m = calloc(1, sizeof(*m));
    if (!m || !(m->prefix = svci_strdup(prefix))) {
        free(m);
        return svci_err(SVC_ERR_NOMEM, "metrics: out of memory");
    }
    pthread_mutex_init(&m->mu, NULL);
    svc_err e = svci_family_new(m, &m->dropped, SVCI_COUNTER, "metrics_series_dropped_total",
                                "Observations dropped because a family reached its series limit",
                                NULL, 0, 0, NULL);
    if (e != SVC_OK) {
        svc_metrics_free(m);
        return e;
    }
    *out = m;
    return SVC_OK;
}

void svc_metrics_free(svc_metrics *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        svci_family_free(m->fams[i]);
    free(m->fams);
    free(m->prefix);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

svc_err svc_metrics_counter(svc_metrics *m, svc_metric **out, const char *name, const char *help,
                            size_t nlabels, const char *const *labels)
{
    return svci_family_new(m, out, SVCI_COUNTER, name, help, NULL, 0, nlabels, labels);
}

svc_err svc_metrics_gauge(svc_metrics *m, svc_metric **out, const char *name, const char *help,
                          size_t nlabels, const char *const *labels)
{
    return svci_family_new(m, out, SVCI_GAUGE, name, help, NULL, 0, nlabels, labels);
}

svc_err svc_metrics_histogram(svc_metrics *m, svc_metric **out, const char *name,
                              const char *help, const double *buckets, size_t nbuckets,
                              size_t nlabels, const char *const *labels)
{
    return svci_family_new(m, out, SVCI_HISTOGRAM, name, help, buckets, nbuckets, nlabels,
                           labels);
}

/* ---- recording ------------------------------------------------------------- */

static uint64_t svci_values_hash(const svc_metric *f, const char *const *values)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < f->nlabels; k++) {
        for (const unsigned char *p = (const unsigned char *)values[k]; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        h = (h ^ 0xFF) * 1099511628211ULL; /* separator */
    }
    return h;
}

/* The series for these label values, created if needed (family locked).
 * NULL when the family is full or memory ran out. */
static svci_series *svci_series_get(svc_metric *f, const char *const *values)
{
    uint64_t h = svci_values_hash(f, values);
    for (size_t i = 0; i < f->nseries; i++) {
        svci_series *s = &f->series[i];
        if (s->hash != h)
            continue;
        size_t k = 0;
        while (k < f->nlabels && !strcmp(s->values[k], values[k]))
            k++;
        if (k == f->nlabels)
            return s;
    }
    if (f->nseries >= SVC_METRIC_MAX_SERIES)
        return NULL;
    if (f->nseries == f->capseries) {
        size_t nc = f->capseries ? f->capseries * 2 : 8;
        svci_series *p = realloc(f->series, nc * sizeof(*p));
        if (!p)
            return NULL;
        f->series = p;
        f->capseries = nc;
    }
    svci_series *s = &f->series[f->nseries];
    memset(s, 0, sizeof(*s));
    s->hash = h;
    for (size_t k = 0; k < f->nlabels; k++) {
        s->values[k] = svci_strdup(values[k]);
        if (!s->values[k]) {
            for (size_t j = 0; j < k; j++)
                free(s->values[j]);
            return NULL;
        }
    }
    if (f->kind == SVCI_HISTOGRAM) {
        s->counts = calloc(f->nbuckets + 1, sizeof(uint64_t));
        if (!s->counts) {
            for (size_t k = 0; k < f->nlabels; k++)
                free(s->values[k]);
            return NULL;
        }
    }
    f->nseries++;
    return s;
}

static int svci_values_ok(const svc_metric *f, const char *const *values)
{
    if (f->nlabels && !values)
        return 0;
    for (size_t k = 0; k < f->nlabels; k++)
        if (!values[k])
            return 0;
    return 1;
}

static void svci_record(svc_metric *f, const char *const *values, double v, svci_kind kind,
                        int set)
{
    if (!f || f->kind != kind || !svci_values_ok(f, values))
        return;
    if (kind == SVCI_COUNTER && (!isfinite(v) || v < 0))
        return;
    int dropped = 0;
    pthread_mutex_lock(&f->mu);
    svci_series *s = svci_series_get(f, values);
    if (!s) {
        dropped = 1;
    } else if (kind == SVCI_HISTOGRAM) {
        size_t i = 0;
        while (i < f->nbuckets && !(v <= f->buckets[i]))
            i++;
        s->counts[i]++;
        s->sum += v;
        s->count++;
    } else if (set) {
        s->value = v;
    } else {
        s->value += v;
    }
    pthread_mutex_unlock(&f->mu);
    if (dropped && f != f->reg->dropped)
        svci_record(f->reg->dropped, NULL, 1, SVCI_COUNTER, 0);
}

void svc_metric_add(svc_metric *f, const char *const *values, double v)
{
    if (f && f->kind == SVCI_GAUGE)
        svci_record(f, values, v, SVCI_GAUGE, 0);
    else
        svci_record(f, values, v, SVCI_COUNTER, 0);
}

void svc_metric_set(svc_metric *f, const char *const *values, double v)
{
    svci_record(f, values, v, SVCI_GAUGE, 1);
}

void svc_metric_observe(svc_metric *f, const char *const *values, double v)
{
    svci_record(f, values, v, SVCI_HISTOGRAM, 0);
}

/* ---- exposition --------------------------------------------------------------- */

/* The shortest of %.15g..%.17g that reads back as the same double
 * (0.005 prints as "0.005", not "0.0050000000000000001"). */
static void svci_fmt_double(char *out, size_t cap, double v)
{
    if (isnan(v)) {
        snprintf(out, cap, "NaN");
        return;
    }
    if (isinf(v)) {
        snprintf(out, cap, "%s", v > 0 ? "+Inf" : "-Inf");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, cap, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

static void svci_put_float(svci_buf *b, double v)
{
    char tmp[40];
    svci_fmt_double(tmp, sizeof(tmp), v);
    svci_buf_puts(b, tmp);
}

static void svci_put_escaped(svci_buf *b, const char *s, int quote)
{
    for (const char *p = s; *p; p++) {
        if (*p == '\\')
            svci_buf_puts(b, "\\\\");
        else if (*p == '\n')
            svci_buf_puts(b, "\\n");
        else if (quote && *p == '"')
            svci_buf_puts(b, "\\\"");
        else
            svci_buf_put(b, p, 1);
    }
}

static void svci_put_labels(svci_buf *b, const svc_metric *f, const svci_series *s,
                            const char *le)
{
    if (!f->nlabels && !le)
        return;
    svci_buf_puts(b, "{");
    for (size_t k = 0; k < f->nlabels; k++) {
        svci_buf_printf(b, "%s%s=\"", k ? "," : "", f->labels[k]);
        svci_put_escaped(b, s->values[k], 1);
        svci_buf_puts(b, "\"");
    }
    if (le) {
        svci_buf_printf(b, "%sle=\"%s\"", f->nlabels ? "," : "", le);
    }
    svci_buf_puts(b, "}");
}

static void svci_render_family(svci_buf *b, svc_metric *f)
{
    static const char *const types[] = {"counter", "gauge", "histogram"};
    pthread_mutex_lock(&f->mu);
    svci_buf_printf(b, "# HELP %s ", f->name);
    svci_put_escaped(b, f->help, 0);
    svci_buf_printf(b, "\n# TYPE %s %s\n", f->name, types[f->kind]);
    /* A counter without labels is shown at 0 before its first increment. */
    if (!f->nseries && !f->nlabels && f->kind != SVCI_HISTOGRAM)
        svci_buf_printf(b, "%s 0\n", f->name);
    for (size_t i = 0; i < f->nseries; i++) {
        const svci_series *s = &f->series[i];
        if (f->kind != SVCI_HISTOGRAM) {
            svci_buf_puts(b, f->name);
            svci_put_labels(b, f, s, NULL);
            svci_buf_puts(b, " ");
            svci_put_float(b, s->value);
            svci_buf_puts(b, "\n");
            continue;
        }
        uint64_t cum = 0;
        for (size_t k = 0; k <= f->nbuckets; k++) {
            char le[40];
            if (k < f->nbuckets)
                svci_fmt_double(le, sizeof(le), f->buckets[k]);
            else
                snprintf(le, sizeof(le), "+Inf");
            cum += s->counts[k];
            svci_buf_printf(b, "%s_bucket", f->name);
            svci_put_labels(b, f, s, le);
            svci_buf_printf(b, " %llu\n", (unsigned long long)cum);
        }
        svci_buf_printf(b, "%s_sum", f->name);
        svci_put_labels(b, f, s, NULL);
        svci_buf_puts(b, " ");
        svci_put_float(b, s->sum);
        svci_buf_printf(b, "\n%s_count", f->name);
        svci_put_labels(b, f, s, NULL);
        svci_buf_printf(b, " %llu\n", (unsigned long long)s->count);
    }
    pthread_mutex_unlock(&f->mu);
}

svc_err svc_metrics_render(svc_metrics *m, char **out, size_t *len)
{
    svci_clear_err();
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!m || !out)
        return svci_err(SVC_ERR_INVALID_ARG, "metrics: NULL argument");
    svci_buf b;
    svci_buf_init(&b, 64u * 1024 * 1024);
    /* Families are never removed while the registry lives, so the list can
     * be copied and walked without holding the registry lock. */
    pthread_mutex_lock(&m->mu);
    size_t n = m->n;
    svc_metric **fams = malloc((n ? n : 1) * sizeof(*fams));
    if (fams)
        memcpy(fams, m->fams, n * sizeof(*fams));
    pthread_mutex_unlock(&m->mu);
    if (!fams)
        return svci_err(SVC_ERR_NOMEM, "metrics: out of memory");
    for (size_t i = 0; i < n; i++)
        svci_render_family(&b, fams[i]);
    free(fams);
    *out = svci_buf_take(&b, len);
    return *out ? SVC_OK : svci_err(SVC_ERR_NOMEM, "metrics: out of memory");
}

static void svci_metrics_handler(void *user, const svc_request *req, svc_response *res)
{
    (void)req;
    char *text = NULL;
    size_t len = 0;
    if (svc_metrics_render(user, &text, &len) != SVC_OK) {
        svc_response_error(res, 500, "server_error", "metrics unavailable");
        return;
    }
    svc_response_body(res, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
    free(text);
}

svc_err svc_metrics_route(svc_router *r, svc_metrics *m, const svc_route_opts *opts)
{
    svci_clear_err();
    if (!r || !m)
        return svci_err(SVC_ERR_INVALID_ARG, "metrics: NULL argument");
    svc_route_opts def = {NULL, NULL, 0, SVC_ROUTE_UNLIMITED | SVC_ROUTE_NO_LOG};
    return svc_router_add(r, "GET", "/metrics", svci_metrics_handler, m, opts ? opts : &def);
}
