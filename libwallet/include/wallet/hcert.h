/*
 * libwallet — compact offline health certificates in the EU Digital COVID
 * Certificate format: "HC1:" strings (eHealth Network, Electronic Health
 * Certificate Specification 1.0.x, "hcert spec" below), usually carried in
 * a QR code.
 *
 * Layers, outside in (hcert spec §3 and §4):
 *
 *     "HC1:" + Base45 (RFC 9285) of
 *       zlib (RFC 1950) of
 *         COSE_Sign1 (RFC 9052; tag 18, untagged, or CWT tag 61 around tag 18)
 *           protected {1: alg (ES256 or PS256), 4: kid}   (kid may be unprotected)
 *           payload = CWT claims (RFC 8392):
 *             1 iss (text, optional: issuing country), 4 exp, 6 iat
 *             (NumericDate: integer or float), -260 hcert: {1: health payload}
 *
 * The kid is the first 8 bytes of the SHA-256 of the signer's DER
 * certificate (a "document signer certificate", DSC). Verifiers find the
 * signer among the trust set's certificates by that kid: signer
 * certificates, and roots too (a country may sign with a self-signed
 * certificate, which wallet_trust_add_pem() files as a root). Every
 * certificate with the kid is tried (hcert spec §3.3.2: kids may collide).
 * No chain is built: the trust set is the list of accepted signers.
 *
 * The health payload is a JSON-like map: the EU DCC schema (ver, nam, dob
 * and exactly one of v / t / r: vaccination, test, recovery), or a
 * health-book check-up entry (the same person fields and "pc"; see
 * docs/health-book.md). Its kind decides which signers may sign it: a
 * certificate whose extended key usage lists any of the DCC OIDs below may
 * sign only the kinds it lists; a certificate without them may sign every
 * kind (check-ups have no OID, so only such unrestricted certificates sign
 * them).
 *
 * Verification (wallet_hc1_verify(), or wallet_verify() which detects
 * "HC1:" text and PNG images of it) runs these checks in order and stops at
 * the first failure, reporting it in the wallet_result:
 *
 *   1. "HC1:" prefix                     WALLET_ERR_HC1_PREFIX
 *   2. Base45                            WALLET_ERR_BASE45
 *   3. zlib, output capped by WALLET_LIMIT_INFLATE_BYTES
 *                                        WALLET_ERR_COMPRESSION (corrupt, truncated,
 *                                        not compressed), WALLET_ERR_TOO_LARGE (zip bomb),
 *                                        WALLET_ERR_TRAILING_DATA
 *   4. COSE_Sign1 structure              WALLET_ERR_CBOR..., WALLET_ERR_COSE_FORMAT
 *                                        (wrong tag, wrong shape, detached payload)
 *   5. kid: an 8-byte kid naming a trusted certificate
 *                                        WALLET_ERR_KEY_NOT_FOUND
 *   6. signature, ES256 or PS256 (intersected with the policy's algorithms)
 *                                        WALLET_ERR_SIGNATURE, WALLET_ERR_ALG_*
 *   7. CWT claims and health payload     WALLET_ERR_HC1_CWT, WALLET_ERR_HC1_PAYLOAD,
 *                                        WALLET_ERR_CBOR...
 *   8. key usage of the signer for the payload's kind
 *                                        WALLET_ERR_KEY_USAGE
 *   9. signer certificate validity at the context's time
 *                                        WALLET_ERR_CERT_EXPIRED
 *  10. "exp" and "iat" against the context's clock, with
 *      WALLET_LIMIT_CLOCK_SKEW           WALLET_ERR_EXPIRED, WALLET_ERR_NOT_YET_VALID
 *
 * A valid result has format "hc1", issuer = "iss" (or, without one, the
 * signer certificate's subject), type = "vaccination", "test", "recovery"
 * or "checkup", the health payload as its claims (JSON; byte strings as
 * base64url), issued-at and expiry.
 *
 * Two relaxations of RFC 9052 §3 apply to HC1 only, because the hcert spec
 * and its test data require them: "kid" may sit in both header buckets (the
 * protected one wins), and "alg" may be unprotected (safe here: with ES256
 * and PS256 only, the key type leaves exactly one algorithm).
 */
#ifndef WALLET_HCERT_H
#define WALLET_HCERT_H

#include "result.h"
#include "trust.h"
#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The context identifier of this version of the format (hcert spec §4.2). */
#define WALLET_HC1_PREFIX "HC1:"

/* Length of a DCC kid: SHA-256 of the DER certificate, truncated. */
#define WALLET_HC1_KID_LEN 8

/* CWT claim key of the hcert claim, and its key for the EU DCC v1 payload. */
#define WALLET_HC1_CLAIM_HCERT (-260)
#define WALLET_HC1_HCERT_EU_DCC_V1 1

