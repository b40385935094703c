/*
 * Keys: the ways a JWK is refused (RFC 7517, RFC 7518 §6): points off the
 * curve, wrong lengths, missing or mistyped members, unsupported key types
 * and curves, inconsistent private members. Split from test_key.c.
 */
#include "test_key_util.h"

static void test_jwk_point_not_on_curve(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const wallet_alg ec[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                    WALLET_ALG_ES256K};
    for (size_t i = 0; i < 4; i++) {
        wallet_key *k = gen(ctx, ec[i]);
        cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
        size_t yl;
        uint8_t *y = member_bytes(ctx, j, "y", &yl);
        y[yl - 1] ^= 0x01;
        set_bytes(ctx, j, "y", y, yl);
        char *text = take_json(j);
        expect_jwk_err(ctx, text, WALLET_ERR_KEY_INVALID);
        free(text);
        free(y);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_jwk_coordinate_wrong_length(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
        size_t xl;
        uint8_t *x = member_bytes(ctx, j, "x", &xl);
        set_bytes(ctx, j, "x", x, xl - 1); /* leading zero dropped, say */
        char *text = take_json(j);
        expect_jwk_err(ctx, text, WALLET_ERR_KEY_INVALID);
        free(text);
        free(x);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_jwk_private_d_wrong_length(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PRIVATE);
    uint8_t d[33] = {0};
    size_t dl;
    uint8_t *orig = member_bytes(ctx, j, "d", &dl);
    memcpy(d + 1, orig, dl);
    set_bytes(ctx, j, "d", d, sizeof(d));
    char *text = take_json(j);
    expect_jwk_err(ctx, text, WALLET_ERR_KEY_INVALID);
    free(text);
    free(orig);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jwk_d_not_matching_public(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *a = gen(ctx, all_algs[i]);
        wallet_key *b = gen(ctx, all_algs[i]);
        cJSON *ja = jwk_json(ctx, a, WALLET_EXPORT_PRIVATE);
        cJSON *jb = jwk_json(ctx, b, WALLET_EXPORT_PRIVATE);
        size_t dl;
        uint8_t *d = member_bytes(ctx, jb, "d", &dl);
        set_bytes(ctx, ja, "d", d, dl); /* a's x/y with b's d */
        char *text = take_json(ja);
        expect_jwk_err(ctx, text, WALLET_ERR_KEY_INVALID);
        free(text);
        free(d);
        cJSON_Delete(jb);
        wallet_key_free(a);
        wallet_key_free(b);
    }
    wallet_ctx_free(ctx);
}

static void test_jwk_kty_oct(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx, "{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T\"}",
                   WALLET_ERR_JWK);
    wallet_ctx_free(ctx);
}

static void test_jwk_kty_unknown(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx, "{\"kty\":\"DSA\",\"x\":\"AAAA\"}", WALLET_ERR_JWK);
    wallet_ctx_free(ctx);
}

static void test_jwk_missing_kty(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx, "{\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
                   WALLET_ERR_JWK);
    wallet_ctx_free(ctx);
}

static void test_jwk_unknown_crv(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
    set_str(j, "crv", "P-192");
    char *text = take_json(j);
    expect_jwk_err(ctx, text, WALLET_ERR_ALG_UNSUPPORTED);
    free(text);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jwk_okp_curve_in_ec_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx,
                   "{\"kty\":\"EC\",\"crv\":\"Ed25519\","
                   "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
                   "\"y\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
                   WALLET_ERR_ALG_UNSUPPORTED);
    wallet_ctx_free(ctx);
}

static void test_jwk_missing_x(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
        cJSON_DeleteItemFromObjectCaseSensitive(j, "x");
        char *text = take_json(j);
        expect_jwk_err(ctx, text, WALLET_ERR_JWK);
        free(text);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_jwk_missing_y(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES384);
    cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
    cJSON_DeleteItemFromObjectCaseSensitive(j, "y");
    char *text = take_json(j);
    expect_jwk_err(ctx, text, WALLET_ERR_JWK);
    free(text);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jwk_x_not_base64url(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const char *const bad[] = {
        "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo",  /* '/' is base64, not base64url */
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=", /* padding */
        "11qYAYKxCrfVS_7TyWQH Og7hcvPapiMlrwIaaPcHURo", /* whitespace */
    };
    for (size_t i = 0; i < 3; i++) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "kty", "OKP");
        cJSON_AddStringToObject(j, "crv", "Ed25519");
        cJSON_AddStringToObject(j, "x", bad[i]);
        char *text = take_json(j);
        expect_jwk_err(ctx, text, WALLET_ERR_JWK);
        free(text);
    }
    wallet_ctx_free(ctx);
}

static void test_jwk_x_not_a_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":42}", WALLET_ERR_JWK);
    wallet_ctx_free(ctx);
}

