/*
 * OpenID4VP 1.0 wallet side, end to end inside one process: a store with
 * an SD-JWT VC and an mdoc bound to holder keys, requests from the test
 * verifier, DCQL matching, vp_token construction (only the requested
 * claims), direct_post and direct_post.jwt, the consent log; the answers
 * are checked with libwallet's own verifier functions.
 */
#include <dirent.h>
#include <unistd.h>

#include "test_oid4vp_util.h"

#define PIN ((const uint8_t *)"123456")

typedef struct rfx {
    vp_fx *v;
    char dir[64], path[128];
    wallet_store *store;
    wallet_key *issuer, *iaca_key, *ds_key;
    wallet_cert *iaca, *ds;
    wallet_trust *issuers;
    char *sd_id, *mdoc_id;
} rfx;

static wallet_cert *mk_cert(wallet_ctx *ctx, wallet_cert_profile prof, const char *dn,
                            const wallet_key *k, const wallet_key *ik, const wallet_cert *ic)
{
    wallet_cert_builder *b = NULL;
    wallet_cert *c = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, prof));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, dn));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, VP_T0, VP_T0 + 365 * VP_DAY));
    tu_assert_ok(ctx, wallet_cert_builder_set_issuer_alt_uri(ctx, b, "https://transport.example"));
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, k, ik, ic));
    wallet_cert_builder_free(b);
    return c;
}

/* A holder key in the store; its public half. */
static wallet_key *holder_key(rfx *r)
{
    wallet_ctx *ctx = r->v->ctx;
    char *kid = NULL;
    wallet_key *h = NULL, *pub = NULL;
    tu_assert_ok(ctx, wallet_store_key_generate(ctx, &kid, r->store, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_store_key(ctx, &h, r->store, kid));
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, h));
    wallet_key_free(h);
    wallet_free(kid);
    return pub;
}

static int setup(void **state)
{
    rfx *r = calloc(1, sizeof(*r));
    r->v = vp_new();
    wallet_ctx *ctx = r->v->ctx;
    snprintf(r->dir, sizeof(r->dir), "/tmp/wallet-oid4vp-XXXXXX");
    assert_non_null(mkdtemp(r->dir));
    snprintf(r->path, sizeof(r->path), "%s/wallet.db", r->dir);
    tu_assert_ok(ctx, wallet_store_create(ctx, &r->store, r->path, PIN, 6,
                                          WALLET_STORE_SCRYPT_LOG2N(10)));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &r->issuer, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, r->issuer, "issuer-1"));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &r->iaca_key, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &r->ds_key, WALLET_ALG_ES256));
    r->iaca = mk_cert(ctx, WALLET_CERT_PROFILE_MDOC_IACA, "CN=IACA,O=City,C=VN", r->iaca_key,
                      r->iaca_key, NULL);
    r->ds = mk_cert(ctx, WALLET_CERT_PROFILE_MDOC_DS, "CN=DS,O=City,C=VN", r->ds_key,
                    r->iaca_key, r->iaca);
    tu_assert_ok(ctx, wallet_trust_new(ctx, &r->issuers));
    tu_assert_ok(ctx, wallet_trust_add_key(ctx, r->issuers, r->issuer));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, r->issuers, r->iaca, WALLET_TRUST_ROOT));

    /* SD-JWT VC: everything disclosable, bound to a store holder key. */
    static const char claims[] =
        "{\"given_name\":\"Minh Anh\",\"family_name\":\"Nguyen\",\"birthdate\":\"1990-04-12\","
        "\"address\":{\"locality\":\"Ha Noi\",\"street_address\":\"12 Trang Tien\"}}";
    wallet_key *h1 = holder_key(r);
    wallet_sdjwt_issuer *b = NULL;
    char *sd = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_issuer_new(ctx, &b, r->issuer));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, claims, strlen(claims)));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_all_disclosable(ctx, b, 1));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_vct(ctx, b, "https://city.example/pid"));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_issuer(ctx, b, "https://issuer.example"));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_holder_key(ctx, b, h1));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_issue(ctx, &sd, b, 0));
    wallet_sdjwt_issuer_free(b);
    tu_assert_ok(ctx, wallet_store_add(ctx, &r->sd_id, r->store, r->issuers, NULL,
                                       (const uint8_t *)sd, strlen(sd), 0));
    wallet_free(sd);
    wallet_key_free(h1);

    /* mdoc mDL bound to another store holder key. */
    static const char mclaims[] =
        "{\"org.iso.18013.5.1\":{\"family_name\":\"Nguyen\",\"given_name\":\"Minh Anh\","
        "\"age_over_18\":true,\"document_number\":\"B2-0012345\"}}";
    wallet_key *h2 = holder_key(r);
    wallet_mdoc_issuer *mb = NULL;
    uint8_t *is = NULL;
    size_t is_len = 0;
    tu_assert_ok(ctx, wallet_mdoc_issuer_new(ctx, &mb, WALLET_MDOC_MDL_DOCTYPE));
    tu_assert_ok(ctx, wallet_mdoc_issuer_add_claims_json(ctx, mb, mclaims, strlen(mclaims)));
    tu_assert_ok(ctx, wallet_mdoc_issuer_sign(ctx, &is, &is_len, mb, h2, r->ds_key,
                                              WALLET_ALG_NONE, (const wallet_cert *const *)&r->ds,
                                              1));
    wallet_mdoc_issuer_free(mb);
    tu_assert_ok(ctx, wallet_store_add(ctx, &r->mdoc_id, r->store, r->issuers, NULL, is, is_len,
                                       0));
    wallet_free(is);
    wallet_key_free(h2);
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    rfx *r = *state;
    wallet_store_free(r->store);
    DIR *d = opendir(r->dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        char p[600];
        snprintf(p, sizeof(p), "%s/%s", r->dir, de->d_name);
        if (de->d_name[0] != '.')
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(r->dir);
    wallet_free(r->sd_id);
    wallet_free(r->mdoc_id);
    wallet_trust_free(r->issuers);
    wallet_cert_free(r->iaca);
    wallet_cert_free(r->ds);
    wallet_key_free(r->issuer);
    wallet_key_free(r->iaca_key);
    wallet_key_free(r->ds_key);
    vp_free(r->v);
    free(r);
    return 0;
}

