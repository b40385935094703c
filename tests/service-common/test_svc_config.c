/* wallet_svc config: JSON file + environment overrides, typed getters,
 * secrets from the environment or files, validation messages that name the
 * key and the source. */
#include <fcntl.h>
#include <sys/stat.h>

#include "svc_testutil.h"

static char dir_[64];

static const char *tmp_path(const char *name)
{
    static char p[4][256];
    static int i;
    i = (i + 1) % 4;
    snprintf(p[i], sizeof(p[i]), "%s/%s", dir_, name);
    return p[i];
}

static const char *write_tmp(const char *name, const char *text)
{
    const char *p = tmp_path(name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir_, sizeof(dir_), "/tmp/svc_config_XXXXXX");
    return mkdtemp(dir_) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir_);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *sample =
    "{\n"
    "  \"listen\": {\"address\": \"0.0.0.0\", \"port\": 8443},\n"
    "  \"server\": {\"threads\": 8, \"tls\": false, \"ratio\": 0.5},\n"
    "  \"storage\": {\"path\": \"data/issuer.db\", \"key_file\": \"secrets/key\"},\n"
    "  \"issuer\": {\"display\": [{\"locale\": \"vi\", \"name\": \"S\\u1edf Y t\\u1ebf\"}]}\n"
    "}\n";

static svc_config *load_sample(void)
{
    svc_config *cfg = NULL;
    tu_assert_svc_ok(svc_config_load(&cfg, write_tmp("issuer.json", sample), "WALLET_TEST"));
    return cfg;
}

static void test_file_values_and_defaults(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    const char *s = NULL;
    int64_t i = 0;
    int b = -1;
    double d = 0;
    tu_assert_svc_ok(svc_config_string(cfg, &s, "listen.address", "127.0.0.1"));
    assert_string_equal(s, "0.0.0.0");
    tu_assert_svc_ok(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535));
    assert_int_equal(i, 8443);
    tu_assert_svc_ok(svc_config_int(cfg, &i, "server.threads", 4, 1, 64));
    assert_int_equal(i, 8);
    tu_assert_svc_ok(svc_config_bool(cfg, &b, "server.tls", 1));
    assert_int_equal(b, 0);
    tu_assert_svc_ok(svc_config_double(cfg, &d, "server.ratio", 1, 0, 1));
    assert_true(d == 0.5);
    /* Absent keys take the default. */
    tu_assert_svc_ok(svc_config_int(cfg, &i, "server.timeout_seconds", 30, 1, 60));
    assert_int_equal(i, 30);
    tu_assert_svc_ok(svc_config_string(cfg, &s, "listen.name", NULL));
    assert_null(s);
    assert_true(svc_config_has(cfg, "listen.port"));
    assert_false(svc_config_has(cfg, "listen.none"));
    svc_config_free(cfg);
}

static void test_paths_resolve_against_config_dir(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    const char *p = NULL;
    tu_assert_svc_ok(svc_config_path(cfg, &p, "storage.path", NULL));
    char want[300];
    snprintf(want, sizeof(want), "%s/data/issuer.db", dir_);
    assert_string_equal(p, want);
    assert_string_equal(svc_config_dir(cfg), dir_);
    svc_config_free(cfg);
}

static void test_json_subtree(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    const cJSON *j = NULL;
    tu_assert_svc_ok(svc_config_json(cfg, &j, "issuer.display"));
    assert_true(cJSON_IsArray(j));
    assert_string_equal(cJSON_GetArrayItem(j, 0)->child->next->valuestring, "S\xe1\xbb\x9f Y t\xe1\xba\xbf");
    tu_assert_svc_ok(svc_config_json(cfg, &j, "issuer.absent"));
    assert_null(j);
    svc_config_free(cfg);
}

