/*
 * The store: creating and opening with a PIN or a keystore key, wrong
 * secrets (never a damaged file), the failed-attempt counter and its delays,
 * locking, changing the secret (re-keying, with failures injected at every
 * step), the header file and its tampering, schema versions and migration.
 */
#include <sys/wait.h>

#include "store/store_int.h"
#include "test_store_util.h"

/* ---- helpers ------------------------------------------------------------------------- */

static char *hdr_path(ts_env *t)
{
    static char p[320];
    snprintf(p, sizeof(p), "%s-header", t->path);
    return p;
}

/* Flip one byte of a file at `off` (negative: from the end). */
static void flip_byte(const char *path, long off)
{
    size_t n = 0;
    uint8_t *d = ts_file(path, &n);
    assert_non_null(d);
    size_t at = off < 0 ? n - (size_t)(-off) : (size_t)off;
    assert_true(at < n);
    d[at] ^= 0x40;
    ts_write_file(path, d, n);
    free(d);
}

/* SHA-256-free equality of a file before and after: compare contents. */
static int same_file(const uint8_t *before, size_t before_len, const char *path)
{
    size_t n = 0;
    uint8_t *now = ts_file(path, &n);
    int same = now && n == before_len && memcmp(now, before, n) == 0;
    free(now);
    return same;
}

static wallet_err try_open(ts_env *t, const uint8_t *secret, size_t len, unsigned flags)
{
    wallet_store *s = NULL;
    wallet_err e = wallet_store_open(t->ctx, &s, t->path, secret, len, flags);
    if (e)
        assert_null(s);
    wallet_store_free(s);
    return e;
}

/* ---- positive ----------------------------------------------------------------------------- */

static void test_create_then_open_with_pin(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    assert_true(wallet_store_is_open(s));
    char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\",\"name\":\"An\"}");
    wallet_store_free(s);
    s = ts_open(t);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_int_equal(ts_array_len(json), 1);
    assert_non_null(strstr(json, id));
    /* Every file of the store is private to the user. */
    struct stat st;
    assert_int_equal(stat(t->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(hdr_path(t), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    wallet_free(json);
    wallet_free(id);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_create_then_open_with_keystore_key(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = NULL;
    tu_assert_ok(t->ctx, wallet_store_create(t->ctx, &s, t->path, ts_raw_key, sizeof(ts_raw_key),
                                             WALLET_STORE_RAW_KEY));
    char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\"}");
    wallet_store_free(s);
    s = NULL;
    tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, ts_raw_key, sizeof(ts_raw_key),
                                           WALLET_STORE_RAW_KEY));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    assert_non_null(strstr(json, "https://issuer.example"));
    wallet_free(json);
    wallet_free(id);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_lock_then_unlock(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\"}");
    wallet_store_lock(s);
    assert_false(wallet_store_is_open(s));
    /* The data key is wiped with the lock. */
    static const uint8_t zero[WL_STORE_DEK_LEN] = {0};
    assert_memory_equal(s->dek, zero, sizeof(zero));
    assert_memory_equal(s->key_kek, zero, sizeof(zero));
    assert_int_equal(s->lock_fd, -1);
    /* Another handle may open it while this one is locked. */
    wallet_store *other = ts_open(t);
    wallet_store_free(other);
    tu_assert_ok(t->ctx, wallet_store_unlock(t->ctx, s, TS_PIN, TS_PIN_LEN, 0));
    assert_true(wallet_store_is_open(s));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    wallet_free(json);
    wallet_free(id);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_change_pin_keeps_everything(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\",\"n\":1}");
    char *key_id = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &key_id, s, WALLET_ALG_ES256));
    char *before = NULL, *after = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &before, s, id));
    uint8_t salt_before[16], salt_after[16];
    tu_assert_ok(t->ctx, wl_sql_file_salt(t->ctx, salt_before, t->path));
    tu_assert_ok(t->ctx, wallet_store_change_secret(t->ctx, s, (const uint8_t *)"654321", 6, TS_FAST));
    /* A new database file (new data key, new salt). */
    tu_assert_ok(t->ctx, wl_sql_file_salt(t->ctx, salt_after, t->path));
    assert_memory_not_equal(salt_before, salt_after, 16);
    /* Still usable through the same handle. */
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &after, s, id));
    assert_string_equal(before, after);
    wallet_free(after);
    wallet_store_free(s);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_WRONG_SECRET);
    s = NULL;
    tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, (const uint8_t *)"654321", 6, 0));
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &after, s, id));
    assert_string_equal(before, after);
    /* The holder key was re-sealed under the new data key. */
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, key_id));
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(t->ctx, wallet_sign(t->ctx, &sig, &sig_len, k, WALLET_ALG_NONE,
                                     (const uint8_t *)"m", 1));
    tu_assert_ok(t->ctx, wallet_verify_signature(t->ctx, k, WALLET_ALG_ES256, WALLET_ALGSET_ALL,
                                                 (const uint8_t *)"m", 1, sig, sig_len));
    wallet_free(sig);
    wallet_key_free(k);
    wallet_free(before);
    wallet_free(after);
    wallet_free(id);
    wallet_free(key_id);
    wallet_store_free(s);
    /* Nothing left beside the store. */
    char p[400];
    snprintf(p, sizeof(p), "%s-new", t->path);
    assert_int_not_equal(access(p, F_OK), 0);
    ts_teardown(t);
}

