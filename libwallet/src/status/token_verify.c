/*
 * Verifying a Status List Token (draft §5, §8.3) into a wallet_status_token:
 * signature through the trust set, type, the JWT / CWT claims, and the
 * Status List itself (§4.2 JSON, §4.3 CBOR) inflated under the context's
 * limit.
 */
#include <math.h>
#include <strings.h>

#include "../cose/cose_int.h"
#include "../core/zlib.h"
#include "../jose/jose.h"
#include "../trust/trust_int.h"
#include "status_int.h"

wallet_status_token *wl_status_token_ref(const wallet_status_token *t)
{
    wallet_status_token *m = (wallet_status_token *)(uintptr_t)t;
    if (m)
        atomic_fetch_add(&m->refs, 1);
    return m;
}

void wallet_status_token_free(wallet_status_token *t)
{
    if (!t || atomic_fetch_sub(&t->refs, 1) != 1)
        return;
    free(t->uri);
    free(t->issuer);
    free(t->aggregation_uri);
    free(t->list);
    free(t->raw);
    wallet_key_free(t->key);
    wallet_cert_free(t->cert);
    free(t);
}

/* ---- the Status List object -------------------------------------------------- */

/* Inflate "lst" (draft §4.1 step 4: DEFLATE in the ZLIB format) under
 * WALLET_LIMIT_INFLATE_BYTES: 2^20 entries at 8 bits are 1 MiB and fit the
 * default 2 MiB, while a few KiB that would expand to gigabytes stop at the
 * cap (WALLET_ERR_TOO_LARGE). */
static wallet_err wl_status_inflate(wallet_ctx *ctx, wallet_status_token *t, const uint8_t *z,
                                    size_t z_len)
{
    size_t max = (size_t)wl_limit(ctx, WALLET_LIMIT_INFLATE_BYTES);
    wallet_err e = wl_zlib_inflate(ctx, &t->list, &t->list_len, z, z_len, max);
    if (e)
        return wl_err_prefix(ctx, "status list \"lst\"");
    if (t->list_len == 0)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "status list \"lst\" holds no entries");
    return WALLET_OK;
}

