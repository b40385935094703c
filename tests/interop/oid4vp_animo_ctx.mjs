// The @animo-id/mdoc crypto/COSE/X.509 callbacks over node:crypto, shared by
// the OpenID4VP interop verifier (the same callbacks as mdoc_animo.mjs).
import crypto from 'node:crypto';
import { b64u, fromB64u } from './mdoc_common.mjs';

const hashOf = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const sigHash = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };
const asKey = (jwk, priv) => {
  const { kid, alg, use, key_ops, ...k } = jwk;
  return priv ? crypto.createPrivateKey({ key: k, format: 'jwk' }) : crypto.createPublicKey({ key: k, format: 'jwk' });
};

export const animoCtx = {
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

