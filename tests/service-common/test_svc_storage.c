/* wallet_svc storage, SQLCipher backend: records, expiry, take-once under
 * concurrency, transactions, sequences, lists, purge, reopen, keys, and
 * that the file is unreadable without its key. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>

#include "svc_testutil.h"

static char dir_[64];
static int64_t now_ = 1767225600; /* 2026-01-01 */
static const uint8_t key_[32] = "0123456789abcdef0123456789abcde";
static const uint8_t other_key_[32] = "fedcba9876543210fedcba987654321";

static int64_t fake_clock(void *u)
{
    (void)u;
    return now_;
}

static const char *db_path(const char *name)
{
    static char p[4][256];
    static int i;
    i = (i + 1) % 4;
    snprintf(p[i], sizeof(p[i]), "%s/%s", dir_, name);
    return p[i];
}

static svc_storage *open_db(const char *name, unsigned conns, unsigned busy_ms)
{
    svc_storage *st = NULL;
    svc_sqlcipher_opts o = {conns, busy_ms, 1};
    tu_assert_svc_ok(svc_storage_open_sqlcipher(&st, db_path(name), key_, &o));
    assert_string_equal(svc_storage_backend(st), "sqlcipher");
    svc_storage_set_clock(st, fake_clock, NULL);
    return st;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir_, sizeof(dir_), "/tmp/svc_storage_XXXXXX");
    return mkdtemp(dir_) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir_);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- records ----------------------------------------------------------------- */

static void test_crud(void **state)
{
    (void)state;
    svc_storage *st = open_db("crud.db", 2, 2000);
    tu_assert_svc_ok(svc_storage_ping(st));
    tu_assert_svc_ok(svc_storage_put(st, NULL, "offer", "o-1", "record-7", "{\"n\":1}", 0,
                                     SVC_PUT_INSERT));
    svc_record r;
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "offer", "o-1"));
    assert_string_equal(r.key, "o-1");
    assert_string_equal(r.ref, "record-7");
    assert_string_equal(r.value, "{\"n\":1}");
    assert_int_equal(r.value_len, 7);
    assert_int_equal(r.created_at, now_);
    assert_int_equal(r.expires_at, 0);
    svc_record_clear(&r);

    now_ += 5;
    tu_assert_svc_ok(svc_storage_put(st, NULL, "offer", "o-1", NULL, "{\"n\":2}", 0,
                                     SVC_PUT_REPLACE));
    tu_assert_svc_ok(svc_storage_put(st, NULL, "offer", "o-1", NULL, "{\"n\":3}", now_ + 100,
                                     SVC_PUT_UPDATE));
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "offer", "o-1"));
    assert_string_equal(r.value, "{\"n\":3}");
    assert_null(r.ref);
    assert_int_equal(r.created_at, now_ - 5); /* kept across overwrites */
    assert_int_equal(r.expires_at, now_ + 100);
    svc_record_clear(&r);

    /* Same key in another table is another record. */
    tu_assert_svc_ok(svc_storage_put(st, NULL, "nonce", "o-1", NULL, "true", 0, SVC_PUT_INSERT));
    tu_assert_svc_ok(svc_storage_delete(st, NULL, "offer", "o-1"));
    tu_assert_svc(svc_storage_get(st, NULL, &r, "offer", "o-1"), SVC_ERR_NOT_FOUND);
    assert_null(r.value);
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "nonce", "o-1"));
    svc_record_clear(&r);
    svc_storage_close(st);
}

