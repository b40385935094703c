"""DCQL (OpenID4VP 1.0 §6, dcql.h): parse a query, match it against
candidate credentials."""

from __future__ import annotations

import ctypes
import json
from typing import Any, Optional

from ._base import Context, Handle, JsonLike, ctx_of, out_ptr, take_str, to_json_bytes
from ._lib import lib

__all__ = ["DcqlQuery", "DcqlCandidates", "DcqlResult", "FORMAT_SD_JWT", "FORMAT_MDOC"]

FORMAT_SD_JWT = "dc+sd-jwt"
FORMAT_MDOC = "mso_mdoc"
_FORMATS = {FORMAT_SD_JWT: 1, FORMAT_MDOC: 2}


class DcqlQuery(Handle):
    """A validated DCQL query (``wallet_dcql``)."""

    _free_fn = lib.wallet_dcql_free

    @classmethod
    def parse(cls, query: JsonLike, *, ctx: Optional[Context] = None) -> "DcqlQuery":
        """Parse and validate (raises MalformedError, e.g. ErrorCode.DCQL_ID)."""
        c = ctx_of(ctx)
        b = to_json_bytes(query)
        p = out_ptr()
        c.check(lib.wallet_dcql_parse(c._p, ctypes.byref(p), b, len(b)))
        return cls(p.value, c)

    def to_dict(self) -> dict:
        """The query normalised (defaults written out)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_dcql_to_json(self.ctx._p, ctypes.byref(p), self._p))
        return json.loads(take_str(p))

    @property
    def credential_ids(self) -> list[str]:
        return [lib.wallet_dcql_credential_id(self._p, i).decode()
                for i in range(lib.wallet_dcql_credential_count(self._p))]

    def match(self, candidates: "DcqlCandidates") -> "DcqlResult":
        """Evaluate the query over ``candidates`` (satisfied or not)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_dcql_match(self.ctx._p, ctypes.byref(p), self._p,
                                              candidates._p))
        return DcqlResult(p.value, self.ctx)


class DcqlCandidates(Handle):
    """The credentials a wallet holds (or presentations a verifier got)."""

    _free_fn = lib.wallet_dcql_candidates_free

    def __init__(self, *, ctx: Optional[Context] = None) -> None:
        c = ctx_of(ctx)
        p = out_ptr()
        c.check(lib.wallet_dcql_candidates_new(c._p, ctypes.byref(p)))
        super().__init__(p.value, c)

    def add(self, id: str, format: str, type: str, claims: JsonLike, *,
            holder_binding: bool = False) -> "DcqlCandidates":
        """Add a candidate: ``format`` "dc+sd-jwt" or "mso_mdoc", ``type``
        its vct / docType, ``claims`` the processed claims (mdoc:
        ``{"namespace": {"element": value}}``)."""
        # Another format is WALLET_FORMAT_OTHER (0): the library refuses it
        # with ErrorCode.DCQL_CANDIDATE.
        b = to_json_bytes(claims)
        self.ctx.check(lib.wallet_dcql_candidates_add(
            self.ctx._p, self._p, id.encode(), _FORMATS.get(format, 0), type.encode(), b, len(b),
            1 if holder_binding else 0))
        return self

    def add_authority(self, id: str, type: str, value: str) -> "DcqlCandidates":
        """Record that candidate ``id`` is certified by an authority."""
        self.ctx.check(lib.wallet_dcql_candidates_add_authority(
            self.ctx._p, self._p, id.encode(), type.encode(), value.encode()))
        return self

    def __len__(self) -> int:
        return lib.wallet_dcql_candidates_count(self._p)


class DcqlResult(Handle):
    """The outcome of matching (``wallet_dcql_result``). It names candidates
    and claim paths only, never claim values."""

    _free_fn = lib.wallet_dcql_result_free

    @property
    def satisfied(self) -> bool:
        return bool(lib.wallet_dcql_result_satisfied(self._p))

    def __bool__(self) -> bool:
        return self.satisfied

    def check(self) -> None:
        """Raise PolicyError (ErrorCode.DCQL_UNSATISFIED) when not satisfied."""
        self.ctx.check(lib.wallet_dcql_result_check(self.ctx._p, self._p))

    def to_dict(self) -> dict:
        """{"satisfied", "credentials": [...], "presentation": {...}} (dcql.h)."""
        p = out_ptr()
        self.ctx.check(lib.wallet_dcql_result_to_json(self.ctx._p, ctypes.byref(p),
                                                       self._p))
        return json.loads(take_str(p))

    @property
    def presentation(self) -> dict[str, list[dict[str, Any]]]:
        """The selection: query id → [{"candidate", "disclose"?, "claims"}]."""
        return self.to_dict()["presentation"]
