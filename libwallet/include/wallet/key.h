/*
 * libwallet — keys and signature algorithms.
 *
 * A wallet_key is a public key, a key pair, or an external signer (a public
 * key plus a callback that signs with a private key held elsewhere: Android
 * Keystore, Secure Enclave, an HSM). An external signer is accepted wherever
 * a private key is. Keys are immutable once built (only the kid can be set)
 * and may be shared between threads.
 *
 * Signature algorithms (JOSE name / COSE id):
 *   ES256 -7 (P-256)   ES384 -35 (P-384)   ES512 -36 (P-521)
 *   EdDSA -8 (Ed25519 or Ed448)            ES256K -47 (secp256k1, RFC 8812)
 *   PS256 -37 PS384 -38 PS512 -39 (RSASSA-PSS, salt = hash length)
 *   RS256 -257 RS384 -258 RS512 -259 (RSASSA-PKCS1-v1_5)
 * RSA keys are accepted for verification only (RSA issuers exist, e.g. in
 * the EU DCC trust lists); libwallet generates EC and OKP keys.
 * Symmetric JWS algorithms (HS256, ...) and "none" are not signature
 * algorithms here and are always rejected.
 *
 * ES256K: signing always produces low-S signatures; verification accepts
 * high-S as well (RFC 8812 does not require low-S and OpenSSL-based signers
 * produce either), after normalising.
 */
#ifndef WALLET_KEY_H
#define WALLET_KEY_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wallet_alg {
    WALLET_ALG_NONE = 0, /* "no algorithm": never accepted for signing or verifying */
    WALLET_ALG_ES256 = 1,
    WALLET_ALG_ES384 = 2,
    WALLET_ALG_ES512 = 3,
    WALLET_ALG_EDDSA = 4,
    WALLET_ALG_ES256K = 5,
    WALLET_ALG_PS256 = 6,
    WALLET_ALG_PS384 = 7,
    WALLET_ALG_PS512 = 8,
    WALLET_ALG_RS256 = 9,
    WALLET_ALG_RS384 = 10,
    WALLET_ALG_RS512 = 11
} wallet_alg;

/* Sets of algorithms for per-call allow-lists: WALLET_ALGSET(WALLET_ALG_ES256) |
 * WALLET_ALGSET(WALLET_ALG_EDDSA). An empty set (0) is a usage error. */
typedef uint32_t wallet_algset;
#define WALLET_ALGSET(alg) ((wallet_algset)1u << (unsigned)(alg))
#define WALLET_ALGSET_EC                                                                  \
    (WALLET_ALGSET(WALLET_ALG_ES256) | WALLET_ALGSET(WALLET_ALG_ES384) |                    \
     WALLET_ALGSET(WALLET_ALG_ES512) | WALLET_ALGSET(WALLET_ALG_EDDSA) |                    \
     WALLET_ALGSET(WALLET_ALG_ES256K))
#define WALLET_ALGSET_RSA                                                                 \
    (WALLET_ALGSET(WALLET_ALG_PS256) | WALLET_ALGSET(WALLET_ALG_PS384) |                    \
     WALLET_ALGSET(WALLET_ALG_PS512) | WALLET_ALGSET(WALLET_ALG_RS256) |                    \
     WALLET_ALGSET(WALLET_ALG_RS384) | WALLET_ALGSET(WALLET_ALG_RS512))
#define WALLET_ALGSET_ALL (WALLET_ALGSET_EC | WALLET_ALGSET_RSA)

/* "ES256", ...; NULL for WALLET_ALG_NONE or an unknown value. */
WALLET_EXPORT const char *wallet_alg_name(wallet_alg alg);
/* Parse a JOSE "alg" name (exact, case-sensitive); WALLET_ALG_NONE if unknown. */
WALLET_EXPORT wallet_alg wallet_alg_from_name(const char *name);
/* COSE algorithm identifier (RFC 9053); 0 for WALLET_ALG_NONE. */
WALLET_EXPORT int64_t wallet_alg_cose_id(wallet_alg alg);
/* WALLET_ALG_NONE if the COSE id is not a supported signature algorithm. */
WALLET_EXPORT wallet_alg wallet_alg_from_cose_id(int64_t id);

