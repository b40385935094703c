/*
 * X.509: certificates made with wallet_cert_builder_* (CA, intermediate,
 * leaf, and the ISO/IEC 18013-5 IACA / document-signer profiles), their
 * accessors, PEM/DER, and chain verification at the context's time.
 */
#include "testutil.h"

#define NOW 1700000000
#define DAY 86400

#define MDOC_DS_EKU "1.0.18013.5.1.2"

typedef struct pki {
    wallet_ctx *ctx;
    wallet_key *root_k, *int_k, *leaf_k;
    wallet_cert *root, *inter, *leaf;
} pki;

static wallet_key *gen(wallet_ctx *ctx, wallet_alg alg)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, alg));
    return k;
}

static wallet_cert *issue(wallet_ctx *ctx, wallet_cert_profile profile, const char *dn,
                          int64_t nb, int64_t na, const wallet_key *subject,
                          const wallet_key *issuer, const wallet_cert *issuer_cert)
{
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, profile));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, dn));
    if (na)
        tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, nb, na));
    wallet_cert *c = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, subject, issuer, issuer_cert));
    assert_non_null(c);
    wallet_cert_builder_free(b);
    return c;
}

/* Root (10 years) → intermediate (5 years) → leaf (30 days, SAN DNS). */
static void pki_init(pki *p)
{
    memset(p, 0, sizeof(*p));
    p->ctx = tu_ctx_at(NOW);
    p->root_k = gen(p->ctx, WALLET_ALG_ES384);
    p->int_k = gen(p->ctx, WALLET_ALG_ES256);
    p->leaf_k = gen(p->ctx, WALLET_ALG_EDDSA);
    p->root = issue(p->ctx, WALLET_CERT_PROFILE_CA, "CN=Test Root,O=City,C=VN", NOW - 365 * DAY,
                    NOW + 3650 * DAY, p->root_k, p->root_k, NULL);
    p->inter = issue(p->ctx, WALLET_CERT_PROFILE_CA, "CN=Test Issuing CA,O=City,C=VN",
                     NOW - 30 * DAY, NOW + 1825 * DAY, p->int_k, p->root_k, p->root);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(p->ctx, wallet_cert_builder_new(p->ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(p->ctx, wallet_cert_builder_set_subject(p->ctx, b, "CN=verifier.city.example,O=City,C=VN"));
    tu_assert_ok(p->ctx, wallet_cert_builder_set_validity(p->ctx, b, NOW - DAY, NOW + 30 * DAY));
    tu_assert_ok(p->ctx, wallet_cert_builder_add_san_dns(p->ctx, b, "verifier.city.example"));
    tu_assert_ok(p->ctx, wallet_cert_builder_add_san_uri(p->ctx, b, "https://city.example/rp"));
    tu_assert_ok(p->ctx, wallet_cert_builder_add_san_dns(p->ctx, b, "rp.city.example"));
    tu_assert_ok(p->ctx, wallet_cert_builder_sign(p->ctx, &p->leaf, b, p->leaf_k, p->int_k, p->inter));
    wallet_cert_builder_free(b);
}

static void pki_free(pki *p)
{
    wallet_cert_free(p->leaf);
    wallet_cert_free(p->inter);
    wallet_cert_free(p->root);
    wallet_key_free(p->leaf_k);
    wallet_key_free(p->int_k);
    wallet_key_free(p->root_k);
    wallet_ctx_free(p->ctx);
}

static wallet_err verify(pki *p, const wallet_cert *leaf, const wallet_cert *inter,
                         const wallet_cert *root)
{
    const wallet_cert *ints[1] = {inter};
    const wallet_cert *roots[1] = {root};
    return wallet_cert_verify_chain(p->ctx, leaf, inter ? ints : NULL, inter ? 1 : 0,
                                    root ? roots : NULL, root ? 1 : 0);
}

static int contains(const uint8_t *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

static void expect_der_err(wallet_ctx *ctx, const uint8_t *der, size_t n, wallet_err want)
{
    wallet_cert *c = (wallet_cert *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_from_der(ctx, &c, der, n), want);
    assert_null(c);
}

static void expect_pem_err(wallet_ctx *ctx, const char *pem, wallet_err want)
{
    wallet_cert **certs = (wallet_cert **)(uintptr_t)1;
    size_t count = 99;
    tu_assert_err(ctx, wallet_cert_from_pem(ctx, &certs, &count, pem, strlen(pem)), want);
    assert_null(certs);
    assert_int_equal(count, 0);
}

static void expect_sign_err(wallet_ctx *ctx, const wallet_cert_builder *b,
                            const wallet_key *subject, const wallet_key *issuer,
                            const wallet_cert *issuer_cert, wallet_err want)
{
    wallet_cert *c = (wallet_cert *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_builder_sign(ctx, &c, b, subject, issuer, issuer_cert), want);
    assert_null(c);
}

/* ---- positive ----------------------------------------------------------------- */

static void test_chain_names_validity_and_keys(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    char *s = NULL;
    tu_assert_ok(p.ctx, wallet_cert_subject(p.ctx, &s, p.root));
    assert_string_equal(s, "CN=Test Root,O=City,C=VN");
    wallet_free(s);
    tu_assert_ok(p.ctx, wallet_cert_issuer(p.ctx, &s, p.root));
    assert_string_equal(s, "CN=Test Root,O=City,C=VN"); /* self-signed */
    wallet_free(s);
    tu_assert_ok(p.ctx, wallet_cert_subject(p.ctx, &s, p.inter));
    assert_string_equal(s, "CN=Test Issuing CA,O=City,C=VN");
    wallet_free(s);
    tu_assert_ok(p.ctx, wallet_cert_issuer(p.ctx, &s, p.inter));
    assert_string_equal(s, "CN=Test Root,O=City,C=VN");
    wallet_free(s);
    tu_assert_ok(p.ctx, wallet_cert_subject(p.ctx, &s, p.leaf));
    assert_string_equal(s, "CN=verifier.city.example,O=City,C=VN");
    wallet_free(s);
    tu_assert_ok(p.ctx, wallet_cert_issuer(p.ctx, &s, p.leaf));
    assert_string_equal(s, "CN=Test Issuing CA,O=City,C=VN");
    wallet_free(s);

    int64_t nb = 0, na = 0;
    tu_assert_ok(p.ctx, wallet_cert_validity(p.ctx, &nb, &na, p.leaf));
    assert_int_equal(nb, NOW - DAY);
    assert_int_equal(na, NOW + 30 * DAY);
    tu_assert_ok(p.ctx, wallet_cert_validity(p.ctx, &nb, &na, p.root));
    assert_int_equal(nb, NOW - 365 * DAY);
    assert_int_equal(na, NOW + 3650 * DAY);

    /* The certified public keys are the subjects' keys. */
    const wallet_key *want[3] = {p.root_k, p.int_k, p.leaf_k};
    const wallet_cert *certs[3] = {p.root, p.inter, p.leaf};
    for (size_t i = 0; i < 3; i++) {
        wallet_key *pk = NULL;
        tu_assert_ok(p.ctx, wallet_cert_public_key(p.ctx, &pk, certs[i]));
        assert_int_equal(wallet_key_equal_public(pk, want[i]), 1);
        assert_int_equal(wallet_key_can_sign(pk), 0);
        wallet_key_free(pk);
    }
    /* The leaf's key does not match the intermediate's. */
    wallet_key *pk = NULL;
    tu_assert_ok(p.ctx, wallet_cert_public_key(p.ctx, &pk, p.leaf));
    assert_int_equal(wallet_key_equal_public(pk, p.int_k), 0);
    wallet_key_free(pk);
    pki_free(&p);
}

static void test_san_dns_accessors(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    /* The URI entry is not a dNSName. */
    assert_int_equal(wallet_cert_san_dns_count(p.leaf), 2);
    assert_string_equal(wallet_cert_san_dns(p.leaf, 0), "verifier.city.example");
    assert_string_equal(wallet_cert_san_dns(p.leaf, 1), "rp.city.example");
    assert_null(wallet_cert_san_dns(p.leaf, 2));
    assert_int_equal(wallet_cert_san_dns_count(p.root), 0);
    assert_null(wallet_cert_san_dns(p.root, 0));
    assert_int_equal(wallet_cert_san_dns_count(NULL), 0);
    pki_free(&p);
}

static void test_chain_verifies_inside_validity(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    tu_assert_ok(p.ctx, verify(&p, p.leaf, p.inter, p.root));
    assert_string_equal(wallet_ctx_errmsg(p.ctx), "");
    /* The intermediate alone chains to the root; the root to itself. */
    tu_assert_ok(p.ctx, verify(&p, p.inter, NULL, p.root));
    tu_assert_ok(p.ctx, verify(&p, p.root, NULL, p.root));
    /* At the first second of the leaf's validity, and one second before its
     * notAfter (OpenSSL treats notAfter itself as expired, though RFC 5280
     * §4.1.2.5 makes it inclusive). */
    wallet_ctx_set_time(p.ctx, NOW - DAY);
    tu_assert_ok(p.ctx, verify(&p, p.leaf, p.inter, p.root));
    wallet_ctx_set_time(p.ctx, NOW + 30 * DAY - 1);
    tu_assert_ok(p.ctx, verify(&p, p.leaf, p.inter, p.root));
    /* Several roots: the right one is found. */
    wallet_key *other_k = gen(p.ctx, WALLET_ALG_ES256);
    wallet_cert *other = issue(p.ctx, WALLET_CERT_PROFILE_CA, "CN=Other Root,C=FR", NOW - DAY,
                               NOW + 365 * DAY, other_k, other_k, NULL);
    wallet_ctx_set_time(p.ctx, NOW);
    const wallet_cert *ints[1] = {p.inter};
    const wallet_cert *roots[2] = {other, p.root};
    tu_assert_ok(p.ctx, wallet_cert_verify_chain(p.ctx, p.leaf, ints, 1, roots, 2));
    wallet_cert_free(other);
    wallet_key_free(other_k);
    pki_free(&p);
}

static void test_trusted_intermediate_as_anchor(void **state)
{
    (void)state;
    /* A trusted intermediate anchors the chain by itself (partial chain). */
    pki p;
    pki_init(&p);
    tu_assert_ok(p.ctx, verify(&p, p.leaf, NULL, p.inter));
    pki_free(&p);
}

static void test_default_validity_is_one_year_from_now(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert *c = issue(ctx, WALLET_CERT_PROFILE_CA, "CN=Default,C=VN", 0, 0, k, k, NULL);
    int64_t nb = 0, na = 0;
    tu_assert_ok(ctx, wallet_cert_validity(ctx, &nb, &na, c));
    assert_int_equal(nb, NOW);
    assert_int_equal(na, NOW + 365 * DAY);
    wallet_cert_free(c);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_mdoc_iaca_and_document_signer(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *iaca_k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *ds_k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_IACA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=City IACA,O=City Transport,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, NOW - DAY, NOW + 3650 * DAY));
    tu_assert_ok(ctx, wallet_cert_builder_set_issuer_alt_uri(ctx, b, "https://transport.city.example"));
    wallet_cert *iaca = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &iaca, b, iaca_k, iaca_k, NULL));
    wallet_cert_builder_free(b);

    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_DS));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=City DS 1,O=City Transport,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, NOW - DAY, NOW + 365 * DAY));
    wallet_cert *ds = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &ds, b, ds_k, iaca_k, iaca));
    wallet_cert_builder_free(b);

    assert_int_equal(wallet_cert_has_eku(ds, MDOC_DS_EKU), 1);
    assert_int_equal(wallet_cert_has_eku(ds, "1.3.6.1.5.5.7.3.1"), 0); /* serverAuth: absent */
    assert_int_equal(wallet_cert_has_eku(iaca, MDOC_DS_EKU), -1);     /* no EKU extension */
    /* The IACA's issuerAltName URI was copied into the document signer. */
    size_t n = 0;
    const uint8_t *der = wallet_cert_der(ds, &n);
    assert_true(contains(der, n, "https://transport.city.example"));
    der = wallet_cert_der(iaca, &n);
    assert_true(contains(der, n, "https://transport.city.example"));
    char *s = NULL;
    tu_assert_ok(ctx, wallet_cert_issuer(ctx, &s, ds));
    assert_string_equal(s, "CN=City IACA,O=City Transport,C=VN");
    wallet_free(s);
    const wallet_cert *roots[1] = {iaca};
    tu_assert_ok(ctx, wallet_cert_verify_chain(ctx, ds, NULL, 0, roots, 1));
    wallet_cert_free(ds);
    wallet_cert_free(iaca);
    wallet_key_free(ds_k);
    wallet_key_free(iaca_k);
    wallet_ctx_free(ctx);
}

