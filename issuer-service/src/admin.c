/*
 * The agency API (bearer API keys, svc/apikey.h; scopes = credential
 * configuration ids an agency may issue, "hc1" for health certificates):
 *
 *   POST /admin/offers                          offer for a citizen record
 *   GET  /admin/offers/{id}                     its state (no code, no claims)
 *   POST /admin/credentials/{id}/revoke         status list entry → 1 (final)
 *   POST /admin/credentials/{id}/suspend        → 2
 *   POST /admin/credentials/{id}/reinstate      → 0
 *   POST /admin/records/{id}/hc1                an HC1 health certificate + QR
 *   GET  /admin/records/{id}/issued             the audit of a record
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <svc/response.h>

#include "issuer.h"

static int id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return 0;
    return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static const char *key_id(const svc_request *req)
{
    const svc_apikey *k = svc_request_apikey(req);
    return k ? svc_apikey_id(k) : "";
}

static void h_create_offer(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    const svc_apikey *key = svc_request_apikey(req);
    cJSON *body = iss_json_body(req);
    cJSON *offer = NULL;
    char *oid = NULL, *code = NULL, *txt = NULL, *uri = NULL, *enc = NULL, *b64 = NULL;
    uint8_t *png = NULL;
    size_t png_len = 0;
    char tx[16] = "";
    svc_txn *txn = NULL;
    char err[256];
    if (!body) {
        iss_error(is, res, "admin_offer", 400, "invalid_request", "the body must be a JSON object");
        goto out;
    }
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(body, "record_id");
    const cJSON *creds = cJSON_GetObjectItemCaseSensitive(body, "credentials");
    const cJSON *want_tx = cJSON_GetObjectItemCaseSensitive(body, "tx_code");
    const cJSON *exp_in = cJSON_GetObjectItemCaseSensitive(body, "expires_in");
    if (!cJSON_IsString(rid) || !id_ok(rid->valuestring)) {
        iss_error(is, res, "admin_offer", 400, "invalid_request",
                  "record_id must match [A-Za-z0-9._-]{1,64}");
        goto out;
    }
    int nc = cJSON_GetArraySize(creds);
    if (!cJSON_IsObject(creds) || nc < 1 || nc > 8) {
        iss_error(is, res, "admin_offer", 400, "invalid_request",
                  "credentials must map 1 to 8 credential types to their claims");
        goto out;
    }
    if (want_tx && !cJSON_IsBool(want_tx)) {
        iss_error(is, res, "admin_offer", 400, "invalid_request", "tx_code must be a boolean");
        goto out;
    }
    int64_t ttl = is->offer_ttl;
    if (exp_in) {
        if (!cJSON_IsNumber(exp_in) || exp_in->valuedouble < 1 ||
            exp_in->valuedouble > (double)is->offer_ttl) {
            iss_error(is, res, "admin_offer", 400, "invalid_request",
                      "expires_in must be between 1 and the configured offer lifetime");
            goto out;
        }
        ttl = (int64_t)exp_in->valuedouble;
    }
    const cJSON *c;
    cJSON *types = cJSON_CreateArray();
    cJSON_ArrayForEach(c, creds)
    {
        const iss_type *t = iss_types_find(&is->types, c->string);
        if (!t) {
            cJSON_Delete(types);
            iss_error(is, res, "admin_offer", 400, "invalid_request", "unknown credential type");
            goto out;
        }
        if (!svc_apikey_has_scope(key, t->id)) {
            cJSON_Delete(types);
            iss_error(is, res, "admin_offer", 403, "insufficient_scope",
                      "this agency may not issue this credential type");
            goto out;
        }
        if (iss_type_check_claims(t, c, err, sizeof(err)) != 0) {
            cJSON_Delete(types);
            iss_error(is, res, "admin_offer", 400, "invalid_request", err);
            goto out;
        }
        cJSON_AddItemToArray(types, cJSON_CreateString(t->id));
    }
    oid = iss_random_b64(16);
    code = iss_random_b64(32);
    if (!cJSON_IsFalse(want_tx)) {
        uint8_t r[16];
        if (wallet_random(NULL, r, sizeof(r)) != WALLET_OK) {
            cJSON_Delete(types);
            goto fail;
        }
        for (int64_t i = 0; i < is->tx_code_length; i++)
            tx[i] = (char)('0' + r[i] % 10); /* bias of 256 mod 10 is negligible here */
        tx[is->tx_code_length] = '\0';
        wallet_memzero(r, sizeof(r));
    }
    int64_t now = iss_now(is);
    offer = cJSON_CreateObject();
    cJSON_AddStringToObject(offer, "record_id", rid->valuestring);
    cJSON_AddStringToObject(offer, "agency", key_id(req));
    cJSON_AddItemToObject(offer, "types", types);
    cJSON_AddItemToObject(offer, "claims", cJSON_Duplicate(creds, 1));
    cJSON_AddStringToObject(offer, "code", code ? code : "");
    if (tx[0]) {
        char th[65];
        iss_sha256_hex(th, tx, strlen(tx));
        cJSON_AddStringToObject(offer, "tx_hash", th);
    }
    cJSON_AddNumberToObject(offer, "attempts", 0);
    cJSON_AddStringToObject(offer, "state", "pending");
    cJSON_AddNumberToObject(offer, "created_at", (double)now);
    txt = iss_json_print(offer);
    char ch[65];
    if (!oid || !code || !txt || iss_sha256_hex(ch, code, strlen(code)) != 0)
        goto fail;
    char pc[160];
    snprintf(pc, sizeof(pc), "{\"offer\":\"%s\"}", oid);
    if (svc_storage_begin(is->st, &txn) != SVC_OK ||
        svc_storage_put(is->st, txn, "offer", oid, rid->valuestring, txt, now + ttl,
                        SVC_PUT_INSERT) != SVC_OK ||
        svc_storage_put(is->st, txn, "preauth_code", ch, NULL, pc, now + ttl, SVC_PUT_INSERT) !=
            SVC_OK ||
        svc_storage_commit(txn) != SVC_OK) {
        txn = NULL;
        iss_error(is, res, "admin_offer", 503, "temporarily_unavailable", "storage busy");
        goto out;
    }
    txn = NULL;
    /* By reference (OpenID4VCI 1.0 §4.1.3), so that the QR code stays small. */
    size_t ul = strlen(is->public_url) + strlen(oid) + 32;
    uri = malloc(ul);
    if (!uri)
        goto fail;
    snprintf(uri, ul, "%s/credential-offer/%s", is->public_url, oid);
    enc = iss_urlencode(uri);
    size_t ol = (enc ? strlen(enc) : 0) + 64;
    char *offer_uri = malloc(ol);
    if (!enc || !offer_uri) {
        free(offer_uri);
        goto fail;
    }
    snprintf(offer_uri, ol, "openid-credential-offer://?credential_offer_uri=%s", enc);
    if (wallet_qr_encode_png(NULL, &png, &png_len, (const uint8_t *)offer_uri,
                             strlen(offer_uri), WALLET_QR_ECC_M, 4) != WALLET_OK ||
        !(b64 = iss_b64std(png, png_len))) {
        free(offer_uri);
        goto fail;
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "offer_id", oid);
    cJSON_AddStringToObject(r, "credential_offer_uri", offer_uri);
    cJSON_AddStringToObject(r, "offer_url", uri);
    cJSON_AddStringToObject(r, "qr_png", b64);
    if (tx[0])
        cJSON_AddStringToObject(r, "tx_code", tx);
    cJSON_AddNumberToObject(r, "expires_at", (double)(now + ttl));
    free(offer_uri);
    svc_response_json(res, 201, r);
    cJSON_Delete(r);
    goto out;
