/*
 * DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1):
 *
 *   DeviceRequest = {"version": "1.0", "docRequests": [+ DocRequest]}
 *   DocRequest = {"itemsRequest": ItemsRequestBytes, ? "readerAuth": ReaderAuth}
 *   ItemsRequestBytes = #6.24(bstr .cbor {"docType": tstr,
 *                       "nameSpaces": {+ NameSpace => {+ DataElementIdentifier => IntentToRetain}},
 *                       ? "requestInfo": {* tstr => any}})
 *
 * Built by a reader, parsed by a holder. A parsed request keeps the bytes
 * received: readerAuth is verified over ItemsRequestBytes as received.
 */
#include "../verify/policy.h"
#include "mdoc_int.h"

typedef struct wl_docreq {
    char *doctype;
    wallet_mdoc_item *items;
    size_t n_items;
    char **strs;             /* 2 per item */
    const wl_cbor *irb;      /* parsed: the ItemsRequestBytes node */
    const wl_cbor *reader_auth; /* parsed: the readerAuth node or NULL */
    int has_reader_auth;
} wl_docreq;

struct wallet_mdoc_request {
    uint8_t *bytes; /* parsed: copy of the input */
    wl_cbor_doc *doc;
    wl_docreq *reqs;
    size_t n, cap;
    wl_buf enc; /* built: DocRequest encodings */
};

static void wl_docreq_clear(wl_docreq *d)
{
    for (size_t i = 0; d->strs && i < 2 * d->n_items; i++)
        free(d->strs[i]);
    free(d->strs);
    free(d->items);
    free(d->doctype);
    memset(d, 0, sizeof(*d));
}

void wallet_mdoc_request_free(wallet_mdoc_request *req)
{
    if (!req)
        return;
    for (size_t i = 0; i < req->n; i++)
        wl_docreq_clear(&req->reqs[i]);
    free(req->reqs);
    wl_cbor_doc_free(req->doc);
    free(req->bytes);
    wl_buf_free(&req->enc);
    free(req);
}

wallet_err wallet_mdoc_request_new(wallet_ctx *ctx, wallet_mdoc_request **out)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = wl_calloc(1, sizeof(**out));
    if (!*out)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_buf_init(&(*out)->enc, 0);
    return WALLET_OK;
}

static wallet_err wl_reserve(wallet_ctx *ctx, wallet_mdoc_request *req)
{
    if (req->n >= WL_MDOC_MAX_ITEMS)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "too many DocRequests");
    if (req->n < req->cap)
        return WALLET_OK;
    size_t cap = req->cap ? req->cap * 2 : 4;
    wl_docreq *p = realloc(req->reqs, cap * sizeof(*p));
    if (!p)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    req->reqs = p;
    req->cap = cap;
    return WALLET_OK;
}

