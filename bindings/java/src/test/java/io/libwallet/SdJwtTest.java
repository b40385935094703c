package io.libwallet;

import static io.libwallet.TestSupport.arr;
import static io.libwallet.TestSupport.assertErr;
import static io.libwallet.TestSupport.assertInvalid;
import static io.libwallet.TestSupport.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * SD-JWT: the RFC 9901 (draft-22) and SD-JWT VC draft-18 examples of
 * vectors/sdjwt, as tests/vectors/test_sdjwt_vectors.c checks them, and an
 * issue → present → verify round trip with negative cases.
 */
public class SdJwtTest {
    private static final String D22 = "sdjwt/ietf-sd-jwt-draft-22-rendered/";
    private static final String VC18 = "sdjwt/ietf-sd-jwt-vc-draft-18-rendered/";
    private static final long VEC_NOW = 1700000000L; // examples valid 2023-05 .. 2029-09
    private static final long NOW = 1750000000L;

    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context().setTime(NOW);
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    /** The Appendix A.5 issuer key, optionally under a kid. */
    private Trust vectorTrust(Context c, String kid) throws Exception {
        String jwk = TestSupport.text(D22 + "sec-A.5-elliptic-curve-key-used-in-the-examples/01_json.json");
        if (kid != null) jwk = jwk.replaceFirst("\\{", "{\"kid\":\"" + kid + "\",");
        Trust t = new Trust(c);
        t.addJwks(c, jwk);
        return t;
    }

    private int checkSection(String dir, String kid) throws Exception {
        int n = 0;
        Map<String, Object> checks = obj(TestSupport.json(dir + "checks.json"));
        for (Object a : arr(checks.get("artifacts"))) {
            Map<String, Object> art = obj(a);
            Map<String, Object> check = obj(art.get("check"));
            if (check == null) continue;
            Object type = check.get("type");
            if (!(type instanceof String) || type.equals("jwt")) continue;
            String token = TestSupport.text(dir + art.get("file"));
            Map<String, Object> kb = obj(check.get("kb_payload"));
            try (Context c = new Context(); Trust trust = vectorTrust(c, kid);
                    Policy p = new Policy(c)) {
                c.setTime(kb != null ? ((Double) kb.get("iat")).longValue() : VEC_NOW);
                p.setSdJwtTypes(c, "example+sd-jwt", "dc+sd-jwt", "vc+sd-jwt");
                if (kb != null) {
                    p.setAudience(c, (String) kb.get("aud"));
                    p.setNonce(c, (String) kb.get("nonce"));
                }
                Result r = Verifier.verify(c, trust, p, token);
                assertTrue(dir + art.get("file") + ": " + r.toJson(), r.isValid());
                assertEquals("dc+sd-jwt", r.format());
                Map<String, Object> want = obj(check.get("processed_payload"));
                assertEquals(dir + art.get("file"), want, TestSupport.Json.parse(r.claimsJson()));
                assertEquals(want.containsKey("cnf"), r.holderKeyJwk() != null);
                if (want.containsKey("vct")) assertEquals(want.get("vct"), r.type());
                if (kb == null) {
                    try (SdJwt held = SdJwt.parse(c, token)) {
                        assertEquals(((Double) check.get("num_disclosures")).intValue(),
                                held.disclosures().size());
                    }
                } else {
                    // key binding is enforced: another nonce is refused
                    p.setNonce(c, "another nonce");
                    assertInvalid(Err.NONCE, SdJwt.verify(c, trust, p, token));
                }
                n++;
            }
        }
        return n;
    }

    // ---- vectors

    @Test
    public void rfc9901ExamplesVerify() throws Exception {
        int n = 0;
        n += checkSection(D22 + "sec-5.1-issuance/", null);
        n += checkSection(D22 + "sec-5.2-presentation/", null);
        n += checkSection(D22 + "sec-A.1-simple-structured-sd-jwt/", null);
        n += checkSection(D22 + "sec-A.2-complex-structured-sd-jwt/", null);
        n += checkSection(D22 + "sec-A.3-sd-jwt-based-verifiable-credentials-sd-j/", null);
        n += checkSection(D22 + "sec-A.4-w3c-verifiable-credentials-data-model-v2/", null);
        assertEquals("tokens checked", 8, n);
    }

    @Test
    public void sdJwtVcDraft18ExamplesVerify() throws Exception {
        int n = 0;
        n += checkSection(VC18 + "sec-2.3.1-issuance/", "doc-signer-05-25-2022");
        n += checkSection(VC18 + "sec-2.3.2-presentation/", "doc-signer-05-25-2022");
        n += checkSection(VC18 + "sec-A.1-example-person-identification-data-pid-c/", null);
        assertEquals("tokens checked", 5, n);
    }

