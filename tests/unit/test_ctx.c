/*
 * The context (include/wallet/ctx.h) and the error space (common.h): limits,
 * clock, logging, the last error's detail, error strings/names/kinds, and
 * the NULL-tolerance of every _free function.
 *
 * The lists of error codes and of _free functions are read from the public
 * headers at run time, so a code or destructor added later without a string
 * or without a test here makes this test fail.
 */
#include <ctype.h>
#include <time.h>

#include "core/internal.h"
#include "testutil.h"

#define INCLUDE_DIR WALLET_TESTS_DIR "/../libwallet/include/wallet/"

/* ---- helpers ------------------------------------------------------------------ */

typedef struct {
    char name[64];
    long value;
} code_t;

/* Every "WALLET_... = N" inside `typedef enum wallet_err { ... } wallet_err;`. */
static size_t read_error_codes(code_t *out, size_t max)
{
    uint8_t *text = tu_read_file(INCLUDE_DIR "common.h", NULL);
    assert_non_null(text);
    const char *s = strstr((const char *)text, "typedef enum wallet_err {");
    assert_non_null(s);
    const char *end = strstr(s, "} wallet_err;");
    assert_non_null(end);
    size_t n = 0;
    for (const char *p = s; p < end; p++) {
        if (strncmp(p, "WALLET_", 7) != 0 || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
            continue;
        size_t k = 0;
        while (isalnum((unsigned char)p[k]) || p[k] == '_')
            k++;
        const char *q = p + k;
        while (*q == ' ')
            q++;
        if (*q != '=') {
            p += k;
            continue;
        }
        q++;
        while (*q == ' ')
            q++;
        assert_true(isdigit((unsigned char)*q));
        assert_true(n < max && k < sizeof(out[n].name));
        memcpy(out[n].name, p, k);
        out[n].name[k] = '\0';
        out[n].value = strtol(q, NULL, 10);
        n++;
        p += k;
    }
    free(text);
    return n;
}

/* The names of all "WALLET_EXPORT void wallet_..._free(" in the headers that
 * wallet.h includes. */
static size_t read_free_functions(char names[][64], size_t max)
{
    uint8_t *umbrella = tu_read_file(INCLUDE_DIR "wallet.h", NULL);
    assert_non_null(umbrella);
    size_t n = 0;
    for (const char *p = (const char *)umbrella; (p = strstr(p, "#include \"")) != NULL;) {
        p += 10;
        const char *q = strchr(p, '"');
        assert_non_null(q);
        char path[512];
        snprintf(path, sizeof(path), "%s%.*s", INCLUDE_DIR, (int)(q - p), p);
        uint8_t *h = tu_read_file(path, NULL);
        if (!h)
            fail_msg("cannot read %s", path);
        for (const char *f = (const char *)h; (f = strstr(f, "WALLET_EXPORT void wallet_")) != NULL;) {
            f += strlen("WALLET_EXPORT void ");
            size_t k = 0;
            while (isalnum((unsigned char)f[k]) || f[k] == '_')
                k++;
            if (k >= 5 && strncmp(f + k - 5, "_free", 5) == 0 && f[k] == '(') {
                assert_true(n < max && k < 64);
                memcpy(names[n], f, k);
                names[n][k] = '\0';
                n++;
            }
            f += k;
        }
        free(h);
        p = q;
    }
    free(umbrella);
    return n;
}

typedef struct {
    int calls;
    int by_level[4];
    char last[512];
    void *user_seen;
} log_sink;

static void log_cb(void *user, wallet_log_level level, const char *message)
{
    log_sink *s = user;
    s->calls++;
    if ((int)level >= 0 && (int)level < 4)
        s->by_level[level]++;
    snprintf(s->last, sizeof(s->last), "%s", message);
    s->user_seen = user;
}

static int64_t counting_clock(void *user)
{
    int64_t *t = user;
    return (*t)++;
}

/* ---- limits ------------------------------------------------------------------- */

static void test_default_limits(void **state)
{
    (void)state;
    wallet_ctx *ctx = NULL;
    assert_int_equal(wallet_ctx_new(&ctx), WALLET_OK);
    assert_non_null(ctx);
    static const struct {
        wallet_limit id;
        int64_t v;
    } want[] = {
        {WALLET_LIMIT_INPUT_BYTES, 1024 * 1024},  {WALLET_LIMIT_JSON_DEPTH, 32},
        {WALLET_LIMIT_CBOR_DEPTH, 32},            {WALLET_LIMIT_CBOR_ITEMS, 65536},
        {WALLET_LIMIT_DISCLOSURES, 1024},         {WALLET_LIMIT_INFLATE_BYTES, 2 * 1024 * 1024},
        {WALLET_LIMIT_CHAIN_LENGTH, 8},           {WALLET_LIMIT_CLOCK_SKEW, 60},
        {WALLET_LIMIT_HTTP_TIMEOUT, 10},          {WALLET_LIMIT_HTTP_BYTES, 1024 * 1024},
    };
    assert_int_equal(WL_ARRAY_LEN(want), WALLET_LIMIT_COUNT_);
    for (size_t i = 0; i < WL_ARRAY_LEN(want); i++) {
        int64_t got = wallet_ctx_limit(ctx, want[i].id, -1);
        if (got != want[i].v)
            fail_msg("limit %d: %lld, want %lld", (int)want[i].id, (long long)got,
                     (long long)want[i].v);
        /* The internal accessor agrees, with and without a context. */
        assert_true(wl_limit(ctx, want[i].id) == want[i].v);
        assert_true(wl_limit(NULL, want[i].id) == want[i].v);
    }
    assert_int_equal(wallet_ctx_offline(ctx), 0);
    assert_string_equal(wallet_ctx_errmsg(ctx), "");
    assert_int_equal(wallet_ctx_errcode(ctx), WALLET_OK);
    wallet_ctx_free(ctx);
}

static void test_limit_set_and_get(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    for (int id = 0; id < WALLET_LIMIT_COUNT_; id++) {
        int64_t def = wallet_ctx_limit(ctx, (wallet_limit)id, -1);
        assert_true(wallet_ctx_limit(ctx, (wallet_limit)id, 1000 + id) == def); /* old value */
        assert_true(wallet_ctx_limit(ctx, (wallet_limit)id, -1) == 1000 + id);
        assert_true(wallet_ctx_limit(ctx, (wallet_limit)id, -7) == 1000 + id); /* < 0: read */
        assert_true(wallet_ctx_limit(ctx, (wallet_limit)id, 0) == 1000 + id);
        assert_true(wallet_ctx_limit(ctx, (wallet_limit)id, -1) == 0);
        assert_true(wl_limit(ctx, (wallet_limit)id) == 0);
    }
    /* Limits are per context. */
    wallet_ctx *other = tu_ctx_at(0);
    assert_true(wallet_ctx_limit(other, WALLET_LIMIT_JSON_DEPTH, -1) == 32);
    wallet_ctx_free(other);
    wallet_ctx_free(ctx);
}

static void test_limit_unknown_id(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    assert_true(wallet_ctx_limit(ctx, WALLET_LIMIT_COUNT_, -1) == -1);
    assert_true(wallet_ctx_limit(ctx, WALLET_LIMIT_COUNT_, 5) == -1);
    assert_true(wallet_ctx_limit(ctx, (wallet_limit)99, 5) == -1);
    assert_true(wallet_ctx_limit(ctx, (wallet_limit)-1, 5) == -1);
    assert_true(wl_limit(ctx, (wallet_limit)99) == 0);
    /* Nothing else changed. */
    assert_true(wallet_ctx_limit(ctx, WALLET_LIMIT_HTTP_BYTES, -1) == 1024 * 1024);
    wallet_ctx_free(ctx);
}

static void test_limit_null_context(void **state)
{
    (void)state;
    assert_true(wallet_ctx_limit(NULL, WALLET_LIMIT_INPUT_BYTES, -1) == -1);
    assert_true(wallet_ctx_limit(NULL, WALLET_LIMIT_INPUT_BYTES, 10) == -1);
}

/* Each limit set on a context is what the parsers enforce. */
static void test_lowered_input_limit_enforced(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 4);
    uint8_t *out = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_hex_decode(ctx, &out, &n, "00112233", 8 - 4));
    wallet_free(out);
    tu_assert_err(ctx, wallet_hex_decode(ctx, &out, &n, "0011223344", 6), WALLET_ERR_TOO_LARGE);
    assert_null(out);
    wallet_ctx_free(ctx);
}

