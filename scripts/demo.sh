#!/bin/sh
# The end-to-end demo (make demo). At this stage of libwallet: an issuer key,
# a signed JWS (JWT) and a COSE_Sign1 (CWT-style), both verified against a
# trust directory, both rejected after one byte is changed, and the JWS
# carried through a QR code; a certificate revoked through a Token Status
# List and checked offline; then an SD-JWT VC issued, presented with only two
# claims and a key-binding JWT, verified, and rejected once tampered; an EU
# DCC-format HC1 vaccination QR code issued, verified and expired; an ISO/IEC
# 18013-5 mobile driving licence issued, presented (three elements,
# DeviceSignature) and verified, a changed element and a replay rejected;
# the JWS and CWT kept in an encrypted store, backed up and restored; and
# wallet-verifier asked over OpenID4VP 1.0 (a plain request and a payment),
# answered by `wallet respond` from the store, left running with its counter page.
# Everything runs locally in out/demo/.
set -eu
BUILD=${1:-build}
case "$BUILD" in /*) ;; *) BUILD="$(pwd)/$BUILD" ;; esac
W="$BUILD/cli/wallet"
HERE=$(cd "$(dirname "$0")" && pwd)
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

step "8. SD-JWT VC: the city registry issues a citizen record bound to the citizen's key"
"$W" key gen --alg ES256 --out registry.jwk
"$W" key pub registry.jwk > trust/city-registry.jwk
"$W" key gen --alg EdDSA --out citizen.jwk
"$W" key pub citizen.jwk > citizen.pub
cat > citizen.json <<'JSON'
{"given_name":"Minh Anh","family_name":"Tran","birthdate":"1990-04-12","is_over_18":true,
 "nationality":"VN","address":{"street_address":"12 Trang Tien","locality":"Hoan Kiem","country":"VN"}}
JSON
"$W" issue sdjwt --key registry.jwk --claims citizen.json \
    --sd given_name,family_name,birthdate,is_over_18,nationality,address,address.street_address,address.locality \
    --decoys 2 --holder citizen.pub --iss https://registry.hanoi.example \
    --vct https://hanoi.example/credentials/citizen --valid-days 365 > citizen.sdjwt
echo "issued with $(( $(tr -cd '~' < citizen.sdjwt | wc -c) - 1 )) Disclosures; what the citizen can disclose:"
"$W" present sdjwt --list citizen.sdjwt

step "9. At a counter: only 'over 18' and the district, with a key-binding JWT for this counter and request"
NONCE=$(date +%s)-demo
"$W" present sdjwt --holder-key citizen.jwk --disclose is_over_18,address.locality \
    --aud https://counter.hoankiem.example --nonce "$NONCE" citizen.sdjwt > citizen-presentation.txt
"$W" verify --trust trust --aud https://counter.hoankiem.example --nonce "$NONCE" citizen-presentation.txt

step "10. A changed Disclosure (the district swapped) is rejected"
python3 - <<'PY'
import base64, json
t = open("citizen-presentation.txt").read().strip()
parts = t.split("~")
for i in range(1, len(parts) - 1):
    raw = base64.urlsafe_b64decode(parts[i] + "=" * (-len(parts[i]) % 4))
    d = json.loads(raw)
    if len(d) == 3 and d[1] == "locality":
        d[2] = "Ba Dinh"
        parts[i] = base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
open("citizen-tampered.txt", "w").write("~".join(parts) + "\n")
PY
if "$W" verify --trust trust --aud https://counter.hoankiem.example --nonce "$NONCE" citizen-tampered.txt; then
    echo "demo: a tampered SD-JWT presentation was accepted: this must not happen" >&2
    exit 1
else
    echo "   -> rejected (exit status $?), as it must be"
fi

step "11. HC1: the health department issues a vaccination certificate as an offline QR code"
# A country signing CA, and under it a document signer restricted to vaccinations (DCC EKU).
"$W" key gen --alg ES256 --out csca.jwk
"$W" key gen --alg ES256 --out dsc.jwk
"$W" cert make --key csca.jwk --subject "CN=CSCA,O=Hanoi Department of Health,C=VN" --days 3650 --out csca.pem
"$W" cert make --key dsc.jwk --ca-key csca.jwk --ca-cert csca.pem \
    --subject "CN=DSC vaccinations 1,O=Hanoi Department of Health,C=VN" \
    --eku 1.3.6.1.4.1.1847.2021.1.2 --days 730 --out dsc.pem
cp dsc.pem trust/hanoi-dsc-1.pem
cat > vaccination.json <<'JSON'
{"ver":"1.3.0","nam":{"fn":"Nguyễn","fnt":"NGUYEN","gn":"Văn An","gnt":"VAN<AN"},"dob":"1990-04-12",
 "v":[{"tg":"14189004","vp":"871831003","mp":"M-M-R II","ma":"Merck Sharp & Dohme","dn":1,"sd":2,
       "dt":"2025-11-02","co":"VN","is":"Hanoi Department of Health","ci":"URN:UVCI:01:VN:HN000123#4"}]}
JSON
"$W" issue hc1 --key dsc.jwk --cert dsc.pem --claims vaccination.json --days 30 --qr vaccination.png > vaccination.hc1
cut -c1-100 vaccination.hc1 | sed 's/$/.../'
echo "wrote $DIR/vaccination.png ($(wc -c < vaccination.png) bytes, $(wc -c < vaccination.hc1) characters of HC1)"

step "12. A counter scans the QR picture and verifies it offline against its trusted signers"
"$W" verify --trust trust vaccination.png

step "13. Six weeks later the same QR code has expired (the counter's clock pinned with --now)"
LATER=$(( $(date +%s) + 42 * 86400 ))
if "$W" verify --trust trust --now "$LATER" vaccination.png; then
    echo "demo: an expired HC1 was accepted: this must not happen" >&2
    exit 1
else
    echo "   -> rejected (exit status $?), as it must be"
fi

step "14. mdoc (ISO/IEC 18013-5): the transport department issues a mobile driving licence"
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

step "15. A rental agency asks for three elements (OpenID4VP 1.0); the phone answers with a DeviceSignature"
ST=$("$W" mdoc transcript --oid4vp --client-id x509_san_dns:rent.hanoi.example \
    --nonce "$(date +%s)-demo" --response-uri https://rent.hanoi.example/response)
echo "SessionTranscript: $(printf %s "$ST" | cut -c1-60)..."
"$W" present mdoc --holder-key mdoc/holder.jwk --session-transcript "$ST" \
    --elements org.iso.18013.5.1/given_name,org.iso.18013.5.1/age_over_18,org.iso.18013.5.1/driving_privileges \
    mdoc/mdl.b64 > mdoc/response.b64
echo "DeviceResponse: $(wc -c < mdoc/response.b64) characters"

step "16. The agency verifies it against the IACA, for its own transcript"
"$W" verify --trust mdoc/trust --session-transcript "$ST" mdoc/response.b64

step "17. A disclosed element is changed (Lan -> Lam): the digest no longer matches the MSO"
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

step "18. The citizen keeps both in an encrypted wallet store (PIN from the environment)"
export DEMO_PIN=482915 DEMO_BACKUP_PASS="orchid lantern seven rivers"
S="$W --store $DIR/wallet/store.db"
$S store init --pin-env DEMO_PIN
$S store add --trust trust --pin-env DEMO_PIN record.jws
$S store add --trust trust --pin-env DEMO_PIN record.cose
echo "the store's files (the database holds no readable claim):"
ls -l "$DIR/wallet" | awk 'NR > 1 {print "  " $1, $NF}'
# (a long claim value: three random ciphertext bytes could spell "MMR" by chance)
if grep -q -e citizen-001 -e health.hanoi.example "$DIR/wallet/store.db"; then
    echo "demo: a claim is readable in the store file: this must not happen" >&2
    exit 1
fi
echo "list (metadata only, nothing decoded):"
$S store list --pin-env DEMO_PIN
ID=$($S store list --pin-env DEMO_PIN | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['id'])")
echo "show $ID (claims decoded):"
$S store show "$ID" --pin-env DEMO_PIN | python3 -c "import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ('id','format','issuer','valid','claims')}))"
export DEMO_WRONG=000000
if $S store list --pin-env DEMO_WRONG >/dev/null; then
    echo "demo: a wrong PIN opened the store: this must not happen" >&2
    exit 1
else
    echo "   -> a wrong PIN is refused (and counted), as it must be"
fi

step "19. It backs the store up under a separate passphrase and restores it as a second store"
$S store backup --out wallet.backup --pin-env DEMO_PIN --backup-pin-env DEMO_BACKUP_PASS
$W --store "$DIR/wallet2/store.db" store restore wallet.backup --backup-pin-env DEMO_BACKUP_PASS --new-pin-env DEMO_PIN
$W --store "$DIR/wallet2/store.db" store list --pin-env DEMO_PIN | python3 -c "import json,sys; print('restored store holds', len(json.load(sys.stdin)), 'credentials')"

step "20. An agency back end in Python (bindings/python) verifies the same records"
ROOT=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$BUILD/CMakeCache.txt")
# A sanitizer build of libwallet.so (make sanitize runs this demo too) needs
# its runtimes loaded first into the uninstrumented interpreter, whose own
# allocations are not leak-checked.
PRELOAD=$(ldd "$BUILD/libwallet/libwallet.so" | awk '/lib(asan|ubsan)\.so/ {printf "%s%s", sep, $3; sep=":"}')
LD_PRELOAD="$PRELOAD" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
LIBWALLET_PATH="$BUILD/libwallet/libwallet.so" PYTHONPATH="$ROOT/bindings/python" \
/usr/bin/python3 - <<'PY'
from libwallet import Trust, verify
trust = Trust(directory="trust")
for name in ("record.jws", "record.cose"):
    r = verify(open(name, "rb").read().strip(), trust)
    print(f"{name}: valid={r.valid} format={r.format} vaccine={r.claims['vaccine']}")
data = bytearray(open("record.jws", "rb").read().strip())
data[-5] ^= 1
r = verify(bytes(data), trust)
print(f"one byte changed: valid={r.valid} error={r.error_name} ({int(r.error)})")
assert not r.valid
PY

step "21. The issuer service (wallet-issuer) on loopback: an agency makes a credential offer"
# Embedded SQLCipher storage; keys, IACA and document signer made at first start.
ISS="$BUILD/issuer-service/wallet-issuer"
ISSDIR="$DIR/issuer"
mkdir -p "$ISSDIR/keys"
ISSPORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()")
AGENCY_TOKEN="wk_demo_health_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
AGENCY_SHA=$(printf %s "$AGENCY_TOKEN" | sha256sum | cut -d' ' -f1)
printf '%s\n' "$AGENCY_TOKEN" > "$ISSDIR/agency-api-key.txt"
chmod 600 "$ISSDIR/agency-api-key.txt"
# the source tree this build came from (the demo has changed directory by now)
TOP=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$BUILD/CMakeCache.txt")
cat > "$ISSDIR/issuer.json" <<EOF
{
  "public_url": "http://127.0.0.1:$ISSPORT",
  "listen": {"address": "127.0.0.1", "port": $ISSPORT},
  "types_file": "$TOP/issuer-service/data/types.json",
  "storage": {"path": "issuer.db", "key_file": "storage.key"},
  "keys": {"issuer_key_file": "keys/issuer.key.pem", "iaca_key_file": "keys/iaca.key.pem",
           "iaca_cert": "keys/iaca.pem", "ds_key_file": "keys/ds.key.pem", "ds_cert": "keys/ds.pem",
           "hc1_key_file": "keys/hc1.key.pem", "hc1_cert": "keys/hc1.pem"},
  "issuer": {"api_keys": [{"id": "health-dept", "name": "Sở Y tế Hà Nội", "sha256": "$AGENCY_SHA",
                           "scopes": ["health_book", "citizen_identity", "hc1"]}]},
  "access_log": {"path": "access.log"}
}
EOF
"$ISS" --config "$ISSDIR/issuer.json" >"$ISSDIR/server.log" 2>&1 </dev/null &
ISSPID=$!
echo "$ISSPID" > "$ISSDIR/issuer.pid"
# Under test (WALLET_DEMO_STOP=1) the services never outlive the script,
# whether it ends well or not.
if [ "${WALLET_DEMO_STOP:-0}" = 1 ]; then
    trap 'for f in "$DIR/issuer/issuer.pid" "$DIR/verifier/verifier.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done' EXIT
fi
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$ISSPORT/healthz" >/dev/null && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$ISSPORT/healthz"; echo
echo "credential configurations offered:"
curl -sf "http://127.0.0.1:$ISSPORT/.well-known/openid-credential-issuer" |
    python3 -c "import json,sys; m=json.load(sys.stdin); [print('  ', k, '-', v['format'], '-', v['credential_metadata']['display'][0]['name']) for k, v in m['credential_configurations_supported'].items()]"
curl -sf -X POST "http://127.0.0.1:$ISSPORT/admin/offers" \
    -H "Authorization: Bearer $AGENCY_TOKEN" -H 'Content-Type: application/json' \
    -d '{"record_id": "citizen-001099012345",
         "credentials": {"health_book": {"national_id": "001099012345", "family_name": "Nguyễn",
                                         "given_name": "Văn An", "birthdate": "1990-01-02",
                                         "blood_type": "O+"},
                         "citizen_identity": {"national_id": "001099012345", "family_name": "Nguyễn",
                                              "given_name": "Văn An", "birthdate": "1990-01-02"}}}' \
    > "$ISSDIR/offer.json"
python3 -c "
import base64, json, sys
o = json.load(open(sys.argv[1] + '/offer.json'))
open(sys.argv[1] + '/offer.png', 'wb').write(base64.b64decode(o['qr_png']))
print('offer URI (QR code in issuer/offer.png):', o['credential_offer_uri'])
print('tx_code, delivered to the citizen separately (SMS):', o['tx_code'])
" "$ISSDIR"
echo "the offer, fetched by reference as a wallet does:"
curl -sf "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['offer_url'])" "$ISSDIR/offer.json")"; echo

step "22. The citizen's wallet receives both credentials over OpenID4VCI into a fresh store"
# wallet receive: offer by reference, issuer and authorization server metadata,
# the tx_code from the SMS, a nonce, a proof per new holder key; each credential
# verified (the issuer trusted by its identifier: keys from its
# /.well-known/jwt-vc-issuer) and stored linked to its key.
OFFER_URI=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['credential_offer_uri'])" "$ISSDIR/offer.json")
TX_CODE=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['tx_code'])" "$ISSDIR/offer.json")
mkdir -p "$DIR/wallet3"
$W --store "$DIR/wallet3/store.db" store init --pin-env DEMO_PIN --kdf-cost 12
# the wallet scans the offer's QR code (the PNG the agency API returned)
$W --store "$DIR/wallet3/store.db" receive "$ISSDIR/offer.png" --tx-code "$TX_CODE" --pin-env DEMO_PIN
$W --store "$DIR/wallet3/store.db" store list --pin-env DEMO_PIN | python3 -c "
import json, sys
for c in json.load(sys.stdin):
    print('  received:', c['type'], '-', c['format'], '- valid' if c['valid'] else '- INVALID', '- holder key', c['holder_key'])"
if $W --store "$DIR/wallet3/store.db" receive "$OFFER_URI" --tx-code "$TX_CODE" --pin-env DEMO_PIN 2>/dev/null; then
    echo "demo: an offer was redeemed twice: this must not happen" >&2
    exit 1
fi
echo "the same offer a second time: refused (single-use code)"
# The verifier will trust this issuer: its JWK Set, as published for SD-JWT VC.
curl -sf "http://127.0.0.1:$ISSPORT/.well-known/jwt-vc-issuer" |
    python3 -c "import json,sys; json.dump(json.load(sys.stdin)['jwks'], sys.stdout)" > trust/issuer-service.json

step "23. verifier-service: relying parties ask the wallet over OpenID4VP 1.0 (loopback, encrypted storage)"
V="$BUILD/verifier-service/wallet-verifier"
mkdir -p verifier
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RP_TOKEN=wk_$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
RP_HASH=$(printf %s "$RP_TOKEN" | sha256sum | cut -d' ' -f1)
cat > verifier/verifier.json <<JSON
{"listen": {"address": "127.0.0.1", "port": $PORT},
 "storage": {"path": "verifier.db", "key_file": "storage.key"},
 "access_log": {"path": "access.log"},
 "verifier": {"public_url": "http://localhost:$PORT"},
 "trust": {"dir": "../trust"}, "status": {"mode": "off"},
 "relying_parties": [{"id": "counter-hoankiem", "name": {"vi": "Quầy Hoàn Kiếm", "en": "Hoan Kiem counter"},
   "purpose": {"vi": "Kiểm tra danh tính", "en": "Identity check"}, "api_key_sha256": "$RP_HASH",
   "credentials": [{"format": "dc+sd-jwt", "types": ["https://hanoi.example/credentials/citizen"],
                    "claims": [["given_name"], ["family_name"], ["is_over_18"]]},
                   {"format": "dc+sd-jwt", "types": ["urn:vn:hanoi:citizen_identity:1"],
                    "claims": [["given_name"], ["family_name"], ["birthdate"]]}]}]}
JSON
if command -v setsid >/dev/null 2>&1; then SETSID=setsid; else SETSID=; fi
$SETSID "$V" --config verifier/verifier.json > verifier/verifier.log 2>&1 < /dev/null &
echo $! > verifier/verifier.pid
for i in $(seq 1 100); do
    python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" 2>/dev/null && break
    sleep 0.1
done
python3 "$HERE/demo_verifier.py" "$W" "http://127.0.0.1:$PORT" "$RP_TOKEN" citizen.jwk citizen.sdjwt || {
    kill "$(cat verifier/verifier.pid)"; exit 1; }
printf '%s\n' "$RP_TOKEN" > verifier/counter-api-key.txt
chmod 600 verifier/counter-api-key.txt

step "24. The citizen's phone answers by itself: \`wallet respond\` fetches and checks the request, asks, presents from the store"
# The phone trusts the verifier's request-signing certificate (made by
# wallet-verifier at first start; in production a CA root would be here).
mkdir -p phone-trust
cp verifier/request-signing.pem phone-trust/verifier.pem
# A holder key made inside the encrypted store, and a citizen record issued to it.
$S store keygen --pin-env DEMO_PIN | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["public_jwk"]))' > phone-holder.pub
"$W" issue sdjwt --key registry.jwk --claims citizen.json --sd-all --holder phone-holder.pub \
    --iss https://registry.hanoi.example --vct https://hanoi.example/credentials/citizen --valid-days 365 > phone-citizen.sdjwt
$S store add --trust trust --pin-env DEMO_PIN phone-citizen.sdjwt
rp() { # rp create JSON | rp result ID
    python3 - "$PORT" "$RP_TOKEN" "$@" <<'PY'
import json, sys, urllib.request
port, token, what, arg = sys.argv[1:5]
base = f"http://127.0.0.1:{port}"
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
if what == "create":
    r = urllib.request.urlopen(urllib.request.Request(base + "/v1/presentations", data=arg.encode(), headers=h), timeout=10)
    d = json.load(r)
    print(d["id"], d["deep_link"])
else:
    d = json.load(urllib.request.urlopen(urllib.request.Request(base + "/v1/presentations/" + arg, headers=h), timeout=10))
    print("relying party reads:", json.dumps({k: d.get(k) for k in ("status", "response_mode", "credentials")}, ensure_ascii=False))
    sys.exit(0 if d["status"] == "verified" else 1)
PY
}
QUERY='{"credentials":[{"id":"citizen","format":"dc+sd-jwt","meta":{"vct_values":["https://hanoi.example/credentials/citizen"]},"claims":[{"path":["given_name"]},{"path":["family_name"]}]}]}'
for REQ in "{\"dcql_query\": $QUERY, \"response_mode\": \"direct_post.jwt\"}" \
           "{\"dcql_query\": $QUERY, \"response_mode\": \"direct_post\", \"transaction_data\": [{\"type\": \"payment\", \"credential_ids\": [\"citizen\"], \"amount\": \"150000\", \"currency\": \"VND\", \"payee\": \"Pho 24\", \"reference\": \"ORDER-2026-0043\"}]}"; do
    set -- $(rp create "$REQ")
    echo "-- the counter shows a QR code holding: $(printf %s "$2" | cut -c1-90)..."
    $S respond "$2" --yes --trust phone-trust --pin-env DEMO_PIN > respond.json
    python3 -c 'import json,sys; d=json.load(open("respond.json")); print("the phone sent:", json.dumps(d["presented"], ensure_ascii=False))'
    rp result "$1"
done
echo "-- and the identity record the wallet received from wallet-issuer in step 22:"
W3="$W --store $DIR/wallet3/store.db"
QUERY3='{"credentials":[{"id":"identity","format":"dc+sd-jwt","meta":{"vct_values":["urn:vn:hanoi:citizen_identity:1"]},"claims":[{"path":["given_name"]},{"path":["family_name"]}]}]}'
set -- $(rp create "{\"dcql_query\": $QUERY3, \"response_mode\": \"direct_post.jwt\"}")
$W3 respond "$2" --yes --trust phone-trust --pin-env DEMO_PIN > respond3.json
python3 -c 'import json,sys; d=json.load(open("respond3.json")); print("the phone sent:", json.dumps(d["presented"], ensure_ascii=False))'
rp result "$1"
echo "the phone's consent log:"
$S store log --pin-env DEMO_PIN | python3 -c 'import json,sys; [print("  ", e["verifier"], "|", e["purpose"], "|", json.dumps(e["claims"]), "| payment hash" if e["transaction_data_hash"] else "") for e in json.load(sys.stdin)]'

if [ "${WALLET_DEMO_STOP:-0}" = 1 ]; then
    kill "$(cat verifier/verifier.pid)" "$ISSPID"
    rm -f verifier/verifier.pid "$ISSDIR/issuer.pid"
    echo "issuer and verifier stopped (WALLET_DEMO_STOP=1)"
else
    echo "wallet-issuer keeps running (pid $ISSPID): http://127.0.0.1:$ISSPORT/.well-known/openid-credential-issuer"
    echo "  agency API key in $ISSDIR/agency-api-key.txt; stop it with: kill \$(cat $ISSDIR/issuer.pid)"
    echo "wallet-verifier keeps running (pid $(cat verifier/verifier.pid)):"
    echo "  counter page: http://127.0.0.1:$PORT/counter  (API key in $DIR/verifier/counter-api-key.txt)"
    echo "  stop it with: kill \$(cat $DIR/verifier/verifier.pid)"
fi

printf '\nDemo complete: files are in %s\n' "$DIR"
