"""Keys, contexts, errors, trust sets and policies through the binding."""

import gc
import json
import threading

import pytest

from conftest import raises_code
from libwallet import (
    Alg,
    CertBuilder,
    CertProfile,
    Context,
    CryptoError,
    Curve,
    ErrorCode,
    Key,
    Kty,
    Limit,
    MalformedError,
    Policy,
    PolicyError,
    Result,
    SdJwtIssuer,
    Trust,
    TrustRole,
    UsageError,
    WalletError,
    algset,
    verify,
    version,
)
from libwallet._lib import lib


def test_version():
    assert version() == lib.wallet_version().decode()
    assert version().count(".") == 2


def test_error_codes_come_from_the_library():
    assert ErrorCode.OK == 0
    assert ErrorCode.SIGNATURE == 2000
    assert ErrorCode.EXPIRED == 3000
    assert ErrorCode.DCQL_UNSATISFIED == 3600
    for code in ErrorCode:
        assert lib.wallet_err_name(int(code)).decode() == \
            ("WALLET_OK" if code == 0 else "WALLET_ERR_" + code.name)


def test_error_classes_by_kind():
    from libwallet.errors import error_for
    assert type(error_for(ErrorCode.INVALID_ARG)) is UsageError
    assert type(error_for(ErrorCode.JSON)) is MalformedError
    assert type(error_for(ErrorCode.SIGNATURE)) is CryptoError
    assert type(error_for(ErrorCode.EXPIRED)) is PolicyError
    e = error_for(ErrorCode.EXPIRED, "exp is in the past")
    assert e.name == "expired" and e.detail == "exp is in the past" and e.code == 3000
    assert "expired (3000)" in str(e)
    assert isinstance(e, WalletError)


@pytest.mark.parametrize("alg,kty,curve", [
    ("ES256", Kty.EC, Curve.P256), ("ES384", Kty.EC, Curve.P384),
    ("ES512", Kty.EC, Curve.P521), ("EdDSA", Kty.OKP, Curve.ED25519),
    ("ES256K", Kty.EC, Curve.SECP256K1)])
def test_key_generate_sign_verify(ctx, alg, kty, curve):
    k = Key.generate(alg, ctx=ctx)
    assert k.alg == Alg.parse(alg) and k.kty == kty and k.curve == curve and k.can_sign
    sig = k.sign(b"message")
    k.verify_signature(b"message", sig)
    k.public().verify_signature(b"message", sig)
    raises_code(ErrorCode.SIGNATURE, k.verify_signature, b"other", sig)


def test_key_import_export_formats(ctx):
    k = Key.generate("ES256", ctx=ctx)
    k.kid = "k1"
    assert k.kid == "k1"
    pub = k.jwk()
    assert pub["kty"] == "EC" and "d" not in pub and pub["kid"] == "k1"
    priv = k.jwk(private=True)
    assert "d" in priv
    again = Key.from_jwk(priv, ctx=ctx)
    assert again.can_sign and again.equal_public(k) and again.kid == "k1"
    assert Key.from_pem(k.to_pem(), ctx=ctx).equal_public(k)
    assert Key.from_pem(k.to_pem(private=True), ctx=ctx).can_sign
    assert Key.from_der(k.to_der(), ctx=ctx).equal_public(k)
    assert Key.from_cose_key(k.to_cose_key(), ctx=ctx).equal_public(k)
    assert len(k.thumbprint()) == 32
    assert k.thumbprint() == k.public().thumbprint()
    k.kid = None
    assert k.kid is None


def test_public_key_cannot_export_private(ctx):
    pub = Key.generate("ES256", ctx=ctx).public()
    assert not pub.can_sign
    raises_code(ErrorCode.KEY_NOT_PRIVATE, pub.to_jwk, private=True)
    raises_code(ErrorCode.KEY_NOT_PRIVATE, pub.sign, b"x")


def test_key_from_bad_jwk(ctx):
    e = raises_code(ErrorCode.JWK, Key.from_jwk, {"kty": "oct", "k": "AAAA"}, ctx=ctx)
    assert e.detail and isinstance(e, MalformedError)
    raises_code(ErrorCode.JSON, Key.from_jwk, "{", ctx=ctx)
    raises_code(ErrorCode.JSON_DUPLICATE, Key.from_jwk, '{"kty":"EC","kty":"EC"}', ctx=ctx)


def test_key_point_not_on_curve(ctx):
    j = Key.generate("ES256", ctx=ctx).jwk()
    j["y"] = j["x"]
    with pytest.raises(WalletError) as ei:
        Key.from_jwk(j, ctx=ctx)
    assert ei.value.code in (ErrorCode.KEY_INVALID, ErrorCode.JWK)


