#!/bin/sh
# CLI tests of `wallet [--store PATH] store ...`: every subcommand's success
# path and its refusals, with their exit codes (0 ok, 1 refused, 2 usage/IO).
# usage: test_store_cli.sh PATH/TO/wallet
set -u
W=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
. "$(dirname "$0")/lib.sh"

json() { python3 -c "import json,sys; d=json.load(open('out.txt')); print($1)"; }

export PIN=135790 PIN2=24680 BKP="backup words here" WRONG=000000
S="$W --store st/wallet.db"
K="--kdf-cost 10"

# --- help and usage -------------------------------------------------------------------
expect 0 "store --help" $W store --help
grep -q "usage: wallet \[--store PATH\] store" out.txt && ok || bad "store --help prints usage"
expect 2 "store without a command" $W store
expect 2 "unknown store command" $W store frobnicate
expect 2 "--store without a path" $W --store
expect 2 "store show without an id" $S store show --pin-env PIN
expect 2 "store list with an argument" $S store list extra --pin-env PIN
expect 2 "unset PIN variable" $S store init --pin-env NO_SUCH_VARIABLE $K
expect 2 "no terminal for the PIN prompt" sh -c "setsid $S store init $K </dev/null"
expect 2 "store list of a missing store" $S store list --pin-env PIN
grep -q "not_found" err.txt && ok || bad "missing store names not_found"

# --- init, add, list, show ----------------------------------------------------------------
expect 0 "store init" $S store init --pin-env PIN $K
for f in st/wallet.db st/wallet.db-header; do
    [ "$(stat -c %a "$f")" = 600 ] && ok || bad "$f is mode 600"
done
expect 1 "store init over an existing store" $S store init --pin-env PIN $K
grep -q store_exists err.txt && ok || bad "init twice says store_exists"

"$W" key gen --alg ES256 --out issuer.jwk
mkdir trust && "$W" key pub issuer.jwk > trust/issuer.jwk
echo '{"iss":"https://id.example","given_name":"Lan","address":{"locality":"Hanoi"},"exp":4102444800}' > pid.json
"$W" sign jws --key issuer.jwk --header '{"typ":"pid+jwt"}' pid.json > pid.jws
echo '{"iss":"https://dl.example","class":"B","exp":4102444800}' > dl.json
"$W" sign jws --key issuer.jwk --header '{"typ":"mdl+jwt"}' dl.json > dl.jws
echo '{"iss":"https://id.example","exp":1000}' > old.json
"$W" sign jws --key issuer.jwk old.json > old.jws

expect 0 "store add" $S store add --trust trust --pin-env PIN pid.jws
ID=$(json "d['id']")
[ "$(json "d['valid']")" = True ] && ok || bad "add prints valid:true"
expect 0 "store add from stdin" sh -c "$S store add --trust trust --pin-env PIN - < dl.jws"
DL=$(json "d['id']")
expect 1 "store add duplicate" $S store add --trust trust --pin-env PIN pid.jws
grep -q duplicate_credential err.txt && ok || bad "duplicate add names duplicate_credential"
expect 1 "store add expired" $S store add --trust trust --pin-env PIN old.jws
grep -q expired err.txt && ok || bad "expired add names expired"
expect 0 "store add expired --keep-invalid" $S store add --trust trust --keep-invalid --pin-env PIN old.jws
[ "$(json "d['valid']")" = False ] && ok || bad "kept invalid credential prints valid:false"
OLD=$(json "d['id']")
expect 2 "store add without --trust" $S store add --pin-env PIN pid.jws
expect 1 "store add of garbage" sh -c "echo hello | $S store add --trust trust --pin-env PIN -"

expect 0 "store list" $S store list --pin-env PIN
[ "$(json "len(d)")" = 3 ] && ok || bad "list shows 3 credentials"
[ "$(json "[c['type'] for c in d][0]")" = "pid+jwt" ] && ok || bad "list shows the type"
expect 0 "store list --type" $S store list --type mdl+jwt --pin-env PIN
[ "$(json "[c['id'] for c in d]")" = "['$DL']" ] && ok || bad "list --type filters"
expect 0 "store show" $S store show "$ID" --pin-env PIN
[ "$(json "d['claims']['address']['locality']")" = Hanoi ] && ok || bad "show gives the claims"
[ "$(json "d['credential']")" = "$(cat pid.jws)" ] && ok || bad "show gives the credential"
expect 0 "store show invalid" $S store show "$OLD" --pin-env PIN
[ "$(json "d['error']")" = expired ] && ok || bad "show of the invalid one says expired"
expect 2 "store show unknown id" $S store show AAAAAAAAAAAAAAAA --pin-env PIN

# --- match, log ------------------------------------------------------------------------------
cat > q.json <<'JSON'
{"credentials":[{"id":"pid","format":"jws","meta":{"vct_values":["pid+jwt"]},
 "require_cryptographic_holder_binding":false,
 "claims":[{"path":["address","locality"],"values":["Hanoi"]}]}]}
