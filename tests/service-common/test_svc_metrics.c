/* wallet_svc metrics: Prometheus text exposition rendered and parsed back
 * by an independent parser written here from the format description;
 * counters, gauges, histograms, labels, limits, thread safety, and the
 * server's own request metrics over GET /metrics. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>

#include "svc_testutil.h"

/* ---- a strict parser of the text format 0.0.4 -------------------------------- */

typedef struct sample {
    char key[512]; /* name{labels as printed, unescaped} */
    double value;
} sample;

typedef struct parsed {
    sample s[4096];
    size_t n;
    char types[256][192]; /* "name type" */
    size_t ntypes;
} parsed;

static int name_char(char c, int first)
{
    return isalpha((unsigned char)c) || c == '_' || c == ':' || (!first && isdigit((unsigned char)c));
}

static const char *type_of(const parsed *p, const char *name)
{
    for (size_t i = 0; i < p->ntypes; i++) {
        size_t n = strlen(name);
        if (!strncmp(p->types[i], name, n) && p->types[i][n] == ' ')
            return p->types[i] + n + 1;
    }
    return NULL;
}

/* The family a sample belongs to (histogram suffixes removed). */
static void family_of(const parsed *p, const char *name, char *fam, size_t cap)
{
    snprintf(fam, cap, "%s", name);
    if (type_of(p, fam))
        return;
    const char *suffixes[] = {"_bucket", "_sum", "_count"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(name), sl = strlen(suffixes[i]);
        if (n > sl && !strcmp(name + n - sl, suffixes[i])) {
            snprintf(fam, cap, "%.*s", (int)(n - sl), name);
            if (type_of(p, fam))
                return;
        }
    }
    fam[0] = '\0';
}

/* Parse the whole exposition; fails the test on any deviation. */
static void parse_exposition(parsed *p, const char *text)
{
    memset(p, 0, sizeof(*p));
    const char *line = text;
    while (*line) {
        const char *eol = strchr(line, '\n');
        assert_non_null(eol); /* every line ends with \n */
        char buf[2048];
        size_t ll = (size_t)(eol - line);
        assert_true(ll < sizeof(buf));
        memcpy(buf, line, ll);
        buf[ll] = '\0';
        line = eol + 1;
        if (!strncmp(buf, "# HELP ", 7))
            continue;
        if (!strncmp(buf, "# TYPE ", 7)) {
            char name[128], type[32];
            assert_int_equal(sscanf(buf + 7, "%127s %31s", name, type), 2);
            assert_true(!strcmp(type, "counter") || !strcmp(type, "gauge") ||
                        !strcmp(type, "histogram"));
            assert_null(type_of(p, name)); /* one TYPE per family */
            snprintf(p->types[p->ntypes++], sizeof(p->types[0]), "%s %s", name, type);
            continue;
        }
        assert_true(buf[0] != '#');
        /* name */
        const char *c = buf;
        char name[128];
        size_t nl = 0;
        assert_true(name_char(*c, 1));
        while (name_char(*c, nl == 0) && nl < sizeof(name) - 1)
            name[nl++] = *c++;
        name[nl] = '\0';
        char key[512];
        size_t kl = (size_t)snprintf(key, sizeof(key), "%s", name);
        if (*c == '{') {
            key[kl++] = *c++;
            for (;;) {
                assert_true(name_char(*c, 1));
                while (name_char(*c, 0))
                    key[kl++] = *c++;
                assert_int_equal(*c, '=');
                key[kl++] = *c++;
                assert_int_equal(*c, '"');
                key[kl++] = *c++;
                while (*c != '"') {
                    assert_true(*c != '\0' && *c != '\n');
                    if (*c == '\\') {
                        c++;
                        assert_true(*c == '\\' || *c == '"' || *c == 'n');
                        key[kl++] = *c == 'n' ? '\n' : *c;
                        c++;
                    } else {
                        key[kl++] = *c++;
                    }
                    assert_true(kl < sizeof(key) - 8);
                }
                key[kl++] = *c++;
                if (*c == ',') {
                    key[kl++] = *c++;
                    continue;
                }
                assert_int_equal(*c, '}');
                key[kl++] = *c++;
                break;
            }
            key[kl] = '\0';
        }
        assert_int_equal(*c, ' ');
        c++;
        char *end = NULL;
        double v;
        if (!strcmp(c, "+Inf"))
            v = INFINITY;
        else if (!strcmp(c, "-Inf"))
            v = -INFINITY;
        else if (!strcmp(c, "NaN"))
            v = NAN;
        else {
            v = strtod(c, &end);
            assert_true(end && *end == '\0' && end != c);
        }
        char fam[128];
        family_of(p, name, fam, sizeof(fam));
        if (!fam[0])
            fail_msg("sample %s without a TYPE line", name);
        assert_true(p->n < 4096);
        snprintf(p->s[p->n].key, sizeof(p->s[0].key), "%s", key);
        p->s[p->n].value = v;
        p->n++;
    }
}