typedef enum wallet_kty {
    WALLET_KTY_EC = 1,  /* "EC" (NIST curves, secp256k1) */
    WALLET_KTY_OKP = 2, /* "OKP" (Ed25519, Ed448) */
    WALLET_KTY_RSA = 3  /* "RSA" */
} wallet_kty;

typedef enum wallet_curve {
    WALLET_CURVE_NONE = 0, /* RSA */
    WALLET_CURVE_P256 = 1,
    WALLET_CURVE_P384 = 2,
    WALLET_CURVE_P521 = 3,
    WALLET_CURVE_SECP256K1 = 4,
    WALLET_CURVE_ED25519 = 5,
    WALLET_CURVE_ED448 = 6
} wallet_curve;

typedef struct wallet_key wallet_key;

/* Generate a key pair for `alg` (ES256, ES384, ES512, EdDSA → Ed25519, ES256K).
 * Randomness comes from OpenSSL's RAND. */
WALLET_EXPORT wallet_err wallet_key_generate(wallet_ctx *ctx, wallet_key **out, wallet_alg alg);

/* Import a JWK (RFC 7517; kty EC, OKP or RSA). Private members are used when
 * present. "alg" and "kid" are honoured; an "alg" that does not fit the key
 * is WALLET_ERR_ALG_KEY_MISMATCH. Points are checked to be on the curve. */
WALLET_EXPORT wallet_err wallet_key_from_jwk(wallet_ctx *ctx, wallet_key **out, const char *jwk,
                                             size_t jwk_len);

/* Import PEM: "PRIVATE KEY" (PKCS#8), "EC PRIVATE KEY" (SEC1), "PUBLIC KEY"
 * (SubjectPublicKeyInfo) or "CERTIFICATE" (its public key). The first PEM
 * block of a supported kind is used. */
WALLET_EXPORT wallet_err wallet_key_from_pem(wallet_ctx *ctx, wallet_key **out, const char *pem,
                                             size_t pem_len);

/* Import DER: PKCS#8, SEC1 EC private key, or SubjectPublicKeyInfo. */
WALLET_EXPORT wallet_err wallet_key_from_der(wallet_ctx *ctx, wallet_key **out, const uint8_t *der,
                                             size_t der_len);

/* Import a COSE_Key (RFC 9052 §7, RFC 9053 §7): kty 1 (OKP) or 2 (EC2),
 * x/y (uncompressed or compressed y as a bool), optional d, kid, alg. */
WALLET_EXPORT wallet_err wallet_key_from_cose_key(wallet_ctx *ctx, wallet_key **out,
                                                  const uint8_t *cbor, size_t cbor_len);

/*
 * External signer. `sign` must sign `msg` (the message, not a digest) with
 * `alg` and write the signature to `sig` (capacity *sig_len, at least 512
 * bytes are offered), setting *sig_len. ECDSA signatures may be returned
 * either as raw r||s (JOSE/COSE form) or as DER, as declared by `flags`;
 * libwallet converts. Return WALLET_OK or any error (reported to the caller
 * as WALLET_ERR_SIGNER_FAILED). `public_key` supplies the public half; it is
 * copied, and the caller keeps ownership of it.
 */
typedef wallet_err (*wallet_sign_fn)(void *user, wallet_alg alg, const uint8_t *msg,
                                     size_t msg_len, uint8_t *sig, size_t *sig_len);
#define WALLET_SIGNER_RAW 0u /* ECDSA signature returned as r||s */
#define WALLET_SIGNER_DER 1u /* ECDSA signature returned as DER ECDSA-Sig-Value */
WALLET_EXPORT wallet_err wallet_key_from_signer(wallet_ctx *ctx, wallet_key **out,
                                                const wallet_key *public_key, wallet_alg alg,
                                                wallet_sign_fn sign, void *user, unsigned flags);
/* The same for callers whose callback state must live exactly as long as the
 * key — language bindings, where a key may outlive the caller's handle inside
 * a trust set, a builder or a policy: `release(user)` is called once, when
 * the last reference to the key goes. On failure nothing is released (the
 * caller still owns `user`). */
