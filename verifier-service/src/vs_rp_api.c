/*
 * The relying-party API (API key with scope "presentations"):
 *
 *   GET  /v1/templates                the templates this relying party may use
 *   POST /v1/presentations            create a request → id, request_uri, deep link, QR
 *   GET  /v1/presentations/{id}       pending | verified | failed
 *
 * A relying party may only ask for the credential types and claims it
 * registered: anything else is refused with 403 naming the claim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs.h"

#define VS_MAX_TRANSACTION_DATA 8

static const vs_rp *caller(const vs_app *app, const svc_request *req)
{
    const svc_apikey *k = svc_request_apikey(req);
    return k ? vs_rp_find(app, svc_apikey_id(k)) : NULL;
}

static int json_eq(const cJSON *a, const cJSON *b) { return cJSON_Compare(a, b, 1); }

/* `allowed` permits `path` when it is a prefix of it (a registered
 * ["address"] permits ["address", "locality"]); a null (any element) in the
 * request is only permitted by a null at the same place. */
static int path_allowed(const cJSON *allowed, const cJSON *path)
{
    int na = cJSON_GetArraySize(allowed), np = cJSON_GetArraySize(path);
    if (na > np)
        return 0;
    for (int i = 0; i < na; i++)
        if (!json_eq(cJSON_GetArrayItem(allowed, i), cJSON_GetArrayItem(path, i)))
            return 0;
    return 1;
}

static int entry_allows_type(const cJSON *entry, const char *type)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(entry, "types"))
    {
        if (cJSON_IsString(t) && strcmp(t->valuestring, type) == 0)
            return 1;
    }
    return 0;
}

int vs_rp_allows(const vs_rp *rp, const cJSON *dcql, char *why, size_t whylen)
{
    const cJSON *cq;
    cJSON_ArrayForEach(cq, cJSON_GetObjectItemCaseSensitive(dcql, "credentials"))
    {
        const char *qid = cJSON_GetObjectItemCaseSensitive(cq, "id")->valuestring;
        const char *fmt = cJSON_GetObjectItemCaseSensitive(cq, "format")->valuestring;
        const cJSON *meta = cJSON_GetObjectItemCaseSensitive(cq, "meta");
        const cJSON *types = cJSON_GetObjectItemCaseSensitive(meta, "vct_values");
        const cJSON *doctype = cJSON_GetObjectItemCaseSensitive(meta, "doctype_value");
        const cJSON *claims = cJSON_GetObjectItemCaseSensitive(cq, "claims");
        /* Every type the query accepts must be registered for the format. */
        const cJSON *entry;
        int type_ok = 0;
        const char *bad_type = cJSON_IsString(doctype) ? doctype->valuestring
                               : cJSON_GetArraySize(types) > 0
                                   ? cJSON_GetArrayItem(types, 0)->valuestring
                                   : NULL;
        cJSON_ArrayForEach(entry, rp->credentials)
        {
            const char *ef = cJSON_GetObjectItemCaseSensitive(entry, "format")->valuestring;
            if (strcmp(ef, fmt) != 0)
                continue;
            int all = 1;
            if (cJSON_IsString(doctype)) {
                all = entry_allows_type(entry, doctype->valuestring);
                if (!all)
                    bad_type = doctype->valuestring;
            } else {
                const cJSON *t;
                cJSON_ArrayForEach(t, types) if (!entry_allows_type(entry, t->valuestring))
                {
                    all = 0;
                    bad_type = t->valuestring;
                }
            }
            if (!all)
                continue;
            type_ok = 1;
            /* Every claim must be under a registered path of this entry. */
            const cJSON *c;
            int claims_ok = 1;
            cJSON_ArrayForEach(c, claims)
            {
                const cJSON *path = cJSON_GetObjectItemCaseSensitive(c, "path");
                const cJSON *a;
                int ok = 0;
                cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(entry, "claims"))
                {
                    if (path_allowed(a, path)) {
                        ok = 1;
                        break;
                    }
                }
                if (!ok) {
                    char *p = cJSON_PrintUnformatted(path);
                    snprintf(why, whylen,
                             "claim %s of credential query '%s' is outside the registration of "
                             "relying party '%s'",
                             p ? p : "?", qid, rp->id);
                    cJSON_free(p);
                    claims_ok = 0;
                    break;
                }
            }
            if (claims_ok)
                goto next;
            return -1;
        }
        if (!type_ok) {
            snprintf(why, whylen,
                     "credential type '%s' (%s) of credential query '%s' is outside the "
                     "registration of relying party '%s'",
                     bad_type ? bad_type : "?", fmt, qid, rp->id);
            return -1;
        }
    next:;
    }
    return 0;
}

