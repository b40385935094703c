/*
 * CBOR decoding into a flat pre-order tree. See cbor.h.
 *
 * libcbor's cbor_stream_decode() reads one head (plus a definite string's
 * content) per call and reports it through a callback; the callbacks here
 * only record the event, and the main loop then places it in the tree
 * knowing how many bytes the head took (needed for spans and for detecting
 * non-preferred heads).
 *
 * Two passes over the input: the first validates and counts (nodes, bytes
 * of indefinite-length strings); the second fills one exact allocation.
 * Unassigned simple values (other than false/true/null/undefined) are
 * refused by libcbor and therefore by us: no format libwallet reads uses
 * them.
 */
#include <cbor.h>
#include <math.h>

#include "cbor.h"

struct wl_cbor_doc {
    wl_cbor *nodes;
    size_t count;
    uint8_t *strbuf; /* joined chunks of indefinite-length strings */
};

enum wl_ev_kind {
    EV_NONE = 0,
    EV_UINT,
    EV_NEGINT,
    EV_BYTES,
    EV_TEXT,
    EV_BYTES_INDEF,
    EV_TEXT_INDEF,
    EV_ARRAY,
    EV_ARRAY_INDEF,
    EV_MAP,
    EV_MAP_INDEF,
    EV_TAG,
    EV_SIMPLE,
    EV_FLOAT,
    EV_BREAK
};

typedef struct wl_ev {
    enum wl_ev_kind kind;
    uint64_t u;
    double f;
    int float_size; /* 2, 4 or 8 */
    const uint8_t *ptr;
    size_t len;
    unsigned arg_size; /* 0 immediate, 1, 2, 4, 8 bytes of argument */
} wl_ev;

typedef struct wl_frame {
    size_t node;        /* index of the container's node (pass 2) */
    size_t start;       /* offset of the container's head */
    uint64_t remaining; /* children still to start (definite) */
    uint8_t type;       /* wl_cbor_type of the container */
    uint8_t indef;
    size_t str_off;     /* indefinite strings: start in strbuf */
    uint64_t str_len;   /* indefinite strings: bytes so far */
} wl_frame;

typedef struct wl_walk {
    wallet_ctx *ctx;
    const uint8_t *in;
    size_t len;
    size_t pos;
    unsigned flags;
    int fill;
    wl_ev ev;
    wl_cbor *nodes;
    size_t n_nodes;
    size_t max_nodes;
    uint8_t *strbuf;
    size_t str_used;
    size_t indef_bytes;
    wl_frame *stack;
    size_t depth;
    size_t max_depth;
    int done;
} wl_walk;

/* ---- libcbor callbacks: record the event --------------------------------- */
/* (one per line would triple the file; they only copy their arguments) */

#define WL_EV(w) (&((wl_walk *)(w))->ev)

