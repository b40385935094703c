/*
 * The storage interface: argument checks, the clock, and dispatch to the
 * backend (see include/svc/storage.h). Backends: storage_sqlcipher.c.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <wallet/primitives.h>

#include "internal.h"
#include "svc/storage.h"

void svc_record_clear(svc_record *rec)
{
    if (!rec)
        return;
    free(rec->key);
    free(rec->ref);
    free(rec->value);
    memset(rec, 0, sizeof(*rec));
}

void svc_records_free(svc_record *recs, size_t n)
{
    if (!recs)
        return;
    for (size_t i = 0; i < n; i++)
        svc_record_clear(&recs[i]);
    free(recs);
}

static int svci_table_ok(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (!n || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9') || t[i] == '_'))
            return 0;
    return 1;
}

/* Keys and refs: 1..256 bytes of UTF-8 without control characters. */
static int svci_key_ok(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (!n || n > SVC_STORAGE_MAX_KEY || !svci_utf8_valid((const uint8_t *)k, n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)k[i] < 0x20 || k[i] == 0x7F)
            return 0;
    return 1;
}

static int svci_seq_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || n > 128)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(":._-", s[i]))
            return 0;
    return 1;
}

static svc_err svci_check(svc_storage *st, svc_txn *txn, const char *table, const char *key)
{
    svci_clear_err();
    if (!st || !st->ops)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL handle");
    if (txn && txn->st != st)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: transaction of another storage");
    if (table && !svci_table_ok(table))
        return svci_err(SVC_ERR_INVALID_ARG, "storage: table names are [a-z0-9_]{1,32}");
    if (key && !svci_key_ok(key))
        return svci_err(SVC_ERR_INVALID_ARG, "storage: keys are 1..%d bytes of printable UTF-8",
                        SVC_STORAGE_MAX_KEY);
    return SVC_OK;
}

int64_t svc_storage_now(const svc_storage *st)
{
    if (st && st->clock)
        return st->clock(st->clock_user);
    return (int64_t)time(NULL);
}

void svc_storage_set_clock(svc_storage *st, svc_clock_fn fn, void *user)
{
    if (!st)
        return;
    st->clock = fn;
    st->clock_user = fn ? user : NULL;
}

const char *svc_storage_backend(const svc_storage *st)
{
    return st && st->ops ? st->ops->name : NULL;
}

svc_err svc_storage_put(svc_storage *st, svc_txn *txn, const char *table, const char *key,
                        const char *ref, const char *value, int64_t expires_at,
                        svc_put_mode mode)
{
    svc_err e = svci_check(st, txn, table, key);
    if (e != SVC_OK)
        return e;
    if (!table || !key || !value)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL table, key or value");
    if (ref && !svci_key_ok(ref))
        return svci_err(SVC_ERR_INVALID_ARG, "storage: refs are 1..%d bytes of printable UTF-8",
                        SVC_STORAGE_MAX_KEY);
    if (mode != SVC_PUT_INSERT && mode != SVC_PUT_REPLACE && mode != SVC_PUT_UPDATE)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: unknown put mode");
    if (expires_at < 0)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: negative expiry");
    size_t n = strlen(value);
    if (n > SVC_STORAGE_MAX_VALUE)
        return svci_err(SVC_ERR_TOO_LARGE, "storage: value larger than %d bytes",
                        SVC_STORAGE_MAX_VALUE);
    /* Records are JSON: refuse anything else before it is stored. */
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(value, n, &end, 0);
    int ok = j != NULL && svci_utf8_valid((const uint8_t *)value, n);
    for (const char *p = end; ok && p && p < value + n; p++)
        ok = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
    cJSON_Delete(j);
    if (!ok)
        return svci_err(SVC_ERR_MALFORMED, "storage: value is not JSON");
    return st->ops->put(st, txn, table, key, ref, value, n, expires_at, mode,
                        svc_storage_now(st));
}

