/*
 * COSE_Sign1 (RFC 9052 §4.2): sign, parse, verify.
 */
#include "../crypto/crypto.h"
#include "cose_int.h"

struct wallet_cose_sign1 {
    uint8_t *bytes; /* copy of the input; the trees point into it */
    size_t len;
    wl_cbor_doc *doc;
    wl_cbor_doc *prot_doc;
    const wl_cbor *prot_bstr;
    const wl_cbor *prot; /* NULL when the protected header is empty */
    const wl_cbor *unprot;
    const wl_cbor *payload; /* NULL when detached (nil) */
    const wl_cbor *sig;
    wallet_alg alg;
    int64_t alg_id;
    int verified;
};

void wallet_cose_sign1_free(wallet_cose_sign1 *msg)
{
    if (!msg)
        return;
    wl_cbor_doc_free(msg->prot_doc);
    wl_cbor_doc_free(msg->doc);
    free(msg->bytes);
    free(msg);
}

wallet_err wallet_cose_sign1_parse(wallet_ctx *ctx, wallet_cose_sign1 **out, const uint8_t *cbor,
                                   size_t cbor_len)
{
    wl_enter(ctx);
    return wl_cose_sign1_parse_ex(ctx, out, cbor, cbor_len, 0);
}

wallet_err wl_cose_sign1_parse_ex(wallet_ctx *ctx, wallet_cose_sign1 **out, const uint8_t *cbor,
                                  size_t cbor_len, unsigned flags)
{
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, cbor_len, "COSE_Sign1");
    if (e)
        return e;
    wallet_cose_sign1 *m = wl_calloc(1, sizeof(*m));
    if (!m || !(m->bytes = wl_memdup(cbor, cbor_len))) {
        free(m);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    m->len = cbor_len;
    e = wl_cbor_decode(ctx, &m->doc, m->bytes, m->len, 0, NULL);
    if (e) {
        wl_err_prefix(ctx, "COSE_Sign1");
        goto fail;
    }
    const wl_cbor *root = wl_cbor_root(m->doc);
    if (root->type == WL_CBOR_TAG) {
        if (root->u != 18) {
            e = wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Sign1: unexpected tag %llu (want 18)",
                       (unsigned long long)root->u);
            goto fail;
        }
        root = wl_cbor_tag_content(root);
    }
    if (root->type != WL_CBOR_ARRAY || root->u != 4) {
        e = wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Sign1: not an array of four items");
        goto fail;
    }
    m->prot_bstr = wl_cbor_array_at(root, 0);
    m->unprot = wl_cbor_array_at(root, 1);
    m->payload = wl_cbor_array_at(root, 2);
    m->sig = wl_cbor_array_at(root, 3);
    if (m->unprot->type != WL_CBOR_MAP || m->sig->type != WL_CBOR_BYTES ||
        (m->payload->type != WL_CBOR_BYTES && !wl_cbor_is_simple(m->payload, WL_CBOR_NULL))) {
        e = wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                   "COSE_Sign1: want [bstr protected, map, bstr/nil payload, bstr signature]");
        goto fail;
    }
    if (m->payload->type != WL_CBOR_BYTES)
        m->payload = NULL;
    e = wl_cose_decode_protected(ctx, m->prot_bstr, &m->prot_doc, &m->prot);
    if (e)
        goto fail;
    e = wl_cose_check_headers_ex(ctx, m->prot, m->unprot, &m->alg, &m->alg_id, flags);
    if (e)
        goto fail;
    *out = m;
    return WALLET_OK;
fail:
    wallet_cose_sign1_free(m);
    return e;
}

wallet_alg wallet_cose_sign1_alg(const wallet_cose_sign1 *msg)
{
    return msg ? msg->alg : WALLET_ALG_NONE;
}

const uint8_t *wallet_cose_sign1_header(const wallet_cose_sign1 *msg, int64_t label, size_t *len,
                                        int *bucket)
{
    const wl_cbor *v = NULL;
    int b = WALLET_COSE_PROTECTED;
    if (msg) {
        v = wl_cbor_map_int(msg->prot, label);
        if (!v) {
            v = wl_cbor_map_int(msg->unprot, label);
            b = WALLET_COSE_UNPROTECTED;
        }
    }
    if (len)
        *len = v ? v->raw_len : 0;
    if (bucket)
        *bucket = v ? b : -1;
    return v ? v->raw : NULL;
}

const uint8_t *wallet_cose_sign1_kid(const wallet_cose_sign1 *msg, size_t *len)
{
    const wl_cbor *v = NULL;
    if (msg) {
        v = wl_cbor_map_int(msg->prot, WALLET_COSE_HDR_KID);
        if (!v)
            v = wl_cbor_map_int(msg->unprot, WALLET_COSE_HDR_KID);
    }
    if (!v || v->type != WL_CBOR_BYTES) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = (size_t)v->u;
    return v->ptr;
}

static const wl_cbor *wl_x5chain(const wallet_cose_sign1 *msg)
{
    const wl_cbor *v = wl_cbor_map_int(msg->prot, WALLET_COSE_HDR_X5CHAIN);
    return v ? v : wl_cbor_map_int(msg->unprot, WALLET_COSE_HDR_X5CHAIN);
}

