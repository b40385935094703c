/*
 * COSE_Sign1 over already-decoded CBOR (issuerAuth, deviceSignature,
 * readerAuth are parts of a larger document: they are read in place, never
 * copied or re-encoded), the x5chain of ISO/IEC 18013-5 §9.1.2.4 and the
 * Annex B certificate checks, plus small CBOR helpers of the module.
 */
#include "../cose/cose_int.h"
#include "../trust/trust_int.h"
#include "mdoc_int.h"

/* ---- CBOR helpers ----------------------------------------------------------- */

wallet_err wl_mdoc_member(wallet_ctx *ctx, const wl_cbor *m, const char *name, int type,
                          int required, const wl_cbor **out, const char *what)
{
    *out = wl_cbor_map_text(m, name);
    if (!*out) {
        if (required)
            return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "%s lacks \"%s\"", what, name);
        return WALLET_OK;
    }
    if (type >= 0 && (*out)->type != type) {
        *out = NULL;
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "%s: \"%s\" has the wrong type", what, name);
    }
    return WALLET_OK;
}

wallet_err wl_mdoc_tag24(wallet_ctx *ctx, const wl_cbor *node, const uint8_t **inner,
                         size_t *inner_len, const char *what)
{
    *inner = NULL;
    *inner_len = 0;
    if (!node || node->type != WL_CBOR_TAG || node->u != 24)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "%s is not tag-24 embedded CBOR", what);
    const wl_cbor *b = wl_cbor_tag_content(node);
    if (b->type != WL_CBOR_BYTES)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "%s: tag 24 not around a byte string", what);
    *inner = b->ptr;
    *inner_len = (size_t)b->u;
    return WALLET_OK;
}

int wl_mdoc_put_tag24(wl_buf *b, const uint8_t *content, size_t len)
{
    return wl_cbor_put_tag(b, 24) && wl_cbor_put_bytes(b, content, len);
}

char *wl_mdoc_text_dup(const wl_cbor *text)
{
    if (!text || text->type != WL_CBOR_TEXT || memchr(text->ptr, 0, (size_t)text->u))
        return NULL;
    return wl_strndup((const char *)text->ptr, (size_t)text->u);
}

/* ---- COSE_Sign1 view ------------------------------------------------------------- */

void wl_mdoc_sign1_clear(wl_mdoc_sign1 *s)
{
    wl_cbor_doc_free(s->prot_doc);
    memset(s, 0, sizeof(*s));
}

static wallet_err wl_x5chain(wallet_ctx *ctx, wl_mdoc_sign1 *s, const char *what)
{
    const wl_cbor *v = wl_cbor_map_int(s->prot, WALLET_COSE_HDR_X5CHAIN);
    if (!v)
        v = wl_cbor_map_int(s->unprot, WALLET_COSE_HDR_X5CHAIN);
    if (!v)
        return WALLET_OK;
    /* RFC 9360 §2: one certificate as a bstr, several as an array (leaf
     * first). An array of one is accepted as well. */
    if (v->type == WL_CBOR_BYTES) {
        s->x5[0] = v->ptr;
        s->x5_len[0] = (size_t)v->u;
        s->n_x5 = 1;
        return WALLET_OK;
    }
    if (v->type != WL_CBOR_ARRAY || v->u == 0)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "%s: x5chain is neither a bstr nor an array",
                      what);
    if (v->u > WL_MDOC_MAX_CHAIN)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "%s: x5chain of %llu certificates", what,
                      (unsigned long long)v->u);
    const wl_cbor *c = wl_cbor_child(v);
    for (uint64_t i = 0; i < v->u; i++, c = wl_cbor_next(c)) {
        if (c->type != WL_CBOR_BYTES)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "%s: x5chain entry is not a bstr", what);
        s->x5[i] = c->ptr;
        s->x5_len[i] = (size_t)c->u;
    }
    s->n_x5 = (size_t)v->u;
    return WALLET_OK;
}

wallet_err wl_mdoc_sign1_parse(wallet_ctx *ctx, wl_mdoc_sign1 *s, const wl_cbor *node,
                               const char *what)
{
    memset(s, 0, sizeof(*s));
    if (node && node->type == WL_CBOR_TAG) {
        if (node->u != 18)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "%s: unexpected tag %llu (want 18)", what,
                          (unsigned long long)node->u);
        node = wl_cbor_tag_content(node);
    }
    if (!node || node->type != WL_CBOR_ARRAY || node->u != 4)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "%s: not a COSE_Sign1 (array of four)", what);
    s->prot_bstr = wl_cbor_array_at(node, 0);
    s->unprot = wl_cbor_array_at(node, 1);
    s->payload = wl_cbor_array_at(node, 2);
    s->sig = wl_cbor_array_at(node, 3);
    if (s->unprot->type != WL_CBOR_MAP || s->sig->type != WL_CBOR_BYTES ||
        (s->payload->type != WL_CBOR_BYTES && !wl_cbor_is_simple(s->payload, WL_CBOR_NULL)))
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                      "%s: want [bstr protected, map, bstr/nil payload, bstr signature]", what);
    if (s->payload->type != WL_CBOR_BYTES)
        s->payload = NULL;
    wallet_err e = wl_cose_decode_protected(ctx, s->prot_bstr, &s->prot_doc, &s->prot);
    if (!e)
        e = wl_cose_check_headers(ctx, s->prot, s->unprot, &s->alg, &s->alg_id);
    if (!e)
        e = wl_x5chain(ctx, s, what);
    if (e) {
        wl_err_prefix(ctx, what);
        wl_mdoc_sign1_clear(s);
    }
    return e;
}

