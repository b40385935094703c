/*
 * Credential Issuer Metadata (OpenID4VCI 1.0 §12.2) and OAuth 2.0
 * Authorization Server Metadata (RFC 8414), fetched from their well-known
 * locations and checked against the identifiers they must carry.
 */
#include "vci_int.h"

void wallet_vci_issuer_free(wallet_vci_issuer *md)
{
    if (!md)
        return;
    free(md->issuer);
    free(md->credential_endpoint);
    free(md->nonce_endpoint);
    free(md->token_endpoint);
    cJSON_Delete(md->configs);
    free(md);
}

/* An optional endpoint URL member. */
static wallet_err wl_md_url(wallet_ctx *ctx, char **out, const cJSON *root, const char *name,
                            int required)
{
    *out = NULL;
    const cJSON *v = wl_json_get(root, name);
    if (!v) {
        if (required)
            return wl_err(ctx, WALLET_ERR_VCI_METADATA, "issuer metadata: \"%s\" missing", name);
        return WALLET_OK;
    }
    if (!cJSON_IsString(v))
        return wl_err(ctx, WALLET_ERR_VCI_METADATA, "issuer metadata: \"%s\" is not a string",
                      name);
    wallet_err e = wl_vci_check_url(ctx, WALLET_ERR_VCI_METADATA, name, v->valuestring);
    if (e)
        return e;
    *out = wl_strdup(v->valuestring);
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

/* An optional array of non-empty strings. */
static wallet_err wl_md_strings(wallet_ctx *ctx, const cJSON *obj, const char *name,
                                const char *cfg, int nonempty)
{
    const cJSON *a = wl_json_get(obj, name);
    if (!a)
        return WALLET_OK;
    if (!cJSON_IsArray(a) || (nonempty && cJSON_GetArraySize(a) == 0))
        return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                      "configuration \"%.64s\": \"%s\" is not a%s array", cfg, name,
                      nonempty ? " non-empty" : "n");
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        /* credential_signing_alg_values_supported may hold COSE integers
         * for mso_mdoc (§A.2.2); everything else is strings. */
        if (!(cJSON_IsString(it) && *it->valuestring) && !cJSON_IsNumber(it))
            return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                          "configuration \"%.64s\": \"%s\" holds a non-string", cfg, name);
    }
    return WALLET_OK;
}

/* §12.2.4 credential_configurations_supported.<id> */
static wallet_err wl_md_config(wallet_ctx *ctx, const cJSON *c)
{
    const char *id = c->string;
    if (!cJSON_IsObject(c))
        return wl_err(ctx, WALLET_ERR_VCI_METADATA, "configuration \"%.64s\" is not an object", id);
    const char *fmt = wl_json_get_string(c, "format");
    if (!fmt || !*fmt)
        return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                      "configuration \"%.64s\": \"format\" missing or not a string", id);
    wallet_err e;
    if ((e = wl_md_strings(ctx, c, "cryptographic_binding_methods_supported", id, 1)) ||
        (e = wl_md_strings(ctx, c, "credential_signing_alg_values_supported", id, 1)))
        return e;
    const cJSON *pts = wl_json_get(c, "proof_types_supported");
    if (pts) {
        if (!cJSON_IsObject(pts) || !pts->child)
            return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                          "configuration \"%.64s\": \"proof_types_supported\" is not a non-empty "
                          "object", id);
        const cJSON *pt;
        cJSON_ArrayForEach(pt, pts)
        {
            if (!cJSON_IsObject(pt))
                return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                              "configuration \"%.64s\": a proof type is not an object", id);
            const cJSON *algs = wl_json_get(pt, "proof_signing_alg_values_supported");
            if (!algs)
                return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                              "configuration \"%.64s\": proof type without "
                              "\"proof_signing_alg_values_supported\"", id);
            if ((e = wl_md_strings(ctx, pt, "proof_signing_alg_values_supported", id, 1)))
                return e;
        }
    }
    /* Format-specific identifiers (Appendix A): a string when present. */
    const cJSON *vct = wl_json_get(c, "vct");
    const cJSON *doctype = wl_json_get(c, "doctype");
    if ((vct && !cJSON_IsString(vct)) || (doctype && !cJSON_IsString(doctype)))
        return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                      "configuration \"%.64s\": \"vct\" / \"doctype\" is not a string", id);
    return WALLET_OK;
}

