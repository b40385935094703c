/*
 * COSE_Key (RFC 9052 §7, RFC 9053 §7): kty 1 OKP and 2 EC2; secp256k1 as
 * crv 8 (RFC 8812 §3.2).
 */
#include "../crypto/crypto.h"
#include "cose_int.h"

#define WL_CK_KTY 1
#define WL_CK_KID 2
#define WL_CK_ALG 3
#define WL_CK_CRV (-1)
#define WL_CK_X (-2)
#define WL_CK_Y (-3)
#define WL_CK_D (-4)

static wallet_err wl_ck_bstr(wallet_ctx *ctx, const wl_cbor *map, int64_t label,
                             const wl_cbor **out, int required)
{
    *out = wl_cbor_map_int(map, label);
    if (!*out)
        return required ? wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key lacks label %lld",
                                 (long long)label)
                        : WALLET_OK;
    if ((*out)->type != WL_CBOR_BYTES)
        return wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key label %lld is not a byte string",
                      (long long)label);
    return WALLET_OK;
}

wallet_err wl_cose_key_from_cbor(wallet_ctx *ctx, wallet_key **out, const wl_cbor *map)
{
    *out = NULL;
    if (!map || map->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key is not a map");
    int64_t kty, crv_id;
    const wl_cbor *kty_v = wl_cbor_map_int(map, WL_CK_KTY);
    const wl_cbor *crv_v = wl_cbor_map_int(map, WL_CK_CRV);
    if (!wl_cbor_get_int(kty_v, &kty))
        return wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key lacks an integer kty (1)");
    if (kty != 1 && kty != 2)
        return wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key kty %lld not supported", (long long)kty);
    if (!wl_cbor_get_int(crv_v, &crv_id))
        return wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key lacks an integer crv (-1)");
    wallet_curve crv = wl_curve_from_cose_id(crv_id);
    int okp_curve = crv == WALLET_CURVE_ED25519 || crv == WALLET_CURVE_ED448;
    if (crv == WALLET_CURVE_NONE || okp_curve != (kty == 1))
        return wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key curve %lld not supported for kty %lld",
                      (long long)crv_id, (long long)kty);
    const wl_cbor *x, *d, *y = NULL;
    wallet_err e = wl_ck_bstr(ctx, map, WL_CK_X, &x, 1);
    if (!e)
        e = wl_ck_bstr(ctx, map, WL_CK_D, &d, 0);
    if (e)
        return e;
    wallet_key *key = NULL;
    if (kty == 1) {
        e = wl_key_from_okp(ctx, &key, crv, x->ptr, (size_t)x->u, d ? d->ptr : NULL,
                            d ? (size_t)d->u : 0);
    } else {
        y = wl_cbor_map_int(map, WL_CK_Y);
        int sign = 0;
        if (!y)
            return wl_err(ctx, WALLET_ERR_COSE_KEY, "EC2 COSE_Key lacks y (-3)");
        if (y->type == WL_CBOR_SIMPLE && (y->u == WL_CBOR_TRUE || y->u == WL_CBOR_FALSE)) {
            sign = y->u == WL_CBOR_TRUE; /* RFC 9053 §7.1.1: compressed point */
            y = NULL;
        } else if (y->type != WL_CBOR_BYTES) {
            return wl_err(ctx, WALLET_ERR_COSE_KEY, "EC2 COSE_Key y is neither bstr nor bool");
        }
        e = wl_key_from_ec(ctx, &key, crv, x->ptr, (size_t)x->u, y ? y->ptr : NULL,
                           y ? (size_t)y->u : 0, sign, d ? d->ptr : NULL, d ? (size_t)d->u : 0);
    }
    if (e)
        return e;
    const wl_cbor *alg = wl_cbor_map_int(map, WL_CK_ALG);
    if (alg) {
        int64_t id;
        wallet_alg a = wl_cbor_get_int(alg, &id) ? wallet_alg_from_cose_id(id) : WALLET_ALG_NONE;
        e = a == WALLET_ALG_NONE
                ? wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "COSE_Key alg not supported")
                : wl_key_set_alg(ctx, key, a);
    }
    const wl_cbor *kid = wl_cbor_map_int(map, WL_CK_KID);
    if (!e && kid) {
        /* kid is a bstr; keep it as text when it is printable UTF-8. */
        if (kid->type != WL_CBOR_BYTES)
            e = wl_err(ctx, WALLET_ERR_COSE_KEY, "COSE_Key kid is not a byte string");
        else if (wl_utf8_valid(kid->ptr, (size_t)kid->u) && !memchr(kid->ptr, 0, (size_t)kid->u)) {
            char *s = wl_strndup((const char *)kid->ptr, (size_t)kid->u);
            e = s ? wallet_key_set_kid(ctx, key, s) : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            free(s);
        }
    }
    if (e) {
        wallet_key_free(key);
        return e;
    }
    *out = key;
    return WALLET_OK;
}

wallet_err wallet_key_from_cose_key(wallet_ctx *ctx, wallet_key **out, const uint8_t *cbor,
                                    size_t cbor_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, cbor, cbor_len, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, "COSE_Key");
    e = wl_cose_key_from_cbor(ctx, out, wl_cbor_root(doc));
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wl_cose_key_append(wallet_ctx *ctx, wl_buf *b, const wallet_key *key, int with_private)
{
    if (wallet_key_kty(key) == WALLET_KTY_RSA)
        return wl_err(ctx, WALLET_ERR_UNSUPPORTED, "RSA keys have no COSE_Key form here");
    wl_key_parts p;
    wallet_err e = wl_key_export(ctx, &p, key, with_private);
    if (e)
        return e;
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_KTY);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), p.kty == WALLET_KTY_OKP ? 1 : 2);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_CRV);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), wl_curve_cose_id(p.crv));
    wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_X);
    wl_cbor_put_bytes(wl_cbor_mapw_value(&m), p.x, p.coord_len);
    if (p.kty == WALLET_KTY_EC) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_Y);
        wl_cbor_put_bytes(wl_cbor_mapw_value(&m), p.y, p.coord_len);
    }
    if (p.d_len) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_D);
        wl_cbor_put_bytes(wl_cbor_mapw_value(&m), p.d, p.d_len);
    }
    if (wl_key_alg_explicit(key)) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_ALG);
        wl_cbor_put_int(wl_cbor_mapw_value(&m), wallet_alg_cose_id(wallet_key_alg(key)));
    }
    const char *kid = wallet_key_kid(key);
    if (kid) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CK_KID);
        wl_cbor_put_bytes(wl_cbor_mapw_value(&m), (const uint8_t *)kid, strlen(kid));
    }
    int ok = wl_cbor_mapw_finish(&m, b);
    if (m.data.data)
        wl_memzero(m.data.data, m.data.cap);
    wl_cbor_mapw_free(&m);
    wl_key_parts_clear(&p);
    return ok ? WALLET_OK : wl_buf_error(ctx, b, "COSE_Key");
}

wallet_err wallet_key_to_cose_key(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                  const wallet_key *key, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (flags > WALLET_EXPORT_PRIVATE)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown export flags");
    wl_buf b;
    wl_buf_init(&b, 0);
    wallet_err e = wl_cose_key_append(ctx, &b, key, flags & WALLET_EXPORT_PRIVATE);
    if (e) {
        wl_buf_free_secret(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}
