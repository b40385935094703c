/*
 * libwallet — verify anything: detect the format of a credential or signed
 * object and verify it against a trust set under a policy.
 *
 * Formats recognised by wallet_verify() in this version:
 *   - JWS (compact or JSON serialization). When the payload is a JSON object
 *     it is treated as JWT claims: "exp" / "nbf" are checked against the
 *     context's clock (with WALLET_LIMIT_CLOCK_SKEW) and "iss" is reported.
 *   - COSE_Sign1 (CBOR, hex or base64url). When the payload is a CBOR map it
 *     is treated as CWT claims (RFC 8392: 1 iss, 4 exp, 5 nbf, 6 iat).
 *   - SD-JWT and SD-JWT+KB ("dc+sd-jwt"): compact text with '~', or the JWS
 *     JSON serialization with "disclosures" / "kb_jwt" header members;
 *     verified as wallet_sdjwt_verify() does (sdjwt.h).
 *   - "mso_mdoc": an ISO/IEC 18013-5 DeviceResponse (CBOR, hex or
 *     base64url), verified by wallet_mdoc_verify() under the policy's
 *     session transcript, reader key and docType; or an IssuerSigned on its
 *     own (issuer data only: wallet_result_holder_auth() says "none"). The
 *     claims are {"namespace": {"element": value}} of every document; type
 *     is the (first) docType, issuer the document signer's subject,
 *     validity the MSO's, the status reference the MSO's "status".
 * The signer is found in the trust set: by x5c / x5chain (chained to a
 * trusted root), else by kid, else — when the token names no key — by
 * trying each trusted key that fits the algorithm.
 */
#ifndef WALLET_VERIFY_H
#define WALLET_VERIFY_H

#include "result.h"
#include "status.h"
#include "trust.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_policy wallet_policy;

/* A policy with defaults: algorithms WALLET_ALGSET_ALL, no audience or
 * nonce expected, holder binding not required. */
WALLET_EXPORT wallet_err wallet_policy_new(wallet_ctx *ctx, wallet_policy **out);
WALLET_EXPORT void wallet_policy_free(wallet_policy *p);

/* Allowed signature algorithms for issuer and holder signatures. */
WALLET_EXPORT wallet_err wallet_policy_set_algs(wallet_ctx *ctx, wallet_policy *p,
                                                wallet_algset algs);
/* Expected audience (KB-JWT "aud", OpenID4VP client_id); NULL clears. */
WALLET_EXPORT wallet_err wallet_policy_set_audience(wallet_ctx *ctx, wallet_policy *p,
                                                    const char *aud);
/* Expected nonce; NULL clears. */
WALLET_EXPORT wallet_err wallet_policy_set_nonce(wallet_ctx *ctx, wallet_policy *p,
                                                 const char *nonce);
/* Require proof of possession of the holder key (KB-JWT / DeviceAuth). */
WALLET_EXPORT wallet_err wallet_policy_require_holder_binding(wallet_ctx *ctx, wallet_policy *p,
                                                              int required);

/* ---- SD-JWT key binding and types (see sdjwt.h) ------------------------------ */

/* Maximum age of a KB-JWT: its "iat" may be at most `seconds` (default 300)
 * plus WALLET_LIMIT_CLOCK_SKEW in the past, and at most the skew in the
 * future (RFC 9901 §7.3 step 5). `seconds` must be > 0. */
WALLET_EXPORT wallet_err wallet_policy_set_kb_max_age(wallet_ctx *ctx, wallet_policy *p,
                                                      int64_t seconds);

/* Accepted SD-JWT header "typ" values, replacing the default list
 * {"dc+sd-jwt", "vc+sd-jwt"} (count 0 restores it). Compared
 * case-insensitively, with an optional "application/" prefix (RFC 7515
 * §4.1.9). The SD-JWT VC rules ("vct" required, registered claims not
 * disclosable) apply to "dc+sd-jwt" and "vc+sd-jwt"; other types (e.g.
 * "example+sd-jwt") are verified as plain RFC 9901 SD-JWTs. The strings are
 * copied. */
WALLET_EXPORT wallet_err wallet_policy_set_sdjwt_types(wallet_ctx *ctx, wallet_policy *p,
                                                       const char *const *types, size_t count);

