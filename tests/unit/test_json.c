/*
 * Strict JSON (src/core/json.h): RFC 8259 over UTF-8, no duplicate member
 * names at any level, a nesting limit enforced before cJSON allocates, no
 * trailing bytes, no escaped NUL; integer access bounded by 2^53; string
 * escaping for output.
 */
#include <cjson/cJSON.h>

#include "core/json.h"
#include "testutil.h"

/* Parse `text` (strlen) with a fresh context; require `want`. */
static void expect_parse(const char *text, wallet_err want)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = (cJSON *)&root; /* any non-NULL value: must be cleared on failure */
    wallet_err e = wl_json_parse(ctx, &root, text, strlen(text));
    if (e != want)
        fail_msg("parsing %.60s: got %s, want %s (%s)", text, wallet_err_name(e),
                 wallet_err_name(want), wallet_ctx_errmsg(ctx));
    if (want == WALLET_OK) {
        assert_non_null(root);
        cJSON_Delete(root);
    } else {
        assert_null(root);
        assert_int_equal(wallet_ctx_errcode(ctx), want);
        assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
    }
    wallet_ctx_free(ctx);
}

static void expect_parse_n(const char *text, size_t len, wallet_err want)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_err(ctx, wl_json_parse(ctx, &root, text, len), want);
    if (root)
        cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

/* n opening brackets, a core, n closing ones (malloc'ed). */
static char *nested(size_t n, char open, char close, const char *core)
{
    size_t c = strlen(core);
    char *s = malloc(2 * n + c + 1);
    assert_non_null(s);
    memset(s, open, n);
    memcpy(s + n, core, c);
    memset(s + n + c, close, n);
    s[2 * n + c] = '\0';
    return s;
}

/* {"k0":0,"k1":1,...} with `n` members, then `extra` appended before '}'. */
static char *big_object(size_t n, const char *extra)
{
    size_t cap = n * 16 + strlen(extra) + 8;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t o = 0;
    s[o++] = '{';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s\"k%zu\":%zu", i ? "," : "", i, i);
    o += (size_t)snprintf(s + o, cap - o, "%s}", extra);
    return s;
}

/* ---- valid documents ------------------------------------------------------------ */

static void test_parse_valid_object_all_types(void **state)
{
    (void)state;
    static const char doc[] =
        "{\"s\":\"text\",\"n\":-12.5e1,\"i\":42,\"t\":true,\"f\":false,\"z\":null,"
        "\"a\":[1,[2,{}],\"x\"],\"o\":{\"inner\":{\"deep\":[]}},\"zero\":0,\"neg0\":-0,"
        "\"exp\":1E+2,\"frac\":0.25}";
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse_object(ctx, &root, doc, strlen(doc)));
    assert_string_equal(wl_json_get_string(root, "s"), "text");
    assert_true(cJSON_IsNumber(wl_json_get(root, "n")));
    assert_true(wl_json_get(root, "n")->valuedouble == -125.0);
    assert_true(cJSON_IsTrue(wl_json_get(root, "t")));
    assert_true(cJSON_IsFalse(wl_json_get(root, "f")));
    assert_true(cJSON_IsNull(wl_json_get(root, "z")));
    assert_int_equal(cJSON_GetArraySize(wl_json_get(root, "a")), 3);
    assert_non_null(wl_json_get(wl_json_get(wl_json_get(root, "o"), "inner"), "deep"));
    assert_true(wl_json_get(root, "exp")->valuedouble == 100.0);
    assert_null(wl_json_get(root, "S")); /* names are case-sensitive */
    assert_null(wl_json_get_string(root, "i"));
    assert_string_equal(wallet_ctx_errmsg(ctx), "");
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

static void test_parse_valid_scalars_and_arrays(void **state)
{
    (void)state;
    expect_parse("42", WALLET_OK);
    expect_parse("\"s\"", WALLET_OK);
    expect_parse("null", WALLET_OK);
    expect_parse("true", WALLET_OK);
    expect_parse("[]", WALLET_OK);
    expect_parse("{}", WALLET_OK);
    expect_parse("[1,2,3]", WALLET_OK);
    expect_parse("-0.0e-0", WALLET_OK);
}

