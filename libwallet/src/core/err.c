/* Error codes: stable strings and names. A switch without default, so that
 * -Wswitch-enum (part of our warning set) flags a code without a string. */
#include "internal.h"

#include <stdio.h>

const char *wallet_version(void)
{
    return WALLET_VERSION_STRING;
}

#define WL_ERRS(X)                                                              \
    X(WALLET_OK, "ok")                                                          \
    X(WALLET_ERR_INVALID_ARG, "invalid_argument")                               \
    X(WALLET_ERR_NOMEM, "out_of_memory")                                        \
    X(WALLET_ERR_UNSUPPORTED, "unsupported")                                    \
    X(WALLET_ERR_INTERNAL, "internal_error")                                    \
    X(WALLET_ERR_IO, "io_error")                                                \
    X(WALLET_ERR_STATE, "bad_state")                                            \
    X(WALLET_ERR_NOT_FOUND, "not_found")                                        \
    X(WALLET_ERR_TOO_LARGE, "too_large")                                        \
    X(WALLET_ERR_TOO_DEEP, "too_deep")                                          \
    X(WALLET_ERR_BASE64, "bad_base64url")                                       \
    X(WALLET_ERR_BASE45, "bad_base45")                                          \
    X(WALLET_ERR_HEX, "bad_hex")                                                \
    X(WALLET_ERR_JSON, "bad_json")                                              \
    X(WALLET_ERR_JSON_DUPLICATE, "json_duplicate_member")                       \
    X(WALLET_ERR_JSON_TYPE, "json_wrong_type")                                  \
    X(WALLET_ERR_CBOR, "bad_cbor")                                              \
    X(WALLET_ERR_CBOR_TYPE, "cbor_wrong_type")                                  \
    X(WALLET_ERR_CBOR_DUPLICATE, "cbor_duplicate_key")                          \
    X(WALLET_ERR_CBOR_NOT_DETERMINISTIC, "cbor_not_deterministic")              \
    X(WALLET_ERR_TRAILING_DATA, "trailing_data")                                \
    X(WALLET_ERR_JWS_FORMAT, "bad_jws")                                         \
    X(WALLET_ERR_JWK, "bad_jwk")                                                \
    X(WALLET_ERR_COSE_FORMAT, "bad_cose")                                       \
    X(WALLET_ERR_COSE_KEY, "bad_cose_key")                                      \
    X(WALLET_ERR_PEM, "bad_pem")                                                \
    X(WALLET_ERR_DER, "bad_der")                                                \
    X(WALLET_ERR_QR, "bad_qr")                                                  \
    X(WALLET_ERR_IMAGE, "bad_image")                                            \
    X(WALLET_ERR_UNKNOWN_FORMAT, "unknown_format")                              \
    X(WALLET_ERR_COMPRESSION, "bad_compression")                                \
    X(WALLET_ERR_PERCENT, "bad_percent_encoding")                               \
    X(WALLET_ERR_FIELD_DUPLICATE, "duplicate_field")                            \
    X(WALLET_ERR_SDJWT_FORMAT, "bad_sd_jwt")                                    \
    X(WALLET_ERR_SDJWT_DISCLOSURE, "bad_disclosure")                            \
    X(WALLET_ERR_SDJWT_DUPLICATE_DIGEST, "duplicate_digest")                    \
    X(WALLET_ERR_SDJWT_DISCLOSURE_REUSED, "disclosure_reused")                  \
    X(WALLET_ERR_SDJWT_SD_MISUSE, "sd_claim_misuse")                            \
    X(WALLET_ERR_SDJWT_DISCLOSURE_KIND, "disclosure_wrong_kind")                \
    X(WALLET_ERR_SDJWT_CLAIM_EXISTS, "disclosed_claim_exists")                  \
    X(WALLET_ERR_SDJWT_KB_FORMAT, "bad_kb_jwt")                                 \
    X(WALLET_ERR_SDJWT_VCT, "vct_missing")                                      \
    X(WALLET_ERR_SDJWT_NOT_DISCLOSABLE, "claim_not_disclosable")                \
    X(WALLET_ERR_SDJWT_ISSUER_METADATA, "bad_issuer_metadata")                  \
    X(WALLET_ERR_MDOC_FORMAT, "bad_mdoc")                                       \
    X(WALLET_ERR_MDOC_VERSION, "mdoc_version")                                  \
    X(WALLET_ERR_MDOC_DIGEST_ALG, "mdoc_digest_algorithm")                      \
    X(WALLET_ERR_MDOC_ENGAGEMENT, "bad_mdoc_engagement")                        \
    X(WALLET_ERR_MDOC_SESSION_MESSAGE, "bad_mdoc_session_message")              \
    X(WALLET_ERR_MDOC_TRANSCRIPT, "bad_mdoc_session_transcript")                \
    X(WALLET_ERR_MDOC_CLAIMS, "bad_mdoc_claims")                                \
    X(WALLET_ERR_STATUS_LIST_FORMAT, "bad_status_list")                         \
    X(WALLET_ERR_STATUS_REFERENCE, "bad_status_reference")                      \
    X(WALLET_ERR_STATUS_INDEX, "status_index_out_of_range")                     \
    X(WALLET_ERR_STATUS_SNAPSHOT_FORMAT, "bad_status_snapshot")                 \
    X(WALLET_ERR_HC1_PREFIX, "bad_hc1_prefix")                                  \
    X(WALLET_ERR_HC1_CWT, "bad_hc1_cwt")                                        \
    X(WALLET_ERR_HC1_PAYLOAD, "bad_hc1_payload")                                \
    X(WALLET_ERR_BACKUP_FORMAT, "bad_backup")                                   \
    X(WALLET_ERR_STORE_HEADER, "bad_store_header")                              \
    X(WALLET_ERR_JWE_FORMAT, "bad_jwe")                                         \
    X(WALLET_ERR_JWE_EPK, "bad_jwe_epk")                                        \
    X(WALLET_ERR_DCQL_FORMAT, "bad_dcql")                                       \
    X(WALLET_ERR_DCQL_ID, "dcql_bad_id")                                        \
    X(WALLET_ERR_DCQL_DUPLICATE_ID, "dcql_duplicate_id")                        \
    X(WALLET_ERR_DCQL_UNKNOWN_ID, "dcql_unknown_id")                            \
    X(WALLET_ERR_DCQL_EMPTY, "dcql_empty_array")                                \
    X(WALLET_ERR_DCQL_PATH, "dcql_bad_path")                                    \
    X(WALLET_ERR_DCQL_CLAIM_ID_MISSING, "dcql_claim_id_missing")                \
    X(WALLET_ERR_DCQL_VALUES, "dcql_bad_values")                                \
    X(WALLET_ERR_DCQL_META, "dcql_bad_meta")                                    \
    X(WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS, "dcql_claim_sets_without_claims") \
    X(WALLET_ERR_DCQL_TRUSTED_AUTHORITY, "dcql_bad_trusted_authority")          \
    X(WALLET_ERR_DCQL_CANDIDATE, "dcql_bad_candidate")                          \
    X(WALLET_ERR_OID4VP_URI, "bad_oid4vp_uri")                                  \
    X(WALLET_ERR_OID4VP_REQUEST, "bad_oid4vp_request")                          \
    X(WALLET_ERR_OID4VP_RESPONSE_TYPE, "oid4vp_bad_response_type")              \
    X(WALLET_ERR_OID4VP_RESPONSE_MODE, "oid4vp_unsupported_response_mode")      \
    X(WALLET_ERR_OID4VP_NONCE, "oid4vp_bad_nonce")                              \
    X(WALLET_ERR_OID4VP_CLIENT_ID, "oid4vp_bad_client_id")                      \
    X(WALLET_ERR_OID4VP_CLIENT_METADATA, "oid4vp_bad_client_metadata")          \
    X(WALLET_ERR_OID4VP_TRANSACTION_DATA, "oid4vp_bad_transaction_data")        \
    X(WALLET_ERR_OID4VP_TYP, "oid4vp_bad_request_typ")                          \
    X(WALLET_ERR_OID4VP_CONTENT_TYPE, "oid4vp_bad_content_type")                \
    X(WALLET_ERR_OID4VP_RESPONSE_URI, "oid4vp_bad_response_uri")                \
    X(WALLET_ERR_VCI_OFFER, "vci_bad_offer")                                    \
    X(WALLET_ERR_VCI_METADATA, "vci_bad_issuer_metadata")                       \
    X(WALLET_ERR_VCI_AS_METADATA, "vci_bad_as_metadata")                        \
    X(WALLET_ERR_VCI_TOKEN_RESPONSE, "vci_bad_token_response")                  \
    X(WALLET_ERR_VCI_NONCE_RESPONSE, "vci_bad_nonce_response")                  \
    X(WALLET_ERR_VCI_CREDENTIAL_RESPONSE, "vci_bad_credential_response")        \
    X(WALLET_ERR_VCI_TX_CODE, "vci_bad_tx_code")                                \
    X(WALLET_ERR_VCI_UNKNOWN_CONFIGURATION, "vci_unknown_configuration")        \
    X(WALLET_ERR_VCI_GRANT, "vci_no_pre_authorized_grant")                      \
    X(WALLET_ERR_SIGNATURE, "signature")                                        \
    X(WALLET_ERR_ALG_NOT_ALLOWED, "algorithm_not_allowed")                      \
    X(WALLET_ERR_ALG_UNSUPPORTED, "algorithm_unsupported")                      \
    X(WALLET_ERR_ALG_KEY_MISMATCH, "algorithm_key_mismatch")                    \
    X(WALLET_ERR_KEY_INVALID, "invalid_key")                                    \
    X(WALLET_ERR_KEY_NOT_PRIVATE, "key_not_private")                            \
    X(WALLET_ERR_KEY_NOT_FOUND, "key_not_found")                                \
    X(WALLET_ERR_CRIT_UNKNOWN, "unknown_critical_parameter")                    \
    X(WALLET_ERR_SIGNER_FAILED, "external_signer_failed")                       \
    X(WALLET_ERR_CRYPTO, "crypto_failure")                                      \
    X(WALLET_ERR_CERT_CHAIN, "certificate_chain")                               \
    X(WALLET_ERR_CERT_INVALID, "certificate_invalid")                           \
    X(WALLET_ERR_DIGEST, "digest_mismatch")                                     \
    X(WALLET_ERR_MAC, "mac")                                                    \
    X(WALLET_ERR_DECRYPT, "decrypt")                                            \
    X(WALLET_ERR_SDJWT_UNREFERENCED, "disclosure_unreferenced")                 \
    X(WALLET_ERR_SDJWT_SD_HASH, "sd_hash_mismatch")                             \
    X(WALLET_ERR_SDJWT_KB_SIGNATURE, "kb_jwt_signature")                        \
    X(WALLET_ERR_SDJWT_HASH_ALG, "hash_alg_unsupported")                        \
    X(WALLET_ERR_MDOC_DEVICE_SIGNATURE, "mdoc_device_signature")                \
    X(WALLET_ERR_MDOC_NOT_IN_MSO, "mdoc_element_not_in_mso")                    \
    X(WALLET_ERR_MDOC_READER_AUTH, "mdoc_reader_auth")                          \
    X(WALLET_ERR_STORE_WRONG_SECRET, "wrong_secret")                            \
    X(WALLET_ERR_BACKUP_PASSPHRASE, "wrong_backup_passphrase")                  \
    X(WALLET_ERR_BACKUP_TAMPERED, "backup_tampered")                            \
    X(WALLET_ERR_JWE_ALG, "jwe_algorithm_unsupported")                          \
    X(WALLET_ERR_JWE_ENC, "jwe_encryption_unsupported")                         \
    X(WALLET_ERR_JWE_EPK_CURVE, "jwe_epk_curve")                                \
    X(WALLET_ERR_JWE_ZIP, "jwe_compression_refused")                            \
    X(WALLET_ERR_VCI_INVALID_PROOF, "vci_invalid_proof")                        \
    X(WALLET_ERR_EXPIRED, "expired")                                            \
    X(WALLET_ERR_NOT_YET_VALID, "not_yet_valid")                                \
    X(WALLET_ERR_CERT_EXPIRED, "certificate_expired")                           \
    X(WALLET_ERR_AUDIENCE, "wrong_audience")                                    \
    X(WALLET_ERR_NONCE, "wrong_nonce")                                          \
    X(WALLET_ERR_REPLAY, "replayed")                                            \
    X(WALLET_ERR_REVOKED, "revoked")                                            \
    X(WALLET_ERR_SUSPENDED, "suspended")                                        \
    X(WALLET_ERR_KEY_USAGE, "key_usage")                                        \
    X(WALLET_ERR_HOLDER_BINDING, "holder_binding")                              \
    X(WALLET_ERR_TYPE, "wrong_type")                                            \
    X(WALLET_ERR_SDJWT_KB_STALE, "kb_jwt_not_fresh")                            \
    X(WALLET_ERR_SDJWT_TRANSACTION_DATA, "transaction_data_mismatch")           \
    X(WALLET_ERR_MDOC_SESSION_ORDER, "mdoc_session_out_of_order")               \
    X(WALLET_ERR_MDOC_RESPONSE_STATUS, "mdoc_response_status")                  \
    X(WALLET_ERR_MDOC_NO_DOCUMENT, "mdoc_no_document")                          \
    X(WALLET_ERR_MDOC_SIGNED_OUTSIDE_CERT, "mdoc_signed_outside_certificate")   \
    X(WALLET_ERR_MDOC_KEY_AUTHORIZATION, "mdoc_key_authorization")              \
    X(WALLET_ERR_MDOC_ISSUING_COUNTRY, "mdoc_issuing_country")                  \
    X(WALLET_ERR_STATUS_SUBJECT, "status_list_subject_mismatch")                \
    X(WALLET_ERR_STATUS_STALE, "status_stale")                                  \
    X(WALLET_ERR_STATUS_UNAVAILABLE, "status_unavailable")                      \
    X(WALLET_ERR_STATUS_OTHER, "status_other")                                  \
    X(WALLET_ERR_STATUS_LIST_FULL, "status_list_full")                          \
    X(WALLET_ERR_STATUS_NOT_ALLOCATED, "status_index_not_allocated")            \
    X(WALLET_ERR_STORE_LOCKED_OUT, "locked_out")                                \
    X(WALLET_ERR_DCQL_UNSATISFIED, "dcql_unsatisfied")                          \
    X(WALLET_ERR_OID4VP_X509_SAN, "oid4vp_x509_san_mismatch")                    \
    X(WALLET_ERR_OID4VP_X509_HASH, "oid4vp_x509_hash_mismatch")                  \
    X(WALLET_ERR_OID4VP_UNSIGNED, "oid4vp_signature_required")                   \
    X(WALLET_ERR_OID4VP_REDIRECT_URI, "oid4vp_redirect_uri_mismatch")            \
    X(WALLET_ERR_OID4VP_PREFIX, "oid4vp_unsupported_client_id_prefix")           \
    X(WALLET_ERR_OID4VP_DECLINED, "oid4vp_declined")                             \
    X(WALLET_ERR_OID4VP_TRANSACTION_DATA_TYPE, "oid4vp_unsupported_transaction_data") \
    X(WALLET_ERR_VCI_ISSUER_MISMATCH, "vci_issuer_mismatch")                    \
    X(WALLET_ERR_VCI_GRANT_REJECTED, "vci_grant_rejected")                      \
    X(WALLET_ERR_VCI_NONCE_REJECTED, "vci_nonce_rejected")                      \
    X(WALLET_ERR_VCI_REQUEST_DENIED, "vci_request_denied")                      \
    X(WALLET_ERR_VCI_NO_PROOF_ALG, "vci_no_proof_alg")                          \
    X(WALLET_ERR_STORE, "storage")                                              \
    X(WALLET_ERR_STORE_CORRUPT, "store_corrupt")                                \
    X(WALLET_ERR_STORE_SCHEMA, "store_schema_too_new")                          \
    X(WALLET_ERR_STORE_EXISTS, "store_exists")                                  \
    X(WALLET_ERR_STORE_DUPLICATE, "duplicate_credential")                       \
    X(WALLET_ERR_STORE_BUSY, "store_busy")                                      \
    X(WALLET_ERR_STORE_NO_CIPHER, "store_not_encrypted")                        \
    X(WALLET_ERR_NETWORK, "network")                                            \
    X(WALLET_ERR_OID4VP_REJECTED, "oid4vp_response_rejected")                   \
    X(WALLET_ERR_HTTP_STATUS, "http_status")                                    \
    X(WALLET_ERR_OFFLINE, "offline")                                            \
    X(WALLET_ERR_INSECURE_URL, "insecure_url")                                  \
    X(WALLET_ERR_VCI_DEFERRED, "vci_deferred")

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch-enum"
#endif

