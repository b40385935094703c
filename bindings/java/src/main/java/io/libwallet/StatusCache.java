package io.libwallet;

/** Verifier side, online: verified Status List Tokens by URI (thread-safe). */
public final class StatusCache extends NativeHandle {
    /** maxEntries 0: 64. */
    public StatusCache(Context ctx, long maxEntries) {
        super(Native.statusCacheNew(ctx.ptr(), maxEntries));
    }

    @Override
    void free(long p) {
        Native.statusCacheFree(p);
    }

    public StatusCache setTtlBounds(Context ctx, long minSeconds, long maxSeconds) {
        Native.statusCacheSetTtlBounds(ctx.ptr(), ptr(), minSeconds, maxSeconds);
        return this;
    }

    /** The status of entry idx of the list at uri (fetched when not cached). */
    public int check(Context ctx, Trust trust, int algs, String uri, long idx) {
        return Native.statusCacheCheck(ctx.ptr(), ptr(), trust.ptr(), algs, Native.u(uri), idx);
    }

    /** Verify a token obtained some other way and cache it. */
    public StatusCache add(Context ctx, Trust trust, int algs, byte[] token) {
        Native.statusAddToken(ctx.ptr(), 0, ptr(), trust.ptr(), algs, token);
        return this;
    }

    public long count() {
        return Native.statusCacheCount(ptr());
    }
}
