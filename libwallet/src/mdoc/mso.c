/*
 * The Mobile Security Object (ISO/IEC 18013-5 §9.1.2.4):
 *
 *   MobileSecurityObject = {
 *     "version": "1.0", "digestAlgorithm": tstr,
 *     "valueDigests": {+ NameSpace => {+ DigestID => Digest}},
 *     "deviceKeyInfo": {"deviceKey": COSE_Key, ? "keyAuthorizations", ? "keyInfo"},
 *     "docType": tstr,
 *     "validityInfo": {"signed": tdate, "validFrom": tdate, "validUntil": tdate,
 *                      ? "expectedUpdate": tdate},
 *     ? "status": {"status_list": {"idx": uint, "uri": tstr}}   (Token Status List)
 *   }
 *
 * carried as MobileSecurityObjectBytes = #6.24(bstr .cbor MSO), the payload
 * of issuerAuth.
 */
#include "../status/status_int.h"
#include "mdoc_int.h"

void wl_mdoc_mso_clear(wl_mdoc_mso *m)
{
    wl_cbor_doc_free(m->doc);
    memset(m, 0, sizeof(*m));
    m->status_idx = -1;
}

static wallet_err wl_mso_version(wallet_ctx *ctx, const wl_cbor *v)
{
    /* "1.0" today; a later 1.x keeps the structure (ISO/IEC 18013-5 §9.1.2.4
     * asks for an incremented minor version on compatible changes). */
    if (v->u >= 3 && v->ptr[0] == '1' && v->ptr[1] == '.') {
        for (uint64_t i = 2; i < v->u; i++)
            if (v->ptr[i] < '0' || v->ptr[i] > '9')
                goto bad;
        return WALLET_OK;
    }
bad:
    return wl_err(ctx, WALLET_ERR_MDOC_VERSION, "MSO version is not 1.x");
}

static wallet_err wl_mso_digests(wallet_ctx *ctx, wl_mdoc_mso *m)
{
    const wl_cbor *vd = m->value_digests;
    size_t hlen = wl_hash_len(m->hash);
    const wl_cbor *k = wl_cbor_child(vd);
    for (uint64_t i = 0; i < vd->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (k->type != WL_CBOR_TEXT || v->type != WL_CBOR_MAP)
            return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                          "MSO valueDigests: want namespace text => map");
        const wl_cbor *dk = wl_cbor_child(v);
        for (uint64_t j = 0; j < v->u; j++) {
            const wl_cbor *dv = wl_cbor_next(dk);
            if (dk->type != WL_CBOR_UINT || dv->type != WL_CBOR_BYTES)
                return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                              "MSO valueDigests: want digestID uint => digest bstr");
            if (dv->u != hlen)
                return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                              "MSO valueDigests: digest of %llu bytes for a %zu-byte hash",
                              (unsigned long long)dv->u, hlen);
            dk = wl_cbor_next(dv);
        }
        k = wl_cbor_next(v);
    }
    return WALLET_OK;
}

/* The Token Status List reference (draft-ietf-oauth-status-list §6.3, the
 * same Status structure as CWT claim 65535), judged by the status module's
 * rules so a reference means the same thing in every format. */
static wallet_err wl_mso_status(wallet_ctx *ctx, wl_mdoc_mso *m, const wl_cbor *status)
{
    char *uri_copy = NULL;
    int64_t idx = -1;
    wallet_err e = wl_status_ref_from_cbor(ctx, status, &uri_copy, &idx);
    free(uri_copy);
    if (e)
        return wl_err_prefix(ctx, "MSO status");
    if (idx < 0)
        return WALLET_OK; /* other status mechanisms are not ours to judge */
    m->status_idx = idx;
    m->status_uri = wl_cbor_map_text(wl_cbor_map_text(status, "status_list"), "uri");
    return WALLET_OK;
}

