/*
 * IssuerSigned (ISO/IEC 18013-5 §8.3.2.1.2.2):
 *
 *   IssuerSigned = {? "nameSpaces": {+ NameSpace => [+ IssuerSignedItemBytes]},
 *                   "issuerAuth": COSE_Sign1 over MobileSecurityObjectBytes}
 *   IssuerSignedItemBytes = #6.24(bstr .cbor {"digestID": uint, "random": bstr,
 *                                             "elementIdentifier": tstr,
 *                                             "elementValue": any})
 *
 * and issuer data authentication (§9.3.1): the document signer certificate
 * chains to a trusted IACA, issuerAuth verifies, the MSO is well formed,
 * docType matches, the validity holds, and the digest of every disclosed
 * IssuerSignedItemBytes — as received: tag, head and content — equals the
 * MSO's valueDigests entry.
 */
#include "../core/json.h"
#include "../cose/cose_int.h"
#include "../verify/policy.h"
#include "mdoc_int.h"

void wl_mdoc_issuer_signed_clear(wl_mdoc_issuer_signed *is)
{
    for (size_t i = 0; i < is->n_items; i++)
        wl_cbor_doc_free(is->items[i].doc);
    free(is->items);
    wl_mdoc_sign1_clear(&is->auth);
    wl_mdoc_mso_clear(&is->mso);
    memset(is, 0, sizeof(*is));
    is->mso.status_idx = -1;
}

static wallet_err wl_item_parse(wallet_ctx *ctx, wl_mdoc_item_view *it, const wl_cbor *ns,
                                const wl_cbor *node)
{
    it->ns = ns;
    it->bytes = node;
    const uint8_t *inner;
    size_t inner_len;
    wallet_err e = wl_mdoc_tag24(ctx, node, &inner, &inner_len, "IssuerSignedItemBytes");
    if (e)
        return e;
    if ((e = wl_cbor_decode(ctx, &it->doc, inner, inner_len, 0, NULL)) != WALLET_OK)
        return wl_err_prefix(ctx, "IssuerSignedItem");
    const wl_cbor *map = wl_cbor_root(it->doc), *id;
    if (map->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "IssuerSignedItem is not a map");
    if ((e = wl_mdoc_member(ctx, map, "digestID", WL_CBOR_UINT, 1, &id, "IssuerSignedItem")) ||
        (e = wl_mdoc_member(ctx, map, "random", WL_CBOR_BYTES, 1, &it->random,
                            "IssuerSignedItem")) ||
        (e = wl_mdoc_member(ctx, map, "elementIdentifier", WL_CBOR_TEXT, 1, &it->element,
                            "IssuerSignedItem")) ||
        (e = wl_mdoc_member(ctx, map, "elementValue", -1, 1, &it->value, "IssuerSignedItem")))
        return e;
    it->digest_id = id->u;
    return WALLET_OK;
}

/* Within a namespace, an element identifier or a digestID given twice is
 * ambiguous (which one did the verifier see?): refused. */
static wallet_err wl_items_unique(wallet_ctx *ctx, const wl_mdoc_item_view *items, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (wl_cbor_cmp(items[i].ns, items[j].ns) != 0)
                continue;
            if (wl_cbor_cmp(items[i].element, items[j].element) == 0)
                return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                              "IssuerSigned: an element is disclosed twice in one namespace");
            if (items[i].digest_id == items[j].digest_id)
                return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                              "IssuerSigned: digestID %llu used twice in one namespace",
                              (unsigned long long)items[i].digest_id);
        }
    }
    return WALLET_OK;
}

