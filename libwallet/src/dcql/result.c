/*
 * DCQL match results: accessors, the unsatisfied check, and the JSON form.
 * See include/wallet/dcql.h.
 */
#include "../core/buf.h"
#include "dcql_int.h"

static const wl_qresult *wl_q(const wallet_dcql_result *r, size_t i)
{
    return r && i < r->n_q ? &r->q[i] : NULL;
}

static const wl_match *wl_m(const wallet_dcql_result *r, size_t i, size_t j)
{
    const wl_qresult *q = wl_q(r, i);
    return q && j < q->n ? &q->m[j] : NULL;
}

static const wl_claim_out *wl_c(const wallet_dcql_result *r, size_t i, size_t j, size_t k)
{
    const wl_match *m = wl_m(r, i, j);
    return m && k < m->n_claims ? &m->claims[k] : NULL;
}

int wallet_dcql_result_satisfied(const wallet_dcql_result *r)
{
    return r ? r->satisfied : 0;
}

wallet_err wallet_dcql_result_check(wallet_ctx *ctx, const wallet_dcql_result *r)
{
    wl_enter(ctx);
    if (!r)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL result");
    if (r->satisfied)
        return WALLET_OK;
    return wl_err(ctx, WALLET_ERR_DCQL_UNSATISFIED, "%s",
                  r->unsatisfied ? r->unsatisfied : "DCQL: the query cannot be satisfied");
}

size_t wallet_dcql_result_query_count(const wallet_dcql_result *r)
{
    return r ? r->n_q : 0;
}

const char *wallet_dcql_result_query_id(const wallet_dcql_result *r, size_t i)
{
    const wl_qresult *q = wl_q(r, i);
    return q ? q->id : NULL;
}

size_t wallet_dcql_result_match_count(const wallet_dcql_result *r, size_t i)
{
    const wl_qresult *q = wl_q(r, i);
    return q ? q->n : 0;
}

const char *wallet_dcql_result_match_candidate(const wallet_dcql_result *r, size_t i, size_t j)
{
    const wl_match *m = wl_m(r, i, j);
    return m ? m->candidate : NULL;
}

int wallet_dcql_result_match_claim_set(const wallet_dcql_result *r, size_t i, size_t j)
{
    const wl_match *m = wl_m(r, i, j);
    return m ? m->claim_set : -1;
}

size_t wallet_dcql_result_claim_count(const wallet_dcql_result *r, size_t i, size_t j)
{
    const wl_match *m = wl_m(r, i, j);
    return m ? m->n_claims : 0;
}

const char *wallet_dcql_result_claim_path_json(const wallet_dcql_result *r, size_t i, size_t j,
                                               size_t k)
{
    const wl_claim_out *c = wl_c(r, i, j, k);
    return c ? c->path_json : NULL;
}

const char *wallet_dcql_result_claim_path(const wallet_dcql_result *r, size_t i, size_t j,
                                          size_t k)
{
    const wl_claim_out *c = wl_c(r, i, j, k);
    return c ? c->text : NULL;
}

int wallet_dcql_result_claim_intent_to_retain(const wallet_dcql_result *r, size_t i, size_t j,
                                              size_t k)
{
    const wl_claim_out *c = wl_c(r, i, j, k);
    return c ? c->intent_to_retain : -1;
}

const char *wallet_dcql_result_disclose(const wallet_dcql_result *r, size_t i, size_t j)
{
    const wl_match *m = wl_m(r, i, j);
    return m ? m->disclose : NULL;
}

size_t wallet_dcql_result_selected_count(const wallet_dcql_result *r, size_t i)
{
    const wl_qresult *q = wl_q(r, i);
    return q ? q->selected : 0;
}

int wallet_dcql_result_set_option(const wallet_dcql_result *r, size_t s)
{
    return r && s < r->n_sets ? r->sets[s].option : -1;
}

/* ---- JSON ----------------------------------------------------------------------- */

static void wl_str(wl_buf *b, const char *s)
{
    wl_json_append_string(b, s, strlen(s));
}

static void wl_match_json(wl_buf *b, const wl_match *m, int full)
{
    wl_buf_append_str(b, "{\"candidate\":");
    wl_str(b, m->candidate);
    if (full && m->claim_set >= 0)
        wl_buf_printf(b, ",\"claim_set\":%d", m->claim_set);
    if (m->disclose) {
        wl_buf_append_str(b, ",\"disclose\":");
        wl_str(b, m->disclose);
    }
    wl_buf_append_str(b, ",\"claims\":[");
    for (size_t k = 0; k < m->n_claims; k++) {
        const wl_claim_out *c = &m->claims[k];
        if (k)
            wl_buf_append_byte(b, ',');
        if (!full) {
            wl_buf_append_str(b, c->path_json);
            continue;
        }
        wl_buf_append_str(b, "{\"path\":");
        wl_buf_append_str(b, c->path_json);
        if (c->text) {
            wl_buf_append_str(b, ",\"text\":");
            wl_str(b, c->text);
        }
        if (c->intent_to_retain >= 0)
            wl_buf_printf(b, ",\"intent_to_retain\":%s", c->intent_to_retain ? "true" : "false");
        wl_buf_append_byte(b, '}');
    }
    wl_buf_append_str(b, "]}");
}

wallet_err wallet_dcql_result_to_json(wallet_ctx *ctx, char **out, const wallet_dcql_result *r)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!r)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL result");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_printf(&b, "{\"satisfied\":%s,\"credentials\":[", r->satisfied ? "true" : "false");
    for (size_t i = 0; i < r->n_q; i++) {
        const wl_qresult *q = &r->q[i];
        if (i)
            wl_buf_append_byte(&b, ',');
        wl_buf_append_str(&b, "{\"id\":");
        wl_str(&b, q->id);
        wl_buf_printf(&b, ",\"multiple\":%s,\"selected\":%zu,\"matches\":[",
                      q->multiple ? "true" : "false", q->selected);
        for (size_t j = 0; j < q->n; j++) {
            if (j)
                wl_buf_append_byte(&b, ',');
            wl_match_json(&b, &q->m[j], 1);
        }
        wl_buf_append_str(&b, "]}");
    }
    wl_buf_append_byte(&b, ']');
    if (r->has_sets) {
        wl_buf_append_str(&b, ",\"credential_sets\":[");
        for (size_t s = 0; s < r->n_sets; s++) {
            if (s)
                wl_buf_append_byte(&b, ',');
            wl_buf_printf(&b, "{\"required\":%s,\"option\":", r->sets[s].required ? "true" : "false");
            if (r->sets[s].option >= 0)
                wl_buf_printf(&b, "%d}", r->sets[s].option);
            else
                wl_buf_append_str(&b, "null}");
        }
        wl_buf_append_byte(&b, ']');
    }
    wl_buf_append_str(&b, ",\"presentation\":{");
    int first = 1;
    for (size_t i = 0; i < r->n_q; i++) {
        const wl_qresult *q = &r->q[i];
        if (!q->selected)
            continue;
        if (!first)
            wl_buf_append_byte(&b, ',');
        first = 0;
        wl_str(&b, q->id);
        wl_buf_append_str(&b, ":[");
        for (size_t j = 0; j < q->selected; j++) {
            if (j)
                wl_buf_append_byte(&b, ',');
            wl_match_json(&b, &q->m[j], 0);
        }
        wl_buf_append_byte(&b, ']');
    }
    wl_buf_append_str(&b, "}}");
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "DCQL result");
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}
