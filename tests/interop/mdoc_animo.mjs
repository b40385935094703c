// mdoc interop with @animo-id/mdoc (0.5.2) over the OpenID4VP 1.0 handover
// (OpenID4VPHandover, with the JWK thumbprint of the verifier's encryption
// key as for direct_post.jwt), both directions.
//
//   Animo → libwallet: Animo issues an mDL (document signer from the
//     libwallet CLI) and presents it with a DeviceSignature and with a
//     DeviceMac; `wallet verify` checks both.
//   libwallet → Animo: `wallet issue mdoc` + `wallet present mdoc`; Animo's
//     Verifier accepts the DeviceSignature and the DeviceMac responses and
//     sees the disclosed elements; a changed byte is rejected.
//
// Animo 0.5 takes its cryptography from the caller (an MdocContext); the
// one here is built on Node's own crypto module (X509Certificate, ECDH,
// HKDF, HMAC, ECDSA), so that no code of libwallet is involved on that side.
//
// usage: node mdoc_animo.mjs WALLET_BINARY WORK_DIR
import fs from 'node:fs';
import crypto from 'node:crypto';
import * as jose from 'jose';
import { Document, MDoc, DeviceResponse, Verifier, DateOnly, parseDeviceResponse } from '@animo-id/mdoc';
import {
  setup, check, done, makePki, b64u, fromB64u, tag24, transcriptOid4vp10, claims,
} from './mdoc_common.mjs';

const hashOf = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const sigHash = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };
const asKey = (jwk, priv) => {
  const { kid, alg, use, key_ops, ...k } = jwk;
  return priv ? crypto.createPrivateKey({ key: k, format: 'jwk' }) : crypto.createPublicKey({ key: k, format: 'jwk' });
};
const pemOf = (der) => new crypto.X509Certificate(Buffer.from(der)).toString();

const ctx = {
  crypto: {
    random: (n) => new Uint8Array(crypto.randomBytes(n)),
    digest: ({ digestAlgorithm, bytes }) => new Uint8Array(crypto.createHash(hashOf[digestAlgorithm]).update(bytes).digest()),
    calculateEphemeralMacKeyJwk: ({ privateKey, publicKey, sessionTranscriptBytes }) => {
      // privateKey: raw d; publicKey: 0x04 || x || y (P-256)
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.setPrivateKey(Buffer.from(privateKey));
      const z = ecdh.computeSecret(Buffer.from(publicKey));
      const salt = crypto.createHash('sha256').update(sessionTranscriptBytes).digest();
      const k = Buffer.from(crypto.hkdfSync('sha256', z, salt, Buffer.from('EMacKey'), 32));
      return { kty: 'oct', k: b64u(k), alg: 'HS256' };
    },
  },
  cose: {
    sign1: {
      sign: ({ sign1, jwk }) => {
        const { data, alg } = sign1.getRawSigningData();
        return new Uint8Array(crypto.sign(sigHash[alg], data, { key: asKey(jwk, true), dsaEncoding: 'ieee-p1363' }));
      },
      verify: ({ sign1, jwk, options }) => {
        const { data, alg, signature } = sign1.getRawVerificationData(options);
        return crypto.verify(sigHash[alg], data, { key: asKey(jwk, false), dsaEncoding: 'ieee-p1363' }, signature);
      },
    },
    mac0: {
      sign: ({ mac0, jwk }) => {
        const { data } = mac0.getRawSigningData();
        return new Uint8Array(crypto.createHmac('sha256', fromB64u(jwk.k)).update(data).digest());
      },
      verify: ({ mac0, jwk, options }) => {
        const { data, signature } = mac0.getRawVerificationData(options);
        const want = crypto.createHmac('sha256', fromB64u(jwk.k)).update(data).digest();
        return want.length === signature.length && crypto.timingSafeEqual(want, Buffer.from(signature));
      },
    },
  },
  x509: {
    getIssuerNameField: ({ certificate, field }) =>
      new crypto.X509Certificate(Buffer.from(certificate)).issuer.split('\n')
        .filter((l) => l.startsWith(`${field}=`)).map((l) => l.slice(field.length + 1)),
    getPublicKey: ({ certificate }) => new crypto.X509Certificate(Buffer.from(certificate)).publicKey.export({ format: 'jwk' }),
    validateCertificateChain: ({ trustedCertificates, x5chain }) => {
      const chain = x5chain.map((c) => new crypto.X509Certificate(Buffer.from(c)));
      const roots = trustedCertificates.map((c) => new crypto.X509Certificate(Buffer.from(c)));
      const now = new Date();
      for (const c of chain)
        if (new Date(c.validFrom) > now || new Date(c.validTo) < now) throw new Error('certificate not valid now');
      for (let i = 0; i + 1 < chain.length; i++)
        if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey)) throw new Error('broken chain');
      const last = chain[chain.length - 1];
      const anchored = roots.some((r) => r.raw.equals(last.raw) || (last.checkIssued(r) && last.verify(r.publicKey)));
      if (!anchored) throw new Error('no trusted root');
    },
    getCertificateData: ({ certificate }) => {
      const c = new crypto.X509Certificate(Buffer.from(certificate));
      return {
        issuerName: c.issuer, subjectName: c.subject, serialNumber: c.serialNumber,
        thumbprint: c.fingerprint256, notBefore: new Date(c.validFrom), notAfter: new Date(c.validTo), pem: c.toString(),
      };
    },
  },
};

