/*
 * The issuer's status list: statuses packed as the draft's byte array
 * (§4.1, least significant bit first), an allocation bitmap so that no index
 * is ever handed out twice (§13.3), and a saved form that carries both.
 */
#include <pthread.h>

#include "../core/zlib.h"
#include "../crypto/crypto.h"
#include "status_int.h"

#define WL_LIST_SAVE_TYP "libwallet/status-list"
#define WL_LIST_SAVE_VERSION 1
/* Random draws before falling back to a scan from a random point. */
#define WL_ALLOC_DRAWS 16

struct wallet_status_list {
    pthread_mutex_t lock;
    char *uri;
    char *issuer;
    unsigned bits;
    unsigned mode;       /* WALLET_STATUS_ALLOC_* */
    uint64_t size;       /* entries, a multiple of 8 / bits (whole bytes) */
    uint64_t next;       /* sequential mode: the next index to try */
    uint64_t allocated;  /* set bits in `used` */
    uint64_t version;    /* incremented when a status changes */
    uint8_t *statuses;   /* size * bits / 8 bytes */
    uint8_t *used;       /* ceil(size / 8) bytes: bit i set = index i allocated */
};

uint64_t wallet_status_list_max_entries(void)
{
    return WALLET_STATUS_LIST_MAX_ENTRIES;
}

static void wl_lock(const wallet_status_list *l)
{
    pthread_mutex_lock((pthread_mutex_t *)(uintptr_t)&l->lock);
}

static void wl_unlock(const wallet_status_list *l)
{
    pthread_mutex_unlock((pthread_mutex_t *)(uintptr_t)&l->lock);
}

static int wl_used(const wallet_status_list *l, uint64_t i)
{
    return (l->used[i >> 3] >> (i & 7u)) & 1u;
}

static void wl_set_status(wallet_status_list *l, uint64_t idx, unsigned v)
{
    uint64_t bit = idx * l->bits;
    unsigned mask = ((1u << l->bits) - 1u) << (bit & 7u);
    uint8_t *p = &l->statuses[bit >> 3];
    *p = (uint8_t)((*p & ~mask) | ((v << (bit & 7u)) & mask));
}

/* An empty list with its buffers (no lock yet). */
static wallet_err wl_list_alloc(wallet_ctx *ctx, wallet_status_list **out, const char *uri,
                                size_t uri_len, unsigned bits, uint64_t size, unsigned mode)
{
    *out = NULL;
    wallet_status_list *l = wl_calloc(1, sizeof(*l));
    if (!l)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    l->bits = bits;
    l->size = size;
    l->mode = mode;
    l->uri = wl_strndup(uri, uri_len);
    l->statuses = wl_calloc((size_t)(size * bits / 8), 1);
    l->used = wl_calloc((size_t)((size + 7) / 8), 1);
    if (!l->uri || !l->statuses || !l->used || pthread_mutex_init(&l->lock, NULL) != 0) {
        free(l->uri);
        free(l->statuses);
        free(l->used);
        free(l);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = l;
    return WALLET_OK;
}

wallet_err wallet_status_list_new(wallet_ctx *ctx, wallet_status_list **out, const char *uri,
                                  unsigned bits, uint64_t size, unsigned flags)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!uri || !wl_status_uri_ok(uri, strlen(uri)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "the list's uri is missing or not a URI");
    if (!wl_status_bits_ok(bits))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "bits must be 1, 2, 4 or 8");
    if (size == 0 || size > WALLET_STATUS_LIST_MAX_ENTRIES)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "size must be between 1 and %llu entries",
                      (unsigned long long)WALLET_STATUS_LIST_MAX_ENTRIES);
    if (flags != WALLET_STATUS_ALLOC_SEQUENTIAL && flags != WALLET_STATUS_ALLOC_RANDOM)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown allocation mode");
    /* Whole bytes (draft §13.4 recommends size-in-bits % 8 == 0). */
    uint64_t per_byte = 8u / bits;
    size = (size + per_byte - 1) / per_byte * per_byte;
    return wl_list_alloc(ctx, out, uri, strlen(uri), bits, size, flags);
}

void wallet_status_list_free(wallet_status_list *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l->uri);
    free(l->issuer);
    free(l->statuses);
    free(l->used);
    free(l);
}