static void cb_u8(void *w, uint8_t v) { WL_EV(w)->kind = EV_UINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 1; }
static void cb_u16(void *w, uint16_t v) { WL_EV(w)->kind = EV_UINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 2; }
static void cb_u32(void *w, uint32_t v) { WL_EV(w)->kind = EV_UINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 4; }
static void cb_u64(void *w, uint64_t v) { WL_EV(w)->kind = EV_UINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 8; }
static void cb_n8(void *w, uint8_t v) { WL_EV(w)->kind = EV_NEGINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 1; }
static void cb_n16(void *w, uint16_t v) { WL_EV(w)->kind = EV_NEGINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 2; }
static void cb_n32(void *w, uint32_t v) { WL_EV(w)->kind = EV_NEGINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 4; }
static void cb_n64(void *w, uint64_t v) { WL_EV(w)->kind = EV_NEGINT; WL_EV(w)->u = v; WL_EV(w)->arg_size = 8; }
static void cb_bytes(void *w, cbor_data p, size_t n) { WL_EV(w)->kind = EV_BYTES; WL_EV(w)->ptr = p; WL_EV(w)->len = n; }
static void cb_bytes_indef(void *w) { WL_EV(w)->kind = EV_BYTES_INDEF; }
static void cb_text(void *w, cbor_data p, size_t n) { WL_EV(w)->kind = EV_TEXT; WL_EV(w)->ptr = p; WL_EV(w)->len = n; }
static void cb_text_indef(void *w) { WL_EV(w)->kind = EV_TEXT_INDEF; }
static void cb_array(void *w, size_t n) { WL_EV(w)->kind = EV_ARRAY; WL_EV(w)->u = n; }
static void cb_array_indef(void *w) { WL_EV(w)->kind = EV_ARRAY_INDEF; }
static void cb_map(void *w, size_t n) { WL_EV(w)->kind = EV_MAP; WL_EV(w)->u = n; }
static void cb_map_indef(void *w) { WL_EV(w)->kind = EV_MAP_INDEF; }
static void cb_tag(void *w, uint64_t t) { WL_EV(w)->kind = EV_TAG; WL_EV(w)->u = t; }
static void cb_f2(void *w, float f) { WL_EV(w)->kind = EV_FLOAT; WL_EV(w)->f = f; WL_EV(w)->float_size = 2; }
static void cb_f4(void *w, float f) { WL_EV(w)->kind = EV_FLOAT; WL_EV(w)->f = f; WL_EV(w)->float_size = 4; }
static void cb_f8(void *w, double f) { WL_EV(w)->kind = EV_FLOAT; WL_EV(w)->f = f; WL_EV(w)->float_size = 8; }
static void cb_undef(void *w) { WL_EV(w)->kind = EV_SIMPLE; WL_EV(w)->u = WL_CBOR_UNDEFINED; }
static void cb_null(void *w) { WL_EV(w)->kind = EV_SIMPLE; WL_EV(w)->u = WL_CBOR_NULL; }
static void cb_bool(void *w, bool v) { WL_EV(w)->kind = EV_SIMPLE; WL_EV(w)->u = v ? WL_CBOR_TRUE : WL_CBOR_FALSE; }
static void cb_break(void *w) { WL_EV(w)->kind = EV_BREAK; }

static const struct cbor_callbacks wl_callbacks = {
    .uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
    .negint8 = cb_n8, .negint16 = cb_n16, .negint32 = cb_n32, .negint64 = cb_n64,
    .byte_string_start = cb_bytes_indef, .byte_string = cb_bytes,
    .string = cb_text, .string_start = cb_text_indef,
    .indef_array_start = cb_array_indef, .array_start = cb_array,
    .indef_map_start = cb_map_indef, .map_start = cb_map,
    .tag = cb_tag,
    .float2 = cb_f2, .float4 = cb_f4, .float8 = cb_f8,
    .undefined = cb_undef, .null = cb_null, .boolean = cb_bool,
    .indef_break = cb_break,
};

/* ---- helpers -------------------------------------------------------------- */

/* Length of the preferred head for argument v. */
static size_t wl_head_len(uint64_t v)
{
    return v < 24 ? 1 : v <= 0xFF ? 2 : v <= 0xFFFF ? 3 : v <= 0xFFFFFFFFu ? 5 : 9;
}

static wallet_err wl_walk_err(wl_walk *w, wallet_err code, const char *what)
{
    return wl_err(w->ctx, code, "CBOR: %s at offset %zu", what, w->pos);
}

/* Close the node at stack top (or a leaf node index) ending at `end`. */
static void wl_finish_node(wl_walk *w, size_t node, size_t end)
{
    if (!w->fill)
        return;
    wl_cbor *n = &w->nodes[node];
    n->raw_len = end - (size_t)(n->raw - w->in);
    n->nodes = (uint32_t)(w->n_nodes - node);
}

static int wl_cbor_ptr_cmp(const void *a, const void *b)
{
    return wl_cbor_cmp(*(const wl_cbor *const *)a, *(const wl_cbor *const *)b);
}

