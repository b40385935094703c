/*
 * The crypto adapter: the one internal interface through which libwallet
 * uses OpenSSL 3 and libsecp256k1. No other module includes their headers.
 * Everything is keyed by wallet_alg (JOSE/COSE algorithm identifiers) and
 * raw key components, so JOSE (JWK) and COSE (COSE_Key) code converts its
 * encodings to and from raw bytes and never touches the backend.
 *
 * Signatures cross this interface in JOSE/COSE form: raw r||s for ECDSA
 * (each half the curve's coordinate size), raw bytes for EdDSA and RSA.
 */
#ifndef WL_CRYPTO_H
#define WL_CRYPTO_H

#include "../core/internal.h"
#include "wallet/key.h"
#include "wallet/x509.h"

/* ---- hashes, MAC, randomness -------------------------------------------- */

typedef enum wl_hash_alg {
    WL_SHA256 = 1,
    WL_SHA384 = 2,
    WL_SHA512 = 3
} wl_hash_alg;

#define WL_HASH_MAX 64

WL_HIDDEN size_t wl_hash_len(wl_hash_alg h);
/* One-shot digest into out (wl_hash_len(h) bytes). */
WL_HIDDEN wallet_err wl_hash(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *in, size_t n,
                             uint8_t *out);
/* Digest of the concatenation of several parts. */
WL_HIDDEN wallet_err wl_hash_parts(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *const *parts,
                                   const size_t *lens, size_t count, uint8_t *out);
/* HMAC with the hash into out (wl_hash_len(h) bytes). */
WL_HIDDEN wallet_err wl_hmac(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *key, size_t key_len,
                             const uint8_t *in, size_t n, uint8_t *out);
/* Bytes from OpenSSL's CSPRNG. */
WL_HIDDEN wallet_err wl_random(wallet_ctx *ctx, uint8_t *out, size_t n);

/* HKDF (RFC 5869). */
WL_HIDDEN wallet_err wl_hkdf(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *salt, size_t salt_len,
                             const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
                             size_t info_len, uint8_t *out, size_t out_len);
/* scrypt (RFC 7914); N a power of two, at most 2^24. */
WL_HIDDEN wallet_err wl_scrypt(wallet_ctx *ctx, const uint8_t *pass, size_t pass_len,
                               const uint8_t *salt, size_t salt_len, uint64_t n_cost, uint32_t r,
                               uint32_t p, uint8_t *out, size_t out_len);
/* PBKDF2-HMAC-SHA256 (RFC 8018). */
WL_HIDDEN wallet_err wl_pbkdf2_sha256(wallet_ctx *ctx, const uint8_t *pass, size_t pass_len,
                                      const uint8_t *salt, size_t salt_len, uint32_t iterations,
                                      uint8_t *out, size_t out_len);

/* AES-GCM with a 16- or 32-byte key and a 16-byte tag. ct/pt have the
 * plaintext's length. Decryption failure is WALLET_ERR_DECRYPT and leaves
 * pt zeroed. */
WL_HIDDEN wallet_err wl_aes_gcm_encrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                                        const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                                        size_t aad_len, const uint8_t *pt, size_t pt_len,
                                        uint8_t *ct, uint8_t tag[16]);
WL_HIDDEN wallet_err wl_aes_gcm_decrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                                        const uint8_t *iv, size_t iv_len, const uint8_t *aad,
                                        size_t aad_len, const uint8_t *ct, size_t ct_len,
                                        const uint8_t tag[16], uint8_t *pt);

/* ECDH: shared secret (x-coordinate) of priv and peer (same EC curve) into
 * out (capacity *out_len >= 66). */
WL_HIDDEN wallet_err wl_ecdh(wallet_ctx *ctx, const wallet_key *priv, const wallet_key *peer,
                             uint8_t *out, size_t *out_len);

/* Concat KDF (RFC 7518 §4.6.2; NIST SP 800-56A single-step KDF with hash h,
 * OpenSSL's "SSKDF"): out_len bytes from the shared secret Z and OtherInfo.
 * out is wiped on failure. */
WL_HIDDEN wallet_err wl_concat_kdf(wallet_ctx *ctx, wl_hash_alg h, const uint8_t *z, size_t z_len,
                                   const uint8_t *other_info, size_t other_len, uint8_t *out,
                                   size_t out_len);

/* AES_CBC_HMAC_SHA2 (RFC 7518 §5.2): a 32-byte key is A128CBC-HS256, a
 * 64-byte key A256CBC-HS512; the tag is key_len/2 bytes. Encryption: ct has
 * capacity pt_len + 16 (PKCS #7 padding), *ct_len is set. Decryption checks
 * the tag in constant time first; pt has capacity ct_len; any failure is
 * WALLET_ERR_DECRYPT with pt zeroed. */
