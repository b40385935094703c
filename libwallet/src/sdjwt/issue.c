/*
 * Issuance (RFC 9901 §4, SD-JWT VC §2): claims + disclosable paths →
 * Disclosures and digests → issuer-signed JWT → SD-JWT.
 *
 * The claims tree is transformed bottom-up, so that a disclosable object or
 * array whose members are disclosable too becomes a Disclosure whose value
 * already carries their digests (recursive disclosure, §4.2.6).
 */
#include "sdjwt_int.h"

#define WL_MAX_DECOYS 64
#define WL_MAX_SIGNERS 16
#define WL_SALT_BYTES 16 /* 128 bits (§9.3) */

struct wallet_sdjwt_issuer {
    wallet_key *key;
    cJSON *claims;
    char **paths;
    size_t n_paths;
    int all;
    unsigned decoys;
    wl_hash_alg hash;
    char *iss, *vct, *typ, *kid, *status_uri;
    int kid_set;
    int64_t status_idx;
    int64_t iat, nbf, exp;
    int validity_set;
    cJSON *cnf; /* {"jwk": <holder public JWK>}, made once by set_holder_key */
    wallet_cert **x5c;
    size_t n_x5c;
    cJSON *extra_hdr;
    wallet_key *signers[WL_MAX_SIGNERS];
    size_t n_signers;
};

