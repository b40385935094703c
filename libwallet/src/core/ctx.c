/* The context: clock, limits, logging, last error. */
#include "internal.h"

#include <stdio.h>
#include <time.h>

static const int64_t wl_default_limits[WALLET_LIMIT_COUNT_] = {
    [WALLET_LIMIT_INPUT_BYTES] = 1024 * 1024,
    [WALLET_LIMIT_JSON_DEPTH] = 32,
    [WALLET_LIMIT_CBOR_DEPTH] = 32,
    [WALLET_LIMIT_CBOR_ITEMS] = 65536,
    [WALLET_LIMIT_DISCLOSURES] = 1024,
    [WALLET_LIMIT_INFLATE_BYTES] = 2 * 1024 * 1024,
    [WALLET_LIMIT_CHAIN_LENGTH] = 8,
    [WALLET_LIMIT_CLOCK_SKEW] = 60,
    [WALLET_LIMIT_HTTP_TIMEOUT] = 10,
    [WALLET_LIMIT_HTTP_BYTES] = 1024 * 1024,
};

wallet_err wallet_ctx_new(wallet_ctx **out)
{
    if (!out)
        return WALLET_ERR_INVALID_ARG;
    *out = NULL;
    wallet_ctx *ctx = wl_calloc(1, sizeof(*ctx));
    if (!ctx)
        return WALLET_ERR_NOMEM;
    memcpy(ctx->limits, wl_default_limits, sizeof(ctx->limits));
    ctx->log_level = WALLET_LOG_ERROR;
    *out = ctx;
    return WALLET_OK;
}

void wallet_ctx_free(wallet_ctx *ctx)
{
    if (!ctx)
        return;
    for (int i = 0; i < WL_CACHE_COUNT_; i++)
        if (ctx->cache[i] && ctx->cache_free[i])
            ctx->cache_free[i](ctx->cache[i]);
    free(ctx);
}

void wallet_ctx_set_clock(wallet_ctx *ctx, wallet_clock_fn fn, void *user)
{
    if (!ctx)
        return;
    ctx->clock = fn;
    ctx->clock_user = user;
    ctx->has_fixed_time = 0;
}

void wallet_ctx_set_time(wallet_ctx *ctx, int64_t unix_seconds)
{
    if (!ctx)
        return;
    ctx->clock = NULL;
    ctx->fixed_time = unix_seconds;
    ctx->has_fixed_time = 1;
}

int64_t wallet_ctx_now(const wallet_ctx *ctx)
{
    if (ctx && ctx->has_fixed_time)
        return ctx->fixed_time;
    if (ctx && ctx->clock)
        return ctx->clock(ctx->clock_user);
    /* The only place that reads the system clock. */
    return (int64_t)time(NULL);
}

int64_t wallet_ctx_limit(wallet_ctx *ctx, wallet_limit id, int64_t value)
{
    if (!ctx || (int)id < 0 || id >= WALLET_LIMIT_COUNT_)
        return -1;
    int64_t old = ctx->limits[id];
    if (value >= 0)
        ctx->limits[id] = value;
    return old;
}

int64_t wl_limit(const wallet_ctx *ctx, wallet_limit id)
{
    if ((int)id < 0 || id >= WALLET_LIMIT_COUNT_)
        return 0;
    return ctx ? ctx->limits[id] : wl_default_limits[id];
}

wallet_err wl_check_input_size(wallet_ctx *ctx, size_t len, const char *what)
{
    int64_t max = wl_limit(ctx, WALLET_LIMIT_INPUT_BYTES);
    if ((uint64_t)len > (uint64_t)max)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "%s: %zu bytes exceeds the input limit of %lld",
                      what, len, (long long)max);
    return WALLET_OK;
}

void wallet_ctx_set_offline(wallet_ctx *ctx, int offline)
{
    if (ctx)
        ctx->offline = offline != 0;
}

int wallet_ctx_offline(const wallet_ctx *ctx)
{
    return ctx ? ctx->offline : 0;
}

void wallet_ctx_set_log(wallet_ctx *ctx, wallet_log_fn fn, void *user, wallet_log_level max_level)
{
    if (!ctx)
        return;
    ctx->log = fn;
    ctx->log_user = user;
    ctx->log_level = max_level;
}

void wl_log(const wallet_ctx *ctx, wallet_log_level level, const char *fmt, ...)
{
    if (!ctx || !ctx->log || level > ctx->log_level)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_user, level, msg);
}

const char *wallet_ctx_errmsg(const wallet_ctx *ctx)
{
    return ctx ? ctx->errmsg : "";
}

wallet_err wallet_ctx_errcode(const wallet_ctx *ctx)
{
    return ctx ? ctx->errcode : WALLET_ERR_INVALID_ARG;
}
