/*
 * OpenID4VCI 1.0 examples (vectors/oid4vp-oid4vci/oid4vci/1.0/examples):
 * credential offers, issuer metadata, credential configurations and
 * credential responses through the wallet-side parsers. The .txt examples
 * are HTTP messages: the driver takes the body after the blank line and,
 * for the credential responses, joins the credential string the spec
 * wrapped over several lines (see vectors/oid4vp-oid4vci/README.md).
 */
#include <cjson/cJSON.h>

#include "testutil.h"
#include "wallet/oid4vci.h"

#define NOW 1767225600
#define DIR "oid4vp-oid4vci/oid4vci/1.0/examples/"
#define EX_ISS "https://credential-issuer.example.com"

static char *vec(const char *name, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof(rel), DIR "%s", name);
    return (char *)tu_vector(rel, len);
}

/* The body of an HTTP message example, with line breaks and indentation
 * inside JSON strings removed (the spec wraps long values). */
static char *http_body(const char *name, size_t *len)
{
    size_t n = 0;
    char *all = vec(name, &n);
    char *body = strstr(all, "\n\n");
    assert_non_null(body);
    body += 2;
    char *out = malloc(strlen(body) + 1);
    size_t j = 0;
    int in_str = 0;
    for (const char *p = body; *p; p++) {
        if (*p == '"')
            in_str = !in_str;
        if (in_str && *p == '\n') {
            while (p[1] == ' ')
                p++;
            continue;
        }
        out[j++] = *p;
    }
    out[j] = 0;
    *len = j;
    free(all);
    return out;
}

static wallet_vci_offer *offer(wallet_ctx *ctx, const char *name)
{
    size_t n = 0;
    char *t = vec(name, &n);
    wallet_vci_offer *o = NULL;
    tu_assert_ok(ctx, wallet_vci_offer_parse(ctx, &o, t, n));
    assert_string_equal(wallet_vci_offer_issuer(o), EX_ISS);
    free(t);
    return o;
}

static void pre_authorized_offer_with_described_tx_code(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_offer *o = offer(ctx, "credential_offer_pre-authz_code.json");
    assert_int_equal(wallet_vci_offer_config_count(o), 1);
    assert_string_equal(wallet_vci_offer_config_id(o, 0), "UniversityDegreeCredential");
    assert_true(wallet_vci_offer_pre_authorized(o));
    int64_t len = -1;
    const char *desc = NULL;
    /* §4.1.1: input_mode defaults to numeric; no length stated */
    assert_int_equal(wallet_vci_offer_tx_code(o, &len, &desc), WALLET_VCI_TX_NUMERIC);
    assert_int_equal(len, 0);
    assert_string_equal(desc, "Please provide the one-time code which was sent to your mobile "
                              "phone via SMS");
    wallet_vci_offer_free(o);
    wallet_ctx_free(ctx);
}

static void offer_with_empty_tx_code_object_requires_a_code(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_offer *o = offer(ctx, "credential_offer_by_reference.json");
    assert_string_equal(wallet_vci_offer_config_id(o, 0), "UniversityDegree_LDP_VC");
    const char *desc = "x";
    assert_int_equal(wallet_vci_offer_tx_code(o, NULL, &desc), WALLET_VCI_TX_NUMERIC);
    assert_null(desc);
    wallet_vci_offer_free(o);
    wallet_ctx_free(ctx);
}

static void offer_of_two_credentials_with_four_digit_code(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_offer *o = offer(ctx, "credential_offer_multiple_credentials.json");
    assert_int_equal(wallet_vci_offer_config_count(o), 2);
    assert_string_equal(wallet_vci_offer_config_id(o, 1), "org.iso.18013.5.1.mDL");
    int64_t len = 0;
    assert_int_equal(wallet_vci_offer_tx_code(o, &len, NULL), WALLET_VCI_TX_NUMERIC);
    assert_int_equal(len, 4);
    wallet_vci_offer_free(o);
    wallet_ctx_free(ctx);
}

static void authorization_code_offer_has_no_pre_authorized_grant(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    size_t n = 0;
    char *body = http_body("credential_offer_authz_code.txt", &n);
    wallet_vci_offer *o = NULL;
    tu_assert_ok(ctx, wallet_vci_offer_parse(ctx, &o, body, n));
    assert_false(wallet_vci_offer_pre_authorized(o));
    assert_int_equal(wallet_vci_offer_tx_code(o, NULL, NULL), WALLET_VCI_TX_NONE);
    wallet_vci_offer_free(o);
    /* the same offer as an openid-credential-offer:// URI by value */
    wallet_free(body);
    wallet_ctx_free(ctx);
}

