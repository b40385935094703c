/*
 * The verifier's cache of Status List Tokens and the fetch behind it
 * (draft §8.1 request, §8.2 response, §13.7 caching, §11.5 bounds).
 *
 * One cache serves every thread of a verifier. The lock is held only to find
 * or replace an entry and read one status; fetching and verifying a token
 * run unlocked (two threads missing the same list may both fetch it: the
 * second result replaces the first, both are valid).
 */
#include <pthread.h>

#include "../http/http.h"
#include "status_int.h"

#define WL_CACHE_DEFAULT_ENTRIES 64
#define WL_CACHE_MAX_ENTRIES 65536
#define WL_TTL_MIN_DEFAULT 60
#define WL_TTL_MAX_DEFAULT 86400

typedef struct wl_slot {
    wallet_status_token *tok; /* keyed by tok->uri */
    int64_t fresh_until;
    uint64_t last_used;
} wl_slot;

struct wallet_status_cache {
    pthread_mutex_t lock;
    wl_slot *slots;
    size_t n, max;
    int64_t min_ttl, max_ttl;
    uint64_t tick;
};

wallet_err wallet_status_cache_new(wallet_ctx *ctx, wallet_status_cache **out, size_t max_entries)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (max_entries > WL_CACHE_MAX_ENTRIES)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "at most %d cached lists",
                      WL_CACHE_MAX_ENTRIES);
    wallet_status_cache *c = wl_calloc(1, sizeof(*c));
    if (!c)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    c->max = max_entries ? max_entries : WL_CACHE_DEFAULT_ENTRIES;
    c->min_ttl = WL_TTL_MIN_DEFAULT;
    c->max_ttl = WL_TTL_MAX_DEFAULT;
    c->slots = wl_calloc(c->max, sizeof(*c->slots));
    if (!c->slots || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->slots);
        free(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return WALLET_OK;
}

void wallet_status_cache_free(wallet_status_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        wallet_status_token_free(c->slots[i].tok);
    pthread_mutex_destroy(&c->lock);
    free(c->slots);
    free(c);
}

wallet_err wallet_status_cache_set_ttl_bounds(wallet_ctx *ctx, wallet_status_cache *c,
                                              int64_t min_seconds, int64_t max_seconds)
{
    wl_enter(ctx);
    if (!c || min_seconds < 0 || max_seconds < min_seconds || max_seconds == 0 ||
        max_seconds > ((int64_t)1 << 40))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "need 0 <= min <= max, 0 < max <= 2^40");
    pthread_mutex_lock(&c->lock);
    c->min_ttl = min_seconds;
    c->max_ttl = max_seconds;
    pthread_mutex_unlock(&c->lock);
    return WALLET_OK;
}

size_t wallet_status_cache_count(wallet_status_cache *c)
{
    if (!c)
        return 0;
    pthread_mutex_lock(&c->lock);
    size_t n = c->n;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* How long an entry may be used: its ttl bounded by the cache's limits (the
 * draft's recommended "time of fetching + ttl", §13.7), never past its exp.
 * Caller holds the lock. */
static int64_t wl_fresh_until(const wallet_status_cache *c, const wallet_status_token *t)
{
    int64_t life = t->ttl > 0 ? t->ttl : c->max_ttl;
    if (life < c->min_ttl)
        life = c->min_ttl;
    if (life > c->max_ttl)
        life = c->max_ttl;
    int64_t until = t->retrieved + life;
    if (t->exp && t->exp < until)
        until = t->exp;
    return until;
}

/* Caller holds the lock. */
static wl_slot *wl_find(wallet_status_cache *c, const char *uri)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->slots[i].tok->uri, uri) == 0)
            return &c->slots[i];
    return NULL;
}

/* Insert or replace (taking over the caller's reference). Caller holds the
 * lock. */
static wl_slot *wl_put(wallet_status_cache *c, wallet_status_token *t)
{
    wl_slot *s = wl_find(c, t->uri);
    if (!s && c->n < c->max) {
        s = &c->slots[c->n++];
        s->tok = NULL;
    }
    if (!s) { /* full: the least recently used goes */
        s = &c->slots[0];
        for (size_t i = 1; i < c->n; i++)
            if (c->slots[i].last_used < s->last_used)
                s = &c->slots[i];
    }
    wallet_status_token_free(s->tok);
    s->tok = t;
    s->fresh_until = wl_fresh_until(c, t);
    s->last_used = ++c->tick;
    return s;
}

