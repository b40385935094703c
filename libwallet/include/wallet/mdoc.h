/*
 * libwallet — ISO/IEC 18013-5 mobile documents (mdoc, mDL): issue, present
 * and verify; SessionTranscripts for every handover; DeviceRequests and
 * reader authentication. The proximity session engine (device engagement,
 * session encryption) is in mdoc_session.h.
 *
 * The three roles and what they exchange (ISO/IEC 18013-5 §8.3, §9.1):
 *
 *   issuer   builds an IssuerSigned: the elements (IssuerSignedItems, each
 *            with a random salt and a digestID), and issuerAuth, a COSE_Sign1
 *            over the Mobile Security Object (MSO) holding a digest of every
 *            element, the holder's device key, the docType and the validity.
 *   holder   keeps the IssuerSigned and answers a request with a
 *            DeviceResponse: the chosen elements (the others stay hidden, their
 *            digests meaningless without the salt) and DeviceSigned, a
 *            signature (DeviceSignature) or MAC (DeviceMac) with the device key
 *            over DeviceAuthentication, which binds the SessionTranscript of
 *            this one exchange.
 *   verifier checks issuerAuth through its x5chain to a trusted IACA root,
 *            every disclosed element's digest, docType and validity, and
 *            device authentication over the SessionTranscript it expects.
 *
 * Bytes that are hashed or signed are always the bytes received: element
 * digests are computed over IssuerSignedItemBytes exactly as they arrived
 * (tag 24, byte-string head and content), COSE structures are verified over
 * the protected header as received. Nothing is re-encoded, so encodings with
 * non-preferred lengths (which some issuers emit) verify as they should.
 *
 * All CBOR handed to or returned by these functions is plain CBOR bytes;
 * hex, base64url and "mdoc:" text forms are the caller's business (the
 * `wallet` command and wallet_verify() accept them).
 *
 * Elements are given and reported as JSON: {"namespace": {"element": value}}.
 * When issuing, {"$date": "YYYY-MM-DD"} becomes a full-date (tag 1004),
 * {"$tdate": "RFC 3339 date-time"} a tdate (tag 0, normalised to UTC with
 * whole seconds) and {"$bytes": "base64url"} a byte string; every other JSON
 * value maps to CBOR as usual (integers within ±2^53 as integers, other
 * numbers as floats, objects as maps with text keys). Verified elements come
 * back the same way except that full-dates and tdates are plain strings and
 * byte strings are base64url strings.
 */
#ifndef WALLET_MDOC_H
#define WALLET_MDOC_H

#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The mDL document type and namespace of ISO/IEC 18013-5 §7.2. */
#define WALLET_MDOC_MDL_DOCTYPE "org.iso.18013.5.1.mDL"
#define WALLET_MDOC_MDL_NAMESPACE "org.iso.18013.5.1"

/* One element of a namespace: what a holder discloses or a reader asks for.
 * intent_to_retain is used in requests only (ISO/IEC 18013-5 §8.3.2.1.2.1). */
typedef struct wallet_mdoc_item {
    const char *name_space;
    const char *element;
    int intent_to_retain;
} wallet_mdoc_item;

/* ==== Issuing ============================================================ */

/* MSO digest algorithms (ISO/IEC 18013-5 §9.1.2.5). */
typedef enum wallet_mdoc_digest {
    WALLET_MDOC_SHA256 = 1,
    WALLET_MDOC_SHA384 = 2,
    WALLET_MDOC_SHA512 = 3
} wallet_mdoc_digest;

typedef struct wallet_mdoc_issuer wallet_mdoc_issuer;

/* Start an IssuerSigned for `doctype` (e.g. WALLET_MDOC_MDL_DOCTYPE).
 * Defaults: SHA-256; signed and validFrom = the context's now, validUntil
 * one year later, no expectedUpdate, no status. */
WALLET_EXPORT wallet_err wallet_mdoc_issuer_new(wallet_ctx *ctx, wallet_mdoc_issuer **out,
                                                const char *doctype);
