package io.libwallet;

import static io.libwallet.TestSupport.arr;
import static io.libwallet.TestSupport.assertErr;
import static io.libwallet.TestSupport.obj;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * mdoc: the ISO/IEC 18013-5 Annex D DeviceResponse (vectors/mdoc), as
 * tests/vectors/test_mdoc_vectors.c checks it, and an issue → present →
 * verify round trip under a generated IACA with negative cases.
 */
public class MdocTest {
    private static final String AD = "mdoc/iso18013-5-annexD/";
    private static final long T_2021 = 1609459200L;
    private static final long T0 = 1750000000L, DAY = 86400;

    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context();
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    private Key annexDKey(String name) throws Exception {
        Map<String, Object> keys = obj(TestSupport.json(AD + "keys.jwk.json"));
        Map<String, Object> k = obj(keys.get(name));
        String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + k.get("x") + "\",\"y\":\""
                + k.get("y") + "\",\"d\":\"" + k.get("d") + "\"}";
        return Key.fromJwk(ctx, jwk);
    }

    // ---- Annex D

    @Test
    public void annexDDeviceResponseVerifies() throws Exception {
        ctx.setTime(T_2021);
        byte[] dr = TestSupport.hex(TestSupport.text(AD + "device_response.hex"));
        byte[] st = TestSupport.hex(TestSupport.text(AD + "session_transcript_bytes.hex"));
        try (Key reader = annexDKey("ephemeral_reader_key");
                Key device = annexDKey("static_device_key"); Trust t = new Trust(ctx);
                Policy p = new Policy(ctx)) {
            t.addPem(ctx, TestSupport.text(AD + "ds_cert.pem"), Trust.ROLE_AUTO);
            p.setSessionTranscript(ctx, st).setReaderKey(ctx, reader);
            Mdoc.Verified v = Mdoc.verify(ctx, t, p, dr);
            assertEquals(0, v.status);
            assertEquals("{}", v.documentErrorsJson);
            assertEquals(1, v.documents.size());
            Mdoc.Document d = v.documents.get(0);
            assertEquals(Mdoc.MDL_DOCTYPE, d.doctype);
            assertEquals("C=US,CN=utopia ds", d.issuer);
            assertEquals(Mdoc.DEVICE_AUTH_MAC, d.deviceAuth);
            assertEquals(1601559002L, d.signed);
            assertEquals(1601559002L, d.validFrom);
            assertEquals(1633095002L, d.validUntil);
            assertEquals(0, d.expectedUpdate);
            assertNull(d.statusUri);
            assertEquals(-1, d.statusIndex);
            assertEquals("{}", d.deviceClaimsJson);
            assertEquals("{}", d.errorsJson);
            try (Key dk = Key.fromJwk(ctx, d.deviceKeyJwk)) {
                assertTrue(dk.samePublicKey(device));
            }
            Map<String, Object> ns = obj(obj(TestSupport.Json.parse(d.claimsJson)).get(Mdoc.MDL_NAMESPACE));
            assertEquals(6, ns.size());
            assertEquals("Doe", ns.get("family_name"));
            assertEquals("123456789", ns.get("document_number"));
            assertEquals("2019-10-20", ns.get("issue_date"));
            assertEquals("2024-10-20", ns.get("expiry_date"));
            assertEquals("B", obj(arr(ns.get("driving_privileges")).get(1)).get("vehicle_category_code"));
            byte[] portrait = Base64.getUrlDecoder().decode((String) ns.get("portrait"));
            assertArrayEquals(TestSupport.hex(TestSupport.text(AD + "portrait.jpg.hex")), portrait);
            // the same through wallet_verify(), from hex text
            Result r = Verifier.verify(ctx, t, p, TestSupport.toHex(dr)).orThrow();
            assertEquals("mso_mdoc", r.format());
            assertEquals(Mdoc.MDL_DOCTYPE, r.type());
            assertEquals("device_mac", r.holderAuth());
            assertEquals(1633095002L, r.validUntil());
        }
    }