static void test_lowered_json_depth_enforced(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 1);
    wallet_jws *jws = NULL;
    /* A JWS whose header nests an object: the header parse hits the limit. */
    static const char hdr[] = "{\"alg\":\"ES256\",\"x\":{}}";
    char *h = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &h, NULL, (const uint8_t *)hdr, strlen(hdr)));
    char tok[256];
    snprintf(tok, sizeof(tok), "%s.e30.AAAA", h);
    wallet_err e = wallet_jws_parse(ctx, &jws, tok, strlen(tok));
    assert_int_equal(e, WALLET_ERR_TOO_DEEP);
    assert_null(jws);
    wallet_free(h);
    wallet_ctx_free(ctx);
}

static void test_lowered_cbor_limits_enforced(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_DEPTH, 1);
    wallet_cose_sign1 *msg = NULL;
    /* 18([h'', {}, null, h'']): the tag and the array are two levels. */
    static const uint8_t cose[] = {0xD2, 0x84, 0x40, 0xA0, 0xF6, 0x40};
    tu_assert_err(ctx, wallet_cose_sign1_parse(ctx, &msg, cose, sizeof(cose)),
                  WALLET_ERR_TOO_DEEP);
    assert_null(msg);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_DEPTH, 32);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_ITEMS, 4);
    tu_assert_err(ctx, wallet_cose_sign1_parse(ctx, &msg, cose, sizeof(cose)),
                  WALLET_ERR_TOO_LARGE);
    assert_null(msg);
    wallet_ctx_free(ctx);
}

