/*
 * Shared fixtures of the HC1 unit tests (test_hcert.c, test_hcert_issue.c):
 * a country signing CA and document signer certificates (with and without
 * DCC extended key usages), health payloads of every kind, and a builder
 * for hand-made HC1 strings (any claims, headers, tags, compression) so
 * that each defect can be produced on purpose.
 */
#ifndef TEST_HCERT_COMMON_H
#define TEST_HCERT_COMMON_H

#include <cjson/cJSON.h>

#include "core/cbor.h"
#include "core/zlib.h"
#include "testutil.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define DAY 86400
#define SKEW 60 /* WALLET_LIMIT_CLOCK_SKEW default */

/* Health payloads (EU DCC schema field names; "pc" is the health-book
 * check-up of docs/health-book.md). */
#define PERSON                                                                            \
    "\"ver\":\"1.3.0\",\"nam\":{\"fn\":\"Nguyễn\",\"fnt\":\"NGUYEN\",\"gn\":\"Văn An\","  \
    "\"gnt\":\"VAN<AN\"},\"dob\":\"1990-04-12\""
static const char vacc_json[] =
    "{" PERSON ",\"v\":[{\"tg\":\"840539006\",\"vp\":\"1119349007\",\"mp\":\"EU/1/20/1528\","
    "\"ma\":\"ORG-100030215\",\"dn\":2,\"sd\":2,\"dt\":\"2025-11-02\",\"co\":\"VN\","
    "\"is\":\"Hanoi Department of Health\",\"ci\":\"URN:UVCI:01:VN:HN000123#4\"}]}";
static const char test_json[] =
    "{" PERSON ",\"t\":[{\"tg\":\"840539006\",\"tt\":\"LP6464-4\",\"sc\":\"2025-12-30T08:00:00Z\","
    "\"tr\":\"260415000\",\"tc\":\"Bach Mai Hospital\",\"co\":\"VN\","
    "\"is\":\"Hanoi Department of Health\",\"ci\":\"URN:UVCI:01:VN:HN000124#2\"}]}";
static const char rec_json[] =
    "{" PERSON ",\"r\":[{\"tg\":\"840539006\",\"fr\":\"2025-10-01\",\"co\":\"VN\","
    "\"is\":\"Hanoi Department of Health\",\"df\":\"2025-10-12\",\"du\":\"2026-03-30\","
    "\"ci\":\"URN:UVCI:01:VN:HN000125#0\"}]}";
static const char checkup_json[] =
    "{" PERSON ",\"pc\":[{\"dt\":\"2025-12-15\",\"fa\":\"Hanoi Medical University Hospital\","
    "\"ht\":168,\"wt\":61.5,\"bp\":\"118/76\",\"pu\":72,\"cl\":\"I\","
    "\"cn\":\"Healthy, fit for work\",\"co\":\"VN\",\"is\":\"Hanoi Department of Health\","
    "\"ci\":\"URN:UVCI:01:VN:HN000126#8\"}]}";

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *csca_key, *dsc_key, *other_key;
    wallet_cert *csca;       /* self-signed CA */
    wallet_cert *dsc;        /* no EKU: may sign every kind */
    wallet_cert *dsc_test;   /* EKU: test results only */
    wallet_cert *dsc_vacc;   /* EKU: vaccinations only (the ".0." spelling) */
    wallet_trust *trust;     /* dsc, dsc_test, dsc_vacc as signers */
} fixture;

static inline wallet_cert *make_dsc(wallet_ctx *ctx, const wallet_key *key,
                                    const wallet_key *ca_key, const wallet_cert *ca,
                                    const char *cn, const char *const *ekus, size_t n_ekus,
                                    int64_t nb, int64_t na)
{
    wallet_cert_builder *b = NULL;
    wallet_cert *c = NULL;
    char dn[128];
    snprintf(dn, sizeof(dn), "CN=%s,O=Hanoi Department of Health,C=VN", cn);
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, dn));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, nb, na));
    for (size_t i = 0; i < n_ekus; i++)
        tu_assert_ok(ctx, wallet_cert_builder_add_eku(ctx, b, ekus[i]));
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, key, ca_key, ca));
    wallet_cert_builder_free(b);
    return c;
}

