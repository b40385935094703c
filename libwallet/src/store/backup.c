/*
 * Backup and restore (docs/store.md "Backup format").
 *
 * A backup is one buffer:
 *
 *   off size
 *    0   8  magic "WLBACKUP"
 *    8   1  version 1
 *    9   1  KDF 1 = scrypt
 *   10   3  log2(N), r, p
 *   13   3  zero
 *   16  16  salt
 *   32  12  AES-GCM IV
 *   44  32  key check: HMAC-SHA256(check key, bytes 0..43)
 *   76   n  ciphertext (AES-256-GCM, additional data = bytes 0..75)
 * 76+n  16  GCM tag
 *
 * scrypt(passphrase, salt) gives 64 bytes: the encryption key, then the
 * check key. The key check tells a wrong passphrase (or a changed header)
 * from a changed body, so each is refused with its own error; the GCM tag
 * authenticates everything, so nothing of a changed backup is ever used.
 *
 * The plaintext is a sequence of records, each a 4-byte big-endian length
 * and a deterministic CBOR map: first {"format": "libwallet-store-backup",
 * "version": 1, "created", "keys", "credentials", "log"} (the counts), then
 * the holder keys, the credentials and the consent-log entries. Records are
 * logical (not database pages), so a backup restores into whatever schema
 * version the restoring library has.
 *
 * Restore decrypts and checks everything in memory, builds a complete new
 * database beside the target, and renames it into place (keying.c): a
 * failure at any point leaves nothing restored.
 */
#include <stdio.h>

#include "../core/cbor.h"
#include "../core/json.h"
#include "store_int.h"

#define WL_BK_HEADER 76
#define WL_BK_MAX ((size_t)1 << 30) /* a backup larger than 1 GiB is refused */

static const uint8_t wl_bk_magic[8] = {'W', 'L', 'B', 'A', 'C', 'K', 'U', 'P'};
static const char wl_bk_format[] = "libwallet-store-backup";

/* ---- records in memory -------------------------------------------------------------------- */

typedef struct wl_bkey {
    char uid[WL_STORE_ID_LEN + 1];
    char *jwk;
    uint8_t *der; /* PKCS#8; NULL for an external key */
    size_t der_len;
    char *handle;
    int64_t created;
} wl_bkey;

typedef struct wl_blog {
    char uid[WL_STORE_ID_LEN + 1];
    int64_t at;
    char *verifier, *purpose, *claims;
    uint8_t *tx;
    size_t tx_len;
} wl_blog;

typedef struct wl_backup {
    wl_bkey *keys;
    size_t n_keys;
    wl_cred *creds;
    size_t n_creds;
    wl_blog *logs;
    size_t n_logs;
} wl_backup;

static void wl_backup_clear(wl_backup *b)
{
    for (size_t i = 0; i < b->n_keys; i++) {
        free(b->keys[i].jwk);
        wl_free_secret(b->keys[i].der, b->keys[i].der_len);
        free(b->keys[i].handle);
    }
    for (size_t i = 0; i < b->n_creds; i++)
        wl_cred_clear(&b->creds[i]);
    for (size_t i = 0; i < b->n_logs; i++) {
        free(b->logs[i].verifier);
        free(b->logs[i].purpose);
        free(b->logs[i].claims);
        free(b->logs[i].tx);
    }
    free(b->keys);
    free(b->creds);
    free(b->logs);
    memset(b, 0, sizeof(*b));
}

/* ---- writing -------------------------------------------------------------------------------- */

static void wl_mw_text(wl_cbor_mapw *m, const char *k, const char *v)
{
    wl_cbor_put_cstr(wl_cbor_mapw_key(m), k);
    if (v)
        wl_cbor_put_cstr(wl_cbor_mapw_value(m), v);
    else
        wl_cbor_put_null(wl_cbor_mapw_value(m));
}

static void wl_mw_int(wl_cbor_mapw *m, const char *k, int64_t v)
{
    wl_cbor_put_cstr(wl_cbor_mapw_key(m), k);
    wl_cbor_put_int(wl_cbor_mapw_value(m), v);
}

static void wl_mw_bytes(wl_cbor_mapw *m, const char *k, const void *p, size_t n)
{
    wl_cbor_put_cstr(wl_cbor_mapw_key(m), k);
    if (p)
        wl_cbor_put_bytes(wl_cbor_mapw_value(m), p, n);
    else
        wl_cbor_put_null(wl_cbor_mapw_value(m));
}

/* Append the map as one framed record; wipe the map's buffer (it may have
 * held a private key). */
