/*
 * libwallet JNI glue — Token Status Lists (status.h): the issuer's list,
 * verified list tokens, the verifier's cache and offline snapshot.
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name
#define SL(h) JW_PTR(wallet_status_list, h)
#define ST(h) JW_PTR(const wallet_status_token, h)
#define SC(h) JW_PTR(wallet_status_cache, h)
#define SS(h) JW_PTR(wallet_status_snapshot, h)

static int index_ok(JNIEnv *env, jlong idx)
{
    if (idx < 0) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "status index must be >= 0");
        return 0;
    }
    return 1;
}

NATIVE(jbyteArray, statusName)(JNIEnv *env, jclass cls, jint status)
{
    return jw_new_str(env, wallet_status_name((unsigned)status));
}

/* ---- the issuer's list -------------------------------------------------------- */

NATIVE(jlong, statusListNew)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray uri, jint bits,
                             jlong size, jint flags)
{
    char *s;
    if (size < 0) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "list size must be >= 0");
        return 0;
    }
    if (jw_str(env, uri, &s))
        return 0;
    wallet_status_list *l = NULL;
    wallet_err e = wallet_status_list_new(JW_CTX(ctx), &l, s, (unsigned)bits, (uint64_t)size,
                                          (unsigned)flags);
    free(s);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(l);
}

NATIVE(void, statusListFree)(JNIEnv *env, jclass cls, jlong l)
{
    wallet_status_list_free(SL(l));
}

NATIVE(void, statusListSetIssuer)(JNIEnv *env, jclass cls, jlong ctx, jlong l, jbyteArray iss)
{
    char *s;
    if (jw_str(env, iss, &s))
        return;
    jw_fail(env, JW_CTX(ctx), wallet_status_list_set_issuer(JW_CTX(ctx), SL(l), s));
    free(s);
}

NATIVE(jlong, statusListAllocate)(JNIEnv *env, jclass cls, jlong ctx, jlong l)
{
    uint64_t idx = 0;
    if (jw_fail(env, JW_CTX(ctx), wallet_status_list_allocate(JW_CTX(ctx), &idx, SL(l))))
        return -1;
    return (jlong)idx;
}

NATIVE(void, statusListSet)(JNIEnv *env, jclass cls, jlong ctx, jlong l, jlong idx, jint status)
{
    if (!index_ok(env, idx))
        return;
    if (status < 0 || status > 255) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "a status is 0-255");
        return;
    }
    jw_fail(env, JW_CTX(ctx),
            wallet_status_list_set(JW_CTX(ctx), SL(l), (uint64_t)idx, (unsigned)status));
}

NATIVE(jint, statusListGet)(JNIEnv *env, jclass cls, jlong ctx, jlong l, jlong idx)
{
    unsigned st = 0;
    if (!index_ok(env, idx))
        return -1;
    if (jw_fail(env, JW_CTX(ctx), wallet_status_list_get(JW_CTX(ctx), &st, SL(l), (uint64_t)idx)))
        return -1;
    return (jint)st;
}

/* what: 0 bits, 1 size, 2 allocated, 3 version */
NATIVE(jlong, statusListInfo)(JNIEnv *env, jclass cls, jlong l, jint what)
{
    const wallet_status_list *x = SL(l);
    switch (what) {
    case 0:
        return (jlong)wallet_status_list_bits(x);
    case 1:
        return (jlong)wallet_status_list_size(x);
    case 2:
        return (jlong)wallet_status_list_allocated(x);
    default:
        return (jlong)wallet_status_list_version(x);
    }
}

/* what: 0 uri, 1 issuer */
NATIVE(jbyteArray, statusListStr)(JNIEnv *env, jclass cls, jlong l, jint what)
{
    return jw_new_str(env, what == 0 ? wallet_status_list_uri(SL(l))
                                     : wallet_status_list_issuer(SL(l)));
}

NATIVE(jbyteArray, statusListSave)(JNIEnv *env, jclass cls, jlong ctx, jlong l)
{
    uint8_t *out = NULL;
    size_t n = 0;
    if (jw_fail(env, JW_CTX(ctx), wallet_status_list_save(JW_CTX(ctx), &out, &n, SL(l))))
        return NULL;
    return jw_take_bytes(env, out, n);
}

NATIVE(jlong, statusListLoad)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray data)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, data, &p, &n))
        return 0;
    wallet_status_list *l = NULL;
    wallet_err e = wallet_status_list_load(JW_CTX(ctx), &l, p ? p : (const uint8_t *)"", n);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(l);
}

