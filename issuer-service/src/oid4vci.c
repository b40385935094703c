/*
 * OpenID4VCI 1.0 endpoints of the issuer (pre-authorized code flow):
 *
 *   GET  /credential-offer/{id}  the Credential Offer by reference (§4.1.3)
 *   POST /token                  Token Request, pre-authorized code grant (§6)
 *   POST /nonce                  Nonce Endpoint (§7)
 *   POST /credential             Credential Request with JWT proofs (§8, Appendix F.1)
 *
 * Every check that needs no storage runs first; then one storage
 * transaction reads, checks and writes, so a refused request leaves the
 * database as it was — except a wrong tx_code, whose attempt is counted on
 * purpose (§6.3: the attempt limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <svc/response.h>

#include "issuer.h"

#define PREAUTH_GRANT "urn:ietf:params:oauth:grant-type:pre-authorized_code"
#define MAX_PROOF_LEN 8192

/* ---- GET /credential-offer/{id} ------------------------------------------ */

cJSON *iss_offer_object(const issuer *is, const cJSON *offer)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "credential_issuer", is->public_url);
    cJSON_AddItemToObject(o, "credential_configuration_ids",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(offer, "types"), 1));
    cJSON *g = cJSON_AddObjectToObject(o, "grants");
    cJSON *p = cJSON_AddObjectToObject(g, PREAUTH_GRANT);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(offer, "code");
    cJSON_AddStringToObject(p, "pre-authorized_code", cJSON_IsString(code) ? code->valuestring : "");
    if (cJSON_GetObjectItemCaseSensitive(offer, "tx_hash")) {
        cJSON *tx = cJSON_AddObjectToObject(p, "tx_code");
        cJSON_AddStringToObject(tx, "input_mode", "numeric");
        cJSON_AddNumberToObject(tx, "length", (double)is->tx_code_length);
        cJSON_AddStringToObject(tx, "description",
                                "Nhập mã được gửi qua SMS / Enter the code sent by SMS");
    }
    return o;
}

static void h_offer(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    svc_record rec;
    const char *id = svc_request_param(req, "id");
    if (svc_storage_get(is->st, NULL, &rec, "offer", id) != SVC_OK) {
        iss_error(is, res, "credential_offer", 404, "not_found", "no such credential offer");
        return;
    }
    cJSON *offer = cJSON_Parse(rec.value);
    svc_record_clear(&rec);
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(offer, "state");
    if (!cJSON_IsString(state) || strcmp(state->valuestring, "pending") != 0) {
        cJSON_Delete(offer);
        iss_error(is, res, "credential_offer", 404, "not_found",
                  "the credential offer was redeemed or is locked");
        return;
    }
    cJSON *o = iss_offer_object(is, offer);
    cJSON_Delete(offer);
    svc_response_json(res, 200, o);
    cJSON_Delete(o);
}

/* ---- POST /token ----------------------------------------------------------- */

