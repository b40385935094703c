/*
 * The request object, passed by reference (OpenID4VP 1.0 §5.7, RFC 9101):
 *
 *   GET /oid4vp/request/{id}  →  application/oauth-authz-req+jwt
 *
 * Signed (JAR, header "typ": "oauth-authz-req+jwt", "x5c" with the
 * verifier's certificate) for the client identifier prefixes x509_san_dns
 * (client_id = "x509_san_dns:<dNSName of the certificate>") and x509_hash
 * (client_id = "x509_hash:<base64url SHA-256 of the DER certificate>"),
 * §5.9.3. With the redirect_uri prefix the request cannot be signed (§5.9.3:
 * the wallet has no way to obtain a key), so it is not a request object at
 * all: its parameters travel by value in the deep link (vs_rp_api.c), with
 * client_id "redirect_uri:<response_uri>" — wallets (e.g.
 * @openid4vc/openid4vp) refuse unsigned request objects by reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs.h"

const char *vs_prefix_name(vs_prefix p)
{
    switch (p) {
    case VS_PREFIX_X509_SAN_DNS:
        return "x509_san_dns";
    case VS_PREFIX_X509_HASH:
        return "x509_hash";
    case VS_PREFIX_REDIRECT_URI:
        return "redirect_uri";
    }
    return "?";
}

const char *vs_mode_name(vs_mode m)
{
    return m == VS_MODE_DIRECT_POST_JWT ? "direct_post.jwt" : "direct_post";
}

char *vs_client_id(const vs_app *app, vs_prefix p, const char *response_uri)
{
    const char *v = p == VS_PREFIX_X509_SAN_DNS ? app->dns_name
                    : p == VS_PREFIX_X509_HASH  ? app->x509_hash
                                                : response_uri;
    size_t n = strlen(vs_prefix_name(p)) + strlen(v) + 2;
    char *o = malloc(n);
    if (o)
        snprintf(o, n, "%s:%s", vs_prefix_name(p), v);
    return o;
}

/* What this verifier accepts (OpenID4VP 1.0 §11.1 vp_formats_supported;
 * mdoc algorithms are COSE identifiers). */
static cJSON *client_metadata(const cJSON *rec)
{
    static const char *const jose_algs[] = {"ES256", "ES384", "ES512", "EdDSA", "ES256K"};
    static const int cose_algs[] = {-7, -9, -35, -36, -8};
    cJSON *m = cJSON_CreateObject();
    cJSON *f = cJSON_AddObjectToObject(m, "vp_formats_supported");
    cJSON *sd = cJSON_AddObjectToObject(f, "dc+sd-jwt");
    cJSON_AddItemToObject(sd, "sd-jwt_alg_values", cJSON_CreateStringArray(jose_algs, 5));
    cJSON_AddItemToObject(sd, "kb-jwt_alg_values", cJSON_CreateStringArray(jose_algs, 5));
    cJSON *md = cJSON_AddObjectToObject(f, "mso_mdoc");
    cJSON_AddItemToObject(md, "issuerauth_alg_values", cJSON_CreateIntArray(cose_algs, 5));
    cJSON_AddItemToObject(md, "deviceauth_alg_values", cJSON_CreateIntArray(cose_algs, 5));
    const cJSON *ek = cJSON_GetObjectItemCaseSensitive(rec, "enc_key");
    const cJSON *enc = cJSON_GetObjectItemCaseSensitive(rec, "enc");
    if (cJSON_IsObject(ek) && cJSON_IsString(enc)) {
        /* The public half only (§8.3: "jwks" in client_metadata). */
        cJSON *pub = cJSON_CreateObject();
        static const char *const members[] = {"kty", "crv", "x", "y", "kid"};
        for (size_t i = 0; i < 5; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(ek, members[i]);
            if (cJSON_IsString(v))
                cJSON_AddStringToObject(pub, members[i], v->valuestring);
        }
        cJSON_AddStringToObject(pub, "use", "enc");
        cJSON_AddStringToObject(pub, "alg", "ECDH-ES");
        cJSON *keys = cJSON_CreateArray();
        cJSON_AddItemToArray(keys, pub);
        cJSON *jwks = cJSON_AddObjectToObject(m, "jwks");
        cJSON_AddItemToObject(jwks, "keys", keys);
        const char *e[] = {enc->valuestring};
        cJSON_AddItemToObject(m, "encrypted_response_enc_values_supported",
                              cJSON_CreateStringArray(e, 1));
    }
    return m;
}