wallet_err wl_mdoc_issuer_signed_parse(wallet_ctx *ctx, wl_mdoc_issuer_signed *is,
                                       const wl_cbor *node)
{
    memset(is, 0, sizeof(*is));
    is->mso.status_idx = -1;
    if (!node || node->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "IssuerSigned is not a map");
    const wl_cbor *auth;
    wallet_err e;
    if ((e = wl_mdoc_member(ctx, node, "nameSpaces", WL_CBOR_MAP, 0, &is->name_spaces,
                            "IssuerSigned")) ||
        (e = wl_mdoc_member(ctx, node, "issuerAuth", -1, 1, &auth, "IssuerSigned")) ||
        (e = wl_mdoc_sign1_parse(ctx, &is->auth, auth, "issuerAuth")))
        goto fail;
    size_t total = 0;
    const wl_cbor *k = wl_cbor_child(is->name_spaces);
    for (uint64_t i = 0; is->name_spaces && i < is->name_spaces->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (k->type != WL_CBOR_TEXT || v->type != WL_CBOR_ARRAY) {
            e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                       "IssuerSigned nameSpaces: want namespace text => array");
            goto fail;
        }
        total += (size_t)v->u;
        if (total > WL_MDOC_MAX_ITEMS) {
            e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "IssuerSigned: more than %d elements",
                       WL_MDOC_MAX_ITEMS);
            goto fail;
        }
        k = wl_cbor_next(v);
    }
    if (total && !(is->items = wl_calloc(total, sizeof(*is->items)))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto fail;
    }
    k = wl_cbor_child(is->name_spaces);
    for (uint64_t i = 0; is->name_spaces && i < is->name_spaces->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        const wl_cbor *c = wl_cbor_child(v);
        for (uint64_t j = 0; j < v->u; j++, c = wl_cbor_next(c)) {
            e = wl_item_parse(ctx, &is->items[is->n_items++], k, c);
            if (e)
                goto fail;
        }
        k = wl_cbor_next(v);
    }
    if ((e = wl_items_unique(ctx, is->items, is->n_items)))
        goto fail;
    return WALLET_OK;
fail:
    wl_mdoc_issuer_signed_clear(is);
    return e;
}

wallet_err wl_mdoc_issuer_signed_parse_mso(wallet_ctx *ctx, wl_mdoc_issuer_signed *is)
{
    if (!is->auth.payload)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "issuerAuth has no payload (detached MSO)");
    return wl_mdoc_mso_parse(ctx, &is->mso, is->auth.payload->ptr, (size_t)is->auth.payload->u);
}

void wl_mdoc_doc_clear(wl_mdoc_doc *d)
{
    free(d->doctype);
    free(d->issuer);
    free(d->claims);
    free(d->device_claims);
    free(d->errors);
    free(d->status_uri);
    wallet_key_free(d->device_key);
    memset(d, 0, sizeof(*d));
    d->status_idx = -1;
}

wallet_err wl_mdoc_device_key(wallet_ctx *ctx, wallet_key **out, const wl_cbor *map)
{
    *out = NULL;
    const wl_cbor *kid = wl_cbor_map_int(map, 2);
    if (!kid || kid->type == WL_CBOR_BYTES)
        return wl_cose_key_from_cbor(ctx, out, map);
    /* RFC 9052 §7.1 makes kid a bstr, but deployed issuers (Animo /
     * Paradym) put a text kid in the MSO's deviceKey. The kid plays no part
     * in mdoc authentication (the key is the MSO's own), so it is dropped:
     * the rest of the map is copied and parsed. Nothing here is hashed. */
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, map->u - 1);
    const wl_cbor *k = wl_cbor_child(map);
    for (uint64_t i = 0; i < map->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (v != kid) {
            wl_cbor_put_raw(&b, k->raw, k->raw_len);
            wl_cbor_put_raw(&b, v->raw, v->raw_len);
        }
        k = wl_cbor_next(v);
    }
    wallet_err e = b.failed ? wl_buf_error(ctx, &b, "COSE_Key") : WALLET_OK;
    wl_cbor_doc *doc = NULL;
    if (!e)
        e = wl_cbor_decode(ctx, &doc, b.data, b.len, 0, NULL);
    if (!e)
        e = wl_cose_key_from_cbor(ctx, out, wl_cbor_root(doc));
    wl_cbor_doc_free(doc);
    wl_buf_free(&b);
    return e;
}