fail:
    iss_error(is, res, "admin_offer", 500, "server_error", "the offer could not be made");
out:
    svc_storage_rollback(txn);
    wallet_memzero(tx, sizeof(tx));
    if (code)
        wallet_memzero(code, strlen(code));
    if (txt)
        wallet_memzero(txt, strlen(txt));
    cJSON_Delete(body);
    cJSON_Delete(offer);
    free(oid);
    free(code);
    free(txt);
    free(uri);
    free(enc);
    free(b64);
    wallet_free(png);
}

static int may_see(const svc_request *req, const char *agency)
{
    const svc_apikey *k = svc_request_apikey(req);
    return k && (svc_apikey_has_scope(k, "*") ||
                 (agency && strcmp(svc_apikey_id(k), agency) == 0));
}

static void h_get_offer(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    svc_record rec;
    svc_err e = svc_storage_get(is->st, NULL, &rec, "offer", svc_request_param(req, "id"));
    if (e != SVC_OK) {
        iss_error(is, res, "admin_offer", 404, "not_found",
                  e == SVC_ERR_EXPIRED ? "the offer has expired" : "no such offer");
        return;
    }
    cJSON *o = cJSON_Parse(rec.value);
    int64_t exp = rec.expires_at;
    svc_record_clear(&rec);
    const cJSON *ag = cJSON_GetObjectItemCaseSensitive(o, "agency");
    if (!may_see(req, cJSON_IsString(ag) ? ag->valuestring : NULL)) {
        cJSON_Delete(o);
        iss_error(is, res, "admin_offer", 404, "not_found", "no such offer");
        return;
    }
    cJSON *r = cJSON_CreateObject();
    const char *keep[] = {"record_id", "agency", "types", "attempts", "state", "created_at"};
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        cJSON_AddItemToObject(r, keep[i],
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(o, keep[i]), 1));
    cJSON_AddNumberToObject(r, "expires_at", (double)exp);
    cJSON_Delete(o);
    svc_response_json(res, 200, r);
    cJSON_Delete(r);
}

