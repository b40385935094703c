/*
 * CBOR (src/core/cbor.h): the decoder's tree, navigation and spans, the
 * well-formedness and limit checks, deterministic-mode checks (RFC 8949
 * §4.2.1), the preferred-head encoder, the sorted-map writer, canonical
 * re-encoding and the JSON views.
 *
 * Documents are written as hex with the RFC 8949 diagnostic notation in a
 * comment next to them.
 */
#include <math.h>

#include <cjson/cJSON.h>

#include "core/cbor.h"
#include "core/json.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------------ */

typedef struct {
    uint8_t *bytes;
    size_t len;
    wl_cbor_doc *doc;
    const wl_cbor *root;
} dec_t;

/* Decode hex with `flags`; the test fails unless it succeeds. */
static dec_t dec_ok(const char *hex, unsigned flags)
{
    dec_t d = {0};
    d.bytes = tu_unhex(hex, &d.len);
    assert_non_null(d.bytes);
    wallet_ctx *ctx = tu_ctx_at(0);
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &d.doc, d.bytes, d.len, flags, NULL));
    d.root = wl_cbor_root(d.doc);
    assert_non_null(d.root);
    wallet_ctx_free(ctx);
    return d;
}

static void dec_free(dec_t *d)
{
    wl_cbor_doc_free(d->doc);
    free(d->bytes);
}

/* Decode raw bytes and require `want`, with the output cleared on failure. */
static void expect_bytes(const uint8_t *in, size_t len, unsigned flags, wallet_err want)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    wl_cbor_doc *doc = (wl_cbor_doc *)&doc;
    size_t consumed = 77;
    wallet_err e = wl_cbor_decode(ctx, &doc, in, len, flags, &consumed);
    if (e != want)
        fail_msg("decoding %zu bytes: got %s, want %s (%s)", len, wallet_err_name(e),
                 wallet_err_name(want), wallet_ctx_errmsg(ctx));
    if (want != WALLET_OK) {
        assert_null(doc);
        assert_int_equal(consumed, 0);
        assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
    } else {
        wl_cbor_doc_free(doc);
    }
    wallet_ctx_free(ctx);
}

static void expect_hex(const char *hex, unsigned flags, wallet_err want)
{
    size_t len = 0;
    uint8_t *b = tu_unhex(hex, &len);
    assert_non_null(b);
    expect_bytes(b, len, flags, want);
    free(b);
}

/* Length of the head that starts at p (the additional information). */
static size_t head_len(const uint8_t *p)
{
    unsigned ai = p[0] & 0x1Fu;
    return ai < 24 ? 1 : ai == 24 ? 2 : ai == 25 ? 3 : ai == 26 ? 5 : ai == 27 ? 9 : 1;
}

/*
 * Check the spans of an item and of everything below it: each child starts
 * where its predecessor (or the parent's head) ends, the last child ends at
 * the parent's end (before the break of an indefinite container), strings
 * point just past their head, and `nodes` counts the subtree.
 */
static void check_spans(const wl_cbor *it, const uint8_t *in, size_t len)
{
    assert_true(it->raw >= in && it->raw_len >= 1 && it->raw + it->raw_len <= in + len);
    size_t h = head_len(it->raw);
    int indef = (it->raw[0] & 0x1F) == 31;
    assert_int_equal(indef, (it->flags & WL_CBOR_F_INDEF) != 0);
    if (indef)
        assert_int_equal(it->raw[it->raw_len - 1], 0xFF);
    switch (it->type) {
    case WL_CBOR_UINT:
    case WL_CBOR_NEGINT:
    case WL_CBOR_SIMPLE:
    case WL_CBOR_FLOAT:
        assert_int_equal(it->raw_len, h);
        assert_int_equal(it->nodes, 1);
        break;
    case WL_CBOR_BYTES:
    case WL_CBOR_TEXT:
        assert_int_equal(it->nodes, 1);
        if (!indef) {
            assert_int_equal(it->raw_len, h + it->u);
            assert_ptr_equal(it->ptr, it->raw + h);
        }
        break;
    default: {
        uint64_t n = it->type == WL_CBOR_MAP ? it->u * 2 : it->type == WL_CBOR_TAG ? 1 : it->u;
        const uint8_t *end = it->raw + it->raw_len - (indef ? 1 : 0);
        const uint8_t *p = it->raw + h;
        uint32_t nodes = 1;
        const wl_cbor *c = wl_cbor_child(it);
        if (n == 0)
            assert_null(c);
        for (uint64_t i = 0; i < n; i++) {
            assert_non_null(c);
            assert_ptr_equal(c->raw, p);
            check_spans(c, in, len);
            p = c->raw + c->raw_len;
            nodes += c->nodes;
            c = wl_cbor_next(c);
        }
        assert_ptr_equal(p, end);
        assert_int_equal(it->nodes, nodes);
    }
    }
}

/* Encoded bytes of a wl_buf as lower-case hex (static buffer). */
static const char *buf_hex(const wl_buf *b)
{
    static char hex[4096];
    size_t n = b->len < sizeof(hex) / 2 - 1 ? b->len : sizeof(hex) / 2 - 1;
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", b->data[i]);
    hex[2 * n] = '\0';
    return hex;
}

/* `n` copies of `byte` followed by `tail` (malloc'ed). */
static uint8_t *repeat(uint8_t byte, size_t n, const uint8_t *tail, size_t tail_len, size_t *len)
{
    uint8_t *p = malloc(n + tail_len + 1);
    assert_non_null(p);
    memset(p, byte, n);
    if (tail_len)
        memcpy(p + n, tail, tail_len);
    *len = n + tail_len;
    return p;
}

/* ---- decoding: major types ----------------------------------------------------- */

static void test_decode_unsigned_and_negative_integers(void **state)
{
    (void)state;
    static const struct {
        const char *hex;
        uint8_t type;
        uint64_t u;
    } cases[] = {
        {"00", WL_CBOR_UINT, 0},
        {"17", WL_CBOR_UINT, 23},
        {"1818", WL_CBOR_UINT, 24},
        {"1903e8", WL_CBOR_UINT, 1000},
        {"1a000f4240", WL_CBOR_UINT, 1000000},
        {"1b000000e8d4a51000", WL_CBOR_UINT, 1000000000000ull},
        {"1bffffffffffffffff", WL_CBOR_UINT, UINT64_MAX},
        {"20", WL_CBOR_NEGINT, 0},
        {"3863", WL_CBOR_NEGINT, 99},
        {"3903e7", WL_CBOR_NEGINT, 999},
        {"3bffffffffffffffff", WL_CBOR_NEGINT, UINT64_MAX},
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(cases); i++) {
        dec_t d = dec_ok(cases[i].hex, WL_CBOR_DETERMINISTIC);
        assert_int_equal(d.root->type, cases[i].type);
        assert_true(d.root->u == cases[i].u);
        assert_int_equal(d.root->flags, 0);
        check_spans(d.root, d.bytes, d.len);
        dec_free(&d);
    }
    int64_t v = 0;
    dec_t d = dec_ok("3863", 0);
    assert_true(wl_cbor_get_int(d.root, &v));
    assert_int_equal(v, -100);
    dec_free(&d);
    d = dec_ok("3b7fffffffffffffff", 0);
    assert_true(wl_cbor_get_int(d.root, &v));
    assert_true(v == INT64_MIN);
    dec_free(&d);
    /* Outside int64: not an int for wl_cbor_get_int. */
    d = dec_ok("3b8000000000000000", 0);
    assert_false(wl_cbor_get_int(d.root, &v));
    dec_free(&d);
    d = dec_ok("1bffffffffffffffff", 0);
    assert_false(wl_cbor_get_int(d.root, &v));
    dec_free(&d);
}

static void test_decode_strings(void **state)
{
    (void)state;
    dec_t d = dec_ok("4401020304", WL_CBOR_DETERMINISTIC); /* h'01020304' */
    assert_int_equal(d.root->type, WL_CBOR_BYTES);
    assert_int_equal(d.root->u, 4);
    assert_ptr_equal(d.root->ptr, d.bytes + 1); /* points into the input */
    dec_free(&d);
    d = dec_ok("40", 0); /* h'' */
    assert_int_equal(d.root->type, WL_CBOR_BYTES);
    assert_int_equal(d.root->u, 0);
    dec_free(&d);
    d = dec_ok("6449455446", 0); /* "IETF" */
    assert_true(wl_cbor_is_text(d.root, "IETF"));
    assert_false(wl_cbor_is_text(d.root, "IETG"));
    assert_false(wl_cbor_is_text(d.root, "IET"));
    dec_free(&d);
    d = dec_ok("62c3bc", 0); /* "ü" */
    assert_true(wl_cbor_is_text(d.root, "\xc3\xbc"));
    dec_free(&d);
    d = dec_ok("64f0908591", 0); /* U+10151 */
    assert_int_equal(d.root->u, 4);
    dec_free(&d);
    /* A 300-byte string: two-byte length head. */
    char hex[2 * 303 + 1] = "59012c";
    for (int i = 0; i < 300; i++)
        memcpy(hex + 6 + 2 * i, "61", 3);
    d = dec_ok(hex, WL_CBOR_DETERMINISTIC);
    assert_int_equal(d.root->type, WL_CBOR_BYTES);
    assert_int_equal(d.root->u, 300);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
}

