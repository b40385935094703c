/*
 * OpenID4VP wallet side internals: the parsed request, URI query parsing
 * and form encoding. See include/wallet/oid4vp.h.
 */
#ifndef WL_OID4VP_INT_H
#define WL_OID4VP_INT_H

#include <cjson/cJSON.h>

#include "../core/buf.h"
#include "../core/internal.h"
#include "../core/json.h"
#include "wallet/jwe.h"
#include "wallet/oid4vp.h"
#include "wallet/x509.h"

/* At most this many transaction_data entries (each names credentials the
 * holder must approve one by one: more is not a payment, it is a flood). */
#define WL_OID4VP_MAX_TRANSACTION_DATA 16

struct wallet_oid4vp_request {
    cJSON *params;             /* the request parameters (owned) */
    char *client_id;
    const char *client_value;  /* into client_id, after the prefix */
    wallet_oid4vp_prefix prefix;
    char *subject;             /* x509 prefixes: the verified leaf's subject */
    const char *nonce, *state, *response_uri, *purpose; /* into params */
    wallet_oid4vp_mode mode;
    char *dcql_json;
    wallet_dcql *dcql;
    char **td;                 /* transaction_data strings as received */
    char **td_json;            /* decoded */
    const char **td_alg;       /* the hash alg chosen for each ("sha-256", ...) */
    size_t n_td;
    wallet_key *enc_key;       /* direct_post.jwt: the verifier's key agreement key */
    wallet_jwe_enc enc;
    uint8_t enc_thumbprint[32];
};

/* Parse the query of an authorization request URI into a JSON object of
 * string members (percent-decoded; '+' is a space). Duplicate names,
 * malformed escapes, NUL bytes and invalid UTF-8 are WALLET_ERR_OID4VP_URI. */
WL_HIDDEN wallet_err wl_oid4vp_parse_query(wallet_ctx *ctx, cJSON **out, const char *uri);

/* Validate the request parameters and fill req (takes ownership of params).
 * `outer_client_id` may be NULL; `is_signed` tells whether they came from a
 * signed request object whose chain verified, with `leaf` its leaf. */
WL_HIDDEN wallet_err wl_oid4vp_validate(wallet_ctx *ctx, wallet_oid4vp_request *req,
                                        cJSON *params, const char *outer_client_id,
                                        int is_signed, const wallet_cert *leaf);

/* Pick the encryption key and enc from client_metadata (direct_post.jwt). */
WL_HIDDEN wallet_err wl_oid4vp_client_metadata(wallet_ctx *ctx, wallet_oid4vp_request *req,
                                               const cJSON *meta);

/* What the match recorded about stored credential `id`:
 * {"format", "type"?, "display_name"?}, or NULL. */
WL_HIDDEN const cJSON *wl_oid4vp_match_info(const wallet_oid4vp_match *m, const char *id);

#endif /* WL_OID4VP_INT_H */
