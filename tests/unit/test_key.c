/*
 * Keys: generation, import/export round trips (JWK, COSE_Key, PEM, DER),
 * signing and verification for every algorithm, RFC 7638 thumbprints,
 * accessors, and the ways key material is rejected.
 */
#include "test_key_util.h"


static const uint8_t msg[] = "libwallet key test message";
#define MSG_LEN (sizeof(msg) - 1)

/* Test data generated once, offline, with `openssl genrsa 1024`. */
static const char rsa1024_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBANFX7DfYnG1Y7CUR\n"
    "UTKNurTDI0RcTdn61D0lDoVhW6v++Ur2EMNig5Nk/C6w6w9GLMOuRMRqncdYikDD\n"
    "SNUBLQZHjh4tvVuCgNJp8Y2ef6q2tEgeBD3lE6qDUwMnmdFDQmJdhBEn7Tu+6cpM\n"
    "rwAq7uxNNQRgcMnfjnvvjTGFST+dAgMBAAECgYEAzipGqmEa/N1cAs1hJ+ZIf4jG\n"
    "DKbSzN+ncWgzOsw82dBLdrWKoME+T0RezyTQ+cPkhfn0I3PUWuQpk8o+yfdUfFiZ\n"
    "nfD2/uf65cmfdgIPs4h/p3lLeqn9UKeF/Z9Jn1TNZ+Lec1l6UOubROS8SrQVkUG/\n"
    "w493Lktc9QZU03Vhn0kCQQDsqgnJFaBK5ji30dQg1lgmbUKDfoo3Mwpx3RBl8flh\n"
    "4DXv7fhQy4mNQK8LbhwDgrxhm2iQy7sPRYVpvap9khurAkEA4nJ0q+dwt1rUUTg2\n"
    "80ZIaq3Y4e4Cu1r6f7+HTy4cmclwtGrIcQeWa+cPTtyLFTMpKAUwNqIz+AHyZHxI\n"
    "AtEJ1wJAaV6vqqsJSi/EkvtGYjRs3PcKhTdC3J7KCLYvReR9bzl/akreo0JsBMsG\n"
    "5KTqrhl4PFEQNl+u8na2lsTOcsgprwJAH9uCVnzk+qaooBSMhoUowvlaPc7CS6Ft\n"
    "BHPpkVYnZ+tTE87CDETJAL0tBic42e6sp5izQ7xmG0oK0+A4MU0/WQJBAM/Wo9+U\n"
    "E3WfEs6BnBYDIQRU+PSPXsTGDx3QkCbM801HFi4N0Vrc6WK+r/x0GPulzRA6aHf0\n"
    "Bs84LzDMjTnMfBg=\n"
    "-----END PRIVATE KEY-----\n";

/* A P-256 key encrypted with `openssl pkcs8 -topk8 -v2 aes-256-cbc`. */
static const char encrypted_pkcs8_pem[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjvmFiVmOraSgICCAAw\n"
    "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEK/rBJaJOdSyKOB/kL6Xc3kEgZA8\n"
    "IRasW5UfxEGz+cgZ/Pu2z/oAg+c0GEWxlGwzNRgOatzsaDzx78Xh0ypZqU+9i9tg\n"
    "w7pNqNttsKpAosk93BALhLhd+taD4gMpG4GwCAffg2kbhb8x3Qa1JCsSHddtfoLb\n"
    "quiIV2nqSzpBwhN9ONIlF57Jod2+7HlGcTzWeN2UIN5gcxouss2JqoMegAALHZY=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";

/* The same kind of key as a legacy encrypted SEC1 PEM (`openssl ec -aes256`). */
static const char encrypted_sec1_pem[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "Proc-Type: 4,ENCRYPTED\n"
    "DEK-Info: AES-256-CBC,65E72332EAD0149A4AF1B21B5D9C1BF7\n"
    "\n"
    "Cv1K6u9nNEjtD67pHGCsEJnvABQhYumgKawWWnCC+s+yBfTfrirtNoILuXqgBw+M\n"
    "+EQu+bLDEmy1dO2D2Wm2o4tXwHGxLbAsM3FkpUvF9meW+t5EJRG+G6pzhNXmorz0\n"
    "xlPbA5Ig2NrqgPOMjT2sp3NCMXwh4+NunWQe/xZkWmw=\n"
    "-----END EC PRIVATE KEY-----\n";

/* secp256k1 group order n (SEC 2 §2.4.1) and n/2, big-endian. */
static const uint8_t k1_order[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
    0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};
static const uint8_t k1_half_order[32] = {
    0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0};

static void sign_and_check(wallet_ctx *ctx, const wallet_key *signer, const wallet_key *verifier)
{
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    wallet_alg alg = wallet_key_alg(verifier);
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, signer, alg, msg, MSG_LEN));
    tu_assert_ok(ctx, wallet_verify_signature(ctx, verifier, alg, WALLET_ALGSET_ALL, msg, MSG_LEN,
                                              sig, sig_len));
    wallet_free(sig);
}

/* ---- generation and accessors ---------------------------------------------- */

