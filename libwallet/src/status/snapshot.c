/*
 * Offline status snapshots: status list tokens kept exactly as received,
 * with the keys / certificates that verified them and when each was
 * retrieved, signed by the verifier's own key (integrity at rest). Loading
 * checks that signature, then verifies every token again against the keys
 * it carries, as of its retrieval time; checking applies a maximum age.
 *
 * Bundle: COSE_Sign1 (tag 18), protected {1: alg, 16: WL_SNAP_TYP},
 * unprotected {4: kid}, payload (deterministic CBOR):
 *   {"v": 1, "captured": int, "keys": [JWK text...], "certs": [DER...],
 *    "lists": [{"uri": tstr, "retrieved": int, "fmt": 1|2, "token": bstr}...]}
 */
#include <strings.h>

#include "../cose/cose_int.h"
#include "../jose/jose.h"
#include "status_int.h"

#define WL_SNAP_TYP "application/vnd.libwallet.status-snapshot+cbor"
#define WL_SNAP_VERSION 1
#define WL_SNAP_MAX_LISTS 4096

struct wallet_status_snapshot {
    wallet_status_token **toks;
    size_t n, cap;
    int64_t captured;
};

wallet_err wallet_status_snapshot_new(wallet_ctx *ctx, wallet_status_snapshot **out)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = wl_calloc(1, sizeof(**out));
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

void wallet_status_snapshot_free(wallet_status_snapshot *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        wallet_status_token_free(s->toks[i]);
    free(s->toks);
    free(s);
}

/* Add a token (taking over the reference), replacing one with the same uri. */
static wallet_err wl_snap_put(wallet_ctx *ctx, wallet_status_snapshot *s, wallet_status_token *t)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->toks[i]->uri, t->uri) == 0) {
            wallet_status_token_free(s->toks[i]);
            s->toks[i] = t;
            return WALLET_OK;
        }
    }
    if (s->n >= WL_SNAP_MAX_LISTS) {
        wallet_status_token_free(t);
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "a snapshot holds at most %d lists",
                      WL_SNAP_MAX_LISTS);
    }
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        wallet_status_token **v = realloc(s->toks, ncap * sizeof(*v));
        if (!v) {
            wallet_status_token_free(t);
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
        s->toks = v;
        s->cap = ncap;
    }
    s->toks[s->n++] = t;
    return WALLET_OK;
}

wallet_err wallet_status_snapshot_add_uri(wallet_ctx *ctx, wallet_status_snapshot *s,
                                          wallet_status_cache *cache, const wallet_trust *trust,
                                          wallet_algset algs, const char *uri)
{
    wl_enter(ctx);
    if (!s || !trust || !uri)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (algs & ~(wallet_algset)WALLET_ALGSET_ALL)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown algorithm in the set");
    wallet_status_token *t = NULL;
    wallet_err e = wl_status_cache_get(ctx, &t, cache, trust, algs, uri);
    return e ? e : wl_snap_put(ctx, s, t);
}

wallet_err wallet_status_snapshot_add_token(wallet_ctx *ctx, wallet_status_snapshot *s,
                                            const wallet_trust *trust, wallet_algset algs,
                                            const uint8_t *token, size_t len)
{
    wl_enter(ctx);
    if (!s || !trust || !token)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (algs & ~(wallet_algset)WALLET_ALGSET_ALL)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown algorithm in the set");
    wallet_status_token *t = NULL;
    wallet_err e = wl_status_token_decode(ctx, &t, trust, algs, token, len, 0, NULL,
                                          wallet_ctx_now(ctx));
    return e ? e : wl_snap_put(ctx, s, t);
}

wallet_err wallet_status_snapshot_add_cache(wallet_ctx *ctx, wallet_status_snapshot *s,
                                            wallet_status_cache *cache)
{
    wl_enter(ctx);
    if (!s || !cache)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_status_token **v = NULL;
    size_t n = 0;
    wallet_err e = wl_status_cache_tokens(ctx, cache, &v, &n);
    size_t i = 0;
    for (; i < n && !e; i++)
        e = wl_snap_put(ctx, s, v[i]);
    for (; i < n; i++)
        wallet_status_token_free(v[i]);
    free(v);
    return e;
}

