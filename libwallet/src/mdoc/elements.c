/*
 * Element values given as JSON (the `--claims` file of `wallet issue mdoc`,
 * wallet_mdoc_issuer_add_claims_json()) to CBOR:
 *
 *   {"$date": "YYYY-MM-DD"}     full-date  #6.1004(tstr)  (RFC 8943; ISO/IEC 18013-5 §7.2.1)
 *   {"$tdate": "RFC 3339"}      tdate      #6.0(tstr), normalised to "YYYY-MM-DDTHH:MM:SSZ"
 *                                          (ISO/IEC 18013-5 §7.2.1: UTC, no fraction)
 *   {"$bytes": "base64url"}     bstr
 *   string / number / bool / null / array / object as usual: integers within
 *   ±2^53 stay integers, other numbers become the shortest exact float,
 *   objects become maps with text keys in deterministic order.
 *
 * A $-object must have exactly that one member: {"$date": ..., "x": 1} is
 * ambiguous and refused (WALLET_ERR_MDOC_CLAIMS), never half-interpreted.
 */
#include "../core/json.h"
#include "mdoc_int.h"

#define WL_MDOC_JSON_DEPTH 64

static const char *const wl_special[] = {"$date", "$tdate", "$bytes"};

static int wl_special_index(const char *name)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_special); i++)
        if (!strcmp(name, wl_special[i]))
            return (int)i;
    return -1;
}

static wallet_err wl_special_value(wallet_ctx *ctx, wl_buf *b, int which, const cJSON *v)
{
    if (!cJSON_IsString(v))
        return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS, "%s wants a string", wl_special[which]);
    const char *s = v->valuestring;
    size_t n = strlen(s);
    if (which == 0) {
        int64_t days;
        if (wl_mdoc_parse_fulldate(s, n, &days) != 0)
            return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS, "$date is not a YYYY-MM-DD full-date");
        wl_cbor_put_tag(b, 1004);
        wl_cbor_put_text(b, s, n);
        return WALLET_OK;
    }
    if (which == 1) {
        int64_t t;
        if (wl_mdoc_parse_datetime(s, n, &t) != 0 || !wl_mdoc_put_tdate(b, t))
            return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS,
                          "$tdate is not an RFC 3339 date-time in years 0000-9999");
        return WALLET_OK;
    }
    uint8_t *bytes = NULL;
    size_t len = 0;
    if (wl_b64url_decode(ctx, &bytes, &len, s, n) != WALLET_OK)
        return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS, "$bytes is not base64url");
    wl_cbor_put_bytes(b, bytes ? bytes : (const uint8_t *)"", len);
    free(bytes);
    return WALLET_OK;
}

wallet_err wl_mdoc_json_value_to_cbor(wallet_ctx *ctx, wl_buf *b, const cJSON *v, int depth)
{
    if (depth > WL_MDOC_JSON_DEPTH)
        return wl_err(ctx, WALLET_ERR_TOO_DEEP, "claims nested deeper than %d",
                      WL_MDOC_JSON_DEPTH);
    wallet_err e = WALLET_OK;
    if (cJSON_IsObject(v)) {
        int specials = 0, members = 0, which = -1;
        for (const cJSON *c = v->child; c; c = c->next, members++) {
            int w = wl_special_index(c->string);
            if (w >= 0) {
                specials++;
                which = w;
            }
        }
        if (specials) {
            if (members != 1)
                return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS,
                              "an object with %s must have no other member", wl_special[which]);
            return wl_special_value(ctx, b, which, v->child);
        }
        wl_cbor_mapw m;
        wl_cbor_mapw_init(&m, b->max);
        for (const cJSON *c = v->child; c && !e; c = c->next) {
            wl_cbor_put_cstr(wl_cbor_mapw_key(&m), c->string);
            e = wl_mdoc_json_value_to_cbor(ctx, wl_cbor_mapw_value(&m), c, depth + 1);
        }
        if (!e && !wl_cbor_mapw_finish(&m, b))
            e = m.failed == 3 ? wl_err(ctx, WALLET_ERR_JSON_DUPLICATE, "duplicate member")
                              : wl_buf_error(ctx, b, "claims");
        wl_cbor_mapw_free(&m);
        return e;
    }
    if (cJSON_IsArray(v)) {
        wl_cbor_put_array(b, (uint64_t)cJSON_GetArraySize(v));
        for (const cJSON *c = v->child; c && !e; c = c->next)
            e = wl_mdoc_json_value_to_cbor(ctx, b, c, depth + 1);
        return e;
    }
    if (cJSON_IsString(v)) {
        wl_cbor_put_cstr(b, v->valuestring);
        return WALLET_OK;
    }
    if (cJSON_IsNumber(v)) {
        int64_t iv;
        if (wl_json_is_int(v, &iv))
            wl_cbor_put_int(b, iv);
        else
            wl_cbor_put_float(b, v->valuedouble);
        return WALLET_OK;
    }
    if (cJSON_IsBool(v)) {
        wl_cbor_put_bool(b, cJSON_IsTrue(v));
        return WALLET_OK;
    }
    if (cJSON_IsNull(v)) {
        wl_cbor_put_null(b);
        return WALLET_OK;
    }
    return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS, "unsupported JSON value");
}
