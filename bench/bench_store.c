/*
 * The encrypted store: open + list with 10,000 stored credentials, adds per
 * second, and DCQL-style matching (by type and claim paths) over 10,000
 * credentials. Public API only.
 *
 * The store is opened with a keystore key (WALLET_STORE_RAW_KEY), so that
 * "open" measures the store and not the PIN's scrypt, whose cost is chosen
 * on purpose (reported separately). Credentials are ES256 JWTs of ten types
 * with about ten claims each (nested address, an array). An add verifies the
 * credential and commits with a full fsync, so its floor is one signature
 * check plus one durable write: the raw check (wallet_verify of the same
 * token, nothing stored) is measured next to it in the same run.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wallet/wallet.h>

#include "bench.h"

#define N_CREDS 10000
#define N_TYPES 10
#define ADD_POOL 4000

static const uint8_t bench_key[WALLET_STORE_KEY_BYTES] = {
    0x5a, 0x11, 0x3c, 0x9e, 0x01, 0x72, 0xd4, 0x8b, 0x66, 0x0f, 0xa3, 0x2e, 0x90, 0x47, 0xbb, 0x15,
    0x08, 0xcd, 0x3f, 0x71, 0xe2, 0x54, 0x9a, 0x6d, 0x13, 0xf8, 0x27, 0xc0, 0x4e, 0xb9, 0x85, 0x3a};

static const char *const cities[] = {"Hanoi", "Hue", "Da Nang", "Hai Phong", "Can Tho"};

typedef struct bench_store_ctx {
    wallet_ctx *ctx;
    wallet_key *issuer;
    wallet_trust *trust;
    char dir[256], path[300], add_path[300];
    wallet_store *store;     /* the 10,000-credential store, open for match */
    wallet_store *add_store; /* a fresh store for the add measurement */
    char **pool;             /* pre-signed credentials for adds */
    size_t pool_next;
    char *one;               /* one credential, for the raw verify loop */
    const char *query;
    size_t last_matches;
} bench_store_ctx;

static char *bench_store_jwt(bench_store_ctx *b, int i)
{
    char claims[1024], header[64];
    snprintf(header, sizeof(header), "{\"typ\":\"type-%d+jwt\"}", i % N_TYPES);
    snprintf(claims, sizeof(claims),
             "{\"iss\":\"https://agency-%d.city.example\",\"iat\":1767225600,\"exp\":1893456000,"
             "\"sub\":\"urn:uuid:%08d-6f1c-4c7e-9a10-2f4b6d8e0c13\",\"given_name\":\"Person %d\","
             "\"family_name\":\"Tran\",\"birthdate\":\"19%02d-04-12\",\"age_over_18\":%s,"
             "\"address\":{\"street\":\"%d Pho Hue\",\"locality\":\"%s\",\"country\":\"VN\"},"
             "\"nationalities\":[\"VN\"%s],\"document_number\":\"VN%09d\"}",
             i % N_TYPES, i, i, 40 + i % 60, i % 7 ? "true" : "false", i % 300,
             cities[i % 5], i % 4 ? "" : ",\"FR\"", i);
    char *tok = NULL;
    if (wallet_jws_sign_compact(b->ctx, &tok, b->issuer, WALLET_ALG_NONE, header,
                                (const uint8_t *)claims, strlen(claims)))
        return NULL;
    return tok;
}

static void bench_store_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[600];
        snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- operations ----------------------------------------------------------------- */

static int op_open_list(void *arg)
{
    bench_store_ctx *b = arg;
    wallet_store *s = NULL;
    char *json = NULL;
    int rc = wallet_store_open(b->ctx, &s, b->path, bench_key, sizeof(bench_key),
                               WALLET_STORE_RAW_KEY) ||
             wallet_store_list(b->ctx, &json, s, NULL);
    rc = rc || strncmp(json, "[{\"id\":", 7) != 0;
    wallet_free(json);
    wallet_store_free(s);
    return rc;
}

static int op_list(void *arg)
{
    bench_store_ctx *b = arg;
    char *json = NULL;
    int rc = wallet_store_list(b->ctx, &json, b->store, NULL) != WALLET_OK;
    wallet_free(json);
    return rc;
}

static int op_match(void *arg)
{
    bench_store_ctx *b = arg;
    char *json = NULL;
    int rc = wallet_store_match(b->ctx, &json, b->store, b->query, strlen(b->query)) != WALLET_OK;
    if (!rc) {
        size_t n = 0;
        for (const char *p = json; (p = strstr(p, "{\"id\":")); p++)
            n++;
        b->last_matches = n;
    }
    wallet_free(json);
    return rc;
}

