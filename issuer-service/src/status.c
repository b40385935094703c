/*
 * Token Status List of the issuer (draft-ietf-oauth-status-list), served at
 * /status/{id}: a Status List Token JWT, or a CWT when the client asks for
 * "application/statuslist+cwt" (draft §8.1: content negotiation by Accept).
 *
 * Indexes come from the storage sequence "status:<id>", drawn in the same
 * transaction as the credential's audit record: an index is never handed
 * out twice, even across a kill -9 (the in-memory wallet_status_list only
 * follows the sequence, see iss_status_ensure). Statuses (revoked,
 * suspended) are saved in the table status_state in the transaction that
 * changes the audit record, so a restart serves the same list. The token
 * is rebuilt when the list's version moves (a status changed) and, at the
 * latest, when half of its ttl has passed, so that "iat" stays recent.
 *
 * New credentials go to the list of status.list_id; lists of earlier ids
 * (found in status_state at start-up) stay served and changeable, because
 * credentials already issued point at them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <svc/response.h>

#include "issuer.h"

static int save_state(issuer *is, iss_status *s, svc_txn *txn)
{
    uint8_t *state = NULL;
    size_t n = 0;
    if (wallet_status_list_save(NULL, &state, &n, s->list) != WALLET_OK)
        return -1;
    char *b64 = iss_b64url(state, n);
    wallet_free(state);
    if (!b64)
        return -1;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "state", b64);
    free(b64);
    char *txt = iss_json_print(o);
    cJSON_Delete(o);
    if (!txt)
        return -1;
    svc_err e = svc_storage_put(is->st, txn, "status_state", s->id, NULL, txt, 0,
                                SVC_PUT_REPLACE);
    free(txt);
    return e == SVC_OK ? 0 : -1;
}

/* Load a saved list state (a status_state record value). */
static int load_state(wallet_status_list **out, const char *value)
{
    cJSON *j = cJSON_Parse(value);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "state");
    uint8_t *bin = NULL;
    size_t n = 0;
    int ok = cJSON_IsString(st) &&
             wallet_b64url_decode(NULL, &bin, &n, st->valuestring, strlen(st->valuestring)) ==
                 WALLET_OK &&
             wallet_status_list_load(NULL, out, bin, n) == WALLET_OK;
    wallet_free(bin);
    cJSON_Delete(j);
    return ok ? 0 : -1;
}

static void list_init(iss_status *s)
{
    memset(s, 0, sizeof(*s));
    pthread_mutex_init(&s->mu, NULL);
    s->cached_version = UINT64_MAX;
}

/* The lists of earlier status.list_id values stay served and changeable:
 * credentials issued under them still point at them. */
static int load_old_lists(issuer *is, char *err, size_t errcap)
{
    svc_record *recs = NULL;
    size_t n = 0;
    if (svc_storage_list(is->st, NULL, &recs, &n, "status_state", NULL, 0) != SVC_OK) {
        snprintf(err, errcap, "status lists: storage: %s", svc_errmsg());
        return -1;
    }
    is->old_status = calloc(n ? n : 1, sizeof(*is->old_status));
    if (!is->old_status) {
        svc_records_free(recs, n);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (strcmp(recs[i].key, is->status.id) == 0)
            continue;
        iss_status *o = &is->old_status[is->nold_status];
        list_init(o);
        is->nold_status++;
        o->id = iss_strdup(recs[i].key);
        if (!o->id || load_state(&o->list, recs[i].value) != 0) {
            snprintf(err, errcap, "status list %s: the saved state does not load", recs[i].key);
            rc = -1;
            break;
        }
        o->uri = iss_strdup(wallet_status_list_uri(o->list));
        if (!o->uri) {
            rc = -1;
            break;
        }
    }
    svc_records_free(recs, n);
    return rc;
}

