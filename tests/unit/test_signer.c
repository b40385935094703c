/*
 * External signers (wallet_key_from_signer): a callback holds the private
 * key; libwallet sees only the public half. Signatures come back raw (r||s)
 * or DER, and are used for wallet_sign, JWS and COSE.
 */
#include "testutil.h"

typedef enum signer_mode {
    MODE_OK = 0,           /* sign correctly */
    MODE_FAIL,             /* return an error */
    MODE_SHORT,            /* return r||s minus one byte */
    MODE_BAD_DER,          /* return bytes that are not DER */
    MODE_DER_TRAILING,     /* valid DER followed by a byte */
    MODE_EMPTY,            /* return zero bytes */
    MODE_OVERSIZE,         /* claim more bytes than the buffer holds */
    MODE_HIGH_S            /* ES256K: return the high-S twin of the signature */
} signer_mode;

typedef struct signer_state {
    wallet_key *priv; /* the private key "outside" libwallet */
    unsigned form;    /* WALLET_SIGNER_RAW or WALLET_SIGNER_DER */
    signer_mode mode;
    int calls;
    wallet_alg last_alg;
    size_t last_msg_len;
} signer_state;

static const uint8_t msg[] = "message signed by an external signer";
#define MSG_LEN (sizeof(msg) - 1)

static const wallet_alg all_algs[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
#define N_ALGS (sizeof(all_algs) / sizeof(all_algs[0]))

static const uint8_t k1_order[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
    0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};
static const uint8_t k1_half_order[32] = {
    0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0};

/* ---- DER by hand: ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } ---- */

static size_t der_len_bytes(size_t n)
{
    return n < 128 ? 1 : n < 256 ? 2 : 3;
}

static size_t der_put_len(uint8_t *out, size_t n)
{
    if (n < 128) {
        out[0] = (uint8_t)n;
        return 1;
    }
    if (n < 256) {
        out[0] = 0x81;
        out[1] = (uint8_t)n;
        return 2;
    }
    out[0] = 0x82;
    out[1] = (uint8_t)(n >> 8);
    out[2] = (uint8_t)n;
    return 3;
}

/* INTEGER of an unsigned big-endian value: minimal, with a 0x00 before a
 * high bit. Returns the encoded length (writes when out != NULL). */
static size_t der_integer(uint8_t *out, const uint8_t *v, size_t n)
{
    while (n > 1 && v[0] == 0) {
        v++;
        n--;
    }
    size_t pad = (v[0] & 0x80) ? 1 : 0;
    size_t body = n + pad;
    size_t total = 1 + der_len_bytes(body) + body;
    if (out) {
        size_t o = 0;
        out[o++] = 0x02;
        o += der_put_len(out + o, body);
        if (pad)
            out[o++] = 0x00;
        memcpy(out + o, v, n);
    }
    return total;
}

static size_t raw_to_der(uint8_t *out, const uint8_t *raw, size_t raw_len)
{
    size_t half = raw_len / 2;
    size_t lr = der_integer(NULL, raw, half), ls = der_integer(NULL, raw + half, half);
    size_t o = 0;
    out[o++] = 0x30;
    o += der_put_len(out + o, lr + ls);
    o += der_integer(out + o, raw, half);
    o += der_integer(out + o, raw + half, half);
    return o;
}

static void negate_mod_n(uint8_t s[32])
{
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int d = (int)k1_order[i] - (int)s[i] - borrow;
        borrow = d < 0;
        s[i] = (uint8_t)(d + (borrow ? 256 : 0));
    }
}

static int is_ecdsa(wallet_alg alg)
{
    return alg == WALLET_ALG_ES256 || alg == WALLET_ALG_ES384 || alg == WALLET_ALG_ES512 ||
           alg == WALLET_ALG_ES256K;
}

