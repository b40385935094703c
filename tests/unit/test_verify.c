/*
 * wallet_verify(): format detection (JWS, COSE_Sign1 as CBOR / hex /
 * base64url / QR PNG), finding the signer in a trust set (kid, trying keys,
 * x5c / x5chain to a trusted root, directly trusted signer certificates),
 * JWT/CWT validity with clock skew, policy, and the result object.
 */
#include <cjson/cJSON.h>

#include "core/cbor.h"
#include "testutil.h"

#define NOW 1700000000
#define DAY 86400
#define SKEW 60 /* WALLET_LIMIT_CLOCK_SKEW default */

/* An 8x8 white 8-bit grayscale PNG (made once with Python's zlib): an image
 * without any QR code. */
static const char blank_png_hex[] =
    "89504e470d0a1a0a0000000d4948445200000008000000080800000000e164e157000000"
    "0e4944415478da63f80f050c943100f7c03fc1af5c0fcd0000000049454e44ae426082";

/* ---- helpers ------------------------------------------------------------------------ */

static wallet_key *gen(wallet_ctx *ctx, wallet_alg alg, const char *kid)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, alg));
    if (kid)
        tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, kid));
    return k;
}

static wallet_trust *trust_with(wallet_ctx *ctx, const wallet_key *const *keys, size_t n)
{
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    for (size_t i = 0; i < n; i++)
        tu_assert_ok(ctx, wallet_trust_add_key(ctx, t, keys[i]));
    return t;
}

static char *jwt(wallet_ctx *ctx, const wallet_key *k, const char *extra_header,
                 const char *claims)
{
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, extra_header,
                                              (const uint8_t *)claims, strlen(claims)));
    return tok;
}

/* Verify text input; returns the result (never NULL). */
static wallet_result *run(wallet_ctx *ctx, const wallet_trust *t, const wallet_policy *p,
                          const void *in, size_t n, wallet_err want)
{
    wallet_result *r = NULL;
    tu_assert_err(ctx, wallet_verify(ctx, &r, t, p, in, n), want);
    assert_non_null(r);
    assert_int_equal(wallet_result_error(r), want);
    assert_int_equal(wallet_result_valid(r), want == WALLET_OK);
    if (want != WALLET_OK) {
        /* No "partially valid": nothing but format, error and detail. */
        assert_null(wallet_result_claims_json(r));
        assert_null(wallet_result_issuer(r));
        assert_null(wallet_result_type(r));
        assert_null(wallet_result_holder_key(r));
        assert_int_equal(wallet_result_valid_from(r), 0);
        assert_int_equal(wallet_result_valid_until(r), 0);
        assert_int_equal(wallet_result_issued_at(r), 0);
        assert_true(strlen(wallet_result_detail(r)) > 0);
    } else {
        assert_string_equal(wallet_result_detail(r), "");
    }
    return r;
}

static void expect_fail(wallet_ctx *ctx, const wallet_trust *t, const wallet_policy *p,
                        const void *in, size_t n, wallet_err want, const char *format)
{
    wallet_result *r = run(ctx, t, p, in, n, want);
    if (format)
        assert_string_equal(wallet_result_format(r), format);
    else
        assert_null(wallet_result_format(r));
    wallet_result_free(r);
}

static cJSON *result_json(wallet_ctx *ctx, const wallet_result *r)
{
    char *s = NULL;
    tu_assert_ok(ctx, wallet_result_to_json(ctx, &s, r));
    cJSON *j = cJSON_Parse(s);
    assert_non_null(j);
    wallet_free(s);
    return j;
}

