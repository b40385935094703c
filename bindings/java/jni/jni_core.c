/*
 * libwallet JNI glue — errors, context, keys, certificates, trust sets,
 * policies, results and wallet_verify() (ctx.h, key.h, x509.h, trust.h,
 * verify.h, result.h).
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name

/* ---- library, errors ---------------------------------------------------- */

NATIVE(jbyteArray, version)(JNIEnv *env, jclass cls)
{
    return jw_new_str(env, wallet_version());
}

NATIVE(jbyteArray, errName)(JNIEnv *env, jclass cls, jint code)
{
    return jw_new_str(env, wallet_err_name((wallet_err)code));
}

NATIVE(jbyteArray, errStr)(JNIEnv *env, jclass cls, jint code)
{
    return jw_new_str(env, wallet_err_str((wallet_err)code));
}

NATIVE(jint, errKind)(JNIEnv *env, jclass cls, jint code)
{
    return (jint)wallet_err_kind_of((wallet_err)code);
}

/* ---- context -------------------------------------------------------------- */

NATIVE(jlong, ctxNew)(JNIEnv *env, jclass cls)
{
    wallet_ctx *ctx = NULL;
    wallet_err e = wallet_ctx_new(&ctx);
    if (e != WALLET_OK) {
        jw_throw(env, e, "cannot create a context");
        return 0;
    }
    return JW_HANDLE(ctx);
}

NATIVE(void, ctxFree)(JNIEnv *env, jclass cls, jlong ctx)
{
    wallet_ctx_free(JW_CTX(ctx));
}

NATIVE(void, ctxSetTime)(JNIEnv *env, jclass cls, jlong ctx, jlong t)
{
    wallet_ctx_set_time(JW_CTX(ctx), (int64_t)t);
}

NATIVE(void, ctxSystemClock)(JNIEnv *env, jclass cls, jlong ctx)
{
    wallet_ctx_set_clock(JW_CTX(ctx), NULL, NULL);
}

NATIVE(jlong, ctxNow)(JNIEnv *env, jclass cls, jlong ctx)
{
    return (jlong)wallet_ctx_now(JW_CTX(ctx));
}

NATIVE(jlong, ctxLimit)(JNIEnv *env, jclass cls, jlong ctx, jint id, jlong value)
{
    return (jlong)wallet_ctx_limit(JW_CTX(ctx), (wallet_limit)id, (int64_t)value);
}

NATIVE(void, ctxSetOffline)(JNIEnv *env, jclass cls, jlong ctx, jboolean off)
{
    wallet_ctx_set_offline(JW_CTX(ctx), off ? 1 : 0);
}

NATIVE(jboolean, ctxOffline)(JNIEnv *env, jclass cls, jlong ctx)
{
    return wallet_ctx_offline(JW_CTX(ctx)) ? JNI_TRUE : JNI_FALSE;
}

/* ---- keys ------------------------------------------------------------------- */

NATIVE(jlong, keyGenerate)(JNIEnv *env, jclass cls, jlong ctx, jint alg)
{
    wallet_key *k = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_key_generate(JW_CTX(ctx), &k, (wallet_alg)alg)))
        return 0;
    return JW_HANDLE(k);
}

/* kind: 0 JWK, 1 PEM, 2 DER, 3 COSE_Key */
NATIVE(jlong, keyImport)(JNIEnv *env, jclass cls, jlong ctx, jint kind, jbyteArray data)
{
    wallet_ctx *c = JW_CTX(ctx);
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, data, &p, &n))
        return 0;
    if (!p) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "null key data");
        return 0;
    }
    wallet_key *k = NULL;
    wallet_err e;
    switch (kind) {
    case 0:
        e = wallet_key_from_jwk(c, &k, (const char *)p, n);
        break;
    case 1:
        e = wallet_key_from_pem(c, &k, (const char *)p, n);
        break;
    case 2:
        e = wallet_key_from_der(c, &k, p, n);
        break;
    case 3:
        e = wallet_key_from_cose_key(c, &k, p, n);
        break;
    default:
        e = WALLET_ERR_INVALID_ARG;
        break;
    }
    jw_wipe_free(p, n); /* may hold a private key */
    if (e == WALLET_ERR_INVALID_ARG && kind > 3) {
        jw_throw(env, e, "unknown key encoding");
        return 0;
    }
    if (jw_fail(env, c, e))
        return 0;
    return JW_HANDLE(k);
}

