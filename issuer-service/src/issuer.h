/*
 * wallet-issuer — internal interfaces of the issuer service (issue 7).
 *
 * The service is built from wallet_svc (HTTP server, routing, config,
 * storage, API keys, metrics) and libwallet's public headers only. State
 * lives in the svc storage interface (SQLCipher by default), in these
 * tables:
 *
 *   offer         key offer id; the citizen record, the credential
 *                 configurations, the claims, the pre-authorized code, the
 *                 tx_code hash, attempts, state; expires with the offer
 *   preauth_code  key SHA-256(code); → offer id; taken once by /token
 *   access_token  key SHA-256(token); → offer id and what it may still get
 *   nonce         key c_nonce; taken once by /credential; short expiry
 *   issued        key credential id, ref citizen record id: the audit
 *   status_state  key list id: the saved wallet_status_list (statuses)
 *   sequence "status:<list>": status-list indexes, drawn in the same
 *                 transaction as the audit record of the credential
 */
#ifndef ISSUER_H
#define ISSUER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include <svc/response.h>
#include <svc/server.h>
#include <svc/storage.h>
#include <wallet/wallet.h>

/* ---- document types (types.c) ------------------------------------------- */

typedef enum iss_claim_kind {
    ISS_CLAIM_STRING = 0,
    ISS_CLAIM_DATE,        /* YYYY-MM-DD (mdoc: full-date, tag 1004) */
    ISS_CLAIM_NUMBER,
    ISS_CLAIM_BOOLEAN,
    ISS_CLAIM_NATIONAL_ID, /* exactly 12 decimal digits (Vietnamese citizen ID number) */
    ISS_CLAIM_OBJECT,      /* a JSON object (address, ...) */
    ISS_CLAIM_ARRAY        /* a JSON array (driving_privileges, ...) */
} iss_claim_kind;

typedef struct iss_claim {
    char *name;
    iss_claim_kind kind;
    int required;
    char *label_vi;
    char *label_en;
} iss_claim;

typedef enum iss_format { ISS_FMT_SDJWT = 1, ISS_FMT_MDOC = 2 } iss_format;

typedef struct iss_type {
    char *id;        /* credential configuration id, also the API key scope */
    iss_format format;
    char *vct;       /* dc+sd-jwt */
    char *doctype;   /* mso_mdoc */
    char *name_space;
    char *name_vi, *name_en, *desc_vi, *desc_en;
    char *background; /* display background colour */
    int64_t validity_days;
    iss_claim *claims;
    size_t nclaims;
} iss_type;

typedef struct iss_types {
    iss_type *v;
    size_t n;
} iss_types;

int iss_types_load(iss_types *out, const char *path, char *err, size_t errcap);
int iss_types_parse(iss_types *out, const char *text, size_t len, const char *origin, char *err,
                    size_t errcap);
void iss_types_free(iss_types *t);
const iss_type *iss_types_find(const iss_types *t, const char *id);
/* Check a claims object against the type: every required claim present,
 * no unknown claim, each value of its kind. 0 ok; -1 with a message naming
 * the claim (never its value). */
int iss_type_check_claims(const iss_type *t, const cJSON *claims, char *err, size_t errcap);
/* The credential_configurations_supported entry. */
/* sd_alg: JOSE name of the SD-JWT signing algorithm; mdoc_cose_alg: COSE id of the
 * document signer's (OpenID4VCI 1.0 Appendix A.2.2). */
cJSON *iss_type_metadata(const iss_type *t, const char *const *algs, size_t nalgs,
                         const char *sd_alg, int64_t mdoc_cose_alg);
const char *iss_format_name(iss_format f);

/* ---- the service ----------------------------------------------------------- */

typedef struct iss_status {
    char *id;             /* list id in /status/{id} */
    char *uri;            /* public_url/status/{id} */
    wallet_status_list *list;
    pthread_mutex_t mu;   /* list allocation + token cache */
    uint64_t cached_version;
    int64_t cached_at;
    uint8_t *tok[2];      /* [0] JWT, [1] CWT */
    size_t tok_len[2];
    char etag[2][SVC_ETAG_LEN];
} iss_status;

