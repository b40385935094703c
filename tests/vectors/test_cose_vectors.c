/*
 * COSE vectors: cose-wg/Examples sign1-tests, sign-tests, ecdsa-examples,
 * eddsa-examples and rsa-pss-examples (RFC 8152 / RFC 9052 example set).
 *
 * Each file carries the signer key as JWK-like JSON, the expected CBOR and
 * the Sig_structure the signer built (intermediates ToBeSign_hex). For every
 * file the driver
 *   - builds the public key and verifies output.cbor (COSE_Sign1 files with
 *     wallet_cose_sign1_parse + _verify, COSE_Sign files with
 *     wallet_cose_sign_verify), expecting the code listed in `cases` below;
 *   - builds the Sig_structure itself from the protected bytes as received
 *     (a small CBOR walker and writer of its own, not the library's) and
 *     compares it with ToBeSign_hex;
 * and for every file that verifies it also
 *   - re-signs the payload with the same key and headers and verifies that;
 *   - checks that one changed signature byte and one changed payload byte
 *     are each WALLET_ERR_SIGNATURE.
 * See vectors/jose-cose/README.md for the decisions, in particular the two
 * "sign-pass-01" (Redo protected) files that RFC 9052 makes fail.
 */
#include <dirent.h>

#include <cjson/cJSON.h>

#include "testutil.h"

#define NOW 1700000000
#define COSE_DIR "jose-cose/cose-wg-examples/"

typedef struct cose_case {
    const char *file;  /* under cose-wg-examples/ */
    wallet_err want;   /* result of parse + verify */
    int at_parse;      /* COSE_Sign1: the error comes from wallet_cose_sign1_parse */
    int tbs_match;     /* our Sig_structure equals ToBeSign_hex */
    const char *defect;
} cose_case;

