"""QR codes (qr.h): encode to PNG or terminal text, decode a PNG."""

from __future__ import annotations

import ctypes
import enum
from typing import Optional

from ._base import Context, Data, ctx_of, out_ptr, take_bytes, take_str, to_bytes
from ._lib import lib

__all__ = ["QrEcc", "qr_encode_png", "qr_encode_text", "qr_decode_png"]


class QrEcc(enum.IntEnum):
    """Error-correction level (ISO/IEC 18004); EU DCC recommends Q."""

    L = 0
    M = 1
    Q = 2
    H = 3


def qr_encode_png(data: Data, *, ecc: QrEcc = QrEcc.Q, scale: int = 4,
                  ctx: Optional[Context] = None) -> bytes:
    """A grayscale PNG of ``data`` as a QR code (``scale`` pixels per
    module, 1-64). Too much data is ErrorCode.QR."""
    c = ctx_of(ctx)
    b = to_bytes(data)
    p, n = out_ptr(), ctypes.c_size_t()
    c.check(lib.wallet_qr_encode_png(c._p, ctypes.byref(p), ctypes.byref(n), b, len(b),
                                     int(ecc), int(scale)))
    return take_bytes(p, n)


def qr_encode_text(data: Data, *, ecc: QrEcc = QrEcc.M, ctx: Optional[Context] = None) -> str:
    """The QR code as half-block text for a terminal."""
    c = ctx_of(ctx)
    b = to_bytes(data)
    p = out_ptr()
    c.check(lib.wallet_qr_encode_text(c._p, ctypes.byref(p), b, len(b), int(ecc)))
    return take_str(p)


def qr_decode_png(png: bytes, *, ctx: Optional[Context] = None) -> bytes:
    """The content of the first QR code in a PNG (ErrorCode.QR when none,
    ErrorCode.IMAGE for an unreadable image)."""
    c = ctx_of(ctx)
    b = bytes(png)
    p, n = out_ptr(), ctypes.c_size_t()
    c.check(lib.wallet_qr_decode_png(c._p, ctypes.byref(p), ctypes.byref(n), b, len(b)))
    return take_bytes(p, n)