static void wl_mw_frame(wl_cbor_mapw *m, wl_buf *out)
{
    wl_buf rec;
    wl_buf_init_secret(&rec, WL_BK_MAX);
    /* A map marked secret (m->data.secret) is wiped when freed. */
    wl_cbor_mapw_finish(m, &rec);
    wl_cbor_mapw_free(m);
    if (rec.failed || rec.len > 0xffffffffu) {
        out->failed = 1;
    } else {
        uint8_t len[4] = {(uint8_t)(rec.len >> 24), (uint8_t)(rec.len >> 16),
                          (uint8_t)(rec.len >> 8), (uint8_t)rec.len};
        wl_buf_append(out, len, 4);
        wl_buf_append(out, rec.data, rec.len);
    }
    wl_buf_free_secret(&rec);
}

static wallet_err wl_backup_write_keys(wallet_ctx *ctx, wallet_store *s, wl_buf *out)
{
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, s->db, &st,
                                  "SELECT uid, public_jwk, private, handle, created_at FROM "
                                  "holder_keys ORDER BY id");
    int rc = SQLITE_DONE;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint8_t *der = NULL;
        size_t der_len = 0;
        const char *uid = wl_sql_text(st, 0);
        if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
            (e = wl_keys_unseal(ctx, &der, &der_len, s->key_kek, uid, sqlite3_column_blob(st, 2),
                                (size_t)sqlite3_column_bytes(st, 2))))
            break;
        wl_cbor_mapw m;
        wl_cbor_mapw_init(&m, WL_BK_MAX);
        m.data.secret = 1; /* it will hold a private key */
        wl_mw_text(&m, "t", "key");
        wl_mw_text(&m, "id", uid);
        wl_mw_text(&m, "public", wl_sql_text(st, 1));
        wl_mw_bytes(&m, "private", der, der_len);
        wl_mw_text(&m, "handle", wl_sql_text(st, 3));
        wl_mw_int(&m, "created", sqlite3_column_int64(st, 4));
        wl_mw_frame(&m, out);
        wl_free_secret(der, der_len);
    }
    if (!e && rc != SQLITE_DONE)
        e = wl_sql_err(ctx, s->db, rc, "backing up keys");
    sqlite3_finalize(st);
    return e;
}

static wallet_err wl_backup_write_creds(wallet_ctx *ctx, wallet_store *s, wl_buf *out)
{
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(
        ctx, s->db, &st,
        "SELECT c.uid, c.format, c.type, c.issuer, c.issued_at, c.valid_from, c.valid_until, "
        "c.status_uri, c.status_idx, c.display_name, c.valid, c.error, c.added_at, c.batch, "
        "c.used_at, k.uid, c.holder_jkt, d.raw, d.claims, d.detail FROM credentials c JOIN "
        "documents d ON d.cred = c.id LEFT JOIN holder_keys k ON k.id = c.holder_key ORDER BY c.id");
    int rc = SQLITE_DONE;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        wl_cbor_mapw m;
        wl_cbor_mapw_init(&m, WL_BK_MAX);
        wl_mw_text(&m, "t", "cred");
        wl_mw_text(&m, "id", wl_sql_text(st, 0));
        wl_mw_text(&m, "format", wl_sql_text(st, 1));
        wl_mw_text(&m, "type", wl_sql_text(st, 2));
        wl_mw_text(&m, "issuer", wl_sql_text(st, 3));
        wl_mw_int(&m, "iat", sqlite3_column_int64(st, 4));
        wl_mw_int(&m, "nbf", sqlite3_column_int64(st, 5));
        wl_mw_int(&m, "exp", sqlite3_column_int64(st, 6));
        wl_mw_text(&m, "status_uri", wl_sql_text(st, 7));
        wl_mw_int(&m, "status_idx", sqlite3_column_int64(st, 8));
        wl_mw_text(&m, "display_name", wl_sql_text(st, 9));
        wl_mw_int(&m, "valid", sqlite3_column_int(st, 10));
        wl_mw_int(&m, "error", sqlite3_column_int(st, 11));
        wl_mw_int(&m, "added", sqlite3_column_int64(st, 12));
        wl_mw_text(&m, "batch", wl_sql_text(st, 13));
        wl_mw_int(&m, "used", sqlite3_column_int64(st, 14));
        wl_mw_text(&m, "key", wl_sql_text(st, 15));
        wl_mw_bytes(&m, "jkt", sqlite3_column_type(st, 16) == SQLITE_BLOB ?
                                   sqlite3_column_blob(st, 16) : NULL,
                    (size_t)sqlite3_column_bytes(st, 16));
        const void *raw = sqlite3_column_blob(st, 17);
        wl_mw_bytes(&m, "raw", raw ? raw : "", (size_t)sqlite3_column_bytes(st, 17));
        wl_mw_text(&m, "claims", wl_sql_text(st, 18));
        wl_mw_text(&m, "detail", wl_sql_text(st, 19));
        wl_mw_frame(&m, out);
    }
    if (!e && rc != SQLITE_DONE)
        e = wl_sql_err(ctx, s->db, rc, "backing up credentials");
    sqlite3_finalize(st);
    return e;
}

