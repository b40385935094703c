#!/bin/sh
# CLI tests of `wallet issue sdjwt`, `wallet present sdjwt` and `wallet verify`
# on SD-JWT / SD-JWT+KB: success paths and error exits (0 valid, 1 invalid,
# 2 usage or I/O).
# usage: test_cli_sdjwt.sh PATH/TO/wallet
set -u
W=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
. "$(dirname "$0")/lib.sh"

has() { grep -q -- "$1" out.txt && ok || bad "$2"; }

# --- help and dispatch ----------------------------------------------------------
expect 0 "issue --help" "$W" issue --help
has "sdjwt" "issue --help lists the sdjwt format"
expect 0 "present --help" "$W" present --help
expect 0 "issue sdjwt --help" "$W" issue sdjwt --help
has "usage" "issue sdjwt --help prints usage"
expect 0 "present sdjwt --help" "$W" present sdjwt --help
has "usage" "present sdjwt --help prints usage"
expect 2 "issue without format" "$W" issue
expect 2 "issue unknown format" "$W" issue pdf
expect 2 "present unknown format" "$W" present pdf

# --- keys and claims ------------------------------------------------------------------
"$W" key gen --alg ES256 --out issuer.jwk
"$W" key gen --alg EdDSA --out holder.jwk
"$W" key gen --alg ES256 --out other.jwk
"$W" key pub holder.jwk > holder.pub
mkdir trust
"$W" key pub issuer.jwk > trust/issuer.jwk
cat > claims.json <<'JSON'
{"given_name":"Minh Anh","family_name":"Tran","birthdate":"1990-04-12","is_over_18":true,
 "address":{"street_address":"12 Trang Tien","locality":"Hoan Kiem","country":"VN"},
 "nationalities":["VN","FR"],"a.b":1}
JSON
VCT=https://city.example/credentials/citizen

# --- issue ---------------------------------------------------------------------------
expect 0 "issue sdjwt" "$W" issue sdjwt --key issuer.jwk --claims claims.json \
    --sd given_name,family_name,birthdate,is_over_18 --sd address,address.locality,nationalities.1 \
    --sd 'a\.b' --holder holder.pub --vct "$VCT" --iss https://citizens.city.example
cp out.txt cred.txt
[ "$(tr -cd '~' < cred.txt | wc -c)" -eq 9 ] && ok || bad "8 Disclosures in the compact SD-JWT"
expect 0 "issue sdjwt --json --decoys 2 --hash sha-384" "$W" issue sdjwt --key issuer.jwk \
    --claims claims.json --sd-all --decoys 2 --hash sha-384 --holder holder.pub --vct "$VCT" --json
cp out.txt cred.json
has '"disclosures"' "JSON serialization carries the Disclosures"
expect 0 "issue sdjwt with validity and status" "$W" issue sdjwt --key issuer.jwk \
    --claims claims.json --sd given_name --vct "$VCT" --now 1767225600 --valid-days 30 \
    --status-uri https://status.city.example/1 --status-idx 7
cp out.txt short.txt
expect 2 "issue without --claims" "$W" issue sdjwt --key issuer.jwk
expect 2 "issue with --sd and --sd-all" "$W" issue sdjwt --key issuer.jwk --claims claims.json --sd a --sd-all
expect 2 "issue with an unknown path" "$W" issue sdjwt --key issuer.jwk --claims claims.json --sd nope --vct "$VCT"
grep -q 'no claim at path "nope"' err.txt && ok || bad "unknown path is named"
expect 1 "issue dc+sd-jwt without vct" "$W" issue sdjwt --key issuer.jwk --claims claims.json
grep -q vct_missing err.txt && ok || bad "missing vct is reported"
expect 2 "issue --sd of iss for a VC" "$W" issue sdjwt --key issuer.jwk --claims claims.json --iss https://x.example --sd iss --vct "$VCT"
expect 1 "issue with a public key" "$W" issue sdjwt --key holder.pub --claims claims.json --vct "$VCT"
expect 2 "issue bad --hash" "$W" issue sdjwt --key issuer.jwk --claims claims.json --hash md5
expect 2 "issue bad --decoys" "$W" issue sdjwt --key issuer.jwk --claims claims.json --decoys many

