/*
 * OpenID4VCI wallet side against a loopback issuer (vci_mock.h): the whole
 * pre-authorized flow into a store, the session steps, and every failure
 * the issuer can cause, each asserting its specific wallet_err.
 */
#include "vci_mock.h"

typedef struct fx {
    ts_env *t;
    vm_server *m;
    wallet_store *s;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    f->t = ts_setup();
    f->m = vm_start(TS_NOW);
    f->s = ts_create(f->t);
    /* the test trusts the mock issuer's signing key */
    tu_assert_ok(f->t->ctx, wallet_trust_add_key(f->t->ctx, f->t->trust, f->m->iss_key));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    wallet_store_free(f->s);
    vm_stop(f->m);
    ts_teardown(f->t);
    free(f);
    return 0;
}

static int count_keys(fx *f)
{
    char *json = NULL;
    tu_assert_ok(f->t->ctx, wallet_store_key_list(f->t->ctx, &json, f->s));
    int n = ts_array_len(json);
    wallet_free(json);
    return n;
}

static int count_creds(fx *f)
{
    char *json = NULL;
    tu_assert_ok(f->t->ctx, wallet_store_list(f->t->ctx, &json, f->s, NULL));
    int n = ts_array_len(json);
    wallet_free(json);
    return n;
}

static wallet_err receive(fx *f, const char *offer, const char *tx, size_t copies, char **ids)
{
    return wallet_vci_receive(f->t->ctx, ids, f->s, f->t->trust, NULL, offer, tx, NULL, copies,
                              0);
}

/* ---- positive ---------------------------------------------------------------------- */

static void receive_by_value_with_tx_code_stores_bound_credential(void **state)
{
    fx *f = *state;
    wallet_ctx *ctx = f->t->ctx;
    f->m->tx_code = "493536";
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_ok(ctx, receive(f, offer, "493536", 0, &ids));
    assert_int_equal(ts_array_len(ids), 1);
    /* the token request carried the code and the tx_code (§6.1) */
    assert_string_equal(vm_form_param(f->m, "pre-authorized_code"), VM_CODE);
    assert_string_equal(vm_form_param(f->m, "tx_code"), "493536");
    cJSON *arr = ts_parse(ids);
    const char *id = cJSON_GetArrayItem(arr, 0)->valuestring;
    char *shown = NULL;
    tu_assert_ok(ctx, wallet_store_show(ctx, &shown, f->s, id));
    cJSON *o = ts_parse(shown);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "valid")));
    assert_string_equal(cJSON_GetObjectItem(o, "type")->valuestring, "urn:vn:pid:1");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "claims"), "given_name")
                            ->valuestring,
                        "An");
    /* linked to the holder key generated for it */
    assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "holder_key")));
    wallet_key *hk = NULL;
    tu_assert_ok(ctx, wallet_store_credential_key(ctx, &hk, f->s, id));
    assert_int_equal(wallet_key_alg(hk), WALLET_ALG_ES256);
    wallet_key_free(hk);
    assert_int_equal(count_keys(f), 1);
    assert_int_equal(f->m->proofs_seen, 1);
    cJSON_Delete(o);
    cJSON_Delete(arr);
    wallet_free(shown);
    wallet_free(ids);
    free(offer);
}

static void receive_by_reference_fetches_the_offer(void **state)
{
    fx *f = *state;
    char uri[256];
    snprintf(uri, sizeof(uri), "openid-credential-offer://?credential_offer_uri=%s%%2Foffer",
             f->m->base);
    char *ids = NULL;
    tu_assert_ok(f->t->ctx, receive(f, uri, NULL, 0, &ids));
    assert_int_equal(ts_array_len(ids), 1);
    assert_int_equal(count_creds(f), 1);
    wallet_free(ids);
}

