/*
 * Producing the Status List Token an issuer serves (draft §5.1 JWT, §5.2
 * CWT) and an ETag for it.
 */
#include "../core/zlib.h"
#include "../crypto/crypto.h"
#include "status_int.h"
#include "wallet/cose.h"
#include "wallet/jws.h"

const char *wallet_status_name(unsigned status)
{
    switch (status) {
    case WALLET_STATUS_VALID:
        return "valid";
    case WALLET_STATUS_INVALID:
        return "invalid";
    case WALLET_STATUS_SUSPENDED:
        return "suspended";
    default:
        /* draft §7.1: 0x03 and 0x0C-0x0F are application specific. */
        return status == 0x03 || (status >= 0x0C && status <= 0x0F) ? "application_specific"
                                                                     : "reserved";
    }
}

const char *wallet_status_media_type(wallet_status_format format)
{
    switch (format) {
    case WALLET_STATUS_JWT:
        return "application/statuslist+jwt";
    case WALLET_STATUS_CWT:
        return "application/statuslist+cwt";
    }
    return NULL;
}

/* Standard base64 with padding (RFC 4648 §4), as "x5c" requires (RFC 7515
 * §4.1.6). */
static int wl_b64std_append(wl_buf *b, const uint8_t *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        char q[4] = {tab[(v >> 18) & 63], tab[(v >> 12) & 63],
                     i + 1 < n ? tab[(v >> 6) & 63] : '=', i + 2 < n ? tab[v & 63] : '='};
        if (!wl_buf_append(b, q, 4))
            return 0;
    }
    return 1;
}

static wallet_err wl_token_jwt(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                               const wallet_status_list *list, const char *issuer,
                               const wallet_key *key, const wallet_cert *const *chain,
                               size_t chain_len, const uint8_t *z, size_t z_len, int64_t iat,
                               int64_t exp, int64_t ttl)
{
    wl_buf p, h;
    wl_buf_init(&p, 0);
    wl_buf_init(&h, 0);
    const char *uri = wallet_status_list_uri(list);
    wl_buf_append_str(&p, "{\"sub\":");
    wl_json_append_string(&p, uri, strlen(uri));
    if (issuer) {
        wl_buf_append_str(&p, ",\"iss\":");
        wl_json_append_string(&p, issuer, strlen(issuer));
    }
    wl_buf_printf(&p, ",\"iat\":%lld", (long long)iat);
    if (exp)
        wl_buf_printf(&p, ",\"exp\":%lld", (long long)exp);
    if (ttl)
        wl_buf_printf(&p, ",\"ttl\":%lld", (long long)ttl);
    wl_buf_printf(&p, ",\"status_list\":{\"bits\":%u,\"lst\":\"", wallet_status_list_bits(list));
    wl_buf_append_b64url(&p, z, z_len);
    wl_buf_append_str(&p, "\"}}");

    wl_buf_append_str(&h, "{\"typ\":\"" WL_STATUS_JWT_TYP "\"");
    if (chain_len) {
        wl_buf_append_str(&h, ",\"x5c\":[");
        for (size_t i = 0; i < chain_len; i++) {
            size_t dl;
            const uint8_t *der = wallet_cert_der(chain[i], &dl);
            wl_buf_append_str(&h, i ? ",\"" : "\"");
            wl_b64std_append(&h, der, dl);
            wl_buf_append_byte(&h, '"');
        }
        wl_buf_append_byte(&h, ']');
    }
    wl_buf_append_byte(&h, '}');
    wallet_err e = WALLET_OK;
    if (p.failed || h.failed)
        e = wl_buf_error(ctx, p.failed ? &p : &h, "status list token");
    char *text = NULL;
    if (!e)
        e = wallet_jws_sign_compact(ctx, &text, key, WALLET_ALG_NONE, (const char *)h.data,
                                    p.data, p.len);
    wl_buf_free(&p);
    wl_buf_free(&h);
    if (e)
        return e;
    *out = (uint8_t *)text;
    *out_len = strlen(text);
    return WALLET_OK;
}