static void test_expiry(void **state)
{
    (void)state;
    svc_storage *st = open_db("expiry.db", 2, 2000);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "nonce", "n1", NULL, "{}", now_ + 10,
                                     SVC_PUT_INSERT));
    tu_assert_svc_ok(svc_storage_put(st, NULL, "nonce", "n2", NULL, "{}", now_ + 10,
                                     SVC_PUT_INSERT));
    svc_record r;
    now_ += 9;
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "nonce", "n1"));
    svc_record_clear(&r);
    now_ += 1; /* expires_at is the first second it is no longer valid */
    tu_assert_svc(svc_storage_get(st, NULL, &r, "nonce", "n1"), SVC_ERR_EXPIRED);
    assert_null(r.value);
    /* An expired record may be replaced by an insert. */
    tu_assert_svc_ok(svc_storage_put(st, NULL, "nonce", "n1", NULL, "{\"new\":1}", 0,
                                     SVC_PUT_INSERT));
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "nonce", "n1"));
    assert_int_equal(r.created_at, now_);
    svc_record_clear(&r);
    /* Taking an expired record removes it. */
    tu_assert_svc(svc_storage_take(st, NULL, &r, "nonce", "n2"), SVC_ERR_EXPIRED);
    tu_assert_svc(svc_storage_get(st, NULL, &r, "nonce", "n2"), SVC_ERR_NOT_FOUND);
    tu_assert_svc(svc_storage_put(st, NULL, "nonce", "n2", NULL, "{}", 0, SVC_PUT_UPDATE),
                  SVC_ERR_NOT_FOUND);
    svc_storage_close(st);
}

static void test_list_by_ref_and_purge(void **state)
{
    (void)state;
    svc_storage *st = open_db("list.db", 2, 2000);
    for (int i = 0; i < 5; i++) {
        char k[16], v[32];
        snprintf(k, sizeof(k), "cred-%d", i);
        snprintf(v, sizeof(v), "{\"i\":%d}", i);
        tu_assert_svc_ok(svc_storage_put(st, NULL, "issued", k, i % 2 ? "rec-B" : "rec-A", v,
                                         i == 4 ? now_ + 1 : 0, SVC_PUT_INSERT));
        now_++;
    }
    svc_record *rs = NULL;
    size_t n = 0;
    tu_assert_svc_ok(svc_storage_list(st, NULL, &rs, &n, "issued", "rec-A", 0));
    assert_int_equal(n, 2); /* cred-4 expired by now */
    assert_string_equal(rs[0].key, "cred-0");
    assert_string_equal(rs[1].key, "cred-2");
    assert_string_equal(rs[1].value, "{\"i\":2}");
    svc_records_free(rs, n);
    tu_assert_svc_ok(svc_storage_list(st, NULL, &rs, &n, "issued", NULL, 3));
    assert_int_equal(n, 3);
    svc_records_free(rs, n);
    tu_assert_svc_ok(svc_storage_list(st, NULL, &rs, &n, "issued", "nobody", 0));
    assert_int_equal(n, 0);
    assert_null(rs);
    size_t removed = 0;
    tu_assert_svc_ok(svc_storage_purge(st, &removed));
    assert_int_equal(removed, 1);
    tu_assert_svc_ok(svc_storage_purge(st, &removed));
    assert_int_equal(removed, 0);
    svc_storage_close(st);
}

/* ---- concurrency ----------------------------------------------------------------- */

#define TAKE_KEYS 300
#define THREADS 8

static pthread_barrier_t round_;

typedef struct {
    svc_storage *st;
    atomic_int *taken;
    int errors;
    int mine;
} take_arg;

/* Every round, all threads start together on the same key. */
static void *taker(void *p)
{
    take_arg *a = p;
    for (int i = 0; i < TAKE_KEYS; i++) {
        pthread_barrier_wait(&round_);
        char k[16];
        snprintf(k, sizeof(k), "code-%d", i);
        svc_record r;
        svc_err e = svc_storage_take(a->st, NULL, &r, "preauth_code", k);
        if (e == SVC_OK) {
            atomic_fetch_add(&a->taken[i], 1);
            a->mine++;
            svc_record_clear(&r);
        } else if (e != SVC_ERR_NOT_FOUND) {
            a->errors++;
        }
    }
    return NULL;
}

