/* wallet_verify(): detect the format, then hand over to it. */
#include "../core/internal.h"
#include "../status/status_int.h"
#include "formats.h"
#include "wallet/qr.h"

static const wl_format *const wl_formats[] = {
    &wl_format_sdjwt, /* before "jws": an SD-JWT begins with a JWS */
    &wl_format_jws,
    &wl_format_cose_sign1,
    &wl_format_hc1,
    &wl_format_mso_mdoc,
};

wallet_err wl_check_time_window(wallet_ctx *ctx, int64_t nbf, int64_t exp, const char *what)
{
    int64_t now = wallet_ctx_now(ctx);
    int64_t skew = wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW);
    if (exp && now > exp + skew)
        return wl_err(ctx, WALLET_ERR_EXPIRED, "%s expired at %lld (now %lld)", what,
                      (long long)exp, (long long)now);
    if (nbf && now + skew < nbf)
        return wl_err(ctx, WALLET_ERR_NOT_YET_VALID, "%s not valid before %lld (now %lld)", what,
                      (long long)nbf, (long long)now);
    return WALLET_OK;
}

static int wl_is_text(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t')
            return 0;
    return wl_utf8_valid(p, n);
}

static int wl_all_of(const uint8_t *p, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (!memchr(set, p[i], strlen(set)))
            return 0;
    return n > 0;
}

static const char wl_hex_chars[] = "0123456789abcdefABCDEF";
static const char wl_b64url_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

wallet_err wallet_verify(wallet_ctx *ctx, wallet_result **out, const wallet_trust *trust,
                         const wallet_policy *policy, const uint8_t *input, size_t input_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!trust || !input)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_result *r = wl_result_new(NULL);
    if (!r)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = r;
    if (!policy)
        policy = wl_policy_default();
    wallet_err e = wl_check_input_size(ctx, input_len, "input");
    if (e)
        return wl_result_finish(ctx, r, e);

    uint8_t *qr_text = NULL, *decoded = NULL;
    size_t qr_len = 0, decoded_len = 0;
    static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (input_len >= 8 && memcmp(input, png_magic, 8) == 0) {
        e = wallet_qr_decode_png(ctx, &qr_text, &qr_len, input, input_len);
        if (e)
            return wl_result_finish(ctx, r, e);
        input = qr_text;
        input_len = qr_len;
    }
    wl_input in = {.data = input, .len = input_len};
    in.is_text = wl_is_text(input, input_len);
    if (in.is_text) {
        while (in.len && strchr(" \t\r\n", in.data[0])) {
            in.data++;
            in.len--;
        }
        while (in.len && strchr(" \t\r\n", in.data[in.len - 1]))
            in.len--;
        /* Binary carried as text: hex first (a hex string is also valid
         * base64url, and hex is what the CLI documents for CBOR). */
        wallet_err de = WALLET_ERR_HEX;
        if (in.len % 2 == 0 && wl_all_of(in.data, in.len, wl_hex_chars))
            de = wl_hex_decode(NULL, &decoded, &decoded_len, (const char *)in.data, in.len);
        else if (wl_all_of(in.data, in.len, wl_b64url_chars))
            de = wl_b64url_decode(NULL, &decoded, &decoded_len, (const char *)in.data, in.len);
        if (!de) {
            in.bin = decoded;
            in.bin_len = decoded_len;
        }
    } else {
        in.bin = in.data;
        in.bin_len = in.len;
    }
    const wl_format *fmt = NULL;
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_formats) && !fmt; i++)
        if (wl_formats[i]->detect(&in))
            fmt = wl_formats[i];
    if (!fmt) {
        e = wl_err(ctx, WALLET_ERR_UNKNOWN_FORMAT,
                   "input is not a recognised credential or signed object");
    } else {
        r->format = fmt->name;
        e = fmt->verify(ctx, trust, policy, &in, r);
        /* Token Status List: only once the credential itself verified
         * (draft-ietf-oauth-status-list §8.3). */
        if (!e)
            e = wl_status_check_result(ctx, trust, policy, r);
    }
    free(decoded);
    free(qr_text);
    return wl_result_finish(ctx, r, e);
}
