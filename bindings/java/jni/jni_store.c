/*
 * libwallet JNI glue — the encrypted wallet store (store.h).
 *
 * PINs, keystore keys and backup passphrases cross as byte[] and are wiped
 * in the C copies as soon as the call returns (the Java caller should wipe
 * its own array with java.util.Arrays.fill).
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name
#define S(h) JW_PTR(wallet_store, h)

/* open 0: create, 1: open */
NATIVE(jlong, storeOpen)(JNIEnv *env, jclass cls, jlong ctx, jint open, jbyteArray path,
                         jbyteArray secret, jint flags)
{
    char *p = NULL;
    uint8_t *s = NULL;
    size_t sn = 0;
    wallet_store *st = NULL;
    if (jw_str(env, path, &p) || jw_bytes(env, secret, &s, &sn))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            open ? wallet_store_open(JW_CTX(ctx), &st, p, s, sn, (unsigned)flags)
                 : wallet_store_create(JW_CTX(ctx), &st, p, s, sn, (unsigned)flags));
done:
    free(p);
    jw_wipe_free(s, sn);
    return JW_HANDLE(st);
}

NATIVE(void, storeFree)(JNIEnv *env, jclass cls, jlong st)
{
    wallet_store_free(S(st));
}

NATIVE(void, storeLock)(JNIEnv *env, jclass cls, jlong st)
{
    wallet_store_lock(S(st));
}

/* change 0: unlock, 1: change secret */
NATIVE(void, storeSecret)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jint change,
                          jbyteArray secret, jint flags)
{
    uint8_t *s;
    size_t sn;
    if (jw_bytes(env, secret, &s, &sn))
        return;
    wallet_err e = change ? wallet_store_change_secret(JW_CTX(ctx), S(st), s, sn, (unsigned)flags)
                          : wallet_store_unlock(JW_CTX(ctx), S(st), s, sn, (unsigned)flags);
    jw_wipe_free(s, sn);
    jw_fail(env, JW_CTX(ctx), e);
}

NATIVE(jboolean, storeIsOpen)(JNIEnv *env, jclass cls, jlong st)
{
    return wallet_store_is_open(S(st)) ? JNI_TRUE : JNI_FALSE;
}

/* {failures, seconds} */
NATIVE(jlongArray, storeRetryDelay)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray path)
{
    char *p;
    if (jw_str(env, path, &p))
        return NULL;
    uint32_t f = 0;
    int64_t sec = 0;
    wallet_err e = wallet_store_retry_delay(JW_CTX(ctx), &f, &sec, p);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    jlongArray a = (*env)->NewLongArray(env, 2);
    if (a) {
        jlong v[2] = {(jlong)f, (jlong)sec};
        (*env)->SetLongArrayRegion(env, a, 0, 2, v);
    }
    return a;
}

NATIVE(jbyteArray, storeAdd)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jlong trust,
                             jlong policy, jbyteArray input, jint flags)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, input, &p, &n))
        return NULL;
    char *id = NULL;
    wallet_err e = wallet_store_add(JW_CTX(ctx), &id, S(st), JW_PTR(const wallet_trust, trust),
                                    JW_PTR(const wallet_policy, policy),
                                    p ? p : (const uint8_t *)"", n, (unsigned)flags);
    jw_wipe_free(p, n);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_str(env, id);
}

NATIVE(jbyteArray, storeAddBatch)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jlong trust,
                                  jlong policy, jobjectArray inputs, jint flags)
{
    jsize count = inputs ? (*env)->GetArrayLength(env, inputs) : 0;
    uint8_t **v = calloc((size_t)count + 1, sizeof *v);
    size_t *lens = calloc((size_t)count + 1, sizeof *lens);
    char *ids = NULL;
    jsize got = 0;
    if (!v || !lens) {
        jw_throw(env, WALLET_ERR_NOMEM, "JNI: out of memory");
        goto done;
    }
    for (; got < count; got++) {
        jbyteArray a = (jbyteArray)(*env)->GetObjectArrayElement(env, inputs, got);
        int rc = a ? jw_bytes(env, a, &v[got], &lens[got]) : -1;
        if (a)
            (*env)->DeleteLocalRef(env, a);
        else
            jw_throw(env, WALLET_ERR_INVALID_ARG, "null credential in batch");
        if (rc)
            goto done;
    }
    jw_fail(env, JW_CTX(ctx),
            wallet_store_add_batch(JW_CTX(ctx), &ids, S(st), JW_PTR(const wallet_trust, trust),
                                   JW_PTR(const wallet_policy, policy),
                                   (const uint8_t *const *)v, lens, (size_t)count,
                                   (unsigned)flags));
done:
    for (jsize i = 0; v && lens && i < got; i++)
        jw_wipe_free(v[i], lens[i]);
    free(v);
    free(lens);
    return ids ? jw_take_str(env, ids) : NULL;
}

/* Calls taking (store, one string) and returning text:
 * what 0 list (type, may be null), 1 show (id), 2 match (query), 3 key generate
 * (alg in `n`), 4 key list, 5 key export (id), 6 log list. */