static void long_issuer_metadata_is_read(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    size_t n = 0;
    char *t = vec("credential_issuer_metadata_sd_jwt_long.json", &n);
    wallet_vci_issuer *md = NULL;
    tu_assert_ok(ctx, wallet_vci_issuer_parse(ctx, &md, EX_ISS, t, n));
    assert_string_equal(wallet_vci_issuer_credential_endpoint(md), EX_ISS "/credential");
    assert_string_equal(wallet_vci_issuer_nonce_endpoint(md), EX_ISS "/nonce");
    assert_int_equal(wallet_vci_issuer_batch_size(md), 10);
    assert_string_equal(wallet_vci_issuer_config_format(md, "SD_JWT_VC_example_in_OpenID4VCI"),
                        "dc+sd-jwt");
    /* its JWT proofs need key attestations, which libwallet does not make */
    wallet_alg alg;
    tu_assert_err(ctx, wallet_vci_issuer_proof_alg(ctx, &alg, md, "SD_JWT_VC_example_in_OpenID4VCI"),
                  WALLET_ERR_UNSUPPORTED);
    wallet_vci_issuer_free(md);
    /* fetched for another identifier it is an impersonation */
    tu_assert_err(ctx, wallet_vci_issuer_parse(ctx, &md, "https://server.example.com", t, n),
                  WALLET_ERR_VCI_ISSUER_MISMATCH);
    assert_null(md);
    free(t);
    wallet_ctx_free(ctx);
}

/* A credential configuration example wrapped into minimal issuer metadata. */
static wallet_vci_issuer *wrapped_config(wallet_ctx *ctx, const char *name)
{
    size_t n = 0;
    char *t = vec(name, &n);
    cJSON *root = cJSON_ParseWithLength(t, n);
    assert_non_null(root);
    cJSON_AddStringToObject(root, "credential_issuer", EX_ISS);
    cJSON_AddStringToObject(root, "credential_endpoint", EX_ISS "/credential");
    char *json = cJSON_PrintUnformatted(root);
    wallet_vci_issuer *md = NULL;
    tu_assert_ok(ctx, wallet_vci_issuer_parse(ctx, &md, EX_ISS, json, strlen(json)));
    cJSON_free(json);
    cJSON_Delete(root);
    free(t);
    return md;
}

static void mso_mdoc_configuration_is_read(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_issuer *md = wrapped_config(ctx, "credential_metadata_mso_mdoc.json");
    assert_string_equal(wallet_vci_issuer_config_format(md, "org.iso.18013.5.1.mDL"), "mso_mdoc");
    assert_int_equal(wallet_vci_issuer_batch_size(md), 1);
    wallet_alg alg;
    /* no proof_types_supported: a plain ES256 JWT proof */
    tu_assert_ok(ctx, wallet_vci_issuer_proof_alg(ctx, &alg, md, "org.iso.18013.5.1.mDL"));
    assert_int_equal(alg, WALLET_ALG_ES256);
    char *cfg = NULL;
    tu_assert_ok(ctx, wallet_vci_issuer_config(ctx, &cfg, md, "org.iso.18013.5.1.mDL"));
    assert_non_null(strstr(cfg, "\"doctype\":\"org.iso.18013.5.1.mDL\""));
    wallet_free(cfg);
    wallet_vci_issuer_free(md);
    wallet_ctx_free(ctx);
}

static void sd_jwt_vc_configuration_is_read(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_vci_issuer *md = wrapped_config(ctx, "credential_metadata_sd_jwt_vc.json");
    assert_string_equal(wallet_vci_issuer_config_format(md, "SD_JWT_VC_example_in_OpenID4VCI"),
                        "dc+sd-jwt");
    wallet_vci_issuer_free(md);
    wallet_ctx_free(ctx);
}

static void sd_jwt_vc_credential_response_yields_the_sd_jwt(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    size_t n = 0;
    char *body = http_body("credential_response_sd_jwt_vc.txt", &n);
    char **creds = NULL;
    size_t count = 0;
    tu_assert_ok(ctx, wallet_vci_credential_response_parse(ctx, &creds, &count, body, n));
    assert_int_equal(count, 1);
    /* the credential is an SD-JWT (issuer-signed JWT, ten Disclosures) */
    wallet_sdjwt *sd = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_parse(ctx, &sd, creds[0], strlen(creds[0])));
    wallet_sdjwt_free(sd);
    size_t tildes = 0;
    for (const char *p = creds[0]; *p; p++)
        tildes += *p == '~';
    assert_int_equal(tildes, 10);
    wallet_vci_credentials_free(creds);
    free(body);
    wallet_ctx_free(ctx);
}

static void mso_mdoc_credential_response_yields_the_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    size_t n = 0;
    char *body = http_body("credential_response_mso_mdoc.txt", &n);
    char **creds = NULL;
    size_t count = 0;
    tu_assert_ok(ctx, wallet_vci_credential_response_parse(ctx, &creds, &count, body, n));
    assert_int_equal(count, 1);
    /* an elided example ("...") : the parser hands it on as received */
    assert_string_equal(creds[0], "omppc3N1ZXJBdXRohEOhASahG...ArQwggKwMIICVqADAgEC");
    wallet_vci_credentials_free(creds);
    free(body);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pre_authorized_offer_with_described_tx_code),
        cmocka_unit_test(offer_with_empty_tx_code_object_requires_a_code),
        cmocka_unit_test(offer_of_two_credentials_with_four_digit_code),
        cmocka_unit_test(authorization_code_offer_has_no_pre_authorized_grant),
        cmocka_unit_test(long_issuer_metadata_is_read),
        cmocka_unit_test(mso_mdoc_configuration_is_read),
        cmocka_unit_test(sd_jwt_vc_configuration_is_read),
        cmocka_unit_test(sd_jwt_vc_credential_response_yields_the_sd_jwt),
        cmocka_unit_test(mso_mdoc_credential_response_yields_the_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
