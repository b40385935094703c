/*
 * Processing the Disclosures of an SD-JWT (RFC 9901 §7.1, step 3 to 5):
 * every "_sd" digest and every {"...": digest} array element of the payload
 * is looked up among the Disclosures' digests; a match inserts the claim
 * (or replaces the element) and is processed recursively, an unmatched
 * digest is a decoy (or an undisclosed claim) and is dropped. Rejected: a
 * digest seen twice, a Disclosure of the wrong kind for its place, a claim
 * name "_sd"/"..." or one that already exists, "_sd" that is not an array
 * of strings, "..." outside an array element or not alone, "_sd_alg" below
 * the top level, and any Disclosure no digest refers to.
 *
 * The payload is modified in place; values are moved (not copied) out of
 * the Disclosures. Nesting through Disclosures counts against
 * WALLET_LIMIT_JSON_DEPTH like nesting inside one JSON text.
 */
#include <stdio.h>

#include "sdjwt_int.h"

typedef struct wl_proc {
    wallet_ctx *ctx;
    wl_sd *sd;
    wl_sd_disclosure **byd; /* Disclosures sorted by digest */
    const char **seen;      /* every digest met, for the duplicate check */
    size_t n_seen, cap_seen;
    cJSON *grave;           /* detached items kept alive: `seen` points into them */
    int64_t max_depth;
    cJSON *top;
    int holder;
    wl_buf path;
    int parent;
} wl_proc;

static int wl_byd_cmp(const void *a, const void *b)
{
    return strcmp((*(const wl_sd_disclosure *const *)a)->digest,
                  (*(const wl_sd_disclosure *const *)b)->digest);
}

static int wl_key_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, (*(const wl_sd_disclosure *const *)elem)->digest);
}

static wl_sd_disclosure *wl_find(wl_proc *p, const char *digest)
{
    if (!p->sd->n)
        return NULL;
    wl_sd_disclosure **hit = bsearch(digest, p->byd, p->sd->n, sizeof(*p->byd), wl_key_cmp);
    return hit ? *hit : NULL;
}

static wallet_err wl_seen(wl_proc *p, const char *digest)
{
    if (p->n_seen == p->cap_seen) {
        size_t ncap = p->cap_seen ? p->cap_seen * 2 : 32;
        const char **nv = realloc(p->seen, ncap * sizeof(*nv));
        if (!nv)
            return wl_err(p->ctx, WALLET_ERR_NOMEM, "out of memory");
        p->seen = nv;
        p->cap_seen = ncap;
    }
    p->seen[p->n_seen++] = digest;
    return WALLET_OK;
}

static void wl_bury(wl_proc *p, cJSON *item)
{
    cJSON_AddItemToArray(p->grave, item);
}

static wallet_err wl_value(wl_proc *p, cJSON *v, int64_t depth);