static void test_env_overrides_file_and_adds_keys(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    char name[128];
    tu_assert_svc_ok(svc_config_env_name(cfg, name, sizeof(name), "listen.port"));
    assert_string_equal(name, "WALLET_TEST_LISTEN_PORT");
    tu_assert_svc_ok(svc_config_env_name(cfg, name, sizeof(name), "rate-limits.max_clients"));
    assert_string_equal(name, "WALLET_TEST_RATE_LIMITS_MAX_CLIENTS");
    setenv("WALLET_TEST_LISTEN_PORT", "9000", 1);
    setenv("WALLET_TEST_SERVER_TLS", "Yes", 1);
    setenv("WALLET_TEST_SERVER_MAX_BODY_BYTES", "4096", 1);
    setenv("WALLET_TEST_LISTEN_ADDRESS", "::1", 1);
    int64_t i = 0;
    int b = 0;
    const char *s = NULL;
    tu_assert_svc_ok(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535));
    assert_int_equal(i, 9000);
    tu_assert_svc_ok(svc_config_bool(cfg, &b, "server.tls", 0));
    assert_int_equal(b, 1);
    tu_assert_svc_ok(svc_config_int(cfg, &i, "server.max_body_bytes", 1, 1, 1 << 20));
    assert_int_equal(i, 4096);
    assert_true(svc_config_has(cfg, "server.max_body_bytes"));
    tu_assert_svc_ok(svc_config_string(cfg, &s, "listen.address", NULL));
    assert_string_equal(s, "::1");
    unsetenv("WALLET_TEST_LISTEN_PORT");
    unsetenv("WALLET_TEST_SERVER_TLS");
    unsetenv("WALLET_TEST_SERVER_MAX_BODY_BYTES");
    unsetenv("WALLET_TEST_LISTEN_ADDRESS");
    svc_config_free(cfg);
}

static void test_server_opts_from_config(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    svc_server_opts o;
    svc_server_opts_default(&o);
    tu_assert_svc_ok(svc_server_opts_from_config(&o, cfg));
    assert_string_equal(o.address, "0.0.0.0");
    assert_int_equal(o.port, 8443);
    assert_int_equal(o.threads, 8);
    assert_int_equal(o.max_body, 65536);
    svc_config_free(cfg);
}

static void test_secret_from_env_and_files(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    uint8_t *sec = NULL;
    size_t n = 0;
    /* storage.key_file names a file relative to the config. */
    mkdir(tmp_path("secrets"), 0700);
    write_tmp("secrets/key", "00112233\n");
    tu_assert_svc_ok(svc_config_secret(cfg, &sec, &n, "storage.key"));
    assert_int_equal(n, 8);
    assert_memory_equal(sec, "00112233", 8);
    svc_secret_free(sec, n);
    /* <ENV>_FILE wins over the config's file. */
    setenv("WALLET_TEST_STORAGE_KEY_FILE", write_tmp("other", "abc\r\n"), 1);
    tu_assert_svc_ok(svc_config_secret(cfg, &sec, &n, "storage.key"));
    assert_int_equal(n, 3);
    svc_secret_free(sec, n);
    /* The variable itself wins over both. */
    setenv("WALLET_TEST_STORAGE_KEY", "from-env", 1);
    tu_assert_svc_ok(svc_config_secret(cfg, &sec, &n, "storage.key"));
    assert_string_equal((char *)sec, "from-env");
    svc_secret_free(sec, n);
    unsetenv("WALLET_TEST_STORAGE_KEY");
    unsetenv("WALLET_TEST_STORAGE_KEY_FILE");
    svc_config_free(cfg);
}

static void test_unused_keys_all_read(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *text = "{\"a\":{\"b\":1,\"c\":{\"d\":true}},\"e\":[1,2]}";
    tu_assert_svc_ok(svc_config_parse(&cfg, text, strlen(text), "inline", NULL));
    int64_t i;
    int b;
    const cJSON *j;
    tu_assert_svc_ok(svc_config_int(cfg, &i, "a.b", 0, 0, 10));
    tu_assert_svc_ok(svc_config_bool(cfg, &b, "a.c.d", 0));
    tu_assert_svc_ok(svc_config_json(cfg, &j, "e"));
    tu_assert_svc_ok(svc_config_check_unused(cfg));
    svc_config_free(cfg);
}

/* ---- negative ------------------------------------------------------------------ */

static void test_missing_file_is_io_error_naming_it(void **state)
{
    (void)state;
    svc_config *cfg = (svc_config *)1;
    tu_assert_svc(svc_config_load(&cfg, "/nonexistent/issuer.json", "X"), SVC_ERR_IO);
    assert_null(cfg);
    assert_non_null(strstr(svc_errmsg(), "/nonexistent/issuer.json"));
}

static void test_directory_is_not_a_config(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    tu_assert_svc(svc_config_load(&cfg, dir_, "X"), SVC_ERR_IO);
}

static void test_invalid_json_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *p = write_tmp("bad.json", "{\"listen\": {\"port\": 80,}}");
    tu_assert_svc(svc_config_load(&cfg, p, "X"), SVC_ERR_CONFIG);
    assert_non_null(strstr(svc_errmsg(), "bad.json"));
    assert_non_null(strstr(svc_errmsg(), "not valid JSON"));
}

static void test_trailing_data_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    tu_assert_svc(svc_config_parse(&cfg, "{} {}", 5, "t", NULL), SVC_ERR_CONFIG);
    assert_null(cfg);
}