NATIVE(jbyteArray, statusListToken)(JNIEnv *env, jclass cls, jlong ctx, jlong l, jlong key,
                                    jlongArray chain, jint format, jlong lifetime, jlong ttl)
{
    const void **v;
    size_t n;
    if (jw_handles(env, chain, &v, &n))
        return NULL;
    uint8_t *out = NULL;
    size_t on = 0;
    wallet_err e = wallet_status_list_token(JW_CTX(ctx), &out, &on, SL(l),
                                            JW_PTR(const wallet_key, key),
                                            (const wallet_cert *const *)v, n,
                                            (wallet_status_format)format, (int64_t)lifetime,
                                            (int64_t)ttl);
    free(v);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_bytes(env, out, on);
}

/* ---- verified tokens ------------------------------------------------------------- */

NATIVE(jlong, statusTokenVerify)(JNIEnv *env, jclass cls, jlong ctx, jlong trust, jint algs,
                                 jbyteArray token, jbyteArray expected_uri)
{
    uint8_t *p = NULL;
    size_t n = 0;
    char *u = NULL;
    wallet_status_token *t = NULL;
    if (jw_bytes(env, token, &p, &n) || jw_str(env, expected_uri, &u))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            wallet_status_token_verify(JW_CTX(ctx), &t, JW_PTR(const wallet_trust, trust),
                                       (wallet_algset)algs, p ? p : (const uint8_t *)"", n, u));
done:
    free(p);
    free(u);
    return JW_HANDLE(t);
}

NATIVE(void, statusTokenFree)(JNIEnv *env, jclass cls, jlong t)
{
    wallet_status_token_free(JW_PTR(wallet_status_token, t));
}

NATIVE(jint, statusTokenGet)(JNIEnv *env, jclass cls, jlong ctx, jlong t, jlong idx)
{
    unsigned st = 0;
    if (!index_ok(env, idx))
        return -1;
    if (jw_fail(env, JW_CTX(ctx), wallet_status_token_get(JW_CTX(ctx), &st, ST(t), (uint64_t)idx)))
        return -1;
    return (jint)st;
}

/* what: 0 format, 1 issued_at, 2 expires_at, 3 ttl, 4 bits, 5 size */
NATIVE(jlong, statusTokenInfo)(JNIEnv *env, jclass cls, jlong t, jint what)
{
    switch (what) {
    case 0:
        return (jlong)wallet_status_token_format(ST(t));
    case 1:
        return (jlong)wallet_status_token_issued_at(ST(t));
    case 2:
        return (jlong)wallet_status_token_expires_at(ST(t));
    case 3:
        return (jlong)wallet_status_token_ttl(ST(t));
    case 4:
        return (jlong)wallet_status_token_bits(ST(t));
    default:
        return (jlong)wallet_status_token_size(ST(t));
    }
}

/* what: 0 uri (sub), 1 issuer */
NATIVE(jbyteArray, statusTokenStr)(JNIEnv *env, jclass cls, jlong t, jint what)
{
    return jw_new_str(env, what == 0 ? wallet_status_token_uri(ST(t))
                                     : wallet_status_token_issuer(ST(t)));
}

/* ---- cache ----------------------------------------------------------------------- */

NATIVE(jlong, statusCacheNew)(JNIEnv *env, jclass cls, jlong ctx, jlong max)
{
    wallet_status_cache *c = NULL;
    if (max < 0) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "max entries must be >= 0");
        return 0;
    }
    if (jw_fail(env, JW_CTX(ctx), wallet_status_cache_new(JW_CTX(ctx), &c, (size_t)max)))
        return 0;
    return JW_HANDLE(c);
}

NATIVE(void, statusCacheFree)(JNIEnv *env, jclass cls, jlong c)
{
    wallet_status_cache_free(SC(c));
}

NATIVE(void, statusCacheSetTtlBounds)(JNIEnv *env, jclass cls, jlong ctx, jlong c, jlong lo,
                                      jlong hi)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_status_cache_set_ttl_bounds(JW_CTX(ctx), SC(c), (int64_t)lo, (int64_t)hi));
}

NATIVE(jint, statusCacheCheck)(JNIEnv *env, jclass cls, jlong ctx, jlong c, jlong trust,
                               jint algs, jbyteArray uri, jlong idx)
{
    char *u;
    unsigned st = 0;
    if (!index_ok(env, idx) || jw_str(env, uri, &u))
        return -1;
    wallet_err e = wallet_status_cache_check(JW_CTX(ctx), &st, SC(c),
                                             JW_PTR(const wallet_trust, trust),
                                             (wallet_algset)algs, u, (uint64_t)idx);
    free(u);
    if (jw_fail(env, JW_CTX(ctx), e))
        return -1;
    return (jint)st;
}

