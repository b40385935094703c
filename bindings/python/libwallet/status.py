"""IETF Token Status Lists (status.h): issuer lists, verified list tokens,
the verifier's cache and offline snapshots."""

from __future__ import annotations

import ctypes
import enum
from typing import Iterable, Optional, Sequence

from ._base import (Context, Data, Handle, ctx_of, dec, opt_str, out_ptr, ptr_array,
                    take_bytes, to_bytes)
from ._lib import lib
from .core import AlgLike, Cert, Key, Trust, algset

__all__ = ["Status", "StatusFormat", "StatusList", "StatusToken", "StatusCache",
           "StatusSnapshot", "status_name", "max_entries"]


class Status(enum.IntEnum):
    """Registered status values (draft §7.1)."""

    VALID = 0
    INVALID = 1
    SUSPENDED = 2
    APPLICATION_SPECIFIC = 3


class StatusFormat(enum.IntEnum):
    JWT = 1
    CWT = 2

    @property
    def media_type(self) -> str:
        return lib.wallet_status_media_type(int(self)).decode()


def status_name(status: int) -> str:
    """"valid", "invalid", "suspended", "application_specific" or "reserved"."""
    return lib.wallet_status_name(int(status)).decode()


def max_entries() -> int:
    """Largest number of entries in one list (2^26)."""
    return lib.wallet_status_list_max_entries()


def _fmt(fmt: "StatusFormat | str") -> int:
    if isinstance(fmt, str):
        return int(StatusFormat[fmt.upper()])
    return int(fmt)


class StatusList(Handle):
    """The issuer's status list (``wallet_status_list``): allocate indices
    (never twice), set statuses, save/load, sign the token to serve."""

    _free_fn = lib.wallet_status_list_free

    def __init__(self, uri: str, *, bits: int = 1, size: int = 1 << 16, random: bool = True,
                 issuer: Optional[str] = None, ctx: Optional[Context] = None,
                 _ptr: Optional[int] = None) -> None:
        c = ctx_of(ctx)
        if _ptr is None:
            p = out_ptr()
            c.check(lib.wallet_status_list_new(c._p, ctypes.byref(p), uri.encode(), int(bits),
                                               int(size), 1 if random else 0))
            _ptr = p.value
        super().__init__(_ptr, c)
        if issuer is not None:
            self.issuer = issuer

    @classmethod
    def load(cls, state: bytes, *, ctx: Optional[Context] = None) -> "StatusList":
        """A list from the state written by :meth:`save`."""
        c = ctx_of(ctx)
        b = bytes(state)
        p = out_ptr()
        c.check(lib.wallet_status_list_load(c._p, ctypes.byref(p), b, len(b)))
        return cls("", ctx=c, _ptr=p.value)

    def save(self) -> bytes:
        """The whole state (statuses, allocation map, uri, issuer, version)."""
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_status_list_save(self.ctx._p, ctypes.byref(p),
                                                    ctypes.byref(n), self._p))
        return take_bytes(p, n)

    @property
    def issuer(self) -> Optional[str]:
        return dec(lib.wallet_status_list_issuer(self._p))

    @issuer.setter
    def issuer(self, iss: Optional[str]) -> None:
        self.ctx.check(lib.wallet_status_list_set_issuer(self.ctx._p, self._p, opt_str(iss)))

    def allocate(self) -> int:
        """A fresh index for a new credential."""
        idx = ctypes.c_uint64()
        self.ctx.check(lib.wallet_status_list_allocate(self.ctx._p, ctypes.byref(idx),
                                                        self._p))
        return idx.value

    def set(self, idx: int, status: int) -> None:
        """Set the status of an allocated index (e.g. Status.INVALID to revoke)."""
        self.ctx.check(lib.wallet_status_list_set(self.ctx._p, self._p, int(idx),
                                                   int(status)))

    def get(self, idx: int) -> int:
        s = ctypes.c_uint()
        self.ctx.check(lib.wallet_status_list_get(self.ctx._p, ctypes.byref(s), self._p,
                                                   int(idx)))
        return s.value

    @property
    def uri(self) -> str:
        return lib.wallet_status_list_uri(self._p).decode()

    @property
    def bits(self) -> int:
        return lib.wallet_status_list_bits(self._p)

    @property
    def size(self) -> int:
        return lib.wallet_status_list_size(self._p)

    @property
    def allocated(self) -> int:
        return lib.wallet_status_list_allocated(self._p)

    @property
    def version(self) -> int:
        return lib.wallet_status_list_version(self._p)

    def token(self, key: Key, format: "StatusFormat | str" = StatusFormat.JWT, *,
              chain: Sequence[Cert] = (), lifetime: int = 0, ttl: int = 0) -> bytes:
        """The signed Status List Token (JWT text as bytes, or CWT bytes)."""
        arr, n_chain = ptr_array(chain)
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_status_list_token(
            self.ctx._p, ctypes.byref(p), ctypes.byref(n), self._p, key._p, arr, n_chain,
            _fmt(format), int(lifetime), int(ttl)))
        return take_bytes(p, n)