int iss_status_init(issuer *is, char *err, size_t errcap)
{
    iss_status *s = &is->status;
    const char *id = NULL;
    int64_t size = 0;
    if (svc_config_string(is->cfg, &id, "status.list_id", "1") != SVC_OK ||
        svc_config_int(is->cfg, &size, "status.list_size", 131072, 1024, 1 << 21) != SVC_OK ||
        svc_config_int(is->cfg, &is->status_ttl, "status.ttl_seconds", 300, 1, 86400) != SVC_OK ||
        svc_config_int(is->cfg, &is->status_lifetime, "status.lifetime_seconds", 86400, 60,
                       30 * 86400) != SVC_OK) {
        snprintf(err, errcap, "%s", svc_errmsg());
        return -1;
    }
    if (strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(id) || !id[0] ||
        strlen(id) > 32) {
        snprintf(err, errcap, "status.list_id: expected [a-z0-9_-]{1,32}");
        return -1;
    }
    list_init(s);
    s->id = iss_strdup(id);
    size_t ul = strlen(is->public_url) + strlen(id) + 16;
    s->uri = malloc(ul);
    if (!s->id || !s->uri) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    snprintf(s->uri, ul, "%s/status/%s", is->public_url, id);

    svc_record rec;
    svc_err e = svc_storage_get(is->st, NULL, &rec, "status_state", id);
    if (e == SVC_OK) {
        int bad = load_state(&s->list, rec.value);
        svc_record_clear(&rec);
        if (bad) {
            snprintf(err, errcap, "status list %s: the saved state does not load", id);
            return -1;
        }
        if (strcmp(wallet_status_list_uri(s->list), s->uri) != 0) {
            snprintf(err, errcap, "status list %s: saved for another public_url (credentials "
                     "already issued name the old one)", id);
            return -1;
        }
    } else if (e == SVC_ERR_NOT_FOUND) {
        if (wallet_status_list_new(NULL, &s->list, s->uri, 2, (uint64_t)size,
                                   WALLET_STATUS_ALLOC_SEQUENTIAL) != WALLET_OK) {
            snprintf(err, errcap, "status list: cannot create it");
            return -1;
        }
    } else {
        snprintf(err, errcap, "status list: storage: %s", svc_errmsg());
        return -1;
    }
    if (wallet_status_list_set_issuer(NULL, s->list, is->public_url) != WALLET_OK) {
        snprintf(err, errcap, "status list: issuer");
        return -1;
    }
    return load_old_lists(is, err, errcap);
}

static void list_free(iss_status *s)
{
    if (!s->id)
        return;
    wallet_status_list_free(s->list);
    free(s->id);
    free(s->uri);
    for (int i = 0; i < 2; i++)
        wallet_free(s->tok[i]);
    pthread_mutex_destroy(&s->mu);
}

void iss_status_free(issuer *is)
{
    list_free(&is->status);
    for (size_t i = 0; i < is->nold_status; i++)
        list_free(&is->old_status[i]);
    free(is->old_status);
}

iss_status *iss_status_find(issuer *is, const char *uri, const char *id)
{
    if ((uri && is->status.uri && strcmp(is->status.uri, uri) == 0) ||
        (id && is->status.id && strcmp(is->status.id, id) == 0))
        return &is->status;
    for (size_t i = 0; i < is->nold_status; i++) {
        iss_status *o = &is->old_status[i];
        if ((uri && strcmp(o->uri, uri) == 0) || (id && strcmp(o->id, id) == 0))
            return o;
    }
    return NULL;
}

/* Caller holds s->mu. */
static int ensure_locked(iss_status *s, uint64_t idx)
{
    if (idx >= wallet_status_list_size(s->list))
        return -1;
    /* Sequential allocation: the list's next index is its allocated count. */
    while (wallet_status_list_allocated(s->list) <= idx) {
        uint64_t got = 0;
        if (wallet_status_list_allocate(NULL, &got, s->list) != WALLET_OK)
            return -1;
    }
    return 0;
}