# --- hold: list --------------------------------------------------------------------
expect 0 "present --list" "$W" present sdjwt --list cred.txt
has '"path":"address.locality","value":"Hoan Kiem"' "list shows nested paths and values"
has '"path":"a\\\\.b"' "list escapes dots in names"
has '"path":"nationalities.1","value":"FR"' "list shows array elements"

# --- present and verify ----------------------------------------------------------
expect 0 "present with key binding" "$W" present sdjwt --holder-key holder.jwk \
    --disclose given_name,address.locality --aud https://counter.example --nonce n-123 cred.txt
cp out.txt pres.txt
expect 0 "verify presentation" "$W" verify --trust trust --aud https://counter.example --nonce n-123 pres.txt
has '"valid":true' "presentation is valid"
has '"format":"dc+sd-jwt"' "format dc+sd-jwt"
has '"given_name":"Minh Anh"' "disclosed claim present"
has '"locality":"Hoan Kiem"' "nested disclosed claim present"
grep -q '"family_name"' out.txt && bad "undisclosed claim leaked" || ok
grep -q '"FR"' out.txt && bad "undisclosed array element leaked" || ok
has '"street_address":"12 Trang Tien"' "plain members of a disclosed object come with it"
has '"type":"https://city.example/credentials/citizen"' "vct reported"
expect 0 "verify from stdin" sh -c "\"$W\" verify --trust trust --aud https://counter.example --nonce n-123 - < pres.txt"
expect 1 "verify with another nonce" "$W" verify --trust trust --aud https://counter.example --nonce n-999 pres.txt
has '"error":"wrong_nonce"' "wrong nonce reported"
expect 1 "verify with another audience" "$W" verify --trust trust --aud https://evil.example --nonce n-123 pres.txt
has '"error":"wrong_audience"' "wrong audience reported"
expect 1 "verify ten minutes later" "$W" verify --trust trust --aud https://counter.example --nonce n-123 \
    --now $(( $(date +%s) + 600 )) pres.txt
has '"error":"kb_jwt_not_fresh"' "stale KB-JWT reported"
expect 0 "verify later with a longer KB age" "$W" verify --trust trust --kb-max-age 3600 \
    --aud https://counter.example --nonce n-123 --now $(( $(date +%s) + 600 )) pres.txt
expect 1 "verify SD-JWT without KB when binding is required" "$W" verify --trust trust --require-holder-binding cred.txt
has '"error":"holder_binding"' "missing KB-JWT reported"
expect 0 "verify SD-JWT as issued" "$W" verify --trust trust cred.txt
expect 2 "present with --aud but no key" "$W" present sdjwt --aud a --nonce n cred.txt
expect 2 "present with an unknown path" "$W" present sdjwt --holder-key holder.jwk --disclose nope --aud a --nonce n cred.txt
expect 1 "present with a key that is not cnf" "$W" present sdjwt --holder-key other.jwk --disclose given_name --aud a --nonce n cred.txt
grep -q holder_binding err.txt && ok || bad "wrong holder key reported"
expect 1 "present an SD-JWT+KB again" "$W" present sdjwt --disclose given_name pres.txt
expect 0 "present without key binding" "$W" present sdjwt --disclose birthdate cred.txt
cp out.txt nokb.txt
expect 0 "verify presentation without KB" "$W" verify --trust trust nokb.txt
has '"birthdate":"1990-04-12"' "KB-less presentation verifies"
expect 0 "present --exact address" "$W" present sdjwt --disclose address --exact cred.txt
cp out.txt exact.txt
expect 0 "verify --exact presentation" "$W" verify --trust trust exact.txt
grep -q '"locality"' out.txt && bad "--exact disclosed a nested claim" || ok