/* target 0: cache c, 1: snapshot c */
NATIVE(void, statusAddToken)(JNIEnv *env, jclass cls, jlong ctx, jint target, jlong c,
                             jlong trust, jint algs, jbyteArray token)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, token, &p, &n))
        return;
    const uint8_t *in = p ? p : (const uint8_t *)"";
    wallet_err e = target == 0
                       ? wallet_status_cache_add(JW_CTX(ctx), SC(c),
                                                 JW_PTR(const wallet_trust, trust),
                                                 (wallet_algset)algs, in, n)
                       : wallet_status_snapshot_add_token(JW_CTX(ctx), SS(c),
                                                          JW_PTR(const wallet_trust, trust),
                                                          (wallet_algset)algs, in, n);
    free(p);
    jw_fail(env, JW_CTX(ctx), e);
}

NATIVE(jlong, statusCacheCount)(JNIEnv *env, jclass cls, jlong c)
{
    return (jlong)wallet_status_cache_count(SC(c));
}

/* ---- snapshot -------------------------------------------------------------------- */

NATIVE(jlong, statusSnapshotNew)(JNIEnv *env, jclass cls, jlong ctx)
{
    wallet_status_snapshot *s = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_status_snapshot_new(JW_CTX(ctx), &s)))
        return 0;
    return JW_HANDLE(s);
}

NATIVE(void, statusSnapshotFree)(JNIEnv *env, jclass cls, jlong s)
{
    wallet_status_snapshot_free(SS(s));
}

NATIVE(void, statusSnapshotAddUri)(JNIEnv *env, jclass cls, jlong ctx, jlong s, jlong cache,
                                   jlong trust, jint algs, jbyteArray uri)
{
    char *u;
    if (jw_str(env, uri, &u))
        return;
    jw_fail(env, JW_CTX(ctx),
            wallet_status_snapshot_add_uri(JW_CTX(ctx), SS(s), SC(cache),
                                           JW_PTR(const wallet_trust, trust), (wallet_algset)algs,
                                           u));
    free(u);
}

NATIVE(void, statusSnapshotAddCache)(JNIEnv *env, jclass cls, jlong ctx, jlong s, jlong cache)
{
    jw_fail(env, JW_CTX(ctx), wallet_status_snapshot_add_cache(JW_CTX(ctx), SS(s), SC(cache)));
}

NATIVE(jbyteArray, statusSnapshotSave)(JNIEnv *env, jclass cls, jlong ctx, jlong s, jlong key)
{
    uint8_t *out = NULL;
    size_t n = 0;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_status_snapshot_save(JW_CTX(ctx), &out, &n, SS(s),
                                            JW_PTR(const wallet_key, key))))
        return NULL;
    return jw_take_bytes(env, out, n);
}

NATIVE(jlong, statusSnapshotLoad)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray data, jlong key)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, data, &p, &n))
        return 0;
    wallet_status_snapshot *s = NULL;
    wallet_err e = wallet_status_snapshot_load(JW_CTX(ctx), &s, p ? p : (const uint8_t *)"", n,
                                               JW_PTR(const wallet_key, key));
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(s);
}

NATIVE(jint, statusSnapshotCheck)(JNIEnv *env, jclass cls, jlong ctx, jlong s, jbyteArray uri,
                                  jlong idx, jlong max_age)
{
    char *u;
    unsigned st = 0;
    if (!index_ok(env, idx) || jw_str(env, uri, &u))
        return -1;
    wallet_err e = wallet_status_snapshot_check(JW_CTX(ctx), &st, SS(s), u, (uint64_t)idx,
                                                (int64_t)max_age);
    free(u);
    if (jw_fail(env, JW_CTX(ctx), e))
        return -1;
    return (jint)st;
}

/* what: 0 captured_at, 1 count, 2 retrieved_at(i) */
NATIVE(jlong, statusSnapshotInfo)(JNIEnv *env, jclass cls, jlong s, jint what, jint i)
{
    switch (what) {
    case 0:
        return (jlong)wallet_status_snapshot_captured_at(SS(s));
    case 1:
        return (jlong)wallet_status_snapshot_count(SS(s));
    default:
        return i < 0 ? -1 : (jlong)wallet_status_snapshot_retrieved_at(SS(s), (size_t)i);
    }
}

NATIVE(jbyteArray, statusSnapshotUri)(JNIEnv *env, jclass cls, jlong s, jint i)
{
    return i < 0 ? NULL : jw_new_str(env, wallet_status_snapshot_uri(SS(s), (size_t)i));
}
