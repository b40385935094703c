// OpenID4VCI interop: an independent ISSUER built on @openid4vc/openid4vci
// 0.4.6 (issuer side) + @openid4vc/oauth2 (authorization server side:
// pre-authorized code + tx_code token endpoint) + @sd-jwt/sd-jwt-vc 0.19
// (signing), on a loopback port; libwallet's `wallet receive` obtains
// credentials from it into a fresh store, and they then verify in libwallet
// (`wallet verify`) and in @sd-jwt/sd-jwt-vc.
//
// Checked:
//   1. by-value offer with tx_code, one credential: stored, valid, bound
//      (cnf.jwk) to the holder key the wallet proved (verified by the
//      peer's verifyCredentialRequestJwtProof: typ, aud, iat, nonce, sig);
//   2. by-reference offer (credential_offer_uri), batch of 2 copies (two
//      proofs -> two credentials, two distinct holder keys, one batch);
//   3. a wrong tx_code: the peer's token endpoint refuses (invalid_grant)
//      and `wallet receive` exits 1 naming vci_grant_rejected, storing
//      nothing;
//   4. the stored credential re-verifies with `wallet verify` and with
//      @sd-jwt/sd-jwt-vc.
//
// usage: node oid4vci_issuer.mjs WALLET_CLI WORK_DIR
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { Openid4vciIssuer, Openid4vciVersion } from "@openid4vc/openid4vci";
import {
  Oauth2AuthorizationServer,
  Oauth2ServerErrorResponseError,
  clientAuthenticationNone,
  setGlobalConfig,
} from "@openid4vc/oauth2";
import * as jose from "jose";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { ES256, digest, generateSalt } from "@sd-jwt/crypto-nodejs";

const [wallet, workArg] = process.argv.slice(2);
if (!wallet || !workArg) {
  console.error("usage: node oid4vci_issuer.mjs WALLET_CLI WORK_DIR");
  process.exit(2);
}
fs.mkdirSync(workArg, { recursive: true });
const work = fs.mkdtempSync(path.join(workArg, "vci-"));
setGlobalConfig({ allowInsecureUrls: true }); // plain HTTP on loopback only
let checks = 0;
function check(cond, what) {
  if (!cond) {
    console.error(`FAIL: ${what}`);
    process.exit(1);
  }
  checks++;
}
const deadline = setTimeout(() => {
  console.error("FAIL: timed out");
  process.exit(1);
}, 100000);

// ---- keys ---------------------------------------------------------------------------
const issuerKeys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const issuerJwk = { ...issuerKeys.publicKey.export({ format: "jwk" }), kid: "peer-issuer-1", alg: "ES256" };
const asKeys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const asJwk = asKeys.publicKey.export({ format: "jwk" });

const callbacks = {
  hash: (data, alg) => crypto.createHash(alg.replace("-", "")).update(data).digest(),
  generateRandom: (n) => crypto.randomBytes(n),
  clientAuthentication: clientAuthenticationNone(),
  // Access tokens are signed by the authorization server key.
  signJwt: async (signer, { header, payload }) => {
    const jwt = await new jose.SignJWT(payload).setProtectedHeader(header).sign(asKeys.privateKey);
    return { jwt, signerJwk: asJwk };
  },
  // Proof JWTs: the wallet's key is in the "jwk" header.
  verifyJwt: async (signer, { compact, header }) => {
    const jwk = signer.publicJwk;
    try {
      await jose.compactVerify(compact, await jose.importJWK(jwk, header.alg));
      return { verified: true, signerJwk: jwk };
    } catch {
      return { verified: false };
    }
  },
};
const issuer = new Openid4vciIssuer({ callbacks });
const as = new Oauth2AuthorizationServer({ callbacks });

const sdjwt = new SDJwtVcInstance({
  signer: await ES256.getSigner(issuerKeys.privateKey.export({ format: "jwk" })),
  signAlg: "ES256",
  verifier: await ES256.getVerifier(issuerJwk),
  hasher: digest,
  saltGenerator: generateSalt,
});

// ---- the issuer's state -----------------------------------------------------------------
let base = "";
let metadata = null;
const offers = new Map(); // pre-authorized code -> {txCode, used}
const tokens = new Map(); // access token -> code
const nonces = new Set();
const offerObjects = new Map(); // id -> offer JSON (by reference)
const issued = [];

function buildMetadata() {
  const credentialIssuer = issuer.createCredentialIssuerMetadata({
    credential_issuer: base,
    credential_endpoint: `${base}/credential`,
    nonce_endpoint: `${base}/nonce`,
    batch_credential_issuance: { batch_size: 2 },
    display: [{ name: "Sở Y tế", locale: "vi" }, { name: "Health Department", locale: "en" }],
    credential_configurations_supported: {
      health_book: {
        format: "dc+sd-jwt",
        vct: "urn:vn:health-book:1",
        cryptographic_binding_methods_supported: ["jwk"],
        credential_signing_alg_values_supported: ["ES256"],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ["ES256"] } },
      },
    },
  });
  const authorizationServer = as.createAuthorizationServerMetadata({
    issuer: base,
    token_endpoint: `${base}/token`,
    "pre-authorized_grant_anonymous_access_supported": true,
  });
  return {
    originalDraftVersion: Openid4vciVersion.V1,
    credentialIssuer,
    authorizationServers: [authorizationServer],
    knownCredentialConfigurations: credentialIssuer.credential_configurations_supported,
  };
}

