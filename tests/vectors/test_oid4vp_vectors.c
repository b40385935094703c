/*
 * OpenID4VP 1.0 request examples of the specification (inline JSON blocks,
 * vectors/oid4vp-oid4vci/oid4vp/inline-json-from-spec.json) through the
 * wallet's request validation (src/oid4vp/): what a wallet following §5
 * must accept and refuse. Placeholders of the illustrative examples ("{...}"
 * for the DCQL query) are filled with the §6 `simple` query. Deliberate
 * disagreements are listed in vectors/oid4vp-oid4vci/README.md.
 */
#include <cjson/cJSON.h>

#include "../../libwallet/src/oid4vp/oid4vp_int.h"
#include "testutil.h"

#define INLINE "oid4vp-oid4vci/oid4vp/inline-json-from-spec.json"
#define SIMPLE "oid4vp-oid4vci/oid4vp/1.0/examples/query_lang/simple.json"

static cJSON *blocks;
static char *simple;

static int setup(void **state)
{
    (void)state;
    size_t n = 0;
    char *t = (char *)tu_vector(INLINE, &n);
    cJSON *root = cJSON_Parse(t);
    free(t);
    assert_non_null(root);
    blocks = cJSON_DetachItemFromObject(root, "blocks");
    cJSON_Delete(root);
    simple = (char *)tu_vector(SIMPLE, &n);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(blocks);
    free(simple);
    return 0;
}

/* Block n (1-based, as in the file) as request parameters: valid JSON
 * blocks are used as they are; the illustrative ones get the `simple`
 * query in place of "{...}". */
static cJSON *block(int n)
{
    cJSON *b = cJSON_GetArrayItem(blocks, n - 1);
    assert_non_null(b);
    assert_int_equal(cJSON_GetObjectItem(b, "n")->valueint, n);
    cJSON *v = cJSON_GetObjectItem(b, "value");
    if (cJSON_IsObject(v))
        return cJSON_Duplicate(v, 1);
    assert_true(cJSON_IsString(v));
    const char *s = v->valuestring, *ph = strstr(s, "{...}");
    assert_non_null(ph);
    size_t n1 = (size_t)(ph - s);
    size_t len = strlen(s) + strlen(simple) + 1;
    char *fixed = malloc(len);
    snprintf(fixed, len, "%.*s%s%s", (int)n1, s, simple, ph + 5);
    cJSON *o = cJSON_Parse(fixed);
    free(fixed);
    assert_non_null(o);
    return o;
}

/* Validate params as an unsigned request (the wallet's path for a request
 * object with "alg":"none" or parameters by value). */
static wallet_err validate(wallet_ctx *ctx, cJSON *params, wallet_oid4vp_request **out)
{
    wallet_oid4vp_request *req = calloc(1, sizeof(*req));
    wallet_err e = wl_oid4vp_validate(ctx, req, params, NULL, 0, NULL);
    if (e || !out)
        wallet_oid4vp_request_free(req);
    else
        *out = req;
    return e;
}

/* §8.2 example (block 10): redirect_uri client, direct_post: accepted. */
static void test_direct_post_example_accepted(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1767225600);
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(ctx, validate(ctx, block(10), &req));
    assert_int_equal(wallet_oid4vp_request_prefix(req), WALLET_OID4VP_PREFIX_REDIRECT_URI);
    assert_string_equal(wallet_oid4vp_request_response_uri(req), "https://client.example.org/post");
    assert_string_equal(wallet_oid4vp_request_nonce(req), "n-0S6_WzA2Mj");
    assert_string_equal(wallet_oid4vp_request_state(req), "eyJhb...6-sVA");
    assert_int_equal(wallet_oid4vp_request_mode(req), WALLET_OID4VP_DIRECT_POST);
    assert_string_equal(wallet_dcql_credential_id(wallet_oid4vp_request_dcql(req), 0),
                        "my_credential");
    wallet_oid4vp_request_free(req);
    wallet_ctx_free(ctx);
}

/* §5.10 example (block 2): an x509_san_dns request object. Its parameters
 * are acceptable, but unsigned they must be refused: the prefix needs a
 * signature by the certificate's key. wallet_nonce is ignored. */
static void test_x509_request_example_needs_signature(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1767225600);
    tu_assert_err(ctx, validate(ctx, block(2), NULL), WALLET_ERR_OID4VP_UNSIGNED);
    wallet_ctx_free(ctx);
}

/* §5 example (block 1): a redirect_uri request without response_mode (the
 * default, fragment, returns the response by redirect): this wallet only
 * answers by direct_post. */
static void test_fragment_example_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1767225600);
    tu_assert_err(ctx, validate(ctx, block(1), NULL), WALLET_ERR_OID4VP_RESPONSE_MODE);
    wallet_ctx_free(ctx);
}

/* §8.3 example (block 11): dc_api.jwt is the DC API mode: refused here.
 * Given as a direct_post.jwt request, its client_metadata yields the first
 * usable key — the P-256 key "ac" (X25519 and X448 are skipped) — and
 * A128GCM; the key's thumbprint is the one of §8.3's private JWK (block
 * 13), which the mdoc handover binds. */
static void test_encrypted_response_example(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1767225600);
    /* Over the DC API there is no client_id; give it one so that the
     * response mode is what is judged. */
    cJSON *p = block(11);
    cJSON_AddStringToObject(p, "client_id", "redirect_uri:https://client.example.org/post");
    cJSON_AddStringToObject(p, "response_uri", "https://client.example.org/post");
    tu_assert_err(ctx, validate(ctx, cJSON_Duplicate(p, 1), NULL),
                  WALLET_ERR_OID4VP_RESPONSE_MODE);
    cJSON_ReplaceItemInObject(p, "response_mode", cJSON_CreateString("direct_post.jwt"));
    wallet_oid4vp_request *req = NULL;
    tu_assert_ok(ctx, validate(ctx, p, &req));
    assert_string_equal(wallet_key_kid(req->enc_key), "ac");
    assert_int_equal(req->enc, WALLET_JWE_ENC_A128GCM);
    cJSON *jwk = cJSON_GetObjectItem(cJSON_GetArrayItem(blocks, 12), "value");
    char *jt = cJSON_PrintUnformatted(jwk);
    wallet_key *k = NULL;
    uint8_t t[32];
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, jt, strlen(jt)));
    tu_assert_ok(ctx, wallet_key_thumbprint(ctx, t, k));
    assert_memory_equal(t, req->enc_thumbprint, 32);
    wallet_key_free(k);
    free(jt);
    wallet_oid4vp_request_free(req);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_post_example_accepted),
        cmocka_unit_test(test_x509_request_example_needs_signature),
        cmocka_unit_test(test_fragment_example_refused),
        cmocka_unit_test(test_encrypted_response_example),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
