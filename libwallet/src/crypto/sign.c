/*
 * Signing and verification for every supported algorithm. ECDSA signatures
 * cross the adapter boundary as raw r||s (RFC 7518 §3.4, RFC 9053 §2.1);
 * OpenSSL speaks DER, so the conversion lives here and nowhere else.
 */
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "key_impl.h"

static int wl_alg_is_ecdsa(wallet_alg alg)
{
    return alg == WALLET_ALG_ES256 || alg == WALLET_ALG_ES384 || alg == WALLET_ALG_ES512 ||
           alg == WALLET_ALG_ES256K;
}

static int wl_alg_is_pss(wallet_alg alg)
{
    return alg == WALLET_ALG_PS256 || alg == WALLET_ALG_PS384 || alg == WALLET_ALG_PS512;
}

size_t wl_key_sig_max(const wallet_key *key)
{
    if (key->kty == WALLET_KTY_RSA)
        return (size_t)EVP_PKEY_get_size(key->pkey);
    /* ECDSA raw r||s and EdDSA (64 / 114 bytes) are both twice the size. */
    return 2 * wl_curve_size(key->curve);
}

/* DER ECDSA-Sig-Value → raw r||s of 2*sz bytes. */
static wallet_err wl_der_to_raw(wallet_ctx *ctx, const uint8_t *der, size_t der_len, size_t sz,
                                uint8_t *raw)
{
    const unsigned char *p = der;
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    if (!s || p != der + der_len) {
        ECDSA_SIG_free(s);
        return wl_err(ctx, WALLET_ERR_SIGNATURE, "ECDSA signature is not valid DER");
    }
    const BIGNUM *r, *sv;
    ECDSA_SIG_get0(s, &r, &sv);
    int ok = BN_bn2binpad(r, raw, (int)sz) == (int)sz && BN_bn2binpad(sv, raw + sz, (int)sz) == (int)sz;
    ECDSA_SIG_free(s);
    return ok ? WALLET_OK : wl_err(ctx, WALLET_ERR_SIGNATURE, "ECDSA signature value too large");
}

/* One INTEGER (X.690 §8.3) of an unsigned big-endian value: leading zero
 * bytes dropped (one kept for zero), a 0x00 prepended when the high bit is
 * set. Returns the bytes written. */
static size_t wl_der_uint(uint8_t *out, const uint8_t *v, size_t n)
{
    while (n > 1 && v[0] == 0) {
        v++;
        n--;
    }
    int pad = v[0] & 0x80;
    out[0] = 0x02;
    out[1] = (uint8_t)(n + (pad ? 1 : 0));
    size_t k = 2;
    if (pad)
        out[k++] = 0x00;
    memcpy(out + k, v, n);
    return k + n;
}

/* Raw r||s (each sz <= 66 bytes) → DER ECDSA-Sig-Value (RFC 3279 §2.2.3)
 * into out (capacity >= WL_DER_SIG_MAX). Written directly: building two
 * BIGNUMs for i2d_ECDSA_SIG cost more than the rest of a JWS parse. */
#define WL_DER_SIG_MAX (3 + 2 * (2 + 67))
static size_t wl_raw_to_der(const uint8_t *raw, size_t sz, uint8_t *out)
{
    uint8_t body[2 * (2 + 67)];
    size_t bl = wl_der_uint(body, raw, sz);
    bl += wl_der_uint(body + bl, raw + sz, sz);
    size_t k = 0;
    out[k++] = 0x30;
    if (bl > 127)
        out[k++] = 0x81; /* at most 138 bytes: one length byte follows */
    out[k++] = (uint8_t)bl;
    memcpy(out + k, body, bl);
    return k + bl;
}

static int wl_set_rsa_padding(EVP_PKEY_CTX *pctx, wallet_alg alg, const EVP_MD *md)
{
    if (wl_alg_is_pss(alg)) {
        /* RFC 7518 §3.5: salt length equals the hash length; MGF1 with the
         * same hash. */
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
               EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
               EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1;
    }
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
}