/* kind: 0 JWK, 1 PEM, 2 DER, 3 COSE_Key */
NATIVE(jbyteArray, keyExport)(JNIEnv *env, jclass cls, jlong ctx, jlong key, jint kind,
                              jboolean priv)
{
    wallet_ctx *c = JW_CTX(ctx);
    const wallet_key *k = JW_PTR(const wallet_key, key);
    unsigned fl = priv ? WALLET_EXPORT_PRIVATE : WALLET_EXPORT_PUBLIC;
    char *s = NULL;
    uint8_t *b = NULL;
    size_t n = 0;
    wallet_err e;
    switch (kind) {
    case 0:
        e = wallet_key_to_jwk(c, &s, k, fl);
        break;
    case 1:
        e = wallet_key_to_pem(c, &s, k, fl);
        break;
    case 2:
        e = wallet_key_to_der(c, &b, &n, k, fl);
        break;
    case 3:
        e = wallet_key_to_cose_key(c, &b, &n, k, fl);
        break;
    default:
        jw_throw(env, WALLET_ERR_INVALID_ARG, "unknown key encoding");
        return NULL;
    }
    if (jw_fail(env, c, e))
        return NULL;
    return s ? jw_take_str(env, s) : jw_take_bytes(env, b, n);
}

NATIVE(jbyteArray, keyThumbprint)(JNIEnv *env, jclass cls, jlong ctx, jlong key)
{
    uint8_t t[32];
    if (jw_fail(env, JW_CTX(ctx),
                wallet_key_thumbprint(JW_CTX(ctx), t, JW_PTR(const wallet_key, key))))
        return NULL;
    return jw_new_bytes(env, t, sizeof t);
}

NATIVE(jlong, keyPublic)(JNIEnv *env, jclass cls, jlong ctx, jlong key)
{
    wallet_key *k = NULL;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_key_public(JW_CTX(ctx), &k, JW_PTR(const wallet_key, key))))
        return 0;
    return JW_HANDLE(k);
}

NATIVE(jboolean, keyEqualPublic)(JNIEnv *env, jclass cls, jlong a, jlong b)
{
    return wallet_key_equal_public(JW_PTR(const wallet_key, a), JW_PTR(const wallet_key, b))
               ? JNI_TRUE
               : JNI_FALSE;
}

/* what: 0 alg, 1 kty, 2 curve, 3 can_sign */
NATIVE(jint, keyInfo)(JNIEnv *env, jclass cls, jlong key, jint what)
{
    const wallet_key *k = JW_PTR(const wallet_key, key);
    switch (what) {
    case 0:
        return (jint)wallet_key_alg(k);
    case 1:
        return (jint)wallet_key_kty(k);
    case 2:
        return (jint)wallet_key_curve(k);
    default:
        return (jint)wallet_key_can_sign(k);
    }
}

NATIVE(jbyteArray, keyKid)(JNIEnv *env, jclass cls, jlong key)
{
    return jw_new_str(env, wallet_key_kid(JW_PTR(const wallet_key, key)));
}

NATIVE(void, keySetKid)(JNIEnv *env, jclass cls, jlong ctx, jlong key, jbyteArray kid)
{
    char *s;
    if (jw_str(env, kid, &s))
        return;
    jw_fail(env, JW_CTX(ctx), wallet_key_set_kid(JW_CTX(ctx), JW_PTR(wallet_key, key), s));
    jw_str_free(s);
}