JSON
expect 0 "store match" $S store match q.json --pin-env PIN
[ "$(json "[c['id'] for c in d['pid']]")" = "['$ID']" ] && ok || bad "match finds the PID"
echo '{"credentials":[]}' > badq.json
expect 1 "store match malformed query" $S store match badq.json --pin-env PIN
grep -q json_wrong_type err.txt && ok || bad "malformed query names json_wrong_type"
expect 0 "store log (empty)" $S store log --pin-env PIN
[ "$(cat out.txt)" = "[]" ] && ok || bad "empty log is []"

# --- wrong PIN, throttling ---------------------------------------------------------------------
expect 1 "wrong PIN" $S store list --pin-env WRONG
grep -q wrong_secret err.txt && ok || bad "wrong PIN names wrong_secret"
for i in 2 3 4; do $S store list --pin-env WRONG --now 2000000000 >/dev/null 2>&1; done
expect 1 "right PIN during the delay" $S store list --pin-env PIN --now 2000000010
grep -q locked_out err.txt && ok || bad "early attempt names locked_out"
expect 0 "right PIN after the delay" $S store list --pin-env PIN --now 2000000031

# --- delete, passwd ------------------------------------------------------------------------------
expect 0 "store delete" $S store delete "$OLD" --pin-env PIN
expect 2 "store delete again" $S store delete "$OLD" --pin-env PIN
expect 0 "store passwd" $S store passwd --pin-env PIN --new-pin-env PIN2 $K
expect 1 "old PIN after passwd" $S store list --pin-env PIN
expect 0 "new PIN after passwd" $S store list --pin-env PIN2
[ "$(json "len(d)")" = 2 ] && ok || bad "passwd kept both credentials"

# --- the store path: WALLET_STORE, XDG_DATA_HOME -----------------------------------------------
expect 0 "WALLET_STORE" env WALLET_STORE=st/wallet.db "$W" store list --pin-env PIN2
[ "$(json "len(d)")" = 2 ] && ok || bad "WALLET_STORE names the store"
expect 0 "XDG_DATA_HOME default" env -u WALLET_STORE XDG_DATA_HOME="$T/xdg" "$W" store init --pin-env PIN $K
[ -f "$T/xdg/libwallet/wallet.db" ] && ok || bad "default store under XDG_DATA_HOME"
[ "$(stat -c %a "$T/xdg/libwallet")" = 700 ] && ok || bad "data directory is mode 700"

# --- backup, restore -------------------------------------------------------------------------------
expect 0 "store backup" $S store backup --out wallet.backup --pin-env PIN2 --backup-pin-env BKP $K
[ "$(stat -c %a wallet.backup)" = 600 ] && ok || bad "backup file is mode 600"
grep -q Hanoi wallet.backup && bad "backup holds a claim in clear" || ok
expect 2 "store backup without --out" $S store backup --pin-env PIN2 --backup-pin-env BKP
R="$W --store new/wallet.db"
expect 1 "restore with the wrong passphrase" $R store restore wallet.backup --backup-pin-env WRONG --new-pin-env PIN $K
grep -q wrong_backup_passphrase err.txt && ok || bad "wrong passphrase names wrong_backup_passphrase"
[ -e new/wallet.db ] && bad "a refused restore left a database" || ok
cp wallet.backup tampered.backup
python3 -c "
d = bytearray(open('tampered.backup','rb').read()); d[90] ^= 1
open('tampered.backup','wb').write(bytes(d))"
expect 1 "restore of a tampered backup" $R store restore tampered.backup --backup-pin-env BKP --new-pin-env PIN $K
grep -q backup_tampered err.txt && ok || bad "tampered backup names backup_tampered"
[ -e new/wallet.db ] && bad "a refused restore left a database" || ok
expect 1 "restore of a non-backup" $R store restore pid.jws --backup-pin-env BKP --new-pin-env PIN $K
grep -q bad_backup err.txt && ok || bad "non-backup names bad_backup"
expect 0 "store restore" $R store restore wallet.backup --backup-pin-env BKP --new-pin-env PIN $K
expect 0 "restored store lists" $R store list --pin-env PIN
[ "$(json "sorted(c['id'] for c in d)")" = "$(python3 -c "print(sorted(['$ID','$DL']))")" ] && ok || bad "restored store has both credentials"
expect 1 "restore over an existing store" $R store restore wallet.backup --backup-pin-env BKP --new-pin-env PIN $K
grep -q store_exists err.txt && ok || bad "restore over a store names store_exists"
expect 0 "restore --replace" $R store restore --replace wallet.backup --backup-pin-env BKP --new-pin-env PIN2 $K
expect 0 "replaced store opens with its new PIN" $R store show "$ID" --pin-env PIN2

echo "store CLI tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
