/*
 * JWS (RFC 7515): compact and JSON serializations, signing and verifying
 * with every algorithm, and the rules of RFC 7515 §5.2 / RFC 8725 that a
 * verifier must enforce. Malformed tokens are built by hand here (header
 * JSON + payload, signed with wallet_sign) so that each is otherwise valid
 * and fails for its one named defect.
 */
#include <cjson/cJSON.h>

#include "crypto/crypto.h" /* wl_hmac: to forge an HS256 token in the attack test */
#include "testutil.h"

#define NOW 1700000000

static const wallet_alg all_algs[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
#define N_ALGS (sizeof(all_algs) / sizeof(all_algs[0]))

static const char payload[] = "{\"iss\":\"https://issuer.example\",\"sub\":\"alice\"}";
#define PAYLOAD_LEN (sizeof(payload) - 1)

/* ---- helpers ------------------------------------------------------------------ */

static wallet_key *gen(wallet_ctx *ctx, wallet_alg alg)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, alg));
    return k;
}

static char *b64(wallet_ctx *ctx, const void *p, size_t n)
{
    char *s = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &s, NULL, p, n));
    return s;
}

/* malloc'ed concatenation of up to five strings (NULL ends the list). */
static char *cat(const char *a, const char *b, const char *c, const char *d, const char *e)
{
    const char *parts[5] = {a, b, c, d, e};
    size_t n = 0;
    for (size_t i = 0; i < 5 && parts[i]; i++)
        n += strlen(parts[i]);
    char *s = malloc(n + 1);
    assert_non_null(s);
    s[0] = '\0';
    for (size_t i = 0; i < 5 && parts[i]; i++)
        strncat(s, parts[i], n - strlen(s));
    return s;
}

/* base64url(header) "." base64url(payload) "." base64url(sig), where sig is
 * made by `key` with `alg` over the signing input (no signature when key is
 * NULL). */
static char *make_compact(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                          const char *header, const char *pay)
{
    char *h = b64(ctx, header, strlen(header));
    char *p = b64(ctx, pay, strlen(pay));
    char *input = cat(h, ".", p, NULL, NULL);
    char *s = NULL;
    if (key) {
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, key, alg, (const uint8_t *)input,
                                      strlen(input)));
        s = b64(ctx, sig, sig_len);
        wallet_free(sig);
    }
    char *out = cat(input, ".", s ? s : "", NULL, NULL);
    wallet_free(h);
    wallet_free(p);
    wallet_free(s);
    free(input);
    return out;
}

/* One entry of a JSON serialization: {"protected": .., "header": .., "signature": ..}
 * signed over the protected header's base64url and the payload's. */
static char *make_json_sig(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                           const char *prot, const char *unprot_json, const char *pay_b64)
{
    char *h = prot ? b64(ctx, prot, strlen(prot)) : NULL;
    char *input = cat(h ? h : "", ".", pay_b64, NULL, NULL);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, key, alg, (const uint8_t *)input,
                                  strlen(input)));
    char *s = b64(ctx, sig, sig_len);
    cJSON *o = cJSON_CreateObject();
    if (h)
        cJSON_AddStringToObject(o, "protected", h);
    if (unprot_json) {
        cJSON *u = cJSON_Parse(unprot_json);
        assert_non_null(u);
        cJSON_AddItemToObject(o, "header", u);
    }
    cJSON_AddStringToObject(o, "signature", s);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    wallet_free(sig);
    wallet_free(s);
    free(input);
    wallet_free(h);
    return text;
}

/* A flattened JSON serialization: payload + one signature entry. */
static char *make_flattened(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                            const char *prot, const char *unprot_json)
{
    char *p = b64(ctx, payload, PAYLOAD_LEN);
    char *entry = make_json_sig(ctx, key, alg, prot, unprot_json, p);
    cJSON *o = cJSON_Parse(entry);
    assert_non_null(o);
    cJSON_AddStringToObject(o, "payload", p);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    free(entry);
    wallet_free(p);
    return text;
}

static wallet_jws *parse_ok(wallet_ctx *ctx, const char *text)
{
    wallet_jws *jws = NULL;
    tu_assert_ok(ctx, wallet_jws_parse(ctx, &jws, text, strlen(text)));
    assert_non_null(jws);
    return jws;
}

