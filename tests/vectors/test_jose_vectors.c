/*
 * JOSE vectors: RFC 7515 Appendix A (via latchset/jose vector files),
 * RFC 7520 (JOSE cookbook) §4 JWS examples and the cookbook's Ed25519 JWS,
 * RFC 7638 §3.1 thumbprint, RFC 7517 Appendix A/B key sets.
 *
 * Every example that verifies is also checked tampered (one payload
 * character and one signature character changed), which must fail with
 * WALLET_ERR_SIGNATURE. HMAC and "none" examples are rejected with
 * WALLET_ERR_ALG_NOT_ALLOWED: libwallet has no symmetric JWS algorithms.
 * See vectors/jose-cose/README.md for every decision.
 */
#include <cjson/cJSON.h>

#include "testutil.h"

#define NOW 1700000000
#define LATCH "jose-cose/rfc7515-rfc7517-rfc7638-latchset/"
#define COOKBOOK "jose-cose/jose-cookbook-rfc7520/"

/* RFC 7515 Appendix A.1.1 (also A.2-A.3, A.5-A.7): the JWS Payload. */
static const char rfc7515_payload[] =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

/* Counters for the one-line summaries. */
typedef struct tally {
    int verified; /* positive vectors that verified */
    int rejected; /* negative checks that failed with the expected code */
} tally;

/* ---- helpers ------------------------------------------------------------------- */

static char *read_text(const char *rel)
{
    return (char *)tu_vector(rel, NULL);
}

static cJSON *read_json(const char *rel)
{
    char *t = read_text(rel);
    cJSON *j = cJSON_Parse(t);
    free(t);
    if (!j)
        fail_msg("vector %s is not JSON", rel);
    return j;
}

/* Text of a file under vectors/ without trailing white space. */
static char *read_trimmed(const char *rel)
{
    char *t = read_text(rel);
    size_t n = strlen(t);
    while (n && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' '))
        t[--n] = '\0';
    return t;
}

/* Import a JWK object, then keep only its public half (verification never
 * needs the private members the vector files carry). */
static wallet_key *pub_key_from_json(wallet_ctx *ctx, const cJSON *jwk)
{
    char *text = cJSON_PrintUnformatted(jwk);
    assert_non_null(text);
    wallet_key *k = NULL, *pub = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, text, strlen(text)));
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    assert_int_equal(wallet_key_can_sign(pub), 0);
    wallet_key_free(k);
    free(text);
    return pub;
}

static wallet_key *pub_key_from_file(wallet_ctx *ctx, const char *rel)
{
    cJSON *j = read_json(rel);
    wallet_key *k = pub_key_from_json(ctx, j);
    cJSON_Delete(j);
    return k;
}

/* Parse + verify; the payload must equal `expect` and the verified
 * signature must be `index`. */
static void jws_verifies(wallet_ctx *ctx, tally *t, const char *what, const char *text,
                         const wallet_key *key, wallet_alg alg, const uint8_t *detached,
                         const char *expect, size_t index)
{
    wallet_jws *jws = NULL;
    wallet_err e = wallet_jws_parse(ctx, &jws, text, strlen(text));
    if (e)
        fail_msg("%s: parse: %s: %s", what, wallet_err_name(e), wallet_ctx_errmsg(ctx));
    if (detached)
        tu_assert_ok(ctx, wallet_jws_set_detached_payload(ctx, jws, detached,
                                                          strlen((const char *)detached)));
    e = wallet_jws_verify(ctx, jws, key, WALLET_ALGSET(alg));
    if (e)
        fail_msg("%s: verify: %s: %s", what, wallet_err_name(e), wallet_ctx_errmsg(ctx));
    assert_int_equal(wallet_jws_verified_index(jws), index);
    assert_int_equal(wallet_jws_alg(jws, index), alg);
    size_t len = 0;
    const uint8_t *p = wallet_jws_payload(jws, &len);
    assert_non_null(p);
    assert_int_equal(len, strlen(expect));
    assert_memory_equal(p, expect, len);
    wallet_jws_free(jws);
    t->verified++;
}

