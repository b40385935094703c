/*
 * CBOR encoding with preferred (shortest) heads through libcbor's encoders,
 * and the sorted-map writer for RFC 8949 §4.2.1 deterministic maps.
 */
#include <cbor.h>
#include <float.h>
#include <math.h>

#include "cbor.h"

int wl_cbor_put_head(wl_buf *b, unsigned major, uint64_t arg)
{
    /* Reserve only the head's own size, so that a buffer capped at exactly
     * its content's size does not fail early. */
    size_t need = arg < 24 ? 1 : arg <= 0xFF ? 2 : arg <= 0xFFFF ? 3 : arg <= 0xFFFFFFFFu ? 5 : 9;
    if (!wl_buf_reserve(b, need))
        return 0;
    unsigned char *p = b->data + b->len;
    size_t n;
    switch (major) {
    case 0: n = cbor_encode_uint(arg, p, need); break;
    case 1: n = cbor_encode_negint(arg, p, need); break;
    case 2: n = cbor_encode_bytestring_start((size_t)arg, p, need); break;
    case 3: n = cbor_encode_string_start((size_t)arg, p, need); break;
    case 4: n = cbor_encode_array_start((size_t)arg, p, need); break;
    case 5: n = cbor_encode_map_start((size_t)arg, p, need); break;
    case 6: n = cbor_encode_tag(arg, p, need); break;
    default: n = 0;
    }
    if (n == 0) {
        b->failed = 1;
        return 0;
    }
    b->len += n;
    b->data[b->len] = 0;
    return 1;
}

int wl_cbor_put_uint(wl_buf *b, uint64_t v)
{
    return wl_cbor_put_head(b, 0, v);
}

int wl_cbor_put_int(wl_buf *b, int64_t v)
{
    return v >= 0 ? wl_cbor_put_head(b, 0, (uint64_t)v)
                  : wl_cbor_put_head(b, 1, (uint64_t)(-1 - v));
}

int wl_cbor_put_bytes(wl_buf *b, const uint8_t *p, size_t n)
{
    return wl_cbor_put_head(b, 2, n) && wl_buf_append(b, p, n);
}

int wl_cbor_put_text(wl_buf *b, const char *p, size_t n)
{
    return wl_cbor_put_head(b, 3, n) && wl_buf_append(b, p, n);
}

int wl_cbor_put_cstr(wl_buf *b, const char *s)
{
    return wl_cbor_put_text(b, s, strlen(s));
}

int wl_cbor_put_array(wl_buf *b, uint64_t n)
{
    return wl_cbor_put_head(b, 4, n);
}

int wl_cbor_put_map(wl_buf *b, uint64_t n)
{
    return wl_cbor_put_head(b, 5, n);
}

int wl_cbor_put_tag(wl_buf *b, uint64_t tag)
{
    return wl_cbor_put_head(b, 6, tag);
}

int wl_cbor_put_bool(wl_buf *b, int v)
{
    return wl_buf_append_byte(b, v ? 0xF5 : 0xF4);
}

int wl_cbor_put_null(wl_buf *b)
{
    return wl_buf_append_byte(b, 0xF6);
}

int wl_cbor_fits_single(double d)
{
    /* Converting an out-of-range double to float is undefined behaviour
     * (C11 6.3.1.5), so check the range before the round trip. */
    if (isnan(d) || isinf(d))
        return 1;
    return fabs(d) <= FLT_MAX && (double)(float)d == d;
}

int wl_cbor_fits_half(double d)
{
    if (isnan(d) || isinf(d) || d == 0.0)
        return 1;
    int e;
    double m = frexp(fabs(d), &e);
    if (e > 16)
        return 0;
    int bits = e - 1 >= -14 ? 11 : 11 - (-14 - (e - 1));
    if (bits <= 0)
        return 0;
    double s = ldexp(m, bits);
    return s == floor(s);
}

/* IEEE 754 binary16 bits of a value for which wl_cbor_fits_half() holds.
 * Not libcbor's cbor_encode_half(): libcbor 0.8 keeps only the leading bit
 * of a subnormal half (3 * 2^-24 came out as 2^-23). */
static uint16_t wl_half_bits(double v)
{
    uint16_t sign = signbit(v) ? 0x8000u : 0;
    if (isnan(v))
        return 0x7E00u;
    if (isinf(v))
        return (uint16_t)(sign | 0x7C00u);
    if (v == 0.0)
        return sign;
    int e;
    double m = frexp(fabs(v), &e); /* |v| = m * 2^e, m in [0.5, 1) */
    if (e + 14 >= 1)               /* normal: biased exponent e + 14, 10 fraction bits */
        return (uint16_t)(sign | (unsigned)(e + 14) << 10 | ((unsigned)ldexp(m, 11) - 1024u));
    return (uint16_t)(sign | (unsigned)ldexp(fabs(v), 24)); /* subnormal: n * 2^-24 */
}

int wl_cbor_put_float(wl_buf *b, double v)
{
    size_t need = wl_cbor_fits_half(v) ? 3 : wl_cbor_fits_single(v) ? 5 : 9;
    if (!wl_buf_reserve(b, need))
        return 0;
    unsigned char *p = b->data + b->len;
    size_t n;
    if (wl_cbor_fits_half(v)) {
        uint16_t h = wl_half_bits(v);
        p[0] = 0xF9;
        p[1] = (unsigned char)(h >> 8);
        p[2] = (unsigned char)h;
        n = 3;
    } else if (wl_cbor_fits_single(v))
        n = cbor_encode_single((float)v, p, need);
    else
        n = cbor_encode_double(v, p, need);
    if (!n) {
        b->failed = 1;
        return 0;
    }
    b->len += n;
    b->data[b->len] = 0;
    return 1;
}

