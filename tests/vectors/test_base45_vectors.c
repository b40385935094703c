/*
 * Base45 (RFC 9285): the four examples of §4.3 and §4.4 encode and decode
 * exactly; the derived invalid inputs (overflowing triplet or pair, a
 * length of 1 mod 3, characters outside the alphabet) are each rejected
 * with WALLET_ERR_BASE45.
 */
#include <cjson/cJSON.h>

#include "testutil.h"

#define NOW 1700000000

static cJSON *read_examples(void)
{
    char *t = (char *)tu_vector("jose-cose/base45-rfc9285/rfc9285_examples.json", NULL);
    cJSON *j = cJSON_Parse(t);
    free(t);
    assert_non_null(j);
    return j;
}

static void test_base45_rfc9285_examples(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    cJSON *j = read_examples();
    const cJSON *ex;
    int n = 0;
    cJSON_ArrayForEach(ex, cJSON_GetObjectItemCaseSensitive(j, "valid"))
    {
        const char *b45 = cJSON_GetObjectItemCaseSensitive(ex, "base45")->valuestring;
        const char *ascii = cJSON_GetObjectItemCaseSensitive(ex, "bytes_ascii")->valuestring;
        size_t raw_len = 0;
        uint8_t *raw = tu_unhex(cJSON_GetObjectItemCaseSensitive(ex, "bytes_hex")->valuestring,
                                &raw_len);
        assert_non_null(raw);
        /* The hex and the ASCII rendering agree. */
        assert_int_equal(raw_len, strlen(ascii));
        assert_memory_equal(raw, ascii, raw_len);

        char *enc = NULL;
        size_t enc_len = 0;
        tu_assert_ok(ctx, wallet_base45_encode(ctx, &enc, &enc_len, raw, raw_len));
        assert_int_equal(enc_len, strlen(b45));
        assert_string_equal(enc, b45);

        uint8_t *dec = NULL;
        size_t dec_len = 0;
        tu_assert_ok(ctx, wallet_base45_decode(ctx, &dec, &dec_len, b45, strlen(b45)));
        assert_int_equal(dec_len, raw_len);
        assert_memory_equal(dec, raw, raw_len);

        wallet_free(enc);
        wallet_free(dec);
        free(raw);
        n++;
    }
    assert_int_equal(n, 4);
    print_message("base45: %d RFC 9285 examples encode and decode exactly\n", n);
    cJSON_Delete(j);
    wallet_ctx_free(ctx);
}

static void test_base45_invalid_inputs_rejected(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    cJSON *j = read_examples();
    const cJSON *ex;
    int n = 0;
    cJSON_ArrayForEach(ex, cJSON_GetObjectItemCaseSensitive(j, "invalid_derived_edge_cases_not_quoted_from_rfc"))
    {
        const char *b45 = cJSON_GetObjectItemCaseSensitive(ex, "base45")->valuestring;
        const char *why = cJSON_GetObjectItemCaseSensitive(ex, "reason")->valuestring;
        uint8_t *dec = (uint8_t *)"x";
        size_t dec_len = 1;
        wallet_err e = wallet_base45_decode(ctx, &dec, &dec_len, b45, strlen(b45));
        if (e != WALLET_ERR_BASE45)
            fail_msg("\"%s\" (%s): got %s, want WALLET_ERR_BASE45", b45, why, wallet_err_name(e));
        assert_null(dec);
        assert_int_equal(dec_len, 0);
        n++;
    }
    assert_int_equal(n, 7);
    print_message("base45: %d invalid inputs rejected with WALLET_ERR_BASE45\n", n);
    cJSON_Delete(j);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base45_rfc9285_examples),
        cmocka_unit_test(test_base45_invalid_inputs_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