/* ---- save ------------------------------------------------------------------------ */

typedef struct wl_blobs {
    uint8_t **p;
    size_t *len;
    size_t n;
} wl_blobs;

/* Append a copy unless an equal blob is there already. */
static int wl_blobs_add(wl_blobs *b, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->len[i] == len && memcmp(b->p[i], p, len) == 0)
            return 1;
    uint8_t **np = realloc(b->p, (b->n + 1) * sizeof(*np));
    if (np)
        b->p = np;
    size_t *nl = realloc(b->len, (b->n + 1) * sizeof(*nl));
    if (nl)
        b->len = nl;
    uint8_t *c = wl_memdup(p, len);
    if (!np || !nl || !c) {
        free(c);
        return 0;
    }
    b->p[b->n] = c;
    b->len[b->n++] = len;
    return 1;
}

static void wl_blobs_free(wl_blobs *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->p[i]);
    free(b->p);
    free(b->len);
}

wallet_err wallet_status_snapshot_save(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                       const wallet_status_snapshot *s,
                                       const wallet_key *verifier_key)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !s || !verifier_key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (s->n == 0)
        return wl_err(ctx, WALLET_ERR_STATE, "the snapshot holds no status list");
    if (!wallet_key_can_sign(verifier_key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "signing needs a private key");
    wl_blobs keys = {0}, certs = {0};
    wallet_err e = WALLET_OK;
    /* What re-verifies each token offline: the certificate it was verified
     * with (as a root, for tokens that carry their chain, and as a trusted
     * signer otherwise), else the trusted key (a JWK keeping its kid). */
    for (size_t i = 0; i < s->n && !e; i++) {
        const wallet_status_token *t = s->toks[i];
        if (t->cert) {
            size_t dl;
            const uint8_t *der = wallet_cert_der(t->cert, &dl);
            if (!wl_blobs_add(&certs, der, dl))
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        } else if (t->key) {
            char *jwk = NULL;
            e = wallet_key_to_jwk(ctx, &jwk, t->key, WALLET_EXPORT_PUBLIC);
            if (!e && !wl_blobs_add(&keys, (const uint8_t *)jwk, strlen(jwk)))
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            wallet_free(jwk);
        }
    }
    wl_buf payload;
    wl_buf_init(&payload, 0);
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    wallet_cose_headers *h = NULL;
    if (e)
        goto done;
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "v");
    wl_cbor_put_uint(wl_cbor_mapw_value(&m), WL_SNAP_VERSION);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "captured");
    wl_cbor_put_int(wl_cbor_mapw_value(&m), wallet_ctx_now(ctx));
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "keys");
    wl_buf *v = wl_cbor_mapw_value(&m);
    wl_cbor_put_array(v, keys.n);
    for (size_t i = 0; i < keys.n; i++)
        wl_cbor_put_text(v, (const char *)keys.p[i], keys.len[i]);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "certs");
    v = wl_cbor_mapw_value(&m);
    wl_cbor_put_array(v, certs.n);
    for (size_t i = 0; i < certs.n; i++)
        wl_cbor_put_bytes(v, certs.p[i], certs.len[i]);
    wl_cbor_put_cstr(wl_cbor_mapw_key(&m), "lists");
    v = wl_cbor_mapw_value(&m);
    wl_cbor_put_array(v, s->n);
    for (size_t i = 0; i < s->n && !e; i++) {
        const wallet_status_token *t = s->toks[i];
        wl_cbor_mapw lm;
        wl_cbor_mapw_init(&lm, 0);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&lm), "uri");
        wl_cbor_put_cstr(wl_cbor_mapw_value(&lm), t->uri);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&lm), "retrieved");
        wl_cbor_put_int(wl_cbor_mapw_value(&lm), t->retrieved);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&lm), "fmt");
        wl_cbor_put_uint(wl_cbor_mapw_value(&lm), (uint64_t)t->format);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&lm), "token");
        wl_cbor_put_bytes(wl_cbor_mapw_value(&lm), t->raw, t->raw_len);
        if (!wl_cbor_mapw_finish(&lm, v))
            e = wl_buf_error(ctx, v, "status snapshot");
        wl_cbor_mapw_free(&lm);
    }
    if (!e && !wl_cbor_mapw_finish(&m, &payload))
        e = wl_buf_error(ctx, &payload, "status snapshot");
    if (e)
        goto done;
    const char *kid = wallet_key_kid(verifier_key);
    if ((e = wallet_cose_headers_new(ctx, &h)) ||
        (e = wallet_cose_headers_set_text(ctx, h, WALLET_COSE_PROTECTED, WALLET_COSE_HDR_TYP,
                                          WL_SNAP_TYP)) ||
        (kid && (e = wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_UNPROTECTED,
                                                   WALLET_COSE_HDR_KID, (const uint8_t *)kid,
                                                   strlen(kid)))))
        goto done;
    e = wallet_cose_sign1_sign(ctx, out, out_len, verifier_key, WALLET_ALG_NONE, h, payload.data,
                               payload.len, NULL, 0, WALLET_COSE_TAGGED);
