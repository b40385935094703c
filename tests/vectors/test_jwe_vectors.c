/*
 * JWE vectors (ECDH-ES direct key agreement):
 *   - RFC 7518 Appendix C: the ECDH shared secret Z and the Concat KDF
 *     output (the A128GCM content encryption key) for Alice's ephemeral key
 *     and Bob's key, with apu "Alice" and apv "Bob";
 *   - RFC 7520 §5.5 (cookbook): ECDH-ES with A128CBC-HS256, the only
 *     ECDH-ES direct example of the cookbook: the derived key equals the
 *     cookbook's CEK, the compact JWE decrypts to the plaintext, a tampered
 *     one does not; its JSON serializations are refused (compact only);
 *   - RFC 7520 §5.4: ECDH-ES+A128KW (key wrapping) is refused (ECDH-ES only);
 *   - OpenID4VP 1.0 §8.3: the encrypted Authorization Response example
 *     decrypts with the example's key (published with "alg": "ECDH-ES").
 * See vectors/jose-cose/README.md and vectors/oid4vp-oid4vci/README.md.
 */
#include <cjson/cJSON.h>

#include "crypto/crypto.h"
#include "jose/jose.h"
#include "testutil.h"

#define COOKBOOK "jose-cose/jose-cookbook-rfc7520/jwe/"
#define RFC7518C "jose-cose/rfc7518-appendix-c/ecdh_es_key_agreement.json"
#define OID4VP_INLINE "oid4vp-oid4vci/oid4vp/inline-json-from-spec.json"

static cJSON *read_json(const char *rel)
{
    char *t = (char *)tu_vector(rel, NULL);
    cJSON *j = cJSON_Parse(t);
    free(t);
    if (!j)
        fail_msg("vector %s is not JSON", rel);
    return j;
}

static wallet_key *key_from_json(wallet_ctx *ctx, const cJSON *jwk)
{
    char *text = cJSON_PrintUnformatted(jwk);
    assert_non_null(text);
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, text, strlen(text)));
    free(text);
    return k;
}

/* A JSON array of decimal bytes → bytes. */
static size_t bytes_of(const cJSON *arr, uint8_t *out, size_t cap)
{
    size_t n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        assert_true(n < cap && cJSON_IsNumber(it));
        out[n++] = (uint8_t)it->valueint;
    }
    return n;
}

static uint8_t *b64u(wallet_ctx *ctx, const char *s, size_t *len)
{
    uint8_t *out = NULL;
    tu_assert_ok(ctx, wallet_b64url_decode(ctx, &out, len, s, strlen(s)));
    return out;
}