static void test_take_once_under_8_concurrent_threads(void **state)
{
    (void)state;
    svc_storage *st = open_db("take.db", THREADS, 10000);
    svc_txn *t = NULL;
    tu_assert_svc_ok(svc_storage_begin(st, &t));
    for (int i = 0; i < TAKE_KEYS; i++) {
        char k[16];
        snprintf(k, sizeof(k), "code-%d", i);
        tu_assert_svc_ok(svc_storage_put(st, t, "preauth_code", k, NULL, "{\"offer\":1}",
                                         now_ + 300, SVC_PUT_INSERT));
    }
    tu_assert_svc_ok(svc_storage_commit(t));
    static atomic_int taken[TAKE_KEYS];
    for (int i = 0; i < TAKE_KEYS; i++)
        atomic_init(&taken[i], 0);
    pthread_t th[THREADS];
    take_arg a[THREADS];
    pthread_barrier_init(&round_, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        a[i] = (take_arg){st, taken, 0, 0};
        pthread_create(&th[i], NULL, taker, &a[i]);
    }
    int total = 0, winners = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(a[i].errors, 0);
        total += a[i].mine;
        winners += a[i].mine > 0;
    }
    for (int i = 0; i < TAKE_KEYS; i++)
        if (atomic_load(&taken[i]) != 1)
            fail_msg("code-%d taken %d times", i, atomic_load(&taken[i]));
    pthread_barrier_destroy(&round_);
    assert_int_equal(total, TAKE_KEYS);
    assert_true(winners >= 2); /* the threads really raced */
    svc_storage_close(st);
}

typedef struct {
    svc_storage *st;
    int errors;
} inc_arg;

/* Read-modify-write in a transaction (the tx_code attempt counter). */
static void *incrementer(void *p)
{
    inc_arg *a = p;
    for (int i = 0; i < 25; i++) {
        svc_txn *t = NULL;
        svc_record r;
        if (svc_storage_begin(a->st, &t) != SVC_OK ||
            svc_storage_get(a->st, t, &r, "offer", "o") != SVC_OK) {
            svc_storage_rollback(t);
            a->errors++;
            continue;
        }
        cJSON *j = cJSON_Parse(r.value);
        int n = cJSON_GetObjectItem(j, "attempts")->valueint;
        cJSON_Delete(j);
        svc_record_clear(&r);
        char v[64];
        snprintf(v, sizeof(v), "{\"attempts\":%d}", n + 1);
        if (svc_storage_put(a->st, t, "offer", "o", NULL, v, 0, SVC_PUT_UPDATE) != SVC_OK) {
            svc_storage_rollback(t);
            a->errors++;
            continue;
        }
        if (svc_storage_commit(t) != SVC_OK)
            a->errors++;
    }
    return NULL;
}

static void test_transactions_serialise_read_modify_write(void **state)
{
    (void)state;
    svc_storage *st = open_db("rmw.db", THREADS, 20000);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "offer", "o", NULL, "{\"attempts\":0}", 0,
                                     SVC_PUT_INSERT));
    pthread_t th[THREADS];
    inc_arg a[THREADS];
    for (int i = 0; i < THREADS; i++) {
        a[i] = (inc_arg){st, 0};
        pthread_create(&th[i], NULL, incrementer, &a[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(a[i].errors, 0);
    }
    svc_record r;
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "offer", "o"));
    assert_string_equal(r.value, "{\"attempts\":200}");
    svc_record_clear(&r);
    svc_storage_close(st);
}

static void test_transaction_rollback_and_commit(void **state)
{
    (void)state;
    svc_storage *st = open_db("txn.db", 2, 2000);
    svc_txn *t = NULL;
    tu_assert_svc_ok(svc_storage_begin(st, &t));
    tu_assert_svc_ok(svc_storage_put(st, t, "offer", "a", NULL, "1", 0, SVC_PUT_INSERT));
    int64_t seq = -1;
    tu_assert_svc_ok(svc_storage_seq_next(st, t, &seq, "status:list-1"));
    svc_record r;
    tu_assert_svc_ok(svc_storage_get(st, t, &r, "offer", "a")); /* visible inside */
    svc_record_clear(&r);
    svc_storage_rollback(t);
    tu_assert_svc(svc_storage_get(st, NULL, &r, "offer", "a"), SVC_ERR_NOT_FOUND);

    tu_assert_svc_ok(svc_storage_begin(st, &t));
    tu_assert_svc_ok(svc_storage_put(st, t, "offer", "a", NULL, "2", 0, SVC_PUT_INSERT));
    tu_assert_svc_ok(svc_storage_seq_next(st, t, &seq, "status:list-1"));
    assert_int_equal(seq, 0); /* the rolled-back value was never handed out for good */
    tu_assert_svc_ok(svc_storage_commit(t));
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "offer", "a"));
    assert_string_equal(r.value, "2");
    svc_record_clear(&r);
    svc_storage_rollback(NULL);
    svc_storage_close(st);
}