wallet_err wallet_status_list_set_issuer(wallet_ctx *ctx, wallet_status_list *l,
                                         const char *issuer)
{
    wl_enter(ctx);
    if (!l)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL list");
    char *copy = NULL;
    if (issuer && (!*issuer || !wl_utf8_valid((const uint8_t *)issuer, strlen(issuer))))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "issuer must be non-empty UTF-8");
    if (issuer && !(copy = wl_strdup(issuer)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_lock(l);
    free(l->issuer);
    l->issuer = copy;
    wl_unlock(l);
    return WALLET_OK;
}

/* Uniform in [0, n) from the CSPRNG (rejection sampling, no modulo bias). */
static wallet_err wl_random_below(wallet_ctx *ctx, uint64_t n, uint64_t *out)
{
    uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    for (;;) {
        uint8_t b[8];
        wallet_err e = wl_random(ctx, b, sizeof(b));
        if (e)
            return e;
        uint64_t r = 0;
        for (int i = 0; i < 8; i++)
            r = (r << 8) | b[i];
        if (r < limit) {
            *out = r % n;
            return WALLET_OK;
        }
    }
}

/* The first free index at or after `from`, wrapping around; the list is not
 * full. Skips whole allocated bytes of the bitmap. */
static uint64_t wl_scan_free(const wallet_status_list *l, uint64_t from)
{
    uint64_t i = from;
    for (uint64_t seen = 0; seen <= l->size;) {
        if ((i & 7u) == 0 && i + 8 <= l->size && l->used[i >> 3] == 0xFF) {
            i += 8;
            seen += 8;
        } else {
            if (!wl_used(l, i))
                return i;
            i++;
            seen++;
        }
        if (i >= l->size)
            i = 0;
    }
    return l->size; /* not reached while allocated < size */
}

wallet_err wallet_status_list_allocate(wallet_ctx *ctx, uint64_t *idx, wallet_status_list *l)
{
    wl_enter(ctx);
    if (idx)
        *idx = 0;
    if (!idx || !l)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_lock(l);
    wallet_err e = WALLET_OK;
    uint64_t i = l->size;
    if (l->allocated >= l->size) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FULL,
                   "every index of the status list has been allocated");
    } else if (l->mode == WALLET_STATUS_ALLOC_SEQUENTIAL) {
        i = wl_scan_free(l, l->next < l->size ? l->next : 0);
    } else {
        /* Random draws are uniform over the free indices while the list has
         * room; when it is nearly full, a scan from a random point ends the
         * search in bounded time. */
        for (int k = 0; k < WL_ALLOC_DRAWS && !e && i == l->size; k++) {
            uint64_t r;
            e = wl_random_below(ctx, l->size, &r);
            if (!e && !wl_used(l, r))
                i = r;
        }
        if (!e && i == l->size) {
            uint64_t r;
            e = wl_random_below(ctx, l->size, &r);
            if (!e)
                i = wl_scan_free(l, r);
        }
    }
    if (!e && i >= l->size)
        e = wl_err(ctx, WALLET_ERR_INTERNAL, "status list allocation map inconsistent");
    if (!e) {
        l->used[i >> 3] |= (uint8_t)(1u << (i & 7u));
        l->allocated++;
        if (l->mode == WALLET_STATUS_ALLOC_SEQUENTIAL)
            l->next = i + 1;
        *idx = i;
    }
    wl_unlock(l);
    return e;
}

wallet_err wallet_status_list_set(wallet_ctx *ctx, wallet_status_list *l, uint64_t idx,
                                  unsigned status)
{
    wl_enter(ctx);
    if (!l)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL list");
    if (status >> l->bits)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "status %u does not fit in %u bit(s)", status,
                      l->bits);
    if (idx >= l->size)
        return wl_err(ctx, WALLET_ERR_STATUS_INDEX,
                      "index %llu is beyond the status list (%llu entries)",
                      (unsigned long long)idx, (unsigned long long)l->size);
    wl_lock(l);
    wallet_err e = WALLET_OK;
    if (!wl_used(l, idx)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_NOT_ALLOCATED, "index %llu was never allocated",
                   (unsigned long long)idx);
    } else if (wl_status_at(l->statuses, l->bits, idx) != status) {
        wl_set_status(l, idx, status);
        l->version++;
    }
    wl_unlock(l);
    return e;
}

wallet_err wallet_status_list_get(wallet_ctx *ctx, unsigned *status,
                                  const wallet_status_list *l, uint64_t idx)
{
    wl_enter(ctx);
    if (status)
        *status = 0;
    if (!status || !l)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (idx >= l->size)
        return wl_err(ctx, WALLET_ERR_STATUS_INDEX,
                      "index %llu is beyond the status list (%llu entries)",
                      (unsigned long long)idx, (unsigned long long)l->size);
    wl_lock(l);
    *status = wl_status_at(l->statuses, l->bits, idx);
    wl_unlock(l);
    return WALLET_OK;
}

const char *wallet_status_list_uri(const wallet_status_list *l)
{
    return l ? l->uri : NULL;
}

const char *wallet_status_list_issuer(const wallet_status_list *l)
{
    return l ? l->issuer : NULL;
}