NATIVE(jbyteArray, keySign)(JNIEnv *env, jclass cls, jlong ctx, jlong key, jint alg,
                            jbyteArray msg)
{
    uint8_t *m, *sig = NULL;
    size_t n, sig_len = 0;
    if (jw_bytes(env, msg, &m, &n))
        return NULL;
    wallet_err e = wallet_sign(JW_CTX(ctx), &sig, &sig_len, JW_PTR(const wallet_key, key),
                               (wallet_alg)alg, m ? m : (const uint8_t *)"", n);
    jw_wipe_free(m, n);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_bytes(env, sig, sig_len);
}

NATIVE(void, keyVerify)(JNIEnv *env, jclass cls, jlong ctx, jlong key, jint alg, jint algs,
                        jbyteArray msg, jbyteArray sig)
{
    uint8_t *m, *s;
    size_t mn, sn;
    if (jw_bytes(env, msg, &m, &mn))
        return;
    if (jw_bytes(env, sig, &s, &sn)) {
        free(m);
        return;
    }
    wallet_err e = wallet_verify_signature(JW_CTX(ctx), JW_PTR(const wallet_key, key),
                                           (wallet_alg)alg, (wallet_algset)algs,
                                           m ? m : (const uint8_t *)"", mn,
                                           s ? s : (const uint8_t *)"", sn);
    free(m);
    free(s);
    jw_fail(env, JW_CTX(ctx), e);
}

NATIVE(void, keyFree)(JNIEnv *env, jclass cls, jlong key)
{
    wallet_key_free(JW_PTR(wallet_key, key));
}

/* ---- certificates -------------------------------------------------------------- */

NATIVE(jlongArray, certFromPem)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray pem)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, pem, &p, &n))
        return NULL;
    wallet_cert **certs = NULL;
    size_t count = 0;
    wallet_err e = wallet_cert_from_pem(JW_CTX(ctx), &certs, &count, (const char *)p, n);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    jlongArray a = (*env)->NewLongArray(env, (jsize)count);
    if (!a) {
        wallet_cert_array_free(certs, count);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        jlong h = JW_HANDLE(certs[i]);
        (*env)->SetLongArrayRegion(env, a, (jsize)i, 1, &h);
    }
    wallet_free(certs); /* the certificates now belong to the Java handles */
    return a;
}

NATIVE(jlong, certFromDer)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray der)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, der, &p, &n))
        return 0;
    wallet_cert *c = NULL;
    wallet_err e = wallet_cert_from_der(JW_CTX(ctx), &c, p ? p : (const uint8_t *)"", n);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(c);
}

NATIVE(jbyteArray, certDer)(JNIEnv *env, jclass cls, jlong cert)
{
    size_t n = 0;
    const uint8_t *d = wallet_cert_der(JW_PTR(const wallet_cert, cert), &n);
    return jw_new_bytes(env, d, n);
}

/* what: 0 PEM, 1 subject, 2 issuer */
NATIVE(jbyteArray, certText)(JNIEnv *env, jclass cls, jlong ctx, jlong cert, jint what)
{
    char *s = NULL;
    const wallet_cert *c = JW_PTR(const wallet_cert, cert);
    wallet_err e = what == 0   ? wallet_cert_to_pem(JW_CTX(ctx), &s, c)
                   : what == 1 ? wallet_cert_subject(JW_CTX(ctx), &s, c)
                               : wallet_cert_issuer(JW_CTX(ctx), &s, c);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_str(env, s);
}

NATIVE(jlongArray, certValidity)(JNIEnv *env, jclass cls, jlong ctx, jlong cert)
{
    int64_t nb = 0, na = 0;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_cert_validity(JW_CTX(ctx), &nb, &na, JW_PTR(const wallet_cert, cert))))
        return NULL;
    jlongArray a = (*env)->NewLongArray(env, 2);
    if (a) {
        jlong v[2] = {(jlong)nb, (jlong)na};
        (*env)->SetLongArrayRegion(env, a, 0, 2, v);
    }
    return a;
}

