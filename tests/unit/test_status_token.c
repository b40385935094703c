/*
 * Verifying Status List Tokens (wallet_status_token_verify): what the draft
 * requires of the JWT (§5.1) and CWT (§5.2) forms and of the Status List
 * inside (§4), each violation with its own error, plus the zip bomb and the
 * other decompression failures.
 */
#include "test_status_common.h"

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *key;
    wallet_trust *trust;
    char *lst; /* zlib of {0x05, 0x00}: 16 one-bit entries, 0 and 2 revoked */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(TS_NOW);
    f->key = ts_key(f->ctx, "sl-1");
    f->trust = ts_trust(f->ctx, f->key);
    static const uint8_t list[2] = {0x05, 0x00};
    f->lst = ts_lst(list, 2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    free(f->lst);
    wallet_trust_free(f->trust);
    wallet_key_free(f->key);
    wallet_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Claims with {SUB}, {IAT} and {LST} placeholders filled in. */
static char *claims(const fixture *f, const char *fmt)
{
    size_t cap = strlen(fmt) + 8 * (strlen(f->lst) + 64) + 1;
    char *out = malloc(cap);
    size_t o = 0;
    for (const char *p = fmt; *p;) {
        if (!strncmp(p, "{SUB}", 5)) {
            o += (size_t)snprintf(out + o, cap - o, "\"%s\"", TS_URI);
            p += 5;
        } else if (!strncmp(p, "{IAT}", 5)) {
            o += (size_t)snprintf(out + o, cap - o, "%d", TS_NOW - 10);
            p += 5;
        } else if (!strncmp(p, "{LST}", 5)) {
            o += (size_t)snprintf(out + o, cap - o, "\"%s\"", f->lst);
            p += 5;
        } else {
            out[o++] = *p++;
        }
        assert_true(o < cap);
    }
    out[o] = '\0';
    return out;
}

/* Sign the claims as a JWT with `header` and verify; return the code. */
static wallet_err jwt_verify(fixture *f, const char *header, const char *fmt,
                             wallet_status_token **out)
{
    char *c = claims(f, fmt);
    char *jwt = ts_jwt(f->ctx, f->key, header, c);
    wallet_status_token *t = NULL;
    wallet_err e = wallet_status_token_verify(f->ctx, &t, f->trust, 0, (const uint8_t *)jwt,
                                              strlen(jwt), NULL);
    if (e)
        assert_null(t);
    if (out)
        *out = t;
    else
        wallet_status_token_free(t);
    free(jwt);
    free(c);
    return e;
}

#define STD_HDR "{\"typ\":\"statuslist+jwt\"}"
#define GOOD "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":{LST}}}"

#define jwt_expect(f, hdr, fmt, want) tu_assert_err((f)->ctx, jwt_verify(f, hdr, fmt, NULL), want)

/* ---- JWT: accepted ----------------------------------------------------------------- */

static void jwt_minimal_token_verifies(void **state)
{
    fixture *f = *state;
    wallet_status_token *t = NULL;
    tu_assert_ok(f->ctx, jwt_verify(f, STD_HDR, GOOD, &t));
    assert_string_equal(wallet_status_token_uri(t), TS_URI);
    assert_null(wallet_status_token_issuer(t));
    assert_null(wallet_status_token_aggregation_uri(t));
    assert_int_equal(wallet_status_token_expires_at(t), 0);
    assert_int_equal(wallet_status_token_ttl(t), 0);
    unsigned v;
    tu_assert_ok(f->ctx, wallet_status_token_get(f->ctx, &v, t, 0));
    assert_int_equal(v, 1);
    tu_assert_ok(f->ctx, wallet_status_token_get(f->ctx, &v, t, 1));
    assert_int_equal(v, 0);
    tu_assert_ok(f->ctx, wallet_status_token_get(f->ctx, &v, t, 2));
    assert_int_equal(v, 1);
    wallet_status_token_free(t);
}

static void jwt_typ_forms_of_rfc7515(void **state)
{
    fixture *f = *state;
    jwt_expect(f, "{\"typ\":\"application/statuslist+jwt\"}", GOOD, WALLET_OK);
    jwt_expect(f, "{\"typ\":\"StatusList+JWT\"}", GOOD, WALLET_OK);
}

static void jwt_optional_claims_are_read(void **state)
{
    fixture *f = *state;
    wallet_status_token *t = NULL;
    tu_assert_ok(f->ctx,
                 jwt_verify(f, STD_HDR,
                            "{\"sub\":{SUB},\"iss\":\"https://i.example\",\"iat\":{IAT},"
                            "\"exp\":1767229200,\"ttl\":300,\"other\":[1,2],\"status_list\":"
                            "{\"bits\":1,\"lst\":{LST},\"aggregation_uri\":"
                            "\"https://status.city.example/all\"}}",
                            &t));
    assert_string_equal(wallet_status_token_issuer(t), "https://i.example");
    assert_int_equal(wallet_status_token_expires_at(t), 1767229200);
    assert_int_equal(wallet_status_token_ttl(t), 300);
    assert_string_equal(wallet_status_token_aggregation_uri(t), "https://status.city.example/all");
    wallet_status_token_free(t);
}

static void jwt_with_surrounding_whitespace(void **state)
{
    fixture *f = *state;
    char *c = claims(f, GOOD);
    char *jwt = ts_jwt(f->ctx, f->key, STD_HDR, c);
    size_t n = strlen(jwt);
    char *padded = malloc(n + 4);
    snprintf(padded, n + 4, " %s\r\n", jwt);
    wallet_status_token *t = NULL;
    tu_assert_ok(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0,
                                                    (const uint8_t *)padded, strlen(padded),
                                                    TS_URI));
    size_t len;
    assert_memory_equal(wallet_status_token_bytes(t, &len), jwt, n); /* as received, trimmed */
    assert_int_equal(len, n);
    wallet_status_token_free(t);
    free(padded);
    free(jwt);
    free(c);
}

