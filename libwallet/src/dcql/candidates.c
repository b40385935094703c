/*
 * The candidate credentials a DCQL query is matched against: an id, a
 * format, a type (vct / docType), the claims as JSON, a holder-binding flag
 * and optional authority data. See include/wallet/dcql.h.
 */
#include "dcql_int.h"

wallet_err wallet_dcql_candidates_new(wallet_ctx *ctx, wallet_dcql_candidates **out)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = wl_calloc(1, sizeof(**out));
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

static void wl_candidate_clear(wl_candidate *c)
{
    free(c->id);
    free(c->type);
    cJSON_Delete(c->claims);
    for (size_t i = 0; i < c->n_auth; i++) {
        free(c->auth[i].type);
        free(c->auth[i].value);
    }
    free(c->auth);
    memset(c, 0, sizeof(*c));
}

void wallet_dcql_candidates_free(wallet_dcql_candidates *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        wl_candidate_clear(&set->c[i]);
    free(set->c);
    free(set);
}

size_t wallet_dcql_candidates_count(const wallet_dcql_candidates *set)
{
    return set ? set->n : 0;
}

static wl_candidate *wl_find_candidate(const wallet_dcql_candidates *set, const char *id)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->c[i].id, id))
            return &set->c[i];
    return NULL;
}

wallet_err wallet_dcql_candidates_add(wallet_ctx *ctx, wallet_dcql_candidates *set, const char *id,
                                      wallet_dcql_format format, const char *type,
                                      const char *claims_json, size_t claims_len, unsigned flags)
{
    wl_enter(ctx);
    if (!set || !id || !type || !claims_json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (flags & ~WALLET_DCQL_HOLDER_BINDING)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown candidate flags");
    if (!*id)
        return wl_err(ctx, WALLET_ERR_DCQL_CANDIDATE, "DCQL candidate: empty id");
    if (wl_find_candidate(set, id))
        return wl_err(ctx, WALLET_ERR_DCQL_CANDIDATE, "DCQL candidate: duplicate id");
    if (format != WALLET_DCQL_FORMAT_SD_JWT && format != WALLET_DCQL_FORMAT_MDOC)
        return wl_err(ctx, WALLET_ERR_DCQL_CANDIDATE,
                      "DCQL candidate: format must be SD-JWT VC or mdoc");
    wallet_err e = wl_check_input_size(ctx, claims_len, "DCQL candidate claims");
    if (e)
        return e;
    cJSON *claims = NULL;
    e = wl_json_parse(ctx, &claims, claims_json, claims_len);
    if (e)
        return wl_err_prefix(ctx, "DCQL candidate claims");
    if (!cJSON_IsObject(claims)) {
        cJSON_Delete(claims);
        return wl_err(ctx, WALLET_ERR_DCQL_CANDIDATE, "DCQL candidate: claims are not an object");
    }
    /* mdoc: {"namespace": {"element": value}} (§7.2 addresses elements by
     * namespace and identifier). */
    for (const cJSON *ns = claims->child; format == WALLET_DCQL_FORMAT_MDOC && ns; ns = ns->next)
        if (!cJSON_IsObject(ns)) {
            cJSON_Delete(claims);
            return wl_err(ctx, WALLET_ERR_DCQL_CANDIDATE,
                          "DCQL candidate: an mdoc namespace is not an object");
        }
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        wl_candidate *c = cap > SIZE_MAX / sizeof(*c) ? NULL : realloc(set->c, cap * sizeof(*c));
        if (!c) {
            cJSON_Delete(claims);
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
        set->c = c;
        set->cap = cap;
    }
    wl_candidate *c = &set->c[set->n];
    memset(c, 0, sizeof(*c));
    c->claims = claims;
    c->format = format;
    c->flags = flags;
    if (!(c->id = wl_strdup(id)) || !(c->type = wl_strdup(type))) {
        wl_candidate_clear(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    set->n++;
    return WALLET_OK;
}

wallet_err wallet_dcql_candidates_add_authority(wallet_ctx *ctx, wallet_dcql_candidates *set,
                                                const char *id, const char *type,
                                                const char *value)
{
    wl_enter(ctx);
    if (!set || !id || !type || !value)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_candidate *c = wl_find_candidate(set, id);
    if (!c)
        return wl_err(ctx, WALLET_ERR_NOT_FOUND, "DCQL candidate: no candidate with that id");
    wl_authority *a = c->n_auth + 1 > SIZE_MAX / sizeof(*a)
                          ? NULL
                          : realloc(c->auth, (c->n_auth + 1) * sizeof(*a));
    if (!a)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    c->auth = a;
    a = &c->auth[c->n_auth];
    a->type = wl_strdup(type);
    a->value = wl_strdup(value);
    if (!a->type || !a->value) {
        free(a->type);
        free(a->value);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    c->n_auth++;
    return WALLET_OK;
}
