/*
 * The embedded storage backend: one SQLCipher file (SQLite with every page
 * encrypted, AES-256 + HMAC per page), under a raw 256-bit key.
 *
 * Debian ships SQLCipher 3.4 (SQLite 3.15): no UPSERT, no RETURNING, and a
 * passphrase KDF we must not rely on (DESIGN.md) — so the key is passed in
 * SQLCipher's raw form x'<64 hex>' (no derivation), and read-modify-write
 * steps run inside BEGIN IMMEDIATE transactions, which take the write lock
 * up front: two connections can never both read a record and then both
 * delete it, which is what makes take-once exact under concurrency.
 *
 * Concurrency: a pool of connections, one per concurrent caller (SQLite
 * connections are not shared between threads here: SQLITE_OPEN_NOMUTEX and
 * the pool's lock give each to one thread at a time). WAL journal: readers
 * do not block the writer; writers queue on the write lock with a busy
 * timeout.
 */
#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <wallet/common.h>

#include "internal.h"
#include "svc/storage.h"

#define SVCI_SCHEMA_VERSION 1

enum {
    Q_SEL,
    Q_INS,
    Q_UPD,
    Q_DEL,
    Q_LIST_REF,
    Q_LIST_ALL,
    Q_PURGE,
    Q_SEQ_SEL,
    Q_SEQ_INS,
    Q_SEQ_UPD,
    Q_BEGIN,
    Q_COMMIT,
    Q_ROLLBACK,
    Q_PING,
    Q_COUNT
};

static const char *const svci_sql[Q_COUNT] = {
    [Q_SEL] = "SELECT ref, value, created_at, expires_at FROM records WHERE tbl = ?1 AND key = ?2",
    [Q_INS] = "INSERT OR REPLACE INTO records(tbl, key, ref, value, created_at, expires_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_UPD] = "UPDATE records SET ref = ?3, value = ?4, expires_at = ?5 "
              "WHERE tbl = ?1 AND key = ?2",
    [Q_DEL] = "DELETE FROM records WHERE tbl = ?1 AND key = ?2",
    [Q_LIST_REF] = "SELECT key, ref, value, created_at, expires_at FROM records "
                   "WHERE tbl = ?1 AND ref = ?2 AND (expires_at = 0 OR expires_at > ?3) "
                   "ORDER BY created_at, key LIMIT ?4",
    [Q_LIST_ALL] = "SELECT key, ref, value, created_at, expires_at FROM records "
                   "WHERE tbl = ?1 AND (expires_at = 0 OR expires_at > ?2) "
                   "ORDER BY created_at, key LIMIT ?3",
    [Q_PURGE] = "DELETE FROM records WHERE expires_at > 0 AND expires_at <= ?1",
    [Q_SEQ_SEL] = "SELECT value FROM sequences WHERE name = ?1",
    [Q_SEQ_INS] = "INSERT INTO sequences(name, value) VALUES (?1, 1)",
    [Q_SEQ_UPD] = "UPDATE sequences SET value = value + 1 WHERE name = ?1",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PING] = "SELECT count(*) FROM sqlite_master",
};

static const char svci_schema[] =
    "CREATE TABLE IF NOT EXISTS records ("
    " tbl TEXT NOT NULL, key TEXT NOT NULL, ref TEXT, value TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (tbl, key)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS records_ref ON records (tbl, ref, created_at)"
    " WHERE ref IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS records_expiry ON records (expires_at) WHERE expires_at > 0;"
    "CREATE TABLE IF NOT EXISTS sequences ("
    " name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;";

typedef struct svci_conn {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    int in_use;
} svci_conn;

typedef struct svci_sq {
    struct svc_storage base;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* Writers of this process queue here rather than in SQLite's busy
     * handler, which polls with sleeps and lets one thread win again and
     * again; SQLite's own lock (and busy timeout) still orders writers of
     * other processes. */
    pthread_mutex_t write_mu;
    svci_conn *conns;
    size_t nconns;
    unsigned busy_ms;
} svci_sq;

typedef struct svci_sq_txn {
    struct svc_txn base;
    svci_conn *c;
} svci_sq_txn;

/* ---- errors ------------------------------------------------------------------ */