int iss_status_ensure(issuer *is, uint64_t idx)
{
    pthread_mutex_lock(&is->status.mu);
    int r = ensure_locked(&is->status, idx);
    pthread_mutex_unlock(&is->status.mu);
    return r;
}

int iss_status_set(issuer *is, iss_status *s, svc_txn *txn, uint64_t idx, unsigned status)
{
    pthread_mutex_lock(&s->mu);
    unsigned old = 0;
    int r = -1;
    if (ensure_locked(s, idx) == 0 &&
        wallet_status_list_get(NULL, &old, s->list, idx) == WALLET_OK &&
        wallet_status_list_set(NULL, s->list, idx, status) == WALLET_OK) {
        r = save_state(is, s, txn);
        if (r != 0)
            (void)wallet_status_list_set(NULL, s->list, idx, old);
    }
    pthread_mutex_unlock(&s->mu);
    return r;
}

/* Rebuild the tokens when stale; caller holds s->mu. */
static int refresh_locked(issuer *is, iss_status *s, int64_t now)
{
    uint64_t v = wallet_status_list_version(s->list);
    if (s->tok[0] && s->cached_version == v && now - s->cached_at < is->status_ttl / 2 + 1)
        return 0;
    for (int i = 0; i < 2; i++) {
        uint8_t *t = NULL;
        size_t n = 0;
        wallet_ctx *ctx = NULL;
        if (wallet_ctx_new(&ctx) != WALLET_OK)
            return -1;
        wallet_ctx_set_time(ctx, now);
        wallet_err e = wallet_status_list_token(ctx, &t, &n, s->list, is->sd_key, NULL, 0,
                                                i == 0 ? WALLET_STATUS_JWT : WALLET_STATUS_CWT,
                                                is->status_lifetime, is->status_ttl);
        wallet_ctx_free(ctx);
        if (e != WALLET_OK)
            return -1;
        wallet_free(s->tok[i]);
        s->tok[i] = t;
        s->tok_len[i] = n;
        if (svc_etag_of(s->etag[i], t, n) != SVC_OK)
            return -1;
    }
    s->cached_version = v;
    s->cached_at = now;
    return 0;
}

static void h_status(void *user, const svc_request *req, svc_response *res)
{
    issuer *is = user;
    const char *id = svc_request_param(req, "id");
    iss_status *s = id ? iss_status_find(is, NULL, id) : NULL;
    if (!s) {
        iss_error(is, res, "status", 404, "not_found", "no such status list");
        return;
    }
    const char *accept = svc_request_header(req, "Accept");
    int cwt = accept && strcasestr(accept, "application/statuslist+cwt") &&
              !strcasestr(accept, "application/statuslist+jwt");
    int i = cwt ? 1 : 0;
    pthread_mutex_lock(&s->mu);
    if (refresh_locked(is, s, iss_now(is)) != 0) {
        pthread_mutex_unlock(&s->mu);
        iss_error(is, res, "status", 500, "server_error", "status list token not available");
        return;
    }
    char etag[SVC_ETAG_LEN];
    memcpy(etag, s->etag[i], sizeof(etag));
    /* Clients revalidate with If-None-Match and get 304 while unchanged. */
    svc_response_cache(res, "no-cache");
    svc_response_header(res, "Vary", "Accept");
    if (svc_response_etag(res, req, etag) == 1) {
        pthread_mutex_unlock(&s->mu);
        return;
    }
    svc_response_body(res, 200,
                      wallet_status_media_type(cwt ? WALLET_STATUS_CWT : WALLET_STATUS_JWT),
                      s->tok[i], s->tok_len[i]);
    pthread_mutex_unlock(&s->mu);
}

int iss_routes_status(issuer *is, svc_router *r)
{
    svc_route_opts o = {.group = "public"};
    return svc_router_add(r, "GET", "/status/{id}", h_status, is, &o) == SVC_OK ? 0 : -1;
}
