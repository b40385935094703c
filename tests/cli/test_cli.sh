#!/bin/sh
# CLI tests: every subcommand's success path and its error exits.
# usage: test_cli.sh PATH/TO/wallet
set -u
W=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
. "$(dirname "$0")/lib.sh"

# --- help and usage -----------------------------------------------------------
expect 0 "top-level help" "$W" --help
expect 2 "no command" "$W"
expect 2 "unknown command" "$W" frobnicate
for c in "key gen" "key pub" "cert make" "sign jws" "sign cose" "verify" "qr encode" "qr decode"; do
    # shellcheck disable=SC2086
    expect 0 "$c --help" "$W" $c --help
    grep -q usage out.txt && ok || bad "$c --help prints usage"
done
expect 2 "key gen without --alg" "$W" key gen
expect 2 "key gen unknown alg" "$W" key gen --alg HS256
expect 2 "key gen unknown option" "$W" key gen --alg ES256 --bogus

# --- keys -------------------------------------------------------------------------
for alg in ES256 ES384 ES512 EdDSA ES256K; do
    expect 0 "key gen $alg" "$W" key gen --alg "$alg" --out "k-$alg.jwk"
    mode=$(stat -c %a "k-$alg.jwk")
    [ "$mode" = 600 ] && ok || bad "key file mode $mode for $alg"
    grep -q '"d":' "k-$alg.jwk" && ok || bad "private JWK for $alg has d"
    expect 0 "key pub $alg" "$W" key pub "k-$alg.jwk"
    grep -q '"d":' out.txt && bad "public JWK for $alg leaks d" || ok
    cp out.txt "p-$alg.jwk"
done
expect 2 "key pub of a missing file" "$W" key pub does-not-exist.jwk
echo '{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}' > broken.jwk
expect 2 "key pub of a broken JWK" "$W" key pub broken.jwk
grep -q invalid_key err.txt && ok || bad "broken JWK message names invalid_key"

# --- certificates -----------------------------------------------------------------
expect 0 "cert make root" "$W" cert make --key k-ES256.jwk --subject "CN=Root,O=City,C=VN" --out root.pem
grep -q "BEGIN CERTIFICATE" root.pem && ok || bad "root.pem is PEM"
expect 0 "cert make leaf" "$W" cert make --key p-ES384.jwk --ca-key k-ES256.jwk --ca-cert root.pem --subject "CN=Leaf" --san-dns verifier.example --out leaf.pem
expect 0 "cert make iaca" "$W" cert make --key k-ES256.jwk --subject "CN=IACA,C=VN" --iaca --issuer-alt-uri https://iaca.example --out iaca.pem
expect 0 "cert make ds" "$W" cert make --key p-EdDSA.jwk --ca-key k-ES256.jwk --ca-cert iaca.pem --subject "CN=DS,C=VN" --ds --out ds.pem
expect 2 "cert make iaca without country" "$W" cert make --key k-ES256.jwk --subject "CN=IACA" --iaca
expect 2 "cert make ca-key without ca-cert" "$W" cert make --key k-ES256.jwk --ca-key k-ES256.jwk --subject CN=x
expect 1 "cert make self-signed from a public key" "$W" cert make --key p-ES256.jwk --subject CN=x
expect 2 "cert make bad days" "$W" cert make --key k-ES256.jwk --subject CN=x --days 0