static void test_rfc7518_appendix_c(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    cJSON *v = read_json(RFC7518C);
    wallet_key *alice = key_from_json(ctx, cJSON_GetObjectItem(v, "alice_ephemeral_key"));
    wallet_key *bob = key_from_json(ctx, cJSON_GetObjectItem(v, "bob_key"));
    wallet_key *alice_pub = NULL, *bob_pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &alice_pub, alice));
    tu_assert_ok(ctx, wallet_key_public(ctx, &bob_pub, bob));

    /* Z, both ways. */
    uint8_t z_want[66], z1[66], z2[66];
    size_t zl = bytes_of(cJSON_GetObjectItem(v, "Z"), z_want, sizeof(z_want));
    size_t z1l = sizeof(z1), z2l = sizeof(z2);
    tu_assert_ok(ctx, wl_ecdh(ctx, alice, bob_pub, z1, &z1l));
    tu_assert_ok(ctx, wl_ecdh(ctx, bob, alice_pub, z2, &z2l));
    assert_int_equal(zl, 32);
    assert_int_equal(z1l, zl);
    assert_memory_equal(z1, z_want, zl);
    assert_memory_equal(z2, z_want, zl);

    /* OtherInfo pieces as the RFC lists them, and the Concat KDF directly. */
    uint8_t info[64];
    size_t n = 0;
    static const char *const parts[] = {"AlgorithmID", "PartyUInfo", "PartyVInfo", "SuppPubInfo"};
    for (size_t i = 0; i < 4; i++)
        n += bytes_of(cJSON_GetObjectItem(v, parts[i]), info + n, sizeof(info) - n);
    uint8_t want[16], got[16];
    assert_int_equal(bytes_of(cJSON_GetObjectItem(v, "derived_key"), want, sizeof(want)), 16);
    tu_assert_ok(ctx, wl_concat_kdf(ctx, WL_SHA256, z_want, zl, info, n, got, 16));
    assert_memory_equal(got, want, 16);

    /* The library's own derivation from the header values, both sides. */
    const cJSON *hdr = cJSON_GetObjectItem(v, "header");
    size_t apu_len, apv_len, cek_len;
    uint8_t *apu = b64u(ctx, cJSON_GetObjectItem(hdr, "apu")->valuestring, &apu_len);
    uint8_t *apv = b64u(ctx, cJSON_GetObjectItem(hdr, "apv")->valuestring, &apv_len);
    assert_int_equal(wallet_jwe_enc_from_name(cJSON_GetObjectItem(hdr, "enc")->valuestring),
                     WALLET_JWE_ENC_A128GCM);
    uint8_t cek[64];
    tu_assert_ok(ctx, wl_jwe_derive_cek(ctx, alice, bob_pub, WALLET_JWE_ENC_A128GCM, apu, apu_len,
                                        apv, apv_len, cek, &cek_len));
    assert_int_equal(cek_len, 16);
    assert_memory_equal(cek, want, 16);
    tu_assert_ok(ctx, wl_jwe_derive_cek(ctx, bob, alice_pub, WALLET_JWE_ENC_A128GCM, apu, apu_len,
                                        apv, apv_len, cek, &cek_len));
    assert_memory_equal(cek, want, 16);
    char *b = NULL;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b, NULL, cek, cek_len));
    assert_string_equal(b, cJSON_GetObjectItem(v, "derived_key_b64u")->valuestring);
    wallet_free(b);

    /* Negative: swapping apu and apv changes the key (they are bound). */
    tu_assert_ok(ctx, wl_jwe_derive_cek(ctx, bob, alice_pub, WALLET_JWE_ENC_A128GCM, apv, apv_len,
                                        apu, apu_len, cek, &cek_len));
    assert_memory_not_equal(cek, want, 16);

    /* A JWE Bob can read, made with the library to Bob: round trip. */
    char *jwe = NULL;
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    tu_assert_ok(ctx, wallet_jwe_encrypt(ctx, &jwe, bob_pub, WALLET_JWE_ENC_A128GCM, apu, apu_len,
                                         apv, apv_len, NULL, (const uint8_t *)"Alice to Bob", 12));
    tu_assert_ok(ctx, wallet_jwe_decrypt_compact(ctx, &pt, &pt_len, bob, jwe, strlen(jwe),
                                                 WALLET_JWE_ENCSET_GCM));
    assert_int_equal(pt_len, 12);
    assert_memory_equal(pt, "Alice to Bob", 12);
    wallet_free(pt);
    /* ... and Alice's key (not the recipient) cannot. */
    tu_assert_err(ctx,
                  wallet_jwe_decrypt_compact(ctx, &pt, &pt_len, alice, jwe, strlen(jwe),
                                             WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_DECRYPT);
    assert_null(pt);
    wallet_free(jwe);
    print_message("RFC 7518 Appendix C: Z and derived key VqqN6vgjbSBcIijNcacQGg reproduced\n");

    free(apu);
    free(apv);
    wallet_key_free(alice);
    wallet_key_free(bob);
    wallet_key_free(alice_pub);
    wallet_key_free(bob_pub);
    cJSON_Delete(v);
    wallet_ctx_free(ctx);
}

/* Copy a compact JWE, changing the character at `pos` to another base64url
 * character that keeps the segment canonical (a middle character carries six
 * data bits). */
static char *tamper(const char *jwe, size_t pos)
{
    char *t = strdup(jwe);
    assert_non_null(t);
    t[pos] = t[pos] == 'A' ? 'B' : 'A';
    return t;
}

