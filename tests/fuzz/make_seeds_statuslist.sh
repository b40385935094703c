#!/bin/sh
# Seeds of the fuzz_statuslist target (tests/fuzz/corpus/statuslist/), made
# with the `wallet` CLI and the statuslist vectors:
#
#   tests/fuzz/make_seeds_statuslist.sh build/cli/wallet
#
# Tokens, snapshots and saved lists are signed with the fuzz targets' fixed
# key (RFC 7515 A.3, see fuzz_common.h) at FZ_NOW, so that the fuzzer starts
# from inputs that verify. ECDSA signatures are randomised: running the
# script again changes the signed seeds' bytes (not their meaning). Files
# named regress-* are kept.
set -eu
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/fuzz/corpus/statuslist"
vec="$top/vectors/statuslist/draft-examples"
NOW=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
find "$out" -type f ! -name 'regress-*' -delete
cd "$tmp"

cat > key.jwk <<'EOF'
{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}
EOF
mkdir trust
"$W" key pub key.jwk > trust/key.jwk

# Lists of every width, with a few statuses set.
for bits in 1 2 4 8; do
    "$W" status new --uri "https://status.fuzz.example/lists/$bits" --out "l$bits.cbor" \
        --bits $bits --size 64 --issuer "https://issuer.fuzz.example" >/dev/null
    "$W" status alloc --list "l$bits.cbor" --count 16 >/dev/null
    "$W" status set --list "l$bits.cbor" --index 3 --status 1 >/dev/null
    [ $bits -gt 1 ] && "$W" status set --list "l$bits.cbor" --index 5 --status 2 >/dev/null
    cp "l$bits.cbor" "$out/saved_list_${bits}bit"
    "$W" status token --list "l$bits.cbor" --key key.jwk --now $NOW --out "$out/jwt_${bits}bit"
    "$W" status token --list "l$bits.cbor" --key key.jwk --now $NOW --format cwt --out "$out/cwt_${bits}bit"
done
"$W" status token --list l1.cbor --key key.jwk --now $NOW --format cwt > "$out/cwt_1bit_base64url"
"$W" status token --list l2.cbor --key key.jwk --now $NOW --lifetime 0 --ttl 0 --out "$out/jwt_no_exp_no_ttl"
"$W" status token --list l2.cbor --key key.jwk --now $((NOW - 100000)) --lifetime 10 --out "$out/jwt_expired"
# A 2^20-entry list (compresses to a few hundred bytes) and a random-mode list.
"$W" status new --uri https://status.fuzz.example/lists/big --out big.cbor --random >/dev/null
"$W" status alloc --list big.cbor --count 20 >/dev/null
"$W" status token --list big.cbor --key key.jwk --now $NOW --out "$out/jwt_2pow20"
cp big.cbor "$out/saved_list_random_2pow20"

# A snapshot of two lists (verifier key = the fixed key).
"$W" status snapshot --trust trust --key key.jwk --now $NOW \
    --token "$out/jwt_1bit" --token "$out/cwt_2bit" --out "$out/snapshot_two_lists" >/dev/null

# The draft's examples (signed by another key: they exercise the parsers up to
# the signature) and its bare Status Lists in JSON and CBOR.
tr -d ' \n' < "$vec/status_list_jwt_raw.md" > "$out/draft_status_list_jwt"
tr -d ' \n' < "$vec/status_list_cwt.md" | python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' > "$out/draft_status_list_cwt"
tr -d ' \n' < "$vec/status_list_cwt.md" > "$out/draft_status_list_cwt_hex"
for f in status_list_encoding_json status_list_encoding2_json status_list_encoding4_json; do
    grep -v -e '^byte_array' -e '^encoded:' "$vec/$f.md" | tr -d ' \n' > "$out/draft_$f"
done
for f in status_list_encoding_cbor status_list_encoding2_cbor status_list_encoding1_long_cbor; do
    grep -v -e '^byte_array' -e '^encoded:' "$vec/$f.md" | tr -d ' \n' |
        python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' > "$out/draft_$f"
done
# Small hand-made edge cases.
printf '{"bits":3,"lst":"eNrbuRgAAhcBXQ"}' > "$out/list_bits_3"
printf '{"bits":1,"lst":"eNrbuRgAAg"}' > "$out/list_truncated_zlib"
printf '{"bits":1,"lst":"eNoDAAAAAAE"}' > "$out/list_empty"
python3 -c 'import sys,zlib,base64; sys.stdout.write("{\"bits\":8,\"lst\":\"%s\"}" % base64.urlsafe_b64encode(zlib.compress(bytes(1 << 20), 9)).decode().rstrip("="))' > "$out/list_1mib_zeros"
ls "$out" | wc -l | sed 's/$/ seeds/'
