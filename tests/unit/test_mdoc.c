/*
 * mdoc: issuing, presenting and verifying (ISO/IEC 18013-5), positive
 * round trips and the verifier's refusals, each named for its defect.
 */
#include "mdoc_fixture.h"

/* ==== positive ======================================================================= */

static void test_issue_then_verify_issuer_signed(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    assert_string_equal(wallet_mdoc_verified_doctype(v, 0), DT);
    assert_string_equal(wallet_mdoc_verified_issuer(v, 0), "CN=Test DS,O=City,C=VN");
    assert_int_equal(wallet_mdoc_verified_device_auth(v, 0), WALLET_MDOC_DEVICE_AUTH_NONE);
    assert_true(wallet_key_equal_public(wallet_mdoc_verified_device_key(v, 0), f->holder));
    assert_int_equal(wallet_mdoc_verified_signed(v, 0), T0 + DAY);
    assert_int_equal(wallet_mdoc_verified_valid_from(v, 0), T0 + DAY);
    assert_int_equal(wallet_mdoc_verified_valid_until(v, 0), T0 + DAY + 365 * DAY);
    assert_string_equal(
        wallet_mdoc_verified_claims(v, 0),
        "{\"org.iso.18013.5.1\":{\"family_name\":\"Nguyen\",\"given_name\":\"Minh Anh\","
        "\"birth_date\":\"1990-04-12\",\"issue_date\":\"2024-01-15\",\"expiry_date\":"
        "\"2034-01-14\",\"issuing_country\":\"VN\",\"document_number\":\"B2-0012345\","
        "\"portrait\":\"_9j_4AAQ\",\"age_over_18\":true,\"height\":172,\"driving_privileges\":"
        "[{\"issue_date\":\"2024-01-15\",\"vehicle_category_code\":\"B\"}]},"
        "\"org.iso.18013.5.1.VN\":{\"residence_city\":\"Ha Noi\","
        "\"last_update\":\"2025-12-31T16:00:00Z\"}}");
    wallet_mdoc_verified_free(v);
    wallet_free(is);
    fx_free(f);
}

/* The issued bytes follow the standard: tags, salts, digestIDs, x5chain. */
static void test_issued_structure(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    wl_cbor_doc *doc = NULL;
    tu_assert_ok(f->ctx, wl_cbor_decode(f->ctx, &doc, is, n, 0, NULL));
    wl_mdoc_issuer_signed s;
    tu_assert_ok(f->ctx, wl_mdoc_issuer_signed_parse(f->ctx, &s, wl_cbor_root(doc)));
    tu_assert_ok(f->ctx, wl_mdoc_issuer_signed_parse_mso(f->ctx, &s));
    assert_int_equal(s.n_items, 13);
    int sequential = 1;
    for (size_t i = 0; i < s.n_items; i++) {
        /* full-date elements carry tag 1004 */
        if (wl_cbor_is_text(s.items[i].element, "birth_date")) {
            assert_int_equal(s.items[i].value->type, WL_CBOR_TAG);
            assert_int_equal(s.items[i].value->u, 1004);
        }
        if (wl_cbor_is_text(s.items[i].element, "last_update")) {
            assert_int_equal(s.items[i].value->u, 0);
            assert_true(wl_cbor_is_text(wl_cbor_tag_content(s.items[i].value),
                                        "2025-12-31T16:00:00Z"));
        }
        assert_true(s.items[i].random->u >= 16);
        for (size_t j = 0; j < i; j++) {
            assert_false(s.items[i].random->u == s.items[j].random->u &&
                         !memcmp(s.items[i].random->ptr, s.items[j].random->ptr,
                                 (size_t)s.items[i].random->u));
            if (s.items[i].ns == s.items[j].ns)
                assert_true(s.items[i].digest_id != s.items[j].digest_id);
        }
        if (i && s.items[i].ns == s.items[i - 1].ns &&
            s.items[i].digest_id != s.items[i - 1].digest_id + 1)
            sequential = 0;
        /* every element's digest is in the MSO */
        assert_non_null(wl_mdoc_mso_digest(&s.mso, s.items[i].ns, s.items[i].digest_id));
    }
    assert_false(sequential);
    /* x5chain (label 33) in the unprotected header, alg protected */
    assert_int_equal(s.auth.n_x5, 1);
    assert_null(wl_cbor_map_int(s.auth.prot, 33));
    assert_non_null(wl_cbor_map_int(s.auth.unprot, 33));
    assert_int_equal(s.auth.alg, WALLET_ALG_ES256);
    /* payload = #6.24(bstr .cbor MSO) */
    assert_int_equal(s.auth.payload->ptr[0], 0xD8);
    assert_int_equal(s.auth.payload->ptr[1], 0x18);
    assert_int_equal(s.mso.hash, WL_SHA256);
    assert_true(wl_cbor_is_text(s.mso.doctype, DT));
    assert_int_equal(s.mso.status_idx, -1);
    wl_mdoc_issuer_signed_clear(&s);
    wl_cbor_doc_free(doc);
    wallet_free(is);
    fx_free(f);
}

static void test_issue_digests_validity_status(void **state)
{
    (void)state;
    fx *f = fx_new();
    static const wallet_mdoc_digest digests[3] = {WALLET_MDOC_SHA256, WALLET_MDOC_SHA384,
                                                  WALLET_MDOC_SHA512};
    for (int i = 0; i < 3; i++) {
        wallet_mdoc_issuer *b = NULL;
        tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
        tu_assert_ok(f->ctx, wallet_mdoc_issuer_set_digest(f->ctx, b, digests[i]));
        tu_assert_ok(f->ctx, wallet_mdoc_issuer_set_validity(f->ctx, b, T0 + 3600, T0 + 7200,
                                                             T0 + 90 * DAY, T0 + 60 * DAY));
        tu_assert_ok(f->ctx, wallet_mdoc_issuer_set_status(f->ctx, b,
                                                           "https://status.example/lists/7", 4242));
        tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, fx_claims,
                                                                strlen(fx_claims)));
        uint8_t *is = NULL;
        size_t n;
        tu_assert_ok(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &is, &n, b, f->holder, f->ds_key,
                                                     WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1));
        wallet_mdoc_verified *v = NULL;
        tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
        assert_int_equal(wallet_mdoc_verified_signed(v, 0), T0 + 3600);
        assert_int_equal(wallet_mdoc_verified_valid_from(v, 0), T0 + 7200);
        assert_int_equal(wallet_mdoc_verified_valid_until(v, 0), T0 + 90 * DAY);
        assert_int_equal(wallet_mdoc_verified_expected_update(v, 0), T0 + 60 * DAY);
        assert_string_equal(wallet_mdoc_verified_status_uri(v, 0), "https://status.example/lists/7");
        assert_int_equal(wallet_mdoc_verified_status_index(v, 0), 4242);
        wallet_mdoc_verified_free(v);
        /* and the result of wallet_verify() carries the status reference */
        wallet_result *r = NULL;
        tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, NULL, is, n));
        assert_string_equal(wallet_result_status_uri(r), "https://status.example/lists/7");
        assert_int_equal(wallet_result_status_index(r), 4242);
        assert_int_equal(wallet_result_issued_at(r), T0 + 3600);
        wallet_result_free(r);
        wallet_free(is);
        wallet_mdoc_issuer_free(b);
    }
    fx_free(f);
}

