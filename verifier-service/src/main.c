/*
 * wallet-verifier --config FILE
 *
 * The OpenID4VP 1.0 verifier of the super app: relying parties (Mini Apps,
 * the payment gateway, service counters) ask citizens' wallets for exactly
 * the claims they registered and read back a verified answer; counters can
 * also check a QR code offline. See docs/verifier-service.md.
 *
 * Environment overrides use the prefix WALLET_VERIFIER (svc/config.h):
 * WALLET_VERIFIER_LISTEN_PORT, WALLET_VERIFIER_STORAGE_KEY, ...
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <svc/accesslog.h>
#include <svc/health.h>
#include <svc/server.h>
#include <svc/static.h>

#include "vs.h"

/* The counter page, embedded at build time (counter_files.c). */
typedef struct vs_file {
    const char *name;
    const unsigned char *data;
    size_t len;
} vs_file;
extern const vs_file vs_counter_files[];
extern const size_t vs_counter_file_count;

static const char usage[] =
    "usage: wallet-verifier --config FILE [--print-port FILE]\n"
    "  Runs the OpenID4VP verifier until SIGTERM/SIGINT.\n"
    "  --print-port FILE  write the bound port there once listening (for tests\n"
    "                     and scripts using listen.port 0)\n";

static svc_err storage_ping(void *user) { return svc_storage_ping(user); }

static int add_routes(vs_app *app, svc_router *r, svc_static *counter, svc_health *health)
{
    svc_route_opts rp = {.group = "rp", .scope = "presentations", .max_body = 64 * 1024};
    svc_route_opts poll = {.group = "poll", .scope = "presentations"};
    svc_route_opts check = {.group = "rp", .scope = "presentations", .max_body = 4 << 20};
    svc_route_opts wallet = {.group = "wallet", .max_body = 1 << 20};
    svc_route_opts page = {.group = "page"};
    svc_route_opts unl = {.flags = SVC_ROUTE_UNLIMITED};
    return svc_router_add(r, "GET", "/v1/templates", vs_h_templates, app, &poll) ||
           svc_router_add(r, "POST", "/v1/presentations", vs_h_create, app, &rp) ||
           svc_router_add(r, "GET", "/v1/presentations/{id}", vs_h_get, app, &poll) ||
           svc_router_add(r, "POST", "/v1/verify", vs_h_verify, app, &check) ||
           svc_router_add(r, "GET", "/oid4vp/request/{id}", vs_h_request_object, app, &wallet) ||
           svc_router_add(r, "POST", "/oid4vp/response/{id}", vs_h_response, app, &wallet) ||
           svc_static_route(r, "/counter", counter, "index.html", &page) ||
           svc_health_route(r, health, &unl) || svc_metrics_route(r, app->metrics, &unl);
}

