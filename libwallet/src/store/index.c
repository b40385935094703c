/*
 * The claim-path index and DCQL-style matching (OpenID4VP 1.0 §6 "Digital
 * Credentials Query Language", §7 "Claims Path Pointer").
 *
 * Every node of a credential's verified claims — each object member and
 * each array element, recursively — is recorded as (path, JSON type,
 * value). A path is stored as the JSON text of its claims path pointer with
 * every array position replaced by null (§7.1: null selects all elements),
 * e.g. ["vaccinations",null,"date"]; paths are interned in `paths`. A value
 * is the canonical JSON of a scalar (strings as JSON string literals,
 * integers in decimal), "" for objects and arrays.
 *
 * Matching a query therefore needs one index lookup per requested path and
 * candidate, and decodes a document only when a requested path names a
 * specific array position (the index recorded it as null).
 */
#include <stdio.h>

#include "../core/json.h"
#include <math.h>

#include "store_int.h"

/* ---- building the index ---------------------------------------------------------------- */

/* Canonical text of a scalar JSON value (shared by the index and the query
 * side so that both compare equal). */
static int wl_canon_value(wl_buf *b, const cJSON *v)
{
    if (cJSON_IsString(v))
        return wl_json_append_string(b, v->valuestring, strlen(v->valuestring));
    if (cJSON_IsBool(v))
        return wl_buf_append_str(b, cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNull(v))
        return wl_buf_append_str(b, "null");
    if (cJSON_IsNumber(v)) {
        int64_t i;
        if (wl_json_is_int(v, &i))
            return wl_buf_printf(b, "%lld", (long long)i);
        /* A JSON number too large for a double reads as infinity; "%g"
         * would print "inf", which is not JSON (found by fuzz_store_index).
         * 1e999 is valid JSON that reads back as the same infinity. */
        if (isinf(v->valuedouble))
            return wl_buf_append_str(b, v->valuedouble > 0 ? "1e999" : "-1e999");
        return wl_buf_printf(b, "%.17g", v->valuedouble);
    }
    return 1; /* arrays and objects: "" */
}

static int wl_jtype(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return WL_JT_OBJECT;
    if (cJSON_IsArray(v))
        return WL_JT_ARRAY;
    if (cJSON_IsString(v))
        return WL_JT_STRING;
    if (cJSON_IsNumber(v))
        return WL_JT_NUMBER;
    if (cJSON_IsBool(v))
        return WL_JT_BOOL;
    return WL_JT_NULL;
}

void wl_index_free(wl_index *idx)
{
    for (size_t i = 0; i < idx->n; i++) {
        free(idx->e[i].path);
        free(idx->e[i].value);
    }
    free(idx->e);
    memset(idx, 0, sizeof(*idx));
}

static wallet_err wl_index_add(wallet_ctx *ctx, wl_index *idx, const wl_buf *path,
                               const cJSON *v)
{
    if (idx->n >= WL_STORE_MAX_NODES)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "claims have more than %d nodes",
                      WL_STORE_MAX_NODES);
    if (idx->n == idx->cap) {
        size_t cap = idx->cap ? idx->cap * 2 : 32;
        wl_index_entry *ne = realloc(idx->e, cap * sizeof(*ne));
        if (!ne)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        idx->e = ne;
        idx->cap = cap;
    }
    wl_buf val;
    wl_buf_init(&val, 0);
    wl_canon_value(&val, v);
    wl_buf_append_byte(&val, 0);
    char *p = wl_malloc(path->len + 2);
    if (val.failed || !p) {
        wl_buf_free(&val);
        free(p);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    memcpy(p, path->data, path->len);
    p[path->len] = ']';
    p[path->len + 1] = '\0';
    wl_index_entry *e = &idx->e[idx->n++];
    e->path = p;
    e->jtype = wl_jtype(v);
    e->value = (char *)wl_buf_take(&val, NULL);
    return WALLET_OK;
}