static void test_decode_simple_and_float(void **state)
{
    (void)state;
    static const struct {
        const char *hex;
        uint64_t v;
    } simple[] = {{"f4", WL_CBOR_FALSE}, {"f5", WL_CBOR_TRUE}, {"f6", WL_CBOR_NULL},
                  {"f7", WL_CBOR_UNDEFINED}};
    for (size_t i = 0; i < WL_ARRAY_LEN(simple); i++) {
        dec_t d = dec_ok(simple[i].hex, WL_CBOR_DETERMINISTIC);
        assert_true(wl_cbor_is_simple(d.root, simple[i].v));
        dec_free(&d);
    }
    static const struct {
        const char *hex;
        double v;
    } floats[] = {
        {"f90000", 0.0},          {"f93c00", 1.0},         {"f93e00", 1.5},
        {"f97bff", 65504.0},      {"f90001", 5.960464477539063e-8},
        {"fa47c35000", 100000.0}, {"fa7f7fffff", 3.4028234663852886e+38},
        {"fb3ff199999999999a", 1.1}, {"fb7e37e43c8800759c", 1.0e300},
        {"f9c400", -4.0},
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(floats); i++) {
        dec_t d = dec_ok(floats[i].hex, WL_CBOR_DETERMINISTIC);
        assert_int_equal(d.root->type, WL_CBOR_FLOAT);
        assert_true(d.root->f == floats[i].v);
        check_spans(d.root, d.bytes, d.len);
        dec_free(&d);
    }
    dec_t d = dec_ok("f97c00", 0);
    assert_true(isinf(d.root->f) && d.root->f > 0);
    dec_free(&d);
    d = dec_ok("f9fc00", 0);
    assert_true(isinf(d.root->f) && d.root->f < 0);
    dec_free(&d);
    d = dec_ok("f97e00", WL_CBOR_DETERMINISTIC);
    assert_true(isnan(d.root->f));
    dec_free(&d);
}

/* { 1: ["a", {"b": true}], -1: 24(h'a10102'), "k": [], "n": null } */
#define NAV_DOC "a4" "01826161a16162f5" "20d81843a10102" "616b80" "616ef6"

static void test_navigation(void **state)
{
    (void)state;
    dec_t d = dec_ok(NAV_DOC, 0);
    const wl_cbor *m = d.root;
    assert_int_equal(m->type, WL_CBOR_MAP);
    assert_int_equal(m->u, 4);
    assert_int_equal(m->nodes, 14);

    const wl_cbor *arr = wl_cbor_map_int(m, 1);
    assert_non_null(arr);
    assert_int_equal(arr->type, WL_CBOR_ARRAY);
    assert_int_equal(arr->u, 2);
    assert_true(wl_cbor_is_text(wl_cbor_array_at(arr, 0), "a"));
    const wl_cbor *inner = wl_cbor_array_at(arr, 1);
    assert_true(wl_cbor_is_simple(wl_cbor_map_text(inner, "b"), WL_CBOR_TRUE));
    assert_null(wl_cbor_array_at(arr, 2));

    const wl_cbor *tag = wl_cbor_map_int(m, -1);
    assert_int_equal(tag->type, WL_CBOR_TAG);
    assert_int_equal(tag->u, 24);
    const wl_cbor *content = wl_cbor_tag_content(tag);
    assert_int_equal(content->type, WL_CBOR_BYTES);
    assert_int_equal(content->u, 3);
    /* The embedded item decodes on its own. */
    wl_cbor_doc *emb = NULL;
    assert_int_equal(wl_cbor_decode(NULL, &emb, content->ptr, (size_t)content->u, 0, NULL),
                     WALLET_OK);
    int64_t v = 0;
    assert_true(wl_cbor_get_int(wl_cbor_map_int(wl_cbor_root(emb), 1), &v));
    assert_int_equal(v, 2);
    wl_cbor_doc_free(emb);

    const wl_cbor *k = wl_cbor_map_text(m, "k");
    assert_int_equal(k->type, WL_CBOR_ARRAY);
    assert_int_equal(k->u, 0);
    assert_null(wl_cbor_child(k));
    assert_true(wl_cbor_is_simple(wl_cbor_map_text(m, "n"), WL_CBOR_NULL));

    /* Absent keys and kind mismatches. */
    assert_null(wl_cbor_map_int(m, 2));
    assert_null(wl_cbor_map_text(m, "zz"));
    assert_null(wl_cbor_map_text(m, "b"));
    assert_null(wl_cbor_array_at(m, 0));
    assert_null(wl_cbor_map_int(arr, 0));
    assert_null(wl_cbor_tag_content(arr));
    assert_false(wl_cbor_get_int(k, &v));
    assert_false(wl_cbor_is_text(tag, "a"));

    /* Iteration by key index and by child/next. */
    int64_t kv = 0;
    assert_true(wl_cbor_get_int(wl_cbor_map_key_at(m, 0), &kv) && kv == 1);
    assert_true(wl_cbor_get_int(wl_cbor_map_key_at(m, 1), &kv) && kv == -1);
    assert_true(wl_cbor_is_text(wl_cbor_map_key_at(m, 2), "k"));
    assert_true(wl_cbor_is_text(wl_cbor_map_key_at(m, 3), "n"));
    assert_null(wl_cbor_map_key_at(m, 4));
    const wl_cbor *c = wl_cbor_child(m);
    assert_ptr_equal(c, wl_cbor_map_key_at(m, 0));
    c = wl_cbor_next(c);
    assert_ptr_equal(c, arr);
    c = wl_cbor_next(c);
    assert_ptr_equal(c, wl_cbor_map_key_at(m, 1));
    assert_ptr_equal(wl_cbor_next(c), tag);
    assert_null(wl_cbor_child(NULL));
    assert_null(wl_cbor_array_at(NULL, 0));
    dec_free(&d);
}

/* Spans are the exact input bytes, for the sample and for a root. */
static void test_raw_spans_exact(void **state)
{
    (void)state;
    dec_t d = dec_ok(NAV_DOC, 0);
    assert_ptr_equal(d.root->raw, d.bytes);
    assert_int_equal(d.root->raw_len, d.len);
    check_spans(d.root, d.bytes, d.len);
    const wl_cbor *arr = wl_cbor_map_int(d.root, 1);
    assert_ptr_equal(arr->raw, d.bytes + 2);
    assert_int_equal(arr->raw_len, 7);
    const wl_cbor *tag = wl_cbor_map_int(d.root, -1);
    assert_ptr_equal(tag->raw, d.bytes + 10);
    assert_int_equal(tag->raw_len, 6);
    assert_memory_equal(tag->raw, "\xd8\x18\x43\xa1\x01\x02", 6);
    assert_ptr_equal(wl_cbor_tag_content(tag)->raw, d.bytes + 12);
    assert_int_equal(wl_cbor_tag_content(tag)->raw_len, 4);
    dec_free(&d);
}

/* Non-preferred heads decode (outside deterministic mode), keep their raw
 * bytes and carry the NONPREFERRED flag. */
