/*
 * The signing / verification set-up a key keeps from its second use on
 * (src/crypto/sign.c, wl_op_get): results must be exactly those of a fresh
 * set-up — before and after the set-up is kept, for every algorithm, for a
 * key used with two algorithms in turn, and for one key shared by threads.
 */
#include <pthread.h>

#include "testutil.h"

static const uint8_t msg[] = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2NpdHkuZXhhbXBsZSJ9";

/* Sign with `alg`, then check the signature verifies and that a changed
 * signature and a changed message do not — n times over (the first run
 * uses fresh set-ups, later runs the kept ones). */
static void sign_verify_rounds(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg, int n)
{
    for (int i = 0; i < n; i++) {
        uint8_t *sig = NULL;
        size_t len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &len, key, alg, msg, sizeof(msg) - 1));
        wallet_algset allowed = WALLET_ALGSET(alg);
        tu_assert_ok(ctx, wallet_verify_signature(ctx, key, alg, allowed, msg, sizeof(msg) - 1,
                                                  sig, len));
        sig[len / 2] ^= 0x01;
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, key, alg, allowed, msg, sizeof(msg) - 1, sig,
                                              len),
                      WALLET_ERR_SIGNATURE);
        sig[len / 2] ^= 0x01;
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, key, alg, allowed, msg, sizeof(msg) - 2, sig,
                                              len),
                      WALLET_ERR_SIGNATURE);
        wallet_free(sig);
    }
}

/* The RSA key pair of RFC 7515 Appendix A.2 (libwallet does not generate
 * RSA keys). */
static wallet_key *rsa_key(wallet_ctx *ctx)
{
    size_t len = 0;
    uint8_t *jwk = tu_vector("jose-cose/rfc7515-rfc7517-rfc7638-latchset/rfc7515_A.2.jwk", &len);
    wallet_key *key = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &key, (const char *)jwk, len));
    free(jwk);
    return key;
}

static void test_every_algorithm_before_and_after_caching(void **state)
{
    (void)state;
    static const wallet_alg algs[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K, WALLET_ALG_PS256,
                                      WALLET_ALG_RS256};
    wallet_ctx *ctx = tu_ctx_at(0);
    for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
        wallet_key *key = NULL;
        if (algs[i] == WALLET_ALG_PS256 || algs[i] == WALLET_ALG_RS256)
            key = rsa_key(ctx);
        else
            tu_assert_ok(ctx, wallet_key_generate(ctx, &key, algs[i]));
        sign_verify_rounds(ctx, key, algs[i], 4);
        wallet_key_free(key);
    }
    wallet_ctx_free(ctx);
}

/* A public key alone (what verifiers hold): the kept verification set-up
 * comes from the public key, signatures by the private key still verify. */
static void test_public_key_verifies_repeatedly(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_key *key = NULL, *pub = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &key, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, key));
    for (int i = 0; i < 5; i++) {
        uint8_t *sig = NULL;
        size_t len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &len, key, WALLET_ALG_ES256, msg, sizeof(msg) - 1));
        tu_assert_ok(ctx, wallet_verify_signature(ctx, pub, WALLET_ALG_ES256,
                                                  WALLET_ALGSET(WALLET_ALG_ES256), msg,
                                                  sizeof(msg) - 1, sig, len));
        wallet_free(sig);
    }
    wallet_key_free(pub);
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

/* An RSA key signs and verifies with RS256 and PS256 in turn: the set-up
 * kept for the first algorithm is never used for the other (a PKCS#1 v1.5
 * context would produce or accept the wrong padding). */
static void test_rsa_two_algorithms_in_turn(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_key *key = rsa_key(ctx);
    wallet_algset both = WALLET_ALGSET(WALLET_ALG_RS256) | WALLET_ALGSET(WALLET_ALG_PS256);
    for (int i = 0; i < 6; i++) {
        wallet_alg a = (i % 2) ? WALLET_ALG_PS256 : WALLET_ALG_RS256;
        wallet_alg other = (i % 2) ? WALLET_ALG_RS256 : WALLET_ALG_PS256;
        uint8_t *sig = NULL;
        size_t len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &len, key, a, msg, sizeof(msg) - 1));
        tu_assert_ok(ctx,
                     wallet_verify_signature(ctx, key, a, both, msg, sizeof(msg) - 1, sig, len));
        /* The same bytes under the other padding do not verify. */
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, key, other, both, msg, sizeof(msg) - 1, sig,
                                              len),
                      WALLET_ERR_SIGNATURE);
        wallet_free(sig);
    }
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

/* One key, four threads signing and verifying at once (each with its own
 * context, as the API requires): every result right. Under `make sanitize`
 * this also runs with ASan/UBSan. */
typedef struct shared_key_job {
    const wallet_key *key;
    int rounds;
    int failures;
} shared_key_job;

static void *shared_key_worker(void *arg)
{
    shared_key_job *job = arg;
    wallet_ctx *ctx = NULL;
    if (wallet_ctx_new(&ctx) != WALLET_OK) {
        job->failures = job->rounds;
        return NULL;
    }
    for (int i = 0; i < job->rounds; i++) {
        uint8_t *sig = NULL;
        size_t len = 0;
        int ok = wallet_sign(ctx, &sig, &len, job->key, WALLET_ALG_ES256, msg, sizeof(msg) - 1) ==
                     WALLET_OK &&
                 wallet_verify_signature(ctx, job->key, WALLET_ALG_ES256,
                                         WALLET_ALGSET(WALLET_ALG_ES256), msg, sizeof(msg) - 1,
                                         sig, len) == WALLET_OK;
        if (ok) {
            sig[3] ^= 0x80;
            ok = wallet_verify_signature(ctx, job->key, WALLET_ALG_ES256,
                                         WALLET_ALGSET(WALLET_ALG_ES256), msg, sizeof(msg) - 1,
                                         sig, len) == WALLET_ERR_SIGNATURE;
        }
        wallet_free(sig);
        job->failures += !ok;
    }
    wallet_ctx_free(ctx);
    return NULL;
}

static void test_shared_key_across_threads(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(0);
    wallet_key *key = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &key, WALLET_ALG_ES256));
    pthread_t th[4];
    shared_key_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (shared_key_job){key, 150, 0};
        assert_int_equal(pthread_create(&th[i], NULL, shared_key_worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].failures, 0);
    }
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_algorithm_before_and_after_caching),
        cmocka_unit_test(test_public_key_verifies_repeatedly),
        cmocka_unit_test(test_rsa_two_algorithms_in_turn),
        cmocka_unit_test(test_shared_key_across_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
