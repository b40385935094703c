/*
 * libwallet JNI glue — ISO/IEC 18013-5 mdoc (mdoc.h): issuing, the holder's
 * credential, DeviceResponses, verification, SessionTranscripts.
 */
#include "jw.h"

#include <stdlib.h>
#include <string.h>

#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_io_libwallet_Native_##name
#define MB(h) JW_PTR(wallet_mdoc_issuer, h)
#define MV(h) JW_PTR(const wallet_mdoc_verified, h)

NATIVE(jlong, mdocIssuerNew)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray doctype)
{
    char *s;
    if (jw_str(env, doctype, &s))
        return 0;
    wallet_mdoc_issuer *b = NULL;
    wallet_err e = wallet_mdoc_issuer_new(JW_CTX(ctx), &b, s);
    free(s);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(b);
}

NATIVE(void, mdocIssuerFree)(JNIEnv *env, jclass cls, jlong b)
{
    wallet_mdoc_issuer_free(MB(b));
}

NATIVE(void, mdocIssuerSetDigest)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jint d)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_mdoc_issuer_set_digest(JW_CTX(ctx), MB(b), (wallet_mdoc_digest)d));
}

NATIVE(void, mdocIssuerSetValidity)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jlong signed_at,
                                    jlong from, jlong until, jlong expected_update)
{
    jw_fail(env, JW_CTX(ctx),
            wallet_mdoc_issuer_set_validity(JW_CTX(ctx), MB(b), (int64_t)signed_at,
                                            (int64_t)from, (int64_t)until,
                                            (int64_t)expected_update));
}

NATIVE(void, mdocIssuerSetStatus)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jbyteArray uri,
                                  jlong idx)
{
    char *s;
    if (idx < 0) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "status index must be >= 0");
        return;
    }
    if (jw_str(env, uri, &s))
        return;
    jw_fail(env, JW_CTX(ctx), wallet_mdoc_issuer_set_status(JW_CTX(ctx), MB(b), s, (uint64_t)idx));
    free(s);
}

NATIVE(void, mdocIssuerAddClaims)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jbyteArray json)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, json, &p, &n))
        return;
    wallet_err e =
        wallet_mdoc_issuer_add_claims_json(JW_CTX(ctx), MB(b), p ? (const char *)p : NULL, n);
    jw_wipe_free(p, n);
    jw_fail(env, JW_CTX(ctx), e);
}

NATIVE(void, mdocIssuerAddElement)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jbyteArray ns,
                                   jbyteArray el, jbyteArray cbor)
{
    char *n1 = NULL, *n2 = NULL;
    uint8_t *v = NULL;
    size_t vn = 0;
    if (!jw_str(env, ns, &n1) && !jw_str(env, el, &n2) && !jw_bytes(env, cbor, &v, &vn))
        jw_fail(env, JW_CTX(ctx),
                wallet_mdoc_issuer_add_element(JW_CTX(ctx), MB(b), n1, n2, v, vn));
    free(n1);
    free(n2);
    jw_wipe_free(v, vn);
}

NATIVE(jbyteArray, mdocIssuerSign)(JNIEnv *env, jclass cls, jlong ctx, jlong b, jlong device_key,
                                   jlong issuer_key, jint alg, jlongArray chain)
{
    const void **v;
    size_t n;
    if (jw_handles(env, chain, &v, &n))
        return NULL;
    uint8_t *out = NULL;
    size_t out_len = 0;
    wallet_err e = wallet_mdoc_issuer_sign(
        JW_CTX(ctx), &out, &out_len, MB(b), JW_PTR(const wallet_key, device_key),
        JW_PTR(const wallet_key, issuer_key), (wallet_alg)alg, (const wallet_cert *const *)v, n);
    free(v);
    if (jw_fail(env, JW_CTX(ctx), e))
        return NULL;
    return jw_take_bytes(env, out, out_len);
}

/* ---- the holder's credential -------------------------------------------------- */

