/*
 * Keys: lifecycle, accessors, generation, raw import/export through
 * OpenSSL 3's provider interface (EVP_PKEY_fromdata / get_params).
 */
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <pthread.h>

#include "key_impl.h"

static wallet_key *wl_key_alloc(void)
{
    wallet_key *k = wl_calloc(1, sizeof(*k));
    if (!k)
        return NULL;
    atomic_init(&k->refs, 1);
    for (size_t i = 0; i < WL_ARRAY_LEN(k->op); i++)
        if (pthread_mutex_init(&k->op[i].lock, NULL) != 0) {
            while (i-- > 0)
                pthread_mutex_destroy(&k->op[i].lock);
            free(k);
            return NULL;
        }
    return k;
}

wallet_key *wl_key_ref(const wallet_key *key)
{
    wallet_key *k = (wallet_key *)(uintptr_t)key; /* the count is mutable; the key is not */
    if (k)
        atomic_fetch_add(&k->refs, 1);
    return k;
}

void wallet_key_free(wallet_key *key)
{
    if (!key || atomic_fetch_sub(&key->refs, 1) != 1)
        return;
    if (key->signer_release)
        key->signer_release(key->signer_user);
    for (size_t i = 0; i < WL_ARRAY_LEN(key->op); i++) {
        wl_op_cache_clear(&key->op[i], (int)i);
        pthread_mutex_destroy(&key->op[i].lock);
    }
    EVP_PKEY_free(key->pkey);
    wl_memzero(key->k1_priv, sizeof(key->k1_priv));
    free(key->kid);
    wl_memzero(key, sizeof(*key));
    free(key);
}

static const char *wl_ossl_group(wallet_curve crv)
{
    switch (crv) {
    case WALLET_CURVE_P256: return "prime256v1";
    case WALLET_CURVE_P384: return "secp384r1";
    case WALLET_CURVE_P521: return "secp521r1";
    case WALLET_CURVE_SECP256K1: return "secp256k1";
    default: return NULL;
    }
}

static wallet_curve wl_curve_from_group(const char *g)
{
    if (!strcmp(g, "prime256v1") || !strcmp(g, "P-256") || !strcmp(g, "secp256r1"))
        return WALLET_CURVE_P256;
    if (!strcmp(g, "secp384r1") || !strcmp(g, "P-384"))
        return WALLET_CURVE_P384;
    if (!strcmp(g, "secp521r1") || !strcmp(g, "P-521"))
        return WALLET_CURVE_P521;
    if (!strcmp(g, "secp256k1"))
        return WALLET_CURVE_SECP256K1;
    return WALLET_CURVE_NONE;
}

/* A new key holding pkey (ownership taken; freed when this fails). */
static wallet_key *wl_key_wrap(EVP_PKEY *pkey)
{
    wallet_key *k = wl_key_alloc();
    if (!k)
        EVP_PKEY_free(pkey);
    else
        k->pkey = pkey;
    return k;
}

wallet_err wl_key_check_point(wallet_ctx *ctx, EVP_PKEY *pkey)
{
    /* The public point must be there to export (JWK, thumbprint): an
     * ECPrivateKey may omit it (RFC 5915 §3, publicKey is OPTIONAL) and
     * OpenSSL does not always derive it, and a damaged certificate can
     * yield a key without one. Found by fuzz_pem: such keys imported but
     * could not be exported. The query converts the point to affine form
     * (~6 us), so keys taken from a certificate are checked once per
     * certificate (wallet_cert_public_key). */
    BIGNUM *x = NULL;
    wallet_err e = WALLET_OK;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x) != 1)
        e = wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "EC key without its public point");
    BN_free(x);
    return e;
}

wallet_err wl_key_from_pkey(wallet_ctx *ctx, wallet_key **out, EVP_PKEY *pkey, int has_private)
{
    return wl_key_from_pkey_ex(ctx, out, pkey, has_private, 1);
}

