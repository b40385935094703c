"""Keys, certificates, trust sets, policies and wallet_verify() (key.h,
x509.h, trust.h, verify.h, result.h)."""

from __future__ import annotations

import ctypes
import enum
import json
from typing import Any, Iterable, Optional, Sequence, Union

from ._base import (
    Context,
    Data,
    Handle,
    JsonLike,
    ctx_of,
    dec,
    opt_str,
    out_ptr,
    ptr_array,
    str_array,
    take_bytes,
    take_str,
    to_bytes,
    to_json_bytes,
    write_signature,
)
from ._lib import SIGN_FN, lib
from .errors import ErrorCode, error_for

__all__ = [
    "Alg", "Kty", "Curve", "Limit", "Key", "Cert", "CertBuilder", "CertProfile", "TrustRole",
    "Trust", "Policy", "Result", "verify", "algset", "version",
]


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return lib.wallet_version().decode()


class Alg(enum.IntEnum):
    """Signature algorithms (wallet_alg, key.h)."""

    NONE = 0
    ES256 = 1
    ES384 = 2
    ES512 = 3
    EDDSA = 4
    ES256K = 5
    PS256 = 6
    PS384 = 7
    PS512 = 8
    RS256 = 9
    RS384 = 10
    RS512 = 11

    @property
    def jose_name(self) -> Optional[str]:
        """The JOSE "alg" name ("ES256", "EdDSA", ...); None for NONE."""
        return dec(lib.wallet_alg_name(int(self)))

    @classmethod
    def parse(cls, alg: Union["Alg", str, int, None]) -> "Alg":
        """An Alg from itself, its JOSE name ("ES256", "EdDSA") or its number."""
        if alg is None:
            return cls.NONE
        if isinstance(alg, str):
            v = lib.wallet_alg_from_name(alg.encode())
            if v == 0:
                raise error_for(ErrorCode.ALG_UNSUPPORTED, f"unknown algorithm name {alg!r}")
            return cls(v)
        return cls(int(alg))


AlgLike = Union[Alg, str, int]


def algset(algs: Optional[Iterable[AlgLike]]) -> int:
    """A wallet_algset bit set from algorithms (None: 0)."""
    if algs is None:
        return 0
    bits = 0
    for a in algs:
        bits |= 1 << int(Alg.parse(a))
    return bits


class Kty(enum.IntEnum):
    EC = 1
    OKP = 2
    RSA = 3


class Curve(enum.IntEnum):
    NONE = 0
    P256 = 1
    P384 = 2
    P521 = 3
    SECP256K1 = 4
    ED25519 = 5
    ED448 = 6


class Limit(enum.IntEnum):
    """Context limits on untrusted input (wallet_limit, ctx.h)."""

    INPUT_BYTES = 0
    JSON_DEPTH = 1
    CBOR_DEPTH = 2
    CBOR_ITEMS = 3
    DISCLOSURES = 4
    INFLATE_BYTES = 5
    CHAIN_LENGTH = 6
    CLOCK_SKEW = 7
    HTTP_TIMEOUT = 8
    HTTP_BYTES = 9


_EXPORT_PUBLIC = 0
_EXPORT_PRIVATE = 1