static void receive_batch_binds_each_copy_to_its_own_key(void **state)
{
    fx *f = *state;
    f->m->batch_size = 3;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_ok(f->t->ctx, receive(f, offer, NULL, 3, &ids));
    assert_int_equal(ts_array_len(ids), 3);
    assert_int_equal(count_keys(f), 3);
    assert_int_equal(f->m->proofs_seen, 3);
    /* one batch: wallet_store_list shows the same batch id on the copies */
    char *list = NULL;
    tu_assert_ok(f->t->ctx, wallet_store_list(f->t->ctx, &list, f->s, NULL));
    cJSON *l = ts_parse(list);
    const char *b0 = cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "batch")->valuestring;
    const char *b2 = cJSON_GetObjectItem(cJSON_GetArrayItem(l, 2), "batch")->valuestring;
    assert_non_null(b0);
    assert_string_equal(b0, b2);
    const char *k0 = cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "holder_key")->valuestring;
    const char *k1 = cJSON_GetObjectItem(cJSON_GetArrayItem(l, 1), "holder_key")->valuestring;
    assert_string_not_equal(k0, k1);
    cJSON_Delete(l);
    wallet_free(list);
    wallet_free(ids);
    free(offer);
}

static void receive_two_configurations_uses_each_proof_alg(void **state)
{
    fx *f = *state;
    char *offer = vm_offer_uri(f->m, "\"pid\",\"health\"");
    char *ids = NULL;
    tu_assert_ok(f->t->ctx, receive(f, offer, NULL, 0, &ids));
    assert_int_equal(ts_array_len(ids), 2);
    char *keys = NULL;
    tu_assert_ok(f->t->ctx, wallet_store_key_list(f->t->ctx, &keys, f->s));
    /* "health" accepts EdDSA proofs only */
    assert_non_null(strstr(keys, "\"EdDSA\""));
    assert_non_null(strstr(keys, "\"ES256\""));
    wallet_free(keys);
    wallet_free(ids);
    free(offer);
}

/* An external signer: the private key stays with the "platform keystore". */
static wallet_err ext_sign(void *user, const char *handle, wallet_alg alg, const uint8_t *msg,
                           size_t msg_len, uint8_t *sig, size_t *sig_len)
{
    assert_string_equal(handle, "keystore-alias-1");
    uint8_t *s = NULL;
    size_t n = 0;
    wallet_err e = wallet_sign(NULL, &s, &n, user, alg, msg, msg_len);
    if (!e) {
        memcpy(sig, s, n);
        *sig_len = n;
    }
    wallet_free(s);
    return e;
}

static void receive_with_external_signer_key(void **state)
{
    fx *f = *state;
    wallet_ctx *ctx = f->t->ctx;
    wallet_key *priv = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &priv, WALLET_ALG_ES256));
    char *kid = NULL;
    tu_assert_ok(ctx, wallet_store_key_add_external(ctx, &kid, f->s, priv, "keystore-alias-1"));
    wallet_store_set_signer(f->s, ext_sign, priv, WALLET_SIGNER_RAW);
    char *offer = vm_offer_uri(f->m, NULL);
    const char *kids[] = {kid};
    char *ids = NULL;
    tu_assert_ok(ctx, wallet_vci_receive(ctx, &ids, f->s, f->t->trust, NULL, offer, NULL, kids,
                                         1, 0));
    cJSON *arr = ts_parse(ids);
    char *shown = NULL;
    tu_assert_ok(ctx, wallet_store_show(ctx, &shown, f->s, cJSON_GetArrayItem(arr, 0)->valuestring));
    cJSON *o = ts_parse(shown);
    assert_string_equal(cJSON_GetObjectItem(o, "holder_key")->valuestring, kid);
    assert_int_equal(count_keys(f), 1);
    cJSON_Delete(o);
    cJSON_Delete(arr);
    wallet_free(shown);
    wallet_free(ids);
    wallet_free(kid);
    wallet_key_free(priv);
    free(offer);
}

