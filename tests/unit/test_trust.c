/*
 * Trust sets: keys, JWK Sets, certificates with automatic roles, and
 * loading a trust directory.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "trust/trust_int.h"

#define NOW 1700000000
#define DAY 86400

/* RFC 7517 Appendix A.1 RSA public key (2048 bits). */
static const char rsa_jwk[] =
    "{\"kty\":\"RSA\",\"kid\":\"2011-04-29\",\"e\":\"AQAB\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXE"
    "ps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5"
    "JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdA"
    "ZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIq"
    "bw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\"}";
static const char oct_jwk[] = "{\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}";

/* ---- helpers ---------------------------------------------------------------------- */

static wallet_key *gen(wallet_ctx *ctx, wallet_alg alg, const char *kid)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, alg));
    if (kid)
        tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, kid));
    return k;
}

static char *pub_jwk(wallet_ctx *ctx, const wallet_key *k)
{
    char *s = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &s, k, WALLET_EXPORT_PUBLIC));
    return s;
}

static wallet_trust *trust_new(wallet_ctx *ctx)
{
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    assert_non_null(t);
    assert_int_equal(wallet_trust_key_count(t), 0);
    return t;
}

typedef struct certs {
    wallet_key *root_k, *int_k, *leaf_k;
    wallet_cert *root, *inter, *leaf;
} certs;

static wallet_cert *issue(wallet_ctx *ctx, wallet_cert_profile profile, const char *dn,
                          const wallet_key *subject, const wallet_key *issuer,
                          const wallet_cert *issuer_cert)
{
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, profile));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, dn));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, NOW - DAY, NOW + 365 * DAY));
    wallet_cert *c = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, subject, issuer, issuer_cert));
    wallet_cert_builder_free(b);
    return c;
}

static void certs_init(wallet_ctx *ctx, certs *c)
{
    c->root_k = gen(ctx, WALLET_ALG_ES256, NULL);
    c->int_k = gen(ctx, WALLET_ALG_ES256, NULL);
    c->leaf_k = gen(ctx, WALLET_ALG_ES256, NULL);
    c->root = issue(ctx, WALLET_CERT_PROFILE_CA, "CN=Root,C=VN", c->root_k, c->root_k, NULL);
    c->inter = issue(ctx, WALLET_CERT_PROFILE_CA, "CN=Issuing CA,C=VN", c->int_k, c->root_k, c->root);
    c->leaf = issue(ctx, WALLET_CERT_PROFILE_LEAF, "CN=Signer,C=VN", c->leaf_k, c->int_k, c->inter);
}

static void certs_free(certs *c)
{
    wallet_cert_free(c->root);
    wallet_cert_free(c->inter);
    wallet_cert_free(c->leaf);
    wallet_key_free(c->root_k);
    wallet_key_free(c->int_k);
    wallet_key_free(c->leaf_k);
}

static char *pem_of(wallet_ctx *ctx, const wallet_cert *c)
{
    char *s = NULL;
    tu_assert_ok(ctx, wallet_cert_to_pem(ctx, &s, c));
    return s;
}

/* A fresh temporary directory. */
static char *make_dir(void)
{
    char tmpl[] = "/tmp/wallet-trust-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    char *copy = malloc(strlen(d) + 1);
    assert_non_null(copy);
    memcpy(copy, d, strlen(d) + 1);
    return copy;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        assert_int_equal(unlink(path), 0);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
    free(dir);
}

typedef struct log_seen {
    int warnings;
    char last[512];
} log_seen;

static void test_log_cb(void *user, wallet_log_level level, const char *message)
{
    log_seen *s = user;
    if (level == WALLET_LOG_WARN)
        s->warnings++;
    snprintf(s->last, sizeof(s->last), "%s", message);
}

/* ---- positive ----------------------------------------------------------------------- */

static void test_add_key_keeps_public_half(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "k1");
    tu_assert_ok(ctx, wallet_trust_add_key(ctx, t, k));
    wallet_key_free(k); /* the trust set keeps its own reference */
    assert_int_equal(wallet_trust_key_count(t), 1);
    size_t n = 0;
    const wallet_key *const *keys = wl_trust_keys(t, &n);
    assert_int_equal(n, 1);
    assert_int_equal(wallet_key_can_sign(keys[0]), 0);
    assert_string_equal(wallet_key_kid(keys[0]), "k1");
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 0);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 0);
    wallet_trust_free(t);
    wallet_trust_free(NULL);
    wallet_ctx_free(ctx);
}

