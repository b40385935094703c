/*
 * JWE (RFC 7516 compact, ECDH-ES direct key agreement, RFC 7518 §4.6):
 * round trips for every "enc" and curve, header contents, and one negative
 * test per refused property, each asserting its specific wallet_err.
 *
 * Negative JWEs whose header is otherwise authentic are built by mk_jwe():
 * it derives the key with the header's epk exactly as a sender would and
 * encrypts with the header as AAD, so the only defect is the one under test.
 */
#include <cjson/cJSON.h>

#include "crypto/crypto.h"
#include "jose/jose.h"
#include "testutil.h"

#define NOW 1700000000
#define MSG "{\"vp_token\":{\"pid\":[\"eyJ...\"]}}"

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *rcpt;     /* P-256 recipient (private) */
    wallet_key *rcpt_pub; /* its public half */
    wallet_key *eph;      /* a P-256 "ephemeral" key for hand-made JWEs */
    char *eph_jwk;        /* its public JWK */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(NOW);
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->rcpt, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &f->rcpt_pub, f->rcpt));
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->eph, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_key_to_jwk(f->ctx, &f->eph_jwk, f->eph, WALLET_EXPORT_PUBLIC));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wallet_key_free(f->rcpt);
    wallet_key_free(f->rcpt_pub);
    wallet_key_free(f->eph);
    wallet_free(f->eph_jwk);
    wallet_ctx_free(f->ctx);
    free(f);
    return 0;
}

static char *b64(wallet_ctx *ctx, const void *p, size_t n)
{
    char *s = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &s, NULL, (const uint8_t *)p, n));
    return s;
}

