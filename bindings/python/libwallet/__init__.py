"""libwallet for Python: verifiable digital documents (SD-JWT VC, mdoc/mDL,
EU DCC HC1, Token Status Lists, the encrypted wallet store, DCQL) over the
libwallet C library, through ctypes (standard library only).

The shared library is found through ``LIBWALLET_PATH`` (the file, or the
directory holding ``libwallet.so``), then next to this package, then by the
system loader. See docs/bindings/python.md.

Every failure raises a :class:`WalletError` subclass carrying the C
``wallet_err`` code (:class:`ErrorCode`), its name and the detail message.
"""

from .errors import (  # noqa: F401
    CryptoError,
    ErrorCode,
    MalformedError,
    NetworkError,
    PolicyError,
    StorageError,
    UsageError,
    WalletError,
)
from ._base import Context  # noqa: F401
from .core import (  # noqa: F401
    Alg,
    Cert,
    CertBuilder,
    CertProfile,
    Curve,
    Key,
    Kty,
    Limit,
    Policy,
    Result,
    Trust,
    TrustRole,
    algset,
    verify,
    version,
)
from .cose import CoseSign1, cose_sign1, cwt_claims  # noqa: F401
from .jwe import Jwe, jwe_encrypt  # noqa: F401
from .jws import Jws, jws_sign, jws_sign_json  # noqa: F401
from .sdjwt import SdJwt, SdJwtIssuer, verify_sdjwt  # noqa: F401
from .mdoc import (  # noqa: F401
    MDL_DOCTYPE,
    MDL_NAMESPACE,
    DeviceAuth,
    DeviceResponse,
    DocRequest,
    MdocCredential,
    MdocRequest,
    MdocDocument,
    MdocIssuer,
    MdocVerified,
    handover_nfc,
    transcript_annex_c,
    transcript_oid4vp,
    transcript_oid4vp_dc_api,
    transcript_proximity,
    verify_issuer_signed,
    verify_mdoc,
)
from .mdoc_session import Engagement, ProximitySession  # noqa: F401
from .hc1 import hc1_decode, hc1_encode, hc1_issue, hc1_kid, verify_hc1  # noqa: F401
from .status import (  # noqa: F401
    Status,
    StatusCache,
    StatusFormat,
    StatusList,
    StatusSnapshot,
    StatusToken,
    status_name,
)
from .qr import QrEcc, qr_decode_png, qr_encode_png, qr_encode_text  # noqa: F401
from .store import Store  # noqa: F401
from .dcql import DcqlCandidates, DcqlQuery, DcqlResult  # noqa: F401

__version__ = version()
