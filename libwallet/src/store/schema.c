/*
 * Schema versions and migrations. The version is SQLite's user_version
 * (docs/store.md "Schema"). A new database is brought to the current version
 * by running every migration from 0, so the upgrade path of an old database
 * is the path every new database takes; a database newer than this library
 * is refused (WALLET_ERR_STORE_SCHEMA), never downgraded.
 *
 * Migrations run in one transaction: a crash or a failure leaves the old
 * version intact.
 */
#include <stdio.h>

#include "store_int.h"

int wl_schema_target_for_tests = 0;

/* Version 1: credentials with their metadata; the documents (credential as
 * received, verified claims) in a table of their own, so that listing
 * metadata never reads them; holder keys; the consent log. */
static const char wl_schema_v1[] =
    "CREATE TABLE holder_keys ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  alg INTEGER NOT NULL,"
    "  jkt BLOB NOT NULL,"             /* RFC 7638 thumbprint of the public key */
    "  public_jwk TEXT NOT NULL,"
    "  private BLOB,"                  /* AES-256-GCM sealed PKCS#8; NULL: external */
    "  handle TEXT,"                   /* external key: the app's name for it */
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX holder_keys_jkt ON holder_keys(jkt);"
    "CREATE TABLE credentials ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  digest BLOB NOT NULL UNIQUE,"   /* SHA-256 of the credential as stored */
    "  format TEXT, type TEXT, issuer TEXT,"
    "  issued_at INTEGER NOT NULL DEFAULT 0,"
    "  valid_from INTEGER NOT NULL DEFAULT 0,"
    "  valid_until INTEGER NOT NULL DEFAULT 0,"
    "  status_uri TEXT, status_idx INTEGER,"
    "  display_name TEXT,"
    "  valid INTEGER NOT NULL,"
    "  error INTEGER NOT NULL DEFAULT 0,"
    "  added_at INTEGER NOT NULL,"
    "  holder_key INTEGER REFERENCES holder_keys(id) ON DELETE SET NULL,"
    "  holder_jkt BLOB);"
    "CREATE INDEX credentials_holder_key ON credentials(holder_key);"
    "CREATE TABLE documents ("
    "  cred INTEGER PRIMARY KEY REFERENCES credentials(id) ON DELETE CASCADE,"
    "  raw BLOB NOT NULL,"
    "  claims TEXT,"                   /* verified claims (JSON); NULL when invalid */
    "  detail TEXT);"                  /* verification failure detail when invalid */
    "CREATE TABLE consent_log ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  at INTEGER NOT NULL,"
    "  verifier TEXT NOT NULL,"
    "  purpose TEXT,"
    "  claims TEXT NOT NULL,"
    "  tx_hash BLOB);";

/* Version 2: the claim-path index (interned paths; one row per path and
 * value of each credential) for matching presentation requests without
 * decoding documents, types indexed, and batch copies with their use. */
static const char wl_schema_v2[] =
    "ALTER TABLE credentials ADD COLUMN batch TEXT;"
    "ALTER TABLE credentials ADD COLUMN used_at INTEGER NOT NULL DEFAULT 0;"
    /* Covers matching: candidates by type are found, filtered and
     * returned without reading the credentials table itself. */
    "CREATE INDEX credentials_match ON credentials(type, format, valid, valid_until, "
    "valid_from, holder_key, uid, batch, used_at);"
    "CREATE INDEX credentials_batch ON credentials(batch);"
    "CREATE TABLE paths (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);"
    "CREATE TABLE claim_index ("
    "  cred INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,"
    "  path INTEGER NOT NULL REFERENCES paths(id),"
    "  jtype INTEGER NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (cred, path, value)) WITHOUT ROWID;";

/* Version 2 data: index the claims of every credential stored under v1. */
static wallet_err wl_migrate_v2_data(wallet_ctx *ctx, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, db, &st,
                                  "SELECT cred, claims FROM documents WHERE claims IS NOT NULL");
    if (e)
        return e;
    int rc;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t cred = sqlite3_column_int64(st, 0);
        const char *claims = wl_sql_text(st, 1);
        wl_index idx = {0};
        e = wl_index_build(ctx, &idx, claims, (size_t)sqlite3_column_bytes(st, 1));
        if (!e)
            e = wl_index_store(ctx, db, cred, &idx);
        wl_index_free(&idx);
    }
    if (!e && rc != SQLITE_DONE)
        e = wl_sql_err(ctx, db, rc, "migration to schema 2");
    sqlite3_finalize(st);
    return e;
}

typedef struct wl_migration {
    const char *sql;
    wallet_err (*data)(wallet_ctx *ctx, sqlite3 *db);
} wl_migration;

/* wl_migrations[v - 1] takes a database from version v - 1 to v. */
static const wl_migration wl_migrations[WL_STORE_SCHEMA_VERSION] = {
    {wl_schema_v1, NULL},
    {wl_schema_v2, wl_migrate_v2_data},
};

wallet_err wl_schema_migrate(wallet_ctx *ctx, sqlite3 *db)
{
    int64_t version = 0;
    wallet_err e = wl_sql_int(ctx, db, &version, "PRAGMA user_version", NULL);
    if (e)
        return e;
    int64_t target = WL_STORE_SCHEMA_VERSION;
    if (wl_schema_target_for_tests > 0 && wl_schema_target_for_tests < target)
        target = wl_schema_target_for_tests;
    if (version > WL_STORE_SCHEMA_VERSION || version < 0)
        return wl_err(ctx, WALLET_ERR_STORE_SCHEMA,
                      "database schema version %lld is newer than this library's (%d)",
                      (long long)version, WL_STORE_SCHEMA_VERSION);
    if (version >= target)
        return WALLET_OK;
    if ((e = wl_sql_begin(ctx, db)))
        return e;
    for (int64_t v = version + 1; v <= target && !e; v++) {
        const wl_migration *m = &wl_migrations[v - 1];
        e = wl_sql_exec(ctx, db, m->sql);
        if (!e && m->data)
            e = m->data(ctx, db);
        if (e)
            wl_err_prefix(ctx, "schema migration");
    }
    if (!e) {
        char sql[48];
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %lld", (long long)target);
        e = wl_sql_exec(ctx, db, sql);
    }
    if (!e)
        e = wl_sql_commit(ctx, db);
    if (e)
        wl_sql_rollback(db);
    return e;
}