WL_HIDDEN wallet_err wl_aes_cbc_hmac_encrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                                             const uint8_t iv[16], const uint8_t *aad,
                                             size_t aad_len, const uint8_t *pt, size_t pt_len,
                                             uint8_t *ct, size_t *ct_len, uint8_t *tag);
WL_HIDDEN wallet_err wl_aes_cbc_hmac_decrypt(wallet_ctx *ctx, const uint8_t *key, size_t key_len,
                                             const uint8_t iv[16], const uint8_t *aad,
                                             size_t aad_len, const uint8_t *ct, size_t ct_len,
                                             const uint8_t *tag, size_t tag_len, uint8_t *pt,
                                             size_t *pt_len);

/* ---- algorithms ------------------------------------------------------------ */

/* The hash of an ECDSA/RSA algorithm (0 for EdDSA). */
WL_HIDDEN wl_hash_alg wl_alg_hash(wallet_alg alg);
/* Does alg fit the key? strict_curve: JOSE binding of ES256/384/512 to
 * P-256/384/521 (RFC 7518 §3.4); without it, COSE's looser pairing (RFC 9053
 * §2.1) lets any NIST curve use any ECDSA hash. Returns WALLET_OK or
 * WALLET_ERR_ALG_KEY_MISMATCH / _ALG_NOT_ALLOWED (with detail). */
WL_HIDDEN wallet_err wl_alg_check_key(wallet_ctx *ctx, wallet_alg alg, const wallet_key *key,
                                      int strict_curve);
/* Coordinate size in bytes of a curve (32, 48, 66; 32/57 for OKP). */
WL_HIDDEN size_t wl_curve_size(wallet_curve crv);
/* JOSE "crv" names: "P-256", ..., "secp256k1", "Ed25519", "Ed448". */
WL_HIDDEN const char *wl_curve_jose_name(wallet_curve crv);
WL_HIDDEN wallet_curve wl_curve_from_jose_name(const char *name);
/* COSE curve ids (RFC 9053 §7.1; secp256k1 = 8 per RFC 8812). */
WL_HIDDEN int64_t wl_curve_cose_id(wallet_curve crv);
WL_HIDDEN wallet_curve wl_curve_from_cose_id(int64_t id);
/* The default algorithm of a curve (WALLET_ALG_NONE for RSA). */
WL_HIDDEN wallet_alg wl_curve_default_alg(wallet_curve crv);

/* ---- keys ------------------------------------------------------------------ */

/* Raw components. Buffers are caller-owned. For EC keys x and y are the
 * affine coordinates (left-padded to the curve size); y may be NULL with
 * y_sign 0/1 for a compressed point. d may be NULL for a public key. */
WL_HIDDEN wallet_err wl_key_from_ec(wallet_ctx *ctx, wallet_key **out, wallet_curve crv,
                                    const uint8_t *x, size_t x_len, const uint8_t *y,
                                    size_t y_len, int y_sign, const uint8_t *d, size_t d_len);
WL_HIDDEN wallet_err wl_key_from_okp(wallet_ctx *ctx, wallet_key **out, wallet_curve crv,
                                     const uint8_t *x, size_t x_len, const uint8_t *d,
                                     size_t d_len);

typedef struct wl_rsa_parts {
    const uint8_t *n, *e, *d, *p, *q, *dp, *dq, *qi;
    size_t n_len, e_len, d_len, p_len, q_len, dp_len, dq_len, qi_len;
} wl_rsa_parts;
WL_HIDDEN wallet_err wl_key_from_rsa(wallet_ctx *ctx, wallet_key **out, const wl_rsa_parts *parts);

/* Exported components: fixed-size buffers owned by the struct; wipe with
 * wl_key_parts_clear(). For RSA, the big numbers are allocated. */
typedef struct wl_key_parts {
    wallet_kty kty;
    wallet_curve crv;
    uint8_t x[66], y[66], d[66];
    size_t coord_len; /* x / y length (OKP: x only) */
    size_t d_len;     /* 0 when no private half was exported */
    uint8_t *rsa[8];  /* n e d p q dp dq qi */
    size_t rsa_len[8];
} wl_key_parts;

WL_HIDDEN wallet_err wl_key_export(wallet_ctx *ctx, wl_key_parts *parts, const wallet_key *key,
                                   int with_private);
WL_HIDDEN void wl_key_parts_clear(wl_key_parts *parts);

/* Take another reference (keys are reference-counted and immutable). */
WL_HIDDEN wallet_key *wl_key_ref(const wallet_key *key);
/* Record the JOSE/COSE "alg" a key was published with (checked against the
 * key type). */
