#!/bin/sh
# CLI tests of the mdoc commands (ISO/IEC 18013-5): wallet issue mdoc,
# present mdoc, mdoc transcript, and verify's mdoc options; success paths,
# the rejections (exit 1, the error named in the JSON) and usage errors (exit 2).
# usage: test_cli_mdoc.sh PATH/TO/wallet PATH/TO/vectors
set -u
W=$1
V=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
. "$(dirname "$0")/lib.sh"

# has TEXT DESCRIPTION: out.txt contains TEXT
has() { grep -qF -- "$1" out.txt && ok || bad "$2: output lacks $1 ($(head -c 300 out.txt))"; }

# --- help and usage ------------------------------------------------------------------
for c in "issue mdoc" "present mdoc" "mdoc transcript"; do
    # shellcheck disable=SC2086
    expect 0 "$c --help" "$W" $c --help
    { grep -q usage out.txt || grep -q usage err.txt; } && ok || bad "$c --help prints usage"
done
expect 2 "mdoc without a verb" "$W" mdoc
expect 2 "mdoc unknown verb" "$W" mdoc frobnicate
expect 2 "issue of an unknown format" "$W" issue x509 --help

# --- keys, IACA and document signer --------------------------------------------------------
"$W" key gen --alg ES256 --out iaca.jwk
"$W" key gen --alg ES256 --out ds.jwk
"$W" key gen --alg ES256 --out holder.jwk
"$W" key gen --alg ES256 --out reader.jwk
"$W" key gen --alg ES256 --out other.jwk
"$W" key pub holder.jwk > holder.pub.jwk
"$W" key pub reader.jwk > reader.pub.jwk
mkdir -p trust empty-trust
"$W" cert make --key iaca.jwk --subject "CN=Test IACA,C=VN" --iaca --issuer-alt-uri https://iaca.example --out trust/iaca.pem
"$W" cert make --key ds.jwk --ca-key iaca.jwk --ca-cert trust/iaca.pem --subject "CN=Test DS,C=VN" --ds --out ds.pem
[ -s ds.pem ] && ok || bad "DS certificate made"

cat > claims.json <<'JSON'
{"org.iso.18013.5.1": {"family_name": "Tran", "given_name": "Mai",
  "birth_date": {"$date": "1990-04-12"}, "age_over_18": true, "issuing_country": "VN",
  "portrait": {"$bytes": "_9j_4AAQSkZJRg"}, "document_number": "B-123"},
 "org.example.extra": {"updated_at": {"$tdate": "2025-06-01T10:00:00Z"}}}
JSON

# --- issue ------------------------------------------------------------------------------------
# a minute from now: inside the certificates' validity (made just now, for 365 days)
NOW=$(($(date +%s) + 60))
expect 0 "issue mdoc" "$W" issue mdoc --key ds.jwk --cert ds.pem --doctype org.iso.18013.5.1.mDL \
    --claims claims.json --holder holder.pub.jwk --now $NOW
cp out.txt mdl.b64
grep -Eq '^[A-Za-z0-9_-]+$' mdl.b64 && ok || bad "IssuerSigned is base64url"
expect 0 "issue mdoc SHA-384, status" "$W" issue mdoc --key ds.jwk --cert ds.pem --doctype org.iso.18013.5.1.mDL \
    --claims claims.json --holder holder.pub.jwk --digest SHA-384 --status-uri https://status.example/1 --status-idx 7 \
    --valid-from $NOW --valid-until $((NOW + 86400)) --now $NOW
cp out.txt mdl384.b64
expect 2 "issue mdoc without --holder" "$W" issue mdoc --key ds.jwk --cert ds.pem --doctype D --claims claims.json
expect 2 "issue mdoc --status-uri without --status-idx" "$W" issue mdoc --key ds.jwk --cert ds.pem \
    --doctype D --claims claims.json --holder holder.pub.jwk --status-uri https://s.example
expect 2 "issue mdoc unknown digest" "$W" issue mdoc --key ds.jwk --cert ds.pem --doctype D \
    --claims claims.json --holder holder.pub.jwk --digest MD5
expect 2 "issue mdoc missing claims file" "$W" issue mdoc --key ds.jwk --cert ds.pem --doctype D \
    --claims nothing.json --holder holder.pub.jwk
