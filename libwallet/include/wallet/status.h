/*
 * libwallet — Token Status Lists (draft-ietf-oauth-status-list, the
 * oauth-wg repository as of 2026-04-20): revocation and suspension of
 * credentials, for issuers and for verifiers, online and offline.
 *
 * A Status List is a compressed array of 1, 2, 4 or 8 bits per credential.
 * A credential (the "Referenced Token": an SD-JWT VC, an mdoc, a JWT or a
 * CWT) names its entry with a URI and an index ("status": {"status_list":
 * {"idx": 7, "uri": "https://..."}}; CWT claim 65535). The issuer publishes
 * the list at that URI as a signed Status List Token, a JWT (typ
 * "statuslist+jwt") or a CWT (COSE_Sign1 tag 18, protected typ 16
 * "application/statuslist+cwt").
 *
 * Four objects:
 *
 *   wallet_status_list      issuer side: the list itself — allocate indices
 *                           (never twice), set statuses, save/load its state,
 *                           produce the signed token to serve.
 *   wallet_status_token     a verified Status List Token (immutable).
 *   wallet_status_cache     verifier side, online: fetches list tokens over
 *                           HTTPS, verifies them against a trust set and keeps
 *                           them for their "ttl". Shared by threads (locked).
 *   wallet_status_snapshot  verifier side, offline: a bundle of list tokens as
 *                           received, the issuer keys that verified them and
 *                           the capture times, signed with the verifier's own
 *                           key; checked later with no network under a
 *                           maximum age.
 *
 * wallet_verify() checks the status of a credential when its policy has a
 * cache or a snapshot (verify.h: wallet_policy_set_status_cache/_snapshot):
 * status 0 leaves the credential valid, 1 makes the result
 * WALLET_ERR_REVOKED, 2 WALLET_ERR_SUSPENDED, anything else
 * WALLET_ERR_STATUS_OTHER.
 *
 * Errors specific to status lists (common.h): WALLET_ERR_STATUS_LIST_FORMAT,
 * _STATUS_REFERENCE, _STATUS_INDEX, _STATUS_SNAPSHOT_FORMAT,
 * _STATUS_SUBJECT, _STATUS_STALE, _STATUS_UNAVAILABLE, _STATUS_OTHER,
 * _STATUS_LIST_FULL, _STATUS_NOT_ALLOCATED.
 */
#ifndef WALLET_STATUS_H
#define WALLET_STATUS_H

#include "trust.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status values (draft §7.1) ------------------------------------------ */

/* A status is a number 0-255 (at most 2^bits - 1 in a list of `bits`). */
#define WALLET_STATUS_VALID 0x00u     /* valid */
#define WALLET_STATUS_INVALID 0x01u   /* revoked, annulled, recalled */
#define WALLET_STATUS_SUSPENDED 0x02u /* temporarily invalid */
/* 0x03 and 0x0C-0x0F are reserved for application-specific use; every other
 * value is reserved for future registration. */
#define WALLET_STATUS_APPLICATION_SPECIFIC 0x03u

/* "valid", "invalid", "suspended", "application_specific" (0x03, 0x0C-0x0F)
 * or "reserved" (anything else). Static storage; never NULL. */
WALLET_EXPORT const char *wallet_status_name(unsigned status);

/* The two Status List Token forms. */
typedef enum wallet_status_format {
    WALLET_STATUS_JWT = 1, /* compact JWS, typ "statuslist+jwt" */
    WALLET_STATUS_CWT = 2  /* COSE_Sign1 (tag 18), typ "application/statuslist+cwt" */
} wallet_status_format;

/* The HTTP media type of a format: "application/statuslist+jwt" or
 * "application/statuslist+cwt"; NULL for an unknown value. */
WALLET_EXPORT const char *wallet_status_media_type(wallet_status_format format);

/* ---- Issuer side: the list ------------------------------------------------ */

/* Largest number of entries in one list (2^26: 64 MiB of statuses at 8
 * bits). The function twin is for bindings. Note that verifiers inflate a
 * list into at most WALLET_LIMIT_INFLATE_BYTES (default 2 MiB: 2^24 entries
 * at 1 bit, 2^21 at 8 bits): lists meant for phones should stay smaller. */
#define WALLET_STATUS_LIST_MAX_ENTRIES ((uint64_t)1 << 26)
WALLET_EXPORT uint64_t wallet_status_list_max_entries(void);