done:
    wallet_cose_headers_free(h);
    wl_cbor_mapw_free(&m);
    wl_buf_free(&payload);
    wl_blobs_free(&keys);
    wl_blobs_free(&certs);
    return e;
}

/* ---- load ------------------------------------------------------------------------ */

/* Build the trust set carried by the bundle. */
static wallet_err wl_snap_trust(wallet_ctx *ctx, wallet_trust **out, const wl_cbor *keys,
                                const wl_cbor *certs)
{
    wallet_err e = wallet_trust_new(ctx, out);
    const wl_cbor *k = wl_cbor_child(keys);
    for (uint64_t i = 0; i < keys->u && !e; i++, k = wl_cbor_next(k)) {
        if (k->type != WL_CBOR_TEXT)
            e = wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT, "status snapshot: a key is not text");
        else if ((e = wallet_trust_add_jwks(ctx, *out, (const char *)k->ptr, (size_t)k->u)))
            wl_err_prefix(ctx, "status snapshot key");
    }
    const wl_cbor *c = wl_cbor_child(certs);
    for (uint64_t i = 0; i < certs->u && !e; i++, c = wl_cbor_next(c)) {
        wallet_cert *cert = NULL;
        if (c->type != WL_CBOR_BYTES) {
            e = wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT,
                       "status snapshot: a certificate is not a byte string");
        } else if ((e = wallet_cert_from_der(ctx, &cert, c->ptr, (size_t)c->u))) {
            wl_err_prefix(ctx, "status snapshot certificate");
        } else {
            e = wallet_trust_add_cert(ctx, *out, cert, WALLET_TRUST_ROOT);
            if (!e)
                e = wallet_trust_add_cert(ctx, *out, cert, WALLET_TRUST_SIGNER);
        }
        wallet_cert_free(cert);
    }
    if (e) {
        wallet_trust_free(*out);
        *out = NULL;
    }
    return e;
}

/* Verify a bundled token as of its retrieval time, on a copy of the context
 * whose clock is pinned there (the token and its certificates were checked
 * then; freshness is judged at check time against max_age). */
