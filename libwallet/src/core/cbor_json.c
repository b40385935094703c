/* JSON → CBOR conversion (the reverse direction lives in cbor_access.c). */
#include "cbor.h"
#include "json.h"

static int wl_json_to_cbor_depth(wl_buf *b, const cJSON *item, int depth)
{
    if (depth > 64) {
        b->failed = 1;
        return 0;
    }
    int64_t iv;
    if (cJSON_IsString(item))
        return wl_cbor_put_cstr(b, item->valuestring);
    if (cJSON_IsNumber(item))
        return wl_json_is_int(item, &iv) ? wl_cbor_put_int(b, iv)
                                         : wl_cbor_put_float(b, item->valuedouble);
    if (cJSON_IsTrue(item) || cJSON_IsFalse(item))
        return wl_cbor_put_bool(b, cJSON_IsTrue(item));
    if (cJSON_IsNull(item))
        return wl_cbor_put_null(b);
    if (cJSON_IsArray(item)) {
        if (!wl_cbor_put_array(b, (uint64_t)cJSON_GetArraySize(item)))
            return 0;
        for (const cJSON *c = item->child; c; c = c->next)
            if (!wl_json_to_cbor_depth(b, c, depth + 1))
                return 0;
        return 1;
    }
    if (cJSON_IsObject(item)) {
        wl_cbor_mapw m;
        wl_cbor_mapw_init(&m, b->max);
        int ok = 1;
        for (const cJSON *c = item->child; c && ok; c = c->next) {
            ok = wl_cbor_put_cstr(wl_cbor_mapw_key(&m), c->string) &&
                 wl_json_to_cbor_depth(wl_cbor_mapw_value(&m), c, depth + 1);
        }
        ok = ok && wl_cbor_mapw_finish(&m, b);
        wl_cbor_mapw_free(&m);
        return ok;
    }
    b->failed = 1;
    return 0;
}

int wl_json_to_cbor(wl_buf *b, const cJSON *item)
{
    return wl_json_to_cbor_depth(b, item, 0);
}
