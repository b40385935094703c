/*
 * The "cose_sign1" format of wallet_verify(): a COSE_Sign1 from a trusted
 * issuer. A map payload is read as CWT claims (RFC 8392 §3.1: 1 iss, 2 sub,
 * 3 aud, 4 exp, 5 nbf, 6 iat, 7 cti); "exp" and "nbf" are enforced.
 */
#include <math.h>

#include "../core/cbor.h"
#include "../core/json.h"
#include "../trust/trust_int.h"
#include "formats.h"

static int wl_cose_detect(const wl_input *in)
{
    if (!in->bin || in->bin_len < 2)
        return 0;
    /* tag 18, or an array of four starting with a byte string */
    return in->bin[0] == 0xD2 || (in->bin[0] == 0x84 && (in->bin[1] & 0xE0) == 0x40);
}

static const char *const wl_cwt_names[] = {NULL, "iss", "sub", "aud", "exp", "nbf", "iat", "cti"};

static wallet_err wl_cwt_time(wallet_ctx *ctx, const wl_cbor *claims, int64_t label, int64_t *out)
{
    *out = 0;
    const wl_cbor *v = wl_cbor_map_int(claims, label);
    if (!v)
        return WALLET_OK;
    if (v->type == WL_CBOR_TAG && v->u == 1)
        v = wl_cbor_tag_content(v);
    int64_t t;
    if (wl_cbor_get_int(v, &t) && t >= 0)
        *out = t;
    else if (v->type == WL_CBOR_FLOAT && isfinite(v->f) && v->f >= 0 && v->f < 253402300800.0)
        *out = (int64_t)v->f; /* RFC 8392 §2: NumericDate may be a float */
    else
        return wl_err(ctx, WALLET_ERR_CBOR_TYPE, "CWT claim %s is not a NumericDate",
                      wl_cwt_names[label]);
    return WALLET_OK;
}

/* CWT claims as JSON, standard labels by their names. */
static int wl_cwt_json(wl_buf *b, const wl_cbor *map)
{
    wl_buf_append_byte(b, '{');
    const wl_cbor *k = wl_cbor_child(map);
    for (uint64_t i = 0; i < map->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        int64_t label;
        if (i)
            wl_buf_append_byte(b, ',');
        if (wl_cbor_get_int(k, &label) && label >= 1 && label <= 7)
            wl_json_append_string(b, wl_cwt_names[label], strlen(wl_cwt_names[label]));
        else if (k->type == WL_CBOR_TEXT)
            wl_json_append_string(b, (const char *)k->ptr, (size_t)k->u);
        else if (wl_cbor_get_int(k, &label))
            wl_buf_printf(b, "\"%lld\"", (long long)label);
        else
            wl_buf_append_str(b, "\"?\"");
        wl_buf_append_byte(b, ':');
        wl_cbor_to_json(b, v);
        k = wl_cbor_next(v);
    }
    return wl_buf_append_byte(b, '}');
}

/* The JSON form must not name a member twice: label 1 next to a text "iss",
 * or 8 next to "8" (at any depth), would let a consumer of the claims read
 * another value than the one verified and reported. The strict parser finds
 * duplicates; its size and depth limits are lifted for this check only. */
static wallet_err wl_cwt_json_unique(wallet_ctx *ctx, const char *json, size_t len)
{
    wallet_ctx *tmp = NULL;
    if (wallet_ctx_new(&tmp) != WALLET_OK)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_ctx_limit(tmp, WALLET_LIMIT_INPUT_BYTES, INT64_MAX);
    wallet_ctx_limit(tmp, WALLET_LIMIT_JSON_DEPTH, INT64_MAX);
    cJSON *root = NULL;
    wallet_err e = wl_json_parse(tmp, &root, json, len);
    cJSON_Delete(root);
    wallet_ctx_free(tmp);
    if (e == WALLET_ERR_JSON_DUPLICATE)
        return wl_err(ctx, WALLET_ERR_CBOR_DUPLICATE,
                      "CWT claims: two claims have the same name in the JSON form");
    return e == WALLET_ERR_NOMEM ? wl_err(ctx, e, "out of memory") : WALLET_OK;
}

static wallet_err wl_cose_verify_fmt(wallet_ctx *ctx, const wallet_trust *trust,
                                     const wallet_policy *policy, const wl_input *in,
                                     wallet_result *r)
{
    wallet_cose_sign1 *msg = NULL;
    wallet_key *key = NULL;
    wallet_cert *cert = NULL;
    wl_cbor_doc *doc = NULL;
    wallet_err e = wallet_cose_sign1_parse(ctx, &msg, in->bin, in->bin_len);
    if (!e && wallet_cose_sign1_is_detached(msg))
        e = wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE_Sign1 with a detached payload");
    if (!e)
        e = wl_trust_verify_cose_sign1(ctx, trust, msg, policy->algs, NULL, 0, NULL, 0, &key,
                                       &cert);
    if (e)
        goto done;
    size_t plen;
    const uint8_t *payload = wallet_cose_sign1_payload(msg, &plen);
    if (plen && wl_cbor_decode(NULL, &doc, payload, plen, 0, NULL) == WALLET_OK &&
        wl_cbor_root(doc)->type == WL_CBOR_MAP) {
        const wl_cbor *claims = wl_cbor_root(doc);
        if ((e = wl_cwt_time(ctx, claims, 4, &r->exp)) ||
            (e = wl_cwt_time(ctx, claims, 5, &r->nbf)) || (e = wl_cwt_time(ctx, claims, 6, &r->iat)))
            goto done;
        e = wl_check_time_window(ctx, r->nbf, r->exp, "CWT");
        if (e)
            goto done;
        const wl_cbor *iss = wl_cbor_map_int(claims, 1);
        if (iss && iss->type == WL_CBOR_TEXT &&
            !(r->issuer = wl_strndup((const char *)iss->ptr, (size_t)iss->u))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            goto done;
        }
        wl_buf b;
        wl_buf_init(&b, 0);
        wl_cwt_json(&b, claims);
        if (b.failed) {
            e = wl_buf_error(ctx, &b, "CWT claims");
            wl_buf_free(&b);
            goto done;
        }
        size_t json_len = 0;
        r->claims_json = (char *)wl_buf_take(&b, &json_len);
        e = wl_cwt_json_unique(ctx, r->claims_json, json_len);
        if (e)
            goto done;
    }
    if (!r->issuer && cert)
        e = wallet_cert_subject(ctx, &r->issuer, cert);
done:
    wl_cbor_doc_free(doc);
    wallet_key_free(key);
    wallet_cert_free(cert);
    wallet_cose_sign1_free(msg);
    return e;
}

const wl_format wl_format_cose_sign1 = {"cose_sign1", wl_cose_detect, wl_cose_verify_fmt};
