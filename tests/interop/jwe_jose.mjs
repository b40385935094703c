// JWE ECDH-ES interop between libwallet and the `jose` npm package (pinned),
// both directions, for every "enc" libwallet supports, on P-256 (OpenID4VP's
// curve), P-384 and P-521, with and without apu/apv and kid:
//   jose encrypts -> libwallet decrypts (oid4vp_peer jwe-decrypt)
//   libwallet encrypts -> jose decrypts (oid4vp_peer jwe-encrypt)
// and the refusals that must agree: a changed tag, the wrong key, an "enc"
// outside the allow-list, an epk on another curve.
//
//   node jwe_jose.mjs PATH/TO/oid4vp_peer
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';

const peer = process.argv[2];
if (!peer) {
  console.error('usage: node jwe_jose.mjs OID4VP_PEER');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'jwe-jose-'));
let checks = 0;
let failures = 0;

function run(args, input) {
  const r = spawnSync(peer, args, { input, timeout: 20000 });
  return { code: r.status, out: r.stdout, err: r.stderr.toString() };
}

function check(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.error(`FAIL: ${what}`);
  }
}

async function keyPair(crv, kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair('ECDH-ES', { crv, extractable: true });
  const pub = { ...(await jose.exportJWK(publicKey)), ...(kid ? { kid } : {}) };
  const priv = { ...(await jose.exportJWK(privateKey)), ...(kid ? { kid } : {}) };
  const pubPath = join(dir, `pub-${crv}-${kid ?? 'none'}.jwk`);
  const privPath = join(dir, `priv-${crv}-${kid ?? 'none'}.jwk`);
  writeFileSync(pubPath, JSON.stringify(pub));
  writeFileSync(privPath, JSON.stringify(priv));
  return { publicKey, privateKey, pubPath, privPath };
}

const ENCS = ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512'];
const message = JSON.stringify({
  vp_token: { pid: ['eyJhbGciOiJFUzI1NiIsInR5cCI6ImRjK3NkLWp3dCJ9.e30.c2ln~'] },
  state: 'Tiếng Việt: state-ñ-✓',
});
const enc = new TextEncoder();

try {
  for (const crv of ['P-256', 'P-384', 'P-521']) {
    for (const kid of [undefined, 'verifier-enc-1']) {
      const k = await keyPair(crv, kid);
      for (const e of ENCS) {
        for (const withParty of [false, true]) {
          const label = `${crv} ${e}${kid ? ' kid' : ''}${withParty ? ' apu/apv' : ''}`;

          // jose -> libwallet
          const hdr = { alg: 'ECDH-ES', enc: e, ...(kid ? { kid } : {}) };
          let b = new jose.CompactEncrypt(enc.encode(message)).setProtectedHeader(hdr);
          if (withParty)
            b = b.setKeyManagementParameters({ apu: enc.encode('wallet'), apv: enc.encode('n-0S6_WzA2Mj') });
          const jwe = await b.encrypt(k.publicKey);
          const d = run(['jwe-decrypt', k.privPath, e], jwe);
          check(d.code === 0 && d.out.toString() === message, `jose->libwallet ${label}: ${d.err}`);

          // libwallet -> jose
          const args = ['jwe-encrypt', k.pubPath, e, ...(withParty ? ['wallet', 'n-0S6_WzA2Mj'] : [])];
          const w = run(args, message);
          check(w.code === 0, `libwallet encrypt ${label}: ${w.err}`);
          if (w.code === 0) {
            const ours = w.out.toString();
            const { plaintext, protectedHeader } = await jose.compactDecrypt(ours, k.privateKey);
            check(new TextDecoder().decode(plaintext) === message, `libwallet->jose ${label}: plaintext`);
            check(protectedHeader.alg === 'ECDH-ES' && protectedHeader.enc === e &&
                  protectedHeader.epk?.crv === crv && protectedHeader.epk?.d === undefined,
                  `libwallet->jose ${label}: header`);
            check((protectedHeader.kid ?? null) === (kid ?? null), `libwallet->jose ${label}: kid echoed`);
            if (withParty)
              check(protectedHeader.apu === 'd2FsbGV0' && protectedHeader.apv === Buffer.from('n-0S6_WzA2Mj').toString('base64url'),
                    `libwallet->jose ${label}: apu/apv`);
          }
        }
      }

      // Refusals on both sides.
      const jwe = await new jose.CompactEncrypt(enc.encode(message))
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' }).encrypt(k.publicKey);
      const parts = jwe.split('.');
      const tag = Buffer.from(parts[4], 'base64url');
      tag[0] ^= 1;
      const bad = [...parts.slice(0, 4), tag.toString('base64url')].join('.');
      let d = run(['jwe-decrypt', k.privPath, 'A256GCM'], bad);
      check(d.code === 1 && d.err.startsWith('WALLET_ERR_DECRYPT'), `${crv}: changed tag refused (${d.err})`);
      d = run(['jwe-decrypt', k.privPath, 'A128GCM'], jwe);
      check(d.code === 1 && d.err.startsWith('WALLET_ERR_JWE_ENC'), `${crv}: enc outside allow-list (${d.err})`);
      const other = await keyPair(crv, 'other');
      d = run(['jwe-decrypt', other.privPath, 'A256GCM'], jwe);
      check(d.code === 1 && d.err.startsWith('WALLET_ERR_DECRYPT'), `${crv}: wrong key refused (${d.err})`);
      const w = run(['jwe-encrypt', k.pubPath, 'A128GCM'], message);
      const ours = w.out.toString().split('.');
      const t2 = Buffer.from(ours[4], 'base64url');
      t2[3] ^= 0x80;
      let joseRefused = false;
      try {
        await jose.compactDecrypt([...ours.slice(0, 4), t2.toString('base64url')].join('.'), k.privateKey);
      } catch {
        joseRefused = true;
      }
      check(joseRefused, `${crv}: jose refuses our JWE with a changed tag`);
    }
  }

  // An epk on P-384 sent to a P-256 recipient (jose encrypts to the P-384
  // key, the header is then offered to the P-256 key).
  const p256 = await keyPair('P-256', 'p256');
  const p384 = await keyPair('P-384', 'p384');
  const jwe384 = await new jose.CompactEncrypt(enc.encode(message))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' }).encrypt(p384.publicKey);
  const d = run(['jwe-decrypt', p256.privPath, 'A128GCM'], jwe384);
  check(d.code === 1 && d.err.startsWith('WALLET_ERR_JWE_EPK_CURVE'), `epk on another curve (${d.err})`);
  // ECDH-ES+A128KW from jose: refused (direct key agreement only).
  const kw = await new jose.CompactEncrypt(enc.encode(message))
    .setProtectedHeader({ alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }).encrypt(p256.publicKey);
  const d2 = run(['jwe-decrypt', p256.privPath, 'A128GCM'], kw);
  check(d2.code === 1 && d2.err.startsWith('WALLET_ERR_JWE_ALG'), `ECDH-ES+A128KW refused (${d2.err})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`jwe_jose: ${checks - failures}/${checks} checks passed`);
process.exit(failures ? 1 : 0);
