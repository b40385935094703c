/*
 * HC1 verification (include/wallet/hcert.h): every kind of health payload,
 * the accepted variants (kid unprotected, untagged, CWT tag 61, float
 * NumericDates, a self-signed signer loaded as a root, wallet_verify() on
 * text and on a QR PNG), and one test per defect, each asserting its own
 * wallet_err: wrong prefix, bad Base45, truncated / missing / trailing zlib,
 * zip bomb, wrong COSE tag and shape, missing / short / unknown kid, the
 * protected-kid rule, a signature by another key, tampering, algorithms,
 * expiry, iat in the future, an expired signer, key usage, and malformed
 * CWT claims and health payloads.
 */
#include "test_hcert_common.h"

/* ---- valid ----------------------------------------------------------------------------------- */

static void test_vaccination_round_trip(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    assert_memory_equal(hc1, "HC1:", 4);
    wallet_result *r = check(f, NULL, NULL, hc1, WALLET_OK);
    assert_string_equal(wallet_result_type(r), "vaccination");
    assert_string_equal(wallet_result_issuer(r), "VN");
    assert_int_equal(wallet_result_issued_at(r), NOW - DAY);
    assert_int_equal(wallet_result_valid_until(r), NOW + 300 * DAY);
    /* The claims are the health payload, unchanged (compared as JSON). */
    cJSON *got = cJSON_Parse(wallet_result_claims_json(r));
    cJSON *want = cJSON_Parse(vacc_json);
    assert_non_null(got);
    assert_true(cJSON_Compare(got, want, 1));
    cJSON_Delete(got);
    cJSON_Delete(want);
    char *json = NULL;
    tu_assert_ok(f->ctx, wallet_result_to_json(f->ctx, &json, r));
    assert_non_null(strstr(json, "\"format\":\"hc1\""));
    assert_non_null(strstr(json, "\"type\":\"vaccination\""));
    wallet_free(json);
    wallet_result_free(r);
    wallet_free(hc1);
}

static void test_every_kind_with_matching_key_usage(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *payload, *type;
        int signer; /* 0 dsc (no EKU), 1 dsc_test, 2 dsc_vacc */
    } cases[] = {
        {vacc_json, "vaccination", 0}, {test_json, "test", 0},        {rec_json, "recovery", 0},
        {checkup_json, "checkup", 0},  {test_json, "test", 1},        {vacc_json, "vaccination", 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const wallet_cert *c = cases[i].signer == 0   ? f->dsc
                               : cases[i].signer == 1 ? f->dsc_test
                                                      : f->dsc_vacc;
        char *hc1 = issue(f, c, cases[i].payload);
        wallet_result *r = check(f, NULL, NULL, hc1, WALLET_OK);
        assert_string_equal(wallet_result_type(r), cases[i].type);
        wallet_result_free(r);
        wallet_free(hc1);
    }
}

static void test_wallet_verify_detects_text_and_png(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, test_json);
    /* surrounding whitespace, as from a file or a scanner */
    size_t n = strlen(hc1);
    char *padded = malloc(n + 4);
    assert_non_null(padded);
    snprintf(padded, n + 4, " %s\r\n", hc1);
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, NULL, (const uint8_t *)padded,
                                       strlen(padded)));
    assert_string_equal(wallet_result_format(r), "hc1");
    assert_string_equal(wallet_result_type(r), "test");
    wallet_result_free(r);
    tu_assert_ok(f->ctx, wallet_hc1_verify(f->ctx, &r, f->trust, NULL, padded, strlen(padded)));
    wallet_result_free(r);
    /* A QR code at the recommended error correction level Q. */
    uint8_t *png = NULL;
    size_t png_len = 0;
    tu_assert_ok(f->ctx, wallet_qr_encode_png(f->ctx, &png, &png_len, (const uint8_t *)hc1, n,
                                              WALLET_QR_ECC_Q, 4));
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, NULL, png, png_len));
    assert_string_equal(wallet_result_format(r), "hc1");
    assert_string_equal(wallet_result_issuer(r), "VN");
    wallet_result_free(r);
    wallet_free(png);
    free(padded);
    wallet_free(hc1);
}

static void test_kid_unprotected_accepted(void **state)
{
    fixture *f = *state;
    wrap_spec w = {.kid_unprotected = 1};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_OK);
    wallet_free(hc1);
}