static void test_change_pin_to_keystore_key_and_back(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\"}");
    tu_assert_ok(t->ctx, wallet_store_change_secret(t->ctx, s, ts_raw_key, sizeof(ts_raw_key),
                                                    WALLET_STORE_RAW_KEY));
    wallet_store_free(s);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_WRONG_SECRET);
    s = NULL;
    tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, ts_raw_key, sizeof(ts_raw_key),
                                           WALLET_STORE_RAW_KEY));
    tu_assert_ok(t->ctx, wallet_store_change_secret(t->ctx, s, TS_PIN, TS_PIN_LEN, TS_FAST));
    wallet_store_free(s);
    s = ts_open(t);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    wallet_free(json);
    wallet_free(id);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_success_resets_failure_counter(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    tu_assert_err(t->ctx, try_open(t, (const uint8_t *)"000000", 6, 0), WALLET_ERR_STORE_WRONG_SECRET);
    tu_assert_err(t->ctx, try_open(t, (const uint8_t *)"000001", 6, 0), WALLET_ERR_STORE_WRONG_SECRET);
    uint32_t failures = 0;
    int64_t wait = -1;
    tu_assert_ok(t->ctx, wallet_store_retry_delay(t->ctx, &failures, &wait, t->path));
    assert_int_equal(failures, 2);
    assert_int_equal(wait, 0);
    tu_assert_ok(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0));
    tu_assert_ok(t->ctx, wallet_store_retry_delay(t->ctx, &failures, &wait, t->path));
    assert_int_equal(failures, 0);
    ts_teardown(t);
}

/* The schedule: three free attempts, then 30 s, 60 s, 300 s, 900 s, 3600 s. */
static void test_delay_increases_then_allows_after_waiting(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    static const int64_t expect[] = {0, 0, 0, 30, 60, 300, 900, 3600, 3600};
    int64_t now = TS_NOW;
    for (size_t i = 0; i < WL_ARRAY_LEN(expect); i++) {
        wallet_ctx_set_time(t->ctx, now);
        tu_assert_err(t->ctx, try_open(t, (const uint8_t *)"999999", 6, 0),
                      WALLET_ERR_STORE_WRONG_SECRET);
        uint32_t failures = 0;
        int64_t wait = -1;
        tu_assert_ok(t->ctx, wallet_store_retry_delay(t->ctx, &failures, &wait, t->path));
        assert_int_equal(failures, i + 1);
        assert_int_equal(wait, expect[i]);
        now += expect[i];
    }
    /* After waiting out the delay the right PIN opens it. */
    wallet_ctx_set_time(t->ctx, now);
    tu_assert_ok(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0));
    ts_teardown(t);
}