class Key(Handle):
    """A public key, key pair or external signer (``wallet_key``).

    Make one with :meth:`generate`, :meth:`from_jwk`, :meth:`from_pem`,
    :meth:`from_der` or :meth:`from_cose_key`. Keys are immutable except
    for their ``kid`` and may be shared between threads.
    """

    _free_fn = lib.wallet_key_free

    @classmethod
    def _make(cls, ctx: Context, fn: Any, *args: Any) -> "Key":
        p = out_ptr()
        ctx.check(fn(ctx._p, ctypes.byref(p), *args))
        return cls(p.value, ctx)

    @classmethod
    def generate(cls, alg: AlgLike = Alg.ES256, *, ctx: Optional[Context] = None) -> "Key":
        """A new key pair for ES256, ES384, ES512, EdDSA (Ed25519) or ES256K."""
        c = ctx_of(ctx)
        return cls._make(c, lib.wallet_key_generate, int(Alg.parse(alg)))

    @classmethod
    def from_jwk(cls, jwk: JsonLike, *, ctx: Optional[Context] = None) -> "Key":
        """Import a JWK (text or dict); private members are used when present."""
        c = ctx_of(ctx)
        b = to_json_bytes(jwk)
        return cls._make(c, lib.wallet_key_from_jwk, b, len(b))

    @classmethod
    def from_pem(cls, pem: Data, *, ctx: Optional[Context] = None) -> "Key":
        """Import PEM: PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY or CERTIFICATE."""
        c = ctx_of(ctx)
        b = to_bytes(pem)
        return cls._make(c, lib.wallet_key_from_pem, b, len(b))

    @classmethod
    def from_der(cls, der: bytes, *, ctx: Optional[Context] = None) -> "Key":
        """Import DER: PKCS#8, SEC1 or SubjectPublicKeyInfo."""
        c = ctx_of(ctx)
        b = to_bytes(der)
        return cls._make(c, lib.wallet_key_from_der, b, len(b))

    @classmethod
    def from_cose_key(cls, cbor: bytes, *, ctx: Optional[Context] = None) -> "Key":
        """Import a COSE_Key (CBOR bytes)."""
        c = ctx_of(ctx)
        b = to_bytes(cbor)
        return cls._make(c, lib.wallet_key_from_cose_key, b, len(b))

    @classmethod
    def from_signer(cls, public_key: "Key", sign: Any, alg: Optional[AlgLike] = None, *,
                    der: bool = False, ctx: Optional[Context] = None) -> "Key":
        """An external signer (keystore, HSM): ``sign(alg, message) -> bytes``
        signs the message itself (not a digest) with the private key of
        ``public_key``. ECDSA signatures are raw r||s, or DER with
        ``der=True``. Any exception, or an empty or oversized result, makes
        the signing call fail with ``ErrorCode.SIGNER_FAILED``. Accepted
        wherever a private key is."""
        c = ctx if ctx is not None else public_key.ctx

        def trampoline(_user: Any, a: int, msg: Any, msg_len: int, out: Any,
                       out_len: Any) -> int:
            try:
                sig = sign(Alg(a), ctypes.string_at(msg, msg_len))
                return write_signature(sig, out, out_len)
            except Exception:  # must not unwind through C
                return int(ErrorCode.SIGNER_FAILED)

        cb = SIGN_FN(trampoline)
        a = Alg.parse(alg) if alg is not None else public_key.alg
        key = cls._make(c, lib.wallet_key_from_signer, public_key._p, int(a), cb, None,
                        1 if der else 0)
        key._signer_cb = cb  # the C key calls it for as long as the key lives
        return key

    @classmethod
    def _copy_of(cls, ptr: Optional[int], ctx: Context) -> Optional["Key"]:
        """An independent public copy of a key owned by another object."""
        if not ptr:
            return None
        return cls._make(ctx, lib.wallet_key_public, ptr)

    def to_jwk(self, private: bool = False) -> str:
        """JWK text (RFC 7638 member order, then "alg" and "kid").

        ``private=True`` includes the private members (the C copy is wiped
        before it is released; the returned ``str`` is the caller's to protect).
        """
        p = out_ptr()
        self.ctx.check(lib.wallet_key_to_jwk(self.ctx._p, ctypes.byref(p), self._p,
                                              _EXPORT_PRIVATE if private else _EXPORT_PUBLIC))
        return take_str(p, secret=private)

    def jwk(self, private: bool = False) -> dict:
        """The JWK as a dict."""
        return json.loads(self.to_jwk(private))

    def to_pem(self, private: bool = False) -> str:
        """PEM: PUBLIC KEY (SPKI) or PRIVATE KEY (PKCS#8)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_key_to_pem(self.ctx._p, ctypes.byref(p), self._p,
                                              _EXPORT_PRIVATE if private else _EXPORT_PUBLIC))
        return take_str(p, secret=private)

    def to_der(self, private: bool = False) -> bytes:
        """DER: SPKI or PKCS#8."""
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_key_to_der(self.ctx._p, ctypes.byref(p), ctypes.byref(n),
                                              self._p,
                                              _EXPORT_PRIVATE if private else _EXPORT_PUBLIC))
        return take_bytes(p, n)

    def to_cose_key(self, private: bool = False) -> bytes:
        """COSE_Key, deterministic CBOR."""
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_key_to_cose_key(self.ctx._p, ctypes.byref(p),
                                                   ctypes.byref(n), self._p,
                                                   _EXPORT_PRIVATE if private
                                                   else _EXPORT_PUBLIC))
        return take_bytes(p, n)

    def thumbprint(self) -> bytes:
        """RFC 7638 JWK thumbprint (SHA-256, 32 bytes)."""
        buf = ctypes.create_string_buffer(32)
        self.ctx.check(lib.wallet_key_thumbprint(self.ctx._p, buf, self._p))
        return buf.raw

    def public(self) -> "Key":
        """A new key holding only the public half."""
        return Key._make(self.ctx, lib.wallet_key_public, self._p)

    def equal_public(self, other: "Key") -> bool:
        """True when both keys have the same public half."""
        return bool(lib.wallet_key_equal_public(self._p, other._p))

    @property
    def alg(self) -> Alg:
        """The key's default signature algorithm."""
        return Alg(lib.wallet_key_alg(self._p))

    @property
    def kty(self) -> Kty:
        return Kty(lib.wallet_key_kty(self._p))

    @property
    def curve(self) -> Curve:
        return Curve(lib.wallet_key_curve(self._p))

    @property
    def can_sign(self) -> bool:
        """True for a private key or an external signer."""
        return bool(lib.wallet_key_can_sign(self._p))

    @property
    def kid(self) -> Optional[str]:
        """The key id (settable; None clears it)."""
        return dec(lib.wallet_key_kid(self._p))

    @kid.setter
    def kid(self, value: Optional[str]) -> None:
        self.ctx.check(lib.wallet_key_set_kid(self.ctx._p, self._p, opt_str(value)))

    def sign(self, msg: Data, alg: Optional[AlgLike] = None) -> bytes:
        """Sign ``msg``; the signature is the JOSE/COSE form (r||s for ECDSA)."""
        m = to_bytes(msg)
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_sign(self.ctx._p, ctypes.byref(p), ctypes.byref(n), self._p,
                                        int(Alg.parse(alg)), m, len(m)))
        return take_bytes(p, n)

    def verify_signature(self, msg: Data, sig: bytes, alg: Optional[AlgLike] = None,
                         allowed: Optional[Iterable[AlgLike]] = None) -> None:
        """Check a JOSE/COSE-form signature; raises CryptoError when it fails.

        ``alg`` defaults to the key's algorithm, ``allowed`` to just that one.
        """
        a = Alg.parse(alg) if alg is not None else self.alg
        allow = algset(allowed) if allowed is not None else algset([a])
        m, s = to_bytes(msg), bytes(sig)
        self.ctx.check(lib.wallet_verify_signature(self.ctx._p, self._p, int(a), allow,
                                                    m, len(m), s, len(s)))

    def __repr__(self) -> str:
        if not self._ptr:
            return "<Key closed>"
        return f"<Key {self.alg.name} {'private' if self.can_sign else 'public'} kid={self.kid!r}>"


