/*
 * Fuzz target: the OpenID4VP authorization request parser
 * (wallet_oid4vp_request_from_object / _fetch, src/oid4vp/).
 *
 * The first byte picks the entry point, the rest is the input:
 *   0  the request parameters as JSON, wrapped here as an unsigned request
 *      object ("alg":"none"), outer client_id taken from the JSON;
 *   1  a whole request object (compact JWT, any header) with no verifier
 *      roots: a signed one can never pass, an unsigned one goes through
 *      every parameter check;
 *   2  an authorization request URI, in an offline context (a request_uri
 *      is refused before any network use; parameters by value are parsed).
 *
 * Properties: a failure leaves no object and records its code; a success
 * is an unsigned redirect_uri request whose response_uri is the client
 * identifier, with a non-empty nonce, a parsed DCQL query, at most 16
 * transaction data entries each with decoded JSON, and a consent summary
 * that is strict JSON.
 */
#include "core/json.h"
#include "fuzz_common.h"
#include "wallet/oid4vp.h"

static void fz_check_request(wallet_ctx *ctx, const wallet_oid4vp_request *req)
{
    FZ_CHECK(wallet_oid4vp_request_prefix(req) == WALLET_OID4VP_PREFIX_REDIRECT_URI);
    FZ_CHECK(!strcmp(wallet_oid4vp_request_client_value(req),
                     wallet_oid4vp_request_response_uri(req)));
    FZ_CHECK(wallet_oid4vp_request_nonce(req) && *wallet_oid4vp_request_nonce(req));
    FZ_CHECK(wallet_oid4vp_request_dcql(req) != NULL);
    FZ_CHECK(wallet_oid4vp_request_dcql_json(req) != NULL);
    wallet_oid4vp_mode m = wallet_oid4vp_request_mode(req);
    FZ_CHECK(m == WALLET_OID4VP_DIRECT_POST || m == WALLET_OID4VP_DIRECT_POST_JWT);
    size_t n = wallet_oid4vp_request_transaction_data_count(req);
    FZ_CHECK(n <= 16);
    for (size_t i = 0; i <= n; i++) {
        FZ_CHECK((i < n) == (wallet_oid4vp_request_transaction_data(req, i) != NULL));
        FZ_CHECK((i < n) == (wallet_oid4vp_request_transaction_data_json(req, i) != NULL));
    }
    (void)wallet_oid4vp_request_client_name(req, "vi");
    (void)wallet_oid4vp_request_client_name(req, NULL);
    (void)wallet_oid4vp_request_purpose(req);
    (void)wallet_oid4vp_request_state(req);
    FZ_CHECK(wallet_oid4vp_request_subject(req) == NULL);
    char *sum = NULL;
    FZ_CHECK_OK(ctx, wallet_oid4vp_request_summary_json(ctx, &sum, req));
    cJSON *root = NULL;
    FZ_CHECK(wl_json_parse(ctx, &root, sum, strlen(sum)) == WALLET_OK);
    cJSON_Delete(root);
    wallet_free(sum);
}

/* Wrap JSON params as an unsigned request object. */
static char *fz_unsigned(const uint8_t *data, size_t size)
{
    static const char hdr[] = "eyJhbGciOiJub25lIiwidHlwIjoib2F1dGgtYXV0aHotcmVxK2p3dCJ9";
    char *p = NULL;
    size_t pl = 0;
    if (wallet_b64url_encode(NULL, &p, &pl, data, size) != WALLET_OK)
        return NULL;
    size_t n = sizeof(hdr) - 1 + 1 + pl + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s.%s.", hdr, p);
    wallet_free(p);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    wallet_ctx *ctx = fz_ctx();
    wallet_ctx_set_offline(ctx, 1);
    wallet_oid4vp_request *req = NULL;
    wallet_err e;
    uint8_t mode = data[0] % 3;
    data++;
    size--;
    if (mode == 0) {
        char *jar = fz_unsigned(data, size);
        FZ_CHECK(jar != NULL);
        /* The outer client_id: what the JSON says, when it says it plainly. */
        cJSON *o = NULL;
        const char *cid = NULL;
        if (wl_json_parse(ctx, &o, (const char *)data, size) == WALLET_OK)
            cid = wl_json_get_string(o, "client_id");
        e = wallet_oid4vp_request_from_object(ctx, &req, cid, jar, strlen(jar), NULL, 0);
        cJSON_Delete(o);
        free(jar);
    } else if (mode == 1) {
        e = wallet_oid4vp_request_from_object(ctx, &req, NULL, (const char *)data, size, NULL, 0);
    } else {
        char *uri = malloc(size + 1);
        FZ_CHECK(uri != NULL);
        memcpy(uri, data, size);
        uri[size] = 0;
        e = wallet_oid4vp_request_fetch(ctx, &req, uri, NULL, 0);
        free(uri);
    }
    if (e != WALLET_OK) {
        FZ_CHECK(req == NULL && wallet_ctx_errcode(ctx) == e);
    } else {
        fz_check_request(ctx, req);
        wallet_oid4vp_request_free(req);
    }
    wallet_ctx_free(ctx);
    return 0;
}
