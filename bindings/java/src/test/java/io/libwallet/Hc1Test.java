package io.libwallet;

import static io.libwallet.TestSupport.assertErr;
import static io.libwallet.TestSupport.assertInvalid;
import static io.libwallet.TestSupport.obj;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * HC1: the EU DCC common/ test files (vectors/dcc) through Hc1.verify, with
 * each file's own certificate as the only trust at its validation clock (as
 * tests/vectors/test_dcc_vectors.c runs the whole chain), and an issue →
 * verify round trip with negative cases.
 */
public class Hc1Test {
    private static final long T0 = 1750000000L, DAY = 86400;
    private static final String PAYLOAD = "{\"ver\":\"1.3.0\",\"nam\":{\"fn\":\"Nguyễn\",\"fnt\":\"NGUYEN\","
            + "\"gn\":\"An\",\"gnt\":\"AN\"},\"dob\":\"1990-01-02\",\"v\":[{\"tg\":\"840539006\","
            + "\"vp\":\"1119349007\",\"mp\":\"EU/1/20/1528\",\"ma\":\"ORG-100030215\",\"dn\":2,"
            + "\"sd\":2,\"dt\":\"2021-06-01\",\"co\":\"VN\",\"is\":\"Ministry of Health\","
            + "\"ci\":\"URN:UVCI:01:VN:ABC123#X\"}]}";

    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context();
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    private static Boolean flag(Map<String, Object> exp, String name) {
        return (Boolean) exp.get("EXPECTED" + name);
    }

    // ---- vectors

