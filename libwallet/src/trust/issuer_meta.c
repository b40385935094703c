/*
 * Issuers trusted by identifier, and their JWT VC Issuer Metadata
 * (draft-ietf-oauth-sd-jwt-vc §3): where it lives, fetching and validating
 * it, and a thread-safe cache inside the trust set.
 *
 * Only issuers the verifier registered (wallet_trust_add_issuer or
 * wallet_trust_add_issuer_metadata) are ever resolved: an unknown "iss" in a
 * token never makes libwallet fetch anything (SD-JWT VC §7.1, server-side
 * request forgery). Fetches are HTTPS only (loopback http for tests), never
 * follow redirects, and are capped in time and size (src/http).
 */
#include <pthread.h>
#include <stdio.h>

#include "../core/json.h"
#include "../crypto/crypto.h"
#include "../http/http.h"
#include "../jose/jose.h"
#include "trust_int.h"

#define WL_ISSUERS_MAX 10000
#define WL_ISSUER_KEYS_MAX 100
#define WL_META_DEFAULT_AGE 3600        /* no Cache-Control max-age: one hour */
#define WL_META_MAX_AGE (7 * 24 * 3600) /* cap on what a server may ask for */

typedef struct wl_issuer {
    char *iss;
    int pinned;          /* metadata given by the caller: never fetched again */
    char *jwks_uri;      /* pinned metadata by reference (keys fetched) */
    wallet_key **keys;   /* NULL until known */
    size_t n_keys;
    int64_t fresh_until; /* fetched keys: refetch after this (pinned jwks: 0, never) */
} wl_issuer;

struct wl_issuer_set {
    pthread_mutex_t mu;
    wl_issuer *v;
    size_t n, cap;
};

static void wl_keys_free(wallet_key **keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wallet_key_free(keys[i]);
    free(keys);
}

static void wl_issuer_clear(wl_issuer *is)
{
    free(is->iss);
    free(is->jwks_uri);
    wl_keys_free(is->keys, is->n_keys);
    memset(is, 0, sizeof(*is));
}

wl_issuer_set *wl_issuer_set_new(void)
{
    wl_issuer_set *s = wl_calloc(1, sizeof(*s));
    if (s && pthread_mutex_init(&s->mu, NULL) != 0) {
        free(s);
        s = NULL;
    }
    return s;
}

void wl_issuer_set_free(wl_issuer_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        wl_issuer_clear(&s->v[i]);
    free(s->v);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

/* Called with the lock held. */
static wl_issuer *wl_issuer_find(wl_issuer_set *s, const char *iss)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].iss, iss))
            return &s->v[i];
    return NULL;
}

/* Called with the lock held: the entry for iss, created when absent. */
static wl_issuer *wl_issuer_get(wl_issuer_set *s, const char *iss)
{
    wl_issuer *is = wl_issuer_find(s, iss);
    if (is)
        return is;
    if (s->n == WL_ISSUERS_MAX)
        return NULL;
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        wl_issuer *nv = realloc(s->v, ncap * sizeof(*nv));
        if (!nv)
            return NULL;
        s->v = nv;
        s->cap = ncap;
    }
    is = &s->v[s->n];
    memset(is, 0, sizeof(*is));
    if (!(is->iss = wl_strdup(iss)))
        return NULL;
    s->n++;
    return is;
}

/*
 * SD-JWT VC §3: "iss" is a case-sensitive https URL with scheme, host,
 * optional port and path, and no query or fragment. The metadata lives at
 * https://<host>/.well-known/jwt-vc-issuer<path>, a terminating '/' of the
 * path removed first (§3.1).
 */