/* {"ns": {"elem": value, ...}, ...} of the verified items. */
static wallet_err wl_claims_json(wallet_ctx *ctx, char **out, const wl_mdoc_issuer_signed *is)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_byte(&b, '{');
    const wl_cbor *prev_ns = NULL;
    for (size_t i = 0; i < is->n_items; i++) {
        const wl_mdoc_item_view *it = &is->items[i];
        if (it->ns != prev_ns) {
            if (prev_ns)
                wl_buf_append_str(&b, "},");
            wl_json_append_string(&b, (const char *)it->ns->ptr, (size_t)it->ns->u);
            wl_buf_append_str(&b, ":{");
            prev_ns = it->ns;
        } else {
            wl_buf_append_byte(&b, ',');
        }
        wl_json_append_string(&b, (const char *)it->element->ptr, (size_t)it->element->u);
        wl_buf_append_byte(&b, ':');
        wl_cbor_to_json(&b, it->value);
    }
    if (prev_ns)
        wl_buf_append_byte(&b, '}');
    wl_buf_append_byte(&b, '}');
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "mdoc claims");
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

static wallet_err wl_time_window(wallet_ctx *ctx, const wl_mdoc_mso *m)
{
    int64_t now = wallet_ctx_now(ctx);
    int64_t skew = wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW);
    if (now > m->valid_until + skew)
        return wl_err(ctx, WALLET_ERR_EXPIRED, "MSO validUntil %lld has passed (now %lld)",
                      (long long)m->valid_until, (long long)now);
    if (now + skew < m->valid_from)
        return wl_err(ctx, WALLET_ERR_NOT_YET_VALID, "MSO not valid before %lld (now %lld)",
                      (long long)m->valid_from, (long long)now);
    return WALLET_OK;
}

static wallet_err wl_digests(wallet_ctx *ctx, const wl_mdoc_issuer_signed *is)
{
    const wl_mdoc_mso *m = &is->mso;
    size_t hlen = wl_hash_len(m->hash);
    for (size_t i = 0; i < is->n_items; i++) {
        const wl_mdoc_item_view *it = &is->items[i];
        const wl_cbor *want = wl_mdoc_mso_digest(m, it->ns, it->digest_id);
        if (!want)
            return wl_err(ctx, WALLET_ERR_MDOC_NOT_IN_MSO,
                          "element %zu: digestID %llu of its namespace is not in the MSO", i,
                          (unsigned long long)it->digest_id);
        uint8_t got[WL_HASH_MAX];
        /* The digest covers IssuerSignedItemBytes as received: tag 24, the
         * byte-string head and the content (§9.1.2.5). */
        wallet_err e = wl_hash(ctx, m->hash, it->bytes->raw, it->bytes->raw_len, got);
        if (e)
            return e;
        if (!wl_ct_equal(got, want->ptr, hlen))
            return wl_err(ctx, WALLET_ERR_DIGEST,
                          "element %zu (digestID %llu): digest does not match the MSO", i,
                          (unsigned long long)it->digest_id);
    }
    return WALLET_OK;
}

/* The countryName of an RFC 4514 subject ("CN=x,O=y,C=VN"): its two
 * letters, or NULL. */
static const char *wl_subject_country(const char *subject)
{
    for (const char *p = subject; p && *p; p = strchr(p, ',')) {
        if (*p == ',')
            p++;
        if (p[0] == 'C' && p[1] == '=')
            return p + 2;
    }
    return NULL;
}

/* ISO/IEC 18013-5 Annex B.1 (IACA and document signer countryName) and
 * §7.2.1 Table 5 (issuing_country): the mDL's issuing_country is the DS
 * certificate's country. Checked when both are present. */