static void test_parse_unicode_escapes_and_utf8(void **state)
{
    (void)state;
    static const char doc[] = "[\"\\u00e9\",\"\xc3\xa9\",\"\\ud83d\\ude00\",\"\xf0\x9f\x98\x80\","
                              "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]";
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, doc, strlen(doc)));
    assert_string_equal(cJSON_GetArrayItem(root, 0)->valuestring, "\xc3\xa9");
    assert_string_equal(cJSON_GetArrayItem(root, 1)->valuestring, "\xc3\xa9");
    assert_string_equal(cJSON_GetArrayItem(root, 2)->valuestring, "\xf0\x9f\x98\x80");
    assert_string_equal(cJSON_GetArrayItem(root, 3)->valuestring, "\xf0\x9f\x98\x80");
    assert_string_equal(cJSON_GetArrayItem(root, 4)->valuestring, "\"\\/\b\f\n\r\t");
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

/* The input need not be NUL-terminated: only `len` bytes are read. */
static void test_parse_length_bounded_input(void **state)
{
    (void)state;
    static const char text[] = "{\"a\":1}XXXX";
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, text, 7));
    int64_t v = 0;
    assert_int_equal(wl_json_get_int(root, "a", &v), WALLET_OK);
    assert_int_equal(v, 1);
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

static void test_parse_trailing_whitespace_ok(void **state)
{
    (void)state;
    expect_parse("{\"a\":1} \t\r\n", WALLET_OK);
    expect_parse("  [1]\n\n", WALLET_OK);
    expect_parse("7 ", WALLET_OK);
}

/* "\\u0000" is a backslash followed by the text u0000: not an escaped NUL. */
static void test_parse_escaped_backslash_before_u0000_ok(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    static const char doc[] = "[\"\\\\u0000\"]";
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, doc, strlen(doc)));
    assert_string_equal(cJSON_GetArrayItem(root, 0)->valuestring, "\\u0000");
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

/* Objects with many distinct members take the sorted duplicate check. */
static void test_parse_large_object_distinct_members(void **state)
{
    (void)state;
    for (size_t n = 15; n <= 200; n += 37) {
        char *s = big_object(n, "");
        expect_parse(s, WALLET_OK);
        free(s);
    }
    /* Same names in different objects are not duplicates. */
    expect_parse("{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}", WALLET_OK);
}

/* Exactly the depth limit passes, for arrays, objects and a mix. */
static void test_depth_exactly_limit_ok(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    int64_t lim = wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, -1);
    assert_int_equal(lim, 32);
    char *s = nested((size_t)lim, '[', ']', "1");
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, s, strlen(s)));
    cJSON_Delete(root);
    free(s);
    /* 31 objects {"a": ... } around an array: 32 levels. */
    char buf[512];
    size_t o = 0;
    for (int i = 0; i < 31; i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "{\"a\":");
    o += (size_t)snprintf(buf + o, sizeof(buf) - o, "[]");
    for (int i = 0; i < 31; i++)
        buf[o++] = '}';
    buf[o] = '\0';
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, buf, o));
    cJSON_Delete(root);
    /* A lowered limit: 3 passes at 3. */
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 3);
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, "[{\"a\":[]}]", 10));
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

/* Brackets inside strings (also after an escaped quote) do not count. */
static void test_brackets_in_strings_do_not_count(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 2);
    static const char doc[] = "{\"[[[{{{\":\"]]]}}}[[[[[[\",\"x\":[\"\\\"[[[[[[[[\"]}";
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, doc, strlen(doc)));
    assert_string_equal(wl_json_get_string(root, "[[[{{{"), "]]]}}}[[[[[[");
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