static void test_open_migrates_older_schema(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    /* A version-1 store, with a credential inserted the way version 1 did
     * (no batch column, no claim index). */
    wl_schema_target_for_tests = 1;
    wallet_store *s = ts_create(t);
    int64_t v = 0;
    tu_assert_ok(t->ctx, wl_sql_int(t->ctx, s->db, &v, "PRAGMA user_version", NULL));
    assert_int_equal(v, 1);
    tu_assert_ok(t->ctx,
                 wl_sql_exec(t->ctx, s->db,
                             "INSERT INTO credentials(id, uid, digest, format, type, issuer, valid, "
                             "added_at) VALUES (1, 'AAAAAAAAAAAAAAAA', x'00', 'jws', 'example+jwt', "
                             "'https://issuer.example', 1, 1);"
                             "INSERT INTO documents(cred, raw, claims) VALUES (1, x'41', "
                             "'{\"address\":{\"locality\":\"Hanoi\"},\"age\":40}')"));
    wallet_store_free(s);
    wl_schema_target_for_tests = 0;
    /* Opening with this library migrates to the current version and builds
     * the claim index from the stored claims. */
    s = ts_open(t);
    tu_assert_ok(t->ctx, wl_sql_int(t->ctx, s->db, &v, "PRAGMA user_version", NULL));
    assert_int_equal(v, WL_STORE_SCHEMA_VERSION);
    const char *q = "{\"credentials\":[{\"id\":\"q\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
                    "[\"example+jwt\"]},\"require_cryptographic_holder_binding\":false,"
                    "\"claims\":[{\"path\":[\"address\",\"locality\"],\"values\":[\"Hanoi\"]}]}]}";
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_match(t->ctx, &json, s, q, strlen(q)));
    assert_non_null(strstr(json, "AAAAAAAAAAAAAAAA"));
    wallet_free(json);
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, "\"batch\":null"));
    wallet_free(json);
    wallet_store_free(s);
    ts_teardown(t);
}

/* Re-keying is interrupted at each of its steps: whatever happened, the
 * store opens with exactly one of the two PINs and holds everything. */
static void test_change_pin_interrupted_at_every_step(void **state)
{
    (void)state;
    for (int step = 1; step <= 8; step++) {
        ts_env *t = ts_setup();
        wallet_store *s = ts_create(t);
        char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\"}");
        wl_store_fault_countdown = step;
        wallet_err e = wallet_store_change_secret(t->ctx, s, (const uint8_t *)"777777", 6, TS_FAST);
        int fired = wl_store_fault_countdown == 0;
        wl_store_fault_countdown = 0;
        wallet_store_free(s);
        wallet_err old_pin = try_open(t, TS_PIN, TS_PIN_LEN, 0);
        wallet_err new_pin = try_open(t, (const uint8_t *)"777777", 6, 0);
        /* Exactly one opens; the call's answer says which. */
        assert_true((old_pin == WALLET_OK) != (new_pin == WALLET_OK));
        assert_int_equal(e == WALLET_OK, new_pin == WALLET_OK);
        if (!fired)
            assert_int_equal(e, WALLET_OK);
        s = NULL;
        if (old_pin == WALLET_OK)
            tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, 0));
        else
            tu_assert_ok(t->ctx,
                         wallet_store_open(t->ctx, &s, t->path, (const uint8_t *)"777777", 6, 0));
        char *json = NULL;
        tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
        wallet_free(json);
        wallet_free(id);
        wallet_store_free(s);
        ts_teardown(t);
    }
}

/* The same, but the process dies at each step (no cleanup at all): the
 * store opens with exactly one of the two PINs and holds everything. */
