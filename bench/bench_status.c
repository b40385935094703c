/*
 * Token Status Lists: status lookups from a cached 2^20-entry list, the
 * verification of whole list tokens, and the cost of status checking inside
 * wallet_verify() — each next to one raw ES256 signature verification
 * measured in the same run (OpenSSL EVP_DigestVerify with a pre-built key,
 * pre-fetched digest and a DER signature, as in bench_jws.c).
 *
 *   lookup          wallet_status_cache_check() on a cache holding the
 *                   verified token of a 2^20-entry list (pseudo-random
 *                   indices; each answer checked against the list)
 *   token JWT 1-bit wallet_status_token_verify() of the list's JWT: signature,
 *                   claims, base64url, inflate 128 KiB
 *   token CWT 8-bit the same for a 2^20-entry 8-bit CWT: inflate 1 MiB
 *   verify+status   wallet_verify() of a JWT credential with the cache in its
 *                   policy, interleaved with wallet_verify() of the same
 *                   credential without status checking
 */
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wallet/wallet.h>

#include "bench.h"

#define ST_URI "https://status.health.example/lists/1"
#define ST_URI8 "https://status.health.example/lists/8"
#define ST_ENTRIES (1u << 20)
#define ST_LOOKUPS 4096 /* distinct indices cycled through */

typedef struct st_raw {
    EVP_MD_CTX *mctx;
    EVP_PKEY *pkey;
    EVP_MD *md;
    const uint8_t *msg;
    size_t msg_len;
    unsigned char *sig;
    size_t sig_len;
} st_raw;

typedef struct st_lookup {
    wallet_ctx *ctx;
    wallet_status_cache *cache;
    const wallet_trust *trust;
    uint64_t idx[ST_LOOKUPS];
    unsigned want[ST_LOOKUPS];
    size_t next;
} st_lookup;

typedef struct st_token {
    wallet_ctx *ctx;
    const wallet_trust *trust;
    const uint8_t *tok;
    size_t len;
    const char *uri;
} st_token;

typedef struct st_verify {
    wallet_ctx *ctx;
    const wallet_trust *trust;
    const wallet_policy *policy;
    const char *cred;
    size_t len;
} st_verify;

static int st_raw_verify(void *arg)
{
    st_raw *r = arg;
    if (EVP_DigestVerifyInit(r->mctx, NULL, r->md, NULL, NULL) != 1)
        return -1;
    return EVP_DigestVerify(r->mctx, r->sig, r->sig_len, r->msg, r->msg_len) == 1 ? 0 : -1;
}

static int st_lookup_op(void *arg)
{
    st_lookup *l = arg;
    size_t k = l->next++ % ST_LOOKUPS;
    unsigned v;
    if (wallet_status_cache_check(l->ctx, &v, l->cache, l->trust, 0, ST_URI, l->idx[k]) !=
        WALLET_OK)
        return -1;
    return v == l->want[k] ? 0 : -1;
}

static int st_token_op(void *arg)
{
    st_token *t = arg;
    wallet_status_token *tok = NULL;
    wallet_err e = wallet_status_token_verify(t->ctx, &tok, t->trust, 0, t->tok, t->len, t->uri);
    int ok = e == WALLET_OK && wallet_status_token_size(tok) == ST_ENTRIES;
    wallet_status_token_free(tok);
    return ok ? 0 : -1;
}

static int st_verify_op(void *arg)
{
    st_verify *v = arg;
    wallet_result *r = NULL;
    wallet_err e = wallet_verify(v->ctx, &r, v->trust, v->policy, (const uint8_t *)v->cred,
                                 v->len);
    wallet_result_free(r);
    return e == WALLET_OK ? 0 : -1;
}

static int st_fail(const char *what, wallet_ctx *ctx)
{
    fprintf(stderr, "bench status: %s%s%s\n", what, ctx ? ": " : "",
            ctx ? wallet_ctx_errmsg(ctx) : "");
    return -1;
}

