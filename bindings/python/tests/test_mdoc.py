"""mdoc / mDL through the binding: the ISO/IEC 18013-5 Annex D
DeviceResponse (vectors/mdoc/iso18013-5-annexD, as the C driver
tests/vectors/test_mdoc_vectors.c checks it), an issue → present → verify
round trip, and negative cases asserting their ErrorCode."""

import base64

import pytest

from conftest import raises_code, vhex, vjson, vtext
from libwallet import (
    MDL_DOCTYPE,
    MDL_NAMESPACE,
    CertBuilder,
    CertProfile,
    Context,
    CryptoError,
    DeviceAuth,
    DeviceResponse,
    ErrorCode,
    Key,
    MdocCredential,
    MdocIssuer,
    MdocRequest,
    Policy,
    Trust,
    transcript_oid4vp,
    verify,
    verify_issuer_signed,
    verify_mdoc,
)

AD = "mdoc/iso18013-5-annexD/"
T_2021 = 1609459200  # 2021-01-01, inside the Annex D validity


@pytest.fixture
def annex_d():
    ctx = Context()
    ctx.set_time(T_2021)
    keys = vjson(AD + "keys.jwk.json")
    reader = Key.from_jwk(keys["ephemeral_reader_key"], ctx=ctx)
    device = Key.from_jwk(keys["static_device_key"], ctx=ctx)
    trust = Trust(pem=vtext(AD + "ds_cert.pem"), ctx=ctx)
    st = vhex(AD + "session_transcript_bytes.hex")
    policy = Policy(session_transcript=st, reader_key=reader, ctx=ctx)
    return ctx, vhex(AD + "device_response.hex"), trust, policy, device, reader, st


def test_annex_d_device_response_verifies(annex_d):
    ctx, dr, trust, policy, device, _, _ = annex_d
    v = verify_mdoc(dr, trust, policy)
    assert len(v) == 1 and v.status == 0
    d = v[0]
    assert d.doctype == MDL_DOCTYPE
    assert d.issuer == "C=US,CN=utopia ds"
    assert d.device_auth == DeviceAuth.MAC
    assert d.signed == 1601559002 and d.valid_from == 1601559002
    assert d.valid_until == 1633095002 and d.expected_update == 0
    assert d.status_uri is None
    assert d.device_key.equal_public(device)
    ns = d.claims[MDL_NAMESPACE]
    assert len(ns) == 6
    assert ns["family_name"] == "Doe"
    assert ns["document_number"] == "123456789"
    assert ns["issue_date"] == "2019-10-20" and ns["expiry_date"] == "2024-10-20"
    assert ns["driving_privileges"][1]["vehicle_category_code"] == "B"
    portrait = base64.urlsafe_b64decode(ns["portrait"] + "=" * (-len(ns["portrait"]) % 4))
    assert len(portrait) == 1042 and portrait == vhex(AD + "portrait.jpg.hex")
    assert d.device_claims == {} and d.errors == {} and v.document_errors == {}


def test_annex_d_through_verify_from_hex(annex_d):
    ctx, dr, trust, policy, _, _, _ = annex_d
    r = verify(dr.hex(), trust, policy)
    assert r.valid, r.detail
    assert r.format == "mso_mdoc" and r.type == MDL_DOCTYPE
    assert r.holder_auth == "device_mac"
    assert r.valid_until == 1633095002
    assert r.claims[MDL_NAMESPACE]["family_name"] == "Doe"


@pytest.mark.parametrize("i,want", [(0, ErrorCode.DIGEST), (1, ErrorCode.MAC),
                                    (2, ErrorCode.SIGNATURE)])
def test_annex_d_mutations(annex_d, i, want):
    ctx, dr, trust, policy, _, _, _ = annex_d
    m = vjson(AD + "expected_and_checks.json")["negative_mutations"][i]
    off = m["byte_offset"]
    assert dr[off] == int(m["original_byte"], 16)
    mut = bytearray(dr)
    mut[off] = int(m["new_byte"], 16)
    import hashlib
    assert hashlib.sha256(mut).hexdigest() == m["mutated_device_response_sha256"]
    raises_code(want, verify_mdoc, bytes(mut), trust, policy)


