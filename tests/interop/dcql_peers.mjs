// DCQL interop: libwallet's parser and matcher against independent peers.
//
// 1. @openid4vc/openid4vp 0.4.6 (pinned) treats dcql_query as an opaque
//    object (it has no DCQL evaluation), so with it we check the protocol
//    round trip: the authorization request URL it creates for each query
//    carries a dcql_query that libwallet parses to the same normalised
//    query, and a vp_token built from libwallet's selection passes its
//    response validation with exactly the selected query ids.
// 2. dcql 3.0.0 (openwallet-foundation-labs/dcql-ts, pinned) implements
//    DCQL parsing and matching: every scenario (query x candidate set) is
//    evaluated by both and the verdicts must agree — whether the query can
//    be satisfied, which candidates match each credential query, which claim
//    set each match uses, and which option each credential set chooses.
//    Queries dcql-ts normalises parse in libwallet; invalid queries are
//    refused by both. The few places where the two differ on purpose are
//    listed in KNOWN below and asserted as differences (so that a change on
//    either side is noticed); vectors/oid4vp-oid4vci/README.md explains them.
//
//   node dcql_peers.mjs PATH/TO/oid4vp_peer VECTORS_DIR
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DcqlQuery } from 'dcql';
import {
  createOpenid4vpAuthorizationRequest,
  validateOpenid4vpAuthorizationResponsePayload,
} from '@openid4vc/openid4vp';

const [peer, vectors] = process.argv.slice(2);
if (!peer || !vectors) {
  console.error('usage: node dcql_peers.mjs OID4VP_PEER VECTORS_DIR');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'dcql-peers-'));
let checks = 0;
let failures = 0;
function check(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.error(`FAIL: ${what}`);
  }
}

// Run scenarios through libwallet (one process for all).
function libwallet(scenarios) {
  const path = join(dir, `s${checks}.json`);
  writeFileSync(path, JSON.stringify(scenarios));
  const r = spawnSync(peer, ['dcql', path], { timeout: 60000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`oid4vp_peer dcql: ${r.stderr}`);
  return JSON.parse(r.stdout.toString());
}

// ---- queries --------------------------------------------------------------------

const QL = join(vectors, 'oid4vp-oid4vci/oid4vp/1.0/examples/query_lang');
const queries = {};
for (const f of readdirSync(QL).sort()) queries[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(QL, f)));

const VCT = 'https://credentials.example.com/identity_credential';
const sd = (id, extra) => ({ id, format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, ...extra });
const md = (id, doctype, extra) => ({ id, format: 'mso_mdoc', meta: { doctype_value: doctype }, ...extra });
Object.assign(queries, {
  wildcards: { credentials: [sd('w', { claims: [{ path: ['degrees', null, 'type'] }, { path: ['nationalities', 1] }] })] },
  values: { credentials: [sd('v', { claims: [
    { path: ['family_name'], values: ['Doe', 'Dent'] }, { path: ['age'], values: [42, 18] },
    { path: ['age_over_18'], values: [true] }, { path: ['nationalities', null], values: ['Betelgeusian'] }] })] },
  values_miss: { credentials: [sd('v', { claims: [{ path: ['age'], values: ['42'] }] })] },
  claim_sets: { credentials: [sd('cs', { claims: [
    { id: 'a', path: ['given_name'] }, { id: 'b', path: ['ssn'] }, { id: 'c', path: ['age'] },
    { id: 'd', path: ['address', 'locality'] }],
    claim_sets: [['a', 'b'], ['c', 'd'], ['a']] })] },
  credential_sets: { credentials: [sd('pid'), md('mdl', 'org.iso.18013.5.1.mDL'),
    md('photo', 'org.iso.23220.photoid.1')],
    credential_sets: [{ options: [['mdl'], ['photo', 'pid']] }, { required: false, options: [['pid'], ['mdl']] }] },
  multiple_unbound: { credentials: [sd('m', { multiple: true,
    require_cryptographic_holder_binding: false, claims: [{ path: ['address'] }] })] },
  bound_only: { credentials: [sd('b', { claims: [{ path: ['given_name'] }] })] },
  trusted_authorities: { credentials: [sd('t', { trusted_authorities: [
    { type: 'aki', values: ['s9tIpPmhxdiuNkHMEWNpYim8S8Y'] }] })] },
  mdoc_values: { credentials: [md('m', 'org.iso.18013.5.1.mDL', { claims: [
    { path: ['org.iso.18013.5.1', 'age_over_18'], values: [true], intent_to_retain: false },
    { path: ['org.iso.18013.5.1', 'given_name'] }] })] },
  no_claims: { credentials: [sd('n'), md('m', 'org.iso.7367.1.mVRC')] },
  index_missing: { credentials: [sd('i', { claims: [{ path: ['nationalities', 5] }] })] },
});

