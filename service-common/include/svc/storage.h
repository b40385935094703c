/*
 * Storage: the one small interface behind which both services keep their
 * state, so that the embedded SQLCipher backend (the default: one encrypted
 * file) can be joined by a PostgreSQL backend for several replicas without
 * touching the services.
 *
 * The model is deliberately generic:
 *
 *   - Tables of JSON records. A record lives in a named table
 *     ([a-z0-9_]{1,32}) under a key unique in that table; it has a JSON
 *     value, an optional `ref` (a non-unique secondary key to list by), the
 *     time it was created, and an optional expiry (Unix seconds; 0 = never).
 *     An expired record is as good as gone: get/take answer SVC_ERR_EXPIRED,
 *     an insert may replace it, list skips it, purge deletes it.
 *   - Take-once: svc_storage_take returns a live record and deletes it in
 *     one atomic step; of any number of concurrent takers exactly one gets
 *     it (single-use codes, nonces, state).
 *   - Sequences: named counters handing out 0, 1, 2, ... — never the same
 *     value twice, also across crashes (status-list indexes).
 *   - Transactions: operations given the same svc_txn see and change state
 *     as one atomic unit (read an offer, count a tx_code attempt, write it
 *     back). Without a txn (NULL) every operation is atomic by itself.
 *
 * How the services' state maps onto it (issues 7 and 8), for example:
 *   offer (key: offer id, expiry), pre-authorized code (take-once), tx_code
 *   attempts (get + put SVC_PUT_UPDATE in one txn), c_nonce (take-once,
 *   short expiry), issued-credential audit (ref: citizen record id),
 *   status-list index (sequence "status:<list>") and status values,
 *   presentation session (ref: relying party), its nonce and state
 *   (take-once).
 *
 * Times come from the storage's clock (svc_storage_set_clock; wall clock by
 * default) so tests can move time. All functions are thread-safe; a svc_txn
 * is used by one thread at a time and must be passed to every call made
 * while it is open (a call without it waits for the transaction's lock).
 */
#ifndef SVC_STORAGE_H
#define SVC_STORAGE_H

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_storage svc_storage;
typedef struct svc_txn svc_txn;

#define SVC_STORAGE_MAX_KEY 256       /* bytes of a key or ref */
#define SVC_STORAGE_MAX_VALUE (1024 * 1024)
#define SVC_STORAGE_MAX_LIST 10000    /* records returned by one list */

typedef struct svc_record {
    char *key;
    char *ref;          /* NULL when none */
    char *value;        /* JSON text, NUL-terminated */
    size_t value_len;
    int64_t created_at; /* Unix seconds */
    int64_t expires_at; /* Unix seconds; 0 = never */
} svc_record;

/* Release what a get/take put into a record (the struct itself is the
 * caller's) / an array from svc_storage_list. NULL is a no-op. */
void svc_record_clear(svc_record *rec);
void svc_records_free(svc_record *recs, size_t n);

typedef enum svc_put_mode {
    SVC_PUT_INSERT = 0,  /* new key (an expired record is replaced); SVC_ERR_EXISTS if live */
    SVC_PUT_REPLACE = 1, /* insert or overwrite */
    SVC_PUT_UPDATE = 2   /* overwrite a live record; SVC_ERR_NOT_FOUND / SVC_ERR_EXPIRED */
} svc_put_mode;

/* value: JSON text (checked); ref may be NULL; expires_at 0 = never.
 * An overwritten record keeps its created_at. */
svc_err svc_storage_put(svc_storage *st, svc_txn *txn, const char *table, const char *key,
                        const char *ref, const char *value, int64_t expires_at,
                        svc_put_mode mode);

/* Read a live record into *out (clear it with svc_record_clear). Errors:
 * SVC_ERR_NOT_FOUND, SVC_ERR_EXPIRED, storage errors. */
svc_err svc_storage_get(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                        const char *key);

/* Read and delete in one atomic step (an expired record is deleted and
 * answered SVC_ERR_EXPIRED). */
svc_err svc_storage_take(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                         const char *key);

/* Delete (live or expired). SVC_ERR_NOT_FOUND if absent. */
svc_err svc_storage_delete(svc_storage *st, svc_txn *txn, const char *table, const char *key);

/* Live records of a table with this ref (ref NULL: all of the table), oldest
 * first, at most `max` (0 or more than SVC_STORAGE_MAX_LIST: that limit).
 * *out is NULL when *n is 0. */
svc_err svc_storage_list(svc_storage *st, svc_txn *txn, svc_record **out, size_t *n,
                         const char *table, const char *ref, size_t max);

/* Delete every expired record; *removed (may be NULL) counts them. */
svc_err svc_storage_purge(svc_storage *st, size_t *removed);