static void test_change_pin_crash_at_every_step(void **state)
{
    (void)state;
    int crashed_before = 0, crashed_after = 0;
    for (int step = 1; step <= 12; step++) {
        ts_env *t = ts_setup();
        wallet_store *s = ts_create(t);
        char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\"}");
        char *kid = NULL;
        tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
        wallet_store_free(s);
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* The child opens the store on its own and dies in the re-key. */
            wallet_store *c = NULL;
            if (wallet_store_open(t->ctx, &c, t->path, TS_PIN, TS_PIN_LEN, 0))
                _exit(2);
            wl_store_fault_crash = 1;
            wl_store_fault_countdown = step;
            wallet_err e = wallet_store_change_secret(t->ctx, c, (const uint8_t *)"777777", 6,
                                                      TS_FAST);
            _exit(e == WALLET_OK ? 0 : 1);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        assert_true(WIFEXITED(status));
        int crashed = WEXITSTATUS(status) == 99;
        if (!crashed)
            assert_int_equal(WEXITSTATUS(status), 0);
        wallet_err old_pin = try_open(t, TS_PIN, TS_PIN_LEN, 0);
        wallet_err new_pin = try_open(t, (const uint8_t *)"777777", 6, 0);
        assert_true((old_pin == WALLET_OK) != (new_pin == WALLET_OK));
        if (!crashed)
            assert_int_equal(new_pin, WALLET_OK);
        crashed_before += crashed && old_pin == WALLET_OK;
        crashed_after += crashed && new_pin == WALLET_OK;
        s = NULL;
        if (old_pin == WALLET_OK)
            tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, 0));
        else
            tu_assert_ok(t->ctx,
                         wallet_store_open(t->ctx, &s, t->path, (const uint8_t *)"777777", 6, 0));
        char *json = NULL;
        tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
        wallet_free(json);
        wallet_key *k = NULL;
        tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
        uint8_t *sig = NULL;
        size_t n = 0;
        tu_assert_ok(t->ctx, wallet_sign(t->ctx, &sig, &n, k, WALLET_ALG_NONE,
                                         (const uint8_t *)"m", 1));
        wallet_free(sig);
        wallet_key_free(k);
        /* And it can be re-keyed again (leftovers of the crash are cleaned). */
        tu_assert_ok(t->ctx, wallet_store_change_secret(t->ctx, s, (const uint8_t *)"888888", 6,
                                                        TS_FAST));
        wallet_free(id);
        wallet_free(kid);
        wallet_store_free(s);
        ts_teardown(t);
    }
    /* Both sides of the switch were hit. */
    assert_true(crashed_before > 0);
    assert_true(crashed_after > 0);
}

/* ---- negative ------------------------------------------------------------------------------- */

static void test_wrong_pin_leaves_files_untouched(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *id = ts_add(t, s, "example+jwt", "{\"iss\":\"https://issuer.example\"}");
    wallet_store_free(s);
    size_t n = 0;
    uint8_t *db = ts_file(t->path, &n);
    tu_assert_err(t->ctx, try_open(t, (const uint8_t *)"123457", 6, 0),
                  WALLET_ERR_STORE_WRONG_SECRET);
    assert_non_null(strstr(wallet_ctx_errmsg(t->ctx), "wrong PIN"));
    assert_true(same_file(db, n, t->path));
    s = ts_open(t);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    wallet_free(json);
    wallet_store_free(s);
    free(db);
    wallet_free(id);
    ts_teardown(t);
}

static void test_wrong_keystore_key_is_not_counted(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = NULL;
    tu_assert_ok(t->ctx, wallet_store_create(t->ctx, &s, t->path, ts_raw_key, sizeof(ts_raw_key),
                                             WALLET_STORE_RAW_KEY));
    wallet_store_free(s);
    uint8_t bad[32];
    memcpy(bad, ts_raw_key, 32);
    bad[31] ^= 1;
    for (int i = 0; i < 6; i++)
        tu_assert_err(t->ctx, try_open(t, bad, 32, WALLET_STORE_RAW_KEY),
                      WALLET_ERR_STORE_WRONG_SECRET);
    uint32_t failures = 9;
    tu_assert_ok(t->ctx, wallet_store_retry_delay(t->ctx, &failures, NULL, t->path));
    assert_int_equal(failures, 0);
    tu_assert_ok(t->ctx, try_open(t, ts_raw_key, 32, WALLET_STORE_RAW_KEY));
    ts_teardown(t);
}

static void test_pin_for_keystore_store_is_wrong_secret(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = NULL;
    tu_assert_ok(t->ctx, wallet_store_create(t->ctx, &s, t->path, ts_raw_key, sizeof(ts_raw_key),
                                             WALLET_STORE_RAW_KEY));
    wallet_store_free(s);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_WRONG_SECRET);
    assert_non_null(strstr(wallet_ctx_errmsg(t->ctx), "keystore key"));
    ts_teardown(t);
}

static void test_keystore_key_for_pin_store_is_wrong_secret(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    tu_assert_err(t->ctx, try_open(t, ts_raw_key, 32, WALLET_STORE_RAW_KEY),
                  WALLET_ERR_STORE_WRONG_SECRET);
    assert_non_null(strstr(wallet_ctx_errmsg(t->ctx), "PIN"));
    ts_teardown(t);
}

