/*
 * JSON Web Signature (RFC 7515): parse (compact, flattened and general JSON
 * serialization), verify with a per-call algorithm allow-list, sign.
 */
#include "../crypto/crypto.h"
#include "jose.h"

typedef struct wl_jws_sig {
    const char *prot_b64; /* into jws->text (compact) or the JSON tree */
    size_t prot_b64_len;
    cJSON *prot;          /* parsed protected header (object), owned */
    char *prot_json;      /* its decoded text, owned */
    const cJSON *unprot;  /* JSON serialization "header", borrowed from root */
    uint8_t *sig;
    size_t sig_len;
    wallet_alg alg;
    const char *alg_name;
    const char *kid;
} wl_jws_sig;

struct wallet_jws {
    const char *text; /* text_owned, or the caller's (wl_jws_parse_borrowed) */
    size_t text_len;
    char *text_owned;
    cJSON *root; /* JSON serialization */
    const char *payload_b64;
    size_t payload_b64_len;
    uint8_t *payload;
    size_t payload_len;
    char *detached_b64; /* base64url of a detached payload, owned */
    int detached;
    wl_jws_sig *sigs;
    size_t n_sigs;
    size_t verified;
};

#define WL_NOT_VERIFIED ((size_t)-1)

void wallet_jws_free(wallet_jws *jws)
{
    if (!jws)
        return;
    for (size_t i = 0; i < jws->n_sigs; i++) {
        cJSON_Delete(jws->sigs[i].prot);
        free(jws->sigs[i].prot_json);
        free(jws->sigs[i].sig);
    }
    free(jws->sigs);
    cJSON_Delete(jws->root);
    free(jws->payload);
    free(jws->detached_b64);
    free(jws->text_owned);
    free(jws);
}

/* RFC 7515 §4.1.11: "crit" is protected, a non-empty array of distinct
 * strings naming members present in the protected header, none of them a
 * parameter the JWS spec itself defines. */
static wallet_err wl_check_crit_shape(wallet_ctx *ctx, const wl_jws_sig *s)
{
    const cJSON *crit = wl_json_get(s->prot, "crit");
    if (s->unprot && wl_json_get(s->unprot, "crit"))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"crit\" must be in the protected header");
    if (!crit)
        return WALLET_OK;
    if (!cJSON_IsArray(crit) || !crit->child)
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"crit\" must be a non-empty array");
    static const char *const registered[] = {"alg", "jku", "jwk", "kid", "x5u", "x5c",
                                             "x5t", "x5t#S256", "typ", "cty", "crit"};
    for (const cJSON *c = crit->child; c; c = c->next) {
        if (!cJSON_IsString(c))
            return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"crit\" entries must be strings");
        for (size_t i = 0; i < WL_ARRAY_LEN(registered); i++)
            if (!strcmp(c->valuestring, registered[i]))
                return wl_err(ctx, WALLET_ERR_JWS_FORMAT,
                              "JWS: \"crit\" lists the registered parameter \"%s\"",
                              registered[i]);
        if (!wl_json_get(s->prot, c->valuestring))
            return wl_err(ctx, WALLET_ERR_JWS_FORMAT,
                          "JWS: \"crit\" names \"%.40s\", absent from the protected header",
                          c->valuestring);
        for (const cJSON *d = c->next; d; d = d->next)
            if (cJSON_IsString(d) && !strcmp(d->valuestring, c->valuestring))
                return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"crit\" repeats \"%.40s\"",
                              c->valuestring);
    }
    return WALLET_OK;
}