wallet_err wl_mdoc_mso_parse(wallet_ctx *ctx, wl_mdoc_mso *m, const uint8_t *payload, size_t len)
{
    memset(m, 0, sizeof(*m));
    m->status_idx = -1;
    wl_cbor_doc *outer = NULL;
    const uint8_t *inner;
    size_t inner_len;
    wallet_err e = wl_cbor_decode(ctx, &outer, payload, len, 0, NULL);
    if (e) {
        wl_err_prefix(ctx, "MobileSecurityObjectBytes");
        return e;
    }
    e = wl_mdoc_tag24(ctx, wl_cbor_root(outer), &inner, &inner_len, "MobileSecurityObjectBytes");
    if (!e && (e = wl_cbor_decode(ctx, &m->doc, inner, inner_len, 0, NULL)) != WALLET_OK)
        wl_err_prefix(ctx, "MSO");
    wl_cbor_doc_free(outer); /* inner points into payload, not into outer */
    if (e)
        goto fail;
    m->map = wl_cbor_root(m->doc);
    if (m->map->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "MSO is not a map");
        goto fail;
    }
    const wl_cbor *version, *alg, *dki, *vi, *sig, *from, *until, *upd, *status;
    if ((e = wl_mdoc_member(ctx, m->map, "version", WL_CBOR_TEXT, 1, &version, "MSO")) ||
        (e = wl_mso_version(ctx, version)) ||
        (e = wl_mdoc_member(ctx, m->map, "digestAlgorithm", WL_CBOR_TEXT, 1, &alg, "MSO")) ||
        (e = wl_mdoc_member(ctx, m->map, "valueDigests", WL_CBOR_MAP, 1, &m->value_digests,
                            "MSO")) ||
        (e = wl_mdoc_member(ctx, m->map, "deviceKeyInfo", WL_CBOR_MAP, 1, &dki, "MSO")) ||
        (e = wl_mdoc_member(ctx, dki, "deviceKey", WL_CBOR_MAP, 1, &m->device_key_node,
                            "MSO deviceKeyInfo")) ||
        (e = wl_mdoc_member(ctx, dki, "keyAuthorizations", WL_CBOR_MAP, 0,
                            &m->key_authorizations, "MSO deviceKeyInfo")) ||
        (e = wl_mdoc_member(ctx, m->map, "docType", WL_CBOR_TEXT, 1, &m->doctype, "MSO")) ||
        (e = wl_mdoc_member(ctx, m->map, "validityInfo", WL_CBOR_MAP, 1, &vi, "MSO")) ||
        (e = wl_mdoc_member(ctx, vi, "signed", -1, 1, &sig, "MSO validityInfo")) ||
        (e = wl_mdoc_member(ctx, vi, "validFrom", -1, 1, &from, "MSO validityInfo")) ||
        (e = wl_mdoc_member(ctx, vi, "validUntil", -1, 1, &until, "MSO validityInfo")) ||
        (e = wl_mdoc_member(ctx, vi, "expectedUpdate", -1, 0, &upd, "MSO validityInfo")) ||
        (e = wl_mdoc_member(ctx, m->map, "status", WL_CBOR_MAP, 0, &status, "MSO")))
        goto fail;
    /* §9.1.2.5: "SHA-256", "SHA-384", "SHA-512" (exact spelling). */
    if (wl_cbor_is_text(alg, "SHA-256"))
        m->hash = WL_SHA256;
    else if (wl_cbor_is_text(alg, "SHA-384"))
        m->hash = WL_SHA384;
    else if (wl_cbor_is_text(alg, "SHA-512"))
        m->hash = WL_SHA512;
    else {
        e = wl_err(ctx, WALLET_ERR_MDOC_DIGEST_ALG, "MSO digestAlgorithm is not SHA-256/384/512");
        goto fail;
    }
    if ((e = wl_mso_digests(ctx, m)) ||
        (e = wl_mdoc_get_tdate(ctx, sig, &m->signed_at, "MSO validityInfo.signed")) ||
        (e = wl_mdoc_get_tdate(ctx, from, &m->valid_from, "MSO validityInfo.validFrom")) ||
        (e = wl_mdoc_get_tdate(ctx, until, &m->valid_until, "MSO validityInfo.validUntil")) ||
        (upd && (e = wl_mdoc_get_tdate(ctx, upd, &m->expected_update,
                                       "MSO validityInfo.expectedUpdate"))) ||
        (status && (e = wl_mso_status(ctx, m, status))))
        goto fail;
    if (m->valid_until < m->valid_from) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "MSO validUntil precedes validFrom");
        goto fail;
    }
    return WALLET_OK;
fail:
    wl_mdoc_mso_clear(m);
    return e;
}

const wl_cbor *wl_mdoc_mso_digest(const wl_mdoc_mso *m, const wl_cbor *ns, uint64_t digest_id)
{
    const wl_cbor *k = wl_cbor_child(m->value_digests);
    for (uint64_t i = 0; i < m->value_digests->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (k->u == ns->u && memcmp(k->ptr, ns->ptr, (size_t)ns->u) == 0) {
            const wl_cbor *dk = wl_cbor_child(v);
            for (uint64_t j = 0; j < v->u; j++) {
                const wl_cbor *dv = wl_cbor_next(dk);
                if (dk->u == digest_id)
                    return dv;
                dk = wl_cbor_next(dv);
            }
            return NULL;
        }
        k = wl_cbor_next(v);
    }
    return NULL;
}
