package io.libwallet;

import static io.libwallet.TestSupport.assertErr;
import static io.libwallet.TestSupport.assertInvalid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Token Status Lists: issuer list, tokens, cache, snapshot, and verification with status. */
public class StatusTest {
    private static final long T0 = 1750000000L;
    private static final String URI = "https://issuer.city.example/status/1";

    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context().setTime(T0).setOffline(true);
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    @Test
    public void listAllocateSetSaveLoad() {
        try (StatusList l = new StatusList(ctx, URI, 2, 1000, StatusList.ALLOC_SEQUENTIAL)) {
            l.setIssuer(ctx, "https://issuer.city.example");
            assertEquals(0, l.allocate(ctx));
            assertEquals(1, l.allocate(ctx));
            l.set(ctx, 1, StatusList.SUSPENDED);
            assertEquals(StatusList.SUSPENDED, l.get(ctx, 1));
            assertEquals(StatusList.VALID, l.get(ctx, 0));
            assertEquals(2, l.bits());
            assertTrue(l.size() >= 1000);
            assertEquals(2, l.allocated());
            assertEquals(1, l.version());
            assertEquals(URI, l.uri());
            assertEquals("https://issuer.city.example", l.issuer());
            byte[] saved = l.save(ctx);
            try (StatusList again = StatusList.load(ctx, saved)) {
                assertEquals(StatusList.SUSPENDED, again.get(ctx, 1));
                assertEquals(2, again.allocated());
                assertEquals(2, again.allocate(ctx)); // never hands out 0 or 1 again
            }
            assertEquals("suspended", StatusList.statusName(2));
            assertEquals("invalid", StatusList.statusName(1));
        }
    }

