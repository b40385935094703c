// End to end: wallet-verifier (issue 8) on a loopback port, relying parties
// using its API, and wallet answers made with the `wallet` CLI (present
// sdjwt --aud --nonce --transaction-data, mdoc transcript --oid4vp + present
// mdoc) and with @openid4vc/openid4vp as an independent wallet: it parses
// and validates the request objects (x509_san_dns, x509_hash, redirect_uri)
// and builds/encrypts/submits a response. JWEs for direct_post.jwt are made
// with `jose` (ECDH-ES P-256, A128GCM / A256GCM).
//
//   node verifier_e2e.mjs WALLET_CLI WALLET_VERIFIER WORKDIR
//
// Bounded: 240 s. Every rejection checks its reason and that the session
// holds no verified credential.
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import * as jose from 'jose';
import { Openid4vpClient } from '@openid4vc/openid4vp';
// The services run on plain-HTTP loopback in tests (TLS is terminated in front
// of them in production): let the peer accept http:// URLs.
import { setGlobalConfig } from '@openid4vc/oauth2';
setGlobalConfig({ allowInsecureUrls: true });
import { makeCli, freePort, makeWorld, writeConfig, startVerifier, stopVerifier } from './verifier_common.mjs';

const [walletBin, verifierBin, workDir] = process.argv.slice(2);
if (!workDir) {
  console.error('usage: node verifier_e2e.mjs WALLET_CLI WALLET_VERIFIER WORKDIR');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('verifier_e2e: timed out'); process.exit(1); }, Number(process.env.VERIFIER_TEST_TIMEOUT_MS || 240000));
const wallet = makeCli(walletBin);
const w = await makeWorld(wallet, workDir);
const port = await freePort();
const cfg = writeConfig(w, port);
let positive = 0, negative = 0;

// ---- 0. configurations that must not start (exit 1, the key named) ---------
{
  const { spawnSync } = await import('node:child_process');
  const good = JSON.parse(fs.readFileSync(cfg, 'utf8'));
  const bad = [
    ['no public_url', (c) => { delete c.verifier.public_url; }, /verifier.public_url: required/],
    ['a typo', (c) => { c.verifier.public_ur = 'x'; }, /verifier.public_ur/],
    ['bad credential format', (c) => { c.relying_parties[0].credentials[0].format = 'jwt_vc_json'; }, /credentials: each needs "format"/],
    ['plain-http callback', (c) => { c.relying_parties[0].callback_url = 'http://rp.example/cb'; }, /callback_url/],
    ['duplicate relying party', (c) => { c.relying_parties.push(c.relying_parties[0]); }, /duplicate id/],
    ['key without certificate', (c) => { c.verifier.signing_cert = w.f('missing.pem'); }, /both or neither/],
    ['invalid template query', (c) => { c.templates = { x: { title: 'x', dcql: { credentials: [] } } }; }, /templates.x.dcql/],
    ['snapshot mode without snapshot', (c) => { c.status = { mode: 'snapshot' }; }, /needs status.snapshot/],
    ['unreadable trust file', (c) => { c.trust.jwks = [w.f('nope.jwk')]; }, /trust.jwks: cannot read/],
    ['bad API key hash', (c) => { c.relying_parties[0].api_key_sha256 = 'abc'; }, /relying_parties\[0\]/],
  ];
  // first start makes the request-signing key and certificate
  for (const [name, mutate, msg] of bad) {
    const c = structuredClone(good);
    mutate(c);
    fs.writeFileSync(w.f('bad.json'), JSON.stringify(c));
    const r = spawnSync(verifierBin, ['--config', w.f('bad.json')], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, msg, name);
    negative++;
  }
}
let v = await startVerifier(verifierBin, cfg, port, w.f('verifier.log'));
const base = v.base;

const auth = (key = w.rpKey) => ({ Authorization: `Bearer ${key}` });
async function create(body, key) {
  const r = await fetch(`${base}/v1/presentations`, {
    method: 'POST', headers: { ...auth(key), 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}
async function session(id, key) {
  const r = await fetch(`${base}/v1/presentations/${id}`, { headers: auth(key) });
  assert.equal(r.status, 200);
  return r.json();
}
const local = (u) => u.replace(`http://localhost:${port}`, base);

// An oversized body: the headers announce it, the service answers 413 before
// reading a byte of it (raw socket: fetch would fail writing into a closed
// connection).
async function announceOnly(pathname, length, headers = {}) {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (d) => { data += d; const m = /^HTTP\/1\.1 (\d+)/.exec(data); if (m) { s.destroy(); resolve(Number(m[1])); } });
    s.on('error', reject);
    const h = Object.entries(headers).map(([k, val]) => `${k}: ${val}\r\n`).join('');
    s.write(`POST ${pathname} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n${h}Content-Length: ${length}\r\n\r\n`);
  });
}

