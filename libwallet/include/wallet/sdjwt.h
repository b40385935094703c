/*
 * libwallet — Selective Disclosure JWT (RFC 9901) and SD-JWT VC
 * (draft-ietf-oauth-sd-jwt-vc): issue, hold, present with key binding,
 * verify.
 *
 * An SD-JWT is an issuer-signed JWT whose payload holds digests instead of
 * some claims, plus the Disclosures (salt, name, value) that reveal them:
 *
 *     <issuer-signed JWT>~<Disclosure 1>~...~<Disclosure N>~[<KB-JWT>]
 *
 * The holder keeps every Disclosure and presents only the ones a verifier
 * needs, optionally followed by a Key Binding JWT (KB-JWT) signed with the
 * holder key named in the credential's "cnf" claim, over the verifier's
 * audience and nonce and a hash of exactly what was presented. The JWS JSON
 * serialization (RFC 9901 §8, flattened and general) is read and written too.
 *
 * Three roles, three parts of this header:
 *
 *   issuer    wallet_sdjwt_issuer: claims + the paths to make selectively
 *             disclosable (+ decoys, cnf holder key, vct, status, validity)
 *             → an SD-JWT (compact, or JSON serialization).
 *   holder    wallet_sdjwt_parse(): the SD-JWT as received, with the list of
 *             disclosable claims and their paths; wallet_sdjwt_present():
 *             choose claims by path → SD-JWT or SD-JWT+KB. The holder key may
 *             be an external signer (key.h).
 *   verifier  wallet_sdjwt_verify() (or wallet_verify(), which detects the
 *             format "dc+sd-jwt"): every check of RFC 9901 §7 and SD-JWT VC,
 *             under a wallet_policy, giving a wallet_result with only the
 *             disclosed claims.
 *
 * Claim paths. A path names a claim in the payload as the holder sees it
 * (every Disclosure applied): components separated by '.', a component is a
 * member name when its parent is an object and a decimal index (from 0)
 * when its parent is an array: "given_name", "address.locality",
 * "nationalities.1", "age_equal_or_over.18". A literal '.' or '\' inside a
 * name is written "\." or "\\". Paths given to the issuer index arrays of
 * the claims as given; paths given to the holder index arrays as the holder
 * sees them (decoys and undisclosed elements are not counted).
 *
 * Threading: builders and parsed SD-JWTs are used by one thread at a time;
 * keys and trust sets may be shared (see ctx.h).
 */
#ifndef WALLET_SDJWT_H
#define WALLET_SDJWT_H

#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The format name of SD-JWT results (wallet_result_format()). */
#define WALLET_FORMAT_SDJWT "dc+sd-jwt"

/* Digest algorithm of the Disclosures ("_sd_alg", RFC 9901 §4.1.1) and of
 * the KB-JWT "sd_hash". */
typedef enum wallet_sdjwt_hash {
    WALLET_SDJWT_SHA256 = 1, /* "sha-256": the default, and what every verifier supports */
    WALLET_SDJWT_SHA384 = 2, /* "sha-384" */
    WALLET_SDJWT_SHA512 = 3  /* "sha-512" */
} wallet_sdjwt_hash;

/* Flags of wallet_sdjwt_issuer_issue() and wallet_sdjwt_present(). */
#define WALLET_SDJWT_JSON 0x1u    /* JWS JSON serialization (RFC 9901 §8): flattened,
                                     or general when the issuer has several signers */
#define WALLET_SDJWT_COMPACT 0x2u /* present: compact form even when the held SD-JWT
                                     is JSON-serialized (its first signature is used) */
#define WALLET_SDJWT_EXACT 0x4u   /* present: a path selects the Disclosure of that
                                     claim (and of its parents) only, not the
                                     Disclosures of the claims nested below it */