wallet_err wl_mdoc_sign1_verify(wallet_ctx *ctx, const wl_mdoc_sign1 *s, const wallet_key *key,
                                wallet_algset algs, const uint8_t *detached, size_t detached_len)
{
    wallet_err e = wl_cose_check_alg(ctx, s->alg, s->alg_id, key, algs);
    if (e)
        return e;
    const uint8_t *payload = s->payload ? s->payload->ptr : detached;
    size_t payload_len = s->payload ? (size_t)s->payload->u : detached_len;
    if (!payload && !s->payload)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Sign1 detached payload missing");
    static const uint8_t empty[1] = {0};
    return wl_cose_verify_sig(ctx, key, s->alg, "Signature1", s->prot_bstr->ptr,
                              (size_t)s->prot_bstr->u, NULL, 0, empty, 0,
                              payload ? payload : empty, payload_len, s->sig->ptr,
                              (size_t)s->sig->u);
}

/* ---- x5chain → trust, Annex B checks ------------------------------------------- */

wallet_err wl_mdoc_signer_profile(wallet_ctx *ctx, const wallet_cert *cert, const char *eku,
                                  int directly_trusted)
{
    /* ISO/IEC 18013-5 Annex B.1.4 (document signer) / B.1.7 (reader): an
     * end-entity certificate with keyUsage digitalSignature and the role's
     * EKU. keyUsage and EKU are checked when present: deployed test issuers
     * (auth0's self-signed "NY DMV", Ubique) omit them, and a verifier that
     * trusts such a certificate directly has decided to. A CA certificate
     * may sign only when it is itself the trusted anchor: one issued under
     * an IACA that claims to be a CA is not a document signer. */
    int ku = wl_cert_key_usage(cert);
    if (ku >= 0 && !(ku & 0x80)) /* 0x80: digitalSignature */
        return wl_err(ctx, WALLET_ERR_KEY_USAGE,
                      "signer certificate keyUsage lacks digitalSignature");
    if (eku && wallet_cert_has_eku(cert, eku) == 0)
        return wl_err(ctx, WALLET_ERR_KEY_USAGE,
                      "signer certificate extended key usage lacks %s", eku);
    if (!directly_trusted && wl_cert_is_ca(cert) == 1)
        return wl_err(ctx, WALLET_ERR_KEY_USAGE,
                      "signer certificate is a CA, not an end-entity certificate");
    return WALLET_OK;
}

wallet_err wl_mdoc_sign1_chain(wallet_ctx *ctx, const wl_mdoc_sign1 *s, const wallet_trust *t,
                               const char *eku, wallet_cert **leaf, wallet_key **key)
{
    *leaf = NULL;
    *key = NULL;
    if (s->n_x5 == 0)
        return wl_err(ctx, WALLET_ERR_CERT_CHAIN,
                      "no x5chain: the signer certificate is required (ISO/IEC 18013-5 9.1.2.4)");
    uint8_t ckey[32];
    int cacheable = ctx && t && wl_mdoc_chain_key(ctx, ckey, s, eku) == WALLET_OK;
    if (cacheable && wl_mdoc_chain_lookup(ctx, ckey, t, leaf, key))
        return WALLET_OK;
    wallet_cert *certs[WL_MDOC_MAX_CHAIN] = {0};
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i < s->n_x5 && !e; i++)
        if ((e = wallet_cert_from_der(ctx, &certs[i], s->x5[i], s->x5_len[i])) != WALLET_OK)
            wl_err_prefix(ctx, "x5chain");
    /* Anchors: the trust set's roots (IACA) and its directly trusted signer
     * certificates (a document signer or reader certificate trusted as it
     * is). OpenSSL's PARTIAL_CHAIN lets a trusted leaf be its own anchor and
     * never lets a non-CA anchor issue anything. */
    size_t n_roots = 0, n_signers = 0;
    const wallet_cert *const *roots = t ? wl_trust_roots(t, &n_roots) : NULL;
    const wallet_cert *const *signers = t ? wl_trust_signers(t, &n_signers) : NULL;
    const wallet_cert **anchors = NULL;
    int64_t nb = 0, na = 0;
    if (!e && n_roots + n_signers == 0)
        e = wl_err(ctx, WALLET_ERR_CERT_CHAIN, "no trusted IACA or signer certificates");
    if (!e && !(anchors = wl_calloc(n_roots + n_signers, sizeof(*anchors))))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e) {
        for (size_t i = 0; i < n_roots; i++)
            anchors[i] = roots[i];
        for (size_t i = 0; i < n_signers; i++)
            anchors[n_roots + i] = signers[i];
        e = wl_cert_verify_chain_window(ctx, certs[0], (const wallet_cert *const *)certs + 1,
                                        s->n_x5 - 1, anchors, n_roots + n_signers, &nb, &na);
    }
    free(anchors);
    if (!e) {
        /* Is the leaf itself one of the anchors (trusted as it is)? */
        size_t leaf_len;
        const uint8_t *leaf_der = wallet_cert_der(certs[0], &leaf_len);
        int direct = 0;
        for (size_t i = 0; i < n_roots + n_signers && !direct; i++) {
            size_t l;
            const uint8_t *d = wallet_cert_der(i < n_roots ? roots[i] : signers[i - n_roots], &l);
            direct = l == leaf_len && !memcmp(d, leaf_der, l);
        }
        e = wl_mdoc_signer_profile(ctx, certs[0], eku, direct);
    }
    if (!e)
        e = wallet_cert_public_key(ctx, key, certs[0]);
    if (!e) {
        *leaf = certs[0];
        certs[0] = NULL;
        if (cacheable)
            wl_mdoc_chain_store(ctx, ckey, t, *leaf, *key, nb, na);
    }
    for (size_t i = 0; i < s->n_x5; i++)
        wallet_cert_free(certs[i]);
    return e;
}
