/*
 * Parsers of the issuer's answers: token response (OpenID4VCI 1.0 §6.2,
 * RFC 6749 §5.1), nonce response (§7.2), credential response (§8.3).
 */
#include "vci_int.h"

#include <strings.h>

wallet_err wl_vci_token_response_parse(wallet_ctx *ctx, char **token, size_t *token_len,
                                       const char *json, size_t len)
{
    *token = NULL;
    *token_len = 0;
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_TOKEN_RESPONSE, "token response is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "token response");
        return e;
    }
    const cJSON *at = wl_json_get(root, "access_token");
    const char *tt = wl_json_get_string(root, "token_type");
    int64_t exp = 0;
    wallet_err ee = wl_json_get_int(root, "expires_in", &exp);
    if (!cJSON_IsString(at) || !*at->valuestring || strlen(at->valuestring) > WL_VCI_MAX_CODE) {
        e = wl_err(ctx, WALLET_ERR_VCI_TOKEN_RESPONSE,
                   "token response: \"access_token\" missing, empty, too long or not a string");
    } else if (!tt) {
        e = wl_err(ctx, WALLET_ERR_VCI_TOKEN_RESPONSE,
                   "token response: \"token_type\" missing or not a string");
    } else if (!strcasecmp(tt, "DPoP")) {
        /* RFC 9449 sender-constrained tokens need a DPoP proof per request. */
        e = wl_err(ctx, WALLET_ERR_UNSUPPORTED, "token response: DPoP-bound tokens are not supported");
    } else if (strcasecmp(tt, "Bearer")) {
        /* RFC 6749 §7.1: the type is case-insensitive. */
        e = wl_err(ctx, WALLET_ERR_VCI_TOKEN_RESPONSE, "token response: unknown \"token_type\"");
    } else if (ee && ee != WALLET_ERR_NOT_FOUND) {
        e = wl_err(ctx, WALLET_ERR_VCI_TOKEN_RESPONSE,
                   "token response: \"expires_in\" is not an integer");
    } else {
        /* Characters of a bearer token (RFC 6750 §2.1 b64token), which also
         * keeps the Authorization header free of CR/LF injection. */
        for (const char *c = at->valuestring; *c && !e; c++) {
            int ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                     (*c >= '0' && *c <= '9') || strchr("-._~+/=", *c);
            if (!ok)
                e = wl_err(ctx, WALLET_ERR_VCI_TOKEN_RESPONSE,
                           "token response: \"access_token\" has a character outside b64token");
        }
        if (!e) {
            size_t n = strlen(at->valuestring);
            *token = wl_memdup(at->valuestring, n + 1);
            if (!*token)
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            else
                *token_len = n;
        }
    }
    /* The token is a secret: wipe cJSON's copy before freeing. */
    if (cJSON_IsString(at))
        wl_memzero(at->valuestring, strlen(at->valuestring));
    cJSON_Delete(root);
    return e;
}

wallet_err wl_vci_nonce_response_parse(wallet_ctx *ctx, char **nonce, const char *json,
                                       size_t len)
{
    *nonce = NULL;
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_NONCE_RESPONSE, "nonce response is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "nonce response");
        return e;
    }
    e = wl_vci_strdup_checked(ctx, nonce, wl_json_get(root, "c_nonce"), WL_VCI_MAX_CODE,
                              WALLET_ERR_VCI_NONCE_RESPONSE, "c_nonce");
    cJSON_Delete(root);
    return e;
}

void wallet_vci_credentials_free(char **creds)
{
    if (!creds)
        return;
    for (size_t i = 0; creds[i]; i++)
        free(creds[i]);
    free(creds);
}

wallet_err wallet_vci_credential_response_parse(wallet_ctx *ctx, char ***creds, size_t *count,
                                                const char *json, size_t json_len)
{
    wl_enter(ctx);
    if (!creds || !count)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *creds = NULL;
    *count = 0;
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL response");
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, json_len);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                      "credential response is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "credential response");
        return e;
    }
    const cJSON *list = wl_json_get(root, "credentials");
    const cJSON *tx = wl_json_get(root, "transaction_id");
    const cJSON *nid = wl_json_get(root, "notification_id");
    char **out = NULL;
    int n = cJSON_GetArraySize(list);
    if (tx && !list) {
        /* §8.3: deferred issuance; the deferred endpoint is not implemented. */
        e = wl_err(ctx, cJSON_IsString(tx) ? WALLET_ERR_VCI_DEFERRED
                                           : WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                   "credential response: issuance deferred (transaction_id)");
    } else if (tx) {
        e = wl_err(ctx, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                   "credential response has both \"credentials\" and \"transaction_id\"");
    } else if (!cJSON_IsArray(list) || n < 1) {
        e = wl_err(ctx, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                   "credential response: \"credentials\" missing, empty or not an array");
    } else if (n > WL_VCI_MAX_CREDENTIALS) {
        e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "credential response: more than %d credentials",
                   WL_VCI_MAX_CREDENTIALS);
    } else if (nid && (!cJSON_IsString(nid) || !*nid->valuestring)) {
        e = wl_err(ctx, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                   "credential response: \"notification_id\" is not a non-empty string");
    } else if (!(out = wl_calloc((size_t)n + 1, sizeof(char *)))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    } else {
        size_t i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, list)
        {
            /* §8.3: each element is an object with a "credential" member; a
             * string for dc+sd-jwt (§A.3.4) and mso_mdoc (§A.2.4). */
            const cJSON *c = cJSON_IsObject(it) ? wl_json_get(it, "credential") : NULL;
            if (!cJSON_IsString(c) || !*c->valuestring) {
                e = wl_err(ctx, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                           "credentials[%zu]: not an object with a non-empty string "
                           "\"credential\"", i);
                break;
            }
            if (!(out[i++] = wl_strdup(c->valuestring))) {
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                break;
            }
        }
    }
    cJSON_Delete(root);
    if (e) {
        wallet_vci_credentials_free(out);
        return e;
    }
    *creds = out;
    *count = (size_t)n;
    return WALLET_OK;
}