static void test_add_jwks_single_jwk(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA, "ed-1");
    char *jwk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &jwk, k, WALLET_EXPORT_PRIVATE));
    tu_assert_ok(ctx, wallet_trust_add_jwks(ctx, t, jwk, strlen(jwk)));
    assert_int_equal(wallet_trust_key_count(t), 1);
    size_t n = 0;
    const wallet_key *const *keys = wl_trust_keys(t, &n);
    assert_int_equal(wallet_key_equal_public(keys[0], k), 1);
    assert_int_equal(wallet_key_can_sign(keys[0]), 0); /* private members dropped */
    assert_string_equal(wallet_key_kid(keys[0]), "ed-1");
    wallet_free(jwk);
    wallet_key_free(k);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_jwks_set_skips_oct_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    log_seen seen = {0};
    wallet_ctx_set_log(ctx, test_log_cb, &seen, WALLET_LOG_DEBUG);
    wallet_trust *t = trust_new(ctx);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256, "a");
    wallet_key *b = gen(ctx, WALLET_ALG_ES256K, "b");
    char *ja = pub_jwk(ctx, a), *jb = pub_jwk(ctx, b);
    size_t n = strlen(ja) + strlen(jb) + sizeof(oct_jwk) + sizeof(rsa_jwk) + 32;
    char *set = malloc(n);
    assert_non_null(set);
    snprintf(set, n, "{\"keys\":[%s,%s,%s,%s]}", ja, oct_jwk, rsa_jwk, jb);
    tu_assert_ok(ctx, wallet_trust_add_jwks(ctx, t, set, strlen(set)));
    assert_string_equal(wallet_ctx_errmsg(ctx), ""); /* the skip is not an error */
    assert_int_equal(wallet_trust_key_count(t), 3);
    assert_int_equal(seen.warnings, 1);
    assert_non_null(strstr(seen.last, "key 1"));
    size_t count = 0;
    const wallet_key *const *keys = wl_trust_keys(t, &count);
    assert_int_equal(wallet_key_equal_public(keys[0], a), 1);
    assert_int_equal(wallet_key_kty(keys[1]), WALLET_KTY_RSA);
    assert_string_equal(wallet_key_kid(keys[1]), "2011-04-29");
    assert_int_equal(wallet_key_equal_public(keys[2], b), 1);
    free(set);
    wallet_free(ja);
    wallet_free(jb);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_pem_automatic_roles(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    certs c;
    certs_init(ctx, &c);
    wallet_trust *t = trust_new(ctx);
    char *p_root = pem_of(ctx, c.root);
    char *p_leaf = pem_of(ctx, c.leaf);
    char *p_int = pem_of(ctx, c.inter);
    tu_assert_ok(ctx, wallet_trust_add_pem(ctx, t, p_root, strlen(p_root), 0));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 1);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 0);
    tu_assert_ok(ctx, wallet_trust_add_pem(ctx, t, p_leaf, strlen(p_leaf), 0));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 1);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 1);
    /* A CA that is not self-signed is not a trust anchor by itself. */
    tu_assert_ok(ctx, wallet_trust_add_pem(ctx, t, p_int, strlen(p_int), 0));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 1);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 2);
    size_t n = 0;
    const wallet_cert *const *roots = wl_trust_roots(t, &n);
    size_t a_len, b_len;
    const uint8_t *a = wallet_cert_der(roots[0], &a_len);
    const uint8_t *b = wallet_cert_der(c.root, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_int_equal(wallet_trust_key_count(t), 0);
    wallet_free(p_root);
    wallet_free(p_leaf);
    wallet_free(p_int);
    wallet_trust_free(t);
    certs_free(&c);
    wallet_ctx_free(ctx);
}

static void test_add_pem_bundle_and_explicit_role(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    certs c;
    certs_init(ctx, &c);
    char *p_root = pem_of(ctx, c.root);
    char *p_leaf = pem_of(ctx, c.leaf);
    size_t n = strlen(p_root) + strlen(p_leaf) + 1;
    char *bundle = malloc(n);
    assert_non_null(bundle);
    snprintf(bundle, n, "%s%s", p_leaf, p_root);
    wallet_trust *t = trust_new(ctx);
    tu_assert_ok(ctx, wallet_trust_add_pem(ctx, t, bundle, strlen(bundle), 0));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 1);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 1);
    /* An explicit role overrides the automatic one. */
    tu_assert_ok(ctx, wallet_trust_add_pem(ctx, t, p_leaf, strlen(p_leaf), WALLET_TRUST_ROOT));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 2);
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, c.root, WALLET_TRUST_SIGNER));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 2);
    assert_int_equal(wallet_trust_cert_count(t, (wallet_trust_role)0), 0);
    free(bundle);
    wallet_free(p_root);
    wallet_free(p_leaf);
    wallet_trust_free(t);
    certs_free(&c);
    wallet_ctx_free(ctx);
}