static void expect_parse_err(wallet_ctx *ctx, const char *text, wallet_err want)
{
    wallet_jws *jws = (wallet_jws *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_jws_parse(ctx, &jws, text, strlen(text)), want);
    assert_null(jws);
    assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
}

/* Verify must fail with `want` and leave nothing usable behind. */
static void expect_verify_err(wallet_ctx *ctx, const char *text, const wallet_key *key,
                              wallet_algset allowed, wallet_err want)
{
    wallet_jws *jws = parse_ok(ctx, text);
    tu_assert_err(ctx, wallet_jws_verify(ctx, jws, key, allowed), want);
    size_t len = 99;
    assert_null(wallet_jws_payload(jws, &len));
    assert_int_equal(len, 0);
    assert_int_equal(wallet_jws_verified_index(jws), (size_t)-1);
    wallet_jws_free(jws);
}

static void expect_verify_ok(wallet_ctx *ctx, const char *text, const wallet_key *key,
                             wallet_algset allowed)
{
    wallet_jws *jws = parse_ok(ctx, text);
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, key, allowed));
    size_t len = 0;
    const uint8_t *p = wallet_jws_payload(jws, &len);
    assert_non_null(p);
    assert_int_equal(len, PAYLOAD_LEN);
    assert_memory_equal(p, payload, PAYLOAD_LEN);
    wallet_jws_free(jws);
}

/* Replace segment `seg` (0..2) of a compact token. */
static char *replace_segment(const char *token, int seg, const char *with)
{
    const char *d1 = strchr(token, '.');
    const char *d2 = strchr(d1 + 1, '.');
    size_t n = strlen(token) + strlen(with) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    if (seg == 0)
        snprintf(out, n, "%s%s", with, d1);
    else if (seg == 1)
        snprintf(out, n, "%.*s.%s%s", (int)(d1 - token), token, with, d2);
    else
        snprintf(out, n, "%.*s.%s", (int)(d2 - token), token, with);
    return out;
}

/* ---- positive: compact ----------------------------------------------------------- */