/* Standard base64 with padding (RFC 4648 §4), for "x5c". */
static char *std_b64(const uint8_t *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((n + 2) / 3 * 4 + 1);
    assert_non_null(out);
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? tab[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

/* {1: iss, 4: exp, 6: iat} (+ 5: nbf when nbf != 0), CBOR. */
static uint8_t *cwt_claims(const char *iss, int64_t exp, int64_t nbf, int64_t iat, size_t *len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, nbf ? 5 : 4);
    wl_cbor_put_int(&b, 1);
    wl_cbor_put_cstr(&b, iss);
    wl_cbor_put_int(&b, 4);
    wl_cbor_put_int(&b, exp);
    if (nbf) {
        wl_cbor_put_int(&b, 5);
        wl_cbor_put_int(&b, nbf);
    }
    wl_cbor_put_int(&b, 6);
    wl_cbor_put_int(&b, iat);
    wl_cbor_put_cstr(&b, "name");
    wl_cbor_put_cstr(&b, "Nguyen Van A");
    assert_false(b.failed);
    return wl_buf_take(&b, len);
}

static uint8_t *cose_cwt(wallet_ctx *ctx, const wallet_key *k, const char *kid, int64_t exp,
                         int64_t nbf, unsigned flags, size_t *len)
{
    size_t cl = 0;
    uint8_t *claims = cwt_claims("https://health.city.example", exp, nbf, NOW - DAY, &cl);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    if (kid)
        tu_assert_ok(ctx, wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_PROTECTED,
                                                        WALLET_COSE_HDR_KID, (const uint8_t *)kid,
                                                        strlen(kid)));
    uint8_t *out = NULL;
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &out, len, k, WALLET_ALG_NONE, h, claims, cl,
                                             NULL, 0, flags));
    wallet_cose_headers_free(h);
    wallet_free(claims);
    return out;
}

typedef struct pki {
    wallet_key *root_k, *int_k, *leaf_k;
    wallet_cert *root, *inter, *leaf;
} pki;

static wallet_cert *issue(wallet_ctx *ctx, wallet_cert_profile profile, const char *dn,
                          const wallet_key *subject, const wallet_key *issuer,
                          const wallet_cert *issuer_cert)
{
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, profile));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, dn));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, NOW - 30 * DAY, NOW + 365 * DAY));
    wallet_cert *c = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, subject, issuer, issuer_cert));
    wallet_cert_builder_free(b);
    return c;
}

static void pki_init(wallet_ctx *ctx, pki *p, const char *root_dn)
{
    p->root_k = gen(ctx, WALLET_ALG_ES384, NULL);
    p->int_k = gen(ctx, WALLET_ALG_ES256, NULL);
    p->leaf_k = gen(ctx, WALLET_ALG_ES256, NULL);
    p->root = issue(ctx, WALLET_CERT_PROFILE_CA, root_dn, p->root_k, p->root_k, NULL);
    p->inter = issue(ctx, WALLET_CERT_PROFILE_CA, "CN=Issuing CA,O=City,C=VN", p->int_k,
                     p->root_k, p->root);
    p->leaf = issue(ctx, WALLET_CERT_PROFILE_LEAF, "CN=Health Department,O=City,C=VN",
                    p->leaf_k, p->int_k, p->inter);
}

static void pki_free(pki *p)
{
    wallet_cert_free(p->root);
    wallet_cert_free(p->inter);
    wallet_cert_free(p->leaf);
    wallet_key_free(p->root_k);
    wallet_key_free(p->int_k);
    wallet_key_free(p->leaf_k);
}

/* {"x5c":["<leaf>","<intermediate>"]} */
static char *x5c_header(const pki *p)
{
    size_t l1, l2;
    const uint8_t *d1 = wallet_cert_der(p->leaf, &l1);
    const uint8_t *d2 = wallet_cert_der(p->inter, &l2);
    char *b1 = std_b64(d1, l1), *b2 = std_b64(d2, l2);
    size_t n = strlen(b1) + strlen(b2) + 32;
    char *h = malloc(n);
    assert_non_null(h);
    snprintf(h, n, "{\"x5c\":[\"%s\",\"%s\"]}", b1, b2);
    free(b1);
    free(b2);
    return h;
}

static const char claims_ok[] =
    "{\"iss\":\"https://issuer.city.example\",\"sub\":\"citizen-42\",\"iat\":1699990000,"
    "\"nbf\":1699990000,\"exp\":1700090000}";

/* ---- positive: JWS ------------------------------------------------------------------- */