static wallet_err wl_md_fill(wallet_ctx *ctx, wallet_vci_issuer *md, cJSON *root,
                             const char *credential_issuer)
{
    const char *iss = wl_json_get_string(root, "credential_issuer");
    if (!iss)
        return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                      "issuer metadata: \"credential_issuer\" missing or not a string");
    /* §12.2.3: the identifier in the metadata MUST be identical to the one
     * used to fetch it (and the offer's): else an impersonation. */
    if (strcmp(iss, credential_issuer))
        return wl_err(ctx, WALLET_ERR_VCI_ISSUER_MISMATCH,
                      "issuer metadata names a different credential_issuer");
    md->issuer = wl_strdup(iss);
    if (!md->issuer)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e;
    if ((e = wl_md_url(ctx, &md->credential_endpoint, root, "credential_endpoint", 1)) ||
        (e = wl_md_url(ctx, &md->nonce_endpoint, root, "nonce_endpoint", 0)))
        return e;
    char *tmp = NULL;
    static const char *const more[] = {"deferred_credential_endpoint", "notification_endpoint"};
    for (size_t i = 0; i < WL_ARRAY_LEN(more); i++) {
        if ((e = wl_md_url(ctx, &tmp, root, more[i], 0)))
            return e;
        free(tmp);
    }
    const cJSON *as = wl_json_get(root, "authorization_servers");
    if (as) {
        if (!cJSON_IsArray(as) || cJSON_GetArraySize(as) == 0)
            return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                          "issuer metadata: \"authorization_servers\" is not a non-empty array");
        const cJSON *it;
        cJSON_ArrayForEach(it, as)
        {
            if (!cJSON_IsString(it))
                return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                              "issuer metadata: \"authorization_servers\" holds a non-string");
            if ((e = wl_vci_check_url(ctx, WALLET_ERR_VCI_METADATA, "authorization_servers",
                                      it->valuestring)))
                return e;
        }
    }
    /* §12.2.4 credential_request_encryption / credential_response_encryption:
     * libwallet sends and reads plain JSON, so an issuer that requires
     * encryption cannot be served (checked when a session starts). */
    static const char *const enc[] = {"credential_request_encryption",
                                      "credential_response_encryption"};
    for (size_t i = 0; i < WL_ARRAY_LEN(enc); i++) {
        const cJSON *o = wl_json_get(root, enc[i]);
        if (o && !cJSON_IsObject(o))
            return wl_err(ctx, WALLET_ERR_VCI_METADATA, "issuer metadata: \"%s\" is not an object",
                          enc[i]);
        const cJSON *req = wl_json_get(o, "encryption_required");
        if (req && !cJSON_IsBool(req))
            return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                          "issuer metadata: \"%s\".encryption_required is not a boolean", enc[i]);
        md->encryption_required |= cJSON_IsTrue(req);
    }
    md->batch_size = 1;
    const cJSON *batch = wl_json_get(root, "batch_credential_issuance");
    if (batch) {
        int64_t bs = 0;
        if (!cJSON_IsObject(batch) || wl_json_get_int(batch, "batch_size", &bs) || bs < 2)
            return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                          "issuer metadata: \"batch_credential_issuance\" needs an integer "
                          "\"batch_size\" >= 2");
        md->batch_size = bs > 1024 ? 1024 : bs;
    }
    cJSON *cfgs = cJSON_DetachItemFromObjectCaseSensitive(root, "credential_configurations_supported");
    if (!cJSON_IsObject(cfgs) || !cfgs->child) {
        cJSON_Delete(cfgs);
        return wl_err(ctx, WALLET_ERR_VCI_METADATA,
                      "issuer metadata: \"credential_configurations_supported\" missing, empty "
                      "or not an object");
    }
    md->configs = cfgs;
    const cJSON *c;
    cJSON_ArrayForEach(c, cfgs)
    {
        if ((e = wl_md_config(ctx, c)))
            return e;
    }
    return WALLET_OK;
}

