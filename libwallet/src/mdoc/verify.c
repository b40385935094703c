/*
 * Verifying a DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2, §9.3) or an
 * IssuerSigned alone, into a wallet_mdoc_verified.
 *
 *   DeviceResponse = {"version": tstr, ? "documents": [+ Document],
 *                     ? "documentErrors": [+ {DocType => ErrorCode}], "status": uint}
 *   Document = {"docType": tstr, "issuerSigned": IssuerSigned,
 *               "deviceSigned": DeviceSigned, ? "errors": Errors}
 *
 * Every document must pass every check; the first failure is the result
 * (the detail names the document).
 */
#include <stdio.h>

#include "../verify/policy.h"
#include "mdoc_int.h"

struct wallet_mdoc_verified {
    uint64_t status;
    char *document_errors;
    wl_mdoc_doc *docs;
    size_t n;
};

void wallet_mdoc_verified_free(wallet_mdoc_verified *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        wl_mdoc_doc_clear(&v->docs[i]);
    free(v->docs);
    free(v->document_errors);
    free(v);
}

static wallet_mdoc_verified *wl_verified_new(size_t n)
{
    wallet_mdoc_verified *v = wl_calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->docs = wl_calloc(n ? n : 1, sizeof(*v->docs));
    if (!v->docs) {
        free(v);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        v->docs[i].status_idx = -1;
    v->n = n;
    return v;
}

static char *wl_json_of(const wl_cbor *node)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    if (node)
        wl_cbor_to_json(&b, node);
    else
        wl_buf_append_str(&b, "{}");
    if (b.failed) {
        wl_buf_free(&b);
        return NULL;
    }
    return (char *)wl_buf_take(&b, NULL);
}

static wallet_err wl_version(wallet_ctx *ctx, const wl_cbor *v, const char *what)
{
    if (v->u >= 3 && v->ptr[0] == '1' && v->ptr[1] == '.')
        return WALLET_OK;
    return wl_err(ctx, WALLET_ERR_MDOC_VERSION, "%s version is not 1.x", what);
}

/* One Document of a DeviceResponse. */
static wallet_err wl_verify_document(wallet_ctx *ctx, wl_mdoc_doc *d, const wl_cbor *doc,
                                     const wallet_trust *t, const wallet_policy *policy,
                                     const wl_mdoc_st *st)
{
    const wl_cbor *doctype, *isn, *dsn, *errors;
    wallet_err e;
    if (doc->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "Document is not a map");
    if ((e = wl_mdoc_member(ctx, doc, "docType", WL_CBOR_TEXT, 1, &doctype, "Document")) ||
        (e = wl_mdoc_member(ctx, doc, "issuerSigned", WL_CBOR_MAP, 1, &isn, "Document")) ||
        (e = wl_mdoc_member(ctx, doc, "deviceSigned", WL_CBOR_MAP, 1, &dsn, "Document")) ||
        (e = wl_mdoc_member(ctx, doc, "errors", WL_CBOR_MAP, 0, &errors, "Document")))
        return e;
    wl_mdoc_issuer_signed is;
    if ((e = wl_mdoc_issuer_signed_parse(ctx, &is, isn)))
        return e;
    e = wl_mdoc_issuer_verify(ctx, d, &is, t, policy, doctype);
    if (!e)
        e = wl_mdoc_device_auth_verify(ctx, d, dsn, &is.mso, st, policy->reader_key,
                                       policy->algs);
    if (!e && !(d->errors = wl_json_of(errors)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_mdoc_issuer_signed_clear(&is);
    return e;
}

static wallet_err wl_document_errors(wallet_ctx *ctx, char **out, const wl_cbor *arr)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_byte(&b, '{');
    size_t n = 0;
    const wl_cbor *c = wl_cbor_child(arr);
    for (uint64_t i = 0; arr && i < arr->u; i++, c = wl_cbor_next(c)) {
        if (c->type != WL_CBOR_MAP) {
            wl_buf_free(&b);
            return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "documentErrors entry is not a map");
        }
        const wl_cbor *k = wl_cbor_child(c);
        for (uint64_t j = 0; j < c->u; j++) {
            const wl_cbor *v = wl_cbor_next(k);
            int64_t code;
            if (k->type != WL_CBOR_TEXT || !wl_cbor_get_int(v, &code)) {
                wl_buf_free(&b);
                return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                              "documentErrors: want docType text => error code");
            }
            if (n++)
                wl_buf_append_byte(&b, ',');
            wl_cbor_to_json(&b, k);
            wl_buf_printf(&b, ":%lld", (long long)code);
            k = wl_cbor_next(v);
        }
    }
    wl_buf_append_byte(&b, '}');
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "documentErrors");
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

