/*
 * Fuzz target: X.509 certificate parsing and chain verification.
 *
 * Input: a certificate chain, leaf first, each certificate preceded by its
 * length as two big-endian bytes (at most FZ_MAX_CERTS are read; a length
 * running past the end takes what remains). Every piece is parsed with
 * wallet_cert_from_der and inspected through every accessor; the parsed
 * certificates then go to wallet_cert_verify_chain (leaf, intermediates)
 * against a fixed self-signed root made once with wallet_cert_builder from
 * the fixed key, and once more with the last certificate of the input as
 * the root.
 *
 * Properties: accessors never fail on a parsed certificate (subject, issuer,
 * validity, SHA-256, PEM); the PEM form parses back to the same DER; the
 * public key exports as a JWK.
 */
#include "fuzz_common.h"

#define FZ_MAX_CERTS 6
#define FZ_ROOT_DN "CN=libwallet fuzz root,O=libwallet,C=VN"

static const wallet_cert *fz_root(void)
{
    static wallet_cert *root;
    if (root)
        return root;
    wallet_ctx *ctx = fz_ctx();
    wallet_cert_builder *b = NULL;
    const wallet_key *key = fz_fixed_key();
    if (wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA) != WALLET_OK ||
        wallet_cert_builder_set_subject(ctx, b, FZ_ROOT_DN) != WALLET_OK ||
        wallet_cert_builder_set_validity(ctx, b, 1600000000, 2000000000) != WALLET_OK ||
        wallet_cert_builder_sign(ctx, &root, b, key, key, NULL) != WALLET_OK) {
        fprintf(stderr, "fuzz_x509: root: %s\n", wallet_ctx_errmsg(ctx));
        abort();
    }
    wallet_cert_builder_free(b);
    wallet_ctx_free(ctx);
    return root;
}

static void fz_inspect(wallet_ctx *ctx, const wallet_cert *cert)
{
    size_t der_len = 0;
    const uint8_t *der = wallet_cert_der(cert, &der_len);
    FZ_CHECK(der != NULL && der_len > 0);

    char *s = NULL;
    FZ_CHECK_OK(ctx, wallet_cert_subject(ctx, &s, cert));
    wallet_free(s);
    s = NULL;
    FZ_CHECK_OK(ctx, wallet_cert_issuer(ctx, &s, cert));
    wallet_free(s);

    int64_t nb = 0, na = 0;
    wallet_err e = wallet_cert_validity(ctx, &nb, &na, cert);
    (void)e; /* times outside the representable range may be refused */

    uint8_t h[32];
    FZ_CHECK_OK(ctx, wallet_cert_sha256(ctx, h, cert));

    (void)wallet_cert_has_eku(cert, "1.0.18013.5.1.2");
    (void)wallet_cert_has_eku(cert, "1.3.6.1.5.5.7.3.1");
    size_t n = wallet_cert_san_dns_count(cert);
    for (size_t i = 0; i <= n; i++) {
        const char *dns = wallet_cert_san_dns(cert, i);
        if (i == n)
            FZ_CHECK(dns == NULL);
        else
            FZ_CHECK(dns != NULL && strlen(dns) < 65536);
    }

    wallet_key *key = NULL;
    if (wallet_cert_public_key(ctx, &key, cert) == WALLET_OK) {
        FZ_CHECK(!wallet_key_can_sign(key));
        char *jwk = NULL;
        FZ_CHECK_OK(ctx, wallet_key_to_jwk(ctx, &jwk, key, WALLET_EXPORT_PUBLIC));
        wallet_free(jwk);
        wallet_key_free(key);
    } else {
        FZ_CHECK(key == NULL);
    }

    char *pem = NULL;
    FZ_CHECK_OK(ctx, wallet_cert_to_pem(ctx, &pem, cert));
    wallet_cert **back = NULL;
    size_t count = 0;
    e = wallet_cert_from_pem(ctx, &back, &count, pem, strlen(pem));
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz_x509: PEM form does not parse: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK && count == 1);
    size_t back_len = 0;
    const uint8_t *back_der = wallet_cert_der(back[0], &back_len);
    FZ_CHECK(back_len == der_len && memcmp(back_der, der, der_len) == 0);
    wallet_cert_array_free(back, count);
    wallet_free(pem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const wallet_cert *root = fz_root();
    wallet_ctx *ctx = fz_ctx();

    wallet_cert *certs[FZ_MAX_CERTS];
    size_t n = 0, pos = 0;
    while (n < FZ_MAX_CERTS && pos + 2 <= size) {
        size_t len = (size_t)data[pos] << 8 | data[pos + 1];
        pos += 2;
        if (len > size - pos)
            len = size - pos;
        wallet_cert *c = NULL;
        wallet_err e = wallet_cert_from_der(ctx, &c, data + pos, len);
        pos += len;
        if (e != WALLET_OK) {
            FZ_CHECK(c == NULL && wallet_ctx_errcode(ctx) == e);
            continue;
        }
        FZ_CHECK(c != NULL);
        fz_inspect(ctx, c);
        certs[n++] = c;
    }

    if (n > 0) {
        const wallet_cert *const *inter = (const wallet_cert *const *)(certs + 1);
        wallet_err e = wallet_cert_verify_chain(ctx, certs[0], inter, n - 1, &root, 1);
        FZ_CHECK(e == WALLET_OK || wallet_ctx_errcode(ctx) == e);
        const wallet_cert *last = certs[n - 1];
        e = wallet_cert_verify_chain(ctx, certs[0], inter, n > 1 ? n - 2 : 0, &last, 1);
        FZ_CHECK(e == WALLET_OK || wallet_ctx_errcode(ctx) == e);
    }
    for (size_t i = 0; i < n; i++)
        wallet_cert_free(certs[i]);
    wallet_ctx_free(ctx);
    return 0;
}
