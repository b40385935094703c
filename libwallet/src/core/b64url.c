/*
 * base64url without padding (RFC 4648 §5, as used by JOSE: RFC 7515 §2).
 * The decoder is strict: it accepts exactly the strings the encoder emits.
 * A final group of 2 or 3 characters must have its unused low bits zero
 * (RFC 4648 §3.5 "canonical encoding"), otherwise two different strings
 * would decode to the same bytes.
 */
#include "buf.h"
#include "wallet/codec.h"

static const char wl_b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* 0..63 for alphabet characters, 0xFF otherwise. */
static const uint8_t wl_b64_rev[256] = {
#define X 0xFF
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  /* 0x00 */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  /* 0x10 */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  62, X,  X,  /* 0x20 '-' */
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X,  X,  X,  X,  X,  X,  /* 0x30 */
    X,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, /* 0x40 */
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X,  X,  X,  X,  63, /* 0x50 '_' */
    X,  26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, /* 0x60 */
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X,  X,  X,  X,  X,  /* 0x70 */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
#undef X
};

size_t wl_b64url_encoded_len(size_t n)
{
    return (n / 3) * 4 + ((n % 3) ? (n % 3) + 1 : 0);
}

void wl_b64url_encode_raw(char *out, const uint8_t *in, size_t n)
{
    size_t i = 0, o = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8) | in[i + 2];
        out[o++] = wl_b64_alphabet[(v >> 18) & 63];
        out[o++] = wl_b64_alphabet[(v >> 12) & 63];
        out[o++] = wl_b64_alphabet[(v >> 6) & 63];
        out[o++] = wl_b64_alphabet[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = wl_b64_alphabet[(v >> 18) & 63];
        out[o++] = wl_b64_alphabet[(v >> 12) & 63];
    } else if (n - i == 2) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8);
        out[o++] = wl_b64_alphabet[(v >> 18) & 63];
        out[o++] = wl_b64_alphabet[(v >> 12) & 63];
        out[o++] = wl_b64_alphabet[(v >> 6) & 63];
    }
    out[o] = '\0';
}

char *wl_b64url_encode(const uint8_t *in, size_t n)
{
    char *out = malloc(wl_b64url_encoded_len(n) + 1);
    if (out)
        wl_b64url_encode_raw(out, in, n);
    return out;
}

wallet_err wl_b64url_decode_into(wallet_ctx *ctx, uint8_t *out, size_t cap, size_t *out_len,
                                 const char *in, size_t in_len)
{
    *out_len = 0;
    if (in_len % 4 == 1)
        return wl_err(ctx, WALLET_ERR_BASE64, "base64url: length %zu is 1 mod 4", in_len);
    size_t need = in_len / 4 * 3 + (in_len % 4 ? in_len % 4 - 1 : 0);
    if (need > cap)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "base64url: output buffer too small");
    const uint8_t *s = (const uint8_t *)in;
    size_t i = 0, o = 0;
    for (; i + 4 <= in_len; i += 4) {
        uint8_t a = wl_b64_rev[s[i]], b = wl_b64_rev[s[i + 1]], c = wl_b64_rev[s[i + 2]],
                d = wl_b64_rev[s[i + 3]];
        if ((a | b | c | d) & 0xC0) {
            size_t bad = i;
            while (wl_b64_rev[s[bad]] != 0xFF)
                bad++;
            if (s[bad] == '=')
                return wl_err(ctx, WALLET_ERR_BASE64, "base64url: padding '=' at offset %zu",
                              bad);
            return wl_err(ctx, WALLET_ERR_BASE64, "base64url: invalid character at offset %zu",
                          bad);
        }
        uint32_t v = ((uint32_t)a << 18) | ((uint32_t)b << 12) | ((uint32_t)c << 6) | d;
        out[o++] = (uint8_t)(v >> 16);
        out[o++] = (uint8_t)(v >> 8);
        out[o++] = (uint8_t)v;
    }
    size_t rest = in_len - i;
    if (rest) {
        uint8_t a = wl_b64_rev[s[i]], b = wl_b64_rev[s[i + 1]];
        uint8_t c = rest == 3 ? wl_b64_rev[s[i + 2]] : 0;
        if ((a | b | c) & 0xC0) {
            size_t bad = i;
            while (wl_b64_rev[s[bad]] != 0xFF)
                bad++;
            if (s[bad] == '=')
                return wl_err(ctx, WALLET_ERR_BASE64, "base64url: padding '=' at offset %zu",
                              bad);
            return wl_err(ctx, WALLET_ERR_BASE64, "base64url: invalid character at offset %zu",
                          bad);
        }
        if (rest == 2) {
            if (b & 0x0F)
                return wl_err(ctx, WALLET_ERR_BASE64,
                              "base64url: non-zero trailing bits at offset %zu", i + 1);
            out[o++] = (uint8_t)((a << 2) | (b >> 4));
        } else {
            if (c & 0x03)
                return wl_err(ctx, WALLET_ERR_BASE64,
                              "base64url: non-zero trailing bits at offset %zu", i + 2);
            out[o++] = (uint8_t)((a << 2) | (b >> 4));
            out[o++] = (uint8_t)((b << 4) | (c >> 2));
        }
    }
    *out_len = o;
    return WALLET_OK;
}

