// OpenID4VP 1.0: an independent VERIFIER built with @openid4vc/openid4vp
// (its verifier-side API creates the signed authorization request, and parses
// and validates the response), @sd-jwt/sd-jwt-vc (SD-JWT+KB), @animo-id/mdoc
// (DeviceResponse under the OpenID4VP handover, computed here) and jose (JWE),
// served on a loopback port; `wallet respond` answers it from a store.
//
//   node oid4vp_verifier.mjs WALLET_BINARY WORK_DIR
//
// Cases: SD-JWT VC and mdoc, direct_post and direct_post.jwt, with and
// without payment transaction data, x509_san_dns and x509_hash; and a
// request whose client_id does not match its certificate (refused by the
// wallet: nothing is posted).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import * as jose from 'jose';
import { Openid4vpVerifier, calculateX509HashClientIdPrefixValue } from '@openid4vc/openid4vp';
import { setGlobalConfig } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';
import { Verifier } from '@animo-id/mdoc';
import { setup, check, done, makePki, b64u, fromB64u, tag24, transcriptOid4vp10, claims } from './mdoc_common.mjs';

// The verifier runs on a loopback port over plain HTTP (as libwallet allows
// for loopback only); the library refuses http:// URLs unless told.
setGlobalConfig({ allowInsecureUrls: true });
const t = setup(process.argv);
const pki = makePki(t); // IACA + DS (mdoc issuer), reader key = the verifier's encryption key
const PIN = '2468';
const env = { ...process.env, PIN };
const NS = 'org.iso.18013.5.1';
const DT = 'org.iso.18013.5.1.mDL';
const VCT = 'https://city.example/pid';

// ---- the verifier's PKI (made with the CLI: any X.509 tool would do) -----------
t.run(['key', 'gen', '--alg', 'ES256', '--out', 'vroot.jwk']);
t.run(['key', 'gen', '--alg', 'ES256', '--out', 'vleaf.jwk']);
t.run(['cert', 'make', '--key', 'vroot.jwk', '--subject', 'CN=Relying Party Root,O=City,C=VN',
  '--out', 'vroot.pem']);
t.run(['cert', 'make', '--key', 'vleaf.jwk', '--ca-key', 'vroot.jwk', '--ca-cert', 'vroot.pem',
  '--subject', 'CN=Counter 7,O=City,C=VN', '--san-dns', 'localhost', '--out', 'vleaf.pem']);
fs.mkdirSync(t.file('vtrust'));
fs.copyFileSync(t.file('vroot.pem'), path.join(t.dir, 'vtrust', 'vroot.pem'));
const derOf = (pem) => new crypto.X509Certificate(fs.readFileSync(t.file(pem))).raw;
const x5c = [derOf('vleaf.pem').toString('base64'), derOf('vroot.pem').toString('base64')];
const { kid: _lk, alg: _la, ...leafJwk } = JSON.parse(fs.readFileSync(t.file('vleaf.jwk'), 'utf8'));
const leafKey = crypto.createPrivateKey({ key: leafJwk, format: 'jwk' });
const { d: _ld, ...leafPub } = leafJwk;
const { kid: _rk, alg: _ra, ...readerJwk } = pki.reader;
const encPriv = crypto.createPrivateKey({ key: readerJwk, format: 'jwk' });
const { d: _rd, ...encPubBare } = readerJwk;
const encPub = { ...encPubBare, kid: 'enc-1', use: 'enc', alg: 'ECDH-ES' };
const jkt = Buffer.from(await jose.calculateJwkThumbprint(encPubBare, 'sha256'), 'base64url');

// ---- the citizen's store: holder keys, an SD-JWT VC and an mDL ----------------
const W = ['--store', 'wallet.db'];
t.run([...W, 'store', 'init', '--pin-env', 'PIN', '--kdf-cost', '10'], { env });
const keygen = () => JSON.parse(t.run([...W, 'store', 'keygen', '--pin-env', 'PIN'], { env }));
const h1 = keygen();
const h2 = keygen();
fs.writeFileSync(t.file('h1.pub.jwk'), JSON.stringify(h1.public_jwk));
fs.writeFileSync(t.file('h2.pub.jwk'), JSON.stringify(h2.public_jwk));
t.run(['key', 'gen', '--alg', 'ES256', '--out', 'issuer.jwk']);
fs.writeFileSync(path.join(t.dir, 'trust', 'issuer.jwk'), t.run(['key', 'pub', 'issuer.jwk']));
const issuerPub = JSON.parse(t.run(['key', 'pub', 'issuer.jwk']));
fs.writeFileSync(t.file('pid.json'), JSON.stringify({
  iss: 'https://issuer.city.example', given_name: 'Minh Anh', family_name: 'Nguyen',
  birthdate: '1990-04-12', address: { locality: 'Ha Noi', street_address: '12 Trang Tien' },
}));
fs.writeFileSync(t.file('pid.sdjwt'), t.run(['issue', 'sdjwt', '--key', 'issuer.jwk', '--claims',
  'pid.json', '--sd-all', '--holder', 'h1.pub.jwk', '--vct', VCT]));
