package io.libwallet;

import java.util.List;

/**
 * What a verification expects beyond the signature: algorithms, audience,
 * nonce, holder binding, SD-JWT types and key-binding age, mdoc session
 * transcript / reader key / docType, and Token Status List checking.
 */
public final class Policy extends NativeHandle {
    private StatusCache cache;
    private StatusSnapshot snapshot;

    public Policy(Context ctx) {
        super(Native.policyNew(ctx.ptr()));
    }

    @Override
    void free(long p) {
        Native.policyFree(p);
    }

    @Override
    synchronized void onClose() {
        if (cache != null) cache.release();
        if (snapshot != null) snapshot.release();
        cache = null;
        snapshot = null;
    }

    /** Allowed algorithms for issuer and holder signatures. */
    public Policy setAlgs(Context ctx, List<Alg> algs) {
        Native.policySetNumber(ctx.ptr(), ptr(), 0, Alg.mask(algs));
        return this;
    }

    /** Expected audience (KB-JWT "aud"); null clears. */
    public Policy setAudience(Context ctx, String aud) {
        Native.policySetBytes(ctx.ptr(), ptr(), 0, Native.u(aud));
        return this;
    }

    /** Expected nonce; null clears. */
    public Policy setNonce(Context ctx, String nonce) {
        Native.policySetBytes(ctx.ptr(), ptr(), 1, Native.u(nonce));
        return this;
    }

    /** Require proof of possession of the holder key. */
    public Policy requireHolderBinding(Context ctx, boolean required) {
        Native.policySetNumber(ctx.ptr(), ptr(), 1, required ? 1 : 0);
        return this;
    }

    /** Maximum KB-JWT age in seconds (default 300). */
    public Policy setKbMaxAge(Context ctx, long seconds) {
        Native.policySetNumber(ctx.ptr(), ptr(), 2, seconds);
        return this;
    }

    /** Require a status reference in every credential. */
    public Policy requireStatus(Context ctx, boolean required) {
        Native.policySetNumber(ctx.ptr(), ptr(), 3, required ? 1 : 0);
        return this;
    }

    /** Accepted SD-JWT "typ" values (none: the defaults dc+sd-jwt, vc+sd-jwt). */
    public Policy setSdJwtTypes(Context ctx, String... types) {
        Native.policySetSdjwtTypes(ctx.ptr(), ptr(), Native.u(types));
        return this;
    }

    /** Expected OpenID4VP transaction data and allowed hash algorithms (may be null). */
    public Policy setTransactionData(Context ctx, String[] data, String[] hashAlgs) {
        Native.policySetTransactionData(ctx.ptr(), ptr(), Native.u(data), Native.u(hashAlgs));
        return this;
    }

    /** The mdoc SessionTranscript (CBOR array or tag-24 bytes); null clears. */
    public Policy setSessionTranscript(Context ctx, byte[] transcript) {
        Native.policySetBytes(ctx.ptr(), ptr(), 3, transcript);
        return this;
    }

    /** The reader's ephemeral private key (for DeviceMac); null clears. */
    public Policy setReaderKey(Context ctx, Key readerKey) {
        Native.policySetReaderKey(ctx.ptr(), ptr(), ptrOf(readerKey));
        return this;
    }

    /** The docType every mdoc document must have; null clears. */
    public Policy setDoctype(Context ctx, String doctype) {
        Native.policySetBytes(ctx.ptr(), ptr(), 2, Native.u(doctype));
        return this;
    }

    /** Check Token Status Lists through this cache (null stops). The policy keeps it alive. */
    public synchronized Policy setStatusCache(Context ctx, StatusCache c) {
        Native.policySetStatusCache(ctx.ptr(), ptr(), ptrOf(c));
        if (c != null) c.retain();
        if (cache != null) cache.release();
        cache = c;
        return this;
    }

    /** Check Token Status Lists in this snapshot (null stops), at most maxAge seconds old (0: no limit). */
    public synchronized Policy setStatusSnapshot(Context ctx, StatusSnapshot s, long maxAge) {
        Native.policySetStatusSnapshot(ctx.ptr(), ptr(), ptrOf(s), maxAge);
        if (s != null) s.retain();
        if (snapshot != null) snapshot.release();
        snapshot = s;
        return this;
    }
}
