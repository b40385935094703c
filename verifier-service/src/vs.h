/*
 * wallet-verifier — internal declarations shared by the service's files.
 *
 * The service uses libwallet only through its public headers and the
 * wallet_svc library (service-common) for HTTP, configuration, storage,
 * metrics, access log, rate limits and API keys.
 *
 * State (svc storage, table names):
 *   presentation  key = presentation id, ref = relying-party id, value = the
 *                 session (see vs_request.c), expiry = request TTL while
 *                 pending, result TTL once answered
 *   vp_state      key = the request's "state"; taken (single use) by the
 *                 first response that names it
 */
#ifndef VS_H
#define VS_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdint.h>

#include <svc/apikey.h>
#include <svc/metrics.h>
#include <svc/response.h>
#include <svc/router.h>
#include <svc/storage.h>
#include <wallet/wallet.h>

/* Client identifier prefixes (OpenID4VP 1.0 §5.9.3). */
typedef enum vs_prefix {
    VS_PREFIX_X509_SAN_DNS = 0,
    VS_PREFIX_X509_HASH = 1,
    VS_PREFIX_REDIRECT_URI = 2
} vs_prefix;

/* Response modes (§8.2, §8.3). */
typedef enum vs_mode { VS_MODE_DIRECT_POST = 0, VS_MODE_DIRECT_POST_JWT = 1 } vs_mode;

/* A relying party as registered in the configuration. */
typedef struct vs_rp {
    char *id;
    char *name_vi, *name_en;
    char *purpose_vi, *purpose_en;
    char *callback_url;  /* NULL when none */
    cJSON *credentials;  /* [{"format", "types": [...], "claims": [[path], ...]}] (owned) */
    cJSON *templates;    /* names of templates it may use; NULL = every template */
} vs_rp;

/* A named request template (a DCQL query with titles). */
typedef struct vs_template {
    char *name;
    char *title_vi, *title_en;
    cJSON *dcql; /* owned */
} vs_template;

typedef struct vs_app {
    svc_storage *st;
    svc_metrics *metrics;
    svc_metric *m_created;   /* presentations_created_total{mode} */
    svc_metric *m_responses; /* presentations_completed_total{result} */
    svc_metric *m_offline;   /* offline_checks_total{result} */

    wallet_trust *trust;
    wallet_status_cache *status_cache;       /* online status, or NULL */
    wallet_status_snapshot *status_snapshot; /* offline snapshot, or NULL */
    int64_t status_max_age;
    int require_status;

    wallet_key *sign_key;   /* request-object signing key (private) */
    wallet_cert *sign_cert; /* its certificate (x5c leaf) */
    char *x5c_b64;          /* standard base64 of the certificate's DER */
    char *x509_hash;        /* base64url SHA-256 of the DER (x509_hash prefix) */
    char *dns_name;         /* the x509_san_dns client identifier */

    char *public_url; /* https://verifier.example (no trailing slash) */
    vs_prefix default_prefix;
    vs_mode default_mode;
    wallet_jwe_enc default_enc;
    int64_t request_ttl; /* seconds a request stays answerable */
    int64_t result_ttl;  /* seconds a result stays readable */
    int64_t now_override; /* fixed Unix time for embedding tests, 0 = the clock */

    vs_rp *rps;
    size_t nrps, rps_alloc; /* filled / allocated (zeroed) slots */
    vs_template *templates;
    size_t ntemplates, templates_alloc;
    svc_apikeys *apikeys;

    /* callbacks in flight (joined at shutdown) */
    pthread_mutex_t cb_lock;
    unsigned cb_running;
} vs_app;

/* ---- vs_config.c ---- */
int vs_app_configure(vs_app *app, svc_config *cfg, char *err, size_t errlen);
void vs_app_release(vs_app *app);
const vs_rp *vs_rp_find(const vs_app *app, const char *id);
const vs_template *vs_template_find(const vs_app *app, const char *name);
/* A wallet_ctx for one request (clock pinned when the app is). */
wallet_ctx *vs_ctx(const vs_app *app);
int64_t vs_now(const vs_app *app);

/* ---- vs_util.c ---- */
char *vs_b64url(const uint8_t *data, size_t len);
char *vs_b64std(const uint8_t *data, size_t len);
/* Random base64url identifier of `bytes` random bytes; NULL on failure. */
char *vs_random_id(size_t bytes);
/* application/x-www-form-urlencoded: the decoded value of `name` (malloc),
 * NULL when absent; *dup set when it appears twice; *bad on a bad escape. */
char *vs_form_get(const char *body, size_t len, const char *name, int *dup, int *bad);
/* Percent-encode for a URI query component (malloc). */
char *vs_urlencode(const char *s);
/* Constant-time string equality (lengths may leak). */
int vs_str_eq_ct(const char *a, const char *b);
/* Copy only the claims named by `paths` (a JSON array of concrete path
 * arrays) out of `claims`. */
cJSON *vs_claims_filter(const cJSON *claims, const cJSON *paths);
/* strdup that tolerates NULL. */
char *vs_strdup(const char *s);

/* ---- vs_rp_api.c ---- */
void vs_h_create(void *user, const svc_request *req, svc_response *res);
void vs_h_get(void *user, const svc_request *req, svc_response *res);
void vs_h_templates(void *user, const svc_request *req, svc_response *res);
/* The relying party's view of a session (never nonce, state or keys). */
cJSON *vs_public_view(const char *id, const cJSON *rec);
/* Check a parsed query against the relying party's registration. 0 when
 * allowed; else writes the refusal into `why`. */
int vs_rp_allows(const vs_rp *rp, const cJSON *dcql, char *why, size_t whylen);

/* ---- vs_request.c ---- */
void vs_h_request_object(void *user, const svc_request *req, svc_response *res);
/* Client identifier for a prefix. malloc. */
char *vs_client_id(const vs_app *app, vs_prefix p, const char *response_uri);
const char *vs_prefix_name(vs_prefix p);
const char *vs_mode_name(vs_mode m);
/* The request's parameters (the JAR payload). */
cJSON *vs_request_payload(const vs_app *app, const cJSON *rec);

/* ---- vs_response.c ---- */
void vs_h_response(void *user, const svc_request *req, svc_response *res);

/* ---- vs_verify.c (offline counter check) ---- */
void vs_h_verify(void *user, const svc_request *req, svc_response *res);

/* ---- vs_callback.c ---- */
void vs_callback_send(vs_app *app, const char *url, const char *json);
void vs_callback_drain(vs_app *app, unsigned max_ms);

#endif /* VS_H */