static int find(const parsed *p, const char *key, double *v)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->s[i].key, key)) {
            *v = p->s[i].value;
            return 1;
        }
    return 0;
}

static double value_of(const parsed *p, const char *key)
{
    double v = 0;
    if (!find(p, key, &v))
        fail_msg("no sample %s", key);
    return v;
}

static parsed P;

static void render_parse(svc_metrics *m)
{
    char *text = NULL;
    size_t len = 0;
    tu_assert_svc_ok(svc_metrics_render(m, &text, &len));
    assert_int_equal(len, strlen(text));
    parse_exposition(&P, text);
    free(text);
}

/* ---- positive -------------------------------------------------------------------- */

static void test_counter_gauge_histogram_round_trip(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, "wallet_test_"));
    svc_metric *c = NULL, *g = NULL, *h = NULL, *plain = NULL;
    const char *lt[] = {"type"};
    tu_assert_svc_ok(svc_metrics_counter(m, &c, "issued_total", "Credentials issued", 1, lt));
    tu_assert_svc_ok(svc_metrics_gauge(m, &g, "sessions", "Open sessions", 0, NULL));
    tu_assert_svc_ok(svc_metrics_counter(m, &plain, "errors_total", "Errors", 0, NULL));
    const double b[] = {0.005, 0.1, 1};
    tu_assert_svc_ok(svc_metrics_histogram(m, &h, "sign_seconds", "Signing time", b, 3, 1, lt));
    const char *sd[] = {"dc+sd-jwt"}, *md[] = {"mso_mdoc"};
    svc_metric_add(c, sd, 1);
    svc_metric_add(c, sd, 2);
    svc_metric_add(c, md, 1);
    svc_metric_set(g, NULL, 42);
    svc_metric_add(g, NULL, -2);
    svc_metric_observe(h, sd, 0.001);
    svc_metric_observe(h, sd, 0.005); /* on the bound: counts in le="0.005" */
    svc_metric_observe(h, sd, 0.5);
    svc_metric_observe(h, sd, 7);
    render_parse(m);
    assert_string_equal(type_of(&P, "wallet_test_issued_total"), "counter");
    assert_string_equal(type_of(&P, "wallet_test_sign_seconds"), "histogram");
    assert_true(value_of(&P, "wallet_test_issued_total{type=\"dc+sd-jwt\"}") == 3);
    assert_true(value_of(&P, "wallet_test_issued_total{type=\"mso_mdoc\"}") == 1);
    assert_true(value_of(&P, "wallet_test_sessions") == 40);
    assert_true(value_of(&P, "wallet_test_errors_total") == 0); /* shown before any error */
    assert_true(value_of(&P, "wallet_test_sign_seconds_bucket{type=\"dc+sd-jwt\",le=\"0.005\"}") == 2);
    assert_true(value_of(&P, "wallet_test_sign_seconds_bucket{type=\"dc+sd-jwt\",le=\"0.1\"}") == 2);
    assert_true(value_of(&P, "wallet_test_sign_seconds_bucket{type=\"dc+sd-jwt\",le=\"1\"}") == 3);
    assert_true(value_of(&P, "wallet_test_sign_seconds_bucket{type=\"dc+sd-jwt\",le=\"+Inf\"}") == 4);
    assert_true(value_of(&P, "wallet_test_sign_seconds_count{type=\"dc+sd-jwt\"}") == 4);
    assert_true(fabs(value_of(&P, "wallet_test_sign_seconds_sum{type=\"dc+sd-jwt\"}") - 7.506) < 1e-9);
    assert_true(value_of(&P, "wallet_test_metrics_series_dropped_total") == 0);
    svc_metrics_free(m);
}