static int op_open_match(void *arg)
{
    bench_store_ctx *b = arg;
    wallet_store *s = NULL;
    char *json = NULL;
    int rc = wallet_store_open(b->ctx, &s, b->path, bench_key, sizeof(bench_key),
                               WALLET_STORE_RAW_KEY) ||
             wallet_store_match(b->ctx, &json, s, b->query, strlen(b->query));
    wallet_free(json);
    wallet_store_free(s);
    return rc;
}

static int op_add(void *arg)
{
    bench_store_ctx *b = arg;
    if (b->pool_next >= ADD_POOL)
        return -1;
    const char *tok = b->pool[b->pool_next++];
    char *id = NULL;
    int rc = wallet_store_add(b->ctx, &id, b->add_store, b->trust, NULL, (const uint8_t *)tok,
                              strlen(tok), 0) != WALLET_OK;
    wallet_free(id);
    return rc;
}

static int op_verify(void *arg)
{
    bench_store_ctx *b = arg;
    wallet_result *r = NULL;
    int rc = wallet_verify(b->ctx, &r, b->trust, NULL, (const uint8_t *)b->one, strlen(b->one)) !=
             WALLET_OK;
    wallet_result_free(r);
    return rc;
}

static int op_open_pin(void *arg)
{
    bench_store_ctx *b = arg;
    wallet_store *s = NULL;
    int rc = wallet_store_open(b->ctx, &s, b->add_path, (const uint8_t *)"482915", 6, 0) != WALLET_OK;
    wallet_store_free(s);
    return rc;
}

/* ---- the benchmark ----------------------------------------------------------------- */

static const char q_typical[] =
    "{\"credentials\":[{\"id\":\"pid\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
    "[\"type-3+jwt\"]},\"require_cryptographic_holder_binding\":false,\"claims\":["
    "{\"path\":[\"given_name\"]},{\"path\":[\"address\",\"locality\"],\"values\":"
    "[\"Hai Phong\"]},{\"path\":[\"age_over_18\"],\"values\":[true]}]}]}";
static const char q_all_types[] =
    "{\"credentials\":[{\"id\":\"any\",\"format\":\"jws\",\"meta\":{},"
    "\"require_cryptographic_holder_binding\":false,\"claims\":["
    "{\"path\":[\"age_over_18\"],\"values\":[true]},{\"path\":[\"nationalities\",null],"
    "\"values\":[\"FR\"]}]}]}";
static const char q_two_queries[] =
    "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{\"vct_values\":[\"type-1+jwt\"]},"
    "\"require_cryptographic_holder_binding\":false,\"claims\":[{\"path\":[\"document_number\"]}]},"
    "{\"id\":\"b\",\"format\":\"jws\",\"meta\":{\"vct_values\":[\"type-2+jwt\",\"type-5+jwt\"]},"
    "\"require_cryptographic_holder_binding\":false,\"claims\":[{\"path\":[\"address\",\"country\"],"
    "\"values\":[\"VN\"]},{\"path\":[\"family_name\"]}]}]}";

static double ms_per_op(const bench_stat *st)
{
    return 1000.0 / st->median;
}