// ---- the wallet side, by hand (CLI + jose) ---------------------------------
async function fetchRequest(created) {
  const r = await fetch(local(created.request_uri));
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/oauth-authz-req+jwt');
  const jwt = await r.text();
  const header = jose.decodeProtectedHeader(jwt);
  assert.equal(header.typ, 'oauth-authz-req+jwt');
  let payload;
  if (header.alg === 'none') {
    payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
  } else {
    // Verify the JAR with the x5c leaf (jose, independent of libwallet).
    const pem = `-----BEGIN CERTIFICATE-----\n${header.x5c[0]}\n-----END CERTIFICATE-----`;
    const key = await jose.importX509(pem, header.alg);
    ({ payload } = await jose.jwtVerify(jwt, key, { typ: 'oauth-authz-req+jwt' }));
  }
  return { jwt, header, payload };
}

function presentSdjwt(req, { cred = 'pid.sdjwt', disclose, aud, nonce, td } = {}) {
  const q = req.payload.dcql_query.credentials[0];
  const paths = disclose ?? (q.claims || []).map((c) => c.path.join('.')).join(',');
  const args = ['present', 'sdjwt', '--holder-key', w.f('holder.jwk'), '--disclose', paths,
    '--aud', aud ?? req.payload.client_id, '--nonce', nonce ?? req.payload.nonce];
  for (const t of td ?? req.payload.transaction_data ?? []) args.push('--transaction-data', t);
  args.push(w.f(cred));
  return wallet(args);
}

function presentMdoc(req, { elements, nonce } = {}) {
  const q = req.payload.dcql_query.credentials[0];
  const els = elements ?? q.claims.map((c) => c.path.join('/')).join(',');
  const args = ['mdoc', 'transcript', '--oid4vp', '--client-id', req.payload.client_id,
    '--nonce', nonce ?? req.payload.nonce, '--response-uri', req.payload.response_uri];
  if (req.payload.response_mode === 'direct_post.jwt') {
    const jwk = req.payload.client_metadata.jwks.keys[0];
    fs.writeFileSync(w.f('enc.pub.jwk'), JSON.stringify(jwk));
    args.push('--jwk-thumbprint-of', w.f('enc.pub.jwk'));
  }
  const st = wallet(args);
  return wallet(['present', 'mdoc', '--holder-key', w.f('holder.jwk'), '--elements', els,
    '--session-transcript', st, w.f('mdl.cred')]);
}

async function post(req, params, { to } = {}) {
  const url = local(to ?? req.payload.response_uri);
  let form;
  if (req.payload.response_mode === 'direct_post.jwt') {
    const jwk = req.payload.client_metadata.jwks.keys[0];
    const enc = req.payload.client_metadata.encrypted_response_enc_values_supported[0];
    const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(JSON.stringify(params)))
      .setProtectedHeader({ alg: 'ECDH-ES', enc, kid: jwk.kid })
      .encrypt(await jose.importJWK(jwk, 'ECDH-ES'));
    form = new URLSearchParams({ response: jwe });
  } else {
    form = new URLSearchParams();
    for (const [k, val] of Object.entries(params)) form.set(k, typeof val === 'string' ? val : JSON.stringify(val));
  }
  const r = await fetch(url, { method: 'POST', body: form });
  return { status: r.status, body: await r.json() };
}

async function expectVerified(created, check) {
  const s = await session(created.id);
  assert.equal(s.status, 'verified', JSON.stringify(s));
  check?.(s);
  positive++;
  return s;
}
async function expectFailed(created, code, descPart) {
  const s = await session(created.id);
  assert.equal(s.status, 'failed', JSON.stringify(s));
  assert.equal(s.error, code, JSON.stringify(s));
  if (descPart) assert.match(s.error_description, descPart);
  assert.equal(s.credentials, undefined);
  negative++;
}

