package io.libwallet;

import java.util.List;

/** A DeviceResponse for one exchange (holder side). */
public final class MdocResponse extends NativeHandle {
    /** {@code sessionTranscript}: the SessionTranscript CBOR or its tag-24 form. */
    public MdocResponse(Context ctx, byte[] sessionTranscript) {
        super(Native.mdocResponseNew(ctx.ptr(), sessionTranscript));
    }

    @Override
    void free(long p) {
        Native.mdocResponseFree(p);
    }

    /**
     * Add a document from the holder's IssuerSigned disclosing {@code items}
     * (null: all). readerKey null: DeviceSignature with deviceKey; else
     * DeviceMac with the reader's ephemeral public key. alg null: default.
     */
    public MdocResponse add(Context ctx, byte[] issuerSigned, List<Mdoc.Item> items,
            Key deviceKey, Alg alg, Key readerKey) {
        String[] ns = null, el = null;
        if (items != null) {
            ns = new String[items.size()];
            el = new String[items.size()];
            for (int i = 0; i < ns.length; i++) {
                ns[i] = items.get(i).nameSpace;
                el[i] = items.get(i).element;
            }
        }
        Native.mdocResponseAdd(ctx.ptr(), ptr(), issuerSigned, Native.u(ns), Native.u(el),
                deviceKey.ptr(), Alg.idOf(alg), ptrOf(readerKey));
        return this;
    }

    /** Report a requested docType that cannot be returned. */
    public MdocResponse addDocumentError(Context ctx, String doctype, long code) {
        Native.mdocResponseAddDocumentError(ctx.ptr(), ptr(), Native.u(doctype), code);
        return this;
    }

    /** The DeviceResponse CBOR. */
    public byte[] encode(Context ctx) {
        return Native.mdocResponseEncode(ctx.ptr(), ptr());
    }
}
