/*
 * CBOR (RFC 8949) over libcbor.
 *
 * Decoding: libcbor's streaming decoder reads the item heads; we build a
 * flat, read-only tree in pre-order, one allocation per document. Every
 * node keeps the span of its encoding in the input (`raw`), so a caller can
 * hash or verify exactly the bytes received (ISO 18013-5 digests, COSE
 * protected headers) and never re-encodes. Strings point into the input
 * (which must outlive the document) except indefinite-length strings, whose
 * chunks are joined into a buffer owned by the document.
 *
 * Before anything is allocated, a first pass checks well-formedness, the
 * depth and item-count limits, and that every declared length fits in the
 * bytes that remain (an array of n items needs at least n bytes; a map of n
 * pairs at least 2n), so a 9-byte header announcing 2^64 items is refused
 * without allocating.
 *
 * Map keys are never allowed to repeat (compared by value, so 0x01 and
 * 0x1801 are the same key).
 *
 * Encoding: writers over wl_buf that always emit preferred (shortest)
 * heads; wl_cbor_mapw sorts map entries by their encoded keys (RFC 8949
 * §4.2.1 core deterministic encoding).
 */
#ifndef WL_CBOR_H
#define WL_CBOR_H

#include "buf.h"

typedef enum wl_cbor_type {
    WL_CBOR_UINT = 0,
    WL_CBOR_NEGINT = 1, /* value is -1 - u */
    WL_CBOR_BYTES = 2,
    WL_CBOR_TEXT = 3,
    WL_CBOR_ARRAY = 4,
    WL_CBOR_MAP = 5,
    WL_CBOR_TAG = 6,
    WL_CBOR_SIMPLE = 7, /* u = 20 false, 21 true, 22 null, 23 undefined */
    WL_CBOR_FLOAT = 8
} wl_cbor_type;

#define WL_CBOR_F_INDEF 1u        /* indefinite length (strings, arrays, maps) */
#define WL_CBOR_F_NONPREFERRED 2u /* head longer than necessary */

#define WL_CBOR_FALSE 20
#define WL_CBOR_TRUE 21
#define WL_CBOR_NULL 22
#define WL_CBOR_UNDEFINED 23

typedef struct wl_cbor {
    uint8_t type;       /* wl_cbor_type */
    uint8_t flags;      /* WL_CBOR_F_* */
    uint32_t nodes;     /* nodes in this subtree, itself included */
    uint64_t u;         /* UINT/NEGINT argument, TAG number, ARRAY count, MAP pairs,
                           SIMPLE value, BYTES/TEXT length */
    double f;           /* FLOAT value */
    const uint8_t *ptr; /* BYTES/TEXT content */
    const uint8_t *raw; /* this item's whole encoding (head + content + children) */
    size_t raw_len;
} wl_cbor;

typedef struct wl_cbor_doc wl_cbor_doc;

/* Decode flags. */
#define WL_CBOR_ALLOW_TRAILING 1u /* stop after one item; report its length */
#define WL_CBOR_DETERMINISTIC 2u  /* reject non-preferred heads, indefinite
                                     lengths and unsorted map keys */

/* Decode one item from in[0..len). Without WL_CBOR_ALLOW_TRAILING, bytes
 * after the item are WALLET_ERR_TRAILING_DATA. *consumed (may be NULL)
 * receives the item's length. */
WL_HIDDEN wallet_err wl_cbor_decode(wallet_ctx *ctx, wl_cbor_doc **out, const uint8_t *in,
                                    size_t len, unsigned flags, size_t *consumed);
WL_HIDDEN void wl_cbor_doc_free(wl_cbor_doc *doc);
WL_HIDDEN const wl_cbor *wl_cbor_root(const wl_cbor_doc *doc);

/* Navigation (all return NULL when not applicable). */
WL_HIDDEN const wl_cbor *wl_cbor_child(const wl_cbor *it);   /* first child */
WL_HIDDEN const wl_cbor *wl_cbor_next(const wl_cbor *it);    /* next sibling (caller bounds) */
WL_HIDDEN const wl_cbor *wl_cbor_array_at(const wl_cbor *arr, uint64_t i);
WL_HIDDEN const wl_cbor *wl_cbor_map_int(const wl_cbor *map, int64_t key);
WL_HIDDEN const wl_cbor *wl_cbor_map_text(const wl_cbor *map, const char *key);
/* Iterate a map: key i and value i. */
WL_HIDDEN const wl_cbor *wl_cbor_map_key_at(const wl_cbor *map, uint64_t i);
/* The content of a tag (NULL unless it is a TAG). */
WL_HIDDEN const wl_cbor *wl_cbor_tag_content(const wl_cbor *it);

