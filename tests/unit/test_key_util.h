/*
 * Helpers shared by the key tests (test_key.c, test_key_jwk.c).
 */
#ifndef TEST_KEY_UTIL_H
#define TEST_KEY_UTIL_H

#include <cjson/cJSON.h>

#include "testutil.h"

/* Every algorithm libwallet generates keys for. */
static const wallet_alg all_algs[] __attribute__((unused)) = {
    WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512, WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
#define N_ALGS (sizeof(all_algs) / sizeof(all_algs[0]))

static inline wallet_key *gen(wallet_ctx *ctx, wallet_alg alg)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, alg));
    assert_non_null(k);
    return k;
}

static inline cJSON *jwk_json(wallet_ctx *ctx, const wallet_key *k, unsigned flags)
{
    char *text = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &text, k, flags));
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    wallet_free(text);
    return j;
}

/* Print a cJSON object to a malloc'ed string and delete it. */
static inline char *take_json(cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    assert_non_null(s);
    cJSON_Delete(j);
    return s;
}

static inline void set_str(cJSON *obj, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    assert_non_null(cJSON_AddStringToObject(obj, name, value));
}

/* Decode base64url member `name` of obj into a malloc'ed buffer. */
static inline uint8_t *member_bytes(wallet_ctx *ctx, const cJSON *obj, const char *name, size_t *len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    assert_true(cJSON_IsString(v));
    uint8_t *out = NULL;
    tu_assert_ok(ctx, wallet_b64url_decode(ctx, &out, len, v->valuestring, strlen(v->valuestring)));
    return out;
}

static inline void set_bytes(wallet_ctx *ctx, cJSON *obj, const char *name, const uint8_t *p, size_t n)
{
    char *b64 = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b64, NULL, p, n));
    set_str(obj, name, b64);
    wallet_free(b64);
}

/* Import a JWK text expecting `want`; on failure the output must be NULL. */
static inline void expect_jwk_err(wallet_ctx *ctx, const char *jwk, wallet_err want)
{
    wallet_key *k = (wallet_key *)(uintptr_t)1; /* must be overwritten */
    tu_assert_err(ctx, wallet_key_from_jwk(ctx, &k, jwk, strlen(jwk)), want);
    assert_null(k);
    assert_int_equal(wallet_ctx_errcode(ctx), want);
    assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
}


#endif /* TEST_KEY_UTIL_H */