/* Parse must succeed; verify must fail with `want`. */
static void jws_rejected(wallet_ctx *ctx, tally *t, const char *what, const char *text,
                         const wallet_key *key, wallet_algset allowed, const uint8_t *detached,
                         wallet_err want)
{
    wallet_jws *jws = NULL;
    wallet_err e = wallet_jws_parse(ctx, &jws, text, strlen(text));
    if (e)
        fail_msg("%s: parse: %s: %s", what, wallet_err_name(e), wallet_ctx_errmsg(ctx));
    if (detached)
        tu_assert_ok(ctx, wallet_jws_set_detached_payload(ctx, jws, detached,
                                                          strlen((const char *)detached)));
    e = wallet_jws_verify(ctx, jws, key, allowed);
    if (e != want)
        fail_msg("%s: got %s, want %s: %s", what, wallet_err_name(e), wallet_err_name(want),
                 wallet_ctx_errmsg(ctx));
    size_t len = 1;
    assert_null(wallet_jws_payload(jws, &len));
    assert_int_equal(len, 0);
    assert_int_equal(wallet_jws_verified_index(jws), (size_t)-1);
    wallet_jws_free(jws);
    t->rejected++;
}

/* Span [*start, *end) of the base64url segment named by `which` ("payload"
 * or "signature"): the second or third part of a compact JWS, or the first
 * such member of a JSON serialization. */
static void segment(const char *text, const char *which, size_t *start, size_t *end)
{
    if (text[0] != '{') {
        const char *d1 = strchr(text, '.');
        assert_non_null(d1);
        const char *d2 = strchr(d1 + 1, '.');
        assert_non_null(d2);
        if (!strcmp(which, "payload")) {
            *start = (size_t)(d1 + 1 - text);
            *end = (size_t)(d2 - text);
        } else {
            *start = (size_t)(d2 + 1 - text);
            *end = strlen(text);
        }
        return;
    }
    char key[32];
    snprintf(key, sizeof(key), "\"%s\":\"", which);
    const char *s = strstr(text, key);
    assert_non_null(s);
    s += strlen(key);
    const char *q = strchr(s, '"');
    assert_non_null(q);
    *start = (size_t)(s - text);
    *end = (size_t)(q - text);
}

/* A copy of text with one base64url character in the middle of `which`
 * replaced by another (the middle character carries six payload bits, so
 * the result is still canonical base64url and decodes to different bytes). */
static char *tamper(const char *text, const char *which)
{
    size_t s, e;
    segment(text, which, &s, &e);
    assert_true(e - s >= 4);
    char *copy = strdup(text);
    assert_non_null(copy);
    size_t i = s + (e - s) / 2;
    copy[i] = copy[i] == 'A' ? 'B' : 'A';
    return copy;
}

/* Tampered payload and tampered signature both fail as WALLET_ERR_SIGNATURE. */
static void jws_tampered(wallet_ctx *ctx, tally *t, const char *what, const char *text,
                         const wallet_key *key, wallet_alg alg)
{
    char label[160];
    char *bad = tamper(text, "payload");
    snprintf(label, sizeof(label), "%s (payload changed)", what);
    jws_rejected(ctx, t, label, bad, key, WALLET_ALGSET(alg), NULL, WALLET_ERR_SIGNATURE);
    free(bad);
    bad = tamper(text, "signature");
    snprintf(label, sizeof(label), "%s (signature changed)", what);
    jws_rejected(ctx, t, label, bad, key, WALLET_ALGSET(alg), NULL, WALLET_ERR_SIGNATURE);
    free(bad);
}

/* A detached payload changed by one byte fails as WALLET_ERR_SIGNATURE. */
static void jws_detached_tampered(wallet_ctx *ctx, tally *t, const char *what, const char *text,
                                  const wallet_key *key, wallet_alg alg, const char *payload)
{
    char *bad = strdup(payload);
    assert_non_null(bad);
    bad[0] ^= 0x01;
    jws_rejected(ctx, t, what, text, key, WALLET_ALGSET(alg), (const uint8_t *)bad,
                 WALLET_ERR_SIGNATURE);
    free(bad);
}

/* ---- RFC 7515 Appendix A ---------------------------------------------------------- */

/* The payload we expect equals the one the independent check recorded. */
static void test_rfc7515_payload_matches_independent_check(void **state)
{
    (void)state;
    cJSON *chk = read_json("jose-cose/JOSE_INDEPENDENT_CHECKS.json");
    const char *names[] = {"rfc7515_A.1", "rfc7515_A.2", "rfc7515_A.3", "rfc7515_A.5"};
    for (size_t i = 0; i < 4; i++) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(chk, names[i]), "payload_utf8");
        assert_true(cJSON_IsString(p));
        assert_string_equal(p->valuestring, rfc7515_payload);
    }
    const cJSON *p4 = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(chk, "rfc7515_A.4"), "payload_utf8");
    assert_string_equal(p4->valuestring, "Payload");
    cJSON_Delete(chk);
}

