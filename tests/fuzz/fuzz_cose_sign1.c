/*
 * Fuzz target: COSE_Sign1 parsing, header accessors and verification
 * against the fixed P-256 key; the same bytes also go through COSE_Sign
 * verification (wallet_cose_sign_verify), which has its own parser.
 *
 * Properties: accessors are safe for any label and index; the payload is
 * released only after a successful verification; a detached message is
 * verified over FZ_DETACHED; every output is cleared on failure.
 */
#include "fuzz_common.h"

static void fz_headers(const wallet_cose_sign1 *msg, const uint8_t *data, size_t size)
{
    static const int64_t labels[] = {
        WALLET_COSE_HDR_ALG, WALLET_COSE_HDR_CRIT, WALLET_COSE_HDR_CONTENT_TYPE,
        WALLET_COSE_HDR_KID, WALLET_COSE_HDR_TYP,  WALLET_COSE_HDR_X5CHAIN,
        0,                   -1,                   5,
        6,                   (int64_t)INT64_MIN,   (int64_t)INT64_MAX};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        size_t len = 1;
        int bucket = -1;
        const uint8_t *h = wallet_cose_sign1_header(msg, labels[i], &len, &bucket);
        if (h) {
            FZ_CHECK(len >= 1);
            FZ_CHECK(bucket == WALLET_COSE_PROTECTED || bucket == WALLET_COSE_UNPROTECTED);
            volatile uint8_t sink = h[0] ^ h[len - 1];
            (void)sink;
        }
    }
    /* A label taken from the input. */
    if (size >= 2) {
        int64_t label = (int8_t)data[size - 1] * 256 + data[size - 2];
        size_t len;
        (void)wallet_cose_sign1_header(msg, label, &len, NULL);
    }
    size_t kid_len = 0;
    const uint8_t *kid = wallet_cose_sign1_kid(msg, &kid_len);
    if (kid && kid_len) {
        volatile uint8_t sink = kid[kid_len - 1];
        (void)sink;
    }
    size_t n = wallet_cose_sign1_x5chain_count(msg);
    FZ_CHECK(n <= size);
    for (size_t i = 0; i <= n; i++) {
        size_t len = 0;
        const uint8_t *der = wallet_cose_sign1_x5chain(msg, i, &len);
        if (i == n) {
            FZ_CHECK(der == NULL);
        } else {
            FZ_CHECK(der != NULL || len == 0);
            if (der && len) {
                volatile uint8_t sink = der[0] ^ der[len - 1];
                (void)sink;
            }
        }
    }
    wallet_alg alg = wallet_cose_sign1_alg(msg);
    FZ_CHECK(alg == WALLET_ALG_NONE || wallet_alg_name(alg) != NULL);
}

static void fz_cose_sign(wallet_ctx *ctx, const wallet_key *key, const uint8_t *data,
                         size_t size)
{
    uint8_t *payload = (uint8_t *)1;
    size_t payload_len = 1, signer = 1;
    wallet_err e = wallet_cose_sign_verify(ctx, &payload, &payload_len, &signer, data, size, key,
                                           WALLET_ALGSET_ALL, NULL, 0);
    if (e == WALLET_OK) {
        wallet_free(payload);
    } else {
        FZ_CHECK(payload == NULL && payload_len == 0);
        FZ_CHECK(wallet_ctx_errcode(ctx) == e);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const wallet_key *key = fz_fixed_key();
    wallet_ctx *ctx = fz_ctx();

    wallet_cose_sign1 *msg = NULL;
    wallet_err e = wallet_cose_sign1_parse(ctx, &msg, data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(msg == NULL && wallet_ctx_errcode(ctx) == e);
    } else {
        FZ_CHECK(msg != NULL);
        fz_headers(msg, data, size);
        size_t plen = 1;
        FZ_CHECK(wallet_cose_sign1_payload(msg, &plen) == NULL && plen == 0);
        int detached = wallet_cose_sign1_is_detached(msg);
        const uint8_t *dp = detached ? (const uint8_t *)FZ_DETACHED : NULL;
        size_t dl = detached ? strlen(FZ_DETACHED) : 0;
        e = wallet_cose_sign1_verify(ctx, msg, key, WALLET_ALGSET_ALL, NULL, 0, dp, dl);
        const uint8_t *payload = wallet_cose_sign1_payload(msg, &plen);
        if (e == WALLET_OK) {
            FZ_CHECK(wallet_cose_sign1_alg(msg) == WALLET_ALG_ES256);
            if (!detached)
                FZ_CHECK(payload != NULL || plen == 0);
        } else {
            FZ_CHECK(payload == NULL && plen == 0);
            FZ_CHECK(wallet_ctx_errcode(ctx) == e);
        }
        /* External AAD changes the signed bytes: never verifies then. */
        static const uint8_t aad[] = {0x01};
        e = wallet_cose_sign1_verify(ctx, msg, key, WALLET_ALGSET_ALL, aad, sizeof(aad), dp, dl);
        FZ_CHECK(e != WALLET_OK);
        FZ_CHECK(wallet_cose_sign1_payload(msg, &plen) == NULL && plen == 0);
        wallet_cose_sign1_free(msg);
    }

    fz_cose_sign(ctx, key, data, size);
    wallet_ctx_free(ctx);
    return 0;
}
