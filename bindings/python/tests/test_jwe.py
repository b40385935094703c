"""JWE (ECDH-ES, OpenID4VP direct_post.jwt) through the binding: round
trips for every content encryption and curve, and negatives."""

import pytest

from conftest import raises_code
from libwallet import ErrorCode, Jwe, Key, jwe_encrypt


@pytest.mark.parametrize("enc", ["A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"])
@pytest.mark.parametrize("alg", ["ES256", "ES384", "ES512"])
def test_round_trip(ctx, enc, alg):
    verifier = Key.generate(alg, ctx=ctx)
    verifier.kid = "enc-1"
    text = jwe_encrypt(verifier.public(), {"vp_token": {"pid": ["..."]}, "state": "s"},
                       enc=enc, apu=b"wallet nonce", apv=b"verifier nonce",
                       header={"typ": "oauth-authz-resp+jwt"})
    j = Jwe.parse(text, ctx=ctx)
    assert j.alg == "ECDH-ES" and j.enc == enc and j.kid == "enc-1"
    assert j.header["typ"] == "oauth-authz-resp+jwt"
    assert j.decrypt(verifier, allowed=["A128GCM", "A256GCM", "A128CBC-HS256",
                                        "A256CBC-HS512"]) == \
        b'{"vp_token":{"pid":["..."]},"state":"s"}'


def test_negatives(ctx):
    verifier = Key.generate("ES256", ctx=ctx)
    text = jwe_encrypt(verifier, b"secret", enc="A256GCM")
    raises_code(ErrorCode.JWE_ENC, Jwe.parse(text, ctx=ctx).decrypt, verifier, ["A128GCM"])
    raises_code(ErrorCode.DECRYPT, Jwe.parse(text, ctx=ctx).decrypt,
                Key.generate("ES256", ctx=ctx), ["A256GCM"])
    raises_code(ErrorCode.JWE_EPK_CURVE, Jwe.parse(text, ctx=ctx).decrypt,
                Key.generate("ES384", ctx=ctx), ["A256GCM"])
    parts = text.split(".")
    parts[3] = ("A" if parts[3][0] != "A" else "B") + parts[3][1:]
    raises_code(ErrorCode.DECRYPT, Jwe.parse(".".join(parts), ctx=ctx).decrypt, verifier,
                "A256GCM")
    raises_code(ErrorCode.KEY_NOT_PRIVATE, Jwe.parse(text, ctx=ctx).decrypt, verifier.public(),
                "A256GCM")
    raises_code(ErrorCode.JWE_FORMAT, Jwe.parse, "a.b.c", ctx=ctx)
    raises_code(ErrorCode.JWE_ENC, jwe_encrypt, verifier, b"x", enc="A192GCM")
    raises_code(ErrorCode.INVALID_ARG, jwe_encrypt, verifier, b"x", header={"zip": "DEF"})