static void test_issue_other_algorithms_and_external_signer(void **state)
{
    (void)state;
    fx *f = fx_new();
    static const wallet_alg algs[] = {WALLET_ALG_ES384, WALLET_ALG_ES512, WALLET_ALG_EDDSA};
    for (size_t i = 0; i < WL_ARRAY_LEN(algs); i++) {
        wallet_key *k = NULL, *dev = NULL;
        tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &k, algs[i]));
        tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &dev, algs[i]));
        wallet_cert *ds = fx_cert(f, WALLET_CERT_PROFILE_MDOC_DS, "CN=Other DS,C=VN", k,
                                  f->iaca_key, f->iaca);
        size_t n, dn;
        uint8_t *is = fx_issue_with(f, fx_claims, dev, k, ds, &n);
        wallet_mdoc_verified *v = NULL;
        tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
        wallet_mdoc_verified_free(v);
        /* the holder signs with the same kind of key */
        wallet_mdoc_response *r = NULL;
        uint8_t *dr = NULL;
        tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
        tu_assert_ok(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, n, NULL, 0, dev,
                                                      WALLET_ALG_NONE, NULL));
        tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &dr, &dn, r));
        tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
        assert_int_equal(wallet_mdoc_verified_device_auth(v, 0), WALLET_MDOC_DEVICE_AUTH_SIGNATURE);
        wallet_mdoc_verified_free(v);
        wallet_free(dr);
        wallet_mdoc_response_free(r);
        wallet_free(is);
        wallet_cert_free(ds);
        wallet_key_free(k);
        wallet_key_free(dev);
    }
    fx_free(f);
}

/* An external signer (HSM / keystore) for the issuer and for the holder. */
static wallet_err ext_sign(void *user, wallet_alg alg, const uint8_t *msg, size_t msg_len,
                           uint8_t *sig, size_t *sig_len)
{
    const wallet_key *k = user;
    uint8_t *s = NULL;
    size_t n = 0;
    wallet_err e = wallet_sign(NULL, &s, &n, k, alg, msg, msg_len);
    if (!e && n <= *sig_len) {
        memcpy(sig, s, n);
        *sig_len = n;
    }
    wallet_free(s);
    return e;
}

static void test_external_signers(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_key *pub_ds = NULL, *pub_h = NULL, *ext_ds = NULL, *ext_h = NULL;
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &pub_ds, f->ds_key));
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &pub_h, f->holder));
    tu_assert_ok(f->ctx, wallet_key_from_signer(f->ctx, &ext_ds, pub_ds, WALLET_ALG_ES256, ext_sign,
                                                f->ds_key, WALLET_SIGNER_RAW));
    tu_assert_ok(f->ctx, wallet_key_from_signer(f->ctx, &ext_h, pub_h, WALLET_ALG_ES256, ext_sign,
                                                f->holder, WALLET_SIGNER_RAW));
    size_t n, dn;
    uint8_t *is = fx_issue_with(f, fx_claims, pub_h, ext_ds, f->ds, &n);
    wallet_mdoc_response *r = NULL;
    uint8_t *dr = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, n, NULL, 0, ext_h,
                                                  WALLET_ALG_NONE, NULL));
    tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &dr, &dn, r));
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, NULL));
    wallet_free(dr);
    wallet_mdoc_response_free(r);
    wallet_free(is);
    wallet_key_free(pub_ds);
    wallet_key_free(pub_h);
    wallet_key_free(ext_ds);
    wallet_key_free(ext_h);
    fx_free(f);
}

static void test_present_selection_and_errors(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    const wallet_mdoc_item items[] = {
        {NS, "family_name", 0},
        {NS, "age_over_18", 0},
        {"org.iso.18013.5.1.VN", "residence_city", 0},
        {NS, "nationality", 0},       /* not in the credential */
        {"org.example.x", "thing", 0}, /* neither */
        {NS, "nationality", 0},       /* asked twice: reported once */
    };
    uint8_t *dr = fx_present(f, is, n, items, WL_ARRAY_LEN(items), 0, &dn);
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
    assert_string_equal(wallet_mdoc_verified_claims(v, 0),
                        "{\"org.iso.18013.5.1\":{\"family_name\":\"Nguyen\",\"age_over_18\":true},"
                        "\"org.iso.18013.5.1.VN\":{\"residence_city\":\"Ha Noi\"}}");
    assert_string_equal(wallet_mdoc_verified_errors(v, 0),
                        "{\"org.example.x\":{\"thing\":0},\"org.iso.18013.5.1\":{\"nationality\":0}}");
    assert_int_equal(wallet_mdoc_verified_device_auth(v, 0), WALLET_MDOC_DEVICE_AUTH_SIGNATURE);
    wallet_mdoc_verified_free(v);
    wallet_free(dr);
    /* nothing the credential has: a Document with errors only, still
     * authenticated (issuerAuth and DeviceSigned) */
    const wallet_mdoc_item none[] = {{NS, "nationality", 0}};
    dr = fx_present(f, is, n, none, 1, 0, &dn);
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
    assert_string_equal(wallet_mdoc_verified_claims(v, 0), "{}");
    wallet_mdoc_verified_free(v);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_present_device_mac(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    const wallet_mdoc_item items[] = {{NS, "document_number", 0}};
    uint8_t *dr = fx_present(f, is, n, items, 1, 1, &dn);
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
    assert_int_equal(wallet_mdoc_verified_device_auth(v, 0), WALLET_MDOC_DEVICE_AUTH_MAC);
    assert_string_equal(wallet_mdoc_verified_claims(v, 0),
                        "{\"org.iso.18013.5.1\":{\"document_number\":\"B2-0012345\"}}");
    wallet_mdoc_verified_free(v);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_two_documents_and_document_errors(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n1, n2, dn;
    uint8_t *mdl = fx_issue(f, &n1);
    wallet_mdoc_issuer *b = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, "org.example.health.1"));
    const char *c = "{\"org.example.health\":{\"blood_type\":\"O+\"}}";
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, c, strlen(c)));
    uint8_t *h = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &h, &n2, b, f->holder, f->ds_key,
                                                 WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1));
    wallet_mdoc_response *r = NULL;
    uint8_t *dr = NULL;
    const wallet_mdoc_item i1[] = {{NS, "given_name", 0}};
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add(f->ctx, r, mdl, n1, i1, 1, f->holder,
                                                  WALLET_ALG_NONE, NULL));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add(f->ctx, r, h, n2, NULL, 0, f->holder,
                                                  WALLET_ALG_NONE, NULL));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add_document_error(f->ctx, r, "org.example.pid", 0));
    tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &dr, &dn, r));
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
    assert_int_equal(wallet_mdoc_verified_count(v), 2);
    assert_string_equal(wallet_mdoc_verified_doctype(v, 1), "org.example.health.1");
    assert_string_equal(wallet_mdoc_verified_document_errors(v), "{\"org.example.pid\":0}");
    assert_null(wallet_mdoc_verified_doctype(v, 2));
    wallet_mdoc_verified_free(v);
    /* wallet_verify merges the documents' claims */
    wallet_policy *p = fx_policy(f, 0);
    wallet_result *res = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &res, f->trust, p, dr, dn));
    assert_string_equal(wallet_result_claims_json(res),
                        "{\"org.iso.18013.5.1\":{\"given_name\":\"Minh Anh\"},"
                        "\"org.example.health\":{\"blood_type\":\"O+\"}}");
    assert_string_equal(wallet_result_type(res), DT);
    wallet_result_free(res);
    wallet_policy_free(p);
    wallet_free(dr);
    wallet_mdoc_response_free(r);
    wallet_mdoc_issuer_free(b);
    wallet_free(h);
    wallet_free(mdl);
    fx_free(f);
}

