"""SD-JWT / SD-JWT VC through the binding: the RFC 9901 (draft-22) and
SD-JWT VC draft-18 examples of vectors/sdjwt (the subset the C driver
tests/vectors/test_sdjwt_vectors.c runs), an issue → present → verify round
trip, and negative cases asserting their ErrorCode."""

import json

import pytest

from conftest import raises_code, vjson, vtext
from libwallet import (
    Context,
    CryptoError,
    ErrorCode,
    Key,
    MalformedError,
    Policy,
    PolicyError,
    SdJwt,
    SdJwtIssuer,
    Trust,
    UsageError,
    verify,
    verify_sdjwt,
)

D22 = "sdjwt/ietf-sd-jwt-draft-22-rendered/"
V18 = "sdjwt/ietf-sd-jwt-vc-draft-18-rendered/"
VEC_NOW = 1700000000  # inside every example's validity (iat 1683000000, exp 1883000000)
TYPES = ["example+sd-jwt", "dc+sd-jwt", "vc+sd-jwt"]

# (section, presentation file, its verified-contents file) as the C driver.
SECTIONS = [
    (D22 + "sec-5.1-issuance/", None, None),
    (D22 + "sec-5.2-presentation/", "01_sd_jwt_presentation.txt", "03_verified_contents.json"),
    (D22 + "sec-A.1-simple-structured-sd-jwt/", "03_sd_jwt_presentation.txt",
     "04_verified_contents.json"),
    (D22 + "sec-A.2-complex-structured-sd-jwt/", "03_sd_jwt_presentation.txt",
     "04_verified_contents.json"),
    (D22 + "sec-A.3-sd-jwt-based-verifiable-credentials-sd-j/", "04_sd_jwt_presentation.txt",
     "06_verified_contents.json"),
    (D22 + "sec-A.4-w3c-verifiable-credentials-data-model-v2/", "04_sd_jwt_presentation.txt",
     "05_verified_contents.json"),
    (V18 + "sec-2.3.1-issuance/", None, None),
    (V18 + "sec-2.3.2-presentation/", "01_sd_jwt_presentation.txt",
     "02_verified_contents.json"),
    (V18 + "sec-A.1-example-person-identification-data-pid-c/", "04_sd_jwt_presentation.txt",
     "06_verified_contents.json"),
]


def issuer_jwk(kid=None):
    j = vjson(D22 + "sec-A.5-elliptic-curve-key-used-in-the-examples/01_json.json")
    if kid:
        j["kid"] = kid
    return j


def vec_trust(ctx, section):
    if section.startswith(V18 + "sec-2.3"):
        meta = vjson(V18 + "sec-3.2-jwt-vc-issuer-metadata-response/01_json.json")
        return Trust(jwks=meta["jwks"], ctx=ctx)
    return Trust(jwks=issuer_jwk(), ctx=ctx)


def token_cases():
    out = []
    for section, pres, verified in SECTIONS:
        for a in vjson(section + "checks.json")["artifacts"]:
            t = a.get("check", {}).get("type")
            if isinstance(t, str):
                out.append(pytest.param(section, a, verified if a["file"] == pres else None,
                                        id=section.split("/")[1] + "/" + a["file"]))
    return out


