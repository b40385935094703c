/*
 * Fuzz target: the CBOR decoder (wl_cbor_decode), navigation and
 * re-encoding.
 *
 * Properties:
 *   - the input is decoded in both modes; what the deterministic mode
 *     accepts, the lenient mode accepts too;
 *   - every node of the flat tree stays inside the document: subtree sizes
 *     add up, spans (`raw`, string contents) lie inside the input (or, for
 *     joined indefinite-length strings, are consistent), children lie inside
 *     their parent's span, and the accessors (array_at, map_key_at, map_int,
 *     map_text, tag_content) find exactly the nodes the walk finds;
 *   - re-encoding with wl_cbor_put_item gives CBOR that the deterministic
 *     mode accepts; when the input itself was deterministic (and holds no
 *     NaN, whose payload and sign are not preserved), the re-encoding is the
 *     input byte for byte;
 *   - conversion to JSON text does not fail, and the text is JSON.
 * The input is also decoded with WL_CBOR_ALLOW_TRAILING, and the consumed
 * prefix must decode alone.
 */
#include <math.h>

#include "core/cbor.h"
#include "core/json.h"
#include "fuzz_common.h"

#define FZ_LOOKUPS 16

typedef struct fz_walk {
    const uint8_t *in;
    size_t in_len;
    const wl_cbor *first;
    const wl_cbor *end;
    int has_nan;
    int has_indef_string;
} fz_walk;

static int fz_in_input(const fz_walk *w, const uint8_t *p, size_t n)
{
    return p >= w->in && n <= w->in_len && (size_t)(p - w->in) <= w->in_len - n;
}

/* Walk the subtree at `it`; returns the node after it. */
static const wl_cbor *fz_check_node(fz_walk *w, const wl_cbor *it, int depth)
{
    FZ_CHECK(it >= w->first && it < w->end);
    FZ_CHECK(it->nodes >= 1 && it->nodes <= (size_t)(w->end - it));
    FZ_CHECK(depth < 1000);
    FZ_CHECK(it->raw_len >= 1 && fz_in_input(w, it->raw, it->raw_len));
    FZ_CHECK(wl_cbor_cmp(it, it) == 0);
    const wl_cbor *after = it + it->nodes;
    switch (it->type) {
    case WL_CBOR_UINT:
    case WL_CBOR_NEGINT:
    case WL_CBOR_SIMPLE:
    case WL_CBOR_FLOAT:
        FZ_CHECK(it->nodes == 1);
        if (it->type == WL_CBOR_FLOAT && isnan(it->f))
            w->has_nan = 1;
        if (it->type == WL_CBOR_SIMPLE)
            FZ_CHECK(it->u >= WL_CBOR_FALSE && it->u <= WL_CBOR_UNDEFINED);
        break;
    case WL_CBOR_BYTES:
    case WL_CBOR_TEXT:
        FZ_CHECK(it->nodes == 1);
        if (it->flags & WL_CBOR_F_INDEF) {
            w->has_indef_string = 1;
            FZ_CHECK(it->u <= it->raw_len);
            if (it->u)
                FZ_CHECK(it->ptr != NULL);
        } else {
            FZ_CHECK(it->u <= it->raw_len);
            if (it->u)
                FZ_CHECK(it->ptr >= it->raw && it->ptr + it->u == it->raw + it->raw_len);
        }
        if (it->u) {
            /* Touch every byte so that ASan sees an out-of-bounds span. */
            volatile uint8_t sink = 0;
            for (uint64_t i = 0; i < it->u; i++)
                sink ^= it->ptr[i];
            (void)sink;
        }
        break;
    case WL_CBOR_TAG: {
        FZ_CHECK(it->nodes >= 2);
        const wl_cbor *c = wl_cbor_tag_content(it);
        FZ_CHECK(c == it + 1);
        FZ_CHECK(c->raw >= it->raw && c->raw + c->raw_len == it->raw + it->raw_len);
        FZ_CHECK(fz_check_node(w, c, depth + 1) == after);
        break;
    }
    case WL_CBOR_ARRAY:
    case WL_CBOR_MAP: {
        int is_map = it->type == WL_CBOR_MAP;
        uint64_t n = is_map ? it->u * 2 : it->u;
        FZ_CHECK(n <= (uint64_t)(it->nodes - 1));
        FZ_CHECK(n == 0 ? it->nodes == 1 : wl_cbor_child(it) == it + 1);
        const wl_cbor *c = it + 1;
        const uint8_t *prev_end = NULL;
        for (uint64_t i = 0; i < n; i++) {
            FZ_CHECK(c->raw >= it->raw && c->raw + c->raw_len <= it->raw + it->raw_len);
            FZ_CHECK(!prev_end || c->raw >= prev_end);
            prev_end = c->raw + c->raw_len;
            /* The accessors walk from the first child: check them on the
             * first FZ_LOOKUPS entries and the last (linear per container). */
            int look = i < FZ_LOOKUPS || i + (is_map ? 2 : 1) == n;
            if (!look) {
                /* no lookup */
            } else if (!is_map) {
                FZ_CHECK(wl_cbor_array_at(it, i) == c);
            } else if (i % 2 == 0) {
                const wl_cbor *v = wl_cbor_next(c);
                FZ_CHECK(wl_cbor_map_key_at(it, i / 2) == c);
                int64_t k;
                if (wl_cbor_get_int(c, &k))
                    FZ_CHECK(wl_cbor_map_int(it, k) == v);
                if (c->type == WL_CBOR_TEXT && c->u < 256 && !memchr(c->ptr, 0, (size_t)c->u)) {
                    char key[256];
                    memcpy(key, c->ptr, (size_t)c->u);
                    key[c->u] = '\0';
                    FZ_CHECK(wl_cbor_map_text(it, key) == v);
                }
            }
            const wl_cbor *next = fz_check_node(w, c, depth + 1);
            FZ_CHECK(next == wl_cbor_next(c));
            c = next;
        }
        FZ_CHECK(c == after);
        if (!is_map)
            FZ_CHECK(wl_cbor_array_at(it, it->u) == NULL);
        else
            FZ_CHECK(wl_cbor_map_key_at(it, it->u) == NULL);
        break;
    }
    default:
        FZ_CHECK(!"unknown node type");
    }
    return after;
}