static void test_wallet_verify_result_json(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    const wallet_mdoc_item items[] = {{NS, "age_over_18", 0}};
    uint8_t *dr = fx_present(f, is, n, items, 1, 0, &dn);
    /* as base64url text, the way the CLI prints it */
    char *b64 = NULL;
    size_t b64_len;
    tu_assert_ok(f->ctx, wallet_b64url_encode(f->ctx, &b64, &b64_len, dr, dn));
    wallet_policy *p = fx_policy(f, 0);
    tu_assert_ok(f->ctx, wallet_policy_set_doctype(f->ctx, p, DT));
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (const uint8_t *)b64, b64_len));
    char *json = NULL;
    tu_assert_ok(f->ctx, wallet_result_to_json(f->ctx, &json, r));
    cJSON *j = cJSON_Parse(json);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "valid")));
    assert_string_equal(cJSON_GetObjectItem(j, "format")->valuestring, "mso_mdoc");
    assert_string_equal(cJSON_GetObjectItem(j, "issuer")->valuestring, "CN=Test DS,O=City,C=VN");
    assert_string_equal(cJSON_GetObjectItem(j, "holder_auth")->valuestring, "device_signature");
    assert_non_null(cJSON_GetObjectItem(j, "holder_key"));
    assert_true(cJSON_IsTrue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "claims"), NS), "age_over_18")));
    assert_true(wallet_key_equal_public(wallet_result_holder_key(r), f->holder));
    cJSON_Delete(j);
    wallet_free(json);
    wallet_result_free(r);
    /* the IssuerSigned alone: issuer data only, said so */
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, NULL, is, n));
    assert_string_equal(wallet_result_holder_auth(r), "none");
    wallet_result_free(r);
    wallet_policy_free(p);
    wallet_free(b64);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

/* An mDL whose MSO references entry `*idx` of a fresh Token Status List;
 * the list's token (signed by the document signer, chained to the IACA) is
 * put in a verifier cache the policy uses. */
static uint8_t *status_mdl(fx *f, wallet_status_list **list, uint64_t *idx, size_t *len)
{
    static const char uri[] = "https://status.transport.example/lists/1";
    tu_assert_ok(f->ctx, wallet_status_list_new(f->ctx, list, uri, 1, 1024,
                                                WALLET_STATUS_ALLOC_RANDOM));
    tu_assert_ok(f->ctx, wallet_status_list_allocate(f->ctx, idx, *list));
    wallet_mdoc_issuer *b = NULL;
    uint8_t *out = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, fx_claims, strlen(fx_claims)));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_set_status(f->ctx, b, uri, *idx));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &out, len, b, f->holder, f->ds_key,
                                                 WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1));
    wallet_mdoc_issuer_free(b);
    return out;
}

static wallet_status_cache *status_cache_of(fx *f, const wallet_status_list *list)
{
    uint8_t *tok = NULL;
    size_t tok_len = 0;
    tu_assert_ok(f->ctx, wallet_status_list_token(f->ctx, &tok, &tok_len, list, f->ds_key,
                                                  (const wallet_cert *const *)&f->ds, 1,
                                                  WALLET_STATUS_CWT, 86400, 3600));
    wallet_status_cache *c = NULL;
    tu_assert_ok(f->ctx, wallet_status_cache_new(f->ctx, &c, 0));
    tu_assert_ok(f->ctx, wallet_status_cache_add(f->ctx, c, f->trust, WALLET_ALGSET_ALL, tok, tok_len));
    wallet_free(tok);
    return c;
}

static void test_status_checked_through_wallet_verify(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_status_list *list = NULL;
    uint64_t idx = 0;
    size_t n, dn;
    uint8_t *is = status_mdl(f, &list, &idx, &n);
    const wallet_mdoc_item items[] = {{NS, "age_over_18", 0}};
    uint8_t *dr = fx_present(f, is, n, items, 1, 0, &dn);
    wallet_status_cache *cache = status_cache_of(f, list);
    wallet_policy *p = fx_policy(f, 0);
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, p, cache));
    tu_assert_ok(f->ctx, wallet_policy_require_status(f->ctx, p, 1));
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, dr, dn));
    assert_string_equal(wallet_result_status_uri(r), "https://status.transport.example/lists/1");
    assert_int_equal(wallet_result_status_index(r), (int64_t)idx);
    assert_int_equal(wallet_result_status(r), WALLET_STATUS_VALID);
    wallet_result_free(r);
    /* the stored credential, checked on its own, carries the same reference */
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, is, n));
    assert_int_equal(wallet_result_status(r), WALLET_STATUS_VALID);
    wallet_result_free(r);
    wallet_policy_free(p);
    wallet_status_cache_free(cache);
    wallet_status_list_free(list);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_revoked_mdl(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_status_list *list = NULL;
    uint64_t idx = 0;
    size_t n, dn;
    uint8_t *is = status_mdl(f, &list, &idx, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    tu_assert_ok(f->ctx, wallet_status_list_set(f->ctx, list, idx, WALLET_STATUS_INVALID));
    wallet_status_cache *cache = status_cache_of(f, list);
    wallet_policy *p = fx_policy(f, 0);
    tu_assert_ok(f->ctx, wallet_policy_set_status_cache(f->ctx, p, cache));
    wallet_result *r = NULL;
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, dr, dn), WALLET_ERR_REVOKED);
    assert_false(wallet_result_valid(r));
    assert_null(wallet_result_claims_json(r));
    wallet_result_free(r);
    wallet_policy_free(p);
    wallet_status_cache_free(cache);
    wallet_status_list_free(list);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_credential_view(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    wallet_mdoc_credential *c = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_credential_parse(f->ctx, &c, is, n));
    assert_string_equal(wallet_mdoc_credential_doctype(c), DT);
    assert_int_equal(wallet_mdoc_credential_count(c), 13);
    wallet_mdoc_item it;
    assert_true(wallet_mdoc_credential_item(c, 0, &it));
    assert_string_equal(it.name_space, NS);
    assert_string_equal(it.element, "family_name");
    assert_true(wallet_mdoc_credential_item(c, 12, &it));
    assert_string_equal(it.element, "last_update");
    assert_false(wallet_mdoc_credential_item(c, 13, &it));
    assert_true(wallet_key_equal_public(wallet_mdoc_credential_device_key(c), f->holder));
    wallet_mdoc_credential_free(c);
    /* structure is checked, signatures are not: a credential from an
     * untrusted issuer still parses (it is the holder's own) */
    tu_assert_err(f->ctx, wallet_mdoc_credential_parse(f->ctx, &c, is, n - 1), WALLET_ERR_CBOR);
    assert_null(c);
    wallet_free(is);
    fx_free(f);
}

