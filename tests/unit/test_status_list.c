/*
 * Issuer side of Token Status Lists (status.h): creating lists, allocating
 * indices without reuse (sequential and random, across threads and across
 * save/load), setting and reading statuses, saved state validation, and the
 * JWT / CWT tokens and their ETag.
 */
#include <cjson/cJSON.h>
#include <pthread.h>

#include "test_status_common.h"

/* ---- creation ---------------------------------------------------------------------- */

static void new_list_has_defaults(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    static const struct {
        unsigned bits;
        uint64_t asked, size;
    } cases[] = {{1, 1, 8}, {1, 16, 16}, {2, 12, 12}, {2, 13, 16}, {4, 3, 4}, {8, 5, 5}};
    for (size_t i = 0; i < WL_ARRAY_LEN(cases); i++) {
        wallet_status_list *l = NULL;
        tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, TS_URI, cases[i].bits, cases[i].asked,
                                                 WALLET_STATUS_ALLOC_RANDOM));
        assert_string_equal(wallet_status_list_uri(l), TS_URI);
        assert_null(wallet_status_list_issuer(l));
        assert_int_equal(wallet_status_list_bits(l), cases[i].bits);
        assert_int_equal(wallet_status_list_size(l), cases[i].size);
        assert_int_equal(wallet_status_list_allocated(l), 0);
        assert_int_equal(wallet_status_list_version(l), 0);
        for (uint64_t k = 0; k < cases[i].size; k++) {
            unsigned v = 7;
            tu_assert_ok(ctx, wallet_status_list_get(ctx, &v, l, k));
            assert_int_equal(v, WALLET_STATUS_VALID);
        }
        wallet_status_list_free(l);
    }
    assert_int_equal(wallet_status_list_max_entries(), WALLET_STATUS_LIST_MAX_ENTRIES);
    wallet_ctx_free(ctx);
}

static void new_rejects_bad_bits(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    static const unsigned bad[] = {0, 3, 5, 16, 256};
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        wallet_status_list *l = (wallet_status_list *)1;
        tu_assert_err(ctx, wallet_status_list_new(ctx, &l, TS_URI, bad[i], 64, 0),
                      WALLET_ERR_INVALID_ARG);
        assert_null(l);
    }
    wallet_ctx_free(ctx);
}

static void new_rejects_bad_size(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = NULL;
    tu_assert_err(ctx, wallet_status_list_new(ctx, &l, TS_URI, 1, 0, 0), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx,
                  wallet_status_list_new(ctx, &l, TS_URI, 1, WALLET_STATUS_LIST_MAX_ENTRIES + 1, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(l);
    wallet_ctx_free(ctx);
}

static void new_rejects_bad_uri(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    static const char *bad[] = {"", "status/1", "https://a b/1", "https:", "1http://x",
                                "https://x/\x01", "https://x/\"q\""};
    wallet_status_list *l = NULL;
    tu_assert_err(ctx, wallet_status_list_new(ctx, &l, NULL, 1, 8, 0), WALLET_ERR_INVALID_ARG);
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++)
        tu_assert_err(ctx, wallet_status_list_new(ctx, &l, bad[i], 1, 8, 0),
                      WALLET_ERR_INVALID_ARG);
    assert_null(l);
    wallet_ctx_free(ctx);
}

static void new_rejects_unknown_mode(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = NULL;
    tu_assert_err(ctx, wallet_status_list_new(ctx, &l, TS_URI, 1, 8, 2), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_status_list_new(ctx, NULL, TS_URI, 1, 8, 0), WALLET_ERR_INVALID_ARG);
    assert_null(l);
    wallet_ctx_free(ctx);
}

static void issuer_accepts_utf8_only(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 8, 0, NULL, 0);
    tu_assert_ok(ctx, wallet_status_list_set_issuer(ctx, l, "Sở Y tế Hà Nội"));
    assert_string_equal(wallet_status_list_issuer(l), "Sở Y tế Hà Nội");
    tu_assert_err(ctx, wallet_status_list_set_issuer(ctx, l, "\xff\xfe"), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_status_list_set_issuer(ctx, l, ""), WALLET_ERR_INVALID_ARG);
    assert_string_equal(wallet_status_list_issuer(l), "Sở Y tế Hà Nội");
    tu_assert_ok(ctx, wallet_status_list_set_issuer(ctx, l, NULL));
    assert_null(wallet_status_list_issuer(l));
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

/* ---- allocation -------------------------------------------------------------------- */

static void sequential_allocation_counts_up(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 2, 100, 100, NULL, 0);
    assert_int_equal(wallet_status_list_allocated(l), 100);
    uint64_t idx = 5;
    tu_assert_err(ctx, wallet_status_list_allocate(ctx, &idx, l), WALLET_ERR_STATUS_LIST_FULL);
    assert_int_equal(idx, 0);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void random_allocation_never_repeats(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    enum { N = 4096 };
    wallet_status_list *l = NULL;
    tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, TS_URI, 1, N, WALLET_STATUS_ALLOC_RANDOM));
    static uint8_t seen[N];
    memset(seen, 0, sizeof(seen));
    int ascending = 1;
    uint64_t prev = 0;
    for (int i = 0; i < N; i++) {
        uint64_t idx;
        tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, l));
        assert_true(idx < N);
        assert_int_equal(seen[idx], 0);
        seen[idx] = 1;
        if (i && idx < prev)
            ascending = 0;
        prev = idx;
    }
    assert_false(ascending); /* random, not 0, 1, 2, ... */
    tu_assert_err(ctx, wallet_status_list_allocate(ctx, &prev, l), WALLET_ERR_STATUS_LIST_FULL);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void random_allocation_spreads_over_the_list(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = NULL;
    tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, TS_URI, 1, 1u << 20,
                                             WALLET_STATUS_ALLOC_RANDOM));
    int halves[2] = {0, 0};
    for (int i = 0; i < 200; i++) {
        uint64_t idx;
        tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, l));
        halves[idx >= (1u << 19)]++;
    }
    /* 200 uniform draws: both halves get some (fails with probability 2^-199). */
    assert_true(halves[0] > 0 && halves[1] > 0);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