/* The callback: signs with the private key through wallet_sign. */
static wallet_err test_sign_cb(void *user, wallet_alg alg, const uint8_t *m, size_t m_len,
                               uint8_t *sig, size_t *sig_len)
{
    signer_state *st = user;
    st->calls++;
    st->last_alg = alg;
    st->last_msg_len = m_len;
    if (st->mode == MODE_FAIL)
        return WALLET_ERR_IO; /* e.g. the keystore is locked */
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    wallet_err e = wallet_sign(NULL, &raw, &raw_len, st->priv, alg, m, m_len);
    if (e)
        return e;
    if (st->mode == MODE_HIGH_S && alg == WALLET_ALG_ES256K)
        negate_mod_n(raw + 32);
    uint8_t buf[300];
    size_t n;
    if (st->form == WALLET_SIGNER_DER && is_ecdsa(alg)) {
        n = raw_to_der(buf, raw, raw_len);
    } else {
        memcpy(buf, raw, raw_len);
        n = raw_len;
    }
    wallet_free(raw);
    switch (st->mode) {
    case MODE_SHORT:
        n--;
        break;
    case MODE_BAD_DER:
        memset(buf, 0x5A, n);
        break;
    case MODE_DER_TRAILING:
        buf[n++] = 0x00;
        break;
    case MODE_EMPTY:
        n = 0;
        break;
    case MODE_OVERSIZE:
        *sig_len = *sig_len + 1;
        return WALLET_OK;
    default:
        break;
    }
    if (n > *sig_len)
        return WALLET_ERR_INTERNAL;
    memcpy(sig, buf, n);
    *sig_len = n;
    return WALLET_OK;
}

/* ---- helpers ---------------------------------------------------------------- */

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *priv;
    wallet_key *pub;
    wallet_key *signer;
    signer_state st;
} fixture;

static void fixture_init(fixture *f, wallet_alg alg, unsigned form, signer_mode mode)
{
    memset(f, 0, sizeof(*f));
    f->ctx = tu_ctx_at(1700000000);
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->priv, alg));
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &f->pub, f->priv));
    tu_assert_ok(f->ctx, wallet_key_set_kid(f->ctx, f->pub, "hsm-key"));
    f->st.priv = f->priv;
    f->st.form = form;
    f->st.mode = mode;
    tu_assert_ok(f->ctx, wallet_key_from_signer(f->ctx, &f->signer, f->pub, WALLET_ALG_NONE,
                                                test_sign_cb, &f->st, form));
    assert_non_null(f->signer);
}

static void fixture_free(fixture *f)
{
    wallet_key_free(f->signer);
    wallet_key_free(f->pub);
    wallet_key_free(f->priv);
    wallet_ctx_free(f->ctx);
}

static void expect_sign_err(fixture *f, wallet_err want)
{
    uint8_t *sig = (uint8_t *)(uintptr_t)1;
    size_t sig_len = 99;
    tu_assert_err(f->ctx,
                  wallet_sign(f->ctx, &sig, &sig_len, f->signer, WALLET_ALG_NONE, msg, MSG_LEN),
                  want);
    assert_null(sig);
    assert_int_equal(sig_len, 0);
    assert_true(f->st.calls >= 1);
}

/* ---- positive ------------------------------------------------------------------ */

