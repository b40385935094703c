// mdoc interop with @auth0/mdl (3.0.1), both directions.
//
//   auth0 → libwallet: auth0 issues an mDL (document signer made by the
//     libwallet CLI under its IACA) and presents it for the ISO/IEC TS
//     18013-7 (OpenID4VP draft 18) handover with a DeviceSignature, and with
//     a DeviceMac; `wallet verify` checks both against the IACA, with the
//     SessionTranscript from `wallet mdoc transcript` (itself compared with
//     one encoded here by hand).
//   libwallet → auth0: `wallet issue mdoc` + `wallet present mdoc`
//     (DeviceSignature, then DeviceMac); auth0's Verifier accepts both and
//     sees the disclosed elements; one changed byte is rejected by both.
//
// usage: node mdoc_auth0.mjs WALLET_BINARY WORK_DIR
import fs from 'node:fs';
import { Document, MDoc, DeviceResponse, Verifier } from '@auth0/mdl';
import {
  setup, check, done, makePki, b64u, fromB64u, tag24, transcriptOid4vpDraft18, coseKeyOfJwk, claims,
} from './mdoc_common.mjs';

const t = setup(process.argv);
const pki = makePki(t);
const NS = 'org.iso.18013.5.1';
const DT = 'org.iso.18013.5.1.mDL';
const clientId = 'x509_san_dns:counter.city.example';
const responseUri = 'https://counter.city.example/oid4vp/response';
const nonce = 'n-8Kx2v0Qm';
const mdocNonce = 'mdoc-7hJ2';

// ---- the SessionTranscript, by libwallet and by hand -------------------------
const stHex = t.run(['mdoc', 'transcript', '--oid4vp-draft18', '--client-id', clientId,
  '--response-uri', responseUri, '--mdoc-nonce', mdocNonce, '--nonce', nonce]).trim();
const stByHand = transcriptOid4vpDraft18(clientId, responseUri, mdocNonce, nonce);
check(stHex === stByHand.toString('hex'), 'libwallet draft-18 SessionTranscript equals the hand-encoded one');
const stBytes = tag24(Buffer.from(stHex, 'hex')); // SessionTranscriptBytes for auth0

// ---- auth0 → libwallet -------------------------------------------------------
const { d: _d, ...holderPub } = pki.holder;
const doc = await new Document(DT)
  .addIssuerNameSpace(NS, {
    family_name: 'Jones', given_name: 'Ava', birth_date: '2007-03-25',
    issuing_country: 'VN', document_number: 'A-123',
  })
  .useDigestAlgorithm('SHA-256')
  .addValidityInfo({ signed: new Date() })
  .addDeviceKeyInfo({ deviceKey: holderPub })
  .sign({ issuerPrivateKey: pki.ds, issuerCertificate: pki.dsPem, alg: 'ES256' });
const issued = new MDoc([doc]).encode();

const pd = (fields) => ({
  id: 'mdl', input_descriptors: [{
    id: DT, format: { mso_mdoc: { alg: ['ES256'] } },
    constraints: { limit_disclosure: 'required', fields: fields.map((f) => ({ path: [`$['${NS}']['${f}']`], intent_to_retain: false })) },
  }],
});

const bySig = await DeviceResponse.from(issued)
  .usingPresentationDefinition(pd(['family_name', 'birth_date']))
  .usingSessionTranscriptBytes(stBytes)
  .authenticateWithSignature(pki.holder, 'ES256')
  .sign();
fs.writeFileSync(t.file('auth0_sig.hex'), Buffer.from(bySig.encode()).toString('hex'));
let r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, 'auth0_sig.hex']);
let out = r.stdout ? JSON.parse(r.stdout) : {};
check(r.status === 0 && out.valid === true, `auth0 DeviceResponse (DeviceSignature) verifies in libwallet ${r.stderr.trim()}`);
check(out.claims && out.claims[NS] && out.claims[NS].family_name === 'Jones' &&
  out.claims[NS].birth_date === '2007-03-25' && !('given_name' in out.claims[NS]),
  'libwallet sees exactly the elements auth0 disclosed');
check(out.holder_auth === 'device_signature' && out.type === DT, 'holder_auth and docType reported');

// the same with another nonce: the transcript no longer matches
const otherSt = t.run(['mdoc', 'transcript', '--oid4vp-draft18', '--client-id', clientId,
  '--response-uri', responseUri, '--mdoc-nonce', mdocNonce, '--nonce', 'another']).trim();