/* A limit of 0 refuses every non-empty input / every container. */
static void test_limit_zero_input_bytes(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 0);
    uint8_t *out = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_b64url_decode(ctx, &out, &n, "", 0));
    wallet_free(out);
    tu_assert_err(ctx, wallet_b64url_decode(ctx, &out, &n, "AA", 2), WALLET_ERR_TOO_LARGE);
    tu_assert_err(ctx, wallet_base45_decode(ctx, &out, &n, "00", 2), WALLET_ERR_TOO_LARGE);
    assert_null(out);
    wallet_ctx_free(ctx);
}

static void test_limit_zero_json_depth(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 0);
    wallet_jws *jws = NULL;
    /* Every JWS header is an object: one level over a zero limit. */
    tu_assert_err(ctx, wallet_jws_parse(ctx, &jws, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA", 29),
                  WALLET_ERR_TOO_DEEP);
    assert_null(jws);
    wallet_ctx_free(ctx);
}

/* A NULL argument to a public call is recorded like any failure. */
static void test_errmsg_after_invalid_argument(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    size_t n = 0;
    tu_assert_err(ctx, wallet_hex_decode(ctx, NULL, &n, "00", 2), WALLET_ERR_INVALID_ARG);
    assert_int_equal(wallet_ctx_errcode(ctx), WALLET_ERR_INVALID_ARG);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "NULL"));
    wallet_ctx_free(ctx);
}

/* ---- clock -------------------------------------------------------------------- */

static void test_fixed_time(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    assert_true(wallet_ctx_now(ctx) == 1700000000);
    assert_true(wallet_ctx_now(ctx) == 1700000000);
    wallet_ctx_set_time(ctx, -5);
    assert_true(wallet_ctx_now(ctx) == -5);
    wallet_ctx_set_time(ctx, INT64_MAX);
    assert_true(wallet_ctx_now(ctx) == INT64_MAX);
    wallet_ctx_free(ctx);
}

static void test_custom_clock_callback(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    int64_t t = 42;
    wallet_ctx_set_clock(ctx, counting_clock, &t);
    assert_true(wallet_ctx_now(ctx) == 42); /* the callback is consulted each time */
    assert_true(wallet_ctx_now(ctx) == 43);
    assert_true(t == 44);
    /* A fixed time replaces the callback... */
    wallet_ctx_set_time(ctx, 7);
    assert_true(wallet_ctx_now(ctx) == 7);
    assert_true(t == 44);
    /* ...and setting a clock replaces the fixed time. */
    wallet_ctx_set_clock(ctx, counting_clock, &t);
    assert_true(wallet_ctx_now(ctx) == 44);
    /* NULL restores the system clock. */
    wallet_ctx_set_clock(ctx, NULL, NULL);
    int64_t before = (int64_t)time(NULL);
    int64_t now = wallet_ctx_now(ctx);
    int64_t after = (int64_t)time(NULL);
    assert_true(now >= before && now <= after);
    assert_true(t == 45);
    wallet_ctx_free(ctx);
}