/* Typed accessors: 1 and *v on success, 0 on a type mismatch. */
WL_HIDDEN int wl_cbor_get_int(const wl_cbor *it, int64_t *v);
WL_HIDDEN int wl_cbor_is_text(const wl_cbor *it, const char *s);
WL_HIDDEN int wl_cbor_is_simple(const wl_cbor *it, uint64_t v);

/* Total order on items used for duplicate detection and key lookup. */
WL_HIDDEN int wl_cbor_cmp(const wl_cbor *a, const wl_cbor *b);

/* ---- Encoding ------------------------------------------------------------ */

WL_HIDDEN int wl_cbor_put_head(wl_buf *b, unsigned major, uint64_t arg);
WL_HIDDEN int wl_cbor_put_uint(wl_buf *b, uint64_t v);
WL_HIDDEN int wl_cbor_put_int(wl_buf *b, int64_t v);
WL_HIDDEN int wl_cbor_put_bytes(wl_buf *b, const uint8_t *p, size_t n);
WL_HIDDEN int wl_cbor_put_text(wl_buf *b, const char *p, size_t n);
WL_HIDDEN int wl_cbor_put_cstr(wl_buf *b, const char *s);
WL_HIDDEN int wl_cbor_put_array(wl_buf *b, uint64_t n);
WL_HIDDEN int wl_cbor_put_map(wl_buf *b, uint64_t n);
WL_HIDDEN int wl_cbor_put_tag(wl_buf *b, uint64_t tag);
WL_HIDDEN int wl_cbor_put_bool(wl_buf *b, int v);
WL_HIDDEN int wl_cbor_put_null(wl_buf *b);
/* Shortest float that preserves the value (RFC 8949 §4.2.2). */
WL_HIDDEN int wl_cbor_put_float(wl_buf *b, double v);
/* 1 if the value is exactly representable as an IEEE 754 half. */
WL_HIDDEN int wl_cbor_fits_half(double v);
/* 1 if the value is exactly representable as an IEEE 754 single. */
WL_HIDDEN int wl_cbor_fits_single(double v);
/* Copy an encoded item. */
WL_HIDDEN int wl_cbor_put_raw(wl_buf *b, const uint8_t *p, size_t n);
/* Re-encode a decoded item deterministically (maps sorted, heads shortest,
 * indefinite lengths made definite). */
WL_HIDDEN int wl_cbor_put_item(wl_buf *b, const wl_cbor *it);

/* Sorted-map writer. Usage:
 *     wl_cbor_mapw m; wl_cbor_mapw_init(&m, max);
 *     wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);  ... write the key
 *     wl_cbor_put_int(wl_cbor_mapw_value(&m), -7); ... write the value
 *     ... more entries ...
 *     wl_cbor_mapw_finish(&m, out)   -> map head + entries sorted by key bytes
 * Duplicate keys make finish fail. */
typedef struct wl_cbor_mapw {
    wl_buf data;
    size_t *offs; /* per entry: key start, value start */
    size_t n, cap;
    int state; /* 0 idle, 1 writing a key, 2 writing a value */
    int failed;
} wl_cbor_mapw;

WL_HIDDEN void wl_cbor_mapw_init(wl_cbor_mapw *m, size_t max);
WL_HIDDEN wl_buf *wl_cbor_mapw_key(wl_cbor_mapw *m);
WL_HIDDEN wl_buf *wl_cbor_mapw_value(wl_cbor_mapw *m);
/* 1 on success; 0 on allocation failure or duplicate keys (m->failed = 3). */
WL_HIDDEN int wl_cbor_mapw_finish(wl_cbor_mapw *m, wl_buf *out);
WL_HIDDEN void wl_cbor_mapw_free(wl_cbor_mapw *m);

/* ---- Conversion ---------------------------------------------------------- */

/* CBOR item → JSON text appended to b, for display of CWT claims and mdoc
 * elements: text → string; bytes → base64url string; integers and floats →
 * numbers; tag 0 / 1004 → their string; tag 1 → number; other tags → the
 * content; maps with non-text keys use the key's decimal or base64url form. */
WL_HIDDEN int wl_cbor_to_json(wl_buf *b, const wl_cbor *it);

/* JSON value → CBOR (deterministic): strings → text, integers within ±2^53
 * → int, other numbers → shortest float, true/false/null, arrays, objects →
 * maps with text keys (sorted). Fails (0) on allocation failure or depth
 * beyond 64. */
struct cJSON;
WL_HIDDEN int wl_json_to_cbor(wl_buf *b, const struct cJSON *item);

#endif /* WL_CBOR_H */
