/*
 * Validation of an OpenID4VP 1.0 authorization request once its parameters
 * are known (from a verified request object or from the URI): the client_id
 * prefix rules (§5.9.3), the parameters of §5.1 / §8.2, the DCQL query (§6),
 * transaction data (§5.1, §8.4) and the encryption key for direct_post.jwt
 * (§8.3). Accessors of wallet_oid4vp_request.
 */
#include <stdio.h>

#include "../crypto/crypto.h"
#include "../http/http.h"
#include "oid4vp_int.h"

void wallet_oid4vp_request_free(wallet_oid4vp_request *req)
{
    if (!req)
        return;
    cJSON_Delete(req->params);
    free(req->client_id);
    free(req->subject);
    free(req->dcql_json);
    wallet_dcql_free(req->dcql);
    for (size_t i = 0; i < req->n_td; i++) {
        free(req->td[i]);
        free(req->td_json[i]);
    }
    free(req->td);
    free(req->td_json);
    free((void *)req->td_alg);
    wallet_key_free(req->enc_key);
    free(req);
}

/* ASCII case-insensitive equality (DNS names, RFC 4343). */
static int dns_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* §5.9.3: the prefix decides how the verifier is authenticated. */
static wallet_err check_client_id(wallet_ctx *ctx, wallet_oid4vp_request *req, int is_signed,
                                  const wallet_cert *leaf)
{
    static const struct {
        const char *name;
        wallet_oid4vp_prefix prefix;
    } known[] = {{"x509_san_dns:", WALLET_OID4VP_PREFIX_X509_SAN_DNS},
                 {"x509_hash:", WALLET_OID4VP_PREFIX_X509_HASH},
                 {"redirect_uri:", WALLET_OID4VP_PREFIX_REDIRECT_URI}};
    static const char *const unsupported[] = {"did:", "decentralized_identifier:",
                                              "verifier_attestation:", "openid_federation:",
                                              "origin:", "web-origin:"};
    const char *id = req->client_id;
    for (size_t i = 0; i < WL_ARRAY_LEN(known); i++) {
        size_t n = strlen(known[i].name);
        if (!strncmp(id, known[i].name, n)) {
            req->prefix = known[i].prefix;
            req->client_value = id + n;
        }
    }
    if (!req->prefix) {
        for (size_t i = 0; i < WL_ARRAY_LEN(unsupported); i++)
            if (!strncmp(id, unsupported[i], strlen(unsupported[i])))
                return wl_err(ctx, WALLET_ERR_OID4VP_PREFIX,
                              "client_id prefix is not supported by this wallet");
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_ID,
                      "client_id has no known prefix (pre-registered clients are not supported)");
    }
    if (!*req->client_value)
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_ID, "client_id has an empty identifier");
    if (req->prefix == WALLET_OID4VP_PREFIX_REDIRECT_URI) {
        /* §5.9.3: "the Authorization Request MUST NOT be signed". */
        if (is_signed)
            return wl_err(ctx, WALLET_ERR_OID4VP_UNSIGNED,
                          "redirect_uri client_id with a signed request object");
        return WALLET_OK;
    }
    if (!is_signed || !leaf)
        return wl_err(ctx, WALLET_ERR_OID4VP_UNSIGNED,
                      "x509 client_id prefix needs a signed request object with x5c");
    if (req->prefix == WALLET_OID4VP_PREFIX_X509_SAN_DNS) {
        size_t n = wallet_cert_san_dns_count(leaf);
        for (size_t i = 0; i < n; i++) {
            const char *san = wallet_cert_san_dns(leaf, i);
            if (san && dns_equal(san, req->client_value))
                return WALLET_OK;
        }
        return wl_err(ctx, WALLET_ERR_OID4VP_X509_SAN,
                      "x509_san_dns: no dNSName SAN of the leaf certificate equals client_id");
    }
    /* x509_hash: base64url (no padding) of SHA-256 over the leaf's DER. */
    uint8_t h[32];
    wallet_err e = wallet_cert_sha256(ctx, h, leaf);
    if (e)
        return e;
    char *b64 = wl_b64url_encode(h, sizeof(h));
    if (!b64)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t vl = strlen(req->client_value);
    int ok = vl == strlen(b64) && wl_ct_equal(b64, req->client_value, vl);
    free(b64);
    if (!ok)
        return wl_err(ctx, WALLET_ERR_OID4VP_X509_HASH,
                      "x509_hash: client_id is not the SHA-256 of the leaf certificate");
    return WALLET_OK;
}

/* A member that must be a string when present. */
static wallet_err opt_string(wallet_ctx *ctx, const cJSON *params, const char *name,
                             const char **out)
{
    const cJSON *v = wl_json_get(params, name);
    *out = NULL;
    if (!v)
        return WALLET_OK;
    if (!cJSON_IsString(v))
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST, "%s is not a string", name);
    *out = v->valuestring;
    return WALLET_OK;
}

