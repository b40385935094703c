#!/bin/sh
# Seeds of the sdjwt fuzz target (tests/fuzz/corpus/sdjwt/):
#   - every SD-JWT, SD-JWT+KB and JSON serialization of vectors/sdjwt/
#     (RFC 9901 draft-22 and SD-JWT VC draft-18 examples), which verify with
#     the example key the target trusts;
#   - SD-JWTs made here by the `wallet` CLI with the fixed fuzz key
#     (fuzz_common.h), valid at the target's clock (2027-01-15): recursive,
#     array, decoy and JSON forms, with and without KB-JWT, plus a few
#     broken ones named for their defect.
# Salts and ECDSA signatures are random, so the made seeds differ from run to
# run; files named regress-* are never touched.
#
#   tests/fuzz/make_sdjwt_seeds.sh build/cli/wallet
set -eu
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/fuzz/corpus/sdjwt"
mkdir -p "$out"
find "$out" -type f ! -name 'regress-*' -delete
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Vector tokens.
for f in "$top"/vectors/sdjwt/ietf-sd-jwt-*-rendered/*/*.txt \
         "$top"/vectors/sdjwt/ietf-sd-jwt-draft-22-rendered/sec-8.*/0*_json.json; do
    sec=$(basename "$(dirname "$f")" | cut -d- -f1-2)
    doc=$(basename "$(dirname "$(dirname "$f")")" | sed 's/ietf-sd-jwt-//; s/-rendered//')
    cp "$f" "$out/vec-$doc-$sec-$(basename "$f" | sed 's/\.[a-z]*$//')"
done

# Made with the fixed key.
cd "$tmp"
cat > fixed.jwk <<'JWK'
{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}
JWK
"$W" key pub fixed.jwk > fixed.pub
cat > claims.json <<'JSON'
{"given_name":"An","family_name":"Tr\u1ea7n","birthdate":"1990-04-12","is_over_18":true,
 "address":{"street_address":"12 Tr\u00e0ng Ti\u1ec1n","locality":"Ho\u00e0n Ki\u1ebfm","country":"VN"},
 "nationalities":["VN","FR",null],"codes":[[1,2],{"a":{"b":[true]}}],"n":1.5,"e":{},"z":[]}
JSON
NOW=1799990000
common="--key fixed.jwk --claims claims.json --holder fixed.pub --vct https://city.example/v --iss https://city.example --now $NOW --valid-days 3650"
"$W" issue sdjwt $common --sd given_name,birthdate,nationalities.1 > "$out/made-flat"
"$W" issue sdjwt $common --sd address,address.locality,address.country,nationalities,nationalities.0,nationalities.2,codes.1.a.b.0 > "$out/made-recursive"
"$W" issue sdjwt $common --sd-all --decoys 2 > "$out/made-all-decoys"
"$W" issue sdjwt $common --sd-all --hash sha-512 > "$out/made-sha512"
"$W" issue sdjwt $common --sd given_name,address.locality --json > "$out/made-json"
"$W" issue sdjwt $common --sd given_name --typ example+sd-jwt --status-uri https://s.example/1 --status-idx 3 > "$out/made-status"
"$W" issue sdjwt $common > "$out/made-none"
for s in flat recursive all-decoys json; do
    "$W" present sdjwt --holder-key fixed.jwk --disclose given_name,address.locality,nationalities.0 \
        --aud https://v.example --nonce n --now $((NOW + 5)) "$out/made-$s" > "$out/made-$s-kb" 2>/dev/null ||
    "$W" present sdjwt --holder-key fixed.jwk --disclose given_name --aud https://v.example --nonce n \
        --now $((NOW + 5)) "$out/made-$s" > "$out/made-$s-kb"
done
"$W" present sdjwt --holder-key fixed.jwk --disclose given_name --aud https://v.example --nonce n \
    --now $((NOW + 5)) --transaction-data eyJ0eXBlIjoicGF5bWVudCJ9 --td-alg sha-384 "$out/made-flat" > "$out/made-td-kb"

# Broken, each named for its defect.
t=$(cat "$out/made-flat")
printf '%s' "$t" | sed 's/~$/~~/' > "$out/broken-empty-disclosure"
printf '%s' "$t" | cut -d~ -f1 > "$out/broken-no-tilde"
printf '%s~%s~' "$(printf '%s' "$t" | cut -d~ -f1,2)" "$(printf '%s' "$t" | cut -d~ -f2)" > "$out/broken-reused-disclosure"
printf '%s' "$(cat "$out/made-flat-kb")" | sed 's/\.[^.]*$/.AAAA/' > "$out/broken-kb-signature"
printf '%sgarbage!' "$t" > "$out/broken-trailing-garbage"
echo "seeds: $(ls "$out" | wc -l) files in $out"
