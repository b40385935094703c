/*
 * Backend objects shared by every thread: digests fetched once (an implicit
 * fetch on every EVP call costs a lookup and a lock in OpenSSL 3) and the
 * libsecp256k1 context (randomised once against side channels).
 */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>

#include "key_impl.h"

static pthread_once_t wl_backend_once = PTHREAD_ONCE_INIT;
static EVP_MD *wl_mds[4];
static secp256k1_context *wl_k1_ctx;

static void wl_backend_init(void)
{
    wl_mds[WL_SHA256] = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    wl_mds[WL_SHA384] = EVP_MD_fetch(NULL, "SHA2-384", NULL);
    wl_mds[WL_SHA512] = EVP_MD_fetch(NULL, "SHA2-512", NULL);
    wl_k1_ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    if (wl_k1_ctx) {
        unsigned char seed[32];
        if (RAND_bytes(seed, sizeof(seed)) == 1 && !secp256k1_context_randomize(wl_k1_ctx, seed)) {
            secp256k1_context_destroy(wl_k1_ctx);
            wl_k1_ctx = NULL;
        }
        OPENSSL_cleanse(seed, sizeof(seed));
    }
}

const EVP_MD *wl_md(wl_hash_alg h)
{
    pthread_once(&wl_backend_once, wl_backend_init);
    return (h >= WL_SHA256 && h <= WL_SHA512) ? wl_mds[h] : NULL;
}

const secp256k1_context *wl_secp256k1_ctx(void)
{
    pthread_once(&wl_backend_once, wl_backend_init);
    return wl_k1_ctx;
}

wallet_err wl_ossl_err(wallet_ctx *ctx, wallet_err code, const char *what)
{
    unsigned long e = ERR_get_error();
    char reason[160] = "";
    if (e)
        ERR_error_string_n(e, reason, sizeof(reason));
    ERR_clear_error();
    if (*reason)
        return wl_err(ctx, code, "%s (%s)", what, reason);
    return wl_err(ctx, code, "%s", what);
}

/* ---- secrets --------------------------------------------------------------- */

void wl_memzero(void *p, size_t n)
{
    OPENSSL_cleanse(p, n);
}

int wl_ct_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

wallet_err wl_random(wallet_ctx *ctx, uint8_t *out, size_t n)
{
    if (n > INT32_MAX || RAND_bytes(out, (int)n) != 1)
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "random number generator failed");
    return WALLET_OK;
}

/* ---- hashes ---------------------------------------------------------------- */

size_t wl_hash_len(wl_hash_alg h)
{
    switch (h) {
    case WL_SHA256: return 32;
    case WL_SHA384: return 48;
    case WL_SHA512: return 64;
    }
    return 0;
}

wallet_err wl_hash_parts(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *const *parts,
                         const size_t *lens, size_t count, uint8_t *out)
{
    const EVP_MD *md = wl_md(h);
    if (!md)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "unknown hash");
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    int ok = mctx && EVP_DigestInit_ex(mctx, md, NULL) == 1;
    for (size_t i = 0; ok && i < count; i++)
        ok = EVP_DigestUpdate(mctx, parts[i], lens[i]) == 1;
    ok = ok && EVP_DigestFinal_ex(mctx, out, NULL) == 1;
    EVP_MD_CTX_free(mctx);
    return ok ? WALLET_OK : wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "digest failed");
}

wallet_err wl_hash(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *in, size_t n, uint8_t *out)
{
    const EVP_MD *md = wl_md(h);
    if (!md)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "unknown hash");
    if (EVP_Digest(in, n, out, NULL, md, NULL) != 1)
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "digest failed");
    return WALLET_OK;
}

wallet_err wl_hmac(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *key, size_t key_len,
                   const uint8_t *in, size_t n, uint8_t *out)
{
    const EVP_MD *md = wl_md(h);
    size_t out_len = 0;
    if (!md)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "unknown hash");
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[2];
    char mdname[32];
    snprintf(mdname, sizeof(mdname), "%s", EVP_MD_get0_name(md));
    params[0] = OSSL_PARAM_construct_utf8_string("digest", mdname, 0);
    params[1] = OSSL_PARAM_construct_end();
    int ok = mctx && EVP_MAC_init(mctx, key, key_len, params) == 1 &&
             EVP_MAC_update(mctx, in, n) == 1 &&
             EVP_MAC_final(mctx, out, &out_len, wl_hash_len(h)) == 1;
    EVP_MAC_CTX_free(mctx);
    EVP_MAC_free(mac);
    return ok ? WALLET_OK : wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "HMAC failed");
}
