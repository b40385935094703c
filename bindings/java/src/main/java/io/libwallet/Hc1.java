package io.libwallet;

/** EU DCC "HC1:" health certificates (hcert.h). */
public final class Hc1 {
    private Hc1() {}

    /**
     * Issue an "HC1:" string signed with {@code key} (P-256) under
     * {@code cert} (its kid is derived; or pass cert null and an 8-byte kid).
     */
    public static String issue(Context ctx, Key key, Cert cert, byte[] kid, String iss, long iat,
            long exp, String payloadJson) {
        return Native.s(Native.hc1Issue(ctx.ptr(), key.ptr(), NativeHandle.ptrOf(cert), kid,
                Native.u(iss), iat, exp, Native.u(payloadJson)));
    }

    /** "HC1:" + Base45(zlib(cose)), nothing signed or checked. */
    public static String encode(Context ctx, byte[] cose) {
        return Native.s(Native.hc1Encode(ctx.ptr(), cose));
    }

    /** The COSE_Sign1 inside an "HC1:" string, nothing verified. */
    public static byte[] decode(Context ctx, String text) {
        return Native.hc1Decode(ctx.ptr(), Native.u(text));
    }

    /** Verify an "HC1:" string; never throws for a failed check. */
    public static Result verify(Context ctx, Trust trust, Policy policy, String text) {
        long c = ctx.ptr();
        return Result.take(c, Native.hc1Verify(c, trust.ptr(), NativeHandle.ptrOf(policy),
                Native.u(text)));
    }

    /** The DCC kid of a certificate (8 bytes). */
    public static byte[] kid(Context ctx, Cert cert) {
        return Native.hc1Kid(ctx.ptr(), cert.ptr());
    }
}
