/*
 * OpenID4VP 1.0 wallet side: reading and authenticating authorization
 * requests (include/wallet/oid4vp.h). Positive cases first, then one
 * negative case per defect, each asserting its specific wallet_err.
 */
#include "test_oid4vp_util.h"

static int setup(void **state)
{
    *state = vp_new();
    return 0;
}

static int teardown(void **state)
{
    vp_free(*state);
    return 0;
}

/* Parse a signed (or unsigned) request object with outer client_id cid. */
static wallet_err from_obj(vp_fx *f, const char *cid, const char *jar,
                           wallet_oid4vp_request **out)
{
    wallet_oid4vp_request *req = NULL;
    wallet_err e = wallet_oid4vp_request_from_object(f->ctx, &req, cid, jar, strlen(jar),
                                                     f->trust, 0);
    if (e)
        assert_null(req);
    if (out)
        *out = req;
    else
        wallet_oid4vp_request_free(req);
    return e;
}

/* Build params → sign with the leaf → parse; expect `want`. */
static void expect_signed(vp_fx *f, const char *cid, const char *mode, const char *dcql,
                          const char *extra, wallet_err want)
{
    char *p = vp_params(f, cid, mode, dcql, extra);
    char *jar = vp_sign(f, p, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, cid, jar, NULL), want);
    wallet_free(jar);
    free(p);
}

/* ---- positive ----------------------------------------------------------------------- */

static void test_x509_san_dns_request(void **state)
{
    vp_fx *f = *state;
    static const char td_json[] = "{\"type\":\"payment\",\"credential_ids\":[\"pid\"],"
                                  "\"amount\":\"150000\",\"currency\":\"VND\"}";
    char *td = NULL;
    size_t n;
    tu_assert_ok(f->ctx, wallet_b64url_encode(f->ctx, &td, &n, (const uint8_t *)td_json,
                                              strlen(td_json)));
    char extra[512];
    snprintf(extra, sizeof(extra), ",\"transaction_data\":[\"%s\"]", td);
    char *p = vp_params(f, VP_SAN_ID, "direct_post.jwt", vp_dcql_pid, extra);
    char *jar = vp_sign(f, p, NULL, NULL);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, from_obj(f, VP_SAN_ID, jar, &req));
    assert_string_equal(wallet_oid4vp_request_client_id(req), VP_SAN_ID);
    assert_int_equal(wallet_oid4vp_request_prefix(req), WALLET_OID4VP_PREFIX_X509_SAN_DNS);
    assert_string_equal(wallet_oid4vp_request_client_value(req), VP_SAN);
    assert_string_equal(wallet_oid4vp_request_client_name(req, "vi"), "Quay so 7");
    assert_string_equal(wallet_oid4vp_request_client_name(req, "en"), "Counter 7");
    assert_string_equal(wallet_oid4vp_request_purpose(req), "Kiem tra tuoi");
    assert_string_equal(wallet_oid4vp_request_nonce(req), VP_NONCE);
    assert_string_equal(wallet_oid4vp_request_state(req), "st-1");
    assert_int_equal(wallet_oid4vp_request_mode(req), WALLET_OID4VP_DIRECT_POST_JWT);
    assert_non_null(strstr(wallet_oid4vp_request_subject(req), "CN=Counter 7"));
    assert_int_equal(wallet_oid4vp_request_transaction_data_count(req), 1);
    assert_string_equal(wallet_oid4vp_request_transaction_data(req, 0), td);
    assert_non_null(strstr(wallet_oid4vp_request_transaction_data_json(req, 0), "\"VND\""));
    assert_int_equal(wallet_dcql_credential_count(wallet_oid4vp_request_dcql(req)), 1);
    char *sum = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_summary_json(f->ctx, &sum, req));
    cJSON *s = cJSON_Parse(sum);
    assert_non_null(s);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(s, "verified")));
    assert_string_equal(cJSON_GetObjectItem(s, "prefix")->valuestring, "x509_san_dns");
    assert_string_equal(cJSON_GetObjectItem(s, "client_name_vi")->valuestring, "Quay so 7");
    cJSON *creds = cJSON_GetObjectItem(s, "credentials");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(creds, 0),
                                                            "claims")),
                     2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(
                                                                   s, "transaction_data"),
                                                               0),
                                            "amount")
                            ->valuestring,
                        "150000");
    cJSON_Delete(s);
    wallet_free(sum);
    wallet_oid4vp_request_free(req);
    wallet_free(jar);
    wallet_free(td);
    free(p);
}