static void test_rfc7515_appendix_a(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    tally t = {0, 0};
    static const struct {
        const char *name; /* A.x */
        const char *jws;  /* file */
        const char *jwk;
        wallet_alg alg;
        const char *payload;
    } ok[] = {
        {"A.2 RS256", LATCH "rfc7515_A.2.jwsc", LATCH "rfc7515_A.2.jwk", WALLET_ALG_RS256,
         rfc7515_payload},
        {"A.3 ES256", LATCH "rfc7515_A.3.jwsc", LATCH "rfc7515_A.3.jwk", WALLET_ALG_ES256,
         rfc7515_payload},
        {"A.4 ES512", LATCH "rfc7515_A.4.jwsc", LATCH "rfc7515_A.4.jwk", WALLET_ALG_ES512,
         "Payload"},
        {"A.7 flattened ES256", LATCH "rfc7515_A.7.jwsf", LATCH "rfc7515_A.7.jwk",
         WALLET_ALG_ES256, rfc7515_payload},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char *text = read_trimmed(ok[i].jws);
        wallet_key *key = pub_key_from_file(ctx, ok[i].jwk);
        jws_verifies(ctx, &t, ok[i].name, text, key, ok[i].alg, NULL, ok[i].payload, 0);
        jws_tampered(ctx, &t, ok[i].name, text, key, ok[i].alg);
        wallet_key_free(key);
        free(text);
    }

    /* A.6: general serialization, RS256 and ES256; each key verifies its
     * own signature (index 0 and 1). */
    cJSON *set = read_json(LATCH "rfc7515_A.6.jwkset");
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(set, "keys");
    assert_int_equal(cJSON_GetArraySize(keys), 2);
    char *general = read_trimmed(LATCH "rfc7515_A.6.jwsg");
    static const wallet_alg a6_alg[2] = {WALLET_ALG_RS256, WALLET_ALG_ES256};
    for (int i = 0; i < 2; i++) {
        wallet_key *key = pub_key_from_json(ctx, cJSON_GetArrayItem(keys, i));
        char what[64];
        snprintf(what, sizeof(what), "A.6 general, signature %d", i);
        jws_verifies(ctx, &t, what, general, key, a6_alg[i], NULL, rfc7515_payload, (size_t)i);
        /* The A.6.x single-key files hold the same keys. */
        wallet_key *single =
            pub_key_from_file(ctx, i == 0 ? LATCH "rfc7515_A.6.1.jwk" : LATCH "rfc7515_A.6.2.jwk");
        assert_int_equal(wallet_key_equal_public(key, single), 1);
        wallet_key_free(single);
        if (i == 0)
            jws_tampered(ctx, &t, what, general, key, a6_alg[i]);
        else {
            char *bad = tamper(general, "payload");
            jws_rejected(ctx, &t, "A.6 general, signature 1 (payload changed)", bad, key,
                         WALLET_ALGSET(a6_alg[i]), NULL, WALLET_ERR_SIGNATURE);
            free(bad);
        }
        wallet_key_free(key);
    }
    /* The RS256 key does not fit the ES256 signature and vice versa, so the
     * allow-list {ES256} with the RSA key has nothing to try. */
    wallet_key *rsa = pub_key_from_json(ctx, cJSON_GetArrayItem(keys, 0));
    jws_rejected(ctx, &t, "A.6 general, RSA key under an ES256-only allow-list", general, rsa,
                 WALLET_ALGSET(WALLET_ALG_ES256), NULL, WALLET_ERR_ALG_NOT_ALLOWED);
    wallet_key_free(rsa);
    free(general);
    cJSON_Delete(set);

    /* A.1 HS256 and A.5 "none" are never accepted, whatever the key and the
     * allow-list; the A.1 symmetric key is not importable at all. */
    wallet_key *any = pub_key_from_file(ctx, LATCH "rfc7515_A.3.jwk");
    char *a1 = read_trimmed(LATCH "rfc7515_A.1.jwsc");
    jws_rejected(ctx, &t, "A.1 HS256", a1, any, WALLET_ALGSET_ALL, NULL,
                 WALLET_ERR_ALG_NOT_ALLOWED);
    char *a1key = read_text(LATCH "rfc7515_A.1.jwk");
    wallet_key *k = NULL;
    tu_assert_err(ctx, wallet_key_from_jwk(ctx, &k, a1key, strlen(a1key)), WALLET_ERR_JWK);
    assert_null(k);
    t.rejected++;
    char *a5 = read_trimmed(LATCH "rfc7515_A.5.jwsc");
    jws_rejected(ctx, &t, "A.5 alg none", a5, any, WALLET_ALGSET_ALL, NULL,
                 WALLET_ERR_ALG_NOT_ALLOWED);
    free(a1);
    free(a1key);
    free(a5);
    wallet_key_free(any);

    print_message("jose rfc7515-A: %d verified, %d rejected as expected\n", t.verified,
                  t.rejected);
    assert_true(t.rejected >= t.verified);
    wallet_ctx_free(ctx);
}