static void test_signer_key_properties(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_OK);
    assert_int_equal(wallet_key_can_sign(f.signer), 1);
    assert_int_equal(wallet_key_alg(f.signer), WALLET_ALG_ES256);
    assert_int_equal(wallet_key_kty(f.signer), WALLET_KTY_EC);
    assert_int_equal(wallet_key_curve(f.signer), WALLET_CURVE_P256);
    assert_string_equal(wallet_key_kid(f.signer), "hsm-key");
    assert_int_equal(wallet_key_equal_public(f.signer, f.pub), 1);
    /* The public half exports; it is the same key. */
    char *jwk = NULL;
    tu_assert_ok(f.ctx, wallet_key_to_jwk(f.ctx, &jwk, f.signer, WALLET_EXPORT_PUBLIC));
    wallet_key *back = NULL;
    tu_assert_ok(f.ctx, wallet_key_from_jwk(f.ctx, &back, jwk, strlen(jwk)));
    assert_int_equal(wallet_key_equal_public(back, f.priv), 1);
    /* Thumbprints agree with the private key's. */
    uint8_t a[32], b[32];
    tu_assert_ok(f.ctx, wallet_key_thumbprint(f.ctx, a, f.signer));
    tu_assert_ok(f.ctx, wallet_key_thumbprint(f.ctx, b, f.priv));
    assert_memory_equal(a, b, 32);
    /* The caller keeps ownership of the public key: freeing it is fine. */
    wallet_key_free(f.pub);
    f.pub = NULL;
    assert_int_equal(wallet_key_can_sign(f.signer), 1);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(f.ctx, wallet_sign(f.ctx, &sig, &sig_len, f.signer, WALLET_ALG_NONE, msg, MSG_LEN));
    tu_assert_ok(f.ctx, wallet_verify_signature(f.ctx, f.priv, WALLET_ALG_ES256,
                                                WALLET_ALGSET_ALL, msg, MSG_LEN, sig, sig_len));
    wallet_free(sig);
    wallet_key_free(back);
    wallet_free(jwk);
    fixture_free(&f);
}

static void test_signer_raw_wallet_sign_every_alg(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ALGS; i++) {
        fixture f;
        fixture_init(&f, all_algs[i], WALLET_SIGNER_RAW, MODE_OK);
        uint8_t *sig = NULL;
        size_t sig_len = 0;
        tu_assert_ok(f.ctx,
                     wallet_sign(f.ctx, &sig, &sig_len, f.signer, WALLET_ALG_NONE, msg, MSG_LEN));
        assert_int_equal(f.st.calls, 1);
        assert_int_equal(f.st.last_alg, all_algs[i]);
        assert_int_equal(f.st.last_msg_len, MSG_LEN); /* the message, not a digest */
        tu_assert_ok(f.ctx, wallet_verify_signature(f.ctx, f.pub, all_algs[i], WALLET_ALGSET_ALL,
                                                    msg, MSG_LEN, sig, sig_len));
        wallet_free(sig);
        fixture_free(&f);
    }
}

static void test_signer_der_wallet_sign_every_ecdsa_alg(void **state)
{
    (void)state;
    static const wallet_alg ecdsa[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                       WALLET_ALG_ES256K};
    static const size_t raw_size[] = {64, 96, 132, 64};
    for (size_t i = 0; i < 4; i++) {
        /* Several rounds so that r and s with a high bit (DER 0x00 padding)
         * and P-521's long-form length are both exercised. */
        for (int round = 0; round < 8; round++) {
            fixture f;
            fixture_init(&f, ecdsa[i], WALLET_SIGNER_DER, MODE_OK);
            uint8_t *sig = NULL;
            size_t sig_len = 0;
            tu_assert_ok(f.ctx, wallet_sign(f.ctx, &sig, &sig_len, f.signer, WALLET_ALG_NONE,
                                            msg, MSG_LEN));
            assert_int_equal(sig_len, raw_size[i]); /* converted to raw r||s */
            tu_assert_ok(f.ctx, wallet_verify_signature(f.ctx, f.pub, ecdsa[i], WALLET_ALGSET_ALL,
                                                        msg, MSG_LEN, sig, sig_len));
            wallet_free(sig);
            fixture_free(&f);
        }
    }
}

static void test_signer_der_flag_ignored_for_eddsa(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_EDDSA, WALLET_SIGNER_DER, MODE_OK);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(f.ctx, wallet_sign(f.ctx, &sig, &sig_len, f.signer, WALLET_ALG_EDDSA, msg, MSG_LEN));
    assert_int_equal(sig_len, 64);
    tu_assert_ok(f.ctx, wallet_verify_signature(f.ctx, f.pub, WALLET_ALG_EDDSA, WALLET_ALGSET_ALL,
                                                msg, MSG_LEN, sig, sig_len));
    wallet_free(sig);
    fixture_free(&f);
}

