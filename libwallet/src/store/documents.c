/*
 * Documents: adding credentials (detected and verified by wallet_verify(),
 * whatever their format), listing metadata, showing one, deleting.
 *
 * Metadata lives in `credentials`; the credential as received and its
 * verified claims live in `documents`, so listing reads neither.
 */
#include <stdio.h>

#include "../core/json.h"
#include "store_int.h"
#include "wallet/qr.h"

/* ---- JSON helpers ------------------------------------------------------------------- */

void wl_json_member_str(wl_buf *b, const char *name, const char *v, int first)
{
    if (!first)
        wl_buf_append_byte(b, ',');
    wl_json_append_string(b, name, strlen(name));
    wl_buf_append_byte(b, ':');
    if (v)
        wl_json_append_string(b, v, strlen(v));
    else
        wl_buf_append_str(b, "null");
}

void wl_json_member_int(wl_buf *b, const char *name, int64_t v)
{
    /* Formatted by hand: this runs for every row of a list or a match. */
    char num[24];
    size_t i = sizeof(num);
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        num[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        num[--i] = '-';
    wl_buf_append_byte(b, ',');
    wl_json_append_string(b, name, strlen(name));
    wl_buf_append_byte(b, ':');
    wl_buf_append(b, num + i, sizeof(num) - i);
}

/* ---- preparing a credential -------------------------------------------------------------- */

void wl_cred_clear(wl_cred *c)
{
    free(c->raw);
    free(c->format);
    free(c->type);
    free(c->issuer);
    free(c->status_uri);
    free(c->display_name);
    free(c->claims);
    free(c->detail);
    free(c->batch);
    wl_index_free(&c->index);
    memset(c, 0, sizeof(*c));
}

static int wl_dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 1;
    *dst = wl_strdup(src);
    return *dst != NULL;
}

static int wl_looks_text(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == 0 || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t'))
            return 0;
    return wl_utf8_valid(p, n);
}

/* Detect, verify and prepare one credential (nothing is written). */
static wallet_err wl_cred_prepare(wallet_ctx *ctx, wl_cred *c, const wallet_trust *trust,
                                  const wallet_policy *policy, const uint8_t *input, size_t len,
                                  unsigned flags)
{
    memset(c, 0, sizeof(*c));
    if (!input)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL credential");
    wallet_err e = wl_check_input_size(ctx, len, "credential");
    if (e)
        return e;
    /* A QR code image: store what it carries, not the picture. */
    static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    uint8_t *qr = NULL;
    size_t qr_len = 0;
    if (len >= 8 && memcmp(input, png_magic, 8) == 0) {
        if ((e = wallet_qr_decode_png(ctx, &qr, &qr_len, input, len)))
            return e;
        input = qr;
        len = qr_len;
    }
    /* Text is stored without surrounding whitespace (as wallet_verify()
     * reads it). */
    if (wl_looks_text(input, len)) {
        while (len && strchr(" \t\r\n", input[0])) {
            input++;
            len--;
        }
        while (len && strchr(" \t\r\n", input[len - 1]))
            len--;
    }
    if (len == 0) {
        wallet_free(qr);
        return wl_err(ctx, WALLET_ERR_UNKNOWN_FORMAT, "empty credential");
    }
    wallet_result *r = NULL;
    wallet_err ve = wallet_verify(ctx, &r, trust, policy, input, len);
    if (!r || (ve && !(flags & WALLET_STORE_KEEP_INVALID))) {
        wallet_result_free(r);
        wallet_free(qr);
        return ve;
    }
    c->raw = wl_memdup(input, len);
    c->raw_len = len;
    wallet_free(qr);
    c->valid = ve == WALLET_OK;
    c->error = ve;
    int ok = c->raw && wl_dup_opt(&c->format, wallet_result_format(r));
    if (c->valid) {
        ok = ok && wl_dup_opt(&c->type, wallet_result_type(r)) &&
             wl_dup_opt(&c->issuer, wallet_result_issuer(r)) &&
             wl_dup_opt(&c->status_uri, wallet_result_status_uri(r)) &&
             wl_dup_opt(&c->claims, wallet_result_claims_json(r));
        c->iat = wallet_result_issued_at(r);
        c->nbf = wallet_result_valid_from(r);
        c->exp = wallet_result_valid_until(r);
        c->status_idx = wallet_result_status_index(r);
    } else {
        ok = ok && wl_dup_opt(&c->detail, wallet_result_detail(r));
        c->status_idx = -1;
    }
    const wallet_key *hk = wallet_result_holder_key(r);
    if (ok && hk && !e) {
        e = wallet_key_thumbprint(ctx, c->jkt, hk);
        c->has_jkt = e == WALLET_OK;
    }
    wallet_result_free(r);
    if (!ok && !e)
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e)
        e = wl_hash(ctx, WL_SHA256, c->raw, c->raw_len, c->digest);
    if (!e && c->claims)
        e = wl_index_build(ctx, &c->index, c->claims, strlen(c->claims));
    if (!e)
        e = wl_store_new_id(ctx, c->uid);
    if (e) {
        wl_cred_clear(c);
        return e;
    }
    /* The verification's failure stays in the record; the call itself
     * succeeds, so clear the context's error. */
    wl_enter(ctx);
    return WALLET_OK;
}