static wallet_err wl_status_list_json(wallet_ctx *ctx, wallet_status_token *t, const cJSON *sl)
{
    if (!cJSON_IsObject(sl))
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "\"status_list\" is not an object");
    int64_t bits;
    wallet_err e = wl_json_get_int(sl, "bits", &bits);
    if (e || !wl_status_bits_ok((uint64_t)bits))
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list \"bits\" must be 1, 2, 4 or 8");
    t->bits = (unsigned)bits;
    const cJSON *lst = wl_json_get(sl, "lst");
    if (!cJSON_IsString(lst))
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list \"lst\" is missing or not a string");
    const cJSON *agg = wl_json_get(sl, "aggregation_uri");
    if (agg) {
        if (!cJSON_IsString(agg) || !wl_status_uri_ok(agg->valuestring, strlen(agg->valuestring)))
            return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                          "status list \"aggregation_uri\" is not a URI");
        if (!(t->aggregation_uri = wl_strdup(agg->valuestring)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    uint8_t *z = NULL;
    size_t z_len = 0;
    e = wl_b64url_decode(ctx, &z, &z_len, lst->valuestring, strlen(lst->valuestring));
    if (e)
        return wl_err_prefix(ctx, "status list \"lst\"");
    e = wl_status_inflate(ctx, t, z, z_len);
    free(z);
    return e;
}

static wallet_err wl_status_list_cbor(wallet_ctx *ctx, wallet_status_token *t, const wl_cbor *sl)
{
    if (!sl || sl->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "CWT claim 65533 (status_list) is missing or not a map");
    const wl_cbor *bits = wl_cbor_map_text(sl, "bits");
    if (!bits || bits->type != WL_CBOR_UINT || !wl_status_bits_ok(bits->u))
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list \"bits\" must be the unsigned integer 1, 2, 4 or 8");
    t->bits = (unsigned)bits->u;
    const wl_cbor *lst = wl_cbor_map_text(sl, "lst");
    if (!lst || lst->type != WL_CBOR_BYTES)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list \"lst\" is missing or not a byte string");
    const wl_cbor *agg = wl_cbor_map_text(sl, "aggregation_uri");
    if (agg) {
        if (agg->type != WL_CBOR_TEXT || !wl_status_uri_ok((const char *)agg->ptr, (size_t)agg->u))
            return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                          "status list \"aggregation_uri\" is not a URI");
        if (!(t->aggregation_uri = wl_strndup((const char *)agg->ptr, (size_t)agg->u)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    return wl_status_inflate(ctx, t, lst->ptr, (size_t)lst->u);
}

wallet_err wl_status_list_parse(wallet_ctx *ctx, wallet_status_token **out, const uint8_t *data,
                                size_t len, int cbor)
{
    *out = NULL;
    wallet_err e = wl_check_input_size(ctx, len, "status list");
    if (e)
        return e;
    wallet_status_token *t = wl_calloc(1, sizeof(*t));
    if (!t)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    atomic_init(&t->refs, 1);
    t->format = cbor ? WALLET_STATUS_CWT : WALLET_STATUS_JWT;
    if (cbor) {
        wl_cbor_doc *doc = NULL;
        e = wl_cbor_decode(ctx, &doc, data, len, 0, NULL);
        if (!e)
            e = wl_status_list_cbor(ctx, t, wl_cbor_root(doc));
        wl_cbor_doc_free(doc);
    } else {
        cJSON *j = NULL;
        e = wl_json_parse_object(ctx, &j, (const char *)data, len);
        if (!e)
            e = wl_status_list_json(ctx, t, j);
        cJSON_Delete(j);
    }
    if (e) {
        wallet_status_token_free(t);
        return e;
    }
    *out = t;
    return WALLET_OK;
}

/* ---- claims ---------------------------------------------------------------- */

static wallet_err wl_set_uri(wallet_ctx *ctx, char **field, const char *s, size_t n,
                             const char *what)
{
    if (!wl_status_uri_ok(s, n))
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "%s is not a URI", what);
    if (!(*field = wl_strndup(s, n)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

/* NumericDate (RFC 7519 §2): a non-negative number; fractions truncated. */
static wallet_err wl_json_date(wallet_ctx *ctx, const cJSON *claims, const char *name,
                               int64_t *out)
{
    *out = 0;
    const cJSON *v = wl_json_get(claims, name);
    if (!v)
        return WALLET_OK;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 253402300799.0)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list token claim \"%s\" is not a NumericDate", name);
    *out = (int64_t)v->valuedouble;
    return WALLET_OK;
}

static wallet_err wl_cbor_date(wallet_ctx *ctx, const wl_cbor *claims, int64_t label,
                               const char *name, int64_t *out)
{
    *out = 0;
    const wl_cbor *v = wl_cbor_map_int(claims, label);
    if (!v)
        return WALLET_OK;
    if (v->type == WL_CBOR_TAG && v->u == 1) /* RFC 8392 §2: epoch-based date tag */
        v = wl_cbor_tag_content(v);
    int64_t t;
    if (v && wl_cbor_get_int(v, &t) && t >= 0 && t <= 253402300799)
        *out = t;
    else if (v && v->type == WL_CBOR_FLOAT && isfinite(v->f) && v->f >= 0 &&
             v->f < 253402300800.0)
        *out = (int64_t)v->f;
    else
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list token claim %s is not a NumericDate", name);
    return WALLET_OK;
}

/* The time checks of RFC 7519 §7.2 / RFC 8392 §7.2 with the context's skew. */
static wallet_err wl_status_times(wallet_ctx *ctx, const wallet_status_token *t)
{
    if (!t->iat)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "status list token has no \"iat\" (required, draft §5)");
    int64_t now = wallet_ctx_now(ctx), skew = wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW);
    if (t->exp && now > t->exp + skew)
        return wl_err(ctx, WALLET_ERR_EXPIRED, "status list token expired at %lld (now %lld)",
                      (long long)t->exp, (long long)now);
    if (t->nbf && now + skew < t->nbf)
        return wl_err(ctx, WALLET_ERR_NOT_YET_VALID,
                      "status list token not valid before %lld (now %lld)", (long long)t->nbf,
                      (long long)now);
    return WALLET_OK;
}

/* typ "statuslist+jwt": RFC 7515 §4.1.9 lets "application/" be omitted and
 * media types compare case-insensitively. */
static int wl_typ_is(const char *typ, const char *want)
{
    if (!typ)
        return 0;
    if (strncasecmp(typ, "application/", 12) == 0)
        typ += 12;
    return strcasecmp(typ, want) == 0;
}

