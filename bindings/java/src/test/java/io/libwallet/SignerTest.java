package io.libwallet;

import static io.libwallet.TestSupport.assertErr;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * External signers: a key held by the platform (here the JDK's own EC
 * provider, standing in for the Android Keystore: its SHA256withECDSA gives
 * DER signatures, as the Keystore does) signs SD-JWTs and KB-JWTs.
 */
public class SignerTest {
    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context();
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    private static KeyPair platformKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static Signer platformSigner(KeyPair kp, AtomicInteger calls) {
        return (alg, msg) -> {
            calls.incrementAndGet();
            if (alg != Alg.ES256) throw new IllegalArgumentException("ES256 only");
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(msg);
            return s.sign(); // DER
        };
    }

    @Test
    public void platformKeySignsIssuanceAndKeyBinding() throws Exception {
        KeyPair issuerKp = platformKey(), holderKp = platformKey();
        AtomicInteger calls = new AtomicInteger();
        try (Key issuerPub = Key.fromDer(ctx, issuerKp.getPublic().getEncoded());
                Key holderPub = Key.fromDer(ctx, holderKp.getPublic().getEncoded());
                Key issuer = Key.fromSigner(ctx, issuerPub, Alg.ES256, platformSigner(issuerKp, calls), true);
                Key holder = Key.fromSigner(ctx, holderPub, null, platformSigner(holderKp, calls), true);
                Trust trust = new Trust(ctx).addKey(ctx, issuerPub); Policy p = new Policy(ctx)) {
            assertTrue(issuer.canSign());
            assertTrue(issuer.samePublicKey(issuerPub));
            assertErr(Err.KEY_NOT_PRIVATE, () -> issuer.toJwk(ctx, true));
            String sd;
            try (SdJwtIssuer b = new SdJwtIssuer(ctx, issuer)) {
                sd = b.setClaims(ctx, "{\"a\":1}").addDisclosable(ctx, "a").setVct(ctx, "urn:t")
                        .setHolderKey(ctx, holderPub).issue(ctx, 0);
            }
            try (SdJwt held = SdJwt.parse(ctx, sd)) {
                String pres = held.present(ctx, Collections.singletonList("a"), holder, "aud", "n", 0);
                p.setAudience(ctx, "aud").setNonce(ctx, "n");
                Result r = SdJwt.verify(ctx, trust, p, pres).orThrow();
                assertTrue(r.claimsJson().contains("\"a\":1"));
            }
            assertEquals(2, calls.get());
            // raw signatures verify with the public half too
            byte[] sig = issuer.sign(ctx, null, new byte[] {1, 2, 3});
            assertEquals(64, sig.length); // DER converted to r||s
            issuerPub.verify(ctx, Alg.ES256, Alg.maskAll(), new byte[] {1, 2, 3}, sig);
        }
    }

    @Test
    public void signerOutlivesItsHandleInsideABuilder() throws Exception {
        KeyPair kp = platformKey();
        AtomicInteger calls = new AtomicInteger();
        try (Key pub = Key.fromDer(ctx, kp.getPublic().getEncoded());
                Trust trust = new Trust(ctx).addKey(ctx, pub)) {
            Key signer = Key.fromSigner(ctx, pub, Alg.ES256, platformSigner(kp, calls), true);
            try (SdJwtIssuer b = new SdJwtIssuer(ctx, signer)) {
                signer.close(); // the builder still holds the native key and its signer
                String sd = b.setClaims(ctx, "{\"x\":true}").setVct(ctx, "urn:t").issue(ctx, 0);
                assertTrue(SdJwt.verify(ctx, trust, null, sd).isValid());
            } // last reference: the signer's global reference is released here
            assertEquals(1, calls.get());
        }
    }

    // ---- negative

    @Test
    public void throwingSignerIsSignerFailed() throws Exception {
        KeyPair kp = platformKey();
        try (Key pub = Key.fromDer(ctx, kp.getPublic().getEncoded());
                Key k = Key.fromSigner(ctx, pub, Alg.ES256, (alg, msg) -> {
                    throw new java.security.SignatureException("user cancelled biometric prompt");
                }, true)) {
            assertErr(Err.SIGNER_FAILED, () -> k.sign(ctx, null, new byte[] {1}));
        }
    }

    @Test
    public void nullSignatureIsSignerFailed() throws Exception {
        KeyPair kp = platformKey();
        try (Key pub = Key.fromDer(ctx, kp.getPublic().getEncoded());
                Key k = Key.fromSigner(ctx, pub, Alg.ES256, (alg, msg) -> null, true)) {
            assertErr(Err.SIGNER_FAILED, () -> k.sign(ctx, null, new byte[] {1}));
        }
    }

    @Test
    public void wrongKeysSignatureDoesNotVerify() throws Exception {
        KeyPair kp = platformKey(), other = platformKey();
        AtomicInteger calls = new AtomicInteger();
        try (Key pub = Key.fromDer(ctx, kp.getPublic().getEncoded());
                Key k = Key.fromSigner(ctx, pub, Alg.ES256, platformSigner(other, calls), true)) {
            byte[] sig = k.sign(ctx, null, new byte[] {9});
            assertErr(Err.SIGNATURE, () -> pub.verify(ctx, Alg.ES256, Alg.maskAll(), new byte[] {9}, sig));
        }
    }

    @Test
    public void algThatDoesNotFitTheKeyIsAlgKeyMismatch() throws Exception {
        KeyPair kp = platformKey();
        try (Key pub = Key.fromDer(ctx, kp.getPublic().getEncoded())) {
            assertErr(Err.ALG_KEY_MISMATCH,
                    () -> Key.fromSigner(ctx, pub, Alg.EDDSA, (alg, msg) -> new byte[64], false));
            assertFalse(pub.canSign());
        }
    }
}