static wallet_err wl_token_cwt(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                               const wallet_status_list *list, const char *issuer,
                               const wallet_key *key, const wallet_cert *const *chain,
                               size_t chain_len, const uint8_t *z, size_t z_len, int64_t iat,
                               int64_t exp, int64_t ttl)
{
    /* The Status List (§4.3) and the claims (§5.2), deterministic CBOR. */
    wl_cbor_mapw sl, m;
    wl_buf slb, claims;
    wl_cbor_mapw_init(&sl, 0);
    wl_cbor_mapw_init(&m, 0);
    wl_buf_init(&slb, 0);
    wl_buf_init(&claims, 0);
    wallet_cose_headers *hdr = NULL;
    wallet_err e = WALLET_OK;
    wl_cbor_put_cstr(wl_cbor_mapw_key(&sl), "bits");
    wl_cbor_put_uint(wl_cbor_mapw_value(&sl), wallet_status_list_bits(list));
    wl_cbor_put_cstr(wl_cbor_mapw_key(&sl), "lst");
    wl_cbor_put_bytes(wl_cbor_mapw_value(&sl), z, z_len);
    if (!wl_cbor_mapw_finish(&sl, &slb)) {
        e = wl_buf_error(ctx, &slb, "status list");
        goto done;
    }
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 2);
    wl_cbor_put_cstr(wl_cbor_mapw_value(&m), wallet_status_list_uri(list));
    if (issuer) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);
        wl_cbor_put_cstr(wl_cbor_mapw_value(&m), issuer);
    }
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 6);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), iat);
    if (exp) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 4);
        wl_cbor_put_int(wl_cbor_mapw_value(&m), exp);
    }
    if (ttl) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CWT_TTL);
        wl_cbor_put_uint(wl_cbor_mapw_value(&m), (uint64_t)ttl);
    }
    wl_cbor_put_int(wl_cbor_mapw_key(&m), WL_CWT_STATUS_LIST);
    wl_cbor_put_raw(wl_cbor_mapw_value(&m), slb.data, slb.len);
    if (!wl_cbor_mapw_finish(&m, &claims)) {
        e = wl_buf_error(ctx, &claims, "status list token claims");
        goto done;
    }
    if ((e = wallet_cose_headers_new(ctx, &hdr)) ||
        (e = wallet_cose_headers_set_text(ctx, hdr, WALLET_COSE_PROTECTED, WALLET_COSE_HDR_TYP,
                                          WL_STATUS_CWT_TYP)))
        goto done;
    const char *kid = wallet_key_kid(key);
    if (kid && (e = wallet_cose_headers_set_bytes(ctx, hdr, WALLET_COSE_UNPROTECTED,
                                                  WALLET_COSE_HDR_KID, (const uint8_t *)kid,
                                                  strlen(kid))))
        goto done;
    for (size_t i = 0; i < chain_len && !e; i++) {
        size_t dl;
        const uint8_t *der = wallet_cert_der(chain[i], &dl);
        e = wallet_cose_headers_add_x5chain(ctx, hdr, WALLET_COSE_UNPROTECTED, der, dl);
    }
    if (!e)
        e = wallet_cose_sign1_sign(ctx, out, out_len, key, WALLET_ALG_NONE, hdr, claims.data,
                                   claims.len, NULL, 0, WALLET_COSE_TAGGED);
done:
    wallet_cose_headers_free(hdr);
    wl_cbor_mapw_free(&sl);
    wl_cbor_mapw_free(&m);
    wl_buf_free(&slb);
    wl_buf_free(&claims);
    return e;
}

wallet_err wallet_status_list_token(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                    const wallet_status_list *list, const wallet_key *key,
                                    const wallet_cert *const *chain, size_t chain_len,
                                    wallet_status_format format, int64_t lifetime, int64_t ttl)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !list || !key || (!chain && chain_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    for (size_t i = 0; i < chain_len; i++)
        if (!chain[i])
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL certificate in the chain");
    if (format != WALLET_STATUS_JWT && format != WALLET_STATUS_CWT)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown status list token format");
    int64_t iat = wallet_ctx_now(ctx);
    /* Bounded so that exp stays a representable NumericDate. */
    if (lifetime < 0 || ttl < 0 || lifetime > ((int64_t)1 << 40) || ttl > ((int64_t)1 << 40) ||
        iat < 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "lifetime and ttl must be >= 0 seconds");
    if (!wallet_key_can_sign(key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "signing needs a private key");
    uint8_t *bytes = NULL, *z = NULL;
    size_t len = 0, z_len = 0;
    char *issuer = NULL;
    wallet_err e = wl_status_list_snapshot_bytes(ctx, list, &bytes, &len, &issuer);
    /* draft §4.1 step 4: DEFLATE in ZLIB format, highest compression level. */
    if (!e)
        e = wl_zlib_deflate(ctx, &z, &z_len, bytes, len);
    int64_t exp = lifetime ? iat + lifetime : 0;
    if (!e && format == WALLET_STATUS_JWT)
        e = wl_token_jwt(ctx, out, out_len, list, issuer, key, chain, chain_len, z, z_len, iat,
                         exp, ttl);
    else if (!e)
        e = wl_token_cwt(ctx, out, out_len, list, issuer, key, chain, chain_len, z, z_len, iat,
                         exp, ttl);
    free(bytes);
    free(z);
    free(issuer);
    return e;
}

wallet_err wallet_status_token_etag(wallet_ctx *ctx, char **out, const uint8_t *token, size_t len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || (!token && len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    uint8_t d[32];
    static const uint8_t empty[1] = {0};
    wallet_err e = wl_hash(ctx, WL_SHA256, token ? token : empty, len, d);
    if (e)
        return e;
    wl_buf b;
    wl_buf_init(&b, 64);
    wl_buf_append_byte(&b, '"');
    wl_buf_append_b64url(&b, d, 16);
    wl_buf_append_byte(&b, '"');
    if (b.failed) {
        e = wl_buf_error(ctx, &b, "ETag");
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}