r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', otherSt, 'auth0_sig.hex']);
check(r.status === 1 && JSON.parse(r.stdout).error === 'mdoc_device_signature',
  'libwallet rejects the auth0 response under another SessionTranscript');

// DeviceMac with the reader's ephemeral key
const byMac = await DeviceResponse.from(issued)
  .usingPresentationDefinition(pd(['given_name']))
  .usingSessionTranscriptBytes(stBytes)
  .authenticateWithMAC(pki.holder, coseKeyOfJwk(pki.readerPub), 'HS256')
  .sign();
fs.writeFileSync(t.file('auth0_mac.b64'), b64u(byMac.encode()));
r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, '--reader-key', 'reader.jwk', 'auth0_mac.b64']);
out = r.stdout ? JSON.parse(r.stdout) : {};
check(r.status === 0 && out.valid && out.holder_auth === 'device_mac' && out.claims[NS].given_name === 'Ava',
  `auth0 DeviceResponse (DeviceMac) verifies in libwallet ${r.stderr.trim()}`);

// ---- libwallet → auth0 -------------------------------------------------------
fs.writeFileSync(t.file('claims.json'), JSON.stringify(claims));
const issuerSigned = t.run(['issue', 'mdoc', '--key', 'ds.jwk', '--cert', 'ds.pem', '--doctype', DT,
  '--claims', 'claims.json', '--holder', 'holder.pub.jwk']).trim();
fs.writeFileSync(t.file('mdl.b64'), issuerSigned);
const wlSig = t.run(['present', 'mdoc', '--holder-key', 'holder.jwk', '--elements',
  `${NS}/family_name,${NS}/age_over_18,${NS}/birth_date,${NS}/nationality`, '--session-transcript', stHex, 'mdl.b64']).trim();
const verifier = new Verifier([pki.iacaPem]);
let ok = true;
let mdoc;
try {
  mdoc = await verifier.verify(fromB64u(wlSig), { encodedSessionTranscript: stBytes });
} catch (e) {
  ok = false;
  console.log(`  auth0: ${e.message}`);
}
check(ok, 'libwallet DeviceResponse (DeviceSignature) verifies in auth0');
if (ok) {
  const ns = mdoc.documents[0].getIssuerNameSpace(NS);
  check(ns.family_name === 'Nguyen' && ns.age_over_18 === true && !('given_name' in ns),
    'auth0 sees exactly the elements libwallet disclosed');
  const diag = await verifier.getDiagnosticInformation(fromB64u(wlSig), { encodedSessionTranscript: stBytes });
  check(diag.issuerSignature.isValid && diag.deviceSignature.isValid &&
    diag.attributes.length === 3 && diag.attributes.every((a) => a.isValid),
    'auth0 diagnostics: issuer signature, device signature and every element digest valid');
}

let wrongSt = false;
try {
  await verifier.verify(fromB64u(wlSig), { encodedSessionTranscript: tag24(Buffer.from(otherSt, 'hex')) });
} catch (e) {
  wrongSt = true;
}
check(wrongSt, 'auth0 rejects the libwallet response under another SessionTranscript (device signature checked)');

// DeviceMac: auth0 verifies with the reader's ephemeral private key
const wlMac = t.run(['present', 'mdoc', '--holder-key', 'holder.jwk', '--elements', `${NS}/document_number`,
  '--session-transcript', stHex, '--reader-key', 'reader.pub.jwk', 'mdl.b64']).trim();
ok = true;
try {
  mdoc = await verifier.verify(fromB64u(wlMac), { encodedSessionTranscript: stBytes, ephemeralReaderKey: coseKeyOfJwk(pki.reader) });
} catch (e) {
  ok = false;
  console.log(`  auth0: ${e.message}`);
}
check(ok && mdoc.documents[0].getIssuerNameSpace(NS).document_number === 'B2-0012345',
  'libwallet DeviceResponse (DeviceMac) verifies in auth0');

// one changed byte inside an element value: both refuse
const tampered = Buffer.from(fromB64u(wlSig));
const at = tampered.indexOf(Buffer.from('Nguyen'));
tampered[at] = 'M'.charCodeAt(0);
let rejected = false;
try {
  await verifier.verify(tampered, { encodedSessionTranscript: stBytes });
} catch (e) {
  rejected = true;
}
check(rejected, 'auth0 rejects the tampered libwallet response');
fs.writeFileSync(t.file('tampered.b64'), b64u(tampered));
r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, 'tampered.b64']);
check(r.status === 1 && JSON.parse(r.stdout).error === 'digest_mismatch', 'libwallet rejects it too (digest_mismatch)');

done();
