/*
 * Base45 (RFC 9285). Two bytes [a, b] encode as n = a*256 + b written as
 * c + d*45 + e*45^2 in three characters "c d e"; a final single byte as two
 * characters. The decoder rejects a length of 1 mod 3, characters outside
 * the 45-character alphabet, a triplet above 65535 and a pair above 255
 * (RFC 9285 §4.4: such input "MUST" be rejected).
 */
#include "buf.h"
#include "wallet/codec.h"

static const char wl_b45_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

static int wl_b45_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    switch (c) {
    case ' ': return 36;
    case '$': return 37;
    case '%': return 38;
    case '*': return 39;
    case '+': return 40;
    case '-': return 41;
    case '.': return 42;
    case '/': return 43;
    case ':': return 44;
    default: return -1;
    }
}

wallet_err wallet_base45_encode(wallet_ctx *ctx, char **out, size_t *out_len, const uint8_t *in,
                                size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "base45: NULL argument");
    if (in_len > SIZE_MAX / 2)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "base45: input too large");
    size_t n = in_len / 2 * 3 + (in_len % 2) * 2;
    char *s = malloc(n + 1);
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t o = 0, i = 0;
    for (; i + 2 <= in_len; i += 2) {
        unsigned v = (unsigned)in[i] * 256u + in[i + 1];
        s[o++] = wl_b45_alphabet[v % 45];
        s[o++] = wl_b45_alphabet[(v / 45) % 45];
        s[o++] = wl_b45_alphabet[v / 2025];
    }
    if (i < in_len) {
        unsigned v = in[i];
        s[o++] = wl_b45_alphabet[v % 45];
        s[o++] = wl_b45_alphabet[v / 45];
    }
    s[o] = '\0';
    *out = s;
    if (out_len)
        *out_len = o;
    return WALLET_OK;
}

wallet_err wallet_base45_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *in,
                                size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "base45: NULL argument");
    wallet_err e = wl_check_input_size(ctx, in_len, "base45");
    if (e)
        return e;
    if (in_len % 3 == 1)
        return wl_err(ctx, WALLET_ERR_BASE45, "base45: length %zu is 1 mod 3", in_len);
    const uint8_t *s = (const uint8_t *)in;
    uint8_t *buf = malloc(in_len / 3 * 2 + 2);
    if (!buf)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t o = 0, i = 0;
    for (; i < in_len; i += 3) {
        size_t group = in_len - i >= 3 ? 3 : 2;
        unsigned v = 0, mul = 1;
        for (size_t k = 0; k < group; k++) {
            int d = wl_b45_value(s[i + k]);
            if (d < 0) {
                free(buf);
                return wl_err(ctx, WALLET_ERR_BASE45, "base45: invalid character at offset %zu",
                              i + k);
            }
            v += (unsigned)d * mul;
            mul *= 45;
        }
        if (group == 3) {
            if (v > 0xFFFF) {
                free(buf);
                return wl_err(ctx, WALLET_ERR_BASE45,
                              "base45: triplet at offset %zu exceeds 65535", i);
            }
            buf[o++] = (uint8_t)(v >> 8);
            buf[o++] = (uint8_t)v;
        } else {
            if (v > 0xFF) {
                free(buf);
                return wl_err(ctx, WALLET_ERR_BASE45,
                              "base45: final pair at offset %zu exceeds 255", i);
            }
            buf[o++] = (uint8_t)v;
        }
    }
    buf[o] = 0;
    *out = buf;
    *out_len = o;
    return WALLET_OK;
}
