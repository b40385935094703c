/*
 * libwallet — OpenID4VCI 1.0, the wallet side: receive credentials from an
 * issuer with the pre-authorized code flow.
 *
 *   offer (QR / link)  →  issuer metadata + authorization server metadata
 *   →  token request (pre-authorized code, tx_code)  →  nonce
 *   →  credential request with JWT proofs of the holder keys
 *   →  credentials, verified and stored in the wallet store.
 *
 * Specification: OpenID for Verifiable Credential Issuance 1.0 (§4.1
 * credential offer, §6 token endpoint, §7 nonce endpoint, §8 credential
 * endpoint, §12.2 issuer metadata, Appendix F.1 JWT proof), RFC 8414
 * (authorization server metadata), RFC 6749 §5.2 (error responses).
 * docs/oid4vci.md walks through the flow.
 *
 * Network: every request goes through libwallet's HTTP client — HTTPS
 * only (plain HTTP only to loopback), no redirects, the context's timeout
 * (WALLET_LIMIT_HTTP_TIMEOUT) and response cap (WALLET_LIMIT_HTTP_BYTES);
 * an offline context fails with WALLET_ERR_OFFLINE before any request.
 *
 * Three levels, each usable alone:
 *   - parsers (no network): wallet_vci_offer_parse(), wallet_vci_issuer_parse(),
 *     wallet_vci_credential_response_parse(), and wallet_vci_proof_jwt();
 *   - a session (wallet_vci_session_*) doing one protocol step per call, for
 *     apps that ask the user between steps or sign with their own keys;
 *   - wallet_vci_receive(): the whole flow into a wallet_store.
 *
 * Secrets: the pre-authorized code, the tx_code and the access token are
 * kept in wiped memory and never appear in error messages or accessors.
 *
 * Errors specific to this module (include/wallet/common.h, block x700):
 * WALLET_ERR_VCI_OFFER, WALLET_ERR_VCI_METADATA, WALLET_ERR_VCI_AS_METADATA,
 * WALLET_ERR_VCI_TOKEN_RESPONSE, WALLET_ERR_VCI_NONCE_RESPONSE,
 * WALLET_ERR_VCI_CREDENTIAL_RESPONSE, WALLET_ERR_VCI_TX_CODE,
 * WALLET_ERR_VCI_UNKNOWN_CONFIGURATION, WALLET_ERR_VCI_GRANT,
 * WALLET_ERR_VCI_INVALID_PROOF, WALLET_ERR_VCI_ISSUER_MISMATCH,
 * WALLET_ERR_VCI_GRANT_REJECTED, WALLET_ERR_VCI_NONCE_REJECTED,
 * WALLET_ERR_VCI_REQUEST_DENIED, WALLET_ERR_VCI_NO_PROOF_ALG,
 * WALLET_ERR_VCI_DEFERRED.
 */
#ifndef WALLET_OID4VCI_H
#define WALLET_OID4VCI_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- credential offer (§4.1) ------------------------------------------------------ */

typedef struct wallet_vci_offer wallet_vci_offer;

/* How the tx_code is to be typed (§4.1.1 "input_mode"). */
typedef enum wallet_vci_tx_mode {
    WALLET_VCI_TX_NONE = 0,    /* no tx_code required */
    WALLET_VCI_TX_NUMERIC = 1, /* digits only (the default when tx_code is given) */
    WALLET_VCI_TX_TEXT = 2     /* any characters */
} wallet_vci_tx_mode;

