/*
 * Internal SD-JWT interface, shared by the files of src/sdjwt/:
 *
 *   parse.c     split compact / JSON serialization; decode Disclosures
 *   process.c   match digests to Disclosures and build the processed
 *               payload (RFC 9901 §7.1 step 3-5)
 *   path.c      claim paths ("address.locality", "nationalities.1")
 *   issue.c     the issuer builder
 *   holder.c    wallet_sdjwt_parse() and its accessors
 *   present.c   selecting Disclosures and assembling a presentation
 *   kbjwt.c     Key Binding JWT: create and verify (RFC 9901 §4.3, §7.3)
 *   verify.c    wallet_sdjwt_verify() and the "dc+sd-jwt" format of
 *               wallet_verify()
 */
#ifndef WL_SDJWT_INT_H
#define WL_SDJWT_INT_H

#include "../core/json.h"
#include "../crypto/crypto.h"
#include "../jose/jose.h"
#include "../verify/formats.h"
#include "wallet/sdjwt.h"

/* base64url of a digest of at most 64 bytes, plus NUL. */
#define WL_SD_DIGEST_B64_MAX 88

/* One Disclosure as received. */
typedef struct wl_sd_disclosure {
    const char *text; /* base64url text as received (not NUL-terminated) */
    size_t len;
    char digest[WL_SD_DIGEST_B64_MAX]; /* base64url digest of text */
    size_t digest_len;
    cJSON *arr;       /* decoded array [salt, (name,) value]; the value is
                         detached from it when processing inserts it */
    const char *name; /* claim name (into arr), NULL for an array element */
    int used;         /* referenced by a digest */
    int parent;       /* index of the enclosing Disclosure, -1 at top level */
    int top;          /* a claim of the payload's top-level object */
    char *path;       /* holder view: the claim's path (escaped) */
    char *value_json; /* holder view: the processed value */
} wl_sd_disclosure;

typedef enum wl_sd_ser {
    WL_SD_COMPACT = 0,
    WL_SD_FLATTENED = 1, /* JWS Flattened JSON serialization */
    WL_SD_GENERAL = 2    /* JWS General JSON serialization */
} wl_sd_ser;

/* An SD-JWT or SD-JWT+KB split into its parts. */
typedef struct wl_sd {
    const char *text; /* the input: text_owned, or the caller's (wl_sd_split) */
    size_t len;
    char *text_owned;
    wl_sd_ser ser;
    cJSON *root; /* JSON serialization */
    /* The issuer-signed JWT in compact form: a span of text for the compact
     * serialization, built from the first signature for JSON. */
    const char *jwt;
    size_t jwt_len;
    char *jwt_owned;
    wl_sd_disclosure *d;
    size_t n;
    const char *kb; /* KB-JWT, NULL when absent */
    size_t kb_len;
    /* What "sd_hash" covers (RFC 9901 §4.3.1, §8.1): "<jwt>~<d1>~...~<dn>~". */
    const char *sd_input;
    size_t sd_input_len;
    char *sd_input_owned;
} wl_sd;

/* parse.c */
/* Split text[0..len). With `copy`, sd keeps its own copy of the text;
 * without, it points into the caller's, which must outlive it (a
 * verification, which ends before returning). */
WL_HIDDEN wallet_err wl_sd_split(wallet_ctx *ctx, wl_sd *sd, const char *text, size_t len,
                                 int copy);
WL_HIDDEN void wl_sd_clear(wl_sd *sd);
/* Digest every Disclosure with h; refuse the same Disclosure twice; decode
 * each (base64url JSON array of 2 or 3 elements, string salt and name). */
WL_HIDDEN wallet_err wl_sd_decode_disclosures(wallet_ctx *ctx, wl_sd *sd, wl_hash_alg h);
/* "sha-256" → WL_SHA256 ...; 0 when unknown. */
WL_HIDDEN wl_hash_alg wl_sd_hash_from_name(const char *name);
WL_HIDDEN const char *wl_sd_hash_name(wl_hash_alg h);
/* The "_sd_alg" of a payload (absent: sha-256). */
WL_HIDDEN wallet_err wl_sd_payload_hash(wallet_ctx *ctx, const cJSON *payload, wl_hash_alg *h);
/* base64url(hash(in)) into out (WL_SD_DIGEST_B64_MAX); *out_len set. */
WL_HIDDEN wallet_err wl_sd_digest(wallet_ctx *ctx, wl_hash_alg h, const void *in, size_t n,
                                  char *out, size_t *out_len);

/* process.c: replace digests in payload (modified in place) by the
 * disclosed claims; with `holder`, record each Disclosure's path, parent
 * and processed value. */
WL_HIDDEN wallet_err wl_sd_process(wallet_ctx *ctx, wl_sd *sd, cJSON *payload, int holder);

/* path.c: split an escaped path into components (malloc'ed array of
 * malloc'ed strings). */
WL_HIDDEN wallet_err wl_path_split(wallet_ctx *ctx, const char *path, char ***comps, size_t *n);
WL_HIDDEN void wl_path_free(char **comps, size_t n);
/* Append a component, escaped, with the '.' separator when b is not empty. */
WL_HIDDEN int wl_path_append(wl_buf *b, const char *comp, size_t len);
/* The node at the path under root (NULL when absent); *parent receives its
 * container when parent is not NULL. */
WL_HIDDEN cJSON *wl_path_resolve(cJSON *root, char *const *comps, size_t n, cJSON **parent);

/* Insert item into arr before `at` (NULL: at the end). */
WL_HIDDEN void wl_sd_json_insert_before(cJSON *arr, cJSON *at, cJSON *item);

/* kbjwt.c */
WL_HIDDEN wallet_err wl_kb_create(wallet_ctx *ctx, char **out, const wallet_key *holder,
                                  const char *aud, const char *nonce, wl_hash_alg h,
                                  const char *sd_input, size_t sd_input_len,
                                  const char *const *td, size_t td_count, const char *td_alg);
WL_HIDDEN wallet_err wl_kb_verify(wallet_ctx *ctx, const wallet_policy *policy,
                                  const wallet_key *cnf_key, wl_hash_alg h, const char *kb,
                                  size_t kb_len, const char *sd_input, size_t sd_input_len);

/* Media type comparison of "typ" values (RFC 7515 §4.1.9): case-insensitive,
 * "application/" prefix optional. */
WL_HIDDEN int wl_sd_typ_equal(const char *a, const char *b);
/* SD-JWT VC types: "dc+sd-jwt" and the legacy "vc+sd-jwt". */
WL_HIDDEN int wl_sd_typ_is_vc(const char *typ);
/* Claims of an SD-JWT VC that must not be selectively disclosed (SD-JWT VC
 * §2.2.2.3). */
WL_HIDDEN int wl_sd_vc_plain_claim(const char *name);

#endif /* WL_SDJWT_INT_H */
