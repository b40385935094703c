/*
 * Key derivation: HKDF (RFC 5869) for mdoc session keys and EMacKey,
 * scrypt (RFC 7914) and PBKDF2-HMAC-SHA256 (RFC 8018) for keys derived from
 * PINs and passphrases (the store; never SQLCipher's own KDF).
 */
#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "key_impl.h"

static wallet_err wl_kdf_run(wallet_ctx *ctx, const char *name, OSSL_PARAM *params, uint8_t *out,
                             size_t out_len)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, name, NULL);
    EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    int ok = kctx && EVP_KDF_derive(kctx, out, out_len, params) == 1;
    EVP_KDF_CTX_free(kctx);
    EVP_KDF_free(kdf);
    if (!ok) {
        wl_memzero(out, out_len);
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "key derivation failed");
    }
    return WALLET_OK;
}

wallet_err wl_hkdf(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *salt, size_t salt_len,
                   const uint8_t *ikm, size_t ikm_len, const uint8_t *info, size_t info_len,
                   uint8_t *out, size_t out_len)
{
    const EVP_MD *md = wl_md(h);
    if (!md)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "unknown hash");
    char mdname[32];
    snprintf(mdname, sizeof(mdname), "%s", EVP_MD_get0_name(md));
    static const uint8_t empty[1] = {0};
    OSSL_PARAM params[5];
    size_t n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, mdname, 0);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                                    (void *)(uintptr_t)(ikm ? ikm : empty), ikm_len);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                    (void *)(uintptr_t)(salt ? salt : empty), salt_len);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                    (void *)(uintptr_t)(info ? info : empty), info_len);
    params[n] = OSSL_PARAM_construct_end();
    return wl_kdf_run(ctx, "HKDF", params, out, out_len);
}

wallet_err wl_scrypt(wallet_ctx *ctx, const uint8_t *pass, size_t pass_len, const uint8_t *salt,
                     size_t salt_len, uint64_t n_cost, uint32_t r, uint32_t p, uint8_t *out,
                     size_t out_len)
{
    /* RFC 7914 §2: N a power of two > 1; keep memory (128 * N * r) bounded. */
    if (n_cost < 2 || (n_cost & (n_cost - 1)) || r == 0 || p == 0 ||
        n_cost > ((uint64_t)1 << 24) || (uint64_t)r * p >= ((uint64_t)1 << 30))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "scrypt parameters out of range");
    static const uint8_t empty[1] = {0};
    uint64_t maxmem = 128 * n_cost * r + 128 * r * p + ((uint64_t)1 << 20);
    OSSL_PARAM params[7];
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                                  (void *)(uintptr_t)(pass ? pass : empty), pass_len);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                  (void *)(uintptr_t)(salt ? salt : empty), salt_len);
    params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n_cost);
    params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
    params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
    params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
    params[6] = OSSL_PARAM_construct_end();
    return wl_kdf_run(ctx, "SCRYPT", params, out, out_len);
}

wallet_err wl_pbkdf2_sha256(wallet_ctx *ctx, const uint8_t *pass, size_t pass_len,
                            const uint8_t *salt, size_t salt_len, uint32_t iterations,
                            uint8_t *out, size_t out_len)
{
    if (iterations == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "PBKDF2 needs at least one iteration");
    static const uint8_t empty[1] = {0};
    char mdname[] = "SHA2-256";
    OSSL_PARAM params[5];
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                                  (void *)(uintptr_t)(pass ? pass : empty), pass_len);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                  (void *)(uintptr_t)(salt ? salt : empty), salt_len);
    params[2] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_ITER, &iterations);
    params[3] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, mdname, 0);
    params[4] = OSSL_PARAM_construct_end();
    return wl_kdf_run(ctx, "PBKDF2", params, out, out_len);
}