/* ---- writing ------------------------------------------------------------------------------ */

wallet_err wl_cred_insert(wallet_ctx *ctx, sqlite3 *db, const wl_cred *c)
{
    int64_t dup = 0;
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, db, &st, "SELECT 1 FROM credentials WHERE digest = ?1");
    if (e)
        return e;
    wl_sql_bind_blob(st, 1, c->digest, sizeof(c->digest));
    dup = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (dup)
        return wl_err(ctx, WALLET_ERR_STORE_DUPLICATE, "this credential is stored already");
    /* The holder key: named explicitly (restore) or found by thumbprint. */
    int64_t key_row = 0;
    if (c->key_uid[0]) {
        e = wl_sql_int(ctx, db, &key_row, "SELECT id FROM holder_keys WHERE uid = ?1", c->key_uid);
        if (e == WALLET_ERR_NOT_FOUND)
            e = wl_err(ctx, WALLET_ERR_NOT_FOUND, "the credential's holder key is not stored");
        if (e)
            return e;
    } else if (c->has_jkt) {
        if ((e = wl_sql_prepare(ctx, db, &st,
                                "SELECT id FROM holder_keys WHERE jkt = ?1 ORDER BY id LIMIT 1")))
            return e;
        wl_sql_bind_blob(st, 1, c->jkt, sizeof(c->jkt));
        if (sqlite3_step(st) == SQLITE_ROW)
            key_row = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    e = wl_sql_prepare(ctx, db, &st,
                       "INSERT INTO credentials(uid, digest, format, type, issuer, issued_at, "
                       "valid_from, valid_until, status_uri, status_idx, display_name, valid, "
                       "error, added_at, holder_key, holder_jkt, batch, used_at) VALUES "
                       "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)");
    if (e)
        return e;
    wl_sql_bind_text(st, 1, c->uid);
    wl_sql_bind_blob(st, 2, c->digest, sizeof(c->digest));
    wl_sql_bind_text(st, 3, c->format);
    wl_sql_bind_text(st, 4, c->type);
    wl_sql_bind_text(st, 5, c->issuer);
    sqlite3_bind_int64(st, 6, c->iat);
    sqlite3_bind_int64(st, 7, c->nbf);
    sqlite3_bind_int64(st, 8, c->exp);
    wl_sql_bind_text(st, 9, c->status_uri);
    if (c->status_uri)
        sqlite3_bind_int64(st, 10, c->status_idx);
    wl_sql_bind_text(st, 11, c->display_name);
    sqlite3_bind_int(st, 12, c->valid);
    sqlite3_bind_int(st, 13, (int)c->error);
    sqlite3_bind_int64(st, 14, c->added_at);
    if (key_row)
        sqlite3_bind_int64(st, 15, key_row);
    if (c->has_jkt)
        wl_sql_bind_blob(st, 16, c->jkt, sizeof(c->jkt));
    wl_sql_bind_text(st, 17, c->batch);
    sqlite3_bind_int64(st, 18, c->used_at);
    e = wl_sql_step_done(ctx, db, st, "storing the credential");
    sqlite3_finalize(st);
    if (e)
        return e;
    int64_t row = sqlite3_last_insert_rowid(db);
    if ((e = wl_sql_prepare(ctx, db, &st,
                            "INSERT INTO documents(cred, raw, claims, detail) VALUES (?1,?2,?3,?4)")))
        return e;
    sqlite3_bind_int64(st, 1, row);
    wl_sql_bind_blob(st, 2, c->raw, c->raw_len);
    wl_sql_bind_text(st, 3, c->claims);
    wl_sql_bind_text(st, 4, c->detail);
    e = wl_sql_step_done(ctx, db, st, "storing the credential");
    sqlite3_finalize(st);
    if (!e)
        e = wl_index_store(ctx, db, row, &c->index);
    return e;
}

