/*
 * Helpers shared by the store tests (test_store*.c): a scratch directory,
 * an issuer with a trust set, JWT and CWT credentials, stores with a cheap
 * KDF cost (2^10: the tests exercise the logic, not scrypt's cost).
 */
#ifndef WALLET_TEST_STORE_UTIL_H
#define WALLET_TEST_STORE_UTIL_H

#define _GNU_SOURCE 1
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "testutil.h"

#define TS_NOW 1767225600 /* 2026-01-01 */
#define TS_FAST WALLET_STORE_SCRYPT_LOG2N(10)
#define TS_PIN ((const uint8_t *)"123456")
#define TS_PIN_LEN 6

static const uint8_t ts_raw_key[WALLET_STORE_KEY_BYTES] = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

typedef struct ts_env {
    wallet_ctx *ctx;
    char dir[256];
    char path[300];
    wallet_key *issuer;
    wallet_trust *trust;
} ts_env;

static inline void ts_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char p[600];
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static inline ts_env *ts_setup(void)
{
    ts_env *t = calloc(1, sizeof(*t));
    assert_non_null(t);
    t->ctx = tu_ctx_at(TS_NOW);
    snprintf(t->dir, sizeof(t->dir), "/tmp/wallet-store-test-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof(t->path), "%s/wallet.db", t->dir);
    tu_assert_ok(t->ctx, wallet_key_generate(t->ctx, &t->issuer, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_key_set_kid(t->ctx, t->issuer, "issuer-1"));
    tu_assert_ok(t->ctx, wallet_trust_new(t->ctx, &t->trust));
    tu_assert_ok(t->ctx, wallet_trust_add_key(t->ctx, t->trust, t->issuer));
    return t;
}

static inline void ts_teardown(ts_env *t)
{
    if (!t)
        return;
    ts_rmtree(t->dir);
    wallet_trust_free(t->trust);
    wallet_key_free(t->issuer);
    wallet_ctx_free(t->ctx);
    free(t);
}

/* A JWT credential of type `typ` (JWS header) with these claims. */
static inline char *ts_jwt(ts_env *t, const char *typ, const char *claims)
{
    char header[128];
    snprintf(header, sizeof(header), "{\"typ\":\"%s\"}", typ);
    char *tok = NULL;
    tu_assert_ok(t->ctx, wallet_jws_sign_compact(t->ctx, &tok, t->issuer, WALLET_ALG_NONE, header,
                                                 (const uint8_t *)claims, strlen(claims)));
    return tok;
}

/* Break a compact JWS's signature, keeping it well-formed base64url (an
 * XOR could make a character outside the alphabet: then the input would
 * not even be recognised as a JWS). */
static inline void ts_break_sig(char *tok)
{
    char *c = tok + strlen(tok) - 3;
    *c = *c == 'A' ? 'B' : 'A';
}

/* A PIN store at t->path (cheap KDF). */
static inline wallet_store *ts_create(ts_env *t)
{
    wallet_store *s = NULL;
    tu_assert_ok(t->ctx, wallet_store_create(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, TS_FAST));
    assert_non_null(s);
    return s;
}

static inline wallet_store *ts_open(ts_env *t)
{
    wallet_store *s = NULL;
    tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, TS_PIN, TS_PIN_LEN, 0));
    return s;
}

/* Add a JWT; returns its id (wallet_free). */
static inline char *ts_add(ts_env *t, wallet_store *s, const char *typ, const char *claims)
{
    char *tok = ts_jwt(t, typ, claims);
    char *id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)tok,
                                          strlen(tok), 0));
    assert_non_null(id);
    wallet_free(tok);
    return id;
}

/* Whole file (malloc'ed) or NULL. */
static inline uint8_t *ts_file(const char *path, size_t *len)
{
    return tu_read_file(path, len);
}

static inline void ts_write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static inline cJSON *ts_parse(const char *json)
{
    assert_non_null(json);
    cJSON *j = cJSON_Parse(json);
    if (!j)
        fail_msg("not JSON: %s", json);
    return j;
}

/* Elements of a JSON array text. */
static inline int ts_array_len(const char *json)
{
    cJSON *j = ts_parse(json);
    int n = cJSON_IsArray(j) ? cJSON_GetArraySize(j) : -1;
    cJSON_Delete(j);
    return n;
}

#endif /* WALLET_TEST_STORE_UTIL_H */