static wallet_err wl_external_sign(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                                   const uint8_t *msg, size_t n, uint8_t *sig, size_t *sig_len)
{
    uint8_t tmp[1024];
    size_t tmp_len = sizeof(tmp);
    wallet_err e = key->signer(key->signer_user, alg, msg, n, tmp, &tmp_len);
    if (e != WALLET_OK || tmp_len == 0 || tmp_len > sizeof(tmp))
        return wl_err(ctx, WALLET_ERR_SIGNER_FAILED, "external signer failed (%s)",
                      e ? wallet_err_str(e) : "bad signature length");
    if (wl_alg_is_ecdsa(alg)) {
        size_t sz = wl_curve_size(key->curve);
        if (key->signer_flags == WALLET_SIGNER_DER) {
            if (*sig_len < 2 * sz ||
                wl_der_to_raw(ctx, tmp, tmp_len, sz, sig) != WALLET_OK)
                return wl_err(ctx, WALLET_ERR_SIGNER_FAILED,
                              "external signer returned an invalid DER signature");
            *sig_len = 2 * sz;
            if (alg == WALLET_ALG_ES256K) {
                /* Normalise to low-S, as libwallet's own ES256K signatures are. */
                secp256k1_ecdsa_signature s;
                const secp256k1_context *k1 = wl_secp256k1_ctx();
                if (!k1 || !secp256k1_ecdsa_signature_parse_compact(k1, &s, sig))
                    return wl_err(ctx, WALLET_ERR_SIGNER_FAILED, "invalid secp256k1 signature");
                secp256k1_ecdsa_signature_normalize(k1, &s, &s);
                secp256k1_ecdsa_signature_serialize_compact(k1, sig, &s);
            }
            return WALLET_OK;
        }
        if (tmp_len != 2 * sz)
            return wl_err(ctx, WALLET_ERR_SIGNER_FAILED,
                          "external signer returned %zu bytes, expected r||s of %zu", tmp_len,
                          2 * sz);
    }
    if (tmp_len > *sig_len)
        return wl_err(ctx, WALLET_ERR_SIGNER_FAILED, "external signature too long");
    memcpy(sig, tmp, tmp_len);
    *sig_len = tmp_len;
    return WALLET_OK;
}

/* A fresh set-up for signing or verifying with `alg` (see wl_op_cache). */
static void *wl_op_new(const wallet_key *key, wallet_alg alg, int op)
{
    if (op == WL_OP_VERIFY_DIGEST) {
        EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
        if (pctx && EVP_PKEY_verify_init(pctx) == 1)
            return pctx;
        EVP_PKEY_CTX_free(pctx);
        return NULL;
    }
    const EVP_MD *md = alg == WALLET_ALG_EDDSA ? NULL : wl_md(wl_alg_hash(alg));
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok = mctx && (op == WL_OP_SIGN
                          ? EVP_DigestSignInit(mctx, &pctx, md, NULL, key->pkey)
                          : EVP_DigestVerifyInit(mctx, &pctx, md, NULL, key->pkey)) == 1 &&
             (key->kty != WALLET_KTY_RSA || wl_set_rsa_padding(pctx, alg, md));
    if (!ok) {
        EVP_MD_CTX_free(mctx);
        return NULL;
    }
    return mctx;
}

static void wl_op_free(int op, void *obj)
{
    if (op == WL_OP_VERIFY_DIGEST)
        EVP_PKEY_CTX_free(obj);
    else
        EVP_MD_CTX_free(obj);
}

static void *wl_op_dup(int op, const void *obj)
{
    if (op == WL_OP_VERIFY_DIGEST)
        return EVP_PKEY_CTX_dup(obj);
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    if (mctx && EVP_MD_CTX_copy_ex(mctx, obj) != 1) {
        EVP_MD_CTX_free(mctx);
        mctx = NULL;
    }
    return mctx;
}

void wl_op_cache_clear(wl_op_cache *c, int op)
{
    wl_op_free(op, c->obj);
    c->obj = NULL;
    c->used = 0;
}

