/*
 * Opening, locking and re-keying a store.
 *
 * Key hierarchy (docs/store.md "Keys"):
 *
 *   PIN --scrypt(salt, N, r, p)--> KEK --AES-256-GCM unwrap--> data key (DEK)
 *   keystore key --HKDF--------->  KEK                            |
 *                                                                 v
 *                               SQLCipher raw key, and HKDF(DEK) -> holder-key KEK
 *
 * The data key is random and never derived from the PIN, so changing the PIN
 * could be a header rewrite alone; we re-key anyway (a new DEK, the database
 * re-encrypted into a new file with sqlcipher_export) so that an old header
 * copy plus the old PIN no longer opens the current database.
 *
 * Creating, restoring and re-keying all end in wl_store_switch_in(): the new
 * database is complete and closed at PATH-new; the header is rewritten to
 * hold the new slot (next to the current ones); PATH-new is renamed over
 * PATH; the header is rewritten with the new slot alone. Each slot is bound
 * to the SQLCipher salt of its database, so at every instant the database
 * at PATH has exactly one slot that opens it.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

/* ---- small shared checks ------------------------------------------------------------ */

wallet_err wl_store_check_open(wallet_ctx *ctx, const wallet_store *s)
{
    if (!s)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL store");
    if (!s->db)
        return wl_err(ctx, WALLET_ERR_STATE, "the store is locked");
    return WALLET_OK;
}

#define WL_LOG2N_MASK (0xffu << 16)

wallet_err wl_store_check_flags(wallet_ctx *ctx, unsigned flags, unsigned allowed)
{
    if (flags & ~(allowed | WL_LOG2N_MASK))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown flags 0x%x", flags & ~allowed);
    if ((flags & WL_LOG2N_MASK) && !(allowed & WL_LOG2N_MASK))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a KDF cost is not accepted here");
    return WALLET_OK;
}

wallet_err wl_store_flags_log2n(wallet_ctx *ctx, unsigned flags, uint8_t *log2n)
{
    unsigned n = (flags & WL_LOG2N_MASK) >> 16;
    if (!n)
        n = WALLET_STORE_SCRYPT_DEFAULT;
    if (n < WL_STORE_LOG2N_MIN || n > WL_STORE_LOG2N_MAX)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "scrypt cost 2^%u outside 2^%d..2^%d", n,
                      WL_STORE_LOG2N_MIN, WL_STORE_LOG2N_MAX);
    *log2n = (uint8_t)n;
    return WALLET_OK;
}

wallet_err wl_store_check_secret(wallet_ctx *ctx, const uint8_t *secret, size_t len,
                                 unsigned flags)
{
    if (!secret)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL secret");
    if (flags & WALLET_STORE_RAW_KEY) {
        if (len != WALLET_STORE_KEY_BYTES)
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a keystore key has %d bytes",
                          WALLET_STORE_KEY_BYTES);
    } else if (len == 0 || len > WL_STORE_SECRET_MAX) {
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a PIN or passphrase has 1 to %d bytes",
                      WL_STORE_SECRET_MAX);
    }
    return WALLET_OK;
}

wallet_err wl_store_new_id(wallet_ctx *ctx, char out[WL_STORE_ID_LEN + 1])
{
    uint8_t r[WL_STORE_ID_LEN * 3 / 4];
    wallet_err e = wl_random(ctx, r, sizeof(r));
    if (e)
        return e;
    wl_b64url_encode_raw(out, r, sizeof(r));
    out[WL_STORE_ID_LEN] = '\0';
    return WALLET_OK;
}

int wl_store_id_valid(const char *s)
{
    if (!s || strlen(s) != WL_STORE_ID_LEN)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return 0;
    return 1;
}

/* ---- handle ---------------------------------------------------------------------------- */

static char *wl_concat(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = wl_malloc(na + nb + 1);
    if (p) {
        memcpy(p, a, na);
        memcpy(p + na, b, nb + 1);
    }
    return p;
}