typedef struct action {
    issuer *is;
    const char *name;   /* revoked / suspended / valid */
    unsigned status;
} action;

static action actions[3] = {{NULL, "revoked", WALLET_STATUS_INVALID},
                            {NULL, "suspended", WALLET_STATUS_SUSPENDED},
                            {NULL, "valid", WALLET_STATUS_VALID}};

static void h_status_change(void *user, const svc_request *req, svc_response *res)
{
    action *a = user;
    issuer *is = a->is;
    const char *id = svc_request_param(req, "id");
    svc_txn *txn = NULL;
    cJSON *o = NULL;
    if (svc_storage_begin(is->st, &txn) != SVC_OK) {
        iss_error(is, res, "admin_status", 503, "temporarily_unavailable", "storage busy");
        return;
    }
    svc_record rec;
    if (svc_storage_get(is->st, txn, &rec, "issued", id) != SVC_OK) {
        iss_error(is, res, "admin_status", 404, "not_found", "no such credential");
        goto out;
    }
    char *ref = iss_strdup(rec.ref);
    o = cJSON_Parse(rec.value);
    svc_record_clear(&rec);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    const cJSON *idx = cJSON_GetObjectItemCaseSensitive(o, "status_idx");
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(o, "status");
    if (!cJSON_IsString(type) || !svc_apikey_has_scope(svc_request_apikey(req), type->valuestring)) {
        free(ref);
        iss_error(is, res, "admin_status", 403, "insufficient_scope",
                  "this agency may not manage this credential type");
        goto out;
    }
    const cJSON *lst = cJSON_GetObjectItemCaseSensitive(o, "status_list");
    iss_status *sl = cJSON_IsString(lst) ? iss_status_find(is, lst->valuestring, NULL) : NULL;
    if (!sl || !cJSON_IsNumber(idx) || !cJSON_IsString(cur)) {
        free(ref);
        iss_error(is, res, "admin_status", 409, "conflict",
                  "this credential has no status list entry kept by this instance");
        goto out;
    }
    if (strcmp(cur->valuestring, "revoked") == 0 && a->status != WALLET_STATUS_INVALID) {
        free(ref);
        iss_error(is, res, "admin_status", 409, "conflict", "a revoked credential stays revoked");
        goto out;
    }
    unsigned old = strcmp(cur->valuestring, "revoked") == 0     ? WALLET_STATUS_INVALID
                   : strcmp(cur->valuestring, "suspended") == 0 ? WALLET_STATUS_SUSPENDED
                                                                 : WALLET_STATUS_VALID;
    cJSON_ReplaceItemInObjectCaseSensitive(o, "status", cJSON_CreateString(a->name));
    cur = NULL; /* freed by the replacement */
    cJSON_AddNumberToObject(o, "status_changed_at", (double)iss_now(is));
    char *txt = iss_json_print(o);
    svc_err e = txt ? svc_storage_put(is->st, txn, "issued", id, ref, txt, 0, SVC_PUT_UPDATE)
                    : SVC_ERR_NOMEM;
    free(txt);
    free(ref);
    uint64_t ix = (uint64_t)idx->valuedouble;
    if (e != SVC_OK || iss_status_set(is, sl, txn, ix, a->status) != 0) {
        iss_error(is, res, "admin_status", 503, "temporarily_unavailable", "storage busy");
        goto out;
    }
    e = svc_storage_commit(txn);
    txn = NULL;
    if (e != SVC_OK) {
        /* the saved list is unchanged: undo the change in memory (no save) */
        (void)iss_status_set(is, sl, NULL, ix, old);
        iss_error(is, res, "admin_status", 503, "temporarily_unavailable", "storage busy");
        goto out;
    }
    const char *labels[1] = {a->name};
    svc_metric_add(is->m_status, labels, 1);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", id);
    cJSON_AddStringToObject(r, "status", a->name);
    cJSON_AddStringToObject(r, "status_list", sl->uri);
    cJSON_AddNumberToObject(r, "status_idx", (double)ix);
    svc_response_json(res, 200, r);
    cJSON_Delete(r);
out:
    svc_storage_rollback(txn);
    cJSON_Delete(o);
}

