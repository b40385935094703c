/*
 * Fuzz target: the record stream inside a store backup
 * (wl_backup_check_plain): length-framed deterministic CBOR records, key
 * and credential records cross-checked, claims re-indexed.
 *
 * In a real restore this parser only ever sees bytes that passed the
 * AES-GCM check under the backup passphrase; it is still written, and
 * fuzzed, as if it read anything.
 *
 * Property: the result is WALLET_OK or a malformed-input / limit error,
 * matching the context's record, and nothing leaks.
 */
#include "fuzz_common.h"
#include "store/store_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wallet_err e = wl_backup_check_plain(ctx, data, size);
    FZ_CHECK(wallet_ctx_errcode(ctx) == e);
    FZ_CHECK(e == WALLET_OK || wallet_err_kind_of(e) == WALLET_KIND_MALFORMED ||
             e == WALLET_ERR_NOMEM);
    wallet_ctx_free(ctx);
    return 0;
}
