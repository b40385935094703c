package io.libwallet;

/**
 * A public key, a key pair, or a signing handle from the store. Immutable
 * (except its kid) and safe to share between threads once built.
 */
public final class Key extends NativeHandle {
    /** Key types (wallet_kty). */
    public static final int KTY_EC = 1, KTY_OKP = 2, KTY_RSA = 3;
    /** Curves (wallet_curve). */
    public static final int CURVE_NONE = 0, CURVE_P256 = 1, CURVE_P384 = 2, CURVE_P521 = 3,
            CURVE_SECP256K1 = 4, CURVE_ED25519 = 5, CURVE_ED448 = 6;

    Key(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.keyFree(p);
    }

    /** Generate a key pair for ES256, ES384, ES512, EdDSA (Ed25519) or ES256K. */
    public static Key generate(Context ctx, Alg alg) {
        return new Key(Native.keyGenerate(ctx.ptr(), Alg.idOf(alg)));
    }

    /** Import a JWK (RFC 7517: EC, OKP or RSA; private members used when present). */
    public static Key fromJwk(Context ctx, String jwk) {
        return new Key(Native.keyImport(ctx.ptr(), 0, Native.u(jwk)));
    }

    /** Import PEM: PKCS#8, SEC1, SubjectPublicKeyInfo or a certificate's key. */
    public static Key fromPem(Context ctx, String pem) {
        return new Key(Native.keyImport(ctx.ptr(), 1, Native.u(pem)));
    }

    /** Import DER: PKCS#8, SEC1 or SubjectPublicKeyInfo. */
    public static Key fromDer(Context ctx, byte[] der) {
        return new Key(Native.keyImport(ctx.ptr(), 2, der));
    }

    /** Import a COSE_Key (CBOR). */
    public static Key fromCoseKey(Context ctx, byte[] cbor) {
        return new Key(Native.keyImport(ctx.ptr(), 3, cbor));
    }

    /**
     * A key that signs through {@code signer} (Android Keystore, secure element,
     * HSM) for {@code publicKey}'s public half, with {@code alg} (null: the public
     * key's default). {@code derSignature}: the signer returns ECDSA signatures as
     * DER (as java.security.Signature does) rather than raw r||s. Accepted wherever
     * a private key is. The signer stays referenced as long as libwallet uses the
     * key (also after this handle is closed, e.g. inside an SdJwtIssuer).
     */
    public static Key fromSigner(Context ctx, Key publicKey, Alg alg, Signer signer,
            boolean derSignature) {
        if (signer == null) throw new NullPointerException("signer");
        return new Key(Native.keyFromSigner(ctx.ptr(), publicKey.ptr(), Alg.idOf(alg),
                new SignerBridge(signer), derSignature));
    }

    /** JWK text; with {@code withPrivate} the private half too. */
    public String toJwk(Context ctx, boolean withPrivate) {
        return Native.s(Native.keyExport(ctx.ptr(), ptr(), 0, withPrivate));
    }

    /** PEM: "PUBLIC KEY", or "PRIVATE KEY" with {@code withPrivate}. */
    public String toPem(Context ctx, boolean withPrivate) {
        return Native.s(Native.keyExport(ctx.ptr(), ptr(), 1, withPrivate));
    }

    /** DER: SPKI, or PKCS#8 with {@code withPrivate}. */
    public byte[] toDer(Context ctx, boolean withPrivate) {
        return Native.keyExport(ctx.ptr(), ptr(), 2, withPrivate);
    }

    /** COSE_Key, deterministic CBOR. */
    public byte[] toCoseKey(Context ctx, boolean withPrivate) {
        return Native.keyExport(ctx.ptr(), ptr(), 3, withPrivate);
    }

    /** RFC 7638 JWK thumbprint (SHA-256, 32 bytes). */
    public byte[] thumbprint(Context ctx) {
        return Native.keyThumbprint(ctx.ptr(), ptr());
    }

    /** A new key holding only the public half. */
    public Key publicKey(Context ctx) {
        return new Key(Native.keyPublic(ctx.ptr(), ptr()));
    }

    /** True when both keys have the same public half. */
    public boolean samePublicKey(Key other) {
        return Native.keyEqualPublic(ptr(), other.ptr());
    }

    /** The default signature algorithm (null for an RSA key without "alg"). */
    public Alg alg() {
        return Alg.fromId(Native.keyInfo(ptr(), 0));
    }

    public int kty() {
        return Native.keyInfo(ptr(), 1);
    }

    public int curve() {
        return Native.keyInfo(ptr(), 2);
    }

    /** True if the key can sign (private half or signing handle). */
    public boolean canSign() {
        return Native.keyInfo(ptr(), 3) != 0;
    }

    /** The key id, or null. */
    public String kid() {
        return Native.s(Native.keyKid(ptr()));
    }

    /** Set (or clear, with null) the key id. */
    public Key setKid(Context ctx, String kid) {
        Native.keySetKid(ctx.ptr(), ptr(), Native.u(kid));
        return this;
    }

    /** Sign {@code msg} (alg null: the key's default); JOSE/COSE form (raw r||s). */
    public byte[] sign(Context ctx, Alg alg, byte[] msg) {
        return Native.keySign(ctx.ptr(), ptr(), Alg.idOf(alg), msg);
    }

    /**
     * Verify a JOSE/COSE-form signature with {@code alg}, which must be in
     * {@code allowed} (a mask, see {@link Alg#mask}). Returns normally only
     * when the signature verifies; throws WalletException otherwise.
     */
    public void verify(Context ctx, Alg alg, int allowed, byte[] msg, byte[] sig) {
        if (alg == null) throw new IllegalArgumentException("alg is required");
        Native.keyVerify(ctx.ptr(), ptr(), alg.id, allowed, msg, sig);
    }
}