/* The raw side verifies the JWT list token's own signature. */
static int st_raw_setup(st_raw *r, wallet_ctx *ctx, const wallet_key *pub, const char *jwt)
{
    const char *dot = strrchr(jwt, '.');
    uint8_t *sig = NULL, *spki = NULL;
    size_t sig_len = 0, spki_len = 0;
    if (!dot || wallet_b64url_decode(ctx, &sig, &sig_len, dot + 1, strlen(dot + 1)) ||
        sig_len != 64 || wallet_key_to_der(ctx, &spki, &spki_len, pub, WALLET_EXPORT_PUBLIC)) {
        wallet_free(sig);
        return st_fail("raw set-up", ctx);
    }
    const unsigned char *p = spki;
    r->pkey = d2i_PUBKEY(NULL, &p, (long)spki_len);
    wallet_free(spki);
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *br = BN_bin2bn(sig, 32, NULL), *bs = BN_bin2bn(sig + 32, 32, NULL);
    wallet_free(sig);
    if (!r->pkey || !es || !br || !bs || ECDSA_SIG_set0(es, br, bs) != 1) {
        ECDSA_SIG_free(es);
        BN_free(br);
        BN_free(bs);
        return st_fail("raw signature", NULL);
    }
    r->sig = NULL;
    int n = i2d_ECDSA_SIG(es, &r->sig);
    ECDSA_SIG_free(es);
    if (n <= 0)
        return st_fail("raw DER", NULL);
    r->sig_len = (size_t)n;
    r->md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    r->mctx = EVP_MD_CTX_new();
    r->msg = (const uint8_t *)jwt;
    r->msg_len = (size_t)(dot - jwt);
    if (!r->md || !r->mctx || EVP_DigestVerifyInit(r->mctx, NULL, r->md, NULL, r->pkey) != 1)
        return st_fail("raw EVP set-up", NULL);
    return st_raw_verify(r) == 0 ? 0 : st_fail("raw verify rejects the token", NULL);
}

typedef struct st_row {
    const char *name;
    bench_stat raw, lib;
} st_row;