static void test_compact_sign_verify_every_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        wallet_key *pub = NULL;
        tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
        char *tok = NULL;
        tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                                  (const uint8_t *)payload, PAYLOAD_LEN));
        wallet_jws *jws = parse_ok(ctx, tok);
        assert_int_equal(wallet_jws_signature_count(jws), 1);
        assert_int_equal(wallet_jws_alg(jws, 0), all_algs[i]);
        assert_null(wallet_jws_kid(jws, 0)); /* the key has no kid */
        char want[40];
        snprintf(want, sizeof(want), "{\"alg\":\"%s\"}", wallet_alg_name(all_algs[i]));
        assert_string_equal(wallet_jws_header_json(jws, 0), want);
        /* Nothing is readable before verification. */
        size_t len = 99;
        assert_null(wallet_jws_payload(jws, &len));
        assert_int_equal(len, 0);
        assert_int_equal(wallet_jws_verified_index(jws), (size_t)-1);
        tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, pub, WALLET_ALGSET(all_algs[i])));
        assert_int_equal(wallet_jws_verified_index(jws), 0);
        const uint8_t *p = wallet_jws_payload(jws, &len);
        assert_int_equal(len, PAYLOAD_LEN);
        assert_memory_equal(p, payload, PAYLOAD_LEN);
        assert_int_equal(p[len], 0); /* NUL-terminated for convenience */
        wallet_jws_free(jws);
        wallet_free(tok);
        wallet_key_free(pub);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_compact_extra_header_members(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_ES256,
                                              "{\"typ\":\"JWT\",\"cty\":\"json\",\"n\":[1,{\"a\":true}]}",
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    wallet_jws *jws = parse_ok(ctx, tok);
    assert_string_equal(wallet_jws_header_json(jws, 0),
                        "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"cty\":\"json\",\"n\":[1,{\"a\":true}]}");
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_EC));
    wallet_jws_free(jws);
    wallet_free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_kid_placement(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA);
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, "key-1"));
    /* The key's kid follows "alg" in the protected header. */
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, "{\"typ\":\"JWT\"}",
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    wallet_jws *jws = parse_ok(ctx, tok);
    assert_string_equal(wallet_jws_header_json(jws, 0),
                        "{\"alg\":\"EdDSA\",\"kid\":\"key-1\",\"typ\":\"JWT\"}");
    assert_string_equal(wallet_jws_kid(jws, 0), "key-1");
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL));
    wallet_jws_free(jws);
    wallet_free(tok);
    /* A kid in the extra header replaces the key's. */
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, "{\"kid\":\"other\"}",
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    jws = parse_ok(ctx, tok);
    assert_string_equal(wallet_jws_header_json(jws, 0), "{\"alg\":\"EdDSA\",\"kid\":\"other\"}");
    assert_string_equal(wallet_jws_kid(jws, 0), "other");
    wallet_jws_free(jws);
    wallet_free(tok);
    /* A kid in the unprotected header (JSON serialization) is reported too. */
    char *flat = make_flattened(ctx, k, WALLET_ALG_EDDSA, "{\"alg\":\"EdDSA\"}", "{\"kid\":\"unprot\"}");
    jws = parse_ok(ctx, flat);
    assert_string_equal(wallet_jws_kid(jws, 0), "unprot");
    assert_string_equal(wallet_jws_header_json(jws, 0), "{\"alg\":\"EdDSA\"}");
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL));
    wallet_jws_free(jws);
    free(flat);
    /* Out-of-range indexes. */
    assert_null(wallet_jws_kid(NULL, 0));
    assert_null(wallet_jws_header_json(NULL, 0));
    assert_int_equal(wallet_jws_alg(NULL, 0), WALLET_ALG_NONE);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_hand_built_compact_verifies(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES384);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES384, "{\"typ\":\"JWT\",\"alg\":\"ES384\"}", payload);
    expect_verify_ok(ctx, tok, k, WALLET_ALGSET_ALL);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_detached_payload_flow(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    char *detached = replace_segment(tok, 1, ""); /* RFC 7515 Appendix F */
    wallet_jws *jws = parse_ok(ctx, detached);
    /* Without the payload: a state error, nothing verified. */
    tu_assert_err(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL), WALLET_ERR_STATE);
    assert_int_equal(wallet_jws_verified_index(jws), (size_t)-1);
    /* The wrong payload: signature. */
    tu_assert_ok(ctx, wallet_jws_set_detached_payload(ctx, jws, (const uint8_t *)"other", 5));
    tu_assert_err(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL), WALLET_ERR_SIGNATURE);
    size_t len = 99;
    assert_null(wallet_jws_payload(jws, &len));
    assert_int_equal(len, 0);
    /* The right payload. */
    tu_assert_ok(ctx, wallet_jws_set_detached_payload(ctx, jws, (const uint8_t *)payload,
                                                      PAYLOAD_LEN));
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL));
    const uint8_t *p = wallet_jws_payload(jws, &len);
    assert_int_equal(len, PAYLOAD_LEN);
    assert_memory_equal(p, payload, PAYLOAD_LEN);
    /* Supplying another payload resets the verified state. */
    tu_assert_ok(ctx, wallet_jws_set_detached_payload(ctx, jws, (const uint8_t *)"x", 1));
    assert_int_equal(wallet_jws_verified_index(jws), (size_t)-1);
    assert_null(wallet_jws_payload(jws, NULL));
    wallet_jws_free(jws);
    free(detached);
    wallet_free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- positive: JSON serialization --------------------------------------------------- */