NATIVE(jlong, certPublicKey)(JNIEnv *env, jclass cls, jlong ctx, jlong cert)
{
    wallet_key *k = NULL;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_cert_public_key(JW_CTX(ctx), &k, JW_PTR(const wallet_cert, cert))))
        return 0;
    return JW_HANDLE(k);
}

NATIVE(void, certFree)(JNIEnv *env, jclass cls, jlong cert)
{
    wallet_cert_free(JW_PTR(wallet_cert, cert));
}

/* The whole wallet_cert_builder in one call (the builder never outlives it). */
NATIVE(jlong, certBuild)(JNIEnv *env, jclass cls, jlong ctx, jint profile, jbyteArray subject,
                         jlong not_before, jlong not_after, jobjectArray san_dns,
                         jobjectArray san_uri, jbyteArray issuer_alt_uri, jobjectArray ekus,
                         jlong subject_key, jlong issuer_key, jlong issuer_cert)
{
    wallet_ctx *c = JW_CTX(ctx);
    char *subj = NULL, *ian = NULL, **dns = NULL, **uri = NULL, **eku = NULL;
    size_t ndns = 0, nuri = 0, neku = 0;
    wallet_cert_builder *b = NULL;
    wallet_cert *out = NULL;
    wallet_err e = WALLET_OK;
    if (jw_str(env, subject, &subj) || jw_str(env, issuer_alt_uri, &ian) ||
        jw_strv(env, san_dns, &dns, &ndns) || jw_strv(env, san_uri, &uri, &nuri) ||
        jw_strv(env, ekus, &eku, &neku))
        goto done;
    e = wallet_cert_builder_new(c, &b, (wallet_cert_profile)profile);
    if (e == WALLET_OK && subj)
        e = wallet_cert_builder_set_subject(c, b, subj);
    if (e == WALLET_OK && (not_before || not_after))
        e = wallet_cert_builder_set_validity(c, b, (int64_t)not_before, (int64_t)not_after);
    for (size_t i = 0; e == WALLET_OK && i < ndns; i++)
        e = wallet_cert_builder_add_san_dns(c, b, dns[i]);
    for (size_t i = 0; e == WALLET_OK && i < nuri; i++)
        e = wallet_cert_builder_add_san_uri(c, b, uri[i]);
    if (e == WALLET_OK && ian)
        e = wallet_cert_builder_set_issuer_alt_uri(c, b, ian);
    for (size_t i = 0; e == WALLET_OK && i < neku; i++)
        e = wallet_cert_builder_add_eku(c, b, eku[i]);
    if (e == WALLET_OK)
        e = wallet_cert_builder_sign(c, &out, b, JW_PTR(const wallet_key, subject_key),
                                     JW_PTR(const wallet_key, issuer_key),
                                     JW_PTR(const wallet_cert, issuer_cert));
    jw_fail(env, c, e);
done:
    wallet_cert_builder_free(b);
    jw_str_free(subj);
    jw_str_free(ian);
    jw_strv_free(dns, ndns);
    jw_strv_free(uri, nuri);
    jw_strv_free(eku, neku);
    return JW_HANDLE(out);
}

/* ---- trust sets ------------------------------------------------------------------ */

NATIVE(jlong, trustNew)(JNIEnv *env, jclass cls, jlong ctx)
{
    wallet_trust *t = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_trust_new(JW_CTX(ctx), &t)))
        return 0;
    return JW_HANDLE(t);
}

NATIVE(void, trustFree)(JNIEnv *env, jclass cls, jlong t)
{
    wallet_trust_free(JW_PTR(wallet_trust, t));
}