static inline int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->ctx = tu_ctx_at(NOW);
    wallet_ctx *ctx = f->ctx;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &f->csca_key, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &f->dsc_key, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &f->other_key, WALLET_ALG_ES256));
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, "CN=CSCA HC1 Test,O=City,C=VN"));
    tu_assert_ok(ctx, wallet_cert_builder_set_validity(ctx, b, NOW - 365 * DAY,
                                                       NOW + 10 * 365 * DAY));
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &f->csca, b, f->csca_key, f->csca_key, NULL));
    wallet_cert_builder_free(b);
    int64_t nb = NOW - 30 * DAY, na = NOW + 2 * 365 * DAY;
    f->dsc = make_dsc(ctx, f->dsc_key, f->csca_key, f->csca, "DSC any", NULL, 0, nb, na);
    const char *t_only[] = {WALLET_DCC_EKU_TEST};
    f->dsc_test = make_dsc(ctx, f->dsc_key, f->csca_key, f->csca, "DSC tests", t_only, 1, nb, na);
    const char *v_only[] = {WALLET_DCC_EKU_VACCINATION_ALT, "1.3.6.1.5.5.7.3.4"};
    f->dsc_vacc = make_dsc(ctx, f->dsc_key, f->csca_key, f->csca, "DSC vaccinations", v_only, 2,
                           nb, na);
    tu_assert_ok(ctx, wallet_trust_new(ctx, &f->trust));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, f->trust, f->dsc, WALLET_TRUST_SIGNER));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, f->trust, f->dsc_test, WALLET_TRUST_SIGNER));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, f->trust, f->dsc_vacc, WALLET_TRUST_SIGNER));
    *state = f;
    return 0;
}

static inline int fixture_teardown(void **state)
{
    fixture *f = *state;
    wallet_trust_free(f->trust);
    wallet_cert_free(f->dsc_vacc);
    wallet_cert_free(f->dsc_test);
    wallet_cert_free(f->dsc);
    wallet_cert_free(f->csca);
    wallet_key_free(f->other_key);
    wallet_key_free(f->dsc_key);
    wallet_key_free(f->csca_key);
    wallet_ctx_free(f->ctx);
    free(f);
    return 0;
}

static inline void kid_of(const fixture *f, const wallet_cert *c,
                          uint8_t kid[WALLET_HC1_KID_LEN])
{
    tu_assert_ok(f->ctx, wallet_hc1_kid(f->ctx, kid, c));
}

/* Issue with the library (signer certificate `c`, default times). */
static inline char *issue(fixture *f, const wallet_cert *c, const char *payload)
{
    char *hc1 = NULL;
    tu_assert_ok(f->ctx, wallet_hc1_issue(f->ctx, &hc1, f->dsc_key, c, NULL, 0, "VN", NOW - DAY,
                                          NOW + 300 * DAY, payload, strlen(payload)));
    return hc1;
}

/* ---- hand-made HC1 strings ------------------------------------------------------ */

/* CWT claims: which members to write, and how. */
typedef struct claims_spec {
    int no_iss, no_exp, no_iat, no_hcert, no_eu_key;
    int iss_int;              /* iss as an integer */
    int exp_text;             /* exp as a text string */
    int exp_float;            /* exp and iat as floats with a fraction */
    int64_t iat, exp;         /* 0: defaults NOW - DAY, NOW + 300 days */
    int exp_zero;             /* exp = 0 (1970) */
    const char *payload_json; /* NULL: vacc_json */
    const uint8_t *payload_cbor; /* raw CBOR instead of payload_json */
    size_t payload_cbor_len;
    int duplicate_exp;        /* write claim 4 twice (hand-encoded map) */
} claims_spec;

