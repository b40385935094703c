/*
 * The consent log: every presentation the citizen made — when, to whom, for
 * what stated purpose, which claims from which credential, and the hash of
 * the transaction data they approved (OpenID4VP 1.0 §8.4, transaction_data)
 * — listable by the citizen. Append-only: there is no call that edits or
 * removes an entry.
 */
#include "../core/json.h"
#include "store_int.h"

#define WL_VERIFIER_MAX 1024
#define WL_PURPOSE_MAX 4096
#define WL_TX_HASH_MAX 64

/* Check the claims description; on success *canon is its compact form. */
static wallet_err wl_consent_claims(wallet_ctx *ctx, wallet_store *s, const char *claims,
                                    char **canon, cJSON **root)
{
    *canon = NULL;
    wallet_err e = wl_json_parse(ctx, root, claims, strlen(claims));
    if (e)
        return wl_err_prefix(ctx, "consent claims");
    if (!cJSON_IsArray(*root) || cJSON_GetArraySize(*root) == 0)
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "consent claims: not a non-empty array");
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, *root)
    {
        const char *cred = wl_json_get_string(it, "credential");
        const cJSON *paths = wl_json_get(it, "claims");
        if (!cJSON_IsObject(it) || !cred || !cJSON_IsArray(paths))
            return wl_err(ctx, WALLET_ERR_JSON_TYPE,
                          "consent claims[%zu]: needs \"credential\" and a \"claims\" array", i);
        const cJSON *p;
        cJSON_ArrayForEach(p, paths)
        {
            if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) == 0)
                return wl_err(ctx, WALLET_ERR_JSON_TYPE,
                              "consent claims[%zu]: a path is not a non-empty array", i);
            const cJSON *c;
            cJSON_ArrayForEach(c, p)
            {
                int64_t n;
                if (!cJSON_IsString(c) && !cJSON_IsNull(c) && !(wl_json_is_int(c, &n) && n >= 0))
                    return wl_err(ctx, WALLET_ERR_JSON_TYPE,
                                  "consent claims[%zu]: bad path element", i);
            }
        }
        int64_t row;
        if ((e = wl_cred_rowid(ctx, s, cred, &row)))
            return wl_err_prefix(ctx, "consent claims");
        i++;
    }
    if (!(*canon = wl_json_print(*root)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

wallet_err wallet_store_log_presentation(wallet_ctx *ctx, char **entry_id, wallet_store *store,
                                         const char *verifier, const char *purpose,
                                         const char *claims, const uint8_t *tx_hash,
                                         size_t tx_hash_len)
{
    wl_enter(ctx);
    if (entry_id)
        *entry_id = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    if (!verifier || !*verifier || strlen(verifier) > WL_VERIFIER_MAX ||
        !wl_utf8_valid((const uint8_t *)verifier, strlen(verifier)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "the verifier is 1 to %d bytes of UTF-8",
                      WL_VERIFIER_MAX);
    if (purpose && (strlen(purpose) > WL_PURPOSE_MAX ||
                    !wl_utf8_valid((const uint8_t *)purpose, strlen(purpose))))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "the purpose is at most %d bytes of UTF-8",
                      WL_PURPOSE_MAX);
    if (!claims)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL claims");
    if ((tx_hash && (tx_hash_len == 0 || tx_hash_len > WL_TX_HASH_MAX)) || (!tx_hash && tx_hash_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a transaction data hash has 1 to %d bytes",
                      WL_TX_HASH_MAX);
    sqlite3 *db = store->db;
    char *canon = NULL;
    cJSON *root = NULL;
    char uid[WL_STORE_ID_LEN + 1];
    sqlite3_stmt *st = NULL;
    int64_t now = wallet_ctx_now(ctx);
    if ((e = wl_sql_begin(ctx, db)))
        return e;
    if ((e = wl_consent_claims(ctx, store, claims, &canon, &root)) ||
        (e = wl_store_new_id(ctx, uid)) ||
        (e = wl_sql_prepare(ctx, db, &st,
                            "INSERT INTO consent_log(uid, at, verifier, purpose, claims, tx_hash) "
                            "VALUES (?1,?2,?3,?4,?5,?6)")))
        goto out;
    wl_sql_bind_text(st, 1, uid);
    sqlite3_bind_int64(st, 2, now);
    wl_sql_bind_text(st, 3, verifier);
    wl_sql_bind_text(st, 4, purpose);
    wl_sql_bind_text(st, 5, canon);
    wl_sql_bind_blob(st, 6, tx_hash, tx_hash_len);
    e = wl_sql_step_done(ctx, db, st, "recording the presentation");
    sqlite3_finalize(st);
    st = NULL;
    /* Each presented copy is now used (batch copies are offered unused
     * first, for unlinkability). */
    if (!e)
        e = wl_sql_prepare(ctx, db, &st,
                           "UPDATE credentials SET used_at = ?2 WHERE uid = ?1 AND used_at = 0");
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        if (e)
            break;
        sqlite3_reset(st);
        wl_sql_bind_text(st, 1, wl_json_get_string(it, "credential"));
        sqlite3_bind_int64(st, 2, now > 0 ? now : 1);
        e = wl_sql_step_done(ctx, db, st, "marking a credential used");
    }
    sqlite3_finalize(st);
    if (!e)
        e = wl_sql_commit(ctx, db);
    if (!e && entry_id && !(*entry_id = wl_strdup(uid)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
out:
    if (e)
        wl_sql_rollback(db);
    cJSON_Delete(root);
    free(canon);
    return e;
}

wallet_err wallet_store_log_list(wallet_ctx *ctx, char **json, wallet_store *store)
{
    wl_enter(ctx);
    if (!json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *json = NULL;
    wallet_err e = wl_store_check_open(ctx, store);
    if (e)
        return e;
    sqlite3_stmt *st = NULL;
    if ((e = wl_sql_prepare(ctx, store->db, &st,
                            "SELECT uid, at, verifier, purpose, claims, tx_hash FROM consent_log "
                            "ORDER BY id DESC")))
        return e;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_byte(&b, '[');
    int rc, first = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        wl_buf_append_str(&b, first ? "{" : ",{");
        first = 0;
        wl_json_member_str(&b, "id", wl_sql_text(st, 0), 1);
        wl_json_member_int(&b, "at", sqlite3_column_int64(st, 1));
        wl_json_member_str(&b, "verifier", wl_sql_text(st, 2), 0);
        wl_json_member_str(&b, "purpose", wl_sql_text(st, 3), 0);
        wl_buf_append_str(&b, ",\"claims\":");
        wl_buf_append_str(&b, wl_sql_text(st, 4) ? wl_sql_text(st, 4) : "[]");
        wl_buf_append_str(&b, ",\"transaction_data_hash\":");
        if (sqlite3_column_type(st, 5) == SQLITE_NULL) {
            wl_buf_append_str(&b, "null");
        } else {
            wl_buf_append_byte(&b, '"');
            wl_buf_append_b64url(&b, sqlite3_column_blob(st, 5),
                                 (size_t)sqlite3_column_bytes(st, 5));
            wl_buf_append_byte(&b, '"');
        }
        wl_buf_append_byte(&b, '}');
    }
    wl_buf_append_byte(&b, ']');
    if (rc != SQLITE_DONE)
        e = wl_sql_err(ctx, store->db, rc, "listing the consent log");
    sqlite3_finalize(st);
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "consent log");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *json = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}