static void test_generate_every_alg(void **state)
{
    (void)state;
    static const struct {
        wallet_alg alg;
        wallet_kty kty;
        wallet_curve crv;
    } want[] = {
        {WALLET_ALG_ES256, WALLET_KTY_EC, WALLET_CURVE_P256},
        {WALLET_ALG_ES384, WALLET_KTY_EC, WALLET_CURVE_P384},
        {WALLET_ALG_ES512, WALLET_KTY_EC, WALLET_CURVE_P521},
        {WALLET_ALG_EDDSA, WALLET_KTY_OKP, WALLET_CURVE_ED25519},
        {WALLET_ALG_ES256K, WALLET_KTY_EC, WALLET_CURVE_SECP256K1},
    };
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        wallet_key *k = gen(ctx, want[i].alg);
        assert_int_equal(wallet_key_alg(k), want[i].alg);
        assert_int_equal(wallet_key_kty(k), want[i].kty);
        assert_int_equal(wallet_key_curve(k), want[i].crv);
        assert_int_equal(wallet_key_can_sign(k), 1);
        assert_null(wallet_key_kid(k));
        /* Two generations give two different keys. */
        wallet_key *k2 = gen(ctx, want[i].alg);
        assert_int_equal(wallet_key_equal_public(k, k2), 0);
        assert_int_equal(wallet_key_equal_public(k, k), 1);
        wallet_key_free(k2);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_alg_names_and_cose_ids(void **state)
{
    (void)state;
    static const struct {
        wallet_alg alg;
        const char *name;
        int64_t cose;
    } t[] = {
        {WALLET_ALG_ES256, "ES256", -7},   {WALLET_ALG_ES384, "ES384", -35},
        {WALLET_ALG_ES512, "ES512", -36},  {WALLET_ALG_EDDSA, "EdDSA", -8},
        {WALLET_ALG_ES256K, "ES256K", -47}, {WALLET_ALG_PS256, "PS256", -37},
        {WALLET_ALG_RS256, "RS256", -257},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        assert_string_equal(wallet_alg_name(t[i].alg), t[i].name);
        assert_int_equal(wallet_alg_from_name(t[i].name), t[i].alg);
        assert_int_equal(wallet_alg_cose_id(t[i].alg), t[i].cose);
        assert_int_equal(wallet_alg_from_cose_id(t[i].cose), t[i].alg);
    }
    assert_null(wallet_alg_name(WALLET_ALG_NONE));
    assert_int_equal(wallet_alg_from_name("none"), WALLET_ALG_NONE);
    assert_int_equal(wallet_alg_from_name("HS256"), WALLET_ALG_NONE);
    assert_int_equal(wallet_alg_from_name("es256"), WALLET_ALG_NONE);
    assert_int_equal(wallet_alg_from_cose_id(5), WALLET_ALG_NONE); /* HMAC 256/256 */
}

static void test_kid_and_alg_accessors(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, "issuer-key-1"));
    assert_string_equal(wallet_key_kid(k), "issuer-key-1");

    /* kid survives JWK and COSE_Key round trips and wallet_key_public. */
    char *jwk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &jwk, k, WALLET_EXPORT_PUBLIC));
    assert_non_null(strstr(jwk, "\"kid\":\"issuer-key-1\""));
    assert_null(strstr(jwk, "\"alg\"")); /* no explicit alg was set */
    wallet_key *j = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &j, jwk, strlen(jwk)));
    assert_string_equal(wallet_key_kid(j), "issuer-key-1");
    uint8_t *ck = NULL;
    size_t ck_len = 0;
    tu_assert_ok(ctx, wallet_key_to_cose_key(ctx, &ck, &ck_len, k, WALLET_EXPORT_PUBLIC));
    wallet_key *c = NULL;
    tu_assert_ok(ctx, wallet_key_from_cose_key(ctx, &c, ck, ck_len));
    assert_string_equal(wallet_key_kid(c), "issuer-key-1");
    wallet_key *p = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &p, k));
    assert_string_equal(wallet_key_kid(p), "issuer-key-1");
    assert_int_equal(wallet_key_can_sign(p), 0);

    /* Clearing the kid. */
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, NULL));
    assert_null(wallet_key_kid(k));

    /* An explicit "alg" in a JWK is kept and exported again. */
    static const char explicit_alg[] =
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"EdDSA\",\"kid\":\"ed\","
        "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    wallet_key *e = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &e, explicit_alg, strlen(explicit_alg)));
    assert_int_equal(wallet_key_alg(e), WALLET_ALG_EDDSA);
    assert_int_equal(wallet_key_kty(e), WALLET_KTY_OKP);
    assert_string_equal(wallet_key_kid(e), "ed");
    char *again = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &again, e, WALLET_EXPORT_PUBLIC));
    assert_string_equal(again, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\","
                               "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
                               "\"alg\":\"EdDSA\",\"kid\":\"ed\"}");

    wallet_free(again);
    wallet_key_free(e);
    wallet_key_free(p);
    wallet_key_free(c);
    wallet_free(ck);
    wallet_key_free(j);
    wallet_free(jwk);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- round trips ------------------------------------------------------------ */