static void test_add_element_raw_cbor(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_issuer *b = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    /* {"a": [1, -2]} as an element value, and a float */
    static const uint8_t v1[] = {0xA1, 0x61, 0x61, 0x82, 0x01, 0x21};
    static const uint8_t v2[] = {0xF9, 0x3E, 0x00}; /* 1.5 */
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_element(f->ctx, b, NS, "custom", v1, sizeof(v1)));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_element(f->ctx, b, NS, "ratio", v2, sizeof(v2)));
    tu_assert_err(f->ctx, wallet_mdoc_issuer_add_element(f->ctx, b, NS, "bad", v1, 3),
                  WALLET_ERR_CBOR);
    tu_assert_err(f->ctx, wallet_mdoc_issuer_add_element(f->ctx, b, NS, "custom", v2, sizeof(v2)),
                  WALLET_ERR_MDOC_CLAIMS);
    uint8_t *is = NULL;
    size_t n;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &is, &n, b, f->holder, f->ds_key,
                                                 WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1));
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    assert_string_equal(wallet_mdoc_verified_claims(v, 0),
                        "{\"org.iso.18013.5.1\":{\"custom\":{\"a\":[1,-2]},\"ratio\":1.5}}");
    wallet_mdoc_verified_free(v);
    wallet_free(is);
    wallet_mdoc_issuer_free(b);
    fx_free(f);
}

static void test_device_signed_elements_authorized(void **state)
{
    (void)state;
    fx *f = fx_new();
    wl_buf items[1];
    wl_buf_init(&items[0], 0);
    fg_item(&items[0], 5, "family_name", "Doe");
    uint64_t ids[1] = {5};
    fg_mso k = {0};
    k.key_auth_ns = 1;
    size_t n, dn;
    uint8_t *is = fg_issuer_signed(f, &k, items, ids, 1, 1, &n);
    /* {"org.example.device": {"wallet_name": "City Wallet"}} */
    wl_buf dns;
    wl_buf_init(&dns, 0);
    wl_cbor_put_map(&dns, 1);
    wl_cbor_put_cstr(&dns, "org.example.device");
    wl_cbor_put_map(&dns, 1);
    wl_cbor_put_cstr(&dns, "wallet_name");
    wl_cbor_put_cstr(&dns, "City Wallet");
    uint8_t *dr = fg_response(f, is, n, NULL, f->holder, dns.data, dns.len, 0, NULL, &dn);
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
    assert_string_equal(wallet_mdoc_verified_device_claims(v, 0),
                        "{\"org.example.device\":{\"wallet_name\":\"City Wallet\"}}");
    assert_string_equal(wallet_mdoc_verified_claims(v, 0), "{\"org.iso.18013.5.1\":{\"family_name\":\"Doe\"}}");
    wallet_mdoc_verified_free(v);
    wallet_free(dr);
    wl_buf_free(&dns);
    wallet_free(is);
    wl_buf_free(&items[0]);
    fx_free(f);
}

static uint8_t *issue_validity(fx *f, int64_t signed_at, int64_t from, int64_t until, size_t *n)
{
    wallet_mdoc_issuer *b = NULL;
    uint8_t *is = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, fx_claims, strlen(fx_claims)));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_set_validity(f->ctx, b, signed_at, from, until, 0));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &is, n, b, f->holder, f->ds_key,
                                                 WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1));
    wallet_mdoc_issuer_free(b);
    return is;
}

/* The per-context cache of verified chains answers exactly what a full
 * verification would: time, trust set changes and role all count. */
static void test_chain_cache_is_exact(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = issue_validity(f, T0 + DAY, T0 + DAY, T0 + 700 * DAY, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    wallet_mdoc_verified_free(v);
    assert_non_null(f->ctx->cache[WL_CACHE_MDOC_CHAIN]);
    /* a hit, same answer */
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    assert_string_equal(wallet_mdoc_verified_issuer(v, 0), "CN=Test DS,O=City,C=VN");
    wallet_mdoc_verified_free(v);
    /* the DS certificate expires (notAfter T0+365d, excluded): no stale hit */
    wallet_ctx_set_time(f->ctx, T0 + 365 * DAY);
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_CERT_EXPIRED);
    wallet_ctx_set_time(f->ctx, T0 + 365 * DAY - 1);
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    wallet_mdoc_verified_free(v);
    /* before notBefore */
    wallet_ctx_set_time(f->ctx, T0 - 1);
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_CERT_EXPIRED);
    wallet_ctx_set_time(f->ctx, T0 + 2 * DAY);
    /* another trust set without the IACA */
    wallet_trust *other = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &other));
    tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, other, f->ds, WALLET_TRUST_ROOT));
    wallet_trust_free(other); /* freed: a new set may reuse its address */
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &other));
    tu_assert_ok(f->ctx, wallet_trust_add_key(f->ctx, other, f->iaca_key));
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, other, NULL, is, n),
                  WALLET_ERR_CERT_CHAIN);
    wallet_trust_free(other);
    /* the same set changed: verified again (and still fine) */
    tu_assert_ok(f->ctx, wallet_trust_add_key(f->ctx, f->trust, f->holder));
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    wallet_mdoc_verified_free(v);
    /* the chain limit is part of the key */
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_CHAIN_LENGTH, 1);
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_CHAIN_LENGTH, 8);
    /* more document signers than the cache holds: evictions stay correct */
    for (int i = 0; i < 20; i++) {
        wallet_key *k = NULL;
        tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &k, WALLET_ALG_ES256));
        wallet_cert *ds = fx_cert(f, WALLET_CERT_PROFILE_MDOC_DS, "CN=Many DS,C=VN", k, f->iaca_key,
                                  f->iaca);
        size_t m;
        uint8_t *x = fx_issue_with(f, fx_claims, f->holder, k, ds, &m);
        tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, x, m));
        wallet_mdoc_verified_free(v);
        wallet_free(x);
        wallet_cert_free(ds);
        wallet_key_free(k);
    }
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    wallet_mdoc_verified_free(v);
    wallet_free(is);
    fx_free(f);
}

/* ==== negative: the verifier's refusals =================================================== */

static void test_reject_tampered_element_digest_mismatch(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    fx_patch(dr, dn, "Nguyen", "Nguyem");
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_DIGEST);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_element_not_in_mso(void **state)
{
    (void)state;
    fx *f = fx_new();
    wl_buf items[2];
    wl_buf_init(&items[0], 0);
    wl_buf_init(&items[1], 0);
    fg_item(&items[0], 1, "family_name", "Doe");
    fg_item(&items[1], 2, "given_name", "Jane"); /* the MSO lists only digestID 1 */
    uint64_t ids[2] = {1, 2};
    fg_mso k = {0};
    size_t n, dn;
    uint8_t *is = fg_issuer_signed(f, &k, items, ids, 2, 1, &n);
    uint8_t *dr = fg_response(f, is, n, NULL, f->holder, NULL, 0, 0, NULL, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_NOT_IN_MSO);
    wallet_free(dr);
    wallet_free(is);
    wl_buf_free(&items[0]);
    wl_buf_free(&items[1]);
    fx_free(f);
}

