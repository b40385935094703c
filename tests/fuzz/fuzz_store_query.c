/*
 * Fuzz target: the DCQL-style query parser of wallet_store_match()
 * (wl_query_parse) — a presentation request comes from a relying party,
 * so it is untrusted input.
 *
 * Properties: a failure is a malformed-input error recorded on the context with no
 * query returned; an accepted query has at least one credential query.
 */
#include "fuzz_common.h"
#include "store/store_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wl_query *q = NULL;
    wallet_err e = wl_query_parse(ctx, &q, (const char *)data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(q == NULL && wallet_ctx_errcode(ctx) == e);
        /* any "malformed input" code (JSON syntax, types, duplicates,
         * trailing data, UTF-8, depth, size), never a crypto/policy one */
        FZ_CHECK(wallet_err_kind_of(e) == WALLET_KIND_MALFORMED);
    } else {
        FZ_CHECK(q != NULL && wl_query_count(q) > 0);
    }
    wl_query_free(q);
    wallet_ctx_free(ctx);
    return 0;
}