static wallet_err wl_snap_token(wallet_ctx *ctx, wallet_status_token **out,
                                const wallet_trust *trust, const wl_cbor *entry)
{
    *out = NULL;
    const wl_cbor *uri = wl_cbor_map_text(entry, "uri");
    const wl_cbor *ret = wl_cbor_map_text(entry, "retrieved");
    const wl_cbor *fmt = wl_cbor_map_text(entry, "fmt");
    const wl_cbor *tok = wl_cbor_map_text(entry, "token");
    int64_t retrieved;
    if (!uri || uri->type != WL_CBOR_TEXT || !ret || !wl_cbor_get_int(ret, &retrieved) ||
        retrieved < 0 || !fmt || fmt->type != WL_CBOR_UINT ||
        (fmt->u != WALLET_STATUS_JWT && fmt->u != WALLET_STATUS_CWT) || !tok ||
        tok->type != WL_CBOR_BYTES)
        return wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT,
                      "status snapshot: a list entry lacks uri, retrieved, fmt or token");
    char *u = wl_strndup((const char *)uri->ptr, (size_t)uri->u);
    wallet_ctx *at = NULL;
    if (!u || wallet_ctx_new(&at) != WALLET_OK) {
        free(u);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if (ctx) {
        memcpy(at->limits, ctx->limits, sizeof(at->limits));
        at->log = ctx->log;
        at->log_user = ctx->log_user;
        at->log_level = ctx->log_level;
    }
    wallet_ctx_set_time(at, retrieved);
    wallet_err e = wl_status_token_decode(at, out, trust, WALLET_ALGSET_ALL, tok->ptr,
                                          (size_t)tok->u, (int)fmt->u, u, retrieved);
    if (e)
        wl_err(ctx, e, "status snapshot list: %s", at->errmsg);
    wallet_ctx_free(at);
    free(u);
    return e;
}

wallet_err wallet_status_snapshot_load(wallet_ctx *ctx, wallet_status_snapshot **out,
                                       const uint8_t *data, size_t len,
                                       const wallet_key *verifier_key)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!data || !verifier_key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_input_size(ctx, len, "status snapshot");
    if (e)
        return e;
    wallet_cose_sign1 *msg = NULL;
    wl_cbor_doc *typ_doc = NULL, *doc = NULL;
    wallet_trust *trust = NULL;
    wallet_status_snapshot *s = NULL;
    if ((e = wallet_cose_sign1_parse(ctx, &msg, data, len))) {
        wl_err_prefix(ctx, "status snapshot");
        goto done;
    }
    size_t typ_len;
    int bucket;
    const uint8_t *typ = wallet_cose_sign1_header(msg, WALLET_COSE_HDR_TYP, &typ_len, &bucket);
    const wl_cbor *tv = NULL;
    if (typ && wl_cbor_decode(NULL, &typ_doc, typ, typ_len, 0, NULL) == WALLET_OK)
        tv = wl_cbor_root(typ_doc);
    if (!tv || bucket != WALLET_COSE_PROTECTED || tv->type != WL_CBOR_TEXT ||
        tv->u != strlen(WL_SNAP_TYP) || memcmp(tv->ptr, WL_SNAP_TYP, (size_t)tv->u) != 0) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "not a libwallet status snapshot (protected type)");
        goto done;
    }
    if (wallet_cose_sign1_is_detached(msg)) {
        e = wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT, "status snapshot without payload");
        goto done;
    }
    if ((e = wallet_cose_sign1_verify(ctx, msg, verifier_key, WALLET_ALGSET_ALL, NULL, 0, NULL,
                                      0))) {
        wl_err_prefix(ctx, "status snapshot");
        goto done;
    }
    size_t plen;
    const uint8_t *payload = wallet_cose_sign1_payload(msg, &plen);
    if ((e = wl_cbor_decode(ctx, &doc, payload, plen, 0, NULL))) {
        wl_err_prefix(ctx, "status snapshot");
        goto done;
    }
    const wl_cbor *m = wl_cbor_root(doc);
    const wl_cbor *v = NULL, *cap = NULL, *keys = NULL, *certs = NULL, *lists = NULL;
    if (m->type == WL_CBOR_MAP) {
        v = wl_cbor_map_text(m, "v");
        cap = wl_cbor_map_text(m, "captured");
        keys = wl_cbor_map_text(m, "keys");
        certs = wl_cbor_map_text(m, "certs");
        lists = wl_cbor_map_text(m, "lists");
    }
    int64_t captured = 0;
    if (!v || v->type != WL_CBOR_UINT || v->u != WL_SNAP_VERSION || !cap ||
        !wl_cbor_get_int(cap, &captured) || captured < 0 || !keys ||
        keys->type != WL_CBOR_ARRAY || !certs || certs->type != WL_CBOR_ARRAY || !lists ||
        lists->type != WL_CBOR_ARRAY || lists->u == 0) {
        e = wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT,
                   "status snapshot: version, captured, keys, certs or lists missing or wrong");
        goto done;
    }
    if (lists->u > WL_SNAP_MAX_LISTS) {
        e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "a snapshot holds at most %d lists",
                   WL_SNAP_MAX_LISTS);
        goto done;
    }
    if ((e = wl_snap_trust(ctx, &trust, keys, certs)) ||
        (e = wallet_status_snapshot_new(ctx, &s)))
        goto done;
    s->captured = captured;
    const wl_cbor *entry = wl_cbor_child(lists);
    for (uint64_t i = 0; i < lists->u && !e; i++, entry = wl_cbor_next(entry)) {
        wallet_status_token *t = NULL;
        if (entry->type != WL_CBOR_MAP) {
            e = wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT,
                       "status snapshot: a list entry is not a map");
            break;
        }
        if ((e = wl_snap_token(ctx, &t, trust, entry)))
            break;
        for (size_t k = 0; k < s->n && !e; k++)
            if (strcmp(s->toks[k]->uri, t->uri) == 0)
                e = wl_err(ctx, WALLET_ERR_STATUS_SNAPSHOT_FORMAT,
                           "status snapshot: a list appears twice");
        if (e)
            wallet_status_token_free(t);
        else
            e = wl_snap_put(ctx, s, t);
    }