static void test_x509_hash_request(void **state)
{
    vp_fx *f = *state;
    char cid[128];
    snprintf(cid, sizeof(cid), "x509_hash:%s", f->x509_hash);
    char *p = vp_params(f, cid, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, from_obj(f, cid, jar, &req));
    assert_int_equal(wallet_oid4vp_request_prefix(req), WALLET_OID4VP_PREFIX_X509_HASH);
    assert_string_equal(wallet_oid4vp_request_client_value(req), f->x509_hash);
    assert_int_equal(wallet_oid4vp_request_mode(req), WALLET_OID4VP_DIRECT_POST);
    wallet_oid4vp_request_free(req);
    wallet_free(jar);
    free(p);
}

static void test_redirect_uri_unsigned_request(void **state)
{
    vp_fx *f = *state;
    char cid[128];
    snprintf(cid, sizeof(cid), "redirect_uri:%s/response", f->base);
    char *p = vp_params(f, cid, "direct_post", vp_dcql_pid, "");
    char *jar = vp_unsigned(f, p);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, from_obj(f, cid, jar, &req));
    assert_int_equal(wallet_oid4vp_request_prefix(req), WALLET_OID4VP_PREFIX_REDIRECT_URI);
    assert_null(wallet_oid4vp_request_subject(req));
    char *sum = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_summary_json(f->ctx, &sum, req));
    assert_non_null(strstr(sum, "\"verified\":false"));
    wallet_free(sum);
    wallet_oid4vp_request_free(req);
    free(jar);
    free(p);
}

static void test_fetch_request_uri_get(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    f->served = jar;
    char uri[256];
    snprintf(uri, sizeof(uri),
             "openid4vp://?client_id=x509_san_dns%%3A" VP_SAN "&request_uri=%s%%2Frequest",
             f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, f->trust, 0));
    assert_string_equal(wallet_oid4vp_request_nonce(req), VP_NONCE);
    wallet_oid4vp_request_free(req);
    f->served = NULL;
    wallet_free(jar);
    free(p);
}

static void test_fetch_request_uri_post(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    f->served = jar;
    f->request_method_post = 1;
    char uri[256];
    snprintf(uri, sizeof(uri),
             "openid4vp://?client_id=x509_san_dns%%3A" VP_SAN
             "&request_uri=%s/request&request_uri_method=post",
             f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, f->trust, 0));
    wallet_oid4vp_request_free(req);
    f->served = NULL;
    wallet_free(jar);
    free(p);
}

static void test_request_by_value_redirect_uri(void **state)
{
    vp_fx *f = *state;
    char uri[1024];
    snprintf(uri, sizeof(uri),
             "openid4vp://?client_id=redirect_uri%%3A%s%%2Fresponse&response_type=vp_token"
             "&response_mode=direct_post&response_uri=%s%%2Fresponse&nonce=abc+def"
             "&dcql_query=%%7B%%22credentials%%22%%3A%%5B%%7B%%22id%%22%%3A%%22a%%22%%2C"
             "%%22format%%22%%3A%%22dc%%2Bsd-jwt%%22%%2C%%22meta%%22%%3A%%7B%%22vct_values"
             "%%22%%3A%%5B%%22x%%22%%5D%%7D%%7D%%5D%%7D",
             f->base, f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, NULL, 0));
    assert_string_equal(wallet_oid4vp_request_nonce(req), "abc def");
    assert_string_equal(wallet_dcql_credential_format_name(wallet_oid4vp_request_dcql(req), 0),
                        "dc+sd-jwt");
    wallet_oid4vp_request_free(req);
}