static void test_jwk_alg_not_fitting_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const struct {
        wallet_alg key_alg;
        const char *jwk_alg;
    } t[] = {
        {WALLET_ALG_ES256, "ES384"},  {WALLET_ALG_ES384, "ES256"}, {WALLET_ALG_ES256, "EdDSA"},
        {WALLET_ALG_EDDSA, "ES256"},  {WALLET_ALG_ES256K, "ES256"}, {WALLET_ALG_ES256, "ES256K"},
        {WALLET_ALG_ES256, "RS256"},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        wallet_key *k = gen(ctx, t[i].key_alg);
        cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
        set_str(j, "alg", t[i].jwk_alg);
        char *text = take_json(j);
        expect_jwk_err(ctx, text, WALLET_ERR_ALG_KEY_MISMATCH);
        free(text);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_jwk_alg_unknown(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx,
                   "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"XS999\","
                   "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
                   WALLET_ERR_ALG_UNSUPPORTED);
    wallet_ctx_free(ctx);
}

static void test_jwk_kid_not_a_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx,
                   "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":7,"
                   "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
                   WALLET_ERR_JWK);
    wallet_ctx_free(ctx);
}

static void test_jwk_duplicate_member(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx,
                   "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                   "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
                   "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
                   WALLET_ERR_JSON_DUPLICATE);
    wallet_ctx_free(ctx);
}

static void test_jwk_not_json(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx, "{\"kty\":\"OKP\",", WALLET_ERR_JSON);
    wallet_ctx_free(ctx);
}

static void test_jwk_not_an_object(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    expect_jwk_err(ctx, "[{\"kty\":\"OKP\"}]", WALLET_ERR_JWK);
    wallet_ctx_free(ctx);
}

static void test_jwk_rsa_1024_bits(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    /* The public half of rsa1024_pem (n printed with `openssl rsa -modulus`). */
    static const char short_rsa[] =
        "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"0VfsN9icbVjsJRFRMo26tMMjRFxN2frUPSUOhWFbq_75SvYQw2KDk2T8L"
        "rDrD0Ysw65ExGqdx1iKQMNI1QEtBkeOHi29W4KA0mnxjZ5_qra0SB4EPeUTqoNTAyeZ0UNCYl2EESftO77pykyvACru7"
        "E01BGBwyd-Oe--NMYVJP50\"}";
    expect_jwk_err(ctx, short_rsa, WALLET_ERR_KEY_INVALID);
    wallet_ctx_free(ctx);
}

/* RFC 7518 §6.3.2 allows a private RSA JWK with "d" alone, but such a key
 * cannot be written as PKCS#8 / PKCS#1: refused at import (found by
 * fuzz_jwk). The same key with its CRT members imports and exports. */
static void test_jwk_rsa_private_without_crt(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    size_t len = 0;
    uint8_t *text = tu_vector("jose-cose/rfc7515-rfc7517-rfc7638-latchset/rfc7515_A.2.jwk", &len);
    cJSON *jwk = cJSON_ParseWithLength((const char *)text, len);
    free(text);
    assert_non_null(jwk);
    char *full = cJSON_PrintUnformatted(jwk);
    wallet_key *k = NULL;
    uint8_t *der = NULL;
    size_t der_len = 0;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, full, strlen(full)));
    tu_assert_ok(ctx, wallet_key_to_der(ctx, &der, &der_len, k, WALLET_EXPORT_PRIVATE));
    wallet_free(der);
    wallet_key_free(k);
    static const char *const crt[] = {"p", "q", "dp", "dq", "qi"};
    for (size_t i = 0; i < 5; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(jwk, crt[i]);
    char *bare = cJSON_PrintUnformatted(jwk);
    expect_jwk_err(ctx, bare, WALLET_ERR_JWK);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "\"qi\""));
    cJSON_free(bare);
    cJSON_free(full);
    cJSON_Delete(jwk);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jwk_point_not_on_curve),
        cmocka_unit_test(test_jwk_coordinate_wrong_length),
        cmocka_unit_test(test_jwk_private_d_wrong_length),
        cmocka_unit_test(test_jwk_d_not_matching_public),
        cmocka_unit_test(test_jwk_kty_oct),
        cmocka_unit_test(test_jwk_kty_unknown),
        cmocka_unit_test(test_jwk_missing_kty),
        cmocka_unit_test(test_jwk_unknown_crv),
        cmocka_unit_test(test_jwk_okp_curve_in_ec_key),
        cmocka_unit_test(test_jwk_missing_x),
        cmocka_unit_test(test_jwk_missing_y),
        cmocka_unit_test(test_jwk_x_not_base64url),
        cmocka_unit_test(test_jwk_x_not_a_string),
        cmocka_unit_test(test_jwk_alg_not_fitting_key),
        cmocka_unit_test(test_jwk_alg_unknown),
        cmocka_unit_test(test_jwk_kid_not_a_string),
        cmocka_unit_test(test_jwk_duplicate_member),
        cmocka_unit_test(test_jwk_not_json),
        cmocka_unit_test(test_jwk_not_an_object),
        cmocka_unit_test(test_jwk_rsa_1024_bits),
        cmocka_unit_test(test_jwk_rsa_private_without_crt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
