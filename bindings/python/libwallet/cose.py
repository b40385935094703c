"""COSE_Sign1 (RFC 9052, cose.h) and CWT claims (RFC 8392): sign, and
verify in two steps (choose the key from kid / x5chain first)."""

from __future__ import annotations

import ctypes
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from ._base import Context, Data, Handle, JsonLike, ctx_of, out_ptr, take_bytes, to_bytes, \
    to_json_bytes
from ._lib import lib
from .core import Alg, AlgLike, Cert, Key, algset

__all__ = ["CoseSign1", "cose_sign1", "cwt_claims", "HDR_KID", "HDR_TYP", "HDR_CONTENT_TYPE",
           "HDR_X5CHAIN"]

HDR_CRIT = 2
HDR_CONTENT_TYPE = 3
HDR_KID = 4
HDR_TYP = 16
HDR_X5CHAIN = 33
_UNPROTECTED, _PROTECTED = 0, 1
_TAGGED, _DETACHED = 1, 2

HeaderValue = Union[int, bytes, str]


class _Headers(Handle):
    _free_fn = lib.wallet_cose_headers_free

    def __init__(self, ctx: Context) -> None:
        p = out_ptr()
        ctx.check(lib.wallet_cose_headers_new(ctx._p, ctypes.byref(p)))
        super().__init__(p.value, ctx)

    def set(self, bucket: int, label: int, value: HeaderValue) -> None:
        c = self.ctx
        if isinstance(value, bool) or not isinstance(value, (int, bytes, bytearray, str)):
            raise TypeError(f"COSE header {label}: int, bytes or str expected")
        if isinstance(value, int):
            c.check(lib.wallet_cose_headers_set_int(c._p, self._p, bucket, label, value))
        elif isinstance(value, str):
            c.check(lib.wallet_cose_headers_set_text(c._p, self._p, bucket, label,
                                                     value.encode()))
        else:
            b = bytes(value)
            c.check(lib.wallet_cose_headers_set_bytes(c._p, self._p, bucket, label, b, len(b)))


def cwt_claims(claims: JsonLike, *, ctx: Optional[Context] = None) -> bytes:
    """A CWT claims set (deterministic CBOR) from JSON claims: iss, sub,
    aud, exp, nbf, iat, cti become labels 1-7, other names stay text."""
    c = ctx_of(ctx)
    b = to_json_bytes(claims)
    p, n = out_ptr(), ctypes.c_size_t()
    c.check(lib.wallet_cwt_from_json(c._p, ctypes.byref(p), ctypes.byref(n), b, len(b)))
    return take_bytes(p, n)


def cose_sign1(key: Key, payload: Data, *, alg: Optional[AlgLike] = None,
               protected: Optional[Mapping[int, HeaderValue]] = None,
               unprotected: Optional[Mapping[int, HeaderValue]] = None,
               x5chain: Sequence[Cert] = (), external_aad: bytes = b"", tagged: bool = True,
               detached: bool = False, ctx: Optional[Context] = None) -> bytes:
    """A COSE_Sign1 (CBOR) over ``payload``; protected "alg" is always
    written by the signer. Header values are int, bytes or text; ``x5chain``
    (leaf first) goes into the unprotected bucket."""
    c = ctx if ctx is not None else key.ctx
    with _Headers(c) as h:
        for bucket, hdrs in ((_PROTECTED, protected), (_UNPROTECTED, unprotected)):
            for label, value in (hdrs or {}).items():
                h.set(bucket, int(label), value)
        for cert in x5chain:
            der = cert.der
            c.check(lib.wallet_cose_headers_add_x5chain(c._p, h._p, _UNPROTECTED, der, len(der)))
        pb = to_bytes(payload)
        aad = bytes(external_aad)
        p, n = out_ptr(), ctypes.c_size_t()
        c.check(lib.wallet_cose_sign1_sign(
            c._p, ctypes.byref(p), ctypes.byref(n), key._p, int(Alg.parse(alg)), h._p, pb,
            len(pb), aad or None, len(aad),
            (_TAGGED if tagged else 0) | (_DETACHED if detached else 0)))
        return take_bytes(p, n)


def _buf(ptr: Any, n: ctypes.c_size_t) -> Optional[bytes]:
    return ctypes.string_at(ptr, n.value) if ptr else None


class CoseSign1(Handle):
    """A parsed COSE_Sign1 (``wallet_cose_sign1``). Nothing is trusted
    before :meth:`verify`; the payload is available only then."""

    _free_fn = lib.wallet_cose_sign1_free

    @classmethod
    def parse(cls, cbor: bytes, *, ctx: Optional[Context] = None) -> "CoseSign1":
        c = ctx_of(ctx)
        b = bytes(cbor)
        p = out_ptr()
        c.check(lib.wallet_cose_sign1_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    @property
    def alg(self) -> Alg:
        return Alg(lib.wallet_cose_sign1_alg(self._p))

    @property
    def kid(self) -> Optional[bytes]:
        n = ctypes.c_size_t()
        return _buf(lib.wallet_cose_sign1_kid(self._p, ctypes.byref(n)), n)

    def header(self, label: int) -> Optional[tuple[bytes, bool]]:
        """(raw CBOR of header ``label``, protected?) or None."""
        n, bucket = ctypes.c_size_t(), ctypes.c_int()
        raw = _buf(lib.wallet_cose_sign1_header(self._p, int(label), ctypes.byref(n),
                                                ctypes.byref(bucket)), n)
        return None if raw is None else (raw, bucket.value == _PROTECTED)

    @property
    def x5chain(self) -> list[Cert]:
        """The x5chain certificates, leaf first (unauthenticated)."""
        out = []
        for i in range(lib.wallet_cose_sign1_x5chain_count(self._p)):
            n = ctypes.c_size_t()
            der = _buf(lib.wallet_cose_sign1_x5chain(self._p, i, ctypes.byref(n)), n)
            out.append(Cert.from_der(der, ctx=self.ctx))
        return out

    @property
    def is_detached(self) -> bool:
        return bool(lib.wallet_cose_sign1_is_detached(self._p))

    def verify(self, key: Key, allowed: Optional[Iterable[AlgLike]] = None, *,
               external_aad: bytes = b"", detached: Optional[bytes] = None) -> bytes:
        """Verify over Sig_structure; the payload (``detached`` for a
        detached message). Raises CryptoError otherwise."""
        allow = algset(allowed) if allowed is not None else algset([key.alg])
        aad = bytes(external_aad)
        d = bytes(detached) if detached is not None else None
        self.ctx.check(lib.wallet_cose_sign1_verify(self.ctx._p, self._p, key._p, allow,
                                                    aad or None, len(aad), d,
                                                    len(d) if d is not None else 0))
        if d is not None:
            return d
        n = ctypes.c_size_t()
        p = lib.wallet_cose_sign1_payload(self._p, ctypes.byref(n))
        return ctypes.string_at(p, n.value) if p else b""
