/*
 * OpenID4VCI wallet side, no network: the offer, issuer metadata,
 * authorization server metadata, token / nonce / credential response
 * parsers and the JWT proof. Each negative case is named for its defect.
 */
#include "testutil.h"

#include "oid4vci/vci_int.h"
#include "wallet/oid4vci.h"

#define NOW 1767225600
#define ISS "https://issuer.example.vn"
#define PRE "\"urn:ietf:params:oauth:grant-type:pre-authorized_code\""

static wallet_err offer(wallet_ctx *ctx, const char *text)
{
    wallet_vci_offer *o = NULL;
    wallet_err e = wallet_vci_offer_parse(ctx, &o, text, strlen(text));
    if (e)
        assert_null(o);
    wallet_vci_offer_free(o);
    return e;
}

static wallet_err md(wallet_ctx *ctx, const char *json)
{
    wallet_vci_issuer *m = NULL;
    wallet_err e = wallet_vci_issuer_parse(ctx, &m, ISS, json, strlen(json));
    if (e)
        assert_null(m);
    wallet_vci_issuer_free(m);
    return e;
}

static wallet_err cred(wallet_ctx *ctx, const char *json)
{
    char **c = NULL;
    size_t n = 9;
    wallet_err e = wallet_vci_credential_response_parse(ctx, &c, &n, json, strlen(json));
    if (e) {
        assert_null(c);
        assert_int_equal(n, 0);
    }
    wallet_vci_credentials_free(c);
    return e;
}

static wallet_err token(wallet_ctx *ctx, const char *json)
{
    char *t = NULL;
    size_t n = 0;
    wallet_err e = wl_vci_token_response_parse(ctx, &t, &n, json, strlen(json));
    if (t)
        wl_free_secret(t, n + 1);
    return e;
}

static wallet_err nonce(wallet_ctx *ctx, const char *json)
{
    char *t = NULL;
    wallet_err e = wl_vci_nonce_response_parse(ctx, &t, json, strlen(json));
    free(t);
    return e;
}

static wallet_err asmd(wallet_ctx *ctx, const char *json)
{
    char *t = NULL;
    wallet_err e = wl_vci_as_metadata_parse(ctx, &t, ISS, json, strlen(json));
    free(t);
    return e;
}

#define OFFER_OK                                                                         \
    "{\"credential_issuer\":\"" ISS "\",\"credential_configuration_ids\":[\"pid\",\"mdl\"]," \
    "\"grants\":{" PRE ":{\"pre-authorized_code\":\"abc\",\"tx_code\":{\"input_mode\":"  \
    "\"text\",\"length\":6,\"description\":\"M\\u00e3 PIN\"}}}}"

#define MD_OK                                                                            \
    "{\"credential_issuer\":\"" ISS "\",\"credential_endpoint\":\"" ISS "/credential\","  \
    "\"nonce_endpoint\":\"" ISS "/nonce\",\"batch_credential_issuance\":{\"batch_size\":5}," \
    "\"credential_configurations_supported\":{\"pid\":{\"format\":\"dc+sd-jwt\","        \
    "\"vct\":\"urn:vn:pid:1\",\"cryptographic_binding_methods_supported\":[\"jwk\"],"    \
    "\"proof_types_supported\":{\"jwt\":{\"proof_signing_alg_values_supported\":"        \
    "[\"ES384\",\"ES256\"]}}},\"mdl\":{\"format\":\"mso_mdoc\",\"doctype\":"              \
    "\"org.iso.18013.5.1.mDL\",\"credential_signing_alg_values_supported\":[-7,-9]}}}"

/* ---- positive ---------------------------------------------------------------------- */

static void offer_by_value_uri_is_parsed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    /* percent-encoded by value, '+' as space inside the JSON is fine */
    const char *uri =
        "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2F"
        "issuer.example.vn%22%2C%22credential_configuration_ids%22%3A%5B%22pid%22%5D%2C"
        "%22grants%22%3A%7B%22urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code%22"
        "%3A%7B%22pre-authorized_code%22%3A%22x%22%7D%7D%7D";
    wallet_vci_offer *o = NULL;
    tu_assert_ok(ctx, wallet_vci_offer_parse(ctx, &o, uri, strlen(uri)));
    assert_string_equal(wallet_vci_offer_issuer(o), ISS);
    assert_int_equal(wallet_vci_offer_config_count(o), 1);
    assert_string_equal(wallet_vci_offer_config_id(o, 0), "pid");
    assert_null(wallet_vci_offer_config_id(o, 1));
    assert_true(wallet_vci_offer_pre_authorized(o));
    assert_int_equal(wallet_vci_offer_tx_code(o, NULL, NULL), WALLET_VCI_TX_NONE);
    assert_null(wallet_vci_offer_uri(o));
    wallet_vci_offer_free(o);
    wallet_ctx_free(ctx);
}

