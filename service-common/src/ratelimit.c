/*
 * Token buckets per (group, client), in a hash table bounded by
 * max_clients with a least-recently-used list for eviction. One mutex: a
 * take is a hash lookup and a few arithmetic operations.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>

#include <wallet/primitives.h>

#include "internal.h"
#include "svc/ratelimit.h"

#define SVCI_RL_MAX_GROUPS 32
#define SVCI_RL_DEFAULT_MAX 100000

typedef struct svci_group {
    char name[33];
    double rate, burst;
} svci_group;

typedef struct svci_bucket {
    struct svci_bucket *hnext;
    struct svci_bucket *prev, *next; /* LRU: head is the most recent */
    uint64_t hash;
    size_t group;
    double tokens;
    uint64_t last_ms;
    char client[]; /* flexible */
} svci_bucket;

struct svc_ratelimit {
    pthread_mutex_t mu;
    svci_group groups[SVCI_RL_MAX_GROUPS];
    size_t ngroups;
    svci_bucket **table;
    size_t tsize; /* power of two */
    size_t count, max;
    svci_bucket *head, *tail;
    uint64_t (*clock)(void *);
    void *clock_user;
    uint64_t seed;
};

static uint64_t svci_rl_default_clock(void *user)
{
    (void)user;
    return svc_monotonic_ms();
}

svc_err svc_ratelimit_new(svc_ratelimit **out, size_t max_clients)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "rate limit: NULL output");
    *out = NULL;
    if (!max_clients)
        max_clients = SVCI_RL_DEFAULT_MAX;
    if (max_clients > 10000000)
        return svci_err(SVC_ERR_INVALID_ARG, "rate limit: max_clients too large");
    svc_ratelimit *rl = calloc(1, sizeof(*rl));
    if (!rl)
        return svci_err(SVC_ERR_NOMEM, "rate limit: out of memory");
    rl->tsize = 16;
    while (rl->tsize < max_clients)
        rl->tsize *= 2;
    rl->table = calloc(rl->tsize, sizeof(*rl->table));
    if (!rl->table) {
        free(rl);
        return svci_err(SVC_ERR_NOMEM, "rate limit: out of memory");
    }
    /* A secret seed, so that clients cannot choose keys that collide. */
    if (wallet_random(NULL, (uint8_t *)&rl->seed, sizeof(rl->seed)) != WALLET_OK) {
        free(rl->table);
        free(rl);
        return svci_err(SVC_ERR_CRYPTO, "rate limit: no random seed");
    }
    rl->max = max_clients;
    rl->clock = svci_rl_default_clock;
    pthread_mutex_init(&rl->mu, NULL);
    *out = rl;
    return SVC_OK;
}

void svc_ratelimit_free(svc_ratelimit *rl)
{
    if (!rl)
        return;
    for (svci_bucket *b = rl->head; b;) {
        svci_bucket *n = b->next;
        free(b);
        b = n;
    }
    free(rl->table);
    pthread_mutex_destroy(&rl->mu);
    free(rl);
}

static int svci_group_name_ok(const char *g)
{
    size_t n = g ? strlen(g) : 0;
    if (!n || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)g[i]) && g[i] != '_' && g[i] != '-')
            return 0;
    return 1;
}

svc_err svc_ratelimit_group(svc_ratelimit *rl, const char *group, double rate, double burst)
{
    svci_clear_err();
    if (!rl || !svci_group_name_ok(group))
        return svci_err(SVC_ERR_INVALID_ARG, "rate limit: malformed group name");
    if (!isfinite(rate) || rate <= 0 || !isfinite(burst) || burst < 1 || burst > 1e9)
        return svci_err(SVC_ERR_INVALID_ARG, "rate limit %s: rate must be > 0 and burst >= 1",
                        group);
    pthread_mutex_lock(&rl->mu);
    size_t i = 0;
    while (i < rl->ngroups && strcmp(rl->groups[i].name, group))
        i++;
    svc_err e = SVC_OK;
    if (i == rl->ngroups) {
        if (rl->ngroups == SVCI_RL_MAX_GROUPS)
            e = svci_err(SVC_ERR_INVALID_ARG, "rate limit: more than %d groups",
                         SVCI_RL_MAX_GROUPS);
        else
            snprintf(rl->groups[rl->ngroups++].name, sizeof(rl->groups[0].name), "%s", group);
    }
    if (e == SVC_OK) {
        rl->groups[i].rate = rate;
        rl->groups[i].burst = burst;
    }
    pthread_mutex_unlock(&rl->mu);
    return e;
}