/* How wallet_status_list_allocate() picks indices. Neither hands out an
 * index twice (draft §13.3). RANDOM (from the CSPRNG) is what the draft
 * recommends against correlation and counting by outsiders (§12.4, §12.5);
 * SEQUENTIAL hands out 0, 1, 2, ... */
#define WALLET_STATUS_ALLOC_SEQUENTIAL 0u
#define WALLET_STATUS_ALLOC_RANDOM 1u

typedef struct wallet_status_list wallet_status_list;

/*
 * Create a list of `size` entries of `bits` (1, 2, 4 or 8) bits each, all
 * WALLET_STATUS_VALID, none allocated. `uri` is where the list's token will
 * be served: it becomes the token's "sub" (CWT 2), which verifiers compare
 * with the "uri" in credentials. `size` is rounded up to whole bytes (a multiple of
 * 8 / bits entries) and may not exceed WALLET_STATUS_LIST_MAX_ENTRIES. `flags` is one
 * WALLET_STATUS_ALLOC_* value.
 *
 * The list is locked internally: several threads may allocate, set and
 * build tokens concurrently.
 *
 * Errors: WALLET_ERR_INVALID_ARG (bits, size, flags, NULL or empty uri).
 */
WALLET_EXPORT wallet_err wallet_status_list_new(wallet_ctx *ctx, wallet_status_list **out,
                                                const char *uri, unsigned bits, uint64_t size,
                                                unsigned flags);

WALLET_EXPORT void wallet_status_list_free(wallet_status_list *list);

/* Set (or clear, with NULL) the issuer ("iss", CWT 1) written into tokens. */
WALLET_EXPORT wallet_err wallet_status_list_set_issuer(wallet_ctx *ctx, wallet_status_list *list,
                                                       const char *issuer);

/*
 * Allocate a fresh index for a new credential. An index is never handed out
 * twice, including across wallet_status_list_save() / _load().
 * Errors: WALLET_ERR_STATUS_LIST_FULL when every index has been allocated
 * (start a new list), WALLET_ERR_CRYPTO if the random generator fails.
 */
WALLET_EXPORT wallet_err wallet_status_list_allocate(wallet_ctx *ctx, uint64_t *idx,
                                                     wallet_status_list *list);

/*
 * Set the status of an allocated index (revoke: WALLET_STATUS_INVALID;
 * suspend / reinstate: WALLET_STATUS_SUSPENDED / WALLET_STATUS_VALID).
 * Errors: WALLET_ERR_STATUS_INDEX (idx >= size), WALLET_ERR_STATUS_NOT_ALLOCATED
 * (the index was never allocated: a status for a credential that does not
 * exist is a mistake), WALLET_ERR_INVALID_ARG (status does not fit in the
 * list's bits).
 */
WALLET_EXPORT wallet_err wallet_status_list_set(wallet_ctx *ctx, wallet_status_list *list,
                                                uint64_t idx, unsigned status);

/* The status of any index below the size (unallocated ones are VALID).
 * Errors: WALLET_ERR_STATUS_INDEX. */
WALLET_EXPORT wallet_err wallet_status_list_get(wallet_ctx *ctx, unsigned *status,
                                                const wallet_status_list *list, uint64_t idx);

/* Accessors. The strings are owned by the list. */
WALLET_EXPORT const char *wallet_status_list_uri(const wallet_status_list *list);
WALLET_EXPORT const char *wallet_status_list_issuer(const wallet_status_list *list);
WALLET_EXPORT unsigned wallet_status_list_bits(const wallet_status_list *list);
WALLET_EXPORT uint64_t wallet_status_list_size(const wallet_status_list *list);
WALLET_EXPORT uint64_t wallet_status_list_allocated(const wallet_status_list *list);
/* Incremented whenever a status changes (not on allocation, which does not
 * change the published list): a server rebuilds its token when it moves. */
WALLET_EXPORT uint64_t wallet_status_list_version(const wallet_status_list *list);

/*
 * Save the list's whole state — statuses, allocation map, allocation mode,
 * uri, issuer, version — as deterministic CBOR (compressed), so that an
 * issuer service can store it and reload it later. Release with
 * wallet_free().
 */
WALLET_EXPORT wallet_err wallet_status_list_save(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                 const wallet_status_list *list);

/* Load a state written by wallet_status_list_save(). Every field is checked
 * (sizes, counts, no status on an unallocated index).
 * Errors: WALLET_ERR_STATUS_LIST_FORMAT, WALLET_ERR_CBOR*, WALLET_ERR_COMPRESSION,
 * WALLET_ERR_TOO_LARGE (over WALLET_LIMIT_INPUT_BYTES). */
