/*
 * COSE_Mac0 (RFC 9052 §6.2, §6.3) with HMAC 256/256 (RFC 9053 §3.1, alg 5):
 * the MAC of ISO/IEC 18013-5 DeviceMac (§9.1.3.5).
 *
 *   COSE_Mac0 = [protected: bstr, unprotected: map, payload: bstr / nil,
 *                tag: bstr]
 *   MAC_structure = ["MAC0", protected, external_aad, payload]
 */
#include "../crypto/crypto.h"
#include "cose_int.h"

static int wl_mac_structure(wl_buf *b, const uint8_t *prot, size_t prot_len,
                            const uint8_t *payload, size_t payload_len)
{
    static const uint8_t empty[1] = {0};
    return wl_cbor_put_array(b, 4) && wl_cbor_put_cstr(b, "MAC0") &&
           wl_cbor_put_bytes(b, prot, prot_len) && wl_cbor_put_bytes(b, empty, 0) &&
           wl_cbor_put_bytes(b, payload ? payload : empty, payload_len);
}

static wallet_err wl_mac0_tag(wallet_ctx *ctx, uint8_t tag[32], const uint8_t *key,
                              size_t key_len, const uint8_t *prot, size_t prot_len,
                              const uint8_t *payload, size_t payload_len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wallet_err e;
    if (!wl_mac_structure(&b, prot, prot_len, payload, payload_len))
        e = wl_buf_error(ctx, &b, "MAC_structure");
    else
        e = wl_hmac(ctx, WL_SHA256, key, key_len, b.data, b.len, tag);
    wl_buf_free(&b);
    return e;
}

wallet_err wl_cose_mac0_create(wallet_ctx *ctx, wl_buf *out, const uint8_t *key, size_t key_len,
                               const uint8_t *payload, size_t payload_len, int detached)
{
    static const uint8_t prot[3] = {0xA1, 0x01, WL_COSE_ALG_HMAC256}; /* {1: 5} */
    uint8_t tag[32];
    wallet_err e = wl_mac0_tag(ctx, tag, key, key_len, prot, sizeof(prot), payload, payload_len);
    if (e)
        return e;
    wl_cbor_put_array(out, 4);
    wl_cbor_put_bytes(out, prot, sizeof(prot));
    wl_cbor_put_map(out, 0);
    if (detached)
        wl_cbor_put_null(out);
    else
        wl_cbor_put_bytes(out, payload, payload_len);
    wl_cbor_put_bytes(out, tag, sizeof(tag));
    return out->failed ? wl_buf_error(ctx, out, "COSE_Mac0") : WALLET_OK;
}

wallet_err wl_cose_mac0_verify(wallet_ctx *ctx, const wl_cbor *msg, const uint8_t *key,
                               size_t key_len, const uint8_t *detached, size_t detached_len)
{
    if (msg && msg->type == WL_CBOR_TAG) {
        if (msg->u != 17)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Mac0: unexpected tag %llu (want 17)",
                          (unsigned long long)msg->u);
        msg = wl_cbor_tag_content(msg);
    }
    if (!msg || msg->type != WL_CBOR_ARRAY || msg->u != 4)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Mac0: not an array of four items");
    const wl_cbor *prot_bstr = wl_cbor_array_at(msg, 0), *unprot = wl_cbor_array_at(msg, 1);
    const wl_cbor *payload = wl_cbor_array_at(msg, 2), *tag = wl_cbor_array_at(msg, 3);
    if (unprot->type != WL_CBOR_MAP || tag->type != WL_CBOR_BYTES ||
        (payload->type != WL_CBOR_BYTES && !wl_cbor_is_simple(payload, WL_CBOR_NULL)))
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                      "COSE_Mac0: want [bstr protected, map, bstr/nil payload, bstr tag]");
    wl_cbor_doc *pdoc = NULL;
    const wl_cbor *prot = NULL;
    wallet_alg alg;
    int64_t alg_id;
    wallet_err e = wl_cose_decode_protected(ctx, prot_bstr, &pdoc, &prot);
    if (!e)
        e = wl_cose_check_headers(ctx, prot, unprot, &alg, &alg_id);
    wl_cbor_doc_free(pdoc);
    if (e)
        return e;
    if (alg_id != WL_COSE_ALG_HMAC256)
        return wl_err(ctx, alg_id ? WALLET_ERR_ALG_UNSUPPORTED : WALLET_ERR_COSE_FORMAT,
                      "COSE_Mac0: algorithm must be HMAC 256/256 (5)");
    const uint8_t *p;
    size_t plen;
    if (payload->type == WL_CBOR_BYTES) {
        if (detached)
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "COSE_Mac0 payload is not detached");
        p = payload->ptr;
        plen = (size_t)payload->u;
    } else {
        if (!detached)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Mac0 detached payload missing");
        p = detached;
        plen = detached_len;
    }
    uint8_t want[32];
    e = wl_mac0_tag(ctx, want, key, key_len, prot_bstr->ptr, (size_t)prot_bstr->u, p, plen);
    if (e)
        return e;
    int ok = tag->u == sizeof(want) && wl_ct_equal(want, tag->ptr, sizeof(want));
    wl_memzero(want, sizeof(want));
    return ok ? WALLET_OK : wl_err(ctx, WALLET_ERR_MAC, "COSE_Mac0 tag does not verify");
}