static void test_nonpreferred_heads_keep_raw(void **state)
{
    (void)state;
    /* b9 0003: a map of 3 pairs with a two-byte count. */
    dec_t d = dec_ok("b90003" "0102" "0304" "0506", 0);
    assert_int_equal(d.root->type, WL_CBOR_MAP);
    assert_int_equal(d.root->u, 3);
    assert_true(d.root->flags & WL_CBOR_F_NONPREFERRED);
    assert_int_equal(d.root->raw_len, 9);
    assert_memory_equal(d.root->raw, d.bytes, 9);
    int64_t v = 0;
    assert_true(wl_cbor_get_int(wl_cbor_map_int(d.root, 5), &v) && v == 6);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);

    static const char *np[] = {
        "1817",                /* 23 in one byte */
        "190001",              /* 1 in two bytes */
        "1a00000001",          /* 1 in four bytes */
        "1b0000000000000001",  /* 1 in eight bytes */
        "3817",                /* -24 in one byte */
        "5800",                /* h'' with a one-byte length */
        "790003616263",        /* "abc" with a two-byte length */
        "9a0000000100",        /* [0] with a four-byte count */
        "d80060",              /* 0("") with a one-byte tag */
        "fa3f800000",          /* 1.0 as single */
        "fb3ff0000000000000",  /* 1.0 as double */
        "fb40f86a0000000000",  /* 100000.0 as double */
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(np); i++) {
        const char *hex = np[i];
        d = dec_ok(hex, 0);
        if (!(d.root->flags & WL_CBOR_F_NONPREFERRED))
            fail_msg("%s: NONPREFERRED flag missing", hex);
        assert_ptr_equal(d.root->raw, d.bytes);
        assert_int_equal(d.root->raw_len, d.len);
        check_spans(d.root, d.bytes, d.len);
        dec_free(&d);
    }
    d = dec_ok("790003616263", 0);
    assert_true(wl_cbor_is_text(d.root, "abc"));
    assert_ptr_equal(d.root->ptr, d.bytes + 3);
    dec_free(&d);
}

static void test_indefinite_strings_joined(void **state)
{
    (void)state;
    dec_t d = dec_ok("5f420102410340ff", 0); /* (_ h'0102', h'03', h'') */
    assert_int_equal(d.root->type, WL_CBOR_BYTES);
    assert_true(d.root->flags & WL_CBOR_F_INDEF);
    assert_int_equal(d.root->u, 3);
    assert_memory_equal(d.root->ptr, "\x01\x02\x03", 3);
    assert_int_equal(d.root->raw_len, d.len);
    dec_free(&d);

    d = dec_ok("7f62616261636164ff", 0); /* (_ "ab", "c", "d") */
    assert_true(wl_cbor_is_text(d.root, "abcd"));
    dec_free(&d);

    d = dec_ok("7f62c3a9ff", 0); /* (_ "é") */
    assert_true(wl_cbor_is_text(d.root, "\xc3\xa9"));
    dec_free(&d);

    /* Several in one document: each gets its own part of the buffer. */
    d = dec_ok("84" "5f41014102ff" "7f61616162ff" "5fff" "7fff", 0);
    assert_memory_equal(wl_cbor_array_at(d.root, 0)->ptr, "\x01\x02", 2);
    assert_int_equal(wl_cbor_array_at(d.root, 0)->u, 2);
    assert_true(wl_cbor_is_text(wl_cbor_array_at(d.root, 1), "ab"));
    assert_int_equal(wl_cbor_array_at(d.root, 2)->u, 0);
    assert_true(wl_cbor_is_text(wl_cbor_array_at(d.root, 3), ""));
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
}

static void test_indefinite_arrays_and_maps(void **state)
{
    (void)state;
    dec_t d = dec_ok("9f019f0203ffff", 0); /* [_ 1, [_ 2, 3]] */
    assert_int_equal(d.root->type, WL_CBOR_ARRAY);
    assert_int_equal(d.root->u, 2);
    assert_true(d.root->flags & WL_CBOR_F_INDEF);
    const wl_cbor *in = wl_cbor_array_at(d.root, 1);
    assert_int_equal(in->u, 2);
    int64_t v = 0;
    assert_true(wl_cbor_get_int(wl_cbor_array_at(in, 1), &v) && v == 3);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);

    d = dec_ok("bf61610161629fffff", 0); /* {_ "a": 1, "b": [_ ]} */
    assert_int_equal(d.root->type, WL_CBOR_MAP);
    assert_int_equal(d.root->u, 2);
    assert_true(wl_cbor_get_int(wl_cbor_map_text(d.root, "a"), &v) && v == 1);
    assert_int_equal(wl_cbor_map_text(d.root, "b")->u, 0);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);

    d = dec_ok("bfff", 0);
    assert_int_equal(d.root->u, 0);
    assert_null(wl_cbor_child(d.root));
    dec_free(&d);

    d = dec_ok("829fff80", 0); /* [[_ ], []] */
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
}

static void test_tags_common(void **state)
{
    (void)state;
    /* 0("2013-03-21T20:04:00Z") */
    dec_t d = dec_ok("c074323031332d30332d32315432303a30343a30305a", WL_CBOR_DETERMINISTIC);
    assert_int_equal(d.root->type, WL_CBOR_TAG);
    assert_int_equal(d.root->u, 0);
    assert_true(wl_cbor_is_text(wl_cbor_tag_content(d.root), "2013-03-21T20:04:00Z"));
    dec_free(&d);
    /* 1004("2020-01-01") */
    d = dec_ok("d903ec6a323032302d30312d3031", WL_CBOR_DETERMINISTIC);
    assert_int_equal(d.root->u, 1004);
    assert_true(wl_cbor_is_text(wl_cbor_tag_content(d.root), "2020-01-01"));
    dec_free(&d);
    /* 18([h'', {}, null, h'']) — a COSE_Sign1 shape */
    d = dec_ok("d28440a0f640", WL_CBOR_DETERMINISTIC);
    assert_int_equal(d.root->u, 18);
    assert_int_equal(wl_cbor_tag_content(d.root)->type, WL_CBOR_ARRAY);
    assert_int_equal(wl_cbor_tag_content(d.root)->u, 4);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
    /* 24(h'a0') */
    d = dec_ok("d81841a0", WL_CBOR_DETERMINISTIC);
    assert_int_equal(d.root->u, 24);
    assert_int_equal(wl_cbor_tag_content(d.root)->u, 1);
    dec_free(&d);
    /* Nested tags and a tag with an eight-byte number. */
    d = dec_ok("c1c2dbffffffffffffffff00", 0);
    assert_int_equal(d.root->u, 1);
    const wl_cbor *t2 = wl_cbor_tag_content(d.root);
    assert_int_equal(t2->u, 2);
    assert_true(wl_cbor_tag_content(t2)->u == UINT64_MAX);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
}

/* Tags 6-20 in one-byte heads (0xc6-0xd4): libcbor 0.8 refuses them, the
 * decoder works around it — at the root, nested, and in both passes. */
static void test_tags_one_byte_6_to_20(void **state)
{
    (void)state;
    for (unsigned t = 6; t <= 20; t++) {
        char hex[8];
        snprintf(hex, sizeof(hex), "%02x00", 0xC0 + t);
        dec_t d = dec_ok(hex, WL_CBOR_DETERMINISTIC);
        assert_int_equal(d.root->type, WL_CBOR_TAG);
        assert_int_equal(d.root->u, t);
        assert_int_equal(wl_cbor_tag_content(d.root)->type, WL_CBOR_UINT);
        assert_int_equal(d.root->raw_len, 2);
        dec_free(&d);
    }
    /* [16(1), 17({}), 18(h''), {1: 20(true)}] */
    dec_t d = dec_ok("84d001d1a0d240a101d4f5", 0);
    assert_int_equal(wl_cbor_array_at(d.root, 0)->u, 16);
    assert_int_equal(wl_cbor_array_at(d.root, 1)->u, 17);
    assert_int_equal(wl_cbor_array_at(d.root, 2)->u, 18);
    const wl_cbor *t20 = wl_cbor_map_int(wl_cbor_array_at(d.root, 3), 1);
    assert_int_equal(t20->u, 20);
    assert_true(wl_cbor_is_simple(wl_cbor_tag_content(t20), WL_CBOR_TRUE));
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
    /* A one-byte tag with nothing after it is truncated, not a crash. */
    expect_hex("d1", 0, WALLET_ERR_CBOR);
}

static void test_allow_trailing_reports_consumed(void **state)
{
    (void)state;
    static const uint8_t in[] = {0x83, 0x01, 0x02, 0x03, 0xFF, 0x00, 0x42};
    wallet_ctx *ctx = tu_ctx_at(0);
    wl_cbor_doc *doc = NULL;
    size_t consumed = 0;
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, in, sizeof(in), WL_CBOR_ALLOW_TRAILING, &consumed));
    assert_int_equal(consumed, 4);
    assert_int_equal(wl_cbor_root(doc)->raw_len, 4);
    wl_cbor_doc_free(doc);
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, in + 1, 2, WL_CBOR_ALLOW_TRAILING, &consumed));
    assert_int_equal(consumed, 1);
    wl_cbor_doc_free(doc);
    /* Without trailing bytes consumed is the whole input. */
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, in, 4, 0, &consumed));
    assert_int_equal(consumed, 4);
    wl_cbor_doc_free(doc);
    wallet_ctx_free(ctx);
}

