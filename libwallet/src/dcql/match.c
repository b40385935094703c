/*
 * DCQL matching: which candidates satisfy each credential query and with
 * which claims (OpenID4VP 1.0 §6.4.1, claims path pointers §7), then which
 * credential set options are satisfiable and what is selected (§6.4.2).
 * See include/wallet/dcql.h "How matching works".
 */
#include <stdio.h>

#include "../core/buf.h"
#include "dcql_int.h"

/* ---- value matching (§6.3, §6.4.1) ------------------------------------------ */

int wl_dcql_value_matches(const cJSON *claim, const cJSON *values)
{
    for (const cJSON *v = values ? values->child : NULL; v; v = v->next) {
        if (cJSON_IsString(v)) {
            if (cJSON_IsString(claim) && !strcmp(claim->valuestring, v->valuestring))
                return 1;
        } else if (cJSON_IsBool(v)) {
            if (cJSON_IsBool(claim) && cJSON_IsTrue(claim) == cJSON_IsTrue(v))
                return 1;
        } else if (cJSON_IsNumber(v)) {
            /* "type and value ... match exactly": a number matches a number
             * of the same value (1 and 1.0 are one JSON number). */
            if (cJSON_IsNumber(claim) && claim->valuedouble == v->valuedouble)
                return 1;
        }
    }
    return 0;
}

/* ---- concrete paths ------------------------------------------------------------- */

/* One component of a concrete path: a member name or an array index. */
typedef struct wl_step {
    const char *key; /* NULL: index */
    size_t index;
} wl_step;

/* The disclosures collected for one (credential query, candidate) pair. */
typedef struct wl_collect {
    wallet_ctx *ctx;
    wallet_dcql_format format;
    wl_claim_out *out;
    size_t n, cap;
    wallet_err err; /* latched */
} wl_collect;

static int wl_name_ok(const char *s, wallet_dcql_format fmt)
{
    if (!*s)
        return 0;
    int digits = 1;
    for (const char *p = s; *p; p++) {
        if (*p == ',' || (fmt == WALLET_DCQL_FORMAT_SD_JWT ? *p == '.' : *p == '/'))
            return 0;
        digits &= *p >= '0' && *p <= '9';
    }
    /* An all-digit name would read as an array index in PATHS. */
    return !(digits && fmt == WALLET_DCQL_FORMAT_SD_JWT);
}

/* Record the concrete path steps[0..n) (once), with the intent of the
 * claims query that produced it. */
static void wl_emit(wl_collect *c, const wl_step *steps, size_t n, int intent)
{
    if (c->err)
        return;
    wl_buf j, t;
    wl_buf_init(&j, 0);
    wl_buf_init(&t, 0);
    int text_ok = 1;
    wl_buf_append_byte(&j, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) {
            wl_buf_append_byte(&j, ',');
            wl_buf_append_byte(&t, c->format == WALLET_DCQL_FORMAT_MDOC ? '/' : '.');
        }
        if (steps[i].key) {
            wl_json_append_string(&j, steps[i].key, strlen(steps[i].key));
            text_ok &= wl_name_ok(steps[i].key, c->format);
            wl_buf_append_str(&t, steps[i].key);
        } else {
            wl_buf_printf(&j, "%zu", steps[i].index);
            wl_buf_printf(&t, "%zu", steps[i].index);
        }
    }
    wl_buf_append_byte(&j, ']');
    if (j.failed || t.failed) {
        c->err = wl_buf_error(c->ctx, j.failed ? &j : &t, "DCQL claim path");
        wl_buf_free(&j);
        wl_buf_free(&t);
        return;
    }
    char *pj = (char *)wl_buf_take(&j, NULL);
    char *pt = (char *)wl_buf_take(&t, NULL);
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->out[i].path_json, pj)) {
            /* The same claim through two claims queries (§6.1: ignore the
             * duplicate); an intent to retain from either one counts. */
            if (intent > c->out[i].intent_to_retain)
                c->out[i].intent_to_retain = intent;
            free(pj);
            free(pt);
            return;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        wl_claim_out *o = realloc(c->out, cap * sizeof(*o));
        if (!o) {
            free(pj);
            free(pt);
            c->err = wl_err(c->ctx, WALLET_ERR_NOMEM, "out of memory");
            return;
        }
        c->out = o;
        c->cap = cap;
    }
    c->out[c->n].path_json = pj;
    if (!text_ok) {
        free(pt);
        pt = NULL;
    }
    c->out[c->n].text = pt;
    c->out[c->n].intent_to_retain = intent;
    c->n++;
}

