/*
 * JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037 for OKP, RFC 8812 for
 * secp256k1) and thumbprints (RFC 7638).
 */
#include "../crypto/crypto.h"
#include "jose.h"

/* Decode base64url member `name` into a fresh buffer (wiped by the caller
 * if secret). WALLET_ERR_NOT_FOUND when absent. */
static wallet_err wl_jwk_bytes(wallet_ctx *ctx, const cJSON *jwk, const char *name, uint8_t **out,
                               size_t *len)
{
    *out = NULL;
    *len = 0;
    const cJSON *v = wl_json_get(jwk, name);
    if (!v)
        return WALLET_ERR_NOT_FOUND;
    if (!cJSON_IsString(v))
        return wl_err(ctx, WALLET_ERR_JWK, "JWK member \"%s\" is not a string", name);
    wallet_err e = wl_b64url_decode(ctx, out, len, v->valuestring, strlen(v->valuestring));
    if (e)
        return wl_err(ctx, WALLET_ERR_JWK, "JWK member \"%s\" is not base64url", name);
    return WALLET_OK;
}

static wallet_err wl_jwk_required(wallet_ctx *ctx, const cJSON *jwk, const char *name,
                                  uint8_t **out, size_t *len)
{
    wallet_err e = wl_jwk_bytes(ctx, jwk, name, out, len);
    if (e == WALLET_ERR_NOT_FOUND)
        return wl_err(ctx, WALLET_ERR_JWK, "JWK lacks member \"%s\"", name);
    return e;
}

static wallet_err wl_jwk_rsa(wallet_ctx *ctx, wallet_key **out, const cJSON *jwk)
{
    static const char *const names[8] = {"n", "e", "d", "p", "q", "dp", "dq", "qi"};
    uint8_t *v[8] = {0};
    size_t l[8] = {0};
    wallet_err e = WALLET_OK;
    int present = 0;
    for (size_t i = 0; i < 8 && !e; i++) {
        e = i < 2 ? wl_jwk_required(ctx, jwk, names[i], &v[i], &l[i])
                  : wl_jwk_bytes(ctx, jwk, names[i], &v[i], &l[i]);
        if (e == WALLET_ERR_NOT_FOUND)
            e = WALLET_OK;
        else if (!e && i >= 3)
            present++;
    }
    /* RFC 7518 §6.3.2: the CRT parameters come all together or not at all,
     * and only with "d". */
    if (!e && ((present && present != 5) || (present && !v[2])))
        e = wl_err(ctx, WALLET_ERR_JWK, "RSA JWK has an incomplete set of private members");
    /* §6.3.2 lets a private key omit them, but such a key cannot be written
     * as PKCS#1 / PKCS#8 (RSAPrivateKey needs every one; OpenSSL refuses
     * with "illegal zero content"): refused here rather than imported and
     * unexportable (found by fuzz_jwk). */
    if (!e && v[2] && !present)
        e = wl_err(ctx, WALLET_ERR_JWK,
                   "RSA private JWK without \"p\", \"q\", \"dp\", \"dq\", \"qi\" is not "
                   "supported");
    if (!e && wl_json_get(jwk, "oth"))
        e = wl_err(ctx, WALLET_ERR_JWK, "multi-prime RSA keys (\"oth\") are not supported");
    if (!e) {
        wl_rsa_parts r = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                          l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]};
        e = wl_key_from_rsa(ctx, out, &r);
    }
    for (size_t i = 0; i < 8; i++)
        wl_free_secret(v[i], l[i]);
    return e;
}

