package io.libwallet;

import java.nio.charset.StandardCharsets;

/**
 * The JNI entry points (bindings/java/jni/*.c). Package-private: the public
 * classes wrap them. Handles are native pointers in a {@code long}; strings
 * cross as UTF-8 byte arrays (never JNI's modified UTF-8).
 */
final class Native {
    private Native() {}

    static {
        System.loadLibrary("wallet_jni");
    }

    /** UTF-8 bytes of a string (null stays null). */
    static byte[] u(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 bytes of each string (null stays null). */
    static byte[][] u(String[] v) {
        if (v == null) return null;
        byte[][] out = new byte[v.length][];
        for (int i = 0; i < v.length; i++) {
            if (v[i] == null) throw new NullPointerException("null string in array at " + i);
            out[i] = u(v[i]);
        }
        return out;
    }

    /** A string from UTF-8 bytes (null stays null). */
    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    // ---- library, errors (jni_core.c)
    static native byte[] version();
    static native byte[] errName(int code);
    static native byte[] errStr(int code);
    static native int errKind(int code);

    // ---- context
    static native long ctxNew();
    static native void ctxFree(long ctx);
    static native void ctxSetTime(long ctx, long t);
    static native void ctxSystemClock(long ctx);
    static native long ctxNow(long ctx);
    static native long ctxLimit(long ctx, int id, long value);
    static native void ctxSetOffline(long ctx, boolean offline);
    static native boolean ctxOffline(long ctx);

    // ---- keys
    static native long keyGenerate(long ctx, int alg);
    static native long keyImport(long ctx, int kind, byte[] data);
    static native byte[] keyExport(long ctx, long key, int kind, boolean priv);
    static native byte[] keyThumbprint(long ctx, long key);
    static native long keyPublic(long ctx, long key);
    static native boolean keyEqualPublic(long a, long b);
    static native int keyInfo(long key, int what);
    static native byte[] keyKid(long key);
    static native void keySetKid(long ctx, long key, byte[] kid);
    static native byte[] keySign(long ctx, long key, int alg, byte[] msg);
    static native void keyVerify(long ctx, long key, int alg, int algs, byte[] msg, byte[] sig);
    static native void keyFree(long key);
    static native long keyFromSigner(long ctx, long publicKey, int alg, SignerBridge bridge,
            boolean der);

    // ---- certificates
    static native long[] certFromPem(long ctx, byte[] pem);
    static native long certFromDer(long ctx, byte[] der);
    static native byte[] certDer(long cert);
    static native byte[] certText(long ctx, long cert, int what);
    static native long[] certValidity(long ctx, long cert);
    static native long certPublicKey(long ctx, long cert);
    static native void certFree(long cert);
    static native long certBuild(long ctx, int profile, byte[] subject, long notBefore,
            long notAfter, byte[][] sanDns, byte[][] sanUri, byte[] issuerAltUri, byte[][] ekus,
            long subjectKey, long issuerKey, long issuerCert);

    // ---- trust
    static native long trustNew(long ctx);
    static native void trustFree(long t);
    static native void trustAddKey(long ctx, long t, long key);
    static native void trustAddCert(long ctx, long t, long cert, int role);
    static native void trustAdd(long ctx, long t, int what, byte[] data, int role);
    static native byte[] trustIssuerMetadata(long ctx, long t, byte[] iss);
    static native long trustCount(long t, int what);

    // ---- policy
    static native long policyNew(long ctx);
    static native void policyFree(long p);
    static native void policySetNumber(long ctx, long p, int what, long v);
    static native void policySetBytes(long ctx, long p, int what, byte[] v);
    static native void policySetSdjwtTypes(long ctx, long p, byte[][] types);
    static native void policySetTransactionData(long ctx, long p, byte[][] data, byte[][] algs);
    static native void policySetReaderKey(long ctx, long p, long key);
    static native void policySetStatusCache(long ctx, long p, long cache);
    static native void policySetStatusSnapshot(long ctx, long p, long snap, long maxAge);

    // ---- verify, results
    static native long verify(long ctx, long trust, long policy, byte[] input);
    static native int resultInt(long r, int what);
    static native long resultLong(long r, int what);
    static native byte[] resultStr(long r, int what);
    static native byte[] resultHolderJwk(long ctx, long r);
    static native byte[] resultToJson(long ctx, long r);
    static native void resultFree(long r);

    // ---- SD-JWT (jni_sdjwt.c)
    static native long sdIssuerNew(long ctx, long key);
    static native void sdIssuerFree(long b);
    static native void sdIssuerSetStr(long ctx, long b, int what, byte[] v);
    static native void sdIssuerSetNum(long ctx, long b, int what, long x, long y, long z);
    static native void sdIssuerSetKey(long ctx, long b, int what, long key);
    static native void sdIssuerSetStatus(long ctx, long b, byte[] uri, long idx);
    static native void sdIssuerSetX5c(long ctx, long b, long[] chain);
    static native byte[] sdIssuerIssue(long ctx, long b, int flags);
    static native long sdParse(long ctx, byte[] text);
    static native void sdFree(long sd);
    static native byte[] sdClaims(long sd);
    static native int sdDisclosureCount(long sd);
    static native byte[] sdDisclosure(long sd, int i, int what);
    static native byte[] sdPresent(long ctx, long sd, byte[][] paths, long holder, byte[] aud,
            byte[] nonce, byte[][] tx, byte[] hashAlg, int flags);
    static native long sdVerify(long ctx, long trust, long policy, byte[] input);

    // ---- mdoc (jni_mdoc.c)
    static native long mdocIssuerNew(long ctx, byte[] doctype);
    static native void mdocIssuerFree(long b);
    static native void mdocIssuerSetDigest(long ctx, long b, int d);
    static native void mdocIssuerSetValidity(long ctx, long b, long signedAt, long from,
            long until, long expectedUpdate);
    static native void mdocIssuerSetStatus(long ctx, long b, byte[] uri, long idx);
    static native void mdocIssuerAddClaims(long ctx, long b, byte[] json);
    static native void mdocIssuerAddElement(long ctx, long b, byte[] ns, byte[] el, byte[] cbor);
    static native byte[] mdocIssuerSign(long ctx, long b, long deviceKey, long issuerKey, int alg,
            long[] chain);
    static native long mdocCredParse(long ctx, byte[] cbor);
    static native void mdocCredFree(long c);
    static native byte[] mdocCredDoctype(long c);
    static native int mdocCredCount(long c);
    static native byte[][] mdocCredItem(long c, int i);
    static native long mdocCredDeviceKey(long ctx, long c);
    static native long mdocResponseNew(long ctx, byte[] transcript);
    static native void mdocResponseFree(long r);
    static native void mdocResponseAdd(long ctx, long r, byte[] issuerSigned, byte[][] ns,
            byte[][] el, long deviceKey, int alg, long readerKey);
    static native void mdocResponseAddDocumentError(long ctx, long r, byte[] doctype, long code);
    static native byte[] mdocResponseEncode(long ctx, long r);
    static native long mdocVerify(long ctx, long trust, long policy, byte[] cbor,
            boolean issuerSignedOnly);
    static native void mdocVerifiedFree(long v);
    static native long mdocVerifiedLong(long v, int what);
    static native long mdocDocLong(long v, int i, int what);
    static native byte[] mdocDocStr(long v, int i, int what);
    static native byte[] mdocDocDeviceKeyJwk(long ctx, long v, int i);
    static native byte[] mdocTranscriptProximity(long ctx, byte[] de, byte[] erk, byte[] handover);
    static native byte[] mdocTranscriptOid4vp(long ctx, int dcApi, byte[] a, byte[] nonce,
            byte[] thumb, byte[] responseUri);

    // ---- HC1 (jni_hc1.c)
    static native byte[] hc1Issue(long ctx, long key, long cert, byte[] kid, byte[] iss, long iat,
            long exp, byte[] payload);
    static native byte[] hc1Encode(long ctx, byte[] cose);
    static native byte[] hc1Decode(long ctx, byte[] text);
    static native long hc1Verify(long ctx, long trust, long policy, byte[] text);
    static native byte[] hc1Kid(long ctx, long cert);

    // ---- status lists (jni_status.c)
    static native byte[] statusName(int status);
    static native long statusListNew(long ctx, byte[] uri, int bits, long size, int flags);
    static native void statusListFree(long l);
    static native void statusListSetIssuer(long ctx, long l, byte[] iss);
    static native long statusListAllocate(long ctx, long l);
    static native void statusListSet(long ctx, long l, long idx, int status);
    static native int statusListGet(long ctx, long l, long idx);
    static native long statusListInfo(long l, int what);
    static native byte[] statusListStr(long l, int what);
    static native byte[] statusListSave(long ctx, long l);
    static native long statusListLoad(long ctx, byte[] data);
    static native byte[] statusListToken(long ctx, long l, long key, long[] chain, int format,
            long lifetime, long ttl);
    static native long statusTokenVerify(long ctx, long trust, int algs, byte[] token,
            byte[] expectedUri);
    static native void statusTokenFree(long t);
    static native int statusTokenGet(long ctx, long t, long idx);
    static native long statusTokenInfo(long t, int what);
    static native byte[] statusTokenStr(long t, int what);
    static native long statusCacheNew(long ctx, long max);
    static native void statusCacheFree(long c);
    static native void statusCacheSetTtlBounds(long ctx, long c, long lo, long hi);
    static native int statusCacheCheck(long ctx, long c, long trust, int algs, byte[] uri,
            long idx);
    static native void statusAddToken(long ctx, int target, long c, long trust, int algs,
            byte[] token);
    static native long statusCacheCount(long c);
    static native long statusSnapshotNew(long ctx);
    static native void statusSnapshotFree(long s);
    static native void statusSnapshotAddUri(long ctx, long s, long cache, long trust, int algs,
            byte[] uri);
    static native void statusSnapshotAddCache(long ctx, long s, long cache);
    static native byte[] statusSnapshotSave(long ctx, long s, long key);
    static native long statusSnapshotLoad(long ctx, byte[] data, long key);
    static native int statusSnapshotCheck(long ctx, long s, byte[] uri, long idx, long maxAge);
    static native long statusSnapshotInfo(long s, int what, int i);
    static native byte[] statusSnapshotUri(long s, int i);

    // ---- store (jni_store.c)
    static native long storeOpen(long ctx, int open, byte[] path, byte[] secret, int flags);
    static native void storeFree(long st);
    static native void storeLock(long st);
    static native void storeSecret(long ctx, long st, int change, byte[] secret, int flags);
    static native boolean storeIsOpen(long st);
    static native long[] storeRetryDelay(long ctx, byte[] path);
    static native byte[] storeAdd(long ctx, long st, long trust, long policy, byte[] input,
            int flags);
    static native byte[] storeAddBatch(long ctx, long st, long trust, long policy,
            byte[][] inputs, int flags);
    static native byte[] storeText(long ctx, long st, int what, byte[] arg, int n);
    static native byte[] storeGet(long ctx, long st, byte[] id);
    static native void storeEdit(long ctx, long st, int what, byte[] a, byte[] b);
    static native long storeKey(long ctx, long st, int credential, byte[] id);
    static native byte[] storeLogPresentation(long ctx, long st, byte[] verifier, byte[] purpose,
            byte[] claims, byte[] txHash);
    static native byte[] storeBackup(long ctx, long st, byte[] passphrase, int flags);
    static native long storeRestore(long ctx, byte[] path, byte[] backup, byte[] passphrase,
            byte[] secret, int flags);

    // ---- DCQL (jni_dcql.c)
    static native long dcqlParse(long ctx, byte[] json);
    static native void dcqlFree(long q);
    static native byte[] dcqlToJson(long ctx, long q);
    static native int dcqlCredentialCount(long q);
    static native byte[] dcqlCredentialStr(long q, int i, int what);
    static native long dcqlCandidatesNew(long ctx);
    static native void dcqlCandidatesFree(long c);
    static native void dcqlCandidatesAdd(long ctx, long c, byte[] id, int format, byte[] type,
            byte[] claims, int flags);
    static native void dcqlCandidatesAddAuthority(long ctx, long c, byte[] id, byte[] type,
            byte[] value);
    static native long dcqlCandidatesCount(long c);
    static native long dcqlMatch(long ctx, long q, long c);
    static native void dcqlResultFree(long r);
    static native byte[] dcqlResultCheck(long ctx, long r);
    static native byte[] dcqlResultToJson(long ctx, long r);
    static native long dcqlResultNum(long r, int what, int i, int j);
    static native byte[] dcqlResultStr(long r, int what, int i, int j, int k);
}