static void test_json_flattened_sign_parse_verify(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, "flat"));
        const wallet_key *keys[1] = {k};
        char *text = NULL;
        tu_assert_ok(ctx, wallet_jws_sign_json(ctx, &text, keys, 1, (const uint8_t *)payload,
                                               PAYLOAD_LEN));
        cJSON *o = cJSON_Parse(text);
        assert_non_null(o);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(o, "protected"));
        assert_non_null(cJSON_GetObjectItemCaseSensitive(o, "signature"));
        assert_null(cJSON_GetObjectItemCaseSensitive(o, "signatures"));
        cJSON_Delete(o);
        wallet_jws *jws = parse_ok(ctx, text);
        assert_int_equal(wallet_jws_signature_count(jws), 1);
        assert_string_equal(wallet_jws_kid(jws, 0), "flat");
        assert_int_equal(wallet_jws_alg(jws, 0), all_algs[i]);
        tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL));
        assert_int_equal(wallet_jws_verified_index(jws), 0);
        wallet_jws_free(jws);
        /* Leading whitespace before '{' is still the JSON serialization. */
        char *spaced = cat("\n  ", text, NULL, NULL, NULL);
        expect_verify_ok(ctx, spaced, k, WALLET_ALGSET_ALL);
        free(spaced);
        wallet_free(text);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_json_general_two_keys(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256);
    wallet_key *b = gen(ctx, WALLET_ALG_EDDSA);
    wallet_key *c = gen(ctx, WALLET_ALG_ES256);
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, a, "a"));
    const wallet_key *keys[2] = {a, b};
    char *text = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_json(ctx, &text, keys, 2, (const uint8_t *)payload,
                                           PAYLOAD_LEN));
    cJSON *o = cJSON_Parse(text);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "signatures")), 2);
    cJSON_Delete(o);

    wallet_jws *jws = parse_ok(ctx, text);
    assert_int_equal(wallet_jws_signature_count(jws), 2);
    assert_int_equal(wallet_jws_alg(jws, 0), WALLET_ALG_ES256);
    assert_int_equal(wallet_jws_alg(jws, 1), WALLET_ALG_EDDSA);
    assert_string_equal(wallet_jws_kid(jws, 0), "a");
    assert_null(wallet_jws_kid(jws, 1));
    assert_null(wallet_jws_header_json(jws, 2));
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, a, WALLET_ALGSET_ALL));
    assert_int_equal(wallet_jws_verified_index(jws), 0);
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, b, WALLET_ALGSET_ALL));
    assert_int_equal(wallet_jws_verified_index(jws), 1);
    size_t len = 0;
    assert_non_null(wallet_jws_payload(jws, &len));
    assert_int_equal(len, PAYLOAD_LEN);
    /* A third key verifies neither signature. */
    tu_assert_err(ctx, wallet_jws_verify(ctx, jws, c, WALLET_ALGSET_ALL), WALLET_ERR_SIGNATURE);
    assert_int_equal(wallet_jws_verified_index(jws), (size_t)-1);
    assert_null(wallet_jws_payload(jws, &len));
    assert_int_equal(len, 0);
    /* Restricting the algorithms to EdDSA leaves only b's signature. */
    tu_assert_err(ctx, wallet_jws_verify(ctx, jws, a, WALLET_ALGSET(WALLET_ALG_EDDSA)),
                  WALLET_ERR_ALG_NOT_ALLOWED);
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, b, WALLET_ALGSET(WALLET_ALG_EDDSA)));
    assert_int_equal(wallet_jws_verified_index(jws), 1);
    wallet_jws_free(jws);
    wallet_free(text);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_key_free(c);
    wallet_ctx_free(ctx);
}