wallet_err wl_key_from_pkey_ex(wallet_ctx *ctx, wallet_key **out, EVP_PKEY *pkey,
                               int has_private, int check_point)
{
    *out = NULL;
    wallet_key *k = wl_key_wrap(pkey);
    if (!k)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    k->has_private = has_private;
    wallet_err e = WALLET_OK;
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_EC: {
        char group[64];
        size_t glen = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                           sizeof(group), &glen) != 1) {
            e = wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "EC key without a named curve");
            break;
        }
        k->kty = WALLET_KTY_EC;
        k->curve = wl_curve_from_group(group);
        if (k->curve == WALLET_CURVE_NONE)
            e = wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "unsupported EC curve %.40s", group);
        else if (check_point) {
            e = wl_key_check_point(ctx, pkey);
        }
        if (!e && k->curve == WALLET_CURVE_SECP256K1)
            e = wl_k1_init_key(ctx, k);
        break;
    }
    case EVP_PKEY_ED25519:
        k->kty = WALLET_KTY_OKP;
        k->curve = WALLET_CURVE_ED25519;
        break;
    case EVP_PKEY_ED448:
        k->kty = WALLET_KTY_OKP;
        k->curve = WALLET_CURVE_ED448;
        break;
    case EVP_PKEY_RSA:
        k->kty = WALLET_KTY_RSA;
        k->curve = WALLET_CURVE_NONE;
        /* RFC 7518 §3.3 / §3.5: keys of 2048 bits or larger MUST be used. */
        if (EVP_PKEY_get_bits(pkey) < 2048)
            e = wl_err(ctx, WALLET_ERR_KEY_INVALID, "RSA key of %d bits (2048 required)",
                       EVP_PKEY_get_bits(pkey));
        break;
    default:
        e = wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "unsupported key type");
    }
    if (e) {
        wallet_key_free(k);
        return e;
    }
    k->alg = wl_curve_default_alg(k->curve);
    *out = k;
    return WALLET_OK;
}

/* Check a freshly imported key: public point valid; private half matches.
 * EC keys get OpenSSL's "quick" public check (point in range, on the curve,
 * not at infinity) rather than the full one, which adds n*Q = O: every
 * curve libwallet accepts (P-256/384/521, secp256k1) has prime order
 * (cofactor 1), where a point on the curve other than infinity always has
 * order n (SEC 1 v2 §3.2.2.1 needs step 3.2.2.1.4 only for h > 1). The full
 * check is a scalar multiplication — as costly as half a verification — and
 * SD-JWT verifiers import a holder ("cnf") key for every presentation. */
static wallet_err wl_key_validate(wallet_ctx *ctx, EVP_PKEY *pkey, int has_private)
{
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (!c)
        return wl_ossl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    /* The EC curves libwallet accepts (P-256/384/521, secp256k1) have
     * cofactor 1: every point on the curve other than the point at infinity
     * has the prime order n. The "quick" check (SP 800-56A partial public-key
     * validation: not infinity, coordinates in range, on the curve) is then
     * complete; the full check would add an n·Q = O scalar multiplication,
     * as costly as the ECDH or signature check the key is imported for
     * (JWE epk, SD-JWT cnf keys are imported per message). Other curves get
     * the full check (and are refused as unsupported afterwards). */
    int quick = 0;
    char group[64];
    size_t glen = 0;
    if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_EC &&
        EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &glen) == 1)
        quick = wl_curve_from_group(group) != WALLET_CURVE_NONE;
    int ok = (quick ? EVP_PKEY_public_check_quick(c) : EVP_PKEY_public_check(c)) == 1;
    if (ok && has_private)
        ok = EVP_PKEY_pairwise_check(c) == 1;
    EVP_PKEY_CTX_free(c);
    if (!ok)
        return wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID,
                           has_private ? "key pair inconsistent or point not on the curve"
                                       : "public key point not on the curve");
    return WALLET_OK;
}

