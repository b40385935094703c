/*
 * DCQL query accessors and the normalised JSON form. See
 * include/wallet/dcql.h.
 */
#include "../core/buf.h"
#include "dcql_int.h"

static const wl_dcql_cred *wl_cred(const wallet_dcql *q, size_t i)
{
    return q && i < q->n_creds ? &q->creds[i] : NULL;
}

static const wl_dcql_claim *wl_claim(const wallet_dcql *q, size_t i, size_t k)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c && k < c->n_claims ? &c->claims[k] : NULL;
}

size_t wallet_dcql_credential_count(const wallet_dcql *q)
{
    return q ? q->n_creds : 0;
}

const char *wallet_dcql_credential_id(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->id : NULL;
}

wallet_dcql_format wallet_dcql_credential_format(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->format : WALLET_DCQL_FORMAT_OTHER;
}

const char *wallet_dcql_credential_format_name(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->format_name : NULL;
}

int wallet_dcql_credential_multiple(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->multiple : -1;
}

int wallet_dcql_credential_holder_binding(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->holder_binding : -1;
}

size_t wallet_dcql_credential_type_count(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->n_types : 0;
}

const char *wallet_dcql_credential_type(const wallet_dcql *q, size_t i, size_t j)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c && j < c->n_types ? c->types[j] : NULL;
}

size_t wallet_dcql_claim_count(const wallet_dcql *q, size_t i)
{
    const wl_dcql_cred *c = wl_cred(q, i);
    return c ? c->n_claims : 0;
}

const char *wallet_dcql_claim_id(const wallet_dcql *q, size_t i, size_t k)
{
    const wl_dcql_claim *c = wl_claim(q, i, k);
    return c ? c->id : NULL;
}

const char *wallet_dcql_claim_path_json(const wallet_dcql *q, size_t i, size_t k)
{
    const wl_dcql_claim *c = wl_claim(q, i, k);
    return c ? c->path_json : NULL;
}

const char *wallet_dcql_claim_values_json(const wallet_dcql *q, size_t i, size_t k)
{
    const wl_dcql_claim *c = wl_claim(q, i, k);
    return c ? c->values_json : NULL;
}

int wallet_dcql_claim_intent_to_retain(const wallet_dcql *q, size_t i, size_t k)
{
    const wl_dcql_claim *c = wl_claim(q, i, k);
    return c ? c->intent_to_retain : -1;
}

size_t wallet_dcql_credential_set_count(const wallet_dcql *q)
{
    return q ? q->n_sets : 0;
}

int wallet_dcql_credential_set_required(const wallet_dcql *q, size_t s)
{
    return q && s < q->n_sets ? q->sets[s].required : -1;
}

const char *wallet_dcql_credential_set_purpose_json(const wallet_dcql *q, size_t s)
{
    return q && s < q->n_sets ? q->sets[s].purpose_json : NULL;
}

/* ---- normalised JSON ------------------------------------------------------------ */

static void wl_str(wl_buf *b, const char *s)
{
    wl_json_append_string(b, s, strlen(s));
}

static void wl_bool(wl_buf *b, const char *name, int v)
{
    wl_buf_printf(b, ",\"%s\":%s", name, v ? "true" : "false");
}

/* [[id, ...], ...] with ids looked up by `name`. */
static void wl_id_lists(wl_buf *b, const wl_idx_list *l, size_t n, const char *(*name)(const void *,
                                                                                      size_t),
                        const void *where)
{
    wl_buf_append_byte(b, '[');
    for (size_t i = 0; i < n; i++) {
        wl_buf_append_str(b, i ? ",[" : "[");
        for (size_t j = 0; j < l[i].n; j++) {
            if (j)
                wl_buf_append_byte(b, ',');
            wl_str(b, name(where, l[i].idx[j]));
        }
        wl_buf_append_byte(b, ']');
    }
    wl_buf_append_byte(b, ']');
}

static const char *wl_claim_name(const void *where, size_t k)
{
    return ((const wl_dcql_cred *)where)->claims[k].id;
}

static const char *wl_cred_name(const void *where, size_t k)
{
    return ((const wallet_dcql *)where)->creds[k].id;
}

