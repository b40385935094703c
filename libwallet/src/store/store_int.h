/*
 * The wallet store (include/wallet/store.h), internal interface.
 *
 * Files by concept:
 *   sql.c       SQLCipher: opening with a raw key, the cipher check, pragmas,
 *               statement helpers, SQLite result codes → wallet_err
 *   header.c    the plain header file: format, atomic writes, the failed-
 *               attempt counter and its delays, the lock file
 *   keying.c    create / open / lock / unlock / change secret; wrapping the
 *               data key; switching a new database file in atomically
 *   schema.c    schema versions and migrations
 *   documents.c add / list / show / get / delete, metadata
 *   index.c     the claim-path index and DCQL-style matching
 *   keys.c      holder keys and the signing handles handed out
 *   consent.c   the consent log
 *   backup.c    backup and restore
 *
 * SQLCipher is an SQLite fork exporting the same sqlite3_* symbols, so its
 * header is included only here in src/store/ (never in a public header).
 */
#ifndef WL_STORE_INT_H
#define WL_STORE_INT_H

#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>

#include "../core/buf.h"
#include "../core/internal.h"
#include "../crypto/crypto.h"
#include "wallet/store.h"

/* ---- constants ------------------------------------------------------------------ */

#define WL_STORE_DEK_LEN 32       /* the database's data key (SQLCipher raw key) */
#define WL_STORE_SALT_LEN 16      /* scrypt salt; SQLCipher's file salt is 16 bytes too */
#define WL_STORE_PAGE_SIZE 4096   /* SQLCipher page size (3.4 defaults to 1024) */
#define WL_STORE_ID_LEN 16        /* base64url characters of an identifier (12 random bytes) */
#define WL_STORE_SECRET_MAX 1024  /* PIN / passphrase bytes */
#define WL_STORE_LOG2N_MIN 10
#define WL_STORE_LOG2N_MAX 18     /* 128 * 2^18 * 8 = 256 MiB of scrypt memory */
#define WL_STORE_SCRYPT_R 8
#define WL_STORE_SCRYPT_P 1
#define WL_STORE_MAX_NODES 10000  /* claim-index entries per credential */
#define WL_STORE_NAME_MAX 256     /* display names, external key handles */
#define WL_STORE_BATCH_MAX 1024   /* copies in one wallet_store_add_batch() */

/* Page cache of a connection: decrypted pages are kept, so that matching
 * and listing do not decrypt (AES + HMAC) the same pages again. SQLite's
 * default (2,000 KiB) holds ~500 pages: a store of 10,000 credentials has
 * ~4,000. The cache grows only as pages are read. */
#define WL_STORE_CACHE_PRAGMA "PRAGMA cache_size = -16384" /* KiB */

/* Schema version written by this library (PRAGMA user_version). */
#define WL_STORE_SCHEMA_VERSION 2

/* ---- the handle -------------------------------------------------------------------- */

typedef struct wl_keyref wl_keyref;

struct wallet_store {
    char *path;        /* the database */
    char *header_path; /* PATH-header */
    char *lock_path;   /* PATH-lock */
    char *new_path;    /* PATH-new: a database being built (re-key, restore, create) */
    int lock_fd;       /* flock(LOCK_EX) held while open; -1 when locked */
    sqlite3 *db;       /* NULL when locked */
    uint8_t dek[WL_STORE_DEK_LEN];     /* data key; wiped on lock */
    uint8_t key_kek[WL_STORE_DEK_LEN]; /* HKDF(dek): encrypts holder private keys */
    /* external signer for holder keys held outside libwallet */
    wallet_store_signer_fn signer;
    void *signer_user;
    unsigned signer_flags;
    /* signing handles handed out (disabled on lock) */
    wl_keyref **refs;
    size_t n_refs, cap_refs;
};

/* Fails with WALLET_ERR_STATE when the store is locked. */
WL_HIDDEN wallet_err wl_store_check_open(wallet_ctx *ctx, const wallet_store *s);

/* Flags accepted by a call: WALLET_ERR_INVALID_ARG for any other bit. The
 * scrypt cost field is checked separately. */
WL_HIDDEN wallet_err wl_store_check_flags(wallet_ctx *ctx, unsigned flags, unsigned allowed);