WALLET_EXPORT void wallet_mdoc_issuer_free(wallet_mdoc_issuer *b);

WALLET_EXPORT wallet_err wallet_mdoc_issuer_set_digest(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                                       wallet_mdoc_digest digest);

/* validityInfo (§9.1.2.4), seconds since the epoch: `signed_at` and
 * `valid_from` 0 mean the context's time at signing; `valid_until` must be
 * after valid_from; `expected_update` 0 leaves it out. signed_at may not be
 * after valid_from. WALLET_ERR_INVALID_ARG otherwise. */
WALLET_EXPORT wallet_err wallet_mdoc_issuer_set_validity(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                                         int64_t signed_at, int64_t valid_from,
                                                         int64_t valid_until,
                                                         int64_t expected_update);

/* Reference a Token Status List entry: MSO "status": {"status_list": {"idx":
 * idx, "uri": uri}} (draft-ietf-oauth-status-list, mdoc referenced token).
 * NULL uri removes it. */
WALLET_EXPORT wallet_err wallet_mdoc_issuer_set_status(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                                       const char *uri, uint64_t idx);

/* Add the elements of a claims JSON object {"namespace": {"element": value}}
 * (the $date / $tdate / $bytes conventions above). An element given twice
 * (in one call or across calls) is WALLET_ERR_MDOC_CLAIMS, as is a malformed
 * $-object; JSON errors are WALLET_ERR_JSON*. */
WALLET_EXPORT wallet_err wallet_mdoc_issuer_add_claims_json(wallet_ctx *ctx,
                                                            wallet_mdoc_issuer *b,
                                                            const char *json, size_t len);

/* Add one element whose value is already CBOR (one well-formed item). */
WALLET_EXPORT wallet_err wallet_mdoc_issuer_add_element(wallet_ctx *ctx, wallet_mdoc_issuer *b,
                                                        const char *name_space,
                                                        const char *element,
                                                        const uint8_t *cbor, size_t cbor_len);

/*
 * Sign: the IssuerSigned CBOR ({"nameSpaces": ..., "issuerAuth": COSE_Sign1})
 * into *out (wallet_free()). Every element gets a fresh 32-byte random salt
 * and a random digestID (unique within its namespace, not sequential); the
 * MSO (version "1.0") carries the digests, `device_key`'s public half as
 * deviceKeyInfo.deviceKey (COSE_Key), the docType, validityInfo and the
 * optional status; issuerAuth signs the tag-24-wrapped MSO with
 * `issuer_key` (`alg` WALLET_ALG_NONE: the key's default; an external
 * signer is fine) and carries `x5chain` (document signer certificate
 * first, then any intermediates; at least one) in its unprotected header
 * as ISO/IEC 18013-5 §9.1.2.4 requires. The DS certificate's public key
 * must be issuer_key's (WALLET_ERR_INVALID_ARG otherwise). No element at
 * all is WALLET_ERR_INVALID_ARG.
 */
WALLET_EXPORT wallet_err wallet_mdoc_issuer_sign(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                 const wallet_mdoc_issuer *b,
                                                 const wallet_key *device_key,
                                                 const wallet_key *issuer_key, wallet_alg alg,
                                                 const wallet_cert *const *x5chain,
                                                 size_t x5chain_len);

/* ==== The holder's credential ============================================ */

/*
 * An IssuerSigned as the holder keeps it, parsed for structure only: NOTHING
 * IS VERIFIED (use wallet_mdoc_verify_issuer_signed() for that). This is
 * for the holder, to see what a credential offers before presenting it.
 */
typedef struct wallet_mdoc_credential wallet_mdoc_credential;

/* The input is copied. */
WALLET_EXPORT wallet_err wallet_mdoc_credential_parse(wallet_ctx *ctx,
                                                      wallet_mdoc_credential **out,
                                                      const uint8_t *cbor, size_t cbor_len);