static void h_hc1(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    const char *rid = svc_request_param(req, "id");
    cJSON *body = iss_json_body(req);
    wallet_ctx *ctx = NULL;
    char *hc1 = NULL, *pt = NULL, *b64 = NULL;
    uint8_t *png = NULL;
    size_t png_len = 0;
    if (!id_ok(rid)) {
        iss_error(is, res, "admin_hc1", 400, "invalid_request", "malformed record id");
        goto out;
    }
    const cJSON *payload = cJSON_GetObjectItemCaseSensitive(body, "payload");
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(body, "valid_days");
    if (!cJSON_IsObject(payload) ||
        (days && (!cJSON_IsNumber(days) || days->valuedouble < 1 || days->valuedouble > 3650))) {
        iss_error(is, res, "admin_hc1", 400, "invalid_request",
                  "expected {\"payload\": {...}, \"valid_days\": 1..3650}");
        goto out;
    }
    int64_t now = iss_now(is);
    int64_t exp = now + (days ? (int64_t)days->valuedouble : 365) * 86400;
    pt = cJSON_PrintUnformatted(payload);
    if (!pt || wallet_ctx_new(&ctx) != WALLET_OK)
        goto fail;
    wallet_ctx_set_time(ctx, now);
    wallet_err we = wallet_hc1_issue(ctx, &hc1, is->hc1_key, is->hc1_cert, NULL, 0,
                                     is->hc1_country, now, exp, pt, strlen(pt));
    if (we != WALLET_OK) {
        /* the detail names the failed check, never a value */
        iss_error(is, res, "admin_hc1", 400, "invalid_request", wallet_ctx_errmsg(ctx));
        goto out;
    }
    if (wallet_qr_encode_png(ctx, &png, &png_len, (const uint8_t *)hc1, strlen(hc1),
                             WALLET_QR_ECC_Q, 4) != WALLET_OK ||
        !(b64 = iss_b64std(png, png_len)))
        goto fail;
    char *r16 = iss_random_b64(16);
    char key[64];
    snprintf(key, sizeof(key), "cr_%s", r16 ? r16 : "");
    free(r16);
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "id", key);
    cJSON_AddStringToObject(a, "record_id", rid);
    cJSON_AddStringToObject(a, "type", "hc1");
    cJSON_AddStringToObject(a, "format", "hc1");
    cJSON_AddStringToObject(a, "agency", key_id(req));
    cJSON_AddNumberToObject(a, "issued_at", (double)now);
    cJSON_AddNumberToObject(a, "expires_at", (double)exp);
    char *at = iss_json_print(a);
    cJSON_Delete(a);
    svc_err e = at ? svc_storage_put(is->st, NULL, "issued", key, rid, at, 0, SVC_PUT_INSERT)
                   : SVC_ERR_NOMEM;
    free(at);
    if (e != SVC_OK) {
        iss_error(is, res, "admin_hc1", 503, "temporarily_unavailable", "storage busy");
        goto out;
    }
    const char *labels[2] = {"hc1", "hc1"};
    svc_metric_add(is->m_issued, labels, 1);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", key);
    cJSON_AddStringToObject(r, "hc1", hc1);
    cJSON_AddStringToObject(r, "qr_png", b64);
    svc_response_json(res, 201, r);
    cJSON_Delete(r);
    goto out;
