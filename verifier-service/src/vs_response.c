/*
 * The response endpoint (OpenID4VP 1.0 §8.2 direct_post, §8.3.1
 * direct_post.jwt):
 *
 *   POST /oid4vp/response/{id}   application/x-www-form-urlencoded
 *       direct_post:      vp_token=<JSON object>&state=...   (or error=...&state=...)
 *       direct_post.jwt:  response=<JWE, ECDH-ES to the request's key>
 *
 * Order of checks — nothing is recorded until the response is proven to
 * belong to this request, and a request is answered once:
 *   1. the session exists, is pending and not expired (else 400, nothing
 *      recorded);
 *   2. the body has the shape of the request's response mode; for
 *      direct_post.jwt it decrypts under the request's own key with the
 *      "enc" it announced;
 *   3. "state" equals the request's (constant time): a response for
 *      another request is refused without touching either session;
 *   4. the state is taken from storage (single use): of two concurrent or
 *      replayed responses only the first goes on;
 *   5. every presentation is verified (issuer signature and trust, holder
 *      binding to this request: KB-JWT "aud" = client_id and "nonce" for
 *      dc+sd-jwt, the OpenID4VP handover SessionTranscript for mso_mdoc,
 *      transaction_data_hashes, status), then the DCQL query must be
 *      satisfied by what verified, and only the requested claims are kept;
 *   6. the session becomes "verified" or "failed" with the reason.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs.h"

#define VS_MAX_PRESENTATIONS 16

typedef struct vpres {
    char cand_id[96];
    const char *qid;
    size_t qindex;
    wallet_result *res;
} vpres;

typedef struct outcome {
    char code[48];
    char desc[512];
} outcome;

static int failf(outcome *o, const char *code, const char *fmt, ...) SVC_PRINTF(3, 4);
static int failf(outcome *o, const char *code, const char *fmt, ...)
{
    va_list ap;
    snprintf(o->code, sizeof(o->code), "%s", code);
    va_start(ap, fmt);
    vsnprintf(o->desc, sizeof(o->desc), fmt, ap);
    va_end(ap);
    return -1;
}

/* Transaction data strings (as sent) bound to credential query `qid`, and
 * the union of their allowed hash algorithms. */
static size_t td_for(const cJSON *rec, const char *qid, const char **tds, size_t max,
                     const char **algs, size_t *nalgs)
{
    size_t n = 0;
    *nalgs = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rec, "transaction_data"))
    {
        wallet_ctx *ctx = vs_ctx(NULL);
        uint8_t *dec = NULL;
        size_t dl = 0;
        if (!ctx || wallet_b64url_decode(ctx, &dec, &dl, t->valuestring,
                                         strlen(t->valuestring)) != WALLET_OK) {
            wallet_ctx_free(ctx);
            continue;
        }
        cJSON *o = cJSON_ParseWithLength((const char *)dec, dl);
        wallet_free(dec);
        wallet_ctx_free(ctx);
        const cJSON *id;
        int mine = 0;
        cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(o, "credential_ids"))
        {
            if (cJSON_IsString(id) && strcmp(id->valuestring, qid) == 0)
                mine = 1;
        }
        if (mine && n < max) {
            tds[n++] = t->valuestring;
            const cJSON *a;
            cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(o, "transaction_data_hashes_alg"))
            {
                static const char *const known[] = {"sha-256", "sha-384", "sha-512"};
                for (size_t k = 0; k < 3; k++) {
                    if (!cJSON_IsString(a) || strcmp(a->valuestring, known[k]) != 0)
                        continue;
                    size_t m = 0;
                    while (m < *nalgs && strcmp(algs[m], known[k]) != 0)
                        m++;
                    if (m == *nalgs && *nalgs < 3)
                        algs[(*nalgs)++] = known[k];
                }
            }
        }
        cJSON_Delete(o);
    }
    return n;
}

static wallet_err base_policy(const vs_app *app, wallet_ctx *ctx, wallet_policy *p)
{
    wallet_err e = WALLET_OK;
    if (app->status_cache)
        e = wallet_policy_set_status_cache(ctx, p, app->status_cache);
    if (!e && app->status_snapshot)
        e = wallet_policy_set_status_snapshot(ctx, p, app->status_snapshot, app->status_max_age);
    if (!e && app->require_status)
        e = wallet_policy_require_status(ctx, p, 1);
    if (!e)
        e = wallet_policy_require_holder_binding(ctx, p, 1);
    return e;
}