typedef struct alloc_job {
    wallet_status_list *l;
    uint64_t got[500];
    int failed;
} alloc_job;

static void *alloc_thread(void *arg)
{
    alloc_job *j = arg;
    wallet_ctx *ctx = NULL;
    if (wallet_ctx_new(&ctx) != WALLET_OK) {
        j->failed = 1;
        return NULL;
    }
    for (int i = 0; i < 500; i++)
        if (wallet_status_list_allocate(ctx, &j->got[i], j->l) != WALLET_OK)
            j->failed = 1;
    wallet_ctx_free(ctx);
    return NULL;
}

static void concurrent_allocation_never_repeats(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    for (unsigned mode = 0; mode < 2; mode++) {
        wallet_status_list *l = NULL;
        tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, TS_URI, 1, 2000, mode));
        static alloc_job jobs[4];
        pthread_t th[4];
        for (int i = 0; i < 4; i++) {
            memset(&jobs[i], 0, sizeof(jobs[i]));
            jobs[i].l = l;
            assert_int_equal(pthread_create(&th[i], NULL, alloc_thread, &jobs[i]), 0);
        }
        for (int i = 0; i < 4; i++)
            pthread_join(th[i], NULL);
        static uint8_t seen[2000];
        memset(seen, 0, sizeof(seen));
        for (int i = 0; i < 4; i++) {
            assert_false(jobs[i].failed);
            for (int k = 0; k < 500; k++) {
                assert_int_equal(seen[jobs[i].got[k]], 0);
                seen[jobs[i].got[k]] = 1;
            }
        }
        assert_int_equal(wallet_status_list_allocated(l), 2000);
        wallet_status_list_free(l);
    }
    wallet_ctx_free(ctx);
}

/* ---- statuses ---------------------------------------------------------------------- */

static void set_and_get_every_width(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    static const unsigned widths[] = {1, 2, 4, 8};
    for (size_t w = 0; w < 4; w++) {
        unsigned bits = widths[w], max = (1u << bits) - 1;
        wallet_status_list *l = ts_list(ctx, TS_URI, bits, 64, 64, NULL, 0);
        for (uint64_t i = 0; i < 64; i++)
            tu_assert_ok(ctx, wallet_status_list_set(ctx, l, i, (unsigned)(i * 7 + 3) & max));
        for (uint64_t i = 0; i < 64; i++) {
            unsigned v;
            tu_assert_ok(ctx, wallet_status_list_get(ctx, &v, l, i));
            assert_int_equal(v, (unsigned)(i * 7 + 3) & max);
        }
        /* Changing one entry leaves its neighbours alone. */
        tu_assert_ok(ctx, wallet_status_list_set(ctx, l, 9, max));
        tu_assert_ok(ctx, wallet_status_list_set(ctx, l, 9, 0));
        for (uint64_t i = 0; i < 64; i++) {
            unsigned v;
            tu_assert_ok(ctx, wallet_status_list_get(ctx, &v, l, i));
            assert_int_equal(v, i == 9 ? 0 : (unsigned)(i * 7 + 3) & max);
        }
        wallet_status_list_free(l);
    }
    wallet_ctx_free(ctx);
}

