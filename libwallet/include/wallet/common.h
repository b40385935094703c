/*
 * libwallet — common definitions: export macros, error codes, memory.
 *
 * Argument order everywhere in libwallet (written once, kept everywhere):
 *
 *     wallet_<object>_<verb>(context, outputs..., inputs..., flags)
 *
 * A length always follows its pointer. Every fallible function returns a
 * wallet_err; WALLET_OK is 0. On failure, every output is set to NULL / 0
 * before returning, so a caller that ignores the code still cannot use a
 * half-built result. Detail about the failure (which member, which byte
 * offset) is kept by the wallet_ctx passed to the call: wallet_ctx_errmsg().
 *
 * Memory: what the library allocates, the library frees. Strings and byte
 * buffers returned through `char **` / `uint8_t **` outputs are released with
 * wallet_free(); handles with their own wallet_<object>_free(). Every _free
 * function accepts NULL.
 */
#ifndef WALLET_COMMON_H
#define WALLET_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(WALLET_BUILDING_DLL)
#define WALLET_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define WALLET_EXPORT __attribute__((visibility("default")))
#else
#define WALLET_EXPORT
#endif

/* Verification functions carry this: ignoring their result is a bug. */
#if defined(__GNUC__) || defined(__clang__)
#define WALLET_NODISCARD __attribute__((warn_unused_result))
#else
#define WALLET_NODISCARD
#endif

#define WALLET_VERSION_MAJOR 0
#define WALLET_VERSION_MINOR 1
#define WALLET_VERSION_PATCH 0
#define WALLET_VERSION_STRING "0.1.0"

/* The library's version as "MAJOR.MINOR.PATCH" (static storage). */
WALLET_EXPORT const char *wallet_version(void);

/*
 * Error codes.
 *
 * The thousands digit is the kind of failure (see wallet_err_kind()); inside a
 * kind, each module owns a block of one hundred:
 *
 *     x000-x099 foundation (core, crypto, JOSE, COSE, X.509, trust, QR)
 *     x100-x199 SD-JWT            x200-x299 mdoc
 *     x300-x399 HC1 / status list x400-x499 store
 *     x500-x599 OpenID4VCI        x600-x699 OpenID4VP / DCQL
 *     x700-x799 OpenID4VCI wallet side (oid4vci.h)
 *
 * Numbers are never reused or renumbered; a retired code stays in the list
 * marked OBSOLETE. wallet_err_str() is a switch without a default, so the
 * compiler flags a code without a string.
 */
