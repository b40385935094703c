/*
 * libwallet JNI glue — SD-JWT and SD-JWT VC (sdjwt.h): the issuer builder,
 * the holder's parsed SD-JWT and presentations, verification.
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name
#define B(h) JW_PTR(wallet_sdjwt_issuer, h)

NATIVE(jlong, sdIssuerNew)(JNIEnv *env, jclass cls, jlong ctx, jlong key)
{
    wallet_sdjwt_issuer *b = NULL;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_sdjwt_issuer_new(JW_CTX(ctx), &b, JW_PTR(const wallet_key, key))))
        return 0;
    return JW_HANDLE(b);
}

NATIVE(void, sdIssuerFree)(JNIEnv *env, jclass cls, jlong b)
{
    wallet_sdjwt_issuer_free(B(b));
}

/* what: 0 claims, 1 add disclosable, 2 issuer, 3 vct, 4 typ, 5 kid, 6 header json */
NATIVE(void, sdIssuerSetStr)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jint what,
                             jbyteArray v)
{
    wallet_ctx *c = JW_CTX(ctx);
    char *s;
    if (jw_str(env, v, &s))
        return;
    wallet_err e;
    switch (what) {
    case 0:
        e = s ? wallet_sdjwt_issuer_set_claims(c, B(b), s, strlen(s))
              : wallet_sdjwt_issuer_set_claims(c, B(b), NULL, 0);
        break;
    case 1:
        e = wallet_sdjwt_issuer_add_disclosable(c, B(b), s);
        break;
    case 2:
        e = wallet_sdjwt_issuer_set_issuer(c, B(b), s);
        break;
    case 3:
        e = wallet_sdjwt_issuer_set_vct(c, B(b), s);
        break;
    case 4:
        e = wallet_sdjwt_issuer_set_typ(c, B(b), s);
        break;
    case 5:
        e = wallet_sdjwt_issuer_set_kid(c, B(b), s);
        break;
    default:
        e = wallet_sdjwt_issuer_set_header_json(c, B(b), s);
        break;
    }
    jw_str_free(s); /* claims are personal data */
    jw_fail(env, c, e);
}

/* what: 0 all disclosable (a), 1 decoys (a), 2 hash (a), 3 validity (a, b, c) */
NATIVE(void, sdIssuerSetNum)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jint what, jlong x,
                             jlong y, jlong z)
{
    wallet_ctx *c = JW_CTX(ctx);
    wallet_err e;
    switch (what) {
    case 0:
        e = wallet_sdjwt_issuer_set_all_disclosable(c, B(b), x ? 1 : 0);
        break;
    case 1:
        if (x < 0 || x > 0xffff) {
            jw_throw(env, WALLET_ERR_INVALID_ARG, "decoy count out of range");
            return;
        }
        e = wallet_sdjwt_issuer_set_decoys(c, B(b), (unsigned)x);
        break;
    case 2:
        e = wallet_sdjwt_issuer_set_hash(c, B(b), (wallet_sdjwt_hash)x);
        break;
    default:
        e = wallet_sdjwt_issuer_set_validity(c, B(b), (int64_t)x, (int64_t)y, (int64_t)z);
        break;
    }
    jw_fail(env, c, e);
}

/* what: 0 holder key, 1 add signer */
NATIVE(void, sdIssuerSetKey)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jint what, jlong key)
{
    const wallet_key *k = JW_PTR(const wallet_key, key);
    jw_fail(env, JW_CTX(ctx),
            what == 0 ? wallet_sdjwt_issuer_set_holder_key(JW_CTX(ctx), B(b), k)
                      : wallet_sdjwt_issuer_add_signer(JW_CTX(ctx), B(b), k));
}

NATIVE(void, sdIssuerSetStatus)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jbyteArray uri,
                                jlong idx)
{
    char *s;
    if (jw_str(env, uri, &s))
        return;
    jw_fail(env, JW_CTX(ctx), wallet_sdjwt_issuer_set_status(JW_CTX(ctx), B(b), s, (int64_t)idx));
    free(s);
}

