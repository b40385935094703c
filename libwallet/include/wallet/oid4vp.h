/*
 * libwallet — OpenID for Verifiable Presentations 1.0, the wallet side:
 * receive an authorization request, check who sends it, show the holder
 * what is asked, match it against the store, and answer.
 *
 *     wallet_oid4vp_request *req;
 *     wallet_oid4vp_request_fetch(ctx, &req, "openid4vp://?client_id=...&request_uri=...",
 *                                 verifier_roots, 0);              fetch + verify (§5)
 *     ... show wallet_oid4vp_request_summary_json(): who, why, which claims,
 *         transaction data ...
 *     wallet_oid4vp_match *m;
 *     wallet_oid4vp_match_store(ctx, &m, req, store);             DCQL over the store (§6)
 *     wallet_oid4vp_response *resp;
 *     wallet_oid4vp_response_new(ctx, &resp, req, store, m);       vp_token (§8.1)
 *     wallet_oid4vp_response_send(ctx, &reply, resp, store);       POST + consent log (§8.2)
 *
 * ---- The request (§5) -----------------------------------------------------------
 *
 * An authorization request URI is any URI with a query (openid4vp://,
 * haip-vp://, https://...). Its parameters either carry the request by
 * value, or name it by reference: "request_uri" (and optionally
 * "request_uri_method" "get" or "post", §5.10), which is fetched with Accept
 * application/oauth-authz-req+jwt (a POST sends an empty form: no wallet
 * metadata). The request object is a JWT (RFC 9101): its header "typ", when
 * present, must be "oauth-authz-req+jwt"; its "client_id" must equal the
 * URI's; its "exp", when present, must not have passed (context clock and
 * skew); "request" and "request_uri" may not appear inside it.
 *
 * client_id prefixes (§5.9.3); the prefix decides how the request is
 * authenticated:
 *   x509_san_dns:<dns>   the request object is signed (ES256/384/512, EdDSA);
 *                        its header "x5c" chain verifies to a root in `trust`
 *                        (X.509 roots) at the context's time; the leaf's key
 *                        verifies the signature; <dns> equals one dNSName
 *                        SAN of the leaf (ASCII case-insensitive).
 *   x509_hash:<h>        the same signature and chain checks; <h> equals the
 *                        base64url SHA-256 of the leaf certificate's DER.
 *   redirect_uri:<uri>   the request is NOT signed (by value, or an unsigned
 *                        request object with "alg": "none"), and response_uri
 *                        must equal <uri>. Nothing authenticates the
 *                        verifier: show client_id as an unverified web origin.
 * Any other prefix (did:, decentralized_identifier:, verifier_attestation:,
 * openid_federation:, origin:) is WALLET_ERR_OID4VP_PREFIX, and a client_id
 * without a known prefix (a pre-registered client) is
 * WALLET_ERR_OID4VP_CLIENT_ID: this wallet has no pre-registrations.
 *
 * Parameters checked (each failure has its own code):
 *   response_type   "vp_token"                       WALLET_ERR_OID4VP_RESPONSE_TYPE
 *   response_mode   "direct_post" | "direct_post.jwt" WALLET_ERR_OID4VP_RESPONSE_MODE
 *   response_uri    required, https or loopback http WALLET_ERR_OID4VP_RESPONSE_URI
 *   nonce           required non-empty string         WALLET_ERR_OID4VP_NONCE
 *   dcql_query      required, a valid DCQL query (dcql.h; its errors); "scope"
 *                   and "presentation_definition" are WALLET_ERR_OID4VP_REQUEST
 *   state           optional string, echoed back
 *   client_metadata optional object; for direct_post.jwt its "jwks" must hold
 *                   an EC P-256/384/521 key for key agreement (no "use" or
 *                   "use": "enc"; "alg" absent or "ECDH-ES"), and
 *                   "encrypted_response_enc_values_supported" (default
 *                   ["A128GCM"]) must name A128GCM or A256GCM
 *                                                    WALLET_ERR_OID4VP_CLIENT_METADATA
 *   transaction_data optional non-empty array of base64url JSON objects with
 *                   string "type" and a non-empty "credential_ids" array
 *                   naming credential queries of the DCQL query; each id must
 *                   name a dc+sd-jwt query (no binding is defined for mdoc:
 *                   WALLET_ERR_OID4VP_TRANSACTION_DATA_TYPE); optional
 *                   "transaction_data_hashes_alg" array; at most 16 entries
 *                                                    WALLET_ERR_OID4VP_TRANSACTION_DATA
 * The request object, and the URI, are capped by WALLET_LIMIT_INPUT_BYTES
 * (WALLET_ERR_TOO_LARGE) and by WALLET_LIMIT_HTTP_BYTES when fetched.
 *
 * What the holder is shown (never judged by the library, only carried):
 * client_metadata "client_name" (and "client_name#vi", "client_name#en",
 * RFC 7591 §2.2 language tags), "logo_uri", and the request's "purpose"
 * string (a libwallet convention shared with wallet-verifier: OpenID4VP 1.0
 * has no purpose parameter). For x509 prefixes, the verified leaf
 * certificate's subject.
 *
 * ---- The response (§8) ----------------------------------------------------------
 *
 * vp_token is a JSON object keyed by credential query id, each value an
 * array of presentations (§8.1):
 *   dc+sd-jwt  SD-JWT+KB with only the Disclosures the DCQL match selected,
 *              KB-JWT "aud" = client_id, "nonce" = the request's, and when
 *              transaction data names the query, "transaction_data_hashes"
 *              (hash alg: the first of "transaction_data_hashes_alg" that
 *              is sha-256/384/512; default sha-256) (Appendix B.3.3);
 *   mso_mdoc   base64url DeviceResponse with DeviceSignature over the
 *              OpenID4VP handover SessionTranscript (Appendix B.2.6.1:
 *              client_id, nonce, the thumbprint of the verifier's encryption
 *              JWK for direct_post.jwt or null, response_uri).
 * direct_post sends vp_token (and state) form-encoded; direct_post.jwt sends
 * "response" = a JWE (ECDH-ES, enc the verifier's first supported of
 * A128GCM/A256GCM, kid echoed) whose plaintext is {"vp_token", "state"}
 * (§8.3). Holder keys come from the store (wallet_store_credential_key()).
 */