/* Parameters given by value in a URI arrive as strings holding JSON
 * (§5.1: "dcql_query ... JSON-encoded"): turn them into JSON values. */
static wallet_err unstring_json(wallet_ctx *ctx, cJSON *params, const char *name)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);
    if (!v || !cJSON_IsString(v))
        return WALLET_OK;
    cJSON *parsed = NULL;
    wallet_err e = wl_json_parse(ctx, &parsed, v->valuestring, strlen(v->valuestring));
    if (e)
        return wl_err_prefix(ctx, name);
    cJSON_ReplaceItemInObjectCaseSensitive(params, name, parsed);
    return WALLET_OK;
}

static wallet_err check_dcql(wallet_ctx *ctx, wallet_oid4vp_request *req)
{
    const cJSON *params = req->params;
    if (wl_json_get(params, "presentation_definition") ||
        wl_json_get(params, "presentation_definition_uri") || wl_json_get(params, "scope"))
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST,
                      "only dcql_query is supported (not scope or presentation_definition)");
    const cJSON *q = wl_json_get(params, "dcql_query");
    if (!q)
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST, "dcql_query missing");
    if (!cJSON_IsObject(q))
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST, "dcql_query is not an object");
    if (!(req->dcql_json = wl_json_print(q)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wallet_dcql_parse(ctx, &req->dcql, req->dcql_json, strlen(req->dcql_json));
    return e ? wl_err_prefix(ctx, "dcql_query") : WALLET_OK;
}

static const char *pick_td_alg(const cJSON *algs)
{
    if (!algs)
        return "sha-256";
    const cJSON *a;
    cJSON_ArrayForEach(a, algs)
    {
        if (cJSON_IsString(a) && (!strcmp(a->valuestring, "sha-256") ||
                                  !strcmp(a->valuestring, "sha-384") ||
                                  !strcmp(a->valuestring, "sha-512")))
            return a->valuestring;
    }
    return NULL;
}

/* §5.1 transaction_data: base64url-encoded JSON objects with "type" and
 * "credential_ids" (ids of credential queries the data is bound to). */
static wallet_err check_td_entry(wallet_ctx *ctx, wallet_oid4vp_request *req, size_t i,
                                 const char *text)
{
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    wallet_err e = wl_b64url_decode(ctx, &raw, &raw_len, text, strlen(text));
    if (e)
        return wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                      "transaction_data[%zu] is not base64url", i);
    cJSON *obj = NULL;
    e = wl_json_parse_object(ctx, &obj, (const char *)raw, raw_len);
    free(raw);
    if (e)
        return wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                      "transaction_data[%zu] is not a JSON object", i);
    const cJSON *type = wl_json_get(obj, "type");
    const cJSON *ids = wl_json_get(obj, "credential_ids");
    const cJSON *algs = wl_json_get(obj, "transaction_data_hashes_alg");
    if (!cJSON_IsString(type) || !*type->valuestring)
        e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA, "transaction_data[%zu].type", i);
    else if (!cJSON_IsArray(ids) || !cJSON_GetArraySize(ids))
        e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                   "transaction_data[%zu].credential_ids missing or empty", i);
    else if (algs && (!cJSON_IsArray(algs) || !cJSON_GetArraySize(algs)))
        e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                   "transaction_data[%zu].transaction_data_hashes_alg malformed", i);
    else if (!(req->td_alg[i] = pick_td_alg(algs)))
        e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                   "transaction_data[%zu]: no supported hash algorithm", i);
    const cJSON *id;
    if (!e) {
        cJSON_ArrayForEach(id, ids)
        {
            size_t n = wallet_dcql_credential_count(req->dcql), k;
            if (!cJSON_IsString(id)) {
                e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                           "transaction_data[%zu].credential_ids holds a non-string", i);
                break;
            }
            for (k = 0; k < n; k++)
                if (!strcmp(wallet_dcql_credential_id(req->dcql, k), id->valuestring))
                    break;
            if (k == n) {
                e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                           "transaction_data[%zu] names no credential query of dcql_query", i);
                break;
            }
            /* Appendix B.3.3 defines the binding for SD-JWT VC (KB-JWT
             * transaction_data_hashes); ISO mdoc has none in OpenID4VP 1.0. */
            if (wallet_dcql_credential_format(req->dcql, k) != WALLET_DCQL_FORMAT_SD_JWT) {
                e = wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA_TYPE,
                           "transaction_data[%zu] bound to a credential that is not dc+sd-jwt",
                           i);
                break;
            }
        }
    }
    if (!e && !(req->td_json[i] = wl_json_print(obj)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    /* td_alg points into obj, which is freed below: keep a static name. */
    if (!e)
        req->td_alg[i] = !strcmp(req->td_alg[i], "sha-384")   ? "sha-384"
                         : !strcmp(req->td_alg[i], "sha-512") ? "sha-512"
                                                              : "sha-256";
    cJSON_Delete(obj);
    return e;
}

static wallet_err check_transaction_data(wallet_ctx *ctx, wallet_oid4vp_request *req)
{
    const cJSON *td = wl_json_get(req->params, "transaction_data");
    if (!td)
        return WALLET_OK;
    int n = cJSON_IsArray(td) ? cJSON_GetArraySize(td) : 0;
    if (n <= 0)
        return wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                      "transaction_data is not a non-empty array");
    if (n > WL_OID4VP_MAX_TRANSACTION_DATA)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "transaction_data has more than %d entries",
                      WL_OID4VP_MAX_TRANSACTION_DATA);
    req->td = wl_calloc((size_t)n, sizeof(char *));
    req->td_json = wl_calloc((size_t)n, sizeof(char *));
    req->td_alg = wl_calloc((size_t)n, sizeof(char *));
    if (!req->td || !req->td_json || !req->td_alg)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    const cJSON *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, td)
    {
        if (!cJSON_IsString(item) || !*item->valuestring)
            return wl_err(ctx, WALLET_ERR_OID4VP_TRANSACTION_DATA,
                          "transaction_data[%zu] is not a string", i);
        if (!(req->td[i] = wl_strdup(item->valuestring)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        req->n_td = i + 1;
        wallet_err e = check_td_entry(ctx, req, i, item->valuestring);
        if (e)
            return e;
        i++;
    }
    return WALLET_OK;
}

wallet_err wl_oid4vp_validate(wallet_ctx *ctx, wallet_oid4vp_request *req, cJSON *params,
                              const char *outer_client_id, int is_signed,
                              const wallet_cert *leaf)
{
    req->params = params;
    wallet_err e;
    static const char *const json_members[] = {"dcql_query", "client_metadata",
                                               "transaction_data"};
    for (size_t i = 0; i < WL_ARRAY_LEN(json_members); i++)
        if ((e = unstring_json(ctx, params, json_members[i])))
            return e;
    if (wl_json_get(params, "request") || wl_json_get(params, "request_uri"))
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST,
                      "request or request_uri inside a request object");
    const char *cid = wl_json_get_string(params, "client_id");
    if (!cid || !*cid)
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_ID, "client_id missing");
    /* RFC 9101 §5 / OpenID4VP §5.10: the request object's client_id must be
     * the one the wallet was given with request_uri. */
    if (outer_client_id && strcmp(outer_client_id, cid))
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_ID,
                      "client_id of the request object differs from the request URI's");
    if (!(req->client_id = wl_strdup(cid)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if ((e = check_client_id(ctx, req, is_signed, leaf)))
        return e;
    if (leaf && (e = wallet_cert_subject(ctx, &req->subject, leaf)))
        return e;
    int64_t exp;
    e = wl_json_get_int(params, "exp", &exp);
    if (e == WALLET_OK) {
        if (wallet_ctx_now(ctx) >= exp + wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW))
            return wl_err(ctx, WALLET_ERR_EXPIRED, "request object expired (exp)");
    } else if (e != WALLET_ERR_NOT_FOUND) {
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST, "exp is not an integer");
    }
    const char *rt = wl_json_get_string(params, "response_type");
    if (!rt || strcmp(rt, "vp_token"))
        return wl_err(ctx, WALLET_ERR_OID4VP_RESPONSE_TYPE, "response_type is not vp_token");
    const char *rm = wl_json_get_string(params, "response_mode");
    if (rm && !strcmp(rm, "direct_post"))
        req->mode = WALLET_OID4VP_DIRECT_POST;
    else if (rm && !strcmp(rm, "direct_post.jwt"))
        req->mode = WALLET_OID4VP_DIRECT_POST_JWT;
    else
        return wl_err(ctx, WALLET_ERR_OID4VP_RESPONSE_MODE,
                      "response_mode is not direct_post or direct_post.jwt");
    /* §8.2: with direct_post, redirect_uri MUST NOT be present. */
    if (wl_json_get(params, "redirect_uri"))
        return wl_err(ctx, WALLET_ERR_OID4VP_REQUEST, "redirect_uri present with direct_post");
    req->response_uri = wl_json_get_string(params, "response_uri");
    if (!req->response_uri || !*req->response_uri)
        return wl_err(ctx, WALLET_ERR_OID4VP_RESPONSE_URI, "response_uri missing");
    if (wl_http_check_url(ctx, req->response_uri))
        return wl_err(ctx, WALLET_ERR_OID4VP_RESPONSE_URI,
                      "response_uri is neither https nor loopback http");
    if (req->prefix == WALLET_OID4VP_PREFIX_REDIRECT_URI &&
        strcmp(req->response_uri, req->client_value))
        return wl_err(ctx, WALLET_ERR_OID4VP_REDIRECT_URI,
                      "redirect_uri client_id: response_uri differs from the client identifier");
    const cJSON *nonce = wl_json_get(params, "nonce");
    if (!cJSON_IsString(nonce) || !*nonce->valuestring)
        return wl_err(ctx, WALLET_ERR_OID4VP_NONCE, "nonce missing or empty");
    req->nonce = nonce->valuestring;
    if ((e = opt_string(ctx, params, "state", &req->state)) ||
        (e = opt_string(ctx, params, "purpose", &req->purpose)))
        return e;
    if ((e = check_dcql(ctx, req)) || (e = check_transaction_data(ctx, req)))
        return e;
    const cJSON *meta = wl_json_get(params, "client_metadata");
    if (meta && !cJSON_IsObject(meta))
        return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA, "client_metadata is not an object");
    if (meta) {
        static const char *const names[] = {"client_name", "client_name#vi", "client_name#en",
                                            "logo_uri"};
        for (size_t i = 0; i < WL_ARRAY_LEN(names); i++) {
            const cJSON *v = wl_json_get(meta, names[i]);
            if (v && !cJSON_IsString(v))
                return wl_err(ctx, WALLET_ERR_OID4VP_CLIENT_METADATA,
                              "client_metadata.%s is not a string", names[i]);
        }
    }
    if (req->mode == WALLET_OID4VP_DIRECT_POST_JWT)
        return wl_oid4vp_client_metadata(ctx, req, meta);
    return WALLET_OK;
}