WALLET_EXPORT wallet_err wallet_status_list_load(wallet_ctx *ctx, wallet_status_list **out,
                                                 const uint8_t *data, size_t len);

/*
 * Produce the Status List Token to serve at the list's uri, signed with
 * `key` (its default algorithm):
 *   JWT: header {"alg", "kid" (the key's), "typ":"statuslist+jwt", "x5c"};
 *        claims {"sub", "iss", "iat", "exp", "ttl", "status_list":
 *        {"bits", "lst"}}; output is the compact JWS text (NUL-terminated,
 *        *out_len excludes the NUL).
 *   CWT: COSE_Sign1 with tag 18 (no CWT tag 61, draft §5.2), protected
 *        {1: alg, 16: "application/statuslist+cwt"}, unprotected {4: kid,
 *        33: x5chain}; claims {2 sub, 1 iss, 6 iat, 4 exp, 65534 ttl,
 *        65533 {"bits", "lst"}} as deterministic CBOR; output is binary.
 * "lst" is the status bytes compressed with zlib at the best level (draft
 * §4.1). iat is the context's time; exp = iat + lifetime (no exp when
 * lifetime is 0); ttl is omitted when 0. `chain` (DER certificates, leaf
 * first; may be NULL/0) becomes x5c / x5chain. Release with wallet_free().
 * Errors: WALLET_ERR_INVALID_ARG (negative lifetime or ttl, unknown format),
 * WALLET_ERR_KEY_NOT_PRIVATE, signing errors.
 */
WALLET_EXPORT wallet_err wallet_status_list_token(wallet_ctx *ctx, uint8_t **out,
                                                  size_t *out_len,
                                                  const wallet_status_list *list,
                                                  const wallet_key *key,
                                                  const wallet_cert *const *chain,
                                                  size_t chain_len, wallet_status_format format,
                                                  int64_t lifetime, int64_t ttl);

/* A strong HTTP entity tag for token bytes: "\"" + base64url of the first
 * 16 bytes of their SHA-256 + "\"" (release with wallet_free()). */
WALLET_EXPORT wallet_err wallet_status_token_etag(wallet_ctx *ctx, char **out,
                                                  const uint8_t *token, size_t len);

/* ---- Verifier side: a verified token -------------------------------------- */

typedef struct wallet_status_token wallet_status_token;

/*
 * Verify a Status List Token (JWT text, or CWT as binary, hex or
 * base64url) against `trust` and decode its list. Checks, in order:
 * structure; the signature (key found as for wallet_verify(): x5c/x5chain,
 * kid, or every trusted key); the type ("statuslist+jwt" or
 * "application/statuslist+jwt" case-insensitively; CWT: protected label 16
 * "application/statuslist+cwt", case-insensitively, COSE_Sign1 tag 18
 * required); "exp" and
 * "nbf" against the context's clock (WALLET_ERR_EXPIRED /
 * _NOT_YET_VALID); the required claims "sub" and "iat", "ttl" a positive
 * integer when present; "status_list" with "bits" 1/2/4/8 and "lst"
 * inflated under WALLET_LIMIT_INFLATE_BYTES; and, when `expected_uri` is
 * not NULL, "sub" equal to it (WALLET_ERR_STATUS_SUBJECT).
 * `algs` limits the signature algorithms (0 means WALLET_ALGSET_ALL).
 *
 * Errors: the parser's (WALLET_ERR_JWS_FORMAT, _COSE_FORMAT, _CBOR*, ...),
 * signature and trust errors, WALLET_ERR_TYPE, WALLET_ERR_EXPIRED,
 * WALLET_ERR_STATUS_LIST_FORMAT (claims), WALLET_ERR_BASE64,
 * WALLET_ERR_COMPRESSION, WALLET_ERR_TOO_LARGE (a zip bomb),
 * WALLET_ERR_STATUS_SUBJECT. On failure *out is NULL.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_status_token_verify(
    wallet_ctx *ctx, wallet_status_token **out, const wallet_trust *trust,
    wallet_algset algs, const uint8_t *token, size_t len, const char *expected_uri);

/* The status of entry `idx`. Errors: WALLET_ERR_STATUS_INDEX when idx is
 * beyond the list (the draft §8.3 step 6: no statement can be made). */