// ---- 1. SD-JWT VC, direct_post.jwt (default), template ----------------------
{
  const c = await create({ template: 'citizen_identity' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const cr = c.body;
  assert.match(cr.deep_link, /^openid4vp:\/\/\?client_id=x509_san_dns%3Alocalhost&request_uri=/);
  assert.match(cr.qr_png, /^data:image\/png;base64,/);
  // The QR decodes to the deep link (wallet qr decode).
  fs.writeFileSync(w.f('qr.png'), Buffer.from(cr.qr_png.split(',')[1], 'base64'));
  assert.equal(wallet(['qr', 'decode', w.f('qr.png')]), cr.deep_link);
  assert.equal((await session(cr.id)).status, 'pending');
  const req = await fetchRequest(cr);
  assert.equal(req.payload.client_id, 'x509_san_dns:localhost');
  assert.equal(req.payload.response_type, 'vp_token');
  assert.equal(req.payload.response_mode, 'direct_post.jwt');
  assert.equal(req.payload.client_metadata.jwks.keys[0].kty, 'EC');
  assert.equal(req.payload.client_metadata.jwks.keys[0].d, undefined);
  const pres = presentSdjwt(req);
  const r = await post(req, { vp_token: { pid: [pres] }, state: req.payload.state });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await expectVerified(cr, (s) => {
    assert.equal(s.credentials.length, 1);
    const cred = s.credentials[0];
    assert.equal(cred.format, 'dc+sd-jwt');
    assert.equal(cred.type, 'https://id.hanoi.gov.vn/pid');
    assert.equal(cred.issuer, 'https://id.hanoi.gov.vn');
    assert.equal(cred.status, 'valid');
    // exactly the requested claims, nothing else (not nationalities, not address)
    assert.deepEqual(cred.claims, { family_name: 'Nguyễn', given_name: 'An', birthdate: '1990-04-12' });
  });
  // The session view never shows nonce, state or keys.
  const s = await session(cr.id);
  assert.equal(s.nonce, undefined);
  assert.equal(s.state, undefined);
  // ---- replayed response: same body again → refused, result unchanged
  const again = await post(req, { vp_token: { pid: [pres] }, state: req.payload.state });
  assert.equal(again.status, 400);
  assert.match(again.body.error_description, /already answered|already used/);
  assert.equal((await session(cr.id)).status, 'verified');
  negative++;
  // the request object is gone once answered
  assert.equal((await fetch(local(cr.request_uri))).status, 404);
  // the callback received the same result
  for (let i = 0; i < 100 && !(w.callbacks || []).some((x) => x.id === cr.id); i++)
    await new Promise((res) => setTimeout(res, 20));
  const cb = w.callbacks.find((x) => x.id === cr.id);
  assert.equal(cb.status, 'verified');
  assert.deepEqual(cb.credentials, s.credentials);
  positive++;
}

// ---- 2. SD-JWT VC, direct_post, payment transaction data -------------------
const payment = { type: 'payment', credential_ids: ['pid'], amount: '150000', currency: 'VND',
  payee: 'Cửa hàng Phở 24', reference: 'ORDER-2026-0042' };
const ageQuery = { credentials: [{ id: 'pid', format: 'dc+sd-jwt',
  meta: { vct_values: ['https://id.hanoi.gov.vn/pid'] },
  claims: [{ path: ['age_equal_or_over', '18'], values: [true] }] }] };
{
  const c = await create({ dcql_query: ageQuery, response_mode: 'direct_post', transaction_data: [payment] });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const req = await fetchRequest(c.body);
  assert.equal(req.payload.response_mode, 'direct_post');
  assert.equal(req.payload.client_metadata.jwks, undefined);
  assert.equal(req.payload.transaction_data.length, 1);
  assert.deepEqual(JSON.parse(Buffer.from(req.payload.transaction_data[0], 'base64url')), payment);
  const pres = presentSdjwt(req);
  const r = await post(req, { vp_token: { pid: [pres] }, state: req.payload.state });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await expectVerified(c.body, (s) => {
    assert.deepEqual(s.credentials[0].claims, { age_equal_or_over: { 18: true } });
    assert.equal(s.transaction_data.length, 1);
  });
}

// ---- 3. payment, direct_post.jwt with A256GCM, x509_hash ---------------------
{
  const c = await create({ dcql_query: ageQuery, response_enc: 'A256GCM', client_id_prefix: 'x509_hash',
    transaction_data: [payment] });
  assert.equal(c.status, 201);
  const req = await fetchRequest(c.body);
  const leaf = Buffer.from(req.header.x5c[0], 'base64');
  assert.equal(req.payload.client_id, 'x509_hash:' + createHash('sha256').update(leaf).digest('base64url'));
  assert.deepEqual(req.payload.client_metadata.encrypted_response_enc_values_supported, ['A256GCM']);
  const r = await post(req, { vp_token: { pid: [presentSdjwt(req)] }, state: req.payload.state });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await expectVerified(c.body);
}

// ---- 4. mdoc, direct_post and direct_post.jwt ----------------------------------
for (const mode of ['direct_post', 'direct_post.jwt']) {
  const c = await create({ template: 'driving_licence', response_mode: mode });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const req = await fetchRequest(c.body);
  const r = await post(req, { vp_token: { mdl: [presentMdoc(req)] }, state: req.payload.state });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await expectVerified(c.body, (s) => {
    const cred = s.credentials[0];
    assert.equal(cred.format, 'mso_mdoc');
    assert.equal(cred.type, 'org.iso.18013.5.1.mDL');
    assert.equal(cred.holder_auth, 'device_signature');
    assert.deepEqual(cred.claims, { 'org.iso.18013.5.1': { family_name: 'Nguyễn', given_name: 'An',
      document_number: 'HN-0042' } });
  });
}

// ---- 5. redirect_uri prefix: unsigned, so passed by value in the deep link --
function byValue(deepLink) {
  const q = new URL(deepLink).searchParams;
  const payload = {};
  for (const [k, val] of q) payload[k] = ['dcql_query', 'client_metadata', 'transaction_data'].includes(k) ? JSON.parse(val) : val;
  return { payload, header: null };
}
{
  const c = await create({ template: 'age_over_18', client_id_prefix: 'redirect_uri', response_mode: 'direct_post' });
  assert.equal(c.body.request_uri, undefined);
  const req = byValue(c.body.deep_link);
  assert.equal(req.payload.client_id, 'redirect_uri:' + req.payload.response_uri);
  assert.equal(req.payload.response_type, 'vp_token');
  const r = await post(req, { vp_token: { pid: [presentSdjwt(req)] }, state: req.payload.state });
  assert.equal(r.status, 200);
  await expectVerified(c.body);
  // nothing to fetch by reference for it
  assert.equal((await fetch(`${base}/oid4vp/request/${c.body.id}`)).status, 404);
}

// ---- 6. @openid4vc/openid4vp as the wallet --------------------------------------
const callbacks = {
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  verifyJwt: async (signer, jwt) => {
    try {
      const pem = `-----BEGIN CERTIFICATE-----\n${signer.x5c[0]}\n-----END CERTIFICATE-----`;
      const key = await jose.importX509(pem, jwt.header.alg);
      await jose.compactVerify(jwt.compact, key);
      return { verified: true, signerJwk: await jose.exportJWK(key) };
    } catch { return { verified: false }; }
  },
  getX509CertificateMetadata: (cert) => {
    const x = new X509Certificate(Buffer.from(cert, 'base64'));
    const names = (x.subjectAltName || '').split(', ');
    return { sanDnsNames: names.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)),
      sanUriNames: names.filter((n) => n.startsWith('URI:')).map((n) => n.slice(4)) };
  },
  encryptJwe: async (encryptor, data) => {
    const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(data))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: encryptor.enc, kid: encryptor.publicJwk.kid })
      .encrypt(await jose.importJWK(encryptor.publicJwk, 'ECDH-ES'));
    return { encryptionJwk: encryptor.publicJwk, jwe };
  },
  fetch: (url, init) => fetch(local(String(url)), init),
};
const peer = new Openid4vpClient({ callbacks });
for (const [prefix, mode] of [['x509_san_dns', 'direct_post.jwt'], ['x509_hash', 'direct_post'],
  ['redirect_uri', 'direct_post']]) {
  const c = await create({ template: 'citizen_identity', client_id_prefix: prefix, response_mode: mode });
  const parsed = peer.parseOpenid4vpAuthorizationRequest({ authorizationRequest: c.body.deep_link });
  const resolved = await peer.resolveOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: parsed.params });
  assert.equal(resolved.client.prefix, prefix);
  assert.equal(resolved.version, 100); // OpenID4VP 1.0 final
  const payload = resolved.authorizationRequestPayload;
  assert.ok(resolved.dcql);
  const pres = presentSdjwt({ payload });
  const resp = await peer.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: payload,
    authorizationResponsePayload: { vp_token: { pid: [pres] } },
    ...(mode === 'direct_post.jwt' ? { jarm: { encryption: { nonce: payload.nonce },
      serverMetadata: { authorization_signing_alg_values_supported: ['ES256'],
        authorization_encryption_alg_values_supported: ['ECDH-ES'],
        authorization_encryption_enc_values_supported: ['A128GCM'] } } } : {}),
  });
  const sub = await peer.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: payload,
    authorizationResponsePayload: resp.authorizationResponsePayload,
    ...(resp.jarm ? { jarm: { responseJwt: resp.jarm.responseJwt } } : {}),
  });
  assert.equal(sub.response.status, 200, await sub.response.clone().text());
  await expectVerified(c.body, (s) => assert.equal(s.credentials[0].claims.given_name, 'An'));
}