static void test_rfc7520_5_5_ecdh_es_cbc(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    cJSON *v = read_json(COOKBOOK "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json");
    const cJSON *input = cJSON_GetObjectItem(v, "input");
    const char *plaintext = cJSON_GetObjectItem(input, "plaintext")->valuestring;
    wallet_key *rcpt = key_from_json(ctx, cJSON_GetObjectItem(input, "key"));
    /* The recipient key is published with "use": "enc" and a kid. */
    assert_string_equal(wallet_key_kid(rcpt), "meriadoc.brandybuck@buckland.example");
    const char *compact =
        cJSON_GetObjectItem(cJSON_GetObjectItem(v, "output"), "compact")->valuestring;

    /* The derived key equals the cookbook's CEK (the sender's side, with the
     * ephemeral private key the cookbook discloses). */
    const cJSON *ek = cJSON_GetObjectItem(v, "encrypting_key");
    wallet_key *eph = key_from_json(ctx, cJSON_GetObjectItem(ek, "epk"));
    wallet_key *rcpt_pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &rcpt_pub, rcpt));
    size_t want_len, cek_len;
    uint8_t *want = b64u(ctx, cJSON_GetObjectItem(ek, "cek")->valuestring, &want_len);
    uint8_t cek[64];
    tu_assert_ok(ctx, wl_jwe_derive_cek(ctx, eph, rcpt_pub, WALLET_JWE_ENC_A128CBC_HS256, NULL, 0,
                                        NULL, 0, cek, &cek_len));
    assert_int_equal(cek_len, want_len);
    assert_memory_equal(cek, want, want_len);
    tu_assert_ok(ctx, wl_jwe_derive_cek(ctx, rcpt, eph, WALLET_JWE_ENC_A128CBC_HS256, NULL, 0,
                                        NULL, 0, cek, &cek_len));
    assert_memory_equal(cek, want, want_len);

    /* Decrypt the compact serialization. */
    wallet_jwe *jwe = NULL;
    tu_assert_ok(ctx, wallet_jwe_parse(ctx, &jwe, compact, strlen(compact)));
    assert_string_equal(wallet_jwe_kid(jwe), "meriadoc.brandybuck@buckland.example");
    assert_string_equal(wallet_jwe_alg(jwe), "ECDH-ES");
    assert_int_equal(wallet_jwe_content_enc(jwe), WALLET_JWE_ENC_A128CBC_HS256);
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    tu_assert_ok(ctx, wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, rcpt,
                                         WALLET_JWE_ENCSET(WALLET_JWE_ENC_A128CBC_HS256)));
    assert_int_equal(pt_len, strlen(plaintext));
    assert_memory_equal(pt, plaintext, pt_len);
    wallet_free(pt);
    /* The caller who allows only GCM (OpenID4VP's usual set) refuses it. */
    tu_assert_err(ctx, wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, rcpt, WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_JWE_ENC);
    assert_null(pt);
    /* The ephemeral key is not the recipient. */
    tu_assert_err(ctx, wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, eph, WALLET_JWE_ENCSET_ALL),
                  WALLET_ERR_DECRYPT);
    wallet_jwe_free(jwe);

    /* Tampered: one character in the middle of the IV, the ciphertext and
     * the tag. */
    const char *d1 = strchr(compact, '.'), *d2 = strchr(d1 + 1, '.');
    const char *d3 = strchr(d2 + 1, '.'), *d4 = strchr(d3 + 1, '.');
    size_t at[] = {(size_t)(d2 - compact) + 6, (size_t)(d3 - compact) + 40,
                   (size_t)(d4 - compact) + 6};
    for (size_t i = 0; i < WL_ARRAY_LEN(at); i++) {
        char *t = tamper(compact, at[i]);
        tu_assert_err(ctx,
                      wallet_jwe_decrypt_compact(ctx, &pt, &pt_len, rcpt, t, strlen(t),
                                                 WALLET_JWE_ENCSET_ALL),
                      WALLET_ERR_DECRYPT);
        assert_null(pt);
        free(t);
    }
    /* The protected header is the AAD: a header that still parses, with the
     * kid changed by one letter, fails authentication. */
    {
        uint8_t *h = NULL;
        size_t hl = 0;
        tu_assert_ok(ctx, wallet_b64url_decode(ctx, &h, &hl, compact, (size_t)(d1 - compact)));
        char *m = strstr((char *)h, "meriadoc");
        assert_non_null(m);
        *m = 'M';
        char *hb = NULL;
        tu_assert_ok(ctx, wallet_b64url_encode(ctx, &hb, NULL, h, hl));
        size_t tl = strlen(hb) + strlen(d1) + 1;
        char *t = malloc(tl);
        snprintf(t, tl, "%s%s", hb, d1);
        tu_assert_err(ctx,
                      wallet_jwe_decrypt_compact(ctx, &pt, &pt_len, rcpt, t, strlen(t),
                                                 WALLET_JWE_ENCSET_ALL),
                      WALLET_ERR_DECRYPT);
        free(t);
        wallet_free(hb);
        wallet_free(h);
    }

    /* The JSON serializations of the same example are not supported. */
    static const char *const forms[] = {"json", "json_flat"};
    for (size_t i = 0; i < 2; i++) {
        char *j = cJSON_PrintUnformatted(
            cJSON_GetObjectItem(cJSON_GetObjectItem(v, "output"), forms[i]));
        tu_assert_err(ctx, wallet_jwe_parse(ctx, &jwe, j, strlen(j)), WALLET_ERR_JWE_FORMAT);
        assert_null(jwe);
        free(j);
    }
    print_message("RFC 7520 5.5: CEK reproduced, compact decrypts, 4 tamperings and 2 JSON "
                  "serializations refused\n");

    free(want);
    wallet_key_free(eph);
    wallet_key_free(rcpt);
    wallet_key_free(rcpt_pub);
    cJSON_Delete(v);
    wallet_ctx_free(ctx);
}

