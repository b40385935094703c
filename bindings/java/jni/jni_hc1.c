/*
 * libwallet JNI glue — EU DCC "HC1:" health certificates (hcert.h).
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name

NATIVE(jbyteArray, hc1Issue)(JNIEnv *env, jclass cls, jlong ctx, jlong key, jlong cert,
                             jbyteArray kid, jbyteArray iss, jlong iat, jlong exp,
                             jbyteArray payload)
{
    uint8_t *k = NULL, *p = NULL;
    size_t kn = 0, pn = 0;
    char *s = NULL, *out = NULL;
    if (jw_bytes(env, kid, &k, &kn) || jw_str(env, iss, &s) || jw_bytes(env, payload, &p, &pn))
        goto done;
    jw_fail(env, JW_CTX(ctx),
            wallet_hc1_issue(JW_CTX(ctx), &out, JW_PTR(const wallet_key, key),
                             JW_PTR(const wallet_cert, cert), k, kn, s, (int64_t)iat,
                             (int64_t)exp, p ? (const char *)p : NULL, pn));
done:
    free(k);
    free(s);
    jw_wipe_free(p, pn); /* health data */
    return out ? jw_take_str(env, out) : NULL;
}

NATIVE(jbyteArray, hc1Encode)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray cose)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, cose, &p, &n))
        return NULL;
    char *out = NULL;
    wallet_err e = wallet_hc1_encode(JW_CTX(ctx), &out, p ? p : (const uint8_t *)"", n);
    jw_wipe_free(p, n);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_str(env, out);
}

NATIVE(jbyteArray, hc1Decode)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray text)
{
    uint8_t *p, *out = NULL;
    size_t n, on = 0;
    if (jw_bytes(env, text, &p, &n))
        return NULL;
    wallet_err e = wallet_hc1_decode(JW_CTX(ctx), &out, &on, p ? (const char *)p : "", n);
    jw_wipe_free(p, n);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_bytes(env, out, on);
}

NATIVE(jlong, hc1Verify)(JNIEnv *env, jclass cls, jlong ctx, jlong trust, jlong policy,
                         jbyteArray text)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, text, &p, &n))
        return 0;
    wallet_result *r = NULL;
    wallet_err e = wallet_hc1_verify(JW_CTX(ctx), &r, JW_PTR(const wallet_trust, trust),
                                     JW_PTR(const wallet_policy, policy),
                                     p ? (const char *)p : "", n);
    jw_wipe_free(p, n);
    return jw_result(env, JW_CTX(ctx), e, r);
}

NATIVE(jbyteArray, hc1Kid)(JNIEnv *env, jclass cls, jlong ctx, jlong cert)
{
    uint8_t kid[WALLET_HC1_KID_LEN];
    if (jw_fail(env, JW_CTX(ctx), wallet_hc1_kid(JW_CTX(ctx), kid, JW_PTR(const wallet_cert, cert))))
        return NULL;
    return jw_new_bytes(env, kid, sizeof kid);
}