/* Decode and check one signature's headers and signature bytes. */
static wallet_err wl_parse_sig(wallet_ctx *ctx, wl_jws_sig *s, const char *sig_b64,
                               size_t sig_b64_len)
{
    wallet_err e;
    if (s->prot_b64_len) {
        uint8_t *hdr;
        size_t hdr_len;
        e = wl_b64url_decode(ctx, &hdr, &hdr_len, s->prot_b64, s->prot_b64_len);
        if (e)
            return wl_err_prefix(ctx, "JWS protected header");
        s->prot_json = (char *)hdr;
        e = wl_json_parse_object(ctx, &s->prot, s->prot_json, hdr_len);
        if (e)
            return wl_err_prefix(ctx, "JWS protected header");
    } else {
        /* An absent or empty protected header (JSON serialization only). */
        s->prot = cJSON_CreateObject();
        s->prot_json = wl_strdup("{}");
        if (!s->prot || !s->prot_json)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if (s->unprot) {
        if (!cJSON_IsObject(s->unprot))
            return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"header\" is not an object");
        /* RFC 7515 §7.2.1: the header parameter sets must be disjoint. */
        for (const cJSON *m = s->unprot->child; m; m = m->next)
            if (wl_json_get(s->prot, m->string))
                return wl_err(ctx, WALLET_ERR_JWS_FORMAT,
                              "JWS: \"%.40s\" is both protected and unprotected", m->string);
    }
    const cJSON *alg = wl_json_get(s->prot, "alg");
    if (!alg && s->unprot)
        alg = wl_json_get(s->unprot, "alg");
    if (!cJSON_IsString(alg))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: header lacks a string \"alg\"");
    s->alg_name = alg->valuestring;
    s->alg = wallet_alg_from_name(alg->valuestring);
    const cJSON *kid = wl_json_get(s->prot, "kid");
    if (!kid && s->unprot)
        kid = wl_json_get(s->unprot, "kid");
    if (kid && !cJSON_IsString(kid))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"kid\" is not a string");
    s->kid = kid ? kid->valuestring : NULL;
    e = wl_check_crit_shape(ctx, s);
    if (e)
        return e;
    e = wl_b64url_decode(ctx, &s->sig, &s->sig_len, sig_b64, sig_b64_len);
    if (e)
        return wl_err_prefix(ctx, "JWS signature");
    return WALLET_OK;
}

static wallet_err wl_parse_compact(wallet_ctx *ctx, wallet_jws *jws)
{
    const char *t = jws->text, *end = t + jws->text_len;
    const char *d1 = memchr(t, '.', jws->text_len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', (size_t)(end - d1 - 1)) : NULL;
    if (!d1 || !d2 || memchr(d2 + 1, '.', (size_t)(end - d2 - 1)))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: compact form needs exactly three parts");
    if (d1 == t)
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: empty protected header");
    jws->sigs = wl_calloc(1, sizeof(wl_jws_sig));
    if (!jws->sigs)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    jws->n_sigs = 1;
    jws->sigs[0].prot_b64 = t;
    jws->sigs[0].prot_b64_len = (size_t)(d1 - t);
    jws->payload_b64 = d1 + 1;
    jws->payload_b64_len = (size_t)(d2 - d1 - 1);
    return wl_parse_sig(ctx, &jws->sigs[0], d2 + 1, (size_t)(end - d2 - 1));
}

static wallet_err wl_parse_json_sig(wallet_ctx *ctx, wl_jws_sig *s, const cJSON *obj)
{
    if (!cJSON_IsObject(obj))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: signature entry is not an object");
    const cJSON *prot = wl_json_get(obj, "protected");
    const cJSON *sig = wl_json_get(obj, "signature");
    s->unprot = wl_json_get(obj, "header");
    if ((prot && !cJSON_IsString(prot)) || !cJSON_IsString(sig))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT,
                      "JWS: \"protected\" and \"signature\" must be strings");
    if (!prot && !s->unprot)
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: signature without any header");
    s->prot_b64 = prot ? prot->valuestring : "";
    s->prot_b64_len = prot ? strlen(prot->valuestring) : 0;
    return wl_parse_sig(ctx, s, sig->valuestring, strlen(sig->valuestring));
}

