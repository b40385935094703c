/*
 * Token Status Lists, internal interface (draft-ietf-oauth-status-list,
 * oauth-wg repository HEAD of 2026-04-20; section numbers below are that
 * draft's).
 *
 *   list.c           issuer list: allocation without reuse, set/get, save/load
 *   token_issue.c    Status List Token in JWT and CWT form, ETag
 *   token_verify.c   verified wallet_status_token: signature, typ, claims, lst
 *   ref.c            the "status" reference inside credentials (JOSE and CBOR)
 *   cache.c          verifier cache shared by threads + HTTP fetch
 *   snapshot.c       signed offline bundle, checked under a maximum age
 *   check.c          the wallet_verify() hook and its policy
 */
#ifndef WL_STATUS_INT_H
#define WL_STATUS_INT_H

#include <stdatomic.h>

#include "../core/cbor.h"
#include "../core/json.h"
#include "wallet/result.h"
#include "wallet/status.h"
#include "wallet/verify.h"

/* CWT claim keys (draft §5.2, §6.3; IANA requested assignments). */
#define WL_CWT_STATUS 65535
#define WL_CWT_TTL 65534
#define WL_CWT_STATUS_LIST 65533

#define WL_STATUS_JWT_TYP "statuslist+jwt"
#define WL_STATUS_CWT_TYP "application/statuslist+cwt"

/* Longest URI accepted in a reference or as a list's "sub". */
#define WL_STATUS_URI_MAX 2048

/* A verified Status List Token. Immutable once built and reference-counted,
 * so that the cache, snapshots and callers share one copy. */
struct wallet_status_token {
    atomic_int refs;
    wallet_status_format format;
    char *uri; /* "sub" */
    char *issuer;
    char *aggregation_uri;
    int64_t iat, exp, nbf, ttl;
    int64_t retrieved; /* when the token was fetched / handed to us */
    unsigned bits;
    uint8_t *list; /* inflated status bytes */
    size_t list_len;
    uint8_t *raw; /* the token as received (binary for CWT) */
    size_t raw_len;
    wallet_key *key;   /* the trusted key that verified it */
    wallet_cert *cert; /* the certificate used, if any (x5c/x5chain or trusted signer) */
    int chained;       /* the token carried its own certificate chain */
};

WL_HIDDEN wallet_status_token *wl_status_token_ref(const wallet_status_token *t);

/* Status of entry idx in a decoded list (bits 1/2/4/8; draft §4.1: entries
 * are packed from the least significant bit of each byte). The caller has
 * checked idx < len * 8 / bits. */
static inline unsigned wl_status_at(const uint8_t *list, unsigned bits, uint64_t idx)
{
    uint64_t bit = idx * bits;
    return (unsigned)(list[bit >> 3] >> (bit & 7u)) & ((1u << bits) - 1u);
}

static inline uint64_t wl_status_entries(size_t list_len, unsigned bits)
{
    return (uint64_t)list_len * 8u / bits;
}

/* 1 for bits 1, 2, 4, 8. */
static inline int wl_status_bits_ok(uint64_t bits)
{
    return bits == 1 || bits == 2 || bits == 4 || bits == 8;
}

/* 1 if s[0..n) looks like an absolute URI (RFC 3986 §3: a scheme, ':', then
 * printable ASCII without spaces or the characters RFC 3986 excludes). */
WL_HIDDEN int wl_status_uri_ok(const char *s, size_t n);

/*
 * Verify and decode a Status List Token. `hint` is the format announced by
 * the HTTP content type (0: detect from the bytes). `expected_uri` may be
 * NULL. Time checks use the context's clock; `retrieved` records when the
 * token was obtained (usually the context's now).
 */
WL_HIDDEN wallet_err wl_status_token_decode(wallet_ctx *ctx, wallet_status_token **out,
                                            const wallet_trust *trust, wallet_algset algs,
                                            const uint8_t *data, size_t len, int hint,
                                            const char *expected_uri, int64_t retrieved);

/* Decode a bare Status List object (§4.2 JSON text, §4.3 CBOR) into a token
 * structure holding only bits and the inflated list (nothing is signed:
 * for test vectors and the fuzzer). */
WL_HIDDEN wallet_err wl_status_list_parse(wallet_ctx *ctx, wallet_status_token **out,
                                          const uint8_t *data, size_t len, int cbor);

/* Status of idx in a verified token, or WALLET_ERR_STATUS_INDEX. */
WL_HIDDEN wallet_err wl_status_token_lookup(wallet_ctx *ctx, const wallet_status_token *t,
                                            uint64_t idx, unsigned *status);

/* Fetch the list token at `uri` and verify it (cache.c). */
WL_HIDDEN wallet_err wl_status_fetch(wallet_ctx *ctx, wallet_status_token **out,
                                     const wallet_trust *trust, wallet_algset algs,
                                     const char *uri);

/* A fresh token for `uri` from the cache (a new reference), fetching it when
 * missing or stale. */
WL_HIDDEN wallet_err wl_status_cache_get(wallet_ctx *ctx, wallet_status_token **out,
                                         wallet_status_cache *cache, const wallet_trust *trust,
                                         wallet_algset algs, const char *uri);

/* A consistent copy of the list's status bytes and issuer, taken under its
 * lock (list.c; for token_issue.c). */
WL_HIDDEN wallet_err wl_status_list_snapshot_bytes(wallet_ctx *ctx, const wallet_status_list *l,
                                                   uint8_t **bytes, size_t *len, char **issuer);

/* A reference to every token in the cache (an array to free with free()
 * after freeing each token). */
WL_HIDDEN wallet_err wl_status_cache_tokens(wallet_ctx *ctx, wallet_status_cache *c,
                                            wallet_status_token ***out, size_t *n);

/* ---- the reference inside a credential (draft §6) ------------------------- */

/* From JWT claims: "status": {"status_list": {"idx": N, "uri": "..."}}.
 * No "status" object, or one without "status_list" (another mechanism),
 * leaves *uri NULL and *idx -1. A present but malformed "status_list" is
 * WALLET_ERR_STATUS_REFERENCE. *uri is malloc'ed. */
WL_HIDDEN wallet_err wl_status_ref_from_json(wallet_ctx *ctx, const cJSON *claims, char **uri,
                                             int64_t *idx);

/* From the CBOR Status structure (CWT claim 65535, mdoc MSO "status"):
 * {"status_list": {"idx": uint, "uri": tstr}}. `status` may be NULL (no
 * reference). A Status that is not a map, or a malformed "status_list", is
 * WALLET_ERR_STATUS_REFERENCE. */
WL_HIDDEN wallet_err wl_status_ref_from_cbor(wallet_ctx *ctx, const wl_cbor *status, char **uri,
                                             int64_t *idx);

/* ---- wallet_verify() ------------------------------------------------------ */

/* Called by wallet_verify() after a format verified a credential: when the
 * policy asks for status checking and the result carries a reference,
 * establish the status and turn it into WALLET_OK, WALLET_ERR_REVOKED,
 * WALLET_ERR_SUSPENDED or WALLET_ERR_STATUS_OTHER; or fail with the reason
 * the status could not be established. */
WL_HIDDEN wallet_err wl_status_check_result(wallet_ctx *ctx, const wallet_trust *trust,
                                            const wallet_policy *policy, wallet_result *r);

#endif /* WL_STATUS_INT_H */
