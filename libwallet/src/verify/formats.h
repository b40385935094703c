/*
 * The format registry behind wallet_verify(). Each format supplies a cheap
 * detector and a verifier that fills a wallet_result. Formats are tried in
 * registry order; the first whose detector accepts the input owns it.
 */
#ifndef WL_FORMATS_H
#define WL_FORMATS_H

#include "policy.h"
#include "result_int.h"
#include "wallet/trust.h"

/* The input, normalised: text is trimmed of surrounding whitespace; a PNG
 * has been replaced by the QR code's content; text that is hex or
 * base64url of binary data has been decoded into `bin`. */
typedef struct wl_input {
    const uint8_t *data; /* as received (trimmed) */
    size_t len;
    int is_text;         /* printable ASCII / UTF-8 without control characters */
    const uint8_t *bin;  /* binary form: data itself, or decoded hex/base64url */
    size_t bin_len;
} wl_input;

typedef struct wl_format {
    const char *name;
    int (*detect)(const wl_input *in);
    wallet_err (*verify)(wallet_ctx *ctx, const wallet_trust *trust, const wallet_policy *policy,
                         const wl_input *in, wallet_result *r);
} wl_format;

WL_HIDDEN extern const wl_format wl_format_jws;
WL_HIDDEN extern const wl_format wl_format_cose_sign1;
WL_HIDDEN extern const wl_format wl_format_sdjwt; /* src/sdjwt/verify.c */
WL_HIDDEN extern const wl_format wl_format_hc1; /* src/hcert/hc1_verify.c */
WL_HIDDEN extern const wl_format wl_format_mso_mdoc; /* src/mdoc/format.c */

/* Check a validity window against the context's clock with the configured
 * skew; 0 means "not stated". */
WL_HIDDEN wallet_err wl_check_time_window(wallet_ctx *ctx, int64_t nbf, int64_t exp,
                                          const char *what);

#endif /* WL_FORMATS_H */
