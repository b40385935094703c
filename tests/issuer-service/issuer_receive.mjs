// End to end, issue 7: libwallet's OpenID4VCI client (`wallet receive`)
// against wallet-issuer on a loopback port, into a fresh encrypted store.
//
//   1. health_book (dc+sd-jwt), a batch of 2 copies, trusted by the issuer's
//      identifier (no --trust: keys from /.well-known/jwt-vc-issuer);
//   2. citizen_identity (dc+sd-jwt) from the offer's QR code PNG, with a trust
//      directory holding the JWKS;
//   3. mdl (mso_mdoc), trusted through the issuer's IACA certificate;
//   4. a two-type offer on one code (citizen_identity + residence_confirmation);
//   5. refusals: a wrong tx_code (vci_grant_rejected, nothing stored), the
//      same offer redeemed twice (vci_grant_rejected), an untrusted mdoc
//      (no IACA in the trust directory: refused, nothing stored);
//   6. the audit lists what the wallet received; after the agency revokes
//      one received copy, `wallet verify --status` on the stored credential
//      says revoked while the other copy stays valid.
//
// usage: node issuer_receive.mjs WALLET_ISSUER WALLET_CLI WORK_DIR
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLAIMS, admin, freePort, startIssuer, writeConfig } from './issuer_common.mjs';

const [issuerBin, wallet, workArg] = process.argv.slice(2);
if (!issuerBin || !wallet || !workArg) {
  console.error('usage: node issuer_receive.mjs WALLET_ISSUER WALLET_CLI WORK_DIR');
  process.exit(2);
}
fs.mkdirSync(workArg, { recursive: true });
const work = fs.mkdtempSync(path.join(workArg, 'receive-'));
let checks = 0;
let issuer = null;
function check(cond, what) {
  if (!cond) {
    console.error(`FAIL: ${what}`);
    if (issuer) issuer.child.kill('SIGKILL');
    process.exit(1);
  }
  checks++;
}
const deadline = setTimeout(() => {
  console.error('FAIL: timed out');
  if (issuer) issuer.child.kill('SIGKILL');
  process.exit(1);
}, 150000);