typedef struct {
    svc_storage *st;
    svc_err got;
} busy_arg;

static void *busy_writer(void *p)
{
    busy_arg *a = p;
    a->got = svc_storage_put(a->st, NULL, "offer", "b", NULL, "1", 0, SVC_PUT_INSERT);
    return NULL;
}

static void test_open_transaction_blocks_writers_until_timeout(void **state)
{
    (void)state;
    svc_storage *st = open_db("busy.db", 2, 300);
    svc_txn *t = NULL;
    tu_assert_svc_ok(svc_storage_begin(st, &t));
    busy_arg a = {st, SVC_OK};
    pthread_t th;
    pthread_create(&th, NULL, busy_writer, &a);
    pthread_join(th, NULL);
    assert_int_equal(a.got, SVC_ERR_BUSY);
    svc_storage_rollback(t);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "offer", "b", NULL, "1", 0, SVC_PUT_INSERT));
    svc_storage_close(st);
}

typedef struct {
    svc_storage *st;
    int64_t got[50];
    int errors;
} seq_arg;

static void *seqer(void *p)
{
    seq_arg *a = p;
    for (int i = 0; i < 50; i++)
        if (svc_storage_seq_next(a->st, NULL, &a->got[i], "status:health") != SVC_OK)
            a->errors++;
    return NULL;
}

static void test_sequence_values_unique_and_persistent(void **state)
{
    (void)state;
    svc_storage *st = open_db("seq.db", THREADS, 20000);
    pthread_t th[THREADS];
    static seq_arg a[THREADS];
    for (int i = 0; i < THREADS; i++) {
        a[i].st = st;
        a[i].errors = 0;
        pthread_create(&th[i], NULL, seqer, &a[i]);
    }
    static unsigned char seen[THREADS * 50];
    memset(seen, 0, sizeof(seen));
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(a[i].errors, 0);
        for (int k = 0; k < 50; k++) {
            assert_true(a[i].got[k] >= 0 && a[i].got[k] < THREADS * 50);
            assert_int_equal(seen[a[i].got[k]], 0);
            seen[a[i].got[k]] = 1;
        }
    }
    svc_storage_close(st);
    st = open_db("seq.db", 1, 2000);
    int64_t v = 0;
    tu_assert_svc_ok(svc_storage_seq_next(st, NULL, &v, "status:health"));
    assert_int_equal(v, THREADS * 50);
    tu_assert_svc_ok(svc_storage_seq_next(st, NULL, &v, "status:other"));
    assert_int_equal(v, 0);
    svc_storage_close(st);
}

/* ---- files and keys ---------------------------------------------------------------- */

#define MARKER "citizen-079201004321-marker"

static void test_reopen_after_close(void **state)
{
    (void)state;
    svc_storage *st = open_db("reopen.db", 2, 2000);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "issued", "c1", NULL, "{\"who\":\"" MARKER "\"}",
                                     0, SVC_PUT_INSERT));
    svc_storage_close(st);
    st = open_db("reopen.db", 3, 2000);
    svc_record r;
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "issued", "c1"));
    assert_non_null(strstr(r.value, MARKER));
    svc_record_clear(&r);
    svc_storage_close(st);
    struct stat sb;
    assert_int_equal(stat(db_path("reopen.db"), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* The WAL was checkpointed and removed on close. */
    assert_int_not_equal(stat(db_path("reopen.db-wal"), &sb), 0);
}

static void test_wrong_key_refused(void **state)
{
    (void)state;
    svc_storage *st = open_db("key.db", 1, 2000);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "t", "k", NULL, "1", 0, SVC_PUT_INSERT));
    svc_storage_close(st);
    svc_storage *bad = (svc_storage *)1;
    tu_assert_svc(svc_storage_open_sqlcipher(&bad, db_path("key.db"), other_key_, NULL),
                  SVC_ERR_BAD_KEY);
    assert_null(bad);
    /* The right key still works: the failed open changed nothing. */
    st = open_db("key.db", 1, 2000);
    svc_storage_close(st);
}