/* ---- RFC 7520 cookbook §4 ------------------------------------------------------------ */

static const char *const cookbook_files[] = {
    "4_1.rsa_v15_signature.json",
    "4_2.rsa-pss_signature.json",
    "4_3.ecdsa_signature.json",
    "4_4.hmac-sha2_integrity_protection.json",
    "4_5.signature_with_detached_content.json",
    "4_6.protecting_specific_header_fields.json",
    "4_7.protecting_content_only.json",
    "4_8.multiple_signatures.json",
};

/* The serializations present in a cookbook "output": compact (text) and the
 * JSON ones printed back to text. */
static size_t cookbook_outputs(const cJSON *out, char *texts[3], const char *names[3])
{
    size_t n = 0;
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(out, "compact");
    if (c) {
        assert_true(cJSON_IsString(c));
        texts[n] = strdup(c->valuestring);
        names[n++] = "compact";
    }
    static const char *const js[2] = {"json", "json_flat"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *j = cJSON_GetObjectItemCaseSensitive(out, js[i]);
        if (j) {
            texts[n] = cJSON_PrintUnformatted(j);
            names[n++] = js[i];
        }
    }
    return n;
}

static wallet_alg alg_by_name(const char *name)
{
    wallet_alg a = wallet_alg_from_name(name);
    assert_int_not_equal(a, WALLET_ALG_NONE);
    return a;
}

/* One single-signer cookbook example: verify (or reject as HMAC) every
 * serialization it has. */
