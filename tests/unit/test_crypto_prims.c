/* Crypto primitives of the adapter, against published test vectors:
 * HKDF (RFC 5869 A.1), scrypt and PBKDF2-HMAC-SHA256 (RFC 7914 §11/§12),
 * AES-GCM (McGrew & Viega, "The Galois/Counter Mode of Operation", test
 * cases 2 and 4), ECDH agreement. */
#include "testutil.h"

#include "crypto/crypto.h"

static void expect_hex(const uint8_t *got, size_t n, const char *hex)
{
    size_t len;
    uint8_t *want = tu_unhex(hex, &len);
    assert_non_null(want);
    assert_int_equal(len, n);
    assert_memory_equal(got, want, n);
    free(want);
}

static void hkdf_rfc5869_case1(void **state)
{
    (void)state;
    size_t il, sl, nl;
    uint8_t *ikm = tu_unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", &il);
    uint8_t *salt = tu_unhex("000102030405060708090a0b0c", &sl);
    uint8_t *info = tu_unhex("f0f1f2f3f4f5f6f7f8f9", &nl);
    uint8_t okm[42];
    assert_int_equal(wl_hkdf(NULL, WL_SHA256, salt, sl, ikm, il, info, nl, okm, sizeof(okm)), 0);
    expect_hex(okm, sizeof(okm),
               "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    free(ikm);
    free(salt);
    free(info);
}

static void scrypt_rfc7914(void **state)
{
    (void)state;
    uint8_t out[64];
    assert_int_equal(wl_scrypt(NULL, (const uint8_t *)"", 0, (const uint8_t *)"", 0, 16, 1, 1,
                               out, sizeof(out)), 0);
    expect_hex(out, 64,
               "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
               "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    assert_int_equal(wl_scrypt(NULL, (const uint8_t *)"password", 8, (const uint8_t *)"NaCl", 4,
                               1024, 8, 16, out, sizeof(out)), 0);
    expect_hex(out, 64,
               "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
               "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

static void scrypt_rejects_bad_parameters(void **state)
{
    (void)state;
    uint8_t out[32];
    assert_int_equal(wl_scrypt(NULL, (const uint8_t *)"x", 1, (const uint8_t *)"s", 1, 1000, 8, 1,
                               out, sizeof(out)), WALLET_ERR_INVALID_ARG);
    assert_int_equal(wl_scrypt(NULL, (const uint8_t *)"x", 1, (const uint8_t *)"s", 1,
                               (uint64_t)1 << 25, 8, 1, out, sizeof(out)), WALLET_ERR_INVALID_ARG);
}

static void pbkdf2_rfc7914(void **state)
{
    (void)state;
    uint8_t out[64];
    assert_int_equal(wl_pbkdf2_sha256(NULL, (const uint8_t *)"passwd", 6, (const uint8_t *)"salt",
                                      4, 1, out, sizeof(out)), 0);
    expect_hex(out, 64,
               "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
               "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    assert_int_equal(wl_pbkdf2_sha256(NULL, (const uint8_t *)"x", 1, (const uint8_t *)"s", 1, 0,
                                      out, sizeof(out)), WALLET_ERR_INVALID_ARG);
}

static void aes_gcm_test_case_2_and_4(void **state)
{
    (void)state;
    uint8_t key[16] = {0}, iv[12] = {0}, pt[16] = {0}, ct[16], tag[16], back[16];
    assert_int_equal(wl_aes_gcm_encrypt(NULL, key, 16, iv, 12, NULL, 0, pt, 16, ct, tag), 0);
    expect_hex(ct, 16, "0388dace60b6a392f328c2b971b2fe78");
    expect_hex(tag, 16, "ab6e47d42cec13bdf53a67b21257bddf");
    assert_int_equal(wl_aes_gcm_decrypt(NULL, key, 16, iv, 12, NULL, 0, ct, 16, tag, back), 0);
    assert_memory_equal(back, pt, 16);

    size_t kl, il, pl, al;
    uint8_t *k4 = tu_unhex("feffe9928665731c6d6a8f9467308308", &kl);
    uint8_t *iv4 = tu_unhex("cafebabefacedbaddecaf888", &il);
    uint8_t *p4 = tu_unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                           "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39", &pl);
    uint8_t *a4 = tu_unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2", &al);
    uint8_t c4[60], t4[16], b4[60];
    assert_int_equal(wl_aes_gcm_encrypt(NULL, k4, kl, iv4, il, a4, al, p4, pl, c4, t4), 0);
    expect_hex(c4, pl,
               "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
               "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
    expect_hex(t4, 16, "5bc94fbc3221a5db94fae95ae7121a47");
    assert_int_equal(wl_aes_gcm_decrypt(NULL, k4, kl, iv4, il, a4, al, c4, pl, t4, b4), 0);
    assert_memory_equal(b4, p4, pl);
    free(k4);
    free(iv4);
    free(p4);
    free(a4);
}

static void aes_gcm_tampered_ciphertext_is_refused(void **state)
{
    (void)state;
    uint8_t key[32] = {1}, iv[12] = {2}, pt[20] = "twenty bytes of text", ct[20], tag[16], back[20];
    assert_int_equal(wl_aes_gcm_encrypt(NULL, key, 32, iv, 12, NULL, 0, pt, 20, ct, tag), 0);
    ct[3] ^= 1;
    assert_int_equal(wl_aes_gcm_decrypt(NULL, key, 32, iv, 12, NULL, 0, ct, 20, tag, back),
                     WALLET_ERR_DECRYPT);
    for (size_t i = 0; i < sizeof(back); i++)
        assert_int_equal(back[i], 0); /* nothing of the plaintext survives */
}

static void aes_gcm_wrong_aad_or_tag_is_refused(void **state)
{
    (void)state;
    uint8_t key[16] = {3}, iv[12] = {4}, pt[8] = "8 bytes!", ct[8], tag[16], back[8];
    assert_int_equal(wl_aes_gcm_encrypt(NULL, key, 16, iv, 12, (const uint8_t *)"aad", 3, pt, 8,
                                        ct, tag), 0);
    assert_int_equal(wl_aes_gcm_decrypt(NULL, key, 16, iv, 12, (const uint8_t *)"aaD", 3, ct, 8,
                                        tag, back), WALLET_ERR_DECRYPT);
    tag[15] ^= 0x80;
    assert_int_equal(wl_aes_gcm_decrypt(NULL, key, 16, iv, 12, (const uint8_t *)"aad", 3, ct, 8,
                                        tag, back), WALLET_ERR_DECRYPT);
    assert_int_equal(wl_aes_gcm_encrypt(NULL, key, 24, iv, 12, NULL, 0, pt, 8, ct, tag),
                     WALLET_ERR_INVALID_ARG);
}

static void ecdh_agrees_and_checks_curves(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *a, *b, *c, *apub;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &a, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &b, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &c, WALLET_ALG_ES384));
    tu_assert_ok(ctx, wallet_key_public(ctx, &apub, a));
    uint8_t z1[66], z2[66];
    size_t n1 = sizeof(z1), n2 = sizeof(z2);
    tu_assert_ok(ctx, wl_ecdh(ctx, a, b, z1, &n1));
    tu_assert_ok(ctx, wl_ecdh(ctx, b, apub, z2, &n2));
    assert_int_equal(n1, 32);
    assert_int_equal(n2, 32);
    assert_memory_equal(z1, z2, 32);
    n1 = sizeof(z1);
    tu_assert_err(ctx, wl_ecdh(ctx, a, c, z1, &n1), WALLET_ERR_ALG_KEY_MISMATCH);
    n1 = sizeof(z1);
    tu_assert_err(ctx, wl_ecdh(ctx, apub, b, z1, &n1), WALLET_ERR_KEY_NOT_PRIVATE);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_key_free(c);
    wallet_key_free(apub);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hkdf_rfc5869_case1),
        cmocka_unit_test(scrypt_rfc7914),
        cmocka_unit_test(scrypt_rejects_bad_parameters),
        cmocka_unit_test(pbkdf2_rfc7914),
        cmocka_unit_test(aes_gcm_test_case_2_and_4),
        cmocka_unit_test(aes_gcm_tampered_ciphertext_is_refused),
        cmocka_unit_test(aes_gcm_wrong_aad_or_tag_is_refused),
        cmocka_unit_test(ecdh_agrees_and_checks_curves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