done:
    wallet_trust_free(trust);
    wl_cbor_doc_free(doc);
    wl_cbor_doc_free(typ_doc);
    wallet_cose_sign1_free(msg);
    if (e) {
        wallet_status_snapshot_free(s);
        return e;
    }
    *out = s;
    return WALLET_OK;
}

/* ---- check ------------------------------------------------------------------------ */

wallet_err wallet_status_snapshot_check(wallet_ctx *ctx, unsigned *status,
                                        const wallet_status_snapshot *s, const char *uri,
                                        uint64_t idx, int64_t max_age)
{
    wl_enter(ctx);
    if (status)
        *status = 0;
    if (!status || !s || !uri || max_age < 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument or negative maximum age");
    const wallet_status_token *t = NULL;
    for (size_t i = 0; i < s->n && !t; i++)
        if (strcmp(s->toks[i]->uri, uri) == 0)
            t = s->toks[i];
    if (!t)
        return wl_err(ctx, WALLET_ERR_STATUS_UNAVAILABLE,
                      "the status snapshot holds no list for this uri");
    int64_t now = wallet_ctx_now(ctx), skew = wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW);
    int64_t age = now - t->retrieved;
    if (max_age > 0 && age > max_age)
        return wl_err(ctx, WALLET_ERR_STATUS_STALE,
                      "status list retrieved %lld s ago, more than the allowed %lld s",
                      (long long)age, (long long)max_age);
    if (t->exp && now > t->exp + skew)
        return wl_err(ctx, WALLET_ERR_STATUS_STALE,
                      "the snapshot's status list token expired at %lld (now %lld)",
                      (long long)t->exp, (long long)now);
    return wl_status_token_lookup(ctx, t, idx, status);
}

int64_t wallet_status_snapshot_captured_at(const wallet_status_snapshot *s)
{
    return s ? s->captured : 0;
}

size_t wallet_status_snapshot_count(const wallet_status_snapshot *s)
{
    return s ? s->n : 0;
}

const char *wallet_status_snapshot_uri(const wallet_status_snapshot *s, size_t i)
{
    return s && i < s->n ? s->toks[i]->uri : NULL;
}

int64_t wallet_status_snapshot_retrieved_at(const wallet_status_snapshot *s, size_t i)
{
    return s && i < s->n ? s->toks[i]->retrieved : 0;
}