static void offer_json_with_text_tx_code_is_parsed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_offer *o = NULL;
    tu_assert_ok(ctx, wallet_vci_offer_parse(ctx, &o, OFFER_OK, strlen(OFFER_OK)));
    int64_t len = 0;
    const char *desc = NULL;
    assert_int_equal(wallet_vci_offer_tx_code(o, &len, &desc), WALLET_VCI_TX_TEXT);
    assert_int_equal(len, 6);
    assert_string_equal(desc, "M\xc3\xa3 PIN");
    assert_int_equal(wallet_vci_offer_config_count(o), 2);
    wallet_vci_offer_free(o);
    wallet_ctx_free(ctx);
}

static void offer_by_reference_keeps_the_uri(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    const char *uri = "  https://wallet.example/offer?credential_offer_uri="
                      "https%3A%2F%2Fissuer.example.vn%2Foffers%2F7\n";
    wallet_vci_offer *o = NULL;
    tu_assert_ok(ctx, wallet_vci_offer_parse(ctx, &o, uri, strlen(uri)));
    assert_string_equal(wallet_vci_offer_uri(o), "https://issuer.example.vn/offers/7");
    assert_null(wallet_vci_offer_issuer(o));
    wallet_vci_offer_free(o);
    wallet_ctx_free(ctx);
}

static void metadata_is_parsed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_issuer *m = NULL;
    tu_assert_ok(ctx, wallet_vci_issuer_parse(ctx, &m, ISS, MD_OK, strlen(MD_OK)));
    assert_string_equal(wallet_vci_issuer_credential_endpoint(m), ISS "/credential");
    assert_string_equal(wallet_vci_issuer_nonce_endpoint(m), ISS "/nonce");
    assert_null(wallet_vci_issuer_token_endpoint(m));
    assert_int_equal(wallet_vci_issuer_batch_size(m), 5);
    assert_string_equal(wallet_vci_issuer_config_format(m, "mdl"), "mso_mdoc");
    assert_null(wallet_vci_issuer_config_format(m, "nope"));
    wallet_alg alg;
    /* the wallet's preference order, not the issuer's list order */
    tu_assert_ok(ctx, wallet_vci_issuer_proof_alg(ctx, &alg, m, "pid"));
    assert_int_equal(alg, WALLET_ALG_ES256);
    tu_assert_ok(ctx, wallet_vci_issuer_proof_alg(ctx, &alg, m, "mdl"));
    assert_int_equal(alg, WALLET_ALG_ES256);
    char *cfg = NULL;
    tu_assert_ok(ctx, wallet_vci_issuer_config(ctx, &cfg, m, "mdl"));
    assert_non_null(strstr(cfg, "org.iso.18013.5.1.mDL"));
    wallet_free(cfg);
    tu_assert_err(ctx, wallet_vci_issuer_config(ctx, &cfg, m, "x"),
                  WALLET_ERR_VCI_UNKNOWN_CONFIGURATION);
    assert_null(cfg);
    tu_assert_err(ctx, wallet_vci_issuer_proof_alg(ctx, &alg, m, "x"),
                  WALLET_ERR_VCI_UNKNOWN_CONFIGURATION);
    wallet_vci_issuer_free(m);
    wallet_ctx_free(ctx);
}

static void well_known_goes_between_host_and_path(void **state)
{
    (void)state;
    char *u = wl_vci_well_known("https://iss.example:8443/tenant/a/", "openid-credential-issuer");
    assert_string_equal(u, "https://iss.example:8443/.well-known/openid-credential-issuer/tenant/a");
    free(u);
    u = wl_vci_well_known("https://iss.example", "oauth-authorization-server");
    assert_string_equal(u, "https://iss.example/.well-known/oauth-authorization-server");
    free(u);
    assert_null(wl_vci_well_known("https://iss.example?x", "a"));
    assert_null(wl_vci_well_known("iss.example", "a"));
}

static void credential_response_is_parsed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    const char *j = "{\"credentials\":[{\"credential\":\"a~b~\"},{\"credential\":\"c~\"}],"
                    "\"notification_id\":\"n\"}";
    char **c = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_vci_credential_response_parse(ctx, &c, &n, j, strlen(j)));
    assert_int_equal(n, 2);
    assert_string_equal(c[0], "a~b~");
    assert_string_equal(c[1], "c~");
    assert_null(c[2]);
    wallet_vci_credentials_free(c);
    wallet_ctx_free(ctx);
}