static void test_jwk_round_trip_every_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        char *pub = NULL, *priv = NULL;
        tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &pub, k, WALLET_EXPORT_PUBLIC));
        tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &priv, k, WALLET_EXPORT_PRIVATE));
        assert_null(strstr(pub, "\"d\""));
        assert_non_null(strstr(priv, "\"d\""));
        /* RFC 7638 member order: crv first for EC and OKP. */
        assert_int_equal(strncmp(pub, "{\"crv\":", 7), 0);

        wallet_key *kp = NULL, *kq = NULL;
        tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &kp, pub, strlen(pub)));
        tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &kq, priv, strlen(priv)));
        assert_int_equal(wallet_key_equal_public(k, kp), 1);
        assert_int_equal(wallet_key_equal_public(k, kq), 1);
        assert_int_equal(wallet_key_can_sign(kp), 0);
        assert_int_equal(wallet_key_can_sign(kq), 1);
        assert_int_equal(wallet_key_alg(kp), all_algs[i]);
        /* The imported private key signs for the original public key. */
        sign_and_check(ctx, kq, k);
        sign_and_check(ctx, k, kp);
        /* Exporting the imported key gives the same text. */
        char *priv2 = NULL;
        tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &priv2, kq, WALLET_EXPORT_PRIVATE));
        assert_string_equal(priv, priv2);
        wallet_free(priv2);
        wallet_key_free(kp);
        wallet_key_free(kq);
        wallet_free(pub);
        wallet_free(priv);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_cose_key_round_trip_every_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        for (unsigned flags = 0; flags <= WALLET_EXPORT_PRIVATE; flags++) {
            uint8_t *ck = NULL;
            size_t n = 0;
            tu_assert_ok(ctx, wallet_key_to_cose_key(ctx, &ck, &n, k, flags));
            assert_true(n > 32);
            assert_int_equal(ck[0] & 0xE0, 0xA0); /* a map */
            wallet_key *back = NULL;
            tu_assert_ok(ctx, wallet_key_from_cose_key(ctx, &back, ck, n));
            assert_int_equal(wallet_key_equal_public(k, back), 1);
            assert_int_equal(wallet_key_can_sign(back), (int)flags);
            assert_int_equal(wallet_key_curve(back), wallet_key_curve(k));
            if (flags)
                sign_and_check(ctx, back, k);
            /* Deterministic: exporting again gives identical bytes. */
            uint8_t *ck2 = NULL;
            size_t n2 = 0;
            tu_assert_ok(ctx, wallet_key_to_cose_key(ctx, &ck2, &n2, back, flags));
            assert_int_equal(n, n2);
            assert_memory_equal(ck, ck2, n);
            wallet_free(ck2);
            wallet_key_free(back);
            wallet_free(ck);
        }
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_pem_round_trip_every_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        char *spki = NULL, *pkcs8 = NULL;
        tu_assert_ok(ctx, wallet_key_to_pem(ctx, &spki, k, WALLET_EXPORT_PUBLIC));
        tu_assert_ok(ctx, wallet_key_to_pem(ctx, &pkcs8, k, WALLET_EXPORT_PRIVATE));
        assert_non_null(strstr(spki, "-----BEGIN PUBLIC KEY-----"));
        assert_non_null(strstr(pkcs8, "-----BEGIN PRIVATE KEY-----"));
        wallet_key *a = NULL, *b = NULL;
        tu_assert_ok(ctx, wallet_key_from_pem(ctx, &a, spki, strlen(spki)));
        tu_assert_ok(ctx, wallet_key_from_pem(ctx, &b, pkcs8, strlen(pkcs8)));
        assert_int_equal(wallet_key_equal_public(k, a), 1);
        assert_int_equal(wallet_key_equal_public(k, b), 1);
        assert_int_equal(wallet_key_can_sign(a), 0);
        assert_int_equal(wallet_key_can_sign(b), 1);
        assert_int_equal(wallet_key_alg(b), all_algs[i]);
        sign_and_check(ctx, b, a);
        wallet_key_free(a);
        wallet_key_free(b);
        wallet_free(spki);
        wallet_free(pkcs8);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_der_round_trip_every_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        uint8_t *spki = NULL, *pkcs8 = NULL;
        size_t spki_len = 0, pkcs8_len = 0;
        tu_assert_ok(ctx, wallet_key_to_der(ctx, &spki, &spki_len, k, WALLET_EXPORT_PUBLIC));
        tu_assert_ok(ctx, wallet_key_to_der(ctx, &pkcs8, &pkcs8_len, k, WALLET_EXPORT_PRIVATE));
        assert_int_equal(spki[0], 0x30);
        assert_int_equal(pkcs8[0], 0x30);
        wallet_key *a = NULL, *b = NULL;
        tu_assert_ok(ctx, wallet_key_from_der(ctx, &a, spki, spki_len));
        tu_assert_ok(ctx, wallet_key_from_der(ctx, &b, pkcs8, pkcs8_len));
        assert_int_equal(wallet_key_equal_public(k, a), 1);
        assert_int_equal(wallet_key_equal_public(k, b), 1);
        assert_int_equal(wallet_key_can_sign(a), 0);
        assert_int_equal(wallet_key_can_sign(b), 1);
        sign_and_check(ctx, b, a);
        wallet_key_free(a);
        wallet_key_free(b);
        wallet_free(spki);
        wallet_free(pkcs8);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_thumbprint_stable_across_formats(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        uint8_t tp[32], other[32];
        tu_assert_ok(ctx, wallet_key_thumbprint(ctx, tp, k));

        /* The kid is not part of the thumbprint (RFC 7638 §3.2). */
        tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, "some-kid"));
        tu_assert_ok(ctx, wallet_key_thumbprint(ctx, other, k));
        assert_memory_equal(tp, other, 32);

        char *jwk = NULL, *pem = NULL;
        uint8_t *der = NULL, *ck = NULL;
        size_t der_len = 0, ck_len = 0;
        tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &jwk, k, WALLET_EXPORT_PRIVATE));
        tu_assert_ok(ctx, wallet_key_to_pem(ctx, &pem, k, WALLET_EXPORT_PUBLIC));
        tu_assert_ok(ctx, wallet_key_to_der(ctx, &der, &der_len, k, WALLET_EXPORT_PRIVATE));
        tu_assert_ok(ctx, wallet_key_to_cose_key(ctx, &ck, &ck_len, k, WALLET_EXPORT_PUBLIC));
        wallet_key *from[5] = {NULL};
        tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &from[0], jwk, strlen(jwk)));
        tu_assert_ok(ctx, wallet_key_from_pem(ctx, &from[1], pem, strlen(pem)));
        tu_assert_ok(ctx, wallet_key_from_der(ctx, &from[2], der, der_len));
        tu_assert_ok(ctx, wallet_key_from_cose_key(ctx, &from[3], ck, ck_len));
        tu_assert_ok(ctx, wallet_key_public(ctx, &from[4], k));
        for (size_t f = 0; f < 5; f++) {
            memset(other, 0, sizeof(other));
            tu_assert_ok(ctx, wallet_key_thumbprint(ctx, other, from[f]));
            assert_memory_equal(tp, other, 32);
            wallet_key_free(from[f]);
        }
        /* A different key has a different thumbprint. */
        wallet_key *k2 = gen(ctx, all_algs[i]);
        tu_assert_ok(ctx, wallet_key_thumbprint(ctx, other, k2));
        assert_memory_not_equal(tp, other, 32);
        wallet_key_free(k2);
        wallet_free(jwk);
        wallet_free(pem);
        wallet_free(der);
        wallet_free(ck);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