typedef enum wallet_err {
    WALLET_OK = 0,

    /* 1-999: usage — the caller passed something the API does not accept. */
    WALLET_ERR_INVALID_ARG = 1,      /* NULL where a value is needed, bad enum, ... */
    WALLET_ERR_NOMEM = 2,            /* allocation failed */
    WALLET_ERR_UNSUPPORTED = 3,      /* valid request for something not implemented by design */
    WALLET_ERR_INTERNAL = 4,         /* a library invariant failed (a bug: please report) */
    WALLET_ERR_IO = 5,               /* reading or writing a file failed */
    WALLET_ERR_STATE = 6,            /* call not valid in the object's current state */
    WALLET_ERR_NOT_FOUND = 7,        /* the requested item does not exist */

    /* 1000-1999: malformed input — the bytes are not what they claim to be. */
    WALLET_ERR_TOO_LARGE = 1000,     /* input over a wallet_ctx limit (bytes, items) */
    WALLET_ERR_TOO_DEEP = 1001,      /* nesting over the depth limit */
    WALLET_ERR_BASE64 = 1002,        /* not strict unpadded base64url */
    WALLET_ERR_BASE45 = 1003,        /* not RFC 9285 Base45 */
    WALLET_ERR_HEX = 1004,           /* not an even-length hex string */
    WALLET_ERR_JSON = 1005,          /* not RFC 8259 JSON (or not UTF-8) */
    WALLET_ERR_JSON_DUPLICATE = 1006,/* an object member name appears twice */
    WALLET_ERR_JSON_TYPE = 1007,     /* valid JSON, wrong type or missing member */
    WALLET_ERR_CBOR = 1008,          /* not well-formed CBOR */
    WALLET_ERR_CBOR_TYPE = 1009,     /* well-formed CBOR, wrong type or missing entry */
    WALLET_ERR_CBOR_DUPLICATE = 1010,/* a map key appears twice */
    WALLET_ERR_CBOR_NOT_DETERMINISTIC = 1011, /* violates RFC 8949 §4.2.1 where required */
    WALLET_ERR_TRAILING_DATA = 1012, /* bytes after the end of a complete item */
    WALLET_ERR_JWS_FORMAT = 1013,    /* not a JWS in compact or JSON serialization */
    WALLET_ERR_JWK = 1014,           /* not a usable JWK / JWK Set */
    WALLET_ERR_COSE_FORMAT = 1015,   /* not a COSE_Sign1 / COSE_Sign structure */
    WALLET_ERR_COSE_KEY = 1016,      /* not a usable COSE_Key */
    WALLET_ERR_PEM = 1017,           /* not PEM, or PEM of an unexpected kind */
    WALLET_ERR_DER = 1018,           /* not parseable DER (key or certificate) */
    WALLET_ERR_QR = 1019,            /* no QR code found / not decodable / too much data */
    WALLET_ERR_IMAGE = 1020,         /* image (PNG) unreadable */
    WALLET_ERR_UNKNOWN_FORMAT = 1021,/* input is none of the formats the call accepts */
    WALLET_ERR_COMPRESSION = 1022,   /* zlib stream corrupt or truncated */
    WALLET_ERR_PERCENT = 1023,       /* not percent-encoding (RFC 3986 §2.1), or a NUL */
    WALLET_ERR_FIELD_DUPLICATE = 1024, /* a form / query field appears twice */
    /* 1100-1199: SD-JWT / SD-JWT VC (include/wallet/sdjwt.h). */
    WALLET_ERR_SDJWT_FORMAT = 1100,  /* not an SD-JWT / SD-JWT+KB (compact or JSON) */
    WALLET_ERR_SDJWT_DISCLOSURE = 1101, /* a Disclosure is not base64url of a JSON
                                       array of 2 or 3 elements with a string salt */
    WALLET_ERR_SDJWT_DUPLICATE_DIGEST = 1102, /* a digest appears twice in the payload */
    WALLET_ERR_SDJWT_DISCLOSURE_REUSED = 1103, /* the same Disclosure is sent twice */
    WALLET_ERR_SDJWT_SD_MISUSE = 1104, /* "_sd" / "..." / "_sd_alg" used other than
                                       for digests (RFC 9901 §4.1, §4.2.4) */
    WALLET_ERR_SDJWT_DISCLOSURE_KIND = 1105, /* array-element Disclosure referenced
                                       from "_sd", or a claim Disclosure from an array */
    WALLET_ERR_SDJWT_CLAIM_EXISTS = 1106, /* a disclosed claim name already exists */
    WALLET_ERR_SDJWT_KB_FORMAT = 1107, /* KB-JWT malformed or lacks iat/aud/nonce/sd_hash */
    WALLET_ERR_SDJWT_VCT = 1108,     /* SD-JWT VC without a string "vct" */
    WALLET_ERR_SDJWT_NOT_DISCLOSABLE = 1109, /* an SD-JWT VC claim that must stay
                                       plain (iss, nbf, exp, cnf, vct, status) was disclosed */
    WALLET_ERR_SDJWT_ISSUER_METADATA = 1110, /* JWT VC Issuer Metadata malformed or
                                       for another issuer */
    /* 1200-1299: mdoc (ISO/IEC 18013-5). */
    WALLET_ERR_MDOC_FORMAT = 1200,   /* not the mdoc structure it claims to be (DeviceResponse,
                                        IssuerSigned, MSO, DeviceRequest, ...): missing or
                                        mistyped member, wrong tag, element given twice */
    WALLET_ERR_MDOC_VERSION = 1201,  /* an mdoc structure version libwallet does not read */
    WALLET_ERR_MDOC_DIGEST_ALG = 1202, /* MSO digestAlgorithm not SHA-256, SHA-384 or SHA-512 */
    WALLET_ERR_MDOC_ENGAGEMENT = 1203, /* DeviceEngagement or "mdoc:" URI malformed */
    WALLET_ERR_MDOC_SESSION_MESSAGE = 1204, /* SessionEstablishment / SessionData malformed */
    WALLET_ERR_MDOC_TRANSCRIPT = 1205, /* SessionTranscript (or handover input) malformed */
    WALLET_ERR_MDOC_CLAIMS = 1206,   /* issuing claims JSON ($date, $tdate, $bytes) invalid */

    /* 1350-1399: Token Status Lists (status.h). */
    WALLET_ERR_STATUS_LIST_FORMAT = 1350,   /* Status List (Token) or saved list malformed */
    WALLET_ERR_STATUS_REFERENCE = 1351,     /* a credential's status reference is malformed
                                               (or missing when required) */
    WALLET_ERR_STATUS_INDEX = 1352,         /* index beyond the status list */
    WALLET_ERR_STATUS_SNAPSHOT_FORMAT = 1353, /* status snapshot bundle malformed */
    /* 1300-1349: HC1 (EU DCC health certificates, hcert.h). */
    WALLET_ERR_HC1_PREFIX = 1300,    /* not "HC1:" (missing or unsupported context identifier) */
    WALLET_ERR_HC1_CWT = 1301,       /* CWT claims missing or malformed (iat, exp, iss, -260) */
    WALLET_ERR_HC1_PAYLOAD = 1302,   /* health payload (-260/1) malformed or of no known kind */
    /* 1400-1499: store */
    WALLET_ERR_BACKUP_FORMAT = 1400, /* not a libwallet store backup (magic, version, length, records) */
    WALLET_ERR_STORE_HEADER = 1401,  /* store header file malformed (magic, version, parameters) */
    /* 1050-1059: JWE (foundation, JOSE). */
    WALLET_ERR_JWE_FORMAT = 1050,    /* not a compact JWE, or its header is malformed */
    WALLET_ERR_JWE_EPK = 1051,       /* "epk" missing or not a public EC JWK */
    /* 1600-1699: OpenID4VP / DCQL. */
    WALLET_ERR_DCQL_FORMAT = 1600,   /* DCQL query: not an object, a member of the wrong
                                        type, or a required member missing */
    WALLET_ERR_DCQL_ID = 1601,       /* an id is empty or not [A-Za-z0-9_-]+ */
    WALLET_ERR_DCQL_DUPLICATE_ID = 1602, /* a credential query id or claim id appears twice */
    WALLET_ERR_DCQL_UNKNOWN_ID = 1603, /* claim_sets / credential_sets name an undefined id */
    WALLET_ERR_DCQL_EMPTY = 1604,    /* an array that must be non-empty is empty */
    WALLET_ERR_DCQL_PATH = 1605,     /* a claims path pointer is malformed */
    WALLET_ERR_DCQL_CLAIM_ID_MISSING = 1606, /* claim_sets used but a claim has no id */
    WALLET_ERR_DCQL_VALUES = 1607,   /* "values" holds something other than strings,
                                        integers and booleans */
    WALLET_ERR_DCQL_META = 1608,     /* "meta" missing, or its format-specific member
                                        (vct_values, doctype_value) missing or wrong */
    WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS = 1609, /* claim_sets without claims */
    WALLET_ERR_DCQL_TRUSTED_AUTHORITY = 1610, /* malformed trusted_authorities entry */
    WALLET_ERR_DCQL_CANDIDATE = 1611, /* a candidate credential given for matching is malformed */
    /* 1650-1699: OpenID4VP wallet side (oid4vp.h). */
    WALLET_ERR_OID4VP_URI = 1650,     /* authorization request URI malformed (query, encoding,
                                         neither request_uri nor parameters) */
    WALLET_ERR_OID4VP_REQUEST = 1651, /* request parameter missing, of the wrong type, or
                                         not allowed (e.g. request by value inside a JAR) */
    WALLET_ERR_OID4VP_RESPONSE_TYPE = 1652, /* response_type is not "vp_token" */
    WALLET_ERR_OID4VP_RESPONSE_MODE = 1653, /* response_mode missing or not direct_post /
                                               direct_post.jwt */
    WALLET_ERR_OID4VP_NONCE = 1654,   /* nonce missing, empty or not a string */
    WALLET_ERR_OID4VP_CLIENT_ID = 1655, /* client_id missing, its prefix unknown, or not the
                                           same inside and outside the request object */
    WALLET_ERR_OID4VP_CLIENT_METADATA = 1656, /* client_metadata malformed, or no usable
                                                 encryption key for direct_post.jwt */
    WALLET_ERR_OID4VP_TRANSACTION_DATA = 1657, /* transaction_data entry malformed, or names
                                                  no credential query */
    WALLET_ERR_OID4VP_TYP = 1658,     /* request object "typ" not oauth-authz-req+jwt */
    WALLET_ERR_OID4VP_CONTENT_TYPE = 1659, /* request_uri answered with another media type */
    WALLET_ERR_OID4VP_RESPONSE_URI = 1660, /* response_uri missing or not an allowed URL */
    /* 1700-1799: OpenID4VCI, wallet side. */
    WALLET_ERR_VCI_OFFER = 1700,     /* credential offer (URI or object) malformed */
    WALLET_ERR_VCI_METADATA = 1701,  /* credential issuer metadata malformed */
    WALLET_ERR_VCI_AS_METADATA = 1702, /* authorization server metadata malformed */
    WALLET_ERR_VCI_TOKEN_RESPONSE = 1703, /* token response malformed */
    WALLET_ERR_VCI_NONCE_RESPONSE = 1704, /* nonce response malformed */
    WALLET_ERR_VCI_CREDENTIAL_RESPONSE = 1705, /* credential response malformed */
    WALLET_ERR_VCI_TX_CODE = 1706,   /* tx_code missing, unexpected, or not of the offer's
                                        input mode / length */
    WALLET_ERR_VCI_UNKNOWN_CONFIGURATION = 1707, /* a credential configuration id the
                                        issuer metadata does not define */
    WALLET_ERR_VCI_GRANT = 1708,     /* the offer has no pre-authorized code grant */

    /* 2000-2999: signature and crypto. */
    WALLET_ERR_SIGNATURE = 2000,     /* signature does not verify */
    WALLET_ERR_ALG_NOT_ALLOWED = 2001, /* algorithm outside the caller's allow-list, or "none" */
    WALLET_ERR_ALG_UNSUPPORTED = 2002, /* algorithm unknown to libwallet */
    WALLET_ERR_ALG_KEY_MISMATCH = 2003, /* algorithm does not fit the key's type or curve */
    WALLET_ERR_KEY_INVALID = 2004,   /* key material rejected (point not on curve, size, ...) */
    WALLET_ERR_KEY_NOT_PRIVATE = 2005, /* signing needs a private key or external signer */
    WALLET_ERR_KEY_NOT_FOUND = 2006, /* no trusted key matches (kid, x5c, ...) */
    WALLET_ERR_CRIT_UNKNOWN = 2007,  /* "crit" / COSE crit names a parameter not understood */
    WALLET_ERR_SIGNER_FAILED = 2008, /* an external signer callback reported failure */
    WALLET_ERR_CRYPTO = 2009,        /* the crypto backend failed unexpectedly */
    WALLET_ERR_CERT_CHAIN = 2010,    /* certificate does not chain to a trusted root */
    WALLET_ERR_CERT_INVALID = 2011,  /* certificate malformed or violates its profile */
    WALLET_ERR_DIGEST = 2012,        /* a digest / hash does not match */
    WALLET_ERR_MAC = 2013,           /* a MAC does not verify */
    WALLET_ERR_DECRYPT = 2014,       /* authenticated decryption failed */
    /* 2100-2199: SD-JWT. */
    WALLET_ERR_SDJWT_UNREFERENCED = 2100, /* a Disclosure's digest is not in the
                                       issuer-signed payload (tampered, wrong salt, foreign) */
    WALLET_ERR_SDJWT_SD_HASH = 2101, /* KB-JWT "sd_hash" does not match the presentation */
    WALLET_ERR_SDJWT_KB_SIGNATURE = 2102, /* KB-JWT not signed by the "cnf" key */
    WALLET_ERR_SDJWT_HASH_ALG = 2103, /* "_sd_alg" / transaction_data_hashes_alg
                                       not supported */
    /* 2200-2299: mdoc. */
    WALLET_ERR_MDOC_DEVICE_SIGNATURE = 2200, /* DeviceSignature does not verify with the MSO's
                                                device key */
    WALLET_ERR_MDOC_NOT_IN_MSO = 2201, /* a disclosed element has no digest in the MSO */
    WALLET_ERR_MDOC_READER_AUTH = 2202, /* readerAuth does not verify */
    /* 2400-2499: store */
    WALLET_ERR_STORE_WRONG_SECRET = 2400, /* wrong store PIN / passphrase / keystore key */
    WALLET_ERR_BACKUP_PASSPHRASE = 2401,  /* wrong backup passphrase (or changed backup header) */
    WALLET_ERR_BACKUP_TAMPERED = 2402,    /* backup content fails authentication */
    /* 2050-2059: JWE (foundation, JOSE). */
    WALLET_ERR_JWE_ALG = 2050,       /* JWE "alg" other than ECDH-ES (direct key agreement) */
    WALLET_ERR_JWE_ENC = 2051,       /* JWE "enc" unknown or outside the caller's allow-list */
    WALLET_ERR_JWE_EPK_CURVE = 2052, /* "epk" is not on the recipient key's curve */
    WALLET_ERR_JWE_ZIP = 2053,       /* compressed JWE ("zip"): refused */
    /* 2700-2799: OpenID4VCI, wallet side. */
    WALLET_ERR_VCI_INVALID_PROOF = 2700, /* the issuer rejected the proof of possession */

    /* 3000-3999: policy — well-formed and authentic, but not acceptable now/here. */
    WALLET_ERR_EXPIRED = 3000,       /* validity ended before the context's time */
    WALLET_ERR_NOT_YET_VALID = 3001, /* validity starts after the context's time */
    WALLET_ERR_CERT_EXPIRED = 3002,  /* a certificate in the chain is outside its validity */
    WALLET_ERR_AUDIENCE = 3003,      /* wrong audience */
    WALLET_ERR_NONCE = 3004,         /* wrong or missing nonce */
    WALLET_ERR_REPLAY = 3005,        /* nonce or token already used */
    WALLET_ERR_REVOKED = 3006,       /* status list says invalid */
    WALLET_ERR_SUSPENDED = 3007,     /* status list says suspended */
    WALLET_ERR_KEY_USAGE = 3008,     /* key or certificate not allowed for this use */
    WALLET_ERR_HOLDER_BINDING = 3009,/* proof of possession required but missing */
    WALLET_ERR_TYPE = 3010,          /* wrong token type (typ / docType / vct) */
    /* 3100-3199: SD-JWT. */
    WALLET_ERR_SDJWT_KB_STALE = 3100, /* KB-JWT "iat" outside the freshness window */
    WALLET_ERR_SDJWT_TRANSACTION_DATA = 3101, /* KB-JWT transaction_data_hashes do
                                       not match the expected transaction data */
    /* 3200-3299: mdoc. */
    WALLET_ERR_MDOC_SESSION_ORDER = 3200, /* session message out of order (counter ahead) */
    WALLET_ERR_MDOC_RESPONSE_STATUS = 3201, /* DeviceResponse status is an error (10, 11, 12) */
    WALLET_ERR_MDOC_NO_DOCUMENT = 3202, /* DeviceResponse returned no document */
    WALLET_ERR_MDOC_SIGNED_OUTSIDE_CERT = 3203, /* MSO "signed" outside the document signer
                                                   certificate's validity */
    WALLET_ERR_MDOC_KEY_AUTHORIZATION = 3204, /* device-signed element not authorized by the
                                                 MSO keyAuthorizations */
    WALLET_ERR_MDOC_ISSUING_COUNTRY = 3205, /* issuing_country differs from the document
                                               signer certificate's countryName */

    /* 3350-3399: Token Status Lists (status.h). */
    WALLET_ERR_STATUS_SUBJECT = 3350,  /* list token "sub" differs from the credential's uri */
    WALLET_ERR_STATUS_STALE = 3351,    /* status data older than allowed (max age, exp) */
    WALLET_ERR_STATUS_UNAVAILABLE = 3352, /* status cannot be established (offline without
                                             a snapshot of the list, fetch failed) */
    WALLET_ERR_STATUS_OTHER = 3353,    /* status is neither valid, invalid nor suspended */
    WALLET_ERR_STATUS_LIST_FULL = 3354, /* every index of the list has been allocated */
    WALLET_ERR_STATUS_NOT_ALLOCATED = 3355, /* status set on an index never allocated */
    /* 3400-3499: store */
    WALLET_ERR_STORE_LOCKED_OUT = 3400, /* too many wrong PINs: wait (wallet_store_retry_delay) */

    /* 3600-3699: OpenID4VP / DCQL. */
    WALLET_ERR_DCQL_UNSATISFIED = 3600, /* the credentials at hand cannot satisfy the query */
    /* 3650-3699: OpenID4VP wallet side (oid4vp.h). */
    WALLET_ERR_OID4VP_X509_SAN = 3650, /* x509_san_dns: no dNSName SAN of the leaf equals the
                                          client identifier */
    WALLET_ERR_OID4VP_X509_HASH = 3651, /* x509_hash: SHA-256 of the leaf differs */
    WALLET_ERR_OID4VP_UNSIGNED = 3652, /* the client_id prefix needs a signed request object
                                          and it is unsigned (or the reverse) */
    WALLET_ERR_OID4VP_REDIRECT_URI = 3653, /* redirect_uri prefix: response_uri is not the
                                              client identifier */
    WALLET_ERR_OID4VP_PREFIX = 3654,  /* client_id prefix known but not supported (did:,
                                         verifier_attestation:, openid_federation:, ...) */
    WALLET_ERR_OID4VP_DECLINED = 3655, /* the holder declined to present */
    WALLET_ERR_OID4VP_TRANSACTION_DATA_TYPE = 3656, /* transaction data for an mdoc
                                                       credential (no binding defined) */

    /* 3700-3799: OpenID4VCI, wallet side. */
    WALLET_ERR_VCI_ISSUER_MISMATCH = 3700, /* metadata names another issuer than the offer
                                        (or the authorization server another than asked) */
    WALLET_ERR_VCI_GRANT_REJECTED = 3701, /* token endpoint: invalid_grant (wrong tx_code,
                                        expired, used or locked offer) */
    WALLET_ERR_VCI_NONCE_REJECTED = 3702, /* credential endpoint: invalid_nonce, twice */
    WALLET_ERR_VCI_REQUEST_DENIED = 3703, /* the issuer refused the token or credential
                                        request (other OAuth / §8.3.1.2 errors) */
    WALLET_ERR_VCI_NO_PROOF_ALG = 3704, /* the issuer accepts no JWT proof libwallet can make */

    /* 4000-4999: storage. */
    WALLET_ERR_STORE = 4000,         /* storage engine failure */
    /* 4400-4499: store */
    WALLET_ERR_STORE_CORRUPT = 4400, /* database damaged, or header and database do not match */
    WALLET_ERR_STORE_SCHEMA = 4401,  /* database written by a newer libwallet (schema version) */
    WALLET_ERR_STORE_EXISTS = 4402,  /* a store already exists at the path */
    WALLET_ERR_STORE_DUPLICATE = 4403, /* the same credential is stored already */
    WALLET_ERR_STORE_BUSY = 4404,    /* the store is open in another handle or process */
    WALLET_ERR_STORE_NO_CIPHER = 4405, /* the SQLite in this process is not SQLCipher */

    /* 5000-5999: network. */
    WALLET_ERR_NETWORK = 5000,       /* connection, DNS, TLS or timeout */
    WALLET_ERR_HTTP_STATUS = 5001,   /* server answered with an unexpected HTTP status */
    WALLET_ERR_OFFLINE = 5002,       /* network needed but the context is offline */
    WALLET_ERR_INSECURE_URL = 5003,  /* not https (and not a loopback http URL) */
    /* 5650-5699: OpenID4VP wallet side (oid4vp.h). */
    WALLET_ERR_OID4VP_REJECTED = 5650, /* the verifier refused the response (HTTP 4xx) */
    /* 5700-5799: OpenID4VCI, wallet side. */
    WALLET_ERR_VCI_DEFERRED = 5700   /* the issuer deferred issuance (transaction_id):
                                        retry later; the deferred endpoint is not supported */
} wallet_err;

