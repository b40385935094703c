package io.libwallet;

import static io.libwallet.TestSupport.arr;
import static io.libwallet.TestSupport.assertErr;
import static io.libwallet.TestSupport.obj;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The encrypted store: create/open, add, list, show, match, holder keys, log, backup. */
public class StoreTest {
    private static final long T0 = 1750000000L, DAY = 86400;
    private static final int FAST = Store.scryptLog2n(10); // tests only: cheap scrypt
    private static final String VCT = "https://city.example/citizen";

    private Context ctx;
    private String path;

    @Before
    public void setUp() throws Exception {
        ctx = new Context().setTime(T0);
        path = TestSupport.tmpDir("store").resolve("wallet.db").toString();
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    private static byte[] pin(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String issueTo(Key issuer, Key holder, String given) {
        try (SdJwtIssuer b = new SdJwtIssuer(ctx, issuer); Key pub = holder.publicKey(ctx)) {
            return b.setClaims(ctx, "{\"given_name\":\"" + given + "\",\"address\":{\"locality\":\"Huế\"}}")
                    .addDisclosable(ctx, "given_name").addDisclosable(ctx, "address.locality")
                    .setVct(ctx, VCT).setIssuer(ctx, "https://issuer.city.example")
                    .setHolderKey(ctx, pub).setValidity(ctx, T0, 0, T0 + 30 * DAY).issue(ctx, 0);
        }
    }

    @Test
    public void addListShowMatchPresentWithAStoredHolderKey() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx).addKey(ctx, issuer);
                Store st = Store.create(ctx, path, pin("123456"), FAST)) {
            assertTrue(st.isOpen());
            String keyId = st.generateKey(ctx, Alg.ES256);
            String cred;
            try (Key holder = st.key(ctx, keyId)) {
                assertTrue(holder.canSign());
                assertErr(Err.KEY_NOT_PRIVATE, () -> holder.toJwk(ctx, true)); // never exported
                cred = st.add(ctx, trust, null, issueTo(issuer, holder, "Lan"), 0);
            }
            List<Object> list = arr(TestSupport.Json.parse(st.list(ctx, null)));
            assertEquals(1, list.size());
            Map<String, Object> item = obj(list.get(0));
            assertEquals(cred, item.get("id"));
            assertEquals("dc+sd-jwt", item.get("format"));
            assertEquals(VCT, item.get("type"));
            assertEquals(keyId, item.get("holder_key"));
            assertEquals(Boolean.TRUE, item.get("valid"));
            Map<String, Object> shown = obj(TestSupport.Json.parse(st.show(ctx, cred)));
            assertEquals("Lan", obj(shown.get("claims")).get("given_name"));
            String query = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
                    + "\"meta\":{\"vct_values\":[\"" + VCT + "\"]},"
                    + "\"claims\":[{\"path\":[\"address\",\"locality\"]}]}]}";
            Map<String, Object> m = obj(TestSupport.Json.parse(st.match(ctx, query)));
            assertEquals(cred, obj(arr(m.get("pid")).get(0)).get("id"));
            // present with the store's signing handle, verify, log the consent
            try (Key holder = st.credentialKey(ctx, cred);
                    SdJwt held = SdJwt.parse(ctx, new String(st.get(ctx, cred), StandardCharsets.UTF_8));
                    Policy p = new Policy(ctx)) {
                String pres = held.present(ctx, Collections.singletonList("address.locality"), holder,
                        "x509_san_dns:verifier.example", "n-1", 0);
                p.setAudience(ctx, "x509_san_dns:verifier.example").setNonce(ctx, "n-1");
                assertTrue(SdJwt.verify(ctx, trust, p, pres).orThrow().claimsJson().contains("Huế"));
            }
            String entry = st.logPresentation(ctx, "x509_san_dns:verifier.example", "age check",
                    "[{\"credential\":\"" + cred + "\",\"claims\":[[\"address\",\"locality\"]]}]", null);
            List<Object> log = arr(TestSupport.Json.parse(st.logList(ctx)));
            assertEquals(entry, obj(log.get(0)).get("id"));
            assertEquals(Boolean.TRUE, obj(arr(TestSupport.Json.parse(st.list(ctx, null))).get(0)).get("used"));
            List<Object> keys = arr(TestSupport.Json.parse(st.keyList(ctx)));
            assertEquals(keyId, obj(keys.get(0)).get("id"));
            st.setDisplayName(ctx, cred, "Thẻ công dân");
            assertEquals("Thẻ công dân", obj(TestSupport.Json.parse(st.show(ctx, cred))).get("display_name"));
        }
    }

    @Test
    public void reopenLockUnlockBackupRestore() throws Exception {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx).addKey(ctx, issuer)) {
            byte[] backup;
            String issued = issueTo(issuer, holder, "Minh");
            try (Store st = Store.create(ctx, path, pin("1234"), FAST)) {
                st.add(ctx, trust, null, issued, 0);
                st.lock();
                assertFalse(st.isOpen());
                assertErr(Err.STATE, () -> st.list(ctx, null));
                st.unlock(ctx, pin("1234"), 0);
                backup = st.backup(ctx, pin("backup passphrase"), FAST);
            }
            try (Store st = Store.open(ctx, path, pin("1234"), 0)) {
                assertEquals(1, arr(TestSupport.Json.parse(st.list(ctx, VCT))).size());
                assertEquals(0, arr(TestSupport.Json.parse(st.list(ctx, "urn:other"))).size());
                st.changeSecret(ctx, pin("99999"), FAST);
            }
            try (Store st = Store.open(ctx, path, pin("99999"), 0)) {
                assertTrue(st.isOpen());
            }
            String other = TestSupport.tmpDir("restore").resolve("copy.db").toString();
            try (Store st = Store.restore(ctx, other, backup, pin("backup passphrase"), pin("0000"), FAST)) {
                List<Object> l = arr(TestSupport.Json.parse(st.list(ctx, null)));
                assertEquals(1, l.size());
                String id = (String) obj(l.get(0)).get("id");
                assertArrayEquals(issued.getBytes(StandardCharsets.UTF_8), st.get(ctx, id));
            }
            assertEquals(0, Store.retryDelay(ctx, path)[0]);
        }
    }

    // ---- negative

    @Test
    public void wrongPinIsStoreWrongSecret() {
        try (Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            assertTrue(st.isOpen());
        }
        assertErr(Err.STORE_WRONG_SECRET, () -> Store.open(ctx, path, pin("0000"), 0));
        assertEquals(1, Store.retryDelay(ctx, path)[0]);
    }

    @Test
    public void secondCreateIsStoreExists() {
        try (Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            assertTrue(st.isOpen());
        }
        assertErr(Err.STORE_EXISTS, () -> Store.create(ctx, path, pin("1234"), FAST));
    }

    @Test
    public void missingStoreIsNotFound() {
        assertErr(Err.NOT_FOUND, () -> Store.open(ctx, path + ".none", pin("1"), 0));
    }

    @Test
    public void sameCredentialTwiceIsStoreDuplicate() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx).addKey(ctx, issuer);
                Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            String c = issueTo(issuer, holder, "Hoa");
            st.add(ctx, trust, null, c, 0);
            assertErr(Err.STORE_DUPLICATE, () -> st.add(ctx, trust, null, c, 0));
        }
    }

    @Test
    public void untrustedCredentialIsRefusedUnlessKeptInvalid() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key holder = Key.generate(ctx, Alg.ES256);
                Trust empty = new Trust(ctx); Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            String c = issueTo(issuer, holder, "Hoa");
            assertErr(Err.KEY_NOT_FOUND, () -> st.add(ctx, empty, null, c, 0));
            String id = st.add(ctx, empty, null, c, Store.KEEP_INVALID);
            Map<String, Object> shown = obj(TestSupport.Json.parse(st.show(ctx, id)));
            assertEquals(Boolean.FALSE, shown.get("valid"));
            assertEquals(null, shown.get("claims"));
        }
    }

    @Test
    public void unknownIdIsNotFound() {
        try (Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            assertErr(Err.NOT_FOUND, () -> st.show(ctx, "AAAAAAAAAAAAAAAA"));
            assertErr(Err.NOT_FOUND, () -> st.delete(ctx, "AAAAAAAAAAAAAAAA"));
        }
    }

    @Test
    public void malformedQueryIsJson() {
        try (Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            assertErr(Err.JSON, () -> st.match(ctx, "{"));
        }
    }

    @Test
    public void holderKeyStopsSigningWhenTheStoreLocks() {
        try (Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            try (Key k = st.key(ctx, st.generateKey(ctx, Alg.EDDSA))) {
                k.sign(ctx, null, new byte[] {1});
                st.lock();
                assertErr(Err.SIGNER_FAILED, () -> k.sign(ctx, null, new byte[] {1}));
            }
        }
    }

    @Test
    public void batchOfCopies() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key h1 = Key.generate(ctx, Alg.ES256);
                Key h2 = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx).addKey(ctx, issuer);
                Store st = Store.create(ctx, path, pin("1234"), FAST)) {
            String ids = st.addBatch(ctx, trust, null, Arrays.asList(
                    issueTo(issuer, h1, "K").getBytes(StandardCharsets.UTF_8),
                    issueTo(issuer, h2, "K").getBytes(StandardCharsets.UTF_8)), 0);
            assertEquals(2, arr(TestSupport.Json.parse(ids)).size());
            assertErr(Err.INVALID_ARG, () -> st.addBatch(ctx, trust, null, Collections.emptyList(), 0));
        }
    }
}