int wl_cbor_put_raw(wl_buf *b, const uint8_t *p, size_t n)
{
    return wl_buf_append(b, p, n);
}

int wl_cbor_put_item(wl_buf *b, const wl_cbor *it)
{
    switch (it->type) {
    case WL_CBOR_UINT:
        return wl_cbor_put_head(b, 0, it->u);
    case WL_CBOR_NEGINT:
        return wl_cbor_put_head(b, 1, it->u);
    case WL_CBOR_BYTES:
        return wl_cbor_put_bytes(b, it->ptr, (size_t)it->u);
    case WL_CBOR_TEXT:
        return wl_cbor_put_text(b, (const char *)it->ptr, (size_t)it->u);
    case WL_CBOR_SIMPLE:
        return wl_buf_append_byte(b, (uint8_t)(0xE0 | it->u));
    case WL_CBOR_FLOAT:
        return wl_cbor_put_float(b, it->f);
    case WL_CBOR_TAG:
        return wl_cbor_put_tag(b, it->u) && wl_cbor_put_item(b, wl_cbor_tag_content(it));
    case WL_CBOR_ARRAY: {
        if (!wl_cbor_put_array(b, it->u))
            return 0;
        const wl_cbor *c = wl_cbor_child(it);
        for (uint64_t i = 0; i < it->u; i++, c = wl_cbor_next(c))
            if (!wl_cbor_put_item(b, c))
                return 0;
        return 1;
    }
    case WL_CBOR_MAP: {
        wl_cbor_mapw m;
        wl_cbor_mapw_init(&m, b->max);
        const wl_cbor *k = wl_cbor_child(it);
        for (uint64_t i = 0; i < it->u; i++) {
            const wl_cbor *v = wl_cbor_next(k);
            if (!wl_cbor_put_item(wl_cbor_mapw_key(&m), k) ||
                !wl_cbor_put_item(wl_cbor_mapw_value(&m), v))
                break;
            k = wl_cbor_next(v);
        }
        int ok = wl_cbor_mapw_finish(&m, b);
        wl_cbor_mapw_free(&m);
        return ok;
    }
    default:
        b->failed = 1;
        return 0;
    }
}

/* ---- sorted map writer ---------------------------------------------------- */

void wl_cbor_mapw_init(wl_cbor_mapw *m, size_t max)
{
    memset(m, 0, sizeof(*m));
    wl_buf_init(&m->data, max);
}

wl_buf *wl_cbor_mapw_key(wl_cbor_mapw *m)
{
    if (m->n == m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 8;
        size_t *p = realloc(m->offs, ncap * 2 * sizeof(size_t));
        if (!p) {
            m->failed = 1;
            m->data.failed = 1;
            return &m->data;
        }
        m->offs = p;
        m->cap = ncap;
    }
    m->offs[2 * m->n] = m->data.len;
    m->offs[2 * m->n + 1] = m->data.len;
    m->n++;
    m->state = 1;
    return &m->data;
}

wl_buf *wl_cbor_mapw_value(wl_cbor_mapw *m)
{
    if (m->state != 1 || m->n == 0)
        m->failed = 1;
    else
        m->offs[2 * (m->n - 1) + 1] = m->data.len;
    m->state = 2;
    return &m->data;
}

typedef struct {
    const uint8_t *key;
    size_t key_len;
    size_t start, end;
} wl_map_entry;

static int wl_entry_cmp(const void *a, const void *b)
{
    const wl_map_entry *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    return x->key_len < y->key_len ? -1 : x->key_len > y->key_len ? 1 : 0;
}

int wl_cbor_mapw_finish(wl_cbor_mapw *m, wl_buf *out)
{
    if (m->failed || m->data.failed || (m->n && m->state != 2)) {
        out->failed = out->failed ? out->failed : 1;
        return 0;
    }
    wl_map_entry *e = wl_calloc(m->n, sizeof(*e));
    if (!e) {
        out->failed = 1;
        return 0;
    }
    for (size_t i = 0; i < m->n; i++) {
        e[i].start = m->offs[2 * i];
        e[i].key = m->data.data + e[i].start;
        e[i].key_len = m->offs[2 * i + 1] - e[i].start;
        e[i].end = i + 1 < m->n ? m->offs[2 * (i + 1)] : m->data.len;
    }
    qsort(e, m->n, sizeof(*e), wl_entry_cmp);
    int ok = wl_cbor_put_map(out, m->n);
    for (size_t i = 0; ok && i < m->n; i++) {
        if (i && wl_entry_cmp(&e[i - 1], &e[i]) == 0) {
            m->failed = 3;
            out->failed = 1;
            ok = 0;
            break;
        }
        ok = wl_buf_append(out, m->data.data + e[i].start, e[i].end - e[i].start);
    }
    free(e);
    return ok;
}

void wl_cbor_mapw_free(wl_cbor_mapw *m)
{
    wl_buf_free(&m->data);
    free(m->offs);
    memset(m, 0, sizeof(*m));
}
