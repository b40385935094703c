/*
 * COSE_Sign1 and COSE_Sign (RFC 9052 / RFC 9053): signing and verifying with
 * every algorithm, tagged/untagged, detached payloads, external AAD, header
 * buckets, x5chain (RFC 9360), and the structural rules of RFC 9052 §3-4.
 * Malformed messages are assembled here with the library's CBOR writer and
 * signed over a correct Sig_structure, so each fails only for its defect.
 */
#include "core/cbor.h"
#include "testutil.h"

#define NOW 1700000000

static const wallet_alg all_algs[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
#define N_ALGS (sizeof(all_algs) / sizeof(all_algs[0]))

static const uint8_t payload[] = "COSE payload bytes";
#define PAYLOAD_LEN (sizeof(payload) - 1)
static const uint8_t aad[] = {0xAA, 0xBB, 0xCC};

/* ---- helpers ------------------------------------------------------------------- */

static wallet_key *gen(wallet_ctx *ctx, wallet_alg alg)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, alg));
    return k;
}

typedef struct msgbuf {
    uint8_t *p;
    size_t n;
} msgbuf;

/* A COSE_Sign1 from raw protected-header bytes (the bstr content) and a raw
 * unprotected item, signed by key/alg over the Sig_structure (empty AAD).
 * tag: 0 for none. */
static msgbuf build_sign1(const wallet_key *key, wallet_alg alg, const uint8_t *prot,
                          size_t prot_len, const uint8_t *unprot, size_t unprot_len,
                          uint64_t tag)
{
    static const uint8_t none[1] = {0};
    if (!prot)
        prot = none; /* a zero-length protected header */
    wl_buf tbs;
    wl_buf_init(&tbs, 0);
    assert_true(wl_cbor_put_array(&tbs, 4) && wl_cbor_put_cstr(&tbs, "Signature1") &&
                wl_cbor_put_bytes(&tbs, prot, prot_len) && wl_cbor_put_bytes(&tbs, aad, 0) &&
                wl_cbor_put_bytes(&tbs, payload, PAYLOAD_LEN));
    uint8_t *sig = NULL;
    size_t sig_len = 0;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    tu_assert_ok(ctx, wallet_sign(ctx, &sig, &sig_len, key, alg, tbs.data, tbs.len));
    wallet_ctx_free(ctx);
    wl_buf_free(&tbs);
    wl_buf b;
    wl_buf_init(&b, 0);
    if (tag)
        wl_cbor_put_tag(&b, tag);
    wl_cbor_put_array(&b, 4);
    wl_cbor_put_bytes(&b, prot, prot_len);
    wl_cbor_put_raw(&b, unprot, unprot_len);
    wl_cbor_put_bytes(&b, payload, PAYLOAD_LEN);
    wl_cbor_put_bytes(&b, sig, sig_len);
    wallet_free(sig);
    assert_false(b.failed);
    msgbuf m;
    m.p = wl_buf_take(&b, &m.n);
    return m;
}

/* The protected map {1: alg} as bytes, into buf; returns the length. */
static size_t prot_alg(uint8_t *buf, wallet_alg alg)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 1);
    wl_cbor_put_int(&b, 1);
    wl_cbor_put_int(&b, wallet_alg_cose_id(alg));
    memcpy(buf, b.data, b.len);
    size_t n = b.len;
    wl_buf_free(&b);
    return n;
}

static const uint8_t empty_map[] = {0xA0};

static wallet_cose_sign1 *parse_ok(wallet_ctx *ctx, const uint8_t *p, size_t n)
{
    wallet_cose_sign1 *m = NULL;
    tu_assert_ok(ctx, wallet_cose_sign1_parse(ctx, &m, p, n));
    assert_non_null(m);
    return m;
}

static void expect_parse_err(wallet_ctx *ctx, const uint8_t *p, size_t n, wallet_err want)
{
    wallet_cose_sign1 *m = (wallet_cose_sign1 *)(uintptr_t)1;
    tu_assert_err(ctx, wallet_cose_sign1_parse(ctx, &m, p, n), want);
    assert_null(m);
    assert_true(strlen(wallet_ctx_errmsg(ctx)) > 0);
}

static void expect_verify_err(wallet_ctx *ctx, const uint8_t *p, size_t n, const wallet_key *key,
                              wallet_algset allowed, const uint8_t *a, size_t a_len,
                              const uint8_t *detached, size_t d_len, wallet_err want)
{
    wallet_cose_sign1 *m = parse_ok(ctx, p, n);
    tu_assert_err(ctx, wallet_cose_sign1_verify(ctx, m, key, allowed, a, a_len, detached, d_len),
                  want);
    size_t len = 99;
    assert_null(wallet_cose_sign1_payload(m, &len));
    assert_int_equal(len, 0);
    wallet_cose_sign1_free(m);
}