/* path holds "[comp,comp" (no closing bracket) for `node`'s children. */
static wallet_err wl_index_walk(wallet_ctx *ctx, wl_index *idx, wl_buf *path, const cJSON *node,
                                int depth)
{
    if (depth > 64)
        return wl_err(ctx, WALLET_ERR_TOO_DEEP, "claims nested too deeply");
    wallet_err e = WALLET_OK;
    const cJSON *c;
    cJSON_ArrayForEach(c, node)
    {
        size_t mark = path->len;
        if (path->len > 1)
            wl_buf_append_byte(path, ',');
        if (cJSON_IsObject(node))
            wl_json_append_string(path, c->string, strlen(c->string));
        else
            wl_buf_append_str(path, "null");
        if (path->failed)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        e = wl_index_add(ctx, idx, path, c);
        if (!e && (cJSON_IsObject(c) || cJSON_IsArray(c)))
            e = wl_index_walk(ctx, idx, path, c, depth + 1);
        path->len = mark;
        if (e)
            return e;
    }
    return WALLET_OK;
}

wallet_err wl_index_build(wallet_ctx *ctx, wl_index *idx, const char *claims_json, size_t len)
{
    memset(idx, 0, sizeof(*idx));
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, claims_json, len);
    if (e)
        return e;
    wl_buf path;
    wl_buf_init(&path, 0);
    wl_buf_append_byte(&path, '[');
    e = wl_index_walk(ctx, idx, &path, root, 0);
    wl_buf_free(&path);
    cJSON_Delete(root);
    if (e)
        wl_index_free(idx);
    return e;
}

wallet_err wl_index_store(wallet_ctx *ctx, sqlite3 *db, int64_t cred, const wl_index *idx)
{
    sqlite3_stmt *sel = NULL, *ins_path = NULL, *ins = NULL;
    wallet_err e = wl_sql_prepare(ctx, db, &sel, "SELECT id FROM paths WHERE path = ?1");
    if (!e)
        e = wl_sql_prepare(ctx, db, &ins_path, "INSERT INTO paths(path) VALUES (?1)");
    if (!e)
        e = wl_sql_prepare(ctx, db, &ins,
                           "INSERT OR IGNORE INTO claim_index(cred, path, jtype, value) "
                           "VALUES (?1, ?2, ?3, ?4)");
    for (size_t i = 0; !e && i < idx->n; i++) {
        const wl_index_entry *en = &idx->e[i];
        int64_t pid;
        sqlite3_reset(sel);
        sqlite3_bind_text(sel, 1, en->path, -1, SQLITE_STATIC);
        int rc = sqlite3_step(sel);
        if (rc == SQLITE_ROW) {
            pid = sqlite3_column_int64(sel, 0);
        } else if (rc == SQLITE_DONE) {
            sqlite3_reset(ins_path);
            sqlite3_bind_text(ins_path, 1, en->path, -1, SQLITE_STATIC);
            if ((e = wl_sql_step_done(ctx, db, ins_path, "indexing a claim path")))
                break;
            pid = sqlite3_last_insert_rowid(db);
        } else {
            e = wl_sql_err(ctx, db, rc, "indexing a claim path");
            break;
        }
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, cred);
        sqlite3_bind_int64(ins, 2, pid);
        sqlite3_bind_int(ins, 3, en->jtype);
        sqlite3_bind_text(ins, 4, en->value, -1, SQLITE_STATIC);
        e = wl_sql_step_done(ctx, db, ins, "indexing a claim");
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(ins_path);
    sqlite3_finalize(ins);
    return e;
}

/* ---- the query -------------------------------------------------------------------------- */

typedef struct wl_qclaim {
    const char *id;      /* NULL when absent */
    const cJSON *path;   /* the path array (owned by the query's root) */
    char *norm;          /* index form of the path */
    int has_index;       /* names a specific array position: confirm on the document */
    char **values;       /* canonical values; NULL: any */
    size_t n_values;
} wl_qclaim;

typedef struct wl_qcred {
    const char *id;
    const char *format;
    const char **types; /* vct_values / doctype_value; NULL: any */
    size_t n_types;
    wl_qclaim *claims;
    size_t n_claims;
    size_t **sets;      /* claim sets as indexes into claims */
    size_t *set_len;
    size_t n_sets;      /* 0: one set of all claims */
    int holder_binding;
} wl_qcred;