NATIVE(void, sdIssuerSetX5c)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jlongArray chain)
{
    const void **v;
    size_t n;
    if (jw_handles(env, chain, &v, &n))
        return;
    jw_fail(env, JW_CTX(ctx),
            wallet_sdjwt_issuer_set_x5c(JW_CTX(ctx), B(b), (const wallet_cert *const *)v, n));
    free(v);
}

NATIVE(jbyteArray, sdIssuerIssue)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jint flags)
{
    char *out = NULL;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_sdjwt_issuer_issue(JW_CTX(ctx), &out, B(b), (unsigned)flags)))
        return NULL;
    return jw_take_str(env, out);
}

/* ---- holder ---------------------------------------------------------------------- */

NATIVE(jlong, sdParse)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray text)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, text, &p, &n))
        return 0;
    wallet_sdjwt *sd = NULL;
    wallet_err e = wallet_sdjwt_parse(JW_CTX(ctx), &sd, p ? (const char *)p : "", n);
    jw_wipe_free(p, n);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(sd);
}

NATIVE(void, sdFree)(JNIEnv *env, jclass cls, jlong sd)
{
    wallet_sdjwt_free(JW_PTR(wallet_sdjwt, sd));
}

NATIVE(jbyteArray, sdClaims)(JNIEnv *env, jclass cls, jlong sd)
{
    return jw_new_str(env, wallet_sdjwt_claims_json(JW_PTR(const wallet_sdjwt, sd)));
}

NATIVE(jint, sdDisclosureCount)(JNIEnv *env, jclass cls, jlong sd)
{
    return (jint)wallet_sdjwt_disclosure_count(JW_PTR(const wallet_sdjwt, sd));
}

/* what: 0 path, 1 value JSON */
NATIVE(jbyteArray, sdDisclosure)(JNIEnv *env, jclass cls, jlong sd, jint i, jint what)
{
    const wallet_sdjwt *s = JW_PTR(const wallet_sdjwt, sd);
    if (i < 0)
        return NULL;
    return jw_new_str(env, what == 0 ? wallet_sdjwt_disclosure_path(s, (size_t)i)
                                     : wallet_sdjwt_disclosure_value_json(s, (size_t)i));
}

NATIVE(jbyteArray, sdPresent)(JNIEnv *env, jclass cls, jlong ctx, jlong sd, jobjectArray paths,
                              jlong holder, jbyteArray aud, jbyteArray nonce, jobjectArray tx,
                              jbyteArray hash_alg, jint flags)
{
    wallet_ctx *c = JW_CTX(ctx);
    char **pv = NULL, **tv = NULL, *a = NULL, *no = NULL, *ha = NULL, *out = NULL;
    size_t np = 0, nt = 0;
    wallet_err e;
    if (jw_strv(env, paths, &pv, &np) || jw_strv(env, tx, &tv, &nt) || jw_str(env, aud, &a) ||
        jw_str(env, nonce, &no) || jw_str(env, hash_alg, &ha))
        goto done;
    if (tv)
        e = wallet_sdjwt_present_with_transaction_data(
            c, &out, JW_PTR(const wallet_sdjwt, sd), (const char *const *)pv, np,
            JW_PTR(const wallet_key, holder), a, no, (const char *const *)tv, nt, ha,
            (unsigned)flags);
    else
        e = wallet_sdjwt_present(c, &out, JW_PTR(const wallet_sdjwt, sd), (const char *const *)pv,
                                 np, JW_PTR(const wallet_key, holder), a, no, (unsigned)flags);
    jw_fail(env, c, e);
done:
    jw_strv_free(pv, np);
    jw_strv_free(tv, nt);
    free(a);
    free(no);
    free(ha);
    return out ? jw_take_str(env, out) : NULL;
}

NATIVE(jlong, sdVerify)(JNIEnv *env, jclass cls, jlong ctx, jlong trust, jlong policy,
                        jbyteArray input)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, input, &p, &n))
        return 0;
    wallet_result *r = NULL;
    wallet_err e = wallet_sdjwt_verify(JW_CTX(ctx), &r, JW_PTR(const wallet_trust, trust),
                                       JW_PTR(const wallet_policy, policy),
                                       p ? (const char *)p : "", n);
    free(p);
    return jw_result(env, JW_CTX(ctx), e, r);
}