static void session_steps_with_in_memory_keys(void **state)
{
    fx *f = *state;
    wallet_ctx *ctx = f->t->ctx;
    f->m->batch_size = 2;
    f->m->tx_code = "1234";
    char *offer = vm_offer_uri(f->m, NULL);
    wallet_vci_session *s = NULL;
    tu_assert_ok(ctx, wallet_vci_session_new(ctx, &s, offer, strlen(offer)));
    const wallet_vci_offer *o = wallet_vci_session_offer(s);
    int64_t len = 0;
    const char *desc = NULL;
    assert_int_equal(wallet_vci_offer_tx_code(o, &len, &desc), WALLET_VCI_TX_NUMERIC);
    assert_int_equal(len, 4);
    assert_string_equal(desc, "PIN from the SMS");
    const wallet_vci_issuer *md = wallet_vci_session_issuer(s);
    assert_string_equal(wallet_vci_issuer_id(md), f->m->base);
    assert_int_equal(wallet_vci_issuer_batch_size(md), 2);
    assert_non_null(strstr(wallet_vci_issuer_token_endpoint(md), "/token"));
    assert_string_equal(wallet_vci_issuer_config_format(md, "pid"), "dc+sd-jwt");
    tu_assert_ok(ctx, wallet_vci_session_token(ctx, s, "1234"));
    wallet_key *k[2] = {NULL, NULL};
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k[0], WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k[1], WALLET_ALG_EDDSA));
    char **creds = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_vci_session_request(ctx, &creds, &n, s, "pid",
                                                 (const wallet_key *const *)k, 2));
    assert_int_equal(n, 2);
    assert_null(creds[2]);
    /* each credential verifies and is bound to its key, in order */
    for (size_t i = 0; i < 2; i++) {
        wallet_result *r = NULL;
        tu_assert_ok(ctx, wallet_verify(ctx, &r, f->t->trust, NULL, (const uint8_t *)creds[i],
                                        strlen(creds[i])));
        assert_true(wallet_key_equal_public(wallet_result_holder_key(r), k[i]));
        wallet_result_free(r);
    }
    /* the request named the configuration and sent both proofs (§8.2) */
    assert_non_null(strstr(f->m->last_cred_body, "\"credential_configuration_id\":\"pid\""));
    assert_non_null(strstr(f->m->last_cred_body, "\"proofs\":{\"jwt\":["));
    wallet_vci_credentials_free(creds);
    wallet_key_free(k[0]);
    wallet_key_free(k[1]);
    wallet_vci_session_free(s);
    free(offer);
}

static void invalid_nonce_once_is_retried_with_a_fresh_nonce(void **state)
{
    fx *f = *state;
    f->m->invalid_nonce_times = 1;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_ok(f->t->ctx, receive(f, offer, NULL, 0, &ids));
    assert_int_equal(f->m->cred_calls, 2);
    assert_int_equal(f->m->nonce_calls, 2);
    wallet_free(ids);
    free(offer);
}

static void issuer_without_nonce_endpoint_gets_proofs_without_nonce(void **state)
{
    fx *f = *state;
    f->m->no_nonce_endpoint = 1;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_ok(f->t->ctx, receive(f, offer, NULL, 0, &ids));
    assert_int_equal(f->m->nonce_calls, 0);
    wallet_free(ids);
    free(offer);
}

/* ---- negative: offer and metadata ----------------------------------------------------- */

static void offer_without_pre_authorized_grant_is_grant_error(void **state)
{
    fx *f = *state;
    char json[512];
    snprintf(json, sizeof(json),
             "{\"credential_issuer\":\"%s\",\"credential_configuration_ids\":[\"pid\"],"
             "\"grants\":{\"authorization_code\":{\"issuer_state\":\"x\"}}}",
             f->m->base);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, json, NULL, 0, &ids), WALLET_ERR_VCI_GRANT);
    assert_null(ids);
    assert_int_equal(f->m->token_calls, 0);
}

static void offer_naming_unknown_configuration_is_refused(void **state)
{
    fx *f = *state;
    char *offer = vm_offer_uri(f->m, "\"pid\",\"passport\"");
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids),
                  WALLET_ERR_VCI_UNKNOWN_CONFIGURATION);
    assert_int_equal(f->m->token_calls, 0);
    free(offer);
}

static void offer_uri_answering_404_is_http_status(void **state)
{
    fx *f = *state;
    f->m->offer_body = "{}";
    f->m->offer_status = 404;
    char uri[256];
    snprintf(uri, sizeof(uri), "x://?credential_offer_uri=%s/offer", f->m->base);
    wallet_vci_offer *o = NULL;
    tu_assert_err(f->t->ctx, wallet_vci_offer_resolve(f->t->ctx, &o, uri, strlen(uri)),
                  WALLET_ERR_HTTP_STATUS);
    assert_null(o);
}

static void offer_uri_returning_garbage_is_offer_error(void **state)
{
    fx *f = *state;
    f->m->offer_body = "[1,2]";
    f->m->offer_status = 200;
    char uri[256];
    snprintf(uri, sizeof(uri), "x://?credential_offer_uri=%s/offer", f->m->base);
    wallet_vci_offer *o = NULL;
    tu_assert_err(f->t->ctx, wallet_vci_offer_resolve(f->t->ctx, &o, uri, strlen(uri)),
                  WALLET_ERR_VCI_OFFER);
}