/*
 * Parse a credential offer without using the network. `offer` is one of
 *   - a URI whose query has exactly one of "credential_offer" (the offer
 *     object, percent-encoded: by value) or "credential_offer_uri" (by
 *     reference), e.g. "openid-credential-offer://?credential_offer=%7B...";
 *     any scheme is accepted (apps register their own), the query decides;
 *   - the offer JSON object itself.
 * A by-reference offer yields a handle whose wallet_vci_offer_uri() is the
 * URI to fetch (wallet_vci_offer_resolve() does it) and that has no issuer.
 *
 * Checked (§4.1.1): "credential_issuer" an https URL (http only to
 * loopback) without query or fragment; "credential_configuration_ids" a
 * non-empty array of distinct non-empty strings (at most 64); "grants" an
 * object when present; a pre-authorized_code grant with a non-empty
 * "pre-authorized_code", and its "tx_code" object ("input_mode" "numeric"
 * or "text", "length" 1..64, "description" at most 300 characters);
 * "authorization_server" a URL when present.
 *
 * Errors: WALLET_ERR_VCI_OFFER (the detail names the member or parameter),
 * WALLET_ERR_JSON, WALLET_ERR_JSON_DUPLICATE, WALLET_ERR_TOO_LARGE (over
 * WALLET_LIMIT_INPUT_BYTES), WALLET_ERR_INSECURE_URL (an issuer or offer
 * URI that is not https).
 */
WALLET_EXPORT wallet_err wallet_vci_offer_parse(wallet_ctx *ctx, wallet_vci_offer **out,
                                                const char *offer, size_t offer_len);

/*
 * As wallet_vci_offer_parse(), then, for an offer by reference, GET the
 * "credential_offer_uri" (Accept: application/json) and parse the object
 * it returns. The result always has an issuer.
 * Errors: those of the parse, WALLET_ERR_NETWORK, WALLET_ERR_OFFLINE,
 * WALLET_ERR_HTTP_STATUS (not 200), WALLET_ERR_TOO_LARGE.
 */
WALLET_EXPORT wallet_err wallet_vci_offer_resolve(wallet_ctx *ctx, wallet_vci_offer **out,
                                                  const char *offer, size_t offer_len);

/* The "credential_offer_uri" of an unresolved offer by reference, else NULL. */
WALLET_EXPORT const char *wallet_vci_offer_uri(const wallet_vci_offer *offer);
/* The credential issuer identifier (NULL while unresolved). */
WALLET_EXPORT const char *wallet_vci_offer_issuer(const wallet_vci_offer *offer);
/* The offered credential configuration ids. */
WALLET_EXPORT size_t wallet_vci_offer_config_count(const wallet_vci_offer *offer);
WALLET_EXPORT const char *wallet_vci_offer_config_id(const wallet_vci_offer *offer, size_t i);
/* 1 if the offer carries a pre-authorized code grant. */
WALLET_EXPORT int wallet_vci_offer_pre_authorized(const wallet_vci_offer *offer);
/* The tx_code the user must type: its mode (WALLET_VCI_TX_NONE when none
 * is required), its length (0 when not stated) and the issuer's description
 * for the user (NULL when none). Outputs may be NULL. */
WALLET_EXPORT wallet_vci_tx_mode wallet_vci_offer_tx_code(const wallet_vci_offer *offer,
                                                          int64_t *length,
                                                          const char **description);
/* NULL is a no-op. Wipes the pre-authorized code. */
WALLET_EXPORT void wallet_vci_offer_free(wallet_vci_offer *offer);

/* ---- issuer and authorization server metadata (§12.2, RFC 8414) ------------------- */

typedef struct wallet_vci_issuer wallet_vci_issuer;

/*
 * Parse Credential Issuer Metadata (§12.2.4) without using the network.
 * "credential_issuer" must equal `credential_issuer` exactly (§12.2.3:
 * else WALLET_ERR_VCI_ISSUER_MISMATCH). Checked: "credential_endpoint"
 * (required), "nonce_endpoint", "deferred_credential_endpoint",
 * "notification_endpoint" URLs acceptable to the HTTP client;
 * "authorization_servers" a non-empty array of URLs; "batch_credential_issuance"
 * {"batch_size" >= 2}; "credential_configurations_supported" a non-empty
 * object whose members each have a string "format" and, when present,
 * well-typed "cryptographic_binding_methods_supported",
 * "credential_signing_alg_values_supported" and "proof_types_supported"
 * (each proof type with a non-empty "proof_signing_alg_values_supported").
 * The token endpoint is not known until authorization server metadata is
 * added (wallet_vci_issuer_fetch() does).
 * Errors: WALLET_ERR_VCI_METADATA, WALLET_ERR_VCI_ISSUER_MISMATCH,
 * WALLET_ERR_JSON, WALLET_ERR_JSON_DUPLICATE, WALLET_ERR_INSECURE_URL,
 * WALLET_ERR_TOO_LARGE.
 */