/* Add prepared credentials in one transaction. */
static wallet_err wl_cred_insert_all(wallet_ctx *ctx, wallet_store *s, wl_cred *cs, size_t n)
{
    wallet_err e = wl_sql_begin(ctx, s->db);
    if (e)
        return e;
    for (size_t i = 0; i < n && !e; i++)
        e = wl_cred_insert(ctx, s->db, &cs[i]);
    if (!e)
        e = wl_sql_commit(ctx, s->db);
    if (e)
        wl_sql_rollback(s->db);
    return e;
}

wallet_err wallet_store_add(wallet_ctx *ctx, char **id, wallet_store *store,
                            const wallet_trust *trust, const wallet_policy *policy,
                            const uint8_t *input, size_t input_len, unsigned flags)
{
    wl_enter(ctx);
    if (!id)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *id = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (!e)
        e = wl_store_check_flags(ctx, flags, WALLET_STORE_KEEP_INVALID);
    if (!e && !trust)
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL trust set");
    if (e)
        return e;
    wl_cred c;
    if ((e = wl_cred_prepare(ctx, &c, trust, policy, input, input_len, flags)))
        return e;
    c.added_at = wallet_ctx_now(ctx);
    e = wl_cred_insert_all(ctx, store, &c, 1);
    if (!e && !(*id = wl_strdup(c.uid)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_cred_clear(&c);
    return e;
}

wallet_err wallet_store_add_batch(wallet_ctx *ctx, char **ids, wallet_store *store,
                                  const wallet_trust *trust, const wallet_policy *policy,
                                  const uint8_t *const *inputs, const size_t *input_lens,
                                  size_t count, unsigned flags)
{
    wl_enter(ctx);
    if (!ids)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *ids = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (!e)
        e = wl_store_check_flags(ctx, flags, WALLET_STORE_KEEP_INVALID | WALLET_STORE_SEPARATE);
    if (!e && (!trust || !inputs || !input_lens))
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!e && (count == 0 || count > WL_STORE_BATCH_MAX))
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "a batch has 1 to %d copies", WL_STORE_BATCH_MAX);
    if (e)
        return e;
    wl_cred *cs = wl_calloc(count, sizeof(wl_cred));
    if (!cs)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    char batch[WL_STORE_ID_LEN + 1];
    int64_t now = wallet_ctx_now(ctx);
    e = wl_store_new_id(ctx, batch);
    size_t done = 0;
    for (; !e && done < count; done++) {
        e = wl_cred_prepare(ctx, &cs[done], trust, policy, inputs[done], input_lens[done],
                            flags & WALLET_STORE_KEEP_INVALID);
        if (e) {
            char what[48];
            snprintf(what, sizeof(what), "batch copy %zu", done);
            wl_err_prefix(ctx, what);
            break;
        }
        cs[done].added_at = now;
        if (!(flags & WALLET_STORE_SEPARATE) && !(cs[done].batch = wl_strdup(batch)))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    /* The same bytes twice in one batch would fail on the second insert. */
    for (size_t i = 0; !e && i < count; i++)
        for (size_t j = 0; j < i; j++)
            if (!memcmp(cs[i].digest, cs[j].digest, 32)) {
                e = wl_err(ctx, WALLET_ERR_STORE_DUPLICATE, "batch copies %zu and %zu are identical",
                           j, i);
                break;
            }
    if (!e)
        e = wl_cred_insert_all(ctx, store, cs, count);
    wl_buf out;
    wl_buf_init(&out, 0);
    if (!e) {
        wl_buf_append_byte(&out, '[');
        for (size_t i = 0; i < count; i++) {
            if (i)
                wl_buf_append_byte(&out, ',');
            wl_json_append_string(&out, cs[i].uid, strlen(cs[i].uid));
        }
        wl_buf_append_byte(&out, ']');
        if (out.failed)
            e = wl_buf_error(ctx, &out, "batch identifiers");
        else
            *ids = (char *)wl_buf_take(&out, NULL);
    }
    wl_buf_free(&out);
    for (size_t i = 0; i < count; i++)
        wl_cred_clear(&cs[i]);
    free(cs);
    return e;
}

/* ---- reading ------------------------------------------------------------------------------- */

wallet_err wl_cred_rowid(wallet_ctx *ctx, wallet_store *s, const char *uid, int64_t *rowid)
{
    *rowid = 0;
    if (!uid)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL credential id");
    wallet_err e = wl_sql_int(ctx, s->db, rowid, "SELECT id FROM credentials WHERE uid = ?1", uid);
    if (e == WALLET_ERR_NOT_FOUND)
        return wl_err(ctx, WALLET_ERR_NOT_FOUND, "no credential with this id");
    return e;
}

/* The metadata columns, in the order wl_meta_json() reads them. */
#define WL_META_COLUMNS                                                                    \
    "c.uid, c.format, c.type, c.issuer, c.display_name, c.issued_at, c.valid_from, "        \
    "c.valid_until, c.status_uri, c.status_idx, c.valid, c.error, c.added_at, c.batch, "    \
    "c.used_at, k.uid"
#define WL_META_FROM " FROM credentials c LEFT JOIN holder_keys k ON k.id = c.holder_key"

/* Append the members of one metadata row (no braces). */
static void wl_meta_json(wl_buf *b, sqlite3_stmt *st)
{
    const char *type = wl_sql_text(st, 2), *issuer = wl_sql_text(st, 3);
    const char *format = wl_sql_text(st, 1), *name = wl_sql_text(st, 4);
    wl_json_member_str(b, "id", wl_sql_text(st, 0), 1);
    wl_json_member_str(b, "format", format, 0);
    wl_json_member_str(b, "type", type, 0);
    wl_json_member_str(b, "issuer", issuer, 0);
    /* Default display name: the type, else the issuer, else the format. */
    wl_json_member_str(b, "display_name",
                       name ? name : type ? type : issuer ? issuer : format ? format : "credential",
                       0);
    wl_json_member_int(b, "issued_at", sqlite3_column_int64(st, 5));
    wl_json_member_int(b, "valid_from", sqlite3_column_int64(st, 6));
    wl_json_member_int(b, "valid_until", sqlite3_column_int64(st, 7));
    const char *suri = wl_sql_text(st, 8);
    if (suri) {
        wl_buf_append_str(b, ",\"status\":{");
        wl_json_member_str(b, "uri", suri, 1);
        wl_json_member_int(b, "idx", sqlite3_column_int64(st, 9));
        wl_buf_append_byte(b, '}');
    } else {
        wl_buf_append_str(b, ",\"status\":null");
    }
    int valid = sqlite3_column_int(st, 10);
    wl_buf_append_str(b, valid ? ",\"valid\":true" : ",\"valid\":false");
    if (!valid)
        wl_json_member_str(b, "error", wallet_err_str((wallet_err)sqlite3_column_int(st, 11)), 0);
    wl_json_member_int(b, "added_at", sqlite3_column_int64(st, 12));
    wl_json_member_str(b, "batch", wl_sql_text(st, 13), 0);
    wl_buf_append_str(b, sqlite3_column_int64(st, 14) ? ",\"used\":true" : ",\"used\":false");
    wl_json_member_str(b, "holder_key", wl_sql_text(st, 15), 0);
}

wallet_err wallet_store_list(wallet_ctx *ctx, char **json, wallet_store *store, const char *type)
{
    wl_enter(ctx);
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *json = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    sqlite3_stmt *st = NULL;
    e = wl_sql_prepare(ctx, store->db, &st,
                       type ? "SELECT " WL_META_COLUMNS WL_META_FROM " WHERE c.type = ?1 ORDER BY c.id"
                            : "SELECT " WL_META_COLUMNS WL_META_FROM " ORDER BY c.id");
    if (e)
        return e;
    if (type)
        wl_sql_bind_text(st, 1, type);
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_byte(&b, '[');
    int rc, first = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        wl_buf_append_str(&b, first ? "{" : ",{");
        first = 0;
        wl_meta_json(&b, st);
        wl_buf_append_byte(&b, '}');
    }
    wl_buf_append_byte(&b, ']');
    if (rc != SQLITE_DONE)
        e = wl_sql_err(ctx, store->db, rc, "listing");
    sqlite3_finalize(st);
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "list");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *json = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