static void version_moves_only_on_change(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 2, 16, 4, NULL, 0);
    assert_int_equal(wallet_status_list_version(l), 0);
    tu_assert_ok(ctx, wallet_status_list_set(ctx, l, 1, WALLET_STATUS_SUSPENDED));
    assert_int_equal(wallet_status_list_version(l), 1);
    tu_assert_ok(ctx, wallet_status_list_set(ctx, l, 1, WALLET_STATUS_SUSPENDED));
    assert_int_equal(wallet_status_list_version(l), 1);
    tu_assert_ok(ctx, wallet_status_list_set(ctx, l, 1, WALLET_STATUS_VALID)); /* reinstated */
    assert_int_equal(wallet_status_list_version(l), 2);
    uint64_t idx;
    tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, l));
    assert_int_equal(wallet_status_list_version(l), 2);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void set_index_out_of_range(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 16, 16, NULL, 0);
    tu_assert_err(ctx, wallet_status_list_set(ctx, l, 16, 1), WALLET_ERR_STATUS_INDEX);
    tu_assert_err(ctx, wallet_status_list_set(ctx, l, UINT64_MAX, 1), WALLET_ERR_STATUS_INDEX);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void get_index_out_of_range(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 8, 3, 0, NULL, 0);
    unsigned v = 9;
    tu_assert_err(ctx, wallet_status_list_get(ctx, &v, l, 3), WALLET_ERR_STATUS_INDEX);
    assert_int_equal(v, 0);
    tu_assert_err(ctx, wallet_status_list_get(ctx, NULL, l, 0), WALLET_ERR_INVALID_ARG);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void set_unallocated_index_is_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 16, 3, NULL, 0);
    tu_assert_err(ctx, wallet_status_list_set(ctx, l, 3, WALLET_STATUS_INVALID),
                  WALLET_ERR_STATUS_NOT_ALLOCATED);
    assert_int_equal(wallet_status_list_version(l), 0);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void set_status_wider_than_bits(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 8, 8, NULL, 0);
    tu_assert_err(ctx, wallet_status_list_set(ctx, l, 0, WALLET_STATUS_SUSPENDED),
                  WALLET_ERR_INVALID_ARG);
    wallet_status_list_free(l);
    l = ts_list(ctx, TS_URI, 8, 8, 8, NULL, 0);
    tu_assert_err(ctx, wallet_status_list_set(ctx, l, 0, 256), WALLET_ERR_INVALID_ARG);
    tu_assert_ok(ctx, wallet_status_list_set(ctx, l, 0, 255));
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void status_names(void **state)
{
    (void)state;
    assert_string_equal(wallet_status_name(0), "valid");
    assert_string_equal(wallet_status_name(1), "invalid");
    assert_string_equal(wallet_status_name(2), "suspended");
    assert_string_equal(wallet_status_name(3), "application_specific");
    assert_string_equal(wallet_status_name(0x0C), "application_specific");
    assert_string_equal(wallet_status_name(0x0F), "application_specific");
    assert_string_equal(wallet_status_name(4), "reserved");
    assert_string_equal(wallet_status_name(0x10), "reserved");
    assert_string_equal(wallet_status_media_type(WALLET_STATUS_JWT), "application/statuslist+jwt");
    assert_string_equal(wallet_status_media_type(WALLET_STATUS_CWT), "application/statuslist+cwt");
    assert_null(wallet_status_media_type((wallet_status_format)9));
}

/* ---- save / load --------------------------------------------------------------------- */