/* Map checks on close: no duplicate keys; sorted keys if deterministic. */
static wallet_err wl_check_map(wl_walk *w, size_t node)
{
    if (!w->fill)
        return WALLET_OK;
    const wl_cbor *map = &w->nodes[node];
    uint64_t pairs = map->u;
    if (pairs < 2)
        return WALLET_OK;
    const wl_cbor *prev = NULL;
    /* Keys are at most a few dozen in every format we read; for large maps
     * sort pointers instead of comparing every pair. */
    if (pairs <= 32 || (w->flags & WL_CBOR_DETERMINISTIC)) {
        const wl_cbor *k = wl_cbor_child(map);
        for (uint64_t i = 0; i < pairs; i++) {
            if (w->flags & WL_CBOR_DETERMINISTIC) {
                if (prev) {
                    size_t a = prev->raw_len, b = k->raw_len;
                    int c = memcmp(prev->raw, k->raw, a < b ? a : b);
                    if (c > 0 || (c == 0 && a >= b)) {
                        if (c == 0 && a == b)
                            goto dup;
                        return wl_err(w->ctx, WALLET_ERR_CBOR_NOT_DETERMINISTIC,
                                      "CBOR: map keys not in bytewise order at offset %zu",
                                      (size_t)(k->raw - w->in));
                    }
                }
            } else {
                const wl_cbor *j = wl_cbor_child(map);
                for (uint64_t q = 0; q < i; q++) {
                    if (wl_cbor_cmp(j, k) == 0) {
                        prev = k;
                        goto dup;
                    }
                    j = wl_cbor_next(wl_cbor_next(j));
                }
            }
            prev = k;
            k = wl_cbor_next(wl_cbor_next(k));
        }
        return WALLET_OK;
    }
    {
        const wl_cbor **keys = malloc((size_t)pairs * sizeof(*keys));
        if (!keys)
            return wl_err(w->ctx, WALLET_ERR_NOMEM, "out of memory");
        const wl_cbor *k = wl_cbor_child(map);
        for (uint64_t i = 0; i < pairs; i++) {
            keys[i] = k;
            k = wl_cbor_next(wl_cbor_next(k));
        }
        qsort(keys, (size_t)pairs, sizeof(*keys), wl_cbor_ptr_cmp);
        for (uint64_t i = 1; i < pairs; i++) {
            if (wl_cbor_cmp(keys[i - 1], keys[i]) == 0) {
                prev = keys[i];
                free(keys);
                goto dup;
            }
        }
        free(keys);
        return WALLET_OK;
    }
dup:
    return wl_err(w->ctx, WALLET_ERR_CBOR_DUPLICATE, "CBOR: duplicate map key at offset %zu",
                  prev ? (size_t)(prev->raw - w->in) : (size_t)(map->raw - w->in));
}

/* A child has completed at offset `end`: close every container it completes. */
static wallet_err wl_complete(wl_walk *w, size_t end)
{
    while (w->depth > 0) {
        wl_frame *f = &w->stack[w->depth - 1];
        if (f->indef || f->remaining > 0)
            return WALLET_OK;
        wl_finish_node(w, f->node, end);
        if (f->type == WL_CBOR_MAP) {
            wallet_err e = wl_check_map(w, f->node);
            if (e)
                return e;
        }
        w->depth--;
    }
    w->done = 1;
    return WALLET_OK;
}

static wallet_err wl_push(wl_walk *w, uint8_t type, int indef, uint64_t remaining, size_t node)
{
    if (w->depth >= w->max_depth)
        return wl_err(w->ctx, WALLET_ERR_TOO_DEEP, "CBOR: nesting deeper than %zu at offset %zu",
                      w->max_depth, w->pos);
    wl_frame *f = &w->stack[w->depth++];
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->indef = (uint8_t)indef;
    f->remaining = remaining;
    f->node = node;
    f->start = w->pos;
    f->str_off = w->str_used;
    return WALLET_OK;
}