void svc_ratelimit_set_clock(svc_ratelimit *rl, uint64_t (*now_ms)(void *user), void *user)
{
    if (!rl)
        return;
    pthread_mutex_lock(&rl->mu);
    rl->clock = now_ms ? now_ms : svci_rl_default_clock;
    rl->clock_user = now_ms ? user : NULL;
    pthread_mutex_unlock(&rl->mu);
}

size_t svc_ratelimit_size(svc_ratelimit *rl)
{
    if (!rl)
        return 0;
    pthread_mutex_lock(&rl->mu);
    size_t n = rl->count;
    pthread_mutex_unlock(&rl->mu);
    return n;
}

static uint64_t svci_rl_hash(uint64_t seed, size_t group, const char *client)
{
    uint64_t h = seed ^ 0x9E3779B97F4A7C15ULL ^ (uint64_t)group;
    for (const unsigned char *p = (const unsigned char *)client; *p; p++) {
        h ^= *p;
        h *= 0x100000001B3ULL;
        h ^= h >> 29;
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return h;
}

static void svci_lru_unlink(svc_ratelimit *rl, svci_bucket *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        rl->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    else
        rl->tail = b->prev;
    b->prev = b->next = NULL;
}

static void svci_lru_push_front(svc_ratelimit *rl, svci_bucket *b)
{
    b->prev = NULL;
    b->next = rl->head;
    if (rl->head)
        rl->head->prev = b;
    rl->head = b;
    if (!rl->tail)
        rl->tail = b;
}

static void svci_bucket_remove(svc_ratelimit *rl, svci_bucket *b)
{
    svci_bucket **pp = &rl->table[b->hash & (rl->tsize - 1)];
    while (*pp && *pp != b)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = b->hnext;
    svci_lru_unlink(rl, b);
    rl->count--;
    free(b);
}

/* A bucket that has refilled completely is the same as no bucket. */
static int svci_bucket_full_again(const svc_ratelimit *rl, const svci_bucket *b, uint64_t now)
{
    const svci_group *g = &rl->groups[b->group];
    double elapsed = (double)(now - b->last_ms) / 1000.0;
    return b->tokens + elapsed * g->rate >= g->burst;
}

int svc_ratelimit_take(svc_ratelimit *rl, const char *group, const char *client,
                       unsigned *retry_after_s)
{
    if (retry_after_s)
        *retry_after_s = 0;
    if (!rl || !client)
        return 1;
    /* Keys are addresses or key ids; longer ones are cut (consistently). */
    char ck[257];
    snprintf(ck, sizeof(ck), "%s", client);
    client = ck;
    pthread_mutex_lock(&rl->mu);
    size_t gi = rl->ngroups;
    for (size_t i = 0; group && i < rl->ngroups; i++)
        if (!strcmp(rl->groups[i].name, group))
            gi = i;
    if (gi == rl->ngroups)
        for (size_t i = 0; i < rl->ngroups; i++)
            if (!strcmp(rl->groups[i].name, "default"))
                gi = i;
    if (gi == rl->ngroups) {
        pthread_mutex_unlock(&rl->mu);
        return 1; /* no limit defined */
    }
    const svci_group *g = &rl->groups[gi];
    uint64_t now = rl->clock(rl->clock_user);

    /* Drop up to two idle buckets from the cold end on every call, so the
     * table shrinks back when traffic goes. */
    for (int k = 0; k < 2 && rl->tail && svci_bucket_full_again(rl, rl->tail, now); k++)
        svci_bucket_remove(rl, rl->tail);

    uint64_t h = svci_rl_hash(rl->seed, gi, client);
    svci_bucket *b = rl->table[h & (rl->tsize - 1)];
    while (b && !(b->hash == h && b->group == gi && !strcmp(b->client, client)))
        b = b->hnext;
    if (!b) {
        if (rl->count >= rl->max && rl->tail)
            svci_bucket_remove(rl, rl->tail); /* least recently used */
        size_t cl = strlen(client);
        b = calloc(1, sizeof(*b) + cl + 1);
        if (!b) {
            pthread_mutex_unlock(&rl->mu);
            return 1; /* out of memory: fail open rather than refuse everyone */
        }
        memcpy(b->client, client, cl);
        b->hash = h;
        b->group = gi;
        b->tokens = g->burst;
        b->last_ms = now;
        b->hnext = rl->table[h & (rl->tsize - 1)];
        rl->table[h & (rl->tsize - 1)] = b;
        rl->count++;
    } else {
        svci_lru_unlink(rl, b);
        double elapsed = now > b->last_ms ? (double)(now - b->last_ms) / 1000.0 : 0;
        b->tokens += elapsed * g->rate;
        if (b->tokens > g->burst)
            b->tokens = g->burst;
        b->last_ms = now;
    }
    svci_lru_push_front(rl, b);
    int allowed = 0;
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
        allowed = 1;
    } else if (retry_after_s) {
        double wait = ceil((1.0 - b->tokens) / g->rate);
        *retry_after_s = wait < 1 ? 1 : wait > 86400 ? 86400 : (unsigned)wait;
    }
    pthread_mutex_unlock(&rl->mu);
    return allowed;
}

