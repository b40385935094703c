/*
 * DCQL internals: the parsed query (pointers into its own cJSON tree), the
 * candidate set, and the match result. See include/wallet/dcql.h.
 */
#ifndef WL_DCQL_INT_H
#define WL_DCQL_INT_H

#include "../core/json.h"
#include "wallet/dcql.h"

/* One component of a claims path pointer (OpenID4VP §7). */
typedef enum wl_path_kind {
    WL_PATH_KEY = 0,   /* a string: object member */
    WL_PATH_INDEX = 1, /* a non-negative integer: array element */
    WL_PATH_ALL = 2    /* null: every element of an array */
} wl_path_kind;

typedef struct wl_path_elem {
    wl_path_kind kind;
    const char *key; /* WL_PATH_KEY: into the query's tree */
    size_t index;    /* WL_PATH_INDEX */
} wl_path_elem;

typedef struct wl_dcql_claim {
    const char *id;       /* or NULL */
    wl_path_elem *path;
    size_t path_len;
    char *path_json;      /* compact JSON of the path */
    const cJSON *values;  /* the non-empty array, or NULL */
    char *values_json;    /* its compact JSON, or NULL */
    int intent_to_retain; /* 1, 0, -1 absent */
} wl_dcql_claim;

typedef struct wl_dcql_ta {
    const char *type;
    const char **values;
    size_t n_values;
} wl_dcql_ta;

/* A list of indexes (a claim set: into claims; an option: into credentials). */
typedef struct wl_idx_list {
    size_t *idx;
    size_t n;
} wl_idx_list;

typedef struct wl_dcql_cred {
    const char *id;
    const char *format_name;
    wallet_dcql_format format;
    int multiple;
    int holder_binding;
    const char **types; /* vct_values, or the doctype_value */
    size_t n_types;
    wl_dcql_ta *tas;
    size_t n_tas;
    int has_claims;
    wl_dcql_claim *claims;
    size_t n_claims;
    wl_idx_list *claim_sets;
    size_t n_claim_sets; /* 0: no claim_sets */
} wl_dcql_cred;

typedef struct wl_dcql_set {
    wl_idx_list *options;
    size_t n_options;
    int required;
    char *purpose_json; /* or NULL */
} wl_dcql_set;

struct wallet_dcql {
    cJSON *root;
    wl_dcql_cred *creds;
    size_t n_creds;
    wl_dcql_set *sets;
    size_t n_sets; /* 0: no credential_sets */
};

typedef struct wl_authority {
    char *type;
    char *value;
} wl_authority;

typedef struct wl_candidate {
    char *id;
    wallet_dcql_format format;
    char *type;
    cJSON *claims;
    unsigned flags;
    wl_authority *auth;
    size_t n_auth;
} wl_candidate;

struct wallet_dcql_candidates {
    wl_candidate *c;
    size_t n, cap;
};

/* ---- result ---- */

typedef struct wl_claim_out {
    char *path_json;
    char *text; /* CLI form or NULL */
    int intent_to_retain;
} wl_claim_out;

typedef struct wl_match {
    char *candidate;
    int claim_set; /* -1: no claim_sets */
    wl_claim_out *claims;
    size_t n_claims;
    char *disclose; /* or NULL when a path is not representable */
} wl_match;

typedef struct wl_qresult {
    char *id;
    int multiple;
    wl_match *m;
    size_t n;
    size_t selected; /* how many of m to present */
} wl_qresult;

typedef struct wl_setresult {
    int required;
    int option; /* -1: none satisfiable */
} wl_setresult;

struct wallet_dcql_result {
    int satisfied;
    wl_qresult *q;
    size_t n_q;
    wl_setresult *sets;
    size_t n_sets;
    int has_sets;
    wallet_dcql_format *formats; /* per query, for the CLI separator */
    char *unsatisfied;           /* detail for wallet_dcql_result_check, or NULL */
};

/* A JSON value from the claims equals one of a claims query's values
 * (same type and value, §6.3). */
WL_HIDDEN int wl_dcql_value_matches(const cJSON *claim, const cJSON *values);

#endif /* WL_DCQL_INT_H */