static void save_load_keeps_everything(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = NULL, *back = NULL;
    tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, TS_URI, 2, 1000, WALLET_STATUS_ALLOC_RANDOM));
    tu_assert_ok(ctx, wallet_status_list_set_issuer(ctx, l, "https://health.city.example"));
    uint64_t got[300];
    for (int i = 0; i < 300; i++) {
        tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &got[i], l));
        tu_assert_ok(ctx, wallet_status_list_set(ctx, l, got[i], (unsigned)(i % 3)));
    }
    uint8_t *saved = NULL;
    size_t len;
    tu_assert_ok(ctx, wallet_status_list_save(ctx, &saved, &len, l));
    tu_assert_ok(ctx, wallet_status_list_load(ctx, &back, saved, len));
    assert_string_equal(wallet_status_list_uri(back), TS_URI);
    assert_string_equal(wallet_status_list_issuer(back), "https://health.city.example");
    assert_int_equal(wallet_status_list_bits(back), 2);
    assert_int_equal(wallet_status_list_size(back), 1000);
    assert_int_equal(wallet_status_list_allocated(back), 300);
    assert_int_equal(wallet_status_list_version(back), wallet_status_list_version(l));
    for (uint64_t i = 0; i < 1000; i++) {
        unsigned a, b;
        tu_assert_ok(ctx, wallet_status_list_get(ctx, &a, l, i));
        tu_assert_ok(ctx, wallet_status_list_get(ctx, &b, back, i));
        assert_int_equal(a, b);
    }
    /* No index handed out before the save is handed out again. */
    static uint8_t seen[1000];
    memset(seen, 0, sizeof(seen));
    for (int i = 0; i < 300; i++)
        seen[got[i]] = 1;
    for (int i = 0; i < 700; i++) {
        uint64_t idx;
        tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, back));
        assert_int_equal(seen[idx], 0);
        seen[idx] = 1;
    }
    tu_assert_err(ctx, wallet_status_list_allocate(ctx, &got[0], back),
                  WALLET_ERR_STATUS_LIST_FULL);
    /* Saving is deterministic. */
    uint8_t *again = NULL;
    size_t again_len;
    tu_assert_ok(ctx, wallet_status_list_save(ctx, &again, &again_len, l));
    assert_int_equal(again_len, len);
    assert_memory_equal(again, saved, len);
    wallet_free(again);
    wallet_free(saved);
    wallet_status_list_free(back);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void save_load_sequential_continues(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 64, 10, NULL, 0), *back = NULL;
    uint8_t *saved = NULL;
    size_t len;
    tu_assert_ok(ctx, wallet_status_list_save(ctx, &saved, &len, l));
    tu_assert_ok(ctx, wallet_status_list_load(ctx, &back, saved, len));
    uint64_t idx;
    tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, back));
    assert_int_equal(idx, 10);
    wallet_free(saved);
    wallet_status_list_free(back);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

/* Rebuild a saved state with member `name` replaced by raw CBOR `value`
 * (NULL: removed). */
static uint8_t *resave(const uint8_t *saved, size_t len, const char *name, const uint8_t *value,
                       size_t value_len, size_t *out_len)
{
    wl_cbor_doc *doc = NULL;
    assert_int_equal(wl_cbor_decode(NULL, &doc, saved, len, 0, NULL), WALLET_OK);
    const wl_cbor *m = wl_cbor_root(doc);
    wl_cbor_mapw w;
    wl_cbor_mapw_init(&w, 0);
    const wl_cbor *k = wl_cbor_child(m);
    int replaced = 0;
    for (uint64_t i = 0; i < m->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (wl_cbor_is_text(k, name)) {
            replaced = 1;
            if (value) {
                wl_cbor_put_raw(wl_cbor_mapw_key(&w), k->raw, k->raw_len);
                wl_cbor_put_raw(wl_cbor_mapw_value(&w), value, value_len);
            }
        } else {
            wl_cbor_put_raw(wl_cbor_mapw_key(&w), k->raw, k->raw_len);
            wl_cbor_put_raw(wl_cbor_mapw_value(&w), v->raw, v->raw_len);
        }
        k = wl_cbor_next(v);
    }
    assert_true(replaced);
    wl_buf b;
    wl_buf_init(&b, 0);
    assert_true(wl_cbor_mapw_finish(&w, &b));
    wl_cbor_mapw_free(&w);
    wl_cbor_doc_free(doc);
    return wl_buf_take(&b, out_len);
}

static uint8_t *cbor_uint(uint64_t v, size_t *len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_uint(&b, v);
    return wl_buf_take(&b, len);
}

static uint8_t *cbor_zlib_bytes(const uint8_t *p, size_t n, size_t *len)
{
    uint8_t *z = NULL;
    size_t zn;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zn, p, n), WALLET_OK);
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_bytes(&b, z, zn);
    free(z);
    return wl_buf_take(&b, len);
}

typedef struct load_case {
    const char *what;
    const char *member;
    int kind; /* 0 uint value, 1 zlib of `bytes`, 2 removed, 3 text value */
    uint64_t u;
    const uint8_t *bytes;
    size_t n;
    const char *text;
} load_case;

