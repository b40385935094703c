/*
 * Verifying an "HC1:" string (the order of the checks is documented in
 * include/wallet/hcert.h), and the "hc1" format of wallet_verify().
 */
#include "../core/json.h"
#include "../verify/formats.h"
#include "hcert_int.h"

/* Every step of the chain; fills r on success. `text` is trimmed. */
static wallet_err wl_hc1_verify_text(wallet_ctx *ctx, const wallet_trust *trust,
                                     const wallet_policy *policy, const char *text,
                                     size_t text_len, wallet_result *r)
{
    uint8_t *cose = NULL;
    size_t cose_len = 0;
    wallet_cose_sign1 *msg = NULL;
    wallet_cert *signer = NULL;
    wl_hcert_claims claims = {0};
    wallet_err e = wl_hc1_unwrap(ctx, &cose, &cose_len, text, text_len);
    if (!e)
        e = wl_hcert_cose_parse(ctx, &msg, cose, cose_len);
    if (!e)
        e = wl_hcert_verify_signature(ctx, trust, msg, policy->algs, &signer);
    /* Only now, with the signature checked, is the payload read. */
    size_t plen = 0;
    const uint8_t *payload = e ? NULL : wallet_cose_sign1_payload(msg, &plen);
    if (!e)
        e = wl_hcert_claims_parse(ctx, &claims, payload, plen);
    if (!e)
        e = wl_hcert_check_key_usage(ctx, signer, claims.kind);
    if (!e)
        e = wl_hcert_check_times(ctx, signer, &claims);
    if (e)
        goto done;

    r->iat = claims.iat;
    r->exp = claims.exp;
    r->type = wl_strdup(wl_hcert_kind_name(claims.kind));
    if (claims.iss)
        r->issuer = wl_strndup((const char *)claims.iss->ptr, (size_t)claims.iss->u);
    else if ((e = wallet_cert_subject(ctx, &r->issuer, signer)) != WALLET_OK)
        goto done;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_to_json(&b, claims.payload);
    if (b.failed) {
        e = wl_buf_error(ctx, &b, "HC1 payload");
        wl_buf_free(&b);
        goto done;
    }
    r->claims_json = (char *)wl_buf_take(&b, NULL);
    if (!r->type || !r->issuer || !r->claims_json)
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
done:
    wl_hcert_claims_free(&claims);
    wallet_cert_free(signer);
    wallet_cose_sign1_free(msg);
    free(cose);
    return e;
}

/* wallet_verify(): HC1 text. Any "HC<digits>:" prefix is claimed, so that
 * a future version is reported as an unsupported context identifier
 * rather than as an unknown format. */
static int wl_hc1_detect(const wl_input *in)
{
    if (!in->is_text || in->len < 4 || in->data[0] != 'H' || in->data[1] != 'C')
        return 0;
    size_t i = 2;
    while (i < in->len && i < 8 && in->data[i] >= '0' && in->data[i] <= '9')
        i++;
    return i > 2 && i < in->len && in->data[i] == ':';
}

static wallet_err wl_hc1_format_verify(wallet_ctx *ctx, const wallet_trust *trust,
                                       const wallet_policy *policy, const wl_input *in,
                                       wallet_result *r)
{
    return wl_hc1_verify_text(ctx, trust, policy, (const char *)in->data, in->len, r);
}

static int wl_hc1_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const wl_format wl_format_hc1 = {"hc1", wl_hc1_detect, wl_hc1_format_verify};

wallet_err wallet_hc1_verify(wallet_ctx *ctx, wallet_result **out, const wallet_trust *trust,
                             const wallet_policy *policy, const char *text, size_t text_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!trust || !text)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_result *r = wl_result_new(wl_format_hc1.name);
    if (!r)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = r;
    wallet_err e = wl_check_input_size(ctx, text_len, "HC1");
    if (!e) {
        while (text_len && wl_hc1_space(text[0])) {
            text++;
            text_len--;
        }
        while (text_len && wl_hc1_space(text[text_len - 1]))
            text_len--;
        e = wl_hc1_verify_text(ctx, trust, policy ? policy : wl_policy_default(), text,
                               text_len, r);
    }
    return wl_result_finish(ctx, r, e);
}
