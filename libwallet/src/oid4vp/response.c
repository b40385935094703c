/*
 * The Authorization Response (OpenID4VP 1.0 §8): one presentation per
 * selected credential, the vp_token object (§8.1), the direct_post /
 * direct_post.jwt body (§8.2, §8.3), sending it, and the consent log.
 */
#include "../core/pct.h"
#include "../crypto/crypto.h"
#include "../http/http.h"
#include "oid4vp_int.h"
#include "wallet/mdoc.h"
#include "wallet/sdjwt.h"

struct wallet_oid4vp_response {
    char *vp_token;
    char *body;
    char *response_uri;
    char *client_id;
    char *purpose;
    char *consent;       /* consent log claims JSON */
    uint8_t td_hash[32]; /* SHA-256 over the JSON array of transaction data strings */
    int has_td;
    int sent;
};

void wallet_oid4vp_response_free(wallet_oid4vp_response *resp)
{
    if (!resp)
        return;
    /* The vp_token and body hold personal data: wipe before freeing. */
    if (resp->vp_token)
        wl_free_secret(resp->vp_token, strlen(resp->vp_token));
    if (resp->body)
        wl_free_secret(resp->body, strlen(resp->body));
    free(resp->response_uri);
    free(resp->client_id);
    free(resp->purpose);
    free(resp->consent);
    free(resp);
}

const char *wallet_oid4vp_response_vp_token(const wallet_oid4vp_response *resp)
{
    return resp ? resp->vp_token : NULL;
}

const char *wallet_oid4vp_response_body(const wallet_oid4vp_response *resp)
{
    return resp ? resp->body : NULL;
}

/* The transaction data bound to credential query `qid` (§8.4: its
 * credential_ids name the query). */
static size_t td_for_query(const wallet_oid4vp_request *req, const char *qid, const char **out,
                           const char **alg)
{
    size_t n = 0;
    *alg = NULL;
    for (size_t t = 0; t < req->n_td; t++) {
        cJSON *o = cJSON_Parse(req->td_json[t]);
        const cJSON *ids = o ? wl_json_get(o, "credential_ids") : NULL, *id;
        int hit = 0;
        cJSON_ArrayForEach(id, ids)
        {
            if (cJSON_IsString(id) && !strcmp(id->valuestring, qid))
                hit = 1;
        }
        cJSON_Delete(o);
        if (hit) {
            out[n++] = req->td[t];
            if (!*alg)
                *alg = req->td_alg[t];
        }
    }
    return n;
}

static wallet_err present_sdjwt(wallet_ctx *ctx, char **out, const wallet_oid4vp_request *req,
                                const wallet_dcql_result *r, size_t i, size_t j,
                                const uint8_t *raw, size_t raw_len, const wallet_key *key)
{
    size_t n = wallet_dcql_result_claim_count(r, i, j);
    const char **paths = wl_calloc(n ? n : 1, sizeof(char *));
    const char *td[WL_OID4VP_MAX_TRANSACTION_DATA];
    const char *alg = NULL;
    if (!paths)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        if (!(paths[k] = wallet_dcql_result_claim_path(r, i, j, k))) {
            free(paths);
            return wl_err(ctx, WALLET_ERR_DCQL_PATH, "a selected claim path has no SD-JWT form");
        }
    }
    wallet_sdjwt *sd = NULL;
    wallet_err e = wallet_sdjwt_parse(ctx, &sd, (const char *)raw, raw_len);
    size_t n_td = td_for_query(req, wallet_dcql_result_query_id(r, i), td, &alg);
    if (!e && n_td)
        e = key ? wallet_sdjwt_present_with_transaction_data(ctx, out, sd, paths, n, key,
                                                             req->client_id, req->nonce, td,
                                                             n_td, alg, WALLET_SDJWT_COMPACT)
                : wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                         "transaction data needs a holder-bound credential");
    else if (!e)
        /* §B.3.6: the KB-JWT carries aud = client_id and the request nonce. */
        e = wallet_sdjwt_present(ctx, out, sd, paths, n, key, key ? req->client_id : NULL,
                                 key ? req->nonce : NULL, WALLET_SDJWT_COMPACT);
    wallet_sdjwt_free(sd);
    free(paths);
    return e;
}

