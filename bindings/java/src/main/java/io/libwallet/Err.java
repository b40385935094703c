// Generated from libwallet/include/wallet/common.h by tools/gen_err.py: do not edit.
package io.libwallet;

/** The wallet_err codes (WalletException.code(), Result.error()). */
public final class Err {
    private Err() {}

    public static final int OK = 0;
    public static final int INVALID_ARG = 1;
    public static final int NOMEM = 2;
    public static final int UNSUPPORTED = 3;
    public static final int INTERNAL = 4;
    public static final int IO = 5;
    public static final int STATE = 6;
    public static final int NOT_FOUND = 7;
    public static final int TOO_LARGE = 1000;
    public static final int TOO_DEEP = 1001;
    public static final int BASE64 = 1002;
    public static final int BASE45 = 1003;
    public static final int HEX = 1004;
    public static final int JSON = 1005;
    public static final int JSON_DUPLICATE = 1006;
    public static final int JSON_TYPE = 1007;
    public static final int CBOR = 1008;
    public static final int CBOR_TYPE = 1009;
    public static final int CBOR_DUPLICATE = 1010;
    public static final int CBOR_NOT_DETERMINISTIC = 1011;
    public static final int TRAILING_DATA = 1012;
    public static final int JWS_FORMAT = 1013;
    public static final int JWK = 1014;
    public static final int COSE_FORMAT = 1015;
    public static final int COSE_KEY = 1016;
    public static final int PEM = 1017;
    public static final int DER = 1018;
    public static final int QR = 1019;
    public static final int IMAGE = 1020;
    public static final int UNKNOWN_FORMAT = 1021;
    public static final int COMPRESSION = 1022;
    public static final int PERCENT = 1023;
    public static final int FIELD_DUPLICATE = 1024;
    public static final int SDJWT_FORMAT = 1100;
    public static final int SDJWT_DISCLOSURE = 1101;
    public static final int SDJWT_DUPLICATE_DIGEST = 1102;
    public static final int SDJWT_DISCLOSURE_REUSED = 1103;
    public static final int SDJWT_SD_MISUSE = 1104;
    public static final int SDJWT_DISCLOSURE_KIND = 1105;
    public static final int SDJWT_CLAIM_EXISTS = 1106;
    public static final int SDJWT_KB_FORMAT = 1107;
    public static final int SDJWT_VCT = 1108;
    public static final int SDJWT_NOT_DISCLOSABLE = 1109;
    public static final int SDJWT_ISSUER_METADATA = 1110;
    public static final int MDOC_FORMAT = 1200;
    public static final int MDOC_VERSION = 1201;
    public static final int MDOC_DIGEST_ALG = 1202;
    public static final int MDOC_ENGAGEMENT = 1203;
    public static final int MDOC_SESSION_MESSAGE = 1204;
    public static final int MDOC_TRANSCRIPT = 1205;
    public static final int MDOC_CLAIMS = 1206;
    public static final int STATUS_LIST_FORMAT = 1350;
    public static final int STATUS_REFERENCE = 1351;
    public static final int STATUS_INDEX = 1352;
    public static final int STATUS_SNAPSHOT_FORMAT = 1353;
    public static final int HC1_PREFIX = 1300;
    public static final int HC1_CWT = 1301;
    public static final int HC1_PAYLOAD = 1302;
    public static final int BACKUP_FORMAT = 1400;
    public static final int STORE_HEADER = 1401;
    public static final int JWE_FORMAT = 1050;
    public static final int JWE_EPK = 1051;
    public static final int DCQL_FORMAT = 1600;
    public static final int DCQL_ID = 1601;
    public static final int DCQL_DUPLICATE_ID = 1602;
    public static final int DCQL_UNKNOWN_ID = 1603;
    public static final int DCQL_EMPTY = 1604;
    public static final int DCQL_PATH = 1605;
    public static final int DCQL_CLAIM_ID_MISSING = 1606;
    public static final int DCQL_VALUES = 1607;
    public static final int DCQL_META = 1608;
    public static final int DCQL_CLAIM_SETS_WITHOUT_CLAIMS = 1609;
    public static final int DCQL_TRUSTED_AUTHORITY = 1610;
    public static final int DCQL_CANDIDATE = 1611;
    public static final int OID4VP_URI = 1650;
    public static final int OID4VP_REQUEST = 1651;
    public static final int OID4VP_RESPONSE_TYPE = 1652;
    public static final int OID4VP_RESPONSE_MODE = 1653;
    public static final int OID4VP_NONCE = 1654;
    public static final int OID4VP_CLIENT_ID = 1655;
    public static final int OID4VP_CLIENT_METADATA = 1656;
    public static final int OID4VP_TRANSACTION_DATA = 1657;
    public static final int OID4VP_TYP = 1658;
    public static final int OID4VP_CONTENT_TYPE = 1659;
    public static final int OID4VP_RESPONSE_URI = 1660;
    public static final int VCI_OFFER = 1700;
    public static final int VCI_METADATA = 1701;
    public static final int VCI_AS_METADATA = 1702;
    public static final int VCI_TOKEN_RESPONSE = 1703;
    public static final int VCI_NONCE_RESPONSE = 1704;
    public static final int VCI_CREDENTIAL_RESPONSE = 1705;
    public static final int VCI_TX_CODE = 1706;
    public static final int VCI_UNKNOWN_CONFIGURATION = 1707;
    public static final int VCI_GRANT = 1708;
    public static final int SIGNATURE = 2000;
    public static final int ALG_NOT_ALLOWED = 2001;
    public static final int ALG_UNSUPPORTED = 2002;
    public static final int ALG_KEY_MISMATCH = 2003;
    public static final int KEY_INVALID = 2004;
    public static final int KEY_NOT_PRIVATE = 2005;
    public static final int KEY_NOT_FOUND = 2006;
    public static final int CRIT_UNKNOWN = 2007;
    public static final int SIGNER_FAILED = 2008;
    public static final int CRYPTO = 2009;
    public static final int CERT_CHAIN = 2010;
    public static final int CERT_INVALID = 2011;
    public static final int DIGEST = 2012;
    public static final int MAC = 2013;
    public static final int DECRYPT = 2014;
    public static final int SDJWT_UNREFERENCED = 2100;
    public static final int SDJWT_SD_HASH = 2101;
    public static final int SDJWT_KB_SIGNATURE = 2102;
    public static final int SDJWT_HASH_ALG = 2103;
    public static final int MDOC_DEVICE_SIGNATURE = 2200;
    public static final int MDOC_NOT_IN_MSO = 2201;
    public static final int MDOC_READER_AUTH = 2202;
    public static final int STORE_WRONG_SECRET = 2400;
    public static final int BACKUP_PASSPHRASE = 2401;
    public static final int BACKUP_TAMPERED = 2402;
    public static final int JWE_ALG = 2050;
    public static final int JWE_ENC = 2051;
    public static final int JWE_EPK_CURVE = 2052;
    public static final int JWE_ZIP = 2053;
    public static final int VCI_INVALID_PROOF = 2700;
    public static final int EXPIRED = 3000;
    public static final int NOT_YET_VALID = 3001;
    public static final int CERT_EXPIRED = 3002;
    public static final int AUDIENCE = 3003;
    public static final int NONCE = 3004;
    public static final int REPLAY = 3005;
    public static final int REVOKED = 3006;
    public static final int SUSPENDED = 3007;
    public static final int KEY_USAGE = 3008;
    public static final int HOLDER_BINDING = 3009;
    public static final int TYPE = 3010;
    public static final int SDJWT_KB_STALE = 3100;
    public static final int SDJWT_TRANSACTION_DATA = 3101;
    public static final int MDOC_SESSION_ORDER = 3200;
    public static final int MDOC_RESPONSE_STATUS = 3201;
    public static final int MDOC_NO_DOCUMENT = 3202;
    public static final int MDOC_SIGNED_OUTSIDE_CERT = 3203;
    public static final int MDOC_KEY_AUTHORIZATION = 3204;
    public static final int MDOC_ISSUING_COUNTRY = 3205;
    public static final int STATUS_SUBJECT = 3350;
    public static final int STATUS_STALE = 3351;
    public static final int STATUS_UNAVAILABLE = 3352;
    public static final int STATUS_OTHER = 3353;
    public static final int STATUS_LIST_FULL = 3354;
    public static final int STATUS_NOT_ALLOCATED = 3355;
    public static final int STORE_LOCKED_OUT = 3400;
    public static final int DCQL_UNSATISFIED = 3600;
    public static final int OID4VP_X509_SAN = 3650;
    public static final int OID4VP_X509_HASH = 3651;
    public static final int OID4VP_UNSIGNED = 3652;
    public static final int OID4VP_REDIRECT_URI = 3653;
    public static final int OID4VP_PREFIX = 3654;
    public static final int OID4VP_DECLINED = 3655;
    public static final int OID4VP_TRANSACTION_DATA_TYPE = 3656;
    public static final int VCI_ISSUER_MISMATCH = 3700;
    public static final int VCI_GRANT_REJECTED = 3701;
    public static final int VCI_NONCE_REJECTED = 3702;
    public static final int VCI_REQUEST_DENIED = 3703;
    public static final int VCI_NO_PROOF_ALG = 3704;
    public static final int STORE = 4000;
    public static final int STORE_CORRUPT = 4400;
    public static final int STORE_SCHEMA = 4401;
    public static final int STORE_EXISTS = 4402;
    public static final int STORE_DUPLICATE = 4403;
    public static final int STORE_BUSY = 4404;
    public static final int STORE_NO_CIPHER = 4405;
    public static final int NETWORK = 5000;
    public static final int HTTP_STATUS = 5001;
    public static final int OFFLINE = 5002;
    public static final int INSECURE_URL = 5003;
    public static final int OID4VP_REJECTED = 5650;
    public static final int VCI_DEFERRED = 5700;