/* Verify one presentation under the rules of its credential query. */
static int verify_one(const vs_app *app, wallet_ctx *ctx, const cJSON *rec,
                      const wallet_dcql *q, vpres *vp, const char *text,
                      const uint8_t *transcript, size_t tlen, outcome *out)
{
    wallet_policy *p = NULL;
    wallet_err e = wallet_policy_new(ctx, &p);
    const char *client_id = cJSON_GetObjectItemCaseSensitive(rec, "client_id")->valuestring;
    const char *nonce = cJSON_GetObjectItemCaseSensitive(rec, "nonce")->valuestring;
    wallet_dcql_format f = wallet_dcql_credential_format(q, vp->qindex);
    if (!e)
        e = base_policy(app, ctx, p);
    if (!e && f == WALLET_DCQL_FORMAT_SD_JWT) {
        const char *tds[8], *algs[3];
        size_t nalgs = 0;
        size_t ntd = td_for(rec, vp->qid, tds, 8, algs, &nalgs);
        e = wallet_policy_set_audience(ctx, p, client_id);
        if (!e)
            e = wallet_policy_set_nonce(ctx, p, nonce);
        if (!e && ntd)
            e = wallet_policy_set_transaction_data(ctx, p, tds, ntd, nalgs ? algs : NULL, nalgs);
        if (!e)
            e = wallet_sdjwt_verify(ctx, &vp->res, app->trust, p, text, strlen(text));
    } else if (!e && f == WALLET_DCQL_FORMAT_MDOC) {
        e = wallet_policy_set_session_transcript(ctx, p, transcript, tlen);
        if (!e)
            e = wallet_policy_set_doctype(ctx, p, wallet_dcql_credential_type(q, vp->qindex, 0));
        if (!e)
            e = wallet_verify(ctx, &vp->res, app->trust, p, (const uint8_t *)text, strlen(text));
    } else if (!e) {
        e = WALLET_ERR_UNSUPPORTED;
    }
    wallet_policy_free(p);
    if (e != WALLET_OK) {
        const char *detail = vp->res ? wallet_result_detail(vp->res) : wallet_ctx_errmsg(ctx);
        return failf(out, wallet_err_str(e), "credential '%s': %s%s%s", vp->qid,
                     wallet_err_str(e), detail && detail[0] ? ": " : "", detail ? detail : "");
    }
    const char *fmt = wallet_result_format(vp->res);
    const char *want = f == WALLET_DCQL_FORMAT_SD_JWT ? "dc+sd-jwt" : "mso_mdoc";
    if (!fmt || strcmp(fmt, want) != 0)
        return failf(out, "invalid_presentation", "credential '%s': not a %s presentation",
                     vp->qid, want);
    if (f == WALLET_DCQL_FORMAT_MDOC) {
        /* An IssuerSigned alone proves nothing about the holder: device
         * authentication over this request's SessionTranscript is required. */
        const char *ha = wallet_result_holder_auth(vp->res);
        if (!ha || strcmp(ha, "none") == 0)
            return failf(out, "holder_binding",
                         "credential '%s': no device authentication (a DeviceResponse is "
                         "required)",
                         vp->qid);
    }
    return 0;
}

/* The mdoc SessionTranscript of this request (OpenID4VP 1.0 §B.2.6.1). */
static int transcript_of(wallet_ctx *ctx, const cJSON *rec, const wallet_key *ek,
                         uint8_t **t, size_t *tl)
{
    uint8_t jkt[32];
    if (ek && wallet_key_thumbprint(ctx, jkt, ek) != WALLET_OK)
        return -1;
    return wallet_mdoc_transcript_oid4vp(
               ctx, t, tl, cJSON_GetObjectItemCaseSensitive(rec, "client_id")->valuestring,
               cJSON_GetObjectItemCaseSensitive(rec, "nonce")->valuestring, ek ? jkt : NULL,
               cJSON_GetObjectItemCaseSensitive(rec, "response_uri")->valuestring) == WALLET_OK
               ? 0
               : -1;
}

