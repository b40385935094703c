/*
 * Fuzz target: the strict JSON parser (wl_json_parse).
 *
 * Properties, when the input parses:
 *   - printing the tree and parsing the text again succeeds, and printing
 *     that tree gives the same text (printing is a fixed point);
 *   - converting the tree to CBOR (wl_json_to_cbor) gives deterministic
 *     CBOR, and converting that back to JSON text parses again.
 * The object-only entry point agrees with the general one. The same text
 * also goes through wallet_cwt_from_json, whose output must be deterministic
 * CBOR.
 */
#include "core/cbor.h"
#include "core/json.h"
#include "fuzz_common.h"

static void fz_member_access(const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return;
    for (const cJSON *c = root->child; c; c = c->next) {
        FZ_CHECK(c->string != NULL);
        FZ_CHECK(wl_json_get(root, c->string) == c); /* names are unique */
        int64_t v;
        wallet_err e = wl_json_get_int(root, c->string, &v);
        FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_JSON_TYPE);
        if (e == WALLET_OK)
            FZ_CHECK(v >= -9007199254740992LL && v <= 9007199254740992LL);
        (void)wl_json_get_string(root, c->string);
    }
}

static void fz_to_cbor(wallet_ctx *ctx, const cJSON *root)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!wl_json_to_cbor(&b, root)) {
        wl_buf_free(&b);
        return; /* allocation failure or depth beyond 64: not reachable here */
    }
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, b.data, b.len, WL_CBOR_DETERMINISTIC, NULL);
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz_json: JSON->CBOR not deterministic: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_TOO_LARGE);
    if (doc) {
        wl_buf j;
        wl_buf_init(&j, 0);
        FZ_CHECK(wl_cbor_to_json(&j, wl_cbor_root(doc)));
        cJSON *again = NULL;
        e = wl_json_parse(ctx, &again, (const char *)j.data, j.len);
        if (e != WALLET_OK)
            fprintf(stderr, "fuzz_json: CBOR->JSON does not parse: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_TOO_LARGE);
        cJSON_Delete(again);
        wl_buf_free(&j);
        wl_cbor_doc_free(doc);
    }
    wl_buf_free(&b);
}

static void fz_cwt(wallet_ctx *ctx, const char *text, size_t size)
{
    uint8_t *cwt = NULL;
    size_t cwt_len = 0;
    wallet_err e = wallet_cwt_from_json(ctx, &cwt, &cwt_len, text, size);
    if (e != WALLET_OK) {
        FZ_CHECK(cwt == NULL && cwt_len == 0);
        return;
    }
    wl_cbor_doc *doc = NULL;
    e = wl_cbor_decode(ctx, &doc, cwt, cwt_len, WL_CBOR_DETERMINISTIC, NULL);
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz_json: CWT claims not deterministic: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_TOO_LARGE);
    if (doc)
        FZ_CHECK(wl_cbor_root(doc)->type == WL_CBOR_MAP);
    wl_cbor_doc_free(doc);
    wallet_free(cwt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    const char *text = (const char *)data;

    fz_cwt(ctx, text, size);

    cJSON *root = NULL;
    wallet_err e = wl_json_parse(ctx, &root, text, size);
    cJSON *obj = NULL;
    wallet_err eo = wl_json_parse_object(ctx, &obj, text, size);
    if (e != WALLET_OK) {
        FZ_CHECK(root == NULL && obj == NULL && eo == e);
        wallet_ctx_free(ctx);
        return 0;
    }
    FZ_CHECK(root != NULL);
    FZ_CHECK(cJSON_IsObject(root) ? (eo == WALLET_OK && obj != NULL)
                                  : (eo == WALLET_ERR_JSON_TYPE && obj == NULL));
    cJSON_Delete(obj);

    fz_member_access(root);

    /* Print, re-parse, print again. Printing escapes control characters,
     * which may grow the text beyond the small fuzz limit: re-parse under
     * the default one. */
    char *p1 = wl_json_print(root);
    FZ_CHECK(p1 != NULL);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 8 * 1024 * 1024);
    cJSON *root2 = NULL;
    e = wl_json_parse(ctx, &root2, p1, strlen(p1));
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz_json: printed JSON does not parse: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK);
    char *p2 = wl_json_print(root2);
    FZ_CHECK(p2 != NULL);
    FZ_CHECK(strcmp(p1, p2) == 0);
    wallet_free(p2);
    cJSON_Delete(root2);
    wallet_free(p1);

    fz_to_cbor(ctx, root);

    cJSON_Delete(root);
    wallet_ctx_free(ctx);
    return 0;
}
