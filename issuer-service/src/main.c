/*
 * wallet-issuer --config FILE
 *
 * Agencies issue credentials into citizens' wallets over OpenID4VCI 1.0
 * (pre-authorized code flow), revoke and suspend them through Token Status
 * Lists, and issue HC1 health certificates. See docs/issuer-service.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <svc/health.h>
#include <svc/response.h>

#include "issuer.h"

#define ENV_PREFIX "WALLET_ISSUER"

static svc_err storage_check(void *user)
{
    return svc_storage_ping(user);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: wallet-issuer --config FILE\n"
               "  Serves OpenID4VCI 1.0 issuance, the agency API and status lists.\n"
               "  Environment overrides: " ENV_PREFIX "_<KEY> (see docs/issuer-service.md).\n");
}

/* public_url: an http(s) origin without path, query or trailing slash. */
static int public_url_ok(const char *u)
{
    const char *p = strncmp(u, "https://", 8) == 0  ? u + 8
                    : strncmp(u, "http://", 7) == 0 ? u + 7
                                                    : NULL;
    return p && *p && !strchr(p, '/') && !strchr(p, '?') && !strchr(p, '#') &&
           strlen(u) < 512;
}

int main(int argc, char **argv)
{
    svc_signals_block();
    const char *cfgpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            cfgpath = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!cfgpath) {
        usage(stderr);
        return 2;
    }
    issuer is;
    memset(&is, 0, sizeof(is));
    svc_router *router = NULL;
    svc_health *health = NULL;
    svc_accesslog *alog = NULL;
    svc_ratelimit *rl = NULL;
    svc_server *server = NULL;
    svc_server_opts opts;
    char err[512] = "";
    int rc = 1;
    svc_server_opts_default(&opts);

    const char *pub = NULL, *types_path = NULL, *hc1c = NULL;
    if (svc_config_load(&is.cfg, cfgpath, ENV_PREFIX) != SVC_OK ||
        svc_server_opts_from_config(&opts, is.cfg) != SVC_OK ||
        svc_config_string(is.cfg, &pub, "public_url", NULL) != SVC_OK ||
        svc_config_path(is.cfg, &types_path, "types_file", NULL) != SVC_OK ||
        svc_config_int(is.cfg, &is.offer_ttl, "offers.ttl_seconds", 86400, 10, 30 * 86400) !=
            SVC_OK ||
        svc_config_int(is.cfg, &is.tx_code_attempts, "offers.tx_code_attempts", 5, 1, 20) !=
            SVC_OK ||
        svc_config_int(is.cfg, &is.tx_code_length, "offers.tx_code_length", 6, 4, 10) !=
            SVC_OK ||
        svc_config_int(is.cfg, &is.token_ttl, "oid4vci.access_token_ttl_seconds", 300, 10,
                       3600) != SVC_OK ||
        svc_config_int(is.cfg, &is.nonce_ttl, "oid4vci.nonce_ttl_seconds", 300, 10, 3600) !=
            SVC_OK ||
        svc_config_int(is.cfg, &is.proof_max_age, "oid4vci.proof_max_age_seconds", 300, 10,
                       3600) != SVC_OK ||
        svc_config_int(is.cfg, &is.batch_size, "oid4vci.batch_size", 4, 1, 64) != SVC_OK ||
        svc_config_string(is.cfg, &hc1c, "hc1.country", "VN") != SVC_OK) {
        fprintf(stderr, "wallet-issuer: %s\n", svc_errmsg());
        goto out;
    }
    if (!pub || !public_url_ok(pub)) {
        fprintf(stderr, "wallet-issuer: public_url: required, an http(s) origin without a "
                        "path (the Credential Issuer Identifier)\n");
        goto out;
    }
    if (!types_path) {
        fprintf(stderr, "wallet-issuer: types_file: required (the document types)\n");
        goto out;
    }
    is.public_url = iss_strdup(pub);
    is.hc1_country = iss_strdup(hc1c);
    if (iss_types_load(&is.types, types_path, err, sizeof(err)) != 0 ||
        iss_keys_load(&is, err, sizeof(err)) != 0) {
        fprintf(stderr, "wallet-issuer: %s\n", err);
        goto out;
    }
    if (svc_storage_open_config(&is.st, is.cfg) != SVC_OK ||
        svc_apikeys_from_config(&is.apikeys, is.cfg, "issuer.api_keys") != SVC_OK ||
        svc_accesslog_from_config(&alog, is.cfg) != SVC_OK ||
        svc_ratelimit_from_config(&rl, is.cfg) != SVC_OK) {
        fprintf(stderr, "wallet-issuer: %s\n", svc_errmsg());
        goto out;
    }
    if (iss_status_init(&is, err, sizeof(err)) != 0) {
        fprintf(stderr, "wallet-issuer: %s\n", err);
        goto out;
    }
    const char *name_vi = NULL; /* read again by iss_metadata_build */
    if (svc_config_string(is.cfg, &name_vi, "issuer.name_vi", "Dịch vụ số Hà Nội") != SVC_OK ||
        svc_config_check_unused(is.cfg) != SVC_OK) {
        fprintf(stderr, "wallet-issuer: %s\n", svc_errmsg());
        goto out;
    }
    static const char *const l_issued[] = {"type", "format"};
    static const char *const l_err[] = {"endpoint", "error"};
    static const char *const l_status[] = {"status"};
    if (svc_metrics_new(&is.metrics, "wallet_issuer_") != SVC_OK ||
        svc_metrics_counter(is.metrics, &is.m_issued, "issued_total",
                            "Credentials issued, by credential configuration and format", 2,
                            l_issued) != SVC_OK ||
        svc_metrics_counter(is.metrics, &is.m_errors, "errors_total",
                            "Requests refused, by endpoint and OAuth/OpenID4VCI error code", 2,
                            l_err) != SVC_OK ||
        svc_metrics_counter(is.metrics, &is.m_status, "status_changes_total",
                            "Status list changes made by agencies", 1, l_status) != SVC_OK ||
        svc_router_new(&router) != SVC_OK || svc_health_new(&health) != SVC_OK ||
        svc_health_add(health, "storage", storage_check, is.st) != SVC_OK ||
        svc_health_route(router, health, NULL) != SVC_OK ||
        svc_metrics_route(router, is.metrics, NULL) != SVC_OK) {
        fprintf(stderr, "wallet-issuer: setup: %s\n", svc_errmsg());
        goto out;
    }
    if (iss_metadata_build(&is) != 0 || iss_routes_public(&is, router) != 0 ||
        iss_routes_oid4vci(&is, router) != 0 || iss_routes_admin(&is, router) != 0 ||
        iss_routes_status(&is, router) != 0) {
        fprintf(stderr, "wallet-issuer: routes: %s\n", svc_errmsg());
        goto out;
    }
    size_t purged = 0;
    (void)svc_storage_purge(is.st, &purged);
    opts.router = router;
    opts.metrics = is.metrics;
    opts.accesslog = alog;
    opts.ratelimit = rl;
    opts.apikeys = is.apikeys;
    if (svc_server_start(&server, &opts) != SVC_OK) {
        fprintf(stderr, "wallet-issuer: %s\n", svc_errmsg());
        goto out;
    }
    fprintf(stderr,
            "wallet-issuer: listening on %s port %u as %s (%zu credential types, %zu API keys, "
            "storage %s)\n",
            opts.address, svc_server_port(server), is.public_url, is.types.n,
            svc_apikeys_count(is.apikeys), svc_storage_backend(is.st));
    if (svc_server_run(server) == SVC_ERR_BUSY) {
        /* handlers still running after the grace period: end without freeing */
        fflush(NULL);
        _exit(0);
    }
    fprintf(stderr, "wallet-issuer: stopped\n");
    rc = 0;
out:
    svc_router_free(router);
    svc_health_free(health);
    svc_metrics_free(is.metrics);
    svc_ratelimit_free(rl);
    svc_accesslog_close(alog);
    svc_apikeys_free(is.apikeys);
    iss_status_free(&is);
    svc_storage_close(is.st);
    iss_keys_free(&is);
    iss_types_free(&is.types);
    free(is.meta_issuer_text);
    free(is.meta_as_text);
    free(is.meta_jwks_text);
    free(is.public_url);
    free(is.hc1_country);
    svc_config_free(is.cfg);
    return rc;
}