/* Domain-parameter-only EC keys, one per curve, made once for the process.
 * A public key is imported by duplicating one and setting the point: this
 * skips building the curve's group from its name on every import, which is
 * most of the cost of EVP_PKEY_fromdata. */
static pthread_once_t wl_tmpl_once = PTHREAD_ONCE_INIT;
static EVP_PKEY *wl_tmpl[WALLET_CURVE_ED448 + 1];

static void wl_tmpl_init(void)
{
    static const wallet_curve crvs[] = {WALLET_CURVE_P256, WALLET_CURVE_P384, WALLET_CURVE_P521,
                                        WALLET_CURVE_SECP256K1};
    for (size_t i = 0; i < WL_ARRAY_LEN(crvs); i++) {
        OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
        OSSL_PARAM *params = NULL;
        EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
        EVP_PKEY *pkey = NULL;
        if (bld && pctx &&
            OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, wl_ossl_group(crvs[i]),
                                            0) == 1 &&
            (params = OSSL_PARAM_BLD_to_param(bld)) && EVP_PKEY_fromdata_init(pctx) == 1 &&
            EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_KEY_PARAMETERS, params) == 1)
            wl_tmpl[crvs[i]] = pkey;
        OSSL_PARAM_free(params);
        OSSL_PARAM_BLD_free(bld);
        EVP_PKEY_CTX_free(pctx);
    }
    ERR_clear_error();
}

/* A new public EC key with the encoded point (SEC 1 §2.3.3, compressed or
 * not); NULL when the point is refused (off the curve, out of range) or the
 * curve has no template. */
static EVP_PKEY *wl_ec_public_from_template(wallet_curve crv, const uint8_t *pub, size_t len)
{
    pthread_once(&wl_tmpl_once, wl_tmpl_init);
    if (crv > WALLET_CURVE_ED448 || !wl_tmpl[crv])
        return NULL;
    EVP_PKEY *pkey = EVP_PKEY_dup(wl_tmpl[crv]);
    if (pkey && EVP_PKEY_set1_encoded_public_key(pkey, pub, len) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    return pkey;
}

wallet_err wl_key_from_ec(wallet_ctx *ctx, wallet_key **out, wallet_curve crv, const uint8_t *x,
                          size_t x_len, const uint8_t *y, size_t y_len, int y_sign,
                          const uint8_t *d, size_t d_len)
{
    *out = NULL;
    const char *group = wl_ossl_group(crv);
    size_t sz = wl_curve_size(crv);
    if (!group)
        return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "unsupported curve for an EC key");
    /* RFC 7518 §6.2.1.2-3 and RFC 9053 §7.1.1: coordinates and the private
     * scalar are the full size of the field, leading zeros preserved. */
    if (x_len != sz || (y && y_len != sz) || (d && d_len != sz))
        return wl_err(ctx, WALLET_ERR_KEY_INVALID,
                      "%s key component has %zu bytes, expected %zu", wl_curve_jose_name(crv),
                      x_len != sz ? x_len : (y && y_len != sz) ? y_len : d_len, sz);
    uint8_t pub[1 + 2 * 66];
    size_t pub_len;
    if (y) {
        pub[0] = 0x04;
        memcpy(pub + 1, x, sz);
        memcpy(pub + 1 + sz, y, sz);
        pub_len = 1 + 2 * sz;
    } else {
        pub[0] = (uint8_t)(y_sign ? 0x03 : 0x02);
        memcpy(pub + 1, x, sz);
        pub_len = 1 + sz;
    }
    OSSL_PARAM_BLD *bld = NULL;
    BIGNUM *bn = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *pkey = NULL;
    wallet_err e = WALLET_OK;
    if (!d) {
        /* EVP_PKEY_set1_encoded_public_key decodes the point with
         * EC_POINT_oct2point, which refuses coordinates >= p and points off
         * the curve (EC_POINT_set_affine_coordinates checks, and
         * decompression finds a y or fails); the encoding built above is
         * never the point at infinity. That is the quick public check
         * already, so it is not repeated (tests/unit/test_key.c and
         * test_sdjwt_neg.c feed it such points). */
        pkey = wl_ec_public_from_template(crv, pub, pub_len);
        if (pkey) {
            /* Curve and point are known here, so wl_key_from_pkey's
             * queries (group name, public point — the latter converts the
             * point to affine form, ~6 us) are skipped: this runs for every
             * SD-JWT presentation's "cnf" key. */
            wallet_key *k = wl_key_wrap(pkey);
            if (!k)
                return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            k->kty = WALLET_KTY_EC;
            k->curve = crv;
            k->alg = wl_curve_default_alg(crv);
            if (crv == WALLET_CURVE_SECP256K1 && (e = wl_k1_init_key(ctx, k)) != WALLET_OK) {
                wallet_key_free(k);
                return e;
            }
            *out = k;
            return WALLET_OK;
        }
        ERR_clear_error(); /* refused point, or no template: the general path decides */
    }
    bld = OSSL_PARAM_BLD_new();
    bn = d ? BN_secure_new() : NULL;
    if (!bld || (d && !bn)) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, pub_len) != 1 ||
        (d && (!BN_bin2bn(d, (int)d_len, bn) ||
               OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn) != 1)) ||
        !(params = OSSL_PARAM_BLD_to_param(bld))) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "building EC key parameters failed");
        goto done;
    }
    pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (!pctx || EVP_PKEY_fromdata_init(pctx) != 1 ||
        EVP_PKEY_fromdata(pctx, &pkey, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
        e = wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "EC public key rejected (not on the curve?)");
        goto done;
    }
    e = wl_key_validate(ctx, pkey, d != NULL);
    if (e)
        goto done;
    e = wl_key_from_pkey(ctx, out, pkey, d != NULL);
    pkey = NULL;