svc_err svc_ratelimit_from_config(svc_ratelimit **out, svc_config *cfg)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "rate limit: NULL output");
    *out = NULL;
    int enabled = 1;
    int64_t max = 0;
    const cJSON *groups = NULL;
    svc_err e = svc_config_bool(cfg, &enabled, "rate_limits.enabled", 1);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &max, "rate_limits.max_clients", SVCI_RL_DEFAULT_MAX, 1, 10000000);
    if (e == SVC_OK)
        e = svc_config_json(cfg, &groups, "rate_limits.groups");
    if (e != SVC_OK || !enabled)
        return e;
    if (groups && !cJSON_IsObject(groups))
        return svci_err(SVC_ERR_CONFIG, "config %s: rate_limits.groups: expected an object",
                        svc_config_origin(cfg));
    svc_ratelimit *rl = NULL;
    e = svc_ratelimit_new(&rl, (size_t)max);
    if (e != SVC_OK)
        return e;
    if (!groups) {
        e = svc_ratelimit_group(rl, "default", 20, 40);
    } else {
        for (const cJSON *g = groups->child; g && e == SVC_OK; g = g->next) {
            if (!svci_group_name_ok(g->string)) {
                e = svci_err(SVC_ERR_CONFIG, "config %s: rate_limits.groups: group names are "
                             "[A-Za-z0-9_-]{1,32}", svc_config_origin(cfg));
                break;
            }
            char key[96];
            double rate = 0, burst = 0;
            snprintf(key, sizeof(key), "rate_limits.groups.%s.rate", g->string);
            e = svc_config_double(cfg, &rate, key, 0, 1e-6, 1e9);
            if (e == SVC_OK && rate <= 0)
                e = svci_err(SVC_ERR_CONFIG, "config %s: %s: required", svc_config_origin(cfg),
                             key);
            snprintf(key, sizeof(key), "rate_limits.groups.%s.burst", g->string);
            if (e == SVC_OK)
                e = svc_config_double(cfg, &burst, key, rate < 1 ? 1 : rate, 1, 1e9);
            if (e == SVC_OK)
                e = svc_ratelimit_group(rl, g->string, rate, burst);
        }
    }
    if (e != SVC_OK) {
        svc_ratelimit_free(rl);
        return e;
    }
    *out = rl;
    return SVC_OK;
}
