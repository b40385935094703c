/*
 * Authorization request URIs (OpenID4VP 1.0 §5: the request travels as the
 * query of a URI, e.g. openid4vp://?client_id=...&request_uri=...) and the
 * form encoding of the response (§8.2, application/x-www-form-urlencoded,
 * WHATWG URL "application/x-www-form-urlencoded" serializer).
 */
#include "oid4vp_int.h"

#include "../core/pct.h"

/* Percent-decode one query component ('+' is a space); NULL on a malformed
 * escape, a NUL, or invalid UTF-8. */
static char *wl_query_decode(const char *s, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    if (wl_pct_decode(NULL, &out, &len, s, n, WALLET_PCT_PLUS_SPACE) != WALLET_OK)
        return NULL;
    if (!wl_utf8_valid((const uint8_t *)out, len)) {
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
            char *name = wl_query_decode(q, (size_t)(eq - q));
            char *value = wl_query_decode(eq + 1, (size_t)(amp - eq - 1));
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
