"""The encrypted store through the binding: create/open, add, list, show,
match, holder keys, present from the store, consent log, backup/restore,
and negatives."""

import os

import pytest

from conftest import raises_code
from libwallet import (
    MDL_DOCTYPE,
    MDL_NAMESPACE,
    CertBuilder,
    CertProfile,
    Context,
    MdocIssuer,
    Policy,
    transcript_oid4vp,
    verify_mdoc,
    ErrorCode,
    Key,
    PolicyError,
    SdJwt,
    SdJwtIssuer,
    Store,
    Trust,
    verify_sdjwt,
)

NOW = 1750000000
PIN = "2468"
VCT = "https://city.example/citizen"


@pytest.fixture
def env(tmp_path):
    ctx = Context()
    ctx.set_time(NOW)
    issuer = Key.generate("ES256", ctx=ctx)
    trust = Trust(keys=[issuer.public()], ctx=ctx)
    path = str(tmp_path / "wallet.db")
    store = Store.create(path, PIN, scrypt_log2n=10, ctx=ctx)
    yield ctx, issuer, trust, store, path, tmp_path
    store.close()


def issue(ctx, issuer, holder_pub, **claims):
    c = {"given_name": "Lan", "address": {"locality": "Hanoi"}}
    c.update(claims)
    return SdJwtIssuer(issuer, claims=c, disclosable=["given_name", "address"], vct=VCT,
                       issuer="https://city.example", holder_key=holder_pub,
                       exp=NOW + 86400, ctx=ctx).issue()


def test_add_list_show_get_delete(env):
    ctx, issuer, trust, store, path, _ = env
    kid = store.key_generate("ES256")
    holder = store.key(kid)
    sd = issue(ctx, issuer, holder.public())
    cid = store.add(sd, trust)
    assert len(cid) == 16
    (item,) = store.list()
    assert item["id"] == cid and item["format"] == "dc+sd-jwt" and item["type"] == VCT
    assert item["valid"] is True and item["holder_key"] == kid
    assert store.list(type="other") == []
    shown = store.show(cid)
    assert shown["claims"]["given_name"] == "Lan" and shown["credential"] == sd
    assert store.get(cid) == sd.encode()
    store.set_display_name(cid, "Citizen card")
    assert store.list()[0]["display_name"] == "Citizen card"
    raises_code(ErrorCode.STORE_DUPLICATE, store.add, sd, trust)
    store.delete(cid)
    assert store.list() == []
    raises_code(ErrorCode.NOT_FOUND, store.show, cid)


def test_match_present_log(env):
    ctx, issuer, trust, store, _, _ = env
    kid = store.key_generate()
    cid = store.add(issue(ctx, issuer, store.key(kid).public()), trust)
    query = {"credentials": [{"id": "pid", "format": "dc+sd-jwt",
                              "meta": {"vct_values": [VCT]},
                              "claims": [{"path": ["address", "locality"]}]}]}
    m = store.match(query)
    assert [c["id"] for c in m["pid"]] == [cid]
    # Present from the store with its holder key, which never leaves it.
    held = SdJwt.parse(store.get(cid).decode(), ctx=ctx)
    key = store.credential_key(cid)
    raises_code(ErrorCode.KEY_NOT_PRIVATE, key.to_jwk, private=True)
    pres = held.present(["address.locality"], holder_key=key, aud="rp", nonce="n1")
    from libwallet import Policy
    r = verify_sdjwt(pres, trust, Policy(audience="rp", nonce="n1", ctx=ctx))
    assert r.claims["address"] == {"locality": "Hanoi"} and "given_name" not in r.claims
    eid = store.log_presentation("rp", [{"credential": cid, "claims": [["address", "locality"]]}],
                                 purpose="age check", transaction_data_hash=b"\x01" * 32)
    (entry,) = store.log_list()
    assert entry["id"] == eid and entry["verifier"] == "rp" and entry["purpose"] == "age check"
    assert store.list()[0]["used"] is True
    raises_code(ErrorCode.NOT_FOUND, store.log_presentation, "rp",
                [{"credential": "AAAAAAAAAAAAAAAA", "claims": []}])


def test_keys(env):
    ctx, issuer, trust, store, _, _ = env
    kid = store.key_generate("EdDSA")
    keystore = {"keystore-alias-1": Key.generate(ctx=ctx)}
    ext = store.key_add_external(keystore["keystore-alias-1"].public(), "keystore-alias-1")
    keys = {k["id"]: k for k in store.key_list()}
    assert keys[kid]["alg"] == "EdDSA" and keys[kid]["external"] is False
    assert keys[ext]["external"] is True and keys[ext]["handle"] == "keystore-alias-1"
    jwk = Key.from_jwk(store.key_export(kid), ctx=ctx)
    assert jwk.can_sign and jwk.equal_public(store.key(kid))
    raises_code(ErrorCode.KEY_NOT_PRIVATE, store.key_export, ext)
    raises_code(ErrorCode.SIGNER_FAILED, store.key(ext).sign, b"x")  # no signer set
    store.set_signer(lambda handle, alg, msg: keystore[handle].sign(msg, alg))
    sig = store.key(ext).sign(b"x")
    keystore["keystore-alias-1"].verify_signature(b"x", sig)
    store.set_signer(None)
    raises_code(ErrorCode.SIGNER_FAILED, store.key(ext).sign, b"x")
    # Linking a credential to a key that is not its holder key is refused.
    cid = store.add(issue(ctx, issuer, store.key(kid).public()), trust)
    raises_code(ErrorCode.HOLDER_BINDING, store.link_key, cid, ext)


