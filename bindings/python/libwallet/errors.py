"""Errors: every failing libwallet call raises a :class:`WalletError`.

The exception carries the C library's ``wallet_err`` code (as an
:class:`ErrorCode`, an ``IntEnum`` built from the library itself so that it
always matches the loaded ``libwallet.so``), its stable lower-case name
(``wallet_err_str()``, e.g. ``"signature"``) and the detail sentence the
context recorded (``wallet_ctx_errmsg()``), which names the failing check and
never a claim value or key material.

The class of the exception is chosen by the code's kind, the thousands digit
of the code (common.h): :class:`UsageError` (1-999), :class:`MalformedError`
(1xxx), :class:`CryptoError` (2xxx), :class:`PolicyError` (3xxx),
:class:`StorageError` (4xxx), :class:`NetworkError` (5xxx). Catch
``WalletError`` for any failure, a kind for a family, and compare ``.code``
for one check::

    try:
        ...
    except PolicyError as e:
        if e.code == ErrorCode.EXPIRED: ...
"""

from __future__ import annotations

import enum

from ._lib import lib

__all__ = [
    "ErrorCode",
    "WalletError",
    "UsageError",
    "MalformedError",
    "CryptoError",
    "PolicyError",
    "StorageError",
    "NetworkError",
    "error_for",
]


def _build_error_codes() -> type[enum.IntEnum]:
    # wallet_err_name() is a switch over every code with "WALLET_ERR_UNKNOWN"
    # for anything else, so scanning the numeric range enumerates exactly the
    # codes of the loaded library (codes are below 6000 by construction:
    # the thousands digit is the kind, 0-5).
    members = {"OK": 0}
    for code in range(1, 6000):
        name = lib.wallet_err_name(code).decode()
        if name != "WALLET_ERR_UNKNOWN":
            members[name[len("WALLET_ERR_"):]] = code
    return enum.IntEnum("ErrorCode", members)


ErrorCode = _build_error_codes()
ErrorCode.__doc__ = ("The wallet_err codes of common.h without the WALLET_ERR_ prefix, "
                     "e.g. ErrorCode.SIGNATURE == 2000.")


class WalletError(Exception):
    """A libwallet call failed.

    Attributes:
        code: the ``wallet_err`` as an :class:`ErrorCode` (or ``int`` for a
            number the library does not know).
        name: the code's stable lower-case identifier (``wallet_err_str()``),
            e.g. ``"signature"``.
        detail: the library's sentence naming the failing check (may be "").
    """

    def __init__(self, code: int, detail: str = ""):
        try:
            self.code = ErrorCode(code)
        except ValueError:
            self.code = code
        self.name: str = lib.wallet_err_str(code).decode()
        self.detail: str = detail
        super().__init__(f"{self.name} ({int(code)}): {detail}" if detail
                         else f"{self.name} ({int(code)})")


class UsageError(WalletError):
    """The call was wrong (1-999): bad argument, wrong state, not found, I/O."""


class MalformedError(WalletError):
    """The input is not what it claims to be (1xxx)."""


class CryptoError(WalletError):
    """A signature, MAC, digest, key or certificate check failed (2xxx)."""


class PolicyError(WalletError):
    """Authentic, but not acceptable now or here (3xxx): expired, revoked, ..."""


class StorageError(WalletError):
    """The store's database failed (4xxx)."""


class NetworkError(WalletError):
    """A fetch failed or was not allowed (5xxx)."""


_BY_KIND = {
    1: UsageError,
    2: MalformedError,
    3: CryptoError,
    4: PolicyError,
    5: StorageError,
    6: NetworkError,
}


def error_for(code: int, detail: str = "") -> WalletError:
    """The exception object for a ``wallet_err`` (not raised)."""
    cls = _BY_KIND.get(lib.wallet_err_kind_of(code), WalletError)
    return cls(code, detail)