/* A set-up ready for one operation with `alg`, released by the caller with
 * wl_op_free. EVP_DigestSignInit / EVP_DigestVerifyInit / EVP_PKEY_verify_init
 * build an EVP_PKEY_CTX and fetch the provider's algorithm on every call (up
 * to ~2.5 us and ~40 lock round trips for P-256 on the reference machine,
 * ~5 % of a verification). A key used more than once (a trust set's issuer
 * keys, an issuer's signing key) keeps its set-up from the second operation
 * on, and later operations copy it (~0.2 us); a key used once (an SD-JWT
 * holder key from "cnf", a JWE "epk") pays nothing extra. The kept set-up is
 * never used directly — only copied, under its lock — so a key shared
 * between threads stays safe to use concurrently. A key used with a second
 * algorithm (an RSA key with RS256 and PS256) gets fresh set-ups for it. */
static void *wl_op_get(const wallet_key *key, wallet_alg alg, int op)
{
    wl_op_cache *c = (wl_op_cache *)(uintptr_t)&key->op[op]; /* the cache is mutable; the key is not */
    void *obj = NULL;
    int keep = 0;
    pthread_mutex_lock(&c->lock);
    if (c->obj) {
        if (c->alg == alg)
            obj = wl_op_dup(op, c->obj);
    } else {
        keep = c->used++ > 0;
    }
    pthread_mutex_unlock(&c->lock);
    if (obj)
        return obj;
    if (!(obj = wl_op_new(key, alg, op)))
        return NULL;
    if (keep) {
        void *kept = wl_op_dup(op, obj);
        if (kept) {
            pthread_mutex_lock(&c->lock);
            if (!c->obj) {
                c->obj = kept;
                c->alg = alg;
                kept = NULL;
            }
            pthread_mutex_unlock(&c->lock);
        }
        wl_op_free(op, kept);
        ERR_clear_error();
    }
    return obj;
}

wallet_err wl_key_sign(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg, const uint8_t *msg,
                       size_t n, uint8_t *sig, size_t *sig_len)
{
    if (key->signer)
        return wl_external_sign(ctx, key, alg, msg, n, sig, sig_len);
    if (!key->has_private)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "signing needs a private key");
    if (alg == WALLET_ALG_ES256K)
        return wl_k1_sign(ctx, key, msg, n, sig, sig_len);

    EVP_MD_CTX *mctx = wl_op_get(key, alg, WL_OP_SIGN);
    unsigned char *der = NULL;
    wallet_err e = WALLET_OK;
    if (!mctx) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "signing set-up failed");
        goto done;
    }
    size_t len = 0;
    if (EVP_DigestSign(mctx, NULL, &len, msg, n) != 1) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "signing failed");
        goto done;
    }
    if (wl_alg_is_ecdsa(alg)) {
        der = OPENSSL_malloc(len);
        if (!der || EVP_DigestSign(mctx, der, &len, msg, n) != 1) {
            e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "signing failed");
            goto done;
        }
        size_t sz = wl_curve_size(key->curve);
        if (*sig_len < 2 * sz) {
            e = wl_err(ctx, WALLET_ERR_INTERNAL, "signature buffer too small");
            goto done;
        }
        e = wl_der_to_raw(ctx, der, len, sz, sig);
        if (!e)
            *sig_len = 2 * sz;
    } else {
        if (len > *sig_len) {
            e = wl_err(ctx, WALLET_ERR_INTERNAL, "signature buffer too small");
            goto done;
        }
        if (EVP_DigestSign(mctx, sig, &len, msg, n) != 1) {
            e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "signing failed");
            goto done;
        }
        *sig_len = len;
    }
done:
    OPENSSL_free(der);
    EVP_MD_CTX_free(mctx);
    return e;
}

