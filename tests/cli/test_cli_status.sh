#!/bin/sh
# CLI tests of `wallet status` and `wallet verify` with status lists: every
# subcommand's success path, its refusals (exit codes, messages), the online
# check against a loopback HTTP server, and the offline snapshot.
# usage: test_cli_status.sh PATH/TO/wallet
set -u
W=$1
T=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T"
. "$(dirname "$0")/lib.sh"

has() { grep -q -- "$1" "$2" && ok || bad "$3 (no '$1' in $2: $(head -c 300 "$2"))"; }

# --- help and usage -------------------------------------------------------------------------
expect 0 "status --help" "$W" status --help
has "status new" out.txt "help lists new"
expect 2 "status without subcommand" "$W" status
expect 2 "status unknown subcommand" "$W" status frobnicate
expect 0 "verify --help mentions status" "$W" verify --help
has "status-snapshot" out.txt "verify help lists --status-snapshot"

# --- keys and trust ------------------------------------------------------------------------
"$W" key gen --alg ES256 --out issuer.jwk >/dev/null
"$W" key gen --alg ES256 --out verifier.jwk >/dev/null
"$W" key gen --alg ES256 --out stranger.jwk >/dev/null
mkdir trust
"$W" key pub issuer.jwk > trust/issuer.jwk

# --- new -------------------------------------------------------------------------------------
URI=https://status.city.example/lists/1
expect 0 "status new" "$W" status new --uri "$URI" --out list.cbor --bits 2 --size 1000 --issuer "Sở Y tế"
has '"bits":2' out.txt "new prints the bits"
mode=$(stat -c %a list.cbor)
[ "$mode" = 600 ] && ok || bad "list file mode $mode"
expect 2 "status new without --out" "$W" status new --uri "$URI"
expect 2 "status new bad bits" "$W" status new --uri "$URI" --out x.cbor --bits 3
has "bits must be" err.txt "bad bits message"
expect 2 "status new bad uri" "$W" status new --uri "not a uri" --out x.cbor
expect 2 "status new size too large" "$W" status new --uri "$URI" --out x.cbor --size 99999999999
expect 2 "status new size not a number" "$W" status new --uri "$URI" --out x.cbor --size 12ab
[ ! -e x.cbor ] && ok || bad "a refused new wrote a file"

# --- alloc / set / get -------------------------------------------------------------------------
expect 0 "status alloc" "$W" status alloc --list list.cbor --count 3
has '^\[0,1,2\]$' out.txt "sequential indices 0,1,2"
expect 0 "status alloc again" "$W" status alloc --list list.cbor
has '^\[3\]$' out.txt "never handed out twice"
expect 0 "status set revoked" "$W" status set --list list.cbor --index 1 --status revoked
has '"status":"invalid"' out.txt "set prints the status"
expect 0 "status set suspended" "$W" status set --list list.cbor --index 2 --status suspended
expect 0 "status get" "$W" status get --list list.cbor --index 1
has '"value":1' out.txt "get reads the status"
expect 0 "status get summary" "$W" status get --list list.cbor
has '"allocated":4' out.txt "summary counts allocations"
has '"issuer":"Sở Y tế"' out.txt "summary has the issuer"
expect 1 "status set never allocated" "$W" status set --list list.cbor --index 500 --status 1
has status_index_not_allocated err.txt "not-allocated message"
expect 1 "status set out of range" "$W" status set --list list.cbor --index 1000 --status 1
has status_index_out_of_range err.txt "out-of-range message"
expect 2 "status set bad status" "$W" status set --list list.cbor --index 1 --status gone
expect 2 "status set status too wide" "$W" status set --list list.cbor --index 1 --status 4
expect 2 "status get missing list" "$W" status get --list nowhere.cbor --index 0
echo "not a list" > junk.cbor
expect 1 "status get damaged list" "$W" status get --list junk.cbor --index 0
expect 2 "status get list and token" "$W" status get --list list.cbor --token x --trust trust --index 0