WALLET_EXPORT wallet_err wallet_key_from_signer_owned(wallet_ctx *ctx, wallet_key **out,
                                                      const wallet_key *public_key,
                                                      wallet_alg alg, wallet_sign_fn sign,
                                                      void *user, unsigned flags,
                                                      void (*release)(void *user));

/* Export flags. Without WALLET_EXPORT_PRIVATE only the public half is written;
 * with it, a key without a private half (or an external signer) is
 * WALLET_ERR_KEY_NOT_PRIVATE. */
#define WALLET_EXPORT_PUBLIC 0u
#define WALLET_EXPORT_PRIVATE 1u

/* JWK text (members in RFC 7638 order, then "alg" and "kid" if set). */
WALLET_EXPORT wallet_err wallet_key_to_jwk(wallet_ctx *ctx, char **out, const wallet_key *key,
                                           unsigned flags);
/* COSE_Key, deterministic CBOR. */
WALLET_EXPORT wallet_err wallet_key_to_cose_key(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                                const wallet_key *key, unsigned flags);
/* PEM: "PUBLIC KEY" (SPKI) or, with WALLET_EXPORT_PRIVATE, "PRIVATE KEY" (PKCS#8). */
WALLET_EXPORT wallet_err wallet_key_to_pem(wallet_ctx *ctx, char **out, const wallet_key *key,
                                           unsigned flags);
/* DER: SPKI or PKCS#8. */
WALLET_EXPORT wallet_err wallet_key_to_der(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                           const wallet_key *key, unsigned flags);

/* RFC 7638 JWK thumbprint with SHA-256: 32 bytes into out32. */
WALLET_EXPORT wallet_err wallet_key_thumbprint(wallet_ctx *ctx, uint8_t out32[32],
                                               const wallet_key *key);

/* A new key holding only the public half of `key`. */
WALLET_EXPORT wallet_err wallet_key_public(wallet_ctx *ctx, wallet_key **out,
                                           const wallet_key *key);

/* 1 when both keys have the same public half, else 0. */
WALLET_EXPORT int wallet_key_equal_public(const wallet_key *a, const wallet_key *b);

/* The key's default signature algorithm (from the curve, or from "alg" for
 * RSA keys; WALLET_ALG_NONE for an RSA key without one). */
WALLET_EXPORT wallet_alg wallet_key_alg(const wallet_key *key);
WALLET_EXPORT wallet_kty wallet_key_kty(const wallet_key *key);
WALLET_EXPORT wallet_curve wallet_key_curve(const wallet_key *key);
/* 1 if the key can sign (private half or external signer), else 0. */
WALLET_EXPORT int wallet_key_can_sign(const wallet_key *key);
/* The key id, or NULL. Owned by the key. */
WALLET_EXPORT const char *wallet_key_kid(const wallet_key *key);
/* Set (or clear, with NULL) the key id. Not thread-safe against readers. */
WALLET_EXPORT wallet_err wallet_key_set_kid(wallet_ctx *ctx, wallet_key *key, const char *kid);

/* Sign `msg` with `alg` (WALLET_ALG_NONE: the key's default). Output is the
 * JOSE/COSE form (raw r||s for ECDSA). */
WALLET_EXPORT wallet_err wallet_sign(wallet_ctx *ctx, uint8_t **sig, size_t *sig_len,
                                     const wallet_key *key, wallet_alg alg, const uint8_t *msg,
                                     size_t msg_len);

/* Verify a JOSE/COSE-form signature. `alg` must be in `allowed` and fit the
 * key (RFC 7518 §3.4 curve binding for ECDSA). */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_verify_signature(wallet_ctx *ctx,
                                                                  const wallet_key *key,
                                                                  wallet_alg alg,
                                                                  wallet_algset allowed,
                                                                  const uint8_t *msg,
                                                                  size_t msg_len,
                                                                  const uint8_t *sig,
                                                                  size_t sig_len);

/* Release a key. NULL is a no-op. Private material is wiped. */
WALLET_EXPORT void wallet_key_free(wallet_key *key);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_KEY_H */