t.run([...W, 'store', 'add', '--trust', 'trust', '--pin-env', 'PIN', 'pid.sdjwt'], { env });
fs.writeFileSync(t.file('claims.json'), JSON.stringify(claims));
fs.writeFileSync(t.file('mdl.b64'), t.run(['issue', 'mdoc', '--key', 'ds.jwk', '--cert', 'ds.pem',
  '--doctype', DT, '--claims', 'claims.json', '--holder', 'h2.pub.jwk']));
t.run([...W, 'store', 'add', '--trust', 'trust', '--pin-env', 'PIN', 'mdl.b64'], { env });

// ---- the verifier ---------------------------------------------------------------
const callbacks = {
  hash: (data, alg) => new Uint8Array(crypto.createHash(alg.replace('-', '')).update(data).digest()),
  generateRandom: (n) => new Uint8Array(crypto.randomBytes(n)),
  signJwt: async (signer, { header, payload }) => {
    const jwt = await new jose.CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader(header).sign(leafKey);
    return { jwt, signerJwk: leafPub };
  },
  verifyJwt: async () => ({ verified: false }),
  encryptJwe: async () => { throw new Error('not used'); },
  decryptJwe: async (jwe) => {
    const { plaintext } = await jose.compactDecrypt(jwe, encPriv);
    return { decrypted: true, decryptionJwk: encPub, payload: new TextDecoder().decode(plaintext) };
  },
};
const verifier = new Openid4vpVerifier({ callbacks });
const sessions = new Map(); // id -> {jwt, payload, posted, result}
const server = http.createServer((req, res) => {
  const [, kind, id] = req.url.split('/');
  const s = sessions.get(id);
  if (!s) { res.writeHead(404).end(); return; }
  if (kind === 'request' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(s.jwt);
    return;
  }
  if (kind === 'response' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      s.posted = body;
      try {
        s.result = await judge(s, Object.fromEntries(new URLSearchParams(body)));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (e) {
        s.error = e.message;
        res.writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'invalid_request', error_description: e.message }));
      }
    });
    return;
  }
  res.writeHead(405).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://localhost:${server.address().port}`;

const sdjwtVerifier = new SDJwtVcInstance({
  hasher: digest,
  verifier: async (data, sig) => crypto.verify('sha256', Buffer.from(data),
    { key: crypto.createPublicKey({ key: issuerPub, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig, 'base64url')),
  kbVerifier: async (data, sig, payload) => crypto.verify('sha256', Buffer.from(data),
    { key: crypto.createPublicKey({ key: payload.cnf.jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig, 'base64url')),
});
const animoCtx = (await import('./oid4vp_animo_ctx.mjs')).animoCtx;

// Parse and validate with @openid4vc/openid4vp, then verify each presentation.
async function judge(s, authorizationResponse) {
  const p = s.payload;
  const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
    authorizationResponse, authorizationRequestPayload: p, callbacks,
  });
  if (parsed.type !== 'dcql') throw new Error('not a DCQL response');
  const out = { encrypted: Boolean(parsed.jarm), claims: {} };
  for (const [qid, list] of Object.entries(parsed.dcql.presentations)) {
    const q = p.dcql_query.credentials.find((c) => c.id === qid);
    if (!q) throw new Error(`presentation for unknown query ${qid}`);
    if (list.length !== 1) throw new Error('expected one presentation');
    if (q.format === 'dc+sd-jwt') {
      const v = await sdjwtVerifier.verify(list[0], { keyBindingNonce: p.nonce, requireKeyBindings: true });
      if (v.kb.payload.aud !== p.client_id) throw new Error('KB-JWT aud is not client_id');
      out.claims[qid] = v.payload;
      if (p.transaction_data) {
        const td = await verifier.verifyTransactionData({
          transactionData: p.transaction_data,
          credentials: { [qid]: [v.kb.payload] },
        });
        out.transactionData = td.length;
      }
    } else {
      const st = transcriptOid4vp10(p.client_id, p.nonce, parsed.jarm ? jkt : null, p.response_uri);
      const mdoc = await new Verifier().verifyDeviceResponse({
        encodedDeviceResponse: fromB64u(list[0]), encodedSessionTranscript: tag24(st),
        trustedCertificates: [new crypto.X509Certificate(pki.iacaPem).raw],
      }, animoCtx);
      out.claims[qid] = Object.fromEntries(mdoc.documents[0].getIssuerNameSpace(NS));
    }
  }
  return out;
}

let seq = 0;
async function makeRequest({ dcql, mode, td, clientId = 'x509_san_dns:localhost' }) {
  const id = `s${++seq}`;
  const payload = {
    response_type: 'vp_token', client_id: clientId, response_mode: mode,
    response_uri: `${base}/response/${id}`, nonce: crypto.randomBytes(16).toString('base64url'),
    state: `state-${id}`, dcql_query: dcql, purpose: 'Interop check',
    client_metadata: {
      client_name: 'Interop verifier', jwks: { keys: [encPub] },
      encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM'],
      vp_formats_supported: { 'dc+sd-jwt': {}, mso_mdoc: {} },
    },
    ...(td ? { transaction_data: td.map((x) => b64u(Buffer.from(JSON.stringify(x)))) } : {}),
  };
  const r = await verifier.createOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: payload,
    jar: { requestUri: `${base}/request/${id}`, jwtSigner: { method: 'x5c', x5c, alg: 'ES256' },
      expiresInSeconds: 300 },
  });
  const s = { jwt: r.jar.authorizationRequestJwt, payload: r.authorizationRequestPayload };
  sessions.set(id, s);
  return { uri: r.authorizationRequest, s };
}

