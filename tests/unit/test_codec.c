/*
 * Text codecs (include/wallet/codec.h): base64url (RFC 4648 §5), Base45
 * (RFC 9285), hex, and the internal strict standard base64 (RFC 4648 §4).
 * Decoders must accept exactly what the encoders emit and fail with the
 * exact code, leaving every output NULL / 0.
 */
#include "core/internal.h"
#include "testutil.h"

/* Deterministic pseudo-random bytes (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static void fill_random(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rng_state ^= rng_state >> 12;
        rng_state ^= rng_state << 25;
        rng_state ^= rng_state >> 27;
        p[i] = (uint8_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 56);
    }
}

typedef wallet_err (*enc_fn)(wallet_ctx *, char **, size_t *, const uint8_t *, size_t);
typedef wallet_err (*dec_fn)(wallet_ctx *, uint8_t **, size_t *, const char *, size_t);

/* Decode `in` (strlen) and require failure with `want`, outputs cleared. */
static void expect_dec_fail(dec_fn dec, const char *in, size_t in_len, wallet_err want)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t sentinel = 0;
    uint8_t *out = &sentinel;
    size_t out_len = 12345;
    wallet_err e = dec(ctx, &out, &out_len, in, in_len);
    if (e != want)
        fail_msg("decoding \"%.*s\": got %s, want %s (%s)", (int)in_len, in, wallet_err_name(e),
                 wallet_err_name(want), wallet_ctx_errmsg(ctx));
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(wallet_ctx_errcode(ctx), want);
    assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
    wallet_ctx_free(ctx);
}

static void expect_b64_fail(const char *in, wallet_err want)
{
    expect_dec_fail(wallet_b64url_decode, in, strlen(in), want);
}

static void expect_b45_fail(const char *in, wallet_err want)
{
    expect_dec_fail(wallet_base45_decode, in, strlen(in), want);
}

static void expect_hex_fail(const char *in, wallet_err want)
{
    expect_dec_fail(wallet_hex_decode, in, strlen(in), want);
}

/* Internal standard base64: same contract. */
static void expect_std_b64_fail(const char *in, wallet_err want)
{
    expect_dec_fail(wl_base64_decode, in, strlen(in), want);
}

/* Encode then require the exact text; decode it back to the input. */
static void check_pair(enc_fn enc, dec_fn dec, const void *bin, size_t bin_len, const char *text)
{
    wallet_ctx *ctx = tu_ctx_at(0);
    char *s = NULL;
    size_t s_len = 99;
    tu_assert_ok(ctx, enc(ctx, &s, &s_len, bin, bin_len));
    assert_string_equal(s, text);
    assert_int_equal(s_len, strlen(text));
    uint8_t *b = NULL;
    size_t b_len = 99;
    tu_assert_ok(ctx, dec(ctx, &b, &b_len, text, strlen(text)));
    assert_int_equal(b_len, bin_len);
    if (bin_len)
        assert_memory_equal(b, bin, bin_len);
    assert_int_equal(b[b_len], 0); /* binary outputs carry a NUL after the data */
    assert_string_equal(wallet_ctx_errmsg(ctx), "");
    wallet_free(s);
    wallet_free(b);
    wallet_ctx_free(ctx);
}

/* Round trips of random inputs of every length 0..64. */
static void roundtrip_all_lengths(enc_fn enc, dec_fn dec, size_t (*expect_len)(size_t))
{
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t in[64];
    for (size_t n = 0; n <= sizeof(in); n++) {
        for (int rep = 0; rep < 4; rep++) {
            fill_random(in, n);
            char *s = NULL;
            size_t s_len = 0;
            tu_assert_ok(ctx, enc(ctx, &s, &s_len, in, n));
            assert_int_equal(s_len, expect_len(n));
            assert_int_equal(strlen(s), s_len);
            uint8_t *out = NULL;
            size_t out_len = 0;
            tu_assert_ok(ctx, dec(ctx, &out, &out_len, s, s_len));
            assert_int_equal(out_len, n);
            if (n)
                assert_memory_equal(out, in, n);
            wallet_free(s);
            wallet_free(out);
        }
    }
    wallet_ctx_free(ctx);
}

