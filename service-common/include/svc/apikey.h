/*
 * API keys for the agency (issuer) and relying-party (verifier) APIs.
 *
 * A key is a random bearer token given once to its holder; the service
 * stores only its SHA-256 (hex), with an id (a stable name such as
 * "health-dept", written to the access log), a display name and scopes
 * (what the holder may do, e.g. the credential types an agency may issue;
 * "*" grants every scope). Requests carry it as
 *
 *     Authorization: Bearer <token>                       (RFC 6750 §2.1)
 *
 * Checking hashes the presented token and compares it with every stored
 * hash in constant time, without stopping at a match, so neither the token
 * nor which key matched leaks through timing.
 *
 * Server answers for routes with a scope requirement (router.h):
 *   no Authorization header      401 invalid_token, WWW-Authenticate: Bearer realm="wallet"
 *   not "Bearer <b64token>"      400 invalid_request
 *   no key matches               401 invalid_token, WWW-Authenticate with error="invalid_token"
 *   key lacks the route's scope  403 insufficient_scope (RFC 6750 §3.1)
 */
#ifndef SVC_APIKEY_H
#define SVC_APIKEY_H

#include "config.h"
#include "router.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_apikeys svc_apikeys;

#define SVC_APIKEY_MAX_TOKEN 512

svc_err svc_apikeys_new(svc_apikeys **out);
void svc_apikeys_free(svc_apikeys *keys);

/* Add a key. id: [A-Za-z0-9._-]{1,64}, unique; name: any text (may be NULL
 * = id); sha256_hex: 64 hex digits; scopes: nscopes non-empty strings.
 * Errors: SVC_ERR_INVALID_ARG (malformed, or id / hash already present),
 * SVC_ERR_NOMEM. */
svc_err svc_apikeys_add(svc_apikeys *keys, const char *id, const char *name,
                        const char *sha256_hex, const char *const *scopes, size_t nscopes);

/* From config: `key` names an array of
 *   {"id": "...", "name": "...", "sha256": "<64 hex>", "scopes": ["..."]}
 * (absent → an empty set). Errors: SVC_ERR_CONFIG naming the entry. */
svc_err svc_apikeys_from_config(svc_apikeys **out, svc_config *cfg, const char *key);

/* Number of keys. */
size_t svc_apikeys_count(const svc_apikeys *keys);

/*
 * Check an Authorization header value (NULL when absent). Returns SVC_OK
 * with *out the matching key; SVC_ERR_NOT_FOUND (no header),
 * SVC_ERR_MALFORMED (not a Bearer token), SVC_ERR_UNAUTHORIZED (no key
 * matches). *out is NULL on failure.
 */
svc_err svc_apikeys_check(const svc_apikeys *keys, const svc_apikey **out,
                          const char *authorization);

const char *svc_apikey_id(const svc_apikey *key);
const char *svc_apikey_name(const svc_apikey *key);
/* 1 if the key holds `scope` (or "*"). */
int svc_apikey_has_scope(const svc_apikey *key, const char *scope);

/* A new key: *token (allocated; release with svc_secret_free(*token,
 * strlen(*token)) from config.h) is "wk_" + 43 base64url characters
 * (256 random bits) to give to the holder; sha256_hex receives what the
 * service stores. */
svc_err svc_apikey_generate(char **token, char sha256_hex[65]);

#ifdef __cplusplus
}
#endif
#endif /* SVC_APIKEY_H */
