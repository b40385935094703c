/*
 * libwallet — the result of a verification: one shape for every format.
 *
 * A result is either valid — every check passed and the disclosed claims,
 * issuer, type and validity are filled in — or invalid, carrying only the
 * format (when it was recognised), the first failing check's wallet_err and
 * a detail message. An invalid result never carries claims, issuer or keys:
 * there is no "partially valid".
 */
#ifndef WALLET_RESULT_H
#define WALLET_RESULT_H

#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_result wallet_result;

/* 1 if every check passed, else 0. */
WALLET_EXPORT int wallet_result_valid(const wallet_result *r);
/* WALLET_OK for a valid result, else the first failing check. */
WALLET_EXPORT wallet_err wallet_result_error(const wallet_result *r);
/* Detail of the failure ("" when valid). Never NULL. */
WALLET_EXPORT const char *wallet_result_detail(const wallet_result *r);

/* The detected format: "jws", "cose_sign1", "dc+sd-jwt", "mso_mdoc", "hc1";
 * NULL when the input was not recognised. */
WALLET_EXPORT const char *wallet_result_format(const wallet_result *r);
/* Issuer ("iss", or the signer certificate subject); NULL if none. */
WALLET_EXPORT const char *wallet_result_issuer(const wallet_result *r);
/* Credential type ("vct" / docType / hcert kind); NULL if none. */
WALLET_EXPORT const char *wallet_result_type(const wallet_result *r);
/* The disclosed, verified claims as a JSON object text; NULL when invalid. */
WALLET_EXPORT const char *wallet_result_claims_json(const wallet_result *r);
/* Validity window in seconds since the epoch; 0 when not stated. */
WALLET_EXPORT int64_t wallet_result_valid_from(const wallet_result *r);
WALLET_EXPORT int64_t wallet_result_valid_until(const wallet_result *r);
WALLET_EXPORT int64_t wallet_result_issued_at(const wallet_result *r);

/* Status reference (Token Status List): URI and index; NULL / -1 if none. */
WALLET_EXPORT const char *wallet_result_status_uri(const wallet_result *r);
WALLET_EXPORT int64_t wallet_result_status_index(const wallet_result *r);
/* The status found in the Token Status List when the policy asked for status
 * checking (verify.h): WALLET_STATUS_VALID (0) for a valid result — any other
 * status makes the result invalid; -1 when the status was not checked (no
 * reference, or no cache / snapshot in the policy). */
WALLET_EXPORT int wallet_result_status(const wallet_result *r);

/* The holder (confirmation) key when the credential is bound to one; owned
 * by the result. */
WALLET_EXPORT const wallet_key *wallet_result_holder_key(const wallet_result *r);

/* How possession of the holder key was proven, when the format has holder
 * binding: "none" (not checked, e.g. an mdoc IssuerSigned verified on its
 * own), "device_signature" / "device_mac" (mdoc DeviceAuth), ... NULL when
 * not applicable or invalid. Static storage. */
WALLET_EXPORT const char *wallet_result_holder_auth(const wallet_result *r);

/* The whole result as one JSON object:
 *   {"valid": true, "format": ..., "issuer": ..., "type": ..., "claims": {...},
 *    "iat": .., "nbf": .., "exp": .., "status": {"uri": .., "idx": .., "status": "valid"},
 *    "holder_auth": "device_signature", "holder_key": {JWK}}
 *   {"valid": false, "format": ..., "error": "signature",
 *    "error_code": 2000, "detail": "..."}
 * Release with wallet_free(). */
WALLET_EXPORT wallet_err wallet_result_to_json(wallet_ctx *ctx, char **out,
                                               const wallet_result *r);

WALLET_EXPORT void wallet_result_free(wallet_result *r);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_RESULT_H */