static const cose_case cases[] = {
    /* sign1-tests: COSE_Sign1, ES256 */
    {"sign1-tests/sign-fail-01.json", WALLET_ERR_COSE_FORMAT, 1, 1, "wrong tag 998 (valid signature)"},
    {"sign1-tests/sign-fail-02.json", WALLET_ERR_SIGNATURE, 0, 0, "payload changed after signing"},
    {"sign1-tests/sign-fail-03.json", WALLET_ERR_ALG_UNSUPPORTED, 0, 0, "protected alg changed to -999"},
    {"sign1-tests/sign-fail-04.json", WALLET_ERR_ALG_UNSUPPORTED, 1, 0, "protected alg changed to text \"unknown\""},
    {"sign1-tests/sign-fail-06.json", WALLET_ERR_SIGNATURE, 0, 0, "content type added to the protected header"},
    {"sign1-tests/sign-fail-07.json", WALLET_ERR_SIGNATURE, 0, 0, "content type removed from the protected header"},
    {"sign1-tests/sign-pass-01.json", WALLET_ERR_COSE_FORMAT, 1, 0,
     "legacy: alg only unprotected, and protected h'A0' was signed as h''"},
    {"sign1-tests/sign-pass-02.json", WALLET_OK, 0, 1, NULL},
    {"sign1-tests/sign-pass-03.json", WALLET_OK, 0, 1, NULL},
    /* sign-tests: COSE_Sign, ES256 */
    {"sign-tests/ecdsa-01.json", WALLET_OK, 0, 1, NULL},
    {"sign-tests/sign-fail-01.json", WALLET_ERR_COSE_FORMAT, 0, 1, "wrong tag 998 (valid signature)"},
    {"sign-tests/sign-fail-02.json", WALLET_ERR_SIGNATURE, 0, 1, "signature changed"},
    {"sign-tests/sign-fail-03.json", WALLET_ERR_ALG_UNSUPPORTED, 0, 0, "signer alg changed to -999"},
    {"sign-tests/sign-fail-04.json", WALLET_ERR_ALG_UNSUPPORTED, 0, 0, "signer alg changed to text \"unknown\""},
    {"sign-tests/sign-fail-06.json", WALLET_ERR_SIGNATURE, 0, 0, "content type added to the body protected header"},
    {"sign-tests/sign-fail-07.json", WALLET_ERR_SIGNATURE, 0, 0, "content type removed from the body protected header"},
    {"sign-tests/sign-pass-01.json", WALLET_ERR_SIGNATURE, 0, 0,
     "legacy: body protected h'A0' was signed as h''"},
    {"sign-tests/sign-pass-02.json", WALLET_OK, 0, 1, NULL},
    {"sign-tests/sign-pass-03.json", WALLET_OK, 0, 1, NULL},
    /* ecdsa-examples */
    {"ecdsa-examples/ecdsa-01.json", WALLET_OK, 0, 1, NULL},
    {"ecdsa-examples/ecdsa-02.json", WALLET_OK, 0, 1, NULL},
    {"ecdsa-examples/ecdsa-03.json", WALLET_OK, 0, 1, NULL},
    {"ecdsa-examples/ecdsa-04.json", WALLET_OK, 0, 1, NULL}, /* ES512 with a P-256 key */
    {"ecdsa-examples/ecdsa-sig-01.json", WALLET_OK, 0, 1, NULL},
    {"ecdsa-examples/ecdsa-sig-02.json", WALLET_OK, 0, 1, NULL},
    {"ecdsa-examples/ecdsa-sig-03.json", WALLET_OK, 0, 1, NULL},
    {"ecdsa-examples/ecdsa-sig-04.json", WALLET_OK, 0, 1, NULL}, /* ES512 with a P-256 key */
    /* eddsa-examples */
    {"eddsa-examples/eddsa-01.json", WALLET_OK, 0, 1, NULL},
    {"eddsa-examples/eddsa-02.json", WALLET_OK, 0, 1, NULL}, /* Ed448 */
    {"eddsa-examples/eddsa-sig-01.json", WALLET_OK, 0, 1, NULL},
    {"eddsa-examples/eddsa-sig-02.json", WALLET_OK, 0, 1, NULL}, /* Ed448 */
    /* rsa-pss-examples */
    {"rsa-pss-examples/rsa-pss-01.json", WALLET_OK, 0, 1, NULL},
    {"rsa-pss-examples/rsa-pss-02.json", WALLET_OK, 0, 1, NULL},
    {"rsa-pss-examples/rsa-pss-03.json", WALLET_OK, 0, 1, NULL},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static const char *const dirs[] = {"sign1-tests", "sign-tests", "ecdsa-examples",
                                   "eddsa-examples", "rsa-pss-examples"};

typedef struct tally {
    int verified, rejected, resigned, exact, tbs_checked, tampered;
} tally;

/* ---- small helpers ---------------------------------------------------------- */

static cJSON *read_json(const char *rel)
{
    char *t = (char *)tu_vector(rel, NULL);
    cJSON *j = cJSON_Parse(t);
    free(t);
    if (!j)
        fail_msg("vector %s is not JSON", rel);
    return j;
}

static const cJSON *get(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *get_str(const cJSON *o, const char *name)
{
    const cJSON *v = get(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static uint8_t *unhex_or_fail(const char *hex, size_t *len)
{
    uint8_t *p = tu_unhex(hex, len);
    if (!p)
        fail_msg("bad hex in vector: %.40s", hex);
    return p;
}

/* The JOSE algorithm the file's input names ("RSA-PSS-256" is PS256). */
static wallet_alg alg_from_input(const char *name)
{
    assert_non_null(name);
    if (!strcmp(name, "RSA-PSS-256"))
        return WALLET_ALG_PS256;
    if (!strcmp(name, "RSA-PSS-384"))
        return WALLET_ALG_PS384;
    if (!strcmp(name, "RSA-PSS-512"))
        return WALLET_ALG_PS512;
    wallet_alg a = wallet_alg_from_name(name);
    if (a == WALLET_ALG_NONE)
        fail_msg("unexpected algorithm %s in vector", name);
    return a;
}

/* The examples' key JSON as a JWK: members "<name>_hex" become base64url
 * "<name>" (lower-cased: dP_hex -> dp); private members only on request. */
static char *key_to_jwk(wallet_ctx *ctx, const cJSON *key, int with_private)
{
    static const char *const private_members[] = {"d", "p", "q", "dp", "dq", "qi"};
    cJSON *jwk = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, key)
    {
        char name[16];
        size_t n = strlen(m->string);
        int hex = n > 4 && !strcmp(m->string + n - 4, "_hex");
        if (hex)
            n -= 4;
        assert_true(n < sizeof(name));
        for (size_t i = 0; i < n; i++)
            name[i] = (char)(m->string[i] >= 'A' && m->string[i] <= 'Z' ? m->string[i] + 32
                                                                         : m->string[i]);
        name[n] = '\0';
        int secret = 0;
        for (size_t i = 0; i < sizeof(private_members) / sizeof(private_members[0]); i++)
            secret |= !strcmp(name, private_members[i]);
        if (secret && !with_private)
            continue;
        assert_true(cJSON_IsString(m));
        if (hex) {
            size_t bl;
            uint8_t *b = unhex_or_fail(m->valuestring, &bl);
            char *b64 = NULL;
            tu_assert_ok(ctx, wallet_b64url_encode(ctx, &b64, NULL, b, bl));
            cJSON_AddStringToObject(jwk, name, b64);
            wallet_free(b64);
            free(b);
        } else {
            cJSON_AddStringToObject(jwk, name, m->valuestring);
        }
    }
    char *text = cJSON_PrintUnformatted(jwk);
    cJSON_Delete(jwk);
    return text;
}

static wallet_key *key_from_input(wallet_ctx *ctx, const cJSON *key, int with_private)
{
    char *jwk = key_to_jwk(ctx, key, with_private);
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, jwk, strlen(jwk)));
    free(jwk);
    assert_int_equal(wallet_key_can_sign(k), with_private);
    return k;
}

/* ---- an independent minimal CBOR reader / writer ------------------------------ */

/* Head of the item at p: major type, argument; returns the head's length,
 * 0 if malformed or indefinite (the examples use definite lengths only). */
static size_t cb_head(const uint8_t *p, size_t n, unsigned *major, uint64_t *arg)
{
    if (n < 1)
        return 0;
    unsigned ai = p[0] & 0x1f;
    *major = p[0] >> 5;
    if (ai < 24) {
        *arg = ai;
        return 1;
    }
    if (ai > 27)
        return 0;
    size_t extra = (size_t)1 << (ai - 24);
    if (n < 1 + extra)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < extra; i++)
        v = (v << 8) | p[1 + i];
    *arg = v;
    return 1 + extra;
}

