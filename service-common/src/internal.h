/*
 * wallet_svc internals shared by the component files: error detail,
 * capped text buffers, constant-time comparison, percent-decoding.
 * Internal names carry the svci_ prefix.
 */
#ifndef SVCI_INTERNAL_H
#define SVCI_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "svc/common.h"

/* Record the detail of a failure on the calling thread; returns code. */
svc_err svci_err(svc_err code, const char *fmt, ...) SVC_PRINTF(2, 3);
/* Clear the calling thread's detail (on entry to public functions). */
void svci_clear_err(void);

char *svci_strdup(const char *s);
char *svci_strndup(const char *s, size_t n);

/* Constant-time equality of two n-byte buffers: 1 if equal. Written here
 * (not libwallet's) because it needs no crypto library: the loop reads every
 * byte whatever the data, and the volatile accumulator keeps the compiler
 * from ending it early. */
int svci_ct_equal(const void *a, const void *b, size_t n);

/* RFC 3629 UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int svci_utf8_valid(const uint8_t *s, size_t n);

/*
 * A growable text buffer with a hard cap. Errors latch: after an
 * allocation failure or reaching the cap, every append is a no-op and
 * `failed` stays set, so callers check once at the end. data is always
 * NUL-terminated when not NULL.
 */
typedef struct svci_buf {
    char *data;
    size_t len, cap, max;
    int failed;
} svci_buf;

void svci_buf_init(svci_buf *b, size_t max);
void svci_buf_free(svci_buf *b);
void svci_buf_put(svci_buf *b, const void *data, size_t n);
void svci_buf_puts(svci_buf *b, const char *s);
void svci_buf_printf(svci_buf *b, const char *fmt, ...) SVC_PRINTF(2, 3);
/* Append s as a JSON string literal (quotes included; control characters,
 * quote and backslash escaped; bytes that are not UTF-8 replaced by U+FFFD). */
void svci_buf_json_string(svci_buf *b, const char *s);
/* Hand the data over (caller frees with free()); NULL if failed. */
char *svci_buf_take(svci_buf *b, size_t *len);

/*
 * Percent-decode in[0..n) (RFC 3986 §2.1) into a new NUL-terminated string.
 * plus_is_space: '+' means ' ' (application/x-www-form-urlencoded query
 * strings). Refused (NULL, *bad = 1): a '%' not followed by two hex digits,
 * a decoded NUL, and a result that is not UTF-8. NULL with *bad = 0 is an
 * allocation failure.
 */
char *svci_pct_decode(const char *in, size_t n, int plus_is_space, int *bad);

/* Lower-case hex of n bytes into out (capacity 2n+1). */
void svci_hex(char *out, const uint8_t *in, size_t n);
/* Decode exactly `n` bytes of hex (either case) from a string of length 2n:
 * 0 on success, -1 otherwise. */
int svci_unhex(uint8_t *out, size_t n, const char *hex, size_t hex_len);

#define SVCI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* SVCI_INTERNAL_H */
