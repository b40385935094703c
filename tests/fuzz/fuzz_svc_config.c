/*
 * Fuzz target: the services' configuration reader (service-common
 * config.c: strict JSON on cJSON, typed getters, unused-key walk).
 *
 * Properties: parsing fails with SVC_ERR_CONFIG / SVC_ERR_TOO_LARGE or
 * gives a config whose getters each return SVC_OK or SVC_ERR_CONFIG (never
 * anything else) with a zeroed output on failure; integers respect their
 * range; check_unused returns SVC_OK or SVC_ERR_CONFIG.
 */
#include "fuzz_common.h"
#include "svc/config.h"

static const char *const fz_keys[] = {
    "listen.port", "listen.address", "server.threads", "storage.path", "a", "a.b",
    "a.b.c", "rate_limits.groups", "x-y.z_w", "api_keys"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    svc_config *cfg = NULL;
    svc_err e = svc_config_parse(&cfg, (const char *)data, size, "fuzz.json", NULL);
    if (e != SVC_OK) {
        FZ_CHECK(cfg == NULL);
        FZ_CHECK(e == SVC_ERR_CONFIG || e == SVC_ERR_TOO_LARGE);
        return 0;
    }
    for (size_t i = 0; i < sizeof(fz_keys) / sizeof(fz_keys[0]); i++) {
        const char *k = fz_keys[i];
        int64_t v = 1;
        e = svc_config_int(cfg, &v, k, 5, -10, 70000);
        FZ_CHECK(e == SVC_OK || e == SVC_ERR_CONFIG);
        FZ_CHECK(e == SVC_OK ? (v >= -10 && v <= 70000) : v == 0);
        const char *s = "x";
        e = svc_config_string(cfg, &s, k, NULL);
        FZ_CHECK(e == SVC_OK || e == SVC_ERR_CONFIG);
        if (e != SVC_OK)
            FZ_CHECK(s == NULL);
        int b = 7;
        e = svc_config_bool(cfg, &b, k, 1);
        FZ_CHECK((e == SVC_OK && (b == 0 || b == 1)) || (e == SVC_ERR_CONFIG && b == 0));
        double d = 1;
        e = svc_config_double(cfg, &d, k, 0, -1e9, 1e9);
        FZ_CHECK(e == SVC_OK || e == SVC_ERR_CONFIG);
        const cJSON *j = NULL;
        e = svc_config_json(cfg, &j, k);
        FZ_CHECK(e == SVC_OK || e == SVC_ERR_CONFIG);
        if (e == SVC_OK && j)
            FZ_CHECK(cJSON_IsObject(j) || cJSON_IsArray(j));
        uint8_t *sec = NULL;
        size_t sl = 0;
        e = svc_config_secret(cfg, &sec, &sl, k);
        FZ_CHECK(e == SVC_ERR_NOT_FOUND || e == SVC_ERR_CONFIG || e == SVC_ERR_IO ||
                 e == SVC_ERR_TOO_LARGE);
        svc_secret_free(sec, sl);
    }
    e = svc_config_check_unused(cfg);
    FZ_CHECK(e == SVC_OK || e == SVC_ERR_CONFIG);
    svc_config_free(cfg);
    return 0;
}