/* The stored mdoc: IssuerSigned CBOR, or its base64url / hex text. */
static wallet_err mdoc_bytes(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                             const uint8_t *raw, size_t raw_len)
{
    if (raw_len && (raw[0] & 0xe0) == 0xa0) { /* a CBOR map */
        *out = wl_memdup(raw, raw_len);
        *out_len = raw_len;
        return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    size_t n = raw_len;
    while (n && (raw[n - 1] == '\n' || raw[n - 1] == '\r' || raw[n - 1] == ' '))
        n--;
    if (!wl_b64url_decode(ctx, out, out_len, (const char *)raw, n))
        return WALLET_OK;
    if (!wl_hex_decode(ctx, out, out_len, (const char *)raw, n))
        return WALLET_OK;
    return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "stored mdoc is neither CBOR, base64url nor hex");
}

static wallet_err present_mdoc(wallet_ctx *ctx, char **out, const wallet_oid4vp_request *req,
                               const wallet_dcql_result *r, size_t i, size_t j,
                               const uint8_t *raw, size_t raw_len, const wallet_key *key)
{
    if (!key)
        return wl_err(ctx, WALLET_ERR_HOLDER_BINDING, "mdoc without a stored device key");
    size_t n = wallet_dcql_result_claim_count(r, i, j);
    wallet_mdoc_item *items = wl_calloc(n ? n : 1, sizeof(*items));
    cJSON **paths = wl_calloc(n ? n : 1, sizeof(cJSON *));
    uint8_t *st = NULL, *issuer_signed = NULL, *dr = NULL;
    size_t st_len = 0, is_len = 0, dr_len = 0;
    wallet_mdoc_response *resp = NULL;
    wallet_err e = items && paths ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t k = 0; !e && k < n; k++) {
        /* mdoc claims paths are [namespace, element] (§7.2). */
        const char *pj = wallet_dcql_result_claim_path_json(r, i, j, k);
        paths[k] = pj ? cJSON_Parse(pj) : NULL;
        const cJSON *ns = paths[k] ? cJSON_GetArrayItem(paths[k], 0) : NULL;
        const cJSON *el = paths[k] ? cJSON_GetArrayItem(paths[k], 1) : NULL;
        if (!cJSON_IsString(ns) || !cJSON_IsString(el) || cJSON_GetArraySize(paths[k]) != 2) {
            e = wl_err(ctx, WALLET_ERR_DCQL_PATH, "mdoc claim path is not [namespace, element]");
            break;
        }
        items[k].name_space = ns->valuestring;
        items[k].element = el->valuestring;
    }
    /* Appendix B.2.6.1: the handover binds client_id, nonce, the verifier's
     * encryption key (direct_post.jwt) and response_uri. */
    if (!e)
        e = wallet_mdoc_transcript_oid4vp(
            ctx, &st, &st_len, req->client_id, req->nonce,
            req->mode == WALLET_OID4VP_DIRECT_POST_JWT ? req->enc_thumbprint : NULL,
            req->response_uri);
    if (!e)
        e = mdoc_bytes(ctx, &issuer_signed, &is_len, raw, raw_len);
    if (!e)
        e = wallet_mdoc_response_new(ctx, &resp, st, st_len);
    if (!e)
        e = wallet_mdoc_response_add(ctx, resp, issuer_signed, is_len, items, n, key,
                                     WALLET_ALG_NONE, NULL);
    if (!e)
        e = wallet_mdoc_response_encode(ctx, &dr, &dr_len, resp);
    if (!e && !(*out = wl_b64url_encode(dr, dr_len)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t k = 0; paths && k < n; k++)
        cJSON_Delete(paths[k]);
    free(paths);
    free(items);
    free(st);
    free(issuer_signed);
    free(dr);
    wallet_mdoc_response_free(resp);
    return e;
}