/* RFC 7638 §3.1 (RSA key of RFC 7517 Appendix A.1) and RFC 8037 Appendix
 * A.3 (Ed25519): published thumbprints. */
static void test_thumbprint_rfc_examples(void **state)
{
    (void)state;
    static const char rsa[] =
        "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1"
        "RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf"
        "0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08"
        "qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKn"
        "qDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";
    static const char ed[] = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                             "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    static const struct {
        const char *jwk, *tp;
    } t[] = {{rsa, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"},
             {ed, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}};
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < 2; i++) {
        wallet_key *k = NULL;
        tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, t[i].jwk, strlen(t[i].jwk)));
        uint8_t tp[32];
        tu_assert_ok(ctx, wallet_key_thumbprint(ctx, tp, k));
        char *b64 = NULL;
        tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b64, NULL, tp, 32));
        assert_string_equal(b64, t[i].tp);
        wallet_free(b64);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

/* RFC 9053 §7.1.1: y may be given as the sign bit of a compressed point. */
static void test_cose_key_compressed_point_imports(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const struct {
        wallet_alg alg;
        uint8_t crv;
    } t[] = {{WALLET_ALG_ES256, 0x01}, {WALLET_ALG_ES256K, 0x08}};
    for (size_t i = 0; i < 2; i++) {
        wallet_key *k = gen(ctx, t[i].alg);
        cJSON *j = jwk_json(ctx, k, WALLET_EXPORT_PUBLIC);
        size_t xl, yl;
        uint8_t *x = member_bytes(ctx, j, "x", &xl);
        uint8_t *y = member_bytes(ctx, j, "y", &yl);
        assert_int_equal(xl, 32);
        int odd = y[31] & 1;
        /* {1: 2, -1: crv, -2: h'x', -3: true/false} */
        uint8_t ck[8 + 32];
        size_t n = 0;
        ck[n++] = 0xA4;
        ck[n++] = 0x01;
        ck[n++] = 0x02;
        ck[n++] = 0x20;
        ck[n++] = t[i].crv;
        ck[n++] = 0x21;
        ck[n++] = 0x58;
        ck[n++] = 0x20;
        memcpy(ck + n, x, 32);
        n += 32;
        uint8_t full[sizeof(ck) + 2];
        memcpy(full, ck, n);
        full[n] = 0x22;
        full[n + 1] = odd ? 0xF5 : 0xF4;
        wallet_key *c = NULL;
        tu_assert_ok(ctx, wallet_key_from_cose_key(ctx, &c, full, n + 2));
        assert_int_equal(wallet_key_equal_public(k, c), 1);
        assert_int_equal(wallet_key_can_sign(c), 0);
        sign_and_check(ctx, k, c);
        /* The other sign is the other point with this x: valid, but not k. */
        full[n + 1] = odd ? 0xF4 : 0xF5;
        wallet_key *other = NULL;
        tu_assert_ok(ctx, wallet_key_from_cose_key(ctx, &other, full, n + 2));
        assert_int_equal(wallet_key_equal_public(k, other), 0);
        wallet_key_free(other);
        wallet_key_free(c);
        free(x);
        free(y);
        cJSON_Delete(j);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

/* ---- signing ----------------------------------------------------------------- */

static void test_sign_verify_every_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const size_t sig_size[] = {64, 96, 132, 64, 64};
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        wallet_key *pub = NULL;
        tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        /* WALLET_ALG_NONE: the key's default algorithm. */
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_NONE, msg, MSG_LEN));
        assert_int_equal(sig_len, sig_size[i]);
        tu_assert_ok(ctx, wallet_verify_signature(ctx, pub, all_algs[i],
                                                  WALLET_ALGSET(all_algs[i]), msg, MSG_LEN, sig,
                                                  sig_len));
        assert_string_equal(wallet_ctx_errmsg(ctx), "");
        /* A changed message does not verify. */
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, pub, all_algs[i], WALLET_ALGSET_ALL, msg,
                                              MSG_LEN - 1, sig, sig_len),
                      WALLET_ERR_SIGNATURE);
        /* A changed signature does not verify. */
        sig[sig_len / 4] ^= 0x01;
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, pub, all_algs[i], WALLET_ALGSET_ALL, msg,
                                              MSG_LEN, sig, sig_len),
                      WALLET_ERR_SIGNATURE);
        wallet_free(sig);
        /* The empty message can be signed too. */
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, all_algs[i], NULL, 0));
        tu_assert_ok(ctx, wallet_verify_signature(ctx, pub, all_algs[i], WALLET_ALGSET_ALL, NULL,
                                                  0, sig, sig_len));
        wallet_free(sig);
        wallet_key_free(pub);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_es256k_signatures_are_low_s(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256K);
    for (int i = 0; i < 32; i++) {
        uint8_t m[4] = {(uint8_t)i, 1, 2, 3};
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_ES256K, m, sizeof(m)));
        assert_int_equal(sig_len, 64);
        assert_true(memcmp(sig + 32, k1_half_order, 32) <= 0);
        wallet_free(sig);
    }
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* s' = n - s over 32-byte big-endian numbers (0 < s < n). */
static void negate_mod_n(uint8_t s[32])
{
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int d = (int)k1_order[i] - (int)s[i] - borrow;
        borrow = d < 0;
        s[i] = (uint8_t)(d + (borrow ? 256 : 0));
    }
    assert_int_equal(borrow, 0);
}