static cJSON *credential_json(const vpres *vp, const wallet_dcql_result *dr, size_t i, size_t j)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "query_id", vp->qid);
    cJSON_AddStringToObject(c, "format", wallet_result_format(vp->res));
    if (wallet_result_type(vp->res))
        cJSON_AddStringToObject(c, "type", wallet_result_type(vp->res));
    if (wallet_result_issuer(vp->res))
        cJSON_AddStringToObject(c, "issuer", wallet_result_issuer(vp->res));
    /* Only what the query asked for (paths chosen by the DCQL match). */
    cJSON *paths = cJSON_CreateArray();
    for (size_t k = 0; k < wallet_dcql_result_claim_count(dr, i, j); k++)
        cJSON_AddItemToArray(paths, cJSON_Parse(wallet_dcql_result_claim_path_json(dr, i, j, k)));
    cJSON *all = cJSON_Parse(wallet_result_claims_json(vp->res));
    cJSON *kept = vs_claims_filter(all, paths);
    cJSON_AddItemToObject(c, "claims", kept ? kept : cJSON_CreateObject());
    cJSON_Delete(all);
    cJSON_Delete(paths);
    int st = wallet_result_status(vp->res);
    cJSON_AddStringToObject(c, "status", st < 0 ? "not_checked" : wallet_status_name((unsigned)st));
    if (wallet_result_holder_auth(vp->res))
        cJSON_AddStringToObject(c, "holder_auth", wallet_result_holder_auth(vp->res));
    else
        cJSON_AddStringToObject(c, "holder_auth", "key_binding_jwt");
    if (wallet_result_valid_until(vp->res))
        cJSON_AddNumberToObject(c, "valid_until", (double)wallet_result_valid_until(vp->res));
    return c;
}

/* Steps 5: verify a vp_token against the session. On success *creds is
 * the array to record. */
