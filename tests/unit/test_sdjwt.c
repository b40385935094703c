/*
 * SD-JWT / SD-JWT VC: issue, hold, present and verify — the paths that
 * must work (the refusals are in test_sdjwt_neg.c, JWT VC Issuer Metadata
 * in test_sdjwt_meta.c).
 */
#include "test_sdjwt_util.h"

#include <cjson/cJSON.h>

static int has(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItem(o, name) != NULL;
}

static size_t count_tilde(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '~';
    return n;
}

/* The issue's scenario: 8 disclosable claims, 3 disclosed, KB-JWT, ES256. */
static void test_issue_present_verify_three_of_eight(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    char *issued = sd_issue(&f, 0);
    assert_int_equal(count_tilde(issued), 9); /* jwt~8 Disclosures~ */
    static const char *const pick[] = {"given_name", "is_over_18", "nationality"};
    char *pres = sd_present(&f, issued, pick, 3, 0);
    assert_int_equal(count_tilde(pres), 4);
    tu_assert_ok(f.ctx, wallet_policy_set_audience(f.ctx, f.policy, SD_AUD));
    tu_assert_ok(f.ctx, wallet_policy_set_nonce(f.ctx, f.policy, SD_NONCE));
    wallet_result *r = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_verify(f.ctx, &r, f.trust, f.policy, pres, strlen(pres)));
    cJSON *c = cJSON_Parse(wallet_result_claims_json(r));
    assert_string_equal(cJSON_GetObjectItem(c, "given_name")->valuestring, "Minh Anh");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "is_over_18")));
    assert_true(has(c, "nationality"));
    /* only what was disclosed, and the plain claims */
    assert_false(has(c, "birthdate"));
    assert_false(has(c, "family_name"));
    assert_false(has(c, "address"));
    assert_false(has(c, "_sd"));
    assert_false(has(c, "_sd_alg"));
    assert_true(has(c, "iss") && has(c, "vct") && has(c, "cnf") && has(c, "exp"));
    assert_string_equal(wallet_result_format(r), "dc+sd-jwt");
    assert_string_equal(wallet_result_issuer(r), SD_ISS);
    assert_string_equal(wallet_result_type(r), SD_VCT);
    assert_int_equal(wallet_result_valid_until(r), SD_NOW + 365 * 86400);
    assert_int_equal(wallet_result_valid_from(r), SD_NOW - 60);
    assert_int_equal(wallet_result_issued_at(r), SD_NOW - 60);
    assert_true(wallet_key_equal_public(wallet_result_holder_key(r), f.holder));
    cJSON_Delete(c);
    wallet_result_free(r);
    /* The same through wallet_verify(). */
    tu_assert_ok(f.ctx, wallet_verify(f.ctx, &r, f.trust, f.policy, (const uint8_t *)pres,
                                      strlen(pres)));
    assert_string_equal(wallet_result_format(r), "dc+sd-jwt");
    wallet_result_free(r);
    free(pres);
    free(issued);
    sd_fix_free(&f);
}

static void roundtrip_algs(wallet_alg ia, wallet_alg ha)
{
    sd_fix f;
    sd_fix_init(&f, ia, ha);
    char *issued = sd_issue(&f, 0);
    static const char *const pick[] = {"family_name", "address.locality"};
    char *pres = sd_present(&f, issued, pick, 2, 0);
    tu_assert_ok(f.ctx, wallet_policy_require_holder_binding(f.ctx, f.policy, 1));
    cJSON *c = NULL;
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    assert_true(has(c, "family_name") && has(c, "address"));
    cJSON_Delete(c);
    free(pres);
    free(issued);
    sd_fix_free(&f);
}

