// HC1 (EU DCC) interop, both directions, between the `wallet` CLI and
// independent JavaScript implementations pinned by package-lock.json:
//   cose-kit (COSE_Sign1 sign/verify), cbor-x (CBOR), pako (zlib, pure JS),
//   jose (key import), @peculiar/x509 (certificates), node:crypto (SHA-256,
//   RSA keys); Base45 (RFC 9285) is written out below.
//
// 1. wallet issues (ES256, --cert) -> JavaScript decodes every layer itself,
//    checks the kid against SHA-256 of the certificate and verifies the
//    signature with cose-kit.
// 2. JavaScript issues -> `wallet verify` accepts: ES256 under the CLI's
//    DSC (kid protected; kid unprotected; float NumericDates), and PS256
//    under an RSA document signer certificate made here (the one algorithm
//    libwallet verifies but cannot sign). And refuses: a signature changed
//    in transit, and a vaccination under the RSA signer whose key usage
//    allows tests only.
//
// usage: node hc1.mjs PATH/TO/wallet WORKDIR
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, X509Certificate, webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sign1, coseVerify } from 'cose-kit';
import { Decoder, Encoder } from 'cbor-x';
import pako from 'pako';
import { importJWK, importPKCS8, importX509 } from 'jose';
import * as x509 from '@peculiar/x509';

const [wallet, work] = process.argv.slice(2);
if (!wallet || !work) {
  console.error('usage: node hc1.mjs WALLET WORKDIR');
  process.exit(2);
}
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'trust'), { recursive: true });
const w = (...args) => execFileSync(wallet, args, { cwd: work, encoding: 'utf8' });
const at = (f) => join(work, f);
let failures = 0;
const check = (cond, what) => {
  if (cond) console.log(`ok   ${what}`);
  else {
    console.log(`FAIL ${what}`);
    failures++;
  }
};

// ---- Base45 (RFC 9285) ------------------------------------------------------
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function b45encode(bytes) {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i] * 256 + bytes[i + 1];
    s += B45[n % 45] + B45[Math.floor(n / 45) % 45] + B45[Math.floor(n / 2025)];
  }
  if (bytes.length % 2) {
    const n = bytes[bytes.length - 1];
    s += B45[n % 45] + B45[Math.floor(n / 45)];
  }
  return s;
}
function b45decode(s) {
  const out = [];
  for (let i = 0; i < s.length; i += 3) {
    const c = [...s.slice(i, i + 3)].map((ch) => {
      const v = B45.indexOf(ch);
      if (v < 0) throw new Error('not Base45');
      return v;
    });
    const n = c[0] + c[1] * 45 + (c.length === 3 ? c[2] * 2025 : 0);
    if (c.length === 3) out.push(n >> 8, n & 255);
    else out.push(n);
  }
  return Uint8Array.from(out);
}

const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
const encoder = new Encoder({ mapsAsObjects: false, useRecords: false, tagUint8Array: false });
// A CBOR value with Maps turned into plain objects (for comparing with JSON).
const plain = (v) =>
  v instanceof Map
    ? Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]))
    : Array.isArray(v)
      ? v.map(plain)
      : v;
const sameJSON = (a, b) => {
  const norm = (v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])]))
      : Array.isArray(v)
        ? v.map(norm)
        : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
};
const kidOf = (pemOrDer) => {
  const der = typeof pemOrDer === 'string' ? new X509Certificate(pemOrDer).raw : pemOrDer;
  return createHash('sha256').update(der).digest().subarray(0, 8);
};

// ---- the health department (wallet CLI) ----------------------------------------
w('key', 'gen', '--alg', 'ES256', '--out', 'csca.jwk');
w('key', 'gen', '--alg', 'ES256', '--out', 'dsc.jwk');
w('cert', 'make', '--key', 'csca.jwk', '--subject', 'CN=CSCA,O=Hanoi DoH,C=VN', '--out', 'csca.pem');
w('cert', 'make', '--key', 'dsc.jwk', '--ca-key', 'csca.jwk', '--ca-cert', 'csca.pem',
  '--subject', 'CN=DSC vaccinations,O=Hanoi DoH,C=VN', '--eku', '1.3.6.1.4.1.1847.2021.1.2',
  '--out', 'dsc.pem');
