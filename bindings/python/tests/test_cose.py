"""COSE_Sign1 and CWT through the binding: sign, two-step verify, headers,
x5chain, external AAD, detached payloads, verify() detection, negatives."""

import pytest

from conftest import raises_code
from libwallet import (Alg, CertBuilder, CertProfile, CoseSign1, ErrorCode, Key, Trust,
                       cose_sign1, cwt_claims, verify)
from libwallet.cose import HDR_CONTENT_TYPE, HDR_KID


def test_cwt_sign_verify(ctx):
    key = Key.generate("ES256", ctx=ctx)
    claims = cwt_claims({"iss": "https://city.example", "exp": 4102444800, "dose": 2}, ctx=ctx)
    msg = cose_sign1(key, claims, unprotected={HDR_KID: b"k1"})
    assert msg[:1] == b"\xd2"  # tag 18
    m = CoseSign1.parse(msg, ctx=ctx)
    assert m.alg == Alg.ES256 and m.kid == b"k1" and not m.is_detached
    assert m.header(HDR_KID) == (b"\x42k1", False)
    assert m.header(99) is None
    assert m.verify(key.public()) == claims
    # wallet_verify() finds the signer by kid among the trusted keys.
    r = verify(msg, Trust(keys=[key], ctx=ctx))
    assert r.error == ErrorCode.KEY_NOT_FOUND
    key.kid = "k1"
    r = verify(msg, Trust(keys=[key], ctx=ctx))
    assert r.valid and r.format == "cose_sign1"
    assert r.issuer == "https://city.example" and r.claims["dose"] == 2


def test_headers_x5chain_aad_detached(ctx):
    key = Key.generate("ES256", ctx=ctx)
    cert = CertBuilder(CertProfile.LEAF, "CN=Signer,C=VN", ctx=ctx).sign(key, key)
    msg = cose_sign1(key, b"content", protected={HDR_CONTENT_TYPE: "text/plain"},
                     x5chain=[cert], external_aad=b"aad", detached=True, tagged=False)
    m = CoseSign1.parse(msg, ctx=ctx)
    assert m.is_detached and m.header(HDR_CONTENT_TYPE)[1] is True
    assert [c.der for c in m.x5chain] == [cert.der]
    assert m.verify(key, external_aad=b"aad", detached=b"content") == b"content"
    m2 = CoseSign1.parse(msg, ctx=ctx)
    raises_code(ErrorCode.SIGNATURE, m2.verify, key, external_aad=b"other",
                detached=b"content")
    raises_code(ErrorCode.SIGNATURE, CoseSign1.parse(msg, ctx=ctx).verify, key,
                external_aad=b"aad", detached=b"changed")


def test_negatives(ctx):
    key = Key.generate("ES256", ctx=ctx)
    msg = bytearray(cose_sign1(key, b"payload"))
    raises_code(ErrorCode.SIGNATURE, CoseSign1.parse(bytes(msg), ctx=ctx).verify,
                Key.generate(ctx=ctx))
    raises_code(ErrorCode.ALG_NOT_ALLOWED, CoseSign1.parse(bytes(msg), ctx=ctx).verify, key,
                ["EdDSA"])
    i = msg.find(b"payload")
    msg[i] ^= 1
    raises_code(ErrorCode.SIGNATURE, CoseSign1.parse(bytes(msg), ctx=ctx).verify, key)
    with pytest.raises(Exception) as ei:
        CoseSign1.parse(b"\x80", ctx=ctx)
    assert ei.value.code in (ErrorCode.COSE_FORMAT, ErrorCode.CBOR_TYPE)
    raises_code(ErrorCode.CBOR, CoseSign1.parse, b"\xff\xff", ctx=ctx)
    with pytest.raises(TypeError):
        cose_sign1(key, b"x", protected={3: 1.5})
    raises_code(ErrorCode.INVALID_ARG, cose_sign1, key, b"x", protected={1: -7})
    raises_code(ErrorCode.JSON_TYPE, cwt_claims, {"cti": 5}, ctx=ctx)
