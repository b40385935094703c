/*
 * HC1 internals: each verification step of wallet_hc1_verify() as its own
 * function, so that the DCC vector driver can run every step on the input
 * field the test data gives for it (PREFIX, BASE45, COMPRESSED, COSE) and
 * compare each verdict with its EXPECTED* flag.
 */
#ifndef WL_HCERT_INT_H
#define WL_HCERT_INT_H

#include "../core/cbor.h"
#include "wallet/cose.h"
#include "wallet/hcert.h"

/* The kinds of health payload, by the member that holds the entries. */
typedef enum wl_hcert_kind {
    WL_HCERT_NONE = 0,
    WL_HCERT_VACCINATION = 1, /* "v" */
    WL_HCERT_TEST = 2,        /* "t" */
    WL_HCERT_RECOVERY = 3,    /* "r" */
    WL_HCERT_CHECKUP = 4      /* "pc": health-book periodic check-up */
} wl_hcert_kind;

/* Return e with the context's detail prefixed by "what: " (wl_err_prefix()
 * itself answers WALLET_ERR_INTERNAL when there is no context). */
static inline wallet_err wl_hc1_prefix(wallet_ctx *ctx, wallet_err e, const char *what)
{
    if (ctx)
        wl_err_prefix(ctx, what);
    return e;
}

/* "vaccination", "test", "recovery", "checkup" (NULL for NONE). */
WL_HIDDEN const char *wl_hcert_kind_name(wl_hcert_kind kind);

/* ---- transport (transport.c) --------------------------------------------------- */

/* Step 1: the Base45 text after "HC1:" (a view into text). */
WL_HIDDEN wallet_err wl_hc1_unprefix(wallet_ctx *ctx, const char **b45, size_t *b45_len,
                                     const char *text, size_t text_len);
/* Step 3: inflate, capped by WALLET_LIMIT_INFLATE_BYTES. */
WL_HIDDEN wallet_err wl_hc1_inflate(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                    const uint8_t *in, size_t in_len);
/* Steps 1-3. */
WL_HIDDEN wallet_err wl_hc1_unwrap(wallet_ctx *ctx, uint8_t **cose, size_t *cose_len,
                                   const char *text, size_t text_len);

/* ---- COSE and signer (signer.c) ------------------------------------------------- */

/* Step 4: COSE_Sign1, tagged 18, untagged, or tag 61 (CWT) around tag 18,
 * with the HC1 header relaxations; a detached payload is refused. */
WL_HIDDEN wallet_err wl_hcert_cose_parse(wallet_ctx *ctx, wallet_cose_sign1 **out,
                                         const uint8_t *cose, size_t cose_len);
/* Steps 5-6: find the certificates with the message's kid and verify with
 * each until one succeeds; *signer is that certificate (a new reference).
 * algs is intersected with {ES256, PS256}. */
WL_HIDDEN wallet_err wl_hcert_verify_signature(wallet_ctx *ctx, const wallet_trust *trust,
                                               wallet_cose_sign1 *msg, wallet_algset algs,
                                               wallet_cert **signer);
/* Step 8: may `cert` sign a payload of this kind? */
WL_HIDDEN wallet_err wl_hcert_check_key_usage(wallet_ctx *ctx, const wallet_cert *cert,
                                              wl_hcert_kind kind);

/* ---- CWT claims (claims.c) ------------------------------------------------------ */

typedef struct wl_hcert_claims {
    wl_cbor_doc *doc;       /* the decoded claims (points into the caller's bytes) */
    const wl_cbor *payload; /* -260 / 1: the health payload map */
    const wl_cbor *iss;     /* claim 1 (text) or NULL */
    int64_t iat, exp;       /* NumericDates, fractions dropped */
    wl_hcert_kind kind;
} wl_hcert_claims;

/* Step 7: parse CWT claims (the COSE payload; must outlive c). */
WL_HIDDEN wallet_err wl_hcert_claims_parse(wallet_ctx *ctx, wl_hcert_claims *c,
                                           const uint8_t *cwt, size_t cwt_len);
WL_HIDDEN void wl_hcert_claims_free(wl_hcert_claims *c);
/* The kind of a health payload map: exactly one of v / t / r / pc, a
 * non-empty array of maps. */
WL_HIDDEN wallet_err wl_hcert_payload_kind(wallet_ctx *ctx, const wl_cbor *payload,
                                           wl_hcert_kind *kind);

/* Steps 9-10: the signer's validity and "exp" / "iat" at the context's time. */
WL_HIDDEN wallet_err wl_hcert_check_times(wallet_ctx *ctx, const wallet_cert *signer,
                                          const wl_hcert_claims *c);

#endif /* WL_HCERT_INT_H */