/* RFC 8949 §4.2.1 canonical input passes the deterministic check. */
static void test_deterministic_accepts_canonical(void **state)
{
    (void)state;
    /* {10: 0, 100: 0, -1: 0, h'00': [1.5, 1.1, 100000.0, 24(h'a0'), 18([]), 0("x"),
     *  -25, 4294967296, true], "a": 0, "aa": 0} */
    static const char doc[] =
        "a6" "0a00" "186400" "2000"
        "4100" "89" "f93e00" "fb3ff199999999999a" "fa47c35000" "d81841a0" "d280"
        "c06178" "3818" "1b0000000100000000" "f5"
        "616100" "62616100";
    dec_t d = dec_ok(doc, WL_CBOR_DETERMINISTIC);
    assert_int_equal(d.root->u, 6);
    check_spans(d.root, d.bytes, d.len);
    dec_free(&d);
    /* Nested maps sorted at every level. */
    d = dec_ok("a201a2016161026162" "02a0", WL_CBOR_DETERMINISTIC);
    dec_free(&d);
}

static void test_limits_exactly_at_limit_pass(void **state)
{
    (void)state;
    /* 32 nested non-empty arrays (default depth limit). */
    static const uint8_t zero = 0;
    size_t len = 0;
    uint8_t *in = repeat(0x81, 32, &zero, 1, &len);
    expect_bytes(in, len, 0, WALLET_OK);
    free(in);
    /* 65535 items in one array: 65536 data items, the default item limit. */
    size_t n = 65535;
    in = malloc(3 + n);
    assert_non_null(in);
    in[0] = 0x99;
    in[1] = 0xFF;
    in[2] = 0xFF;
    memset(in + 3, 0x01, n);
    expect_bytes(in, 3 + n, 0, WALLET_OK);
    free(in);
    /* A lowered item limit: 10 items in total pass. */
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_ITEMS, 10);
    size_t blen;
    uint8_t *b = tu_unhex("89010203040506070809", &blen);
    wl_cbor_doc *doc = NULL;
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, b, blen, 0, NULL));
    wl_cbor_doc_free(doc);
    free(b);
    wallet_ctx_free(ctx);
}

/* ---- decoding: malformed input ----------------------------------------------- */

/* {_ 1: [_ 1, 6(2)], "b": (_ "a", "b"), -1: 24(h'a10102'), 256: 1.1,
 *    "abc": 4294967296, {1: true}: [null, undefined], h'': -500 } */
#define RICH_DOC                                                                             \
    "bf" "019f01c602ff" "61627f61616162ff" "20d81843a10102" "190100fb3ff199999999999a"        \
    "63616263" "1b0000000100000000" "a101f582f6f7" "40" "3901f3" "ff"

static void test_truncated_at_every_prefix(void **state)
{
    (void)state;
    size_t len = 0;
    uint8_t *full = tu_unhex(RICH_DOC, &len);
    assert_non_null(full);
    expect_bytes(full, len, 0, WALLET_OK);
    for (size_t n = 0; n < len; n++) {
        /* A fresh copy of exactly n bytes, so reading past it is caught by
         * sanitizers. */
        uint8_t *p = malloc(n ? n : 1);
        assert_non_null(p);
        memcpy(p, full, n);
        expect_bytes(p, n, 0, WALLET_ERR_CBOR);
        expect_bytes(p, n, WL_CBOR_ALLOW_TRAILING, WALLET_ERR_CBOR);
        free(p);
    }
    free(full);
    expect_bytes(NULL, 0, 0, WALLET_ERR_CBOR);
}

/* Declared counts larger than what remains are refused before allocating:
 * with 2^32 or 2^64-1 elements a tree allocation would fail (NOMEM) or
 * overflow instead. */
static void test_declared_length_exceeds_input(void **state)
{
    (void)state;
    expect_hex("9b0000000100000000010203", 0, WALLET_ERR_CBOR); /* array of 2^32, 3 bytes */
    expect_hex("9bffffffffffffffff010203", 0, WALLET_ERR_CBOR);
    expect_hex("9affffffff010203", 0, WALLET_ERR_CBOR);
    expect_hex("bb0000000100000000010203", 0, WALLET_ERR_CBOR); /* map of 2^32 pairs */
    expect_hex("a2010203", 0, WALLET_ERR_CBOR);                 /* 2 pairs need 4 bytes */
    expect_hex("5b0000000100000000010203", 0, WALLET_ERR_CBOR); /* bytes of 2^32 */
    expect_hex("7affffffff61", 0, WALLET_ERR_CBOR);
    expect_hex("8301", 0, WALLET_ERR_CBOR);
}

static void test_map_with_odd_item_count(void **state)
{
    (void)state;
    expect_hex("a101", 0, WALLET_ERR_CBOR);       /* {1: <missing>} */
    expect_hex("bf01ff", 0, WALLET_ERR_CBOR);     /* {_ 1 } */
    expect_hex("bf010203ff", 0, WALLET_ERR_CBOR); /* {_ 1: 2, 3 } */
    expect_hex("81bf6161ff", 0, WALLET_ERR_CBOR);
}

static void test_duplicate_map_keys(void **state)
{
    (void)state;
    expect_hex("a201000100", 0, WALLET_ERR_CBOR_DUPLICATE);     /* {1: 0, 1: 0} */
    expect_hex("a20100180100", 0, WALLET_ERR_CBOR_DUPLICATE);   /* {1: 0, 1 (as 1801): 0} */
    expect_hex("a2616100616101", 0, WALLET_ERR_CBOR_DUPLICATE); /* {"a": 0, "a": 1} */
    expect_hex("a201002000", 0, WALLET_OK); /* {1: 0, -1: 0}: different keys */
}

static void test_duplicate_map_keys_by_value(void **state)
{
    (void)state;
    static const char *docs[] = {
        "a201000100",               /* {1: 0, 1: 0} */
        "a20100180100",             /* {1: 0, 1(1801): 0} */
        "a21801000100",             /* {1(1801): 0, 1: 0} */
        "a2190001001a0000000100",   /* {1(19): 0, 1(1a): 0} */
        "a22000380000",             /* {-1: 0, -1(3800): 0} */
        "a2616100616101",           /* {"a": 0, "a": 1} */
        "a27f6161ff00616101",       /* {(_ "a"): 0, "a": 1} */
        "a24101004101f5",           /* {h'01': 0, h'01': true} */
        "a2810100811801f5",         /* {[1]: 0, [1(1801)]: true} */
        "a2c10100c1180100",         /* {1(1): 0, 1(1(1801)): 0} */
        "a2f500f501",               /* {true: 0, true: 1} */
        "a2f93c0000fa3f80000001",   /* {1.0: 0, 1.0(single): 1} */
        "bf01000100ff",             /* {_ 1: 0, 1: 0} */
        "81a1a201000100f5",         /* [{{1: 0, 1: 0}: true}] — in a key */
        "a10aa2616100616100",       /* {10: {"a": 0, "a": 0}} — nested */
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(docs); i++) {
        const char *hex = docs[i];
        size_t len = 0;
        uint8_t *b = tu_unhex(hex, &len);
        if (!b)
            fail_msg("bad test hex %s", hex);
        wallet_ctx *ctx = tu_ctx_at(0);
        wl_cbor_doc *doc = NULL;
        wallet_err e = wl_cbor_decode(ctx, &doc, b, len, 0, NULL);
        if (e != WALLET_ERR_CBOR_DUPLICATE)
            fail_msg("%s: got %s (%s)", hex, wallet_err_name(e), wallet_ctx_errmsg(ctx));
        assert_null(doc);
        wallet_ctx_free(ctx);
        free(b);
    }
    /* In deterministic mode an exact repeat is still a duplicate. */
    expect_hex("a201000100", WL_CBOR_DETERMINISTIC, WALLET_ERR_CBOR_DUPLICATE);
}

/* Maps over 32 pairs take the sorted duplicate check. */
static void test_duplicate_map_keys_large_map(void **state)
{
    (void)state;
    /* 40 pairs: keys 0..38 then a repeat of key 5 written as 0x1805. */
    uint8_t in[2 + 40 * 3 + 4];
    size_t o = 0;
    in[o++] = 0xB8; /* map, one-byte count */
    in[o++] = 40;
    for (uint8_t k = 0; k < 39; k++) {
        if (k < 24) {
            in[o++] = k;
        } else {
            in[o++] = 0x18;
            in[o++] = k;
        }
        in[o++] = 0xF6;
    }
    size_t base = o;
    in[o++] = 0x18;
    in[o++] = 0x05;
    in[o++] = 0xF6;
    expect_bytes(in, o, 0, WALLET_ERR_CBOR_DUPLICATE);
    /* The same map with a fresh last key is fine. */
    in[base + 1] = 39;
    expect_bytes(in, o, 0, WALLET_OK);
    expect_bytes(in, o, WL_CBOR_DETERMINISTIC, WALLET_OK);
}