wallet_err wl_issuer_metadata_url(wallet_ctx *ctx, const char *iss, char **url)
{
    *url = NULL;
    wallet_err e = wl_http_check_url(ctx, iss);
    if (e)
        return e;
    const char *sep = strstr(iss, "://");
    if (!sep || strpbrk(iss, "?#") || strchr(iss, ' '))
        return wl_err(ctx, WALLET_ERR_INSECURE_URL,
                      "issuer identifier must be an https URL without query or fragment");
    const char *auth = sep + 3;
    const char *path = strchr(auth, '/');
    size_t auth_len = path ? (size_t)(path - auth) : strlen(auth);
    if (auth_len == 0 || memchr(auth, '@', auth_len))
        return wl_err(ctx, WALLET_ERR_INSECURE_URL,
                      "issuer identifier needs a host and no user information");
    size_t path_len = path ? strlen(path) : 0;
    if (path_len && path[path_len - 1] == '/')
        path_len--;
    static const char wk[] = "/.well-known/jwt-vc-issuer";
    size_t pre = (size_t)(auth - iss) + auth_len;
    char *u = wl_malloc(pre + sizeof(wk) - 1 + path_len + 1);
    if (!u)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    memcpy(u, iss, pre);
    memcpy(u + pre, wk, sizeof(wk) - 1);
    if (path_len)
        memcpy(u + pre + sizeof(wk) - 1, path, path_len);
    u[pre + sizeof(wk) - 1 + path_len] = '\0';
    *url = u;
    return WALLET_OK;
}

/* The usable signature keys of a JWK Set object (RFC 7517 §5: keys that
 * cannot be used are skipped). At least one is required. */
static wallet_err wl_jwks_keys(wallet_ctx *ctx, const cJSON *jwks, wallet_key ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const cJSON *keys = cJSON_IsObject(jwks) ? wl_json_get(jwks, "keys") : NULL;
    if (!cJSON_IsArray(keys))
        return wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA, "JWK Set lacks a \"keys\" array");
    size_t count = (size_t)cJSON_GetArraySize(keys);
    if (count > WL_ISSUER_KEYS_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "JWK Set holds more than %d keys",
                      WL_ISSUER_KEYS_MAX);
    wallet_key **v = count ? wl_calloc(count, sizeof(*v)) : NULL;
    if (count && !v)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t got = 0;
    for (const cJSON *j = keys->child; j; j = j->next) {
        const cJSON *use = cJSON_IsObject(j) ? wl_json_get(j, "use") : NULL;
        if (use && !(cJSON_IsString(use) && !strcmp(use->valuestring, "sig")))
            continue; /* RFC 7517 §4.2: not a signature key */
        wallet_key *k = NULL, *pub = NULL;
        wallet_err e = wl_jwk_from_json(ctx, &k, j);
        if (!e)
            e = wallet_key_public(ctx, &pub, k);
        wallet_key_free(k);
        if (e == WALLET_ERR_NOMEM) {
            wl_keys_free(v, got);
            return e;
        }
        if (!e)
            v[got++] = pub;
    }
    if (!got) {
        free(v);
        return wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA, "JWK Set holds no usable key");
    }
    *out = v;
    *n = got;
    return WALLET_OK;
}

/* Parsed metadata: exactly one of keys / jwks_uri. */
typedef struct wl_meta {
    wallet_key **keys;
    size_t n_keys;
    char *jwks_uri;
} wl_meta;

static void wl_meta_clear(wl_meta *m)
{
    wl_keys_free(m->keys, m->n_keys);
    free(m->jwks_uri);
    memset(m, 0, sizeof(*m));
}

/* Validate metadata (SD-JWT VC §3.2, §3.3). `iss` NULL: take it from the
 * document (*iss_out receives a copy). */
