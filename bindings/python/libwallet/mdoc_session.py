"""The ISO/IEC 18013-5 proximity session engine (mdoc_session.h),
independent of the transport: the application moves the bytes over BLE,
NFC or a socket; libwallet builds and parses every message and does the
cryptography (session keys, AES-256-GCM, message counters)."""

from __future__ import annotations

import ctypes
from typing import Any, Optional

from ._base import Context, Data, Handle, ctx_of, out_ptr, take_bytes, take_str, to_bytes
from ._lib import lib
from .core import Key

__all__ = ["Engagement", "ProximitySession", "RETRIEVAL_NFC", "RETRIEVAL_BLE",
           "RETRIEVAL_WIFI_AWARE", "STATUS_ENCRYPTION_ERROR", "STATUS_DECODING_ERROR",
           "STATUS_TERMINATION"]

RETRIEVAL_NFC = 1
RETRIEVAL_BLE = 2
RETRIEVAL_WIFI_AWARE = 3
STATUS_ENCRYPTION_ERROR = 10
STATUS_DECODING_ERROR = 11
STATUS_TERMINATION = 20
_END = 1


class Engagement(Handle):
    """A DeviceEngagement (§8.2.1.1): built by the mdoc for its ephemeral
    key, or parsed by the reader from the QR code / NFC."""

    _free_fn = lib.wallet_mdoc_engagement_free

    def __init__(self, e_device_key: Key, *, ble_peripheral_uuid: Optional[bytes] = None,
                 ble_central_uuid: Optional[bytes] = None, ctx: Optional[Context] = None,
                 _ptr: Optional[int] = None) -> None:
        c = ctx if ctx is not None else (e_device_key.ctx if e_device_key else ctx_of(None))
        if _ptr is None:
            p = out_ptr()
            c.check(lib.wallet_mdoc_engagement_new(c._p, ctypes.byref(p), e_device_key._p))
            _ptr = p.value
        super().__init__(_ptr, c)
        if ble_peripheral_uuid is not None or ble_central_uuid is not None:
            self.add_ble(ble_peripheral_uuid, ble_central_uuid)

    @classmethod
    def parse(cls, data: Data, *, ctx: Optional[Context] = None) -> "Engagement":
        """A received engagement: DeviceEngagement CBOR or the "mdoc:" URI."""
        c = ctx_of(ctx)
        b = to_bytes(data)
        p = out_ptr()
        c.check(lib.wallet_mdoc_engagement_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(None, ctx=c, _ptr=p.value)  # type: ignore[arg-type]

    def add_ble(self, peripheral_uuid: Optional[bytes] = None,
                central_uuid: Optional[bytes] = None) -> "Engagement":
        """Offer BLE (16-byte UUIDs; at least one)."""
        for u in (peripheral_uuid, central_uuid):
            if u is not None and len(u) != 16:
                raise ValueError("a BLE UUID is 16 bytes")
        self.ctx.check(lib.wallet_mdoc_engagement_add_ble(self.ctx._p, self._p,
                                                          peripheral_uuid, central_uuid))
        return self

    def add_method(self, type: int, version: int, options_cbor: bytes) -> "Engagement":
        """Offer any retrieval method: [type, version, options (a CBOR map)]."""
        b = bytes(options_cbor)
        self.ctx.check(lib.wallet_mdoc_engagement_add_method(self.ctx._p, self._p, int(type),
                                                             int(version), b, len(b)))
        return self

    def encode(self) -> bytes:
        """The DeviceEngagement CBOR (freezes the engagement)."""
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_mdoc_engagement_encode(self.ctx._p, ctypes.byref(p),
                                                         ctypes.byref(n), self._p))
        return take_bytes(p, n)

    def uri(self) -> str:
        """The QR code text "mdoc:" + base64url(DeviceEngagement)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_mdoc_engagement_uri(self.ctx._p, ctypes.byref(p), self._p))
        return take_str(p)

    @property
    def bytes(self) -> Optional[bytes]:
        n = ctypes.c_size_t()
        p = lib.wallet_mdoc_engagement_bytes(self._p, ctypes.byref(n))
        return ctypes.string_at(p, n.value) if p else None

    @property
    def version(self) -> str:
        return lib.wallet_mdoc_engagement_version(self._p).decode()

    @property
    def device_key(self) -> Optional[Key]:
        """A copy of EDeviceKey (public)."""
        return Key._copy_of(lib.wallet_mdoc_engagement_device_key(self._p), self.ctx)

    @property
    def methods(self) -> list[tuple[int, int, bytes]]:
        """Retrieval methods: (type, version, options CBOR)."""
        out = []
        t, v = ctypes.c_uint64(), ctypes.c_uint64()
        o, n = ctypes.POINTER(ctypes.c_ubyte)(), ctypes.c_size_t()
        for i in range(lib.wallet_mdoc_engagement_method_count(self._p)):
            if lib.wallet_mdoc_engagement_method(self._p, i, ctypes.byref(t), ctypes.byref(v),
                                                 ctypes.byref(o), ctypes.byref(n)):
                out.append((t.value, v.value, ctypes.string_at(o, n.value)))
        return out


class ProximitySession(Handle):
    """One proximity session (``wallet_mdoc_session``), reader or device side.

    Reader: ``s = ProximitySession.reader(engagement)``, send
    ``s.establish(device_request)``, then ``s.decrypt(session_data)``.
    Device: ``s = ProximitySession.device(engagement, e_device_key)``,
    ``request = s.accept(session_establishment)``, send ``s.encrypt(response)``.
    Replays are ErrorCode.REPLAY, lost or reordered messages
    MDOC_SESSION_ORDER, anything else that does not authenticate DECRYPT;
    each ends the session.
    """

    _free_fn = lib.wallet_mdoc_session_free

    def __init__(self, ptr: int, ctx: Context, refs: Any) -> None:
        super().__init__(ptr, ctx)
        self._refs = refs

    @classmethod
    def reader(cls, engagement: Engagement, e_reader_key: Optional[Key] = None,
               handover: Optional[bytes] = None, *,
               ctx: Optional[Context] = None) -> "ProximitySession":
        """Reader side from the scanned engagement (a fresh ephemeral reader
        key unless given; ``handover`` None for QR)."""
        c = ctx if ctx is not None else engagement.ctx
        h = bytes(handover) if handover is not None else None
        p = out_ptr()
        c.check(lib.wallet_mdoc_session_reader_new(
            c._p, ctypes.byref(p), engagement._p,
            e_reader_key._p if e_reader_key is not None else None, h, len(h) if h else 0))
        return cls(p.value, c, (engagement, e_reader_key))

    @classmethod
    def device(cls, engagement: Engagement, e_device_key: Key, handover: Optional[bytes] = None,
               *, ctx: Optional[Context] = None) -> "ProximitySession":
        """Device side: its own (encoded) engagement and EDeviceKey's private half."""
        c = ctx if ctx is not None else engagement.ctx
        h = bytes(handover) if handover is not None else None
        p = out_ptr()
        c.check(lib.wallet_mdoc_session_device_new(c._p, ctypes.byref(p), engagement._p,
                                                   e_device_key._p, h, len(h) if h else 0))
        return cls(p.value, c, (engagement, e_device_key))

    def _bytes(self, fn: Any, *args: Any) -> bytes:
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(fn(self.ctx._p, ctypes.byref(p), ctypes.byref(n), self._p, *args))
        return take_bytes(p, n)

    def establish(self, device_request: bytes) -> bytes:
        """Reader: the SessionEstablishment carrying the encrypted DeviceRequest."""
        b = bytes(device_request)
        return self._bytes(lib.wallet_mdoc_session_establish, b, len(b))

    def accept(self, session_establishment: bytes) -> bytes:
        """Device: derive the keys and decrypt the DeviceRequest."""
        b = bytes(session_establishment)
        return self._bytes(lib.wallet_mdoc_session_accept, b, len(b))

    def encrypt(self, plaintext: Optional[bytes], *, end: bool = False) -> bytes:
        """The next SessionData; ``end`` adds status 20 and ends the session."""
        b = bytes(plaintext) if plaintext is not None else None
        return self._bytes(lib.wallet_mdoc_session_encrypt, b, len(b) if b else 0,
                           _END if end else 0)

    def decrypt(self, session_data: bytes) -> tuple[Optional[bytes], Optional[int]]:
        """The peer's next SessionData: (plaintext or None, status or None)."""
        b = bytes(session_data)
        p, n, st = out_ptr(), ctypes.c_size_t(), ctypes.c_int64()
        self.ctx.check(lib.wallet_mdoc_session_decrypt(self.ctx._p, ctypes.byref(p),
                                                       ctypes.byref(n), ctypes.byref(st),
                                                       self._p, b, len(b)))
        data = take_bytes(p, n) if p.value else None
        return data, (None if st.value < 0 else st.value)

    def status(self, status: int = STATUS_TERMINATION) -> bytes:
        """A status-only SessionData (10, 11 or 20); the session ends."""
        return self._bytes(lib.wallet_mdoc_session_status, int(status))

    @property
    def transcript(self) -> Optional[bytes]:
        """The SessionTranscript (for DeviceResponse / Policy)."""
        n = ctypes.c_size_t()
        p = lib.wallet_mdoc_session_transcript(self._p, ctypes.byref(n))
        return ctypes.string_at(p, n.value) if p else None

    @property
    def reader_key(self) -> Optional[Key]:
        """A public copy of the reader's ephemeral key (None on a device
        session before accept()). To verify DeviceMac the reader needs the
        private half: generate it yourself and pass it to :meth:`reader`."""
        return Key._copy_of(lib.wallet_mdoc_session_reader_key(self._p), self.ctx)

    @property
    def is_open(self) -> bool:
        return bool(lib.wallet_mdoc_session_open(self._p))

    def close(self) -> None:
        super().close()
        self._refs = None
