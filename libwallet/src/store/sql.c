/*
 * SQLCipher access: opening a database with a raw 256-bit key, checking
 * that the SQLite library in this process really is SQLCipher, connection
 * pragmas, and small statement helpers.
 *
 * SQLCipher 3.4 and the system SQLite export the same sqlite3_* symbols.
 * When both are loaded, the dynamic linker binds each symbol to the first
 * library that defines it, so sqlite3_open_v2 may come from plain SQLite
 * while sqlite3_key (which plain SQLite lacks) comes from SQLCipher — and
 * mixing their handles would corrupt memory, or silently write a plaintext
 * database. wl_sql_cipher_check() refuses to proceed unless both functions
 * live in the same shared object and it was built with the codec.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "store_int.h"

int wl_store_fault_countdown = 0;
int wl_store_fault_crash = 0;

wallet_err wl_store_fault(wallet_ctx *ctx, const char *where)
{
    if (wl_store_fault_countdown > 0 && --wl_store_fault_countdown == 0) {
        if (wl_store_fault_crash)
            _exit(99); /* a crash at this point: no cleanup, no unwinding */
        return wl_err(ctx, WALLET_ERR_IO, "injected failure at %s", where);
    }
    return WALLET_OK;
}

wallet_err wl_sql_err(wallet_ctx *ctx, sqlite3 *db, int rc, const char *what)
{
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    wallet_err code;
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        code = WALLET_ERR_STORE_CORRUPT;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = WALLET_ERR_STORE_BUSY;
        break;
    case SQLITE_NOMEM:
        code = WALLET_ERR_NOMEM;
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        code = WALLET_ERR_IO;
        break;
    default:
        code = WALLET_ERR_STORE;
        break;
    }
    return wl_err(ctx, code, "%s: %s (SQLite %d)", what, msg ? msg : "error", rc);
}

/* Is the SQLite library we are linked to at run time SQLCipher, in one
 * piece? See the comment at the top. */
static wallet_err wl_sql_cipher_check(wallet_ctx *ctx)
{
    Dl_info a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    void *open_fn = (void *)(uintptr_t)&sqlite3_open_v2;
    void *key_fn = (void *)(uintptr_t)&sqlite3_key;
    if (!dladdr(open_fn, &a) || !dladdr(key_fn, &b) || !a.dli_fbase ||
        a.dli_fbase != b.dli_fbase)
        return wl_err(ctx, WALLET_ERR_STORE_NO_CIPHER,
                      "sqlite3_open_v2 and sqlite3_key come from different libraries "
                      "(a plain SQLite is loaded before SQLCipher)");
    if (!sqlite3_compileoption_used("HAS_CODEC"))
        return wl_err(ctx, WALLET_ERR_STORE_NO_CIPHER,
                      "the SQLite library in this process was built without SQLCipher's codec");
    return WALLET_OK;
}

/* One-row text result of a pragma, copied into out (empty if no row). */
static wallet_err wl_sql_pragma_text(wallet_ctx *ctx, sqlite3 *db, const char *sql, char *out,
                                     size_t cap)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return wl_sql_err(ctx, db, rc, "pragma");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t)
            snprintf(out, cap, "%s", t);
        rc = SQLITE_DONE;
    }
    wallet_err e = rc == SQLITE_DONE ? WALLET_OK : wl_sql_err(ctx, db, rc, "pragma");
    sqlite3_finalize(st);
    return e;
}