// ---- candidates (libwallet form; converted for dcql-ts) -------------------------

const PERSON = {
  given_name: 'Arthur', family_name: 'Dent', age: 42, age_over_18: true,
  address: { street_address: '42 Market Street', locality: 'Milliways', postal_code: '12345' },
  degrees: [{ type: 'Bachelor of Science' }, { type: 'Master of Science' }],
  nationalities: ['British', 'Betelgeusian'],
};
const IDV = {
  family_name: 'Doe', given_name: 'Jane', postal_code: '90210', locality: 'Hanoi', region: 'HN',
  date_of_birth: '1990-01-01', address: { street_address: '1 Trang Tien' },
};
const NS = 'org.iso.18013.5.1';
const pool = [
  { id: 'pid', format: 'dc+sd-jwt', type: VCT, claims: PERSON, binding: true,
    authority: [{ type: 'aki', value: 's9tIpPmhxdiuNkHMEWNpYim8S8Y' }] },
  { id: 'pid-unbound', format: 'dc+sd-jwt', type: VCT, claims: PERSON, binding: false },
  { id: 'idv', format: 'dc+sd-jwt', type: VCT, claims: IDV, binding: true },
  { id: 'other', format: 'dc+sd-jwt', type: 'https://othercredentials.example/pid', claims: PERSON, binding: true },
  { id: 'red1', format: 'dc+sd-jwt', type: 'https://credentials.example.com/reduced_identity_credential',
    claims: { family_name: 'Dent', given_name: 'Arthur' }, binding: true },
  { id: 'red2', format: 'dc+sd-jwt', type: 'https://cred.example/residence_credential',
    claims: { postal_code: '12345', locality: 'Milliways', region: 'Z' }, binding: true },
  { id: 'rewards', format: 'dc+sd-jwt', type: 'https://company.example/company_rewards',
    claims: { rewards_number: 7 }, binding: true },
  { id: 'mdl', format: 'mso_mdoc', type: 'org.iso.18013.5.1.mDL', binding: true, claims: {
    [NS]: { given_name: 'Arthur', family_name: 'Dent', portrait: 'AAEC', age_over_18: true,
            resident_address: '42 Market St', resident_country: 'VN' } } },
  { id: 'mdl-min', format: 'mso_mdoc', type: 'org.iso.18013.5.1.mDL', binding: true, claims: {
    [NS]: { given_name: 'Arthur', family_name: 'Dent', age_over_18: false } } },
  { id: 'photo', format: 'mso_mdoc', type: 'org.iso.23220.photoid.1', binding: true, claims: {
    [NS]: { given_name: 'A', family_name: 'D', portrait: 'AA', resident_address: 'x', resident_country: 'VN' } } },
  { id: 'mvrc', format: 'mso_mdoc', type: 'org.iso.7367.1.mVRC', binding: true, claims: {
    'org.iso.7367.1': { vehicle_holder: 'Arthur Dent' }, [NS]: { given_name: 'Arthur' } } },
];

function toDcqlTs(c) {
  const base = { cryptographic_holder_binding: c.binding };
  // dcql-ts takes one authority {type, values} per credential.
  if (c.authority?.length) base.authority = { type: c.authority[0].type, values: c.authority.map((a) => a.value) };
  return c.format === 'mso_mdoc'
    ? { ...base, credential_format: 'mso_mdoc', doctype: c.type, namespaces: c.claims }
    : { ...base, credential_format: 'dc+sd-jwt', vct: c.type, claims: c.claims };
}

// Deterministic subsets: the whole pool, each candidate alone, and 24
// pseudo-random subsets.
function subsets() {
  const out = [pool, ...pool.map((c) => [c])];
  let seed = 20260101;
  for (let i = 0; i < 24; i++) {
    const s = [];
    for (const c of pool) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      if (seed % 3 === 0) s.push(c);
    }
    out.push(s);
  }
  return out;
}

// ---- verdicts ---------------------------------------------------------------------

function verdictOurs(query, res) {
  const v = { satisfied: res.satisfied, matches: {}, claim_sets: {}, options: [] };
  for (const q of res.credentials) {
    v.matches[q.id] = q.matches.map((m) => m.candidate);
    v.claim_sets[q.id] = q.matches.map((m) => m.claim_set ?? null);
  }
  v.options = (res.credential_sets ?? []).map((s) => s.option ?? -1);
  return v;
}

