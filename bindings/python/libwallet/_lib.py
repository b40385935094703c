"""Loading libwallet.so and declaring the C prototypes (internal).

Only the public C API (libwallet/include/wallet/*.h) is used. Every
prototype is declared once here, with exact argument types, so that ctypes
never guesses an int where the C side takes a pointer or an int64_t.

Conventions used throughout the package:

* Inputs that are text go in as ``c_char_p`` (``bytes``); binary inputs go in
  as ``c_char_p`` too, always with their explicit length, so embedded NUL
  bytes are fine.
* Outputs the library allocates (``char **`` / ``uint8_t **``) are declared
  as ``POINTER(c_void_p)`` so that ctypes keeps the raw pointer; the package
  copies the data and releases the pointer with ``wallet_free()`` (the
  library frees what it allocates, common.h).
* Borrowed strings (``const char *`` owned by a handle) are declared with a
  ``c_char_p`` result, which ctypes copies into ``bytes`` at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (
    POINTER,
    c_char_p,
    c_int,
    c_int64,
    c_size_t,
    c_uint,
    c_uint32,
    c_uint64,
    c_void_p,
)

__all__ = ["lib", "load"]

_P = c_void_p            # any opaque handle
_PP = POINTER(c_void_p)  # an output handle / an allocated buffer
_S = c_char_p            # text or bytes input
_Z = c_size_t
_ZP = POINTER(c_size_t)
_E = c_int               # wallet_err


class MdocItem(ctypes.Structure):
    """struct wallet_mdoc_item (mdoc.h)."""

    _fields_ = [("name_space", c_char_p), ("element", c_char_p), ("intent_to_retain", c_int)]


# Callback types (key.h wallet_sign_fn, store.h wallet_store_signer_fn,
# ctx.h wallet_clock_fn and wallet_log_fn).
SIGN_FN = ctypes.CFUNCTYPE(c_int, c_void_p, c_int, POINTER(ctypes.c_ubyte), c_size_t,
                           POINTER(ctypes.c_ubyte), POINTER(c_size_t))
STORE_SIGN_FN = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p, c_int, POINTER(ctypes.c_ubyte),
                                 c_size_t, POINTER(ctypes.c_ubyte), POINTER(c_size_t))
CLOCK_FN = ctypes.CFUNCTYPE(c_int64, c_void_p)
LOG_FN = ctypes.CFUNCTYPE(None, c_void_p, c_int, c_char_p)


def _candidates() -> list[str]:
    """Where to look for the shared library, in order."""
    out = []
    env = os.environ.get("LIBWALLET_PATH")
    if env:
        if os.path.isdir(env):
            out.append(os.path.join(env, "libwallet.so"))
        else:
            out.append(env)
    here = os.path.dirname(os.path.abspath(__file__))
    out.append(os.path.join(here, "libwallet.so"))
    found = ctypes.util.find_library("wallet")
    if found:
        out.append(found)
    out.append("libwallet.so.0")
    out.append("libwallet.so")
    return out


# (name, restype, argtypes)
_PROTOS = [
    # common.h / ctx.h
    ("wallet_version", c_char_p, []),
    ("wallet_err_str", c_char_p, [_E]),
    ("wallet_err_name", c_char_p, [_E]),
    ("wallet_err_kind_of", c_int, [_E]),
    ("wallet_free", None, [c_void_p]),
    ("wallet_memzero", None, [c_void_p, _Z]),
    ("wallet_ctx_new", _E, [_PP]),
    ("wallet_ctx_free", None, [_P]),
    ("wallet_ctx_set_time", None, [_P, c_int64]),
    ("wallet_ctx_set_clock", None, [_P, CLOCK_FN, c_void_p]),
    ("wallet_ctx_set_log", None, [_P, LOG_FN, c_void_p, c_int]),
    ("wallet_ctx_now", c_int64, [_P]),
    ("wallet_ctx_limit", c_int64, [_P, c_int, c_int64]),
    ("wallet_ctx_set_offline", None, [_P, c_int]),
    ("wallet_ctx_offline", c_int, [_P]),
    ("wallet_ctx_errmsg", c_char_p, [_P]),
    ("wallet_ctx_errcode", _E, [_P]),
    # key.h
    ("wallet_alg_name", c_char_p, [c_int]),
    ("wallet_alg_from_name", c_int, [_S]),
    ("wallet_key_generate", _E, [_P, _PP, c_int]),
    ("wallet_key_from_jwk", _E, [_P, _PP, _S, _Z]),
    ("wallet_key_from_pem", _E, [_P, _PP, _S, _Z]),
    ("wallet_key_from_der", _E, [_P, _PP, _S, _Z]),
    ("wallet_key_from_cose_key", _E, [_P, _PP, _S, _Z]),
    ("wallet_key_from_signer", _E, [_P, _PP, _P, c_int, SIGN_FN, c_void_p, c_uint]),
    ("wallet_key_to_jwk", _E, [_P, _PP, _P, c_uint]),
    ("wallet_key_to_cose_key", _E, [_P, _PP, _ZP, _P, c_uint]),
    ("wallet_key_to_pem", _E, [_P, _PP, _P, c_uint]),
    ("wallet_key_to_der", _E, [_P, _PP, _ZP, _P, c_uint]),
    ("wallet_key_thumbprint", _E, [_P, c_char_p, _P]),
    ("wallet_key_public", _E, [_P, _PP, _P]),
    ("wallet_key_equal_public", c_int, [_P, _P]),
    ("wallet_key_alg", c_int, [_P]),
    ("wallet_key_kty", c_int, [_P]),
    ("wallet_key_curve", c_int, [_P]),
    ("wallet_key_can_sign", c_int, [_P]),
    ("wallet_key_kid", c_char_p, [_P]),
    ("wallet_key_set_kid", _E, [_P, _P, _S]),
    ("wallet_sign", _E, [_P, _PP, _ZP, _P, c_int, _S, _Z]),
    ("wallet_verify_signature", _E, [_P, _P, c_int, c_uint32, _S, _Z, _S, _Z]),
    ("wallet_key_free", None, [_P]),
    # jws.h
    ("wallet_jws_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_jws_set_detached_payload", _E, [_P, _P, _S, _Z]),
    ("wallet_jws_signature_count", _Z, [_P]),
    ("wallet_jws_header_json", c_char_p, [_P, _Z]),
    ("wallet_jws_kid", c_char_p, [_P, _Z]),
    ("wallet_jws_alg", c_int, [_P, _Z]),
    ("wallet_jws_verify", _E, [_P, _P, _P, c_uint32]),
    ("wallet_jws_verified_index", _Z, [_P]),
    ("wallet_jws_payload", POINTER(ctypes.c_ubyte), [_P, _ZP]),
    ("wallet_jws_free", None, [_P]),
    ("wallet_jws_sign_compact", _E, [_P, _PP, _P, c_int, _S, _S, _Z]),
    ("wallet_jws_sign_json", _E, [_P, _PP, POINTER(c_void_p), _Z, _S, _Z]),
    # cose.h
    ("wallet_cose_headers_new", _E, [_P, _PP]),
    ("wallet_cose_headers_free", None, [_P]),
    ("wallet_cose_headers_set_int", _E, [_P, _P, c_int, c_int64, c_int64]),
    ("wallet_cose_headers_set_bytes", _E, [_P, _P, c_int, c_int64, _S, _Z]),
    ("wallet_cose_headers_set_text", _E, [_P, _P, c_int, c_int64, _S]),
    ("wallet_cose_headers_add_x5chain", _E, [_P, _P, c_int, _S, _Z]),
    ("wallet_cose_sign1_sign", _E, [_P, _PP, _ZP, _P, c_int, _P, _S, _Z, _S, _Z, c_uint]),
    ("wallet_cose_sign1_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_cose_sign1_alg", c_int, [_P]),
    ("wallet_cose_sign1_header", POINTER(ctypes.c_ubyte), [_P, c_int64, _ZP, POINTER(c_int)]),
    ("wallet_cose_sign1_kid", POINTER(ctypes.c_ubyte), [_P, _ZP]),
    ("wallet_cose_sign1_x5chain_count", _Z, [_P]),
    ("wallet_cose_sign1_x5chain", POINTER(ctypes.c_ubyte), [_P, _Z, _ZP]),
    ("wallet_cose_sign1_is_detached", c_int, [_P]),
    ("wallet_cose_sign1_verify", _E, [_P, _P, _P, c_uint32, _S, _Z, _S, _Z]),
    ("wallet_cose_sign1_payload", POINTER(ctypes.c_ubyte), [_P, _ZP]),
    ("wallet_cose_sign1_free", None, [_P]),
    ("wallet_cwt_from_json", _E, [_P, _PP, _ZP, _S, _Z]),
    # jwe.h
    ("wallet_jwe_enc_name", c_char_p, [c_int]),
    ("wallet_jwe_enc_from_name", c_int, [_S]),
    ("wallet_jwe_encrypt", _E, [_P, _PP, _P, c_int, _S, _Z, _S, _Z, _S, _S, _Z]),
    ("wallet_jwe_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_jwe_header_json", c_char_p, [_P]),
    ("wallet_jwe_kid", c_char_p, [_P]),
    ("wallet_jwe_alg", c_char_p, [_P]),
    ("wallet_jwe_content_enc", c_int, [_P]),
    ("wallet_jwe_decrypt", _E, [_P, _PP, _ZP, _P, _P, c_uint32]),
    ("wallet_jwe_free", None, [_P]),
    # x509.h
    ("wallet_cert_from_der", _E, [_P, _PP, _S, _Z]),
    ("wallet_cert_from_pem", _E, [_P, POINTER(POINTER(c_void_p)), _ZP, _S, _Z]),
    ("wallet_cert_der", POINTER(ctypes.c_ubyte), [_P, _ZP]),
    ("wallet_cert_to_pem", _E, [_P, _PP, _P]),
    ("wallet_cert_subject", _E, [_P, _PP, _P]),
    ("wallet_cert_issuer", _E, [_P, _PP, _P]),
    ("wallet_cert_validity", _E, [_P, POINTER(c_int64), POINTER(c_int64), _P]),
    ("wallet_cert_public_key", _E, [_P, _PP, _P]),
    ("wallet_cert_sha256", _E, [_P, c_char_p, _P]),
    ("wallet_cert_has_eku", c_int, [_P, _S]),
    ("wallet_cert_verify_chain", _E, [_P, _P, POINTER(c_void_p), _Z, POINTER(c_void_p), _Z]),
    ("wallet_cert_free", None, [_P]),
    ("wallet_cert_builder_new", _E, [_P, _PP, c_int]),
    ("wallet_cert_builder_set_subject", _E, [_P, _P, _S]),
    ("wallet_cert_builder_set_validity", _E, [_P, _P, c_int64, c_int64]),
    ("wallet_cert_builder_add_san_dns", _E, [_P, _P, _S]),
    ("wallet_cert_builder_add_san_uri", _E, [_P, _P, _S]),
    ("wallet_cert_builder_set_issuer_alt_uri", _E, [_P, _P, _S]),
    ("wallet_cert_builder_add_eku", _E, [_P, _P, _S]),
    ("wallet_cert_builder_sign", _E, [_P, _PP, _P, _P, _P, _P]),
    ("wallet_cert_builder_free", None, [_P]),
    # trust.h
    ("wallet_trust_new", _E, [_P, _PP]),
    ("wallet_trust_free", None, [_P]),
    ("wallet_trust_add_key", _E, [_P, _P, _P]),
    ("wallet_trust_add_jwks", _E, [_P, _P, _S, _Z]),
    ("wallet_trust_add_cert", _E, [_P, _P, _P, c_int]),
    ("wallet_trust_add_pem", _E, [_P, _P, _S, _Z, c_int]),
    ("wallet_trust_load_dir", _E, [_P, _P, _S]),
    ("wallet_trust_add_issuer", _E, [_P, _P, _S]),
    ("wallet_trust_add_issuer_metadata", _E, [_P, _P, _S, _Z]),
    ("wallet_trust_issuer_metadata_json", _E, [_P, _PP, _P, _S]),
    ("wallet_trust_issuer_count", _Z, [_P]),
    ("wallet_trust_key_count", _Z, [_P]),
    ("wallet_trust_cert_count", _Z, [_P, c_int]),
    # result.h
    ("wallet_result_valid", c_int, [_P]),
    ("wallet_result_error", _E, [_P]),
    ("wallet_result_detail", c_char_p, [_P]),
    ("wallet_result_format", c_char_p, [_P]),
    ("wallet_result_issuer", c_char_p, [_P]),
    ("wallet_result_type", c_char_p, [_P]),
    ("wallet_result_claims_json", c_char_p, [_P]),
    ("wallet_result_valid_from", c_int64, [_P]),
    ("wallet_result_valid_until", c_int64, [_P]),
    ("wallet_result_issued_at", c_int64, [_P]),
    ("wallet_result_status_uri", c_char_p, [_P]),
    ("wallet_result_status_index", c_int64, [_P]),
    ("wallet_result_status", c_int, [_P]),
    ("wallet_result_holder_key", c_void_p, [_P]),
    ("wallet_result_holder_auth", c_char_p, [_P]),
    ("wallet_result_to_json", _E, [_P, _PP, _P]),
    ("wallet_result_free", None, [_P]),
    # verify.h
    ("wallet_policy_new", _E, [_P, _PP]),
    ("wallet_policy_free", None, [_P]),
    ("wallet_policy_set_algs", _E, [_P, _P, c_uint32]),
    ("wallet_policy_set_audience", _E, [_P, _P, _S]),
    ("wallet_policy_set_nonce", _E, [_P, _P, _S]),
    ("wallet_policy_require_holder_binding", _E, [_P, _P, c_int]),
    ("wallet_policy_set_kb_max_age", _E, [_P, _P, c_int64]),
    ("wallet_policy_set_sdjwt_types", _E, [_P, _P, POINTER(c_char_p), _Z]),
    ("wallet_policy_set_transaction_data", _E,
     [_P, _P, POINTER(c_char_p), _Z, POINTER(c_char_p), _Z]),
    ("wallet_policy_set_status_cache", _E, [_P, _P, _P]),
    ("wallet_policy_set_status_snapshot", _E, [_P, _P, _P, c_int64]),
    ("wallet_policy_require_status", _E, [_P, _P, c_int]),
    ("wallet_policy_set_session_transcript", _E, [_P, _P, _S, _Z]),
    ("wallet_policy_set_reader_key", _E, [_P, _P, _P]),
    ("wallet_policy_set_doctype", _E, [_P, _P, _S]),
    ("wallet_verify", _E, [_P, _PP, _P, _P, _S, _Z]),
    # sdjwt.h
    ("wallet_sdjwt_issuer_new", _E, [_P, _PP, _P]),
    ("wallet_sdjwt_issuer_free", None, [_P]),
    ("wallet_sdjwt_issuer_set_claims", _E, [_P, _P, _S, _Z]),
    ("wallet_sdjwt_issuer_add_disclosable", _E, [_P, _P, _S]),
    ("wallet_sdjwt_issuer_set_all_disclosable", _E, [_P, _P, c_int]),
    ("wallet_sdjwt_issuer_set_decoys", _E, [_P, _P, c_uint]),
    ("wallet_sdjwt_issuer_set_hash", _E, [_P, _P, c_int]),
    ("wallet_sdjwt_issuer_set_issuer", _E, [_P, _P, _S]),
    ("wallet_sdjwt_issuer_set_vct", _E, [_P, _P, _S]),
    ("wallet_sdjwt_issuer_set_holder_key", _E, [_P, _P, _P]),
    ("wallet_sdjwt_issuer_set_status", _E, [_P, _P, _S, c_int64]),
    ("wallet_sdjwt_issuer_set_validity", _E, [_P, _P, c_int64, c_int64, c_int64]),
    ("wallet_sdjwt_issuer_set_typ", _E, [_P, _P, _S]),
    ("wallet_sdjwt_issuer_set_kid", _E, [_P, _P, _S]),
    ("wallet_sdjwt_issuer_set_x5c", _E, [_P, _P, POINTER(c_void_p), _Z]),
    ("wallet_sdjwt_issuer_set_header_json", _E, [_P, _P, _S]),
    ("wallet_sdjwt_issuer_add_signer", _E, [_P, _P, _P]),
    ("wallet_sdjwt_issuer_issue", _E, [_P, _PP, _P, c_uint]),
    ("wallet_sdjwt_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_sdjwt_free", None, [_P]),
    ("wallet_sdjwt_claims_json", c_char_p, [_P]),
    ("wallet_sdjwt_disclosure_count", _Z, [_P]),
    ("wallet_sdjwt_disclosure_path", c_char_p, [_P, _Z]),
    ("wallet_sdjwt_disclosure_value_json", c_char_p, [_P, _Z]),
    ("wallet_sdjwt_present", _E, [_P, _PP, _P, POINTER(c_char_p), _Z, _P, _S, _S, c_uint]),
    ("wallet_sdjwt_present_with_transaction_data", _E,
     [_P, _PP, _P, POINTER(c_char_p), _Z, _P, _S, _S, POINTER(c_char_p), _Z, _S, c_uint]),
    ("wallet_sdjwt_verify", _E, [_P, _PP, _P, _P, _S, _Z]),
    # mdoc.h
    ("wallet_mdoc_issuer_new", _E, [_P, _PP, _S]),
    ("wallet_mdoc_issuer_free", None, [_P]),
    ("wallet_mdoc_issuer_set_digest", _E, [_P, _P, c_int]),
    ("wallet_mdoc_issuer_set_validity", _E, [_P, _P, c_int64, c_int64, c_int64, c_int64]),
    ("wallet_mdoc_issuer_set_status", _E, [_P, _P, _S, c_uint64]),
    ("wallet_mdoc_issuer_add_claims_json", _E, [_P, _P, _S, _Z]),
    ("wallet_mdoc_issuer_add_element", _E, [_P, _P, _S, _S, _S, _Z]),
    ("wallet_mdoc_issuer_sign", _E, [_P, _PP, _ZP, _P, _P, _P, c_int, POINTER(c_void_p), _Z]),
    ("wallet_mdoc_credential_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_mdoc_credential_free", None, [_P]),
    ("wallet_mdoc_credential_doctype", c_char_p, [_P]),
    ("wallet_mdoc_credential_count", _Z, [_P]),
    ("wallet_mdoc_credential_item", c_int, [_P, _Z, POINTER(MdocItem)]),
    ("wallet_mdoc_credential_device_key", c_void_p, [_P]),
    ("wallet_mdoc_response_new", _E, [_P, _PP, _S, _Z]),
    ("wallet_mdoc_response_free", None, [_P]),
    ("wallet_mdoc_response_add", _E, [_P, _P, _S, _Z, POINTER(MdocItem), _Z, _P, c_int, _P]),
    ("wallet_mdoc_response_add_document_error", _E, [_P, _P, _S, c_int64]),
    ("wallet_mdoc_response_encode", _E, [_P, _PP, _ZP, _P]),
    ("wallet_mdoc_request_new", _E, [_P, _PP]),
    ("wallet_mdoc_request_free", None, [_P]),
    ("wallet_mdoc_request_add", _E,
     [_P, _P, _S, POINTER(MdocItem), _Z, _P, POINTER(c_void_p), _Z, _S, _Z]),
    ("wallet_mdoc_request_encode", _E, [_P, _PP, _ZP, _P]),
    ("wallet_mdoc_request_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_mdoc_request_count", _Z, [_P]),
    ("wallet_mdoc_request_doctype", c_char_p, [_P, _Z]),
    ("wallet_mdoc_request_item_count", _Z, [_P, _Z]),
    ("wallet_mdoc_request_item", c_int, [_P, _Z, _Z, POINTER(MdocItem)]),
    ("wallet_mdoc_request_has_reader_auth", c_int, [_P, _Z]),
    ("wallet_mdoc_request_verify_reader_auth", _E, [_P, _PP, _P, _Z, _P, c_uint32, _S, _Z]),
    ("wallet_mdoc_response_add_for_request", _E, [_P, _P, _P, _Z, _S, _Z, _P, c_int, _P]),
    ("wallet_mdoc_verify", _E, [_P, _PP, _P, _P, _S, _Z]),
    ("wallet_mdoc_verify_issuer_signed", _E, [_P, _PP, _P, _P, _S, _Z]),
    ("wallet_mdoc_verified_free", None, [_P]),
    ("wallet_mdoc_verified_status", c_uint64, [_P]),
    ("wallet_mdoc_verified_document_errors", c_char_p, [_P]),
    ("wallet_mdoc_verified_count", _Z, [_P]),
    ("wallet_mdoc_verified_doctype", c_char_p, [_P, _Z]),
    ("wallet_mdoc_verified_issuer", c_char_p, [_P, _Z]),
    ("wallet_mdoc_verified_claims", c_char_p, [_P, _Z]),
    ("wallet_mdoc_verified_device_claims", c_char_p, [_P, _Z]),
    ("wallet_mdoc_verified_errors", c_char_p, [_P, _Z]),
    ("wallet_mdoc_verified_signed", c_int64, [_P, _Z]),
    ("wallet_mdoc_verified_valid_from", c_int64, [_P, _Z]),
    ("wallet_mdoc_verified_valid_until", c_int64, [_P, _Z]),
    ("wallet_mdoc_verified_expected_update", c_int64, [_P, _Z]),
    ("wallet_mdoc_verified_status_uri", c_char_p, [_P, _Z]),
    ("wallet_mdoc_verified_status_index", c_int64, [_P, _Z]),
    ("wallet_mdoc_verified_device_auth", c_int, [_P, _Z]),
    ("wallet_mdoc_verified_device_key", c_void_p, [_P, _Z]),
    ("wallet_mdoc_transcript_proximity", _E, [_P, _PP, _ZP, _S, _Z, _S, _Z, _S, _Z]),
    ("wallet_mdoc_handover_nfc", _E, [_P, _PP, _ZP, _S, _Z, _S, _Z]),
    ("wallet_mdoc_transcript_oid4vp", _E, [_P, _PP, _ZP, _S, _S, _S, _S]),
    ("wallet_mdoc_transcript_oid4vp_dc_api", _E, [_P, _PP, _ZP, _S, _S, _S]),
    ("wallet_mdoc_transcript_annex_c", _E, [_P, _PP, _ZP, _S, _S]),
    # mdoc_session.h
    ("wallet_mdoc_engagement_new", _E, [_P, _PP, _P]),
    ("wallet_mdoc_engagement_add_ble", _E, [_P, _P, _S, _S]),
    ("wallet_mdoc_engagement_add_method", _E, [_P, _P, c_uint64, c_uint64, _S, _Z]),
    ("wallet_mdoc_engagement_encode", _E, [_P, _PP, _ZP, _P]),
    ("wallet_mdoc_engagement_uri", _E, [_P, _PP, _P]),
    ("wallet_mdoc_engagement_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_mdoc_engagement_free", None, [_P]),
    ("wallet_mdoc_engagement_bytes", POINTER(ctypes.c_ubyte), [_P, _ZP]),
    ("wallet_mdoc_engagement_version", c_char_p, [_P]),
    ("wallet_mdoc_engagement_device_key", c_void_p, [_P]),
    ("wallet_mdoc_engagement_method_count", _Z, [_P]),
    ("wallet_mdoc_engagement_method", c_int,
     [_P, _Z, POINTER(c_uint64), POINTER(c_uint64), POINTER(POINTER(ctypes.c_ubyte)), _ZP]),
    ("wallet_mdoc_session_reader_new", _E, [_P, _PP, _P, _P, _S, _Z]),
    ("wallet_mdoc_session_establish", _E, [_P, _PP, _ZP, _P, _S, _Z]),
    ("wallet_mdoc_session_device_new", _E, [_P, _PP, _P, _P, _S, _Z]),
    ("wallet_mdoc_session_accept", _E, [_P, _PP, _ZP, _P, _S, _Z]),
    ("wallet_mdoc_session_encrypt", _E, [_P, _PP, _ZP, _P, _S, _Z, c_uint]),
    ("wallet_mdoc_session_decrypt", _E, [_P, _PP, _ZP, POINTER(c_int64), _P, _S, _Z]),
    ("wallet_mdoc_session_status", _E, [_P, _PP, _ZP, _P, c_uint64]),
    ("wallet_mdoc_session_transcript", POINTER(ctypes.c_ubyte), [_P, _ZP]),
    ("wallet_mdoc_session_reader_key", c_void_p, [_P]),
    ("wallet_mdoc_session_open", c_int, [_P]),
    ("wallet_mdoc_session_free", None, [_P]),
    # hcert.h
    ("wallet_hc1_kid", _E, [_P, c_char_p, _P]),
    ("wallet_hc1_issue", _E, [_P, _PP, _P, _P, _S, _Z, _S, c_int64, c_int64, _S, _Z]),
    ("wallet_hc1_encode", _E, [_P, _PP, _S, _Z]),
    ("wallet_hc1_decode", _E, [_P, _PP, _ZP, _S, _Z]),
    ("wallet_hc1_verify", _E, [_P, _PP, _P, _P, _S, _Z]),
    # status.h
    ("wallet_status_name", c_char_p, [c_uint]),
    ("wallet_status_media_type", c_char_p, [c_int]),
    ("wallet_status_list_max_entries", c_uint64, []),
    ("wallet_status_list_new", _E, [_P, _PP, _S, c_uint, c_uint64, c_uint]),
    ("wallet_status_list_free", None, [_P]),
    ("wallet_status_list_set_issuer", _E, [_P, _P, _S]),
    ("wallet_status_list_allocate", _E, [_P, POINTER(c_uint64), _P]),
    ("wallet_status_list_set", _E, [_P, _P, c_uint64, c_uint]),
    ("wallet_status_list_get", _E, [_P, POINTER(c_uint), _P, c_uint64]),
    ("wallet_status_list_uri", c_char_p, [_P]),
    ("wallet_status_list_issuer", c_char_p, [_P]),
    ("wallet_status_list_bits", c_uint, [_P]),
    ("wallet_status_list_size", c_uint64, [_P]),
    ("wallet_status_list_allocated", c_uint64, [_P]),
    ("wallet_status_list_version", c_uint64, [_P]),
    ("wallet_status_list_save", _E, [_P, _PP, _ZP, _P]),
    ("wallet_status_list_load", _E, [_P, _PP, _S, _Z]),
    ("wallet_status_list_token", _E,
     [_P, _PP, _ZP, _P, _P, POINTER(c_void_p), _Z, c_int, c_int64, c_int64]),
    ("wallet_status_token_verify", _E, [_P, _PP, _P, c_uint32, _S, _Z, _S]),
    ("wallet_status_token_get", _E, [_P, POINTER(c_uint), _P, c_uint64]),
    ("wallet_status_token_format", c_int, [_P]),
    ("wallet_status_token_uri", c_char_p, [_P]),
    ("wallet_status_token_issuer", c_char_p, [_P]),
    ("wallet_status_token_issued_at", c_int64, [_P]),
    ("wallet_status_token_expires_at", c_int64, [_P]),
    ("wallet_status_token_ttl", c_int64, [_P]),
    ("wallet_status_token_bits", c_uint, [_P]),
    ("wallet_status_token_size", c_uint64, [_P]),
    ("wallet_status_token_free", None, [_P]),
    ("wallet_status_cache_new", _E, [_P, _PP, _Z]),
    ("wallet_status_cache_free", None, [_P]),
    ("wallet_status_cache_add", _E, [_P, _P, _P, c_uint32, _S, _Z]),
    ("wallet_status_cache_count", _Z, [_P]),
    ("wallet_status_cache_check", _E, [_P, POINTER(c_uint), _P, _P, c_uint32, _S, c_uint64]),
    ("wallet_status_snapshot_new", _E, [_P, _PP]),
    ("wallet_status_snapshot_free", None, [_P]),
    ("wallet_status_snapshot_add_token", _E, [_P, _P, _P, c_uint32, _S, _Z]),
    ("wallet_status_snapshot_add_cache", _E, [_P, _P, _P]),
    ("wallet_status_snapshot_save", _E, [_P, _PP, _ZP, _P, _P]),
    ("wallet_status_snapshot_load", _E, [_P, _PP, _S, _Z, _P]),
    ("wallet_status_snapshot_check", _E, [_P, POINTER(c_uint), _P, _S, c_uint64, c_int64]),
    ("wallet_status_snapshot_captured_at", c_int64, [_P]),
    ("wallet_status_snapshot_count", _Z, [_P]),
    ("wallet_status_snapshot_uri", c_char_p, [_P, _Z]),
    # store.h
    ("wallet_store_create", _E, [_P, _PP, _S, _S, _Z, c_uint]),
    ("wallet_store_open", _E, [_P, _PP, _S, _S, _Z, c_uint]),
    ("wallet_store_free", None, [_P]),
    ("wallet_store_lock", None, [_P]),
    ("wallet_store_unlock", _E, [_P, _P, _S, _Z, c_uint]),
    ("wallet_store_is_open", c_int, [_P]),
    ("wallet_store_change_secret", _E, [_P, _P, _S, _Z, c_uint]),
    ("wallet_store_retry_delay", _E, [_P, POINTER(c_uint32), POINTER(c_int64), _S]),
    ("wallet_store_add", _E, [_P, _PP, _P, _P, _P, _S, _Z, c_uint]),
    ("wallet_store_add_batch", _E,
     [_P, _PP, _P, _P, _P, POINTER(c_char_p), POINTER(c_size_t), _Z, c_uint]),
    ("wallet_store_list", _E, [_P, _PP, _P, _S]),
    ("wallet_store_show", _E, [_P, _PP, _P, _S]),
    ("wallet_store_get", _E, [_P, _PP, _ZP, _P, _S]),
    ("wallet_store_delete", _E, [_P, _P, _S]),
    ("wallet_store_set_display_name", _E, [_P, _P, _S, _S]),
    ("wallet_store_mark_used", _E, [_P, _P, _S]),
    ("wallet_store_match", _E, [_P, _PP, _P, _S, _Z]),
    ("wallet_store_set_signer", None, [_P, STORE_SIGN_FN, c_void_p, c_uint]),
    ("wallet_store_key_generate", _E, [_P, _PP, _P, c_int]),
    ("wallet_store_key_add_external", _E, [_P, _PP, _P, _P, _S]),
    ("wallet_store_key", _E, [_P, _PP, _P, _S]),
    ("wallet_store_credential_key", _E, [_P, _PP, _P, _S]),
    ("wallet_store_link_key", _E, [_P, _P, _S, _S]),
    ("wallet_store_key_list", _E, [_P, _PP, _P]),
    ("wallet_store_key_export", _E, [_P, _PP, _P, _S]),
    ("wallet_store_log_presentation", _E, [_P, _PP, _P, _S, _S, _S, _S, _Z]),
    ("wallet_store_log_list", _E, [_P, _PP, _P]),
    ("wallet_store_backup", _E, [_P, _PP, _ZP, _P, _S, _Z, c_uint]),
    ("wallet_store_restore", _E, [_P, _PP, _S, _S, _Z, _S, _Z, _S, _Z, c_uint]),
    # dcql.h
    ("wallet_dcql_parse", _E, [_P, _PP, _S, _Z]),
    ("wallet_dcql_free", None, [_P]),
    ("wallet_dcql_to_json", _E, [_P, _PP, _P]),
    ("wallet_dcql_credential_count", _Z, [_P]),
    ("wallet_dcql_credential_id", c_char_p, [_P, _Z]),
    ("wallet_dcql_credential_format_name", c_char_p, [_P, _Z]),
    ("wallet_dcql_candidates_new", _E, [_P, _PP]),
    ("wallet_dcql_candidates_free", None, [_P]),
    ("wallet_dcql_candidates_add", _E, [_P, _P, _S, c_int, _S, _S, _Z, c_uint]),
    ("wallet_dcql_candidates_add_authority", _E, [_P, _P, _S, _S, _S]),
    ("wallet_dcql_candidates_count", _Z, [_P]),
    ("wallet_dcql_match", _E, [_P, _PP, _P, _P]),
    ("wallet_dcql_result_free", None, [_P]),
    ("wallet_dcql_result_satisfied", c_int, [_P]),
    ("wallet_dcql_result_check", _E, [_P, _P]),
    ("wallet_dcql_result_to_json", _E, [_P, _PP, _P]),
    # qr.h
    ("wallet_qr_encode_png", _E, [_P, _PP, _ZP, _S, _Z, c_int, c_int]),
    ("wallet_qr_encode_text", _E, [_P, _PP, _S, _Z, c_int]),
    ("wallet_qr_decode_png", _E, [_P, _PP, _ZP, _S, _Z]),
    # codec.h
    ("wallet_hex_encode", _E, [_P, _PP, _ZP, _S, _Z]),
    ("wallet_hex_decode", _E, [_P, _PP, _ZP, _S, _Z]),
    ("wallet_b64url_encode", _E, [_P, _PP, _ZP, _S, _Z]),
    ("wallet_b64url_decode", _E, [_P, _PP, _ZP, _S, _Z]),
]


def load() -> ctypes.CDLL:
    """Load libwallet and declare every prototype the package uses."""
    errors = []
    for path in _candidates():
        try:
            handle = ctypes.CDLL(path)
            break
        except OSError as e:  # try the next candidate
            errors.append(f"{path}: {e}")
    else:
        raise ImportError("libwallet shared library not found (set LIBWALLET_PATH): "
                          + "; ".join(errors))
    for name, restype, argtypes in _PROTOS:
        fn = getattr(handle, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return handle


lib = load()
