/*
 * COSE_Sign (RFC 9052 §4.1): several signers over one payload.
 */
#include "../crypto/crypto.h"
#include "cose_int.h"

wallet_err wallet_cose_sign_sign(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                 const wallet_key *const *keys, size_t key_count,
                                 const uint8_t *payload, size_t payload_len,
                                 const uint8_t *external_aad, size_t aad_len, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !keys || !key_count || (!payload && payload_len) ||
        (!external_aad && aad_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (flags & ~(WALLET_COSE_TAGGED | WALLET_COSE_DETACHED))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown flags");
    static const uint8_t empty[1] = {0};
    const uint8_t *pl = payload ? payload : empty;
    const uint8_t *aad = external_aad ? external_aad : empty;
    wl_buf b;
    wl_buf_init(&b, 0);
    if (flags & WALLET_COSE_TAGGED)
        wl_cbor_put_tag(&b, 98);
    wl_cbor_put_array(&b, 4);
    wl_cbor_put_bytes(&b, empty, 0); /* empty body protected header */
    wl_cbor_put_map(&b, 0);
    if (flags & WALLET_COSE_DETACHED)
        wl_cbor_put_null(&b);
    else
        wl_cbor_put_bytes(&b, pl, payload_len);
    wl_cbor_put_array(&b, key_count);
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i < key_count && !e; i++) {
        const wallet_key *k = keys[i];
        wallet_alg alg = k ? wallet_key_alg(k) : WALLET_ALG_NONE;
        if (!k || !wallet_key_can_sign(k)) {
            e = wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "key %zu cannot sign", i);
            break;
        }
        e = wl_alg_check_key(ctx, alg, k, 0);
        if (e)
            break;
        wl_buf prot;
        wl_buf_init(&prot, 0);
        e = wl_cose_encode_headers(ctx, &prot, NULL, WALLET_COSE_PROTECTED, alg);
        if (!e) {
            wl_cbor_put_array(&b, 3);
            wl_cbor_put_bytes(&b, prot.data, prot.len);
            const char *kid = wallet_key_kid(k);
            if (kid) {
                wl_cbor_put_map(&b, 1);
                wl_cbor_put_int(&b, WALLET_COSE_HDR_KID);
                wl_cbor_put_bytes(&b, (const uint8_t *)kid, strlen(kid));
            } else {
                wl_cbor_put_map(&b, 0);
            }
            e = wl_cose_sign_sig(ctx, &b, k, alg, "Signature", empty, 0, prot.data, prot.len,
                                 aad, aad_len, pl, payload_len);
        }
        wl_buf_free(&prot);
    }
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "COSE_Sign");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}

wallet_err wallet_cose_sign_verify(wallet_ctx *ctx, uint8_t **payload, size_t *payload_len,
                                   size_t *signer_index, const uint8_t *cbor, size_t cbor_len,
                                   const wallet_key *key, wallet_algset allowed,
                                   const uint8_t *external_aad, size_t aad_len)
{
    wl_enter(ctx);
    if (payload)
        *payload = NULL;
    if (payload_len)
        *payload_len = 0;
    if (signer_index)
        *signer_index = 0;
    if (!payload || !payload_len || !cbor || !key || (!external_aad && aad_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_input_size(ctx, cbor_len, "COSE_Sign");
    if (e)
        return e;
    static const uint8_t empty[1] = {0};
    wl_cbor_doc *doc = NULL, *body_doc = NULL;
    e = wl_cbor_decode(ctx, &doc, cbor, cbor_len, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, "COSE_Sign");
    const wl_cbor *root = wl_cbor_root(doc);
    if (root->type == WL_CBOR_TAG) {
        if (root->u != 98) {
            e = wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Sign: unexpected tag %llu (want 98)",
                       (unsigned long long)root->u);
            goto done;
        }
        root = wl_cbor_tag_content(root);
    }
    const wl_cbor *bprot = wl_cbor_array_at(root, 0), *bunprot = wl_cbor_array_at(root, 1),
                  *pl = wl_cbor_array_at(root, 2), *sigs = wl_cbor_array_at(root, 3);
    if (root->type != WL_CBOR_ARRAY || root->u != 4 || bunprot->type != WL_CBOR_MAP ||
        pl->type != WL_CBOR_BYTES || sigs->type != WL_CBOR_ARRAY || sigs->u == 0) {
        e = wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                   "COSE_Sign: want [bstr, map, bstr payload, [+ COSE_Signature]]");
        goto done;
    }
    const wl_cbor *body_map = NULL;
    e = wl_cose_decode_protected(ctx, bprot, &body_doc, &body_map);
    if (e)
        goto done;
    wallet_alg unused_alg;
    int64_t unused_id;
    e = wl_cose_check_headers(ctx, body_map, bunprot, &unused_alg, &unused_id);
    if (e)
        goto done;
    wallet_err first = WALLET_OK;
    char first_msg[WL_ERRMSG_MAX] = "";
    const wl_cbor *s = wl_cbor_child(sigs);
    for (uint64_t i = 0; i < sigs->u; i++, s = wl_cbor_next(s)) {
        wl_cbor_doc *sdoc = NULL;
        const wl_cbor *smap = NULL;
        const wl_cbor *sp = wl_cbor_array_at(s, 0), *su = wl_cbor_array_at(s, 1),
                      *sv = wl_cbor_array_at(s, 2);
        wallet_alg alg = WALLET_ALG_NONE;
        int64_t alg_id = 0;
        wallet_err se;
        if (s->type != WL_CBOR_ARRAY || s->u != 3 || su->type != WL_CBOR_MAP ||
            sv->type != WL_CBOR_BYTES)
            se = wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Signature %llu is malformed",
                        (unsigned long long)i);
        else if (!(se = wl_cose_decode_protected(ctx, sp, &sdoc, &smap)) &&
                 !(se = wl_cose_check_headers(ctx, smap, su, &alg, &alg_id)) &&
                 !(se = wl_cose_check_alg(ctx, alg, alg_id, key, allowed)))
            se = wl_cose_verify_sig(ctx, key, alg, "Signature", bprot->ptr, (size_t)bprot->u,
                                    sp->ptr, (size_t)sp->u, external_aad ? external_aad : empty,
                                    aad_len, pl->ptr, (size_t)pl->u, sv->ptr, (size_t)sv->u);
        wl_cbor_doc_free(sdoc);
        if (!se) {
            *payload = wl_memdup(pl->ptr, (size_t)pl->u);
            if (!*payload) {
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                goto done;
            }
            *payload_len = (size_t)pl->u;
            if (signer_index)
                *signer_index = (size_t)i;
            if (ctx) {
                ctx->errcode = WALLET_OK;
                ctx->errmsg[0] = '\0';
            }
            e = WALLET_OK;
            goto done;
        }
        /* A signature the key was actually checked against outranks ones
         * skipped for their algorithm or key type. */
        if (!first || (se == WALLET_ERR_SIGNATURE && first != WALLET_ERR_SIGNATURE)) {
            first = se;
            if (ctx)
                memcpy(first_msg, ctx->errmsg, sizeof(first_msg));
        }
    }
    e = first;
    if (ctx) {
        ctx->errcode = first;
        memcpy(ctx->errmsg, first_msg, sizeof(first_msg));
    }
done:
    wl_cbor_doc_free(body_doc);
    wl_cbor_doc_free(doc);
    return e;
}