wallet_err wl_store_alloc(wallet_ctx *ctx, wallet_store **out, const char *path)
{
    *out = NULL;
    if (!path || !*path)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty store path");
    if (strlen(path) > 4000)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "store path too long");
    wallet_store *s = wl_calloc(1, sizeof(*s));
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    s->lock_fd = -1;
    s->path = wl_strdup(path);
    s->header_path = wl_concat(path, "-header");
    s->lock_path = wl_concat(path, "-lock");
    s->new_path = wl_concat(path, "-new");
    if (!s->path || !s->header_path || !s->lock_path || !s->new_path) {
        wallet_store_free(s);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = s;
    return WALLET_OK;
}

void wl_store_detach_db(wallet_store *s)
{
    wl_keys_revoke_all(s);
    if (s->db) {
        wl_sql_rollback(s->db);
        wl_sql_close(s->db);
        s->db = NULL;
    }
    wl_memzero(s->dek, sizeof(s->dek));
    wl_memzero(s->key_kek, sizeof(s->key_kek));
}

wallet_err wl_store_attach_db(wallet_ctx *ctx, wallet_store *s)
{
    sqlite3 *db = NULL;
    wallet_err e = wl_sql_open(ctx, &db, s->path, s->dek, 0, 0);
    if (!e)
        e = wl_schema_migrate(ctx, db);
    if (!e)
        e = wl_keys_kek(ctx, s->key_kek, s->dek);
    if (e) {
        wl_sql_close(db);
        wl_memzero(s->key_kek, sizeof(s->key_kek));
        return e;
    }
    s->db = db;
    return WALLET_OK;
}

void wl_store_remove_new(const wallet_store *s)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < WL_ARRAY_LEN(suffixes); i++) {
        char *p = wl_concat(s->new_path, suffixes[i]);
        if (p)
            unlink(p);
        free(p);
    }
}

/* Remove the journal files of the database at PATH before another database
 * takes its name: a WAL left behind would be replayed onto the new file. */
static wallet_err wl_store_remove_journals(wallet_ctx *ctx, const wallet_store *s)
{
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < WL_ARRAY_LEN(suffixes); i++) {
        char *p = wl_concat(s->path, suffixes[i]);
        if (!p)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        int rc = unlink(p);
        int err = errno;
        free(p);
        if (rc != 0 && err != ENOENT)
            return wl_err(ctx, WALLET_ERR_IO, "cannot remove an old journal: %s", strerror(err));
    }
    return WALLET_OK;
}