/* The scrypt log2(N) asked for by flags (default when 0), or an error. */
WL_HIDDEN wallet_err wl_store_flags_log2n(wallet_ctx *ctx, unsigned flags, uint8_t *log2n);

/* Validate a PIN / key argument for the mode in flags. */
WL_HIDDEN wallet_err wl_store_check_secret(wallet_ctx *ctx, const uint8_t *secret, size_t len,
                                           unsigned flags);

/* A new random identifier: WL_STORE_ID_LEN base64url characters + NUL. */
WL_HIDDEN wallet_err wl_store_new_id(wallet_ctx *ctx, char out[WL_STORE_ID_LEN + 1]);
/* 1 if s has the shape of an identifier. */
WL_HIDDEN int wl_store_id_valid(const char *s);

/* ---- sql.c ------------------------------------------------------------------------- */

/* Open (or create) the database file with the raw data key, check that the
 * library is SQLCipher, read the first page (a mismatching key is
 * WALLET_ERR_STORE_CORRUPT: the key itself was authenticated before) and set
 * the connection pragmas (exclusive locking, WAL unless `journal_delete`,
 * synchronous FULL, foreign keys, secure delete, temp store in memory). */
WL_HIDDEN wallet_err wl_sql_open(wallet_ctx *ctx, sqlite3 **out, const char *path,
                                 const uint8_t dek[WL_STORE_DEK_LEN], int create,
                                 int journal_delete);
/* Close (finalizing nothing: every statement must be finalized). */
WL_HIDDEN void wl_sql_close(sqlite3 *db);

/* Map an SQLite result to a wallet_err with detail "what: message". */
WL_HIDDEN wallet_err wl_sql_err(wallet_ctx *ctx, sqlite3 *db, int rc, const char *what);

/* Execute SQL without results. */
WL_HIDDEN wallet_err wl_sql_exec(wallet_ctx *ctx, sqlite3 *db, const char *sql);
/* Prepare one statement. */
WL_HIDDEN wallet_err wl_sql_prepare(wallet_ctx *ctx, sqlite3 *db, sqlite3_stmt **st,
                                    const char *sql);
/* Step a statement that returns no row (DONE expected). */
WL_HIDDEN wallet_err wl_sql_step_done(wallet_ctx *ctx, sqlite3 *db, sqlite3_stmt *st,
                                      const char *what);

/* Transactions (BEGIN IMMEDIATE / COMMIT / ROLLBACK). Rollback never fails
 * visibly. */
WL_HIDDEN wallet_err wl_sql_begin(wallet_ctx *ctx, sqlite3 *db);
WL_HIDDEN wallet_err wl_sql_commit(wallet_ctx *ctx, sqlite3 *db);
WL_HIDDEN void wl_sql_rollback(sqlite3 *db);

/* Bind helpers: NULL text / empty blob bind SQL NULL. Return SQLite codes. */
WL_HIDDEN int wl_sql_bind_text(sqlite3_stmt *st, int i, const char *s);
WL_HIDDEN int wl_sql_bind_blob(sqlite3_stmt *st, int i, const void *p, size_t n);

/* Column as a C string (NULL for SQL NULL). Valid until the next step. */
WL_HIDDEN const char *wl_sql_text(sqlite3_stmt *st, int col);

/* The integer result of a one-row query with an optional text parameter
 * (WALLET_ERR_NOT_FOUND when there is no row). */
WL_HIDDEN wallet_err wl_sql_int(wallet_ctx *ctx, sqlite3 *db, int64_t *out, const char *sql,
                                const char *param);

/* Read the SQLCipher file salt: the first 16 bytes of the database file.
 * WALLET_ERR_NOT_FOUND if the file does not exist, WALLET_ERR_STORE_CORRUPT
 * when it is shorter. */
WL_HIDDEN wallet_err wl_sql_file_salt(wallet_ctx *ctx, uint8_t salt[WL_STORE_SALT_LEN],
                                      const char *path);

/* Test hook: when > 0, counts down at each wl_store_fault() and fails with
 * WALLET_ERR_IO at zero — or, with wl_store_fault_crash set, ends the
 * process on the spot (used by the tests to interrupt or crash restores
 * and re-keys at every step). */
