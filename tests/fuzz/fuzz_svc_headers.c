/*
 * Fuzz target: the request headers the services interpret themselves —
 * Authorization (RFC 6750 Bearer) through svc_apikeys_check, and
 * If-None-Match (RFC 9110 §13.1.2) through the ETag comparison.
 *
 * Input: Authorization value, '\n', If-None-Match value.
 * Properties: the check returns SVC_OK only for the one known token (and
 * then the known key), otherwise SVC_ERR_MALFORMED / SVC_ERR_UNAUTHORIZED
 * with a NULL key; If-None-Match "*" always matches, a value without our
 * tag never does.
 */
#include <string.h>

#include "fuzz_common.h"
#include "http_int.h"
#include "svc/apikey.h"
#include "wallet/primitives.h"

/* The token of the fixed key. */
#define FZ_TOKEN "fuzz-token"

static svc_apikeys *fz_keys(void)
{
    static svc_apikeys *k;
    if (k)
        return k;
    char *token = NULL;
    char hex[65];
    if (svc_apikeys_new(&k) != SVC_OK)
        abort();
    /* A generated key plus one with a fixed token. */
    if (svc_apikey_generate(&token, hex) != SVC_OK || svc_apikeys_add(k, "gen", NULL, hex, NULL, 0))
        abort();
    svc_secret_free(token, strlen(token));
    uint8_t d[32];
    if (wallet_sha256(NULL, d, (const uint8_t *)FZ_TOKEN, strlen(FZ_TOKEN)) != WALLET_OK)
        abort();
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = hx[d[i] >> 4];
        hex[2 * i + 1] = hx[d[i] & 15];
    }
    hex[64] = '\0';
    const char *scopes[] = {"s"};
    if (svc_apikeys_add(k, "fixed", NULL, hex, scopes, 1) != SVC_OK)
        abort();
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_strndup(data, size);
    char *nl = memchr(text, '\n', size);
    const char *inm = "";
    if (nl) {
        *nl = '\0';
        inm = nl + 1;
    }
    const svc_apikey *key = (const svc_apikey *)1;
    svc_err e = svc_apikeys_check(fz_keys(), &key, text);
    if (e == SVC_OK) {
        FZ_CHECK(key != NULL && strcmp(svc_apikey_id(key), "fixed") == 0);
        FZ_CHECK(strstr(text, FZ_TOKEN) != NULL);
    } else {
        FZ_CHECK(key == NULL);
        FZ_CHECK(e == SVC_ERR_MALFORMED || e == SVC_ERR_UNAUTHORIZED);
    }
    int m = svci_if_none_match(inm, "\"v1\"");
    FZ_CHECK(m == 0 || m == 1);
    if (m)
        FZ_CHECK(strstr(inm, "\"v1\"") != NULL || strchr(inm, '*') != NULL);
    free(text);
    return 0;
}
