/*
 * Elliptic-curve Diffie-Hellman (SEC 1 §3.3.1): the shared secret is the
 * x-coordinate of d·Q. Used for mdoc session keys and EMacKey (ISO 18013-5
 * §9.1.1.4, §9.1.3.5) and JWE ECDH-ES (RFC 7518 §4.6).
 */
#include "key_impl.h"

wallet_err wl_ecdh(wallet_ctx *ctx, const wallet_key *priv, const wallet_key *peer, uint8_t *out,
                   size_t *out_len)
{
    if (!priv->has_private)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "ECDH needs a private key");
    if (priv->kty != WALLET_KTY_EC || peer->kty != WALLET_KTY_EC || priv->curve != peer->curve)
        return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH, "ECDH keys must be EC keys on one curve");
    /* The defence against invalid-curve attacks: the peer's point must be a
     * point of its curve. Keys built from JWK / COSE_Key / certificates are
     * validated when built; the check is repeated here, whatever the key's
     * origin, because it is cheap (SP 800-56A partial validation, complete
     * on these cofactor-1 curves). OpenSSL's own peer validation
     * (EVP_PKEY_derive_set_peer) is the full check, whose n·Q = O scalar
     * multiplication adds nothing here and costs as much as the ECDH itself:
     * it is turned off. */
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, peer->pkey, NULL);
    int peer_ok = pc && EVP_PKEY_public_check_quick(pc) == 1;
    EVP_PKEY_CTX_free(pc);
    if (!peer_ok)
        return wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "ECDH peer key is not a point of its curve");
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, priv->pkey, NULL);
    size_t n = 0;
    int ok = c && EVP_PKEY_derive_init(c) == 1 &&
             EVP_PKEY_derive_set_peer_ex(c, peer->pkey, 0) == 1 &&
             EVP_PKEY_derive(c, NULL, &n) == 1 && n <= *out_len &&
             EVP_PKEY_derive(c, out, &n) == 1;
    EVP_PKEY_CTX_free(c);
    if (!ok)
        return wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "ECDH failed");
    *out_len = n;
    return WALLET_OK;
}
