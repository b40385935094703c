/*
 * SessionTranscript = [DeviceEngagementBytes, EReaderKeyBytes, Handover]
 * (ISO/IEC 18013-5 §9.1.5.1) for every handover libwallet knows:
 *
 *   proximity QR      [#6.24(DE), #6.24(EReaderKey), null]
 *   proximity NFC     [#6.24(DE), #6.24(EReaderKey), [HandoverSelect, HandoverRequest / null]]
 *   OpenID4VP 1.0     [null, null, ["OpenID4VPHandover", H([client_id, nonce, jkt/null, response_uri])]]
 *   OpenID4VP DC API  [null, null, ["OpenID4VPDCAPIHandover", H([origin, nonce, jkt/null])]]
 *   DC API draft 24   [null, null, ["OpenID4VPDCAPIHandover", H([origin, client_id, nonce])]]
 *   18013-7 Annex C   [null, null, ["dcapi", H([base64url EncryptionInfo, origin])]]
 *   OID4VP draft 18   [null, null, [H([client_id, mdoc_nonce]), H([response_uri, mdoc_nonce]), nonce]]
 *
 * H is SHA-256 over the CBOR encoding (definite lengths, preferred heads).
 * OpenID4VP 1.0 Appendix B.2.6; ISO/IEC TS 18013-7 Annex B (draft 18 form)
 * and Annex C.
 */
#include "mdoc_int.h"

/* ---- normalising a received transcript ------------------------------------- */

static wallet_err wl_st_shape(wallet_ctx *ctx, const uint8_t *in, size_t len,
                              const uint8_t **array, size_t *array_len)
{
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, in, len, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, "SessionTranscript");
    const wl_cbor *root = wl_cbor_root(doc);
    const wl_cbor *arr = root;
    wl_cbor_doc *inner = NULL;
    if (root->type == WL_CBOR_TAG) {
        const wl_cbor *b = wl_cbor_tag_content(root);
        if (root->u != 24 || b->type != WL_CBOR_BYTES) {
            wl_cbor_doc_free(doc);
            return wl_err(ctx, WALLET_ERR_MDOC_TRANSCRIPT,
                          "SessionTranscript: a tag other than 24 around it");
        }
        e = wl_cbor_decode(ctx, &inner, b->ptr, (size_t)b->u, 0, NULL);
        if (e) {
            wl_cbor_doc_free(doc);
            return wl_err_prefix(ctx, "SessionTranscriptBytes");
        }
        arr = wl_cbor_root(inner);
    }
    if (arr->type != WL_CBOR_ARRAY || arr->u != 3)
        e = wl_err(ctx, WALLET_ERR_MDOC_TRANSCRIPT,
                   "SessionTranscript is not an array of three items");
    if (!e) {
        *array = arr->raw;
        *array_len = arr->raw_len;
    }
    wl_cbor_doc_free(inner);
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wl_mdoc_transcript_check(wallet_ctx *ctx, const uint8_t *in, size_t len)
{
    const uint8_t *a = NULL;
    size_t n = 0;
    return wl_st_shape(ctx, in, len, &a, &n);
}