static void test_es256k_high_s_signature_verifies(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256K);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_ES256K, msg, MSG_LEN));
    negate_mod_n(sig + 32);
    assert_true(memcmp(sig + 32, k1_half_order, 32) > 0); /* now high-S */
    tu_assert_ok(ctx, wallet_verify_signature(ctx, k, WALLET_ALG_ES256K, WALLET_ALGSET_ALL, msg,
                                              MSG_LEN, sig, sig_len));
    /* High-S over another message still fails. */
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_ES256K, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN - 1, sig, sig_len),
                  WALLET_ERR_SIGNATURE);
    wallet_free(sig);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_es256k_s_not_below_order_rejected(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256K);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_ES256K, msg, MSG_LEN));
    memcpy(sig + 32, k1_order, 32); /* s = n is out of range */
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_ES256K, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN, sig, sig_len),
                  WALLET_ERR_SIGNATURE);
    wallet_free(sig);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: PEM and DER ---------------------------------------------------- */

static void test_pem_rsa_1024_bits(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_pem(ctx, &k, rsa1024_pem, strlen(rsa1024_pem)),
                  WALLET_ERR_KEY_INVALID);
    assert_null(k);
    wallet_ctx_free(ctx);
}

static void test_pem_encrypted_pkcs8(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_key_from_pem(ctx, &k, encrypted_pkcs8_pem, strlen(encrypted_pkcs8_pem)),
                  WALLET_ERR_PEM);
    assert_null(k);
    wallet_ctx_free(ctx);
}

static void test_pem_encrypted_sec1(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_key_from_pem(ctx, &k, encrypted_sec1_pem, strlen(encrypted_sec1_pem)),
                  WALLET_ERR_PEM);
    assert_null(k);
    wallet_ctx_free(ctx);
}

static void test_pem_without_key_block(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const char text[] = "-----BEGIN SOMETHING-----\nAAAA\n-----END SOMETHING-----\n";
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_pem(ctx, &k, text, strlen(text)), WALLET_ERR_PEM);
    assert_null(k);
    wallet_ctx_free(ctx);
}

static void test_pem_corrupt_base64_body(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const char text[] = "-----BEGIN PUBLIC KEY-----\n!!!!not base64!!!!\n"
                               "-----END PUBLIC KEY-----\n";
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_pem(ctx, &k, text, strlen(text)), WALLET_ERR_PEM);
    assert_null(k);
    wallet_ctx_free(ctx);
}