static void test_document_signer_own_issuer_alt_name_wins(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *iaca_k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *ds_k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_IACA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=IACA,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_set_issuer_alt_uri(ctx, b, "https://iaca.example"));
    wallet_cert *iaca = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &iaca, b, iaca_k, iaca_k, NULL));
    wallet_cert_builder_free(b);
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_DS));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=DS,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_set_issuer_alt_uri(ctx, b, "https://ds-own.example"));
    wallet_cert *ds = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &ds, b, ds_k, iaca_k, iaca));
    wallet_cert_builder_free(b);
    size_t n = 0;
    const uint8_t *der = wallet_cert_der(ds, &n);
    assert_true(contains(der, n, "https://ds-own.example"));
    assert_false(contains(der, n, "https://iaca.example"));
    wallet_cert_free(ds);
    wallet_cert_free(iaca);
    wallet_key_free(ds_k);
    wallet_key_free(iaca_k);
    wallet_ctx_free(ctx);
}

static void test_document_signer_with_extra_eku(void **state)
{
    (void)state;
    /* Extra EKUs join the mdoc one in the single EKU extension. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *iaca_k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *ds_k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert *iaca = issue(ctx, WALLET_CERT_PROFILE_MDOC_IACA, "CN=IACA,C=VN", NOW - DAY,
                              NOW + 365 * DAY, iaca_k, iaca_k, NULL);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_DS));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=DS,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_add_eku(ctx, b, "1.2.3.4.5"));
    wallet_cert *ds = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &ds, b, ds_k, iaca_k, iaca));
    assert_int_equal(wallet_cert_has_eku(ds, MDOC_DS_EKU), 1);
    assert_int_equal(wallet_cert_has_eku(ds, "1.2.3.4.5"), 1);
    const wallet_cert *roots[1] = {iaca};
    tu_assert_ok(ctx, wallet_cert_verify_chain(ctx, ds, NULL, 0, roots, 1));
    wallet_cert_free(ds);
    wallet_cert_builder_free(b);
    wallet_cert_free(iaca);
    wallet_key_free(ds_k);
    wallet_key_free(iaca_k);
    wallet_ctx_free(ctx);
}

static void test_custom_eku_on_leaf(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=Leaf"));
    tu_assert_ok(ctx, wallet_cert_builder_add_eku(ctx, b, "1.3.6.1.5.5.7.3.2"));
    tu_assert_ok(ctx, wallet_cert_builder_add_eku(ctx, b, "1.2.3.4.5"));
    wallet_cert *c = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, k, k, NULL));
    assert_int_equal(wallet_cert_has_eku(c, "1.3.6.1.5.5.7.3.2"), 1);
    assert_int_equal(wallet_cert_has_eku(c, "1.2.3.4.5"), 1);
    assert_int_equal(wallet_cert_has_eku(c, MDOC_DS_EKU), 0);
    wallet_cert_free(c);
    wallet_cert_builder_free(b);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_pem_and_der_round_trip(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    char *pem_leaf = NULL, *pem_inter = NULL;
    tu_assert_ok(p.ctx, wallet_cert_to_pem(p.ctx, &pem_leaf, p.leaf));
    tu_assert_ok(p.ctx, wallet_cert_to_pem(p.ctx, &pem_inter, p.inter));
    assert_int_equal(strncmp(pem_leaf, "-----BEGIN CERTIFICATE-----", 27), 0);
    size_t n1 = strlen(pem_leaf), n2 = strlen(pem_inter);
    char *both = malloc(n1 + n2 + 32);
    assert_non_null(both);
    snprintf(both, n1 + n2 + 32, "comment line\n%s%s", pem_leaf, pem_inter);
    wallet_cert **certs = NULL;
    size_t count = 0;
    tu_assert_ok(p.ctx, wallet_cert_from_pem(p.ctx, &certs, &count, both, strlen(both)));
    assert_int_equal(count, 2);
    size_t a_len, b_len;
    const uint8_t *a = wallet_cert_der(certs[0], &a_len);
    const uint8_t *b = wallet_cert_der(p.leaf, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    a = wallet_cert_der(certs[1], &a_len);
    b = wallet_cert_der(p.inter, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    /* SHA-256 over the DER is the same for the copy, different for others. */
    uint8_t h1[32], h2[32], h3[32];
    tu_assert_ok(p.ctx, wallet_cert_sha256(p.ctx, h1, certs[0]));
    tu_assert_ok(p.ctx, wallet_cert_sha256(p.ctx, h2, p.leaf));
    tu_assert_ok(p.ctx, wallet_cert_sha256(p.ctx, h3, p.inter));
    assert_memory_equal(h1, h2, 32);
    assert_memory_not_equal(h1, h3, 32);
    /* DER round trip. */
    wallet_cert *d = NULL;
    b = wallet_cert_der(p.root, &b_len);
    tu_assert_ok(p.ctx, wallet_cert_from_der(p.ctx, &d, b, b_len));
    a = wallet_cert_der(d, &a_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    /* A certificate read back still verifies in the chain. */
    tu_assert_ok(p.ctx, verify(&p, certs[0], certs[1], d));
    wallet_cert_free(d);
    wallet_cert_array_free(certs, count);
    free(both);
    wallet_free(pem_leaf);
    wallet_free(pem_inter);
    pki_free(&p);
}

/* ---- negative: chains ---------------------------------------------------------------- */

static void test_chain_after_not_after(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    wallet_ctx_set_time(p.ctx, NOW + 30 * DAY + 1);
    tu_assert_err(p.ctx, verify(&p, p.leaf, p.inter, p.root), WALLET_ERR_CERT_EXPIRED);
    pki_free(&p);
}

static void test_chain_before_not_before(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    wallet_ctx_set_time(p.ctx, NOW - DAY - 1);
    tu_assert_err(p.ctx, verify(&p, p.leaf, p.inter, p.root), WALLET_ERR_CERT_EXPIRED);
    pki_free(&p);
}

static void test_chain_intermediate_expired(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    /* A leaf valid long after its expired intermediate. */
    wallet_key *k = gen(p.ctx, WALLET_ALG_ES256);
    wallet_cert *old_int = issue(p.ctx, WALLET_CERT_PROFILE_CA, "CN=Old CA,C=VN", NOW - 100 * DAY,
                                 NOW - 10 * DAY, p.int_k, p.root_k, p.root);
    wallet_cert *leaf = issue(p.ctx, WALLET_CERT_PROFILE_LEAF, "CN=Late leaf,C=VN", NOW - DAY,
                              NOW + DAY, k, p.int_k, old_int);
    tu_assert_err(p.ctx, verify(&p, leaf, old_int, p.root), WALLET_ERR_CERT_EXPIRED);
    wallet_cert_free(leaf);
    wallet_cert_free(old_int);
    wallet_key_free(k);
    pki_free(&p);
}

static void test_chain_untrusted_root(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    wallet_key *k = gen(p.ctx, WALLET_ALG_ES256);
    wallet_cert *other = issue(p.ctx, WALLET_CERT_PROFILE_CA, "CN=Test Root,O=City,C=VN",
                               NOW - DAY, NOW + 365 * DAY, k, k, NULL); /* same name, other key */
    tu_assert_err(p.ctx, verify(&p, p.leaf, p.inter, other), WALLET_ERR_CERT_CHAIN);
    wallet_cert_free(other);
    wallet_key_free(k);
    pki_free(&p);
}

static void test_chain_missing_intermediate(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    tu_assert_err(p.ctx, verify(&p, p.leaf, NULL, p.root), WALLET_ERR_CERT_CHAIN);
    pki_free(&p);
}

static void test_chain_no_roots(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    tu_assert_err(p.ctx, verify(&p, p.leaf, p.inter, NULL), WALLET_ERR_CERT_CHAIN);
    pki_free(&p);
}

static void test_chain_leaf_profile_used_as_issuer(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    wallet_key *k = gen(p.ctx, WALLET_ALG_ES256);
    /* An "intermediate" made with the LEAF profile: no cA, no keyCertSign. */
    wallet_cert *fake_int = issue(p.ctx, WALLET_CERT_PROFILE_LEAF, "CN=Not a CA,C=VN", NOW - DAY,
                                  NOW + 365 * DAY, p.int_k, p.root_k, p.root);
    wallet_cert *leaf = issue(p.ctx, WALLET_CERT_PROFILE_LEAF, "CN=Victim,C=VN", NOW - DAY,
                              NOW + DAY, k, p.int_k, fake_int);
    tu_assert_err(p.ctx, verify(&p, leaf, fake_int, p.root), WALLET_ERR_CERT_CHAIN);
    wallet_cert_free(leaf);
    wallet_cert_free(fake_int);
    wallet_key_free(k);
    pki_free(&p);
}

static void test_chain_leaf_signed_by_leaf_of_iaca(void **state)
{
    (void)state;
    /* IACA has pathLen 0: a CA under it may not issue further. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *iaca_k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *sub_k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *leaf_k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert *iaca = issue(ctx, WALLET_CERT_PROFILE_MDOC_IACA, "CN=IACA,C=VN", NOW - DAY,
                              NOW + 365 * DAY, iaca_k, iaca_k, NULL);
    wallet_cert *sub = issue(ctx, WALLET_CERT_PROFILE_CA, "CN=Sub CA,C=VN", NOW - DAY,
                             NOW + 365 * DAY, sub_k, iaca_k, iaca);
    wallet_cert *leaf = issue(ctx, WALLET_CERT_PROFILE_LEAF, "CN=Leaf,C=VN", NOW - DAY, NOW + DAY,
                              leaf_k, sub_k, sub);
    const wallet_cert *ints[1] = {sub};
    const wallet_cert *roots[1] = {iaca};
    tu_assert_err(ctx, wallet_cert_verify_chain(ctx, leaf, ints, 1, roots, 1), WALLET_ERR_CERT_CHAIN);
    wallet_cert_free(leaf);
    wallet_cert_free(sub);
    wallet_cert_free(iaca);
    wallet_key_free(leaf_k);
    wallet_key_free(sub_k);
    wallet_key_free(iaca_k);
    wallet_ctx_free(ctx);
}

static void test_chain_tampered_signature(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    size_t n = 0;
    const uint8_t *der = wallet_cert_der(p.leaf, &n);
    uint8_t *bad = malloc(n);
    assert_non_null(bad);
    memcpy(bad, der, n);
    bad[n - 1] ^= 0x01; /* last byte of the Ed25519 signature */
    wallet_cert *c = NULL;
    tu_assert_ok(p.ctx, wallet_cert_from_der(p.ctx, &c, bad, n));
    tu_assert_err(p.ctx, verify(&p, c, p.inter, p.root), WALLET_ERR_CERT_CHAIN);
    wallet_cert_free(c);
    free(bad);
    pki_free(&p);
}

static void test_chain_longer_than_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    int64_t limit = wallet_ctx_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH, -1);
    assert_int_equal(limit, 8);
    enum { N_INT = 9 };
    wallet_key *keys[N_INT + 2];
    wallet_cert *certs[N_INT + 2];
    for (size_t i = 0; i < N_INT + 2; i++)
        keys[i] = gen(ctx, WALLET_ALG_ES256);
    /* certs[0] root, certs[1..N_INT] intermediates, certs[N_INT+1] leaf. */
    certs[0] = issue(ctx, WALLET_CERT_PROFILE_CA, "CN=Root,C=VN", NOW - DAY, NOW + 365 * DAY,
                     keys[0], keys[0], NULL);
    for (size_t i = 1; i <= N_INT; i++) {
        char dn[32];
        snprintf(dn, sizeof(dn), "CN=CA %zu,C=VN", i);
        certs[i] = issue(ctx, WALLET_CERT_PROFILE_CA, dn, NOW - DAY, NOW + 365 * DAY, keys[i],
                         keys[i - 1], certs[i - 1]);
    }
    certs[N_INT + 1] = issue(ctx, WALLET_CERT_PROFILE_LEAF, "CN=Leaf,C=VN", NOW - DAY, NOW + DAY,
                             keys[N_INT + 1], keys[N_INT], certs[N_INT]);
    const wallet_cert *ints[N_INT];
    for (size_t i = 0; i < N_INT; i++)
        ints[i] = certs[N_INT - i]; /* leaf's issuer first */
    const wallet_cert *roots[1] = {certs[0]};
    tu_assert_err(ctx, wallet_cert_verify_chain(ctx, certs[N_INT + 1], ints, N_INT, roots, 1),
                  WALLET_ERR_TOO_LARGE);
    /* A lower limit refuses a shorter chain too; a short chain passes. */
    wallet_ctx_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH, 3);
    tu_assert_err(ctx, wallet_cert_verify_chain(ctx, certs[4], ints + N_INT - 3, 3, roots, 1),
                  WALLET_ERR_TOO_LARGE);
    tu_assert_ok(ctx, wallet_cert_verify_chain(ctx, certs[1], NULL, 0, roots, 1));
    for (size_t i = 0; i < N_INT + 2; i++) {
        wallet_cert_free(certs[i]);
        wallet_key_free(keys[i]);
    }
    wallet_ctx_free(ctx);
}

