package io.libwallet;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import org.junit.Test;

/**
 * Native memory does not grow under a long loop of calls. Run by ctest in
 * its own JVM with a fixed, pre-touched heap (-Xms = -Xmx, AlwaysPreTouch),
 * so the process resident size moves only with native allocations: after a
 * warm-up, the last 12,000 of 16,000 more rounds (issue, parse, present,
 * verify, error paths, handles opened and closed) may add at most 2 MiB. A
 * leak of one small result per round (hundreds of bytes) adds more.
 * Bounded in time: the loop stops after 120 s whatever the count.
 */
public class NativeMemoryTest {
    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new IllegalStateException("no VmRSS");
    }

    private static void round(Context ctx, Key issuer, Key holder, Trust trust, Policy policy) {
        String sd;
        try (SdJwtIssuer b = new SdJwtIssuer(ctx, issuer)) {
            sd = b.setClaims(ctx, "{\"a\":\"x\",\"b\":{\"c\":1}}").addDisclosable(ctx, "a")
                    .addDisclosable(ctx, "b.c").setVct(ctx, "urn:t").setHolderKey(ctx, holder)
                    .issue(ctx, 0);
        }
        try (SdJwt held = SdJwt.parse(ctx, sd)) {
            held.disclosures();
            String pres = held.present(ctx, Collections.singletonList("b.c"), holder, "aud", "n", 0);
            if (!SdJwt.verify(ctx, trust, policy, pres).isValid()) throw new AssertionError("invalid");
            if (Verifier.verify(ctx, trust, null, "garbage").isValid()) throw new AssertionError();
        }
        try {
            Key.fromJwk(ctx, "{\"kty\":\"EC\"}");
            throw new AssertionError("accepted");
        } catch (WalletException expected) {
            // the exception path allocates and must free too
        }
        try (Key k = holder.publicKey(ctx)) {
            k.toJwk(ctx, false);
        }
    }

    @Test
    public void loopDoesNotGrowNativeMemory() throws Exception {
        try (Context ctx = new Context(); Key issuer = Key.generate(ctx, Alg.ES256);
                Key holder = Key.generate(ctx, Alg.ES256); Trust trust = new Trust(ctx);
                Policy policy = new Policy(ctx)) {
            trust.addKey(ctx, issuer);
            policy.setAudience(ctx, "aud").setNonce(ctx, "n");
            // Warm-up: the JIT compiles the loop and malloc settles its arenas
            // (measured: RSS rises once over the first ~7,000 rounds, then stays flat).
            for (int i = 0; i < 6000; i++) round(ctx, issuer, holder, trust, policy);
            long deadline = System.nanoTime() + 120_000_000_000L;
            long start = 0, mid = 0;
            int n = 0;
            for (; n < 16000 && System.nanoTime() < deadline; n++) {
                if (n == 0) start = rssKiB();
                if (n == 4000) mid = rssKiB();
                round(ctx, issuer, holder, trust, policy);
            }
            long end = rssKiB();
            System.out.printf("native memory loop: %d rounds after 6000 warm-up; RSS %d KiB, "
                    + "%d KiB after 4000, %d KiB at the end (%+d KiB over the last %d rounds)%n",
                    n, start, mid, end, end - mid, n - 4000);
            assertTrue("ran " + n + " rounds", n >= 10000);
            // 2 MiB over >= 6,000 rounds: a leak of ~350 bytes per round fails
            assertTrue("RSS grew by " + (end - mid) + " KiB", end - mid < 2048);
        }
    }
}