/* ---- claims path processing over JSON (§7.1.1) ------------------------------ */

typedef struct wl_walk {
    const wl_dcql_claim *claim;
    wl_step steps[WALLET_DCQL_MAX_PATH];
    int aborted;       /* a component met a value of the wrong type */
    const cJSON **hit; /* selected leaves that passed the value filter */
    size_t n_hit, cap_hit;
    wl_step *hit_steps; /* n_hit * path_len steps */
    int oom;
} wl_walk;

static void wl_walk_leaf(wl_walk *w, const cJSON *node)
{
    if (w->claim->values && !wl_dcql_value_matches(node, w->claim->values))
        return; /* §6.4.1: treated as if it did not exist */
    if (w->n_hit == w->cap_hit) {
        size_t cap = w->cap_hit ? w->cap_hit * 2 : 4;
        const cJSON **h = realloc(w->hit, cap * sizeof(*h));
        wl_step *s = h ? realloc(w->hit_steps, cap * w->claim->path_len * sizeof(*s)) : NULL;
        if (h)
            w->hit = h;
        if (!h || !s) {
            w->oom = 1;
            return;
        }
        w->hit_steps = s;
        w->cap_hit = cap;
    }
    w->hit[w->n_hit] = node;
    memcpy(w->hit_steps + w->n_hit * w->claim->path_len, w->steps,
           w->claim->path_len * sizeof(wl_step));
    w->n_hit++;
}

/* Depth-first over the selection: visiting every element the breadth-first
 * definition selects, so "abort if any selected element has the wrong
 * type" is the same check. */
static void wl_walk_node(wl_walk *w, const cJSON *node, size_t depth)
{
    if (w->aborted || w->oom)
        return;
    if (depth == w->claim->path_len) {
        wl_walk_leaf(w, node);
        return;
    }
    const wl_path_elem *pe = &w->claim->path[depth];
    switch (pe->kind) {
    case WL_PATH_KEY: {
        if (!cJSON_IsObject(node)) {
            w->aborted = 1;
            return;
        }
        const cJSON *child = wl_json_get(node, pe->key);
        if (!child)
            return; /* removed from the selection */
        w->steps[depth].key = pe->key;
        wl_walk_node(w, child, depth + 1);
        return;
    }
    case WL_PATH_INDEX: {
        if (!cJSON_IsArray(node)) {
            w->aborted = 1;
            return;
        }
        size_t i = 0;
        const cJSON *child = node->child;
        while (child && i < pe->index) {
            child = child->next;
            i++;
        }
        if (!child)
            return;
        w->steps[depth].key = NULL;
        w->steps[depth].index = pe->index;
        wl_walk_node(w, child, depth + 1);
        return;
    }
    case WL_PATH_ALL: {
        if (!cJSON_IsArray(node)) {
            w->aborted = 1;
            return;
        }
        size_t i = 0;
        for (const cJSON *child = node->child; child && !w->aborted; child = child->next, i++) {
            w->steps[depth].key = NULL;
            w->steps[depth].index = i;
            wl_walk_node(w, child, depth + 1);
        }
        return;
    }
    }
}

/* Process one claims query over a candidate. Returns 1 when found (with
 * the concrete paths in *w), 0 when not, -1 on allocation failure. */
static int wl_claim_find(wl_walk *w, const wl_dcql_claim *cl, const wl_candidate *cand,
                         wallet_dcql_format fmt)
{
    memset(w, 0, sizeof(*w));
    w->claim = cl;
    if (fmt == WALLET_DCQL_FORMAT_MDOC) {
        /* §7.2.1: the namespace, then the data element, must exist. */
        const cJSON *ns = wl_json_get(cand->claims, cl->path[0].key);
        const cJSON *el = ns ? wl_json_get(ns, cl->path[1].key) : NULL;
        if (!el)
            return 0;
        w->steps[0].key = cl->path[0].key;
        w->steps[1].key = cl->path[1].key;
        wl_walk_leaf(w, el);
    } else {
        wl_walk_node(w, cand->claims, 0);
    }
    if (w->oom)
        return -1;
    /* §7.1.1 step 3: an empty selection is an error, i.e. not found. */
    return !w->aborted && w->n_hit > 0;
}

static void wl_walk_free(wl_walk *w)
{
    free(w->hit);
    free(w->hit_steps);
    memset(w, 0, sizeof(*w));
}

/* ---- one credential query against one candidate ------------------------------ */