WALLET_EXPORT wallet_err wallet_vci_issuer_parse(wallet_ctx *ctx, wallet_vci_issuer **out,
                                                 const char *credential_issuer,
                                                 const char *json, size_t json_len);

/*
 * Fetch and parse the issuer's metadata from
 * <host>/.well-known/openid-credential-issuer<path> (§12.2.2), then the
 * metadata of its authorization server — the first of
 * "authorization_servers", else the issuer itself — from
 * <host>/.well-known/oauth-authorization-server<path> (RFC 8414 §3), whose
 * "issuer" must equal the authorization server identifier (RFC 8414 §3.3:
 * WALLET_ERR_VCI_ISSUER_MISMATCH) and which must name a "token_endpoint"
 * (WALLET_ERR_VCI_AS_METADATA). When `as_hint` is not NULL (the offer
 * grant's "authorization_server") it must be one of "authorization_servers"
 * and is used instead.
 * Errors: those of wallet_vci_issuer_parse(), WALLET_ERR_VCI_AS_METADATA,
 * WALLET_ERR_NETWORK, WALLET_ERR_OFFLINE, WALLET_ERR_HTTP_STATUS.
 */
WALLET_EXPORT wallet_err wallet_vci_issuer_fetch(wallet_ctx *ctx, wallet_vci_issuer **out,
                                                 const char *credential_issuer,
                                                 const char *as_hint);

WALLET_EXPORT const char *wallet_vci_issuer_id(const wallet_vci_issuer *md);
WALLET_EXPORT const char *wallet_vci_issuer_credential_endpoint(const wallet_vci_issuer *md);
/* NULL when the issuer has no nonce endpoint (then proofs carry no nonce). */
WALLET_EXPORT const char *wallet_vci_issuer_nonce_endpoint(const wallet_vci_issuer *md);
/* NULL until authorization server metadata has been fetched. */
WALLET_EXPORT const char *wallet_vci_issuer_token_endpoint(const wallet_vci_issuer *md);
/* "batch_size" of "batch_credential_issuance", or 1 when absent. */
WALLET_EXPORT int64_t wallet_vci_issuer_batch_size(const wallet_vci_issuer *md);
/* The "format" of credential configuration `config_id`, or NULL if the
 * issuer does not have it. */
WALLET_EXPORT const char *wallet_vci_issuer_config_format(const wallet_vci_issuer *md,
                                                          const char *config_id);
/* The credential configuration object as JSON text (wallet_free()).
 * WALLET_ERR_VCI_UNKNOWN_CONFIGURATION when absent. */
WALLET_EXPORT wallet_err wallet_vci_issuer_config(wallet_ctx *ctx, char **json,
                                                  const wallet_vci_issuer *md,
                                                  const char *config_id);
/*
 * The JWT proof algorithm to use for `config_id`: the first of ES256,
 * ES384, ES512, EdDSA, ES256K that the configuration's
 * proof_types_supported.jwt.proof_signing_alg_values_supported lists (ES256
 * when the configuration states no proof types). WALLET_ERR_VCI_NO_PROOF_ALG
 * when it accepts proofs but no JWT proof libwallet can make;
 * WALLET_ERR_UNSUPPORTED when its JWT proofs need key attestations (Appendix D);
 * WALLET_ERR_VCI_UNKNOWN_CONFIGURATION for an unknown id.
 */
WALLET_EXPORT wallet_err wallet_vci_issuer_proof_alg(wallet_ctx *ctx, wallet_alg *alg,
                                                     const wallet_vci_issuer *md,
                                                     const char *config_id);
WALLET_EXPORT void wallet_vci_issuer_free(wallet_vci_issuer *md);

/* ---- proofs and responses ---------------------------------------------------------- */