static void test_top_level_not_object_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    tu_assert_svc(svc_config_parse(&cfg, "[1]", 3, "t", NULL), SVC_ERR_CONFIG);
}

static void test_duplicate_member_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"listen\":{\"port\":1,\"address\":\"x\",\"port\":2}}";
    tu_assert_svc(svc_config_parse(&cfg, t, strlen(t), "dup.json", NULL), SVC_ERR_CONFIG);
    assert_non_null(strstr(svc_errmsg(), "\"port\" appears twice"));
}

static void test_not_utf8_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"a\":\"\xC3\x28\"}";
    tu_assert_svc(svc_config_parse(&cfg, t, strlen(t), "t", NULL), SVC_ERR_CONFIG);
}

static void test_wrong_type_names_key_and_file(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"listen\":{\"port\":\"8080\",\"address\":1},\"server\":{\"tls\":\"yes\","
                    "\"threads\":2.5,\"ratio\":\"x\"}}";
    tu_assert_svc_ok(svc_config_parse(&cfg, t, strlen(t), "svc.json", "X"));
    int64_t i = 7;
    int b = 7;
    double d = 7;
    const char *s = "x";
    tu_assert_svc(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535), SVC_ERR_CONFIG);
    assert_int_equal(i, 0);
    assert_string_equal(svc_errmsg(), "config svc.json: listen.port: expected an integer in [0, 65535]");
    tu_assert_svc(svc_config_string(cfg, &s, "listen.address", NULL), SVC_ERR_CONFIG);
    assert_null(s);
    tu_assert_svc(svc_config_bool(cfg, &b, "server.tls", 0), SVC_ERR_CONFIG);
    tu_assert_svc(svc_config_int(cfg, &i, "server.threads", 1, 1, 64), SVC_ERR_CONFIG);
    tu_assert_svc(svc_config_double(cfg, &d, "server.ratio", 1, 0, 1), SVC_ERR_CONFIG);
    tu_assert_svc(svc_config_json(cfg, NULL, "server"), SVC_ERR_INVALID_ARG);
    const cJSON *j = NULL;
    tu_assert_svc(svc_config_json(cfg, &j, "listen.port"), SVC_ERR_CONFIG);
    /* A key below a scalar. */
    tu_assert_svc(svc_config_int(cfg, &i, "listen.port.x", 0, 0, 1), SVC_ERR_CONFIG);
    svc_config_free(cfg);
}

static void test_out_of_range_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"listen\":{\"port\":70000},\"n\":1e300}";
    tu_assert_svc_ok(svc_config_parse(&cfg, t, strlen(t), "svc.json", "X"));
    int64_t i;
    tu_assert_svc(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535), SVC_ERR_CONFIG);
    tu_assert_svc(svc_config_int(cfg, &i, "n", 0, INT64_MIN, INT64_MAX), SVC_ERR_CONFIG);
    svc_config_free(cfg);
}

static void test_bad_env_value_names_variable(void **state)
{
    (void)state;
    svc_config *cfg = load_sample();
    int64_t i;
    int b;
    double d;
    const char *bad_ints[] = {"80x", " 80", "", "+80", "99999999999999999999", "8.0"};
    for (size_t k = 0; k < sizeof(bad_ints) / sizeof(bad_ints[0]); k++) {
        setenv("WALLET_TEST_LISTEN_PORT", bad_ints[k], 1);
        tu_assert_svc(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535), SVC_ERR_CONFIG);
    }
    assert_non_null(strstr(svc_errmsg(), "environment variable WALLET_TEST_LISTEN_PORT (listen.port)"));
    setenv("WALLET_TEST_LISTEN_PORT", "65536", 1);
    tu_assert_svc(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535), SVC_ERR_CONFIG);
    unsetenv("WALLET_TEST_LISTEN_PORT");
    setenv("WALLET_TEST_SERVER_TLS", "maybe", 1);
    tu_assert_svc(svc_config_bool(cfg, &b, "server.tls", 0), SVC_ERR_CONFIG);
    unsetenv("WALLET_TEST_SERVER_TLS");
    setenv("WALLET_TEST_SERVER_RATIO", "nan", 1);
    tu_assert_svc(svc_config_double(cfg, &d, "server.ratio", 0, 0, 1), SVC_ERR_CONFIG);
    unsetenv("WALLET_TEST_SERVER_RATIO");
    /* Objects cannot come from the environment. */
    setenv("WALLET_TEST_ISSUER_DISPLAY", "[]", 1);
    const cJSON *j;
    tu_assert_svc(svc_config_json(cfg, &j, "issuer.display"), SVC_ERR_CONFIG);
    unsetenv("WALLET_TEST_ISSUER_DISPLAY");
    svc_config_free(cfg);
}