/* Length of the whole item at p (0 if malformed). */
static size_t cb_skip(const uint8_t *p, size_t n)
{
    unsigned major;
    uint64_t arg;
    size_t h = cb_head(p, n, &major, &arg);
    if (!h)
        return 0;
    size_t len = h;
    uint64_t children = 0;
    switch (major) {
    case 2:
    case 3:
        if (arg > n - h)
            return 0;
        return h + (size_t)arg;
    case 4:
        children = arg;
        break;
    case 5:
        children = 2 * arg;
        break;
    case 6:
        children = 1;
        break;
    default:
        return h;
    }
    for (uint64_t i = 0; i < children; i++) {
        size_t c = cb_skip(p + len, n - len);
        if (!c)
            return 0;
        len += c;
    }
    return len;
}

/* Expect a byte string at *p; return its content span and advance. */
static const uint8_t *cb_bstr(const uint8_t **p, const uint8_t *end, size_t *len)
{
    unsigned major;
    uint64_t arg;
    size_t h = cb_head(*p, (size_t)(end - *p), &major, &arg);
    assert_true(h && major == 2 && arg <= (uint64_t)(end - *p) - h);
    const uint8_t *c = *p + h;
    *len = (size_t)arg;
    *p = c + arg;
    return c;
}

static void cb_expect(const uint8_t **p, const uint8_t *end, unsigned want_major,
                      uint64_t want_arg)
{
    unsigned major;
    uint64_t arg;
    size_t h = cb_head(*p, (size_t)(end - *p), &major, &arg);
    assert_true(h && major == want_major && arg == want_arg);
    *p += h;
}