static void cookbook_single(wallet_ctx *ctx, tally *t, const char *file, wallet_key *ec_other)
{
    char rel[256];
    snprintf(rel, sizeof(rel), COOKBOOK "jws/%s", file);
    cJSON *v = read_json(rel);
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "input");
    const cJSON *key_j = cJSON_GetObjectItemCaseSensitive(in, "key");
    const char *alg_name = cJSON_GetObjectItemCaseSensitive(in, "alg")->valuestring;
    const char *payload = cJSON_GetObjectItemCaseSensitive(in, "payload")->valuestring;
    const cJSON *out = cJSON_GetObjectItemCaseSensitive(v, "output");
    int detached = strstr(file, "detached") != NULL;
    char *texts[3] = {0};
    const char *names[3] = {0};
    size_t n = cookbook_outputs(out, texts, names);
    assert_true(n >= 2);
    int hmac = !strncmp(alg_name, "HS", 2);
    wallet_key *key = NULL;
    if (hmac) {
        /* The symmetric key itself is refused ... */
        char *kt = cJSON_PrintUnformatted(key_j);
        tu_assert_err(ctx, wallet_key_from_jwk(ctx, &key, kt, strlen(kt)), WALLET_ERR_JWK);
        assert_null(key);
        free(kt);
        t->rejected++;
    } else {
        key = pub_key_from_json(ctx, key_j);
    }
    for (size_t i = 0; i < n; i++) {
        char what[200];
        snprintf(what, sizeof(what), "cookbook %s %s", file, names[i]);
        const uint8_t *det = detached ? (const uint8_t *)payload : NULL;
        if (hmac) {
            /* ... and so is the token, before any key is consulted. */
            jws_rejected(ctx, t, what, texts[i], ec_other, WALLET_ALGSET_ALL, det,
                         WALLET_ERR_ALG_NOT_ALLOWED);
            continue;
        }
        wallet_alg alg = alg_by_name(alg_name);
        jws_verifies(ctx, t, what, texts[i], key, alg, det, payload, 0);
        if (detached)
            jws_detached_tampered(ctx, t, what, texts[i], key, alg, payload);
        else
            jws_tampered(ctx, t, what, texts[i], key, alg);
        if (!detached && !strcmp(names[i], "compact")) {
            /* RFC 7515 Appendix F: the same token with its payload segment
             * emptied is a detached-content JWS over the same signing
             * input (4.5, the cookbook's own detached example, is HMAC). */
            size_t s, e;
            segment(texts[i], "payload", &s, &e);
            char *det_text = strdup(texts[i]);
            assert_non_null(det_text);
            memmove(det_text + s, det_text + e, strlen(det_text + e) + 1);
            snprintf(what, sizeof(what), "cookbook %s compact, payload detached", file);
            jws_verifies(ctx, t, what, det_text, key, alg, (const uint8_t *)payload, payload, 0);
            jws_detached_tampered(ctx, t, what, det_text, key, alg, payload);
            free(det_text);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    wallet_key_free(key);
    cJSON_Delete(v);
}

/* 4.8: three signatures (RS256, ES512 with an unprotected "alg", HS256). */
static void cookbook_multiple(wallet_ctx *ctx, tally *t, wallet_key *ec_other)
{
    cJSON *v = read_json(COOKBOOK "jws/4_8.multiple_signatures.json");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "input");
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(in, "key");
    const cJSON *algs = cJSON_GetObjectItemCaseSensitive(in, "alg");
    const char *payload = cJSON_GetObjectItemCaseSensitive(in, "payload")->valuestring;
    const cJSON *json = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(v, "output"), "json");
    const cJSON *sigs = cJSON_GetObjectItemCaseSensitive(json, "signatures");
    assert_int_equal(cJSON_GetArraySize(sigs), 3);
    char *text = cJSON_PrintUnformatted(json);
    for (int i = 0; i < 2; i++) {
        wallet_key *key = pub_key_from_json(ctx, cJSON_GetArrayItem(keys, i));
        wallet_alg alg = alg_by_name(cJSON_GetArrayItem(algs, i)->valuestring);
        char what[96];
        snprintf(what, sizeof(what), "cookbook 4.8 general, signature %d (%s)", i,
                 wallet_alg_name(alg));
        jws_verifies(ctx, t, what, text, key, alg, NULL, payload, (size_t)i);
        char *bad = tamper(text, "payload");
        snprintf(what, sizeof(what), "cookbook 4.8 general, signature %d (payload changed)", i);
        jws_rejected(ctx, t, what, bad, key, WALLET_ALGSET(alg), NULL, WALLET_ERR_SIGNATURE);
        free(bad);
        wallet_key_free(key);
    }
    /* The HS256 signature alone, as a flattened JWS: refused. */
    cJSON *flat = cJSON_Duplicate(cJSON_GetArrayItem(sigs, 2), 1);
    cJSON_AddStringToObject(flat, "payload",
                            cJSON_GetObjectItemCaseSensitive(json, "payload")->valuestring);
    char *ft = cJSON_PrintUnformatted(flat);
    jws_rejected(ctx, t, "cookbook 4.8 HS256 signature alone", ft, ec_other, WALLET_ALGSET_ALL,
                 NULL, WALLET_ERR_ALG_NOT_ALLOWED);
    free(ft);
    cJSON_Delete(flat);
    free(text);
    cJSON_Delete(v);
}

static void test_cookbook_jws(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    tally t = {0, 0};
    /* A key unrelated to the HMAC examples, to show they are refused for
     * their algorithm alone. */
    wallet_key *ec_other = pub_key_from_file(ctx, LATCH "rfc7515_A.3.jwk");
    for (size_t i = 0; i < sizeof(cookbook_files) / sizeof(cookbook_files[0]); i++) {
        if (!strncmp(cookbook_files[i], "4_8", 3))
            cookbook_multiple(ctx, &t, ec_other);
        else
            cookbook_single(ctx, &t, cookbook_files[i], ec_other);
    }
    wallet_key_free(ec_other);
    print_message("jose rfc7520-cookbook: %zu files, %d verified, %d rejected as expected\n",
                  sizeof(cookbook_files) / sizeof(cookbook_files[0]), t.verified, t.rejected);
    assert_true(t.rejected >= t.verified);
    wallet_ctx_free(ctx);
}