static wallet_err wl_decode_jwt(wallet_ctx *ctx, wallet_status_token *t, const wallet_trust *trust,
                                wallet_algset algs, const char *text, size_t len)
{
    if (len && text[0] == '{')
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT,
                      "a status list token JWT must use the compact serialization");
    wallet_jws *jws = NULL;
    cJSON *claims = NULL;
    wallet_err e = wallet_jws_parse(ctx, &jws, text, len);
    if (!e) {
        t->chained = wl_jws_param(jws, 0, "x5c") != NULL;
        e = wl_trust_verify_jws(ctx, trust, jws, algs, &t->key, &t->cert);
    }
    if (e)
        goto done;
    /* draft §5.1: typ is REQUIRED and MUST be statuslist+jwt. */
    const char *typ = wl_json_get_string(wl_jws_protected(jws, 0), "typ");
    if (!wl_typ_is(typ, WL_STATUS_JWT_TYP)) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "status list token JWT: typ is %s, not \"%s\"",
                   typ ? "another type" : "missing", WL_STATUS_JWT_TYP);
        goto done;
    }
    size_t plen;
    const uint8_t *payload = wallet_jws_payload(jws, &plen);
    e = wl_json_parse_object(ctx, &claims, (const char *)payload, plen);
    if (e) {
        wl_err_prefix(ctx, "status list token claims");
        goto done;
    }
    if ((e = wl_json_date(ctx, claims, "iat", &t->iat)) ||
        (e = wl_json_date(ctx, claims, "exp", &t->exp)) ||
        (e = wl_json_date(ctx, claims, "nbf", &t->nbf)) || (e = wl_status_times(ctx, t)))
        goto done;
    const cJSON *sub = wl_json_get(claims, "sub");
    if (!cJSON_IsString(sub)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                   "status list token has no string \"sub\" (required, draft §5.1)");
        goto done;
    }
    if ((e = wl_set_uri(ctx, &t->uri, sub->valuestring, strlen(sub->valuestring),
                        "status list token \"sub\"")))
        goto done;
    const cJSON *iss = wl_json_get(claims, "iss");
    if (iss && !cJSON_IsString(iss)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "status list token \"iss\" is not a string");
        goto done;
    }
    if (iss && !(t->issuer = wl_strdup(iss->valuestring))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    const cJSON *ttl = wl_json_get(claims, "ttl");
    if (ttl && (!wl_json_is_int(ttl, &t->ttl) || t->ttl <= 0)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                   "status list token \"ttl\" is not a positive integer");
        goto done;
    }
    const cJSON *sl = wl_json_get(claims, "status_list");
    if (!sl) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                   "status list token has no \"status_list\" (required, draft §5.1)");
        goto done;
    }
    e = wl_status_list_json(ctx, t, sl);
done:
    cJSON_Delete(claims);
    wallet_jws_free(jws);
    return e;
}