    @Test
    public void tokenVerifyCacheSnapshot() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key verifier = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx).addKey(ctx, issuer);
                StatusList l = new StatusList(ctx, URI, 1, 128, StatusList.ALLOC_RANDOM)) {
            long idx = l.allocate(ctx);
            l.set(ctx, idx, StatusList.INVALID);
            for (int fmt : new int[] {StatusList.FORMAT_JWT, StatusList.FORMAT_CWT}) {
                byte[] tok = l.token(ctx, issuer, null, fmt, 3600, 300);
                try (StatusToken t = StatusToken.verify(ctx, trust, 0, tok, URI)) {
                    assertEquals(fmt, t.format());
                    assertEquals(StatusList.INVALID, t.get(ctx, idx));
                    assertEquals(URI, t.uri());
                    assertEquals(T0, t.issuedAt());
                    assertEquals(T0 + 3600, t.expiresAt());
                    assertEquals(300, t.ttl());
                    assertEquals(1, t.bits());
                    assertEquals(128, t.size());
                }
            }
            byte[] tok = l.token(ctx, issuer, null, StatusList.FORMAT_JWT, 3600, 300);
            try (StatusCache cache = new StatusCache(ctx, 0)) {
                cache.add(ctx, trust, 0, tok);
                assertEquals(1, cache.count());
                ctx.setOffline(false); // a fresh cached entry: no fetch
                assertEquals(StatusList.INVALID, cache.check(ctx, trust, 0, URI, idx));
                ctx.setOffline(true);
            }
            byte[] saved;
            try (StatusSnapshot snap = new StatusSnapshot(ctx)) {
                snap.addToken(ctx, trust, 0, tok);
                saved = snap.save(ctx, verifier);
            }
            try (StatusSnapshot snap = StatusSnapshot.load(ctx, saved, verifier)) {
                assertEquals(1, snap.count());
                assertEquals(URI, snap.uri(0));
                assertEquals(T0, snap.capturedAt());
                assertEquals(T0, snap.retrievedAt(0));
                assertEquals(StatusList.INVALID, snap.check(ctx, URI, idx, 0));
            }
        }
    }

    @Test
    public void revokedCredentialIsRevokedThroughThePolicySnapshot() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key verifier = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx).addKey(ctx, issuer);
                StatusList l = new StatusList(ctx, URI, 1, 64, StatusList.ALLOC_SEQUENTIAL);
                SdJwtIssuer b = new SdJwtIssuer(ctx, issuer); Policy p = new Policy(ctx)) {
            long good = l.allocate(ctx), bad = l.allocate(ctx);
            l.set(ctx, bad, StatusList.INVALID);
            b.setClaims(ctx, "{\"name\":\"An\"}").setVct(ctx, "urn:vct:test");
            String okCred = b.setStatus(ctx, URI, good).issue(ctx, 0);
            String revoked = b.setStatus(ctx, URI, bad).issue(ctx, 0);
            StatusSnapshot snap = new StatusSnapshot(ctx);
            snap.addToken(ctx, trust, 0, l.token(ctx, issuer, null, StatusList.FORMAT_JWT, 3600, 0));
            p.setStatusSnapshot(ctx, snap, 0);
            snap.close(); // the policy keeps it alive
            Result r = SdJwt.verify(ctx, trust, p, okCred).orThrow();
            assertEquals(0, r.status());
            assertEquals(URI, r.statusUri());
            assertEquals(good, r.statusIndex());
            assertInvalid(Err.REVOKED, SdJwt.verify(ctx, trust, p, revoked));
        }
    }

    // ---- negative

    @Test
    public void indexBeyondTheListIsStatusIndex() {
        try (StatusList l = new StatusList(ctx, URI, 1, 8, StatusList.ALLOC_SEQUENTIAL)) {
            assertErr(Err.STATUS_INDEX, () -> l.get(ctx, 8));
        }
    }

    @Test
    public void unallocatedIndexIsStatusNotAllocated() {
        try (StatusList l = new StatusList(ctx, URI, 1, 8, StatusList.ALLOC_SEQUENTIAL)) {
            assertErr(Err.STATUS_NOT_ALLOCATED, () -> l.set(ctx, 3, StatusList.INVALID));
        }
    }

    @Test
    public void fullListIsStatusListFull() {
        try (StatusList l = new StatusList(ctx, URI, 8, 1, StatusList.ALLOC_SEQUENTIAL)) {
            l.allocate(ctx);
            assertErr(Err.STATUS_LIST_FULL, () -> l.allocate(ctx));
        }
    }

    @Test
    public void badBitsIsInvalidArg() {
        assertErr(Err.INVALID_ARG, () -> new StatusList(ctx, URI, 3, 8, 0));
    }

    @Test
    public void tokenForAnotherUriIsStatusSubject() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx).addKey(ctx, issuer);
                StatusList l = new StatusList(ctx, URI, 1, 8, 0)) {
            byte[] tok = l.token(ctx, issuer, null, StatusList.FORMAT_JWT, 3600, 0);
            assertErr(Err.STATUS_SUBJECT, () -> StatusToken.verify(ctx, trust, 0, tok, URI + "x"));
        }
    }

    @Test
    public void snapshotUnderAnotherKeyIsSignature() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Key verifier = Key.generate(ctx, Alg.ES256);
                Key other = Key.generate(ctx, Alg.ES256);
                Trust trust = new Trust(ctx).addKey(ctx, issuer);
                StatusList l = new StatusList(ctx, URI, 1, 8, 0);
                StatusSnapshot snap = new StatusSnapshot(ctx)) {
            snap.addToken(ctx, trust, 0, l.token(ctx, issuer, null, StatusList.FORMAT_CWT, 3600, 0));
            byte[] saved = snap.save(ctx, verifier);
            assertErr(Err.SIGNATURE, () -> StatusSnapshot.load(ctx, saved, other));
        }
    }

    @Test
    public void unknownListInSnapshotIsStatusUnavailable() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx).addKey(ctx, issuer);
                StatusList l = new StatusList(ctx, URI, 1, 8, 0);
                StatusSnapshot snap = new StatusSnapshot(ctx)) {
            snap.addToken(ctx, trust, 0, l.token(ctx, issuer, null, StatusList.FORMAT_JWT, 3600, 0));
            assertErr(Err.STATUS_UNAVAILABLE, () -> snap.check(ctx, URI + "/other", 0, 0));
        }
    }

    @Test
    public void offlineCacheMissIsOffline() {
        try (Trust trust = new Trust(ctx); StatusCache cache = new StatusCache(ctx, 0)) {
            assertErr(Err.OFFLINE, () -> cache.check(ctx, trust, 0, URI, 0));
        }
    }

    @Test
    public void untrustedTokenIsNotAccepted() {
        try (Key issuer = Key.generate(ctx, Alg.ES256); Trust empty = new Trust(ctx);
                StatusList l = new StatusList(ctx, URI, 1, 8, 0)) {
            byte[] tok = l.token(ctx, issuer, Collections.emptyList(), StatusList.FORMAT_JWT, 3600, 0);
            assertErr(Err.KEY_NOT_FOUND, () -> StatusToken.verify(ctx, empty, 0, tok, null));
        }
    }
}