/* A verified request for `dcql` / `mode` with `extra` parameters. */
static wallet_oid4vp_request *request(rfx *r, const char *mode, const char *dcql,
                                      const char *extra)
{
    vp_fx *f = r->v;
    char *p = vp_params(f, VP_SAN_ID, mode, dcql, extra);
    char *jar = vp_sign(f, p, NULL, NULL);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_from_object(f->ctx, &req, VP_SAN_ID, jar,
                                                           strlen(jar), f->trust, 0));
    wallet_free(jar);
    free(p);
    return req;
}

static wallet_oid4vp_match *match(rfx *r, const wallet_oid4vp_request *req)
{
    wallet_oid4vp_match *m = NULL;
    tu_assert_ok(r->v->ctx, wallet_oid4vp_match_store(r->v->ctx, &m, req, r->store));
    return m;
}

/* Percent-decode one form value (test side, independent of src/oid4vp). */
static char *form_value(const char *body, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, name, nl) || p[nl] != '=')
            continue;
        const char *v = p + nl + 1, *end = strchr(v, '&');
        size_t n = end ? (size_t)(end - v) : strlen(v);
        char *out = malloc(n + 1), *o = out;
        for (size_t i = 0; i < n; i++) {
            if (v[i] == '+') {
                *o++ = ' ';
            } else if (v[i] == '%') {
                unsigned x;
                assert_int_equal(sscanf(v + i + 1, "%2x", &x), 1);
                *o++ = (char)x;
                i += 2;
            } else {
                *o++ = v[i];
            }
        }
        *o = 0;
        return out;
    }
    return NULL;
}

/* The vp_token the verifier received: from the form, decrypting when jwt. */
static cJSON *received_vp_token(rfx *r, int jwt, char **state_out)
{
    vp_fx *f = r->v;
    assert_non_null(f->posted);
    cJSON *tok = NULL;
    if (!jwt) {
        char *vp = form_value(f->posted, "vp_token");
        assert_non_null(vp);
        tok = cJSON_Parse(vp);
        free(vp);
        *state_out = form_value(f->posted, "state");
    } else {
        assert_null(form_value(f->posted, "vp_token"));
        char *jwe = form_value(f->posted, "response");
        assert_non_null(jwe);
        uint8_t *pt = NULL;
        size_t pt_len = 0;
        tu_assert_ok(f->ctx, wallet_jwe_decrypt_compact(f->ctx, &pt, &pt_len, f->enc_key, jwe,
                                                        strlen(jwe), WALLET_JWE_ENCSET_GCM));
        wallet_jwe *j = NULL;
        tu_assert_ok(f->ctx, wallet_jwe_parse(f->ctx, &j, jwe, strlen(jwe)));
        assert_string_equal(wallet_jwe_kid(j), "enc-1");
        assert_int_equal(wallet_jwe_content_enc(j), WALLET_JWE_ENC_A128GCM);
        wallet_jwe_free(j);
        cJSON *o = cJSON_Parse((const char *)pt);
        tok = cJSON_DetachItemFromObject(o, "vp_token");
        cJSON *st = cJSON_GetObjectItem(o, "state");
        *state_out = st ? strdup(st->valuestring) : NULL;
        cJSON_Delete(o);
        wallet_free(pt);
        free(jwe);
    }
    assert_non_null(tok);
    return tok;
}

