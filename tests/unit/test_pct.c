/*
 * Percent-encoding and form fields (codec.h: wallet_pct_encode,
 * wallet_pct_decode, wallet_form_get) — the one implementation the
 * OpenID4VP / OpenID4VCI modules and both services use.
 */
#include "testutil.h"

static char *enc(const char *s, size_t n)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    char *out = NULL;
    size_t len = 99;
    tu_assert_ok(ctx, wallet_pct_encode(ctx, &out, &len, s, n));
    assert_int_equal(len, strlen(out));
    wallet_ctx_free(ctx);
    return out;
}

static void expect_decode(const char *in, unsigned flags, const char *want)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    char *out = NULL;
    size_t len = 99;
    tu_assert_ok(ctx, wallet_pct_decode(ctx, &out, &len, in, strlen(in), flags));
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    wallet_free(out);
    wallet_ctx_free(ctx);
}

static void expect_decode_err(const char *in, size_t n, unsigned flags, wallet_err want)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    char *out = (char *)&out;
    size_t len = 99;
    tu_assert_err(ctx, wallet_pct_decode(ctx, &out, &len, in, n, flags), want);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
    wallet_ctx_free(ctx);
}

static void test_encode_keeps_only_unreserved(void **state)
{
    (void)state;
    char *s = enc("AZaz09-._~", 10);
    assert_string_equal(s, "AZaz09-._~");
    wallet_free(s);
    /* RFC 3986 §2.1: upper-case hex; space as %20, '+' and '*' encoded. */
    s = enc("a b+c*d/e?f=g&h%i#", 18);
    assert_string_equal(s, "a%20b%2Bc%2Ad%2Fe%3Ff%3Dg%26h%25i%23");
    wallet_free(s);
    s = enc("t\xc3\xa9\xff", 4);
    assert_string_equal(s, "t%C3%A9%FF");
    wallet_free(s);
    s = enc("", 0);
    assert_string_equal(s, "");
    wallet_free(s);
}

/* Every byte but NUL survives encode → decode, with and without
 * WALLET_PCT_PLUS_SPACE ('+' is always encoded). */
static void test_roundtrip_every_byte(void **state)
{
    (void)state;
    char all[255];
    for (int i = 0; i < 255; i++)
        all[i] = (char)(i + 1);
    char *e = enc(all, sizeof(all));
    assert_int_equal(strspn(e, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%"),
                     strlen(e));
    for (unsigned flags = 0; flags <= WALLET_PCT_PLUS_SPACE; flags++) {
        wallet_ctx *ctx = tu_ctx_at(0);
        char *d = NULL;
        size_t n = 0;
        tu_assert_ok(ctx, wallet_pct_decode(ctx, &d, &n, e, strlen(e), flags));
        assert_int_equal(n, sizeof(all));
        assert_memory_equal(d, all, sizeof(all));
        wallet_free(d);
        wallet_ctx_free(ctx);
    }
    wallet_free(e);
}

static void test_decode_plus_and_hex_case(void **state)
{
    (void)state;
    expect_decode("a+b%20c", WALLET_PCT_PLUS_SPACE, "a b c");
    expect_decode("a+b%20c", 0, "a+b c");
    expect_decode("%c3%A9%2b", 0, "\xc3\xa9+");
    expect_decode("", 0, "");
}

static void test_decode_malformed(void **state)
{
    (void)state;
    expect_decode_err("%", 1, 0, WALLET_ERR_PERCENT);
    expect_decode_err("ab%4", 4, 0, WALLET_ERR_PERCENT);
    expect_decode_err("%zz", 3, 0, WALLET_ERR_PERCENT);
    expect_decode_err("%4g", 3, 0, WALLET_ERR_PERCENT);
    expect_decode_err("a%00b", 5, WALLET_PCT_PLUS_SPACE, WALLET_ERR_PERCENT);
    expect_decode_err("a\0b", 3, 0, WALLET_ERR_PERCENT); /* a raw NUL within the length */
}

static void test_null_arguments_and_flags(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    char *out = NULL;
    tu_assert_err(ctx, wallet_pct_encode(ctx, NULL, NULL, "a", 1), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_pct_encode(ctx, &out, NULL, NULL, 1), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_pct_decode(ctx, &out, NULL, NULL, 1, 0), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_pct_decode(ctx, &out, NULL, "a", 1, 2), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_form_get(ctx, &out, "a=1", 3, NULL), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_form_get(ctx, NULL, "a=1", 3, "a"), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_form_get(ctx, &out, NULL, 3, "a"), WALLET_ERR_INVALID_ARG);
    assert_null(out);
    /* Input over the context's limit. */
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 4);
    tu_assert_err(ctx, wallet_pct_decode(ctx, &out, NULL, "abcde", 5, 0), WALLET_ERR_TOO_LARGE);
    tu_assert_err(ctx, wallet_form_get(ctx, &out, "a=123", 5, "a"), WALLET_ERR_TOO_LARGE);
    wallet_ctx_free(ctx);
}

static wallet_err form(const char *body, const char *name, char **out)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    *out = (char *)out;
    wallet_err e = wallet_form_get(ctx, out, body, strlen(body), name);
    if (e) {
        assert_null(*out);
        assert_int_equal(wallet_ctx_errcode(ctx), e);
    }
    wallet_ctx_free(ctx);
    return e;
}

static void expect_field(const char *body, const char *name, const char *want)
{
    char *v = NULL;
    assert_int_equal(form(body, name, &v), WALLET_OK);
    assert_string_equal(v, want);
    wallet_free(v);
}

static void test_form_fields(void **state)
{
    (void)state;
    static const char body[] =
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code"
        "&tx_code=12+34&&flag&a%20b=sp&eq=x=y&empty=";
    expect_field(body, "grant_type", "urn:ietf:params:oauth:grant-type:pre-authorized_code");
    expect_field(body, "tx_code", "12 34");
    expect_field(body, "flag", "");     /* no '=': empty value */
    expect_field(body, "a b", "sp");     /* names are decoded too */
    expect_field(body, "eq", "x=y");     /* the first '=' splits */
    expect_field(body, "empty", "");
    char *v = NULL;
    assert_int_equal(form(body, "absent", &v), WALLET_ERR_NOT_FOUND);
    assert_int_equal(form("", "a", &v), WALLET_ERR_NOT_FOUND);
    assert_int_equal(form("a=1&b=2&a=3", "a", &v), WALLET_ERR_FIELD_DUPLICATE);
    assert_int_equal(form("a=1&%61=3", "a", &v), WALLET_ERR_FIELD_DUPLICATE);
}

/* A malformed name anywhere refuses the body; a malformed value matters
 * only for the field asked for. */
static void test_form_malformed(void **state)
{
    (void)state;
    char *v = NULL;
    assert_int_equal(form("a=1&%zz=2", "a", &v), WALLET_ERR_PERCENT);
    assert_int_equal(form("a=%zz&b=2", "a", &v), WALLET_ERR_PERCENT);
    assert_int_equal(form("a=%00", "a", &v), WALLET_ERR_PERCENT);
    expect_field("a=%zz&b=2", "b", "2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_keeps_only_unreserved),
        cmocka_unit_test(test_roundtrip_every_byte),
        cmocka_unit_test(test_decode_plus_and_hex_case),
        cmocka_unit_test(test_decode_malformed),
        cmocka_unit_test(test_null_arguments_and_flags),
        cmocka_unit_test(test_form_fields),
        cmocka_unit_test(test_form_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