WALLET_EXPORT void wallet_mdoc_credential_free(wallet_mdoc_credential *c);
/* The MSO's docType (owned by c). */
WALLET_EXPORT const char *wallet_mdoc_credential_doctype(const wallet_mdoc_credential *c);
/* The elements it holds: count, and element i (pointers owned by c). */
WALLET_EXPORT size_t wallet_mdoc_credential_count(const wallet_mdoc_credential *c);
WALLET_EXPORT int wallet_mdoc_credential_item(const wallet_mdoc_credential *c, size_t i,
                                              wallet_mdoc_item *item);
/* The MSO's device key (public; owned by c). */
WALLET_EXPORT const wallet_key *wallet_mdoc_credential_device_key(const wallet_mdoc_credential *c);

/* ==== Presenting: DeviceResponse ========================================= */

typedef struct wallet_mdoc_response wallet_mdoc_response;

/*
 * Start a DeviceResponse for one exchange. `session_transcript` is the
 * SessionTranscript CBOR array (see the wallet_mdoc_transcript_* functions)
 * or the tag-24 SessionTranscriptBytes; it is copied.
 */
WALLET_EXPORT wallet_err wallet_mdoc_response_new(wallet_ctx *ctx, wallet_mdoc_response **out,
                                                  const uint8_t *session_transcript,
                                                  size_t transcript_len);
WALLET_EXPORT void wallet_mdoc_response_free(wallet_mdoc_response *r);

/*
 * Add a Document from the holder's IssuerSigned, disclosing `items`
 * (intent_to_retain ignored; NULL/0 discloses every element). A requested
 * element the credential does not hold is listed in the Document's
 * "errors" with ErrorCode 0 (data not returned, §8.3.2.1.2.3) instead.
 * Device authentication (§9.1.3) over DeviceAuthentication:
 *   reader_key == NULL  DeviceSignature: COSE_Sign1 (detached payload) with
 *                       `device_key` (private or external signer) and `alg`
 *                       (WALLET_ALG_NONE: the key's default);
 *   reader_key != NULL  DeviceMac: HMAC-SHA256 COSE_Mac0 (alg 5) keyed with
 *                       EMacKey = HKDF-SHA256(ECDH(device_key, reader_key),
 *                       salt = SHA-256(SessionTranscriptBytes), "EMacKey")
 *                       — reader_key is the reader's ephemeral public key,
 *                       device_key must be a private EC key on its curve.
 * device_key must be the key certified in the MSO
 * (WALLET_ERR_HOLDER_BINDING otherwise).
 */
WALLET_EXPORT wallet_err wallet_mdoc_response_add(wallet_ctx *ctx, wallet_mdoc_response *r,
                                                  const uint8_t *issuer_signed,
                                                  size_t issuer_signed_len,
                                                  const wallet_mdoc_item *items, size_t n_items,
                                                  const wallet_key *device_key, wallet_alg alg,
                                                  const wallet_key *reader_key);

/* Report a requested docType the holder cannot return: "documentErrors"
 * {docType: code} (code 0: data not returned). */
WALLET_EXPORT wallet_err wallet_mdoc_response_add_document_error(wallet_ctx *ctx,
                                                                 wallet_mdoc_response *r,
                                                                 const char *doctype,
                                                                 int64_t code);

/* Encode: {"version": "1.0", "documents": [...], "documentErrors": [...],
 * "status": 0} (empty arrays left out). */
WALLET_EXPORT wallet_err wallet_mdoc_response_encode(wallet_ctx *ctx, uint8_t **out,
                                                     size_t *out_len,
                                                     const wallet_mdoc_response *r);

/* ==== Verifying ========================================================== */

/*
 * The outcome of verifying a DeviceResponse (or an IssuerSigned on its own).
 * It exists only when every check of every document passed: there is no
 * partially valid response.
 */
typedef struct wallet_mdoc_verified wallet_mdoc_verified;