def test_alg_key_mismatch(ctx):
    j = Key.generate("ES256", ctx=ctx).jwk()
    j["alg"] = "ES384"
    raises_code(ErrorCode.ALG_KEY_MISMATCH, Key.from_jwk, j, ctx=ctx)
    k = Key.generate("ES256", ctx=ctx)
    raises_code(ErrorCode.ALG_NOT_ALLOWED, k.verify_signature, b"m", k.sign(b"m"),
                allowed=["EdDSA"])


def test_unknown_alg_name(ctx):
    raises_code(ErrorCode.ALG_UNSUPPORTED, Key.generate, "HS256", ctx=ctx)
    assert Alg.ES256.jose_name == "ES256" and Alg.EDDSA.jose_name == "EdDSA"
    assert algset(["ES256", Alg.EDDSA]) == (1 << 1) | (1 << 4)


def test_closed_handle_raises_value_error(ctx):
    k = Key.generate(ctx=ctx)
    k.close()
    k.close()  # idempotent
    with pytest.raises(ValueError):
        k.sign(b"x")
    with Key.generate(ctx=ctx) as k2:
        assert k2.can_sign
    with pytest.raises(ValueError):
        k2.alg


def test_context_time_limits_offline(ctx):
    ctx.set_time(1234567890)
    assert ctx.now == 1234567890
    ctx.set_time(None)
    assert ctx.now > 1700000000
    old = ctx.limit(Limit.INPUT_BYTES, 100)
    assert old == 1 << 20 and ctx.limit(Limit.INPUT_BYTES) == 100
    raises_code(ErrorCode.TOO_LARGE, Key.from_jwk, "x" * 200, ctx=ctx)
    ctx.offline = True
    assert ctx.offline
    assert ctx.error_detail  # the last failure's detail


def test_error_detail_is_the_contexts(ctx):
    try:
        Key.from_jwk('{"kty":"EC"}', ctx=ctx)
    except WalletError as e:
        assert e.detail == ctx.error_detail != ""


def test_default_context_is_per_thread():
    main = Context.default()
    assert Context.default() is main
    seen = []
    t = threading.Thread(target=lambda: seen.append(Context.default()))
    t.start()
    t.join()
    assert seen[0] is not main


def test_trust_counts_and_roles(ctx):
    k = Key.generate(ctx=ctx)
    t = Trust(keys=[k], ctx=ctx)
    assert t.key_count == 1
    t.add_jwks({"keys": [Key.generate(ctx=ctx).jwk(), {"kty": "oct", "k": "AA"}]})
    assert t.key_count == 2
    ca = CertBuilder(CertProfile.CA, "CN=Root,C=VN", ctx=ctx).sign(k, k)
    t.add_cert(ca)
    t.add_pem(ca.to_pem(), TrustRole.SIGNER)
    assert t.cert_count(TrustRole.ROOT) == 1 and t.cert_count(TrustRole.SIGNER) == 1
    raises_code(ErrorCode.JWK, t.add_jwks, {"keys": [{"kty": "oct", "k": "AA"}]})
    raises_code(ErrorCode.INSECURE_URL, t.add_issuer, "http://issuer.example")


def test_trust_load_dir(tmp_path, ctx):
    k = Key.generate(ctx=ctx)
    (tmp_path / "a.jwk").write_text(k.to_jwk())
    assert Trust(directory=str(tmp_path), ctx=ctx).key_count == 1
    (tmp_path / "b.jwk").write_text("{broken")
    raises_code(ErrorCode.JSON, Trust, directory=str(tmp_path), ctx=ctx)


def test_cert_chain(ctx):
    root_key, leaf_key = Key.generate(ctx=ctx), Key.generate(ctx=ctx)
    root = CertBuilder(CertProfile.CA, "CN=Root,C=VN", ctx=ctx).sign(root_key, root_key)
    leaf = CertBuilder(CertProfile.LEAF, "CN=Leaf,C=VN", san_dns=["rp.example"],
                       ctx=ctx).sign(leaf_key, root_key, root)
    assert leaf.issuer == "CN=Root,C=VN"
    leaf.verify_chain([root])
    other = CertBuilder(CertProfile.CA, "CN=Other,C=VN", ctx=ctx).sign(leaf_key, leaf_key)
    raises_code(ErrorCode.CERT_CHAIN, leaf.verify_chain, [other])
    nb, na = leaf.validity
    ctx.set_time(na + 10)
    raises_code(ErrorCode.CERT_EXPIRED, leaf.verify_chain, [root])


def test_verify_unknown_input(ctx):
    r = verify(b"hello world", Trust(ctx=ctx), ctx=ctx)
    assert isinstance(r, Result) and not r.valid and not r
    assert r.error == ErrorCode.UNKNOWN_FORMAT and r.format is None
    assert r.to_dict()["error_code"] == int(ErrorCode.UNKNOWN_FORMAT)
    with pytest.raises(MalformedError):
        r.claims
    assert "invalid" in repr(r)


def test_verify_input_over_limit(ctx):
    ctx.limit(Limit.INPUT_BYTES, 16)
    r = verify(b"x" * 64, Trust(ctx=ctx), ctx=ctx)
    assert r.error == ErrorCode.TOO_LARGE


