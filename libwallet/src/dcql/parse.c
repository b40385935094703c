/*
 * DCQL query parsing and validation (OpenID4VP 1.0 §6, §7, and the
 * format-specific members of Appendix B: B.2.3 mso_mdoc, B.3.5 dc+sd-jwt).
 * The parsed query keeps its cJSON tree; every string of the structures
 * points into it. Error details name the member by its location in the
 * query ("credentials[1].claims[0].path[2]"), never a value.
 */
#include <math.h>
#include <stdio.h>

#include "dcql_int.h"

/* A location in the query, for error details. */
typedef struct wl_loc {
    char s[96];
} wl_loc;

/* base.member, base.member[index], or base[index] for an empty member. */
static wl_loc wl_at(const wl_loc *base, const char *member, long index)
{
    wl_loc l;
    const char *b = base ? base->s : "";
    const char *dot = *b && *member ? "." : "";
    int r = index >= 0 ? snprintf(l.s, sizeof(l.s), "%s%s%s[%ld]", b, dot, member, index)
                       : snprintf(l.s, sizeof(l.s), "%s%s%s", b, dot, member);
    if (r < 0 || (size_t)r >= sizeof(l.s))
        memcpy(l.s + sizeof(l.s) - 4, "...", 4); /* deep locations are cut */
    return l;
}

#define DERR(ctx, code, loc, ...) wl_dcql_err(ctx, code, loc, __VA_ARGS__)

static wallet_err wl_dcql_err(wallet_ctx *ctx, wallet_err code, const wl_loc *loc,
                              const char *what)
{
    return wl_err(ctx, code, "DCQL %s: %s", loc->s, what);
}

/* §6.1: "a non-empty string consisting of alphanumeric, underscore (_), or
 * hyphen (-) characters". */
static int wl_id_valid(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static wallet_err wl_get_id(wallet_ctx *ctx, const cJSON *obj, const wl_loc *loc, int required,
                            const char **out)
{
    *out = NULL;
    const cJSON *id = wl_json_get(obj, "id");
    wl_loc l = wl_at(loc, "id", -1);
    if (!id)
        return required ? DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "required member missing")
                        : WALLET_OK;
    if (!cJSON_IsString(id))
        return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "not a string");
    if (!wl_id_valid(id->valuestring))
        return DERR(ctx, WALLET_ERR_DCQL_ID, &l,
                    "must be a non-empty string of A-Z a-z 0-9 _ - characters");
    *out = id->valuestring;
    return WALLET_OK;
}

/* Optional boolean member with a default. */
static wallet_err wl_get_bool(wallet_ctx *ctx, const cJSON *obj, const char *name,
                              const wl_loc *loc, int def, int *out)
{
    const cJSON *v = wl_json_get(obj, name);
    *out = def;
    if (!v)
        return WALLET_OK;
    if (!cJSON_IsBool(v)) {
        wl_loc l = wl_at(loc, name, -1);
        return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "not a boolean");
    }
    *out = cJSON_IsTrue(v);
    return WALLET_OK;
}

/* A non-empty array member (absent: *out NULL). */
static wallet_err wl_get_array(wallet_ctx *ctx, const cJSON *obj, const char *name,
                               const wl_loc *loc, size_t max, const cJSON **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const cJSON *v = wl_json_get(obj, name);
    if (!v)
        return WALLET_OK;
    wl_loc l = wl_at(loc, name, -1);
    if (!cJSON_IsArray(v))
        return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "not an array");
    size_t count = (size_t)cJSON_GetArraySize(v);
    if (count == 0)
        return DERR(ctx, WALLET_ERR_DCQL_EMPTY, &l, "must be a non-empty array");
    if (count > max)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "DCQL %s: more than %zu entries", l.s, max);
    *out = v;
    *n = count;
    return WALLET_OK;
}

/* An array of strings (n entries already checked) into a fresh list. */
static wallet_err wl_strings(wallet_ctx *ctx, const cJSON *arr, const wl_loc *loc,
                             wallet_err type_err, const char ***out)
{
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    const char **list = wl_calloc(n, sizeof(*list));
    if (!list)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!cJSON_IsString(it)) {
            free(list);
            wl_loc l = wl_at(loc, "", (long)i);
            return DERR(ctx, type_err, &l, "not a string");
        }
        list[i] = it->valuestring;
    }
    *out = list;
    return WALLET_OK;
}