NATIVE(jlong, mdocCredParse)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray cbor)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, cbor, &p, &n))
        return 0;
    wallet_mdoc_credential *c = NULL;
    wallet_err e = wallet_mdoc_credential_parse(JW_CTX(ctx), &c, p ? p : (const uint8_t *)"", n);
    jw_wipe_free(p, n);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(c);
}

NATIVE(void, mdocCredFree)(JNIEnv *env, jclass cls, jlong c)
{
    wallet_mdoc_credential_free(JW_PTR(wallet_mdoc_credential, c));
}

NATIVE(jbyteArray, mdocCredDoctype)(JNIEnv *env, jclass cls, jlong c)
{
    return jw_new_str(env, wallet_mdoc_credential_doctype(JW_PTR(const wallet_mdoc_credential, c)));
}

NATIVE(jint, mdocCredCount)(JNIEnv *env, jclass cls, jlong c)
{
    return (jint)wallet_mdoc_credential_count(JW_PTR(const wallet_mdoc_credential, c));
}

/* {namespace, element} of item i, or null out of range. */
NATIVE(jobjectArray, mdocCredItem)(JNIEnv *env, jclass cls, jlong c, jint i)
{
    wallet_mdoc_item it;
    if (i < 0 ||
        !wallet_mdoc_credential_item(JW_PTR(const wallet_mdoc_credential, c), (size_t)i, &it))
        return NULL;
    jclass bc = (*env)->FindClass(env, "[B");
    if (!bc)
        return NULL;
    jobjectArray a = (*env)->NewObjectArray(env, 2, bc, NULL);
    if (!a)
        return NULL;
    jbyteArray x = jw_new_str(env, it.name_space), y = jw_new_str(env, it.element);
    if (!x || !y)
        return NULL;
    (*env)->SetObjectArrayElement(env, a, 0, x);
    (*env)->SetObjectArrayElement(env, a, 1, y);
    return a;
}

NATIVE(jlong, mdocCredDeviceKey)(JNIEnv *env, jclass cls, jlong ctx, jlong c)
{
    const wallet_key *k = wallet_mdoc_credential_device_key(JW_PTR(const wallet_mdoc_credential, c));
    wallet_key *copy = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_key_public(JW_CTX(ctx), &copy, k)))
        return 0;
    return JW_HANDLE(copy);
}

/* ---- DeviceResponse ---------------------------------------------------------------- */

NATIVE(jlong, mdocResponseNew)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray transcript)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, transcript, &p, &n))
        return 0;
    wallet_mdoc_response *r = NULL;
    wallet_err e = wallet_mdoc_response_new(JW_CTX(ctx), &r, p, n);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(r);
}

NATIVE(void, mdocResponseFree)(JNIEnv *env, jclass cls, jlong r)
{
    wallet_mdoc_response_free(JW_PTR(wallet_mdoc_response, r));
}

NATIVE(void, mdocResponseAdd)(JNIEnv *env, jclass cls, jlong ctx, jlong r, jbyteArray issuer_signed,
                              jobjectArray ns, jobjectArray el, jlong device_key, jint alg,
                              jlong reader_key)
{
    uint8_t *is = NULL;
    size_t isn = 0, nns = 0, nel = 0;
    char **vns = NULL, **vel = NULL;
    wallet_mdoc_item *items = NULL;
    if (jw_bytes(env, issuer_signed, &is, &isn) || jw_strv(env, ns, &vns, &nns) ||
        jw_strv(env, el, &vel, &nel))
        goto done;
    if (nns != nel) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "namespaces and elements differ in length");
        goto done;
    }
    if (nns) {
        items = calloc(nns, sizeof *items);
        if (!items) {
            jw_throw(env, WALLET_ERR_NOMEM, "JNI: out of memory");
            goto done;
        }
        for (size_t i = 0; i < nns; i++) {
            items[i].name_space = vns[i];
            items[i].element = vel[i];
        }
    }
    jw_fail(env, JW_CTX(ctx),
            wallet_mdoc_response_add(JW_CTX(ctx), JW_PTR(wallet_mdoc_response, r),
                                     is ? is : (const uint8_t *)"", isn, items, nns,
                                     JW_PTR(const wallet_key, device_key), (wallet_alg)alg,
                                     JW_PTR(const wallet_key, reader_key)));