#ifndef WALLET_OID4VP_H
#define WALLET_OID4VP_H

#include "dcql.h"
#include "store.h"
#include "trust.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How the verifier is identified (§5.9.3). */
typedef enum wallet_oid4vp_prefix {
    WALLET_OID4VP_PREFIX_NONE = 0,
    WALLET_OID4VP_PREFIX_REDIRECT_URI = 1, /* unsigned; nothing authenticated */
    WALLET_OID4VP_PREFIX_X509_SAN_DNS = 2,
    WALLET_OID4VP_PREFIX_X509_HASH = 3
} wallet_oid4vp_prefix;

typedef enum wallet_oid4vp_mode {
    WALLET_OID4VP_MODE_NONE = 0,
    WALLET_OID4VP_DIRECT_POST = 1,
    WALLET_OID4VP_DIRECT_POST_JWT = 2
} wallet_oid4vp_mode;

typedef struct wallet_oid4vp_request wallet_oid4vp_request;

/*
 * Read an authorization request URI: parameters by value, or fetch the
 * request object named by "request_uri" (http.h rules: https, or http to
 * loopback; no redirects; size and time caps; offline mode refuses). The
 * request is then authenticated and validated as described above; on any
 * failure *out is NULL. `trust` holds the X.509 roots trusted for verifier
 * certificates (may be NULL: then only redirect_uri requests pass). flags: 0.
 * Network errors: WALLET_ERR_NETWORK, WALLET_ERR_HTTP_STATUS (not 200),
 * WALLET_ERR_OID4VP_CONTENT_TYPE, WALLET_ERR_INSECURE_URL, WALLET_ERR_OFFLINE.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_oid4vp_request_fetch(
    wallet_ctx *ctx, wallet_oid4vp_request **out, const char *uri, const wallet_trust *trust,
    unsigned flags);

/*
 * The same for a request object already at hand (the body the request_uri
 * returned): `client_id` is the client_id of the URI that named it (NULL
 * when unknown: then the object's own is used). Signature, prefix and
 * parameter checks as above.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_oid4vp_request_from_object(
    wallet_ctx *ctx, wallet_oid4vp_request **out, const char *client_id, const char *object,
    size_t object_len, const wallet_trust *trust, unsigned flags);

WALLET_EXPORT void wallet_oid4vp_request_free(wallet_oid4vp_request *req);

/* Accessors (owned by req; NULL when absent). */
WALLET_EXPORT const char *wallet_oid4vp_request_client_id(const wallet_oid4vp_request *req);
WALLET_EXPORT wallet_oid4vp_prefix wallet_oid4vp_request_prefix(const wallet_oid4vp_request *req);
/* The client identifier after the prefix (the DNS name, hash or URI). */
WALLET_EXPORT const char *wallet_oid4vp_request_client_value(const wallet_oid4vp_request *req);
/* client_name in `lang` ("vi", "en"; NULL: the untagged one), falling back
 * to the untagged name. */