static void test_load_dir(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    certs c;
    certs_init(ctx, &c);
    wallet_key *k1 = gen(ctx, WALLET_ALG_ES384, "single");
    wallet_key *k2 = gen(ctx, WALLET_ALG_EDDSA, "in-set");
    char *j1 = pub_jwk(ctx, k1), *j2 = pub_jwk(ctx, k2);
    size_t n = strlen(j2) + sizeof(oct_jwk) + 32;
    char *set = malloc(n);
    assert_non_null(set);
    snprintf(set, n, "{\"keys\":[%s,%s]}", oct_jwk, j2);
    char *p_root = pem_of(ctx, c.root), *p_leaf = pem_of(ctx, c.leaf);

    char *dir = make_dir();
    write_file(dir, "issuer.jwk", j1);
    write_file(dir, "issuers.json", set);
    write_file(dir, "root.pem", p_root);
    write_file(dir, "signer.crt", p_leaf);
    write_file(dir, "README.txt", "not trust material {");
    write_file(dir, "notes.jwk.bak", "{");
    write_file(dir, ".hidden.jwk", "{ broken");
    wallet_trust *t = trust_new(ctx);
    tu_assert_ok(ctx, wallet_trust_load_dir(ctx, t, dir));
    assert_int_equal(wallet_trust_key_count(t), 2);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 1);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 1);
    /* Files are read in name order: issuer.jwk before issuers.json. */
    size_t count = 0;
    const wallet_key *const *keys = wl_trust_keys(t, &count);
    assert_string_equal(wallet_key_kid(keys[0]), "single");
    assert_string_equal(wallet_key_kid(keys[1]), "in-set");
    assert_int_equal(wallet_key_equal_public(keys[0], k1), 1);
    /* An empty directory loads nothing and is fine. */
    char *empty = make_dir();
    wallet_trust *t2 = trust_new(ctx);
    tu_assert_ok(ctx, wallet_trust_load_dir(ctx, t2, empty));
    assert_int_equal(wallet_trust_key_count(t2), 0);
    wallet_trust_free(t2);
    remove_dir(empty);

    remove_dir(dir);
    wallet_trust_free(t);
    free(set);
    wallet_free(j1);
    wallet_free(j2);
    wallet_free(p_root);
    wallet_free(p_leaf);
    wallet_key_free(k1);
    wallet_key_free(k2);
    certs_free(&c);
    wallet_ctx_free(ctx);
}

/* ---- negative ---------------------------------------------------------------------- */

static void test_add_jwks_no_usable_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    char set[256];
    snprintf(set, sizeof(set), "{\"keys\":[%s,{\"kty\":\"EC\",\"crv\":\"P-999\"}]}", oct_jwk);
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, set, strlen(set)), WALLET_ERR_JWK);
    assert_int_equal(wallet_trust_key_count(t), 0);
    static const char empty[] = "{\"keys\":[]}";
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, empty, strlen(empty)), WALLET_ERR_JWK);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_jwks_keys_not_an_array(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    static const char set[] = "{\"keys\":{\"kty\":\"OKP\"}}";
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, set, strlen(set)), WALLET_ERR_JWK);
    assert_int_equal(wallet_trust_key_count(t), 0);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_jwks_single_oct_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, oct_jwk, strlen(oct_jwk)), WALLET_ERR_JWK);
    assert_int_equal(wallet_trust_key_count(t), 0);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_jwks_not_json(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    static const char bad[] = "{\"keys\":[";
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, bad, strlen(bad)), WALLET_ERR_JSON);
    static const char arr[] = "[]";
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, arr, strlen(arr)), WALLET_ERR_JSON_TYPE);
    static const char dup[] = "{\"keys\":[],\"keys\":[]}";
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, dup, strlen(dup)), WALLET_ERR_JSON_DUPLICATE);
    assert_int_equal(wallet_trust_key_count(t), 0);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_pem_without_certificates(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    char *pem = NULL;
    tu_assert_ok(ctx, wallet_key_to_pem(ctx, &pem, k, WALLET_EXPORT_PUBLIC));
    tu_assert_err(ctx, wallet_trust_add_pem(ctx, t, pem, strlen(pem), 0), WALLET_ERR_PEM);
    tu_assert_err(ctx, wallet_trust_add_pem(ctx, t, "", 0, 0), WALLET_ERR_PEM);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 0);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_SIGNER), 0);
    wallet_free(pem);
    wallet_key_free(k);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_add_unknown_role(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    certs c;
    certs_init(ctx, &c);
    wallet_trust *t = trust_new(ctx);
    char *p = pem_of(ctx, c.root);
    tu_assert_err(ctx, wallet_trust_add_pem(ctx, t, p, strlen(p), (wallet_trust_role)7),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_trust_add_cert(ctx, t, c.root, (wallet_trust_role)0),
                  WALLET_ERR_INVALID_ARG);
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 0);
    wallet_free(p);
    wallet_trust_free(t);
    certs_free(&c);
    wallet_ctx_free(ctx);
}