WL_HIDDEN wallet_err wl_key_set_alg(wallet_ctx *ctx, wallet_key *key, wallet_alg alg);
/* 1 if the key was published with an explicit "alg". */
WL_HIDDEN int wl_key_alg_explicit(const wallet_key *key);

/* The JWE key management algorithm a key was published with (its JWK "alg"
 * is e.g. "ECDH-ES", RFC 7518 §4.1), as a static string, or NULL. Such a key
 * is for key agreement only: wl_alg_check_key() refuses it for signatures. */
WL_HIDDEN const char *wl_key_kex_alg(const wallet_key *key);
/* Record it: name must be one of the ECDH-ES family and the key an EC key
 * (WALLET_ERR_ALG_UNSUPPORTED / WALLET_ERR_ALG_KEY_MISMATCH otherwise). */
WL_HIDDEN wallet_err wl_key_set_kex_alg(wallet_ctx *ctx, wallet_key *key, const char *name);

/* Sign msg with alg into sig (capacity *sig_len >= 512); JOSE/COSE form. */
WL_HIDDEN wallet_err wl_key_sign(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                                 const uint8_t *msg, size_t n, uint8_t *sig, size_t *sig_len);
/* Verify (alg already checked against the key and the allow-list). */
WL_HIDDEN wallet_err wl_key_verify(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                                   const uint8_t *msg, size_t n, const uint8_t *sig,
                                   size_t sig_len);
/* wallet_key_from_signer() whose `release(user)` runs when the key's last
 * reference is freed (not on failure: the caller still owns `user` then). */
WL_HIDDEN wallet_err wl_key_from_signer_owned(wallet_ctx *ctx, wallet_key **out,
                                              const wallet_key *public_key, wallet_alg alg,
                                              wallet_sign_fn sign, void *user, unsigned flags,
                                              void (*release)(void *user));
/* Maximum signature size for the key (for buffers). */
WL_HIDDEN size_t wl_key_sig_max(const wallet_key *key);

/* ---- X.509 ---------------------------------------------------------------- */

/* 1 if the certificate is self-signed (subject == issuer and its own key
 * verifies its signature) and a CA (basicConstraints cA). */
WL_HIDDEN int wl_cert_is_self_signed_ca(const wallet_cert *cert);
/* Duplicate reference. */
WL_HIDDEN wallet_cert *wl_cert_ref(const wallet_cert *cert);
/* The certificate's public key as a reference to one key made for the
 * certificate's lifetime — for library code that only verifies with it
 * (never sets its kid or alg), so that the key's kept verification set-up
 * (sign.c) serves every message the certificate signs. Release with
 * wallet_key_free. */
WL_HIDDEN wallet_err wl_cert_verify_key(wallet_ctx *ctx, wallet_key **out,
                                        const wallet_cert *cert);
/* keyUsage as OpenSSL's KU_* flags (the first byte of the RFC 5280 bit
 * string: 0x80 digitalSignature ... 0x04 keyCertSign, 0x02 cRLSign), or -1
 * if the extension is absent. */
WL_HIDDEN int wl_cert_key_usage(const wallet_cert *cert);
/* wallet_cert_verify_chain() (without wl_enter) that also reports the
 * window [*not_before, *not_after) in which every certificate of the path
 * it built, trust anchor included, is valid (outputs may be NULL). */
WL_HIDDEN wallet_err wl_cert_verify_chain_window(wallet_ctx *ctx, const wallet_cert *leaf,
                                                 const wallet_cert *const *intermediates,
                                                 size_t intermediate_count,
                                                 const wallet_cert *const *roots,
                                                 size_t root_count, int64_t *not_before,
                                                 int64_t *not_after);
/* basicConstraints cA flag: 1, 0, or -1 when absent. */
WL_HIDDEN int wl_cert_is_ca(const wallet_cert *cert);
/* SHA-256 of the certificate's DER (32 bytes, computed when it was parsed;
 * owned by the certificate). */
WL_HIDDEN const uint8_t *wl_cert_sha256_ref(const wallet_cert *cert);
/* Extended key usage against a list of dotted OIDs, in one pass: bit i of
 * *found is set when oids[i] (i < 32) is listed. Returns 1 when the
 * certificate has an EKU extension, 0 when it has none, and -1 when the
 * extension cannot be decoded or appears twice (callers must then treat
 * the certificate as restricted to nothing). */
WL_HIDDEN int wl_cert_eku_match(const wallet_cert *cert, const char *const *oids, size_t n,
                                uint32_t *found);

#endif /* WL_CRYPTO_H */
