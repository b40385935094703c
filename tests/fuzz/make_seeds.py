#!/usr/bin/python3
"""Generate the seed corpora of the libwallet fuzz targets.

    /usr/bin/python3 tests/fuzz/make_seeds.py [VECTORS_DIR]

Writes tests/fuzz/corpus/<target>/<name> (every file < 4 KiB). Inputs come
from the public vectors (default /work/shared/vectors, or $WALLET_SHARED_VECTORS;
a missing family is skipped) and from messages made here with the fuzz
targets' fixed key (RFC 7515 Appendix A.3, see fuzz_common.h), so that the
fuzzers start from signatures that verify. Signatures are deterministic
(the nonce is derived from the key and the message), so running the script
twice gives the same files. Files named regress-* are regression inputs
added by hand (crashes found by the fuzzers) and are never removed; every
other file the script did not write this time is removed.

Standard library only: CBOR, DER and P-256 ECDSA are implemented below,
just enough to build test inputs.
"""

import base64
import glob
import hashlib
import hmac
import json
import os
import re
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
VEC = (sys.argv[1] if len(sys.argv) > 1 else
       os.environ.get("WALLET_SHARED_VECTORS", "/work/shared/vectors"))
MAX_SEED = 4095
TARGETS = ["b64url", "base45", "json", "cbor", "jws", "jwk", "cose_key",
           "cose_sign1", "x509", "pem", "verify"]

# Must match fuzz_common.h / fuzz_x509.c.
FZ_NOW = 1700000000
FZ_DETACHED = b"libwallet fuzz: detached payload"
FIXED_JWK = {
    "kty": "EC", "crv": "P-256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
}
ROOT_DN = [("C", "VN"), ("O", "libwallet"), ("CN", "libwallet fuzz root")]

written = {t: set() for t in TARGETS}
skipped = []


# ---- small helpers ----------------------------------------------------------

def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def unb64u(s):
    s = s.strip()
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def vec(*parts):
    return os.path.join(VEC, *parts)


def read(*parts, mode="r"):
    p = vec(*parts)
    if not os.path.exists(p):
        return None
    with open(p, mode) as f:
        return f.read()


def load_json(*parts):
    s = read(*parts)
    return json.loads(s) if s is not None else None


def seed(target, name, data):
    """Write one seed; names are sanitised, over-size inputs are skipped."""
    if isinstance(data, str):
        data = data.encode()
    name = re.sub(r"[^A-Za-z0-9._+-]", "_", name)
    if len(data) > MAX_SEED:
        skipped.append((target, name, len(data)))
        return
    assert name not in written[target], (target, name)
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, name)
    old = None
    if os.path.exists(p):
        with open(p, "rb") as f:
            old = f.read()
    if old != data:
        with open(p, "wb") as f:
            f.write(data)
    written[target].add(name)


def clean():
    for t in TARGETS:
        d = os.path.join(CORPUS, t)
        if not os.path.isdir(d):
            continue
        for n in os.listdir(d):
            if n not in written[t] and not n.startswith("regress-"):
                os.remove(os.path.join(d, n))


# ---- P-256 ECDSA (test inputs only; not constant time) ------------------------

P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
A = P - 3
G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
     0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)


def ec_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and (p1[1] + p2[1]) % P == 0:
        return None
    if p1 == p2:
        lam = (3 * p1[0] * p1[0] + A) * pow(2 * p1[1], -1, P) % P
    else:
        lam = (p2[1] - p1[1]) * pow(p2[0] - p1[0], -1, P) % P
    x = (lam * lam - p1[0] - p2[0]) % P
    return (x, (lam * (p1[0] - x) - p1[1]) % P)


def ec_mul(k, pt):
    r = None
    while k:
        if k & 1:
            r = ec_add(r, pt)
        pt = ec_add(pt, pt)
        k >>= 1
    return r


class Key:
    def __init__(self, d):
        self.d = d
        self.pub = ec_mul(d, G)

    @classmethod
    def from_label(cls, label):
        return cls(int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % N)

    def xb(self):
        return self.pub[0].to_bytes(32, "big")

    def yb(self):
        return self.pub[1].to_bytes(32, "big")

    def db(self):
        return self.d.to_bytes(32, "big")

    def jwk(self, private=False, **extra):
        j = {"kty": "EC", "crv": "P-256", "x": b64u(self.xb()), "y": b64u(self.yb())}
        if private:
            j["d"] = b64u(self.db())
        j.update(extra)
        return j

    def sign_rs(self, msg):
        """ECDSA-SHA256 with a nonce derived from the key and the message."""
        h = int.from_bytes(hashlib.sha256(msg).digest(), "big")
        ctr = 0
        while True:
            k = int.from_bytes(hmac.new(self.db(), msg + bytes([ctr]), hashlib.sha256).digest(),
                               "big") % N
            ctr += 1
            if not k:
                continue
            r = ec_mul(k, G)[0] % N
            s = pow(k, -1, N) * (h + r * self.d) % N
            if r and s:
                return r, s

    def sign_raw(self, msg):
        r, s = self.sign_rs(msg)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def sign_der(self, msg):
        r, s = self.sign_rs(msg)
        return der_seq(der_int(r), der_int(s))


FIXED = Key(int.from_bytes(unb64u(FIXED_JWK["d"]), "big"))
assert b64u(FIXED.xb()) == FIXED_JWK["x"] and b64u(FIXED.yb()) == FIXED_JWK["y"]
OTHER = Key.from_label("libwallet fuzz: other key")
INTER = Key.from_label("libwallet fuzz: intermediate CA key")
LEAF = Key.from_label("libwallet fuzz: leaf key")


# ---- CBOR ------------------------------------------------------------------------

class Tag:
    def __init__(self, tag, value, raw=None):
        self.tag, self.value, self.raw = tag, value, raw


class Raw:
    """Bytes inserted as they are (an already encoded item)."""

    def __init__(self, b):
        self.b = b


class CMap(dict):
    raw = b""


class CList(list):
    raw = b""


def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | ai]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor(v, sort=True):
    """Encode; maps sorted by encoded key (RFC 8949 core deterministic)."""
    if isinstance(v, Raw):
        return v.b
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if v is None:
        return b"\xf6"
    if isinstance(v, int):
        return cbor_head(0, v) if v >= 0 else cbor_head(1, -1 - v)
    if isinstance(v, (bytes, bytearray)):
        return cbor_head(2, len(v)) + bytes(v)
    if isinstance(v, str):
        b = v.encode()
        return cbor_head(3, len(b)) + b
    if isinstance(v, float):
        return b"\xfb" + struct.pack(">d", v)
    if isinstance(v, (list, tuple)):
        return cbor_head(4, len(v)) + b"".join(cbor(x, sort) for x in v)
    if isinstance(v, dict):
        items = [(cbor(k, sort), cbor(x, sort)) for k, x in v.items()]
        if sort:
            items.sort(key=lambda kv: kv[0])
        return cbor_head(5, len(items)) + b"".join(k + x for k, x in items)
    if isinstance(v, Tag):
        return cbor_head(6, v.tag) + cbor(v.value, sort)
    raise TypeError(type(v))