static void test_json_general_skips_unacceptable_signature(void **state)
{
    (void)state;
    /* First entry uses "alg":"none", the second is a real ES256 signature:
     * the verifier accepts the message on the second. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *p = b64(ctx, payload, PAYLOAD_LEN);
    char *none_hdr = b64(ctx, "{\"alg\":\"none\"}", 14);
    char *good = make_json_sig(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\"}", NULL, p);
    char *text = cat("{\"payload\":\"", p, "\",\"signatures\":[{\"protected\":\"", none_hdr,
                     "\",\"signature\":\"\"},");
    char *full = cat(text, good, "]}", NULL, NULL);
    wallet_jws *jws = parse_ok(ctx, full);
    tu_assert_ok(ctx, wallet_jws_verify(ctx, jws, k, WALLET_ALGSET_ALL));
    assert_int_equal(wallet_jws_verified_index(jws), 1);
    wallet_jws_free(jws);
    free(full);
    free(text);
    free(good);
    wallet_free(none_hdr);
    wallet_free(p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: algorithms ----------------------------------------------------------- */

static void test_alg_none(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, NULL, WALLET_ALG_NONE, "{\"alg\":\"none\"}", payload);
    assert_int_equal(tok[strlen(tok) - 1], '.'); /* empty signature */
    expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL, WALLET_ERR_ALG_NOT_ALLOWED);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_hs256_with_public_key_as_secret(void **state)
{
    (void)state;
    /* The classic key-confusion attack: an HMAC made with the verifier's
     * public key (as PEM text, the bytes a naive verifier would use). */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *pem = NULL;
    tu_assert_ok(ctx, wallet_key_to_pem(ctx, &pem, k, WALLET_EXPORT_PUBLIC));
    static const char hdr[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    char *h = b64(ctx, hdr, strlen(hdr));
    char *p = b64(ctx, payload, PAYLOAD_LEN);
    char *input = cat(h, ".", p, NULL, NULL);
    uint8_t mac[32];
    tu_assert_ok(ctx, wl_hmac(ctx, WL_SHA256, (const uint8_t *)pem, strlen(pem),
                              (const uint8_t *)input, strlen(input), mac));
    char *s = b64(ctx, mac, sizeof(mac));
    char *tok = cat(input, ".", s, NULL, NULL);
    expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL, WALLET_ERR_ALG_NOT_ALLOWED);
    free(tok);
    wallet_free(s);
    free(input);
    wallet_free(p);
    wallet_free(h);
    wallet_free(pem);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_unknown(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"XS999\"}", payload);
    wallet_jws *jws = parse_ok(ctx, tok);
    assert_int_equal(wallet_jws_alg(jws, 0), WALLET_ALG_NONE);
    wallet_jws_free(jws);
    expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL, WALLET_ERR_ALG_UNSUPPORTED);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_case_variant(void **state)
{
    (void)state;
    /* "alg" values are case-sensitive (RFC 7515 §4.1.1). */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"es256\"}", payload);
    expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL, WALLET_ERR_ALG_UNSUPPORTED);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_missing(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"typ\":\"JWT\"}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_not_a_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":[\"ES256\"]}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_duplicate_member(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"alg\":\"none\"}",
                             payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JSON_DUPLICATE);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_alg_outside_allow_list(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        char *tok = NULL;
        tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                                  (const uint8_t *)payload, PAYLOAD_LEN));
        expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL & ~WALLET_ALGSET(all_algs[i]),
                          WALLET_ERR_ALG_NOT_ALLOWED);
        wallet_free(tok);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_es256_token_with_p384_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k256 = gen(ctx, WALLET_ALG_ES256);
    wallet_key *k384 = gen(ctx, WALLET_ALG_ES384);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k256, WALLET_ALG_NONE, NULL,
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    expect_verify_err(ctx, tok, k384, WALLET_ALGSET_ALL, WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_free(tok);
    wallet_key_free(k256);
    wallet_key_free(k384);
    wallet_ctx_free(ctx);
}

static void test_eddsa_token_with_ec_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *ed = gen(ctx, WALLET_ALG_EDDSA);
    wallet_key *ec = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, ed, WALLET_ALG_NONE, NULL,
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    expect_verify_err(ctx, tok, ec, WALLET_ALGSET_ALL, WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_free(tok);
    wallet_key_free(ed);
    wallet_key_free(ec);
    wallet_ctx_free(ctx);
}

