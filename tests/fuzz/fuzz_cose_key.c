/*
 * Fuzz target: COSE_Key import (wallet_key_from_cose_key).
 *
 * Property: an imported key survives export and re-import in every form
 * (see fuzz_key.h); in particular its own COSE_Key export imports to an
 * equal key.
 */
#include "fuzz_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wallet_key *key = NULL;
    wallet_err e = wallet_key_from_cose_key(ctx, &key, data, size);
    if (e == WALLET_OK) {
        FZ_CHECK(key != NULL);
        fz_key_roundtrip(ctx, key);
        wallet_key_free(key);
    } else {
        FZ_CHECK(key == NULL && wallet_ctx_errcode(ctx) == e);
    }
    wallet_ctx_free(ctx);
    return 0;
}