function verdictTs(query, cands) {
  const parsed = DcqlQuery.parse(query);
  DcqlQuery.validate(parsed);
  const r = DcqlQuery.query(parsed, cands.map(toDcqlTs));
  const v = { satisfied: r.can_be_satisfied, matches: {}, claim_sets: {}, options: [] };
  for (const q of parsed.credentials) {
    const m = r.credential_matches[q.id];
    const valid = m?.success ? m.valid_credentials : [];
    v.matches[q.id] = valid.map((c) => cands[c.input_credential_index].id);
    v.claim_sets[q.id] = valid.map((c) =>
      q.claim_sets ? c.claims.valid_claim_sets[0].claim_set_index : null);
  }
  v.options = (r.credential_sets ?? []).map((s) => {
    const first = s.matching_options?.[0];
    return first ? s.options.findIndex((o) => JSON.stringify(o) === JSON.stringify(first)) : -1;
  });
  return v;
}

// Differences on purpose (each asserted as a difference).
const KNOWN = [
  {
    // §7.1.1: a member whose value is null exists; dcql-ts treats a null
    // claim as absent.
    name: 'null-valued claim is present (spec) / absent (dcql-ts)',
    query: { credentials: [sd('q', { claims: [{ path: ['middle_name'] }] })] },
    cands: [{ id: 'p', format: 'dc+sd-jwt', type: VCT, claims: { middle_name: null }, binding: true }],
    ours: true, ts: false,
  },
  {
    // §7.1.1 step 2.1: a selected element of the wrong type aborts the
    // whole path; dcql-ts drops that element and keeps the others.
    name: 'wildcard over an element of the wrong type aborts (spec) / is skipped (dcql-ts)',
    query: { credentials: [sd('q', { claims: [{ path: ['mixed', null, 'type'] }] })] },
    cands: [{ id: 'p', format: 'dc+sd-jwt', type: VCT, claims: { mixed: [{ type: 'a' }, 'plain'] }, binding: true }],
    ours: false, ts: true,
  },
];

// Invalid queries: both refuse.
const INVALID = {
  duplicate_credential_id: { credentials: [sd('a'), sd('a')] },
  unknown_claim_set_id: { credentials: [sd('a', { claims: [{ id: 'x', path: ['p'] }], claim_sets: [['y']] })] },
  unknown_option_id: { credentials: [sd('a')], credential_sets: [{ options: [['b']] }] },
  empty_credentials: { credentials: [] },
  empty_claims: { credentials: [sd('a', { claims: [] })] },
  empty_path: { credentials: [sd('a', { claims: [{ path: [] }] })] },
  negative_index: { credentials: [sd('a', { claims: [{ path: ['a', -1] }] })] },
  bad_id: { credentials: [sd('a b')] },
  object_value: { credentials: [sd('a', { claims: [{ path: ['a'], values: [{}] }] })] },
  empty_options: { credentials: [sd('a')], credential_sets: [{ options: [] }] },
  mdoc_path_one_element: { credentials: [md('m', 'd', { claims: [{ path: ['ns'] }] })] },
  empty_trusted_authorities: { credentials: [sd('a', { trusted_authorities: [] })] },
};
// Parsed differently on purpose: libwallet follows the MUSTs of §6.1 and
// Appendix B, dcql-ts is lenient (meta optional) or closed (unknown formats).
const PARSE_KNOWN = {
  meta_missing: { q: { credentials: [{ id: 'a', format: 'dc+sd-jwt' }] }, ours: false, ts: true },
  vct_values_missing: { q: { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {} }] }, ours: false, ts: true },
  unknown_format: { q: { credentials: [{ id: 'a', format: 'x-custom', meta: {} }] }, ours: true, ts: false },
  // §6.3: "values ... A non-empty array".
  empty_values: { q: { credentials: [sd('a', { claims: [{ path: ['a'], values: [] }] })] }, ours: false, ts: true },
};

function tsAccepts(q) {
  try {
    DcqlQuery.validate(DcqlQuery.parse(q));
    return true;
  } catch {
    return false;
  }
}