static void test_reject_document_doctype_differs_from_mso(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fg_response(f, is, n, "org.iso.18013.5.1.mDX", f->holder, NULL, 0, 0, NULL, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_TYPE);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_doctype_not_expected_by_policy(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    wallet_policy *p = fx_policy(f, 0);
    tu_assert_ok(f->ctx, wallet_policy_set_doctype(f->ctx, p, "eu.europa.ec.eudi.pid.1"));
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, p, dr, dn), WALLET_ERR_TYPE);
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, p, is, n),
                  WALLET_ERR_TYPE);
    wallet_policy_free(p);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_expired_mso(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = issue_validity(f, T0 + DAY, T0 + DAY, T0 + 30 * DAY, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    wallet_ctx_set_time(f->ctx, T0 + 60 * DAY); /* DS certificate still valid */
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_EXPIRED);
    /* within the clock skew it is still accepted */
    wallet_ctx_set_time(f->ctx, T0 + 30 * DAY + 30);
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, NULL));
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_mso_not_yet_valid(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = issue_validity(f, T0 + DAY, T0 + 10 * DAY, T0 + 30 * DAY, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_NOT_YET_VALID);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_mso_signed_before_ds_certificate(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    /* signed a day before the DS certificate's notBefore */
    uint8_t *is = issue_validity(f, T0 - DAY, T0 + DAY, T0 + 30 * DAY, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_MDOC_SIGNED_OUTSIDE_CERT);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_ds_not_chaining_to_trusted_iaca(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* a DS certified by another IACA, which is not trusted */
    wallet_key *other_iaca_key = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &other_iaca_key, WALLET_ALG_ES256));
    wallet_cert *other_iaca = fx_cert(f, WALLET_CERT_PROFILE_MDOC_IACA, "CN=Other IACA,C=VN",
                                      other_iaca_key, other_iaca_key, NULL);
    wallet_cert *ds = fx_cert(f, WALLET_CERT_PROFILE_MDOC_DS, "CN=Rogue DS,C=VN", f->ds_key,
                              other_iaca_key, other_iaca);
    size_t n;
    uint8_t *is = fx_issue_with(f, fx_claims, f->holder, f->ds_key, ds, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_CERT_CHAIN);
    wallet_free(is);
    wallet_cert_free(ds);
    wallet_cert_free(other_iaca);
    wallet_key_free(other_iaca_key);
    fx_free(f);
}

static void test_reject_untrusted_iaca(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    wallet_trust *empty = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &empty));
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, empty, NULL, is, n),
                  WALLET_ERR_CERT_CHAIN);
    /* a trusted key (not a certificate) does not make an IACA */
    tu_assert_ok(f->ctx, wallet_trust_add_key(f->ctx, empty, f->iaca_key));
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, empty, NULL, is, n),
                  WALLET_ERR_CERT_CHAIN);
    wallet_trust_free(empty);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_ds_certificate_expired(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = issue_validity(f, T0 + DAY, T0 + DAY, T0 + 700 * DAY, &n);
    wallet_ctx_set_time(f->ctx, T0 + 400 * DAY); /* MSO valid, DS certificate expired */
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_CERT_EXPIRED);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_ds_without_digital_signature(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* a CA-profile certificate (keyCertSign, cRLSign) used as document signer */
    wallet_cert *ds = fx_cert(f, WALLET_CERT_PROFILE_CA, "CN=Not A Signer,C=VN", f->ds_key,
                              f->iaca_key, f->iaca);
    size_t n;
    uint8_t *is = fx_issue_with(f, fx_claims, f->holder, f->ds_key, ds, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_KEY_USAGE);
    wallet_free(is);
    wallet_cert_free(ds);
    fx_free(f);
}

static void test_reject_ds_with_reader_eku(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_cert_builder *b = NULL;
    wallet_cert *ds = NULL;
    tu_assert_ok(f->ctx, wallet_cert_builder_new(f->ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_subject(f->ctx, b, "CN=Reader Cert,C=VN"));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_validity(f->ctx, b, T0, T0 + 365 * DAY));
    tu_assert_ok(f->ctx, wallet_cert_builder_add_eku(f->ctx, b, WL_MDOC_EKU_READER));
    tu_assert_ok(f->ctx, wallet_cert_builder_sign(f->ctx, &ds, b, f->ds_key, f->iaca_key, f->iaca));
    size_t n;
    uint8_t *is = fx_issue_with(f, fx_claims, f->holder, f->ds_key, ds, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_KEY_USAGE);
    wallet_free(is);
    wallet_cert_free(ds);
    wallet_cert_builder_free(b);
    fx_free(f);
}

static void test_reject_wrong_device_key(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    wallet_key *thief = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &thief, WALLET_ALG_ES256));
    /* a copied credential presented with another key */
    uint8_t *dr = fg_response(f, is, n, NULL, thief, NULL, 0, 0, NULL, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_DEVICE_SIGNATURE);
    wallet_free(dr);
    /* the holder API refuses to even try */
    wallet_mdoc_response *r = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    tu_assert_err(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, n, NULL, 0, thief,
                                                   WALLET_ALG_NONE, NULL),
                  WALLET_ERR_HOLDER_BINDING);
    wallet_mdoc_response_free(r);
    wallet_key_free(thief);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_other_session_transcript(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    /* a replay to another verifier / nonce */
    uint8_t *st2 = NULL;
    size_t st2_len;
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &st2, &st2_len,
                                                       "x509_san_dns:verifier.example", "n-other",
                                                       NULL, "https://verifier.example/post"));
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_session_transcript(f->ctx, p, st2, st2_len));
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, p, dr, dn),
                  WALLET_ERR_MDOC_DEVICE_SIGNATURE);
    wallet_policy_free(p);
    wallet_free(st2);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_mac_with_wrong_reader_key(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 1, &dn);
    wallet_key *other = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &other, WALLET_ALG_ES256));
    wallet_policy *p = fx_policy(f, 0);
    tu_assert_ok(f->ctx, wallet_policy_set_reader_key(f->ctx, p, other));
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, p, dr, dn), WALLET_ERR_MAC);
    wallet_policy_free(p);
    wallet_key_free(other);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_mac_without_reader_key(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 1, &dn);
    wallet_policy *p = fx_policy(f, 0);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, p, dr, dn),
                  WALLET_ERR_HOLDER_BINDING);
    wallet_policy_free(p);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_response_without_session_transcript(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, NULL, dr, dn),
                  WALLET_ERR_HOLDER_BINDING);
    /* nor an IssuerSigned when holder binding is required */
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_require_holder_binding(f->ctx, p, 1));
    wallet_result *r = NULL;
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, is, n), WALLET_ERR_HOLDER_BINDING);
    assert_string_equal(wallet_result_format(r), "mso_mdoc");
    assert_null(wallet_result_claims_json(r));
    wallet_result_free(r);
    wallet_policy_free(p);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_response_status_error(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* {"version": "1.0", "status": 10} */
    static const uint8_t dr[] = {0xA2, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x63, '1', '.', '0',
                                 0x66, 's', 't', 'a', 't', 'u', 's', 0x0A};
    tu_assert_err(f->ctx, fx_verify(f, dr, sizeof(dr), NULL), WALLET_ERR_MDOC_RESPONSE_STATUS);
    fx_free(f);
}