// ---- 7. rejections -----------------------------------------------------------
async function rejectCase(name, { create: cbody = { template: 'citizen_identity' }, params, to, code, desc,
  status = 400, recorded = true }) {
  const c = await create(cbody);
  assert.equal(c.status, 201, name);
  const req = await fetchRequest(c.body);
  const r = await post(req, params(req), { to: to?.(req) });
  assert.equal(r.status, status, `${name}: ${JSON.stringify(r.body)}`);
  if (recorded) await expectFailed(c.body, code, desc);
  else {
    assert.equal((await session(c.body.id)).status, 'pending', name);
    negative++;
  }
  return { c, req };
}
// wrong nonce
await rejectCase('wrong nonce', { params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { nonce: 'other-nonce' })] },
  state: req.payload.state }), code: 'wrong_nonce' });
// wrong aud
await rejectCase('wrong aud', { params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { aud: 'x509_san_dns:evil.example' })] },
  state: req.payload.state }), code: 'wrong_audience' });
// untrusted issuer
await rejectCase('untrusted issuer', { params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { cred: 'pid-rogue.sdjwt' })] },
  state: req.payload.state }), code: 'key_not_found' });
// revoked credential (index 1 of the issuer's status list, served over HTTP)
await rejectCase('revoked', { params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { cred: 'pid-revoked.sdjwt' })] },
  state: req.payload.state }), code: 'revoked' });