/* ---- JWT: refused ----------------------------------------------------------------- */

static void jwt_typ_missing(void **state)
{
    fixture *f = *state;
    jwt_expect(f, NULL, GOOD, WALLET_ERR_TYPE);
}

static void jwt_typ_wrong(void **state)
{
    fixture *f = *state;
    jwt_expect(f, "{\"typ\":\"JWT\"}", GOOD, WALLET_ERR_TYPE);
    jwt_expect(f, "{\"typ\":\"statuslist+cwt\"}", GOOD, WALLET_ERR_TYPE);
    jwt_expect(f, "{\"typ\":7}", GOOD, WALLET_ERR_TYPE);
}

static void jwt_sub_missing(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR, "{\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_sub_not_a_uri(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR, "{\"sub\":\"list one\",\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
    jwt_expect(f, STD_HDR, "{\"sub\":42,\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_iat_missing(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_iat_not_a_date(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":\"yesterday\",\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":-5,\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_iss_not_text(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR,
               "{\"sub\":{SUB},\"iss\":[1],\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_ttl_not_positive_integer(void **state)
{
    fixture *f = *state;
    static const char *bad[] = {"0", "-60", "1.5", "\"60\""};
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        char fmt[256];
        snprintf(fmt, sizeof(fmt),
                 "{\"sub\":{SUB},\"iat\":{IAT},\"ttl\":%s,\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
                 bad[i]);
        jwt_expect(f, STD_HDR, fmt, WALLET_ERR_STATUS_LIST_FORMAT);
    }
}

static void jwt_status_list_missing_or_not_object(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT}}", WALLET_ERR_STATUS_LIST_FORMAT);
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{LST}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_bits_not_allowed(void **state)
{
    fixture *f = *state;
    static const char *bad[] = {"0", "3", "16", "\"1\"", "1.5"};
    for (size_t i = 0; i < WL_ARRAY_LEN(bad); i++) {
        char fmt[256];
        snprintf(fmt, sizeof(fmt),
                 "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":%s,\"lst\":{LST}}}", bad[i]);
        jwt_expect(f, STD_HDR, fmt, WALLET_ERR_STATUS_LIST_FORMAT);
    }
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"lst\":{LST}}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_lst_missing_or_not_text(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":[1]}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_lst_not_base64url(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR,
               "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"eNrbuRgAAhcBXQ==\"}}",
               WALLET_ERR_BASE64);
    jwt_expect(f, STD_HDR,
               "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"eNrb+RgAAhcBXQ\"}}",
               WALLET_ERR_BASE64);
}

static void jwt_lst_not_zlib(void **state)
{
    fixture *f = *state;
    /* "uRgA": raw bytes b9 18 00 — not a zlib header */
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"uRgA\"}}",
               WALLET_ERR_COMPRESSION);
}

static void jwt_lst_truncated_zlib(void **state)
{
    fixture *f = *state;
    /* the draft's 1-bit list 78dadbb918000217015d without its last 3 bytes */
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"eNrbuRgAAg\"}}",
               WALLET_ERR_COMPRESSION);
}