typedef struct issuer {
    svc_config *cfg;
    svc_storage *st;
    svc_apikeys *apikeys;
    svc_metrics *metrics;
    svc_metric *m_issued;    /* issued_total{type,format} */
    svc_metric *m_errors;    /* errors_total{endpoint,error} */
    svc_metric *m_status;    /* status_changes_total{status} */

    char *public_url;        /* Credential Issuer Identifier (no trailing slash) */
    iss_types types;

    /* signing material (keys.c) */
    wallet_key *sd_key;      /* SD-JWT VC issuer key and status-list signer */
    wallet_cert *sd_cert;    /* self-signed certificate of sd_key (x5c), may be NULL */
    wallet_key *iaca_key;
    wallet_cert *iaca_cert;
    wallet_key *ds_key;
    wallet_cert *ds_cert;
    wallet_key *hc1_key;
    wallet_cert *hc1_cert;

    /* policy */
    int64_t offer_ttl;       /* default and maximum offer lifetime (s) */
    int64_t token_ttl;       /* access token lifetime */
    int64_t nonce_ttl;       /* c_nonce lifetime */
    int64_t proof_max_age;   /* proof iat window */
    int64_t tx_code_attempts;
    int64_t tx_code_length;
    int64_t batch_size;
    int64_t status_ttl;      /* "ttl" in status list tokens */
    int64_t status_lifetime; /* "exp" - "iat" of status list tokens */
    char *hc1_country;

    iss_status status;       /* the list new credentials go to */
    iss_status *old_status;  /* lists of earlier status.list_id values */
    size_t nold_status;
    cJSON *meta_issuer;      /* prebuilt metadata documents (text) */
    char *meta_issuer_text, *meta_as_text, *meta_jwks_text;
} issuer;

/* keys.c: load the signing keys and certificates named by the config, or
 * make them on the first start and keep them (files mode 0600). */
int iss_keys_load(issuer *is, char *err, size_t errcap);
void iss_keys_free(issuer *is);

/* metadata.c */
int iss_metadata_build(issuer *is);
int iss_routes_public(issuer *is, svc_router *r);

/* oid4vci.c: /token, /nonce, /credential, /credential-offer/{id} */
int iss_routes_oid4vci(issuer *is, svc_router *r);

/* admin.c: the agency API */
int iss_routes_admin(issuer *is, svc_router *r);

/* status.c */
int iss_status_init(issuer *is, char *err, size_t errcap);
void iss_status_free(issuer *is);
/* Make sure the in-memory list has allocated `idx` (indexes come from the
 * storage sequence, which never repeats one). */
int iss_status_ensure(issuer *is, uint64_t idx);
/* The list with this uri (or id), current or earlier; NULL if none. */
iss_status *iss_status_find(issuer *is, const char *uri, const char *id);
/* Set a status in list `s` and persist the list state in `txn`. */
int iss_status_set(issuer *is, iss_status *s, svc_txn *txn, uint64_t idx, unsigned status);
int iss_routes_status(issuer *is, svc_router *r);

/* util.c */
/* base64url of `n` random bytes (allocated, free()). NULL on failure. */
char *iss_random_b64(size_t n);
/* Lower-case hex SHA-256 of a string into out (65 bytes). */
int iss_sha256_hex(char out[65], const char *s, size_t len);
char *iss_b64url(const uint8_t *p, size_t n);
/* Standard base64 with padding (RFC 4648 §4), for data: URLs of PNGs. */
char *iss_b64std(const uint8_t *p, size_t n);
/* The Credential Offer object (OpenID4VCI 1.0 §4.1.1) of a stored offer. */
cJSON *iss_offer_object(const issuer *is, const cJSON *offer);
/* Percent-encode for a URI component (unreserved kept). */
char *iss_urlencode(const char *s);
/* The value of `name` in an application/x-www-form-urlencoded body,
 * decoded (allocated; wallet_form_get); NULL when absent, and NULL with
 * *dup set when it appears twice (RFC 6749 §3.2: parameters must not be
 * included more than once); "\x01" — a value no check accepts — when the
 * body's encoding is malformed. */
char *iss_form_get(const char *body, size_t len, const char *name, int *dup);
char *iss_strdup(const char *s);
/* Parse a JSON body; NULL when it is not a JSON object. */
cJSON *iss_json_body(const svc_request *req);
/* Answer an error and count it in errors_total{endpoint,error}. */
void iss_error(issuer *is, svc_response *res, const char *endpoint, unsigned status,
               const char *code, const char *desc);
int64_t iss_now(const issuer *is);
/* A printed JSON (compact) for storage; free(). */
char *iss_json_print(const cJSON *j);

#endif /* ISSUER_H */
