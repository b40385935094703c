/*
 * Key round trips shared by the jwk and cose_key targets: a key imported
 * from untrusted input is exported in every form libwallet writes (JWK,
 * COSE_Key, DER, PEM; public and, when it has one, private) and imported
 * again; each re-import must give an equal key. A key that can sign must
 * produce a signature its own public half verifies (the import checks the
 * pair's consistency).
 */
#ifndef WALLET_FUZZ_KEY_H
#define WALLET_FUZZ_KEY_H

#include "fuzz_common.h"

/* Compare what every form carries; `same_meta`: alg and kid too. */
static inline void fz_key_same(const wallet_key *a, const wallet_key *b, int same_private,
                               int same_meta)
{
    FZ_CHECK(wallet_key_equal_public(a, b) == 1 && wallet_key_equal_public(b, a) == 1);
    FZ_CHECK(wallet_key_kty(a) == wallet_key_kty(b));
    FZ_CHECK(wallet_key_curve(a) == wallet_key_curve(b));
    if (same_private)
        FZ_CHECK(wallet_key_can_sign(a) == wallet_key_can_sign(b));
    if (same_meta) {
        FZ_CHECK(wallet_key_alg(a) == wallet_key_alg(b));
        FZ_CHECK(fz_streq_null(wallet_key_kid(a), wallet_key_kid(b)));
    }
}

static inline void fz_key_roundtrip(wallet_ctx *ctx, const wallet_key *key)
{
    int priv = wallet_key_can_sign(key);
    unsigned flags = priv ? WALLET_EXPORT_PRIVATE : WALLET_EXPORT_PUBLIC;
    wallet_key *k2 = NULL;
    uint8_t t1[32], t2[32];
    FZ_CHECK_OK(ctx, wallet_key_thumbprint(ctx, t1, key));

    /* JWK, with private members when present, then public only. */
    for (int pass = 0; pass < 2; pass++) {
        unsigned f = pass ? WALLET_EXPORT_PUBLIC : flags;
        char *jwk = NULL;
        FZ_CHECK_OK(ctx, wallet_key_to_jwk(ctx, &jwk, key, f));
        FZ_CHECK(jwk != NULL);
        wallet_err e = wallet_key_from_jwk(ctx, &k2, jwk, strlen(jwk));
        if (e != WALLET_OK)
            fprintf(stderr, "fuzz: exported JWK does not import: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(e == WALLET_OK);
        fz_key_same(key, k2, f == flags, 1);
        if (f == WALLET_EXPORT_PUBLIC)
            FZ_CHECK(!wallet_key_can_sign(k2));
        FZ_CHECK_OK(ctx, wallet_key_thumbprint(ctx, t2, k2));
        FZ_CHECK(memcmp(t1, t2, 32) == 0);
        wallet_key_free(k2);
        k2 = NULL;
        wallet_free(jwk);
    }
    if (!priv) {
        char *jwk = NULL;
        FZ_CHECK(wallet_key_to_jwk(ctx, &jwk, key, WALLET_EXPORT_PRIVATE) ==
                     WALLET_ERR_KEY_NOT_PRIVATE &&
                 jwk == NULL);
    }

    /* COSE_Key (not for RSA). */
    uint8_t *ck = NULL;
    size_t ck_len = 0;
    wallet_err e = wallet_key_to_cose_key(ctx, &ck, &ck_len, key, flags);
    if (wallet_key_kty(key) == WALLET_KTY_RSA) {
        FZ_CHECK(e == WALLET_ERR_UNSUPPORTED && ck == NULL);
    } else {
        if (e != WALLET_OK)
            fprintf(stderr, "fuzz: COSE_Key export: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(e == WALLET_OK && ck);
        e = wallet_key_from_cose_key(ctx, &k2, ck, ck_len);
        if (e != WALLET_OK)
            fprintf(stderr, "fuzz: exported COSE_Key does not import: %s\n",
                    wallet_ctx_errmsg(ctx));
        FZ_CHECK(e == WALLET_OK);
        fz_key_same(key, k2, 1, 0);
        FZ_CHECK(wallet_key_alg(key) == wallet_key_alg(k2));
        wallet_key_free(k2);
        k2 = NULL;
        wallet_free(ck);
    }

    /* DER and PEM (SPKI / PKCS#8): no alg or kid there. */
    uint8_t *der = NULL;
    size_t der_len = 0;
    FZ_CHECK_OK(ctx, wallet_key_to_der(ctx, &der, &der_len, key, flags));
    FZ_CHECK(der != NULL);
    e = wallet_key_from_der(ctx, &k2, der, der_len);
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz: exported DER does not import: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK);
    fz_key_same(key, k2, 1, 0);
    wallet_key_free(k2);
    k2 = NULL;
    wallet_free(der);
    char *pem = NULL;
    FZ_CHECK_OK(ctx, wallet_key_to_pem(ctx, &pem, key, flags));
    FZ_CHECK(pem != NULL);
    e = wallet_key_from_pem(ctx, &k2, pem, strlen(pem));
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz: exported PEM does not import: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK);
    fz_key_same(key, k2, 1, 0);
    wallet_key_free(k2);
    k2 = NULL;
    wallet_free(pem);

    /* The public half alone. */
    FZ_CHECK_OK(ctx, wallet_key_public(ctx, &k2, key));
    fz_key_same(key, k2, 0, 0);
    FZ_CHECK(!wallet_key_can_sign(k2));

    /* A private key signs what its public half verifies. */
    wallet_alg alg = wallet_key_alg(key);
    if (priv && alg != WALLET_ALG_NONE) {
        static const uint8_t msg[] = "libwallet fuzz message";
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        e = wallet_sign(ctx, &sig, &sig_len, key, alg, msg, sizeof(msg) - 1);
        if (e == WALLET_OK) {
            e = wallet_verify_signature(ctx, k2, alg, WALLET_ALGSET_ALL, msg, sizeof(msg) - 1,
                                        sig, sig_len);
            if (e != WALLET_OK)
                fprintf(stderr, "fuzz: own signature does not verify: %s\n",
                        wallet_ctx_errmsg(ctx));
            FZ_CHECK(e == WALLET_OK);
        } else {
            FZ_CHECK(sig == NULL);
        }
        wallet_free(sig);
    }
    wallet_key_free(k2);
}

#endif /* WALLET_FUZZ_KEY_H */