/* The request object payload (OpenID4VP 1.0 §5.1, §5.2, §8.2). */
cJSON *vs_request_payload(const vs_app *app, const cJSON *rec)
{
    static const char *const copy[] = {"client_id", "response_mode", "response_uri", "nonce",
                                       "state", "dcql_query", "transaction_data"};
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "response_type", "vp_token");
    for (size_t i = 0; i < sizeof(copy) / sizeof(copy[0]); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, copy[i]);
        if (v)
            cJSON_AddItemToObject(p, copy[i], cJSON_Duplicate(v, 1));
    }
    cJSON *meta = client_metadata(rec);
    /* Who asks and why, for the wallet's consent screen: the relying
     * party's registered name (RFC 7591 §2.2 language-tagged client_name)
     * and purpose (a top-level "purpose", the convention of libwallet's
     * oid4vp.h: OpenID4VP 1.0 has no purpose parameter; other wallets
     * ignore it). Nothing about the citizen is in either. */
    const cJSON *rp_id = cJSON_GetObjectItemCaseSensitive(rec, "rp");
    const vs_rp *rp = cJSON_IsString(rp_id) ? vs_rp_find(app, rp_id->valuestring) : NULL;
    if (rp && rp->name_vi)
        cJSON_AddStringToObject(meta, "client_name", rp->name_vi);
    if (rp && rp->name_vi)
        cJSON_AddStringToObject(meta, "client_name#vi", rp->name_vi);
    if (rp && rp->name_en)
        cJSON_AddStringToObject(meta, "client_name#en", rp->name_en);
    cJSON_AddItemToObject(p, "client_metadata", meta);
    if (rp && (rp->purpose_vi || rp->purpose_en))
        cJSON_AddStringToObject(p, "purpose", rp->purpose_vi ? rp->purpose_vi : rp->purpose_en);
    /* RFC 9101 §4 / OpenID4VP 1.0 §5.8: static discovery audience. */
    cJSON_AddStringToObject(p, "aud", "https://self-issued.me/v2");
    int64_t now = vs_now(app);
    cJSON_AddNumberToObject(p, "iat", (double)now);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(rec, "expires_at");
    cJSON_AddNumberToObject(p, "exp", cJSON_IsNumber(ex) ? ex->valuedouble : (double)now + 300);
    return p;
}

void vs_h_request_object(void *user, const svc_request *req, svc_response *res)
{
    vs_app *app = user;
    const char *id = svc_request_param(req, "id");
    svc_record r;
    svc_err e = svc_storage_get(app->st, NULL, &r, "presentation", id);
    if (e != SVC_OK) {
        svc_response_error(res, e == SVC_ERR_BUSY || e == SVC_ERR_STORAGE ? 503 : 404,
                           e == SVC_ERR_BUSY || e == SVC_ERR_STORAGE ? "server_error"
                                                                     : "invalid_request_uri",
                           "no such request");
        return;
    }
    cJSON *rec = cJSON_Parse(r.value);
    wallet_memzero(r.value, r.value_len);
    svc_record_clear(&r);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(rec, "status");
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(rec, "expires_at");
    const cJSON *pf = cJSON_GetObjectItemCaseSensitive(rec, "prefix");
    if (!cJSON_IsString(st) || strcmp(st->valuestring, "pending") != 0 || !cJSON_IsNumber(ex) ||
        vs_now(app) > (int64_t)ex->valuedouble || !cJSON_IsString(pf)) {
        /* Answered or expired: the request is no longer valid. */
        svc_response_error(res, 404, "invalid_request_uri", "the request is no longer valid");
        cJSON_Delete(rec);
        return;
    }
    if (strcmp(pf->valuestring, "redirect_uri") == 0) {
        /* Passed by value in the deep link (see vs_rp_api.c). */
        svc_response_error(res, 404, "invalid_request_uri",
                           "this request is passed by value, not by reference");
        cJSON_Delete(rec);
        return;
    }
    cJSON *payload = vs_request_payload(app, rec);
    char *ptext = cJSON_PrintUnformatted(payload);
    char *jwt = NULL;
    wallet_ctx *ctx = vs_ctx(app);
    if (ptext && ctx) {
        size_t hn = strlen(app->x5c_b64) + 64;
        char *hdr = malloc(hn);
        char *signed_jwt = NULL;
        if (hdr) {
            snprintf(hdr, hn, "{\"typ\":\"oauth-authz-req+jwt\",\"x5c\":[\"%s\"]}", app->x5c_b64);
            if (wallet_jws_sign_compact(ctx, &signed_jwt, app->sign_key, WALLET_ALG_NONE, hdr,
                                        (const uint8_t *)ptext, strlen(ptext)) == WALLET_OK)
                jwt = strdup(signed_jwt);
            wallet_free(signed_jwt);
            free(hdr);
        }
    }
    if (jwt)
        svc_response_body(res, 200, "application/oauth-authz-req+jwt", jwt, strlen(jwt));
    else
        svc_response_error(res, 500, "server_error", NULL);
    free(jwt);
    cJSON_free(ptext);
    cJSON_Delete(payload);
    cJSON_Delete(rec);
    wallet_ctx_free(ctx);
}
