/*
 * Issuing an IssuerSigned (ISO/IEC 18013-5 §9.1.2): elements as
 * IssuerSignedItemBytes with fresh random salts and random digestIDs, the
 * MSO with their digests, and issuerAuth (COSE_Sign1, x5chain unprotected).
 *
 * Salts: 32 random bytes per element (§9.1.2.5 asks for at least 16) so an
 * undisclosed element's digest cannot be tested against guesses.
 * digestIDs: random 31-bit values, unique per namespace, so that their
 * order reveals nothing about which elements exist (§9.1.2.5 recommends
 * that digestIDs are not linked to the elements).
 */
#include "../core/json.h"
#include "../cose/cose_int.h"
#include "../status/status_int.h"
#include "mdoc_int.h"

#define WL_MDOC_SALT_LEN 32

typedef struct wl_elem {
    char *ns;
    char *element;
    uint8_t *value; /* one CBOR item */
    size_t value_len;
} wl_elem;

struct wallet_mdoc_issuer {
    char *doctype;
    wl_hash_alg hash;
    int64_t signed_at, valid_from, valid_until, expected_update;
    int validity_set;
    char *status_uri;
    uint64_t status_idx;
    wl_elem *els;
    size_t n, cap;
};

wallet_err wallet_mdoc_issuer_new(wallet_ctx *ctx, wallet_mdoc_issuer **out, const char *doctype)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!doctype || !*doctype || !wl_utf8_valid((const uint8_t *)doctype, strlen(doctype)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "docType must be non-empty UTF-8");
    wallet_mdoc_issuer *b = wl_calloc(1, sizeof(*b));
    if (!b || !(b->doctype = wl_strdup(doctype))) {
        free(b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    b->hash = WL_SHA256;
    *out = b;
    return WALLET_OK;
}

void wallet_mdoc_issuer_free(wallet_mdoc_issuer *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->els[i].ns);
        free(b->els[i].element);
        free(b->els[i].value);
    }
    free(b->els);
    free(b->doctype);
    free(b->status_uri);
    free(b);
}

wallet_err wallet_mdoc_issuer_set_digest(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                         wallet_mdoc_digest digest)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    switch (digest) {
    case WALLET_MDOC_SHA256:
        b->hash = WL_SHA256;
        return WALLET_OK;
    case WALLET_MDOC_SHA384:
        b->hash = WL_SHA384;
        return WALLET_OK;
    case WALLET_MDOC_SHA512:
        b->hash = WL_SHA512;
        return WALLET_OK;
    }
    return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown digest algorithm");
}

wallet_err wallet_mdoc_issuer_set_validity(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                           int64_t signed_at, int64_t valid_from,
                                           int64_t valid_until, int64_t expected_update)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    char tmp[21];
    if (signed_at < 0 || valid_from < 0 || valid_until <= 0 || expected_update < 0 ||
        wl_mdoc_format_datetime(tmp, valid_until) != 0 ||
        wl_mdoc_format_datetime(tmp, expected_update) != 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "validity times out of range");
    if ((valid_from && valid_until <= valid_from) ||
        (signed_at && valid_from && signed_at > valid_from))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "validity: want signed <= validFrom < validUntil");
    b->signed_at = signed_at;
    b->valid_from = valid_from;
    b->valid_until = valid_until;
    b->expected_update = expected_update;
    b->validity_set = 1;
    return WALLET_OK;
}