# --- sign and verify ----------------------------------------------------------------
mkdir trust
cp p-ES256.jwk p-EdDSA.jwk p-ES256K.jwk trust/
echo '{"iss":"https://issuer.example","exp":4102444800,"nbf":1000000000,"n":1}' > claims.json
expect 0 "sign jws" "$W" sign jws --key k-ES256.jwk --header '{"typ":"JWT"}' claims.json
cp out.txt t.jws
expect 0 "verify jws" "$W" verify --trust trust t.jws
grep -q '"valid":true' out.txt && ok || bad "verify jws prints valid"
grep -q '"issuer":"https://issuer.example"' out.txt && ok || bad "verify jws reports the issuer"
expect 0 "verify jws from stdin" sh -c "\"$W\" verify --trust trust - < t.jws"
expect 1 "verify jws after expiry (--now)" "$W" verify --trust trust --now 4102444900 t.jws
grep -q '"error":"expired"' out.txt && ok || bad "expired JWT reports expired"
expect 1 "verify jws before nbf (--now)" "$W" verify --trust trust --now 999999000 t.jws
grep -q '"error":"not_yet_valid"' out.txt && ok || bad "early JWT reports not_yet_valid"
sed 's/\(.\)$/A/' t.jws > t2.jws
cmp -s t.jws t2.jws && sed 's/\(.\)$/B/' t.jws > t2.jws
expect 1 "verify tampered jws" "$W" verify --trust trust t2.jws
grep -q '"valid":false' out.txt && ok || bad "tampered JWS prints valid:false"
expect 0 "sign jws EdDSA" "$W" sign jws --key k-EdDSA.jwk claims.json
cp out.txt e.jws
expect 0 "verify EdDSA jws" "$W" verify --trust trust e.jws
expect 0 "sign jws ES512 untrusted" "$W" sign jws --key k-ES512.jwk claims.json
cp out.txt u.jws
expect 1 "verify untrusted jws" "$W" verify --trust trust u.jws
grep -q '"error":"key_not_found"' out.txt && ok || bad "untrusted JWS reports key_not_found"
expect 2 "sign jws with alg in --header" "$W" sign jws --key k-ES256.jwk --header '{"alg":"none"}' claims.json
expect 2 "sign jws with --kid" "$W" sign jws --key k-ES256.jwk --kid x claims.json
KID=$(sed -n 's/.*"kid":"\([^"]*\)".*/\1/p' k-ES256K.jwk)
expect 0 "sign cose cwt" "$W" sign cose --cwt --key k-ES256K.jwk --kid "$KID" claims.json
cp out.txt t.cose
expect 0 "verify cose cwt" "$W" verify --trust trust t.cose
grep -q '"format":"cose_sign1"' out.txt && ok || bad "COSE format reported"
grep -q '"n":1' out.txt && ok || bad "CWT claims reported"
expect 0 "sign cose with x5chain" "$W" sign cose --key k-EdDSA.jwk --x5chain ds.pem claims.json
echo "not json" > notjson.txt
expect 1 "sign cose --cwt with non-JSON" "$W" sign cose --cwt --key k-ES256.jwk notjson.txt
echo "hello" > junk.txt
expect 1 "verify unknown format" "$W" verify --trust trust junk.txt
grep -q '"error":"unknown_format"' out.txt && ok || bad "junk reports unknown_format"
expect 2 "verify without --trust" "$W" verify t.jws
expect 2 "verify with missing trust dir" "$W" verify --trust no-such-dir t.jws
expect 2 "verify bad --now" "$W" verify --trust trust --now yesterday t.jws

# --- QR ------------------------------------------------------------------------------
expect 0 "qr encode png" "$W" qr encode --png t.png t.jws
expect 0 "qr decode png" "$W" qr decode t.png
cmp -s out.txt t.jws && ok || bad "QR round trip gives the JWS back"
expect 0 "verify from QR png" "$W" verify --trust trust t.png
expect 0 "qr encode text" "$W" qr encode --text --ecc L t.jws
grep -q "█" out.txt && ok || bad "terminal QR uses block characters"
expect 2 "qr encode bad ecc" "$W" qr encode --ecc Z t.jws
expect 2 "qr encode bad scale" "$W" qr encode --png x.png --scale 0 t.jws
head -c 9000 /dev/zero | tr '\0' 'A' > big.txt
expect 1 "qr encode too much data" "$W" qr encode --png big.png big.txt
expect 1 "qr decode of a non-image" "$W" qr decode claims.json
expect 2 "qr decode without a file" "$W" qr decode

echo "cli: $pass checks passed, $fail failed"
[ "$fail" -eq 0 ]