static void test_trailing_bytes(void **state)
{
    (void)state;
    expect_hex("0102", 0, WALLET_ERR_TRAILING_DATA);
    expect_hex("8000", 0, WALLET_ERR_TRAILING_DATA);
    expect_hex("a0ff", 0, WALLET_ERR_TRAILING_DATA);
    expect_hex("d8184100ff", 0, WALLET_ERR_TRAILING_DATA);
    expect_hex("9fff00", 0, WALLET_ERR_TRAILING_DATA);
    expect_hex("f600", WL_CBOR_DETERMINISTIC, WALLET_ERR_TRAILING_DATA);
}

static void test_depth_over_limit(void **state)
{
    (void)state;
    static const uint8_t zero = 0;
    size_t len = 0;
    uint8_t *in = repeat(0x81, 33, &zero, 1, &len); /* 33 arrays */
    expect_bytes(in, len, 0, WALLET_ERR_TOO_DEEP);
    free(in);
    in = repeat(0xC6, 33, &zero, 1, &len); /* 33 one-byte tags */
    expect_bytes(in, len, 0, WALLET_ERR_TOO_DEEP);
    free(in);
    in = repeat(0x9F, 33, &zero, 1, &len); /* 33 indefinite arrays */
    expect_bytes(in, len, 0, WALLET_ERR_TOO_DEEP);
    free(in);
    in = repeat(0x81, 100000, &zero, 1, &len); /* far too deep */
    expect_bytes(in, len, 0, WALLET_ERR_TOO_DEEP);
    free(in);
    /* A lowered limit. */
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_DEPTH, 2);
    static const uint8_t three[] = {0xA1, 0x01, 0x81, 0xC1, 0x00};
    wl_cbor_doc *doc = NULL;
    tu_assert_err(ctx, wl_cbor_decode(ctx, &doc, three, sizeof(three), 0, NULL),
                  WALLET_ERR_TOO_DEEP);
    assert_null(doc);
    wallet_ctx_free(ctx);
}

static void test_item_count_over_limit(void **state)
{
    (void)state;
    /* 65536 items in one array: 65537 data items. */
    size_t n = 65536;
    uint8_t *in = malloc(5 + n);
    assert_non_null(in);
    memcpy(in, "\x9a\x00\x01\x00\x00", 5);
    memset(in + 5, 0x01, n);
    expect_bytes(in, 5 + n, 0, WALLET_ERR_TOO_LARGE);
    free(in);
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_ITEMS, 10);
    size_t blen;
    uint8_t *b = tu_unhex("8a01020304050607080910", &blen);
    wl_cbor_doc *doc = NULL;
    tu_assert_err(ctx, wl_cbor_decode(ctx, &doc, b, blen, 0, NULL), WALLET_ERR_TOO_LARGE);
    free(b);
    b = tu_unhex("9f010203040506070809c100ff", &blen); /* 11 items, indefinite */
    tu_assert_err(ctx, wl_cbor_decode(ctx, &doc, b, blen, 0, NULL), WALLET_ERR_TOO_LARGE);
    assert_null(doc);
    free(b);
    wallet_ctx_free(ctx);
}

static void test_input_over_byte_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 3);
    static const uint8_t in[] = {0x83, 0x01, 0x02, 0x03};
    wl_cbor_doc *doc = NULL;
    tu_assert_err(ctx, wl_cbor_decode(ctx, &doc, in, sizeof(in), 0, NULL), WALLET_ERR_TOO_LARGE);
    assert_null(doc);
    wallet_ctx_free(ctx);
}

static void test_invalid_utf8_text(void **state)
{
    (void)state;
    expect_hex("61ff", 0, WALLET_ERR_CBOR);
    expect_hex("62c0af", 0, WALLET_ERR_CBOR);       /* overlong '/' */
    expect_hex("63eda080", 0, WALLET_ERR_CBOR);     /* surrogate U+D800 */
    expect_hex("62e282", 0, WALLET_ERR_CBOR);       /* truncated sequence */
    expect_hex("64f4908080", 0, WALLET_ERR_CBOR);   /* above U+10FFFF */
    expect_hex("a161ff00", 0, WALLET_ERR_CBOR);     /* as a map key */
    expect_hex("7f61ffff", 0, WALLET_ERR_CBOR);     /* in a chunk */
    expect_hex("7f61c361a9ff", 0, WALLET_ERR_CBOR); /* "é" split across chunks */
}

static void test_break_outside_indefinite_item(void **state)
{
    (void)state;
    expect_hex("ff", 0, WALLET_ERR_CBOR);
    expect_hex("8201ff", 0, WALLET_ERR_CBOR);
    expect_hex("a101ff", 0, WALLET_ERR_CBOR);
    expect_hex("c1ff", 0, WALLET_ERR_CBOR);
    expect_hex("81ff", 0, WALLET_ERR_CBOR);
    expect_hex("9f81ffff", 0, WALLET_ERR_CBOR);
}

static void test_bad_chunk_in_indefinite_string(void **state)
{
    (void)state;
    expect_hex("5f6161ff", 0, WALLET_ERR_CBOR);   /* text chunk in bytes */
    expect_hex("7f4161ff", 0, WALLET_ERR_CBOR);   /* bytes chunk in text */
    expect_hex("5f5fffff", 0, WALLET_ERR_CBOR);   /* nested indefinite */
    expect_hex("7f7fffff", 0, WALLET_ERR_CBOR);
    expect_hex("5f01ff", 0, WALLET_ERR_CBOR);     /* integer chunk */
    expect_hex("7f80ff", 0, WALLET_ERR_CBOR);     /* array chunk */
    expect_hex("5fc14100ff", 0, WALLET_ERR_CBOR); /* tagged chunk */
    expect_hex("5fd14100ff", 0, WALLET_ERR_CBOR); /* one-byte tag chunk */
}

static void test_reserved_additional_info(void **state)
{
    (void)state;
    static const uint8_t bad[] = {
        0x1C, 0x1D, 0x1E, 0x3C, 0x3D, 0x3E, 0x5C, 0x5D, 0x5E, 0x7C, 0x7D, 0x7E,
        0x9C, 0x9D, 0x9E, 0xBC, 0xBD, 0xBE, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE,
        0x1F, 0x3F, 0xDF, /* indefinite length is not defined for majors 0, 1, 6 */
    };
    for (size_t i = 0; i < sizeof(bad); i++) {
        uint8_t in[3] = {bad[i], 0x00, 0x00};
        expect_bytes(in, 3, 0, WALLET_ERR_CBOR);
        uint8_t arr[4] = {0x82, 0x00, bad[i], 0x00}; /* not only at the root */
        expect_bytes(arr, 4, WL_CBOR_ALLOW_TRAILING, WALLET_ERR_CBOR);
    }
}

/* Simple values other than false/true/null/undefined, and two-byte
 * encodings of the one-byte ones, are refused. */
static void test_unassigned_or_malformed_simple_values(void **state)
{
    (void)state;
    expect_hex("f0", 0, WALLET_ERR_CBOR);
    expect_hex("f3", 0, WALLET_ERR_CBOR);
    expect_hex("f820", 0, WALLET_ERR_CBOR);
    expect_hex("f8ff", 0, WALLET_ERR_CBOR);
    expect_hex("f814", 0, WALLET_ERR_CBOR); /* false in two bytes: not well-formed */
    expect_hex("f818", 0, WALLET_ERR_CBOR);
}

static void test_deterministic_rejects_nonpreferred(void **state)
{
    (void)state;
    static const char *docs[] = {
        "1817",               /* 23 in one byte */
        "190017",             /* 23 in two bytes */
        "1a00000017",         /* 23 in four bytes */
        "1b0000000000000017", /* 23 in eight bytes */
        "3817",               /* -24 in one byte */
        "3900ff",             /* -256 in two bytes */
        "5800",               /* h'' with a one-byte length */
        "7800",               /* "" with a one-byte length */
        "9800",               /* [] with a one-byte count */
        "b800",               /* {} with a one-byte count */
        "d80160",             /* 1("") with a one-byte tag */
        "d9000100",           /* 1(0) with a two-byte tag */
        "fa3f800000",         /* 1.0 as single */
        "fb3ff0000000000000", /* 1.0 as double */
        "fb40f86a0000000000", /* 100000.0 as double */
        "fa7fc00000",         /* NaN as single */
        "fb7ff8000000000000", /* NaN as double */
        "82181701",           /* [23 (1817), 1]: nested */
        "a1011817",           /* {1: 23 (1817)} */
        "a1181701",           /* {23 (1817): 1}: in a key */
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(docs); i++) {
        expect_hex(docs[i], WL_CBOR_DETERMINISTIC, WALLET_ERR_CBOR_NOT_DETERMINISTIC);
        expect_hex(docs[i], 0, WALLET_OK);
    }
    expect_hex("39ffff", WL_CBOR_DETERMINISTIC, WALLET_OK); /* -65536: preferred */
    expect_hex("38ff", WL_CBOR_DETERMINISTIC, WALLET_OK);   /* -256: preferred */
}