static int verify_vp_token(const vs_app *app, const cJSON *rec, const cJSON *vp_token,
                           const wallet_key *ek, cJSON **creds, outcome *out)
{
    int rc = -1;
    wallet_ctx *ctx = vs_ctx(app);
    wallet_dcql *q = NULL;
    wallet_dcql_candidates *cands = NULL;
    wallet_dcql_result *dr = NULL;
    vpres vps[VS_MAX_PRESENTATIONS];
    size_t nvp = 0;
    uint8_t *tr = NULL;
    size_t trl = 0;
    char *qtext = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(rec, "dcql_query"));
    memset(vps, 0, sizeof(vps));
    *creds = NULL;
    if (!ctx || !qtext || wallet_dcql_parse(ctx, &q, qtext, strlen(qtext)) != WALLET_OK) {
        failf(out, "server_error", "the stored query does not parse");
        goto done;
    }
    if (!cJSON_IsObject(vp_token) || cJSON_GetArraySize(vp_token) < 1) {
        failf(out, "invalid_request", "vp_token: expected a non-empty JSON object");
        goto done;
    }
    /* Collect the presentations of requested credential queries; anything
     * else the wallet sent is not verified and not passed on. */
    const cJSON *entry;
    cJSON_ArrayForEach(entry, vp_token)
    {
        size_t qi = 0, nq = wallet_dcql_credential_count(q);
        while (qi < nq && strcmp(wallet_dcql_credential_id(q, qi), entry->string) != 0)
            qi++;
        if (qi == nq)
            continue;
        if (!cJSON_IsArray(entry) || cJSON_GetArraySize(entry) < 1) {
            failf(out, "invalid_request",
                  "vp_token.%s: expected a non-empty array of presentations", entry->string);
            goto done;
        }
        if (cJSON_GetArraySize(entry) > 1 && wallet_dcql_credential_multiple(q, qi) != 1) {
            failf(out, "invalid_request",
                  "vp_token.%s: several presentations for a query without \"multiple\"",
                  entry->string);
            goto done;
        }
        const cJSON *pres;
        size_t k = 0;
        cJSON_ArrayForEach(pres, entry)
        {
            if (!cJSON_IsString(pres)) {
                failf(out, "invalid_request", "vp_token.%s: presentations are strings",
                      entry->string);
                goto done;
            }
            if (nvp == VS_MAX_PRESENTATIONS) {
                failf(out, "invalid_request", "vp_token: more than %d presentations",
                      VS_MAX_PRESENTATIONS);
                goto done;
            }
            vpres *vp = &vps[nvp++];
            vp->qid = wallet_dcql_credential_id(q, qi);
            vp->qindex = qi;
            snprintf(vp->cand_id, sizeof(vp->cand_id), "%s#%zu", vp->qid, k++);
            if (wallet_dcql_credential_format(q, qi) == WALLET_DCQL_FORMAT_MDOC && !tr &&
                transcript_of(ctx, rec, ek, &tr, &trl) < 0) {
                failf(out, "server_error", "cannot compute the SessionTranscript");
                goto done;
            }
            if (verify_one(app, ctx, rec, q, vp, pres->valuestring, tr, trl, out) < 0)
                goto done;
        }
    }
    if (nvp == 0) {
        failf(out, "invalid_request", "vp_token: no presentation for any requested credential");
        goto done;
    }
    /* The DCQL query over what verified (OpenID4VP 1.0 §6.4). */
    if (wallet_dcql_candidates_new(ctx, &cands) != WALLET_OK)
        goto oom;
    for (size_t v = 0; v < nvp; v++) {
        wallet_err e = wallet_dcql_candidates_add(
            ctx, cands, vps[v].cand_id, wallet_dcql_credential_format(q, vps[v].qindex),
            wallet_result_type(vps[v].res) ? wallet_result_type(vps[v].res) : "",
            wallet_result_claims_json(vps[v].res), strlen(wallet_result_claims_json(vps[v].res)),
            WALLET_DCQL_HOLDER_BINDING);
        if (e != WALLET_OK) {
            failf(out, "invalid_presentation", "credential '%s': %s", vps[v].qid,
                  wallet_err_str(e));
            goto done;
        }
    }
    if (wallet_dcql_match(ctx, &dr, q, cands) != WALLET_OK)
        goto oom;
    /* Each presentation must satisfy the query it was sent for. */
    for (size_t v = 0; v < nvp; v++) {
        size_t i = vps[v].qindex, j = 0, nm = wallet_dcql_result_match_count(dr, i);
        while (j < nm && strcmp(wallet_dcql_result_match_candidate(dr, i, j), vps[v].cand_id) != 0)
            j++;
        if (j == nm) {
            failf(out, "query_not_satisfied",
                  "credential '%s' does not satisfy its query: a requested claim is missing or "
                  "has another value, or the type differs",
                  vps[v].qid);
            goto done;
        }
    }
    if (wallet_dcql_result_check(ctx, dr) != WALLET_OK) {
        failf(out, "query_not_satisfied", "%s", wallet_ctx_errmsg(ctx));
        goto done;
    }
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < wallet_dcql_result_query_count(dr); i++) {
        size_t sel = wallet_dcql_result_selected_count(dr, i);
        for (size_t j = 0; j < sel; j++) {
            const char *cid = wallet_dcql_result_match_candidate(dr, i, j);
            for (size_t v = 0; v < nvp; v++)
                if (strcmp(vps[v].cand_id, cid) == 0)
                    cJSON_AddItemToArray(arr, credential_json(&vps[v], dr, i, j));
        }
    }
    *creds = arr;
    rc = 0;
    goto done;
oom:
    failf(out, "server_error", "out of memory");
done:
    for (size_t v = 0; v < nvp; v++)
        wallet_result_free(vps[v].res);
    wallet_dcql_result_free(dr);
    wallet_dcql_candidates_free(cands);
    wallet_dcql_free(q);
    wallet_free(tr);
    cJSON_free(qtext);
    wallet_ctx_free(ctx);
    return rc;
}

static void reply_error(svc_response *res, const char *code, const char *desc)
{
    svc_response_error(res, 400, code, desc);
}

static int starts_with_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char a = *s, b = *p;
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