static wallet_err wl_decode_cwt(wallet_ctx *ctx, wallet_status_token *t, const wallet_trust *trust,
                                wallet_algset algs, const uint8_t *cbor, size_t len)
{
    /* draft §5.2: COSE_Sign1_Tagged (18) or COSE_Mac0_Tagged (17), never the
     * CWT tag 61. libwallet verifies only signatures (no MACs). */
    if (len >= 2 && cbor[0] == 0xD8 && cbor[1] == 0x3D)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                      "status list token CWT must not carry the CWT tag 61 (draft §5.2)");
    if (len >= 1 && cbor[0] == 0xD1)
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED,
                      "status list token is a COSE_Mac0: libwallet accepts only signatures");
    if (len < 1 || cbor[0] != 0xD2)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                      "status list token CWT must be a tagged COSE_Sign1 (tag 18, draft §5.2)");
    wallet_cose_sign1 *msg = NULL;
    wl_cbor_doc *typ_doc = NULL, *doc = NULL;
    wallet_err e = wallet_cose_sign1_parse(ctx, &msg, cbor, len);
    if (!e && wallet_cose_sign1_is_detached(msg))
        e = wl_err(ctx, WALLET_ERR_COSE_FORMAT, "status list token CWT has a detached payload");
    if (!e) {
        t->chained = wallet_cose_sign1_header(msg, WALLET_COSE_HDR_X5CHAIN, NULL, NULL) != NULL;
        e = wl_trust_verify_cose_sign1(ctx, trust, msg, algs, NULL, 0, NULL, 0, &t->key,
                                       &t->cert);
    }
    if (e)
        goto done;
    /* draft §5.2: protected type (16) "application/statuslist+cwt". The
     * CoAP Content-Format number is still "TBD", so only the text form. */
    size_t typ_len = 0;
    int bucket = -1;
    const uint8_t *typ = wallet_cose_sign1_header(msg, WALLET_COSE_HDR_TYP, &typ_len, &bucket);
    const wl_cbor *tv = NULL;
    if (typ && wl_cbor_decode(NULL, &typ_doc, typ, typ_len, 0, NULL) == WALLET_OK)
        tv = wl_cbor_root(typ_doc);
    if (!tv || bucket != WALLET_COSE_PROTECTED || tv->type != WL_CBOR_TEXT ||
        tv->u != strlen(WL_STATUS_CWT_TYP) ||
        strncasecmp((const char *)tv->ptr, WL_STATUS_CWT_TYP, (size_t)tv->u) != 0) {
        e = wl_err(ctx, WALLET_ERR_TYPE,
                   "status list token CWT: protected type (16) is %s, not \"%s\"",
                   !tv ? "missing" : bucket != WALLET_COSE_PROTECTED ? "unprotected" : "another type",
                   WL_STATUS_CWT_TYP);
        goto done;
    }
    size_t plen;
    const uint8_t *payload = wallet_cose_sign1_payload(msg, &plen);
    e = wl_cbor_decode(ctx, &doc, payload, plen, 0, NULL);
    if (e) {
        wl_err_prefix(ctx, "status list token claims");
        goto done;
    }
    const wl_cbor *claims = wl_cbor_root(doc);
    if (claims->type != WL_CBOR_MAP) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "status list token claims are not a map");
        goto done;
    }
    if ((e = wl_cbor_date(ctx, claims, 6, "6 (iat)", &t->iat)) ||
        (e = wl_cbor_date(ctx, claims, 4, "4 (exp)", &t->exp)) ||
        (e = wl_cbor_date(ctx, claims, 5, "5 (nbf)", &t->nbf)) || (e = wl_status_times(ctx, t)))
        goto done;
    const wl_cbor *sub = wl_cbor_map_int(claims, 2);
    if (!sub || sub->type != WL_CBOR_TEXT) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                   "status list token has no text claim 2 (sub, required, draft §5.2)");
        goto done;
    }
    if ((e = wl_set_uri(ctx, &t->uri, (const char *)sub->ptr, (size_t)sub->u,
                        "status list token claim 2 (sub)")))
        goto done;
    const wl_cbor *iss = wl_cbor_map_int(claims, 1);
    if (iss && iss->type != WL_CBOR_TEXT) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT, "status list token claim 1 (iss) is not text");
        goto done;
    }
    if (iss && !(t->issuer = wl_strndup((const char *)iss->ptr, (size_t)iss->u))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    const wl_cbor *ttl = wl_cbor_map_int(claims, WL_CWT_TTL);
    if (ttl && (ttl->type != WL_CBOR_UINT || ttl->u == 0 || ttl->u > INT64_MAX)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                   "status list token claim 65534 (ttl) is not a positive unsigned integer");
        goto done;
    }
    if (ttl)
        t->ttl = (int64_t)ttl->u;
    e = wl_status_list_cbor(ctx, t, wl_cbor_map_int(claims, WL_CWT_STATUS_LIST));
done:
    wl_cbor_doc_free(doc);
    wl_cbor_doc_free(typ_doc);
    wallet_cose_sign1_free(msg);
    return e;
}

/* ---- entry points ------------------------------------------------------------- */

static int wl_is_b64url_or_hex(const uint8_t *p, size_t n, int *hex)
{
    int h = n % 2 == 0, b = 1;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        int is_hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        int is_b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_';
        h &= is_hex;
        b &= is_b64;
    }
    *hex = h;
    return n > 0 && (h || b);
}