static wallet_err wl_backup_write_log(wallet_ctx *ctx, wallet_store *s, wl_buf *out)
{
    sqlite3_stmt *st = NULL;
    wallet_err e = wl_sql_prepare(ctx, s->db, &st,
                                  "SELECT uid, at, verifier, purpose, claims, tx_hash FROM "
                                  "consent_log ORDER BY id");
    int rc = SQLITE_DONE;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        wl_cbor_mapw m;
        wl_cbor_mapw_init(&m, WL_BK_MAX);
        wl_mw_text(&m, "t", "log");
        wl_mw_text(&m, "id", wl_sql_text(st, 0));
        wl_mw_int(&m, "at", sqlite3_column_int64(st, 1));
        wl_mw_text(&m, "verifier", wl_sql_text(st, 2));
        wl_mw_text(&m, "purpose", wl_sql_text(st, 3));
        wl_mw_text(&m, "claims", wl_sql_text(st, 4));
        wl_mw_bytes(&m, "tx_hash", sqlite3_column_type(st, 5) == SQLITE_BLOB ?
                                       sqlite3_column_blob(st, 5) : NULL,
                    (size_t)sqlite3_column_bytes(st, 5));
        wl_mw_frame(&m, out);
    }
    if (!e && rc != SQLITE_DONE)
        e = wl_sql_err(ctx, s->db, rc, "backing up the consent log");
    sqlite3_finalize(st);
    return e;
}

/* scrypt → encryption key (32) || check key (32). */
static wallet_err wl_backup_keys(wallet_ctx *ctx, uint8_t keys[64], const uint8_t *hdr,
                                 const uint8_t *pass, size_t pass_len)
{
    return wl_scrypt(ctx, pass, pass_len, hdr + 16, 16, (uint64_t)1 << hdr[10], hdr[11], hdr[12],
                     keys, 64);
}