wallet_err wl_jwk_from_json(wallet_ctx *ctx, wallet_key **out, const cJSON *jwk)
{
    *out = NULL;
    if (!cJSON_IsObject(jwk))
        return wl_err(ctx, WALLET_ERR_JWK, "JWK is not a JSON object");
    const char *kty = wl_json_get_string(jwk, "kty");
    if (!kty)
        return wl_err(ctx, WALLET_ERR_JWK, "JWK lacks a string \"kty\"");
    const cJSON *kid = wl_json_get(jwk, "kid");
    const cJSON *alg = wl_json_get(jwk, "alg");
    if ((kid && !cJSON_IsString(kid)) || (alg && !cJSON_IsString(alg)))
        return wl_err(ctx, WALLET_ERR_JWK, "JWK \"kid\" and \"alg\" must be strings");

    wallet_key *key = NULL;
    wallet_err e;
    uint8_t *x = NULL, *y = NULL, *d = NULL;
    size_t xl = 0, yl = 0, dl = 0;
    if (!strcmp(kty, "EC") || !strcmp(kty, "OKP")) {
        const char *crv_name = wl_json_get_string(jwk, "crv");
        wallet_curve crv = wl_curve_from_jose_name(crv_name);
        int okp = !strcmp(kty, "OKP");
        if (!crv_name)
            return wl_err(ctx, WALLET_ERR_JWK, "%s JWK lacks a string \"crv\"", kty);
        if (crv == WALLET_CURVE_NONE ||
            okp != (crv == WALLET_CURVE_ED25519 || crv == WALLET_CURVE_ED448))
            return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "%s JWK curve \"%.20s\" not supported",
                          kty, crv_name);
        e = wl_jwk_required(ctx, jwk, "x", &x, &xl);
        if (!e && !okp)
            e = wl_jwk_required(ctx, jwk, "y", &y, &yl);
        if (!e) {
            e = wl_jwk_bytes(ctx, jwk, "d", &d, &dl);
            if (e == WALLET_ERR_NOT_FOUND)
                e = WALLET_OK;
        }
        if (!e)
            e = okp ? wl_key_from_okp(ctx, &key, crv, x, xl, d, dl)
                    : wl_key_from_ec(ctx, &key, crv, x, xl, y, yl, 0, d, dl);
        free(x);
        free(y);
        wl_free_secret(d, dl);
    } else if (!strcmp(kty, "RSA")) {
        e = wl_jwk_rsa(ctx, &key, jwk);
    } else if (!strcmp(kty, "oct")) {
        return wl_err(ctx, WALLET_ERR_JWK,
                      "symmetric JWKs (\"oct\") are not accepted: no HMAC signatures");
    } else {
        return wl_err(ctx, WALLET_ERR_JWK, "JWK \"kty\" \"%.10s\" not supported", kty);
    }
    if (e)
        return e;
    if (alg) {
        wallet_alg a = wallet_alg_from_name(alg->valuestring);
        if (a != WALLET_ALG_NONE)
            e = wl_key_set_alg(ctx, key, a);
        else if (!strncmp(alg->valuestring, "ECDH-ES", 7))
            e = wl_key_set_kex_alg(ctx, key, alg->valuestring); /* a JWE recipient key */
        else
            e = wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "JWK \"alg\" \"%.20s\" not supported",
                       alg->valuestring);
    }
    if (!e && kid)
        e = wallet_key_set_kid(ctx, key, kid->valuestring);
    if (e) {
        wallet_key_free(key);
        return e;
    }
    *out = key;
    return WALLET_OK;
}

wallet_err wallet_key_from_jwk(wallet_ctx *ctx, wallet_key **out, const char *jwk, size_t jwk_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!jwk)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    cJSON *root = NULL;
    wallet_err e = wl_json_parse(ctx, &root, jwk, jwk_len);
    if (e)
        return wl_err_prefix(ctx, "JWK");
    e = wl_jwk_from_json(ctx, out, root);
    cJSON_Delete(root);
    return e;
}

static int wl_member_b64(wl_buf *b, const char *name, const uint8_t *v, size_t n, int comma)
{
    return (!comma || wl_buf_append_byte(b, ',')) && wl_buf_append_byte(b, '"') &&
           wl_buf_append_str(b, name) && wl_buf_append_str(b, "\":\"") &&
           wl_buf_append_b64url(b, v, n) && wl_buf_append_byte(b, '"');
}