NATIVE(void, trustAddKey)(JNIEnv *env, jclass cls, jlong ctx, jlong t, jlong key)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_trust_add_key(JW_CTX(ctx), JW_PTR(wallet_trust, t),
                                 JW_PTR(const wallet_key, key)));
}

NATIVE(void, trustAddCert)(JNIEnv *env, jclass cls, jlong ctx, jlong t, jlong cert, jint role)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_trust_add_cert(JW_CTX(ctx), JW_PTR(wallet_trust, t),
                                  JW_PTR(const wallet_cert, cert), (wallet_trust_role)role));
}

/* what: 0 JWK / JWK Set, 1 PEM (role), 2 directory, 3 issuer id, 4 issuer metadata */
NATIVE(void, trustAdd)(JNIEnv *env, jclass cls, jlong ctx, jlong t, jint what, jbyteArray data,
                       jint role)
{
    wallet_ctx *c = JW_CTX(ctx);
    wallet_trust *tr = JW_PTR(wallet_trust, t);
    char *s;
    if (jw_str(env, data, &s))
        return;
    if (!s) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "null trust input");
        return;
    }
    size_t n = strlen(s);
    wallet_err e;
    switch (what) {
    case 0:
        e = wallet_trust_add_jwks(c, tr, s, n);
        break;
    case 1:
        e = wallet_trust_add_pem(c, tr, s, n, (wallet_trust_role)role);
        break;
    case 2:
        e = wallet_trust_load_dir(c, tr, s);
        break;
    case 3:
        e = wallet_trust_add_issuer(c, tr, s);
        break;
    default:
        e = wallet_trust_add_issuer_metadata(c, tr, s, n);
        break;
    }
    free(s);
    jw_fail(env, c, e);
}

NATIVE(jbyteArray, trustIssuerMetadata)(JNIEnv *env, jclass cls, jlong ctx, jlong t,
                                        jbyteArray iss)
{
    char *s, *out = NULL;
    if (jw_str(env, iss, &s))
        return NULL;
    wallet_err e =
        wallet_trust_issuer_metadata_json(JW_CTX(ctx), &out, JW_PTR(const wallet_trust, t), s);
    free(s);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_str(env, out);
}

/* what: 0 issuers, 1 keys, 2 root certs, 3 signer certs */
NATIVE(jlong, trustCount)(JNIEnv *env, jclass cls, jlong t, jint what)
{
    const wallet_trust *tr = JW_PTR(const wallet_trust, t);
    switch (what) {
    case 0:
        return (jlong)wallet_trust_issuer_count(tr);
    case 1:
        return (jlong)wallet_trust_key_count(tr);
    case 2:
        return (jlong)wallet_trust_cert_count(tr, WALLET_TRUST_ROOT);
    default:
        return (jlong)wallet_trust_cert_count(tr, WALLET_TRUST_SIGNER);
    }
}

/* ---- policies -------------------------------------------------------------------- */

NATIVE(jlong, policyNew)(JNIEnv *env, jclass cls, jlong ctx)
{
    wallet_policy *p = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_policy_new(JW_CTX(ctx), &p)))
        return 0;
    return JW_HANDLE(p);
}

NATIVE(void, policyFree)(JNIEnv *env, jclass cls, jlong p)
{
    wallet_policy_free(JW_PTR(wallet_policy, p));
}

/* what: 0 algs, 1 holder binding, 2 kb max age, 3 require status */
NATIVE(void, policySetNumber)(JNIEnv *env, jclass cls, jlong ctx, jlong p, jint what, jlong v)
{
    wallet_ctx *c = JW_CTX(ctx);
    wallet_policy *pol = JW_PTR(wallet_policy, p);
    wallet_err e;
    switch (what) {
    case 0:
        e = wallet_policy_set_algs(c, pol, (wallet_algset)v);
        break;
    case 1:
        e = wallet_policy_require_holder_binding(c, pol, v ? 1 : 0);
        break;
    case 2:
        e = wallet_policy_set_kb_max_age(c, pol, (int64_t)v);
        break;
    default:
        e = wallet_policy_require_status(c, pol, v ? 1 : 0);
        break;
    }
    jw_fail(env, c, e);
}