/* Place the recorded event; `read` is how many bytes libcbor consumed. */
static wallet_err wl_place(wl_walk *w, size_t read)
{
    wl_ev *ev = &w->ev;
    size_t end = w->pos + read;
    wl_frame *top = w->depth ? &w->stack[w->depth - 1] : NULL;

    /* Inside an indefinite-length string only definite chunks of the same
     * major type and the break may appear (RFC 8949 §3.2.3). */
    if (top && (top->type == WL_CBOR_BYTES || top->type == WL_CBOR_TEXT)) {
        if (ev->kind == EV_BREAK) {
            if (w->fill) {
                wl_cbor *n = &w->nodes[top->node];
                n->u = top->str_len;
                n->ptr = w->strbuf + top->str_off;
                if (n->type == WL_CBOR_TEXT && !wl_utf8_valid(n->ptr, (size_t)n->u))
                    return wl_walk_err(w, WALLET_ERR_CBOR, "text string is not UTF-8");
            }
            top->remaining = 0;
            top->indef = 0;
            return wl_complete(w, end);
        }
        enum wl_ev_kind want = top->type == WL_CBOR_BYTES ? EV_BYTES : EV_TEXT;
        if (ev->kind != want)
            return wl_walk_err(w, WALLET_ERR_CBOR, "bad chunk in indefinite-length string");
        /* RFC 8949 §3.2.3: a chunk is a text string in its own right, so a
         * character may not be split between two chunks. */
        if (want == EV_TEXT && !wl_utf8_valid(ev->ptr, ev->len))
            return wl_walk_err(w, WALLET_ERR_CBOR, "text string chunk is not UTF-8");
        if (w->fill) {
            if (ev->len)
                memcpy(w->strbuf + w->str_used, ev->ptr, ev->len);
        } else {
            w->indef_bytes += ev->len;
        }
        w->str_used += ev->len;
        top->str_len += ev->len;
        return WALLET_OK;
    }

    if (ev->kind == EV_BREAK) {
        if (!top || !top->indef)
            return wl_walk_err(w, WALLET_ERR_CBOR, "unexpected break");
        if (top->type == WL_CBOR_MAP && (top->remaining & 1))
            return wl_walk_err(w, WALLET_ERR_CBOR, "map ends after a key without value");
        if (w->fill) {
            wl_cbor *n = &w->nodes[top->node];
            n->u = top->type == WL_CBOR_MAP ? top->remaining / 2 : top->remaining;
        }
        top->indef = 0;
        top->remaining = 0;
        return wl_complete(w, end);
    }

    /* A new data item. */
    if (w->n_nodes >= w->max_nodes)
        return wl_err(w->ctx, WALLET_ERR_TOO_LARGE, "CBOR: more than %zu data items",
                      w->max_nodes);
    size_t idx = w->n_nodes++;
    if (top) {
        if (top->indef)
            top->remaining++; /* counts children of indefinite containers */
        else
            top->remaining--;
    }
    size_t left = w->len - end; /* bytes after this head */
    wl_cbor *n = w->fill ? &w->nodes[idx] : NULL;
    if (n) {
        memset(n, 0, sizeof(*n));
        n->raw = w->in + w->pos;
        n->raw_len = read;
        n->nodes = 1;
    }
    int nonpref = 0;
    uint8_t type;
    switch (ev->kind) {
    case EV_UINT:
    case EV_NEGINT:
        type = ev->kind == EV_UINT ? WL_CBOR_UINT : WL_CBOR_NEGINT;
        nonpref = read != wl_head_len(ev->u);
        if (n)
            n->u = ev->u;
        break;
    case EV_BYTES:
    case EV_TEXT:
        type = ev->kind == EV_BYTES ? WL_CBOR_BYTES : WL_CBOR_TEXT;
        nonpref = read - ev->len != wl_head_len(ev->len);
        if (type == WL_CBOR_TEXT && !wl_utf8_valid(ev->ptr, ev->len))
            return wl_walk_err(w, WALLET_ERR_CBOR, "text string is not UTF-8");
        if (n) {
            n->u = ev->len;
            n->ptr = ev->ptr;
        }
        break;
    case EV_FLOAT:
        type = WL_CBOR_FLOAT;
        if (ev->float_size == 8)
            nonpref = wl_cbor_fits_single(ev->f);
        else if (ev->float_size == 4)
            nonpref = wl_cbor_fits_half(ev->f);
        if (n)
            n->f = ev->f;
        break;
    case EV_SIMPLE:
        type = WL_CBOR_SIMPLE;
        if (n)
            n->u = ev->u;
        break;
    case EV_ARRAY:
    case EV_MAP:
        type = ev->kind == EV_ARRAY ? WL_CBOR_ARRAY : WL_CBOR_MAP;
        nonpref = read != wl_head_len(ev->u);
        /* Declared lengths are checked against what remains before any
         * allocation: each item needs at least one byte. */
        if (ev->u > (type == WL_CBOR_MAP ? left / 2 : left))
            return wl_walk_err(w, WALLET_ERR_CBOR,
                               "declared length exceeds the remaining input");
        if (n)
            n->u = ev->u;
        break;
    case EV_TAG:
        type = WL_CBOR_TAG;
        nonpref = read != wl_head_len(ev->u);
        if (n)
            n->u = ev->u;
        break;
    case EV_BYTES_INDEF:
    case EV_TEXT_INDEF:
        type = ev->kind == EV_BYTES_INDEF ? WL_CBOR_BYTES : WL_CBOR_TEXT;
        break;
    case EV_ARRAY_INDEF:
        type = WL_CBOR_ARRAY;
        break;
    case EV_MAP_INDEF:
        type = WL_CBOR_MAP;
        break;
    case EV_NONE:
    case EV_BREAK:
    default:
        return wl_walk_err(w, WALLET_ERR_INTERNAL, "unexpected decoder event");
    }
    int indef = ev->kind == EV_BYTES_INDEF || ev->kind == EV_TEXT_INDEF ||
                ev->kind == EV_ARRAY_INDEF || ev->kind == EV_MAP_INDEF;
    if (w->flags & WL_CBOR_DETERMINISTIC) {
        if (indef)
            return wl_err(w->ctx, WALLET_ERR_CBOR_NOT_DETERMINISTIC,
                          "CBOR: indefinite length at offset %zu", w->pos);
        if (nonpref)
            return wl_err(w->ctx, WALLET_ERR_CBOR_NOT_DETERMINISTIC,
                          "CBOR: non-preferred encoding at offset %zu", w->pos);
    }
    if (n) {
        n->type = type;
        n->flags = (uint8_t)((indef ? WL_CBOR_F_INDEF : 0) | (nonpref ? WL_CBOR_F_NONPREFERRED : 0));
    }

    if (indef)
        return wl_push(w, type, 1, 0, idx);
    if (type == WL_CBOR_TAG)
        return wl_push(w, type, 0, 1, idx);
    if ((type == WL_CBOR_ARRAY || type == WL_CBOR_MAP) && ev->u > 0)
        return wl_push(w, type, 0, type == WL_CBOR_MAP ? ev->u * 2 : ev->u, idx);
    return wl_complete(w, end);
}