/* Extended key usage OIDs of DCC document signer certificates (EU DCC
 * Gateway certificate governance, "DSC Limitation"): a certificate listing
 * any of them may sign only the listed kinds. Both spellings are in use
 * (the ".0." one by early national verifiers); either one counts. */
#define WALLET_DCC_EKU_TEST "1.3.6.1.4.1.1847.2021.1.1"
#define WALLET_DCC_EKU_VACCINATION "1.3.6.1.4.1.1847.2021.1.2"
#define WALLET_DCC_EKU_RECOVERY "1.3.6.1.4.1.1847.2021.1.3"
#define WALLET_DCC_EKU_TEST_ALT "1.3.6.1.4.1.0.1847.2021.1.1"
#define WALLET_DCC_EKU_VACCINATION_ALT "1.3.6.1.4.1.0.1847.2021.1.2"
#define WALLET_DCC_EKU_RECOVERY_ALT "1.3.6.1.4.1.0.1847.2021.1.3"

/* The DCC kid of a certificate: the first WALLET_HC1_KID_LEN bytes of the
 * SHA-256 of its DER encoding. */
WALLET_EXPORT wallet_err wallet_hc1_kid(wallet_ctx *ctx, uint8_t out[WALLET_HC1_KID_LEN],
                                        const wallet_cert *cert);

/*
 * Issue an "HC1:" string (NUL-terminated, release with wallet_free()).
 *
 *   key          the signer: a P-256 private key (ES256) or an external
 *                signer for ES256 / PS256 (wallet_key_from_signer());
 *                other algorithms are WALLET_ERR_ALG_NOT_ALLOWED
 *                (hcert spec §3.3.1 allows only these two).
 *   cert         the signer's certificate, or NULL. When given: the kid is
 *                computed from it (pass kid NULL/0), `key` must be its
 *                key (else WALLET_ERR_INVALID_ARG), its DCC key usage must
 *                allow the payload's kind (else WALLET_ERR_KEY_USAGE), and
 *                [iat, exp] must lie within its validity (hcert spec
 *                §3.3.4-5; else WALLET_ERR_CERT_EXPIRED).
 *   kid          without a certificate: the WALLET_HC1_KID_LEN-byte kid.
 *   iss          issuing country (ISO 3166-1 alpha-2, e.g. "VN"), or NULL
 *                to leave claim 1 out.
 *   iat, exp     issued-at and expiry, seconds since the epoch; exp > iat.
 *   payload_json the health payload, a JSON object holding exactly one of
 *                "v", "t", "r" (EU DCC) or "pc" (health-book check-up), a
 *                non-empty array of objects (else WALLET_ERR_HC1_PAYLOAD).
 *                Integers stay integers, other numbers become floats.
 *
 * The COSE_Sign1 is tagged (18) with {1: alg, 4: kid} protected; the CWT
 * claims map is in deterministic order; zlib uses the best compression.
 * Render the string as a QR code with wallet_qr_encode_png() and
 * WALLET_QR_ECC_Q (hcert spec §4.2 recommends Q).
 */
WALLET_EXPORT wallet_err wallet_hc1_issue(wallet_ctx *ctx, char **out, const wallet_key *key,
                                          const wallet_cert *cert, const uint8_t *kid,
                                          size_t kid_len, const char *iss, int64_t iat,
                                          int64_t exp, const char *payload_json,
                                          size_t payload_len);

/* The transport layers alone, nothing verified (for tools and for HC1
 * strings whose COSE_Sign1 is signed elsewhere, e.g. in an HSM pipeline):
 * encode a COSE_Sign1 as "HC1:" + Base45(zlib(cose)), and decode one back.
 * Decoding applies checks 1-3 above with their errors. */
WALLET_EXPORT wallet_err wallet_hc1_encode(wallet_ctx *ctx, char **out, const uint8_t *cose,
                                           size_t cose_len);
WALLET_EXPORT wallet_err wallet_hc1_decode(wallet_ctx *ctx, uint8_t **cose, size_t *cose_len,
                                           const char *text, size_t text_len);

/*
 * Verify an "HC1:" string (surrounding whitespace is ignored) against the
 * trust set under the policy (NULL: defaults), at the context's time. Same
 * contract as wallet_verify(): *out always receives a result (except for
 * WALLET_ERR_INVALID_ARG and WALLET_ERR_NOMEM, where it is NULL), and the
 * return value equals wallet_result_error(*out). Unlike wallet_verify(), it
 * accepts nothing but HC1 text: anything else is WALLET_ERR_HC1_PREFIX.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_hc1_verify(wallet_ctx *ctx, wallet_result **out,
                                                            const wallet_trust *trust,
                                                            const wallet_policy *policy,
                                                            const char *text, size_t text_len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_HCERT_H */
