"""JWE with ECDH-ES direct key agreement (jwe.h), as OpenID4VP uses it for
``direct_post.jwt`` responses: encrypt to a verifier's EC key, parse (pick
the key by kid), decrypt."""

from __future__ import annotations

import ctypes
import json
from typing import Iterable, Optional, Union

from ._base import Context, Data, Handle, JsonLike, ctx_of, dec, out_ptr, take_bytes, take_str, \
    to_bytes, to_json_bytes
from ._lib import lib
from .core import Key
from .errors import ErrorCode, error_for

__all__ = ["Jwe", "jwe_encrypt", "ENCS"]

ENCS = ("A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512")


def _enc(name: str) -> int:
    v = lib.wallet_jwe_enc_from_name(name.encode())
    if v == 0:
        raise error_for(ErrorCode.JWE_ENC, f"unknown content encryption {name!r}")
    return v


def jwe_encrypt(recipient: Key, plaintext: Data, *, enc: str = "A128GCM",
                apu: Optional[bytes] = None, apv: Optional[bytes] = None,
                header: Optional[JsonLike] = None, ctx: Optional[Context] = None) -> str:
    """A compact JWE ("alg": "ECDH-ES") of ``plaintext`` to ``recipient``
    (an EC key on P-256, P-384 or P-521; its kid is echoed)."""
    c = ctx if ctx is not None else recipient.ctx
    pt = to_json_bytes(plaintext) if isinstance(plaintext, (dict, list)) else to_bytes(plaintext)
    h = None if header is None else to_json_bytes(header)
    p = out_ptr()
    c.check(lib.wallet_jwe_encrypt(c._p, ctypes.byref(p), recipient._p, _enc(enc),
                                   apu, len(apu) if apu else 0, apv, len(apv) if apv else 0,
                                   h, pt, len(pt)))
    return take_str(p)


class Jwe(Handle):
    """A parsed compact JWE (``wallet_jwe``): the header is unauthenticated
    until :meth:`decrypt` succeeds."""

    _free_fn = lib.wallet_jwe_free

    @classmethod
    def parse(cls, text: Union[str, bytes], *, ctx: Optional[Context] = None) -> "Jwe":
        c = ctx_of(ctx)
        b = to_bytes(text)
        p = out_ptr()
        c.check(lib.wallet_jwe_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    @property
    def header(self) -> dict:
        return json.loads(lib.wallet_jwe_header_json(self._p))

    @property
    def kid(self) -> Optional[str]:
        return dec(lib.wallet_jwe_kid(self._p))

    @property
    def alg(self) -> str:
        return lib.wallet_jwe_alg(self._p).decode()

    @property
    def enc(self) -> Optional[str]:
        return dec(lib.wallet_jwe_enc_name(lib.wallet_jwe_content_enc(self._p)))

    def decrypt(self, recipient: Key, allowed: Iterable[str] = ("A128GCM", "A256GCM")) -> bytes:
        """The authenticated plaintext, decrypted with the recipient's
        private key, accepting only the ``allowed`` "enc" values."""
        bits = 0
        for name in ([allowed] if isinstance(allowed, str) else allowed):
            bits |= 1 << _enc(name)
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_jwe_decrypt(self.ctx._p, ctypes.byref(p), ctypes.byref(n),
                                              self._p, recipient._p, bits))
        return take_bytes(p, n)