static void test_inline_secret_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"storage\":{\"key\":\"00112233\"}}";
    tu_assert_svc_ok(svc_config_parse(&cfg, t, strlen(t), "svc.json", "X"));
    uint8_t *sec = (uint8_t *)1;
    size_t n = 9;
    tu_assert_svc(svc_config_secret(cfg, &sec, &n, "storage.key"), SVC_ERR_CONFIG);
    assert_null(sec);
    assert_int_equal(n, 0);
    assert_non_null(strstr(svc_errmsg(), "must not be written in the config file"));
    svc_config_free(cfg);
}

static void test_secret_absent_or_unreadable(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"storage\":{\"key_file\":\"/nonexistent/key\"}}";
    tu_assert_svc_ok(svc_config_parse(&cfg, t, strlen(t), "svc.json", "X"));
    uint8_t *sec = NULL;
    size_t n = 0;
    tu_assert_svc(svc_config_secret(cfg, &sec, &n, "access_log.hash_key"), SVC_ERR_NOT_FOUND);
    tu_assert_svc(svc_config_secret(cfg, &sec, &n, "storage.key"), SVC_ERR_IO);
    assert_null(sec);
    svc_config_free(cfg);
}

static void test_unknown_key_reported(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    const char *t = "{\"listen\":{\"port\":1,\"prot\":2}}";
    tu_assert_svc_ok(svc_config_parse(&cfg, t, strlen(t), "svc.json", NULL));
    int64_t i;
    tu_assert_svc_ok(svc_config_int(cfg, &i, "listen.port", 0, 0, 65535));
    tu_assert_svc(svc_config_check_unused(cfg), SVC_ERR_CONFIG);
    assert_string_equal(svc_errmsg(), "config svc.json: listen.prot: unknown key");
    svc_config_free(cfg);
}

static void test_malformed_keys_and_prefix_refused(void **state)
{
    (void)state;
    svc_config *cfg = NULL;
    tu_assert_svc(svc_config_parse(&cfg, "{}", 2, "t", "lower"), SVC_ERR_INVALID_ARG);
    tu_assert_svc_ok(svc_config_parse(&cfg, "{}", 2, "t", "X"));
    int64_t i;
    const char *bad[] = {"", ".a", "a.", "a..b", "a b", "a/b"};
    for (size_t k = 0; k < 6; k++)
        tu_assert_svc(svc_config_int(cfg, &i, bad[k], 0, 0, 1), SVC_ERR_INVALID_ARG);
    svc_config_free(cfg);
}

static void test_oversized_file_refused(void **state)
{
    (void)state;
    const char *p = tmp_path("huge.json");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("{\"a\":\"", f);
    for (int k = 0; k < SVC_CONFIG_MAX_BYTES / 1000 + 1; k++)
        fprintf(f, "%01000d", 0);
    fputs("\"}", f);
    fclose(f);
    svc_config *cfg = NULL;
    tu_assert_svc(svc_config_load(&cfg, p, NULL), SVC_ERR_TOO_LARGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_values_and_defaults),
        cmocka_unit_test(test_paths_resolve_against_config_dir),
        cmocka_unit_test(test_json_subtree),
        cmocka_unit_test(test_env_overrides_file_and_adds_keys),
        cmocka_unit_test(test_server_opts_from_config),
        cmocka_unit_test(test_secret_from_env_and_files),
        cmocka_unit_test(test_unused_keys_all_read),
        cmocka_unit_test(test_missing_file_is_io_error_naming_it),
        cmocka_unit_test(test_directory_is_not_a_config),
        cmocka_unit_test(test_invalid_json_refused),
        cmocka_unit_test(test_trailing_data_refused),
        cmocka_unit_test(test_top_level_not_object_refused),
        cmocka_unit_test(test_duplicate_member_refused),
        cmocka_unit_test(test_not_utf8_refused),
        cmocka_unit_test(test_wrong_type_names_key_and_file),
        cmocka_unit_test(test_out_of_range_refused),
        cmocka_unit_test(test_bad_env_value_names_variable),
        cmocka_unit_test(test_inline_secret_refused),
        cmocka_unit_test(test_secret_absent_or_unreadable),
        cmocka_unit_test(test_unknown_key_reported),
        cmocka_unit_test(test_malformed_keys_and_prefix_refused),
        cmocka_unit_test(test_oversized_file_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