static void test_accessors_null_safe(void **state)
{
    (void)state;
    assert_null(wallet_oid4vp_request_client_id(NULL));
    assert_null(wallet_oid4vp_request_transaction_data(NULL, 0));
    assert_int_equal(wallet_oid4vp_request_mode(NULL), WALLET_OID4VP_MODE_NONE);
    wallet_oid4vp_request_free(NULL);
    wallet_oid4vp_match_free(NULL);
    wallet_oid4vp_response_free(NULL);
    assert_int_equal(wallet_oid4vp_match_count(NULL), 0);
}

/* ---- negative: authentication ---------------------------------------------------------- */

static void test_bad_signature(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    char *c = jar + strlen(jar) - 3;
    *c = *c == 'A' ? 'B' : 'A';
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_SIGNATURE);
    wallet_free(jar);
    free(p);
}

static void test_signed_by_other_key_than_leaf(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, f->enc_key);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_SIGNATURE);
    wallet_free(jar);
    free(p);
}

static void test_untrusted_root(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    wallet_trust *empty = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &empty));
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx,
                  wallet_oid4vp_request_from_object(f->ctx, &req, VP_SAN_ID, jar, strlen(jar),
                                                    empty, 0),
                  WALLET_ERR_CERT_CHAIN);
    assert_null(req);
    wallet_trust_free(empty);
    wallet_free(jar);
    free(p);
}

/* A self-signed (non-CA) verifier certificate pinned as a trusted signer. */
static void test_pinned_verifier_certificate(void **state)
{
    vp_fx *f = *state;
    wallet_key *k = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &k, WALLET_ALG_ES256));
    wallet_cert *self = vp_cert(f, WALLET_CERT_PROFILE_LEAF, "CN=Pinned", VP_SAN, k, k, NULL);
    wallet_trust *t = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &t));
    tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, t, self, WALLET_TRUST_SIGNER));
    char *hdr = vp_x5c_header(self, self);
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, hdr, k);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_oid4vp_request_from_object(f->ctx, &req, VP_SAN_ID, jar,
                                                           strlen(jar), t, 0));
    assert_string_equal(wallet_oid4vp_request_subject(req), "CN=Pinned");
    wallet_oid4vp_request_free(req);
    /* Not pinned (the fixture's roots only): no chain. */
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_CERT_CHAIN);
    /* Pinned, but the request signed by another key. */
    wallet_free(jar);
    jar = vp_sign(f, p, hdr, f->leaf_key);
    tu_assert_err(f->ctx,
                  wallet_oid4vp_request_from_object(f->ctx, &req, VP_SAN_ID, jar, strlen(jar), t,
                                                    0),
                  WALLET_ERR_SIGNATURE);
    /* Pinned, but expired at the context's time. */
    wallet_ctx_set_time(f->ctx, VP_T0 + 400 * VP_DAY);
    wallet_free(jar);
    jar = vp_sign(f, p, hdr, k);
    tu_assert_err(f->ctx,
                  wallet_oid4vp_request_from_object(f->ctx, &req, VP_SAN_ID, jar, strlen(jar), t,
                                                    0),
                  WALLET_ERR_CERT_EXPIRED);
    wallet_free(jar);
    free(p);
    free(hdr);
    wallet_trust_free(t);
    wallet_cert_free(self);
    wallet_key_free(k);
}

static void test_san_mismatch(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, "x509_san_dns:evil.example", "direct_post", vp_dcql_pid, "",
                  WALLET_ERR_OID4VP_X509_SAN);
}

static void test_x509_hash_mismatch(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, "x509_hash:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "direct_post",
                  vp_dcql_pid, "", WALLET_ERR_OID4VP_X509_HASH);
}

static void test_x509_prefix_unsigned(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_unsigned(f, p);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_UNSIGNED);
    free(jar);
    free(p);
}

