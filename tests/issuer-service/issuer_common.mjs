// Shared helpers of the wallet-issuer tests: start the service on a free
// loopback port chosen here, with its own directory (config, keys, the
// SQLCipher database), an agency API key per agency, and small HTTP and
// JWT helpers written with Node's own fetch and crypto only.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const PREAUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

// Agencies and their scopes (credential configuration ids, "hc1").
export const AGENCIES = {
  'health-dept': ['health_book', 'hc1'],
  'police-dept': ['citizen_identity', 'residence_confirmation'],
  'transport-dept': ['mdl'],
  'education-dept': ['education_degree'],
};

export function writeConfig(dir, port, extra = {}) {
  fs.mkdirSync(path.join(dir, 'keys'), { recursive: true });
  const tokens = {};
  const keys = [];
  for (const [id, scopes] of Object.entries(AGENCIES)) {
    tokens[id] = `wk_${id}_${crypto.randomBytes(16).toString('hex')}`;
    keys.push({ id, name: id, sha256: sha256hex(tokens[id]), scopes });
  }
  const types = path.resolve(path.dirname(new URL(import.meta.url).pathname),
    '../../issuer-service/data/types.json');
  const cfg = {
    public_url: `http://127.0.0.1:${port}`,
    listen: { address: '127.0.0.1', port },
    server: { threads: 4, shutdown_grace_ms: 3000 },
    types_file: types,
    storage: { path: 'issuer.db', key_file: 'storage.key', synchronous: 'normal' },
    keys: {
      issuer_key_file: 'keys/issuer.key.pem', iaca_key_file: 'keys/iaca.key.pem',
      iaca_cert: 'keys/iaca.pem', ds_key_file: 'keys/ds.key.pem', ds_cert: 'keys/ds.pem',
      hc1_key_file: 'keys/hc1.key.pem', hc1_cert: 'keys/hc1.pem',
    },
    issuer: { api_keys: keys },
    offers: { tx_code_attempts: 3 },
    access_log: { path: 'access.log' },
    rate_limits: { enabled: false },
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'issuer.json'), JSON.stringify(cfg, null, 1));
  fs.writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(tokens));
  return tokens;
}

// Start (or restart) the service of `dir`. Resolves once it listens.
export async function startIssuer(bin, dir, port, env = {}) {
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawn(bin, ['--config', path.join(dir, 'issuer.json')],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`issuer did not start: ${err}`)), 15000);
    child.stderr.on('data', (d) => {
      err += d;
      fs.writeSync(log, d);
      if (/listening on/.test(err)) { clearTimeout(t); resolve(); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`issuer exited (${code}): ${err}`)); });
  });
  child.removeAllListeners('exit');
  child.stderr.on('data', (d) => fs.writeSync(log, d));
  // A failed assertion ends the test process: never leave the service running.
  const reaper = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } };
  process.on('exit', reaper);
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => {
    process.off('exit', reaper);
    resolve({ code, sig });
  }));
  return {
    child, base, exited,
    async stop() { child.kill('SIGTERM'); return exited; },
    async kill9() { child.kill('SIGKILL'); return exited; },
  };
}

export async function admin(base, token, method, p, body) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(base + p, {
    method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text, headers: r.headers };
}

export async function form(base, p, params) {
  const r = await fetch(base + p, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: r.status, json: await r.json().catch(() => null), headers: r.headers };
}

const b64u = (b) => Buffer.from(b).toString('base64url');

// A holder key (P-256) and an OpenID4VCI JWT proof (Appendix F.1).
export function holderKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicKey, jwk };
}

export function signJwt(privateKey, header, payload) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  const sig = crypto.sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64u(sig)}`;
}

export function proof(key, { aud, nonce, iat, typ = 'openid4vci-proof+jwt', jwk = key.jwk, alg = 'ES256', extraHeader = {} }) {
  const header = { alg, typ, jwk, ...extraHeader };
  const payload = { aud, iat: iat ?? Math.floor(Date.now() / 1000) };
  if (nonce !== undefined) payload.nonce = nonce;
  return signJwt(key.privateKey, header, payload);
}

export const CLAIMS = {
  health_book: {
    national_id: '001099012345', family_name: 'Nguyễn', given_name: 'Văn An',
    birthdate: '1990-01-02', blood_type: 'O+', allergies: ['penicillin'],
  },
  citizen_identity: {
    national_id: '001099012345', family_name: 'Nguyễn', given_name: 'Văn An',
    birthdate: '1990-01-02', nationality: 'VN', address: { locality: 'Hà Nội', street: '1 Tràng Tiền' },
  },
  mdl: {
    family_name: 'Nguyen', given_name: 'Van An', birth_date: '1990-01-02',
    issue_date: '2025-01-01', expiry_date: '2035-01-01', issuing_country: 'VN',
    issuing_authority: 'Sở Giao thông vận tải Hà Nội', document_number: 'HN-0123456789',
    driving_privileges: [{ vehicle_category_code: 'B', issue_date: { $date: '2025-01-01' } }],
    age_over_18: true,
  },
};

// The whole pre-authorized flow with raw HTTP (used by the fault and
// negative tests; the interop test uses @openid4vc/openid4vci instead).
export async function redeem(base, offerResp) {
  const offerUrl = decodeURIComponent(offerResp.credential_offer_uri.split('credential_offer_uri=')[1]);
  const offer = await (await fetch(offerUrl)).json();
  const code = offer.grants[PREAUTH]['pre-authorized_code'];
  const params = { grant_type: PREAUTH, 'pre-authorized_code': code };
  if (offerResp.tx_code) params.tx_code = offerResp.tx_code;
  const t = await form(base, '/token', params);
  return { offer, code, token: t };
}

export async function nonce(base) {
  const r = await fetch(base + '/nonce', { method: 'POST' });
  return (await r.json()).c_nonce;
}

export async function credential(base, accessToken, body) {
  const r = await fetch(base + '/credential', {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null), headers: r.headers };
}

// The status-list index inside an SD-JWT VC (payload of its issuer JWT).
export function sdjwtStatusIdx(sdjwt) {
  const payload = JSON.parse(Buffer.from(sdjwt.split('~')[0].split('.')[1], 'base64url').toString());
  return payload.status.status_list.idx;
}
