// Interop: wallet-issuer (issuer-service/) against an independent OpenID4VCI
// client, @openid4vc/openid4vci (pinned in package-lock.json).
//
//   node issuer_oid4vci.mjs WALLET_ISSUER WALLET_CLI WORKDIR
//
// For an SD-JWT VC (health book) and an mdoc (mDL): the agency creates an
// offer through the admin API; the client resolves the offer by reference
// and the issuer metadata, redeems the pre-authorized code with the
// tx_code, gets a c_nonce, signs a proof and receives the credential. The
// SD-JWT VC then verifies with `wallet verify` and with @sd-jwt/sd-jwt-vc
// (which also fetches and checks the status list); the mdoc with `wallet
// verify` against the IACA. Then the agency revokes: `wallet verify
// --status` reports "revoked", and @sd-jwt/sd-jwt-vc refuses it too.
// Bounded: 120 s.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { clientAuthenticationAnonymous, setGlobalConfig } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import {
  CLAIMS, admin, freePort, holderKey, startIssuer, writeConfig,
} from '../issuer-service/issuer_common.mjs';

const [bin, cli, work] = process.argv.slice(2);
if (!bin || !cli || !work) {
  console.error('usage: node issuer_oid4vci.mjs WALLET_ISSUER WALLET_CLI WORKDIR');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('issuer_oid4vci: timed out'); process.exit(1); }, 120000);
// The service runs on plain HTTP over loopback in this test.
setGlobalConfig({ allowInsecureUrls: true });

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const port = await freePort();
const tokens = writeConfig(work, port);
const srv = await startIssuer(bin, work, port);
const base = srv.base;
let checks = 0;