static void jwt_lst_with_trailing_bytes(void **state)
{
    fixture *f = *state;
    /* 78dadbb918000217015d + 00 */
    jwt_expect(f, STD_HDR, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"eNrbuRgAAhcBXQA\"}}",
               WALLET_ERR_TRAILING_DATA);
}

static void jwt_lst_empty_list(void **state)
{
    fixture *f = *state;
    char *z = ts_lst((const uint8_t *)"", 0);
    char fmt[256];
    snprintf(fmt, sizeof(fmt),
             "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"%s\"}}", z);
    jwt_expect(f, STD_HDR, fmt, WALLET_ERR_STATUS_LIST_FORMAT);
    free(z);
}

static void jwt_lst_zip_bomb(void **state)
{
    fixture *f = *state;
    /* 64 MiB of zeros deflate to ~64 KiB: a token of that size must not make
     * the verifier allocate 64 MiB. The default limit stops it at 2 MiB. */
    size_t n = (size_t)64 << 20;
    uint8_t *zeros = calloc(n, 1);
    char *z = ts_lst(zeros, n);
    free(zeros);
    size_t fl = strlen(z) + 256;
    char *fmt = malloc(fl);
    snprintf(fmt, fl, "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":\"%s\"}}", z);
    jwt_expect(f, STD_HDR, fmt, WALLET_ERR_TOO_LARGE);
    free(fmt);
    free(z);
}

static void jwt_aggregation_uri_not_a_uri(void **state)
{
    fixture *f = *state;
    jwt_expect(f, STD_HDR,
               "{\"sub\":{SUB},\"iat\":{IAT},\"status_list\":{\"bits\":1,\"lst\":{LST},"
               "\"aggregation_uri\":\"all lists\"}}",
               WALLET_ERR_STATUS_LIST_FORMAT);
}

static void jwt_expired(void **state)
{
    fixture *f = *state;
    char fmt[256];
    snprintf(fmt, sizeof(fmt),
             "{\"sub\":{SUB},\"iat\":{IAT},\"exp\":%d,\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
             TS_NOW - 61);
    jwt_expect(f, STD_HDR, fmt, WALLET_ERR_EXPIRED);
}

static void jwt_not_yet_valid(void **state)
{
    fixture *f = *state;
    char fmt[256];
    snprintf(fmt, sizeof(fmt),
             "{\"sub\":{SUB},\"iat\":{IAT},\"nbf\":%d,\"status_list\":{\"bits\":1,\"lst\":{LST}}}",
             TS_NOW + 3600);
    jwt_expect(f, STD_HDR, fmt, WALLET_ERR_NOT_YET_VALID);
}

static void jwt_json_serialization_refused(void **state)
{
    fixture *f = *state;
    char *c = claims(f, GOOD);
    const wallet_key *keys[1] = {f->key};
    char *json = NULL;
    tu_assert_ok(f->ctx, wallet_jws_sign_json(f->ctx, &json, keys, 1, (const uint8_t *)c,
                                              strlen(c)));
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, (uint8_t *)json,
                                                     strlen(json), NULL),
                  WALLET_ERR_JWS_FORMAT);
    wallet_free(json);
    free(c);
}

static void jwt_unknown_kid(void **state)
{
    fixture *f = *state;
    wallet_key *other = ts_key(f->ctx, "someone-else");
    char *c = claims(f, GOOD);
    char *jwt = ts_jwt(f->ctx, other, STD_HDR, c);
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, (uint8_t *)jwt,
                                                     strlen(jwt), NULL),
                  WALLET_ERR_KEY_NOT_FOUND);
    free(jwt);
    free(c);
    wallet_key_free(other);
}

static void jwt_alg_none(void **state)
{
    fixture *f = *state;
    char *c = claims(f, GOOD);
    /* {"alg":"none","typ":"statuslist+jwt"} . claims . (empty signature) */
    static const char hdr[] = "{\"alg\":\"none\",\"kid\":\"sl-1\",\"typ\":\"statuslist+jwt\"}";
    char *h = wl_b64url_encode((const uint8_t *)hdr, strlen(hdr));
    char *p = wl_b64url_encode((const uint8_t *)c, strlen(c));
    size_t n = strlen(h) + strlen(p) + 3;
    char *jwt = malloc(n);
    snprintf(jwt, n, "%s.%s.", h, p);
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, (uint8_t *)jwt,
                                                     strlen(jwt), NULL),
                  WALLET_ERR_ALG_NOT_ALLOWED);
    free(jwt);
    free(h);
    free(p);
    free(c);
}