static wallet_err wl_meta_parse(wallet_ctx *ctx, wl_meta *m, const char *json, size_t len,
                                const char *iss, char **iss_out)
{
    memset(m, 0, sizeof(*m));
    if (iss_out)
        *iss_out = NULL;
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e) {
        char msg[WL_ERRMSG_MAX];
        wl_err_prefix(ctx, "JWT VC Issuer Metadata");
        snprintf(msg, sizeof(msg), "%s", wallet_ctx_errmsg(ctx));
        return wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA, "%s", msg);
    }
    const char *issuer = wl_json_get_string(root, "issuer");
    const cJSON *jwks = wl_json_get(root, "jwks");
    const cJSON *uri = wl_json_get(root, "jwks_uri");
    char *url = NULL;
    if (!issuer)
        e = wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA,
                   "JWT VC Issuer Metadata lacks a string \"issuer\"");
    else if (iss && strcmp(issuer, iss) != 0)
        /* §3.3: the metadata of another issuer MUST NOT be used. */
        e = wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA,
                   "JWT VC Issuer Metadata \"issuer\" differs from the credential's \"iss\"");
    else if (!jwks == !uri)
        e = wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA,
                   "JWT VC Issuer Metadata needs exactly one of \"jwks\" and \"jwks_uri\"");
    else if (!iss && (e = wl_issuer_metadata_url(ctx, issuer, &url)) != WALLET_OK)
        wl_err_prefix(ctx, "JWT VC Issuer Metadata \"issuer\"");
    free(url);
    if (!e && jwks) {
        e = wl_jwks_keys(ctx, jwks, &m->keys, &m->n_keys);
        if (e)
            wl_err_prefix(ctx, "JWT VC Issuer Metadata \"jwks\"");
    } else if (!e) {
        if (!cJSON_IsString(uri))
            e = wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA, "\"jwks_uri\" is not a string");
        else if ((e = wl_http_check_url(ctx, uri->valuestring)) != WALLET_OK)
            wl_err_prefix(ctx, "JWT VC Issuer Metadata \"jwks_uri\"");
        else if (!(m->jwks_uri = wl_strdup(uri->valuestring)))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if (!e && iss_out && !(*iss_out = wl_strdup(issuer)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    cJSON_Delete(root);
    if (e)
        wl_meta_clear(m);
    return e;
}

/* GET a JSON document; any status but 200, or another media type than
 * those accepted, is refused (SD-JWT VC §3.2: error responses are never
 * used in place of the document). */
static wallet_err wl_fetch_json(wallet_ctx *ctx, const char *url, const char *const *types,
                                wl_http_response *resp)
{
    wallet_err e = wl_http_get(ctx, url, types[0], resp);
    if (e)
        return e;
    if (resp->status != 200) {
        long st = resp->status;
        wl_http_response_free(resp);
        return wl_err(ctx, WALLET_ERR_HTTP_STATUS, "HTTP status %ld for issuer metadata", st);
    }
    int ok = resp->content_type[0] == '\0';
    for (size_t i = 0; types[i] && !ok; i++)
        ok = !strcmp(resp->content_type, types[i]);
    if (!ok) {
        wl_http_response_free(resp);
        return wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA,
                      "issuer metadata served with an unexpected media type");
    }
    return WALLET_OK;
}

static int64_t wl_age(const wl_http_response *r)
{
    int64_t a = r->max_age >= 0 ? r->max_age : WL_META_DEFAULT_AGE;
    return a > WL_META_MAX_AGE ? WL_META_MAX_AGE : a;
}

/* Fetch the keys of a JWK Set URL. */
static wallet_err wl_fetch_jwks(wallet_ctx *ctx, const char *uri, wallet_key ***keys, size_t *n,
                                int64_t *age)
{
    static const char *const types[] = {"application/jwk-set+json", "application/json", NULL};
    wl_http_response r;
    wallet_err e = wl_fetch_json(ctx, uri, types, &r);
    if (e)
        return e;
    cJSON *root = NULL;
    e = wl_json_parse_object(ctx, &root, (const char *)r.body, r.len);
    if (e)
        e = wl_err(ctx, WALLET_ERR_SDJWT_ISSUER_METADATA, "\"jwks_uri\" document is not JSON");
    else
        e = wl_jwks_keys(ctx, root, keys, n);
    if (!e)
        *age = wl_age(&r);
    cJSON_Delete(root);
    wl_http_response_free(&r);
    return e;
}

/* Fetch the metadata of iss (and its jwks_uri): the keys and how long they
 * stay fresh. */
static wallet_err wl_fetch_issuer(wallet_ctx *ctx, const char *iss, wallet_key ***keys,
                                  size_t *n, int64_t *age)
{
    static const char *const types[] = {"application/json", NULL};
    char *url = NULL;
    wallet_err e = wl_issuer_metadata_url(ctx, iss, &url);
    if (e)
        return e;
    wl_http_response r;
    e = wl_fetch_json(ctx, url, types, &r);
    free(url);
    if (e)
        return e;
    wl_meta m;
    e = wl_meta_parse(ctx, &m, (const char *)r.body, r.len, iss, NULL);
    int64_t a = wl_age(&r);
    wl_http_response_free(&r);
    if (e)
        return e;
    if (m.jwks_uri) {
        int64_t a2 = 0;
        e = wl_fetch_jwks(ctx, m.jwks_uri, &m.keys, &m.n_keys, &a2);
        if (!e && a2 < a)
            a = a2;
    }
    if (!e) {
        *keys = m.keys;
        *n = m.n_keys;
        *age = a;
        m.keys = NULL;
        m.n_keys = 0;
    }
    wl_meta_clear(&m);
    return e;
}