struct wl_query {
    cJSON *root;
    wl_qcred *creds;
    size_t n;
};

size_t wl_query_count(const wl_query *q)
{
    return q ? q->n : 0;
}

void wl_query_free(wl_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++) {
        wl_qcred *c = &q->creds[i];
        for (size_t j = 0; j < c->n_claims; j++) {
            free(c->claims[j].norm);
            for (size_t k = 0; k < c->claims[j].n_values; k++)
                free(c->claims[j].values[k]);
            free(c->claims[j].values);
        }
        for (size_t j = 0; j < c->n_sets; j++)
            free(c->sets[j]);
        free(c->sets);
        free(c->set_len);
        free(c->claims);
        free(c->types);
    }
    free(q->creds);
    cJSON_Delete(q->root);
    free(q);
}

/* DCQL identifiers: non-empty, alphanumeric, underscore or hyphen (§6.1). */
static int wl_dcql_id_ok(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static wallet_err wl_qerr(wallet_ctx *ctx, size_t i, const char *what)
{
    return wl_err(ctx, WALLET_ERR_JSON_TYPE, "query: credentials[%zu]: %s", i, what);
}

static wallet_err wl_query_claim(wallet_ctx *ctx, wl_qclaim *qc, const cJSON *o, size_t i)
{
    if (!cJSON_IsObject(o))
        return wl_qerr(ctx, i, "a claims entry is not an object");
    const cJSON *id = wl_json_get(o, "id");
    if (id) {
        if (!cJSON_IsString(id) || !wl_dcql_id_ok(id->valuestring))
            return wl_qerr(ctx, i, "a claim \"id\" is not a valid identifier");
        qc->id = id->valuestring;
    }
    const cJSON *path = wl_json_get(o, "path");
    if (!cJSON_IsArray(path) || cJSON_GetArraySize(path) == 0)
        return wl_qerr(ctx, i, "a claim \"path\" is not a non-empty array");
    qc->path = path;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_byte(&b, '[');
    const cJSON *c;
    int first = 1;
    cJSON_ArrayForEach(c, path)
    {
        if (!first)
            wl_buf_append_byte(&b, ',');
        first = 0;
        int64_t n;
        if (cJSON_IsString(c)) {
            wl_json_append_string(&b, c->valuestring, strlen(c->valuestring));
        } else if (cJSON_IsNull(c)) {
            wl_buf_append_str(&b, "null");
        } else if (wl_json_is_int(c, &n) && n >= 0) {
            wl_buf_append_str(&b, "null");
            qc->has_index = 1;
        } else {
            wl_buf_free(&b);
            return wl_qerr(ctx, i, "a path element is not a string, a non-negative integer or null");
        }
    }
    wl_buf_append_byte(&b, ']');
    wl_buf_append_byte(&b, 0);
    if (b.failed) {
        wl_buf_free(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    qc->norm = (char *)wl_buf_take(&b, NULL);
    const cJSON *values = wl_json_get(o, "values");
    if (values) {
        int nv = cJSON_GetArraySize(values);
        if (!cJSON_IsArray(values) || nv == 0)
            return wl_qerr(ctx, i, "\"values\" is not a non-empty array");
        qc->values = wl_calloc((size_t)nv, sizeof(char *));
        if (!qc->values)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        cJSON_ArrayForEach(c, values)
        {
            int64_t n;
            if (!cJSON_IsString(c) && !cJSON_IsBool(c) && !wl_json_is_int(c, &n))
                return wl_qerr(ctx, i, "a value is not a string, an integer or a boolean");
            wl_buf vb;
            wl_buf_init(&vb, 0);
            wl_canon_value(&vb, c);
            wl_buf_append_byte(&vb, 0);
            if (vb.failed) {
                wl_buf_free(&vb);
                return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            }
            qc->values[qc->n_values++] = (char *)wl_buf_take(&vb, NULL);
        }
    }
    return WALLET_OK;
}

static wallet_err wl_query_cred(wallet_ctx *ctx, wl_qcred *qc, const cJSON *o, size_t i)
{
    if (!cJSON_IsObject(o))
        return wl_qerr(ctx, i, "not an object");
    const char *id = wl_json_get_string(o, "id");
    if (!wl_dcql_id_ok(id))
        return wl_qerr(ctx, i, "\"id\" missing or not a valid identifier");
    qc->id = id;
    qc->format = wl_json_get_string(o, "format");
    if (!qc->format || !*qc->format)
        return wl_qerr(ctx, i, "\"format\" missing");
    const cJSON *multiple = wl_json_get(o, "multiple");
    if (multiple && !cJSON_IsBool(multiple))
        return wl_qerr(ctx, i, "\"multiple\" is not a boolean");
    const cJSON *hb = wl_json_get(o, "require_cryptographic_holder_binding");
    if (hb && !cJSON_IsBool(hb))
        return wl_qerr(ctx, i, "\"require_cryptographic_holder_binding\" is not a boolean");
    qc->holder_binding = !hb || cJSON_IsTrue(hb);
    const cJSON *ta = wl_json_get(o, "trusted_authorities");
    if (ta && (!cJSON_IsArray(ta) || cJSON_GetArraySize(ta) == 0))
        return wl_qerr(ctx, i, "\"trusted_authorities\" is not a non-empty array");

    /* meta (§6.1 REQUIRED): the type constraint. */
    const cJSON *meta = wl_json_get(o, "meta");
    if (!cJSON_IsObject(meta))
        return wl_qerr(ctx, i, "\"meta\" missing or not an object");
    const cJSON *vct = wl_json_get(meta, "vct_values");
    const cJSON *doctype = wl_json_get(meta, "doctype_value");
    if (vct && doctype)
        return wl_qerr(ctx, i, "\"meta\" has both vct_values and doctype_value");
    if (vct) {
        int n = cJSON_GetArraySize(vct);
        if (!cJSON_IsArray(vct) || n == 0)
            return wl_qerr(ctx, i, "\"vct_values\" is not a non-empty array");
        qc->types = wl_calloc((size_t)n, sizeof(char *));
        if (!qc->types)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        const cJSON *c;
        cJSON_ArrayForEach(c, vct)
        {
            if (!cJSON_IsString(c))
                return wl_qerr(ctx, i, "a vct value is not a string");
            qc->types[qc->n_types++] = c->valuestring;
        }
    } else if (doctype) {
        if (!cJSON_IsString(doctype))
            return wl_qerr(ctx, i, "\"doctype_value\" is not a string");
        qc->types = wl_calloc(1, sizeof(char *));
        if (!qc->types)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        qc->types[qc->n_types++] = doctype->valuestring;
    }

    const cJSON *claims = wl_json_get(o, "claims");
    if (claims) {
        int n = cJSON_GetArraySize(claims);
        if (!cJSON_IsArray(claims) || n == 0)
            return wl_qerr(ctx, i, "\"claims\" is not a non-empty array");
        qc->claims = wl_calloc((size_t)n, sizeof(wl_qclaim));
        if (!qc->claims)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        const cJSON *c;
        cJSON_ArrayForEach(c, claims)
        {
            wallet_err e = wl_query_claim(ctx, &qc->claims[qc->n_claims++], c, i);
            if (e)
                return e;
        }
        for (size_t a = 0; a < qc->n_claims; a++)
            for (size_t b = a + 1; b < qc->n_claims; b++)
                if (qc->claims[a].id && qc->claims[b].id &&
                    !strcmp(qc->claims[a].id, qc->claims[b].id))
                    return wl_qerr(ctx, i, "two claims have the same \"id\"");
    }
    const cJSON *sets = wl_json_get(o, "claim_sets");
    if (sets) {
        int n = cJSON_GetArraySize(sets);
        if (!cJSON_IsArray(sets) || n == 0)
            return wl_qerr(ctx, i, "\"claim_sets\" is not a non-empty array");
        if (!qc->n_claims)
            return wl_qerr(ctx, i, "\"claim_sets\" without \"claims\"");
        for (size_t a = 0; a < qc->n_claims; a++)
            if (!qc->claims[a].id)
                return wl_qerr(ctx, i, "with \"claim_sets\", every claim needs an \"id\"");
        qc->sets = wl_calloc((size_t)n, sizeof(size_t *));
        qc->set_len = wl_calloc((size_t)n, sizeof(size_t));
        if (!qc->sets || !qc->set_len)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        const cJSON *set;
        cJSON_ArrayForEach(set, sets)
        {
            int m = cJSON_GetArraySize(set);
            if (!cJSON_IsArray(set) || m == 0)
                return wl_qerr(ctx, i, "a claim set is not a non-empty array");
            size_t k = qc->n_sets++;
            qc->sets[k] = wl_calloc((size_t)m, sizeof(size_t));
            if (!qc->sets[k])
                return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            const cJSON *ref;
            cJSON_ArrayForEach(ref, set)
            {
                size_t a = 0;
                while (a < qc->n_claims && !(cJSON_IsString(ref) &&
                                             !strcmp(qc->claims[a].id, ref->valuestring)))
                    a++;
                if (a == qc->n_claims)
                    return wl_qerr(ctx, i, "a claim set names an unknown claim id");
                qc->sets[k][qc->set_len[k]++] = a;
            }
        }
    }
    return WALLET_OK;
}

wallet_err wl_query_parse(wallet_ctx *ctx, wl_query **out, const char *json, size_t len)
{
    *out = NULL;
    wl_query *q = wl_calloc(1, sizeof(*q));
    if (!q)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wl_json_parse_object(ctx, &q->root, json, len);
    if (e) {
        wl_err_prefix(ctx, "query");
        wl_query_free(q);
        return e;
    }
    const cJSON *creds = wl_json_get(q->root, "credentials");
    int n = cJSON_GetArraySize(creds);
    if (!cJSON_IsArray(creds) || n == 0) {
        wl_query_free(q);
        return wl_err(ctx, WALLET_ERR_JSON_TYPE,
                      "query: \"credentials\" missing or not a non-empty array");
    }
    const cJSON *csets = wl_json_get(q->root, "credential_sets");
    if (csets && (!cJSON_IsArray(csets) || cJSON_GetArraySize(csets) == 0)) {
        wl_query_free(q);
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "query: \"credential_sets\" is not a non-empty array");
    }
    q->creds = wl_calloc((size_t)n, sizeof(wl_qcred));
    if (!q->creds) {
        wl_query_free(q);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, creds)
    {
        e = wl_query_cred(ctx, &q->creds[q->n], c, q->n);
        q->n++;
        if (e)
            break;
        for (size_t j = 0; j + 1 < q->n; j++)
            if (!strcmp(q->creds[j].id, q->creds[q->n - 1].id)) {
                e = wl_err(ctx, WALLET_ERR_JSON_TYPE, "query: two credential queries have the id \"%s\"",
                           q->creds[q->n - 1].id);
                break;
            }
        if (e)
            break;
    }
    if (e) {
        wl_query_free(q);
        return e;
    }
    *out = q;
    return WALLET_OK;
}

/* ---- matching ---------------------------------------------------------------------------- */

typedef struct wl_hit {
    int64_t rowid;
    size_t set;
    char uid[WL_STORE_ID_LEN + 1];
    char *format, *type, *batch;
    int used;
    size_t unused_copies;
    int chosen;
} wl_hit;

typedef struct wl_hits {
    wl_hit *h;
    size_t n, cap;
} wl_hits;

static void wl_hits_free(wl_hits *hs)
{
    for (size_t i = 0; i < hs->n; i++) {
        free(hs->h[i].format);
        free(hs->h[i].type);
        free(hs->h[i].batch);
    }
    free(hs->h);
    memset(hs, 0, sizeof(*hs));
}

/* Does `node` (the value reached so far) satisfy path elements from i on,
 * ending on one of the values (if any)? Null selects every element. */
static int wl_path_match(const cJSON *node, const cJSON *elem, const wl_qclaim *qc)
{
    if (!elem) {
        if (!qc->n_values)
            return 1;
        wl_buf b;
        wl_buf_init(&b, 0);
        wl_canon_value(&b, node);
        wl_buf_append_byte(&b, 0);
        int ok = 0;
        for (size_t k = 0; !b.failed && k < qc->n_values && !ok; k++)
            ok = (cJSON_IsString(node) || cJSON_IsNumber(node) || cJSON_IsBool(node)) &&
                 !strcmp((const char *)b.data, qc->values[k]);
        wl_buf_free(&b);
        return ok;
    }
    int64_t n;
    if (cJSON_IsString(elem)) {
        const cJSON *c = cJSON_IsObject(node) ? wl_json_get(node, elem->valuestring) : NULL;
        return c && wl_path_match(c, elem->next, qc);
    }
    if (!cJSON_IsArray(node))
        return 0;
    if (cJSON_IsNull(elem)) {
        const cJSON *c;
        cJSON_ArrayForEach(c, node)
        if (wl_path_match(c, elem->next, qc))
            return 1;
        return 0;
    }
    if (wl_json_is_int(elem, &n) && n >= 0 && n < cJSON_GetArraySize(node))
        return wl_path_match(cJSON_GetArrayItem(node, (int)n), elem->next, qc);
    return 0;
}

/* Confirm claims naming array positions against the stored claims. */
static wallet_err wl_confirm(wallet_ctx *ctx, sqlite3 *db, int64_t rowid, const wl_qcred *qc,
                             const size_t *set, size_t set_len, int *ok)
{
    *ok = 1;
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, db, &st, "SELECT claims FROM documents WHERE cred = ?1");
    if (e)
        return e;
    sqlite3_bind_int64(st, 1, rowid);
    cJSON *claims = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
        e = wl_json_parse_object(ctx, &claims, wl_sql_text(st, 0),
                                 (size_t)sqlite3_column_bytes(st, 0));
    sqlite3_finalize(st);
    if (e)
        return e;
    for (size_t k = 0; k < set_len && *ok; k++) {
        const wl_qclaim *c = &qc->claims[set[k]];
        if (c->has_index)
            *ok = claims && wl_path_match(claims, c->path->child, c);
    }
    cJSON_Delete(claims);
    return WALLET_OK;
}

/* Candidates of one credential query for one claim set. */
static wallet_err wl_match_set(wallet_ctx *ctx, sqlite3 *db, const wl_qcred *qc,
                               const size_t *set, size_t set_len, size_t set_no, wl_hits *hits)
{
    /* Resolve paths to ids first: an unknown path means no candidate. */
    int64_t pids[64];
    if (set_len > WL_ARRAY_LEN(pids))
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "query: more than %zu claims in one set",
                      WL_ARRAY_LEN(pids));
    int need_confirm = 0;
    for (size_t k = 0; k < set_len; k++) {
        const wl_qclaim *c = &qc->claims[set[k]];
        wallet_err e = wl_sql_int(ctx, db, &pids[k], "SELECT id FROM paths WHERE path = ?1",
                                  c->norm);
        if (e == WALLET_ERR_NOT_FOUND)
            return WALLET_OK;
        if (e)
            return e;
        need_confirm |= c->has_index;
    }
    wl_buf sql;
    wl_buf_init(&sql, 0);
    wl_buf_append_str(&sql,
                      "SELECT c.id, c.uid, c.format, c.type, c.batch, c.used_at FROM credentials c "
                      "WHERE c.valid = 1 AND (c.valid_until = 0 OR c.valid_until + ?2 >= ?1) "
                      "AND (c.valid_from = 0 OR c.valid_from - ?2 <= ?1) AND c.format = ?3");
    int param = 4;
    if (qc->n_types) {
        wl_buf_append_str(&sql, " AND c.type IN (");
        for (size_t t = 0; t < qc->n_types; t++)
            wl_buf_printf(&sql, "%s?%d", t ? "," : "", param++);
        wl_buf_append_byte(&sql, ')');
    }
    if (qc->holder_binding)
        wl_buf_append_str(&sql, " AND c.holder_key IS NOT NULL");
    for (size_t k = 0; k < set_len; k++) {
        const wl_qclaim *c = &qc->claims[set[k]];
        wl_buf_printf(&sql, " AND EXISTS (SELECT 1 FROM claim_index i WHERE i.cred = c.id AND "
                            "i.path = ?%d",
                      param++);
        /* With a specific array position, values are checked on the
         * document (the index cannot tell which element holds them). */
        if (c->n_values && !c->has_index) {
            wl_buf_append_str(&sql, " AND i.value IN (");
            for (size_t v = 0; v < c->n_values; v++)
                wl_buf_printf(&sql, "%s?%d", v ? "," : "", param++);
            wl_buf_append_byte(&sql, ')');
        }
        wl_buf_append_byte(&sql, ')');
    }
    wl_buf_append_str(&sql, " ORDER BY c.id");
    wl_buf_append_byte(&sql, 0);
    if (sql.failed) {
        wl_buf_free(&sql);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, db, &st, (const char *)sql.data);
    wl_buf_free(&sql);
    if (e)
        return e;
    sqlite3_bind_int64(st, 1, wallet_ctx_now(ctx));
    sqlite3_bind_int64(st, 2, wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW));
    sqlite3_bind_text(st, 3, qc->format, -1, SQLITE_STATIC);
    param = 4;
    for (size_t t = 0; t < qc->n_types; t++)
        sqlite3_bind_text(st, param++, qc->types[t], -1, SQLITE_STATIC);
    for (size_t k = 0; k < set_len; k++) {
        const wl_qclaim *c = &qc->claims[set[k]];
        sqlite3_bind_int64(st, param++, pids[k]);
        if (c->n_values && !c->has_index)
            for (size_t v = 0; v < c->n_values; v++)
                sqlite3_bind_text(st, param++, c->values[v], -1, SQLITE_STATIC);
    }
    int rc;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rowid = sqlite3_column_int64(st, 0);
        if (need_confirm) {
            int ok = 0;
            if ((e = wl_confirm(ctx, db, rowid, qc, set, set_len, &ok)))
                break;
            if (!ok)
                continue;
        }
        if (hits->n == hits->cap) {
            size_t cap = hits->cap ? hits->cap * 2 : 16;
            wl_hit *nh = realloc(hits->h, cap * sizeof(*nh));
            if (!nh) {
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                break;
            }
            hits->h = nh;
            hits->cap = cap;
        }
        wl_hit *h = &hits->h[hits->n];
        memset(h, 0, sizeof(*h));
        h->rowid = rowid;
        h->set = set_no;
        snprintf(h->uid, sizeof(h->uid), "%s", wl_sql_text(st, 1) ? wl_sql_text(st, 1) : "");
        const char *f = wl_sql_text(st, 2), *t = wl_sql_text(st, 3), *b = wl_sql_text(st, 4);
        h->format = f ? wl_strdup(f) : NULL;
        h->type = t ? wl_strdup(t) : NULL;
        h->batch = b ? wl_strdup(b) : NULL;
        h->used = sqlite3_column_int64(st, 5) != 0;
        hits->n++;
        if ((f && !h->format) || (t && !h->type) || (b && !h->batch))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if (!e && rc != SQLITE_DONE && rc != SQLITE_ROW)
        e = wl_sql_err(ctx, db, rc, "matching");
    sqlite3_finalize(st);
    return e;
}