static wallet_err wl_walk_run(wl_walk *w)
{
    w->pos = 0;
    w->done = 0;
    w->depth = 0;
    w->n_nodes = 0;
    w->str_used = 0;
    while (!w->done) {
        if (w->pos >= w->len)
            return wl_err(w->ctx, WALLET_ERR_CBOR, "CBOR: truncated at offset %zu", w->pos);
        memset(&w->ev, 0, sizeof(w->ev));
        struct cbor_decoder_result r =
            cbor_stream_decode(w->in + w->pos, w->len - w->pos, &wl_callbacks, w);
        uint8_t head = w->in[w->pos];
        if (r.status == CBOR_DECODER_ERROR && head >= 0xC6 && head <= 0xD4) {
            /* libcbor 0.8 (Debian 12) refuses the one-byte heads of tags 6-20
             * as "unassigned", although RFC 8949 §3.4 makes any tag number
             * well-formed, and COSE needs 16, 17 and 18. The head is a single
             * byte whose low five bits are the tag number. */
            cb_tag(w, (uint64_t)(head - 0xC0));
            r.status = CBOR_DECODER_FINISHED;
            r.read = 1;
        }
        if (r.status == CBOR_DECODER_NEDATA)
            return wl_err(w->ctx, WALLET_ERR_CBOR, "CBOR: truncated at offset %zu", w->pos);
        if (r.status != CBOR_DECODER_FINISHED || r.read == 0)
            return wl_err(w->ctx, WALLET_ERR_CBOR,
                          "CBOR: malformed or unsupported item at offset %zu", w->pos);
        wallet_err e = wl_place(w, r.read);
        if (e)
            return e;
        w->pos += r.read;
    }
    return WALLET_OK;
}