static void test_reject_response_without_documents(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_response *r = NULL;
    uint8_t *dr = NULL;
    size_t dn;
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add_document_error(f->ctx, r, DT, 0));
    tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &dr, &dn, r));
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_NO_DOCUMENT);
    wallet_free(dr);
    wallet_mdoc_response_free(r);
    fx_free(f);
}

static void test_reject_truncated_cbor(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn - 1, NULL), WALLET_ERR_CBOR);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn / 2, NULL), WALLET_ERR_CBOR);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, 10),
                  WALLET_ERR_CBOR);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_trailing_data(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    uint8_t *longer = malloc(dn + 1);
    memcpy(longer, dr, dn);
    longer[dn] = 0x00;
    tu_assert_err(f->ctx, fx_verify(f, longer, dn + 1, NULL), WALLET_ERR_TRAILING_DATA);
    free(longer);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_item_with_wrong_tag(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    /* the first IssuerSignedItemBytes: d8 18 → d8 19 (tag 25) */
    uint8_t *p = memmem(dr, dn, "\xd8\x18\x58", 3);
    assert_non_null(p);
    p[1] = 0x19;
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_FORMAT);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_indefinite_length_unterminated(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* {_ "version": "1.0", "documents": [_ ... no break */
    static const uint8_t dr[] = {0xBF, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x63, '1', '.',
                                 '0', 0x69, 'd', 'o', 'c', 'u', 'm', 'e', 'n', 't', 's', 0x9F,
                                 0xA0, 0xA0};
    tu_assert_err(f->ctx, fx_verify(f, dr, sizeof(dr), NULL), WALLET_ERR_CBOR);
    fx_free(f);
}

static void test_reject_indefinite_nesting_too_deep(void **state)
{
    (void)state;
    fx *f = fx_new();
    uint8_t dr[200];
    size_t k = 0;
    dr[k++] = 0xA1;
    dr[k++] = 0x67;
    memcpy(dr + k, "version", 7);
    k += 7;
    for (int i = 0; i < 60; i++)
        dr[k++] = 0x9F; /* [_ [_ [_ ... */
    for (int i = 0; i < 60; i++)
        dr[k++] = 0xFF;
    tu_assert_err(f->ctx, fx_verify(f, dr, k, NULL), WALLET_ERR_TOO_DEEP);
    fx_free(f);
}

static void test_reject_oversized_array_header(void **state)
{
    (void)state;
    fx *f = fx_new();
    /* {"documents": array of 2^40 items} in 20 bytes */
    static const uint8_t dr[] = {0xA1, 0x69, 'd', 'o', 'c', 'u', 'm', 'e', 'n', 't', 's',
                                 0x9B, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
    tu_assert_err(f->ctx, fx_verify(f, dr, sizeof(dr), NULL), WALLET_ERR_CBOR);
    fx_free(f);
}

static void test_reject_too_many_items_for_limit(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 0, &dn);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_CBOR_ITEMS, 40);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_CBOR_ITEMS, 65536);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, 1000);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_TOO_LARGE);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_duplicate_map_key(void **state)
{
    (void)state;
    fx *f = fx_new();
    static const uint8_t dr[] = {0xA2, 0x66, 's', 't', 'a', 't', 'u', 's', 0x00,
                                 0x66, 's', 't', 'a', 't', 'u', 's', 0x00};
    tu_assert_err(f->ctx, fx_verify(f, dr, sizeof(dr), NULL), WALLET_ERR_CBOR_DUPLICATE);
    fx_free(f);
}

static void test_reject_element_disclosed_twice(void **state)
{
    (void)state;
    fx *f = fx_new();
    wl_buf items[2];
    wl_buf_init(&items[0], 0);
    wl_buf_init(&items[1], 0);
    fg_item(&items[0], 1, "family_name", "Doe");
    fg_item(&items[1], 1, "family_name", "Doe");
    uint64_t ids[2] = {1, 1};
    fg_mso k = {0};
    size_t n, dn;
    uint8_t *is = fg_issuer_signed(f, &k, items, ids, 2, 1, &n);
    uint8_t *dr = fg_response(f, is, n, NULL, f->holder, NULL, 0, 0, NULL, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_FORMAT);
    wallet_free(dr);
    wallet_free(is);
    wl_buf_free(&items[0]);
    wl_buf_free(&items[1]);
    fx_free(f);
}

static void test_reject_digest_id_used_twice(void **state)
{
    (void)state;
    fx *f = fx_new();
    wl_buf items[2];
    wl_buf_init(&items[0], 0);
    wl_buf_init(&items[1], 0);
    fg_item(&items[0], 3, "family_name", "Doe");
    fg_item(&items[1], 3, "given_name", "Jane");
    uint64_t ids[2] = {3, 4};
    fg_mso k = {0};
    size_t n;
    uint8_t *is = fg_issuer_signed(f, &k, items, ids, 2, 1, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_MDOC_FORMAT);
    wallet_free(is);
    wl_buf_free(&items[0]);
    wl_buf_free(&items[1]);
    fx_free(f);
}

/* Forged MSO variants: each must be refused with its own code. */
static void forged_mso_case(const fg_mso *k, wallet_err want)
{
    fx *f = fx_new();
    wl_buf items[1];
    wl_buf_init(&items[0], 0);
    fg_item(&items[0], 9, "family_name", "Doe");
    uint64_t ids[1] = {9};
    size_t n;
    uint8_t *is = fg_issuer_signed(f, k, items, ids, 1, 1, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n), want);
    if (want)
        assert_null(v);
    wallet_mdoc_verified_free(v);
    wallet_free(is);
    wl_buf_free(&items[0]);
    fx_free(f);
}

static void test_forged_mso_is_accepted_when_correct(void **state)
{
    (void)state;
    fg_mso k = {0};
    forged_mso_case(&k, WALLET_OK); /* the forging helper itself is sound */
}

static void test_reject_mso_digest_algorithm_unknown(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.digest_alg = "sha256"; /* the legacy auth0 spelling */
    forged_mso_case(&k, WALLET_ERR_MDOC_DIGEST_ALG);
}

static void test_forged_mso_with_status_reference(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.status_uri = "https://status.example/1";
    fx *f = fx_new();
    wl_buf items[1];
    wl_buf_init(&items[0], 0);
    fg_item(&items[0], 9, "family_name", "Doe");
    uint64_t ids[1] = {9};
    size_t n;
    uint8_t *is = fg_issuer_signed(f, &k, items, ids, 1, 1, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n));
    assert_string_equal(wallet_mdoc_verified_status_uri(v, 0), "https://status.example/1");
    assert_int_equal(wallet_mdoc_verified_status_index(v, 0), 5);
    wallet_mdoc_verified_free(v);
    wallet_free(is);
    wl_buf_free(&items[0]);
    fx_free(f);
}