static void test_jws_by_kid(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k1 = gen(ctx, WALLET_ALG_ES256, "k1");
    wallet_key *k2 = gen(ctx, WALLET_ALG_ES256, "k2");
    const wallet_key *keys[2] = {k1, k2};
    wallet_trust *t = trust_with(ctx, keys, 2);
    char *tok = jwt(ctx, k2, "{\"typ\":\"JWT\"}", claims_ok);
    wallet_result *r = run(ctx, t, NULL, tok, strlen(tok), WALLET_OK);
    assert_string_equal(wallet_result_format(r), "jws");
    assert_string_equal(wallet_result_issuer(r), "https://issuer.city.example");
    assert_string_equal(wallet_result_type(r), "JWT");
    assert_int_equal(wallet_result_issued_at(r), 1699990000);
    assert_int_equal(wallet_result_valid_from(r), 1699990000);
    assert_int_equal(wallet_result_valid_until(r), 1700090000);
    assert_null(wallet_result_status_uri(r));
    assert_int_equal(wallet_result_status_index(r), -1);
    cJSON *claims = cJSON_Parse(wallet_result_claims_json(r));
    assert_non_null(claims);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(claims, "sub")->valuestring, "citizen-42");
    cJSON_Delete(claims);

    /* The whole result as JSON. */
    cJSON *j = result_json(ctx, r);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "valid")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "format")->valuestring, "jws");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "issuer")->valuestring,
                        "https://issuer.city.example");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "type")->valuestring, "JWT");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "claims");
    assert_true(cJSON_IsObject(c));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "sub")->valuestring, "citizen-42");
    assert_int_equal((int64_t)cJSON_GetObjectItemCaseSensitive(j, "exp")->valuedouble, 1700090000);
    assert_int_equal((int64_t)cJSON_GetObjectItemCaseSensitive(j, "nbf")->valuedouble, 1699990000);
    assert_int_equal((int64_t)cJSON_GetObjectItemCaseSensitive(j, "iat")->valuedouble, 1699990000);
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "error"));
    cJSON_Delete(j);
    wallet_result_free(r);
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k1);
    wallet_key_free(k2);
    wallet_ctx_free(ctx);
}

static void test_jws_by_trying_keys(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_key *b = gen(ctx, WALLET_ALG_EDDSA, NULL);
    wallet_key *c = gen(ctx, WALLET_ALG_ES256, NULL);
    const wallet_key *keys[3] = {a, b, c};
    wallet_trust *t = trust_with(ctx, keys, 3);
    for (size_t i = 0; i < 3; i++) {
        char *tok = jwt(ctx, keys[i], NULL, claims_ok);
        assert_null(strstr(tok, "kid"));
        wallet_result *r = run(ctx, t, NULL, tok, strlen(tok), WALLET_OK);
        assert_string_equal(wallet_result_issuer(r), "https://issuer.city.example");
        wallet_result_free(r);
        wallet_free(tok);
    }
    wallet_trust_free(t);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_key_free(c);
    wallet_ctx_free(ctx);
}

static void test_jws_json_serialization(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES384, "json-key");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    const wallet_key *keys[1] = {k};
    char *text = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_json(ctx, &text, keys, 1, (const uint8_t *)claims_ok,
                                           strlen(claims_ok)));
    wallet_result *r = run(ctx, t, NULL, text, strlen(text), WALLET_OK);
    assert_string_equal(wallet_result_format(r), "jws");
    assert_string_equal(wallet_result_issuer(r), "https://issuer.city.example");
    wallet_result_free(r);
    wallet_free(text);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jws_by_x5c_chain(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki p;
    pki_init(ctx, &p, "CN=City Root,O=City,C=VN");
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, p.root, WALLET_TRUST_ROOT));
    char *hdr = x5c_header(&p);
    /* No "iss": the issuer is the signer certificate's subject. */
    static const char claims[] = "{\"sub\":\"citizen-42\",\"exp\":1700090000}";
    char *tok = jwt(ctx, p.leaf_k, hdr, claims);
    wallet_result *r = run(ctx, t, NULL, tok, strlen(tok), WALLET_OK);
    assert_string_equal(wallet_result_issuer(r), "CN=Health Department,O=City,C=VN");
    assert_int_equal(wallet_result_valid_until(r), 1700090000);
    wallet_result_free(r);
    wallet_free(tok);
    free(hdr);
    wallet_trust_free(t);
    pki_free(&p);
    wallet_ctx_free(ctx);
}

static void test_jws_directly_trusted_signer_cert(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki p;
    pki_init(ctx, &p, "CN=City Root,O=City,C=VN");
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, p.leaf, WALLET_TRUST_SIGNER));
    char *tok = jwt(ctx, p.leaf_k, NULL, "{\"sub\":\"x\"}");
    wallet_result *r = run(ctx, t, NULL, tok, strlen(tok), WALLET_OK);
    assert_string_equal(wallet_result_issuer(r), "CN=Health Department,O=City,C=VN");
    wallet_result_free(r);
    wallet_free(tok);
    wallet_trust_free(t);
    pki_free(&p);
    wallet_ctx_free(ctx);
}

