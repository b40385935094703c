#!/usr/bin/env node
// Seed corpora of the fuzz targets "jwe" and "dcql" (tests/fuzz/corpus/).
//
//     node tests/fuzz/make_seeds_oid4vp.mjs [VECTORS_DIR]
//
// jwe: compact JWEs made with the pinned `jose` package (tests/interop,
// run scripts/install-npm.sh first) to the fuzz targets' fixed P-256 key
// (fuzz_common.h), one per "enc" and with apu/apv/kid, so that the fuzzer
// starts from inputs that decrypt; plus header variants the library must
// refuse, and the vector JWEs of vectors/ (other keys).
// dcql: every DCQL query of vectors/oid4vp-oid4vci, and hand-written queries
// that reach each rule (claim sets, credential sets, values, wildcards,
// trusted authorities, mdoc).
// JWE seeds differ per run (fresh ephemeral keys and IVs); the DCQL seeds
// are fixed. Files named regress-* are kept; others are rewritten.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const top = resolve(here, '..', '..');
const vectors = process.argv[2] ?? join(top, 'vectors');
const jose = await import(
  pathToFileURL(join(top, 'tests/interop/node_modules/jose/dist/webapi/index.js')).href);

const FIXED_JWK = {
  kty: 'EC', crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

function reset(target) {
  const dir = join(here, 'corpus', target);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir))
    if (!f.startsWith('regress-')) rmSync(join(dir, f));
  return (name, data) => writeFileSync(join(dir, name), data);
}

// ---- jwe ----------------------------------------------------------------------
{
  const put = reset('jwe');
  const key = await jose.importJWK({ ...FIXED_JWK, alg: 'ECDH-ES' }, 'ECDH-ES');
  const pt = new TextEncoder().encode(
    '{"vp_token":{"pid":["eyJhbGciOiJFUzI1NiJ9.e30.sig~"]},"state":"af0ifjsldkj"}');
  for (const enc of ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512']) {
    const jwe = await new jose.CompactEncrypt(pt)
      .setProtectedHeader({ alg: 'ECDH-ES', enc }).encrypt(key);
    put(`ok-${enc}`, jwe);
  }
  const full = await new jose.CompactEncrypt(pt)
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', kid: 'verifier-enc', typ: 'JWT' })
    .setKeyManagementParameters({ apu: new TextEncoder().encode('wallet'),
                                  apv: new TextEncoder().encode('nonce-1234') })
    .encrypt(key);
  put('ok-apu-apv-kid', full);
  const empty = await new jose.CompactEncrypt(new Uint8Array(0))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' }).encrypt(key);
  put('ok-empty-plaintext', empty);

  // Header variants around a valid message (refused: alg, enc, zip, crit,
  // epk), keeping the rest of the message.
  const [h, , iv, ct, tag] = full.split('.');
  const hdr = JSON.parse(Buffer.from(h, 'base64url').toString());
  const variant = (name, mutate) => {
    const copy = structuredClone(hdr);
    mutate(copy);
    put(name, [Buffer.from(JSON.stringify(copy)).toString('base64url'), '', iv, ct, tag].join('.'));
  };
  variant('bad-alg-rsa', (x) => { x.alg = 'RSA-OAEP'; });
  variant('bad-alg-kw', (x) => { x.alg = 'ECDH-ES+A128KW'; });
  variant('bad-enc', (x) => { x.enc = 'A192GCM'; });
  variant('bad-zip', (x) => { x.zip = 'DEF'; });
  variant('bad-crit', (x) => { x.crit = ['exp']; x.exp = 1; });
  variant('bad-epk-curve', (x) => { x.epk.crv = 'P-384'; });
  variant('bad-epk-point', (x) => { x.epk.y = x.epk.x; });
  variant('bad-epk-missing', (x) => { delete x.epk; });
  put('bad-encrypted-key', [h, 'AAAA', iv, ct, tag].join('.'));
  put('bad-four-parts', [h, '', iv, ct].join('.'));

  // The vector JWEs (other recipient keys: they reach decryption and fail).
  const c55 = JSON.parse(readFileSync(join(vectors,
    'jose-cose/jose-cookbook-rfc7520/jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json')));
  put('vector-rfc7520-5.5', c55.output.compact);
  const c54 = JSON.parse(readFileSync(join(vectors,
    'jose-cose/jose-cookbook-rfc7520/jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json')));
  put('vector-rfc7520-5.4', c54.output.compact);
  const inline = JSON.parse(readFileSync(join(vectors, 'oid4vp-oid4vci/oid4vp/inline-json-from-spec.json')));
  const b12 = inline.blocks.find((b) => b.n === 12).value;
  put('vector-oid4vp-8.3', b12.match(/"response" : "([^"]*)"/)[1].replace(/\s+/g, ''));
}

