"""Token Status Lists through the binding: issuer lists, list tokens (JWT
and CWT), snapshots and cache in a verification policy, and negatives."""

import pytest

from conftest import raises_code
from libwallet import (
    Context,
    ErrorCode,
    Key,
    Policy,
    SdJwtIssuer,
    Status,
    StatusCache,
    StatusFormat,
    StatusList,
    StatusSnapshot,
    StatusToken,
    Trust,
    status_name,
    verify,
)
from libwallet.status import max_entries

URI = "https://status.city.example/lists/1"
NOW = 1750000000


@pytest.fixture
def setup():
    ctx = Context()
    ctx.set_time(NOW)
    key = Key.generate("ES256", ctx=ctx)
    key.kid = "status-1"
    lst = StatusList(URI, bits=2, size=1024, random=False, issuer="https://city.example",
                     ctx=ctx)
    return ctx, key, lst, Trust(keys=[key.public()], ctx=ctx)


def test_list_allocate_set_save_load(setup):
    ctx, key, lst, _ = setup
    assert lst.uri == URI and lst.bits == 2 and lst.size == 1024
    assert lst.issuer == "https://city.example"
    a, b = lst.allocate(), lst.allocate()
    assert (a, b) == (0, 1) and lst.allocated == 2
    v0 = lst.version
    lst.set(b, Status.SUSPENDED)
    assert lst.get(b) == Status.SUSPENDED and lst.get(a) == Status.VALID
    assert lst.version == v0 + 1
    again = StatusList.load(lst.save(), ctx=ctx)
    assert again.get(b) == Status.SUSPENDED and again.allocated == 2
    assert again.allocate() == 2  # never hands out an index twice
    assert status_name(1) == "invalid" and status_name(3) == "application_specific"
    assert max_entries() == 1 << 26
    assert StatusFormat.JWT.media_type == "application/statuslist+jwt"


@pytest.mark.parametrize("fmt", [StatusFormat.JWT, StatusFormat.CWT])
def test_token_round_trip(setup, fmt):
    ctx, key, lst, trust = setup
    i = lst.allocate()
    lst.set(i, Status.INVALID)
    tok = lst.token(key, fmt, lifetime=3600, ttl=300)
    t = StatusToken.verify(tok, trust, expected_uri=URI)
    assert t.format == fmt and t.uri == URI and t.issuer == "https://city.example"
    assert t.get(i) == Status.INVALID and t.get(i + 1) == Status.VALID
    assert t.bits == 2 and t.size >= 1024 and t.ttl == 300
    assert t.issued_at == NOW and t.expires_at == NOW + 3600
    raises_code(ErrorCode.STATUS_INDEX, t.get, 1 << 20)


def test_revoked_credential_through_snapshot_policy(setup):
    ctx, key, lst, trust = setup
    idx = lst.allocate()
    sd = SdJwtIssuer(key, claims={"vct": "https://city.example/t", "name": "x"},
                     status=(URI, idx), ctx=ctx).issue()
    verifier_key = Key.generate("ES256", ctx=ctx)

    def snapshot_policy():
        snap = StatusSnapshot(ctx=ctx).add_token(lst.token(key, lifetime=86400), trust)
        saved = snap.save(verifier_key)
        loaded = StatusSnapshot.load(saved, verifier_key.public(), ctx=ctx)
        assert loaded.uris == [URI] and loaded.captured_at == NOW
        return Policy(status_snapshot=loaded, status_max_age=3600, ctx=ctx), loaded

    p, snap = snapshot_policy()
    r = verify(sd, trust, p)
    assert r.valid and r.status == Status.VALID and r.status_uri == URI
    assert snap.check(URI, idx, 3600) == Status.VALID
    lst.set(idx, Status.INVALID)
    p, _ = snapshot_policy()
    r = verify(sd, trust, p)
    assert r.error == ErrorCode.REVOKED
    lst.set(idx, Status.SUSPENDED)
    p, _ = snapshot_policy()
    assert verify(sd, trust, p).error == ErrorCode.SUSPENDED


def test_cache_policy(setup):
    ctx, key, lst, trust = setup
    idx = lst.allocate()
    lst.set(idx, Status.INVALID)
    cache = StatusCache(ctx=ctx)
    cache.add(lst.token(key, lifetime=3600), trust)
    assert len(cache) == 1
    assert cache.check(URI, idx, trust) == Status.INVALID
    sd = SdJwtIssuer(key, claims={"vct": "t"}, status=(URI, idx), ctx=ctx).issue()
    assert verify(sd, trust, Policy(status_cache=cache, ctx=ctx)).error == ErrorCode.REVOKED


def test_snapshot_stale_and_unavailable(setup):
    ctx, key, lst, trust = setup
    lst.allocate()
    snap = StatusSnapshot(ctx=ctx).add_token(lst.token(key), trust)
    ctx.set_time(NOW + 7200)
    raises_code(ErrorCode.STATUS_STALE, snap.check, URI, 0, 3600)
    raises_code(ErrorCode.STATUS_UNAVAILABLE, snap.check, "https://other.example/l", 0)


def test_snapshot_signed_by_another_key(setup):
    ctx, key, lst, trust = setup
    snap = StatusSnapshot(ctx=ctx).add_token(lst.token(key), trust)
    saved = snap.save(Key.generate(ctx=ctx))
    raises_code(ErrorCode.SIGNATURE, StatusSnapshot.load, saved, Key.generate(ctx=ctx),
                ctx=ctx)
    raises_code(ErrorCode.STATE, StatusSnapshot(ctx=ctx).save, key)


def test_token_negatives(setup):
    ctx, key, lst, trust = setup
    tok = lst.token(key, lifetime=60)
    raises_code(ErrorCode.STATUS_SUBJECT, StatusToken.verify, tok, trust,
                expected_uri="https://elsewhere.example/l")
    other = Trust(keys=[Key.generate(ctx=ctx)], ctx=ctx)
    with pytest.raises(Exception) as ei:
        StatusToken.verify(tok, other)
    assert ei.value.code in (ErrorCode.KEY_NOT_FOUND, ErrorCode.SIGNATURE)
    ctx.set_time(NOW + 3600)  # past exp plus the clock skew
    raises_code(ErrorCode.EXPIRED, StatusToken.verify, tok, trust)


def test_list_negatives(setup):
    ctx, key, lst, _ = setup
    raises_code(ErrorCode.STATUS_NOT_ALLOCATED, lst.set, 5, Status.INVALID)
    raises_code(ErrorCode.STATUS_INDEX, lst.get, 4096)
    lst.allocate()
    raises_code(ErrorCode.INVALID_ARG, lst.set, 0, 7)  # does not fit in 2 bits
    raises_code(ErrorCode.INVALID_ARG, StatusList, URI, bits=3, ctx=ctx)
    raises_code(ErrorCode.STATUS_LIST_FORMAT, StatusList.load, b"\xa0", ctx=ctx)
    raises_code(ErrorCode.KEY_NOT_PRIVATE, lst.token, key.public())
    full = StatusList(URI, bits=8, size=1, random=False, ctx=ctx)
    full.allocate()
    raises_code(ErrorCode.STATUS_LIST_FULL, full.allocate)
