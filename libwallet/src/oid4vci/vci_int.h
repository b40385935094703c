/*
 * OpenID4VCI 1.0 wallet side: internal structures and helpers shared by the
 * files of this module (offer.c, metadata.c, proof.c, response.c,
 * session.c, receive.c, util.c). See include/wallet/oid4vci.h.
 */
#ifndef WL_VCI_INT_H
#define WL_VCI_INT_H

#include "../core/json.h"
#include "../core/pct.h"
#include "../http/http.h"
#include "wallet/oid4vci.h"

/* Caps on what an issuer may send (checked before anything is kept). */
#define WL_VCI_MAX_CONFIG_IDS 64    /* credential_configuration_ids in one offer */
#define WL_VCI_MAX_TX_LENGTH 64     /* tx_code "length" */
#define WL_VCI_MAX_TX_DESC 300      /* tx_code "description", §4.1.1 */
#define WL_VCI_MAX_URL 2048         /* any URL taken from an offer or metadata */
#define WL_VCI_MAX_CODE 4096        /* pre-authorized code, access token, c_nonce */
#define WL_VCI_MAX_CREDENTIALS 1024 /* credentials in one response */

/* The grant type of the pre-authorized code flow (§4.1.1, §6.1). */
#define WL_VCI_GRANT_PRE_AUTH "urn:ietf:params:oauth:grant-type:pre-authorized_code"

struct wallet_vci_offer {
    char *offer_uri;  /* by reference, unresolved */
    char *issuer;     /* credential_issuer */
    char **config_ids;
    size_t config_count;
    char *pre_auth_code; /* secret: wiped on free */
    size_t pre_auth_code_len;
    int pre_authorized;
    wallet_vci_tx_mode tx_mode;
    int64_t tx_length;
    char *tx_description;
    char *as_hint; /* the grant's authorization_server, or NULL */
};

struct wallet_vci_issuer {
    char *issuer;
    char *credential_endpoint;
    char *nonce_endpoint;
    char *token_endpoint; /* from the authorization server metadata */
    int64_t batch_size;
    int encryption_required; /* §8.2/§12.2.4: request or response encryption required */
    cJSON *configs; /* credential_configurations_supported (owned) */
};

struct wallet_vci_session {
    wallet_vci_offer *offer;
    wallet_vci_issuer *md;
    char *access_token; /* secret: wiped on free */
    size_t access_token_len;
};

/* A URL taken from untrusted JSON: a string of at most WL_VCI_MAX_URL
 * bytes acceptable to the HTTP client, without fragment. On failure the
 * error is `code` naming `what` (WALLET_ERR_INSECURE_URL for a plain-http
 * non-loopback URL). */
WL_HIDDEN wallet_err wl_vci_check_url(wallet_ctx *ctx, wallet_err code, const char *what,
                                      const char *url);

/* "<scheme>://<authority>/.well-known/<name><path>" for an identifier
 * "<scheme>://<authority><path>" (OpenID4VCI §12.2.2, RFC 8414 §3.1: the
 * well-known segment goes between host and path; a trailing "/" of the
 * path is dropped). NULL on allocation failure or a malformed identifier. */
WL_HIDDEN char *wl_vci_well_known(const char *id, const char *name);

/* Percent-encoding and form fields: ../core/pct.h. */

/* Check an HTTP exchange's response: status `want` and a JSON object body
 * (returned in *obj). A 4xx with an OAuth error object (RFC 6749 §5.2) is
 * reported through *oauth_error (a static lower-case copy of "error" of at
 * most 63 printable ASCII bytes, in errbuf) with WALLET_ERR_HTTP_STATUS;
 * malformed bodies are `malformed`. */
WL_HIDDEN wallet_err wl_vci_json_response(wallet_ctx *ctx, cJSON **obj, const wl_http_response *r,
                                          long want, wallet_err malformed, const char *what,
                                          char errbuf[64]);

/* Parsers on bytes (fuzzed): the offer object, the token response, the
 * nonce response, the authorization server metadata. */
WL_HIDDEN wallet_err wl_vci_offer_from_json(wallet_ctx *ctx, wallet_vci_offer **out,
                                            const char *json, size_t len);
WL_HIDDEN wallet_err wl_vci_token_response_parse(wallet_ctx *ctx, char **token,
                                                 size_t *token_len, const char *json,
                                                 size_t len);
WL_HIDDEN wallet_err wl_vci_nonce_response_parse(wallet_ctx *ctx, char **nonce,
                                                 const char *json, size_t len);
WL_HIDDEN wallet_err wl_vci_as_metadata_parse(wallet_ctx *ctx, char **token_endpoint,
                                              const char *as_id, const char *json, size_t len);

/* The stored configuration object (NULL when absent). */
WL_HIDDEN const cJSON *wl_vci_config(const wallet_vci_issuer *md, const char *config_id);

/* A string copy checked for length (1..max) and absence of NUL. */
WL_HIDDEN wallet_err wl_vci_strdup_checked(wallet_ctx *ctx, char **out, const cJSON *item,
                                           size_t max, wallet_err code, const char *what);

#endif /* WL_VCI_INT_H */