static void input_over_the_limit(void **state)
{
    fixture *f = *state;
    char *c = claims(f, GOOD);
    char *jwt = ts_jwt(f->ctx, f->key, STD_HDR, c);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, 64);
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, (uint8_t *)jwt,
                                                     strlen(jwt), NULL),
                  WALLET_ERR_TOO_LARGE);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, 1 << 20);
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, NULL, 0, (uint8_t *)jwt,
                                                     strlen(jwt), NULL),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, (wallet_algset)1 << 30,
                                                     (uint8_t *)jwt, strlen(jwt), NULL),
                  WALLET_ERR_INVALID_ARG);
    free(jwt);
    free(c);
}

/* ---- CWT ---------------------------------------------------------------------------- */

static wallet_err cwt_verify(fixture *f, const char *typ, int typ_unprotected,
                             const ts_cwt_opts *o, unsigned flags, wallet_status_token **out)
{
    size_t plen, len;
    uint8_t *payload = ts_cwt_claims(o, &plen);
    uint8_t *cwt = ts_cose(f->ctx, f->key, typ, typ_unprotected, payload, plen, flags, &len);
    wallet_status_token *t = NULL;
    wallet_err e = wallet_status_token_verify(f->ctx, &t, f->trust, 0, cwt, len, NULL);
    if (e)
        assert_null(t);
    if (out)
        *out = t;
    else
        wallet_status_token_free(t);
    free(payload);
    wallet_free(cwt);
    return e;
}

static const uint8_t small_z[] = {0x78, 0xda, 0x63, 0x65, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x06};

static ts_cwt_opts good_cwt(void)
{
    ts_cwt_opts o = {.sub = TS_URI, .iat = TS_NOW - 10, .bits = 1, .z = small_z,
                     .z_len = sizeof(small_z)};
    return o;
}

#define CWT_TYP "application/statuslist+cwt"
#define cwt_expect(f, typ, unprot, o, flags, want)                                         \
    tu_assert_err((f)->ctx, cwt_verify(f, typ, unprot, o, flags, NULL), want)

static void cwt_minimal_token_verifies(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.exp = TS_NOW + 3600;
    o.ttl = 60;
    wallet_status_token *t = NULL;
    tu_assert_ok(f->ctx, cwt_verify(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, &t));
    assert_int_equal(wallet_status_token_format(t), WALLET_STATUS_CWT);
    assert_int_equal(wallet_status_token_ttl(t), 60);
    assert_int_equal(wallet_status_token_expires_at(t), TS_NOW + 3600);
    unsigned v;
    tu_assert_ok(f->ctx, wallet_status_token_get(f->ctx, &v, t, 0));
    assert_int_equal(v, 1);
    tu_assert_ok(f->ctx, wallet_status_token_get(f->ctx, &v, t, 2));
    assert_int_equal(v, 1);
    tu_assert_ok(f->ctx, wallet_status_token_get(f->ctx, &v, t, 1));
    assert_int_equal(v, 0);
    wallet_status_token_free(t);
}

static void cwt_dates_as_tag1_and_float(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.iat = 0; /* given below instead */
    static const uint8_t key6[] = {0x06};
    /* 1(1767225590) */
    static const uint8_t tagged[] = {0xC1, 0x1A, 0x69, 0x55, 0xB8, 0xF6};
    o.raw_extra_key = key6;
    o.raw_extra_key_len = 1;
    o.raw_extra_value = tagged;
    o.raw_extra_value_len = sizeof(tagged);
    wallet_status_token *t = NULL;
    tu_assert_ok(f->ctx, cwt_verify(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, &t));
    assert_int_equal(wallet_status_token_issued_at(t), 0x6955B8F6);
    wallet_status_token_free(t);
    static const uint8_t dbl[] = {0xFB, 0x41, 0xDA, 0x55, 0x6E, 0x3D, 0x80, 0x00, 0x00};
    o.raw_extra_value = dbl; /* 1767225590.0 as a double */
    o.raw_extra_value_len = sizeof(dbl);
    tu_assert_ok(f->ctx, cwt_verify(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, &t));
    assert_int_equal(wallet_status_token_issued_at(t), 1767225590);
    wallet_status_token_free(t);
}