static void test_get_int_bounds(void **state)
{
    (void)state;
    static const char doc[] = "{\"max\":9007199254740992,\"min\":-9007199254740992,\"z\":0,"
                              "\"e\":1e3,\"f\":2.0,\"neg\":-17}";
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, doc, strlen(doc)));
    int64_t v = 0;
    assert_int_equal(wl_json_get_int(root, "max", &v), WALLET_OK);
    assert_true(v == 9007199254740992LL);
    assert_int_equal(wl_json_get_int(root, "min", &v), WALLET_OK);
    assert_true(v == -9007199254740992LL);
    assert_int_equal(wl_json_get_int(root, "z", &v), WALLET_OK);
    assert_int_equal(v, 0);
    assert_int_equal(wl_json_get_int(root, "e", &v), WALLET_OK);
    assert_int_equal(v, 1000);
    assert_int_equal(wl_json_get_int(root, "f", &v), WALLET_OK);
    assert_int_equal(v, 2);
    assert_int_equal(wl_json_get_int(root, "neg", &v), WALLET_OK);
    assert_int_equal(v, -17);
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

/* Control characters come out as \uXXXX (or the short escapes); other
 * bytes, including DEL and UTF-8, unchanged; the result parses back. */
static void test_append_string_escapes_control_characters(void **state)
{
    (void)state;
    static const char in[] = "a\x01\x1f\"\\/\b\f\n\r\t\x7f\xc3\xa9\x0b";
    wl_buf b;
    wl_buf_init(&b, 0);
    assert_true(wl_json_append_string(&b, in, sizeof(in) - 1));
    static const char want[] =
        "\"a\\u0001\\u001f\\\"\\\\/\\b\\f\\n\\r\\t\x7f\xc3\xa9\\u000b\"";
    assert_int_equal(b.len, sizeof(want) - 1);
    assert_memory_equal(b.data, want, sizeof(want) - 1);
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, (const char *)b.data, b.len));
    assert_string_equal(root->valuestring, in);
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
    wl_buf_free(&b);

    /* Every control character 0x00-0x1f is escaped; an embedded NUL too. */
    for (int c = 0; c < 0x20; c++) {
        char ch = (char)c;
        wl_buf_init(&b, 0);
        assert_true(wl_json_append_string(&b, &ch, 1));
        assert_true(b.len >= 4);
        assert_int_equal(b.data[1], '\\');
        for (size_t i = 0; i < b.len; i++)
            assert_true(b.data[i] >= 0x20);
        wl_buf_free(&b);
    }
    wl_buf_init(&b, 0);
    assert_true(wl_json_append_string(&b, "", 0));
    assert_int_equal(b.len, 2);
    assert_memory_equal(b.data, "\"\"", 2);
    wl_buf_free(&b);
}

/* ---- duplicates ------------------------------------------------------------------ */

static void test_duplicate_member_top_level(void **state)
{
    (void)state;
    expect_parse("{\"a\":1,\"a\":1}", WALLET_ERR_JSON_DUPLICATE);
    expect_parse("{\"alg\":\"ES256\",\"b\":2,\"alg\":\"none\"}", WALLET_ERR_JSON_DUPLICATE);
    expect_parse("{\"\":1,\"\":2}", WALLET_ERR_JSON_DUPLICATE);
}

static void test_duplicate_member_nested(void **state)
{
    (void)state;
    expect_parse("{\"a\":{\"b\":1,\"b\":2}}", WALLET_ERR_JSON_DUPLICATE);
    expect_parse("[1,{\"x\":[{\"y\":0,\"z\":1,\"y\":2}]}]", WALLET_ERR_JSON_DUPLICATE);
    expect_parse("{\"a\":[],\"b\":{\"c\":{\"d\":{\"e\":1,\"e\":1}}}}", WALLET_ERR_JSON_DUPLICATE);
}

static void test_duplicate_member_in_large_object(void **state)
{
    (void)state;
    char *s = big_object(40, ",\"k17\":0");
    expect_parse(s, WALLET_ERR_JSON_DUPLICATE);
    free(s);
    s = big_object(17, ",\"k0\":\"again\"");
    expect_parse(s, WALLET_ERR_JSON_DUPLICATE);
    free(s);
    /* Large object nested in an array. */
    char *inner = big_object(100, ",\"k99\":1");
    size_t n = strlen(inner) + 8;
    char *outer = malloc(n);
    assert_non_null(outer);
    snprintf(outer, n, "[0,%s]", inner);
    expect_parse(outer, WALLET_ERR_JSON_DUPLICATE);
    free(outer);
    free(inner);
}