class StatusToken(Handle):
    """A verified Status List Token (``wallet_status_token``)."""

    _free_fn = lib.wallet_status_token_free

    @classmethod
    def verify(cls, token: Data, trust: Trust, *, algs: Optional[Iterable[AlgLike]] = None,
               expected_uri: Optional[str] = None,
               ctx: Optional[Context] = None) -> "StatusToken":
        """Verify a token (signature, type, times, claims; "sub" against
        ``expected_uri`` when given). Raises on any failure."""
        c = ctx if ctx is not None else trust.ctx
        b = to_bytes(token)
        p = out_ptr()
        c.check(lib.wallet_status_token_verify(c._p, ctypes.byref(p), trust._p, algset(algs),
                                               b, len(b), opt_str(expected_uri)))
        return cls(p.value, c)

    def get(self, idx: int) -> int:
        """The status of entry ``idx`` (ErrorCode.STATUS_INDEX beyond the list)."""
        s = ctypes.c_uint()
        self.ctx.check(lib.wallet_status_token_get(self.ctx._p, ctypes.byref(s), self._p,
                                                    int(idx)))
        return s.value

    @property
    def format(self) -> StatusFormat:
        return StatusFormat(lib.wallet_status_token_format(self._p))

    @property
    def uri(self) -> str:
        return lib.wallet_status_token_uri(self._p).decode()

    @property
    def issuer(self) -> Optional[str]:
        return dec(lib.wallet_status_token_issuer(self._p))

    @property
    def issued_at(self) -> int:
        return lib.wallet_status_token_issued_at(self._p)

    @property
    def expires_at(self) -> int:
        return lib.wallet_status_token_expires_at(self._p)

    @property
    def ttl(self) -> int:
        return lib.wallet_status_token_ttl(self._p)

    @property
    def bits(self) -> int:
        return lib.wallet_status_token_bits(self._p)

    @property
    def size(self) -> int:
        return lib.wallet_status_token_size(self._p)


class StatusCache(Handle):
    """Verified list tokens by URI, fetched over HTTPS as needed; shareable
    between threads (``wallet_status_cache``)."""

    _free_fn = lib.wallet_status_cache_free

    def __init__(self, max_entries: int = 0, *, ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        p = out_ptr()
        c.check(lib.wallet_status_cache_new(c._p, ctypes.byref(p), int(max_entries)))
        super().__init__(p.value, c)

    def add(self, token: Data, trust: Trust,
            algs: Optional[Iterable[AlgLike]] = None) -> "StatusCache":
        """Verify a token obtained some other way and cache it under its "sub"."""
        b = to_bytes(token)
        self.ctx.check(lib.wallet_status_cache_add(self.ctx._p, self._p, trust._p,
                                                    algset(algs), b, len(b)))
        return self

    def check(self, uri: str, idx: int, trust: Trust,
              algs: Optional[Iterable[AlgLike]] = None) -> int:
        """The status of entry ``idx`` of the list at ``uri`` (fetched if needed)."""
        s = ctypes.c_uint()
        self.ctx.check(lib.wallet_status_cache_check(self.ctx._p, ctypes.byref(s), self._p,
                                                      trust._p, algset(algs), uri.encode(),
                                                      int(idx)))
        return s.value

    def __len__(self) -> int:
        return lib.wallet_status_cache_count(self._p)


class StatusSnapshot(Handle):
    """An offline bundle of list tokens, signed with the verifier's own key
    (``wallet_status_snapshot``)."""

    _free_fn = lib.wallet_status_snapshot_free

    def __init__(self, *, ctx: Optional[Context] = None, _ptr: Optional[int] = None) -> None:
        c = ctx_of(ctx)
        if _ptr is None:
            p = out_ptr()
            c.check(lib.wallet_status_snapshot_new(c._p, ctypes.byref(p)))
            _ptr = p.value
        super().__init__(_ptr, c)

    @classmethod
    def load(cls, data: bytes, verifier_key: Key, *,
             ctx: Optional[Context] = None) -> "StatusSnapshot":
        """Load a saved snapshot; its signature must verify with ``verifier_key``."""
        c = ctx_of(ctx)
        b = bytes(data)
        p = out_ptr()
        c.check(lib.wallet_status_snapshot_load(c._p, ctypes.byref(p), b, len(b),
                                                verifier_key._p))
        return cls(ctx=c, _ptr=p.value)

    def add_token(self, token: Data, trust: Trust,
                  algs: Optional[Iterable[AlgLike]] = None) -> "StatusSnapshot":
        b = to_bytes(token)
        self.ctx.check(lib.wallet_status_snapshot_add_token(self.ctx._p, self._p, trust._p,
                                                             algset(algs), b, len(b)))
        return self

    def add_cache(self, cache: StatusCache) -> "StatusSnapshot":
        self.ctx.check(lib.wallet_status_snapshot_add_cache(self.ctx._p, self._p, cache._p))
        return self

    def save(self, verifier_key: Key) -> bytes:
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_status_snapshot_save(self.ctx._p, ctypes.byref(p),
                                                        ctypes.byref(n), self._p,
                                                        verifier_key._p))
        return take_bytes(p, n)

    def check(self, uri: str, idx: int, max_age: int = 0) -> int:
        """The status from the snapshot alone (STATUS_STALE when older than
        ``max_age`` seconds, STATUS_UNAVAILABLE when the list is missing)."""
        s = ctypes.c_uint()
        self.ctx.check(lib.wallet_status_snapshot_check(self.ctx._p, ctypes.byref(s),
                                                         self._p, uri.encode(), int(idx),
                                                         int(max_age)))
        return s.value

    @property
    def captured_at(self) -> int:
        return lib.wallet_status_snapshot_captured_at(self._p)

    @property
    def uris(self) -> list[str]:
        return [lib.wallet_status_snapshot_uri(self._p, i).decode()
                for i in range(lib.wallet_status_snapshot_count(self._p))]
