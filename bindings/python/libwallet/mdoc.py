"""ISO/IEC 18013-5 mdoc / mDL (mdoc.h): issue, present (DeviceResponse),
verify, SessionTranscripts.

Elements are given and returned as JSON-like dicts
``{"namespace": {"element": value}}``. When issuing, ``{"$date":
"YYYY-MM-DD"}`` is a full-date, ``{"$tdate": "..."}`` a tdate and
``{"$bytes": "base64url"}`` a byte string.
"""

from __future__ import annotations

import ctypes
import enum
import json
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from ._base import (
    Context,
    Handle,
    JsonLike,
    ctx_of,
    dec,
    opt_str,
    out_ptr,
    ptr_array,
    take_bytes,
    take_str,
    to_json_bytes,
)
from ._lib import MdocItem, lib
from .core import Alg, AlgLike, Cert, Key, Policy, Trust, algset

__all__ = [
    "MDL_DOCTYPE", "MDL_NAMESPACE", "DeviceAuth", "MdocIssuer", "MdocCredential",
    "DeviceResponse", "MdocRequest", "DocRequest", "MdocDocument", "MdocVerified", "verify_mdoc", "verify_issuer_signed",
    "transcript_proximity", "transcript_oid4vp", "transcript_oid4vp_dc_api",
    "transcript_annex_c", "handover_nfc",
]

MDL_DOCTYPE = "org.iso.18013.5.1.mDL"
MDL_NAMESPACE = "org.iso.18013.5.1"

_DIGESTS = {"sha-256": 1, "sha-384": 2, "sha-512": 3}


class DeviceAuth(enum.IntEnum):
    """How a document's holder was authenticated."""

    NONE = 0
    SIGNATURE = 1
    MAC = 2


def _items(items: Optional[Iterable[Sequence[Any]]]) -> tuple[Any, int, list]:
    """(ns, element[, intent_to_retain]) tuples as a wallet_mdoc_item array
    (+ the bytes kept alive)."""
    if items is None:
        return None, 0, []
    triples = [(t[0].encode(), t[1].encode(), bool(t[2]) if len(t) > 2 else False)
               for t in items]
    if not triples:
        return None, 0, []
    arr = (MdocItem * len(triples))()
    for i, (ns, el, keep) in enumerate(triples):
        arr[i].name_space = ns
        arr[i].element = el
        arr[i].intent_to_retain = 1 if keep else 0
    return arr, len(triples), triples


