package io.libwallet;

/** Candidate credentials for DCQL matching. */
public final class DcqlCandidates extends NativeHandle {
    public DcqlCandidates(Context ctx) {
        super(Native.dcqlCandidatesNew(ctx.ptr()));
    }

    @Override
    void free(long p) {
        Native.dcqlCandidatesFree(p);
    }

    /**
     * Add a credential: id (unique), Dcql.FORMAT_SD_JWT / FORMAT_MDOC, its
     * vct / docType, its claims as JSON, flags 0 or Dcql.HOLDER_BINDING.
     */
    public DcqlCandidates add(Context ctx, String id, int format, String type,
            String claimsJson, int flags) {
        Native.dcqlCandidatesAdd(ctx.ptr(), ptr(), Native.u(id), format, Native.u(type),
                Native.u(claimsJson), flags);
        return this;
    }

    /** Record that candidate id is certified by an authority (type "aki", ...). */
    public DcqlCandidates addAuthority(Context ctx, String id, String type, String value) {
        Native.dcqlCandidatesAddAuthority(ctx.ptr(), ptr(), Native.u(id), Native.u(type),
                Native.u(value));
        return this;
    }

    public long count() {
        return Native.dcqlCandidatesCount(ptr());
    }
}
