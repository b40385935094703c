/*
 * AES-GCM (NIST SP 800-38D) with 128- or 256-bit keys and 16-byte tags:
 * mdoc session encryption (ISO 18013-5 §9.1.1.5), JWE A128GCM/A256GCM, the
 * store's backup file.
 */
#include <openssl/err.h>
#include <openssl/evp.h>

#include "key_impl.h"

static const EVP_CIPHER *wl_gcm(size_t key_len)
{
    return key_len == 16 ? EVP_aes_128_gcm() : key_len == 32 ? EVP_aes_256_gcm() : NULL;
}

wallet_err wl_aes_gcm_encrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                              const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                              size_t aad_len, const uint8_t *pt, size_t pt_len, uint8_t *ct,
                              uint8_t tag[16])
{
    const EVP_CIPHER *c = wl_gcm(key_len);
    if (!c || iv_len == 0 || iv_len > 64 || pt_len > INT32_MAX || aad_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "AES-GCM: bad key, IV or length");
    EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
    int len = 0;
    int ok = cc && EVP_EncryptInit_ex(cc, c, NULL, NULL, NULL) == 1 &&
             EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_GCM_SET_IVLEN, (int)iv_len, NULL) == 1 &&
             EVP_EncryptInit_ex(cc, NULL, NULL, key, iv) == 1 &&
             (aad_len == 0 || EVP_EncryptUpdate(cc, NULL, &len, aad, (int)aad_len) == 1) &&
             (pt_len == 0 || EVP_EncryptUpdate(cc, ct, &len, pt, (int)pt_len) == 1) &&
             EVP_EncryptFinal_ex(cc, ct + (pt_len ? len : 0), &len) == 1 &&
             EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
    EVP_CIPHER_CTX_free(cc);
    return ok ? WALLET_OK : wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "AES-GCM encryption failed");
}

wallet_err wl_aes_gcm_decrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                              const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                              size_t aad_len, const uint8_t *ct, size_t ct_len,
                              const uint8_t tag[16], uint8_t *pt)
{
    const EVP_CIPHER *c = wl_gcm(key_len);
    if (!c || iv_len == 0 || iv_len > 64 || ct_len > INT32_MAX || aad_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "AES-GCM: bad key, IV or length");
    EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
    int len = 0;
    int ok = cc && EVP_DecryptInit_ex(cc, c, NULL, NULL, NULL) == 1 &&
             EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_GCM_SET_IVLEN, (int)iv_len, NULL) == 1 &&
             EVP_DecryptInit_ex(cc, NULL, NULL, key, iv) == 1 &&
             (aad_len == 0 || EVP_DecryptUpdate(cc, NULL, &len, aad, (int)aad_len) == 1) &&
             (ct_len == 0 || EVP_DecryptUpdate(cc, pt, &len, ct, (int)ct_len) == 1) &&
             EVP_CIPHER_CTX_ctrl(cc, EVP_CTRL_GCM_SET_TAG, 16, (void *)(uintptr_t)tag) == 1;
    if (!cc) {
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    /* The tag is checked by Final; on mismatch no plaintext may be used. */
    int final_ok = ok && EVP_DecryptFinal_ex(cc, pt + (ct_len ? len : 0), &len) == 1;
    EVP_CIPHER_CTX_free(cc);
    if (!final_ok) {
        if (ct_len)
            wl_memzero(pt, ct_len);
        ERR_clear_error();
        return wl_err(ctx, WALLET_ERR_DECRYPT, "AES-GCM: authentication failed");
    }
    return WALLET_OK;
}