static void test_deterministic_rejects_indefinite(void **state)
{
    (void)state;
    static const char *docs[] = {"5fff", "7fff", "9fff", "bfff", "5f4101ff", "819f01ff",
                                 "a1019fff"};
    for (size_t i = 0; i < WL_ARRAY_LEN(docs); i++) {
        expect_hex(docs[i], WL_CBOR_DETERMINISTIC, WALLET_ERR_CBOR_NOT_DETERMINISTIC);
        expect_hex(docs[i], 0, WALLET_OK);
    }
}

static void test_deterministic_rejects_unsorted_keys(void **state)
{
    (void)state;
    static const char *docs[] = {
        "a202000100",         /* {2, 1} */
        "a2616200616100",     /* {"b", "a"} */
        "a22000186400",       /* {-1, 100}: 0x20 > 0x18 bytewise */
        "a30a002000186400",   /* {10, -1, 100}: RFC 7049 length-first order */
        "a262616100616100",   /* {"aa", "a"}: the shorter key sorts first */
        "a26161000a00",       /* {"a", 10}: major 3 after major 0 */
        "81a202000100",       /* [{2, 1}]: nested */
        "a2a1020000a1010000", /* {{2: 0}, {1: 0}}: map keys */
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(docs); i++) {
        expect_hex(docs[i], WL_CBOR_DETERMINISTIC, WALLET_ERR_CBOR_NOT_DETERMINISTIC);
        expect_hex(docs[i], 0, WALLET_OK);
    }
}

/* An indefinite-length item that never sees its break is truncated. */
static void test_indefinite_item_missing_break(void **state)
{
    (void)state;
    expect_hex("5f4101", 0, WALLET_ERR_CBOR);
    expect_hex("7f", 0, WALLET_ERR_CBOR);
    expect_hex("9f01", 0, WALLET_ERR_CBOR);
    expect_hex("bf0102", 0, WALLET_ERR_CBOR);
    expect_hex("829f01ff9f", 0, WALLET_ERR_CBOR);
    expect_hex("9f01", WL_CBOR_ALLOW_TRAILING, WALLET_ERR_CBOR);
}

/* ---- encoding ------------------------------------------------------------------ */

static void expect_buf(wl_buf *b, const char *hex)
{
    assert_false(b->failed);
    if (strcmp(buf_hex(b), hex) != 0)
        fail_msg("encoded %s, want %s", buf_hex(b), hex);
    /* Whatever the encoder writes is deterministic CBOR. */
    wl_cbor_doc *doc = NULL;
    wallet_ctx *ctx = tu_ctx_at(0);
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, b->data, b->len, WL_CBOR_DETERMINISTIC, NULL));
    wl_cbor_doc_free(doc);
    wallet_ctx_free(ctx);
    wl_buf_free(b);
    wl_buf_init(b, 0);
}

static void test_encode_uint_boundaries(void **state)
{
    (void)state;
    static const struct {
        uint64_t v;
        const char *hex;
    } c[] = {
        {0, "00"},
        {23, "17"},
        {24, "1818"},
        {255, "18ff"},
        {256, "190100"},
        {65535, "19ffff"},
        {65536, "1a00010000"},
        {4294967295u, "1affffffff"},
        {4294967296ull, "1b0000000100000000"},
        {UINT64_MAX, "1bffffffffffffffff"},
    };
    wl_buf b;
    wl_buf_init(&b, 0);
    for (size_t i = 0; i < WL_ARRAY_LEN(c); i++) {
        assert_true(wl_cbor_put_uint(&b, c[i].v));
        expect_buf(&b, c[i].hex);
        if (c[i].v <= INT64_MAX) {
            assert_true(wl_cbor_put_int(&b, (int64_t)c[i].v));
            expect_buf(&b, c[i].hex);
        }
    }
    wl_buf_free(&b);
}

static void test_encode_negative_boundaries(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *hex;
    } c[] = {
        {-1, "20"},
        {-24, "37"},
        {-25, "3818"},
        {-256, "38ff"},
        {-257, "390100"},
        {-65536, "39ffff"},
        {-65537, "3a00010000"},
        {-4294967296ll, "3affffffff"},
        {-4294967297ll, "3b0000000100000000"},
        {INT64_MIN, "3b7fffffffffffffff"},
    };
    wl_buf b;
    wl_buf_init(&b, 0);
    for (size_t i = 0; i < WL_ARRAY_LEN(c); i++) {
        assert_true(wl_cbor_put_int(&b, c[i].v));
        expect_buf(&b, c[i].hex);
    }
    assert_true(wl_cbor_put_head(&b, 1, UINT64_MAX));
    expect_buf(&b, "3bffffffffffffffff");
    wl_buf_free(&b);
}

static void test_encode_lengths_tags_and_simple_shortest(void **state)
{
    (void)state;
    wl_buf b;
    wl_buf_init(&b, 0);
    uint8_t data[300];
    memset(data, 0xAB, sizeof(data));

    assert_true(wl_cbor_put_bytes(&b, data, 0));
    expect_buf(&b, "40");
    assert_true(wl_cbor_put_bytes(&b, data, 3));
    expect_buf(&b, "43ababab");
    assert_true(wl_cbor_put_text(&b, "", 0));
    expect_buf(&b, "60");
    assert_true(wl_cbor_put_cstr(&b, "IETF"));
    expect_buf(&b, "6449455446");
    /* 23 / 24 byte strings: one-byte head, then 0x58 0x18 */
    assert_true(wl_cbor_put_bytes(&b, data, 24));
    assert_int_equal(b.len, 26);
    assert_int_equal(b.data[0], 0x58);
    assert_int_equal(b.data[1], 24);
    wl_buf_free(&b);
    wl_buf_init(&b, 0);
    assert_true(wl_cbor_put_bytes(&b, data, 23));
    assert_int_equal(b.len, 24);
    assert_int_equal(b.data[0], 0x57);
    wl_buf_free(&b);
    wl_buf_init(&b, 0);
    assert_true(wl_cbor_put_bytes(&b, data, 256));
    assert_int_equal(b.len, 259);
    assert_memory_equal(b.data, "\x59\x01\x00", 3);
    wl_buf_free(&b);
    wl_buf_init(&b, 0);

    /* Heads alone for arrays, maps and tags at the boundaries. */
    static const struct {
        unsigned major;
        uint64_t arg;
        const char *hex;
    } h[] = {
        {4, 0, "80"},          {4, 23, "97"},        {4, 24, "9818"},
        {4, 255, "98ff"},      {4, 256, "990100"},   {4, 65536, "9a00010000"},
        {5, 0, "a0"},          {5, 24, "b818"},      {5, 65535, "b9ffff"},
        {5, 4294967296ull, "bb0000000100000000"},
        {6, 0, "c0"},          {6, 6, "c6"},         {6, 18, "d2"},
        {6, 23, "d7"},         {6, 24, "d818"},      {6, 1004, "d903ec"},
        {6, 65536, "da00010000"},
        {2, 4294967295u, "5affffffff"}, {3, 65535, "79ffff"},
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(h); i++) {
        assert_true(wl_cbor_put_head(&b, h[i].major, h[i].arg));
        if (strcmp(buf_hex(&b), h[i].hex) != 0)
            fail_msg("head %u/%llu: %s, want %s", h[i].major, (unsigned long long)h[i].arg,
                     buf_hex(&b), h[i].hex);
        wl_buf_free(&b);
        wl_buf_init(&b, 0);
    }
    assert_true(wl_cbor_put_array(&b, 2) && wl_cbor_put_tag(&b, 1004) &&
                wl_cbor_put_cstr(&b, "2020-01-01") && wl_cbor_put_map(&b, 0));
    expect_buf(&b, "82d903ec6a323032302d30312d3031a0");
    assert_true(wl_cbor_put_array(&b, 3) && wl_cbor_put_bool(&b, 1) && wl_cbor_put_bool(&b, 0) &&
                wl_cbor_put_null(&b));
    expect_buf(&b, "83f5f4f6");
    /* An unknown major type fails and latches the buffer. */
    assert_false(wl_cbor_put_head(&b, 7, 0));
    assert_true(b.failed);
    wl_buf_free(&b);
}

