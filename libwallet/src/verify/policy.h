/* The verification policy (public handle wallet_policy), shared by every
 * format. Formats read the fields directly. */
#ifndef WL_POLICY_H
#define WL_POLICY_H

#include "../core/internal.h"
#include "wallet/verify.h"

struct wallet_policy {
    wallet_algset algs;
    char *audience;
    char *nonce;
    int holder_binding;
    /* SD-JWT (0 / NULL: the defaults, so that the static default policy
     * needs no initialisation). */
    int64_t kb_max_age;
    char **sdjwt_types;
    size_t n_sdjwt_types;
    char **transaction_data;
    size_t n_transaction_data;
    char **td_hash_algs;
    size_t n_td_hash_algs;
    /* mdoc */
    uint8_t *session_transcript; /* as given: array or tag-24 form */
    size_t session_transcript_len;
    wallet_key *reader_key;
    char *doctype;
    /* Token Status Lists (not owned) */
    wallet_status_cache *status_cache;
    const wallet_status_snapshot *status_snapshot;
    int64_t status_max_age;
    int status_required;
};

/* Default maximum age of a KB-JWT, seconds. */
#define WL_KB_MAX_AGE_DEFAULT 300

/* The defaults used when a caller passes a NULL policy. */
WL_HIDDEN const wallet_policy *wl_policy_default(void);

#endif /* WL_POLICY_H */