done:
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(bn);
    return e;
}

wallet_err wl_key_from_okp(wallet_ctx *ctx, wallet_key **out, wallet_curve crv, const uint8_t *x,
                           size_t x_len, const uint8_t *d, size_t d_len)
{
    *out = NULL;
    int type = crv == WALLET_CURVE_ED25519 ? EVP_PKEY_ED25519
               : crv == WALLET_CURVE_ED448 ? EVP_PKEY_ED448
                                           : 0;
    size_t sz = wl_curve_size(crv);
    if (!type)
        return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "unsupported OKP curve");
    if (x_len != sz || (d && d_len != sz))
        return wl_err(ctx, WALLET_ERR_KEY_INVALID, "%s key component has %zu bytes, expected %zu",
                      wl_curve_jose_name(crv), x_len != sz ? x_len : d_len, sz);
    EVP_PKEY *pkey = d ? EVP_PKEY_new_raw_private_key(type, NULL, d, d_len)
                       : EVP_PKEY_new_raw_public_key(type, NULL, x, x_len);
    if (!pkey)
        return wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "OKP key rejected");
    if (d) {
        /* The public key derived from d must be the one given. */
        uint8_t derived[57];
        size_t dl = sizeof(derived);
        if (EVP_PKEY_get_raw_public_key(pkey, derived, &dl) != 1 || dl != x_len ||
            memcmp(derived, x, x_len) != 0) {
            EVP_PKEY_free(pkey);
            return wl_err(ctx, WALLET_ERR_KEY_INVALID, "OKP private key does not match \"x\"");
        }
    }
    return wl_key_from_pkey(ctx, out, pkey, d != NULL);
}

/* RSA private half consistent with (n, e): (2^e)^d = 2 mod n. OpenSSL
 * replaces a CRT result that fails its own check by one computed with d, so
 * n, e and d are what signatures depend on. (EVP_PKEY_pairwise_check would
 * also demand p and q, test their primality and refuse e = 3.) */