unsigned wallet_status_list_bits(const wallet_status_list *l)
{
    return l ? l->bits : 0;
}

uint64_t wallet_status_list_size(const wallet_status_list *l)
{
    return l ? l->size : 0;
}

uint64_t wallet_status_list_allocated(const wallet_status_list *l)
{
    if (!l)
        return 0;
    wl_lock(l);
    uint64_t n = l->allocated;
    wl_unlock(l);
    return n;
}

uint64_t wallet_status_list_version(const wallet_status_list *l)
{
    if (!l)
        return 0;
    wl_lock(l);
    uint64_t v = l->version;
    wl_unlock(l);
    return v;
}

/* ---- token support (token_issue.c) ---------------------------------------------- */

wallet_err wl_status_list_snapshot_bytes(wallet_ctx *ctx, const wallet_status_list *l,
                                         uint8_t **bytes, size_t *len, char **issuer)
{
    *bytes = NULL;
    *issuer = NULL;
    *len = (size_t)(l->size * l->bits / 8);
    wl_lock(l);
    *bytes = wl_memdup(l->statuses, *len);
    if (l->issuer)
        *issuer = wl_strdup(l->issuer);
    int bad = !*bytes || (l->issuer && !*issuer);
    wl_unlock(l);
    if (bad) {
        free(*bytes);
        free(*issuer);
        *bytes = NULL;
        *issuer = NULL;
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    return WALLET_OK;
}

/* ---- save / load ------------------------------------------------------------------- */

static void wl_put_text_kv(wl_cbor_mapw *m, const char *k, const char *v)
{
    wl_cbor_put_cstr(wl_cbor_mapw_key(m), k);
    wl_cbor_put_cstr(wl_cbor_mapw_value(m), v);
}

static void wl_put_uint_kv(wl_cbor_mapw *m, const char *k, uint64_t v)
{
    wl_cbor_put_cstr(wl_cbor_mapw_key(m), k);
    wl_cbor_put_uint(wl_cbor_mapw_value(m), v);
}

wallet_err wallet_status_list_save(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                   const wallet_status_list *l)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !l)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    uint8_t *zs = NULL, *zu = NULL;
    size_t zs_len = 0, zu_len = 0;
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    wl_lock(l);
    wallet_err e = wl_zlib_deflate(ctx, &zs, &zs_len, l->statuses, (size_t)(l->size * l->bits / 8));
    if (!e)
        e = wl_zlib_deflate(ctx, &zu, &zu_len, l->used, (size_t)((l->size + 7) / 8));
    if (!e) {
        wl_put_text_kv(&m, "typ", WL_LIST_SAVE_TYP);
        wl_put_uint_kv(&m, "v", WL_LIST_SAVE_VERSION);
        wl_put_text_kv(&m, "uri", l->uri);
        if (l->issuer)
            wl_put_text_kv(&m, "iss", l->issuer);
        wl_put_uint_kv(&m, "bits", l->bits);
        wl_put_uint_kv(&m, "size", l->size);
        wl_put_uint_kv(&m, "mode", l->mode);
        wl_put_uint_kv(&m, "next", l->next);
        wl_put_uint_kv(&m, "allocated", l->allocated);
        wl_put_uint_kv(&m, "version", l->version);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "lst");
        wl_cbor_put_bytes(wl_cbor_mapw_value(&m), zs, zs_len);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "used");
        wl_cbor_put_bytes(wl_cbor_mapw_value(&m), zu, zu_len);
    }
    wl_unlock(l);
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!e && !wl_cbor_mapw_finish(&m, &b))
        e = wl_buf_error(ctx, &b, "status list state");
    wl_cbor_mapw_free(&m);
    free(zs);
    free(zu);
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}

static const wl_cbor *wl_get(const wl_cbor *map, const char *k, wl_cbor_type type)
{
    const wl_cbor *v = wl_cbor_map_text(map, k);
    return v && v->type == type ? v : NULL;
}

static uint64_t wl_popcount_bytes(const uint8_t *p, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (uint64_t)__builtin_popcount(p[i]);
    return c;
}

/* Inflate a field into exactly `want` bytes. */
static wallet_err wl_load_field(wallet_ctx *ctx, const wl_cbor *z, size_t want, uint8_t *dst,
                                const char *what)
{
    uint8_t *p = NULL;
    size_t n = 0;
    wallet_err e = wl_zlib_inflate(ctx, &p, &n, z->ptr, (size_t)z->u, want);
    if (e)
        return e == WALLET_ERR_TOO_LARGE
                   ? wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                            "saved status list: \"%s\" longer than the list", what)
                   : wl_err_prefix(ctx, "saved status list");
    if (n != want) {
        free(p);
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "saved status list: \"%s\" shorter than the list", what);
    }
    memcpy(dst, p, n);
    free(p);
    return WALLET_OK;
}

