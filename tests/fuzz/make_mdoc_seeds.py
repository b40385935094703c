#!/usr/bin/python3
"""Seed corpora of the mdoc fuzz targets, from vectors/mdoc (committed data).

    /usr/bin/python3 tests/fuzz/make_mdoc_seeds.py

Writes tests/fuzz/corpus/mdoc_{response,mso,engagement,session}/<name>
(files < 64 KiB; names say where each comes from). Files named regress-*
are regression inputs added by hand and are kept; every other file in
those folders is rewritten. Standard library only.
"""
import base64
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, "..", "..", "vectors", "mdoc")
CORPUS = os.path.join(HERE, "corpus")
TARGETS = ["mdoc_response", "mdoc_mso", "mdoc_engagement", "mdoc_session"]


def vhex(rel):
    return bytes.fromhex(open(os.path.join(VEC, rel)).read().strip())


def konst(rel, name, i=0):
    c = json.load(open(os.path.join(VEC, rel)))["constants"][name][i]
    v = c["value"]
    if c["encoding"] == "hex":
        return bytes.fromhex(v)
    if c["encoding"] == "base64url":
        return base64.urlsafe_b64decode(v + "=" * (-len(v) % 4))
    return v.encode()


def seed(target, name, data):
    assert len(data) < 65536, name
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def main():
    for t in TARGETS:
        os.makedirs(os.path.join(CORPUS, t), exist_ok=True)
        for f in glob.glob(os.path.join(CORPUS, t, "*")):
            if not os.path.basename(f).startswith("regress-"):
                os.remove(f)
    ad = "iso18013-5-annexD/"
    dr = vhex(ad + "device_response.hex")
    seed("mdoc_response", "annexD_device_response_mac", dr)
    seed("mdoc_response", "annexD_device_request", vhex(ad + "device_request.hex"))
    seed("mdoc_response", "isomdl_issuer_signed", vhex("isomdl/test/definitions/issuer_signed.cbor"))
    seed("mdoc_response", "auth0_example2", konst("auth0-mdl/example__example2.json", "deviceResponse"))
    seed("mdoc_response", "mdoc_ts_ubique", konst("mdoc-ts/examples__ubique__deviceResponse.json", "deviceResponse"))
    seed("mdoc_response", "mdoc_ts_google", konst("mdoc-ts/examples__google__deviceResponse.json", "deviceResponse"))
    seed("mdoc_response", "status_10", bytes.fromhex("a26776657273696f6e63312e3066737461747573 0a".replace(" ", "")))
    # MSOs: the issuerAuth payloads (MobileSecurityObjectBytes) of the samples
    for name, blob in [("annexD", dr), ("ubique", konst("mdoc-ts/examples__ubique__deviceResponse.json", "deviceResponse")),
                       ("google", konst("mdoc-ts/examples__google__deviceResponse.json", "deviceResponse"))]:
        i = blob.find(b"\xd8\x18\x59")
        while i >= 0:
            n = int.from_bytes(blob[i + 3:i + 5], "big")
            inner = blob[i + 5:i + 5 + n]
            if b"valueDigests" in inner:
                seed("mdoc_mso", "mso_bytes_" + name, blob[i:i + 5 + n])
                seed("mdoc_mso", "mso_bare_" + name, inner)
                break
            i = blob.find(b"\xd8\x18\x59", i + 1)
    seed("mdoc_mso", "tdate_fraction_offset", b"2025-02-19T23:36:58.210391+01:30")
    seed("mdoc_mso", "fulldate_leap", b"2024-02-29")
    de = vhex(ad + "device_engagement.hex")
    seed("mdoc_engagement", "annexD_qr_engagement", de)
    seed("mdoc_engagement", "annexD_qr_engagement_uri", b"mdoc:" + base64.urlsafe_b64encode(de).rstrip(b"="))
    seed("mdoc_engagement", "mdoc_ts_engagement", konst("mdoc-ts/models__device-engagement.json", "cbor"))
    seed("mdoc_session", "annexD_session_establishment", vhex(ad + "session_establishment.hex"))
    seed("mdoc_session", "annexD_session_data", vhex(ad + "session_data.hex"))
    seed("mdoc_session", "annexD_session_termination", vhex(ad + "session_termination.hex"))
    seed("mdoc_session", "status_10", bytes.fromhex("a166737461747573 0a".replace(" ", "")))


if __name__ == "__main__":
    main()