static void test_protected_kid_wins_over_unprotected(void **state)
{
    fixture *f = *state;
    /* DCC CO21: protected kid right, unprotected one wrong: valid. */
    static const uint8_t foo[3] = {'f', 'o', 'o'};
    wrap_spec w = {.unprot_kid = foo, .unprot_kid_len = 3};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_OK);
    wallet_free(hc1);
}

static void test_untagged_and_cwt_tag_accepted(void **state)
{
    fixture *f = *state;
    wrap_spec untagged = {.untagged = 1}, tag61 = {.tag61 = 1};
    char *a = make_hc1(f, NULL, &untagged);
    char *b = make_hc1(f, NULL, &tag61);
    expect(f, a, WALLET_OK);
    expect(f, b, WALLET_OK);
    wallet_free(a);
    wallet_free(b);
}

static void test_float_numeric_dates(void **state)
{
    fixture *f = *state;
    claims_spec c = {.exp_float = 1};
    char *hc1 = make_hc1(f, &c, NULL);
    wallet_result *r = check(f, NULL, NULL, hc1, WALLET_OK);
    assert_int_equal(wallet_result_valid_until(r), NOW + 300 * DAY); /* fraction dropped */
    assert_int_equal(wallet_result_issued_at(r), NOW - DAY);
    wallet_result_free(r);
    wallet_free(hc1);
}

static void test_without_iss_issuer_is_the_signer(void **state)
{
    fixture *f = *state;
    claims_spec c = {.no_iss = 1};
    char *hc1 = make_hc1(f, &c, NULL);
    wallet_result *r = check(f, NULL, NULL, hc1, WALLET_OK);
    assert_non_null(strstr(wallet_result_issuer(r), "CN=DSC any"));
    wallet_result_free(r);
    wallet_free(hc1);
}

static void test_self_signed_signer_loaded_as_root(void **state)
{
    fixture *f = *state;
    /* A country signing with its self-signed CA: wallet_trust_add_pem files
     * it as a root, and the kid lookup finds it there. */
    char *pem = NULL;
    tu_assert_ok(f->ctx, wallet_cert_to_pem(f->ctx, &pem, f->csca));
    wallet_trust *t = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &t));
    tu_assert_ok(f->ctx, wallet_trust_add_pem(f->ctx, t, pem, strlen(pem), 0));
    assert_int_equal(wallet_trust_cert_count(t, WALLET_TRUST_ROOT), 1);
    char *hc1 = NULL;
    tu_assert_ok(f->ctx, wallet_hc1_issue(f->ctx, &hc1, f->csca_key, f->csca, NULL, 0, "VN",
                                          NOW, NOW + DAY, rec_json, strlen(rec_json)));
    wallet_result_free(check(f, t, NULL, hc1, WALLET_OK));
    /* ...and is not trusted without it */
    wallet_result_free(check(f, NULL, NULL, hc1, WALLET_ERR_KEY_NOT_FOUND));
    wallet_free(hc1);
    wallet_trust_free(t);
    wallet_free(pem);
}

static void test_time_boundaries_with_skew(void **state)
{
    fixture *f = *state;
    /* iat SKEW seconds ahead and exp SKEW seconds past: both tolerated. */
    claims_spec c = {.iat = NOW + SKEW, .exp = NOW + DAY};
    char *a = make_hc1(f, &c, NULL);
    expect(f, a, WALLET_OK);
    claims_spec d = {.iat = NOW - DAY, .exp = NOW - SKEW};
    char *b = make_hc1(f, &d, NULL);
    expect(f, b, WALLET_OK);
    wallet_free(a);
    wallet_free(b);
}

static void test_transport_round_trip(void **state)
{
    fixture *f = *state;
    static const uint8_t cose[] = {0xD2, 0x84, 0x40, 0xA0, 0x41, 0x00, 0x40};
    char *hc1 = NULL;
    uint8_t *back = NULL;
    size_t back_len = 0;
    tu_assert_ok(f->ctx, wallet_hc1_encode(f->ctx, &hc1, cose, sizeof(cose)));
    assert_memory_equal(hc1, WALLET_HC1_PREFIX, 4);
    tu_assert_ok(f->ctx, wallet_hc1_decode(f->ctx, &back, &back_len, hc1, strlen(hc1)));
    assert_int_equal(back_len, sizeof(cose));
    assert_memory_equal(back, cose, sizeof(cose));
    wallet_free(back);
    wallet_free(hc1);
}

