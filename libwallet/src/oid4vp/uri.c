/*
 * Authorization request URIs (OpenID4VP 1.0 §5: the request travels as the
 * query of a URI, e.g. openid4vp://?client_id=...&request_uri=...) and the
 * form encoding of the response (§8.2, application/x-www-form-urlencoded,
 * WHATWG URL "application/x-www-form-urlencoded" serializer).
 */
#include "oid4vp_int.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode s[0..n) ('+' is a space in a query). NULL on a malformed
 * escape, an encoded NUL, or invalid UTF-8. */
static char *pct_decode(const char *s, size_t n)
{
    char *out = wl_malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            out[o++] = ' ';
        } else if (c == '%') {
            if (i + 2 >= n) {
                free(out);
                return NULL;
            }
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0)) {
                free(out);
                return NULL;
            }
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    if (!wl_utf8_valid((const uint8_t *)out, o)) {
        free(out);
        return NULL;
    }
    return out;
}

wallet_err wl_oid4vp_parse_query(wallet_ctx *ctx, cJSON **out, const char *uri)
{
    *out = NULL;
    const char *q = strchr(uri, '?');
    if (!q || !q[1])
        return wl_err(ctx, WALLET_ERR_OID4VP_URI, "authorization request URI has no query");
    q++;
    const char *end = strchr(q, '#');
    if (!end)
        end = q + strlen(q);
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        if (!amp)
            amp = end;
        if (amp > q) {
            const char *eq = memchr(q, '=', (size_t)(amp - q));
            if (!eq || eq == q) {
                cJSON_Delete(obj);
                return wl_err(ctx, WALLET_ERR_OID4VP_URI, "query parameter without name=value");
            }
            char *name = pct_decode(q, (size_t)(eq - q));
            char *value = pct_decode(eq + 1, (size_t)(amp - eq - 1));
            wallet_err e = WALLET_OK;
            if (!name || !value)
                e = wl_err(ctx, WALLET_ERR_OID4VP_URI, "malformed percent-encoding in query");
            else if (wl_json_get(obj, name))
                e = wl_err(ctx, WALLET_ERR_OID4VP_URI, "query parameter repeated");
            else if (!cJSON_AddStringToObject(obj, name, value))
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            free(name);
            free(value);
            if (e) {
                cJSON_Delete(obj);
                return e;
            }
        }
        q = amp + 1;
    }
    *out = obj;
    return WALLET_OK;
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '*';
}

static int form_encode(wl_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            if (!wl_buf_append_byte(b, *p))
                return 0;
        } else if (*p == ' ') {
            if (!wl_buf_append_byte(b, '+'))
                return 0;
        } else {
            char t[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            if (!wl_buf_append(b, t, 3))
                return 0;
        }
    }
    return 1;
}

int wl_oid4vp_form_append(wl_buf *b, const char *name, const char *value)
{
    if (b->len && !wl_buf_append_byte(b, '&'))
        return 0;
    return form_encode(b, name) && wl_buf_append_byte(b, '=') && form_encode(b, value);
}