class MdocIssuer(Handle):
    """Builds an IssuerSigned (``wallet_mdoc_issuer``).

    Example::

        b = MdocIssuer(MDL_DOCTYPE, claims={MDL_NAMESPACE: {"family_name": "Doe"}})
        issuer_signed = b.sign(device_key.public(), ds_key, [ds_cert])
    """

    _free_fn = lib.wallet_mdoc_issuer_free

    def __init__(self, doctype: str = MDL_DOCTYPE, *, claims: Optional[JsonLike] = None,
                 digest: str = "sha-256", signed_at: int = 0, valid_from: int = 0,
                 valid_until: Optional[int] = None, expected_update: int = 0,
                 status: Optional[tuple[str, int]] = None,
                 ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        p = out_ptr()
        c.check(lib.wallet_mdoc_issuer_new(c._p, ctypes.byref(p), doctype.encode()))
        super().__init__(p.value, c)
        if digest != "sha-256":
            if digest not in _DIGESTS:
                raise ValueError(f"unknown mdoc digest {digest!r}")
            c.check(lib.wallet_mdoc_issuer_set_digest(c._p, self._p, _DIGESTS[digest]))
        if valid_until is not None:
            self.set_validity(signed_at, valid_from, valid_until, expected_update)
        if status is not None:
            self.set_status(*status)
        if claims is not None:
            self.add_claims(claims)

    def set_validity(self, signed_at: int, valid_from: int, valid_until: int,
                     expected_update: int = 0) -> "MdocIssuer":
        """validityInfo (0 for signed / validFrom: the context's time at signing)."""
        self.ctx.check(lib.wallet_mdoc_issuer_set_validity(
            self.ctx._p, self._p, int(signed_at), int(valid_from), int(valid_until),
            int(expected_update)))
        return self

    def set_status(self, uri: Optional[str], idx: int = 0) -> "MdocIssuer":
        self.ctx.check(lib.wallet_mdoc_issuer_set_status(self.ctx._p, self._p, opt_str(uri),
                                                          int(idx)))
        return self

    def add_claims(self, claims: JsonLike) -> "MdocIssuer":
        """Add ``{"namespace": {"element": value}}`` elements."""
        b = to_json_bytes(claims)
        self.ctx.check(lib.wallet_mdoc_issuer_add_claims_json(self.ctx._p, self._p, b, len(b)))
        return self

    def add_element(self, name_space: str, element: str, cbor: bytes) -> "MdocIssuer":
        """Add one element whose value is already CBOR."""
        b = bytes(cbor)
        self.ctx.check(lib.wallet_mdoc_issuer_add_element(
            self.ctx._p, self._p, name_space.encode(), element.encode(), b, len(b)))
        return self

    def sign(self, device_key: Key, issuer_key: Key, x5chain: Sequence[Cert],
             alg: Optional[AlgLike] = None) -> bytes:
        """The IssuerSigned CBOR, signed by ``issuer_key`` (whose certificate
        is ``x5chain[0]``) for the holder's ``device_key``."""
        arr, n = ptr_array(x5chain)
        p, ln = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_mdoc_issuer_sign(
            self.ctx._p, ctypes.byref(p), ctypes.byref(ln), self._p, device_key._p,
            issuer_key._p, int(Alg.parse(alg)), arr, n))
        return take_bytes(p, ln)