static void test_deflate_small_window(void **state)
{
    fixture *f = *state;
    /* The window is the smallest power of two holding the input (2^9 ..
     * 2^15), and whatever it is, the stream inflates back. */
    static const size_t sizes[] = {0, 1, 300, 512, 513, 5000, 40000, 100000};
    static const int wbits[] = {9, 9, 9, 9, 10, 13, 15, 15};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint8_t *in = malloc(sizes[i] + 1), *z = NULL, *back = NULL;
        size_t z_len = 0, back_len = 0;
        assert_non_null(in);
        for (size_t k = 0; k < sizes[i]; k++)
            in[k] = (uint8_t)((k * 7919) >> 5);
        tu_assert_ok(f->ctx, wl_zlib_deflate_small(f->ctx, &z, &z_len, in, sizes[i]));
        assert_int_equal((z[0] >> 4) + 8, wbits[i]);
        tu_assert_ok(f->ctx, wl_zlib_inflate(f->ctx, &back, &back_len, z, z_len, 1u << 20));
        assert_int_equal(back_len, sizes[i]);
        if (sizes[i])
            assert_memory_equal(back, in, sizes[i]);
        free(back);
        free(z);
        free(in);
    }
}

static void test_kid_is_sha256_prefix(void **state)
{
    fixture *f = *state;
    uint8_t kid[WALLET_HC1_KID_LEN], h[32];
    kid_of(f, f->dsc, kid);
    tu_assert_ok(f->ctx, wallet_cert_sha256(f->ctx, h, f->dsc));
    assert_memory_equal(kid, h, WALLET_HC1_KID_LEN);
    tu_assert_err(f->ctx, wallet_hc1_kid(f->ctx, kid, NULL), WALLET_ERR_INVALID_ARG);
    static const uint8_t zero[WALLET_HC1_KID_LEN] = {0};
    assert_memory_equal(kid, zero, sizeof(zero));
}

/* ---- transport defects ----------------------------------------------------------------------- */

static void test_wrong_prefix(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    static const char *const prefixes[] = {"HC2:", "HL0:", "hc1:", "HC1 ", ""};
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t n = strlen(prefixes[i]) + strlen(hc1 + 4) + 1;
        char *s = malloc(n);
        assert_non_null(s);
        snprintf(s, n, "%s%s", prefixes[i], hc1 + 4);
        expect(f, s, WALLET_ERR_HC1_PREFIX);
        free(s);
    }
    /* wallet_verify() claims "HC<n>:" and reports the unsupported version */
    char *s = strdup(hc1);
    s[2] = '2';
    wallet_result *r = NULL;
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, NULL, (const uint8_t *)s, strlen(s)),
                  WALLET_ERR_HC1_PREFIX);
    assert_non_null(strstr(wallet_result_detail(r), "context identifier"));
    wallet_result_free(r);
    free(s);
    wallet_free(hc1);
}

static void test_bad_base45(void **state)
{
    fixture *f = *state;
    expect(f, "HC1:NCFOXN%TS3DHa", WALLET_ERR_BASE45); /* lower case: not in the alphabet */
    expect(f, "HC1:NCFO", WALLET_ERR_BASE45);          /* length 1 mod 3 */
    expect(f, "HC1:GGW", WALLET_ERR_BASE45);           /* triplet over 65535 */
    expect(f, "HC1:NCF\nOXN", WALLET_ERR_BASE45);      /* a line break inside */
}

static void test_truncated_zlib(void **state)
{
    fixture *f = *state;
    uint8_t *z = NULL;
    size_t z_len = 0;
    static const char data[] = "a COSE_Sign1 would be here";
    tu_assert_ok(f->ctx, wl_zlib_deflate(f->ctx, &z, &z_len, (const uint8_t *)data, sizeof(data)));
    char *s = hc1_of_raw(f->ctx, z, z_len - 5);
    expect(f, s, WALLET_ERR_COMPRESSION);
    free(s);
    /* and corrupt: a broken zlib header check */
    z[1] ^= 0x01;
    s = hc1_of_raw(f->ctx, z, z_len);
    expect(f, s, WALLET_ERR_COMPRESSION);
    free(s);
    wallet_free(z);
}