static int wl_rsa_pair_ok(const BIGNUM *n, const BIGNUM *e, const BIGNUM *d)
{
    BN_CTX *bc = BN_CTX_new();
    BIGNUM *m = BN_new(), *t = BN_new();
    int ok = bc && m && t && BN_is_odd(n) && BN_set_word(m, 2) && BN_cmp(m, n) < 0 &&
             BN_mod_exp(t, m, e, n, bc) && BN_mod_exp_mont_consttime(t, t, d, n, bc, NULL) &&
             BN_cmp(t, m) == 0;
    BN_free(m);
    BN_clear_free(t);
    BN_CTX_free(bc);
    return ok;
}

wallet_err wl_key_check_private(wallet_ctx *ctx, EVP_PKEY *pkey)
{
    int id = EVP_PKEY_get_base_id(pkey);
    if (id == EVP_PKEY_EC)
        return wl_key_validate(ctx, pkey, 1);
    if (id != EVP_PKEY_RSA)
        return WALLET_OK; /* Ed25519 / Ed448: the public key is derived from the seed */
    BIGNUM *n = NULL, *e = NULL, *d = NULL;
    int ok = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
             EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1 &&
             EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D, &d) == 1 &&
             BN_num_bits(n) <= 16384 && wl_rsa_pair_ok(n, e, d);
    BN_free(n);
    BN_free(e);
    BN_clear_free(d);
    if (!ok) {
        ERR_clear_error();
        return wl_err(ctx, WALLET_ERR_KEY_INVALID, "RSA private key does not match n and e");
    }
    return WALLET_OK;
}

wallet_err wl_key_from_rsa(wallet_ctx *ctx, wallet_key **out, const wl_rsa_parts *r)
{
    *out = NULL;
    static const char *const names[8] = {
        OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,         OSSL_PKEY_PARAM_RSA_D,
        OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
        OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
    const uint8_t *v[8] = {r->n, r->e, r->d, r->p, r->q, r->dp, r->dq, r->qi};
    size_t l[8] = {r->n_len, r->e_len, r->d_len, r->p_len, r->q_len, r->dp_len, r->dq_len, r->qi_len};
    int priv = r->d != NULL;
    size_t count = priv ? (r->p && r->q && r->dp && r->dq && r->qi ? 8 : 3) : 2;
    if (!r->n || !r->e)
        return wl_err(ctx, WALLET_ERR_KEY_INVALID, "RSA key without n or e");
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *bns[8] = {0};
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *pkey = NULL;
    wallet_err e = WALLET_OK;
    if (!bld) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        bns[i] = i >= 2 ? BN_secure_new() : BN_new();
        if (!bns[i] || !BN_bin2bn(v[i], (int)l[i], bns[i]) ||
            OSSL_PARAM_BLD_push_BN(bld, names[i], bns[i]) != 1) {
            e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "building RSA key parameters failed");
            goto done;
        }
    }
    /* OpenSSL neither signs nor verifies with a modulus over 16384 bits
     * (OPENSSL_RSA_MAX_MODULUS_BITS); refuse it here, before any work. */
    if (BN_num_bits(bns[0]) > 16384 || (priv && !wl_rsa_pair_ok(bns[0], bns[1], bns[2]))) {
        ERR_clear_error();
        e = wl_err(ctx, WALLET_ERR_KEY_INVALID, BN_num_bits(bns[0]) > 16384
                                                    ? "RSA modulus over 16384 bits"
                                                    : "RSA private key does not match n and e");
        goto done;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (!params || !pctx || EVP_PKEY_fromdata_init(pctx) != 1 ||
        EVP_PKEY_fromdata(pctx, &pkey, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
        e = wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "RSA key rejected");
        goto done;
    }
    e = wl_key_from_pkey(ctx, out, pkey, priv);
    pkey = NULL;
done:
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    for (size_t i = 0; i < 8; i++)
        BN_clear_free(bns[i]);
    return e;
}