static void test_redirect_uri_prefix_signed(void **state)
{
    vp_fx *f = *state;
    char cid[128];
    snprintf(cid, sizeof(cid), "redirect_uri:%s/response", f->base);
    expect_signed(f, cid, "direct_post", vp_dcql_pid, "", WALLET_ERR_OID4VP_UNSIGNED);
}

static void test_redirect_uri_response_uri_mismatch(void **state)
{
    vp_fx *f = *state;
    static const char cid[] = "redirect_uri:https://other.example/cb";
    char *p = vp_params(f, cid, "direct_post", vp_dcql_pid, "");
    char *jar = vp_unsigned(f, p);
    tu_assert_err(f->ctx, from_obj(f, cid, jar, NULL), WALLET_ERR_OID4VP_REDIRECT_URI);
    free(jar);
    free(p);
}

static void test_signed_without_x5c(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, "{\"typ\":\"oauth-authz-req+jwt\"}", NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_UNSIGNED);
    wallet_free(jar);
    free(p);
}

static void test_outer_client_id_differs(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, "x509_san_dns:other.example", jar, NULL),
                  WALLET_ERR_OID4VP_CLIENT_ID);
    wallet_free(jar);
    free(p);
}

static void test_unsupported_prefix(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, "did:example:123", "direct_post", vp_dcql_pid, "",
                  WALLET_ERR_OID4VP_PREFIX);
}

static void test_client_id_without_prefix(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, "counter-7", "direct_post", vp_dcql_pid, "", WALLET_ERR_OID4VP_CLIENT_ID);
}

static void test_wrong_typ(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *hdr = strdup(f->x5c_header);
    vp_patch(hdr, "oauth-authz-req+jwt", "oauth-authz-res+jwt");
    char *jar = vp_sign(f, p, hdr, NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_TYP);
    wallet_free(jar);
    free(hdr);
    free(p);
}

static void test_expired_request_object(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid, ",\"exp\":1767225600",
                  WALLET_ERR_EXPIRED);
}

/* ---- negative: parameters ------------------------------------------------------------- */

static void test_missing_nonce(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    vp_patch(p, "\"nonce\"", "\"nonso\"");
    char *jar = vp_sign(f, p, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_NONCE);
    wallet_free(jar);
    free(p);
}

static void test_unsupported_response_mode(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, VP_SAN_ID, "fragment", vp_dcql_pid, "", WALLET_ERR_OID4VP_RESPONSE_MODE);
}

static void test_response_type_not_vp_token(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    vp_patch(p, "\"vp_token\"", "\"id_token\"");
    char *jar = vp_sign(f, p, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_RESPONSE_TYPE);
    wallet_free(jar);
    free(p);
}

static void test_oversized_request(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, 512);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_TOO_LARGE);
    wallet_free(jar);
    free(p);
}

static void test_presentation_definition_refused(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid,
                  ",\"presentation_definition\":{\"id\":\"x\"}", WALLET_ERR_OID4VP_REQUEST);
}

static void test_request_uri_inside_object(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid,
                  ",\"request_uri\":\"https://x.example/r\"", WALLET_ERR_OID4VP_REQUEST);
}

static void test_malformed_dcql(void **state)
{
    vp_fx *f = *state;
    expect_signed(f, VP_SAN_ID, "direct_post", "{\"credentials\":[]}", "",
                  WALLET_ERR_DCQL_EMPTY);
}

static void test_insecure_response_uri(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    vp_patch(p, "http://127.0.0.1", "http://127.0.0.9"); /* still loopback: allowed */
    char *jar = vp_sign(f, p, NULL, NULL);
    tu_assert_ok(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL));
    wallet_free(jar);
    free(p);
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "", WALLET_OK);
    char *q = NULL;
    assert_true(asprintf(&q,
                         "{\"client_id\":\"" VP_SAN_ID "\",\"response_type\":\"vp_token\","
                         "\"response_mode\":\"direct_post\",\"response_uri\":"
                         "\"http://verifier.example/post\",\"nonce\":\"n\",\"dcql_query\":%s}",
                         vp_dcql_pid) > 0);
    jar = vp_sign(f, q, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_RESPONSE_URI);
    wallet_free(jar);
    free(q);
}

