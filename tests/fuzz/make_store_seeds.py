#!/usr/bin/python3
"""Generate the seed corpora of the store's fuzz targets.

    /usr/bin/python3 tests/fuzz/make_store_seeds.py

Writes tests/fuzz/corpus/{store_header,store_backup,store_query,store_index}/.
Deterministic (no randomness): running it twice gives the same files. Files
named regress-* are kept; every other file this script did not write is
removed. Standard library only (a small deterministic CBOR encoder below).
"""

import base64
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
TARGETS = ["store_header", "store_backup", "store_query", "store_index"]
written = {t: set() for t in TARGETS}


def seed(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    written[target].add(name)


def clean():
    for t in TARGETS:
        d = os.path.join(CORPUS, t)
        for n in os.listdir(d):
            if n not in written[t] and not n.startswith("regress-"):
                os.remove(os.path.join(d, n))


def unb64u(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# ---- store header (src/store/header.c) -----------------------------------------

def slot(kind, log2n=0, r=0, p=0, fill=0):
    body = bytes([kind, log2n, r, p]) + bytes(4)
    body += bytes([fill + 1] * 16)      # KDF salt
    body += bytes([fill + 2] * 16)      # database salt
    body += bytes([fill + 3] * 12)      # IV
    body += bytes([fill + 4] * 32)      # wrapped key
    body += bytes([fill + 5] * 16)      # tag
    assert len(body) == 100
    return body


def header(slots, failures=0, last=0, page=4096):
    h = b"WLSTHDR\x01" + struct.pack(">IIq", page, failures, last) + bytes([len(slots)]) + bytes(7)
    assert len(h) == 32
    return h + b"".join(slots)


seed("store_header", "pin-slot", header([slot(1, 16, 8, 1)]))
seed("store_header", "raw-slot", header([slot(2)]))
seed("store_header", "two-slots-during-rekey", header([slot(1, 10, 8, 1), slot(2, fill=9)]))
seed("store_header", "failures-7", header([slot(1, 12, 8, 1)], failures=7, last=1700000000))
seed("store_header", "bad-page-size", header([slot(1, 16, 8, 1)], page=1024))
seed("store_header", "huge-cost", header([slot(1, 24, 8, 1)]))

# ---- backup records (src/store/backup.c) ----------------------------------------


def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | ai]) + struct.pack(fmt, n)
    raise ValueError(n)


def cbor(v):
    if v is None:
        return b"\xf6"
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return cbor_head(0, v) if v >= 0 else cbor_head(1, -1 - v)
    if isinstance(v, bytes):
        return cbor_head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return cbor_head(3, len(b)) + b
    if isinstance(v, list):
        return cbor_head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        items = sorted((cbor(k), cbor(x)) for k, x in v.items())  # RFC 8949 §4.2.1
        return cbor_head(5, len(items)) + b"".join(k + x for k, x in items)
    raise TypeError(v)


def frames(*records):
    out = b""
    for r in records:
        b = cbor(r)
        out += struct.pack(">I", len(b)) + b
    return out


# The fuzz targets' fixed P-256 key (RFC 7515 Appendix A.3).
X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
D = unb64u("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI")
PUB = json.dumps({"crv": "P-256", "kty": "EC", "x": X, "y": Y}, separators=(",", ":"))
# PKCS#8 PrivateKeyInfo of an ECPrivateKey without the optional public key.
EC_PRIV = bytes.fromhex("302502010104") + bytes([32]) + D
PKCS8 = (bytes.fromhex("304102010030130607") + bytes.fromhex("2a8648ce3d0201") +
         bytes.fromhex("0608") + bytes.fromhex("2a8648ce3d030107") + bytes([0x04, len(EC_PRIV)]) +
         EC_PRIV)
assert len(PKCS8) == 0x43

KEY1 = "AAAAAAAAAAAAAAAA"
KEY2 = "BBBBBBBBBBBBBBBB"
CRED = "CCCCCCCCCCCCCCCC"
BATCH = "DDDDDDDDDDDDDDDD"


def head(keys, creds, log, version=1):
    return {"format": "libwallet-store-backup", "version": version, "created": 1700000000,
            "keys": keys, "credentials": creds, "log": log}


def cred(uid, key, claims, valid=1, error=0, batch=None):
    return {"t": "cred", "id": uid, "format": "jws", "type": "pid+jwt",
            "issuer": "https://id.example", "iat": 1690000000, "nbf": 0, "exp": 1800000000,
            "status_uri": "https://id.example/status", "status_idx": 7, "display_name": "My ID",
            "valid": valid, "error": error, "added": 1700000000, "batch": batch, "used": 0,
            "key": key, "jkt": None, "raw": b"eyJhbGciOiJFUzI1NiJ9.e30.sig",
            "claims": claims, "detail": None if valid else "signature does not verify"}