wallet_err wallet_sdjwt_issuer_new(wallet_ctx *ctx, wallet_sdjwt_issuer **out,
                                   const wallet_key *issuer_key)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!issuer_key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL issuer key");
    if (!wallet_key_can_sign(issuer_key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "the issuer key cannot sign");
    wallet_sdjwt_issuer *b = wl_calloc(1, sizeof(*b));
    if (!b || !(b->typ = wl_strdup(WALLET_FORMAT_SDJWT)) || !(b->claims = cJSON_CreateObject())) {
        if (b)
            free(b->typ);
        free(b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    b->key = wl_key_ref(issuer_key);
    b->hash = WL_SHA256;
    *out = b;
    return WALLET_OK;
}

static void wl_paths_free(wallet_sdjwt_issuer *b)
{
    for (size_t i = 0; i < b->n_paths; i++)
        free(b->paths[i]);
    free(b->paths);
    b->paths = NULL;
    b->n_paths = 0;
}

void wallet_sdjwt_issuer_free(wallet_sdjwt_issuer *b)
{
    if (!b)
        return;
    wallet_key_free(b->key);
    cJSON_Delete(b->claims);
    wl_paths_free(b);
    free(b->iss);
    free(b->vct);
    free(b->typ);
    free(b->kid);
    free(b->status_uri);
    cJSON_Delete(b->cnf);
    for (size_t i = 0; i < b->n_x5c; i++)
        wallet_cert_free(b->x5c[i]);
    free(b->x5c);
    cJSON_Delete(b->extra_hdr);
    for (size_t i = 0; i < b->n_signers; i++)
        wallet_key_free(b->signers[i]);
    free(b);
}

/* "_sd", "..." and "_sd_alg" are the SD-JWT's own: no claim may use them. */
static int wl_has_reserved(const cJSON *v)
{
    for (const cJSON *c = v ? v->child : NULL; c; c = c->next) {
        if (c->string && (!strcmp(c->string, "_sd") || !strcmp(c->string, "...") ||
                          !strcmp(c->string, "_sd_alg")))
            return 1;
        if (wl_has_reserved(c))
            return 1;
    }
    return 0;
}

wallet_err wallet_sdjwt_issuer_set_claims(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                          const char *json, size_t len)
{
    wl_enter(ctx);
    if (!b || !json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    cJSON *c = NULL;
    wallet_err e = wl_json_parse_object(ctx, &c, json, len);
    if (e)
        return wl_err_prefix(ctx, "claims");
    if (wl_has_reserved(c)) {
        cJSON_Delete(c);
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "claims may not use the names \"_sd\", \"...\" or \"_sd_alg\"");
    }
    cJSON_Delete(b->claims);
    b->claims = c;
    wl_paths_free(b);
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_add_disclosable(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                               const char *path)
{
    wl_enter(ctx);
    if (!b || !path)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    char **comps;
    size_t n;
    wallet_err e = wl_path_split(ctx, path, &comps, &n);
    if (e)
        return e;
    int found = wl_path_resolve(b->claims, comps, n, NULL) != NULL;
    wl_path_free(comps, n);
    if (!found)
        return wl_err(ctx, WALLET_ERR_NOT_FOUND, "no claim at the disclosable path");
    char **nv = b->n_paths < 100000 ? realloc(b->paths, (b->n_paths + 1) * sizeof(char *)) : NULL;
    if (!nv)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    b->paths = nv;
    if (!(b->paths[b->n_paths] = wl_strdup(path)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    b->n_paths++;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_all_disclosable(wallet_ctx *ctx, wallet_sdjwt_issuer *b, int on)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    b->all = on != 0;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_decoys(wallet_ctx *ctx, wallet_sdjwt_issuer *b, unsigned count)
{
    wl_enter(ctx);
    if (!b || count > WL_MAX_DECOYS)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "decoy count must be 0 to %d", WL_MAX_DECOYS);
    b->decoys = count;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_hash(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                        wallet_sdjwt_hash hash)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    switch (hash) {
    case WALLET_SDJWT_SHA256:
        b->hash = WL_SHA256;
        return WALLET_OK;
    case WALLET_SDJWT_SHA384:
        b->hash = WL_SHA384;
        return WALLET_OK;
    case WALLET_SDJWT_SHA512:
        b->hash = WL_SHA512;
        return WALLET_OK;
    }
    return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown hash algorithm");
}

static wallet_err wl_set(wallet_ctx *ctx, char **field, const char *v)
{
    char *c = NULL;
    if (v && !(c = wl_strdup(v)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    free(*field);
    *field = c;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_issuer(wallet_ctx *ctx, wallet_sdjwt_issuer *b, const char *iss)
{
    wl_enter(ctx);
    return b ? wl_set(ctx, &b->iss, iss) : wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
}

wallet_err wallet_sdjwt_issuer_set_vct(wallet_ctx *ctx, wallet_sdjwt_issuer *b, const char *vct)
{
    wl_enter(ctx);
    return b ? wl_set(ctx, &b->vct, vct) : wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
}

wallet_err wallet_sdjwt_issuer_set_typ(wallet_ctx *ctx, wallet_sdjwt_issuer *b, const char *typ)
{
    wl_enter(ctx);
    return b ? wl_set(ctx, &b->typ, typ) : wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
}

wallet_err wallet_sdjwt_issuer_set_kid(wallet_ctx *ctx, wallet_sdjwt_issuer *b, const char *kid)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    wallet_err e = wl_set(ctx, &b->kid, kid);
    if (!e)
        b->kid_set = 1;
    return e;
}

wallet_err wallet_sdjwt_issuer_set_holder_key(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                              const wallet_key *holder_key)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    cJSON *cnf = NULL;
    if (holder_key) {
        /* RFC 7800 §3.2: "cnf": {"jwk": <public JWK>}, exported once here
         * rather than at every issuance. */
        wl_buf j;
        wl_buf_init(&j, 0);
        wl_buf_append_str(&j, "{\"jwk\":");
        wallet_err e = wl_jwk_append(ctx, &j, holder_key, 0);
        wl_buf_append_byte(&j, '}');
        if (!e && j.failed)
            e = wl_buf_error(ctx, &j, "cnf");
        if (!e)
            e = wl_json_parse(ctx, &cnf, (const char *)j.data, j.len);
        wl_buf_free(&j);
        if (e)
            return e;
    }
    cJSON_Delete(b->cnf);
    b->cnf = cnf;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_status(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                          const char *uri, int64_t idx)
{
    wl_enter(ctx);
    if (!b || (uri && idx < 0))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder or negative status index");
    wallet_err e = wl_set(ctx, &b->status_uri, uri);
    if (!e)
        b->status_idx = idx;
    return e;
}

wallet_err wallet_sdjwt_issuer_set_validity(wallet_ctx *ctx, wallet_sdjwt_issuer *b, int64_t iat,
                                            int64_t nbf, int64_t exp)
{
    wl_enter(ctx);
    if (!b || iat < 0 || nbf < 0 || exp < 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder or negative time");
    b->iat = iat;
    b->nbf = nbf;
    b->exp = exp;
    b->validity_set = 1;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_x5c(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                       const wallet_cert *const *chain, size_t count)
{
    wl_enter(ctx);
    if (!b || (count && !chain) || count > 16)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder or chain, or over 16 certificates");
    wallet_cert **v = count ? wl_calloc(count, sizeof(*v)) : NULL;
    if (count && !v)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (!chain[i]) {
            for (size_t k = 0; k < i; k++)
                wallet_cert_free(v[k]);
            free(v);
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL certificate");
        }
        v[i] = wl_cert_ref(chain[i]);
    }
    for (size_t i = 0; i < b->n_x5c; i++)
        wallet_cert_free(b->x5c[i]);
    free(b->x5c);
    b->x5c = v;
    b->n_x5c = count;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_set_header_json(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                               const char *json)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    cJSON *h = NULL;
    if (json) {
        wallet_err e = wl_json_parse_object(ctx, &h, json, strlen(json));
        if (e)
            return wl_err_prefix(ctx, "extra header");
        static const char *const own[] = {"alg", "typ", "kid", "x5c"};
        for (size_t i = 0; i < WL_ARRAY_LEN(own); i++)
            if (wl_json_get(h, own[i])) {
                cJSON_Delete(h);
                return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                              "extra header may not set \"%s\" (use its setter)", own[i]);
            }
    }
    cJSON_Delete(b->extra_hdr);
    b->extra_hdr = h;
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_add_signer(wallet_ctx *ctx, wallet_sdjwt_issuer *b,
                                          const wallet_key *key)
{
    wl_enter(ctx);
    if (!b || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!wallet_key_can_sign(key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "the signer key cannot sign");
    if (b->n_signers == WL_MAX_SIGNERS)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "at most %d further signers", WL_MAX_SIGNERS);
    b->signers[b->n_signers++] = wl_key_ref(key);
    return WALLET_OK;
}

/* ---- issuance ------------------------------------------------------------------- */

typedef struct wl_iss {
    wallet_ctx *ctx;
    const wallet_sdjwt_issuer *b;
    const cJSON **marks; /* nodes to make disclosable, sorted by address */
    size_t n_marks;
    cJSON *top;
    wl_buf disclosures;  /* "d1~d2~...~" */
    size_t count;
    int64_t max_count;
    uint8_t *salts;      /* random bytes for the salts, drawn in one call */
    size_t salts_len, salts_used;
} wl_iss;

static int wl_ptr_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (const cJSON *const *)a, y = (uintptr_t) * (const cJSON *const *)b;
    return (x > y) - (x < y);
}

static int wl_marked(const wl_iss *s, const cJSON *node)
{
    return s->n_marks && bsearch(&node, s->marks, s->n_marks, sizeof(*s->marks), wl_ptr_cmp);
}

/* A salt: 128 random bits, base64url (§4.2.1, §9.3). They come from a pool
 * filled by one CSPRNG call per issuance (each RAND_bytes call costs more
 * than the rest of making a Disclosure); the pool is wiped afterwards. */
static wallet_err wl_salt(wl_iss *s, char out[32])
{
    uint8_t r[WL_SALT_BYTES];
    wallet_err e = WALLET_OK;
    if (s->salts_used + sizeof(r) <= s->salts_len) {
        memcpy(r, s->salts + s->salts_used, sizeof(r));
        s->salts_used += sizeof(r);
    } else {
        e = wl_random(s->ctx, r, sizeof(r));
    }
    if (!e) {
        wl_b64url_encode_raw(out, r, sizeof(r));
        out[wl_b64url_encoded_len(sizeof(r))] = '\0';
    }
    wl_memzero(r, sizeof(r));
    return e;
}

/* A decoy digest: the digest of random bytes (§4.2.5). */
static wallet_err wl_decoy(wl_iss *s, char *out)
{
    uint8_t r[32];
    size_t n;
    wallet_err e = wl_random(s->ctx, r, sizeof(r));
    return e ? e : wl_sd_digest(s->ctx, s->b->hash, r, sizeof(r), out, &n);
}

/* Make a Disclosure of [salt, (name,) value] — value is consumed — and
 * return its digest. */
static wallet_err wl_disclose(wl_iss *s, const char *name, cJSON *value, char *digest)
{
    if ((int64_t)++s->count > s->max_count) {
        cJSON_Delete(value);
        return wl_err(s->ctx, WALLET_ERR_TOO_LARGE, "more Disclosures than the limit of %lld",
                      (long long)s->max_count);
    }
    char salt[32];
    wallet_err e = wl_salt(s, salt);
    cJSON *arr = cJSON_CreateArray();
    cJSON *js = cJSON_CreateString(salt);
    cJSON *jn = name ? cJSON_CreateString(name) : NULL;
    int ok = arr && js && cJSON_AddItemToArray(arr, js);
    if (!ok)
        cJSON_Delete(js);
    if (name) {
        ok = ok && jn && cJSON_AddItemToArray(arr, jn);
        if (!ok)
            cJSON_Delete(jn);
    }
    if (ok)
        ok = cJSON_AddItemToArray(arr, value);
    else
        cJSON_Delete(value);
    char *text = ok ? wl_json_print(arr) : NULL;
    cJSON_Delete(arr);
    if (!e && !text)
        e = wl_err(s->ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e) {
        /* §4.2.1: base64url of the UTF-8 JSON array is the Disclosure, and
         * its digest is over that base64url text (§4.2.3). */
        size_t at = s->disclosures.len;
        wl_buf_append_b64url(&s->disclosures, (const uint8_t *)text, strlen(text));
        size_t dl;
        if (s->disclosures.failed)
            e = wl_buf_error(s->ctx, &s->disclosures, "Disclosures");
        else
            e = wl_sd_digest(s->ctx, s->b->hash, s->disclosures.data + at,
                             s->disclosures.len - at, digest, &dl);
        wl_buf_append_byte(&s->disclosures, '~');
    }
    /* The Disclosure text holds claim values: wipe the temporary copy. */
    if (text)
        wl_free_secret(text, strlen(text));
    return e;
}

static int wl_digest_str_cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static wallet_err wl_encode(wl_iss *s, cJSON *node);

/* An object: nested values first, then its disclosable members become
 * digests in "_sd" (sorted, decoys added: §4.2.4.1, §4.2.5). */
static wallet_err wl_encode_object(wl_iss *s, cJSON *obj)
{
    size_t n = 0;
    for (cJSON *c = obj->child; c; c = c->next)
        n++;
    char(*digests)[WL_SD_DIGEST_B64_MAX] = wl_calloc(n + s->b->decoys + 1, sizeof(*digests));
    if (!digests)
        return wl_err(s->ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t nd = 0;
    wallet_err e = WALLET_OK;
    for (cJSON *c = obj->child, *next; c && !e; c = next) {
        next = c->next;
        e = wl_encode(s, c);
        if (e || !wl_marked(s, c))
            continue;
        cJSON_DetachItemViaPointer(obj, c);
        char *name = c->string;
        c->string = NULL; /* the value alone goes into the Disclosure */
        e = wl_disclose(s, name, c, digests[nd++]);
        free(name);
    }
    if (!e && nd) {
        for (unsigned k = 0; k < s->b->decoys && !e; k++)
            e = wl_decoy(s, digests[nd++]);
        qsort(digests, nd, sizeof(*digests), wl_digest_str_cmp);
        cJSON *sd = cJSON_CreateArray();
        int ok = sd && cJSON_AddItemToObject(obj, "_sd", sd);
        if (!ok)
            cJSON_Delete(sd);
        for (size_t i = 0; i < nd && ok && !e; i++) {
            cJSON *str = cJSON_CreateString(digests[i]);
            ok = str && cJSON_AddItemToArray(sd, str);
            if (!ok)
                cJSON_Delete(str);
        }
        if (!e && !ok)
            e = wl_err(s->ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    free(digests);
    return e;
}

static cJSON *wl_dots(const char *digest)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddStringToObject(o, "...", digest)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

/* An array: disclosable elements become {"...": digest} in place (§4.2.4.2);
 * decoys are inserted at random positions. */
static wallet_err wl_encode_array(wl_iss *s, cJSON *arr)
{
    wallet_err e = WALLET_OK;
    int any = 0;
    for (cJSON *el = arr->child, *next; el && !e; el = next) {
        next = el->next;
        e = wl_encode(s, el);
        if (e || !wl_marked(s, el))
            continue;
        cJSON_DetachItemViaPointer(arr, el);
        char digest[WL_SD_DIGEST_B64_MAX];
        e = wl_disclose(s, NULL, el, digest);
        cJSON *ph = e ? NULL : wl_dots(digest);
        if (ph)
            wl_sd_json_insert_before(arr, next, ph);
        else if (!e)
            e = wl_err(s->ctx, WALLET_ERR_NOMEM, "out of memory");
        any = 1;
    }
    for (unsigned k = 0; any && k < s->b->decoys && !e; k++) {
        char digest[WL_SD_DIGEST_B64_MAX];
        uint8_t r[2];
        e = wl_decoy(s, digest);
        if (!e)
            e = wl_random(s->ctx, r, sizeof(r));
        if (e)
            break;
        int size = cJSON_GetArraySize(arr);
        int pos = (int)(((unsigned)r[0] << 8 | r[1]) % (unsigned)(size + 1));
        cJSON *ph = wl_dots(digest);
        if (ph)
            wl_sd_json_insert_before(arr, cJSON_GetArrayItem(arr, pos), ph);
        else
            e = wl_err(s->ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    return e;
}

static wallet_err wl_encode(wl_iss *s, cJSON *node)
{
    if (cJSON_IsObject(node))
        return wl_encode_object(s, node);
    if (cJSON_IsArray(node))
        return wl_encode_array(s, node);
    return WALLET_OK;
}

/* Collect every node below `node` for "all disclosable". */
static wallet_err wl_mark_all(wl_iss *s, const cJSON *node, const cJSON ***v, size_t *n,
                              size_t *cap)
{
    for (const cJSON *c = node->child; c; c = c->next) {
        if (node == s->top && (wl_sd_vc_plain_claim(c->string) || !strcmp(c->string, "iat")))
            continue;
        if (*n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 64;
            const cJSON **nv = realloc(*v, ncap * sizeof(*nv));
            if (!nv)
                return wl_err(s->ctx, WALLET_ERR_NOMEM, "out of memory");
            *v = nv;
            *cap = ncap;
        }
        (*v)[(*n)++] = c;
        wallet_err e = wl_mark_all(s, c, v, n, cap);
        if (e)
            return e;
    }
    return WALLET_OK;
}

/* Replace (or add) a top-level claim. */
static int wl_put(cJSON *obj, const char *name, cJSON *value)
{
    if (!value)
        return 0;
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    if (!cJSON_AddItemToObject(obj, name, value)) {
        cJSON_Delete(value);
        return 0;
    }
    return 1;
}

/* The claims to sign, before selective disclosure: the builder's claims
 * plus iss, vct, validity, cnf and status. */
static wallet_err wl_full_claims(wallet_ctx *ctx, const wallet_sdjwt_issuer *b, cJSON **out)
{
    cJSON *c = cJSON_Duplicate(b->claims, 1);
    int ok = c != NULL;
    if (ok && b->iss)
        ok = wl_put(c, "iss", cJSON_CreateString(b->iss));
    int64_t iat = b->validity_set ? b->iat : wallet_ctx_now(ctx);
    if (ok && iat && (b->validity_set || !wl_json_get(c, "iat")))
        ok = wl_put(c, "iat", cJSON_CreateNumber((double)iat));
    if (ok && b->validity_set && b->nbf)
        ok = wl_put(c, "nbf", cJSON_CreateNumber((double)b->nbf));
    if (ok && b->validity_set && b->exp)
        ok = wl_put(c, "exp", cJSON_CreateNumber((double)b->exp));
    if (ok && b->vct)
        ok = wl_put(c, "vct", cJSON_CreateString(b->vct));
    if (ok && b->cnf)
        ok = wl_put(c, "cnf", cJSON_Duplicate(b->cnf, 1));
    if (ok && b->status_uri) {
        /* Token Status List: "status": {"status_list": {"idx", "uri"}} */
        cJSON *st = cJSON_CreateObject();
        cJSON *sl = st ? cJSON_AddObjectToObject(st, "status_list") : NULL;
        ok = sl && cJSON_AddNumberToObject(sl, "idx", (double)b->status_idx) &&
             cJSON_AddStringToObject(sl, "uri", b->status_uri);
        if (ok)
            ok = wl_put(c, "status", st);
        else
            cJSON_Delete(st);
    }
    if (!ok) {
        cJSON_Delete(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return WALLET_OK;
}

/* Standard base64 with padding (RFC 4648 §4), as "x5c" requires. */
static void wl_buf_append_b64(wl_buf *b, const uint8_t *p, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        char q[4] = {abc[(v >> 18) & 63], abc[(v >> 12) & 63],
                     i + 1 < n ? abc[(v >> 6) & 63] : '=', i + 2 < n ? abc[v & 63] : '='};
        wl_buf_append(b, q, 4);
    }
}

/* The protected header: alg, typ, kid or x5c, then the extra members. */
static wallet_err wl_header(wallet_ctx *ctx, const wallet_sdjwt_issuer *b, const wallet_key *key,
                            int primary, wl_buf *h)
{
    wl_buf_printf(h, "{\"alg\":\"%s\"", wallet_alg_name(wallet_key_alg(key)));
    if (b->typ) {
        wl_buf_append_str(h, ",\"typ\":");
        wl_json_append_string(h, b->typ, strlen(b->typ));
    }
    const char *kid = b->kid_set ? b->kid : wallet_key_kid(key);
    if (primary && kid) {
        wl_buf_append_str(h, ",\"kid\":");
        wl_json_append_string(h, kid, strlen(kid));
    }
    if (primary && b->n_x5c) {
        /* RFC 7515 §4.1.6: standard base64 DER, leaf first. */
        wl_buf_append_str(h, ",\"x5c\":[");
        for (size_t i = 0; i < b->n_x5c; i++) {
            size_t dl;
            const uint8_t *der = wallet_cert_der(b->x5c[i], &dl);
            wl_buf_append_str(h, i ? ",\"" : "\"");
            wl_buf_append_b64(h, der, dl);
            wl_buf_append_byte(h, '"');
        }
        wl_buf_append_byte(h, ']');
    }
    for (const cJSON *m = primary && b->extra_hdr ? b->extra_hdr->child : NULL; m; m = m->next) {
        wl_buf_append_byte(h, ',');
        wl_json_append_string(h, m->string, strlen(m->string));
        wl_buf_append_byte(h, ':');
        wl_json_print_to(h, m);
    }
    wl_buf_append_byte(h, '}');
    return h->failed ? wl_buf_error(ctx, h, "SD-JWT header") : WALLET_OK;
}

/* Sign payload with key: the compact JWS "h.p.s". */
static wallet_err wl_sign(wallet_ctx *ctx, const wallet_sdjwt_issuer *b, const wallet_key *key,
                          int primary, const char *payload, char **jwt)
{
    wl_buf h;
    wl_buf_init(&h, 0);
    wallet_err e = wl_alg_check_key(ctx, wallet_key_alg(key), key, 1);
    if (!e)
        e = wl_header(ctx, b, key, primary, &h);
    if (!e)
        e = wl_jws_sign_compact_hdr(ctx, jwt, key, wallet_key_alg(key), (const char *)h.data,
                                    h.len, (const uint8_t *)payload, strlen(payload));
    wl_buf_free(&h);
    return e;
}

/* Append `"name":"<part i of the compact JWS>"`. */
static void wl_part(wl_buf *o, const char *name, const char *jwt, int i)
{
    const char *s = jwt;
    for (int k = 0; k < i; k++)
        s = strchr(s, '.') + 1;
    const char *end = strchr(s, '.');
    wl_buf_printf(o, "\"%s\":\"", name);
    wl_buf_append(o, s, end ? (size_t)(end - s) : strlen(s));
    wl_buf_append_byte(o, '"');
}

/* The JWS JSON serialization (RFC 9901 §8.1, §8.2). */
static wallet_err wl_issue_json(wallet_ctx *ctx, char **out, const wallet_sdjwt_issuer *b,
                                const char *payload, const char *jwt, const wl_buf *ds)
{
    wl_buf o;
    wl_buf_init(&o, 0);
    wl_buf_append_byte(&o, '{');
    wl_part(&o, "payload", jwt, 1);
    wl_buf_append_str(&o, b->n_signers ? ",\"signatures\":[{" : ",");
    wl_part(&o, "protected", jwt, 0);
    wl_buf_append_str(&o, ",\"header\":{\"disclosures\":[");
    for (size_t i = 0, start = 0; i < ds->len; i++) {
        if (ds->data[i] != '~')
            continue;
        wl_buf_append_str(&o, start ? ",\"" : "\"");
        wl_buf_append(&o, ds->data + start, i - start);
        wl_buf_append_byte(&o, '"');
        start = i + 1;
    }
    wl_buf_append_str(&o, "]},");
    wl_part(&o, "signature", jwt, 2);
    wallet_err e = WALLET_OK;
    for (size_t k = 0; k < b->n_signers && !e; k++) {
        char *sj = NULL;
        e = wl_sign(ctx, b, b->signers[k], 0, payload, &sj);
        if (e)
            break;
        wl_buf_append_str(&o, "},{");
        wl_part(&o, "protected", sj, 0);
        const char *kid = wallet_key_kid(b->signers[k]);
        if (kid) {
            wl_buf_append_str(&o, ",\"header\":{\"kid\":");
            wl_json_append_string(&o, kid, strlen(kid));
            wl_buf_append_byte(&o, '}');
        }
        wl_buf_append_byte(&o, ',');
        wl_part(&o, "signature", sj, 2);
        wallet_free(sj);
    }
    wl_buf_append_str(&o, b->n_signers ? "}]}" : "}");
    if (!e && o.failed)
        e = wl_buf_error(ctx, &o, "SD-JWT");
    if (e) {
        wl_buf_free(&o);
        return e;
    }
    *out = (char *)wl_buf_take(&o, NULL);
    return WALLET_OK;
}

wallet_err wallet_sdjwt_issuer_issue(wallet_ctx *ctx, char **out, const wallet_sdjwt_issuer *b,
                                     unsigned flags)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!b || (flags & ~WALLET_SDJWT_JSON))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder or unknown flags");
    int vc = b->typ && wl_sd_typ_is_vc(b->typ);
    if (vc && !b->vct && !cJSON_IsString(wl_json_get(b->claims, "vct")))
        return wl_err(ctx, WALLET_ERR_SDJWT_VCT, "an SD-JWT VC needs a \"vct\" (typ %s)", b->typ);
    wl_iss s = {.ctx = ctx, .b = b, .max_count = wl_limit(ctx, WALLET_LIMIT_DISCLOSURES)};
    wl_buf_init(&s.disclosures, 0);
    size_t cap = 0;
    char *payload = NULL, *jwt = NULL;
    wallet_err e = wl_full_claims(ctx, b, &s.top);
    /* Resolve the disclosable paths to nodes of the full claims. */
    for (size_t i = 0; i < b->n_paths && !e; i++) {
        char **comps;
        size_t n;
        cJSON *parent = NULL;
        e = wl_path_split(ctx, b->paths[i], &comps, &n);
        if (e)
            break;
        const cJSON *node = wl_path_resolve(s.top, comps, n, &parent);
        if (!node)
            e = wl_err(ctx, WALLET_ERR_NOT_FOUND, "disclosable path %zu names no claim", i);
        else if (vc && parent == s.top && wl_sd_vc_plain_claim(node->string))
            /* SD-JWT VC §2.2.2.3: these claims MUST NOT be disclosable. */
            e = wl_err(ctx, WALLET_ERR_INVALID_ARG,
                       "SD-JWT VC claim \"%s\" may not be selectively disclosable", node->string);
        wl_path_free(comps, n);
        if (e)
            break;
        if (s.n_marks == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            const cJSON **nv = realloc(s.marks, ncap * sizeof(*nv));
            if (!nv) {
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                break;
            }
            s.marks = nv;
            cap = ncap;
        }
        s.marks[s.n_marks++] = node;
    }
    if (!e && b->all)
        e = wl_mark_all(&s, s.top, &s.marks, &s.n_marks, &cap);
    if (!e && s.n_marks > 1)
        qsort(s.marks, s.n_marks, sizeof(*s.marks), wl_ptr_cmp);
    if (!e && s.n_marks) {
        s.salts_len = s.n_marks * WL_SALT_BYTES;
        if (!(s.salts = wl_malloc(s.salts_len)))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        else
            e = wl_random(ctx, s.salts, s.salts_len);
    }
    if (!e)
        e = wl_encode_object(&s, s.top);
    if (!e && !cJSON_AddStringToObject(s.top, "_sd_alg", wl_sd_hash_name(b->hash)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e && !(payload = wl_json_print(s.top)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e)
        e = wl_sign(ctx, b, b->key, 1, payload, &jwt);
    if (!e && (flags & WALLET_SDJWT_JSON)) {
        e = wl_issue_json(ctx, out, b, payload, jwt, &s.disclosures);
    } else if (!e) {
        wl_buf o;
        wl_buf_init(&o, 0);
        wl_buf_append_str(&o, jwt);
        wl_buf_append_byte(&o, '~');
        wl_buf_append(&o, s.disclosures.data, s.disclosures.len);
        if (o.failed) {
            e = wl_buf_error(ctx, &o, "SD-JWT");
            wl_buf_free(&o);
        } else {
            *out = (char *)wl_buf_take(&o, NULL);
        }
    }
    wallet_free(jwt);
    if (payload)
        wl_free_secret(payload, strlen(payload));
    cJSON_Delete(s.top);
    free(s.marks);
    wl_free_secret(s.salts, s.salts_len);
    wl_buf_free_secret(&s.disclosures);
    return e;
}