/* Verify an SD-JWT presentation as a verifier would. */
static cJSON *verify_sdjwt(rfx *r, const char *pres, const char *const *td, size_t n_td,
                           wallet_err want)
{
    wallet_ctx *ctx = r->v->ctx;
    wallet_policy *pol = NULL;
    tu_assert_ok(ctx, wallet_policy_new(ctx, &pol));
    tu_assert_ok(ctx, wallet_policy_set_audience(ctx, pol, VP_SAN_ID));
    tu_assert_ok(ctx, wallet_policy_set_nonce(ctx, pol, VP_NONCE));
    tu_assert_ok(ctx, wallet_policy_require_holder_binding(ctx, pol, 1));
    if (n_td)
        tu_assert_ok(ctx, wallet_policy_set_transaction_data(ctx, pol, td, n_td, NULL, 0));
    wallet_result *res = NULL;
    tu_assert_err(ctx, wallet_verify(ctx, &res, r->issuers, pol, (const uint8_t *)pres,
                                     strlen(pres)),
                  want);
    cJSON *claims = NULL;
    if (!want)
        claims = cJSON_Parse(wallet_result_claims_json(res));
    wallet_result_free(res);
    wallet_policy_free(pol);
    return claims;
}

/* ---- positive -------------------------------------------------------------------------- */