wallet_err wl_sql_open(wallet_ctx *ctx, sqlite3 **out, const char *path,
                       const uint8_t dek[WL_STORE_DEK_LEN], int create, int journal_delete)
{
    *out = NULL;
    wallet_err e = wl_sql_cipher_check(ctx);
    if (e)
        return e;
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        e = wl_sql_err(ctx, db, rc, "opening the database");
        sqlite3_close(db);
        return e;
    }
    /* The raw-key form x'<64 hex digits>': SQLCipher uses these bytes as the
     * AES-256 key directly and skips its own passphrase KDF (DESIGN.md:
     * never rely on SQLCipher 3.4's KDF). The buffer is wiped at once. */
    static const char hexd[] = "0123456789abcdef";
    char keyspec[2 + 2 * WL_STORE_DEK_LEN + 2];
    keyspec[0] = 'x';
    keyspec[1] = '\'';
    for (size_t i = 0; i < WL_STORE_DEK_LEN; i++) {
        keyspec[2 + 2 * i] = hexd[dek[i] >> 4];
        keyspec[3 + 2 * i] = hexd[dek[i] & 15];
    }
    keyspec[2 + 2 * WL_STORE_DEK_LEN] = '\'';
    keyspec[3 + 2 * WL_STORE_DEK_LEN] = '\0';
    rc = sqlite3_key(db, keyspec, (int)(3 + 2 * WL_STORE_DEK_LEN));
    wl_memzero(keyspec, sizeof(keyspec));
    if (rc != SQLITE_OK) {
        e = wl_sql_err(ctx, db, rc, "keying the database");
        goto fail;
    }
    char ver[64];
    if ((e = wl_sql_exec(ctx, db, "PRAGMA cipher_page_size = 4096")) ||
        (e = wl_sql_pragma_text(ctx, db, "PRAGMA cipher_version", ver, sizeof(ver))))
        goto fail;
    if (!ver[0]) {
        e = wl_err(ctx, WALLET_ERR_STORE_NO_CIPHER,
                   "PRAGMA cipher_version gave no answer: not SQLCipher");
        goto fail;
    }
    /* Exclusive locking before the first WAL access: no -shm file, and no
     * other connection (the lock file already excludes other handles). */
    if ((e = wl_sql_exec(ctx, db, "PRAGMA locking_mode = EXCLUSIVE")))
        goto fail;
    /* The first read decrypts page 1: SQLITE_NOTADB here means the key
     * does not fit the file (STORE_CORRUPT: the key was authenticated by
     * the header, so the file is damaged or belongs to another header). */
    int64_t n = 0;
    if ((e = wl_sql_int(ctx, db, &n, "SELECT count(*) FROM sqlite_master", NULL)))
        goto fail;
    char mode[16];
    if ((e = wl_sql_pragma_text(ctx, db,
                                journal_delete ? "PRAGMA journal_mode = DELETE"
                                               : "PRAGMA journal_mode = WAL",
                                mode, sizeof(mode))) ||
        (e = wl_sql_exec(ctx, db,
                         "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                         "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;"
                         WL_STORE_CACHE_PRAGMA)))
        goto fail;
    if (strcmp(mode, journal_delete ? "delete" : "wal") != 0) {
        e = wl_err(ctx, WALLET_ERR_STORE, "journal mode could not be set");
        goto fail;
    }
    *out = db;
    return WALLET_OK;
fail:
    sqlite3_close(db);
    return e;
}

void wl_sql_close(sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}

wallet_err wl_sql_exec(wallet_ctx *ctx, sqlite3 *db, const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? WALLET_OK : wl_sql_err(ctx, db, rc, "SQL");
}

wallet_err wl_sql_prepare(wallet_ctx *ctx, sqlite3 *db, sqlite3_stmt **st, const char *sql)
{
    *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return wl_sql_err(ctx, db, rc, "preparing a statement");
    }
    return WALLET_OK;
}

wallet_err wl_sql_step_done(wallet_ctx *ctx, sqlite3 *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return WALLET_OK;
    return wl_sql_err(ctx, db, rc, what);
}

wallet_err wl_sql_begin(wallet_ctx *ctx, sqlite3 *db)
{
    return wl_sql_exec(ctx, db, "BEGIN IMMEDIATE");
}

wallet_err wl_sql_commit(wallet_ctx *ctx, sqlite3 *db)
{
    wallet_err e = wl_store_fault(ctx, "commit");
    if (e)
        return e;
    return wl_sql_exec(ctx, db, "COMMIT");
}

void wl_sql_rollback(sqlite3 *db)
{
    if (db && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int wl_sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int wl_sql_bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n)
{
    if (!p)
        return sqlite3_bind_null(st, i);
    if (n > 0x7fffffff)
        return SQLITE_TOOBIG;
    return sqlite3_bind_blob(st, i, p, (int)n, SQLITE_TRANSIENT);
}

const char *wl_sql_text(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

wallet_err wl_sql_int(wallet_ctx *ctx, sqlite3 *db, int64_t *out, const char *sql,
                      const char *param)
{
    *out = 0;
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, db, &st, sql);
    if (e)
        return e;
    if (param)
        wl_sql_bind_text(st, 1, param);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        e = WALLET_ERR_NOT_FOUND;
    else
        e = wl_sql_err(ctx, db, rc, "query");
    sqlite3_finalize(st);
    return e;
}

wallet_err wl_sql_file_salt(wallet_ctx *ctx, uint8_t salt[WL_STORE_SALT_LEN], const char *path)
{
    memset(salt, 0, WL_STORE_SALT_LEN);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return WALLET_ERR_NOT_FOUND;
        return wl_err(ctx, WALLET_ERR_IO, "cannot read the database file: %s", strerror(errno));
    }
    size_t got = 0;
    while (got < WL_STORE_SALT_LEN) {
        ssize_t r = read(fd, salt + got, WL_STORE_SALT_LEN - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got < WL_STORE_SALT_LEN)
        return wl_err(ctx, WALLET_ERR_STORE_CORRUPT, "database file shorter than its salt");
    return WALLET_OK;
}