/* How a document's holder was authenticated. */
typedef enum wallet_mdoc_device_auth {
    WALLET_MDOC_DEVICE_AUTH_NONE = 0,      /* IssuerSigned alone: not checked */
    WALLET_MDOC_DEVICE_AUTH_SIGNATURE = 1, /* DeviceSignature verified */
    WALLET_MDOC_DEVICE_AUTH_MAC = 2        /* DeviceMac verified */
} wallet_mdoc_device_auth;

/*
 * Verify a DeviceResponse (ISO/IEC 18013-5 §9.3). Policy (wallet_policy,
 * may be NULL for the defaults):
 *   - algorithms: wallet_policy_set_algs() (issuerAuth and DeviceSignature);
 *   - the SessionTranscript of this exchange:
 *     wallet_policy_set_session_transcript() — required, since every
 *     document's device authentication binds it (WALLET_ERR_HOLDER_BINDING
 *     when absent);
 *   - for DeviceMac: the reader's ephemeral private key,
 *     wallet_policy_set_reader_key() (WALLET_ERR_HOLDER_BINDING when absent);
 *   - an expected docType: wallet_policy_set_doctype() (WALLET_ERR_TYPE).
 * Checks, per document, in this order, reporting the first failure:
 *   issuerAuth structure; x5chain to a root or directly trusted signer
 *   certificate of `trust` at the context's time (WALLET_ERR_CERT_CHAIN,
 *   WALLET_ERR_CERT_EXPIRED) with the Annex B checks on the document signer
 *   (keyUsage digitalSignature and EKU 1.0.18013.5.1.2 when the extensions
 *   are present: WALLET_ERR_KEY_USAGE); the issuerAuth signature
 *   (WALLET_ERR_SIGNATURE, WALLET_ERR_ALG_*); the MSO (WALLET_ERR_MDOC_*,
 *   version "1.0"); docType of MSO = Document = policy (WALLET_ERR_TYPE);
 *   "signed" within the DS certificate's validity
 *   (WALLET_ERR_MDOC_SIGNED_OUTSIDE_CERT); validFrom/validUntil against the
 *   context's clock with WALLET_LIMIT_CLOCK_SKEW (WALLET_ERR_NOT_YET_VALID,
 *   WALLET_ERR_EXPIRED); every disclosed element's digest
 *   (WALLET_ERR_MDOC_NOT_IN_MSO, WALLET_ERR_DIGEST; an element or digestID
 *   twice is WALLET_ERR_MDOC_FORMAT); an mDL issuing_country equal to the
 *   document signer certificate's countryName (WALLET_ERR_MDOC_ISSUING_COUNTRY);
 *   device authentication
 *   (WALLET_ERR_MDOC_DEVICE_SIGNATURE, WALLET_ERR_MAC) and keyAuthorizations
 *   for device-signed elements (WALLET_ERR_MDOC_KEY_AUTHORIZATION).
 * A response whose status is not 0 is WALLET_ERR_MDOC_RESPONSE_STATUS; one
 * without any document WALLET_ERR_MDOC_NO_DOCUMENT. Malformed input is
 * WALLET_ERR_CBOR* / WALLET_ERR_MDOC_FORMAT / WALLET_ERR_TOO_*. On failure
 * *out is NULL and the detail names the document and the check.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_mdoc_verify(wallet_ctx *ctx,
                                                             wallet_mdoc_verified **out,
                                                             const wallet_trust *trust,
                                                             const wallet_policy *policy,
                                                             const uint8_t *cbor,
                                                             size_t cbor_len);

/*
 * Verify an IssuerSigned on its own (issuer data authentication only, e.g.
 * when a credential is added to the holder's store): the same checks except
 * device authentication, which needs a presentation. The result has one
 * document with WALLET_MDOC_DEVICE_AUTH_NONE. An expected docType is taken
 * from the policy when set.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_mdoc_verify_issuer_signed(
    wallet_ctx *ctx, wallet_mdoc_verified **out, const wallet_trust *trust,
    const wallet_policy *policy, const uint8_t *cbor, size_t cbor_len);

WALLET_EXPORT void wallet_mdoc_verified_free(wallet_mdoc_verified *v);

/* The DeviceResponse status (0 for an IssuerSigned). */
WALLET_EXPORT uint64_t wallet_mdoc_verified_status(const wallet_mdoc_verified *v);
/* "documentErrors" as a JSON object {docType: code} ("{}" when none). */
WALLET_EXPORT const char *wallet_mdoc_verified_document_errors(const wallet_mdoc_verified *v);
/* Number of verified documents. */
WALLET_EXPORT size_t wallet_mdoc_verified_count(const wallet_mdoc_verified *v);