/* While a fixed time is set, neither the callback nor the system clock is
 * consulted. */
static void test_fixed_time_overrides_callback(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    int64_t t = 5;
    wallet_ctx_set_clock(ctx, counting_clock, &t);
    wallet_ctx_set_time(ctx, 1000);
    for (int i = 0; i < 10; i++)
        assert_true(wallet_ctx_now(ctx) == 1000);
    assert_true(t == 5);
    wallet_ctx_free(ctx);
}

/* ---- logging ------------------------------------------------------------------ */

static void test_log_levels(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    log_sink sink;
    memset(&sink, 0, sizeof(sink));
    /* Off by default. */
    wl_log(ctx, WALLET_LOG_ERROR, "not delivered");
    assert_int_equal(sink.calls, 0);

    wallet_ctx_set_log(ctx, log_cb, &sink, WALLET_LOG_WARN);
    wl_log(ctx, WALLET_LOG_ERROR, "error %d", 1);
    wl_log(ctx, WALLET_LOG_WARN, "warn %d", 2);
    wl_log(ctx, WALLET_LOG_INFO, "info %d", 3);
    wl_log(ctx, WALLET_LOG_DEBUG, "debug %d", 4);
    assert_int_equal(sink.calls, 2);
    assert_int_equal(sink.by_level[WALLET_LOG_ERROR], 1);
    assert_int_equal(sink.by_level[WALLET_LOG_WARN], 1);
    assert_int_equal(sink.by_level[WALLET_LOG_INFO], 0);
    assert_int_equal(sink.by_level[WALLET_LOG_DEBUG], 0);
    assert_string_equal(sink.last, "warn 2");
    assert_ptr_equal(sink.user_seen, &sink);

    /* At DEBUG, failures of public calls are logged with their code. */
    memset(&sink, 0, sizeof(sink));
    wallet_ctx_set_log(ctx, log_cb, &sink, WALLET_LOG_DEBUG);
    uint8_t *out = NULL;
    size_t n = 0;
    tu_assert_err(ctx, wallet_hex_decode(ctx, &out, &n, "abc", 3), WALLET_ERR_HEX);
    assert_int_equal(sink.calls, 1);
    assert_int_equal(sink.by_level[WALLET_LOG_DEBUG], 1);
    assert_non_null(strstr(sink.last, "bad_hex"));
    wallet_ctx_free(ctx);
}

static void test_log_not_delivered_above_level_or_when_disabled(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    log_sink sink;
    memset(&sink, 0, sizeof(sink));
    wallet_ctx_set_log(ctx, log_cb, &sink, WALLET_LOG_ERROR);
    uint8_t *out = NULL;
    size_t n = 0;
    /* Failure details are DEBUG: not delivered at ERROR. */
    tu_assert_err(ctx, wallet_hex_decode(ctx, &out, &n, "zz", 2), WALLET_ERR_HEX);
    wl_log(ctx, WALLET_LOG_WARN, "warn");
    assert_int_equal(sink.calls, 0);
    /* NULL callback disables logging. */
    wallet_ctx_set_log(ctx, NULL, &sink, WALLET_LOG_DEBUG);
    tu_assert_err(ctx, wallet_hex_decode(ctx, &out, &n, "zz", 2), WALLET_ERR_HEX);
    wl_log(ctx, WALLET_LOG_ERROR, "error");
    assert_int_equal(sink.calls, 0);
    wl_log(NULL, WALLET_LOG_ERROR, "no context");
    wallet_ctx_free(ctx);
}

/* ---- the last error ----------------------------------------------------------- */

static void test_errmsg_set_after_failure(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t *out = NULL;
    size_t n = 0;
    tu_assert_err(ctx, wallet_b64url_decode(ctx, &out, &n, "Zg==", 4), WALLET_ERR_BASE64);
    assert_int_equal(wallet_ctx_errcode(ctx), WALLET_ERR_BASE64);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "offset 2"));
    /* The next failure replaces it. */
    tu_assert_err(ctx, wallet_base45_decode(ctx, &out, &n, "A", 1), WALLET_ERR_BASE45);
    assert_int_equal(wallet_ctx_errcode(ctx), WALLET_ERR_BASE45);
    assert_null(strstr(wallet_ctx_errmsg(ctx), "offset 2"));
    wallet_ctx_free(ctx);
}

