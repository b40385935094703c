package io.libwallet;

import static io.libwallet.TestSupport.assertErr;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Context, errors, keys, certificates, trust, handles. */
public class CoreTest {
    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context();
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    private static final byte[] MSG = "hello".getBytes(StandardCharsets.UTF_8);

    // ---- positive

    @Test
    public void versionIsTheLibrarys() {
        assertEquals("0.1.0", Context.version());
    }

    @Test
    public void errConstantsMatchTheLibraryNames() throws Exception {
        // Err.java is generated from common.h; a stale copy fails here.
        int checked = 0;
        for (java.lang.reflect.Field f : Err.class.getFields()) {
            int code = f.getInt(null);
            String want = code == 0 ? "WALLET_OK" : "WALLET_ERR_" + f.getName();
            assertEquals(want, Native.s(Native.errName(code)));
            checked++;
        }
        assertEquals(Err.ALL.length, checked);
        assertTrue(checked > 100);
    }

    @Test
    public void contextClockLimitsOffline() {
        ctx.setTime(1700000000L);
        assertEquals(1700000000L, ctx.now());
        ctx.useSystemClock();
        assertTrue(ctx.now() > 1700000000L);
        long prev = ctx.setLimit(Context.LIMIT_JSON_DEPTH, 8);
        assertEquals(32, prev);
        assertEquals(8, ctx.limit(Context.LIMIT_JSON_DEPTH));
        assertFalse(ctx.isOffline());
        ctx.setOffline(true);
        assertTrue(ctx.isOffline());
    }

    @Test
    public void generateSignVerifyEveryGeneratedAlg() {
        for (Alg a : new Alg[] {Alg.ES256, Alg.ES384, Alg.ES512, Alg.EDDSA, Alg.ES256K}) {
            try (Key k = Key.generate(ctx, a)) {
                assertEquals(a, k.alg());
                assertTrue(k.canSign());
                byte[] sig = k.sign(ctx, null, MSG);
                k.verify(ctx, a, Alg.maskAll(), MSG, sig);
            }
        }
    }

    @Test
    public void keyExportImportRoundTrips() {
        try (Key k = Key.generate(ctx, Alg.ES256);
                Key fromJwk = Key.fromJwk(ctx, k.toJwk(ctx, true));
                Key fromPem = Key.fromPem(ctx, k.toPem(ctx, false));
                Key fromDer = Key.fromDer(ctx, k.toDer(ctx, true));
                Key fromCose = Key.fromCoseKey(ctx, k.toCoseKey(ctx, false));
                Key pub = k.publicKey(ctx)) {
            assertTrue(fromJwk.canSign());
            assertFalse(fromPem.canSign());
            assertTrue(fromDer.canSign());
            assertFalse(pub.canSign());
            for (Key x : Arrays.asList(fromJwk, fromPem, fromDer, fromCose, pub))
                assertTrue(x.samePublicKey(k));
            assertArrayEquals(k.thumbprint(ctx), pub.thumbprint(ctx));
            assertEquals(32, k.thumbprint(ctx).length);
            assertEquals(Key.KTY_EC, k.kty());
            assertEquals(Key.CURVE_P256, k.curve());
            assertNull(k.kid());
            k.setKid(ctx, "kid-é");
            assertEquals("kid-é", k.kid());
            assertTrue(k.toJwk(ctx, false).contains("\"kid\":\"kid-é\""));
            // signatures from the imported private key verify with the public one
            pub.verify(ctx, Alg.ES256, Alg.mask(List.of(Alg.ES256)), MSG,
                    fromDer.sign(ctx, Alg.ES256, MSG));
        }
    }

    @Test
    public void selfSignedCertificate() {
        ctx.setTime(1700000000L);
        try (Key k = Key.generate(ctx, Alg.ES256);
                Cert c = new CertBuilder(CertBuilder.Profile.CA).subject("CN=Test Root,C=VN")
                        .validity(1690000000L, 1800000000L).sign(ctx, k, k, null);
                Key ck = c.publicKey(ctx)) {
            assertEquals("CN=Test Root,C=VN", c.subject(ctx));
            assertEquals(c.subject(ctx), c.issuer(ctx));
            assertEquals(1690000000L, c.notBefore(ctx));
            assertEquals(1800000000L, c.notAfter(ctx));
            assertTrue(ck.samePublicKey(k));
            List<Cert> again = Cert.fromPem(ctx, c.toPem(ctx));
            assertEquals(1, again.size());
            assertArrayEquals(c.der(), again.get(0).der());
            try (Cert d = Cert.fromDer(ctx, c.der())) {
                assertEquals(c.subject(ctx), d.subject(ctx));
            }
            again.get(0).close();
            try (Trust t = new Trust(ctx)) {
                t.addCert(ctx, c, Trust.ROLE_ROOT).addPem(ctx, c.toPem(ctx), Trust.ROLE_SIGNER)
                        .addKey(ctx, k);
                assertEquals(1, t.rootCount());
                assertEquals(1, t.signerCount());
                assertEquals(1, t.keyCount());
                assertEquals(0, t.issuerCount());
            }
        }
    }