static size_t b64_len(size_t n)
{
    return (n * 4 + 2) / 3;
}

static size_t b45_len(size_t n)
{
    return n / 2 * 3 + (n % 2) * 2;
}

static size_t hex_len(size_t n)
{
    return n * 2;
}

/* ---- base64url: positive --------------------------------------------------------- */

static void test_b64url_roundtrip_lengths_0_to_64(void **state)
{
    (void)state;
    roundtrip_all_lengths(wallet_b64url_encode, wallet_b64url_decode, b64_len);
}

/* RFC 4648 §10 test strings, without the padding base64url drops. */
static void test_b64url_rfc4648_vectors(void **state)
{
    (void)state;
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "", 0, "");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "f", 1, "Zg");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "fo", 2, "Zm8");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "foo", 3, "Zm9v");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "foob", 4, "Zm9vYg");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "fooba", 5, "Zm9vYmE");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "foobar", 6, "Zm9vYmFy");
}

/* The two characters that differ from standard base64: '-' (62), '_' (63). */
static void test_b64url_url_alphabet(void **state)
{
    (void)state;
    static const uint8_t b[] = {0xFB, 0xFF};
    check_pair(wallet_b64url_encode, wallet_b64url_decode, b, 2, "-_8");
    static const uint8_t all62[] = {0xF8, 0x00};
    check_pair(wallet_b64url_encode, wallet_b64url_decode, all62, 2, "-AA");
    static const uint8_t ff3[] = {0xFF, 0xFF, 0xFF};
    check_pair(wallet_b64url_encode, wallet_b64url_decode, ff3, 3, "____");
}

/* "QQ" is the one canonical encoding of 0x41; "QUE" of "AA". */
static void test_b64url_canonical_trailing_bits_accepted(void **state)
{
    (void)state;
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "A", 1, "QQ");
    check_pair(wallet_b64url_encode, wallet_b64url_decode, "AA", 2, "QUE");
}

static void test_b64url_encode_empty_with_null_input(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    char *s = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &s, NULL, NULL, 0));
    assert_string_equal(s, "");
    wallet_free(s);
    uint8_t *b = NULL;
    size_t n = 7;
    tu_assert_ok(ctx, wallet_b64url_decode(ctx, &b, &n, NULL, 0));
    assert_non_null(b);
    assert_int_equal(n, 0);
    wallet_free(b);
    wallet_ctx_free(ctx);
}

/* Exactly at the input limit is fine; a NULL context uses the defaults. */
static void test_b64url_decode_at_input_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 8);
    uint8_t *b = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_b64url_decode(ctx, &b, &n, "Zm9vYmFy", 8));
    assert_int_equal(n, 6);
    assert_memory_equal(b, "foobar", 6);
    wallet_free(b);
    wallet_ctx_free(ctx);
    assert_int_equal(wallet_b64url_decode(NULL, &b, &n, "Zm9v", 4), WALLET_OK);
    assert_memory_equal(b, "foo", 3);
    wallet_free(b);
}

/* The internal decoder into a caller buffer agrees with the allocating one. */
static void test_b64url_decode_into_buffer(void **state)
{
    (void)state;
    uint8_t buf[8];
    size_t n = 99;
    assert_int_equal(wl_b64url_decode_into(NULL, buf, sizeof(buf), &n, "Zm9vYmE", 7), WALLET_OK);
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "fooba", 5);
}

/* ---- base64url: negative --------------------------------------------------------- */