static void test_every_algorithm_for_issuer_and_holder(void **state)
{
    (void)state;
    static const wallet_alg algs[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
    for (size_t i = 0; i < 5; i++)
        roundtrip_algs(algs[i], algs[(i + 3) % 5]);
}

/* A nested claim brings its parent's Disclosure; its siblings stay hidden. */
static void test_nested_path_brings_parent_only(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    wallet_sdjwt_issuer *b = NULL;
    char *issued = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, sd_claims, strlen(sd_claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
    static const char *const sd[] = {"address", "address.street_address", "address.locality",
                                     "address.country"};
    for (size_t i = 0; i < 4; i++)
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, sd[i]));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_holder_key(f.ctx, b, f.holder));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
    wallet_sdjwt_issuer_free(b);

    /* The holder sees four Disclosures and their paths. */
    wallet_sdjwt *held = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, issued, strlen(issued)));
    assert_int_equal(wallet_sdjwt_disclosure_count(held), 4);
    int seen = 0;
    for (size_t i = 0; i < 4; i++) {
        const char *p = wallet_sdjwt_disclosure_path(held, i);
        seen |= !strcmp(p, "address") ? 1 : !strcmp(p, "address.locality") ? 2 : 0;
        if (!strcmp(p, "address.locality"))
            assert_string_equal(wallet_sdjwt_disclosure_value_json(held, i),
                                "\"Ho\xc3\xa0n Ki\xe1\xba\xbfm\"");
    }
    assert_int_equal(seen, 3);
    assert_null(wallet_sdjwt_disclosure_path(held, 4));

    static const char *const pick[] = {"address.locality"};
    char *pres = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_present(f.ctx, &pres, held, pick, 1, f.holder, SD_AUD,
                                             SD_NONCE, 0));
    assert_int_equal(count_tilde(pres), 3); /* address + locality */
    cJSON *c = NULL;
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    const cJSON *addr = cJSON_GetObjectItem(c, "address");
    assert_int_equal(cJSON_GetArraySize(addr), 1);
    assert_true(has(addr, "locality"));
    cJSON_Delete(c);
    wallet_free(pres);

    /* "address": the whole subtree by default; only the object with EXACT. */
    static const char *const whole[] = {"address"};
    tu_assert_ok(f.ctx, wallet_sdjwt_present(f.ctx, &pres, held, whole, 1, f.holder, SD_AUD,
                                             SD_NONCE, 0));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "address")), 3);
    cJSON_Delete(c);
    wallet_free(pres);
    tu_assert_ok(f.ctx, wallet_sdjwt_present(f.ctx, &pres, held, whole, 1, f.holder, SD_AUD,
                                             SD_NONCE, WALLET_SDJWT_EXACT));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "address")), 0);
    cJSON_Delete(c);
    wallet_free(pres);
    wallet_sdjwt_free(held);
    wallet_free(issued);
    sd_fix_free(&f);
}

/* Array elements, a disclosable array of disclosable elements (recursive),
 * and paths indexing the holder's view. */
static void test_array_elements_and_recursion(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    const char claims[] = "{\"nationalities\":[\"VN\",\"FR\",\"JP\"],\"vaccinations\":"
                          "[{\"vaccine\":\"MMR\",\"date\":\"2020-01-01\"},{\"vaccine\":\"BCG\"}]}";
    wallet_sdjwt_issuer *b = NULL;
    char *issued = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, claims, strlen(claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
    static const char *const sd[] = {"nationalities",   "nationalities.0",        "nationalities.1",
                                     "nationalities.2", "vaccinations.1",         "vaccinations.0.date"};
    for (size_t i = 0; i < 6; i++)
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, sd[i]));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_holder_key(f.ctx, b, f.holder));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
    wallet_sdjwt_issuer_free(b);

    static const char *const pick[] = {"nationalities.2", "vaccinations.1"};
    char *pres = sd_present(&f, issued, pick, 2, 0);
    cJSON *c = NULL;
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    char *got = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "nationalities"));
    assert_string_equal(got, "[\"JP\"]");
    free(got);
    got = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "vaccinations"));
    assert_string_equal(got, "[{\"vaccine\":\"MMR\"},{\"vaccine\":\"BCG\"}]");
    free(got);
    cJSON_Delete(c);
    free(pres);
    sd_fix_free(&f);
    wallet_free(issued);
}