static void cb_skip_item(const uint8_t **p, const uint8_t *end)
{
    size_t l = cb_skip(*p, (size_t)(end - *p));
    assert_true(l > 0);
    *p += l;
}

/* The spans a Sig_structure needs, as received. */
typedef struct spans {
    const uint8_t *body_prot, *sign_prot, *payload, *sig;
    size_t body_prot_len, sign_prot_len, payload_len, sig_len;
    size_t payload_off; /* offset of the payload content in the message */
} spans;

static void cose_spans(const uint8_t *msg, size_t n, int is_sign, spans *s)
{
    const uint8_t *p = msg, *end = msg + n;
    unsigned major;
    uint64_t arg;
    size_t h = cb_head(p, n, &major, &arg);
    assert_true(h);
    if (major == 6)
        p += h; /* any tag: the structure below it is what was signed */
    cb_expect(&p, end, 4, 4);
    s->body_prot = cb_bstr(&p, end, &s->body_prot_len);
    cb_skip_item(&p, end); /* unprotected map */
    s->payload = cb_bstr(&p, end, &s->payload_len);
    s->payload_off = (size_t)(s->payload - msg);
    if (!is_sign) {
        s->sign_prot = NULL;
        s->sign_prot_len = 0;
        s->sig = cb_bstr(&p, end, &s->sig_len);
    } else {
        cb_expect(&p, end, 4, 1); /* these examples have one signer */
        cb_expect(&p, end, 4, 3);
        s->sign_prot = cb_bstr(&p, end, &s->sign_prot_len);
        cb_skip_item(&p, end);
        s->sig = cb_bstr(&p, end, &s->sig_len);
    }
    assert_ptr_equal(p, end);
}

typedef struct obuf {
    uint8_t b[4096];
    size_t n;
} obuf;

static void ob_head(obuf *o, unsigned major, uint64_t v)
{
    uint8_t m = (uint8_t)(major << 5);
    assert_true(o->n + 9 <= sizeof(o->b));
    if (v < 24) {
        o->b[o->n++] = (uint8_t)(m | v);
        return;
    }
    unsigned bytes = v <= 0xff ? 1 : v <= 0xffff ? 2 : v <= 0xffffffffu ? 4 : 8;
    o->b[o->n++] = (uint8_t)(m | (bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27));
    for (unsigned i = bytes; i-- > 0;)
        o->b[o->n++] = (uint8_t)(v >> (8 * i));
}

static void ob_str(obuf *o, unsigned major, const void *p, size_t len)
{
    ob_head(o, major, len);
    assert_true(o->n + len <= sizeof(o->b));
    if (len)
        memcpy(o->b + o->n, p, len);
    o->n += len;
}

/* RFC 9052 §4.4: Sig_structure = [context, body_protected,
 * ? sign_protected, external_aad, payload]. */
static void sig_structure(obuf *o, const spans *s, int is_sign, const uint8_t *aad,
                          size_t aad_len)
{
    o->n = 0;
    ob_head(o, 4, is_sign ? 5 : 4);
    const char *context = is_sign ? "Signature" : "Signature1";
    ob_str(o, 3, context, strlen(context));
    ob_str(o, 2, s->body_prot, s->body_prot_len);
    if (is_sign)
        ob_str(o, 2, s->sign_prot, s->sign_prot_len);
    ob_str(o, 2, aad, aad_len);
    ob_str(o, 2, s->payload, s->payload_len);
}

/* ---- verification ------------------------------------------------------------ */