static void test_signer_der_es256k_high_s_normalised(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256K, WALLET_SIGNER_DER, MODE_HIGH_S);
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    tu_assert_ok(f.ctx, wallet_sign(f.ctx, &sig, &sig_len, f.signer, WALLET_ALG_ES256K, msg, MSG_LEN));
    assert_int_equal(sig_len, 64);
    assert_true(memcmp(sig + 32, k1_half_order, 32) <= 0); /* low-S after conversion */
    tu_assert_ok(f.ctx, wallet_verify_signature(f.ctx, f.pub, WALLET_ALG_ES256K, WALLET_ALGSET_ALL,
                                                msg, MSG_LEN, sig, sig_len));
    wallet_free(sig);
    fixture_free(&f);
}

static void test_signer_jws_compact_and_json(void **state)
{
    (void)state;
    for (unsigned form = WALLET_SIGNER_RAW; form <= WALLET_SIGNER_DER; form++) {
        for (size_t i = 0; i < N_ALGS; i++) {
            fixture f;
            fixture_init(&f, all_algs[i], form, MODE_OK);
            char *jws = NULL;
            tu_assert_ok(f.ctx, wallet_jws_sign_compact(f.ctx, &jws, f.signer, WALLET_ALG_NONE,
                                                        "{\"typ\":\"JWT\"}", msg, MSG_LEN));
            wallet_jws *p = NULL;
            tu_assert_ok(f.ctx, wallet_jws_parse(f.ctx, &p, jws, strlen(jws)));
            assert_string_equal(wallet_jws_kid(p, 0), "hsm-key");
            tu_assert_ok(f.ctx, wallet_jws_verify(f.ctx, p, f.pub, WALLET_ALGSET(all_algs[i])));
            size_t len = 0;
            const uint8_t *payload = wallet_jws_payload(p, &len);
            assert_int_equal(len, MSG_LEN);
            assert_memory_equal(payload, msg, MSG_LEN);
            wallet_jws_free(p);
            wallet_free(jws);

            const wallet_key *keys[1] = {f.signer};
            tu_assert_ok(f.ctx, wallet_jws_sign_json(f.ctx, &jws, keys, 1, msg, MSG_LEN));
            tu_assert_ok(f.ctx, wallet_jws_parse(f.ctx, &p, jws, strlen(jws)));
            tu_assert_ok(f.ctx, wallet_jws_verify(f.ctx, p, f.pub, WALLET_ALGSET_ALL));
            assert_int_equal(wallet_jws_verified_index(p), 0);
            wallet_jws_free(p);
            wallet_free(jws);
            assert_int_equal(f.st.calls, 2);
            fixture_free(&f);
        }
    }
}