/* ---- Issuer ---------------------------------------------------------------
 *
 * Build one credential at a time:
 *
 *     wallet_sdjwt_issuer *b;
 *     wallet_sdjwt_issuer_new(ctx, &b, issuer_key);
 *     wallet_sdjwt_issuer_set_claims(ctx, b, claims_json, len);
 *     wallet_sdjwt_issuer_add_disclosable(ctx, b, "birthdate");
 *     wallet_sdjwt_issuer_add_disclosable(ctx, b, "address.locality");
 *     wallet_sdjwt_issuer_set_vct(ctx, b, "https://city.example/citizen");
 *     wallet_sdjwt_issuer_set_holder_key(ctx, b, holder_public_key);
 *     wallet_sdjwt_issuer_issue(ctx, &sd_jwt, b, 0);
 *
 * A disclosable object or array may hold disclosable members or elements
 * itself ("address" and "address.locality" both disclosable): its
 * Disclosure then carries digests ("recursive disclosures", RFC 9901
 * §4.2.6). Salts are 128 bits from OpenSSL's CSPRNG; digests in "_sd" are
 * sorted, so that their order reveals nothing about the claims' order.
 * The builder may be reused: every wallet_sdjwt_issuer_issue() makes fresh
 * salts and decoys.
 */
typedef struct wallet_sdjwt_issuer wallet_sdjwt_issuer;

/* A builder signing with `issuer_key` (private key or external signer; its
 * default algorithm is used, e.g. ES256 for P-256). Defaults: header "typ"
 * "dc+sd-jwt" and the key's kid (if any) as "kid"; "_sd_alg" sha-256; no
 * decoys; "iat" = the context's time at issuance. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_new(wallet_ctx *ctx, wallet_sdjwt_issuer **out,
                                                 const wallet_key *issuer_key);
WALLET_EXPORT void wallet_sdjwt_issuer_free(wallet_sdjwt_issuer *b);

/* The claims: a JSON object. It may not use the names "_sd", "..." or
 * "_sd_alg" (WALLET_ERR_INVALID_ARG). Replaces earlier claims and paths. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_claims(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                        const char *json, size_t len);

/* Make the claim at `path` selectively disclosable (after set_claims). A
 * path that names no claim is WALLET_ERR_NOT_FOUND. For an SD-JWT VC
 * ("typ" dc+sd-jwt or vc+sd-jwt) the top-level claims "iss", "nbf", "exp",
 * "cnf", "vct", "vct#integrity", "aka_vcts" and "status" must stay plain
 * (SD-JWT VC §2.2.2.3): naming one is WALLET_ERR_INVALID_ARG at issuance. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_add_disclosable(wallet_ctx *ctx,
                                                             wallet_sdjwt_issuer *b,
                                                             const char *path);

/* Make every claim selectively disclosable, recursively (object members and
 * array elements at every level), except the top-level claims "iss", "vct",
 * "iat", "nbf", "exp", "cnf", "status" (and the other SD-JWT VC claims
 * above). `on` 0 turns it off again. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_all_disclosable(wallet_ctx *ctx,
                                                                 wallet_sdjwt_issuer *b, int on);

/* Add `count` decoy digests (RFC 9901 §4.2.5: digests of random bytes) to
 * every "_sd" array and to every array that holds disclosable elements
 * (inserted at random positions). At most 64. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_decoys(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                        unsigned count);

/* "_sd_alg" (default sha-256). */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_hash(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                      wallet_sdjwt_hash hash);

/* "iss" (NULL removes a value set here). */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_issuer(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                        const char *iss);

/* "vct", the credential type (SD-JWT VC §2.2.2.1; required for dc+sd-jwt). */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_vct(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                     const char *vct);

/* Bind the credential to a holder key: "cnf": {"jwk": <public JWK>} (RFC
 * 7800 §3.2). Only the public half is used. NULL removes it. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_holder_key(wallet_ctx *ctx,
                                                            wallet_sdjwt_issuer *b,
                                                            const wallet_key *holder_key);

/* "status": {"status_list": {"idx": idx, "uri": uri}} (Token Status List).
 * uri NULL removes it; idx must be >= 0. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_status(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                        const char *uri, int64_t idx);

/* "iat", "nbf", "exp" in seconds since the epoch; 0 leaves a claim out
 * (also "iat", which otherwise defaults to the context's time). Values set
 * here replace the same claims in the claims object. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_validity(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                          int64_t iat, int64_t nbf, int64_t exp);

/* Header "typ" (default "dc+sd-jwt"; e.g. "vc+sd-jwt" for older verifiers,
 * or an application type such as "example+sd-jwt" for a plain SD-JWT).
 * NULL leaves "typ" out. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_typ(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                     const char *typ);

/* Header "kid" (default: the issuer key's kid). NULL leaves it out. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_kid(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                     const char *kid);

/* Header "x5c": the issuer's certificate chain, leaf first (the leaf must
 * certify the issuer key). count 0 removes it. The certificates are
 * referenced, not copied. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_x5c(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                     const wallet_cert *const *chain,
                                                     size_t count);

/* Further protected header members: a JSON object text, or NULL. It may not
 * set "alg", "typ", "kid" or "x5c" (use the setters above). */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_set_header_json(wallet_ctx *ctx,
                                                             wallet_sdjwt_issuer *b,
                                                             const char *json);

