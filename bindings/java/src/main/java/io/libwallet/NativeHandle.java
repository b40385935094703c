package io.libwallet;

/**
 * A native object owned by Java: the pointer lives in a {@code long}, is
 * released exactly once by {@link #close()}, and any use after close throws
 * {@link IllegalStateException} instead of touching freed memory.
 *
 * <p>Some native objects refer to others without owning them (a policy using
 * a status cache, for example). Such a user {@linkplain #retain() retains}
 * the object it refers to: closing the referred object then only marks it
 * closed, and its native memory is released when the last user lets go.
 *
 * <p>Handles are not finalized: close them (try-with-resources).
 */
public abstract class NativeHandle implements AutoCloseable {
    private long ptr;
    private boolean closed;
    private int users;

    NativeHandle(long ptr) {
        if (ptr == 0) throw new IllegalStateException("native constructor returned no object");
        this.ptr = ptr;
    }

    /** The native pointer; IllegalStateException once closed. */
    final synchronized long ptr() {
        if (closed) throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        return ptr;
    }

    /** The pointer of an optional argument: 0 for null. */
    static long ptrOf(NativeHandle h) {
        return h == null ? 0 : h.ptr();
    }

    /** True once {@link #close()} was called. */
    public final synchronized boolean isClosed() {
        return closed;
    }

    final synchronized void retain() {
        if (closed) throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        users++;
    }

    final void release() {
        long p = 0;
        synchronized (this) {
            users--;
            if (closed && users == 0 && ptr != 0) {
                p = ptr;
                ptr = 0;
            }
        }
        if (p != 0) free(p);
    }

    /** Release the native object (idempotent). */
    @Override
    public final void close() {
        long p = 0;
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (users == 0) {
                p = ptr;
                ptr = 0;
            }
        }
        if (p != 0) free(p);
        onClose();
    }

    /** Let go of retained objects (after this handle is closed). */
    void onClose() {}

    abstract void free(long ptr);
}