// missing requested claim (birthdate not disclosed)
await rejectCase('missing claim', { params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { disclose: 'family_name,given_name' })] },
  state: req.payload.state }), code: 'query_not_satisfied', desc: /does not satisfy/ });
// transaction data altered (the wallet hashed other payment data)
await rejectCase('transaction data altered', {
  create: { dcql_query: ageQuery, transaction_data: [payment] },
  params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { td: [Buffer.from(JSON.stringify({ ...payment, amount: '1' })).toString('base64url')] })] },
    state: req.payload.state }), code: 'transaction_data_mismatch' });
// transaction data required but the KB-JWT has none
await rejectCase('transaction data missing', {
  create: { dcql_query: ageQuery, transaction_data: [payment] },
  params: (req) => ({ vp_token: { pid: [presentSdjwt(req, { td: [] })] }, state: req.payload.state }),
  code: 'transaction_data_mismatch' });
// mdoc answered for another request's transcript (nonce)
await rejectCase('mdoc wrong transcript', { create: { template: 'driving_licence' },
  params: (req) => ({ vp_token: { mdl: [presentMdoc(req, { nonce: 'other' })] }, state: req.payload.state }),
  code: 'mdoc_device_signature' });
// mdoc IssuerSigned alone (no device authentication)
await rejectCase('mdoc without device auth', { create: { template: 'driving_licence' },
  params: (req) => ({ vp_token: { mdl: [fs.readFileSync(w.f('mdl.cred'), 'utf8').trim()] }, state: req.payload.state }),
  code: 'holder_binding' });
// credential of another type than asked (mdoc sent for an SD-JWT query)
await rejectCase('wrong format', { params: (req) => ({ vp_token: { pid: ['not-a-presentation'] }, state: req.payload.state }),
  code: 'bad_sd_jwt' });
// vp_token without any requested credential (only unrequested ones: not passed on)
await rejectCase('unrequested only', { params: (req) => ({ vp_token: { other: [presentSdjwt(req)] }, state: req.payload.state }),
  code: 'invalid_request', desc: /no presentation/ });
// the wallet's own refusal is recorded as failed (HTTP 200 to the wallet)
await rejectCase('wallet refusal', { params: (req) => ({ error: 'access_denied', state: req.payload.state }),
  code: 'wallet_error', status: 200, desc: /access_denied/ });

// response for another request: A's response posted to B's endpoint → refused, both untouched
{
  const a = await create({ template: 'citizen_identity' });
  const b = await create({ template: 'citizen_identity' });
  const ra = await fetchRequest(a.body);
  const rb = await fetchRequest(b.body);
  const presA = presentSdjwt(ra);
  // encrypted to B's key (so it decrypts), carrying A's state
  const r = await post(rb, { vp_token: { pid: [presA] }, state: ra.payload.state });
  assert.equal(r.status, 400);
  assert.match(r.body.error_description, /state does not belong/);
  assert.equal((await session(a.body.id)).status, 'pending');
  assert.equal((await session(b.body.id)).status, 'pending');
  negative++;
  // and B answered with A's presentation under B's state: nonce/aud mismatch
  const r2 = await post(rb, { vp_token: { pid: [presA] }, state: rb.payload.state });
  assert.equal(r2.status, 400);
  await expectFailed(b.body, 'wrong_nonce');
  // A can still be answered properly
  assert.equal((await post(ra, { vp_token: { pid: [presA] }, state: ra.payload.state })).status, 200);
  await expectVerified(a.body);
}
// two presentations for a query without "multiple"
await rejectCase('two presentations', { params: (req) => ({ vp_token: { pid: [presentSdjwt(req), presentSdjwt(req)] },
  state: req.payload.state }), code: 'invalid_request', desc: /without "multiple"/ });