static svc_err svci_get(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                        const char *key, int take)
{
    if (out)
        memset(out, 0, sizeof(*out));
    svc_err e = svci_check(st, txn, table, key);
    if (e != SVC_OK)
        return e;
    if (!out || !table || !key)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL argument");
    e = st->ops->get(st, txn, out, table, key, take, svc_storage_now(st));
    if (e != SVC_OK)
        svc_record_clear(out);
    return e;
}

svc_err svc_storage_get(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                        const char *key)
{
    return svci_get(st, txn, out, table, key, 0);
}

svc_err svc_storage_take(svc_storage *st, svc_txn *txn, svc_record *out, const char *table,
                         const char *key)
{
    return svci_get(st, txn, out, table, key, 1);
}

svc_err svc_storage_delete(svc_storage *st, svc_txn *txn, const char *table, const char *key)
{
    svc_err e = svci_check(st, txn, table, key);
    if (e != SVC_OK)
        return e;
    if (!table || !key)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL argument");
    return st->ops->del(st, txn, table, key);
}

svc_err svc_storage_list(svc_storage *st, svc_txn *txn, svc_record **out, size_t *n,
                         const char *table, const char *ref, size_t max)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    svc_err e = svci_check(st, txn, table, ref);
    if (e != SVC_OK)
        return e;
    if (!out || !n || !table)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL argument");
    if (!max || max > SVC_STORAGE_MAX_LIST)
        max = SVC_STORAGE_MAX_LIST;
    e = st->ops->list(st, txn, out, n, table, ref, max, svc_storage_now(st));
    if (e != SVC_OK) {
        svc_records_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return e;
}

svc_err svc_storage_purge(svc_storage *st, size_t *removed)
{
    if (removed)
        *removed = 0;
    svc_err e = svci_check(st, NULL, NULL, NULL);
    if (e != SVC_OK)
        return e;
    size_t r = 0;
    e = st->ops->purge(st, &r, svc_storage_now(st));
    if (removed && e == SVC_OK)
        *removed = r;
    return e;
}

svc_err svc_storage_seq_next(svc_storage *st, svc_txn *txn, int64_t *out, const char *name)
{
    if (out)
        *out = 0;
    svc_err e = svci_check(st, txn, NULL, NULL);
    if (e != SVC_OK)
        return e;
    if (!out || !svci_seq_ok(name))
        return svci_err(SVC_ERR_INVALID_ARG, "storage: sequence names are [A-Za-z0-9:._-]{1,128}");
    e = st->ops->seq_next(st, txn, out, name);
    if (e != SVC_OK)
        *out = 0;
    return e;
}

svc_err svc_storage_begin(svc_storage *st, svc_txn **out)
{
    if (out)
        *out = NULL;
    svc_err e = svci_check(st, NULL, NULL, NULL);
    if (e != SVC_OK)
        return e;
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL output");
    e = st->ops->begin(st, out);
    if (e != SVC_OK)
        *out = NULL;
    return e;
}

svc_err svc_storage_commit(svc_txn *txn)
{
    svci_clear_err();
    if (!txn || !txn->st)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL transaction");
    return txn->st->ops->commit(txn);
}

void svc_storage_rollback(svc_txn *txn)
{
    if (txn && txn->st)
        txn->st->ops->rollback(txn);
}

svc_err svc_storage_ping(svc_storage *st)
{
    svc_err e = svci_check(st, NULL, NULL, NULL);
    if (e != SVC_OK)
        return e;
    return st->ops->ping(st);
}

void svc_storage_close(svc_storage *st)
{
    if (st && st->ops)
        st->ops->close(st);
}

/* ---- from config --------------------------------------------------------------- */

/* First start: write a random key to key_path (0600) when neither it nor
 * the database exists yet. */