/* The cookbook's public/private JWK examples import (3.1-3.4) and the
 * symmetric ones are refused (3.5, 3.6). */
static void test_cookbook_jwk(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    static const struct {
        const char *file;
        wallet_err want;
        wallet_kty kty;
        int can_sign;
    } cases[] = {
        {"3_1.ec_public_key.json", WALLET_OK, WALLET_KTY_EC, 0},
        {"3_2.ec_private_key.json", WALLET_OK, WALLET_KTY_EC, 1},
        {"3_3.rsa_public_key.json", WALLET_OK, WALLET_KTY_RSA, 0},
        {"3_4.rsa_private_key.json", WALLET_OK, WALLET_KTY_RSA, 1},
        {"3_5.symmetric_key_mac_computation.json", WALLET_ERR_JWK, 0, 0},
        {"3_6.symmetric_key_encryption.json", WALLET_ERR_JWK, 0, 0},
    };
    int ok = 0, refused = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char rel[256];
        snprintf(rel, sizeof(rel), COOKBOOK "jwk/%s", cases[i].file);
        cJSON *v = read_json(rel);
        char *text = cJSON_PrintUnformatted(v);
        wallet_key *k = NULL;
        tu_assert_err(ctx, wallet_key_from_jwk(ctx, &k, text, strlen(text)), cases[i].want);
        if (cases[i].want == WALLET_OK) {
            assert_int_equal(wallet_key_kty(k), cases[i].kty);
            assert_int_equal(wallet_key_can_sign(k), cases[i].can_sign);
            assert_string_equal(wallet_key_kid(k), "bilbo.baggins@hobbiton.example");
            ok++;
        } else {
            assert_null(k);
            refused++;
        }
        wallet_key_free(k);
        free(text);
        cJSON_Delete(v);
    }
    /* 3.1 is the public half of 3.2. */
    cJSON *a = read_json(COOKBOOK "jwk/3_1.ec_public_key.json");
    cJSON *b = read_json(COOKBOOK "jwk/3_2.ec_private_key.json");
    wallet_key *ka = pub_key_from_json(ctx, a);
    wallet_key *kb = pub_key_from_json(ctx, b);
    assert_int_equal(wallet_key_equal_public(ka, kb), 1);
    wallet_key_free(ka);
    wallet_key_free(kb);
    cJSON_Delete(a);
    cJSON_Delete(b);
    print_message("jose rfc7520-jwk: %d imported, %d symmetric refused\n", ok, refused);
    wallet_ctx_free(ctx);
}

/* ---- cookbook curve25519: Ed25519 JWS (RFC 8037 A.4 / A.5) -------------------------- */

static void test_cookbook_ed25519(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    tally t = {0, 0};
    cJSON *v = read_json(COOKBOOK "curve25519/jws.json");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "input");
    const char *payload = cJSON_GetObjectItemCaseSensitive(in, "payload")->valuestring;
    wallet_key *key = pub_key_from_json(ctx, cJSON_GetObjectItemCaseSensitive(in, "key"));
    assert_int_equal(wallet_key_curve(key), WALLET_CURVE_ED25519);
    char *texts[3] = {0};
    const char *names[3] = {0};
    size_t n = cookbook_outputs(cJSON_GetObjectItemCaseSensitive(v, "output"), texts, names);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        char what[96];
        snprintf(what, sizeof(what), "cookbook curve25519 Ed25519 %s", names[i]);
        jws_verifies(ctx, &t, what, texts[i], key, WALLET_ALG_EDDSA, NULL, payload, 0);
        jws_tampered(ctx, &t, what, texts[i], key, WALLET_ALG_EDDSA);
        free(texts[i]);
    }
    /* Ed25519 is deterministic: signing the payload with the private key
     * reproduces the compact serialization byte for byte. */
    char *priv = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(in, "key"));
    wallet_key *sk = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &sk, priv, strlen(priv)));
    char *resigned = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &resigned, sk, WALLET_ALG_EDDSA, NULL,
                                              (const uint8_t *)payload, strlen(payload)));
    assert_string_equal(resigned,
                        cJSON_GetObjectItemCaseSensitive(
                            cJSON_GetObjectItemCaseSensitive(v, "output"), "compact")
                            ->valuestring);
    wallet_free(resigned);
    wallet_key_free(sk);
    free(priv);
    wallet_key_free(key);
    cJSON_Delete(v);
    print_message("jose curve25519: %d verified, %d rejected as expected\n", t.verified,
                  t.rejected);
    assert_true(t.rejected >= t.verified);
    wallet_ctx_free(ctx);
}