def cbor_decode(b, pos=0):
    """Decode one item at pos: (value, end). Maps/lists/tags keep .raw."""
    start = pos
    ib = b[pos]
    pos += 1
    major, ai = ib >> 5, ib & 31
    if ai < 24:
        n = ai
    elif ai <= 27:
        size = 1 << (ai - 24)
        n = int.from_bytes(b[pos:pos + size], "big")
        pos += size
    elif ai == 31:
        n = None
    else:
        raise ValueError("reserved additional information")
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major in (2, 3):
        if n is None:
            parts = []
            while b[pos] != 0xff:
                part, pos = cbor_decode(b, pos)
                parts.append(part)
            pos += 1
            return (b"".join(parts) if major == 2 else "".join(parts)), pos
        v = b[pos:pos + n]
        return (bytes(v) if major == 2 else v.decode()), pos + n
    if major == 4:
        out = CList()
        while (n is None and b[pos] != 0xff) or (n is not None and len(out) < n):
            x, pos = cbor_decode(b, pos)
            out.append(x)
        if n is None:
            pos += 1
        out.raw = bytes(b[start:pos])
        return out, pos
    if major == 5:
        out = CMap()
        count = 0
        while (n is None and b[pos] != 0xff) or (n is not None and count < n):
            k, pos = cbor_decode(b, pos)
            x, pos = cbor_decode(b, pos)
            out[k if not isinstance(k, (CList, CMap)) else repr(k)] = x
            count += 1
        if n is None:
            pos += 1
        out.raw = bytes(b[start:pos])
        return out, pos
    if major == 6:
        x, pos = cbor_decode(b, pos)
        return Tag(n, x, bytes(b[start:pos])), pos
    if ai == 20:
        return False, pos
    if ai == 21:
        return True, pos
    if ai in (22, 23):
        return None, pos
    if ai == 25:
        return struct.unpack(">e", b[pos - 2:pos])[0], pos
    if ai == 26:
        return struct.unpack(">f", b[pos - 4:pos])[0], pos
    if ai == 27:
        return struct.unpack(">d", b[pos - 8:pos])[0], pos
    return ("simple", n), pos


def raw_of(v):
    return v.raw if isinstance(v, (CMap, CList, Tag)) else cbor(v)


def untag(v):
    while isinstance(v, Tag):
        v = v.value
    return v


def unhex(s):
    return bytes.fromhex(re.sub(r"[^0-9A-Fa-f]", "", s))


# ---- JOSE and COSE made with the fixed key ---------------------------------------

def jws_compact(key, header, payload, detached=False, raw_header=None):
    h = b64u(raw_header if raw_header is not None else json.dumps(header).encode())
    p = b64u(payload)
    sig = b64u(key.sign_raw((h + "." + p).encode()))
    return h + "." + ("" if detached else p) + "." + sig


def jws_flattened(key, protected, unprotected, payload):
    h = b64u(json.dumps(protected).encode())
    p = b64u(payload)
    out = {"payload": p, "protected": h, "signature": b64u(key.sign_raw((h + "." + p).encode()))}
    if unprotected:
        out["header"] = unprotected
    return json.dumps(out)


def jws_general(signers, payload):
    p = b64u(payload)
    sigs = []
    for key, protected, unprotected in signers:
        h = b64u(json.dumps(protected).encode())
        s = {"protected": h, "signature": b64u(key.sign_raw((h + "." + p).encode()))}
        if unprotected:
            s["header"] = unprotected
        sigs.append(s)
    return json.dumps({"payload": p, "signatures": sigs})


def sign1(key, protected, unprotected, payload, tagged=True, detached=False, aad=b"",
          prot_raw=None):
    prot = prot_raw if prot_raw is not None else (cbor(protected) if protected else b"")
    to_sign = cbor(["Signature1", prot, aad, payload])
    msg = [prot, unprotected, None if detached else payload, key.sign_raw(to_sign)]
    return cbor(Tag(18, msg) if tagged else msg)


def cose_sign(signers, payload, tagged=True):
    body_prot = b""
    sigs = []
    for key, protected, unprotected in signers:
        sp = cbor(protected)
        to_sign = cbor(["Signature", body_prot, sp, b"", payload])
        sigs.append([sp, unprotected, key.sign_raw(to_sign)])
    msg = [body_prot, {}, payload, sigs]
    return cbor(Tag(98, msg) if tagged else msg)


def cose_key_ec(key, private=False, **extra):
    m = {1: 2, -1: 1, -2: key.xb(), -3: key.yb()}
    if private:
        m[-4] = key.db()
    m.update(extra)
    return m


# ---- DER and X.509 ------------------------------------------------------------------

def der(tag, content):
    n = len(content)
    if n < 128:
        return bytes([tag, n]) + content
    nb = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(nb)]) + nb + content


def der_seq(*items):
    return der(0x30, b"".join(items))


def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return der(0x02, b)


def der_oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7f]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7f))
            p >>= 7
        out += bytes(reversed(enc))
    return der(0x06, out)


OID = {"C": "2.5.4.6", "O": "2.5.4.10", "CN": "2.5.4.3"}
ECDSA_SHA256 = der_seq(der_oid("1.2.840.10045.4.3.2"))


def der_name(rdns):
    out = b""
    for typ, value in rdns:
        tag = 0x13 if typ == "C" else 0x0c  # PrintableString / UTF8String
        out += der(0x31, der_seq(der_oid(OID[typ]), der(tag, value.encode())))
    return der(0x30, out)


def der_time(t):
    import time
    return der(0x17, time.strftime("%y%m%d%H%M%SZ", time.gmtime(t)).encode())


def der_ext(oid, critical, value):
    return der_seq(der_oid(oid), *([der(0x01, b"\xff")] if critical else []),
                   der(0x04, value))


def make_cert(subject_key, subject, issuer_key, issuer, serial, ca=False, nb=1672531200,
              na=1893456000, san=None, eku=None):
    spki = der_seq(der_seq(der_oid("1.2.840.10045.2.1"), der_oid("1.2.840.10045.3.1.7")),
                   der(0x03, b"\x00\x04" + subject_key.xb() + subject_key.yb()))
    exts = []
    if ca:
        exts.append(der_ext("2.5.29.19", True, der_seq(der(0x01, b"\xff"))))
        exts.append(der_ext("2.5.29.15", True, der(0x03, b"\x01\x06")))  # keyCertSign, cRLSign
    else:
        exts.append(der_ext("2.5.29.15", True, der(0x03, b"\x07\x80")))  # digitalSignature
    if san:
        exts.append(der_ext("2.5.29.17", False,
                            der_seq(*[der(0x82, n.encode()) for n in san])))
    if eku:
        exts.append(der_ext("2.5.29.37", True, der_seq(*[der_oid(o) for o in eku])))
    tbs = der_seq(der(0xa0, der_int(2)), der_int(serial), ECDSA_SHA256, der_name(issuer),
                  der_seq(der_time(nb), der_time(na)), der_name(subject), spki,
                  der(0xa3, der_seq(*exts)))
    return der_seq(tbs, ECDSA_SHA256, der(0x03, b"\x00" + issuer_key.sign_der(tbs)))


