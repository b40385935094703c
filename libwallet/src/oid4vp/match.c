/*
 * Matching a request's DCQL query against the store: the credentials the
 * holder keeps become DCQL candidates and wallet_dcql_match() (the one DCQL
 * implementation, src/dcql/) decides. OpenID4VP 1.0 §6.4.
 */
#include "oid4vp_int.h"

struct wallet_oid4vp_match {
    wallet_dcql_result *result;
    cJSON *creds; /* store id -> {"format","type","display_name"} */
    size_t (*sel)[2]; /* the selection flattened: (query i, match j) */
    size_t n_sel;
};

void wallet_oid4vp_match_free(wallet_oid4vp_match *m)
{
    if (!m)
        return;
    wallet_dcql_result_free(m->result);
    cJSON_Delete(m->creds);
    free(m->sel);
    free(m);
}

static int64_t member_int(const cJSON *o, const char *name)
{
    int64_t v = 0;
    return wl_json_get_int(o, name, &v) ? 0 : v;
}

/* Is `entry` (one object of wallet_store_list()) a credential to offer? */
static int offerable(wallet_ctx *ctx, const cJSON *entry, wallet_dcql_format *fmt)
{
    const char *format = wl_json_get_string(entry, "format");
    if (!cJSON_IsTrue(wl_json_get(entry, "valid")) || !format || !wl_json_get_string(entry, "id"))
        return 0;
    if (!strcmp(format, "dc+sd-jwt"))
        *fmt = WALLET_DCQL_FORMAT_SD_JWT;
    else if (!strcmp(format, "mso_mdoc"))
        *fmt = WALLET_DCQL_FORMAT_MDOC;
    else
        return 0;
    int64_t now = wallet_ctx_now(ctx);
    int64_t from = member_int(entry, "valid_from"), until = member_int(entry, "valid_until");
    if ((from && now < from) || (until && now >= until))
        return 0;
    return 1;
}

/* Of the copies of one batch, keep one: the first unused, else the first
 * (store.h: copies exist so that presentations cannot be linked). */
static int skip_batch_copy(const cJSON *list, const cJSON *entry)
{
    const char *batch = wl_json_get_string(entry, "batch");
    if (!batch)
        return 0;
    const cJSON *chosen = NULL, *e;
    cJSON_ArrayForEach(e, list)
    {
        const char *b = wl_json_get_string(e, "batch");
        if (!b || strcmp(b, batch) || !cJSON_IsTrue(wl_json_get(e, "valid")))
            continue;
        if (!chosen || (cJSON_IsTrue(wl_json_get(chosen, "used")) &&
                        !cJSON_IsTrue(wl_json_get(e, "used"))))
            chosen = e;
    }
    return chosen != entry;
}

static wallet_err add_candidate(wallet_ctx *ctx, wallet_store *store,
                                wallet_dcql_candidates *set, cJSON *creds, const cJSON *entry,
                                wallet_dcql_format fmt)
{
    const char *id = wl_json_get_string(entry, "id");
    char *shown = NULL;
    wallet_err e = wallet_store_show(ctx, &shown, store, id);
    if (e)
        return e;
    cJSON *doc = NULL;
    e = wl_json_parse_object(ctx, &doc, shown, strlen(shown));
    free(shown);
    if (e)
        return e;
    const cJSON *claims = wl_json_get(doc, "claims");
    char *claims_json = cJSON_IsObject(claims) ? wl_json_print(claims) : NULL;
    if (claims_json) {
        unsigned flags = wl_json_get_string(entry, "holder_key") ? WALLET_DCQL_HOLDER_BINDING : 0;
        e = wallet_dcql_candidates_add(ctx, set, id, fmt, wl_json_get_string(entry, "type"),
                                       claims_json, strlen(claims_json), flags);
        free(claims_json);
        cJSON *info = e ? NULL : cJSON_CreateObject();
        const char *t = wl_json_get_string(entry, "type");
        const char *dn = wl_json_get_string(entry, "display_name");
        if (!e && (!info || !cJSON_AddItemToObject(creds, id, info) ||
                   !cJSON_AddStringToObject(info, "format", wl_json_get_string(entry, "format")) ||
                   (t && !cJSON_AddStringToObject(info, "type", t)) ||
                   (dn && !cJSON_AddStringToObject(info, "display_name", dn)))) {
            if (info && !cJSON_GetObjectItemCaseSensitive(creds, id))
                cJSON_Delete(info);
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
    }
    cJSON_Delete(doc);
    return e;
}

wallet_err wallet_oid4vp_match_store(wallet_ctx *ctx, wallet_oid4vp_match **out,
                                     const wallet_oid4vp_request *req, wallet_store *store)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !req || !store)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    char *list_json = NULL;
    wallet_err e = wallet_store_list(ctx, &list_json, store, NULL);
    if (e)
        return e;
    cJSON *list = NULL;
    e = wl_json_parse(ctx, &list, list_json, strlen(list_json));
    free(list_json);
    if (e)
        return e;
    wallet_dcql_candidates *set = NULL;
    wallet_oid4vp_match *m = wl_calloc(1, sizeof(*m));
    if (!m || !(m->creds = cJSON_CreateObject()))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e)
        e = wallet_dcql_candidates_new(ctx, &set);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, list)
    {
        wallet_dcql_format fmt = WALLET_DCQL_FORMAT_OTHER;
        if (e)
            break;
        if (!offerable(ctx, entry, &fmt) || skip_batch_copy(list, entry))
            continue;
        e = add_candidate(ctx, store, set, m->creds, entry, fmt);
    }
    if (!e)
        e = wallet_dcql_match(ctx, &m->result, req->dcql, set);
    if (!e && wallet_dcql_result_satisfied(m->result)) {
        size_t nq = wallet_dcql_result_query_count(m->result), total = 0;
        for (size_t i = 0; i < nq; i++)
            total += wallet_dcql_result_selected_count(m->result, i);
        if (total && !(m->sel = wl_calloc(total, sizeof(*m->sel))))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        for (size_t i = 0; !e && i < nq; i++)
            for (size_t j = 0; j < wallet_dcql_result_selected_count(m->result, i); j++) {
                m->sel[m->n_sel][0] = i;
                m->sel[m->n_sel][1] = j;
                m->n_sel++;
            }
    }
    wallet_dcql_candidates_free(set);
    cJSON_Delete(list);
    if (e) {
        wallet_oid4vp_match_free(m);
        return e;
    }
    *out = m;
    return WALLET_OK;
}