void vs_h_response(void *user, const svc_request *req, svc_response *res)
{
    vs_app *app = user;
    const char *id = svc_request_param(req, "id");
    const char *ct = svc_request_header(req, "Content-Type");
    size_t blen = 0;
    const char *body = (const char *)svc_request_body(req, &blen);
    svc_record r;
    cJSON *rec = NULL, *params = NULL, *creds = NULL;
    char *state = NULL, *vp_text = NULL, *response = NULL, *werr = NULL, *wdesc = NULL;
    wallet_key *ek = NULL;
    wallet_ctx *ctx = NULL;
    outcome oc = {"", ""};
    int dup = 0, bad = 0;

    if (!ct || !starts_with_ci(ct, "application/x-www-form-urlencoded")) {
        reply_error(res, "invalid_request",
                    "the response must be application/x-www-form-urlencoded");
        return;
    }
    svc_err e = svc_storage_get(app->st, NULL, &r, "presentation", id);
    if (e != SVC_OK) {
        reply_error(res, "invalid_request", "unknown or expired request");
        return;
    }
    rec = cJSON_Parse(r.value);
    wallet_memzero(r.value, r.value_len);
    char *rp_id = vs_strdup(r.ref);
    svc_record_clear(&r);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(rec, "status");
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(rec, "expires_at");
    const cJSON *mode = cJSON_GetObjectItemCaseSensitive(rec, "response_mode");
    if (!cJSON_IsString(st) || !cJSON_IsString(mode) || !cJSON_IsNumber(ex)) {
        svc_response_error(res, 500, "server_error", NULL);
        goto done;
    }
    if (strcmp(st->valuestring, "pending") != 0) {
        reply_error(res, "invalid_request", "the request was already answered");
        goto done;
    }
    if (vs_now(app) > (int64_t)ex->valuedouble) {
        reply_error(res, "invalid_request", "the request has expired");
        goto done;
    }
    ctx = vs_ctx(app);
    if (!ctx)
        goto oom;
    if (strcmp(mode->valuestring, "direct_post.jwt") == 0) {
        response = vs_form_get(body, blen, "response", &dup, &bad);
        if (!response || dup || bad) {
            reply_error(res, "invalid_request",
                        "direct_post.jwt: expected exactly one \"response\" parameter (a JWE)");
            goto done;
        }
        char *jwk = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(rec, "enc_key"));
        wallet_err we = jwk ? wallet_key_from_jwk(ctx, &ek, jwk, strlen(jwk)) : WALLET_ERR_NOMEM;
        if (jwk) {
            wallet_memzero(jwk, strlen(jwk));
            cJSON_free(jwk);
        }
        if (we != WALLET_OK)
            goto oom;
        const cJSON *enc = cJSON_GetObjectItemCaseSensitive(rec, "enc");
        wallet_jwe_enc en = wallet_jwe_enc_from_name(cJSON_IsString(enc) ? enc->valuestring : "");
        uint8_t *pt = NULL;
        size_t ptl = 0;
        we = wallet_jwe_decrypt_compact(ctx, &pt, &ptl, ek, response, strlen(response),
                                        WALLET_JWE_ENCSET(en));
        if (we != WALLET_OK) {
            svc_response_errorf(res, 400, "invalid_request",
                                "the response does not decrypt under this request's key: %s",
                                wallet_err_str(we));
            goto done;
        }
        params = cJSON_ParseWithLength((const char *)pt, ptl);
        wallet_memzero(pt, ptl);
        wallet_free(pt);
        if (!cJSON_IsObject(params)) {
            reply_error(res, "invalid_request", "the decrypted response is not a JSON object");
            goto done;
        }
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(params, "state");
        state = cJSON_IsString(s) ? strdup(s->valuestring) : NULL;
        const cJSON *er = cJSON_GetObjectItemCaseSensitive(params, "error");
        if (cJSON_IsString(er)) {
            werr = strdup(er->valuestring);
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(params, "error_description");
            wdesc = cJSON_IsString(d) ? strdup(d->valuestring) : NULL;
        }
    } else {
        /* direct_post: the parameters in the form itself. */
        int d2 = 0, b2 = 0, d3 = 0, b3 = 0;
        char *enc_resp = vs_form_get(body, blen, "response", &d3, &b3);
        if (enc_resp || d3) {
            free(enc_resp);
            reply_error(res, "invalid_request",
                        "this request asked for direct_post, not direct_post.jwt");
            goto done;
        }
        state = vs_form_get(body, blen, "state", &dup, &bad);
        vp_text = vs_form_get(body, blen, "vp_token", &d2, &b2);
        werr = vs_form_get(body, blen, "error", &d3, &b3);
        if (werr)
            wdesc = vs_form_get(body, blen, "error_description", &d3, &b3);
        if (dup || bad || d2 || b2) {
            reply_error(res, "invalid_request", "malformed form body (repeated or bad escapes)");
            goto done;
        }
    }
    /* Step 3: the response must name this request's state. */
    const cJSON *mystate = cJSON_GetObjectItemCaseSensitive(rec, "state");
    if (!state || !cJSON_IsString(mystate) || !vs_str_eq_ct(state, mystate->valuestring)) {
        reply_error(res, "invalid_request", "state does not belong to this request");
        goto done;
    }
    /* Step 4: single use. */
    svc_record sr;
    e = svc_storage_take(app->st, NULL, &sr, "vp_state", state);
    if (e != SVC_OK) {
        reply_error(res, "invalid_request", "state already used (replayed response)");
        goto done;
    }
    svc_record_clear(&sr);

    int ok = 0;
    if (werr) {
        snprintf(oc.code, sizeof(oc.code), "wallet_error");
        snprintf(oc.desc, sizeof(oc.desc), "the wallet answered %.64s%s%.200s", werr,
                 wdesc ? ": " : "", wdesc ? wdesc : "");
    } else {
        cJSON *vp = NULL;
        if (params) {
            vp = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(params, "vp_token"), 1);
        } else if (vp_text) {
            vp = cJSON_Parse(vp_text);
        }
        if (!vp)
            failf(&oc, "invalid_request", "vp_token: missing or not JSON");
        else
            ok = verify_vp_token(app, rec, vp, ek, &creds, &oc) == 0;
        cJSON_Delete(vp);
    }
    /* Step 6: record the outcome; the key and secrets are no longer needed. */
    int64_t now = vs_now(app);
    cJSON_DeleteItemFromObjectCaseSensitive(rec, "enc_key");
    cJSON_ReplaceItemInObjectCaseSensitive(rec, "status",
                                           cJSON_CreateString(ok ? "verified" : "failed"));
    cJSON_AddNumberToObject(rec, "completed_at", (double)now);
    if (ok) {
        cJSON_AddItemToObject(rec, "credentials", creds);
        creds = NULL;
    } else {
        cJSON_AddStringToObject(rec, "error", oc.code);
        cJSON_AddStringToObject(rec, "error_description", oc.desc);
    }
    char *text = cJSON_PrintUnformatted(rec);
    e = text ? svc_storage_put(app->st, NULL, "presentation", id, rp_id, text,
                               now + app->result_ttl, SVC_PUT_UPDATE)
             : SVC_ERR_NOMEM;
    cJSON_free(text);
    const char *lv[] = {ok ? "verified" : "failed"};
    svc_metric_add(app->m_responses, lv, 1);
    if (e != SVC_OK) {
        svc_response_error(res, 503, "server_error", "storage unavailable");
        goto done;
    }
    const vs_rp *rp = vs_rp_find(app, rp_id);
    if (rp && rp->callback_url) {
        cJSON *view = vs_public_view(id, rec);
        char *vt = view ? cJSON_PrintUnformatted(view) : NULL;
        if (vt)
            vs_callback_send(app, rp->callback_url, vt);
        cJSON_free(vt);
        cJSON_Delete(view);
    }
    if (ok) {
        svc_response_json_text(res, 200, "{}", 2);
    } else if (werr) {
        svc_response_json_text(res, 200, "{}", 2); /* the wallet's own refusal, received */
    } else {
        svc_response_error(res, 400, strcmp(oc.code, "invalid_request") == 0
                                         ? "invalid_request"
                                         : "invalid_presentation",
                           oc.desc);
    }
    goto done;
oom:
    svc_response_error(res, 500, "server_error", NULL);
done:
    cJSON_Delete(rec);
    cJSON_Delete(params);
    cJSON_Delete(creds);
    free(rp_id);
    free(state);
    free(vp_text);
    free(response);
    free(werr);
    free(wdesc);
    wallet_key_free(ek);
    wallet_ctx_free(ctx);
}