static void test_sdjwt_direct_post(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    wallet_oid4vp_request *req = request(r, "direct_post", vp_dcql_pid, "");
    wallet_oid4vp_match *m = match(r, req);
    tu_assert_ok(f->ctx, wallet_oid4vp_match_check(f->ctx, m));
    assert_int_equal(wallet_oid4vp_match_count(m), 1);
    assert_string_equal(wallet_oid4vp_match_credential(m, 0), r->sd_id);
    assert_string_equal(wallet_oid4vp_match_query(m, 0), "pid");
    assert_string_equal(wallet_oid4vp_match_format(m, 0), "dc+sd-jwt");
    assert_string_equal(wallet_oid4vp_match_claims(m, 0), "given_name,address.locality");
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    char *reply = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_send(f->ctx, &reply, resp, r->store));
    assert_non_null(strstr(reply, "redirect_uri"));
    char *st = NULL;
    cJSON *tok = received_vp_token(r, 0, &st);
    assert_string_equal(st, "st-1");
    cJSON *arr = cJSON_GetObjectItem(tok, "pid");
    assert_int_equal(cJSON_GetArraySize(arr), 1);
    cJSON *claims = verify_sdjwt(r, cJSON_GetArrayItem(arr, 0)->valuestring, NULL, 0, WALLET_OK);
    /* Only what was asked: given_name and address.locality. */
    assert_string_equal(cJSON_GetObjectItem(claims, "given_name")->valuestring, "Minh Anh");
    cJSON *addr = cJSON_GetObjectItem(claims, "address");
    assert_string_equal(cJSON_GetObjectItem(addr, "locality")->valuestring, "Ha Noi");
    assert_null(cJSON_GetObjectItem(addr, "street_address"));
    assert_null(cJSON_GetObjectItem(claims, "family_name"));
    assert_null(cJSON_GetObjectItem(claims, "birthdate"));
    cJSON_Delete(claims);
    /* Consent log: one entry naming the verifier, purpose and the claims. */
    char *log = NULL;
    tu_assert_ok(f->ctx, wallet_store_log_list(f->ctx, &log, r->store));
    cJSON *l = cJSON_Parse(log);
    assert_int_equal(cJSON_GetArraySize(l), 1);
    cJSON *e0 = cJSON_GetArrayItem(l, 0);
    assert_string_equal(cJSON_GetObjectItem(e0, "verifier")->valuestring, VP_SAN_ID);
    assert_string_equal(cJSON_GetObjectItem(e0, "purpose")->valuestring, "Kiem tra tuoi");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e0, "transaction_data_hash")));
    assert_non_null(strstr(log, "[\"address\",\"locality\"]"));
    cJSON_Delete(l);
    wallet_free(log);
    /* Sent once only. */
    tu_assert_err(f->ctx, wallet_oid4vp_response_send(f->ctx, NULL, resp, r->store),
                  WALLET_ERR_STATE);
    free(st);
    cJSON_Delete(tok);
    wallet_free(reply);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_mdoc_direct_post_jwt(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    wallet_oid4vp_request *req = request(r, "direct_post.jwt", vp_dcql_mdl, "");
    wallet_oid4vp_match *m = match(r, req);
    assert_int_equal(wallet_oid4vp_match_count(m), 1);
    assert_string_equal(wallet_oid4vp_match_credential(m, 0), r->mdoc_id);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    tu_assert_ok(f->ctx, wallet_oid4vp_response_send(f->ctx, NULL, resp, r->store));
    char *st = NULL;
    cJSON *tok = received_vp_token(r, 1, &st);
    assert_string_equal(st, "st-1");
    const char *b64 = cJSON_GetArrayItem(cJSON_GetObjectItem(tok, "mdl"), 0)->valuestring;
    uint8_t *dr = NULL;
    size_t dr_len = 0;
    tu_assert_ok(f->ctx, wallet_b64url_decode(f->ctx, &dr, &dr_len, b64, strlen(b64)));
    /* The verifier's transcript: handover with its encryption key's thumbprint. */
    uint8_t thumb[32], *tr = NULL;
    size_t tr_len = 0;
    tu_assert_ok(f->ctx, wallet_key_thumbprint(f->ctx, thumb, f->enc_key));
    char uri[128];
    snprintf(uri, sizeof(uri), "%s/response", f->base);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &tr, &tr_len, VP_SAN_ID, VP_NONCE,
                                                       thumb, uri));
    wallet_policy *pol = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &pol));
    tu_assert_ok(f->ctx, wallet_policy_set_session_transcript(f->ctx, pol, tr, tr_len));
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify(f->ctx, &v, r->issuers, pol, dr, dr_len));
    cJSON *c = cJSON_Parse(wallet_mdoc_verified_claims(v, 0));
    cJSON *ns = cJSON_GetObjectItem(c, "org.iso.18013.5.1");
    assert_string_equal(cJSON_GetObjectItem(ns, "family_name")->valuestring, "Nguyen");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ns, "age_over_18")));
    assert_null(cJSON_GetObjectItem(ns, "given_name"));
    assert_null(cJSON_GetObjectItem(ns, "document_number"));
    cJSON_Delete(c);
    wallet_mdoc_verified_free(v);
    /* The same DeviceResponse under the transcript without the thumbprint
     * (what a direct_post verifier computes) fails: the handover binds it. */
    wallet_free(tr);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &tr, &tr_len, VP_SAN_ID, VP_NONCE,
                                                       NULL, uri));
    tu_assert_ok(f->ctx, wallet_policy_set_session_transcript(f->ctx, pol, tr, tr_len));
    v = NULL;
    assert_int_not_equal(wallet_mdoc_verify(f->ctx, &v, r->issuers, pol, dr, dr_len), WALLET_OK);
    assert_null(v);
    wallet_policy_free(pol);
    wallet_free(tr);
    wallet_free(dr);
    free(st);
    cJSON_Delete(tok);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static char *td_b64(rfx *r, const char *json)
{
    char *td = NULL;
    size_t n;
    tu_assert_ok(r->v->ctx, wallet_b64url_encode(r->v->ctx, &td, &n, (const uint8_t *)json,
                                                 strlen(json)));
    return td;
}

static const char pay_json[] =
    "{\"type\":\"payment\",\"credential_ids\":[\"pid\"],\"amount\":\"150000\","
    "\"currency\":\"VND\",\"payee\":\"Ben Thanh Market\",\"reference\":\"INV-1\"}";