    @Test
    public void verifiedContentsOfThePresentationMatchTheDraft() throws Exception {
        String pres = TestSupport.text(D22 + "sec-5.2-presentation/01_sd_jwt_presentation.txt");
        Map<String, Object> kb = obj(TestSupport.json(D22 + "sec-5.2-presentation/02_kb_jwt_payload.json"));
        try (Trust t = vectorTrust(ctx, null); Policy p = new Policy(ctx)) {
            ctx.setTime(((Double) kb.get("iat")).longValue());
            p.setSdJwtTypes(ctx, "example+sd-jwt").setAudience(ctx, (String) kb.get("aud"))
                    .setNonce(ctx, (String) kb.get("nonce"));
            Result r = SdJwt.verify(ctx, t, p, pres).orThrow();
            assertEquals(TestSupport.json(D22 + "sec-5.2-presentation/03_verified_contents.json"),
                    TestSupport.Json.parse(r.claimsJson()));
            // tampering with the presentation breaks sd_hash / the disclosures
            String[] parts = pres.split("~", -1);
            List<String> dropped = new java.util.ArrayList<>(Arrays.asList(parts));
            dropped.remove(1);
            assertFalse(SdJwt.verify(ctx, t, p, String.join("~", dropped)).isValid());
        }
    }

    // ---- round trip

    private static final String CLAIMS = "{\"given_name\":\"Mai\",\"family_name\":\"Nguyễn\","
            + "\"birthdate\":\"1990-01-02\",\"address\":{\"locality\":\"Hà Nội\",\"country\":\"VN\"}}";
    private static final String VCT = "https://city.example/citizen";

    private String issue(Key issuer, Key holder) {
        try (SdJwtIssuer b = new SdJwtIssuer(ctx, issuer)) {
            return b.setClaims(ctx, CLAIMS).addDisclosable(ctx, "given_name")
                    .addDisclosable(ctx, "birthdate").addDisclosable(ctx, "address.locality")
                    .setIssuer(ctx, "https://issuer.city.example").setVct(ctx, VCT)
                    .setHolderKey(ctx, holder).setValidity(ctx, NOW - 10, 0, NOW + 86400)
                    .setDecoys(ctx, 2).issue(ctx, 0);
        }
    }

