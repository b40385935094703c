#!/bin/sh
# CLI tests for HC1 health certificates: `wallet issue hc1` (with --cert or
# --kid, QR PNG) and `wallet verify` of HC1 text and pictures, with the exit
# status and error of each refusal.
# usage: test_cli_hcert.sh PATH/TO/wallet
set -u
W=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
. "$(dirname "$0")/lib.sh"

# has FILE TEXT DESCRIPTION
has() { grep -q -- "$2" "$1" && ok || bad "$3 (no \"$2\" in $1: $(head -c 200 "$1"))"; }

# The DCC kid of a PEM certificate: base64 of the first 8 bytes of SHA-256(DER).
kid_of() {
    python3 -c 'import base64,hashlib,re,sys
pem = open(sys.argv[1]).read()
der = base64.b64decode("".join(re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END", pem, re.S).group(1).split()))
print(base64.b64encode(hashlib.sha256(der).digest()[:8]).decode())' "$1"
}

# --- usage ----------------------------------------------------------------------
expect 0 "issue hc1 --help" "$W" issue hc1 --help
has out.txt "usage: wallet issue hc1" "issue hc1 --help prints usage"
expect 0 "issue --help" "$W" issue --help
expect 2 "issue without a format" "$W" issue
expect 2 "issue unknown format" "$W" issue vc
expect 2 "issue hc1 without options" "$W" issue hc1

# --- a country signing CA and document signers ------------------------------------
"$W" key gen --alg ES256 --out csca.jwk
"$W" key gen --alg ES256 --out dsc.jwk
"$W" key gen --alg ES256 --out other.jwk
"$W" key gen --alg EdDSA --out ed.jwk
"$W" cert make --key csca.jwk --subject "CN=CSCA HC1,O=Hanoi DoH,C=VN" --out csca.pem
expect 0 "cert make DSC (any kind)" "$W" cert make --key dsc.jwk --ca-key csca.jwk --ca-cert csca.pem \
    --subject "CN=DSC any,O=Hanoi DoH,C=VN" --out dsc.pem
expect 0 "cert make DSC (tests only, --eku)" "$W" cert make --key dsc.jwk --ca-key csca.jwk \
    --ca-cert csca.pem --subject "CN=DSC tests,O=Hanoi DoH,C=VN" --eku 1.3.6.1.4.1.1847.2021.1.1 \
    --out dsc-test.pem
expect 2 "cert make with a malformed --eku" "$W" cert make --key dsc.jwk --subject CN=x --eku not-an-oid
mkdir trust empty-trust
cp dsc.pem dsc-test.pem trust/
cp csca.pem empty-trust/

cat > vacc.json <<'JSON'
{"ver":"1.3.0","nam":{"fn":"Nguyễn","fnt":"NGUYEN","gn":"Văn An","gnt":"VAN<AN"},"dob":"1990-04-12",
 "v":[{"tg":"840539006","vp":"1119349007","mp":"EU/1/20/1528","ma":"ORG-100030215","dn":2,"sd":2,
       "dt":"2025-11-02","co":"VN","is":"Hanoi Department of Health","ci":"URN:UVCI:01:VN:HN000123#4"}]}
JSON
cat > test.json <<'JSON'
{"ver":"1.3.0","nam":{"fn":"Tran","fnt":"TRAN","gn":"Minh","gnt":"MINH"},"dob":"1985-01-30",
 "t":[{"tg":"840539006","tt":"LP6464-4","sc":"2025-12-30T08:00:00Z","tr":"260415000",
       "tc":"Bach Mai Hospital","co":"VN","is":"Hanoi Department of Health","ci":"URN:UVCI:01:VN:HN000124#2"}]}
JSON

# --- issue and verify ----------------------------------------------------------------
expect 0 "issue hc1 with --cert and --qr" "$W" issue hc1 --key dsc.jwk --cert dsc.pem --claims vacc.json --days 30 --qr vacc.png
cp out.txt vacc.hc1
has vacc.hc1 "^HC1:" "issued text starts with HC1:"
[ -s vacc.png ] && ok || bad "QR PNG written"
expect 0 "qr decode of the issued picture" "$W" qr decode vacc.png
cmp -s out.txt vacc.hc1 && ok || bad "the picture holds the HC1 string"
expect 0 "verify HC1 text" "$W" verify --trust trust vacc.hc1
has out.txt '"valid":true' "valid result"
has out.txt '"format":"hc1"' "format hc1"
has out.txt '"type":"vaccination"' "type vaccination"
has out.txt '"issuer":"VN"' "issuer from the certificate's C="
has out.txt '"fn":"Nguyễn"' "claims are the health payload"
expect 0 "verify HC1 picture" "$W" verify --trust trust vacc.png
has out.txt '"type":"vaccination"' "picture: type vaccination"
expect 0 "verify HC1 from stdin" sh -c "\"$W\" verify --trust trust - < vacc.hc1"

# Times relative to the certificates, which start now and last a year.
NOW=$(date +%s)
IAT=$((NOW + 60)); EXP=$((NOW + 30 * 86400))
KID=$(kid_of dsc.pem)
expect 0 "issue hc1 with --kid (standard base64)" "$W" issue hc1 --key dsc.jwk --kid "$KID" --claims test.json --iss VN --iat "$IAT" --exp "$EXP"
cp out.txt test.hc1
expect 0 "verify the --kid HC1 at a pinned time" "$W" verify --trust trust --now $((NOW + 3600)) test.hc1
has out.txt '"type":"test"' "type test"
has out.txt "\"iat\":$IAT" "iat as given"
has out.txt "\"exp\":$EXP" "exp as given"
KIDU=$(echo "$KID" | tr '+/' '-_' | tr -d '=')
expect 0 "issue hc1 with --kid (base64url) and --now" "$W" issue hc1 --key dsc.jwk --kid "$KIDU" --claims test.json --now $((NOW + 7200)) --days 2
cp out.txt later.hc1

# --- refusals ----------------------------------------------------------------------------
expect 1 "expired (pinned --now past exp)" "$W" verify --trust trust --now $((EXP + 86400)) test.hc1
has out.txt '"error":"expired"' "expired error"
expect 1 "issued in the future (iat from --now)" "$W" verify --trust trust --now $((NOW + 3600)) later.hc1
has out.txt '"error":"not_yet_valid"' "not_yet_valid error"
expect 1 "signer certificate expired" "$W" verify --trust trust --now $((NOW + 400 * 86400)) test.hc1
has out.txt '"error":"certificate_expired"' "certificate_expired error"
sed 's/^HC1:/HC2:/' vacc.hc1 > hc2.txt
expect 1 "wrong prefix" "$W" verify --trust trust hc2.txt
has out.txt '"error":"bad_hc1_prefix"' "prefix error"
sed 's/^HC1:\(.\)/HC1:\1a/' vacc.hc1 > b45.txt
expect 1 "bad Base45" "$W" verify --trust trust b45.txt
has out.txt '"error":"bad_base45"' "Base45 error"
expect 1 "unknown kid" "$W" verify --trust empty-trust vacc.hc1
has out.txt '"error":"key_not_found"' "key_not_found error"
expect 0 "issue with another key under the DSC's kid" "$W" issue hc1 --key other.jwk --kid "$KID" --claims vacc.json
cp out.txt forged.hc1
expect 1 "signature by another key" "$W" verify --trust trust forged.hc1
has out.txt '"error":"signature"' "signature error"
expect 1 "issue: --cert refuses a kind its key usage does not allow" "$W" issue hc1 --key dsc.jwk --cert dsc-test.pem --claims vacc.json
has err.txt "key_usage" "issue key_usage message"
KIDT=$(kid_of dsc-test.pem)
expect 0 "issue under a tests-only kid (no certificate check)" "$W" issue hc1 --key dsc.jwk --kid "$KIDT" --claims vacc.json
cp out.txt misuse.hc1
expect 1 "key usage violation" "$W" verify --trust trust misuse.hc1
has out.txt '"error":"key_usage"' "key_usage error"
expect 2 "issue: key is not the certificate's" "$W" issue hc1 --key other.jwk --cert dsc.pem --claims vacc.json
has err.txt "not the certificate's key" "key/certificate mismatch message"
expect 1 "issue: EdDSA is not an HC1 algorithm" "$W" issue hc1 --key ed.jwk --kid "$KID" --claims vacc.json
has err.txt "algorithm_not_allowed" "EdDSA refused"
expect 2 "issue: --kid and --cert together" "$W" issue hc1 --key dsc.jwk --kid "$KID" --cert dsc.pem --claims vacc.json
expect 2 "issue: --kid of 7 bytes" "$W" issue hc1 --key dsc.jwk --kid AAAAAAAAAA== --claims vacc.json
expect 2 "issue: --exp and --days together" "$W" issue hc1 --key dsc.jwk --kid "$KID" --claims vacc.json --exp 5 --days 3
expect 2 "issue: exp before iat" "$W" issue hc1 --key dsc.jwk --kid "$KID" --claims vacc.json --iat 100 --exp 50
expect 2 "issue: missing claims file" "$W" issue hc1 --key dsc.jwk --kid "$KID" --claims nope.json
echo '{"ver":"1.3.0","nam":{"fn":"X"},"dob":"2000-01-01"}' > nokind.json
expect 1 "issue: payload of no known kind" "$W" issue hc1 --key dsc.jwk --kid "$KID" --claims nokind.json
has err.txt "bad_hc1_payload" "payload error"
echo '{"v":[{}]' > broken.json
expect 1 "issue: payload not JSON" "$W" issue hc1 --key dsc.jwk --kid "$KID" --claims broken.json

echo "cli_hcert: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