WALLET_EXPORT const char *wallet_oid4vp_request_client_name(const wallet_oid4vp_request *req,
                                                            const char *lang);
/* The verified leaf certificate's subject ("CN=...,O=...") for x509 prefixes. */
WALLET_EXPORT const char *wallet_oid4vp_request_subject(const wallet_oid4vp_request *req);
WALLET_EXPORT const char *wallet_oid4vp_request_purpose(const wallet_oid4vp_request *req);
WALLET_EXPORT const char *wallet_oid4vp_request_nonce(const wallet_oid4vp_request *req);
WALLET_EXPORT const char *wallet_oid4vp_request_state(const wallet_oid4vp_request *req);
WALLET_EXPORT wallet_oid4vp_mode wallet_oid4vp_request_mode(const wallet_oid4vp_request *req);
WALLET_EXPORT const char *wallet_oid4vp_request_response_uri(const wallet_oid4vp_request *req);
/* The DCQL query: as compact JSON text, and parsed. */
WALLET_EXPORT const char *wallet_oid4vp_request_dcql_json(const wallet_oid4vp_request *req);
WALLET_EXPORT const wallet_dcql *wallet_oid4vp_request_dcql(const wallet_oid4vp_request *req);
/* Transaction data: the strings as received, and each decoded (JSON text). */
WALLET_EXPORT size_t wallet_oid4vp_request_transaction_data_count(
    const wallet_oid4vp_request *req);
WALLET_EXPORT const char *wallet_oid4vp_request_transaction_data(const wallet_oid4vp_request *req,
                                                                 size_t i);
WALLET_EXPORT const char *wallet_oid4vp_request_transaction_data_json(
    const wallet_oid4vp_request *req, size_t i);

/*
 * Everything to show the holder before consent, as one JSON object
 * (wallet_free()):
 *   {"client_id", "prefix": "x509_san_dns"|"x509_hash"|"redirect_uri",
 *    "verified": bool (false for redirect_uri), "subject"?, "client_name"?,
 *    "client_name_vi"?, "client_name_en"?, "logo_uri"?, "purpose"?,
 *    "response_mode", "response_uri",
 *    "credentials": [{"id", "format", "types": [...], "claims": [[path], ...]}],
 *    "transaction_data": [{decoded object}, ...]}
 */
WALLET_EXPORT wallet_err wallet_oid4vp_request_summary_json(wallet_ctx *ctx, char **out,
                                                            const wallet_oid4vp_request *req);

/* ---- matching against the store ----------------------------------------------- */

typedef struct wallet_oid4vp_match wallet_oid4vp_match;

/*
 * Evaluate the request's DCQL query over the valid credentials in `store`
 * that are inside their validity window at the context's time (one DCQL
 * implementation: wallet_dcql_match(), candidates built from
 * wallet_store_list()/wallet_store_show(); credentials linked to a holder
 * key count as holder-bound). Of the copies of one batch, an unused one is
 * preferred. Returns WALLET_OK when the evaluation ran; whether it is
 * satisfied is wallet_oid4vp_match_check().
 */
