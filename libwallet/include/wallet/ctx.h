/*
 * libwallet — the context: clock, limits on untrusted input, logging, and the
 * detail message of the last failure.
 *
 * A wallet_ctx is cheap. It is not locked: use one per thread (keys, trust
 * sets and certificates, once built, may be shared between threads and
 * contexts).
 */
#ifndef WALLET_CTX_H
#define WALLET_CTX_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_ctx wallet_ctx;

/* Create a context with the system clock, default limits and no logging.
 * On failure *out is NULL. */
WALLET_EXPORT wallet_err wallet_ctx_new(wallet_ctx **out);

/* Release a context. NULL is a no-op. */
WALLET_EXPORT void wallet_ctx_free(wallet_ctx *ctx);

/*
 * Clock. Every time-dependent check (token validity, certificate validity,
 * KB-JWT freshness) uses this clock and nothing else, so tests and
 * offline verifiers can pin "now". The callback returns seconds since the
 * Unix epoch. Passing NULL restores the system clock.
 */
typedef int64_t (*wallet_clock_fn)(void *user);
WALLET_EXPORT void wallet_ctx_set_clock(wallet_ctx *ctx, wallet_clock_fn fn, void *user);

/* Convenience: a fixed time (seconds since the epoch); wallet_ctx_set_clock
 * with NULL undoes it. */
WALLET_EXPORT void wallet_ctx_set_time(wallet_ctx *ctx, int64_t unix_seconds);

/* The context's current time. */
WALLET_EXPORT int64_t wallet_ctx_now(const wallet_ctx *ctx);

/*
 * Limits on untrusted input, checked before anything is allocated for it.
 * Exceeding one yields WALLET_ERR_TOO_LARGE or WALLET_ERR_TOO_DEEP.
 */
typedef enum wallet_limit {
    WALLET_LIMIT_INPUT_BYTES = 0,   /* any single input (token, CBOR, JSON): default 1 MiB */
    WALLET_LIMIT_JSON_DEPTH = 1,    /* nesting of JSON arrays/objects: default 32 */
    WALLET_LIMIT_CBOR_DEPTH = 2,    /* nesting of CBOR arrays/maps/tags: default 32 */
    WALLET_LIMIT_CBOR_ITEMS = 3,    /* data items in one CBOR document: default 65536 */
    WALLET_LIMIT_DISCLOSURES = 4,   /* SD-JWT disclosures in one token: default 1024 */
    WALLET_LIMIT_INFLATE_BYTES = 5, /* output of any decompression: default 2 MiB */
    WALLET_LIMIT_CHAIN_LENGTH = 6,  /* certificates in one path, leaf and trust
                                       anchor included: default 8 */
    WALLET_LIMIT_CLOCK_SKEW = 7,    /* seconds of tolerated clock skew: default 60 */
    WALLET_LIMIT_HTTP_TIMEOUT = 8,  /* seconds for a whole HTTP exchange: default 10 */
    WALLET_LIMIT_HTTP_BYTES = 9,    /* bytes of an HTTP response body: default 1 MiB */
    WALLET_LIMIT_COUNT_ = 10        /* number of limits (not a limit) */
} wallet_limit;

/* Set limit `id` to `value` if value >= 0; return the previous value (or
 * -1 for an unknown id). Like sqlite3_limit(): pass -1 to read. */
WALLET_EXPORT int64_t wallet_ctx_limit(wallet_ctx *ctx, wallet_limit id, int64_t value);

/*
 * Network. libwallet fetches over HTTPS only (plain HTTP is allowed to
 * loopback addresses, for local services and tests), never follows
 * redirects, and caps time (WALLET_LIMIT_HTTP_TIMEOUT) and size
 * (WALLET_LIMIT_HTTP_BYTES). In offline mode every fetch fails with
 * WALLET_ERR_OFFLINE and formats fall back to their cached or snapshot
 * data where they have one.
 */
WALLET_EXPORT void wallet_ctx_set_offline(wallet_ctx *ctx, int offline);
WALLET_EXPORT int wallet_ctx_offline(const wallet_ctx *ctx);

/*
 * Logging. The library logs only structural facts (which check failed,
 * which algorithm, byte offsets) — never key material, claim values or
 * other personal data. Off by default.
 */
typedef enum wallet_log_level {
    WALLET_LOG_ERROR = 0,
    WALLET_LOG_WARN = 1,
    WALLET_LOG_INFO = 2,
    WALLET_LOG_DEBUG = 3
} wallet_log_level;

typedef void (*wallet_log_fn)(void *user, wallet_log_level level, const char *message);

/* Install a log callback receiving messages at `max_level` and more severe.
 * NULL disables logging. */
WALLET_EXPORT void wallet_ctx_set_log(wallet_ctx *ctx, wallet_log_fn fn, void *user,
                                      wallet_log_level max_level);

/*
 * The detail of the most recent failure of a call made with this context:
 * an English sentence naming the failing check (e.g. "JWS header: member
 * \"alg\" appears twice"). Empty string after a success. Owned by the
 * context and valid until the next call that uses it. Never NULL.
 */
WALLET_EXPORT const char *wallet_ctx_errmsg(const wallet_ctx *ctx);

/* The code of the most recent call made with this context. */
WALLET_EXPORT wallet_err wallet_ctx_errcode(const wallet_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_CTX_H */
