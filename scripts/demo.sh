#!/bin/sh
# The end-to-end demo (make demo). At this stage of libwallet: an issuer key,
# a signed JWS (JWT) and a COSE_Sign1 (CWT-style), both verified against a
# trust directory, both rejected after one byte is changed, and the JWS
# carried through a QR code. Everything runs locally in out/demo/.
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

step "7. The citizen keeps both in an encrypted wallet store (PIN from the environment)"
export DEMO_PIN=482915 DEMO_BACKUP_PASS="orchid lantern seven rivers"
S="$W --store $DIR/wallet/store.db"
$S store init --pin-env DEMO_PIN
$S store add --trust trust --pin-env DEMO_PIN record.jws
$S store add --trust trust --pin-env DEMO_PIN record.cose
echo "the store's files (the database holds no readable claim):"
ls -l "$DIR/wallet" | awk 'NR > 1 {print "  " $1, $NF}'
if grep -q MMR "$DIR/wallet/store.db"; then
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

step "8. It backs the store up under a separate passphrase and restores it as a second store"
$S store backup --out wallet.backup --pin-env DEMO_PIN --backup-pin-env DEMO_BACKUP_PASS
$W --store "$DIR/wallet2/store.db" store restore wallet.backup --backup-pin-env DEMO_BACKUP_PASS --new-pin-env DEMO_PIN
$W --store "$DIR/wallet2/store.db" store list --pin-env DEMO_PIN | python3 -c "import json,sys; print('restored store holds', len(json.load(sys.stdin)), 'credentials')"

printf '\nDemo complete: files are in %s\n' "$DIR"
