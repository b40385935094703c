// wallet-issuer: every bad input of issue 7 answered with the error code of
// its specification (OpenID4VCI 1.0 §6.3 / §8.3.1.2, RFC 6749 §5.2, RFC 6750
// §3.1) and leaving the database unchanged, plus the positive paths around
// them (batch issuance, suspend/reinstate, HC1, status list ETag and CWT,
// metrics, restart with the same keys and statuses).
//
//   node issuer_negative.mjs WALLET_ISSUER WALLET_CLI WORKDIR
//
// "Unchanged" is checked with a snapshot taken through the service itself:
// the audit of every record used, the state of every offer used, and the
// status list bits. Bounded: 120 s.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CLAIMS, PREAUTH, admin, credential, form, freePort, holderKey, nonce, proof, redeem,
  signJwt, startIssuer, writeConfig,
} from './issuer_common.mjs';

const [bin, cli, work] = process.argv.slice(2);
if (!bin || !cli || !work) {
  console.error('usage: node issuer_negative.mjs WALLET_ISSUER WALLET_CLI WORKDIR');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('issuer_negative: timed out'); process.exit(1); }, 120000);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const port = await freePort();
const tokens = writeConfig(work, port, { offers: { tx_code_attempts: 3, ttl_seconds: 600 } });
let srv = await startIssuer(bin, work, port);
const base = srv.base;
const H = tokens['health-dept'];
const P = tokens['police-dept'];
let positive = 0;
let negative = 0;

const offersUsed = new Set();
const recordsUsed = new Set(['rec-neg']);
async function snapshot() {
  const s = { audit: {}, offers: {} };
  for (const rid of recordsUsed) {
    s.audit[rid] = [
      (await admin(base, H, 'GET', `/admin/records/${rid}/issued`)).json,
      (await admin(base, P, 'GET', `/admin/records/${rid}/issued`)).json,
    ];
  }
  for (const [id, tok] of offersUsed) {
    const j = (await admin(base, tok, 'GET', `/admin/offers/${id}`)).json;
    s.offers[id] = j.error ?? j; // an expired offer may be purged at a restart: both are gone
  }
  for (const id of ['1', '2']) {
    const r = await fetch(`${base}/status/${id}`);
    if (r.status === 200) s.status = JSON.parse(Buffer.from((await r.text()).split('.')[1], 'base64url')).status_list.lst;
  }
  return JSON.stringify(s);
}

async function newOffer(tok, type = 'health_book', extra = {}) {
  const o = await admin(base, tok, 'POST', '/admin/offers',
    { record_id: 'rec-neg', credentials: { [type]: CLAIMS[type] }, ...extra });
  assert.equal(o.status, 201, o.text);
  offersUsed.add([o.json.offer_id, tok]);
  return o.json;
}

// A redeemed offer with a token, ready for credential requests.
async function ready(tok = H, type = 'health_book') {
  const o = await newOffer(tok, type);
  const r = await redeem(base, o);
  assert.equal(r.token.status, 200, JSON.stringify(r.token.json));
  return { offer: o, at: r.token.json.access_token, type };
}

// Run `fn` (a bad request); assert its status and error code; assert the
// database did not change.
async function refused(name, status, error, fn) {
  const before = await snapshot();
  const r = await fn();
  assert.equal(r.status, status, `${name}: status ${r.status} ${JSON.stringify(r.json)}`);
  assert.equal(r.json?.error, error, `${name}: ${JSON.stringify(r.json)}`);
  const after = await snapshot();
  assert.equal(after, before, `${name}: the database changed`);
  negative++;
  return r;
}

// ---- admin API ---------------------------------------------------------------------
await refused('admin_missing_api_key', 401, 'invalid_token', () =>
  admin(base, null, 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { health_book: CLAIMS.health_book } }));
await refused('admin_invalid_api_key', 401, 'invalid_token', () =>
  admin(base, 'wk_not_a_key', 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { health_book: CLAIMS.health_book } }));