static void token_and_nonce_responses_are_parsed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    char *t = NULL;
    size_t n = 0;
    const char *j = "{\"access_token\":\"eyJ.a-b_c~+/=\",\"token_type\":\"Bearer\",\"expires_in\":60,"
                    "\"authorization_details\":[]}";
    tu_assert_ok(ctx, wl_vci_token_response_parse(ctx, &t, &n, j, strlen(j)));
    assert_string_equal(t, "eyJ.a-b_c~+/=");
    wl_free_secret(t, n + 1);
    char *nn = NULL;
    tu_assert_ok(ctx, wl_vci_nonce_response_parse(ctx, &nn, "{\"c_nonce\":\"q\"}", 15));
    assert_string_equal(nn, "q");
    free(nn);
    tu_assert_ok(ctx, asmd(ctx, "{\"issuer\":\"" ISS "\",\"token_endpoint\":\"" ISS "/t\"}"));
    wallet_ctx_free(ctx);
}

static void proof_jwt_has_the_appendix_f1_shape(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, WALLET_ALG_EDDSA));
    char *jwt = NULL;
    tu_assert_ok(ctx, wallet_vci_proof_jwt(ctx, &jwt, k, ISS, "n-1", NULL));
    wallet_jws *jws = NULL;
    tu_assert_ok(ctx, wallet_jws_parse(ctx, &jws, jwt, strlen(jwt)));
    const char *hdr = wallet_jws_header_json(jws, 0);
    assert_non_null(strstr(hdr, "\"typ\":\"openid4vci-proof+jwt\""));
    assert_non_null(strstr(hdr, "\"alg\":\"EdDSA\""));
    assert_non_null(strstr(hdr, "\"jwk\":{"));
    assert_null(strstr(hdr, "\"d\""));
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_EC));
    size_t n = 0;
    const char *p = (const char *)wallet_jws_payload(jws, &n);
    assert_string_equal(p, "{\"aud\":\"" ISS "\",\"iat\":1767225600,\"nonce\":\"n-1\"}");
    wallet_jws_free(jws);
    wallet_free(jwt);
    /* with a client id, without a nonce */
    tu_assert_ok(ctx, wallet_vci_proof_jwt(ctx, &jwt, k, ISS, NULL, "wallet-app"));
    tu_assert_ok(ctx, wallet_jws_parse(ctx, &jws, jwt, strlen(jwt)));
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_EC));
    p = (const char *)wallet_jws_payload(jws, &n);
    assert_string_equal(p, "{\"aud\":\"" ISS "\",\"iat\":1767225600,\"iss\":\"wallet-app\"}");
    wallet_jws_free(jws);
    wallet_free(jwt);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: offer --------------------------------------------------------------------- */

#define NEG_OFFER(name, text, code)                                                      \
    static void name(void **state)                                                       \
    {                                                                                    \
        (void)state;                                                                     \
        wallet_ctx *ctx = tu_ctx_at(NOW);                                                \
        tu_assert_err(ctx, offer(ctx, text), code);                                      \
        wallet_ctx_free(ctx);                                                            \
    }

#define OJ(issuer, ids, grants)                                                          \
    "{\"credential_issuer\":" issuer ",\"credential_configuration_ids\":" ids grants "}"
#define G(body) ",\"grants\":{" PRE ":" body "}"

NEG_OFFER(offer_plain_text_is_offer_error, "hello", WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_without_parameter_is_offer_error, "openid-credential-offer://?x=1",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_with_both_parameters_is_offer_error,
          "openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=https%3A%2F%2Fa",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_with_repeated_parameter_is_offer_error,
          "openid-credential-offer://?credential_offer=%7B%7D&credential_offer=%7B%7D",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_with_bad_percent_escape_is_offer_error,
          "openid-credential-offer://?credential_offer=%7G", WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_with_truncated_escape_is_offer_error,
          "openid-credential-offer://?credential_offer=%7", WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_with_encoded_nul_is_offer_error,
          "openid-credential-offer://?credential_offer=%7B%00%7D", WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_with_bad_scheme_is_offer_error, "1x://?credential_offer=%7B%7D",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_uri_by_reference_over_http_is_insecure,
          "x://?credential_offer_uri=http%3A%2F%2Fissuer.example.vn%2Fo",
          WALLET_ERR_INSECURE_URL)
NEG_OFFER(offer_uri_by_reference_with_fragment_is_offer_error,
          "x://?credential_offer_uri=https%3A%2F%2Fissuer.example.vn%2Fo%23f",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_json_array_is_offer_error,
          "x://?credential_offer=%5B1%5D", WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_json_malformed_is_json_error, "{\"credential_issuer\":", WALLET_ERR_JSON)
