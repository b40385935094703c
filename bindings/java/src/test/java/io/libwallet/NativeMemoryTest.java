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
 * warm-up, 16,000 more rounds (issue, parse, present, verify, error paths,
 * handles opened and closed) are measured over two spans of 6,000: a leak
 * grows both, so at least one must stay under 1 MiB. A leak of one small
 * result per round (hundreds of bytes) grows both by more.
 * Bounded in time: the loop stops after 120 s (and then fails).
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
            long[] at = new long[3]; // RSS after 4,000, 10,000 and 16,000 rounds
            int n = 0;
            for (; n < 16000 && System.nanoTime() < deadline; n++) {
                round(ctx, issuer, holder, trust, policy);
                if (n + 1 == 4000) at[0] = rssKiB();
                if (n + 1 == 10000) at[1] = rssKiB();
            }
            at[2] = rssKiB();
            long first = at[1] - at[0], second = at[2] - at[1];
            System.out.printf("native memory loop: %d rounds after 6000 warm-up; RSS %d KiB after "
                    + "4000, %d KiB after 10000, %d KiB after 16000 (%+d, %+d KiB per 6000 rounds)%n",
                    n, at[0], at[1], at[2], first, second);
            assertTrue("ran " + n + " rounds", n == 16000);
            // A leak grows RSS in both halves; a one-off step (a late JIT
            // compilation, a new malloc arena) in at most one. 1 MiB per 6,000
            // rounds: a leak of ~175 bytes per round fails.
            assertTrue("RSS grew by " + first + " then " + second + " KiB",
                    Math.min(first, second) < 1024);
        }
    }
}