static void test_jws_non_json_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char *tok = jwt(ctx, k, NULL, "plain text, not claims");
    wallet_result *r = run(ctx, t, NULL, tok, strlen(tok), WALLET_OK);
    assert_null(wallet_result_claims_json(r));
    assert_null(wallet_result_issuer(r));
    assert_int_equal(wallet_result_valid_until(r), 0);
    wallet_result_free(r);
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jwt_skew_respected_at_boundary(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char claims[128];
    /* exp exactly skew seconds ago: still accepted. */
    snprintf(claims, sizeof(claims), "{\"exp\":%d}", NOW - SKEW);
    char *tok = jwt(ctx, k, NULL, claims);
    wallet_result_free(run(ctx, t, NULL, tok, strlen(tok), WALLET_OK));
    wallet_free(tok);
    /* nbf exactly skew seconds ahead: accepted. */
    snprintf(claims, sizeof(claims), "{\"nbf\":%d}", NOW + SKEW);
    tok = jwt(ctx, k, NULL, claims);
    wallet_result_free(run(ctx, t, NULL, tok, strlen(tok), WALLET_OK));
    /* With the skew set to 0, the same token is not yet valid. */
    wallet_ctx_limit(ctx, WALLET_LIMIT_CLOCK_SKEW, 0);
    wallet_result_free(run(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_NOT_YET_VALID));
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- positive: COSE_Sign1 ------------------------------------------------------------- */

static void check_cwt_result(wallet_ctx *ctx, wallet_result *r)
{
    assert_string_equal(wallet_result_format(r), "cose_sign1");
    assert_string_equal(wallet_result_issuer(r), "https://health.city.example");
    assert_int_equal(wallet_result_valid_until(r), NOW + DAY);
    assert_int_equal(wallet_result_issued_at(r), NOW - DAY);
    cJSON *c = cJSON_Parse(wallet_result_claims_json(r));
    assert_non_null(c);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "iss")->valuestring,
                        "https://health.city.example");
    assert_int_equal((int64_t)cJSON_GetObjectItemCaseSensitive(c, "exp")->valuedouble, NOW + DAY);
    assert_int_equal((int64_t)cJSON_GetObjectItemCaseSensitive(c, "iat")->valuedouble, NOW - DAY);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring, "Nguyen Van A");
    cJSON_Delete(c);
    cJSON *j = result_json(ctx, r);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "valid")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "format")->valuestring, "cose_sign1");
    assert_true(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "claims")));
    cJSON_Delete(j);
}

static void test_cose_cwt_raw_hex_and_base64url(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *other = gen(ctx, WALLET_ALG_ES256, "other");
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "cose-kid");
    const wallet_key *keys[2] = {other, k};
    wallet_trust *t = trust_with(ctx, keys, 2);
    for (unsigned tagged = 0; tagged <= 1; tagged++) {
        size_t n = 0;
        uint8_t *cose = cose_cwt(ctx, k, "cose-kid", NOW + DAY, 0,
                                 tagged ? WALLET_COSE_TAGGED : 0, &n);
        wallet_result *r = run(ctx, t, NULL, cose, n, WALLET_OK);
        check_cwt_result(ctx, r);
        wallet_result_free(r);

        char *hex = NULL;
        tu_assert_ok(ctx, wallet_hex_encode(ctx, &hex, NULL, cose, n));
        r = run(ctx, t, NULL, hex, strlen(hex), WALLET_OK);
        check_cwt_result(ctx, r);
        wallet_result_free(r);
        /* Surrounding whitespace (a file with a newline) is fine. */
        size_t hl = strlen(hex);
        char *padded = malloc(hl + 4);
        assert_non_null(padded);
        snprintf(padded, hl + 4, " %s\n", hex);
        r = run(ctx, t, NULL, padded, strlen(padded), WALLET_OK);
        wallet_result_free(r);
        free(padded);
        wallet_free(hex);

        char *b64 = NULL;
        tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b64, NULL, cose, n));
        r = run(ctx, t, NULL, b64, strlen(b64), WALLET_OK);
        check_cwt_result(ctx, r);
        wallet_result_free(r);
        wallet_free(b64);
        wallet_free(cose);
    }
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_key_free(other);
    wallet_ctx_free(ctx);
}