async function newOffer(byReference) {
  const code = crypto.randomBytes(16).toString("base64url");
  const txCode = String(crypto.randomInt(100000, 999999));
  offers.set(code, { txCode, used: false });
  const id = crypto.randomBytes(8).toString("hex");
  const { credentialOffer, credentialOfferObject } = await issuer.createCredentialOffer({
    issuerMetadata: metadata,
    credentialConfigurationIds: ["health_book"],
    grants: {
      "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
        "pre-authorized_code": code,
        tx_code: { input_mode: "numeric", length: 6, description: "Mã gửi qua SMS" },
      },
    },
    credentialOfferUri: byReference ? `${base}/offers/${id}` : undefined,
  });
  offerObjects.set(id, credentialOfferObject);
  return { uri: credentialOffer, txCode, object: credentialOfferObject };
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

function sendError(res, e) {
  if (e instanceof Oauth2ServerErrorResponseError) {
    if (process.env.VCI_DEBUG) console.error("peer refused:", JSON.stringify(e.errorResponse), e.message);
    send(res, e.status ?? 400, e.errorResponse);
  } else {
    console.error("issuer error:", e);
    send(res, 500, { error: "server_error" });
  }
}

async function handle(req, res, body) {
  const url = new URL(req.url, base);
  const p = url.pathname;
  if (req.method === "GET" && p === "/.well-known/openid-credential-issuer")
    return send(res, 200, metadata.credentialIssuer);
  if (req.method === "GET" && p === "/.well-known/oauth-authorization-server")
    return send(res, 200, metadata.authorizationServers[0]);
  if (req.method === "GET" && p.startsWith("/offers/")) {
    const o = offerObjects.get(p.slice(8));
    return o ? send(res, 200, o) : send(res, 404, { error: "not_found" });
  }
  const request = { method: req.method, url: `${base}${req.url}`, headers: new Headers(req.headers) };
  if (req.method === "POST" && p === "/token") {
    const form = Object.fromEntries(new URLSearchParams(body));
    const parsed = as.parseAccessTokenRequest({ request, accessTokenRequest: form });
    const code = parsed.grant.preAuthorizedCode;
    const offer = offers.get(code);
    if (!offer || offer.used) return send(res, 400, { error: "invalid_grant" });
    await as.verifyPreAuthorizedCodeAccessTokenRequest({
      authorizationServerMetadata: metadata.authorizationServers[0],
      grant: parsed.grant,
      accessTokenRequest: parsed.accessTokenRequest,
      request,
      expectedPreAuthorizedCode: code,
      expectedTxCode: offer.txCode,
    });
    offer.used = true;
    const response = await as.createAccessTokenResponse({
      authorizationServer: base,
      audience: `${base}/credential`,
      expiresInSeconds: 300,
      subject: code,
      signer: { method: "jwk", alg: "ES256", publicJwk: asJwk },
    });
    tokens.set(response.access_token, code);
    return send(res, 200, response);
  }
  if (req.method === "POST" && p === "/nonce") {
    const cNonce = crypto.randomBytes(16).toString("base64url");
    nonces.add(cNonce);
    return send(res, 200, issuer.createNonceResponse({ cNonce }));
  }
  if (req.method === "POST" && p === "/credential") {
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ") || !tokens.has(auth.slice(7)))
      return send(res, 401, { error: "invalid_token" });
    const credentialRequest = issuer.parseCredentialRequest({
      issuerMetadata: metadata,
      credentialRequest: JSON.parse(body),
    });
    check(credentialRequest.credentialConfigurationId === "health_book", "request names health_book");
    const jwts = credentialRequest.proofs?.jwt ?? [];
    check(jwts.length >= 1 && jwts.length <= 2, "1 or 2 JWT proofs");
    const credentials = [];
    for (const jwt of jwts) {
      const payload = jose.decodeJwt(jwt); // the nonce to expect; verified below
      if (!nonces.has(payload.nonce)) return send(res, 400, { error: "invalid_nonce" });
      const verified = await issuer.verifyCredentialRequestJwtProof({
        issuerMetadata: metadata,
        jwt,
        expectedNonce: payload.nonce,
      });
      const holderJwk = verified.signer.publicJwk;
      const cred = await sdjwt.issue(
        {
          iss: base,
          vct: "urn:vn:health-book:1",
          iat: Math.floor(Date.now() / 1000),
          cnf: { jwk: holderJwk },
          given_name: "Lan",
          family_name: "Trần",
          vaccinations: [{ vaccine: "MMR", date: "2020-05-01" }],
        },
        { _sd: ["given_name", "family_name", "vaccinations"] },
      );
      credentials.push({ credential: cred });
      issued.push({ cred, holderJwk });
    }
    for (const jwt of jwts) nonces.delete(jose.decodeJwt(jwt).nonce); // single use
    return send(res, 200, issuer.createCredentialResponse({ credentialRequest, credentials }));
  }
  send(res, 404, { error: "not_found" });
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    handle(req, res, body).catch((e) => sendError(res, e));
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
base = `http://127.0.0.1:${server.address().port}`;
metadata = buildMetadata();

// ---- the wallet ---------------------------------------------------------------------------
function cli(...args) {
  return new Promise((resolve) => {
    const child = spawn(wallet, args, {
      cwd: work,
      env: { ...process.env, WALLET_PIN: "246810" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
const store = path.join(work, "wallet.db");
const S = ["--store", store];
const PIN = ["--pin-env", "WALLET_PIN"];
fs.mkdirSync(path.join(work, "trust"));
fs.writeFileSync(path.join(work, "trust", "issuer.jwk"), JSON.stringify(issuerJwk));

let r = await cli(...S, "store", "init", ...PIN, "--kdf-cost", "10");
check(r.status === 0, `store init: ${r.stderr}`);

// 1. by value, with tx_code
const o1 = await newOffer(false);
check(o1.uri.startsWith("openid-credential-offer://?credential_offer="), "peer made a by-value offer");
r = await cli(...S, "receive", o1.uri, "--tx-code", o1.txCode, "--trust", "trust", ...PIN);
check(r.status === 0, `receive by value: ${r.stderr}`);
const ids1 = JSON.parse(r.stdout);
check(Array.isArray(ids1) && ids1.length === 1, "one credential id");
r = await cli(...S, "store", "show", ids1[0], ...PIN);
check(r.status === 0, `store show: ${r.stderr}`);
const shown = JSON.parse(r.stdout);
check(shown.valid === true, "stored credential is valid");
check(shown.type === "urn:vn:health-book:1", "vct stored as type");
check(shown.claims.family_name === "Trần", "claims verified and stored");
check(shown.holder_key !== null, "linked to a holder key");
const boundJwk = issued[0].holderJwk;
check(boundJwk.kty === "EC" && !boundJwk.d, "peer bound a public EC key");

// 4. the stored credential re-verifies in libwallet and in @sd-jwt/sd-jwt-vc
const credFile = path.join(work, "cred1.txt");
fs.writeFileSync(credFile, shown.credential);
r = await cli("verify", "--trust", "trust", credFile);
check(r.status === 0 && JSON.parse(r.stdout).valid === true, `wallet verify: ${r.stdout}${r.stderr}`);
const peerView = await sdjwt.verify(shown.credential);
check(peerView.payload.vct === "urn:vn:health-book:1", "@sd-jwt/sd-jwt-vc verifies the stored credential");
check(JSON.stringify(peerView.payload.cnf.jwk) === JSON.stringify(boundJwk), "cnf is the proved key");

// 2. by reference, batch of two
const o2 = await newOffer(true);
check(o2.uri.includes("credential_offer_uri="), "peer made a by-reference offer");
r = await cli(...S, "receive", o2.uri, "--tx-code", o2.txCode, "--copies", "2", "--trust", "trust", ...PIN);
check(r.status === 0, `receive by reference: ${r.stderr}`);
const ids2 = JSON.parse(r.stdout);
check(ids2.length === 2, "two copies");
r = await cli(...S, "store", "list", ...PIN);
const list = JSON.parse(r.stdout);
const copies = list.filter((c) => ids2.includes(c.id));
check(copies.length === 2 && copies[0].batch && copies[0].batch === copies[1].batch, "one batch");
check(copies[0].holder_key !== copies[1].holder_key, "a holder key per copy");
check(issued.length === 3, "the peer issued three credentials in all");
check(
  JSON.stringify(issued[1].holderJwk) !== JSON.stringify(issued[2].holderJwk),
  "the peer saw two different proof keys",
);

// 3. wrong tx_code
const o3 = await newOffer(false);
const wrong = o3.txCode === "111111" ? "222222" : "111111";
r = await cli(...S, "receive", o3.uri, "--tx-code", wrong, "--trust", "trust", ...PIN);
check(r.status === 1, `wrong tx_code exits 1 (got ${r.status})`);
check(r.stderr.includes("vci_grant_rejected") || r.stderr.includes("invalid_grant"), `names the refusal: ${r.stderr}`);
r = await cli(...S, "store", "list", ...PIN);
check(JSON.parse(r.stdout).length === 3, "nothing stored for the refused offer");

clearTimeout(deadline);
server.close();
fs.rmSync(work, { recursive: true, force: true });
console.log(`oid4vci issuer interop: ${checks} checks passed`);