static void test_label_values_escaped(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, ""));
    svc_metric *c = NULL;
    const char *l[] = {"v"};
    tu_assert_svc_ok(svc_metrics_counter(m, &c, "odd_total", "Help with \\ backslash", 1, l));
    const char *v[] = {"a\"b\\c\nd"};
    svc_metric_add(c, v, 1);
    char *text = NULL;
    tu_assert_svc_ok(svc_metrics_render(m, &text, NULL));
    assert_non_null(strstr(text, "odd_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
    assert_non_null(strstr(text, "# HELP odd_total Help with \\\\ backslash\n"));
    parse_exposition(&P, text);
    assert_true(value_of(&P, "odd_total{v=\"a\"b\\c\nd\"}") == 1);
    free(text);
    svc_metrics_free(m);
}

typedef struct {
    svc_metric *c, *h;
} pair;

static void *hammer(void *p)
{
    pair *x = p;
    const char *l[] = {"x"};
    for (int i = 0; i < 10000; i++) {
        svc_metric_add(x->c, l, 1);
        svc_metric_observe(x->h, l, 0.01);
    }
    return NULL;
}

static void test_concurrent_recording_is_exact(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, ""));
    pair x;
    const char *l[] = {"k"};
    const double b[] = {0.1};
    tu_assert_svc_ok(svc_metrics_counter(m, &x.c, "hits_total", "Hits", 1, l));
    tu_assert_svc_ok(svc_metrics_histogram(m, &x.h, "lat_seconds", "Latency", b, 1, 1, l));
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, hammer, &x);
    for (int i = 0; i < 4; i++) { /* scrape while recording */
        char *text = NULL;
        tu_assert_svc_ok(svc_metrics_render(m, &text, NULL));
        free(text);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    render_parse(m);
    assert_true(value_of(&P, "hits_total{k=\"x\"}") == 80000);
    assert_true(value_of(&P, "lat_seconds_count{k=\"x\"}") == 80000);
    svc_metrics_free(m);
}

static void h_ok(void *u, const svc_request *req, svc_response *res)
{
    (void)u;
    (void)req;
    svc_response_text(res, 200, "ok");
}

static void test_server_request_metrics_over_http(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, "wallet_verifier_"));
    svc_router *r = NULL;
    tu_assert_svc_ok(svc_router_new(&r));
    tu_assert_svc_ok(svc_router_add(r, "GET", "/v1/presentations/{id}", h_ok, NULL, NULL));
    tu_assert_svc_ok(svc_metrics_route(r, m, NULL));
    svc_server_opts o;
    svc_server_opts_default(&o);
    o.router = r;
    o.metrics = m;
    svc_server *s = tu_serve(&o);
    unsigned port = svc_server_port(s);
    for (int i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof(path), "/v1/presentations/id-%d", i);
        tu_resp x = tu_get(port, path);
        assert_int_equal(x.status, 200);
        tu_resp_free(&x);
    }
    tu_resp x = tu_get(port, "/secret-looking-path-123");
    assert_int_equal(x.status, 404);
    tu_resp_free(&x);
    x = tu_get(port, "/metrics");
    assert_int_equal(x.status, 200);
    assert_string_equal(tu_header(&x, "Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    parse_exposition(&P, x.body);
    /* Route patterns, never raw paths. */
    assert_null(strstr(x.body, "id-1"));
    assert_null(strstr(x.body, "secret-looking"));
    assert_true(value_of(&P, "wallet_verifier_http_requests_total{route=\"/v1/presentations/{id}\","
                             "method=\"GET\",status=\"2xx\"}") == 3);
    assert_true(value_of(&P, "wallet_verifier_http_requests_total{route=\"unmatched\","
                             "method=\"GET\",status=\"4xx\"}") == 1);
    assert_true(value_of(&P, "wallet_verifier_http_request_duration_seconds_count{route=\"/v1/"
                             "presentations/{id}\",method=\"GET\",status=\"2xx\"}") == 3);
    double inflight = 0;
    assert_true(find(&P, "wallet_verifier_http_requests_in_flight", &inflight));
    assert_true(inflight >= 1); /* the scrape itself */
    tu_resp_free(&x);
    svc_server_stop(s);
    svc_router_free(r);
    svc_metrics_free(m);
}

/* ---- negative ---------------------------------------------------------------------- */

static void test_bad_names_and_labels_refused(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc(svc_metrics_new(&m, "Bad-Prefix"), SVC_ERR_INVALID_ARG);
    assert_null(m);
    tu_assert_svc_ok(svc_metrics_new(&m, "p_"));
    svc_metric *f = (svc_metric *)1;
    tu_assert_svc(svc_metrics_counter(m, &f, "", "h", 0, NULL), SVC_ERR_INVALID_ARG);
    assert_null(f);
    tu_assert_svc(svc_metrics_counter(m, &f, "9lives", "h", 0, NULL), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_counter(m, &f, "has space", "h", 0, NULL), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_counter(m, &f, "ok_total", "two\nlines", 0, NULL), SVC_ERR_INVALID_ARG);
    const char *le[] = {"le"}, *dup[] = {"a", "a"}, *under[] = {"__x"}, *bad[] = {"a-b"};
    tu_assert_svc(svc_metrics_counter(m, &f, "x_total", "h", 1, le), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_counter(m, &f, "x_total", "h", 2, dup), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_counter(m, &f, "x_total", "h", 1, under), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_counter(m, &f, "x_total", "h", 1, bad), SVC_ERR_INVALID_ARG);
    const char *five[] = {"a", "b", "c", "d", "e"};
    tu_assert_svc(svc_metrics_counter(m, &f, "x_total", "h", 5, five), SVC_ERR_INVALID_ARG);
    tu_assert_svc_ok(svc_metrics_counter(m, &f, "x_total", "h", 0, NULL));
    tu_assert_svc(svc_metrics_gauge(m, &f, "x_total", "h", 0, NULL), SVC_ERR_INVALID_ARG);
    svc_metrics_free(m);
}

static void test_bad_buckets_refused(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, ""));
    svc_metric *f = NULL;
    const double down[] = {1, 0.5}, same[] = {1, 1}, inf[] = {1, 1.0 / 0.0};
    tu_assert_svc(svc_metrics_histogram(m, &f, "h1", "h", down, 2, 0, NULL), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_histogram(m, &f, "h2", "h", same, 2, 0, NULL), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_histogram(m, &f, "h3", "h", inf, 2, 0, NULL), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_metrics_histogram(m, &f, "h4", "h", NULL, 0, 0, NULL), SVC_ERR_INVALID_ARG);
    svc_metrics_free(m);
}

