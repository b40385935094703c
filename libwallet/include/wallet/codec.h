/*
 * libwallet — text codecs: base64url (RFC 4648 §5), Base45 (RFC 9285), hex,
 * percent-encoding and form fields (RFC 3986 §2.1, WHATWG URL §5.1).
 *
 * Decoders are strict and return the exact error; they accept only what
 * the corresponding encoder produces:
 *   base64url: alphabet A-Z a-z 0-9 - _ only; no padding, no whitespace;
 *              a length of 1 mod 4 is rejected; unused trailing bits must be
 *              zero (so every byte string has exactly one encoding).
 *   Base45:    alphabet "0-9A-Z $%*+-./:"; length 1 mod 3 rejected; a triplet
 *              over 65535 or a final pair over 255 rejected (RFC 9285 §4).
 *   hex:       even length, 0-9 a-f A-F.
 *
 * Outputs are allocated by the library (release with wallet_free()); text
 * outputs are NUL-terminated, and *out_len (when not NULL) excludes the NUL.
 * Binary outputs get a NUL after the last byte too, for convenience.
 * Input is capped by WALLET_LIMIT_INPUT_BYTES of the context.
 */
#ifndef WALLET_CODEC_H
#define WALLET_CODEC_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

WALLET_EXPORT wallet_err wallet_b64url_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                              const uint8_t *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_b64url_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                              const char *in, size_t in_len);

WALLET_EXPORT wallet_err wallet_base45_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                              const uint8_t *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_base45_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                              const char *in, size_t in_len);

/* Lower-case hex. */
WALLET_EXPORT wallet_err wallet_hex_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                           const uint8_t *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_hex_decode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                           const char *in, size_t in_len);

/*
 * Percent-encoding (RFC 3986 §2.1), for URI query components and
 * application/x-www-form-urlencoded bodies (WHATWG URL §5.1):
 *   encode: the unreserved characters of RFC 3986 §2.3 (A-Z a-z 0-9 - . _ ~)
 *           as they are, every other byte as %XX (upper-case hex) — a space
 *           too, as %20. The result is valid in a query value and in a form
 *           body alike.
 *   decode: %XX (hex of either case) becomes its byte; with
 *           WALLET_PCT_PLUS_SPACE a '+' becomes a space (form bodies and
 *           query strings), without it a '+' stays (path segments). Refused
 *           with WALLET_ERR_PERCENT: a '%' not followed by two hex digits,
 *           and a NUL byte, encoded (%00) or not — no URI or form field
 *           means text with a NUL in it. Other bytes pass unchanged; the
 *           caller checks UTF-8 where its format requires it.
 */
#define WALLET_PCT_PLUS_SPACE 1u

WALLET_EXPORT wallet_err wallet_pct_encode(wallet_ctx *ctx, char **out, size_t *out_len,
                                           const char *in, size_t in_len);
WALLET_EXPORT wallet_err wallet_pct_decode(wallet_ctx *ctx, char **out, size_t *out_len,
                                           const char *in, size_t in_len, unsigned flags);

/* The value of field `name` in a form body or query string: fields are
 * separated by '&' (empty ones skipped), a field's name from its value by
 * its first '=' (none: the value is empty); names and values are decoded
 * as with WALLET_PCT_PLUS_SPACE. WALLET_ERR_NOT_FOUND when no field has
 * that name, WALLET_ERR_FIELD_DUPLICATE when more than one has (RFC 6749
 * §3.1: "Request and response parameters MUST NOT be included more than
 * once"), WALLET_ERR_PERCENT when any field's name, or the value asked for,
 * is malformed. */
WALLET_EXPORT wallet_err wallet_form_get(wallet_ctx *ctx, char **out, const char *body,
                                         size_t len, const char *name);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_CODEC_H */