done:
    free(items);
    jw_wipe_free(is, isn);
    jw_strv_free(vns, nns);
    jw_strv_free(vel, nel);
}

NATIVE(void, mdocResponseAddDocumentError)(JNIEnv *env, jclass cls, jlong ctx, jlong r,
                                           jbyteArray doctype, jlong code)
{
    char *s;
    if (jw_str(env, doctype, &s))
        return;
    jw_fail(env, JW_CTX(ctx),
            wallet_mdoc_response_add_document_error(JW_CTX(ctx), JW_PTR(wallet_mdoc_response, r),
                                                    s, (int64_t)code));
    free(s);
}

NATIVE(jbyteArray, mdocResponseEncode)(JNIEnv *env, jclass cls, jlong ctx, jlong r)
{
    uint8_t *out = NULL;
    size_t n = 0;
    if (jw_fail(env, JW_CTX(ctx),
                wallet_mdoc_response_encode(JW_CTX(ctx), &out, &n,
                                            JW_PTR(const wallet_mdoc_response, r))))
        return NULL;
    return jw_take_bytes(env, out, n);
}

/* ---- verification ------------------------------------------------------------------ */

NATIVE(jlong, mdocVerify)(JNIEnv *env, jclass cls, jlong ctx, jlong trust, jlong policy,
                          jbyteArray cbor, jboolean issuer_signed_only)
{
    uint8_t *p;
    size_t n;
    if (jw_bytes(env, cbor, &p, &n))
        return 0;
    wallet_mdoc_verified *v = NULL;
    const uint8_t *in = p ? p : (const uint8_t *)"";
    wallet_err e = issuer_signed_only
                       ? wallet_mdoc_verify_issuer_signed(JW_CTX(ctx), &v,
                                                          JW_PTR(const wallet_trust, trust),
                                                          JW_PTR(const wallet_policy, policy), in, n)
                       : wallet_mdoc_verify(JW_CTX(ctx), &v, JW_PTR(const wallet_trust, trust),
                                            JW_PTR(const wallet_policy, policy), in, n);
    free(p);
    if (jw_fail(env, JW_CTX(ctx), e))
        return 0;
    return JW_HANDLE(v);
}

NATIVE(void, mdocVerifiedFree)(JNIEnv *env, jclass cls, jlong v)
{
    wallet_mdoc_verified_free(JW_PTR(wallet_mdoc_verified, v));
}

/* Response level: what 0 status, 1 document count. */
NATIVE(jlong, mdocVerifiedLong)(JNIEnv *env, jclass cls, jlong v, jint what)
{
    return what == 0 ? (jlong)wallet_mdoc_verified_status(MV(v))
                     : (jlong)wallet_mdoc_verified_count(MV(v));
}

/* Document i; what: 0 signed, 1 valid_from, 2 valid_until, 3 expected_update,
 * 4 status index, 5 device auth. (-1 for a negative index.) */
NATIVE(jlong, mdocDocLong)(JNIEnv *env, jclass cls, jlong v, jint i, jint what)
{
    if (i < 0)
        return -1;
    size_t k = (size_t)i;
    switch (what) {
    case 0:
        return (jlong)wallet_mdoc_verified_signed(MV(v), k);
    case 1:
        return (jlong)wallet_mdoc_verified_valid_from(MV(v), k);
    case 2:
        return (jlong)wallet_mdoc_verified_valid_until(MV(v), k);
    case 3:
        return (jlong)wallet_mdoc_verified_expected_update(MV(v), k);
    case 4:
        return (jlong)wallet_mdoc_verified_status_index(MV(v), k);
    default:
        return (jlong)wallet_mdoc_verified_device_auth(MV(v), k);
    }
}

/* Document i (i -1: the response's documentErrors); what: 0 doctype,
 * 1 issuer, 2 claims, 3 device claims, 4 errors, 5 status uri. */