static void test_not_compressed(void **state)
{
    fixture *f = *state;
    /* DCC Z2: the COSE_Sign1 Base45-encoded without zlib. */
    char *hc1 = issue(f, f->dsc, vacc_json);
    uint8_t *cose = NULL;
    size_t cose_len = 0;
    tu_assert_ok(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, hc1, strlen(hc1)));
    char *s = hc1_of_raw(f->ctx, cose, cose_len);
    expect(f, s, WALLET_ERR_COMPRESSION);
    free(s);
    wallet_free(cose);
    wallet_free(hc1);
}

static void test_data_after_zlib_stream(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    uint8_t *z = NULL;
    size_t z_len = 0;
    tu_assert_ok(f->ctx, wallet_base45_decode(f->ctx, &z, &z_len, hc1 + 4, strlen(hc1 + 4)));
    uint8_t *longer = malloc(z_len + 2);
    assert_non_null(longer);
    memcpy(longer, z, z_len);
    longer[z_len] = 0x00;
    longer[z_len + 1] = 0x00;
    char *s = hc1_of_raw(f->ctx, longer, z_len + 2);
    expect(f, s, WALLET_ERR_TRAILING_DATA);
    free(s);
    free(longer);
    wallet_free(z);
    wallet_free(hc1);
}

static void test_zip_bomb(void **state)
{
    fixture *f = *state;
    /* 16 MiB of zeros deflate to ~16 KiB: far past the 2 MiB default cap. */
    size_t big = 16u << 20;
    uint8_t *zeros = calloc(1, big);
    assert_non_null(zeros);
    uint8_t *z = NULL;
    size_t z_len = 0;
    tu_assert_ok(f->ctx, wl_zlib_deflate(f->ctx, &z, &z_len, zeros, big));
    free(zeros);
    char *s = hc1_of_raw(f->ctx, z, z_len);
    wallet_free(z);
    assert_true(strlen(s) < 64 * 1024);
    expect(f, s, WALLET_ERR_TOO_LARGE);
    assert_non_null(strstr(wallet_ctx_errmsg(f->ctx), "exceeds"));
    /* A context with a smaller cap refuses earlier, and a valid HC1 bigger
     * than the cap is refused the same way. */
    char *hc1 = issue(f, f->dsc, vacc_json);
    int64_t old = wallet_ctx_limit(f->ctx, WALLET_LIMIT_INFLATE_BYTES, 100);
    expect(f, hc1, WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INFLATE_BYTES, old);
    expect(f, hc1, WALLET_OK);
    wallet_free(hc1);
    free(s);
}

static void test_input_too_large(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    int64_t old = wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, 64);
    expect(f, hc1, WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, old);
    wallet_free(hc1);
}

/* ---- COSE defects ---------------------------------------------------------------------------- */

static void test_wrong_cose_tag(void **state)
{
    fixture *f = *state;
    static const uint64_t tags[] = {98, 17, 96, 24};
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        wrap_spec w = {.wrong_tag = tags[i]};
        char *hc1 = make_hc1(f, NULL, &w);
        expect(f, hc1, WALLET_ERR_COSE_FORMAT);
        wallet_free(hc1);
    }
    /* CWT tag 61 around an untagged COSE_Sign1, and around tag 98 */
    wrap_spec w = {.tag61 = 1, .untagged = 1};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_ERR_COSE_FORMAT);
    wallet_free(hc1);
    static const uint8_t t61_98[] = {0xD8, 0x3D, 0xD8, 0x62, 0x84, 0x40, 0xA0, 0x40, 0x40};
    char *s = hc1_of_cose(f->ctx, t61_98, sizeof(t61_98));
    expect(f, s, WALLET_ERR_COSE_FORMAT);
    free(s);
    /* CWT tag 61 in its two-byte-argument form around tag 18 is still tag 61 */
    hc1 = issue(f, f->dsc, vacc_json);
    uint8_t *cose = NULL;
    size_t cose_len = 0;
    tu_assert_ok(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, hc1, strlen(hc1)));
    uint8_t *wrapped = malloc(cose_len + 3);
    assert_non_null(wrapped);
    wrapped[0] = 0xD9;
    wrapped[1] = 0x00;
    wrapped[2] = 0x3D;
    memcpy(wrapped + 3, cose, cose_len);
    s = hc1_of_cose(f->ctx, wrapped, cose_len + 3);
    expect(f, s, WALLET_OK);
    free(s);
    free(wrapped);
    wallet_free(cose);
    wallet_free(hc1);
}