/* Document i (NULL / 0 / -1 when i is out of range). Strings and keys are
 * owned by v. */
WALLET_EXPORT const char *wallet_mdoc_verified_doctype(const wallet_mdoc_verified *v, size_t i);
/* The document signer certificate's subject (RFC 4514). */
WALLET_EXPORT const char *wallet_mdoc_verified_issuer(const wallet_mdoc_verified *v, size_t i);
/* The verified issuer-signed elements: {"namespace": {"element": value}}. */
WALLET_EXPORT const char *wallet_mdoc_verified_claims(const wallet_mdoc_verified *v, size_t i);
/* Device-signed elements (authenticated by the device key, not the
 * issuer), same shape; "{}" when none. */
WALLET_EXPORT const char *wallet_mdoc_verified_device_claims(const wallet_mdoc_verified *v,
                                                             size_t i);
/* The Document's "errors" (elements not returned): {"ns": {"elem": code}}. */
WALLET_EXPORT const char *wallet_mdoc_verified_errors(const wallet_mdoc_verified *v, size_t i);
/* validityInfo, seconds since the epoch (expected_update 0 when absent). */
WALLET_EXPORT int64_t wallet_mdoc_verified_signed(const wallet_mdoc_verified *v, size_t i);
WALLET_EXPORT int64_t wallet_mdoc_verified_valid_from(const wallet_mdoc_verified *v, size_t i);
WALLET_EXPORT int64_t wallet_mdoc_verified_valid_until(const wallet_mdoc_verified *v, size_t i);
WALLET_EXPORT int64_t wallet_mdoc_verified_expected_update(const wallet_mdoc_verified *v,
                                                           size_t i);
/* The MSO's Token Status List reference: URI (NULL) and index (-1) when none. */
WALLET_EXPORT const char *wallet_mdoc_verified_status_uri(const wallet_mdoc_verified *v,
                                                          size_t i);
WALLET_EXPORT int64_t wallet_mdoc_verified_status_index(const wallet_mdoc_verified *v, size_t i);
WALLET_EXPORT wallet_mdoc_device_auth wallet_mdoc_verified_device_auth(
    const wallet_mdoc_verified *v, size_t i);
/* The MSO's device key. */
WALLET_EXPORT const wallet_key *wallet_mdoc_verified_device_key(const wallet_mdoc_verified *v,
                                                                size_t i);

/* ==== SessionTranscripts: one function per handover ======================
 *
 * SessionTranscript = [DeviceEngagementBytes, EReaderKeyBytes, Handover]
 * (ISO/IEC 18013-5 §9.1.5.1). Each function writes the CBOR array (release
 * with wallet_free()); wallet_mdoc_response_new(),
 * wallet_policy_set_session_transcript() and `wallet --session-transcript`
 * take it (or its tag-24 SessionTranscriptBytes form). docs/mdoc.md has the
 * table of which variant a deployment uses when.
 */

/* Proximity (QR or NFC device engagement, §9.1.5.1): DeviceEngagement and
 * EReaderKey (a COSE_Key) are given as their CBOR bytes exactly as sent or
 * received; each is wrapped in tag 24 here. `handover` is the Handover CBOR:
 * NULL/0 for QR (null), or the NFC handover from wallet_mdoc_handover_nfc(). */