    @Test
    public void verifyDetectsAJwsFromTheCli() {
        // A JWS made by signing with the binding, verified through wallet_verify().
        try (Key k = Key.generate(ctx, Alg.ES256); Trust t = new Trust(ctx)) {
            t.addKey(ctx, k);
            java.util.Base64.Encoder b = java.util.Base64.getUrlEncoder().withoutPadding();
            String h = b.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
            String p = b.encodeToString("{\"iss\":\"me\"}".getBytes(StandardCharsets.UTF_8));
            byte[] sig = k.sign(ctx, null, (h + "." + p).getBytes(StandardCharsets.US_ASCII));
            String jws = h + "." + p + "." + b.encodeToString(sig);
            Result r = Verifier.verify(ctx, t, null, jws);
            assertTrue(r.toJson(), r.isValid());
            assertEquals("jws", r.format());
            assertEquals("me", r.issuer());
            assertEquals(0, r.error());
            assertEquals("", r.detail());
            assertTrue(r.toJson().contains("\"valid\":true"));
            // flip one signature byte: invalid, no claims
            sig[3] ^= 1;
            Result bad = Verifier.verify(ctx, t, null, h + "." + p + "." + b.encodeToString(sig));
            TestSupport.assertInvalid(Err.SIGNATURE, bad);
            assertErr(Err.SIGNATURE, bad::orThrow);
        }
    }

    // ---- handles

    @Test
    public void useAfterCloseThrowsIllegalState() {
        Key k = Key.generate(ctx, Alg.ES256);
        k.close();
        k.close(); // idempotent
        assertTrue(k.isClosed());
        try {
            k.sign(ctx, null, MSG);
            fail("use after close");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("Key is closed"));
        }
        Context c2 = new Context();
        c2.close();
        try {
            Key.generate(c2, Alg.ES256);
            fail("closed context");
        } catch (IllegalStateException expected) {
        }
    }

    @Test
    public void policyKeepsItsStatusCacheAlive() {
        try (Policy p = new Policy(ctx)) {
            StatusCache c = new StatusCache(ctx, 4);
            p.setStatusCache(ctx, c);
            c.close(); // the policy still refers to it: only marked closed
            assertTrue(c.isClosed());
            try {
                c.count();
                fail("closed cache used");
            } catch (IllegalStateException expected) {
            }
            p.setStatusCache(ctx, null); // the last user lets go: freed now
        }
    }

    // ---- negative

    @Test
    public void malformedJwkIsJson() {
        assertErr(Err.JSON, () -> Key.fromJwk(ctx, "{\"kty\":"));
    }

    @Test
    public void jwkWithDuplicateMemberIsJsonDuplicate() {
        assertErr(Err.JSON_DUPLICATE, () -> Key.fromJwk(ctx, "{\"kty\":\"EC\",\"kty\":\"EC\"}"));
    }

    @Test
    public void jwkOffCurveIsKeyInvalid() {
        WalletException e = assertErr(Err.KEY_INVALID, () -> Key.fromJwk(ctx,
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
                        + "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}"));
        assertEquals("invalid_key", e.id());
        assertFalse(e.detail().isEmpty());
        assertEquals(3, e.kind()); // crypto
    }

    @Test
    public void tamperedSignatureIsSignature() {
        try (Key k = Key.generate(ctx, Alg.ES256)) {
            byte[] sig = k.sign(ctx, null, MSG);
            sig[0] ^= 1;
            assertErr(Err.SIGNATURE, () -> k.verify(ctx, Alg.ES256, Alg.maskAll(), MSG, sig));
        }
    }

    @Test
    public void algOutsideAllowListIsAlgNotAllowed() {
        try (Key k = Key.generate(ctx, Alg.ES256)) {
            byte[] sig = k.sign(ctx, null, MSG);
            assertErr(Err.ALG_NOT_ALLOWED, () -> k.verify(ctx, Alg.ES256,
                    Alg.mask(Collections.singletonList(Alg.EDDSA)), MSG, sig));
        }
    }

    @Test
    public void publicKeyCannotSign() {
        try (Key k = Key.generate(ctx, Alg.ES256); Key pub = k.publicKey(ctx)) {
            assertErr(Err.KEY_NOT_PRIVATE, () -> pub.sign(ctx, null, MSG));
            assertErr(Err.KEY_NOT_PRIVATE, () -> pub.toJwk(ctx, true));
        }
    }

    @Test
    public void notPemIsPem() {
        assertErr(Err.PEM, () -> Cert.fromPem(ctx, "not a certificate"));
    }

    @Test
    public void garbageDerIsDer() {
        assertErr(Err.DER, () -> Cert.fromDer(ctx, new byte[] {0x30, 0x03, 0x01, 0x02}));
    }

    @Test
    public void embeddedNulIsRefusedNotTruncated() {
        try (Key k = Key.generate(ctx, Alg.ES256)) {
            WalletException e = assertErr(Err.INVALID_ARG, () -> k.setKid(ctx, "a\u0000b"));
            assertTrue(e.detail().contains("NUL"));
        }
    }

    @Test
    public void unknownLimitIsRefused() {
        try {
            ctx.limit(99);
            fail("unknown limit");
        } catch (IllegalArgumentException expected) {
        }
    }

    @Test
    public void malformedTrustJwksIsJson() {
        try (Trust t = new Trust(ctx)) {
            assertErr(Err.JSON, () -> t.addJwks(ctx, "{"));
        }
    }

    @Test
    public void unknownInputIsUnknownFormat() {
        try (Trust t = new Trust(ctx)) {
            Result r = Verifier.verify(ctx, t, null, "hello world");
            TestSupport.assertInvalid(Err.UNKNOWN_FORMAT, r);
            assertNull(r.format());
            assertNotNull(r.detail());
        }
    }
}