WALLET_EXPORT wallet_err wallet_status_token_get(wallet_ctx *ctx, unsigned *status,
                                                 const wallet_status_token *token, uint64_t idx);

/* Accessors (strings owned by the token; times 0 when absent). */
WALLET_EXPORT wallet_status_format wallet_status_token_format(const wallet_status_token *token);
WALLET_EXPORT const char *wallet_status_token_uri(const wallet_status_token *token); /* sub */
WALLET_EXPORT const char *wallet_status_token_issuer(const wallet_status_token *token);
WALLET_EXPORT const char *wallet_status_token_aggregation_uri(const wallet_status_token *token);
WALLET_EXPORT int64_t wallet_status_token_issued_at(const wallet_status_token *token);
WALLET_EXPORT int64_t wallet_status_token_expires_at(const wallet_status_token *token);
WALLET_EXPORT int64_t wallet_status_token_ttl(const wallet_status_token *token);
WALLET_EXPORT unsigned wallet_status_token_bits(const wallet_status_token *token);
/* Number of entries: (decompressed bytes) * 8 / bits. */
WALLET_EXPORT uint64_t wallet_status_token_size(const wallet_status_token *token);
/* The token bytes as received (text for JWT, binary CBOR for CWT). */
WALLET_EXPORT const uint8_t *wallet_status_token_bytes(const wallet_status_token *token,
                                                       size_t *len);

WALLET_EXPORT void wallet_status_token_free(wallet_status_token *token);

/* ---- Verifier side, online: the cache ------------------------------------- */

typedef struct wallet_status_cache wallet_status_cache;

/*
 * A cache of verified Status List Tokens keyed by URI, holding at most
 * `max_entries` lists (0: 64); the least recently used goes first. One
 * cache may be shared by every thread of a verifier: it is locked
 * internally (lookups hold the lock for one index read; fetches run
 * unlocked).
 *
 * An entry is used until the first of: its time of retrieval + "ttl"
 * (bounded, see _set_ttl_bounds), its "exp". Then the next check fetches
 * the list again.
 */
WALLET_EXPORT wallet_err wallet_status_cache_new(wallet_ctx *ctx, wallet_status_cache **out,
                                                 size_t max_entries);
WALLET_EXPORT void wallet_status_cache_free(wallet_status_cache *cache);

/* Bounds on how long an entry is kept, whatever its token's "ttl" says
 * (draft §11.5: a tiny ttl must not make clients hammer the server, a huge
 * one must not keep a revocation unseen): defaults 60 s and 86400 s; max_seconds
 * at most 2^40. A token without "ttl" is kept for max_seconds (or until its
 * "exp"). Errors: WALLET_ERR_INVALID_ARG. */
WALLET_EXPORT wallet_err wallet_status_cache_set_ttl_bounds(wallet_ctx *ctx,
                                                            wallet_status_cache *cache,
                                                            int64_t min_seconds,
                                                            int64_t max_seconds);

/*
 * The status of entry `idx` of the list at `uri`: from a fresh cached token,
 * else fetched with an HTTP GET (Accept: application/statuslist+jwt,
 * application/statuslist+cwt; HTTPS only except loopback, no redirects,
 * WALLET_LIMIT_HTTP_TIMEOUT / _HTTP_BYTES), verified with
 * wallet_status_token_verify(ctx, .., trust, algs, .., uri) and cached.
 *
 * Errors: WALLET_ERR_OFFLINE (the context is offline and no fresh entry is
 * cached), WALLET_ERR_NETWORK, WALLET_ERR_HTTP_STATUS (not 2xx; redirects
 * are not followed), WALLET_ERR_INSECURE_URL, WALLET_ERR_TOO_LARGE, every
 * error of wallet_status_token_verify(), WALLET_ERR_STATUS_INDEX.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_status_cache_check(
    wallet_ctx *ctx, unsigned *status, wallet_status_cache *cache, const wallet_trust *trust,
    wallet_algset algs, const char *uri, uint64_t idx);

/* Verify a token obtained some other way (e.g. handed over by the holder
 * with the credential) and cache it under its "sub" as if fetched now. */
WALLET_EXPORT wallet_err wallet_status_cache_add(wallet_ctx *ctx, wallet_status_cache *cache,
                                                 const wallet_trust *trust, wallet_algset algs,
                                                 const uint8_t *token, size_t len);

/* Number of cached lists. */
WALLET_EXPORT size_t wallet_status_cache_count(wallet_status_cache *cache);

/* ---- Verifier side, offline: the snapshot ---------------------------------- */