static void test_sdjwt_payment_transaction_data(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    char *td = td_b64(r, pay_json);
    char extra[600];
    snprintf(extra, sizeof(extra), ",\"transaction_data\":[\"%s\"]", td);
    wallet_oid4vp_request *req = request(r, "direct_post.jwt", vp_dcql_pid, extra);
    wallet_oid4vp_match *m = match(r, req);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    tu_assert_ok(f->ctx, wallet_oid4vp_response_send(f->ctx, NULL, resp, r->store));
    char *st = NULL;
    cJSON *tok = received_vp_token(r, 1, &st);
    const char *pres = cJSON_GetArrayItem(cJSON_GetObjectItem(tok, "pid"), 0)->valuestring;
    const char *tds[] = {td};
    cJSON_Delete(verify_sdjwt(r, pres, tds, 1, WALLET_OK));
    /* Altered transaction data at the verifier: the hash no longer matches. */
    char *other = td_b64(r, "{\"type\":\"payment\",\"credential_ids\":[\"pid\"],"
                            "\"amount\":\"990000\",\"currency\":\"VND\"}");
    const char *tds2[] = {other};
    assert_null(verify_sdjwt(r, pres, tds2, 1, WALLET_ERR_SDJWT_TRANSACTION_DATA));
    char *log = NULL;
    tu_assert_ok(f->ctx, wallet_store_log_list(f->ctx, &log, r->store));
    assert_null(strstr(log, "\"transaction_data_hash\":null"));
    wallet_free(log);
    wallet_free(other);
    free(st);
    cJSON_Delete(tok);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
    wallet_free(td);
}

static void test_two_credentials_one_request(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    static const char dcql[] =
        "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
        "\"meta\":{\"vct_values\":[\"https://city.example/pid\"]},"
        "\"claims\":[{\"path\":[\"family_name\"]}]},"
        "{\"id\":\"mdl\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":"
        "\"org.iso.18013.5.1.mDL\"},\"claims\":[{\"path\":[\"org.iso.18013.5.1\","
        "\"document_number\"]}]}]}";
    wallet_oid4vp_request *req = request(r, "direct_post", dcql, "");
    wallet_oid4vp_match *m = match(r, req);
    assert_int_equal(wallet_oid4vp_match_count(m), 2);
    char *mj = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_match_json(f->ctx, &mj, m));
    assert_non_null(strstr(mj, "org.iso.18013.5.1/document_number"));
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    cJSON *tok = cJSON_Parse(wallet_oid4vp_response_vp_token(resp));
    assert_int_equal(cJSON_GetArraySize(tok), 2);
    cJSON_Delete(tok);
    wallet_free(mj);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

/* ---- negative -------------------------------------------------------------------------- */

