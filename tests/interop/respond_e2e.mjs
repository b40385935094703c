// Cross-device OpenID4VP end to end (issue 8): wallet-verifier on a loopback
// port creates requests through its relying-party API; `wallet respond`
// answers them from an encrypted libwallet store (holder keys generated in
// the store, credentials issued to them and stored); the relying party then
// reads the verified claims.
//
//   node respond_e2e.mjs WALLET_CLI WALLET_VERIFIER WORKDIR
//
// SD-JWT VC and mdoc × direct_post and direct_post.jwt, with and without a
// payment in transaction_data; x509_san_dns, x509_hash and redirect_uri (by
// value); refusals where the wallet sends nothing (untrusted verifier
// certificate, nothing in the store matches) and where the verifier refuses
// (a revoked credential). Bounded: 240 s.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeCli, freePort, makeWorld, writeConfig, startVerifier, stopVerifier } from './verifier_common.mjs';

const [walletBin, verifierBin, workDir] = process.argv.slice(2);
if (!workDir) {
  console.error('usage: node respond_e2e.mjs WALLET_CLI WALLET_VERIFIER WORKDIR');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('respond_e2e: timed out'); process.exit(1); }, 240000);
const cli = makeCli(walletBin);
const w = await makeWorld(cli, workDir);
const f = w.f;
const env = { ...process.env, PIN: '13579' };
const store = ['--store', f('wallet.db')];
const run = (args) => execFileSync(walletBin, [...store, ...args], { env, encoding: 'utf8' }).trim();

// ---- the citizen's wallet: a store, holder keys in it, credentials bound to them --
run(['store', 'init', '--pin-env', 'PIN', '--kdf-cost', '10']);
const key = () => JSON.parse(run(['store', 'keygen', '--pin-env', 'PIN']));
const k1 = key(), k2 = key(), k3 = key();
for (const [n, k] of [['k1', k1], ['k2', k2], ['k3', k3]]) fs.writeFileSync(f(`${n}.pub.jwk`), JSON.stringify(k.public_jwk));
fs.mkdirSync(f('trust'));
fs.copyFileSync(f('issuer.pub.jwk'), f('trust/issuer.jwk'));
fs.copyFileSync(f('iaca.pem'), f('trust/iaca.pem'));
const issue = (args, out) => { fs.writeFileSync(f(out), cli(args)); return run(['store', 'add', '--trust', f('trust'), '--pin-env', 'PIN', f(out)]); };
issue(['issue', 'sdjwt', '--key', f('issuer.jwk'), '--claims', f('pid.json'), '--sd-all', '--holder', f('k1.pub.jwk'),
  '--vct', 'https://id.hanoi.gov.vn/pid', '--status-uri', w.statusUri, '--status-idx', '0'], 'w-pid.sdjwt');
issue(['issue', 'mdoc', '--key', f('ds.jwk'), '--cert', f('ds.pem'), '--doctype', 'org.iso.18013.5.1.mDL',
  '--claims', f('mdl.json'), '--holder', f('k2.pub.jwk'), '--status-uri', w.statusUri, '--status-idx', '3'], 'w-mdl.cred');

// ---- the verifier ------------------------------------------------------------------
const port = await freePort();
const cfg = writeConfig(w, port);
const v = await startVerifier(verifierBin, cfg, port, f('verifier.log'));
// The wallet trusts the verifier's request-signing certificate (made at first
// start; in production a CA's root would be here).
fs.mkdirSync(f('vtrust'));
fs.copyFileSync(f('request-signing.pem'), f('vtrust/verifier.pem'));