    @Test
    public void annexDMutationsFailTheirCheck() throws Exception {
        ctx.setTime(T_2021);
        byte[] dr = TestSupport.hex(TestSupport.text(AD + "device_response.hex"));
        byte[] st = TestSupport.hex(TestSupport.text(AD + "session_transcript_bytes.hex"));
        List<Object> muts = arr(obj(TestSupport.json(AD + "expected_and_checks.json")).get("negative_mutations"));
        // offset 200 → digest only; 3522 → deviceMac; 3398 → issuer signature
        int[] want = {Err.DIGEST, Err.MAC, Err.SIGNATURE};
        assertEquals(3, muts.size());
        try (Key reader = annexDKey("ephemeral_reader_key"); Trust t = new Trust(ctx);
                Policy p = new Policy(ctx)) {
            t.addPem(ctx, TestSupport.text(AD + "ds_cert.pem"), Trust.ROLE_AUTO);
            p.setSessionTranscript(ctx, st).setReaderKey(ctx, reader);
            for (int i = 0; i < 3; i++) {
                Map<String, Object> m = obj(muts.get(i));
                int off = ((Double) m.get("byte_offset")).intValue();
                byte[] mut = dr.clone();
                assertEquals(Integer.decode((String) m.get("original_byte")).intValue(), mut[off] & 0xff);
                mut[off] = (byte) (int) Integer.decode((String) m.get("new_byte"));
                assertEquals(m.get("mutated_device_response_sha256"),
                        TestSupport.toHex(MessageDigest.getInstance("SHA-256").digest(mut)));
                assertErr(want[i], () -> Mdoc.verify(ctx, t, p, mut));
            }
        }
    }

    @Test
    public void annexDWithoutTranscriptIsHolderBinding() throws Exception {
        ctx.setTime(T_2021);
        byte[] dr = TestSupport.hex(TestSupport.text(AD + "device_response.hex"));
        try (Trust t = new Trust(ctx)) {
            t.addPem(ctx, TestSupport.text(AD + "ds_cert.pem"), Trust.ROLE_AUTO);
            assertErr(Err.HOLDER_BINDING, () -> Mdoc.verify(ctx, t, null, dr));
        }
    }

    @Test
    public void annexDUntrustedIsCertChain() throws Exception {
        ctx.setTime(T_2021);
        byte[] dr = TestSupport.hex(TestSupport.text(AD + "device_response.hex"));
        byte[] st = TestSupport.hex(TestSupport.text(AD + "session_transcript_bytes.hex"));
        try (Key reader = annexDKey("ephemeral_reader_key"); Trust t = new Trust(ctx);
                Policy p = new Policy(ctx)) {
            p.setSessionTranscript(ctx, st).setReaderKey(ctx, reader);
            assertErr(Err.CERT_CHAIN, () -> Mdoc.verify(ctx, t, p, dr));
        }
    }

    // ---- round trip

    private static final String CLAIMS = "{\"org.iso.18013.5.1\":{\"family_name\":\"Trần\","
            + "\"given_name\":\"An\",\"birth_date\":{\"$date\":\"1990-01-02\"},"
            + "\"issuing_country\":\"VN\",\"age_over_18\":true}}";

    /** IACA root, document signer, holder device key; issuerSigned by the DS. */
    private final class Fixture implements AutoCloseable {
        final Key iacaKey = Key.generate(ctx, Alg.ES256), dsKey = Key.generate(ctx, Alg.ES256),
                device = Key.generate(ctx, Alg.ES256);
        final Cert iaca = new CertBuilder(CertBuilder.Profile.MDOC_IACA)
                .subject("CN=Test IACA,O=City,C=VN").validity(T0, T0 + 365 * DAY)
                .issuerAltUri("https://transport.example").sign(ctx, iacaKey, iacaKey, null);
        final Cert ds = new CertBuilder(CertBuilder.Profile.MDOC_DS)
                .subject("CN=Test DS,O=City,C=VN").validity(T0, T0 + 365 * DAY)
                .issuerAltUri("https://transport.example").sign(ctx, dsKey, iacaKey, iaca);
        final Trust trust = new Trust(ctx).addCert(ctx, iaca, Trust.ROLE_ROOT);
        final byte[] transcript = Mdoc.transcriptOid4vp(ctx, "x509_san_dns:verifier.example",
                "n-0S6", null, "https://verifier.example/post");
        final byte[] issuerSigned;

        Fixture() {
            try (MdocIssuer b = new MdocIssuer(ctx, Mdoc.MDL_DOCTYPE)) {
                issuerSigned = b.addClaimsJson(ctx, CLAIMS)
                        .setValidity(ctx, 0, 0, T0 + 30 * DAY, 0)
                        .sign(ctx, device, dsKey, null, Collections.singletonList(ds));
            }
        }

        @Override
        public void close() {
            for (NativeHandle h : Arrays.asList(iacaKey, dsKey, device, iaca, ds, trust))
                h.close();
        }
    }

