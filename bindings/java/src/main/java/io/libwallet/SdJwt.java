package io.libwallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SD-JWT as the holder keeps it (parsed, NOT verified: verify the same
 * text with {@link #verify} before relying on it), and the presentations
 * made from it.
 */
public final class SdJwt extends NativeHandle {
    /** One disclosable claim: its path and its value as JSON. */
    public static final class Disclosure {
        public final String path;
        public final String valueJson;

        Disclosure(String path, String valueJson) {
            this.path = path;
            this.valueJson = valueJson;
        }
    }

    private SdJwt(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.sdFree(p);
    }

    /** Parse an SD-JWT as issued (compact or JSON serialization). */
    public static SdJwt parse(Context ctx, String text) {
        return new SdJwt(Native.sdParse(ctx.ptr(), Native.u(text)));
    }

    /** The claims with every held Disclosure applied (not verified). */
    public String claimsJson() {
        return Native.s(Native.sdClaims(ptr()));
    }

    /** The disclosable claims, in the order of the SD-JWT. */
    public List<Disclosure> disclosures() {
        long p = ptr();
        int n = Native.sdDisclosureCount(p);
        List<Disclosure> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
            out.add(new Disclosure(Native.s(Native.sdDisclosure(p, i, 0)),
                    Native.s(Native.sdDisclosure(p, i, 1))));
        return Collections.unmodifiableList(out);
    }

    /**
     * A presentation disclosing {@code paths}; with {@code holderKey} a KB-JWT
     * over {@code aud} and {@code nonce} is appended (both required then).
     * flags: SdJwtIssuer.JSON / COMPACT / EXACT.
     */
    public String present(Context ctx, List<String> paths, Key holderKey, String aud,
            String nonce, int flags) {
        return Native.s(Native.sdPresent(ctx.ptr(), ptr(),
                Native.u(paths.toArray(new String[0])), ptrOf(holderKey), Native.u(aud),
                Native.u(nonce), null, null, flags));
    }

    /** The same with OpenID4VP transaction data hashed into the KB-JWT. */
    public String presentWithTransactionData(Context ctx, List<String> paths, Key holderKey,
            String aud, String nonce, List<String> transactionData, String hashAlg, int flags) {
        return Native.s(Native.sdPresent(ctx.ptr(), ptr(),
                Native.u(paths.toArray(new String[0])), holderKey.ptr(), Native.u(aud),
                Native.u(nonce), Native.u(transactionData.toArray(new String[0])),
                Native.u(hashAlg), flags));
    }

    /** Verify an SD-JWT or SD-JWT+KB (RFC 9901 §7, SD-JWT VC); never throws for a failed check. */
    public static Result verify(Context ctx, Trust trust, Policy policy, String text) {
        long c = ctx.ptr();
        return Result.take(c, Native.sdVerify(c, trust.ptr(), ptrOf(policy), Native.u(text)));
    }
}