static int wl_meta_ok(const wl_dcql_cred *q, const wl_candidate *c)
{
    if (q->format == WALLET_DCQL_FORMAT_OTHER || q->format != c->format)
        return 0;
    int type_ok = 0;
    for (size_t i = 0; i < q->n_types && !type_ok; i++)
        type_ok = !strcmp(q->types[i], c->type);
    if (!type_ok)
        return 0;
    if (q->holder_binding && !(c->flags & WALLET_DCQL_HOLDER_BINDING))
        return 0;
    if (q->n_tas) {
        /* §6.1.1: a match with one of the values of one of the types. */
        for (size_t t = 0; t < q->n_tas; t++)
            for (size_t v = 0; v < q->tas[t].n_values; v++)
                for (size_t a = 0; a < c->n_auth; a++)
                    if (!strcmp(c->auth[a].type, q->tas[t].type) &&
                        !strcmp(c->auth[a].value, q->tas[t].values[v]))
                        return 1;
        return 0;
    }
    return 1;
}

static void wl_match_clear(wl_match *m)
{
    for (size_t k = 0; k < m->n_claims; k++) {
        free(m->claims[k].path_json);
        free(m->claims[k].text);
    }
    free(m->claims);
    free(m->candidate);
    free(m->disclose);
    memset(m, 0, sizeof(*m));
}

/* Does candidate c satisfy query q? On a match fills *m (claims to
 * disclose) and returns 1; 0 when not; a wallet_err (negated) on failure. */
static int wl_match_one(wallet_ctx *ctx, const wl_dcql_cred *q, const wl_candidate *c,
                        wl_match *m, wallet_err *err)
{
    *err = WALLET_OK;
    memset(m, 0, sizeof(*m));
    m->claim_set = -1;
    if (!wl_meta_ok(q, c))
        return 0;

    /* Find every claims query once; claim sets pick among them. */
    int *found = q->n_claims ? wl_calloc(q->n_claims, sizeof(int)) : NULL;
    wl_walk *walks = q->n_claims ? wl_calloc(q->n_claims, sizeof(wl_walk)) : NULL;
    if (q->n_claims && (!found || !walks)) {
        free(found);
        free(walks);
        *err = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        return 0;
    }
    int ok = 1;
    for (size_t k = 0; k < q->n_claims; k++) {
        found[k] = wl_claim_find(&walks[k], &q->claims[k], c, q->format);
        if (found[k] < 0) {
            *err = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            ok = 0;
            break;
        }
    }
    /* Which claims to disclose: all of them, or the first satisfiable claim
     * set (§6.4.1: "the Wallet SHOULD return the first option it can
     * satisfy"); none without "claims". */
    int *use = NULL;
    if (ok && q->n_claims) {
        if (!(use = wl_calloc(q->n_claims, sizeof(int)))) {
            *err = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            ok = 0;
        } else if (!q->n_claim_sets) {
            for (size_t k = 0; k < q->n_claims; k++)
                ok &= (use[k] = found[k]) == 1;
        } else {
            ok = 0;
            for (size_t s = 0; s < q->n_claim_sets && !ok; s++) {
                int all = 1;
                for (size_t j = 0; j < q->claim_sets[s].n; j++)
                    all &= found[q->claim_sets[s].idx[j]] == 1;
                if (all) {
                    ok = 1;
                    m->claim_set = (int)s;
                    for (size_t j = 0; j < q->claim_sets[s].n; j++)
                        use[q->claim_sets[s].idx[j]] = 1;
                }
            }
        }
    }
    if (ok) {
        wl_collect col = {ctx, q->format, NULL, 0, 0, WALLET_OK};
        for (size_t k = 0; k < q->n_claims; k++) {
            if (!use[k])
                continue;
            for (size_t h = 0; h < walks[k].n_hit; h++)
                wl_emit(&col, walks[k].hit_steps + h * q->claims[k].path_len,
                        q->claims[k].path_len, q->claims[k].intent_to_retain);
        }
        m->claims = col.out;
        m->n_claims = col.n;
        if (col.err) {
            *err = col.err;
            ok = 0;
        }
    }
    /* The CLI form of the whole disclosure. */
    if (ok) {
        wl_buf d;
        wl_buf_init(&d, 0);
        int text_ok = 1;
        for (size_t k = 0; k < m->n_claims; k++) {
            text_ok &= m->claims[k].text != NULL;
            if (text_ok && ((k && !wl_buf_append_byte(&d, ',')) ||
                            !wl_buf_append_str(&d, m->claims[k].text)))
                break;
        }
        if (d.failed) {
            *err = wl_buf_error(ctx, &d, "DCQL disclosure");
            ok = 0;
        } else if (text_ok) {
            /* "" when there is nothing to disclose */
            m->disclose = (char *)wl_buf_take(&d, NULL);
            if (!m->disclose) {
                *err = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                ok = 0;
            }
        }
        wl_buf_free(&d);
    }
    if (ok && !(m->candidate = wl_strdup(c->id))) {
        *err = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        ok = 0;
    }
    for (size_t k = 0; k < q->n_claims; k++)
        wl_walk_free(&walks[k]);
    free(walks);
    free(found);
    free(use);
    if (!ok)
        wl_match_clear(m);
    return ok;
}