wallet_err wallet_store_show(wallet_ctx *ctx, char **json, wallet_store *store, const char *id)
{
    wl_enter(ctx);
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *json = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    if (!id)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL credential id");
    sqlite3_stmt *st = NULL;
    e = wl_sql_prepare(ctx, store->db, &st,
                       "SELECT " WL_META_COLUMNS ", d.claims, d.detail, d.raw" WL_META_FROM
                       " JOIN documents d ON d.cred = c.id WHERE c.uid = ?1");
    if (e)
        return e;
    wl_sql_bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        e = rc == SQLITE_DONE ? wl_err(ctx, WALLET_ERR_NOT_FOUND, "no credential with this id")
                              : wl_sql_err(ctx, store->db, rc, "reading the credential");
        sqlite3_finalize(st);
        return e;
    }
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_byte(&b, '{');
    wl_meta_json(&b, st);
    const char *claims = wl_sql_text(st, 16);
    wl_buf_append_str(&b, ",\"claims\":");
    wl_buf_append_str(&b, claims ? claims : "null");
    if (!sqlite3_column_int(st, 10))
        wl_json_member_str(&b, "detail", wl_sql_text(st, 17), 0);
    const uint8_t *raw = sqlite3_column_blob(st, 18);
    size_t raw_len = (size_t)sqlite3_column_bytes(st, 18);
    wl_buf_append_str(&b, ",\"credential\":");
    if (raw && wl_looks_text(raw, raw_len)) {
        wl_json_append_string(&b, (const char *)raw, raw_len);
    } else {
        wl_buf_append_byte(&b, '"');
        wl_buf_append_b64url(&b, raw, raw_len);
        wl_buf_append_byte(&b, '"');
    }
    wl_buf_append_byte(&b, '}');
    sqlite3_finalize(st);
    if (b.failed) {
        e = wl_buf_error(ctx, &b, "show");
        wl_buf_free(&b);
        return e;
    }
    *json = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

