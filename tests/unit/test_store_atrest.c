/*
 * At rest: with the store open (a WAL file present) and after closing it,
 * no file of the store contains any stored claim value, the credential as
 * received, a holder private key, a consent-log purpose, or even SQLite's
 * own plaintext (file magic, schema text); and a plain SQLite client —
 * Python's sqlite3 module, and the sqlite3 shell when installed — cannot
 * read the database.
 */
#include "store/store_int.h"
#include "test_store_util.h"

/* Distinctive values that must never appear in a store file. */
static const char *const markers[] = {
    "Zebra-Nguy\xe1\xbb\x85n-4417",   /* given_name, UTF-8 */
    "Ph\xe1\xbb\x91-Hu\xe1\xba\xbf-ZX-99", /* address.locality */
    "VN-ID-079184012345",             /* document number */
    "9876543210123",                  /* a number, as its decimal text */
    "PURPOSE-MARKER-55",              /* consent log purpose */
    "rp-marker.example",              /* consent log verifier */
    "SQLite format 3",                /* the plaintext database magic */
    "CREATE TABLE",                   /* schema text */
    "credentials",                    /* a table name */
};

typedef struct needle {
    const uint8_t *p;
    size_t n;
    const char *what;
} needle;

static size_t scan_dir(const char *dir, const needle *needles, size_t n_needles, int *files)
{
    size_t hits = 0;
    *files = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[600];
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        size_t len = 0;
        uint8_t *data = ts_file(p, &len);
        assert_non_null(data);
        (*files)++;
        for (size_t i = 0; i < n_needles; i++)
            if (len >= needles[i].n && memmem(data, len, needles[i].p, needles[i].n)) {
                fprintf(stderr, "found %s in %s\n", needles[i].what, de->d_name);
                hits++;
            }
        free(data);
    }
    closedir(d);
    return hits;
}

/* Run a shell command; its output (stdout + stderr) into out. */
static int run(const char *cmd, char *out, size_t cap)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    return pclose(f);
}

static void test_no_plaintext_in_any_store_file(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char claims[1024];
    snprintf(claims, sizeof(claims),
             "{\"iss\":\"https://id.example\",\"given_name\":\"%s\",\"address\":{\"locality\":"
             "\"%s\"},\"document_number\":\"%s\",\"big\":%s}",
             markers[0], markers[1], markers[2], markers[3]);
    char *tok = ts_jwt(t, "pid+jwt", claims);
    char *id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)tok,
                                          strlen(tok), 0));
    char *kid = NULL, *jwk = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_store_link_key(t->ctx, s, id, kid));
    char log_claims[128];
    snprintf(log_claims, sizeof(log_claims), "[{\"credential\":\"%s\",\"claims\":[[\"given_name\"]]}]",
             id);
    tu_assert_ok(t->ctx, wallet_store_log_presentation(t->ctx, NULL, s, markers[5], markers[4],
                                                       log_claims, NULL, 0));
    /* The holder private key: the raw scalar d. */
    tu_assert_ok(t->ctx, wallet_store_key_export(t->ctx, &jwk, s, kid));
    cJSON *j = ts_parse(jwk);
    const char *d64 = cJSON_GetObjectItem(j, "d")->valuestring;
    uint8_t *d = NULL;
    size_t d_len = 0;
    tu_assert_ok(t->ctx, wallet_b64url_decode(t->ctx, &d, &d_len, d64, strlen(d64)));
    /* The credential as received, and its payload segment. */
    size_t payload_at = strcspn(tok, ".") + 1;
    size_t payload_len = strcspn(tok + payload_at, ".");
    const char *payload = tok + payload_at;

    needle needles[WL_ARRAY_LEN(markers) + 3];
    size_t n = 0;
    for (size_t i = 0; i < WL_ARRAY_LEN(markers); i++)
        needles[n++] = (needle){(const uint8_t *)markers[i], strlen(markers[i]), markers[i]};
    needles[n++] = (needle){(const uint8_t *)tok, strlen(tok), "the credential"};
    needles[n++] = (needle){(const uint8_t *)payload, payload_len, "the JWT payload"};
    needles[n++] = (needle){d, d_len, "the holder private key"};

    /* Open, with the last writes in the WAL. */
    char wal[400];
    snprintf(wal, sizeof(wal), "%s-wal", t->path);
    assert_int_equal(access(wal, F_OK), 0);
    int files = 0;
    assert_int_equal(scan_dir(t->dir, needles, n, &files), 0);
    assert_true(files >= 4); /* database, WAL, header, lock */
    /* Closed: everything checkpointed into the database file. */
    wallet_store_free(s);
    assert_int_equal(scan_dir(t->dir, needles, n, &files), 0);
    /* A backup file too. */
    s = ts_open(t);
    uint8_t *b = NULL;
    size_t b_len = 0;
    tu_assert_ok(t->ctx, wallet_store_backup(t->ctx, &b, &b_len, s, (const uint8_t *)"backup pass",
                                             11, TS_FAST));
    for (size_t i = 0; i < n; i++)
        assert_null(memmem(b, b_len, needles[i].p, needles[i].n));
    wallet_store_free(s);
    /* Sanity of the scan itself: the values are there once decrypted. */
    s = ts_open(t);
    char *shown = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &shown, s, id));
    assert_non_null(strstr(shown, markers[0]));
    assert_non_null(strstr(shown, markers[2]));
    wallet_free(shown);
    wallet_store_free(s);

    free(b);
    wallet_free(d);
    cJSON_Delete(j);
    wallet_memzero(jwk, strlen(jwk));
    wallet_free(jwk);
    wallet_free(kid);
    wallet_free(id);
    wallet_free(tok);
    ts_teardown(t);
}

static void test_plain_sqlite_client_cannot_read_it(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_free(ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"given_name\":\"Lan\"}"));
    wallet_store_free(s);
    char cmd[1200], out[4096];
    /* Python's sqlite3 module (the system SQLite, no codec). */
    snprintf(cmd, sizeof(cmd),
             "python3 -c \"import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
             "print(c.execute('SELECT count(*) FROM sqlite_master').fetchall())\" '%s' 2>&1",
             t->path);
    int rc = run(cmd, out, sizeof(out));
    assert_int_not_equal(rc, 0);
    if (!strstr(out, "file is not a database"))
        fail_msg("python3 sqlite3 said: %s", out);
    /* The sqlite3 shell, when installed. */
    if (run("command -v sqlite3 >/dev/null 2>&1", out, sizeof(out)) == 0) {
        snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'SELECT count(*) FROM sqlite_master;' 2>&1",
                 t->path);
        rc = run(cmd, out, sizeof(out));
        assert_int_not_equal(rc, 0);
        if (!strstr(out, "file is not a database"))
            fail_msg("sqlite3 said: %s", out);
    }
    /* And the database file starts with random bytes, not the magic. */
    size_t len = 0;
    uint8_t *db = ts_file(t->path, &len);
    assert_true(len >= 16);
    assert_memory_not_equal(db, "SQLite format 3", 15);
    free(db);
    ts_teardown(t);
}

/* A process whose sqlite3_* symbols come from the system SQLite must not
 * write a database (plaintext or broken): that is checked in
 * test_store_clash, linked with -lsqlite3 first. */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_plaintext_in_any_store_file),
        cmocka_unit_test(test_plain_sqlite_client_cannot_read_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