wallet_err wallet_oid4vp_match_check(wallet_ctx *ctx, const wallet_oid4vp_match *m)
{
    wl_enter(ctx);
    if (!m)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wallet_dcql_result_check(ctx, m->result);
}

const wallet_dcql_result *wallet_oid4vp_match_result(const wallet_oid4vp_match *m)
{
    return m ? m->result : NULL;
}

const cJSON *wl_oid4vp_match_info(const wallet_oid4vp_match *m, const char *id)
{
    return wl_json_get(m->creds, id);
}

wallet_err wallet_oid4vp_match_json(wallet_ctx *ctx, char **out, const wallet_oid4vp_match *m)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !m)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    const wallet_dcql_result *r = m->result;
    cJSON *arr = cJSON_CreateArray();
    int ok = arr != NULL;
    for (size_t i = 0; ok && wallet_dcql_result_satisfied(r) &&
                       i < wallet_dcql_result_query_count(r);
         i++) {
        for (size_t j = 0; ok && j < wallet_dcql_result_selected_count(r, i); j++) {
            const char *cid = wallet_dcql_result_match_candidate(r, i, j);
            const cJSON *info = wl_json_get(m->creds, cid);
            cJSON *o = cJSON_CreateObject();
            ok = o && cJSON_AddItemToArray(arr, o) &&
                 cJSON_AddStringToObject(o, "query", wallet_dcql_result_query_id(r, i)) &&
                 cJSON_AddStringToObject(o, "credential", cid);
            if (!ok) {
                if (o && !o->prev)
                    cJSON_Delete(o);
                break;
            }
            static const char *const keys[] = {"format", "type", "display_name"};
            for (size_t k = 0; ok && k < WL_ARRAY_LEN(keys); k++) {
                const char *v = wl_json_get_string(info, keys[k]);
                ok = !v || cJSON_AddStringToObject(o, keys[k], v);
            }
            cJSON *claims = ok ? cJSON_AddArrayToObject(o, "claims") : NULL;
            ok = ok && claims;
            for (size_t k = 0; ok && k < wallet_dcql_result_claim_count(r, i, j); k++) {
                const char *p = wallet_dcql_result_claim_path(r, i, j, k);
                cJSON *s = cJSON_CreateString(p ? p : wallet_dcql_result_claim_path_json(r, i, j, k));
                ok = s && cJSON_AddItemToArray(claims, s);
                if (!ok)
                    cJSON_Delete(s);
            }
        }
    }
    char *s = ok ? wl_json_print(arr) : NULL;
    cJSON_Delete(arr);
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = s;
    return WALLET_OK;
}

size_t wallet_oid4vp_match_count(const wallet_oid4vp_match *m)
{
    return m ? m->n_sel : 0;
}

const char *wallet_oid4vp_match_query(const wallet_oid4vp_match *m, size_t n)
{
    return m && n < m->n_sel ? wallet_dcql_result_query_id(m->result, m->sel[n][0]) : NULL;
}

const char *wallet_oid4vp_match_credential(const wallet_oid4vp_match *m, size_t n)
{
    return m && n < m->n_sel
               ? wallet_dcql_result_match_candidate(m->result, m->sel[n][0], m->sel[n][1])
               : NULL;
}

static const char *info_member(const wallet_oid4vp_match *m, size_t n, const char *name)
{
    const char *id = wallet_oid4vp_match_credential(m, n);
    return id ? wl_json_get_string(wl_json_get(m->creds, id), name) : NULL;
}

const char *wallet_oid4vp_match_format(const wallet_oid4vp_match *m, size_t n)
{
    return info_member(m, n, "format");
}

const char *wallet_oid4vp_match_display_name(const wallet_oid4vp_match *m, size_t n)
{
    return info_member(m, n, "display_name");
}

const char *wallet_oid4vp_match_claims(const wallet_oid4vp_match *m, size_t n)
{
    return m && n < m->n_sel ? wallet_dcql_result_disclose(m->result, m->sel[n][0], m->sel[n][1])
                             : NULL;
}