/* Parse + verify; returns the code. */
static wallet_err cose_verify(wallet_ctx *ctx, int is_sign, const uint8_t *msg, size_t n,
                              const wallet_key *key, wallet_alg alg, const uint8_t *aad,
                              size_t aad_len, int *failed_at_parse, const char *expect_payload)
{
    *failed_at_parse = 0;
    if (is_sign) {
        uint8_t *payload = (uint8_t *)"x";
        size_t len = 1, idx = 7;
        wallet_err e = wallet_cose_sign_verify(ctx, &payload, &len, &idx, msg, n, key,
                                               WALLET_ALGSET(alg), aad, aad_len);
        if (e) {
            assert_null(payload);
            assert_int_equal(len, 0);
            return e;
        }
        assert_int_equal(idx, 0);
        assert_int_equal(len, strlen(expect_payload));
        assert_memory_equal(payload, expect_payload, len);
        wallet_free(payload);
        return WALLET_OK;
    }
    wallet_cose_sign1 *m = NULL;
    wallet_err e = wallet_cose_sign1_parse(ctx, &m, msg, n);
    if (e) {
        assert_null(m);
        *failed_at_parse = 1;
        return e;
    }
    e = wallet_cose_sign1_verify(ctx, m, key, WALLET_ALGSET(alg), aad, aad_len, NULL, 0);
    size_t len = 1;
    const uint8_t *p = wallet_cose_sign1_payload(m, &len);
    if (e) {
        assert_null(p);
        assert_int_equal(len, 0);
    } else {
        assert_int_equal(wallet_cose_sign1_alg(m), alg);
        assert_non_null(p);
        assert_int_equal(len, strlen(expect_payload));
        assert_memory_equal(p, expect_payload, len);
    }
    wallet_cose_sign1_free(m);
    return e;
}

/* Header values from the input's "protected"/"unprotected" objects. */
static void add_headers(wallet_ctx *ctx, wallet_cose_headers *h, const cJSON *obj, int bucket)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        if (!strcmp(m->string, "alg"))
            continue; /* written by the signer */
        if (!strcmp(m->string, "kid")) {
            tu_assert_ok(ctx, wallet_cose_headers_set_bytes(ctx, h, bucket, WALLET_COSE_HDR_KID,
                                                            (const uint8_t *)m->valuestring,
                                                            strlen(m->valuestring)));
        } else if (!strcmp(m->string, "ctyp")) {
            assert_true(cJSON_IsNumber(m));
            tu_assert_ok(ctx, wallet_cose_headers_set_int(ctx, h, bucket,
                                                          WALLET_COSE_HDR_CONTENT_TYPE,
                                                          (int64_t)m->valuedouble));
        } else {
            fail_msg("unexpected header %s in a positive vector", m->string);
        }
    }
}

/* Re-sign the payload with the file's private key and headers as a
 * COSE_Sign1 (and, for COSE_Sign files, as a COSE_Sign), verify the
 * result, and compare it with the vector where the signature algorithm is
 * deterministic (EdDSA). */
