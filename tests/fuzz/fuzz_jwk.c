/*
 * Fuzz target: JWK import (wallet_key_from_jwk), and the same text as a JWK
 * or JWK Set given to a trust set (wallet_trust_add_jwks).
 *
 * Properties: an imported key survives export and re-import in every form
 * (see fuzz_key.h); a JWK Set the trust set accepts adds at least one key.
 */
#include "fuzz_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wallet_key *key = NULL;
    wallet_err e = wallet_key_from_jwk(ctx, &key, (const char *)data, size);
    if (e == WALLET_OK) {
        FZ_CHECK(key != NULL);
        fz_key_roundtrip(ctx, key);
        wallet_key_free(key);
    } else {
        FZ_CHECK(key == NULL && wallet_ctx_errcode(ctx) == e);
    }

    wallet_trust *trust = NULL;
    FZ_CHECK(wallet_trust_new(ctx, &trust) == WALLET_OK);
    e = wallet_trust_add_jwks(ctx, trust, (const char *)data, size);
    if (e == WALLET_OK)
        FZ_CHECK(wallet_trust_key_count(trust) >= 1);
    else
        FZ_CHECK(wallet_ctx_errcode(ctx) == e);
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
    return 0;
}