/* The same name spelled with an escape is still the same name. */
static void test_duplicate_member_via_unicode_escape(void **state)
{
    (void)state;
    expect_parse("{\"a\":1,\"\\u0061\":2}", WALLET_ERR_JSON_DUPLICATE);
    expect_parse("{\"\\u00e9\":1,\"\xc3\xa9\":2}", WALLET_ERR_JSON_DUPLICATE);
    expect_parse("{\"a/b\":1,\"a\\/b\":2}", WALLET_ERR_JSON_DUPLICATE);
    char *s = big_object(30, ",\"\\u006b\\u0035\":5");
    expect_parse(s, WALLET_ERR_JSON_DUPLICATE);
    free(s);
}

/* ---- depth ------------------------------------------------------------------------ */

static void test_depth_limit_plus_one_too_deep(void **state)
{
    (void)state;
    char *s = nested(33, '[', ']', "1");
    expect_parse(s, WALLET_ERR_TOO_DEEP);
    free(s);
    s = nested(33, '[', ']', "");
    expect_parse(s, WALLET_ERR_TOO_DEEP);
    free(s);
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 3);
    cJSON *root = NULL;
    tu_assert_err(ctx, wl_json_parse(ctx, &root, "[{\"a\":[[]]}]", 12), WALLET_ERR_TOO_DEEP);
    assert_null(root);
    wallet_ctx_free(ctx);
}

/* 100000 unclosed brackets: refused by the pre-scan at the first bracket
 * over the limit, before cJSON (whose own recursion would go much deeper). */
static void test_depth_100000_brackets_refused_at_limit(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(n);
    assert_non_null(s);
    memset(s, '[', n);
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_err(ctx, wl_json_parse(ctx, &root, s, n), WALLET_ERR_TOO_DEEP);
    assert_null(root);
    /* The detail names the offset of bracket 33: the scan stopped there. */
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "offset 32"));
    memset(s, '{', n);
    tu_assert_err(ctx, wl_json_parse(ctx, &root, s, n), WALLET_ERR_TOO_DEEP);
    wallet_ctx_free(ctx);
    free(s);
}

/* ---- trailing data ---------------------------------------------------------------- */

static void test_trailing_garbage(void **state)
{
    (void)state;
    expect_parse("{}x", WALLET_ERR_TRAILING_DATA);
    expect_parse("{\"a\":1}garbage", WALLET_ERR_TRAILING_DATA);
    expect_parse("{}{}", WALLET_ERR_TRAILING_DATA);
    expect_parse("1 2", WALLET_ERR_TRAILING_DATA);
    expect_parse("[]]", WALLET_ERR_TRAILING_DATA);
    expect_parse("null ,", WALLET_ERR_TRAILING_DATA);
    expect_parse_n("{}\0", 3, WALLET_ERR_TRAILING_DATA);
    expect_parse_n("{} \0 ", 5, WALLET_ERR_TRAILING_DATA);
}

/* ---- invalid UTF-8 and strings ------------------------------------------------ */

static void test_invalid_utf8_overlong(void **state)
{
    (void)state;
    expect_parse("\"\xc0\xaf\"", WALLET_ERR_JSON);         /* '/' in two bytes */
    expect_parse("\"\xc1\xbf\"", WALLET_ERR_JSON);
    expect_parse("\"\xe0\x80\xaf\"", WALLET_ERR_JSON);     /* '/' in three bytes */
    expect_parse("\"\xf0\x80\x80\xaf\"", WALLET_ERR_JSON); /* '/' in four bytes */
    expect_parse("{\"\xc0\xa2\":1}", WALLET_ERR_JSON);
}

static void test_invalid_utf8_surrogate(void **state)
{
    (void)state;
    expect_parse("\"\xed\xa0\x80\"", WALLET_ERR_JSON); /* U+D800 */
    expect_parse("\"\xed\xbf\xbf\"", WALLET_ERR_JSON); /* U+DFFF */
    expect_parse("\"\\ud800\"", WALLET_ERR_JSON);      /* escaped lone high surrogate */
    expect_parse("\"\\udc00\"", WALLET_ERR_JSON);      /* escaped lone low surrogate */
    expect_parse("\"\\ud800\\u0041\"", WALLET_ERR_JSON);
}

