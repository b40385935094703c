package io.libwallet;

/**
 * What a verifier trusts: issuer keys, X.509 roots and directly trusted
 * signer certificates. Build once, then share read-only between threads.
 */
public final class Trust extends NativeHandle {
    /** Certificate roles (wallet_trust_role); AUTO: a self-signed CA is a root. */
    public static final int ROLE_AUTO = 0, ROLE_ROOT = 1, ROLE_SIGNER = 2;

    public Trust(Context ctx) {
        super(Native.trustNew(ctx.ptr()));
    }

    @Override
    void free(long p) {
        Native.trustFree(p);
    }

    /** Trust a public key (the set keeps its own reference). */
    public Trust addKey(Context ctx, Key key) {
        Native.trustAddKey(ctx.ptr(), ptr(), key.ptr());
        return this;
    }

    /** Trust every key of a JWK or JWK Set. */
    public Trust addJwks(Context ctx, String json) {
        Native.trustAdd(ctx.ptr(), ptr(), 0, Native.u(json), 0);
        return this;
    }

    /** Trust a certificate in a role (ROLE_ROOT or ROLE_SIGNER). */
    public Trust addCert(Context ctx, Cert cert, int role) {
        Native.trustAddCert(ctx.ptr(), ptr(), cert.ptr(), role);
        return this;
    }

    /** Trust every certificate of a PEM text (role ROLE_AUTO: automatic). */
    public Trust addPem(Context ctx, String pem, int role) {
        Native.trustAdd(ctx.ptr(), ptr(), 1, Native.u(pem), role);
        return this;
    }

    /** Load a directory (*.issuer.json, *.jwk, *.json, *.pem, *.crt). */
    public Trust loadDir(Context ctx, String path) {
        Native.trustAdd(ctx.ptr(), ptr(), 2, Native.u(path), 0);
        return this;
    }

    /** Trust an issuer by identifier (keys fetched from its JWT VC Issuer Metadata). */
    public Trust addIssuer(Context ctx, String iss) {
        Native.trustAdd(ctx.ptr(), ptr(), 3, Native.u(iss), 0);
        return this;
    }

    /** Trust an issuer with its JWT VC Issuer Metadata given here. */
    public Trust addIssuerMetadata(Context ctx, String json) {
        Native.trustAdd(ctx.ptr(), ptr(), 4, Native.u(json), 0);
        return this;
    }

    /** The metadata held for issuer {@code iss}, keys by value. */
    public String issuerMetadata(Context ctx, String iss) {
        return Native.s(Native.trustIssuerMetadata(ctx.ptr(), ptr(), Native.u(iss)));
    }

    public long issuerCount() {
        return Native.trustCount(ptr(), 0);
    }

    public long keyCount() {
        return Native.trustCount(ptr(), 1);
    }

    public long rootCount() {
        return Native.trustCount(ptr(), 2);
    }

    public long signerCount() {
        return Native.trustCount(ptr(), 3);
    }
}
