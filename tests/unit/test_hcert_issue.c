/*
 * HC1 issuance (wallet_hc1_issue): the structure of what is issued (tag 18,
 * protected alg and kid, deterministic CWT claims, zlib, Base45, QR at level
 * Q), a kid given directly or computed from the signer certificate, an
 * external signer; and every refusal with its own wallet_err.
 */
#include "test_hcert_common.h"

/* Decode an issued HC1 down to its parts (unverified; for inspection). */
typedef struct parts {
    uint8_t *cose;
    size_t cose_len;
    wl_cbor_doc *doc, *prot_doc, *claims_doc;
    const wl_cbor *prot, *unprot, *claims;
} parts;

static void split(fixture *f, const char *hc1, parts *p)
{
    memset(p, 0, sizeof(*p));
    tu_assert_ok(f->ctx, wallet_hc1_decode(f->ctx, &p->cose, &p->cose_len, hc1, strlen(hc1)));
    tu_assert_ok(f->ctx, wl_cbor_decode(f->ctx, &p->doc, p->cose, p->cose_len, 0, NULL));
    const wl_cbor *root = wl_cbor_root(p->doc);
    assert_int_equal(root->type, WL_CBOR_TAG);
    assert_int_equal(root->u, 18);
    const wl_cbor *arr = wl_cbor_tag_content(root);
    const wl_cbor *pb = wl_cbor_array_at(arr, 0), *pl = wl_cbor_array_at(arr, 2);
    p->unprot = wl_cbor_array_at(arr, 1);
    tu_assert_ok(f->ctx, wl_cbor_decode(f->ctx, &p->prot_doc, pb->ptr, (size_t)pb->u,
                                        WL_CBOR_DETERMINISTIC, NULL));
    p->prot = wl_cbor_root(p->prot_doc);
    /* the claims set is written in core deterministic encoding */
    tu_assert_ok(f->ctx, wl_cbor_decode(f->ctx, &p->claims_doc, pl->ptr, (size_t)pl->u,
                                        WL_CBOR_DETERMINISTIC, NULL));
    p->claims = wl_cbor_root(p->claims_doc);
}

static void parts_free(parts *p)
{
    wl_cbor_doc_free(p->claims_doc);
    wl_cbor_doc_free(p->prot_doc);
    wl_cbor_doc_free(p->doc);
    wallet_free(p->cose);
}

/* ---- what is issued ------------------------------------------------------------------ */

