/*
 * libwallet JNI glue — helpers and library load (see jw.h for the rules).
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

/* Cached at load time: FindClass from a native thread would use the system
 * class loader on Android, which cannot see the app's classes. */
static jclass g_exc_class;
static jmethodID g_exc_ctor;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved);
JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK)
        return JNI_ERR;
    jclass c = (*env)->FindClass(env, "io/libwallet/WalletException");
    if (!c)
        return JNI_ERR;
    g_exc_class = (jclass)(*env)->NewGlobalRef(env, c);
    (*env)->DeleteLocalRef(env, c);
    if (!g_exc_class)
        return JNI_ERR;
    g_exc_ctor = (*env)->GetMethodID(env, g_exc_class, "<init>", "(I[B)V");
    if (!g_exc_ctor)
        return JNI_ERR;
    return JNI_VERSION_1_6;
}

void jw_throw(JNIEnv *env, wallet_err code, const char *detail)
{
    if ((*env)->ExceptionCheck(env))
        return;
    jbyteArray d = jw_new_str(env, detail ? detail : "");
    if (!d)
        return;
    jobject e = (*env)->NewObject(env, g_exc_class, g_exc_ctor, (jint)code, d);
    (*env)->DeleteLocalRef(env, d);
    if (e) {
        (*env)->Throw(env, (jthrowable)e);
        (*env)->DeleteLocalRef(env, e);
    }
}

int jw_fail(JNIEnv *env, wallet_ctx *ctx, wallet_err err)
{
    if (err == WALLET_OK)
        return 0;
    jw_throw(env, err, ctx ? wallet_ctx_errmsg(ctx) : "");
    return 1;
}

int jw_bytes(JNIEnv *env, jbyteArray a, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!a)
        return 0;
    jsize n = (*env)->GetArrayLength(env, a);
    uint8_t *p = malloc((size_t)n + 1);
    if (!p) {
        jw_throw(env, WALLET_ERR_NOMEM, "JNI: out of memory copying an argument");
        return -1;
    }
    (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)p);
    p[n] = 0;
    *out = p;
    *len = (size_t)n;
    return 0;
}

int jw_str(JNIEnv *env, jbyteArray a, char **out)
{
    uint8_t *p;
    size_t n;
    *out = NULL;
    if (jw_bytes(env, a, &p, &n))
        return -1;
    if (p && memchr(p, 0, n)) {
        jw_wipe_free(p, n);
        jw_throw(env, WALLET_ERR_INVALID_ARG, "JNI: a string argument contains a NUL character");
        return -1;
    }
    *out = (char *)p;
    return 0;
}

void jw_wipe_free(void *p, size_t len)
{
    if (!p)
        return;
    wallet_memzero(p, len);
    free(p);
}

void jw_str_free(char *s)
{
    if (s)
        jw_wipe_free(s, strlen(s));
}

int jw_strv(JNIEnv *env, jobjectArray a, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!a)
        return 0;
    jsize len = (*env)->GetArrayLength(env, a);
    char **v = calloc((size_t)len + 1, sizeof *v);
    if (!v) {
        jw_throw(env, WALLET_ERR_NOMEM, "JNI: out of memory copying an argument");
        return -1;
    }
    for (jsize i = 0; i < len; i++) {
        jbyteArray e = (jbyteArray)(*env)->GetObjectArrayElement(env, a, i);
        if (!e) {
            jw_strv_free(v, (size_t)i);
            jw_throw(env, WALLET_ERR_INVALID_ARG, "JNI: null element in a string array");
            return -1;
        }
        int rc = jw_str(env, e, &v[i]);
        (*env)->DeleteLocalRef(env, e);
        if (rc) {
            jw_strv_free(v, (size_t)i);
            return -1;
        }
    }
    *out = v;
    *n = (size_t)len;
    return 0;
}

void jw_strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        jw_str_free(v[i]);
    free(v);
}

jbyteArray jw_new_bytes(JNIEnv *env, const void *p, size_t len)
{
    if (len > 0x7fffffff) {
        jw_throw(env, WALLET_ERR_TOO_LARGE, "JNI: output larger than a Java array");
        return NULL;
    }
    jbyteArray a = (*env)->NewByteArray(env, (jsize)len);
    if (a && len)
        (*env)->SetByteArrayRegion(env, a, 0, (jsize)len, (const jbyte *)p);
    return a;
}

jbyteArray jw_new_str(JNIEnv *env, const char *s)
{
    return s ? jw_new_bytes(env, s, strlen(s)) : NULL;
}

jbyteArray jw_take_bytes(JNIEnv *env, uint8_t *p, size_t len)
{
    jbyteArray a = jw_new_bytes(env, p, len);
    if (p)
        wallet_memzero(p, len);
    wallet_free(p);
    return a;
}

jbyteArray jw_take_str(JNIEnv *env, char *s)
{
    if (!s)
        return NULL;
    return jw_take_bytes(env, (uint8_t *)s, strlen(s));
}

int jw_handles(JNIEnv *env, jlongArray a, const void ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!a)
        return 0;
    jsize len = (*env)->GetArrayLength(env, a);
    if (len == 0)
        return 0;
    jlong *h = malloc((size_t)len * sizeof *h);
    const void **v = calloc((size_t)len, sizeof *v);
    if (!h || !v) {
        free(h);
        free(v);
        jw_throw(env, WALLET_ERR_NOMEM, "JNI: out of memory copying an argument");
        return -1;
    }
    (*env)->GetLongArrayRegion(env, a, 0, len, h);
    for (jsize i = 0; i < len; i++)
        v[i] = (const void *)(intptr_t)h[i];
    free(h);
    *out = v;
    *n = (size_t)len;
    return 0;
}