static svc_err svci_make_key_file(const char *key_path, const char *db_path)
{
    struct stat sb;
    if (stat(key_path, &sb) == 0 || errno != ENOENT)
        return SVC_OK;
    if (stat(db_path, &sb) == 0 || errno != ENOENT)
        return SVC_OK; /* a database without its key: do not invent one */
    uint8_t key[32];
    char hex[65];
    if (wallet_random(NULL, key, sizeof(key)) != WALLET_OK)
        return svci_err(SVC_ERR_CRYPTO, "storage: no random key");
    svci_hex(hex, key, sizeof(key));
    wallet_memzero(key, sizeof(key));
    hex[64] = '\n';
    int fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        wallet_memzero(hex, sizeof(hex));
        return svci_err(SVC_ERR_IO, "storage: cannot create key file %s (%s)", key_path,
                        strerror(errno));
    }
    ssize_t w = write(fd, hex, 65);
    int serr = errno;
    int synced = fsync(fd) == 0;
    close(fd);
    wallet_memzero(hex, sizeof(hex));
    if (w != 65 || !synced) {
        unlink(key_path);
        return svci_err(SVC_ERR_IO, "storage: cannot write key file %s (%s)", key_path,
                        strerror(serr));
    }
    return SVC_OK;
}

svc_err svc_storage_open_config(svc_storage **out, svc_config *cfg)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL output");
    *out = NULL;
    if (!cfg)
        return svci_err(SVC_ERR_INVALID_ARG, "storage: NULL config");
    const char *backend = NULL, *path = NULL, *key_file = NULL, *sync = NULL;
    int64_t conns = 0, busy = 0;
    svc_err e = svc_config_string(cfg, &backend, "storage.backend", "sqlcipher");
    if (e == SVC_OK)
        e = svc_config_path(cfg, &path, "storage.path", NULL);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &conns, "storage.connections", 8, 1, 256);
    if (e == SVC_OK)
        e = svc_config_int(cfg, &busy, "storage.busy_timeout_ms", 5000, 0, 600000);
    if (e == SVC_OK)
        e = svc_config_string(cfg, &sync, "storage.synchronous", "full");
    if (e == SVC_OK)
        e = svc_config_path(cfg, &key_file, "storage.key_file", NULL);
    if (e != SVC_OK)
        return e;
    const char *origin = svc_config_origin(cfg);
    if (!strcmp(backend, "postgresql"))
        return svci_err(SVC_ERR_CONFIG, "config %s: storage.backend: \"postgresql\" is not "
                        "available in this build (use \"sqlcipher\")", origin);
    if (strcmp(backend, "sqlcipher") != 0)
        return svci_err(SVC_ERR_CONFIG, "config %s: storage.backend: expected \"sqlcipher\"",
                        origin);
    if (!path)
        return svci_err(SVC_ERR_CONFIG, "config %s: storage.path: required", origin);
    if (strcmp(sync, "full") != 0 && strcmp(sync, "normal") != 0)
        return svci_err(SVC_ERR_CONFIG, "config %s: storage.synchronous: expected \"full\" or "
                        "\"normal\"", origin);
    char env[256] = "";
    (void)svc_config_env_name(cfg, env, sizeof(env), "storage.key");
    svci_clear_err();
    if (key_file && !getenv(env)) {
        e = svci_make_key_file(key_file, path);
        if (e != SVC_OK)
            return e;
    }
    uint8_t *secret = NULL;
    size_t slen = 0;
    e = svc_config_secret(cfg, &secret, &slen, "storage.key");
    if (e != SVC_OK)
        return e;
    uint8_t key[32];
    int bad = svci_unhex(key, sizeof(key), (const char *)secret, slen) != 0;
    svc_secret_free(secret, slen);
    if (bad) {
        wallet_memzero(key, sizeof(key));
        return svci_err(SVC_ERR_CONFIG, "config %s: storage.key: expected 64 hex digits (a raw "
                        "256-bit key)", origin);
    }
    svc_sqlcipher_opts so = {(unsigned)conns, (unsigned)busy, strcmp(sync, "full") == 0};
    e = svc_storage_open_sqlcipher(out, path, key, &so);
    wallet_memzero(key, sizeof(key));
    return e;
}