WALLET_EXPORT wallet_err wallet_mdoc_transcript_proximity(
    wallet_ctx *ctx, uint8_t **out, size_t *out_len, const uint8_t *device_engagement,
    size_t device_engagement_len, const uint8_t *e_reader_key, size_t e_reader_key_len,
    const uint8_t *handover, size_t handover_len);

/* NFC static or negotiated handover (§9.1.5.1): [HandoverSelect message,
 * HandoverRequest message or null], the NDEF messages' bytes. */
WALLET_EXPORT wallet_err wallet_mdoc_handover_nfc(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                  const uint8_t *handover_select,
                                                  size_t select_len,
                                                  const uint8_t *handover_request,
                                                  size_t request_len);

/* OpenID4VP 1.0 (Appendix B.2.6.1, redirects and direct_post):
 * [null, null, ["OpenID4VPHandover", SHA-256(cbor([client_id, nonce,
 * jwk_thumbprint or null, response_uri]))]]. `jwk_thumbprint` is the
 * RFC 7638 SHA-256 thumbprint (32 bytes) of the verifier's encryption JWK
 * when the response is encrypted (direct_post.jwt), else NULL.
 * `response_uri` is the response_uri, or the redirect_uri when the
 * response goes by redirect. */
WALLET_EXPORT wallet_err wallet_mdoc_transcript_oid4vp(wallet_ctx *ctx, uint8_t **out,
                                                       size_t *out_len, const char *client_id,
                                                       const char *nonce,
                                                       const uint8_t *jwk_thumbprint,
                                                       const char *response_uri);

/* OpenID4VP 1.0 over the W3C Digital Credentials API (Appendix B.2.6.2):
 * [null, null, ["OpenID4VPDCAPIHandover", SHA-256(cbor([origin, nonce,
 * jwk_thumbprint or null]))]]. */
WALLET_EXPORT wallet_err wallet_mdoc_transcript_oid4vp_dc_api(wallet_ctx *ctx, uint8_t **out,
                                                              size_t *out_len,
                                                              const char *origin,
                                                              const char *nonce,
                                                              const uint8_t *jwk_thumbprint);

/* The pre-1.0 DC API form (OpenID4VP drafts 23-24, still sent by deployed
 * wallets such as Google's): ["OpenID4VPDCAPIHandover",
 * SHA-256(cbor([origin, client_id, nonce]))]. */
WALLET_EXPORT wallet_err wallet_mdoc_transcript_oid4vp_dc_api_draft24(
    wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *origin, const char *client_id,
    const char *nonce);

/* ISO/IEC TS 18013-7 Annex C (org-iso-mdoc over the DC API, HPKE):
 * [null, null, ["dcapi", SHA-256(cbor([encryption_info, origin]))]] where
 * `encryption_info` is the base64url text of the request's EncryptionInfo
 * exactly as sent. */
WALLET_EXPORT wallet_err wallet_mdoc_transcript_annex_c(wallet_ctx *ctx, uint8_t **out,
                                                        size_t *out_len,
                                                        const char *encryption_info,
                                                        const char *origin);

/* The legacy OpenID4VP draft 18 / ISO/IEC TS 18013-7:2024 Annex B form,
 * still sent by deployed wallets: [null, null, [SHA-256(cbor([client_id,
 * mdoc_nonce])), SHA-256(cbor([response_uri, mdoc_nonce])), nonce]], where
 * mdoc_nonce is the wallet's "mdoc generated nonce" (the JWE apu). */
WALLET_EXPORT wallet_err wallet_mdoc_transcript_oid4vp_draft18(
    wallet_ctx *ctx, uint8_t **out, size_t *out_len, const char *client_id,
    const char *response_uri, const char *mdoc_nonce, const char *nonce);

/* ==== Requests and reader authentication ================================= */

/* A DeviceRequest (§8.3.2.1.2.1), built by a reader or parsed by a holder. */
typedef struct wallet_mdoc_request wallet_mdoc_request;