static void test_invalid_utf8_truncated_or_out_of_range(void **state)
{
    (void)state;
    expect_parse("\"\xe2\x82\"", WALLET_ERR_JSON);       /* 3-byte sequence cut short */
    expect_parse("\"\xf0\x9f\x98\"", WALLET_ERR_JSON);
    expect_parse("\"\xc3", WALLET_ERR_JSON);             /* at the very end */
    expect_parse("\"\x80\"", WALLET_ERR_JSON);           /* lone continuation byte */
    expect_parse("\"\xf4\x90\x80\x80\"", WALLET_ERR_JSON); /* above U+10FFFF */
    expect_parse("\"\xf5\x80\x80\x80\"", WALLET_ERR_JSON);
    expect_parse("\"\xff\"", WALLET_ERR_JSON);
    expect_parse("[1,\xfe]", WALLET_ERR_JSON);
}

static void test_escaped_nul_in_string(void **state)
{
    (void)state;
    expect_parse("\"a\\u0000b\"", WALLET_ERR_JSON);
    expect_parse("{\"k\\u0000\":1}", WALLET_ERR_JSON);
    expect_parse("{\"k\":\"\\u0000\"}", WALLET_ERR_JSON);
    expect_parse_n("\"a\0b\"", 5, WALLET_ERR_JSON); /* raw NUL is a control character */
}

static void test_raw_control_character_in_string(void **state)
{
    (void)state;
    expect_parse("\"a\tb\"", WALLET_ERR_JSON);
    expect_parse("\"line\nbreak\"", WALLET_ERR_JSON);
    expect_parse("{\"k\x01\":1}", WALLET_ERR_JSON);
    expect_parse("[\"\x1f\"]", WALLET_ERR_JSON);
}

/* ---- syntax ----------------------------------------------------------------------- */

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_parse("", WALLET_ERR_JSON);
    expect_parse("   ", WALLET_ERR_JSON);
    expect_parse("{\"a\":}", WALLET_ERR_JSON);
    expect_parse("[1,]", WALLET_ERR_JSON);
    expect_parse("{\"a\":1,}", WALLET_ERR_JSON);
    expect_parse("{'a':1}", WALLET_ERR_JSON);
    expect_parse("{a:1}", WALLET_ERR_JSON);
    expect_parse("[1 2]", WALLET_ERR_JSON);
    expect_parse("\"unterminated", WALLET_ERR_JSON);
    expect_parse("\"\\x\"", WALLET_ERR_JSON);
    expect_parse("[\"\\u12\"]", WALLET_ERR_JSON);
    expect_parse("tru", WALLET_ERR_JSON);
    expect_parse("/* c */ 1", WALLET_ERR_JSON);
    expect_parse("[", WALLET_ERR_JSON);
}

static void test_numbers_off_the_grammar(void **state)
{
    (void)state;
    expect_parse("01", WALLET_ERR_JSON);
    expect_parse("[-01]", WALLET_ERR_JSON);
    expect_parse("1.", WALLET_ERR_JSON);
    expect_parse("{\"a\":1.e5}", WALLET_ERR_JSON);
    expect_parse(".5", WALLET_ERR_JSON);
    expect_parse("+1", WALLET_ERR_JSON);
    expect_parse("-", WALLET_ERR_JSON);
    expect_parse("1e", WALLET_ERR_JSON);
    expect_parse("[1e+]", WALLET_ERR_JSON);
    expect_parse("NaN", WALLET_ERR_JSON);
    expect_parse("Infinity", WALLET_ERR_JSON);
    expect_parse("[-Infinity]", WALLET_ERR_JSON);
}

static void test_parse_object_wrong_top_level_type(void **state)
{
    (void)state;
    static const char *docs[] = {"[]", "\"obj\"", "1", "null", "true"};
    for (size_t i = 0; i < WL_ARRAY_LEN(docs); i++) {
        wallet_ctx *ctx = tu_ctx_at(0);
        cJSON *root = (cJSON *)&root;
        tu_assert_err(ctx, wl_json_parse_object(ctx, &root, docs[i], strlen(docs[i])),
                      WALLET_ERR_JSON_TYPE);
        assert_null(root);
        wallet_ctx_free(ctx);
    }
}

