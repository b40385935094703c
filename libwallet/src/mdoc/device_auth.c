/*
 * mdoc authentication (ISO/IEC 18013-5 §9.1.3): the holder proves
 * possession of the MSO's device key over this exchange's SessionTranscript.
 *
 *   DeviceAuthentication = ["DeviceAuthentication", SessionTranscript,
 *                           DocType, DeviceNameSpacesBytes]
 *   DeviceAuthenticationBytes = #6.24(bstr .cbor DeviceAuthentication)
 *   DeviceSigned = {"nameSpaces": DeviceNameSpacesBytes,
 *                   "deviceAuth": {"deviceSignature": COSE_Sign1} / {"deviceMac": COSE_Mac0}}
 *
 * Both COSE structures have a nil payload: the content is
 * DeviceAuthenticationBytes, rebuilt by the verifier (§9.1.3.4, §9.1.3.5).
 * DeviceMac is keyed with EMacKey = HKDF-SHA256(ECDH(EReaderKey, DeviceKey),
 * salt = SHA-256(SessionTranscriptBytes), info = "EMacKey", L = 32).
 */
#include "../core/json.h"
#include "../cose/cose_int.h"
#include "mdoc_int.h"

wallet_err wl_mdoc_device_auth_bytes(wallet_ctx *ctx, wl_buf *out, const wl_mdoc_st *st,
                                     const uint8_t *doctype, size_t doctype_len,
                                     const uint8_t *dns_bytes, size_t dns_len)
{
    wl_buf inner;
    wl_buf_init(&inner, 0);
    wl_cbor_put_array(&inner, 4);
    wl_cbor_put_cstr(&inner, "DeviceAuthentication");
    wl_cbor_put_raw(&inner, st->array, st->array_len); /* the array as received */
    wl_cbor_put_text(&inner, (const char *)doctype, doctype_len);
    wl_cbor_put_raw(&inner, dns_bytes, dns_len); /* DeviceNameSpacesBytes as received */
    if (!inner.failed)
        wl_mdoc_put_tag24(out, inner.data, inner.len);
    wallet_err e = inner.failed || out->failed ? wl_err(ctx, WALLET_ERR_NOMEM, "out of memory")
                                               : WALLET_OK;
    wl_buf_free(&inner);
    return e;
}

wallet_err wl_mdoc_emac_key(wallet_ctx *ctx, uint8_t out[32], const wallet_key *priv,
                            const wallet_key *pub, const wl_mdoc_st *st)
{
    uint8_t z[66], salt[32];
    size_t z_len = sizeof(z);
    wallet_err e = wl_ecdh(ctx, priv, pub, z, &z_len);
    if (!e)
        e = wl_hash(ctx, WL_SHA256, st->tagged, st->tagged_len, salt);
    if (!e)
        e = wl_hkdf(ctx, WL_SHA256, salt, sizeof(salt), z, z_len, (const uint8_t *)"EMacKey", 7,
                    out, 32);
    wl_memzero(z, sizeof(z));
    return e;
}

/* keyAuthorizations (§9.1.2.4): a device-signed element is allowed when its
 * namespace is listed in "nameSpaces" or the element in "dataElements". */
static int wl_authorized(const wl_cbor *ka, const wl_cbor *ns, const wl_cbor *elem)
{
    if (!ka)
        return 0;
    const wl_cbor *all = wl_cbor_map_text(ka, "nameSpaces");
    if (all && all->type == WL_CBOR_ARRAY) {
        const wl_cbor *c = wl_cbor_child(all);
        for (uint64_t i = 0; i < all->u; i++, c = wl_cbor_next(c))
            if (wl_cbor_cmp(c, ns) == 0)
                return 1;
    }
    const wl_cbor *de = wl_cbor_map_text(ka, "dataElements");
    if (de && de->type == WL_CBOR_MAP) {
        const wl_cbor *k = wl_cbor_child(de);
        for (uint64_t i = 0; i < de->u; i++) {
            const wl_cbor *v = wl_cbor_next(k);
            if (wl_cbor_cmp(k, ns) == 0 && v->type == WL_CBOR_ARRAY) {
                const wl_cbor *c = wl_cbor_child(v);
                for (uint64_t j = 0; j < v->u; j++, c = wl_cbor_next(c))
                    if (wl_cbor_cmp(c, elem) == 0)
                        return 1;
            }
            k = wl_cbor_next(v);
        }
    }
    return 0;
}

