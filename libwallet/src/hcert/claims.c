/*
 * HC1 CWT claims (hcert spec §3.3, RFC 8392): 1 iss, 4 exp, 6 iat and the
 * hcert claim -260 holding {1: health payload}; the payload's kind; and the
 * time checks.
 */
#include <math.h>

#include "../crypto/crypto.h"
#include "hcert_int.h"

const char *wl_hcert_kind_name(wl_hcert_kind kind)
{
    switch (kind) {
    case WL_HCERT_VACCINATION:
        return "vaccination";
    case WL_HCERT_TEST:
        return "test";
    case WL_HCERT_RECOVERY:
        return "recovery";
    case WL_HCERT_CHECKUP:
        return "checkup";
    case WL_HCERT_NONE:
        break;
    }
    return NULL;
}

/* The members that hold a payload's entries, in wl_hcert_kind order. */
static const char *const wl_kind_members[] = {NULL, "v", "t", "r", "pc"};

wallet_err wl_hcert_payload_kind(wallet_ctx *ctx, const wl_cbor *payload, wl_hcert_kind *kind)
{
    *kind = WL_HCERT_NONE;
    if (!payload || payload->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_HC1_PAYLOAD, "HC1: the health payload is not a map");
    wl_hcert_kind found = WL_HCERT_NONE;
    for (int k = WL_HCERT_VACCINATION; k <= WL_HCERT_CHECKUP; k++) {
        const wl_cbor *entries = wl_cbor_map_text(payload, wl_kind_members[k]);
        if (!entries)
            continue;
        /* DCC schema: exactly one of v / t / r, each a non-empty array of
         * entry objects; a payload mixing kinds could not be held to one
         * signer's key usage. */
        if (found != WL_HCERT_NONE)
            return wl_err(ctx, WALLET_ERR_HC1_PAYLOAD,
                          "HC1: the health payload holds both \"%s\" and \"%s\"",
                          wl_kind_members[found], wl_kind_members[k]);
        if (entries->type != WL_CBOR_ARRAY || entries->u == 0)
            return wl_err(ctx, WALLET_ERR_HC1_PAYLOAD,
                          "HC1: health payload member \"%s\" is not a non-empty array",
                          wl_kind_members[k]);
        const wl_cbor *e = wl_cbor_child(entries);
        for (uint64_t i = 0; i < entries->u; i++, e = wl_cbor_next(e))
            if (e->type != WL_CBOR_MAP)
                return wl_err(ctx, WALLET_ERR_HC1_PAYLOAD,
                              "HC1: entry %llu of \"%s\" is not a map", (unsigned long long)i,
                              wl_kind_members[k]);
        found = (wl_hcert_kind)k;
    }
    if (found == WL_HCERT_NONE)
        return wl_err(ctx, WALLET_ERR_HC1_PAYLOAD,
                      "HC1: the health payload holds none of \"v\", \"t\", \"r\", \"pc\"");
    *kind = found;
    return WALLET_OK;
}

/* A NumericDate (RFC 8392 §2): an integer or a float number of seconds
 * (the DCC test data has floats), fraction dropped. Tag 1 is tolerated as
 * by the generic CWT format. */
static wallet_err wl_numeric_date(wallet_ctx *ctx, const wl_cbor *claims, int64_t label,
                                  const char *name, int64_t *out)
{
    *out = 0;
    const wl_cbor *v = wl_cbor_map_int(claims, label);
    if (!v)
        return wl_err(ctx, WALLET_ERR_HC1_CWT, "HC1: CWT claim \"%s\" (%lld) is missing", name,
                      (long long)label);
    if (v->type == WL_CBOR_TAG && v->u == 1)
        v = wl_cbor_tag_content(v);
    int64_t t;
    if (wl_cbor_get_int(v, &t) && t >= 0) {
        *out = t;
        return WALLET_OK;
    }
    if (v->type == WL_CBOR_FLOAT && isfinite(v->f) && v->f >= 0 && v->f < 253402300800.0) {
        *out = (int64_t)floor(v->f);
        return WALLET_OK;
    }
    return wl_err(ctx, WALLET_ERR_HC1_CWT, "HC1: CWT claim \"%s\" is not a NumericDate", name);
}

