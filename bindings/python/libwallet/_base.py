"""Shared plumbing (internal): contexts, owned handles, data conversion."""

from __future__ import annotations

import ctypes
import json
import threading
from typing import Any, Callable, Optional, Union

from ._lib import CLOCK_FN, LOG_FN, lib
from .errors import error_for

Data = Union[bytes, bytearray, memoryview, str]
JsonLike = Union[str, bytes, dict, list]


class Context:
    """A ``wallet_ctx``: clock, input limits, offline mode, last error detail.

    A context is not locked: use one per thread. Every function of this
    package takes an optional keyword ``ctx``; without one it uses
    :meth:`Context.default`, a context private to the calling thread. Objects
    remember the context they were made with and use it for their methods
    when called on the thread that created that context; on another thread
    they use that thread's default context instead, so that two threads
    never share one.

    Example: pin the verification time (tests, offline checks)::

        ctx = Context()
        ctx.set_time(1700000000)
    """

    _local = threading.local()

    def __init__(self) -> None:
        p = ctypes.c_void_p()
        err = lib.wallet_ctx_new(ctypes.byref(p))
        if err:
            raise error_for(err, "wallet_ctx_new")
        self._ptr: Optional[int] = p.value
        # The thread that made the context: objects use it implicitly only
        # there (a wallet_ctx is not locked, ctx.h).
        self._thread = threading.get_ident()

    @classmethod
    def default(cls) -> "Context":
        """The calling thread's default context (created on first use)."""
        ctx = getattr(cls._local, "ctx", None)
        if ctx is None:
            ctx = cls._local.ctx = cls()
        return ctx

    @property
    def _p(self) -> int:
        if not self._ptr:
            raise ValueError("context is closed")
        return self._ptr

    def close(self) -> None:
        """Release the context (idempotent)."""
        if getattr(self, "_ptr", None):
            lib.wallet_ctx_free(self._ptr)
            self._ptr = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def set_time(self, unix_seconds: Optional[int]) -> None:
        """Pin "now" to ``unix_seconds``; ``None`` restores the system clock."""
        if unix_seconds is None:
            self.set_clock(None)
        else:
            lib.wallet_ctx_set_time(self._p, int(unix_seconds))
            self._clock_cb = None

    def set_clock(self, fn: Optional[Callable[[], int]]) -> None:
        """Take "now" from ``fn()`` (seconds since the epoch) for every
        time-dependent check; ``None`` restores the system clock. An
        exception in ``fn`` counts as time 0 (everything looks not yet valid)."""
        if fn is None:
            lib.wallet_ctx_set_clock(self._p, CLOCK_FN(), None)
            self._clock_cb = None
            return

        def clock(_user: Any) -> int:
            try:
                return int(fn())
            except Exception:  # must not unwind through C
                return 0

        cb = CLOCK_FN(clock)
        lib.wallet_ctx_set_clock(self._p, cb, None)
        self._clock_cb = cb  # kept alive as long as the context uses it

    def set_log(self, fn: Optional[Callable[[int, str], None]], max_level: int = 1) -> None:
        """Receive the library's log messages (structural facts only, never
        claim values or keys) at ``max_level`` (0 error, 1 warn, 2 info,
        3 debug) and more severe; ``None`` stops logging."""
        if fn is None:
            lib.wallet_ctx_set_log(self._p, LOG_FN(), None, 0)
            self._log_cb = None
            return

        def log(_user: Any, level: int, message: bytes) -> None:
            try:
                fn(level, message.decode("utf-8", "replace"))
            except Exception:  # must not unwind through C
                pass

        cb = LOG_FN(log)
        lib.wallet_ctx_set_log(self._p, cb, None, int(max_level))
        self._log_cb = cb

    @property
    def now(self) -> int:
        """The context's current time (seconds since the epoch)."""
        return lib.wallet_ctx_now(self._p)

    def limit(self, limit_id: int, value: int = -1) -> int:
        """Read (value -1) or set a ``wallet_limit``; returns the previous value."""
        return lib.wallet_ctx_limit(self._p, int(limit_id), int(value))

    @property
    def offline(self) -> bool:
        """Offline mode: every fetch fails with ``ErrorCode.OFFLINE``."""
        return bool(lib.wallet_ctx_offline(self._p))

    @offline.setter
    def offline(self, on: bool) -> None:
        lib.wallet_ctx_set_offline(self._p, 1 if on else 0)

    @property
    def error_detail(self) -> str:
        """Detail of the last failure of a call made with this context."""
        return lib.wallet_ctx_errmsg(self._p).decode("utf-8", "replace")

    def check(self, err: int) -> None:
        """Raise the WalletError for ``err`` (with this context's detail)."""
        if err:
            raise error_for(err, self.error_detail)