int main(int argc, char **argv)
{
    const char *cfg_path = NULL, *port_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            cfg_path = argv[++i];
        else if (strcmp(argv[i], "--print-port") == 0 && i + 1 < argc)
            port_file = argv[++i];
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            fputs(usage, stderr);
            return 2;
        }
    }
    if (!cfg_path) {
        fputs(usage, stderr);
        return 2;
    }
    svc_signals_block();
    curl_global_init(CURL_GLOBAL_DEFAULT);

    vs_app app;
    memset(&app, 0, sizeof(app));
    svc_config *cfg = NULL;
    svc_router *router = NULL;
    svc_health *health = NULL;
    svc_accesslog *alog = NULL;
    svc_ratelimit *rl = NULL;
    svc_static *counter = NULL;
    svc_server *server = NULL;
    svc_server_opts opts;
    char err[1024] = "";
    int rc = 1;
    svc_server_opts_default(&opts);

    if (svc_config_load(&cfg, cfg_path, "WALLET_VERIFIER") != SVC_OK ||
        svc_server_opts_from_config(&opts, cfg) != SVC_OK ||
        svc_storage_open_config(&app.st, cfg) != SVC_OK ||
        svc_accesslog_from_config(&alog, cfg) != SVC_OK ||
        svc_ratelimit_from_config(&rl, cfg) != SVC_OK) {
        fprintf(stderr, "wallet-verifier: %s\n", svc_errmsg());
        goto out;
    }
    if (vs_app_configure(&app, cfg, err, sizeof(err)) != 0) {
        fprintf(stderr, "wallet-verifier: config %s: %s\n", svc_config_origin(cfg), err);
        goto out;
    }
    if (svc_config_check_unused(cfg) != SVC_OK) {
        fprintf(stderr, "wallet-verifier: %s\n", svc_errmsg());
        goto out;
    }
    /* Sensible limits for the groups a config does not define. */
    if (rl) {
        static const struct {
            const char *g;
            double rate, burst;
        } defs[] = {{"rp", 20, 40}, {"poll", 50, 100}, {"wallet", 20, 40}, {"page", 50, 100}};
        for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
            char key[96];
            snprintf(key, sizeof(key), "rate_limits.groups.%s", defs[i].g);
            if (!svc_config_has(cfg, key))
                svc_ratelimit_group(rl, defs[i].g, defs[i].rate, defs[i].burst);
        }
    }
    const char *mode_l[] = {"mode"}, *res_l[] = {"result"};
    if (svc_metrics_new(&app.metrics, "wallet_verifier_") != SVC_OK ||
        svc_metrics_counter(app.metrics, &app.m_created, "presentations_created_total",
                            "Presentation requests created", 1, mode_l) != SVC_OK ||
        svc_metrics_counter(app.metrics, &app.m_responses, "presentations_completed_total",
                            "Wallet responses received, by outcome", 1, res_l) != SVC_OK ||
        svc_metrics_counter(app.metrics, &app.m_offline, "offline_checks_total",
                            "Offline counter checks, by verdict", 1, res_l) != SVC_OK ||
        svc_health_new(&health) != SVC_OK ||
        svc_health_add(health, "storage", storage_ping, app.st) != SVC_OK ||
        svc_static_new(&counter) != SVC_OK || svc_router_new(&router) != SVC_OK) {
        fprintf(stderr, "wallet-verifier: %s\n", svc_errmsg());
        goto out;
    }
    for (size_t i = 0; i < vs_counter_file_count; i++)
        if (svc_static_add(counter, vs_counter_files[i].name, NULL, vs_counter_files[i].data,
                           vs_counter_files[i].len) != SVC_OK) {
            fprintf(stderr, "wallet-verifier: counter page: %s\n", svc_errmsg());
            goto out;
        }
    if (add_routes(&app, router, counter, health)) {
        fprintf(stderr, "wallet-verifier: routes: %s\n", svc_errmsg());
        goto out;
    }
    opts.router = router;
    opts.metrics = app.metrics;
    opts.accesslog = alog;
    opts.ratelimit = rl;
    opts.apikeys = app.apikeys;
    if (svc_server_start(&server, &opts) != SVC_OK) {
        fprintf(stderr, "wallet-verifier: %s\n", svc_errmsg());
        goto out;
    }
    fprintf(stderr, "wallet-verifier: listening on %s:%u (counter page: %s/counter)\n",
            opts.address, svc_server_port(server), app.public_url);
    if (port_file) {
        char tmp[4096];
        snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (f) {
            fprintf(f, "%u\n", svc_server_port(server));
            fclose(f);
            rename(tmp, port_file);
        }
    }
    svc_err se = svc_server_run(server);
    server = NULL;
    vs_callback_drain(&app, 6000);
    if (se == SVC_ERR_BUSY) {
        /* Handlers still running past the grace period: leave at once. */
        fflush(NULL);
        _exit(0);
    }
    rc = 0;
out:
    svc_server_stop(server);
    svc_router_free(router);
    svc_static_free(counter);
    svc_health_free(health);
    svc_metrics_free(app.metrics);
    svc_ratelimit_free(rl);
    svc_accesslog_close(alog);
    svc_storage_close(app.st);
    vs_app_release(&app);
    svc_config_free(cfg);
    curl_global_cleanup();
    return rc;
}