@pytest.mark.parametrize("section,artifact,verified", token_cases())
def test_spec_example_verifies(section, artifact, verified):
    check = artifact["check"]
    token = vtext(section + artifact["file"])
    kb = check.get("kb_payload")
    ctx = Context()
    ctx.set_time(kb["iat"] if kb else VEC_NOW)
    trust = vec_trust(ctx, section)
    policy = Policy(sdjwt_types=TYPES, audience=kb and kb["aud"], nonce=kb and kb["nonce"],
                    ctx=ctx)
    if check["type"] == "jwt":
        # The issuer-signed JWT alone is a plain JWS; with "~" an SD-JWT
        # disclosing nothing.
        r = verify(token, trust, policy, ctx=ctx)
        assert r.valid and r.format == "jws"
        r = verify_sdjwt(token + "~", trust, policy, ctx=ctx)
        claims = r.claims
        assert "_sd" not in claims and "given_name" not in claims and "sub" in claims
        return
    r = verify(token, trust, policy, ctx=ctx)
    assert r.valid, r.detail
    assert r.format == "dc+sd-jwt"
    pp = check["processed_payload"]
    assert r.claims == pp
    if verified:
        assert r.claims == vjson(section + verified)
    assert (r.holder_key is not None) == ("cnf" in pp)
    if "cnf" in pp:
        assert r.holder_key.equal_public(Key.from_jwk(pp["cnf"]["jwk"], ctx=ctx))
    if "vct" in pp:
        assert r.type == pp["vct"]
    if not kb:
        held = SdJwt.parse(token, ctx=ctx)
        assert len(held.disclosures) == check["num_disclosures"]
    else:
        # Key binding is enforced: another nonce is refused.
        policy.set_nonce("another nonce")
        r2 = verify_sdjwt(token, trust, policy, ctx=ctx)
        assert not r2.valid and r2.error == ErrorCode.NONCE


@pytest.mark.parametrize("i", [0, 1, 2])
def test_spec_json_serializations(i):
    files = [D22 + "sec-8.2-flattened-json-serialization/01_json.json",
             D22 + "sec-8.2-flattened-json-serialization/02_json.json",
             D22 + "sec-8.3-general-json-serialization/01_json.json"]
    checks = [D22 + "sec-8.2-flattened-json-serialization/checks.json"] * 2 + \
        [D22 + "sec-8.3-general-json-serialization/checks.json"]
    check = vjson(checks[i])["artifacts"][1 if i == 1 else 0]["check"]
    kb = check.get("kb_payload")
    ctx = Context()
    ctx.set_time(kb["iat"] if kb else VEC_NOW)
    trust = Trust(jwks=issuer_jwk("issuer-key-1" if i == 2 else None), ctx=ctx)
    policy = Policy(sdjwt_types=TYPES, audience=kb and kb["aud"], nonce=kb and kb["nonce"],
                    ctx=ctx)
    r = verify(vtext(files[i]), trust, policy, ctx=ctx)
    assert r.valid, r.detail
    assert r.format == "dc+sd-jwt"
    assert r.claims == check["processed_payload"]


def test_vc18_second_presentation_without_kb():
    ctx = Context()
    ctx.set_time(VEC_NOW)
    r = verify_sdjwt(vtext(V18 + "sec-2.3.2-presentation/03_sd_jwt_presentation.txt"),
                     Trust(jwks=issuer_jwk(), ctx=ctx), ctx=ctx)
    assert r.claims == vjson(V18 + "sec-2.3.2-presentation/04_verified_contents.json")
    assert r.type == "https://credentials.example.com/identity_credential"


def test_spec_example_with_wrong_issuer_key_is_refused():
    ctx = Context()
    ctx.set_time(VEC_NOW)
    token = None
    for a in vjson(D22 + "sec-5.1-issuance/checks.json")["artifacts"]:
        if a.get("check", {}).get("type") == "sd-jwt":
            token = vtext(D22 + "sec-5.1-issuance/" + a["file"])
    assert token
    other = Trust(keys=[Key.generate("ES256", ctx=ctx)], ctx=ctx)
    r = verify(token, other, Policy(sdjwt_types=TYPES, ctx=ctx), ctx=ctx)
    assert not r.valid
    assert r.error in (ErrorCode.SIGNATURE, ErrorCode.KEY_NOT_FOUND)


# ---- round trip -------------------------------------------------------------------

CLAIMS = {
    "given_name": "Lan",
    "family_name": "Nguyen",
    "birthdate": "1990-01-02",
    "address": {"locality": "Hanoi", "street_address": "1 Trang Tien"},
    "nationalities": ["VN", "FR"],
}


