/*
 * A growable byte buffer with a maximum size (curl's dynbuf habit): every
 * buffer that grows with untrusted input is created with a cap, and growth
 * past it fails instead of exhausting memory.
 */
#ifndef WL_BUF_H
#define WL_BUF_H

#include "internal.h"

typedef struct wl_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    size_t max;
    int failed; /* latched: once an append failed, every later one fails */
    int secret; /* wl_buf_init_secret(): growing wipes the block it leaves */
} wl_buf;

/* Initialise with a maximum size (0: 64 MiB). */
WL_HIDDEN void wl_buf_init(wl_buf *b, size_t max);
/* For contents that are secret (private keys): when the buffer grows, the
 * old block is wiped before it is freed, so no copy is left in the heap.
 * Release with wl_buf_free_secret(). */
WL_HIDDEN void wl_buf_init_secret(wl_buf *b, size_t max);
WL_HIDDEN int wl_buf_reserve(wl_buf *b, size_t extra);
WL_HIDDEN int wl_buf_append(wl_buf *b, const void *p, size_t n);
WL_HIDDEN int wl_buf_append_byte(wl_buf *b, uint8_t c);
WL_HIDDEN int wl_buf_append_str(wl_buf *b, const char *s);
WL_HIDDEN int wl_buf_printf(wl_buf *b, const char *fmt, ...) WL_PRINTF(2, 3);
/* Append base64url of p[0..n). */
WL_HIDDEN int wl_buf_append_b64url(wl_buf *b, const uint8_t *p, size_t n);
/* Take ownership of the bytes (NUL-terminated); the buffer is reset. */
WL_HIDDEN uint8_t *wl_buf_take(wl_buf *b, size_t *len);
WL_HIDDEN void wl_buf_free(wl_buf *b);
/* Wipe and free (the buffer held secrets). */
WL_HIDDEN void wl_buf_free_secret(wl_buf *b);
/* Return WALLET_ERR_NOMEM or WALLET_ERR_TOO_LARGE for a failed buffer. */
WL_HIDDEN wallet_err wl_buf_error(wallet_ctx *ctx, const wl_buf *b, const char *what);

#endif /* WL_BUF_H */