static void test_direct_post_jwt_without_jwks(void **state)
{
    vp_fx *f = *state;
    char *q = NULL;
    assert_true(asprintf(&q,
                         "{\"client_id\":\"" VP_SAN_ID "\",\"response_type\":\"vp_token\","
                         "\"response_mode\":\"direct_post.jwt\",\"response_uri\":"
                         "\"https://verifier.example/post\",\"nonce\":\"n\",\"dcql_query\":%s,"
                         "\"client_metadata\":{\"client_name\":\"x\"}}",
                         vp_dcql_pid) > 0);
    char *jar = vp_sign(f, q, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_CLIENT_METADATA);
    wallet_free(jar);
    free(q);
}

static void test_direct_post_jwt_no_supported_enc(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post.jwt", vp_dcql_pid, "");
    vp_patch(p, "[\"A128GCM\"]", "[\"A128CBC\"]");
    char *jar = vp_sign(f, p, NULL, NULL);
    tu_assert_err(f->ctx, from_obj(f, VP_SAN_ID, jar, NULL), WALLET_ERR_OID4VP_CLIENT_METADATA);
    wallet_free(jar);
    free(p);
}

static char *td_extra(vp_fx *f, const char *json)
{
    char *td = NULL, *out = NULL;
    size_t n;
    tu_assert_ok(f->ctx, wallet_b64url_encode(f->ctx, &td, &n, (const uint8_t *)json,
                                              strlen(json)));
    assert_true(asprintf(&out, ",\"transaction_data\":[\"%s\"]", td) > 0);
    wallet_free(td);
    return out;
}

static void test_transaction_data_unknown_credential(void **state)
{
    vp_fx *f = *state;
    char *x = td_extra(f, "{\"type\":\"payment\",\"credential_ids\":[\"nope\"]}");
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid, x,
                  WALLET_ERR_OID4VP_TRANSACTION_DATA);
    free(x);
}

static void test_transaction_data_without_type(void **state)
{
    vp_fx *f = *state;
    char *x = td_extra(f, "{\"credential_ids\":[\"pid\"]}");
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid, x,
                  WALLET_ERR_OID4VP_TRANSACTION_DATA);
    free(x);
}

static void test_transaction_data_for_mdoc(void **state)
{
    vp_fx *f = *state;
    char *x = td_extra(f, "{\"type\":\"payment\",\"credential_ids\":[\"mdl\"]}");
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_mdl, x,
                  WALLET_ERR_OID4VP_TRANSACTION_DATA_TYPE);
    free(x);
}

static void test_transaction_data_unsupported_hash_alg(void **state)
{
    vp_fx *f = *state;
    char *x = td_extra(f, "{\"type\":\"payment\",\"credential_ids\":[\"pid\"],"
                          "\"transaction_data_hashes_alg\":[\"md5\"]}");
    expect_signed(f, VP_SAN_ID, "direct_post", vp_dcql_pid, x,
                  WALLET_ERR_OID4VP_TRANSACTION_DATA);
    free(x);
}

static void test_uri_bad_percent_encoding(void **state)
{
    vp_fx *f = *state;
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx,
                  wallet_oid4vp_request_fetch(f->ctx, &req, "openid4vp://?client_id=a%2&x=1",
                                              NULL, 0),
                  WALLET_ERR_OID4VP_URI);
    tu_assert_err(f->ctx,
                  wallet_oid4vp_request_fetch(f->ctx, &req, "openid4vp://?client_id=a&client_id=b",
                                              NULL, 0),
                  WALLET_ERR_OID4VP_URI);
    tu_assert_err(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, "openid4vp://", NULL, 0),
                  WALLET_ERR_OID4VP_URI);
    assert_null(req);
}

