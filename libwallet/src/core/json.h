/*
 * JSON through cJSON, made strict: RFC 8259 with UTF-8 input, no duplicate
 * member names (RFC 7515 §5.2 step 3 asks a JWS parser to reject them, and
 * every format built on JSON here inherits the rule), a nesting limit checked
 * by a pre-scan before cJSON allocates anything, no trailing bytes, and no
 * escaped NUL in strings (cJSON would silently truncate the string there).
 */
#ifndef WL_JSON_H
#define WL_JSON_H

#include <cjson/cJSON.h>

#include "buf.h"

/* Parse `len` bytes (need not be NUL-terminated). On success *out is the
 * root (free with cJSON_Delete). */
WL_HIDDEN wallet_err wl_json_parse(wallet_ctx *ctx, cJSON **out, const char *text, size_t len);

/* Same, but require an object at the top level (WALLET_ERR_JSON_TYPE). */
WL_HIDDEN wallet_err wl_json_parse_object(wallet_ctx *ctx, cJSON **out, const char *text,
                                          size_t len);

/* Member access on an object (exact, case-sensitive names). */
WL_HIDDEN const cJSON *wl_json_get(const cJSON *obj, const char *name);
/* The string value of member `name`, or NULL if absent or not a string. */
WL_HIDDEN const char *wl_json_get_string(const cJSON *obj, const char *name);

/* Integer member: WALLET_OK and *v when present and an integral number in
 * [-2^53, 2^53]; WALLET_ERR_NOT_FOUND when absent; WALLET_ERR_JSON_TYPE otherwise. */
WL_HIDDEN wallet_err wl_json_get_int(const cJSON *obj, const char *name, int64_t *v);

/* 1 if the number is integral and within ±2^53. */
WL_HIDDEN int wl_json_is_int(const cJSON *item, int64_t *v);

/* Serialize compactly into a malloc'ed string (wallet_free-compatible). */
WL_HIDDEN char *wl_json_print(const cJSON *item);
/* wl_json_print for a tree the caller owns and no other thread reads
 * meanwhile, at about half the cost for a credential's claims: integral
 * numbers within ±2^53 are printed as their decimal digits (cJSON formats
 * every number with "%1.15g" and reads it back with sscanf), and a text of
 * up to 4 KiB is written on the stack and then copied into an allocation of
 * its size (no growing buffer). The tree is the same on return as on entry. */
WL_HIDDEN char *wl_json_print_owned(cJSON *item);
/* Append the compact serialization to a buffer. */
WL_HIDDEN int wl_json_print_to(wl_buf *b, const cJSON *item);

/* Append a JSON string literal (quoted and escaped) for s[0..n). */
WL_HIDDEN int wl_json_append_string(wl_buf *b, const char *s, size_t n);

#endif /* WL_JSON_H */
