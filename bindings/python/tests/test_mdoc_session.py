"""The proximity session engine through the binding: both sides of a QR
engagement exchange, a DeviceResponse over the session verified by the
reader, and negatives (replay, reordering, tampering, ended session)."""

import pytest

from conftest import raises_code
from libwallet import (MDL_DOCTYPE, MDL_NAMESPACE, CertBuilder, CertProfile, Context,
                       DeviceAuth, DeviceResponse, Engagement, ErrorCode, Key, MdocIssuer,
                       MdocRequest, Policy, ProximitySession, Trust, verify_mdoc)

NOW = 1750000000
UUID = bytes(range(16))


@pytest.fixture
def world():
    ctx = Context()
    ctx.set_time(NOW)
    iaca_key, ds_key, device = (Key.generate(ctx=ctx) for _ in range(3))
    iaca = CertBuilder(CertProfile.MDOC_IACA, "CN=IACA,C=VN", issuer_alt_uri="https://c.example",
                       not_before=NOW - 86400, ctx=ctx).sign(iaca_key, iaca_key)
    ds = CertBuilder(CertProfile.MDOC_DS, "CN=DS,C=VN", not_before=NOW - 3600,
                     ctx=ctx).sign(ds_key, iaca_key, iaca)
    issuer_signed = MdocIssuer(MDL_DOCTYPE, claims={MDL_NAMESPACE: {"given_name": "Lan",
                                                                    "age_over_18": True}},
                               ctx=ctx).sign(device.public(), ds_key, [ds])
    return ctx, issuer_signed, device, Trust(certs=[iaca], ctx=ctx)


def handshake(ctx, reader_key=None):
    e_device = Key.generate("ES256", ctx=ctx)
    eng = Engagement(e_device, ble_peripheral_uuid=UUID, ctx=ctx)
    qr = eng.uri()
    assert qr.startswith("mdoc:")
    scanned = Engagement.parse(qr, ctx=ctx)
    assert scanned.version == "1.0" and scanned.device_key.equal_public(e_device)
    assert scanned.methods[0][0] == 2  # BLE
    reader = ProximitySession.reader(scanned, reader_key, ctx=ctx)
    device = ProximitySession.device(eng, e_device, ctx=ctx)
    return reader, device


def test_full_exchange_device_signature(world):
    ctx, issuer_signed, device_key, trust = world
    reader, device = handshake(ctx)
    request = MdocRequest(ctx=ctx).add(MDL_DOCTYPE, [(MDL_NAMESPACE, "age_over_18")]).encode()
    establishment = reader.establish(request)
    assert device.transcript is None
    got = device.accept(establishment)
    assert got == request and device.transcript == reader.transcript
    req = MdocRequest.parse(got, ctx=ctx)
    response = DeviceResponse(device.transcript, ctx=ctx).add_for_request(
        req, 0, issuer_signed, device_key).encode()
    data, status = reader.decrypt(device.encrypt(response))
    assert status is None
    v = verify_mdoc(data, trust, Policy(session_transcript=reader.transcript, ctx=ctx))
    assert v[0].claims == {MDL_NAMESPACE: {"age_over_18": True}}
    assert v[0].device_auth == DeviceAuth.SIGNATURE
    # The reader ends the session.
    end = reader.encrypt(None, end=True)
    assert not reader.is_open
    assert device.decrypt(end) == (None, 20) and not device.is_open


def test_device_mac_with_the_readers_own_key(world):
    ctx, issuer_signed, device_key, trust = world
    e_reader = Key.generate("ES256", ctx=ctx)
    reader, device = handshake(ctx, e_reader)
    device.accept(reader.establish(MdocRequest(ctx=ctx).add(
        MDL_DOCTYPE, [(MDL_NAMESPACE, "given_name")]).encode()))
    assert device.reader_key.equal_public(e_reader) and not device.reader_key.can_sign
    response = DeviceResponse(device.transcript, ctx=ctx).add(
        issuer_signed, [(MDL_NAMESPACE, "given_name")], device_key,
        reader_key=device.reader_key).encode()
    data, _ = reader.decrypt(device.encrypt(response, end=True))
    v = verify_mdoc(data, trust, Policy(session_transcript=reader.transcript,
                                        reader_key=e_reader, ctx=ctx))
    assert v[0].device_auth == DeviceAuth.MAC


def test_replay_reorder_tamper(world):
    ctx, _, _, _ = world
    reader, device = handshake(ctx)
    device.accept(reader.establish(b"\xa0"))
    m1, m2 = device.encrypt(b"one"), device.encrypt(b"two")
    assert reader.decrypt(m1) == (b"one", None)
    raises_code(ErrorCode.REPLAY, reader.decrypt, m1)
    assert not reader.is_open  # any failure ends the session

    reader, device = handshake(ctx)
    device.accept(reader.establish(b"\xa0"))
    m1, m2 = device.encrypt(b"one"), device.encrypt(b"two")
    raises_code(ErrorCode.MDOC_SESSION_ORDER, reader.decrypt, m2)

    reader, device = handshake(ctx)
    device.accept(reader.establish(b"\xa0"))
    m1 = bytearray(device.encrypt(b"one"))
    m1[-3] ^= 1
    raises_code(ErrorCode.DECRYPT, reader.decrypt, bytes(m1))


def test_session_misuse(world):
    ctx, _, _, _ = world
    reader, device = handshake(ctx)
    est = reader.establish(b"\xa0")
    raises_code(ErrorCode.STATE, reader.establish, b"\xa0")
    device.accept(est)
    raises_code(ErrorCode.STATE, device.accept, est)
    err = device.status(11)
    with pytest.raises(Exception) as ei:
        reader.decrypt(err)
    assert ei.value.code == ErrorCode.MDOC_SESSION_MESSAGE
    raises_code(ErrorCode.MDOC_ENGAGEMENT, Engagement.parse, "mdoc:oA", ctx=ctx)  # {}
    raises_code(ErrorCode.TRAILING_DATA, Engagement.parse, "mdoc:AAAA", ctx=ctx)
    e = Engagement(Key.generate(ctx=ctx), ctx=ctx)
    e.encode()
    raises_code(ErrorCode.STATE, e.add_ble, UUID)
    with pytest.raises(ValueError):
        Engagement(Key.generate(ctx=ctx), ble_central_uuid=b"short", ctx=ctx)