NATIVE(jbyteArray, storeText)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jint what,
                              jbyteArray arg, jint n)
{
    wallet_ctx *c = JW_CTX(ctx);
    char *a, *out = NULL;
    if (jw_str(env, arg, &a))
        return NULL;
    wallet_err e;
    switch (what) {
    case 0:
        e = wallet_store_list(c, &out, S(st), a);
        break;
    case 1:
        e = wallet_store_show(c, &out, S(st), a);
        break;
    case 2:
        e = wallet_store_match(c, &out, S(st), a ? a : "", a ? strlen(a) : 0);
        break;
    case 3:
        e = wallet_store_key_generate(c, &out, S(st), (wallet_alg)n);
        break;
    case 4:
        e = wallet_store_key_list(c, &out, S(st));
        break;
    case 5:
        e = wallet_store_key_export(c, &out, S(st), a);
        break;
    default:
        e = wallet_store_log_list(c, &out, S(st));
        break;
    }
    jw_str_free(a);
    if (jw_fail(env, c, e))
        return NULL;
    return jw_take_str(env, out); /* wipes: a key export is a private JWK */
}

NATIVE(jbyteArray, storeGet)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jbyteArray id)
{
    char *s;
    if (jw_str(env, id, &s))
        return NULL;
    uint8_t *out = NULL;
    size_t n = 0;
    wallet_err e = wallet_store_get(JW_CTX(ctx), &out, &n, S(st), s);
    free(s);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_bytes(env, out, n);
}

/* what 0 delete (a), 1 display name (a, b), 2 mark used (a), 3 link key (cred a, key b) */
NATIVE(void, storeEdit)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jint what, jbyteArray a,
                        jbyteArray b)
{
    wallet_ctx *c = JW_CTX(ctx);
    char *x = NULL, *y = NULL;
    if (jw_str(env, a, &x) || jw_str(env, b, &y))
        goto done;
    wallet_err e;
    switch (what) {
    case 0:
        e = wallet_store_delete(c, S(st), x);
        break;
    case 1:
        e = wallet_store_set_display_name(c, S(st), x, y);
        break;
    case 2:
        e = wallet_store_mark_used(c, S(st), x);
        break;
    default:
        e = wallet_store_link_key(c, S(st), x, y);
        break;
    }
    jw_fail(env, c, e);
done:
    free(x);
    free(y);
}

/* credential 0: holder key by key id, 1: the key linked to a credential id */
NATIVE(jlong, storeKey)(JNIEnv *env, jclass cls, jlong ctx, jlong st, jint credential,
                        jbyteArray id)
{
    char *s;
    if (jw_str(env, id, &s))
        return 0;
    wallet_key *k = NULL;
    wallet_err e = credential ? wallet_store_credential_key(JW_CTX(ctx), &k, S(st), s)
                              : wallet_store_key(JW_CTX(ctx), &k, S(st), s);
    free(s);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(k);
}

NATIVE(jbyteArray, storeLogPresentation)(JNIEnv *env, jclass cls, jlong ctx, jlong st,
                                         jbyteArray verifier, jbyteArray purpose,
                                         jbyteArray claims, jbyteArray tx_hash)
{
    char *v = NULL, *p = NULL, *c = NULL, *id = NULL;
    uint8_t *h = NULL;
    size_t hn = 0;
    if (jw_str(env, verifier, &v) || jw_str(env, purpose, &p) || jw_str(env, claims, &c) ||
        jw_bytes(env, tx_hash, &h, &hn))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            wallet_store_log_presentation(JW_CTX(ctx), &id, S(st), v, p, c, h, hn));
done:
    free(v);
    free(p);
    free(c);
    free(h);
    return id ? jw_take_str(env, id) : NULL;
}

NATIVE(jbyteArray, storeBackup)(JNIEnv *env, jclass cls, jlong ctx, jlong st,
                                jbyteArray passphrase, jint flags)
{
    uint8_t *p, *out = NULL;
    size_t pn, n = 0;
    if (jw_bytes(env, passphrase, &p, &pn))
        return NULL;
    wallet_err e = wallet_store_backup(JW_CTX(ctx), &out, &n, S(st), p, pn, (unsigned)flags);
    jw_wipe_free(p, pn);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_bytes(env, out, n);
}

NATIVE(jlong, storeRestore)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray path,
                            jbyteArray backup, jbyteArray passphrase, jbyteArray secret,
                            jint flags)
{
    char *p = NULL;
    uint8_t *b = NULL, *pp = NULL, *s = NULL;
    size_t bn = 0, ppn = 0, sn = 0;
    wallet_store *st = NULL;
    if (jw_str(env, path, &p) || jw_bytes(env, backup, &b, &bn) ||
        jw_bytes(env, passphrase, &pp, &ppn) || jw_bytes(env, secret, &s, &sn))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            wallet_store_restore(JW_CTX(ctx), &st, p, b ? b : (const uint8_t *)"", bn, pp, ppn,
                                 s, sn, (unsigned)flags));
done:
    free(p);
    jw_wipe_free(b, bn);
    jw_wipe_free(pp, ppn);
    jw_wipe_free(s, sn);
    return JW_HANDLE(st);
}
