/*
 * The Concat KDF of JWE ECDH-ES (RFC 7518 §4.6.2): the single-step key
 * derivation function of NIST SP 800-56A rev. 3 §5.8.2.1 (formerly §5.8.1)
 * with a hash,
 *
 *     K(i) = H(counter_i || Z || OtherInfo),  counter_i = i as 32-bit big endian,
 *     output = K(1) || K(2) || ... truncated to keydatalen,
 *
 * which OpenSSL 3 implements as the "SSKDF" KDF with a digest (the "key" is Z,
 * the "info" is OtherInfo). The KDF object is fetched once per process.
 */
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <pthread.h>
#include <stdio.h>

#include "key_impl.h"

static pthread_once_t wl_sskdf_once = PTHREAD_ONCE_INIT;
static EVP_KDF *wl_sskdf;

static void wl_sskdf_init(void)
{
    wl_sskdf = EVP_KDF_fetch(NULL, "SSKDF", NULL);
}

wallet_err wl_concat_kdf(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *z, size_t z_len,
                         const uint8_t *other_info, size_t other_len, uint8_t *out,
                         size_t out_len)
{
    const EVP_MD *md = wl_md(h);
    if (!md || !z || z_len == 0 || out_len == 0)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "Concat KDF: bad parameters");
    pthread_once(&wl_sskdf_once, wl_sskdf_init);
    char mdname[32];
    snprintf(mdname, sizeof(mdname), "%s", EVP_MD_get0_name(md));
    static const uint8_t empty[1] = {0};
    OSSL_PARAM params[4];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, mdname, 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)(uintptr_t)z, z_len);
    params[2] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_INFO, (void *)(uintptr_t)(other_info ? other_info : empty), other_len);
    params[3] = OSSL_PARAM_construct_end();
    EVP_KDF_CTX *kctx = wl_sskdf ? EVP_KDF_CTX_new(wl_sskdf) : NULL;
    int ok = kctx && EVP_KDF_derive(kctx, out, out_len, params) == 1;
    EVP_KDF_CTX_free(kctx); /* clears its copy of Z */
    if (!ok) {
        wl_memzero(out, out_len);
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "Concat KDF failed");
    }
    return WALLET_OK;
}