/*
 * Make a JWT proof of possession of `holder_key` (Appendix F.1): header
 * {"alg", "typ": "openid4vci-proof+jwt", "jwk": public JWK of the key},
 * payload {"aud": `aud` (the credential issuer identifier), "iat": the
 * context's time, "nonce": `nonce` (omitted when NULL), "iss": `client_id`
 * (omitted when NULL — the pre-authorized flow is anonymous, §F.1)}.
 * The key signs with its own algorithm (an external signer works).
 * *out receives the compact JWS (wallet_free()).
 * Errors: WALLET_ERR_INVALID_ARG, WALLET_ERR_KEY_NOT_PRIVATE,
 * WALLET_ERR_SIGNER_FAILED.
 */
WALLET_EXPORT wallet_err wallet_vci_proof_jwt(wallet_ctx *ctx, char **out,
                                              const wallet_key *holder_key, const char *aud,
                                              const char *nonce, const char *client_id);

/*
 * Parse a successful Credential Response (§8.3): {"credentials":
 * [{"credential": ...}, ...], "notification_id"?}. Each credential must be
 * a non-empty string (dc+sd-jwt: the SD-JWT; mso_mdoc: base64url of the
 * IssuerSigned CBOR, §A.2.4) — object credentials are refused as
 * WALLET_ERR_VCI_CREDENTIAL_RESPONSE; a response with "transaction_id"
 * (deferred issuance) is WALLET_ERR_VCI_DEFERRED. At most 1024 credentials.
 * *creds receives a NULL-terminated array of `*count` strings, released
 * with wallet_vci_credentials_free().
 */
WALLET_EXPORT wallet_err wallet_vci_credential_response_parse(wallet_ctx *ctx, char ***creds,
                                                              size_t *count, const char *json,
                                                              size_t json_len);
/* Free what wallet_vci_credential_response_parse() or
 * wallet_vci_session_request() returned. NULL is a no-op. */
WALLET_EXPORT void wallet_vci_credentials_free(char **creds);

/* ---- one step at a time ------------------------------------------------------------ */

typedef struct wallet_vci_session wallet_vci_session;

/*
 * Start: resolve the offer (wallet_vci_offer_resolve()), require a
 * pre-authorized code grant (WALLET_ERR_VCI_GRANT: the authorization code
 * flow is not supported), fetch the metadata (wallet_vci_issuer_fetch()),
 * and check that the issuer has every offered configuration
 * (WALLET_ERR_VCI_UNKNOWN_CONFIGURATION). An issuer whose metadata requires
 * encrypted credential requests or responses (§12.2.4 "encryption_required")
 * is WALLET_ERR_UNSUPPORTED.
 */
WALLET_EXPORT wallet_err wallet_vci_session_new(wallet_ctx *ctx, wallet_vci_session **out,
                                                const char *offer, size_t offer_len);
WALLET_EXPORT const wallet_vci_offer *wallet_vci_session_offer(const wallet_vci_session *s);
WALLET_EXPORT const wallet_vci_issuer *wallet_vci_session_issuer(const wallet_vci_session *s);

/*
 * Redeem the pre-authorized code at the token endpoint (§6.1): a form POST
 * of grant_type urn:ietf:params:oauth:grant-type:pre-authorized_code, the
 * code and `tx_code`. `tx_code` must be given exactly when the offer asks
 * for one, and match its input mode and length (WALLET_ERR_VCI_TX_CODE,
 * checked before sending). The response must be {"access_token",
 * "token_type": "Bearer"} (case-insensitive; DPoP-bound tokens are
 * WALLET_ERR_UNSUPPORTED). An error answer (RFC 6749 §5.2) maps to
 * WALLET_ERR_VCI_GRANT_REJECTED ("invalid_grant": wrong tx_code, expired or
 * used code, locked offer) or WALLET_ERR_VCI_REQUEST_DENIED (others); any
 * other status is WALLET_ERR_HTTP_STATUS. A second call is WALLET_ERR_STATE.
 */
WALLET_EXPORT wallet_err wallet_vci_session_token(wallet_ctx *ctx, wallet_vci_session *s,
                                                  const char *tx_code);

