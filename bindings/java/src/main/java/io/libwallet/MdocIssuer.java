package io.libwallet;

import java.util.List;

/** Builds and signs an mdoc IssuerSigned (wallet_mdoc_issuer). */
public final class MdocIssuer extends NativeHandle {
    /** MSO digest algorithms. */
    public static final int SHA256 = 1, SHA384 = 2, SHA512 = 3;

    public MdocIssuer(Context ctx, String doctype) {
        super(Native.mdocIssuerNew(ctx.ptr(), Native.u(doctype)));
    }

    @Override
    void free(long p) {
        Native.mdocIssuerFree(p);
    }

    public MdocIssuer setDigest(Context ctx, int digest) {
        Native.mdocIssuerSetDigest(ctx.ptr(), ptr(), digest);
        return this;
    }

    /** validityInfo; 0 for signedAt / validFrom means the context's now. */
    public MdocIssuer setValidity(Context ctx, long signedAt, long validFrom, long validUntil,
            long expectedUpdate) {
        Native.mdocIssuerSetValidity(ctx.ptr(), ptr(), signedAt, validFrom, validUntil,
                expectedUpdate);
        return this;
    }

    public MdocIssuer setStatus(Context ctx, String uri, long idx) {
        Native.mdocIssuerSetStatus(ctx.ptr(), ptr(), Native.u(uri), idx);
        return this;
    }

    /** {"namespace": {"element": value}} with $date / $tdate / $bytes. */
    public MdocIssuer addClaimsJson(Context ctx, String json) {
        Native.mdocIssuerAddClaims(ctx.ptr(), ptr(), Native.u(json));
        return this;
    }

    /** One element whose value is already CBOR. */
    public MdocIssuer addElement(Context ctx, String nameSpace, String element, byte[] cbor) {
        Native.mdocIssuerAddElement(ctx.ptr(), ptr(), Native.u(nameSpace), Native.u(element),
                cbor);
        return this;
    }

    /** Sign: the IssuerSigned CBOR, binding {@code deviceKey}, with the DS chain. */
    public byte[] sign(Context ctx, Key deviceKey, Key issuerKey, Alg alg, List<Cert> x5chain) {
        return Native.mdocIssuerSign(ctx.ptr(), ptr(), deviceKey.ptr(), issuerKey.ptr(),
                Alg.idOf(alg), Cert.ptrs(x5chain));
    }
}