const t = setup(process.argv);
const pki = makePki(t);
const NS = 'org.iso.18013.5.1';
const DT = 'org.iso.18013.5.1.mDL';
const clientId = 'x509_san_dns:verifier.city.example';
const responseUri = 'https://verifier.city.example/oid4vp/response';
const nonce = 'exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA';

// ---- OpenID4VP 1.0 SessionTranscript: libwallet vs. computed here ------------
const { kid: _k, alg: _a, ...encJwk } = pki.readerPub; // the verifier's encryption key
const jkt = Buffer.from(await jose.calculateJwkThumbprint(encJwk, 'sha256'), 'base64url');
const stHex = t.run(['mdoc', 'transcript', '--oid4vp', '--client-id', clientId, '--nonce', nonce,
  '--response-uri', responseUri, '--jwk-thumbprint-of', 'reader.pub.jwk']).trim();
const stHere = transcriptOid4vp10(clientId, nonce, jkt, responseUri);
check(stHex === stHere.toString('hex'), 'libwallet OpenID4VP 1.0 SessionTranscript (with JWK thumbprint) equals the one computed here');
const stBytes = tag24(stHere);

// ---- Animo → libwallet ---------------------------------------------------------
const { d: _d, ...holderPub } = pki.holder;
const doc = await new Document(DT, ctx)
  .addIssuerNameSpace(NS, {
    family_name: 'Mustermann', given_name: 'Erika', birth_date: new DateOnly('1984-01-17'),
    issuing_country: 'VN', age_over_18: true,
  })
  .useDigestAlgorithm('SHA-256')
  .addValidityInfo({ signed: new Date() })
  .addDeviceKeyInfo({ deviceKey: holderPub })
  .sign({ issuerPrivateKey: pki.ds, issuerCertificate: pki.dsPem, alg: 'ES256' }, ctx);
const issued = new MDoc([doc]).encode();
const pd = (fields) => ({
  id: 'pid', input_descriptors: [{
    id: DT, format: { mso_mdoc: { alg: ['ES256'] } },
    constraints: { limit_disclosure: 'required', fields: fields.map((f) => ({ path: [`$['${NS}']['${f}']`], intent_to_retain: false })) },
  }],
});

const bySig = await DeviceResponse.from(issued)
  .usingPresentationDefinition(pd(['family_name', 'birth_date', 'age_over_18']))
  .usingSessionTranscriptBytes(stBytes)
  .authenticateWithSignature(pki.holder, 'ES256')
  .sign(ctx);
fs.writeFileSync(t.file('animo_sig.b64'), b64u(bySig.encode()));
let r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, '--doctype', DT, 'animo_sig.b64']);
let out = r.stdout ? JSON.parse(r.stdout) : {};
check(r.status === 0 && out.valid === true && out.holder_auth === 'device_signature',
  `Animo DeviceResponse (DeviceSignature) verifies in libwallet ${r.stderr.trim()}`);
check(out.claims && out.claims[NS].family_name === 'Mustermann' && out.claims[NS].birth_date === '1984-01-17' &&
  out.claims[NS].age_over_18 === true && !('given_name' in out.claims[NS]),
  'libwallet sees exactly the elements Animo disclosed (full-date as text)');

