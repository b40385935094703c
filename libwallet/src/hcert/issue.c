/*
 * Issuing "HC1:" strings (hcert spec §3.3 and §4.2), and the DCC kid.
 */
#include "../core/json.h"
#include "../crypto/crypto.h"
#include "hcert_int.h"

wallet_err wallet_hc1_kid(wallet_ctx *ctx, uint8_t out[WALLET_HC1_KID_LEN],
                          const wallet_cert *cert)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    if (!cert) {
        memset(out, 0, WALLET_HC1_KID_LEN);
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL certificate");
    }
    memcpy(out, wl_cert_sha256_ref(cert), WALLET_HC1_KID_LEN);
    return WALLET_OK;
}

/* The issuer-side checks that need the signer's certificate. */
static wallet_err wl_hc1_check_cert(wallet_ctx *ctx, const wallet_cert *cert,
                                    const wallet_key *key, wl_hcert_kind kind, int64_t iat,
                                    int64_t exp)
{
    wallet_key *cert_key = NULL;
    wallet_err e = wallet_cert_public_key(ctx, &cert_key, cert);
    if (e)
        return e;
    int same = wallet_key_equal_public(cert_key, key);
    wallet_key_free(cert_key);
    if (!same)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "HC1: the signing key is not the certificate's key");
    e = wl_hcert_check_key_usage(ctx, cert, kind);
    if (e)
        return e;
    int64_t nb, na;
    if ((e = wallet_cert_validity(ctx, &nb, &na, cert)) != WALLET_OK)
        return e;
    /* §3.3.4: exp must not exceed the DSC's validity; §3.3.5: iat must not
     * predate it. */
    if (iat < nb || exp > na)
        return wl_err(ctx, WALLET_ERR_CERT_EXPIRED,
                      "HC1: [iat, exp] = [%lld, %lld] is not within the certificate's validity "
                      "[%lld, %lld]",
                      (long long)iat, (long long)exp, (long long)nb, (long long)na);
    return WALLET_OK;
}

wallet_err wallet_hc1_issue(wallet_ctx *ctx, char **out, const wallet_key *key,
                            const wallet_cert *cert, const uint8_t *kid, size_t kid_len,
                            const char *iss, int64_t iat, int64_t exp, const char *payload_json,
                            size_t payload_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !key || !payload_json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (cert ? (kid != NULL || kid_len != 0) : (!kid || kid_len != WALLET_HC1_KID_LEN))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "HC1: give the signer certificate or an %d-byte kid, not both",
                      WALLET_HC1_KID_LEN);
    if (iat < 0 || exp <= iat)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "HC1: need 0 <= iat < exp");
    if (iss && (!*iss || !wl_utf8_valid((const uint8_t *)iss, strlen(iss))))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "HC1: iss must be non-empty UTF-8 text");
    wallet_alg alg = wallet_key_alg(key);
    if (alg != WALLET_ALG_ES256 && alg != WALLET_ALG_PS256)
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED,
                      "HC1 is signed with ES256 or PS256 only (hcert spec §3.3.1)");
    if (!wallet_key_can_sign(key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "signing needs a private key");

    cJSON *root = NULL;
    wl_buf payload, claims;
    wl_buf_init(&payload, 0);
    wl_buf_init(&claims, 0);
    wl_cbor_doc *doc = NULL;
    wallet_cose_headers *h = NULL;
    uint8_t *cose = NULL;
    size_t cose_len = 0;
    wallet_err e = wl_json_parse_object(ctx, &root, payload_json, payload_len);
    if (e) {
        wl_hc1_prefix(ctx, e, "HC1 payload");
        goto done;
    }
    if (!wl_json_to_cbor(&payload, root)) {
        e = wl_buf_error(ctx, &payload, "HC1 payload");
        goto done;
    }
    /* The same kind check as the verifier's, on the CBOR that is signed. */
    wl_hcert_kind kind = WL_HCERT_NONE;
    if ((e = wl_cbor_decode(ctx, &doc, payload.data, payload.len, 0, NULL)) ||
        (e = wl_hcert_payload_kind(ctx, wl_cbor_root(doc), &kind)))
        goto done;
    uint8_t cert_kid[WALLET_HC1_KID_LEN];
    if (cert) {
        if ((e = wl_hc1_check_cert(ctx, cert, key, kind, iat, exp)))
            goto done;
        memcpy(cert_kid, wl_cert_sha256_ref(cert), sizeof(cert_kid));
        kid = cert_kid;
        kid_len = sizeof(cert_kid);
    }

    /* CWT claims, deterministic: 1 iss, 4 exp, 6 iat, -260 {1: payload}. */
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    if (iss) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);
        wl_cbor_put_cstr(wl_cbor_mapw_value(&m), iss);
    }
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 4);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), exp);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 6);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), iat);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), WALLET_HC1_CLAIM_HCERT);
    wl_buf *v = wl_cbor_mapw_value(&m);
    wl_cbor_put_map(v, 1);
    wl_cbor_put_int(v, WALLET_HC1_HCERT_EU_DCC_V1);
    wl_cbor_put_raw(v, payload.data, payload.len);
    int ok = wl_cbor_mapw_finish(&m, &claims);
    wl_cbor_mapw_free(&m);
    if (!ok || claims.failed) {
        e = wl_buf_error(ctx, &claims, "HC1 claims");
        if (!e)
            e = wl_err(ctx, WALLET_ERR_NOMEM, "HC1 claims: out of memory");
        goto done;
    }

    /* COSE_Sign1, tag 18, protected {1: alg, 4: kid} (§3.3.1-2). */
    if ((e = wallet_cose_headers_new(ctx, &h)) ||
        (e = wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_PROTECTED, WALLET_COSE_HDR_KID, kid,
                                           kid_len)) ||
        (e = wallet_cose_sign1_sign(ctx, &cose, &cose_len, key, alg, h, claims.data, claims.len,
                                    NULL, 0, WALLET_COSE_TAGGED)))
        goto done;
    e = wallet_hc1_encode(ctx, out, cose, cose_len);
done:
    wallet_free(cose);
    wallet_cose_headers_free(h);
    wl_cbor_doc_free(doc);
    wl_buf_free(&claims);
    wl_buf_free(&payload);
    cJSON_Delete(root);
    return e;
}