@pytest.fixture
def issued(ctx):
    ctx.set_time(1750000000)
    issuer = Key.generate("ES256", ctx=ctx)
    issuer.kid = "city-1"
    holder = Key.generate("ES256", ctx=ctx)
    b = SdJwtIssuer(issuer, claims=CLAIMS,
                    disclosable=["given_name", "family_name", "birthdate", "address",
                                 "address.locality", "address.street_address",
                                 "nationalities.0", "nationalities.1"],
                    vct="https://city.example/citizen", issuer="https://city.example",
                    holder_key=holder.public(), exp=1750000000 + 86400, decoys=2, ctx=ctx)
    return ctx, issuer, holder, b.issue(), Trust(keys=[issuer.public()], ctx=ctx)


def test_roundtrip_issue_present_verify(issued):
    ctx, issuer, holder, sd_jwt, trust = issued
    held = SdJwt.parse(sd_jwt, ctx=ctx)
    assert held.claims["address"]["locality"] == "Hanoi"
    assert set(held.paths) >= {"given_name", "address", "address.locality"}
    pres = held.present(["given_name", "address.locality"], holder_key=holder,
                        aud="https://verifier.example", nonce="n-123")
    policy = Policy(audience="https://verifier.example", nonce="n-123", ctx=ctx)
    r = verify_sdjwt(pres, trust, policy)
    assert r.valid, r.detail
    c = r.claims
    assert c["given_name"] == "Lan"
    assert c["address"] == {"locality": "Hanoi"}
    assert "family_name" not in c and "birthdate" not in c
    assert r.issuer == "https://city.example"
    assert r.type == "https://city.example/citizen"
    assert r.valid_until == 1750000000 + 86400
    assert r.holder_key.equal_public(holder)
    d = r.to_dict()
    assert d["valid"] is True and d["format"] == "dc+sd-jwt"
    # The same through wallet_verify(), and without key binding when not required.
    assert verify(pres, trust, policy).valid
    plain = held.present(["family_name"])
    r = verify(plain, trust)
    assert r.claims["family_name"] == "Nguyen" and "given_name" not in r.claims


def test_roundtrip_json_serialization_and_exact(issued):
    ctx, issuer, holder, _, trust = issued
    b = SdJwtIssuer(issuer, claims=CLAIMS, disclosable=["address", "address.locality"],
                    vct="https://city.example/citizen", holder_key=holder, ctx=ctx)
    text = b.issue(json_serialization=True)
    assert json.loads(text)["header"]["disclosures"]
    held = SdJwt.parse(text, ctx=ctx)
    pres = held.present(["address"], exact=True, json_serialization=False)
    assert "~" in pres
    r = verify_sdjwt(pres, trust)
    assert r.valid
    assert "locality" not in r.claims["address"]
    assert r.claims["address"]["street_address"] == "1 Trang Tien"


def test_roundtrip_transaction_data(issued):
    ctx, issuer, holder, sd_jwt, trust = issued
    td = ["eyJ0eXBlIjoicGF5bWVudCJ9"]
    pres = SdJwt.parse(sd_jwt, ctx=ctx).present(["given_name"], holder_key=holder, aud="a",
                                                nonce="n", transaction_data=td)
    ok = Policy(audience="a", nonce="n", transaction_data=td, ctx=ctx)
    assert verify_sdjwt(pres, trust, ok).valid
    bad = Policy(audience="a", nonce="n", transaction_data=["eyJvdGhlciI6MX0"], ctx=ctx)
    r = verify_sdjwt(pres, trust, bad)
    assert r.error == ErrorCode.SDJWT_TRANSACTION_DATA


# ---- negative cases ----------------------------------------------------------------


def test_wrong_issuer_key_is_refused(issued):
    ctx, _, _, sd_jwt, _ = issued
    r = verify_sdjwt(sd_jwt, Trust(keys=[Key.generate("ES256", ctx=ctx)], ctx=ctx))
    assert not r.valid
    assert r.error in (ErrorCode.KEY_NOT_FOUND, ErrorCode.SIGNATURE)
    with pytest.raises(CryptoError):
        r.claims  # an invalid result never hands out claims