static wallet_err wl_verify_response_node(wallet_ctx *ctx, wallet_mdoc_verified **out,
                                          const wallet_trust *t, const wallet_policy *policy,
                                          const wl_cbor *root)
{
    const wl_cbor *version, *docs, *doc_errors, *status;
    wallet_err e;
    if (root->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DeviceResponse is not a map");
    if ((e = wl_mdoc_member(ctx, root, "version", WL_CBOR_TEXT, 1, &version, "DeviceResponse")) ||
        (e = wl_version(ctx, version, "DeviceResponse")) ||
        (e = wl_mdoc_member(ctx, root, "documents", WL_CBOR_ARRAY, 0, &docs, "DeviceResponse")) ||
        (e = wl_mdoc_member(ctx, root, "documentErrors", WL_CBOR_ARRAY, 0, &doc_errors,
                            "DeviceResponse")) ||
        (e = wl_mdoc_member(ctx, root, "status", WL_CBOR_UINT, 1, &status, "DeviceResponse")))
        return e;
    if (status->u != 0)
        return wl_err(ctx, WALLET_ERR_MDOC_RESPONSE_STATUS,
                      "DeviceResponse status %llu (the mdoc reported an error)",
                      (unsigned long long)status->u);
    size_t n = docs ? (size_t)docs->u : 0;
    if (n == 0)
        return wl_err(ctx, WALLET_ERR_MDOC_NO_DOCUMENT, "DeviceResponse returns no document");
    if (n > WL_MDOC_MAX_ITEMS)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "DeviceResponse with %zu documents", n);
    if (!policy->session_transcript)
        return wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                      "verifying a DeviceResponse needs the SessionTranscript (policy)");
    wl_mdoc_st st;
    if ((e = wl_mdoc_st_init(ctx, &st, policy->session_transcript,
                             policy->session_transcript_len)))
        return e;
    wallet_mdoc_verified *v = wl_verified_new(n);
    if (!v) {
        wl_mdoc_st_clear(&st);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    const wl_cbor *doc = wl_cbor_child(docs);
    for (size_t i = 0; i < n && !e; i++, doc = wl_cbor_next(doc)) {
        e = wl_verify_document(ctx, &v->docs[i], doc, t, policy, &st);
        if (e) {
            char what[32];
            snprintf(what, sizeof(what), "document %zu", i);
            wl_err_prefix(ctx, what);
        }
    }
    if (!e)
        e = wl_document_errors(ctx, &v->document_errors, doc_errors);
    wl_mdoc_st_clear(&st);
    if (e) {
        wallet_mdoc_verified_free(v);
        return e;
    }
    v->status = status->u;
    *out = v;
    return WALLET_OK;
}

static wallet_err wl_verify_issuer_signed_node(wallet_ctx *ctx, wallet_mdoc_verified **out,
                                               const wallet_trust *t, const wallet_policy *policy,
                                               const wl_cbor *root)
{
    if (policy->holder_binding)
        return wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                      "an IssuerSigned alone carries no device authentication");
    wl_mdoc_issuer_signed is;
    wallet_err e = wl_mdoc_issuer_signed_parse(ctx, &is, root);
    if (e)
        return e;
    wallet_mdoc_verified *v = wl_verified_new(1);
    if (!v) {
        wl_mdoc_issuer_signed_clear(&is);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_mdoc_issuer_verify(ctx, &v->docs[0], &is, t, policy, NULL);
    wl_mdoc_issuer_signed_clear(&is);
    if (!e && (!(v->docs[0].device_claims = wl_strdup("{}")) ||
               !(v->docs[0].errors = wl_strdup("{}")) || !(v->document_errors = wl_strdup("{}"))))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (e) {
        wallet_mdoc_verified_free(v);
        return e;
    }
    v->docs[0].auth = WALLET_MDOC_DEVICE_AUTH_NONE;
    *out = v;
    return WALLET_OK;
}