static void test_misuse_is_ignored_not_recorded(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, ""));
    svc_metric *c = NULL;
    const char *l[] = {"k"};
    tu_assert_svc_ok(svc_metrics_counter(m, &c, "c_total", "h", 1, l));
    const char *v[] = {"x"};
    svc_metric_add(c, v, -5);       /* counters only grow */
    svc_metric_add(c, v, NAN);
    svc_metric_observe(c, v, 1);    /* not a histogram */
    svc_metric_set(c, v, 9);        /* not a gauge */
    svc_metric_add(c, NULL, 1);     /* missing label values */
    const char *nullv[] = {NULL};
    svc_metric_add(c, nullv, 1);
    svc_metric_add(NULL, v, 1);
    render_parse(m);
    double d;
    assert_false(find(&P, "c_total{k=\"x\"}", &d));
    svc_metrics_free(m);
}

static void test_series_limit_drops_and_counts(void **state)
{
    (void)state;
    svc_metrics *m = NULL;
    tu_assert_svc_ok(svc_metrics_new(&m, ""));
    svc_metric *c = NULL;
    const char *l[] = {"id"};
    tu_assert_svc_ok(svc_metrics_counter(m, &c, "per_id_total", "bad idea", 1, l));
    char id[32];
    const char *v[] = {id};
    for (int i = 0; i < SVC_METRIC_MAX_SERIES + 25; i++) {
        snprintf(id, sizeof(id), "%d", i);
        svc_metric_add(c, v, 1);
    }
    render_parse(m);
    assert_true(value_of(&P, "metrics_series_dropped_total") == 25);
    double d;
    assert_false(find(&P, "per_id_total{id=\"1010\"}", &d));
    assert_true(value_of(&P, "per_id_total{id=\"999\"}") == 1);
    svc_metrics_free(m);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_gauge_histogram_round_trip),
        cmocka_unit_test(test_label_values_escaped),
        cmocka_unit_test(test_concurrent_recording_is_exact),
        cmocka_unit_test(test_server_request_metrics_over_http),
        cmocka_unit_test(test_bad_names_and_labels_refused),
        cmocka_unit_test(test_bad_buckets_refused),
        cmocka_unit_test(test_misuse_is_ignored_not_recorded),
        cmocka_unit_test(test_series_limit_drops_and_counts),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
