// Helpers shared by the mdoc interop tests: running the `wallet` CLI, making
// an IACA + document signer with it, and small encodings done by hand so the
// tests depend on neither side's CBOR for the values they compare.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export function setup(argv) {
  const [wallet, dir] = argv.slice(2);
  if (!wallet || !dir) {
    console.error('usage: node test.mjs WALLET_BINARY WORK_DIR');
    process.exit(2);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'trust'), { recursive: true });
  const run = (args, opts = {}) =>
    execFileSync(wallet, args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
  // Returns {status, stdout, stderr} without throwing.
  const tryRun = (args) => {
    try {
      return { status: 0, stdout: run(args), stderr: '' };
    } catch (e) {
      return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
    }
  };
  const file = (name) => path.join(dir, name);
  return { wallet, dir, run, tryRun, file };
}

let failures = 0;
export function check(cond, what) {
  if (cond) {
    console.log(`ok   ${what}`);
  } else {
    console.log(`FAIL ${what}`);
    failures++;
  }
}
export function done() {
  if (failures) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log('all checks passed');
}

// IACA (ES256, C=VN) → document signer, holder and reader keys, made by the
// libwallet CLI. Returns PEMs and JWKs.
export function makePki(t) {
  t.run(['key', 'gen', '--alg', 'ES256', '--out', 'iaca.jwk']);
  t.run(['key', 'gen', '--alg', 'ES256', '--out', 'ds.jwk']);
  t.run(['key', 'gen', '--alg', 'ES256', '--out', 'holder.jwk']);
  t.run(['key', 'gen', '--alg', 'ES256', '--out', 'reader.jwk']);
  fs.writeFileSync(t.file('holder.pub.jwk'), t.run(['key', 'pub', 'holder.jwk']));
  fs.writeFileSync(t.file('reader.pub.jwk'), t.run(['key', 'pub', 'reader.jwk']));
  t.run(['cert', 'make', '--key', 'iaca.jwk', '--subject', 'CN=Interop IACA,O=City,C=VN', '--iaca',
    '--issuer-alt-uri', 'https://transport.example', '--out', 'iaca.pem']);
  t.run(['cert', 'make', '--key', 'ds.jwk', '--ca-key', 'iaca.jwk', '--ca-cert', 'iaca.pem',
    '--subject', 'CN=Interop DS,O=City,C=VN', '--ds', '--out', 'ds.pem']);
  fs.copyFileSync(t.file('iaca.pem'), path.join(t.dir, 'trust', 'iaca.pem'));
  const jwk = (f) => JSON.parse(fs.readFileSync(t.file(f), 'utf8'));
  return {
    iacaPem: fs.readFileSync(t.file('iaca.pem'), 'utf8'),
    dsPem: fs.readFileSync(t.file('ds.pem'), 'utf8'),
    ds: jwk('ds.jwk'),
    holder: jwk('holder.jwk'),
    holderPub: jwk('holder.pub.jwk'),
    reader: jwk('reader.jwk'),
    readerPub: jwk('reader.pub.jwk'),
  };
}

export const b64u = (buf) => Buffer.from(buf).toString('base64url');
export const fromB64u = (s) => Buffer.from(s.trim(), 'base64url');
export const sha256 = (b) => crypto.createHash('sha256').update(b).digest();

// ---- a minimal CBOR encoder (definite lengths, preferred heads) --------------
function head(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
export function cbor(v) {
  if (v === null) return Buffer.from([0xf6]);
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  if (v instanceof Map) {
    const parts = [head(5, v.size)];
    for (const [k, x] of v) parts.push(cbor(k), cbor(x));
    return Buffer.concat(parts);
  }
  if (v && v.tag !== undefined) return Buffer.concat([head(6, v.tag), cbor(v.value)]);
  throw new Error('cbor: unsupported value');
}
export const tag24 = (bytes) => cbor({ tag: 24, value: Buffer.from(bytes) });

// SessionTranscripts computed independently of libwallet.
export function transcriptOid4vp10(clientId, nonce, jkt, responseUri) {
  const info = cbor([clientId, nonce, jkt ? Buffer.from(jkt) : null, responseUri]);
  return cbor([null, null, ['OpenID4VPHandover', sha256(info)]]);
}
export function transcriptOid4vpDraft18(clientId, responseUri, mdocNonce, nonce) {
  return cbor([null, null, [sha256(cbor([clientId, mdocNonce])), sha256(cbor([responseUri, mdocNonce])), nonce]]);
}

// COSE_Key of an EC P-256 JWK (private when d is present).
export function coseKeyOfJwk(jwk) {
  const m = new Map([[1, 2], [-1, 1], [-2, fromB64u(jwk.x)], [-3, fromB64u(jwk.y)]]);
  if (jwk.d) m.set(-4, fromB64u(jwk.d));
  return cbor(m);
}

export const claims = {
  'org.iso.18013.5.1': {
    family_name: 'Nguyen',
    given_name: 'Minh Anh',
    birth_date: { $date: '1990-04-12' },
    issue_date: { $date: '2024-01-15' },
    expiry_date: { $date: '2034-01-14' },
    issuing_country: 'VN',
    issuing_authority: 'Hanoi Transport',
    document_number: 'B2-0012345',
    age_over_18: true,
  },
};