static void h_token(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    const char *ct = svc_request_header(req, "Content-Type");
    /* RFC 6749 §4.1.3 / OpenID4VCI §6.1: a form body (parameters such as
     * "; charset=UTF-8" may follow the media type) */
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 ||
        (ct[33] != '\0' && ct[33] != ';' && ct[33] != ' ')) {
        iss_error(is, res, "token", 400, "invalid_request",
                  "the body must be application/x-www-form-urlencoded");
        return;
    }
    size_t len = 0;
    const char *body = (const char *)svc_request_body(req, &len);
    int d1 = 0, d2 = 0, d3 = 0;
    char *grant = iss_form_get(body, len, "grant_type", &d1);
    char *code = iss_form_get(body, len, "pre-authorized_code", &d2);
    char *tx = iss_form_get(body, len, "tx_code", &d3);
    svc_txn *txn = NULL;
    cJSON *offer = NULL;
    char *tok = NULL;
    if (d1 || d2 || d3) {
        iss_error(is, res, "token", 400, "invalid_request", "a parameter is repeated");
        goto out;
    }
    if (!grant) {
        iss_error(is, res, "token", 400, "invalid_request", "grant_type is missing");
        goto out;
    }
    if (strcmp(grant, PREAUTH_GRANT) != 0) {
        iss_error(is, res, "token", 400, "unsupported_grant_type",
                  "only the pre-authorized code grant is supported");
        goto out;
    }
    if (!code || !code[0]) {
        iss_error(is, res, "token", 400, "invalid_request", "pre-authorized_code is missing");
        goto out;
    }
    char ch[65];
    if (iss_sha256_hex(ch, code, strlen(code)) != 0 ||
        svc_storage_begin(is->st, &txn) != SVC_OK) {
        iss_error(is, res, "token", 503, "temporarily_unavailable", "storage busy");
        goto out;
    }
    svc_record rec;
    svc_err e = svc_storage_get(is->st, txn, &rec, "preauth_code", ch);
    if (e != SVC_OK) {
        iss_error(is, res, "token", 400, "invalid_grant",
                  e == SVC_ERR_EXPIRED ? "the pre-authorized code has expired"
                                       : "the pre-authorized code is not valid");
        goto out;
    }
    cJSON *pc = cJSON_Parse(rec.value);
    svc_record_clear(&rec);
    const cJSON *oid = cJSON_GetObjectItemCaseSensitive(pc, "offer");
    char offer_id[128] = "";
    if (cJSON_IsString(oid) && strlen(oid->valuestring) < sizeof(offer_id))
        memcpy(offer_id, oid->valuestring, strlen(oid->valuestring) + 1);
    cJSON_Delete(pc);
    e = svc_storage_get(is->st, txn, &rec, "offer", offer_id);
    if (e != SVC_OK) {
        iss_error(is, res, "token", 400, "invalid_grant",
                  e == SVC_ERR_EXPIRED ? "the credential offer has expired"
                                       : "the pre-authorized code is not valid");
        goto out;
    }
    int64_t offer_exp = rec.expires_at;
    offer = cJSON_Parse(rec.value);
    svc_record_clear(&rec);
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(offer, "state");
    if (!cJSON_IsString(state) || strcmp(state->valuestring, "pending") != 0) {
        iss_error(is, res, "token", 400, "invalid_grant",
                  cJSON_IsString(state) && strcmp(state->valuestring, "locked") == 0
                      ? "the credential offer is locked after too many wrong tx_code attempts"
                      : "the credential offer was already redeemed");
        goto out;
    }
    const cJSON *txh = cJSON_GetObjectItemCaseSensitive(offer, "tx_hash");
    if (txh && !tx) {
        iss_error(is, res, "token", 400, "invalid_request", "tx_code is required");
        goto out;
    }
    if (!txh && tx) {
        iss_error(is, res, "token", 400, "invalid_request", "this offer has no tx_code");
        goto out;
    }
    if (txh) {
        char th[65];
        iss_sha256_hex(th, tx, strlen(tx));
        uint8_t a[64], b[64];
        memcpy(a, th, 64);
        memcpy(b, cJSON_IsString(txh) && strlen(txh->valuestring) == 64 ? txh->valuestring
                                                                           : "-", 64);
        unsigned diff = 0;
        for (int i = 0; i < 64; i++)
            diff |= (unsigned)(a[i] ^ b[i]);
        if (diff) {
            const cJSON *at = cJSON_GetObjectItemCaseSensitive(offer, "attempts");
            int attempts = (cJSON_IsNumber(at) ? at->valueint : 0) + 1;
            cJSON_ReplaceItemInObjectCaseSensitive(offer, "attempts",
                                                   cJSON_CreateNumber(attempts));
            int locked = attempts >= is->tx_code_attempts;
            if (locked) {
                cJSON_ReplaceItemInObjectCaseSensitive(offer, "state",
                                                       cJSON_CreateString("locked"));
                cJSON_DeleteItemFromObjectCaseSensitive(offer, "claims");
                cJSON_DeleteItemFromObjectCaseSensitive(offer, "code");
            }
            char *txt = iss_json_print(offer);
            svc_err pe = txt ? svc_storage_put(is->st, txn, "offer", offer_id, NULL, txt,
                                               offer_exp, SVC_PUT_UPDATE)
                             : SVC_ERR_NOMEM;
            free(txt);
            if (pe == SVC_OK && locked)
                pe = svc_storage_delete(is->st, txn, "preauth_code", ch);
            if (pe == SVC_OK) {
                pe = svc_storage_commit(txn);
                txn = NULL;
            }
            if (pe != SVC_OK) {
                iss_error(is, res, "token", 503, "temporarily_unavailable", "storage busy");
                goto out;
            }
            iss_error(is, res, "token", 400, "invalid_grant",
                      locked ? "wrong tx_code; the credential offer is now locked"
                             : "wrong tx_code");
            goto out;
        }
    }
    /* Redeem: the code is used up, the offer is done, an access token is made. */
    tok = iss_random_b64(32);
    char th[65];
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "offer", offer_id);
    cJSON_AddItemToObject(t, "record_id", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(offer, "record_id"), 1));
    cJSON_AddItemToObject(t, "agency", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(offer, "agency"), 1));
    cJSON_AddItemToObject(t, "types", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(offer, "types"), 1));
    cJSON_AddItemToObject(t, "claims", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(offer, "claims"), 1));
    cJSON_AddArrayToObject(t, "issued");
    char *ttxt = iss_json_print(t);
    cJSON_Delete(t);
    cJSON_ReplaceItemInObjectCaseSensitive(offer, "state", cJSON_CreateString("redeemed"));
    /* the redeemed offer keeps no personal data and no code: the claims
     * now live in the access token record, for its short lifetime only */
    cJSON_DeleteItemFromObjectCaseSensitive(offer, "claims");
    cJSON_DeleteItemFromObjectCaseSensitive(offer, "code");
    char *otxt = iss_json_print(offer);
    int64_t now = iss_now(is);
    svc_err pe = (!tok || !ttxt || !otxt || iss_sha256_hex(th, tok, strlen(tok)) != 0)
                     ? SVC_ERR_NOMEM
                     : svc_storage_delete(is->st, txn, "preauth_code", ch);
    if (pe == SVC_OK)
        pe = svc_storage_put(is->st, txn, "offer", offer_id, NULL, otxt, offer_exp,
                             SVC_PUT_UPDATE);
    if (pe == SVC_OK)
        pe = svc_storage_put(is->st, txn, "access_token", th, NULL, ttxt, now + is->token_ttl,
                             SVC_PUT_INSERT);
    free(ttxt);
    free(otxt);
    if (pe == SVC_OK) {
        pe = svc_storage_commit(txn);
        txn = NULL;
    }
    if (pe != SVC_OK) {
        iss_error(is, res, "token", 503, "temporarily_unavailable", "storage busy");
        goto out;
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "access_token", tok);
    cJSON_AddStringToObject(r, "token_type", "Bearer");
    cJSON_AddNumberToObject(r, "expires_in", (double)is->token_ttl);
    svc_response_json(res, 200, r);
    cJSON_Delete(r);
