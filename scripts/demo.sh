#!/bin/sh
# The end-to-end demo (make demo). At this stage of libwallet: an issuer key,
# a signed JWS (JWT) and a COSE_Sign1 (CWT-style), both verified against a
# trust directory, both rejected after one byte is changed, and the JWS
# carried through a QR code; revocation with a Token Status List; an ISO/IEC
# 18013-5 mobile driving licence issued, presented (three elements,
# DeviceSignature) and verified, a changed element and a replay rejected.
# Everything runs locally in out/demo/.
set -eu
BUILD=${1:-build}
case "$BUILD" in /*) ;; *) BUILD="$(pwd)/$BUILD" ;; esac
W="$BUILD/cli/wallet"
DIR="${WALLET_DEMO_OUT:-$(pwd)/out/demo}"
rm -rf "$DIR"
mkdir -p "$DIR/trust"
cd "$DIR"

step() { printf '\n== %s\n' "$*"; }

step "1. The health department generates its issuer key (ES256, private JWK, mode 0600)"
"$W" key gen --alg ES256 --out issuer.jwk
ls -l issuer.jwk | awk '{print $1, $NF}'
"$W" key pub issuer.jwk > trust/health-department.jwk
echo "public key published to the verifier's trust directory:"
cat trust/health-department.jwk

step "2. It signs a vaccination record as a JWS (a JWT)"
cat > record.json <<'JSON'
{"iss":"https://health.hanoi.example","sub":"citizen-001","iat":1763856000,"exp":4102444800,"vaccine":"MMR","dose":2}
JSON
"$W" sign jws --key issuer.jwk --header '{"typ":"JWT"}' record.json > record.jws
cut -c1-100 record.jws | sed 's/$/.../'

step "3. ...and the same record as a CWT: COSE_Sign1 over CBOR claims (base64url)"
KID=$(sed -n 's/.*"kid":"\([^"]*\)".*/\1/p' issuer.jwk)
"$W" sign cose --cwt --key issuer.jwk --kid "$KID" record.json > record.cose
cut -c1-100 record.cose | sed 's/$/.../'

step "4. A counter verifies both against its trust directory"
"$W" verify --trust trust record.jws
"$W" verify --trust trust record.cose