static void load_refuses_damaged_state(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    /* 16 one-bit entries, indices 0-3 allocated, index 1 revoked. */
    static const unsigned st[] = {0, 1};
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 16, 4, st, 2);
    uint8_t *saved = NULL;
    size_t len;
    tu_assert_ok(ctx, wallet_status_list_save(ctx, &saved, &len, l));
    static const uint8_t status_on_unallocated[2] = {0x02, 0x80}; /* index 15 set */
    static const uint8_t short_lst[1] = {0x02};
    static const uint8_t long_lst[3] = {0x02, 0, 0};
    static const uint8_t count_mismatch_map[2] = {0x0F, 0x01}; /* 5 bits, allocated says 4 */
    static const load_case cases[] = {
        {"allocation count off by one", "allocated", 0, 5, NULL, 0, NULL},
        {"status on an unallocated index", "lst", 1, 0, status_on_unallocated, 2, NULL},
        {"lst shorter than the list", "lst", 1, 0, short_lst, 1, NULL},
        {"lst longer than the list", "lst", 1, 0, long_lst, 3, NULL},
        {"map disagrees with the count", "used", 1, 0, count_mismatch_map, 2, NULL},
        {"unknown version", "v", 0, 2, NULL, 0, NULL},
        {"bits 3", "bits", 0, 3, NULL, 0, NULL},
        {"size not whole bytes", "size", 0, 12, NULL, 0, NULL},
        {"size zero", "size", 0, 0, NULL, 0, NULL},
        {"cursor past the end", "next", 0, 17, NULL, 0, NULL},
        {"unknown allocation mode", "mode", 0, 7, NULL, 0, NULL},
        {"missing version counter", "version", 2, 0, NULL, 0, NULL},
        {"another typ", "typ", 3, 0, NULL, 0, "libwallet/something-else"},
        {"uri not a URI", "uri", 3, 0, NULL, 0, "not a uri"},
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(cases); i++) {
        const load_case *c = &cases[i];
        uint8_t *v = NULL, *bad;
        size_t vn = 0, bn;
        if (c->kind == 0)
            v = cbor_uint(c->u, &vn);
        else if (c->kind == 1)
            v = cbor_zlib_bytes(c->bytes, c->n, &vn);
        else if (c->kind == 3) {
            wl_buf b;
            wl_buf_init(&b, 0);
            wl_cbor_put_cstr(&b, c->text);
            v = wl_buf_take(&b, &vn);
        }
        bad = resave(saved, len, c->member, v, vn, &bn);
        wallet_status_list *back = (wallet_status_list *)1;
        wallet_err e = wallet_status_list_load(ctx, &back, bad, bn);
        if (e != WALLET_ERR_STATUS_LIST_FORMAT)
            fail_msg("%s: got %s: %s", c->what, wallet_err_name(e), wallet_ctx_errmsg(ctx));
        assert_null(back);
        free(v);
        free(bad);
    }
    wallet_free(saved);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void load_refuses_padding_bits(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    /* 12 two-bit entries: the map has 2 bytes, of which 4 bits are padding. */
    wallet_status_list *l = ts_list(ctx, TS_URI, 2, 12, 3, NULL, 0), *back = NULL;
    uint8_t *saved = NULL;
    size_t len, vn, bn;
    tu_assert_ok(ctx, wallet_status_list_save(ctx, &saved, &len, l));
    static const uint8_t map[2] = {0x07, 0x10}; /* 3 allocated + index 12 (padding) */
    uint8_t *v = cbor_zlib_bytes(map, 2, &vn);
    uint8_t *bad = resave(saved, len, "used", v, vn, &bn);
    tu_assert_err(ctx, wallet_status_list_load(ctx, &back, bad, bn), WALLET_ERR_STATUS_LIST_FORMAT);
    free(v);
    free(bad);
    wallet_free(saved);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

static void load_refuses_garbage(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = NULL;
    static const uint8_t not_cbor[] = {0xff, 0x00};
    static const uint8_t not_map[] = {0x83, 0x01, 0x02, 0x03};
    tu_assert_err(ctx, wallet_status_list_load(ctx, &l, not_cbor, sizeof(not_cbor)),
                  WALLET_ERR_CBOR);
    tu_assert_err(ctx, wallet_status_list_load(ctx, &l, not_map, sizeof(not_map)),
                  WALLET_ERR_STATUS_LIST_FORMAT);
    tu_assert_err(ctx, wallet_status_list_load(ctx, &l, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(l);
    wallet_ctx_free(ctx);
}

static void load_refuses_oversized_input(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_status_list *l = ts_list(ctx, TS_URI, 8, 4096, 4096, NULL, 0), *back = NULL;
    for (uint64_t i = 0; i < 4096; i++) /* incompressible-ish statuses */
        tu_assert_ok(ctx, wallet_status_list_set(ctx, l, i, (unsigned)((i * 2654435761u) >> 7) & 255));
    uint8_t *saved = NULL;
    size_t len;
    tu_assert_ok(ctx, wallet_status_list_save(ctx, &saved, &len, l));
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)len - 1);
    tu_assert_err(ctx, wallet_status_list_load(ctx, &back, saved, len), WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)len);
    tu_assert_ok(ctx, wallet_status_list_load(ctx, &back, saved, len));
    wallet_status_list_free(back);
    wallet_free(saved);
    wallet_status_list_free(l);
    wallet_ctx_free(ctx);
}

