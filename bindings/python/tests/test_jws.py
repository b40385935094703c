"""JWS through the binding: sign (compact, flattened, general), two-step
verify, verify() detection, and negatives."""

import json

import pytest

from conftest import raises_code
from libwallet import (Alg, ErrorCode, Jws, Key, Trust, jws_sign, jws_sign_json, verify)


def test_sign_verify_compact(ctx):
    key = Key.generate("ES256", ctx=ctx)
    key.kid = "k1"
    tok = jws_sign(key, {"iss": "https://city.example", "exp": 4102444800},
                   header={"typ": "JWT"})
    j = Jws.parse(tok, ctx=ctx)
    assert len(j) == 1 and j.kid() == "k1" and j.alg() == Alg.ES256
    assert j.header() == {"alg": "ES256", "kid": "k1", "typ": "JWT"}
    with pytest.raises(ValueError):
        j.payload  # not before verification
    assert j.verified_index is None
    assert json.loads(j.verify(key.public()))["iss"] == "https://city.example"
    assert j.verified_index == 0
    r = verify(tok, Trust(keys=[key], ctx=ctx))
    assert r.format == "jws" and r.issuer == "https://city.example"


def test_sign_json_general(ctx):
    k1, k2 = Key.generate("ES256", ctx=ctx), Key.generate("EdDSA", ctx=ctx)
    text = jws_sign_json([k1, k2], b"payload bytes")
    j = Jws.parse(text, ctx=ctx)
    assert len(j) == 2 and j.alg(1) == Alg.EDDSA
    assert j.verify(k2) == b"payload bytes" and j.verified_index == 1
    assert Jws.parse(jws_sign_json([k1], b"x"), ctx=ctx).verify(k1) == b"x"
    with pytest.raises(IndexError):
        j.header(5)


def test_detached_payload(ctx):
    key = Key.generate(ctx=ctx)
    h, _, s = jws_sign(key, b"detached").split(".")
    j = Jws.parse(f"{h}..{s}", ctx=ctx).set_detached_payload(b"detached")
    assert j.verify(key) == b"detached"


def test_wrong_key_tampered_and_disallowed(ctx):
    key = Key.generate("ES256", ctx=ctx)
    tok = jws_sign(key, b"hello")
    raises_code(ErrorCode.SIGNATURE, Jws.parse(tok, ctx=ctx).verify, Key.generate(ctx=ctx))
    h, p, s = tok.split(".")
    tampered = ".".join([h, "aGVsbG8h", s])
    raises_code(ErrorCode.SIGNATURE, Jws.parse(tampered, ctx=ctx).verify, key)
    raises_code(ErrorCode.ALG_NOT_ALLOWED, Jws.parse(tok, ctx=ctx).verify, key, ["EdDSA"])
    raises_code(ErrorCode.ALG_KEY_MISMATCH, Jws.parse(tok, ctx=ctx).verify,
                Key.generate("ES384", ctx=ctx), ["ES256", "ES384"])


def test_refused_headers_and_garbage(ctx):
    key = Key.generate(ctx=ctx)
    raises_code(ErrorCode.INVALID_ARG, jws_sign, key, b"x", header={"alg": "none"})
    raises_code(ErrorCode.JWS_FORMAT, Jws.parse, "a.b", ctx=ctx)
    none_alg = "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ."
    j = Jws.parse(none_alg, ctx=ctx)
    with pytest.raises(Exception) as ei:
        j.verify(key, ["ES256"])
    assert ei.value.code in (ErrorCode.ALG_NOT_ALLOWED, ErrorCode.ALG_UNSUPPORTED,
                             ErrorCode.JWS_FORMAT)
    crit = jws_sign(key, b"x", header={"crit": ["exp"], "exp": 1})
    raises_code(ErrorCode.CRIT_UNKNOWN, Jws.parse(crit, ctx=ctx).verify, key)
