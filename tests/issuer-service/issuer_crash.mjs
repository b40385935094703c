// wallet-issuer under a fault: kill -9 during a burst of issuances, then a
// restart. Every credential a client received must be in the audit, and no
// status-list index may ever be handed out twice (before or after the
// crash).
//
//   node issuer_crash.mjs WALLET_ISSUER WORKDIR
//
// 60 offers are made; 12 clients run the whole pre-authorized flow on them
// (offer by reference, token with tx_code, nonce, credential with one or
// two holder keys); the service is killed with SIGKILL once about a third
// of the credentials are out. Bounded: 90 s.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  CLAIMS, admin, credential, freePort, holderKey, nonce, proof, redeem, sdjwtStatusIdx,
  startIssuer, writeConfig,
} from './issuer_common.mjs';

const [bin, work] = process.argv.slice(2);
if (!bin || !work) {
  console.error('usage: node issuer_crash.mjs WALLET_ISSUER WORKDIR');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('issuer_crash: timed out'); process.exit(1); }, 90000);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const port = await freePort();
const tokens = writeConfig(work, port, { server: { threads: 4, shutdown_grace_ms: 3000 } });
const H = tokens['health-dept'];
let srv = await startIssuer(bin, work, port);
const base = srv.base;

const N = 60;
const offers = [];
for (let i = 0; i < N; i++) {
  const o = await admin(base, H, 'POST', '/admin/offers',
    { record_id: 'rec-crash', credentials: { health_book: CLAIMS.health_book } });
  assert.equal(o.status, 201);
  offers.push(o.json);
}

const received = []; // status indexes of every credential a client got
let killed = false;
let failures = 0;
async function flow(o) {
  const r = await redeem(base, o);
  if (r.token.status !== 200) throw new Error('token');
  const n = await nonce(base);
  const keys = [holderKey(), ...(Math.random() < 0.5 ? [holderKey()] : [])];
  const c = await credential(base, r.token.json.access_token, {
    credential_configuration_id: 'health_book',
    proofs: { jwt: keys.map((k) => proof(k, { aud: base, nonce: n })) },
  });
  if (c.status !== 200) throw new Error(`credential ${c.status}`);
  for (const x of c.json.credentials) received.push(sdjwtStatusIdx(x.credential));
}
let next = 0;
async function worker() {
  while (next < N && !killed) {
    const o = offers[next++];
    try { await flow(o); } catch { failures++; }
  }
}
const killer = (async () => {
  while (received.length < N / 3) await new Promise((r) => setTimeout(r, 5));
  killed = true;
  const ex = await srv.kill9();
  assert.equal(ex.sig, 'SIGKILL');
})();
await Promise.all([...Array(12)].map(worker));
await killer;
assert.ok(killed);
assert.ok(failures > 0, 'the kill interrupted some flows');
assert.ok(received.length >= N / 3);

srv = await startIssuer(bin, work, port);
const audit = (await admin(base, H, 'GET', '/admin/records/rec-crash/issued')).json.issued;
const auditIdx = audit.map((e) => e.status_idx);
assert.equal(new Set(auditIdx).size, auditIdx.length, 'no status index twice in the audit');
for (const i of received) assert.ok(auditIdx.includes(i), `received credential ${i} is in the audit`);
assert.equal(new Set(received).size, received.length, 'no status index twice among received');

// After the restart: new credentials get new indexes.
const after = [];
for (let i = 0; i < 5; i++) {
  const o = await admin(base, H, 'POST', '/admin/offers',
    { record_id: 'rec-crash', credentials: { health_book: CLAIMS.health_book } });
  const r = await redeem(base, o.json);
  const n = await nonce(base);
  const c = await credential(base, r.token.json.access_token, {
    credential_configuration_id: 'health_book', proofs: { jwt: [proof(holderKey(), { aud: base, nonce: n })] } });
  assert.equal(c.status, 200);
  after.push(sdjwtStatusIdx(c.json.credentials[0].credential));
}
for (const i of after) assert.ok(!auditIdx.includes(i) && !received.includes(i), `index ${i} is new`);
assert.equal(new Set(after).size, after.length);
const ex = await srv.stop();
assert.equal(ex.code, 0);
clearTimeout(timer);
console.log(`issuer_crash: ${received.length} credentials received before kill -9 (${failures} flows in flight cut), ` +
  `${audit.length} in the audit, all received ones present, no index reused (${after.length} more after restart)`);