// ---- dcql ---------------------------------------------------------------------
{
  const put = reset('dcql');
  const ql = join(vectors, 'oid4vp-oid4vci/oid4vp/1.0/examples/query_lang');
  for (const f of readdirSync(ql)) put(`example-${f.replace(/\.json$/, '')}`, readFileSync(join(ql, f)));
  const rq = join(vectors, 'oid4vp-oid4vci/oid4vp/1.0/examples/request');
  for (const f of readdirSync(rq)) put(`example-${f.replace(/\.json$/, '')}`, readFileSync(join(rq, f)));

  const VCT = 'https://credentials.example.com/identity_credential';
  const sd = (id, extra) => ({ id, format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, ...extra });
  const md = (id, doctype, extra) => ({ id, format: 'mso_mdoc', meta: { doctype_value: doctype }, ...extra });
  const q = (name, query) => put(name, JSON.stringify(query));
  q('wildcards', { credentials: [sd('w', { claims: [
    { path: ['degrees', null, 'type'] }, { path: ['nationalities', 1] },
    { path: ['mixed', null, 'type'] }, { path: ['mixed', 2, null, 0] }] })] });
  q('values', { credentials: [sd('v', { claims: [
    { path: ['family_name'], values: ['Doe', 'Dent'] }, { path: ['age'], values: [42, 18] },
    { path: ['age_over_18'], values: [true] }, { path: ['nationalities', null], values: ['X'] }] })] });
  q('claim-sets', { credentials: [sd('cs', { claims: [
    { id: 'a', path: ['given_name'] }, { id: 'b', path: ['ssn'] }, { id: 'c', path: ['age'] }],
    claim_sets: [['a', 'b'], ['c'], ['a']] })] });
  q('credential-sets', { credentials: [sd('pid'), md('mdl', 'org.iso.18013.5.1.mDL'),
    md('photo', 'org.iso.23220.photoid.1')],
    credential_sets: [{ options: [['mdl'], ['photo', 'pid']], purpose: 'Identification' },
                      { required: false, options: [['pid']] }] });
  q('multiple-unbound', { credentials: [sd('m', { multiple: true,
    require_cryptographic_holder_binding: false, claims: [{ path: ['address'] }] })] });
  q('trusted-authorities', { credentials: [sd('t', { trusted_authorities: [
    { type: 'aki', values: ['s9tIpPmhxdiuNkHMEWNpYim8S8Y'] },
    { type: 'etsi_tl', values: ['https://lotl.example.com'] }] })] });
  q('mdoc-intent', { credentials: [md('m', 'org.iso.18013.5.1.mDL', { claims: [
    { path: ['org.iso.18013.5.1', 'portrait'], intent_to_retain: false },
    { path: ['org.iso.18013.5.1', 'age_over_18'], values: [true], intent_to_retain: true }] })] });
  q('unrepresentable', { credentials: [sd('u', { claims: [{ path: ['dotted.name'] }, { path: ['2024'] }] })] });
  q('bad-duplicate-id', { credentials: [sd('a'), sd('a')] });
  q('bad-claim-sets-id', { credentials: [sd('b', { claims: [{ id: 'x', path: ['a'] }], claim_sets: [['y']] })] });
  q('bad-path', { credentials: [sd('p', { claims: [{ path: ['a', -1] }] })] });
  q('bad-mdoc-path', { credentials: [md('p', 'd', { claims: [{ path: ['ns'] }] })] });
}
console.log('seeds written to tests/fuzz/corpus/jwe and tests/fuzz/corpus/dcql');