/* ---- claims path pointer (§7) ------------------------------------------------ */

static wallet_err wl_parse_path(wallet_ctx *ctx, wl_dcql_claim *cl, const cJSON *claim,
                                const wl_loc *loc, wallet_dcql_format fmt)
{
    const cJSON *path = wl_json_get(claim, "path");
    wl_loc pl = wl_at(loc, "path", -1);
    if (!path)
        return DERR(ctx, WALLET_ERR_DCQL_PATH, &pl, "required member missing");
    if (!cJSON_IsArray(path))
        return DERR(ctx, WALLET_ERR_DCQL_PATH, &pl, "not an array");
    size_t n = (size_t)cJSON_GetArraySize(path);
    if (n == 0)
        return DERR(ctx, WALLET_ERR_DCQL_PATH, &pl, "must be a non-empty array");
    if (n > WALLET_DCQL_MAX_PATH)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "DCQL %s: more than %d components", pl.s,
                      WALLET_DCQL_MAX_PATH);
    /* §7.2: an mdoc path is [namespace, data element identifier]. */
    if (fmt == WALLET_DCQL_FORMAT_MDOC &&
        (n != 2 || !cJSON_IsString(path->child) || !cJSON_IsString(path->child->next)))
        return DERR(ctx, WALLET_ERR_DCQL_PATH, &pl,
                    "an mso_mdoc path must be two strings [namespace, element]");
    cl->path = wl_calloc(n, sizeof(*cl->path));
    if (!cl->path)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    cl->path_len = n;
    size_t i = 0;
    for (const cJSON *c = path->child; c; c = c->next, i++) {
        int64_t v;
        if (cJSON_IsString(c)) {
            cl->path[i].kind = WL_PATH_KEY;
            cl->path[i].key = c->valuestring;
        } else if (cJSON_IsNull(c)) {
            cl->path[i].kind = WL_PATH_ALL;
        } else if (cJSON_IsNumber(c) && wl_json_is_int(c, &v) && v >= 0) {
            cl->path[i].kind = WL_PATH_INDEX;
            cl->path[i].index = (size_t)v;
        } else {
            wl_loc l = wl_at(loc, "path", (long)i);
            return DERR(ctx, WALLET_ERR_DCQL_PATH, &l,
                        "must be a string, null or a non-negative integer");
        }
    }
    if (!(cl->path_json = wl_json_print(path)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

/* §6.3: values are strings, integers or booleans. */
static wallet_err wl_parse_values(wallet_ctx *ctx, wl_dcql_claim *cl, const cJSON *claim,
                                  const wl_loc *loc)
{
    const cJSON *values = wl_json_get(claim, "values");
    size_t n;
    if (values && !cJSON_IsArray(values)) {
        wl_loc l = wl_at(loc, "values", -1);
        return DERR(ctx, WALLET_ERR_DCQL_VALUES, &l, "not an array");
    }
    wallet_err e = wl_get_array(ctx, claim, "values", loc, WALLET_DCQL_MAX_VALUES, &values, &n);
    if (e || !values)
        return e;
    size_t i = 0;
    for (const cJSON *v = values->child; v; v = v->next, i++) {
        if (cJSON_IsString(v) || cJSON_IsBool(v) || (cJSON_IsNumber(v) && wl_json_is_int(v, NULL)))
            continue;
        wl_loc l = wl_at(loc, "values", (long)i);
        return DERR(ctx, WALLET_ERR_DCQL_VALUES, &l, "must be a string, an integer or a boolean");
    }
    cl->values = values;
    if (!(cl->values_json = wl_json_print(values)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

/* ---- claims queries (§6.3) ------------------------------------------------- */

static wallet_err wl_parse_claims(wallet_ctx *ctx, wl_dcql_cred *cr, const cJSON *q,
                                  const wl_loc *loc)
{
    const cJSON *claims;
    size_t n;
    wallet_err e = wl_get_array(ctx, q, "claims", loc, WALLET_DCQL_MAX_CLAIMS, &claims, &n);
    if (e || !claims)
        return e;
    cr->has_claims = 1;
    cr->claims = wl_calloc(n, sizeof(*cr->claims));
    if (!cr->claims)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    cr->n_claims = n;
    size_t i = 0;
    for (const cJSON *c = claims->child; c; c = c->next, i++) {
        wl_loc l = wl_at(loc, "claims", (long)i);
        wl_dcql_claim *cl = &cr->claims[i];
        cl->intent_to_retain = -1;
        if (!cJSON_IsObject(c))
            return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "not an object");
        if ((e = wl_get_id(ctx, c, &l, 0, &cl->id)) ||
            (e = wl_parse_path(ctx, cl, c, &l, cr->format)) ||
            (e = wl_parse_values(ctx, cl, c, &l)))
            return e;
        /* Appendix B.2.4: intent_to_retain belongs to mdoc claims queries;
         * elsewhere it is an unknown member, ignored (§6). */
        if (cr->format == WALLET_DCQL_FORMAT_MDOC) {
            const cJSON *itr = wl_json_get(c, "intent_to_retain");
            if (itr && !cJSON_IsBool(itr)) {
                wl_loc il = wl_at(&l, "intent_to_retain", -1);
                return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &il, "not a boolean");
            }
            if (itr)
                cl->intent_to_retain = cJSON_IsTrue(itr);
        }
        for (size_t k = 0; cl->id && k < i; k++)
            if (cr->claims[k].id && !strcmp(cr->claims[k].id, cl->id)) {
                wl_loc il = wl_at(&l, "id", -1);
                return DERR(ctx, WALLET_ERR_DCQL_DUPLICATE_ID, &il,
                            "repeats the id of an earlier claim");
            }
    }
    return WALLET_OK;
}

/* A non-empty array of non-empty arrays of ids, resolved by `find` into
 * index lists (claim_sets and credential set options). */
typedef long (*wl_find_fn)(const void *where, const char *id);

static wallet_err wl_parse_id_lists(wallet_ctx *ctx, const cJSON *arr, const wl_loc *loc,
                                    wl_find_fn find, const void *where, wl_idx_list **out,
                                    size_t *n_out)
{
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    wl_idx_list *lists = wl_calloc(n, sizeof(*lists));
    if (!lists)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out = lists;
    *n_out = n;
    for (const cJSON *a = arr->child; a; a = a->next, i++) {
        wl_loc l = wl_at(loc, "", (long)i);
        if (!cJSON_IsArray(a))
            return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "not an array");
        size_t m = (size_t)cJSON_GetArraySize(a), j = 0;
        if (m == 0)
            return DERR(ctx, WALLET_ERR_DCQL_EMPTY, &l, "must be a non-empty array");
        if (m > WALLET_DCQL_MAX_VALUES)
            return wl_err(ctx, WALLET_ERR_TOO_LARGE, "DCQL %s: more than %d ids", l.s,
                          WALLET_DCQL_MAX_VALUES);
        if (!(lists[i].idx = wl_calloc(m, sizeof(size_t))))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        lists[i].n = m;
        for (const cJSON *id = a->child; id; id = id->next, j++) {
            wl_loc il = wl_at(&l, "", (long)j);
            if (!cJSON_IsString(id))
                return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &il, "not a string");
            long k = find(where, id->valuestring);
            if (k < 0)
                return DERR(ctx, WALLET_ERR_DCQL_UNKNOWN_ID, &il, "names an undefined id");
            lists[i].idx[j] = (size_t)k;
        }
    }
    return WALLET_OK;
}

static long wl_find_claim(const void *where, const char *id)
{
    const wl_dcql_cred *cr = where;
    for (size_t k = 0; k < cr->n_claims; k++)
        if (cr->claims[k].id && !strcmp(cr->claims[k].id, id))
            return (long)k;
    return -1;
}

static long wl_find_cred(const void *where, const char *id)
{
    const wallet_dcql *q = where;
    for (size_t k = 0; k < q->n_creds; k++)
        if (!strcmp(q->creds[k].id, id))
            return (long)k;
    return -1;
}

static wallet_err wl_parse_claim_sets(wallet_ctx *ctx, wl_dcql_cred *cr, const cJSON *q,
                                      const wl_loc *loc)
{
    const cJSON *sets;
    size_t n;
    wallet_err e = wl_get_array(ctx, q, "claim_sets", loc, WALLET_DCQL_MAX_SETS, &sets, &n);
    if (e == WALLET_ERR_DCQL_EMPTY && !cr->has_claims)
        e = wl_err(ctx, WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS,
                   "DCQL %s.claim_sets: claim_sets without claims", loc->s);
    if (e || !sets)
        return e;
    wl_loc l = wl_at(loc, "claim_sets", -1);
    /* §6.4.1: "claim_sets MUST NOT be present if claims is absent"; §6.3:
     * with claim_sets every claim has an id. */
    if (!cr->has_claims)
        return DERR(ctx, WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS, &l,
                    "claim_sets without claims");
    for (size_t k = 0; k < cr->n_claims; k++)
        if (!cr->claims[k].id) {
            wl_loc cl = wl_at(loc, "claims", (long)k);
            return DERR(ctx, WALLET_ERR_DCQL_CLAIM_ID_MISSING, &cl,
                        "claims need ids when claim_sets is present");
        }
    return wl_parse_id_lists(ctx, sets, &l, wl_find_claim, cr, &cr->claim_sets,
                             &cr->n_claim_sets);
}

/* ---- meta and trusted authorities ----------------------------------------- */

static wallet_err wl_parse_meta(wallet_ctx *ctx, wl_dcql_cred *cr, const cJSON *q,
                                const wl_loc *loc)
{
    const cJSON *meta = wl_json_get(q, "meta");
    wl_loc l = wl_at(loc, "meta", -1);
    if (!meta)
        return DERR(ctx, WALLET_ERR_DCQL_META, &l, "required member missing");
    if (!cJSON_IsObject(meta))
        return DERR(ctx, WALLET_ERR_DCQL_META, &l, "not an object");
    if (cr->format == WALLET_DCQL_FORMAT_SD_JWT) {
        /* Appendix B.3.5: vct_values, a non-empty array of strings. */
        const cJSON *vct = wl_json_get(meta, "vct_values");
        wl_loc vl = wl_at(&l, "vct_values", -1);
        if (!vct)
            return DERR(ctx, WALLET_ERR_DCQL_META, &vl, "required for dc+sd-jwt");
        if (!cJSON_IsArray(vct))
            return DERR(ctx, WALLET_ERR_DCQL_META, &vl, "not an array");
        size_t n;
        wallet_err e = wl_get_array(ctx, meta, "vct_values", &l, WALLET_DCQL_MAX_VALUES, &vct, &n);
        if (e)
            return e;
        e = wl_strings(ctx, vct, &vl, WALLET_ERR_DCQL_META, &cr->types);
        if (e)
            return e;
        cr->n_types = n;
    } else if (cr->format == WALLET_DCQL_FORMAT_MDOC) {
        /* Appendix B.2.3: doctype_value, a string. */
        const cJSON *dt = wl_json_get(meta, "doctype_value");
        wl_loc dl = wl_at(&l, "doctype_value", -1);
        if (!dt)
            return DERR(ctx, WALLET_ERR_DCQL_META, &dl, "required for mso_mdoc");
        if (!cJSON_IsString(dt))
            return DERR(ctx, WALLET_ERR_DCQL_META, &dl, "not a string");
        if (!(cr->types = wl_calloc(1, sizeof(*cr->types))))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        cr->types[0] = dt->valuestring;
        cr->n_types = 1;
    }
    return WALLET_OK;
}

static wallet_err wl_parse_tas(wallet_ctx *ctx, wl_dcql_cred *cr, const cJSON *q,
                               const wl_loc *loc)
{
    const cJSON *tas;
    size_t n;
    const cJSON *t0 = wl_json_get(q, "trusted_authorities");
    if (t0 && !cJSON_IsArray(t0)) {
        wl_loc l = wl_at(loc, "trusted_authorities", -1);
        return DERR(ctx, WALLET_ERR_DCQL_TRUSTED_AUTHORITY, &l, "not an array");
    }
    wallet_err e = wl_get_array(ctx, q, "trusted_authorities", loc, WALLET_DCQL_MAX_SETS, &tas, &n);
    if (e || !tas)
        return e;
    if (!(cr->tas = wl_calloc(n, sizeof(*cr->tas))))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    cr->n_tas = n;
    size_t i = 0;
    for (const cJSON *t = tas->child; t; t = t->next, i++) {
        wl_loc l = wl_at(loc, "trusted_authorities", (long)i);
        if (!cJSON_IsObject(t))
            return DERR(ctx, WALLET_ERR_DCQL_TRUSTED_AUTHORITY, &l, "not an object");
        const cJSON *type = wl_json_get(t, "type"), *values = wl_json_get(t, "values");
        if (!cJSON_IsString(type))
            return DERR(ctx, WALLET_ERR_DCQL_TRUSTED_AUTHORITY, &l, "needs a string \"type\"");
        if (!cJSON_IsArray(values))
            return DERR(ctx, WALLET_ERR_DCQL_TRUSTED_AUTHORITY, &l, "needs an array \"values\"");
        size_t m;
        e = wl_get_array(ctx, t, "values", &l, WALLET_DCQL_MAX_VALUES, &values, &m);
        if (e)
            return e;
        wl_loc vl = wl_at(&l, "values", -1);
        e = wl_strings(ctx, values, &vl, WALLET_ERR_DCQL_TRUSTED_AUTHORITY, &cr->tas[i].values);
        if (e)
            return e;
        cr->tas[i].type = type->valuestring;
        cr->tas[i].n_values = m;
    }
    return WALLET_OK;
}

/* ---- credential queries (§6.1) --------------------------------------------- */

static wallet_err wl_parse_cred(wallet_ctx *ctx, wl_dcql_cred *cr, const cJSON *q,
                                const wl_loc *loc)
{
    if (!cJSON_IsObject(q))
        return DERR(ctx, WALLET_ERR_DCQL_FORMAT, loc, "not an object");
    wallet_err e = wl_get_id(ctx, q, loc, 1, &cr->id);
    if (e)
        return e;
    const cJSON *fmt = wl_json_get(q, "format");
    wl_loc fl = wl_at(loc, "format", -1);
    if (!fmt)
        return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &fl, "required member missing");
    if (!cJSON_IsString(fmt))
        return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &fl, "not a string");
    cr->format_name = fmt->valuestring;
    cr->format = !strcmp(fmt->valuestring, "dc+sd-jwt")  ? WALLET_DCQL_FORMAT_SD_JWT
                 : !strcmp(fmt->valuestring, "mso_mdoc") ? WALLET_DCQL_FORMAT_MDOC
                                                         : WALLET_DCQL_FORMAT_OTHER;
    if ((e = wl_get_bool(ctx, q, "multiple", loc, 0, &cr->multiple)) ||
        (e = wl_get_bool(ctx, q, "require_cryptographic_holder_binding", loc, 1,
                         &cr->holder_binding)) ||
        (e = wl_parse_meta(ctx, cr, q, loc)) || (e = wl_parse_tas(ctx, cr, q, loc)) ||
        (e = wl_parse_claims(ctx, cr, q, loc)) || (e = wl_parse_claim_sets(ctx, cr, q, loc)))
        return e;
    return WALLET_OK;
}

