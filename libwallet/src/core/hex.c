/* Hexadecimal: lower-case out, either case in, even length required. */
#include "buf.h"
#include "wallet/codec.h"

int wl_hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *wl_hex_encode(const uint8_t *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    if (n > (SIZE_MAX - 1) / 2)
        return NULL;
    char *s = malloc(n * 2 + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = digits[in[i] >> 4];
        s[2 * i + 1] = digits[in[i] & 15];
    }
    s[n * 2] = '\0';
    return s;
}

wallet_err wl_hex_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *in,
                         size_t in_len)
{
    *out = NULL;
    *out_len = 0;
    if (in_len % 2)
        return wl_err(ctx, WALLET_ERR_HEX, "hex: odd length %zu", in_len);
    uint8_t *buf = malloc(in_len / 2 + 1);
    if (!buf)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < in_len; i += 2) {
        int hi = wl_hex_value((uint8_t)in[i]), lo = wl_hex_value((uint8_t)in[i + 1]);
        if (hi < 0 || lo < 0) {
            free(buf);
            return wl_err(ctx, WALLET_ERR_HEX, "hex: invalid character at offset %zu",
                          hi < 0 ? i : i + 1);
        }
        buf[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    buf[in_len / 2] = 0;
    *out = buf;
    *out_len = in_len / 2;
    return WALLET_OK;
}

wallet_err wallet_hex_encode(wallet_ctx *ctx, char **out, size_t *out_len, const uint8_t *in,
                             size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "hex: NULL argument");
    char *s = wl_hex_encode(in ? in : (const uint8_t *)"", in_len);
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = s;
    if (out_len)
        *out_len = in_len * 2;
    return WALLET_OK;
}

wallet_err wallet_hex_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *in,
                             size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "hex: NULL argument");
    wallet_err e = wl_check_input_size(ctx, in_len, "hex");
    if (e)
        return e;
    return wl_hex_decode(ctx, out, out_len, in ? in : "", in_len);
}
