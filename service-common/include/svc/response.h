/*
 * Filling a response from a handler.
 *
 * Every response gets, from the server: "X-Content-Type-Options: nosniff";
 * "Cache-Control: no-store" unless the handler chose caching with
 * svc_response_cache() (API answers carry tokens and personal data and must
 * not be kept by caches); and for HTML "Content-Security-Policy"
 * (SVC_CSP_DEFAULT unless the handler set its own), "X-Frame-Options: DENY"
 * and "Referrer-Policy: no-referrer".
 *
 * The body setters copy their input and replace any earlier body; they
 * return SVC_ERR_NOMEM (the server then answers 500) or SVC_ERR_INVALID_ARG.
 */
#ifndef SVC_RESPONSE_H
#define SVC_RESPONSE_H

#include <cjson/cJSON.h>

#include "router.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SVC_CSP_DEFAULT                                                                    \
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "       \
    "form-action 'self'; frame-ancestors 'none'"

/* Status and body: a cJSON tree (printed compactly), or JSON text. */
svc_err svc_response_json(svc_response *res, unsigned status, const cJSON *json);
svc_err svc_response_json_text(svc_response *res, unsigned status, const char *json,
                               size_t len);

/*
 * An OAuth 2.0 / OpenID-style error object (RFC 6749 §5.2):
 *   {"error": "<code>", "error_description": "<description>"}
 * `error` is an ASCII code such as "invalid_request"; `description` (may be
 * NULL) is human-readable and must not carry secrets or personal data.
 */
svc_err svc_response_error(svc_response *res, unsigned status, const char *error,
                           const char *description);
svc_err svc_response_errorf(svc_response *res, unsigned status, const char *error,
                            const char *fmt, ...) SVC_PRINTF(4, 5);

/* Any bytes with a content type; text/plain; image/png. */
svc_err svc_response_body(svc_response *res, unsigned status, const char *content_type,
                          const void *data, size_t len);
svc_err svc_response_text(svc_response *res, unsigned status, const char *text);
svc_err svc_response_png(svc_response *res, const uint8_t *png, size_t len);

/* Status only (e.g. 204), empty body. */
void svc_response_status(svc_response *res, unsigned status);

/* Add a header. The name must be a token, the value printable (no CR/LF);
 * Content-Type and Content-Length are set by the body setters. */
svc_err svc_response_header(svc_response *res, const char *name, const char *value);

/* Allow caching: the Cache-Control value to send instead of "no-store"
 * (e.g. "public, max-age=300" for metadata, "no-cache" for revalidation). */
svc_err svc_response_cache(svc_response *res, const char *cache_control);

/*
 * Conditional GET (RFC 9110 §8.8.3, §13.1.2). Sets the ETag header (a
 * quoted string, optionally W/-prefixed) and compares it with the request's
 * If-None-Match (weak comparison; a list; "*"). Returns 1 when they match:
 * the response is then 304 Not Modified with no body — do not set one.
 * Returns 0 otherwise (set the body as usual), -1 on a malformed etag or
 * allocation failure.
 */
int svc_response_etag(svc_response *res, const svc_request *req, const char *etag);

/* A strong ETag for content: "\"<32 hex of SHA-256>\"" into out (capacity
 * at least SVC_ETAG_LEN). */
#define SVC_ETAG_LEN 35
svc_err svc_etag_of(char out[SVC_ETAG_LEN], const void *data, size_t len);

/* The status set so far (0 if none). */
unsigned svc_response_get_status(const svc_response *res);

#ifdef __cplusplus
}
#endif
#endif /* SVC_RESPONSE_H */
