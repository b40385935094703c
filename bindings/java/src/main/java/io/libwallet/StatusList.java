package io.libwallet;

import java.util.List;

/**
 * Token Status Lists, issuer side: allocate indices, set statuses,
 * save/load, produce the signed Status List Token (status.h).
 */
public final class StatusList extends NativeHandle {
    public static final int VALID = 0, INVALID = 1, SUSPENDED = 2;
    /** Allocation modes. */
    public static final int ALLOC_SEQUENTIAL = 0, ALLOC_RANDOM = 1;
    /** Token formats. */
    public static final int FORMAT_JWT = 1, FORMAT_CWT = 2;

    private StatusList(long p) {
        super(p);
    }

    /** A list of {@code size} entries of {@code bits} (1, 2, 4, 8) served at {@code uri}. */
    public StatusList(Context ctx, String uri, int bits, long size, int allocMode) {
        super(Native.statusListNew(ctx.ptr(), Native.u(uri), bits, size, allocMode));
    }

    @Override
    void free(long p) {
        Native.statusListFree(p);
    }

    /** "valid", "invalid", "suspended", "application_specific" or "reserved". */
    public static String statusName(int status) {
        return Native.s(Native.statusName(status));
    }

    public static StatusList load(Context ctx, byte[] saved) {
        return new StatusList(Native.statusListLoad(ctx.ptr(), saved));
    }

    public StatusList setIssuer(Context ctx, String iss) {
        Native.statusListSetIssuer(ctx.ptr(), ptr(), Native.u(iss));
        return this;
    }

    /** A fresh index, never handed out twice. */
    public long allocate(Context ctx) {
        return Native.statusListAllocate(ctx.ptr(), ptr());
    }

    public StatusList set(Context ctx, long idx, int status) {
        Native.statusListSet(ctx.ptr(), ptr(), idx, status);
        return this;
    }

    public int get(Context ctx, long idx) {
        return Native.statusListGet(ctx.ptr(), ptr(), idx);
    }

    public String uri() {
        return Native.s(Native.statusListStr(ptr(), 0));
    }

    public String issuer() {
        return Native.s(Native.statusListStr(ptr(), 1));
    }

    public int bits() {
        return (int) Native.statusListInfo(ptr(), 0);
    }

    public long size() {
        return Native.statusListInfo(ptr(), 1);
    }

    public long allocated() {
        return Native.statusListInfo(ptr(), 2);
    }

    public long version() {
        return Native.statusListInfo(ptr(), 3);
    }

    public byte[] save(Context ctx) {
        return Native.statusListSave(ctx.ptr(), ptr());
    }

    /** The signed Status List Token (JWT text bytes or CWT CBOR). chain may be null. */
    public byte[] token(Context ctx, Key key, List<Cert> chain, int format, long lifetime,
            long ttl) {
        return Native.statusListToken(ctx.ptr(), ptr(), key.ptr(), Cert.ptrs(chain), format,
                lifetime, ttl);
    }
}