    @Test
    public void dccCommonFilesGiveTheExpectedVerdict() throws Exception {
        Path dir = TestSupport.vectors().resolve("dcc/common/2DCode/raw");
        int files = 0, invalidAsExpected = 0, validOrUnlistedStep = 0, fullyValid = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : ds) {
                Map<String, Object> d = obj(TestSupport.Json.parse(
                        new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8)));
                Map<String, Object> tc = obj(d.get("TESTCTX"));
                Map<String, Object> exp = obj(d.get("EXPECTEDRESULTS"));
                String prefix = (String) d.get("PREFIX");
                // the text chain's steps, in order, as listed by the file
                String[] steps = {"UNPREFIX", "B45DECODE", "COMPRESSION", "DECODE", "VERIFY",
                        "KEYUSAGE", "EXPIRATIONCHECK"};
                String firstFalse = null;
                boolean anyListed = false;
                for (String s : steps) {
                    Boolean b = flag(exp, s);
                    if (b == null) continue;
                    anyListed = true;
                    if (!b && firstFalse == null) firstFalse = s;
                }
                if (!anyListed || prefix == null) continue; // picture / schema-only files
                files++;
                try (Context c = new Context(); Trust t = new Trust(c)) {
                    c.setTime(Instant.parse((String) tc.get("VALIDATIONCLOCK")).getEpochSecond());
                    t.addPem(c, "-----BEGIN CERTIFICATE-----\n" + tc.get("CERTIFICATE")
                            + "\n-----END CERTIFICATE-----\n", Trust.ROLE_AUTO);
                    Result r = Hc1.verify(c, t, null, prefix);
                    String what = f.getFileName() + ": " + r.toJson();
                    if (firstFalse != null) {
                        assertFalse(what, r.isValid());
                        Set<Integer> ok = expectedErrors(firstFalse);
                        assertTrue(what + " (first failing step " + firstFalse + ")",
                                ok.isEmpty() || ok.contains(r.error()));
                        invalidAsExpected++;
                    } else {
                        // every listed step passes: a failure may only come from a
                        // later step the file does not list
                        Set<Integer> unlisted = new HashSet<>();
                        if (flag(exp, "KEYUSAGE") == null) unlisted.add(Err.KEY_USAGE);
                        if (flag(exp, "EXPIRATIONCHECK") == null)
                            unlisted.addAll(Arrays.asList(Err.EXPIRED, Err.NOT_YET_VALID,
                                    Err.CERT_EXPIRED));
                        assertTrue(what, r.isValid() || unlisted.contains(r.error()));
                        if (r.isValid()) {
                            fullyValid++;
                            assertEquals("hc1", r.format());
                            assertNotNull(r.claimsJson());
                            assertNotNull(r.type());
                            assertTrue(r.validUntil() > 0);
                        }
                        validOrUnlistedStep++;
                    }
                }
            }
        }
        assertEquals(31, files); // 38 files, less 6 schema-only and 1 picture-only
        assertEquals(19, invalidAsExpected);
        assertEquals(12, validOrUnlistedStep);
        assertTrue("fully valid: " + fullyValid, fullyValid >= 1);
    }

    private static Set<Integer> expectedErrors(String step) {
        switch (step) {
            case "UNPREFIX":
                return new HashSet<>(Arrays.asList(Err.HC1_PREFIX));
            case "B45DECODE":
                return new HashSet<>(Arrays.asList(Err.BASE45));
            case "COMPRESSION":
                return new HashSet<>(Arrays.asList(Err.COMPRESSION, Err.TOO_LARGE, Err.TRAILING_DATA));
            case "KEYUSAGE":
                return new HashSet<>(Arrays.asList(Err.KEY_USAGE));
            case "EXPIRATIONCHECK":
                return new HashSet<>(Arrays.asList(Err.EXPIRED, Err.NOT_YET_VALID, Err.CERT_EXPIRED));
            default:
                return new HashSet<>(); // DECODE / VERIFY: several codes possible
        }
    }

    // ---- round trip

    private final class Signer implements AutoCloseable {
        final Key key = Key.generate(ctx, Alg.ES256);
        final Cert cert = new CertBuilder(CertBuilder.Profile.LEAF).subject("CN=DSC VN,C=VN")
                .validity(T0 - DAY, T0 + 365 * DAY).sign(ctx, key, key, null);
        final Trust trust = new Trust(ctx).addCert(ctx, cert, Trust.ROLE_SIGNER);

        @Override
        public void close() {
            trust.close();
            cert.close();
            key.close();
        }
    }

    @Test
    public void issueVerifyRoundTrip() {
        ctx.setTime(T0);
        try (Signer s = new Signer()) {
            String hc1 = Hc1.issue(ctx, s.key, s.cert, null, "VN", T0, T0 + 30 * DAY, PAYLOAD);
            assertTrue(hc1.startsWith("HC1:"));
            Result r = Hc1.verify(ctx, s.trust, null, hc1).orThrow();
            assertEquals("hc1", r.format());
            assertEquals("vaccination", r.type());
            assertEquals("VN", r.issuer());
            assertEquals(T0, r.issuedAt());
            assertEquals(T0 + 30 * DAY, r.validUntil());
            assertEquals("Nguyễn", obj(obj(TestSupport.Json.parse(r.claimsJson())).get("nam")).get("fn"));
            assertTrue(Verifier.verify(ctx, s.trust, null, hc1).isValid());
            // transport layers alone
            byte[] cose = Hc1.decode(ctx, hc1);
            assertEquals(hc1, Hc1.encode(ctx, cose));
            byte[] kid = Hc1.kid(ctx, s.cert);
            assertEquals(8, kid.length);
            assertArrayEquals(kid, Hc1.kid(ctx, s.cert));
        }
    }

    // ---- negative

    @Test
    public void notHc1IsHc1Prefix() {
        try (Trust t = new Trust(ctx)) {
            assertInvalid(Err.HC1_PREFIX, Hc1.verify(ctx, t, null, "HC2:ABC"));
        }
    }

    @Test
    public void badBase45IsBase45() {
        try (Trust t = new Trust(ctx)) {
            assertInvalid(Err.BASE45, Hc1.verify(ctx, t, null, "HC1:abc"));
        }
    }

    @Test
    public void untrustedSignerIsKeyNotFound() {
        ctx.setTime(T0);
        try (Signer s = new Signer(); Trust empty = new Trust(ctx)) {
            String hc1 = Hc1.issue(ctx, s.key, s.cert, null, "VN", T0, T0 + DAY, PAYLOAD);
            assertInvalid(Err.KEY_NOT_FOUND, Hc1.verify(ctx, empty, null, hc1));
        }
    }

    @Test
    public void afterExpiryIsExpired() {
        ctx.setTime(T0);
        try (Signer s = new Signer()) {
            String hc1 = Hc1.issue(ctx, s.key, s.cert, null, "VN", T0, T0 + DAY, PAYLOAD);
            ctx.setTime(T0 + 3 * DAY);
            assertInvalid(Err.EXPIRED, Hc1.verify(ctx, s.trust, null, hc1));
        }
    }

    @Test
    public void tamperedIsNotValid() {
        ctx.setTime(T0);
        try (Signer s = new Signer()) {
            byte[] cose = Hc1.decode(ctx, Hc1.issue(ctx, s.key, s.cert, null, "VN", T0, T0 + DAY, PAYLOAD));
            cose[cose.length - 1] ^= 1; // last signature byte
            assertInvalid(Err.SIGNATURE, Hc1.verify(ctx, s.trust, null, Hc1.encode(ctx, cose)));
        }
    }

    @Test
    public void payloadWithoutKindIsHc1Payload() {
        ctx.setTime(T0);
        try (Signer s = new Signer()) {
            assertErr(Err.HC1_PAYLOAD, () -> Hc1.issue(ctx, s.key, s.cert, null, "VN", T0,
                    T0 + DAY, "{\"ver\":\"1.3.0\"}"));
        }
    }

    @Test
    public void eddsaSignerIsAlgNotAllowed() {
        ctx.setTime(T0);
        try (Key k = Key.generate(ctx, Alg.EDDSA)) {
            assertErr(Err.ALG_NOT_ALLOWED, () -> Hc1.issue(ctx, k, null, new byte[8], "VN", T0,
                    T0 + DAY, PAYLOAD));
        }
    }

    @Test
    public void decodingTextThatIsNotHc1IsHc1Prefix() {
        try {
            Hc1.decode(ctx, "hello");
            fail("decoded");
        } catch (WalletException e) {
            assertEquals(Err.HC1_PREFIX, e.code());
        }
    }
}