static void test_null_arguments(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    tu_assert_err(ctx, wallet_trust_add_key(ctx, t, NULL), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, NULL, 0), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_trust_add_cert(ctx, t, NULL, WALLET_TRUST_ROOT), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, NULL), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_trust_new(ctx, NULL), WALLET_ERR_INVALID_ARG);
    assert_int_equal(wallet_trust_key_count(NULL), 0);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_load_dir_missing(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    char *dir = make_dir();
    char missing[600];
    snprintf(missing, sizeof(missing), "%s/does-not-exist", dir);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, missing), WALLET_ERR_IO);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "does-not-exist"));
    remove_dir(dir);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_load_dir_on_a_file(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_new(ctx);
    char *dir = make_dir();
    write_file(dir, "plain.jwk", "{}");
    char path[600];
    snprintf(path, sizeof(path), "%s/plain.jwk", dir);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, path), WALLET_ERR_IO);
    remove_dir(dir);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_load_dir_bad_jwk_file_stops_load(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256, "a");
    wallet_key *c = gen(ctx, WALLET_ALG_ES256, "c");
    char *ja = pub_jwk(ctx, a), *jc = pub_jwk(ctx, c);
    char *dir = make_dir();
    write_file(dir, "a.jwk", ja);
    write_file(dir, "b-symmetric.jwk", oct_jwk);
    write_file(dir, "c.jwk", jc);
    wallet_trust *t = trust_new(ctx);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, dir), WALLET_ERR_JWK);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "b-symmetric.jwk"));
    /* a.jwk came before the bad file; c.jwk was never read. */
    assert_int_equal(wallet_trust_key_count(t), 1);
    remove_dir(dir);
    wallet_trust_free(t);
    wallet_free(ja);
    wallet_free(jc);
    wallet_key_free(a);
    wallet_key_free(c);
    wallet_ctx_free(ctx);
}

static void test_load_dir_bad_json_file(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    char *dir = make_dir();
    write_file(dir, "issuers.json", "{\"keys\": [");
    wallet_trust *t = trust_new(ctx);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, dir), WALLET_ERR_JSON);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "issuers.json"));
    remove_dir(dir);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_load_dir_bad_pem_file(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    char *dir = make_dir();
    write_file(dir, "roots.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    wallet_trust *t = trust_new(ctx);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, dir), WALLET_ERR_PEM);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "roots.pem"));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 0);
    remove_dir(dir);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_load_dir_file_over_input_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    char *j = pub_jwk(ctx, k);
    char *dir = make_dir();
    write_file(dir, "big.jwk", j);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 16);
    wallet_trust *t = trust_new(ctx);
    tu_assert_err(ctx, wallet_trust_load_dir(ctx, t, dir), WALLET_ERR_TOO_LARGE);
    assert_non_null(strstr(wallet_ctx_errmsg(ctx), "big.jwk"));
    assert_int_equal(wallet_trust_key_count(t), 0);
    remove_dir(dir);
    wallet_trust_free(t);
    wallet_free(j);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_add_key_keeps_public_half),
        cmocka_unit_test(test_add_jwks_single_jwk),
        cmocka_unit_test(test_add_jwks_set_skips_oct_key),
        cmocka_unit_test(test_add_pem_automatic_roles),
        cmocka_unit_test(test_add_pem_bundle_and_explicit_role),
        cmocka_unit_test(test_load_dir),
        /* negative */
        cmocka_unit_test(test_add_jwks_no_usable_key),
        cmocka_unit_test(test_add_jwks_keys_not_an_array),
        cmocka_unit_test(test_add_jwks_single_oct_key),
        cmocka_unit_test(test_add_jwks_not_json),
        cmocka_unit_test(test_add_pem_without_certificates),
        cmocka_unit_test(test_add_unknown_role),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_load_dir_missing),
        cmocka_unit_test(test_load_dir_on_a_file),
        cmocka_unit_test(test_load_dir_bad_jwk_file_stops_load),
        cmocka_unit_test(test_load_dir_bad_json_file),
        cmocka_unit_test(test_load_dir_bad_pem_file),
        cmocka_unit_test(test_load_dir_file_over_input_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