wallet_err wallet_store_backup(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                               wallet_store *store, const uint8_t *passphrase,
                               size_t passphrase_len, unsigned flags)
{
    wl_enter(ctx);
    if (!out || !out_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    *out_len = 0;
    uint8_t log2n = 0;
    wallet_err e = wl_store_check_open(ctx, store);
    if (!e)
        e = wl_store_check_flags(ctx, flags, 0xffu << 16);
    if (!e)
        e = wl_store_flags_log2n(ctx, flags, &log2n);
    if (!e)
        e = wl_store_check_secret(ctx, passphrase, passphrase_len, 0);
    if (e)
        return e;
    int64_t n_keys = 0, n_creds = 0, n_log = 0;
    if ((e = wl_sql_int(ctx, store->db, &n_keys, "SELECT count(*) FROM holder_keys", NULL)) ||
        (e = wl_sql_int(ctx, store->db, &n_creds, "SELECT count(*) FROM credentials", NULL)) ||
        (e = wl_sql_int(ctx, store->db, &n_log, "SELECT count(*) FROM consent_log", NULL)))
        return e;
    wl_buf plain;
    wl_buf_init_secret(&plain, WL_BK_MAX);
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    wl_mw_text(&m, "format", wl_bk_format);
    wl_mw_int(&m, "version", 1);
    wl_mw_int(&m, "created", wallet_ctx_now(ctx));
    wl_mw_int(&m, "keys", n_keys);
    wl_mw_int(&m, "credentials", n_creds);
    wl_mw_int(&m, "log", n_log);
    wl_mw_frame(&m, &plain);
    /* One read transaction: a consistent snapshot. */
    if (!(e = wl_sql_exec(ctx, store->db, "BEGIN"))) {
        if (!(e = wl_backup_write_keys(ctx, store, &plain)) &&
            !(e = wl_backup_write_creds(ctx, store, &plain)))
            e = wl_backup_write_log(ctx, store, &plain);
        wl_sql_rollback(store->db);
    }
    if (!e && plain.failed)
        e = wl_buf_error(ctx, &plain, "backup");
    uint8_t *buf = NULL;
    size_t total = 0;
    uint8_t keys[64];
    if (!e) {
        total = WL_BK_HEADER + plain.len + 16;
        if (total > WL_BK_MAX)
            e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "backup larger than 1 GiB");
        else if (!(buf = wl_calloc(1, total)))
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if (!e && buf) {
        memcpy(buf, wl_bk_magic, 8);
        buf[8] = 1;
        buf[9] = 1;
        buf[10] = log2n;
        buf[11] = WL_STORE_SCRYPT_R;
        buf[12] = WL_STORE_SCRYPT_P;
        if (!(e = wl_random(ctx, buf + 16, 28)) &&
            !(e = wl_backup_keys(ctx, keys, buf, passphrase, passphrase_len)) &&
            !(e = wl_hmac(ctx, WL_SHA256, keys + 32, 32, buf, 44, buf + 44)))
            e = wl_aes_gcm_encrypt(ctx, keys, 32, buf + 32, 12, buf, WL_BK_HEADER, plain.data,
                                   plain.len, buf + WL_BK_HEADER, buf + WL_BK_HEADER + plain.len);
    }
    wl_memzero(keys, sizeof(keys));
    wl_buf_free_secret(&plain);
    if (e) {
        free(buf);
        return e;
    }
    *out = buf;
    *out_len = total;
    return WALLET_OK;
}

/* ---- reading ---------------------------------------------------------------------------------- */

static wallet_err wl_bk_bad(wallet_ctx *ctx, size_t rec, const char *what)
{
    return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup record %zu: %s", rec, what);
}

/* Text member (NULL when null and allowed). */
static wallet_err wl_bk_text(wallet_ctx *ctx, char **out, const wl_cbor *map, const char *k,
                             int nullable, size_t rec)
{
    *out = NULL;
    const wl_cbor *v = wl_cbor_map_text(map, k);
    if (v && nullable && wl_cbor_is_simple(v, WL_CBOR_NULL))
        return WALLET_OK;
    if (!v || v->type != WL_CBOR_TEXT || memchr(v->ptr, 0, v->u))
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup record %zu: \"%s\" is not text", rec,
                      k);
    if (!(*out = wl_strndup((const char *)v->ptr, v->u)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}

static wallet_err wl_bk_int(wallet_ctx *ctx, int64_t *out, const wl_cbor *map, const char *k,
                            size_t rec)
{
    const wl_cbor *v = wl_cbor_map_text(map, k);
    if (!v || !wl_cbor_get_int(v, out))
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup record %zu: \"%s\" is not an integer",
                      rec, k);
    return WALLET_OK;
}

static wallet_err wl_bk_bytes(wallet_ctx *ctx, uint8_t **out, size_t *len, const wl_cbor *map,
                              const char *k, int nullable, size_t rec)
{
    *out = NULL;
    *len = 0;
    const wl_cbor *v = wl_cbor_map_text(map, k);
    if (v && nullable && wl_cbor_is_simple(v, WL_CBOR_NULL))
        return WALLET_OK;
    if (!v || v->type != WL_CBOR_BYTES)
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup record %zu: \"%s\" is not bytes",
                      rec, k);
    if (!(*out = wl_memdup(v->u ? v->ptr : (const uint8_t *)"", v->u ? v->u : 1)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *len = v->u;
    return WALLET_OK;
}

static wallet_err wl_bk_id(wallet_ctx *ctx, char out[WL_STORE_ID_LEN + 1], const wl_cbor *map,
                           const char *k, int nullable, size_t rec)
{
    char *t = NULL;
    out[0] = '\0';
    wallet_err e = wl_bk_text(ctx, &t, map, k, nullable, rec);
    if (e || !t)
        return e;
    if (!wl_store_id_valid(t)) {
        free(t);
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup record %zu: \"%s\" is not an id",
                      rec, k);
    }
    memcpy(out, t, WL_STORE_ID_LEN + 1);
    free(t);
    return WALLET_OK;
}

static wallet_err wl_bk_key(wallet_ctx *ctx, wl_bkey *k, const wl_cbor *m, size_t rec)
{
    wallet_err e;
    if ((e = wl_bk_id(ctx, k->uid, m, "id", 0, rec)) ||
        (e = wl_bk_text(ctx, &k->jwk, m, "public", 0, rec)) ||
        (e = wl_bk_bytes(ctx, &k->der, &k->der_len, m, "private", 1, rec)) ||
        (e = wl_bk_text(ctx, &k->handle, m, "handle", 1, rec)) ||
        (e = wl_bk_int(ctx, &k->created, m, "created", rec)))
        return e;
    if (!k->der == !k->handle)
        return wl_bk_bad(ctx, rec, "a key has either a private half or a handle");
    /* The halves must belong together. */
    wallet_key *pub = NULL, *priv = NULL;
    e = wallet_key_from_jwk(ctx, &pub, k->jwk, strlen(k->jwk));
    if (!e && k->der) {
        e = wallet_key_from_der(ctx, &priv, k->der, k->der_len);
        if (!e && !wallet_key_equal_public(pub, priv))
            e = wl_bk_bad(ctx, rec, "a key's private half does not match its public half");
    }
    if (!e && wallet_key_alg(pub) == WALLET_ALG_NONE)
        e = wl_bk_bad(ctx, rec, "a key has no signature algorithm");
    wallet_key_free(pub);
    wallet_key_free(priv);
    if (e && e != WALLET_ERR_BACKUP_FORMAT)
        e = wl_bk_bad(ctx, rec, "a key does not import");
    return e;
}

static wallet_err wl_bk_cred(wallet_ctx *ctx, wl_cred *c, const wl_cbor *m, size_t rec)
{
    int64_t valid = 0, error = 0;
    uint8_t *jkt = NULL;
    size_t jkt_len = 0;
    wallet_err e;
    if ((e = wl_bk_id(ctx, c->uid, m, "id", 0, rec)) ||
        (e = wl_bk_text(ctx, &c->format, m, "format", 1, rec)) ||
        (e = wl_bk_text(ctx, &c->type, m, "type", 1, rec)) ||
        (e = wl_bk_text(ctx, &c->issuer, m, "issuer", 1, rec)) ||
        (e = wl_bk_int(ctx, &c->iat, m, "iat", rec)) ||
        (e = wl_bk_int(ctx, &c->nbf, m, "nbf", rec)) ||
        (e = wl_bk_int(ctx, &c->exp, m, "exp", rec)) ||
        (e = wl_bk_text(ctx, &c->status_uri, m, "status_uri", 1, rec)) ||
        (e = wl_bk_int(ctx, &c->status_idx, m, "status_idx", rec)) ||
        (e = wl_bk_text(ctx, &c->display_name, m, "display_name", 1, rec)) ||
        (e = wl_bk_int(ctx, &valid, m, "valid", rec)) ||
        (e = wl_bk_int(ctx, &error, m, "error", rec)) ||
        (e = wl_bk_int(ctx, &c->added_at, m, "added", rec)) ||
        (e = wl_bk_text(ctx, &c->batch, m, "batch", 1, rec)) ||
        (e = wl_bk_int(ctx, &c->used_at, m, "used", rec)) ||
        (e = wl_bk_id(ctx, c->key_uid, m, "key", 1, rec)) ||
        (e = wl_bk_bytes(ctx, &jkt, &jkt_len, m, "jkt", 1, rec)) ||
        (e = wl_bk_bytes(ctx, &c->raw, &c->raw_len, m, "raw", 0, rec)) ||
        (e = wl_bk_text(ctx, &c->claims, m, "claims", 1, rec)) ||
        (e = wl_bk_text(ctx, &c->detail, m, "detail", 1, rec)))
        goto out;
    if (valid != 0 && valid != 1) {
        e = wl_bk_bad(ctx, rec, "\"valid\" is not 0 or 1");
        goto out;
    }
    c->valid = (int)valid;
    if (c->valid != (error == 0) || error < 0 || error > 9999 || c->valid != (c->claims != NULL)) {
        e = wl_bk_bad(ctx, rec, "validity, error and claims disagree");
        goto out;
    }
    c->error = (wallet_err)error;
    if (jkt) {
        if (jkt_len != 32) {
            e = wl_bk_bad(ctx, rec, "\"jkt\" is not 32 bytes");
            goto out;
        }
        memcpy(c->jkt, jkt, 32);
        c->has_jkt = 1;
    }
    if (c->raw_len == 0 || (int64_t)c->raw_len > wl_limit(ctx, WALLET_LIMIT_INPUT_BYTES)) {
        e = wl_bk_bad(ctx, rec, "the credential is empty or over the input limit");
        goto out;
    }
    if ((c->display_name && (!*c->display_name || strlen(c->display_name) > WL_STORE_NAME_MAX)) ||
        (c->batch && !wl_store_id_valid(c->batch))) {
        e = wl_bk_bad(ctx, rec, "bad display name or batch");
        goto out;
    }
    if (!c->status_uri)
        c->status_idx = -1;
    if ((e = wl_hash(ctx, WL_SHA256, c->raw, c->raw_len, c->digest)))
        goto out;
    if (c->claims && (e = wl_index_build(ctx, &c->index, c->claims, strlen(c->claims))))
        wl_err_prefix(ctx, "backup credential claims");
out:
    free(jkt);
    return e;
}

static wallet_err wl_bk_log(wallet_ctx *ctx, wl_blog *l, const wl_cbor *m, size_t rec)
{
    wallet_err e;
    if ((e = wl_bk_id(ctx, l->uid, m, "id", 0, rec)) ||
        (e = wl_bk_int(ctx, &l->at, m, "at", rec)) ||
        (e = wl_bk_text(ctx, &l->verifier, m, "verifier", 0, rec)) ||
        (e = wl_bk_text(ctx, &l->purpose, m, "purpose", 1, rec)) ||
        (e = wl_bk_text(ctx, &l->claims, m, "claims", 0, rec)) ||
        (e = wl_bk_bytes(ctx, &l->tx, &l->tx_len, m, "tx_hash", 1, rec)))
        return e;
    cJSON *j = NULL;
    if (wl_json_parse(NULL, &j, l->claims, strlen(l->claims)) || !cJSON_IsArray(j))
        e = wl_bk_bad(ctx, rec, "log claims are not a JSON array");
    cJSON_Delete(j);
    if (!e && (!*l->verifier || (l->tx && (l->tx_len == 0 || l->tx_len > 64))))
        e = wl_bk_bad(ctx, rec, "bad verifier or transaction hash");
    return e;
}

/* One record: decode, dispatch by "t". */
static wallet_err wl_bk_record(wallet_ctx *ctx, wl_backup *b, const uint8_t *p, size_t n,
                               size_t rec, int64_t counts[3])
{
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_cbor_decode(ctx, &doc, p, n, WL_CBOR_DETERMINISTIC, NULL);
    if (e) {
        wl_err_prefix(ctx, "backup record");
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup record %zu is not deterministic CBOR",
                      rec);
    }
    const wl_cbor *m = wl_cbor_root(doc);
    if (m->type != WL_CBOR_MAP) {
        wl_cbor_doc_free(doc);
        return wl_bk_bad(ctx, rec, "not a map");
    }
    if (rec == 0) {
        char *fmt = NULL;
        int64_t version = 0, created = 0;
        if (!(e = wl_bk_text(ctx, &fmt, m, "format", 0, rec)) &&
            !(e = wl_bk_int(ctx, &version, m, "version", rec)) &&
            !(e = wl_bk_int(ctx, &created, m, "created", rec)) &&
            !(e = wl_bk_int(ctx, &counts[0], m, "keys", rec)) &&
            !(e = wl_bk_int(ctx, &counts[1], m, "credentials", rec)) &&
            !(e = wl_bk_int(ctx, &counts[2], m, "log", rec))) {
            if (strcmp(fmt, wl_bk_format) != 0 || version != 1)
                e = wl_bk_bad(ctx, rec, "not a version 1 libwallet store backup");
            else if (counts[0] < 0 || counts[1] < 0 || counts[2] < 0 ||
                     counts[0] + counts[1] + counts[2] > (int64_t)(WL_BK_MAX / 8))
                e = wl_bk_bad(ctx, rec, "bad record counts");
        }
        free(fmt);
        wl_cbor_doc_free(doc);
        if (!e) {
            /* Records of each kind; a count beyond the data is caught as a
             * missing record below, before these arrays fill. */
            b->keys = wl_calloc(counts[0] ? (size_t)counts[0] : 1, sizeof(wl_bkey));
            b->creds = wl_calloc(counts[1] ? (size_t)counts[1] : 1, sizeof(wl_cred));
            b->logs = wl_calloc(counts[2] ? (size_t)counts[2] : 1, sizeof(wl_blog));
            if (!b->keys || !b->creds || !b->logs)
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
        return e;
    }
    const wl_cbor *t = wl_cbor_map_text(m, "t");
    /* Records come in order: keys, credentials, log. */
    if (wl_cbor_is_text(t, "key") && b->n_creds == 0 && b->n_logs == 0 &&
        (int64_t)b->n_keys < counts[0]) {
        e = wl_bk_key(ctx, &b->keys[b->n_keys++], m, rec);
    } else if (wl_cbor_is_text(t, "cred") && b->n_logs == 0 &&
               (int64_t)b->n_creds < counts[1]) {
        e = wl_bk_cred(ctx, &b->creds[b->n_creds++], m, rec);
    } else if (wl_cbor_is_text(t, "log") && (int64_t)b->n_logs < counts[2]) {
        e = wl_bk_log(ctx, &b->logs[b->n_logs++], m, rec);
    } else {
        e = wl_bk_bad(ctx, rec, "unexpected record type or too many records");
    }
    wl_cbor_doc_free(doc);
    return e;
}

/* Identifiers unique, references resolved. */
static wallet_err wl_bk_cross_check(wallet_ctx *ctx, const wl_backup *b)
{
    for (size_t i = 0; i < b->n_keys; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(b->keys[i].uid, b->keys[j].uid))
                return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup: two keys share an id");
    for (size_t i = 0; i < b->n_creds; i++) {
        const wl_cred *c = &b->creds[i];
        if (c->key_uid[0]) {
            size_t k = 0;
            while (k < b->n_keys && strcmp(b->keys[k].uid, c->key_uid))
                k++;
            if (k == b->n_keys)
                return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT,
                              "backup: a credential names a holder key that is not in it");
        }
    }
    return WALLET_OK;
}