static void resign(wallet_ctx *ctx, tally *t, const char *file, int is_sign, const cJSON *signer,
                   const cJSON *sign_obj, const spans *orig, const uint8_t *msg, size_t msg_len,
                   wallet_alg alg, const char *payload, const uint8_t *aad, size_t aad_len)
{
    wallet_key *sk = key_from_input(ctx, get(signer, "key"), 1);
    wallet_key *pk = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pk, sk));
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    add_headers(ctx, h, get(signer, "protected"), WALLET_COSE_PROTECTED);
    add_headers(ctx, h, get(signer, "unprotected"), WALLET_COSE_UNPROTECTED);
    uint8_t *out = NULL;
    size_t out_len = 0;
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &out, &out_len, sk, alg, h,
                                             (const uint8_t *)payload, strlen(payload), aad,
                                             aad_len, WALLET_COSE_TAGGED));
    int at_parse;
    wallet_err e = cose_verify(ctx, 0, out, out_len, pk, alg, aad, aad_len, &at_parse, payload);
    if (e)
        fail_msg("%s: re-signed COSE_Sign1 does not verify: %s: %s", file, wallet_err_name(e),
                 wallet_ctx_errmsg(ctx));
    /* Our deterministic header encoding reproduces the protected bytes the
     * example's signer wrote. */
    spans mine;
    cose_spans(out, out_len, 0, &mine);
    const uint8_t *want_prot = is_sign ? orig->sign_prot : orig->body_prot;
    size_t want_prot_len = is_sign ? orig->sign_prot_len : orig->body_prot_len;
    assert_int_equal(mine.body_prot_len, want_prot_len);
    assert_memory_equal(mine.body_prot, want_prot, want_prot_len);
    if (!is_sign && alg == WALLET_ALG_EDDSA) {
        /* Ed25519 / Ed448 signatures are deterministic. */
        assert_int_equal(out_len, msg_len);
        assert_memory_equal(out, msg, msg_len);
        t->exact++;
    }
    wallet_free(out);
    if (is_sign && wallet_key_alg(sk) == alg) {
        /* COSE_Sign with the same key: wallet_cose_sign_sign signs with the
         * key's default algorithm (so not ecdsa-04's ES512 over P-256, nor
         * RSA keys, which have none), writes an empty body protected header,
         * protected {1: alg} and unprotected {4: kid} per signer; where the
         * example has the same shape and EdDSA, the message is reproduced
         * exactly. */
        const wallet_key *keys[1] = {sk};
        tu_assert_ok(ctx, wallet_cose_sign_sign(ctx, &out, &out_len, keys, 1,
                                                (const uint8_t *)payload, strlen(payload), aad,
                                                aad_len, WALLET_COSE_TAGGED));
        e = cose_verify(ctx, 1, out, out_len, pk, alg, aad, aad_len, &at_parse, payload);
        if (e)
            fail_msg("%s: re-signed COSE_Sign does not verify: %s: %s", file,
                     wallet_err_name(e), wallet_ctx_errmsg(ctx));
        int same_shape = orig->body_prot_len == 0 && !get(sign_obj, "protected") &&
                         cJSON_GetArraySize(get(signer, "protected")) == 1;
        if (same_shape && alg == WALLET_ALG_EDDSA) {
            assert_int_equal(out_len, msg_len);
            assert_memory_equal(out, msg, msg_len);
            t->exact++;
        }
        wallet_free(out);
    }
    wallet_cose_headers_free(h);
    wallet_key_free(pk);
    wallet_key_free(sk);
    t->resigned++;
}

/* One changed signature byte, then one changed payload byte: both are
 * WALLET_ERR_SIGNATURE. */
static void tampered(wallet_ctx *ctx, tally *t, const char *file, int is_sign, const uint8_t *msg,
                     size_t n, const spans *s, const wallet_key *key, wallet_alg alg,
                     const uint8_t *aad, size_t aad_len)
{
    uint8_t *bad = malloc(n);
    assert_non_null(bad);
    size_t where[2] = {(size_t)(s->sig - msg) + s->sig_len / 2, s->payload_off};
    static const char *const what[2] = {"signature", "payload"};
    for (int i = 0; i < 2; i++) {
        memcpy(bad, msg, n);
        bad[where[i]] ^= 0x01;
        int at_parse;
        wallet_err e = cose_verify(ctx, is_sign, bad, n, key, alg, aad, aad_len, &at_parse, "");
        if (e != WALLET_ERR_SIGNATURE)
            fail_msg("%s with a changed %s byte: got %s, want WALLET_ERR_SIGNATURE: %s", file,
                     what[i], wallet_err_name(e), wallet_ctx_errmsg(ctx));
        t->tampered++;
    }
    free(bad);
}