/* A further issuer signature (JWS General JSON serialization, RFC 9901
 * §8.2 / RFC 7515 §7.2.1): issuing with WALLET_SDJWT_JSON then signs with
 * the builder's key and with each added key (header "alg" and, when the
 * key has one, an unprotected "kid"). The compact form uses only the
 * builder's key. */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_add_signer(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                                        const wallet_key *key);

/* Issue: *out is the SD-JWT as text, compact ("...~") or, with
 * WALLET_SDJWT_JSON, the JWS JSON serialization with the Disclosures in the
 * unprotected header member "disclosures". Release with wallet_free(). */
WALLET_EXPORT wallet_err wallet_sdjwt_issuer_issue(wallet_ctx *ctx, char **out,
                                                   const wallet_sdjwt_issuer *b, unsigned flags);

/* ---- Holder ---------------------------------------------------------------- */

typedef struct wallet_sdjwt wallet_sdjwt;

/*
 * Parse an SD-JWT as issued (compact or JSON serialization). Checks the
 * structure and that every Disclosure is well-formed and referenced exactly
 * once (RFC 9901 §7.1 step 3-5), and lists the disclosable claims. An
 * SD-JWT+KB is refused (RFC 9901 §7.2: a holder receives SD-JWTs only),
 * WALLET_ERR_SDJWT_FORMAT. The issuer's signature is NOT checked here: call
 * wallet_sdjwt_verify() on the same text with the issuer's trust before
 * relying on the content.
 */
WALLET_EXPORT wallet_err wallet_sdjwt_parse(wallet_ctx *ctx, wallet_sdjwt **out, const char *text,
                                            size_t len);
WALLET_EXPORT void wallet_sdjwt_free(wallet_sdjwt *sd);

/* The claims with every held Disclosure applied ("_sd", "_sd_alg" and
 * decoys removed) as a JSON object text. Not verified (see above). Owned by
 * sd. */
WALLET_EXPORT const char *wallet_sdjwt_claims_json(const wallet_sdjwt *sd);

/* The disclosable claims, one per Disclosure, in the order they appear in
 * the SD-JWT: the claim's path (see "Claim paths") and its value as JSON
 * text, with the Disclosures nested in it applied. NULL for an index out of
 * range. Owned by sd. */
WALLET_EXPORT size_t wallet_sdjwt_disclosure_count(const wallet_sdjwt *sd);
WALLET_EXPORT const char *wallet_sdjwt_disclosure_path(const wallet_sdjwt *sd, size_t index);
WALLET_EXPORT const char *wallet_sdjwt_disclosure_value_json(const wallet_sdjwt *sd,
                                                             size_t index);

/*
 * Make a presentation. `paths` name the claims to disclose; each path
 * brings the Disclosures of the claim's parents (RFC 9901 §7.2 step 2) and
 * — unless WALLET_SDJWT_EXACT — of everything nested below it. A path that
 * names no claim is WALLET_ERR_NOT_FOUND. path_count 0 discloses nothing
 * selectively disclosable.
 *
 * With `holder_key` (the private half of the "cnf" key, or an external
 * signer), a KB-JWT is appended (RFC 9901 §4.3): header "typ" "kb+jwt" and
 * the key's default "alg"; claims "iat" (the context's time), "aud", "nonce"
 * (both required then) and "sd_hash" over the presented SD-JWT. Without a
 * holder key, aud and nonce must be NULL and the result is a plain SD-JWT.
 * A holder key that is not the credential's "cnf" key is
 * WALLET_ERR_HOLDER_BINDING.
 *
 * The output has the serialization of the held SD-JWT, unless flags ask for
 * WALLET_SDJWT_JSON or WALLET_SDJWT_COMPACT. Release with wallet_free().
 */