static void metadata_naming_another_issuer_is_mismatch(void **state)
{
    fx *f = *state;
    f->m->md_body = "{\"credential_issuer\":\"https://evil.example\",\"credential_endpoint\":"
                    "\"https://evil.example/c\",\"credential_configurations_supported\":"
                    "{\"pid\":{\"format\":\"dc+sd-jwt\"}}}";
    f->m->md_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_ISSUER_MISMATCH);
    free(offer);
}

static void issuer_requiring_encryption_is_unsupported(void **state)
{
    fx *f = *state;
    char b[1024];
    snprintf(b, sizeof(b),
             "{\"credential_issuer\":\"%s\",\"credential_endpoint\":\"%s/credential\","
             "\"credential_response_encryption\":{\"alg_values_supported\":[\"ECDH-ES\"],"
             "\"enc_values_supported\":[\"A128GCM\"],\"encryption_required\":true},"
             "\"credential_configurations_supported\":{\"pid\":{\"format\":\"dc+sd-jwt\"}}}",
             f->m->base, f->m->base);
    f->m->md_body = b;
    f->m->md_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_UNSUPPORTED);
    assert_int_equal(f->m->token_calls, 0);
    free(offer);
}

static void metadata_404_is_http_status(void **state)
{
    fx *f = *state;
    f->m->md_body = "{}";
    f->m->md_status = 404;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_HTTP_STATUS);
    free(offer);
}

static void metadata_over_http_limit_is_too_large(void **state)
{
    fx *f = *state;
    wallet_ctx_limit(f->t->ctx, WALLET_LIMIT_HTTP_BYTES, 200);
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_TOO_LARGE);
    free(offer);
}

static void as_metadata_naming_another_issuer_is_mismatch(void **state)
{
    fx *f = *state;
    f->m->as_body = "{\"issuer\":\"https://as.example\",\"token_endpoint\":\"https://as.example/t\"}";
    f->m->as_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_ISSUER_MISMATCH);
    free(offer);
}

static void as_metadata_without_token_endpoint_is_as_error(void **state)
{
    fx *f = *state;
    char b[256];
    snprintf(b, sizeof(b), "{\"issuer\":\"%s\"}", f->m->base);
    f->m->as_body = b;
    f->m->as_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_AS_METADATA);
    free(offer);
}

static void offline_context_fetches_nothing(void **state)
{
    fx *f = *state;
    wallet_ctx_set_offline(f->t->ctx, 1);
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_OFFLINE);
    free(offer);
}

/* ---- negative: token endpoint ----------------------------------------------------------- */

static void wrong_tx_code_is_grant_rejected(void **state)
{
    fx *f = *state;
    f->m->tx_code = "111111";
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, "222222", 0, &ids),
                  WALLET_ERR_VCI_GRANT_REJECTED);
    assert_int_equal(count_keys(f), 0);
    assert_int_equal(count_creds(f), 0);
    free(offer);
}

static void missing_tx_code_is_refused_before_sending(void **state)
{
    fx *f = *state;
    f->m->tx_code = "111111";
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_TX_CODE);
    assert_int_equal(f->m->token_calls, 0);
    free(offer);
}

static void tx_code_of_wrong_length_is_refused(void **state)
{
    fx *f = *state;
    f->m->tx_code = "111111";
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, "11111", 0, &ids), WALLET_ERR_VCI_TX_CODE);
    free(offer);
}

static void non_numeric_tx_code_is_refused(void **state)
{
    fx *f = *state;
    f->m->tx_code = "111111";
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, "11a111", 0, &ids), WALLET_ERR_VCI_TX_CODE);
    free(offer);
}

static void tx_code_not_asked_for_is_refused(void **state)
{
    fx *f = *state;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, "1234", 0, &ids), WALLET_ERR_VCI_TX_CODE);
    free(offer);
}

static void token_error_other_than_invalid_grant_is_request_denied(void **state)
{
    fx *f = *state;
    f->m->token_body = "{\"error\":\"invalid_client\"}";
    f->m->token_status = 401;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_REQUEST_DENIED);
    free(offer);
}

static void token_server_error_is_http_status(void **state)
{
    fx *f = *state;
    f->m->token_body = "oops";
    f->m->token_status = 500;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_HTTP_STATUS);
    free(offer);
}