function cli(...args) {
  return new Promise((resolve) => {
    const child = spawn(wallet, args, {
      cwd: work, env: { ...process.env, PIN: '135790' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const port = await freePort();
const idir = path.join(work, 'issuer');
fs.mkdirSync(idir);
const tokens = writeConfig(idir, port);
process.chdir(idir); // the service resolves its relative paths from here
issuer = await startIssuer(issuerBin, idir, port);
const base = issuer.base;

async function offer(agency, creds) {
  const r = await admin(base, tokens[agency], 'POST', '/admin/offers',
    { record_id: 'citizen-001099012345', credentials: creds });
  check(r.status === 201 || r.status === 200, `offer by ${agency}: ${r.status} ${r.text}`);
  check(r.json.credential_offer_uri.includes('credential_offer_uri='), 'offer by reference');
  return r.json;
}

const S = ['--store', path.join(work, 'wallet.db')];
const PIN = ['--pin-env', 'PIN'];
let r = await cli(...S, 'store', 'init', ...PIN, '--kdf-cost', '10');
check(r.status === 0, `store init: ${r.stderr}`);

async function stored() {
  const l = await cli(...S, 'store', 'list', ...PIN);
  check(l.status === 0, `store list: ${l.stderr}`);
  return JSON.parse(l.stdout);
}
async function show(id) {
  const s = await cli(...S, 'store', 'show', id, ...PIN);
  check(s.status === 0, `store show: ${s.stderr}`);
  return JSON.parse(s.stdout);
}

// 1. health book, batch of two, trusted by the issuer's identifier
let o = await offer('health-dept', { health_book: CLAIMS.health_book });
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', o.tx_code, '--copies', '2', ...PIN);
check(r.status === 0, `receive health_book: ${r.stderr}`);
const hb = JSON.parse(r.stdout);
check(hb.length === 2, 'two copies of the health book');
const hb0 = await show(hb[0]);
const hb1 = await show(hb[1]);
check(hb0.valid && hb0.format === 'dc+sd-jwt', 'health book stored valid as SD-JWT VC');
check(hb0.claims.given_name === 'Văn An' && hb0.claims.blood_type === 'O+', 'health book claims');
check(hb0.batch && hb0.batch === hb1.batch, 'the copies form one batch');
check(hb0.holder_key && hb0.holder_key !== hb1.holder_key, 'one holder key per copy');
check(hb0.status && typeof hb0.status.idx === 'number', 'status reference stored');

// 2. citizen identity with a trust directory holding the issuer's JWKS
const trust = path.join(work, 'trust');
fs.mkdirSync(trust);
const jwks = await (await fetch(`${base}/.well-known/jwt-vc-issuer`)).json();
fs.writeFileSync(path.join(trust, 'issuer.jwk'), JSON.stringify(jwks.jwks ?? jwks));
fs.copyFileSync(path.join(idir, 'keys', 'iaca.pem'), path.join(trust, 'iaca.pem'));
o = await offer('police-dept', { citizen_identity: CLAIMS.citizen_identity });
// scanned from the offer's QR code, as the agency API returned it
check(typeof o.qr_png === 'string', 'the agency API returns the QR code');
fs.writeFileSync(path.join(work, 'offer-ci.png'), Buffer.from(o.qr_png, 'base64'));
r = await cli(...S, 'receive', 'offer-ci.png', '--tx-code', o.tx_code, '--trust', trust, ...PIN);
check(r.status === 0, `receive citizen_identity from the QR code: ${r.stderr}`);
const ci = await show(JSON.parse(r.stdout)[0]);
check(ci.valid && ci.claims.national_id === '001099012345', 'citizen identity claims');
check(ci.claims.address.locality === 'Hà Nội', 'nested claims');

// 3. mDL as mso_mdoc through the IACA
o = await offer('transport-dept', { mdl: CLAIMS.mdl });
const noIaca = path.join(work, 'trust-no-iaca');
fs.mkdirSync(noIaca);
fs.writeFileSync(path.join(noIaca, 'issuer.jwk'), JSON.stringify(jwks.jwks ?? jwks));
const before = (await stored()).length;
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', o.tx_code, '--trust', noIaca, ...PIN);
check(r.status === 1, `mdoc without its IACA is refused (got ${r.status}: ${r.stderr})`);
check((await stored()).length === before, 'nothing stored for the untrusted mdoc');
// the refused attempt used the code: a new offer for the real receipt
o = await offer('transport-dept', { mdl: CLAIMS.mdl });
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', o.tx_code, '--trust', trust, ...PIN);
check(r.status === 0, `receive mdl: ${r.stderr}`);
const mdl = await show(JSON.parse(r.stdout)[0]);
check(mdl.valid && mdl.format === 'mso_mdoc', 'mDL stored valid as mdoc');
check(mdl.type === 'org.iso.18013.5.1.mDL', 'docType');
check(JSON.stringify(mdl.claims).includes('HN-0123456789'), 'mDL elements');
check(mdl.holder_key !== null, 'mDL linked to its device key');

// 4. two types on one code (police: identity + residence), one holder key each
o = await offer('police-dept', {
  citizen_identity: CLAIMS.citizen_identity,
  residence_confirmation: {
    national_id: '001099012345', family_name: 'Nguyễn', given_name: 'Văn An',
    residence_type: 'permanent', address: { locality: 'Hà Nội', street: '1 Tràng Tiền' },
    registered_since: '2015-06-01',
  },
});
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', o.tx_code, '--trust', trust, ...PIN);
check(r.status === 0, `receive a two-type offer: ${r.stderr}`);
const two = JSON.parse(r.stdout);
check(two.length === 2, 'two credentials from one code');
const types = [];
for (const id of two) types.push((await show(id)).type); // one store handle at a time
types.sort();
check(types[1] === 'urn:vn:hanoi:residence_confirmation:1', `both types stored: ${types}`);

o = await offer('health-dept', { health_book: CLAIMS.health_book });
// 5. refusals
const wrong = o.tx_code === '000000' ? '111111' : '000000';
const n0 = (await stored()).length;
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', wrong.slice(0, o.tx_code.length), '--trust', trust, ...PIN);
check(r.status === 1 && r.stderr.includes('vci_grant_rejected'), `wrong tx_code: ${r.stderr}`);
check((await stored()).length === n0, 'nothing stored after a wrong tx_code');
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', o.tx_code, '--trust', trust, ...PIN);
check(r.status === 0, `right tx_code after one wrong: ${r.stderr}`);
r = await cli(...S, 'receive', o.credential_offer_uri, '--tx-code', o.tx_code, '--trust', trust, ...PIN);
check(r.status === 1, `an offer redeemed twice is refused: ${r.stderr}`);

// 6. revocation by the agency changes the status entry of what the wallet holds
const audit = await admin(base, tokens['health-dept'], 'GET',
  `/admin/records/${encodeURIComponent('citizen-001099012345')}/issued`);
check(audit.status === 200, `audit: ${audit.status} ${audit.text}`);
const list = Array.isArray(audit.json) ? audit.json : (audit.json.issued ?? audit.json.credentials ?? []);
check(list.length >= 3, 'the audit lists what the wallet received');
const entry = list.find((a) => a.status_idx === hb0.status.idx);
check(entry && entry.id, 'the received health book is in the audit by its status index');
fs.writeFileSync(path.join(work, 'hb0.txt'), hb0.credential);
fs.writeFileSync(path.join(work, 'hb1.txt'), hb1.credential);
r = await cli('verify', '--trust', trust, '--status', 'hb0.txt');
check(r.status === 0, `valid before revocation: ${r.stdout}${r.stderr}`);
const rv = await admin(base, tokens['health-dept'], 'POST', `/admin/credentials/${entry.id}/revoke`);
check(rv.status === 200 && rv.json.status === 'revoked', `revoke: ${rv.status} ${rv.text}`);
r = await cli('verify', '--trust', trust, '--status', 'hb0.txt');
check(r.status === 1 && r.stdout.includes('revoked'), `revoked after the agency revoked it: ${r.stdout}${r.stderr}`);
r = await cli('verify', '--trust', trust, '--status', 'hb1.txt');
check(r.status === 0, `the other copy stays valid: ${r.stdout}${r.stderr}`);

clearTimeout(deadline);
await issuer.stop();
process.chdir(workArg);
fs.rmSync(work, { recursive: true, force: true });
console.log(`issuer_receive: ${checks} checks passed`);