def test_reopen_wrong_pin_lock(env):
    ctx, issuer, trust, store, path, _ = env
    store.add(issue(ctx, issuer, Key.generate(ctx=ctx).public()), trust)
    raises_code(ErrorCode.STORE_BUSY, Store.open, path, PIN, ctx=ctx)
    store.close()
    raises_code(ErrorCode.STORE_WRONG_SECRET, Store.open, path, "0000", ctx=ctx)
    assert Store.retry_delay(path, ctx=ctx) == (1, 0)
    with Store.open(path, PIN, ctx=ctx) as s:
        assert len(s.list()) == 1
        s.lock()
        assert not s.is_open
        raises_code(ErrorCode.STATE, s.list)
        s.unlock(PIN)
        assert s.is_open and len(s.list()) == 1
        s.change_secret(os.urandom(32), raw_key=True)
    raises_code(ErrorCode.STORE_WRONG_SECRET, Store.open, path, PIN, ctx=ctx)
    raises_code(ErrorCode.STORE_EXISTS, Store.create, path, PIN, ctx=ctx)
    raises_code(ErrorCode.NOT_FOUND, Store.open, path + ".none", PIN, ctx=ctx)


def test_invalid_credentials(env):
    ctx, issuer, trust, store, _, _ = env
    sd = issue(ctx, issuer, Key.generate(ctx=ctx).public())
    other = Trust(keys=[Key.generate(ctx=ctx)], ctx=ctx)
    with pytest.raises(Exception) as ei:
        store.add(sd, other)
    assert ei.value.code in (ErrorCode.KEY_NOT_FOUND, ErrorCode.SIGNATURE)
    ctx.set_time(NOW + 2 * 86400)
    with pytest.raises(PolicyError) as ei:
        store.add(sd, trust)
    assert ei.value.code == ErrorCode.EXPIRED
    cid = store.add(sd, trust, keep_invalid=True)
    (item,) = store.list()
    assert item["id"] == cid and item["valid"] is False and item["error"] == "expired"


def test_batch_and_backup_restore(env):
    ctx, issuer, trust, store, _, tmp = env
    kids = [store.key_generate() for _ in range(3)]
    copies = [issue(ctx, issuer, store.key(k).public()) for k in kids]
    ids = store.add_batch(copies, trust)
    assert len(ids) == 3 and len({i["batch"] for i in store.list()}) == 1
    backup = store.backup("backup passphrase", scrypt_log2n=10)
    raises_code(ErrorCode.BACKUP_PASSPHRASE, Store.restore, str(tmp / "r.db"), backup,
                "wrong", PIN, ctx=ctx)
    tampered = bytearray(backup)
    tampered[-5] ^= 1
    raises_code(ErrorCode.BACKUP_TAMPERED, Store.restore, str(tmp / "r.db"), bytes(tampered),
                "backup passphrase", PIN, ctx=ctx)
    raises_code(ErrorCode.BACKUP_FORMAT, Store.restore, str(tmp / "r.db"), b"nope",
                "backup passphrase", PIN, ctx=ctx)
    with Store.restore(str(tmp / "r.db"), backup, "backup passphrase", "1357",
                       scrypt_log2n=10, ctx=ctx) as r:
        assert sorted(i["id"] for i in r.list()) == sorted(ids)
        assert len(r.key_list()) == 3


def test_present_from_store_sdjwt_and_mdoc(env):
    ctx, issuer, trust, store, _, _ = env
    kid = store.key_generate()
    cid = store.add(issue(ctx, issuer, store.key(kid).public()), trust)
    pres = store.present_sdjwt(cid, ["given_name"], aud="rp", nonce="n2")
    r = verify_sdjwt(pres, trust, Policy(audience="rp", nonce="n2", ctx=ctx))
    assert r.claims["given_name"] == "Lan" and "address" not in r.claims

    # An mDL bound to another stored key, kept as its IssuerSigned.
    iaca_key, ds_key = Key.generate(ctx=ctx), Key.generate(ctx=ctx)
    iaca = CertBuilder(CertProfile.MDOC_IACA, "CN=IACA,C=VN", issuer_alt_uri="https://c.example",
                       not_before=NOW - 86400, ctx=ctx).sign(iaca_key, iaca_key)
    ds = CertBuilder(CertProfile.MDOC_DS, "CN=DS,C=VN", not_before=NOW - 3600,
                     ctx=ctx).sign(ds_key, iaca_key, iaca)
    mkid = store.key_generate()
    issuer_signed = MdocIssuer(MDL_DOCTYPE, claims={MDL_NAMESPACE: {"given_name": "Lan",
                                                                    "age_over_18": True}},
                               ctx=ctx).sign(store.key(mkid).public(), ds_key, [ds])
    mtrust = Trust(certs=[iaca], ctx=ctx)
    mid = store.add(issuer_signed, mtrust)
    assert [i for i in store.list() if i["id"] == mid][0]["holder_key"] == mkid
    st = transcript_oid4vp("c", "n3", "https://rp.example/post", ctx=ctx)
    resp = store.present_mdoc(mid, st, [(MDL_NAMESPACE, "age_over_18")])
    v = verify_mdoc(resp, mtrust, Policy(session_transcript=st, ctx=ctx))
    assert v[0].claims == {MDL_NAMESPACE: {"age_over_18": True}}
    # A credential without a linked holder key cannot be presented with one.
    other = store.add(issue(ctx, issuer, Key.generate(ctx=ctx).public(), given_name="Minh"),
                      trust)
    raises_code(ErrorCode.NOT_FOUND, store.present_sdjwt, other, [], aud="rp", nonce="n")
