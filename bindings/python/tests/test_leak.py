"""Leak check: 100,000 binding calls in a loop must not grow the process's
resident memory (VmRSS of /proc/self/status) beyond a small bound.

Every call allocates on the C side (handles, strings, buffers, error
details) and the binding must release each with the library's own free
function. The calls rotate over the package's kinds of objects: SD-JWT
verify (valid and invalid results, exceptions), parse and present with a
KB-JWT, key import/export, failing imports, mdoc verification of the Annex
D DeviceResponse, HC1 verification, DCQL parse and match, status tokens,
JWS sign and verify, COSE_Sign1 verify, JWE decryption and store reads.

A control run leaks one library string (a public JWK, ~130 bytes) per call
on purpose and must be caught by the same measurement, so the bound is known
to be sensitive enough to see a forgotten wallet_free(). The number of calls
can be lowered with LIBWALLET_LEAK_CALLS (e.g. under sanitizers).
"""

import ctypes
import gc
import os
import time

from conftest import vhex, vjson, vtext
from libwallet import (
    MDL_NAMESPACE,
    CertBuilder,
    CertProfile,
    Context,
    CoseSign1,
    DcqlCandidates,
    DcqlQuery,
    Jwe,
    Jws,
    Key,
    Policy,
    SdJwt,
    SdJwtIssuer,
    StatusList,
    StatusToken,
    Store,
    Trust,
    TrustRole,
    WalletError,
    cose_sign1,
    hc1_issue,
    jwe_encrypt,
    jws_sign,
    verify,
    verify_hc1,
    verify_mdoc,
    verify_sdjwt,
)
from libwallet._lib import lib