/* ---- generation ------------------------------------------------------------ */

wallet_err wallet_key_generate(wallet_ctx *ctx, wallet_key **out, wallet_alg alg)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    EVP_PKEY *pkey = NULL;
    switch (alg) {
    case WALLET_ALG_ES256:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        break;
    case WALLET_ALG_ES384:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
        break;
    case WALLET_ALG_ES512:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
        break;
    case WALLET_ALG_EDDSA:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case WALLET_ALG_ES256K: {
        /* secp256k1 keys come from libsecp256k1: a random scalar checked
         * with secp256k1_ec_seckey_verify, its public point computed there. */
        const secp256k1_context *k1 = wl_secp256k1_ctx();
        uint8_t d[32], pub[65];
        size_t pub_len = sizeof(pub);
        secp256k1_pubkey pk;
        if (!k1)
            return wl_err(ctx, WALLET_ERR_CRYPTO, "secp256k1 context unavailable");
        do {
            wallet_err e = wl_random(ctx, d, sizeof(d));
            if (e)
                return e;
        } while (!secp256k1_ec_seckey_verify(k1, d));
        if (!secp256k1_ec_pubkey_create(k1, &pk, d) ||
            !secp256k1_ec_pubkey_serialize(k1, pub, &pub_len, &pk, SECP256K1_EC_UNCOMPRESSED)) {
            wl_memzero(d, sizeof(d));
            return wl_err(ctx, WALLET_ERR_CRYPTO, "secp256k1 key generation failed");
        }
        wallet_err e = wl_key_from_ec(ctx, out, WALLET_CURVE_SECP256K1, pub + 1, 32, pub + 33, 32,
                                      0, d, 32);
        wl_memzero(d, sizeof(d));
        return e;
    }
    default:
        return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED,
                      "cannot generate keys for %s (EC and EdDSA only)",
                      wallet_alg_name(alg) ? wallet_alg_name(alg) : "this algorithm");
    }
    if (!pkey)
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "key generation failed");
    return wl_key_from_pkey(ctx, out, pkey, 1);
}

/* ---- export ---------------------------------------------------------------- */

static int wl_get_bn_fixed(EVP_PKEY *pkey, const char *name, uint8_t *out, size_t len)
{
    BIGNUM *bn = NULL;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
        return 0;
    int ok = BN_bn2binpad(bn, out, (int)len) == (int)len;
    BN_clear_free(bn);
    return ok;
}

void wl_key_parts_clear(wl_key_parts *p)
{
    for (size_t i = 0; i < 8; i++)
        if (p->rsa[i])
            wl_free_secret(p->rsa[i], p->rsa_len[i]);
    wl_memzero(p, sizeof(*p));
}