def test_wrong_issuer_key_same_kid_is_signature(issued):
    ctx, issuer, _, sd_jwt, _ = issued
    impostor = Key.generate("ES256", ctx=ctx)
    impostor.kid = issuer.kid
    r = verify_sdjwt(sd_jwt, Trust(keys=[impostor], ctx=ctx))
    assert r.error == ErrorCode.SIGNATURE
    assert r.error_name == "signature"


def test_tampered_disclosure_is_unreferenced(issued):
    ctx, _, _, sd_jwt, trust = issued
    parts = sd_jwt.split("~")
    # A Disclosure of our own making: well-formed, but its digest is nowhere.
    import base64
    forged = base64.urlsafe_b64encode(b'["c2FsdHNhbHRzYWx0","given_name","Mallory"]') \
        .rstrip(b"=").decode()
    tampered = "~".join([parts[0], forged] + parts[1:])
    r = verify_sdjwt(tampered, trust)
    assert r.error == ErrorCode.SDJWT_UNREFERENCED
    with pytest.raises(CryptoError) as ei:
        r.raise_for_error()
    assert ei.value.code == ErrorCode.SDJWT_UNREFERENCED and ei.value.detail


def test_tampered_issuer_signature(issued):
    ctx, _, _, sd_jwt, trust = issued
    jwt, rest = sd_jwt.split("~", 1)
    h, p, s = jwt.split(".")
    s = ("A" if s[0] != "A" else "B") + s[1:]
    r = verify_sdjwt(".".join([h, p, s]) + "~" + rest, trust)
    assert r.error == ErrorCode.SIGNATURE


def test_expired_credential(issued):
    ctx, _, _, sd_jwt, trust = issued
    ctx.set_time(1750000000 + 2 * 86400)
    r = verify_sdjwt(sd_jwt, trust)
    assert r.error == ErrorCode.EXPIRED
    assert isinstance(r.exception(), PolicyError)


def test_wrong_audience(issued):
    ctx, _, holder, sd_jwt, trust = issued
    pres = SdJwt.parse(sd_jwt, ctx=ctx).present([], holder_key=holder, aud="a", nonce="n")
    r = verify_sdjwt(pres, trust, Policy(audience="b", nonce="n", ctx=ctx))
    assert r.error == ErrorCode.AUDIENCE


def test_missing_key_binding_when_required(issued):
    ctx, _, _, sd_jwt, trust = issued
    pres = SdJwt.parse(sd_jwt, ctx=ctx).present(["given_name"])
    r = verify_sdjwt(pres, trust, Policy(holder_binding=True, ctx=ctx))
    assert r.error == ErrorCode.HOLDER_BINDING


def test_stale_kb_jwt(issued):
    ctx, _, holder, sd_jwt, trust = issued
    pres = SdJwt.parse(sd_jwt, ctx=ctx).present([], holder_key=holder, aud="a", nonce="n")
    ctx.set_time(1750000000 + 3600)
    r = verify_sdjwt(pres, trust, Policy(audience="a", nonce="n", kb_max_age=300, ctx=ctx))
    assert r.error == ErrorCode.SDJWT_KB_STALE


def test_present_with_wrong_holder_key(issued):
    ctx, _, _, sd_jwt, _ = issued
    held = SdJwt.parse(sd_jwt, ctx=ctx)
    raises_code(ErrorCode.HOLDER_BINDING, held.present, ["given_name"],
                holder_key=Key.generate("ES256", ctx=ctx), aud="a", nonce="n")


def test_present_unknown_path(issued):
    ctx, _, _, sd_jwt, _ = issued
    e = raises_code(ErrorCode.NOT_FOUND, SdJwt.parse(sd_jwt, ctx=ctx).present, ["no_such"])
    assert isinstance(e, UsageError)