static void wl_cred_json(wl_buf *b, const wl_dcql_cred *c)
{
    wl_buf_append_str(b, "{\"id\":");
    wl_str(b, c->id);
    wl_buf_append_str(b, ",\"format\":");
    wl_str(b, c->format_name);
    wl_bool(b, "multiple", c->multiple);
    wl_bool(b, "require_cryptographic_holder_binding", c->holder_binding);
    wl_buf_append_str(b, ",\"meta\":{");
    if (c->format == WALLET_DCQL_FORMAT_SD_JWT) {
        wl_buf_append_str(b, "\"vct_values\":[");
        for (size_t j = 0; j < c->n_types; j++) {
            if (j)
                wl_buf_append_byte(b, ',');
            wl_str(b, c->types[j]);
        }
        wl_buf_append_byte(b, ']');
    } else if (c->format == WALLET_DCQL_FORMAT_MDOC) {
        wl_buf_append_str(b, "\"doctype_value\":");
        wl_str(b, c->types[0]);
    }
    wl_buf_append_byte(b, '}');
    if (c->n_tas) {
        wl_buf_append_str(b, ",\"trusted_authorities\":[");
        for (size_t t = 0; t < c->n_tas; t++) {
            wl_buf_append_str(b, t ? ",{\"type\":" : "{\"type\":");
            wl_str(b, c->tas[t].type);
            wl_buf_append_str(b, ",\"values\":[");
            for (size_t v = 0; v < c->tas[t].n_values; v++) {
                if (v)
                    wl_buf_append_byte(b, ',');
                wl_str(b, c->tas[t].values[v]);
            }
            wl_buf_append_str(b, "]}");
        }
        wl_buf_append_byte(b, ']');
    }
    if (c->has_claims) {
        wl_buf_append_str(b, ",\"claims\":[");
        for (size_t k = 0; k < c->n_claims; k++) {
            const wl_dcql_claim *cl = &c->claims[k];
            wl_buf_append_str(b, k ? ",{" : "{");
            if (cl->id) {
                wl_buf_append_str(b, "\"id\":");
                wl_str(b, cl->id);
                wl_buf_append_byte(b, ',');
            }
            wl_buf_append_str(b, "\"path\":");
            wl_buf_append_str(b, cl->path_json);
            if (cl->values_json) {
                wl_buf_append_str(b, ",\"values\":");
                wl_buf_append_str(b, cl->values_json);
            }
            if (cl->intent_to_retain >= 0)
                wl_bool(b, "intent_to_retain", cl->intent_to_retain);
            wl_buf_append_byte(b, '}');
        }
        wl_buf_append_byte(b, ']');
    }
    if (c->n_claim_sets) {
        wl_buf_append_str(b, ",\"claim_sets\":");
        wl_id_lists(b, c->claim_sets, c->n_claim_sets, wl_claim_name, c);
    }
    wl_buf_append_byte(b, '}');
}

wallet_err wallet_dcql_to_json(wallet_ctx *ctx, char **out, const wallet_dcql *q)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!q)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL query");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_str(&b, "{\"credentials\":[");
    for (size_t i = 0; i < q->n_creds; i++) {
        if (i)
            wl_buf_append_byte(&b, ',');
        wl_cred_json(&b, &q->creds[i]);
    }
    wl_buf_append_byte(&b, ']');
    if (q->n_sets) {
        wl_buf_append_str(&b, ",\"credential_sets\":[");
        for (size_t s = 0; s < q->n_sets; s++) {
            wl_buf_append_str(&b, s ? ",{\"options\":" : "{\"options\":");
            wl_id_lists(&b, q->sets[s].options, q->sets[s].n_options, wl_cred_name, q);
            wl_bool(&b, "required", q->sets[s].required);
            if (q->sets[s].purpose_json) {
                wl_buf_append_str(&b, ",\"purpose\":");
                wl_buf_append_str(&b, q->sets[s].purpose_json);
            }
            wl_buf_append_byte(&b, '}');
        }
        wl_buf_append_byte(&b, ']');
    }
    wl_buf_append_byte(&b, '}');
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "DCQL query");
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}
