package io.libwallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A parsed, validated DCQL query (OpenID4VP 1.0 §6). */
public final class Dcql extends NativeHandle {
    /** Candidate formats. */
    public static final int FORMAT_SD_JWT = 1, FORMAT_MDOC = 2;
    /** Candidate flag: can prove holder binding. */
    public static final int HOLDER_BINDING = 1;

    private Dcql(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.dcqlFree(p);
    }

    public static Dcql parse(Context ctx, String json) {
        return new Dcql(Native.dcqlParse(ctx.ptr(), Native.u(json)));
    }

    public String toJson(Context ctx) {
        return Native.s(Native.dcqlToJson(ctx.ptr(), ptr()));
    }

    /** The credential query ids, in order. */
    public List<String> credentialIds() {
        long p = ptr();
        int n = Native.dcqlCredentialCount(p);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Native.s(Native.dcqlCredentialStr(p, i, 0)));
        return Collections.unmodifiableList(out);
    }

    /** Evaluate the query over the candidates. */
    public DcqlResult match(Context ctx, DcqlCandidates candidates) {
        long c = ctx.ptr();
        long r = Native.dcqlMatch(c, ptr(), candidates.ptr());
        try {
            return new DcqlResult(c, r);
        } finally {
            Native.dcqlResultFree(r);
        }
    }

}