/* what: 0 audience, 1 nonce, 2 doctype, 3 session transcript (bytes) */
NATIVE(void, policySetBytes)(JNIEnv *env, jclass cls, jlong ctx, jlong p, jint what,
                             jbyteArray v)
{
    wallet_ctx *c = JW_CTX(ctx);
    wallet_policy *pol = JW_PTR(wallet_policy, p);
    wallet_err e;
    if (what == 3) {
        uint8_t *b;
        size_t n;
        if (jw_bytes(env, v, &b, &n))
            return;
        e = wallet_policy_set_session_transcript(c, pol, b, n);
        free(b);
    } else {
        char *s;
        if (jw_str(env, v, &s))
            return;
        e = what == 0   ? wallet_policy_set_audience(c, pol, s)
            : what == 1 ? wallet_policy_set_nonce(c, pol, s)
                        : wallet_policy_set_doctype(c, pol, s);
        free(s);
    }
    jw_fail(env, c, e);
}

NATIVE(void, policySetSdjwtTypes)(JNIEnv *env, jclass cls, jlong ctx, jlong p,
                                  jobjectArray types)
{
    char **v;
    size_t n;
    if (jw_strv(env, types, &v, &n))
        return;
    jw_fail(env, JW_CTX(ctx),
            wallet_policy_set_sdjwt_types(JW_CTX(ctx), JW_PTR(wallet_policy, p),
                                          (const char *const *)v, n));
    jw_strv_free(v, n);
}

NATIVE(void, policySetTransactionData)(JNIEnv *env, jclass cls, jlong ctx, jlong p,
                                       jobjectArray data, jobjectArray algs)
{
    char **d = NULL, **a = NULL;
    size_t nd = 0, na = 0;
    if (jw_strv(env, data, &d, &nd))
        return;
    if (jw_strv(env, algs, &a, &na)) {
        jw_strv_free(d, nd);
        return;
    }
    jw_fail(env, JW_CTX(ctx),
            wallet_policy_set_transaction_data(JW_CTX(ctx), JW_PTR(wallet_policy, p),
                                               (const char *const *)d, nd,
                                               (const char *const *)a, na));
    jw_strv_free(d, nd);
    jw_strv_free(a, na);
}

NATIVE(void, policySetReaderKey)(JNIEnv *env, jclass cls, jlong ctx, jlong p, jlong key)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_policy_set_reader_key(JW_CTX(ctx), JW_PTR(wallet_policy, p),
                                         JW_PTR(const wallet_key, key)));
}

NATIVE(void, policySetStatusCache)(JNIEnv *env, jclass cls, jlong ctx, jlong p, jlong cache)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_policy_set_status_cache(JW_CTX(ctx), JW_PTR(wallet_policy, p),
                                           JW_PTR(wallet_status_cache, cache)));
}

NATIVE(void, policySetStatusSnapshot)(JNIEnv *env, jclass cls, jlong ctx, jlong p, jlong snap,
                                      jlong max_age)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_policy_set_status_snapshot(JW_CTX(ctx), JW_PTR(wallet_policy, p),
                                              JW_PTR(const wallet_status_snapshot, snap),
                                              (int64_t)max_age));
}

/* ---- verification and results ------------------------------------------------------ */

/* Shared by every verifier that yields a wallet_result: *out always receives
 * a result except for INVALID_ARG / NOMEM, which are thrown. */
jlong jw_result(JNIEnv *env, wallet_ctx *ctx, wallet_err e, wallet_result *r)
{
    if (!r) {
        jw_fail(env, ctx, e == WALLET_OK ? WALLET_ERR_INTERNAL : e);
        return 0;
    }
    return JW_HANDLE(r);
}