static void test_signer_cose_sign1_and_cose_sign(void **state)
{
    (void)state;
    static const uint8_t aad[] = {0x01, 0x02, 0x03};
    for (unsigned form = WALLET_SIGNER_RAW; form <= WALLET_SIGNER_DER; form++) {
        for (size_t i = 0; i < N_ALGS; i++) {
            fixture f;
            fixture_init(&f, all_algs[i], form, MODE_OK);
            uint8_t *cose = NULL;
            size_t cose_len = 0;
            tu_assert_ok(f.ctx, wallet_cose_sign1_sign(f.ctx, &cose, &cose_len, f.signer,
                                                       WALLET_ALG_NONE, NULL, msg, MSG_LEN, aad,
                                                       sizeof(aad), WALLET_COSE_TAGGED));
            wallet_cose_sign1 *m = NULL;
            tu_assert_ok(f.ctx, wallet_cose_sign1_parse(f.ctx, &m, cose, cose_len));
            assert_int_equal(wallet_cose_sign1_alg(m), all_algs[i]);
            tu_assert_ok(f.ctx, wallet_cose_sign1_verify(f.ctx, m, f.pub, WALLET_ALGSET_ALL, aad,
                                                         sizeof(aad), NULL, 0));
            size_t len = 0;
            const uint8_t *payload = wallet_cose_sign1_payload(m, &len);
            assert_int_equal(len, MSG_LEN);
            assert_memory_equal(payload, msg, MSG_LEN);
            wallet_cose_sign1_free(m);
            wallet_free(cose);

            const wallet_key *keys[1] = {f.signer};
            tu_assert_ok(f.ctx, wallet_cose_sign_sign(f.ctx, &cose, &cose_len, keys, 1, msg,
                                                      MSG_LEN, NULL, 0, 0));
            uint8_t *out = NULL;
            size_t out_len = 0, idx = 99;
            tu_assert_ok(f.ctx, wallet_cose_sign_verify(f.ctx, &out, &out_len, &idx, cose,
                                                        cose_len, f.pub, WALLET_ALGSET_ALL, NULL,
                                                        0));
            assert_int_equal(idx, 0);
            assert_int_equal(out_len, MSG_LEN);
            wallet_free(out);
            wallet_free(cose);
            fixture_free(&f);
        }
    }
}

/* ---- negative ------------------------------------------------------------------ */

static void test_signer_export_private(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_OK);
    char *text = (char *)(uintptr_t)1;
    tu_assert_err(f.ctx, wallet_key_to_jwk(f.ctx, &text, f.signer, WALLET_EXPORT_PRIVATE),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(text);
    text = (char *)(uintptr_t)1;
    tu_assert_err(f.ctx, wallet_key_to_pem(f.ctx, &text, f.signer, WALLET_EXPORT_PRIVATE),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(text);
    uint8_t *bin = (uint8_t *)(uintptr_t)1;
    size_t len = 99;
    tu_assert_err(f.ctx, wallet_key_to_der(f.ctx, &bin, &len, f.signer, WALLET_EXPORT_PRIVATE),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(bin);
    assert_int_equal(len, 0);
    bin = (uint8_t *)(uintptr_t)1;
    len = 99;
    tu_assert_err(f.ctx,
                  wallet_key_to_cose_key(f.ctx, &bin, &len, f.signer, WALLET_EXPORT_PRIVATE),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(bin);
    assert_int_equal(len, 0);
    assert_int_equal(f.st.calls, 0); /* the callback was never asked */
    fixture_free(&f);
}

static void test_signer_callback_fails(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_FAIL);
    expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
    fixture_free(&f);
}

static void test_signer_callback_fails_jws(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_EDDSA, WALLET_SIGNER_RAW, MODE_FAIL);
    char *jws = (char *)(uintptr_t)1;
    tu_assert_err(f.ctx,
                  wallet_jws_sign_compact(f.ctx, &jws, f.signer, WALLET_ALG_NONE, NULL, msg,
                                          MSG_LEN),
                  WALLET_ERR_SIGNER_FAILED);
    assert_null(jws);
    const wallet_key *keys[1] = {f.signer};
    jws = (char *)(uintptr_t)1;
    tu_assert_err(f.ctx, wallet_jws_sign_json(f.ctx, &jws, keys, 1, msg, MSG_LEN),
                  WALLET_ERR_SIGNER_FAILED);
    assert_null(jws);
    fixture_free(&f);
}

static void test_signer_callback_fails_cose(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES384, WALLET_SIGNER_DER, MODE_FAIL);
    uint8_t *cose = (uint8_t *)(uintptr_t)1;
    size_t len = 99;
    tu_assert_err(f.ctx,
                  wallet_cose_sign1_sign(f.ctx, &cose, &len, f.signer, WALLET_ALG_NONE, NULL, msg,
                                         MSG_LEN, NULL, 0, 0),
                  WALLET_ERR_SIGNER_FAILED);
    assert_null(cose);
    assert_int_equal(len, 0);
    const wallet_key *keys[1] = {f.signer};
    cose = (uint8_t *)(uintptr_t)1;
    len = 99;
    tu_assert_err(f.ctx,
                  wallet_cose_sign_sign(f.ctx, &cose, &len, keys, 1, msg, MSG_LEN, NULL, 0, 0),
                  WALLET_ERR_SIGNER_FAILED);
    assert_null(cose);
    assert_int_equal(len, 0);
    fixture_free(&f);
}