static void test_file_unreadable_without_key(void **state)
{
    (void)state;
    svc_storage *st = open_db("plain.db", 1, 2000);
    for (int i = 0; i < 50; i++) {
        char k[16];
        snprintf(k, sizeof(k), "k%d", i);
        tu_assert_svc_ok(svc_storage_put(st, NULL, "issued", k, MARKER,
                                         "{\"name\":\"" MARKER "\"}", 0, SVC_PUT_INSERT));
    }
    svc_storage_close(st);
    FILE *f = fopen(db_path("plain.db"), "rb");
    assert_non_null(f);
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    assert_true(n >= 4096);
    /* No SQLite header (page 1 is encrypted too), no plaintext anywhere. */
    assert_true(memcmp(buf, "SQLite format 3", 15) != 0);
    assert_null(memmem(buf, n, "citizen", 7));
    assert_null(memmem(buf, n, "records", 7)); /* not even the schema */
}

static void test_not_a_database_refused(void **state)
{
    (void)state;
    const char *p = db_path("garbage.db");
    FILE *f = fopen(p, "wb");
    for (int i = 0; i < 8192; i++)
        fputc((i * 7919) & 0xFF, f);
    fclose(f);
    svc_storage *st = NULL;
    tu_assert_svc(svc_storage_open_sqlcipher(&st, p, key_, NULL), SVC_ERR_BAD_KEY);
}

static void test_unopenable_path_refused(void **state)
{
    (void)state;
    svc_storage *st = NULL;
    tu_assert_svc(svc_storage_open_sqlcipher(&st, "/nonexistent/dir/x.db", key_, NULL),
                  SVC_ERR_IO);
    tu_assert_svc(svc_storage_open_sqlcipher(&st, NULL, key_, NULL), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_open_sqlcipher(&st, db_path("x.db"), NULL, NULL), SVC_ERR_INVALID_ARG);
}

/* ---- refusals ------------------------------------------------------------------------ */

static void test_insert_over_live_record_refused(void **state)
{
    (void)state;
    svc_storage *st = open_db("exists.db", 1, 2000);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "nonce", "n", NULL, "1", now_ + 60,
                                     SVC_PUT_INSERT));
    tu_assert_svc(svc_storage_put(st, NULL, "nonce", "n", NULL, "2", 0, SVC_PUT_INSERT),
                  SVC_ERR_EXISTS);
    svc_record r;
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "nonce", "n"));
    assert_string_equal(r.value, "1"); /* unchanged */
    svc_record_clear(&r);
    svc_storage_close(st);
}

static void test_update_of_missing_or_expired_refused(void **state)
{
    (void)state;
    svc_storage *st = open_db("update.db", 1, 2000);
    tu_assert_svc(svc_storage_put(st, NULL, "offer", "none", NULL, "1", 0, SVC_PUT_UPDATE),
                  SVC_ERR_NOT_FOUND);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "offer", "old", NULL, "1", now_ + 1,
                                     SVC_PUT_INSERT));
    now_ += 2;
    tu_assert_svc(svc_storage_put(st, NULL, "offer", "old", NULL, "2", 0, SVC_PUT_UPDATE),
                  SVC_ERR_EXPIRED);
    tu_assert_svc(svc_storage_delete(st, NULL, "offer", "none"), SVC_ERR_NOT_FOUND);
    svc_storage_close(st);
}