# a full list
"$W" status new --uri "$URI/small" --out small.cbor --size 8 >/dev/null
expect 0 "alloc all 8" "$W" status alloc --list small.cbor --count 8
expect 1 "alloc from a full list" "$W" status alloc --list small.cbor
has status_list_full err.txt "full-list message"

# --- token ----------------------------------------------------------------------------------
expect 0 "status token jwt" "$W" status token --list list.cbor --key issuer.jwk
cp out.txt list.jwt
has '^eyJ' list.jwt "JWT on stdout"
expect 0 "status token cwt file" "$W" status token --list list.cbor --key issuer.jwk --format cwt --out list.cwt --ttl 60
expect 0 "status token cwt base64url" "$W" status token --list list.cbor --key issuer.jwk --format cwt
cp out.txt list.cwt.b64
expect 2 "status token bad format" "$W" status token --list list.cbor --key issuer.jwk --format xml
expect 2 "status token without key" "$W" status token --list list.cbor
expect 1 "status token with a public key" "$W" status token --list list.cbor --key trust/issuer.jwk
for t in list.jwt list.cwt list.cwt.b64; do
    expect 0 "status get from $t" "$W" status get --token $t --trust trust --index 2
    has '"status":"suspended"' out.txt "$t index 2 suspended"
done
expect 1 "status get index beyond the token" "$W" status get --token list.jwt --trust trust --index 1000
has status_index_out_of_range err.txt "token out-of-range message"
mkdir strangers && "$W" key pub stranger.jwk > strangers/s.jwk
expect 1 "status get untrusted token" "$W" status get --token list.jwt --trust strangers --index 0
expect 1 "status get expired token" "$W" status get --token list.jwt --trust trust --index 0 --now 4102444800
has expired err.txt "expired message"

# --- credentials ------------------------------------------------------------------------------
cred() { # cred IDX URI > file
    printf '{"iss":"https://health.city.example","exp":4102444800,"status":{"status_list":{"idx":%s,"uri":"%s"}}}' "$1" "$2" > c.json
    "$W" sign jws --key issuer.jwk --header '{"typ":"JWT"}' c.json
}
cred 0 "$URI" > valid.jws
cred 1 "$URI" > revoked.jws
cred 2 "$URI" > suspended.jws

# --- snapshot and offline verify ---------------------------------------------------------------
expect 0 "status snapshot" "$W" status snapshot --trust trust --key verifier.jwk --token list.jwt --out snap.cose
has '"lists":1' out.txt "snapshot counts lists"
expect 2 "status snapshot without --out" "$W" status snapshot --trust trust --key verifier.jwk --token list.jwt
expect 1 "status snapshot of an untrusted token" "$W" status snapshot --trust strangers --key verifier.jwk --token list.jwt --out s2.cose
expect 0 "verify valid offline" "$W" verify --trust trust --status-snapshot snap.cose --snapshot-key verifier.jwk --offline valid.jws
has '"status":"valid"' out.txt "status in the result"
expect 1 "verify revoked offline" "$W" verify --trust trust --status-snapshot snap.cose --snapshot-key verifier.jwk --offline revoked.jws
has '"error":"revoked"' out.txt "revoked result"
expect 1 "verify suspended offline" "$W" verify --trust trust --status-snapshot snap.cose --snapshot-key verifier.jwk --offline suspended.jws
has '"error":"suspended"' out.txt "suspended result"
later=$(( $(date +%s) + 7200 ))
expect 1 "verify with a stale snapshot" "$W" verify --trust trust --status-snapshot snap.cose --snapshot-key verifier.jwk --max-age 3600 --now $later --offline valid.jws
has '"error":"status_stale"' out.txt "stale result"
expect 2 "snapshot without its key" "$W" verify --trust trust --status-snapshot snap.cose valid.jws
expect 1 "snapshot checked with another key" "$W" verify --trust trust --status-snapshot snap.cose --snapshot-key stranger.jwk valid.jws
has signature err.txt "snapshot signature message"
expect 1 "offline without a snapshot" "$W" verify --trust trust --status --offline valid.jws
has '"error":"status_unavailable"' out.txt "unavailable result"
expect 0 "no status option: not checked" "$W" verify --trust trust revoked.jws
expect 1 "status check from the snapshot" "$W" status check --trust trust --uri "$URI" --index 1 --snapshot snap.cose --snapshot-key verifier.jwk --offline
has '"source":"snapshot"' out.txt "snapshot source"
expect 0 "status check valid from the snapshot" "$W" status check --trust trust --uri "$URI" --index 0 --snapshot snap.cose --snapshot-key verifier.jwk --offline
expect 1 "status check unknown list offline" "$W" status check --trust trust --uri "$URI/9" --index 0 --snapshot snap.cose --snapshot-key verifier.jwk --offline
has status_unavailable out.txt "unknown list result"
expect 2 "status check without --index" "$W" status check --trust trust --uri "$URI"
expect 1 "status check insecure URL" "$W" status check --trust trust --uri http://status.city.example/l --index 0
has insecure_url out.txt "insecure URL result"

