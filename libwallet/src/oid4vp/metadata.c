/*
 * client_metadata (OpenID4VP 1.0 §5.1, §8.3): the verifier's key for
 * encrypted responses and its content encryption algorithms; and the
 * consent summary built from the request.
 */
#include "../jose/jose.h"
#include "oid4vp_int.h"

/* A JWK the wallet may encrypt to: EC (P-256/384/521 are checked by the
 * JWE layer), "use" absent or "enc", "alg" absent or "ECDH-ES". */
static int usable_key(const cJSON *jwk)
{
    const char *kty = wl_json_get_string(jwk, "kty");
    const cJSON *use = wl_json_get(jwk, "use"), *alg = wl_json_get(jwk, "alg");
    if (!kty || strcmp(kty, "EC") || wl_json_get(jwk, "d"))
        return 0;
    if (use && (!cJSON_IsString(use) || strcmp(use->valuestring, "enc")))
        return 0;
    if (alg && (!cJSON_IsString(alg) || strcmp(alg->valuestring, "ECDH-ES")))
        return 0;
    return 1;
}

wallet_err wl_oid4vp_client_metadata(wallet_ctx *ctx, wallet_oid4vp_request *req,
                                     const cJSON *meta)
{
    const cJSON *jwks = meta ? wl_json_get(meta, "jwks") : NULL;
    const cJSON *keys = jwks ? wl_json_get(jwks, "keys") : NULL;
    if (!cJSON_IsArray(keys))
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA,
                      "direct_post.jwt without client_metadata.jwks.keys");
    const cJSON *encs = wl_json_get(meta, "encrypted_response_enc_values_supported");
    req->enc = WALLET_JWE_ENC_NONE;
    if (!encs) {
        req->enc = WALLET_JWE_ENC_A128GCM; /* §8.3: the default when absent */
    } else if (!cJSON_IsArray(encs)) {
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA,
                      "encrypted_response_enc_values_supported is not an array");
    } else {
        const cJSON *v;
        cJSON_ArrayForEach(v, encs)
        {
            if (!cJSON_IsString(v))
                return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA,
                              "encrypted_response_enc_values_supported holds a non-string");
            wallet_jwe_enc enc = wallet_jwe_enc_from_name(v->valuestring);
            if (!req->enc &&
                (enc == WALLET_JWE_ENC_A128GCM || enc == WALLET_JWE_ENC_A256GCM))
                req->enc = enc;
        }
        if (!req->enc)
            return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA,
                          "no supported content encryption (A128GCM, A256GCM) offered");
    }
    const cJSON *jwk;
    cJSON_ArrayForEach(jwk, keys)
    {
        if (!cJSON_IsObject(jwk) || !usable_key(jwk))
            continue;
        wallet_key *k = NULL;
        if (wl_jwk_from_json(ctx, &k, jwk))
            continue;
        wallet_err e = wallet_key_thumbprint(ctx, req->enc_thumbprint, k);
        if (e) {
            wallet_key_free(k);
            return e;
        }
        req->enc_key = k;
        return WALLET_OK;
    }
    return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA,
                  "client_metadata.jwks has no EC key for ECDH-ES");
}

static const char *prefix_name(wallet_oid4vp_prefix p)
{
    switch (p) {
    case WALLET_OID4VP_PREFIX_X509_SAN_DNS:
        return "x509_san_dns";
    case WALLET_OID4VP_PREFIX_X509_HASH:
        return "x509_hash";
    case WALLET_OID4VP_PREFIX_REDIRECT_URI:
        return "redirect_uri";
    default:
        return "none";
    }
}

static int add_str(cJSON *o, const char *name, const char *v)
{
    return !v || cJSON_AddStringToObject(o, name, v) != NULL;
}

static int add_credentials(cJSON *root, const wallet_dcql *q)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "credentials");
    if (!arr)
        return 0;
    for (size_t i = 0; i < wallet_dcql_credential_count(q); i++) {
        cJSON *c = cJSON_CreateObject();
        if (!c || !cJSON_AddItemToArray(arr, c))
            return cJSON_Delete(c), 0;
        if (!add_str(c, "id", wallet_dcql_credential_id(q, i)) ||
            !add_str(c, "format", wallet_dcql_credential_format_name(q, i)))
            return 0;
        cJSON *types = cJSON_AddArrayToObject(c, "types");
        cJSON *claims = cJSON_AddArrayToObject(c, "claims");
        if (!types || !claims)
            return 0;
        for (size_t t = 0; t < wallet_dcql_credential_type_count(q, i); t++) {
            cJSON *s = cJSON_CreateString(wallet_dcql_credential_type(q, i, t));
            if (!s || !cJSON_AddItemToArray(types, s))
                return cJSON_Delete(s), 0;
        }
        for (size_t k = 0; k < wallet_dcql_claim_count(q, i); k++) {
            const char *pj = wallet_dcql_claim_path_json(q, i, k);
            cJSON *p = pj ? cJSON_Parse(pj) : NULL;
            if (!p || !cJSON_AddItemToArray(claims, p))
                return cJSON_Delete(p), 0;
        }
    }
    return 1;
}

wallet_err wallet_oid4vp_request_summary_json(wallet_ctx *ctx, char **out,
                                              const wallet_oid4vp_request *req)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !req)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    cJSON *root = cJSON_CreateObject();
    const cJSON *meta = wl_json_get(req->params, "client_metadata");
    int ok = root && add_str(root, "client_id", req->client_id) &&
             add_str(root, "prefix", prefix_name(req->prefix)) &&
             cJSON_AddBoolToObject(root, "verified",
                                   req->prefix != WALLET_OID4VP_PREFIX_REDIRECT_URI) &&
             add_str(root, "subject", req->subject);
    if (ok && meta) {
        ok = add_str(root, "client_name", wl_json_get_string(meta, "client_name")) &&
             add_str(root, "client_name_vi", wl_json_get_string(meta, "client_name#vi")) &&
             add_str(root, "client_name_en", wl_json_get_string(meta, "client_name#en")) &&
             add_str(root, "logo_uri", wl_json_get_string(meta, "logo_uri"));
    }
    ok = ok && add_str(root, "purpose", req->purpose) &&
         add_str(root, "response_mode", req->mode == WALLET_OID4VP_DIRECT_POST_JWT
                                            ? "direct_post.jwt"
                                            : "direct_post") &&
         add_str(root, "response_uri", req->response_uri) && add_credentials(root, req->dcql);
    cJSON *td = ok ? cJSON_AddArrayToObject(root, "transaction_data") : NULL;
    ok = ok && td;
    for (size_t i = 0; ok && i < req->n_td; i++) {
        cJSON *o = cJSON_Parse(req->td_json[i]);
        ok = o && cJSON_AddItemToArray(td, o);
        if (!ok)
            cJSON_Delete(o);
    }
    char *s = ok ? wl_json_print(root) : NULL;
    cJSON_Delete(root);
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = s;
    return WALLET_OK;
}