/* ---- public API ------------------------------------------------------------ */

wallet_err wallet_trust_add_issuer(wallet_ctx *ctx, wallet_trust *t, const char *iss)
{
    wl_enter(ctx);
    wl_issuer_set *s = wl_trust_issuers(t);
    if (!s || !iss)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    char *url = NULL;
    wallet_err e = wl_issuer_metadata_url(ctx, iss, &url);
    free(url);
    if (e)
        return e;
    pthread_mutex_lock(&s->mu);
    wl_issuer *is = wl_issuer_get(s, iss);
    pthread_mutex_unlock(&s->mu);
    return is ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "issuer set full or out of memory");
}

wallet_err wallet_trust_add_issuer_metadata(wallet_ctx *ctx, wallet_trust *t, const char *json,
                                            size_t len)
{
    wl_enter(ctx);
    wl_issuer_set *s = wl_trust_issuers(t);
    if (!s || !json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_meta m;
    char *iss = NULL;
    wallet_err e = wl_meta_parse(ctx, &m, json, len, NULL, &iss);
    if (e)
        return e;
    pthread_mutex_lock(&s->mu);
    wl_issuer *is = wl_issuer_get(s, iss);
    if (is) {
        char *name = is->iss;
        is->iss = NULL;
        wl_issuer_clear(is);
        is->iss = name;
        is->pinned = 1;
        is->keys = m.keys;
        is->n_keys = m.n_keys;
        is->jwks_uri = m.jwks_uri;
        memset(&m, 0, sizeof(m));
    }
    pthread_mutex_unlock(&s->mu);
    wl_meta_clear(&m);
    free(iss);
    return is ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "issuer set full or out of memory");
}

wallet_err wallet_trust_issuer_metadata_json(wallet_ctx *ctx, char **out, const wallet_trust *t,
                                             const char *iss)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    wl_issuer_set *s = wl_trust_issuers(t);
    if (!s || !iss)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_buf b;
    wl_buf_init(&b, 0);
    wallet_err e = WALLET_OK;
    pthread_mutex_lock(&s->mu);
    wl_issuer *is = wl_issuer_find(s, iss);
    if (!is || !is->n_keys) {
        e = wl_err(ctx, WALLET_ERR_NOT_FOUND, "no keys held for this issuer");
    } else {
        wl_buf_append_str(&b, "{\"issuer\":");
        wl_json_append_string(&b, iss, strlen(iss));
        wl_buf_append_str(&b, ",\"jwks\":{\"keys\":[");
        for (size_t i = 0; i < is->n_keys && !e; i++) {
            if (i)
                wl_buf_append_byte(&b, ',');
            e = wl_jwk_append(ctx, &b, is->keys[i], 0);
        }
        wl_buf_append_str(&b, "]}}");
    }
    pthread_mutex_unlock(&s->mu);
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "issuer metadata");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

size_t wallet_trust_issuer_count(const wallet_trust *t)
{
    wl_issuer_set *s = wl_trust_issuers(t);
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    size_t n = s->n;
    pthread_mutex_unlock(&s->mu);
    return n;
}

/* ---- resolution -------------------------------------------------------------- */

int wl_trust_issuer_known(const wallet_trust *t, const char *iss)
{
    wl_issuer_set *s = wl_trust_issuers(t);
    if (!s || !iss)
        return 0;
    pthread_mutex_lock(&s->mu);
    int known = wl_issuer_find(s, iss) != NULL;
    pthread_mutex_unlock(&s->mu);
    return known;
}

/* Copy the entry's keys (new references) while the lock is held. */
static wallet_err wl_copy_keys(wallet_ctx *ctx, const wl_issuer *is, wallet_key ***keys,
                               size_t *n)
{
    *keys = wl_calloc(is->n_keys, sizeof(**keys));
    if (!*keys)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < is->n_keys; i++)
        (*keys)[i] = wl_key_ref(is->keys[i]);
    *n = is->n_keys;
    return WALLET_OK;
}

/* The keys of a trusted issuer: cached while fresh, else fetched; a stale
 * copy when the fetch cannot reach the network. */