wallet_err wl_store_build_new(wallet_ctx *ctx, sqlite3 **out, const wallet_store *s,
                              const uint8_t dek[WL_STORE_DEK_LEN])
{
    *out = NULL;
    wl_store_remove_new(s);
    /* Create the file first with mode 0600; SQLite keeps an existing file's
     * mode and gives its journals the same. */
    int fd = open(s->new_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return wl_err(ctx, WALLET_ERR_IO, "cannot create the database: %s", strerror(errno));
    close(fd);
    sqlite3 *db = NULL;
    wallet_err e = wl_sql_open(ctx, &db, s->new_path, dek, 1, 1);
    if (!e)
        e = wl_schema_migrate(ctx, db);
    if (e) {
        wl_sql_close(db);
        wl_store_remove_new(s);
        return e;
    }
    *out = db;
    return WALLET_OK;
}

/* Finish a database built with wl_store_build_new(): switch it to WAL (the
 * mode is recorded in the file), close it and sync it to disk. */
static wallet_err wl_store_finish_new(wallet_ctx *ctx, const wallet_store *s, sqlite3 *db)
{
    wallet_err e = wl_sql_exec(ctx, db, "PRAGMA journal_mode = WAL");
    int rc = sqlite3_close(db);
    if (!e && rc != SQLITE_OK)
        e = wl_err(ctx, WALLET_ERR_STORE, "closing the new database failed (SQLite %d)", rc);
    if (!e)
        e = wl_fsync_path(ctx, s->new_path);
    return e;
}

wallet_err wl_store_switch_in(wallet_ctx *ctx, wallet_store *s, wl_slot *slot)
{
    wl_header h;
    memset(&h, 0, sizeof(h));
    /* Keep the slot of the database now at PATH (if any, and if the header
     * is readable) until the rename is done. */
    uint8_t cur[WL_STORE_SALT_LEN];
    if (wl_sql_file_salt(NULL, cur, s->path) == WALLET_OK &&
        wl_header_read(NULL, &h, s->header_path) == WALLET_OK) {
        const wl_slot *old = wl_header_find(&h, cur);
        if (old && old != &h.slots[0])
            h.slots[0] = *old;
        h.n_slots = old ? 1 : 0;
    } else {
        memset(&h, 0, sizeof(h));
    }
    h.page_size = WL_STORE_PAGE_SIZE;
    h.failures = 0;
    h.last_failure = 0;
    h.slots[h.n_slots++] = *slot;
    wallet_err e;
    if ((e = wl_store_fault(ctx, "switch: header with both slots")) ||
        (e = wl_header_write(ctx, &h, s->header_path)) ||
        (e = wl_store_fault(ctx, "switch: before rename")) ||
        (e = wl_store_remove_journals(ctx, s)) ||
        (e = wl_store_fault(ctx, "switch: journals removed")))
        return e;
    if (rename(s->new_path, s->path) != 0)
        return wl_err(ctx, WALLET_ERR_IO, "cannot move the new database in place: %s",
                      strerror(errno));
    if ((e = wl_fsync_dir_of(ctx, s->path)))
        return e;
    /* Done: the database at PATH is the new one. Dropping the old slot is
     * tidying (it names a salt no database has any more): a failure here
     * leaves a valid store and is not reported. */
    h.slots[0] = *slot;
    h.n_slots = 1;
    if (wl_store_fault(NULL, "switch: after rename") == WALLET_OK)
        (void)wl_header_write(NULL, &h, s->header_path);
    wl_memzero(&h, sizeof(h));
    return WALLET_OK;
}

/* Build an empty store at PATH under `secret`; the caller holds the lock.
 * On success s->dek is the new data key and the database is attached. */
static wallet_err wl_store_create_locked(wallet_ctx *ctx, wallet_store *s, const uint8_t *secret,
                                         size_t secret_len, unsigned flags, uint8_t log2n,
                                         wl_store_fill_fn fill, void *fill_arg)
{
    uint8_t dek[WL_STORE_DEK_LEN];
    sqlite3 *db = NULL;
    wl_slot slot;
    memset(&slot, 0, sizeof(slot));
    wallet_err e = wl_random(ctx, dek, sizeof(dek));
    if (!e)
        e = wl_store_build_new(ctx, &db, s, dek);
    if (!e && fill)
        e = fill(ctx, db, dek, fill_arg);
    if (!e) {
        e = wl_store_finish_new(ctx, s, db);
        db = NULL;
    }
    uint8_t salt[WL_STORE_SALT_LEN];
    if (!e)
        e = wl_sql_file_salt(ctx, salt, s->new_path);
    if (!e)
        e = wl_slot_make(ctx, &slot, secret, secret_len, flags, log2n, dek, salt,
                         WL_STORE_PAGE_SIZE);
    if (!e)
        e = wl_store_switch_in(ctx, s, &slot);
    if (db)
        wl_sql_close(db);
    if (!e) {
        memcpy(s->dek, dek, sizeof(dek));
        e = wl_store_attach_db(ctx, s);
    } else {
        wl_store_remove_new(s);
    }
    wl_memzero(dek, sizeof(dek));
    wl_memzero(&slot, sizeof(slot));
    return e;
}

wallet_err wl_store_create_filled(wallet_ctx *ctx, wallet_store *s, const uint8_t *secret,
                                  size_t secret_len, unsigned flags, wl_store_fill_fn fill,
                                  void *fill_arg)
{
    uint8_t log2n = 0;
    wallet_err e = wl_store_check_secret(ctx, secret, secret_len, flags);
    if (!e && !(flags & WALLET_STORE_RAW_KEY))
        e = wl_store_flags_log2n(ctx, flags, &log2n);
    if (!e)
        e = wl_lock_acquire(ctx, &s->lock_fd, s->lock_path);
    if (e)
        return e;
    struct stat st;
    if (!(flags & WALLET_STORE_REPLACE) && stat(s->path, &st) == 0) {
        wl_lock_release(&s->lock_fd);
        return wl_err(ctx, WALLET_ERR_STORE_EXISTS, "a store already exists at this path");
    }
    e = wl_store_create_locked(ctx, s, secret, secret_len, flags, log2n, fill, fill_arg);
    if (e)
        wl_lock_release(&s->lock_fd);
    return e;
}

wallet_err wallet_store_create(wallet_ctx *ctx, wallet_store **out, const char *path,
                               const uint8_t *secret, size_t secret_len, unsigned flags)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    wallet_err e = wl_store_check_flags(ctx, flags, WALLET_STORE_RAW_KEY | WL_LOG2N_MASK);
    if (e)
        return e;
    if ((flags & WALLET_STORE_RAW_KEY) && (flags & WL_LOG2N_MASK))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a keystore key takes no KDF cost");
    wallet_store *s = NULL;
    if ((e = wl_store_alloc(ctx, &s, path)))
        return e;
    e = wl_store_create_filled(ctx, s, secret, secret_len, flags, NULL, NULL);
    if (e) {
        wallet_store_free(s);
        return e;
    }
    *out = s;
    return WALLET_OK;
}