wallet_err wl_cbor_decode(wallet_ctx *ctx, wl_cbor_doc **out, const uint8_t *in, size_t len,
                          unsigned flags, size_t *consumed)
{
    *out = NULL;
    if (consumed)
        *consumed = 0;
    wallet_err e = wl_check_input_size(ctx, len, "CBOR");
    if (e)
        return e;
    if (!in || len == 0)
        return wl_err(ctx, WALLET_ERR_CBOR, "CBOR: empty input");

    int64_t depth_limit = wl_limit(ctx, WALLET_LIMIT_CBOR_DEPTH);
    int64_t item_limit = wl_limit(ctx, WALLET_LIMIT_CBOR_ITEMS);
    if (depth_limit < 1)
        depth_limit = 1;
    if (depth_limit > 100000)
        depth_limit = 100000;
    wl_walk w;
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    w.in = in;
    w.len = len;
    w.flags = flags;
    w.max_depth = (size_t)depth_limit;
    w.max_nodes = item_limit > 0 ? (size_t)item_limit : 1;
    w.stack = calloc(w.max_depth, sizeof(*w.stack));
    if (!w.stack)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");

    /* Pass 1: validate and count. */
    e = wl_walk_run(&w);
    if (e)
        goto done;
    size_t item_len = w.pos;
    if (item_len < len && !(flags & WL_CBOR_ALLOW_TRAILING)) {
        e = wl_err(ctx, WALLET_ERR_TRAILING_DATA, "CBOR: %zu bytes after the item at offset %zu",
                   len - item_len, item_len);
        goto done;
    }

    /* Pass 2: fill one exact allocation. */
    wl_cbor_doc *doc = calloc(1, sizeof(*doc));
    if (!doc) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    doc->count = w.n_nodes;
    doc->nodes = calloc(w.n_nodes, sizeof(wl_cbor));
    doc->strbuf = malloc(w.indef_bytes + 1);
    if (!doc->nodes || !doc->strbuf) {
        wl_cbor_doc_free(doc);
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    w.fill = 1;
    w.nodes = doc->nodes;
    w.strbuf = doc->strbuf;
    w.len = item_len;
    e = wl_walk_run(&w);
    if (e) {
        wl_cbor_doc_free(doc);
        goto done;
    }
    *out = doc;
    if (consumed)
        *consumed = item_len;
done:
    free(w.stack);
    return e;
}

void wl_cbor_doc_free(wl_cbor_doc *doc)
{
    if (!doc)
        return;
    free(doc->nodes);
    free(doc->strbuf);
    free(doc);
}

const wl_cbor *wl_cbor_root(const wl_cbor_doc *doc)
{
    return doc && doc->count ? &doc->nodes[0] : NULL;
}