static void test_issued_structure(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    parts p;
    split(f, hc1, &p);
    int64_t v;
    /* protected {1: -7, 4: kid}, nothing unprotected */
    assert_int_equal(p.prot->u, 2);
    assert_true(wl_cbor_get_int(wl_cbor_map_int(p.prot, 1), &v));
    assert_int_equal(v, -7);
    const wl_cbor *kid = wl_cbor_map_int(p.prot, 4);
    uint8_t want[WALLET_HC1_KID_LEN];
    kid_of(f, f->dsc, want);
    assert_int_equal(kid->type, WL_CBOR_BYTES);
    assert_int_equal(kid->u, WALLET_HC1_KID_LEN);
    assert_memory_equal(kid->ptr, want, WALLET_HC1_KID_LEN);
    assert_int_equal(p.unprot->u, 0);
    /* claims: 1 iss, 4 exp, 6 iat, -260 {1: payload} */
    assert_int_equal(p.claims->u, 4);
    assert_true(wl_cbor_is_text(wl_cbor_map_int(p.claims, 1), "VN"));
    assert_true(wl_cbor_get_int(wl_cbor_map_int(p.claims, 4), &v));
    assert_int_equal(v, NOW + 300 * DAY);
    assert_true(wl_cbor_get_int(wl_cbor_map_int(p.claims, 6), &v));
    assert_int_equal(v, NOW - DAY);
    const wl_cbor *hc = wl_cbor_map_int(p.claims, WALLET_HC1_CLAIM_HCERT);
    assert_non_null(hc);
    assert_int_equal(hc->u, 1);
    const wl_cbor *payload = wl_cbor_map_int(hc, 1);
    assert_non_null(wl_cbor_map_text(payload, "v"));
    assert_true(wl_cbor_is_text(wl_cbor_map_text(payload, "dob"), "1990-04-12"));
    /* zlib (RFC 1950 §2.2): method 8 (deflate), a window of at most 32 KiB,
     * FLEVEL 3 (best compression), a valid header check; the window is the
     * smallest that holds the input (1 KiB here). */
    uint8_t *z = NULL;
    size_t z_len = 0;
    tu_assert_ok(f->ctx, wallet_base45_decode(f->ctx, &z, &z_len, hc1 + 4, strlen(hc1 + 4)));
    assert_int_equal(z[0] & 0x0F, 8);
    assert_true((z[0] >> 4) <= 7);
    assert_int_equal(z[1] >> 6, 3);
    assert_int_equal((z[0] * 256 + z[1]) % 31, 0);
    assert_true(p.cose_len <= ((size_t)1 << ((z[0] >> 4) + 8)));
    wallet_free(z);
    parts_free(&p);
    /* Every character is in the QR alphanumeric set, so the code is small:
     * well under version 40 at level Q. */
    for (const char *c = hc1; *c; c++)
        assert_non_null(strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", *c));
    uint8_t *png = NULL;
    size_t png_len = 0;
    tu_assert_ok(f->ctx, wallet_qr_encode_png(f->ctx, &png, &png_len, (const uint8_t *)hc1,
                                              strlen(hc1), WALLET_QR_ECC_Q, 2));
    uint8_t *text = NULL;
    size_t text_len = 0;
    tu_assert_ok(f->ctx, wallet_qr_decode_png(f->ctx, &text, &text_len, png, png_len));
    assert_string_equal((const char *)text, hc1);
    wallet_free(text);
    wallet_free(png);
    wallet_free(hc1);
}

static void test_issue_with_kid_and_no_iss(void **state)
{
    fixture *f = *state;
    uint8_t kid[WALLET_HC1_KID_LEN];
    kid_of(f, f->dsc, kid);
    char *hc1 = NULL;
    tu_assert_ok(f->ctx, wallet_hc1_issue(f->ctx, &hc1, f->dsc_key, NULL, kid, sizeof(kid), NULL,
                                          NOW, NOW + DAY, checkup_json, strlen(checkup_json)));
    parts p;
    split(f, hc1, &p);
    assert_null(wl_cbor_map_int(p.claims, 1));
    assert_int_equal(p.claims->u, 3);
    parts_free(&p);
    wallet_result *r = check(f, NULL, NULL, hc1, WALLET_OK);
    assert_string_equal(wallet_result_type(r), "checkup");
    assert_non_null(strstr(wallet_result_issuer(r), "CN=DSC any"));
    /* numbers keep their type: 168 an integer, 61.5 a float */
    assert_non_null(strstr(wallet_result_claims_json(r), "\"ht\":168"));
    assert_non_null(strstr(wallet_result_claims_json(r), "\"wt\":61.5"));
    wallet_result_free(r);
    wallet_free(hc1);
}

typedef struct held {
    const wallet_key *key;
    int calls, fail;
} held;

static wallet_err hsm_sign(void *user, wallet_alg alg, const uint8_t *msg, size_t msg_len,
                           uint8_t *sig, size_t *sig_len)
{
    held *h = user;
    h->calls++;
    if (h->fail)
        return WALLET_ERR_CRYPTO;
    uint8_t *s = NULL;
    size_t n = 0;
    wallet_err e = wallet_sign(NULL, &s, &n, h->key, alg, msg, msg_len);
    if (!e && n <= *sig_len) {
        memcpy(sig, s, n);
        *sig_len = n;
    }
    wallet_free(s);
    return e;
}

static void test_issue_with_external_signer(void **state)
{
    fixture *f = *state;
    wallet_key *pub = NULL, *signer = NULL;
    held h = {f->dsc_key, 0, 0};
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &pub, f->dsc_key));
    tu_assert_ok(f->ctx, wallet_key_from_signer(f->ctx, &signer, pub, WALLET_ALG_ES256, hsm_sign,
                                                &h, WALLET_SIGNER_RAW));
    char *hc1 = NULL;
    tu_assert_ok(f->ctx, wallet_hc1_issue(f->ctx, &hc1, signer, f->dsc_vacc, NULL, 0, "VN", NOW,
                                          NOW + DAY, vacc_json, strlen(vacc_json)));
    assert_int_equal(h.calls, 1);
    expect(f, hc1, WALLET_OK);
    wallet_free(hc1);
    /* a failing HSM */
    h.fail = 1;
    hc1 = (char *)(uintptr_t)1;
    tu_assert_err(f->ctx, wallet_hc1_issue(f->ctx, &hc1, signer, f->dsc, NULL, 0, "VN", NOW,
                                           NOW + DAY, vacc_json, strlen(vacc_json)),
                  WALLET_ERR_SIGNER_FAILED);
    assert_null(hc1);
    wallet_key_free(signer);
    wallet_key_free(pub);
}