/* Keep C-string copies of the items in d. */
static wallet_err wl_docreq_items(wallet_ctx *ctx, wl_docreq *d, size_t n)
{
    d->n_items = 0;
    if (!n)
        return WALLET_OK;
    d->items = wl_calloc(n, sizeof(*d->items));
    d->strs = wl_calloc(2 * n, sizeof(char *));
    if (!d->items || !d->strs)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

static wallet_err wl_docreq_push(wallet_ctx *ctx, wl_docreq *d, char *ns, char *el, int retain)
{
    if (!ns || !el) {
        free(ns);
        free(el);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    d->strs[2 * d->n_items] = ns;
    d->strs[2 * d->n_items + 1] = el;
    d->items[d->n_items].name_space = ns;
    d->items[d->n_items].element = el;
    d->items[d->n_items].intent_to_retain = retain;
    d->n_items++;
    return WALLET_OK;
}

wallet_err wallet_mdoc_request_add(wallet_ctx *ctx, wallet_mdoc_request *req, const char *doctype,
                                   const wallet_mdoc_item *items, size_t n_items,
                                   const wallet_key *reader_key,
                                   const wallet_cert *const *reader_x5chain, size_t x5chain_len,
                                   const uint8_t *session_transcript, size_t transcript_len)
{
    wl_enter(ctx);
    if (!req || !doctype || !items || !n_items)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a DocRequest needs a docType and items");
    if (req->bytes)
        return wl_err(ctx, WALLET_ERR_STATE, "a parsed DeviceRequest cannot be extended");
    if (reader_key && (!reader_x5chain || !x5chain_len || !session_transcript))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "readerAuth needs the reader certificate chain and the SessionTranscript");
    for (size_t j = 0; j < n_items; j++) {
        if (!items[j].name_space || !items[j].element || !*items[j].name_space ||
            !*items[j].element)
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "item %zu lacks a namespace or element", j);
        for (size_t k = 0; k < j; k++)
            if (!strcmp(items[k].name_space, items[j].name_space) &&
                !strcmp(items[k].element, items[j].element))
                return wl_err(ctx, WALLET_ERR_INVALID_ARG, "item %zu is asked twice", j);
    }
    wallet_err e = wl_reserve(ctx, req);
    if (e)
        return e;
    /* ItemsRequest, namespaces in first-appearance order, elements as given. */
    wl_buf ir, irb, dr;
    wl_buf_init(&ir, 0);
    wl_buf_init(&irb, 0);
    wl_buf_init(&dr, 0);
    wl_mdoc_st st;
    memset(&st, 0, sizeof(st));
    size_t n_ns = 0;
    for (size_t j = 0; j < n_items; j++) {
        int first = 1;
        for (size_t k = 0; k < j && first; k++)
            first = strcmp(items[k].name_space, items[j].name_space) != 0;
        n_ns += (size_t)first;
    }
    wl_cbor_put_map(&ir, 2);
    wl_cbor_put_cstr(&ir, "docType");
    wl_cbor_put_cstr(&ir, doctype);
    wl_cbor_put_cstr(&ir, "nameSpaces");
    wl_cbor_put_map(&ir, n_ns);
    for (size_t j = 0; j < n_items; j++) {
        int first = 1;
        for (size_t k = 0; k < j && first; k++)
            first = strcmp(items[k].name_space, items[j].name_space) != 0;
        if (!first)
            continue;
        size_t count = 0;
        for (size_t k = j; k < n_items; k++)
            count += !strcmp(items[k].name_space, items[j].name_space);
        wl_cbor_put_cstr(&ir, items[j].name_space);
        wl_cbor_put_map(&ir, count);
        for (size_t k = j; k < n_items; k++) {
            if (strcmp(items[k].name_space, items[j].name_space))
                continue;
            wl_cbor_put_cstr(&ir, items[k].element);
            wl_cbor_put_bool(&ir, items[k].intent_to_retain != 0);
        }
    }
    if (ir.failed || !wl_mdoc_put_tag24(&irb, ir.data, ir.len)) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    wl_cbor_put_map(&dr, reader_key ? 2 : 1);
    wl_cbor_put_cstr(&dr, "itemsRequest");
    wl_cbor_put_raw(&dr, irb.data, irb.len);
    if (reader_key) {
        if ((e = wl_mdoc_st_init(ctx, &st, session_transcript, transcript_len)))
            goto done;
        wl_cbor_put_cstr(&dr, "readerAuth");
        if ((e = wl_mdoc_reader_auth_sign(ctx, &dr, reader_key, reader_x5chain, x5chain_len, &st,
                                          irb.data, irb.len)))
            goto done;
    }
    if (dr.failed || !wl_buf_append(&req->enc, dr.data, dr.len)) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    wl_docreq *d = &req->reqs[req->n];
    memset(d, 0, sizeof(*d));
    d->has_reader_auth = reader_key != NULL;
    if (!(d->doctype = wl_strdup(doctype)) || (e = wl_docreq_items(ctx, d, n_items))) {
        if (!e)
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        wl_docreq_clear(d);
        goto done;
    }
    for (size_t j = 0; j < n_items && !e; j++)
        e = wl_docreq_push(ctx, d, wl_strdup(items[j].name_space), wl_strdup(items[j].element),
                           items[j].intent_to_retain != 0);
    if (e) {
        wl_docreq_clear(d);
        goto done;
    }
    req->n++;
done:
    wl_mdoc_st_clear(&st);
    wl_buf_free(&ir);
    wl_buf_free(&irb);
    wl_buf_free(&dr);
    return e;
}