static void run_case(wallet_ctx *ctx, tally *t, const cose_case *c, const cJSON *indep)
{
    char rel[256];
    snprintf(rel, sizeof(rel), COSE_DIR "%s", c->file);
    cJSON *v = read_json(rel);
    const cJSON *in = get(v, "input");
    const char *payload = get_str(in, "plaintext");
    assert_non_null(payload);
    int is_sign = get(in, "sign") != NULL;
    const cJSON *sign_obj = is_sign ? get(in, "sign") : get(in, "sign0");
    assert_non_null(sign_obj);
    const cJSON *signer = is_sign ? cJSON_GetArrayItem(get(sign_obj, "signers"), 0) : sign_obj;
    if (is_sign)
        assert_int_equal(cJSON_GetArraySize(get(sign_obj, "signers")), 1);

    /* The table agrees with the file's own "fail" marker (the two legacy
     * sign-pass-01 files are the documented exceptions) and with the
     * independent check, where it has the file. */
    int file_fails = cJSON_IsTrue(get(v, "fail"));
    int legacy = strstr(c->file, "sign-pass-01") != NULL;
    assert_int_equal(file_fails, c->want != WALLET_OK && !legacy);
    const cJSON *ic = get(indep, c->file);
    if (ic)
        assert_int_equal(cJSON_IsTrue(get(ic, "fail_expected")), file_fails);

    /* Algorithm: as the input names it (sign1-tests/sign-pass-01 names it
     * only in the unprotected bucket). */
    const char *alg_name = get_str(signer, "alg");
    if (!alg_name)
        alg_name = get_str(get(signer, "protected"), "alg");
    if (!alg_name)
        alg_name = get_str(get(signer, "unprotected"), "alg");
    wallet_alg alg = alg_from_input(alg_name);

    /* External AAD. */
    const char *ext_hex = get_str(signer, "external");
    size_t aad_len = 0;
    uint8_t *aad = ext_hex ? unhex_or_fail(ext_hex, &aad_len) : NULL;

    size_t n;
    uint8_t *msg = unhex_or_fail(get_str(get(v, "output"), "cbor"), &n);
    wallet_key *key = key_from_input(ctx, get(signer, "key"), 0);

    int at_parse;
    wallet_err e = cose_verify(ctx, is_sign, msg, n, key, alg, aad, aad_len, &at_parse, payload);
    if (e != c->want)
        fail_msg("%s: got %s, want %s: %s", c->file, wallet_err_name(e), wallet_err_name(c->want),
                 wallet_ctx_errmsg(ctx));
    if (e) {
        assert_int_equal(at_parse, c->at_parse);
        t->rejected++;
    } else {
        t->verified++;
    }

    /* Sig_structure from the protected bytes as received. */
    spans s;
    cose_spans(msg, n, is_sign, &s);
    obuf tbs;
    sig_structure(&tbs, &s, is_sign, aad, aad_len);
    const char *want_hex =
        is_sign ? get_str(cJSON_GetArrayItem(get(get(v, "intermediates"), "signers"), 0),
                          "ToBeSign_hex")
                : get_str(get(v, "intermediates"), "ToBeSign_hex");
    size_t want_len;
    uint8_t *want = unhex_or_fail(want_hex, &want_len);
    int match = want_len == tbs.n && !memcmp(want, tbs.b, want_len);
    if (match != c->tbs_match)
        fail_msg("%s: Sig_structure %s ToBeSign_hex", c->file,
                 match ? "unexpectedly equals" : "differs from");
    t->tbs_checked++;
    if (legacy) {
        /* The example's signature is over a Sig_structure whose protected
         * bstr is empty although the message carries h'A0': it verifies
         * over ToBeSign_hex, and not over the RFC 9052 Sig_structure. */
        assert_int_equal(s.body_prot_len, 1);
        assert_int_equal(s.body_prot[0], 0xA0);
        tu_assert_ok(ctx, wallet_verify_signature(ctx, key, alg, WALLET_ALGSET(alg), want,
                                                  want_len, s.sig, s.sig_len));
        tu_assert_err(ctx,
                      wallet_verify_signature(ctx, key, alg, WALLET_ALGSET(alg), tbs.b, tbs.n,
                                              s.sig, s.sig_len),
                      WALLET_ERR_SIGNATURE);
    }
    free(want);

    if (c->want == WALLET_OK) {
        resign(ctx, t, c->file, is_sign, signer, sign_obj, &s, msg, n, alg, payload, aad,
               aad_len);
        tampered(ctx, t, c->file, is_sign, msg, n, &s, key, alg, aad, aad_len);
    }
    wallet_key_free(key);
    free(msg);
    free(aad);
    cJSON_Delete(v);
}

