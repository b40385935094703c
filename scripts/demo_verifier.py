#!/usr/bin/env python3
"""The verifier part of `make demo` (scripts/demo.sh step 20): a relying party
asks wallet-verifier for claims over OpenID4VP 1.0 and the citizen's wallet
(the `wallet` CLI) answers with direct_post — one plain request and one
payment with transaction data. Standard library only.

    demo_verifier.py WALLET_CLI BASE_URL RP_TOKEN HOLDER_KEY SDJWT
"""
import base64
import json
import subprocess
import sys
import urllib.parse
import urllib.request

wallet, base, token, holder, cred = sys.argv[1:6]


def call(method, path, body=None, ctype="application/json", auth=True):
    headers = {"Content-Type": ctype} if body is not None else {}
    if auth:
        headers["Authorization"] = "Bearer " + token
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def exchange(title, request):
    print(f"\n-- {title}")
    st, body = call("POST", "/v1/presentations", json.dumps(request))
    assert st == 201, body
    created = json.loads(body)
    print("relying party gets:", json.dumps({k: created[k] for k in ("id", "client_id", "deep_link")})[:200] + "...")
    # the wallet fetches the signed request object (local address)
    path = urllib.parse.urlparse(created["request_uri"]).path
    st, jwt = call("GET", path, auth=False)
    header = json.loads(base64.urlsafe_b64decode(jwt.split(".")[0] + "=="))
    payload = json.loads(base64.urlsafe_b64decode(jwt.split(".")[1] + "=="))
    print("request object: typ", header["typ"], "| alg", header["alg"], "| client_id", payload["client_id"])
    for td in payload.get("transaction_data", []):
        print("the wallet shows the payment:", base64.urlsafe_b64decode(td + "==").decode())
    q = payload["dcql_query"]["credentials"][0]
    args = [wallet, "present", "sdjwt", "--holder-key", holder,
            "--disclose", ",".join(".".join(map(str, c["path"])) for c in q["claims"]),
            "--aud", payload["client_id"], "--nonce", payload["nonce"]]
    for td in payload.get("transaction_data", []):
        args += ["--transaction-data", td]
    pres = subprocess.run(args + [cred], check=True, capture_output=True, text=True).stdout.strip()
    form = urllib.parse.urlencode({"vp_token": json.dumps({q["id"]: [pres]}), "state": payload["state"]})
    st, body = call("POST", urllib.parse.urlparse(payload["response_uri"]).path, form,
                    "application/x-www-form-urlencoded", auth=False)
    print("wallet posts its answer (direct_post):", st, body)
    st, body = call("GET", "/v1/presentations/" + created["id"])
    result = json.loads(body)
    print("relying party reads:", json.dumps({k: result.get(k) for k in ("status", "credentials")}, ensure_ascii=False))
    assert result["status"] == "verified", body
    # a replay of the same answer is refused
    st, body = call("POST", urllib.parse.urlparse(payload["response_uri"]).path, form,
                    "application/x-www-form-urlencoded", auth=False)
    print("the same answer replayed:", st, json.loads(body)["error_description"])
    assert st == 400


query = {"credentials": [{"id": "citizen", "format": "dc+sd-jwt",
                          "meta": {"vct_values": ["https://hanoi.example/credentials/citizen"]},
                          "claims": [{"path": ["given_name"]}, {"path": ["family_name"]}]}]}
exchange("a counter asks for the citizen's name", {"dcql_query": query, "response_mode": "direct_post"})
over18 = {"credentials": [{"id": "citizen", "format": "dc+sd-jwt",
                           "meta": {"vct_values": ["https://hanoi.example/credentials/citizen"]},
                           "claims": [{"path": ["is_over_18"], "values": [True]}]}]}
exchange("a payment: 'over 18' bound to 150,000 VND at Pho 24",
         {"dcql_query": over18, "response_mode": "direct_post",
          "transaction_data": [{"type": "payment", "credential_ids": ["citizen"], "amount": "150000",
                                "currency": "VND", "payee": "Pho 24", "reference": "ORDER-2026-0042"}]})