/* ---- negative: builder ----------------------------------------------------------------- */

static void test_iaca_subject_without_country(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_IACA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=IACA,O=City"));
    expect_sign_err(ctx, b, k, k, NULL, WALLET_ERR_INVALID_ARG);
    wallet_cert_builder_free(b);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_document_signer_without_issuer_cert(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_MDOC_DS));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=DS,C=VN"));
    expect_sign_err(ctx, b, k, k, NULL, WALLET_ERR_INVALID_ARG);
    wallet_cert_builder_free(b);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_self_signed_with_other_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256);
    wallet_key *b_k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=Root,C=VN"));
    expect_sign_err(ctx, b, a, b_k, NULL, WALLET_ERR_INVALID_ARG);
    wallet_cert_builder_free(b);
    wallet_key_free(a);
    wallet_key_free(b_k);
    wallet_ctx_free(ctx);
}

static void test_issuer_key_not_matching_issuer_cert(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(p.ctx, wallet_cert_builder_new(p.ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(p.ctx, wallet_cert_builder_set_subject(p.ctx, b, "CN=X"));
    expect_sign_err(p.ctx, b, p.leaf_k, p.int_k, p.root, WALLET_ERR_INVALID_ARG);
    wallet_cert_builder_free(b);
    pki_free(&p);
}

static void test_issuer_key_public_only(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=Root,C=VN"));
    expect_sign_err(ctx, b, pub, pub, NULL, WALLET_ERR_KEY_NOT_PRIVATE);
    wallet_cert_builder_free(b);
    wallet_key_free(pub);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_builder_without_subject(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA));
    expect_sign_err(ctx, b, k, k, NULL, WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_set_subject(ctx, b, ""), WALLET_ERR_INVALID_ARG);
    wallet_cert_builder_free(b);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_builder_malformed_subject(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const char *const bad[] = {"CN", "CN=Root,=VN", "CN=Root,C=", "XYZ=1,CN=Root"};
    for (size_t i = 0; i < 4; i++) {
        wallet_cert_builder *b = NULL;
        tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA));
        tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, bad[i]));
        expect_sign_err(ctx, b, k, k, NULL, WALLET_ERR_INVALID_ARG);
        wallet_cert_builder_free(b);
    }
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_builder_bad_arguments(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_cert_builder *b = (wallet_cert_builder *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_builder_new(ctx, &b, (wallet_cert_profile)9),
                  WALLET_ERR_INVALID_ARG);
    assert_null(b);
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_err(ctx, wallet_cert_builder_set_validity(ctx, b, NOW, NOW), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_set_validity(ctx, b, NOW, NOW - 1),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_add_san_dns(ctx, b, "a.example,DNS:evil.example"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_add_san_dns(ctx, b, "tab\there"), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_add_san_uri(ctx, b, ""), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_set_issuer_alt_uri(ctx, b, "https://a,b"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_add_eku(ctx, b, "not an oid"), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cert_builder_add_eku(ctx, b, NULL), WALLET_ERR_INVALID_ARG);
    wallet_cert_builder_free(b);
    wallet_ctx_free(ctx);
}

/* ---- negative: parsing ------------------------------------------------------------------ */

static void test_der_malformed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    static const uint8_t garbage[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    expect_der_err(ctx, garbage, sizeof(garbage), WALLET_ERR_DER);
    static const uint8_t text[] = "-----BEGIN CERTIFICATE-----";
    expect_der_err(ctx, text, sizeof(text) - 1, WALLET_ERR_DER);
    wallet_ctx_free(ctx);
}

static void test_der_truncated(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    size_t n = 0;
    const uint8_t *der = wallet_cert_der(p.root, &n);
    expect_der_err(p.ctx, der, n - 1, WALLET_ERR_DER);
    expect_der_err(p.ctx, der, n / 2, WALLET_ERR_DER);
    pki_free(&p);
}

static void test_der_trailing_bytes(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    size_t n = 0;
    const uint8_t *der = wallet_cert_der(p.root, &n);
    uint8_t *longer = malloc(n + 2);
    assert_non_null(longer);
    memcpy(longer, der, n);
    longer[n] = 0x00;
    longer[n + 1] = 0x00;
    expect_der_err(p.ctx, longer, n + 2, WALLET_ERR_TRAILING_DATA);
    free(longer);
    pki_free(&p);
}

static void test_der_over_input_limit(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    size_t n = 0;
    const uint8_t *der = wallet_cert_der(p.root, &n);
    wallet_ctx_limit(p.ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)n - 1);
    expect_der_err(p.ctx, der, n, WALLET_ERR_TOO_LARGE);
    pki_free(&p);
}

static void test_pem_without_certificates(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_pem_err(ctx, "", WALLET_ERR_PEM);
    expect_pem_err(ctx, "just some text\n", WALLET_ERR_PEM);
    /* A key is not a certificate. */
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *pem = NULL;
    tu_assert_ok(ctx, wallet_key_to_pem(ctx, &pem, k, WALLET_EXPORT_PUBLIC));
    expect_pem_err(ctx, pem, WALLET_ERR_PEM);
    wallet_free(pem);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_pem_corrupt_certificate_block(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_pem_err(ctx,
                   "-----BEGIN CERTIFICATE-----\nMIIBAAAAAAAAAAAAAAAA\n-----END CERTIFICATE-----\n",
                   WALLET_ERR_PEM);
    wallet_ctx_free(ctx);
}

static void test_pem_good_then_corrupt_block(void **state)
{
    (void)state;
    pki p;
    pki_init(&p);
    char *pem = NULL;
    tu_assert_ok(p.ctx, wallet_cert_to_pem(p.ctx, &pem, p.root));
    static const char bad[] = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
    size_t n = strlen(pem) + sizeof(bad);
    char *both = malloc(n);
    assert_non_null(both);
    snprintf(both, n, "%s%s", pem, bad);
    expect_pem_err(p.ctx, both, WALLET_ERR_PEM);
    free(both);
    wallet_free(pem);
    pki_free(&p);
}

static void test_accessors_null_arguments(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    char *s = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_subject(ctx, &s, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    s = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_issuer(ctx, &s, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    s = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_to_pem(ctx, &s, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    int64_t nb = 5, na = 5;
    tu_assert_err(ctx, wallet_cert_validity(ctx, &nb, &na, NULL), WALLET_ERR_INVALID_ARG);
    assert_int_equal(nb, 0);
    assert_int_equal(na, 0);
    wallet_key *k = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cert_public_key(ctx, &k, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(k);
    assert_int_equal(wallet_cert_has_eku(NULL, MDOC_DS_EKU), 0);
    size_t len = 7;
    assert_null(wallet_cert_der(NULL, &len));
    assert_int_equal(len, 0);
    tu_assert_err(ctx, wallet_cert_verify_chain(ctx, NULL, NULL, 0, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    wallet_cert_free(NULL);
    wallet_cert_array_free(NULL, 0);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_chain_names_validity_and_keys),
        cmocka_unit_test(test_san_dns_accessors),
        cmocka_unit_test(test_chain_verifies_inside_validity),
        cmocka_unit_test(test_trusted_intermediate_as_anchor),
        cmocka_unit_test(test_default_validity_is_one_year_from_now),
        cmocka_unit_test(test_mdoc_iaca_and_document_signer),
        cmocka_unit_test(test_document_signer_own_issuer_alt_name_wins),
        cmocka_unit_test(test_document_signer_with_extra_eku),
        cmocka_unit_test(test_custom_eku_on_leaf),
        cmocka_unit_test(test_pem_and_der_round_trip),
        /* negative */
        cmocka_unit_test(test_chain_after_not_after),
        cmocka_unit_test(test_chain_before_not_before),
        cmocka_unit_test(test_chain_intermediate_expired),
        cmocka_unit_test(test_chain_untrusted_root),
        cmocka_unit_test(test_chain_missing_intermediate),
        cmocka_unit_test(test_chain_no_roots),
        cmocka_unit_test(test_chain_leaf_profile_used_as_issuer),
        cmocka_unit_test(test_chain_leaf_signed_by_leaf_of_iaca),
        cmocka_unit_test(test_chain_tampered_signature),
        cmocka_unit_test(test_chain_longer_than_limit),
        cmocka_unit_test(test_iaca_subject_without_country),
        cmocka_unit_test(test_document_signer_without_issuer_cert),
        cmocka_unit_test(test_self_signed_with_other_key),
        cmocka_unit_test(test_issuer_key_not_matching_issuer_cert),
        cmocka_unit_test(test_issuer_key_public_only),
        cmocka_unit_test(test_builder_without_subject),
        cmocka_unit_test(test_builder_malformed_subject),
        cmocka_unit_test(test_builder_bad_arguments),
        cmocka_unit_test(test_der_malformed),
        cmocka_unit_test(test_der_truncated),
        cmocka_unit_test(test_der_trailing_bytes),
        cmocka_unit_test(test_der_over_input_limit),
        cmocka_unit_test(test_pem_without_certificates),
        cmocka_unit_test(test_pem_corrupt_certificate_block),
        cmocka_unit_test(test_pem_good_then_corrupt_block),
        cmocka_unit_test(test_accessors_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