/* Required members in lexicographic order (RFC 7638 §3.2), then d / the RSA
 * private members if requested. */
static wallet_err wl_jwk_members(wallet_ctx *ctx, wl_buf *b, const wallet_key *key,
                                 int with_private)
{
    wl_key_parts p;
    wallet_err e = wl_key_export(ctx, &p, key, with_private);
    if (e)
        return e;
    const char *crv = wl_curve_jose_name(p.crv);
    switch (p.kty) {
    case WALLET_KTY_EC:
        wl_buf_printf(b, "{\"crv\":\"%s\",\"kty\":\"EC\"", crv);
        wl_member_b64(b, "x", p.x, p.coord_len, 1);
        wl_member_b64(b, "y", p.y, p.coord_len, 1);
        if (p.d_len)
            wl_member_b64(b, "d", p.d, p.d_len, 1);
        break;
    case WALLET_KTY_OKP:
        wl_buf_printf(b, "{\"crv\":\"%s\",\"kty\":\"OKP\"", crv);
        wl_member_b64(b, "x", p.x, p.coord_len, 1);
        if (p.d_len)
            wl_member_b64(b, "d", p.d, p.d_len, 1);
        break;
    case WALLET_KTY_RSA: {
        static const char *const names[8] = {"n", "e", "d", "p", "q", "dp", "dq", "qi"};
        wl_buf_append_byte(b, '{');
        wl_member_b64(b, "e", p.rsa[1], p.rsa_len[1], 0);
        wl_buf_append_str(b, ",\"kty\":\"RSA\"");
        wl_member_b64(b, "n", p.rsa[0], p.rsa_len[0], 1);
        for (size_t i = 2; with_private && i < 8; i++)
            if (p.rsa[i])
                wl_member_b64(b, names[i], p.rsa[i], p.rsa_len[i], 1);
        break;
    }
    }
    wl_key_parts_clear(&p);
    return WALLET_OK;
}

wallet_err wl_jwk_append(wallet_ctx *ctx, wl_buf *b, const wallet_key *key, int with_private)
{
    wallet_err e = wl_jwk_members(ctx, b, key, with_private);
    if (e)
        return e;
    if (wl_key_kex_alg(key))
        wl_buf_printf(b, ",\"alg\":\"%s\"", wl_key_kex_alg(key));
    else if (wl_key_alg_explicit(key))
        wl_buf_printf(b, ",\"alg\":\"%s\"", wallet_alg_name(wallet_key_alg(key)));
    const char *kid = wallet_key_kid(key);
    if (kid) {
        wl_buf_append_str(b, ",\"kid\":");
        wl_json_append_string(b, kid, strlen(kid));
    }
    wl_buf_append_byte(b, '}');
    return b->failed ? wl_buf_error(ctx, b, "JWK") : WALLET_OK;
}

wallet_err wallet_key_to_jwk(wallet_ctx *ctx, char **out, const wallet_key *key, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (flags > WALLET_EXPORT_PRIVATE)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown export flags");
    wl_buf b;
    wl_buf_init(&b, 0);
    wallet_err e = wl_jwk_append(ctx, &b, key, flags & WALLET_EXPORT_PRIVATE);
    if (e) {
        wl_buf_free_secret(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

wallet_err wallet_key_thumbprint(wallet_ctx *ctx, uint8_t out32[32], const wallet_key *key)
{
    wl_enter(ctx);
    if (out32)
        memset(out32, 0, 32);
    if (!out32 || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_buf b;
    wl_buf_init(&b, 0);
    wallet_err e = wl_jwk_members(ctx, &b, key, 0);
    if (!e && !wl_buf_append_byte(&b, '}'))
        e = wl_buf_error(ctx, &b, "JWK thumbprint");
    if (!e)
        e = wl_hash(ctx, WL_SHA256, b.data, b.len, out32);
    wl_buf_free(&b);
    return e;
}