WL_HIDDEN extern int wl_store_fault_countdown;
WL_HIDDEN extern int wl_store_fault_crash;
WL_HIDDEN wallet_err wl_store_fault(wallet_ctx *ctx, const char *where);

/* ---- header.c ---------------------------------------------------------------------- */

#define WL_SLOT_PIN 1 /* KEK = scrypt(PIN, kdf_salt, N, r, p) */
#define WL_SLOT_RAW 2 /* KEK = the raw key from a keystore */
#define WL_HDR_MAX_SLOTS 2
#define WL_HDR_SIZE 32
#define WL_SLOT_SIZE 100
#define WL_SLOT_AAD_LEN 40 /* kind, parameters, reserved, kdf salt, db salt */

typedef struct wl_slot {
    uint8_t kind;
    uint8_t log2n, r, p; /* scrypt (WL_SLOT_PIN); zero for WL_SLOT_RAW */
    uint8_t kdf_salt[WL_STORE_SALT_LEN];
    uint8_t db_salt[WL_STORE_SALT_LEN]; /* SQLCipher salt of the database it opens */
    uint8_t iv[12];
    uint8_t wrapped[WL_STORE_DEK_LEN];
    uint8_t tag[16];
} wl_slot;

typedef struct wl_header {
    uint32_t page_size;
    uint32_t failures;     /* consecutive failed PIN attempts */
    int64_t last_failure;  /* context time of the last one */
    size_t n_slots;
    wl_slot slots[WL_HDR_MAX_SLOTS];
} wl_header;

/* Parse / serialize (exact size WL_HDR_SIZE + n * WL_SLOT_SIZE). */
WL_HIDDEN wallet_err wl_header_parse(wallet_ctx *ctx, wl_header *h, const uint8_t *in,
                                     size_t len);
WL_HIDDEN size_t wl_header_serialize(const wl_header *h, uint8_t *out, size_t cap);

/* Read PATH-header (WALLET_ERR_NOT_FOUND when absent). */
WL_HIDDEN wallet_err wl_header_read(wallet_ctx *ctx, wl_header *h, const char *path);
/* Replace it atomically: temporary file, fsync, rename, fsync directory. */
WL_HIDDEN wallet_err wl_header_write(wallet_ctx *ctx, const wl_header *h, const char *path);

/* Seconds to wait after `failures` consecutive failures (0 for the first
 * WALLET_STORE_FREE_ATTEMPTS). */
WL_HIDDEN int64_t wl_header_delay(uint32_t failures);
/* Seconds left before the next attempt is accepted at time `now`. */
WL_HIDDEN int64_t wl_header_wait(const wl_header *h, int64_t now);

/* The slot opening the database whose file salt is db_salt, or NULL. */
WL_HIDDEN const wl_slot *wl_header_find(const wl_header *h, const uint8_t *db_salt);

/* Make a slot: derive the KEK from the secret, wrap dek for db_salt. */
WL_HIDDEN wallet_err wl_slot_make(wallet_ctx *ctx, wl_slot *slot, const uint8_t *secret,
                                  size_t secret_len, unsigned flags, uint8_t log2n,
                                  const uint8_t dek[WL_STORE_DEK_LEN],
                                  const uint8_t db_salt[WL_STORE_SALT_LEN],
                                  uint32_t page_size);
/* Unwrap: WALLET_ERR_STORE_WRONG_SECRET when the GCM check fails. */
WL_HIDDEN wallet_err wl_slot_open(wallet_ctx *ctx, uint8_t dek[WL_STORE_DEK_LEN],
                                  const wl_slot *slot, const uint8_t *secret, size_t secret_len,
                                  uint32_t page_size);

/* The lock file: open and flock(LOCK_EX | LOCK_NB). WALLET_ERR_STORE_BUSY
 * when held elsewhere. */
WL_HIDDEN wallet_err wl_lock_acquire(wallet_ctx *ctx, int *fd, const char *lock_path);
WL_HIDDEN void wl_lock_release(int *fd);