class CertProfile(enum.IntEnum):
    CA = 1
    LEAF = 2
    MDOC_IACA = 3
    MDOC_DS = 4


class Cert(Handle):
    """An X.509 certificate (``wallet_cert``)."""

    _free_fn = lib.wallet_cert_free

    @classmethod
    def from_der(cls, der: bytes, *, ctx: Optional[Context] = None) -> "Cert":
        c = ctx_of(ctx)
        b = bytes(der)
        p = out_ptr()
        c.check(lib.wallet_cert_from_der(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    @classmethod
    def from_pem(cls, pem: Data, *, ctx: Optional[Context] = None) -> list["Cert"]:
        """Every CERTIFICATE block of a PEM text, in order."""
        c = ctx_of(ctx)
        b = to_bytes(pem)
        arr = ctypes.POINTER(ctypes.c_void_p)()
        n = ctypes.c_size_t()
        c.check(lib.wallet_cert_from_pem(c._p, ctypes.byref(arr), ctypes.byref(n), b, len(b)))
        try:
            return [cls(arr[i], c) for i in range(n.value)]
        finally:
            # The certificates now belong to the Cert objects; only the array goes.
            lib.wallet_free(ctypes.cast(arr, ctypes.c_void_p))

    @property
    def der(self) -> bytes:
        n = ctypes.c_size_t()
        p = lib.wallet_cert_der(self._p, ctypes.byref(n))
        return ctypes.string_at(p, n.value)

    def to_pem(self) -> str:
        p = out_ptr()
        self.ctx.check(lib.wallet_cert_to_pem(self.ctx._p, ctypes.byref(p), self._p))
        return take_str(p)

    @property
    def subject(self) -> str:
        """Subject DN, RFC 4514 ("CN=...,O=...,C=..")."""
        p = out_ptr()
        self.ctx.check(lib.wallet_cert_subject(self.ctx._p, ctypes.byref(p), self._p))
        return take_str(p)

    @property
    def issuer(self) -> str:
        p = out_ptr()
        self.ctx.check(lib.wallet_cert_issuer(self.ctx._p, ctypes.byref(p), self._p))
        return take_str(p)

    @property
    def validity(self) -> tuple[int, int]:
        """(not_before, not_after), seconds since the epoch."""
        a, b = ctypes.c_int64(), ctypes.c_int64()
        self.ctx.check(lib.wallet_cert_validity(self.ctx._p, ctypes.byref(a), ctypes.byref(b),
                                                 self._p))
        return a.value, b.value

    def public_key(self) -> Key:
        p = out_ptr()
        self.ctx.check(lib.wallet_cert_public_key(self.ctx._p, ctypes.byref(p), self._p))
        return Key(p.value, self.ctx)

    def sha256(self) -> bytes:
        buf = ctypes.create_string_buffer(32)
        self.ctx.check(lib.wallet_cert_sha256(self.ctx._p, buf, self._p))
        return buf.raw

    def has_eku(self, oid: str) -> Optional[bool]:
        """True / False for an EKU extension with / without ``oid``; None without EKU."""
        v = lib.wallet_cert_has_eku(self._p, oid.encode())
        return None if v < 0 else bool(v)

    def verify_chain(self, roots: Sequence["Cert"],
                     intermediates: Sequence["Cert"] = ()) -> None:
        """Check that this certificate chains to one of ``roots`` at the
        context's time; raises CryptoError / PolicyError otherwise."""
        ia, ni = ptr_array(intermediates)
        ra, nr = ptr_array(roots)
        self.ctx.check(lib.wallet_cert_verify_chain(self.ctx._p, self._p, ia, ni, ra, nr))

    def __repr__(self) -> str:
        return f"<Cert {self.subject}>" if self._ptr else "<Cert closed>"


class CertBuilder(Handle):
    """Make certificates (``wallet_cert_builder``): roots, leaves, and the
    ISO/IEC 18013-5 IACA and document-signer profiles."""

    _free_fn = lib.wallet_cert_builder_free

    def __init__(self, profile: CertProfile, subject: str, *,
                 not_before: Optional[int] = None, not_after: Optional[int] = None,
                 san_dns: Iterable[str] = (), san_uri: Iterable[str] = (),
                 issuer_alt_uri: Optional[str] = None, eku: Iterable[str] = (),
                 ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        p = out_ptr()
        c.check(lib.wallet_cert_builder_new(c._p, ctypes.byref(p), int(profile)))
        super().__init__(p.value, c)
        c.check(lib.wallet_cert_builder_set_subject(c._p, self._p, subject.encode()))
        if not_before is not None or not_after is not None:
            nb = c.now if not_before is None else not_before
            na = nb + 365 * 86400 if not_after is None else not_after
            c.check(lib.wallet_cert_builder_set_validity(c._p, self._p, nb, na))
        for n in san_dns:
            c.check(lib.wallet_cert_builder_add_san_dns(c._p, self._p, n.encode()))
        for u in san_uri:
            c.check(lib.wallet_cert_builder_add_san_uri(c._p, self._p, u.encode()))
        if issuer_alt_uri is not None:
            c.check(lib.wallet_cert_builder_set_issuer_alt_uri(c._p, self._p,
                                                                issuer_alt_uri.encode()))
        for oid in eku:
            c.check(lib.wallet_cert_builder_add_eku(c._p, self._p, oid.encode()))

    def sign(self, subject_key: Key, issuer_key: Key,
             issuer_cert: Optional[Cert] = None) -> Cert:
        """Issue the certificate for ``subject_key``; self-signed when
        ``issuer_cert`` is None (then ``issuer_key`` is subject_key's private half)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_cert_builder_sign(
            self.ctx._p, ctypes.byref(p), self._p, subject_key._p, issuer_key._p,
            issuer_cert._p if issuer_cert is not None else None))
        return Cert(p.value, self.ctx)


class TrustRole(enum.IntEnum):
    AUTO = 0
    ROOT = 1
    SIGNER = 2


class Trust(Handle):
    """What a verifier trusts (``wallet_trust``): issuer keys, X.509 roots,
    directly trusted signer certificates, issuers by identifier.

    Build it once and share it read-only between threads.
    """

    _free_fn = lib.wallet_trust_free

    def __init__(self, *, keys: Iterable[Key] = (), certs: Iterable[Cert] = (),
                 pem: Optional[Data] = None, jwks: Optional[JsonLike] = None,
                 directory: Optional[str] = None, ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        p = out_ptr()
        c.check(lib.wallet_trust_new(c._p, ctypes.byref(p)))
        super().__init__(p.value, c)
        for k in keys:
            self.add_key(k)
        for cert in certs:
            self.add_cert(cert)
        if pem is not None:
            self.add_pem(pem)
        if jwks is not None:
            self.add_jwks(jwks)
        if directory is not None:
            self.load_dir(directory)

    def add_key(self, key: Key) -> "Trust":
        """Trust a public key (only its public half is kept)."""
        self.ctx.check(lib.wallet_trust_add_key(self.ctx._p, self._p, key._p))
        return self

    def add_jwks(self, jwks: JsonLike) -> "Trust":
        """Trust every usable key of a JWK or JWK Set."""
        b = to_json_bytes(jwks)
        self.ctx.check(lib.wallet_trust_add_jwks(self.ctx._p, self._p, b, len(b)))
        return self

    def add_cert(self, cert: Cert, role: TrustRole = TrustRole.ROOT) -> "Trust":
        """Trust a certificate as a ROOT (trust anchor) or a direct SIGNER."""
        if role == TrustRole.AUTO:
            return self.add_pem(cert.to_pem())
        self.ctx.check(lib.wallet_trust_add_cert(self.ctx._p, self._p, cert._p, int(role)))
        return self

    def add_pem(self, pem: Data, role: TrustRole = TrustRole.AUTO) -> "Trust":
        """Trust every certificate of a PEM text (AUTO: self-signed CA → ROOT)."""
        b = to_bytes(pem)
        self.ctx.check(lib.wallet_trust_add_pem(self.ctx._p, self._p, b, len(b), int(role)))
        return self

    def load_dir(self, path: str) -> "Trust":
        """Load *.jwk, *.json, *.issuer.json, *.pem, *.crt files of a directory."""
        self.ctx.check(lib.wallet_trust_load_dir(self.ctx._p, self._p, path.encode()))
        return self

    def add_issuer(self, iss: str) -> "Trust":
        """Trust an issuer by identifier (JWT VC Issuer Metadata, fetched on use)."""
        self.ctx.check(lib.wallet_trust_add_issuer(self.ctx._p, self._p, iss.encode()))
        return self

    def add_issuer_metadata(self, metadata: JsonLike) -> "Trust":
        """Trust an issuer with its JWT VC Issuer Metadata given here."""
        b = to_json_bytes(metadata)
        self.ctx.check(lib.wallet_trust_add_issuer_metadata(self.ctx._p, self._p, b, len(b)))
        return self

    def issuer_metadata(self, iss: str) -> dict:
        """The metadata held for ``iss`` with its keys by value."""
        p = out_ptr()
        self.ctx.check(lib.wallet_trust_issuer_metadata_json(self.ctx._p, ctypes.byref(p),
                                                              self._p, iss.encode()))
        return json.loads(take_str(p))

    @property
    def key_count(self) -> int:
        return lib.wallet_trust_key_count(self._p)

    @property
    def issuer_count(self) -> int:
        return lib.wallet_trust_issuer_count(self._p)

    def cert_count(self, role: TrustRole = TrustRole.ROOT) -> int:
        return lib.wallet_trust_cert_count(self._p, int(role))


class Policy(Handle):
    """What a verification requires (``wallet_policy``).

    Every keyword of the constructor is also a method (``set_nonce()``, ...).
    The policy keeps Python references to the keys, status cache and
    snapshot it is given, so they live at least as long as it does.
    """

    _free_fn = lib.wallet_policy_free

    def __init__(self, *, algs: Optional[Iterable[AlgLike]] = None,
                 audience: Optional[str] = None, nonce: Optional[str] = None,
                 holder_binding: bool = False, kb_max_age: Optional[int] = None,
                 sdjwt_types: Optional[Sequence[str]] = None,
                 transaction_data: Optional[Sequence[str]] = None,
                 transaction_data_hash_algs: Optional[Sequence[str]] = None,
                 session_transcript: Optional[bytes] = None, reader_key: Optional[Key] = None,
                 doctype: Optional[str] = None, status_cache: Any = None,
                 status_snapshot: Any = None, status_max_age: int = 0,
                 require_status: bool = False, ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        p = out_ptr()
        c.check(lib.wallet_policy_new(c._p, ctypes.byref(p)))
        super().__init__(p.value, c)
        self._refs: dict[str, Any] = {}
        if algs is not None:
            self.set_algs(algs)
        if audience is not None:
            self.set_audience(audience)
        if nonce is not None:
            self.set_nonce(nonce)
        if holder_binding:
            self.require_holder_binding(True)
        if kb_max_age is not None:
            self.set_kb_max_age(kb_max_age)
        if sdjwt_types is not None:
            self.set_sdjwt_types(sdjwt_types)
        if transaction_data is not None:
            self.set_transaction_data(transaction_data, transaction_data_hash_algs)
        if session_transcript is not None:
            self.set_session_transcript(session_transcript)
        if reader_key is not None:
            self.set_reader_key(reader_key)
        if doctype is not None:
            self.set_doctype(doctype)
        if status_cache is not None:
            self.set_status_cache(status_cache)
        if status_snapshot is not None:
            self.set_status_snapshot(status_snapshot, status_max_age)
        if require_status:
            self.require_status(True)

    def _call(self, fn: Any, *args: Any) -> "Policy":
        self.ctx.check(fn(self.ctx._p, self._p, *args))
        return self

    def set_algs(self, algs: Iterable[AlgLike]) -> "Policy":
        """Allowed signature algorithms (issuer and holder)."""
        return self._call(lib.wallet_policy_set_algs, algset(algs))

    def set_audience(self, aud: Optional[str]) -> "Policy":
        return self._call(lib.wallet_policy_set_audience, opt_str(aud))

    def set_nonce(self, nonce: Optional[str]) -> "Policy":
        return self._call(lib.wallet_policy_set_nonce, opt_str(nonce))

    def require_holder_binding(self, required: bool = True) -> "Policy":
        return self._call(lib.wallet_policy_require_holder_binding, 1 if required else 0)

    def set_kb_max_age(self, seconds: int) -> "Policy":
        return self._call(lib.wallet_policy_set_kb_max_age, int(seconds))

    def set_sdjwt_types(self, types: Sequence[str]) -> "Policy":
        arr, n = str_array(types)
        return self._call(lib.wallet_policy_set_sdjwt_types, arr, n)

    def set_transaction_data(self, transaction_data: Sequence[str],
                             hash_algs: Optional[Sequence[str]] = None) -> "Policy":
        td, ntd = str_array(transaction_data)
        ha, nha = str_array(hash_algs or ())
        return self._call(lib.wallet_policy_set_transaction_data, td, ntd, ha, nha)

    def set_session_transcript(self, transcript: Optional[bytes]) -> "Policy":
        """The mdoc SessionTranscript (CBOR array or tag-24 bytes); None clears."""
        if transcript is None:
            return self._call(lib.wallet_policy_set_session_transcript, None, 0)
        b = bytes(transcript)
        return self._call(lib.wallet_policy_set_session_transcript, b, len(b))

    def set_reader_key(self, key: Optional[Key]) -> "Policy":
        """The reader's ephemeral private key (mdoc DeviceMac)."""
        self._call(lib.wallet_policy_set_reader_key, key._p if key is not None else None)
        self._refs["reader_key"] = key
        return self

    def set_doctype(self, doctype: Optional[str]) -> "Policy":
        return self._call(lib.wallet_policy_set_doctype, opt_str(doctype))

    def set_status_cache(self, cache: Any) -> "Policy":
        """Check Token Status Lists through a :class:`StatusCache` (None: stop)."""
        self._call(lib.wallet_policy_set_status_cache, cache._p if cache is not None else None)
        self._refs["status_cache"] = cache
        return self

    def set_status_snapshot(self, snapshot: Any, max_age: int = 0) -> "Policy":
        """Check Token Status Lists from a :class:`StatusSnapshot` (None: stop)."""
        self._call(lib.wallet_policy_set_status_snapshot,
                   snapshot._p if snapshot is not None else None, int(max_age))
        self._refs["status_snapshot"] = snapshot
        return self

    def require_status(self, required: bool = True) -> "Policy":
        return self._call(lib.wallet_policy_require_status, 1 if required else 0)

    def close(self) -> None:
        super().close()
        self._refs = {}


class Result(Handle):
    """The outcome of a verification (``wallet_result``): one shape for every
    format.

    A result is valid (every check passed) or invalid (only ``format``,
    ``error`` and ``detail`` are set). Reading ``claims`` of an invalid
    result raises its :class:`WalletError`: there is no partially valid
    credential. :meth:`raise_for_error` raises it explicitly.
    """

    _free_fn = lib.wallet_result_free

    @property
    def valid(self) -> bool:
        return bool(lib.wallet_result_valid(self._p))

    def __bool__(self) -> bool:
        return self.valid

    @property
    def error(self) -> ErrorCode:
        """ErrorCode.OK when valid, else the first failing check."""
        return ErrorCode(lib.wallet_result_error(self._p))

    @property
    def error_name(self) -> str:
        """The error's stable lower-case name ("ok" when valid)."""
        return lib.wallet_err_str(lib.wallet_result_error(self._p)).decode()

    @property
    def detail(self) -> str:
        return lib.wallet_result_detail(self._p).decode("utf-8", "replace")

    def exception(self) -> Optional[Exception]:
        """The WalletError an invalid result stands for (None when valid)."""
        e = lib.wallet_result_error(self._p)
        return error_for(e, self.detail) if e else None

    def raise_for_error(self) -> "Result":
        """Raise the result's WalletError when invalid; return self when valid."""
        e = self.exception()
        if e is not None:
            raise e
        return self

    @property
    def format(self) -> Optional[str]:
        """"jws", "cose_sign1", "dc+sd-jwt", "mso_mdoc", "hc1" or None."""
        return dec(lib.wallet_result_format(self._p))

    @property
    def issuer(self) -> Optional[str]:
        return dec(lib.wallet_result_issuer(self._p))

    @property
    def type(self) -> Optional[str]:
        """vct / docType / hcert kind."""
        return dec(lib.wallet_result_type(self._p))

    @property
    def claims_json(self) -> Optional[str]:
        """The verified claims as JSON text (raises when invalid; None for a
        valid object that has no claims, e.g. a JWS over non-JSON bytes)."""
        self.raise_for_error()
        return dec(lib.wallet_result_claims_json(self._p))

    @property
    def claims(self) -> Optional[dict]:
        """The verified, disclosed claims (raises the error when invalid)."""
        text = self.claims_json
        return None if text is None else json.loads(text)

    @property
    def valid_from(self) -> int:
        return lib.wallet_result_valid_from(self._p)

    @property
    def valid_until(self) -> int:
        return lib.wallet_result_valid_until(self._p)

    @property
    def issued_at(self) -> int:
        return lib.wallet_result_issued_at(self._p)

    @property
    def status_uri(self) -> Optional[str]:
        return dec(lib.wallet_result_status_uri(self._p))

    @property
    def status_index(self) -> int:
        return lib.wallet_result_status_index(self._p)

    @property
    def status(self) -> int:
        """Token Status List status when checked (0 valid), -1 when not checked."""
        return lib.wallet_result_status(self._p)

    @property
    def holder_key(self) -> Optional[Key]:
        """A copy of the holder (confirmation) key, or None."""
        return Key._copy_of(lib.wallet_result_holder_key(self._p), self.ctx)

    @property
    def holder_auth(self) -> Optional[str]:
        """"none", "device_signature", "device_mac", "key_binding"..., or None."""
        return dec(lib.wallet_result_holder_auth(self._p))

    def to_json(self) -> str:
        """The whole result as a JSON object text."""
        p = out_ptr()
        self.ctx.check(lib.wallet_result_to_json(self.ctx._p, ctypes.byref(p), self._p))
        return take_str(p)

    def to_dict(self) -> dict:
        return json.loads(self.to_json())

    def __repr__(self) -> str:
        if not self._ptr:
            return "<Result closed>"
        if self.valid:
            return f"<Result valid format={self.format!r} type={self.type!r}>"
        return f"<Result invalid {self.error_name}: {self.detail}>"


def _result_call(ctx: Context, fn: Any, *args: Any) -> Result:
    """Run a verifier that always hands out a result (except for usage
    errors, which raise)."""
    p = out_ptr()
    err = fn(ctx._p, ctypes.byref(p), *args)
    if not p.value:
        ctx.check(err or ErrorCode.INTERNAL)
    return Result(p.value, ctx)


def verify(data: Data, trust: Trust, policy: Optional[Policy] = None, *,
           ctx: Optional[Context] = None) -> Result:
    """Detect the format of ``data`` (JWS, COSE_Sign1/CWT, SD-JWT, mdoc,
    HC1, QR PNG) and verify it against ``trust`` under ``policy``.

    Returns a :class:`Result`, valid or not; check ``result.valid`` or call
    ``result.raise_for_error()``.
    """
    c = ctx if ctx is not None else trust.ctx
    b = to_bytes(data)
    return _result_call(c, lib.wallet_verify, trust._p,
                        policy._p if policy is not None else None, b, len(b))
