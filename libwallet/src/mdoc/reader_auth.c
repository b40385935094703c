/*
 * mdoc reader authentication (ISO/IEC 18013-5 §9.1.4):
 *
 *   ReaderAuthentication = ["ReaderAuthentication", SessionTranscript,
 *                           ItemsRequestBytes]
 *   ReaderAuthenticationBytes = #6.24(bstr .cbor ReaderAuthentication)
 *   readerAuth = COSE_Sign1 with a nil payload (the content is
 *                ReaderAuthenticationBytes) and the reader certificate chain
 *                in the unprotected x5chain.
 *
 * The reader certificate follows Annex B.1.7: keyUsage digitalSignature and
 * EKU 1.0.18013.5.1.6 (checked when present), chaining to a reader root the
 * holder trusts.
 */
#include "mdoc_int.h"

static wallet_err wl_reader_auth_bytes(wallet_ctx *ctx, wl_buf *out, const wl_mdoc_st *st,
                                       const uint8_t *items_request_bytes, size_t len)
{
    wl_buf inner;
    wl_buf_init(&inner, 0);
    wl_cbor_put_array(&inner, 3);
    wl_cbor_put_cstr(&inner, "ReaderAuthentication");
    wl_cbor_put_raw(&inner, st->array, st->array_len);
    wl_cbor_put_raw(&inner, items_request_bytes, len); /* as sent / received */
    if (!inner.failed)
        wl_mdoc_put_tag24(out, inner.data, inner.len);
    wallet_err e = inner.failed || out->failed ? wl_err(ctx, WALLET_ERR_NOMEM, "out of memory")
                                               : WALLET_OK;
    wl_buf_free(&inner);
    return e;
}

wallet_err wl_mdoc_reader_auth_sign(wallet_ctx *ctx, wl_buf *out, const wallet_key *reader_key,
                                    const wallet_cert *const *chain, size_t n_chain,
                                    const wl_mdoc_st *st, const uint8_t *items_request_bytes,
                                    size_t len)
{
    wl_buf rab;
    wl_buf_init(&rab, 0);
    wallet_cose_headers *h = NULL;
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    wallet_err e = wl_reader_auth_bytes(ctx, &rab, st, items_request_bytes, len);
    if (!e)
        e = wallet_cose_headers_new(ctx, &h);
    for (size_t i = 0; i < n_chain && !e; i++) {
        size_t der_len;
        const uint8_t *der = wallet_cert_der(chain[i], &der_len);
        e = wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_UNPROTECTED, der, der_len);
    }
    if (!e)
        e = wallet_cose_sign1_sign(ctx, &sig, &sig_len, reader_key, WALLET_ALG_NONE, h, rab.data,
                                   rab.len, NULL, 0, WALLET_COSE_DETACHED);
    if (e)
        wl_err_prefix(ctx, "readerAuth");
    else if (!wl_cbor_put_raw(out, sig, sig_len))
        e = wl_buf_error(ctx, out, "readerAuth");
    wallet_free(sig);
    wallet_cose_headers_free(h);
    wl_buf_free(&rab);
    return e;
}

wallet_err wl_mdoc_reader_auth_verify(wallet_ctx *ctx, char **subject,
                                      const wl_cbor *reader_auth, const wallet_trust *t,
                                      wallet_algset algs, const wl_mdoc_st *st,
                                      const uint8_t *items_request_bytes, size_t len)
{
    wl_mdoc_sign1 s;
    wallet_cert *leaf = NULL;
    wallet_key *key = NULL;
    wl_buf rab;
    wl_buf_init(&rab, 0);
    wallet_err e = wl_mdoc_sign1_parse(ctx, &s, reader_auth, "readerAuth");
    if (e)
        return e;
    if ((e = wl_mdoc_sign1_chain(ctx, &s, t, WL_MDOC_EKU_READER, &leaf, &key))) {
        wl_err_prefix(ctx, "readerAuth");
        goto done;
    }
    if ((e = wl_reader_auth_bytes(ctx, &rab, st, items_request_bytes, len)))
        goto done;
    if (s.payload && (s.payload->u != rab.len || memcmp(s.payload->ptr, rab.data, rab.len))) {
        e = wl_err(ctx, WALLET_ERR_MDOC_READER_AUTH,
                   "readerAuth payload is not this exchange's ReaderAuthentication");
        goto done;
    }
    e = wl_mdoc_sign1_verify(ctx, &s, key, algs, s.payload ? NULL : rab.data,
                             s.payload ? 0 : rab.len);
    if (e == WALLET_ERR_SIGNATURE)
        e = wl_err(ctx, WALLET_ERR_MDOC_READER_AUTH,
                   "readerAuth does not verify over ReaderAuthentication (wrong key, request "
                   "or SessionTranscript?)");
    else if (e)
        wl_err_prefix(ctx, "readerAuth");
    if (!e && subject)
        e = wallet_cert_subject(ctx, subject, leaf);
done:
    wl_buf_free(&rab);
    wallet_key_free(key);
    wallet_cert_free(leaf);
    wl_mdoc_sign1_clear(&s);
    return e;
}