/* Holder bookkeeping for a matched Disclosure: where it sits. */
static wallet_err wl_note(wl_proc *p, wl_sd_disclosure *d)
{
    if (!p->holder)
        return WALLET_OK;
    d->parent = p->parent;
    if (!(d->path = wl_strndup((const char *)p->path.data, p->path.len)))
        return wl_err(p->ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

/* Process a disclosed value: its own digests, then (holder) print it. */
static wallet_err wl_disclosed(wl_proc *p, wl_sd_disclosure *d, cJSON *value, int64_t depth)
{
    wallet_err e = wl_note(p, d);
    if (e)
        return e;
    int saved = p->parent;
    p->parent = (int)(d - p->sd->d);
    e = wl_value(p, value, depth);
    p->parent = saved;
    if (!e && p->holder && !(d->value_json = wl_json_print(value)))
        e = wl_err(p->ctx, WALLET_ERR_NOMEM, "out of memory");
    return e;
}

static wallet_err wl_path_push_name(wl_proc *p, const char *name, size_t *mark)
{
    *mark = p->path.len;
    if (p->holder && !wl_path_append(&p->path, name, strlen(name)))
        return wl_buf_error(p->ctx, &p->path, "claim path");
    return WALLET_OK;
}

static wallet_err wl_path_push_index(wl_proc *p, size_t index, size_t *mark)
{
    char num[24];
    snprintf(num, sizeof(num), "%zu", index);
    return wl_path_push_name(p, num, mark);
}

static void wl_path_pop(wl_proc *p, size_t mark)
{
    p->path.len = mark;
}

static wallet_err wl_object(wl_proc *p, cJSON *obj, int64_t depth)
{
    if (depth > p->max_depth)
        return wl_err(p->ctx, WALLET_ERR_TOO_DEEP,
                      "SD-JWT: claims nested deeper than %lld levels", (long long)p->max_depth);
    cJSON *sd = NULL;
    wallet_err e = WALLET_OK;
    for (cJSON *c = obj->child, *next; c && !e; c = next) {
        next = c->next;
        if (!strcmp(c->string, "_sd")) {
            sd = c;
        } else if (!strcmp(c->string, "...")) {
            /* RFC 9901 §4.2.4.2: "..." only as the one member of an array
             * element. */
            e = wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE,
                       "SD-JWT: \"...\" used as a claim name outside an array element");
        } else if (!strcmp(c->string, "_sd_alg")) {
            /* §4.1.1: only at the top level, and not part of the claims. */
            if (obj != p->top)
                e = wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE,
                           "SD-JWT: \"_sd_alg\" below the top level");
            else
                wl_bury(p, cJSON_DetachItemViaPointer(obj, c));
        } else {
            size_t mark;
            e = wl_path_push_name(p, c->string, &mark);
            if (!e)
                e = wl_value(p, c, depth);
            wl_path_pop(p, mark);
        }
    }
    if (e || !sd)
        return e;
    wl_bury(p, cJSON_DetachItemViaPointer(obj, sd));
    /* §4.2.4.1: "_sd" is an array of digest strings. */
    if (!cJSON_IsArray(sd))
        return wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE, "SD-JWT: \"_sd\" is not an array");
    for (const cJSON *g = sd->child; g && !e; g = g->next) {
        if (!cJSON_IsString(g))
            return wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE,
                          "SD-JWT: an \"_sd\" entry is not a digest string");
        if ((e = wl_seen(p, g->valuestring)) != WALLET_OK)
            return e;
        wl_sd_disclosure *d = wl_find(p, g->valuestring);
        if (!d)
            continue; /* a decoy, or a claim the holder did not disclose */
        if (d->used)
            return wl_err(p->ctx, WALLET_ERR_SDJWT_DUPLICATE_DIGEST,
                          "SD-JWT: the digest of Disclosure %zu appears more than once",
                          (size_t)(d - p->sd->d));
        d->used = 1;
        size_t idx = (size_t)(d - p->sd->d);
        if (!d->name)
            return wl_err(p->ctx, WALLET_ERR_SDJWT_DISCLOSURE_KIND,
                          "SD-JWT: array-element Disclosure %zu referenced from \"_sd\"", idx);
        if (!strcmp(d->name, "_sd") || !strcmp(d->name, "...") || !strcmp(d->name, "_sd_alg"))
            return wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE,
                          "SD-JWT: Disclosure %zu discloses the reserved name \"%s\"", idx,
                          d->name);
        if (wl_json_get(obj, d->name))
            return wl_err(p->ctx, WALLET_ERR_SDJWT_CLAIM_EXISTS,
                          "SD-JWT: Disclosure %zu discloses a claim that already exists", idx);
        cJSON *value = cJSON_DetachItemViaPointer(d->arr, d->arr->child->next->next);
        d->top = obj == p->top;
        size_t mark;
        e = wl_path_push_name(p, d->name, &mark);
        if (!e)
            e = wl_disclosed(p, d, value, depth);
        wl_path_pop(p, mark);
        if (!e && !cJSON_AddItemToObject(obj, d->name, value))
            e = wl_err(p->ctx, WALLET_ERR_NOMEM, "out of memory");
        if (e) {
            cJSON_Delete(value);
            return e;
        }
    }
    return e;
}