WALLET_EXPORT wallet_err wallet_sdjwt_present(wallet_ctx *ctx, char **out, const wallet_sdjwt *sd,
                                              const char *const *paths, size_t path_count,
                                              const wallet_key *holder_key, const char *aud,
                                              const char *nonce, unsigned flags);

/*
 * The same, for OpenID4VP transaction data (OpenID4VP 1.0 §B.3.3): the
 * KB-JWT also carries "transaction_data_hashes", the base64url digests of
 * each `transaction_data` string exactly as received in the request, and,
 * when `hash_alg` is not NULL, "transaction_data_hashes_alg" (one of
 * "sha-256", "sha-384", "sha-512"; NULL means sha-256, the default).
 * Needs a holder key and at least one transaction data string.
 */
WALLET_EXPORT wallet_err wallet_sdjwt_present_with_transaction_data(
    wallet_ctx *ctx, char **out, const wallet_sdjwt *sd, const char *const *paths,
    size_t path_count, const wallet_key *holder_key, const char *aud, const char *nonce,
    const char *const *transaction_data, size_t transaction_data_count, const char *hash_alg,
    unsigned flags);

/* ---- Verifier ---------------------------------------------------------------
 *
 * wallet_sdjwt_verify() checks, failing closed on the first problem:
 *   1. structure (compact or JSON serialization; at most
 *      WALLET_LIMIT_DISCLOSURES Disclosures; input under
 *      WALLET_LIMIT_INPUT_BYTES);
 *   2. header "typ" among the policy's accepted types (default "dc+sd-jwt"
 *      and the legacy "vc+sd-jwt"; wallet_policy_set_sdjwt_types());
 *   3. the issuer signature, with the policy's algorithms ("none" and HS*
 *      never): the key from the "x5c" chain to a trusted root, else — when
 *      "iss" is an issuer trusted by identifier (wallet_trust_add_issuer) —
 *      from its JWT VC Issuer Metadata, else from the trusted keys by "kid"
 *      (or every trusted key that fits the algorithm);
 *   4. "_sd_alg" sha-256, sha-384 or sha-512;
 *   5. every Disclosure: well-formed, its digest (over the Disclosure text
 *      exactly as received) found exactly once, of the right kind, not
 *      sent twice; no digest appearing twice; no "_sd"/"..." misuse; no
 *      claim overwritten; decoys ignored; nesting within
 *      WALLET_LIMIT_JSON_DEPTH;
 *   6. SD-JWT VC ("typ" dc+sd-jwt / vc+sd-jwt): a string "vct"; "iss",
 *      "nbf", "exp", "cnf", "vct", "status" not selectively disclosed;
 *   7. "exp", "nbf" and "iat" against the context's clock with
 *      WALLET_LIMIT_CLOCK_SKEW;
 *   8. key binding, when the policy requires it (also when it sets an
 *      audience, a nonce or transaction data) or when a KB-JWT is present:
 *      KB-JWT present, "typ" kb+jwt, signed by the "cnf" JWK, "sd_hash"
 *      over the presented SD-JWT exactly as received (for the JSON
 *      serialization: over its compact form, RFC 9901 §8.1), "aud" and
 *      "nonce" equal to the policy's, "iat" no older than the policy's KB
 *      age plus the clock skew and not in the future, and the expected
 *      "transaction_data_hashes".
 *   9. when the policy checks Token Status Lists (status.h), the status of
 *      the "status.status_list" reference, as wallet_verify() does.
 * The result holds the processed claims (only what was disclosed, plus the
 * plain claims), the issuer ("iss", or the x5c leaf's subject), the type
 * ("vct"), the validity, the status reference and the holder ("cnf") key.
 * *out always receives a result, except for WALLET_ERR_INVALID_ARG and
 * WALLET_ERR_NOMEM (NULL); the return value equals its error.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_sdjwt_verify(wallet_ctx *ctx,
                                                              wallet_result **out,
                                                              const wallet_trust *trust,
                                                              const wallet_policy *policy,
                                                              const char *input, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_SDJWT_H */