/* Parse and check the whole plaintext. */
static wallet_err wl_backup_parse_plain(wallet_ctx *ctx, wl_backup *b, const uint8_t *plain,
                                        size_t len)
{
    memset(b, 0, sizeof(*b));
    int64_t counts[3] = {0, 0, 0};
    /* A record may hold a credential and its claims: let it be larger than
     * one input, within reason. */
    int64_t saved = -1;
    if (ctx) {
        saved = wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, -1);
        wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, saved * 4 + 65536);
    }
    wallet_err e = WALLET_OK;
    size_t off = 0, rec = 0;
    while (!e && off < len) {
        if (len - off < 4) {
            e = wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup: truncated record length");
            break;
        }
        size_t n = (size_t)plain[off] << 24 | (size_t)plain[off + 1] << 16 |
                   (size_t)plain[off + 2] << 8 | plain[off + 3];
        off += 4;
        if (n == 0 || n > len - off) {
            e = wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup: record %zu overruns the data", rec);
            break;
        }
        e = wl_bk_record(ctx, b, plain + off, n, rec, counts);
        off += n;
        rec++;
    }
    if (ctx)
        wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, saved);
    if (!e && rec == 0)
        e = wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup: no records");
    if (!e && ((int64_t)b->n_keys != counts[0] || (int64_t)b->n_creds != counts[1] ||
               (int64_t)b->n_logs != counts[2]))
        e = wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup: records missing");
    if (!e)
        e = wl_bk_cross_check(ctx, b);
    if (e)
        wl_backup_clear(b);
    return e;
}