static int wl_hit_by_row(const void *a, const void *b)
{
    const wl_hit *x = a, *y = b;
    if (x->rowid != y->rowid)
        return x->rowid < y->rowid ? -1 : 1;
    return (x->set > y->set) - (x->set < y->set);
}

/* Batch copies grouped together, the preferred copy first: unused, the
 * best claim set, the oldest. */
static int wl_hit_by_batch(const void *a, const void *b)
{
    const wl_hit *x = a, *y = b;
    if (!x->batch != !y->batch)
        return x->batch ? -1 : 1;
    if (x->batch) {
        int c = strcmp(x->batch, y->batch);
        if (c)
            return c;
    }
    if (x->used != y->used)
        return x->used - y->used;
    if (x->set != y->set)
        return (x->set > y->set) - (x->set < y->set);
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static wallet_err wl_match_cred(wallet_ctx *ctx, sqlite3 *db, const wl_qcred *qc, wl_buf *out)
{
    wl_hits hits = {0};
    wallet_err e = WALLET_OK;
    size_t all[64];
    if (qc->n_sets == 0) {
        if (qc->n_claims > WL_ARRAY_LEN(all))
            return wl_err(ctx, WALLET_ERR_TOO_LARGE, "query: too many claims");
        for (size_t k = 0; k < qc->n_claims; k++)
            all[k] = k;
        e = wl_match_set(ctx, db, qc, all, qc->n_claims, 0, &hits);
    }
    for (size_t s = 0; !e && s < qc->n_sets; s++)
        e = wl_match_set(ctx, db, qc, qc->sets[s], qc->set_len[s], s, &hits);
    if (e) {
        wl_hits_free(&hits);
        return e;
    }
    /* One entry per credential (its first satisfied set). Each set's rows
     * come ordered by row id, so with one set there is nothing to merge,
     * and without batch copies nothing to group. */
    int any_batch = 0;
    for (size_t r = 0; r < hits.n; r++)
        any_batch |= hits.h[r].batch != NULL;
    if (hits.n && qc->n_sets <= 1 && !any_batch) {
        for (size_t r = 0; r < hits.n; r++) {
            hits.h[r].chosen = 1;
            hits.h[r].unused_copies = !hits.h[r].used;
        }
    } else if (hits.n) {
        qsort(hits.h, hits.n, sizeof(wl_hit), wl_hit_by_row);
        size_t w = 0;
        for (size_t r = 0; r < hits.n; r++) {
            if (w && hits.h[w - 1].rowid == hits.h[r].rowid) {
                free(hits.h[r].format);
                free(hits.h[r].type);
                free(hits.h[r].batch);
                continue;
            }
            hits.h[w++] = hits.h[r];
        }
        hits.n = w;
        /* One copy per batch. */
        qsort(hits.h, hits.n, sizeof(wl_hit), wl_hit_by_batch);
        for (size_t r = 0; r < hits.n;) {
            size_t end = r + 1;
            while (hits.h[r].batch && end < hits.n && hits.h[end].batch &&
                   !strcmp(hits.h[end].batch, hits.h[r].batch))
                end++;
            size_t unused = 0;
            for (size_t k = r; k < end; k++)
                unused += !hits.h[k].used;
            hits.h[r].chosen = 1;
            hits.h[r].unused_copies = unused;
            r = end;
        }
        qsort(hits.h, hits.n, sizeof(wl_hit), wl_hit_by_row);
    }
    wl_json_append_string(out, qc->id, strlen(qc->id));
    wl_buf_append_str(out, ":[");
    int first = 1;
    for (size_t r = 0; r < hits.n; r++) {
        const wl_hit *h = &hits.h[r];
        if (!h->chosen)
            continue;
        wl_buf_append_str(out, first ? "{" : ",{");
        first = 0;
        wl_json_member_str(out, "id", h->uid, 1);
        wl_json_member_str(out, "format", h->format, 0);
        wl_json_member_str(out, "type", h->type, 0);
        wl_json_member_int(out, "claim_set", (int64_t)h->set);
        wl_buf_append_str(out, h->used ? ",\"fresh\":false" : ",\"fresh\":true");
        wl_json_member_int(out, "unused_copies", (int64_t)h->unused_copies);
        wl_buf_append_byte(out, '}');
    }
    wl_buf_append_byte(out, ']');
    wl_hits_free(&hits);
    return WALLET_OK;
}

wallet_err wallet_store_match(wallet_ctx *ctx, char **json, wallet_store *store,
                              const char *query, size_t query_len)
{
    wl_enter(ctx);
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *json = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    if (!query)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL query");
    wl_query *q = NULL;
    if ((e = wl_query_parse(ctx, &q, query, query_len)))
        return e;
    wl_buf out;
    wl_buf_init(&out, 0);
    wl_buf_append_byte(&out, '{');
    for (size_t i = 0; !e && i < q->n; i++) {
        if (i)
            wl_buf_append_byte(&out, ',');
        e = wl_match_cred(ctx, store->db, &q->creds[i], &out);
    }
    wl_buf_append_byte(&out, '}');
    wl_query_free(q);
    if (!e && out.failed)
        e = wl_buf_error(ctx, &out, "match result");
    if (e) {
        wl_buf_free(&out);
        return e;
    }
    *json = (char *)wl_buf_take(&out, NULL);
    return WALLET_OK;
}
