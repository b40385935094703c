/*
 * A per-context cache of verified x5chains. A verifier sees the same few
 * document signer (and reader) certificates over and over; parsing a
 * certificate and building its path costs more with OpenSSL 3 than the
 * ECDSA verification itself, so a chain that verified is remembered:
 *
 *   key    SHA-256 over the role's EKU, the chain-length limit and every
 *          certificate's DER (length-prefixed), with the trust set's
 *          generation (wl_trust_generation: changes with every change to
 *          the set and is never shared by two sets);
 *   value  the parsed leaf certificate, its public key, and the window
 *          [not_before, not_after) in which every certificate of the path
 *          OpenSSL built, trust anchor included, is valid.
 *
 * A hit requires the same key, the same generation and the context's time
 * inside the window, so it answers exactly what a full verification would
 * answer. Only successes are stored; a context is used by one thread at a
 * time (ctx.h), so the cache needs no lock. It is freed with the context.
 */
#include "../trust/trust_int.h"
#include "mdoc_int.h"

#define WL_CHAIN_CACHE_SIZE 16

typedef struct wl_chain_entry {
    uint8_t key[32];
    uint64_t generation;
    wallet_cert *leaf;
    wallet_key *pub;
    int64_t not_before, not_after;
    uint64_t used;
} wl_chain_entry;

typedef struct wl_chain_cache {
    wl_chain_entry e[WL_CHAIN_CACHE_SIZE];
    uint64_t tick;
} wl_chain_cache;

static void wl_chain_entry_clear(wl_chain_entry *e)
{
    wallet_cert_free(e->leaf);
    wallet_key_free(e->pub);
    memset(e, 0, sizeof(*e));
}

static void wl_chain_cache_free(void *p)
{
    wl_chain_cache *c = p;
    for (size_t i = 0; i < WL_CHAIN_CACHE_SIZE; i++)
        wl_chain_entry_clear(&c->e[i]);
    free(c);
}

static wl_chain_cache *wl_chain_cache_get(wallet_ctx *ctx, int create)
{
    if (!ctx)
        return NULL;
    if (!ctx->cache[WL_CACHE_MDOC_CHAIN] && create) {
        wl_chain_cache *c = wl_calloc(1, sizeof(*c));
        if (!c)
            return NULL;
        ctx->cache[WL_CACHE_MDOC_CHAIN] = c;
        ctx->cache_free[WL_CACHE_MDOC_CHAIN] = wl_chain_cache_free;
    }
    return ctx->cache[WL_CACHE_MDOC_CHAIN];
}

wallet_err wl_mdoc_chain_key(wallet_ctx *ctx, uint8_t key[32], const wl_mdoc_sign1 *s,
                             const char *eku)
{
    const uint8_t *parts[2 * WL_MDOC_MAX_CHAIN + 2];
    size_t lens[2 * WL_MDOC_MAX_CHAIN + 2];
    uint8_t hdr[64 + 8], len4[WL_MDOC_MAX_CHAIN][4];
    size_t el = eku ? strlen(eku) : 0;
    if (el > 63)
        el = 63;
    memset(hdr, 0, sizeof(hdr));
    memcpy(hdr, eku ? eku : "", el);
    uint64_t limit = (uint64_t)wl_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH);
    for (int i = 0; i < 8; i++)
        hdr[64 + i] = (uint8_t)(limit >> (8 * i));
    size_t n = 0;
    parts[n] = hdr;
    lens[n++] = sizeof(hdr);
    for (size_t i = 0; i < s->n_x5; i++) {
        len4[i][0] = (uint8_t)(s->x5_len[i] >> 24);
        len4[i][1] = (uint8_t)(s->x5_len[i] >> 16);
        len4[i][2] = (uint8_t)(s->x5_len[i] >> 8);
        len4[i][3] = (uint8_t)s->x5_len[i];
        parts[n] = len4[i];
        lens[n++] = 4;
        parts[n] = s->x5[i];
        lens[n++] = s->x5_len[i];
    }
    return wl_hash_parts(ctx, WL_SHA256, parts, lens, n, key);
}

int wl_mdoc_chain_lookup(wallet_ctx *ctx, const uint8_t key[32], const wallet_trust *t,
                         wallet_cert **leaf, wallet_key **pub)
{
    wl_chain_cache *c = wl_chain_cache_get(ctx, 0);
    if (!c)
        return 0;
    uint64_t gen = wl_trust_generation(t);
    int64_t now = wallet_ctx_now(ctx);
    for (size_t i = 0; i < WL_CHAIN_CACHE_SIZE; i++) {
        wl_chain_entry *e = &c->e[i];
        if (e->leaf && e->generation == gen && !memcmp(e->key, key, 32) &&
            now >= e->not_before && now < e->not_after) {
            e->used = ++c->tick;
            *leaf = wl_cert_ref(e->leaf);
            *pub = wl_key_ref(e->pub);
            return 1;
        }
    }
    return 0;
}

void wl_mdoc_chain_store(wallet_ctx *ctx, const uint8_t key[32], const wallet_trust *t,
                         const wallet_cert *leaf, const wallet_key *pub, int64_t not_before,
                         int64_t not_after)
{
    wl_chain_cache *c = wl_chain_cache_get(ctx, 1);
    if (!c)
        return; /* a cache that cannot be made is no cache: nothing changes */
    wl_chain_entry *victim = &c->e[0];
    for (size_t i = 0; i < WL_CHAIN_CACHE_SIZE; i++) {
        if (!c->e[i].leaf) {
            victim = &c->e[i];
            break;
        }
        if (c->e[i].used < victim->used)
            victim = &c->e[i];
    }
    wl_chain_entry_clear(victim);
    memcpy(victim->key, key, 32);
    victim->generation = wl_trust_generation(t);
    victim->leaf = wl_cert_ref(leaf);
    victim->pub = wl_key_ref(pub);
    victim->not_before = not_before;
    victim->not_after = not_after;
    victim->used = ++c->tick;
}
