/*
 * Fuzz target: an ISO/IEC 18013-5 DeviceResponse (and, on the same bytes,
 * an IssuerSigned, a DeviceRequest with its readerAuth, the holder's
 * credential view and wallet_verify()) under the Annex D trust, transcript
 * and reader key, so that the Annex D seed verifies end to end.
 *
 * Properties: a verified response has every accessor set and claims that
 * are a JSON object; on failure every output is NULL; wallet_verify agrees
 * with wallet_mdoc_verify on a DeviceResponse.
 */
#include "core/json.h"
#include "fuzz_mdoc.h"

static void fz_json_object(const char *s)
{
    FZ_CHECK(s != NULL);
    cJSON *j = NULL;
    FZ_CHECK(wl_json_parse(NULL, &j, s, strlen(s)) == WALLET_OK && cJSON_IsObject(j));
    cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_mdoc_ctx();
    const wallet_trust *t = fz_annexd_trust();
    size_t st_len;
    const uint8_t *st = fz_annexd_st(&st_len);
    wallet_policy *p = NULL;
    FZ_CHECK(wallet_policy_new(ctx, &p) == WALLET_OK);
    FZ_CHECK(wallet_policy_set_session_transcript(ctx, p, st, st_len) == WALLET_OK);
    FZ_CHECK(wallet_policy_set_reader_key(ctx, p, fz_annexd_reader()) == WALLET_OK);

    wallet_mdoc_verified *v = (wallet_mdoc_verified *)1;
    wallet_err e = wallet_mdoc_verify(ctx, &v, t, p, data, size);
    if (e) {
        FZ_CHECK(v == NULL);
    } else {
        size_t n = wallet_mdoc_verified_count(v);
        FZ_CHECK(n >= 1);
        for (size_t i = 0; i < n; i++) {
            FZ_CHECK(wallet_mdoc_verified_doctype(v, i) && wallet_mdoc_verified_issuer(v, i));
            fz_json_object(wallet_mdoc_verified_claims(v, i));
            fz_json_object(wallet_mdoc_verified_device_claims(v, i));
            fz_json_object(wallet_mdoc_verified_errors(v, i));
            FZ_CHECK(wallet_mdoc_verified_device_key(v, i) != NULL);
            FZ_CHECK(wallet_mdoc_verified_device_auth(v, i) != WALLET_MDOC_DEVICE_AUTH_NONE);
        }
        fz_json_object(wallet_mdoc_verified_document_errors(v));
        FZ_CHECK(wallet_mdoc_verified_doctype(v, n) == NULL);
    }
    wallet_mdoc_verified_free(v);

    /* wallet_verify() owns the same bytes when they look like an mdoc */
    wallet_result *r = NULL;
    wallet_err e2 = wallet_verify(ctx, &r, t, p, data, size);
    FZ_CHECK(r != NULL);
    if (!e)
        FZ_CHECK(e2 == WALLET_OK && wallet_result_claims_json(r) != NULL);
    if (e2)
        FZ_CHECK(wallet_result_claims_json(r) == NULL && wallet_result_issuer(r) == NULL);
    wallet_result_free(r);

    /* the same bytes as an IssuerSigned */
    v = (wallet_mdoc_verified *)1;
    if (wallet_mdoc_verify_issuer_signed(ctx, &v, t, NULL, data, size) == WALLET_OK)
        FZ_CHECK(wallet_mdoc_verified_device_auth(v, 0) == WALLET_MDOC_DEVICE_AUTH_NONE);
    else
        FZ_CHECK(v == NULL);
    wallet_mdoc_verified_free(v);

    /* the holder's structural view */
    wallet_mdoc_credential *c = NULL;
    if (wallet_mdoc_credential_parse(ctx, &c, data, size) == WALLET_OK) {
        FZ_CHECK(wallet_mdoc_credential_doctype(c) != NULL);
        wallet_mdoc_item it;
        for (size_t i = 0; i < wallet_mdoc_credential_count(c); i++)
            FZ_CHECK(wallet_mdoc_credential_item(c, i, &it) && it.name_space && it.element);
    } else {
        FZ_CHECK(c == NULL);
    }
    wallet_mdoc_credential_free(c);

    /* as a DeviceRequest */
    wallet_mdoc_request *req = NULL;
    if (wallet_mdoc_request_parse(ctx, &req, data, size) == WALLET_OK) {
        for (size_t i = 0; i < wallet_mdoc_request_count(req); i++) {
            FZ_CHECK(wallet_mdoc_request_doctype(req, i) != NULL);
            wallet_mdoc_item it;
            for (size_t j = 0; j < wallet_mdoc_request_item_count(req, i); j++)
                FZ_CHECK(wallet_mdoc_request_item(req, i, j, &it));
            char *subject = (char *)1;
            if (wallet_mdoc_request_verify_reader_auth(ctx, &subject, req, i, t, WALLET_ALGSET_ALL,
                                                       st, st_len) == WALLET_OK)
                FZ_CHECK(subject != NULL);
            else
                FZ_CHECK(subject == NULL);
            wallet_free(subject);
        }
    } else {
        FZ_CHECK(req == NULL);
    }
    wallet_mdoc_request_free(req);
    wallet_policy_free(p);
    wallet_ctx_free(ctx);
    return 0;
}