static void test_der_garbage(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const uint8_t garbage[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_der(ctx, &k, garbage, sizeof(garbage)), WALLET_ERR_DER);
    assert_null(k);
    wallet_ctx_free(ctx);
}

static void test_der_truncated(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *key = gen(ctx, WALLET_ALG_ES256);
    uint8_t *der = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_key_to_der(ctx, &der, &n, key, WALLET_EXPORT_PUBLIC));
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_der(ctx, &k, der, n - 1), WALLET_ERR_DER);
    assert_null(k);
    wallet_free(der);
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

static void test_der_trailing_byte(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *key = gen(ctx, WALLET_ALG_ES256);
    for (unsigned flags = 0; flags <= WALLET_EXPORT_PRIVATE; flags++) {
        uint8_t *der = NULL;
        size_t n = 0;
        tu_assert_ok(ctx, wallet_key_to_der(ctx, &der, &n, key, flags));
        uint8_t *longer = malloc(n + 1);
        assert_non_null(longer);
        memcpy(longer, der, n);
        longer[n] = 0x00;
        wallet_key *k = (wallet_key *)(uintptr_t)1;
        tu_assert_err(ctx, wallet_key_from_der(ctx, &k, longer, n + 1), WALLET_ERR_TRAILING_DATA);
        assert_null(k);
        free(longer);
        wallet_free(der);
    }
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

/* ---- negative: COSE_Key -------------------------------------------------------- */

static void expect_cose_key_err(wallet_ctx *ctx, const uint8_t *ck, size_t n, wallet_err want)
{
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_cose_key(ctx, &k, ck, n), want);
    assert_null(k);
}

static void test_cose_key_okp_kty_with_ec_curve(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    /* {1: 1 (OKP), -1: 1 (P-256), -2: h'00'*32} */
    uint8_t ck[7 + 32] = {0xA3, 0x01, 0x01, 0x20, 0x01, 0x21, 0x58, 0x20};
    expect_cose_key_err(ctx, ck, 8 + 32, WALLET_ERR_COSE_KEY);
    wallet_ctx_free(ctx);
}

static void test_cose_key_ec2_kty_with_okp_curve(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *key = gen(ctx, WALLET_ALG_ES256);
    uint8_t *ck = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_key_to_cose_key(ctx, &ck, &n, key, WALLET_EXPORT_PUBLIC));
    /* Deterministic order: 1:2, -1:1, ... — set crv (offset 4) to 6 (Ed25519). */
    assert_int_equal(ck[1], 0x01);
    assert_int_equal(ck[3], 0x20);
    assert_int_equal(ck[4], 0x01);
    ck[4] = 0x06;
    expect_cose_key_err(ctx, ck, n, WALLET_ERR_COSE_KEY);
    wallet_free(ck);
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

static void test_cose_key_symmetric_kty(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    /* {1: 4 (Symmetric), -1: h'0102'} */
    static const uint8_t ck[] = {0xA2, 0x01, 0x04, 0x20, 0x42, 0x01, 0x02};
    expect_cose_key_err(ctx, ck, sizeof(ck), WALLET_ERR_COSE_KEY);
    wallet_ctx_free(ctx);
}

static void test_cose_key_missing_y(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    uint8_t ck[8 + 32] = {0xA3, 0x01, 0x02, 0x20, 0x01, 0x21, 0x58, 0x20};
    memset(ck + 8, 0x11, 32);
    expect_cose_key_err(ctx, ck, sizeof(ck), WALLET_ERR_COSE_KEY);
    wallet_ctx_free(ctx);
}

static void test_cose_key_x_not_bytes(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    /* {1: 1, -1: 6, -2: "x"} */
    static const uint8_t ck[] = {0xA3, 0x01, 0x01, 0x20, 0x06, 0x21, 0x61, 0x78};
    expect_cose_key_err(ctx, ck, sizeof(ck), WALLET_ERR_COSE_KEY);
    wallet_ctx_free(ctx);
}

static void test_cose_key_not_cbor(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const uint8_t ck[] = {0xA3, 0x01, 0x01}; /* truncated map */
    expect_cose_key_err(ctx, ck, sizeof(ck), WALLET_ERR_CBOR);
    wallet_ctx_free(ctx);
}

static void test_cose_key_not_a_map(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const uint8_t ck[] = {0x82, 0x01, 0x02};
    expect_cose_key_err(ctx, ck, sizeof(ck), WALLET_ERR_COSE_KEY);
    wallet_ctx_free(ctx);
}

static void test_cose_key_point_not_on_curve(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *key = gen(ctx, WALLET_ALG_ES256);
    uint8_t *ck = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_key_to_cose_key(ctx, &ck, &n, key, WALLET_EXPORT_PUBLIC));
    ck[n - 1] ^= 0x01; /* last byte of y */
    expect_cose_key_err(ctx, ck, n, WALLET_ERR_KEY_INVALID);
    wallet_free(ck);
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

/* ---- negative: usage ------------------------------------------------------------ */