out:
    svc_storage_rollback(txn);
    cJSON_Delete(offer);
    if (code)
        wallet_memzero(code, strlen(code));
    if (tx)
        wallet_memzero(tx, strlen(tx));
    if (tok)
        wallet_memzero(tok, strlen(tok));
    free(grant);
    free(code);
    free(tx);
    free(tok);
}

/* ---- POST /nonce ------------------------------------------------------------ */

static void h_nonce(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    (void)req;
    /* Expired offers, codes, tokens and nonces are purged now and then
     * (every 512th nonce), so that personal data does not outlive them. */
    static unsigned long calls;
    if ((__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED) & 511) == 511)
        (void)svc_storage_purge(is->st, NULL);
    char *n = iss_random_b64(32);
    if (!n || svc_storage_put(is->st, NULL, "nonce", n, NULL, "{}",
                              iss_now(is) + is->nonce_ttl, SVC_PUT_INSERT) != SVC_OK) {
        free(n);
        iss_error(is, res, "nonce", 503, "temporarily_unavailable", "storage busy");
        return;
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "c_nonce", n);
    free(n);
    svc_response_json(res, 200, r); /* Cache-Control: no-store (§7.2) is the default */
    cJSON_Delete(r);
}

/* ---- POST /credential -------------------------------------------------------- */