static void test_taken_record_cannot_be_taken_again(void **state)
{
    (void)state;
    svc_storage *st = open_db("take2.db", 1, 2000);
    tu_assert_svc_ok(svc_storage_put(st, NULL, "state", "s", NULL, "{}", 0, SVC_PUT_INSERT));
    svc_record r;
    tu_assert_svc_ok(svc_storage_take(st, NULL, &r, "state", "s"));
    svc_record_clear(&r);
    tu_assert_svc(svc_storage_take(st, NULL, &r, "state", "s"), SVC_ERR_NOT_FOUND);
    svc_storage_close(st);
}

static void test_malformed_arguments_refused(void **state)
{
    (void)state;
    svc_storage *st = open_db("args.db", 1, 2000);
    char longkey[SVC_STORAGE_MAX_KEY + 2];
    memset(longkey, 'k', sizeof(longkey) - 1);
    longkey[sizeof(longkey) - 1] = '\0';
    tu_assert_svc(svc_storage_put(st, NULL, "Offer", "k", NULL, "1", 0, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "", "k", NULL, "1", 0, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "", NULL, "1", 0, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "a\nb", NULL, "1", 0, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", longkey, NULL, "1", 0, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "k", "\x01", "1", 0, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "k", NULL, "1", -1, 0), SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "k", NULL, "1", 0, (svc_put_mode)7),
                  SVC_ERR_INVALID_ARG);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "k", NULL, "{not json", 0, 0), SVC_ERR_MALFORMED);
    tu_assert_svc(svc_storage_put(st, NULL, "t", "k", NULL, "{} x", 0, 0), SVC_ERR_MALFORMED);
    char *big = malloc(SVC_STORAGE_MAX_VALUE + 8);
    memset(big, ' ', SVC_STORAGE_MAX_VALUE + 4);
    big[0] = '1';
    big[SVC_STORAGE_MAX_VALUE + 4] = '\0';
    tu_assert_svc(svc_storage_put(st, NULL, "t", "k", NULL, big, 0, 0), SVC_ERR_TOO_LARGE);
    free(big);
    int64_t v = 5;
    tu_assert_svc(svc_storage_seq_next(st, NULL, &v, "bad name"), SVC_ERR_INVALID_ARG);
    assert_int_equal(v, 0);
    svc_record r;
    tu_assert_svc(svc_storage_get(st, NULL, &r, "t", NULL), SVC_ERR_INVALID_ARG);
    svc_storage_close(st);
}

static void test_transaction_of_another_storage_refused(void **state)
{
    (void)state;
    svc_storage *a = open_db("a.db", 1, 2000), *b = open_db("b.db", 1, 2000);
    svc_txn *t = NULL;
    tu_assert_svc_ok(svc_storage_begin(a, &t));
    tu_assert_svc(svc_storage_put(b, t, "t", "k", NULL, "1", 0, 0), SVC_ERR_INVALID_ARG);
    svc_storage_rollback(t);
    svc_storage_close(a);
    svc_storage_close(b);
}

/* ---- from config ---------------------------------------------------------------------- */

static void test_open_from_config_creates_key_file(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof(text), "{\"storage\":{\"path\":\"cfg.db\",\"key_file\":\"cfg.key\","
                                 "\"connections\":2}}");
    char cfgpath[256];
    snprintf(cfgpath, sizeof(cfgpath), "%s/svc.json", dir_);
    FILE *f = fopen(cfgpath, "wb");
    fputs(text, f);
    fclose(f);
    svc_config *cfg = NULL;
    tu_assert_svc_ok(svc_config_load(&cfg, cfgpath, "WT_ST"));
    svc_storage *st = NULL;
    tu_assert_svc_ok(svc_storage_open_config(&st, cfg));
    tu_assert_svc_ok(svc_storage_put(st, NULL, "t", "k", NULL, "1", 0, 0));
    svc_storage_close(st);
    struct stat sb;
    assert_int_equal(stat(db_path("cfg.key"), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, 65);
    tu_assert_svc_ok(svc_config_check_unused(cfg));
    svc_config_free(cfg);
    /* Second start: the same key file opens the same database. */
    tu_assert_svc_ok(svc_config_load(&cfg, cfgpath, "WT_ST"));
    tu_assert_svc_ok(svc_storage_open_config(&st, cfg));
    svc_record r;
    tu_assert_svc_ok(svc_storage_get(st, NULL, &r, "t", "k"));
    svc_record_clear(&r);
    svc_storage_close(st);
    svc_config_free(cfg);
}