wallet_err wallet_mdoc_issuer_set_status(wallet_ctx *ctx, wallet_mdoc_issuer *b, const char *uri,
                                         uint64_t idx)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    if (uri && !wl_status_uri_ok(uri, strlen(uri)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "status URI is not a URI");
    if (idx > (uint64_t)INT64_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "status index out of range");
    char *copy = NULL;
    if (uri && !(copy = wl_strdup(uri)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    free(b->status_uri);
    b->status_uri = copy;
    b->status_idx = idx;
    return WALLET_OK;
}

static wallet_err wl_add(wallet_ctx *ctx, wallet_mdoc_issuer *b, const char *ns, size_t ns_len,
                         const char *element, size_t el_len, wl_buf *value)
{
    for (size_t i = 0; i < b->n; i++)
        if (strlen(b->els[i].ns) == ns_len && !memcmp(b->els[i].ns, ns, ns_len) &&
            strlen(b->els[i].element) == el_len && !memcmp(b->els[i].element, element, el_len))
            return wl_err(ctx, WALLET_ERR_MDOC_CLAIMS, "an element is given twice");
    if (b->n >= WL_MDOC_MAX_ITEMS)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "more than %d elements", WL_MDOC_MAX_ITEMS);
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        wl_elem *p = realloc(b->els, cap * sizeof(*p));
        if (!p)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        b->els = p;
        b->cap = cap;
    }
    wl_elem *el = &b->els[b->n];
    el->ns = wl_strndup(ns, ns_len);
    el->element = wl_strndup(element, el_len);
    el->value = wl_buf_take(value, &el->value_len);
    if (!el->ns || !el->element || !el->value) {
        free(el->ns);
        free(el->element);
        free(el->value);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    b->n++;
    return WALLET_OK;
}

static int wl_name_ok(const char *s, size_t n)
{
    return n > 0 && !memchr(s, 0, n) && wl_utf8_valid((const uint8_t *)s, n);
}

wallet_err wallet_mdoc_issuer_add_claims_json(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                              const char *json, size_t len)
{
    wl_enter(ctx);
    if (!b || !json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e)
        return wl_err_prefix(ctx, "claims");
    for (const cJSON *ns = root->child; ns && !e; ns = ns->next) {
        if (!cJSON_IsObject(ns) || !wl_name_ok(ns->string, strlen(ns->string))) {
            e = wl_err(ctx, WALLET_ERR_MDOC_CLAIMS,
                       "claims: want {\"namespace\": {\"element\": value}}");
            break;
        }
        for (const cJSON *el = ns->child; el && !e; el = el->next) {
            wl_buf v;
            wl_buf_init(&v, 0);
            e = wl_mdoc_json_value_to_cbor(ctx, &v, el, 0);
            if (!e && v.failed)
                e = wl_buf_error(ctx, &v, "claims");
            if (!e && !wl_name_ok(el->string, strlen(el->string)))
                e = wl_err(ctx, WALLET_ERR_MDOC_CLAIMS, "claims: empty element identifier");
            if (!e)
                e = wl_add(ctx, b, ns->string, strlen(ns->string), el->string,
                           strlen(el->string), &v);
            wl_buf_free(&v);
        }
    }
    cJSON_Delete(root);
    return e;
}

wallet_err wallet_mdoc_issuer_add_element(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                          const char *name_space, const char *element,
                                          const uint8_t *cbor, size_t cbor_len)
{
    wl_enter(ctx);
    if (!b || !name_space || !element || !cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!wl_name_ok(name_space, strlen(name_space)) || !wl_name_ok(element, strlen(element)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "namespace and element must be UTF-8 text");
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, cbor, cbor_len, 0, NULL);
    wl_cbor_doc_free(doc);
    if (e)
        return wl_err_prefix(ctx, "element value");
    wl_buf v;
    wl_buf_init(&v, 0);
    if (!wl_buf_append(&v, cbor, cbor_len)) {
        wl_buf_free(&v);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_add(ctx, b, name_space, strlen(name_space), element, strlen(element), &v);
    wl_buf_free(&v);
    return e;
}

/* ---- signing -------------------------------------------------------------------------- */

static const char *wl_hash_name(wl_hash_alg h)
{
    return h == WL_SHA384 ? "SHA-384" : h == WL_SHA512 ? "SHA-512" : "SHA-256";
}

/* Random digestIDs, unique within each namespace. */
static wallet_err wl_digest_ids(wallet_ctx *ctx, const wallet_mdoc_issuer *b, uint32_t *ids)
{
    for (size_t i = 0; i < b->n; i++) {
        for (int tries = 0;; tries++) {
            uint8_t r[4];
            wallet_err e = wl_random(ctx, r, sizeof(r));
            if (e)
                return e;
            uint32_t v = ((uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 | (uint32_t)r[2] << 8 | r[3]) &
                         0x7FFFFFFFu;
            int clash = 0;
            for (size_t j = 0; j < i && !clash; j++)
                clash = ids[j] == v && !strcmp(b->els[j].ns, b->els[i].ns);
            if (!clash) {
                ids[i] = v;
                break;
            }
            if (tries > 64)
                return wl_err(ctx, WALLET_ERR_INTERNAL, "could not draw a unique digestID");
        }
    }
    return WALLET_OK;
}

/* IssuerSignedItemBytes of element i, in the CDDL order of §8.3.2.1.2.2
 * (digestID, random, elementIdentifier, elementValue), as every known
 * issuer writes it. */
static wallet_err wl_item_bytes(wallet_ctx *ctx, wl_buf *out, const wl_elem *el, uint32_t id)
{
    uint8_t salt[WL_MDOC_SALT_LEN];
    wallet_err e = wl_random(ctx, salt, sizeof(salt));
    if (e)
        return e;
    wl_buf item;
    wl_buf_init(&item, 0);
    wl_cbor_put_map(&item, 4);
    wl_cbor_put_cstr(&item, "digestID");
    wl_cbor_put_uint(&item, id);
    wl_cbor_put_cstr(&item, "random");
    wl_cbor_put_bytes(&item, salt, sizeof(salt));
    wl_cbor_put_cstr(&item, "elementIdentifier");
    wl_cbor_put_cstr(&item, el->element);
    wl_cbor_put_cstr(&item, "elementValue");
    wl_cbor_put_raw(&item, el->value, el->value_len);
    if (!item.failed)
        wl_mdoc_put_tag24(out, item.data, item.len);
    e = item.failed || out->failed ? wl_err(ctx, WALLET_ERR_NOMEM, "out of memory") : WALLET_OK;
    wl_buf_free(&item);
    return e;
}

typedef struct wl_issue_work {
    uint32_t *ids;
    wl_buf *items; /* IssuerSignedItemBytes per element */
    size_t n;
} wl_issue_work;

static void wl_work_free(wl_issue_work *w)
{
    for (size_t i = 0; w->items && i < w->n; i++)
        wl_buf_free(&w->items[i]);
    free(w->items);
    free(w->ids);
}

/* Is element i the first of its namespace? */
static int wl_first_of_ns(const wallet_mdoc_issuer *b, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(b->els[j].ns, b->els[i].ns))
            return 0;
    return 1;
}

static wallet_err wl_mso(wallet_ctx *ctx, wl_buf *out, const wallet_mdoc_issuer *b,
                         const wl_issue_work *w, const wallet_key *device_key, int64_t now)
{
    wl_buf m;
    wl_buf_init(&m, 0);
    size_t entries = 6 + (b->status_uri ? 1 : 0);
    wl_cbor_put_map(&m, entries);
    wl_cbor_put_cstr(&m, "version");
    wl_cbor_put_cstr(&m, "1.0");
    wl_cbor_put_cstr(&m, "digestAlgorithm");
    wl_cbor_put_cstr(&m, wl_hash_name(b->hash));
    /* valueDigests: {ns: {digestID: digest}} with both levels sorted. */
    wl_cbor_put_cstr(&m, "valueDigests");
    wl_cbor_mapw vd;
    wl_cbor_mapw_init(&vd, 0);
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i < b->n && !e; i++) {
        if (!wl_first_of_ns(b, i))
            continue;
        wl_cbor_mapw dig;
        wl_cbor_mapw_init(&dig, 0);
        for (size_t j = i; j < b->n && !e; j++) {
            if (strcmp(b->els[j].ns, b->els[i].ns))
                continue;
            uint8_t h[WL_HASH_MAX];
            e = wl_hash(ctx, b->hash, w->items[j].data, w->items[j].len, h);
            wl_cbor_put_uint(wl_cbor_mapw_key(&dig), w->ids[j]);
            wl_cbor_put_bytes(wl_cbor_mapw_value(&dig), h, wl_hash_len(b->hash));
        }
        wl_cbor_put_cstr(wl_cbor_mapw_key(&vd), b->els[i].ns);
        if (!wl_cbor_mapw_finish(&dig, wl_cbor_mapw_value(&vd)))
            vd.failed = 1;
        wl_cbor_mapw_free(&dig);
    }
    if (!wl_cbor_mapw_finish(&vd, &m))
        m.failed = 1;
    wl_cbor_mapw_free(&vd);
    if (e)
        goto done;
    wl_cbor_put_cstr(&m, "deviceKeyInfo");
    wl_cbor_put_map(&m, 1);
    wl_cbor_put_cstr(&m, "deviceKey");
    if ((e = wl_cose_key_append(ctx, &m, device_key, 0)))
        goto done;
    wl_cbor_put_cstr(&m, "docType");
    wl_cbor_put_cstr(&m, b->doctype);
    int64_t signed_at = b->signed_at ? b->signed_at : now;
    int64_t from = b->valid_from ? b->valid_from : now;
    int64_t until = b->validity_set ? b->valid_until : from + 365 * 86400;
    if (until <= from) {
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "validUntil is not after validFrom");
        goto done;
    }
    wl_cbor_put_cstr(&m, "validityInfo");
    wl_cbor_put_map(&m, b->expected_update ? 4 : 3);
    wl_cbor_put_cstr(&m, "signed");
    wl_mdoc_put_tdate(&m, signed_at);
    wl_cbor_put_cstr(&m, "validFrom");
    wl_mdoc_put_tdate(&m, from);
    wl_cbor_put_cstr(&m, "validUntil");
    wl_mdoc_put_tdate(&m, until);
    if (b->expected_update) {
        wl_cbor_put_cstr(&m, "expectedUpdate");
        wl_mdoc_put_tdate(&m, b->expected_update);
    }
    if (b->status_uri) {
        /* Token Status List referenced token, CBOR form:
         * "status": {"status_list": {"idx": uint, "uri": tstr}}. */
        wl_cbor_put_cstr(&m, "status");
        wl_cbor_put_map(&m, 1);
        wl_cbor_put_cstr(&m, "status_list");
        wl_cbor_put_map(&m, 2);
        wl_cbor_put_cstr(&m, "idx");
        wl_cbor_put_uint(&m, b->status_idx);
        wl_cbor_put_cstr(&m, "uri");
        wl_cbor_put_cstr(&m, b->status_uri);
    }
    if (m.failed) {
        e = wl_buf_error(ctx, &m, "MSO");
        goto done;
    }
    /* MobileSecurityObjectBytes = #6.24(bstr .cbor MSO) */
    if (!wl_mdoc_put_tag24(out, m.data, m.len))
        e = wl_buf_error(ctx, out, "MSO");
done:
    wl_buf_free(&m);
    return e;
}

