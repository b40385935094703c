/*
 * libwallet — X.509 certificates: parse, inspect, verify a chain to trusted
 * roots at the context's time, and make certificates (roots, mdoc IACA and
 * document-signer profiles of ISO/IEC 18013-5 Annex B).
 */
#ifndef WALLET_X509_H
#define WALLET_X509_H

#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_cert wallet_cert;

/* Parse one DER certificate (the whole input must be the certificate). */
WALLET_EXPORT wallet_err wallet_cert_from_der(wallet_ctx *ctx, wallet_cert **out,
                                              const uint8_t *der, size_t der_len);

/* Parse every "CERTIFICATE" block of a PEM text. *count receives how many;
 * *out an array of that many certificates (release each with
 * wallet_cert_free() and the array with wallet_free(), or call
 * wallet_cert_array_free()). No certificate at all is WALLET_ERR_PEM. */
WALLET_EXPORT wallet_err wallet_cert_from_pem(wallet_ctx *ctx, wallet_cert ***out, size_t *count,
                                              const char *pem, size_t pem_len);
WALLET_EXPORT void wallet_cert_array_free(wallet_cert **certs, size_t count);

/* The certificate's DER encoding, owned by the certificate. */
WALLET_EXPORT const uint8_t *wallet_cert_der(const wallet_cert *cert, size_t *len);

/* PEM text of the certificate (wallet_free()). */
WALLET_EXPORT wallet_err wallet_cert_to_pem(wallet_ctx *ctx, char **out, const wallet_cert *cert);

/* Subject / issuer distinguished names in RFC 4514 form, e.g.
 * "CN=Test IACA,O=City,C=VN" (wallet_free()). */
WALLET_EXPORT wallet_err wallet_cert_subject(wallet_ctx *ctx, char **out, const wallet_cert *cert);
WALLET_EXPORT wallet_err wallet_cert_issuer(wallet_ctx *ctx, char **out, const wallet_cert *cert);

/* Validity window, seconds since the epoch. */
WALLET_EXPORT wallet_err wallet_cert_validity(wallet_ctx *ctx, int64_t *not_before,
                                              int64_t *not_after, const wallet_cert *cert);

/* The subject public key as a wallet_key (public only). */
WALLET_EXPORT wallet_err wallet_cert_public_key(wallet_ctx *ctx, wallet_key **out,
                                                const wallet_cert *cert);

/* SHA-256 of the DER certificate (e.g. EU DCC kid = first 8 bytes). */
WALLET_EXPORT wallet_err wallet_cert_sha256(wallet_ctx *ctx, uint8_t out32[32],
                                            const wallet_cert *cert);

/* 1 if the certificate carries extended key usage `oid` (dotted text), 0 if
 * it has an EKU extension without it, -1 if it has no EKU extension. */
WALLET_EXPORT int wallet_cert_has_eku(const wallet_cert *cert, const char *oid);

/* Number of subjectAltName dNSName entries and entry i (owned by cert). */
WALLET_EXPORT size_t wallet_cert_san_dns_count(const wallet_cert *cert);
WALLET_EXPORT const char *wallet_cert_san_dns(const wallet_cert *cert, size_t i);

/*
 * Verify that `leaf` chains to one of `roots` through `intermediates` (may
 * be NULL/0) at the context's time. Every certificate must be within its
 * validity (WALLET_ERR_CERT_EXPIRED otherwise), CA certificates must carry
 * basicConstraints cA and keyCertSign, signatures must verify
 * (WALLET_ERR_CERT_CHAIN for an untrusted or broken chain). The path (leaf,
 * intermediates, anchor) is capped by WALLET_LIMIT_CHAIN_LENGTH. Validity
 * follows OpenSSL: a certificate counts as expired from its notAfter second
 * on (RFC 5280 still counts that one second as valid). A leaf that is itself one of the
 * roots is accepted (a trusted self-signed signer).
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_cert_verify_chain(
    wallet_ctx *ctx, const wallet_cert *leaf, const wallet_cert *const *intermediates,
    size_t intermediate_count, const wallet_cert *const *roots, size_t root_count);

WALLET_EXPORT void wallet_cert_free(wallet_cert *cert);

/* ---- Making certificates ------------------------------------------------ */

typedef enum wallet_cert_profile {
    /* A self-signed or CA-signed CA: basicConstraints cA (critical), keyUsage
     * keyCertSign + cRLSign (critical). */
    WALLET_CERT_PROFILE_CA = 1,
    /* End entity: keyUsage digitalSignature (critical). */
    WALLET_CERT_PROFILE_LEAF = 2,
    /* ISO/IEC 18013-5 Annex B.1.2 IACA root: CA profile with pathLen 0 and
     * issuerAltName; the subject must name a country (C=). */
    WALLET_CERT_PROFILE_MDOC_IACA = 3,
    /* ISO/IEC 18013-5 Annex B.1.4 document signer: digitalSignature, EKU
     * 1.0.18013.5.1.2 (critical), issuerAltName, authority key identifier;
     * must be issued under an issuer certificate. */
    WALLET_CERT_PROFILE_MDOC_DS = 4
} wallet_cert_profile;

typedef struct wallet_cert_builder wallet_cert_builder;

WALLET_EXPORT wallet_err wallet_cert_builder_new(wallet_ctx *ctx, wallet_cert_builder **out,
                                                 wallet_cert_profile profile);
/* Subject DN in RFC 4514 form: "CN=Health Dept,O=City,C=VN" (no escapes). */
WALLET_EXPORT wallet_err wallet_cert_builder_set_subject(wallet_ctx *ctx, wallet_cert_builder *b,
                                                         const char *dn);
/* Validity; default: the context's now for one year. */
WALLET_EXPORT wallet_err wallet_cert_builder_set_validity(wallet_ctx *ctx,
                                                          wallet_cert_builder *b,
                                                          int64_t not_before, int64_t not_after);
WALLET_EXPORT wallet_err wallet_cert_builder_add_san_dns(wallet_ctx *ctx, wallet_cert_builder *b,
                                                         const char *name);
WALLET_EXPORT wallet_err wallet_cert_builder_add_san_uri(wallet_ctx *ctx, wallet_cert_builder *b,
                                                         const char *uri);
/* issuerAltName URI (ISO/IEC 18013-5 Annex B requires one in IACA and
 * document-signer certificates). A document signer made under an issuer
 * certificate that has issuerAltName copies it when none is set here. */
WALLET_EXPORT wallet_err wallet_cert_builder_set_issuer_alt_uri(wallet_ctx *ctx,
                                                                wallet_cert_builder *b,
                                                                const char *uri);
/* Add an extended key usage OID (dotted text). */
WALLET_EXPORT wallet_err wallet_cert_builder_add_eku(wallet_ctx *ctx, wallet_cert_builder *b,
                                                     const char *oid);
/* Issue the certificate for `subject_key` (its public half is certified),
 * signed by `issuer_key` under `issuer_cert`, or self-signed when
 * issuer_cert is NULL (then issuer_key must be subject_key's private half).
 * The serial number is 16 random bytes. */
WALLET_EXPORT wallet_err wallet_cert_builder_sign(wallet_ctx *ctx, wallet_cert **out,
                                                  const wallet_cert_builder *b,
                                                  const wallet_key *subject_key,
                                                  const wallet_key *issuer_key,
                                                  const wallet_cert *issuer_cert);
WALLET_EXPORT void wallet_cert_builder_free(wallet_cert_builder *b);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_X509_H */
