#!/bin/sh
# docs/health-book.md, "As an SD-JWT VC": runs the page's JSON record and its
# shell commands exactly as written (the wallet CLI first on PATH), with the
# document signer the HC1 section makes, and checks that the verifier sees
# the name and the one disclosed dose — and nothing else of the record.
# usage: test_doc_health_book.sh PATH/TO/wallet PATH/TO/docs/health-book.md
set -eu
W=$1
DOC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin"
ln -s "$W" "$T/bin/wallet"
PATH="$T/bin:$PATH"
cd "$T"

# The page's two blocks of the section: ```json (the claims) and ```sh.
python3 - "$DOC" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
sec = s[s.index("## As an SD-JWT VC"):]
def block(tag):
    i = sec.index("```" + tag + "\n") + len(tag) + 4
    return sec[i:sec.index("```", i)]
open("vaccination-history.sdjwt.json", "w", encoding="utf-8").write(block("json"))
open("commands.sh", "w", encoding="utf-8").write(block("sh"))
PY

# What the page assumes exists: the DSC key and certificate under a CSCA
# (as in its HC1 section), and trust-sdjwt/ holding the CSCA.
wallet key gen --alg ES256 --out csca.jwk
wallet key gen --alg ES256 --out dsc.jwk
wallet cert make --key csca.jwk --subject "CN=CSCA,O=Hanoi Department of Health,C=VN" \
    --days 3650 --out csca.pem
wallet cert make --key dsc.jwk --ca-key csca.jwk --ca-cert csca.pem \
    --subject "CN=DSC 1,O=Hanoi Department of Health,C=VN" --days 730 --out dsc.pem
mkdir trust-sdjwt
cp csca.pem trust-sdjwt/

sh -eu commands.sh > verified.json
python3 - <<'PY'
import json
r = json.load(open("verified.json", encoding="utf-8"))
assert r["valid"] is True, r
assert r["format"] == "dc+sd-jwt" and r["type"] == "urn:vn:health-book:vaccination:1", r
c = r["claims"]
assert c["nam"]["fn"] == "Nguyễn", c
assert [d["mp"] for d in c["v"]] == ["M-M-R II"], c["v"]   # one dose of the two
assert "dob" not in c and "ver" not in c, c                 # not disclosed
print("health-book SD-JWT example: verified, one dose of two disclosed")
PY