static wallet_err wl_issuing_country(wallet_ctx *ctx, const wl_mdoc_issuer_signed *is,
                                     const char *subject)
{
    const char *c = wl_subject_country(subject);
    if (!c)
        return WALLET_OK;
    size_t clen = strcspn(c, ",");
    for (size_t i = 0; i < is->n_items; i++) {
        const wl_mdoc_item_view *it = &is->items[i];
        if (!wl_cbor_is_text(it->ns, WALLET_MDOC_MDL_NAMESPACE) ||
            !wl_cbor_is_text(it->element, "issuing_country") || it->value->type != WL_CBOR_TEXT)
            continue;
        if (it->value->u != clen || memcmp(it->value->ptr, c, clen) != 0)
            return wl_err(ctx, WALLET_ERR_MDOC_ISSUING_COUNTRY,
                          "issuing_country is not the document signer certificate's countryName");
    }
    return WALLET_OK;
}

wallet_err wl_mdoc_issuer_verify(wallet_ctx *ctx, wl_mdoc_doc *d, wl_mdoc_issuer_signed *is,
                                 const wallet_trust *t, const struct wallet_policy *policy,
                                 const wl_cbor *doctype)
{
    wallet_cert *leaf = NULL;
    wallet_key *ds_key = NULL;
    wallet_err e = wl_mdoc_sign1_chain(ctx, &is->auth, t, WL_MDOC_EKU_DS, &leaf, &ds_key);
    if (e) {
        wl_err_prefix(ctx, "issuerAuth");
        goto done;
    }
    if (!is->auth.payload) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "issuerAuth has no payload (detached MSO)");
        goto done;
    }
    if ((e = wl_mdoc_sign1_verify(ctx, &is->auth, ds_key, policy->algs, NULL, 0)) != WALLET_OK) {
        wl_err_prefix(ctx, "issuerAuth");
        goto done;
    }
    if ((e = wl_mdoc_issuer_signed_parse_mso(ctx, is)))
        goto done;
    const wl_mdoc_mso *m = &is->mso;
    if (doctype && wl_cbor_cmp(doctype, m->doctype) != 0) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "the document's docType differs from the MSO's");
        goto done;
    }
    if (policy->doctype && !wl_cbor_is_text(m->doctype, policy->doctype)) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "docType is not the one the policy expects");
        goto done;
    }
    int64_t nb, na;
    if ((e = wallet_cert_validity(ctx, &nb, &na, leaf)))
        goto done;
    if (m->signed_at < nb || m->signed_at > na) {
        /* §9.3.1 step 5: the MSO was signed while the certificate was valid. */
        e = wl_err(ctx, WALLET_ERR_MDOC_SIGNED_OUTSIDE_CERT,
                   "MSO signed at %lld, outside the document signer certificate's validity",
                   (long long)m->signed_at);
        goto done;
    }
    if ((e = wl_time_window(ctx, m)) || (e = wl_digests(ctx, is)))
        goto done;
    if ((e = wl_mdoc_device_key(ctx, &d->device_key, m->device_key_node))) {
        wl_err_prefix(ctx, "MSO deviceKey");
        goto done;
    }
    if (!(d->doctype = wl_mdoc_text_dup(m->doctype)) ||
        (m->status_uri && !(d->status_uri = wl_mdoc_text_dup(m->status_uri)))) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "MSO text with an embedded NUL");
        goto done;
    }
    if ((e = wallet_cert_subject(ctx, &d->issuer, leaf)) ||
        (e = wl_issuing_country(ctx, is, d->issuer)) || (e = wl_claims_json(ctx, &d->claims, is)))
        goto done;
    d->signed_at = m->signed_at;
    d->valid_from = m->valid_from;
    d->valid_until = m->valid_until;
    d->expected_update = m->expected_update;
    d->status_idx = m->status_idx;
done:
    wallet_key_free(ds_key);
    wallet_cert_free(leaf);
    return e;
}
