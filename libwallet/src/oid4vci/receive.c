/*
 * wallet_vci_receive(): the whole pre-authorized flow into a wallet store —
 * holder keys, proofs, credential requests, verification, storage, linking.
 */
#include "../store/store_int.h"
#include "vci_int.h"

/* The state of one configuration's request. */
typedef struct wl_rcv_keys {
    char **ids;        /* holder key ids */
    wallet_key **keys; /* signing handles */
    size_t n;
    int generated;     /* the ids were generated here (discarded on failure) */
} wl_rcv_keys;

static void wl_rcv_keys_release(wallet_ctx *ctx, wallet_store *store, wl_rcv_keys *k,
                                int discard)
{
    for (size_t i = 0; i < k->n; i++) {
        wallet_key_free(k->keys ? k->keys[i] : NULL);
        if (k->ids && k->ids[i]) {
            if (discard && k->generated) {
                /* Keep the caller's error: a failure here leaves an unused key. */
                wallet_err saved = ctx ? ctx->errcode : WALLET_OK;
                char msg[WL_ERRMSG_MAX];
                if (ctx)
                    memcpy(msg, ctx->errmsg, sizeof(msg));
                (void)wl_store_key_discard(ctx, store, k->ids[i]);
                if (ctx) {
                    ctx->errcode = saved;
                    memcpy(ctx->errmsg, msg, sizeof(msg));
                }
            }
            free(k->ids[i]);
        }
    }
    free(k->keys);
    free(k->ids);
    memset(k, 0, sizeof(*k));
}

static wallet_err wl_rcv_keys_get(wallet_ctx *ctx, wl_rcv_keys *k, wallet_store *store,
                                  const wallet_vci_issuer *md, const char *config_id,
                                  const char *const *key_ids, size_t key_count)
{
    size_t n = key_count ? key_count : 1;
    k->ids = wl_calloc(n, sizeof(char *));
    k->keys = wl_calloc(n, sizeof(wallet_key *));
    if (!k->ids || !k->keys)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    k->n = n;
    k->generated = key_ids == NULL;
    wallet_alg alg = WALLET_ALG_NONE;
    wallet_err e = WALLET_OK;
    if (!key_ids)
        e = wallet_vci_issuer_proof_alg(ctx, &alg, md, config_id);
    for (size_t i = 0; i < n && !e; i++) {
        if (key_ids) {
            k->ids[i] = wl_strdup(key_ids[i]);
            if (!k->ids[i])
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        } else {
            e = wallet_store_key_generate(ctx, &k->ids[i], store, alg);
        }
        if (!e)
            e = wallet_store_key(ctx, &k->keys[i], store, k->ids[i]);
    }
    return e;
}

/* Each stored credential must be bound to one of the keys it was requested
 * for: the store links by thumbprint; a credential that names no holder
 * key is linked to the key of its position. */
static wallet_err wl_rcv_link(wallet_ctx *ctx, wallet_store *store, const cJSON *ids,
                              const wl_rcv_keys *k)
{
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, ids)
    {
        const char *cid = it->valuestring;
        wallet_key *bound = NULL;
        wallet_err e = wallet_store_credential_key(ctx, &bound, store, cid);
        if (e == WALLET_ERR_NOT_FOUND) {
            e = wallet_store_link_key(ctx, store, cid, k->ids[i < k->n ? i : 0]);
        } else if (!e) {
            int ours = 0;
            for (size_t j = 0; j < k->n; j++)
                ours |= wallet_key_equal_public(bound, k->keys[j]);
            wallet_key_free(bound);
            if (!ours)
                e = wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                           "credential %zu is bound to a key it was not requested for", i);
        }
        if (e)
            return e;
        i++;
    }
    return WALLET_OK;
}

/* Delete what was stored for a configuration whose linking failed. */
static void wl_rcv_unstore(wallet_ctx *ctx, wallet_store *store, const cJSON *ids)
{
    wallet_err saved = ctx ? ctx->errcode : WALLET_OK;
    char msg[WL_ERRMSG_MAX];
    if (ctx)
        memcpy(msg, ctx->errmsg, sizeof(msg));
    const cJSON *it;
    cJSON_ArrayForEach(it, ids)
    {
        (void)wallet_store_delete(ctx, store, it->valuestring);
    }
    if (ctx) {
        ctx->errcode = saved;
        memcpy(ctx->errmsg, msg, sizeof(msg));
    }
}