typedef struct proof {
    wallet_key *key;
    char *nonce;
    char jkt[65];
} proof;

/* Check one JWT proof (OpenID4VCI 1.0 Appendix F.1, F.4) up to, but not
 * including, the nonce's freshness (checked in the transaction). Returns
 * NULL or the error code, with a description in desc. */
static const char *check_proof(issuer *is, wallet_ctx *ctx, proof *p, const char *jwt,
                               const char **desc)
{
    wallet_jws *jws = NULL;
    cJSON *h = NULL, *pl = NULL;
    const char *err = "invalid_proof";
    size_t n = strlen(jwt);
    if (n > MAX_PROOF_LEN || n == 0 || jwt[0] == '{') {
        *desc = "a proof must be a compact JWT";
        goto out;
    }
    if (wallet_jws_parse(ctx, &jws, jwt, n) != WALLET_OK) {
        *desc = "the proof is not a well-formed JWT";
        goto out;
    }
    h = cJSON_Parse(wallet_jws_header_json(jws, 0));
    const cJSON *typ = cJSON_GetObjectItemCaseSensitive(h, "typ");
    if (!cJSON_IsString(typ) || strcmp(typ->valuestring, "openid4vci-proof+jwt") != 0) {
        *desc = "proof header typ must be openid4vci-proof+jwt";
        goto out;
    }
    wallet_alg alg = wallet_jws_alg(jws, 0);
    wallet_algset allowed = WALLET_ALGSET(WALLET_ALG_ES256) | WALLET_ALGSET(WALLET_ALG_ES384) |
                            WALLET_ALGSET(WALLET_ALG_ES512) | WALLET_ALGSET(WALLET_ALG_EDDSA);
    if (alg == WALLET_ALG_NONE || !(allowed & WALLET_ALGSET(alg))) {
        *desc = "proof alg is not supported";
        goto out;
    }
    const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(h, "jwk");
    if (cJSON_GetObjectItemCaseSensitive(h, "kid") || cJSON_GetObjectItemCaseSensitive(h, "x5c") ||
        cJSON_GetObjectItemCaseSensitive(h, "key_attestation")) {
        *desc = "only the jwk key binding method is supported";
        goto out;
    }
    if (!cJSON_IsObject(jwk) || cJSON_GetObjectItemCaseSensitive(jwk, "d")) {
        *desc = "proof header needs a public jwk (and no private key)";
        goto out;
    }
    char *jt = cJSON_PrintUnformatted(jwk);
    wallet_err ke = jt ? wallet_key_from_jwk(ctx, &p->key, jt, strlen(jt)) : WALLET_ERR_NOMEM;
    free(jt);
    if (ke != WALLET_OK) {
        *desc = "proof jwk is not a valid public key";
        goto out;
    }
    if (wallet_jws_verify(ctx, jws, p->key, allowed) != WALLET_OK) {
        *desc = "proof signature does not verify with its jwk";
        goto out;
    }
    size_t plen = 0;
    const uint8_t *payload = wallet_jws_payload(jws, &plen);
    pl = payload ? cJSON_ParseWithLength((const char *)payload, plen) : NULL;
    if (!cJSON_IsObject(pl)) {
        *desc = "proof payload is not a JSON object";
        goto out;
    }
    const cJSON *aud = cJSON_GetObjectItemCaseSensitive(pl, "aud");
    int aud_ok = cJSON_IsString(aud) && strcmp(aud->valuestring, is->public_url) == 0;
    if (cJSON_IsArray(aud)) {
        const cJSON *a;
        cJSON_ArrayForEach(a, aud) if (cJSON_IsString(a) &&
                                       strcmp(a->valuestring, is->public_url) == 0) aud_ok = 1;
    }
    if (!aud_ok) {
        *desc = "proof aud is not this credential issuer";
        goto out;
    }
    const cJSON *iat = cJSON_GetObjectItemCaseSensitive(pl, "iat");
    int64_t now = iss_now(is);
    if (!cJSON_IsNumber(iat)) {
        *desc = "proof iat is missing";
        goto out;
    }
    if (iat->valuedouble > (double)(now + 60) ||
        iat->valuedouble < (double)(now - is->proof_max_age - 60)) {
        *desc = "proof iat is outside the accepted window";
        goto out;
    }
    const cJSON *nonce = cJSON_GetObjectItemCaseSensitive(pl, "nonce");
    if (!cJSON_IsString(nonce) || !nonce->valuestring[0] || strlen(nonce->valuestring) > 200) {
        err = "invalid_nonce";
        *desc = "proof nonce is missing: get a c_nonce from the nonce endpoint";
        goto out;
    }
    p->nonce = iss_strdup(nonce->valuestring);
    uint8_t tp[32];
    if (!p->nonce || wallet_key_thumbprint(ctx, tp, p->key) != WALLET_OK) {
        *desc = "proof key";
        goto out;
    }
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        p->jkt[2 * i] = hx[tp[i] >> 4];
        p->jkt[2 * i + 1] = hx[tp[i] & 15];
    }
    p->jkt[64] = '\0';
    err = NULL;