await refused('admin_malformed_authorization', 400, 'invalid_request', async () => {
  const r = await fetch(`${base}/admin/offers`, { method: 'POST', headers: { authorization: 'Basic abc' }, body: '{}' });
  return { status: r.status, json: await r.json() };
});
await refused('admin_type_not_in_agency_scope', 403, 'insufficient_scope', () =>
  admin(base, H, 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { citizen_identity: CLAIMS.citizen_identity } }));
await refused('admin_malformed_json', 400, 'invalid_request', () =>
  admin(base, H, 'POST', '/admin/offers', '{"record_id": "rec-neg", '));
await refused('admin_unknown_type', 400, 'invalid_request', () =>
  admin(base, H, 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { pilot_licence: {} } }));
await refused('admin_national_id_not_12_digits', 400, 'invalid_request', () =>
  admin(base, H, 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { health_book: { ...CLAIMS.health_book, national_id: '00109901234' } } }));
await refused('admin_unknown_claim', 400, 'invalid_request', () =>
  admin(base, H, 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { health_book: { ...CLAIMS.health_book, religion: 'x' } } }));
await refused('admin_required_claim_missing', 400, 'invalid_request', () => {
  const { birthdate, ...c } = CLAIMS.health_book;
  return admin(base, H, 'POST', '/admin/offers', { record_id: 'rec-neg', credentials: { health_book: c } });
});
await refused('admin_bad_record_id', 400, 'invalid_request', () =>
  admin(base, H, 'POST', '/admin/offers', { record_id: 'a b/c', credentials: { health_book: CLAIMS.health_book } }));
await refused('admin_hc1_without_scope', 403, 'insufficient_scope', () =>
  admin(base, P, 'POST', '/admin/records/rec-neg/hc1', { payload: {} }));