static void test_empty_allow_list(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    expect_verify_err(ctx, tok, k, 0, WALLET_ERR_INVALID_ARG);
    wallet_free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: crit ----------------------------------------------------------------- */

static void test_crit_unknown_name(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256,
                             "{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1363284000}", payload);
    expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL, WALLET_ERR_CRIT_UNKNOWN);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_b64_extension_not_implemented(void **state)
{
    (void)state;
    /* RFC 7797 "b64" is not implemented, so it is unknown too. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256,
                             "{\"alg\":\"ES256\",\"b64\":false,\"crit\":[\"b64\"]}", payload);
    expect_verify_err(ctx, tok, k, WALLET_ALGSET_ALL, WALLET_ERR_CRIT_UNKNOWN);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_not_an_array(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256,
                             "{\"alg\":\"ES256\",\"crit\":\"exp\",\"exp\":1}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_empty_array(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"crit\":[]}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_names_absent_member(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"crit\":[\"exp\"]}",
                             payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_names_registered_parameter(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"crit\":[\"alg\"]}",
                             payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_repeated_name(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256,
                             "{\"alg\":\"ES256\",\"exp\":1,\"crit\":[\"exp\",\"exp\"]}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_entry_not_a_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"crit\":[7]}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_crit_in_unprotected_header(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *flat = make_flattened(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"exp\":1}",
                                "{\"crit\":[\"exp\"]}");
    expect_parse_err(ctx, flat, WALLET_ERR_JWS_FORMAT);
    free(flat);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: structure -------------------------------------------------------------- */

static void test_parameter_protected_and_unprotected(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *flat = make_flattened(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"kid\":\"a\"}",
                                "{\"kid\":\"b\"}");
    expect_parse_err(ctx, flat, WALLET_ERR_JWS_FORMAT);
    free(flat);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_compact_two_parts(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx, "eyJhbGciOiJFUzI1NiJ9.eyJhIjoxfQ", WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_compact_four_parts(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\"}", payload);
    char *four = cat(tok, ".AAAA", NULL, NULL, NULL);
    expect_parse_err(ctx, four, WALLET_ERR_JWS_FORMAT);
    free(four);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_compact_empty_header_segment(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx, ".eyJhIjoxfQ.AAAA", WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_bad_base64url_in_each_segment(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\"}", payload);
    static const char *const bad[] = {"eyJhbGciOiJFUzI1NiJ9+", "eyJhbGciOiJFUzI1NiJ9=",
                                      "eyJhbGci OiJFUzI1NiJ9", "e"};
    for (int seg = 0; seg < 3; seg++) {
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            char *t = replace_segment(tok, seg, bad[i]);
            expect_parse_err(ctx, t, WALLET_ERR_BASE64);
            free(t);
        }
    }
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_header_not_an_object(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const char *const hdrs[] = {"[\"ES256\"]", "\"ES256\"", "42", "null"};
    for (size_t i = 0; i < 4; i++) {
        char *tok = make_compact(ctx, k, WALLET_ALG_ES256, hdrs[i], payload);
        expect_parse_err(ctx, tok, WALLET_ERR_JSON_TYPE);
        free(tok);
    }
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_header_not_json(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\"", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JSON);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_kid_not_a_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = make_compact(ctx, k, WALLET_ALG_ES256, "{\"alg\":\"ES256\",\"kid\":1}", payload);
    expect_parse_err(ctx, tok, WALLET_ERR_JWS_FORMAT);
    free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_tampered_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        char *tok = NULL;
        tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                                  (const uint8_t *)payload, PAYLOAD_LEN));
        static const char other[] = "{\"iss\":\"https://issuer.example\",\"sub\":\"mallory\"}";
        char *p = b64(ctx, other, strlen(other));
        char *t = replace_segment(tok, 1, p);
        expect_verify_err(ctx, t, k, WALLET_ALGSET_ALL, WALLET_ERR_SIGNATURE);
        free(t);
        wallet_free(p);
        wallet_free(tok);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_tampered_signature(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        char *tok = NULL;
        tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                                  (const uint8_t *)payload, PAYLOAD_LEN));
        /* Flip a bit in the middle of the signature bytes. */
        const char *s = strrchr(tok, '.') + 1;
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(ctx, wallet_b64url_decode(ctx, &sig, &sig_len, s, strlen(s)));
        sig[sig_len / 2] ^= 0x40;
        char *s2 = b64(ctx, sig, sig_len);
        char *t = replace_segment(tok, 2, s2);
        expect_verify_err(ctx, t, k, WALLET_ALGSET_ALL, WALLET_ERR_SIGNATURE);
        free(t);
        wallet_free(s2);
        /* A truncated signature too. */
        char *s3 = b64(ctx, sig, sig_len - 2);
        t = replace_segment(tok, 2, s3);
        expect_verify_err(ctx, t, k, WALLET_ALGSET_ALL, WALLET_ERR_SIGNATURE);
        free(t);
        wallet_free(s3);
        wallet_free(sig);
        wallet_free(tok);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_tampered_header(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, "{\"typ\":\"JWT\"}",
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    static const char hdr[] = "{\"alg\":\"ES256\",\"typ\":\"dc+sd-jwt\"}";
    char *h = b64(ctx, hdr, strlen(hdr));
    char *t = replace_segment(tok, 0, h);
    expect_verify_err(ctx, t, k, WALLET_ALGSET_ALL, WALLET_ERR_SIGNATURE);
    free(t);
    wallet_free(h);
    wallet_free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_wrong_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *a = gen(ctx, all_algs[i]);
        wallet_key *b = gen(ctx, all_algs[i]);
        char *tok = NULL;
        tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, a, WALLET_ALG_NONE, NULL,
                                                  (const uint8_t *)payload, PAYLOAD_LEN));
        expect_verify_err(ctx, tok, b, WALLET_ALGSET_ALL, WALLET_ERR_SIGNATURE);
        wallet_free(tok);
        wallet_key_free(a);
        wallet_key_free(b);
    }
    wallet_ctx_free(ctx);
}