wallet_err wallet_store_get(wallet_ctx *ctx, uint8_t **out, size_t *out_len, wallet_store *store,
                            const char *id)
{
    wl_enter(ctx);
    if (!out || !out_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    *out_len = 0;
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    int64_t row;
    if ((e = wl_cred_rowid(ctx, store, id, &row)))
        return e;
    sqlite3_stmt *st = NULL;
    if ((e = wl_sql_prepare(ctx, store->db, &st, "SELECT raw FROM documents WHERE cred = ?1")))
        return e;
    sqlite3_bind_int64(st, 1, row);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        const void *p = sqlite3_column_blob(st, 0);
        uint8_t *copy = wl_malloc(n + 1);
        if (!copy) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        } else {
            if (n)
                memcpy(copy, p, n);
            copy[n] = 0;
            *out = copy;
            *out_len = n;
        }
    } else {
        e = wl_sql_err(ctx, store->db, rc, "reading the credential");
    }
    sqlite3_finalize(st);
    return e;
}

wallet_err wallet_store_delete(wallet_ctx *ctx, wallet_store *store, const char *id)
{
    wl_enter(ctx);
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    sqlite3 *db = store->db;
    if ((e = wl_sql_begin(ctx, db)))
        return e;
    int64_t row = 0, key = 0;
    e = wl_cred_rowid(ctx, store, id, &row);
    if (!e) {
        e = wl_sql_int(ctx, db, &key, "SELECT coalesce(holder_key, 0) FROM credentials WHERE uid = ?1",
                       id);
    }
    sqlite3_stmt *st = NULL;
    if (!e && !(e = wl_sql_prepare(ctx, db, &st, "DELETE FROM credentials WHERE id = ?1"))) {
        sqlite3_bind_int64(st, 1, row);
        e = wl_sql_step_done(ctx, db, st, "deleting the credential");
        sqlite3_finalize(st);
    }
    /* A holder key generated for this credential goes with it, unless
     * another credential (a batch copy, a re-issue) still uses it. */
    if (!e && key &&
        !(e = wl_sql_prepare(ctx, db, &st,
                             "DELETE FROM holder_keys WHERE id = ?1 AND NOT EXISTS "
                             "(SELECT 1 FROM credentials WHERE holder_key = ?1)"))) {
        sqlite3_bind_int64(st, 1, key);
        e = wl_sql_step_done(ctx, db, st, "deleting the holder key");
        sqlite3_finalize(st);
    }
    if (!e)
        e = wl_sql_commit(ctx, db);
    if (e)
        wl_sql_rollback(db);
    return e;
}