/* Unlock with the lock held: header, throttling, unwrap, attach. */
static wallet_err wl_store_unlock_locked(wallet_ctx *ctx, wallet_store *s, const uint8_t *secret,
                                         size_t secret_len, unsigned flags)
{
    uint8_t salt[WL_STORE_SALT_LEN];
    wallet_err e = wl_sql_file_salt(ctx, salt, s->path);
    if (e == WALLET_ERR_NOT_FOUND)
        return wl_err(ctx, WALLET_ERR_NOT_FOUND, "no store at this path");
    if (e)
        return e;
    wl_header h;
    e = wl_header_read(ctx, &h, s->header_path);
    if (e == WALLET_ERR_NOT_FOUND)
        return wl_err(ctx, WALLET_ERR_STORE_CORRUPT, "the store's header file is missing");
    if (e)
        return e;
    const wl_slot *slot = wl_header_find(&h, salt);
    if (!slot)
        return wl_err(ctx, WALLET_ERR_STORE_CORRUPT,
                      "the header file does not belong to this database");
    int pin = slot->kind == WL_SLOT_PIN;
    if (pin != !(flags & WALLET_STORE_RAW_KEY))
        return wl_err(ctx, WALLET_ERR_STORE_WRONG_SECRET,
                      pin ? "the store is protected by a PIN, not a keystore key"
                          : "the store is protected by a keystore key, not a PIN");
    int64_t now = wallet_ctx_now(ctx);
    if (pin) {
        int64_t wait = wl_header_wait(&h, now);
        if (wait > 0)
            return wl_err(ctx, WALLET_ERR_STORE_LOCKED_OUT,
                          "failed attempts: %u; retry in %lld s", h.failures, (long long)wait);
    }
    e = wl_slot_open(ctx, s->dek, slot, secret, secret_len, h.page_size);
    if (e == WALLET_ERR_STORE_WRONG_SECRET && pin) {
        /* Count the failure before answering, so that killing the process
         * after the answer cannot skip it. */
        h.failures = h.failures < UINT32_MAX ? h.failures + 1 : h.failures;
        h.last_failure = now;
        wallet_err we = wl_header_write(ctx, &h, s->header_path);
        if (we)
            return we;
        int64_t next = wl_header_delay(h.failures);
        return next ? wl_err(ctx, WALLET_ERR_STORE_WRONG_SECRET,
                             "wrong PIN or passphrase (failed attempts: %u; next attempt in %lld s)",
                             h.failures, (long long)next)
                    : wl_err(ctx, WALLET_ERR_STORE_WRONG_SECRET,
                             "wrong PIN or passphrase (failed attempts: %u)", h.failures);
    }
    if (e)
        return e;
    if (pin && (h.failures || h.last_failure)) {
        h.failures = 0;
        h.last_failure = 0;
        if ((e = wl_header_write(ctx, &h, s->header_path))) {
            wl_memzero(s->dek, sizeof(s->dek));
            return e;
        }
    }
    e = wl_store_attach_db(ctx, s);
    if (e)
        wl_memzero(s->dek, sizeof(s->dek));
    return e;
}

static wallet_err wl_store_unlock(wallet_ctx *ctx, wallet_store *s, const uint8_t *secret,
                                  size_t secret_len, unsigned flags)
{
    wallet_err e = wl_store_check_flags(ctx, flags, WALLET_STORE_RAW_KEY);
    if (!e)
        e = wl_store_check_secret(ctx, secret, secret_len, flags);
    if (!e)
        e = wl_lock_acquire(ctx, &s->lock_fd, s->lock_path);
    if (e)
        return e;
    e = wl_store_unlock_locked(ctx, s, secret, secret_len, flags);
    if (e)
        wl_lock_release(&s->lock_fd);
    return e;
}