/* Request, store and link the credentials of one configuration; their ids
 * are appended to `all`. */
static wallet_err wl_rcv_config(wallet_ctx *ctx, cJSON *all, wallet_store *store,
                                const wallet_trust *trust, const wallet_policy *policy,
                                wallet_vci_session *s, const char *config_id,
                                const char *const *key_ids, size_t key_count, unsigned flags)
{
    wl_rcv_keys k = {0};
    char **creds = NULL;
    size_t count = 0;
    char *ids_json = NULL;
    cJSON *ids = NULL;
    wallet_err e = wl_rcv_keys_get(ctx, &k, store, s->md, config_id, key_ids, key_count);
    if (!e)
        e = wallet_vci_session_request(ctx, &creds, &count, s, config_id,
                                       (const wallet_key *const *)k.keys, k.n);
    if (!e) {
        size_t *lens = wl_calloc(count, sizeof(size_t));
        if (!lens) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        } else {
            for (size_t i = 0; i < count; i++)
                lens[i] = strlen(creds[i]);
            /* Copies of one issuance form a batch (store.h); one is not. */
            unsigned f = flags | (count == 1 ? WALLET_STORE_SEPARATE : 0);
            e = wallet_store_add_batch(ctx, &ids_json, store, trust, policy,
                                       (const uint8_t *const *)creds, lens, count, f);
            free(lens);
        }
    }
    if (!e && (wl_json_parse(ctx, &ids, ids_json, strlen(ids_json)) || !cJSON_IsArray(ids)))
        e = wl_err(ctx, WALLET_ERR_INTERNAL, "store returned malformed ids");
    if (!e && (e = wl_rcv_link(ctx, store, ids, &k)))
        wl_rcv_unstore(ctx, store, ids);
    if (!e) {
        const cJSON *it;
        cJSON_ArrayForEach(it, ids)
        {
            cJSON *copy = cJSON_CreateString(it->valuestring);
            if (!copy || !cJSON_AddItemToArray(all, copy)) {
                cJSON_Delete(copy);
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                break;
            }
        }
    }
    cJSON_Delete(ids);
    wallet_free(ids_json);
    wallet_vci_credentials_free(creds);
    wl_rcv_keys_release(ctx, store, &k, e != WALLET_OK);
    return e;
}

wallet_err wallet_vci_receive(wallet_ctx *ctx, char **ids, wallet_store *store,
                              const wallet_trust *trust, const wallet_policy *policy,
                              const char *offer, const char *tx_code, const char *const *key_ids,
                              size_t key_count, unsigned flags)
{
    wl_enter(ctx);
    if (!ids)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *ids = NULL;
    if (!store || !offer)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL store or offer");
    if (flags & ~WALLET_STORE_KEEP_INVALID)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown flags");
    if (key_ids && key_count == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "key_ids given with a count of 0");
    for (size_t i = 0; key_ids && i < key_count; i++)
        if (!key_ids[i])
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL key id");
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    wallet_vci_session *s = NULL;
    e = wallet_vci_session_new(ctx, &s, offer, strlen(offer));
    if (!e && (int64_t)(key_count ? key_count : 1) > s->md->batch_size)
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG,
                   "%zu copies asked: more than the issuer's batch size %lld", key_count,
                   (long long)s->md->batch_size);
    /* No trust given: the offer's issuer is trusted by its identifier, its
     * keys taken from its JWT VC Issuer Metadata over HTTPS (trust.h). */
    wallet_trust *own = NULL;
    if (!e && !trust && !(e = wallet_trust_new(ctx, &own)))
        e = wallet_trust_add_issuer(ctx, own, s->offer->issuer);
    if (own)
        trust = own;
    if (!e)
        e = wallet_vci_session_token(ctx, s, tx_code);
    cJSON *all = e ? NULL : cJSON_CreateArray();
    if (!e && !all)
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !e && i < s->offer->config_count; i++) {
        e = wl_rcv_config(ctx, all, store, trust, policy, s, s->offer->config_ids[i], key_ids,
                          key_count, flags);
        if (e && i > 0)
            wl_err_prefix(ctx, "later configuration (earlier ones were stored)");
    }
    if (!e && !(*ids = wl_json_print(all)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    cJSON_Delete(all);
    wallet_trust_free(own);
    wallet_vci_session_free(s);
    return e;
}