/* Write-then-sync helpers for the other files. */
WL_HIDDEN wallet_err wl_fsync_path(wallet_ctx *ctx, const char *path);
WL_HIDDEN wallet_err wl_fsync_dir_of(wallet_ctx *ctx, const char *path);

/* ---- keying.c ---------------------------------------------------------------------- */

/* Allocate a locked handle for `path` (paths of the companion files). */
WL_HIDDEN wallet_err wl_store_alloc(wallet_ctx *ctx, wallet_store **out, const char *path);
/* Open the database with s->dek, migrate, derive key_kek. */
WL_HIDDEN wallet_err wl_store_attach_db(wallet_ctx *ctx, wallet_store *s);
/* Close the database and wipe keys (the lock stays). */
WL_HIDDEN void wl_store_detach_db(wallet_store *s);

/* Build an empty database with the current schema at s->new_path, encrypted
 * with dek; returns it open (journal DELETE) for filling. */
WL_HIDDEN wallet_err wl_store_build_new(wallet_ctx *ctx, sqlite3 **out, const wallet_store *s,
                                        const uint8_t dek[WL_STORE_DEK_LEN]);
/* Put the finished, closed database at s->new_path (its salt already in
 * `slot`) in place of s->path. The current database's slot stays in the
 * header until the rename is done, so a crash leaves either database
 * openable with its own secret. The caller holds the lock. */
WL_HIDDEN wallet_err wl_store_switch_in(wallet_ctx *ctx, wallet_store *s, wl_slot *slot);
/* Fills a database being created (restore) before it is switched in. */
typedef wallet_err (*wl_store_fill_fn)(wallet_ctx *ctx, sqlite3 *db, const uint8_t *dek,
                                       void *arg);
/* Create the store at s->path under `secret` (flags as wallet_store_create,
 * plus WALLET_STORE_REPLACE), filled by `fill` (may be NULL); on success the
 * handle is open. */
WL_HIDDEN wallet_err wl_store_create_filled(wallet_ctx *ctx, wallet_store *s,
                                            const uint8_t *secret, size_t secret_len,
                                            unsigned flags, wl_store_fill_fn fill,
                                            void *fill_arg);
/* Remove s->new_path and its journal files. */
WL_HIDDEN void wl_store_remove_new(const wallet_store *s);

/* ---- schema.c ---------------------------------------------------------------------- */

/* Bring an open database to the current schema (from 0 = empty) in one
 * transaction. WALLET_ERR_STORE_SCHEMA when it is newer. */
WL_HIDDEN wallet_err wl_schema_migrate(wallet_ctx *ctx, sqlite3 *db);
/* Test hook: when non-zero, new databases are created at this older schema
 * version and opening does not migrate past it. */
WL_HIDDEN extern int wl_schema_target_for_tests;

/* ---- index.c ----------------------------------------------------------------------- */

/* JSON types recorded per claim path. */
enum { WL_JT_NULL = 0, WL_JT_BOOL = 1, WL_JT_NUMBER = 2, WL_JT_STRING = 3, WL_JT_ARRAY = 4,
       WL_JT_OBJECT = 5 };

typedef struct wl_index_entry {
    char *path;  /* JSON array text, array positions as null: ["a",null,"b"] */
    int jtype;
    char *value; /* canonical JSON of a scalar; "" for arrays and objects */
} wl_index_entry;

typedef struct wl_index {
    wl_index_entry *e;
    size_t n, cap;
} wl_index;

/* Every node of a claims object (members and array elements, recursively).
 * WALLET_ERR_TOO_LARGE beyond WL_STORE_MAX_NODES. */
WL_HIDDEN wallet_err wl_index_build(wallet_ctx *ctx, wl_index *idx, const char *claims_json,
                                    size_t len);
WL_HIDDEN void wl_index_free(wl_index *idx);
/* Insert the entries for credential row `cred`. */
WL_HIDDEN wallet_err wl_index_store(wallet_ctx *ctx, sqlite3 *db, int64_t cred,
                                    const wl_index *idx);

/* A parsed DCQL-style query (for the fuzz target and the tests). */
typedef struct wl_query wl_query;
WL_HIDDEN wallet_err wl_query_parse(wallet_ctx *ctx, wl_query **out, const char *json,
                                    size_t len);