wallet_err wallet_mdoc_issuer_sign(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                   const wallet_mdoc_issuer *b, const wallet_key *device_key,
                                   const wallet_key *issuer_key, wallet_alg alg,
                                   const wallet_cert *const *x5chain, size_t x5chain_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !b || !device_key || !issuer_key || !x5chain || !x5chain_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "issuing needs the device key, the issuer key and its x5chain");
    if (x5chain_len > WL_MDOC_MAX_CHAIN)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "x5chain longer than %d", WL_MDOC_MAX_CHAIN);
    if (b->n == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "an IssuerSigned needs at least one element");
    if (wallet_key_kty(device_key) != WALLET_KTY_EC && wallet_key_kty(device_key) != WALLET_KTY_OKP)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "the device key must be an EC or OKP key");
    wallet_key *ds_pub = NULL;
    wallet_err e = wallet_cert_public_key(ctx, &ds_pub, x5chain[0]);
    if (e)
        return e;
    int match = wallet_key_equal_public(ds_pub, issuer_key);
    wallet_key_free(ds_pub);
    if (!match)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "the document signer certificate does not certify the issuer key");

    wl_issue_work w = {0};
    wl_buf mso, ns, is;
    wl_buf_init(&mso, 0);
    wl_buf_init(&ns, 0);
    wl_buf_init(&is, 0);
    wallet_cose_headers *h = NULL;
    uint8_t *auth = NULL;
    size_t auth_len = 0;
    w.n = b->n;
    w.ids = wl_calloc(b->n, sizeof(*w.ids));
    w.items = wl_calloc(b->n, sizeof(*w.items));
    if (!w.ids || !w.items) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < b->n; i++)
        wl_buf_init(&w.items[i], 0);
    if ((e = wl_digest_ids(ctx, b, w.ids)))
        goto done;
    for (size_t i = 0; i < b->n && !e; i++)
        e = wl_item_bytes(ctx, &w.items[i], &b->els[i], w.ids[i]);
    if (e || (e = wl_mso(ctx, &mso, b, &w, device_key, wallet_ctx_now(ctx))))
        goto done;
    /* issuerAuth: protected {1: alg}, unprotected {33: x5chain} (§9.1.2.4
     * puts the certificate chain in the unprotected header). */
    if ((e = wallet_cose_headers_new(ctx, &h)))
        goto done;
    for (size_t i = 0; i < x5chain_len && !e; i++) {
        size_t der_len;
        const uint8_t *der = wallet_cert_der(x5chain[i], &der_len);
        e = wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_UNPROTECTED, der, der_len);
    }
    if (e || (e = wallet_cose_sign1_sign(ctx, &auth, &auth_len, issuer_key, alg, h, mso.data,
                                         mso.len, NULL, 0, 0))) {
        wl_err_prefix(ctx, "issuerAuth");
        goto done;
    }
    /* nameSpaces: {ns: [IssuerSignedItemBytes...]}, namespaces in the order
     * they were first given. */
    size_t n_ns = 0;
    for (size_t i = 0; i < b->n; i++)
        n_ns += (size_t)wl_first_of_ns(b, i);
    wl_cbor_put_map(&is, 2);
    wl_cbor_put_cstr(&is, "nameSpaces");
    wl_cbor_put_map(&is, n_ns);
    for (size_t i = 0; i < b->n; i++) {
        if (!wl_first_of_ns(b, i))
            continue;
        size_t count = 0;
        for (size_t j = i; j < b->n; j++)
            count += !strcmp(b->els[j].ns, b->els[i].ns);
        wl_cbor_put_cstr(&is, b->els[i].ns);
        wl_cbor_put_array(&is, count);
        for (size_t j = i; j < b->n; j++)
            if (!strcmp(b->els[j].ns, b->els[i].ns))
                wl_cbor_put_raw(&is, w.items[j].data, w.items[j].len);
    }
    wl_cbor_put_cstr(&is, "issuerAuth");
    wl_cbor_put_raw(&is, auth, auth_len);
    if (is.failed) {
        e = wl_buf_error(ctx, &is, "IssuerSigned");
        goto done;
    }
    *out = wl_buf_take(&is, out_len);
done:
    wallet_free(auth);
    wallet_cose_headers_free(h);
    wl_work_free(&w);
    wl_buf_free(&mso);
    wl_buf_free(&ns);
    wl_buf_free(&is);
    return e;
}
