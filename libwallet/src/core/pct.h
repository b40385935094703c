/* Percent-encoding for the library's own modules (public form: codec.h). */
#ifndef WL_PCT_H
#define WL_PCT_H

#include "buf.h"
#include "internal.h"
#include "wallet/codec.h"

/* Append s[0..n) percent-encoded (codec.h rules) to b; 0 on failure. */
WL_HIDDEN int wl_pct_append(wl_buf *b, const char *s, size_t n);
/* Append "name=value" (both encoded), preceded by '&' unless b is empty. */
WL_HIDDEN int wl_form_append(wl_buf *b, const char *name, const char *value);
/* wallet_pct_decode without the argument checks (in != NULL). */
WL_HIDDEN wallet_err wl_pct_decode(wallet_ctx *ctx, char **out, size_t *out_len, const char *in,
                                   size_t in_len, unsigned flags);

#endif /* WL_PCT_H */
