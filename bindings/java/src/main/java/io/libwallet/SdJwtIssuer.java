package io.libwallet;

import java.util.List;

/**
 * Issues SD-JWTs / SD-JWT VCs (wallet_sdjwt_issuer): claims, the paths to
 * make selectively disclosable, vct, holder key, status, validity. Reusable:
 * every {@link #issue} makes fresh salts and decoys.
 */
public final class SdJwtIssuer extends NativeHandle {
    /** Flags of issue() and SdJwt.present(). */
    public static final int JSON = 0x1, COMPACT = 0x2, EXACT = 0x4;
    /** Digest algorithms ("_sd_alg"). */
    public static final int SHA256 = 1, SHA384 = 2, SHA512 = 3;

    /** A builder signing with {@code issuerKey} (private key or store handle). */
    public SdJwtIssuer(Context ctx, Key issuerKey) {
        super(Native.sdIssuerNew(ctx.ptr(), issuerKey.ptr()));
    }

    @Override
    void free(long p) {
        Native.sdIssuerFree(p);
    }

    /** The claims, a JSON object (replaces earlier claims and paths). */
    public SdJwtIssuer setClaims(Context ctx, String json) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 0, Native.u(json));
        return this;
    }

    /** Make the claim at {@code path} ("address.locality", "nationalities.1") disclosable. */
    public SdJwtIssuer addDisclosable(Context ctx, String path) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 1, Native.u(path));
        return this;
    }

    public SdJwtIssuer setIssuer(Context ctx, String iss) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 2, Native.u(iss));
        return this;
    }

    public SdJwtIssuer setVct(Context ctx, String vct) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 3, Native.u(vct));
        return this;
    }

    /** Header "typ" (default "dc+sd-jwt"); null leaves it out. */
    public SdJwtIssuer setTyp(Context ctx, String typ) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 4, Native.u(typ));
        return this;
    }

    /** Header "kid" (default: the issuer key's kid). */
    public SdJwtIssuer setKid(Context ctx, String kid) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 5, Native.u(kid));
        return this;
    }

    /** Further protected header members (JSON object), or null. */
    public SdJwtIssuer setHeaderJson(Context ctx, String json) {
        Native.sdIssuerSetStr(ctx.ptr(), ptr(), 6, Native.u(json));
        return this;
    }

    /** Make every claim disclosable, recursively, except the SD-JWT VC ones. */
    public SdJwtIssuer setAllDisclosable(Context ctx, boolean on) {
        Native.sdIssuerSetNum(ctx.ptr(), ptr(), 0, on ? 1 : 0, 0, 0);
        return this;
    }

    /** Decoy digests per "_sd" array (at most 64). */
    public SdJwtIssuer setDecoys(Context ctx, int count) {
        Native.sdIssuerSetNum(ctx.ptr(), ptr(), 1, count, 0, 0);
        return this;
    }

    /** "_sd_alg": SHA256, SHA384 or SHA512. */
    public SdJwtIssuer setHash(Context ctx, int hash) {
        Native.sdIssuerSetNum(ctx.ptr(), ptr(), 2, hash, 0, 0);
        return this;
    }

    /** iat, nbf, exp in seconds since the epoch; 0 leaves a claim out. */
    public SdJwtIssuer setValidity(Context ctx, long iat, long nbf, long exp) {
        Native.sdIssuerSetNum(ctx.ptr(), ptr(), 3, iat, nbf, exp);
        return this;
    }

    /** Bind to a holder key ("cnf"); null removes it. */
    public SdJwtIssuer setHolderKey(Context ctx, Key holder) {
        Native.sdIssuerSetKey(ctx.ptr(), ptr(), 0, ptrOf(holder));
        return this;
    }

    /** A further signer (JWS General JSON serialization). */
    public SdJwtIssuer addSigner(Context ctx, Key key) {
        Native.sdIssuerSetKey(ctx.ptr(), ptr(), 1, key.ptr());
        return this;
    }

    /** Token Status List reference; uri null removes it. */
    public SdJwtIssuer setStatus(Context ctx, String uri, long idx) {
        Native.sdIssuerSetStatus(ctx.ptr(), ptr(), Native.u(uri), idx);
        return this;
    }

    /** Header "x5c", leaf first (empty removes it). */
    public SdJwtIssuer setX5c(Context ctx, List<Cert> chain) {
        Native.sdIssuerSetX5c(ctx.ptr(), ptr(), Cert.ptrs(chain));
        return this;
    }

    /** Issue: compact "...~", or with JSON the JWS JSON serialization. */
    public String issue(Context ctx, int flags) {
        return Native.s(Native.sdIssuerIssue(ctx.ptr(), ptr(), flags));
    }
}