out:
    wallet_jws_free(jws);
    cJSON_Delete(h);
    cJSON_Delete(pl);
    return err;
}

/* mdoc elements: {namespace: {element: value}}, dates as {"$date": ...}. */
static char *mdoc_claims(const iss_type *t, const cJSON *claims)
{
    cJSON *ns = cJSON_CreateObject();
    cJSON *els = cJSON_AddObjectToObject(ns, t->name_space);
    const cJSON *c;
    cJSON_ArrayForEach(c, claims)
    {
        cJSON *v = cJSON_Duplicate(c, 1);
        for (size_t i = 0; i < t->nclaims; i++)
            if (strcmp(t->claims[i].name, c->string) == 0 && t->claims[i].kind == ISS_CLAIM_DATE) {
                cJSON_Delete(v);
                v = cJSON_CreateObject();
                cJSON_AddStringToObject(v, "$date", c->valuestring);
            }
        cJSON_AddItemToObject(els, c->string, v);
    }
    char *txt = cJSON_PrintUnformatted(ns);
    cJSON_Delete(ns);
    return txt;
}

/* Sign one credential for holder key `hk`. */
static char *make_credential(issuer *is, wallet_ctx *ctx, const iss_type *t,
                             const cJSON *claims, const wallet_key *hk, int64_t idx, int64_t now,
                             int64_t exp)
{
    char *out = NULL;
    if (t->format == ISS_FMT_SDJWT) {
        char *ct = cJSON_PrintUnformatted(claims);
        wallet_sdjwt_issuer *b = NULL;
        char *sd = NULL;
        if (ct && wallet_sdjwt_issuer_new(ctx, &b, is->sd_key) == WALLET_OK &&
            wallet_sdjwt_issuer_set_claims(ctx, b, ct, strlen(ct)) == WALLET_OK &&
            wallet_sdjwt_issuer_set_all_disclosable(ctx, b, 1) == WALLET_OK &&
            wallet_sdjwt_issuer_set_issuer(ctx, b, is->public_url) == WALLET_OK &&
            wallet_sdjwt_issuer_set_vct(ctx, b, t->vct) == WALLET_OK &&
            wallet_sdjwt_issuer_set_holder_key(ctx, b, hk) == WALLET_OK &&
            wallet_sdjwt_issuer_set_status(ctx, b, is->status.uri, idx) == WALLET_OK &&
            wallet_sdjwt_issuer_set_validity(ctx, b, now, 0, exp) == WALLET_OK &&
            wallet_sdjwt_issuer_issue(ctx, &sd, b, 0) == WALLET_OK) {
            out = iss_strdup(sd);
        }
        wallet_free(sd);
        wallet_sdjwt_issuer_free(b);
        if (ct) {
            wallet_memzero(ct, strlen(ct));
            free(ct);
        }
        return out;
    }
    char *mc = mdoc_claims(t, claims);
    wallet_mdoc_issuer *b = NULL;
    uint8_t *bin = NULL;
    size_t n = 0;
    const wallet_cert *chain[1] = {is->ds_cert};
    if (mc && wallet_mdoc_issuer_new(ctx, &b, t->doctype) == WALLET_OK &&
        wallet_mdoc_issuer_set_validity(ctx, b, now, now, exp, 0) == WALLET_OK &&
        wallet_mdoc_issuer_set_status(ctx, b, is->status.uri, (uint64_t)idx) == WALLET_OK &&
        wallet_mdoc_issuer_add_claims_json(ctx, b, mc, strlen(mc)) == WALLET_OK &&
        wallet_mdoc_issuer_sign(ctx, &bin, &n, b, hk, is->ds_key, WALLET_ALG_NONE, chain, 1) ==
            WALLET_OK) {
        /* OpenID4VCI 1.0 Appendix A.2.4: base64url of the IssuerSigned CBOR */
        out = iss_b64url(bin, n);
    }
    wallet_free(bin);
    wallet_mdoc_issuer_free(b);
    if (mc) {
        wallet_memzero(mc, strlen(mc));
        free(mc);
    }
    return out;
}

