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

/* HMAC (RFC 2104 §2) built from the pre-fetched digests:
 *   H((K0 ^ opad) || H((K0 ^ ipad) || text))
 * with K0 the key zero-padded to the block size (hashed first when
 * longer). Built here rather than with EVP_MAC because OpenSSL 3's HMAC
 * looks its digest up by name on every initialisation (~10 us a call),
 * which is most of the cost for the short inputs services pseudonymise per
 * request. RFC 4231 vectors: tests/unit/test_primitives.c. */
wallet_err wl_hmac(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *key, size_t key_len,
                   const uint8_t *in, size_t n, uint8_t *out)
{
    const EVP_MD *md = wl_md(h);
    if (!md)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "unknown hash");
    size_t hl = wl_hash_len(h);
    size_t bl = h == WL_SHA256 ? 64 : 128; /* SHA-256: 512-bit blocks; SHA-384/512: 1024 */
    uint8_t k0[128], pad[128], inner[WL_HASH_MAX];
    memset(k0, 0, sizeof(k0));
    wallet_err e = WALLET_OK;
    if (key_len > bl)
        e = wl_hash(ctx, h, key, key_len, k0);
    else if (key_len)
        memcpy(k0, key, key_len);
    if (e == WALLET_OK) {
        for (size_t i = 0; i < bl; i++)
            pad[i] = k0[i] ^ 0x36;
        const uint8_t *parts[2] = {pad, in};
        size_t lens[2] = {bl, n};
        e = wl_hash_parts(ctx, h, parts, lens, 2, inner);
    }
    if (e == WALLET_OK) {
        for (size_t i = 0; i < bl; i++)
            pad[i] = k0[i] ^ 0x5c;
        const uint8_t *parts[2] = {pad, inner};
        size_t lens[2] = {bl, hl};
        e = wl_hash_parts(ctx, h, parts, lens, 2, out);
    }
    wl_memzero(k0, sizeof(k0));
    wl_memzero(pad, sizeof(pad));
    wl_memzero(inner, sizeof(inner));
    if (e != WALLET_OK)
        return wl_err(ctx, WALLET_ERR_CRYPTO, "HMAC failed");
    return WALLET_OK;
}
