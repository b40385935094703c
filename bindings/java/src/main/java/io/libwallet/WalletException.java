package io.libwallet;

/**
 * A libwallet call failed: carries the {@code wallet_err} code, its stable
 * enum name ({@code "WALLET_ERR_SIGNATURE"}), its short identifier
 * ({@code "signature"}) and the library's detail message (which names the
 * failing check, never a claim value or key material).
 */
public class WalletException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String name;
    private final String id;
    private final String detail;

    /** Called from JNI (jw_throw) with the detail as UTF-8. */
    WalletException(int code, byte[] detail) {
        this(code, Native.s(detail));
    }

    WalletException(int code, String detail) {
        super(Native.s(Native.errName(code)) + " (" + code + ")"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.code = code;
        this.name = Native.s(Native.errName(code));
        this.id = Native.s(Native.errStr(code));
        this.detail = detail == null ? "" : detail;
    }

    /** The numeric wallet_err (see {@link Err}). */
    public int code() {
        return code;
    }

    /** The enum name, e.g. "WALLET_ERR_SIGNATURE". */
    public String name() {
        return name;
    }

    /** The stable lower-case identifier, e.g. "signature". */
    public String id() {
        return id;
    }

    /** The library's detail message ("" when none). */
    public String detail() {
        return detail;
    }

    /** The kind: 1 usage, 2 malformed, 3 crypto, 4 policy, 5 storage, 6 network. */
    public int kind() {
        return Native.errKind(code);
    }
}