const auth = { Authorization: `Bearer ${w.rpKey}`, 'Content-Type': 'application/json' };
async function create(body) {
  const r = await fetch(`${v.base}/v1/presentations`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  const j = await r.json();
  assert.equal(r.status, 201, JSON.stringify(j));
  return j;
}
async function result(id) {
  const r = await fetch(`${v.base}/v1/presentations/${id}`, { headers: auth });
  assert.equal(r.status, 200);
  return r.json();
}
// Asynchronous: the status list and callback servers live in this process,
// and the verifier fetches the list while the wallet waits for its answer.
function respond(link, trust = 'vtrust') {
  return new Promise((resolve) => {
    execFile(walletBin, [...store, 'respond', link, '--yes', '--trust', f(trust), '--pin-env', 'PIN'],
      { env, encoding: 'utf8', timeout: 60000 }, (err, stdout, stderr) =>
        resolve({ status: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}

const pidQuery = { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['https://id.hanoi.gov.vn/pid'] },
  claims: [{ path: ['given_name'] }, { path: ['family_name'] }] }] };
const mdlQuery = { credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' },
  claims: [{ path: ['org.iso.18013.5.1', 'family_name'] }, { path: ['org.iso.18013.5.1', 'document_number'] }] }] };
const payment = [{ type: 'payment', credential_ids: ['pid'], amount: '150000', currency: 'VND',
  payee: 'Quầy Hoàn Kiếm', reference: 'ORDER-2026-0042' }];
let passed = 0;
const ok = (what) => { passed++; console.log(`ok   ${what}`); };

for (const mode of ['direct_post', 'direct_post.jwt']) {
  for (const td of [null, payment]) {
    const what = `SD-JWT VC, ${mode}${td ? ', payment' : ''}`;
    const s = await create({ dcql_query: pidQuery, response_mode: mode, ...(td ? { transaction_data: td } : {}) });
    const r = await respond(s.deep_link);
    assert.equal(r.status, 0, `${what}: ${r.stderr}`);
    assert.match(r.stderr, /Request from: Quầy Hoàn Kiếm/, 'the relying party is named');
    assert.match(r.stderr, /Purpose: Kiểm tra danh tính/, 'the purpose is shown');
    assert.match(r.stderr, /certificate \(DNS name\)/);
    if (td) assert.match(r.stderr, /"amount":"150000".*"currency":"VND"/, 'the payment is shown');
    const out = JSON.parse(r.stdout);
    assert.equal(out.sent, true);
    const res = await result(s.id);
    assert.equal(res.status, 'verified', `${what}: ${JSON.stringify(res)}`);
    const c = res.credentials[0];
    assert.equal(c.claims.given_name, 'An');
    assert.equal(c.claims.family_name, 'Nguyễn');
    assert.equal(c.claims.birthdate, undefined, 'only the requested claims');
    assert.equal(c.status, 'valid');
    ok(what);
  }
  const s = await create({ dcql_query: mdlQuery, response_mode: mode });
  const r = await respond(s.deep_link);
  assert.equal(r.status, 0, `mdoc ${mode}: ${r.stderr}`);
  const res = await result(s.id);
  assert.equal(res.status, 'verified', `mdoc ${mode}: ${JSON.stringify(res)}`);
  const c = res.credentials[0];
  assert.equal(c.format, 'mso_mdoc');
  assert.equal(c.claims['org.iso.18013.5.1'].document_number, 'HN-0042');
  assert.equal(c.claims['org.iso.18013.5.1'].given_name, undefined);
  ok(`mdoc, ${mode}`);
}

// Other client_id prefixes: x509_hash; redirect_uri (by value, shown as not verified).
{
  const s = await create({ dcql_query: pidQuery, client_id_prefix: 'x509_hash' });
  assert.match(s.client_id, /^x509_hash:/);
  const r = await respond(s.deep_link);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await result(s.id)).status, 'verified');
  ok('x509_hash client_id');
}
{
  const s = await create({ dcql_query: pidQuery, client_id_prefix: 'redirect_uri', response_mode: 'direct_post' });
  const r = await respond(s.deep_link);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /NOT VERIFIED/);
  assert.equal((await result(s.id)).status, 'verified');
  ok('redirect_uri client_id, request by value');
}

// Refusals by the wallet: nothing is sent, the session stays pending.
{
  fs.mkdirSync(f('empty-trust'));
  const s = await create({ dcql_query: pidQuery });
  const r = await respond(s.deep_link, 'empty-trust');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cert/i);
  assert.equal((await result(s.id)).status, 'pending');
  ok('untrusted verifier certificate: refused, nothing sent');
}
{
  const q = { credentials: [{ id: 'hb', format: 'dc+sd-jwt', meta: { vct_values: ['urn:vn:health-book:vaccination:1'] },
    claims: [{ path: ['v'] }] }] };
  const s = await create({ dcql_query: q });
  const r = await respond(s.deep_link);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /dcql_unsatisfied/);
  assert.equal((await result(s.id)).status, 'pending');
  ok('nothing in the store matches: refused, nothing sent');
}
// Refusal by the verifier: a revoked credential (status list index 1). A
// second PID (another family name) is stored; the query's value constraint
// selects it.
{
  const pid2 = { ...JSON.parse(fs.readFileSync(f('pid.json'), 'utf8')), family_name: 'Trần' };
  fs.writeFileSync(f('pid2.json'), JSON.stringify(pid2));
  const rid = JSON.parse(issue(['issue', 'sdjwt', '--key', f('issuer.jwk'), '--claims', f('pid2.json'), '--sd-all',
    '--holder', f('k3.pub.jwk'), '--vct', 'https://id.hanoi.gov.vn/pid', '--status-uri', w.statusUri,
    '--status-idx', '1'], 'w-revoked.sdjwt')).id;
  assert.ok(rid);
  const q = { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['https://id.hanoi.gov.vn/pid'] },
    claims: [{ path: ['given_name'] }, { path: ['family_name'], values: ['Trần'] }] }] };
  const s = await create({ dcql_query: q });
  const r = await respond(s.deep_link);
  assert.equal(r.status, 1, 'the verifier refuses the answer');
  assert.match(r.stderr, /oid4vp_response_rejected/);
  const res = await result(s.id);
  assert.equal(res.status, 'failed');
  assert.equal(res.error, 'revoked', JSON.stringify(res));
  assert.equal(res.credentials, undefined, 'nothing recorded as verified');
  ok('revoked credential: the verifier refuses, the wallet reports it, nothing logged');
}

const log = JSON.parse(run(['store', 'log', '--pin-env', 'PIN']));
assert.equal(log.length, 8, `consent log: ${log.length}`);
assert.ok(log.some((e) => e.transaction_data_hash), 'payments are in the consent log with their hash');
ok('consent log: one entry per sent presentation');

await stopVerifier(v);
w.statusServer.close();
clearTimeout(timer);
console.log(`respond_e2e: ${passed} checks passed`);