wallet_err wallet_vci_issuer_parse(wallet_ctx *ctx, wallet_vci_issuer **out,
                                   const char *credential_issuer, const char *json,
                                   size_t json_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!credential_issuer || !json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL issuer or metadata");
    wallet_err e = wl_check_input_size(ctx, json_len, "issuer metadata");
    if (e)
        return e;
    cJSON *root = NULL;
    e = wl_json_parse_object(ctx, &root, json, json_len);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_METADATA, "issuer metadata is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "issuer metadata");
        return e;
    }
    wallet_vci_issuer *md = wl_calloc(1, sizeof(*md));
    if (!md) {
        cJSON_Delete(root);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_md_fill(ctx, md, root, credential_issuer);
    cJSON_Delete(root);
    if (e) {
        wallet_vci_issuer_free(md);
        return e;
    }
    *out = md;
    return WALLET_OK;
}

wallet_err wl_vci_as_metadata_parse(wallet_ctx *ctx, char **token_endpoint, const char *as_id,
                                    const char *json, size_t len)
{
    *token_endpoint = NULL;
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_AS_METADATA,
                      "authorization server metadata is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "authorization server metadata");
        return e;
    }
    const char *iss = wl_json_get_string(root, "issuer");
    const cJSON *te = wl_json_get(root, "token_endpoint");
    if (!iss) {
        e = wl_err(ctx, WALLET_ERR_VCI_AS_METADATA,
                   "authorization server metadata: \"issuer\" missing or not a string");
    } else if (strcmp(iss, as_id)) {
        /* RFC 8414 §3.3: MUST be identical to the identifier used to fetch. */
        e = wl_err(ctx, WALLET_ERR_VCI_ISSUER_MISMATCH,
                   "authorization server metadata names a different issuer");
    } else if (!cJSON_IsString(te)) {
        e = wl_err(ctx, WALLET_ERR_VCI_AS_METADATA,
                   "authorization server metadata: \"token_endpoint\" missing or not a string");
    } else if (!(e = wl_vci_check_url(ctx, WALLET_ERR_VCI_AS_METADATA, "token_endpoint",
                                      te->valuestring))) {
        const cJSON *gts = wl_json_get(root, "grant_types_supported");
        if (gts && !cJSON_IsArray(gts))
            e = wl_err(ctx, WALLET_ERR_VCI_AS_METADATA,
                       "authorization server metadata: \"grant_types_supported\" is not an array");
        if (!e && !(*token_endpoint = wl_strdup(te->valuestring)))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    cJSON_Delete(root);
    return e;
}

/* GET a well-known document; the body in *r when the status is 200. */
static wallet_err wl_md_get(wallet_ctx *ctx, wl_http_response *r, const char *id,
                            const char *name, const char *what)
{
    char *url = wl_vci_well_known(id, name);
    if (!url)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wl_http_get(ctx, url, "application/json", r);
    free(url);
    if (e) {
        (void)wl_err_prefix(ctx, what);
        return e;
    }
    if (r->status != 200) {
        long st = r->status;
        wl_http_response_free(r);
        return wl_err(ctx, WALLET_ERR_HTTP_STATUS, "%s: unexpected HTTP status %ld", what, st);
    }
    return WALLET_OK;
}

wallet_err wallet_vci_issuer_fetch(wallet_ctx *ctx, wallet_vci_issuer **out,
                                   const char *credential_issuer, const char *as_hint)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    wallet_err e = wl_vci_check_url(ctx, WALLET_ERR_INVALID_ARG, "credential issuer",
                                    credential_issuer);
    if (e)
        return e;
    wl_http_response r;
    if ((e = wl_md_get(ctx, &r, credential_issuer, "openid-credential-issuer",
                       "issuer metadata")))
        return e;
    /* wallet_vci_issuer_parse() re-enters: keep the error it records. */
    wallet_vci_issuer *md = NULL;
    cJSON *root = NULL;
    e = wl_json_parse_object(ctx, &root, (const char *)r.body, r.len);
    wl_http_response_free(&r);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_METADATA, "issuer metadata is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "issuer metadata");
        return e;
    }
    md = wl_calloc(1, sizeof(*md));
    if (!md) {
        cJSON_Delete(root);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_md_fill(ctx, md, root, credential_issuer);
    /* §12.2.4 authorization_servers: absent means the issuer is its own AS. */
    const char *as_id = credential_issuer;
    const cJSON *as = wl_json_get(root, "authorization_servers");
    if (!e && as_hint) {
        int listed = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, as)
        {
            listed |= cJSON_IsString(it) && !strcmp(it->valuestring, as_hint);
        }
        /* §4.1.1: the hint MUST match one of the issuer's authorization_servers. */
        if (!listed && !(!as && !strcmp(as_hint, credential_issuer)))
            e = wl_err(ctx, WALLET_ERR_VCI_ISSUER_MISMATCH,
                       "offer authorization_server is not one of the issuer's");
        as_id = as_hint;
    } else if (!e && as) {
        as_id = as->child->valuestring;
    }
    char *as_copy = e ? NULL : wl_strdup(as_id);
    cJSON_Delete(root);
    if (!e && !as_copy)
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e && !(e = wl_md_get(ctx, &r, as_copy, "oauth-authorization-server",
                              "authorization server metadata"))) {
        e = wl_vci_as_metadata_parse(ctx, &md->token_endpoint, as_copy, (const char *)r.body,
                                     r.len);
        wl_http_response_free(&r);
    }
    free(as_copy);
    if (e) {
        wallet_vci_issuer_free(md);
        return e;
    }
    *out = md;
    return WALLET_OK;
}