/* --sd-all: everything but the registered claims; decoys; other hashes. */
static void test_all_disclosable_decoys_and_hashes(void **state)
{
    (void)state;
    static const wallet_sdjwt_hash hashes[] = {WALLET_SDJWT_SHA256, WALLET_SDJWT_SHA384,
                                               WALLET_SDJWT_SHA512};
    static const char *const names[] = {"sha-256", "sha-384", "sha-512"};
    for (size_t h = 0; h < 3; h++) {
        sd_fix f;
        sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_EDDSA);
        wallet_sdjwt_issuer *b = NULL;
        char *issued = NULL;
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, sd_claims, strlen(sd_claims)));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_all_disclosable(f.ctx, b, 1));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_decoys(f.ctx, b, 3));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_hash(f.ctx, b, hashes[h]));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_issuer(f.ctx, b, SD_ISS));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_status(f.ctx, b, "https://status.city.example/1", 42));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_holder_key(f.ctx, b, f.holder));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
        wallet_sdjwt_issuer_free(b);

        /* 8 claims + 3 address members. */
        wallet_sdjwt *held = NULL;
        tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, issued, strlen(issued)));
        assert_int_equal(wallet_sdjwt_disclosure_count(held), 11);
        cJSON *all = cJSON_Parse(wallet_sdjwt_claims_json(held));
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(all, "address")), 3);
        cJSON_Delete(all);
        wallet_sdjwt_free(held);
        /* The payload: "_sd_alg", 8 + 3 decoy digests at the top. */
        const char *dot = strchr(issued, '.');
        uint8_t *pl = NULL;
        size_t pl_len = 0;
        tu_assert_ok(f.ctx, wallet_b64url_decode(f.ctx, &pl, &pl_len, dot + 1,
                                                 (size_t)(strchr(dot + 1, '.') - dot - 1)));
        cJSON *p = cJSON_ParseWithLength((const char *)pl, pl_len);
        assert_string_equal(cJSON_GetObjectItem(p, "_sd_alg")->valuestring, names[h]);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p, "_sd")), 8 + 3);
        /* registered claims stay plain */
        assert_true(has(p, "iss") && has(p, "vct") && has(p, "cnf") && has(p, "status") &&
                    has(p, "iat"));
        const cJSON *sd = cJSON_GetObjectItem(p, "_sd");
        for (int i = 1; i < cJSON_GetArraySize(sd); i++) /* sorted */
            assert_true(strcmp(cJSON_GetArrayItem(sd, i - 1)->valuestring,
                               cJSON_GetArrayItem(sd, i)->valuestring) < 0);
        cJSON_Delete(p);
        wallet_free(pl);

        static const char *const pick[] = {"address.country", "email"};
        char *pres = sd_present(&f, issued, pick, 2, 0);
        wallet_result *r = NULL;
        tu_assert_ok(f.ctx, wallet_sdjwt_verify(f.ctx, &r, f.trust, NULL, pres, strlen(pres)));
        assert_string_equal(wallet_result_status_uri(r), "https://status.city.example/1");
        assert_int_equal(wallet_result_status_index(r), 42);
        cJSON *c = cJSON_Parse(wallet_result_claims_json(r));
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "address")), 1);
        assert_true(has(c, "email"));
        assert_false(has(c, "given_name"));
        cJSON_Delete(c);
        char *json = NULL;
        tu_assert_ok(f.ctx, wallet_result_to_json(f.ctx, &json, r));
        assert_non_null(strstr(json, "\"status\":{\"uri\":\"https://status.city.example/1\",\"idx\":42}"));
        wallet_free(json);
        wallet_result_free(r);
        free(pres);
        wallet_free(issued);
        sd_fix_free(&f);
    }
}

/* Decoys in arrays are dropped on verification. */
static void test_array_decoys_are_ignored(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    const char claims[] = "{\"codes\":[\"a\",\"b\",\"c\"]}";
    wallet_sdjwt_issuer *b = NULL;
    char *issued = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_typ(f.ctx, b, "example+sd-jwt"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, claims, strlen(claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "codes.1"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_decoys(f.ctx, b, 5));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
    wallet_sdjwt_issuer_free(b);
    static const char *const types[] = {"example+sd-jwt"};
    tu_assert_ok(f.ctx, wallet_policy_set_sdjwt_types(f.ctx, f.policy, types, 1));
    cJSON *c = NULL;
    tu_assert_ok(f.ctx, sd_verify(&f, issued, &c));
    char *got = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "codes"));
    assert_string_equal(got, "[\"a\",\"b\",\"c\"]");
    free(got);
    cJSON_Delete(c);
    /* Presenting nothing hides the element (and no decoy shows). */
    wallet_sdjwt *held = NULL;
    char *pres = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, issued, strlen(issued)));
    tu_assert_ok(f.ctx, wallet_sdjwt_present(f.ctx, &pres, held, NULL, 0, NULL, NULL, NULL, 0));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    got = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "codes"));
    assert_string_equal(got, "[\"a\",\"c\"]");
    free(got);
    cJSON_Delete(c);
    wallet_free(pres);
    wallet_sdjwt_free(held);
    wallet_free(issued);
    sd_fix_free(&f);
}