static wallet_err wl_issuer_keys(wallet_ctx *ctx, wl_issuer_set *s, const char *iss,
                                 wallet_key ***keys, size_t *n)
{
    *keys = NULL;
    *n = 0;
    int64_t now = wallet_ctx_now(ctx);
    pthread_mutex_lock(&s->mu);
    wl_issuer *is = wl_issuer_find(s, iss);
    if (!is) {
        pthread_mutex_unlock(&s->mu);
        return wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND, "issuer is not trusted");
    }
    int fresh = is->n_keys && (is->fresh_until == 0 || now < is->fresh_until);
    char *jwks_uri = NULL;
    wallet_err e = WALLET_OK;
    if (fresh)
        e = wl_copy_keys(ctx, is, keys, n);
    else if (is->jwks_uri && !(jwks_uri = wl_strdup(is->jwks_uri)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    pthread_mutex_unlock(&s->mu);
    if (fresh || e)
        return e;

    /* Fetch without holding the lock (the network may be slow); two threads
     * may then fetch the same metadata, and the later one wins. */
    wallet_key **fk = NULL;
    size_t fn = 0;
    int64_t age = 0;
    e = jwks_uri ? wl_fetch_jwks(ctx, jwks_uri, &fk, &fn, &age)
                 : wl_fetch_issuer(ctx, iss, &fk, &fn, &age);
    free(jwks_uri);
    pthread_mutex_lock(&s->mu);
    is = wl_issuer_find(s, iss);
    if (!e && is) {
        wl_keys_free(is->keys, is->n_keys);
        is->keys = fk;
        is->n_keys = fn;
        is->fresh_until = now + age;
        if (is->fresh_until == 0)
            is->fresh_until = 1;
        fk = NULL;
        fn = 0;
    }
    wallet_err fe = e;
    if (is && is->n_keys && (!fe || fe == WALLET_ERR_OFFLINE || fe == WALLET_ERR_NETWORK)) {
        if (fe)
            wl_log(ctx, WALLET_LOG_WARN, "issuer metadata not refreshed (%s): using the cached keys",
                   wallet_err_str(fe));
        e = wl_copy_keys(ctx, is, keys, n);
        if (!e && ctx) {
            ctx->errcode = WALLET_OK;
            ctx->errmsg[0] = '\0';
        }
    } else if (!e) {
        e = wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND, "issuer is not trusted");
    }
    pthread_mutex_unlock(&s->mu);
    wl_keys_free(fk, fn);
    return e;
}

wallet_err wl_trust_verify_jws_issuer(wallet_ctx *ctx, const wallet_trust *t, wallet_jws *jws,
                                      wallet_algset algs, const char *iss, wallet_key **key)
{
    *key = NULL;
    wl_issuer_set *s = wl_trust_issuers(t);
    if (!s)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL trust set");
    wallet_key **keys = NULL;
    size_t n = 0;
    wallet_err e = wl_issuer_keys(ctx, s, iss, &keys, &n);
    if (e)
        return e;
    const char *kid = wallet_jws_kid(jws, 0);
    wallet_alg alg = wallet_jws_alg(jws, 0);
    wallet_err first = WALLET_OK;
    char first_msg[WL_ERRMSG_MAX] = "";
    for (size_t i = 0; i < n && !*key; i++) {
        const char *k_kid = wallet_key_kid(keys[i]);
        if (kid ? (!k_kid || strcmp(kid, k_kid) != 0)
                : (alg != WALLET_ALG_NONE && wl_alg_check_key(NULL, alg, keys[i], 1) != WALLET_OK))
            continue;
        e = wl_jws_verify(ctx, jws, keys[i], algs, NULL);
        if (!e) {
            *key = keys[i];
            keys[i] = NULL;
        } else if (!first) {
            first = e;
            if (ctx)
                memcpy(first_msg, ctx->errmsg, sizeof(first_msg));
        }
    }
    /* "none", HS256 or an unknown algorithm fits no key: say why. */
    if (!*key && !first && alg == WALLET_ALG_NONE && n)
        first = wl_jws_verify(ctx, jws, keys[0], algs, NULL);
    else if (!*key && first && ctx) {
        ctx->errcode = first;
        memcpy(ctx->errmsg, first_msg, sizeof(first_msg));
    }
    wl_keys_free(keys, n);
    if (*key)
        return WALLET_OK;
    if (first)
        return first;
    return wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND,
                  kid ? "the issuer's metadata has no key with the token's kid"
                      : "no key of the issuer's metadata fits the token's algorithm");
}