/* Every JSON file of the five directories is in the table, and nothing else. */
static void test_cose_table_covers_every_file(void **state)
{
    (void)state;
    size_t seen = 0;
    for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
        char rel[128];
        snprintf(rel, sizeof(rel), COSE_DIR "%s", dirs[d]);
        DIR *dir = opendir(tu_vector_path(rel));
        assert_non_null(dir);
        for (struct dirent *ent; (ent = readdir(dir));) {
            size_t l = strlen(ent->d_name);
            if (l < 5 || strcmp(ent->d_name + l - 5, ".json"))
                continue;
            char name[256];
            if (snprintf(name, sizeof(name), "%s/%s", dirs[d], ent->d_name) >= (int)sizeof(name))
                fail_msg("vector file name too long: %s", ent->d_name);
            int found = 0;
            for (size_t i = 0; i < N_CASES && !found; i++)
                found = !strcmp(cases[i].file, name);
            if (!found)
                fail_msg("%s is not in the table", name);
            seen++;
        }
        closedir(dir);
    }
    assert_int_equal(seen, N_CASES);
}

static void test_cose_examples(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    tally t = {0, 0, 0, 0, 0, 0};
    cJSON *indep = read_json("jose-cose/COSE_SIGN_INDEPENDENT_CHECKS.json");
    for (size_t i = 0; i < N_CASES; i++)
        run_case(ctx, &t, &cases[i], indep);
    cJSON_Delete(indep);
    print_message("cose: %zu files, %d verified, %d rejected as expected; %d Sig_structures "
                  "checked; %d re-signed (%d byte-exact); %d tampered copies rejected\n",
                  N_CASES, t.verified, t.rejected, t.tbs_checked, t.resigned, t.exact,
                  t.tampered);
    assert_int_equal(t.verified + t.rejected, (int)N_CASES);
    assert_true(t.rejected + t.tampered >= t.verified);
    wallet_ctx_free(ctx);
}

/* RFC 9053 §2.1 does not bind the ECDSA curve to the hash in COSE: ES512
 * over P-256 (ecdsa-sig-04) verifies in COSE, while JOSE (RFC 7518 §3.4)
 * would refuse the pairing. */
static void test_cose_es512_with_p256_key_is_cose_only(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    cJSON *v = read_json(COSE_DIR "ecdsa-examples/ecdsa-sig-04.json");
    const cJSON *signer = get(get(v, "input"), "sign0");
    wallet_key *key = key_from_input(ctx, get(signer, "key"), 0);
    assert_int_equal(wallet_key_curve(key), WALLET_CURVE_P256);
    const char *tbs_hex = get_str(get(v, "intermediates"), "ToBeSign_hex");
    size_t tbs_len, n;
    uint8_t *tbs = unhex_or_fail(tbs_hex, &tbs_len);
    uint8_t *msg = unhex_or_fail(get_str(get(v, "output"), "cbor"), &n);
    spans s;
    cose_spans(msg, n, 0, &s);
    /* wallet_verify_signature applies the JOSE binding. */
    tu_assert_err(ctx,
                  wallet_verify_signature(ctx, key, WALLET_ALG_ES512,
                                          WALLET_ALGSET(WALLET_ALG_ES512), tbs, tbs_len, s.sig,
                                          s.sig_len),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_cose_sign1 *m = NULL;
    tu_assert_ok(ctx, wallet_cose_sign1_parse(ctx, &m, msg, n));
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, m, key, WALLET_ALGSET(WALLET_ALG_ES512), NULL,
                                               0, NULL, 0));
    wallet_cose_sign1_free(m);
    free(tbs);
    free(msg);
    wallet_key_free(key);
    cJSON_Delete(v);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cose_table_covers_every_file),
        cmocka_unit_test(test_cose_examples),
        cmocka_unit_test(test_cose_es512_with_p256_key_is_cose_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