INTER_DN = [("C", "VN"), ("O", "libwallet"), ("CN", "libwallet fuzz intermediate")]
LEAF_DN = [("C", "VN"), ("O", "libwallet"), ("CN", "libwallet fuzz leaf")]
CERT_LEAF = make_cert(LEAF, LEAF_DN, FIXED, ROOT_DN, 0x1001, san=["verifier.example"],
                      eku=["1.0.18013.5.1.2"])
CERT_INTER = make_cert(INTER, INTER_DN, FIXED, ROOT_DN, 0x1002, ca=True)
CERT_LEAF_VIA = make_cert(LEAF, LEAF_DN, INTER, INTER_DN, 0x1003, san=["a.example", "b.example"])
CERT_EXPIRED = make_cert(LEAF, LEAF_DN, FIXED, ROOT_DN, 0x1004, nb=1500000000, na=1600000000)
CERT_SELF_OTHER = make_cert(OTHER, [("CN", "self-signed other")], OTHER,
                            [("CN", "self-signed other")], 0x1005, ca=True)


def pem_blocks(text):
    return [base64.b64decode("".join(m.group(1).split()))
            for m in re.finditer(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----",
                                 text, re.S)]


def chain(*certs):
    return b"".join(len(c).to_bytes(2, "big") + c for c in certs)


# ---- collect vectors ----------------------------------------------------------------

def dcc_entries(limit_per_country=3):
    """(name, dict) of dgc-testdata entries, a few per country."""
    out = []
    for country in sorted(glob.glob(vec("dcc", "*", "2DCode", "raw"))):
        cc = country.split(os.sep)[-3]
        files = sorted(glob.glob(os.path.join(country, "*.json")))[:limit_per_country]
        for f in files:
            try:
                with open(f) as fh:
                    out.append(("%s_%s" % (cc, os.path.basename(f)[:-5]), json.load(fh)))
            except (ValueError, OSError):
                pass
    return out


def mdoc_device_responses():
    """(name, bytes) of mdoc DeviceResponse CBOR found in the vectors."""
    out = []
    h = read("mdoc", "iso18013-5-annexD", "device_response.hex")
    if h:
        out.append(("annexD", unhex(h)))
    for f in sorted(glob.glob(vec("mdoc", "mdoc-ts", "examples__*__deviceResponse.json"))):
        d = json.load(open(f))
        for c in d.get("constants", {}).get("deviceResponse", []):
            if c.get("encoding") == "base64url":
                out.append((os.path.basename(f).split("__")[1], unb64u(c["value"])))
            elif c.get("encoding") == "hex":
                out.append((os.path.basename(f).split("__")[1], unhex(c["value"])))
    p = vec("mdoc", "isomdl", "test", "definitions", "device_response.cbor")
    if os.path.exists(p):
        b = open(p, "rb").read()
        try:
            b = unhex(b.decode()) if re.fullmatch(rb"[0-9A-Fa-f\s]+", b) else b
        except ValueError:
            pass
        out.append(("isomdl", b))
    return out


def mdoc_parts():
    """Pieces of mdoc responses: issuerAuth (COSE_Sign1), MSO, deviceKey, certs."""
    parts = {"issuer_auth": [], "mso": [], "device_key": [], "certs": [], "items": []}
    for name, b in mdoc_device_responses():
        try:
            resp, _ = cbor_decode(b)
            for i, doc in enumerate(resp.get("documents", [])):
                tag = "%s_%d" % (name, i)
                ia = doc["issuerSigned"]["issuerAuth"]
                parts["issuer_auth"].append((tag, raw_of(ia)))
                ia = untag(ia)
                x5 = ia[1].get(33)
                for j, c in enumerate(x5 if isinstance(x5, list) else [x5] if x5 else []):
                    parts["certs"].append(("%s_x5chain%d" % (tag, j), c))
                mso = untag(cbor_decode(ia[2])[0])
                if isinstance(mso, bytes):
                    mso = untag(cbor_decode(mso)[0])
                parts["mso"].append((tag, raw_of(mso)))
                dk = mso.get("deviceKeyInfo", {}).get("deviceKey")
                if dk is not None:
                    parts["device_key"].append((tag, raw_of(dk)))
                for ns, items in doc["issuerSigned"].get("nameSpaces", {}).items():
                    for k, it in enumerate(items[:2]):
                        parts["items"].append(("%s_item%d" % (tag, k), raw_of(it)))
                ds = doc.get("deviceSigned", {}).get("deviceAuth", {})
                for k, v in ds.items():
                    parts["cbor_extra"] = parts.get("cbor_extra", []) + [(tag + "_" + k,
                                                                           raw_of(v))]
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
            print("make_seeds: mdoc %s: %s" % (name, e), file=sys.stderr)
    return parts


# ---- the corpora ----------------------------------------------------------------------

def seeds_b64url():
    t = "b64url"
    for name, s in [("empty", ""), ("len1_bad", "A"), ("one_byte", "AA"), ("two_bytes", "AAE"),
                    ("three_bytes", "AAEC"), ("nonzero_trailing_bits", "AB"),
                    ("nonzero_trailing_bits_2", "AAF"), ("url_alphabet", "-_-_"),
                    ("std_alphabet", "+/+/"), ("padded", "AA=="), ("padded_std", "AAE="),
                    ("whitespace", "AA AA"), ("newline", "AAAA\n"), ("hex_lower", "00ff7f80"),
                    ("hex_upper", "DEADBEEF"), ("hex_odd", "abc"), ("hex_bad", "0g"),
                    ("nul_inside", "AA\x00A"), ("high_bytes", "\xc3\xa9AA")]:
        seed(t, name, s)
    seed(t, "all_bytes", b64u(bytes(range(256))))
    jws = read("jose-cose", "rfc7515-rfc7517-rfc7638-latchset", "rfc7515_A.3.jwsc")
    if jws:
        for i, part in enumerate(jws.strip().split(".")):
            seed(t, "rfc7515_A3_segment%d" % i, part)
    seed(t, "std_base64_padded", base64.b64encode(b"libwallet fuzz!").decode())


def seeds_base45():
    t = "base45"
    ex = load_json("jose-cose", "base45-rfc9285", "rfc9285_examples.json") or {}
    for i, e in enumerate(ex.get("valid", [])):
        seed(t, "rfc9285_valid_%d" % i, e["base45"])
    for i, e in enumerate(ex.get("invalid", [])):
        if isinstance(e, dict) and "base45" in e:
            seed(t, "rfc9285_invalid_%d" % i, e["base45"])
    for name, s in [("empty", ""), ("triplet_over_65535", "GGW"), ("max_triplet", "FGW"),
                    ("pair_over_255", "::"), ("len_1_mod_3", "A"), ("len_4", "ABCD"),
                    ("lowercase", "bb8"), ("all_symbols", " $%*+-./:"), ("space_only", "   ")]:
        seed(t, name, s)
    for name, d in dcc_entries(1)[:12]:
        if "BASE45" in d:
            seed(t, "dcc_" + name, d["BASE45"])


