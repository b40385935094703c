/*
 * The holder's view of an SD-JWT (RFC 9901 §7.2): parse what the issuer
 * sent, check its Disclosures, and list the claims that can be disclosed.
 */
#include "holder_int.h"

void wallet_sdjwt_free(wallet_sdjwt *s)
{
    if (!s)
        return;
    wl_sd_clear(&s->sd);
    cJSON_Delete(s->processed);
    free(s->claims_json);
    wallet_key_free(s->cnf);
    free(s);
}

/* The holder key of "cnf" (RFC 7800 §3.2 "jwk"), when there is one. */
static wallet_err wl_holder_cnf(wallet_ctx *ctx, const cJSON *claims, wallet_key **key)
{
    *key = NULL;
    const cJSON *cnf = wl_json_get(claims, "cnf");
    const cJSON *jwk = cJSON_IsObject(cnf) ? wl_json_get(cnf, "jwk") : NULL;
    if (!jwk)
        return WALLET_OK;
    wallet_err e = wl_jwk_from_json(ctx, key, jwk);
    return e ? wl_err_prefix(ctx, "SD-JWT \"cnf\" JWK") : WALLET_OK;
}

wallet_err wallet_sdjwt_parse(wallet_ctx *ctx, wallet_sdjwt **out, const char *text, size_t len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!text)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_sdjwt *s = wl_calloc(1, sizeof(*s));
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_jws *jws = NULL;
    wallet_err e = wl_sd_split(ctx, &s->sd, text, len, 1);
    if (!e && s->sd.kb)
        e = wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                   "SD-JWT+KB given where an SD-JWT as issued is expected (RFC 9901 §7.2)");
    if (!e && (e = wallet_jws_parse(ctx, &jws, s->sd.jwt, s->sd.jwt_len)) != WALLET_OK)
        wl_err_prefix(ctx, "SD-JWT issuer-signed JWT");
    if (!e) {
        /* Not verified here: the header says so; wallet_sdjwt_verify() is
         * how a holder checks the issuer's signature. */
        size_t plen;
        const uint8_t *payload = wl_jws_unverified_payload(jws, &plen);
        e = wl_json_parse_object(ctx, &s->processed, (const char *)payload, plen);
        if (e)
            wl_err_prefix(ctx, "SD-JWT payload");
    }
    if (!e)
        e = wl_sd_payload_hash(ctx, s->processed, &s->hash);
    if (!e)
        e = wl_sd_decode_disclosures(ctx, &s->sd, s->hash);
    if (!e)
        e = wl_sd_process(ctx, &s->sd, s->processed, 1);
    if (!e && !(s->claims_json = wl_json_print(s->processed)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e)
        e = wl_holder_cnf(ctx, s->processed, &s->cnf);
    wallet_jws_free(jws);
    if (e) {
        wallet_sdjwt_free(s);
        return e;
    }
    *out = s;
    return WALLET_OK;
}

const char *wallet_sdjwt_claims_json(const wallet_sdjwt *s)
{
    return s ? s->claims_json : NULL;
}

size_t wallet_sdjwt_disclosure_count(const wallet_sdjwt *s)
{
    return s ? s->sd.n : 0;
}

const char *wallet_sdjwt_disclosure_path(const wallet_sdjwt *s, size_t i)
{
    return s && i < s->sd.n ? s->sd.d[i].path : NULL;
}

const char *wallet_sdjwt_disclosure_value_json(const wallet_sdjwt *s, size_t i)
{
    return s && i < s->sd.n ? s->sd.d[i].value_json : NULL;
}