WALLET_EXPORT wallet_err wallet_oid4vp_match_store(wallet_ctx *ctx, wallet_oid4vp_match **out,
                                                   const wallet_oid4vp_request *req,
                                                   wallet_store *store);
WALLET_EXPORT void wallet_oid4vp_match_free(wallet_oid4vp_match *m);
/* WALLET_OK when satisfied, else WALLET_ERR_DCQL_UNSATISFIED (detail: ids). */
WALLET_EXPORT wallet_err wallet_oid4vp_match_check(wallet_ctx *ctx,
                                                   const wallet_oid4vp_match *m);
/* What would be presented, as JSON (wallet_free()):
 *   [{"query", "credential": store id, "format", "type", "display_name",
 *     "claims": ["path", ...]}, ...]  (empty when unsatisfied) */
WALLET_EXPORT wallet_err wallet_oid4vp_match_json(wallet_ctx *ctx, char **out,
                                                  const wallet_oid4vp_match *m);
/* The selection, one entry per credential to present (0 when
 * unsatisfied): the credential query id, the stored credential's id, its
 * format and display name, and the claims to disclose as CLI paths joined
 * with ',' ("given_name,address.locality"; mdoc "namespace/element"; ""
 * for none). Owned by m; NULL when n is out of range. */
WALLET_EXPORT size_t wallet_oid4vp_match_count(const wallet_oid4vp_match *m);
WALLET_EXPORT const char *wallet_oid4vp_match_query(const wallet_oid4vp_match *m, size_t n);
WALLET_EXPORT const char *wallet_oid4vp_match_credential(const wallet_oid4vp_match *m, size_t n);
WALLET_EXPORT const char *wallet_oid4vp_match_format(const wallet_oid4vp_match *m, size_t n);
WALLET_EXPORT const char *wallet_oid4vp_match_display_name(const wallet_oid4vp_match *m,
                                                           size_t n);
WALLET_EXPORT const char *wallet_oid4vp_match_claims(const wallet_oid4vp_match *m, size_t n);
/* The underlying DCQL result (owned by m). */
WALLET_EXPORT const wallet_dcql_result *wallet_oid4vp_match_result(const wallet_oid4vp_match *m);

/* ---- the response ---------------------------------------------------------------- */

typedef struct wallet_oid4vp_response wallet_oid4vp_response;

/*
 * Build the presentations of a satisfied match (WALLET_ERR_DCQL_UNSATISFIED
 * otherwise), the vp_token, and the form body to POST (encrypted for
 * direct_post.jwt). Signs with the holder keys of the store.
 */
WALLET_EXPORT wallet_err wallet_oid4vp_response_new(wallet_ctx *ctx,
                                                    wallet_oid4vp_response **out,
                                                    const wallet_oid4vp_request *req,
                                                    wallet_store *store,
                                                    const wallet_oid4vp_match *m);
WALLET_EXPORT void wallet_oid4vp_response_free(wallet_oid4vp_response *resp);
/* The vp_token JSON object text, and the application/x-www-form-urlencoded
 * body (owned by resp). */
WALLET_EXPORT const char *wallet_oid4vp_response_vp_token(const wallet_oid4vp_response *resp);
WALLET_EXPORT const char *wallet_oid4vp_response_body(const wallet_oid4vp_response *resp);

/*
 * POST the body to response_uri (§8.2). On HTTP 200 the presentation is
 * recorded in the store's consent log (verifier = client_id, purpose, which
 * claims of which stored credential, and SHA-256 over the JSON array of the
 * transaction data strings) and *reply (may be NULL; wallet_free()) gets the
 * verifier's reply: its JSON object re-serialised compactly ("{}" when the
 * body is empty or not a JSON object); it may hold "redirect_uri".
 * A 4xx is WALLET_ERR_OID4VP_REJECTED (nothing is logged), any other status
 * WALLET_ERR_HTTP_STATUS. A response is sent at most once
 * (WALLET_ERR_STATE on a second call).
 */
WALLET_EXPORT wallet_err wallet_oid4vp_response_send(wallet_ctx *ctx, char **reply,
                                                     wallet_oid4vp_response *resp,
                                                     wallet_store *store);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_OID4VP_H */
