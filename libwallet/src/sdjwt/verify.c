/*
 * Verification of an SD-JWT / SD-JWT+KB (RFC 9901 §7.1, §7.3; SD-JWT VC
 * §2.4): wallet_sdjwt_verify() and the "dc+sd-jwt" format of
 * wallet_verify(). Every step fails closed; the result carries claims only
 * when everything passed (verify/result.c).
 */
#include "../status/status_int.h"
#include "../trust/trust_int.h"
#include "sdjwt_int.h"

static const char *const wl_default_types[] = {"dc+sd-jwt", "vc+sd-jwt"};

static int wl_type_accepted(const wallet_policy *policy, const char *typ)
{
    if (!typ)
        return 0;
    if (!policy->n_sdjwt_types) {
        for (size_t i = 0; i < WL_ARRAY_LEN(wl_default_types); i++)
            if (wl_sd_typ_equal(typ, wl_default_types[i]))
                return 1;
        return 0;
    }
    for (size_t i = 0; i < policy->n_sdjwt_types; i++)
        if (wl_sd_typ_equal(typ, policy->sdjwt_types[i]))
            return 1;
    return 0;
}

/* A NumericDate claim (RFC 7519 §2): absent → 0. */
static wallet_err wl_date(wallet_ctx *ctx, const cJSON *claims, const char *name, int64_t *out)
{
    *out = 0;
    const cJSON *v = wl_json_get(claims, name);
    if (!v)
        return WALLET_OK;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 253402300799.0)
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "SD-JWT claim \"%s\" is not a NumericDate", name);
    *out = (int64_t)v->valuedouble;
    return WALLET_OK;
}

/* "status": {"status_list": {"idx": <int>, "uri": <string>}} (Token Status
 * List §6.1); other status mechanisms are carried in the claims only. */