/* A query id of `dcql` with format dc+sd-jwt? (transaction data binds to
 * SD-JWT VC key binding, OpenID4VP 1.0 §B.3.3; no mdoc binding is defined
 * in 1.0, so it is refused for mso_mdoc rather than silently unchecked.) */
static int sdjwt_query(const cJSON *dcql, const char *id)
{
    const cJSON *cq;
    cJSON_ArrayForEach(cq, cJSON_GetObjectItemCaseSensitive(dcql, "credentials"))
    {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(cq, "id")->valuestring, id) == 0)
            return strcmp(cJSON_GetObjectItemCaseSensitive(cq, "format")->valuestring,
                          "dc+sd-jwt") == 0
                       ? 1
                       : -1;
    }
    return 0;
}

static int valid_amount(const cJSON *a)
{
    if (cJSON_IsNumber(a))
        return a->valuedouble > 0 && a->valuedouble < 1e15;
    if (!cJSON_IsString(a) || !a->valuestring[0] || strlen(a->valuestring) > 24)
        return 0;
    int dot = 0, digits = 0;
    for (const char *p = a->valuestring; *p; p++) {
        if (*p == '.' && !dot)
            dot = 1;
        else if (*p >= '0' && *p <= '9')
            digits++;
        else
            return 0;
    }
    return digits > 0 && strspn(a->valuestring, "0.") != strlen(a->valuestring);
}

/* Validate the relying party's transaction data objects and encode each as
 * OpenID4VP 1.0 §5.1 says: base64url of the JSON object. */