wallet_err wallet_mdoc_request_encode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                      const wallet_mdoc_request *req)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !req)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (req->bytes) {
        /* a parsed request encodes to what was received */
        size_t len = wl_cbor_root(req->doc)->raw_len;
        if (!(*out = wl_memdup(req->bytes, len)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        *out_len = len;
        return WALLET_OK;
    }
    if (!req->n)
        return wl_err(ctx, WALLET_ERR_STATE, "a DeviceRequest needs at least one DocRequest");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 2);
    wl_cbor_put_cstr(&b, "version");
    wl_cbor_put_cstr(&b, "1.0");
    wl_cbor_put_cstr(&b, "docRequests");
    wl_cbor_put_array(&b, req->n);
    wl_cbor_put_raw(&b, req->enc.data, req->enc.len);
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "DeviceRequest");
        wl_buf_free(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}

/* ---- parsing ------------------------------------------------------------------------ */

static wallet_err wl_parse_docreq(wallet_ctx *ctx, wl_docreq *d, const wl_cbor *node)
{
    const wl_cbor *irb, *ra;
    const uint8_t *inner;
    size_t inner_len;
    wallet_err e;
    if (node->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DocRequest is not a map");
    if ((e = wl_mdoc_member(ctx, node, "itemsRequest", -1, 1, &irb, "DocRequest")) ||
        (e = wl_mdoc_tag24(ctx, irb, &inner, &inner_len, "ItemsRequestBytes")) ||
        (e = wl_mdoc_member(ctx, node, "readerAuth", -1, 0, &ra, "DocRequest")))
        return e;
    d->irb = irb;
    d->reader_auth = ra;
    d->has_reader_auth = ra != NULL;
    wl_cbor_doc *doc = NULL;
    if ((e = wl_cbor_decode(ctx, &doc, inner, inner_len, 0, NULL)))
        return wl_err_prefix(ctx, "ItemsRequest");
    const wl_cbor *ir = wl_cbor_root(doc), *dt, *nss;
    if (ir->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "ItemsRequest is not a map");
        goto done;
    }
    if ((e = wl_mdoc_member(ctx, ir, "docType", WL_CBOR_TEXT, 1, &dt, "ItemsRequest")) ||
        (e = wl_mdoc_member(ctx, ir, "nameSpaces", WL_CBOR_MAP, 1, &nss, "ItemsRequest")))
        goto done;
    if (!(d->doctype = wl_mdoc_text_dup(dt))) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "ItemsRequest docType is not usable text");
        goto done;
    }
    size_t total = 0;
    const wl_cbor *k = wl_cbor_child(nss);
    for (uint64_t i = 0; i < nss->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (k->type != WL_CBOR_TEXT || v->type != WL_CBOR_MAP) {
            e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                       "ItemsRequest nameSpaces: want namespace text => map");
            goto done;
        }
        total += (size_t)v->u;
        k = wl_cbor_next(v);
    }
    if (total > WL_MDOC_MAX_ITEMS) {
        e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "ItemsRequest with %zu elements", total);
        goto done;
    }
    if ((e = wl_docreq_items(ctx, d, total)))
        goto done;
    k = wl_cbor_child(nss);
    for (uint64_t i = 0; i < nss->u && !e; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        const wl_cbor *ek = wl_cbor_child(v);
        for (uint64_t j = 0; j < v->u && !e; j++) {
            const wl_cbor *ev = wl_cbor_next(ek);
            if (ek->type != WL_CBOR_TEXT || ev->type != WL_CBOR_SIMPLE ||
                (ev->u != WL_CBOR_TRUE && ev->u != WL_CBOR_FALSE)) {
                e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                           "ItemsRequest: want element text => IntentToRetain bool");
                break;
            }
            char *ns = wl_mdoc_text_dup(k), *el = wl_mdoc_text_dup(ek);
            if (!ns || !el) {
                free(ns);
                free(el);
                e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "ItemsRequest name is not usable text");
                break;
            }
            e = wl_docreq_push(ctx, d, ns, el, ev->u == WL_CBOR_TRUE);
            ek = wl_cbor_next(ev);
        }
        k = wl_cbor_next(v);
    }