wallet_err wl_key_export(wallet_ctx *ctx, wl_key_parts *p, const wallet_key *key, int with_private)
{
    memset(p, 0, sizeof(*p));
    p->kty = key->kty;
    p->crv = key->curve;
    if (with_private && !key->has_private)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE,
                      key->signer ? "the private key is held by an external signer"
                                  : "the key has no private half");
    wallet_err e = WALLET_OK;
    switch (key->kty) {
    case WALLET_KTY_EC: {
        size_t sz = wl_curve_size(key->curve);
        p->coord_len = sz;
        if (!wl_get_bn_fixed(key->pkey, OSSL_PKEY_PARAM_EC_PUB_X, p->x, sz) ||
            !wl_get_bn_fixed(key->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, p->y, sz))
            e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "exporting the EC public key failed");
        else if (with_private) {
            if (!wl_get_bn_fixed(key->pkey, OSSL_PKEY_PARAM_PRIV_KEY, p->d, sz))
                e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "exporting the EC private key failed");
            else
                p->d_len = sz;
        }
        break;
    }
    case WALLET_KTY_OKP: {
        size_t sz = wl_curve_size(key->curve), n = sz;
        p->coord_len = sz;
        if (EVP_PKEY_get_raw_public_key(key->pkey, p->x, &n) != 1 || n != sz)
            e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "exporting the OKP public key failed");
        else if (with_private) {
            n = sz;
            if (EVP_PKEY_get_raw_private_key(key->pkey, p->d, &n) != 1 || n != sz)
                e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "exporting the OKP private key failed");
            else
                p->d_len = sz;
        }
        break;
    }
    case WALLET_KTY_RSA: {
        static const char *const names[8] = {
            OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,
            OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
            OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
            OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
        size_t count = with_private ? 8 : 2;
        for (size_t i = 0; i < count && !e; i++) {
            BIGNUM *bn = NULL;
            if (EVP_PKEY_get_bn_param(key->pkey, names[i], &bn) != 1) {
                if (i >= 3)
                    break; /* CRT parameters are optional */
                e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "exporting the RSA key failed");
                break;
            }
            int n = BN_num_bytes(bn);
            p->rsa[i] = wl_malloc((size_t)n);
            if (!p->rsa[i])
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            else {
                BN_bn2bin(bn, p->rsa[i]);
                p->rsa_len[i] = (size_t)n;
            }
            BN_clear_free(bn);
        }
        if (with_private && !e)
            p->d_len = p->rsa_len[2];
        break;
    }
    }
    if (e)
        wl_key_parts_clear(p);
    return e;
}

/* ---- accessors ------------------------------------------------------------- */

wallet_alg wallet_key_alg(const wallet_key *key)
{
    return key ? key->alg : WALLET_ALG_NONE;
}

wallet_kty wallet_key_kty(const wallet_key *key)
{
    return key ? key->kty : (wallet_kty)0;
}

wallet_curve wallet_key_curve(const wallet_key *key)
{
    return key ? key->curve : WALLET_CURVE_NONE;
}

int wallet_key_can_sign(const wallet_key *key)
{
    return key && (key->has_private || key->signer);
}

const char *wallet_key_kid(const wallet_key *key)
{
    return key ? key->kid : NULL;
}