static void test_b64url_padding_rejected(void **state)
{
    (void)state;
    expect_b64_fail("Zg==", WALLET_ERR_BASE64);
    expect_b64_fail("Zm8=", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9vYg==", WALLET_ERR_BASE64);
    expect_b64_fail("====", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9v=", WALLET_ERR_BASE64);
}

static void test_b64url_standard_alphabet_rejected(void **state)
{
    (void)state;
    expect_b64_fail("+_8", WALLET_ERR_BASE64);
    expect_b64_fail("-/8", WALLET_ERR_BASE64);
    expect_b64_fail("ab+c", WALLET_ERR_BASE64);
    expect_b64_fail("ab/c", WALLET_ERR_BASE64);
}

static void test_b64url_whitespace_rejected(void **state)
{
    (void)state;
    expect_b64_fail("Zm9v Yg", WALLET_ERR_BASE64);
    expect_b64_fail(" Zg", WALLET_ERR_BASE64);
    expect_b64_fail("Zg ", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9v\nYmFy", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9v\r\nYmE", WALLET_ERR_BASE64);
    expect_b64_fail("Zm\t9v", WALLET_ERR_BASE64);
}

static void test_b64url_length_1_mod_4_rejected(void **state)
{
    (void)state;
    expect_b64_fail("Z", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9vY", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9vYmFyZ", WALLET_ERR_BASE64);
}

static void test_b64url_noncanonical_trailing_bits_rejected(void **state)
{
    (void)state;
    expect_b64_fail("QR", WALLET_ERR_BASE64);  /* 0x41 with bits 0001 left over */
    expect_b64_fail("QX", WALLET_ERR_BASE64);
    expect_b64_fail("QUF", WALLET_ERR_BASE64); /* "AA" with bits 01 left over */
    expect_b64_fail("Zm9", WALLET_ERR_BASE64);
    expect_b64_fail("Zh", WALLET_ERR_BASE64);
}

static void test_b64url_invalid_bytes_rejected(void **state)
{
    (void)state;
    expect_dec_fail(wallet_b64url_decode, "Zg\0A", 4, WALLET_ERR_BASE64);
    expect_b64_fail("Zm9v\x80YmE", WALLET_ERR_BASE64);
    expect_b64_fail("\xff\xff", WALLET_ERR_BASE64);
    expect_b64_fail("Zm.v", WALLET_ERR_BASE64);
    expect_b64_fail("Zm9v*A", WALLET_ERR_BASE64);
}

static void test_b64url_null_args(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t *b = NULL;
    size_t n = 5;
    char *s = (char *)"x";
    tu_assert_err(ctx, wallet_b64url_decode(ctx, NULL, &n, "Zg", 2), WALLET_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    b = (uint8_t *)"x";
    tu_assert_err(ctx, wallet_b64url_decode(ctx, &b, NULL, "Zg", 2), WALLET_ERR_INVALID_ARG);
    assert_null(b);
    tu_assert_err(ctx, wallet_b64url_decode(ctx, &b, &n, NULL, 2), WALLET_ERR_INVALID_ARG);
    assert_null(b);
    tu_assert_err(ctx, wallet_b64url_encode(ctx, NULL, &n, (const uint8_t *)"f", 1),
                  WALLET_ERR_INVALID_ARG);
    n = 5;
    tu_assert_err(ctx, wallet_b64url_encode(ctx, &s, &n, NULL, 1), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    assert_int_equal(n, 0);
    wallet_ctx_free(ctx);
}

static void test_b64url_over_input_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    /* Default limit: one byte over 1 MiB. */
    int64_t lim = wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, -1);
    size_t big = (size_t)lim + 1;
    char *in = malloc(big);
    assert_non_null(in);
    memset(in, 'A', big);
    uint8_t *b = (uint8_t *)"x";
    size_t n = 3;
    tu_assert_err(ctx, wallet_b64url_decode(ctx, &b, &n, in, big), WALLET_ERR_TOO_LARGE);
    assert_null(b);
    assert_int_equal(n, 0);
    free(in);
    /* A lowered limit applies too. */
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 7);
    tu_assert_err(ctx, wallet_b64url_decode(ctx, &b, &n, "Zm9vYmFy", 8), WALLET_ERR_TOO_LARGE);
    wallet_ctx_free(ctx);
}

/* ---- Base45: positive ------------------------------------------------------------ */

static void test_base45_roundtrip_lengths_0_to_64(void **state)
{
    (void)state;
    roundtrip_all_lengths(wallet_base45_encode, wallet_base45_decode, b45_len);
}

/* RFC 9285 §4.3 / §4.4 examples. */
static void test_base45_rfc9285_vectors(void **state)
{
    (void)state;
    check_pair(wallet_base45_encode, wallet_base45_decode, "AB", 2, "BB8");
    check_pair(wallet_base45_encode, wallet_base45_decode, "Hello!!", 7, "%69 VD92EX0");
    check_pair(wallet_base45_encode, wallet_base45_decode, "base-45", 7, "UJCLQE7W581");
    check_pair(wallet_base45_encode, wallet_base45_decode, "ietf!", 5, "QED8WEX0");
    check_pair(wallet_base45_encode, wallet_base45_decode, "", 0, "");
}

/* The largest values: 65535 = "FGW" and 255 = "U5". */
static void test_base45_maximum_values(void **state)
{
    (void)state;
    static const uint8_t ffff[] = {0xFF, 0xFF};
    check_pair(wallet_base45_encode, wallet_base45_decode, ffff, 2, "FGW");
    static const uint8_t ff[] = {0xFF};
    check_pair(wallet_base45_encode, wallet_base45_decode, ff, 1, "U5");
    static const uint8_t zero[] = {0, 0, 0};
    check_pair(wallet_base45_encode, wallet_base45_decode, zero, 3, "00000");
}

/* Every character of the alphabet decodes (as the low digit of a pair). */
static void test_base45_full_alphabet(void **state)
{
    (void)state;
    static const char alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    wallet_ctx *ctx = tu_ctx_at(0);
    for (int i = 0; i < 45; i++) {
        char pair[2] = {alpha[i], '0'};
        uint8_t *b = NULL;
        size_t n = 0;
        tu_assert_ok(ctx, wallet_base45_decode(ctx, &b, &n, pair, 2));
        assert_int_equal(n, 1);
        assert_int_equal(b[0], i);
        wallet_free(b);
    }
    wallet_ctx_free(ctx);
}

/* ---- Base45: negative ------------------------------------------------------------ */

static void test_base45_invalid_characters(void **state)
{
    (void)state;
    expect_b45_fail("bb8", WALLET_ERR_BASE45); /* lower case is not Base45 */
    expect_b45_fail("BB=", WALLET_ERR_BASE45);
    expect_b45_fail("#B8", WALLET_ERR_BASE45);
    expect_b45_fail("B_", WALLET_ERR_BASE45);
    expect_b45_fail("B\x80", WALLET_ERR_BASE45);
    expect_b45_fail("BB8\n0", WALLET_ERR_BASE45);
    expect_dec_fail(wallet_base45_decode, "B\0", 2, WALLET_ERR_BASE45);
}

static void test_base45_length_1_mod_3(void **state)
{
    (void)state;
    expect_b45_fail("A", WALLET_ERR_BASE45);
    expect_b45_fail("BB8A", WALLET_ERR_BASE45);
    expect_b45_fail("%69 VD92EX0AB", WALLET_ERR_BASE45);
}

static void test_base45_triplet_over_65535(void **state)
{
    (void)state;
    expect_b45_fail("GGW", WALLET_ERR_BASE45); /* 65536 */
    expect_b45_fail(":::", WALLET_ERR_BASE45); /* 91124 */
    expect_b45_fail("BB8GGW", WALLET_ERR_BASE45);
}

static void test_base45_final_pair_over_255(void **state)
{
    (void)state;
    expect_b45_fail("V5", WALLET_ERR_BASE45); /* 256 */
    expect_b45_fail("::", WALLET_ERR_BASE45); /* 2024 */
    expect_b45_fail("BB8V5", WALLET_ERR_BASE45);
}

static void test_base45_null_args(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t *b = (uint8_t *)"x";
    size_t n = 4;
    char *s = (char *)"x";
    tu_assert_err(ctx, wallet_base45_decode(ctx, NULL, &n, "BB8", 3), WALLET_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    tu_assert_err(ctx, wallet_base45_decode(ctx, &b, NULL, "BB8", 3), WALLET_ERR_INVALID_ARG);
    assert_null(b);
    tu_assert_err(ctx, wallet_base45_decode(ctx, &b, &n, NULL, 3), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_base45_encode(ctx, NULL, &n, (const uint8_t *)"AB", 2),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_base45_encode(ctx, &s, &n, NULL, 2), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    wallet_ctx_free(ctx);
}

static void test_base45_over_input_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 5);
    uint8_t *b = (uint8_t *)"x";
    size_t n = 4;
    tu_assert_err(ctx, wallet_base45_decode(ctx, &b, &n, "BB8BB8", 6), WALLET_ERR_TOO_LARGE);
    assert_null(b);
    assert_int_equal(n, 0);
    wallet_ctx_free(ctx);
}

/* ---- hex ------------------------------------------------------------------------- */

static void test_hex_roundtrip_lengths_0_to_64(void **state)
{
    (void)state;
    roundtrip_all_lengths(wallet_hex_encode, wallet_hex_decode, hex_len);
}

static void test_hex_lower_case_out_either_case_in(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x00, 0x1F, 0xAB, 0xFF};
    check_pair(wallet_hex_encode, wallet_hex_decode, b, 4, "001fabff");
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t *out = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_hex_decode(ctx, &out, &n, "001FaBfF", 8));
    assert_int_equal(n, 4);
    assert_memory_equal(out, b, 4);
    wallet_free(out);
    wallet_ctx_free(ctx);
}

