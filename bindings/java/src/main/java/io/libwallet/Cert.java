package io.libwallet;

import java.util.ArrayList;
import java.util.List;

/** An X.509 certificate. */
public final class Cert extends NativeHandle {
    Cert(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.certFree(p);
    }

    /** Every "CERTIFICATE" block of a PEM text (close each). */
    public static List<Cert> fromPem(Context ctx, String pem) {
        long[] h = Native.certFromPem(ctx.ptr(), Native.u(pem));
        List<Cert> out = new ArrayList<>(h.length);
        for (long p : h) out.add(new Cert(p));
        return out;
    }

    /** One DER certificate. */
    public static Cert fromDer(Context ctx, byte[] der) {
        return new Cert(Native.certFromDer(ctx.ptr(), der));
    }

    public byte[] der() {
        return Native.certDer(ptr());
    }

    public String toPem(Context ctx) {
        return Native.s(Native.certText(ctx.ptr(), ptr(), 0));
    }

    /** Subject DN in RFC 4514 form. */
    public String subject(Context ctx) {
        return Native.s(Native.certText(ctx.ptr(), ptr(), 1));
    }

    /** Issuer DN in RFC 4514 form. */
    public String issuer(Context ctx) {
        return Native.s(Native.certText(ctx.ptr(), ptr(), 2));
    }

    /** notBefore, seconds since the epoch. */
    public long notBefore(Context ctx) {
        return Native.certValidity(ctx.ptr(), ptr())[0];
    }

    /** notAfter, seconds since the epoch. */
    public long notAfter(Context ctx) {
        return Native.certValidity(ctx.ptr(), ptr())[1];
    }

    /** The subject public key. */
    public Key publicKey(Context ctx) {
        return new Key(Native.certPublicKey(ctx.ptr(), ptr()));
    }

    static long[] ptrs(List<Cert> certs) {
        if (certs == null) return null;
        long[] h = new long[certs.size()];
        for (int i = 0; i < h.length; i++) h[i] = certs.get(i).ptr();
        return h;
    }
}