/* x5c: the issuer is found by its certificate chain, and without "iss" the
 * result names the certificate's subject. */
static void test_x5c_chain_to_trusted_root(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    wallet_key *root_key = NULL;
    wallet_cert *root = NULL, *leaf = NULL;
    wallet_cert_builder *cb = NULL;
    tu_assert_ok(f.ctx, wallet_key_generate(f.ctx, &root_key, WALLET_ALG_ES256));
    tu_assert_ok(f.ctx, wallet_cert_builder_new(f.ctx, &cb, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(f.ctx, wallet_cert_builder_set_subject(f.ctx, cb, "CN=City Root,C=VN"));
    tu_assert_ok(f.ctx, wallet_cert_builder_sign(f.ctx, &root, cb, root_key, root_key, NULL));
    wallet_cert_builder_free(cb);
    tu_assert_ok(f.ctx, wallet_cert_builder_new(f.ctx, &cb, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(f.ctx, wallet_cert_builder_set_subject(f.ctx, cb, "CN=Citizen Registry,C=VN"));
    tu_assert_ok(f.ctx, wallet_cert_builder_sign(f.ctx, &leaf, cb, f.issuer, root_key, root));
    wallet_cert_builder_free(cb);

    wallet_sdjwt_issuer *b = NULL;
    char *issued = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, sd_claims, strlen(sd_claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "email"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_kid(f.ctx, b, NULL));
    const wallet_cert *chain[] = {leaf};
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_x5c(f.ctx, b, chain, 1));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
    wallet_sdjwt_issuer_free(b);

    wallet_trust *t = NULL;
    tu_assert_ok(f.ctx, wallet_trust_new(f.ctx, &t));
    tu_assert_ok(f.ctx, wallet_trust_add_cert(f.ctx, t, root, WALLET_TRUST_ROOT));
    wallet_result *r = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_verify(f.ctx, &r, t, NULL, issued, strlen(issued)));
    assert_string_equal(wallet_result_issuer(r), "CN=Citizen Registry,C=VN");
    wallet_result_free(r);
    /* The issuer key alone (no root) is not enough: the chain decides. */
    tu_assert_err(f.ctx, wallet_sdjwt_verify(f.ctx, &r, f.trust, NULL, issued, strlen(issued)),
                  WALLET_ERR_CERT_CHAIN);
    wallet_result_free(r);
    wallet_trust_free(t);
    wallet_free(issued);
    wallet_cert_free(leaf);
    wallet_cert_free(root);
    wallet_key_free(root_key);
    sd_fix_free(&f);
}

/* JWS JSON serialization: flattened, general with two signers, and
 * conversions between the serializations when presenting. */
static void test_json_serializations(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    char *flat = sd_issue(&f, WALLET_SDJWT_JSON);
    cJSON *j = cJSON_Parse(flat);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "header"),
                                                            "disclosures")),
                     8);
    assert_non_null(cJSON_GetObjectItem(j, "signature"));
    cJSON_Delete(j);
    static const char *const pick[] = {"email"};
    tu_assert_ok(f.ctx, wallet_policy_set_nonce(f.ctx, f.policy, SD_NONCE));
    char *pres = sd_present(&f, flat, pick, 1, 0);
    assert_true(pres[0] == '{');
    j = cJSON_Parse(pres);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "header"), "kb_jwt"));
    cJSON_Delete(j);
    cJSON *c = NULL;
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    assert_true(has(c, "email") && !has(c, "given_name"));
    cJSON_Delete(c);
    free(pres);
    /* JSON → compact, and compact → JSON. */
    pres = sd_present(&f, flat, pick, 1, WALLET_SDJWT_COMPACT);
    assert_true(pres[0] != '{' && strchr(pres, '~'));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    free(pres);
    char *compact = sd_issue(&f, 0);
    pres = sd_present(&f, compact, pick, 1, WALLET_SDJWT_JSON);
    assert_true(pres[0] == '{');
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    free(pres);
    free(compact);
    free(flat);

    /* General: a second issuer signature (unprotected kid). */
    wallet_key *k2 = NULL;
    tu_assert_ok(f.ctx, wallet_key_generate(f.ctx, &k2, WALLET_ALG_EDDSA));
    tu_assert_ok(f.ctx, wallet_key_set_kid(f.ctx, k2, "issuer-2"));
    wallet_sdjwt_issuer *b = NULL;
    char *general = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, sd_claims, strlen(sd_claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "email"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_holder_key(f.ctx, b, f.holder));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_signer(f.ctx, b, k2));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &general, b, WALLET_SDJWT_JSON));
    wallet_sdjwt_issuer_free(b);
    j = cJSON_Parse(general);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "signatures")), 2);
    cJSON_Delete(j);
    pres = sd_present(&f, general, pick, 1, 0);
    j = cJSON_Parse(pres);
    const cJSON *sigs = cJSON_GetObjectItem(j, "signatures");
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(sigs, 0), "header"),
                                        "kb_jwt"));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(sigs, 1), "header"),
                                            "kid")->valuestring,
                        "issuer-2");
    cJSON_Delete(j);
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    free(pres);
    wallet_free(general);
    wallet_key_free(k2);
    sd_fix_free(&f);
}