wallet_err wallet_status_list_load(wallet_ctx *ctx, wallet_status_list **out,
                                   const uint8_t *data, size_t len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!data)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, len, "saved status list");
    if (e)
        return e;
    wl_cbor_doc *doc = NULL;
    e = wl_cbor_decode(ctx, &doc, data, len, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, "saved status list");
    const wl_cbor *m = wl_cbor_root(doc);
    const wl_cbor *typ = NULL, *v = NULL, *uri = NULL, *iss = NULL, *bits = NULL, *size = NULL,
                  *mode = NULL, *next = NULL, *alloc = NULL, *ver = NULL, *lst = NULL,
                  *used = NULL;
    if (m->type == WL_CBOR_MAP) {
        typ = wl_get(m, "typ", WL_CBOR_TEXT);
        v = wl_get(m, "v", WL_CBOR_UINT);
        uri = wl_get(m, "uri", WL_CBOR_TEXT);
        iss = wl_cbor_map_text(m, "iss");
        bits = wl_get(m, "bits", WL_CBOR_UINT);
        size = wl_get(m, "size", WL_CBOR_UINT);
        mode = wl_get(m, "mode", WL_CBOR_UINT);
        next = wl_get(m, "next", WL_CBOR_UINT);
        alloc = wl_get(m, "allocated", WL_CBOR_UINT);
        ver = wl_get(m, "version", WL_CBOR_UINT);
        lst = wl_get(m, "lst", WL_CBOR_BYTES);
        used = wl_get(m, "used", WL_CBOR_BYTES);
    }
    wallet_status_list *l = NULL;
    if (!typ || typ->u != strlen(WL_LIST_SAVE_TYP) ||
        memcmp(typ->ptr, WL_LIST_SAVE_TYP, (size_t)typ->u) != 0) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "not a saved libwallet status list");
    } else if (!v || v->u != WL_LIST_SAVE_VERSION) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "saved status list: unknown version");
    } else if (!uri || !bits || !size || !mode || !next || !alloc || !ver || !lst || !used ||
               (iss && iss->type != WL_CBOR_TEXT)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                   "saved status list: a member is missing or has the wrong type");
    } else if (!wl_status_uri_ok((const char *)uri->ptr, (size_t)uri->u) ||
               !wl_status_bits_ok(bits->u) || size->u == 0 || size->u % (8 / bits->u) ||
               size->u > WALLET_STATUS_LIST_MAX_ENTRIES ||
               (mode->u != WALLET_STATUS_ALLOC_SEQUENTIAL && mode->u != WALLET_STATUS_ALLOC_RANDOM) ||
               next->u > size->u || alloc->u > size->u ||
               (iss && (iss->u == 0 || !wl_utf8_valid(iss->ptr, (size_t)iss->u)))) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "saved status list: values out of range");
    } else {
        e = wl_list_alloc(ctx, &l, (const char *)uri->ptr, (size_t)uri->u, (unsigned)bits->u,
                          size->u, (unsigned)mode->u);
    }
    if (!e && iss && !(l->issuer = wl_strndup((const char *)iss->ptr, (size_t)iss->u)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e)
        e = wl_load_field(ctx, lst, (size_t)(l->size * l->bits / 8), l->statuses, "lst");
    if (!e)
        e = wl_load_field(ctx, used, (size_t)((l->size + 7) / 8), l->used, "used");
    if (!e) {
        l->next = next->u;
        l->allocated = alloc->u;
        l->version = ver->u;
        /* The invariants allocation relies on: the count matches the map, and
         * an index that was never allocated still has the default status. */
        size_t used_len = (size_t)((l->size + 7) / 8);
        if (l->size % 8 && (l->used[used_len - 1] >> (l->size % 8)) != 0)
            e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                       "saved status list: allocation map marks indices past the end");
        else if (wl_popcount_bytes(l->used, used_len) != l->allocated)
            e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                       "saved status list: allocation count does not match the map");
        for (uint64_t i = 0; !e && i < l->size; i++) {
            if ((i & 7u) == 0 && i + 8 <= l->size && l->used[i >> 3] == 0xFF) {
                i += 7; /* a fully allocated byte of the map */
                continue;
            }
            if (!wl_used(l, i) && wl_status_at(l->statuses, l->bits, i) != 0)
                e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                           "saved status list: index %llu has a status but was never allocated",
                           (unsigned long long)i);
        }
    }
    wl_cbor_doc_free(doc);
    if (e) {
        wallet_status_list_free(l);
        return e;
    }
    *out = l;
    return WALLET_OK;
}
