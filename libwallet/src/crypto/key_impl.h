/*
 * The wallet_key structure. Private to src/crypto/: other modules use the
 * accessors of key.h and crypto.h.
 */
#ifndef WL_KEY_IMPL_H
#define WL_KEY_IMPL_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <secp256k1.h>
#include <stdatomic.h>

#include "crypto.h"

/* An OpenSSL signing or verification set-up kept on a key (sign.c): kept at
 * the key's second operation, then only copied, under `lock`. */
typedef struct wl_op_cache {
    pthread_mutex_t lock;
    void *obj;     /* EVP_PKEY_CTX for WL_OP_VERIFY_DIGEST, else EVP_MD_CTX */
    wallet_alg alg; /* the algorithm it was set up for */
    int used;      /* operations so far without a kept set-up */
} wl_op_cache;

enum {
    WL_OP_SIGN = 0,          /* EVP_DigestSign */
    WL_OP_VERIFY = 1,        /* EVP_DigestVerify (EdDSA, RSA) */
    WL_OP_VERIFY_DIGEST = 2, /* EVP_PKEY_verify over a digest (ECDSA) */
    WL_OP_COUNT
};

/* Release what a key's cache holds (wallet_key_free). */
WL_HIDDEN void wl_op_cache_clear(wl_op_cache *c, int op);

struct wallet_key {
    atomic_int refs;
    wallet_kty kty;
    wallet_curve curve;
    wallet_alg alg;   /* default / published algorithm */
    int alg_explicit; /* alg came from the key's own "alg" */
    const char *kex_alg; /* JWE key agreement "alg" the key was published with
                            (static string, e.g. "ECDH-ES"), or NULL */
    EVP_PKEY *pkey;   /* every key has one (secp256k1 too, for PEM/DER) */
    int has_private;
    /* secp256k1 keys: signing and verification go through libsecp256k1. */
    secp256k1_pubkey k1_pub;
    uint8_t k1_priv[32];
    /* external signer */
    wallet_sign_fn signer;
    void *signer_user;
    unsigned signer_flags;
    void (*signer_release)(void *user); /* called on the last free (internal signers) */
    char *kid;
    wl_op_cache op[WL_OP_COUNT];
};

/* Shared backend objects, created once (thread-safe). */
WL_HIDDEN const EVP_MD *wl_md(wl_hash_alg h);
WL_HIDDEN const secp256k1_context *wl_secp256k1_ctx(void);

/* Wrap an EVP_PKEY (ownership taken) into a new key; detects kty/curve and
 * builds the secp256k1 structures when needed. */
WL_HIDDEN wallet_err wl_key_from_pkey(wallet_ctx *ctx, wallet_key **out, EVP_PKEY *pkey,
                                      int has_private);
/* The same; check_point 0 skips wl_key_check_point for an EC key whose
 * point the caller has checked already. */
WL_HIDDEN wallet_err wl_key_from_pkey_ex(wallet_ctx *ctx, wallet_key **out, EVP_PKEY *pkey,
                                         int has_private, int check_point);
/* WALLET_ERR_KEY_INVALID unless the EC key's public point is readable. */
WL_HIDDEN wallet_err wl_key_check_point(wallet_ctx *ctx, EVP_PKEY *pkey);

/* Check that a private key read from PEM or DER matches the public key it
 * carries (SEC1 / PKCS#8 may hold both): EC pairwise check, RSA (2^e)^d = 2
 * mod n. WALLET_ERR_KEY_INVALID otherwise; pkey is not freed. */
WL_HIDDEN wallet_err wl_key_check_private(wallet_ctx *ctx, EVP_PKEY *pkey);

/* secp256k1 (libsecp256k1) */
WL_HIDDEN wallet_err wl_k1_init_key(wallet_ctx *ctx, wallet_key *key);
WL_HIDDEN wallet_err wl_k1_sign(wallet_ctx *ctx, const wallet_key *key, const uint8_t *msg,
                                size_t n, uint8_t *sig, size_t *sig_len);
WL_HIDDEN wallet_err wl_k1_verify(wallet_ctx *ctx, const wallet_key *key, const uint8_t *msg,
                                  size_t n, const uint8_t *sig, size_t sig_len);

/* Certificates (x509.c): the OpenSSL object, and wrapping one (ownership taken). */
WL_HIDDEN X509 *wl_cert_x509(const wallet_cert *cert);
WL_HIDDEN wallet_err wl_cert_wrap(wallet_ctx *ctx, wallet_cert **out, X509 *x);

/* Record OpenSSL's error queue as detail (and clear it). */
WL_HIDDEN wallet_err wl_ossl_err(wallet_ctx *ctx, wallet_err code, const char *what);

#endif /* WL_KEY_IMPL_H */