static void test_request_uri_wrong_content_type(void **state)
{
    vp_fx *f = *state;
    char *p = vp_params(f, VP_SAN_ID, "direct_post", vp_dcql_pid, "");
    char *jar = vp_sign(f, p, NULL, NULL);
    f->served = jar;
    f->served_ct = "text/html";
    char uri[256];
    snprintf(uri, sizeof(uri), "openid4vp://?client_id=" VP_SAN_ID "&request_uri=%s/request",
             f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, f->trust, 0),
                  WALLET_ERR_OID4VP_CONTENT_TYPE);
    f->served = NULL;
    wallet_free(jar);
    free(p);
}

static void test_request_uri_not_found(void **state)
{
    vp_fx *f = *state;
    char uri[256];
    snprintf(uri, sizeof(uri), "openid4vp://?client_id=" VP_SAN_ID "&request_uri=%s/missing",
             f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, f->trust, 0),
                  WALLET_ERR_HTTP_STATUS);
}

static void test_request_uri_insecure(void **state)
{
    vp_fx *f = *state;
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx,
                  wallet_oid4vp_request_fetch(
                      f->ctx, &req,
                      "openid4vp://?client_id=" VP_SAN_ID "&request_uri=http%3A%2F%2Fexample.com%2Fr",
                      f->trust, 0),
                  WALLET_ERR_INSECURE_URL);
}

static void test_request_uri_offline(void **state)
{
    vp_fx *f = *state;
    wallet_ctx_set_offline(f->ctx, 1);
    char uri[256];
    snprintf(uri, sizeof(uri), "openid4vp://?client_id=" VP_SAN_ID "&request_uri=%s/request",
             f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, f->trust, 0),
                  WALLET_ERR_OFFLINE);
}

static void test_bad_request_uri_method(void **state)
{
    vp_fx *f = *state;
    char uri[256];
    snprintf(uri, sizeof(uri),
             "openid4vp://?client_id=" VP_SAN_ID "&request_uri=%s/request&request_uri_method=put",
             f->base);
    wallet_oid4vp_request *req = NULL;
    tu_assert_err(f->ctx, wallet_oid4vp_request_fetch(f->ctx, &req, uri, f->trust, 0),
                  WALLET_ERR_OID4VP_REQUEST);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_x509_san_dns_request),
        T(test_x509_hash_request),
        T(test_redirect_uri_unsigned_request),
        T(test_fetch_request_uri_get),
        T(test_fetch_request_uri_post),
        T(test_request_by_value_redirect_uri),
        T(test_accessors_null_safe),
        T(test_bad_signature),
        T(test_signed_by_other_key_than_leaf),
        T(test_untrusted_root),
        T(test_pinned_verifier_certificate),
        T(test_san_mismatch),
        T(test_x509_hash_mismatch),
        T(test_x509_prefix_unsigned),
        T(test_redirect_uri_prefix_signed),
        T(test_redirect_uri_response_uri_mismatch),
        T(test_signed_without_x5c),
        T(test_outer_client_id_differs),
        T(test_unsupported_prefix),
        T(test_client_id_without_prefix),
        T(test_wrong_typ),
        T(test_expired_request_object),
        T(test_missing_nonce),
        T(test_unsupported_response_mode),
        T(test_response_type_not_vp_token),
        T(test_oversized_request),
        T(test_presentation_definition_refused),
        T(test_request_uri_inside_object),
        T(test_malformed_dcql),
        T(test_insecure_response_uri),
        T(test_direct_post_jwt_without_jwks),
        T(test_direct_post_jwt_no_supported_enc),
        T(test_transaction_data_unknown_credential),
        T(test_transaction_data_without_type),
        T(test_transaction_data_for_mdoc),
        T(test_transaction_data_unsupported_hash_alg),
        T(test_uri_bad_percent_encoding),
        T(test_request_uri_wrong_content_type),
        T(test_request_uri_not_found),
        T(test_request_uri_insecure),
        T(test_request_uri_offline),
        T(test_bad_request_uri_method),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
