/*
 * Public wrappers over the backend's random, SHA-256 and HMAC-SHA256
 * (include/wallet/primitives.h), for programs that must not reach OpenSSL
 * themselves (the services).
 */
#include "crypto.h"
#include "wallet/primitives.h"

wallet_err wallet_random(wallet_ctx *ctx, uint8_t *out, size_t len)
{
    wl_enter(ctx);
    if (!out && len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    if (len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "random request too large");
    if (!len)
        return WALLET_OK;
    wallet_err e = wl_random(ctx, out, len);
    if (e != WALLET_OK)
        wl_memzero(out, len);
    return e;
}

wallet_err wallet_sha256(wallet_ctx *ctx, uint8_t out32[32], const uint8_t *in, size_t len)
{
    wl_enter(ctx);
    if (out32)
        wl_memzero(out32, 32);
    if (!out32 || (!in && len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    static const uint8_t empty[1];
    wallet_err e = wl_hash(ctx, WL_SHA256, in ? in : empty, len, out32);
    if (e != WALLET_OK)
        wl_memzero(out32, 32);
    return e;
}

wallet_err wallet_hmac_sha256(wallet_ctx *ctx, uint8_t out32[32], const uint8_t *key,
                              size_t key_len, const uint8_t *in, size_t len)
{
    wl_enter(ctx);
    if (out32)
        wl_memzero(out32, 32);
    if (!out32 || !key || !key_len || (!in && len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument or empty key");
    static const uint8_t empty[1];
    wallet_err e = wl_hmac(ctx, WL_SHA256, key, key_len, in ? in : empty, len, out32);
    if (e != WALLET_OK)
        wl_memzero(out32, 32);
    return e;
}
