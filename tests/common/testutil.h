/*
 * Small helpers shared by the C tests: reading files and vectors, hex,
 * and a context pinned to a fixed time. Tests may use cJSON directly to
 * read vector files.
 */
#ifndef WALLET_TESTUTIL_H
#define WALLET_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wallet/wallet.h"

/* Read a whole file; NUL-terminated; NULL if unreadable. Free with free(). */
static inline uint8_t *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap + 1);
    for (size_t r; buf && (r = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

/* Path of a file under vectors/ (static buffer, one at a time). */
static inline const char *tu_vector_path(const char *rel)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s/%s", WALLET_VECTORS_DIR, rel);
    return path;
}

/* Read a file under vectors/; fails the test if missing. */
static inline uint8_t *tu_vector(const char *rel, size_t *len)
{
    uint8_t *p = tu_read_file(tu_vector_path(rel), len);
    if (!p)
        fail_msg("missing vector file %s", rel);
    return p;
}

/* Hex → bytes (malloc'ed); NULL on bad hex. */
static inline uint8_t *tu_unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex);
    if (n % 2)
        return NULL;
    uint8_t *out = malloc(n / 2 + 1);
    for (size_t i = 0; out && i < n / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            free(out);
            return NULL;
        }
        out[i] = (uint8_t)v;
    }
    if (len)
        *len = n / 2;
    return out;
}

/* A context pinned at `now`. */
static inline wallet_ctx *tu_ctx_at(int64_t now)
{
    wallet_ctx *ctx = NULL;
    assert_int_equal(wallet_ctx_new(&ctx), WALLET_OK);
    wallet_ctx_set_time(ctx, now);
    return ctx;
}

/* Assert a specific wallet_err, printing the context's detail on mismatch. */
#define tu_assert_err(ctx, expr, expected)                                              \
    do {                                                                                \
        wallet_err tu_e_ = (expr);                                                      \
        if (tu_e_ != (expected))                                                        \
            fail_msg("%s: got %s (%d), want %s: %s", #expr, wallet_err_name(tu_e_),     \
                     (int)tu_e_, wallet_err_name(expected), wallet_ctx_errmsg(ctx));    \
    } while (0)

#define tu_assert_ok(ctx, expr) tu_assert_err(ctx, expr, WALLET_OK)

#endif /* WALLET_TESTUTIL_H */