static void test_locked_out_attempt_is_refused_without_counting(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    for (int i = 0; i < 4; i++)
        tu_assert_err(t->ctx, try_open(t, (const uint8_t *)"111111", 6, 0),
                      WALLET_ERR_STORE_WRONG_SECRET);
    /* 4 failures: 30 s to wait. Even the right PIN is refused now. */
    wallet_ctx_set_time(t->ctx, TS_NOW + 29);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_LOCKED_OUT);
    assert_non_null(strstr(wallet_ctx_errmsg(t->ctx), "retry in 1 s"));
    uint32_t failures = 0;
    int64_t wait = 0;
    tu_assert_ok(t->ctx, wallet_store_retry_delay(t->ctx, &failures, &wait, t->path));
    assert_int_equal(failures, 4);
    assert_int_equal(wait, 1);
    wallet_ctx_set_time(t->ctx, TS_NOW + 30);
    tu_assert_ok(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0));
    ts_teardown(t);
}

static void test_clock_moved_back_still_waits(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    for (int i = 0; i < 5; i++)
        tu_assert_err(t->ctx, try_open(t, (const uint8_t *)"111111", 6, 0),
                      i < 4 ? WALLET_ERR_STORE_WRONG_SECRET : WALLET_ERR_STORE_LOCKED_OUT);
    wallet_ctx_set_time(t->ctx, TS_NOW - 100000);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_LOCKED_OUT);
    ts_teardown(t);
}

static void test_open_missing_store_is_not_found(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_NOT_FOUND);
    ts_teardown(t);
}

static void test_create_over_existing_store_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    size_t n = 0;
    uint8_t *db = ts_file(t->path, &n);
    wallet_store *s = NULL;
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_STORE_EXISTS);
    assert_null(s);
    assert_true(same_file(db, n, t->path));
    free(db);
    ts_teardown(t);
}

static void test_second_open_is_busy(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_BUSY);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_missing_header_is_corrupt(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    assert_int_equal(unlink(hdr_path(t)), 0);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_CORRUPT);
    ts_teardown(t);
}

static void test_truncated_header_is_malformed(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    size_t n = 0;
    uint8_t *h = ts_file(hdr_path(t), &n);
    ts_write_file(hdr_path(t), h, n - 1);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_HEADER);
    ts_write_file(hdr_path(t), "WLSTHDR", 7);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_HEADER);
    free(h);
    ts_teardown(t);
}

static void test_header_bad_magic_is_malformed(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    flip_byte(hdr_path(t), 0);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_HEADER);
    ts_teardown(t);
}

static void test_header_unknown_version_is_malformed(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    flip_byte(hdr_path(t), 7);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_HEADER);
    ts_teardown(t);
}

static void test_header_huge_scrypt_cost_is_malformed(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    size_t n = 0;
    uint8_t *h = ts_file(hdr_path(t), &n);
    h[WL_HDR_SIZE + 1] = 24; /* log2 N: 2 GiB of memory */
    ts_write_file(hdr_path(t), h, n);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_HEADER);
    free(h);
    ts_teardown(t);
}

/* A changed KDF parameter is in the wrap's additional data: the unwrap
 * fails as for a wrong PIN. */
static void test_header_weakened_scrypt_cost_fails_unwrap(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    size_t n = 0;
    uint8_t *h = ts_file(hdr_path(t), &n);
    assert_int_equal(h[WL_HDR_SIZE + 1], 10);
    h[WL_HDR_SIZE + 1] = 11;
    ts_write_file(hdr_path(t), h, n);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_WRONG_SECRET);
    free(h);
    ts_teardown(t);
}

static void test_header_wrapped_key_changed_fails_unwrap(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    flip_byte(hdr_path(t), WL_HDR_SIZE + 60);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_WRONG_SECRET);
    ts_teardown(t);
}

static void test_header_of_another_store_is_corrupt(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    char other[400], other_hdr[420];
    snprintf(other, sizeof(other), "%s/other.db", t->dir);
    snprintf(other_hdr, sizeof(other_hdr), "%s-header", other);
    wallet_store *s = NULL;
    tu_assert_ok(t->ctx, wallet_store_create(t->ctx, &s, other, TS_PIN, TS_PIN_LEN, TS_FAST));
    wallet_store_free(s);
    size_t n = 0;
    uint8_t *h = ts_file(other_hdr, &n);
    ts_write_file(hdr_path(t), h, n);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_CORRUPT);
    assert_non_null(strstr(wallet_ctx_errmsg(t->ctx), "does not belong"));
    free(h);
    ts_teardown(t);
}