def write_signature(sig: bytes, out: Any, out_len: Any) -> int:
    """Copy a signature returned by a Python signer into the library's
    buffer (capacity *out_len); a wallet_err."""
    if not isinstance(sig, (bytes, bytearray)) or len(sig) > out_len[0] or not sig:
        return 2008  # WALLET_ERR_SIGNER_FAILED
    ctypes.memmove(out, bytes(sig), len(sig))
    out_len[0] = len(sig)
    return 0


def ctx_of(ctx: Optional[Context]) -> Context:
    return ctx if ctx is not None else Context.default()


class Handle:
    """An owned C handle released with its library ``_free`` function.

    Handles are context managers; ``close()`` frees at once, otherwise the
    garbage collector does. A closed handle raises ``ValueError`` on use.
    """

    _free_fn: Optional[Callable[[int], None]] = None

    def __init__(self, ptr: int, ctx: Context) -> None:
        self._ptr: Optional[int] = ptr
        self._ctx = ctx

    @property
    def _p(self) -> int:
        if not self._ptr:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._ptr

    @property
    def ctx(self) -> Context:
        """The context this object uses for its calls: the one it was made
        with when called from the thread that made that context, otherwise
        the calling thread's default context (a wallet_ctx must not be used
        by two threads at once; pass ``ctx=`` to choose another)."""
        c = self._ctx
        if c._thread == threading.get_ident():
            return c
        return Context.default()

    def close(self) -> None:
        """Release the C object now (idempotent)."""
        ptr = getattr(self, "_ptr", None)
        if ptr:
            self._ptr = None
            type(self)._free_fn(ptr)  # type: ignore[misc]

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def to_bytes(data: Data) -> bytes:
    """Text as UTF-8, binary as is."""
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(data)


def to_json_bytes(value: JsonLike) -> bytes:
    """JSON text given as str/bytes passes through; dict/list are serialised."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return to_bytes(value)


def opt_str(s: Optional[str]) -> Optional[bytes]:
    return None if s is None else s.encode("utf-8")


def dec(b: Optional[bytes]) -> Optional[str]:
    return None if b is None else b.decode("utf-8")


def out_ptr() -> ctypes.c_void_p:
    return ctypes.c_void_p()


def take_str(p: ctypes.c_void_p, secret: bool = False) -> str:
    """Copy a library-allocated NUL-terminated string and wallet_free() it
    (wiped first when it held a secret)."""
    if not p.value:
        return ""
    try:
        raw = ctypes.string_at(p.value)
        return raw.decode("utf-8")
    finally:
        if secret:
            lib.wallet_memzero(p.value, len(raw))
        lib.wallet_free(p.value)


def take_bytes(p: ctypes.c_void_p, n: ctypes.c_size_t) -> bytes:
    """Copy a library-allocated buffer of n bytes and wallet_free() it."""
    if not p.value:
        return b""
    try:
        return ctypes.string_at(p.value, n.value)
    finally:
        lib.wallet_free(p.value)


def str_array(items: Any) -> tuple[Any, int]:
    """A ``const char *const *`` array (kept alive by the caller) and its
    length. A single string counts as one item, not as its characters."""
    if isinstance(items, (str, bytes)):
        items = [items]
    enc = [to_bytes(s) for s in items]
    if not enc:
        return None, 0
    arr = (ctypes.c_char_p * len(enc))(*enc)
    return arr, len(enc)


def ptr_array(handles: Any) -> tuple[Any, int]:
    """A ``const T *const *`` array of handles and its length."""
    ptrs = [h._p for h in handles]
    if not ptrs:
        return None, 0
    return (ctypes.c_void_p * len(ptrs))(*ptrs), len(ptrs)


class SecretBuffer:
    """A copy of a caller's secret in C memory, wiped with wallet_memzero()
    when done (the caller's own Python object cannot be wiped)."""

    def __init__(self, secret: Data) -> None:
        b = to_bytes(secret)
        self.len = len(b)
        self.buf = ctypes.create_string_buffer(b, max(self.len, 1))
        del b

    def __enter__(self) -> "SecretBuffer":
        return self

    def __exit__(self, *exc: Any) -> None:
        lib.wallet_memzero(self.buf, self.len)
