/*
 * ES256K (RFC 8812) through libsecp256k1.
 *
 * Signing: RFC 6979 deterministic nonces; libsecp256k1 always produces
 * low-S signatures. Verification: libsecp256k1 rejects high-S; RFC 8812 does
 * not require low-S and OpenSSL-based signers (e.g. Node's crypto, used by
 * the `jose` package) emit either, so the signature is normalised first —
 * we accept exactly the signatures OpenSSL's ECDSA verify would accept.
 */
#include "key_impl.h"

wallet_err wl_k1_init_key(wallet_ctx *ctx, wallet_key *key)
{
    const secp256k1_context *k1 = wl_secp256k1_ctx();
    if (!k1)
        return wl_err(ctx, WALLET_ERR_CRYPTO, "secp256k1 context unavailable");
    wl_key_parts p;
    wallet_err e = wl_key_export(ctx, &p, key, key->has_private);
    if (e)
        return e;
    uint8_t pub[65];
    pub[0] = 0x04;
    memcpy(pub + 1, p.x, 32);
    memcpy(pub + 33, p.y, 32);
    if (!secp256k1_ec_pubkey_parse(k1, &key->k1_pub, pub, sizeof(pub)))
        e = wl_err(ctx, WALLET_ERR_KEY_INVALID, "secp256k1 public key rejected");
    else if (key->has_private) {
        if (!secp256k1_ec_seckey_verify(k1, p.d))
            e = wl_err(ctx, WALLET_ERR_KEY_INVALID, "secp256k1 private key rejected");
        else
            memcpy(key->k1_priv, p.d, 32);
    }
    wl_key_parts_clear(&p);
    return e;
}

wallet_err wl_k1_sign(wallet_ctx *ctx, const wallet_key *key, const uint8_t *msg, size_t n,
                      uint8_t *sig, size_t *sig_len)
{
    const secp256k1_context *k1 = wl_secp256k1_ctx();
    uint8_t digest[32];
    secp256k1_ecdsa_signature s;
    if (!k1)
        return wl_err(ctx, WALLET_ERR_CRYPTO, "secp256k1 context unavailable");
    if (*sig_len < 64)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "signature buffer too small");
    wallet_err e = wl_hash(ctx, WL_SHA256, msg, n, digest);
    if (e)
        return e;
    if (!secp256k1_ecdsa_sign(k1, &s, digest, key->k1_priv, NULL, NULL))
        return wl_err(ctx, WALLET_ERR_CRYPTO, "secp256k1 signing failed");
    secp256k1_ecdsa_signature_serialize_compact(k1, sig, &s);
    *sig_len = 64;
    return WALLET_OK;
}

wallet_err wl_k1_verify(wallet_ctx *ctx, const wallet_key *key, const uint8_t *msg, size_t n,
                        const uint8_t *sig, size_t sig_len)
{
    const secp256k1_context *k1 = wl_secp256k1_ctx();
    uint8_t digest[32];
    secp256k1_ecdsa_signature s;
    if (!k1)
        return wl_err(ctx, WALLET_ERR_CRYPTO, "secp256k1 context unavailable");
    if (sig_len != 64)
        return wl_err(ctx, WALLET_ERR_SIGNATURE,
                      "ES256K signature has %zu bytes, expected 64 (raw r||s)", sig_len);
    /* parse_compact fails when r or s overflow the group order. */
    if (!secp256k1_ecdsa_signature_parse_compact(k1, &s, sig))
        return wl_err(ctx, WALLET_ERR_SIGNATURE, "ES256K signature out of range");
    secp256k1_ecdsa_signature_normalize(k1, &s, &s);
    wallet_err e = wl_hash(ctx, WL_SHA256, msg, n, digest);
    if (e)
        return e;
    if (!secp256k1_ecdsa_verify(k1, &s, digest, &key->k1_pub))
        return wl_err(ctx, WALLET_ERR_SIGNATURE, "ES256K signature does not verify");
    return WALLET_OK;
}