static svc_err svci_sqerr(int rc, const char *what)
{
    switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return svci_err(SVC_ERR_BUSY, "storage: %s: database busy", what);
    case SQLITE_NOTADB:
        return svci_err(SVC_ERR_BAD_KEY, "storage: %s: wrong key, or not an encrypted database",
                        what);
    case SQLITE_NOMEM:
        return svci_err(SVC_ERR_NOMEM, "storage: %s: out of memory", what);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_READONLY:
        return svci_err(SVC_ERR_IO, "storage: %s: %s", what, sqlite3_errstr(rc));
    default:
        return svci_err(SVC_ERR_STORAGE, "storage: %s: %s", what, sqlite3_errstr(rc));
    }
}

/* ---- the pool --------------------------------------------------------------- */

static svc_err svci_acquire(svci_sq *sq, svci_conn **out)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += sq->busy_ms / 1000;
    deadline.tv_nsec += (long)(sq->busy_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&sq->mu);
    for (;;) {
        for (size_t i = 0; i < sq->nconns; i++)
            if (!sq->conns[i].in_use) {
                sq->conns[i].in_use = 1;
                pthread_mutex_unlock(&sq->mu);
                *out = &sq->conns[i];
                return SVC_OK;
            }
        if (pthread_cond_timedwait(&sq->cv, &sq->mu, &deadline) == ETIMEDOUT) {
            pthread_mutex_unlock(&sq->mu);
            *out = NULL;
            return svci_err(SVC_ERR_BUSY, "storage: no free connection within %u ms",
                            sq->busy_ms);
        }
    }
}

static svc_err svci_write_lock(svci_sq *sq)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline); /* pthread_mutex_timedlock's clock */
    deadline.tv_sec += sq->busy_ms / 1000;
    deadline.tv_nsec += (long)(sq->busy_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(&sq->write_mu, &deadline) != 0)
        return svci_err(SVC_ERR_BUSY, "storage: write lock not obtained within %u ms",
                        sq->busy_ms);
    return SVC_OK;
}

static void svci_release(svci_sq *sq, svci_conn *c)
{
    pthread_mutex_lock(&sq->mu);
    c->in_use = 0;
    pthread_cond_signal(&sq->cv);
    pthread_mutex_unlock(&sq->mu);
}

/* Run a statement without result rows (BEGIN, COMMIT, ...). */
static int svci_exec(svci_conn *c, int q)
{
    sqlite3_stmt *s = c->q[q];
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void svci_done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/* ---- operations on one connection (inside a transaction) --------------------- */

typedef struct svci_args {
    const char *table, *key, *ref, *value;
    size_t value_len;
    int64_t expires_at, now;
    svc_put_mode mode;
    int take;
    svc_record *rec;
    svc_record **recs;
    size_t *n, max;
    int64_t *seq;
    size_t *removed;
    int commit_anyway; /* the operation failed but its changes stand */
} svci_args;

typedef svc_err (*svci_core_fn)(svci_conn *c, svci_args *a);

static char *svci_col_text(sqlite3_stmt *s, int col, size_t *len)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    int n = sqlite3_column_bytes(s, col);
    if (len)
        *len = t ? (size_t)n : 0;
    return t ? svci_strndup((const char *)t, (size_t)n) : NULL;
}