def test_parse_refuses_garbage(ctx):
    e = raises_code(ErrorCode.SDJWT_FORMAT, SdJwt.parse, "not an sd-jwt", ctx=ctx)
    assert isinstance(e, MalformedError)


def test_parse_refuses_sd_jwt_kb(issued):
    ctx, _, holder, sd_jwt, _ = issued
    pres = SdJwt.parse(sd_jwt, ctx=ctx).present([], holder_key=holder, aud="a", nonce="n")
    raises_code(ErrorCode.SDJWT_FORMAT, SdJwt.parse, pres, ctx=ctx)


def test_issuer_refuses_plain_claim_disclosable(ctx):
    k = Key.generate("ES256", ctx=ctx)
    b = SdJwtIssuer(k, claims={"vct": "x", "exp": 2000000000, "a": 1}, ctx=ctx)
    raises_code(ErrorCode.NOT_FOUND, b.add_disclosable, "missing")
    raises_code(ErrorCode.INVALID_ARG, b.set_claims, {"_sd": []})


def test_issuer_needs_private_key(ctx):
    pub = Key.generate("ES256", ctx=ctx).public()
    raises_code(ErrorCode.KEY_NOT_PRIVATE, SdJwtIssuer, pub, claims={"vct": "x"}, ctx=ctx)


def test_disallowed_algorithm(issued):
    ctx, _, _, sd_jwt, trust = issued
    r = verify_sdjwt(sd_jwt, trust, Policy(algs=["EdDSA"], ctx=ctx))
    assert r.error == ErrorCode.ALG_NOT_ALLOWED


def test_single_path_string_is_one_path(issued):
    ctx, issuer, holder, sd_jwt, trust = issued
    pres = SdJwt.parse(sd_jwt, ctx=ctx).present("given_name")
    r = verify_sdjwt(pres, trust)
    assert r.claims["given_name"] == "Lan" and "family_name" not in r.claims
    one = SdJwtIssuer(issuer, claims={"vct": "t", "a": 1, "b": 2}, disclosable="a",
                      ctx=ctx).issue()
    assert SdJwt.parse(one, ctx=ctx).paths == ["a"]


def test_issuer_trusted_by_metadata(ctx):
    ctx.set_time(1750000000)
    issuer = Key.generate("ES256", ctx=ctx)
    sd = SdJwtIssuer(issuer, claims={"given_name": "Lan"}, disclosable=["given_name"],
                     vct="https://city.example/pid", issuer="https://city.example",
                     ctx=ctx).issue()
    trust = Trust(ctx=ctx).add_issuer_metadata(
        {"issuer": "https://city.example", "jwks": {"keys": [issuer.jwk()]}})
    assert trust.issuer_count == 1 and trust.key_count == 0
    r = verify_sdjwt(sd, trust)
    assert r.valid and r.issuer == "https://city.example"
    assert trust.issuer_metadata("https://city.example")["jwks"]["keys"][0]["x"] == \
        issuer.jwk()["x"]
    # Metadata of another issuer does not vouch for this one.
    other = Trust(ctx=ctx).add_issuer_metadata(
        {"issuer": "https://other.example", "jwks": {"keys": [issuer.jwk()]}})
    assert not verify_sdjwt(sd, other).valid
    raises_code(ErrorCode.NOT_FOUND, other.issuer_metadata, "https://city.example")
    raises_code(ErrorCode.SDJWT_ISSUER_METADATA, Trust(ctx=ctx).add_issuer_metadata,
                {"issuer": "https://city.example", "jwks": {"keys": [issuer.jwk()]},
                 "jwks_uri": "https://city.example/jwks"})
    # Trusted by identifier only, offline, nothing cached: the keys cannot be had.
    ctx.offline = True
    r = verify_sdjwt(sd, Trust(ctx=ctx).add_issuer("https://city.example"))
    assert r.error == ErrorCode.OFFLINE