/* Expected OpenID4VP transaction data (OpenID4VP 1.0 §B.3.3): the strings
 * of the request's "transaction_data" parameter exactly as sent, and the
 * hash algorithms the request allowed ("transaction_data_hashes_alg"; NULL
 * / 0: only "sha-256"). The KB-JWT must then carry one
 * "transaction_data_hashes" entry per string, computed with its
 * "transaction_data_hashes_alg" (default sha-256), which must be one of the
 * allowed ones. Setting transaction data requires holder binding. count 0
 * clears. The strings are copied. */
WALLET_EXPORT wallet_err wallet_policy_set_transaction_data(wallet_ctx *ctx, wallet_policy *p,
                                                            const char *const *transaction_data,
                                                            size_t count,
                                                            const char *const *hash_algs,
                                                            size_t hash_alg_count);

/*
 * Token Status Lists (status.h). With a cache or a snapshot set, a
 * credential that verifies and carries a status reference (SD-JWT VC / JWT
 * "status.status_list", CWT claim 65535, mdoc MSO "status") has its status
 * established after every other check: WALLET_STATUS_VALID leaves it valid,
 * INVALID makes the result WALLET_ERR_REVOKED, SUSPENDED
 * WALLET_ERR_SUSPENDED, any other value WALLET_ERR_STATUS_OTHER. The status
 * list token must verify against the same trust set as the credential.
 *
 * Source of the status: the cache while the context is online (fetching
 * lists as needed); the snapshot when the context is offline, when no cache
 * is set, or when the fetch fails for lack of network. A snapshot answer
 * obeys `max_age` (seconds since the list was retrieved; 0: no limit, only
 * the token's own "exp"). When the status cannot be established the result
 * is WALLET_ERR_STATUS_UNAVAILABLE (offline and no snapshot of the list, or
 * the fetch failed) or WALLET_ERR_STATUS_STALE (data older than allowed) —
 * never a silent "valid". The policy does not own the cache or snapshot:
 * both must outlive its use. Pass NULL to stop using one.
 */
WALLET_EXPORT wallet_err wallet_policy_set_status_cache(wallet_ctx *ctx, wallet_policy *p,
                                                        wallet_status_cache *cache);
WALLET_EXPORT wallet_err wallet_policy_set_status_snapshot(wallet_ctx *ctx, wallet_policy *p,
                                                           const wallet_status_snapshot *snap,
                                                           int64_t max_age);
/* Require a status reference: a credential without one is
 * WALLET_ERR_STATUS_REFERENCE (default: not required). */
WALLET_EXPORT wallet_err wallet_policy_require_status(wallet_ctx *ctx, wallet_policy *p,
                                                      int required);

/*
 * Detect and verify. *out always receives a result (except for
 * WALLET_ERR_INVALID_ARG and WALLET_ERR_NOMEM, where it is NULL); the
 * return value equals wallet_result_error(*out). `policy` may be NULL for
 * the defaults. Input over WALLET_LIMIT_INPUT_BYTES is refused.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_verify(wallet_ctx *ctx, wallet_result **out,
                                                        const wallet_trust *trust,
                                                        const wallet_policy *policy,
                                                        const uint8_t *input, size_t input_len);

/* ---- mdoc (ISO/IEC 18013-5) policy ---------------------------------------- */

/*
 * The SessionTranscript of the exchange a DeviceResponse answers: the CBOR
 * array (see the wallet_mdoc_transcript_* functions of mdoc.h) or its
 * tag-24 SessionTranscriptBytes form; copied. Device authentication
 * (DeviceSignature / DeviceMac) is verified over it; a DeviceResponse
 * cannot be verified without it (WALLET_ERR_HOLDER_BINDING). NULL clears.
 * Something that is neither form is WALLET_ERR_MDOC_TRANSCRIPT.
 */
WALLET_EXPORT wallet_err wallet_policy_set_session_transcript(wallet_ctx *ctx, wallet_policy *p,
                                                              const uint8_t *transcript,
                                                              size_t len);
/* The reader's ephemeral private key, needed to verify DeviceMac (the
 * policy keeps a reference). NULL clears. A key without a private half is
 * WALLET_ERR_KEY_NOT_PRIVATE. */
WALLET_EXPORT wallet_err wallet_policy_set_reader_key(wallet_ctx *ctx, wallet_policy *p,
                                                      const wallet_key *reader_key);
/* The docType every mdoc document must have (WALLET_ERR_TYPE otherwise);
 * NULL clears. */
WALLET_EXPORT wallet_err wallet_policy_set_doctype(wallet_ctx *ctx, wallet_policy *p,
                                                   const char *doctype);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_VERIFY_H */