// a JWE posted to a direct_post request: refused, nothing recorded
{
  const c = await create({ template: 'citizen_identity', response_mode: 'direct_post' });
  const req = await fetchRequest(c.body);
  const r = await fetch(local(req.payload.response_uri), { method: 'POST', body: new URLSearchParams({ response: 'a.b.c.d.e' }) });
  assert.equal(r.status, 400);
  assert.match((await r.json()).error_description, /not direct_post.jwt/);
  assert.equal((await session(c.body.id)).status, 'pending');
  negative++;
  // vp_token that is not JSON
  const r2 = await fetch(local(req.payload.response_uri), { method: 'POST',
    body: new URLSearchParams({ vp_token: 'not json', state: req.payload.state }) });
  assert.equal(r2.status, 400);
  await expectFailed(c.body, 'invalid_request', /vp_token/);
}
// a plain form posted to a direct_post.jwt request: refused, nothing recorded
{
  const c = await create({ template: 'citizen_identity' });
  const req = await fetchRequest(c.body);
  const form = new URLSearchParams({ vp_token: JSON.stringify({ pid: [presentSdjwt(req)] }), state: req.payload.state });
  const r = await fetch(local(req.payload.response_uri), { method: 'POST', body: form });
  assert.equal(r.status, 400);
  assert.equal((await session(c.body.id)).status, 'pending');
  negative++;
  // a JWE encrypted to another key
  const other = await jose.generateKeyPair('ECDH-ES', { crv: 'P-256' });
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode('{}'))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' }).encrypt(other.publicKey);
  const r2 = await fetch(local(req.payload.response_uri), { method: 'POST', body: new URLSearchParams({ response: jwe }) });
  assert.equal(r2.status, 400);
  assert.match((await r2.json()).error_description, /decrypt/);
  assert.equal((await session(c.body.id)).status, 'pending');
  negative++;
  // malformed: not a form body
  const r3 = await fetch(local(req.payload.response_uri), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(r3.status, 400);
  negative++;
  // oversized body: over the 1 MiB cap → 413 before reading
  assert.equal(await announceOnly(new URL(req.payload.response_uri).pathname, 1100000), 413);
  assert.equal((await session(c.body.id)).status, 'pending');
  negative++;
  // unknown request id
  const r5 = await fetch(`${base}/oid4vp/response/nope`, { method: 'POST', body: new URLSearchParams({ response: 'x' }) });
  assert.equal(r5.status, 400);
  negative++;
}

// ---- 8. relying-party API rules ------------------------------------------------
{
  // over its registration: 403 naming the claim
  let c = await create({ dcql_query: { credentials: [{ id: 'pid', format: 'dc+sd-jwt',
    meta: { vct_values: ['https://id.hanoi.gov.vn/pid'] }, claims: [{ path: ['given_name'] }, { path: ['address', 'locality'] }] }] } });
  assert.equal(c.status, 403);
  assert.equal(c.body.error, 'access_denied');
  assert.match(c.body.error_description, /\["address","locality"\]/);
  negative++;
  // the mini shop may only use age_over_18 and only age 18
  c = await create({ template: 'citizen_identity' }, w.rpKey2);
  assert.equal(c.status, 403);
  assert.match(c.body.error_description, /template 'citizen_identity'/);
  c = await create({ dcql_query: ageQuery }, w.rpKey2);
  assert.equal(c.status, 201);
  c = await create({ dcql_query: { credentials: [{ id: 'pid', format: 'dc+sd-jwt',
    meta: { vct_values: ['https://id.hanoi.gov.vn/pid'] }, claims: [{ path: ['age_equal_or_over', '65'] }] }] } }, w.rpKey2);
  assert.equal(c.status, 403);
  assert.match(c.body.error_description, /\["age_equal_or_over","65"\]/);
  // a type it did not register
  c = await create({ dcql_query: { credentials: [{ id: 'x', format: 'mso_mdoc',
    meta: { doctype_value: 'org.iso.18013.5.1.mDL' } }] } }, w.rpKey2);
  assert.equal(c.status, 403);
  assert.match(c.body.error_description, /credential type 'org.iso.18013.5.1.mDL'/);
  negative += 3;
  // another relying party's session is not visible
  const mine = await create({ template: 'age_over_18' });
  const r = await fetch(`${base}/v1/presentations/${mine.body.id}`, { headers: auth(w.rpKey2) });
  assert.equal(r.status, 404);
  negative++;
  // no / wrong API key
  assert.equal((await fetch(`${base}/v1/presentations`, { method: 'POST', body: '{}' })).status, 401);
  assert.equal((await fetch(`${base}/v1/presentations/x`, { headers: auth('wk_wrong') })).status, 401);
  negative += 2;
  // malformed requests
  c = await create({ template: 'age_over_18', dcql_query: ageQuery });
  assert.equal(c.status, 400);
  c = await create({ dcql_query: { credentials: [] } });
  assert.equal(c.status, 400);
  assert.match(c.body.error_description, /dcql_empty|DCQL|dcql/i);
  c = await create({ dcql_query: ageQuery, transaction_data: [{ type: 'payment', credential_ids: ['pid'], amount: '-5', currency: 'VND', payee: 'x' }] });
  assert.equal(c.status, 400);
  assert.match(c.body.error_description, /positive "amount"/);
  c = await create({ dcql_query: ageQuery, transaction_data: [{ type: 'payment', credential_ids: ['nope'], amount: '5', currency: 'VND', payee: 'x' }] });
  assert.equal(c.status, 400);
  c = await create({ template: 'driving_licence', transaction_data: [{ type: 'payment', credential_ids: ['mdl'], amount: '5', currency: 'VND', payee: 'x' }] });
  assert.equal(c.status, 400);
  assert.match(c.body.error_description, /dc\+sd-jwt credentials only/);
  let rr = await fetch(`${base}/v1/presentations`, { method: 'POST', headers: auth(), body: 'not json' });
  assert.equal(rr.status, 400);
  assert.equal(await announceOnly('/v1/presentations', 70000, auth()), 413);
  negative += 7;
  // templates listing
  rr = await fetch(`${base}/v1/templates`, { headers: auth(w.rpKey2) });
  const tl = await rr.json();
  assert.deepEqual(tl.templates.map((t) => t.name), ['age_over_18']);
  positive++;
}

