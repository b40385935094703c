/* wallet_random, wallet_sha256, wallet_hmac_sha256 (include/wallet/primitives.h),
 * and the internal HMAC under them for every hash (crypto/backend.c). */
#include "testutil.h"

#include "crypto/crypto.h"

static void hex_eq(const uint8_t *got, size_t n, const char *want_hex)
{
    size_t wn = 0;
    uint8_t *want = tu_unhex(want_hex, &wn);
    assert_non_null(want);
    assert_int_equal(wn, n);
    assert_memory_equal(got, want, n);
    free(want);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): "abc" and the empty string. */
static void test_sha256_known_answers(void **state)
{
    (void)state;
    uint8_t d[32];
    tu_assert_ok(NULL, wallet_sha256(NULL, d, (const uint8_t *)"abc", 3));
    hex_eq(d, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    tu_assert_ok(NULL, wallet_sha256(NULL, d, NULL, 0));
    hex_eq(d, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* RFC 4231 §4.2 (test case 1) and §4.3 (test case 2). */
static void test_hmac_rfc4231(void **state)
{
    (void)state;
    uint8_t key[20], d[32];
    memset(key, 0x0b, sizeof(key));
    tu_assert_ok(NULL, wallet_hmac_sha256(NULL, d, key, sizeof(key), (const uint8_t *)"Hi There", 8));
    hex_eq(d, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    const char *data = "what do ya want for nothing?";
    tu_assert_ok(NULL, wallet_hmac_sha256(NULL, d, (const uint8_t *)"Jefe", 4,
                                          (const uint8_t *)data, strlen(data)));
    hex_eq(d, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* RFC 4231 §4.3 (test case 2) for SHA-384/512 and §4.7 (test case 6: a
 * 131-byte key, longer than every block size, hashed first) for all three:
 * the internal HMAC is built from the digests (RFC 2104), so both key paths
 * and both block sizes are checked. */
static void test_internal_hmac_rfc4231_all_hashes(void **state)
{
    (void)state;
    uint8_t d[64];
    const char *data = "what do ya want for nothing?";
    tu_assert_ok(NULL, wl_hmac(NULL, WL_SHA384, (const uint8_t *)"Jefe", 4, (const uint8_t *)data,
                               strlen(data), d));
    hex_eq(d, 48, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
                  "8e2240ca5e69e2c78b3239ecfab21649");
    tu_assert_ok(NULL, wl_hmac(NULL, WL_SHA512, (const uint8_t *)"Jefe", 4, (const uint8_t *)data,
                               strlen(data), d));
    hex_eq(d, 64, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    uint8_t key[131];
    memset(key, 0xaa, sizeof(key));
    const char *t6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    tu_assert_ok(NULL, wl_hmac(NULL, WL_SHA256, key, sizeof(key), (const uint8_t *)t6,
                               strlen(t6), d));
    hex_eq(d, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    tu_assert_ok(NULL, wl_hmac(NULL, WL_SHA384, key, sizeof(key), (const uint8_t *)t6,
                               strlen(t6), d));
    hex_eq(d, 48, "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
                  "0c2ef6ab4030fe8296248df163f44952");
    tu_assert_ok(NULL, wl_hmac(NULL, WL_SHA512, key, sizeof(key), (const uint8_t *)t6,
                               strlen(t6), d));
    hex_eq(d, 64, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

static void test_random_fills_and_differs(void **state)
{
    (void)state;
    uint8_t a[32] = {0}, b[32] = {0}, zero[32] = {0};
    tu_assert_ok(NULL, wallet_random(NULL, a, sizeof(a)));
    tu_assert_ok(NULL, wallet_random(NULL, b, sizeof(b)));
    assert_memory_not_equal(a, zero, sizeof(a));
    assert_memory_not_equal(a, b, sizeof(a));
    tu_assert_ok(NULL, wallet_random(NULL, NULL, 0)); /* nothing asked, nothing done */
}

static void test_random_null_output_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    tu_assert_err(ctx, wallet_random(ctx, NULL, 16), WALLET_ERR_INVALID_ARG);
    assert_string_not_equal(wallet_ctx_errmsg(ctx), "");
    wallet_ctx_free(ctx);
}

static void test_random_oversized_request_refused(void **state)
{
    (void)state;
    uint8_t b[1];
    tu_assert_err(NULL, wallet_random(NULL, b, (size_t)INT32_MAX + 1), WALLET_ERR_INVALID_ARG);
}

static void test_sha256_null_input_with_length_refused(void **state)
{
    (void)state;
    uint8_t d[32];
    memset(d, 0xAA, sizeof(d));
    tu_assert_err(NULL, wallet_sha256(NULL, d, NULL, 5), WALLET_ERR_INVALID_ARG);
    uint8_t zero[32] = {0};
    assert_memory_equal(d, zero, 32); /* output zeroed on failure */
    tu_assert_err(NULL, wallet_sha256(NULL, NULL, (const uint8_t *)"x", 1), WALLET_ERR_INVALID_ARG);
}

static void test_hmac_empty_key_refused(void **state)
{
    (void)state;
    uint8_t d[32], zero[32] = {0};
    memset(d, 0xAA, sizeof(d));
    tu_assert_err(NULL, wallet_hmac_sha256(NULL, d, (const uint8_t *)"k", 0, (const uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
    assert_memory_equal(d, zero, 32);
    tu_assert_err(NULL, wallet_hmac_sha256(NULL, d, NULL, 4, (const uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
}

static void test_hmac_null_input_with_length_refused(void **state)
{
    (void)state;
    uint8_t d[32];
    tu_assert_err(NULL, wallet_hmac_sha256(NULL, d, (const uint8_t *)"k", 1, NULL, 3),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(NULL, wallet_hmac_sha256(NULL, NULL, (const uint8_t *)"k", 1, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_known_answers),
        cmocka_unit_test(test_hmac_rfc4231),
        cmocka_unit_test(test_internal_hmac_rfc4231_all_hashes),
        cmocka_unit_test(test_random_fills_and_differs),
        cmocka_unit_test(test_random_null_output_refused),
        cmocka_unit_test(test_random_oversized_request_refused),
        cmocka_unit_test(test_sha256_null_input_with_length_refused),
        cmocka_unit_test(test_hmac_empty_key_refused),
        cmocka_unit_test(test_hmac_null_input_with_length_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