/* Kinds of error: the thousands digit of a wallet_err. */
typedef enum wallet_err_kind {
    WALLET_KIND_OK = 0,
    WALLET_KIND_USAGE = 1,
    WALLET_KIND_MALFORMED = 2,
    WALLET_KIND_CRYPTO = 3,
    WALLET_KIND_POLICY = 4,
    WALLET_KIND_STORAGE = 5,
    WALLET_KIND_NETWORK = 6
} wallet_err_kind;

/* A stable, lower-case identifier for the code, e.g. "signature" for
 * WALLET_ERR_SIGNATURE; "unknown" for a number that is not a wallet_err.
 * Static storage; never NULL. */
WALLET_EXPORT const char *wallet_err_str(wallet_err err);

/* The stable name of the enum value, e.g. "WALLET_ERR_SIGNATURE" (for
 * bindings that map codes to exception classes). Static storage; never NULL. */
WALLET_EXPORT const char *wallet_err_name(wallet_err err);

/* The kind of the code (usage, malformed, crypto, policy, storage, network). */
WALLET_EXPORT wallet_err_kind wallet_err_kind_of(wallet_err err);

/* Release a buffer or string the library returned. NULL is a no-op. */
WALLET_EXPORT void wallet_free(void *p);

/* Wipe `len` bytes at `p` in a way the compiler cannot optimise away
 * (for caller-held secrets such as PINs). */
WALLET_EXPORT void wallet_memzero(void *p, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_COMMON_H */