echo '{"org.iso.18013.5.1": {"birth_date": {"$date": "1990-02-30"}}}' > bad-date.json
expect 1 "issue mdoc impossible full-date" "$W" issue mdoc --key ds.jwk --cert ds.pem --doctype D \
    --claims bad-date.json --holder holder.pub.jwk --now $NOW
echo '["not", "namespaces"]' > bad-shape.json
expect 1 "issue mdoc claims not an object of namespaces" "$W" issue mdoc --key ds.jwk --cert ds.pem \
    --doctype D --claims bad-shape.json --holder holder.pub.jwk --now $NOW
expect 2 "issue mdoc with a key that is not the certificate's" "$W" issue mdoc --key other.jwk \
    --cert ds.pem --doctype D --claims claims.json --holder holder.pub.jwk --now $NOW

# --- verify the IssuerSigned alone (issuer data only) --------------------------------------------
expect 0 "verify IssuerSigned" "$W" verify --trust trust --now $NOW mdl.b64
has '"format":"mso_mdoc"' "IssuerSigned format"
has '"holder_auth":"none"' "IssuerSigned holder_auth"
has '"birth_date":"1990-04-12"' "full-date as a string"
has '"portrait":"_9j_4AAQSkZJRg"' "bytes as base64url"
has '"updated_at":"2025-06-01T10:00:00Z"' "tdate as a string"
has '"issuer":"CN=Test DS,C=VN"' "issuer is the DS subject"
expect 0 "verify IssuerSigned SHA-384 with status" "$W" verify --trust trust --now $NOW mdl384.b64
has '"exp":'$((NOW + 86400)) "validUntil as exp"
expect 1 "verify IssuerSigned without the IACA" "$W" verify --trust empty-trust --now $NOW mdl.b64
has '"error":"certificate_chain"' "untrusted IACA"
expect 1 "verify IssuerSigned after validUntil" "$W" verify --trust trust --now $((NOW + 2 * 86400)) mdl384.b64
has '"error":"expired"' "expired MSO"

# --- transcripts ---------------------------------------------------------------------------------
J="$V/mdoc/oid4vp/mdoc_session_transcripts.json"
get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d' + sys.argv[2]))" "$J" "$1"; }
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); j=d['verifier_encryption_jwk']; print(json.dumps({k: j[k] for k in ('kty','crv','x','y')}))" "$J" > enc.jwk
expect 0 "transcript oid4vp (B.2.6)" "$W" mdoc transcript --oid4vp \
    --client-id "$(get "['redirect_or_response_uri_flow']['client_id']")" \
    --nonce "$(get "['redirect_or_response_uri_flow']['nonce']")" \
    --response-uri "$(get "['redirect_or_response_uri_flow']['response_uri']")" \
    --jwk-thumbprint "$(get "['jwk_thumbprint_sha256_hex_computed']")"
has "$(get "['redirect_or_response_uri_flow']['SessionTranscript_hex']")" "OpenID4VPHandover transcript"
expect 0 "transcript dc-api with the JWK's thumbprint computed" "$W" mdoc transcript --dc-api \
    --origin "$(get "['dc_api_flow']['origin']")" --nonce "$(get "['dc_api_flow']['nonce']")" \
    --jwk-thumbprint-of enc.jwk
has "$(get "['dc_api_flow']['SessionTranscript_hex']")" "OpenID4VPDCAPIHandover transcript"
AC="$V/mdoc/annex-c/dcapi_session_transcript.json"
EI=$(python3 -c "import json,sys,base64; d=json.load(open(sys.argv[1])); print(base64.urlsafe_b64encode(bytes.fromhex(d['encryption_info_hex'])).decode().rstrip('='))" "$AC")
expect 0 "transcript annex-c" "$W" mdoc transcript --annex-c --encryption-info "$EI" --origin https://example.com
has "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['session_transcript_hex'])" "$AC")" "Annex C transcript"
expect 0 "transcript dc-api-draft24" "$W" mdoc transcript --dc-api-draft24 --origin https://rp.example \
    --client-id web-origin:https://rp.example --nonce n1
has "83f6f682764f70656e4944345650444341504948616e646f7665725820" "draft-24 handover name"
expect 0 "transcript oid4vp-draft18" "$W" mdoc transcript --oid4vp-draft18 --client-id rp.example \
    --response-uri https://rp.example/r --mdoc-nonce m1 --nonce n1
