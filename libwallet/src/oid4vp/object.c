/*
 * Getting the authorization request: from the URI (by value), from a
 * request object (RFC 9101 JAR, signed or "alg": "none"), or by fetching
 * request_uri (OpenID4VP 1.0 §5.10).
 */
#include "../crypto/crypto.h"
#include "../http/http.h"
#include "../jose/jose.h"
#include "../trust/trust_int.h"
#include "oid4vp_int.h"

/* The media type of a request object (RFC 9101 §10.2 / OpenID4VP §5.10). */
#define WL_JAR_MEDIA_TYPE "application/oauth-authz-req+jwt"

/* Request objects are signed with the algorithms this library verifies for
 * issuers; RSA and HMAC are never accepted here. */
#define WL_JAR_ALGS                                                                       \
    (WALLET_ALGSET(WALLET_ALG_ES256) | WALLET_ALGSET(WALLET_ALG_ES384) |                    \
     WALLET_ALGSET(WALLET_ALG_ES512) | WALLET_ALGSET(WALLET_ALG_EDDSA))

static wallet_err check_typ(wallet_ctx *ctx, const cJSON *hdr)
{
    const cJSON *typ = wl_json_get(hdr, "typ");
    /* RFC 9101 §10.8 registers "oauth-authz-req+jwt"; OpenID4VP requires
     * wallets to accept it. Absent is tolerated (older verifiers); anything
     * else is another kind of JWT and must not be taken for a request. */
    if (typ && (!cJSON_IsString(typ) || strcmp(typ->valuestring, "oauth-authz-req+jwt")))
        return wl_err(ctx, WALLET_ERR_OID4VP_TYP, "request object typ is not oauth-authz-req+jwt");
    return WALLET_OK;
}

/* An unsigned request object: header {"alg":"none",...}, payload, empty
 * signature (RFC 7519 §6.1). Allowed only for redirect_uri (checked later). */
static wallet_err parse_unsigned(wallet_ctx *ctx, cJSON **params, const char *text, size_t len)
{
    const char *d1 = memchr(text, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - text)) : NULL;
    if (!d1 || !d2 || d2 + 1 != text + len)
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "unsigned request object is not hdr.payload.");
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    wallet_err e = wl_b64url_decode(ctx, &raw, &raw_len, d1 + 1, (size_t)(d2 - d1 - 1));
    if (e)
        return wl_err_prefix(ctx, "request object payload");
    e = wl_json_parse_object(ctx, params, (const char *)raw, raw_len);
    free(raw);
    return e ? wl_err_prefix(ctx, "request object payload") : WALLET_OK;
}

/* A verifier certificate pinned in the trust set: the x5c leaf is, byte for
 * byte, a trusted SIGNER certificate (a self-signed request-signing
 * certificate, as wallet-verifier makes at first start, cannot be a root:
 * it is no CA). Its validity is checked at the context's time and its key
 * must verify the request object. WALLET_ERR_NOT_FOUND when not pinned. */
static wallet_err pinned_signer(wallet_ctx *ctx, const wallet_trust *t, wallet_jws *jws,
                                wallet_cert **leaf)
{
    const cJSON *x5c = wl_jws_param(jws, 0, "x5c");
    const cJSON *first = cJSON_IsArray(x5c) ? x5c->child : NULL;
    if (!t || !cJSON_IsString(first))
        return WALLET_ERR_NOT_FOUND;
    uint8_t *der = NULL;
    size_t der_len = 0;
    if (wl_base64_decode(ctx, &der, &der_len, first->valuestring, strlen(first->valuestring)))
        return WALLET_ERR_NOT_FOUND;
    size_t n = 0;
    const wallet_cert *const *signers = wl_trust_signers(t, &n);
    const wallet_cert *hit = NULL;
    for (size_t i = 0; i < n && !hit; i++) {
        size_t l = 0;
        const uint8_t *d = wallet_cert_der(signers[i], &l);
        if (l == der_len && !memcmp(d, der, l))
            hit = signers[i];
    }
    free(der);
    if (!hit)
        return WALLET_ERR_NOT_FOUND;
    int64_t nb = 0, na = 0, now = wallet_ctx_now(ctx);
    wallet_err e = wallet_cert_validity(ctx, &nb, &na, hit);
    if (!e && (now < nb || now >= na))
        e = wl_err(ctx, WALLET_ERR_CERT_EXPIRED, "pinned verifier certificate not valid now");
    wallet_key *k = NULL;
    if (!e)
        e = wallet_cert_public_key(ctx, &k, hit);
    if (!e)
        e = wl_jws_verify(ctx, jws, k, WL_JAR_ALGS, NULL);
    wallet_key_free(k);
    if (!e)
        *leaf = wl_cert_ref(hit);
    return e;
}