/* DeviceNameSpaces = {* NameSpace => {+ DataElementIdentifier => DataElementValue}}:
 * checked against keyAuthorizations and rendered as JSON. */
static wallet_err wl_device_namespaces(wallet_ctx *ctx, char **json, const uint8_t *p, size_t n,
                                       const wl_mdoc_mso *mso)
{
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, p, n, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, "DeviceNameSpaces");
    const wl_cbor *map = wl_cbor_root(doc);
    wl_buf b;
    wl_buf_init(&b, 0);
    if (map->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DeviceNameSpaces is not a map");
        goto done;
    }
    wl_buf_append_byte(&b, '{');
    const wl_cbor *k = wl_cbor_child(map);
    for (uint64_t i = 0; i < map->u && !e; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        if (k->type != WL_CBOR_TEXT || v->type != WL_CBOR_MAP) {
            e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                       "DeviceNameSpaces: want namespace text => map of elements");
            break;
        }
        if (i)
            wl_buf_append_byte(&b, ',');
        wl_json_append_string(&b, (const char *)k->ptr, (size_t)k->u);
        wl_buf_append_str(&b, ":{");
        const wl_cbor *ek = wl_cbor_child(v);
        for (uint64_t j = 0; j < v->u; j++) {
            const wl_cbor *ev = wl_cbor_next(ek);
            if (ek->type != WL_CBOR_TEXT) {
                e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DeviceNameSpaces: element id not text");
                break;
            }
            if (!wl_authorized(mso->key_authorizations, k, ek)) {
                e = wl_err(ctx, WALLET_ERR_MDOC_KEY_AUTHORIZATION,
                           "a device-signed element is not authorized by keyAuthorizations");
                break;
            }
            if (j)
                wl_buf_append_byte(&b, ',');
            wl_json_append_string(&b, (const char *)ek->ptr, (size_t)ek->u);
            wl_buf_append_byte(&b, ':');
            wl_cbor_to_json(&b, ev);
            ek = wl_cbor_next(ev);
        }
        wl_buf_append_byte(&b, '}');
        k = wl_cbor_next(v);
    }
    wl_buf_append_byte(&b, '}');
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "device-signed elements");
    if (!e)
        *json = (char *)wl_buf_take(&b, NULL);
done:
    wl_buf_free(&b);
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wl_mdoc_device_auth_verify(wallet_ctx *ctx, wl_mdoc_doc *d,
                                      const wl_cbor *device_signed, const wl_mdoc_mso *mso,
                                      const wl_mdoc_st *st, const wallet_key *reader_key,
                                      wallet_algset algs)
{
    const wl_cbor *dns, *auth, *sig, *mac;
    const uint8_t *dns_inner;
    size_t dns_inner_len;
    wallet_err e;
    if (!device_signed || device_signed->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "DeviceSigned is not a map");
    if ((e = wl_mdoc_member(ctx, device_signed, "nameSpaces", -1, 1, &dns, "DeviceSigned")) ||
        (e = wl_mdoc_tag24(ctx, dns, &dns_inner, &dns_inner_len, "DeviceNameSpacesBytes")) ||
        (e = wl_mdoc_member(ctx, device_signed, "deviceAuth", WL_CBOR_MAP, 1, &auth,
                            "DeviceSigned")) ||
        (e = wl_mdoc_member(ctx, auth, "deviceSignature", -1, 0, &sig, "DeviceAuth")) ||
        (e = wl_mdoc_member(ctx, auth, "deviceMac", -1, 0, &mac, "DeviceAuth")))
        return e;
    if ((sig != NULL) == (mac != NULL))
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT,
                      "DeviceAuth must hold exactly one of deviceSignature and deviceMac");
    if ((e = wl_device_namespaces(ctx, &d->device_claims, dns_inner, dns_inner_len, mso)))
        return e;
    wl_buf dab;
    wl_buf_init(&dab, 0);
    e = wl_mdoc_device_auth_bytes(ctx, &dab, st, mso->doctype->ptr, (size_t)mso->doctype->u,
                                  dns->raw, dns->raw_len);
    if (e)
        goto done;
    if (sig) {
        wl_mdoc_sign1 s;
        if ((e = wl_mdoc_sign1_parse(ctx, &s, sig, "deviceSignature")))
            goto done;
        if (s.payload && (s.payload->u != dab.len || memcmp(s.payload->ptr, dab.data, dab.len))) {
            /* §9.1.3.4 wants a nil payload; one that is present must at
             * least be the DeviceAuthenticationBytes expected here. */
            e = wl_err(ctx, WALLET_ERR_MDOC_DEVICE_SIGNATURE,
                       "deviceSignature payload is not this exchange's DeviceAuthentication");
        } else {
            e = wl_mdoc_sign1_verify(ctx, &s, d->device_key, algs, s.payload ? NULL : dab.data,
                                     s.payload ? 0 : dab.len);
            if (e == WALLET_ERR_SIGNATURE)
                e = wl_err(ctx, WALLET_ERR_MDOC_DEVICE_SIGNATURE,
                           "deviceSignature does not verify with the MSO device key over "
                           "DeviceAuthentication (wrong key or SessionTranscript?)");
            else if (e)
                wl_err_prefix(ctx, "deviceSignature");
        }
        wl_mdoc_sign1_clear(&s);
        if (!e)
            d->auth = WALLET_MDOC_DEVICE_AUTH_SIGNATURE;
    } else {
        if (!reader_key) {
            e = wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                       "deviceMac needs the reader's ephemeral private key (policy)");
            goto done;
        }
        uint8_t key[32];
        e = wl_mdoc_emac_key(ctx, key, reader_key, d->device_key, st);
        if (e) {
            wl_err_prefix(ctx, "EMacKey");
        } else {
            const uint8_t *p = dab.data;
            e = wl_cose_mac0_verify(ctx, mac, key, sizeof(key), p, dab.len);
            if (e == WALLET_ERR_MAC)
                wl_err(ctx, WALLET_ERR_MAC,
                       "deviceMac does not verify (wrong reader key or SessionTranscript?)");
            else if (e)
                wl_err_prefix(ctx, "deviceMac");
        }
        wl_memzero(key, sizeof(key));
        if (!e)
            d->auth = WALLET_MDOC_DEVICE_AUTH_MAC;
    }