/* A damaged page fails SQLCipher's per-page HMAC. */
static void test_damaged_database_page_is_corrupt(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    flip_byte(t->path, 100);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_CORRUPT);
    ts_teardown(t);
}

static void test_truncated_database_is_corrupt(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store_free(ts_create(t));
    ts_write_file(t->path, "0123456789", 10);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_CORRUPT);
    ts_teardown(t);
}

static void test_newer_schema_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    tu_assert_ok(t->ctx, wl_sql_exec(t->ctx, s->db, "PRAGMA user_version = 99"));
    wallet_store_free(s);
    tu_assert_err(t->ctx, try_open(t, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STORE_SCHEMA);
    ts_teardown(t);
}

static void test_bad_secrets_and_flags_are_usage_errors(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = NULL;
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, 0, TS_FAST),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, NULL, 6, TS_FAST),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, ts_raw_key, 31,
                                              WALLET_STORE_RAW_KEY),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, 0x80),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN,
                                              WALLET_STORE_SCRYPT_LOG2N(9)),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN,
                                              WALLET_STORE_SCRYPT_LOG2N(19)),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, ts_raw_key, 32,
                                              WALLET_STORE_RAW_KEY | TS_FAST),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, "", TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, NULL, t->path, TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_INVALID_ARG);
    assert_null(s);
    /* Nothing was created by any of these. */
    assert_int_not_equal(access(t->path, F_OK), 0);
    ts_teardown(t);
}

static void test_create_in_missing_directory_is_io_error(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    char p[400];
    snprintf(p, sizeof(p), "%s/no/such/dir/wallet.db", t->dir);
    wallet_store *s = NULL;
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, p, TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_IO);
    ts_teardown(t);
}

static void test_locked_store_refuses_calls(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_store_lock(s);
    wallet_store_lock(s); /* twice is a no-op */
    char *json = (char *)1;
    tu_assert_err(t->ctx, wallet_store_list(t->ctx, &json, s, NULL), WALLET_ERR_STATE);
    assert_null(json);
    tu_assert_err(t->ctx, wallet_store_change_secret(t->ctx, s, TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_STATE);
    char *tok = ts_jwt(t, "x", "{}");
    char *id = (char *)1;
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)tok,
                                           strlen(tok), 0),
                  WALLET_ERR_STATE);
    assert_null(id);
    wallet_free(tok);
    /* A wrong PIN on unlock keeps it locked. */
    tu_assert_err(t->ctx, wallet_store_unlock(t->ctx, s, (const uint8_t *)"000000", 6, 0),
                  WALLET_ERR_STORE_WRONG_SECRET);
    assert_false(wallet_store_is_open(s));
    tu_assert_ok(t->ctx, wallet_store_unlock(t->ctx, s, TS_PIN, TS_PIN_LEN, 0));
    tu_assert_err(t->ctx, wallet_store_unlock(t->ctx, s, TS_PIN, TS_PIN_LEN, 0), WALLET_ERR_STATE);
    wallet_store_free(s);
    wallet_store_free(NULL);
    wallet_store_lock(NULL);
    ts_teardown(t);
}

static void test_retry_delay_of_missing_store_is_not_found(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    uint32_t f = 7;
    int64_t w = 7;
    tu_assert_err(t->ctx, wallet_store_retry_delay(t->ctx, &f, &w, t->path), WALLET_ERR_NOT_FOUND);
    assert_int_equal(f, 0);
    assert_int_equal(w, 0);
    ts_teardown(t);
}

