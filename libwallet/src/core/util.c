/* Allocation helpers, UTF-8 validation, whole-file reading. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

void *wl_calloc(size_t n, size_t size)
{
    if (n == 0 || size == 0)
        n = size = 1;
    return calloc(n, size);
}

void *wl_malloc(size_t size)
{
    return malloc(size ? size : 1);
}

char *wl_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *wl_strdup(const char *s)
{
    return s ? wl_strndup(s, strlen(s)) : NULL;
}

void *wl_memdup(const void *p, size_t n)
{
    uint8_t *q = malloc(n + 1);
    if (!q)
        return NULL;
    if (n)
        memcpy(q, p, n);
    q[n] = 0;
    return q;
}

void wallet_free(void *p)
{
    free(p);
}

void wallet_memzero(void *p, size_t len)
{
    if (p && len)
        wl_memzero(p, len);
}

void wl_free_secret(void *p, size_t n)
{
    if (!p)
        return;
    wl_memzero(p, n);
    free(p);
}

int wl_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII runs (nearly all of a credential) eight bytes at a time. */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i == n)
            break;
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07u;
        } else {
            return 0;
        }
        if (n - i <= need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            uint8_t cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

wallet_err wl_read_file(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *path,
                        size_t max)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return wl_err(ctx, WALLET_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
        fclose(f);
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "%s: larger than %zu bytes", path, max);
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    for (;;) {
        if (len == cap) {
            if (cap >= max + 1) {
                free(buf);
                fclose(f);
                return wl_err(ctx, WALLET_ERR_TOO_LARGE, "%s: larger than %zu bytes", path, max);
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            uint8_t *nb = realloc(buf, ncap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            }
            buf = nb;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return wl_err(ctx, WALLET_ERR_IO, "error reading %s", path);
    }
    if (len > max) {
        free(buf);
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "%s: larger than %zu bytes", path, max);
    }
    buf[len] = 0;
    *out = buf;
    *out_len = len;
    return WALLET_OK;
}