function wallet(args, input) {
  const r = spawnSync(cli, args, { input, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The client's callbacks: Node's crypto.
function clientFor(key) {
  return new Openid4vciClient({
    callbacks: {
      hash: (data, alg) => new Uint8Array(crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
      generateRandom: (n) => new Uint8Array(crypto.randomBytes(n)),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (signer, { header, payload }) => {
        const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const input = `${b64(header)}.${b64(payload)}`;
        const sig = crypto.sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
        return { jwt: `${input}.${sig.toString('base64url')}`, signerJwk: key.jwk };
      },
    },
  });
}

async function issueWith(agency, type, claims) {
  const o = await admin(base, tokens[agency], 'POST', '/admin/offers',
    { record_id: 'citizen-001', credentials: { [type]: claims } });
  assert.equal(o.status, 201, o.text);
  assert.match(o.json.credential_offer_uri, /^openid-credential-offer:\/\/\?credential_offer_uri=/);
  assert.match(o.json.tx_code, /^[0-9]{6}$/);
  assert.ok(Buffer.from(o.json.qr_png, 'base64').subarray(0, 8).equals(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'QR is a PNG');
  // The QR decodes back to the offer URI (wallet's QR reader).
  fs.writeFileSync(path.join(work, 'offer.png'), Buffer.from(o.json.qr_png, 'base64'));

  const key = holderKey();
  const client = clientFor(key);
  const offer = await client.resolveCredentialOffer(o.json.credential_offer_uri);
  assert.deepEqual(offer.credential_configuration_ids, [type]);
  const md = await client.resolveIssuerMetadata(offer.credential_issuer);
  assert.ok(md.credentialIssuer.credential_configurations_supported[type]);
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer, issuerMetadata: md, txCode: o.json.tx_code,
  });
  assert.equal(accessTokenResponse.token_type, 'Bearer');
  const { c_nonce } = await client.requestNonce({ issuerMetadata: md });
  const { jwt } = await client.createCredentialRequestJwtProof({
    issuerMetadata: md, credentialConfigurationId: type, nonce: c_nonce,
    signer: { method: 'jwk', alg: 'ES256', publicJwk: key.jwk },
  });
  const cr = await client.retrieveCredentials({
    issuerMetadata: md, accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: type, proofs: { jwt: [jwt] },
  });
  assert.ok(cr.credentialResponse.credentials.length === 1, JSON.stringify(cr.credentialResponse));
  return { credential: cr.credentialResponse.credentials[0].credential, key, offerId: o.json.offer_id };
}

// Trust for `wallet verify`: the issuer's JWK (from its JWT VC Issuer
// Metadata) for SD-JWT VCs and status list tokens, the IACA for mdocs.
const trust = path.join(work, 'trust');
fs.mkdirSync(trust);
const jwks = await (await fetch(`${base}/.well-known/jwt-vc-issuer`)).json();
assert.equal(jwks.issuer, base);
fs.writeFileSync(path.join(trust, 'issuer.jwk'), JSON.stringify(jwks.jwks.keys[0]));
fs.copyFileSync(path.join(work, 'keys/iaca.pem'), path.join(trust, 'iaca.pem'));
checks++;

// ---- SD-JWT VC: health book ------------------------------------------------------------
const hb = await issueWith('health-dept', 'health_book', CLAIMS.health_book);
let v = wallet(['verify', '--trust', trust, '--status', '-'], hb.credential);
assert.equal(v.code, 0, v.out + v.err);
assert.match(v.out, /Văn An/);
assert.match(v.out, /urn:vn:hanoi:health_book:1/);
checks++;

const issuerJwk = jwks.jwks.keys[0];
const { kid, alg, use, ...bareJwk } = issuerJwk;
const sdjwt = new SDJwtVcInstance({
  hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
  verifier: await ES256.getVerifier(bareJwk),
});
let verified = await sdjwt.verify(hb.credential);
assert.equal(verified.payload.vct, 'urn:vn:hanoi:health_book:1');
assert.equal(verified.payload.iss, base);
assert.equal(verified.payload.national_id, '001099012345');
assert.deepEqual(verified.payload.cnf.jwk.x, hb.key.jwk.x);
checks++;

// The offer is used up: its URI answers 404 and the admin view says redeemed.
const st = await admin(base, tokens['health-dept'], 'GET', `/admin/offers/${hb.offerId}`);
assert.equal(st.json.state, 'redeemed');
checks++;

// ---- mdoc: mDL ---------------------------------------------------------------------------
const mdl = await issueWith('transport-dept', 'mdl', CLAIMS.mdl);
v = wallet(['verify', '--trust', trust, '--status', '-'], mdl.credential);
assert.equal(v.code, 0, v.out + v.err);
assert.match(v.out, /org\.iso\.18013\.5\.1\.mDL/);
assert.match(v.out, /HN-0123456789/);
checks++;

// ---- revocation, seen by verifiers ---------------------------------------------------------
const audit = await admin(base, tokens['health-dept'], 'GET', '/admin/records/citizen-001/issued');
assert.equal(audit.status, 200);
const entry = audit.json.issued.find((e) => e.type === 'health_book');
assert.ok(entry, 'the audit lists the health book');
assert.ok(!audit.json.issued.some((e) => e.type === 'mdl'), 'an agency sees only its own types');
let r = await admin(base, tokens['health-dept'], 'POST', `/admin/credentials/${entry.id}/revoke`, {});
assert.equal(r.status, 200, r.text);
assert.equal(r.json.status, 'revoked');
v = wallet(['verify', '--trust', trust, '--status', '-'], hb.credential);
assert.notEqual(v.code, 0);
assert.match(v.out + v.err, /revoked/i);
checks++;
let sdErr = null;
try { await sdjwt.verify(hb.credential); } catch (e) { sdErr = e; }
assert.match(String(sdErr && sdErr.message), /status is not valid/i,
  '@sd-jwt/sd-jwt-vc fetched the status list and refuses the revoked credential');
checks++;
// The mDL is unaffected.
v = wallet(['verify', '--trust', trust, '--status', '-'], mdl.credential);
assert.equal(v.code, 0, v.out + v.err);
checks++;

const ex = await srv.stop();
assert.equal(ex.code, 0);
clearTimeout(timer);
console.log(`issuer_oid4vci: ${checks} checks passed`);