static void test_cose_cwt_by_trying_keys(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_EDDSA, NULL);
    wallet_key *b = gen(ctx, WALLET_ALG_ES256K, NULL);
    const wallet_key *keys[2] = {a, b};
    wallet_trust *t = trust_with(ctx, keys, 2);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, b, NULL, NOW + DAY, 0, 0, &n);
    wallet_result *r = run(ctx, t, NULL, cose, n, WALLET_OK);
    check_cwt_result(ctx, r);
    wallet_result_free(r);
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_ctx_free(ctx);
}

static void test_cose_by_x5chain(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki p;
    pki_init(ctx, &p, "CN=City Root,O=City,C=VN");
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, p.root, WALLET_TRUST_ROOT));
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    size_t l1, l2;
    const uint8_t *d1 = wallet_cert_der(p.leaf, &l1);
    const uint8_t *d2 = wallet_cert_der(p.inter, &l2);
    tu_assert_ok(ctx, wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_UNPROTECTED, d1, l1));
    tu_assert_ok(ctx, wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_UNPROTECTED, d2, l2));
    static const uint8_t payload[] = "opaque payload, not a CWT";
    uint8_t *cose = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &cose, &n, p.leaf_k, WALLET_ALG_NONE, h, payload,
                                             sizeof(payload) - 1, NULL, 0, WALLET_COSE_TAGGED));
    wallet_result *r = run(ctx, t, NULL, cose, n, WALLET_OK);
    assert_string_equal(wallet_result_issuer(r), "CN=Health Department,O=City,C=VN");
    assert_null(wallet_result_claims_json(r)); /* not a CWT */
    wallet_result_free(r);
    wallet_free(cose);
    wallet_cose_headers_free(h);
    wallet_trust_free(t);
    pki_free(&p);
    wallet_ctx_free(ctx);
}

static void test_cose_inside_qr_png(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "qr");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, k, "qr", NOW + DAY, 0, WALLET_COSE_TAGGED, &n);
    char *b64 = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b64, NULL, cose, n));
    uint8_t *png = NULL;
    size_t png_len = 0;
    tu_assert_ok(ctx, wallet_qr_encode_png(ctx, &png, &png_len, (const uint8_t *)b64, strlen(b64),
                                           WALLET_QR_ECC_M, 4));
    wallet_result *r = run(ctx, t, NULL, png, png_len, WALLET_OK);
    check_cwt_result(ctx, r);
    wallet_result_free(r);
    wallet_free(png);
    wallet_free(b64);
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_policy_allowing_the_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    wallet_policy *p = NULL;
    tu_assert_ok(ctx, wallet_policy_new(ctx, &p));
    tu_assert_ok(ctx, wallet_policy_set_algs(ctx, p, WALLET_ALGSET(WALLET_ALG_EDDSA)));
    char *tok = jwt(ctx, k, NULL, claims_ok);
    wallet_result_free(run(ctx, t, p, tok, strlen(tok), WALLET_OK));
    wallet_free(tok);
    wallet_policy_free(p);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative --------------------------------------------------------------------------- */

static void test_jwt_expired(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "k");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char claims[160];
    snprintf(claims, sizeof(claims), "{\"iss\":\"https://issuer.city.example\",\"exp\":%d}",
             NOW - SKEW - 1);
    char *tok = jwt(ctx, k, NULL, claims);
    wallet_result *r = run(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_EXPIRED);
    assert_string_equal(wallet_result_format(r), "jws");
    cJSON *j = result_json(ctx, r);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "valid")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "format")->valuestring, "jws");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "error")->valuestring,
                        wallet_err_str(WALLET_ERR_EXPIRED));
    assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(j, "error_code")->valuedouble,
                     WALLET_ERR_EXPIRED);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "detail")->valuestring,
                        wallet_result_detail(r));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "claims"));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "issuer"));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "exp"));
    cJSON_Delete(j);
    wallet_result_free(r);
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jwt_not_yet_valid(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char claims[64];
    snprintf(claims, sizeof(claims), "{\"nbf\":%d}", NOW + SKEW + 1);
    char *tok = jwt(ctx, k, NULL, claims);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_NOT_YET_VALID, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jwt_exp_not_a_number(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char *tok = jwt(ctx, k, NULL, "{\"exp\":\"tomorrow\"}");
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_JSON_TYPE, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cwt_expired(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "c");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, k, "c", NOW - SKEW - 1, 0, 0, &n);
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_EXPIRED, "cose_sign1");
    wallet_free(cose);
    /* At the boundary it still passes. */
    cose = cose_cwt(ctx, k, "c", NOW - SKEW, 0, 0, &n);
    wallet_result_free(run(ctx, t, NULL, cose, n, WALLET_OK));
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cwt_not_yet_valid(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "c");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, k, "c", NOW + 10 * DAY, NOW + DAY, 0, &n);
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_NOT_YET_VALID, "cose_sign1");
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jws_untrusted_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *trusted = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_key *attacker = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&trusted, 1);
    char *tok = jwt(ctx, attacker, NULL, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_SIGNATURE, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(trusted);
    wallet_key_free(attacker);
    wallet_ctx_free(ctx);
}