    /** Every constant above, for checks. */
    static final int[] ALL = {
        OK,
        INVALID_ARG,
        NOMEM,
        UNSUPPORTED,
        INTERNAL,
        IO,
        STATE,
        NOT_FOUND,
        TOO_LARGE,
        TOO_DEEP,
        BASE64,
        BASE45,
        HEX,
        JSON,
        JSON_DUPLICATE,
        JSON_TYPE,
        CBOR,
        CBOR_TYPE,
        CBOR_DUPLICATE,
        CBOR_NOT_DETERMINISTIC,
        TRAILING_DATA,
        JWS_FORMAT,
        JWK,
        COSE_FORMAT,
        COSE_KEY,
        PEM,
        DER,
        QR,
        IMAGE,
        UNKNOWN_FORMAT,
        COMPRESSION,
        PERCENT,
        FIELD_DUPLICATE,
        SDJWT_FORMAT,
        SDJWT_DISCLOSURE,
        SDJWT_DUPLICATE_DIGEST,
        SDJWT_DISCLOSURE_REUSED,
        SDJWT_SD_MISUSE,
        SDJWT_DISCLOSURE_KIND,
        SDJWT_CLAIM_EXISTS,
        SDJWT_KB_FORMAT,
        SDJWT_VCT,
        SDJWT_NOT_DISCLOSABLE,
        SDJWT_ISSUER_METADATA,
        MDOC_FORMAT,
        MDOC_VERSION,
        MDOC_DIGEST_ALG,
        MDOC_ENGAGEMENT,
        MDOC_SESSION_MESSAGE,
        MDOC_TRANSCRIPT,
        MDOC_CLAIMS,
        STATUS_LIST_FORMAT,
        STATUS_REFERENCE,
        STATUS_INDEX,
        STATUS_SNAPSHOT_FORMAT,
        HC1_PREFIX,
        HC1_CWT,
        HC1_PAYLOAD,
        BACKUP_FORMAT,
        STORE_HEADER,
        JWE_FORMAT,
        JWE_EPK,
        DCQL_FORMAT,
        DCQL_ID,
        DCQL_DUPLICATE_ID,
        DCQL_UNKNOWN_ID,
        DCQL_EMPTY,
        DCQL_PATH,
        DCQL_CLAIM_ID_MISSING,
        DCQL_VALUES,
        DCQL_META,
        DCQL_CLAIM_SETS_WITHOUT_CLAIMS,
        DCQL_TRUSTED_AUTHORITY,
        DCQL_CANDIDATE,
        OID4VP_URI,
        OID4VP_REQUEST,
        OID4VP_RESPONSE_TYPE,
        OID4VP_RESPONSE_MODE,
        OID4VP_NONCE,
        OID4VP_CLIENT_ID,
        OID4VP_CLIENT_METADATA,
        OID4VP_TRANSACTION_DATA,
        OID4VP_TYP,
        OID4VP_CONTENT_TYPE,
        OID4VP_RESPONSE_URI,
        VCI_OFFER,
        VCI_METADATA,
        VCI_AS_METADATA,
        VCI_TOKEN_RESPONSE,
        VCI_NONCE_RESPONSE,
        VCI_CREDENTIAL_RESPONSE,
        VCI_TX_CODE,
        VCI_UNKNOWN_CONFIGURATION,
        VCI_GRANT,
        SIGNATURE,
        ALG_NOT_ALLOWED,
        ALG_UNSUPPORTED,
        ALG_KEY_MISMATCH,
        KEY_INVALID,
        KEY_NOT_PRIVATE,
        KEY_NOT_FOUND,
        CRIT_UNKNOWN,
        SIGNER_FAILED,
        CRYPTO,
        CERT_CHAIN,
        CERT_INVALID,
        DIGEST,
        MAC,
        DECRYPT,
        SDJWT_UNREFERENCED,
        SDJWT_SD_HASH,
        SDJWT_KB_SIGNATURE,
        SDJWT_HASH_ALG,
        MDOC_DEVICE_SIGNATURE,
        MDOC_NOT_IN_MSO,
        MDOC_READER_AUTH,
        STORE_WRONG_SECRET,
        BACKUP_PASSPHRASE,
        BACKUP_TAMPERED,
        JWE_ALG,
        JWE_ENC,
        JWE_EPK_CURVE,
        JWE_ZIP,
        VCI_INVALID_PROOF,
        EXPIRED,
        NOT_YET_VALID,
        CERT_EXPIRED,
        AUDIENCE,
        NONCE,
        REPLAY,
        REVOKED,
        SUSPENDED,
        KEY_USAGE,
        HOLDER_BINDING,
        TYPE,
        SDJWT_KB_STALE,
        SDJWT_TRANSACTION_DATA,
        MDOC_SESSION_ORDER,
        MDOC_RESPONSE_STATUS,
        MDOC_NO_DOCUMENT,
        MDOC_SIGNED_OUTSIDE_CERT,
        MDOC_KEY_AUTHORIZATION,
        MDOC_ISSUING_COUNTRY,
        STATUS_SUBJECT,
        STATUS_STALE,
        STATUS_UNAVAILABLE,
        STATUS_OTHER,
        STATUS_LIST_FULL,
        STATUS_NOT_ALLOCATED,
        STORE_LOCKED_OUT,
        DCQL_UNSATISFIED,
        OID4VP_X509_SAN,
        OID4VP_X509_HASH,
        OID4VP_UNSIGNED,
        OID4VP_REDIRECT_URI,
        OID4VP_PREFIX,
        OID4VP_DECLINED,
        OID4VP_TRANSACTION_DATA_TYPE,
        VCI_ISSUER_MISMATCH,
        VCI_GRANT_REJECTED,
        VCI_NONCE_REJECTED,
        VCI_REQUEST_DENIED,
        VCI_NO_PROOF_ALG,
        STORE,
        STORE_CORRUPT,
        STORE_SCHEMA,
        STORE_EXISTS,
        STORE_DUPLICATE,
        STORE_BUSY,
        STORE_NO_CIPHER,
        NETWORK,
        HTTP_STATUS,
        OFFLINE,
        INSECURE_URL,
        OID4VP_REJECTED,
        VCI_DEFERRED,
    };
}