// ---- 9. offline counter check -------------------------------------------------
{
  const pres = wallet(['present', 'sdjwt', '--disclose', 'given_name', w.f('pid.sdjwt')]);
  let r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: pres });
  let j = await r.json();
  assert.equal(r.status, 200);
  assert.equal(j.valid, true, JSON.stringify(j));
  assert.equal(j.claims.given_name, 'An');
  assert.equal(j.claims.family_name, undefined);
  positive++;
  // as a QR image
  fs.writeFileSync(w.f('pres.txt'), pres);
  wallet(['qr', 'encode', '--png', w.f('pres.png'), w.f('pres.txt')]);
  r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'image/png' }, body: fs.readFileSync(w.f('pres.png')) });
  j = await r.json();
  assert.equal(j.valid, true, JSON.stringify(j));
  r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ qr_png: fs.readFileSync(w.f('pres.png')).toString('base64') }) });
  assert.equal((await r.json()).valid, true);
  positive += 2;
  // HC1 health certificate
  wallet(['key', 'gen', '--alg', 'ES256', '--out', w.f('dsc.jwk')]);
  fs.writeFileSync(w.f('hc1.json'), JSON.stringify({ ver: '1.3.0', nam: { fn: 'Nguyen', fnt: 'NGUYEN', gn: 'An', gnt: 'AN' },
    dob: '1990-04-12', v: [{ tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 2, sd: 2,
      dt: '2026-01-10', co: 'VN', is: 'Hanoi Department of Health', ci: 'URN:UVCI:01:VN:HN000120#1' }] }));
  const hc1 = wallet(['issue', 'hc1', '--key', w.f('dsc.jwk'), '--kid', 'AAECAwQFBgc=', '--claims', w.f('hc1.json')]);
  r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: hc1 });
  j = await r.json();
  assert.equal(j.valid, false, JSON.stringify(j)); // its DSC is not in the trust set
  assert.equal(j.format, 'hc1');
  negative++;
  // revoked offline too
  const rev = wallet(['present', 'sdjwt', '--disclose', 'given_name', w.f('pid-revoked.sdjwt')]);
  r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: rev });
  j = await r.json();
  assert.equal(j.valid, false);
  assert.equal(j.error, 'revoked');
  negative++;
  // no QR in the image
  r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'image/png' }, body: Buffer.from('not a png') });
  assert.equal(r.status, 400);
  r = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/xml' }, body: '<x/>' });
  assert.equal(r.status, 415);
  negative += 2;
}

// ---- 10. operations: metrics, health, access log without personal data ------
{
  const m = await (await fetch(`${base}/metrics`)).text();
  assert.match(m, /wallet_verifier_presentations_completed_total\{result="verified"\} \d+/);
  assert.match(m, /wallet_verifier_presentations_completed_total\{result="failed"\} \d+/);
  const h = await (await fetch(`${base}/healthz`)).json();
  assert.equal(h.status, 'ok');
  const log = fs.readFileSync(w.f('access.log'), 'utf8');
  assert.ok(log.includes('"/oid4vp/response/{id}"'));
  for (const secret of [w.rpKey, 'Nguyễn', 'HN-0042', '1990-04-12']) assert.ok(!log.includes(secret), secret);
  positive++;
}