static wallet_err wl_array(wl_proc *p, cJSON *arr, int64_t depth)
{
    if (depth > p->max_depth)
        return wl_err(p->ctx, WALLET_ERR_TOO_DEEP,
                      "SD-JWT: claims nested deeper than %lld levels", (long long)p->max_depth);
    size_t kept = 0;
    wallet_err e = WALLET_OK;
    for (cJSON *el = arr->child, *next; el && !e; el = next) {
        next = el->next;
        const cJSON *dots = cJSON_IsObject(el) ? wl_json_get(el, "...") : NULL;
        size_t mark;
        if (!dots) {
            e = wl_path_push_index(p, kept, &mark);
            if (!e)
                e = wl_value(p, el, depth);
            wl_path_pop(p, mark);
            kept++;
            continue;
        }
        /* §4.2.4.2: {"...": "<digest>"} and no other member. */
        if (el->child->next || el->child != dots)
            return wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE,
                          "SD-JWT: an array element has \"...\" and other members");
        if (!cJSON_IsString(dots))
            return wl_err(p->ctx, WALLET_ERR_SDJWT_SD_MISUSE,
                          "SD-JWT: an array element's \"...\" is not a digest string");
        if ((e = wl_seen(p, dots->valuestring)) != WALLET_OK)
            return e;
        wl_sd_disclosure *d = wl_find(p, dots->valuestring);
        wl_bury(p, cJSON_DetachItemViaPointer(arr, el));
        if (!d)
            continue; /* §7.1 step 3.4: elements without a Disclosure are removed */
        size_t idx = (size_t)(d - p->sd->d);
        if (d->used)
            return wl_err(p->ctx, WALLET_ERR_SDJWT_DUPLICATE_DIGEST,
                          "SD-JWT: the digest of Disclosure %zu appears more than once", idx);
        d->used = 1;
        if (d->name)
            return wl_err(p->ctx, WALLET_ERR_SDJWT_DISCLOSURE_KIND,
                          "SD-JWT: claim Disclosure %zu referenced from an array element", idx);
        cJSON *value = cJSON_DetachItemViaPointer(d->arr, d->arr->child->next);
        e = wl_path_push_index(p, kept, &mark);
        if (!e)
            e = wl_disclosed(p, d, value, depth);
        wl_path_pop(p, mark);
        if (!e)
            wl_sd_json_insert_before(arr, next, value);
        if (e) {
            cJSON_Delete(value);
            return e;
        }
        kept++;
    }
    return e;
}

static wallet_err wl_value(wl_proc *p, cJSON *v, int64_t depth)
{
    if (cJSON_IsObject(v))
        return wl_object(p, v, depth + 1);
    if (cJSON_IsArray(v))
        return wl_array(p, v, depth + 1);
    return WALLET_OK;
}

static int wl_str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

wallet_err wl_sd_process(wallet_ctx *ctx, wl_sd *sd, cJSON *payload, int holder)
{
    wl_proc p = {.ctx = ctx, .sd = sd, .top = payload, .holder = holder, .parent = -1};
    p.max_depth = wl_limit(ctx, WALLET_LIMIT_JSON_DEPTH);
    wl_buf_init(&p.path, 64 * 1024);
    wl_sd_disclosure *small[16];
    wallet_err e = WALLET_OK;
    p.byd = sd->n <= 16 ? small : wl_calloc(sd->n, sizeof(*p.byd));
    p.grave = cJSON_CreateArray();
    if (!p.byd || !p.grave) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < sd->n; i++)
        p.byd[i] = &sd->d[i];
    if (sd->n > 1)
        qsort(p.byd, sd->n, sizeof(*p.byd), wl_byd_cmp);
    if (!cJSON_IsObject(payload)) {
        e = wl_err(ctx, WALLET_ERR_SDJWT_FORMAT, "SD-JWT: the payload is not a JSON object");
        goto done;
    }
    e = wl_object(&p, payload, 1);
    /* §7.1 step 4: no digest may appear twice, decoys included. */
    if (!e && p.n_seen > 1) {
        qsort(p.seen, p.n_seen, sizeof(*p.seen), wl_str_cmp);
        for (size_t i = 1; i < p.n_seen && !e; i++)
            if (!strcmp(p.seen[i - 1], p.seen[i]))
                e = wl_err(ctx, WALLET_ERR_SDJWT_DUPLICATE_DIGEST,
                           "SD-JWT: a digest appears more than once in the payload");
    }
    /* §7.1 step 5: every Disclosure must be referenced (a changed one —
     * other salt, name or value — no longer is). */
    for (size_t i = 0; i < sd->n && !e; i++)
        if (!sd->d[i].used)
            e = wl_err(ctx, WALLET_ERR_SDJWT_UNREFERENCED,
                       "SD-JWT: Disclosure %zu is not referenced by any digest of the "
                       "issuer-signed payload",
                       i);
done:
    if (p.byd != small)
        free(p.byd);
    free(p.seen);
    cJSON_Delete(p.grave);
    wl_buf_free(&p.path);
    return e;
}