const respond = (uri) => new Promise((resolve) => {
  execFile(t.wallet, [...W, 'respond', uri, '--yes', '--trust', 'vtrust', '--pin-env', 'PIN'],
    { cwd: t.dir, env, timeout: 60000 }, (err, stdout, stderr) =>
      resolve({ status: err ? err.code : 0, stdout, stderr }));
});

const pidQuery = { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: [VCT] },
  claims: [{ path: ['given_name'] }, { path: ['address', 'locality'] }] }] };
const mdlQuery = { credentials: [{ id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: DT },
  claims: [{ path: [NS, 'family_name'] }, { path: [NS, 'age_over_18'] }] }] };
const payment = { type: 'urn:city:payment', credential_ids: ['pid'], amount: '150000',
  currency: 'VND', payee: 'Ben Thanh Market', reference: 'INV-2026-0042' };

for (const mode of ['direct_post', 'direct_post.jwt']) {
  for (const withTd of [false, true]) {
    const { uri, s } = await makeRequest({ dcql: pidQuery, mode, td: withTd ? [payment] : null });
    const r = await respond(uri);
    const what = `SD-JWT VC ${mode}${withTd ? ' + payment transaction data' : ''}`;
    check(r.status === 0, `${what}: wallet respond succeeds ${r.status ? r.stderr : ''}`);
    const c = s.result?.claims?.pid;
    check(c && c.given_name === 'Minh Anh' && c.address?.locality === 'Ha Noi',
      `${what}: the verifier library accepts it and reads the requested claims ${s.error || ''}`);
    check(c && c.family_name === undefined && c.address?.street_address === undefined &&
      c.birthdate === undefined, `${what}: nothing beyond the request is disclosed`);
    check(s.result?.encrypted === (mode === 'direct_post.jwt'), `${what}: encrypted iff direct_post.jwt`);
    if (withTd) check(s.result?.transactionData === 1, `${what}: transaction_data_hashes verified`);
    if (withTd) check(r.stderr.includes('150000') && r.stderr.includes('VND'),
      `${what}: the payment is shown to the holder`);
  }
  const { uri, s } = await makeRequest({ dcql: mdlQuery, mode });
  const r = await respond(uri);
  check(r.status === 0, `mdoc ${mode}: wallet respond succeeds ${r.status ? r.stderr : ''}`);
  const c = s.result?.claims?.mdl;
  check(c && c.family_name === 'Nguyen' && c.age_over_18 === true && c.given_name === undefined,
    `mdoc ${mode}: Animo verifies the DeviceResponse under the OpenID4VP handover ${s.error || ''}`);
}

// x509_hash client_id (value computed by the verifier library).
{
  const hash = calculateX509HashClientIdPrefixValue
    ? await calculateX509HashClientIdPrefixValue({ x509Certificate: x5c[0], hash: callbacks.hash })
    : b64u(crypto.createHash('sha256').update(derOf('vleaf.pem')).digest());
  const { uri, s } = await makeRequest({ dcql: pidQuery, mode: 'direct_post', clientId: `x509_hash:${hash}` });
  const r = await respond(uri);
  check(r.status === 0 && s.result?.claims?.pid?.given_name === 'Minh Anh',
    `x509_hash client_id: accepted end to end ${r.status ? r.stderr : ''}${s.error || ''}`);
}

// A client_id the certificate does not carry: the wallet refuses, posts nothing.
{
  const { uri, s } = await makeRequest({ dcql: pidQuery, mode: 'direct_post', clientId: 'x509_san_dns:bank.example' });
  const r = await respond(uri);
  check(r.status === 1 && /x509_san/.test(r.stderr) && s.posted === undefined,
    'client_id not in the certificate SAN: refused, nothing posted');
}

// Claims the store cannot satisfy: refused before anything is sent.
{
  const q = { credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: ['https://other.example'] } }] };
  const { uri, s } = await makeRequest({ dcql: q, mode: 'direct_post' });
  const r = await respond(uri);
  check(r.status === 1 && /dcql_unsatisfied|cannot satisfy|unsatisfied/.test(r.stderr) && s.posted === undefined,
    'unsatisfiable query: refused, nothing posted');
}

const log = JSON.parse(t.run([...W, 'store', 'log', '--pin-env', 'PIN'], { env }));
check(log.length === 7 && log.every((e) => e.verifier.startsWith('x509_')),
  `consent log holds the 7 presentations (${log.length})`);
server.close();
done();