NATIVE(jbyteArray, mdocDocStr)(JNIEnv *env, jclass cls, jlong v, jint i, jint what)
{
    if (i < 0)
        return jw_new_str(env, wallet_mdoc_verified_document_errors(MV(v)));
    size_t k = (size_t)i;
    switch (what) {
    case 0:
        return jw_new_str(env, wallet_mdoc_verified_doctype(MV(v), k));
    case 1:
        return jw_new_str(env, wallet_mdoc_verified_issuer(MV(v), k));
    case 2:
        return jw_new_str(env, wallet_mdoc_verified_claims(MV(v), k));
    case 3:
        return jw_new_str(env, wallet_mdoc_verified_device_claims(MV(v), k));
    case 4:
        return jw_new_str(env, wallet_mdoc_verified_errors(MV(v), k));
    default:
        return jw_new_str(env, wallet_mdoc_verified_status_uri(MV(v), k));
    }
}

NATIVE(jbyteArray, mdocDocDeviceKeyJwk)(JNIEnv *env, jclass cls, jlong ctx, jlong v, jint i)
{
    const wallet_key *k = i < 0 ? NULL : wallet_mdoc_verified_device_key(MV(v), (size_t)i);
    if (!k)
        return NULL;
    char *s = NULL;
    if (jw_fail(env, JW_CTX(ctx), wallet_key_to_jwk(JW_CTX(ctx), &s, k, WALLET_EXPORT_PUBLIC)))
        return NULL;
    return jw_take_str(env, s);
}

/* ---- SessionTranscripts ---------------------------------------------------------- */

NATIVE(jbyteArray, mdocTranscriptProximity)(JNIEnv *env, jclass cls, jlong ctx, jbyteArray de,
                                            jbyteArray erk, jbyteArray handover)
{
    uint8_t *a = NULL, *b = NULL, *h = NULL, *out = NULL;
    size_t an = 0, bn = 0, hn = 0, on = 0;
    jbyteArray r = NULL;
    if (jw_bytes(env, de, &a, &an) || jw_bytes(env, erk, &b, &bn) || jw_bytes(env, handover, &h, &hn))
        goto done;
    if (!jw_fail(env, JW_CTX(ctx),
                 wallet_mdoc_transcript_proximity(JW_CTX(ctx), &out, &on, a, an, b, bn, h, hn)))
        r = jw_take_bytes(env, out, on);
done:
    free(a);
    free(b);
    free(h);
    return r;
}

/* dc_api 0: OpenID4VP 1.0 redirect / direct_post (client_id, nonce, thumbprint,
 * response_uri); 1: OpenID4VP over the DC API (origin in `a`, nonce, thumbprint). */
NATIVE(jbyteArray, mdocTranscriptOid4vp)(JNIEnv *env, jclass cls, jlong ctx, jint dc_api,
                                         jbyteArray a, jbyteArray nonce, jbyteArray thumb,
                                         jbyteArray response_uri)
{
    char *sa = NULL, *sn = NULL, *su = NULL;
    uint8_t *t = NULL, *out = NULL;
    size_t tn = 0, on = 0;
    jbyteArray r = NULL;
    if (jw_str(env, a, &sa) || jw_str(env, nonce, &sn) || jw_str(env, response_uri, &su) ||
        jw_bytes(env, thumb, &t, &tn))
        goto done;
    if (t && tn != 32) {
        jw_throw(env, WALLET_ERR_INVALID_ARG, "a JWK thumbprint is 32 bytes");
        goto done;
    }
    wallet_err e = dc_api ? wallet_mdoc_transcript_oid4vp_dc_api(JW_CTX(ctx), &out, &on, sa, sn, t)
                          : wallet_mdoc_transcript_oid4vp(JW_CTX(ctx), &out, &on, sa, sn, t, su);
    if (!jw_fail(env, JW_CTX(ctx), e))
        r = jw_take_bytes(env, out, on);
done:
    free(sa);
    free(sn);
    free(su);
    free(t);
    return r;
}