static void test_errmsg_empty_after_success(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    uint8_t *out = NULL;
    size_t n = 0;
    tu_assert_err(ctx, wallet_hex_decode(ctx, &out, &n, "0", 1), WALLET_ERR_HEX);
    assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
    tu_assert_ok(ctx, wallet_hex_decode(ctx, &out, &n, "00", 2));
    assert_string_equal(wallet_ctx_errmsg(ctx), "");
    assert_int_equal(wallet_ctx_errcode(ctx), WALLET_OK);
    wallet_free(out);
    wallet_ctx_free(ctx);
}

/* Internal: prefixes and truncation of long messages. */
static void test_errmsg_prefix_and_truncation(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    assert_int_equal(wl_err(ctx, WALLET_ERR_JSON, "inner %s", "detail"), WALLET_ERR_JSON);
    assert_int_equal(wl_err_prefix(ctx, "JWS header"), WALLET_ERR_JSON);
    assert_string_equal(wallet_ctx_errmsg(ctx), "JWS header: inner detail");
    char longs[1000];
    memset(longs, 'x', sizeof(longs) - 1);
    longs[sizeof(longs) - 1] = '\0';
    wl_err(ctx, WALLET_ERR_CBOR, "%s", longs);
    assert_int_equal(strlen(wallet_ctx_errmsg(ctx)), WL_ERRMSG_MAX - 1);
    assert_int_equal(wl_err_prefix(ctx, "outer"), WALLET_ERR_CBOR);
    assert_int_equal(strlen(wallet_ctx_errmsg(ctx)), WL_ERRMSG_MAX - 1);
    assert_memory_equal(wallet_ctx_errmsg(ctx), "outer: xxx", 10);
    /* Without a context the code is still returned. */
    assert_int_equal(wl_err(NULL, WALLET_ERR_DER, "x"), WALLET_ERR_DER);
    wallet_ctx_free(ctx);
}

static void test_null_context_accessors(void **state)
{
    (void)state;
    assert_string_equal(wallet_ctx_errmsg(NULL), "");
    assert_int_equal(wallet_ctx_errcode(NULL), WALLET_ERR_INVALID_ARG);
    assert_int_equal(wallet_ctx_offline(NULL), 0);
    /* Setters ignore NULL. */
    wallet_ctx_set_time(NULL, 5);
    wallet_ctx_set_clock(NULL, counting_clock, NULL);
    wallet_ctx_set_log(NULL, log_cb, NULL, WALLET_LOG_DEBUG);
    wallet_ctx_set_offline(NULL, 1);
    int64_t before = (int64_t)time(NULL);
    int64_t now = wallet_ctx_now(NULL);
    assert_true(now >= before && now <= (int64_t)time(NULL));
}

static void test_ctx_new_null_out(void **state)
{
    (void)state;
    assert_int_equal(wallet_ctx_new(NULL), WALLET_ERR_INVALID_ARG);
}

static void test_offline_flag(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_ctx_set_offline(ctx, 5);
    assert_int_equal(wallet_ctx_offline(ctx), 1);
    wallet_ctx_set_offline(ctx, 0);
    assert_int_equal(wallet_ctx_offline(ctx), 0);
    wallet_ctx_free(ctx);
}

/* ---- error codes -------------------------------------------------------------- */

