// wallet-issuer against the OpenID4VCI 1.0 specification's own examples
// (vectors/oid4vp-oid4vci/oid4vci/1.0/examples/, see the README there).
//
//   node issuer_vectors.mjs WALLET_ISSUER VECTORS_DIR WORKDIR
//
// The documents the service serves must have the shape of the spec's
// examples: every member we write exists, with the same JSON type (objects
// recursively, arrays by their first element), in the example of the same
// kind — the Credential Issuer Metadata (credential_issuer_metadata_sd_jwt_long),
// one credential configuration per format (credential_metadata_sd_jwt_vc,
// credential_metadata_mso_mdoc) and the Credential Offer with a
// pre-authorized code (credential_offer_pre-authz_code). Members the
// examples lack are listed in EXTENSIONS with the section that defines them;
// any other is a failure. Bounded: 60 s.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CLAIMS, admin, freePort, startIssuer, writeConfig } from './issuer_common.mjs';

const [bin, vectors, work] = process.argv.slice(2);
if (!bin || !vectors || !work) {
  console.error('usage: node issuer_vectors.mjs WALLET_ISSUER VECTORS_DIR WORKDIR');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('issuer_vectors: timed out'); process.exit(1); }, 60000);
const ex = (f) => JSON.parse(fs.readFileSync(path.join(vectors, 'oid4vp-oid4vci/oid4vci/1.0/examples', f), 'utf8'));

// Members defined by the spec but absent from the examples used.
const EXTENSIONS = new Set([
  // §4.1.1: tx_code's input_mode and length (the example has only a description)
  'grants.urn:ietf:params:oauth:grant-type:pre-authorized_code.tx_code.input_mode',
  'grants.urn:ietf:params:oauth:grant-type:pre-authorized_code.tx_code.length',
  // Appendix A.2.2 / A.3.2 and §12.2.4: "scope" is in the SD-JWT example, not the mdoc one
  'scope',
  // §12.2.4: proof_types_supported is in the SD-JWT example, not the mdoc one
  'proof_types_supported', 'proof_types_supported.jwt',
  'proof_types_supported.jwt.proof_signing_alg_values_supported',
  // §12.2.4 credential_metadata.display[].description
  'credential_metadata.display[].description',
  // §12.2.4 credential_metadata.claims[].mandatory (in the mdoc example, not the SD-JWT one)
  'credential_metadata.claims[].mandatory',
]);

let checked = 0;
function shape(ours, theirs, where, out) {
  if (theirs === undefined) {
    if (!EXTENSIONS.has(where)) out.push(`${where}: not in the specification's example`);
    return;
  }
  const t = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (t(ours) !== t(theirs)) {
    out.push(`${where}: ${t(ours)} where the example has ${t(theirs)}`);
    return;
  }
  checked++;
  if (t(ours) === 'array') {
    if (ours.length && theirs.length) for (const o of ours) shape(o, theirs[0], `${where}[]`, out);
  } else if (t(ours) === 'object') {
    for (const k of Object.keys(ours)) {
      // The grant type and the configuration ids are keys chosen by the issuer.
      const tk = theirs[k];
      shape(ours[k], tk, where ? `${where}.${k}` : k, out);
    }
  }
}

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const port = await freePort();
const tokens = writeConfig(work, port);
const srv = await startIssuer(bin, work, port);
const base = srv.base;
const problems = [];

// Credential Issuer Metadata (top level).
const md = await (await fetch(`${base}/.well-known/openid-credential-issuer`)).json();
const top = { ...md, credential_configurations_supported: {} };
shape(top, { ...ex('credential_issuer_metadata_sd_jwt_long.json'), credential_configurations_supported: {} }, '', problems);
for (const [id, cfg] of Object.entries(md.credential_configurations_supported)) {
  const example = cfg.format === 'mso_mdoc'
    ? Object.values(ex('credential_metadata_mso_mdoc.json').credential_configurations_supported)[0]
    : Object.values(ex('credential_metadata_sd_jwt_vc.json').credential_configurations_supported)[0];
  const before = problems.length;
  shape(cfg, example, '', problems);
  for (let i = before; i < problems.length; i++) problems[i] = `${id}: ${problems[i]}`;
  // The members the spec requires for the format (Appendix A.2.2, A.3.2).
  assert.ok(cfg.format === 'mso_mdoc' ? typeof cfg.doctype === 'string' : typeof cfg.vct === 'string');
  // mso_mdoc: COSE algorithm identifiers (numbers); dc+sd-jwt: JOSE names.
  assert.equal(typeof cfg.credential_signing_alg_values_supported[0],
    cfg.format === 'mso_mdoc' ? 'number' : 'string');
  // Claims paths: [namespace, element] for mdoc, [name] for SD-JWT.
  for (const c of cfg.credential_metadata.claims) assert.equal(c.path.length, cfg.format === 'mso_mdoc' ? 2 : 1);
}

// Credential Offer with a pre-authorized code and a tx_code.
const o = await admin(base, tokens['health-dept'], 'POST', '/admin/offers',
  { record_id: 'rec-vec', credentials: { health_book: CLAIMS.health_book } });
assert.equal(o.status, 201);
const offer = await (await fetch(o.json.offer_url)).json();
shape(offer, ex('credential_offer_pre-authz_code.json'), '', problems);
// §4.1.3: the offer URI is openid-credential-offer:// with credential_offer_uri.
assert.match(o.json.credential_offer_uri, /^openid-credential-offer:\/\/\?credential_offer_uri=https?%3A%2F%2F/);

assert.deepEqual(problems, []);
const exit = await srv.stop();
assert.equal(exit.code, 0);
clearTimeout(timer);
console.log(`issuer_vectors: ${checked} members of our metadata and offer match the shape of the specification's examples`);
