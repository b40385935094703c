/*
 * The "jws" format of wallet_verify(): a JWS from a trusted issuer. A JSON
 * object payload is read as JWT claims (RFC 7519): "exp" and "nbf" are
 * enforced against the context's clock, "iss" and "iat" reported.
 */
#include "../core/json.h"
#include "../jose/jose.h"
#include "../status/status_int.h"
#include "../trust/trust_int.h"
#include "formats.h"

static int wl_jws_detect(const wl_input *in)
{
    if (!in->is_text || in->len == 0)
        return 0;
    if (in->data[0] == '{')
        return 1; /* JSON serialization */
    size_t dots = 0;
    for (size_t i = 0; i < in->len; i++) {
        uint8_t c = in->data[i];
        if (c == '.')
            dots++;
        else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_'))
            return 0;
    }
    return dots == 2;
}

/* Read a NumericDate claim: absent → 0; must be a number. */
static wallet_err wl_numeric_date(wallet_ctx *ctx, const cJSON *claims, const char *name,
                                  int64_t *out)
{
    *out = 0;
    const cJSON *v = wl_json_get(claims, name);
    if (!v)
        return WALLET_OK;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 253402300799.0)
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "JWT claim \"%s\" is not a NumericDate", name);
    *out = (int64_t)v->valuedouble;
    return WALLET_OK;
}

static wallet_err wl_jws_verify_fmt(wallet_ctx *ctx, const wallet_trust *trust,
                                    const wallet_policy *policy, const wl_input *in,
                                    wallet_result *r)
{
    wallet_jws *jws = NULL;
    wallet_key *key = NULL;
    wallet_cert *cert = NULL;
    cJSON *claims = NULL;
    wallet_err e = wallet_jws_parse(ctx, &jws, (const char *)in->data, in->len);
    if (!e)
        e = wl_trust_verify_jws(ctx, trust, jws, policy->algs, &key, &cert);
    if (e)
        goto done;
    size_t plen;
    const uint8_t *payload = wallet_jws_payload(jws, &plen);
    const char *typ = wl_json_get_string(wl_jws_protected(jws, wallet_jws_verified_index(jws)), "typ");
    if (typ && !(r->type = wl_strdup(typ))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (payload && plen && payload[0] == '{' &&
        wl_json_parse_object(NULL, &claims, (const char *)payload, plen) == WALLET_OK) {
        if ((e = wl_numeric_date(ctx, claims, "exp", &r->exp)) ||
            (e = wl_numeric_date(ctx, claims, "nbf", &r->nbf)) ||
            (e = wl_numeric_date(ctx, claims, "iat", &r->iat)))
            goto done;
        e = wl_check_time_window(ctx, r->nbf, r->exp, "JWT");
        if (e)
            goto done;
        /* Token Status List reference, "status.status_list" (the SD-JWT VC
         * shape, draft-ietf-oauth-status-list §6.2). */
        e = wl_status_ref_from_json(ctx, claims, &r->status_uri, &r->status_idx);
        if (e)
            goto done;
        const char *iss = wl_json_get_string(claims, "iss");
        if ((iss && !(r->issuer = wl_strdup(iss))) ||
            !(r->claims_json = wl_json_print(claims))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            goto done;
        }
    }
    if (!r->issuer && cert)
        e = wallet_cert_subject(ctx, &r->issuer, cert);
done:
    cJSON_Delete(claims);
    wallet_key_free(key);
    wallet_cert_free(cert);
    wallet_jws_free(jws);
    return e;
}

const wl_format wl_format_jws = {"jws", wl_jws_detect, wl_jws_verify_fmt};