static wallet_err wl_status(wallet_ctx *ctx, const cJSON *claims, wallet_result *r)
{
    const cJSON *st = wl_json_get(claims, "status");
    if (!st)
        return WALLET_OK;
    if (!cJSON_IsObject(st))
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "SD-JWT \"status\" is not an object");
    const cJSON *sl = wl_json_get(st, "status_list");
    if (!sl)
        return WALLET_OK;
    int64_t idx;
    const char *uri = cJSON_IsObject(sl) ? wl_json_get_string(sl, "uri") : NULL;
    if (!uri || wl_json_get_int(sl, "idx", &idx) != WALLET_OK || idx < 0)
        return wl_err(ctx, WALLET_ERR_JSON_TYPE,
                      "SD-JWT \"status_list\" needs a non-negative integer \"idx\" and a string "
                      "\"uri\"");
    r->status_idx = idx;
    if (!(r->status_uri = wl_strdup(uri)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

/* The holder key: "cnf": {"jwk": ...} (RFC 7800 §3.2). Other confirmation
 * methods leave *key NULL. */
static wallet_err wl_cnf(wallet_ctx *ctx, const cJSON *claims, wallet_key **key)
{
    *key = NULL;
    const cJSON *cnf = wl_json_get(claims, "cnf");
    if (!cnf)
        return WALLET_OK;
    if (!cJSON_IsObject(cnf))
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "SD-JWT \"cnf\" is not an object");
    const cJSON *jwk = wl_json_get(cnf, "jwk");
    if (!jwk)
        return WALLET_OK;
    wallet_err e = wl_jwk_from_json(ctx, key, jwk);
    return e ? wl_err_prefix(ctx, "SD-JWT \"cnf\" JWK") : WALLET_OK;
}

/* Find the issuer's key and verify the issuer-signed JWT (RFC 9901 §7.1
 * step 2, SD-JWT VC §2.5). */
static wallet_err wl_issuer_signature(wallet_ctx *ctx, const wallet_trust *trust,
                                      const wallet_policy *policy, wallet_jws *jws,
                                      const cJSON *payload, wallet_key **key, wallet_cert **cert)
{
    *key = NULL;
    *cert = NULL;
    /* Only for an issuer the verifier trusts by identifier is "iss" (not
     * yet authenticated) used to find keys; the signature then proves it. */
    const char *iss = wl_json_get_string(payload, "iss");
    if (!wl_jws_param(jws, 0, "x5c") && iss && wl_trust_issuer_known(trust, iss))
        return wl_trust_verify_jws_issuer(ctx, trust, jws, policy->algs, iss, key);
    return wl_trust_verify_jws(ctx, trust, jws, policy->algs, key, cert);
}

static wallet_err wl_check(wallet_ctx *ctx, const wallet_trust *trust, const wallet_policy *policy,
                           const char *text, size_t len, wallet_result *r)
{
    wl_sd sd;
    wallet_jws *jws = NULL;
    cJSON *payload = NULL;
    wallet_key *key = NULL, *cnf = NULL;
    wallet_cert *cert = NULL;
    wallet_err e = wl_sd_split(ctx, &sd, text, len, 0);
    if (e)
        goto done;
    /* The JSON serialization is verified as such (all its signatures); the
     * compact form is the span before the first '~'. */
    e = sd.root ? wl_jws_parse_borrowed(ctx, &jws, sd.text, sd.len)
                : wl_jws_parse_borrowed(ctx, &jws, sd.jwt, sd.jwt_len);
    if (e) {
        wl_err_prefix(ctx, "SD-JWT issuer-signed JWT");
        goto done;
    }
    size_t plen;
    const uint8_t *raw = wl_jws_unverified_payload(jws, &plen);
    /* Parsed once, before the signature check only to read "iss" (a
     * payload that does not parse names no issuer); the tree is used after
     * the check, which covers exactly these bytes. A tampered token thus
     * fails on its signature, not on its JSON. */
    if (wl_json_parse_object(ctx, &payload, (const char *)raw, plen) != WALLET_OK)
        payload = NULL;
    e = wl_issuer_signature(ctx, trust, policy, jws, payload, &key, &cert);
    if (e)
        goto done;
    if (!payload) {
        e = wl_json_parse_object(ctx, &payload, (const char *)raw, plen);
        wl_err_prefix(ctx, "SD-JWT payload");
        goto done;
    }
    /* Explicit typing (RFC 9901 §9.11, SD-JWT VC §2.2.1). */
    const char *typ = wl_json_get_string(wl_jws_protected(jws, wallet_jws_verified_index(jws)),
                                         "typ");
    if (!wl_type_accepted(policy, typ)) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "SD-JWT header \"typ\" is %s an accepted type",
                   typ ? "not" : "absent, not");
        goto done;
    }
    wl_hash_alg h;
    if ((e = wl_sd_payload_hash(ctx, payload, &h)) != WALLET_OK ||
        (e = wl_sd_decode_disclosures(ctx, &sd, h)) != WALLET_OK ||
        (e = wl_sd_process(ctx, &sd, payload, 0)) != WALLET_OK)
        goto done;
    if (wl_sd_typ_is_vc(typ)) {
        /* SD-JWT VC §2.2.2.1, §2.2.2.3. */
        if (!cJSON_IsString(wl_json_get(payload, "vct"))) {
            e = wl_err(ctx, WALLET_ERR_SDJWT_VCT, "SD-JWT VC lacks a string \"vct\"");
            goto done;
        }
        for (size_t i = 0; i < sd.n; i++)
            if (sd.d[i].top && wl_sd_vc_plain_claim(sd.d[i].name)) {
                e = wl_err(ctx, WALLET_ERR_SDJWT_NOT_DISCLOSABLE,
                           "SD-JWT VC claim \"%s\" was selectively disclosed", sd.d[i].name);
                goto done;
            }
    }
    /* §7.1 step 6: validity of the processed payload. */
    if ((e = wl_date(ctx, payload, "exp", &r->exp)) || (e = wl_date(ctx, payload, "nbf", &r->nbf)) ||
        (e = wl_date(ctx, payload, "iat", &r->iat)) ||
        (e = wl_check_time_window(ctx, r->nbf, r->exp, "SD-JWT")))
        goto done;
    if (r->iat && r->iat > wallet_ctx_now(ctx) + wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW)) {
        e = wl_err(ctx, WALLET_ERR_NOT_YET_VALID, "SD-JWT issued in the future (iat %lld)",
                   (long long)r->iat);
        goto done;
    }
    if ((e = wl_status(ctx, payload, r)) || (e = wl_cnf(ctx, payload, &cnf)))
        goto done;
    /* §7.3: key binding as the verifier's policy says — never decided by
     * whether the holder sent a KB-JWT; one that is sent is checked too. */
    int required = policy->holder_binding || policy->audience || policy->nonce ||
                   policy->n_transaction_data;
    if (required && !sd.kb) {
        e = wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                   "key binding is required but the presentation has no KB-JWT");
        goto done;
    }
    if (sd.kb) {
        if (!cnf) {
            e = wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                       "KB-JWT present but the credential has no \"cnf\" JWK");
            goto done;
        }
        e = wl_kb_verify(ctx, policy, cnf, h, sd.kb, sd.kb_len, sd.sd_input, sd.sd_input_len);
        if (e)
            goto done;
    }
    const char *iss = wl_json_get_string(payload, "iss");
    const char *vct = wl_json_get_string(payload, "vct");
    if ((iss && !(r->issuer = wl_strdup(iss))) || (vct && !(r->type = wl_strdup(vct))) ||
        !(r->claims_json = wl_json_print_owned(payload))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (!r->issuer && cert && (e = wallet_cert_subject(ctx, &r->issuer, cert)) != WALLET_OK)
        goto done;
    r->holder_key = cnf;
    cnf = NULL;
done:
    wallet_key_free(cnf);
    wallet_key_free(key);
    wallet_cert_free(cert);
    cJSON_Delete(payload);
    wallet_jws_free(jws);
    wl_sd_clear(&sd);
    return e;
}