static msgbuf sign1(wallet_ctx *ctx, const wallet_key *key, const wallet_cose_headers *h,
                    const uint8_t *a, size_t a_len, unsigned flags)
{
    msgbuf m = {NULL, 0};
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &m.p, &m.n, key, WALLET_ALG_NONE, h, payload,
                                             PAYLOAD_LEN, a, a_len, flags));
    return m;
}

static wallet_cert *make_cert(wallet_ctx *ctx, wallet_cert_profile profile, const char *dn,
                              const wallet_key *subject, const wallet_key *issuer,
                              const wallet_cert *issuer_cert)
{
    wallet_cert_builder *b = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_new(ctx, &b, profile));
    tu_assert_ok(ctx, wallet_cert_builder_set_subject(ctx, b, dn));
    wallet_cert *c = NULL;
    tu_assert_ok(ctx, wallet_cert_builder_sign(ctx, &c, b, subject, issuer, issuer_cert));
    wallet_cert_builder_free(b);
    return c;
}

/* ---- positive: COSE_Sign1 ------------------------------------------------------------ */

static void test_sign1_every_alg_tagged_and_untagged(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        wallet_key *pub = NULL;
        tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
        for (unsigned tagged = 0; tagged <= 1; tagged++) {
            msgbuf m = sign1(ctx, k, NULL, NULL, 0, tagged ? WALLET_COSE_TAGGED : 0);
            if (tagged)
                assert_int_equal(m.p[0], 0xD2); /* tag 18 */
            else
                assert_int_equal(m.p[0], 0x84); /* array of 4 */
            wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
            assert_int_equal(wallet_cose_sign1_alg(s), all_algs[i]);
            assert_int_equal(wallet_cose_sign1_is_detached(s), 0);
            size_t len = 99;
            assert_null(wallet_cose_sign1_payload(s, &len)); /* not before verify */
            assert_int_equal(len, 0);
            tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, pub, WALLET_ALGSET(all_algs[i]),
                                                       NULL, 0, NULL, 0));
            const uint8_t *p = wallet_cose_sign1_payload(s, &len);
            assert_int_equal(len, PAYLOAD_LEN);
            assert_memory_equal(p, payload, PAYLOAD_LEN);
            /* The protected alg header reads back as its CBOR integer. */
            int bucket = -1;
            const uint8_t *raw = wallet_cose_sign1_header(s, WALLET_COSE_HDR_ALG, &len, &bucket);
            assert_non_null(raw);
            assert_int_equal(bucket, WALLET_COSE_PROTECTED);
            wallet_cose_sign1_free(s);
            wallet_free(m.p);
        }
        wallet_key_free(pub);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_sign1_ecdsa_hash_not_bound_to_curve(void **state)
{
    (void)state;
    /* RFC 9053 §2.1: in COSE, ES384 with a P-256 key is allowed. */
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = {NULL, 0};
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &m.p, &m.n, k, WALLET_ALG_ES384, NULL, payload,
                                             PAYLOAD_LEN, NULL, 0, 0));
    wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
    assert_int_equal(wallet_cose_sign1_alg(s), WALLET_ALG_ES384);
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
    wallet_cose_sign1_free(s);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_detached_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_EDDSA);
    msgbuf m = sign1(ctx, k, NULL, NULL, 0, WALLET_COSE_DETACHED | WALLET_COSE_TAGGED);
    wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
    assert_int_equal(wallet_cose_sign1_is_detached(s), 1);
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, NULL, 0, payload,
                                               PAYLOAD_LEN));
    size_t len = 99;
    assert_null(wallet_cose_sign1_payload(s, &len)); /* the caller has it already */
    assert_int_equal(len, 0);
    wallet_cose_sign1_free(s);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_external_aad(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        msgbuf m = sign1(ctx, k, NULL, aad, sizeof(aad), 0);
        wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
        tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, aad, sizeof(aad),
                                                   NULL, 0));
        wallet_cose_sign1_free(s);
        wallet_free(m.p);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_sign1_kid_in_either_bucket(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    for (int bucket = WALLET_COSE_UNPROTECTED; bucket <= WALLET_COSE_PROTECTED; bucket++) {
        wallet_cose_headers *h = NULL;
        tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
        tu_assert_ok(ctx, wallet_cose_headers_set_bytes(ctx, h, bucket, WALLET_COSE_HDR_KID,
                                                        (const uint8_t *)"kid-1", 5));
        msgbuf m = sign1(ctx, k, h, NULL, 0, 0);
        wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
        size_t len = 0;
        const uint8_t *kid = wallet_cose_sign1_kid(s, &len);
        assert_int_equal(len, 5);
        assert_memory_equal(kid, "kid-1", 5);
        int got = -1;
        const uint8_t *raw = wallet_cose_sign1_header(s, WALLET_COSE_HDR_KID, &len, &got);
        assert_int_equal(got, bucket);
        assert_int_equal(len, 6);
        assert_int_equal(raw[0], 0x45); /* bstr of 5 */
        tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
        /* An absent label. */
        got = 7;
        assert_null(wallet_cose_sign1_header(s, 99, &len, &got));
        assert_int_equal(len, 0);
        assert_int_equal(got, -1);
        wallet_cose_sign1_free(s);
        wallet_free(m.p);
        wallet_cose_headers_free(h);
    }
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_headers_int_bytes_text(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    tu_assert_ok(ctx, wallet_cose_headers_set_int(ctx, h, WALLET_COSE_PROTECTED,
                                                  WALLET_COSE_HDR_CONTENT_TYPE, 60));
    tu_assert_ok(ctx, wallet_cose_headers_set_text(ctx, h, WALLET_COSE_PROTECTED,
                                                   WALLET_COSE_HDR_TYP, "application/cwt"));
    static const uint8_t blob[] = {0x01, 0x02, 0x03};
    tu_assert_ok(ctx, wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_UNPROTECTED, -65537, blob,
                                                    sizeof(blob)));
    /* Setting a label again replaces it (and may move it). */
    tu_assert_ok(ctx, wallet_cose_headers_set_int(ctx, h, WALLET_COSE_UNPROTECTED, 100, 1));
    tu_assert_ok(ctx, wallet_cose_headers_set_int(ctx, h, WALLET_COSE_PROTECTED, 100, -2));
    msgbuf m = sign1(ctx, k, h, NULL, 0, 0);
    wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
    size_t len = 0;
    int bucket = -1;
    const uint8_t *v = wallet_cose_sign1_header(s, WALLET_COSE_HDR_CONTENT_TYPE, &len, &bucket);
    assert_int_equal(bucket, WALLET_COSE_PROTECTED);
    assert_int_equal(len, 2);
    assert_int_equal(v[0], 0x18);
    assert_int_equal(v[1], 60);
    v = wallet_cose_sign1_header(s, WALLET_COSE_HDR_TYP, &len, &bucket);
    assert_int_equal(bucket, WALLET_COSE_PROTECTED);
    assert_int_equal(len, 1 + 15);
    assert_int_equal(v[0], 0x6F); /* text of 15 */
    assert_memory_equal(v + 1, "application/cwt", 15);
    v = wallet_cose_sign1_header(s, -65537, &len, &bucket);
    assert_int_equal(bucket, WALLET_COSE_UNPROTECTED);
    assert_int_equal(len, 4);
    assert_int_equal(v[0], 0x43);
    assert_memory_equal(v + 1, blob, 3);
    v = wallet_cose_sign1_header(s, 100, &len, &bucket);
    assert_int_equal(bucket, WALLET_COSE_PROTECTED);
    assert_int_equal(len, 1);
    assert_int_equal(v[0], 0x21); /* -2 */
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
    wallet_cose_sign1_free(s);
    wallet_free(m.p);
    wallet_cose_headers_free(h);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_x5chain_single_and_multiple(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *root_k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *leaf_k = gen(ctx, WALLET_ALG_ES256);
    wallet_cert *root = make_cert(ctx, WALLET_CERT_PROFILE_CA, "CN=Root,C=VN", root_k, root_k, NULL);
    wallet_cert *leaf =
        make_cert(ctx, WALLET_CERT_PROFILE_LEAF, "CN=Signer,C=VN", leaf_k, root_k, root);
    size_t root_len, leaf_len;
    const uint8_t *root_der = wallet_cert_der(root, &root_len);
    const uint8_t *leaf_der = wallet_cert_der(leaf, &leaf_len);
    for (int bucket = WALLET_COSE_UNPROTECTED; bucket <= WALLET_COSE_PROTECTED; bucket++) {
        for (size_t count = 1; count <= 2; count++) {
            wallet_cose_headers *h = NULL;
            tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
            tu_assert_ok(ctx, wallet_cose_headers_add_x5chain(ctx, h, bucket, leaf_der, leaf_len));
            if (count == 2)
                tu_assert_ok(ctx,
                             wallet_cose_headers_add_x5chain(ctx, h, bucket, root_der, root_len));
            msgbuf m = sign1(ctx, leaf_k, h, NULL, 0, 0);
            wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
            assert_int_equal(wallet_cose_sign1_x5chain_count(s), count);
            size_t len = 0;
            int got = -1;
            const uint8_t *raw = wallet_cose_sign1_header(s, WALLET_COSE_HDR_X5CHAIN, &len, &got);
            assert_int_equal(got, bucket);
            /* RFC 9360 §2: one certificate as a bstr, several as an array. */
            assert_int_equal(raw[0] & 0xE0, count == 1 ? 0x40 : 0x80);
            const uint8_t *c0 = wallet_cose_sign1_x5chain(s, 0, &len);
            assert_int_equal(len, leaf_len);
            assert_memory_equal(c0, leaf_der, leaf_len);
            if (count == 2) {
                const uint8_t *c1 = wallet_cose_sign1_x5chain(s, 1, &len);
                assert_int_equal(len, root_len);
                assert_memory_equal(c1, root_der, root_len);
            }
            len = 99;
            assert_null(wallet_cose_sign1_x5chain(s, count, &len));
            assert_int_equal(len, 0);
            /* The leaf certificate read back verifies the message. */
            wallet_cert *back = NULL;
            tu_assert_ok(ctx, wallet_cert_from_der(ctx, &back, c0, leaf_len));
            wallet_key *pk = NULL;
            tu_assert_ok(ctx, wallet_cert_public_key(ctx, &pk, back));
            tu_assert_ok(ctx,
                         wallet_cose_sign1_verify(ctx, s, pk, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
            wallet_key_free(pk);
            wallet_cert_free(back);
            wallet_cose_sign1_free(s);
            wallet_free(m.p);
            wallet_cose_headers_free(h);
        }
    }
    wallet_cert_free(leaf);
    wallet_cert_free(root);
    wallet_key_free(leaf_k);
    wallet_key_free(root_k);
    wallet_ctx_free(ctx);
}

static void test_sign1_crit_understood_label(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    /* {1: -7, 2: [3], 3: 60}: crit names content type, which is understood. */
    static const uint8_t prot[] = {0xA3, 0x01, 0x26, 0x02, 0x81, 0x03, 0x03, 0x18, 0x3C};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 18);
    wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
    wallet_cose_sign1_free(s);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_hand_built_verifies(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES384);
    uint8_t prot[16];
    size_t pl = prot_alg(prot, WALLET_ALG_ES384);
    msgbuf m = build_sign1(k, WALLET_ALG_ES384, prot, pl, empty_map, 1, 0);
    wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, s, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
    wallet_cose_sign1_free(s);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- positive: COSE_Sign ---------------------------------------------------------------- */

static void test_cose_sign_two_signers(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_ES256);
    wallet_key *b = gen(ctx, WALLET_ALG_EDDSA);
    wallet_key *c = gen(ctx, WALLET_ALG_ES256);
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, b, "second"));
    const wallet_key *keys[2] = {a, b};
    for (unsigned tagged = 0; tagged <= 1; tagged++) {
        uint8_t *msg = NULL;
        size_t n = 0;
        tu_assert_ok(ctx, wallet_cose_sign_sign(ctx, &msg, &n, keys, 2, payload, PAYLOAD_LEN, aad,
                                                sizeof(aad), tagged ? WALLET_COSE_TAGGED : 0));
        if (tagged) {
            assert_int_equal(msg[0], 0xD8); /* tag 98 in one extra byte */
            assert_int_equal(msg[1], 98);
        }
        for (size_t want = 0; want < 2; want++) {
            uint8_t *out = NULL;
            size_t out_len = 0, idx = 99;
            tu_assert_ok(ctx, wallet_cose_sign_verify(ctx, &out, &out_len, &idx, msg, n,
                                                      keys[want], WALLET_ALGSET_ALL, aad,
                                                      sizeof(aad)));
            assert_int_equal(idx, want);
            assert_int_equal(out_len, PAYLOAD_LEN);
            assert_memory_equal(out, payload, PAYLOAD_LEN);
            wallet_free(out);
        }
        /* A third key: no signature verifies, outputs are cleared. */
        uint8_t *out = (uint8_t *)(uintptr_t)1;
        size_t out_len = 99, idx = 99;
        tu_assert_err(ctx,
                      wallet_cose_sign_verify(ctx, &out, &out_len, &idx, msg, n, c,
                                              WALLET_ALGSET_ALL, aad, sizeof(aad)),
                      WALLET_ERR_SIGNATURE);
        assert_null(out);
        assert_int_equal(out_len, 0);
        assert_int_equal(idx, 0);
        wallet_free(msg);
    }
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_key_free(c);
    wallet_ctx_free(ctx);
}

