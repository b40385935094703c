/*
 * Fuzz target: Base45 (RFC 9285).
 *
 * Properties: a string the strict decoder accepts re-encodes to itself;
 * and, reading the input as bytes, encode then decode gives them back.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    const char *in = (const char *)data;

    uint8_t *out = NULL;
    size_t out_len = 0;
    wallet_err e = wallet_base45_decode(ctx, &out, &out_len, in, size);
    if (e == WALLET_OK) {
        FZ_CHECK(out != NULL && out[out_len] == 0);
        FZ_CHECK(out_len == size / 3 * 2 + (size % 3 ? 1 : 0));
        char *enc = NULL;
        size_t enc_len = 0;
        FZ_CHECK(wallet_base45_encode(ctx, &enc, &enc_len, out, out_len) == WALLET_OK);
        FZ_CHECK(enc_len == size && memcmp(enc, in, size) == 0 && enc[size] == '\0');
        wallet_free(enc);
        wallet_free(out);
    } else {
        FZ_CHECK(out == NULL && out_len == 0);
        FZ_CHECK(wallet_ctx_errcode(ctx) == e);
    }

    /* Any bytes: encode, decode, compare (within the input limit). */
    if (size > 64 * 1024) {
        wallet_ctx_free(ctx);
        return 0;
    }
    char *enc = NULL;
    size_t enc_len = 0;
    FZ_CHECK(wallet_base45_encode(ctx, &enc, &enc_len, data, size) == WALLET_OK);
    FZ_CHECK(enc_len == size / 2 * 3 + (size % 2) * 2 && strlen(enc) == enc_len);
    FZ_CHECK(wallet_base45_decode(ctx, &out, &out_len, enc, enc_len) == WALLET_OK);
    FZ_CHECK(out_len == size && (size == 0 || memcmp(out, data, size) == 0));
    wallet_free(out);
    wallet_free(enc);

    wallet_ctx_free(ctx);
    return 0;
}
