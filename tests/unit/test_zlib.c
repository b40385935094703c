/* Capped zlib inflate / deflate (src/core/zlib.c). */
#include "testutil.h"

#include <zlib.h>

#include "core/zlib.h"

static void round_trip(void **state)
{
    (void)state;
    uint8_t in[5000];
    for (size_t i = 0; i < sizeof(in); i++)
        in[i] = (uint8_t)(i * 7 % 251);
    uint8_t *z, *back;
    size_t zl, bl;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zl, in, sizeof(in)), 0);
    assert_true(zl < sizeof(in));
    assert_int_equal(wl_zlib_inflate(NULL, &back, &bl, z, zl, sizeof(in)), 0);
    assert_int_equal(bl, sizeof(in));
    assert_memory_equal(back, in, sizeof(in));
    free(back);
    /* exactly at the cap passes; one byte less fails */
    assert_int_equal(wl_zlib_inflate(NULL, &back, &bl, z, zl, sizeof(in) - 1),
                     WALLET_ERR_TOO_LARGE);
    assert_null(back);
    free(z);
}

static void empty_input_round_trip(void **state)
{
    (void)state;
    uint8_t *z, *back;
    size_t zl, bl;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zl, (const uint8_t *)"", 0), 0);
    assert_int_equal(wl_zlib_inflate(NULL, &back, &bl, z, zl, 10), 0);
    assert_int_equal(bl, 0);
    free(z);
    free(back);
}

static void zip_bomb_is_refused_at_the_cap(void **state)
{
    (void)state;
    /* 64 MiB of zeros compress to ~64 KiB; the cap (1 MiB) stops inflation. */
    size_t n = 64u << 20;
    uint8_t *zeros = calloc(1, n);
    uLongf zl = compressBound((uLong)n);
    uint8_t *z = malloc(zl);
    assert_int_equal(compress2(z, &zl, zeros, (uLong)n, 9), Z_OK);
    free(zeros);
    uint8_t *out;
    size_t ol;
    wallet_ctx *ctx = tu_ctx_at(0);
    tu_assert_err(ctx, wl_zlib_inflate(ctx, &out, &ol, z, zl, 1u << 20), WALLET_ERR_TOO_LARGE);
    assert_null(out);
    assert_int_equal(ol, 0);
    free(z);
    wallet_ctx_free(ctx);
}

static void truncated_stream_is_refused(void **state)
{
    (void)state;
    uint8_t *z, *out;
    size_t zl, ol;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zl, (const uint8_t *)"hello hello hello", 17), 0);
    for (size_t cut = 0; cut < zl; cut++)
        assert_int_equal(wl_zlib_inflate(NULL, &out, &ol, z, cut, 1000), WALLET_ERR_COMPRESSION);
    free(z);
}

static void corrupt_stream_is_refused(void **state)
{
    (void)state;
    static const uint8_t not_zlib[] = {0x12, 0x34, 0x56, 0x78};
    uint8_t *out;
    size_t ol;
    assert_int_equal(wl_zlib_inflate(NULL, &out, &ol, not_zlib, sizeof(not_zlib), 100),
                     WALLET_ERR_COMPRESSION);
    uint8_t *z;
    size_t zl;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zl, (const uint8_t *)"abcdefgh", 8), 0);
    z[zl - 1] ^= 0xFF; /* Adler-32 checksum */
    assert_int_equal(wl_zlib_inflate(NULL, &out, &ol, z, zl, 100), WALLET_ERR_COMPRESSION);
    free(z);
}

static void trailing_bytes_are_refused(void **state)
{
    (void)state;
    uint8_t *z, *out;
    size_t zl, ol;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zl, (const uint8_t *)"abc", 3), 0);
    uint8_t *z2 = malloc(zl + 1);
    memcpy(z2, z, zl);
    z2[zl] = 0;
    assert_int_equal(wl_zlib_inflate(NULL, &out, &ol, z2, zl + 1, 100), WALLET_ERR_TRAILING_DATA);
    free(z);
    free(z2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(empty_input_round_trip),
        cmocka_unit_test(zip_bomb_is_refused_at_the_cap),
        cmocka_unit_test(truncated_stream_is_refused),
        cmocka_unit_test(corrupt_stream_is_refused),
        cmocka_unit_test(trailing_bytes_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