static void test_cose_wrong_shape(void **state)
{
    fixture *f = *state;
    static const uint8_t three[] = {0xD2, 0x83, 0x40, 0xA0, 0x40};       /* 3 elements */
    static const uint8_t map[] = {0xD2, 0xA1, 0x01, 0x26};               /* a map */
    static const uint8_t prot_text[] = {0xD2, 0x84, 0x60, 0xA0, 0x40, 0x40}; /* text protected */
    const struct {
        const uint8_t *p;
        size_t n;
    } cases[] = {{three, sizeof(three)}, {map, sizeof(map)}, {prot_text, sizeof(prot_text)}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *s = hc1_of_cose(f->ctx, cases[i].p, cases[i].n);
        expect(f, s, WALLET_ERR_COSE_FORMAT);
        free(s);
    }
}

static void test_not_cbor(void **state)
{
    fixture *f = *state;
    static const uint8_t junk[] = {0xD2, 0x84, 0x5B, 0xFF, 0xFF}; /* bstr longer than input */
    char *s = hc1_of_cose(f->ctx, junk, sizeof(junk));
    expect(f, s, WALLET_ERR_CBOR);
    free(s);
    static const uint8_t two[] = {0x01, 0x02}; /* two items */
    s = hc1_of_cose(f->ctx, two, sizeof(two));
    expect(f, s, WALLET_ERR_TRAILING_DATA);
    free(s);
}

static void test_detached_payload(void **state)
{
    fixture *f = *state;
    wrap_spec w = {.detached = 1};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_ERR_COSE_FORMAT);
    wallet_free(hc1);
}

/* ---- signer defects -------------------------------------------------------------------------- */

static void test_no_kid(void **state)
{
    fixture *f = *state;
    wrap_spec w = {.no_kid = 1};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_ERR_KEY_NOT_FOUND);
    wallet_free(hc1);
}

static void test_kid_not_eight_bytes(void **state)
{
    fixture *f = *state;
    uint8_t kid[32];
    tu_assert_ok(f->ctx, wallet_cert_sha256(f->ctx, kid, f->dsc));
    /* the first 7 or 9 (or all 32) bytes of the right hash are not a DCC kid */
    static const size_t lens[] = {7, 9, 32};
    for (size_t i = 0; i < 3; i++) {
        wrap_spec w = {.kid = kid, .kid_len = lens[i]};
        char *hc1 = make_hc1(f, NULL, &w);
        expect(f, hc1, WALLET_ERR_KEY_NOT_FOUND);
        wallet_free(hc1);
    }
}

static void test_unknown_kid(void **state)
{
    fixture *f = *state;
    static const uint8_t kid[WALLET_HC1_KID_LEN] = {1, 2, 3, 4, 5, 6, 7, 8};
    wrap_spec w = {.kid = kid, .kid_len = sizeof(kid)};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_ERR_KEY_NOT_FOUND);
    wallet_free(hc1);
    /* a valid HC1 against a trust set that does not hold its signer */
    hc1 = issue(f, f->dsc, vacc_json);
    wallet_trust *t = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &t));
    tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, t, f->csca, WALLET_TRUST_ROOT));
    tu_assert_ok(f->ctx, wallet_trust_add_key(f->ctx, t, f->dsc_key)); /* a key is not a DSC */
    wallet_result_free(check(f, t, NULL, hc1, WALLET_ERR_KEY_NOT_FOUND));
    wallet_trust_free(t);
    wallet_free(hc1);
}

static void test_wrong_protected_kid_not_rescued_by_unprotected(void **state)
{
    fixture *f = *state;
    /* DCC CO22: protected kid wrong, unprotected right: the protected one wins. */
    static const uint8_t foo[WALLET_HC1_KID_LEN] = {'f', 'o', 'o', 0, 0, 0, 0, 0};
    uint8_t right[WALLET_HC1_KID_LEN];
    kid_of(f, f->dsc, right);
    wrap_spec w = {.kid = foo, .kid_len = sizeof(foo), .unprot_kid = right,
                   .unprot_kid_len = sizeof(right)};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_ERR_KEY_NOT_FOUND);
    wallet_free(hc1);
}