const cJSON *wl_vci_config(const wallet_vci_issuer *md, const char *config_id)
{
    if (!md || !config_id)
        return NULL;
    return wl_json_get(md->configs, config_id);
}

const char *wallet_vci_issuer_id(const wallet_vci_issuer *md)
{
    return md ? md->issuer : NULL;
}

const char *wallet_vci_issuer_credential_endpoint(const wallet_vci_issuer *md)
{
    return md ? md->credential_endpoint : NULL;
}

const char *wallet_vci_issuer_nonce_endpoint(const wallet_vci_issuer *md)
{
    return md ? md->nonce_endpoint : NULL;
}

const char *wallet_vci_issuer_token_endpoint(const wallet_vci_issuer *md)
{
    return md ? md->token_endpoint : NULL;
}

int64_t wallet_vci_issuer_batch_size(const wallet_vci_issuer *md)
{
    return md ? md->batch_size : 0;
}

const char *wallet_vci_issuer_config_format(const wallet_vci_issuer *md, const char *config_id)
{
    return wl_json_get_string(wl_vci_config(md, config_id), "format");
}

wallet_err wallet_vci_issuer_config(wallet_ctx *ctx, char **json, const wallet_vci_issuer *md,
                                    const char *config_id)
{
    wl_enter(ctx);
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *json = NULL;
    const cJSON *c = wl_vci_config(md, config_id);
    if (!c)
        return wl_err(ctx, WALLET_ERR_VCI_UNKNOWN_CONFIGURATION,
                      "the issuer has no such credential configuration");
    *json = wl_json_print(c);
    return *json ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

wallet_err wallet_vci_issuer_proof_alg(wallet_ctx *ctx, wallet_alg *alg,
                                       const wallet_vci_issuer *md, const char *config_id)
{
    wl_enter(ctx);
    if (!alg)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *alg = WALLET_ALG_NONE;
    const cJSON *c = wl_vci_config(md, config_id);
    if (!c)
        return wl_err(ctx, WALLET_ERR_VCI_UNKNOWN_CONFIGURATION,
                      "the issuer has no such credential configuration");
    const cJSON *pts = wl_json_get(c, "proof_types_supported");
    if (!pts) {
        *alg = WALLET_ALG_ES256;
        return WALLET_OK;
    }
    const cJSON *jwt = wl_json_get(pts, "jwt");
    /* Appendix D: key attestations are not produced by libwallet. */
    if (wl_json_get(jwt, "key_attestations_required"))
        return wl_err(ctx, WALLET_ERR_UNSUPPORTED,
                      "configuration requires key attestations, which libwallet does not make");
    const cJSON *algs = wl_json_get(jwt, "proof_signing_alg_values_supported");
    static const wallet_alg pref[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
    for (size_t i = 0; i < WL_ARRAY_LEN(pref); i++) {
        const cJSON *it;
        cJSON_ArrayForEach(it, algs)
        {
            if (cJSON_IsString(it) && !strcmp(it->valuestring, wallet_alg_name(pref[i]))) {
                *alg = pref[i];
                return WALLET_OK;
            }
        }
    }
    return wl_err(ctx, WALLET_ERR_VCI_NO_PROOF_ALG,
                  "configuration accepts no JWT proof algorithm libwallet signs with");
}