static void fz_check_tree(const wl_cbor_doc *doc, const uint8_t *in, size_t len, size_t consumed,
                          fz_walk *w)
{
    const wl_cbor *root = wl_cbor_root(doc);
    FZ_CHECK(root != NULL);
    memset(w, 0, sizeof(*w));
    w->in = in;
    w->in_len = len;
    w->first = root;
    w->end = root + root->nodes;
    FZ_CHECK(root->raw == in && root->raw_len == consumed);
    FZ_CHECK(fz_check_node(w, root, 0) == w->end);
}

static void fz_to_json(wallet_ctx *ctx, const wl_cbor *root)
{
    wl_buf j;
    wl_buf_init(&j, 0);
    FZ_CHECK(wl_cbor_to_json(&j, root));
    cJSON *parsed = NULL;
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64 * 1024 * 1024);
    wallet_err e = wl_json_parse(ctx, &parsed, (const char *)j.data, j.len);
    /* Allowed failures: distinct CBOR keys with one JSON name (1 and "1"),
     * a text string holding NUL (escaped as \u0000, which the strict parser
     * refuses), tags counted as depth in CBOR but not in JSON. */
    if (e != WALLET_OK && e != WALLET_ERR_JSON_DUPLICATE && e != WALLET_ERR_TOO_DEEP &&
        !(e == WALLET_ERR_JSON && strstr(wallet_ctx_errmsg(ctx), "NUL"))) {
        fprintf(stderr, "fuzz_cbor: JSON form does not parse: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(!"CBOR->JSON gave invalid JSON");
    }
    cJSON_Delete(parsed);
    wl_buf_free(&j);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 256 * 1024);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();

    wl_cbor_doc *det = NULL, *doc = NULL;
    size_t consumed = 0;
    wallet_err ed = wl_cbor_decode(ctx, &det, data, size, WL_CBOR_DETERMINISTIC, &consumed);
    FZ_CHECK(ed == WALLET_OK ? det != NULL && consumed == size : det == NULL && consumed == 0);
    wallet_err e = wl_cbor_decode(ctx, &doc, data, size, 0, &consumed);
    FZ_CHECK(e == WALLET_OK ? doc != NULL && consumed == size : doc == NULL && consumed == 0);
    if (ed == WALLET_OK)
        FZ_CHECK(e == WALLET_OK);

    fz_walk w;
    if (det)
        fz_check_tree(det, data, size, size, &w);
    if (doc) {
        fz_check_tree(doc, data, size, size, &w);
        const wl_cbor *root = wl_cbor_root(doc);

        /* Re-encode; the result must be deterministic CBOR. */
        wl_buf b;
        wl_buf_init(&b, 0);
        FZ_CHECK(wl_cbor_put_item(&b, root));
        wl_cbor_doc *again = NULL;
        wallet_err ea = wl_cbor_decode(ctx, &again, b.data, b.len, WL_CBOR_DETERMINISTIC, NULL);
        if (ea != WALLET_OK)
            fprintf(stderr, "fuzz_cbor: re-encoding rejected: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(ea == WALLET_OK);
        FZ_CHECK(wl_cbor_root(again)->nodes == root->nodes);
        if (det && !w.has_nan) {
            if (b.len != size || memcmp(b.data, data, size) != 0)
                fprintf(stderr, "fuzz_cbor: deterministic input re-encodes differently\n");
            FZ_CHECK(b.len == size && memcmp(b.data, data, size) == 0);
        }
        wl_cbor_doc_free(again);
        wl_buf_free(&b);

        fz_to_json(ctx, root);
    }
    wl_cbor_doc_free(det);
    wl_cbor_doc_free(doc);

    /* Leading item of a longer input. */
    wl_cbor_doc *lead = NULL;
    e = wl_cbor_decode(ctx, &lead, data, size, WL_CBOR_ALLOW_TRAILING, &consumed);
    if (e == WALLET_OK) {
        FZ_CHECK(consumed >= 1 && consumed <= size);
        fz_check_tree(lead, data, consumed, consumed, &w);
        wl_cbor_doc *alone = NULL;
        FZ_CHECK(wl_cbor_decode(ctx, &alone, data, consumed, 0, NULL) == WALLET_OK);
        wl_cbor_doc_free(alone);
        wl_cbor_doc_free(lead);
    } else {
        FZ_CHECK(lead == NULL);
    }

    wallet_ctx_free(ctx);
    return 0;
}
