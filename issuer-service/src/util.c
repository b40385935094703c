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
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    static const char hx[] = "0123456789ABCDEF";
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out[j++] = (char)c;
        } else {
            out[j++] = '%';
            out[j++] = hx[c >> 4];
            out[j++] = hx[c & 15];
        }
    }
    out[j] = '\0';
    return out;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode one form component (RFC 1866 §8.2.1 / WHATWG urlencoded: '+' is
 * a space). NULL on a bad escape or an embedded NUL. */
static char *form_decode(const char *p, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '+') {
            out[j++] = ' ';
        } else if (c == '%') {
            int h, l;
            if (i + 2 >= n || (h = hexval(p[i + 1])) < 0 || (l = hexval(p[i + 2])) < 0 ||
                (h == 0 && l == 0)) {
                free(out);
                return NULL;
            }
            out[j++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[j++] = c;
        }
    }
    out[j] = '\0';
    return out;
}

char *iss_form_get(const char *body, size_t len, const char *name, int *dup)
{
    *dup = 0;
    char *found = NULL;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && body[j] != '&')
            j++;
        const char *eq = memchr(body + i, '=', j - i);
        size_t klen = eq ? (size_t)(eq - (body + i)) : j - i;
        char *k = form_decode(body + i, klen);
        if (k && strcmp(k, name) == 0) {
            if (found) {
                *dup = 1;
            } else {
                found = eq ? form_decode(eq + 1, (size_t)(body + j - (eq + 1))) : iss_strdup("");
                if (!found)
                    found = iss_strdup("\x01"); /* undecodable: a value no code matches */
            }
        }
        free(k);
        i = j + 1;
    }
    return found;
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
