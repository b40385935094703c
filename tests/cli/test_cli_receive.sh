#!/bin/sh
# CLI tests of `wallet [--store PATH] receive OFFER ...` that need no issuer:
# usage errors (exit 2) and refusals decided before or without the network
# (exit 1). The flow itself is tested against issuers in
# tests/interop/oid4vci_issuer.mjs and tests/issuer-service/issuer_receive.mjs.
# usage: test_cli_receive.sh PATH/TO/wallet
set -u
W=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect() {
    want=$1; shift
    what=$1; shift
    "$@" >out.txt 2>err.txt </dev/null
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want ($(head -c 300 err.txt))"; fi
}
says() { grep -q "$1" err.txt && ok || bad "stderr should name $1: $(head -c 300 err.txt)"; }

export PIN=135790
S="$W --store st/wallet.db"
BYVAL='openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fissuer.invalid%22%2C%22credential_configuration_ids%22%3A%5B%22pid%22%5D%2C%22grants%22%3A%7B%22urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code%22%3A%7B%22pre-authorized_code%22%3A%22c%22%7D%7D%7D'

expect 0 "receive --help" $W receive --help
grep -q "usage: wallet \[--store PATH\] receive OFFER" out.txt && ok || bad "receive --help prints usage"
expect 2 "receive without an offer" $W receive
expect 2 "receive with two offers" $S receive a b --pin-env PIN
expect 2 "unknown option" $S receive "$BYVAL" --frobnicate
expect 2 "--copies zero" $S receive "$BYVAL" --copies 0 --pin-env PIN
expect 2 "--copies not a number" $S receive "$BYVAL" --copies two --pin-env PIN
expect 2 "--copies with --key-id" $S receive "$BYVAL" --copies 2 --key-id abc --pin-env PIN
expect 2 "--tx-code and --tx-code-env" $S receive "$BYVAL" --tx-code 1 --tx-code-env PIN --pin-env PIN
expect 2 "unset --tx-code-env variable" $S receive "$BYVAL" --tx-code-env NO_SUCH_VAR --pin-env PIN
expect 2 "--timeout out of range" $S receive "$BYVAL" --timeout 0 --pin-env PIN
expect 2 "--now not a number" $S receive "$BYVAL" --now soon --pin-env PIN
expect 2 "missing trust directory" $S receive "$BYVAL" --trust no-such-dir --pin-env PIN
expect 2 "no store yet" $S receive "$BYVAL" --pin-env PIN
mkdir st
expect 0 "store init" $S store init --pin-env PIN --kdf-cost 10
expect 1 "malformed offer" $S receive "openid-credential-offer://?nothing=1" --pin-env PIN
says vci_bad_offer
expect 1 "offer over plain http" $S receive 'x://?credential_offer_uri=http%3A%2F%2Fissuer.example%2Fo' --pin-env PIN
says insecure_url
expect 1 "offer without a pre-authorized grant" $S receive '{"credential_issuer":"https://issuer.invalid","credential_configuration_ids":["a"]}' --pin-env PIN
# the issuer's host does not resolve: a network error, nothing stored
expect 1 "unreachable issuer" $S receive "$BYVAL" --timeout 3 --pin-env PIN
says network
echo "$BYVAL" > offer.txt
expect 1 "offer from stdin, unreachable issuer" sh -c "$S receive - --timeout 3 --pin-env PIN < offer.txt"
# an offer read from a QR code image
printf '%s' 'openid-credential-offer://?nothing=1' | $W qr encode --png bad-offer.png - 2>/dev/null
expect 1 "malformed offer from a QR code PNG" $S receive bad-offer.png --pin-env PIN
says vci_bad_offer
printf 'not a png' > junk.png
expect 1 "unreadable offer image" $S receive junk.png --pin-env PIN
expect 0 "store list" $S store list --pin-env PIN
[ "$(cat out.txt)" = "[]" ] && ok || bad "nothing stored: $(cat out.txt)"
expect 1 "wrong PIN" env PIN=000000 $S receive "$BYVAL" --pin-env PIN
says wrong_secret

echo "cli_receive: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
