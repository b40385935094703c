package io.libwallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An IssuerSigned as the holder keeps it: parsed for structure only, NOT verified. */
public final class MdocCredential extends NativeHandle {
    private MdocCredential(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.mdocCredFree(p);
    }

    public static MdocCredential parse(Context ctx, byte[] issuerSigned) {
        return new MdocCredential(Native.mdocCredParse(ctx.ptr(), issuerSigned));
    }

    public String doctype() {
        return Native.s(Native.mdocCredDoctype(ptr()));
    }

    /** The elements it holds. */
    public List<Mdoc.Item> items() {
        long p = ptr();
        int n = Native.mdocCredCount(p);
        List<Mdoc.Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[][] it = Native.mdocCredItem(p, i);
            out.add(new Mdoc.Item(Native.s(it[0]), Native.s(it[1])));
        }
        return Collections.unmodifiableList(out);
    }

    /** The MSO's device key (a new public key). */
    public Key deviceKey(Context ctx) {
        return new Key(Native.mdocCredDeviceKey(ctx.ptr(), ptr()));
    }
}