const byMac = await DeviceResponse.from(issued)
  .usingPresentationDefinition(pd(['given_name']))
  .usingSessionTranscriptBytes(stBytes)
  .authenticateWithMAC(pki.holder, pki.readerPub, 'HS256')
  .sign(ctx);
fs.writeFileSync(t.file('animo_mac.hex'), Buffer.from(byMac.encode()).toString('hex'));
r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, '--reader-key', 'reader.jwk', 'animo_mac.hex']);
out = r.stdout ? JSON.parse(r.stdout) : {};
check(r.status === 0 && out.valid && out.holder_auth === 'device_mac' && out.claims[NS].given_name === 'Erika',
  `Animo DeviceResponse (DeviceMac) verifies in libwallet ${r.stderr.trim()}`);
r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, '--reader-key', 'holder.jwk', 'animo_mac.hex']);
check(r.status === 1 && JSON.parse(r.stdout).error === 'mac', 'libwallet rejects the Animo DeviceMac under another reader key');

// ---- libwallet → Animo ---------------------------------------------------------
fs.writeFileSync(t.file('claims.json'), JSON.stringify(claims));
fs.writeFileSync(t.file('mdl.b64'), t.run(['issue', 'mdoc', '--key', 'ds.jwk', '--cert', 'ds.pem',
  '--doctype', DT, '--claims', 'claims.json', '--holder', 'holder.pub.jwk']));
const trusted = [new crypto.X509Certificate(pki.iacaPem).raw];
const verify = async (bytes, extra = {}) => {
  try {
    return await new Verifier().verifyDeviceResponse(
      { encodedDeviceResponse: bytes, encodedSessionTranscript: stBytes, trustedCertificates: trusted, ...extra }, ctx);
  } catch (e) {
    console.log(`  animo: ${e.message}`);
    return null;
  }
};
const wlSig = fromB64u(t.run(['present', 'mdoc', '--holder-key', 'holder.jwk', '--elements',
  `${NS}/given_name,${NS}/issue_date,${NS}/issuing_country`, '--session-transcript', stHex, 'mdl.b64']));
let mdoc = await verify(wlSig);
check(mdoc !== null, 'libwallet DeviceResponse (DeviceSignature) verifies in Animo');
if (mdoc) {
  const ns = mdoc.documents[0].getIssuerNameSpace(NS);
  check(ns.get('given_name') === 'Minh Anh' && ns.get('issuing_country') === 'VN' &&
    String(ns.get('issue_date')) .includes('2024-01-15') && !ns.has('family_name'),
    'Animo sees exactly the elements libwallet disclosed');
}
const otherSt = tag24(transcriptOid4vp10(clientId, 'another-nonce', jkt, responseUri));
check((await verify(wlSig, { encodedSessionTranscript: otherSt })) === null,
  'Animo rejects the libwallet response under another SessionTranscript (device signature checked)');
const wlMac = fromB64u(t.run(['present', 'mdoc', '--holder-key', 'holder.jwk', '--elements',
  `${NS}/document_number`, '--session-transcript', stHex, '--reader-key', 'reader.pub.jwk', 'mdl.b64']));
mdoc = await verify(wlMac, { ephemeralReaderKey: pki.reader });
check(mdoc !== null && mdoc.documents[0].getIssuerNameSpace(NS).get('document_number') === 'B2-0012345',
  'libwallet DeviceResponse (DeviceMac) verifies in Animo');

// Animo parses what libwallet wrote, structure by structure
const parsed = parseDeviceResponse(wlSig);
check(parsed.version === '1.0' && parsed.status === 0 && parsed.documents[0].docType === DT,
  'Animo parses the libwallet DeviceResponse (version, status, docType)');

const tampered = Buffer.from(wlSig);
tampered[tampered.indexOf(Buffer.from('Minh Anh'))] = 'X'.charCodeAt(0);
check((await verify(tampered)) === null, 'Animo rejects the tampered libwallet response');
fs.writeFileSync(t.file('tampered.b64'), b64u(tampered));
r = t.tryRun(['verify', '--trust', 'trust', '--session-transcript', stHex, 'tampered.b64']);
check(r.status === 1 && JSON.parse(r.stdout).error === 'digest_mismatch', 'libwallet rejects it too (digest_mismatch)');

done();
