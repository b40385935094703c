/*
 * Fuzz target: the claim-path indexer (wl_index_build), which walks the
 * claims of every stored credential.
 *
 * Properties: an accepted claims object yields at most 10,000 entries, each
 * path a JSON array text that parses, starts with a member name, and whose
 * scalar values are canonical JSON (they parse); a refusal is a JSON error
 * or WALLET_ERR_TOO_LARGE / TOO_DEEP.
 */
#include "core/json.h"
#include "fuzz_common.h"
#include "store/store_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wl_index idx;
    wallet_err e = wl_index_build(ctx, &idx, (const char *)data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(idx.n == 0 && idx.e == NULL && wallet_ctx_errcode(ctx) == e);
        wallet_ctx_free(ctx);
        return 0;
    }
    FZ_CHECK(idx.n <= WL_STORE_MAX_NODES);
    /* Printed paths and values may be longer than the input (escapes). */
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64 * 1024 * 1024);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 256);
    for (size_t i = 0; i < idx.n; i++) {
        const wl_index_entry *en = &idx.e[i];
        cJSON *p = NULL;
        FZ_CHECK(wl_json_parse(ctx, &p, en->path, strlen(en->path)) == WALLET_OK);
        FZ_CHECK(cJSON_IsArray(p) && cJSON_IsString(p->child));
        cJSON_Delete(p);
        if (en->jtype == WL_JT_OBJECT || en->jtype == WL_JT_ARRAY) {
            FZ_CHECK(en->value[0] == '\0');
        } else {
            cJSON *v = NULL;
            FZ_CHECK(wl_json_parse(ctx, &v, en->value, strlen(en->value)) == WALLET_OK);
            cJSON_Delete(v);
        }
    }
    wl_index_free(&idx);
    wallet_ctx_free(ctx);
    return 0;
}