    @Test
    public void issuePresentVerifyRoundTrip() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.EDDSA);
                Key holderPub = holder.publicKey(ctx); Trust trust = new Trust(ctx);
                Policy policy = new Policy(ctx)) {
            trust.addKey(ctx, issuer);
            String sdjwt = issue(issuer, holderPub);
            try (SdJwt held = SdJwt.parse(ctx, sdjwt)) {
                assertEquals(3, held.disclosures().size());
                assertEquals(Arrays.asList("given_name", "birthdate", "address.locality"),
                        Arrays.asList(held.disclosures().get(0).path,
                                held.disclosures().get(1).path, held.disclosures().get(2).path));
                assertEquals("\"Mai\"", held.disclosures().get(0).valueJson);
                assertTrue(held.claimsJson().contains("Hà Nội"));
                String pres = held.present(ctx, Collections.singletonList("address.locality"),
                        holder, "https://verifier.example", "n-123", 0);
                policy.setAudience(ctx, "https://verifier.example").setNonce(ctx, "n-123");
                Result r = SdJwt.verify(ctx, trust, policy, pres).orThrow();
                assertEquals(VCT, r.type());
                assertEquals("https://issuer.city.example", r.issuer());
                assertEquals(NOW + 86400, r.validUntil());
                Map<String, Object> claims = obj(TestSupport.Json.parse(r.claimsJson()));
                assertEquals("Hà Nội", obj(claims.get("address")).get("locality"));
                assertEquals("Nguyễn", claims.get("family_name")); // plain claim
                assertNull(claims.get("given_name")); // not disclosed
                assertNull(claims.get("birthdate"));
                try (Key bound = Key.fromJwk(ctx, r.holderKeyJwk())) {
                    assertTrue(bound.samePublicKey(holder));
                }
                // also through the format-detecting wallet_verify()
                assertTrue(Verifier.verify(ctx, trust, policy, pres).isValid());
                // JSON serialization, transaction data
                String json = held.presentWithTransactionData(ctx, Arrays.asList("given_name"),
                        holder, "https://verifier.example", "n-123",
                        Collections.singletonList("eyJ0eXBlIjoicGF5bWVudCJ9"), null,
                        SdJwtIssuer.JSON);
                assertTrue(json.startsWith("{"));
                policy.setTransactionData(ctx, new String[] {"eyJ0eXBlIjoicGF5bWVudCJ9"}, null);
                Result rj = SdJwt.verify(ctx, trust, policy, json).orThrow();
                assertEquals("Mai", obj(TestSupport.Json.parse(rj.claimsJson())).get("given_name"));
            }
        }
    }

    // ---- negative

    @Test
    public void wrongNonceIsNonce() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx); Policy policy = new Policy(ctx);
                SdJwt held = SdJwt.parse(ctx, issue(issuer, holder))) {
            trust.addKey(ctx, issuer);
            String pres = held.present(ctx, Collections.emptyList(), holder, "aud", "right", 0);
            policy.setAudience(ctx, "aud").setNonce(ctx, "wrong");
            assertInvalid(Err.NONCE, SdJwt.verify(ctx, trust, policy, pres));
        }
    }

    @Test
    public void wrongAudienceIsAudience() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx); Policy policy = new Policy(ctx);
                SdJwt held = SdJwt.parse(ctx, issue(issuer, holder))) {
            trust.addKey(ctx, issuer);
            String pres = held.present(ctx, Collections.emptyList(), holder, "aud-a", "n", 0);
            policy.setAudience(ctx, "aud-b").setNonce(ctx, "n");
            assertInvalid(Err.AUDIENCE, SdJwt.verify(ctx, trust, policy, pres));
        }
    }

    @Test
    public void missingKeyBindingIsHolderBinding() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx); Policy policy = new Policy(ctx);
                SdJwt held = SdJwt.parse(ctx, issue(issuer, holder))) {
            trust.addKey(ctx, issuer);
            String pres = held.present(ctx, Collections.emptyList(), null, null, null, 0);
            policy.requireHolderBinding(ctx, true);
            assertInvalid(Err.HOLDER_BINDING, SdJwt.verify(ctx, trust, policy, pres));
        }
    }

    @Test
    public void untrustedIssuerIsKeyNotFound() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key other = Key.generate(ctx, Alg.EDDSA);
                Trust trust = new Trust(ctx)) {
            trust.addKey(ctx, other);
            Result r = SdJwt.verify(ctx, trust, null, issue(issuer, null));
            assertInvalid(Err.KEY_NOT_FOUND, r);
            assertEquals("dc+sd-jwt", r.format());
        }
    }

    @Test
    public void forgedIssuerSignatureIsSignature() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key other = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx)) {
            trust.addKey(ctx, other); // same algorithm, another key
            assertInvalid(Err.SIGNATURE, SdJwt.verify(ctx, trust, null, issue(issuer, null)));
        }
    }

    @Test
    public void expiredIsExpired() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx)) {
            trust.addKey(ctx, issuer);
            String sd = issue(issuer, null);
            ctx.setTime(NOW + 2 * 86400);
            assertInvalid(Err.EXPIRED, SdJwt.verify(ctx, trust, null, sd));
        }
    }

    @Test
    public void foreignDisclosureIsUnreferenced() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx)) {
            trust.addKey(ctx, issuer);
            String a = issue(issuer, null), b = issue(issuer, null); // fresh salts each time
            String[] pa = a.split("~", -1), pb = b.split("~", -1);
            pa[1] = pb[1];
            assertInvalid(Err.SDJWT_UNREFERENCED,
                    SdJwt.verify(ctx, trust, null, String.join("~", pa)));
        }
    }

    @Test
    public void presentingWithAnotherHolderKeyIsHolderBinding() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Key thief = Key.generate(ctx, Alg.ES256);
                SdJwt held = SdJwt.parse(ctx, issue(issuer, holder))) {
            assertErr(Err.HOLDER_BINDING, () -> held.present(ctx, Collections.emptyList(), thief,
                    "aud", "n", 0));
        }
    }

    @Test
    public void unknownPathIsNotFound() {
        try (Key issuer = Key.generate(ctx, Alg.ES256);
                SdJwt held = SdJwt.parse(ctx, issue(issuer, null))) {
            assertErr(Err.NOT_FOUND, () -> held.present(ctx,
                    Collections.singletonList("no_such_claim"), null, null, null, 0));
        }
    }

    @Test
    public void notAnSdJwtIsSdJwtFormat() {
        assertErr(Err.SDJWT_FORMAT, () -> SdJwt.parse(ctx, "abc"));
    }

    @Test
    public void reservedClaimNameIsInvalidArg() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); SdJwtIssuer b = new SdJwtIssuer(ctx, issuer)) {
            assertErr(Err.INVALID_ARG, () -> b.setClaims(ctx, "{\"_sd\":[]}"));
        }
    }

    @Test
    public void issuerWithPublicKeyIsKeyNotPrivate() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key pub = issuer.publicKey(ctx)) {
            assertErr(Err.KEY_NOT_PRIVATE, () -> new SdJwtIssuer(ctx, pub));
        }
    }

    @Test
    public void parseRefusesAPresentationWithKb() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                SdJwt held = SdJwt.parse(ctx, issue(issuer, holder))) {
            String pres = held.present(ctx, Collections.emptyList(), holder, "a", "n", 0);
            assertNotNull(pres);
            assertErr(Err.SDJWT_FORMAT, () -> SdJwt.parse(ctx, pres));
        }
    }
}
