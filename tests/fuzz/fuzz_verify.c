/*
 * Fuzz target: wallet_verify — format detection (JWS compact / JSON, COSE
 * as binary, hex or base64url, PNG with a QR code) and the verifiers behind
 * it, against a trust set holding the fixed key only.
 *
 * Properties: a result always comes back and agrees with the return value;
 * an invalid result carries no claims, issuer or holder key; the result's
 * JSON form is valid JSON, and a valid result's claims (when there are any)
 * are a JSON object without duplicate member names.
 */
#include "core/json.h"
#include "fuzz_common.h"

static const wallet_trust *fz_trust(void)
{
    static wallet_trust *trust;
    if (trust)
        return trust;
    wallet_ctx *ctx = fz_ctx();
    if (wallet_trust_new(ctx, &trust) != WALLET_OK ||
        wallet_trust_add_key(ctx, trust, fz_fixed_key()) != WALLET_OK) {
        fprintf(stderr, "fuzz_verify: trust: %s\n", wallet_ctx_errmsg(ctx));
        abort();
    }
    FZ_CHECK(wallet_trust_key_count(trust) == 1);
    wallet_ctx_free(ctx);
    return trust;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const wallet_trust *trust = fz_trust();
    wallet_ctx *ctx = fz_ctx();

    wallet_result *r = NULL;
    wallet_err e = wallet_verify(ctx, &r, trust, NULL, data, size);
    FZ_CHECK(r != NULL);
    FZ_CHECK(wallet_result_error(r) == e);
    FZ_CHECK(wallet_result_valid(r) == (e == WALLET_OK));
    FZ_CHECK(wallet_result_detail(r) != NULL);
    const char *claims = wallet_result_claims_json(r);
    if (e != WALLET_OK) {
        FZ_CHECK(claims == NULL);
        FZ_CHECK(wallet_result_issuer(r) == NULL);
        FZ_CHECK(wallet_result_holder_key(r) == NULL);
    } else {
        FZ_CHECK(wallet_result_format(r) != NULL);
        /* A payload that is not a claims object (JWS over arbitrary bytes)
         * leaves the claims out; when present they are a JSON object. */
        if (claims) {
            cJSON *c = NULL;
            wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64 * 1024 * 1024);
            wallet_err ec = wl_json_parse_object(ctx, &c, claims, strlen(claims));
            if (ec != WALLET_OK)
                fprintf(stderr, "fuzz_verify: claims: %s\n", wallet_ctx_errmsg(ctx));
            FZ_CHECK(ec == WALLET_OK || ec == WALLET_ERR_TOO_DEEP);
            cJSON_Delete(c);
        }
    }
    (void)wallet_result_type(r);
    (void)wallet_result_valid_from(r);
    (void)wallet_result_valid_until(r);
    (void)wallet_result_issued_at(r);
    (void)wallet_result_status_uri(r);
    (void)wallet_result_status_index(r);

    char *json = NULL;
    FZ_CHECK_OK(ctx, wallet_result_to_json(ctx, &json, r));
    cJSON *j = NULL;
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64 * 1024 * 1024);
    wallet_err ej = wl_json_parse_object(ctx, &j, json, strlen(json));
    if (ej != WALLET_OK)
        fprintf(stderr, "fuzz_verify: result JSON: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(ej == WALLET_OK || ej == WALLET_ERR_TOO_DEEP);
    cJSON_Delete(j);
    wallet_free(json);

    wallet_result_free(r);
    wallet_ctx_free(ctx);
    return 0;
}