static void test_hex_odd_length(void **state)
{
    (void)state;
    expect_hex_fail("0", WALLET_ERR_HEX);
    expect_hex_fail("abc", WALLET_ERR_HEX);
}

static void test_hex_invalid_character(void **state)
{
    (void)state;
    expect_hex_fail("0g", WALLET_ERR_HEX);
    expect_hex_fail("zz", WALLET_ERR_HEX);
    expect_hex_fail(" 0", WALLET_ERR_HEX);
    expect_hex_fail("0x00", WALLET_ERR_HEX);
    expect_hex_fail("00-1", WALLET_ERR_HEX);
    expect_dec_fail(wallet_hex_decode, "0\0", 2, WALLET_ERR_HEX);
}

static void test_hex_null_args(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t *b = (uint8_t *)"x";
    size_t n = 4;
    char *s = (char *)"x";
    tu_assert_err(ctx, wallet_hex_decode(ctx, NULL, &n, "00", 2), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_hex_decode(ctx, &b, NULL, "00", 2), WALLET_ERR_INVALID_ARG);
    assert_null(b);
    tu_assert_err(ctx, wallet_hex_decode(ctx, &b, &n, NULL, 2), WALLET_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    tu_assert_err(ctx, wallet_hex_encode(ctx, NULL, &n, (const uint8_t *)"a", 1),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_hex_encode(ctx, &s, &n, NULL, 1), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    wallet_ctx_free(ctx);
}

static void test_hex_over_input_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 2);
    uint8_t *b = (uint8_t *)"x";
    size_t n = 4;
    tu_assert_err(ctx, wallet_hex_decode(ctx, &b, &n, "0011", 4), WALLET_ERR_TOO_LARGE);
    assert_null(b);
    assert_int_equal(n, 0);
    wallet_ctx_free(ctx);
}