/* The holder key held in a keystore: an external signer makes the KB-JWT. */
static wallet_err keystore_sign(void *user, wallet_alg alg, const uint8_t *msg, size_t len,
                                uint8_t *sig, size_t *sig_len)
{
    uint8_t *s = NULL;
    size_t n = 0;
    wallet_err e = wallet_sign(NULL, &s, &n, (const wallet_key *)user, alg, msg, len);
    if (!e && n <= *sig_len) {
        memcpy(sig, s, n);
        *sig_len = n;
    }
    wallet_free(s);
    return e;
}

static void test_external_signer_holder(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    char *issued = sd_issue(&f, 0);
    wallet_key *pub = NULL, *signer = NULL;
    tu_assert_ok(f.ctx, wallet_key_public(f.ctx, &pub, f.holder));
    tu_assert_ok(f.ctx, wallet_key_from_signer(f.ctx, &signer, pub, WALLET_ALG_ES256, keystore_sign,
                                               f.holder, WALLET_SIGNER_RAW));
    wallet_sdjwt *held = NULL;
    char *pres = NULL;
    static const char *const pick[] = {"is_over_18"};
    tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, issued, strlen(issued)));
    tu_assert_ok(f.ctx, wallet_sdjwt_present(f.ctx, &pres, held, pick, 1, signer, SD_AUD, SD_NONCE, 0));
    tu_assert_ok(f.ctx, wallet_policy_set_audience(f.ctx, f.policy, SD_AUD));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    wallet_free(pres);
    wallet_sdjwt_free(held);
    wallet_key_free(signer);
    wallet_key_free(pub);
    free(issued);
    sd_fix_free(&f);
}