static void test_signature_by_another_key(void **state)
{
    fixture *f = *state;
    /* the kid names a trusted DSC, the signature is someone else's */
    wrap_spec w = {.key = f->other_key};
    char *hc1 = make_hc1(f, NULL, &w);
    expect(f, hc1, WALLET_ERR_SIGNATURE);
    wallet_free(hc1);
}

static void test_tampered_payload(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    uint8_t *cose = NULL;
    size_t cose_len = 0;
    tu_assert_ok(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, hc1, strlen(hc1)));
    /* change "2025-11-02" (the vaccination date) to "2025-11-03" */
    uint8_t *p = cose;
    size_t left = cose_len;
    uint8_t *hit = NULL;
    while (left >= 10 && !hit) {
        if (!memcmp(p, "2025-11-02", 10))
            hit = p;
        p++;
        left--;
    }
    assert_non_null(hit);
    hit[9] = '3';
    char *s = hc1_of_cose(f->ctx, cose, cose_len);
    expect(f, s, WALLET_ERR_SIGNATURE);
    free(s);
    wallet_free(cose);
    wallet_free(hc1);
}

static void test_algorithm_policy(void **state)
{
    fixture *f = *state;
    char *hc1 = issue(f, f->dsc, vacc_json);
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_algs(f->ctx, p, WALLET_ALGSET(WALLET_ALG_ES384)));
    wallet_result_free(check(f, NULL, p, hc1, WALLET_ERR_ALG_NOT_ALLOWED));
    tu_assert_ok(f->ctx, wallet_policy_set_algs(f->ctx, p, WALLET_ALGSET(WALLET_ALG_PS256)));
    wallet_result_free(check(f, NULL, p, hc1, WALLET_ERR_ALG_NOT_ALLOWED));
    tu_assert_ok(f->ctx, wallet_policy_set_algs(f->ctx, p, WALLET_ALGSET(WALLET_ALG_ES256)));
    wallet_result_free(check(f, NULL, p, hc1, WALLET_OK));
    wallet_policy_free(p);
    wallet_free(hc1);
}

static void test_es384_is_not_an_hc1_algorithm(void **state)
{
    fixture *f = *state;
    /* A P-384 signer with a trusted certificate: hcert spec §3.3.1 allows
     * ES256 and PS256 only. */
    wallet_key *k = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &k, WALLET_ALG_ES384));
    wallet_cert *c = make_dsc(f->ctx, k, f->csca_key, f->csca, "DSC P-384", NULL, 0,
                              NOW - DAY, NOW + 365 * DAY);
    wallet_trust *t = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &t));
    tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, t, c, WALLET_TRUST_SIGNER));
    uint8_t kid[WALLET_HC1_KID_LEN];
    kid_of(f, c, kid);
    wrap_spec w = {.key = k, .kid = kid, .kid_len = sizeof(kid)};
    char *hc1 = make_hc1(f, NULL, &w);
    wallet_result_free(check(f, t, NULL, hc1, WALLET_ERR_ALG_NOT_ALLOWED));
    wallet_free(hc1);
    wallet_trust_free(t);
    wallet_cert_free(c);
    wallet_key_free(k);
}

/* ---- policy defects -------------------------------------------------------------------------- */

static void test_expired(void **state)
{
    fixture *f = *state;
    claims_spec c = {.iat = NOW - 30 * DAY, .exp = NOW - SKEW - 1};
    char *hc1 = make_hc1(f, &c, NULL);
    expect(f, hc1, WALLET_ERR_EXPIRED);
    /* the same string was valid the day before */
    wallet_ctx_set_time(f->ctx, NOW - DAY);
    expect(f, hc1, WALLET_OK);
    wallet_ctx_set_time(f->ctx, NOW);
    wallet_free(hc1);
    /* exp = 0 is 1970, not "no expiry" */
    claims_spec z = {.exp_zero = 1};
    hc1 = make_hc1(f, &z, NULL);
    expect(f, hc1, WALLET_ERR_EXPIRED);
    wallet_free(hc1);
}

static void test_issued_in_the_future(void **state)
{
    fixture *f = *state;
    claims_spec c = {.iat = NOW + SKEW + 1, .exp = NOW + 10 * DAY};
    char *hc1 = make_hc1(f, &c, NULL);
    expect(f, hc1, WALLET_ERR_NOT_YET_VALID);
    wallet_free(hc1);
}