wallet_err wallet_key_set_kid(wallet_ctx *ctx, wallet_key *key, const char *kid)
{
    wl_enter(ctx);
    if (!key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL key");
    char *copy = NULL;
    if (kid && !(copy = wl_strdup(kid)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    free(key->kid);
    key->kid = copy;
    return WALLET_OK;
}

wallet_err wl_key_set_alg(wallet_ctx *ctx, wallet_key *key, wallet_alg alg)
{
    wallet_alg saved = key->alg;
    int saved_explicit = key->alg_explicit;
    key->alg_explicit = 0;
    wallet_err e = wl_alg_check_key(ctx, alg, key, 1);
    if (e) {
        key->alg_explicit = saved_explicit;
        key->alg = saved;
        return e;
    }
    key->alg = alg;
    key->alg_explicit = 1;
    return WALLET_OK;
}

int wl_key_alg_explicit(const wallet_key *key)
{
    return key->alg_explicit;
}

const char *wl_key_kex_alg(const wallet_key *key)
{
    return key->kex_alg;
}

wallet_err wl_key_set_kex_alg(wallet_ctx *ctx, wallet_key *key, const char *name)
{
    /* The JWE ECDH-ES family (RFC 7518 §4.6); only EC keys here (X25519 and
     * X448 are not key types libwallet has). */
    static const char *const names[] = {"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW",
                                        "ECDH-ES+A256KW"};
    for (size_t i = 0; i < WL_ARRAY_LEN(names); i++) {
        if (strcmp(name, names[i]) != 0)
            continue;
        if (key->kty != WALLET_KTY_EC || key->curve == WALLET_CURVE_SECP256K1)
            return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH,
                          "%s needs a P-256, P-384 or P-521 key", names[i]);
        key->kex_alg = names[i];
        return WALLET_OK;
    }
    return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "key agreement algorithm not supported");
}

wallet_err wallet_key_public(wallet_ctx *ctx, wallet_key **out, const wallet_key *key)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_key_parts p;
    wallet_err e = wl_key_export(ctx, &p, key, 0);
    if (e)
        return e;
    wallet_key *k = NULL;
    if (key->kty == WALLET_KTY_EC)
        e = wl_key_from_ec(ctx, &k, key->curve, p.x, p.coord_len, p.y, p.coord_len, 0, NULL, 0);
    else if (key->kty == WALLET_KTY_OKP)
        e = wl_key_from_okp(ctx, &k, key->curve, p.x, p.coord_len, NULL, 0);
    else {
        wl_rsa_parts r = {.n = p.rsa[0], .n_len = p.rsa_len[0], .e = p.rsa[1], .e_len = p.rsa_len[1]};
        e = wl_key_from_rsa(ctx, &k, &r);
    }
    wl_key_parts_clear(&p);
    if (e)
        return e;
    k->alg = key->alg;
    k->alg_explicit = key->alg_explicit;
    k->kex_alg = key->kex_alg;
    if (key->kid && !(k->kid = wl_strdup(key->kid))) {
        wallet_key_free(k);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = k;
    return WALLET_OK;
}

int wallet_key_equal_public(const wallet_key *a, const wallet_key *b)
{
    if (!a || !b)
        return 0;
    if (a == b)
        return 1;
    return a->kty == b->kty && a->curve == b->curve && EVP_PKEY_eq(a->pkey, b->pkey) == 1;
}

wallet_err wallet_key_from_signer(wallet_ctx *ctx, wallet_key **out, const wallet_key *public_key,
                                  wallet_alg alg, wallet_sign_fn sign, void *user, unsigned flags)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!public_key || !sign || flags > WALLET_SIGNER_DER)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "external signer needs a public key and a callback");
    if (alg == WALLET_ALG_NONE)
        alg = public_key->alg;
    wallet_err e = wl_alg_check_key(ctx, alg, public_key, 1);
    if (e)
        return e;
    wallet_key *k = wl_key_alloc();
    if (!k)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (EVP_PKEY_up_ref(public_key->pkey) != 1) {
        wallet_key_free(k);
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "key reference failed");
    }
    k->pkey = public_key->pkey;
    k->kty = public_key->kty;
    k->curve = public_key->curve;
    k->k1_pub = public_key->k1_pub;
    k->alg = alg;
    k->alg_explicit = 1;
    k->signer = sign;
    k->signer_user = user;
    k->signer_flags = flags;
    if (public_key->kid && !(k->kid = wl_strdup(public_key->kid))) {
        wallet_key_free(k);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = k;
    return WALLET_OK;
}

/* An external signer whose `user` is released with the key (the store's
 * holder keys: the callback's state lives exactly as long as the key). */
wallet_err wl_key_from_signer_owned(wallet_ctx *ctx, wallet_key **out, const wallet_key *public_key,
                                    wallet_alg alg, wallet_sign_fn sign, void *user, unsigned flags,
                                    void (*release)(void *user))
{
    wallet_err e = wallet_key_from_signer(ctx, out, public_key, alg, sign, user, flags);
    if (e == WALLET_OK)
        (*out)->signer_release = release;
    return e;
}

/* Public twin of wl_key_from_signer_owned() (key.h), for bindings. */
wallet_err wallet_key_from_signer_owned(wallet_ctx *ctx, wallet_key **out,
                                        const wallet_key *public_key, wallet_alg alg,
                                        wallet_sign_fn sign, void *user, unsigned flags,
                                        void (*release)(void *user))
{
    return wl_key_from_signer_owned(ctx, out, public_key, alg, sign, user, flags, release);
}