def seeds_json():
    t = "json"
    edge = {
        "empty": "", "ws_only": " \n\t ", "true": "true", "null": "null", "number": "-0",
        "big_exp": "1e400", "tiny_exp": "-1e-400", "int_2_53": "9007199254740993",
        "float": "[0.1,1.5e300,-2.5E-3,123456789012345678901234567890]",
        "string_escapes": r'"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"',
        "lone_high_surrogate": r'"\ud800"', "lone_low_surrogate": r'"\udc00x"',
        "escaped_nul": r'"a\u0000b"', "escaped_nul_upper": r'"a\u0000"',
        "raw_control": '"a\x01b"', "invalid_utf8": b'"\xc3\x28"', "overlong_utf8": b'"\xc0\xaf"',
        "bom": b'\xef\xbb\xbf{}', "trailing_garbage": '{"a":1} x', "trailing_ws": '{"a":1}\n',
        "duplicate": '{"a":1,"a":2}', "duplicate_nested": '{"x":{"b":1,"c":2,"b":3}}',
        "duplicate_large": "{" + ",".join('"k%d":%d' % (i, i) for i in range(20)) + ',"k7":0}',
        "large_object": "{" + ",".join('"k%d":%d' % (i, i) for i in range(40)) + "}",
        "depth_24": "[" * 24 + "]" * 24, "depth_25": "[" * 25 + "]" * 25,
        "depth_in_string": '"' + "[" * 40 + '"', "unclosed": '{"a":[1,2', "comma": "[1,]",
        "single_quotes": "{'a':1}", "nan": "NaN", "leading_zero": "01", "plus": "+1",
        "keys_unicode": '{"\u00e9":1,"e\u0301":2}', "empty_key": '{"":1}',
        "nested_mix": '{"a":[{"b":null,"c":[true,false]},{}],"d":{"e":"f"}}',
    }
    for name, s in edge.items():
        seed(t, name, s)
    seed(t, "jwk_fixed", json.dumps(FIXED_JWK))
    for f in ["rfc7517_A.1.jwkset", "rfc7517_A.2.jwkset", "rfc7515_A.6.jwkset"]:
        s = read("jose-cose", "rfc7515-rfc7517-rfc7638-latchset", f)
        if s:
            seed(t, f, s)
    for sec in ["sec-5.1-issuance", "sec-A.1-simple-structured-sd-jwt",
                "sec-A.3-sd-jwt-based-verifiable-credentials-sd-j"]:
        for f in sorted(glob.glob(vec("sdjwt", "ietf-sd-jwt-draft-22-rendered", sec, "0*.json")))[:1]:
            seed(t, "sdjwt_%s_%s" % (sec.split("-")[1], os.path.basename(f)), open(f).read())
    for f in sorted(glob.glob(vec("oid4vp-oid4vci", "*", "1.0", "examples", "**", "*.json"),
                              recursive=True))[:4]:
        seed(t, "oid4_" + os.path.basename(f), open(f).read())
    for name, d in dcc_entries(1)[:2]:
        if "JSON" in d:
            seed(t, "dcc_" + name, json.dumps(d["JSON"], ensure_ascii=False))


def seeds_cbor(mdoc):
    t = "cbor"
    edge = {
        "uint_0": "00", "uint_23": "17", "uint_24": "1818", "uint_max": "1bffffffffffffffff",
        "nonpreferred_uint": "1800", "nonpreferred_uint64": "1b0000000000000001",
        "negint_min": "3bffffffffffffffff", "bytes": "43010203", "text_utf8": "62c3a9",
        "text_bad_utf8": "62c328", "text_nul": "63610062",
        "indef_bytes": "5f42010243030405ff", "indef_text": "7f6161626263ff",
        "indef_bytes_bad_chunk": "5f6161ff", "indef_array": "9f0102ff", "indef_map": "bf6161016162f6ff",
        "indef_nested": "9f9fff5fffbfffff", "break_alone": "ff", "array_nested": "8201820203",
        "map_sorted": "a201020304", "map_unsorted": "a203040102", "map_dup": "a201020103",
        "map_dup_nonpreferred": "a2010218010b", "map_odd_indef": "bf01ff",
        "map_len_exceeds_input": "bb00000000ffffffff01", "array_len_exceeds_input": "9bffffffffffffffff00",
        "bytes_len_exceeds_input": "5bffffffffffffffff00", "truncated_head": "19",
        "trailing": "0000", "tag0_tdate": "c074323032332d31312d31345432323a31333a32305a",
        "tag1_epoch": "c11a6553f100", "tag24_embedded": "d81843a10126",
        "tag1004_date": "d903ec6a323032332d31312d3134", "tag18_one_byte": "d28440a0f64100",
        "tag16": "d0f6", "tag6": "c600", "tag20": "d400", "tag_big": "dbffffffffffffffff00",
        "tag_nested": "c1c1c100", "false_true_null_undef": "84f4f5f6f7", "simple_unassigned": "f0",
        "simple_1byte": "f820", "simple_1byte_low": "f818", "half_subnormal": "f90003",
        "half_min": "f90001", "half_max": "f97bff", "half_negzero": "f98000", "half_nan": "f97e00",
        "half_nan_payload": "f97e01", "half_inf": "f97c00", "float_fits_half": "fa3fc00000",
        "float32": "fa47c35000", "float32_nan": "fa7fc00000", "float64": "fb3ff199999999999a",
        "float64_fits_float": "fb3ff8000000000000", "float64_nan": "fb7ff8000000000000",
        "map_float_keys": "a2f93c0001fa3f80000002", "map_mixed_keys": "a40161616161018101f64101f5",
        "reserved_ai": "1c", "empty": "",
    }
    for name, h in edge.items():
        seed(t, name, unhex(h))
    seed(t, "depth_24", unhex("81" * 23 + "00"))
    seed(t, "depth_25", unhex("81" * 25 + "00"))
    seed(t, "many_items", cbor(list(range(600))))
    seed(t, "cwt_claims", cbor({1: "issuer", 4: FZ_NOW + 3600, 6: FZ_NOW, "name": "x"}))
    for f in ["device_engagement", "device_request", "items_request", "session_transcript_bytes",
              "e_device_key_bytes", "reader_auth", "session_termination"]:
        h = read("mdoc", "iso18013-5-annexD", f + ".hex")
        if h:
            seed(t, "annexD_" + f, unhex(h))
    for name, b in mdoc["mso"][:2]:
        seed(t, "mso_" + name, b)
    for name, b in mdoc["items"][:2]:
        seed(t, "issuer_signed_item_" + name, b)
    for name, b in mdoc.get("cbor_extra", [])[:2]:
        seed(t, "device_auth_" + name, b)
    for name, d in dcc_entries(1)[:2]:
        if "CBOR" in d:
            seed(t, "dcc_payload_" + name, unhex(d["CBOR"]))
    md = read("statuslist", "draft-examples", "status_list_cwt.md")
    if md:
        seed(t, "status_list_cwt", unhex(md))