/* ---- refusals --------------------------------------------------------------------------- */

static void expect_issue(fixture *f, wallet_err want, const wallet_key *key,
                         const wallet_cert *cert, const uint8_t *kid, size_t kid_len,
                         const char *iss, int64_t iat, int64_t exp, const char *payload)
{
    char *hc1 = (char *)(uintptr_t)1;
    tu_assert_err(f->ctx,
                  wallet_hc1_issue(f->ctx, &hc1, key, cert, kid, kid_len, iss, iat, exp, payload,
                                   payload ? strlen(payload) : 0),
                  want);
    assert_null(hc1);
}

static void test_issue_refuses_other_algorithms(void **state)
{
    fixture *f = *state;
    uint8_t kid[WALLET_HC1_KID_LEN] = {0};
    static const wallet_alg algs[] = {WALLET_ALG_EDDSA, WALLET_ALG_ES384, WALLET_ALG_ES256K};
    for (size_t i = 0; i < 3; i++) {
        wallet_key *k = NULL;
        tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &k, algs[i]));
        expect_issue(f, WALLET_ERR_ALG_NOT_ALLOWED, k, NULL, kid, sizeof(kid), "VN", NOW,
                     NOW + DAY, vacc_json);
        wallet_key_free(k);
    }
}

static void test_issue_needs_a_private_key(void **state)
{
    fixture *f = *state;
    wallet_key *pub = NULL;
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &pub, f->dsc_key));
    expect_issue(f, WALLET_ERR_KEY_NOT_PRIVATE, pub, f->dsc, NULL, 0, "VN", NOW, NOW + DAY,
                 vacc_json);
    wallet_key_free(pub);
}

static void test_issue_bad_arguments(void **state)
{
    fixture *f = *state;
    uint8_t kid[WALLET_HC1_KID_LEN] = {0};
    wallet_key *k = f->dsc_key;
    /* a certificate and a kid, neither, a kid of the wrong length */
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, f->dsc, kid, sizeof(kid), "VN", NOW, NOW + DAY,
                 vacc_json);
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, NULL, NULL, 0, "VN", NOW, NOW + DAY, vacc_json);
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, NULL, kid, 7, "VN", NOW, NOW + DAY, vacc_json);
    /* times */
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, f->dsc, NULL, 0, "VN", NOW, NOW, vacc_json);
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, f->dsc, NULL, 0, "VN", -5, NOW, vacc_json);
    /* iss */
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, f->dsc, NULL, 0, "", NOW, NOW + DAY, vacc_json);
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, f->dsc, NULL, 0, "V\xc3", NOW, NOW + DAY,
                 vacc_json);
    /* NULLs */
    expect_issue(f, WALLET_ERR_INVALID_ARG, NULL, f->dsc, NULL, 0, "VN", NOW, NOW + DAY,
                 vacc_json);
    expect_issue(f, WALLET_ERR_INVALID_ARG, k, f->dsc, NULL, 0, "VN", NOW, NOW + DAY, NULL);
    tu_assert_err(f->ctx, wallet_hc1_issue(f->ctx, NULL, k, f->dsc, NULL, 0, "VN", NOW, NOW + DAY,
                                           vacc_json, strlen(vacc_json)),
                  WALLET_ERR_INVALID_ARG);
}