static inline uint8_t *make_claims(const claims_spec *s, size_t *len)
{
    wl_buf pb;
    wl_buf_init(&pb, 0);
    if (s->payload_cbor) {
        wl_cbor_put_raw(&pb, s->payload_cbor, s->payload_cbor_len);
    } else {
        const char *pj = s->payload_json ? s->payload_json : vacc_json;
        cJSON *j = cJSON_Parse(pj);
        assert_non_null(j);
        assert_true(wl_json_to_cbor(&pb, j));
        cJSON_Delete(j);
    }
    int64_t iat = s->iat ? s->iat : NOW - DAY;
    int64_t exp = s->exp_zero ? 0 : s->exp ? s->exp : NOW + 300 * DAY;
    wl_buf b;
    wl_buf_init(&b, 0);
    size_t n = (size_t)(!s->no_iss + !s->no_exp + !s->no_iat + !s->no_hcert + s->duplicate_exp);
    wl_cbor_put_map(&b, n);
    if (!s->no_iss) {
        wl_cbor_put_int(&b, 1);
        if (s->iss_int)
            wl_cbor_put_int(&b, 704);
        else
            wl_cbor_put_cstr(&b, "VN");
    }
    for (int k = 0; k < 1 + s->duplicate_exp && !s->no_exp; k++) {
        wl_cbor_put_int(&b, 4);
        if (s->exp_text)
            wl_cbor_put_cstr(&b, "2030-01-01");
        else if (s->exp_float)
            wl_cbor_put_float(&b, (double)exp + 0.75);
        else
            wl_cbor_put_int(&b, exp);
    }
    if (!s->no_iat) {
        wl_cbor_put_int(&b, 6);
        if (s->exp_float)
            wl_cbor_put_float(&b, (double)iat + 0.25);
        else
            wl_cbor_put_int(&b, iat);
    }
    if (!s->no_hcert) {
        wl_cbor_put_int(&b, WALLET_HC1_CLAIM_HCERT);
        wl_cbor_put_map(&b, 1);
        wl_cbor_put_int(&b, s->no_eu_key ? 2 : WALLET_HC1_HCERT_EU_DCC_V1);
        wl_cbor_put_raw(&b, pb.data, pb.len);
    }
    wl_buf_free(&pb);
    assert_false(b.failed);
    return wl_buf_take(&b, len);
}

/* How to sign and wrap. */
typedef struct wrap_spec {
    const wallet_key *key;   /* NULL: the fixture's DSC key */
    const uint8_t *kid;      /* NULL: kid of the fixture's dsc */
    size_t kid_len;
    int no_kid;
    int kid_unprotected;     /* kid in the unprotected bucket */
    const uint8_t *unprot_kid; /* additionally, this kid unprotected */
    size_t unprot_kid_len;
    int untagged, tag61, detached;
    uint64_t wrong_tag;      /* wrap the untagged message in this tag instead */
} wrap_spec;

static inline uint8_t *sign_cose(fixture *f, const wrap_spec *w, const uint8_t *claims,
                                 size_t claims_len, size_t *len)
{
    wallet_ctx *ctx = f->ctx;
    uint8_t own_kid[WALLET_HC1_KID_LEN];
    kid_of(f, f->dsc, own_kid);
    const uint8_t *kid = w->kid ? w->kid : own_kid;
    size_t kid_len = w->kid ? w->kid_len : sizeof(own_kid);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    if (!w->no_kid)
        tu_assert_ok(ctx, wallet_cose_headers_set_bytes(
                              ctx, h, w->kid_unprotected ? WALLET_COSE_UNPROTECTED
                                                         : WALLET_COSE_PROTECTED,
                              WALLET_COSE_HDR_KID, kid, kid_len));
    uint8_t *cose = NULL;
    size_t cose_len = 0;
    unsigned flags = (w->untagged || w->wrong_tag ? 0 : WALLET_COSE_TAGGED) |
                     (w->detached ? WALLET_COSE_DETACHED : 0);
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &cose, &cose_len, w->key ? w->key : f->dsc_key,
                                             WALLET_ALG_NONE, h, claims, claims_len, NULL, 0,
                                             flags));
    wallet_cose_headers_free(h);
    if (w->unprot_kid) {
        /* A second kid, unprotected, next to a protected one (wallet_cose_headers
         * refuses a label in both buckets, so patch the encoded message: the
         * unprotected map is the empty map after the protected bstr). */
        size_t off = (flags & WALLET_COSE_TAGGED) ? 2 : 1;
        const wl_cbor *r;
        wl_cbor_doc *d = NULL;
        tu_assert_ok(ctx, wl_cbor_decode(ctx, &d, cose + off, cose_len - off,
                                         WL_CBOR_ALLOW_TRAILING, NULL));
        r = wl_cbor_root(d);
        off += r->raw_len;
        wl_cbor_doc_free(d);
        assert_int_equal(cose[off], 0xA0);
        wl_buf b;
        wl_buf_init(&b, 0);
        wl_buf_append(&b, cose, off);
        wl_cbor_put_map(&b, 1);
        wl_cbor_put_int(&b, WALLET_COSE_HDR_KID);
        wl_cbor_put_bytes(&b, w->unprot_kid, w->unprot_kid_len);
        wl_buf_append(&b, cose + off + 1, cose_len - off - 1);
        wallet_free(cose);
        cose = wl_buf_take(&b, &cose_len);
    }
    if (w->tag61 || w->wrong_tag) {
        wl_buf b;
        wl_buf_init(&b, 0);
        wl_cbor_put_tag(&b, w->tag61 ? 61 : w->wrong_tag);
        wl_buf_append(&b, cose, cose_len);
        wallet_free(cose);
        cose = wl_buf_take(&b, &cose_len);
    }
    *len = cose_len;
    return cose;
}