// ---- token endpoint -------------------------------------------------------------------
{
  const o = await newOffer(H);
  const offer = await (await fetch(o.offer_url)).json();
  const code = offer.grants[PREAUTH]['pre-authorized_code'];
  assert.deepEqual(offer.grants[PREAUTH].tx_code, { input_mode: 'numeric', length: 6, description: offer.grants[PREAUTH].tx_code.description });
  positive++;
  await refused('token_unsupported_grant_type', 400, 'unsupported_grant_type', () =>
    form(base, '/token', { grant_type: 'authorization_code', code }));
  await refused('token_missing_grant_type', 400, 'invalid_request', () =>
    form(base, '/token', { 'pre-authorized_code': code }));
  await refused('token_missing_code', 400, 'invalid_request', () =>
    form(base, '/token', { grant_type: PREAUTH }));
  await refused('token_unknown_code', 400, 'invalid_grant', () =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': 'nope', tx_code: o.tx_code }));
  await refused('token_missing_tx_code', 400, 'invalid_request', () =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': code }));
  await refused('token_repeated_parameter', 400, 'invalid_request', async () => {
    const r = await fetch(`${base}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=${encodeURIComponent(PREAUTH)}&pre-authorized_code=${code}&pre-authorized_code=${code}&tx_code=${o.tx_code}`,
    });
    return { status: r.status, json: await r.json() };
  });
  await refused('token_not_form_encoded', 400, 'invalid_request', async () => {
    const r = await fetch(`${base}/token`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: PREAUTH, 'pre-authorized_code': code }) });
    return { status: r.status, json: await r.json() };
  });
  await refused('token_oversized_body', 413, 'invalid_request', async () => {
    const r = await fetch(`${base}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=${encodeURIComponent(PREAUTH)}&pad=${'a'.repeat(20000)}` });
    return { status: r.status, json: await r.json().catch(() => ({ error: 'invalid_request' })) };
  });
  // Wrong tx_code: counted (the only refusal that writes), locked at the limit.
  const wrong = o.tx_code === '000000' ? '111111' : '000000';
  for (let i = 1; i <= 3; i++) {
    const r = await form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': code, tx_code: wrong });
    assert.equal(r.status, 400);
    assert.equal(r.json.error, 'invalid_grant');
    const st = (await admin(base, H, 'GET', `/admin/offers/${o.offer_id}`)).json;
    assert.equal(st.attempts, i);
    assert.equal(st.state, i < 3 ? 'pending' : 'locked');
  }
  negative++;
  await refused('token_locked_offer_right_tx_code', 400, 'invalid_grant', () =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': code, tx_code: o.tx_code }));
  await refused('offer_uri_of_locked_offer', 404, 'not_found', async () => {
    const r = await fetch(o.offer_url);
    return { status: r.status, json: await r.json() };
  });
}
{
  // Redeemed twice.
  const o = await newOffer(H);
  const r1 = await redeem(base, o);
  assert.equal(r1.token.status, 200);
  assert.equal(r1.token.json.token_type, 'Bearer');
  positive++;
  await refused('token_offer_redeemed_twice', 400, 'invalid_grant', () =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': r1.code, tx_code: o.tx_code }));
  // No tx_code on an offer made without one.
  const o2 = await newOffer(H, 'health_book', { tx_code: false });
  assert.equal(o2.tx_code, undefined);
  const off2 = await (await fetch(o2.offer_url)).json();
  await refused('token_tx_code_not_expected', 400, 'invalid_request', () =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': off2.grants[PREAUTH]['pre-authorized_code'], tx_code: '123456' }));
  const r2 = await form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': off2.grants[PREAUTH]['pre-authorized_code'] });
  assert.equal(r2.status, 200);
  positive++;
}
{
  // Expired offer.
  const o = await newOffer(H, 'health_book', { expires_in: 1 });
  const offer = await (await fetch(o.offer_url)).json();
  await new Promise((res) => setTimeout(res, 2100));
  await refused('token_expired_offer', 400, 'invalid_grant', () =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': offer.grants[PREAUTH]['pre-authorized_code'], tx_code: o.tx_code }));
  await refused('offer_uri_expired', 404, 'not_found', async () => {
    const r = await fetch(o.offer_url);
    return { status: r.status, json: await r.json() };
  });
}

// ---- credential endpoint -----------------------------------------------------------------
const aud = base;
{
  const s = await ready();
  const k = holderKey();
  const n = await nonce(base);
  const good = () => proof(k, { aud, nonce: n });
  const req = (body) => () => credential(base, s.at, body);
  await refused('credential_no_access_token', 401, 'invalid_token', async () => {
    const r = await fetch(`${base}/credential`, { method: 'POST', body: '{}' });
    return { status: r.status, json: await r.json() };
  });
  await refused('credential_unknown_access_token', 401, 'invalid_token', () =>
    credential(base, 'not-a-token', { credential_configuration_id: 'health_book', proofs: { jwt: [good()] } }));
  await refused('credential_malformed_json', 400, 'invalid_credential_request', req('{"credential_configuration_id": '));
  await refused('credential_unknown_configuration', 400, 'unknown_credential_configuration',
    req({ credential_configuration_id: 'pilot_licence', proofs: { jwt: [good()] } }));
  await refused('credential_missing_configuration_id', 400, 'invalid_credential_request',
    req({ proofs: { jwt: [good()] } }));
  await refused('credential_identifier_unknown', 400, 'unknown_credential_identifier',
    req({ credential_identifier: 'x', proofs: { jwt: [good()] } }));
  await refused('credential_configuration_not_offered', 400, 'credential_request_denied',
    req({ credential_configuration_id: 'citizen_identity', proofs: { jwt: [good()] } }));
  await refused('credential_singular_proof', 400, 'invalid_credential_request',
    req({ credential_configuration_id: 'health_book', proof: { proof_type: 'jwt', jwt: good() } }));
  await refused('credential_no_proofs', 400, 'invalid_proof', req({ credential_configuration_id: 'health_book' }));
  await refused('credential_unsupported_proof_type', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { ldp_vp: [{}] } }));
  await refused('credential_too_many_proofs', 400, 'invalid_credential_request',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [1, 2, 3, 4, 5].map(() => proof(holderKey(), { aud, nonce: n })) } }));
  await refused('credential_encryption_not_supported', 400, 'invalid_encryption_parameters',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [good()] }, credential_response_encryption: { jwk: k.jwk, enc: 'A128GCM' } }));
  await refused('proof_signed_by_other_key_than_claimed', 400, 'invalid_proof', () => {
    const other = holderKey();
    const jwt = signJwt(other.privateKey, { alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: k.jwk },
      { aud, iat: Math.floor(Date.now() / 1000), nonce: n });
    return credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [jwt] } });
  });
  await refused('proof_wrong_typ', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud, nonce: n, typ: 'JWT' })] } }));
  await refused('proof_wrong_aud', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud: 'https://evil.example', nonce: n })] } }));
  await refused('proof_stale_iat', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud, nonce: n, iat: Math.floor(Date.now() / 1000) - 3600 })] } }));
  await refused('proof_future_iat', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud, nonce: n, iat: Math.floor(Date.now() / 1000) + 3600 })] } }));
  await refused('proof_kid_instead_of_jwk', 400, 'invalid_proof', () => {
    const jwt = signJwt(k.privateKey, { alg: 'ES256', typ: 'openid4vci-proof+jwt', kid: 'did:example:1#k' },
      { aud, iat: Math.floor(Date.now() / 1000), nonce: n });
    return credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [jwt] } });
  });
  await refused('proof_private_jwk', 400, 'invalid_proof', () => {
    const priv = k.privateKey.export({ format: 'jwk' });
    return credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud, nonce: n, jwk: priv })] } });
  });
  await refused('proof_alg_none', 400, 'invalid_proof', () => {
    const b = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: k.jwk })}.${b({ aud, iat: Math.floor(Date.now() / 1000), nonce: n })}.`;
    return credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [jwt] } });
  });
  await refused('proof_not_a_jwt', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: ['abc'] } }));
  await refused('proof_without_nonce', 400, 'invalid_nonce',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud })] } }));
  await refused('proof_unknown_nonce', 400, 'invalid_nonce',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [proof(k, { aud, nonce: 'made-up' })] } }));
  await refused('proofs_same_key_twice', 400, 'invalid_proof',
    req({ credential_configuration_id: 'health_book', proofs: { jwt: [good(), good()] } }));
  await refused('credential_oversized_body', 413, 'invalid_request', async () => {
    const r = await fetch(`${base}/credential`, { method: 'POST',
      headers: { authorization: `Bearer ${s.at}`, 'content-type': 'application/json' },
      body: JSON.stringify({ credential_configuration_id: 'health_book', pad: 'a'.repeat(300 * 1024) }) });
    return { status: r.status, json: await r.json().catch(() => ({ error: 'invalid_request' })) };
  });

  // After all that, the same nonce still works: nothing consumed it.
  // Batch: two holder keys → two credentials, two status indexes.
  const k2 = holderKey();
  const ok = await credential(base, s.at, { credential_configuration_id: 'health_book',
    proofs: { jwt: [good(), proof(k2, { aud, nonce: n })] } });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.credentials.length, 2);
  const idx = ok.json.credentials.map((c) => JSON.parse(Buffer.from(c.credential.split('.')[1], 'base64url')).status.status_list.idx);
  assert.notEqual(idx[0], idx[1]);
  const cnf = ok.json.credentials.map((c) => JSON.parse(Buffer.from(c.credential.split('.')[1], 'base64url')).cnf.jwk.x);
  assert.deepEqual(cnf, [k.jwk.x, k2.jwk.x]);
  positive++;

  // Replayed nonce, with a fresh token.
  const s2 = await ready();
  await refused('proof_replayed_nonce', 400, 'invalid_nonce', () =>
    credential(base, s2.at, { credential_configuration_id: 'health_book', proofs: { jwt: [proof(holderKey(), { aud, nonce: n })] } }));
  // The same credential again with the first token.
  const n2 = await nonce(base);
  await refused('credential_twice_same_token', 400, 'credential_request_denied', () =>
    credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [proof(holderKey(), { aud, nonce: n2 })] } }));
}

// ---- races: one code redeemed by 10 concurrent token requests, one c_nonce
// used by 10 concurrent credential requests — exactly one wins each time.
{
  const o = await newOffer(H);
  const offer = await (await fetch(o.offer_url)).json();
  const code = offer.grants[PREAUTH]['pre-authorized_code'];
  const rs = await Promise.all([...Array(10)].map(() =>
    form(base, '/token', { grant_type: PREAUTH, 'pre-authorized_code': code, tx_code: o.tx_code })));
  assert.equal(rs.filter((r) => r.status === 200).length, 1, 'one redemption wins');
  assert.ok(rs.filter((r) => r.status !== 200).every((r) => r.json.error === 'invalid_grant'));
  const sessions = [];
  for (let i = 0; i < 10; i++) sessions.push(await ready());
  const n = await nonce(base);
  const cs = await Promise.all(sessions.map((s) => credential(base, s.at,
    { credential_configuration_id: 'health_book', proofs: { jwt: [proof(holderKey(), { aud, nonce: n })] } })));
  assert.equal(cs.filter((r) => r.status === 200).length, 1, 'one use of the c_nonce wins');
  assert.ok(cs.filter((r) => r.status !== 200).every((r) => r.json.error === 'invalid_nonce'));
  positive++;
  negative++;
}

// ---- an offer of two credential types: one token, each type once ----------------------------
{
  const o = await admin(base, P, 'POST', '/admin/offers', { record_id: 'rec-neg',
    credentials: { citizen_identity: CLAIMS.citizen_identity,
      residence_confirmation: { national_id: '001099012345', family_name: 'Nguyễn', given_name: 'Văn An',
        residence_type: 'permanent', address: { locality: 'Hà Nội' }, registered_since: '2010-05-01' } } });
  assert.equal(o.status, 201, o.text);
  offersUsed.add([o.json.offer_id, P]);
  const r = await redeem(base, o.json);
  assert.deepEqual(r.offer.credential_configuration_ids, ['citizen_identity', 'residence_confirmation']);
  for (const type of ['citizen_identity', 'residence_confirmation']) {
    const n = await nonce(base);
    const c = await credential(base, r.token.json.access_token,
      { credential_configuration_id: type, proofs: { jwt: [proof(holderKey(), { aud, nonce: n })] } });
    assert.equal(c.status, 200, JSON.stringify(c.json));
    const payload = JSON.parse(Buffer.from(c.json.credentials[0].credential.split('.')[1], 'base64url'));
    assert.equal(payload.vct, `urn:vn:hanoi:${type}:1`);
  }
  const audit = (await admin(base, P, 'GET', '/admin/records/rec-neg/issued')).json.issued;
  assert.deepEqual(audit.map((e) => e.type).sort(), ['citizen_identity', 'residence_confirmation']);
  positive++;
}

// ---- status lists: suspend / reinstate / revoke, ETag, CWT -------------------------------------
{
  const trust = path.join(work, 'trust');
  fs.mkdirSync(trust, { recursive: true });
  const jwks = await (await fetch(`${base}/.well-known/jwt-vc-issuer`)).json();
  fs.writeFileSync(path.join(trust, 'issuer.jwk'), JSON.stringify(jwks.jwks.keys[0]));
  fs.copyFileSync(path.join(work, 'keys/hc1.pem'), path.join(trust, 'hc1.pem'));
  const verify = (input) => spawnSync(cli, ['verify', '--trust', trust, '--status', '-'], { input, encoding: 'utf8', timeout: 30000 });

  const s = await ready();
  const n = await nonce(base);
  const c = await credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [proof(holderKey(), { aud, nonce: n })] } });
  assert.equal(c.status, 200);
  const cred = c.json.credentials[0].credential;
  const idx = JSON.parse(Buffer.from(cred.split('.')[1], 'base64url')).status.status_list.idx;
  const entry = (await admin(base, H, 'GET', '/admin/records/rec-neg/issued')).json.issued.find((e) => e.status_idx === idx);
  assert.ok(entry);
  assert.equal(verify(cred).status, 0);

  let r1 = await fetch(`${base}/status/1`);
  const etag = r1.headers.get('etag');
  assert.equal(r1.headers.get('content-type'), 'application/statuslist+jwt');
  let r2 = await fetch(`${base}/status/1`, { headers: { 'if-none-match': etag } });
  assert.equal(r2.status, 304);
  const cwt = await fetch(`${base}/status/1`, { headers: { accept: 'application/statuslist+cwt' } });
  assert.equal(cwt.headers.get('content-type'), 'application/statuslist+cwt');
  assert.equal(Buffer.from(await cwt.arrayBuffer())[0], 0xd2, 'COSE_Sign1 tag 18');
  positive++;

  await refused('status_unknown_list', 404, 'not_found', async () => {
    const r = await fetch(`${base}/status/2`);
    return { status: r.status, json: await r.json() };
  });
  await refused('status_change_unknown_credential', 404, 'not_found', () =>
    admin(base, H, 'POST', '/admin/credentials/cr_nope/revoke', {}));
  await refused('status_change_other_agency', 403, 'insufficient_scope', () =>
    admin(base, P, 'POST', `/admin/credentials/${entry.id}/revoke`, {}));

  let r = await admin(base, H, 'POST', `/admin/credentials/${entry.id}/suspend`, {});
  assert.equal(r.json.status, 'suspended');
  r2 = await fetch(`${base}/status/1`, { headers: { 'if-none-match': etag } });
  assert.equal(r2.status, 200, 'a change gives a new ETag');
  let v = verify(cred);
  assert.notEqual(v.status, 0);
  assert.match(v.stdout + v.stderr, /suspended/i);
  r = await admin(base, H, 'POST', `/admin/credentials/${entry.id}/reinstate`, {});
  assert.equal(r.json.status, 'valid');
  assert.equal(verify(cred).status, 0);
  r = await admin(base, H, 'POST', `/admin/credentials/${entry.id}/revoke`, {});
  assert.equal(r.json.status, 'revoked');
  positive++;
  await refused('reinstate_revoked', 409, 'conflict', () =>
    admin(base, H, 'POST', `/admin/credentials/${entry.id}/reinstate`, {}));

  // HC1 health certificate.
  const hc = await admin(base, H, 'POST', '/admin/records/rec-neg/hc1', { valid_days: 30, payload: {
    ver: '1.3.0', nam: { fn: 'Nguyen', gn: 'Van An', fnt: 'NGUYEN', gnt: 'VAN<AN' }, dob: '1990-01-02',
    v: [{ tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 2, sd: 2, dt: '2021-06-01', co: 'VN', is: 'Bo Y te', ci: 'URN:UVCI:01:VN:0001' }],
  } });
  assert.equal(hc.status, 201, hc.text);
  assert.match(hc.json.hc1, /^HC1:/);
  v = spawnSync(cli, ['verify', '--trust', trust, '-'], { input: hc.json.hc1, encoding: 'utf8', timeout: 30000 });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  fs.writeFileSync(path.join(work, 'hc1.png'), Buffer.from(hc.json.qr_png, 'base64'));
  v = spawnSync(cli, ['verify', '--trust', trust, path.join(work, 'hc1.png')], { encoding: 'utf8', timeout: 30000 });
  assert.equal(v.status, 0, 'the QR PNG decodes to the same certificate: ' + v.stdout + v.stderr);
  positive++;
  await refused('hc1_bad_payload', 400, 'invalid_request', () =>
    admin(base, H, 'POST', '/admin/records/rec-neg/hc1', { payload: { ver: '1.3.0' } }));

  // Metrics and health.
  const m = await (await fetch(`${base}/metrics`)).text();
  assert.match(m, /wallet_issuer_issued_total\{type="health_book",format="dc\+sd-jwt"\} [0-9]+/);
  assert.match(m, /wallet_issuer_errors_total\{endpoint="credential",error="invalid_proof"\} [0-9]+/);
  assert.match(m, /wallet_issuer_status_changes_total\{status="revoked"\} 1/);
  assert.equal((await (await fetch(`${base}/healthz`)).json()).status, 'ok');
  positive++;

  // Access log: no token, no claim, no code.
  const log = fs.readFileSync(path.join(work, 'access.log'), 'utf8');
  assert.ok(!log.includes(H) && !log.includes('001099012345') && !log.includes('Nguy'));
  positive++;

  // Restart: same keys, same statuses.
  const before = await snapshot();
  const ex = await srv.stop();
  assert.equal(ex.code, 0);
  // The issuer key now comes from the environment (the secret override), its
  // file moved away: the same key, so the same JWKS.
  const keyFile = path.join(work, 'keys/issuer.key.pem');
  const keyPem = fs.readFileSync(keyFile, 'utf8');
  fs.renameSync(keyFile, keyFile + '.moved');
  srv = await startIssuer(bin, work, port, { WALLET_ISSUER_KEYS_ISSUER_KEY: keyPem });
  assert.ok(!fs.existsSync(keyFile), 'no key generated when the environment gives one');
  const jwks2 = await (await fetch(`${base}/.well-known/jwt-vc-issuer`)).json();
  assert.deepEqual(jwks2, jwks);
  assert.equal(await snapshot(), before);
  v = verify(cred);
  assert.notEqual(v.status, 0);
  assert.match(v.stdout + v.stderr, /revoked/i);
  positive++;
}

// A new status list (status.list_id from the environment): new credentials
// go to it; the old list is still served, and its credentials can still be
// suspended (their entries live in the old list).
{
  const ex0 = await srv.stop();
  assert.equal(ex0.code, 0);
  const keyFile = path.join(work, 'keys/issuer.key.pem');
  srv = await startIssuer(bin, work, port, {
    WALLET_ISSUER_STATUS_LIST_ID: '2', WALLET_ISSUER_KEYS_ISSUER_KEY: fs.readFileSync(keyFile + '.moved', 'utf8') });
  const old = (await admin(base, H, 'GET', '/admin/records/rec-neg/issued')).json.issued.find((e) => e.status_idx !== undefined && e.status === 'valid');
  assert.ok(old);
  const lst1 = async () => JSON.parse(Buffer.from((await (await fetch(`${base}/status/1`)).text()).split('.')[1], 'base64url')).status_list.lst;
  const before1 = await lst1();
  const r = await admin(base, H, 'POST', `/admin/credentials/${old.id}/suspend`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status_list, `${base}/status/1`);
  assert.notEqual(await lst1(), before1, 'the old list changed');
  assert.equal((await fetch(`${base}/status/2`)).status, 200);
  const s = await ready();
  const n = await nonce(base);
  const c = await credential(base, s.at, { credential_configuration_id: 'health_book', proofs: { jwt: [proof(holderKey(), { aud, nonce: n })] } });
  assert.equal(c.status, 200);
  const st = JSON.parse(Buffer.from(c.json.credentials[0].credential.split('.')[1], 'base64url')).status.status_list;
  assert.deepEqual(st, { idx: 0, uri: `${base}/status/2` });
  await refused('status_unknown_list_3', 404, 'not_found', async () => {
    const x = await fetch(`${base}/status/3`);
    return { status: x.status, json: await x.json() };
  });
  positive++;
}

const ex = await srv.stop();
assert.equal(ex.code, 0);
clearTimeout(timer);
console.log(`issuer_negative: ${positive} positive, ${negative} negative checks passed`);
