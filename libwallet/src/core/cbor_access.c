/* Navigation, comparison and JSON conversion of decoded CBOR. See cbor.h. */
#include <math.h>
#include <stdio.h>

#include "cbor.h"
#include "json.h"

const wl_cbor *wl_cbor_child(const wl_cbor *it)
{
    return it && it->nodes > 1 ? it + 1 : NULL;
}

const wl_cbor *wl_cbor_next(const wl_cbor *it)
{
    return it ? it + it->nodes : NULL;
}

const wl_cbor *wl_cbor_array_at(const wl_cbor *arr, uint64_t i)
{
    if (!arr || arr->type != WL_CBOR_ARRAY || i >= arr->u)
        return NULL;
    const wl_cbor *c = wl_cbor_child(arr);
    while (i--)
        c = wl_cbor_next(c);
    return c;
}

const wl_cbor *wl_cbor_map_key_at(const wl_cbor *map, uint64_t i)
{
    if (!map || map->type != WL_CBOR_MAP || i >= map->u)
        return NULL;
    const wl_cbor *k = wl_cbor_child(map);
    while (i--)
        k = wl_cbor_next(wl_cbor_next(k));
    return k;
}

const wl_cbor *wl_cbor_map_int(const wl_cbor *map, int64_t key)
{
    if (!map || map->type != WL_CBOR_MAP)
        return NULL;
    const wl_cbor *k = wl_cbor_child(map);
    for (uint64_t i = 0; i < map->u; i++) {
        int64_t v;
        if (wl_cbor_get_int(k, &v) && v == key)
            return wl_cbor_next(k);
        k = wl_cbor_next(wl_cbor_next(k));
    }
    return NULL;
}

const wl_cbor *wl_cbor_map_text(const wl_cbor *map, const char *key)
{
    if (!map || map->type != WL_CBOR_MAP)
        return NULL;
    const wl_cbor *k = wl_cbor_child(map);
    for (uint64_t i = 0; i < map->u; i++) {
        if (wl_cbor_is_text(k, key))
            return wl_cbor_next(k);
        k = wl_cbor_next(wl_cbor_next(k));
    }
    return NULL;
}

const wl_cbor *wl_cbor_tag_content(const wl_cbor *it)
{
    return it && it->type == WL_CBOR_TAG ? it + 1 : NULL;
}

int wl_cbor_get_int(const wl_cbor *it, int64_t *v)
{
    if (!it || it->u > (uint64_t)INT64_MAX)
        return 0;
    if (it->type == WL_CBOR_UINT)
        *v = (int64_t)it->u;
    else if (it->type == WL_CBOR_NEGINT)
        *v = -1 - (int64_t)it->u;
    else
        return 0;
    return 1;
}

int wl_cbor_is_text(const wl_cbor *it, const char *s)
{
    size_t n = strlen(s);
    return it && it->type == WL_CBOR_TEXT && it->u == n && memcmp(it->ptr, s, n) == 0;
}

int wl_cbor_is_simple(const wl_cbor *it, uint64_t v)
{
    return it && it->type == WL_CBOR_SIMPLE && it->u == v;
}

int wl_cbor_cmp(const wl_cbor *a, const wl_cbor *b)
{
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    switch (a->type) {
    case WL_CBOR_BYTES:
    case WL_CBOR_TEXT:
        if (a->u != b->u)
            return a->u < b->u ? -1 : 1;
        return a->u ? memcmp(a->ptr, b->ptr, (size_t)a->u) : 0;
    case WL_CBOR_FLOAT:
        if (a->f == b->f || (isnan(a->f) && isnan(b->f)))
            return 0;
        return a->f < b->f ? -1 : 1;
    case WL_CBOR_ARRAY:
    case WL_CBOR_MAP:
    case WL_CBOR_TAG: {
        if (a->u != b->u)
            return a->u < b->u ? -1 : 1;
        uint64_t n = a->type == WL_CBOR_MAP ? a->u * 2 : a->type == WL_CBOR_TAG ? 1 : a->u;
        const wl_cbor *x = wl_cbor_child(a), *y = wl_cbor_child(b);
        for (uint64_t i = 0; i < n; i++) {
            int c = wl_cbor_cmp(x, y);
            if (c)
                return c;
            x = wl_cbor_next(x);
            y = wl_cbor_next(y);
        }
        return 0;
    }
    default:
        return a->u == b->u ? 0 : a->u < b->u ? -1 : 1;
    }
}