/* ---- RFC 7638 §3.1 ------------------------------------------------------------------ */

static void test_rfc7638_thumbprint(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = pub_key_from_file(ctx, LATCH "rfc7638_3.1.jwk");
    uint8_t tp[32];
    tu_assert_ok(ctx, wallet_key_thumbprint(ctx, tp, k));
    char *b64 = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b64, NULL, tp, sizeof(tp)));
    char *expect = read_trimmed(LATCH "rfc7638_3.1.thp");
    assert_string_equal(expect, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    assert_string_equal(b64, expect);
    print_message("jose rfc7638: thumbprint %s matches\n", b64);
    free(expect);
    wallet_free(b64);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- RFC 7517 Appendix A/B ------------------------------------------------------------ */

static void test_rfc7517_key_sets(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    int loaded = 0, refused = 0;
    /* A.1 (public) and A.2 (private): an EC key with "use": "enc" and an RSA
     * signature key. Only the RSA key is a usable signature key. */
    static const char *const sets[2] = {LATCH "rfc7517_A.1.jwkset", LATCH "rfc7517_A.2.jwkset"};
    for (size_t i = 0; i < 2; i++) {
        char *text = read_text(sets[i]);
        wallet_trust *t = NULL;
        tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
        tu_assert_ok(ctx, wallet_trust_add_jwks(ctx, t, text, strlen(text)));
        assert_int_equal(wallet_trust_key_count(t), 1);
        wallet_trust_free(t);
        /* Each member still imports as a key on its own (an encryption key
         * is a valid key, just not a signature key). */
        cJSON *j = cJSON_Parse(text);
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "keys"))
        {
            wallet_key *k = pub_key_from_json(ctx, m);
            wallet_key_free(k);
        }
        cJSON_Delete(j);
        free(text);
        loaded++;
    }
    /* A.3: symmetric keys only. */
    char *a3 = read_text(LATCH "rfc7517_A.3.jwkset");
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, a3, strlen(a3)), WALLET_ERR_JWK);
    assert_int_equal(wallet_trust_key_count(t), 0);
    refused++;
    /* RFC 7515 A.6 key set: both signature keys usable. */
    char *a6 = read_text(LATCH "rfc7515_A.6.jwkset");
    tu_assert_ok(ctx, wallet_trust_add_jwks(ctx, t, a6, strlen(a6)));
    assert_int_equal(wallet_trust_key_count(t), 2);
    loaded++;
    /* B: an RSA key with "use": "sig" and an x5c member. */
    char *b = read_text(LATCH "rfc7517_B.jwk");
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, b, strlen(b)));
    assert_int_equal(wallet_key_kty(k), WALLET_KTY_RSA);
    assert_string_equal(wallet_key_kid(k), "1b94c");
    tu_assert_ok(ctx, wallet_trust_add_jwks(ctx, t, b, strlen(b)));
    assert_int_equal(wallet_trust_key_count(t), 3);
    loaded++;
    /* The single A.1 EC key, "use": "enc", is not trusted for signatures. */
    cJSON *j = read_json(LATCH "rfc7517_A.1.jwkset");
    char *enc = cJSON_PrintUnformatted(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "keys"), 0));
    tu_assert_err(ctx, wallet_trust_add_jwks(ctx, t, enc, strlen(enc)), WALLET_ERR_JWK);
    assert_int_equal(wallet_trust_key_count(t), 3);
    refused++;
    free(enc);
    cJSON_Delete(j);
    wallet_key_free(k);
    free(b);
    free(a6);
    free(a3);
    wallet_trust_free(t);
    print_message("jose rfc7517: %d key sets/keys loaded, %d refused as expected\n", loaded,
                  refused);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7515_payload_matches_independent_check),
        cmocka_unit_test(test_rfc7515_appendix_a),
        cmocka_unit_test(test_cookbook_jws),
        cmocka_unit_test(test_cookbook_jwk),
        cmocka_unit_test(test_cookbook_ed25519),
        cmocka_unit_test(test_rfc7638_thumbprint),
        cmocka_unit_test(test_rfc7517_key_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