static void test_signer_certificate_expired(void **state)
{
    fixture *f = *state;
    /* The HC1 is within its own validity, but its signer's certificate
     * ended yesterday (and one that starts tomorrow is not valid yet). */
    wallet_cert *old = make_dsc(f->ctx, f->dsc_key, f->csca_key, f->csca, "DSC old", NULL, 0,
                                NOW - 400 * DAY, NOW - DAY);
    wallet_cert *future = make_dsc(f->ctx, f->dsc_key, f->csca_key, f->csca, "DSC future", NULL,
                                   0, NOW + DAY, NOW + 400 * DAY);
    const wallet_cert *certs[] = {old, future};
    for (size_t i = 0; i < 2; i++) {
        wallet_trust *t = NULL;
        tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &t));
        tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, t, certs[i], WALLET_TRUST_SIGNER));
        uint8_t kid[WALLET_HC1_KID_LEN];
        kid_of(f, certs[i], kid);
        wrap_spec w = {.kid = kid, .kid_len = sizeof(kid)};
        char *hc1 = make_hc1(f, NULL, &w);
        wallet_result_free(check(f, t, NULL, hc1, WALLET_ERR_CERT_EXPIRED));
        wallet_free(hc1);
        wallet_trust_free(t);
    }
    wallet_cert_free(old);
    wallet_cert_free(future);
}

static void test_key_usage_violation(void **state)
{
    fixture *f = *state;
    /* A certificate restricted to test results must not sign vaccinations,
     * recoveries or check-ups; one restricted to vaccinations not tests. */
    static const struct {
        const char *payload;
        int vacc_signer;
    } cases[] = {{vacc_json, 0}, {rec_json, 0}, {checkup_json, 0}, {test_json, 1}, {rec_json, 1}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const wallet_cert *c = cases[i].vacc_signer ? f->dsc_vacc : f->dsc_test;
        uint8_t kid[WALLET_HC1_KID_LEN];
        kid_of(f, c, kid);
        claims_spec cl = {.payload_json = cases[i].payload};
        wrap_spec w = {.kid = kid, .kid_len = sizeof(kid)};
        char *hc1 = make_hc1(f, &cl, &w);
        expect(f, hc1, WALLET_ERR_KEY_USAGE);
        wallet_free(hc1);
    }
}

/* ---- CWT and payload defects ----------------------------------------------------------------- */

static void test_cwt_claims_malformed(void **state)
{
    fixture *f = *state;
    const claims_spec cases[] = {
        {.no_exp = 1}, {.no_iat = 1},    {.exp_text = 1},  {.iss_int = 1},
        {.no_hcert = 1}, {.no_eu_key = 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *hc1 = make_hc1(f, &cases[i], NULL);
        expect(f, hc1, WALLET_ERR_HC1_CWT);
        wallet_free(hc1);
    }
}

static void test_cwt_not_a_map(void **state)
{
    fixture *f = *state;
    static const uint8_t arr[] = {0x82, 0x01, 0x02};
    size_t cose_len = 0;
    static const wrap_spec w;
    uint8_t *cose = sign_cose(f, &w, arr, sizeof(arr), &cose_len);
    char *s = hc1_of_cose(f->ctx, cose, cose_len);
    expect(f, s, WALLET_ERR_HC1_CWT);
    free(s);
    wallet_free(cose);
    /* and a payload that is not CBOR at all */
    static const uint8_t text[] = "not CBOR";
    cose = sign_cose(f, &w, text, sizeof(text) - 1, &cose_len);
    s = hc1_of_cose(f->ctx, cose, cose_len);
    expect(f, s, WALLET_ERR_CBOR); /* 0x6e "n": a 14-byte text announced, 7 bytes follow */
    free(s);
    wallet_free(cose);
}

static void test_cwt_duplicate_claim(void **state)
{
    fixture *f = *state;
    claims_spec c = {.duplicate_exp = 1};
    char *hc1 = make_hc1(f, &c, NULL);
    expect(f, hc1, WALLET_ERR_CBOR_DUPLICATE);
    wallet_free(hc1);
}

static void test_payload_malformed(void **state)
{
    fixture *f = *state;
    static const char *const payloads[] = {
        "{" PERSON "}",                                          /* no kind */
        "{" PERSON ",\"v\":[{\"dn\":1}],\"t\":[{\"tt\":\"x\"}]}", /* two kinds */
        "{" PERSON ",\"v\":[]}",                                 /* empty */
        "{" PERSON ",\"r\":{\"fr\":\"2025-10-01\"}}",            /* not an array */
        "{" PERSON ",\"pc\":[1,2]}",                             /* entries not maps */
        "[1,2,3]",                                               /* not a map */
    };
    for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
        claims_spec c = {.payload_json = payloads[i]};
        char *hc1 = make_hc1(f, &c, NULL);
        expect(f, hc1, WALLET_ERR_HC1_PAYLOAD);
        wallet_free(hc1);
    }
}