wallet_err wl_b64url_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *in,
                            size_t in_len)
{
    *out = NULL;
    *out_len = 0;
    uint8_t *buf = malloc(in_len / 4 * 3 + 3);
    if (!buf)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t n;
    wallet_err e = wl_b64url_decode_into(ctx, buf, in_len / 4 * 3 + 2, &n, in, in_len);
    if (e) {
        free(buf);
        return e;
    }
    buf[n] = 0;
    *out = buf;
    *out_len = n;
    return WALLET_OK;
}

wallet_err wallet_b64url_encode(wallet_ctx *ctx, char **out, size_t *out_len, const uint8_t *in,
                                size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "base64url: NULL argument");
    if (in_len > SIZE_MAX / 2)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "base64url: input too large");
    char *s = wl_b64url_encode(in ? in : (const uint8_t *)"", in_len);
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = s;
    if (out_len)
        *out_len = strlen(s);
    return WALLET_OK;
}

wallet_err wallet_b64url_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *in,
                                size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "base64url: NULL argument");
    wallet_err e = wl_check_input_size(ctx, in_len, "base64url");
    if (e)
        return e;
    return wl_b64url_decode(ctx, out, out_len, in ? in : "", in_len);
}

/*
 * Standard base64 with padding (RFC 4648 §4), for the few places that use
 * it: JWS "x5c" certificates (RFC 7515 §4.1.6) and PEM-free DER in JSON.
 * Strict like the base64url decoder: exact padding, canonical trailing bits.
 */
wallet_err wl_base64_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *in,
                            size_t in_len)
{
    *out = NULL;
    *out_len = 0;
    if (in_len % 4)
        return wl_err(ctx, WALLET_ERR_BASE64, "base64: length %zu is not a multiple of 4", in_len);
    size_t pad = 0;
    if (in_len >= 1 && in[in_len - 1] == '=')
        pad = (in_len >= 2 && in[in_len - 2] == '=') ? 2 : 1;
    char *tmp = wl_strndup(in, in_len - pad);
    if (!tmp)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < in_len - pad; i++) {
        if (tmp[i] == '+')
            tmp[i] = '-';
        else if (tmp[i] == '/')
            tmp[i] = '_';
        else if (tmp[i] == '-' || tmp[i] == '_' || tmp[i] == '=') {
            free(tmp);
            return wl_err(ctx, WALLET_ERR_BASE64, "base64: invalid character at offset %zu", i);
        }
    }
    wallet_err e = wl_b64url_decode(ctx, out, out_len, tmp, in_len - pad);
    free(tmp);
    if (e)
        return wl_err(ctx, WALLET_ERR_BASE64, "base64: malformed");
    return WALLET_OK;
}