static void test_issue_key_not_the_certificates(void **state)
{
    fixture *f = *state;
    expect_issue(f, WALLET_ERR_INVALID_ARG, f->other_key, f->dsc, NULL, 0, "VN", NOW, NOW + DAY,
                 vacc_json);
}

static void test_issue_key_usage(void **state)
{
    fixture *f = *state;
    /* the issuer refuses what a verifier would refuse */
    expect_issue(f, WALLET_ERR_KEY_USAGE, f->dsc_key, f->dsc_test, NULL, 0, "VN", NOW, NOW + DAY,
                 vacc_json);
    expect_issue(f, WALLET_ERR_KEY_USAGE, f->dsc_key, f->dsc_vacc, NULL, 0, "VN", NOW, NOW + DAY,
                 checkup_json);
}

static void test_issue_outside_certificate_validity(void **state)
{
    fixture *f = *state;
    int64_t nb = 0, na = 0;
    tu_assert_ok(f->ctx, wallet_cert_validity(f->ctx, &nb, &na, f->dsc));
    expect_issue(f, WALLET_ERR_CERT_EXPIRED, f->dsc_key, f->dsc, NULL, 0, "VN", NOW, na + 1,
                 vacc_json);
    expect_issue(f, WALLET_ERR_CERT_EXPIRED, f->dsc_key, f->dsc, NULL, 0, "VN", nb - 1, NOW,
                 vacc_json);
    /* the edges themselves are fine */
    char *hc1 = NULL;
    tu_assert_ok(f->ctx, wallet_hc1_issue(f->ctx, &hc1, f->dsc_key, f->dsc, NULL, 0, "VN", nb, na,
                                          vacc_json, strlen(vacc_json)));
    wallet_free(hc1);
}

static void test_issue_bad_payload(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *json;
        wallet_err want;
    } cases[] = {
        {"{\"v\":[{}]", WALLET_ERR_JSON},
        {"{\"v\":[{}],\"v\":[{}]}", WALLET_ERR_JSON_DUPLICATE},
        {"[1]", WALLET_ERR_JSON_TYPE},
        {"{" PERSON "}", WALLET_ERR_HC1_PAYLOAD},
        {"{" PERSON ",\"v\":[{}],\"r\":[{}]}", WALLET_ERR_HC1_PAYLOAD},
        {"{" PERSON ",\"t\":[]}", WALLET_ERR_HC1_PAYLOAD},
        {"{" PERSON ",\"pc\":\"yes\"}", WALLET_ERR_HC1_PAYLOAD},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_issue(f, cases[i].want, f->dsc_key, f->dsc, NULL, 0, "VN", NOW, NOW + DAY,
                     cases[i].json);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(test_issued_structure),
        T(test_issue_with_kid_and_no_iss),
        T(test_issue_with_external_signer),
        T(test_issue_refuses_other_algorithms),
        T(test_issue_needs_a_private_key),
        T(test_issue_bad_arguments),
        T(test_issue_key_not_the_certificates),
        T(test_issue_key_usage),
        T(test_issue_outside_certificate_validity),
        T(test_issue_bad_payload),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