/* OpenID4VP transaction data bound by the KB-JWT. */
static void test_transaction_data(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    char *issued = sd_issue(&f, 0);
    static const char *const td[] = {
        "eyJ0eXBlIjoicGF5bWVudCIsImNyZWRlbnRpYWxfaWRzIjpbImNpdGl6ZW4iXSwiYW1vdW50IjoiMTAwMDAwIFZORCJ9",
        "eyJ0eXBlIjoiY29uc2VudCJ9"};
    static const char *const algs[] = {"sha-256", "sha-384"};
    wallet_sdjwt *held = NULL;
    char *pres = NULL;
    static const char *const pick[] = {"given_name"};
    tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, issued, strlen(issued)));
    for (int with_alg = 0; with_alg < 2; with_alg++) {
        tu_assert_ok(f.ctx, wallet_sdjwt_present_with_transaction_data(
                                f.ctx, &pres, held, pick, 1, f.holder, SD_AUD, SD_NONCE, td, 2,
                                with_alg ? "sha-384" : NULL, 0));
        tu_assert_ok(f.ctx, wallet_policy_set_transaction_data(f.ctx, f.policy, td, 2, algs, 2));
        tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
        /* the same strings in the other order bind the same */
        static const char *const rev[] = {
            "eyJ0eXBlIjoiY29uc2VudCJ9",
            "eyJ0eXBlIjoicGF5bWVudCIsImNyZWRlbnRpYWxfaWRzIjpbImNpdGl6ZW4iXSwiYW1vdW50IjoiMTAwMDAwIFZORCJ9"};
        tu_assert_ok(f.ctx, wallet_policy_set_transaction_data(f.ctx, f.policy, rev, 2, algs, 2));
        tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
        wallet_free(pres);
    }
    wallet_sdjwt_free(held);
    free(issued);
    sd_fix_free(&f);
}

/* Policy variations that accept. */
static void test_policy_variations(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    char *issued = sd_issue(&f, 0);
    /* No key binding required: the SD-JWT as issued verifies. */
    tu_assert_ok(f.ctx, sd_verify(&f, issued, NULL));
    /* A KB-JWT sent anyway is checked and accepted. */
    static const char *const pick[] = {"email"};
    char *pres = sd_present(&f, issued, pick, 1, 0);
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    /* An older KB-JWT within a longer allowed age. */
    wallet_ctx_set_time(f.ctx, SD_NOW + 1000);
    tu_assert_err(f.ctx, sd_verify(&f, pres, NULL), WALLET_ERR_SDJWT_KB_STALE);
    tu_assert_ok(f.ctx, wallet_policy_set_kb_max_age(f.ctx, f.policy, 3600));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    /* Within the clock skew before nbf. */
    wallet_ctx_set_time(f.ctx, SD_NOW - 100);
    tu_assert_ok(f.ctx, wallet_policy_set_kb_max_age(f.ctx, f.policy, 300));
    tu_assert_ok(f.ctx, sd_verify(&f, issued, NULL));
    wallet_ctx_set_time(f.ctx, SD_NOW);
    /* Only ES256 allowed: fine for an ES256 issuer and holder. */
    tu_assert_ok(f.ctx, wallet_policy_set_algs(f.ctx, f.policy, WALLET_ALGSET(WALLET_ALG_ES256)));
    tu_assert_ok(f.ctx, sd_verify(&f, pres, NULL));
    free(pres);
    free(issued);
    sd_fix_free(&f);
}

/* "typ": the legacy vc+sd-jwt is accepted by default, media types compare
 * case-insensitively with an optional application/ prefix, and a policy can
 * admit other types (plain SD-JWTs need no vct). */
static void test_typ_variants(void **state)
{
    (void)state;
    static const char *const typs[] = {"vc+sd-jwt", "application/dc+sd-jwt", "DC+SD-JWT"};
    for (size_t i = 0; i < 4; i++) {
        sd_fix f;
        sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
        wallet_sdjwt_issuer *b = NULL;
        char *issued = NULL;
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, sd_claims, strlen(sd_claims)));
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "email"));
        if (i < 3) {
            tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_typ(f.ctx, b, typs[i]));
            tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
        } else {
            static const char *const mine[] = {"application/city+sd-jwt"};
            tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_typ(f.ctx, b, "city+sd-jwt"));
            tu_assert_ok(f.ctx, wallet_policy_set_sdjwt_types(f.ctx, f.policy, mine, 1));
        }
        tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
        wallet_sdjwt_issuer_free(b);
        cJSON *c = NULL;
        tu_assert_ok(f.ctx, sd_verify(&f, issued, &c));
        assert_true(has(c, "email"));
        cJSON_Delete(c);
        wallet_free(issued);
        sd_fix_free(&f);
    }
}