static void test_every_code_has_unique_string_and_name(void **state)
{
    (void)state;
    code_t codes[256];
    size_t n = read_error_codes(codes, WL_ARRAY_LEN(codes));
    assert_true(n >= 60); /* the header has at least the foundation's codes */
    for (size_t i = 0; i < n; i++) {
        wallet_err e = (wallet_err)codes[i].value;
        const char *str = wallet_err_str(e);
        const char *name = wallet_err_name(e);
        assert_non_null(str);
        if (strcmp(str, "unknown") == 0)
            fail_msg("%s (%ld) has no string", codes[i].name, codes[i].value);
        if (strcmp(name, codes[i].name) != 0)
            fail_msg("%s (%ld) is named %s", codes[i].name, codes[i].value, name);
        /* Stable identifiers: lower case, digits and underscores. */
        for (const char *p = str; *p; p++)
            assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_');
        for (size_t j = 0; j < i; j++) {
            if (codes[j].value == codes[i].value)
                fail_msg("%s and %s share %ld", codes[j].name, codes[i].name, codes[i].value);
            if (strcmp(wallet_err_str((wallet_err)codes[j].value), str) == 0)
                fail_msg("%s and %s share the string %s", codes[j].name, codes[i].name, str);
        }
    }
    assert_string_equal(wallet_err_str(WALLET_OK), "ok");
    assert_string_equal(wallet_err_str(WALLET_ERR_SIGNATURE), "signature");
    assert_string_equal(wallet_err_name(WALLET_ERR_SIGNATURE), "WALLET_ERR_SIGNATURE");
}

static void test_every_code_has_its_kind(void **state)
{
    (void)state;
    code_t codes[256];
    size_t n = read_error_codes(codes, WL_ARRAY_LEN(codes));
    for (size_t i = 0; i < n; i++) {
        long v = codes[i].value;
        wallet_err_kind want = v == 0          ? WALLET_KIND_OK
                               : v < 1000      ? WALLET_KIND_USAGE
                               : v < 2000      ? WALLET_KIND_MALFORMED
                               : v < 3000      ? WALLET_KIND_CRYPTO
                               : v < 4000      ? WALLET_KIND_POLICY
                               : v < 5000      ? WALLET_KIND_STORAGE
                                               : WALLET_KIND_NETWORK;
        assert_true(v < 6000);
        if (wallet_err_kind_of((wallet_err)v) != want)
            fail_msg("%s: kind %d, want %d", codes[i].name,
                     (int)wallet_err_kind_of((wallet_err)v), (int)want);
    }
    assert_int_equal(wallet_err_kind_of(WALLET_ERR_EXPIRED), WALLET_KIND_POLICY);
    assert_int_equal(wallet_err_kind_of(WALLET_ERR_INSECURE_URL), WALLET_KIND_NETWORK);
}

static void test_unknown_code_number(void **state)
{
    (void)state;
    static const int unknown[] = {-1, 8, 999, 1999, 1025, 2015, 3011, 4001, 5004, 6000, 99999};
    for (size_t i = 0; i < WL_ARRAY_LEN(unknown); i++) {
        wallet_err e = (wallet_err)unknown[i];
        assert_string_equal(wallet_err_str(e), "unknown");
        assert_string_equal(wallet_err_name(e), "WALLET_ERR_UNKNOWN");
    }
}

/* ---- destructors -------------------------------------------------------------- */

