/*
 * Shared helpers for the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Every target defines LLVMFuzzerTestOneInput(). Built with WALLET_FUZZ=ON it
 * is linked with -fsanitize=fuzzer; otherwise with replay_main.c, which runs
 * it over the committed corpus (and a few deterministic mutations of each
 * file) under ctest.
 *
 * A target must never write files or print on success, must free everything
 * it allocates per input (LeakSanitizer runs at exit), and calls FZ_CHECK()
 * for the properties it asserts: a violated property aborts, which libFuzzer
 * reports as a crash with the input saved as an artifact.
 */
#ifndef WALLET_FUZZ_COMMON_H
#define WALLET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallet/wallet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond)                                                                     \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond);  \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* A call that must succeed; on failure, print the context's detail. */
#define FZ_CHECK_OK(ctx, call)                                                             \
    do {                                                                                   \
        wallet_err fz_e_ = (call);                                                         \
        if (fz_e_ != WALLET_OK) {                                                          \
            fprintf(stderr, "%s:%d: %s failed: %s (%d): %s\n", __FILE__, __LINE__, #call,   \
                    wallet_err_str(fz_e_), (int)fz_e_, wallet_ctx_errmsg(ctx));            \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* The fixed time of every fuzz context: 2023-11-14T22:13:20Z. Seeds made by
 * make_seeds.py are valid at this time. */
#define FZ_NOW ((int64_t)1700000000)

/*
 * The fixed P-256 key of the JWS, COSE and verify targets: RFC 7515
 * Appendix A.3. make_seeds.py signs seeds with the same key, so that the
 * fuzzer starts from inputs whose signatures verify and reaches the code
 * behind verification.
 */
#define FZ_FIXED_JWK                                                                       \
    "{\"kty\":\"EC\",\"crv\":\"P-256\","                                                   \
    "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","                               \
    "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","                               \
    "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}"

/* The payload supplied to JWS and COSE messages whose payload is detached
 * (make_seeds.py signs detached seeds over the same bytes). */
#define FZ_DETACHED "libwallet fuzz: detached payload"

/* A context with the fixed clock and limits small enough to keep each
 * execution fast, but never disabled. Aborts when it cannot be made. */
static inline wallet_ctx *fz_ctx(void)
{
    wallet_ctx *ctx = NULL;
    if (wallet_ctx_new(&ctx) != WALLET_OK || !ctx)
        abort();
    wallet_ctx_set_time(ctx, FZ_NOW);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 256 * 1024);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 24);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_DEPTH, 24);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CBOR_ITEMS, 16384);
    wallet_ctx_limit(ctx, WALLET_LIMIT_DISCLOSURES, 64);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INFLATE_BYTES, 256 * 1024);
    wallet_ctx_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH, 4);
    return ctx;
}

/* The fixed key, made once per process (kept for the process lifetime:
 * still reachable, so LeakSanitizer does not report it). */
static inline const wallet_key *fz_fixed_key(void)
{
    static wallet_key *key;
    if (!key) {
        wallet_ctx *ctx = fz_ctx();
        if (wallet_key_from_jwk(ctx, &key, FZ_FIXED_JWK, strlen(FZ_FIXED_JWK)) != WALLET_OK) {
            fprintf(stderr, "fuzz: fixed key: %s\n", wallet_ctx_errmsg(ctx));
            abort();
        }
        wallet_ctx_free(ctx);
    }
    return key;
}

/* A NUL-terminated copy of data[0..size) (aborts on allocation failure). */
static inline char *fz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* 1 when both strings are NULL or both are equal. */
static inline int fz_streq_null(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

#endif /* WALLET_FUZZ_COMMON_H */