static void cwt_as_base64url_text(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    size_t plen, len;
    uint8_t *payload = ts_cwt_claims(&o, &plen);
    uint8_t *cwt = ts_cose(f->ctx, f->key, CWT_TYP, 0, payload, plen, WALLET_COSE_TAGGED, &len);
    char *text = wl_b64url_encode(cwt, len);
    wallet_status_token *t = NULL;
    tu_assert_ok(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, (uint8_t *)text,
                                                    strlen(text), TS_URI));
    size_t n;
    assert_memory_equal(wallet_status_token_bytes(t, &n), cwt, len); /* binary kept */
    wallet_status_token_free(t);
    free(text);
    free(payload);
    wallet_free(cwt);
}

static void cwt_typ_missing(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    cwt_expect(f, NULL, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_TYPE);
}

static void cwt_typ_unprotected(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    cwt_expect(f, CWT_TYP, 1, &o, WALLET_COSE_TAGGED, WALLET_ERR_TYPE);
}

static void cwt_typ_wrong(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    cwt_expect(f, "application/cwt", 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_TYPE);
    cwt_expect(f, "application/statuslist+jwt", 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_TYPE);
}

static void cwt_untagged(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    cwt_expect(f, CWT_TYP, 0, &o, 0, WALLET_ERR_COSE_FORMAT);
}

static void cwt_detached_payload(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED | WALLET_COSE_DETACHED,
               WALLET_ERR_COSE_FORMAT);
}

static void cwt_mac0_refused(void **state)
{
    fixture *f = *state;
    /* 17([h'a10105', {}, h'a0', h'00...']): a COSE_Mac0 (HMAC 256/256) */
    static const uint8_t mac0[] = {0xD1, 0x84, 0x43, 0xA1, 0x01, 0x05, 0xA0, 0x41,
                                   0xA0, 0x44, 0x00, 0x00, 0x00, 0x00};
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, mac0, sizeof(mac0),
                                                     NULL),
                  WALLET_ERR_ALG_NOT_ALLOWED);
}

static void cwt_sub_missing_or_not_text(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.sub = NULL;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
    static const uint8_t key2[] = {0x02}, bstr[] = {0x41, 0x61};
    o.raw_extra_key = key2;
    o.raw_extra_key_len = 1;
    o.raw_extra_value = bstr;
    o.raw_extra_value_len = 2;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
}

static void cwt_iat_missing(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.iat = 0;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
}

static void cwt_ttl_not_positive(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.ttl = -60; /* a negative integer, not a uint */
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
    o.ttl = 0;
    static const uint8_t key[] = {0x19, 0xFF, 0xFE}, zero[] = {0x00};
    o.raw_extra_key = key;
    o.raw_extra_key_len = 3;
    o.raw_extra_value = zero;
    o.raw_extra_value_len = 1;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
}

static void cwt_status_list_missing_or_not_map(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.omit_list = 1;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
    static const uint8_t arr[] = {0x82, 0x01, 0x40};
    o.omit_list = 0;
    o.raw_list = arr;
    o.raw_list_len = sizeof(arr);
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
}

static void cwt_bits_and_lst_types(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    /* {"bits": "1", "lst": h'..'} */
    static const uint8_t bits_text[] = {0xA2, 0x64, 'b', 'i', 't', 's', 0x61, '1',
                                        0x63, 'l',  's', 't', 0x41, 0x00};
    /* {"bits": 1, "lst": "x"} */
    static const uint8_t lst_text[] = {0xA2, 0x64, 'b', 'i', 't', 's', 0x01,
                                       0x63, 'l',  's', 't', 0x61, 'x'};
    /* {"bits": 5, "lst": h'00'} */
    static const uint8_t bits_5[] = {0xA2, 0x64, 'b', 'i', 't', 's', 0x05,
                                     0x63, 'l',  's', 't', 0x41, 0x00};
    const uint8_t *cases[] = {bits_text, lst_text, bits_5};
    size_t lens[] = {sizeof(bits_text), sizeof(lst_text), sizeof(bits_5)};
    for (size_t i = 0; i < 3; i++) {
        o.raw_list = cases[i];
        o.raw_list_len = lens[i];
        cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_STATUS_LIST_FORMAT);
    }
}

static void cwt_claims_not_a_map(void **state)
{
    fixture *f = *state;
    static const uint8_t arr[] = {0x80};
    size_t len;
    uint8_t *cwt = ts_cose(f->ctx, f->key, CWT_TYP, 0, arr, 1, WALLET_COSE_TAGGED, &len);
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, cwt, len, NULL),
                  WALLET_ERR_STATUS_LIST_FORMAT);
    wallet_free(cwt);
}

