/*
 * Keys in PEM and DER: PKCS#8, SEC1 ("EC PRIVATE KEY"), SubjectPublicKeyInfo,
 * and the public key of a certificate. Encrypted PEM is refused without
 * prompting (a library must never read a passphrase from the terminal).
 */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "key_impl.h"

static int wl_no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

/* Find "-----BEGIN <label>-----" blocks; returns 1 if one with the label exists. */
static int wl_pem_has(const char *pem, size_t len, const char *label)
{
    char marker[64];
    snprintf(marker, sizeof(marker), "-----BEGIN %s-----", label);
    size_t m = strlen(marker);
    for (size_t i = 0; i + m <= len; i++)
        if (pem[i] == '-' && memcmp(pem + i, marker, m) == 0)
            return 1;
    return 0;
}

wallet_err wallet_key_from_pem(wallet_ctx *ctx, wallet_key **out, const char *pem, size_t pem_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!pem)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, pem_len, "PEM");
    if (e)
        return e;
    if (pem_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "PEM too large");
    /* OpenSSL 3.0's decoders consult the thread's error queue: with a stale
     * error in it, PEM_read_bio_PUBKEY after a damaged CERTIFICATE block
     * returned a key without usable coordinates. Start from an empty queue. */
    ERR_clear_error();
    if (wl_pem_has(pem, pem_len, "ENCRYPTED PRIVATE KEY") ||
        (wl_pem_has(pem, pem_len, "EC PRIVATE KEY") && memmem(pem, pem_len, "ENCRYPTED", 9)))
        return wl_err(ctx, WALLET_ERR_PEM, "encrypted PEM keys are not supported");
    EVP_PKEY *pkey = NULL;
    int priv = 0;
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
    if (!bio)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (wl_pem_has(pem, pem_len, "PRIVATE KEY")) {
        pkey = PEM_read_bio_PrivateKey(bio, NULL, wl_no_password, NULL);
        priv = 1;
    } else if (wl_pem_has(pem, pem_len, "PUBLIC KEY")) {
        pkey = PEM_read_bio_PUBKEY(bio, NULL, wl_no_password, NULL);
    } else if (wl_pem_has(pem, pem_len, "CERTIFICATE")) {
        X509 *x = PEM_read_bio_X509(bio, NULL, wl_no_password, NULL);
        if (x) {
            pkey = X509_get_pubkey(x);
            X509_free(x);
        }
    } else {
        BIO_free(bio);
        return wl_err(ctx, WALLET_ERR_PEM, "no PRIVATE KEY, PUBLIC KEY or CERTIFICATE block");
    }
    BIO_free(bio);
    if (!pkey)
        return wl_ossl_err(ctx, WALLET_ERR_PEM, "PEM key could not be decoded");
    if (priv && (e = wl_key_check_private(ctx, pkey)) != WALLET_OK) {
        EVP_PKEY_free(pkey);
        return e;
    }
    return wl_key_from_pkey(ctx, out, pkey, priv);
}

wallet_err wallet_key_from_der(wallet_ctx *ctx, wallet_key **out, const uint8_t *der, size_t der_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!der)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, der_len, "DER");
    if (e)
        return e;
    if (der_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "DER too large");
    ERR_clear_error(); /* see wallet_key_from_pem() */
    /* Try the public form first (it cannot be mistaken for a private key),
     * then private forms. The whole input must be consumed. */
    const unsigned char *p = der;
    EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)der_len);
    int priv = 0;
    if (!pkey || p != der + der_len) {
        /* A complete SubjectPublicKeyInfo followed by more bytes. */
        int pub_trailing = pkey != NULL;
        EVP_PKEY_free(pkey);
        ERR_clear_error();
        p = der;
        pkey = d2i_AutoPrivateKey(NULL, &p, (long)der_len);
        priv = 1;
        if ((pkey && p != der + der_len) || (!pkey && pub_trailing)) {
            EVP_PKEY_free(pkey);
            ERR_clear_error();
            return wl_err(ctx, WALLET_ERR_TRAILING_DATA, "DER key: trailing bytes");
        }
    }
    if (!pkey)
        return wl_ossl_err(ctx, WALLET_ERR_DER, "DER key could not be decoded");
    if (priv && (e = wl_key_check_private(ctx, pkey)) != WALLET_OK) {
        EVP_PKEY_free(pkey);
        return e;
    }
    return wl_key_from_pkey(ctx, out, pkey, priv);
}

static wallet_err wl_check_export(wallet_ctx *ctx, const wallet_key *key, unsigned flags)
{
    if (flags > WALLET_EXPORT_PRIVATE)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown export flags");
    if ((flags & WALLET_EXPORT_PRIVATE) && !key->has_private)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE,
                      key->signer ? "the private key is held by an external signer"
                                  : "the key has no private half");
    return WALLET_OK;
}

wallet_err wallet_key_to_pem(wallet_ctx *ctx, char **out, const wallet_key *key, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_export(ctx, key, flags);
    if (e)
        return e;
    BIO *bio = BIO_new(BIO_s_secmem());
    if (!bio)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    int ok = (flags & WALLET_EXPORT_PRIVATE)
                 ? PEM_write_bio_PKCS8PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL)
                 : PEM_write_bio_PUBKEY(bio, key->pkey);
    char *data = NULL;
    long n = ok ? BIO_get_mem_data(bio, &data) : 0;
    if (!ok || n <= 0) {
        BIO_free(bio);
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "PEM encoding failed");
    }
    *out = wl_strndup(data, (size_t)n);
    BIO_free(bio); /* secure-memory BIO: contents are cleansed */
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

wallet_err wallet_key_to_der(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                             const wallet_key *key, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_export(ctx, key, flags);
    if (e)
        return e;
    unsigned char *der = NULL;
    int n;
    if (flags & WALLET_EXPORT_PRIVATE) {
        PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key->pkey);
        n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1;
        PKCS8_PRIV_KEY_INFO_free(p8);
    } else {
        n = i2d_PUBKEY(key->pkey, &der);
    }
    if (n <= 0)
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "DER encoding failed");
    *out = wl_memdup(der, (size_t)n);
    OPENSSL_clear_free(der, (size_t)n);
    if (!*out)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out_len = (size_t)n;
    return WALLET_OK;
}