head -c 8 out.txt | grep -q "^83f6f683" && ok || bad "draft-18 transcript shape"
expect 2 "transcript without a handover" "$W" mdoc transcript --nonce n1
expect 2 "transcript oid4vp without --response-uri" "$W" mdoc transcript --oid4vp --client-id c --nonce n
expect 2 "transcript two handovers" "$W" mdoc transcript --oid4vp --dc-api --client-id c --nonce n \
    --response-uri https://r.example --origin https://o.example
expect 2 "transcript bad thumbprint length" "$W" mdoc transcript --oid4vp --client-id c --nonce n \
    --response-uri https://r.example --jwk-thumbprint 00ff
expect 1 "transcript qr with an engagement that is not a map" "$W" mdoc transcript --qr --engagement 80 --reader-key a0

ST=$("$W" mdoc transcript --oid4vp --client-id x509_san_dns:rp.example --nonce n-1 --response-uri https://rp.example/r)
OTHER=$("$W" mdoc transcript --oid4vp --client-id x509_san_dns:rp.example --nonce n-2 --response-uri https://rp.example/r)

# --- present and verify: DeviceSignature ---------------------------------------------------------
expect 0 "present three elements" "$W" present mdoc --holder-key holder.jwk --session-transcript "$ST" \
    --elements org.iso.18013.5.1/given_name,org.iso.18013.5.1/age_over_18,org.iso.18013.5.1/birth_date mdl.b64
cp out.txt resp.b64
expect 0 "verify DeviceResponse" "$W" verify --trust trust --now $NOW --session-transcript "$ST" resp.b64
has '"holder_auth":"device_signature"' "DeviceSignature"
has '"claims":{"org.iso.18013.5.1":{"given_name":"Mai","birth_date":"1990-04-12","age_over_18":true}}' "exactly the disclosed elements"
has '"type":"org.iso.18013.5.1.mDL"' "docType as type"
expect 0 "verify with the tag-24 SessionTranscriptBytes" "$W" verify --trust trust --now $NOW \
    --session-transcript "d818$(python3 -c "import sys; n=len(sys.argv[1])//2; print(('58%02x' % n) if n < 256 else ('59%04x' % n))" "$ST")$ST" resp.b64
expect 0 "verify with the expected docType" "$W" verify --trust trust --now $NOW --session-transcript "$ST" \
    --doctype org.iso.18013.5.1.mDL resp.b64
expect 1 "verify with another docType expected" "$W" verify --trust trust --now $NOW --session-transcript "$ST" \
    --doctype org.iso.23220.photoid.1 resp.b64
has '"error":"wrong_type"' "docType refused"
expect 1 "verify DeviceResponse without a transcript" "$W" verify --trust trust --now $NOW resp.b64
has '"error":"holder_binding"' "no transcript"
expect 1 "verify DeviceResponse for another transcript" "$W" verify --trust trust --now $NOW \
    --session-transcript "$OTHER" resp.b64
has '"error":"mdoc_device_signature"' "replayed response"
expect 2 "verify with a transcript that is not hex" "$W" verify --trust trust --session-transcript xyz resp.b64
python3 - <<'PY'
import base64
raw = bytearray(base64.urlsafe_b64decode(open("resp.b64").read().strip() + "=="))
at = raw.find(b"\x63Mai") + 1
raw[at] = ord("L")
open("tampered.b64", "w").write(base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=") + "\n")
PY
expect 1 "verify tampered element" "$W" verify --trust trust --now $NOW --session-transcript "$ST" tampered.b64
has '"error":"digest_mismatch"' "tampered element"
expect 0 "present everything" "$W" present mdoc --holder-key holder.jwk --session-transcript "$ST" --elements all mdl.b64
cp out.txt all.b64
expect 0 "verify full disclosure" "$W" verify --trust trust --now $NOW --session-transcript "$ST" all.b64
has '"org.example.extra":{"updated_at":"2025-06-01T10:00:00Z"}' "second namespace disclosed"
expect 0 "present an element the credential lacks" "$W" present mdoc --holder-key holder.jwk \
    --session-transcript "$ST" --elements org.iso.18013.5.1/given_name,org.iso.18013.5.1/nickname mdl.b64
cp out.txt missing.b64
expect 0 "verify response with an element error" "$W" verify --trust trust --now $NOW --session-transcript "$ST" missing.b64
has '"claims":{"org.iso.18013.5.1":{"given_name":"Mai"}}' "missing element not invented"
expect 1 "present with another holder key" "$W" present mdoc --holder-key other.jwk --session-transcript "$ST" \
    --elements org.iso.18013.5.1/given_name mdl.b64
expect 2 "present without --session-transcript" "$W" present mdoc --holder-key holder.jwk \
    --elements org.iso.18013.5.1/given_name mdl.b64
expect 2 "present with both --elements and --request" "$W" present mdoc --holder-key holder.jwk \
    --session-transcript "$ST" --elements all --request req.hex mdl.b64
expect 2 "present element without namespace" "$W" present mdoc --holder-key holder.jwk \
    --session-transcript "$ST" --elements given_name mdl.b64
expect 1 "present a malformed transcript" "$W" present mdoc --holder-key holder.jwk \
    --session-transcript a0 --elements all mdl.b64
echo "not-base64url!" > garbage.txt
expect 1 "present a credential that is neither text nor CBOR" "$W" present mdoc --holder-key holder.jwk \
    --session-transcript "$ST" --elements all garbage.txt

# --- present and verify: DeviceMac (the reader's ephemeral key) -----------------------------------
expect 0 "present with DeviceMac" "$W" present mdoc --holder-key holder.jwk --session-transcript "$ST" \
    --reader-key reader.pub.jwk --elements org.iso.18013.5.1/age_over_18 mdl.b64
cp out.txt mac.b64
expect 0 "verify DeviceMac" "$W" verify --trust trust --now $NOW --session-transcript "$ST" --reader-key reader.jwk mac.b64
has '"holder_auth":"device_mac"' "DeviceMac"
expect 1 "verify DeviceMac without the reader key" "$W" verify --trust trust --now $NOW --session-transcript "$ST" mac.b64
expect 1 "verify DeviceMac with another reader key" "$W" verify --trust trust --now $NOW --session-transcript "$ST" \
    --reader-key other.jwk mac.b64
has '"error":"mac"' "wrong reader key"

# --- present for a DeviceRequest ---------------------------------------------------------------------
python3 - <<'PY'
# A minimal DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1), hand-encoded CBOR:
# one DocRequest for the mDL (given_name, nickname) and one for a photo ID.
def head(major, n):
    if n < 24: return bytes([major << 5 | n])
    if n < 256: return bytes([major << 5 | 24, n])
    return bytes([major << 5 | 25]) + n.to_bytes(2, "big")
def enc(v):
    if v is True: return b"\xf5"
    if v is False: return b"\xf4"
    if isinstance(v, str):
        b = v.encode(); return head(3, len(b)) + b
    if isinstance(v, bytes): return head(2, len(v)) + v
    if isinstance(v, list): return head(4, len(v)) + b"".join(enc(x) for x in v)
    if isinstance(v, dict): return head(5, len(v)) + b"".join(enc(k) + enc(x) for k, x in v.items())
    if isinstance(v, tuple): return b"\xd8\x18" + enc(v[1])  # (24, bytes)
def items(doctype, ns, names):
    return {"itemsRequest": (24, enc({"docType": doctype, "nameSpaces": {ns: {n: False for n in names}}}))}
req = {"version": "1.0", "docRequests": [
    items("org.iso.18013.5.1.mDL", "org.iso.18013.5.1", ["given_name", "nickname"]),
    items("org.iso.23220.photoid.1", "org.iso.23220.1", ["family_name"])]}
open("req.hex", "w").write(enc(req).hex() + "\n")
open("bad-req.hex", "w").write(enc({"version": "2.0", "docRequests": []}).hex() + "\n")
PY
expect 0 "present for a DeviceRequest" "$W" present mdoc --holder-key holder.jwk --session-transcript "$ST" \
    --request req.hex mdl.b64
cp out.txt for-request.b64
expect 0 "verify the answer to the DeviceRequest" "$W" verify --trust trust --now $NOW --session-transcript "$ST" for-request.b64
has '"claims":{"org.iso.18013.5.1":{"given_name":"Mai"}}' "requested element only"
expect 1 "present for a malformed DeviceRequest" "$W" present mdoc --holder-key holder.jwk \
    --session-transcript "$ST" --request bad-req.hex mdl.b64

echo "cli mdoc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