static void token_response_without_access_token_is_token_error(void **state)
{
    fx *f = *state;
    f->m->token_body = "{\"token_type\":\"Bearer\"}";
    f->m->token_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_TOKEN_RESPONSE);
    free(offer);
}

static void dpop_token_is_unsupported(void **state)
{
    fx *f = *state;
    f->m->token_body = "{\"access_token\":\"abc\",\"token_type\":\"DPoP\"}";
    f->m->token_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_UNSUPPORTED);
    free(offer);
}

static void redeeming_twice_is_state_error(void **state)
{
    fx *f = *state;
    char *offer = vm_offer_uri(f->m, NULL);
    wallet_vci_session *s = NULL;
    tu_assert_ok(f->t->ctx, wallet_vci_session_new(f->t->ctx, &s, offer, strlen(offer)));
    tu_assert_ok(f->t->ctx, wallet_vci_session_token(f->t->ctx, s, NULL));
    tu_assert_err(f->t->ctx, wallet_vci_session_token(f->t->ctx, s, NULL), WALLET_ERR_STATE);
    wallet_vci_session_free(s);
    free(offer);
}

static void request_before_token_is_state_error(void **state)
{
    fx *f = *state;
    char *offer = vm_offer_uri(f->m, NULL);
    wallet_vci_session *s = NULL;
    tu_assert_ok(f->t->ctx, wallet_vci_session_new(f->t->ctx, &s, offer, strlen(offer)));
    wallet_key *k = NULL;
    tu_assert_ok(f->t->ctx, wallet_key_generate(f->t->ctx, &k, WALLET_ALG_ES256));
    char **creds = NULL;
    size_t n = 0;
    const wallet_key *ks[] = {k};
    tu_assert_err(f->t->ctx, wallet_vci_session_request(f->t->ctx, &creds, &n, s, "pid", ks, 1),
                  WALLET_ERR_STATE);
    assert_null(creds);
    assert_int_equal(f->m->cred_calls, 0);
    wallet_key_free(k);
    wallet_vci_session_free(s);
    free(offer);
}

/* ---- negative: nonce and credential endpoints --------------------------------------------- */

static void nonce_response_without_c_nonce_is_nonce_error(void **state)
{
    fx *f = *state;
    f->m->nonce_body = "{\"nonce\":\"x\"}";
    f->m->nonce_status = 200;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_NONCE_RESPONSE);
    /* the generated key went away again */
    assert_int_equal(count_keys(f), 0);
    free(offer);
}

static void invalid_proof_answer_is_invalid_proof(void **state)
{
    fx *f = *state;
    f->m->cred_body = "{\"error\":\"invalid_proof\",\"error_description\":\"bad\"}";
    f->m->cred_status = 400;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_INVALID_PROOF);
    assert_int_equal(count_keys(f), 0);
    free(offer);
}

static void invalid_nonce_twice_is_nonce_rejected(void **state)
{
    fx *f = *state;
    f->m->invalid_nonce_times = 2;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_NONCE_REJECTED);
    assert_int_equal(f->m->cred_calls, 2);
    free(offer);
}

static void credential_request_denied_is_request_denied(void **state)
{
    fx *f = *state;
    f->m->cred_body = "{\"error\":\"credential_request_denied\"}";
    f->m->cred_status = 400;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_REQUEST_DENIED);
    free(offer);
}

static void deferred_answer_is_deferred(void **state)
{
    fx *f = *state;
    f->m->cred_body = "{\"transaction_id\":\"t-1\",\"interval\":5}";
    f->m->cred_status = 202;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_DEFERRED);
    free(offer);
}

static void more_credentials_than_proofs_is_response_error(void **state)
{
    fx *f = *state;
    f->m->extra_credential = 1;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids),
                  WALLET_ERR_VCI_CREDENTIAL_RESPONSE);
    assert_int_equal(count_creds(f), 0);
    free(offer);
}

static void credential_from_untrusted_issuer_is_not_stored(void **state)
{
    fx *f = *state;
    wallet_trust *empty = NULL;
    tu_assert_ok(f->t->ctx, wallet_trust_new(f->t->ctx, &empty));
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx,
                  wallet_vci_receive(f->t->ctx, &ids, f->s, empty, NULL, offer, NULL, NULL, 0, 0),
                  WALLET_ERR_KEY_NOT_FOUND);
    assert_int_equal(count_creds(f), 0);
    assert_int_equal(count_keys(f), 0);
    wallet_trust_free(empty);
    free(offer);
}