    @Test
    public void issuePresentVerifyRoundTrip() {
        ctx.setTime(T0 + DAY);
        try (Fixture f = new Fixture(); MdocCredential cred = MdocCredential.parse(ctx, f.issuerSigned);
                Key dk = cred.deviceKey(ctx); Policy p = new Policy(ctx)) {
            assertEquals(Mdoc.MDL_DOCTYPE, cred.doctype());
            assertEquals(5, cred.items().size());
            assertTrue(dk.samePublicKey(f.device));
            // issuer data alone
            Mdoc.Verified iv = Mdoc.verifyIssuerSigned(ctx, f.trust, null, f.issuerSigned);
            assertEquals(Mdoc.DEVICE_AUTH_NONE, iv.documents.get(0).deviceAuth);
            // present two elements with a DeviceSignature
            byte[] dr;
            try (MdocResponse resp = new MdocResponse(ctx, f.transcript)) {
                dr = resp.add(ctx, f.issuerSigned,
                        Arrays.asList(new Mdoc.Item(Mdoc.MDL_NAMESPACE, "family_name"),
                                new Mdoc.Item(Mdoc.MDL_NAMESPACE, "age_over_18")),
                        f.device, null, null).encode(ctx);
            }
            p.setSessionTranscript(ctx, f.transcript).setDoctype(ctx, Mdoc.MDL_DOCTYPE);
            Mdoc.Verified v = Mdoc.verify(ctx, f.trust, p, dr);
            Mdoc.Document d = v.documents.get(0);
            assertEquals(Mdoc.DEVICE_AUTH_SIGNATURE, d.deviceAuth);
            assertEquals("CN=Test DS,O=City,C=VN", d.issuer);
            Map<String, Object> ns = obj(obj(TestSupport.Json.parse(d.claimsJson)).get(Mdoc.MDL_NAMESPACE));
            assertEquals(2, ns.size());
            assertEquals("Trần", ns.get("family_name"));
            assertEquals(Boolean.TRUE, ns.get("age_over_18"));
            Result r = Verifier.verify(ctx, f.trust, p, dr).orThrow();
            assertEquals("device_signature", r.holderAuth());
        }
    }

    @Test
    public void otherTranscriptIsDeviceSignature() {
        ctx.setTime(T0 + DAY);
        try (Fixture f = new Fixture(); Policy p = new Policy(ctx);
                MdocResponse resp = new MdocResponse(ctx, f.transcript)) {
            byte[] dr = resp.add(ctx, f.issuerSigned, null, f.device, null, null).encode(ctx);
            p.setSessionTranscript(ctx, Mdoc.transcriptOid4vp(ctx, "x509_san_dns:verifier.example",
                    "another-nonce", null, "https://verifier.example/post"));
            assertErr(Err.MDOC_DEVICE_SIGNATURE, () -> Mdoc.verify(ctx, f.trust, p, dr));
        }
    }

    @Test
    public void presentingWithAnotherDeviceKeyIsHolderBinding() {
        ctx.setTime(T0 + DAY);
        try (Fixture f = new Fixture(); Key thief = Key.generate(ctx, Alg.ES256);
                MdocResponse resp = new MdocResponse(ctx, f.transcript)) {
            assertErr(Err.HOLDER_BINDING,
                    () -> resp.add(ctx, f.issuerSigned, null, thief, null, null));
        }
    }

    @Test
    public void wrongDoctypeIsType() {
        ctx.setTime(T0 + DAY);
        try (Fixture f = new Fixture(); Policy p = new Policy(ctx)) {
            p.setDoctype(ctx, "org.example.other");
            assertErr(Err.TYPE, () -> Mdoc.verifyIssuerSigned(ctx, f.trust, p, f.issuerSigned));
        }
    }

    @Test
    public void afterValidUntilIsExpired() {
        ctx.setTime(T0 + DAY);
        try (Fixture f = new Fixture()) {
            ctx.setTime(T0 + 60 * DAY);
            assertErr(Err.EXPIRED, () -> Mdoc.verifyIssuerSigned(ctx, f.trust, null, f.issuerSigned));
        }
    }

    @Test
    public void notCborIsCbor() {
        try (Trust t = new Trust(ctx)) {
            WalletException e = assertErr(Err.CBOR, () -> Mdoc.verify(ctx, t, null, new byte[] {(byte) 0xff}));
            assertEquals(2, e.kind()); // malformed
        }
    }

    @Test
    public void duplicateElementIsMdocClaims() {
        try (MdocIssuer b = new MdocIssuer(ctx, Mdoc.MDL_DOCTYPE)) {
            b.addClaimsJson(ctx, "{\"ns\":{\"a\":1}}");
            assertErr(Err.MDOC_CLAIMS, () -> b.addClaimsJson(ctx, "{\"ns\":{\"a\":2}}"));
        }
    }
}
