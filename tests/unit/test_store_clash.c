/*
 * SQLCipher and the system SQLite export the same sqlite3_* symbols. This
 * program is linked with the system SQLite *before* libwallet's SQLCipher,
 * so sqlite3_open_v2 and friends bind to plain SQLite while sqlite3_key
 * binds to SQLCipher. The store must notice and refuse
 * (WALLET_ERR_STORE_NO_CIPHER) instead of writing an unencrypted database
 * or mixing the two libraries' handles.
 */
#include "store/store_int.h"
#include "test_store_util.h"

static void test_plain_sqlite_in_process_is_refused(void **state)
{
    (void)state;
    /* The premise: the engine answering here is not SQLCipher. */
    assert_false(sqlite3_compileoption_used("HAS_CODEC"));
    ts_env *t = ts_setup();
    wallet_store *s = NULL;
    tu_assert_err(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_STORE_NO_CIPHER);
    assert_null(s);
    /* Nothing was written: no database, no header. */
    assert_int_not_equal(access(t->path, F_OK), 0);
    char p[400];
    snprintf(p, sizeof(p), "%s-header", t->path);
    assert_int_not_equal(access(p, F_OK), 0);
    snprintf(p, sizeof(p), "%s-new", t->path);
    assert_int_not_equal(access(p, F_OK), 0);
    ts_teardown(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_sqlite_in_process_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