/* ---- tokens -------------------------------------------------------------------------- */

static cJSON *jwt_part(const char *jwt, int part)
{
    const char *a = strchr(jwt, '.');
    const char *s = part ? a + 1 : jwt;
    size_t n = part ? (size_t)(strchr(a + 1, '.') - s) : (size_t)(a - jwt);
    uint8_t *p = NULL;
    size_t pn;
    assert_int_equal(wl_b64url_decode(NULL, &p, &pn, s, n), WALLET_OK);
    cJSON *j = cJSON_ParseWithLength((const char *)p, pn);
    free(p);
    assert_non_null(j);
    return j;
}

static void jwt_token_has_the_draft_claims(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_key *k = ts_key(ctx, "status-key-1");
    static const unsigned st[] = {0, 1, 0, 2};
    wallet_status_list *l = ts_list(ctx, TS_URI, 2, 16, 4, st, 4);
    tu_assert_ok(ctx, wallet_status_list_set_issuer(ctx, l, "https://health.city.example"));
    uint8_t *tok = NULL;
    size_t len;
    tu_assert_ok(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 0, WALLET_STATUS_JWT,
                                               7200, 600));
    assert_int_equal(strlen((char *)tok), len);
    cJSON *h = jwt_part((char *)tok, 0), *c = jwt_part((char *)tok, 1);
    assert_string_equal(cJSON_GetObjectItem(h, "alg")->valuestring, "ES256");
    assert_string_equal(cJSON_GetObjectItem(h, "kid")->valuestring, "status-key-1");
    assert_string_equal(cJSON_GetObjectItem(h, "typ")->valuestring, "statuslist+jwt");
    assert_string_equal(cJSON_GetObjectItem(c, "sub")->valuestring, TS_URI);
    assert_string_equal(cJSON_GetObjectItem(c, "iss")->valuestring, "https://health.city.example");
    assert_int_equal((int64_t)cJSON_GetObjectItem(c, "iat")->valuedouble, TS_NOW);
    assert_int_equal((int64_t)cJSON_GetObjectItem(c, "exp")->valuedouble, TS_NOW + 7200);
    assert_int_equal((int64_t)cJSON_GetObjectItem(c, "ttl")->valuedouble, 600);
    const cJSON *sl = cJSON_GetObjectItem(c, "status_list");
    assert_int_equal(cJSON_GetObjectItem(sl, "bits")->valueint, 2);
    /* statuses 0,1,0,2 | 0... → bytes 0x84, 0x00, 0x00, 0x00 */
    static const uint8_t want[4] = {0x84, 0, 0, 0};
    char *lst = ts_lst(want, 4);
    assert_string_equal(cJSON_GetObjectItem(sl, "lst")->valuestring, lst);
    free(lst);
    cJSON_Delete(h);
    cJSON_Delete(c);
    wallet_free(tok);

    /* lifetime 0 and ttl 0: no exp, no ttl */
    tu_assert_ok(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 0, WALLET_STATUS_JWT,
                                               0, 0));
    c = jwt_part((char *)tok, 1);
    assert_null(cJSON_GetObjectItem(c, "exp"));
    assert_null(cJSON_GetObjectItem(c, "ttl"));
    cJSON_Delete(c);
    wallet_free(tok);
    wallet_status_list_free(l);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void cwt_token_has_the_draft_claims(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_key *k = ts_key(ctx, "status-key-1");
    static const unsigned st[] = {1, 0, 1};
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 16, 3, st, 3);
    uint8_t *tok = NULL;
    size_t len;
    tu_assert_ok(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 0, WALLET_STATUS_CWT,
                                               7200, 600));
    assert_int_equal(tok[0], 0xD2); /* COSE_Sign1 tag, no CWT tag 61 */
    wallet_cose_sign1 *msg = NULL;
    tu_assert_ok(ctx, wallet_cose_sign1_parse(ctx, &msg, tok, len));
    size_t n;
    int bucket;
    const uint8_t *typ = wallet_cose_sign1_header(msg, 16, &n, &bucket);
    assert_int_equal(bucket, WALLET_COSE_PROTECTED);
    assert_int_equal(n, 2 + 26); /* text head 0x78 0x1A, then the media type */
    assert_memory_equal(typ + 2, "application/statuslist+cwt", 26);
    const uint8_t *kid = wallet_cose_sign1_kid(msg, &n);
    assert_memory_equal(kid, "status-key-1", n);
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, msg, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
    const uint8_t *payload = wallet_cose_sign1_payload(msg, &n);
    wl_cbor_doc *doc = NULL;
    /* Deterministic CBOR (RFC 8949 §4.2.1). */
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, payload, n, WL_CBOR_DETERMINISTIC, NULL));
    const wl_cbor *m = wl_cbor_root(doc);
    int64_t v;
    assert_true(wl_cbor_is_text(wl_cbor_map_int(m, 2), TS_URI));
    assert_true(wl_cbor_get_int(wl_cbor_map_int(m, 6), &v) && v == TS_NOW);
    assert_true(wl_cbor_get_int(wl_cbor_map_int(m, 4), &v) && v == TS_NOW + 7200);
    assert_true(wl_cbor_get_int(wl_cbor_map_int(m, 65534), &v) && v == 600);
    assert_null(wl_cbor_map_int(m, 1)); /* no issuer set */
    const wl_cbor *sl = wl_cbor_map_int(m, 65533);
    assert_true(wl_cbor_get_int(wl_cbor_map_text(sl, "bits"), &v) && v == 1);
    const wl_cbor *lst = wl_cbor_map_text(sl, "lst");
    uint8_t *raw = NULL;
    size_t raw_len;
    tu_assert_ok(ctx, wl_zlib_inflate(ctx, &raw, &raw_len, lst->ptr, (size_t)lst->u, 100));
    assert_int_equal(raw_len, 2);
    assert_int_equal(raw[0], 0x05);
    assert_int_equal(raw[1], 0x00);
    free(raw);
    wl_cbor_doc_free(doc);
    wallet_cose_sign1_free(msg);
    wallet_free(tok);
    wallet_status_list_free(l);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void tokens_carry_a_certificate_chain(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_key *root_key = ts_key(ctx, NULL), *signer = ts_key(ctx, NULL);
    wallet_cert_builder *b = NULL;
    wallet_cert *root = NULL, *leaf = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=Status Root,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &root, b, root_key, root_key, NULL));
    wallet_cert_builder_free(b);
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=Status Issuer,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &leaf, b, signer, root_key, root));
    wallet_cert_builder_free(b);
    wallet_trust *trust = ts_trust(ctx, NULL);
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, trust, root, WALLET_TRUST_ROOT));
    static const unsigned st[] = {0, 1};
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 8, 2, st, 2);
    const wallet_cert *chain[1] = {leaf};
    for (int f = WALLET_STATUS_JWT; f <= WALLET_STATUS_CWT; f++) {
        uint8_t *tok = NULL;
        size_t len;
        tu_assert_ok(ctx, wallet_status_list_token(ctx, &tok, &len, l, signer, chain, 1,
                                                   (wallet_status_format)f, 3600, 0));
        wallet_status_token *t = NULL;
        tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, 0, tok, len, TS_URI));
        unsigned v;
        tu_assert_ok(ctx, wallet_status_token_get(ctx, &v, t, 1));
        assert_int_equal(v, 1);
        wallet_status_token_free(t);
        wallet_free(tok);
    }
    wallet_status_list_free(l);
    wallet_trust_free(trust);
    wallet_cert_free(root);
    wallet_cert_free(leaf);
    wallet_key_free(root_key);
    wallet_key_free(signer);
    wallet_ctx_free(ctx);
}