/* The header parser on its own: every malformation named. */
static void test_header_parser_rejections(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    wl_header h;
    memset(&h, 0, sizeof(h));
    h.page_size = WL_STORE_PAGE_SIZE;
    h.n_slots = 1;
    h.slots[0].kind = WL_SLOT_PIN;
    h.slots[0].log2n = 12;
    h.slots[0].r = 8;
    h.slots[0].p = 1;
    uint8_t buf[WL_HDR_SIZE + 2 * WL_SLOT_SIZE];
    size_t n = wl_header_serialize(&h, buf, sizeof(buf));
    assert_int_equal(n, WL_HDR_SIZE + WL_SLOT_SIZE);
    wl_header back;
    tu_assert_ok(ctx, wl_header_parse(ctx, &back, buf, n));
    assert_int_equal(back.slots[0].log2n, 12);
    uint8_t bad[sizeof(buf)];
    /* page size */
    memcpy(bad, buf, n);
    bad[10] = 0x20;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    /* slot count 0 and 3 */
    memcpy(bad, buf, n);
    bad[24] = 0;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    bad[24] = 3;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    /* reserved bytes */
    memcpy(bad, buf, n);
    bad[30] = 1;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    memcpy(bad, buf, n);
    bad[WL_HDR_SIZE + 5] = 1;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    /* unknown slot kind; raw slot with KDF parameters */
    memcpy(bad, buf, n);
    bad[WL_HDR_SIZE] = 3;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    bad[WL_HDR_SIZE] = WL_SLOT_RAW;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    /* r and p out of range */
    memcpy(bad, buf, n);
    bad[WL_HDR_SIZE + 2] = 0;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    memcpy(bad, buf, n);
    bad[WL_HDR_SIZE + 3] = 9;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n), WALLET_ERR_STORE_HEADER);
    /* trailing byte; two slots for the same database */
    memcpy(bad, buf, n);
    bad[n] = 0;
    tu_assert_err(ctx, wl_header_parse(ctx, &back, bad, n + 1), WALLET_ERR_STORE_HEADER);
    h.n_slots = 2;
    h.slots[1] = h.slots[0];
    n = wl_header_serialize(&h, buf, sizeof(buf));
    tu_assert_err(ctx, wl_header_parse(ctx, &back, buf, n), WALLET_ERR_STORE_HEADER);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_then_open_with_pin),
        cmocka_unit_test(test_create_then_open_with_keystore_key),
        cmocka_unit_test(test_lock_then_unlock),
        cmocka_unit_test(test_change_pin_keeps_everything),
        cmocka_unit_test(test_change_pin_to_keystore_key_and_back),
        cmocka_unit_test(test_success_resets_failure_counter),
        cmocka_unit_test(test_delay_increases_then_allows_after_waiting),
        cmocka_unit_test(test_open_migrates_older_schema),
        cmocka_unit_test(test_change_pin_interrupted_at_every_step),
        cmocka_unit_test(test_change_pin_crash_at_every_step),
        cmocka_unit_test(test_wrong_pin_leaves_files_untouched),
        cmocka_unit_test(test_wrong_keystore_key_is_not_counted),
        cmocka_unit_test(test_pin_for_keystore_store_is_wrong_secret),
        cmocka_unit_test(test_keystore_key_for_pin_store_is_wrong_secret),
        cmocka_unit_test(test_locked_out_attempt_is_refused_without_counting),
        cmocka_unit_test(test_clock_moved_back_still_waits),
        cmocka_unit_test(test_open_missing_store_is_not_found),
        cmocka_unit_test(test_create_over_existing_store_is_refused),
        cmocka_unit_test(test_second_open_is_busy),
        cmocka_unit_test(test_missing_header_is_corrupt),
        cmocka_unit_test(test_truncated_header_is_malformed),
        cmocka_unit_test(test_header_bad_magic_is_malformed),
        cmocka_unit_test(test_header_unknown_version_is_malformed),
        cmocka_unit_test(test_header_huge_scrypt_cost_is_malformed),
        cmocka_unit_test(test_header_weakened_scrypt_cost_fails_unwrap),
        cmocka_unit_test(test_header_wrapped_key_changed_fails_unwrap),
        cmocka_unit_test(test_header_of_another_store_is_corrupt),
        cmocka_unit_test(test_damaged_database_page_is_corrupt),
        cmocka_unit_test(test_truncated_database_is_corrupt),
        cmocka_unit_test(test_newer_schema_is_refused),
        cmocka_unit_test(test_bad_secrets_and_flags_are_usage_errors),
        cmocka_unit_test(test_create_in_missing_directory_is_io_error),
        cmocka_unit_test(test_locked_store_refuses_calls),
        cmocka_unit_test(test_retry_delay_of_missing_store_is_not_found),
        cmocka_unit_test(test_header_parser_rejections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
