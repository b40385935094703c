/* The holder's parsed SD-JWT (public handle wallet_sdjwt), shared by
 * holder.c and present.c. */
#ifndef WL_SDJWT_HOLDER_INT_H
#define WL_SDJWT_HOLDER_INT_H

#include "sdjwt_int.h"

struct wallet_sdjwt {
    wl_sd sd;            /* the SD-JWT as issued, split */
    wl_hash_alg hash;    /* "_sd_alg" */
    cJSON *processed;    /* the payload with every Disclosure applied */
    char *claims_json;   /* its text */
    wallet_key *cnf;     /* the "cnf" JWK, when present */
};

#endif /* WL_SDJWT_HOLDER_INT_H */