class MdocCredential(Handle):
    """An IssuerSigned as the holder keeps it, parsed for structure only:
    NOTHING IS VERIFIED (see :func:`verify_issuer_signed`)."""

    _free_fn = lib.wallet_mdoc_credential_free

    @classmethod
    def parse(cls, cbor: bytes, *, ctx: Optional[Context] = None) -> "MdocCredential":
        c = ctx_of(ctx)
        b = bytes(cbor)
        p = out_ptr()
        c.check(lib.wallet_mdoc_credential_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    @property
    def doctype(self) -> str:
        return lib.wallet_mdoc_credential_doctype(self._p).decode()

    @property
    def items(self) -> list[tuple[str, str]]:
        """(namespace, element) of every element held."""
        out = []
        it = MdocItem()
        for i in range(lib.wallet_mdoc_credential_count(self._p)):
            if lib.wallet_mdoc_credential_item(self._p, i, ctypes.byref(it)):
                out.append((it.name_space.decode(), it.element.decode()))
        return out

    @property
    def device_key(self) -> Optional[Key]:
        """A copy of the MSO's device key (public)."""
        return Key._copy_of(lib.wallet_mdoc_credential_device_key(self._p), self.ctx)


class DeviceResponse(Handle):
    """Builds a DeviceResponse for one exchange (``wallet_mdoc_response``).

    Example::

        r = DeviceResponse(session_transcript)
        r.add(issuer_signed, [(MDL_NAMESPACE, "family_name")], device_key)
        response = r.encode()
    """

    _free_fn = lib.wallet_mdoc_response_free

    def __init__(self, session_transcript: bytes, *, ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        b = bytes(session_transcript)
        p = out_ptr()
        c.check(lib.wallet_mdoc_response_new(c._p, ctypes.byref(p), b, len(b)))
        super().__init__(p.value, c)
        # Keys given to add() stay referenced: an external signer's Python
        # callback must outlive every C reference to its key.
        self._refs: list[Any] = []

    def add(self, issuer_signed: bytes, items: Optional[Iterable[tuple[str, str]]],
            device_key: Key, *, alg: Optional[AlgLike] = None,
            reader_key: Optional[Key] = None) -> "DeviceResponse":
        """Add a Document disclosing ``items`` ((namespace, element) pairs;
        None: every element), authenticated with DeviceSignature, or with
        DeviceMac when the reader's ephemeral public ``reader_key`` is given."""
        b = bytes(issuer_signed)
        arr, n, _keep = _items(items)
        self._refs.append((device_key, reader_key))
        self.ctx.check(lib.wallet_mdoc_response_add(
            self.ctx._p, self._p, b, len(b), arr, n, device_key._p, int(Alg.parse(alg)),
            reader_key._p if reader_key is not None else None))
        return self

    def add_for_request(self, request: "MdocRequest", index: int, issuer_signed: bytes,
                        device_key: Key, *, alg: Optional[AlgLike] = None,
                        reader_key: Optional[Key] = None) -> "DeviceResponse":
        """Add a Document answering DocRequest ``index`` of a parsed request:
        its items (those the credential lacks become "errors")."""
        b = bytes(issuer_signed)
        self.ctx.check(lib.wallet_mdoc_response_add_for_request(
            self.ctx._p, self._p, request._p, int(index), b, len(b), device_key._p,
            int(Alg.parse(alg)), reader_key._p if reader_key is not None else None))
        self._refs.append((device_key, reader_key))
        return self

    def add_document_error(self, doctype: str, code: int = 0) -> "DeviceResponse":
        self.ctx.check(lib.wallet_mdoc_response_add_document_error(
            self.ctx._p, self._p, doctype.encode(), int(code)))
        return self

    def close(self) -> None:
        super().close()
        self._refs = []

    def encode(self) -> bytes:
        """The DeviceResponse CBOR."""
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_mdoc_response_encode(self.ctx._p, ctypes.byref(p),
                                                        ctypes.byref(n), self._p))
        return take_bytes(p, n)


@dataclass(frozen=True)
class DocRequest:
    """One DocRequest of a DeviceRequest."""

    doctype: str
    items: list[tuple[str, str, bool]]  # (namespace, element, intent_to_retain)
    has_reader_auth: bool


class MdocRequest(Handle):
    """A DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1): built by a reader
    (:meth:`add`, :meth:`encode`) or parsed by a holder (:meth:`parse`,
    :attr:`doc_requests`, :meth:`verify_reader_auth`)."""

    _free_fn = lib.wallet_mdoc_request_free

    def __init__(self, *, ctx: Optional[Context] = None, _ptr: Optional[int] = None) -> None:
        c = ctx_of(ctx)
        if _ptr is None:
            p = out_ptr()
            c.check(lib.wallet_mdoc_request_new(c._p, ctypes.byref(p)))
            _ptr = p.value
        super().__init__(_ptr, c)
        self._refs: list[Any] = []

    @classmethod
    def parse(cls, cbor: bytes, *, ctx: Optional[Context] = None) -> "MdocRequest":
        """Parse a received DeviceRequest (structure only)."""
        c = ctx_of(ctx)
        b = bytes(cbor)
        p = out_ptr()
        c.check(lib.wallet_mdoc_request_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(ctx=c, _ptr=p.value)

    def add(self, doctype: str, items: Iterable[Sequence[Any]], *,
            reader_key: Optional[Key] = None, reader_x5chain: Sequence[Cert] = (),
            session_transcript: Optional[bytes] = None) -> "MdocRequest":
        """Ask for ``items`` ((namespace, element[, intent_to_retain])) of a
        docType; with ``reader_key`` (+ its certificate chain and the
        session transcript) the DocRequest carries readerAuth."""
        arr, n, _keep = _items(items)
        chain, nc = ptr_array(reader_x5chain)
        st = bytes(session_transcript) if session_transcript is not None else None
        self.ctx.check(lib.wallet_mdoc_request_add(
            self.ctx._p, self._p, doctype.encode(), arr, n,
            reader_key._p if reader_key is not None else None, chain, nc, st,
            len(st) if st else 0))
        self._refs.append((reader_key, list(reader_x5chain)))
        return self

    def encode(self) -> bytes:
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_mdoc_request_encode(self.ctx._p, ctypes.byref(p),
                                                      ctypes.byref(n), self._p))
        return take_bytes(p, n)

    @property
    def doc_requests(self) -> list[DocRequest]:
        out = []
        it = MdocItem()
        for i in range(lib.wallet_mdoc_request_count(self._p)):
            items = []
            for j in range(lib.wallet_mdoc_request_item_count(self._p, i)):
                if lib.wallet_mdoc_request_item(self._p, i, j, ctypes.byref(it)):
                    items.append((it.name_space.decode(), it.element.decode(),
                                  bool(it.intent_to_retain)))
            out.append(DocRequest(lib.wallet_mdoc_request_doctype(self._p, i).decode(), items,
                                  bool(lib.wallet_mdoc_request_has_reader_auth(self._p, i))))
        return out

    def verify_reader_auth(self, index: int, trust: Trust, session_transcript: bytes,
                           algs: Optional[Iterable[AlgLike]] = None) -> str:
        """Verify DocRequest ``index``'s readerAuth over this exchange; the
        reader certificate's subject. Raises (MDOC_READER_AUTH, CERT_CHAIN,
        CERT_EXPIRED, KEY_USAGE; NOT_FOUND without readerAuth)."""
        st = bytes(session_transcript)
        allowed = algset(algs) if algs is not None else algset(
            [a for a in Alg if a != Alg.NONE])
        p = out_ptr()
        self.ctx.check(lib.wallet_mdoc_request_verify_reader_auth(
            self.ctx._p, ctypes.byref(p), self._p, int(index), trust._p, allowed, st, len(st)))
        return take_str(p)

    def close(self) -> None:
        super().close()
        self._refs = []


@dataclass(frozen=True)
class MdocDocument:
    """One verified document of a DeviceResponse (copied out of the C result)."""

    doctype: str
    issuer: str
    claims: dict
    device_claims: dict
    errors: dict
    signed: int
    valid_from: int
    valid_until: int
    expected_update: int
    status_uri: Optional[str]
    status_index: int
    device_auth: DeviceAuth
    device_key: Optional[Key]


class MdocVerified:
    """A verified DeviceResponse (or IssuerSigned): it exists only when every
    check of every document passed."""

    def __init__(self, ptr: int, ctx: Context) -> None:
        # Everything is copied out at once; the C object is freed here, so
        # no borrowed pointer outlives it.
        try:
            v = ptr
            self.status: int = lib.wallet_mdoc_verified_status(v)
            self.document_errors: dict = json.loads(lib.wallet_mdoc_verified_document_errors(v))
            docs = []
            for i in range(lib.wallet_mdoc_verified_count(v)):
                docs.append(MdocDocument(
                    doctype=lib.wallet_mdoc_verified_doctype(v, i).decode(),
                    issuer=lib.wallet_mdoc_verified_issuer(v, i).decode(),
                    claims=json.loads(lib.wallet_mdoc_verified_claims(v, i)),
                    device_claims=json.loads(lib.wallet_mdoc_verified_device_claims(v, i)),
                    errors=json.loads(lib.wallet_mdoc_verified_errors(v, i)),
                    signed=lib.wallet_mdoc_verified_signed(v, i),
                    valid_from=lib.wallet_mdoc_verified_valid_from(v, i),
                    valid_until=lib.wallet_mdoc_verified_valid_until(v, i),
                    expected_update=lib.wallet_mdoc_verified_expected_update(v, i),
                    status_uri=dec(lib.wallet_mdoc_verified_status_uri(v, i)),
                    status_index=lib.wallet_mdoc_verified_status_index(v, i),
                    device_auth=DeviceAuth(lib.wallet_mdoc_verified_device_auth(v, i)),
                    device_key=Key._copy_of(lib.wallet_mdoc_verified_device_key(v, i), ctx),
                ))
            self.documents: list[MdocDocument] = docs
        finally:
            lib.wallet_mdoc_verified_free(ptr)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, i: int) -> MdocDocument:
        return self.documents[i]