static wallet_err wl_parse_json(wallet_ctx *ctx, wallet_jws *jws)
{
    wallet_err e = wl_json_parse_object(ctx, &jws->root, jws->text, jws->text_len);
    if (e)
        return wl_err_prefix(ctx, "JWS JSON serialization");
    const cJSON *payload = wl_json_get(jws->root, "payload");
    const cJSON *sigs = wl_json_get(jws->root, "signatures");
    if (payload && !cJSON_IsString(payload))
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"payload\" is not a string");
    jws->payload_b64 = payload ? payload->valuestring : "";
    jws->payload_b64_len = payload ? strlen(payload->valuestring) : 0;
    if (sigs) {
        /* General serialization (RFC 7515 §7.2.1). */
        if (wl_json_get(jws->root, "signature") || wl_json_get(jws->root, "protected") ||
            wl_json_get(jws->root, "header"))
            return wl_err(ctx, WALLET_ERR_JWS_FORMAT,
                          "JWS: mixes general and flattened serialization");
        if (!cJSON_IsArray(sigs) || !sigs->child)
            return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"signatures\" must be a non-empty array");
        size_t n = (size_t)cJSON_GetArraySize(sigs);
        jws->sigs = wl_calloc(n, sizeof(wl_jws_sig));
        if (!jws->sigs)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        jws->n_sigs = n;
        size_t i = 0;
        for (const cJSON *s = sigs->child; s; s = s->next, i++) {
            e = wl_parse_json_sig(ctx, &jws->sigs[i], s);
            if (e)
                return e;
        }
        return WALLET_OK;
    }
    /* Flattened serialization (RFC 7515 §7.2.2). */
    jws->sigs = wl_calloc(1, sizeof(wl_jws_sig));
    if (!jws->sigs)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    jws->n_sigs = 1;
    return wl_parse_json_sig(ctx, &jws->sigs[0], jws->root);
}

static wallet_err wl_jws_parse_text(wallet_ctx *ctx, wallet_jws **out, const char *text,
                                   size_t text_len, int copy)
{
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!text)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, text_len, "JWS");
    if (e)
        return e;
    wallet_jws *jws = wl_calloc(1, sizeof(*jws));
    if (!jws || (copy && !(jws->text_owned = wl_strndup(text, text_len)))) {
        free(jws);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    jws->text = copy ? jws->text_owned : text;
    jws->text_len = text_len;
    jws->verified = WL_NOT_VERIFIED;
    size_t lead = 0;
    while (lead < text_len && (text[lead] == ' ' || text[lead] == '\n' || text[lead] == '\t' ||
                               text[lead] == '\r'))
        lead++;
    if (lead < text_len && text[lead] == '{')
        e = wl_parse_json(ctx, jws);
    else
        e = wl_parse_compact(ctx, jws);
    if (!e) {
        if (jws->payload_b64_len == 0) {
            jws->detached = 1;
        } else {
            e = wl_b64url_decode(ctx, &jws->payload, &jws->payload_len, jws->payload_b64,
                                 jws->payload_b64_len);
            if (e)
                e = wl_err_prefix(ctx, "JWS payload");
        }
    }
    if (e) {
        wallet_jws_free(jws);
        return e;
    }
    *out = jws;
    return WALLET_OK;
}

wallet_err wallet_jws_parse(wallet_ctx *ctx, wallet_jws **out, const char *text, size_t text_len)
{
    wl_enter(ctx);
    return wl_jws_parse_text(ctx, out, text, text_len, 1);
}

wallet_err wl_jws_parse_borrowed(wallet_ctx *ctx, wallet_jws **out, const char *text,
                                 size_t text_len)
{
    return wl_jws_parse_text(ctx, out, text, text_len, 0);
}

