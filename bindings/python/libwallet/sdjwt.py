"""SD-JWT and SD-JWT VC (RFC 9901, sdjwt.h): issue, hold and present,
verify."""

from __future__ import annotations

import ctypes
import json
from typing import Any, Iterable, Optional, Sequence

from ._base import (
    Context,
    Handle,
    JsonLike,
    ctx_of,
    opt_str,
    out_ptr,
    ptr_array,
    str_array,
    take_str,
    to_bytes,
    to_json_bytes,
)
from ._lib import lib
from .core import Cert, Key, Policy, Result, Trust, _result_call

__all__ = ["SdJwtIssuer", "SdJwt", "verify_sdjwt", "FORMAT"]

FORMAT = "dc+sd-jwt"

_JSON = 0x1
_COMPACT = 0x2
_EXACT = 0x4
_HASHES = {"sha-256": 1, "sha-384": 2, "sha-512": 3}


class SdJwtIssuer(Handle):
    """Builds SD-JWTs (``wallet_sdjwt_issuer``), one credential per
    :meth:`issue`, each with fresh salts and decoys.

    Example::

        b = SdJwtIssuer(issuer_key, claims={"given_name": "An", "age": 30},
                        disclosable=["given_name", "age"],
                        vct="https://city.example/citizen",
                        issuer="https://city.example", holder_key=holder.public())
        sd_jwt = b.issue()

    Claim paths are '.'-separated ("address.locality", "nationalities.1");
    a literal '.' or '\\' in a name is written "\\." or "\\\\".
    """

    _free_fn = lib.wallet_sdjwt_issuer_free

    def __init__(self, issuer_key: Key, *, claims: Optional[JsonLike] = None,
                 disclosable: Iterable[str] = (), all_disclosable: bool = False,
                 decoys: int = 0, hash_alg: str = "sha-256", issuer: Optional[str] = None,
                 vct: Optional[str] = None, holder_key: Optional[Key] = None,
                 status: Optional[tuple[str, int]] = None, iat: Optional[int] = None,
                 nbf: int = 0, exp: int = 0, typ: Optional[str] = "dc+sd-jwt",
                 kid: Optional[str] = None, x5c: Sequence[Cert] = (),
                 header: Optional[JsonLike] = None, extra_signers: Iterable[Key] = (),
                 ctx: Optional[Context] = None) -> None:
        c = ctx if ctx is not None else issuer_key.ctx
        p = out_ptr()
        c.check(lib.wallet_sdjwt_issuer_new(c._p, ctypes.byref(p), issuer_key._p))
        super().__init__(p.value, c)
        self._refs: list[Any] = [issuer_key]
        if claims is not None:
            self.set_claims(claims)
        for path in ([disclosable] if isinstance(disclosable, str) else disclosable):
            self.add_disclosable(path)
        if all_disclosable:
            self.set_all_disclosable(True)
        if decoys:
            self.set_decoys(decoys)
        if hash_alg != "sha-256":
            self.set_hash(hash_alg)
        if issuer is not None:
            self.set_issuer(issuer)
        if vct is not None:
            self.set_vct(vct)
        if holder_key is not None:
            self.set_holder_key(holder_key)
        if status is not None:
            self.set_status(*status)
        if iat is not None or nbf or exp:
            self.set_validity(c.now if iat is None else iat, nbf, exp)
        if typ != "dc+sd-jwt":
            self.set_typ(typ)
        if kid is not None:
            self.set_kid(kid)
        if x5c:
            self.set_x5c(x5c)
        if header is not None:
            self.set_header(header)
        for k in extra_signers:
            self.add_signer(k)

    def _call(self, fn: Any, *args: Any) -> "SdJwtIssuer":
        self.ctx.check(fn(self.ctx._p, self._p, *args))
        return self

    def set_claims(self, claims: JsonLike) -> "SdJwtIssuer":
        """The claims (a JSON object); replaces earlier claims and paths."""
        b = to_json_bytes(claims)
        return self._call(lib.wallet_sdjwt_issuer_set_claims, b, len(b))

    def add_disclosable(self, path: str) -> "SdJwtIssuer":
        """Make the claim at ``path`` selectively disclosable."""
        return self._call(lib.wallet_sdjwt_issuer_add_disclosable, path.encode())

    def set_all_disclosable(self, on: bool = True) -> "SdJwtIssuer":
        return self._call(lib.wallet_sdjwt_issuer_set_all_disclosable, 1 if on else 0)

    def set_decoys(self, count: int) -> "SdJwtIssuer":
        return self._call(lib.wallet_sdjwt_issuer_set_decoys, int(count))

    def set_hash(self, hash_alg: str) -> "SdJwtIssuer":
        """"_sd_alg": "sha-256", "sha-384" or "sha-512"."""
        if hash_alg not in _HASHES:
            raise ValueError(f"unknown SD-JWT hash {hash_alg!r}")
        return self._call(lib.wallet_sdjwt_issuer_set_hash, _HASHES[hash_alg])

    def set_issuer(self, iss: Optional[str]) -> "SdJwtIssuer":
        return self._call(lib.wallet_sdjwt_issuer_set_issuer, opt_str(iss))

    def set_vct(self, vct: str) -> "SdJwtIssuer":
        return self._call(lib.wallet_sdjwt_issuer_set_vct, vct.encode())

    def set_holder_key(self, key: Optional[Key]) -> "SdJwtIssuer":
        """Bind to a holder key ("cnf"); only its public half is used."""
        self._call(lib.wallet_sdjwt_issuer_set_holder_key, key._p if key is not None else None)
        self._refs.append(key)
        return self

    def set_status(self, uri: Optional[str], idx: int = 0) -> "SdJwtIssuer":
        """Token Status List reference; ``uri`` None removes it."""
        return self._call(lib.wallet_sdjwt_issuer_set_status, opt_str(uri), int(idx))

    def set_validity(self, iat: int, nbf: int = 0, exp: int = 0) -> "SdJwtIssuer":
        """"iat", "nbf", "exp" (0 leaves a claim out)."""
        return self._call(lib.wallet_sdjwt_issuer_set_validity, int(iat), int(nbf), int(exp))

    def set_typ(self, typ: Optional[str]) -> "SdJwtIssuer":
        return self._call(lib.wallet_sdjwt_issuer_set_typ, opt_str(typ))

    def set_kid(self, kid: Optional[str]) -> "SdJwtIssuer":
        return self._call(lib.wallet_sdjwt_issuer_set_kid, opt_str(kid))

    def set_x5c(self, chain: Sequence[Cert]) -> "SdJwtIssuer":
        """Header "x5c", leaf first (the certificates are kept referenced)."""
        arr, n = ptr_array(chain)
        self._call(lib.wallet_sdjwt_issuer_set_x5c, arr, n)
        self._refs.append(list(chain))
        return self

    def set_header(self, header: Optional[JsonLike]) -> "SdJwtIssuer":
        """Further protected header members (not alg, typ, kid, x5c)."""
        b = None if header is None else to_json_bytes(header)
        return self._call(lib.wallet_sdjwt_issuer_set_header_json, b)

    def add_signer(self, key: Key) -> "SdJwtIssuer":
        """A further signature in the JWS General JSON serialization."""
        self._call(lib.wallet_sdjwt_issuer_add_signer, key._p)
        self._refs.append(key)
        return self

    def issue(self, json_serialization: bool = False) -> str:
        """Sign: the SD-JWT text (compact "...~", or JWS JSON serialization)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_sdjwt_issuer_issue(self.ctx._p, ctypes.byref(p), self._p,
                                                      _JSON if json_serialization else 0))
        return take_str(p)

    def close(self) -> None:
        super().close()
        self._refs = []


class SdJwt(Handle):
    """An SD-JWT as the holder received it (``wallet_sdjwt``).

    :meth:`parse` checks structure only — the issuer signature is NOT
    verified; use :func:`verify_sdjwt` on the same text before relying on
    the content.
    """

    _free_fn = lib.wallet_sdjwt_free

    @classmethod
    def parse(cls, text: str, *, ctx: Optional[Context] = None) -> "SdJwt":
        c = ctx_of(ctx)
        b = to_bytes(text)
        p = out_ptr()
        c.check(lib.wallet_sdjwt_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    @property
    def claims(self) -> dict:
        """Claims with every held Disclosure applied (not verified)."""
        return json.loads(lib.wallet_sdjwt_claims_json(self._p).decode("utf-8"))

    @property
    def disclosures(self) -> list[tuple[str, Any]]:
        """(path, value) of each disclosable claim, in the SD-JWT's order."""
        n = lib.wallet_sdjwt_disclosure_count(self._p)
        out = []
        for i in range(n):
            path = lib.wallet_sdjwt_disclosure_path(self._p, i).decode("utf-8")
            value = json.loads(lib.wallet_sdjwt_disclosure_value_json(self._p, i))
            out.append((path, value))
        return out

    @property
    def paths(self) -> list[str]:
        """The disclosable claim paths."""
        return [p for p, _ in self.disclosures]

    def present(self, paths: Sequence[str] = (), *, holder_key: Optional[Key] = None,
                aud: Optional[str] = None, nonce: Optional[str] = None,
                transaction_data: Sequence[str] = (), transaction_data_hash_alg:
                Optional[str] = None, exact: bool = False,
                json_serialization: Optional[bool] = None) -> str:
        """A presentation disclosing ``paths`` (with their parents, and —
        unless ``exact`` — what is nested below them).

        With ``holder_key`` (the "cnf" key's private half or a signer) a
        KB-JWT over ``aud`` and ``nonce`` (both required then) is appended.
        ``json_serialization`` True / False forces the JSON / compact form;
        None keeps the held SD-JWT's.
        """
        arr, n = str_array(paths)
        flags = _EXACT if exact else 0
        if json_serialization is True:
            flags |= _JSON
        elif json_serialization is False:
            flags |= _COMPACT
        p = out_ptr()
        hk = holder_key._p if holder_key is not None else None
        if transaction_data:
            td, ntd = str_array(transaction_data)
            err = lib.wallet_sdjwt_present_with_transaction_data(
                self.ctx._p, ctypes.byref(p), self._p, arr, n, hk, opt_str(aud),
                opt_str(nonce), td, ntd, opt_str(transaction_data_hash_alg), flags)
        else:
            err = lib.wallet_sdjwt_present(self.ctx._p, ctypes.byref(p), self._p, arr, n, hk,
                                           opt_str(aud), opt_str(nonce), flags)
        self.ctx.check(err)
        return take_str(p)


def verify_sdjwt(text: str, trust: Trust, policy: Optional[Policy] = None, *,
                 ctx: Optional[Context] = None) -> Result:
    """Verify an SD-JWT or SD-JWT+KB (every RFC 9901 §7 check): a
    :class:`Result` holding only the disclosed claims, valid or not."""
    c = ctx if ctx is not None else trust.ctx
    b = to_bytes(text)
    return _result_call(c, lib.wallet_sdjwt_verify, trust._p,
                        policy._p if policy is not None else None, b, len(b))