def test_annex_d_without_transcript_is_holder_binding(annex_d):
    ctx, dr, trust, _, _, reader, _ = annex_d
    raises_code(ErrorCode.HOLDER_BINDING, verify_mdoc, dr, trust,
                Policy(reader_key=reader, ctx=ctx))


def test_annex_d_other_transcript_is_mac(annex_d):
    ctx, dr, trust, _, _, reader, _ = annex_d
    st = transcript_oid4vp("client", "nonce", "https://rp.example/resp", ctx=ctx)
    raises_code(ErrorCode.MAC, verify_mdoc, dr, trust,
                Policy(session_transcript=st, reader_key=reader, ctx=ctx))


def test_annex_d_expired(annex_d):
    ctx, dr, trust, policy, _, _, _ = annex_d
    ctx.set_time(1700000000)  # 2023: MSO and DS certificate have expired
    e = raises_code(ErrorCode.CERT_EXPIRED, verify_mdoc, dr, trust, policy)
    assert e.detail


def test_annex_d_untrusted_issuer(annex_d):
    ctx, dr, _, policy, _, _, _ = annex_d
    other = Trust(keys=[Key.generate(ctx=ctx)], ctx=ctx)
    e = raises_code(ErrorCode.CERT_CHAIN, verify_mdoc, dr, other, policy)
    assert isinstance(e, CryptoError)


def test_annex_d_wrong_doctype(annex_d):
    ctx, dr, trust, policy, _, _, _ = annex_d
    policy.set_doctype("org.iso.23220.photoid.1")
    raises_code(ErrorCode.TYPE, verify_mdoc, dr, trust, policy)


def test_annex_d_truncated(annex_d):
    ctx, dr, trust, policy, _, _, _ = annex_d
    with pytest.raises(Exception) as ei:
        verify_mdoc(dr[:100], trust, policy)
    assert ei.value.code in (ErrorCode.CBOR, ErrorCode.MDOC_FORMAT)


# ---- round trip -------------------------------------------------------------------

NOW = 1750000000


@pytest.fixture
def issuer_setup():
    ctx = Context()
    ctx.set_time(NOW)
    iaca_key = Key.generate("ES256", ctx=ctx)
    iaca = CertBuilder(CertProfile.MDOC_IACA, "CN=City IACA,O=City,C=VN",
                       issuer_alt_uri="https://city.example", not_before=NOW - 86400,
                       not_after=NOW + 10 * 365 * 86400, ctx=ctx).sign(iaca_key, iaca_key)
    ds_key = Key.generate("ES256", ctx=ctx)
    ds = CertBuilder(CertProfile.MDOC_DS, "CN=City DS,O=City,C=VN", not_before=NOW - 3600,
                     not_after=NOW + 365 * 86400, ctx=ctx).sign(ds_key, iaca_key, iaca)
    device = Key.generate("ES256", ctx=ctx)
    b = MdocIssuer(MDL_DOCTYPE, claims={MDL_NAMESPACE: {
        "family_name": "Nguyen", "given_name": "Lan", "birth_date": {"$date": "1990-01-02"},
        "issuing_country": "VN", "age_over_18": True}},
        valid_until=NOW + 30 * 86400, ctx=ctx)
    issuer_signed = b.sign(device.public(), ds_key, [ds])
    return ctx, issuer_signed, device, Trust(certs=[iaca], ctx=ctx), ds


def test_roundtrip_issue_present_verify(issuer_setup):
    ctx, issuer_signed, device, trust, ds = issuer_setup
    cred = MdocCredential.parse(issuer_signed, ctx=ctx)
    assert cred.doctype == MDL_DOCTYPE
    assert (MDL_NAMESPACE, "given_name") in cred.items and len(cred.items) == 5
    assert cred.device_key.equal_public(device)
    # The holder's store would verify it on its own first.
    v = verify_issuer_signed(issuer_signed, trust)
    assert v[0].device_auth == DeviceAuth.NONE
    assert v[0].issuer == ds.subject

    st = transcript_oid4vp("x509_san_dns:rp.example", "nonce-1", "https://rp.example/post",
                           ctx=ctx)
    resp = DeviceResponse(st, ctx=ctx).add(
        issuer_signed, [(MDL_NAMESPACE, "given_name"), (MDL_NAMESPACE, "age_over_18")],
        device).encode()
    v = verify_mdoc(resp, trust, Policy(session_transcript=st, doctype=MDL_DOCTYPE, ctx=ctx))
    d = v[0]
    assert d.device_auth == DeviceAuth.SIGNATURE
    assert d.claims == {MDL_NAMESPACE: {"given_name": "Lan", "age_over_18": True}}
    assert d.valid_until == NOW + 30 * 86400
    r = verify(resp, trust, Policy(session_transcript=st, ctx=ctx))
    assert r.holder_auth == "device_signature"
    assert r.claims[MDL_NAMESPACE]["given_name"] == "Lan"


