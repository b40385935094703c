"""EU DCC "HC1:" health certificates (hcert.h): issue, encode/decode,
verify."""

from __future__ import annotations

import ctypes
from typing import Optional

from ._base import Context, JsonLike, ctx_of, opt_str, out_ptr, take_bytes, take_str, to_bytes, \
    to_json_bytes
from ._lib import lib
from .core import Cert, Key, Policy, Result, Trust, _result_call

__all__ = ["PREFIX", "KID_LEN", "hc1_issue", "hc1_encode", "hc1_decode", "hc1_kid",
           "verify_hc1"]

PREFIX = "HC1:"
KID_LEN = 8


def hc1_kid(cert: Cert) -> bytes:
    """The DCC kid of a certificate: first 8 bytes of SHA-256(DER)."""
    buf = ctypes.create_string_buffer(KID_LEN)
    cert.ctx.check(lib.wallet_hc1_kid(cert.ctx._p, buf, cert._p))
    return buf.raw


def hc1_issue(key: Key, payload: JsonLike, *, iat: int, exp: int, cert: Optional[Cert] = None,
              kid: Optional[bytes] = None, iss: Optional[str] = None,
              ctx: Optional[Context] = None) -> str:
    """Issue an "HC1:" string signed with ``key`` (P-256 / ES256, or an
    external ES256/PS256 signer).

    Give the signer's ``cert`` (the kid is computed from it and its DCC key
    usage and validity are checked) or, without one, the 8-byte ``kid``.
    ``payload`` holds exactly one of "v", "t", "r" (EU DCC) or "pc".
    """
    c = ctx if ctx is not None else key.ctx
    b = to_json_bytes(payload)
    k = bytes(kid) if kid is not None else None
    p = out_ptr()
    c.check(lib.wallet_hc1_issue(c._p, ctypes.byref(p), key._p,
                                 cert._p if cert is not None else None, k, len(k) if k else 0,
                                 opt_str(iss), int(iat), int(exp), b, len(b)))
    return take_str(p)


def hc1_encode(cose: bytes, *, ctx: Optional[Context] = None) -> str:
    """"HC1:" + Base45(zlib(cose)) — transport only, nothing signed here."""
    c = ctx_of(ctx)
    b = bytes(cose)
    p = out_ptr()
    c.check(lib.wallet_hc1_encode(c._p, ctypes.byref(p), b, len(b)))
    return take_str(p)


def hc1_decode(text: str, *, ctx: Optional[Context] = None) -> bytes:
    """The COSE_Sign1 bytes of an "HC1:" string — nothing verified."""
    c = ctx_of(ctx)
    b = to_bytes(text)
    p, n = out_ptr(), ctypes.c_size_t()
    c.check(lib.wallet_hc1_decode(c._p, ctypes.byref(p), ctypes.byref(n), b, len(b)))
    return take_bytes(p, n)


def verify_hc1(text: str, trust: Trust, policy: Optional[Policy] = None, *,
               ctx: Optional[Context] = None) -> Result:
    """Verify an "HC1:" string against the trusted document signer
    certificates: a :class:`Result` (format "hc1"), valid or not."""
    c = ctx if ctx is not None else trust.ctx
    b = to_bytes(text)
    return _result_call(c, lib.wallet_hc1_verify, trust._p,
                        policy._p if policy is not None else None, b, len(b))