/* "{...}" with every "@EPK@" replaced by epk_jwk. */
static char *subst(const char *tmpl, const char *epk_jwk)
{
    size_t cap = strlen(tmpl) + 4 * strlen(epk_jwk) + 1;
    char *out = malloc(cap), *o = out;
    for (const char *p = tmpl; *p;) {
        if (!strncmp(p, "@EPK@", 5)) {
            o += snprintf(o, cap - (size_t)(o - out), "%s", epk_jwk);
            p += 5;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return out;
}

/*
 * A compact JWE with protected header `tmpl` (@EPK@ = the public JWK of
 * `eph`), content key derived as a sender would for `enc` with apu/apv
 * (strings, may be NULL), IV of iv_len bytes, tag of the enc's length.
 */
static char *mk_jwe_iv(fixture *f, const char *tmpl, const wallet_key *eph, wallet_jwe_enc enc,
                       const char *apu, const char *apv, size_t iv_len, const char *pt)
{
    wallet_ctx *ctx = f->ctx;
    char *epk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &epk, eph, WALLET_EXPORT_PUBLIC));
    char *hdr = subst(tmpl, epk);
    char *hb = b64(ctx, hdr, strlen(hdr));
    uint8_t cek[64];
    size_t cek_len = 0;
    tu_assert_ok(ctx, wl_jwe_derive_cek(ctx, eph, f->rcpt_pub, enc, (const uint8_t *)apu,
                                        apu ? strlen(apu) : 0, (const uint8_t *)apv,
                                        apv ? strlen(apv) : 0, cek, &cek_len));
    uint8_t iv[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    size_t n = strlen(pt), ct_len = n;
    uint8_t *ct = malloc(n + 16), tag[32];
    size_t tag_len;
    if (enc == WALLET_JWE_ENC_A128GCM || enc == WALLET_JWE_ENC_A256GCM) {
        tu_assert_ok(ctx, wl_aes_gcm_encrypt(ctx, cek, cek_len, iv, iv_len, (const uint8_t *)hb,
                                             strlen(hb), (const uint8_t *)pt, n, ct, tag));
        tag_len = 16;
    } else {
        tu_assert_ok(ctx, wl_aes_cbc_hmac_encrypt(ctx, cek, cek_len, iv, (const uint8_t *)hb,
                                                  strlen(hb), (const uint8_t *)pt, n, ct, &ct_len,
                                                  tag));
        tag_len = cek_len / 2;
    }
    char *ivb = b64(ctx, iv, iv_len), *ctb = b64(ctx, ct, ct_len), *tb = b64(ctx, tag, tag_len);
    size_t cap = strlen(hb) + strlen(ivb) + strlen(ctb) + strlen(tb) + 8;
    char *out = malloc(cap);
    snprintf(out, cap, "%s..%s.%s.%s", hb, ivb, ctb, tb);
    wallet_free(ivb);
    wallet_free(ctb);
    wallet_free(tb);
    wallet_free(hb);
    wallet_free(epk);
    free(hdr);
    free(ct);
    return out;
}

static char *mk_jwe(fixture *f, const char *tmpl, wallet_jwe_enc enc, const char *apu,
                    const char *apv)
{
    return mk_jwe_iv(f, tmpl, f->eph, enc, apu, apv,
                     enc == WALLET_JWE_ENC_A128GCM || enc == WALLET_JWE_ENC_A256GCM ? 12 : 16, MSG);
}

/* Replace part `idx` (0..4) of a compact JWE by `text`. */
static char *with_part(const char *jwe, int idx, const char *text)
{
    size_t cap = strlen(jwe) + strlen(text) + 1;
    char *out = malloc(cap), *o = out;
    int part = 0;
    for (const char *p = jwe;; p++) {
        if (part == idx) {
            o += snprintf(o, cap - (size_t)(o - out), "%s", text);
            while (*p && *p != '.')
                p++;
            part++;
        }
        if (!*p)
            break;
        *o++ = *p;
        if (*p == '.')
            part++;
    }
    *o = 0;
    return out;
}

/* Decrypt and expect `want`, checking that no output escapes on failure. */
static void expect(fixture *f, const char *jwe, wallet_jwe_encset allowed, wallet_err want)
{
    uint8_t *pt = (uint8_t *)"x";
    size_t n = 99;
    wallet_err e =
        wallet_jwe_decrypt_compact(f->ctx, &pt, &n, f->rcpt, jwe, strlen(jwe), allowed);
    if (e != want)
        fail_msg("got %s (%s), want %s", wallet_err_name(e), wallet_ctx_errmsg(f->ctx),
                 wallet_err_name(want));
    if (want == WALLET_OK) {
        assert_int_equal(n, strlen(MSG));
        assert_memory_equal(pt, MSG, n);
        wallet_free(pt);
    } else {
        assert_null(pt);
        assert_int_equal(n, 0);
        assert_int_equal(wallet_ctx_errcode(f->ctx), want);
    }
}

#define HDR_OK "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":@EPK@}"

/* ---- positive --------------------------------------------------------------- */

static void roundtrip(fixture *f, wallet_alg curve_alg, wallet_jwe_enc enc)
{
    wallet_ctx *ctx = f->ctx;
    wallet_key *k = NULL, *pub = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, curve_alg));
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    char *jwe = NULL;
    tu_assert_ok(ctx, wallet_jwe_encrypt(ctx, &jwe, pub, enc, NULL, 0, NULL, 0, NULL,
                                         (const uint8_t *)MSG, strlen(MSG)));
    uint8_t *pt = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_jwe_decrypt_compact(ctx, &pt, &n, k, jwe, strlen(jwe),
                                                 WALLET_JWE_ENCSET(enc)));
    assert_int_equal(n, strlen(MSG));
    assert_memory_equal(pt, MSG, n);
    assert_int_equal(pt[n], 0);
    wallet_free(pt);
    wallet_jwe *j = NULL;
    tu_assert_ok(ctx, wallet_jwe_parse(ctx, &j, jwe, strlen(jwe)));
    assert_int_equal(wallet_jwe_content_enc(j), enc);
    cJSON *h = cJSON_Parse(wallet_jwe_header_json(j));
    const cJSON *epk = cJSON_GetObjectItem(h, "epk");
    assert_string_equal(cJSON_GetObjectItem(epk, "crv")->valuestring,
                        curve_alg == WALLET_ALG_ES256   ? "P-256"
                        : curve_alg == WALLET_ALG_ES384 ? "P-384"
                                                        : "P-521");
    assert_null(cJSON_GetObjectItem(epk, "d"));
    assert_null(cJSON_GetObjectItem(h, "kid"));
    cJSON_Delete(h);
    wallet_jwe_free(j);
    wallet_free(jwe);
    wallet_key_free(k);
    wallet_key_free(pub);
}

static void test_roundtrip_p256_every_enc(void **state)
{
    fixture *f = *state;
    roundtrip(f, WALLET_ALG_ES256, WALLET_JWE_ENC_A128GCM);
    roundtrip(f, WALLET_ALG_ES256, WALLET_JWE_ENC_A256GCM);
    roundtrip(f, WALLET_ALG_ES256, WALLET_JWE_ENC_A128CBC_HS256);
    roundtrip(f, WALLET_ALG_ES256, WALLET_JWE_ENC_A256CBC_HS512);
}

static void test_roundtrip_p384_p521(void **state)
{
    fixture *f = *state;
    roundtrip(f, WALLET_ALG_ES384, WALLET_JWE_ENC_A128GCM);
    roundtrip(f, WALLET_ALG_ES384, WALLET_JWE_ENC_A256CBC_HS512);
    roundtrip(f, WALLET_ALG_ES512, WALLET_JWE_ENC_A256GCM);
    roundtrip(f, WALLET_ALG_ES512, WALLET_JWE_ENC_A128CBC_HS256);
}