def test_roundtrip_device_mac(issuer_setup):
    ctx, issuer_signed, device, trust, _ = issuer_setup
    reader = Key.generate("ES256", ctx=ctx)
    st = transcript_oid4vp("c", "n", "https://rp.example/post", ctx=ctx)
    resp = DeviceResponse(st, ctx=ctx).add(issuer_signed, None, device,
                                           reader_key=reader.public()).encode()
    v = verify_mdoc(resp, trust, Policy(session_transcript=st, reader_key=reader, ctx=ctx))
    assert v[0].device_auth == DeviceAuth.MAC
    assert len(v[0].claims[MDL_NAMESPACE]) == 5
    other_reader = Key.generate("ES256", ctx=ctx)
    raises_code(ErrorCode.MAC, verify_mdoc, resp, trust,
                Policy(session_transcript=st, reader_key=other_reader, ctx=ctx))


def test_missing_element_is_reported_in_errors(issuer_setup):
    ctx, issuer_signed, device, trust, _ = issuer_setup
    st = transcript_oid4vp("c", "n", "https://rp.example/post", ctx=ctx)
    resp = DeviceResponse(st, ctx=ctx).add(
        issuer_signed, [(MDL_NAMESPACE, "given_name"), (MDL_NAMESPACE, "portrait")],
        device).add_document_error("org.iso.23220.photoid.1").encode()
    v = verify_mdoc(resp, trust, Policy(session_transcript=st, ctx=ctx))
    assert v[0].errors == {MDL_NAMESPACE: {"portrait": 0}}
    assert v.document_errors == {"org.iso.23220.photoid.1": 0}


def test_present_with_wrong_device_key(issuer_setup):
    ctx, issuer_signed, _, _, _ = issuer_setup
    r = DeviceResponse(b"\x83\xf6\xf6\xf6", ctx=ctx)
    raises_code(ErrorCode.HOLDER_BINDING, r.add, issuer_signed, None,
                Key.generate("ES256", ctx=ctx))


def test_presentation_for_another_transcript(issuer_setup):
    ctx, issuer_signed, device, trust, _ = issuer_setup
    st1 = transcript_oid4vp("c", "n1", "https://rp.example/post", ctx=ctx)
    st2 = transcript_oid4vp("c", "n2", "https://rp.example/post", ctx=ctx)
    resp = DeviceResponse(st1, ctx=ctx).add(issuer_signed, None, device).encode()
    raises_code(ErrorCode.MDOC_DEVICE_SIGNATURE, verify_mdoc, resp, trust,
                Policy(session_transcript=st2, ctx=ctx))


def test_expired_mdoc(issuer_setup):
    ctx, issuer_signed, _, trust, _ = issuer_setup
    ctx.set_time(NOW + 31 * 86400)
    raises_code(ErrorCode.EXPIRED, verify_issuer_signed, issuer_signed, trust)


def test_issuer_refuses_bad_claims(ctx):
    b = MdocIssuer(MDL_DOCTYPE, ctx=ctx)
    raises_code(ErrorCode.MDOC_CLAIMS, b.add_claims, {MDL_NAMESPACE: {"d": {"$date": "nope"}}})
    raises_code(ErrorCode.JSON, b.add_claims, "{not json")


def test_credential_parse_refuses_garbage(ctx):
    with pytest.raises(Exception) as ei:
        MdocCredential.parse(b"\xa0", ctx=ctx)
    assert ei.value.code in (ErrorCode.MDOC_FORMAT, ErrorCode.CBOR_TYPE)


