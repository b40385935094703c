/*
 * libwallet JNI glue — shared helpers.
 *
 * Rules every jni_*.c file follows:
 *   - public libwallet headers only (<wallet/wallet.h>);
 *   - handles cross JNI as jlong (the pointer); the Java side guarantees a
 *     live handle (NativeHandle.ptr() throws IllegalStateException after
 *     close), so a 0 here means "no object" (an optional argument);
 *   - strings cross as UTF-8 byte arrays (never JNI's modified UTF-8), are
 *     copied into NUL-terminated buffers, and an embedded NUL is refused
 *     (WALLET_ERR_INVALID_ARG) rather than silently truncating a nonce or a
 *     path at the C boundary;
 *   - a failing call throws io.libwallet.WalletException with the code and
 *     wallet_ctx_errmsg(); the C function then returns 0 / NULL, which the
 *     JVM ignores because an exception is pending;
 *   - everything the library allocated is released with its own free
 *     function before returning, on every path.
 */
#ifndef WALLET_JNI_JW_H
#define WALLET_JNI_JW_H

#include <jni.h>
#include <stddef.h>
#include <stdint.h>

#include <wallet/wallet.h>

#include "io_libwallet_Native.h"

#define JW_PTR(type, h) ((type *)(intptr_t)(h))
#define JW_HANDLE(p) ((jlong)(intptr_t)(p))
#define JW_CTX(h) JW_PTR(wallet_ctx, h)

/* Throw WalletException(code, detail). */
void jw_throw(JNIEnv *env, wallet_err code, const char *detail);
/* If err is not WALLET_OK: throw with the context's detail and return 1. */
int jw_fail(JNIEnv *env, wallet_ctx *ctx, wallet_err err);

/* A Java byte[] (UTF-8) as a malloc'd NUL-terminated string in *out (NULL
 * for a null array). Returns 0, or -1 with an exception pending. */
int jw_str(JNIEnv *env, jbyteArray a, char **out);
/* A Java byte[] as a malloc'd buffer (*out NULL, *len 0 for a null array;
 * a non-NULL 1-byte allocation for an empty one). Returns 0 or -1. */
int jw_bytes(JNIEnv *env, jbyteArray a, uint8_t **out, size_t *len);
/* Free a buffer from jw_str / jw_bytes after wiping it (PINs, private JWKs
 * and claims pass through these). */
void jw_wipe_free(void *p, size_t len);
void jw_str_free(char *s);

/* A byte[][] as an array of NUL-terminated strings (*out NULL for a null
 * array). Returns 0 or -1. Release with jw_strv_free. */
int jw_strv(JNIEnv *env, jobjectArray a, char ***out, size_t *n);
void jw_strv_free(char **v, size_t n);

/* New Java byte[] holding `len` bytes / the string `s` (NULL for NULL s).
 * NULL with an exception pending on allocation failure. */
jbyteArray jw_new_bytes(JNIEnv *env, const void *p, size_t len);
jbyteArray jw_new_str(JNIEnv *env, const char *s);
/* The same, then wallet_free() (and wipe) the library's buffer. */
jbyteArray jw_take_bytes(JNIEnv *env, uint8_t *p, size_t len);
jbyteArray jw_take_str(JNIEnv *env, char *s);

/* The jlong handle of a verifier's wallet_result (see verify.h: a result
 * always comes back except for INVALID_ARG / NOMEM, which are thrown). */
jlong jw_result(JNIEnv *env, wallet_ctx *ctx, wallet_err e, wallet_result *r);

/* long[] -> array of handles (casts), for certificate chains. */
int jw_handles(JNIEnv *env, jlongArray a, const void ***out, size_t *n);

#endif
