package io.libwallet;

/**
 * The outcome of a verification, one shape for every format. Either valid
 * (every check passed; claims, issuer, type and validity filled in) or
 * invalid (only the format, the error and its detail: never claims). A plain
 * value object: the native result is copied and released at once.
 */
public final class Result {
    private final boolean valid;
    private final int error;
    private final String detail, format, issuer, type, claimsJson, statusUri, holderAuth,
            holderKeyJwk, json;
    private final long validFrom, validUntil, issuedAt, statusIndex;
    private final int status;

    private Result(long ctx, long r) {
        valid = Native.resultInt(r, 0) != 0;
        error = Native.resultInt(r, 1);
        status = Native.resultInt(r, 2);
        validFrom = Native.resultLong(r, 0);
        validUntil = Native.resultLong(r, 1);
        issuedAt = Native.resultLong(r, 2);
        statusIndex = Native.resultLong(r, 3);
        detail = Native.s(Native.resultStr(r, 0));
        format = Native.s(Native.resultStr(r, 1));
        issuer = Native.s(Native.resultStr(r, 2));
        type = Native.s(Native.resultStr(r, 3));
        claimsJson = Native.s(Native.resultStr(r, 4));
        statusUri = Native.s(Native.resultStr(r, 5));
        holderAuth = Native.s(Native.resultStr(r, 6));
        holderKeyJwk = Native.s(Native.resultHolderJwk(ctx, r));
        json = Native.s(Native.resultToJson(ctx, r));
    }

    /** Copy and free a native wallet_result. */
    static Result take(long ctx, long r) {
        try {
            return new Result(ctx, r);
        } finally {
            Native.resultFree(r);
        }
    }

    /** True if every check passed. */
    public boolean isValid() {
        return valid;
    }

    /** 0 when valid, else the wallet_err of the first failing check. */
    public int error() {
        return error;
    }

    /** The error's enum name ("WALLET_OK" when valid). */
    public String errorName() {
        return Native.s(Native.errName(error));
    }

    /** Detail of the failure ("" when valid). */
    public String detail() {
        return detail;
    }

    /** Throw the failure as a WalletException; return this when valid. */
    public Result orThrow() {
        if (!valid) throw new WalletException(error, detail);
        return this;
    }

    /** "jws", "cose_sign1", "dc+sd-jwt", "mso_mdoc", "hc1"; null if unrecognised. */
    public String format() {
        return format;
    }

    public String issuer() {
        return issuer;
    }

    /** vct / docType / hcert kind. */
    public String type() {
        return type;
    }

    /** The disclosed, verified claims as JSON (null when invalid). */
    public String claimsJson() {
        return claimsJson;
    }

    public long validFrom() {
        return validFrom;
    }

    public long validUntil() {
        return validUntil;
    }

    public long issuedAt() {
        return issuedAt;
    }

    public String statusUri() {
        return statusUri;
    }

    /** Status list index, -1 when none. */
    public long statusIndex() {
        return statusIndex;
    }

    /** Status found (0 valid), -1 when not checked. */
    public int status() {
        return status;
    }

    /** How holder possession was proven ("device_signature", ...), or null. */
    public String holderAuth() {
        return holderAuth;
    }

    /** The holder (cnf) key as a public JWK, or null. */
    public String holderKeyJwk() {
        return holderKeyJwk;
    }

    /** The whole result as JSON (wallet_result_to_json). */
    public String toJson() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }
}