/* ---- negative: structure ------------------------------------------------------------------ */

static msgbuf good_message(wallet_ctx *ctx, const wallet_key *k, unsigned flags)
{
    return sign1(ctx, k, NULL, NULL, 0, flags);
}

static void test_sign1_wrong_tag(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, WALLET_COSE_TAGGED);
    static const uint8_t tags[] = {0xD1 /* 17: COSE_Mac0 */, 0xD0 /* 16: COSE_Encrypt0 */};
    for (size_t i = 0; i < 2; i++) {
        m.p[0] = tags[i];
        expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    }
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_tagged_as_cose_sign(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t prot[16];
    size_t pl = prot_alg(prot, WALLET_ALG_ES256);
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, pl, empty_map, 1, 98);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_array_of_three(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    /* [h'a10126', {}, h'00'] */
    static const uint8_t msg[] = {0x83, 0x43, 0xA1, 0x01, 0x26, 0xA0, 0x41, 0x00};
    expect_parse_err(ctx, msg, sizeof(msg), WALLET_ERR_COSE_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_sign1_array_of_five(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    static const uint8_t msg[] = {0x85, 0x43, 0xA1, 0x01, 0x26, 0xA0, 0x41, 0x00, 0x41, 0x00, 0xF6};
    expect_parse_err(ctx, msg, sizeof(msg), WALLET_ERR_COSE_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_sign1_not_an_array(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    static const uint8_t msg[] = {0xA1, 0x01, 0x26};
    expect_parse_err(ctx, msg, sizeof(msg), WALLET_ERR_COSE_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_sign1_alg_in_unprotected(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t unprot[] = {0xA1, 0x01, 0x26}; /* {1: -7} */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, NULL, 0, unprot, sizeof(unprot), 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_label_in_both_buckets(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t prot[] = {0xA2, 0x01, 0x26, 0x04, 0x41, 0x61};  /* {1:-7, 4:h'61'} */
    static const uint8_t unprot[] = {0xA1, 0x04, 0x41, 0x62};            /* {4:h'62'} */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), unprot, sizeof(unprot), 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    /* The same label in two encodings (0x04 and 0x1804) is still one label. */
    static const uint8_t unprot2[] = {0xA1, 0x18, 0x04, 0x41, 0x62};
    m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), unprot2, sizeof(unprot2), 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_crit_unknown_label(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    /* {1: -7, 2: [99], 99: 1} */
    static const uint8_t prot[] = {0xA3, 0x01, 0x26, 0x02, 0x81, 0x18, 0x63, 0x18, 0x63, 0x01};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_CRIT_UNKNOWN);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_crit_text_label(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    /* {1: -7, 2: ["x"], "x": 1} */
    static const uint8_t prot[] = {0xA3, 0x01, 0x26, 0x02, 0x81, 0x61, 0x78, 0x61, 0x78, 0x01};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_CRIT_UNKNOWN);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_crit_names_absent_label(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    /* {1: -7, 2: [3]} without label 3 */
    static const uint8_t prot[] = {0xA2, 0x01, 0x26, 0x02, 0x81, 0x03};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_crit_empty(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t prot[] = {0xA2, 0x01, 0x26, 0x02, 0x80};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_crit_in_unprotected(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t prot[] = {0xA2, 0x01, 0x26, 0x03, 0x01};
    static const uint8_t unprot[] = {0xA1, 0x02, 0x81, 0x03};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), unprot, sizeof(unprot), 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_protected_not_a_map(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t prot[] = {0x82, 0x01, 0x26}; /* [1, -7] */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_protected_not_a_bstr(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    /* [{1: -7}, {}, h'00', h'00'] */
    static const uint8_t msg[] = {0x84, 0xA1, 0x01, 0x26, 0xA0, 0x41, 0x00, 0x41, 0x00};
    expect_parse_err(ctx, msg, sizeof(msg), WALLET_ERR_COSE_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_sign1_unprotected_not_a_map(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t prot[16];
    size_t pl = prot_alg(prot, WALLET_ALG_ES256);
    static const uint8_t unprot[] = {0x80};
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, pl, unprot, sizeof(unprot), 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_payload_text_string(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    /* [h'a10126', {}, "p", h'00'] */
    static const uint8_t msg[] = {0x84, 0x43, 0xA1, 0x01, 0x26, 0xA0, 0x61, 0x70, 0x41, 0x00};
    expect_parse_err(ctx, msg, sizeof(msg), WALLET_ERR_COSE_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_sign1_signature_not_bstr(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    static const uint8_t msg[] = {0x84, 0x43, 0xA1, 0x01, 0x26, 0xA0, 0x41, 0x70, 0xF6};
    expect_parse_err(ctx, msg, sizeof(msg), WALLET_ERR_COSE_FORMAT);
    wallet_ctx_free(ctx);
}

static void test_sign1_header_label_not_int_or_text(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t prot[16];
    size_t pl = prot_alg(prot, WALLET_ALG_ES256);
    static const uint8_t unprot[] = {0xA1, 0x41, 0x00, 0x01}; /* {h'00': 1} */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, pl, unprot, sizeof(unprot), 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_protected_duplicate_label(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t prot[] = {0xA2, 0x01, 0x26, 0x01, 0x27}; /* {1: -7, 1: -8} */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_CBOR_DUPLICATE);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_truncated(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, WALLET_COSE_TAGGED);
    size_t cuts[] = {m.n - 1, m.n / 2, 1};
    for (size_t i = 0; i < 3; i++)
        expect_parse_err(ctx, m.p, cuts[i], WALLET_ERR_CBOR);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_trailing_byte(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, 0);
    uint8_t *longer = malloc(m.n + 1);
    assert_non_null(longer);
    memcpy(longer, m.p, m.n);
    longer[m.n] = 0x00;
    expect_parse_err(ctx, longer, m.n + 1, WALLET_ERR_TRAILING_DATA);
    free(longer);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_input_over_limit(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, 0);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)m.n - 1);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_TOO_LARGE);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: verification --------------------------------------------------------------- */

static void test_sign1_unsupported_alg_id(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const int64_t ids[] = {5 /* HMAC 256/256 */, -999, 0x7FFF};
    for (size_t i = 0; i < 3; i++) {
        wl_buf b;
        wl_buf_init(&b, 0);
        wl_cbor_put_map(&b, 1);
        wl_cbor_put_int(&b, 1);
        wl_cbor_put_int(&b, ids[i]);
        msgbuf m = build_sign1(k, WALLET_ALG_ES256, b.data, b.len, empty_map, 1, 0);
        wl_buf_free(&b);
        wallet_cose_sign1 *s = parse_ok(ctx, m.p, m.n);
        assert_int_equal(wallet_cose_sign1_alg(s), WALLET_ALG_NONE);
        wallet_cose_sign1_free(s);
        expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0,
                          WALLET_ERR_ALG_UNSUPPORTED);
        wallet_free(m.p);
    }
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_alg_not_an_integer(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    static const uint8_t prot[] = {0xA1, 0x01, 0x65, 'E', 'S', '2', '5', '6'}; /* {1: "ES256"} */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, prot, sizeof(prot), empty_map, 1, 0);
    expect_parse_err(ctx, m.p, m.n, WALLET_ERR_ALG_UNSUPPORTED);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_alg_missing(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    /* Empty protected header (zero-length bstr) and no alg anywhere. */
    msgbuf m = build_sign1(k, WALLET_ALG_ES256, NULL, 0, empty_map, 1, 0);
    expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0,
                      WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_wrong_external_aad(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        msgbuf m = sign1(ctx, k, NULL, aad, sizeof(aad), 0);
        static const uint8_t other[] = {0xAA, 0xBB, 0xCD};
        expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, other, sizeof(other), NULL, 0,
                          WALLET_ERR_SIGNATURE);
        /* Omitting the AAD is just as wrong. */
        expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0,
                          WALLET_ERR_SIGNATURE);
        wallet_free(m.p);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_sign1_detached_without_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, WALLET_COSE_DETACHED);
    expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0, WALLET_ERR_STATE);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_detached_wrong_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, WALLET_COSE_DETACHED);
    expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, payload, PAYLOAD_LEN - 1,
                      WALLET_ERR_SIGNATURE);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_detached_payload_for_attached_message(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, k, 0);
    expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, payload, PAYLOAD_LEN,
                      WALLET_ERR_INVALID_ARG);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_tampered_payload(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    for (size_t i = 0; i < N_ALGS; i++) {
        wallet_key *k = gen(ctx, all_algs[i]);
        msgbuf m = good_message(ctx, k, 0);
        /* The payload bytes are unique in the message: flip one of them. */
        uint8_t *at = NULL;
        for (size_t j = 0; j + PAYLOAD_LEN <= m.n && !at; j++)
            if (memcmp(m.p + j, payload, PAYLOAD_LEN) == 0)
                at = m.p + j;
        assert_non_null(at);
        at[0] ^= 0x20;
        expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0,
                          WALLET_ERR_SIGNATURE);
        wallet_free(m.p);
        wallet_key_free(k);
    }
    wallet_ctx_free(ctx);
}

static void test_sign1_tampered_signature(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES512);
    msgbuf m = good_message(ctx, k, 0);
    m.p[m.n - 10] ^= 0x01; /* inside the signature, the last item */
    expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL, NULL, 0, NULL, 0, WALLET_ERR_SIGNATURE);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_wrong_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *a = gen(ctx, WALLET_ALG_EDDSA);
    wallet_key *b = gen(ctx, WALLET_ALG_EDDSA);
    msgbuf m = good_message(ctx, a, 0);
    expect_verify_err(ctx, m.p, m.n, b, WALLET_ALGSET_ALL, NULL, 0, NULL, 0, WALLET_ERR_SIGNATURE);
    wallet_free(m.p);
    wallet_key_free(a);
    wallet_key_free(b);
    wallet_ctx_free(ctx);
}

static void test_sign1_alg_not_allowed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256K);
    msgbuf m = good_message(ctx, k, 0);
    expect_verify_err(ctx, m.p, m.n, k, WALLET_ALGSET_ALL & ~WALLET_ALGSET(WALLET_ALG_ES256K), NULL,
                      0, NULL, 0, WALLET_ERR_ALG_NOT_ALLOWED);
    expect_verify_err(ctx, m.p, m.n, k, 0, NULL, 0, NULL, 0, WALLET_ERR_INVALID_ARG);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_alg_not_fitting_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *ed = gen(ctx, WALLET_ALG_EDDSA);
    wallet_key *ec = gen(ctx, WALLET_ALG_ES256);
    msgbuf m = good_message(ctx, ed, 0);
    expect_verify_err(ctx, m.p, m.n, ec, WALLET_ALGSET_ALL, NULL, 0, NULL, 0,
                      WALLET_ERR_ALG_KEY_MISMATCH);
    wallet_free(m.p);
    wallet_key_free(ed);
    wallet_key_free(ec);
    wallet_ctx_free(ctx);
}

/* ---- negative: headers and signing ----------------------------------------------------------- */

static void test_headers_setting_alg(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    tu_assert_err(ctx,
                  wallet_cose_headers_set_int(ctx, h, WALLET_COSE_PROTECTED, WALLET_COSE_HDR_ALG, -7),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx,
                  wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_UNPROTECTED,
                                                WALLET_COSE_HDR_ALG, (const uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx,
                  wallet_cose_headers_set_text(ctx, h, WALLET_COSE_PROTECTED, WALLET_COSE_HDR_ALG,
                                               "ES256"),
                  WALLET_ERR_INVALID_ARG);
    wallet_cose_headers_free(h);
    wallet_ctx_free(ctx);
}

static void test_headers_setting_x5chain_directly(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    tu_assert_err(ctx,
                  wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_PROTECTED,
                                                WALLET_COSE_HDR_X5CHAIN, (const uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
    wallet_cose_headers_free(h);
    wallet_ctx_free(ctx);
}

static void test_headers_bad_bucket(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    tu_assert_err(ctx, wallet_cose_headers_set_int(ctx, h, 2, WALLET_COSE_HDR_CONTENT_TYPE, 60),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_cose_headers_add_x5chain(ctx, h, -1, (const uint8_t *)"x", 1),
                  WALLET_ERR_INVALID_ARG);
    wallet_cose_headers_free(h);
    wallet_ctx_free(ctx);
}

static void test_headers_x5chain_split_across_buckets(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    tu_assert_ok(ctx, wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_PROTECTED,
                                                      (const uint8_t *)"c1", 2));
    tu_assert_err(ctx,
                  wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_UNPROTECTED,
                                                  (const uint8_t *)"c2", 2),
                  WALLET_ERR_INVALID_ARG);
    wallet_cose_headers_free(h);
    wallet_ctx_free(ctx);
}

static void test_headers_text_not_utf8(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    tu_assert_err(ctx,
                  wallet_cose_headers_set_text(ctx, h, WALLET_COSE_PROTECTED, WALLET_COSE_HDR_TYP,
                                               "\xC3\x28"),
                  WALLET_ERR_INVALID_ARG);
    wallet_cose_headers_free(h);
    wallet_ctx_free(ctx);
}

static void test_sign1_sign_with_public_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    wallet_key *pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, k));
    uint8_t *out = (uint8_t *)(uintptr_t)1;
    size_t n = 99;
    tu_assert_err(ctx,
                  wallet_cose_sign1_sign(ctx, &out, &n, pub, WALLET_ALG_NONE, NULL, payload,
                                         PAYLOAD_LEN, NULL, 0, 0),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(out);
    assert_int_equal(n, 0);
    out = (uint8_t *)(uintptr_t)1;
    n = 99;
    tu_assert_err(ctx,
                  wallet_cose_sign1_sign(ctx, &out, &n, k, WALLET_ALG_NONE, NULL, payload,
                                         PAYLOAD_LEN, NULL, 0, 0x80u),
                  WALLET_ERR_INVALID_ARG);
    assert_null(out);
    assert_int_equal(n, 0);
    wallet_key_free(pub);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_sign1_sign_alg_not_fitting_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    uint8_t *out = (uint8_t *)(uintptr_t)1;
    size_t n = 99;
    tu_assert_err(ctx,
                  wallet_cose_sign1_sign(ctx, &out, &n, k, WALLET_ALG_EDDSA, NULL, payload,
                                         PAYLOAD_LEN, NULL, 0, 0),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    assert_null(out);
    assert_int_equal(n, 0);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

/* ---- negative: COSE_Sign ------------------------------------------------------------------------ */

static void expect_cose_sign_err(wallet_ctx *ctx, const uint8_t *p, size_t n,
                                 const wallet_key *key, const uint8_t *a, size_t a_len,
                                 wallet_err want)
{
    uint8_t *out = (uint8_t *)(uintptr_t)1;
    size_t out_len = 99, idx = 99;
    tu_assert_err(ctx,
                  wallet_cose_sign_verify(ctx, &out, &out_len, &idx, p, n, key, WALLET_ALGSET_ALL,
                                          a, a_len),
                  want);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(idx, 0);
}

static void test_cose_sign_wrong_tag(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    const wallet_key *keys[1] = {k};
    uint8_t *msg = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_cose_sign_sign(ctx, &msg, &n, keys, 1, payload, PAYLOAD_LEN, NULL, 0,
                                            WALLET_COSE_TAGGED));
    msg[1] = 97; /* COSE_Mac */
    expect_cose_sign_err(ctx, msg, n, k, NULL, 0, WALLET_ERR_COSE_FORMAT);
    wallet_free(msg);
    /* A COSE_Sign1 handed to the COSE_Sign verifier. */
    msgbuf m = good_message(ctx, k, 0);
    expect_cose_sign_err(ctx, m.p, m.n, k, NULL, 0, WALLET_ERR_COSE_FORMAT);
    wallet_free(m.p);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cose_sign_no_signatures(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    /* [h'', {}, h'00', []] */
    static const uint8_t msg[] = {0x84, 0x40, 0xA0, 0x41, 0x00, 0x80};
    expect_cose_sign_err(ctx, msg, sizeof(msg), k, NULL, 0, WALLET_ERR_COSE_FORMAT);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cose_sign_wrong_external_aad(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES384);
    const wallet_key *keys[1] = {k};
    uint8_t *msg = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_cose_sign_sign(ctx, &msg, &n, keys, 1, payload, PAYLOAD_LEN, aad,
                                            sizeof(aad), 0));
    expect_cose_sign_err(ctx, msg, n, k, NULL, 0, WALLET_ERR_SIGNATURE);
    wallet_free(msg);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

static void test_cose_sign_trailing_byte(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *k = gen(ctx, WALLET_ALG_ES256);
    const wallet_key *keys[1] = {k};
    uint8_t *msg = NULL;
    size_t n = 0;
    tu_assert_ok(ctx, wallet_cose_sign_sign(ctx, &msg, &n, keys, 1, payload, PAYLOAD_LEN, NULL, 0, 0));
    uint8_t *longer = malloc(n + 1);
    assert_non_null(longer);
    memcpy(longer, msg, n);
    longer[n] = 0xF6;
    expect_cose_sign_err(ctx, longer, n + 1, k, NULL, 0, WALLET_ERR_TRAILING_DATA);
    expect_cose_sign_err(ctx, msg, n - 3, k, NULL, 0, WALLET_ERR_CBOR);
    free(longer);
    wallet_free(msg);
    wallet_key_free(k);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* positive */
        cmocka_unit_test(test_sign1_every_alg_tagged_and_untagged),
        cmocka_unit_test(test_sign1_ecdsa_hash_not_bound_to_curve),
        cmocka_unit_test(test_sign1_detached_payload),
        cmocka_unit_test(test_sign1_external_aad),
        cmocka_unit_test(test_sign1_kid_in_either_bucket),
        cmocka_unit_test(test_sign1_headers_int_bytes_text),
        cmocka_unit_test(test_sign1_x5chain_single_and_multiple),
        cmocka_unit_test(test_sign1_crit_understood_label),
        cmocka_unit_test(test_sign1_hand_built_verifies),
        cmocka_unit_test(test_cose_sign_two_signers),
        /* negative */
        cmocka_unit_test(test_sign1_wrong_tag),
        cmocka_unit_test(test_sign1_tagged_as_cose_sign),
        cmocka_unit_test(test_sign1_array_of_three),
        cmocka_unit_test(test_sign1_array_of_five),
        cmocka_unit_test(test_sign1_not_an_array),
        cmocka_unit_test(test_sign1_alg_in_unprotected),
        cmocka_unit_test(test_sign1_label_in_both_buckets),
        cmocka_unit_test(test_sign1_crit_unknown_label),
        cmocka_unit_test(test_sign1_crit_text_label),
        cmocka_unit_test(test_sign1_crit_names_absent_label),
        cmocka_unit_test(test_sign1_crit_empty),
        cmocka_unit_test(test_sign1_crit_in_unprotected),
        cmocka_unit_test(test_sign1_protected_not_a_map),
        cmocka_unit_test(test_sign1_protected_not_a_bstr),
        cmocka_unit_test(test_sign1_unprotected_not_a_map),
        cmocka_unit_test(test_sign1_payload_text_string),
        cmocka_unit_test(test_sign1_signature_not_bstr),
        cmocka_unit_test(test_sign1_header_label_not_int_or_text),
        cmocka_unit_test(test_sign1_protected_duplicate_label),
        cmocka_unit_test(test_sign1_truncated),
        cmocka_unit_test(test_sign1_trailing_byte),
        cmocka_unit_test(test_sign1_input_over_limit),
        cmocka_unit_test(test_sign1_unsupported_alg_id),
        cmocka_unit_test(test_sign1_alg_not_an_integer),
        cmocka_unit_test(test_sign1_alg_missing),
        cmocka_unit_test(test_sign1_wrong_external_aad),
        cmocka_unit_test(test_sign1_detached_without_payload),
        cmocka_unit_test(test_sign1_detached_wrong_payload),
        cmocka_unit_test(test_sign1_detached_payload_for_attached_message),
        cmocka_unit_test(test_sign1_tampered_payload),
        cmocka_unit_test(test_sign1_tampered_signature),
        cmocka_unit_test(test_sign1_wrong_key),
        cmocka_unit_test(test_sign1_alg_not_allowed),
        cmocka_unit_test(test_sign1_alg_not_fitting_key),
        cmocka_unit_test(test_headers_setting_alg),
        cmocka_unit_test(test_headers_setting_x5chain_directly),
        cmocka_unit_test(test_headers_bad_bucket),
        cmocka_unit_test(test_headers_x5chain_split_across_buckets),
        cmocka_unit_test(test_headers_text_not_utf8),
        cmocka_unit_test(test_sign1_sign_with_public_key),
        cmocka_unit_test(test_sign1_sign_alg_not_fitting_key),
        cmocka_unit_test(test_cose_sign_wrong_tag),
        cmocka_unit_test(test_cose_sign_no_signatures),
        cmocka_unit_test(test_cose_sign_wrong_external_aad),
        cmocka_unit_test(test_cose_sign_trailing_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