step "5. One byte of each is changed in transit: both are rejected"
# Change one character inside the JWS payload, and one byte inside the COSE payload.
python3 - <<'PY'
import base64
jws = open("record.jws").read().strip()
h, p, s = jws.split(".")
p = p[:10] + ("A" if p[10] != "A" else "B") + p[11:]
open("tampered.jws", "w").write(".".join([h, p, s]) + "\n")
raw = bytearray(base64.urlsafe_b64decode(open("record.cose").read().strip() + "=="))
raw[len(raw) // 2] ^= 0x01
open("tampered.cose", "w").write(base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=") + "\n")
PY
for f in tampered.jws tampered.cose; do
    if "$W" verify --trust trust "$f"; then
        echo "demo: $f was accepted: this must not happen" >&2
        exit 1
    else
        echo "   -> rejected (exit status $?), as it must be"
    fi
done

step "6. The JWS travels as a QR code (PNG) and is verified straight from the image"
"$W" qr encode --png record.png record.jws
echo "wrote $DIR/record.png ($(wc -c < record.png) bytes)"
"$W" verify --trust trust record.png

step "7. Revocation with a Token Status List, checked offline from a signed snapshot"
SL_URI=https://status.health.hanoi.example/lists/1
"$W" status new --uri "$SL_URI" --out status-list.cbor --random --issuer https://health.hanoi.example
N=$("$W" status alloc --list status-list.cbor | tr -d '[]')
echo "the certificate gets index $N of the list (random, never reused)"
cat > record-sl.json <<JSON
{"iss":"https://health.hanoi.example","sub":"citizen-002","iat":1763856000,"exp":4102444800,"vaccine":"HepB","dose":3,"status":{"status_list":{"idx":$N,"uri":"$SL_URI"}}}
JSON
"$W" sign jws --key issuer.jwk --header '{"typ":"JWT"}' record-sl.json > record-sl.jws
"$W" status token --list status-list.cbor --key issuer.jwk > status-list.jwt
echo "status list token: $(wc -c < status-list.jwt) bytes for 2^20 entries"
"$W" key gen --alg ES256 --out counter.jwk
"$W" status snapshot --trust trust --key counter.jwk --token status-list.jwt --out status-snapshot.cose
echo "the counter goes offline and verifies against its signed snapshot:"
"$W" verify --trust trust --status-snapshot status-snapshot.cose --snapshot-key counter.jwk \
    --max-age 3600 --offline record-sl.jws
echo "the health department revokes index $N and publishes a new token:"
"$W" status set --list status-list.cbor --index "$N" --status revoked
"$W" status token --list status-list.cbor --key issuer.jwk --format cwt --out status-list.cwt
"$W" status snapshot --trust trust --key counter.jwk --token status-list.cwt --out status-snapshot.cose
if "$W" verify --trust trust --status-snapshot status-snapshot.cose --snapshot-key counter.jwk \
    --max-age 3600 --offline record-sl.jws; then
    echo "demo: a revoked certificate was accepted: this must not happen" >&2
    exit 1
else
    echo "   -> rejected as revoked (exit status $?), as it must be"
fi
echo "two hours later the one-hour freshness policy refuses to answer from the snapshot:"
if "$W" verify --trust trust --status-snapshot status-snapshot.cose --snapshot-key counter.jwk \
    --max-age 3600 --offline --now $(( $(date +%s) + 7200 )) record-sl.jws; then
    echo "demo: stale status data was accepted: this must not happen" >&2
    exit 1
else
    echo "   -> refused as stale (exit status $?), as it must be"
fi

step "8. mdoc (ISO/IEC 18013-5): the transport department issues a mobile driving licence"
mkdir -p mdoc/trust
"$W" key gen --alg ES256 --out mdoc/iaca.jwk
"$W" key gen --alg ES256 --out mdoc/ds.jwk
"$W" key gen --alg ES256 --out mdoc/holder.jwk
"$W" key pub mdoc/holder.jwk > mdoc/holder.pub.jwk
"$W" cert make --key mdoc/iaca.jwk --subject "CN=Hanoi Transport IACA,C=VN" --iaca \
    --issuer-alt-uri https://transport.hanoi.example --out mdoc/trust/iaca.pem
"$W" cert make --key mdoc/ds.jwk --ca-key mdoc/iaca.jwk --ca-cert mdoc/trust/iaca.pem \
    --subject "CN=Hanoi Transport DS,C=VN" --ds --days 365 --out mdoc/ds.pem
echo "IACA root (the counter's trust) and document signer certificates made"
cat > mdoc/claims.json <<'JSON'
{"org.iso.18013.5.1": {
  "family_name": "Nguyen", "given_name": "Lan", "birth_date": {"$date": "1994-03-08"},
  "issue_date": {"$date": "2025-01-15"}, "expiry_date": {"$date": "2035-01-14"},
  "issuing_country": "VN", "issuing_authority": "Hanoi Department of Transport",
  "document_number": "HN-0012345", "age_over_18": true,
  "driving_privileges": [{"vehicle_category_code": "B", "issue_date": {"$date": "2025-01-15"}}],
  "un_distinguishing_sign": "VN"}}
JSON
"$W" issue mdoc --key mdoc/ds.jwk --cert mdoc/ds.pem --doctype org.iso.18013.5.1.mDL \
    --claims mdoc/claims.json --holder mdoc/holder.pub.jwk > mdoc/mdl.b64
echo "IssuerSigned (base64url CBOR, $(wc -c < mdoc/mdl.b64) characters): $(cut -c1-60 mdoc/mdl.b64)..."

step "9. A rental agency asks for three elements (OpenID4VP 1.0); the phone answers with a DeviceSignature"
ST=$("$W" mdoc transcript --oid4vp --client-id x509_san_dns:rent.hanoi.example \
    --nonce "$(date +%s)-demo" --response-uri https://rent.hanoi.example/response)
echo "SessionTranscript: $(printf %s "$ST" | cut -c1-60)..."
"$W" present mdoc --holder-key mdoc/holder.jwk --session-transcript "$ST" \
    --elements org.iso.18013.5.1/given_name,org.iso.18013.5.1/age_over_18,org.iso.18013.5.1/driving_privileges \
    mdoc/mdl.b64 > mdoc/response.b64
echo "DeviceResponse: $(wc -c < mdoc/response.b64) characters"

step "10. The agency verifies it against the IACA, for its own transcript"
"$W" verify --trust mdoc/trust --session-transcript "$ST" mdoc/response.b64

step "11. A disclosed element is changed (Lan -> Lam): the digest no longer matches the MSO"
python3 - <<'PY'
import base64
raw = bytearray(base64.urlsafe_b64decode(open("mdoc/response.b64").read().strip() + "=="))
at = raw.find(b"\x63Lan") + 1  # the text string "Lan" (head 0x63)
raw[at + 2] = ord("m")
open("mdoc/tampered.b64", "w").write(base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=") + "\n")
PY
if "$W" verify --trust mdoc/trust --session-transcript "$ST" mdoc/tampered.b64; then
    echo "demo: the tampered mDL was accepted: this must not happen" >&2
    exit 1
else
    echo "   -> rejected (exit status $?), as it must be"
fi
OTHER=$("$W" mdoc transcript --oid4vp --client-id x509_san_dns:other.example \
    --nonce replayed --response-uri https://other.example/response)
if "$W" verify --trust mdoc/trust --session-transcript "$OTHER" mdoc/response.b64; then
    echo "demo: the replayed mDL was accepted: this must not happen" >&2
    exit 1
else
    echo "   -> replayed to another verifier: rejected (exit status $?), as it must be"
fi

printf '\nDemo complete: files are in %s\n' "$DIR"
