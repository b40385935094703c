/*
 * Fuzz target: base64url (and, on the same input, hex, padded base64,
 * percent-encoding and form fields).
 *
 * Properties: the decoders are strict, so every string they accept is the
 * one encoding of its bytes: re-encoding the output gives the input back
 * (hex: up to letter case). Binary outputs carry a NUL after the last byte.
 * Percent-decoding never lengthens, and what it returns encodes and
 * decodes back to itself; a form field found is no longer than the body.
 */
#include <ctype.h>

#include "core/internal.h"
#include "fuzz_common.h"

static void fz_b64url(wallet_ctx *ctx, const char *in, size_t len)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    wallet_err e = wallet_b64url_decode(ctx, &out, &out_len, in, len);
    if (e != WALLET_OK) {
        FZ_CHECK(out == NULL && out_len == 0);
        FZ_CHECK(wallet_ctx_errcode(ctx) == e);
        return;
    }
    FZ_CHECK(out != NULL);
    FZ_CHECK(out_len == len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0));
    FZ_CHECK(out[out_len] == 0);
    char *enc = NULL;
    size_t enc_len = 0;
    FZ_CHECK(wallet_b64url_encode(ctx, &enc, &enc_len, out, out_len) == WALLET_OK);
    FZ_CHECK(enc_len == len && memcmp(enc, in, len) == 0 && enc[enc_len] == '\0');
    /* The internal encoder agrees with the public one. */
    char *enc2 = wl_b64url_encode(out, out_len);
    FZ_CHECK(enc2 && strcmp(enc2, enc) == 0);
    FZ_CHECK(wl_b64url_encoded_len(out_len) == len);
    free(enc2);
    wallet_free(enc);
    wallet_free(out);
}

static void fz_hex(wallet_ctx *ctx, const char *in, size_t len)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    if (wallet_hex_decode(ctx, &out, &out_len, in, len) != WALLET_OK) {
        FZ_CHECK(out == NULL && out_len == 0);
        return;
    }
    FZ_CHECK(out_len * 2 == len && out[out_len] == 0);
    char *enc = NULL;
    size_t enc_len = 0;
    FZ_CHECK(wallet_hex_encode(ctx, &enc, &enc_len, out, out_len) == WALLET_OK);
    FZ_CHECK(enc_len == len);
    for (size_t i = 0; i < len; i++)
        FZ_CHECK(enc[i] == tolower((unsigned char)in[i]));
    wallet_free(enc);
    wallet_free(out);
}

static void fz_base64(wallet_ctx *ctx, const char *in, size_t len)
{
    uint8_t *out = NULL;
    size_t out_len = 0;
    if (wl_base64_decode(ctx, &out, &out_len, in, len) != WALLET_OK) {
        FZ_CHECK(out == NULL);
        return;
    }
    /* Standard base64 of the output, compared after mapping the alphabet
     * and dropping the padding. */
    char *enc = wl_b64url_encode(out, out_len);
    FZ_CHECK(enc != NULL);
    size_t n = strlen(enc);
    FZ_CHECK(n <= len && len - n <= 2 && (n + 3) / 4 * 4 == len);
    for (size_t i = 0; i < n; i++) {
        char c = enc[i] == '-' ? '+' : enc[i] == '_' ? '/' : enc[i];
        FZ_CHECK(in[i] == c);
    }
    for (size_t i = n; i < len; i++)
        FZ_CHECK(in[i] == '=');
    free(enc);
    free(out);
}

static void fz_pct(wallet_ctx *ctx, const char *in, size_t len)
{
    for (unsigned flags = 0; flags <= WALLET_PCT_PLUS_SPACE; flags++) {
        char *out = NULL;
        size_t out_len = 0;
        wallet_err e = wallet_pct_decode(ctx, &out, &out_len, in, len, flags);
        if (e != WALLET_OK) {
            FZ_CHECK(out == NULL && (e == WALLET_ERR_PERCENT || e == WALLET_ERR_TOO_LARGE));
            continue;
        }
        FZ_CHECK(out_len <= len && strlen(out) == out_len);
        char *enc = NULL, *back = NULL;
        size_t enc_len = 0, back_len = 0;
        FZ_CHECK(wallet_pct_encode(ctx, &enc, &enc_len, out, out_len) == WALLET_OK);
        FZ_CHECK(enc_len <= 3 * out_len && strlen(enc) == enc_len);
        FZ_CHECK(wallet_pct_decode(ctx, &back, &back_len, enc, enc_len, flags) == WALLET_OK);
        FZ_CHECK(back_len == out_len && memcmp(back, out, out_len) == 0);
        wallet_free(back);
        wallet_free(enc);
        wallet_free(out);
    }
    static const char *const names[] = {"a", "grant_type", "", "a b"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char *v = NULL;
        wallet_err e = wallet_form_get(ctx, &v, in, len, names[i]);
        FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_NOT_FOUND || e == WALLET_ERR_PERCENT ||
                 e == WALLET_ERR_FIELD_DUPLICATE || e == WALLET_ERR_TOO_LARGE);
        FZ_CHECK((e == WALLET_OK) == (v != NULL));
        if (v)
            FZ_CHECK(strlen(v) <= len);
        wallet_free(v);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    const char *in = (const char *)data;
    fz_b64url(ctx, in, size);
    fz_hex(ctx, in, size);
    fz_base64(ctx, in, size);
    fz_pct(ctx, in, size);
    wallet_ctx_free(ctx);
    return 0;
}
