package io.libwallet;

/**
 * A libwallet context: the clock every time check uses, the limits on
 * untrusted input, and the offline switch. Cheap; not locked: use one per
 * thread. Every fallible call takes the context as its first argument.
 */
public final class Context extends NativeHandle {
    /** Limit identifiers (wallet_limit). */
    public static final int LIMIT_INPUT_BYTES = 0;
    public static final int LIMIT_JSON_DEPTH = 1;
    public static final int LIMIT_CBOR_DEPTH = 2;
    public static final int LIMIT_CBOR_ITEMS = 3;
    public static final int LIMIT_DISCLOSURES = 4;
    public static final int LIMIT_INFLATE_BYTES = 5;
    public static final int LIMIT_CHAIN_LENGTH = 6;
    public static final int LIMIT_CLOCK_SKEW = 7;
    public static final int LIMIT_HTTP_TIMEOUT = 8;
    public static final int LIMIT_HTTP_BYTES = 9;

    /** A context with the system clock and default limits. */
    public Context() {
        super(Native.ctxNew());
    }

    @Override
    void free(long p) {
        Native.ctxFree(p);
    }

    /** The library version, "MAJOR.MINOR.PATCH". */
    public static String version() {
        return Native.s(Native.version());
    }

    /** Pin the clock to a fixed time (seconds since the epoch). */
    public Context setTime(long unixSeconds) {
        Native.ctxSetTime(ptr(), unixSeconds);
        return this;
    }

    /** Go back to the system clock. */
    public Context useSystemClock() {
        Native.ctxSystemClock(ptr());
        return this;
    }

    /** The context's current time, seconds since the epoch. */
    public long now() {
        return Native.ctxNow(ptr());
    }

    /** Set limit {@code id} to {@code value}; returns the previous value. */
    public long setLimit(int id, long value) {
        if (value < 0) throw new IllegalArgumentException("limit value must be >= 0");
        long prev = Native.ctxLimit(ptr(), id, value);
        if (prev < 0) throw new IllegalArgumentException("unknown limit id " + id);
        return prev;
    }

    /** The current value of limit {@code id}. */
    public long limit(int id) {
        long v = Native.ctxLimit(ptr(), id, -1);
        if (v < 0) throw new IllegalArgumentException("unknown limit id " + id);
        return v;
    }

    /** Offline mode: every fetch fails with WALLET_ERR_OFFLINE. */
    public Context setOffline(boolean offline) {
        Native.ctxSetOffline(ptr(), offline);
        return this;
    }

    public boolean isOffline() {
        return Native.ctxOffline(ptr());
    }
}