done:
    wl_buf_free(&dab);
    return e;
}

wallet_err wl_mdoc_device_signed_append(wallet_ctx *ctx, wl_buf *out, const wl_mdoc_st *st,
                                        const uint8_t *doctype, size_t doctype_len,
                                        const wallet_key *device_key, wallet_alg alg,
                                        const wallet_key *reader_key)
{
    /* DeviceNameSpacesBytes = #6.24(bstr .cbor {}): no device-signed elements. */
    static const uint8_t dns[4] = {0xD8, 0x18, 0x41, 0xA0};
    wl_buf dab, auth;
    wl_buf_init(&dab, 0);
    wl_buf_init(&auth, 0);
    wallet_err e = wl_mdoc_device_auth_bytes(ctx, &dab, st, doctype, doctype_len, dns, sizeof(dns));
    if (e)
        goto done;
    if (!reader_key) {
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        e = wallet_cose_sign1_sign(ctx, &sig, &sig_len, device_key, alg, NULL, dab.data, dab.len,
                                   NULL, 0, WALLET_COSE_DETACHED);
        if (e) {
            wl_err_prefix(ctx, "deviceSignature");
            goto done;
        }
        wl_cbor_put_map(&auth, 1);
        wl_cbor_put_cstr(&auth, "deviceSignature");
        wl_cbor_put_raw(&auth, sig, sig_len);
        wallet_free(sig);
    } else {
        uint8_t key[32];
        e = wl_mdoc_emac_key(ctx, key, device_key, reader_key, st);
        if (e) {
            wl_err_prefix(ctx, "EMacKey");
        } else {
            wl_cbor_put_map(&auth, 1);
            wl_cbor_put_cstr(&auth, "deviceMac");
            e = wl_cose_mac0_create(ctx, &auth, key, sizeof(key), dab.data, dab.len, 1);
        }
        wl_memzero(key, sizeof(key));
        if (e)
            goto done;
    }
    wl_cbor_put_map(out, 2);
    wl_cbor_put_cstr(out, "nameSpaces");
    wl_cbor_put_raw(out, dns, sizeof(dns));
    wl_cbor_put_cstr(out, "deviceAuth");
    wl_cbor_put_raw(out, auth.data, auth.len);
    if (out->failed || auth.failed)
        e = wl_buf_error(ctx, out->failed ? out : &auth, "DeviceSigned");
done:
    wl_buf_free(&dab);
    wl_buf_free(&auth);
    return e;
}