wallet_err wl_mdoc_st_init(wallet_ctx *ctx, wl_mdoc_st *st, const uint8_t *in, size_t len)
{
    memset(st, 0, sizeof(*st));
    const uint8_t *a = NULL;
    size_t n = 0;
    wallet_err e = wl_st_shape(ctx, in, len, &a, &n);
    if (e)
        return e;
    if (a != in) {
        /* Received tagged: both views point into the caller's bytes. */
        st->tagged = in;
        st->tagged_len = len;
        st->array = a;
        st->array_len = n;
        return WALLET_OK;
    }
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!wl_mdoc_put_tag24(&b, in, len)) {
        wl_buf_free(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    st->owned = wl_buf_take(&b, &st->tagged_len);
    st->tagged = st->owned;
    st->array = in;
    st->array_len = len;
    return WALLET_OK;
}

void wl_mdoc_st_clear(wl_mdoc_st *st)
{
    free(st->owned);
    memset(st, 0, sizeof(*st));
}

/* ---- building ------------------------------------------------------------------ */

static wallet_err wl_st_take(wallet_ctx *ctx, wl_buf *b, uint8_t **out, size_t *out_len)
{
    if (b->failed) {
        wallet_err e = wl_buf_error(ctx, b, "SessionTranscript");
        wl_buf_free(b);
        return e;
    }
    *out = wl_buf_take(b, out_len);
    return WALLET_OK;
}

static wallet_err wl_st_start(wallet_ctx *ctx, uint8_t **out, size_t *out_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    return WALLET_OK;
}

wallet_err wl_mdoc_transcript_build(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                    const uint8_t *de_tagged, size_t de_len,
                                    const uint8_t *erk_tagged, size_t erk_len,
                                    const uint8_t *handover, size_t handover_len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_array(&b, 3);
    wl_cbor_put_raw(&b, de_tagged, de_len);
    wl_cbor_put_raw(&b, erk_tagged, erk_len);
    if (handover)
        wl_cbor_put_raw(&b, handover, handover_len);
    else
        wl_cbor_put_null(&b);
    return wl_st_take(ctx, &b, out, out_len);
}

/* One complete CBOR item of the expected major type (for caller input). */
static wallet_err wl_check_item(wallet_ctx *ctx, const uint8_t *p, size_t n, int type,
                                const char *what)
{
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, p, n, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, what);
    if (type >= 0 && wl_cbor_root(doc)->type != type)
        e = wl_err(ctx, WALLET_ERR_MDOC_TRANSCRIPT, "%s has the wrong CBOR type", what);
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wallet_mdoc_transcript_proximity(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                            const uint8_t *device_engagement,
                                            size_t device_engagement_len,
                                            const uint8_t *e_reader_key, size_t e_reader_key_len,
                                            const uint8_t *handover, size_t handover_len)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!device_engagement || !e_reader_key || (!handover && handover_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if ((e = wl_check_item(ctx, device_engagement, device_engagement_len, WL_CBOR_MAP,
                           "DeviceEngagement")) ||
        (e = wl_check_item(ctx, e_reader_key, e_reader_key_len, WL_CBOR_MAP, "EReaderKey")) ||
        (handover && (e = wl_check_item(ctx, handover, handover_len, -1, "Handover"))))
        return e;
    wl_buf de, erk;
    wl_buf_init(&de, 0);
    wl_buf_init(&erk, 0);
    wl_mdoc_put_tag24(&de, device_engagement, device_engagement_len);
    wl_mdoc_put_tag24(&erk, e_reader_key, e_reader_key_len);
    if (de.failed || erk.failed)
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    else
        e = wl_mdoc_transcript_build(ctx, out, out_len, de.data, de.len, erk.data, erk.len,
                                     handover, handover_len);
    wl_buf_free(&de);
    wl_buf_free(&erk);
    return e;
}

wallet_err wallet_mdoc_handover_nfc(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                    const uint8_t *handover_select, size_t select_len,
                                    const uint8_t *handover_request, size_t request_len)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!handover_select || !select_len || (!handover_request && request_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NFC handover needs the HandoverSelect message");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_array(&b, 2);
    wl_cbor_put_bytes(&b, handover_select, select_len);
    if (handover_request)
        wl_cbor_put_bytes(&b, handover_request, request_len);
    else
        wl_cbor_put_null(&b); /* static handover: no HandoverRequest */
    return wl_st_take(ctx, &b, out, out_len);
}

/* SHA-256 of a CBOR array of text strings (NULL entries: the bytes in
 * `bin`/`bin_len` at that position, or null when bin is NULL too). */
typedef struct wl_st_part {
    const char *text;
    const uint8_t *bin;
    size_t bin_len;
} wl_st_part;

static wallet_err wl_hash_info(wallet_ctx *ctx, uint8_t out[32], const wl_st_part *parts,
                               size_t n)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_array(&b, n);
    for (size_t i = 0; i < n; i++) {
        if (parts[i].text)
            wl_cbor_put_cstr(&b, parts[i].text);
        else if (parts[i].bin)
            wl_cbor_put_bytes(&b, parts[i].bin, parts[i].bin_len);
        else
            wl_cbor_put_null(&b);
    }
    wallet_err e = b.failed ? wl_buf_error(ctx, &b, "handover info")
                            : wl_hash(ctx, WL_SHA256, b.data, b.len, out);
    wl_buf_free(&b);
    return e;
}

static int wl_text_ok(const char *s)
{
    return s && wl_utf8_valid((const uint8_t *)s, strlen(s));
}

/* [null, null, [name, hash]] */
static wallet_err wl_named_handover(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                    const char *name, const wl_st_part *parts, size_t n)
{
    uint8_t h[32];
    wallet_err e = wl_hash_info(ctx, h, parts, n);
    if (e)
        return e;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_array(&b, 3);
    wl_cbor_put_null(&b);
    wl_cbor_put_null(&b);
    wl_cbor_put_array(&b, 2);
    wl_cbor_put_cstr(&b, name);
    wl_cbor_put_bytes(&b, h, sizeof(h));
    return wl_st_take(ctx, &b, out, out_len);
}

