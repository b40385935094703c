/*
 * HC1 transport encoding (hcert spec §4.2): "HC1:" + Base45 (RFC 9285) of a
 * zlib stream (RFC 1950) of the COSE_Sign1.
 */
#include "../core/zlib.h"
#include "hcert_int.h"
#include "wallet/codec.h"

wallet_err wl_hc1_unprefix(wallet_ctx *ctx, const char **b45, size_t *b45_len, const char *text,
                           size_t text_len)
{
    static const size_t plen = sizeof(WALLET_HC1_PREFIX) - 1;
    *b45 = NULL;
    *b45_len = 0;
    if (text_len >= plen && memcmp(text, WALLET_HC1_PREFIX, plen) == 0) {
        *b45 = text + plen;
        *b45_len = text_len - plen;
        return WALLET_OK;
    }
    /* A context identifier is two letters, digits and ':' ("HC1:", "HL0:");
     * a later version of the format gets a new one (§4.2), which this
     * version cannot read. */
    size_t i = 0;
    while (i < text_len && i < 8 && text[i] >= 'A' && text[i] <= 'Z')
        i++;
    size_t letters = i;
    while (i < text_len && i < 8 && text[i] >= '0' && text[i] <= '9')
        i++;
    if (letters == 2 && i > letters && i < text_len && text[i] == ':')
        return wl_err(ctx, WALLET_ERR_HC1_PREFIX,
                      "HC1: unsupported context identifier (only \"HC1:\" is read)");
    return wl_err(ctx, WALLET_ERR_HC1_PREFIX, "HC1: the text does not start with \"HC1:\"");
}

wallet_err wl_hc1_inflate(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const uint8_t *in,
                          size_t in_len)
{
    /* §4.2: the CWT "SHALL be compressed"; an uncompressed COSE_Sign1 fails
     * here (its first byte is no zlib header). The cap makes a zip bomb
     * cost at most WALLET_LIMIT_INFLATE_BYTES. */
    int64_t cap = wl_limit(ctx, WALLET_LIMIT_INFLATE_BYTES);
    wallet_err e = wl_zlib_inflate(ctx, out, out_len, in, in_len, cap > 0 ? (size_t)cap : 1);
    return e ? wl_hc1_prefix(ctx, e, "HC1") : WALLET_OK;
}

wallet_err wl_hc1_unwrap(wallet_ctx *ctx, uint8_t **cose, size_t *cose_len, const char *text,
                         size_t text_len)
{
    *cose = NULL;
    *cose_len = 0;
    const char *b45;
    size_t b45_len;
    uint8_t *z = NULL;
    size_t z_len = 0;
    wallet_err e = wl_hc1_unprefix(ctx, &b45, &b45_len, text, text_len);
    if (e)
        return e;
    e = wallet_base45_decode(ctx, &z, &z_len, b45, b45_len);
    if (e)
        return wl_hc1_prefix(ctx, e, "HC1");
    e = wl_hc1_inflate(ctx, cose, cose_len, z, z_len);
    free(z);
    return e;
}

wallet_err wallet_hc1_decode(wallet_ctx *ctx, uint8_t **cose, size_t *cose_len, const char *text,
                             size_t text_len)
{
    wl_enter(ctx);
    if (cose)
        *cose = NULL;
    if (cose_len)
        *cose_len = 0;
    if (!cose || !cose_len || !text)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_input_size(ctx, text_len, "HC1");
    if (e)
        return e;
    return wl_hc1_unwrap(ctx, cose, cose_len, text, text_len);
}

wallet_err wallet_hc1_encode(wallet_ctx *ctx, char **out, const uint8_t *cose, size_t cose_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !cose)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_input_size(ctx, cose_len, "COSE_Sign1");
    if (e)
        return e;
    uint8_t *z = NULL;
    size_t z_len = 0;
    char *b45 = NULL;
    size_t b45_len = 0;
    e = wl_zlib_deflate_small(ctx, &z, &z_len, cose, cose_len);
    if (!e)
        e = wallet_base45_encode(ctx, &b45, &b45_len, z, z_len);
    free(z);
    if (e)
        return e;
    static const size_t plen = sizeof(WALLET_HC1_PREFIX) - 1;
    char *s = wl_malloc(plen + b45_len + 1);
    if (!s) {
        wallet_free(b45);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    memcpy(s, WALLET_HC1_PREFIX, plen);
    memcpy(s + plen, b45, b45_len + 1);
    wallet_free(b45);
    *out = s;
    return WALLET_OK;
}