wallet_err wallet_sdjwt_verify(wallet_ctx *ctx, wallet_result **out, const wallet_trust *trust,
                               const wallet_policy *policy, const char *input, size_t len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!trust || !input)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_result *r = wl_result_new(WALLET_FORMAT_SDJWT);
    if (!r)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = r;
    if (!policy)
        policy = wl_policy_default();
    wallet_err e = wl_check(ctx, trust, policy, input, len, r);
    /* The status list reference, when the policy checks status, as
     * wallet_verify() does for every format. */
    if (!e)
        e = wl_status_check_result(ctx, trust, policy, r);
    return wl_result_finish(ctx, r, e);
}

/* ---- the wallet_verify() format ------------------------------------------------ */

static int wl_sdjwt_detect(const wl_input *in)
{
    if (!in->is_text || in->len == 0)
        return 0;
    if (in->data[0] == '{')
        /* RFC 9901 §8.1: the SD-JWT members of the unprotected header. */
        return memmem(in->data, in->len, "\"disclosures\"", 13) != NULL ||
               memmem(in->data, in->len, "\"kb_jwt\"", 8) != NULL;
    int tilde = 0;
    for (size_t i = 0; i < in->len; i++) {
        uint8_t c = in->data[i];
        if (c == '~')
            tilde = 1;
        else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return tilde;
}

static wallet_err wl_sdjwt_verify_fmt(wallet_ctx *ctx, const wallet_trust *trust,
                                      const wallet_policy *policy, const wl_input *in,
                                      wallet_result *r)
{
    return wl_check(ctx, trust, policy, (const char *)in->data, in->len, r);
}

const wl_format wl_format_sdjwt = {WALLET_FORMAT_SDJWT, wl_sdjwt_detect, wl_sdjwt_verify_fmt};