static void test_jws_unknown_kid(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *trusted = gen(ctx, WALLET_ALG_ES256, "issuer-1");
    wallet_key *attacker = gen(ctx, WALLET_ALG_ES256, "issuer-2");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&trusted, 1);
    char *tok = jwt(ctx, attacker, NULL, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_KEY_NOT_FOUND, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(trusted);
    wallet_key_free(attacker);
    wallet_ctx_free(ctx);
}

static void test_jws_known_kid_wrong_key(void **state)
{
    (void)state;
    /* The attacker reuses the trusted key's kid. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *trusted = gen(ctx, WALLET_ALG_ES256, "issuer-1");
    wallet_key *attacker = gen(ctx, WALLET_ALG_ES256, "issuer-1");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&trusted, 1);
    char *tok = jwt(ctx, attacker, NULL, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_SIGNATURE, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(trusted);
    wallet_key_free(attacker);
    wallet_ctx_free(ctx);
}

static void test_jws_no_key_fits_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *trusted = gen(ctx, WALLET_ALG_EDDSA, NULL);
    wallet_key *signer = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&trusted, 1);
    char *tok = jwt(ctx, signer, NULL, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_KEY_NOT_FOUND, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(trusted);
    wallet_key_free(signer);
    wallet_ctx_free(ctx);
}

static void test_jws_empty_trust(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *signer = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, NULL, 0);
    char *tok = jwt(ctx, signer, NULL, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_KEY_NOT_FOUND, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(signer);
    wallet_ctx_free(ctx);
}

static void test_jws_x5c_untrusted_root(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki good, evil;
    pki_init(ctx, &good, "CN=City Root,O=City,C=VN");
    pki_init(ctx, &evil, "CN=City Root,O=City,C=VN"); /* same names, other keys */
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, good.root, WALLET_TRUST_ROOT));
    char *hdr = x5c_header(&evil);
    char *tok = jwt(ctx, evil.leaf_k, hdr, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_CERT_CHAIN, "jws");
    wallet_free(tok);
    free(hdr);
    wallet_trust_free(t);
    pki_free(&good);
    pki_free(&evil);
    wallet_ctx_free(ctx);
}