static void test_signer_raw_wrong_length(void **state)
{
    (void)state;
    static const wallet_alg ecdsa[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                       WALLET_ALG_ES256K};
    for (size_t i = 0; i < 4; i++) {
        fixture f;
        fixture_init(&f, ecdsa[i], WALLET_SIGNER_RAW, MODE_SHORT);
        expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
        fixture_free(&f);
    }
}

static void test_signer_raw_der_returned(void **state)
{
    (void)state;
    /* Declared raw, returns DER: the length gives it away. */
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_OK);
    f.st.form = WALLET_SIGNER_DER;
    expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
    fixture_free(&f);
}

static void test_signer_invalid_der(void **state)
{
    (void)state;
    static const wallet_alg ecdsa[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                       WALLET_ALG_ES256K};
    for (size_t i = 0; i < 4; i++) {
        fixture f;
        fixture_init(&f, ecdsa[i], WALLET_SIGNER_DER, MODE_BAD_DER);
        expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
        fixture_free(&f);
    }
}

static void test_signer_der_with_trailing_byte(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_DER, MODE_DER_TRAILING);
    expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
    fixture_free(&f);
}

static void test_signer_der_declared_raw_returned(void **state)
{
    (void)state;
    /* Declared DER, returns raw r||s: not a DER SEQUENCE. */
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_DER, MODE_OK);
    f.st.form = WALLET_SIGNER_RAW;
    expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
    fixture_free(&f);
}

static void test_signer_empty_signature(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_EDDSA, WALLET_SIGNER_RAW, MODE_EMPTY);
    expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
    fixture_free(&f);
}

static void test_signer_length_over_capacity(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_OVERSIZE);
    expect_sign_err(&f, WALLET_ERR_SIGNER_FAILED);
    fixture_free(&f);
}

static void test_signer_with_unrelated_private_key(void **state)
{
    (void)state;
    /* The callback signs with a key that is not the declared public key:
     * libwallet cannot notice, but every verifier does. */
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_OK);
    wallet_key *other = NULL;
    tu_assert_ok(f.ctx, wallet_key_generate(f.ctx, &other, WALLET_ALG_ES256));
    f.st.priv = other;
    char *jws = NULL;
    tu_assert_ok(f.ctx,
                 wallet_jws_sign_compact(f.ctx, &jws, f.signer, WALLET_ALG_NONE, NULL, msg, MSG_LEN));
    wallet_jws *p = NULL;
    tu_assert_ok(f.ctx, wallet_jws_parse(f.ctx, &p, jws, strlen(jws)));
    tu_assert_err(f.ctx, wallet_jws_verify(f.ctx, p, f.pub, WALLET_ALGSET_ALL), WALLET_ERR_SIGNATURE);
    size_t len = 99;
    assert_null(wallet_jws_payload(p, &len));
    assert_int_equal(len, 0);
    wallet_jws_free(p);
    wallet_free(jws);
    wallet_key_free(other);
    fixture_free(&f);
}

