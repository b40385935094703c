"""The encrypted on-device store (store.h): credentials as received with
their verified claims, holder keys that never leave, the consent log,
encrypted backups."""

from __future__ import annotations

import ctypes
import json
from typing import Any, Optional, Sequence

from ._base import (
    Context,
    Data,
    Handle,
    JsonLike,
    SecretBuffer,
    ctx_of,
    opt_str,
    out_ptr,
    take_bytes,
    take_str,
    to_bytes,
    to_json_bytes,
    write_signature,
)
from ._lib import STORE_SIGN_FN, lib
from .core import Alg, AlgLike, Key, Policy, Trust
from .mdoc import DeviceResponse
from .sdjwt import SdJwt

__all__ = ["Store", "KEY_BYTES"]

KEY_BYTES = 32
_RAW_KEY = 0x1
_KEEP_INVALID = 0x2
_REPLACE = 0x4
_SEPARATE = 0x8


def _log2n(n: Optional[int]) -> int:
    return 0 if n is None else (int(n) << 16)


class Store(Handle):
    """An open wallet store (``wallet_store``), used by one thread at a time.

    ``secret`` is a PIN / passphrase (``str`` or ``bytes``), or with
    ``raw_key=True`` a 32-byte key from a platform keystore. The package
    copies it into C memory and wipes that copy after the call; the caller's
    own object cannot be wiped by Python.

    Example::

        with Store.create("/path/wallet.db", "1234", scrypt_log2n=10) as s:
            cid = s.add(sd_jwt, trust)
            print(s.list())
    """

    _free_fn = lib.wallet_store_free

    @classmethod
    def create(cls, path: str, secret: Data, *, raw_key: bool = False,
               scrypt_log2n: Optional[int] = None, ctx: Optional[Context] = None) -> "Store":
        """Create a new, empty store at ``path`` (files mode 0600)."""
        c = ctx_of(ctx)
        p = out_ptr()
        with SecretBuffer(secret) as s:
            c.check(lib.wallet_store_create(c._p, ctypes.byref(p), path.encode(), s.buf, s.len,
                                            (_RAW_KEY if raw_key else 0) | _log2n(scrypt_log2n)))
        return cls(p.value, c)

    @classmethod
    def open(cls, path: str, secret: Data, *, raw_key: bool = False,
             ctx: Optional[Context] = None) -> "Store":
        """Open an existing store (STORE_WRONG_SECRET, STORE_LOCKED_OUT, ...)."""
        c = ctx_of(ctx)
        p = out_ptr()
        with SecretBuffer(secret) as s:
            c.check(lib.wallet_store_open(c._p, ctypes.byref(p), path.encode(), s.buf, s.len,
                                          _RAW_KEY if raw_key else 0))
        return cls(p.value, c)

    @classmethod
    def restore(cls, path: str, backup: bytes, passphrase: Data, secret: Data, *,
                raw_key: bool = False, replace: bool = False,
                scrypt_log2n: Optional[int] = None, ctx: Optional[Context] = None) -> "Store":
        """Restore a backup into a new store at ``path`` (atomic)."""
        c = ctx_of(ctx)
        p = out_ptr()
        b = bytes(backup)
        flags = (_RAW_KEY if raw_key else 0) | (_REPLACE if replace else 0) | \
            _log2n(scrypt_log2n)
        with SecretBuffer(passphrase) as pw, SecretBuffer(secret) as s:
            c.check(lib.wallet_store_restore(c._p, ctypes.byref(p), path.encode(), b, len(b),
                                             pw.buf, pw.len, s.buf, s.len, flags))
        return cls(p.value, c)

    @staticmethod
    def retry_delay(path: str, *, ctx: Optional[Context] = None) -> tuple[int, int]:
        """(consecutive failures, seconds to wait) for the store at ``path``."""
        c = ctx_of(ctx)
        f, s = ctypes.c_uint32(), ctypes.c_int64()
        c.check(lib.wallet_store_retry_delay(c._p, ctypes.byref(f), ctypes.byref(s),
                                             path.encode()))
        return f.value, s.value

    # -- locking -------------------------------------------------------------

    def lock(self) -> None:
        """Close the database and wipe keys, keeping the handle."""
        lib.wallet_store_lock(self._p)

    def unlock(self, secret: Data, *, raw_key: bool = False) -> None:
        with SecretBuffer(secret) as s:
            self.ctx.check(lib.wallet_store_unlock(self.ctx._p, self._p, s.buf, s.len,
                                                    _RAW_KEY if raw_key else 0))

    @property
    def is_open(self) -> bool:
        return bool(lib.wallet_store_is_open(self._p))

    def change_secret(self, secret: Data, *, raw_key: bool = False,
                      scrypt_log2n: Optional[int] = None) -> None:
        """Re-key the store under a new PIN or keystore key (atomic)."""
        with SecretBuffer(secret) as s:
            self.ctx.check(lib.wallet_store_change_secret(
                self.ctx._p, self._p, s.buf, s.len,
                (_RAW_KEY if raw_key else 0) | _log2n(scrypt_log2n)))

    # -- documents -----------------------------------------------------------

    def _str_out(self, fn: Any, *args: Any, secret: bool = False) -> str:
        p = out_ptr()
        self.ctx.check(fn(self.ctx._p, ctypes.byref(p), self._p, *args))
        return take_str(p, secret=secret)

    def add(self, credential: Data, trust: Trust, policy: Optional[Policy] = None, *,
            keep_invalid: bool = False) -> str:
        """Verify and store a credential (any format, or a QR PNG); its id.

        Without ``keep_invalid`` a credential that fails verification raises
        the verification's error and is not stored."""
        b = to_bytes(credential)
        return self._str_out(lib.wallet_store_add, trust._p,
                             policy._p if policy is not None else None, b, len(b),
                             _KEEP_INVALID if keep_invalid else 0)

    def add_batch(self, credentials: Sequence[Data], trust: Trust,
                  policy: Optional[Policy] = None, *, separate: bool = False,
                  keep_invalid: bool = False) -> list[str]:
        """Add the copies of one batch issuance (or, ``separate``, unrelated
        credentials) in one transaction; their ids in input order."""
        items = [to_bytes(c) for c in credentials]
        arr = (ctypes.c_char_p * len(items))(*items)
        lens = (ctypes.c_size_t * len(items))(*[len(i) for i in items])
        flags = (_SEPARATE if separate else 0) | (_KEEP_INVALID if keep_invalid else 0)
        return json.loads(self._str_out(lib.wallet_store_add_batch, trust._p,
                                        policy._p if policy is not None else None, arr, lens,
                                        len(items), flags))

    def list(self, type: Optional[str] = None) -> list[dict]:
        """Stored credentials' metadata, oldest first (``type`` filters)."""
        return json.loads(self._str_out(lib.wallet_store_list, opt_str(type)))

    def show(self, id: str) -> dict:
        """One credential in full: metadata, "claims", "credential"."""
        return json.loads(self._str_out(lib.wallet_store_show, id.encode()))

    def get(self, id: str) -> bytes:
        """The credential exactly as stored."""
        p, n = out_ptr(), ctypes.c_size_t()
        self.ctx.check(lib.wallet_store_get(self.ctx._p, ctypes.byref(p), ctypes.byref(n),
                                             self._p, id.encode()))
        return take_bytes(p, n)

    def delete(self, id: str) -> None:
        self.ctx.check(lib.wallet_store_delete(self.ctx._p, self._p, id.encode()))

    def set_display_name(self, id: str, name: Optional[str]) -> None:
        self.ctx.check(lib.wallet_store_set_display_name(self.ctx._p, self._p, id.encode(),
                                                          opt_str(name)))

    def mark_used(self, id: str) -> None:
        self.ctx.check(lib.wallet_store_mark_used(self.ctx._p, self._p, id.encode()))

    def match(self, query: JsonLike) -> dict[str, list[dict]]:
        """Match a DCQL-style query against the claim-path index:
        {query id: [{"id", "format", "type", "claim_set", ...}]}."""
        b = to_json_bytes(query)
        return json.loads(self._str_out(lib.wallet_store_match, b, len(b)))

    # -- presenting ----------------------------------------------------------

    def present_sdjwt(self, cred_id: str, paths: Sequence[str], *, aud: str, nonce: str,
                      transaction_data: Sequence[str] = (),
                      exact: bool = False) -> str:
        """An SD-JWT+KB presentation of a stored SD-JWT, signed with its
        linked holder key (which never leaves the store): the stored text,
        :meth:`SdJwt.present` with :meth:`credential_key`. Record it with
        :meth:`log_presentation` once the user has consented and it is sent."""
        with SdJwt.parse(self.get(cred_id).decode("utf-8"), ctx=self.ctx) as held, \
                self.credential_key(cred_id) as key:
            return held.present(paths, holder_key=key, aud=aud, nonce=nonce,
                                transaction_data=transaction_data, exact=exact)

    def present_mdoc(self, cred_id: str, session_transcript: bytes,
                     items: Optional[Sequence[Sequence[Any]]] = None, *,
                     reader_key: Optional[Key] = None) -> bytes:
        """A DeviceResponse for one exchange from a stored mdoc
        (IssuerSigned), device-authenticated with its linked holder key
        (DeviceSignature, or DeviceMac with the reader's ephemeral
        ``reader_key``); ``items`` None discloses every element."""
        with self.credential_key(cred_id) as key, \
                DeviceResponse(session_transcript, ctx=self.ctx) as resp:
            resp.add(self.get(cred_id), items, key, reader_key=reader_key)
            return resp.encode()

    # -- holder keys ---------------------------------------------------------

    def key_generate(self, alg: AlgLike = Alg.ES256) -> str:
        """Generate and store a holder key pair; its id."""
        return self._str_out(lib.wallet_store_key_generate, int(Alg.parse(alg)))

    def key_add_external(self, public_key: Key, handle: str) -> str:
        """Record a holder key held outside libwallet (keystore alias)."""
        return self._str_out(lib.wallet_store_key_add_external, public_key._p, handle.encode())

    def set_signer(self, sign: Any, *, der: bool = False) -> None:
        """Sign for external holder keys: ``sign(handle, alg, message) -> bytes``
        (raw r||s, or DER with ``der=True``); ``None`` removes it."""
        if sign is None:
            lib.wallet_store_set_signer(self._p, STORE_SIGN_FN(), None, 0)
            self._signer_cb = None
            return

        def trampoline(_user: Any, handle: bytes, a: int, msg: Any, msg_len: int, out: Any,
                       out_len: Any) -> int:
            try:
                sig = sign(handle.decode("utf-8"), Alg(a), ctypes.string_at(msg, msg_len))
                return write_signature(sig, out, out_len)
            except Exception:  # must not unwind through C
                return 2008  # WALLET_ERR_SIGNER_FAILED

        cb = STORE_SIGN_FN(trampoline)
        lib.wallet_store_set_signer(self._p, cb, None, 1 if der else 0)
        self._signer_cb = cb

    def key(self, key_id: str) -> Key:
        """A signing handle for a stored holder key (never exports the private half)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_store_key(self.ctx._p, ctypes.byref(p), self._p,
                                             key_id.encode()))
        return Key(p.value, self.ctx)

    def credential_key(self, cred_id: str) -> Key:
        """The holder key linked to a credential, as :meth:`key`."""
        p = out_ptr()
        self.ctx.check(lib.wallet_store_credential_key(self.ctx._p, ctypes.byref(p), self._p,
                                                        cred_id.encode()))
        return Key(p.value, self.ctx)

    def link_key(self, cred_id: str, key_id: str) -> None:
        self.ctx.check(lib.wallet_store_link_key(self.ctx._p, self._p, cred_id.encode(),
                                                  key_id.encode()))

    def key_list(self) -> list[dict]:
        return json.loads(self._str_out(lib.wallet_store_key_list))

    def key_export(self, key_id: str) -> str:
        """The holder key's private JWK (the one function that returns it)."""
        return self._str_out(lib.wallet_store_key_export, key_id.encode(), secret=True)

    # -- consent log ---------------------------------------------------------

    def log_presentation(self, verifier: str, claims: JsonLike, *,
                         purpose: Optional[str] = None,
                         transaction_data_hash: Optional[bytes] = None) -> str:
        """Record a presentation; marks the credentials used; the entry's id.

        ``claims`` names what was disclosed: ``[{"credential": id, "claims":
        [["address", "locality"], ...]}]`` (paths as in :meth:`match`)."""
        c = to_json_bytes(claims)
        h = bytes(transaction_data_hash) if transaction_data_hash is not None else None
        return self._str_out(lib.wallet_store_log_presentation, verifier.encode(),
                             opt_str(purpose), c, h, len(h) if h else 0)

    def log_list(self) -> list[dict]:
        """The consent log, newest first."""
        return json.loads(self._str_out(lib.wallet_store_log_list))

    # -- backup --------------------------------------------------------------

    def backup(self, passphrase: Data, *, scrypt_log2n: Optional[int] = None) -> bytes:
        """The whole store, encrypted and authenticated under ``passphrase``."""
        p, n = out_ptr(), ctypes.c_size_t()
        with SecretBuffer(passphrase) as pw:
            self.ctx.check(lib.wallet_store_backup(self.ctx._p, ctypes.byref(p),
                                                    ctypes.byref(n), self._p, pw.buf, pw.len,
                                                    _log2n(scrypt_log2n)))
        return take_bytes(p, n)