wallet_err wl_status_token_decode(wallet_ctx *ctx, wallet_status_token **out,
                                  const wallet_trust *trust, wallet_algset algs,
                                  const uint8_t *data, size_t len, int hint,
                                  const char *expected_uri, int64_t retrieved)
{
    *out = NULL;
    if (!trust || !data)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (algs == 0)
        algs = WALLET_ALGSET_ALL;
    wallet_err e = wl_check_input_size(ctx, len, "status list token");
    if (e)
        return e;
    /* Text: trim surrounding white space (a file or HTTP body may end with
     * a newline). */
    size_t a = 0, b = len;
    while (a < b && data[a] && strchr(" \t\r\n", data[a]))
        a++;
    while (b > a && data[b - 1] && strchr(" \t\r\n", data[b - 1]))
        b--;
    const uint8_t *p = data + a;
    size_t n = b - a;
    size_t dots = 0;
    int textual = 1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '.')
            dots++;
        else if (p[i] < 0x21 || p[i] > 0x7E)
            textual = 0;
    }
    /* A JWS in JSON serialization is not a JWT (RFC 7519 §7.2 step 1):
     * refused by wl_decode_jwt with the reason. */
    int is_jwt = (textual && dots == 2) || (n && p[0] == '{');
    if (hint == WALLET_STATUS_JWT && !is_jwt)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "served as application/statuslist+jwt but not a compact JWT");
    if (hint == WALLET_STATUS_CWT && is_jwt)
        return wl_err(ctx, WALLET_ERR_STATUS_LIST_FORMAT,
                      "served as application/statuslist+cwt but is a JWT");
    wallet_status_token *t = wl_calloc(1, sizeof(*t));
    if (!t)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    atomic_init(&t->refs, 1);
    t->retrieved = retrieved;
    int hex = 0;
    if (is_jwt) {
        t->format = WALLET_STATUS_JWT;
        if (!(t->raw = wl_memdup(p, n))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        } else {
            t->raw_len = n;
            e = wl_decode_jwt(ctx, t, trust, algs, (const char *)p, n);
        }
    } else {
        t->format = WALLET_STATUS_CWT;
        /* Binary CBOR as served, or hex / base64url of it (files, tests). */
        if (hint != WALLET_STATUS_CWT && textual && wl_is_b64url_or_hex(p, n, &hex)) {
            e = hex ? wl_hex_decode(ctx, &t->raw, &t->raw_len, (const char *)p, n)
                    : wl_b64url_decode(ctx, &t->raw, &t->raw_len, (const char *)p, n);
            if (e)
                wl_err_prefix(ctx, "status list token");
        } else if (!(t->raw = wl_memdup(data, len))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        } else {
            t->raw_len = len;
        }
        if (!e)
            e = wl_decode_cwt(ctx, t, trust, algs, t->raw, t->raw_len);
    }
    /* draft §8.3 step 4a: the list's subject must be the credential's uri. */
    if (!e && expected_uri && strcmp(t->uri, expected_uri) != 0)
        e = wl_err(ctx, WALLET_ERR_STATUS_SUBJECT,
                   "status list token \"sub\" differs from the credential's status uri");
    if (e) {
        wallet_status_token_free(t);
        return e;
    }
    *out = t;
    return WALLET_OK;
}

wallet_err wallet_status_token_verify(wallet_ctx *ctx, wallet_status_token **out,
                                      const wallet_trust *trust, wallet_algset algs,
                                      const uint8_t *token, size_t len, const char *expected_uri)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (algs & ~(wallet_algset)WALLET_ALGSET_ALL)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown algorithm in the set");
    return wl_status_token_decode(ctx, out, trust, algs, token, len, 0, expected_uri,
                                  wallet_ctx_now(ctx));
}

wallet_err wl_status_token_lookup(wallet_ctx *ctx, const wallet_status_token *t, uint64_t idx,
                                  unsigned *status)
{
    uint64_t n = wl_status_entries(t->list_len, t->bits);
    if (idx >= n)
        return wl_err(ctx, WALLET_ERR_STATUS_INDEX,
                      "index %llu is beyond the status list (%llu entries)",
                      (unsigned long long)idx, (unsigned long long)n);
    *status = wl_status_at(t->list, t->bits, idx);
    return WALLET_OK;
}

wallet_err wallet_status_token_get(wallet_ctx *ctx, unsigned *status,
                                   const wallet_status_token *token, uint64_t idx)
{
    wl_enter(ctx);
    if (status)
        *status = 0;
    if (!status || !token)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_status_token_lookup(ctx, token, idx, status);
}

wallet_status_format wallet_status_token_format(const wallet_status_token *t)
{
    return t ? t->format : (wallet_status_format)0;
}

const char *wallet_status_token_uri(const wallet_status_token *t)
{
    return t ? t->uri : NULL;
}

const char *wallet_status_token_issuer(const wallet_status_token *t)
{
    return t ? t->issuer : NULL;
}

const char *wallet_status_token_aggregation_uri(const wallet_status_token *t)
{
    return t ? t->aggregation_uri : NULL;
}

int64_t wallet_status_token_issued_at(const wallet_status_token *t)
{
    return t ? t->iat : 0;
}

int64_t wallet_status_token_expires_at(const wallet_status_token *t)
{
    return t ? t->exp : 0;
}

int64_t wallet_status_token_ttl(const wallet_status_token *t)
{
    return t ? t->ttl : 0;
}

unsigned wallet_status_token_bits(const wallet_status_token *t)
{
    return t ? t->bits : 0;
}

uint64_t wallet_status_token_size(const wallet_status_token *t)
{
    return t ? wl_status_entries(t->list_len, t->bits) : 0;
}

const uint8_t *wallet_status_token_bytes(const wallet_status_token *t, size_t *len)
{
    if (len)
        *len = t ? t->raw_len : 0;
    return t ? t->raw : NULL;
}