static void cwt_expired(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    o.exp = TS_NOW - 3600;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_EXPIRED);
}

static void cwt_lst_zip_bomb(void **state)
{
    fixture *f = *state;
    size_t n = (size_t)16 << 20;
    uint8_t *zeros = calloc(n, 1), *z = NULL;
    size_t zn;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zn, zeros, n), WALLET_OK);
    free(zeros);
    ts_cwt_opts o = good_cwt();
    o.z = z;
    o.z_len = zn;
    cwt_expect(f, CWT_TYP, 0, &o, WALLET_COSE_TAGGED, WALLET_ERR_TOO_LARGE);
    free(z);
}

static void cwt_sub_mismatch(void **state)
{
    fixture *f = *state;
    ts_cwt_opts o = good_cwt();
    size_t plen, len;
    uint8_t *payload = ts_cwt_claims(&o, &plen);
    uint8_t *cwt = ts_cose(f->ctx, f->key, CWT_TYP, 0, payload, plen, WALLET_COSE_TAGGED, &len);
    wallet_status_token *t = NULL;
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, cwt, len, TS_URI2),
                  WALLET_ERR_STATUS_SUBJECT);
    /* Equality is exact: no normalisation of case or trailing slash. */
    tu_assert_err(f->ctx, wallet_status_token_verify(f->ctx, &t, f->trust, 0, cwt, len,
                                                     TS_URI "/"),
                  WALLET_ERR_STATUS_SUBJECT);
    free(payload);
    wallet_free(cwt);
}

static void accessors_tolerate_null(void **state)
{
    (void)state;
    assert_int_equal(wallet_status_token_format(NULL), 0);
    assert_null(wallet_status_token_uri(NULL));
    assert_null(wallet_status_token_issuer(NULL));
    assert_null(wallet_status_token_aggregation_uri(NULL));
    assert_int_equal(wallet_status_token_issued_at(NULL), 0);
    assert_int_equal(wallet_status_token_expires_at(NULL), 0);
    assert_int_equal(wallet_status_token_ttl(NULL), 0);
    assert_int_equal(wallet_status_token_bits(NULL), 0);
    assert_int_equal(wallet_status_token_size(NULL), 0);
    size_t n = 5;
    assert_null(wallet_status_token_bytes(NULL, &n));
    assert_int_equal(n, 0);
    unsigned v = 3;
    assert_int_equal(wallet_status_token_get(NULL, &v, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_int_equal(v, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(jwt_minimal_token_verifies),
        T(jwt_typ_forms_of_rfc7515),
        T(jwt_optional_claims_are_read),
        T(jwt_with_surrounding_whitespace),
        T(jwt_typ_missing),
        T(jwt_typ_wrong),
        T(jwt_sub_missing),
        T(jwt_sub_not_a_uri),
        T(jwt_iat_missing),
        T(jwt_iat_not_a_date),
        T(jwt_iss_not_text),
        T(jwt_ttl_not_positive_integer),
        T(jwt_status_list_missing_or_not_object),
        T(jwt_bits_not_allowed),
        T(jwt_lst_missing_or_not_text),
        T(jwt_lst_not_base64url),
        T(jwt_lst_not_zlib),
        T(jwt_lst_truncated_zlib),
        T(jwt_lst_with_trailing_bytes),
        T(jwt_lst_empty_list),
        T(jwt_lst_zip_bomb),
        T(jwt_aggregation_uri_not_a_uri),
        T(jwt_expired),
        T(jwt_not_yet_valid),
        T(jwt_json_serialization_refused),
        T(jwt_unknown_kid),
        T(jwt_alg_none),
        T(input_over_the_limit),
        T(cwt_minimal_token_verifies),
        T(cwt_dates_as_tag1_and_float),
        T(cwt_as_base64url_text),
        T(cwt_typ_missing),
        T(cwt_typ_unprotected),
        T(cwt_typ_wrong),
        T(cwt_untagged),
        T(cwt_detached_payload),
        T(cwt_mac0_refused),
        T(cwt_sub_missing_or_not_text),
        T(cwt_iat_missing),
        T(cwt_ttl_not_positive),
        T(cwt_status_list_missing_or_not_map),
        T(cwt_bits_and_lst_types),
        T(cwt_claims_not_a_map),
        T(cwt_expired),
        T(cwt_lst_zip_bomb),
        T(cwt_sub_mismatch),
        cmocka_unit_test(accessors_tolerate_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
