/* Algorithm and curve identifiers (RFC 7518, RFC 8037, RFC 8812, RFC 9053). */
#include "key_impl.h"

static const struct {
    wallet_alg alg;
    const char *name;
    int64_t cose;
    wl_hash_alg hash;
} wl_algs[] = {
    {WALLET_ALG_ES256, "ES256", -7, WL_SHA256},   {WALLET_ALG_ES384, "ES384", -35, WL_SHA384},
    {WALLET_ALG_ES512, "ES512", -36, WL_SHA512},  {WALLET_ALG_EDDSA, "EdDSA", -8, 0},
    {WALLET_ALG_ES256K, "ES256K", -47, WL_SHA256}, {WALLET_ALG_PS256, "PS256", -37, WL_SHA256},
    {WALLET_ALG_PS384, "PS384", -38, WL_SHA384},  {WALLET_ALG_PS512, "PS512", -39, WL_SHA512},
    {WALLET_ALG_RS256, "RS256", -257, WL_SHA256}, {WALLET_ALG_RS384, "RS384", -258, WL_SHA384},
    {WALLET_ALG_RS512, "RS512", -259, WL_SHA512},
};

const char *wallet_alg_name(wallet_alg alg)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_algs); i++)
        if (wl_algs[i].alg == alg)
            return wl_algs[i].name;
    return NULL;
}

wallet_alg wallet_alg_from_name(const char *name)
{
    if (!name)
        return WALLET_ALG_NONE;
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_algs); i++)
        if (strcmp(wl_algs[i].name, name) == 0)
            return wl_algs[i].alg;
    return WALLET_ALG_NONE;
}

int64_t wallet_alg_cose_id(wallet_alg alg)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_algs); i++)
        if (wl_algs[i].alg == alg)
            return wl_algs[i].cose;
    return 0;
}

wallet_alg wallet_alg_from_cose_id(int64_t id)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_algs); i++)
        if (wl_algs[i].cose == id)
            return wl_algs[i].alg;
    return WALLET_ALG_NONE;
}

wl_hash_alg wl_alg_hash(wallet_alg alg)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_algs); i++)
        if (wl_algs[i].alg == alg)
            return wl_algs[i].hash;
    return 0;
}

static const struct {
    wallet_curve crv;
    const char *jose;
    int64_t cose;
    size_t size;
    wallet_alg alg;
} wl_curves[] = {
    {WALLET_CURVE_P256, "P-256", 1, 32, WALLET_ALG_ES256},
    {WALLET_CURVE_P384, "P-384", 2, 48, WALLET_ALG_ES384},
    {WALLET_CURVE_P521, "P-521", 3, 66, WALLET_ALG_ES512},
    {WALLET_CURVE_SECP256K1, "secp256k1", 8, 32, WALLET_ALG_ES256K},
    {WALLET_CURVE_ED25519, "Ed25519", 6, 32, WALLET_ALG_EDDSA},
    {WALLET_CURVE_ED448, "Ed448", 7, 57, WALLET_ALG_EDDSA},
};

size_t wl_curve_size(wallet_curve crv)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_curves); i++)
        if (wl_curves[i].crv == crv)
            return wl_curves[i].size;
    return 0;
}

const char *wl_curve_jose_name(wallet_curve crv)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_curves); i++)
        if (wl_curves[i].crv == crv)
            return wl_curves[i].jose;
    return NULL;
}

wallet_curve wl_curve_from_jose_name(const char *name)
{
    for (size_t i = 0; name && i < WL_ARRAY_LEN(wl_curves); i++)
        if (strcmp(wl_curves[i].jose, name) == 0)
            return wl_curves[i].crv;
    return WALLET_CURVE_NONE;
}

int64_t wl_curve_cose_id(wallet_curve crv)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_curves); i++)
        if (wl_curves[i].crv == crv)
            return wl_curves[i].cose;
    return 0;
}

wallet_curve wl_curve_from_cose_id(int64_t id)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_curves); i++)
        if (wl_curves[i].cose == id)
            return wl_curves[i].crv;
    return WALLET_CURVE_NONE;
}

wallet_alg wl_curve_default_alg(wallet_curve crv)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_curves); i++)
        if (wl_curves[i].crv == crv)
            return wl_curves[i].alg;
    return WALLET_ALG_NONE;
}

wallet_err wl_alg_check_key(wallet_ctx *ctx, wallet_alg alg, const wallet_key *key,
                            int strict_curve)
{
    const char *name = wallet_alg_name(alg);
    if (!name)
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED, "algorithm \"none\" is never accepted");
    int ok;
    switch (alg) {
    case WALLET_ALG_ES256:
    case WALLET_ALG_ES384:
    case WALLET_ALG_ES512:
        ok = key->kty == WALLET_KTY_EC && key->curve != WALLET_CURVE_SECP256K1 &&
             (!strict_curve || wl_curve_default_alg(key->curve) == alg);
        break;
    case WALLET_ALG_ES256K:
        ok = key->curve == WALLET_CURVE_SECP256K1;
        break;
    case WALLET_ALG_EDDSA:
        ok = key->kty == WALLET_KTY_OKP;
        break;
    default: /* RSA algorithms */
        ok = key->kty == WALLET_KTY_RSA;
        break;
    }
    if (!ok)
        return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH, "algorithm %s does not fit a %s key", name,
                      key->kty == WALLET_KTY_RSA ? "RSA" : wl_curve_jose_name(key->curve));
    /* A key published with an explicit "alg" may only be used with it
     * (RFC 7517 §4.4), except that RSA "alg" values fix the hash, not the
     * padding family, so we keep it exact there too. */
    /* A key published for key agreement ("alg": "ECDH-ES") is not a
     * signature key (RFC 7517 §4.4). */
    if (key->kex_alg)
        return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH,
                      "key is restricted to %s, token uses %s", key->kex_alg, name);
    if (key->alg_explicit && key->alg != alg)
        return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH,
                      "key is restricted to %s, token uses %s", wallet_alg_name(key->alg), name);
    return WALLET_OK;
}