static void test_verify_arguments(void **state)
{
    fixture *f = *state;
    wallet_result *r = (wallet_result *)(uintptr_t)1;
    tu_assert_err(f->ctx, wallet_hc1_verify(f->ctx, &r, NULL, NULL, "HC1:", 4),
                  WALLET_ERR_INVALID_ARG);
    assert_null(r);
    r = (wallet_result *)(uintptr_t)1;
    tu_assert_err(f->ctx, wallet_hc1_verify(f->ctx, &r, f->trust, NULL, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(r);
    tu_assert_err(f->ctx, wallet_hc1_verify(f->ctx, NULL, f->trust, NULL, "HC1:", 4),
                  WALLET_ERR_INVALID_ARG);
    uint8_t *cose = (uint8_t *)(uintptr_t)1;
    size_t cose_len = 9;
    tu_assert_err(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(cose);
    assert_int_equal(cose_len, 0);
    char *s = (char *)(uintptr_t)1;
    tu_assert_err(f->ctx, wallet_hc1_encode(f->ctx, &s, NULL, 3), WALLET_ERR_INVALID_ARG);
    assert_null(s);
    /* decode reports each transport step's own error */
    tu_assert_err(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, "HC2:AB", 6),
                  WALLET_ERR_HC1_PREFIX);
    tu_assert_err(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, "HC1:ab", 6),
                  WALLET_ERR_BASE45);
    tu_assert_err(f->ctx, wallet_hc1_decode(f->ctx, &cose, &cose_len, "HC1:BB8", 7),
                  WALLET_ERR_COMPRESSION);
    assert_null(cose);
    /* works without a context too */
    tu_assert_err(NULL, wallet_hc1_verify(NULL, &r, f->trust, NULL, "HC1:BB8", 7),
                  WALLET_ERR_COMPRESSION);
    assert_string_equal(wallet_result_detail(r), "bad_compression");
    wallet_result_free(r);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        /* valid */
        T(test_vaccination_round_trip),
        T(test_every_kind_with_matching_key_usage),
        T(test_wallet_verify_detects_text_and_png),
        T(test_kid_unprotected_accepted),
        T(test_protected_kid_wins_over_unprotected),
        T(test_untagged_and_cwt_tag_accepted),
        T(test_float_numeric_dates),
        T(test_without_iss_issuer_is_the_signer),
        T(test_self_signed_signer_loaded_as_root),
        T(test_time_boundaries_with_skew),
        T(test_transport_round_trip),
        T(test_deflate_small_window),
        T(test_kid_is_sha256_prefix),
        /* defects */
        T(test_wrong_prefix),
        T(test_bad_base45),
        T(test_truncated_zlib),
        T(test_not_compressed),
        T(test_data_after_zlib_stream),
        T(test_zip_bomb),
        T(test_input_too_large),
        T(test_wrong_cose_tag),
        T(test_cose_wrong_shape),
        T(test_not_cbor),
        T(test_detached_payload),
        T(test_no_kid),
        T(test_kid_not_eight_bytes),
        T(test_unknown_kid),
        T(test_wrong_protected_kid_not_rescued_by_unprotected),
        T(test_signature_by_another_key),
        T(test_tampered_payload),
        T(test_algorithm_policy),
        T(test_es384_is_not_an_hc1_algorithm),
        T(test_expired),
        T(test_issued_in_the_future),
        T(test_signer_certificate_expired),
        T(test_key_usage_violation),
        T(test_cwt_claims_malformed),
        T(test_cwt_not_a_map),
        T(test_cwt_duplicate_claim),
        T(test_payload_malformed),
        T(test_verify_arguments),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