size_t wallet_cose_sign1_x5chain_count(const wallet_cose_sign1 *msg)
{
    const wl_cbor *v = msg ? wl_x5chain(msg) : NULL;
    if (!v)
        return 0;
    if (v->type == WL_CBOR_BYTES)
        return 1;
    if (v->type != WL_CBOR_ARRAY)
        return 0;
    for (const wl_cbor *c = wl_cbor_child(v); c && c < v + v->nodes; c = wl_cbor_next(c))
        if (c->type != WL_CBOR_BYTES)
            return 0;
    return (size_t)v->u;
}

const uint8_t *wallet_cose_sign1_x5chain(const wallet_cose_sign1 *msg, size_t i, size_t *len)
{
    if (len)
        *len = 0;
    if (!msg || i >= wallet_cose_sign1_x5chain_count(msg))
        return NULL;
    const wl_cbor *v = wl_x5chain(msg);
    const wl_cbor *c = v->type == WL_CBOR_BYTES ? v : wl_cbor_array_at(v, i);
    if (len)
        *len = (size_t)c->u;
    return c->ptr;
}

int wallet_cose_sign1_is_detached(const wallet_cose_sign1 *msg)
{
    return msg && !msg->payload;
}

wallet_err wallet_cose_sign1_verify(wallet_ctx *ctx, wallet_cose_sign1 *msg, const wallet_key *key,
                                    wallet_algset allowed, const uint8_t *external_aad,
                                    size_t aad_len, const uint8_t *detached, size_t detached_len)
{
    wl_enter(ctx);
    if (!msg || !key || (!external_aad && aad_len) || (!detached && detached_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    msg->verified = 0;
    wallet_err e = wl_cose_check_alg(ctx, msg->alg, msg->alg_id, key, allowed);
    if (e)
        return e;
    const uint8_t *payload;
    size_t payload_len;
    if (msg->payload) {
        if (detached)
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "COSE_Sign1 payload is not detached");
        payload = msg->payload->ptr;
        payload_len = (size_t)msg->payload->u;
    } else {
        if (!detached)
            return wl_err(ctx, WALLET_ERR_STATE, "COSE_Sign1: detached payload not supplied");
        payload = detached;
        payload_len = detached_len;
    }
    static const uint8_t empty[1] = {0};
    e = wl_cose_verify_sig(ctx, key, msg->alg, "Signature1", msg->prot_bstr->ptr,
                           (size_t)msg->prot_bstr->u, NULL, 0, external_aad ? external_aad : empty,
                           aad_len, payload ? payload : empty, payload_len, msg->sig->ptr,
                           (size_t)msg->sig->u);
    if (e)
        return e;
    msg->verified = 1;
    return WALLET_OK;
}

const uint8_t *wallet_cose_sign1_payload(const wallet_cose_sign1 *msg, size_t *len)
{
    if (!msg || !msg->verified || !msg->payload) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = (size_t)msg->payload->u;
    return msg->payload->ptr;
}

wallet_err wallet_cose_sign1_sign(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                  const wallet_key *key, wallet_alg alg,
                                  const wallet_cose_headers *headers, const uint8_t *payload,
                                  size_t payload_len, const uint8_t *external_aad, size_t aad_len,
                                  unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !key || (!payload && payload_len) || (!external_aad && aad_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (flags & ~(WALLET_COSE_TAGGED | WALLET_COSE_DETACHED))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown flags");
    if (alg == WALLET_ALG_NONE)
        alg = wallet_key_alg(key);
    wallet_err e = wl_alg_check_key(ctx, alg, key, 0);
    if (e)
        return e;
    if (!wallet_key_can_sign(key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "signing needs a private key");
    static const uint8_t empty[1] = {0};
    wl_buf prot, b;
    wl_buf_init(&prot, 0);
    wl_buf_init(&b, 0);
    e = wl_cose_encode_headers(ctx, &prot, headers, WALLET_COSE_PROTECTED, alg);
    if (e)
        goto done;
    if (flags & WALLET_COSE_TAGGED)
        wl_cbor_put_tag(&b, 18);
    wl_cbor_put_array(&b, 4);
    wl_cbor_put_bytes(&b, prot.data, prot.len);
    e = wl_cose_encode_headers(ctx, &b, headers, WALLET_COSE_UNPROTECTED, WALLET_ALG_NONE);
    if (e)
        goto done;
    if (flags & WALLET_COSE_DETACHED)
        wl_cbor_put_null(&b);
    else
        wl_cbor_put_bytes(&b, payload ? payload : empty, payload_len);
    e = wl_cose_sign_sig(ctx, &b, key, alg, "Signature1", prot.data, prot.len, NULL, 0,
                         external_aad ? external_aad : empty, aad_len, payload ? payload : empty,
                         payload_len);
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "COSE_Sign1");
    if (!e)
        *out = wl_buf_take(&b, out_len);
done:
    wl_buf_free(&prot);
    wl_buf_free(&b);
    return e;
}