wallet_err wallet_jws_set_detached_payload(wallet_ctx *ctx, wallet_jws *jws,
                                           const uint8_t *payload, size_t len)
{
    wl_enter(ctx);
    if (!jws || (!payload && len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!jws->detached)
        return wl_err(ctx, WALLET_ERR_STATE, "JWS payload is not detached");
    uint8_t *copy = wl_memdup(payload ? payload : (const uint8_t *)"", len);
    char *b64 = wl_b64url_encode(payload ? payload : (const uint8_t *)"", len);
    if (!copy || !b64) {
        free(copy);
        free(b64);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    free(jws->payload);
    free(jws->detached_b64);
    jws->payload = copy;
    jws->payload_len = len;
    jws->detached_b64 = b64;
    jws->verified = WL_NOT_VERIFIED;
    return WALLET_OK;
}

size_t wallet_jws_signature_count(const wallet_jws *jws)
{
    return jws ? jws->n_sigs : 0;
}

const char *wallet_jws_header_json(const wallet_jws *jws, size_t i)
{
    return jws && i < jws->n_sigs ? jws->sigs[i].prot_json : NULL;
}

const char *wallet_jws_kid(const wallet_jws *jws, size_t i)
{
    return jws && i < jws->n_sigs ? jws->sigs[i].kid : NULL;
}

wallet_alg wallet_jws_alg(const wallet_jws *jws, size_t i)
{
    return jws && i < jws->n_sigs ? jws->sigs[i].alg : WALLET_ALG_NONE;
}

size_t wallet_jws_verified_index(const wallet_jws *jws)
{
    return jws ? jws->verified : WL_NOT_VERIFIED;
}

const uint8_t *wallet_jws_payload(const wallet_jws *jws, size_t *len)
{
    if (!jws || jws->verified == WL_NOT_VERIFIED || !jws->payload) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = jws->payload_len;
    return jws->payload;
}

const cJSON *wl_jws_protected(const wallet_jws *jws, size_t i)
{
    return i < jws->n_sigs ? jws->sigs[i].prot : NULL;
}

const cJSON *wl_jws_unprotected(const wallet_jws *jws, size_t i)
{
    return i < jws->n_sigs ? jws->sigs[i].unprot : NULL;
}

const cJSON *wl_jws_param(const wallet_jws *jws, size_t i, const char *name)
{
    if (i >= jws->n_sigs)
        return NULL;
    const cJSON *v = wl_json_get(jws->sigs[i].prot, name);
    if (!v && jws->sigs[i].unprot)
        v = wl_json_get(jws->sigs[i].unprot, name);
    return v;
}

const char *wl_jws_text(const wallet_jws *jws, size_t *len)
{
    *len = jws->text_len;
    return jws->text;
}

const uint8_t *wl_jws_unverified_payload(const wallet_jws *jws, size_t *len)
{
    *len = jws->payload_len;
    return jws->payload;
}

/* Why an algorithm name is refused: "none" and HS* are never signatures. */
static wallet_err wl_alg_refused(wallet_ctx *ctx, const wl_jws_sig *s)
{
    if (!strcmp(s->alg_name, "none"))
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED, "JWS: \"alg\": \"none\" is never accepted");
    if (!strncmp(s->alg_name, "HS", 2))
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED,
                      "JWS: symmetric \"alg\" %.10s is never accepted", s->alg_name);
    return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "JWS: \"alg\" \"%.20s\" is not supported",
                  s->alg_name);
}

static wallet_err wl_check_crit_understood(wallet_ctx *ctx, const wl_jws_sig *s,
                                           const char *const *understood)
{
    const cJSON *crit = wl_json_get(s->prot, "crit");
    for (const cJSON *c = crit ? crit->child : NULL; c; c = c->next) {
        int ok = 0;
        for (size_t i = 0; understood && understood[i] && !ok; i++)
            ok = !strcmp(understood[i], c->valuestring);
        if (!ok)
            return wl_err(ctx, WALLET_ERR_CRIT_UNKNOWN,
                          "JWS: critical header parameter \"%.40s\" is not understood",
                          c->valuestring);
    }
    return WALLET_OK;
}

static wallet_err wl_verify_one(wallet_ctx *ctx, const wallet_jws *jws, const wl_jws_sig *s,
                                const wallet_key *key, wallet_algset allowed,
                                const char *const *understood)
{
    if (s->alg == WALLET_ALG_NONE)
        return wl_alg_refused(ctx, s);
    if (!(allowed & WALLET_ALGSET(s->alg)))
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED, "JWS: algorithm %s is not allowed here",
                      s->alg_name);
    wallet_err e = wl_alg_check_key(ctx, s->alg, key, 1);
    if (e)
        return e;
    e = wl_check_crit_understood(ctx, s, understood);
    if (e)
        return e;
    const char *pb64 = jws->detached ? jws->detached_b64 : jws->payload_b64;
    size_t pb64_len = jws->detached ? (pb64 ? strlen(pb64) : 0) : jws->payload_b64_len;
    if (jws->detached && !pb64)
        return wl_err(ctx, WALLET_ERR_STATE, "JWS: detached payload not supplied");
    /* JWS Signing Input: ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)).
     * For the compact form it is contiguous in the received text. */
    if (!jws->root && !jws->detached)
        return wl_key_verify(ctx, key, s->alg, (const uint8_t *)s->prot_b64,
                             s->prot_b64_len + 1 + pb64_len, s->sig, s->sig_len);
    wl_buf in;
    wl_buf_init(&in, 0);
    wl_buf_append(&in, s->prot_b64, s->prot_b64_len);
    wl_buf_append_byte(&in, '.');
    wl_buf_append(&in, pb64, pb64_len);
    if (in.failed) {
        wl_buf_free(&in);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_key_verify(ctx, key, s->alg, in.data, in.len, s->sig, s->sig_len);
    wl_buf_free(&in);
    return e;
}