static void test_export_private_of_public_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        wallet_key *pub = NULL;
        tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
        char *text = (char *)(uintptr_t)1;
        uint8_t *bin = (uint8_t *)(uintptr_t)1;
        size_t len = 99;
        tu_assert_err(ctx, wallet_key_to_jwk(ctx, &text, pub, WALLET_EXPORT_PRIVATE),
                      WALLET_ERR_KEY_NOT_PRIVATE);
        assert_null(text);
        text = (char *)(uintptr_t)1;
        tu_assert_err(ctx, wallet_key_to_pem(ctx, &text, pub, WALLET_EXPORT_PRIVATE),
                      WALLET_ERR_KEY_NOT_PRIVATE);
        assert_null(text);
        tu_assert_err(ctx, wallet_key_to_der(ctx, &bin, &len, pub, WALLET_EXPORT_PRIVATE),
                      WALLET_ERR_KEY_NOT_PRIVATE);
        assert_null(bin);
        assert_int_equal(len, 0);
        bin = (uint8_t *)(uintptr_t)1;
        len = 99;
        tu_assert_err(ctx, wallet_key_to_cose_key(ctx, &bin, &len, pub, WALLET_EXPORT_PRIVATE),
                      WALLET_ERR_KEY_NOT_PRIVATE);
        assert_null(bin);
        assert_int_equal(len, 0);
        wallet_key_free(pub);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_export_unknown_flags(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *text = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_to_jwk(ctx, &text, k, 7u), WALLET_ERR_INVALID_ARG);
    assert_null(text);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_generate_rsa_unsupported(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    static const wallet_alg algs[] = {WALLET_ALG_RS256, WALLET_ALG_PS256, WALLET_ALG_RS512,
                                      WALLET_ALG_NONE};
    for (size_t i = 0; i < 4; i++) {
        wallet_key *k = (wallet_key *)(uintptr_t)1;
        tu_assert_err(ctx, wallet_key_generate(ctx, &k, algs[i]), WALLET_ERR_ALG_UNSUPPORTED);
        assert_null(k);
    }
    wallet_ctx_free(ctx);
}

static void test_sign_with_public_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA);
    wallet_key *pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    uint8_t *sig = (uint8_t *)(uintptr_t)1;
    size_t sig_len = 99;
    tu_assert_err(ctx, wallet_sign(ctx, &sig, &sig_len, pub, WALLET_ALG_EDDSA, msg, MSG_LEN),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(sig);
    assert_int_equal(sig_len, 0);
    wallet_key_free(pub);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign_with_alg_not_fitting_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t *sig = (uint8_t *)(uintptr_t)1;
    size_t sig_len = 99;
    tu_assert_err(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_ES512, msg, MSG_LEN),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(sig);
    assert_int_equal(sig_len, 0);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_verify_alg_not_in_allow_list(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, all_algs[i], msg, MSG_LEN));
        wallet_algset others = WALLET_ALGSET_ALL & ~WALLET_ALGSET(all_algs[i]);
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, k, all_algs[i], others, msg, MSG_LEN, sig,
                                              sig_len),
                      WALLET_ERR_ALG_NOT_ALLOWED);
        wallet_free(sig);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_verify_alg_none(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t sig[64] = {1};
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_NONE, WALLET_ALGSET_ALL, msg, MSG_LEN,
                                          sig, sizeof(sig)),
                  WALLET_ERR_ALG_NOT_ALLOWED);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_verify_empty_allow_list(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_ES256, msg, MSG_LEN));
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_ES256, 0, msg, MSG_LEN, sig, sig_len),
                  WALLET_ERR_INVALID_ARG);
    wallet_free(sig);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_verify_es256_signature_as_es384(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, WALLET_ALG_ES256, msg, MSG_LEN));
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_ES384, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN, sig, sig_len),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    /* EdDSA on an EC key and ES256K on a P-256 key are mismatches too. */
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_EDDSA, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN, sig, sig_len),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_ES256K, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN, sig, sig_len),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_free(sig);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_verify_wrong_length_signature(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, k, all_algs[i], msg, MSG_LEN));
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, k, all_algs[i], WALLET_ALGSET_ALL, msg, MSG_LEN,
                                              sig, sig_len - 1),
                      WALLET_ERR_SIGNATURE);
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, k, all_algs[i], WALLET_ALGSET_ALL, msg, MSG_LEN,
                                              sig, 0),
                      WALLET_ERR_SIGNATURE);
        wallet_free(sig);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_verify_with_other_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *a = gen(ctx, all_algs[i]);
        wallet_key *b = gen(ctx, all_algs[i]);
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, a, all_algs[i], msg, MSG_LEN));
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, b, all_algs[i], WALLET_ALGSET_ALL, msg, MSG_LEN,
                                              sig, sig_len),
                      WALLET_ERR_SIGNATURE);
        wallet_free(sig);
        wallet_key_free(a);
        wallet_key_free(b);
    }
    wallet_ctx_free(ctx);
}