NATIVE(jlong, verify)(JNIEnv *env, jclass cls, jlong ctx, jlong trust, jlong policy,
                      jbyteArray input)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, input, &p, &n))
        return 0;
    wallet_result *r = NULL;
    wallet_err e = wallet_verify(JW_CTX(ctx), &r, JW_PTR(const wallet_trust, trust),
                                 JW_PTR(const wallet_policy, policy),
                                 p ? p : (const uint8_t *)"", n);
    free(p);
    return jw_result(env, JW_CTX(ctx), e, r);
}

/* what: 0 valid, 1 error, 2 status */
NATIVE(jint, resultInt)(JNIEnv *env, jclass cls, jlong r, jint what)
{
    const wallet_result *res = JW_PTR(const wallet_result, r);
    switch (what) {
    case 0:
        return wallet_result_valid(res);
    case 1:
        return (jint)wallet_result_error(res);
    default:
        return wallet_result_status(res);
    }
}

/* what: 0 valid_from, 1 valid_until, 2 issued_at, 3 status index */
NATIVE(jlong, resultLong)(JNIEnv *env, jclass cls, jlong r, jint what)
{
    const wallet_result *res = JW_PTR(const wallet_result, r);
    switch (what) {
    case 0:
        return (jlong)wallet_result_valid_from(res);
    case 1:
        return (jlong)wallet_result_valid_until(res);
    case 2:
        return (jlong)wallet_result_issued_at(res);
    default:
        return (jlong)wallet_result_status_index(res);
    }
}

/* what: 0 detail, 1 format, 2 issuer, 3 type, 4 claims, 5 status uri, 6 holder auth */
NATIVE(jbyteArray, resultStr)(JNIEnv *env, jclass cls, jlong r, jint what)
{
    const wallet_result *res = JW_PTR(const wallet_result, r);
    switch (what) {
    case 0:
        return jw_new_str(env, wallet_result_detail(res));
    case 1:
        return jw_new_str(env, wallet_result_format(res));
    case 2:
        return jw_new_str(env, wallet_result_issuer(res));
    case 3:
        return jw_new_str(env, wallet_result_type(res));
    case 4:
        return jw_new_str(env, wallet_result_claims_json(res));
    case 5:
        return jw_new_str(env, wallet_result_status_uri(res));
    default:
        return jw_new_str(env, wallet_result_holder_auth(res));
    }
}

NATIVE(jbyteArray, resultHolderJwk)(JNIEnv *env, jclass cls, jlong ctx, jlong r)
{
    const wallet_key *k = wallet_result_holder_key(JW_PTR(const wallet_result, r));
    if (!k)
        return NULL;
    char *s = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_key_to_jwk(JW_CTX(ctx), &s, k, WALLET_EXPORT_PUBLIC)))
        return NULL;
    return jw_take_str(env, s);
}

NATIVE(jbyteArray, resultToJson)(JNIEnv *env, jclass cls, jlong ctx, jlong r)
{
    char *s = NULL;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_result_to_json(JW_CTX(ctx), &s, JW_PTR(const wallet_result, r))))
        return NULL;
    return jw_take_str(env, s);
}

NATIVE(void, resultFree)(JNIEnv *env, jclass cls, jlong r)
{
    wallet_result_free(JW_PTR(wallet_result, r));
}

/* ---- external signers (Android Keystore, HSM) ------------------------------------ */

/* The callback state of a key made by keyFromSigner: a global reference to
 * the io.libwallet.SignerBridge. It lives exactly as long as the C key
 * (wallet_key_from_signer_owned), which may outlive the Java Key handle
 * inside a trust set, a builder or a policy. */
typedef struct jw_signer {
    JavaVM *vm;
    jobject bridge;
    jmethodID sign;
} jw_signer;

/* The JNIEnv of this thread, attaching it when the library calls back from
 * a thread the JVM does not know (*attached set then). */