static void test_rfc7520_5_4_key_wrap_refused(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    cJSON *v = read_json(
        COOKBOOK "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json");
    const cJSON *input = cJSON_GetObjectItem(v, "input");
    wallet_key *rcpt = key_from_json(ctx, cJSON_GetObjectItem(input, "key"));
    assert_int_equal(wallet_key_curve(rcpt), WALLET_CURVE_P384);
    const char *compact =
        cJSON_GetObjectItem(cJSON_GetObjectItem(v, "output"), "compact")->valuestring;
    wallet_jwe *jwe = NULL;
    tu_assert_ok(ctx, wallet_jwe_parse(ctx, &jwe, compact, strlen(compact)));
    assert_string_equal(wallet_jwe_alg(jwe), "ECDH-ES+A128KW");
    assert_int_equal(wallet_jwe_content_enc(jwe), WALLET_JWE_ENC_A128GCM);
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    tu_assert_err(ctx, wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, rcpt, WALLET_JWE_ENCSET_ALL),
                  WALLET_ERR_JWE_ALG);
    assert_null(pt);
    assert_int_equal(pt_len, 0);
    wallet_jwe_free(jwe);
    wallet_key_free(rcpt);
    cJSON_Delete(v);
    wallet_ctx_free(ctx);
}

/* The n-th block of the OpenID4VP inline JSON extraction. */
static const cJSON *oid4vp_block(const cJSON *all, int n)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(all, "blocks"))
    {
        if (cJSON_GetObjectItem(b, "n")->valueint == n)
            return cJSON_GetObjectItem(b, "value");
    }
    fail_msg("OpenID4VP inline block %d missing", n);
    return NULL;
}

static void test_oid4vp_encrypted_response(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    cJSON *all = read_json(OID4VP_INLINE);
    /* Block 12 is the response text (not JSON: the JWE is wrapped over
     * lines for display); block 13 the key; 14 the header; 15 the payload. */
    const cJSON *b12 = oid4vp_block(all, 12);
    assert_true(cJSON_IsString(b12));
    const char *s = strstr(b12->valuestring, "\"response\"");
    assert_non_null(s);
    s = strchr(s + 10, '"') + 1;
    char compact[2048];
    size_t n = 0;
    for (; *s && *s != '"'; s++)
        if (*s != '\n' && *s != ' ')
            compact[n++] = *s;
    compact[n] = 0;

    wallet_key *key = key_from_json(ctx, oid4vp_block(all, 13));
    assert_string_equal(wallet_key_kid(key), "ac");
    /* Published with "alg": "ECDH-ES": a key-agreement key, never a
     * signature key. */
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, key, WALLET_ALG_ES256, WALLET_ALGSET_EC,
                                          (const uint8_t *)"m", 1, (const uint8_t *)"s", 1),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    char *jwk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &jwk, key, WALLET_EXPORT_PUBLIC));
    assert_non_null(strstr(jwk, "\"alg\":\"ECDH-ES\""));
    wallet_free(jwk);

    wallet_jwe *jwe = NULL;
    tu_assert_ok(ctx, wallet_jwe_parse(ctx, &jwe, compact, n));
    cJSON *hdr = cJSON_Parse(wallet_jwe_header_json(jwe));
    assert_true(cJSON_Compare(hdr, oid4vp_block(all, 14), 1));
    cJSON_Delete(hdr);
    assert_string_equal(wallet_jwe_kid(jwe), "ac");
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    tu_assert_ok(ctx, wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe,
                                         key, WALLET_JWE_ENCSET(WALLET_JWE_ENC_A128GCM)));
    cJSON *payload = cJSON_Parse((const char *)pt);
    assert_non_null(payload);
    assert_true(cJSON_Compare(payload, oid4vp_block(all, 15), 1));
    cJSON_Delete(payload);
    wallet_free(pt);

    /* Another P-256 key cannot read it. */
    wallet_key *other = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &other, WALLET_ALG_ES256));
    tu_assert_err(ctx, wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, other, WALLET_JWE_ENCSET_GCM),
                  WALLET_ERR_DECRYPT);
    assert_null(pt);
    wallet_key_free(other);
    wallet_jwe_free(jwe);
    print_message("OpenID4VP 1.0 8.3: the example response decrypts to the example payload\n");
    wallet_key_free(key);
    cJSON_Delete(all);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7518_appendix_c),
        cmocka_unit_test(test_rfc7520_5_5_ecdh_es_cbc),
        cmocka_unit_test(test_rfc7520_5_4_key_wrap_refused),
        cmocka_unit_test(test_oid4vp_encrypted_response),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