def seeds_jws():
    t = "jws"
    lat = ("jose-cose", "rfc7515-rfc7517-rfc7638-latchset")
    for f in sorted(glob.glob(vec(*lat, "rfc7515_A.*.jws*"))):
        seed(t, os.path.basename(f), open(f).read())
    for f in sorted(glob.glob(vec("jose-cose", "jose-cookbook-rfc7520", "jws", "*.json"))):
        d = json.load(open(f))
        base = "rfc7520_" + os.path.basename(f).split(".")[0]
        out = d.get("output", {})
        if "compact" in out:
            seed(t, base + "_compact", out["compact"])
        if "json" in out:
            seed(t, base + "_json", json.dumps(out["json"]))
        if "json_flat" in out:
            seed(t, base + "_flat", json.dumps(out["json_flat"]))
    s = read("sdjwt", "ietf-sd-jwt-draft-22-rendered", "sec-5.1-issuance", "03_issuer_signed_jwt.txt")
    if s:
        seed(t, "sdjwt_issuer_signed_jwt", s.strip())

    claims = json.dumps({"iss": "https://issuer.example", "iat": FZ_NOW - 60,
                         "exp": FZ_NOW + 3600}).encode()
    es = {"alg": "ES256"}
    seed(t, "fixed_minimal", jws_compact(FIXED, es, claims))
    seed(t, "fixed_kid_typ", jws_compact(FIXED, {"alg": "ES256", "kid": "k1", "typ": "JWT"}, claims))
    seed(t, "fixed_binary_payload", jws_compact(FIXED, es, bytes(range(64))))
    seed(t, "fixed_detached", jws_compact(FIXED, es, FZ_DETACHED, detached=True))
    seed(t, "fixed_crit_unknown", jws_compact(FIXED, {"alg": "ES256", "crit": ["exp"], "exp": 1},
                                              claims))
    seed(t, "fixed_crit_absent", jws_compact(FIXED, {"alg": "ES256", "crit": ["zzz"]}, claims))
    seed(t, "fixed_crit_empty", jws_compact(FIXED, {"alg": "ES256", "crit": []}, claims))
    seed(t, "fixed_crit_b64", jws_compact(FIXED, {"alg": "ES256", "b64": False, "crit": ["b64"]},
                                          claims))
    seed(t, "fixed_dup_alg", jws_compact(FIXED, None, claims,
                                         raw_header=b'{"alg":"ES256","alg":"ES256"}'))
    seed(t, "fixed_header_ws", jws_compact(FIXED, None, claims,
                                           raw_header=b' {\n "alg" : "ES256" }\r\n'))
    seed(t, "fixed_header_array", jws_compact(FIXED, None, claims, raw_header=b'["ES256"]'))
    seed(t, "fixed_x5c", jws_compact(FIXED, {"alg": "ES256", "x5c": [
        base64.b64encode(CERT_LEAF).decode()]}, claims))
    seed(t, "fixed_alg_es384", jws_compact(FIXED, {"alg": "ES384"}, claims))
    seed(t, "alg_none", b64u(b'{"alg":"none"}') + "." + b64u(claims) + ".")
    seed(t, "alg_hs256", b64u(b'{"alg":"HS256"}') + "." + b64u(claims) + "." + b64u(b"\x00" * 32))
    seed(t, "fixed_flattened", jws_flattened(FIXED, es, {"kid": "k1"}, claims))
    seed(t, "fixed_flattened_dup_param", jws_flattened(FIXED, es, {"alg": "ES256"}, claims))
    seed(t, "fixed_general_two", jws_general([(OTHER, es, {"kid": "other"}),
                                              (FIXED, es, {"kid": "fixed"})], claims))
    seed(t, "general_empty", '{"payload":"e30","signatures":[]}')
    seed(t, "compact_four_parts", "e30.e30.e30.e30")
    seed(t, "compact_bad_b64", "eyJhbGciOiJFUzI1NiJ9.e30=.AAAA")
    r, sv = FIXED.sign_rs(b"x")
    h = b64u(json.dumps(es).encode())
    p = b64u(claims)
    r, sv = FIXED.sign_rs((h + "." + p).encode())
    seed(t, "fixed_high_s", h + "." + p + "." + b64u(r.to_bytes(32, "big") +
                                                     (N - sv).to_bytes(32, "big")))