static void test_reject_mso_status_uri_not_a_uri(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.status_uri = "no scheme here";
    forged_mso_case(&k, WALLET_ERR_STATUS_REFERENCE);
}

static void test_reject_mso_version_2(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.version = "2.0";
    forged_mso_case(&k, WALLET_ERR_MDOC_VERSION);
}

static void test_reject_mso_not_tag24(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.not_tag24 = 1;
    forged_mso_case(&k, WALLET_ERR_MDOC_FORMAT);
}

static void test_reject_mso_detached(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.detached = 1;
    forged_mso_case(&k, WALLET_ERR_MDOC_FORMAT);
}

static void test_reject_mso_without_device_key_info(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.no_device_key_info = 1;
    forged_mso_case(&k, WALLET_ERR_MDOC_FORMAT);
}

static void test_reject_mso_bad_tdate(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.valid_until = "2026-13-01T00:00:00Z";
    forged_mso_case(&k, WALLET_ERR_MDOC_FORMAT);
    k.valid_until = "31 Dec 2026";
    forged_mso_case(&k, WALLET_ERR_MDOC_FORMAT);
}

static void test_reject_mso_valid_until_before_valid_from(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.valid_from = "2026-06-01T00:00:00Z";
    k.valid_until = "2026-05-01T00:00:00Z";
    forged_mso_case(&k, WALLET_ERR_MDOC_FORMAT);
}

static void test_reject_issuer_auth_without_x5chain(void **state)
{
    (void)state;
    fg_mso k = {0};
    k.no_x5chain = 1;
    forged_mso_case(&k, WALLET_ERR_CERT_CHAIN);
}

static void test_reject_tampered_issuer_signature(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    is[n - 1] ^= 0x01; /* the last byte of issuerAuth's signature */
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_SIGNATURE);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_algorithm_not_allowed(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_algs(f->ctx, p, WALLET_ALGSET(WALLET_ALG_ES384)));
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, p, is, n),
                  WALLET_ERR_ALG_NOT_ALLOWED);
    wallet_policy_free(p);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_both_device_signature_and_mac(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fg_response(f, is, n, NULL, f->holder, NULL, 0, 1, NULL, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_FORMAT);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_device_signed_element_not_authorized(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n); /* no keyAuthorizations */
    static const uint8_t dns[] = {0xA1, 0x61, 'x', 0xA1, 0x61, 'y', 0x01};
    uint8_t *dr = fg_response(f, is, n, NULL, f->holder, dns, sizeof(dns), 0, NULL, &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_KEY_AUTHORIZATION);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_issuing_country_not_the_ds_country(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    /* the DS certificate says C=VN */
    const char *c = "{\"org.iso.18013.5.1\":{\"issuing_country\":\"FR\",\"family_name\":\"X\"}}";
    uint8_t *is = fx_issue_with(f, c, f->holder, f->ds_key, f->ds, &n);
    wallet_mdoc_verified *v = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_verify_issuer_signed(f->ctx, &v, f->trust, NULL, is, n),
                  WALLET_ERR_MDOC_ISSUING_COUNTRY);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_response_version_2(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fg_response(f, is, n, NULL, f->holder, NULL, 0, 0, "2.0", &dn);
    tu_assert_err(f->ctx, fx_verify(f, dr, dn, NULL), WALLET_ERR_MDOC_VERSION);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

static void test_reject_malformed_session_transcript_in_policy(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    static const uint8_t two[] = {0x82, 0xF6, 0xF6};        /* two items, not three */
    static const uint8_t tag25[] = {0xD8, 0x19, 0x41, 0x80}; /* tag 25 */
    static const uint8_t junk[] = {0xFF};
    tu_assert_err(f->ctx, wallet_policy_set_session_transcript(f->ctx, p, two, sizeof(two)),
                  WALLET_ERR_MDOC_TRANSCRIPT);
    tu_assert_err(f->ctx, wallet_policy_set_session_transcript(f->ctx, p, tag25, sizeof(tag25)),
                  WALLET_ERR_MDOC_TRANSCRIPT);
    tu_assert_err(f->ctx, wallet_policy_set_session_transcript(f->ctx, p, junk, sizeof(junk)),
                  WALLET_ERR_CBOR);
    /* a public key cannot verify a DeviceMac */
    wallet_key *pub = NULL;
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &pub, f->reader));
    tu_assert_err(f->ctx, wallet_policy_set_reader_key(f->ctx, p, pub), WALLET_ERR_KEY_NOT_PRIVATE);
    wallet_key_free(pub);
    wallet_policy_free(p);
    fx_free(f);
}

static void test_transcript_as_tagged_bytes_verifies(void **state)
{
    (void)state;
    /* positive counterpart: the tag-24 form of the same transcript */
    fx *f = fx_new();
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n);
    uint8_t *dr = fx_present(f, is, n, NULL, 0, 1, &dn);
    wl_buf t;
    wl_buf_init(&t, 0);
    wl_mdoc_put_tag24(&t, f->st, f->st_len);
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_session_transcript(f->ctx, p, t.data, t.len));
    tu_assert_ok(f->ctx, wallet_policy_set_reader_key(f->ctx, p, f->reader));
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, p, dr, dn));
    wallet_mdoc_verified_free(v);
    wallet_policy_free(p);
    wl_buf_free(&t);
    wallet_free(dr);
    wallet_free(is);
    fx_free(f);
}

/* ==== issuing refusals ================================================================== */

static void test_reject_claims_bad_date(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_issuer *b = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    static const char *const bad[] = {
        "{\"ns\":{\"d\":{\"$date\":\"2024-02-30\"}}}",           /* no such day */
        "{\"ns\":{\"d\":{\"$date\":\"24-02-01\"}}}",             /* not YYYY-MM-DD */
        "{\"ns\":{\"d\":{\"$date\":20240201}}}",                 /* not a string */
        "{\"ns\":{\"d\":{\"$date\":\"2024-02-01\",\"x\":1}}}",   /* ambiguous object */
        "{\"ns\":{\"d\":{\"$tdate\":\"2024-02-01T25:00:00Z\"}}}",/* hour 25 */
        "{\"ns\":{\"d\":{\"$tdate\":\"2024-02-01T10:00:00\"}}}", /* no offset */
        "{\"ns\":{\"d\":{\"$bytes\":\"not base64url!\"}}}",
        "{\"ns\":{\"d\":{\"$bytes\":\"AB==\"}}}",                /* padded */
        "{\"ns\":[1,2]}",                                        /* namespace not an object */
        "{\"ns\":{\"\":1}}",                                     /* empty element name */
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        wallet_err e = wallet_mdoc_issuer_add_claims_json(f->ctx, b, bad[i], strlen(bad[i]));
        if (e != WALLET_ERR_MDOC_CLAIMS)
            fail_msg("claims %zu: %s (%s)", i, wallet_err_name(e), wallet_ctx_errmsg(f->ctx));
    }
    tu_assert_err(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, "{\"ns\":", 6),
                  WALLET_ERR_JSON);
    tu_assert_err(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, "[1]", 3),
                  WALLET_ERR_JSON_TYPE);
    wallet_mdoc_issuer_free(b);
    fx_free(f);
}