static cJSON *encode_transaction_data(const cJSON *td, const cJSON *dcql, char *why, size_t wl)
{
    if (!cJSON_IsArray(td) || cJSON_GetArraySize(td) < 1 ||
        cJSON_GetArraySize(td) > VS_MAX_TRANSACTION_DATA) {
        snprintf(why, wl, "transaction_data: a non-empty array of at most %d objects",
                 VS_MAX_TRANSACTION_DATA);
        return NULL;
    }
    cJSON *out = cJSON_CreateArray();
    const cJSON *t;
    int i = 0;
    cJSON_ArrayForEach(t, td)
    {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(t, "type");
        const cJSON *ids = cJSON_GetObjectItemCaseSensitive(t, "credential_ids");
        const cJSON *algs = cJSON_GetObjectItemCaseSensitive(t, "transaction_data_hashes_alg");
        if (!cJSON_IsObject(t) || !cJSON_IsString(type) || !type->valuestring[0] ||
            !cJSON_IsArray(ids) || cJSON_GetArraySize(ids) < 1) {
            snprintf(why, wl,
                     "transaction_data[%d]: needs a string \"type\" and a non-empty "
                     "\"credential_ids\" array",
                     i);
            goto fail;
        }
        const cJSON *id;
        cJSON_ArrayForEach(id, ids)
        {
            int k = cJSON_IsString(id) ? sdjwt_query(dcql, id->valuestring) : 0;
            if (k <= 0) {
                snprintf(why, wl,
                         k < 0 ? "transaction_data[%d].credential_ids: transaction data is "
                                 "supported for dc+sd-jwt credentials only"
                               : "transaction_data[%d].credential_ids: not a credential query "
                                 "id of the query",
                         i);
                goto fail;
            }
        }
        if (algs) {
            const cJSON *a;
            int ok = cJSON_IsArray(algs) && cJSON_GetArraySize(algs) > 0;
            cJSON_ArrayForEach(a, algs) if (!cJSON_IsString(a) ||
                                             (strcmp(a->valuestring, "sha-256") != 0 &&
                                              strcmp(a->valuestring, "sha-384") != 0 &&
                                              strcmp(a->valuestring, "sha-512") != 0)) ok = 0;
            if (!ok) {
                snprintf(why, wl,
                         "transaction_data[%d].transaction_data_hashes_alg: sha-256, sha-384, "
                         "sha-512",
                         i);
                goto fail;
            }
        }
        if (strcmp(type->valuestring, "payment") == 0) {
            const cJSON *cur = cJSON_GetObjectItemCaseSensitive(t, "currency");
            const cJSON *payee = cJSON_GetObjectItemCaseSensitive(t, "payee");
            if (!valid_amount(cJSON_GetObjectItemCaseSensitive(t, "amount")) ||
                !cJSON_IsString(cur) || strlen(cur->valuestring) != 3 ||
                strspn(cur->valuestring, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3 ||
                !cJSON_IsString(payee) || !payee->valuestring[0]) {
                snprintf(why, wl,
                         "transaction_data[%d]: a payment needs a positive \"amount\", an ISO "
                         "4217 \"currency\" (e.g. VND) and a \"payee\"",
                         i);
                goto fail;
            }
        }
        char *text = cJSON_PrintUnformatted(t);
        char *enc = text ? vs_b64url((const uint8_t *)text, strlen(text)) : NULL;
        cJSON_free(text);
        if (!enc)
            goto fail;
        cJSON_AddItemToArray(out, cJSON_CreateString(enc));
        free(enc);
        i++;
    }
    return out;
fail:
    cJSON_Delete(out);
    return NULL;
}

static int template_allowed(const vs_rp *rp, const char *name)
{
    if (!rp->templates)
        return 1;
    const cJSON *t;
    cJSON_ArrayForEach(t, rp->templates) if (cJSON_IsString(t) && strcmp(t->valuestring, name) == 0)
        return 1;
    return 0;
}

void vs_h_templates(void *user, const svc_request *req, svc_response *res)
{
    vs_app *app = user;
    const vs_rp *rp = caller(app, req);
    if (!rp) {
        svc_response_error(res, 403, "access_denied", "not a registered relying party");
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *rpo = cJSON_AddObjectToObject(o, "relying_party");
    cJSON_AddStringToObject(rpo, "id", rp->id);
    cJSON *nm = cJSON_AddObjectToObject(rpo, "name");
    cJSON_AddStringToObject(nm, "vi", rp->name_vi);
    cJSON_AddStringToObject(nm, "en", rp->name_en);
    cJSON *arr = cJSON_AddArrayToObject(o, "templates");
    char why[256];
    for (size_t i = 0; i < app->ntemplates; i++) {
        const vs_template *t = &app->templates[i];
        if (!template_allowed(rp, t->name) || vs_rp_allows(rp, t->dcql, why, sizeof(why)) != 0)
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", t->name);
        cJSON *ti = cJSON_AddObjectToObject(e, "title");
        cJSON_AddStringToObject(ti, "vi", t->title_vi);
        cJSON_AddStringToObject(ti, "en", t->title_en);
        cJSON_AddItemToObject(e, "dcql_query", cJSON_Duplicate(t->dcql, 1));
        cJSON_AddItemToArray(arr, e);
    }
    svc_response_json(res, 200, o);
    cJSON_Delete(o);
}

static char *qr_data_url(const char *text)
{
    wallet_ctx *ctx = vs_ctx(NULL);
    uint8_t *png = NULL;
    size_t n = 0;
    char *out = NULL;
    if (ctx && wallet_qr_encode_png(ctx, &png, &n, (const uint8_t *)text, strlen(text),
                                    WALLET_QR_ECC_M, 6) == WALLET_OK) {
        char *b = vs_b64std(png, n);
        if (b) {
            size_t l = strlen(b) + 32;
            out = malloc(l);
            if (out)
                snprintf(out, l, "data:image/png;base64,%s", b);
            free(b);
        }
    }
    wallet_free(png);
    wallet_ctx_free(ctx);
    return out;
}

/* redirect_uri prefix: the request by value (OpenID4VP 1.0 §5.9.3 — it
 * cannot be signed): every parameter in the deep link, objects as JSON. */
static char *by_value_link(const vs_app *app, const cJSON *rec)
{
    cJSON *p = vs_request_payload(app, rec);
    cJSON_DeleteItemFromObjectCaseSensitive(p, "aud");
    cJSON_DeleteItemFromObjectCaseSensitive(p, "iat");
    cJSON_DeleteItemFromObjectCaseSensitive(p, "exp");
    size_t cap = 64, n = 0;
    char *out = malloc(cap);
    if (!out) {
        cJSON_Delete(p);
        return NULL;
    }
    n = (size_t)snprintf(out, cap, "openid4vp://?");
    const cJSON *m;
    cJSON_ArrayForEach(m, p)
    {
        char *v = cJSON_IsString(m) ? strdup(m->valuestring) : cJSON_PrintUnformatted(m);
        char *ev = v ? vs_urlencode(v) : NULL;
        free(v);
        if (!ev)
            goto fail;
        size_t need = n + strlen(m->string) + strlen(ev) + 3;
        if (need > cap) {
            char *nb = realloc(out, need * 2);
            if (!nb) {
                free(ev);
                goto fail;
            }
            out = nb;
            cap = need * 2;
        }
        n += (size_t)snprintf(out + n, cap - n, "%s%s=%s", m != p->child ? "&" : "",
                              m->string, ev);
        free(ev);
    }
    cJSON_Delete(p);
    return out;
fail:
    free(out);
    cJSON_Delete(p);
    return NULL;
}

void vs_h_create(void *user, const svc_request *req, svc_response *res)
{
    vs_app *app = user;
    const vs_rp *rp = caller(app, req);
    char why[512];
    cJSON *body = NULL, *query = NULL, *rec = NULL, *tdata = NULL, *out = NULL;
    char *id = NULL, *state = NULL, *nonce = NULL, *client_id = NULL, *text = NULL;
    char *deep = NULL, *qr = NULL, *enc_jwk = NULL, *norm = NULL;
    wallet_ctx *ctx = vs_ctx(app);
    wallet_dcql *parsed = NULL;
    wallet_key *ek = NULL;
    if (!rp) {
        svc_response_error(res, 403, "access_denied", "not a registered relying party");
        goto done;
    }
    size_t blen = 0;
    const char *btext = (const char *)svc_request_body(req, &blen);
    body = cJSON_ParseWithLength(btext, blen);
    if (!cJSON_IsObject(body)) {
        svc_response_error(res, 400, "invalid_request", "the body must be a JSON object");
        goto done;
    }
    const cJSON *tname = cJSON_GetObjectItemCaseSensitive(body, "template");
    const cJSON *dq = cJSON_GetObjectItemCaseSensitive(body, "dcql_query");
    if (!!tname == !!dq) {
        svc_response_error(res, 400, "invalid_request",
                           "give exactly one of \"template\" and \"dcql_query\"");
        goto done;
    }
    const vs_template *tp = NULL;
    if (tname) {
        tp = cJSON_IsString(tname) ? vs_template_find(app, tname->valuestring) : NULL;
        if (!tp) {
            svc_response_error(res, 400, "invalid_request", "unknown template");
            goto done;
        }
        if (!template_allowed(rp, tp->name)) {
            svc_response_errorf(res, 403, "access_denied",
                                "template '%s' is outside the registration of relying party "
                                "'%s'",
                                tp->name, rp->id);
            goto done;
        }
        dq = tp->dcql;
    }
    /* Validate with libwallet's DCQL parser, then keep its normalised form. */
    text = cJSON_PrintUnformatted(dq);
    wallet_err we = text && ctx ? wallet_dcql_parse(ctx, &parsed, text, strlen(text))
                                : WALLET_ERR_NOMEM;
    if (we != WALLET_OK) {
        svc_response_errorf(res, 400, "invalid_request", "dcql_query: %s (%s)",
                            wallet_err_str(we), ctx ? wallet_ctx_errmsg(ctx) : "");
        goto done;
    }
    if (wallet_dcql_to_json(ctx, &norm, parsed) != WALLET_OK ||
        !(query = cJSON_Parse(norm))) {
        svc_response_error(res, 500, "server_error", NULL);
        goto done;
    }
    for (size_t i = 0; i < wallet_dcql_credential_count(parsed); i++)
        if (wallet_dcql_credential_format(parsed, i) == WALLET_DCQL_FORMAT_OTHER) {
            svc_response_errorf(res, 400, "invalid_request",
                                "credential query '%s': format '%s' is not supported (dc+sd-jwt, "
                                "mso_mdoc)",
                                wallet_dcql_credential_id(parsed, i),
                                wallet_dcql_credential_format_name(parsed, i));
            goto done;
        }
    if (vs_rp_allows(rp, query, why, sizeof(why)) != 0) {
        svc_response_error(res, 403, "access_denied", why);
        goto done;
    }
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(body, "transaction_data");
    if (td && !(tdata = encode_transaction_data(td, query, why, sizeof(why)))) {
        svc_response_error(res, 400, "invalid_request", why);
        goto done;
    }
    /* Per-request choices, else the configured defaults. */
    vs_prefix prefix = app->default_prefix;
    vs_mode mode = app->default_mode;
    wallet_jwe_enc enc = app->default_enc;
    const cJSON *o;
    if ((o = cJSON_GetObjectItemCaseSensitive(body, "client_id_prefix"))) {
        const char *s = cJSON_IsString(o) ? o->valuestring : "";
        if (strcmp(s, "x509_san_dns") == 0)
            prefix = VS_PREFIX_X509_SAN_DNS;
        else if (strcmp(s, "x509_hash") == 0)
            prefix = VS_PREFIX_X509_HASH;
        else if (strcmp(s, "redirect_uri") == 0)
            prefix = VS_PREFIX_REDIRECT_URI;
        else {
            svc_response_error(res, 400, "invalid_request",
                               "client_id_prefix: x509_san_dns, x509_hash or redirect_uri");
            goto done;
        }
    }
    if ((o = cJSON_GetObjectItemCaseSensitive(body, "response_mode"))) {
        const char *s = cJSON_IsString(o) ? o->valuestring : "";
        if (strcmp(s, "direct_post") == 0)
            mode = VS_MODE_DIRECT_POST;
        else if (strcmp(s, "direct_post.jwt") == 0)
            mode = VS_MODE_DIRECT_POST_JWT;
        else {
            svc_response_error(res, 400, "invalid_request",
                               "response_mode: direct_post or direct_post.jwt");
            goto done;
        }
    }
    if ((o = cJSON_GetObjectItemCaseSensitive(body, "response_enc"))) {
        enc = cJSON_IsString(o) ? wallet_jwe_enc_from_name(o->valuestring) : WALLET_JWE_ENC_NONE;
        if (enc != WALLET_JWE_ENC_A128GCM && enc != WALLET_JWE_ENC_A256GCM) {
            svc_response_error(res, 400, "invalid_request", "response_enc: A128GCM or A256GCM");
            goto done;
        }
    }
    id = vs_random_id(16);
    state = vs_random_id(24);
    nonce = vs_random_id(24);
    if (!id || !state || !nonce) {
        svc_response_error(res, 500, "server_error", NULL);
        goto done;
    }
    char response_uri[1024], request_uri[1024];
    snprintf(response_uri, sizeof(response_uri), "%s/oid4vp/response/%s", app->public_url, id);
    snprintf(request_uri, sizeof(request_uri), "%s/oid4vp/request/%s", app->public_url, id);
    client_id = vs_client_id(app, prefix, response_uri);
    rec = cJSON_CreateObject();
    int64_t now = vs_now(app);
    cJSON_AddStringToObject(rec, "rp", rp->id);
    cJSON_AddStringToObject(rec, "status", "pending");
    cJSON_AddNumberToObject(rec, "created_at", (double)now);
    cJSON_AddNumberToObject(rec, "expires_at", (double)(now + app->request_ttl));
    cJSON_AddStringToObject(rec, "client_id", client_id);
    cJSON_AddStringToObject(rec, "prefix", vs_prefix_name(prefix));
    cJSON_AddStringToObject(rec, "response_mode", vs_mode_name(mode));
    cJSON_AddStringToObject(rec, "response_uri", response_uri);
    cJSON_AddStringToObject(rec, "nonce", nonce);
    cJSON_AddStringToObject(rec, "state", state);
    if (tp)
        cJSON_AddStringToObject(rec, "template", tp->name);
    cJSON_AddItemToObject(rec, "dcql_query", query);
    query = NULL;
    if (tdata) {
        cJSON_AddItemToObject(rec, "transaction_data", tdata);
        tdata = NULL;
    }
    if (mode == VS_MODE_DIRECT_POST_JWT) {
        /* A fresh ECDH-ES P-256 key per request (OpenID4VP 1.0 §8.3): the
         * private half lives only in the (encrypted) session record. */
        char kid[32];
        char *k = vs_random_id(12);
        snprintf(kid, sizeof(kid), "%s", k ? k : "enc");
        free(k);
        if (wallet_key_generate(ctx, &ek, WALLET_ALG_ES256) != WALLET_OK ||
            wallet_key_set_kid(ctx, ek, kid) != WALLET_OK ||
            wallet_key_to_jwk(ctx, &enc_jwk, ek, WALLET_EXPORT_PRIVATE) != WALLET_OK) {
            svc_response_error(res, 500, "server_error", NULL);
            goto done;
        }
        cJSON_AddItemToObject(rec, "enc_key", cJSON_Parse(enc_jwk));
        cJSON_AddStringToObject(rec, "enc", wallet_jwe_enc_name(enc));
    }
    char *rtext = cJSON_PrintUnformatted(rec);
    /* The record outlives the request by the result TTL, so that a relying
     * party polling late still learns that it expired. */
    svc_err se = rtext ? svc_storage_put(app->st, NULL, "presentation", id, rp->id, rtext,
                                         now + app->request_ttl + app->result_ttl,
                                         SVC_PUT_INSERT)
                       : SVC_ERR_NOMEM;
    if (rtext) {
        wallet_memzero(rtext, strlen(rtext));
        cJSON_free(rtext);
    }
    if (se == SVC_OK) {
        char sv[96];
        snprintf(sv, sizeof(sv), "{\"id\":\"%s\"}", id);
        se = svc_storage_put(app->st, NULL, "vp_state", state, NULL, sv, now + app->request_ttl,
                             SVC_PUT_INSERT);
    }
    if (se != SVC_OK) {
        svc_response_error(res, se == SVC_ERR_BUSY ? 503 : 500, "server_error",
                           "storage unavailable");
        goto done;
    }
    /* Deep link (OpenID4VP 1.0 §5.7: request by reference; openid4vp:// is
     * the custom scheme of §13.1.2 / HAIP for same- and cross-device). */
    if (prefix == VS_PREFIX_REDIRECT_URI)
        deep = by_value_link(app, rec);
    else {
        char *ce = vs_urlencode(client_id), *re = vs_urlencode(request_uri);
        size_t dl = (ce ? strlen(ce) : 0) + (re ? strlen(re) : 0) + 64;
        deep = malloc(dl);
        if (deep && ce && re)
            snprintf(deep, dl, "openid4vp://?client_id=%s&request_uri=%s", ce, re);
        free(ce);
        free(re);
    }
    qr = deep ? qr_data_url(deep) : NULL;
    out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "id", id);
    cJSON_AddStringToObject(out, "status", "pending");
    cJSON_AddStringToObject(out, "client_id", client_id);
    if (prefix != VS_PREFIX_REDIRECT_URI)
        cJSON_AddStringToObject(out, "request_uri", request_uri);
    cJSON_AddStringToObject(out, "deep_link", deep ? deep : "");
    if (qr)
        cJSON_AddStringToObject(out, "qr_png", qr);
    cJSON_AddStringToObject(out, "response_mode", vs_mode_name(mode));
    cJSON_AddNumberToObject(out, "expires_at", (double)(now + app->request_ttl));
    svc_response_json(res, 201, out);
    const char *lv[] = {vs_mode_name(mode)};
    svc_metric_add(app->m_created, lv, 1);
done:
    if (enc_jwk) {
        wallet_memzero(enc_jwk, strlen(enc_jwk));
        wallet_free(enc_jwk);
    }
    wallet_key_free(ek);
    wallet_free(norm);
    wallet_dcql_free(parsed);
    wallet_ctx_free(ctx);
    cJSON_Delete(body);
    cJSON_Delete(query);
    cJSON_Delete(rec);
    cJSON_Delete(tdata);
    cJSON_Delete(out);
    cJSON_free(text);
    free(id);
    free(state);
    free(nonce);
    free(client_id);
    free(deep);
    free(qr);
}

/* The relying party's view of a session: never the nonce, state or keys. */
cJSON *vs_public_view(const char *id, const cJSON *rec)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", id);
    static const char *const keep[] = {"status", "created_at", "expires_at", "completed_at",
                                       "template", "client_id", "response_mode",
                                       "transaction_data", "credentials", "error",
                                       "error_description"};
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, keep[i]);
        if (v)
            cJSON_AddItemToObject(o, keep[i], cJSON_Duplicate(v, 1));
    }
    return o;
}

