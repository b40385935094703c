/*
 * Fuzz target: PEM and DER inputs — wallet_key_from_pem, wallet_key_from_der,
 * wallet_cert_from_pem and wallet_trust_add_pem (automatic roles) on the
 * same bytes.
 *
 * Properties: an imported key survives export and re-import in every form
 * (fuzz_key.h); every certificate of a PEM text has a subject and a DER form
 * that parses alone; a trust set built from the text holds exactly the
 * certificates wallet_cert_from_pem finds. Encrypted PEM is refused without
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    const char *text = (const char *)data;

    wallet_key *key = NULL;
    wallet_err e = wallet_key_from_pem(ctx, &key, text, size);
    fz_key(ctx, e, key);
    key = NULL;
    e = wallet_key_from_der(ctx, &key, data, size);
    fz_key(ctx, e, key);

    wallet_cert **certs = NULL;
    size_t count = 0;
    e = wallet_cert_from_pem(ctx, &certs, &count, text, size);
    if (e == WALLET_OK) {
        FZ_CHECK(certs != NULL && count >= 1);
        for (size_t i = 0; i < count; i++) {
            char *subject = NULL;
            FZ_CHECK(wallet_cert_subject(ctx, &subject, certs[i]) == WALLET_OK && subject);
            wallet_free(subject);
            size_t der_len = 0;
            const uint8_t *der = wallet_cert_der(certs[i], &der_len);
            FZ_CHECK(der && der_len);
            wallet_cert *alone = NULL;
            e = wallet_cert_from_der(ctx, &alone, der, der_len);
            if (e != WALLET_OK)
                fprintf(stderr, "fuzz_pem: DER of a PEM certificate: %s\n",
                        wallet_ctx_errmsg(ctx));
            FZ_CHECK(e == WALLET_OK);
            wallet_cert_free(alone);
        }
    } else {
        FZ_CHECK(certs == NULL && count == 0);
    }

    wallet_trust *trust = NULL;
    FZ_CHECK(wallet_trust_new(ctx, &trust) == WALLET_OK);
    wallet_err et = wallet_trust_add_pem(ctx, trust, text, size, 0);
    size_t held = wallet_trust_cert_count(trust, WALLET_TRUST_ROOT) +
                  wallet_trust_cert_count(trust, WALLET_TRUST_SIGNER);
    if (et == WALLET_OK && e == WALLET_OK)
        FZ_CHECK(held == count);
    if (et == WALLET_OK)
        FZ_CHECK(held >= 1);
    wallet_trust_free(trust);
    wallet_cert_array_free(certs, count);

    wallet_ctx_free(ctx);
    return 0;
}
