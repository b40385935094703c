#!/bin/sh
# CLI tests of `wallet [--store PATH] respond REQUEST_URI` and `store keygen|keys`
# without a network peer: requests by value (redirect_uri prefix) answered
# with --dry-run, and the refusals with their exit codes (0 ok, 1 refused,
# 2 usage/IO). The full exchange with verifiers is in tests/interop
# (oid4vp_verifier.mjs, respond_e2e.mjs).
# usage: test_cli_respond.sh PATH/TO/wallet
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
json() { python3 -c "import json,sys; d=json.load(open('out.txt')); print($1)"; }

export PIN=97531
S="$W --store st/wallet.db"
# A by-value request (OpenID4VP §5.9.3 redirect_uri prefix), DCQL and
# optional extra parameters URL-encoded by Python.
req() { # req VCT_OR_EMPTY [transaction_data JSON]
    python3 - "$@" <<'PY'
import base64, json, sys, urllib.parse
vct = sys.argv[1] or "https://city.example/pid"
q = {"credentials": [{"id": "pid", "format": "dc+sd-jwt", "meta": {"vct_values": [vct]},
                      "claims": [{"path": ["given_name"]}]}]}
p = {"client_id": "redirect_uri:https://rp.example/cb", "response_type": "vp_token",
     "response_mode": "direct_post", "response_uri": "https://rp.example/cb", "nonce": "n-0S6",
     "state": "s1", "dcql_query": json.dumps(q), "purpose": "Kiểm tra",
     "client_metadata": json.dumps({"client_name": "Quầy 7"})}
if len(sys.argv) > 2:
    p["transaction_data"] = json.dumps([base64.urlsafe_b64encode(sys.argv[2].encode()).rstrip(b"=").decode()])
print("openid4vp://?" + urllib.parse.urlencode(p))
PY
}

# --- usage -------------------------------------------------------------------------------
expect 0 "respond --help" $W respond --help
grep -q "usage: wallet \[--store PATH\] respond REQUEST_URI" out.txt && ok || bad "respond --help"
expect 2 "respond without a URI" $W respond
expect 2 "respond with two URIs" $W respond a b
expect 1 "malformed URI (bad escape)" $S respond "openid4vp://?client_id=a%2&x=1" --yes --pin-env PIN
grep -q bad_oid4vp_uri err.txt && ok || bad "bad escape names bad_oid4vp_uri"
expect 1 "unsupported client_id prefix" $S respond "openid4vp://?client_id=did%3Aex%3A1&response_type=vp_token" --yes --pin-env PIN
grep -q oid4vp_unsupported_client_id_prefix err.txt && ok || bad "did: prefix refused by name"
expect 2 "no store" $S respond "$(req '')" --yes --pin-env PIN

# --- a store with a holder key and a credential bound to it ------------------------------
expect 0 "store init" $S store init --pin-env PIN --kdf-cost 10
expect 0 "store keygen" $S store keygen --pin-env PIN
json 'json.dumps(d["public_jwk"])' > holder.pub
KID=$(json 'd["id"]')
expect 2 "store keygen with an unknown alg" $S store keygen --alg RS1 --pin-env PIN
expect 0 "store keys" $S store keys --pin-env PIN
[ "$(json 'd[0]["id"]')" = "$KID" ] && ok || bad "store keys lists the new key"
grep -q '"d"' out.txt && bad "store keys shows a private half" || ok
$W key gen --alg ES256 --out issuer.jwk
mkdir trust && $W key pub issuer.jwk > trust/issuer.jwk
echo '{"given_name":"Minh Anh","birthdate":"1990-04-12"}' > claims.json
$W issue sdjwt --key issuer.jwk --claims claims.json --sd-all --holder holder.pub \
    --vct https://city.example/pid > pid.sdjwt
expect 0 "store add" $S store add --trust trust --pin-env PIN pid.sdjwt
CID=$(json 'd["id"]')
expect 0 "store keys counts the credential" $S store keys --pin-env PIN
[ "$(json 'd[0]["credentials"]')" = 1 ] && ok || bad "the credential is linked to the key"

# --- answering (dry run: nothing is sent) ------------------------------------------------
expect 0 "respond --dry-run" $S respond "$(req '')" --yes --dry-run --pin-env PIN
[ "$(json 'd["sent"]')" = False ] && ok || bad "dry run sends nothing"
[ "$(json 'd["presented"][0]["credential"]')" = "$CID" ] && ok || bad "the stored credential is presented"
[ "$(json 'd["presented"][0]["claims"]')" = "['given_name']" ] && ok || bad "only given_name"
json 'd["vp_token"]["pid"][0]' > pres.txt
$W verify --trust trust --aud "redirect_uri:https://rp.example/cb" --nonce n-0S6 pres.txt > v.json && ok || bad "the vp_token verifies"
python3 -c "import json; c=json.load(open('v.json'))['claims']; assert c['given_name']=='Minh Anh' and 'birthdate' not in c" && ok || bad "only the requested claim is disclosed"
grep -q "Request from: Quầy 7" err.txt && ok || bad "who asks is shown"
grep -q "NOT VERIFIED" err.txt && ok || bad "redirect_uri is shown as not verified"
grep -q "Purpose: Kiểm tra" err.txt && ok || bad "the purpose is shown"
expect 0 "respond with a payment (dry run)" $S respond "$(req '' '{"type":"payment","credential_ids":["pid"],"amount":"150000","currency":"VND"}')" --yes --dry-run --pin-env PIN
grep -q '"amount":"150000"' err.txt && ok || bad "the payment is shown"
json 'd["vp_token"]["pid"][0]' > pres2.txt
python3 -c "import base64,json; kb=open('pres2.txt').read().strip().split('~')[-1].split('.')[1]; p=json.loads(base64.urlsafe_b64decode(kb+'==')); assert len(p['transaction_data_hashes'])==1" && ok || bad "the KB-JWT carries transaction_data_hashes"
expect 0 "store log is empty after dry runs" $S store log --pin-env PIN
[ "$(json 'len(d)')" = 0 ] && ok || bad "nothing logged by dry runs"

# --- refusals ----------------------------------------------------------------------------
expect 1 "nothing in the store matches" $S respond "$(req 'https://other.example/t')" --yes --pin-env PIN
grep -q dcql_unsatisfied err.txt && ok || bad "dcql_unsatisfied named"
expect 2 "no terminal to ask for consent" sh -c "setsid $S respond '$(req '')' --pin-env PIN </dev/null"
expect 1 "wrong PIN" sh -c "PIN=00000 $S respond '$(req '')' --yes --pin-env PIN"
expect 1 "transaction data for an unknown credential query" $S respond "$(req '' '{"type":"payment","credential_ids":["x"]}')" --yes --pin-env PIN
grep -q oid4vp_bad_transaction_data err.txt && ok || bad "bad transaction data named"
expect 1 "response_uri is not the redirect_uri client" $S respond "$(req '' | sed 's/response_uri=https%3A%2F%2Frp.example%2Fcb/response_uri=https%3A%2F%2Fevil.example%2Fcb/')" --yes --pin-env PIN
grep -q oid4vp_redirect_uri_mismatch err.txt && ok || bad "redirect_uri mismatch named"

echo "test_cli_respond: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