done:
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wallet_mdoc_request_parse(wallet_ctx *ctx, wallet_mdoc_request **out,
                                     const uint8_t *cbor, size_t cbor_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, cbor_len, "DeviceRequest");
    if (e)
        return e;
    wallet_mdoc_request *req = wl_calloc(1, sizeof(*req));
    if (!req || !(req->bytes = wl_memdup(cbor, cbor_len))) {
        free(req);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    wl_buf_init(&req->enc, 0);
    const wl_cbor *root, *version, *docs;
    if ((e = wl_cbor_decode(ctx, &req->doc, req->bytes, cbor_len, 0, NULL))) {
        wl_err_prefix(ctx, "DeviceRequest");
        goto fail;
    }
    root = wl_cbor_root(req->doc);
    if (root->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DeviceRequest is not a map");
        goto fail;
    }
    if ((e = wl_mdoc_member(ctx, root, "version", WL_CBOR_TEXT, 1, &version, "DeviceRequest")) ||
        (e = wl_mdoc_member(ctx, root, "docRequests", WL_CBOR_ARRAY, 1, &docs, "DeviceRequest")))
        goto fail;
    if (version->u < 3 || version->ptr[0] != '1' || version->ptr[1] != '.') {
        e = wl_err(ctx, WALLET_ERR_MDOC_VERSION, "DeviceRequest version is not 1.x");
        goto fail;
    }
    if (docs->u == 0 || docs->u > WL_MDOC_MAX_ITEMS) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DeviceRequest with %llu DocRequests",
                   (unsigned long long)docs->u);
        goto fail;
    }
    if (!(req->reqs = wl_calloc((size_t)docs->u, sizeof(*req->reqs)))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto fail;
    }
    req->cap = (size_t)docs->u;
    const wl_cbor *c = wl_cbor_child(docs);
    for (uint64_t i = 0; i < docs->u; i++, c = wl_cbor_next(c)) {
        req->n++;
        if ((e = wl_parse_docreq(ctx, &req->reqs[i], c)))
            goto fail;
    }
    *out = req;
    return WALLET_OK;
fail:
    wallet_mdoc_request_free(req);
    return e;
}

size_t wallet_mdoc_request_count(const wallet_mdoc_request *req)
{
    return req ? req->n : 0;
}

const char *wallet_mdoc_request_doctype(const wallet_mdoc_request *req, size_t i)
{
    return req && i < req->n ? req->reqs[i].doctype : NULL;
}

size_t wallet_mdoc_request_item_count(const wallet_mdoc_request *req, size_t i)
{
    return req && i < req->n ? req->reqs[i].n_items : 0;
}

int wallet_mdoc_request_item(const wallet_mdoc_request *req, size_t i, size_t j,
                             wallet_mdoc_item *item)
{
    if (!req || !item || i >= req->n || j >= req->reqs[i].n_items)
        return 0;
    *item = req->reqs[i].items[j];
    return 1;
}

int wallet_mdoc_request_has_reader_auth(const wallet_mdoc_request *req, size_t i)
{
    return req && i < req->n ? req->reqs[i].has_reader_auth : 0;
}

wallet_err wallet_mdoc_request_verify_reader_auth(wallet_ctx *ctx, char **reader_subject,
                                                  const wallet_mdoc_request *req, size_t i,
                                                  const wallet_trust *trust, wallet_algset algs,
                                                  const uint8_t *session_transcript,
                                                  size_t transcript_len)
{
    wl_enter(ctx);
    if (reader_subject)
        *reader_subject = NULL;
    if (!req || !trust || !session_transcript)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (i >= req->n)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "no DocRequest %zu", i);
    if (!req->bytes)
        return wl_err(ctx, WALLET_ERR_STATE, "readerAuth is verified on a parsed DeviceRequest");
    const wl_docreq *d = &req->reqs[i];
    if (!d->reader_auth)
        return wl_err(ctx, WALLET_ERR_NOT_FOUND, "DocRequest %zu has no readerAuth", i);
    wl_mdoc_st st;
    wallet_err e = wl_mdoc_st_init(ctx, &st, session_transcript, transcript_len);
    if (e)
        return e;
    e = wl_mdoc_reader_auth_verify(ctx, reader_subject, d->reader_auth, trust,
                                   algs ? algs : WALLET_ALGSET_ALL, &st, d->irb->raw,
                                   d->irb->raw_len);
    wl_mdoc_st_clear(&st);
    return e;
}