static void test_open_from_config_refusals(void **state)
{
    (void)state;
    struct {
        const char *json;
        const char *env_key;
        svc_err want;
    } cases[] = {
        {"{\"storage\":{\"backend\":\"postgresql\",\"path\":\"x.db\"}}", NULL, SVC_ERR_CONFIG},
        {"{\"storage\":{\"backend\":\"mysql\",\"path\":\"x.db\"}}", NULL, SVC_ERR_CONFIG},
        {"{\"storage\":{}}", NULL, SVC_ERR_CONFIG},
        {"{\"storage\":{\"path\":\"x.db\",\"synchronous\":\"off\"}}", NULL, SVC_ERR_CONFIG},
        {"{\"storage\":{\"path\":\"x.db\"}}", NULL, SVC_ERR_NOT_FOUND},     /* no key at all */
        {"{\"storage\":{\"path\":\"x.db\"}}", "not-hex", SVC_ERR_CONFIG},
        {"{\"storage\":{\"path\":\"x.db\"}}", "00112233", SVC_ERR_CONFIG}, /* too short */
        {"{\"storage\":{\"path\":\"x.db\",\"key\":\"00\"}}", NULL, SVC_ERR_CONFIG},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        svc_config *cfg = NULL;
        tu_assert_svc_ok(svc_config_parse(&cfg, cases[i].json, strlen(cases[i].json), "s.json",
                                          "WT_SR"));
        if (cases[i].env_key)
            setenv("WT_SR_STORAGE_KEY", cases[i].env_key, 1);
        svc_storage *st = (svc_storage *)1;
        svc_err e = svc_storage_open_config(&st, cfg);
        unsetenv("WT_SR_STORAGE_KEY");
        if (e != cases[i].want)
            fail_msg("case %zu: got %s want %s: %s", i, svc_err_str(e),
                     svc_err_str(cases[i].want), svc_errmsg());
        assert_null(st);
        svc_config_free(cfg);
    }
    /* A database that exists without its key file: no key is invented. */
    char text[512];
    snprintf(text, sizeof(text), "{\"storage\":{\"path\":\"%s\",\"key_file\":\"%s/missing.key\"}}",
             db_path("crud.db"), dir_);
    svc_config *cfg = NULL;
    tu_assert_svc_ok(svc_config_parse(&cfg, text, strlen(text), "s.json", "WT_SR"));
    svc_storage *st = NULL;
    tu_assert_svc(svc_storage_open_config(&st, cfg), SVC_ERR_IO);
    struct stat sb;
    assert_int_not_equal(stat(db_path("missing.key"), &sb), 0);
    svc_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crud),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_list_by_ref_and_purge),
        cmocka_unit_test(test_take_once_under_8_concurrent_threads),
        cmocka_unit_test(test_transactions_serialise_read_modify_write),
        cmocka_unit_test(test_transaction_rollback_and_commit),
        cmocka_unit_test(test_open_transaction_blocks_writers_until_timeout),
        cmocka_unit_test(test_sequence_values_unique_and_persistent),
        cmocka_unit_test(test_reopen_after_close),
        cmocka_unit_test(test_wrong_key_refused),
        cmocka_unit_test(test_file_unreadable_without_key),
        cmocka_unit_test(test_not_a_database_refused),
        cmocka_unit_test(test_unopenable_path_refused),
        cmocka_unit_test(test_insert_over_live_record_refused),
        cmocka_unit_test(test_update_of_missing_or_expired_refused),
        cmocka_unit_test(test_taken_record_cannot_be_taken_again),
        cmocka_unit_test(test_malformed_arguments_refused),
        cmocka_unit_test(test_transaction_of_another_storage_refused),
        cmocka_unit_test(test_open_from_config_creates_key_file),
        cmocka_unit_test(test_open_from_config_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