claims = json.dumps({"given_name": "Lan", "address": {"locality": "Hanoi"},
                     "nationalities": ["VN", "FR"], "age": 40}, separators=(",", ":"))
seed("store_backup", "empty", frames(head(0, 0, 0)))
seed("store_backup", "full", frames(
    head(2, 2, 1),
    {"t": "key", "id": KEY1, "public": PUB, "private": PKCS8, "handle": None, "created": 1},
    {"t": "key", "id": KEY2, "public": PUB, "private": None, "handle": "keystore:alias",
     "created": 2},
    cred(CRED, KEY1, claims, batch=BATCH),
    cred("EEEEEEEEEEEEEEEE", None, None, valid=0, error=2000),
    {"t": "log", "id": "FFFFFFFFFFFFFFFF", "at": 1700000100, "verifier": "x509_san_dns:rp.example",
     "purpose": "age check", "claims": json.dumps([{"credential": CRED, "claims": [["age"]]}]),
     "tx_hash": bytes(32)}))
seed("store_backup", "unknown-key-reference", frames(head(0, 1, 0), cred(CRED, KEY1, claims)))
seed("store_backup", "records-out-of-order", frames(
    head(1, 1, 0), cred(CRED, None, claims),
    {"t": "key", "id": KEY2, "public": PUB, "private": None, "handle": "h", "created": 2}))
seed("store_backup", "version-2", frames(head(0, 0, 0, version=2)))

# ---- DCQL queries (src/store/index.c) ---------------------------------------------

queries = {
    "sd-jwt-pid": {"credentials": [{"id": "pid", "format": "dc+sd-jwt",
                                    "meta": {"vct_values": ["urn:eudi:pid:1"]},
                                    "claims": [{"path": ["given_name"]},
                                               {"path": ["address", "locality"],
                                                "values": ["Hanoi", "Hue"]}]}]},
    "mdl-claim-sets": {"credentials": [{"id": "mdl", "format": "mso_mdoc",
                                        "meta": {"doctype_value": "org.iso.18013.5.1.mDL"},
                                        "claims": [
                                            {"id": "a", "path": ["org.iso.18013.5.1", "age_over_18"],
                                             "values": [True], "intent_to_retain": False},
                                            {"id": "b", "path": ["org.iso.18013.5.1", "birth_date"]}],
                                        "claim_sets": [["a"], ["b"]]}]},
    "arrays-and-options": {"credentials": [{"id": "x_1", "format": "jws", "meta": {},
                                            "multiple": True,
                                            "require_cryptographic_holder_binding": False,
                                            "trusted_authorities": [{"type": "aki", "values": ["s9tI"]}],
                                            "claims": [{"path": ["nationalities", None],
                                                        "values": ["VN"]},
                                                       {"path": ["degrees", 0, "type"]}]}],
                           "credential_sets": [{"options": [["x_1"]]}]},
    "two-queries": {"credentials": [{"id": "a", "format": "jws", "meta": {}},
                                    {"id": "b", "format": "cose_sign1", "meta": {},
                                     "claims": [{"path": ["dose"], "values": [2, 3]}]}]},
}
for name, q in queries.items():
    seed("store_query", name, json.dumps(q, separators=(",", ":")))
seed("store_query", "duplicate-ids",
     '{"credentials":[{"id":"a","format":"jws","meta":{}},{"id":"a","format":"jws","meta":{}}]}')
seed("store_query", "negative-index",
     '{"credentials":[{"id":"a","format":"jws","meta":{},"claims":[{"path":["x",-1]}]}]}')

# ---- claims to index (src/store/index.c) ----------------------------------------------

seed("store_index", "pid", claims)
seed("store_index", "nested", json.dumps({
    "iss": "https://id.example", "vct": "urn:eudi:pid:1",
    "address": {"street_address": "Ph\u1ed1 Hu\u1ebf 1", "locality": "H\u00e0 N\u1ed9i",
                "geo": {"lat": 21.0285, "lon": 105.8542}},
    "degrees": [{"type": "Bachelor", "year": 2010}, {"type": "Master", "year": 2012}],
    "empty": {}, "none": None, "flags": [True, False, None], "big": 9007199254740993,
    "matrix": [[1, 2], [3, [4, {"deep": "x"}]]]}, separators=(",", ":"), ensure_ascii=False))
seed("store_index", "mdoc-namespaces", json.dumps({
    "org.iso.18013.5.1": {"family_name": "Nguyen", "birth_date": "1984-02-17",
                          "age_over_18": True, "driving_privileges": [
                              {"vehicle_category_code": "B", "issue_date": "2020-01-01"}]},
    "org.iso.18013.5.1.VN": {"province": "Hanoi"}}, separators=(",", ":")))
seed("store_index", "escapes", '{"a\\"b":{"c\\u0000d":"\\ud83d\\ude00","":[""]}}')

clean()
for t in TARGETS:
    print(f"{t}: {len(written[t])} seeds")