static void test_explicit_alg_key_refuses_other_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    /* An RSA key published for RS256 may not be used for PS256 (RFC 7517 §4.4). */
    static const char rsa[] =
        "{\"kty\":\"RSA\",\"alg\":\"RS256\",\"e\":\"AQAB\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAF"
        "bWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4"
        "Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6"
        "qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1"
        "jF44-csFCur-kEgU8awapJzKnqDKgw\"}";
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, rsa, strlen(rsa)));
    assert_int_equal(wallet_key_kty(k), WALLET_KTY_RSA);
    assert_int_equal(wallet_key_alg(k), WALLET_ALG_RS256);
    static const uint8_t sig[256] = {1};
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_PS256, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN, sig, sizeof(sig)),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    /* With its own algorithm, a bad signature is just a bad signature. */
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, k, WALLET_ALG_RS256, WALLET_ALGSET_ALL, msg,
                                          MSG_LEN, sig, sizeof(sig)),
                  WALLET_ERR_SIGNATURE);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_export_null_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    char *text = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_to_jwk(ctx, &text, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(text);
    text = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_to_pem(ctx, &text, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(text);
    uint8_t *bin = (uint8_t *)(uintptr_t)1;
    size_t len = 99;
    tu_assert_err(ctx, wallet_key_to_der(ctx, &bin, &len, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(bin);
    assert_int_equal(len, 0);
    bin = (uint8_t *)(uintptr_t)1;
    len = 99;
    tu_assert_err(ctx, wallet_key_to_cose_key(ctx, &bin, &len, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(bin);
    assert_int_equal(len, 0);
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_public(ctx, &k, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(k);
    uint8_t tp[32];
    memset(tp, 0xEE, sizeof(tp));
    tu_assert_err(ctx, wallet_key_thumbprint(ctx, tp, NULL), WALLET_ERR_INVALID_ARG);
    static const uint8_t zero[32] = {0};
    assert_memory_equal(tp, zero, 32);
    wallet_ctx_free(ctx);
}

static void test_import_null_arguments(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_jwk(ctx, &k, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(k);
    k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_pem(ctx, &k, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(k);
    k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_der(ctx, &k, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(k);
    k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_cose_key(ctx, &k, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(k);
    tu_assert_err(ctx, wallet_key_generate(ctx, NULL, WALLET_ALG_ES256), WALLET_ERR_INVALID_ARG);
    wallet_key_free(NULL);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_generate_every_alg),
        cmocka_unit_test(test_alg_names_and_cose_ids),
        cmocka_unit_test(test_kid_and_alg_accessors),
        cmocka_unit_test(test_jwk_round_trip_every_alg),
        cmocka_unit_test(test_cose_key_round_trip_every_alg),
        cmocka_unit_test(test_pem_round_trip_every_alg),
        cmocka_unit_test(test_der_round_trip_every_alg),
        cmocka_unit_test(test_thumbprint_stable_across_formats),
        cmocka_unit_test(test_thumbprint_rfc_examples),
        cmocka_unit_test(test_cose_key_compressed_point_imports),
        cmocka_unit_test(test_sign_verify_every_alg),
        cmocka_unit_test(test_es256k_signatures_are_low_s),
        cmocka_unit_test(test_es256k_high_s_signature_verifies),
        /* negative */
        cmocka_unit_test(test_es256k_s_not_below_order_rejected),
        cmocka_unit_test(test_pem_rsa_1024_bits),
        cmocka_unit_test(test_pem_encrypted_pkcs8),
        cmocka_unit_test(test_pem_encrypted_sec1),
        cmocka_unit_test(test_pem_without_key_block),
        cmocka_unit_test(test_pem_corrupt_base64_body),
        cmocka_unit_test(test_der_garbage),
        cmocka_unit_test(test_der_truncated),
        cmocka_unit_test(test_der_trailing_byte),
        cmocka_unit_test(test_cose_key_okp_kty_with_ec_curve),
        cmocka_unit_test(test_cose_key_ec2_kty_with_okp_curve),
        cmocka_unit_test(test_cose_key_symmetric_kty),
        cmocka_unit_test(test_cose_key_missing_y),
        cmocka_unit_test(test_cose_key_x_not_bytes),
        cmocka_unit_test(test_cose_key_not_cbor),
        cmocka_unit_test(test_cose_key_not_a_map),
        cmocka_unit_test(test_cose_key_point_not_on_curve),
        cmocka_unit_test(test_export_private_of_public_key),
        cmocka_unit_test(test_export_unknown_flags),
        cmocka_unit_test(test_generate_rsa_unsupported),
        cmocka_unit_test(test_sign_with_public_key),
        cmocka_unit_test(test_sign_with_alg_not_fitting_key),
        cmocka_unit_test(test_verify_alg_not_in_allow_list),
        cmocka_unit_test(test_verify_alg_none),
        cmocka_unit_test(test_verify_empty_allow_list),
        cmocka_unit_test(test_verify_es256_signature_as_es384),
        cmocka_unit_test(test_verify_wrong_length_signature),
        cmocka_unit_test(test_verify_with_other_key),
        cmocka_unit_test(test_explicit_alg_key_refuses_other_alg),
        cmocka_unit_test(test_export_null_key),
        cmocka_unit_test(test_import_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