static void test_header_kid_apu_apv_extra(void **state)
{
    fixture *f = *state;
    wallet_ctx *ctx = f->ctx;
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, f->rcpt_pub, "verifier-enc-1"));
    char *jwe = NULL;
    tu_assert_ok(ctx, wallet_jwe_encrypt(ctx, &jwe, f->rcpt_pub, WALLET_JWE_ENC_A256GCM,
                                         (const uint8_t *)"wallet", 6, (const uint8_t *)"nonce-42",
                                         8, "{\"typ\":\"oauth-authz-res+jwt\",\"cty\":\"json\"}",
                                         (const uint8_t *)MSG, strlen(MSG)));
    wallet_jwe *j = NULL;
    tu_assert_ok(ctx, wallet_jwe_parse(ctx, &j, jwe, strlen(jwe)));
    assert_string_equal(wallet_jwe_kid(j), "verifier-enc-1");
    assert_string_equal(wallet_jwe_alg(j), "ECDH-ES");
    /* Members in the documented order. */
    const char *h = wallet_jwe_header_json(j);
    assert_true(strncmp(h, "{\"alg\":\"ECDH-ES\",\"enc\":\"A256GCM\",\"kid\":\"verifier-enc-1\","
                           "\"epk\":{",
                        61) == 0);
    cJSON *hj = cJSON_Parse(h);
    assert_string_equal(cJSON_GetObjectItem(hj, "apu")->valuestring, "d2FsbGV0");
    assert_string_equal(cJSON_GetObjectItem(hj, "apv")->valuestring, "bm9uY2UtNDI");
    assert_string_equal(cJSON_GetObjectItem(hj, "typ")->valuestring, "oauth-authz-res+jwt");
    cJSON_Delete(hj);
    uint8_t *pt = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_jwe_decrypt(ctx, &pt, &n, j, f->rcpt, WALLET_JWE_ENCSET_GCM));
    assert_memory_equal(pt, MSG, n);
    wallet_free(pt);
    wallet_jwe_free(j);
    wallet_free(jwe);
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, f->rcpt_pub, NULL));
}

static void test_fresh_ephemeral_key_per_message(void **state)
{
    fixture *f = *state;
    char *a = NULL, *b = NULL;
    tu_assert_ok(f->ctx, wallet_jwe_encrypt(f->ctx, &a, f->rcpt_pub, WALLET_JWE_ENC_A128GCM, NULL,
                                            0, NULL, 0, NULL, (const uint8_t *)MSG, strlen(MSG)));
    tu_assert_ok(f->ctx, wallet_jwe_encrypt(f->ctx, &b, f->rcpt_pub, WALLET_JWE_ENC_A128GCM, NULL,
                                            0, NULL, 0, NULL, (const uint8_t *)MSG, strlen(MSG)));
    wallet_jwe *ja = NULL, *jb = NULL;
    tu_assert_ok(f->ctx, wallet_jwe_parse(f->ctx, &ja, a, strlen(a)));
    tu_assert_ok(f->ctx, wallet_jwe_parse(f->ctx, &jb, b, strlen(b)));
    assert_string_not_equal(wallet_jwe_header_json(ja), wallet_jwe_header_json(jb));
    wallet_jwe_free(ja);
    wallet_jwe_free(jb);
    wallet_free(a);
    wallet_free(b);
}

static void test_empty_plaintext(void **state)
{
    fixture *f = *state;
    char *jwe = NULL;
    uint8_t *pt = NULL;
    size_t n = 7;
    tu_assert_ok(f->ctx, wallet_jwe_encrypt(f->ctx, &jwe, f->rcpt_pub, WALLET_JWE_ENC_A128GCM,
                                            NULL, 0, NULL, 0, NULL, NULL, 0));
    tu_assert_ok(f->ctx, wallet_jwe_decrypt_compact(f->ctx, &pt, &n, f->rcpt, jwe, strlen(jwe),
                                                    WALLET_JWE_ENCSET_GCM));
    assert_int_equal(n, 0);
    assert_non_null(pt);
    wallet_free(pt);
    wallet_free(jwe);
}

static void test_hand_made_jwe_decrypts(void **state)
{
    /* The test's own sender (mk_jwe) and the library agree. */
    fixture *f = *state;
    char *j = mk_jwe(f, HDR_OK, WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_OK);
    free(j);
    j = mk_jwe(f,
               "{\"alg\":\"ECDH-ES\",\"enc\":\"A128CBC-HS256\",\"apu\":\"QWxpY2U\",\"apv\":"
               "\"Qm9i\",\"epk\":@EPK@}",
               WALLET_JWE_ENC_A128CBC_HS256, "Alice", "Bob");
    expect(f, j, WALLET_JWE_ENCSET_ALL, WALLET_OK);
    free(j);
}

static void test_ecdh_es_jwk_recipient_key(void **state)
{
    /* An OpenID4VP verifier publishes {"alg":"ECDH-ES","use":"enc",...}. */
    fixture *f = *state;
    wallet_ctx *ctx = f->ctx;
    char *jwk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &jwk, f->rcpt_pub, WALLET_EXPORT_PUBLIC));
    char buf[512];
    snprintf(buf, sizeof(buf), "{\"alg\":\"ECDH-ES\",\"use\":\"enc\",\"kid\":\"e1\",%s", jwk + 1);
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, buf, strlen(buf)));
    char *jwe = NULL;
    tu_assert_ok(ctx, wallet_jwe_encrypt(ctx, &jwe, k, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL, 0,
                                         NULL, (const uint8_t *)MSG, strlen(MSG)));
    expect(f, jwe, WALLET_JWE_ENCSET_GCM, WALLET_OK);
    /* wallet_key_public keeps the restriction. */
    wallet_key *p = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &p, k));
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, p, WALLET_ALG_ES256, WALLET_ALGSET_EC,
                                          (const uint8_t *)"m", 1, (const uint8_t *)"s", 1),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_key_free(p);
    wallet_free(jwe);
    wallet_key_free(k);
    wallet_free(jwk);
}