static void test_signer_alg_not_fitting_public_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *priv = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &priv, WALLET_ALG_ES256));
    signer_state st = {.priv = priv};
    wallet_key *s = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_key_from_signer(ctx, &s, priv, WALLET_ALG_ES384, test_sign_cb, &st,
                                         WALLET_SIGNER_RAW),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(s);
    s = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_key_from_signer(ctx, &s, priv, WALLET_ALG_EDDSA, test_sign_cb, &st,
                                         WALLET_SIGNER_RAW),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(s);
    wallet_key_free(priv);
    wallet_ctx_free(ctx);
}

static void test_signer_without_callback(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *priv = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &priv, WALLET_ALG_ES256));
    wallet_key *s = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_key_from_signer(ctx, &s, priv, WALLET_ALG_NONE, NULL, NULL,
                                         WALLET_SIGNER_RAW),
                  WALLET_ERR_INVALID_ARG);
    assert_null(s);
    s = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx,
                  wallet_key_from_signer(ctx, &s, NULL, WALLET_ALG_NONE, test_sign_cb, NULL,
                                         WALLET_SIGNER_RAW),
                  WALLET_ERR_INVALID_ARG);
    assert_null(s);
    wallet_key_free(priv);
    wallet_ctx_free(ctx);
}

static void test_signer_unknown_flags(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(1700000000);
    wallet_key *priv = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &priv, WALLET_ALG_ES256));
    signer_state st = {.priv = priv};
    wallet_key *s = (wallet_key *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_key_from_signer(ctx, &s, priv, WALLET_ALG_NONE, test_sign_cb, &st, 2u),
                  WALLET_ERR_INVALID_ARG);
    assert_null(s);
    wallet_key_free(priv);
    wallet_ctx_free(ctx);
}

static void test_signer_cannot_issue_certificates(void **state)
{
    (void)state;
    /* X.509 signing is done by OpenSSL with the key in memory: an external
     * signer is refused rather than silently used. */
    fixture f;
    fixture_init(&f, WALLET_ALG_ES256, WALLET_SIGNER_RAW, MODE_OK);
    wallet_cert_builder *b = NULL;
    tu_assert_ok(f.ctx, wallet_cert_builder_new(f.ctx, &b, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(f.ctx, wallet_cert_builder_set_subject(f.ctx, b, "CN=HSM Root,C=VN"));
    wallet_cert *c = (wallet_cert *)(uintptr_t)1;
    tu_assert_err(f.ctx, wallet_cert_builder_sign(f.ctx, &c, b, f.pub, f.signer, NULL),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(c);
    wallet_cert_builder_free(b);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_signer_key_properties),
        cmocka_unit_test(test_signer_raw_wallet_sign_every_alg),
        cmocka_unit_test(test_signer_der_wallet_sign_every_ecdsa_alg),
        cmocka_unit_test(test_signer_der_flag_ignored_for_eddsa),
        cmocka_unit_test(test_signer_der_es256k_high_s_normalised),
        cmocka_unit_test(test_signer_jws_compact_and_json),
        cmocka_unit_test(test_signer_cose_sign1_and_cose_sign),
        /* negative */
        cmocka_unit_test(test_signer_export_private),
        cmocka_unit_test(test_signer_callback_fails),
        cmocka_unit_test(test_signer_callback_fails_jws),
        cmocka_unit_test(test_signer_callback_fails_cose),
        cmocka_unit_test(test_signer_raw_wrong_length),
        cmocka_unit_test(test_signer_raw_der_returned),
        cmocka_unit_test(test_signer_invalid_der),
        cmocka_unit_test(test_signer_der_with_trailing_byte),
        cmocka_unit_test(test_signer_der_declared_raw_returned),
        cmocka_unit_test(test_signer_empty_signature),
        cmocka_unit_test(test_signer_length_over_capacity),
        cmocka_unit_test(test_signer_with_unrelated_private_key),
        cmocka_unit_test(test_signer_alg_not_fitting_public_key),
        cmocka_unit_test(test_signer_without_callback),
        cmocka_unit_test(test_signer_unknown_flags),
        cmocka_unit_test(test_signer_cannot_issue_certificates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