def _verify(fn: Any, data: bytes, trust: Trust, policy: Optional[Policy],
            ctx: Optional[Context]) -> MdocVerified:
    c = ctx if ctx is not None else trust.ctx
    b = bytes(data)
    p = out_ptr()
    c.check(fn(c._p, ctypes.byref(p), trust._p, policy._p if policy is not None else None,
               b, len(b)))
    return MdocVerified(p.value, c)


def verify_mdoc(device_response: bytes, trust: Trust, policy: Optional[Policy] = None, *,
                ctx: Optional[Context] = None) -> MdocVerified:
    """Verify a DeviceResponse (ISO/IEC 18013-5 §9.3); the policy must carry
    the SessionTranscript (and the reader key for DeviceMac). Raises a
    WalletError naming the first failing check."""
    return _verify(lib.wallet_mdoc_verify, device_response, trust, policy, ctx)


def verify_issuer_signed(issuer_signed: bytes, trust: Trust, policy: Optional[Policy] = None,
                         *, ctx: Optional[Context] = None) -> MdocVerified:
    """Verify an IssuerSigned on its own (no device authentication)."""
    return _verify(lib.wallet_mdoc_verify_issuer_signed, issuer_signed, trust, policy, ctx)


def _bytes_out(ctx: Context, fn: Any, *args: Any) -> bytes:
    p, n = out_ptr(), ctypes.c_size_t()
    ctx.check(fn(ctx._p, ctypes.byref(p), ctypes.byref(n), *args))
    return take_bytes(p, n)