void vs_h_get(void *user, const svc_request *req, svc_response *res)
{
    vs_app *app = user;
    const vs_rp *rp = caller(app, req);
    const char *id = svc_request_param(req, "id");
    svc_record r;
    if (!rp) {
        svc_response_error(res, 403, "access_denied", "not a registered relying party");
        return;
    }
    svc_err e = svc_storage_get(app->st, NULL, &r, "presentation", id);
    if (e == SVC_ERR_NOT_FOUND || e == SVC_ERR_EXPIRED || e == SVC_ERR_INVALID_ARG ||
        (e == SVC_OK && (!r.ref || strcmp(r.ref, rp->id) != 0))) {
        if (e == SVC_OK)
            svc_record_clear(&r);
        /* Another relying party's session is as absent as an unknown one. */
        svc_response_error(res, 404, "not_found", "no such presentation");
        return;
    }
    if (e != SVC_OK) {
        svc_response_error(res, 503, "server_error", "storage unavailable");
        return;
    }
    cJSON *rec = cJSON_Parse(r.value);
    wallet_memzero(r.value, r.value_len);
    svc_record_clear(&r);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(rec, "status");
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(rec, "expires_at");
    if (rec && cJSON_IsString(st) && strcmp(st->valuestring, "pending") == 0 &&
        cJSON_IsNumber(ex) && vs_now(app) > (int64_t)ex->valuedouble) {
        cJSON_ReplaceItemInObjectCaseSensitive(rec, "status", cJSON_CreateString("failed"));
        cJSON_AddStringToObject(rec, "error", "expired");
        cJSON_AddStringToObject(rec, "error_description",
                                "the wallet did not answer before the request expired");
    }
    cJSON *o = rec ? vs_public_view(id, rec) : NULL;
    if (o)
        svc_response_json(res, 200, o);
    else
        svc_response_error(res, 500, "server_error", NULL);
    cJSON_Delete(o);
    cJSON_Delete(rec);
}