wallet_err wallet_oid4vp_request_from_object(wallet_ctx *ctx, wallet_oid4vp_request **out,
                                             const char *client_id, const char *object,
                                             size_t object_len, const wallet_trust *trust,
                                             unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !object || flags)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument or unknown flags");
    wallet_err e = wl_check_input_size(ctx, object_len, "request object");
    if (e)
        return e;
    /* Read the header first: "none" decides the unsigned path. */
    const char *dot = memchr(object, '.', object_len);
    if (!dot)
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "request object is not a JWT");
    uint8_t *hraw = NULL;
    size_t hlen = 0;
    cJSON *hdr = NULL;
    if ((e = wl_b64url_decode(ctx, &hraw, &hlen, object, (size_t)(dot - object))))
        return wl_err_prefix(ctx, "request object header");
    e = wl_json_parse_object(ctx, &hdr, (const char *)hraw, hlen);
    free(hraw);
    if (e)
        return wl_err_prefix(ctx, "request object header");
    const char *alg = wl_json_get_string(hdr, "alg");
    if ((e = check_typ(ctx, hdr))) {
        cJSON_Delete(hdr);
        return e;
    }
    int is_none = alg && !strcmp(alg, "none");
    int has_x5c = wl_json_get(hdr, "x5c") != NULL;
    cJSON_Delete(hdr);
    cJSON *params = NULL;
    wallet_cert *leaf = NULL;
    if (is_none) {
        if ((e = parse_unsigned(ctx, &params, object, object_len)))
            return e;
    } else {
        if (!has_x5c)
            return wl_err(ctx, WALLET_ERR_OID4VP_UNSIGNED,
                          "signed request object without x5c: no verifier certificate");
        wallet_jws *jws = NULL;
        wallet_trust *empty = NULL;
        wallet_key *key = NULL;
        if ((e = wallet_jws_parse(ctx, &jws, object, object_len)))
            return e;
        if (!trust && (e = wallet_trust_new(ctx, &empty))) {
            wallet_jws_free(jws);
            return e;
        }
        e = wl_trust_verify_jws(ctx, trust ? trust : empty, jws, WL_JAR_ALGS, &key, &leaf);
        wallet_key_free(key);
        wallet_trust_free(empty);
        if (e == WALLET_ERR_CERT_CHAIN) {
            wallet_err saved = e;
            e = pinned_signer(ctx, trust, jws, &leaf);
            if (e == WALLET_ERR_NOT_FOUND)
                e = wl_err(ctx, saved, "verifier certificate: no trusted root, not pinned");
        }
        if (!e) {
            size_t plen = 0;
            const uint8_t *p = wallet_jws_payload(jws, &plen);
            e = wl_json_parse_object(ctx, &params, (const char *)p, plen);
            if (e)
                wl_err_prefix(ctx, "request object payload");
        }
        wallet_jws_free(jws);
        if (e) {
            wallet_cert_free(leaf);
            return e;
        }
    }
    wallet_oid4vp_request *req = wl_calloc(1, sizeof(*req));
    if (!req) {
        cJSON_Delete(params);
        wallet_cert_free(leaf);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_oid4vp_validate(ctx, req, params, client_id, !is_none, leaf);
    wallet_cert_free(leaf);
    if (e) {
        wallet_oid4vp_request_free(req);
        return e;
    }
    *out = req;
    return WALLET_OK;
}

static wallet_err fetch_object(wallet_ctx *ctx, wl_http_response *resp, const char *url,
                               const char *method)
{
    wallet_err e;
    if (!method || !strcmp(method, "get"))
        e = wl_http_get(ctx, url, WL_JAR_MEDIA_TYPE, resp);
    else if (!strcmp(method, "post"))
        /* §5.10.1: wallet_metadata and wallet_nonce are optional; this wallet
         * sends neither (its capabilities are fixed, see oid4vp.h). */
        e = wl_http_post(ctx, url, "application/x-www-form-urlencoded", (const uint8_t *)"", 0,
                         WL_JAR_MEDIA_TYPE, NULL, resp);
    else
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST, "request_uri_method is not get or post");
    if (e)
        return e;
    if (resp->status != 200)
        return wl_err(ctx, WALLET_ERR_HTTP_STATUS, "request_uri answered HTTP %ld", resp->status);
    if (strcmp(resp->content_type, WL_JAR_MEDIA_TYPE) && strcmp(resp->content_type, "application/jwt"))
        return wl_err(ctx, WALLET_ERR_OID4VP_CONTENT_TYPE,
                      "request_uri did not answer with application/oauth-authz-req+jwt");
    return WALLET_OK;
}

wallet_err wallet_oid4vp_request_fetch(wallet_ctx *ctx, wallet_oid4vp_request **out,
                                       const char *uri, const wallet_trust *trust, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !uri || flags)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument or unknown flags");
    wallet_err e = wl_check_input_size(ctx, strlen(uri), "authorization request URI");
    if (e)
        return e;
    cJSON *q = NULL;
    if ((e = wl_oid4vp_parse_query(ctx, &q, uri)))
        return e;
    const char *client_id = wl_json_get_string(q, "client_id");
    const char *request_uri = wl_json_get_string(q, "request_uri");
    const char *request = wl_json_get_string(q, "request");
    if (!client_id || !*client_id) {
        cJSON_Delete(q);
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_ID, "authorization request without client_id");
    }
    if (request_uri && request) {
        cJSON_Delete(q);
        return wl_err(ctx, WALLET_ERR_OID4VP_URI, "both request and request_uri");
    }
    if (request_uri) {
        wl_http_response resp = {0};
        e = fetch_object(ctx, &resp, request_uri,
                         wl_json_get_string(q, "request_uri_method"));
        if (!e)
            e = wallet_oid4vp_request_from_object(ctx, out, client_id, (const char *)resp.body,
                                                  resp.len, trust, 0);
        wl_http_response_free(&resp);
        cJSON_Delete(q);
        return e;
    }
    if (request) {
        e = wallet_oid4vp_request_from_object(ctx, out, client_id, request, strlen(request),
                                              trust, 0);
        cJSON_Delete(q);
        return e;
    }
    /* By value: the parameters are the query itself, unsigned. */
    wallet_oid4vp_request *req = wl_calloc(1, sizeof(*req));
    if (!req) {
        cJSON_Delete(q);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if ((e = wl_oid4vp_validate(ctx, req, q, NULL, 0, NULL))) {
        wallet_oid4vp_request_free(req);
        return e;
    }
    *out = req;
    return WALLET_OK;
}