static void credential_bound_to_a_stranger_key_is_holder_binding(void **state)
{
    fx *f = *state;
    f->m->bind_other_key = 1;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_HOLDER_BINDING);
    assert_null(ids);
    assert_int_equal(count_creds(f), 0);
    assert_int_equal(count_keys(f), 0);
    free(offer);
}

static void more_copies_than_batch_size_is_invalid_arg(void **state)
{
    fx *f = *state;
    f->m->batch_size = 2;
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 3, &ids), WALLET_ERR_INVALID_ARG);
    assert_int_equal(f->m->token_calls, 0);
    free(offer);
}

static void configuration_with_only_rsa_proofs_is_no_proof_alg(void **state)
{
    fx *f = *state;
    char *offer = vm_offer_uri(f->m, "\"rsaonly\"");
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_VCI_NO_PROOF_ALG);
    assert_int_equal(count_keys(f), 0);
    free(offer);
}

static void locked_store_is_state_error(void **state)
{
    fx *f = *state;
    wallet_store_lock(f->s);
    char *offer = vm_offer_uri(f->m, NULL);
    char *ids = NULL;
    tu_assert_err(f->t->ctx, receive(f, offer, NULL, 0, &ids), WALLET_ERR_STATE);
    assert_int_equal(f->m->token_calls, 0);
    free(offer);
}

static void unknown_flag_is_invalid_arg(void **state)
{
    fx *f = *state;
    char *ids = NULL;
    tu_assert_err(f->t->ctx,
                  wallet_vci_receive(f->t->ctx, &ids, f->s, f->t->trust, NULL, "{}", NULL, NULL,
                                     0, WALLET_STORE_SEPARATE),
                  WALLET_ERR_INVALID_ARG);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(receive_by_value_with_tx_code_stores_bound_credential),
        T(receive_by_reference_fetches_the_offer),
        T(receive_batch_binds_each_copy_to_its_own_key),
        T(receive_two_configurations_uses_each_proof_alg),
        T(receive_with_external_signer_key),
        T(session_steps_with_in_memory_keys),
        T(invalid_nonce_once_is_retried_with_a_fresh_nonce),
        T(issuer_without_nonce_endpoint_gets_proofs_without_nonce),
        T(offer_without_pre_authorized_grant_is_grant_error),
        T(offer_naming_unknown_configuration_is_refused),
        T(offer_uri_answering_404_is_http_status),
        T(offer_uri_returning_garbage_is_offer_error),
        T(metadata_naming_another_issuer_is_mismatch),
        T(issuer_requiring_encryption_is_unsupported),
        T(metadata_404_is_http_status),
        T(metadata_over_http_limit_is_too_large),
        T(as_metadata_naming_another_issuer_is_mismatch),
        T(as_metadata_without_token_endpoint_is_as_error),
        T(offline_context_fetches_nothing),
        T(wrong_tx_code_is_grant_rejected),
        T(missing_tx_code_is_refused_before_sending),
        T(tx_code_of_wrong_length_is_refused),
        T(non_numeric_tx_code_is_refused),
        T(tx_code_not_asked_for_is_refused),
        T(token_error_other_than_invalid_grant_is_request_denied),
        T(token_server_error_is_http_status),
        T(token_response_without_access_token_is_token_error),
        T(dpop_token_is_unsupported),
        T(redeeming_twice_is_state_error),
        T(request_before_token_is_state_error),
        T(nonce_response_without_c_nonce_is_nonce_error),
        T(invalid_proof_answer_is_invalid_proof),
        T(invalid_nonce_twice_is_nonce_rejected),
        T(credential_request_denied_is_request_denied),
        T(deferred_answer_is_deferred),
        T(more_credentials_than_proofs_is_response_error),
        T(credential_from_untrusted_issuer_is_not_stored),
        T(credential_bound_to_a_stranger_key_is_holder_binding),
        T(more_copies_than_batch_size_is_invalid_arg),
        T(configuration_with_only_rsa_proofs_is_no_proof_alg),
        T(locked_store_is_state_error),
        T(unknown_flag_is_invalid_arg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