static void test_enc_names(void **state)
{
    (void)state;
    assert_string_equal(wallet_jwe_enc_name(WALLET_JWE_ENC_A128GCM), "A128GCM");
    assert_string_equal(wallet_jwe_enc_name(WALLET_JWE_ENC_A256CBC_HS512), "A256CBC-HS512");
    assert_null(wallet_jwe_enc_name(WALLET_JWE_ENC_NONE));
    assert_null(wallet_jwe_enc_name((wallet_jwe_enc)99));
    assert_int_equal(wallet_jwe_enc_from_name("A256GCM"), WALLET_JWE_ENC_A256GCM);
    assert_int_equal(wallet_jwe_enc_from_name("A192GCM"), WALLET_JWE_ENC_NONE);
    assert_int_equal(wallet_jwe_enc_from_name(NULL), WALLET_JWE_ENC_NONE);
    assert_null(wallet_jwe_header_json(NULL));
    assert_null(wallet_jwe_kid(NULL));
    assert_null(wallet_jwe_alg(NULL));
    assert_int_equal(wallet_jwe_content_enc(NULL), WALLET_JWE_ENC_NONE);
    wallet_jwe_free(NULL);
}

/* ---- negative: algorithms ------------------------------------------------------ */

static void test_alg_rsa_oaep_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_ALG);
    free(j);
}

static void test_alg_dir_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_ALG);
    free(j);
}

static void test_alg_ecdh_es_key_wrap_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES+A128KW\",\"enc\":\"A128GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_ALG);
    free(j);
}

static void test_alg_case_variant_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ecdh-es\",\"enc\":\"A128GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_ALG);
    free(j);
}

static void test_enc_unknown_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A192GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_ALL, WALLET_ERR_JWE_ENC);
    free(j);
}

static void test_enc_not_allowed_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A256GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A256GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET(WALLET_JWE_ENC_A128GCM), WALLET_ERR_JWE_ENC);
    expect(f, j, WALLET_JWE_ENCSET(WALLET_JWE_ENC_A256GCM), WALLET_OK);
    free(j);
}

static void test_zip_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"zip\":\"DEF\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_ZIP);
    free(j);
}

static void test_crit_unknown_extension_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f,
                     "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[\"exp\"],\"exp\":1,"
                     "\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_CRIT_UNKNOWN);
    free(j);
}

static void test_crit_malformed_refused(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {
        "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[],\"epk\":@EPK@}",
        "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":\"exp\",\"exp\":1,\"epk\":@EPK@}",
        "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[\"exp\"],\"epk\":@EPK@}",
        "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[\"epk\"],\"epk\":@EPK@}",
        "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[\"x\",\"x\"],\"x\":1,\"epk\":@EPK@}",
        "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[1],\"epk\":@EPK@}",
    };
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        char *j = mk_jwe(f, bad[i], WALLET_JWE_ENC_A128GCM, NULL, NULL);
        expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
        free(j);
    }
}

/* ---- negative: epk ------------------------------------------------------------- */

static void test_epk_missing_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\"}", WALLET_JWE_ENC_A128GCM, NULL,
                     NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_EPK);
    free(j);
}

static void test_epk_not_object_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":\"key\"}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_EPK);
    free(j);
}

static void test_epk_with_private_key_refused(void **state)
{
    fixture *f = *state;
    char *priv = NULL;
    tu_assert_ok(f->ctx, wallet_key_to_jwk(f->ctx, &priv, f->eph, WALLET_EXPORT_PRIVATE));
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl), "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":%s}", priv);
    char *j = mk_jwe(f, tmpl, WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_EPK);
    free(j);
    wallet_free(priv);
}

static void test_epk_missing_coordinate_refused(void **state)
{
    fixture *f = *state;
    cJSON *e = cJSON_Parse(f->eph_jwk);
    cJSON_DeleteItemFromObject(e, "y");
    char *epk = cJSON_PrintUnformatted(e);
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl), "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":%s}", epk);
    char *j = mk_jwe(f, tmpl, WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_EPK);
    free(j);
    free(epk);
    cJSON_Delete(e);
}

static void test_epk_other_curve_refused(void **state)
{
    fixture *f = *state;
    wallet_key *p384 = NULL;
    char *epk = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &p384, WALLET_ALG_ES384));
    tu_assert_ok(f->ctx, wallet_key_to_jwk(f->ctx, &epk, p384, WALLET_EXPORT_PUBLIC));
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl), "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":%s}", epk);
    char *j = mk_jwe(f, tmpl, WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_EPK_CURVE);
    free(j);
    wallet_free(epk);
    wallet_key_free(p384);
}