NEG_OFFER(offer_json_duplicate_member_is_json_duplicate,
          "{\"credential_issuer\":\"" ISS "\",\"credential_issuer\":\"" ISS "\"}",
          WALLET_ERR_JSON_DUPLICATE)
NEG_OFFER(offer_without_issuer_is_offer_error, "{\"credential_configuration_ids\":[\"a\"]}",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_issuer_not_string_is_offer_error, OJ("7", "[\"a\"]", ""), WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_issuer_over_plain_http_is_insecure, OJ("\"http://issuer.example.vn\"", "[\"a\"]", ""),
          WALLET_ERR_INSECURE_URL)
NEG_OFFER(offer_issuer_with_query_is_offer_error, OJ("\"" ISS "?a=1\"", "[\"a\"]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_issuer_with_fragment_is_offer_error, OJ("\"" ISS "#x\"", "[\"a\"]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_issuer_with_space_is_offer_error, OJ("\"https://a b\"", "[\"a\"]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_without_config_ids_is_offer_error, "{\"credential_issuer\":\"" ISS "\"}",
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_config_ids_empty_is_offer_error, OJ("\"" ISS "\"", "[]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_config_ids_not_array_is_offer_error, OJ("\"" ISS "\"", "\"pid\"", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_config_id_not_string_is_offer_error, OJ("\"" ISS "\"", "[1]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_config_id_empty_is_offer_error, OJ("\"" ISS "\"", "[\"\"]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_config_id_repeated_is_offer_error, OJ("\"" ISS "\"", "[\"a\",\"a\"]", ""),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_grants_not_object_is_offer_error, OJ("\"" ISS "\"", "[\"a\"]", ",\"grants\":[]"),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_pre_auth_grant_not_object_is_offer_error, OJ("\"" ISS "\"", "[\"a\"]", G("1")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_pre_auth_code_missing_is_offer_error, OJ("\"" ISS "\"", "[\"a\"]", G("{}")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_pre_auth_code_empty_is_offer_error,
          OJ("\"" ISS "\"", "[\"a\"]", G("{\"pre-authorized_code\":\"\"}")), WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_tx_code_not_object_is_offer_error,
          OJ("\"" ISS "\"", "[\"a\"]", G("{\"pre-authorized_code\":\"c\",\"tx_code\":true}")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_tx_input_mode_unknown_is_offer_error,
          OJ("\"" ISS "\"", "[\"a\"]",
             G("{\"pre-authorized_code\":\"c\",\"tx_code\":{\"input_mode\":\"alpha\"}}")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_tx_length_zero_is_offer_error,
          OJ("\"" ISS "\"", "[\"a\"]",
             G("{\"pre-authorized_code\":\"c\",\"tx_code\":{\"length\":0}}")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_tx_length_fractional_is_offer_error,
          OJ("\"" ISS "\"", "[\"a\"]",
             G("{\"pre-authorized_code\":\"c\",\"tx_code\":{\"length\":4.5}}")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_tx_description_too_long_is_offer_error,
          OJ("\"" ISS "\"", "[\"a\"]",
             G("{\"pre-authorized_code\":\"c\",\"tx_code\":{\"description\":\""
               "0123456789012345678901234567890123456789012345678901234567890123456789"
               "0123456789012345678901234567890123456789012345678901234567890123456789"
               "0123456789012345678901234567890123456789012345678901234567890123456789"
               "0123456789012345678901234567890123456789012345678901234567890123456789"
               "0123456789012345678901234567890123456789\"}}")),
          WALLET_ERR_VCI_OFFER)
NEG_OFFER(offer_authorization_server_insecure_is_insecure,
          OJ("\"" ISS "\"", "[\"a\"]",
             G("{\"pre-authorized_code\":\"c\",\"authorization_server\":\"http://as.example\"}")),
          WALLET_ERR_INSECURE_URL)

static void offer_with_too_many_config_ids_is_too_large(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    char buf[4096];
    size_t n = (size_t)snprintf(buf, sizeof(buf),
                                "{\"credential_issuer\":\"" ISS "\",\"credential_configuration_ids\":[");
    for (int i = 0; i < 65; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s\"c%d\"", i ? "," : "", i);
    snprintf(buf + n, sizeof(buf) - n, "]}");
    tu_assert_err(ctx, offer(ctx, buf), WALLET_ERR_TOO_LARGE);
    wallet_ctx_free(ctx);
}

static void offer_over_input_limit_is_too_large(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64);
    tu_assert_err(ctx, offer(ctx, OFFER_OK), WALLET_ERR_TOO_LARGE);
    wallet_ctx_free(ctx);
}

static void offer_null_output_is_invalid_arg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    tu_assert_err(ctx, wallet_vci_offer_parse(ctx, NULL, "{}", 2), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_vci_offer_resolve(ctx, NULL, "{}", 2), WALLET_ERR_INVALID_ARG);
    wallet_vci_offer *o = NULL;
    tu_assert_err(ctx, wallet_vci_offer_parse(ctx, &o, "", 0), WALLET_ERR_INVALID_ARG);
    wallet_ctx_free(ctx);
}

static void errors_keep_their_code_without_a_context(void **state)
{
    (void)state;
    wallet_vci_offer *o = NULL;
    const char *insecure = OJ("\"http://issuer.example.vn\"", "[\"a\"]", "");
    assert_int_equal(wallet_vci_offer_parse(NULL, &o, insecure, strlen(insecure)),
                     WALLET_ERR_INSECURE_URL);
    assert_null(o);
    assert_int_equal(wallet_vci_offer_parse(NULL, &o, "{\"a\":", 5), WALLET_ERR_JSON);
    char **c = NULL;
    size_t n = 0;
    assert_int_equal(wallet_vci_credential_response_parse(NULL, &c, &n, "{\"x\":1,\"x\":2}", 13),
                     WALLET_ERR_JSON_DUPLICATE);
}

/* ---- negative: issuer metadata -------------------------------------------------------------- */

#define NEG_MD(name, text, code)                                                         \
    static void name(void **state)                                                       \
    {                                                                                    \
        (void)state;                                                                     \
        wallet_ctx *ctx = tu_ctx_at(NOW);                                                \
        tu_assert_err(ctx, md(ctx, text), code);                                         \
        wallet_ctx_free(ctx);                                                            \
    }
#define MDJ(extra, cfgs)                                                                 \
    "{\"credential_issuer\":\"" ISS "\",\"credential_endpoint\":\"" ISS "/c\"" extra      \
    ",\"credential_configurations_supported\":" cfgs "}"
#define CFG "{\"pid\":{\"format\":\"dc+sd-jwt\"}}"

NEG_MD(metadata_not_object_is_metadata_error, "[]", WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_malformed_is_json_error, "{\"a\":", WALLET_ERR_JSON)
NEG_MD(metadata_without_issuer_is_metadata_error,
       "{\"credential_endpoint\":\"" ISS "/c\",\"credential_configurations_supported\":" CFG "}",
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_other_issuer_is_mismatch,
       "{\"credential_issuer\":\"https://other.example\",\"credential_endpoint\":\"" ISS
       "/c\",\"credential_configurations_supported\":" CFG "}",
       WALLET_ERR_VCI_ISSUER_MISMATCH)
NEG_MD(metadata_issuer_with_trailing_slash_is_mismatch,
       "{\"credential_issuer\":\"" ISS "/\",\"credential_endpoint\":\"" ISS
       "/c\",\"credential_configurations_supported\":" CFG "}",
       WALLET_ERR_VCI_ISSUER_MISMATCH)
NEG_MD(metadata_without_credential_endpoint_is_metadata_error,
       "{\"credential_issuer\":\"" ISS "\",\"credential_configurations_supported\":" CFG "}",
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_credential_endpoint_over_http_is_insecure,
       "{\"credential_issuer\":\"" ISS "\",\"credential_endpoint\":\"http://evil.example/c\","
       "\"credential_configurations_supported\":" CFG "}",
       WALLET_ERR_INSECURE_URL)
NEG_MD(metadata_nonce_endpoint_not_string_is_metadata_error, MDJ(",\"nonce_endpoint\":1", CFG),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_deferred_endpoint_with_fragment_is_metadata_error,
       MDJ(",\"deferred_credential_endpoint\":\"" ISS "/d#x\"", CFG), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_authorization_servers_empty_is_metadata_error,
       MDJ(",\"authorization_servers\":[]", CFG), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_authorization_server_not_string_is_metadata_error,
       MDJ(",\"authorization_servers\":[1]", CFG), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_batch_size_one_is_metadata_error,
       MDJ(",\"batch_credential_issuance\":{\"batch_size\":1}", CFG), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_batch_not_object_is_metadata_error,
       MDJ(",\"batch_credential_issuance\":5", CFG), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_without_configurations_is_metadata_error,
       "{\"credential_issuer\":\"" ISS "\",\"credential_endpoint\":\"" ISS "/c\"}",
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_configurations_empty_is_metadata_error, MDJ("", "{}"), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_configuration_not_object_is_metadata_error, MDJ("", "{\"pid\":[]}"),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_configuration_without_format_is_metadata_error, MDJ("", "{\"pid\":{}}"),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_binding_methods_not_array_is_metadata_error,
       MDJ("", "{\"pid\":{\"format\":\"dc+sd-jwt\",\"cryptographic_binding_methods_supported\":"
               "\"jwk\"}}"),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_proof_types_empty_is_metadata_error,
       MDJ("", "{\"pid\":{\"format\":\"dc+sd-jwt\",\"proof_types_supported\":{}}}"),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_proof_type_without_algs_is_metadata_error,
       MDJ("", "{\"pid\":{\"format\":\"dc+sd-jwt\",\"proof_types_supported\":{\"jwt\":{}}}}"),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_proof_algs_empty_is_metadata_error,
       MDJ("", "{\"pid\":{\"format\":\"dc+sd-jwt\",\"proof_types_supported\":{\"jwt\":"
               "{\"proof_signing_alg_values_supported\":[]}}}}"),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_encryption_required_not_boolean_is_metadata_error,
       MDJ(",\"credential_response_encryption\":{\"encryption_required\":1}", CFG),
       WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_request_encryption_not_object_is_metadata_error,
       MDJ(",\"credential_request_encryption\":true", CFG), WALLET_ERR_VCI_METADATA)
NEG_MD(metadata_vct_not_string_is_metadata_error,
       MDJ("", "{\"pid\":{\"format\":\"dc+sd-jwt\",\"vct\":1}}"), WALLET_ERR_VCI_METADATA)

/* ---- negative: AS metadata, token, nonce, credential responses -------------------------- */

#define NEG(name, fn, text, code)                                                        \
    static void name(void **state)                                                       \
    {                                                                                    \
        (void)state;                                                                     \
        wallet_ctx *ctx = tu_ctx_at(NOW);                                                \
        tu_assert_err(ctx, fn(ctx, text), code);                                         \
        wallet_ctx_free(ctx);                                                            \
    }

NEG(as_metadata_not_object_is_as_error, asmd, "\"x\"", WALLET_ERR_VCI_AS_METADATA)
NEG(as_metadata_without_issuer_is_as_error, asmd, "{\"token_endpoint\":\"" ISS "/t\"}",
    WALLET_ERR_VCI_AS_METADATA)
NEG(as_metadata_other_issuer_is_mismatch, asmd,
    "{\"issuer\":\"https://as.example\",\"token_endpoint\":\"" ISS "/t\"}",
    WALLET_ERR_VCI_ISSUER_MISMATCH)
NEG(as_metadata_token_endpoint_over_http_is_insecure, asmd,
    "{\"issuer\":\"" ISS "\",\"token_endpoint\":\"http://as.example/t\"}", WALLET_ERR_INSECURE_URL)
NEG(as_metadata_grant_types_not_array_is_as_error, asmd,
    "{\"issuer\":\"" ISS "\",\"token_endpoint\":\"" ISS "/t\",\"grant_types_supported\":\"x\"}",
    WALLET_ERR_VCI_AS_METADATA)

NEG(token_response_not_object_is_token_error, token, "[]", WALLET_ERR_VCI_TOKEN_RESPONSE)
NEG(token_response_access_token_empty_is_token_error, token,
    "{\"access_token\":\"\",\"token_type\":\"Bearer\"}", WALLET_ERR_VCI_TOKEN_RESPONSE)
NEG(token_response_without_type_is_token_error, token, "{\"access_token\":\"a\"}",
    WALLET_ERR_VCI_TOKEN_RESPONSE)
NEG(token_response_unknown_type_is_token_error, token,
    "{\"access_token\":\"a\",\"token_type\":\"MAC\"}", WALLET_ERR_VCI_TOKEN_RESPONSE)
NEG(token_response_dpop_type_is_unsupported, token,
    "{\"access_token\":\"a\",\"token_type\":\"dpop\"}", WALLET_ERR_UNSUPPORTED)
NEG(token_response_with_crlf_in_token_is_token_error, token,
    "{\"access_token\":\"a\\r\\nX-Evil: 1\",\"token_type\":\"Bearer\"}",
    WALLET_ERR_VCI_TOKEN_RESPONSE)
NEG(token_response_expires_in_string_is_token_error, token,
    "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":\"60\"}",
    WALLET_ERR_VCI_TOKEN_RESPONSE)

NEG(nonce_response_not_object_is_nonce_error, nonce, "1", WALLET_ERR_VCI_NONCE_RESPONSE)
NEG(nonce_response_empty_nonce_is_nonce_error, nonce, "{\"c_nonce\":\"\"}",
    WALLET_ERR_VCI_NONCE_RESPONSE)
NEG(nonce_response_nonce_not_string_is_nonce_error, nonce, "{\"c_nonce\":5}",
    WALLET_ERR_VCI_NONCE_RESPONSE)

NEG(credential_response_not_object_is_response_error, cred, "[]",
    WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_malformed_is_json_error, cred, "{\"credentials\":[", WALLET_ERR_JSON)
NEG(credential_response_without_credentials_is_response_error, cred, "{}",
    WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_empty_credentials_is_response_error, cred, "{\"credentials\":[]}",
    WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_bare_string_element_is_response_error, cred,
    "{\"credentials\":[\"a~\"]}", WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_object_credential_is_response_error, cred,
    "{\"credentials\":[{\"credential\":{\"a\":1}}]}", WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_empty_credential_is_response_error, cred,
    "{\"credentials\":[{\"credential\":\"\"}]}", WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_transaction_id_is_deferred, cred, "{\"transaction_id\":\"t\"}",
    WALLET_ERR_VCI_DEFERRED)
NEG(credential_response_both_forms_is_response_error, cred,
    "{\"transaction_id\":\"t\",\"credentials\":[{\"credential\":\"a\"}]}",
    WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_notification_id_not_string_is_response_error, cred,
    "{\"credentials\":[{\"credential\":\"a\"}],\"notification_id\":3}",
    WALLET_ERR_VCI_CREDENTIAL_RESPONSE)
NEG(credential_response_duplicate_member_is_json_duplicate, cred,
    "{\"credentials\":[],\"credentials\":[]}", WALLET_ERR_JSON_DUPLICATE)

static void proof_with_public_key_is_key_not_private(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = NULL, *pub = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    char *jwt = NULL;
    tu_assert_err(ctx, wallet_vci_proof_jwt(ctx, &jwt, pub, ISS, "n", NULL),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(jwt);
    tu_assert_err(ctx, wallet_vci_proof_jwt(ctx, &jwt, k, "", "n", NULL), WALLET_ERR_INVALID_ARG);
    wallet_key_free(pub);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offer_by_value_uri_is_parsed),
        cmocka_unit_test(offer_json_with_text_tx_code_is_parsed),
        cmocka_unit_test(offer_by_reference_keeps_the_uri),
        cmocka_unit_test(metadata_is_parsed),
        cmocka_unit_test(well_known_goes_between_host_and_path),
        cmocka_unit_test(credential_response_is_parsed),
        cmocka_unit_test(token_and_nonce_responses_are_parsed),
        cmocka_unit_test(proof_jwt_has_the_appendix_f1_shape),
        cmocka_unit_test(offer_plain_text_is_offer_error),
        cmocka_unit_test(offer_uri_without_parameter_is_offer_error),
        cmocka_unit_test(offer_uri_with_both_parameters_is_offer_error),
        cmocka_unit_test(offer_uri_with_repeated_parameter_is_offer_error),
        cmocka_unit_test(offer_uri_with_bad_percent_escape_is_offer_error),
        cmocka_unit_test(offer_uri_with_truncated_escape_is_offer_error),
        cmocka_unit_test(offer_uri_with_encoded_nul_is_offer_error),
        cmocka_unit_test(offer_uri_with_bad_scheme_is_offer_error),
        cmocka_unit_test(offer_uri_by_reference_over_http_is_insecure),
        cmocka_unit_test(offer_uri_by_reference_with_fragment_is_offer_error),
        cmocka_unit_test(offer_json_array_is_offer_error),
        cmocka_unit_test(offer_json_malformed_is_json_error),
        cmocka_unit_test(offer_json_duplicate_member_is_json_duplicate),
        cmocka_unit_test(offer_without_issuer_is_offer_error),
        cmocka_unit_test(offer_issuer_not_string_is_offer_error),
        cmocka_unit_test(offer_issuer_over_plain_http_is_insecure),
        cmocka_unit_test(offer_issuer_with_query_is_offer_error),
        cmocka_unit_test(offer_issuer_with_fragment_is_offer_error),
        cmocka_unit_test(offer_issuer_with_space_is_offer_error),
        cmocka_unit_test(offer_without_config_ids_is_offer_error),
        cmocka_unit_test(offer_config_ids_empty_is_offer_error),
        cmocka_unit_test(offer_config_ids_not_array_is_offer_error),
        cmocka_unit_test(offer_config_id_not_string_is_offer_error),
        cmocka_unit_test(offer_config_id_empty_is_offer_error),
        cmocka_unit_test(offer_config_id_repeated_is_offer_error),
        cmocka_unit_test(offer_grants_not_object_is_offer_error),
        cmocka_unit_test(offer_pre_auth_grant_not_object_is_offer_error),
        cmocka_unit_test(offer_pre_auth_code_missing_is_offer_error),
        cmocka_unit_test(offer_pre_auth_code_empty_is_offer_error),
        cmocka_unit_test(offer_tx_code_not_object_is_offer_error),
        cmocka_unit_test(offer_tx_input_mode_unknown_is_offer_error),
        cmocka_unit_test(offer_tx_length_zero_is_offer_error),
        cmocka_unit_test(offer_tx_length_fractional_is_offer_error),
        cmocka_unit_test(offer_tx_description_too_long_is_offer_error),
        cmocka_unit_test(offer_authorization_server_insecure_is_insecure),
        cmocka_unit_test(offer_with_too_many_config_ids_is_too_large),
        cmocka_unit_test(offer_over_input_limit_is_too_large),
        cmocka_unit_test(offer_null_output_is_invalid_arg),
        cmocka_unit_test(errors_keep_their_code_without_a_context),
        cmocka_unit_test(metadata_not_object_is_metadata_error),
        cmocka_unit_test(metadata_malformed_is_json_error),
        cmocka_unit_test(metadata_without_issuer_is_metadata_error),
        cmocka_unit_test(metadata_other_issuer_is_mismatch),
        cmocka_unit_test(metadata_issuer_with_trailing_slash_is_mismatch),
        cmocka_unit_test(metadata_without_credential_endpoint_is_metadata_error),
        cmocka_unit_test(metadata_credential_endpoint_over_http_is_insecure),
        cmocka_unit_test(metadata_nonce_endpoint_not_string_is_metadata_error),
        cmocka_unit_test(metadata_deferred_endpoint_with_fragment_is_metadata_error),
        cmocka_unit_test(metadata_authorization_servers_empty_is_metadata_error),
        cmocka_unit_test(metadata_authorization_server_not_string_is_metadata_error),
        cmocka_unit_test(metadata_batch_size_one_is_metadata_error),
        cmocka_unit_test(metadata_batch_not_object_is_metadata_error),
        cmocka_unit_test(metadata_without_configurations_is_metadata_error),
        cmocka_unit_test(metadata_configurations_empty_is_metadata_error),
        cmocka_unit_test(metadata_configuration_not_object_is_metadata_error),
        cmocka_unit_test(metadata_configuration_without_format_is_metadata_error),
        cmocka_unit_test(metadata_binding_methods_not_array_is_metadata_error),
        cmocka_unit_test(metadata_proof_types_empty_is_metadata_error),
        cmocka_unit_test(metadata_proof_type_without_algs_is_metadata_error),
        cmocka_unit_test(metadata_proof_algs_empty_is_metadata_error),
        cmocka_unit_test(metadata_encryption_required_not_boolean_is_metadata_error),
        cmocka_unit_test(metadata_request_encryption_not_object_is_metadata_error),
        cmocka_unit_test(metadata_vct_not_string_is_metadata_error),
        cmocka_unit_test(as_metadata_not_object_is_as_error),
        cmocka_unit_test(as_metadata_without_issuer_is_as_error),
        cmocka_unit_test(as_metadata_other_issuer_is_mismatch),
        cmocka_unit_test(as_metadata_token_endpoint_over_http_is_insecure),
        cmocka_unit_test(as_metadata_grant_types_not_array_is_as_error),
        cmocka_unit_test(token_response_not_object_is_token_error),
        cmocka_unit_test(token_response_access_token_empty_is_token_error),
        cmocka_unit_test(token_response_without_type_is_token_error),
        cmocka_unit_test(token_response_unknown_type_is_token_error),
        cmocka_unit_test(token_response_dpop_type_is_unsupported),
        cmocka_unit_test(token_response_with_crlf_in_token_is_token_error),
        cmocka_unit_test(token_response_expires_in_string_is_token_error),
        cmocka_unit_test(nonce_response_not_object_is_nonce_error),
        cmocka_unit_test(nonce_response_empty_nonce_is_nonce_error),
        cmocka_unit_test(nonce_response_nonce_not_string_is_nonce_error),
        cmocka_unit_test(credential_response_not_object_is_response_error),
        cmocka_unit_test(credential_response_malformed_is_json_error),
        cmocka_unit_test(credential_response_without_credentials_is_response_error),
        cmocka_unit_test(credential_response_empty_credentials_is_response_error),
        cmocka_unit_test(credential_response_bare_string_element_is_response_error),
        cmocka_unit_test(credential_response_object_credential_is_response_error),
        cmocka_unit_test(credential_response_empty_credential_is_response_error),
        cmocka_unit_test(credential_response_transaction_id_is_deferred),
        cmocka_unit_test(credential_response_both_forms_is_response_error),
        cmocka_unit_test(credential_response_notification_id_not_string_is_response_error),
        cmocka_unit_test(credential_response_duplicate_member_is_json_duplicate),
        cmocka_unit_test(proof_with_public_key_is_key_not_private),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