wallet_err wallet_mdoc_transcript_oid4vp(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                         const char *client_id, const char *nonce,
                                         const uint8_t *jwk_thumbprint, const char *response_uri)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!wl_text_ok(client_id) || !wl_text_ok(nonce) || !wl_text_ok(response_uri))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "OpenID4VP handover needs client_id, nonce and response_uri (UTF-8)");
    /* OpenID4VPHandoverInfo = [clientId, nonce, jwkThumbprint / null, responseUri] */
    const wl_st_part parts[4] = {{client_id, NULL, 0},
                                 {nonce, NULL, 0},
                                 {NULL, jwk_thumbprint, jwk_thumbprint ? 32 : 0},
                                 {response_uri, NULL, 0}};
    return wl_named_handover(ctx, out, out_len, "OpenID4VPHandover", parts, 4);
}

wallet_err wallet_mdoc_transcript_oid4vp_dc_api(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                const char *origin, const char *nonce,
                                                const uint8_t *jwk_thumbprint)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!wl_text_ok(origin) || !wl_text_ok(nonce))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "DC API handover needs origin and nonce");
    /* OpenID4VPDCAPIHandoverInfo = [origin, nonce, jwkThumbprint / null] */
    const wl_st_part parts[3] = {
        {origin, NULL, 0}, {nonce, NULL, 0}, {NULL, jwk_thumbprint, jwk_thumbprint ? 32 : 0}};
    return wl_named_handover(ctx, out, out_len, "OpenID4VPDCAPIHandover", parts, 3);
}

wallet_err wallet_mdoc_transcript_oid4vp_dc_api_draft24(wallet_ctx *ctx, uint8_t **out,
                                                        size_t *out_len, const char *origin,
                                                        const char *client_id, const char *nonce)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!wl_text_ok(origin) || !wl_text_ok(client_id) || !wl_text_ok(nonce))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "DC API (draft 24) handover needs origin, client_id and nonce");
    const wl_st_part parts[3] = {{origin, NULL, 0}, {client_id, NULL, 0}, {nonce, NULL, 0}};
    return wl_named_handover(ctx, out, out_len, "OpenID4VPDCAPIHandover", parts, 3);
}

wallet_err wallet_mdoc_transcript_annex_c(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                          const char *encryption_info, const char *origin)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!wl_text_ok(encryption_info) || !wl_text_ok(origin) || !*encryption_info)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "Annex C handover needs the base64url EncryptionInfo and the origin");
    /* dcapiInfo = [Base64EncryptionInfo, SerializedOrigin] (ISO/IEC TS
     * 18013-7 Annex C): the text exactly as sent, never re-encoded. */
    const wl_st_part parts[2] = {{encryption_info, NULL, 0}, {origin, NULL, 0}};
    return wl_named_handover(ctx, out, out_len, "dcapi", parts, 2);
}

wallet_err wallet_mdoc_transcript_oid4vp_draft18(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                 const char *client_id, const char *response_uri,
                                                 const char *mdoc_nonce, const char *nonce)
{
    wallet_err e = wl_st_start(ctx, out, out_len);
    if (e)
        return e;
    if (!wl_text_ok(client_id) || !wl_text_ok(response_uri) || !wl_text_ok(mdoc_nonce) ||
        !wl_text_ok(nonce))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "draft-18 handover needs client_id, response_uri, mdoc nonce and nonce");
    /* ISO/IEC TS 18013-7:2024 Annex B.4.4 (OpenID4VP draft 18):
     * OID4VPHandover = [clientIdHash, responseUriHash, nonce]. */
    uint8_t h1[32], h2[32];
    const wl_st_part p1[2] = {{client_id, NULL, 0}, {mdoc_nonce, NULL, 0}};
    const wl_st_part p2[2] = {{response_uri, NULL, 0}, {mdoc_nonce, NULL, 0}};
    if ((e = wl_hash_info(ctx, h1, p1, 2)) || (e = wl_hash_info(ctx, h2, p2, 2)))
        return e;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_array(&b, 3);
    wl_cbor_put_null(&b);
    wl_cbor_put_null(&b);
    wl_cbor_put_array(&b, 3);
    wl_cbor_put_bytes(&b, h1, 32);
    wl_cbor_put_bytes(&b, h2, 32);
    wl_cbor_put_cstr(&b, nonce);
    return wl_st_take(ctx, &b, out, out_len);
}