static void test_epk_okp_key_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f,
                     "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":{\"kty\":\"OKP\",\"crv\":"
                     "\"X25519\",\"x\":\"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo\"}}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_EPK_CURVE);
    free(j);
}

/* A header with the given epk coordinates (base64url) but otherwise valid;
 * the content cannot be encrypted with a key nobody can compute, so it is
 * sealed with the fixture's ephemeral key: the refusal must come before
 * any decryption is tried. */
static void epk_point(fixture *f, const char *x, const char *y, wallet_err want)
{
    char tmpl[512];
    snprintf(tmpl, sizeof(tmpl),
             "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":{\"kty\":\"EC\",\"crv\":\"P-256\","
             "\"x\":\"%s\",\"y\":\"%s\"}}",
             x, y);
    char *j = mk_jwe(f, tmpl, WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, want);
    free(j);
}

static void test_epk_invalid_curve_point_refused(void **state)
{
    fixture *f = *state;
    /* The invalid-curve attack: points that are not on P-256 (here the
     * point of the fixture key with y changed by one bit, a point on a curve
     * y^2 = x^3 - 3x + b' of small order, and (0, 0)) must be refused before
     * any ECDH with the recipient's private key. */
    cJSON *e = cJSON_Parse(f->eph_jwk);
    const char *x = cJSON_GetObjectItem(e, "x")->valuestring;
    char y[64];
    snprintf(y, sizeof(y), "%s", cJSON_GetObjectItem(e, "y")->valuestring);
    y[20] = y[20] == 'A' ? 'B' : 'A';
    epk_point(f, x, y, WALLET_ERR_KEY_INVALID);
    /* (Gx, Gy + 1): the P-256 generator's x with y + 1 lies on
     * y^2 = x^3 - 3x + b' for another b' — exactly the kind of point an
     * invalid-curve attacker sends (ECDH formulas never use b). */
    epk_point(f, "axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY",
              "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfY", WALLET_ERR_KEY_INVALID);
    /* ... while the generator itself (Gx, Gy) is a valid point: the same
     * header passes the point check and fails only at authentication. */
    epk_point(f, "axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY",
              "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU", WALLET_ERR_DECRYPT);
    epk_point(f, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", WALLET_ERR_KEY_INVALID);
    cJSON_Delete(e);
}

static void test_epk_short_coordinate_refused(void **state)
{
    fixture *f = *state;
    /* 31-byte coordinates: RFC 7518 §6.2.1.2 requires the full field size. */
    epk_point(f, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", WALLET_ERR_KEY_INVALID);
}

/* ---- negative: integrity --------------------------------------------------------- */

static char *good(fixture *f)
{
    char *jwe = NULL;
    tu_assert_ok(f->ctx, wallet_jwe_encrypt(f->ctx, &jwe, f->rcpt_pub, WALLET_JWE_ENC_A128GCM,
                                            NULL, 0, NULL, 0, NULL, (const uint8_t *)MSG,
                                            strlen(MSG)));
    return jwe;
}

/* Flip bit `bit` of byte `byte` of part `idx`. */
static char *flip(fixture *f, const char *jwe, int idx, size_t byte)
{
    const char *p = jwe;
    for (int i = 0; i < idx; i++)
        p = strchr(p, '.') + 1;
    const char *q = strchr(p, '.');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    uint8_t *raw = NULL;
    size_t n = 0;
    tu_assert_ok(f->ctx, wallet_b64url_decode(f->ctx, &raw, &n, p, len));
    assert_true(byte < n);
    raw[byte] ^= 0x01;
    char *enc = b64(f->ctx, raw, n);
    char *out = with_part(jwe, idx, enc);
    wallet_free(enc);
    wallet_free(raw);
    return out;
}

static void test_wrong_tag_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *t = flip(f, g, 4, 15);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_DECRYPT);
    free(t);
    wallet_free(g);
}

static void test_changed_ciphertext_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *t = flip(f, g, 3, 3);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_DECRYPT);
    free(t);
    wallet_free(g);
}

static void test_changed_iv_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *t = flip(f, g, 2, 0);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_DECRYPT);
    free(t);
    wallet_free(g);
}

static void test_changed_header_refused(void **state)
{
    /* Adding a member to an authentic header changes the AAD. */
    fixture *f = *state;
    char *g = good(f);
    wallet_jwe *j = NULL;
    tu_assert_ok(f->ctx, wallet_jwe_parse(f->ctx, &j, g, strlen(g)));
    char hdr[1024];
    snprintf(hdr, sizeof(hdr), "%.*s,\"typ\":\"x\"}", (int)strlen(wallet_jwe_header_json(j)) - 1,
             wallet_jwe_header_json(j));
    char *hb = b64(f->ctx, hdr, strlen(hdr));
    char *t = with_part(g, 0, hb);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_DECRYPT);
    free(t);
    wallet_free(hb);
    wallet_jwe_free(j);
    wallet_free(g);
}