static void test_jws_x5c_signed_by_other_key(void **state)
{
    (void)state;
    /* A valid chain copied into a token signed by someone else. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki p;
    pki_init(ctx, &p, "CN=City Root,O=City,C=VN");
    wallet_key *attacker = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, p.root, WALLET_TRUST_ROOT));
    char *hdr = x5c_header(&p);
    char *tok = jwt(ctx, attacker, hdr, claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_SIGNATURE, "jws");
    wallet_free(tok);
    free(hdr);
    wallet_key_free(attacker);
    wallet_trust_free(t);
    pki_free(&p);
    wallet_ctx_free(ctx);
}

static void test_jws_x5c_not_an_array(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char *tok = jwt(ctx, k, "{\"x5c\":\"MIIB\"}", claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_JWS_FORMAT, "jws");
    wallet_free(tok);
    tok = jwt(ctx, k, "{\"x5c\":[\"not base64!\"]}", claims_ok);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_BASE64, "jws");
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_jws_x5c_expired_certificate(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki p;
    pki_init(ctx, &p, "CN=City Root,O=City,C=VN");
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, p.root, WALLET_TRUST_ROOT));
    char *hdr = x5c_header(&p);
    char *tok = jwt(ctx, p.leaf_k, hdr, "{\"sub\":\"x\"}");
    wallet_ctx_set_time(ctx, NOW + 400 * DAY);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_CERT_EXPIRED, "jws");
    wallet_free(tok);
    free(hdr);
    wallet_trust_free(t);
    pki_free(&p);
    wallet_ctx_free(ctx);
}

static void test_jws_alg_none(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char *h = NULL, *p = NULL;
    static const char hdr[] = "{\"alg\":\"none\"}";
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &h, NULL, (const uint8_t *)hdr, strlen(hdr)));
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &p, NULL, (const uint8_t *)claims_ok,
                                           strlen(claims_ok)));
    size_t n = strlen(h) + strlen(p) + 3;
    char *tok = malloc(n);
    assert_non_null(tok);
    snprintf(tok, n, "%s.%s.", h, p);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_ALG_NOT_ALLOWED, "jws");
    free(tok);
    wallet_free(h);
    wallet_free(p);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_policy_restricting_algs(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256K, "k1");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    wallet_policy *p = NULL;
    tu_assert_ok(ctx, wallet_policy_new(ctx, &p));
    tu_assert_ok(ctx, wallet_policy_set_algs(ctx, p,
                                             WALLET_ALGSET(WALLET_ALG_ES256) |
                                                 WALLET_ALGSET(WALLET_ALG_EDDSA)));
    char *tok = jwt(ctx, k, NULL, claims_ok);
    expect_fail(ctx, t, p, tok, strlen(tok), WALLET_ERR_ALG_NOT_ALLOWED, "jws");
    wallet_free(tok);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, k, "k1", NOW + DAY, 0, 0, &n);
    expect_fail(ctx, t, p, cose, n, WALLET_ERR_ALG_NOT_ALLOWED, "cose_sign1");
    wallet_free(cose);
    wallet_policy_free(p);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_policy_empty_alg_set(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_policy *p = NULL;
    tu_assert_ok(ctx, wallet_policy_new(ctx, &p));
    tu_assert_err(ctx, wallet_policy_set_algs(ctx, p, 0), WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_policy_set_algs(ctx, p, 1u << 30), WALLET_ERR_INVALID_ARG);
    wallet_policy_free(p);
    wallet_policy_free(NULL);
    wallet_ctx_free(ctx);
}

static void test_cose_untrusted_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *trusted = gen(ctx, WALLET_ALG_ES256, "t");
    wallet_key *attacker = gen(ctx, WALLET_ALG_ES256, "a");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&trusted, 1);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, attacker, "a", NOW + DAY, 0, 0, &n);
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_KEY_NOT_FOUND, "cose_sign1");
    wallet_free(cose);
    cose = cose_cwt(ctx, attacker, NULL, NOW + DAY, 0, 0, &n);
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_SIGNATURE, "cose_sign1");
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(trusted);
    wallet_key_free(attacker);
    wallet_ctx_free(ctx);
}

static void test_cose_tampered(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA, "c");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, k, "c", NOW + DAY, 0, 0, &n);
    /* Change a letter of the name claim. */
    uint8_t *at = NULL;
    for (size_t i = 0; i + 6 <= n && !at; i++)
        if (memcmp(cose + i, "Nguyen", 6) == 0)
            at = cose + i;
    assert_non_null(at);
    at[0] = 'M';
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_SIGNATURE, "cose_sign1");
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cose_detached_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, "c");
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    size_t n = 0;
    uint8_t *cose = cose_cwt(ctx, k, "c", NOW + DAY, 0, WALLET_COSE_DETACHED, &n);
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_COSE_FORMAT, "cose_sign1");
    wallet_free(cose);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cose_x5chain_untrusted_root(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    pki good, evil;
    pki_init(ctx, &good, "CN=City Root,O=City,C=VN");
    pki_init(ctx, &evil, "CN=City Root,O=City,C=VN");
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, t, good.root, WALLET_TRUST_ROOT));
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    size_t l1, l2;
    const uint8_t *d1 = wallet_cert_der(evil.leaf, &l1);
    const uint8_t *d2 = wallet_cert_der(evil.inter, &l2);
    tu_assert_ok(ctx, wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_PROTECTED, d1, l1));
    tu_assert_ok(ctx, wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_PROTECTED, d2, l2));
    static const uint8_t payload[] = {0xA1, 0x01, 0x61, 0x78}; /* {1: "x"} */
    uint8_t *cose = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &cose, &n, evil.leaf_k, WALLET_ALG_NONE, h,
                                             payload, sizeof(payload), NULL, 0, 0));
    expect_fail(ctx, t, NULL, cose, n, WALLET_ERR_CERT_CHAIN, "cose_sign1");
    wallet_free(cose);
    wallet_cose_headers_free(h);
    wallet_trust_free(t);
    pki_free(&good);
    pki_free(&evil);
    wallet_ctx_free(ctx);
}