/*
 * Get a fresh c_nonce from the nonce endpoint (§7: POST without body,
 * answer {"c_nonce": string}). *nonce receives it (wallet_free()); NULL
 * when the issuer has no nonce endpoint. Errors: WALLET_ERR_VCI_NONCE_RESPONSE,
 * WALLET_ERR_HTTP_STATUS, network errors.
 */
WALLET_EXPORT wallet_err wallet_vci_session_nonce(wallet_ctx *ctx, char **nonce,
                                                  wallet_vci_session *s);

/*
 * Request credentials of configuration `config_id` (§8.2), one per holder
 * key: gets a nonce, signs one JWT proof per key (wallet_vci_proof_jwt(),
 * sent as "proofs": {"jwt": [...]}), POSTs with the access token, and
 * parses the answer (wallet_vci_credential_response_parse()). When the
 * issuer answers "invalid_nonce" the request is repeated once with a new
 * nonce (§8.3.1.2). More keys than the issuer's batch size, or none, is
 * WALLET_ERR_INVALID_ARG; a count of credentials other than the number of
 * keys is WALLET_ERR_VCI_CREDENTIAL_RESPONSE. Error answers (§8.3.1.2):
 * "invalid_proof" → WALLET_ERR_VCI_INVALID_PROOF, "invalid_nonce" (again)
 * → WALLET_ERR_VCI_NONCE_REJECTED, the others (invalid_credential_request,
 * unknown_credential_configuration, credential_request_denied,
 * invalid_token, ...) → WALLET_ERR_VCI_REQUEST_DENIED. Before
 * wallet_vci_session_token() succeeded: WALLET_ERR_STATE.
 * *creds as wallet_vci_credential_response_parse(), in key order.
 */
WALLET_EXPORT wallet_err wallet_vci_session_request(wallet_ctx *ctx, char ***creds,
                                                    size_t *count, wallet_vci_session *s,
                                                    const char *config_id,
                                                    const wallet_key *const *holder_keys,
                                                    size_t key_count);

/* NULL is a no-op. Wipes the code and the access token. */
WALLET_EXPORT void wallet_vci_session_free(wallet_vci_session *s);

/* ---- the whole flow into a store --------------------------------------------------- */

/*
 * Receive every credential the offer names into `store`:
 * wallet_vci_session_new(), _token(tx_code), then for each offered
 * configuration, holder keys and a request:
 *   - key_ids == NULL: `key_count` new holder keys are generated in the
 *     store (wallet_store_key_generate(), with wallet_vci_issuer_proof_alg())
 *     — the number of copies per configuration, 0 meaning 1, at most the
 *     issuer's batch size (WALLET_ERR_INVALID_ARG beyond);
 *   - key_ids != NULL: the `key_count` stored holder keys named (external
 *     signers included), used for every configuration.
 * The credentials of each configuration are verified and stored with
 * wallet_store_add_batch() (`trust`, `policy` as there; a single credential
 * gets no batch) and linked to their holder keys. `trust` NULL trusts the
 * offer's credential issuer by its identifier (wallet_trust_add_issuer():
 * SD-JWT VC keys from its JWT VC Issuer Metadata over HTTPS) — the
 * credential is then as authentic as the issuer's HTTPS origin; an mdoc
 * needs its IACA in `trust`. *ids receives a JSON
 * array of the new credential identifiers, in offer then key order
 * (wallet_free()). Flags: WALLET_STORE_KEEP_INVALID.
 *
 * A failure before the first configuration is stored leaves the store as
 * it was (generated keys are removed again); a failure on a later
 * configuration keeps what was already stored and returns the error.
 * Errors: those of the steps, of wallet_store_add_batch() (e.g.
 * WALLET_ERR_SIGNATURE, WALLET_ERR_KEY_NOT_FOUND for an untrusted issuer),
 * WALLET_ERR_HOLDER_BINDING (a credential not bound to the key it was
 * requested for).
 */
WALLET_EXPORT wallet_err wallet_vci_receive(wallet_ctx *ctx, char **ids, wallet_store *store,
                                            const wallet_trust *trust,
                                            const wallet_policy *policy, const char *offer,
                                            const char *tx_code, const char *const *key_ids,
                                            size_t key_count, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_OID4VCI_H */
