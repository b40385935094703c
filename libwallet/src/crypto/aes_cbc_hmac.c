/*
 * AES_CBC_HMAC_SHA2 authenticated encryption (RFC 7518 §5.2): JWE
 * "A128CBC-HS256" (32-byte key: HMAC-SHA-256 with the first 16 bytes,
 * AES-128-CBC with the last 16, 16-byte tag) and "A256CBC-HS512" (64-byte
 * key, HMAC-SHA-512, AES-256-CBC, 32-byte tag). RFC 7520 §5.5 (ECDH-ES
 * direct key agreement) uses the first.
 *
 * Decryption checks the tag, in constant time, before anything is
 * decrypted (§5.2.2.2), so a padding error can only come from a sender that
 * knew the key: there is no padding oracle.
 */
#include <openssl/err.h>
#include <openssl/evp.h>

#include "key_impl.h"

/* M = HMAC(MAC_KEY, A || IV || E || AL), AL = bit length of A as 64-bit
 * big endian (§5.2.2.1 steps 4-5). */
static wallet_err wl_cbc_hmac_tag(wallet_ctx *ctx, const uint8_t *mac_key, size_t half,
                                  const uint8_t iv[16], const uint8_t *aad, size_t aad_len,
                                  const uint8_t *ct, size_t ct_len, uint8_t *m)
{
    wl_hash_alg h = half == 16 ? WL_SHA256 : WL_SHA512;
    uint8_t al[8];
    uint64_t bits = (uint64_t)aad_len * 8u;
    for (int i = 7; i >= 0; i--, bits >>= 8)
        al[i] = (uint8_t)(bits & 0xff);
    size_t n = aad_len + 16 + ct_len + 8;
    if (n < aad_len || n < ct_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "AES-CBC-HMAC: input too long");
    uint8_t *msg = wl_malloc(n);
    if (!msg)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (aad_len)
        memcpy(msg, aad, aad_len);
    memcpy(msg + aad_len, iv, 16);
    if (ct_len)
        memcpy(msg + aad_len + 16, ct, ct_len);
    memcpy(msg + aad_len + 16 + ct_len, al, 8);
    wallet_err e = wl_hmac(ctx, h, mac_key, half, msg, n, m);
    free(msg);
    return e;
}

static const EVP_CIPHER *wl_cbc(size_t half)
{
    return half == 16 ? EVP_aes_128_cbc() : half == 32 ? EVP_aes_256_cbc() : NULL;
}

wallet_err wl_aes_cbc_hmac_encrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                                   const uint8_t iv[16], const uint8_t *aad, size_t aad_len,
                                   const uint8_t *pt, size_t pt_len, uint8_t *ct,
                                   size_t *ct_len, uint8_t *tag)
{
    size_t half = key_len / 2;
    const EVP_CIPHER *c = (key_len == 32 || key_len == 64) ? wl_cbc(half) : NULL;
    *ct_len = 0;
    if (!c || pt_len > INT32_MAX - 16 || aad_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "AES-CBC-HMAC: bad key or length");
    EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
    int len = 0, fin = 0;
    /* PKCS #7 padding (OpenSSL's default for CBC), §5.2.2.1 step 3. */
    int ok = cc && EVP_EncryptInit_ex(cc, c, NULL, key + half, iv) == 1 &&
             (pt_len == 0 || EVP_EncryptUpdate(cc, ct, &len, pt, (int)pt_len) == 1) &&
             EVP_EncryptFinal_ex(cc, ct + len, &fin) == 1;
    EVP_CIPHER_CTX_free(cc);
    if (!ok)
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "AES-CBC encryption failed");
    size_t n = (size_t)len + (size_t)fin;
    uint8_t m[WL_HASH_MAX];
    wallet_err e = wl_cbc_hmac_tag(ctx, key, half, iv, aad, aad_len, ct, n, m);
    if (e) {
        wl_memzero(ct, n);
        return e;
    }
    memcpy(tag, m, half); /* T = first T_LEN bytes of M, T_LEN = half the key */
    *ct_len = n;
    return WALLET_OK;
}

wallet_err wl_aes_cbc_hmac_decrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                                   const uint8_t iv[16], const uint8_t *aad, size_t aad_len,
                                   const uint8_t *ct, size_t ct_len, const uint8_t *tag,
                                   size_t tag_len, uint8_t *pt, size_t *pt_len)
{
    size_t half = key_len / 2;
    const EVP_CIPHER *c = (key_len == 32 || key_len == 64) ? wl_cbc(half) : NULL;
    *pt_len = 0;
    if (!c || ct_len > INT32_MAX || aad_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "AES-CBC-HMAC: bad key or length");
    if (tag_len != half || ct_len == 0 || ct_len % 16)
        return wl_err(ctx, WALLET_ERR_DECRYPT,
                      "AES-CBC-HMAC: ciphertext or tag has the wrong length");
    uint8_t m[WL_HASH_MAX];
    wallet_err e = wl_cbc_hmac_tag(ctx, key, half, iv, aad, aad_len, ct, ct_len, m);
    if (e)
        return e;
    if (!wl_ct_equal(m, tag, half))
        return wl_err(ctx, WALLET_ERR_DECRYPT, "AES-CBC-HMAC: authentication failed");
    EVP_CIPHER_CTX *cc = EVP_CIPHER_CTX_new();
    int len = 0, fin = 0;
    int ok = cc && EVP_DecryptInit_ex(cc, c, NULL, key + half, iv) == 1 &&
             EVP_DecryptUpdate(cc, pt, &len, ct, (int)ct_len) == 1 &&
             EVP_DecryptFinal_ex(cc, pt + len, &fin) == 1;
    EVP_CIPHER_CTX_free(cc);
    if (!ok) {
        wl_memzero(pt, ct_len);
        ERR_clear_error();
        return wl_err(ctx, WALLET_ERR_DECRYPT, "AES-CBC-HMAC: bad padding");
    }
    *pt_len = (size_t)len + (size_t)fin;
    return WALLET_OK;
}