wallet_err wl_hcert_claims_parse(wallet_ctx *ctx, wl_hcert_claims *c, const uint8_t *cwt,
                                 size_t cwt_len)
{
    memset(c, 0, sizeof(*c));
    wallet_err e = wl_cbor_decode(ctx, &c->doc, cwt, cwt_len, 0, NULL);
    if (e)
        return wl_hc1_prefix(ctx, e, "HC1 CWT claims");
    const wl_cbor *claims = wl_cbor_root(c->doc);
    if (claims->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_HC1_CWT, "HC1: the COSE payload is not a CWT claims map");
        goto fail;
    }
    c->iss = wl_cbor_map_int(claims, 1);
    if (c->iss && (c->iss->type != WL_CBOR_TEXT || c->iss->u == 0)) {
        e = wl_err(ctx, WALLET_ERR_HC1_CWT, "HC1: CWT claim \"iss\" is not a non-empty text");
        goto fail;
    }
    if ((e = wl_numeric_date(ctx, claims, 4, "exp", &c->exp)) ||
        (e = wl_numeric_date(ctx, claims, 6, "iat", &c->iat)))
        goto fail;
    const wl_cbor *hcert = wl_cbor_map_int(claims, WALLET_HC1_CLAIM_HCERT);
    if (!hcert || hcert->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_HC1_CWT, "HC1: CWT claim -260 (hcert) is %s",
                   hcert ? "not a map" : "missing");
        goto fail;
    }
    c->payload = wl_cbor_map_int(hcert, WALLET_HC1_HCERT_EU_DCC_V1);
    if (!c->payload) {
        e = wl_err(ctx, WALLET_ERR_HC1_CWT, "HC1: the hcert claim has no payload under key 1");
        goto fail;
    }
    e = wl_hcert_payload_kind(ctx, c->payload, &c->kind);
    if (e)
        goto fail;
    return WALLET_OK;
fail:
    wl_hcert_claims_free(c);
    return e;
}

void wl_hcert_claims_free(wl_hcert_claims *c)
{
    if (!c)
        return;
    wl_cbor_doc_free(c->doc);
    memset(c, 0, sizeof(*c));
}

wallet_err wl_hcert_check_times(wallet_ctx *ctx, const wallet_cert *signer,
                                const wl_hcert_claims *c)
{
    int64_t now = wallet_ctx_now(ctx);
    if (signer) {
        /* The signer's own validity counts too: hcert spec §3.3.4-5 ties an
         * HC1's validity to its DSC's. Same rule as chain verification
         * (expired from the notAfter second on), without skew. */
        int64_t nb, na;
        wallet_err e = wallet_cert_validity(ctx, &nb, &na, signer);
        if (e)
            return e;
        if (now < nb || now >= na)
            return wl_err(ctx, WALLET_ERR_CERT_EXPIRED,
                          "HC1: the signer certificate is not valid at %lld (valid %lld to %lld)",
                          (long long)now, (long long)nb, (long long)na);
    }
    /* "exp" is required and checked (§3.3.4; 0 is 1970, not "absent"); an
     * "iat" in the future means the issuer's clock or the verifier's is
     * wrong: refused beyond the tolerated skew. */
    int64_t skew = wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW);
    if (now > c->exp && now - c->exp > skew)
        return wl_err(ctx, WALLET_ERR_EXPIRED, "HC1 expired at %lld (now %lld)",
                      (long long)c->exp, (long long)now);
    if (c->iat > now && c->iat - now > skew)
        return wl_err(ctx, WALLET_ERR_NOT_YET_VALID, "HC1 issued in the future (%lld, now %lld)",
                      (long long)c->iat, (long long)now);
    return WALLET_OK;
}