/* claims + wrapping -> "HC1:..." */
static inline char *make_hc1(fixture *f, const claims_spec *c, const wrap_spec *w)
{
    static const claims_spec no_claims;
    static const wrap_spec no_wrap;
    size_t claims_len = 0, cose_len = 0;
    uint8_t *claims = make_claims(c ? c : &no_claims, &claims_len);
    uint8_t *cose = sign_cose(f, w ? w : &no_wrap, claims, claims_len, &cose_len);
    char *hc1 = NULL;
    tu_assert_ok(f->ctx, wallet_hc1_encode(f->ctx, &hc1, cose, cose_len));
    wallet_free(cose);
    wallet_free(claims);
    return hc1;
}

/* Bytes (already "compressed" or not) -> "HC1:" + Base45, no zlib applied. */
static inline char *hc1_of_raw(wallet_ctx *ctx, const uint8_t *z, size_t z_len)
{
    char *b45 = NULL;
    size_t b45_len = 0;
    tu_assert_ok(ctx, wallet_base45_encode(ctx, &b45, &b45_len, z, z_len));
    char *s = malloc(b45_len + 5);
    assert_non_null(s);
    memcpy(s, "HC1:", 4);
    memcpy(s + 4, b45, b45_len + 1);
    wallet_free(b45);
    return s;
}

/* Any CBOR bytes, zlib-compressed, as an HC1 string. */
static inline char *hc1_of_cose(wallet_ctx *ctx, const uint8_t *cose, size_t len)
{
    char *s = NULL;
    tu_assert_ok(ctx, wallet_hc1_encode(ctx, &s, cose, len));
    return s;
}

/* Verify and check the outcome; returns the result. */
static inline wallet_result *check(fixture *f, const wallet_trust *t,
                                   const wallet_policy *p, const char *hc1, wallet_err want)
{
    wallet_result *r = NULL;
    tu_assert_err(f->ctx, wallet_hc1_verify(f->ctx, &r, t ? t : f->trust, p, hc1, strlen(hc1)),
                  want);
    assert_non_null(r);
    assert_int_equal(wallet_result_error(r), want);
    assert_string_equal(wallet_result_format(r), "hc1");
    if (want != WALLET_OK) {
        /* fail closed: nothing but the verdict */
        assert_false(wallet_result_valid(r));
        assert_null(wallet_result_claims_json(r));
        assert_null(wallet_result_issuer(r));
        assert_null(wallet_result_type(r));
        assert_int_equal(wallet_result_valid_until(r), 0);
        assert_true(strlen(wallet_result_detail(r)) > 0);
    } else {
        assert_true(wallet_result_valid(r));
    }
    return r;
}

static inline void expect(fixture *f, const char *hc1, wallet_err want)
{
    wallet_result_free(check(f, NULL, NULL, hc1, want));
}

#endif /* TEST_HCERT_COMMON_H */