# --- online, against a loopback HTTP server -----------------------------------------------------
mkdir www
python3 - "$T/www" > port.txt 2>server.log <<'PY' &
import functools, http.server, socketserver, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
with socketserver.TCPServer(("127.0.0.1", 0), handler) as s:
    print(s.server_address[1], flush=True)
    s.timeout = 1
    import time
    end = time.time() + 120  # bounded: the test never needs more
    while time.time() < end:
        s.handle_request()
PY
SERVER_PID=$!
i=0; while [ ! -s port.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat port.txt)
if [ -n "$PORT" ]; then
    LURI="http://127.0.0.1:$PORT/lists/1"
    "$W" status new --uri "$LURI" --out online.cbor --size 64 >/dev/null
    "$W" status alloc --list online.cbor --count 4 >/dev/null
    "$W" status set --list online.cbor --index 3 --status invalid >/dev/null
    mkdir -p www/lists
    "$W" status token --list online.cbor --key issuer.jwk --out www/lists/1
    expect 0 "status check online (valid)" "$W" status check --trust trust --uri "$LURI" --index 0
    has '"source":"network"' out.txt "network source"
    expect 1 "status check online (revoked)" "$W" status check --trust trust --uri "$LURI" --index 3
    has '"status":"invalid"' out.txt "online revoked"
    cred 3 "$LURI" > online-revoked.jws
    cred 0 "$LURI" > online-valid.jws
    expect 1 "verify --status online revoked" "$W" verify --trust trust --status online-revoked.jws
    expect 0 "verify --status online valid" "$W" verify --trust trust --status online-valid.jws
    expect 0 "status snapshot by uri" "$W" status snapshot --trust trust --key verifier.jwk --uri "$LURI" --out online-snap.cose
    expect 1 "status check missing list" "$W" status check --trust trust --uri "http://127.0.0.1:$PORT/lists/none" --index 0
    has http_status out.txt "404 result"
    # the list served at another URI: its sub does not match
    cp www/lists/1 www/lists/copy
    expect 1 "status check list of another uri" "$W" status check --trust trust --uri "http://127.0.0.1:$PORT/lists/copy" --index 0
    has status_list_subject_mismatch out.txt "subject mismatch result"
    # server gone: the snapshot answers
    kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
    expect 1 "verify falls back to the snapshot" "$W" verify --trust trust --status --status-snapshot online-snap.cose --snapshot-key verifier.jwk online-revoked.jws
    has '"error":"revoked"' out.txt "fallback result"
    expect 1 "verify online without fallback" "$W" verify --trust trust --status online-valid.jws
    has status_unavailable out.txt "network failure result"
else
    bad "the loopback HTTP server did not start ($(cat server.log))"
fi

echo "cli status tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