wallet_err wl_backup_check_plain(wallet_ctx *ctx, const uint8_t *plain, size_t len)
{
    wl_backup b;
    wallet_err e = wl_backup_parse_plain(ctx, &b, plain, len);
    if (!e)
        wl_backup_clear(&b);
    return e;
}

/* Fill the new database (called by wl_store_create_filled). */
typedef struct wl_fill_arg {
    const wl_backup *b;
} wl_fill_arg;

static wallet_err wl_backup_fill(wallet_ctx *ctx, sqlite3 *db, const uint8_t *dek, void *arg)
{
    const wl_backup *b = ((const wl_fill_arg *)arg)->b;
    uint8_t kek[WL_STORE_DEK_LEN];
    wallet_err e = wl_keys_kek(ctx, kek, dek);
    if (!e)
        e = wl_sql_begin(ctx, db);
    if (e)
        return e;
    sqlite3_stmt *st = NULL;
    e = wl_sql_prepare(ctx, db, &st,
                       "INSERT INTO holder_keys(uid, alg, jkt, public_jwk, private, handle, "
                       "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)");
    for (size_t i = 0; !e && i < b->n_keys; i++) {
        const wl_bkey *k = &b->keys[i];
        wallet_key *pub = NULL;
        uint8_t jkt[32], *sealed = NULL;
        size_t sealed_len = 0;
        e = wallet_key_from_jwk(ctx, &pub, k->jwk, strlen(k->jwk));
        if (!e)
            e = wallet_key_thumbprint(ctx, jkt, pub);
        if (!e && k->der)
            e = wl_keys_seal(ctx, &sealed, &sealed_len, kek, k->uid, k->der, k->der_len);
        if (!e) {
            sqlite3_reset(st);
            wl_sql_bind_text(st, 1, k->uid);
            sqlite3_bind_int(st, 2, (int)wallet_key_alg(pub));
            wl_sql_bind_blob(st, 3, jkt, 32);
            wl_sql_bind_text(st, 4, k->jwk);
            wl_sql_bind_blob(st, 5, sealed, sealed_len);
            wl_sql_bind_text(st, 6, k->handle);
            sqlite3_bind_int64(st, 7, k->created);
            e = wl_sql_step_done(ctx, db, st, "restoring a holder key");
        }
        free(sealed);
        wallet_key_free(pub);
    }
    sqlite3_finalize(st);
    st = NULL;
    for (size_t i = 0; !e && i < b->n_creds; i++)
        e = wl_cred_insert(ctx, db, &b->creds[i]);
    if (!e)
        e = wl_sql_prepare(ctx, db, &st,
                           "INSERT INTO consent_log(uid, at, verifier, purpose, claims, tx_hash) "
                           "VALUES (?1,?2,?3,?4,?5,?6)");
    for (size_t i = 0; !e && i < b->n_logs; i++) {
        const wl_blog *l = &b->logs[i];
        sqlite3_reset(st);
        wl_sql_bind_text(st, 1, l->uid);
        sqlite3_bind_int64(st, 2, l->at);
        wl_sql_bind_text(st, 3, l->verifier);
        wl_sql_bind_text(st, 4, l->purpose);
        wl_sql_bind_text(st, 5, l->claims);
        wl_sql_bind_blob(st, 6, l->tx, l->tx_len);
        e = wl_sql_step_done(ctx, db, st, "restoring the consent log");
    }
    sqlite3_finalize(st);
    if (!e)
        e = wl_store_fault(ctx, "restore: fill");
    if (!e)
        e = wl_sql_commit(ctx, db);
    if (e)
        wl_sql_rollback(db);
    wl_memzero(kek, sizeof(kek));
    return e;
}