/* Look up (tbl, key): 1 with expiry if found, 0 if absent, <0 sqlite error. */
static int svci_lookup_expiry(svci_conn *c, const svci_args *a, int64_t *expires, int *rc_out)
{
    sqlite3_stmt *s = c->q[Q_SEL];
    sqlite3_bind_text(s, 1, a->table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    int found = rc == SQLITE_ROW;
    if (found)
        *expires = sqlite3_column_int64(s, 3);
    svci_done(s);
    *rc_out = rc;
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? found : -1;
}

static int svci_live(int64_t expires, int64_t now)
{
    return expires == 0 || expires > now;
}

static svc_err svci_core_put(svci_conn *c, svci_args *a)
{
    int64_t exp = 0;
    int rc;
    int found = svci_lookup_expiry(c, a, &exp, &rc);
    if (found < 0)
        return svci_sqerr(rc, "put");
    int live = found && svci_live(exp, a->now);
    int update = 0;
    switch (a->mode) {
    case SVC_PUT_INSERT:
        if (live)
            return svci_err(SVC_ERR_EXISTS, "storage: %s: key already present", a->table);
        break;
    case SVC_PUT_REPLACE:
        update = live; /* keeps created_at */
        break;
    case SVC_PUT_UPDATE:
        if (!found)
            return svci_err(SVC_ERR_NOT_FOUND, "storage: %s: no such key", a->table);
        if (!live)
            return svci_err(SVC_ERR_EXPIRED, "storage: %s: record expired", a->table);
        update = 1;
        break;
    }
    sqlite3_stmt *s = c->q[update ? Q_UPD : Q_INS];
    sqlite3_bind_text(s, 1, a->table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->key, -1, SQLITE_STATIC);
    if (a->ref)
        sqlite3_bind_text(s, 3, a->ref, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_text(s, 4, a->value, (int)a->value_len, SQLITE_STATIC);
    if (update) {
        sqlite3_bind_int64(s, 5, a->expires_at);
    } else {
        sqlite3_bind_int64(s, 5, a->now);
        sqlite3_bind_int64(s, 6, a->expires_at);
    }
    rc = sqlite3_step(s);
    svci_done(s);
    return rc == SQLITE_DONE ? SVC_OK : svci_sqerr(rc, "put");
}

static svc_err svci_delete_key(svci_conn *c, const svci_args *a, int *changed)
{
    sqlite3_stmt *s = c->q[Q_DEL];
    sqlite3_bind_text(s, 1, a->table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    svci_done(s);
    if (changed)
        *changed = sqlite3_changes(c->db);
    return rc == SQLITE_DONE ? SVC_OK : svci_sqerr(rc, "delete");
}

static svc_err svci_core_get(svci_conn *c, svci_args *a)
{
    sqlite3_stmt *s = c->q[Q_SEL];
    sqlite3_bind_text(s, 1, a->table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        svci_done(s);
        return svci_err(SVC_ERR_NOT_FOUND, "storage: %s: no such key", a->table);
    }
    if (rc != SQLITE_ROW) {
        svci_done(s);
        return svci_sqerr(rc, "get");
    }
    svc_record *r = a->rec;
    r->expires_at = sqlite3_column_int64(s, 3);
    r->created_at = sqlite3_column_int64(s, 2);
    int live = svci_live(r->expires_at, a->now);
    if (live) {
        r->key = svci_strdup(a->key);
        r->ref = svci_col_text(s, 0, NULL);
        r->value = svci_col_text(s, 1, &r->value_len);
    }
    int has_ref = sqlite3_column_type(s, 0) != SQLITE_NULL;
    svci_done(s);
    if (live && (!r->key || !r->value || (has_ref && !r->ref)))
        return svci_err(SVC_ERR_NOMEM, "storage: out of memory");
    if (a->take) {
        svc_err e = svci_delete_key(c, a, NULL);
        if (e != SVC_OK)
            return e;
    }
    if (!live) {
        a->commit_anyway = a->take; /* an expired record taken is gone */
        return svci_err(SVC_ERR_EXPIRED, "storage: %s: record expired", a->table);
    }
    return SVC_OK;
}

static svc_err svci_core_del(svci_conn *c, svci_args *a)
{
    int changed = 0;
    svc_err e = svci_delete_key(c, a, &changed);
    if (e == SVC_OK && !changed)
        return svci_err(SVC_ERR_NOT_FOUND, "storage: %s: no such key", a->table);
    return e;
}

static svc_err svci_core_list(svci_conn *c, svci_args *a)
{
    sqlite3_stmt *s = c->q[a->ref ? Q_LIST_REF : Q_LIST_ALL];
    int i = 1;
    sqlite3_bind_text(s, i++, a->table, -1, SQLITE_STATIC);
    if (a->ref)
        sqlite3_bind_text(s, i++, a->ref, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, i++, a->now);
    sqlite3_bind_int64(s, i++, (int64_t)a->max);
    svc_record *recs = NULL;
    size_t n = 0, cap = 0;
    int rc;
    svc_err e = SVC_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            svc_record *p = realloc(recs, nc * sizeof(*p));
            if (!p) {
                e = svci_err(SVC_ERR_NOMEM, "storage: out of memory");
                break;
            }
            recs = p;
            cap = nc;
        }
        svc_record *r = &recs[n++];
        memset(r, 0, sizeof(*r));
        r->key = svci_col_text(s, 0, NULL);
        r->ref = svci_col_text(s, 1, NULL);
        r->value = svci_col_text(s, 2, &r->value_len);
        r->created_at = sqlite3_column_int64(s, 3);
        r->expires_at = sqlite3_column_int64(s, 4);
        if (!r->key || !r->value || (sqlite3_column_type(s, 1) != SQLITE_NULL && !r->ref)) {
            e = svci_err(SVC_ERR_NOMEM, "storage: out of memory");
            break;
        }
    }
    if (e == SVC_OK && rc != SQLITE_DONE)
        e = svci_sqerr(rc, "list");
    svci_done(s);
    *a->recs = recs;
    *a->n = n;
    return e;
}

static svc_err svci_core_purge(svci_conn *c, svci_args *a)
{
    sqlite3_stmt *s = c->q[Q_PURGE];
    sqlite3_bind_int64(s, 1, a->now);
    int rc = sqlite3_step(s);
    svci_done(s);
    if (rc != SQLITE_DONE)
        return svci_sqerr(rc, "purge");
    *a->removed = (size_t)sqlite3_changes(c->db);
    return SVC_OK;
}

static svc_err svci_core_seq(svci_conn *c, svci_args *a)
{
    sqlite3_stmt *s = c->q[Q_SEQ_SEL];
    sqlite3_bind_text(s, 1, a->key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    svci_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return svci_sqerr(rc, "sequence");
    s = c->q[rc == SQLITE_ROW ? Q_SEQ_UPD : Q_SEQ_INS];
    sqlite3_bind_text(s, 1, a->key, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    svci_done(s);
    if (rc != SQLITE_DONE)
        return svci_sqerr(rc, "sequence");
    *a->seq = v;
    return SVC_OK;
}

/* Run core on the transaction's connection, or on a pooled connection in a
 * transaction of its own (write = BEGIN IMMEDIATE ... COMMIT). */
static svc_err svci_run(svc_storage *st, svc_txn *txn, svci_core_fn core, svci_args *a,
                        int write)
{
    if (txn)
        return core(((svci_sq_txn *)txn)->c, a);
    svci_sq *sq = (svci_sq *)st;
    svci_conn *c = NULL;
    svc_err e = svci_acquire(sq, &c);
    if (e != SVC_OK)
        return e;
    if (!write) {
        e = core(c, a);
        svci_release(sq, c);
        return e;
    }
    e = svci_write_lock(sq);
    if (e != SVC_OK) {
        svci_release(sq, c);
        return e;
    }
    int rc = svci_exec(c, Q_BEGIN);
    if (rc != SQLITE_OK) {
        pthread_mutex_unlock(&sq->write_mu);
        svci_release(sq, c);
        return svci_sqerr(rc, "begin");
    }
    e = core(c, a);
    if (e == SVC_OK || a->commit_anyway) {
        char keep[320];
        snprintf(keep, sizeof(keep), "%s", svc_errmsg());
        rc = svci_exec(c, Q_COMMIT);
        if (rc != SQLITE_OK) {
            e = svci_sqerr(rc, "commit");
            svci_exec(c, Q_ROLLBACK);
        } else if (e != SVC_OK) {
            svci_err(e, "%s", keep);
        }
    } else {
        char keep[320];
        snprintf(keep, sizeof(keep), "%s", svc_errmsg());
        svci_exec(c, Q_ROLLBACK);
        svci_err(e, "%s", keep);
    }
    pthread_mutex_unlock(&sq->write_mu);
    svci_release(sq, c);
    return e;
}

/* ---- the ops table ------------------------------------------------------------ */

static svc_err svci_sq_put(svc_storage *st, svc_txn *txn, const char *table, const char *key,
                           const char *ref, const char *value, size_t value_len,
                           int64_t expires_at, svc_put_mode mode, int64_t now)
{
    svci_args a = {.table = table, .key = key, .ref = ref, .value = value,
                   .value_len = value_len, .expires_at = expires_at, .now = now, .mode = mode};
    return svci_run(st, txn, svci_core_put, &a, 1);
}

static svc_err svci_sq_get(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                           const char *key, int take, int64_t now)
{
    svci_args a = {.table = table, .key = key, .now = now, .take = take, .rec = out};
    return svci_run(st, txn, svci_core_get, &a, take);
}

static svc_err svci_sq_del(svc_storage *st, svc_txn *txn, const char *table, const char *key)
{
    svci_args a = {.table = table, .key = key};
    return svci_run(st, txn, svci_core_del, &a, 1);
}

static svc_err svci_sq_list(svc_storage *st, svc_txn *txn, svc_record **out, size_t *n,
                            const char *table, const char *ref, size_t max, int64_t now)
{
    svci_args a = {.table = table, .ref = ref, .now = now, .recs = out, .n = n, .max = max};
    return svci_run(st, txn, svci_core_list, &a, 0);
}

static svc_err svci_sq_purge(svc_storage *st, size_t *removed, int64_t now)
{
    svci_args a = {.now = now, .removed = removed};
    return svci_run(st, NULL, svci_core_purge, &a, 1);
}

static svc_err svci_sq_seq(svc_storage *st, svc_txn *txn, int64_t *out, const char *name)
{
    svci_args a = {.key = name, .seq = out};
    return svci_run(st, txn, svci_core_seq, &a, 1);
}

static svc_err svci_core_ping(svci_conn *c, svci_args *a)
{
    (void)a;
    sqlite3_stmt *s = c->q[Q_PING];
    int rc = sqlite3_step(s);
    svci_done(s);
    return rc == SQLITE_ROW ? SVC_OK : svci_sqerr(rc, "ping");
}

static svc_err svci_sq_ping(svc_storage *st)
{
    svci_args a;
    memset(&a, 0, sizeof(a));
    return svci_run(st, NULL, svci_core_ping, &a, 0);
}

static svc_err svci_sq_begin(svc_storage *st, svc_txn **out)
{
    svci_sq *sq = (svci_sq *)st;
    svci_sq_txn *t = calloc(1, sizeof(*t));
    if (!t)
        return svci_err(SVC_ERR_NOMEM, "storage: out of memory");
    svc_err e = svci_acquire(sq, &t->c);
    if (e != SVC_OK) {
        free(t);
        return e;
    }
    e = svci_write_lock(sq);
    if (e != SVC_OK) {
        svci_release(sq, t->c);
        free(t);
        return e;
    }
    int rc = svci_exec(t->c, Q_BEGIN);
    if (rc != SQLITE_OK) {
        pthread_mutex_unlock(&sq->write_mu);
        svci_release(sq, t->c);
        free(t);
        return svci_sqerr(rc, "begin");
    }
    t->base.st = st;
    *out = &t->base;
    return SVC_OK;
}

static svc_err svci_sq_commit(svc_txn *txn)
{
    svci_sq_txn *t = (svci_sq_txn *)txn;
    svci_sq *sq = (svci_sq *)txn->st;
    int rc = svci_exec(t->c, Q_COMMIT);
    svc_err e = SVC_OK;
    if (rc != SQLITE_OK) {
        e = svci_sqerr(rc, "commit");
        svci_exec(t->c, Q_ROLLBACK);
    }
    pthread_mutex_unlock(&sq->write_mu);
    svci_release(sq, t->c);
    free(t);
    return e;
}

static void svci_sq_rollback(svc_txn *txn)
{
    svci_sq_txn *t = (svci_sq_txn *)txn;
    svci_sq *sq = (svci_sq *)txn->st;
    svci_exec(t->c, Q_ROLLBACK);
    pthread_mutex_unlock(&sq->write_mu);
    svci_release(sq, t->c);
    free(t);
}

static void svci_conn_close(svci_conn *c)
{
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(c->q[i]);
    sqlite3_close(c->db);
    memset(c, 0, sizeof(*c));
}

static void svci_sq_close(svc_storage *st)
{
    svci_sq *sq = (svci_sq *)st;
    /* Close the first connection last: the last close checkpoints the WAL
     * into the database file and removes it. */
    for (size_t i = sq->nconns; i-- > 0;)
        svci_conn_close(&sq->conns[i]);
    free(sq->conns);
    pthread_cond_destroy(&sq->cv);
    pthread_mutex_destroy(&sq->mu);
    pthread_mutex_destroy(&sq->write_mu);
    free(sq);
}

static const svc_storage_ops svci_sqlcipher_ops = {
    .name = "sqlcipher",
    .close = svci_sq_close,
    .ping = svci_sq_ping,
    .begin = svci_sq_begin,
    .commit = svci_sq_commit,
    .rollback = svci_sq_rollback,
    .put = svci_sq_put,
    .get = svci_sq_get,
    .del = svci_sq_del,
    .list = svci_sq_list,
    .purge = svci_sq_purge,
    .seq_next = svci_sq_seq,
};

/* ---- opening ---------------------------------------------------------------------- */

/* A PRAGMA whose single result row must equal `want` (NULL: ignore). */
static int svci_pragma(sqlite3 *db, const char *sql, const char *want)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && want) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        if (!t || strcasecmp((const char *)t, want) != 0)
            rc = SQLITE_ERROR;
        else
            rc = SQLITE_OK;
    } else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

static svc_err svci_conn_open(svci_conn *c, const char *path, const char *keystr, int first,
                              const svc_sqlcipher_opts *o)
{
    int rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return svci_sqerr(rc, "open");
    rc = sqlite3_key(c->db, keystr, (int)strlen(keystr));
    if (rc != SQLITE_OK)
        return svci_sqerr(rc, "key");
    sqlite3_busy_timeout(c->db, (int)o->busy_timeout_ms);
    /* The first read decrypts page 1: a wrong key shows here as NOTADB. */
    rc = svci_pragma(c->db, "SELECT count(*) FROM sqlite_master", NULL);
    if (rc != SQLITE_OK)
        return svci_sqerr(rc, "open");
    /* Temporary tables and indices in memory, never in plaintext temp files. */
    rc = svci_pragma(c->db, "PRAGMA temp_store = MEMORY", NULL);
    if (rc == SQLITE_OK)
        rc = svci_pragma(c->db, o->synchronous_full ? "PRAGMA synchronous = FULL"
                                                    : "PRAGMA synchronous = NORMAL", NULL);
    if (rc == SQLITE_OK && first)
        rc = svci_pragma(c->db, "PRAGMA journal_mode = WAL", "wal");
    if (rc != SQLITE_OK)
        return svci_sqerr(rc, "configure");
    if (first) {
        sqlite3_stmt *s = NULL;
        int64_t version = 0;
        rc = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL);
        if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            version = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        if (version > SVCI_SCHEMA_VERSION)
            return svci_err(SVC_ERR_STORAGE, "storage: schema version %lld is newer than this "
                            "program (%d)", (long long)version, SVCI_SCHEMA_VERSION);
        char *msg = NULL;
        rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(c->db, svci_schema, NULL, NULL, &msg);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(c->db, "PRAGMA user_version = 1", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
        else
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_free(msg);
        if (rc != SQLITE_OK)
            return svci_sqerr(rc, "schema");
    }
    for (int i = 0; i < Q_COUNT; i++) {
        rc = sqlite3_prepare_v2(c->db, svci_sql[i], -1, &c->q[i], NULL);
        if (rc != SQLITE_OK)
            return svci_sqerr(rc, "prepare");
    }
    return SVC_OK;
}

svc_err svc_storage_open_sqlcipher(svc_storage **out, const char *path, const uint8_t key[32],
                                   const svc_sqlcipher_opts *opts)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL output");
    *out = NULL;
    if (!path || !*path || !key)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL path or key");
    if (!sqlite3_threadsafe())
        return svci_err(SVC_ERR_STORAGE, "storage: SQLCipher was built without thread support");
    svc_sqlcipher_opts o = {8, 5000, 1};
    if (opts) {
        o = *opts;
        if (!o.connections)
            o.connections = 8;
        if (o.connections > 256)
            return svci_err(SVC_ERR_INVALID_ARG, "storage: at most 256 connections");
    }
    /* Create the file ourselves so that it is 0600 from the start (SQLite
     * gives the -wal and -shm files the database file's mode). */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return svci_err(SVC_ERR_IO, "storage: cannot open %s (%s)", path, strerror(errno));
    close(fd);

    svci_sq *sq = calloc(1, sizeof(*sq));
    if (!sq || !(sq->conns = calloc(o.connections, sizeof(svci_conn)))) {
        free(sq);
        return svci_err(SVC_ERR_NOMEM, "storage: out of memory");
    }
    sq->base.ops = &svci_sqlcipher_ops;
    sq->nconns = o.connections;
    sq->busy_ms = o.busy_timeout_ms;
    pthread_mutex_init(&sq->mu, NULL);
    pthread_mutex_init(&sq->write_mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&sq->cv, &ca);
    pthread_condattr_destroy(&ca);

    /* SQLCipher's raw-key form: x'<64 hex digits>' — used as the AES key
     * as is, no passphrase derivation. */
    char keystr[68];
    keystr[0] = 'x';
    keystr[1] = '\'';
    svci_hex(keystr + 2, key, 32);
    keystr[66] = '\'';
    keystr[67] = '\0';
    svc_err e = SVC_OK;
    for (size_t i = 0; i < o.connections && e == SVC_OK; i++)
        e = svci_conn_open(&sq->conns[i], path, keystr, i == 0, &o);
    wallet_memzero(keystr, sizeof(keystr));
    if (e != SVC_OK) {
        char keep[320];
        snprintf(keep, sizeof(keep), "%s", svc_errmsg());
        svci_sq_close(&sq->base);
        return svci_err(e, "%s", keep);
    }
    *out = &sq->base;
    return SVC_OK;
}
