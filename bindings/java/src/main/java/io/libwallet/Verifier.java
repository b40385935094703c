package io.libwallet;

/** wallet_verify(): detect the format of a credential and verify it. */
public final class Verifier {
    private Verifier() {}

    /**
     * Detect and verify (JWS, COSE_Sign1, SD-JWT, mdoc, HC1). Never throws
     * for a credential that fails a check: the Result says why. policy may
     * be null for the defaults.
     */
    public static Result verify(Context ctx, Trust trust, Policy policy, byte[] input) {
        long c = ctx.ptr();
        return Result.take(c, Native.verify(c, trust.ptr(), NativeHandle.ptrOf(policy), input));
    }

    /** The same for text input. */
    public static Result verify(Context ctx, Trust trust, Policy policy, String input) {
        return verify(ctx, trust, policy, Native.u(input));
    }
}
