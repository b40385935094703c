/*
 * Building a DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2) on the holder's
 * side: each Document discloses the chosen IssuerSignedItemBytes exactly as
 * the issuer encoded them (their digests are over those bytes), repeats
 * issuerAuth untouched, and adds DeviceSigned over this exchange's
 * SessionTranscript. Requested elements the credential does not hold go to
 * the Document's "errors" (ErrorCode 0, data not returned).
 */
#include "mdoc_int.h"

struct wallet_mdoc_response {
    uint8_t *st_bytes;
    wl_mdoc_st st;
    wl_buf docs;
    size_t n_docs;
    wl_buf errors;
    size_t n_errors;
};

wallet_err wallet_mdoc_response_new(wallet_ctx *ctx, wallet_mdoc_response **out,
                                    const uint8_t *session_transcript, size_t transcript_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!session_transcript)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a DeviceResponse needs a SessionTranscript");
    wallet_mdoc_response *r = wl_calloc(1, sizeof(*r));
    if (!r || !(r->st_bytes = wl_memdup(session_transcript, transcript_len))) {
        free(r);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    wallet_err e = wl_mdoc_st_init(ctx, &r->st, r->st_bytes, transcript_len);
    if (e) {
        free(r->st_bytes);
        free(r);
        return e;
    }
    wl_buf_init(&r->docs, 0);
    wl_buf_init(&r->errors, 0);
    *out = r;
    return WALLET_OK;
}

void wallet_mdoc_response_free(wallet_mdoc_response *r)
{
    if (!r)
        return;
    wl_mdoc_st_clear(&r->st);
    free(r->st_bytes);
    wl_buf_free(&r->docs);
    wl_buf_free(&r->errors);
    free(r);
}

static int wl_text_eq(const wl_cbor *t, const char *s)
{
    return wl_cbor_is_text(t, s);
}

