"""JSON Web Signature (RFC 7515, jws.h): sign (compact and JSON
serializations) and verify in two steps, so that the key can be chosen from
the header before anything is trusted."""

from __future__ import annotations

import ctypes
import json
from typing import Iterable, Optional, Sequence

from ._base import Context, Data, Handle, JsonLike, ctx_of, dec, out_ptr, ptr_array, take_str, \
    to_bytes, to_json_bytes
from ._lib import lib
from .core import Alg, AlgLike, Key, algset

__all__ = ["Jws", "jws_sign", "jws_sign_json"]


def jws_sign(key: Key, payload: Data, *, header: Optional[JsonLike] = None,
             alg: Optional[AlgLike] = None, ctx: Optional[Context] = None) -> str:
    """A compact JWS over ``payload``: protected header "alg" (the key's
    default), "kid" when the key has one, then the members of ``header``
    (which may not set "alg"; its "kid" replaces the key's)."""
    c = ctx if ctx is not None else key.ctx
    p_bytes = to_json_bytes(payload) if isinstance(payload, (dict, list)) else to_bytes(payload)
    h = None if header is None else to_json_bytes(header)
    p = out_ptr()
    c.check(lib.wallet_jws_sign_compact(c._p, ctypes.byref(p), key._p, int(Alg.parse(alg)), h,
                                        p_bytes, len(p_bytes)))
    return take_str(p)


def jws_sign_json(keys: Sequence[Key], payload: Data, *,
                  ctx: Optional[Context] = None) -> str:
    """The JWS JSON serialization: flattened with one key, general with several."""
    if not keys:
        raise ValueError("at least one key is needed")
    c = ctx if ctx is not None else keys[0].ctx
    p_bytes = to_json_bytes(payload) if isinstance(payload, (dict, list)) else to_bytes(payload)
    arr, n = ptr_array(keys)
    p = out_ptr()
    c.check(lib.wallet_jws_sign_json(c._p, ctypes.byref(p), arr, n, p_bytes, len(p_bytes)))
    return take_str(p)


class Jws(Handle):
    """A parsed JWS (``wallet_jws``). Headers are NOT authenticated until
    :meth:`verify` succeeds; the payload is available only then."""

    _free_fn = lib.wallet_jws_free

    @classmethod
    def parse(cls, text: Data, *, ctx: Optional[Context] = None) -> "Jws":
        """Parse compact or JSON serialization (structure only)."""
        c = ctx_of(ctx)
        b = to_bytes(text)
        p = out_ptr()
        c.check(lib.wallet_jws_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    def set_detached_payload(self, payload: Data) -> "Jws":
        b = to_bytes(payload)
        self.ctx.check(lib.wallet_jws_set_detached_payload(self.ctx._p, self._p, b, len(b)))
        return self

    def __len__(self) -> int:
        """Number of signatures."""
        return lib.wallet_jws_signature_count(self._p)

    def header(self, index: int = 0) -> dict:
        """Protected header of signature ``index`` (unauthenticated before verify)."""
        raw = lib.wallet_jws_header_json(self._p, int(index))
        if raw is None:
            raise IndexError(index)
        return json.loads(raw)

    def kid(self, index: int = 0) -> Optional[str]:
        return dec(lib.wallet_jws_kid(self._p, int(index)))

    def alg(self, index: int = 0) -> Alg:
        return Alg(lib.wallet_jws_alg(self._p, int(index)))

    def verify(self, key: Key, allowed: Optional[Iterable[AlgLike]] = None) -> bytes:
        """Verify with ``key`` (one signature must verify; ``allowed``
        defaults to the key's algorithm); the payload. Raises CryptoError
        (SIGNATURE, ALG_NOT_ALLOWED, ...) otherwise."""
        allow = algset(allowed) if allowed is not None else algset([key.alg])
        self.ctx.check(lib.wallet_jws_verify(self.ctx._p, self._p, key._p, allow))
        return self.payload

    @property
    def verified_index(self) -> Optional[int]:
        i = lib.wallet_jws_verified_index(self._p)
        return None if i == ctypes.c_size_t(-1).value else i

    @property
    def payload(self) -> bytes:
        """The payload (raises ValueError before a successful verify)."""
        n = ctypes.c_size_t()
        p = lib.wallet_jws_payload(self._p, ctypes.byref(n))
        if not p:
            raise ValueError("the JWS is not verified: its payload is not available")
        return ctypes.string_at(p, n.value)
