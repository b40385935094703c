/* Growable byte buffer with a cap. See buf.h. */
#include "buf.h"

#include <stdio.h>

#define WL_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

void wl_buf_init(wl_buf *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max ? max : WL_BUF_DEFAULT_MAX;
}

void wl_buf_init_secret(wl_buf *b, size_t max)
{
    wl_buf_init(b, max);
    b->secret = 1;
}

int wl_buf_reserve(wl_buf *b, size_t extra)
{
    if (b->failed)
        return 0;
    /* +1 keeps room for the terminating NUL that wl_buf_take() adds. */
    if (extra > b->max || b->len > b->max - extra) {
        b->failed = 2;
        return 0;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    uint8_t *p;
    if (b->secret) {
        /* realloc could move the data and free the old block as it is. */
        p = malloc(ncap);
        if (p && b->data) {
            memcpy(p, b->data, b->len);
            wl_memzero(b->data, b->cap);
            free(b->data);
        }
    } else {
        p = realloc(b->data, ncap);
    }
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->data = p;
    b->cap = ncap;
    return 1;
}

int wl_buf_append(wl_buf *b, const void *p, size_t n)
{
    if (!wl_buf_reserve(b, n))
        return 0;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return 1;
}

int wl_buf_append_byte(wl_buf *b, uint8_t c)
{
    return wl_buf_append(b, &c, 1);
}

int wl_buf_append_str(wl_buf *b, const char *s)
{
    return wl_buf_append(b, s, strlen(s));
}

int wl_buf_printf(wl_buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[128];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return 0;
    }
    if ((size_t)n < sizeof(small))
        return wl_buf_append(b, small, (size_t)n);
    if (!wl_buf_reserve(b, (size_t)n))
        return 0;
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 1;
}

int wl_buf_append_b64url(wl_buf *b, const uint8_t *p, size_t n)
{
    size_t m = wl_b64url_encoded_len(n);
    if (!wl_buf_reserve(b, m))
        return 0;
    wl_b64url_encode_raw((char *)b->data + b->len, p, n);
    b->len += m;
    b->data[b->len] = 0;
    return 1;
}

uint8_t *wl_buf_take(wl_buf *b, size_t *len)
{
    if (b->failed) {
        wl_buf_free(b);
        if (len)
            *len = 0;
        return NULL;
    }
    if (!b->data && !wl_buf_reserve(b, 0))
        return NULL;
    uint8_t *p = b->data;
    if (len)
        *len = b->len;
    p[b->len] = 0;
    size_t max = b->max;
    wl_buf_init(b, max);
    return p;
}

void wl_buf_free(wl_buf *b)
{
    if (b->secret && b->data)
        wl_memzero(b->data, b->cap);
    free(b->data);
    size_t max = b->max;
    int secret = b->secret;
    wl_buf_init(b, max);
    b->secret = secret;
}

void wl_buf_free_secret(wl_buf *b)
{
    if (b->data)
        wl_memzero(b->data, b->cap);
    wl_buf_free(b);
}

wallet_err wl_buf_error(wallet_ctx *ctx, const wl_buf *b, const char *what)
{
    if (b->failed == 2)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "%s: output exceeds %zu bytes", what, b->max);
    return wl_err(ctx, WALLET_ERR_NOMEM, "%s: out of memory", what);
}