def transcript_proximity(device_engagement: bytes, e_reader_key: bytes,
                         handover: Optional[bytes] = None, *,
                         ctx: Optional[Context] = None) -> bytes:
    """SessionTranscript for QR (handover None) or NFC engagement."""
    h = bytes(handover) if handover is not None else None
    return _bytes_out(ctx_of(ctx), lib.wallet_mdoc_transcript_proximity,
                      bytes(device_engagement), len(device_engagement), bytes(e_reader_key),
                      len(e_reader_key), h, len(h) if h else 0)


def handover_nfc(handover_select: bytes, handover_request: Optional[bytes] = None, *,
                 ctx: Optional[Context] = None) -> bytes:
    """The NFC Handover CBOR for :func:`transcript_proximity`."""
    r = bytes(handover_request) if handover_request is not None else None
    return _bytes_out(ctx_of(ctx), lib.wallet_mdoc_handover_nfc, bytes(handover_select),
                      len(handover_select), r, len(r) if r else 0)


def transcript_oid4vp(client_id: str, nonce: str, response_uri: str,
                      jwk_thumbprint: Optional[bytes] = None, *,
                      ctx: Optional[Context] = None) -> bytes:
    """OpenID4VP 1.0 SessionTranscript (Appendix B.2.6.1)."""
    return _bytes_out(ctx_of(ctx), lib.wallet_mdoc_transcript_oid4vp, client_id.encode(),
                      nonce.encode(), jwk_thumbprint, response_uri.encode())


def transcript_oid4vp_dc_api(origin: str, nonce: str, jwk_thumbprint: Optional[bytes] = None,
                             *, ctx: Optional[Context] = None) -> bytes:
    """OpenID4VP 1.0 over the Digital Credentials API (Appendix B.2.6.2)."""
    return _bytes_out(ctx_of(ctx), lib.wallet_mdoc_transcript_oid4vp_dc_api, origin.encode(),
                      nonce.encode(), jwk_thumbprint)


def transcript_annex_c(encryption_info: str, origin: str, *,
                       ctx: Optional[Context] = None) -> bytes:
    """ISO/IEC TS 18013-7 Annex C SessionTranscript."""
    return _bytes_out(ctx_of(ctx), lib.wallet_mdoc_transcript_annex_c,
                      encryption_info.encode(), origin.encode())