/* Add one Document. `items` NULL: all elements. */
static wallet_err wl_add_document(wallet_ctx *ctx, wallet_mdoc_response *r,
                                  const uint8_t *issuer_signed, size_t len,
                                  const wallet_mdoc_item *items, size_t n_items,
                                  const char *want_doctype, const wallet_key *device_key,
                                  wallet_alg alg, const wallet_key *reader_key)
{
    wallet_err e = wl_check_input_size(ctx, len, "IssuerSigned");
    if (e)
        return e;
    wl_cbor_doc *doc = NULL;
    wl_mdoc_issuer_signed is;
    memset(&is, 0, sizeof(is));
    wallet_key *mso_key = NULL;
    unsigned char *chosen = NULL, *missing = NULL;
    wl_buf d;
    wl_buf_init(&d, 0);
    if ((e = wl_cbor_decode(ctx, &doc, issuer_signed, len, 0, NULL))) {
        wl_err_prefix(ctx, "IssuerSigned");
        goto done;
    }
    if ((e = wl_mdoc_issuer_signed_parse(ctx, &is, wl_cbor_root(doc))) ||
        (e = wl_mdoc_issuer_signed_parse_mso(ctx, &is)) ||
        (e = wl_mdoc_device_key(ctx, &mso_key, is.mso.device_key_node)))
        goto done;
    if (!wallet_key_equal_public(mso_key, device_key)) {
        e = wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                   "the device key is not the one certified in the MSO");
        goto done;
    }
    if (want_doctype && !wl_cbor_is_text(is.mso.doctype, want_doctype)) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "the credential's docType is not the one requested");
        goto done;
    }
    if ((is.n_items && !(chosen = wl_calloc(is.n_items, 1))) ||
        (n_items && !(missing = wl_calloc(n_items, 1)))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t n_missing = 0;
    for (size_t j = 0; j < n_items; j++) {
        if (!items[j].name_space || !items[j].element) {
            e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "item %zu lacks a namespace or element", j);
            goto done;
        }
        int found = 0;
        for (size_t i = 0; i < is.n_items; i++)
            if (wl_text_eq(is.items[i].ns, items[j].name_space) &&
                wl_text_eq(is.items[i].element, items[j].element)) {
                chosen[i] = 1;
                found = 1;
            }
        if (!found) {
            /* the same missing element asked twice is reported once */
            int dup = 0;
            for (size_t k = 0; k < j && !dup; k++)
                dup = missing[k] && !strcmp(items[k].name_space, items[j].name_space) &&
                      !strcmp(items[k].element, items[j].element);
            if (!dup) {
                missing[j] = 1;
                n_missing++;
            }
        }
    }
    if (!items)
        for (size_t i = 0; i < is.n_items; i++)
            chosen[i] = 1;
    size_t n_chosen = 0, n_ns = 0;
    for (size_t i = 0; i < is.n_items; i++) {
        if (!chosen[i])
            continue;
        n_chosen++;
        int first = 1;
        for (size_t k = 0; k < i && first; k++)
            first = !(chosen[k] && is.items[k].ns == is.items[i].ns);
        n_ns += (size_t)first;
    }

    /* Document = {"docType", "issuerSigned", "deviceSigned", ? "errors"} */
    wl_cbor_put_map(&d, n_missing ? 4 : 3);
    wl_cbor_put_cstr(&d, "docType");
    wl_cbor_put_raw(&d, is.mso.doctype->raw, is.mso.doctype->raw_len);
    wl_cbor_put_cstr(&d, "issuerSigned");
    wl_cbor_put_map(&d, n_chosen ? 2 : 1);
    if (n_chosen) {
        wl_cbor_put_cstr(&d, "nameSpaces");
        wl_cbor_put_map(&d, n_ns);
        for (size_t i = 0; i < is.n_items; i++) {
            if (!chosen[i])
                continue;
            int first = 1;
            for (size_t k = 0; k < i && first; k++)
                first = !(chosen[k] && is.items[k].ns == is.items[i].ns);
            if (!first)
                continue;
            size_t count = 0;
            for (size_t k = i; k < is.n_items; k++)
                count += chosen[k] && is.items[k].ns == is.items[i].ns;
            wl_cbor_put_raw(&d, is.items[i].ns->raw, is.items[i].ns->raw_len);
            wl_cbor_put_array(&d, count);
            for (size_t k = i; k < is.n_items; k++)
                if (chosen[k] && is.items[k].ns == is.items[i].ns)
                    wl_cbor_put_raw(&d, is.items[k].bytes->raw, is.items[k].bytes->raw_len);
        }
    }
    const wl_cbor *auth = wl_cbor_map_text(wl_cbor_root(doc), "issuerAuth");
    wl_cbor_put_cstr(&d, "issuerAuth");
    wl_cbor_put_raw(&d, auth->raw, auth->raw_len);
    wl_cbor_put_cstr(&d, "deviceSigned");
    if ((e = wl_mdoc_device_signed_append(ctx, &d, &r->st, is.mso.doctype->ptr,
                                          (size_t)is.mso.doctype->u, device_key, alg,
                                          reader_key)))
        goto done;
    if (n_missing) {
        /* Errors = {+ NameSpace => {+ DataElementIdentifier => ErrorCode}} */
        wl_cbor_mapw errs;
        wl_cbor_mapw_init(&errs, 0);
        for (size_t j = 0; j < n_items; j++) {
            if (!missing[j])
                continue;
            int first = 1;
            for (size_t k = 0; k < j && first; k++)
                first = !(missing[k] && !strcmp(items[k].name_space, items[j].name_space));
            if (!first)
                continue;
            wl_cbor_mapw one;
            wl_cbor_mapw_init(&one, 0);
            for (size_t k = j; k < n_items; k++) {
                if (!missing[k] || strcmp(items[k].name_space, items[j].name_space))
                    continue;
                wl_cbor_put_cstr(wl_cbor_mapw_key(&one), items[k].element);
                wl_cbor_put_uint(wl_cbor_mapw_value(&one), 0);
            }
            wl_cbor_put_cstr(wl_cbor_mapw_key(&errs), items[j].name_space);
            if (!wl_cbor_mapw_finish(&one, wl_cbor_mapw_value(&errs)))
                errs.failed = 1;
            wl_cbor_mapw_free(&one);
        }
        wl_cbor_put_cstr(&d, "errors");
        if (!wl_cbor_mapw_finish(&errs, &d))
            d.failed = 1;
        wl_cbor_mapw_free(&errs);
    }
    if (d.failed) {
        e = wl_buf_error(ctx, &d, "Document");
        goto done;
    }
    if (!wl_buf_append(&r->docs, d.data, d.len)) {
        e = wl_buf_error(ctx, &r->docs, "DeviceResponse");
        goto done;
    }
    r->n_docs++;