wallet_err wl_mdoc_verify_any(wallet_ctx *ctx, wallet_mdoc_verified **out,
                              const wallet_trust *t, const wallet_policy *policy,
                              const uint8_t *cbor, size_t len, int want)
{
    if (!policy)
        policy = wl_policy_default();
    wallet_err e = wl_check_input_size(ctx, len, "mdoc");
    if (e)
        return e;
    wl_cbor_doc *doc = NULL;
    if ((e = wl_cbor_decode(ctx, &doc, cbor, len, 0, NULL)))
        return wl_err_prefix(ctx, want == 1 ? "IssuerSigned" : "DeviceResponse");
    const wl_cbor *root = wl_cbor_root(doc);
    int issuer_signed = want == 1 || (want == 2 && wl_cbor_map_text(root, "issuerAuth"));
    e = issuer_signed ? wl_verify_issuer_signed_node(ctx, out, t, policy, root)
                      : wl_verify_response_node(ctx, out, t, policy, root);
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wallet_mdoc_verify(wallet_ctx *ctx, wallet_mdoc_verified **out,
                              const wallet_trust *trust, const wallet_policy *policy,
                              const uint8_t *cbor, size_t cbor_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!trust || !cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_mdoc_verify_any(ctx, out, trust, policy, cbor, cbor_len, 0);
}

wallet_err wallet_mdoc_verify_issuer_signed(wallet_ctx *ctx, wallet_mdoc_verified **out,
                                            const wallet_trust *trust,
                                            const wallet_policy *policy, const uint8_t *cbor,
                                            size_t cbor_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!trust || !cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_mdoc_verify_any(ctx, out, trust, policy, cbor, cbor_len, 1);
}

/* ---- accessors -------------------------------------------------------------------- */

static const wl_mdoc_doc *wl_doc(const wallet_mdoc_verified *v, size_t i)
{
    return v && i < v->n ? &v->docs[i] : NULL;
}

uint64_t wallet_mdoc_verified_status(const wallet_mdoc_verified *v)
{
    return v ? v->status : 0;
}

const char *wallet_mdoc_verified_document_errors(const wallet_mdoc_verified *v)
{
    return v ? v->document_errors : NULL;
}

size_t wallet_mdoc_verified_count(const wallet_mdoc_verified *v)
{
    return v ? v->n : 0;
}

#define WL_DOC_STR(fn, field)                                                                \
    const char *fn(const wallet_mdoc_verified *v, size_t i)                                  \
    {                                                                                        \
        const wl_mdoc_doc *d = wl_doc(v, i);                                                 \
        return d ? d->field : NULL;                                                          \
    }
#define WL_DOC_INT(fn, field, none)                                                          \
    int64_t fn(const wallet_mdoc_verified *v, size_t i)                                      \
    {                                                                                        \
        const wl_mdoc_doc *d = wl_doc(v, i);                                                 \
        return d ? d->field : (none);                                                        \
    }

WL_DOC_STR(wallet_mdoc_verified_doctype, doctype)
WL_DOC_STR(wallet_mdoc_verified_issuer, issuer)
WL_DOC_STR(wallet_mdoc_verified_claims, claims)
WL_DOC_STR(wallet_mdoc_verified_device_claims, device_claims)
WL_DOC_STR(wallet_mdoc_verified_errors, errors)
WL_DOC_STR(wallet_mdoc_verified_status_uri, status_uri)
WL_DOC_INT(wallet_mdoc_verified_signed, signed_at, 0)
WL_DOC_INT(wallet_mdoc_verified_valid_from, valid_from, 0)
WL_DOC_INT(wallet_mdoc_verified_valid_until, valid_until, 0)
WL_DOC_INT(wallet_mdoc_verified_expected_update, expected_update, 0)
WL_DOC_INT(wallet_mdoc_verified_status_index, status_idx, -1)

wallet_mdoc_device_auth wallet_mdoc_verified_device_auth(const wallet_mdoc_verified *v, size_t i)
{
    const wl_mdoc_doc *d = wl_doc(v, i);
    return d ? d->auth : WALLET_MDOC_DEVICE_AUTH_NONE;
}

const wallet_key *wallet_mdoc_verified_device_key(const wallet_mdoc_verified *v, size_t i)
{
    const wl_mdoc_doc *d = wl_doc(v, i);
    return d ? d->device_key : NULL;
}