wallet_err wallet_store_restore(wallet_ctx *ctx, wallet_store **out, const char *path,
                                const uint8_t *backup, size_t backup_len,
                                const uint8_t *passphrase, size_t passphrase_len,
                                const uint8_t *secret, size_t secret_len, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    wallet_err e = wl_store_check_flags(
        ctx, flags, WALLET_STORE_RAW_KEY | WALLET_STORE_REPLACE | (0xffu << 16));
    if (!e && (flags & WALLET_STORE_RAW_KEY) && (flags & (0xffu << 16)))
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "a keystore key takes no KDF cost");
    if (!e && !backup)
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL backup");
    if (!e)
        e = wl_store_check_secret(ctx, passphrase, passphrase_len, 0);
    if (!e)
        e = wl_store_check_secret(ctx, secret, secret_len, flags);
    if (e)
        return e;
    /* The outer format, before anything expensive. */
    if (backup_len < WL_BK_HEADER + 16 || memcmp(backup, wl_bk_magic, 8) != 0)
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "not a libwallet store backup");
    if (backup_len > WL_BK_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "backup larger than 1 GiB");
    if (backup[8] != 1 || backup[9] != 1)
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "unknown backup version %u or KDF %u",
                      backup[8], backup[9]);
    if (backup[13] || backup[14] || backup[15])
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup header reserved bytes not zero");
    uint8_t log2n = backup[10], r = backup[11], p = backup[12];
    if (log2n < WL_STORE_LOG2N_MIN || log2n > WL_STORE_LOG2N_MAX || r < 1 || r > 16 || p < 1 ||
        p > 4 || ((uint64_t)128 << log2n) * r > ((uint64_t)256 << 20))
        return wl_err(ctx, WALLET_ERR_BACKUP_FORMAT, "backup scrypt parameters out of range");
    uint8_t keys[64], check[32];
    uint8_t *plain = NULL;
    size_t plain_len = backup_len - WL_BK_HEADER - 16;
    wl_backup b;
    memset(&b, 0, sizeof(b));
    wallet_store *s = NULL;
    if ((e = wl_backup_keys(ctx, keys, backup, passphrase, passphrase_len)) ||
        (e = wl_hmac(ctx, WL_SHA256, keys + 32, 32, backup, 44, check)))
        goto out;
    if (!wl_ct_equal(check, backup + 44, 32)) {
        e = wl_err(ctx, WALLET_ERR_BACKUP_PASSPHRASE,
                   "wrong backup passphrase (or the backup header was changed)");
        goto out;
    }
    if (!(plain = wl_malloc(plain_len ? plain_len : 1))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto out;
    }
    e = wl_aes_gcm_decrypt(NULL, keys, 32, backup + 32, 12, backup, WL_BK_HEADER,
                           backup + WL_BK_HEADER, plain_len, backup + backup_len - 16, plain);
    if (e == WALLET_ERR_DECRYPT) {
        e = wl_err(ctx, WALLET_ERR_BACKUP_TAMPERED,
                   "the backup's content fails authentication (changed or truncated)");
        goto out;
    }
    if (e) {
        e = wl_err(ctx, e, "decrypting the backup failed");
        goto out;
    }
    if ((e = wl_backup_parse_plain(ctx, &b, plain, plain_len)))
        goto out;
    if ((e = wl_store_alloc(ctx, &s, path)))
        goto out;
    wl_fill_arg arg = {&b};
    e = wl_store_create_filled(ctx, s, secret, secret_len, flags, wl_backup_fill, &arg);
    if (e)
        goto out;
    if (out) {
        *out = s;
        s = NULL;
    }
out:
    wallet_store_free(s);
    wl_backup_clear(&b);
    wl_free_secret(plain, plain_len);
    wl_memzero(keys, sizeof(keys));
    return e;
}