static void test_encode_float_shortest(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *hex;
    } c[] = {
        {1.0, "f93c00"},
        {1.1, "fb3ff199999999999a"},
        {100000.0, "fa47c35000"},
        {0.0, "f90000"},
        {-0.0, "f98000"},
        {1.5, "f93e00"},
        {-4.0, "f9c400"},
        {5.5, "f94580"},
        {65504.0, "f97bff"},
        {65536.0, "fa47800000"},
        {0.00006103515625, "f90400"},       /* smallest normal half, 2^-14 */
        {5.960464477539063e-8, "f90001"},   /* smallest subnormal half, 2^-24 */
        {1.7881393432617188e-7, "f90003"},  /* 3 * 2^-24 */
        {2.9802322387695312e-8, "fa33000000"}, /* 2^-25: below half range */
        {0.1, "fb3fb999999999999a"},
        {3.4028234663852886e+38, "fa7f7fffff"},
        {1.0e300, "fb7e37e43c8800759c"},
        {INFINITY, "f97c00"},
        {-INFINITY, "f9fc00"},
        {NAN, "f97e00"},
    };
    wl_buf b;
    wl_buf_init(&b, 0);
    for (size_t i = 0; i < WL_ARRAY_LEN(c); i++) {
        assert_true(wl_cbor_put_float(&b, c[i].v));
        if (strcmp(buf_hex(&b), c[i].hex) != 0)
            fail_msg("float %.17g: %s, want %s", c[i].v, buf_hex(&b), c[i].hex);
        /* and it decodes to the same value */
        wl_cbor_doc *doc = NULL;
        assert_int_equal(wl_cbor_decode(NULL, &doc, b.data, b.len, WL_CBOR_DETERMINISTIC, NULL),
                         WALLET_OK);
        double f = wl_cbor_root(doc)->f;
        assert_true(isnan(c[i].v) ? isnan(f) : f == c[i].v);
        assert_int_equal(signbit(f) != 0, signbit(c[i].v) != 0);
        wl_cbor_doc_free(doc);
        wl_buf_free(&b);
        wl_buf_init(&b, 0);
    }
    assert_true(wl_cbor_fits_half(1.0));
    assert_false(wl_cbor_fits_half(1.1));
    assert_false(wl_cbor_fits_half(65536.0));
    wl_buf_free(&b);
}

/* Entries come out in bytewise order of their encoded keys. */
static void test_mapw_sorts_keys_bytewise(void **state)
{
    (void)state;
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 10);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 1);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), -1);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 2);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "a");
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 3);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 100);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 4);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "aa");
    wl_buf *v = wl_cbor_mapw_value(&m); /* a value of several items */
    wl_cbor_put_array(v, 2);
    wl_cbor_put_int(v, 5);
    wl_cbor_put_int(v, 6);
    wl_buf out;
    wl_buf_init(&out, 0);
    assert_true(wl_cbor_mapw_finish(&m, &out));
    wl_cbor_mapw_free(&m);
    /* {10: 1, 100: 4, -1: 2, "a": 3, "aa": [5, 6]} */
    expect_buf(&out, "a50a011864042002616103626161820506");
    wl_buf_free(&out);

    wl_cbor_mapw_init(&m, 0);
    wl_buf_init(&out, 0);
    assert_true(wl_cbor_mapw_finish(&m, &out));
    expect_buf(&out, "a0");
    wl_cbor_mapw_free(&m);
    wl_buf_free(&out);
}

static void test_mapw_rejects_duplicate_keys(void **state)
{
    (void)state;
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 1);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 2);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 2);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 3);
    wl_buf out;
    wl_buf_init(&out, 0);
    assert_false(wl_cbor_mapw_finish(&m, &out));
    assert_int_equal(m.failed, 3);
    assert_true(out.failed);
    wl_cbor_mapw_free(&m);
    wl_buf_free(&out);

    wl_cbor_mapw_init(&m, 0);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "k");
    wl_cbor_put_null(wl_cbor_mapw_value(&m));
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "k");
    wl_cbor_put_bool(wl_cbor_mapw_value(&m), 1);
    wl_buf_init(&out, 0);
    assert_false(wl_cbor_mapw_finish(&m, &out));
    assert_int_equal(m.failed, 3);
    wl_cbor_mapw_free(&m);
    wl_buf_free(&out);
}

static void test_mapw_misuse_fails(void **state)
{
    (void)state;
    wl_cbor_mapw m;
    wl_buf out;
    /* A value without a key. */
    wl_cbor_mapw_init(&m, 0);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 1);
    wl_buf_init(&out, 0);
    assert_false(wl_cbor_mapw_finish(&m, &out));
    wl_cbor_mapw_free(&m);
    wl_buf_free(&out);
    /* A key without a value. */
    wl_cbor_mapw_init(&m, 0);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);
    wl_buf_init(&out, 0);
    assert_false(wl_cbor_mapw_finish(&m, &out));
    assert_true(out.failed);
    wl_cbor_mapw_free(&m);
    wl_buf_free(&out);
    /* A map over the writer's size cap. */
    wl_cbor_mapw_init(&m, 8);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "a long key");
    wl_cbor_put_int(wl_cbor_mapw_value(&m), 1);
    wl_buf_init(&out, 0);
    assert_false(wl_cbor_mapw_finish(&m, &out));
    wl_cbor_mapw_free(&m);
    wl_buf_free(&out);
}

/* Output past a buffer's cap fails, latches, and reads as TOO_LARGE. */
static void test_encoder_over_buffer_cap(void **state)
{
    (void)state;
    uint8_t data[40] = {0};
    wl_buf b;
    wl_buf_init(&b, 32);
    assert_true(wl_cbor_put_bytes(&b, data, 4));
    assert_false(wl_cbor_put_bytes(&b, data, 30));
    assert_true(b.failed);
    assert_false(wl_cbor_put_uint(&b, 1)); /* latched */
    assert_false(wl_cbor_put_float(&b, 1.0));
    wallet_ctx *ctx = tu_ctx_at(0);
    tu_assert_err(ctx, wl_buf_error(ctx, &b, "CBOR"), WALLET_ERR_TOO_LARGE);
    wallet_ctx_free(ctx);
    wl_buf_free(&b);
    /* Output that fits the cap exactly is written; one byte more is not. */
    wl_buf_init(&b, 5);
    assert_true(wl_cbor_put_uint(&b, 1));
    assert_true(wl_cbor_put_uint(&b, 0x1000));
    assert_true(wl_cbor_put_uint(&b, 2));
    assert_int_equal(b.len, 5);
    assert_false(wl_cbor_put_uint(&b, 3));
    assert_int_equal(b.failed, 2);
    wl_buf_free(&b);
    wl_buf_init(&b, 3);
    assert_true(wl_cbor_put_float(&b, 1.0));
    assert_false(wl_cbor_put_null(&b));
    wl_buf_free(&b);
    wl_buf_init(&b, 9);
    assert_true(wl_cbor_put_float(&b, 1.1));
    wl_buf_free(&b);
    /* Re-encoding a decoded item into a buffer too small for it. */
    dec_t d = dec_ok(NAV_DOC, 0);
    wl_buf_init(&b, 10);
    assert_false(wl_cbor_put_item(&b, d.root));
    assert_true(b.failed);
    wl_buf_free(&b);
    dec_free(&d);
}

/* JSON nested deeper than 64 levels is not converted. */
static void test_json_to_cbor_too_deep(void **state)
{
    (void)state;
    char text[2 * 70 + 1];
    memset(text, '[', 70);
    memset(text + 70, ']', 70);
    text[140] = '\0';
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 100);
    cJSON *j = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &j, text, 140));
    wl_buf b;
    wl_buf_init(&b, 0);
    assert_false(wl_json_to_cbor(&b, j));
    assert_true(b.failed);
    wl_buf_free(&b);
    cJSON_Delete(j);
    wallet_ctx_free(ctx);
}

/* {_ "aaa": 1, "a": 2 (as 1802), 10 (as 19000a): (_ "b"),
 *    "z": [_ 1 (as 1801), 1.0 (as double), (_ h'01', h'02'), {2: 0, 1: 0} (as b9 0002)],
 *    "t": 1(1363896240) (tag as d801, value as 1b...) } */
#define NONCANON                                                                             \
    "bf" "63616161" "01" "6161" "1802" "19000a" "7f6162ff"                                    \
    "617a" "9f" "1801" "fb3ff0000000000000" "5f41014102ff" "b90002" "0200" "0100" "ff"        \
    "6174" "d801" "1b00000000514b67b0" "ff"