/* ---- credential set queries (§6.2) ------------------------------------------ */

static wallet_err wl_parse_sets(wallet_ctx *ctx, wallet_dcql *dq)
{
    const cJSON *sets;
    size_t n;
    wallet_err e =
        wl_get_array(ctx, dq->root, "credential_sets", NULL, WALLET_DCQL_MAX_SETS, &sets, &n);
    if (e || !sets)
        return e;
    if (!(dq->sets = wl_calloc(n, sizeof(*dq->sets))))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    dq->n_sets = n;
    size_t i = 0;
    for (const cJSON *s = sets->child; s; s = s->next, i++) {
        wl_loc l = wl_at(NULL, "credential_sets", (long)i);
        wl_dcql_set *set = &dq->sets[i];
        if (!cJSON_IsObject(s))
            return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &l, "not an object");
        const cJSON *options;
        size_t m;
        if ((e = wl_get_array(ctx, s, "options", &l, WALLET_DCQL_MAX_SETS, &options, &m)))
            return e;
        if (!options) {
            wl_loc ol = wl_at(&l, "options", -1);
            return DERR(ctx, WALLET_ERR_DCQL_FORMAT, &ol, "required member missing");
        }
        wl_loc ol = wl_at(&l, "options", -1);
        if ((e = wl_parse_id_lists(ctx, options, &ol, wl_find_cred, dq, &set->options,
                                   &set->n_options)) ||
            (e = wl_get_bool(ctx, s, "required", &l, 1, &set->required)))
            return e;
        const cJSON *purpose = wl_json_get(s, "purpose");
        if (purpose && !(set->purpose_json = wl_json_print(purpose)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    return WALLET_OK;
}

/* ---- the query ---------------------------------------------------------------- */

void wallet_dcql_free(wallet_dcql *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n_creds; i++) {
        wl_dcql_cred *cr = &q->creds[i];
        for (size_t k = 0; k < cr->n_claims; k++) {
            free(cr->claims[k].path);
            free(cr->claims[k].path_json);
            free(cr->claims[k].values_json);
        }
        free(cr->claims);
        for (size_t k = 0; k < cr->n_claim_sets; k++)
            free(cr->claim_sets[k].idx);
        free(cr->claim_sets);
        for (size_t k = 0; k < cr->n_tas; k++)
            free(cr->tas[k].values);
        free(cr->tas);
        free(cr->types);
    }
    free(q->creds);
    for (size_t s = 0; s < q->n_sets; s++) {
        for (size_t k = 0; k < q->sets[s].n_options; k++)
            free(q->sets[s].options[k].idx);
        free(q->sets[s].options);
        free(q->sets[s].purpose_json);
    }
    free(q->sets);
    cJSON_Delete(q->root);
    free(q);
}

static wallet_err wl_dcql_build(wallet_ctx *ctx, wallet_dcql *dq)
{
    const cJSON *creds;
    size_t n;
    wl_loc top = {""};
    wallet_err e =
        wl_get_array(ctx, dq->root, "credentials", &top, WALLET_DCQL_MAX_CREDENTIALS, &creds, &n);
    if (e)
        return e;
    if (!creds)
        return wl_err(ctx, WALLET_ERR_DCQL_FORMAT, "DCQL: \"credentials\" is required");
    if (!(dq->creds = wl_calloc(n, sizeof(*dq->creds))))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    size_t i = 0;
    for (const cJSON *q = creds->child; q; q = q->next, i++) {
        wl_loc l = wl_at(NULL, "credentials", (long)i);
        dq->n_creds = i + 1; /* so that free() sees what was built */
        if ((e = wl_parse_cred(ctx, &dq->creds[i], q, &l)))
            return e;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(dq->creds[k].id, dq->creds[i].id)) {
                wl_loc il = wl_at(&l, "id", -1);
                return DERR(ctx, WALLET_ERR_DCQL_DUPLICATE_ID, &il,
                            "repeats the id of an earlier credential query");
            }
    }
    return wl_parse_sets(ctx, dq);
}

wallet_err wallet_dcql_parse(wallet_ctx *ctx, wallet_dcql **out, const char *json, size_t json_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, json_len, "DCQL query");
    if (e)
        return e;
    wallet_dcql *dq = wl_calloc(1, sizeof(*dq));
    if (!dq)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    e = wl_json_parse(ctx, &dq->root, json, json_len);
    if (e) {
        free(dq);
        return wl_err_prefix(ctx, "DCQL query");
    }
    if (!cJSON_IsObject(dq->root))
        e = wl_err(ctx, WALLET_ERR_DCQL_FORMAT, "DCQL: the query is not a JSON object");
    else
        e = wl_dcql_build(ctx, dq);
    if (e) {
        wallet_dcql_free(dq);
        return e;
    }
    *out = dq;
    return WALLET_OK;
}