/* ---- CBOR → JSON ---------------------------------------------------------- */

static int wl_json_key(wl_buf *b, const wl_cbor *k)
{
    int64_t v;
    if (k->type == WL_CBOR_TEXT)
        return wl_json_append_string(b, (const char *)k->ptr, (size_t)k->u);
    if (wl_cbor_get_int(k, &v)) {
        char num[32];
        int n = snprintf(num, sizeof(num), "%lld", (long long)v);
        return wl_json_append_string(b, num, (size_t)n);
    }
    char *s = wl_b64url_encode(k->raw, k->raw_len);
    if (!s) {
        b->failed = 1;
        return 0;
    }
    int ok = wl_json_append_string(b, s, strlen(s));
    free(s);
    return ok;
}

int wl_cbor_to_json(wl_buf *b, const wl_cbor *it)
{
    switch (it->type) {
    case WL_CBOR_UINT:
        return wl_buf_printf(b, "%llu", (unsigned long long)it->u);
    case WL_CBOR_NEGINT:
        if (it->u <= (uint64_t)INT64_MAX)
            return wl_buf_printf(b, "%lld", (long long)(-1 - (int64_t)it->u));
        /* -1 - u below INT64_MIN: print the exact decimal. */
        if (it->u == UINT64_MAX)
            return wl_buf_append_str(b, "-18446744073709551616");
        return wl_buf_printf(b, "-%llu", (unsigned long long)(it->u + 1));
    case WL_CBOR_TEXT:
        return wl_json_append_string(b, (const char *)it->ptr, (size_t)it->u);
    case WL_CBOR_BYTES: {
        if (!wl_buf_append_byte(b, '"') || !wl_buf_append_b64url(b, it->ptr, (size_t)it->u))
            return 0;
        return wl_buf_append_byte(b, '"');
    }
    case WL_CBOR_FLOAT:
        if (!isfinite(it->f))
            return wl_buf_append_str(b, "null");
        return wl_buf_printf(b, "%.17g", it->f);
    case WL_CBOR_SIMPLE:
        return wl_buf_append_str(b, it->u == WL_CBOR_TRUE    ? "true"
                                    : it->u == WL_CBOR_FALSE ? "false"
                                                             : "null");
    case WL_CBOR_TAG:
        return wl_cbor_to_json(b, wl_cbor_tag_content(it));
    case WL_CBOR_ARRAY: {
        if (!wl_buf_append_byte(b, '['))
            return 0;
        const wl_cbor *c = wl_cbor_child(it);
        for (uint64_t i = 0; i < it->u; i++, c = wl_cbor_next(c))
            if ((i && !wl_buf_append_byte(b, ',')) || !wl_cbor_to_json(b, c))
                return 0;
        return wl_buf_append_byte(b, ']');
    }
    case WL_CBOR_MAP: {
        if (!wl_buf_append_byte(b, '{'))
            return 0;
        const wl_cbor *k = wl_cbor_child(it);
        for (uint64_t i = 0; i < it->u; i++) {
            const wl_cbor *v = wl_cbor_next(k);
            if ((i && !wl_buf_append_byte(b, ',')) || !wl_json_key(b, k) ||
                !wl_buf_append_byte(b, ':') || !wl_cbor_to_json(b, v))
                return 0;
            k = wl_cbor_next(v);
        }
        return wl_buf_append_byte(b, '}');
    }
    default:
        return wl_buf_append_str(b, "null");
    }
}
