/*
 * Public metadata, built once at start-up:
 *   /.well-known/openid-credential-issuer   OpenID4VCI 1.0 §12.2
 *   /.well-known/oauth-authorization-server RFC 8414 §2 (+ OpenID4VCI §12.3)
 *   /.well-known/jwt-vc-issuer              SD-JWT VC §5 (JWT VC Issuer Metadata)
 * The Credential Issuer Identifier is public_url, which has no path, so the
 * well-known URIs are at the root (OpenID4VCI §12.2.2, RFC 8414 §3.1).
 */
#include <stdlib.h>
#include <string.h>

#include <svc/response.h>

#include "issuer.h"

static const char *const proof_algs[] = {"ES256", "ES384", "ES512", "EdDSA"};

static char *url(const issuer *is, const char *path)
{
    size_t n = strlen(is->public_url) + strlen(path) + 1;
    char *p = malloc(n);
    if (p) {
        memcpy(p, is->public_url, strlen(is->public_url));
        memcpy(p + strlen(is->public_url), path, strlen(path) + 1);
    }
    return p;
}

static void add_url(cJSON *o, const char *name, const issuer *is, const char *path)
{
    char *u = url(is, path);
    cJSON_AddStringToObject(o, name, u ? u : "");
    free(u);
}

int iss_metadata_build(issuer *is)
{
    const char *org = NULL, *org_vi = NULL;
    if (svc_config_string(is->cfg, &org, "issuer.name", "Hanoi Digital Services") != SVC_OK ||
        svc_config_string(is->cfg, &org_vi, "issuer.name_vi", "Dịch vụ số Hà Nội") != SVC_OK)
        return -1;
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "credential_issuer", is->public_url);
    add_url(m, "credential_endpoint", is, "/credential");
    add_url(m, "nonce_endpoint", is, "/nonce");
    cJSON *b = cJSON_AddObjectToObject(m, "batch_credential_issuance");
    cJSON_AddNumberToObject(b, "batch_size", (double)is->batch_size);
    cJSON *d = cJSON_AddArrayToObject(m, "display");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "name", org_vi);
    cJSON_AddStringToObject(e, "locale", "vi");
    cJSON_AddItemToArray(d, e);
    e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "name", org);
    cJSON_AddStringToObject(e, "locale", "en");
    cJSON_AddItemToArray(d, e);
    cJSON *cc = cJSON_AddObjectToObject(m, "credential_configurations_supported");
    for (size_t i = 0; i < is->types.n; i++)
        cJSON_AddItemToObject(cc, is->types.v[i].id,
                              iss_type_metadata(&is->types.v[i], proof_algs,
                                                sizeof(proof_algs) / sizeof(proof_algs[0]),
                                                wallet_alg_name(wallet_key_alg(is->sd_key)),
                                                wallet_alg_cose_id(wallet_key_alg(is->ds_key))));
    is->meta_issuer_text = cJSON_PrintUnformatted(m);
    cJSON_Delete(m);

    cJSON *as = cJSON_CreateObject();
    cJSON_AddStringToObject(as, "issuer", is->public_url);
    add_url(as, "token_endpoint", is, "/token");
    cJSON *g = cJSON_AddArrayToObject(as, "grant_types_supported");
    cJSON_AddItemToArray(g, cJSON_CreateString("urn:ietf:params:oauth:grant-type:pre-authorized_code"));
    /* RFC 8414 §2 requires response_types_supported; there is no
     * authorization endpoint, so no response type is supported. */
    cJSON_AddArrayToObject(as, "response_types_supported");
    cJSON *am = cJSON_AddArrayToObject(as, "token_endpoint_auth_methods_supported");
    cJSON_AddItemToArray(am, cJSON_CreateString("none"));
    /* OpenID4VCI 1.0 §12.3: wallets need no client authentication. */
    cJSON_AddTrueToObject(as, "pre-authorized_grant_anonymous_access_supported");
    is->meta_as_text = cJSON_PrintUnformatted(as);
    cJSON_Delete(as);

    char *jwk = NULL;
    if (wallet_key_to_jwk(NULL, &jwk, is->sd_key, WALLET_EXPORT_PUBLIC) != WALLET_OK)
        return -1;
    cJSON *k = cJSON_Parse(jwk);
    wallet_free(jwk);
    if (!k)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(k, "alg"))
        cJSON_AddStringToObject(k, "alg", wallet_alg_name(wallet_key_alg(is->sd_key)));
    cJSON_AddStringToObject(k, "use", "sig");
    cJSON *ji = cJSON_CreateObject();
    cJSON_AddStringToObject(ji, "issuer", is->public_url);
    cJSON *jwks = cJSON_AddObjectToObject(ji, "jwks");
    cJSON *keys = cJSON_AddArrayToObject(jwks, "keys");
    cJSON_AddItemToArray(keys, k);
    is->meta_jwks_text = cJSON_PrintUnformatted(ji);
    cJSON_Delete(ji);
    return is->meta_issuer_text && is->meta_as_text && is->meta_jwks_text ? 0 : -1;
}

static void h_text(svc_response *res, const char *text)
{
    svc_response_cache(res, "public, max-age=300");
    svc_response_json_text(res, 200, text, strlen(text));
}

static void h_meta_issuer(void *user, const svc_request *req, svc_response *res)
{
    (void)req;
    h_text(res, ((issuer *)user)->meta_issuer_text);
}

static void h_meta_as(void *user, const svc_request *req, svc_response *res)
{
    (void)req;
    h_text(res, ((issuer *)user)->meta_as_text);
}

static void h_meta_jwks(void *user, const svc_request *req, svc_response *res)
{
    (void)req;
    h_text(res, ((issuer *)user)->meta_jwks_text);
}

int iss_routes_public(issuer *is, svc_router *r)
{
    svc_route_opts o = {.group = "metadata"};
    return svc_router_add(r, "GET", "/.well-known/openid-credential-issuer", h_meta_issuer, is,
                          &o) == SVC_OK &&
                   svc_router_add(r, "GET", "/.well-known/oauth-authorization-server",
                                  h_meta_as, is, &o) == SVC_OK &&
                   svc_router_add(r, "GET", "/.well-known/jwt-vc-issuer", h_meta_jwks, is,
                                  &o) == SVC_OK
               ? 0
               : -1;
}
