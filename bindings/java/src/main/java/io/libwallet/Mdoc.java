package io.libwallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * ISO/IEC 18013-5 mdoc verification and SessionTranscripts. Issuing is
 * {@link MdocIssuer}; the holder's side {@link MdocCredential} and
 * {@link MdocResponse}.
 */
public final class Mdoc {
    private Mdoc() {}

    public static final String MDL_DOCTYPE = "org.iso.18013.5.1.mDL";
    public static final String MDL_NAMESPACE = "org.iso.18013.5.1";

    /** How a document's holder was authenticated. */
    public static final int DEVICE_AUTH_NONE = 0, DEVICE_AUTH_SIGNATURE = 1, DEVICE_AUTH_MAC = 2;

    /** One element: namespace and element identifier. */
    public static final class Item {
        public final String nameSpace;
        public final String element;

        public Item(String nameSpace, String element) {
            this.nameSpace = nameSpace;
            this.element = element;
        }
    }

    /** One verified document. */
    public static final class Document {
        public final String doctype, issuer, claimsJson, deviceClaimsJson, errorsJson, statusUri,
                deviceKeyJwk;
        public final long signed, validFrom, validUntil, expectedUpdate, statusIndex;
        public final int deviceAuth;

        Document(long ctx, long v, int i) {
            doctype = Native.s(Native.mdocDocStr(v, i, 0));
            issuer = Native.s(Native.mdocDocStr(v, i, 1));
            claimsJson = Native.s(Native.mdocDocStr(v, i, 2));
            deviceClaimsJson = Native.s(Native.mdocDocStr(v, i, 3));
            errorsJson = Native.s(Native.mdocDocStr(v, i, 4));
            statusUri = Native.s(Native.mdocDocStr(v, i, 5));
            signed = Native.mdocDocLong(v, i, 0);
            validFrom = Native.mdocDocLong(v, i, 1);
            validUntil = Native.mdocDocLong(v, i, 2);
            expectedUpdate = Native.mdocDocLong(v, i, 3);
            statusIndex = Native.mdocDocLong(v, i, 4);
            deviceAuth = (int) Native.mdocDocLong(v, i, 5);
            deviceKeyJwk = Native.s(Native.mdocDocDeviceKeyJwk(ctx, v, i));
        }
    }

    /** A verified DeviceResponse (or IssuerSigned): every document passed every check. */
    public static final class Verified {
        public final long status;
        public final String documentErrorsJson;
        public final List<Document> documents;

        Verified(long ctx, long v) {
            status = Native.mdocVerifiedLong(v, 0);
            documentErrorsJson = Native.s(Native.mdocDocStr(v, -1, 0));
            int n = (int) Native.mdocVerifiedLong(v, 1);
            List<Document> d = new ArrayList<>(n);
            for (int i = 0; i < n; i++) d.add(new Document(ctx, v, i));
            documents = Collections.unmodifiableList(d);
        }
    }

    private static Verified take(long ctx, long v) {
        try {
            return new Verified(ctx, v);
        } finally {
            Native.mdocVerifiedFree(v);
        }
    }

    /**
     * Verify a DeviceResponse (ISO/IEC 18013-5 §9.3) under the policy's
     * session transcript (required), reader key (DeviceMac) and docType.
     * Throws WalletException naming the first failing check.
     */
    public static Verified verify(Context ctx, Trust trust, Policy policy, byte[] deviceResponse) {
        long c = ctx.ptr();
        return take(c, Native.mdocVerify(c, trust.ptr(), NativeHandle.ptrOf(policy),
                deviceResponse, false));
    }

    /** Verify an IssuerSigned on its own (issuer data only, no device authentication). */
    public static Verified verifyIssuerSigned(Context ctx, Trust trust, Policy policy,
            byte[] issuerSigned) {
        long c = ctx.ptr();
        return take(c, Native.mdocVerify(c, trust.ptr(), NativeHandle.ptrOf(policy),
                issuerSigned, true));
    }

    /** Proximity SessionTranscript (QR: handover null). */
    public static byte[] transcriptProximity(Context ctx, byte[] deviceEngagement,
            byte[] eReaderKey, byte[] handover) {
        return Native.mdocTranscriptProximity(ctx.ptr(), deviceEngagement, eReaderKey, handover);
    }

    /** OpenID4VP 1.0 (redirect / direct_post) SessionTranscript; thumbprint may be null. */
    public static byte[] transcriptOid4vp(Context ctx, String clientId, String nonce,
            byte[] jwkThumbprint, String responseUri) {
        return Native.mdocTranscriptOid4vp(ctx.ptr(), 0, Native.u(clientId), Native.u(nonce),
                jwkThumbprint, Native.u(responseUri));
    }

    /** OpenID4VP 1.0 over the Digital Credentials API; thumbprint may be null. */
    public static byte[] transcriptDcApi(Context ctx, String origin, String nonce,
            byte[] jwkThumbprint) {
        return Native.mdocTranscriptOid4vp(ctx.ptr(), 1, Native.u(origin), Native.u(nonce),
                jwkThumbprint, null);
    }
}