wallet_err wl_key_verify(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                         const uint8_t *msg, size_t n, const uint8_t *sig, size_t sig_len)
{
    if (alg == WALLET_ALG_ES256K)
        return wl_k1_verify(ctx, key, msg, n, sig, sig_len);

    const uint8_t *s = sig;
    size_t slen = sig_len;
    uint8_t der[WL_DER_SIG_MAX];
    if (wl_alg_is_ecdsa(alg)) {
        size_t sz = wl_curve_size(key->curve);
        if (sig_len != 2 * sz || sz > 66)
            return wl_err(ctx, WALLET_ERR_SIGNATURE,
                          "ECDSA signature has %zu bytes, expected %zu (raw r||s)", sig_len, 2 * sz);
        slen = wl_raw_to_der(sig, sz, der);
        s = der;
    } else if (alg == WALLET_ALG_EDDSA) {
        if (sig_len != 2 * wl_curve_size(key->curve))
            return wl_err(ctx, WALLET_ERR_SIGNATURE, "EdDSA signature has %zu bytes", sig_len);
    } else if (sig_len != (size_t)EVP_PKEY_get_size(key->pkey)) {
        return wl_err(ctx, WALLET_ERR_SIGNATURE, "RSA signature has %zu bytes, expected %d",
                      sig_len, EVP_PKEY_get_size(key->pkey));
    }
    wallet_err e = WALLET_OK;
    int ok;
    if (wl_alg_is_ecdsa(alg)) {
        /* ECDSA verifies H(m) (SEC 1 §4.1.4 step 2-3): the digest is taken
         * here and checked with EVP_PKEY_verify, the same verification as
         * EVP_DigestVerify with one context copy less. */
        uint8_t h[WL_HASH_MAX];
        wl_hash_alg ha = wl_alg_hash(alg);
        EVP_PKEY_CTX *pctx = NULL;
        if ((e = wl_hash(ctx, ha, msg, n, h)) != WALLET_OK)
            return e;
        if (!(pctx = wl_op_get(key, alg, WL_OP_VERIFY_DIGEST)))
            return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "verification set-up failed");
        ok = EVP_PKEY_verify(pctx, s, slen, h, wl_hash_len(ha)) == 1;
        EVP_PKEY_CTX_free(pctx);
    } else {
        EVP_MD_CTX *mctx = wl_op_get(key, alg, WL_OP_VERIFY);
        if (!mctx)
            return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "verification set-up failed");
        ok = EVP_DigestVerify(mctx, s, slen, msg, n) == 1;
        EVP_MD_CTX_free(mctx);
    }
    if (!ok) {
        ERR_clear_error();
        e = wl_err(ctx, WALLET_ERR_SIGNATURE, "%s signature does not verify",
                   wallet_alg_name(alg));
    }
    return e;
}

/* ---- public ------------------------------------------------------------------ */

wallet_err wallet_sign(wallet_ctx *ctx, uint8_t **sig, size_t *sig_len, const wallet_key *key,
                       wallet_alg alg, const uint8_t *msg, size_t msg_len)
{
    wl_enter(ctx);
    if (sig)
        *sig = NULL;
    if (sig_len)
        *sig_len = 0;
    if (!sig || !sig_len || !key || (!msg && msg_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (alg == WALLET_ALG_NONE)
        alg = key->alg;
    wallet_err e = wl_alg_check_key(ctx, alg, key, 1);
    if (e)
        return e;
    size_t cap = 1024;
    uint8_t *buf = wl_malloc(cap);
    if (!buf)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    e = wl_key_sign(ctx, key, alg, msg ? msg : (const uint8_t *)"", msg_len, buf, &cap);
    if (e) {
        free(buf);
        return e;
    }
    *sig = buf;
    *sig_len = cap;
    return WALLET_OK;
}

wallet_err wallet_verify_signature(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                                   wallet_algset allowed, const uint8_t *msg, size_t msg_len,
                                   const uint8_t *sig, size_t sig_len)
{
    wl_enter(ctx);
    if (!key || (!msg && msg_len) || (!sig && sig_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (allowed == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty algorithm allow-list");
    if (alg == WALLET_ALG_NONE || !(allowed & WALLET_ALGSET(alg)))
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED, "algorithm %s is not allowed",
                      alg ? wallet_alg_name(alg) : "none");
    wallet_err e = wl_alg_check_key(ctx, alg, key, 1);
    if (e)
        return e;
    return wl_key_verify(ctx, key, alg, msg ? msg : (const uint8_t *)"", msg_len,
                         sig ? sig : (const uint8_t *)"", sig_len);
}