# ---- DeviceRequest and reader authentication ------------------------------------------


def test_annex_d_device_request_reader_auth():
    ctx = Context()
    ctx.set_time(1622505600)  # 2021-06-01: the reader certificate is valid
    st = vhex(AD + "session_transcript_bytes.hex")
    req = MdocRequest.parse(vhex(AD + "device_request.hex"), ctx=ctx)
    (dr,) = req.doc_requests
    assert dr.doctype == MDL_DOCTYPE and dr.has_reader_auth and len(dr.items) == 6
    assert dr.items[0] == (MDL_NAMESPACE, "family_name", True)
    assert dr.items[5] == (MDL_NAMESPACE, "portrait", False)
    trust = Trust(pem=vtext(AD + "reader_cert.pem"), ctx=ctx)
    assert req.verify_reader_auth(0, trust, st) == "CN=reader"
    raises_code(ErrorCode.MDOC_READER_AUTH, req.verify_reader_auth, 0, trust,
                b"\x83\xf6\xf6\xf6")
    ctx.set_time(1704067200)  # 2024: the reader certificate has expired
    raises_code(ErrorCode.CERT_EXPIRED, req.verify_reader_auth, 0, trust, st)


def test_request_round_trip_with_reader_auth(issuer_setup):
    ctx, issuer_signed, device, trust, _ = issuer_setup
    ca_key, reader_key = Key.generate("ES256", ctx=ctx), Key.generate("ES256", ctx=ctx)
    reader_root = CertBuilder(CertProfile.CA, "CN=Reader CA,C=VN", ctx=ctx).sign(ca_key, ca_key)
    reader_cert = CertBuilder(CertProfile.LEAF, "CN=Reader,C=VN", ctx=ctx).sign(
        reader_key, ca_key, reader_root)
    st = transcript_oid4vp("c", "n", "https://rp.example/post", ctx=ctx)
    wire = MdocRequest(ctx=ctx).add(
        MDL_DOCTYPE, [(MDL_NAMESPACE, "given_name", False), (MDL_NAMESPACE, "portrait")],
        reader_key=reader_key, reader_x5chain=[reader_cert], session_transcript=st).encode()
    # Holder side: parse, check who asks, answer what it holds.
    req = MdocRequest.parse(wire, ctx=ctx)
    assert req.verify_reader_auth(0, Trust(certs=[reader_root], ctx=ctx), st) == \
        "CN=Reader,C=VN"
    raises_code(ErrorCode.CERT_CHAIN, req.verify_reader_auth, 0, Trust(ctx=ctx), st)
    resp = DeviceResponse(st, ctx=ctx).add_for_request(req, 0, issuer_signed, device).encode()
    v = verify_mdoc(resp, trust, Policy(session_transcript=st, ctx=ctx))
    assert v[0].claims == {MDL_NAMESPACE: {"given_name": "Lan"}}
    assert v[0].errors == {MDL_NAMESPACE: {"portrait": 0}}
    # Without readerAuth.
    plain = MdocRequest.parse(MdocRequest(ctx=ctx).add(MDL_DOCTYPE, [(MDL_NAMESPACE, "x")])
                              .encode(), ctx=ctx)
    assert not plain.doc_requests[0].has_reader_auth
    raises_code(ErrorCode.NOT_FOUND, plain.verify_reader_auth, 0, trust, st)
    raises_code(ErrorCode.MDOC_FORMAT, MdocRequest.parse, b"\xa0", ctx=ctx)


def test_external_device_signer_outlives_its_python_name(issuer_setup):
    import gc
    ctx, issuer_signed, device, trust, _ = issuer_setup
    st = transcript_oid4vp("c", "n", "https://rp.example/post", ctx=ctx)
    signer = Key.from_signer(device.public(), lambda alg, msg: device.sign(msg, alg), ctx=ctx)
    builder = DeviceResponse(st, ctx=ctx).add(issuer_signed, [(MDL_NAMESPACE, "given_name")],
                                              signer)
    del signer
    gc.collect()
    v = verify_mdoc(builder.encode(), trust, Policy(session_transcript=st, ctx=ctx))
    assert v[0].device_auth == DeviceAuth.SIGNATURE