/* Next value of a sequence ([A-Za-z0-9:._-]{1,128}); the first is 0. */
svc_err svc_storage_seq_next(svc_storage *st, svc_txn *txn, int64_t *out, const char *name);

/* Transactions. begin takes the write lock (waiting up to the busy
 * timeout: SVC_ERR_BUSY); commit and rollback end and free the txn (commit
 * failing rolls back). rollback(NULL) is a no-op. */
svc_err svc_storage_begin(svc_storage *st, svc_txn **out);
svc_err svc_storage_commit(svc_txn *txn);
void svc_storage_rollback(svc_txn *txn);

/* Reachable and readable (for the /healthz readiness check). */
svc_err svc_storage_ping(svc_storage *st);

/* The backend's name ("sqlcipher"). */
const char *svc_storage_backend(const svc_storage *st);

void svc_storage_set_clock(svc_storage *st, svc_clock_fn fn, void *user);
int64_t svc_storage_now(const svc_storage *st);

/* Close (no transaction may be open). NULL is a no-op. */
void svc_storage_close(svc_storage *st);

/* ---- the embedded SQLCipher backend -------------------------------------- */

typedef struct svc_sqlcipher_opts {
    unsigned connections;     /* pool size (one per concurrent caller); default 8 */
    unsigned busy_timeout_ms; /* wait for the write lock / a connection; default 5000 */
    int synchronous_full;     /* 1 (default): fsync every commit, durable across power
                                 loss; 0: WAL "NORMAL", durable across process crashes */
} svc_sqlcipher_opts;

/*
 * Open (creating it, mode 0600) the SQLCipher database at `path`, encrypted
 * under the raw 256-bit `key` — no key is derived from a password here: the
 * caller brings 32 random bytes (from the environment or a key file). WAL
 * journal, busy timeout, temp data in memory, one connection per pool slot.
 * opts may be NULL. Errors: SVC_ERR_BAD_KEY (wrong key, or not a
 * database), SVC_ERR_IO (cannot create/open), SVC_ERR_STORAGE,
 * SVC_ERR_INVALID_ARG, SVC_ERR_NOMEM.
 */
svc_err svc_storage_open_sqlcipher(svc_storage **out, const char *path, const uint8_t key[32],
                                   const svc_sqlcipher_opts *opts);

/*
 * From config: storage.backend ("sqlcipher", the default; "postgresql" is
 * reserved for the future backend and refused for now), storage.path
 * (required, relative to the config file), the secret storage.key (64 hex
 * digits: environment <PREFIX>_STORAGE_KEY, <PREFIX>_STORAGE_KEY_FILE, or
 * storage.key_file), storage.connections, storage.busy_timeout_ms,
 * storage.synchronous ("full" | "normal").
 * First start: when storage.key_file names a file that does not exist and
 * the database does not exist either, a random key is written there (0600).
 */
svc_err svc_storage_open_config(svc_storage **out, svc_config *cfg);

/* ---- backend interface (for implementing another backend) ----------------
 *
 * A backend's handle begins with `struct svc_storage` and its transaction
 * with `struct svc_txn`. The public functions above validate arguments
 * (names, sizes, JSON), take `now` from the clock, and call these; a
 * backend may assume valid arguments. get with take=1 is take-once. Each
 * operation given txn NULL must be atomic on its own.
 */
typedef struct svc_storage_ops {
    const char *name;
    void (*close)(svc_storage *st);
    svc_err (*ping)(svc_storage *st);
    svc_err (*begin)(svc_storage *st, svc_txn **out);
    svc_err (*commit)(svc_txn *txn);
    void (*rollback)(svc_txn *txn);
    svc_err (*put)(svc_storage *st, svc_txn *txn, const char *table, const char *key,
                   const char *ref, const char *value, size_t value_len, int64_t expires_at,
                   svc_put_mode mode, int64_t now);
    svc_err (*get)(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                   const char *key, int take, int64_t now);
    svc_err (*del)(svc_storage *st, svc_txn *txn, const char *table, const char *key);
    svc_err (*list)(svc_storage *st, svc_txn *txn, svc_record **out, size_t *n,
                    const char *table, const char *ref, size_t max, int64_t now);
    svc_err (*purge)(svc_storage *st, size_t *removed, int64_t now);
    svc_err (*seq_next)(svc_storage *st, svc_txn *txn, int64_t *out, const char *name);
} svc_storage_ops;

struct svc_storage {
    const svc_storage_ops *ops;
    svc_clock_fn clock;
    void *clock_user;
};

struct svc_txn {
    svc_storage *st;
};

#ifdef __cplusplus
}
#endif
#endif /* SVC_STORAGE_H */
