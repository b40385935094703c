package io.libwallet;

/** A verified Status List Token (immutable). */
public final class StatusToken extends NativeHandle {
    private StatusToken(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.statusTokenFree(p);
    }

    /**
     * Verify a token against {@code trust}; algs 0 means all; expectedUri
     * (may be null) must equal its "sub". Throws on any failed check.
     */
    public static StatusToken verify(Context ctx, Trust trust, int algs, byte[] token,
            String expectedUri) {
        return new StatusToken(Native.statusTokenVerify(ctx.ptr(), trust.ptr(), algs, token,
                Native.u(expectedUri)));
    }

    public int get(Context ctx, long idx) {
        return Native.statusTokenGet(ctx.ptr(), ptr(), idx);
    }

    public int format() {
        return (int) Native.statusTokenInfo(ptr(), 0);
    }

    public long issuedAt() {
        return Native.statusTokenInfo(ptr(), 1);
    }

    public long expiresAt() {
        return Native.statusTokenInfo(ptr(), 2);
    }

    public long ttl() {
        return Native.statusTokenInfo(ptr(), 3);
    }

    public int bits() {
        return (int) Native.statusTokenInfo(ptr(), 4);
    }

    public long size() {
        return Native.statusTokenInfo(ptr(), 5);
    }

    public String uri() {
        return Native.s(Native.statusTokenStr(ptr(), 0));
    }

    public String issuer() {
        return Native.s(Native.statusTokenStr(ptr(), 1));
    }
}