/* Names with '.' and '\' in paths; an "iat" in the claims is kept. */
static void test_escaped_paths_and_claims_iat(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    const char claims[] = "{\"iat\":1700000000,\"a.b\":{\"c\\\\d\":1,\"18\":true},\"x\":[[1,2]]}";
    wallet_sdjwt_issuer *b = NULL;
    char *issued = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, claims, strlen(claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "a\\.b.c\\\\d"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "a\\.b.18"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "x.0.1"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &issued, b, 0));
    wallet_sdjwt_issuer_free(b);
    wallet_sdjwt *held = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, issued, strlen(issued)));
    int found = 0;
    for (size_t i = 0; i < wallet_sdjwt_disclosure_count(held); i++)
        found += !strcmp(wallet_sdjwt_disclosure_path(held, i), "a\\.b.c\\\\d") +
                 !strcmp(wallet_sdjwt_disclosure_path(held, i), "a\\.b.18") +
                 !strcmp(wallet_sdjwt_disclosure_path(held, i), "x.0.1");
    assert_int_equal(found, 3);
    static const char *const pick[] = {"a\\.b.18"};
    char *pres = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_present(f.ctx, &pres, held, pick, 1, NULL, NULL, NULL, 0));
    cJSON *c = NULL;
    tu_assert_ok(f.ctx, sd_verify(&f, pres, &c));
    assert_int_equal((int)cJSON_GetObjectItem(c, "iat")->valuedouble, 1700000000);
    const cJSON *ab = cJSON_GetObjectItem(c, "a.b");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ab, "18")));
    assert_null(cJSON_GetObjectItem(ab, "c\\d"));
    cJSON_Delete(c);
    wallet_free(pres);
    wallet_sdjwt_free(held);
    wallet_free(issued);
    sd_fix_free(&f);
}

/* The holder's parse of an issuance without Disclosures, and the issuer's
 * builder reused (fresh salts every time). */
static void test_no_disclosures_and_builder_reuse(void **state)
{
    (void)state;
    sd_fix f;
    sd_fix_init(&f, WALLET_ALG_ES256, WALLET_ALG_ES256);
    wallet_sdjwt_issuer *b = NULL;
    char *a = NULL, *a2 = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_new(f.ctx, &b, f.issuer));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_claims(f.ctx, b, sd_claims, strlen(sd_claims)));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_set_vct(f.ctx, b, SD_VCT));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &a, b, 0));
    assert_int_equal(count_tilde(a), 1);
    assert_null(strstr(a, "~~"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_add_disclosable(f.ctx, b, "email"));
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &a2, b, 0));
    char *a3 = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_issuer_issue(f.ctx, &a3, b, 0));
    assert_string_not_equal(strchr(a2, '~'), strchr(a3, '~')); /* fresh salt */
    wallet_sdjwt *held = NULL;
    tu_assert_ok(f.ctx, wallet_sdjwt_parse(f.ctx, &held, a, strlen(a)));
    assert_int_equal(wallet_sdjwt_disclosure_count(held), 0);
    cJSON *c = cJSON_Parse(wallet_sdjwt_claims_json(held));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "address")), 3);
    cJSON_Delete(c);
    wallet_sdjwt_free(held);
    tu_assert_ok(f.ctx, sd_verify(&f, a, NULL));
    tu_assert_ok(f.ctx, sd_verify(&f, a2, NULL));
    wallet_free(a);
    wallet_free(a2);
    wallet_free(a3);
    wallet_sdjwt_issuer_free(b);
    sd_fix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_present_verify_three_of_eight),
        cmocka_unit_test(test_every_algorithm_for_issuer_and_holder),
        cmocka_unit_test(test_nested_path_brings_parent_only),
        cmocka_unit_test(test_array_elements_and_recursion),
        cmocka_unit_test(test_all_disclosable_decoys_and_hashes),
        cmocka_unit_test(test_array_decoys_are_ignored),
        cmocka_unit_test(test_x5c_chain_to_trusted_root),
        cmocka_unit_test(test_json_serializations),
        cmocka_unit_test(test_external_signer_holder),
        cmocka_unit_test(test_transaction_data),
        cmocka_unit_test(test_policy_variations),
        cmocka_unit_test(test_typ_variants),
        cmocka_unit_test(test_escaped_paths_and_claims_iat),
        cmocka_unit_test(test_no_disclosures_and_builder_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