typedef struct wallet_status_snapshot wallet_status_snapshot;

/* An empty snapshot, to fill while online. */
WALLET_EXPORT wallet_err wallet_status_snapshot_new(wallet_ctx *ctx,
                                                    wallet_status_snapshot **out);
WALLET_EXPORT void wallet_status_snapshot_free(wallet_status_snapshot *snap);

/* Add the list at `uri`, through `cache` (a fresh cached token, else
 * fetched; cache may be NULL to always fetch). A list already in the
 * snapshot is replaced. Errors as wallet_status_cache_check(). */
WALLET_EXPORT wallet_err wallet_status_snapshot_add_uri(wallet_ctx *ctx,
                                                        wallet_status_snapshot *snap,
                                                        wallet_status_cache *cache,
                                                        const wallet_trust *trust,
                                                        wallet_algset algs, const char *uri);

/* Verify a token obtained some other way and add it as retrieved now. */
WALLET_EXPORT wallet_err wallet_status_snapshot_add_token(wallet_ctx *ctx,
                                                          wallet_status_snapshot *snap,
                                                          const wallet_trust *trust,
                                                          wallet_algset algs,
                                                          const uint8_t *token, size_t len);

/* Add every list currently in the cache, with its time of retrieval. */
WALLET_EXPORT wallet_err wallet_status_snapshot_add_cache(wallet_ctx *ctx,
                                                          wallet_status_snapshot *snap,
                                                          wallet_status_cache *cache);

/*
 * Write the snapshot: a COSE_Sign1 (tag 18, protected typ
 * "application/vnd.libwallet.status-snapshot+cbor") signed with
 * `verifier_key` — the verifier's own key, for integrity at rest — over
 * deterministic CBOR holding the capture time (the context's now), every
 * list token exactly as received with its URI and time of retrieval, and
 * the public keys / certificates that verified them. Release with
 * wallet_free(). Errors: WALLET_ERR_STATE (empty snapshot),
 * WALLET_ERR_KEY_NOT_PRIVATE, signing errors.
 */
WALLET_EXPORT wallet_err wallet_status_snapshot_save(wallet_ctx *ctx, uint8_t **out,
                                                     size_t *out_len,
                                                     const wallet_status_snapshot *snap,
                                                     const wallet_key *verifier_key);

/*
 * Load a snapshot: its signature must verify with `verifier_key` (the
 * public half is enough), then every list token is verified again against
 * the keys carried in the snapshot, as of its time of retrieval, and
 * decoded. Nothing is fetched.
 * Errors: WALLET_ERR_SIGNATURE (the bundle was changed or signed by another
 * key), WALLET_ERR_STATUS_SNAPSHOT_FORMAT, WALLET_ERR_TYPE, WALLET_ERR_TOO_LARGE
 * (over WALLET_LIMIT_INPUT_BYTES), COSE/CBOR errors, and the token errors
 * of wallet_status_token_verify().
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_status_snapshot_load(
    wallet_ctx *ctx, wallet_status_snapshot **out, const uint8_t *data, size_t len,
    const wallet_key *verifier_key);

/*
 * The status of entry `idx` of the list at `uri`, from the snapshot alone,
 * under a freshness policy: the list must have been retrieved at most
 * `max_age` seconds before the context's now (max_age 0: no age limit), and
 * its token must not have expired ("exp"). Never a silent "valid" on old
 * data:
 * Errors: WALLET_ERR_STATUS_STALE (older than max_age, or expired — the
 * detail says which and by how much), WALLET_ERR_STATUS_UNAVAILABLE (the
 * snapshot has no list for this uri), WALLET_ERR_STATUS_INDEX.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_status_snapshot_check(
    wallet_ctx *ctx, unsigned *status, const wallet_status_snapshot *snap, const char *uri,
    uint64_t idx, int64_t max_age);

/* When the snapshot was written (0 for one not yet saved) and how many lists
 * it holds; the URI of list i and its time of retrieval. */
WALLET_EXPORT int64_t wallet_status_snapshot_captured_at(const wallet_status_snapshot *snap);
WALLET_EXPORT size_t wallet_status_snapshot_count(const wallet_status_snapshot *snap);
WALLET_EXPORT const char *wallet_status_snapshot_uri(const wallet_status_snapshot *snap,
                                                     size_t i);
WALLET_EXPORT int64_t wallet_status_snapshot_retrieved_at(const wallet_status_snapshot *snap,
                                                          size_t i);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_STATUS_H */
