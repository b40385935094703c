/* CWT claims sets from JSON (RFC 8392 §3). */
#include "../core/json.h"
#include "cose_int.h"

static const char *const wl_cwt_claims[] = {NULL, "iss", "sub", "aud", "exp", "nbf", "iat", "cti"};

wallet_err wallet_cwt_from_json(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *json,
                                size_t json_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, json_len);
    if (e)
        return wl_err_prefix(ctx, "CWT claims");
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    for (const cJSON *c = root->child; c && !e; c = c->next) {
        int64_t label = 0;
        for (int64_t i = 1; i <= 7; i++)
            if (!strcmp(c->string, wl_cwt_claims[i]))
                label = i;
        if (label == 7 && !cJSON_IsString(c)) {
            e = wl_err(ctx, WALLET_ERR_JSON_TYPE, "CWT claim \"cti\" must be a string");
            break;
        }
        if ((label == 4 || label == 5 || label == 6) && !cJSON_IsNumber(c)) {
            e = wl_err(ctx, WALLET_ERR_JSON_TYPE, "CWT claim \"%s\" must be a NumericDate",
                       wl_cwt_claims[label]);
            break;
        }
        if (label)
            wl_cbor_put_int(wl_cbor_mapw_key(&m), label);
        else
            wl_cbor_put_cstr(wl_cbor_mapw_key(&m), c->string);
        wl_buf *v = wl_cbor_mapw_value(&m);
        if (label == 7)
            wl_cbor_put_bytes(v, (const uint8_t *)c->valuestring, strlen(c->valuestring));
        else
            wl_json_to_cbor(v, c);
    }
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!e && !wl_cbor_mapw_finish(&m, &b))
        e = wl_buf_error(ctx, &b, "CWT claims");
    wl_cbor_mapw_free(&m);
    cJSON_Delete(root);
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}
