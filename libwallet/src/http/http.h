/*
 * HTTP(S) client over libcurl, for the few things libwallet fetches itself:
 * JWT VC issuer metadata and JWK sets, Token Status Lists, OpenID4VCI/VP
 * exchanges. Rules (DESIGN.md, and issue texts): HTTPS only, except plain
 * HTTP to loopback; no redirects; connect + total timeouts; a response-size
 * cap enforced while receiving; certificate verification always on; the
 * context's offline mode refuses every request.
 */
#ifndef WL_HTTP_H
#define WL_HTTP_H

#include "../core/internal.h"

typedef struct wl_http_response {
    long status;        /* HTTP status code */
    uint8_t *body;      /* NUL-terminated; len excludes the NUL */
    size_t len;
    char content_type[128]; /* media type without parameters, lower-case */
    char etag[128];
    int64_t max_age;    /* Cache-Control max-age, or -1 */
} wl_http_response;

/* Check that a URL may be fetched: https://, or http:// to 127.0.0.0/8,
 * [::1] or localhost. WALLET_ERR_INSECURE_URL otherwise. */
WL_HIDDEN wallet_err wl_http_check_url(wallet_ctx *ctx, const char *url);

/* GET url. `accept` may be NULL. Any HTTP status is a success of this call
 * (the caller checks resp->status); network failure is WALLET_ERR_NETWORK,
 * a body over WALLET_LIMIT_HTTP_BYTES is WALLET_ERR_TOO_LARGE. */
WL_HIDDEN wallet_err wl_http_get(wallet_ctx *ctx, const char *url, const char *accept,
                                 wl_http_response *resp);

/* POST a body. `headers` is a NULL-terminated list of "Name: value" lines
 * (may be NULL). */
WL_HIDDEN wallet_err wl_http_post(wallet_ctx *ctx, const char *url, const char *content_type,
                                  const uint8_t *body, size_t body_len, const char *accept,
                                  const char *const *headers, wl_http_response *resp);

WL_HIDDEN void wl_http_response_free(wl_http_response *resp);

#endif /* WL_HTTP_H */