int bench_status_run(const bench_opts *opts, bench_md *md)
{
    wallet_ctx *ctx = NULL;
    wallet_key *key = NULL;
    wallet_trust *trust = NULL;
    wallet_status_list *l1 = NULL, *l8 = NULL;
    wallet_status_cache *cache = NULL;
    wallet_policy *with = NULL, *without = NULL;
    uint8_t *jwt = NULL, *cwt8 = NULL;
    size_t jwt_len = 0, cwt8_len = 0;
    char *cred = NULL;
    st_raw raw = {0};
    st_lookup *lk = calloc(1, sizeof(*lk));
    int rc = -1;
    if (!lk || wallet_ctx_new(&ctx) || wallet_key_generate(ctx, &key, WALLET_ALG_ES256) ||
        wallet_key_set_kid(ctx, key, "status-2026") || wallet_trust_new(ctx, &trust) ||
        wallet_trust_add_key(ctx, trust, key)) {
        st_fail("set-up", ctx);
        goto done;
    }

    /* A 2^20-entry 1-bit list, every index allocated, 1% revoked at random
     * places (a revocation rate where compression still matters), and a
     * 2^20-entry 8-bit list with the appendix's kind of sparse statuses. */
    if (wallet_status_list_new(ctx, &l1, ST_URI, 1, ST_ENTRIES, WALLET_STATUS_ALLOC_SEQUENTIAL) ||
        wallet_status_list_new(ctx, &l8, ST_URI8, 8, ST_ENTRIES, WALLET_STATUS_ALLOC_SEQUENTIAL)) {
        st_fail("lists", ctx);
        goto done;
    }
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (uint64_t i = 0; i < ST_ENTRIES; i++) {
        uint64_t idx;
        if (wallet_status_list_allocate(ctx, &idx, l1) || wallet_status_list_allocate(ctx, &idx, l8))
            goto done;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (x % 100 == 0 && wallet_status_list_set(ctx, l1, i, WALLET_STATUS_INVALID))
            goto done;
        if (x % 4096 == 1 && wallet_status_list_set(ctx, l8, i, (unsigned)(x >> 40) & 255))
            goto done;
    }
    if (wallet_status_list_token(ctx, &jwt, &jwt_len, l1, key, NULL, 0, WALLET_STATUS_JWT,
                                 86400, 3600) ||
        wallet_status_list_token(ctx, &cwt8, &cwt8_len, l8, key, NULL, 0, WALLET_STATUS_CWT,
                                 86400, 3600) ||
        wallet_status_cache_new(ctx, &cache, 0) ||
        wallet_status_cache_add(ctx, cache, trust, 0, jwt, jwt_len)) {
        st_fail("tokens", ctx);
        goto done;
    }
    lk->ctx = ctx;
    lk->cache = cache;
    lk->trust = trust;
    for (size_t k = 0; k < ST_LOOKUPS; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        lk->idx[k] = x % ST_ENTRIES;
        if (wallet_status_list_get(ctx, &lk->want[k], l1, lk->idx[k]))
            goto done;
    }
    wallet_key *pub = NULL;
    if (wallet_key_public(ctx, &pub, key))
        goto done;
    int raw_ok = st_raw_setup(&raw, ctx, pub, (const char *)jwt);
    wallet_key_free(pub);
    if (raw_ok)
        goto done;

    /* A credential referencing a valid entry. */
    uint64_t valid_idx = 0;
    unsigned cur = 1;
    while (wallet_status_list_get(ctx, &cur, l1, valid_idx) == WALLET_OK && cur != 0)
        valid_idx++;
    if (cur != 0)
        goto done;
    char claims[512];
    snprintf(claims, sizeof(claims),
             "{\"iss\":\"https://health.example\",\"iat\":1767225600,\"exp\":4102444800,"
             "\"vct\":\"https://health.example/vaccination\",\"vaccine\":\"MMR\",\"dose\":2,"
             "\"status\":{\"status_list\":{\"idx\":%llu,\"uri\":\"" ST_URI "\"}}}",
             (unsigned long long)valid_idx);
    if (wallet_jws_sign_compact(ctx, &cred, key, WALLET_ALG_NONE, "{\"typ\":\"JWT\"}",
                                (const uint8_t *)claims, strlen(claims)) ||
        wallet_policy_new(ctx, &with) || wallet_policy_new(ctx, &without) ||
        wallet_policy_set_status_cache(ctx, with, cache)) {
        st_fail("credential", ctx);
        goto done;
    }
    st_token tj = {ctx, trust, jwt, jwt_len, ST_URI};
    st_token tc = {ctx, trust, cwt8, cwt8_len, ST_URI8};
    st_verify vw = {ctx, trust, with, cred, strlen(cred)};
    st_verify vo = {ctx, trust, without, cred, strlen(cred)};
    {
        wallet_result *r = NULL;
        wallet_err e = wallet_verify(ctx, &r, trust, with, (const uint8_t *)cred, strlen(cred));
        int checked = wallet_result_status(r) == 0;
        wallet_result_free(r);
        if (e || !checked || st_lookup_op(lk) || st_token_op(&tj) || st_token_op(&tc) ||
            st_verify_op(&vo)) {
            st_fail("sanity", ctx);
            goto done;
        }
    }

    st_row rows[3];
    memset(rows, 0, sizeof(rows));
    rows[0].name = "status lookup (cached 2^20 list)";
    rows[1].name = "list token verify, JWT 2^20 x 1 bit";
    rows[2].name = "list token verify, CWT 2^20 x 8 bits";
    void *lib_args[3] = {lk, &tj, &tc};
    bench_op lib_ops[3] = {st_lookup_op, st_token_op, st_token_op};
    printf("status list: 2^20 entries; JWT %zu bytes (1 bit, 1%% revoked), CWT %zu bytes "
           "(8 bits)\n",
           jwt_len, cwt8_len);
    printf("%-40s %14s %14s %9s\n", "operation", "raw ES256/s", "libwallet/s", "lib/raw");
    for (int i = 0; i < 3; i++) {
        if (bench_compare(opts, st_raw_verify, &raw, lib_ops[i], lib_args[i], &rows[i].raw,
                          &rows[i].lib)) {
            st_fail(rows[i].name, ctx);
            goto done;
        }
        printf("%-40s %14.0f %14.0f %9.3f\n", rows[i].name, rows[i].raw.median,
               rows[i].lib.median, rows[i].lib.median / rows[i].raw.median);
        fflush(stdout);
    }
    /* Status checking inside wallet_verify(): the same credential with and
     * without the cache in the policy, interleaved. */
    bench_stat plain, with_status;
    if (bench_compare(opts, st_verify_op, &vo, st_verify_op, &vw, &plain, &with_status)) {
        st_fail("wallet_verify", ctx);
        goto done;
    }
    double overhead_us = (1.0 / with_status.median - 1.0 / plain.median) * 1e6;
    printf("%-40s %14.0f %14.0f %9.3f\n", "wallet_verify: without / with status", plain.median,
           with_status.median, with_status.median / plain.median);
    printf("status checking: %+.2f us per credential measured; one lookup %.3f us\n", overhead_us,
           1e6 / rows[0].lib.median);

    /* Memory across many lookups and token verifies. */
    long long heap0 = bench_heap_bytes();
    for (long k = 0; k < opts->rss_iterations; k++)
        if (st_lookup_op(lk) || (k % 100 == 0 && st_token_op(&tj)))
            goto done;
    long long heap1 = bench_heap_bytes();
    printf("heap in use over %ld lookups and %ld token verifies: %lld -> %lld bytes\n",
           opts->rss_iterations, (opts->rss_iterations + 99) / 100, heap0, heap1);

    bench_md_printf(
        md,
        "Method. One issuer key (ES256) signs two Status List Tokens of 2^20 entries: a JWT of a "
        "1-bit list with 1%% of the entries revoked at pseudo-random places (%zu bytes) and a CWT "
        "of an 8-bit list with sparse statuses (%zu bytes). Each libwallet operation is measured "
        "next to **one raw ES256 verification** (OpenSSL `EVP_DigestVerify`, pre-built key, "
        "pre-fetched digest, DER signature; the JWT's own signature) in the same run, "
        "interleaved as in the JWS benchmark (%d rounds of at least %.3g s, median):\n\n"
        "- **status lookup** — `wallet_status_cache_check()` on a cache holding the verified "
        "1-bit token: lock, find the list, read one entry (4096 pseudo-random indices, each "
        "answer checked);\n"
        "- **list token verify** — `wallet_status_token_verify()`: signature, claims, base64url "
        "(JWT), inflate of 128 KiB (1 bit) or 1 MiB (8 bits) under the default 2 MiB limit;\n"
        "- **wallet_verify with status** — a JWT credential with a `status` reference verified "
        "with the cache in the policy (cache hit), interleaved with the same credential verified "
        "without status checking.\n\n",
        jwt_len, cwt8_len, opts->repeats, opts->seconds);
    bench_md_printf(md, "| operation | raw ES256 verifies/s | libwallet ops/s | libwallet / raw |\n"
                        "|---|---:|---:|---:|\n");
    for (int i = 0; i < 3; i++)
        bench_md_printf(md, "| %s | %.0f | %.0f | %.3f |\n", rows[i].name, rows[i].raw.median,
                        rows[i].lib.median, rows[i].lib.median / rows[i].raw.median);
    bench_md_printf(md,
                    "\n| `wallet_verify()` of a JWT credential | verifies/s | spread (min–max) |\n"
                    "|---|---:|---:|\n"
                    "| without status checking | %.0f | %.0f–%.0f |\n"
                    "| with status checking, cache hit | %.0f | %.0f–%.0f |\n\n"
                    "Measured difference with status checking: %+.2f µs per credential (ratio "
                    "%.3f); the status lookup itself costs %.3f µs (first table), about 1/%.0f of "
                    "one signature verification, so the difference is within the noise of this "
                    "shared machine. A verifier's throughput is set by signatures, and a list "
                    "token is verified once per `ttl`, not once per credential.\n\n"
                    "Heap in use (glibc `mallinfo2`) across %ld further lookups and %ld list token "
                    "verifies: %lld B → %lld B (%+lld B).\n",
                    plain.median, plain.min, plain.max, with_status.median, with_status.min,
                    with_status.max, overhead_us, with_status.median / plain.median,
                    1e6 / rows[0].lib.median, rows[0].lib.median / rows[0].raw.median,
                    opts->rss_iterations,
                    (opts->rss_iterations + 99) / 100, heap0, heap1, heap1 - heap0);
    rc = 0;
done:
    if (rc)
        st_fail("failed", ctx);
    EVP_MD_CTX_free(raw.mctx);
    EVP_PKEY_free(raw.pkey);
    EVP_MD_free(raw.md);
    OPENSSL_free(raw.sig);
    wallet_policy_free(with);
    wallet_policy_free(without);
    wallet_free(cred);
    wallet_free(jwt);
    wallet_free(cwt8);
    wallet_status_cache_free(cache);
    wallet_status_list_free(l1);
    wallet_status_list_free(l8);
    wallet_trust_free(trust);
    wallet_key_free(key);
    wallet_ctx_free(ctx);
    free(lk);
    return rc;
}