def test_policy_setters(ctx):
    p = Policy(algs=["ES256"], audience="a", nonce="n", holder_binding=True, kb_max_age=60,
               sdjwt_types=["dc+sd-jwt"], doctype="x", ctx=ctx)
    p.set_audience(None).set_nonce(None).require_holder_binding(False)
    raises_code(ErrorCode.INVALID_ARG, p.set_kb_max_age, 0)
    raises_code(ErrorCode.INVALID_ARG, p.set_algs, [])
    raises_code(ErrorCode.KEY_NOT_PRIVATE, p.set_reader_key, Key.generate(ctx=ctx).public())
    raises_code(ErrorCode.MDOC_TRANSCRIPT, p.set_session_transcript, b"\x01")


def test_result_holder_key_outlives_result(ctx):
    issuer, holder = Key.generate(ctx=ctx), Key.generate(ctx=ctx)
    sd = SdJwtIssuer(issuer, claims={"vct": "t"}, holder_key=holder, ctx=ctx).issue()
    r = verify(sd, Trust(keys=[issuer], ctx=ctx))
    hk = r.holder_key
    r.close()
    del r
    gc.collect()
    assert hk.equal_public(holder) and json.loads(hk.to_jwk())["kty"] == "EC"


def test_external_signer_key(ctx):
    real = Key.generate("ES256", ctx=ctx)
    seen = []

    def sign(alg, msg):
        seen.append((alg, len(msg)))
        return real.sign(msg, alg)

    ext = Key.from_signer(real.public(), sign, ctx=ctx)
    assert ext.can_sign and ext.equal_public(real)
    raises_code(ErrorCode.KEY_NOT_PRIVATE, ext.to_jwk, private=True)
    sd = SdJwtIssuer(ext, claims={"vct": "t", "a": 1}, disclosable=["a"], ctx=ctx).issue()
    assert verify(sd, Trust(keys=[real], ctx=ctx)).valid
    assert seen and seen[0][0] == Alg.ES256


def test_external_signer_der(ctx):
    real = Key.generate("ES256", ctx=ctx)

    def to_der(raw):
        def integer(b):
            b = b.lstrip(b"\0") or b"\0"
            if b[0] & 0x80:
                b = b"\0" + b
            return b"\x02" + bytes([len(b)]) + b
        body = integer(raw[:32]) + integer(raw[32:])
        return b"\x30" + bytes([len(body)]) + body

    ext = Key.from_signer(real.public(), lambda a, m: to_der(real.sign(m, a)), der=True,
                          ctx=ctx)
    real.verify_signature(b"msg", ext.sign(b"msg"))


@pytest.mark.parametrize("behaviour", ["raises", "empty", "not bytes", "too long"])
def test_external_signer_failures(ctx, behaviour):
    real = Key.generate("ES256", ctx=ctx)

    def sign(alg, msg):
        if behaviour == "raises":
            raise RuntimeError("keystore locked")
        return {"empty": b"", "not bytes": "sig", "too long": b"\1" * 4096}[behaviour]

    ext = Key.from_signer(real.public(), sign, ctx=ctx)
    raises_code(ErrorCode.SIGNER_FAILED, ext.sign, b"x")


def test_clock_callback_and_log(ctx):
    t = [1000]
    ctx.set_clock(lambda: t[0])
    assert ctx.now == 1000
    t[0] = 2000
    assert ctx.now == 2000
    ctx.set_clock(lambda: 1 / 0)
    assert ctx.now == 0
    ctx.set_time(None)
    assert ctx.now > 1700000000
    logs = []
    ctx.set_log(lambda level, msg: logs.append((level, msg)), 3)
    with pytest.raises(WalletError):
        Key.from_jwk('{"kty":"EC"}', ctx=ctx)
    ctx.set_log(None)
    n = len(logs)
    with pytest.raises(WalletError):
        Key.from_jwk('{"kty":"EC"}', ctx=ctx)
    assert len(logs) == n
    assert all(isinstance(m, str) for _, m in logs)


def test_shared_trust_and_keys_across_threads():
    """Keys and trust sets are shared; each thread gets its own context
    implicitly, so concurrent verifications never share a wallet_ctx."""
    issuer = Key.generate("ES256")
    trust = Trust(keys=[issuer.public()])
    good = SdJwtIssuer(issuer, claims={"vct": "t", "n": 1}, disclosable=["n"]).issue()
    bad = good[:20] + ("A" if good[20] != "A" else "B") + good[21:]
    errors = []

    def worker():
        try:
            for _ in range(150):
                r = verify(good, trust)
                assert r.valid and r.claims["n"] == 1
                assert r.ctx is Context.default()
                r2 = verify(bad, trust)
                assert not r2.valid and r2.detail
                issuer.sign(b"x")
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert trust.ctx is Context.default()
