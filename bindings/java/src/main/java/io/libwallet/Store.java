package io.libwallet;

import java.util.List;

/**
 * The encrypted on-device wallet store (store.h): credentials, holder keys,
 * the consent log, backup and restore. Used by one thread at a time.
 *
 * <p>Secrets (PIN, keystore key, backup passphrase) are byte arrays so that
 * the caller can wipe them ({@code Arrays.fill(pin, (byte) 0)}); the native
 * copies are wiped when each call returns.
 */
public final class Store extends NativeHandle {
    /** The secret is a raw 32-byte keystore key, not a PIN. */
    public static final int RAW_KEY = 0x1;
    /** add(): keep a credential that fails verification, marked invalid. */
    public static final int KEEP_INVALID = 0x2;
    /** restore(): replace an existing store. */
    public static final int REPLACE = 0x4;
    /** addBatch(): unrelated credentials (no batch id). */
    public static final int SEPARATE = 0x8;

    /** scrypt cost flag for a PIN or passphrase: N = 2^log2n (10-18). */
    public static int scryptLog2n(int log2n) {
        return log2n << 16;
    }

    private Store(long p) {
        super(p);
    }

    @Override
    void free(long p) {
        Native.storeFree(p);
    }

    /** Create a new, empty store at {@code path}. */
    public static Store create(Context ctx, String path, byte[] secret, int flags) {
        return new Store(Native.storeOpen(ctx.ptr(), 0, Native.u(path), secret, flags));
    }

    /** Open an existing store. */
    public static Store open(Context ctx, String path, byte[] secret, int flags) {
        return new Store(Native.storeOpen(ctx.ptr(), 1, Native.u(path), secret, flags));
    }

    /** Restore a backup into a new store at {@code path}, returned open. */
    public static Store restore(Context ctx, String path, byte[] backup, byte[] passphrase,
            byte[] secret, int flags) {
        return new Store(Native.storeRestore(ctx.ptr(), Native.u(path), backup, passphrase,
                secret, flags));
    }

    /** {failures, seconds to wait} for the store at path (no secret needed). */
    public static long[] retryDelay(Context ctx, String path) {
        return Native.storeRetryDelay(ctx.ptr(), Native.u(path));
    }

    /** Lock (keep the handle; everything else fails until unlock). */
    public void lock() {
        Native.storeLock(ptr());
    }

    public void unlock(Context ctx, byte[] secret, int flags) {
        Native.storeSecret(ctx.ptr(), ptr(), 0, secret, flags);
    }

    public boolean isOpen() {
        return Native.storeIsOpen(ptr());
    }

    public void changeSecret(Context ctx, byte[] secret, int flags) {
        Native.storeSecret(ctx.ptr(), ptr(), 1, secret, flags);
    }

    /** Verify and store a credential; returns its id. */
    public String add(Context ctx, Trust trust, Policy policy, byte[] credential, int flags) {
        return Native.s(Native.storeAdd(ctx.ptr(), ptr(), trust.ptr(), ptrOf(policy), credential,
                flags));
    }

    public String add(Context ctx, Trust trust, Policy policy, String credential, int flags) {
        return add(ctx, trust, policy, Native.u(credential), flags);
    }

    /** Add copies of one batch issuance (all or none); a JSON array of ids. */
    public String addBatch(Context ctx, Trust trust, Policy policy, List<byte[]> credentials,
            int flags) {
        return Native.s(Native.storeAddBatch(ctx.ptr(), ptr(), trust.ptr(), ptrOf(policy),
                credentials.toArray(new byte[0][]), flags));
    }

    /** Stored credentials as a JSON array (type null: all). */
    public String list(Context ctx, String type) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 0, Native.u(type), 0));
    }

    /** One credential in full, as JSON. */
    public String show(Context ctx, String id) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 1, Native.u(id), 0));
    }

    /** Match a DCQL query against the claim-path index (JSON by query id). */
    public String match(Context ctx, String query) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 2, Native.u(query), 0));
    }

    /** The credential exactly as stored. */
    public byte[] get(Context ctx, String id) {
        return Native.storeGet(ctx.ptr(), ptr(), Native.u(id));
    }

    public void delete(Context ctx, String id) {
        Native.storeEdit(ctx.ptr(), ptr(), 0, Native.u(id), null);
    }

    public void setDisplayName(Context ctx, String id, String name) {
        Native.storeEdit(ctx.ptr(), ptr(), 1, Native.u(id), Native.u(name));
    }

    public void markUsed(Context ctx, String id) {
        Native.storeEdit(ctx.ptr(), ptr(), 2, Native.u(id), null);
    }

    /** Generate and store a holder key; returns its id. */
    public String generateKey(Context ctx, Alg alg) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 3, null, Alg.idOf(alg)));
    }

    /** Holder keys as a JSON array. */
    public String keyList(Context ctx) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 4, null, 0));
    }

    /** The private JWK of a stored holder key (the only call that returns one). */
    public String exportKey(Context ctx, String keyId) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 5, Native.u(keyId), 0));
    }

    /** A signing handle for a stored holder key (stops signing when the store locks). */
    public Key key(Context ctx, String keyId) {
        return new Key(Native.storeKey(ctx.ptr(), ptr(), 0, Native.u(keyId)));
    }

    /** The holder key linked to a credential. */
    public Key credentialKey(Context ctx, String credentialId) {
        return new Key(Native.storeKey(ctx.ptr(), ptr(), 1, Native.u(credentialId)));
    }

    public void linkKey(Context ctx, String credentialId, String keyId) {
        Native.storeEdit(ctx.ptr(), ptr(), 3, Native.u(credentialId), Native.u(keyId));
    }

    /** Record a presentation in the consent log; returns the entry id. */
    public String logPresentation(Context ctx, String verifier, String purpose,
            String claimsJson, byte[] txHash) {
        return Native.s(Native.storeLogPresentation(ctx.ptr(), ptr(), Native.u(verifier),
                Native.u(purpose), Native.u(claimsJson), txHash));
    }

    /** The consent log, newest first, as JSON. */
    public String logList(Context ctx) {
        return Native.s(Native.storeText(ctx.ptr(), ptr(), 6, null, 0));
    }

    /** Encrypted backup of the whole store under {@code passphrase}. */
    public byte[] backup(Context ctx, byte[] passphrase, int flags) {
        return Native.storeBackup(ctx.ptr(), ptr(), passphrase, flags);
    }
}
