/*
 * Fuzz target: PEM and DER inputs. Text with a PEM marker goes to
 * wallet_key_from_pem, wallet_cert_from_pem and, when that finds
 * certificates, wallet_trust_add_pem (automatic roles); anything else to
 * wallet_key_from_der.
 *
 * Properties: an imported key survives export and re-import in every form
 * (fuzz_key.h); every certificate of a PEM text has a subject and a DER form
 * that parses alone; a trust set accepts the same text and holds exactly
 * the certificates wallet_cert_from_pem finds. Encrypted PEM is refused without
 * a password prompt (the seeds carry such blocks).
 */
#include "fuzz_key.h"

static void fz_key(wallet_ctx *ctx, wallet_err e, wallet_key *key)
{
    if (e == WALLET_OK) {
        FZ_CHECK(key != NULL);
        fz_key_roundtrip(ctx, key);
        wallet_key_free(key);
    } else {
        FZ_CHECK(key == NULL && wallet_ctx_errcode(ctx) == e);
    }
}

static void fz_certs(wallet_ctx *ctx, const char *text, size_t size, wallet_cert **certs,
                     size_t count)
{
    wallet_err e;
    FZ_CHECK(certs != NULL && count >= 1);
    for (size_t i = 0; i < count; i++) {
        char *subject = NULL;
        FZ_CHECK_OK(ctx, wallet_cert_subject(ctx, &subject, certs[i]));
        wallet_free(subject);
        size_t der_len = 0;
        const uint8_t *der = wallet_cert_der(certs[i], &der_len);
        FZ_CHECK(der && der_len);
        wallet_cert *alone = NULL;
        e = wallet_cert_from_der(ctx, &alone, der, der_len);
        if (e != WALLET_OK)
            fprintf(stderr, "fuzz_pem: DER of a PEM certificate: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(e == WALLET_OK);
        wallet_cert_free(alone);
    }

    /* The trust set reads the same certificates and sorts them by role. */
    wallet_trust *trust = NULL;
    FZ_CHECK(wallet_trust_new(ctx, &trust) == WALLET_OK);
    e = wallet_trust_add_pem(ctx, trust, text, size, 0);
    if (e != WALLET_OK)
        fprintf(stderr, "fuzz_pem: trust set refuses the PEM: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_TOO_LARGE);
    if (e == WALLET_OK)
        FZ_CHECK(wallet_trust_cert_count(trust, WALLET_TRUST_ROOT) +
                     wallet_trust_cert_count(trust, WALLET_TRUST_SIGNER) ==
                 count);
    wallet_trust_free(trust);
}

/* OpenSSL's decoders are slow (allocation-heavy): each input goes one way
 * only. Text holding a PEM marker is PEM; anything else is DER. */
static int fz_is_pem(const uint8_t *data, size_t size)
{
    static const char marker[] = "-----BEGIN ";
    return size >= sizeof(marker) - 1 && memmem(data, size, marker, sizeof(marker) - 1) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    const char *text = (const char *)data;
    wallet_key *key = NULL;
    wallet_err e;

    if (!fz_is_pem(data, size)) {
        e = wallet_key_from_der(ctx, &key, data, size);
        fz_key(ctx, e, key);
        wallet_ctx_free(ctx);
        return 0;
    }

    /* Certificates first: what the trust set leaves behind (an OpenSSL
     * error queue entry, once) must not change how the key is read next. */
    wallet_cert **certs = NULL;
    size_t count = 0;
    e = wallet_cert_from_pem(ctx, &certs, &count, text, size);
    if (e == WALLET_OK)
        fz_certs(ctx, text, size, certs, count);
    else
        FZ_CHECK(certs == NULL && count == 0);
    wallet_cert_array_free(certs, count);

    e = wallet_key_from_pem(ctx, &key, text, size);
    fz_key(ctx, e, key);
    wallet_ctx_free(ctx);
    return 0;
}