/* ---- standard base64 (internal, RFC 4648 §4) ---------------------------------- */

static void test_base64_std_rfc4648_vectors(void **state)
{
    (void)state;
    static const char *enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    static const char dec[] = "foobar";
    for (size_t i = 0; i < WL_ARRAY_LEN(enc); i++) {
        uint8_t *out = NULL;
        size_t n = 99;
        assert_int_equal(wl_base64_decode(NULL, &out, &n, enc[i], strlen(enc[i])), WALLET_OK);
        assert_int_equal(n, i);
        if (i)
            assert_memory_equal(out, dec, i);
        free(out);
    }
    uint8_t *out = NULL;
    size_t n = 0;
    assert_int_equal(wl_base64_decode(NULL, &out, &n, "+/8=", 4), WALLET_OK);
    assert_int_equal(n, 2);
    assert_int_equal(out[0], 0xFB);
    assert_int_equal(out[1], 0xFF);
    free(out);
}

static void test_base64_std_missing_padding(void **state)
{
    (void)state;
    expect_std_b64_fail("Zg", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm8", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zg=", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm9vYg", WALLET_ERR_BASE64);
}

static void test_base64_std_excess_or_misplaced_padding(void **state)
{
    (void)state;
    expect_std_b64_fail("Zm9v====", WALLET_ERR_BASE64);
    expect_std_b64_fail("Z===", WALLET_ERR_BASE64);
    expect_std_b64_fail("====", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zg==Zm8=", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zg=A", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm9vY===", WALLET_ERR_BASE64);
}

static void test_base64_std_url_alphabet_rejected(void **state)
{
    (void)state;
    expect_std_b64_fail("-_8=", WALLET_ERR_BASE64);
    expect_std_b64_fail("ab-c", WALLET_ERR_BASE64);
    expect_std_b64_fail("ab_c", WALLET_ERR_BASE64);
}

static void test_base64_std_noncanonical_trailing_bits(void **state)
{
    (void)state;
    expect_std_b64_fail("QR==", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm9=", WALLET_ERR_BASE64);
    expect_std_b64_fail("QUF=", WALLET_ERR_BASE64);
}

static void test_base64_std_whitespace_rejected(void **state)
{
    (void)state;
    expect_std_b64_fail("Zm9v\nYmFy", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm9 v", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm9vYmF ", WALLET_ERR_BASE64);
    expect_std_b64_fail("Zm9v\r\n", WALLET_ERR_BASE64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b64url_roundtrip_lengths_0_to_64),
        cmocka_unit_test(test_b64url_rfc4648_vectors),
        cmocka_unit_test(test_b64url_url_alphabet),
        cmocka_unit_test(test_b64url_canonical_trailing_bits_accepted),
        cmocka_unit_test(test_b64url_encode_empty_with_null_input),
        cmocka_unit_test(test_b64url_decode_at_input_limit),
        cmocka_unit_test(test_b64url_decode_into_buffer),
        cmocka_unit_test(test_b64url_padding_rejected),
        cmocka_unit_test(test_b64url_standard_alphabet_rejected),
        cmocka_unit_test(test_b64url_whitespace_rejected),
        cmocka_unit_test(test_b64url_length_1_mod_4_rejected),
        cmocka_unit_test(test_b64url_noncanonical_trailing_bits_rejected),
        cmocka_unit_test(test_b64url_invalid_bytes_rejected),
        cmocka_unit_test(test_b64url_null_args),
        cmocka_unit_test(test_b64url_over_input_limit),
        cmocka_unit_test(test_base45_roundtrip_lengths_0_to_64),
        cmocka_unit_test(test_base45_rfc9285_vectors),
        cmocka_unit_test(test_base45_maximum_values),
        cmocka_unit_test(test_base45_full_alphabet),
        cmocka_unit_test(test_base45_invalid_characters),
        cmocka_unit_test(test_base45_length_1_mod_3),
        cmocka_unit_test(test_base45_triplet_over_65535),
        cmocka_unit_test(test_base45_final_pair_over_255),
        cmocka_unit_test(test_base45_null_args),
        cmocka_unit_test(test_base45_over_input_limit),
        cmocka_unit_test(test_hex_roundtrip_lengths_0_to_64),
        cmocka_unit_test(test_hex_lower_case_out_either_case_in),
        cmocka_unit_test(test_hex_odd_length),
        cmocka_unit_test(test_hex_invalid_character),
        cmocka_unit_test(test_hex_null_args),
        cmocka_unit_test(test_hex_over_input_limit),
        cmocka_unit_test(test_base64_std_rfc4648_vectors),
        cmocka_unit_test(test_base64_std_missing_padding),
        cmocka_unit_test(test_base64_std_excess_or_misplaced_padding),
        cmocka_unit_test(test_base64_std_url_alphabet_rejected),
        cmocka_unit_test(test_base64_std_noncanonical_trailing_bits),
        cmocka_unit_test(test_base64_std_whitespace_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