static void test_apu_changed_refused(void **state)
{
    /* apu enters the key derivation: a header claiming another apu than the
     * sender used derives another key. */
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"apu\":\"TWFsbG9yeQ\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, "Alice", NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_DECRYPT);
    free(j);
}

static void test_wrong_key_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f);
    wallet_key *other = NULL;
    uint8_t *pt = NULL;
    size_t n = 0;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &other, WALLET_ALG_ES256));
    tu_assert_err(f->ctx,
                  wallet_jwe_decrypt_compact(f->ctx, &pt, &n, other, g, strlen(g),
                                             WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_DECRYPT);
    assert_null(pt);
    wallet_key_free(other);
    wallet_free(g);
}

static void test_cbc_tag_changed_refused(void **state)
{
    fixture *f = *state;
    char *g = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A256CBC-HS512\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A256CBC_HS512, NULL, NULL);
    expect(f, g, WALLET_JWE_ENCSET_ALL, WALLET_OK);
    char *t = flip(f, g, 4, 31);
    expect(f, t, WALLET_JWE_ENCSET_ALL, WALLET_ERR_DECRYPT);
    free(t);
    t = flip(f, g, 3, 0);
    expect(f, t, WALLET_JWE_ENCSET_ALL, WALLET_ERR_DECRYPT);
    free(t);
    free(g);
}

/* ---- negative: structure ---------------------------------------------------------- */

static void test_encrypted_key_not_empty_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *t = with_part(g, 1, "AAAAAAAAAAAAAAAAAAAAAA");
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(t);
    wallet_free(g);
}

static void test_four_parts_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f);
    *strrchr(g, '.') = 0;
    expect(f, g, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    wallet_free(g);
}

static void test_six_parts_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f);
    size_t n = strlen(g);
    char *t = malloc(n + 3);
    snprintf(t, n + 3, "%s.A", g);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(t);
    wallet_free(g);
}

static void test_iv_wrong_length_refused(void **state)
{
    /* A 16-byte IV with A128GCM (RFC 7518 §5.3 requires 96 bits), sealed
     * correctly with that IV: refused for its length alone. */
    fixture *f = *state;
    char *j = mk_jwe_iv(f, HDR_OK, f->eph, WALLET_JWE_ENC_A128GCM, NULL, NULL, 16, MSG);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(j);
}

static void test_tag_truncated_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f);
    char *t = with_part(g, 4, "AAAAAAAAAAAAAAAAAAAA"); /* 15 bytes */
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(t);
    wallet_free(g);
}

static void test_header_not_json_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *hb = b64(f->ctx, "{\"alg\":", 7), *t = with_part(g, 0, hb);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JSON);
    free(t);
    wallet_free(hb);
    wallet_free(g);
}

static void test_header_duplicate_member_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f,
                     "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"enc\":\"A256GCM\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JSON_DUPLICATE);
    free(j);
}

static void test_header_not_object_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *hb = b64(f->ctx, "[1]", 3), *t = with_part(g, 0, hb);
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JSON_TYPE);
    free(t);
    wallet_free(hb);
    wallet_free(g);
}

static void test_header_lacks_enc_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"epk\":@EPK@}", WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(j);
}

static void test_kid_not_string_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"kid\":7,\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, NULL, NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(j);
}

static void test_apu_not_base64url_refused(void **state)
{
    fixture *f = *state;
    char *j = mk_jwe(f, "{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"apu\":\"QWxpY2U=\",\"epk\":@EPK@}",
                     WALLET_JWE_ENC_A128GCM, "Alice", NULL);
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
    free(j);
}

static void test_part_not_base64url_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f), *t = with_part(g, 3, "abc+def");
    expect(f, t, WALLET_JWE_ENCSET_GCM, WALLET_ERR_BASE64);
    free(t);
    wallet_free(g);
}

static void test_json_serialization_refused(void **state)
{
    fixture *f = *state;
    const char *j = "{\"protected\":\"eyJhbGciOiJFQ0RILUVTIn0\",\"iv\":\"AA\",\"ciphertext\":\"AA\","
                    "\"tag\":\"AA\"}";
    expect(f, j, WALLET_JWE_ENCSET_GCM, WALLET_ERR_JWE_FORMAT);
}

static void test_input_over_limit_refused(void **state)
{
    fixture *f = *state;
    char *g = good(f);
    int64_t old = wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, 100);
    expect(f, g, WALLET_JWE_ENCSET_GCM, WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, old);
    wallet_free(g);
}

/* ---- negative: keys and arguments ---------------------------------------------- */