static void test_reject_claims_element_twice(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_issuer *b = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    const char *c = "{\"ns\":{\"a\":1}}";
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, c, strlen(c)));
    tu_assert_err(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, c, strlen(c)),
                  WALLET_ERR_MDOC_CLAIMS);
    wallet_mdoc_issuer_free(b);
    fx_free(f);
}

static void test_reject_issuing_misuse(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_issuer *b = NULL;
    uint8_t *out = NULL;
    size_t n;
    tu_assert_err(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, ""), WALLET_ERR_INVALID_ARG);
    assert_null(b);
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    /* no element */
    tu_assert_err(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &out, &n, b, f->holder, f->ds_key,
                                                  WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, fx_claims, strlen(fx_claims)));
    /* the DS certificate certifies another key */
    tu_assert_err(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &out, &n, b, f->holder, f->iaca_key,
                                                  WALLET_ALG_NONE, (const wallet_cert *const *)&f->ds, 1),
                  WALLET_ERR_INVALID_ARG);
    assert_null(out);
    assert_int_equal(n, 0);
    /* no x5chain */
    tu_assert_err(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &out, &n, b, f->holder, f->ds_key,
                                                  WALLET_ALG_NONE, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    /* validity out of order */
    tu_assert_err(f->ctx, wallet_mdoc_issuer_set_validity(f->ctx, b, 0, T0 + 10, T0 + 5, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_issuer_set_validity(f->ctx, b, T0 + 20, T0 + 10, T0 + 50, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_issuer_set_digest(f->ctx, b, (wallet_mdoc_digest)9),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_issuer_set_status(f->ctx, b, "", 1), WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_issuer_set_status(f->ctx, b, "not a uri", 1),
                  WALLET_ERR_INVALID_ARG);
    wallet_mdoc_issuer_free(b);
    fx_free(f);
}

static void test_reject_presenting_misuse(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    wallet_mdoc_response *r = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_response_new(f->ctx, &r, (const uint8_t *)"\x82\xf6\xf6", 3),
                  WALLET_ERR_MDOC_TRANSCRIPT);
    assert_null(r);
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    const wallet_mdoc_item bad[] = {{NULL, "x", 0}};
    tu_assert_err(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, n, bad, 1, f->holder,
                                                   WALLET_ALG_NONE, NULL),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, n - 3, NULL, 0, f->holder,
                                                   WALLET_ALG_NONE, NULL),
                  WALLET_ERR_CBOR);
    /* DeviceMac needs the device key's private half on the reader key's curve */
    wallet_key *p384 = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &p384, WALLET_ALG_ES384));
    tu_assert_err(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, n, NULL, 0, f->holder,
                                                   WALLET_ALG_NONE, p384),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_key_free(p384);
    wallet_mdoc_response_free(r);
    wallet_free(is);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_then_verify_issuer_signed),
        cmocka_unit_test(test_issued_structure),
        cmocka_unit_test(test_issue_digests_validity_status),
        cmocka_unit_test(test_issue_other_algorithms_and_external_signer),
        cmocka_unit_test(test_external_signers),
        cmocka_unit_test(test_present_selection_and_errors),
        cmocka_unit_test(test_present_device_mac),
        cmocka_unit_test(test_two_documents_and_document_errors),
        cmocka_unit_test(test_wallet_verify_result_json),
        cmocka_unit_test(test_status_checked_through_wallet_verify),
        cmocka_unit_test(test_reject_revoked_mdl),
        cmocka_unit_test(test_credential_view),
        cmocka_unit_test(test_add_element_raw_cbor),
        cmocka_unit_test(test_device_signed_elements_authorized),
        cmocka_unit_test(test_forged_mso_is_accepted_when_correct),
        cmocka_unit_test(test_chain_cache_is_exact),
        cmocka_unit_test(test_transcript_as_tagged_bytes_verifies),
        cmocka_unit_test(test_reject_tampered_element_digest_mismatch),
        cmocka_unit_test(test_reject_element_not_in_mso),
        cmocka_unit_test(test_reject_document_doctype_differs_from_mso),
        cmocka_unit_test(test_reject_doctype_not_expected_by_policy),
        cmocka_unit_test(test_reject_expired_mso),
        cmocka_unit_test(test_reject_mso_not_yet_valid),
        cmocka_unit_test(test_reject_mso_signed_before_ds_certificate),
        cmocka_unit_test(test_reject_ds_not_chaining_to_trusted_iaca),
        cmocka_unit_test(test_reject_untrusted_iaca),
        cmocka_unit_test(test_reject_ds_certificate_expired),
        cmocka_unit_test(test_reject_ds_without_digital_signature),
        cmocka_unit_test(test_reject_ds_with_reader_eku),
        cmocka_unit_test(test_reject_wrong_device_key),
        cmocka_unit_test(test_reject_other_session_transcript),
        cmocka_unit_test(test_reject_mac_with_wrong_reader_key),
        cmocka_unit_test(test_reject_mac_without_reader_key),
        cmocka_unit_test(test_reject_response_without_session_transcript),
        cmocka_unit_test(test_reject_response_status_error),
        cmocka_unit_test(test_reject_response_without_documents),
        cmocka_unit_test(test_reject_truncated_cbor),
        cmocka_unit_test(test_reject_trailing_data),
        cmocka_unit_test(test_reject_item_with_wrong_tag),
        cmocka_unit_test(test_reject_indefinite_length_unterminated),
        cmocka_unit_test(test_reject_indefinite_nesting_too_deep),
        cmocka_unit_test(test_reject_oversized_array_header),
        cmocka_unit_test(test_reject_too_many_items_for_limit),
        cmocka_unit_test(test_reject_duplicate_map_key),
        cmocka_unit_test(test_reject_element_disclosed_twice),
        cmocka_unit_test(test_reject_digest_id_used_twice),
        cmocka_unit_test(test_reject_mso_digest_algorithm_unknown),
        cmocka_unit_test(test_forged_mso_with_status_reference),
        cmocka_unit_test(test_reject_mso_status_uri_not_a_uri),
        cmocka_unit_test(test_reject_mso_version_2),
        cmocka_unit_test(test_reject_mso_not_tag24),
        cmocka_unit_test(test_reject_mso_detached),
        cmocka_unit_test(test_reject_mso_without_device_key_info),
        cmocka_unit_test(test_reject_mso_bad_tdate),
        cmocka_unit_test(test_reject_mso_valid_until_before_valid_from),
        cmocka_unit_test(test_reject_issuer_auth_without_x5chain),
        cmocka_unit_test(test_reject_tampered_issuer_signature),
        cmocka_unit_test(test_reject_algorithm_not_allowed),
        cmocka_unit_test(test_reject_both_device_signature_and_mac),
        cmocka_unit_test(test_reject_device_signed_element_not_authorized),
        cmocka_unit_test(test_reject_issuing_country_not_the_ds_country),
        cmocka_unit_test(test_reject_response_version_2),
        cmocka_unit_test(test_reject_malformed_session_transcript_in_policy),
        cmocka_unit_test(test_reject_claims_bad_date),
        cmocka_unit_test(test_reject_claims_element_twice),
        cmocka_unit_test(test_reject_issuing_misuse),
        cmocka_unit_test(test_reject_presenting_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