/* One presentation of candidate j of query i; adds its consent entry. */
static wallet_err present_one(wallet_ctx *ctx, cJSON *presentations, cJSON *consent,
                              const wallet_oid4vp_request *req, wallet_store *store,
                              const wallet_oid4vp_match *m, size_t i, size_t j)
{
    const wallet_dcql_result *r = wallet_oid4vp_match_result(m);
    const char *cid = wallet_dcql_result_match_candidate(r, i, j);
    const char *format = wl_json_get_string(wl_oid4vp_match_info(m, cid), "format");
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    wallet_key *key = NULL;
    char *pres = NULL;
    wallet_err e = wallet_store_get(ctx, &raw, &raw_len, store, cid);
    if (e)
        return e;
    e = wallet_store_credential_key(ctx, &key, store, cid);
    if (e == WALLET_ERR_NOT_FOUND) {
        /* No holder key: only acceptable when the query waives binding. */
        size_t qi = i;
        e = wallet_dcql_credential_holder_binding(req->dcql, qi) == 0
                ? WALLET_OK
                : wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                         "credential query needs holder binding, credential has no holder key");
    }
    if (!e && format && !strcmp(format, "dc+sd-jwt"))
        e = present_sdjwt(ctx, &pres, req, r, i, j, raw, raw_len, key);
    else if (!e && format && !strcmp(format, "mso_mdoc"))
        e = present_mdoc(ctx, &pres, req, r, i, j, raw, raw_len, key);
    else if (!e)
        e = wl_err(ctx, WALLET_ERR_UNSUPPORTED, "credential format cannot be presented");
    wallet_key_free(key);
    wl_free_secret(raw, raw_len);
    if (e)
        return e;
    cJSON *s = cJSON_CreateString(pres);
    wl_free_secret(pres, strlen(pres));
    if (!s || !cJSON_AddItemToArray(presentations, s)) {
        cJSON_Delete(s);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    cJSON *entry = cJSON_CreateObject(), *paths = NULL;
    int ok = entry && cJSON_AddItemToArray(consent, entry) &&
             cJSON_AddStringToObject(entry, "credential", cid) &&
             (paths = cJSON_AddArrayToObject(entry, "claims"));
    if (!ok && entry && !entry->prev && consent->child != entry)
        cJSON_Delete(entry);
    for (size_t k = 0; ok && k < wallet_dcql_result_claim_count(r, i, j); k++) {
        cJSON *p = cJSON_Parse(wallet_dcql_result_claim_path_json(r, i, j, k));
        ok = p && cJSON_AddItemToArray(paths, p);
        if (!ok)
            cJSON_Delete(p);
    }
    return ok ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

static wallet_err build_body(wallet_ctx *ctx, wallet_oid4vp_response *resp,
                             const wallet_oid4vp_request *req)
{
    wl_buf b;
    wl_buf_init_secret(&b, 0);
    if (req->mode == WALLET_OID4VP_DIRECT_POST) {
        wl_form_append(&b, "vp_token", resp->vp_token);
        if (req->state)
            wl_form_append(&b, "state", req->state);
    } else {
        /* §8.3: the JWE plaintext is the JSON object of the response
         * parameters; state travels inside it. */
        wl_buf pt;
        wl_buf_init_secret(&pt, 0);
        wl_buf_append_str(&pt, "{\"vp_token\":");
        wl_buf_append_str(&pt, resp->vp_token);
        if (req->state) {
            wl_buf_append_str(&pt, ",\"state\":");
            wl_json_append_string(&pt, req->state, strlen(req->state));
        }
        wl_buf_append_byte(&pt, '}');
        if (pt.failed) {
            wl_buf_free_secret(&pt);
            wl_buf_free_secret(&b);
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
        char *jwe = NULL;
        wallet_err e = wallet_jwe_encrypt(ctx, &jwe, req->enc_key, req->enc, NULL, 0, NULL, 0,
                                          NULL, pt.data, pt.len);
        wl_buf_free_secret(&pt);
        if (e) {
            wl_buf_free_secret(&b);
            return e;
        }
        wl_form_append(&b, "response", jwe);
        free(jwe);
    }
    if (b.failed) {
        wl_buf_free_secret(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    size_t len;
    resp->body = (char *)wl_buf_take(&b, &len);
    return WALLET_OK;
}

static wallet_err td_hash(wallet_ctx *ctx, wallet_oid4vp_response *resp,
                          const wallet_oid4vp_request *req)
{
    if (!req->n_td)
        return WALLET_OK;
    cJSON *arr = cJSON_CreateArray();
    for (size_t t = 0; arr && t < req->n_td; t++) {
        cJSON *s = cJSON_CreateString(req->td[t]);
        if (!s || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            cJSON_Delete(arr);
            arr = NULL;
        }
    }
    char *text = arr ? wl_json_print(arr) : NULL;
    cJSON_Delete(arr);
    if (!text)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wl_hash(ctx, WL_SHA256, (const uint8_t *)text, strlen(text), resp->td_hash);
    free(text);
    resp->has_td = !e;
    return e;
}

wallet_err wallet_oid4vp_response_new(wallet_ctx *ctx, wallet_oid4vp_response **out,
                                      const wallet_oid4vp_request *req, wallet_store *store,
                                      const wallet_oid4vp_match *m)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !req || !store || !m)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    const wallet_dcql_result *r = wallet_oid4vp_match_result(m);
    wallet_err e = wallet_dcql_result_check(ctx, r);
    if (e)
        return e;
    wallet_oid4vp_response *resp = wl_calloc(1, sizeof(*resp));
    cJSON *vp = cJSON_CreateObject(), *consent = cJSON_CreateArray();
    if (!resp || !vp || !consent)
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !e && i < wallet_dcql_result_query_count(r); i++) {
        size_t n = wallet_dcql_result_selected_count(r, i);
        if (!n)
            continue;
        cJSON *arr = cJSON_AddArrayToObject(vp, wallet_dcql_result_query_id(r, i));
        if (!arr)
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        for (size_t j = 0; !e && j < n; j++)
            e = present_one(ctx, arr, consent, req, store, m, i, j);
    }
    if (!e && (!(resp->vp_token = wl_json_print(vp)) || !(resp->consent = wl_json_print(consent)) ||
               !(resp->response_uri = wl_strdup(req->response_uri)) ||
               !(resp->client_id = wl_strdup(req->client_id)) ||
               (req->purpose && !(resp->purpose = wl_strdup(req->purpose)))))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    cJSON_Delete(vp);
    cJSON_Delete(consent);
    if (!e)
        e = build_body(ctx, resp, req);
    if (!e)
        e = td_hash(ctx, resp, req);
    if (e) {
        wallet_oid4vp_response_free(resp);
        return e;
    }
    *out = resp;
    return WALLET_OK;
}

wallet_err wallet_oid4vp_response_send(wallet_ctx *ctx, char **reply, wallet_oid4vp_response *resp,
                                       wallet_store *store)
{
    wl_enter(ctx);
    if (reply)
        *reply = NULL;
    if (!resp || !store)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (resp->sent)
        return wl_err(ctx, WALLET_ERR_STATE, "response already sent");
    resp->sent = 1;
    wl_http_response http = {0};
    wallet_err e = wl_http_post(ctx, resp->response_uri, "application/x-www-form-urlencoded",
                                (const uint8_t *)resp->body, strlen(resp->body),
                                "application/json", NULL, &http);
    if (e) {
        wl_http_response_free(&http);
        return e;
    }
    if (http.status >= 400 && http.status < 500)
        e = wl_err(ctx, WALLET_ERR_OID4VP_REJECTED, "verifier refused the response (HTTP %ld)",
                   http.status);
    else if (http.status != 200)
        e = wl_err(ctx, WALLET_ERR_HTTP_STATUS, "response_uri answered HTTP %ld", http.status);
    /* §8.2: the verifier answers 200, with a JSON body that may hold a
     * redirect_uri. Only then did the presentation happen: log it. */
    if (!e)
        e = wallet_store_log_presentation(ctx, NULL, store, resp->client_id, resp->purpose,
                                          resp->consent, resp->has_td ? resp->td_hash : NULL,
                                          resp->has_td ? sizeof(resp->td_hash) : 0);
    if (!e && reply) {
        /* The verifier's reply is untrusted: hand out only a JSON object,
         * re-serialised by the strict parser; anything else becomes {}. */
        cJSON *o = NULL;
        if (http.len && !wl_json_parse_object(ctx, &o, (const char *)http.body, http.len))
            *reply = wl_json_print(o);
        else
            *reply = wl_strdup("{}");
        cJSON_Delete(o);
        wl_enter(ctx); /* a malformed reply is not an error of this call */
        if (!*reply)
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    wl_http_response_free(&http);
    return e;
}
