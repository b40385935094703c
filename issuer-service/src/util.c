/* Small helpers of the issuer service: random identifiers, hashes, form
 * bodies, JSON bodies, error answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <svc/response.h>
#include <wallet/codec.h>
#include <wallet/primitives.h>

#include "issuer.h"

char *iss_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *iss_b64url(const uint8_t *p, size_t n)
{
    char *enc = NULL;
    size_t len = 0;
    if (wallet_b64url_encode(NULL, &enc, &len, p, n) != WALLET_OK)
        return NULL;
    char *out = iss_strdup(enc);
    wallet_free(enc);
    return out;
}

char *iss_random_b64(size_t n)
{
    uint8_t buf[64];
    if (n > sizeof(buf) || wallet_random(NULL, buf, n) != WALLET_OK)
        return NULL;
    char *out = iss_b64url(buf, n);
    wallet_memzero(buf, sizeof(buf));
    return out;
}

int iss_sha256_hex(char out[65], const char *s, size_t len)
{
    uint8_t d[32];
    out[0] = '\0';
    if (wallet_sha256(NULL, d, (const uint8_t *)s, len) != WALLET_OK)
        return -1;
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < 32; i++) {
        out[2 * i] = hx[d[i] >> 4];
        out[2 * i + 1] = hx[d[i] & 15];
    }
    out[64] = '\0';
    return 0;
}

char *iss_urlencode(const char *s)
{
    char *enc = NULL;
    return wallet_pct_encode(NULL, &enc, NULL, s, strlen(s)) == WALLET_OK ? enc : NULL;
}

char *iss_form_get(const char *body, size_t len, const char *name, int *dup)
{
    char *v = NULL;
    wallet_err e = wallet_form_get(NULL, &v, body, len, name);
    *dup = e == WALLET_ERR_FIELD_DUPLICATE;
    /* A malformed body: a value no parameter check accepts. */
    if (e == WALLET_ERR_PERCENT)
        v = iss_strdup("\x01");
    return v;
}

cJSON *iss_json_body(const svc_request *req)
{
    size_t len = 0;
    const uint8_t *b = svc_request_body(req, &len);
    if (!b || len == 0)
        return NULL;
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts((const char *)b, len, &end, 0);
    if (!j)
        return NULL;
    /* trailing data after the value is refused */
    while (end && end < (const char *)b + len &&
           (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
        end++;
    if (!cJSON_IsObject(j) || (end && end != (const char *)b + len)) {
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

void iss_error(issuer *is, svc_response *res, const char *endpoint, unsigned status,
               const char *code, const char *desc)
{
    const char *labels[2] = {endpoint, code};
    if (is && is->m_errors)
        svc_metric_add(is->m_errors, labels, 1);
    svc_response_error(res, status, code, desc);
}

int64_t iss_now(const issuer *is)
{
    return svc_storage_now(is->st);
}

char *iss_json_print(const cJSON *j)
{
    return cJSON_PrintUnformatted(j);
}

char *iss_b64std(const uint8_t *p, size_t n)
{
    char *u = iss_b64url(p, n);
    if (!u)
        return NULL;
    size_t l = strlen(u);
    char *out = malloc(l + 3);
    if (!out) {
        free(u);
        return NULL;
    }
    for (size_t i = 0; i < l; i++)
        out[i] = u[i] == '-' ? '+' : u[i] == '_' ? '/' : u[i];
    while (l % 4)
        out[l++] = '=';
    out[l] = '\0';
    free(u);
    return out;
}