/* ---- accessors ---------------------------------------------------------------------- */

const char *wallet_oid4vp_request_client_id(const wallet_oid4vp_request *req)
{
    return req ? req->client_id : NULL;
}

wallet_oid4vp_prefix wallet_oid4vp_request_prefix(const wallet_oid4vp_request *req)
{
    return req ? req->prefix : WALLET_OID4VP_PREFIX_NONE;
}

const char *wallet_oid4vp_request_client_value(const wallet_oid4vp_request *req)
{
    return req ? req->client_value : NULL;
}

const char *wallet_oid4vp_request_client_name(const wallet_oid4vp_request *req, const char *lang)
{
    if (!req)
        return NULL;
    const cJSON *meta = wl_json_get(req->params, "client_metadata");
    if (!meta)
        return NULL;
    if (lang) {
        char name[64];
        int n = snprintf(name, sizeof(name), "client_name#%s", lang);
        const char *v = n > 0 && (size_t)n < sizeof(name) ? wl_json_get_string(meta, name) : NULL;
        if (v)
            return v;
    }
    return wl_json_get_string(meta, "client_name");
}

const char *wallet_oid4vp_request_subject(const wallet_oid4vp_request *req)
{
    return req ? req->subject : NULL;
}

const char *wallet_oid4vp_request_purpose(const wallet_oid4vp_request *req)
{
    return req ? req->purpose : NULL;
}