static void test_every_free_accepts_null(void **state)
{
    (void)state;
    /* Every destructor in the public headers, called with NULL. */
    static const char *called[] = {
        "wallet_free",          "wallet_ctx_free",          "wallet_cose_headers_free",
        "wallet_cose_sign1_free", "wallet_jws_free",         "wallet_key_free",
        "wallet_result_free",   "wallet_trust_free",        "wallet_policy_free",
        "wallet_cert_array_free", "wallet_cert_free",        "wallet_cert_builder_free",
        "wallet_sdjwt_issuer_free", "wallet_sdjwt_free",
        /* mdoc */
        "wallet_mdoc_issuer_free", "wallet_mdoc_credential_free", "wallet_mdoc_response_free",
        "wallet_mdoc_verified_free", "wallet_mdoc_request_free", "wallet_mdoc_engagement_free",
        "wallet_mdoc_session_free",
        "wallet_status_list_free", "wallet_status_token_free", "wallet_status_cache_free",
        "wallet_status_snapshot_free",
        "wallet_store_free",
        "wallet_jwe_free",      "wallet_dcql_free",         "wallet_dcql_candidates_free",
        "wallet_dcql_result_free",
        "wallet_oid4vp_request_free", "wallet_oid4vp_match_free", "wallet_oid4vp_response_free",
        /* OpenID4VCI */
        "wallet_vci_offer_free", "wallet_vci_issuer_free", "wallet_vci_credentials_free",
        "wallet_vci_session_free",
    };
    wallet_free(NULL);
    wallet_ctx_free(NULL);
    wallet_cose_headers_free(NULL);
    wallet_cose_sign1_free(NULL);
    wallet_jws_free(NULL);
    wallet_key_free(NULL);
    wallet_result_free(NULL);
    wallet_trust_free(NULL);
    wallet_policy_free(NULL);
    wallet_cert_array_free(NULL, 0);
    wallet_cert_array_free(NULL, 3);
    wallet_cert_free(NULL);
    wallet_cert_builder_free(NULL);
    wallet_sdjwt_issuer_free(NULL);
    wallet_sdjwt_free(NULL);
    wallet_mdoc_issuer_free(NULL);
    wallet_mdoc_credential_free(NULL);
    wallet_mdoc_response_free(NULL);
    wallet_mdoc_verified_free(NULL);
    wallet_mdoc_request_free(NULL);
    wallet_mdoc_engagement_free(NULL);
    wallet_mdoc_session_free(NULL);
    wallet_status_list_free(NULL);
    wallet_status_token_free(NULL);
    wallet_status_cache_free(NULL);
    wallet_status_snapshot_free(NULL);
    wallet_store_free(NULL);
    wallet_oid4vp_request_free(NULL);
    wallet_oid4vp_match_free(NULL);
    wallet_oid4vp_response_free(NULL);
    wallet_jwe_free(NULL);
    wallet_dcql_free(NULL);
    wallet_dcql_candidates_free(NULL);
    wallet_dcql_result_free(NULL);
    wallet_vci_offer_free(NULL);
    wallet_vci_issuer_free(NULL);
    wallet_vci_credentials_free(NULL);
    wallet_vci_session_free(NULL);
    wallet_memzero(NULL, 16);

    char declared[64][64];
    size_t n = read_free_functions(declared, 64);
    assert_true(n >= WL_ARRAY_LEN(called));
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (size_t j = 0; j < WL_ARRAY_LEN(called); j++)
            found |= strcmp(declared[i], called[j]) == 0;
        if (!found)
            fail_msg("%s is declared but not tested with NULL here", declared[i]);
    }
}

static void test_memzero_and_version(void **state)
{
    (void)state;
    uint8_t secret[32];
    memset(secret, 0xA5, sizeof(secret));
    wallet_memzero(secret, sizeof(secret));
    for (size_t i = 0; i < sizeof(secret); i++)
        assert_int_equal(secret[i], 0);
    assert_string_equal(wallet_version(), WALLET_VERSION_STRING);
    char v[32];
    snprintf(v, sizeof(v), "%d.%d.%d", WALLET_VERSION_MAJOR, WALLET_VERSION_MINOR,
             WALLET_VERSION_PATCH);
    assert_string_equal(wallet_version(), v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_limits),
        cmocka_unit_test(test_limit_set_and_get),
        cmocka_unit_test(test_limit_unknown_id),
        cmocka_unit_test(test_limit_null_context),
        cmocka_unit_test(test_lowered_input_limit_enforced),
        cmocka_unit_test(test_lowered_json_depth_enforced),
        cmocka_unit_test(test_lowered_cbor_limits_enforced),
        cmocka_unit_test(test_limit_zero_input_bytes),
        cmocka_unit_test(test_limit_zero_json_depth),
        cmocka_unit_test(test_errmsg_after_invalid_argument),
        cmocka_unit_test(test_fixed_time),
        cmocka_unit_test(test_custom_clock_callback),
        cmocka_unit_test(test_fixed_time_overrides_callback),
        cmocka_unit_test(test_log_levels),
        cmocka_unit_test(test_log_not_delivered_above_level_or_when_disabled),
        cmocka_unit_test(test_errmsg_set_after_failure),
        cmocka_unit_test(test_errmsg_empty_after_success),
        cmocka_unit_test(test_errmsg_prefix_and_truncation),
        cmocka_unit_test(test_null_context_accessors),
        cmocka_unit_test(test_ctx_new_null_out),
        cmocka_unit_test(test_offline_flag),
        cmocka_unit_test(test_every_code_has_unique_string_and_name),
        cmocka_unit_test(test_every_code_has_its_kind),
        cmocka_unit_test(test_unknown_code_number),
        cmocka_unit_test(test_every_free_accepts_null),
        cmocka_unit_test(test_memzero_and_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