#define CANON                                                                                \
    "a5" "0a" "6162" "6161" "02" "6174" "c11a514b67b0" "617a" "84" "01" "f93c00" "420102"     \
    "a201000200" "63616161" "01"

static void test_put_item_reencodes_canonically(void **state)
{
    (void)state;
    dec_t d = dec_ok(NONCANON, 0);
    check_spans(d.root, d.bytes, d.len);
    expect_hex(NONCANON, WL_CBOR_DETERMINISTIC, WALLET_ERR_CBOR_NOT_DETERMINISTIC);
    wl_buf b;
    wl_buf_init(&b, 0);
    assert_true(wl_cbor_put_item(&b, d.root));
    expect_buf(&b, CANON); /* also decodes with WL_CBOR_DETERMINISTIC */
    dec_free(&d);
    /* Canonical input comes back byte for byte. */
    d = dec_ok(CANON, WL_CBOR_DETERMINISTIC);
    assert_true(wl_cbor_put_item(&b, d.root));
    expect_buf(&b, CANON);
    dec_free(&d);
    wl_buf_free(&b);
}

/* 0x01 and 0x1801 compare equal; different types and values do not. */
static void test_cmp_by_value(void **state)
{
    (void)state;
    /* [1, 1 (1801), 1 (190001), h'', null, true, h'20', "a", (_ h'20')] */
    dec_t d = dec_ok("89" "01" "1801" "190001" "40" "f6" "f5" "4120" "6161" "5f4120ff", 0);
    const wl_cbor *a = wl_cbor_array_at(d.root, 0), *b = wl_cbor_array_at(d.root, 1),
                  *c = wl_cbor_array_at(d.root, 2), *by = wl_cbor_array_at(d.root, 3),
                  *nul = wl_cbor_array_at(d.root, 4), *tru = wl_cbor_array_at(d.root, 5),
                  *b1 = wl_cbor_array_at(d.root, 6), *t = wl_cbor_array_at(d.root, 7),
                  *b1i = wl_cbor_array_at(d.root, 8);
    assert_int_equal(wl_cbor_cmp(a, b), 0);
    assert_int_equal(wl_cbor_cmp(a, c), 0);
    assert_int_not_equal(wl_cbor_cmp(a, by), 0);
    assert_int_not_equal(wl_cbor_cmp(nul, tru), 0);
    assert_int_equal(wl_cbor_cmp(nul, nul), 0);
    assert_int_not_equal(wl_cbor_cmp(b1, t), 0);
    assert_int_not_equal(wl_cbor_cmp(b1, by), 0);
    assert_int_equal(b1->u, 1);
    assert_int_equal(wl_cbor_cmp(b1, b1i), 0); /* h'20' and (_ h'20') */
    assert_int_equal(wl_cbor_cmp(a, a), 0);
    assert_true(wl_cbor_cmp(a, by) == -wl_cbor_cmp(by, a));
    dec_free(&d);
}

static void test_to_json_sample(void **state)
{
    (void)state;
    /* {1: "x", "b": h'0102', "n": -5, "f": 1.5, "t": true, "nil": null,
     *  "d": 1004("2020-01-01"), "arr": [0("2013-03-21T20:04:00Z"), 1(1363896240)],
     *  h'01': 2, "s": "q\"\n"} */
    static const char doc[] =
        "aa" "016178" "6162420102" "616e24" "6166f93e00" "6174f5" "636e696cf6"
        "6164d903ec6a323032302d30312d3031"
        "63617272" "82" "c074323031332d30332d32315432303a30343a30305a" "c11a514b67b0"
        "410102" "6173637122" "0a";
    dec_t d = dec_ok(doc, 0);
    wl_buf b;
    wl_buf_init(&b, 0);
    assert_true(wl_cbor_to_json(&b, d.root));
    assert_true(wl_buf_append_byte(&b, 0));
    assert_string_equal((const char *)b.data,
                        "{\"1\":\"x\",\"b\":\"AQI\",\"n\":-5,\"f\":1.5,\"t\":true,\"nil\":null,"
                        "\"d\":\"2020-01-01\",\"arr\":[\"2013-03-21T20:04:00Z\",1363896240],"
                        "\"QQE\":2,\"s\":\"q\\\"\\n\"}");
    /* The output is strict JSON. */
    cJSON *j = NULL;
    assert_int_equal(wl_json_parse(NULL, &j, (const char *)b.data, b.len - 1), WALLET_OK);
    cJSON_Delete(j);
    wl_buf_free(&b);
    dec_free(&d);

    /* Integers beyond int64, non-finite floats, undefined. */
    d = dec_ok("863bffffffffffffffff3b7fffffffffffffff3b8000000000000000"
               "f97c00f7" "1bffffffffffffffff", 0);
    wl_buf_init(&b, 0);
    assert_true(wl_cbor_to_json(&b, d.root));
    assert_true(wl_buf_append_byte(&b, 0));
    assert_string_equal((const char *)b.data,
                        "[-18446744073709551616,-9223372036854775808,-9223372036854775809,"
                        "null,null,18446744073709551615]");
    wl_buf_free(&b);
    dec_free(&d);
}

static void test_json_to_cbor_sample(void **state)
{
    (void)state;
    static const char json[] = "{\"b\":1,\"a\":[true,null,1.5,\"x\",-3,1e20],\"c\":{}}";
    cJSON *j = NULL;
    assert_int_equal(wl_json_parse(NULL, &j, json, strlen(json)), WALLET_OK);
    wl_buf b;
    wl_buf_init(&b, 0);
    assert_true(wl_json_to_cbor(&b, j));
    /* {"a": [true, null, 1.5, "x", -3, 1e20], "b": 1, "c": {}} */
    expect_buf(&b, "a3" "6161" "86f5f6f93e00617822fb4415af1d78b58c40" "616201" "6163a0");
    wl_buf_free(&b);
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_unsigned_and_negative_integers),
        cmocka_unit_test(test_decode_strings),
        cmocka_unit_test(test_decode_simple_and_float),
        cmocka_unit_test(test_navigation),
        cmocka_unit_test(test_raw_spans_exact),
        cmocka_unit_test(test_nonpreferred_heads_keep_raw),
        cmocka_unit_test(test_indefinite_strings_joined),
        cmocka_unit_test(test_indefinite_arrays_and_maps),
        cmocka_unit_test(test_tags_common),
        cmocka_unit_test(test_tags_one_byte_6_to_20),
        cmocka_unit_test(test_allow_trailing_reports_consumed),
        cmocka_unit_test(test_deterministic_accepts_canonical),
        cmocka_unit_test(test_limits_exactly_at_limit_pass),
        cmocka_unit_test(test_truncated_at_every_prefix),
        cmocka_unit_test(test_declared_length_exceeds_input),
        cmocka_unit_test(test_map_with_odd_item_count),
        cmocka_unit_test(test_duplicate_map_keys),
        cmocka_unit_test(test_duplicate_map_keys_by_value),
        cmocka_unit_test(test_duplicate_map_keys_large_map),
        cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_depth_over_limit),
        cmocka_unit_test(test_item_count_over_limit),
        cmocka_unit_test(test_input_over_byte_limit),
        cmocka_unit_test(test_invalid_utf8_text),
        cmocka_unit_test(test_break_outside_indefinite_item),
        cmocka_unit_test(test_bad_chunk_in_indefinite_string),
        cmocka_unit_test(test_reserved_additional_info),
        cmocka_unit_test(test_unassigned_or_malformed_simple_values),
        cmocka_unit_test(test_deterministic_rejects_nonpreferred),
        cmocka_unit_test(test_deterministic_rejects_indefinite),
        cmocka_unit_test(test_deterministic_rejects_unsorted_keys),
        cmocka_unit_test(test_indefinite_item_missing_break),
        cmocka_unit_test(test_encoder_over_buffer_cap),
        cmocka_unit_test(test_json_to_cbor_too_deep),
        cmocka_unit_test(test_encode_uint_boundaries),
        cmocka_unit_test(test_encode_negative_boundaries),
        cmocka_unit_test(test_encode_lengths_tags_and_simple_shortest),
        cmocka_unit_test(test_encode_float_shortest),
        cmocka_unit_test(test_mapw_sorts_keys_bytewise),
        cmocka_unit_test(test_mapw_rejects_duplicate_keys),
        cmocka_unit_test(test_mapw_misuse_fails),
        cmocka_unit_test(test_put_item_reencodes_canonically),
        cmocka_unit_test(test_cmp_by_value),
        cmocka_unit_test(test_to_json_sample),
        cmocka_unit_test(test_json_to_cbor_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