static void large_list_of_2_24_entries(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_key *k = ts_key(ctx, "k");
    wallet_trust *trust = ts_trust(ctx, k);
    wallet_status_list *l = NULL;
    const uint64_t n = (uint64_t)1 << 24;
    tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, TS_URI, 1, n, WALLET_STATUS_ALLOC_RANDOM));
    uint64_t idx[64];
    for (int i = 0; i < 64; i++) {
        tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx[i], l));
        if (i % 2)
            tu_assert_ok(ctx, wallet_status_list_set(ctx, l, idx[i], WALLET_STATUS_INVALID));
    }
    uint8_t *tok = ts_token(ctx, l, k, WALLET_STATUS_JWT, &(size_t){0});
    wallet_status_token *t = NULL;
    /* 2^24 one-bit entries inflate to exactly 2 MiB: the default limit. */
    tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, 0, tok, strlen((char *)tok),
                                                 TS_URI));
    assert_int_equal(wallet_status_token_size(t), n);
    for (int i = 0; i < 64; i++) {
        unsigned v;
        tu_assert_ok(ctx, wallet_status_token_get(ctx, &v, t, idx[i]));
        assert_int_equal(v, (unsigned)(i % 2));
    }
    wallet_status_token_free(t);
    /* One byte less of inflate budget and the same token is refused. */
    wallet_ctx_limit(ctx, WALLET_LIMIT_INFLATE_BYTES, (int64_t)(n / 8) - 1);
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, tok, strlen((char *)tok), NULL),
                  WALLET_ERR_TOO_LARGE);
    wallet_free(tok);
    wallet_status_list_free(l);
    wallet_trust_free(trust);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void token_refuses_bad_arguments(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wallet_key *k = ts_key(ctx, "k"), *pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    wallet_status_list *l = ts_list(ctx, TS_URI, 1, 8, 0, NULL, 0);
    uint8_t *tok = (uint8_t *)1;
    size_t len = 9;
    tu_assert_err(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 0, WALLET_STATUS_JWT,
                                                -1, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(tok);
    assert_int_equal(len, 0);
    tu_assert_err(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 0, WALLET_STATUS_JWT,
                                                0, -5),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 0,
                                                (wallet_status_format)3, 0, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_status_list_token(ctx, &tok, &len, l, k, NULL, 1, WALLET_STATUS_CWT,
                                                0, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_status_list_token(ctx, &tok, &len, l, pub, NULL, 0,
                                                WALLET_STATUS_CWT, 0, 0),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(tok);
    wallet_status_list_free(l);
    wallet_key_free(pub);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void etag_follows_the_bytes(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    char *a = NULL, *b = NULL, *c = NULL;
    tu_assert_ok(ctx, wallet_status_token_etag(ctx, &a, (const uint8_t *)"token-1", 7));
    tu_assert_ok(ctx, wallet_status_token_etag(ctx, &b, (const uint8_t *)"token-1", 7));
    tu_assert_ok(ctx, wallet_status_token_etag(ctx, &c, (const uint8_t *)"token-2", 7));
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), 24); /* quotes + 22 base64url characters */
    assert_int_equal(a[0], '"');
    assert_int_equal(a[23], '"');
    wallet_free(a);
    wallet_free(b);
    wallet_free(c);
    tu_assert_err(ctx, wallet_status_token_etag(ctx, &a, NULL, 3), WALLET_ERR_INVALID_ARG);
    assert_null(a);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_list_has_defaults),
        cmocka_unit_test(new_rejects_bad_bits),
        cmocka_unit_test(new_rejects_bad_size),
        cmocka_unit_test(new_rejects_bad_uri),
        cmocka_unit_test(new_rejects_unknown_mode),
        cmocka_unit_test(issuer_accepts_utf8_only),
        cmocka_unit_test(sequential_allocation_counts_up),
        cmocka_unit_test(random_allocation_never_repeats),
        cmocka_unit_test(random_allocation_spreads_over_the_list),
        cmocka_unit_test(concurrent_allocation_never_repeats),
        cmocka_unit_test(set_and_get_every_width),
        cmocka_unit_test(version_moves_only_on_change),
        cmocka_unit_test(set_index_out_of_range),
        cmocka_unit_test(get_index_out_of_range),
        cmocka_unit_test(set_unallocated_index_is_refused),
        cmocka_unit_test(set_status_wider_than_bits),
        cmocka_unit_test(status_names),
        cmocka_unit_test(save_load_keeps_everything),
        cmocka_unit_test(save_load_sequential_continues),
        cmocka_unit_test(load_refuses_damaged_state),
        cmocka_unit_test(load_refuses_padding_bits),
        cmocka_unit_test(load_refuses_garbage),
        cmocka_unit_test(load_refuses_oversized_input),
        cmocka_unit_test(jwt_token_has_the_draft_claims),
        cmocka_unit_test(cwt_token_has_the_draft_claims),
        cmocka_unit_test(tokens_carry_a_certificate_chain),
        cmocka_unit_test(large_list_of_2_24_entries),
        cmocka_unit_test(token_refuses_bad_arguments),
        cmocka_unit_test(etag_follows_the_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