static JNIEnv *jw_env(JavaVM *vm, int *attached)
{
    JNIEnv *env = NULL;
    *attached = 0;
    jint rc = (*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6);
    if (rc == JNI_EDETACHED) {
        if ((*vm)->AttachCurrentThread(vm, (void **)&env, NULL) != JNI_OK)
            return NULL;
        *attached = 1;
    } else if (rc != JNI_OK) {
        return NULL;
    }
    return env;
}

static wallet_err jw_signer_sign(void *user, wallet_alg alg, const uint8_t *msg, size_t msg_len,
                                 uint8_t *sig, size_t *sig_len)
{
    jw_signer *s = user;
    int attached;
    JNIEnv *env = jw_env(s->vm, &attached);
    if (!env)
        return WALLET_ERR_SIGNER_FAILED;
    wallet_err e = WALLET_ERR_SIGNER_FAILED;
    /* A call made while a Java exception is pending would be undefined. */
    if ((*env)->ExceptionCheck(env))
        goto done;
    jbyteArray m = jw_new_bytes(env, msg, msg_len);
    if (!m)
        goto done;
    jbyteArray out = (jbyteArray)(*env)->CallObjectMethod(env, s->bridge, s->sign, (jint)alg, m);
    (*env)->DeleteLocalRef(env, m);
    if ((*env)->ExceptionCheck(env)) {
        /* SignerBridge catches the signer's exceptions; anything left (an
         * Error) is reported as a signer failure, not thrown through C. */
        (*env)->ExceptionClear(env);
        goto done;
    }
    if (out) {
        jsize n = (*env)->GetArrayLength(env, out);
        if (n > 0 && (size_t)n <= *sig_len) {
            (*env)->GetByteArrayRegion(env, out, 0, n, (jbyte *)sig);
            *sig_len = (size_t)n;
            e = WALLET_OK;
        }
        (*env)->DeleteLocalRef(env, out);
    }
done:
    if (attached)
        (*s->vm)->DetachCurrentThread(s->vm);
    return e;
}

static void jw_signer_release(void *user)
{
    jw_signer *s = user;
    int attached;
    JNIEnv *env = jw_env(s->vm, &attached);
    if (env) {
        (*env)->DeleteGlobalRef(env, s->bridge);
        if (attached)
            (*s->vm)->DetachCurrentThread(s->vm);
    }
    free(s);
}

NATIVE(jlong, keyFromSigner)(JNIEnv *env, jclass cls, jlong ctx, jlong public_key, jint alg,
                             jobject bridge, jboolean der)
{
    jw_signer *s = calloc(1, sizeof *s);
    if (!s) {
        jw_throw(env, WALLET_ERR_NOMEM, "JNI: out of memory");
        return 0;
    }
    jclass bc = (*env)->GetObjectClass(env, bridge);
    s->sign = bc ? (*env)->GetMethodID(env, bc, "sign", "(I[B)[B") : NULL;
    if (!s->sign || (*env)->GetJavaVM(env, &s->vm) != JNI_OK ||
        !(s->bridge = (*env)->NewGlobalRef(env, bridge))) {
        free(s);
        if (!(*env)->ExceptionCheck(env))
            jw_throw(env, WALLET_ERR_INTERNAL, "JNI: cannot reference the signer");
        return 0;
    }
    wallet_key *k = NULL;
    wallet_err e = wallet_key_from_signer_owned(
        JW_CTX(ctx), &k, JW_PTR(const wallet_key, public_key), (wallet_alg)alg, jw_signer_sign, s,
        der ? WALLET_SIGNER_DER : WALLET_SIGNER_RAW, jw_signer_release);
    if (e != WALLET_OK) {
        (*env)->DeleteGlobalRef(env, s->bridge);
        free(s);
        jw_fail(env, JW_CTX(ctx), e);
        return 0;
    }
    return JW_HANDLE(k);
}