fail:
    iss_error(is, res, "admin_hc1", 500, "server_error", "the certificate could not be made");
out:
    cJSON_Delete(body);
    wallet_ctx_free(ctx);
    wallet_free(hc1);
    wallet_free(png);
    free(pt);
    free(b64);
}

static void h_audit(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    const char *rid = svc_request_param(req, "id");
    if (!id_ok(rid)) {
        iss_error(is, res, "admin_audit", 400, "invalid_request", "malformed record id");
        return;
    }
    svc_record *recs = NULL;
    size_t n = 0;
    if (svc_storage_list(is->st, NULL, &recs, &n, "issued", rid, 0) != SVC_OK) {
        iss_error(is, res, "admin_audit", 503, "temporarily_unavailable", "storage busy");
        return;
    }
    const svc_apikey *k = svc_request_apikey(req);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "record_id", rid);
    cJSON *arr = cJSON_AddArrayToObject(r, "issued");
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_Parse(recs[i].value);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
        /* an agency sees the credentials of the types it may issue */
        if (cJSON_IsString(t) && svc_apikey_has_scope(k, t->valuestring))
            cJSON_AddItemToArray(arr, o);
        else
            cJSON_Delete(o);
    }
    svc_records_free(recs, n);
    svc_response_json(res, 200, r);
    cJSON_Delete(r);
}

int iss_routes_admin(issuer *is, svc_router *r)
{
    svc_route_opts any = {.group = "admin", .scope = ""};
    svc_route_opts hc = {.group = "admin", .scope = "hc1"};
    for (int i = 0; i < 3; i++)
        actions[i].is = is;
    return svc_router_add(r, "POST", "/admin/offers", h_create_offer, is, &any) == SVC_OK &&
                   svc_router_add(r, "GET", "/admin/offers/{id}", h_get_offer, is, &any) ==
                       SVC_OK &&
                   svc_router_add(r, "POST", "/admin/credentials/{id}/revoke", h_status_change,
                                  &actions[0], &any) == SVC_OK &&
                   svc_router_add(r, "POST", "/admin/credentials/{id}/suspend", h_status_change,
                                  &actions[1], &any) == SVC_OK &&
                   svc_router_add(r, "POST", "/admin/credentials/{id}/reinstate",
                                  h_status_change, &actions[2], &any) == SVC_OK &&
                   svc_router_add(r, "POST", "/admin/records/{id}/hc1", h_hc1, is, &hc) ==
                       SVC_OK &&
                   svc_router_add(r, "GET", "/admin/records/{id}/issued", h_audit, is, &any) ==
                       SVC_OK
               ? 0
               : -1;
}