done:
    wl_buf_free(&d);
    free(chosen);
    free(missing);
    wallet_key_free(mso_key);
    wl_mdoc_issuer_signed_clear(&is);
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wallet_mdoc_response_add(wallet_ctx *ctx, wallet_mdoc_response *r,
                                    const uint8_t *issuer_signed, size_t issuer_signed_len,
                                    const wallet_mdoc_item *items, size_t n_items,
                                    const wallet_key *device_key, wallet_alg alg,
                                    const wallet_key *reader_key)
{
    wl_enter(ctx);
    if (!r || !issuer_signed || !device_key || (!items && n_items))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_add_document(ctx, r, issuer_signed, issuer_signed_len, items, n_items, NULL,
                           device_key, alg, reader_key);
}

wallet_err wallet_mdoc_response_add_for_request(wallet_ctx *ctx, wallet_mdoc_response *r,
                                                const wallet_mdoc_request *req, size_t i,
                                                const uint8_t *issuer_signed,
                                                size_t issuer_signed_len,
                                                const wallet_key *device_key, wallet_alg alg,
                                                const wallet_key *reader_key)
{
    wl_enter(ctx);
    if (!r || !req || !issuer_signed || !device_key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (i >= wallet_mdoc_request_count(req))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "no DocRequest %zu", i);
    size_t n = wallet_mdoc_request_item_count(req, i);
    wallet_mdoc_item *items = wl_calloc(n ? n : 1, sizeof(*items));
    if (!items)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t j = 0; j < n; j++)
        wallet_mdoc_request_item(req, i, j, &items[j]);
    wallet_err e = wl_add_document(ctx, r, issuer_signed, issuer_signed_len, items, n,
                                   wallet_mdoc_request_doctype(req, i), device_key, alg,
                                   reader_key);
    free(items);
    return e;
}

wallet_err wallet_mdoc_response_add_document_error(wallet_ctx *ctx, wallet_mdoc_response *r,
                                                   const char *doctype, int64_t code)
{
    wl_enter(ctx);
    if (!r || !doctype || !wl_utf8_valid((const uint8_t *)doctype, strlen(doctype)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL or non-UTF-8 docType");
    wl_cbor_put_map(&r->errors, 1);
    wl_cbor_put_cstr(&r->errors, doctype);
    wl_cbor_put_int(&r->errors, code);
    if (r->errors.failed)
        return wl_buf_error(ctx, &r->errors, "documentErrors");
    r->n_errors++;
    return WALLET_OK;
}

wallet_err wallet_mdoc_response_encode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                       const wallet_mdoc_response *r)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !r)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 2 + (r->n_docs ? 1 : 0) + (r->n_errors ? 1 : 0));
    wl_cbor_put_cstr(&b, "version");
    wl_cbor_put_cstr(&b, "1.0");
    if (r->n_docs) {
        wl_cbor_put_cstr(&b, "documents");
        wl_cbor_put_array(&b, r->n_docs);
        wl_cbor_put_raw(&b, r->docs.data, r->docs.len);
    }
    if (r->n_errors) {
        wl_cbor_put_cstr(&b, "documentErrors");
        wl_cbor_put_array(&b, r->n_errors);
        wl_cbor_put_raw(&b, r->errors.data, r->errors.len);
    }
    wl_cbor_put_cstr(&b, "status");
    wl_cbor_put_uint(&b, 0);
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "DeviceResponse");
        wl_buf_free(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}