CALLS = int(os.environ.get("LIBWALLET_LEAK_CALLS", "100000"))
WARMUP = 3000
BOUND_KB = 2048  # 2 MiB: ~21 bytes per call over 100,000 calls
NOW = 1750000000


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def workload(tmp_path):
    """A list of zero-argument calls, each exercising one path."""
    ctx = Context()
    ctx.set_time(NOW)
    iss = Key.generate("ES256", ctx=ctx)
    holder = Key.generate("ES256", ctx=ctx)
    trust = Trust(keys=[iss.public()], ctx=ctx)
    sd = SdJwtIssuer(iss, claims={"vct": "t", "a": 1, "b": {"c": 2}},
                     disclosable=["a", "b", "b.c"], holder_key=holder, exp=NOW + 86400,
                     ctx=ctx).issue()
    tampered = sd.replace("~", "~WyJzYWx0IiwiYSIsMl0~", 1)
    held = SdJwt.parse(sd, ctx=ctx)
    pub_jwk = iss.to_jwk()
    policy = Policy(audience="rp", nonce="n", ctx=ctx)
    pres = held.present(["a"], holder_key=holder, aud="rp", nonce="n")

    actx = Context()
    actx.set_time(1609459200)
    keys = vjson("mdoc/iso18013-5-annexD/keys.jwk.json")
    areader = Key.from_jwk(keys["ephemeral_reader_key"], ctx=actx)
    atrust = Trust(pem=vtext("mdoc/iso18013-5-annexD/ds_cert.pem"), ctx=actx)
    apolicy = Policy(session_transcript=vhex("mdoc/iso18013-5-annexD/session_transcript_bytes.hex"),
                     reader_key=areader, ctx=actx)
    dr = vhex("mdoc/iso18013-5-annexD/device_response.hex")

    dsc = CertBuilder(CertProfile.LEAF, "CN=DSC,C=VN", not_before=NOW - 10,
                      not_after=NOW + 86400 * 30, ctx=ctx).sign(iss, iss)
    htrust = Trust(ctx=ctx).add_cert(dsc, TrustRole.SIGNER)
    hc1 = hc1_issue(iss, {"ver": "1.3.0", "nam": {"fnt": "X"}, "dob": "1990",
                          "v": [{"dn": 1}]}, cert=dsc, iat=NOW, exp=NOW + 86400)

    query = {"credentials": [{"id": "q", "format": "dc+sd-jwt", "meta": {"vct_values": ["t"]},
                              "claims": [{"path": ["b", "c"]}]}]}
    cands = DcqlCandidates(ctx=ctx)
    cands.add("c1", "dc+sd-jwt", "t", {"a": 1, "b": {"c": 2}}, holder_binding=True)

    slist = StatusList("https://s.example/1", ctx=ctx)
    slist.allocate()
    stoken = slist.token(iss)

    store = Store.create(str(tmp_path / "leak.db"), "1234", scrypt_log2n=10, ctx=ctx)
    cid = store.add(sd, trust)

    def sd_verify():
        r = verify_sdjwt(pres, trust, policy)
        assert r.claims["a"] == 1

    def sd_invalid():
        r = verify(tampered, trust)
        assert r.exception() is not None and r.detail

    def sd_present():
        held.present(["b.c"], holder_key=holder, aud="rp", nonce="n")

    def sd_parse():
        h = SdJwt.parse(sd, ctx=ctx)
        assert len(h.disclosures) == 3 and h.claims["a"] == 1

    def key_roundtrip():
        k = Key.from_jwk(pub_jwk, ctx=ctx)
        k.to_jwk()
        k.thumbprint()

    def key_error():
        try:
            Key.from_jwk('{"kty":"EC","crv":"P-256"}', ctx=ctx)
        except WalletError as e:
            assert e.detail

    def mdoc():
        assert verify_mdoc(dr, atrust, apolicy)[0].claims[MDL_NAMESPACE]["family_name"] == "Doe"

    def hc1_verify():
        assert verify_hc1(hc1, htrust).valid

    def dcql():
        r = DcqlQuery.parse(query, ctx=ctx).match(cands)
        assert r.satisfied and r.to_dict()["satisfied"]

    def status():
        assert StatusToken.verify(stoken, trust).get(0) == 0

    cose_msg = cose_sign1(iss, b"cose payload")

    def jws_roundtrip():
        assert Jws.parse(jws_sign(iss, b"jws payload"), ctx=ctx).verify(iss) == b"jws payload"

    def cose_verify():
        m = CoseSign1.parse(cose_msg, ctx=ctx)
        assert m.verify(iss) == b"cose payload" and m.kid is None

    jwe_text = jwe_encrypt(holder.public(), b"jwe payload")

    def jwe_decrypt():
        assert Jwe.parse(jwe_text, ctx=ctx).decrypt(holder) == b"jwe payload"

    def store_read():
        assert store.show(cid)["id"] == cid
        store.list()

    calls = [sd_verify, sd_invalid, sd_present, sd_parse, key_roundtrip, key_error, mdoc,
             hc1_verify, dcql, status, jws_roundtrip, cose_verify, jwe_decrypt, store_read]
    return calls, store, iss


def run(calls, n):
    k = len(calls)
    for i in range(n):
        calls[i % k]()


def test_no_leak_over_100000_calls(tmp_path):
    calls, store, _ = workload(tmp_path)
    run(calls, WARMUP)
    gc.collect()
    before = rss_kb()
    t0 = time.monotonic()
    run(calls, CALLS)
    elapsed = time.monotonic() - t0
    gc.collect()
    grown = rss_kb() - before
    print(f"\nleak check: {CALLS} calls in {elapsed:.1f} s, RSS {before} kB -> "
          f"{before + grown} kB (+{grown} kB, bound {BOUND_KB} kB)")
    store.close()
    assert grown < BOUND_KB, f"RSS grew by {grown} kB over {CALLS} calls"


def test_control_a_real_leak_is_detected(tmp_path):
    """Skipping wallet_free() on one ~130-byte JWK string per call, over the
    same number of calls, must show up in the same measurement."""
    ctx = Context()
    key = Key.generate("ES256", ctx=ctx)
    gc.collect()
    before = rss_kb()
    for _ in range(CALLS):
        p = ctypes.c_void_p()
        assert lib.wallet_key_to_jwk(ctx._p, ctypes.byref(p), key._p, 0) == 0
        # deliberately not released
    grown = rss_kb() - before
    print(f"\ncontrol: {CALLS} leaked strings grew RSS by {grown} kB")
    assert grown > BOUND_KB