/* ---- the whole query ------------------------------------------------------------ */

void wallet_dcql_result_free(wallet_dcql_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_q; i++) {
        for (size_t j = 0; j < r->q[i].n; j++)
            wl_match_clear(&r->q[i].m[j]);
        free(r->q[i].m);
        free(r->q[i].id);
    }
    free(r->q);
    free(r->sets);
    free(r->formats);
    free(r->unsatisfied);
    free(r);
}

static wallet_err wl_select(wallet_ctx *ctx, wallet_dcql_result *r, const wallet_dcql *q)
{
    char why[160] = "";
    int sat = 1;
    if (!q->n_sets) {
        /* §6.4.2: without credential_sets every credential query is requested. */
        for (size_t i = 0; i < r->n_q && sat; i++)
            if (!r->q[i].n) {
                sat = 0;
                snprintf(why, sizeof(why),
                         "DCQL: no credential matches the credential query \"%.60s\"", r->q[i].id);
            }
        for (size_t i = 0; i < r->n_q && sat; i++)
            r->q[i].selected = r->q[i].multiple ? r->q[i].n : 1;
    } else {
        for (size_t s = 0; s < q->n_sets; s++) {
            const wl_dcql_set *set = &q->sets[s];
            r->sets[s].required = set->required;
            r->sets[s].option = -1;
            for (size_t o = 0; o < set->n_options && r->sets[s].option < 0; o++) {
                int all = 1;
                for (size_t k = 0; k < set->options[o].n; k++)
                    all &= r->q[set->options[o].idx[k]].n > 0;
                if (all)
                    r->sets[s].option = (int)o;
            }
            if (set->required && r->sets[s].option < 0 && sat) {
                sat = 0;
                snprintf(why, sizeof(why),
                         "DCQL: no option of the required credential set %zu can be satisfied", s);
            }
        }
        /* The chosen options of required and optional sets alike. */
        for (size_t s = 0; s < q->n_sets && sat; s++) {
            if (r->sets[s].option < 0)
                continue;
            const wl_idx_list *opt = &q->sets[s].options[r->sets[s].option];
            for (size_t k = 0; k < opt->n; k++) {
                wl_qresult *qr = &r->q[opt->idx[k]];
                qr->selected = qr->multiple ? qr->n : 1;
            }
        }
    }
    r->satisfied = sat;
    if (!sat && !(r->unsatisfied = wl_strdup(why)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

wallet_err wallet_dcql_match(wallet_ctx *ctx, wallet_dcql_result **out, const wallet_dcql *query,
                             const wallet_dcql_candidates *cands)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!query || !cands)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_dcql_result *r = wl_calloc(1, sizeof(*r));
    wallet_err e = WALLET_OK;
    if (!r || !(r->q = wl_calloc(query->n_creds, sizeof(*r->q))) ||
        !(r->formats = wl_calloc(query->n_creds, sizeof(*r->formats))) ||
        (query->n_sets && !(r->sets = wl_calloc(query->n_sets, sizeof(*r->sets))))) {
        wallet_dcql_result_free(r);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    r->n_q = query->n_creds;
    r->n_sets = query->n_sets;
    r->has_sets = query->n_sets > 0;
    for (size_t i = 0; i < query->n_creds && !e; i++) {
        const wl_dcql_cred *q = &query->creds[i];
        wl_qresult *qr = &r->q[i];
        r->formats[i] = q->format;
        qr->multiple = q->multiple;
        if (!(qr->id = wl_strdup(q->id))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            break;
        }
        if (cands->n && !(qr->m = wl_calloc(cands->n, sizeof(*qr->m)))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t c = 0; c < cands->n && !e; c++)
            if (wl_match_one(ctx, q, &cands->c[c], &qr->m[qr->n], &e))
                qr->n++;
    }
    if (!e)
        e = wl_select(ctx, r, query);
    if (e) {
        wallet_dcql_result_free(r);
        return e;
    }
    *out = r;
    return WALLET_OK;
}