wallet_err wallet_store_open(wallet_ctx *ctx, wallet_store **out, const char *path,
                             const uint8_t *secret, size_t secret_len, unsigned flags)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    wallet_store *s = NULL;
    wallet_err e = wl_store_alloc(ctx, &s, path);
    if (e)
        return e;
    e = wl_store_unlock(ctx, s, secret, secret_len, flags);
    if (e) {
        wallet_store_free(s);
        return e;
    }
    *out = s;
    return WALLET_OK;
}

wallet_err wallet_store_unlock(wallet_ctx *ctx, wallet_store *store, const uint8_t *secret,
                               size_t secret_len, unsigned flags)
{
    wl_enter(ctx);
    if (!store)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL store");
    if (store->db)
        return wl_err(ctx, WALLET_ERR_STATE, "the store is already unlocked");
    return wl_store_unlock(ctx, store, secret, secret_len, flags);
}

void wallet_store_lock(wallet_store *store)
{
    if (!store)
        return;
    wl_store_detach_db(store);
    wl_lock_release(&store->lock_fd);
}

int wallet_store_is_open(const wallet_store *store)
{
    return store && store->db;
}

void wallet_store_free(wallet_store *store)
{
    if (!store)
        return;
    wallet_store_lock(store);
    free(store->refs);
    free(store->path);
    free(store->header_path);
    free(store->lock_path);
    free(store->new_path);
    wl_memzero(store, sizeof(*store));
    free(store);
}

wallet_err wallet_store_retry_delay(wallet_ctx *ctx, uint32_t *failures, int64_t *seconds,
                                    const char *path)
{
    wl_enter(ctx);
    if (failures)
        *failures = 0;
    if (seconds)
        *seconds = 0;
    if (!path || !*path)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty store path");
    char *hp = wl_concat(path, "-header");
    if (!hp)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_header h;
    wallet_err e = wl_header_read(ctx, &h, hp);
    free(hp);
    if (e)
        return e;
    if (failures)
        *failures = h.failures;
    if (seconds)
        *seconds = wl_header_wait(&h, wallet_ctx_now(ctx));
    return WALLET_OK;
}

/* ---- re-keying ------------------------------------------------------------------------ */

/* Copy the open database into s->new_path encrypted with new_dek:
 * sqlcipher_export copies schema and rows (not user_version, set here),
 * then every holder private key is re-encrypted under the new KEK. */