WALLET_EXPORT wallet_err wallet_mdoc_request_new(wallet_ctx *ctx, wallet_mdoc_request **out);
WALLET_EXPORT void wallet_mdoc_request_free(wallet_mdoc_request *req);

/*
 * Ask for `items` of a `doctype`. With `reader_key` (private or external
 * signer) the DocRequest carries readerAuth: a COSE_Sign1 (detached) over
 * ReaderAuthenticationBytes = #6.24(["ReaderAuthentication",
 * SessionTranscript, ItemsRequestBytes]) with the reader certificate chain
 * `reader_x5chain` (leaf first, at least one) in its unprotected x5chain;
 * then `session_transcript` is required. reader_key NULL: no readerAuth.
 */
WALLET_EXPORT wallet_err wallet_mdoc_request_add(wallet_ctx *ctx, wallet_mdoc_request *req,
                                                 const char *doctype,
                                                 const wallet_mdoc_item *items, size_t n_items,
                                                 const wallet_key *reader_key,
                                                 const wallet_cert *const *reader_x5chain,
                                                 size_t x5chain_len,
                                                 const uint8_t *session_transcript,
                                                 size_t transcript_len);

/* {"version": "1.0", "docRequests": [...]}. */
WALLET_EXPORT wallet_err wallet_mdoc_request_encode(wallet_ctx *ctx, uint8_t **out,
                                                    size_t *out_len,
                                                    const wallet_mdoc_request *req);

/* Parse a received DeviceRequest (copied). Structure only: readerAuth is
 * checked by wallet_mdoc_request_verify_reader_auth(). */
WALLET_EXPORT wallet_err wallet_mdoc_request_parse(wallet_ctx *ctx, wallet_mdoc_request **out,
                                                   const uint8_t *cbor, size_t cbor_len);

/* DocRequests: count, docType of request i, its items (pointers owned by
 * req; 0 when out of range). */
WALLET_EXPORT size_t wallet_mdoc_request_count(const wallet_mdoc_request *req);
WALLET_EXPORT const char *wallet_mdoc_request_doctype(const wallet_mdoc_request *req, size_t i);
WALLET_EXPORT size_t wallet_mdoc_request_item_count(const wallet_mdoc_request *req, size_t i);
WALLET_EXPORT int wallet_mdoc_request_item(const wallet_mdoc_request *req, size_t i, size_t j,
                                           wallet_mdoc_item *item);
/* 1 if DocRequest i carries readerAuth. */
WALLET_EXPORT int wallet_mdoc_request_has_reader_auth(const wallet_mdoc_request *req, size_t i);

/*
 * Verify DocRequest i's readerAuth over this exchange's SessionTranscript:
 * the reader certificate chains to a root or directly trusted certificate
 * of `trust` at the context's time (keyUsage digitalSignature and EKU
 * 1.0.18013.5.1.6 when present: WALLET_ERR_KEY_USAGE), and the signature
 * verifies (WALLET_ERR_MDOC_READER_AUTH). On success *reader_subject (may be
 * NULL) receives the reader certificate's subject (wallet_free()). No
 * readerAuth is WALLET_ERR_NOT_FOUND.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_mdoc_request_verify_reader_auth(
    wallet_ctx *ctx, char **reader_subject, const wallet_mdoc_request *req, size_t i,
    const wallet_trust *trust, wallet_algset algs, const uint8_t *session_transcript,
    size_t transcript_len);

/* Add a Document answering DocRequest i: its items (those the credential
 * lacks become "errors"), otherwise like wallet_mdoc_response_add(). */
WALLET_EXPORT wallet_err wallet_mdoc_response_add_for_request(
    wallet_ctx *ctx, wallet_mdoc_response *r, const wallet_mdoc_request *req, size_t i,
    const uint8_t *issuer_signed, size_t issuer_signed_len, const wallet_key *device_key,
    wallet_alg alg, const wallet_key *reader_key);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_MDOC_H */
