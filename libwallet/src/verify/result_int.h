/* The result structure (public handle wallet_result). Formats fill it in;
 * wl_result_finish() enforces "no partially valid" on the way out. */
#ifndef WL_RESULT_INT_H
#define WL_RESULT_INT_H

#include "../core/internal.h"
#include "wallet/result.h"

struct wallet_result {
    wallet_err err;
    char *detail;
    const char *format; /* static string */
    char *issuer;
    char *type;
    char *claims_json;
    int64_t iat, nbf, exp;
    char *status_uri;
    int64_t status_idx;
    int status_value; /* -1: status not checked */
    wallet_key *holder_key;
    const char *holder_auth; /* static string, NULL when not applicable */
};

WL_HIDDEN wallet_result *wl_result_new(const char *format);
/* Set the outcome: on failure, everything but the format is cleared and the
 * context's detail message is copied. Returns err. */
WL_HIDDEN wallet_err wl_result_finish(wallet_ctx *ctx, wallet_result *r, wallet_err err);

#endif /* WL_RESULT_INT_H */