static wallet_err wl_store_export_to_new(wallet_ctx *ctx, wallet_store *s,
                                         const uint8_t new_dek[WL_STORE_DEK_LEN])
{
    /* An empty file with mode 0600 (SQLite keeps an existing file's mode),
     * attached to the live connection and filled by sqlcipher_export. */
    wl_store_remove_new(s);
    int fd = open(s->new_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return wl_err(ctx, WALLET_ERR_IO, "cannot create the database: %s", strerror(errno));
    close(fd);
    wallet_err e;
    static const char hexd[] = "0123456789abcdef";
    char keyspec[3 + 2 * WL_STORE_DEK_LEN + 1];
    keyspec[0] = 'x';
    keyspec[1] = '\'';
    for (size_t i = 0; i < WL_STORE_DEK_LEN; i++) {
        keyspec[2 + 2 * i] = hexd[new_dek[i] >> 4];
        keyspec[3 + 2 * i] = hexd[new_dek[i] & 15];
    }
    keyspec[2 + 2 * WL_STORE_DEK_LEN] = '\'';
    keyspec[3 + 2 * WL_STORE_DEK_LEN] = '\0';
    sqlite3_stmt *st = NULL;
    e = wl_sql_prepare(ctx, s->db, &st, "ATTACH DATABASE ?1 AS rekey KEY ?2");
    if (!e) {
        sqlite3_bind_text(st, 1, s->new_path, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, keyspec, -1, SQLITE_STATIC);
        e = wl_sql_step_done(ctx, s->db, st, "attaching the new database");
        sqlite3_finalize(st);
    }
    wl_memzero(keyspec, sizeof(keyspec));
    if (e)
        return e;
    uint8_t new_kek[WL_STORE_DEK_LEN];
    int64_t version = 0;
    char sql[64];
    e = wl_sql_exec(ctx, s->db, "PRAGMA rekey.cipher_page_size = 4096");
    if (!e)
        e = wl_sql_int(ctx, s->db, &version, "PRAGMA main.user_version", NULL);
    if (!e)
        e = wl_sql_exec(ctx, s->db, "SELECT sqlcipher_export('rekey')");
    if (!e) {
        snprintf(sql, sizeof(sql), "PRAGMA rekey.user_version = %lld", (long long)version);
        e = wl_sql_exec(ctx, s->db, sql);
    }
    if (!e)
        e = wl_keys_kek(ctx, new_kek, new_dek);
    if (!e)
        e = wl_keys_reseal_all(ctx, s->db, "rekey", s->key_kek, new_kek);
    if (!e)
        e = wl_store_fault(ctx, "re-key: export");
    wallet_err de = wl_sql_exec(ctx, s->db, "DETACH DATABASE rekey");
    wl_memzero(new_kek, sizeof(new_kek));
    return e ? e : de;
}

wallet_err wallet_store_change_secret(wallet_ctx *ctx, wallet_store *store,
                                      const uint8_t *secret, size_t secret_len, unsigned flags)
{
    wl_enter(ctx);
    wallet_err e = wl_store_check_open(ctx, store);
    if (!e)
        e = wl_store_check_flags(ctx, flags, WALLET_STORE_RAW_KEY | WL_LOG2N_MASK);
    if (!e && (flags & WALLET_STORE_RAW_KEY) && (flags & WL_LOG2N_MASK))
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "a keystore key takes no KDF cost");
    if (!e)
        e = wl_store_check_secret(ctx, secret, secret_len, flags);
    uint8_t log2n = 0;
    if (!e && !(flags & WALLET_STORE_RAW_KEY))
        e = wl_store_flags_log2n(ctx, flags, &log2n);
    if (e)
        return e;
    wallet_store *s = store;
    uint8_t new_dek[WL_STORE_DEK_LEN], old_dek[WL_STORE_DEK_LEN], salt[WL_STORE_SALT_LEN];
    wl_slot slot;
    memset(&slot, 0, sizeof(slot));
    memcpy(old_dek, s->dek, sizeof(old_dek));
    e = wl_random(ctx, new_dek, sizeof(new_dek));
    if (!e)
        e = wl_store_export_to_new(ctx, s, new_dek);
    if (!e)
        e = wl_fsync_path(ctx, s->new_path);
    if (!e)
        e = wl_sql_file_salt(ctx, salt, s->new_path);
    if (!e)
        e = wl_slot_make(ctx, &slot, secret, secret_len, flags, log2n, new_dek, salt,
                         WL_STORE_PAGE_SIZE);
    if (e) {
        wl_store_remove_new(s);
        goto out;
    }
    /* Close the live database (checkpointing its WAL into the file) and
     * switch. Afterwards the database at PATH is the old or the new one:
     * reopen whichever it is. The change happened if and only if it is the
     * new one. */
    wl_store_detach_db(s);
    wallet_err se = wl_store_fault(ctx, "re-key: database closed");
    if (!se)
        se = wl_store_switch_in(ctx, s, &slot);
    uint8_t cur[WL_STORE_SALT_LEN];
    int is_new = wl_sql_file_salt(NULL, cur, s->path) == WALLET_OK &&
                 memcmp(cur, salt, sizeof(cur)) == 0;
    memcpy(s->dek, is_new ? new_dek : old_dek, sizeof(s->dek));
    wallet_err re = wl_store_attach_db(ctx, s);
    if (re) {
        wl_memzero(s->dek, sizeof(s->dek));
        wl_lock_release(&s->lock_fd);
        e = re;
    } else if (is_new) {
        wl_enter(ctx);
        e = WALLET_OK;
    } else {
        e = se ? se : wl_err(ctx, WALLET_ERR_INTERNAL, "re-key: the new database is not in place");
    }
    if (!is_new)
        wl_store_remove_new(s);
out:
    wl_memzero(new_dek, sizeof(new_dek));
    wl_memzero(old_dek, sizeof(old_dek));
    wl_memzero(&slot, sizeof(slot));
    return e;
}