WL_HIDDEN void wl_query_free(wl_query *q);
WL_HIDDEN size_t wl_query_count(const wl_query *q);

/* ---- documents.c ------------------------------------------------------------------- */

/* Row id of credential `uid` (WALLET_ERR_NOT_FOUND). */
WL_HIDDEN wallet_err wl_cred_rowid(wallet_ctx *ctx, wallet_store *s, const char *uid,
                                   int64_t *rowid);

/* A prepared credential (verified, indexed) waiting to be inserted. */
typedef struct wl_cred {
    uint8_t *raw;
    size_t raw_len;
    uint8_t digest[32];
    char *format, *type, *issuer, *status_uri, *display_name, *claims, *detail, *batch;
    int64_t iat, nbf, exp, status_idx, added_at, used_at;
    int valid;
    wallet_err error;
    uint8_t jkt[32];
    int has_jkt;
    char uid[WL_STORE_ID_LEN + 1];
    char key_uid[WL_STORE_ID_LEN + 1]; /* backup restore: the linked key ("" none) */
    wl_index index;
} wl_cred;

WL_HIDDEN void wl_cred_clear(wl_cred *c);
/* Insert (credential, document, index) inside the caller's transaction. A
 * key_uid links explicitly; otherwise the jkt links to a stored key. */
WL_HIDDEN wallet_err wl_cred_insert(wallet_ctx *ctx, sqlite3 *db, const wl_cred *c);

/* ---- keys.c ------------------------------------------------------------------------ */

/* Encrypt / decrypt a holder private key (PKCS#8) for key `uid`:
 * iv(12) || ciphertext || tag(16) under AES-256-GCM with s->key_kek. */
WL_HIDDEN wallet_err wl_keys_seal(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                  const uint8_t kek[WL_STORE_DEK_LEN], const char *uid,
                                  const uint8_t *der, size_t der_len);
WL_HIDDEN wallet_err wl_keys_unseal(wallet_ctx *ctx, uint8_t **der, size_t *der_len,
                                    const uint8_t kek[WL_STORE_DEK_LEN], const char *uid,
                                    const uint8_t *blob, size_t blob_len);
/* Derive the holder-key encryption key from a data key. */
WL_HIDDEN wallet_err wl_keys_kek(wallet_ctx *ctx, uint8_t out[WL_STORE_DEK_LEN],
                                 const uint8_t dek[WL_STORE_DEK_LEN]);
/* Re-encrypt every holder key of database `db` (schema "main" or an
 * attached name) from one KEK to another. */
WL_HIDDEN wallet_err wl_keys_reseal_all(wallet_ctx *ctx, sqlite3 *db, const char *schema,
                                        const uint8_t old_kek[WL_STORE_DEK_LEN],
                                        const uint8_t new_kek[WL_STORE_DEK_LEN]);
/* Disable and release every handed-out signing handle. */
WL_HIDDEN void wl_keys_revoke_all(wallet_store *s);
/* Row id of key `uid` (WALLET_ERR_NOT_FOUND). */
WL_HIDDEN wallet_err wl_key_rowid(wallet_ctx *ctx, wallet_store *s, const char *uid,
                                  int64_t *rowid);
/* Delete holder key `key_id` if no credential uses it (a key generated for
 * an OpenID4VCI request that failed). Used by src/oid4vci/receive.c. */
WL_HIDDEN wallet_err wl_store_key_discard(wallet_ctx *ctx, wallet_store *store,
                                          const char *key_id);

/* ---- backup.c ---------------------------------------------------------------------- */

/* Parse and check the decrypted record stream of a backup (for the fuzz
 * target): WALLET_OK when restore would accept it. */
WL_HIDDEN wallet_err wl_backup_check_plain(wallet_ctx *ctx, const uint8_t *plain, size_t len);

/* ---- JSON output helpers (documents.c) ------------------------------------------- */

/* Append ,"name":"value" or ,"name":null. */
WL_HIDDEN void wl_json_member_str(wl_buf *b, const char *name, const char *v, int first);
WL_HIDDEN void wl_json_member_int(wl_buf *b, const char *name, int64_t v);

#endif /* WL_STORE_INT_H */
