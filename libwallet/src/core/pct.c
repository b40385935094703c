/*
 * Percent-encoding (RFC 3986 §2.1) and form fields
 * (application/x-www-form-urlencoded, WHATWG URL §5.1). See codec.h.
 */
#include "pct.h"

#include "wallet/codec.h"

static const char wl_pct_hex[] = "0123456789ABCDEF";

/* RFC 3986 §2.3 unreserved characters. */
static int wl_pct_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

int wl_pct_append(wl_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (wl_pct_unreserved(c)) {
            if (!wl_buf_append_byte(b, c))
                return 0;
        } else {
            char t[3] = {'%', wl_pct_hex[c >> 4], wl_pct_hex[c & 15]};
            if (!wl_buf_append(b, t, 3))
                return 0;
        }
    }
    return !b->failed;
}

int wl_form_append(wl_buf *b, const char *name, const char *value)
{
    if (b->len && !wl_buf_append_byte(b, '&'))
        return 0;
    return wl_pct_append(b, name, strlen(name)) && wl_buf_append_byte(b, '=') &&
           wl_pct_append(b, value, strlen(value));
}

/* Decode into out (room for n + 1 bytes); the length, or (size_t)-1 with
 * *bad_at set on a malformed escape or an encoded NUL. */
static size_t wl_pct_decode_into(char *out, const char *s, size_t n, unsigned flags,
                                 size_t *bad_at)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int hi = i + 2 < n ? wl_hex_value((uint8_t)s[i + 1]) : -1;
            int lo = hi >= 0 ? wl_hex_value((uint8_t)s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                *bad_at = i;
                return (size_t)-1;
            }
            out[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && (flags & WALLET_PCT_PLUS_SPACE)) {
            out[j++] = ' ';
        } else if (c == '\0') {
            *bad_at = i;
            return (size_t)-1;
        } else {
            out[j++] = (char)c;
        }
    }
    out[j] = '\0';
    return j;
}

wallet_err wl_pct_decode(wallet_ctx *ctx, char **out, size_t *out_len, const char *in,
                         size_t in_len, unsigned flags)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    wallet_err e = wl_check_input_size(ctx, in_len, "percent-encoding");
    if (e)
        return e;
    char *d = wl_malloc(in_len + 1);
    if (!d)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t bad = 0, n = wl_pct_decode_into(d, in, in_len, flags, &bad);
    if (n == (size_t)-1) {
        free(d);
        return wl_err(ctx, WALLET_ERR_PERCENT,
                      in[bad] == '%' ? "percent-encoding: '%%' at offset %zu is not followed by "
                                       "two hex digits, or encodes NUL"
                                     : "percent-encoding: NUL byte at offset %zu",
                      bad);
    }
    *out = d;
    if (out_len)
        *out_len = n;
    return WALLET_OK;
}

wallet_err wallet_pct_encode(wallet_ctx *ctx, char **out, size_t *out_len, const char *in,
                             size_t in_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || (!in && in_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "percent-encoding: NULL argument");
    wallet_err e = wl_check_input_size(ctx, in_len, "percent-encoding");
    if (e)
        return e;
    wl_buf b;
    wl_buf_init(&b, 3 * in_len + 1);
    if (!wl_pct_append(&b, in ? in : "", in_len) || !wl_buf_append_byte(&b, '\0')) {
        wl_buf_free(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    *out = (char *)wl_buf_take(&b, &n);
    if (out_len)
        *out_len = n - 1;
    return WALLET_OK;
}

wallet_err wallet_pct_decode(wallet_ctx *ctx, char **out, size_t *out_len, const char *in,
                             size_t in_len, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || (!in && in_len) || (flags & ~WALLET_PCT_PLUS_SPACE))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "percent-encoding: NULL argument or bad flags");
    return wl_pct_decode(ctx, out, out_len, in ? in : "", in_len, flags);
}

wallet_err wallet_form_get(wallet_ctx *ctx, char **out, const char *body, size_t len,
                           const char *name)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !name || (!body && len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "form: NULL argument");
    wallet_err e = wl_check_input_size(ctx, len, "form");
    if (e)
        return e;
    char *found = NULL, *field = NULL;
    size_t i = 0, nl = strlen(name);
    if (len && !(field = wl_malloc(len + 1)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    while (i < len && !e) {
        const char *f = body + i, *amp = memchr(f, '&', len - i);
        size_t fl = amp ? (size_t)(amp - f) : len - i;
        i += fl + 1;
        if (fl == 0)
            continue; /* "a=1&&b=2" */
        const char *eq = memchr(f, '=', fl);
        size_t kl = eq ? (size_t)(eq - f) : fl, bad = 0;
        size_t dl = wl_pct_decode_into(field, f, kl, WALLET_PCT_PLUS_SPACE, &bad);
        if (dl == (size_t)-1) {
            e = wl_err(ctx, WALLET_ERR_PERCENT, "form: malformed field name at offset %zu",
                       (size_t)(f - body) + bad);
        } else if (dl == nl && memcmp(field, name, nl) == 0) {
            if (found) {
                e = wl_err(ctx, WALLET_ERR_FIELD_DUPLICATE, "form: field \"%.40s\" appears twice",
                           name);
            } else {
                const char *v = eq ? eq + 1 : f + fl;
                e = wl_pct_decode(ctx, &found, NULL, v, (size_t)(f + fl - v),
                                  WALLET_PCT_PLUS_SPACE);
                if (e)
                    wl_err_prefix(ctx, "form: field value");
            }
        }
    }
    free(field);
    if (!e && !found)
        e = wl_err(ctx, WALLET_ERR_NOT_FOUND, "form: no field \"%.40s\"", name);
    if (e) {
        free(found);
        return e;
    }
    *out = found;
    return WALLET_OK;
}