wallet_err wl_status_fetch(wallet_ctx *ctx, wallet_status_token **out, const wallet_trust *trust,
                           wallet_algset algs, const char *uri)
{
    *out = NULL;
    wl_http_response resp;
    /* draft §8.1: content negotiation between the two token media types. */
    wallet_err e = wl_http_get(ctx, uri, "application/statuslist+jwt, application/statuslist+cwt",
                               &resp);
    if (e)
        return wl_err_prefix(ctx, "status list fetch");
    if (resp.status < 200 || resp.status > 299) {
        /* §8.2 lets servers redirect; libwallet's HTTP client never follows
         * redirects (a status list must be served at its own URI). */
        e = wl_err(ctx, WALLET_ERR_HTTP_STATUS, "status list fetch: HTTP status %ld%s",
                   resp.status,
                   resp.status >= 300 && resp.status < 400 ? " (redirects are not followed)" : "");
        wl_http_response_free(&resp);
        return e;
    }
    int hint = 0;
    if (!strcmp(resp.content_type, "application/statuslist+jwt"))
        hint = WALLET_STATUS_JWT;
    else if (!strcmp(resp.content_type, "application/statuslist+cwt"))
        hint = WALLET_STATUS_CWT;
    e = wl_status_token_decode(ctx, out, trust, algs, resp.body, resp.len, hint, uri,
                               wallet_ctx_now(ctx));
    wl_http_response_free(&resp);
    return e;
}

wallet_err wl_status_cache_get(wallet_ctx *ctx, wallet_status_token **out,
                               wallet_status_cache *c, const wallet_trust *trust,
                               wallet_algset algs, const char *uri)
{
    *out = NULL;
    int64_t now = wallet_ctx_now(ctx);
    if (c) {
        pthread_mutex_lock(&c->lock);
        wl_slot *s = wl_find(c, uri);
        if (s && now < s->fresh_until) {
            s->last_used = ++c->tick;
            *out = wl_status_token_ref(s->tok);
        }
        pthread_mutex_unlock(&c->lock);
        if (*out)
            return WALLET_OK;
    }
    if (wallet_ctx_offline(ctx))
        return wl_err(ctx, WALLET_ERR_OFFLINE,
                      "offline, and no fresh cached status list for this uri");
    wallet_status_token *t = NULL;
    wallet_err e = wl_status_fetch(ctx, &t, trust, algs, uri);
    if (e)
        return e;
    if (c) {
        pthread_mutex_lock(&c->lock);
        wl_put(c, wl_status_token_ref(t));
        pthread_mutex_unlock(&c->lock);
    }
    *out = t;
    return WALLET_OK;
}

wallet_err wallet_status_cache_check(wallet_ctx *ctx, unsigned *status, wallet_status_cache *c,
                                     const wallet_trust *trust, wallet_algset algs,
                                     const char *uri, uint64_t idx)
{
    wl_enter(ctx);
    if (status)
        *status = 0;
    if (!status || !c || !trust || !uri)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (algs & ~(wallet_algset)WALLET_ALGSET_ALL)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown algorithm in the set");
    int64_t now = wallet_ctx_now(ctx);
    /* The common case — a fresh list in the cache — reads one status under
     * the lock without taking a reference. */
    pthread_mutex_lock(&c->lock);
    wl_slot *s = wl_find(c, uri);
    if (s && now < s->fresh_until) {
        s->last_used = ++c->tick;
        wallet_err e = wl_status_token_lookup(ctx, s->tok, idx, status);
        pthread_mutex_unlock(&c->lock);
        return e;
    }
    pthread_mutex_unlock(&c->lock);
    wallet_status_token *t = NULL;
    wallet_err e = wl_status_cache_get(ctx, &t, c, trust, algs, uri);
    if (!e)
        e = wl_status_token_lookup(ctx, t, idx, status);
    wallet_status_token_free(t);
    return e;
}

wallet_err wallet_status_cache_add(wallet_ctx *ctx, wallet_status_cache *c,
                                   const wallet_trust *trust, wallet_algset algs,
                                   const uint8_t *token, size_t len)
{
    wl_enter(ctx);
    if (!c || !trust || !token)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (algs & ~(wallet_algset)WALLET_ALGSET_ALL)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown algorithm in the set");
    wallet_status_token *t = NULL;
    wallet_err e = wl_status_token_decode(ctx, &t, trust, algs, token, len, 0, NULL,
                                          wallet_ctx_now(ctx));
    if (e)
        return e;
    pthread_mutex_lock(&c->lock);
    wl_put(c, t);
    pthread_mutex_unlock(&c->lock);
    return WALLET_OK;
}

wallet_err wl_status_cache_tokens(wallet_ctx *ctx, wallet_status_cache *c,
                                  wallet_status_token ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    pthread_mutex_lock(&c->lock);
    wallet_status_token **v = c->n ? wl_calloc(c->n, sizeof(*v)) : NULL;
    if (c->n && !v) {
        pthread_mutex_unlock(&c->lock);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < c->n; i++)
        v[i] = wl_status_token_ref(c->slots[i].tok);
    *n = c->n;
    pthread_mutex_unlock(&c->lock);
    *out = v;
    return WALLET_OK;
}