try {
  // ---- 2. dcql-ts: matching verdicts ------------------------------------------------
  const scenarios = [];
  for (const [name, query] of Object.entries(queries))
    for (const cands of subsets()) scenarios.push({ name, query, candidates: cands });
  const ours = libwallet(scenarios);
  let agree = 0;
  scenarios.forEach((s, i) => {
    check(!ours[i].error, `${s.name}: libwallet: ${ours[i].detail}`);
    if (ours[i].error) return;
    const a = JSON.stringify(verdictOurs(s.query, ours[i]));
    const b = JSON.stringify(verdictTs(s.query, s.candidates));
    check(a === b, `${s.name} over [${s.candidates.map((c) => c.id)}]:\n  libwallet ${a}\n  dcql-ts   ${b}`);
    if (a === b) agree++;
  });

  // Known differences, asserted.
  const known = libwallet(KNOWN.map((k) => ({ query: k.query, candidates: k.cands })));
  KNOWN.forEach((k, i) => {
    check(known[i].satisfied === k.ours, `${k.name}: libwallet says ${known[i].satisfied}`);
    check(verdictTs(k.query, k.cands).satisfied === k.ts, `${k.name}: dcql-ts changed its verdict`);
  });

  // ---- 2. dcql-ts: parsing, both directions ----------------------------------------
  // Queries dcql-ts normalises (defaults added) parse in libwallet.
  const normalised = Object.entries(queries).map(([name, q]) => ({
    name, query: JSON.parse(JSON.stringify(DcqlQuery.parse(q))), candidates: [] }));
  libwallet(normalised).forEach((r, i) =>
    check(!r.error, `dcql-ts-normalised ${normalised[i].name} refused by libwallet: ${r.detail}`));
  // Invalid queries are refused by both.
  const inv = Object.entries(INVALID);
  libwallet(inv.map(([, q]) => ({ query: q, candidates: [] }))).forEach((r, i) => {
    check(!!r.error, `invalid ${inv[i][0]} accepted by libwallet`);
    check(!tsAccepts(inv[i][1]), `invalid ${inv[i][0]} accepted by dcql-ts`);
  });
  const pk = Object.entries(PARSE_KNOWN);
  libwallet(pk.map(([, k]) => ({ query: k.q, candidates: [] }))).forEach((r, i) => {
    const [name, k] = pk[i];
    check(!r.error === k.ours, `${name}: libwallet ${r.error ? 'refuses' : 'accepts'}`);
    check(tsAccepts(k.q) === k.ts, `${name}: dcql-ts changed`);
  });

  // ---- 1. @openid4vc/openid4vp: request and response round trip --------------------
  for (const [name, query] of Object.entries(queries)) {
    const req = await createOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: {
        response_type: 'vp_token', client_id: 'redirect_uri:https://rp.example.vn/cb',
        redirect_uri: 'https://rp.example.vn/cb', nonce: 'n-0S6_WzA2Mj', dcql_query: query,
      },
      callbacks: {},
    });
    // What a wallet receives: the dcql_query parameter of the request URL.
    const fromUrl = JSON.parse(new URL(req.authorizationRequest).searchParams.get('dcql_query'));
    const [direct, viaUrl] = libwallet([
      { query, candidates: pool }, { query: fromUrl, candidates: pool }]);
    check(!viaUrl.error, `${name}: dcql_query from the openid4vp request refused: ${viaUrl.detail}`);
    check(JSON.stringify(direct) === JSON.stringify(viaUrl), `${name}: request round trip changed the result`);
    if (!direct.satisfied) continue;
    // vp_token from libwallet's selection: one placeholder presentation per
    // selected candidate.
    const vp_token = Object.fromEntries(Object.entries(direct.presentation)
      .map(([id, list]) => [id, list.map((p) => `presentation-of-${p.candidate}`)]));
    const v = validateOpenid4vpAuthorizationResponsePayload({
      authorizationRequestPayload: req.authorizationRequestPayload,
      authorizationResponsePayload: { vp_token },
    });
    check(v.type === 'dcql' && JSON.stringify(Object.keys(v.dcql.presentations).sort()) ===
          JSON.stringify(Object.keys(direct.presentation).sort()), `${name}: openid4vp response validation`);
    for (const q of direct.credentials)
      if (!q.multiple && direct.presentation[q.id])
        check(direct.presentation[q.id].length === 1, `${name}: one presentation without "multiple"`);
  }
  console.log(`dcql_peers: ${agree}/${scenarios.length} scenarios agree with dcql-ts; ` +
              `${KNOWN.length} known differences and ${pk.length} parse differences asserted`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`dcql_peers: ${checks - failures}/${checks} checks passed`);
process.exit(failures ? 1 : 0);
