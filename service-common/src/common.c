/* Errors, clocks, and the small helpers of internal.h. */
#include <stdio.h>
#include <time.h>

#include <wallet/codec.h>

#include "internal.h"

#define SVCI_ERRMSG_MAX 320

static _Thread_local char svci_errmsg_buf[SVCI_ERRMSG_MAX];

const char *svc_err_str(svc_err err)
{
    switch (err) {
    case SVC_OK: return "ok";
    case SVC_ERR_INVALID_ARG: return "invalid_argument";
    case SVC_ERR_NOMEM: return "out_of_memory";
    case SVC_ERR_IO: return "io_error";
    case SVC_ERR_CONFIG: return "config";
    case SVC_ERR_NOT_FOUND: return "not_found";
    case SVC_ERR_EXISTS: return "exists";
    case SVC_ERR_EXPIRED: return "expired";
    case SVC_ERR_STORAGE: return "storage";
    case SVC_ERR_BAD_KEY: return "bad_storage_key";
    case SVC_ERR_BUSY: return "busy";
    case SVC_ERR_TOO_LARGE: return "too_large";
    case SVC_ERR_CRYPTO: return "crypto";
    case SVC_ERR_LISTEN: return "listen";
    case SVC_ERR_UNAUTHORIZED: return "unauthorized";
    case SVC_ERR_FORBIDDEN: return "forbidden";
    case SVC_ERR_MALFORMED: return "malformed";
    case SVC_ERR_STATE: return "bad_state";
    }
    return "unknown";
}

const char *svc_errmsg(void)
{
    return svci_errmsg_buf;
}

svc_err svci_err(svc_err code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(svci_errmsg_buf, sizeof(svci_errmsg_buf), fmt, ap);
    va_end(ap);
    return code;
}

void svci_clear_err(void)
{
    svci_errmsg_buf[0] = '\0';
}

int64_t svc_time_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t svc_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

char *svci_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *svci_strdup(const char *s)
{
    return s ? svci_strndup(s, strlen(s)) : NULL;
}

int svci_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    volatile uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= (uint8_t)(x[i] ^ y[i]);
    return acc == 0;
}

int svci_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += len;
    }
    return 1;
}

/* ---- capped buffer ------------------------------------------------------- */

void svci_buf_init(svci_buf *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max;
}

void svci_buf_free(svci_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

void svci_buf_put(svci_buf *b, const void *data, size_t n)
{
    if (b->failed)
        return;
    if (n > b->max || b->len > b->max - n) {
        b->failed = 1;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (cap > b->max + 1)
            cap = b->max + 1;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void svci_buf_puts(svci_buf *b, const char *s)
{
    svci_buf_put(b, s, strlen(s));
}

void svci_buf_printf(svci_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        b->failed = 1; /* only short formatted pieces go through here */
        return;
    }
    svci_buf_put(b, tmp, (size_t)n);
}

void svci_buf_json_string(svci_buf *b, const char *s)
{
    static const char hexd[] = "0123456789abcdef";
    svci_buf_put(b, "\"", 1);
    const uint8_t *p = (const uint8_t *)s;
    size_t n = strlen(s), i = 0;
    while (i < n && !b->failed) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            svci_buf_put(b, esc, 2);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            char esc[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
            svci_buf_put(b, esc, 6);
            i++;
        } else if (c < 0x80) {
            svci_buf_put(b, &p[i], 1);
            i++;
        } else {
            /* Find the length of this UTF-8 sequence and validate it alone. */
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (len <= n - i && svci_utf8_valid(p + i, len)) {
                svci_buf_put(b, p + i, len);
                i += len;
            } else {
                svci_buf_puts(b, "\xEF\xBF\xBD");
                i++;
            }
        }
    }
    svci_buf_put(b, "\"", 1);
}

char *svci_buf_take(svci_buf *b, size_t *len)
{
    if (len)
        *len = 0;
    if (b->failed) {
        svci_buf_free(b);
        return NULL;
    }
    char *d = b->data ? b->data : calloc(1, 1);
    if (d && len)
        *len = b->len;
    memset(b, 0, sizeof(*b));
    return d;
}

/* ---- percent-decoding, hex ------------------------------------------------ */

char *svci_pct_decode(const char *in, size_t n, int plus_is_space, int *bad)
{
    char *out = NULL;
    size_t len = 0;
    wallet_err e = wallet_pct_decode(NULL, &out, &len, in, n,
                                     plus_is_space ? WALLET_PCT_PLUS_SPACE : 0);
    *bad = e == WALLET_ERR_PERCENT;
    if (!e && !svci_utf8_valid((const uint8_t *)out, len)) {
        wallet_free(out);
        *bad = 1;
        return NULL;
    }
    return e ? NULL : out;
}

void svci_hex(char *out, const uint8_t *in, size_t n)
{
    static const char hexd[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexd[in[i] >> 4];
        out[2 * i + 1] = hexd[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int svci_unhex(uint8_t *out, size_t n, const char *hex, size_t hex_len)
{
    uint8_t *bin = NULL;
    size_t len = 0;
    if (hex_len != 2 * n || wallet_hex_decode(NULL, &bin, &len, hex, hex_len) != WALLET_OK)
        return -1;
    memcpy(out, bin, n);
    wallet_memzero(bin, len);
    wallet_free(bin);
    return 0;
}