const char *wallet_err_str(wallet_err err)
{
#define WL_CASE_STR(code, str)                                                  \
    case code:                                                                  \
        return str;
    switch (err) {
        WL_ERRS(WL_CASE_STR)
    }
#undef WL_CASE_STR
    return "unknown";
}

const char *wallet_err_name(wallet_err err)
{
#define WL_CASE_NAME(code, str)                                                 \
    case code:                                                                  \
        return #code;
    switch (err) {
        WL_ERRS(WL_CASE_NAME)
    }
#undef WL_CASE_NAME
    return "WALLET_ERR_UNKNOWN";
}

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

wallet_err_kind wallet_err_kind_of(wallet_err err)
{
    int v = (int)err;
    if (v == 0)
        return WALLET_KIND_OK;
    if (v < 0 || v >= 6000)
        return WALLET_KIND_USAGE;
    return (wallet_err_kind)(v / 1000 + 1);
}

wallet_err wl_err(wallet_ctx *ctx, wallet_err code, const char *fmt, ...)
{
    if (!ctx)
        return code;
    ctx->errcode = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
    va_end(ap);
    wl_log(ctx, WALLET_LOG_DEBUG, "%s: %s", wallet_err_str(code), ctx->errmsg);
    return code;
}

wallet_err wl_err_prefix(wallet_ctx *ctx, const char *what)
{
    if (!ctx)
        return WALLET_ERR_INTERNAL;
    char tmp[WL_ERRMSG_MAX];
    size_t w = strlen(what);
    if (w + 2 >= sizeof(tmp))
        return ctx->errcode;
    memcpy(tmp, what, w);
    tmp[w] = ':';
    tmp[w + 1] = ' ';
    size_t rest = strlen(ctx->errmsg);
    if (rest > sizeof(tmp) - w - 3)
        rest = sizeof(tmp) - w - 3;
    memcpy(tmp + w + 2, ctx->errmsg, rest);
    tmp[w + 2 + rest] = '\0';
    memcpy(ctx->errmsg, tmp, sizeof(tmp));
    return ctx->errcode;
}