static void test_unsatisfied_query(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    static const char dcql[] = "{\"credentials\":[{\"id\":\"x\",\"format\":\"dc+sd-jwt\","
                               "\"meta\":{\"vct_values\":[\"https://other.example/t\"]}}]}";
    wallet_oid4vp_request *req = request(r, "direct_post", dcql, "");
    wallet_oid4vp_match *m = match(r, req);
    tu_assert_err(f->ctx, wallet_oid4vp_match_check(f->ctx, m), WALLET_ERR_DCQL_UNSATISFIED);
    assert_int_equal(wallet_oid4vp_match_count(m), 0);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m),
                  WALLET_ERR_DCQL_UNSATISFIED);
    assert_null(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_missing_requested_claim_unsatisfied(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    static const char dcql[] = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
                               "\"meta\":{\"vct_values\":[\"https://city.example/pid\"]},"
                               "\"claims\":[{\"path\":[\"nationality\"]}]}]}";
    wallet_oid4vp_request *req = request(r, "direct_post", dcql, "");
    wallet_oid4vp_match *m = match(r, req);
    tu_assert_err(f->ctx, wallet_oid4vp_match_check(f->ctx, m), WALLET_ERR_DCQL_UNSATISFIED);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_value_constraint_not_met(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    static const char dcql[] = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
                               "\"meta\":{\"vct_values\":[\"https://city.example/pid\"]},"
                               "\"claims\":[{\"path\":[\"address\",\"locality\"],"
                               "\"values\":[\"Da Nang\"]}]}]}";
    wallet_oid4vp_request *req = request(r, "direct_post", dcql, "");
    wallet_oid4vp_match *m = match(r, req);
    tu_assert_err(f->ctx, wallet_oid4vp_match_check(f->ctx, m), WALLET_ERR_DCQL_UNSATISFIED);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_expired_credential_not_offered(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    wallet_oid4vp_request *req = request(r, "direct_post", vp_dcql_mdl, "");
    /* Two years later the mDL (valid one year by default) is not offered. */
    wallet_ctx_set_time(f->ctx, VP_T0 + 2 * 365 * VP_DAY);
    wallet_oid4vp_match *m = match(r, req);
    tu_assert_err(f->ctx, wallet_oid4vp_match_check(f->ctx, m), WALLET_ERR_DCQL_UNSATISFIED);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_verifier_rejects_nothing_logged(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    f->post_status = 400;
    wallet_oid4vp_request *req = request(r, "direct_post", vp_dcql_pid, "");
    wallet_oid4vp_match *m = match(r, req);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    char *reply = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_response_send(f->ctx, &reply, resp, r->store),
                  WALLET_ERR_OID4VP_REJECTED);
    assert_null(reply);
    char *log = NULL;
    tu_assert_ok(f->ctx, wallet_store_log_list(f->ctx, &log, r->store));
    assert_string_equal(log, "[]");
    wallet_free(log);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_verifier_server_error(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    f->post_status = 503;
    wallet_oid4vp_request *req = request(r, "direct_post", vp_dcql_pid, "");
    wallet_oid4vp_match *m = match(r, req);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    tu_assert_err(f->ctx, wallet_oid4vp_response_send(f->ctx, NULL, resp, r->store),
                  WALLET_ERR_HTTP_STATUS);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_presentation_wrong_nonce_rejected_by_verifier(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    wallet_oid4vp_request *req = request(r, "direct_post", vp_dcql_pid, "");
    wallet_oid4vp_match *m = match(r, req);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    cJSON *tok = cJSON_Parse(wallet_oid4vp_response_vp_token(resp));
    const char *pres = cJSON_GetArrayItem(cJSON_GetObjectItem(tok, "pid"), 0)->valuestring;
    wallet_policy *pol = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &pol));
    tu_assert_ok(f->ctx, wallet_policy_set_audience(f->ctx, pol, VP_SAN_ID));
    tu_assert_ok(f->ctx, wallet_policy_set_nonce(f->ctx, pol, "another-nonce"));
    wallet_result *res = NULL;
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &res, r->issuers, pol, (const uint8_t *)pres,
                                        strlen(pres)),
                  WALLET_ERR_NONCE);
    wallet_result_free(res);
    tu_assert_ok(f->ctx, wallet_policy_set_nonce(f->ctx, pol, VP_NONCE));
    tu_assert_ok(f->ctx, wallet_policy_set_audience(f->ctx, pol, "x509_san_dns:other.example"));
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &res, r->issuers, pol, (const uint8_t *)pres,
                                        strlen(pres)),
                  WALLET_ERR_AUDIENCE);
    wallet_result_free(res);
    wallet_policy_free(pol);
    cJSON_Delete(tok);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

/* The verifier's reply is untrusted: a body that is not a JSON object is
 * handed out as {} (the presentation itself was accepted and is logged). */
static void test_verifier_reply_not_json(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    f->reply = "{\"redirect_uri\": <script>";
    wallet_oid4vp_request *req = request(r, "direct_post", vp_dcql_pid, "");
    wallet_oid4vp_match *m = match(r, req);
    wallet_oid4vp_response *resp = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, req, r->store, m));
    char *reply = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_response_send(f->ctx, &reply, resp, r->store));
    assert_string_equal(reply, "{}");
    wallet_free(reply);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_oid4vp_request_free(req);
}

static void test_invalid_arguments(void **state)
{
    rfx *r = *state;
    vp_fx *f = r->v;
    wallet_oid4vp_match *m = NULL;
    wallet_oid4vp_response *resp = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_match_store(f->ctx, &m, NULL, r->store),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_oid4vp_response_new(f->ctx, &resp, NULL, r->store, NULL),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_oid4vp_response_send(f->ctx, NULL, NULL, r->store),
                  WALLET_ERR_INVALID_ARG);
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, "openid4vp://?a=b", NULL, 1),
                  WALLET_ERR_INVALID_ARG);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_sdjwt_direct_post),
        T(test_mdoc_direct_post_jwt),
        T(test_sdjwt_payment_transaction_data),
        T(test_two_credentials_one_request),
        T(test_unsatisfied_query),
        T(test_missing_requested_claim_unsatisfied),
        T(test_value_constraint_not_met),
        T(test_expired_credential_not_offered),
        T(test_verifier_rejects_nothing_logged),
        T(test_verifier_server_error),
        T(test_presentation_wrong_nonce_rejected_by_verifier),
        T(test_verifier_reply_not_json),
        T(test_invalid_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