# JSON serialization, both ways.
expect 0 "present JSON SD-JWT" "$W" present sdjwt --holder-key holder.jwk --disclose address.country \
    --aud https://counter.example --nonce n-1 cred.json
cp out.txt pres.json
has '"kb_jwt"' "JSON presentation carries the KB-JWT"
expect 0 "verify JSON presentation" "$W" verify --trust trust --aud https://counter.example --nonce n-1 pres.json
has '"country":"VN"' "JSON presentation discloses the claim"
expect 0 "present JSON as compact" "$W" present sdjwt --compact --disclose given_name cred.json
cp out.txt fromjson.txt
expect 0 "verify compact from JSON" "$W" verify --trust trust fromjson.txt

# Transaction data (OpenID4VP).
TD=eyJ0eXBlIjoicGF5bWVudCIsImFtb3VudCI6IjEwMDAwMCBWTkQifQ
expect 0 "present with transaction data" "$W" present sdjwt --holder-key holder.jwk --disclose given_name \
    --aud https://shop.example --nonce n-7 --transaction-data "$TD" cred.txt
cp out.txt td.txt
expect 0 "verify transaction data" "$W" verify --trust trust --aud https://shop.example --nonce n-7 \
    --transaction-data "$TD" td.txt
expect 1 "verify other transaction data" "$W" verify --trust trust --aud https://shop.example --nonce n-7 \
    --transaction-data eyJ0eXBlIjoib3RoZXIifQ td.txt
has '"error":"transaction_data_mismatch"' "transaction data mismatch reported"

# Validity and status.
expect 0 "verify within validity" "$W" verify --trust trust --now 1767300000 short.txt
has '"status":{"uri":"https://status.city.example/1","idx":7}' "status reference reported"
expect 1 "verify after expiry" "$W" verify --trust trust --now $((1767225600 + 31 * 86400)) short.txt
has '"error":"expired"' "expiry reported"

# Tampering.
python3 - <<'PY'
import base64
t = open("pres.txt").read().strip()
parts = t.split("~")
d = parts[1]
raw = bytearray(base64.urlsafe_b64decode(d + "=" * (-len(d) % 4)))
raw[-3] ^= 0x01
parts[1] = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
open("tampered.txt", "w").write("~".join(parts) + "\n")
PY
expect 1 "verify tampered disclosure" "$W" verify --trust trust --aud https://counter.example --nonce n-123 tampered.txt
has '"error":"disclosure_unreferenced"' "tampered disclosure reported"
expect 1 "verify with issuer metadata while offline" "$W" verify --trust trust --issuer https://citizens.city.example --offline pres.txt
has '"error":"offline"' "issuer metadata unavailable offline"
expect 2 "verify with an insecure --issuer" "$W" verify --trust trust --issuer http://citizens.city.example pres.txt
expect 1 "verify with another typ only" "$W" verify --trust trust --sdjwt-type example+sd-jwt cred.txt
has '"error":"wrong_type"' "typ outside the accepted list"

# x5c: the issuer's certificate chain to a trusted root.
mkdir trust-x5c
"$W" key gen --alg ES256 --out root.jwk
"$W" cert make --key root.jwk --subject "CN=City Root,C=VN" --out trust-x5c/root.pem
"$W" cert make --key issuer.jwk --ca-key root.jwk --ca-cert trust-x5c/root.pem --subject "CN=Citizen Registry,C=VN" --out leaf.pem
expect 0 "issue with --x5c" "$W" issue sdjwt --key issuer.jwk --x5c leaf.pem --claims claims.json --sd given_name --vct "$VCT"
cp out.txt x5c.txt
expect 0 "verify by x5c chain" "$W" verify --trust trust-x5c x5c.txt
has '"issuer":"CN=Citizen Registry,C=VN"' "issuer is the certificate subject"

echo "cli sdjwt: $pass checks passed, $fail failed"
[ "$fail" -eq 0 ]
