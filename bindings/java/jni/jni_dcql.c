/*
 * libwallet JNI glue — DCQL queries, candidates and matching (dcql.h).
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name
#define Q(h) JW_PTR(const wallet_dcql, h)
#define R(h) JW_PTR(const wallet_dcql_result, h)

NATIVE(jlong, dcqlParse)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray json)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, json, &p, &n))
        return 0;
    wallet_dcql *q = NULL;
    wallet_err e = wallet_dcql_parse(JW_CTX(ctx), &q, p ? (const char *)p : "", n);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(q);
}

NATIVE(void, dcqlFree)(JNIEnv *env, jclass cls, jlong q)
{
    wallet_dcql_free(JW_PTR(wallet_dcql, q));
}

NATIVE(jbyteArray, dcqlToJson)(JNIEnv *env, jclass cls, jlong ctx, jlong q)
{
    char *s = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_dcql_to_json(JW_CTX(ctx), &s, Q(q))))
        return NULL;
    return jw_take_str(env, s);
}

NATIVE(jint, dcqlCredentialCount)(JNIEnv *env, jclass cls, jlong q)
{
    return (jint)wallet_dcql_credential_count(Q(q));
}

/* what: 0 id, 1 format name */
NATIVE(jbyteArray, dcqlCredentialStr)(JNIEnv *env, jclass cls, jlong q, jint i, jint what)
{
    if (i < 0)
        return NULL;
    return jw_new_str(env, what == 0 ? wallet_dcql_credential_id(Q(q), (size_t)i)
                                     : wallet_dcql_credential_format_name(Q(q), (size_t)i));
}

NATIVE(jlong, dcqlCandidatesNew)(JNIEnv *env, jclass cls, jlong ctx)
{
    wallet_dcql_candidates *c = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_dcql_candidates_new(JW_CTX(ctx), &c)))
        return 0;
    return JW_HANDLE(c);
}

NATIVE(void, dcqlCandidatesFree)(JNIEnv *env, jclass cls, jlong c)
{
    wallet_dcql_candidates_free(JW_PTR(wallet_dcql_candidates, c));
}

NATIVE(void, dcqlCandidatesAdd)(JNIEnv *env, jclass cls, jlong ctx, jlong c, jbyteArray id,
                                jint format, jbyteArray type, jbyteArray claims, jint flags)
{
    char *i = NULL, *t = NULL, *cl = NULL;
    if (jw_str(env, id, &i) || jw_str(env, type, &t) || jw_str(env, claims, &cl))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            wallet_dcql_candidates_add(JW_CTX(ctx), JW_PTR(wallet_dcql_candidates, c), i,
                                       (wallet_dcql_format)format, t, cl, cl ? strlen(cl) : 0,
                                       (unsigned)flags));
done:
    free(i);
    free(t);
    jw_str_free(cl);
}

NATIVE(void, dcqlCandidatesAddAuthority)(JNIEnv *env, jclass cls, jlong ctx, jlong c,
                                         jbyteArray id, jbyteArray type, jbyteArray value)
{
    char *i = NULL, *t = NULL, *v = NULL;
    if (jw_str(env, id, &i) || jw_str(env, type, &t) || jw_str(env, value, &v))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            wallet_dcql_candidates_add_authority(JW_CTX(ctx), JW_PTR(wallet_dcql_candidates, c),
                                                 i, t, v));
done:
    free(i);
    free(t);
    free(v);
}

NATIVE(jlong, dcqlCandidatesCount)(JNIEnv *env, jclass cls, jlong c)
{
    return (jlong)wallet_dcql_candidates_count(JW_PTR(const wallet_dcql_candidates, c));
}

NATIVE(jlong, dcqlMatch)(JNIEnv *env, jclass cls, jlong ctx, jlong q, jlong c)
{
    wallet_dcql_result *r = NULL;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_dcql_match(JW_CTX(ctx), &r, Q(q), JW_PTR(const wallet_dcql_candidates, c))))
        return 0;
    return JW_HANDLE(r);
}

NATIVE(void, dcqlResultFree)(JNIEnv *env, jclass cls, jlong r)
{
    wallet_dcql_result_free(JW_PTR(wallet_dcql_result, r));
}

/* The unsatisfied detail (WALLET_ERR_DCQL_UNSATISFIED) or null when satisfied. */
NATIVE(jbyteArray, dcqlResultCheck)(JNIEnv *env, jclass cls, jlong ctx, jlong r)
{
    wallet_err e = wallet_dcql_result_check(JW_CTX(ctx), R(r));
    return e == WALLET_OK ? NULL : jw_new_str(env, wallet_ctx_errmsg(JW_CTX(ctx)));
}

NATIVE(jbyteArray, dcqlResultToJson)(JNIEnv *env, jclass cls, jlong ctx, jlong r)
{
    char *s = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_dcql_result_to_json(JW_CTX(ctx), &s, R(r))))
        return NULL;
    return jw_take_str(env, s);
}

/* Numbers: what 0 satisfied, 1 query count, 2 match count(i), 3 selected count(i),
 * 4 claim set(i, j), 5 claim count(i, j), 6 set option(i) */
NATIVE(jlong, dcqlResultNum)(JNIEnv *env, jclass cls, jlong r, jint what, jint i, jint j)
{
    if (i < 0 || j < 0)
        return -1;
    size_t a = (size_t)i, b = (size_t)j;
    switch (what) {
    case 0:
        return wallet_dcql_result_satisfied(R(r));
    case 1:
        return (jlong)wallet_dcql_result_query_count(R(r));
    case 2:
        return (jlong)wallet_dcql_result_match_count(R(r), a);
    case 3:
        return (jlong)wallet_dcql_result_selected_count(R(r), a);
    case 4:
        return wallet_dcql_result_match_claim_set(R(r), a, b);
    case 5:
        return (jlong)wallet_dcql_result_claim_count(R(r), a, b);
    default:
        return wallet_dcql_result_set_option(R(r), a);
    }
}

/* Strings: what 0 query id(i), 1 match candidate(i, j), 2 disclose(i, j),
 * 3 claim path(i, j, k), 4 claim path json(i, j, k) */
NATIVE(jbyteArray, dcqlResultStr)(JNIEnv *env, jclass cls, jlong r, jint what, jint i, jint j,
                                  jint k)
{
    if (i < 0 || j < 0 || k < 0)
        return NULL;
    size_t a = (size_t)i, b = (size_t)j, c = (size_t)k;
    switch (what) {
    case 0:
        return jw_new_str(env, wallet_dcql_result_query_id(R(r), a));
    case 1:
        return jw_new_str(env, wallet_dcql_result_match_candidate(R(r), a, b));
    case 2:
        return jw_new_str(env, wallet_dcql_result_disclose(R(r), a, b));
    case 3:
        return jw_new_str(env, wallet_dcql_result_claim_path(R(r), a, b, c));
    default:
        return jw_new_str(env, wallet_dcql_result_claim_path_json(R(r), a, b, c));
    }
}