static void test_random_text(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_with(ctx, NULL, 0);
    static const char *const inputs[] = {
        "hello, this is not a credential!",
        "a.b", /* two parts: not a compact JWS */
        "",
    };
    for (size_t i = 0; i < 3; i++)
        expect_fail(ctx, t, NULL, inputs[i], strlen(inputs[i]), WALLET_ERR_UNKNOWN_FORMAT, NULL);
    static const uint8_t binary[] = {0x00, 0xFF, 0x10, 0x80, 0x7F};
    expect_fail(ctx, t, NULL, binary, sizeof(binary), WALLET_ERR_UNKNOWN_FORMAT, NULL);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_png_without_qr_code(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_with(ctx, NULL, 0);
    size_t n = 0;
    uint8_t *png = tu_unhex(blank_png_hex, &n);
    assert_non_null(png);
    expect_fail(ctx, t, NULL, png, n, WALLET_ERR_QR, NULL);
    /* Cut short after the signature: unreadable image. */
    expect_fail(ctx, t, NULL, png, 20, WALLET_ERR_IMAGE, NULL);
    free(png);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_input_over_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256, NULL);
    wallet_trust *t = trust_with(ctx, (const wallet_key *const *)&k, 1);
    char *tok = jwt(ctx, k, NULL, claims_ok);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)strlen(tok) - 1);
    expect_fail(ctx, t, NULL, tok, strlen(tok), WALLET_ERR_TOO_LARGE, NULL);
    wallet_free(tok);
    wallet_trust_free(t);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_null_arguments(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *t = trust_with(ctx, NULL, 0);
    wallet_result *r = (wallet_result *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_verify(ctx, &r, NULL, NULL, (const uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
    assert_null(r);
    r = (wallet_result *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_verify(ctx, &r, t, NULL, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(r);
    char *s = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_result_to_json(ctx, &s, NULL), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    assert_int_equal(wallet_result_valid(NULL), 0);
    assert_string_equal(wallet_result_detail(NULL), "");
    wallet_result_free(NULL);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_jws_by_kid),
        cmocka_unit_test(test_jws_by_trying_keys),
        cmocka_unit_test(test_jws_json_serialization),
        cmocka_unit_test(test_jws_by_x5c_chain),
        cmocka_unit_test(test_jws_directly_trusted_signer_cert),
        cmocka_unit_test(test_jws_non_json_payload),
        cmocka_unit_test(test_jwt_skew_respected_at_boundary),
        cmocka_unit_test(test_cose_cwt_raw_hex_and_base64url),
        cmocka_unit_test(test_cose_cwt_by_trying_keys),
        cmocka_unit_test(test_cose_by_x5chain),
        cmocka_unit_test(test_cose_inside_qr_png),
        cmocka_unit_test(test_policy_allowing_the_alg),
        /* negative */
        cmocka_unit_test(test_jwt_expired),
        cmocka_unit_test(test_jwt_not_yet_valid),
        cmocka_unit_test(test_jwt_exp_not_a_number),
        cmocka_unit_test(test_cwt_expired),
        cmocka_unit_test(test_cwt_not_yet_valid),
        cmocka_unit_test(test_jws_untrusted_key),
        cmocka_unit_test(test_jws_unknown_kid),
        cmocka_unit_test(test_jws_known_kid_wrong_key),
        cmocka_unit_test(test_jws_no_key_fits_alg),
        cmocka_unit_test(test_jws_empty_trust),
        cmocka_unit_test(test_jws_x5c_untrusted_root),
        cmocka_unit_test(test_jws_x5c_signed_by_other_key),
        cmocka_unit_test(test_jws_x5c_not_an_array),
        cmocka_unit_test(test_jws_x5c_expired_certificate),
        cmocka_unit_test(test_jws_alg_none),
        cmocka_unit_test(test_policy_restricting_algs),
        cmocka_unit_test(test_policy_empty_alg_set),
        cmocka_unit_test(test_cose_untrusted_key),
        cmocka_unit_test(test_cose_tampered),
        cmocka_unit_test(test_cose_detached_payload),
        cmocka_unit_test(test_cose_x5chain_untrusted_root),
        cmocka_unit_test(test_random_text),
        cmocka_unit_test(test_png_without_qr_code),
        cmocka_unit_test(test_input_over_limit),
        cmocka_unit_test(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