def all_jwks():
    """(name, JWK object or text) from the vectors, plus made-up ones."""
    out = []
    lat = ("jose-cose", "rfc7515-rfc7517-rfc7638-latchset")
    for f in sorted(glob.glob(vec(*lat, "*.jwk"))):
        out.append((os.path.basename(f), open(f).read()))
    for f in sorted(glob.glob(vec(*lat, "*.jwkset"))):
        for i, k in enumerate(json.load(open(f)).get("keys", [])):
            out.append(("%s_%d" % (os.path.basename(f), i), k))
    for f in sorted(glob.glob(vec("jose-cose", "jose-cookbook-rfc7520", "jwk", "*.json"))):
        out.append(("rfc7520_" + os.path.basename(f).split(".")[0], open(f).read()))
    for f in ["nist-curves.json", "secp256k1.json", "ed25519-x25519.json"]:
        d = load_json("jose-cose", "did-key-w3c-ccg", f) or {}
        n = 0
        for did, v in d.items():
            for vm in (v.get("verificationMethod"), v.get("verificationKeyPair")):
                if isinstance(vm, dict):
                    for kk in ("publicKeyJwk", "privateKeyJwk"):
                        if kk in vm and n < 2:
                            out.append(("didkey_%s_%d" % (f.split(".")[0], n), vm[kk]))
                            n += 1
    for k, v in (load_json("mdoc", "iso18013-5-annexD", "keys.jwk.json") or {}).items():
        if isinstance(v, dict) and "kty" in v:
            out.append(("annexD_" + k, v))
    k = load_json("statuslist", "example_key.jwk.json")
    if k:
        out.append(("statuslist_example_key", k))
    ed = {"kty": "OKP", "crv": "Ed25519",
          "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
          "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}  # RFC 8037 A.1/A.2
    out += [
        ("fixed_private", FIXED_JWK), ("fixed_public", FIXED.jwk()),
        ("fixed_alg_kid", FIXED.jwk(True, alg="ES256", kid="fixed-1", use="sig")),
        ("fixed_alg_mismatch", FIXED.jwk(alg="ES384")), ("fixed_alg_unknown", FIXED.jwk(alg="XX")),
        ("fixed_d_of_other_key", dict(FIXED.jwk(), d=b64u(OTHER.db()))),
        ("fixed_d_short", dict(FIXED.jwk(), d=b64u(FIXED.db()[1:]))),
        ("point_off_curve", dict(FIXED.jwk(), y=b64u(OTHER.yb()))),
        ("x_too_short", dict(FIXED.jwk(), x=b64u(FIXED.xb()[1:]))),
        ("missing_y", {"kty": "EC", "crv": "P-256", "x": FIXED_JWK["x"]}),
        ("unknown_crv", dict(FIXED.jwk(), crv="P-257")), ("kty_oct", {"kty": "oct", "k": "AAAA"}),
        ("kty_missing", {"crv": "P-256"}), ("x_not_string", dict(FIXED.jwk(), x=1)),
        ("x_padded_b64", dict(FIXED.jwk(), x=FIXED_JWK["x"] + "=")),
        ("kid_number", FIXED.jwk(kid=7)), ("ed25519_rfc8037", ed),
        ("ed25519_public", {"kty": "OKP", "crv": "Ed25519", "x": ed["x"]}),
        ("x25519", {"kty": "OKP", "crv": "X25519",
                    "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}),
        ("okp_with_y", dict(ed, y=ed["x"])),
        ("rsa_with_oth", {"kty": "RSA", "n": "AQAB", "e": "AQAB", "oth": []}),
        ("rsa_tiny", {"kty": "RSA", "n": "AQAB", "e": "AQAB"}),
        ("not_object", "[1,2]"), ("duplicate_member",
                                  '{"kty":"EC","kty":"EC","crv":"P-256","x":"%s","y":"%s"}' %
                                  (FIXED_JWK["x"], FIXED_JWK["y"])),
    ]
    return out


def seeds_jwk():
    for name, k in all_jwks():
        seed("jwk", name, k if isinstance(k, str) else json.dumps(k))


def seeds_cose_key(mdoc):
    t = "cose_key"
    p = vec("mdoc", "isomdl", "test", "definitions", "cose_key", "ec_p256.cbor")
    if os.path.exists(p):
        b = open(p, "rb").read()
        if re.fullmatch(rb"[0-9A-Fa-f\s]+", b):
            b = unhex(b.decode())
        seed(t, "isomdl_ec_p256", b)
    h = read("mdoc", "iso18013-5-annexD", "e_device_key_bytes.hex")
    if h:
        v = cbor_decode(unhex(h))[0]
        v = untag(v)
        seed(t, "annexD_e_device_key", v if isinstance(v, bytes) else unhex(h))
    for name, b in mdoc["device_key"][:4]:
        seed(t, "mso_device_key_" + name, b)
    k384 = {1: 2, -1: 2, -2: bytes.fromhex(
        "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"),
        -3: bytes.fromhex("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f")}
    ed = {1: 1, -1: 6, -2: unb64u("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
          -4: unb64u("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")}
    fixed = cose_key_ec(FIXED)
    cases = {
        "fixed_public": fixed, "fixed_private": cose_key_ec(FIXED, True),
        "fixed_kid_alg": cose_key_ec(FIXED, True, **{}) | {2: b"fixed-1", 3: -7},
        "fixed_alg_mismatch": fixed | {3: -35}, "fixed_alg_unknown": fixed | {3: -999},
        "fixed_alg_text": fixed | {3: "ES256"}, "fixed_kid_text": fixed | {2: "k"},
        "fixed_kid_binary": fixed | {2: b"\x00\xff"},
        "fixed_compressed_true": fixed | {-3: True}, "fixed_compressed_false": fixed | {-3: False},
        "fixed_y_int": fixed | {-3: 5}, "fixed_d_other": fixed | {-4: OTHER.db()},
        "fixed_d_short": fixed | {-4: FIXED.db()[:31]}, "off_curve": fixed | {-3: OTHER.yb()},
        "missing_x": {1: 2, -1: 1, -3: FIXED.yb()}, "missing_crv": {1: 2, -2: FIXED.xb()},
        "p384": k384, "p521_bad": {1: 2, -1: 3, -2: b"\x01" * 66, -3: b"\x02" * 66},
        "secp256k1_bad": {1: 2, -1: 8, -2: FIXED.xb(), -3: FIXED.yb()},
        "ed25519_private": ed, "ed25519_public": {1: 1, -1: 6, -2: ed[-2]},
        "ed448_bad": {1: 1, -1: 7, -2: b"\x00" * 57}, "x25519": {1: 1, -1: 4, -2: b"\x09" * 32},
        "okp_on_ec2_curve": {1: 1, -1: 1, -2: FIXED.xb()}, "rsa_kty": {1: 3, -1: b"\x01", -2: b"\x03"},
        "symmetric_kty": {1: 4, -1: b"\x00" * 16}, "kty_text": {1: "EC2", -1: 1},
        "not_a_map": [1, 2], "empty_map": {},
    }
    for name, m in cases.items():
        seed(t, name, cbor(m))
    seed(t, "fixed_unsorted", cbor_head(5, 4) + cbor(-3) + cbor(FIXED.yb()) + cbor(-2) + cbor(FIXED.xb()) +
         cbor(1) + cbor(2) + cbor(-1) + cbor(1))
    seed(t, "fixed_duplicate_label", cbor_head(5, 5) + cbor(1) + cbor(2) + cbor(-1) + cbor(1) +
         cbor(-2) + cbor(FIXED.xb()) + cbor(-3) + cbor(FIXED.yb()) + cbor(1) + cbor(2))
    seed(t, "fixed_indefinite_map", b"\xbf" + cbor(fixed)[1:] + b"\xff")
    seed(t, "fixed_tag24_wrapped", cbor(Tag(24, cbor(fixed))))


def seeds_cose_sign1(mdoc):
    t = "cose_sign1"
    cw = ("jose-cose", "cose-wg-examples")
    for sub in ["sign1-tests", "ecdsa-examples", "eddsa-examples", "rsa-pss-examples", "CWT",
                "x509-examples", "sign-tests", "countersign1"]:
        for f in sorted(glob.glob(vec(*cw, sub, "*.json")))[:3]:
            try:
                d = json.load(open(f))
            except ValueError:
                continue
            c = d.get("output", {}).get("cbor")
            if c:
                seed(t, "cosewg_%s_%s" % (sub, os.path.basename(f)[:-5]), unhex(c))
    p = vec("mdoc", "isomdl", "test", "definitions", "cose", "sign1", "serialized.cbor")
    if os.path.exists(p):
        b = open(p, "rb").read()
        seed(t, "isomdl_sign1", unhex(b.decode()) if re.fullmatch(rb"[0-9A-Fa-f\s]+", b) else b)
    for name, b in mdoc["issuer_auth"][:4]:
        seed(t, "mdoc_issuer_auth_" + name, b)
    for name, d in dcc_entries(1)[:3]:
        if "COSE" in d:
            seed(t, "dcc_" + name, unhex(d["COSE"]))
    md = read("statuslist", "draft-examples", "status_list_cwt.md")
    if md:
        seed(t, "status_list_cwt", unhex(md))

    cwt = cbor({1: "https://issuer.example", 4: FZ_NOW + 3600, 5: FZ_NOW - 60, 6: FZ_NOW - 60})
    alg = {1: -7}
    seed(t, "fixed_tagged", sign1(FIXED, alg, {}, cwt))
    seed(t, "fixed_untagged", sign1(FIXED, alg, {}, cwt, tagged=False))
    seed(t, "fixed_kid_unprotected", sign1(FIXED, alg, {4: b"fixed-1"}, cwt))
    seed(t, "fixed_kid_protected_ctype", sign1(FIXED, {1: -7, 3: 61, 4: b"k"}, {}, cwt))
    seed(t, "fixed_typ_text", sign1(FIXED, {1: -7, 16: "application/cwt"}, {}, b"hello"))
    seed(t, "fixed_crit_understood", sign1(FIXED, {1: -7, 2: [3], 3: 0}, {}, b"x"))
    seed(t, "fixed_crit_unknown", sign1(FIXED, {1: -7, 2: [99], 99: 1}, {}, b"x"))
    seed(t, "fixed_crit_absent", sign1(FIXED, {1: -7, 2: [4]}, {}, b"x"))
    seed(t, "fixed_crit_empty", sign1(FIXED, {1: -7, 2: []}, {}, b"x"))
    seed(t, "fixed_detached", sign1(FIXED, alg, {}, FZ_DETACHED, detached=True))
    seed(t, "fixed_empty_payload", sign1(FIXED, alg, {}, b""))
    seed(t, "fixed_x5chain_one", sign1(FIXED, alg, {33: CERT_LEAF}, b"x"))
    seed(t, "fixed_x5chain_two", sign1(FIXED, {1: -7, 33: [CERT_LEAF_VIA, CERT_INTER]}, {}, b"x"))
    seed(t, "fixed_x5chain_bad_type", sign1(FIXED, alg, {33: [CERT_LEAF, 5]}, b"x"))
    seed(t, "fixed_label_in_both", sign1(FIXED, {1: -7, 4: b"a"}, {4: b"a"}, b"x"))
    seed(t, "fixed_alg_unprotected", sign1(FIXED, {}, {1: -7}, b"x"))
    seed(t, "fixed_alg_es384", sign1(FIXED, {1: -35}, {}, b"x"))
    seed(t, "fixed_alg_text", sign1(FIXED, {1: "ES256"}, {}, b"x"))
    seed(t, "fixed_protected_a0", sign1(FIXED, None, {1: -7}, b"x", prot_raw=b"\xa0"))
    seed(t, "fixed_protected_not_map", sign1(FIXED, None, {}, b"x", prot_raw=b"\x01"))
    seed(t, "fixed_aad", sign1(FIXED, alg, {}, b"x", aad=b"aad"))
    seed(t, "wrong_tag_98", cbor(Tag(98, cbor_decode(sign1(FIXED, alg, {}, b"x", tagged=False))[0])))
    seed(t, "three_elements", cbor([cbor(alg), {}, b"x"]))
    seed(t, "signature_empty", cbor([cbor(alg), {}, b"x", b""]))
    seed(t, "fixed_cose_sign_two", cose_sign([(OTHER, alg, {4: b"o"}), (FIXED, alg, {4: b"f"})],
                                            b"payload"))
    seed(t, "fixed_cose_sign_untagged", cose_sign([(FIXED, alg, {})], b"payload", tagged=False))


def seeds_x509(mdoc):
    t = "x509"
    seed(t, "fixed_root_leaf", chain(CERT_LEAF))
    seed(t, "fixed_root_leaf_via_intermediate", chain(CERT_LEAF_VIA, CERT_INTER))
    seed(t, "fixed_root_expired_leaf", chain(CERT_EXPIRED))
    seed(t, "fixed_root_intermediate_as_leaf", chain(CERT_INTER))
    seed(t, "self_signed_other", chain(CERT_SELF_OTHER))
    seed(t, "wrong_order", chain(CERT_INTER, CERT_LEAF_VIA))
    seed(t, "truncated_leaf", chain(CERT_LEAF[:200]))
    seed(t, "trailing_byte", chain(CERT_LEAF + b"\x00"))
    seed(t, "length_past_end", b"\xff\xff" + CERT_LEAF)
    seed(t, "empty", b"")
    seed(t, "garbage_then_leaf", chain(b"\x30\x03\x02\x01\x00", CERT_LEAF))
    pems = []
    for f in sorted(glob.glob(vec("mdoc", "**", "*.pem"), recursive=True) +
                    glob.glob(vec("mdoc", "**", "*.crt"), recursive=True)):
        certs = pem_blocks(open(f, errors="replace").read())
        if certs:
            pems.append((os.path.splitext(os.path.basename(f))[0], certs))
    for name, certs in pems[:10]:
        seed(t, "pem_" + name, chain(*certs[:4]))
    by = dict(pems)
    names = ["isomdl_iaca_leaf_signer", "isomdl_iaca_intermediate", "isomdl_iaca_root_cert"]
    if all(n in by for n in names):
        seed(t, "isomdl_chain_leaf_intermediate_root", chain(*[by[n][0] for n in names]))
    if "aamva_ca_intermediate" in by and "aamva_ca_root" in by:
        seed(t, "aamva_intermediate_root", chain(by["aamva_ca_intermediate"][0], by["aamva_ca_root"][0]))
    h = read("mdoc", "iso18013-5-annexD", "ds_cert.der.hex")
    if h:
        seed(t, "annexD_ds_cert", chain(unhex(h)))
    h = read("mdoc", "iso18013-5-annexD", "reader_cert.der.hex")
    if h:
        seed(t, "annexD_reader_cert", chain(unhex(h)))
    for name, c in mdoc["certs"][:3]:
        seed(t, "mdoc_x5chain_" + name, chain(c))
    for f in sorted(glob.glob(vec("jose-cose", "cose-wg-examples", "x509-examples", "*.json")))[:2]:
        s = open(f).read()
        for i, m in enumerate(re.findall(r'"x5(?:bag|chain)"\s*:\s*"([0-9A-Fa-f]+)"', s)[:1]):
            seed(t, "cosewg_" + os.path.basename(f)[:-5], chain(unhex(m)))
    n = 0
    for name, d in dcc_entries(2):
        c = d.get("TESTCTX", {}).get("CERTIFICATE")
        if c and n < 4:
            try:
                seed(t, "dcc_" + name, chain(base64.b64decode(c)))
                n += 1
            except ValueError:
                pass


def pem_text(label, der_bytes, headers=""):
    b = base64.b64encode(der_bytes).decode()
    body = "\n".join(b[i:i + 64] for i in range(0, len(b), 64))
    return "-----BEGIN %s-----\n%s%s\n-----END %s-----\n" % (label, headers, body, label)


def spki(key):
    return der_seq(der_seq(der_oid("1.2.840.10045.2.1"), der_oid("1.2.840.10045.3.1.7")),
                   der(0x03, b"\x00\x04" + key.xb() + key.yb()))


def sec1(key, pub_key=None):
    pub_key = pub_key or key
    return der_seq(der_int(1), der(0x04, key.db()),
                   der(0xa0, der_oid("1.2.840.10045.3.1.7")),
                   der(0xa1, der(0x03, b"\x00\x04" + pub_key.xb() + pub_key.yb())))


def pkcs8(key, pub_key=None):
    return der_seq(der_int(0), der_seq(der_oid("1.2.840.10045.2.1"),
                                       der_oid("1.2.840.10045.3.1.7")),
                   der(0x04, sec1(key, pub_key)))


def seeds_pem():
    t = "pem"
    seed(t, "fixed_spki_der", spki(FIXED))
    seed(t, "fixed_pkcs8_der", pkcs8(FIXED))
    seed(t, "fixed_sec1_der", sec1(FIXED))
    seed(t, "fixed_spki_pem", pem_text("PUBLIC KEY", spki(FIXED)))
    seed(t, "fixed_pkcs8_pem", pem_text("PRIVATE KEY", pkcs8(FIXED)))
    seed(t, "fixed_sec1_pem_crlf", pem_text("EC PRIVATE KEY", sec1(FIXED)).replace("\n", "\r\n"))
    seed(t, "sec1_pub_of_other_key", pem_text("EC PRIVATE KEY", sec1(FIXED, OTHER)))
    seed(t, "pkcs8_pub_of_other_key", pkcs8(FIXED, OTHER))
    seed(t, "certs_leaf_and_intermediate", pem_text("CERTIFICATE", CERT_LEAF_VIA) +
         "junk between blocks\n" + pem_text("CERTIFICATE", CERT_INTER))
    seed(t, "cert_self_signed_root", pem_text("CERTIFICATE", CERT_SELF_OTHER))
    seed(t, "cert_truncated_block", pem_text("CERTIFICATE", CERT_LEAF)[:300])
    seed(t, "cert_then_key", pem_text("CERTIFICATE", CERT_LEAF) + pem_text("PUBLIC KEY", spki(OTHER)))
    enc = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
    seed(t, "cert_proc_type_encrypted", pem_text("CERTIFICATE", CERT_LEAF[:48], enc))
    seed(t, "sec1_proc_type_encrypted", pem_text("EC PRIVATE KEY", sec1(FIXED)[:48], enc))
    seed(t, "pkcs8_encrypted_label", pem_text("ENCRYPTED PRIVATE KEY", pkcs8(FIXED)))
    seed(t, "public_key_label_on_cert", pem_text("PUBLIC KEY", CERT_LEAF))
    seed(t, "no_end_line", pem_text("PUBLIC KEY", spki(FIXED)).split("-----END")[0])
    seed(t, "bad_base64", "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n")
    seed(t, "empty", "")
    for f in ["256-key.pem", "384-key.pem", "521-key.pem", "issuer-key.pem", "256-cert.pem"]:
        s = read("mdoc", "isomdl", "test", "issuance", f)
        if s:
            seed(t, "isomdl_" + f.replace(".", "_"), s)
    for parts in [("mdoc", "isomdl", "tests", "data", "sec1.pem"),
                  ("mdoc", "isomdl", "test", "presentation", "reader_key.pem"),
                  ("mdoc", "auth0-mdl", "issuer.pem"),
                  ("mdoc", "iso18013-5-annexD", "reader_cert.pem")]:
        s = read(*parts)
        if s:
            seed(t, "_".join(parts[1:]).replace(".", "_").replace("-", "_"), s)
            m = re.search(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END", s, re.S)
            if m:
                seed(t, "_".join(parts[1:]).replace(".", "_") + "_der",
                     base64.b64decode("".join(m.group(2).split())))


def seeds_verify():
    t = "verify"
    claims = json.dumps({"iss": "https://issuer.example", "iat": FZ_NOW - 60, "nbf": FZ_NOW - 60,
                         "exp": FZ_NOW + 3600, "given_name": "An"}).encode()
    es = {"alg": "ES256"}
    seed(t, "jwt_valid", jws_compact(FIXED, es, claims))
    seed(t, "jwt_valid_ws", "\n  " + jws_compact(FIXED, es, claims) + "\r\n")
    seed(t, "jwt_kid_unknown", jws_compact(FIXED, {"alg": "ES256", "kid": "nope"}, claims))
    seed(t, "jwt_expired", jws_compact(FIXED, es, json.dumps({"exp": FZ_NOW - 3600}).encode()))
    seed(t, "jwt_not_yet_valid", jws_compact(FIXED, es, json.dumps({"nbf": FZ_NOW + 3600}).encode()))
    seed(t, "jwt_exp_string", jws_compact(FIXED, es, json.dumps({"exp": "soon"}).encode()))
    seed(t, "jwt_payload_array", jws_compact(FIXED, es, b"[1,2,3]"))
    seed(t, "jwt_payload_text", jws_compact(FIXED, es, b"not json"))
    seed(t, "jwt_x5c", jws_compact(FIXED, {"alg": "ES256", "x5c": [
        base64.b64encode(CERT_LEAF).decode()]}, claims))
    seed(t, "jwt_other_key", jws_compact(OTHER, es, claims))
    seed(t, "jws_flattened", jws_flattened(FIXED, es, {"kid": "k"}, claims))
    seed(t, "jws_general", jws_general([(OTHER, es, None), (FIXED, es, None)], claims))
    s = read("jose-cose", "rfc7515-rfc7517-rfc7638-latchset", "rfc7515_A.3.jwsc")
    if s:
        seed(t, "rfc7515_A3_expired", s)
    cwt = {1: "https://issuer.example", 4: FZ_NOW + 3600, 5: FZ_NOW - 60, 6: FZ_NOW - 60,
           -65537: {"given_name": "An", "n": [1, 2.5, None, True]}}
    c = sign1(FIXED, {1: -7}, {}, cbor(cwt))
    seed(t, "cwt_valid_binary", c)
    seed(t, "cwt_valid_hex", c.hex())
    seed(t, "cwt_valid_hex_upper", c.hex().upper())
    seed(t, "cwt_valid_b64url", b64u(c))
    seed(t, "cwt_untagged_kid", sign1(FIXED, {1: -7}, {4: b"k"}, cbor(cwt), tagged=False))
    seed(t, "cwt_expired", sign1(FIXED, {1: -7}, {}, cbor({4: FZ_NOW - 3600})))
    seed(t, "cwt_exp_float", sign1(FIXED, {1: -7}, {}, cbor({4: float(FZ_NOW + 10)})))
    seed(t, "cwt_int_and_text_keys", sign1(FIXED, {1: -7}, {}, cbor({1: "a", "1": "b"})))
    seed(t, "cwt_nested_same_json_name", sign1(FIXED, {1: -7}, {}, cbor({"n": {8: 1, "8": 2}})))
    seed(t, "cwt_x5chain", sign1(FIXED, {1: -7, 33: CERT_LEAF}, {}, cbor(cwt)))
    seed(t, "cwt_payload_not_map", sign1(FIXED, {1: -7}, {}, b"plain"))
    seed(t, "cose_detached", sign1(FIXED, {1: -7}, {}, FZ_DETACHED, detached=True))
    for name, d in dcc_entries(1)[:4]:
        if "PREFIX" in d:
            seed(t, "hc1_" + name, d["PREFIX"])
    s = read("sdjwt", "ietf-sd-jwt-draft-22-rendered", "sec-5.1-issuance", "04_sd_jwt_issuance.txt")
    if s:
        seed(t, "sdjwt_issuance", s.strip())
    seed(t, "unknown_text", "hello world")
    seed(t, "empty", b"")
    seed(t, "png_not_qr", small_png())


def small_png():
    """An 8x8 white grayscale PNG (no QR code in it)."""
    def chunk(typ, data):
        return (struct.pack(">I", len(data)) + typ + data +
                struct.pack(">I", zlib.crc32(typ + data) & 0xffffffff))
    raw = b"".join(b"\x00" + b"\xff" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    if not os.path.isdir(VEC):
        print("make_seeds: vectors not found at %s (only generated seeds)" % VEC, file=sys.stderr)
    mdoc = mdoc_parts() if os.path.isdir(VEC) else {k: [] for k in
                                                    ("issuer_auth", "mso", "device_key", "certs", "items")}
    seeds_b64url()
    seeds_base45()
    seeds_json()
    seeds_cbor(mdoc)
    seeds_jws()
    seeds_jwk()
    seeds_cose_key(mdoc)
    seeds_cose_sign1(mdoc)
    seeds_x509(mdoc)
    seeds_pem()
    seeds_verify()
    clean()
    for t in TARGETS:
        print("%-11s %3d seeds" % (t, len(written[t])))
    for t, n, size in skipped:
        print("skipped %s/%s: %d bytes" % (t, n, size), file=sys.stderr)


if __name__ == "__main__":
    main()
