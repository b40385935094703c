/*
 * libwallet internal core: the context structure, error reporting, limits,
 * allocation helpers. Internal names carry the wl_ prefix and are hidden
 * from the shared library's symbol table.
 */
#ifndef WL_INTERNAL_H
#define WL_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wallet/common.h"
#include "wallet/ctx.h"

#define WL_HIDDEN __attribute__((visibility("hidden")))

#if defined(__GNUC__) || defined(__clang__)
#define WL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WL_PRINTF(a, b)
#endif

#define WL_ERRMSG_MAX 256

/* Per-context caches of modules (DESIGN.md: the context holds caches).
 * A context is used by one thread at a time, so a cache needs no lock. */
typedef enum wl_cache_id {
    WL_CACHE_MDOC_CHAIN = 0, /* src/mdoc/chain_cache.c: verified x5chains */
    WL_CACHE_COUNT_ = 4
} wl_cache_id;

struct wallet_ctx {
    wallet_clock_fn clock;
    void *clock_user;
    int64_t fixed_time;
    int has_fixed_time;
    int64_t limits[WALLET_LIMIT_COUNT_];
    wallet_log_fn log;
    void *log_user;
    wallet_log_level log_level;
    int offline;
    wallet_err errcode;
    char errmsg[WL_ERRMSG_MAX];
    /* module caches and their destructors, released with the context */
    void *cache[WL_CACHE_COUNT_];
    void (*cache_free[WL_CACHE_COUNT_])(void *);
};

/* Record a failure on ctx (ctx may be NULL) and return `code`. The message
 * must name the failing check, never a secret or personal value. */
WL_HIDDEN wallet_err wl_err(wallet_ctx *ctx, wallet_err code, const char *fmt, ...)
    WL_PRINTF(3, 4);

/* Prefix the current detail with "what: " (used when an inner parser fails
 * and the outer one knows the context, e.g. "JWS header: ..."). Returns the
 * current code. */
WL_HIDDEN wallet_err wl_err_prefix(wallet_ctx *ctx, const char *what);

/* Clear the last error: called on entry to every public function that
 * takes a context. */
static inline void wl_enter(wallet_ctx *ctx)
{
    if (ctx) {
        ctx->errcode = WALLET_OK;
        ctx->errmsg[0] = '\0';
    }
}

WL_HIDDEN void wl_log(const wallet_ctx *ctx, wallet_log_level level, const char *fmt, ...)
    WL_PRINTF(3, 4);

/* Limits (ctx may be NULL: defaults). */
WL_HIDDEN int64_t wl_limit(const wallet_ctx *ctx, wallet_limit id);
WL_HIDDEN wallet_err wl_check_input_size(wallet_ctx *ctx, size_t len, const char *what);

/* Allocation: calloc/malloc with overflow checks. NULL on failure. */
WL_HIDDEN void *wl_calloc(size_t n, size_t size);
WL_HIDDEN void *wl_malloc(size_t size);
WL_HIDDEN char *wl_strdup(const char *s);
WL_HIDDEN char *wl_strndup(const char *s, size_t n);
WL_HIDDEN void *wl_memdup(const void *p, size_t n);

/* Wipe then free (for buffers that held secrets). Implemented in crypto/. */
WL_HIDDEN void wl_memzero(void *p, size_t n);
WL_HIDDEN void wl_free_secret(void *p, size_t n);
/* Constant-time comparison: 1 if equal. Implemented in crypto/. */
WL_HIDDEN int wl_ct_equal(const void *a, const void *b, size_t n);

/* Codecs (raw versions without context allocation policy). */
WL_HIDDEN size_t wl_b64url_encoded_len(size_t n);
WL_HIDDEN void wl_b64url_encode_raw(char *out, const uint8_t *in, size_t n);
WL_HIDDEN wallet_err wl_b64url_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                      const char *in, size_t in_len);
/* Decode into a caller buffer of capacity cap (cap >= in_len*3/4 + 1). */
WL_HIDDEN wallet_err wl_b64url_decode_into(wallet_ctx *ctx, uint8_t *out, size_t cap,
                                           size_t *out_len, const char *in, size_t in_len);
WL_HIDDEN char *wl_b64url_encode(const uint8_t *in, size_t n);
/* Standard base64 with padding, strict (RFC 4648 §4). */
WL_HIDDEN wallet_err wl_base64_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                      const char *in, size_t in_len);
WL_HIDDEN wallet_err wl_hex_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                   const char *in, size_t in_len);
WL_HIDDEN char *wl_hex_encode(const uint8_t *in, size_t n);
/* The value of one hex digit (either case), or -1. */
WL_HIDDEN int wl_hex_value(uint8_t c);

/* Validate UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
WL_HIDDEN int wl_utf8_valid(const uint8_t *s, size_t n);

/* Read a whole file (capped at `max` bytes). Adds a NUL after the data. */
WL_HIDDEN wallet_err wl_read_file(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                  const char *path, size_t max);

#define WL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* WL_INTERNAL_H */