static void test_public_recipient_key_cannot_decrypt(void **state)
{
    fixture *f = *state;
    char *g = good(f);
    uint8_t *pt = NULL;
    size_t n = 0;
    tu_assert_err(f->ctx,
                  wallet_jwe_decrypt_compact(f->ctx, &pt, &n, f->rcpt_pub, g, strlen(g),
                                             WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(pt);
    wallet_free(g);
}

static void test_recipient_not_nist_ec_refused(void **state)
{
    fixture *f = *state;
    static const wallet_alg algs[] = {WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
    for (size_t i = 0; i < 2; i++) {
        wallet_key *k = NULL;
        char *out = (char *)"x";
        tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &k, algs[i]));
        tu_assert_err(f->ctx,
                      wallet_jwe_encrypt(f->ctx, &out, k, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL,
                                         0, NULL, (const uint8_t *)"m", 1),
                      WALLET_ERR_ALG_KEY_MISMATCH);
        assert_null(out);
        char *g = good(f);
        uint8_t *pt = NULL;
        size_t n = 0;
        tu_assert_err(f->ctx,
                      wallet_jwe_decrypt_compact(f->ctx, &pt, &n, k, g, strlen(g),
                                                 WALLET_JWE_ENCSET_GCM),
                      WALLET_ERR_ALG_KEY_MISMATCH);
        wallet_free(g);
        wallet_key_free(k);
    }
}

static void test_recipient_signature_key_refused(void **state)
{
    /* A JWK published with "alg": "ES256" is a signature key (RFC 7517 §4.4). */
    fixture *f = *state;
    char *jwk = NULL, buf[512], *out = (char *)"x";
    tu_assert_ok(f->ctx, wallet_key_to_jwk(f->ctx, &jwk, f->rcpt_pub, WALLET_EXPORT_PUBLIC));
    snprintf(buf, sizeof(buf), "{\"alg\":\"ES256\",%s", jwk + 1);
    wallet_key *k = NULL;
    tu_assert_ok(f->ctx, wallet_key_from_jwk(f->ctx, &k, buf, strlen(buf)));
    tu_assert_err(f->ctx,
                  wallet_jwe_encrypt(f->ctx, &out, k, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL, 0,
                                     NULL, (const uint8_t *)"m", 1),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(out);
    /* ... and one published for ECDH-ES+A128KW is not for direct agreement. */
    snprintf(buf, sizeof(buf), "{\"alg\":\"ECDH-ES+A128KW\",%s", jwk + 1);
    wallet_key_free(k);
    tu_assert_ok(f->ctx, wallet_key_from_jwk(f->ctx, &k, buf, strlen(buf)));
    tu_assert_err(f->ctx,
                  wallet_jwe_encrypt(f->ctx, &out, k, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL, 0,
                                     NULL, (const uint8_t *)"m", 1),
                  WALLET_ERR_JWE_ALG);
    /* An unknown key agreement name, or ECDH-ES on an OKP key, does not import. */
    snprintf(buf, sizeof(buf), "{\"alg\":\"ECDH-ES+X\",%s", jwk + 1);
    wallet_key *bad = NULL;
    tu_assert_err(f->ctx, wallet_key_from_jwk(f->ctx, &bad, buf, strlen(buf)),
                  WALLET_ERR_ALG_UNSUPPORTED);
    const char *okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"ECDH-ES\","
                      "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    tu_assert_err(f->ctx, wallet_key_from_jwk(f->ctx, &bad, okp, strlen(okp)),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(bad);
    wallet_key_free(k);
    wallet_free(jwk);
}

static void test_bad_arguments_refused(void **state)
{
    fixture *f = *state;
    char *out = (char *)"x";
    tu_assert_err(f->ctx,
                  wallet_jwe_encrypt(f->ctx, &out, f->rcpt_pub, WALLET_JWE_ENC_NONE, NULL, 0, NULL,
                                     0, NULL, (const uint8_t *)"m", 1),
                  WALLET_ERR_JWE_ENC);
    assert_null(out);
    tu_assert_err(f->ctx,
                  wallet_jwe_encrypt(f->ctx, &out, NULL, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL, 0,
                                     NULL, (const uint8_t *)"m", 1),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx,
                  wallet_jwe_encrypt(f->ctx, &out, f->rcpt_pub, WALLET_JWE_ENC_A128GCM, NULL, 3,
                                     NULL, 0, NULL, (const uint8_t *)"m", 1),
                  WALLET_ERR_INVALID_ARG);
    static const char *const extras[] = {"{\"alg\":\"dir\"}", "{\"zip\":\"DEF\"}",
                                         "{\"crit\":[\"x\"],\"x\":1}", "{\"epk\":{}}", "[1]"};
    for (size_t i = 0; i < WL_ARRAY_LEN(extras); i++) {
        wallet_err e = wallet_jwe_encrypt(f->ctx, &out, f->rcpt_pub, WALLET_JWE_ENC_A128GCM, NULL,
                                          0, NULL, 0, extras[i], (const uint8_t *)"m", 1);
        assert_true(e == WALLET_ERR_INVALID_ARG || e == WALLET_ERR_JSON_TYPE);
        assert_null(out);
    }
    /* apu given: "apu" in the extra header would repeat it. */
    tu_assert_err(f->ctx,
                  wallet_jwe_encrypt(f->ctx, &out, f->rcpt_pub, WALLET_JWE_ENC_A128GCM,
                                     (const uint8_t *)"a", 1, NULL, 0, "{\"apu\":\"Yg\"}",
                                     (const uint8_t *)"m", 1),
                  WALLET_ERR_INVALID_ARG);
    char *g = good(f);
    uint8_t *pt = NULL;
    size_t n = 0;
    tu_assert_err(f->ctx, wallet_jwe_decrypt_compact(f->ctx, &pt, &n, f->rcpt, g, strlen(g), 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx,
                  wallet_jwe_decrypt_compact(f->ctx, &pt, &n, f->rcpt, g, strlen(g), 1u << 20),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx,
                  wallet_jwe_decrypt_compact(f->ctx, &pt, NULL, f->rcpt, g, strlen(g),
                                             WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_INVALID_ARG);
    wallet_jwe *j = (wallet_jwe *)1;
    tu_assert_err(f->ctx, wallet_jwe_parse(f->ctx, &j, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(j);
    wallet_free(g);
}

static void test_decrypt_again_after_failure(void **state)
{
    /* A failure leaves the parsed JWE usable (e.g. try the next key). */
    fixture *f = *state;
    char *g = good(f);
    wallet_jwe *j = NULL;
    wallet_key *other = NULL;
    uint8_t *pt = NULL;
    size_t n = 0;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &other, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_jwe_parse(f->ctx, &j, g, strlen(g)));
    tu_assert_err(f->ctx, wallet_jwe_decrypt(f->ctx, &pt, &n, j, other, WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_DECRYPT);
    tu_assert_ok(f->ctx, wallet_jwe_decrypt(f->ctx, &pt, &n, j, f->rcpt, WALLET_JWE_ENCSET_GCM));
    assert_memory_equal(pt, MSG, n);
    wallet_free(pt);
    wallet_key_free(other);
    wallet_jwe_free(j);
    wallet_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_p256_every_enc),
        cmocka_unit_test(test_roundtrip_p384_p521),
        cmocka_unit_test(test_header_kid_apu_apv_extra),
        cmocka_unit_test(test_fresh_ephemeral_key_per_message),
        cmocka_unit_test(test_empty_plaintext),
        cmocka_unit_test(test_hand_made_jwe_decrypts),
        cmocka_unit_test(test_ecdh_es_jwk_recipient_key),
        cmocka_unit_test(test_enc_names),
        cmocka_unit_test(test_decrypt_again_after_failure),
        cmocka_unit_test(test_alg_rsa_oaep_refused),
        cmocka_unit_test(test_alg_dir_refused),
        cmocka_unit_test(test_alg_ecdh_es_key_wrap_refused),
        cmocka_unit_test(test_alg_case_variant_refused),
        cmocka_unit_test(test_enc_unknown_refused),
        cmocka_unit_test(test_enc_not_allowed_refused),
        cmocka_unit_test(test_zip_refused),
        cmocka_unit_test(test_crit_unknown_extension_refused),
        cmocka_unit_test(test_crit_malformed_refused),
        cmocka_unit_test(test_epk_missing_refused),
        cmocka_unit_test(test_epk_not_object_refused),
        cmocka_unit_test(test_epk_with_private_key_refused),
        cmocka_unit_test(test_epk_missing_coordinate_refused),
        cmocka_unit_test(test_epk_other_curve_refused),
        cmocka_unit_test(test_epk_okp_key_refused),
        cmocka_unit_test(test_epk_invalid_curve_point_refused),
        cmocka_unit_test(test_epk_short_coordinate_refused),
        cmocka_unit_test(test_wrong_tag_refused),
        cmocka_unit_test(test_changed_ciphertext_refused),
        cmocka_unit_test(test_changed_iv_refused),
        cmocka_unit_test(test_changed_header_refused),
        cmocka_unit_test(test_apu_changed_refused),
        cmocka_unit_test(test_wrong_key_refused),
        cmocka_unit_test(test_cbc_tag_changed_refused),
        cmocka_unit_test(test_encrypted_key_not_empty_refused),
        cmocka_unit_test(test_four_parts_refused),
        cmocka_unit_test(test_six_parts_refused),
        cmocka_unit_test(test_iv_wrong_length_refused),
        cmocka_unit_test(test_tag_truncated_refused),
        cmocka_unit_test(test_header_not_json_refused),
        cmocka_unit_test(test_header_duplicate_member_refused),
        cmocka_unit_test(test_header_not_object_refused),
        cmocka_unit_test(test_header_lacks_enc_refused),
        cmocka_unit_test(test_kid_not_string_refused),
        cmocka_unit_test(test_apu_not_base64url_refused),
        cmocka_unit_test(test_part_not_base64url_refused),
        cmocka_unit_test(test_json_serialization_refused),
        cmocka_unit_test(test_input_over_limit_refused),
        cmocka_unit_test(test_public_recipient_key_cannot_decrypt),
        cmocka_unit_test(test_recipient_not_nist_ec_refused),
        cmocka_unit_test(test_recipient_signature_key_refused),
        cmocka_unit_test(test_bad_arguments_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