static int bearer(const svc_request *req, char th[65])
{
    const char *a = svc_request_header(req, "Authorization");
    if (!a || strncasecmp(a, "Bearer ", 7) != 0)
        return -1;
    const char *t = a + 7;
    while (*t == ' ')
        t++;
    size_t n = strlen(t);
    if (n == 0 || n > 512)
        return -1;
    return iss_sha256_hex(th, t, n);
}

static void unauthorized(issuer *is, svc_response *res, const char *desc)
{
    svc_response_header(res, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
    iss_error(is, res, "credential", 401, "invalid_token", desc);
}

static void h_credential(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    char th[65];
    proof proofs[64];
    size_t np = 0;
    cJSON *body = NULL, *tokrec = NULL, *resp = NULL;
    svc_txn *txn = NULL;
    wallet_ctx *ctx = NULL;
    char **creds = NULL;
    int64_t *idxs = NULL;
    memset(proofs, 0, sizeof(proofs));
    if (bearer(req, th) != 0) {
        unauthorized(is, res, "a Bearer access token is required");
        return;
    }
    svc_record rec;
    svc_err e = svc_storage_get(is->st, NULL, &rec, "access_token", th);
    if (e != SVC_OK) {
        unauthorized(is, res, e == SVC_ERR_EXPIRED ? "the access token has expired"
                                                   : "the access token is not valid");
        return;
    }
    svc_record_clear(&rec);
    body = iss_json_body(req);
    if (!body) {
        iss_error(is, res, "credential", 400, "invalid_credential_request",
                  "the body must be a JSON object");
        goto out;
    }
    if (cJSON_GetObjectItemCaseSensitive(body, "credential_identifier")) {
        iss_error(is, res, "credential", 400, "unknown_credential_identifier",
                  "this issuer does not use credential identifiers");
        goto out;
    }
    const cJSON *cid = cJSON_GetObjectItemCaseSensitive(body, "credential_configuration_id");
    if (!cJSON_IsString(cid)) {
        iss_error(is, res, "credential", 400, "invalid_credential_request",
                  "credential_configuration_id is required");
        goto out;
    }
    const iss_type *t = iss_types_find(&is->types, cid->valuestring);
    if (!t) {
        iss_error(is, res, "credential", 400, "unknown_credential_configuration",
                  "unknown credential_configuration_id");
        goto out;
    }
    if (cJSON_GetObjectItemCaseSensitive(body, "credential_response_encryption")) {
        iss_error(is, res, "credential", 400, "invalid_encryption_parameters",
                  "credential response encryption is not supported");
        goto out;
    }
    if (cJSON_GetObjectItemCaseSensitive(body, "proof")) {
        iss_error(is, res, "credential", 400, "invalid_credential_request",
                  "\"proof\" is not OpenID4VCI 1.0: send \"proofs\"");
        goto out;
    }
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(body, "proofs");
    const cJSON *jwts = cJSON_GetObjectItemCaseSensitive(pr, "jwt");
    if (!cJSON_IsObject(pr) || cJSON_GetArraySize(pr) != 1 || !cJSON_IsArray(jwts)) {
        iss_error(is, res, "credential", 400, "invalid_proof",
                  "proofs must hold exactly one proof type, jwt");
        goto out;
    }
    int nj = cJSON_GetArraySize(jwts);
    if (nj < 1 || nj > is->batch_size) {
        iss_error(is, res, "credential", 400, "invalid_credential_request",
                  "the number of proofs must be between 1 and the batch_size");
        goto out;
    }
    if (wallet_ctx_new(&ctx) != WALLET_OK)
        goto fail;
    int64_t now = iss_now(is);
    wallet_ctx_set_time(ctx, now);
    const cJSON *j;
    cJSON_ArrayForEach(j, jwts)
    {
        const char *desc = "";
        proof *p = &proofs[np++];
        const char *code = cJSON_IsString(j) ? check_proof(is, ctx, p, j->valuestring, &desc)
                                             : (desc = "a proof must be a string", "invalid_proof");
        if (code) {
            iss_error(is, res, "credential", 400, code, desc);
            goto out;
        }
        for (size_t k = 0; k + 1 < np; k++)
            if (strcmp(proofs[k].jkt, p->jkt) == 0) {
                iss_error(is, res, "credential", 400, "invalid_proof",
                          "two proofs for the same key: one credential per key");
                goto out;
            }
    }
    /* The transaction: nonces used up, the token's entitlement, indexes,
     * audit records — all or nothing. */
    if (svc_storage_begin(is->st, &txn) != SVC_OK)
        goto busy;
    for (size_t k = 0; k < np; k++) {
        int seen = 0;
        for (size_t m = 0; m < k; m++)
            seen |= strcmp(proofs[m].nonce, proofs[k].nonce) == 0;
        if (seen)
            continue;
        e = svc_storage_take(is->st, txn, &rec, "nonce", proofs[k].nonce);
        if (e != SVC_OK) {
            if (e != SVC_ERR_NOT_FOUND && e != SVC_ERR_EXPIRED)
                goto busy;
            iss_error(is, res, "credential", 400, "invalid_nonce",
                      "c_nonce unknown, used or expired: get a fresh one");
            goto out;
        }
        svc_record_clear(&rec);
    }
    e = svc_storage_get(is->st, txn, &rec, "access_token", th);
    if (e != SVC_OK) {
        unauthorized(is, res, "the access token is not valid");
        goto out;
    }
    int64_t tok_exp = rec.expires_at;
    tokrec = cJSON_Parse(rec.value);
    svc_record_clear(&rec);
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(tokrec, "types");
    cJSON *issued = cJSON_GetObjectItemCaseSensitive(tokrec, "issued");
    int offered = 0, already = 0;
    cJSON_ArrayForEach(j, types) offered |= cJSON_IsString(j) && strcmp(j->valuestring, t->id) == 0;
    cJSON_ArrayForEach(j, issued) already |= cJSON_IsString(j) && strcmp(j->valuestring, t->id) == 0;
    if (!offered || already || !cJSON_IsArray(issued)) {
        iss_error(is, res, "credential", 400, "credential_request_denied",
                  !offered ? "this credential configuration was not offered to this token"
                           : "this credential was already issued for this token");
        goto out;
    }
    const cJSON *claims =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(tokrec, "claims"), t->id);
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(tokrec, "record_id");
    const cJSON *agency = cJSON_GetObjectItemCaseSensitive(tokrec, "agency");
    const cJSON *offer = cJSON_GetObjectItemCaseSensitive(tokrec, "offer");
    if (!cJSON_IsObject(claims) || !cJSON_IsString(rid))
        goto fail;
    creds = calloc(np, sizeof(*creds));
    idxs = calloc(np, sizeof(*idxs));
    if (!creds || !idxs)
        goto fail;
    char seq[64];
    snprintf(seq, sizeof(seq), "status:%s", is->status.id);
    int64_t exp = now + t->validity_days * 86400;
    for (size_t k = 0; k < np; k++) {
        if (svc_storage_seq_next(is->st, txn, &idxs[k], seq) != SVC_OK)
            goto busy;
        if ((uint64_t)idxs[k] >= wallet_status_list_size(is->status.list)) {
            /* list full: the operator must configure a new status.list_id */
            fprintf(stderr, "wallet-issuer: status list %s is full: configure a new "
                            "status.list_id\n", is->status.id);
            goto fail;
        }
        creds[k] = make_credential(is, ctx, t, claims, proofs[k].key, idxs[k], now, exp);
        if (!creds[k])
            goto fail;
        char *cr = iss_random_b64(16);
        cJSON *a = cJSON_CreateObject();
        char key[64];
        snprintf(key, sizeof(key), "cr_%s", cr ? cr : "");
        free(cr);
        cJSON_AddStringToObject(a, "id", key);
        cJSON_AddStringToObject(a, "record_id", rid->valuestring);
        cJSON_AddStringToObject(a, "type", t->id);
        cJSON_AddStringToObject(a, "format", iss_format_name(t->format));
        cJSON_AddStringToObject(a, "agency", cJSON_IsString(agency) ? agency->valuestring : "");
        cJSON_AddStringToObject(a, "offer", cJSON_IsString(offer) ? offer->valuestring : "");
        cJSON_AddStringToObject(a, "status_list", is->status.uri);
        cJSON_AddNumberToObject(a, "status_idx", (double)idxs[k]);
        cJSON_AddStringToObject(a, "status", "valid");
        cJSON_AddNumberToObject(a, "issued_at", (double)now);
        cJSON_AddNumberToObject(a, "expires_at", (double)exp);
        cJSON_AddStringToObject(a, "holder_jkt", proofs[k].jkt);
        char *at = iss_json_print(a);
        cJSON_Delete(a);
        e = at ? svc_storage_put(is->st, txn, "issued", key, rid->valuestring, at, 0,
                                 SVC_PUT_INSERT)
               : SVC_ERR_NOMEM;
        free(at);
        if (e != SVC_OK)
            goto busy;
    }
    cJSON_AddItemToArray(issued, cJSON_CreateString(t->id));
    char *tt = iss_json_print(tokrec);
    e = tt ? svc_storage_put(is->st, txn, "access_token", th, NULL, tt, tok_exp, SVC_PUT_UPDATE)
           : SVC_ERR_NOMEM;
    free(tt);
    if (e != SVC_OK)
        goto busy;
    e = svc_storage_commit(txn);
    txn = NULL;
    if (e != SVC_OK)
        goto busy;
    resp = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(resp, "credentials");
    for (size_t k = 0; k < np; k++) {
        (void)iss_status_ensure(is, (uint64_t)idxs[k]);
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "credential", creds[k]);
        cJSON_AddItemToArray(arr, c);
    }
    const char *labels[2] = {t->id, iss_format_name(t->format)};
    svc_metric_add(is->m_issued, labels, (double)np);
    svc_response_json(res, 200, resp);
    goto out;
