package io.libwallet;

/** Verifier side, offline: a signed bundle of list tokens checked later without network. */
public final class StatusSnapshot extends NativeHandle {
    private StatusSnapshot(long p) {
        super(p);
    }

    /** An empty snapshot, to fill while online. */
    public StatusSnapshot(Context ctx) {
        super(Native.statusSnapshotNew(ctx.ptr()));
    }

    @Override
    void free(long p) {
        Native.statusSnapshotFree(p);
    }

    /** Load a snapshot signed by {@code verifierKey}; every token is verified again. */
    public static StatusSnapshot load(Context ctx, byte[] data, Key verifierKey) {
        return new StatusSnapshot(Native.statusSnapshotLoad(ctx.ptr(), data, verifierKey.ptr()));
    }

    public StatusSnapshot addToken(Context ctx, Trust trust, int algs, byte[] token) {
        Native.statusAddToken(ctx.ptr(), 1, ptr(), trust.ptr(), algs, token);
        return this;
    }

    /** Add the list at uri through cache (may be null: always fetch). */
    public StatusSnapshot addUri(Context ctx, StatusCache cache, Trust trust, int algs,
            String uri) {
        Native.statusSnapshotAddUri(ctx.ptr(), ptr(), ptrOf(cache), trust.ptr(), algs,
                Native.u(uri));
        return this;
    }

    public StatusSnapshot addCache(Context ctx, StatusCache cache) {
        Native.statusSnapshotAddCache(ctx.ptr(), ptr(), cache.ptr());
        return this;
    }

    /** Write the snapshot signed with the verifier's own key. */
    public byte[] save(Context ctx, Key verifierKey) {
        return Native.statusSnapshotSave(ctx.ptr(), ptr(), verifierKey.ptr());
    }

    /** The status of entry idx at uri, at most maxAge seconds old (0: no limit). */
    public int check(Context ctx, String uri, long idx, long maxAge) {
        return Native.statusSnapshotCheck(ctx.ptr(), ptr(), Native.u(uri), idx, maxAge);
    }

    public long capturedAt() {
        return Native.statusSnapshotInfo(ptr(), 0, 0);
    }

    public int count() {
        return (int) Native.statusSnapshotInfo(ptr(), 1, 0);
    }

    public String uri(int i) {
        return Native.s(Native.statusSnapshotUri(ptr(), i));
    }

    public long retrievedAt(int i) {
        return Native.statusSnapshotInfo(ptr(), 2, i);
    }
}