static void test_parse_over_input_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 8);
    cJSON *root = NULL;
    tu_assert_err(ctx, wl_json_parse(ctx, &root, "{\"a\":123}", 9), WALLET_ERR_TOO_LARGE);
    assert_null(root);
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, "{\"a\":12}", 8));
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

static void test_get_int_beyond_2_53(void **state)
{
    (void)state;
    static const char doc[] = "{\"big\":9007199254740994,\"nbig\":-9007199254740994,"
                              "\"huge\":1e300,\"frac\":1.5,\"str\":\"5\",\"t\":true,"
                              "\"arr\":[1],\"nul\":null,\"inf\":1e400}";
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, doc, strlen(doc)));
    static const char *bad[] = {"big", "nbig", "huge", "frac", "str", "t", "arr", "nul", "inf"};
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        int64_t v = 77;
        if (wl_json_get_int(root, bad[i], &v) != WALLET_ERR_JSON_TYPE)
            fail_msg("member %s accepted as an integer", bad[i]);
    }
    int64_t v = 0;
    assert_int_equal(wl_json_get_int(root, "absent", &v), WALLET_ERR_NOT_FOUND);
    assert_int_equal(wl_json_get_int(wl_json_get(root, "arr"), "big", &v), WALLET_ERR_NOT_FOUND);
    assert_false(wl_json_is_int(wl_json_get(root, "huge"), NULL));
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

/* wl_json_print_owned: the same JSON text as cJSON for every value, integral
 * numbers as plain digits, the tree unchanged afterwards, and texts past
 * its 4 KiB stack buffer through the general path. */
static void test_print_owned_matches_cjson(void **state)
{
    (void)state;
    static const char doc[] =
        "{\"iat\":1767225540,\"neg\":-42,\"zero\":0,\"max\":9007199254740992,"
        "\"min\":-9007199254740992,\"past\":9007199254740994,\"frac\":1.5,\"exp\":1e300,"
        "\"s\":\"t\\u00e9\\n\",\"a\":[1,[2,{\"n\":3}],true,null,\"x\"],\"o\":{\"k\":-7,\"e\":{}}}";
    static const char want[] =
        "{\"iat\":1767225540,\"neg\":-42,\"zero\":0,\"max\":9007199254740992,"
        "\"min\":-9007199254740992,\"past\":9007199254740994,\"frac\":1.5,\"exp\":1e+300,"
        "\"s\":\"t\xc3\xa9\\n\",\"a\":[1,[2,{\"n\":3}],true,null,\"x\"],\"o\":{\"k\":-7,\"e\":{}}}";
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, doc, strlen(doc)));
    char *before = wl_json_print(root);
    char *got = wl_json_print_owned(root);
    assert_non_null(before);
    assert_non_null(got);
    assert_string_equal(got, want);
    /* The tree is as it was: numbers are numbers again, cJSON prints the
     * same text, and values read the same. */
    char *after = wl_json_print(root);
    assert_string_equal(after, before);
    const cJSON *iat = wl_json_get(root, "iat");
    assert_true(cJSON_IsNumber(iat));
    assert_null(iat->valuestring);
    int64_t v = 0;
    assert_int_equal(wl_json_get_int(root, "neg", &v), WALLET_OK);
    assert_int_equal(v, -42);
    /* Both texts parse to equal trees. */
    cJSON *a = NULL, *b = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &a, got, strlen(got)));
    tu_assert_ok(ctx, wl_json_parse(ctx, &b, before, strlen(before)));
    assert_true(cJSON_Compare(a, b, 1));
    cJSON_Delete(a);
    cJSON_Delete(b);
    wallet_free(before);
    wallet_free(got);
    wallet_free(after);
    cJSON_Delete(root);
    wallet_ctx_free(ctx);
}