busy:
    iss_error(is, res, "credential", 503, "temporarily_unavailable", "storage busy");
    goto out;
fail:
    iss_error(is, res, "credential", 500, "server_error", "the credential could not be made");
out:
    svc_storage_rollback(txn);
    for (size_t k = 0; k < np; k++) {
        wallet_key_free(proofs[k].key);
        free(proofs[k].nonce);
        if (creds && creds[k]) {
            wallet_memzero(creds[k], strlen(creds[k]));
            free(creds[k]);
        }
    }
    free(creds);
    free(idxs);
    wallet_ctx_free(ctx);
    cJSON_Delete(body);
    cJSON_Delete(tokrec);
    cJSON_Delete(resp);
}

int iss_routes_oid4vci(issuer *is, svc_router *r)
{
    svc_route_opts pub = {.group = "public"};
    svc_route_opts tok = {.group = "token", .max_body = 8192};
    svc_route_opts cred = {.group = "credential", .max_body = 256 * 1024};
    svc_route_opts non = {.group = "nonce", .max_body = 1024};
    return svc_router_add(r, "GET", "/credential-offer/{id}", h_offer, is, &pub) == SVC_OK &&
                   svc_router_add(r, "POST", "/token", h_token, is, &tok) == SVC_OK &&
                   svc_router_add(r, "POST", "/nonce", h_nonce, is, &non) == SVC_OK &&
                   svc_router_add(r, "POST", "/credential", h_credential, is, &cred) == SVC_OK
               ? 0
               : -1;
}