wallet_err wallet_store_set_display_name(wallet_ctx *ctx, wallet_store *store, const char *id,
                                         const char *name)
{
    wl_enter(ctx);
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    if (name && (!*name || strlen(name) > WL_STORE_NAME_MAX ||
                 !wl_utf8_valid((const uint8_t *)name, strlen(name))))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a display name has 1 to %d bytes of UTF-8",
                      WL_STORE_NAME_MAX);
    int64_t row;
    if ((e = wl_cred_rowid(ctx, store, id, &row)))
        return e;
    sqlite3_stmt *st = NULL;
    if ((e = wl_sql_prepare(ctx, store->db, &st,
                            "UPDATE credentials SET display_name = ?2 WHERE id = ?1")))
        return e;
    sqlite3_bind_int64(st, 1, row);
    wl_sql_bind_text(st, 2, name);
    e = wl_sql_step_done(ctx, store->db, st, "renaming");
    sqlite3_finalize(st);
    return e;
}

wallet_err wallet_store_mark_used(wallet_ctx *ctx, wallet_store *store, const char *id)
{
    wl_enter(ctx);
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    int64_t row;
    if ((e = wl_cred_rowid(ctx, store, id, &row)))
        return e;
    sqlite3_stmt *st = NULL;
    if ((e = wl_sql_prepare(ctx, store->db, &st,
                            "UPDATE credentials SET used_at = ?2 WHERE id = ?1 AND used_at = 0")))
        return e;
    sqlite3_bind_int64(st, 1, row);
    int64_t now = wallet_ctx_now(ctx);
    sqlite3_bind_int64(st, 2, now > 0 ? now : 1);
    e = wl_sql_step_done(ctx, store->db, st, "marking the credential used");
    sqlite3_finalize(st);
    return e;
}