static void test_print_owned_large_and_many_numbers(void **state)
{
    (void)state;
    /* 600 integers (more than the 32 rewritten as digits) and a 6,000-byte
     * string: longer than the stack buffer. */
    wl_buf b;
    wl_buf_init(&b, 1 << 20);
    wl_buf_append_str(&b, "{\"n\":[");
    for (int i = 0; i < 600; i++)
        wl_buf_printf(&b, "%s%d", i ? "," : "", i * 1000 - 300000);
    wl_buf_append_str(&b, "],\"s\":\"");
    for (int i = 0; i < 6000; i++)
        wl_buf_append_byte(&b, (uint8_t)('a' + i % 26));
    wl_buf_append_str(&b, "\"}");
    assert_false(b.failed);
    wallet_ctx *ctx = tu_ctx_at(0);
    cJSON *root = NULL;
    tu_assert_ok(ctx, wl_json_parse(ctx, &root, (const char *)b.data, b.len));
    char *got = wl_json_print_owned(root);
    assert_non_null(got);
    assert_int_equal(strlen(got), b.len);
    assert_memory_equal(got, b.data, b.len);
    char *again = wl_json_print(root);
    assert_string_equal(again, got);
    wallet_free(got);
    wallet_free(again);
    cJSON_Delete(root);
    wl_buf_free(&b);
    wallet_ctx_free(ctx);
}

/* The eight-byte ASCII runs of wl_utf8_valid: a bad byte at every offset of
 * a run, and multi-byte sequences straddling run boundaries. */
static void test_utf8_ascii_runs(void **state)
{
    (void)state;
    uint8_t s[40];
    for (size_t at = 0; at < sizeof(s); at++) {
        memset(s, 'a', sizeof(s));
        s[at] = 0xFF;
        assert_false(wl_utf8_valid(s, sizeof(s)));
        assert_true(wl_utf8_valid(s, at));
    }
    for (size_t at = 0; at + 3 <= sizeof(s); at++) {
        memset(s, 'a', sizeof(s));
        memcpy(s + at, "\xe2\x82\xac", 3); /* U+20AC */
        assert_true(wl_utf8_valid(s, sizeof(s)));
        assert_false(wl_utf8_valid(s, at + 2)); /* cut inside the sequence */
        s[at + 2] = 'a';                        /* bad continuation byte */
        assert_false(wl_utf8_valid(s, sizeof(s)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid_object_all_types),
        cmocka_unit_test(test_parse_valid_scalars_and_arrays),
        cmocka_unit_test(test_parse_unicode_escapes_and_utf8),
        cmocka_unit_test(test_parse_length_bounded_input),
        cmocka_unit_test(test_parse_trailing_whitespace_ok),
        cmocka_unit_test(test_parse_escaped_backslash_before_u0000_ok),
        cmocka_unit_test(test_parse_large_object_distinct_members),
        cmocka_unit_test(test_depth_exactly_limit_ok),
        cmocka_unit_test(test_brackets_in_strings_do_not_count),
        cmocka_unit_test(test_get_int_bounds),
        cmocka_unit_test(test_append_string_escapes_control_characters),
        cmocka_unit_test(test_duplicate_member_top_level),
        cmocka_unit_test(test_duplicate_member_nested),
        cmocka_unit_test(test_duplicate_member_in_large_object),
        cmocka_unit_test(test_duplicate_member_via_unicode_escape),
        cmocka_unit_test(test_depth_limit_plus_one_too_deep),
        cmocka_unit_test(test_depth_100000_brackets_refused_at_limit),
        cmocka_unit_test(test_trailing_garbage),
        cmocka_unit_test(test_invalid_utf8_overlong),
        cmocka_unit_test(test_invalid_utf8_surrogate),
        cmocka_unit_test(test_invalid_utf8_truncated_or_out_of_range),
        cmocka_unit_test(test_escaped_nul_in_string),
        cmocka_unit_test(test_raw_control_character_in_string),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_numbers_off_the_grammar),
        cmocka_unit_test(test_parse_object_wrong_top_level_type),
        cmocka_unit_test(test_parse_over_input_limit),
        cmocka_unit_test(test_get_int_beyond_2_53),
        cmocka_unit_test(test_print_owned_matches_cjson),
        cmocka_unit_test(test_print_owned_large_and_many_numbers),
        cmocka_unit_test(test_utf8_ascii_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