static void test_input_over_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    size_t n = strlen(tok);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)n - 1);
    expect_parse_err(ctx, tok, WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)n); /* exactly at the limit */
    expect_verify_ok(ctx, tok, k, WALLET_ALGSET_ALL);
    wallet_free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_json_general_mixed_with_flattened(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256);
    wallet_key *b = gen(ctx, WALLET_ALG_ES256);
    const wallet_key *keys[2] = {a, b};
    char *text = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_json(ctx, &text, keys, 2, (const uint8_t *)payload,
                                           PAYLOAD_LEN));
    static const char *const extra[] = {"signature", "protected", "header"};
    for (size_t i = 0; i < 3; i++) {
        cJSON *o = cJSON_Parse(text);
        if (i == 2)
            cJSON_AddItemToObject(o, extra[i], cJSON_CreateObject());
        else
            cJSON_AddStringToObject(o, extra[i], "AAAA");
        char *mixed = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        expect_parse_err(ctx, mixed, WALLET_ERR_JWS_FORMAT);
        free(mixed);
    }
    wallet_free(text);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_ctx_free(ctx);
}

static void test_json_signatures_empty(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx, "{\"payload\":\"eyJhIjoxfQ\",\"signatures\":[]}", WALLET_ERR_JWS_FORMAT);
    expect_parse_err(ctx, "{\"payload\":\"eyJhIjoxfQ\",\"signatures\":{}}", WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_json_signature_entry_not_object(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx, "{\"payload\":\"eyJhIjoxfQ\",\"signatures\":[\"AAAA\"]}",
                     WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_json_payload_not_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx,
                     "{\"payload\":{\"a\":1},\"protected\":\"eyJhbGciOiJFUzI1NiJ9\","
                     "\"signature\":\"AAAA\"}",
                     WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_json_without_any_header(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx, "{\"payload\":\"eyJhIjoxfQ\",\"signature\":\"AAAA\"}",
                     WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_json_unprotected_header_not_object(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx,
                     "{\"payload\":\"eyJhIjoxfQ\",\"protected\":\"eyJhbGciOiJFUzI1NiJ9\","
                     "\"header\":[1],\"signature\":\"AAAA\"}",
                     WALLET_ERR_JWS_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_json_duplicate_top_level_member(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    expect_parse_err(ctx,
                     "{\"payload\":\"eyJhIjoxfQ\",\"payload\":\"eyJhIjoyfQ\","
                     "\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":\"AAAA\"}",
                     WALLET_ERR_JSON_DUPLICATE);
    wallet_ctx_free(ctx);
}

static void test_detached_payload_on_attached_token(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                              (const uint8_t *)payload, PAYLOAD_LEN));
    wallet_jws *jws = parse_ok(ctx, tok);
    tu_assert_err(ctx, wallet_jws_set_detached_payload(ctx, jws, (const uint8_t *)"x", 1),
                  WALLET_ERR_STATE);
    wallet_jws_free(jws);
    wallet_free(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: signing ------------------------------------------------------------------ */

static void test_sign_extra_header_sets_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = (char *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, "{\"alg\":\"none\"}",
                                          (const uint8_t *)payload, PAYLOAD_LEN),
                  WALLET_ERR_INVALID_ARG);
    assert_null(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign_extra_header_not_object(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = (char *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_NONE, "[1]",
                                          (const uint8_t *)payload, PAYLOAD_LEN),
                  WALLET_ERR_JSON_TYPE);
    assert_null(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign_with_public_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    char *tok = (char *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_jws_sign_compact(ctx, &tok, pub, WALLET_ALG_NONE, NULL,
                                          (const uint8_t *)payload, PAYLOAD_LEN),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(tok);
    const wallet_key *keys[2] = {k, pub};
    tok = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_jws_sign_json(ctx, &tok, keys, 2, (const uint8_t *)payload,
                                            PAYLOAD_LEN),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(tok);
    wallet_key_free(pub);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign_alg_not_fitting_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    char *tok = (char *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_jws_sign_compact(ctx, &tok, k, WALLET_ALG_ES384, NULL,
                                          (const uint8_t *)payload, PAYLOAD_LEN),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(tok);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign_json_without_keys(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    char *tok = (char *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_jws_sign_json(ctx, &tok, NULL, 0, (const uint8_t *)payload,
                                            PAYLOAD_LEN),
                  WALLET_ERR_INVALID_ARG);
    assert_null(tok);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_compact_sign_verify_every_alg),
        cmocka_unit_test(test_compact_extra_header_members),
        cmocka_unit_test(test_kid_placement),
        cmocka_unit_test(test_hand_built_compact_verifies),
        cmocka_unit_test(test_detached_payload_flow),
        cmocka_unit_test(test_json_flattened_sign_parse_verify),
        cmocka_unit_test(test_json_general_two_keys),
        cmocka_unit_test(test_json_general_skips_unacceptable_signature),
        /* negative */
        cmocka_unit_test(test_alg_none),
        cmocka_unit_test(test_alg_hs256_with_public_key_as_secret),
        cmocka_unit_test(test_alg_unknown),
        cmocka_unit_test(test_alg_case_variant),
        cmocka_unit_test(test_alg_missing),
        cmocka_unit_test(test_alg_not_a_string),
        cmocka_unit_test(test_alg_duplicate_member),
        cmocka_unit_test(test_alg_outside_allow_list),
        cmocka_unit_test(test_es256_token_with_p384_key),
        cmocka_unit_test(test_eddsa_token_with_ec_key),
        cmocka_unit_test(test_empty_allow_list),
        cmocka_unit_test(test_crit_unknown_name),
        cmocka_unit_test(test_crit_b64_extension_not_implemented),
        cmocka_unit_test(test_crit_not_an_array),
        cmocka_unit_test(test_crit_empty_array),
        cmocka_unit_test(test_crit_names_absent_member),
        cmocka_unit_test(test_crit_names_registered_parameter),
        cmocka_unit_test(test_crit_repeated_name),
        cmocka_unit_test(test_crit_entry_not_a_string),
        cmocka_unit_test(test_crit_in_unprotected_header),
        cmocka_unit_test(test_parameter_protected_and_unprotected),
        cmocka_unit_test(test_compact_two_parts),
        cmocka_unit_test(test_compact_four_parts),
        cmocka_unit_test(test_compact_empty_header_segment),
        cmocka_unit_test(test_bad_base64url_in_each_segment),
        cmocka_unit_test(test_header_not_an_object),
        cmocka_unit_test(test_header_not_json),
        cmocka_unit_test(test_kid_not_a_string),
        cmocka_unit_test(test_tampered_payload),
        cmocka_unit_test(test_tampered_signature),
        cmocka_unit_test(test_tampered_header),
        cmocka_unit_test(test_wrong_key),
        cmocka_unit_test(test_input_over_limit),
        cmocka_unit_test(test_json_general_mixed_with_flattened),
        cmocka_unit_test(test_json_signatures_empty),
        cmocka_unit_test(test_json_signature_entry_not_object),
        cmocka_unit_test(test_json_payload_not_string),
        cmocka_unit_test(test_json_without_any_header),
        cmocka_unit_test(test_json_unprotected_header_not_object),
        cmocka_unit_test(test_json_duplicate_top_level_member),
        cmocka_unit_test(test_detached_payload_on_attached_token),
        cmocka_unit_test(test_sign_extra_header_sets_alg),
        cmocka_unit_test(test_sign_extra_header_not_object),
        cmocka_unit_test(test_sign_with_public_key),
        cmocka_unit_test(test_sign_alg_not_fitting_key),
        cmocka_unit_test(test_sign_json_without_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