wallet_err wl_jws_verify(wallet_ctx *ctx, wallet_jws *jws, const wallet_key *key,
                         wallet_algset allowed, const char *const *understood_crit)
{
    jws->verified = WL_NOT_VERIFIED;
    if (allowed == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty algorithm allow-list");
    wallet_err first = WALLET_OK;
    char first_msg[WL_ERRMSG_MAX] = "";
    for (size_t i = 0; i < jws->n_sigs; i++) {
        wallet_err e = wl_verify_one(ctx, jws, &jws->sigs[i], key, allowed, understood_crit);
        if (!e) {
            jws->verified = i;
            if (ctx) {
                ctx->errcode = WALLET_OK;
                ctx->errmsg[0] = '\0';
            }
            return WALLET_OK;
        }
        /* A signature the key was actually checked against outranks ones
         * skipped for their algorithm or key type. */
        if (!first || (e == WALLET_ERR_SIGNATURE && first != WALLET_ERR_SIGNATURE)) {
            first = e;
            if (ctx)
                memcpy(first_msg, ctx->errmsg, sizeof(first_msg));
        }
    }
    /* Report the first failure so chosen (for compact: the only one). */
    if (ctx) {
        ctx->errcode = first;
        memcpy(ctx->errmsg, first_msg, sizeof(first_msg));
    }
    return first;
}

wallet_err wallet_jws_verify(wallet_ctx *ctx, wallet_jws *jws, const wallet_key *key,
                             wallet_algset allowed)
{
    wl_enter(ctx);
    if (!jws || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_jws_verify(ctx, jws, key, allowed, NULL);
}

/* ---- signing --------------------------------------------------------------- */

static wallet_err wl_sign_input(wallet_ctx *ctx, wl_buf *out, const wallet_key *key,
                                wallet_alg alg, const char *hdr_b64, size_t hdr_b64_len,
                                const char *pay_b64, size_t pay_b64_len)
{
    wl_buf in;
    wl_buf_init(&in, 0);
    wl_buf_append(&in, hdr_b64, hdr_b64_len);
    wl_buf_append_byte(&in, '.');
    wl_buf_append(&in, pay_b64, pay_b64_len);
    uint8_t sig[1024];
    size_t sig_len = sizeof(sig);
    wallet_err e = in.failed ? wl_buf_error(ctx, &in, "JWS")
                             : wl_key_sign(ctx, key, alg, in.data, in.len, sig, &sig_len);
    wl_buf_free(&in);
    if (!e && !wl_buf_append_b64url(out, sig, sig_len))
        e = wl_buf_error(ctx, out, "JWS");
    return e;
}

wallet_err wl_jws_sign_compact_hdr(wallet_ctx *ctx, char **out, const wallet_key *key,
                                   wallet_alg alg, const char *header_json, size_t header_len,
                                   const uint8_t *payload, size_t payload_len)
{
    *out = NULL;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_b64url(&b, (const uint8_t *)header_json, header_len);
    wl_buf_append_byte(&b, '.');
    wl_buf_append_b64url(&b, payload, payload_len);
    if (b.failed) {
        wl_buf_free(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    /* The signing input is exactly the text so far. */
    uint8_t sig[1024];
    size_t sig_len = sizeof(sig);
    wallet_err e = wl_key_sign(ctx, key, alg, b.data, b.len, sig, &sig_len);
    if (!e && !(wl_buf_append_byte(&b, '.') && wl_buf_append_b64url(&b, sig, sig_len)))
        e = wl_buf_error(ctx, &b, "JWS");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

/* {"alg":..,"kid":..,<extra members>} */
static wallet_err wl_build_header(wallet_ctx *ctx, wl_buf *h, const wallet_key *key,
                                  wallet_alg alg, const char *extra_json)
{
    cJSON *extra = NULL;
    if (extra_json) {
        wallet_err e = wl_json_parse_object(ctx, &extra, extra_json, strlen(extra_json));
        if (e)
            return wl_err_prefix(ctx, "extra JWS header");
        if (wl_json_get(extra, "alg")) {
            cJSON_Delete(extra);
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "extra JWS header may not set \"alg\"");
        }
    }
    wl_buf_printf(h, "{\"alg\":\"%s\"", wallet_alg_name(alg));
    const char *kid = wallet_key_kid(key);
    if (kid && !(extra && wl_json_get(extra, "kid"))) {
        wl_buf_append_str(h, ",\"kid\":");
        wl_json_append_string(h, kid, strlen(kid));
    }
    for (const cJSON *m = extra ? extra->child : NULL; m; m = m->next) {
        wl_buf_append_byte(h, ',');
        wl_json_append_string(h, m->string, strlen(m->string));
        wl_buf_append_byte(h, ':');
        wl_json_print_to(h, m);
    }
    wl_buf_append_byte(h, '}');
    cJSON_Delete(extra);
    return h->failed ? wl_buf_error(ctx, h, "JWS header") : WALLET_OK;
}

wallet_err wallet_jws_sign_compact(wallet_ctx *ctx, char **out, const wallet_key *key,
                                   wallet_alg alg, const char *extra_header_json,
                                   const uint8_t *payload, size_t payload_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!key || (!payload && payload_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (alg == WALLET_ALG_NONE)
        alg = wallet_key_alg(key);
    wallet_err e = wl_alg_check_key(ctx, alg, key, 1);
    if (e)
        return e;
    if (!wallet_key_can_sign(key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "signing needs a private key");
    wl_buf h;
    wl_buf_init(&h, 0);
    e = wl_build_header(ctx, &h, key, alg, extra_header_json);
    if (!e)
        e = wl_jws_sign_compact_hdr(ctx, out, key, alg, (const char *)h.data, h.len,
                                    payload ? payload : (const uint8_t *)"", payload_len);
    wl_buf_free(&h);
    return e;
}

wallet_err wallet_jws_sign_json(wallet_ctx *ctx, char **out, const wallet_key *const *keys,
                                size_t key_count, const uint8_t *payload, size_t payload_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!keys || key_count == 0 || (!payload && payload_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "need at least one key");
    for (size_t i = 0; i < key_count; i++) {
        if (!keys[i])
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL key");
        if (!wallet_key_can_sign(keys[i]))
            return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "key %zu cannot sign", i);
    }
    char *pay_b64 = wl_b64url_encode(payload ? payload : (const uint8_t *)"", payload_len);
    if (!pay_b64)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t pay_len = strlen(pay_b64);
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_str(&b, "{\"payload\":\"");
    wl_buf_append_str(&b, pay_b64);
    wl_buf_append_str(&b, key_count > 1 ? "\",\"signatures\":[" : "\",");
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i < key_count && !e; i++) {
        wallet_alg alg = wallet_key_alg(keys[i]);
        wl_buf h;
        wl_buf_init(&h, 0);
        e = wl_alg_check_key(ctx, alg, keys[i], 1);
        if (!e)
            e = wl_build_header(ctx, &h, keys[i], alg, NULL);
        if (!e) {
            char *hdr_b64 = wl_b64url_encode(h.data, h.len);
            if (!hdr_b64) {
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            } else {
                if (key_count > 1)
                    wl_buf_append_str(&b, i ? ",{" : "{");
                wl_buf_printf(&b, "\"protected\":\"%s\",\"signature\":\"", hdr_b64);
                e = wl_sign_input(ctx, &b, keys[i], alg, hdr_b64, strlen(hdr_b64), pay_b64,
                                  pay_len);
                wl_buf_append_str(&b, key_count > 1 ? "\"}" : "\"");
                free(hdr_b64);
            }
        }
        wl_buf_free(&h);
    }
    if (!e)
        wl_buf_append_str(&b, key_count > 1 ? "]}" : "}");
    free(pay_b64);
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "JWS");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}