writeFileSync(at('trust/dsc.pem'), readFileSync(at('dsc.pem')));
const person = {
  ver: '1.3.0',
  nam: { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Văn An', gnt: 'VAN<AN' },
  dob: '1990-04-12',
};
const vacc = {
  ...person,
  v: [{ tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 2, sd: 2,
        dt: '2025-11-02', co: 'VN', is: 'Hanoi Department of Health',
        ci: 'URN:UVCI:01:VN:HN000123#4' }],
};
const test = {
  ...person,
  t: [{ tg: '840539006', tt: 'LP6464-4', sc: '2025-12-30T08:00:00Z', tr: '260415000',
        tc: 'Bach Mai Hospital', co: 'VN', is: 'Hanoi Department of Health',
        ci: 'URN:UVCI:01:VN:HN000124#2' }],
};
writeFileSync(at('vacc.json'), JSON.stringify(vacc));

// ---- 1. wallet issues, JavaScript verifies -------------------------------------------
{
  const hc1 = w('issue', 'hc1', '--key', 'dsc.jwk', '--cert', 'dsc.pem', '--claims', 'vacc.json',
    '--days', '30').trim();
  check(hc1.startsWith('HC1:'), 'wallet HC1 has the HC1: prefix');
  const cose = pako.inflate(b45decode(hc1.slice(4)));
  check(cose[0] === 0xd2, 'COSE_Sign1 is tagged 18');
  const pem = readFileSync(at('dsc.pem'), 'utf8');
  const key = await importX509(pem, 'ES256');
  const { isValid, decoded } = await coseVerify(cose, key);
  check(isValid, 'cose-kit verifies the wallet-issued signature with the DSC certificate');
  check(decoded.algName === 'ES256', 'alg ES256 (protected)');
  const kid = decoded.protectedHeaders.get(4);
  check(kid && Buffer.from(kid).equals(kidOf(pem)),
    'protected kid = first 8 bytes of SHA-256 of the DER certificate');
  const claims = decoder.decode(decoded.payload);
  check(claims.get(1) === 'VN', 'iss = VN (from the certificate subject)');
  check(claims.get(4) - claims.get(6) === 30 * 86400, 'exp - iat = 30 days');
  check(sameJSON(plain(claims.get(-260).get(1)), vacc), 'claim -260/1 is the health payload');
  // a changed signature does not verify with cose-kit either
  const bad = Uint8Array.from(cose);
  bad[bad.length - 5] ^= 1;
  let rejected = false;
  try {
    rejected = !(await coseVerify(bad, key)).isValid;
  } catch {
    rejected = true;
  }
  check(rejected, 'cose-kit rejects the wallet HC1 with a changed signature');
}

// ---- 2. JavaScript issues, wallet verifies -------------------------------------------------
const now = Math.floor(Date.now() / 1000);
const claimsMap = (payload, { iat = now - 60, exp = now + 86400 } = {}) =>
  new Map([[1, 'VN'], [4, exp], [6, iat], [-260, new Map([[1, payload]])]]);
async function jsIssue(payload, key, alg, kid, { unprotectedKid = false, times } = {}) {
  const prot = unprotectedKid ? { alg } : { alg, kid };
  const unprot = unprotectedKid ? { kid } : {};
  const msg = await Sign1.sign(prot, unprot, encoder.encode(claimsMap(payload, times)), key);
  return 'HC1:' + b45encode(pako.deflate(msg.encode()));
}
function verify(name, hc1, ...extra) {
  writeFileSync(at(name), hc1 + '\n');
  const r = spawnSync(wallet, ['verify', '--trust', 'trust', ...extra, name], {
    cwd: work, encoding: 'utf8' });
  let out = {};
  try {
    out = JSON.parse(r.stdout);
  } catch {
    out = { parse_error: r.stdout + r.stderr };
  }
  return { status: r.status, out };
}

const dscJwk = JSON.parse(readFileSync(at('dsc.jwk'), 'utf8'));
const dscKey = await importJWK(dscJwk, 'ES256');
const dscKid = kidOf(readFileSync(at('dsc.pem'), 'utf8'));
{
  const r = verify('js-es256.hc1', await jsIssue(vacc, dscKey, 'ES256', dscKid));
  check(r.status === 0 && r.out.valid === true, 'wallet verifies a cose-kit ES256 HC1');
  check(r.out.format === 'hc1' && r.out.type === 'vaccination' && r.out.issuer === 'VN',
    'format hc1, type vaccination, issuer VN');
  check(sameJSON(r.out.claims, vacc), 'wallet returns the payload cose-kit signed');
}
{
  const r = verify('js-unprot.hc1', await jsIssue(vacc, dscKey, 'ES256', dscKid,
    { unprotectedKid: true }));
  check(r.status === 0 && r.out.valid, 'kid in the unprotected header is accepted');
}
{
  const r = verify('js-float.hc1', await jsIssue(vacc, dscKey, 'ES256', dscKid,
    { times: { iat: now - 60.5, exp: now + 3600.25 } }));
  check(r.status === 0 && r.out.exp === now + 3600, 'float NumericDates (fraction dropped)');
}
{
  const hc1 = await jsIssue(vacc, dscKey, 'ES256', dscKid);
  const cose = pako.inflate(b45decode(hc1.slice(4)));
  cose[cose.length - 7] ^= 1;
  const r = verify('js-tampered.hc1', 'HC1:' + b45encode(pako.deflate(cose)));
  check(r.status === 1 && r.out.error === 'signature', 'a changed signature: "signature"');
}

// PS256 under an RSA document signer certificate made here, restricted to tests.
{
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]),
                modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0b1c',
    name: 'C=VN, O=Hanoi DoH, CN=DSC RSA tests',
    notBefore: new Date((now - 86400) * 1000),
    notAfter: new Date((now + 365 * 86400) * 1000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.4.1.1847.2021.1.1'], false),
    ],
  });
  writeFileSync(at('trust/dsc-rsa.pem'), cert.toString('pem') + '\n');
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const pem = '-----BEGIN PRIVATE KEY-----\n' +
    pkcs8.toString('base64').match(/.{1,64}/g).join('\n') + '\n-----END PRIVATE KEY-----\n';
  const psKey = await importPKCS8(pem, 'PS256');
  const kid = kidOf(Buffer.from(cert.rawData));
  let r = verify('js-ps256.hc1', await jsIssue(test, psKey, 'PS256', kid));
  check(r.status === 0 && r.out.valid && r.out.type === 'test',
    'wallet verifies a cose-kit PS256 HC1 (RSA-PSS signer certificate)');
  r = verify('js-ps256-vacc.hc1', await jsIssue(vacc, psKey, 'PS256', kid));
  check(r.status === 1 && r.out.error === 'key_usage',
    'a vaccination under the tests-only RSA signer: "key_usage"');
}

console.log(failures ? `hc1 interop: ${failures} failure(s)` : 'hc1 interop: all checks passed');
process.exit(failures ? 1 : 0);