int bench_store_run(const bench_opts *opts, bench_md *md)
{
    bench_store_ctx b;
    memset(&b, 0, sizeof(b));
    int rc = -1;
    double t0, t_sign = 0, t_fill = 0;
    snprintf(b.dir, sizeof(b.dir), "/tmp/wallet-bench-store-XXXXXX");
    if (!mkdtemp(b.dir))
        return -1;
    snprintf(b.path, sizeof(b.path), "%s/store.db", b.dir);
    snprintf(b.add_path, sizeof(b.add_path), "%s/add.db", b.dir);
    if (wallet_ctx_new(&b.ctx) || wallet_key_generate(b.ctx, &b.issuer, WALLET_ALG_ES256) ||
        wallet_key_set_kid(b.ctx, b.issuer, "bench-issuer") || wallet_trust_new(b.ctx, &b.trust) ||
        wallet_trust_add_key(b.ctx, b.trust, b.issuer))
        goto out;
    wallet_ctx_set_time(b.ctx, 1767225600);

    /* 10,000 credentials, added as bulk imports of 500 (one transaction
     * each, so that the set-up does not take 10,000 fsyncs). */
    printf("store: signing and adding %d credentials...\n", N_CREDS);
    if (wallet_store_create(b.ctx, &b.store, b.path, bench_key, sizeof(bench_key),
                            WALLET_STORE_RAW_KEY))
        goto out;
    for (int base = 0; base < N_CREDS; base += 500) {
        char *toks[500];
        const uint8_t *in[500];
        size_t lens[500];
        t0 = bench_now();
        for (int i = 0; i < 500; i++) {
            toks[i] = bench_store_jwt(&b, base + i);
            if (!toks[i])
                goto out;
            in[i] = (const uint8_t *)toks[i];
            lens[i] = strlen(toks[i]);
        }
        t_sign += bench_now() - t0;
        char *ids = NULL;
        t0 = bench_now();
        wallet_err e = wallet_store_add_batch(b.ctx, &ids, b.store, b.trust, NULL, in, lens, 500,
                                              WALLET_STORE_SEPARATE);
        t_fill += bench_now() - t0;
        wallet_free(ids);
        for (int i = 0; i < 500; i++)
            wallet_free(toks[i]);
        if (e) {
            fprintf(stderr, "store: add_batch: %s\n", wallet_ctx_errmsg(b.ctx));
            goto out;
        }
    }
    wallet_store_free(b.store);
    b.store = NULL;
    long long db_bytes = 0;
    FILE *f = fopen(b.path, "rb");
    if (f) {
        fseek(f, 0, SEEK_END);
        db_bytes = ftell(f);
        fclose(f);
    }

    /* Open + list, cold handle each time. */
    bench_stat open_list, list_only, match_typ, match_all, match_two, adds, verifies, open_pin;
    bench_stat open_match;
    if (op_open_list(&b) != 0)
        goto out;
    if (bench_measure(opts, op_open_list, &b, &open_list) != 0)
        goto out;
    if (wallet_store_open(b.ctx, &b.store, b.path, bench_key, sizeof(bench_key),
                          WALLET_STORE_RAW_KEY))
        goto out;
    if (bench_measure(opts, op_list, &b, &list_only) != 0)
        goto out;
    size_t m_typ, m_all, m_two;
    b.query = q_typical;
    if (op_match(&b) || bench_measure(opts, op_match, &b, &match_typ))
        goto out;
    m_typ = b.last_matches;
    b.query = q_all_types;
    if (op_match(&b) || bench_measure(opts, op_match, &b, &match_all))
        goto out;
    m_all = b.last_matches;
    b.query = q_two_queries;
    if (op_match(&b) || bench_measure(opts, op_match, &b, &match_two))
        goto out;
    m_two = b.last_matches;
    /* A presentation right after unlocking: open + match, cold page cache.
     * A store file is open in one handle at a time, so ours closes first. */
    wallet_store_free(b.store);
    b.store = NULL;
    b.query = q_typical;
    if (bench_measure(opts, op_open_match, &b, &open_match))
        goto out;
    /* The matches must be exactly the right ones (see bench_store_jwt). */
    size_t want_typ = 0, want_all = 0;
    for (int i = 0; i < N_CREDS; i++) {
        want_typ += i % N_TYPES == 3 && i % 7 != 0; /* type-3 lives in Hai Phong */
        want_all += i % 7 != 0 && i % 4 == 0;
    }
    if (m_typ != want_typ || m_all != want_all || m_two != 3000) {
        fprintf(stderr, "store: wrong match counts %zu/%zu, %zu/%zu, %zu/3000\n", m_typ, want_typ,
                m_all, want_all, m_two);
        goto out;
    }

    /* Adds, one transaction (and fsync) each, into a PIN store of the
     * default cost; next to the verification alone. */
    b.pool = calloc(ADD_POOL, sizeof(char *));
    if (!b.pool)
        goto out;
    for (int i = 0; i < ADD_POOL; i++)
        if (!(b.pool[i] = bench_store_jwt(&b, N_CREDS + i)))
            goto out;
    b.one = bench_store_jwt(&b, 7);
    if (!b.one || wallet_store_create(b.ctx, &b.add_store, b.add_path, (const uint8_t *)"482915", 6, 0))
        goto out;
    bench_opts add_opts = *opts;
    if (add_opts.seconds > 0.5)
        add_opts.seconds = 0.5; /* bounded by the pool */
    if (bench_compare(&add_opts, op_verify, &b, op_add, &b, &verifies, &adds) != 0)
        goto out;
    wallet_store_free(b.add_store);
    b.add_store = NULL;
    bench_opts pin_opts = *opts;
    pin_opts.seconds = 0.5;
    if (bench_measure(&pin_opts, op_open_pin, &b, &open_pin) != 0)
        goto out;

    printf("store (%d credentials, %lld-byte database):\n", N_CREDS, db_bytes);
    printf("  open + list           %8.2f ms   (target < 100 ms)\n", ms_per_op(&open_list));
    printf("  list (open handle)    %8.2f ms\n", ms_per_op(&list_only));
    printf("  match, one type       %8.2f ms   (%zu matches; target < 10 ms)\n", ms_per_op(&match_typ), m_typ);
    printf("  match, all types      %8.2f ms   (%zu matches)\n", ms_per_op(&match_all), m_all);
    printf("  match, two queries    %8.2f ms   (%zu matches)\n", ms_per_op(&match_two), m_two);
    printf("  open + match (cold)   %8.2f ms\n", ms_per_op(&open_match));
    printf("  add (verify + fsync)  %8.0f /s   next to verify alone %.0f /s\n", adds.median,
           verifies.median);
    printf("  bulk add (500/txn)    %8.0f /s\n", N_CREDS / t_fill);
    printf("  open with PIN         %8.1f ms   (scrypt N=2^%d)\n", ms_per_op(&open_pin),
           WALLET_STORE_SCRYPT_DEFAULT);

    bench_md_printf(
        md,
        "Method. A store with %d credentials — ES256 JWTs of %d types, ~10 claims each "
        "(nested address, an array), %lld-byte encrypted database (SQLCipher, 4 KiB pages) — "
        "opened with a keystore key (`WALLET_STORE_RAW_KEY`) so that *open* measures the store, "
        "not the PIN's deliberate scrypt cost (reported last). Wall-clock, single-threaded, "
        "median of %d rounds of ≥ %.1f s each (min–max in brackets).\n\n",
        N_CREDS, N_TYPES, db_bytes, opts->repeats, opts->seconds);
    bench_md_printf(md, "| operation | time | target |\n|---|---:|---|\n");
    bench_md_printf(md, "| open + list all %d (metadata JSON) | %.2f ms [%.2f–%.2f] | < 100 ms: **%s** |\n",
                    N_CREDS, ms_per_op(&open_list), 1000.0 / open_list.max, 1000.0 / open_list.min,
                    ms_per_op(&open_list) < 100 ? "met" : "missed");
    bench_md_printf(md, "| list all %d, store already open | %.2f ms | |\n", N_CREDS,
                    ms_per_op(&list_only));
    bench_md_printf(md,
                    "| match: one type (1,000 candidates), 3 claim paths, two with value constraints → "
                    "%zu matches | %.3f ms [%.3f–%.3f] | < 10 ms: **%s** |\n",
                    m_typ, ms_per_op(&match_typ), 1000.0 / match_typ.max, 1000.0 / match_typ.min,
                    ms_per_op(&match_typ) < 10 ? "met" : "missed");
    bench_md_printf(md,
                    "| match: any type (all %d candidates), 2 paths with values, one through an "
                    "array (`null`) → %zu matches | %.3f ms | < 10 ms: **%s** |\n",
                    N_CREDS, m_all, ms_per_op(&match_all),
                    ms_per_op(&match_all) < 10 ? "met" : "missed");
    bench_md_printf(md, "| match: two credential queries (3 types) → %zu matches | %.3f ms | |\n",
                    m_two, ms_per_op(&match_two));
    bench_md_printf(md, "| open + first match (one type; cold page cache: pages decrypted as read) | %.2f ms | |\n",
                    ms_per_op(&open_match));
    bench_md_printf(md, "| open with a PIN (scrypt N=2^%d, r=8, p=1: 64 MiB) | %.0f ms | chosen cost |\n\n",
                    WALLET_STORE_SCRYPT_DEFAULT, ms_per_op(&open_pin));
    bench_md_printf(md, "| adds | per second | per add |\n|---|---:|---:|\n");
    bench_md_printf(md, "| `wallet_verify` alone (the floor's signature part, same token) | %.0f | %.3f ms |\n",
                    verifies.median, 1000.0 / verifies.median);
    bench_md_printf(md, "| `wallet_store_add`: verify + index + one transaction with a full fsync | %.0f | %.3f ms |\n",
                    adds.median, 1000.0 / adds.median);
    bench_md_printf(md, "| `wallet_store_add_batch(SEPARATE)`, 500 per transaction (the set-up) | %.0f | %.3f ms |\n\n",
                    N_CREDS / t_fill, t_fill * 1000.0 / N_CREDS);
    bench_md_printf(md,
                    "A single add is bound by the durable commit (`synchronous=FULL`: the WAL is "
                    "fsynced before the call returns, so an add that returned survives a crash), "
                    "not by the signature check: the ratio add/verify is %.3f. Batched adds share "
                    "one fsync. Signing the %d set-up tokens took %.1f s (not part of any figure).\n",
                    adds.median / verifies.median, N_CREDS, t_sign);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "store: benchmark failed: %s\n", wallet_ctx_errmsg(b.ctx));
    wallet_store_free(b.store);
    wallet_store_free(b.add_store);
    if (b.pool)
        for (int i = 0; i < ADD_POOL; i++)
            wallet_free(b.pool[i]);
    free(b.pool);
    wallet_free(b.one);
    wallet_trust_free(b.trust);
    wallet_key_free(b.issuer);
    wallet_ctx_free(b.ctx);
    bench_store_rmdir(b.dir);
    return rc;
}