const char *wallet_oid4vp_request_nonce(const wallet_oid4vp_request *req)
{
    return req ? req->nonce : NULL;
}

const char *wallet_oid4vp_request_state(const wallet_oid4vp_request *req)
{
    return req ? req->state : NULL;
}

wallet_oid4vp_mode wallet_oid4vp_request_mode(const wallet_oid4vp_request *req)
{
    return req ? req->mode : WALLET_OID4VP_MODE_NONE;
}

const char *wallet_oid4vp_request_response_uri(const wallet_oid4vp_request *req)
{
    return req ? req->response_uri : NULL;
}

const char *wallet_oid4vp_request_dcql_json(const wallet_oid4vp_request *req)
{
    return req ? req->dcql_json : NULL;
}

const wallet_dcql *wallet_oid4vp_request_dcql(const wallet_oid4vp_request *req)
{
    return req ? req->dcql : NULL;
}

size_t wallet_oid4vp_request_transaction_data_count(const wallet_oid4vp_request *req)
{
    return req ? req->n_td : 0;
}

const char *wallet_oid4vp_request_transaction_data(const wallet_oid4vp_request *req, size_t i)
{
    return req && i < req->n_td ? req->td[i] : NULL;
}

const char *wallet_oid4vp_request_transaction_data_json(const wallet_oid4vp_request *req,
                                                        size_t i)
{
    return req && i < req->n_td ? req->td_json[i] : NULL;
}