// ---- 11. restart: sessions survive in the encrypted store; SIGTERM exits 0 ---
{
  const c = await create({ template: 'age_over_18' });
  assert.equal(await stopVerifier(v), 0);
  v = await startVerifier(verifierBin, cfg, port, w.f('verifier.log'));
  const req = await fetchRequest(c.body);
  assert.equal((await post(req, { vp_token: { pid: [presentSdjwt(req)] }, state: req.payload.state })).status, 200);
  await expectVerified(c.body);
  // the signing key was kept (same certificate)
  assert.ok(fs.existsSync(w.f('request-signing.pem')));
  assert.equal((fs.statSync(w.f('request-signing.jwk')).mode & 0o777), 0o600);
}

assert.equal(await stopVerifier(v), 0);

// ---- 12. a counter offline: status from a signed snapshot, network gone -------
{
  fs.mkdirSync(w.f('trust-dir'), { recursive: true });
  fs.copyFileSync(w.f('issuer.pub.jwk'), w.f('trust-dir/issuer.jwk'));
  wallet(['key', 'gen', '--alg', 'ES256', '--out', w.f('snap.jwk')]);
  fs.writeFileSync(w.f('snap.pub.jwk'), wallet(['key', 'pub', w.f('snap.jwk')]));
  wallet(['status', 'snapshot', '--trust', w.f('trust-dir'), '--key', w.f('snap.jwk'), '--token', w.f('status.jwt'),
    '--out', w.f('status.snapshot')]);
  w.statusServer.close(); // the issuer is unreachable from now on
  const port2 = await freePort();
  const cfg2 = JSON.parse(fs.readFileSync(cfg, 'utf8'));
  cfg2.listen.port = port2;
  cfg2.verifier.public_url = `http://localhost:${port2}`;
  cfg2.storage.path = w.f('verifier2.db');
  cfg2.storage.key_file = w.f('storage2.key');
  cfg2.status = { mode: 'snapshot', snapshot: w.f('status.snapshot'), snapshot_key: w.f('snap.pub.jwk'),
    max_age_seconds: 86400 };
  // a tight per-client limit on the relying-party group of this instance
  cfg2.rate_limits.groups.rp = { rate: 0.5, burst: 3 };
  fs.writeFileSync(w.f('verifier2.json'), JSON.stringify(cfg2));
  const v2 = await startVerifier(verifierBin, w.f('verifier2.json'), port2, w.f('verifier2.log'));
  const check = async (cred) => (await (await fetch(`${v2.base}/v1/verify`, { method: 'POST',
    headers: { ...auth(), 'Content-Type': 'text/plain' },
    body: wallet(['present', 'sdjwt', '--disclose', 'given_name', w.f(cred)]) })).json());
  let j = await check('pid.sdjwt');
  assert.equal(j.valid, true, JSON.stringify(j));
  assert.equal(j.status.status, 'valid');
  positive++;
  j = await check('pid-revoked.sdjwt');
  assert.equal(j.valid, false);
  assert.equal(j.error, 'revoked');
  negative++;
  // the third call used the burst: the next one is rate limited, per API key
  const rl = await fetch(`${v2.base}/v1/verify`, { method: 'POST',
    headers: { ...auth(), 'Content-Type': 'text/plain' }, body: 'x' });
  assert.equal(rl.status, 200); // third token: read, and judged (not a credential)
  assert.equal((await rl.json()).valid, false);
  const rl2 = await fetch(`${v2.base}/v1/verify`, { method: 'POST',
    headers: { ...auth(), 'Content-Type': 'text/plain' }, body: 'x' });
  assert.equal(rl2.status, 429);
  assert.ok(Number(rl2.headers.get('retry-after')) >= 1);
  // another relying party has its own bucket
  const other = await fetch(`${v2.base}/v1/verify`, { method: 'POST',
    headers: { ...auth(w.rpKey2), 'Content-Type': 'text/plain' }, body: 'x' });
  assert.notEqual(other.status, 429);
  negative++;
  // a snapshot signed by another key is refused at start
  cfg2.status.snapshot_key = w.f('issuer.pub.jwk');
  fs.writeFileSync(w.f('verifier3.json'), JSON.stringify(cfg2));
  assert.equal(await stopVerifier(v2), 0);
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(verifierBin, ['--config', w.f('verifier3.json')], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /status.snapshot: signature/);
  negative++;
}
clearTimeout(timer);
console.log(`verifier_e2e: ok (${positive} positive, ${negative} negative checks)`);
