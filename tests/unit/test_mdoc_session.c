/*
 * mdoc proximity: device engagement and the "mdoc:" URI, the session
 * engine (both sides, counters, termination), DeviceRequest with
 * readerAuth, SessionTranscripts of every handover, and a whole
 * proximity presentation with DeviceMac.
 */
#include "mdoc_fixture.h"

static const uint8_t uuid_p[16] = {0x45, 0xef, 0xef, 0x74, 0x2b, 0x2c, 0x48, 0x37,
                                   0xa9, 0xa3, 0xb0, 0xe1, 0xd0, 0x5a, 0x69, 0x17};

/* A device with its engagement and an open pair of sessions. */
typedef struct pair {
    wallet_key *edev;
    wallet_mdoc_engagement *eng_dev, *eng_rd;
    wallet_mdoc_session *dev, *rd;
} pair;

static void pair_open(fx *f, pair *p, const uint8_t *req, size_t req_len)
{
    memset(p, 0, sizeof(*p));
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &p->edev, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_new(f->ctx, &p->eng_dev, p->edev));
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_add_ble(f->ctx, p->eng_dev, uuid_p, NULL));
    char *uri = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_uri(f->ctx, &uri, p->eng_dev));
    /* the reader scans the QR code */
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &p->eng_rd, (const uint8_t *)uri,
                                                      strlen(uri)));
    wallet_free(uri);
    tu_assert_ok(f->ctx, wallet_mdoc_session_reader_new(f->ctx, &p->rd, p->eng_rd, NULL, NULL, 0));
    tu_assert_ok(f->ctx, wallet_mdoc_session_device_new(f->ctx, &p->dev, p->eng_dev, p->edev, NULL, 0));
    uint8_t *se = NULL, *got = NULL;
    size_t se_len, got_len;
    tu_assert_ok(f->ctx, wallet_mdoc_session_establish(f->ctx, &se, &se_len, p->rd, req, req_len));
    tu_assert_ok(f->ctx, wallet_mdoc_session_accept(f->ctx, &got, &got_len, p->dev, se, se_len));
    assert_int_equal(got_len, req_len);
    assert_memory_equal(got, req, req_len);
    wallet_free(got);
    wallet_free(se);
}

static void pair_close(pair *p)
{
    wallet_mdoc_session_free(p->dev);
    wallet_mdoc_session_free(p->rd);
    wallet_mdoc_engagement_free(p->eng_dev);
    wallet_mdoc_engagement_free(p->eng_rd);
    wallet_key_free(p->edev);
}

/* ==== engagement ============================================================================ */

static void test_engagement_build_parse_uri(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_key *edev = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &edev, WALLET_ALG_ES384));
    wallet_mdoc_engagement *e = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_new(f->ctx, &e, edev));
    assert_null(wallet_mdoc_engagement_bytes(e, NULL));
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_add_ble(f->ctx, e, uuid_p, uuid_p));
    static const uint8_t nfc_opts[] = {0xA2, 0x00, 0x19, 0xFF, 0xFF, 0x01, 0x19, 0xFF, 0xFF};
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_add_method(f->ctx, e, WALLET_MDOC_RETRIEVAL_NFC, 1,
                                                           nfc_opts, sizeof(nfc_opts)));
    uint8_t *cbor = NULL;
    size_t len;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_encode(f->ctx, &cbor, &len, e));
    /* frozen once encoded: the bytes are what the transcript covers */
    tu_assert_err(f->ctx, wallet_mdoc_engagement_add_ble(f->ctx, e, uuid_p, NULL), WALLET_ERR_STATE);
    char *uri = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_uri(f->ctx, &uri, e));
    assert_memory_equal(uri, "mdoc:", 5);
    wallet_mdoc_engagement *p = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &p, (const uint8_t *)uri, strlen(uri)));
    size_t pl;
    const uint8_t *pb = wallet_mdoc_engagement_bytes(p, &pl);
    assert_int_equal(pl, len);
    assert_memory_equal(pb, cbor, len);
    assert_string_equal(wallet_mdoc_engagement_version(p), "1.0");
    assert_true(wallet_key_equal_public(wallet_mdoc_engagement_device_key(p), edev));
    assert_int_equal(wallet_mdoc_engagement_method_count(p), 2);
    uint64_t type, ver;
    const uint8_t *opt;
    size_t opt_len;
    assert_true(wallet_mdoc_engagement_method(p, 1, &type, &ver, &opt, &opt_len));
    assert_int_equal(type, WALLET_MDOC_RETRIEVAL_NFC);
    assert_int_equal(opt_len, sizeof(nfc_opts));
    assert_memory_equal(opt, nfc_opts, sizeof(nfc_opts));
    assert_false(wallet_mdoc_engagement_method(p, 2, &type, &ver, &opt, &opt_len));
    /* a trailing newline from a scanner is tolerated */
    size_t ul = strlen(uri);
    char *nl = malloc(ul + 2);
    memcpy(nl, uri, ul);
    memcpy(nl + ul, "\n", 2);
    wallet_mdoc_engagement *q = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &q, (const uint8_t *)nl, ul + 1));
    wallet_mdoc_engagement_free(q);
    free(nl);
    wallet_mdoc_engagement_free(p);
    wallet_free(uri);
    wallet_free(cbor);
    wallet_mdoc_engagement_free(e);
    wallet_key_free(edev);
    fx_free(f);
}

static void test_reject_engagement_malformed(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_engagement *e = NULL;
    /* {0: "1.0"}: no Security */
    static const uint8_t no_sec[] = {0xA1, 0x00, 0x63, '1', '.', '0'};
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, no_sec, sizeof(no_sec)),
                  WALLET_ERR_MDOC_ENGAGEMENT);
    assert_null(e);
    /* cipher suite 2 */
    static const uint8_t suite2[] = {0xA2, 0x00, 0x63, '1', '.', '0', 0x01, 0x82, 0x02, 0xD8, 0x18, 0x41, 0xA0};
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, suite2, sizeof(suite2)),
                  WALLET_ERR_UNSUPPORTED);
    /* EDeviceKeyBytes not tag 24 */
    static const uint8_t notag[] = {0xA2, 0x00, 0x63, '1', '.', '0', 0x01, 0x82, 0x01, 0x41, 0xA0};
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, notag, sizeof(notag)),
                  WALLET_ERR_MDOC_ENGAGEMENT);
    /* an empty COSE_Key */
    static const uint8_t nokey[] = {0xA2, 0x00, 0x63, '1', '.', '0', 0x01, 0x82, 0x01, 0xD8, 0x18, 0x41, 0xA0};
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, nokey, sizeof(nokey)),
                  WALLET_ERR_COSE_KEY);
    /* version 2.0 */
    static const uint8_t v2[] = {0xA2, 0x00, 0x63, '2', '.', '0', 0x01, 0x82, 0x01, 0xD8, 0x18, 0x41, 0xA0};
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, v2, sizeof(v2)),
                  WALLET_ERR_MDOC_VERSION);
    /* "mdoc:" with bad base64url, and not CBOR at all */
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, (const uint8_t *)"mdoc:a+b/", 9),
                  WALLET_ERR_BASE64);
    tu_assert_err(f->ctx, wallet_mdoc_engagement_parse(f->ctx, &e, (const uint8_t *)"hello", 5),
                  WALLET_ERR_CBOR);
    /* an Ed25519 or secp256k1 EDeviceKey: not cipher suite 1 */
    wallet_key *ed = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &ed, WALLET_ALG_EDDSA));
    tu_assert_err(f->ctx, wallet_mdoc_engagement_new(f->ctx, &e, ed), WALLET_ERR_UNSUPPORTED);
    wallet_key_free(ed);
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &ed, WALLET_ALG_ES256K));
    tu_assert_err(f->ctx, wallet_mdoc_engagement_new(f->ctx, &e, ed), WALLET_ERR_UNSUPPORTED);
    wallet_key_free(ed);
    fx_free(f);
}

/* ==== sessions ================================================================================ */

static void test_session_round_trip_and_termination(void **state)
{
    (void)state;
    fx *f = fx_new();
    pair p;
    static const uint8_t req[] = "device request bytes";
    pair_open(f, &p, req, sizeof(req));
    size_t tl_d, tl_r;
    const uint8_t *td = wallet_mdoc_session_transcript(p.dev, &tl_d);
    const uint8_t *tr = wallet_mdoc_session_transcript(p.rd, &tl_r);
    assert_int_equal(tl_d, tl_r);
    assert_memory_equal(td, tr, tl_d);
    assert_true(wallet_key_equal_public(wallet_mdoc_session_reader_key(p.dev),
                                        wallet_mdoc_session_reader_key(p.rd)));
    /* several messages each way */
    for (int i = 0; i < 5; i++) {
        uint8_t msg[32], *ct = NULL, *pt = NULL;
        size_t ct_len, pt_len;
        int64_t status;
        memset(msg, 'a' + i, sizeof(msg));
        wallet_mdoc_session *from = i % 2 ? p.rd : p.dev, *to = i % 2 ? p.dev : p.rd;
        tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &ct, &ct_len, from, msg, sizeof(msg), 0));
        tu_assert_ok(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pt_len, &status, to, ct, ct_len));
        assert_int_equal(status, -1);
        assert_int_equal(pt_len, sizeof(msg));
        assert_memory_equal(pt, msg, sizeof(msg));
        wallet_free(pt);
        wallet_free(ct);
    }
    /* the device's last message carries data and status 20 */
    uint8_t *ct = NULL, *pt = NULL;
    size_t ct_len, pt_len;
    int64_t status;
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &ct, &ct_len, p.dev, (const uint8_t *)"bye", 3,
                                                     WALLET_MDOC_SESSION_END));
    assert_false(wallet_mdoc_session_open(p.dev));
    tu_assert_ok(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pt_len, &status, p.rd, ct, ct_len));
    assert_int_equal(status, 20);
    assert_int_equal(pt_len, 3);
    assert_false(wallet_mdoc_session_open(p.rd));
    /* nothing more either way */
    wallet_free(pt);
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pt_len, &status, p.rd, ct, ct_len),
                  WALLET_ERR_STATE);
    wallet_free(ct);
    tu_assert_err(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &ct, &ct_len, p.dev, (const uint8_t *)"x", 1, 0),
                  WALLET_ERR_STATE);
    assert_null(ct);
    pair_close(&p);
    fx_free(f);
}

static void test_reject_session_replayed_counter(void **state)
{
    (void)state;
    fx *f = fx_new();
    pair p;
    pair_open(f, &p, (const uint8_t *)"req", 3);
    uint8_t *m1 = NULL, *m2 = NULL, *pt = NULL;
    size_t l1, l2, pl;
    int64_t status;
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &m1, &l1, p.dev, (const uint8_t *)"one", 3, 0));
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &m2, &l2, p.dev, (const uint8_t *)"two", 3, 0));
    tu_assert_ok(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, m1, l1));
    wallet_free(pt);
    /* m1 again: its counter is behind */
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, m1, l1),
                  WALLET_ERR_REPLAY);
    assert_null(pt);
    /* the session is over: even the genuine next message is refused */
    assert_false(wallet_mdoc_session_open(p.rd));
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, m2, l2),
                  WALLET_ERR_STATE);
    wallet_free(m1);
    wallet_free(m2);
    pair_close(&p);
    fx_free(f);
}

static void test_reject_session_reordered_counter(void **state)
{
    (void)state;
    fx *f = fx_new();
    pair p;
    pair_open(f, &p, (const uint8_t *)"req", 3);
    uint8_t *m1 = NULL, *m2 = NULL, *pt = NULL;
    size_t l1, l2, pl;
    int64_t status;
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &m1, &l1, p.dev, (const uint8_t *)"one", 3, 0));
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &m2, &l2, p.dev, (const uint8_t *)"two", 3, 0));
    /* m2 before m1 */
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, m2, l2),
                  WALLET_ERR_MDOC_SESSION_ORDER);
    assert_null(pt);
    wallet_free(m1);
    wallet_free(m2);
    pair_close(&p);
    fx_free(f);
}

static void test_reject_session_tampered_or_reflected(void **state)
{
    (void)state;
    fx *f = fx_new();
    pair p;
    pair_open(f, &p, (const uint8_t *)"req", 3);
    uint8_t *m = NULL, *pt = NULL;
    size_t l, pl;
    int64_t status;
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &m, &l, p.dev, (const uint8_t *)"data", 4, 0));
    m[l - 1] ^= 0x01; /* the GCM tag */
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, m, l),
                  WALLET_ERR_DECRYPT);
    wallet_free(m);
    pair_close(&p);
    /* a message reflected back to its sender does not decrypt: the two
     * directions have different keys and IV identifiers */
    pair_open(f, &p, (const uint8_t *)"req", 3);
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &m, &l, p.dev, (const uint8_t *)"data", 4, 0));
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.dev, m, l),
                  WALLET_ERR_DECRYPT);
    wallet_free(m);
    pair_close(&p);
    fx_free(f);
}

static void test_reject_session_messages_malformed(void **state)
{
    (void)state;
    fx *f = fx_new();
    pair p;
    pair_open(f, &p, (const uint8_t *)"req", 3);
    uint8_t *pt = NULL;
    size_t pl;
    int64_t status;
    /* {} : neither data nor status */
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd,
                                                      (const uint8_t *)"\xa0", 1),
                  WALLET_ERR_MDOC_SESSION_MESSAGE);
    pair_close(&p);
    pair_open(f, &p, (const uint8_t *)"req", 3);
    /* {"data": h'00'}: shorter than a GCM tag */
    static const uint8_t short_data[] = {0xA1, 0x64, 'd', 'a', 't', 'a', 0x41, 0x00};
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, short_data,
                                                      sizeof(short_data)),
                  WALLET_ERR_MDOC_SESSION_MESSAGE);
    pair_close(&p);
    pair_open(f, &p, (const uint8_t *)"req", 3);
    /* {"status": 10}: the peer reports a decryption error and ends it */
    static const uint8_t st10[] = {0xA1, 0x66, 's', 't', 'a', 't', 'u', 's', 0x0A};
    tu_assert_err(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, st10, sizeof(st10)),
                  WALLET_ERR_MDOC_SESSION_MESSAGE);
    assert_int_equal(status, 10);
    assert_false(wallet_mdoc_session_open(p.rd));
    /* a status-only message from the other side */
    uint8_t *out = NULL;
    size_t ol;
    tu_assert_ok(f->ctx, wallet_mdoc_session_status(f->ctx, &out, &ol, p.dev, 11));
    assert_int_equal(ol, sizeof(st10));
    assert_int_equal(out[ol - 1], 11);
    wallet_free(out);
    tu_assert_err(f->ctx, wallet_mdoc_session_status(f->ctx, &out, &ol, p.dev, 5), WALLET_ERR_INVALID_ARG);
    pair_close(&p);
    fx_free(f);
}

static void test_reject_session_establishment_malformed(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_key *edev = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &edev, WALLET_ALG_ES256));
    wallet_mdoc_engagement *e = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_new(f->ctx, &e, edev));
    uint8_t *cbor = NULL;
    size_t len;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_encode(f->ctx, &cbor, &len, e));
    wallet_mdoc_session *dev = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_session_device_new(f->ctx, &dev, e, edev, NULL, 0));
    uint8_t *req = NULL;
    size_t rl;
    /* {"data": h''}: no eReaderKey */
    static const uint8_t no_key[] = {0xA1, 0x64, 'd', 'a', 't', 'a', 0x40};
    tu_assert_err(f->ctx, wallet_mdoc_session_accept(f->ctx, &req, &rl, dev, no_key, sizeof(no_key)),
                  WALLET_ERR_MDOC_SESSION_MESSAGE);
    wallet_mdoc_session_free(dev);
    /* a reader key on another curve */
    tu_assert_ok(f->ctx, wallet_mdoc_session_device_new(f->ctx, &dev, e, edev, NULL, 0));
    wallet_key *p384 = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &p384, WALLET_ALG_ES384));
    wl_buf b, ck;
    wl_buf_init(&b, 0);
    wl_buf_init(&ck, 0);
    tu_assert_ok(f->ctx, wl_cose_key_append(f->ctx, &ck, p384, 0));
    wl_cbor_put_map(&b, 2);
    wl_cbor_put_cstr(&b, "eReaderKey");
    wl_mdoc_put_tag24(&b, ck.data, ck.len);
    wl_cbor_put_cstr(&b, "data");
    wl_cbor_put_bytes(&b, (const uint8_t *)"0123456789abcdef0", 17);
    tu_assert_err(f->ctx, wallet_mdoc_session_accept(f->ctx, &req, &rl, dev, b.data, b.len),
                  WALLET_ERR_ALG_KEY_MISMATCH);
    /* and accept() only once */
    tu_assert_err(f->ctx, wallet_mdoc_session_accept(f->ctx, &req, &rl, dev, b.data, b.len),
                  WALLET_ERR_STATE);
    wl_buf_free(&b);
    wl_buf_free(&ck);
    wallet_key_free(p384);
    wallet_mdoc_session_free(dev);
    /* the device key must be the engagement's */
    wallet_key *other = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &other, WALLET_ALG_ES256));
    tu_assert_err(f->ctx, wallet_mdoc_session_device_new(f->ctx, &dev, e, other, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(dev);
    wallet_key_free(other);
    /* a reader cannot start from an engagement that was never encoded */
    wallet_mdoc_engagement *fresh = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_engagement_new(f->ctx, &fresh, edev));
    wallet_mdoc_session *rd = NULL;
    tu_assert_err(f->ctx, wallet_mdoc_session_reader_new(f->ctx, &rd, fresh, NULL, NULL, 0),
                  WALLET_ERR_STATE);
    wallet_mdoc_engagement_free(fresh);
    /* the reader's first message only once, and nothing before it */
    tu_assert_ok(f->ctx, wallet_mdoc_session_reader_new(f->ctx, &rd, e, NULL, NULL, 0));
    uint8_t *msg = NULL;
    size_t ml;
    tu_assert_err(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &msg, &ml, rd, (const uint8_t *)"x", 1, 0),
                  WALLET_ERR_STATE);
    tu_assert_ok(f->ctx, wallet_mdoc_session_establish(f->ctx, &msg, &ml, rd, (const uint8_t *)"x", 1));
    wallet_free(msg);
    tu_assert_err(f->ctx, wallet_mdoc_session_establish(f->ctx, &msg, &ml, rd, (const uint8_t *)"x", 1),
                  WALLET_ERR_STATE);
    wallet_mdoc_session_free(rd);
    wallet_free(cbor);
    wallet_mdoc_engagement_free(e);
    wallet_key_free(edev);
    fx_free(f);
}

/* ==== requests and reader authentication ==================================================== */

static wallet_cert *reader_cert(fx *f, const wallet_key *k, const char *eku)
{
    wallet_cert_builder *b = NULL;
    wallet_cert *c = NULL;
    tu_assert_ok(f->ctx, wallet_cert_builder_new(f->ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_subject(f->ctx, b, "CN=Counter 7,O=City,C=VN"));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_validity(f->ctx, b, T0, T0 + 90 * DAY));
    tu_assert_ok(f->ctx, wallet_cert_builder_add_eku(f->ctx, b, eku));
    tu_assert_ok(f->ctx, wallet_cert_builder_sign(f->ctx, &c, b, k, f->iaca_key, f->iaca));
    wallet_cert_builder_free(b);
    return c;
}

static void test_request_with_reader_auth(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_key *rk = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &rk, WALLET_ALG_ES256));
    wallet_cert *rc = reader_cert(f, rk, WL_MDOC_EKU_READER);
    const wallet_mdoc_item items[] = {
        {NS, "family_name", 1}, {NS, "portrait", 0}, {"org.iso.18013.5.1.VN", "residence_city", 0},
        {NS, "age_over_18", 0}};
    wallet_mdoc_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_request_new(f->ctx, &req));
    tu_assert_ok(f->ctx, wallet_mdoc_request_add(f->ctx, req, DT, items, 4, rk,
                                                 (const wallet_cert *const *)&rc, 1, f->st, f->st_len));
    tu_assert_ok(f->ctx, wallet_mdoc_request_add(f->ctx, req, "org.example.health.1", items, 1, NULL,
                                                 NULL, 0, NULL, 0));
    uint8_t *enc = NULL;
    size_t el;
    tu_assert_ok(f->ctx, wallet_mdoc_request_encode(f->ctx, &enc, &el, req));
    wallet_mdoc_request *parsed = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_request_parse(f->ctx, &parsed, enc, el));
    assert_int_equal(wallet_mdoc_request_count(parsed), 2);
    assert_string_equal(wallet_mdoc_request_doctype(parsed, 1), "org.example.health.1");
    assert_true(wallet_mdoc_request_has_reader_auth(parsed, 0));
    assert_false(wallet_mdoc_request_has_reader_auth(parsed, 1));
    assert_int_equal(wallet_mdoc_request_item_count(parsed, 0), 4);
    wallet_mdoc_item it;
    /* grouped by namespace, in first-appearance order */
    assert_true(wallet_mdoc_request_item(parsed, 0, 2, &it));
    assert_string_equal(it.element, "age_over_18");
    assert_true(wallet_mdoc_request_item(parsed, 0, 0, &it));
    assert_true(it.intent_to_retain);
    char *subject = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_request_verify_reader_auth(f->ctx, &subject, parsed, 0, f->trust,
                                                                0, f->st, f->st_len));
    assert_string_equal(subject, "CN=Counter 7,O=City,C=VN");
    wallet_free(subject);
    tu_assert_err(f->ctx, wallet_mdoc_request_verify_reader_auth(f->ctx, &subject, parsed, 1, f->trust,
                                                                 0, f->st, f->st_len),
                  WALLET_ERR_NOT_FOUND);
    /* another exchange's transcript */
    uint8_t *st2 = NULL;
    size_t st2_len;
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp_dc_api(f->ctx, &st2, &st2_len,
                                                              "https://rp.example", "n", NULL));
    tu_assert_err(f->ctx, wallet_mdoc_request_verify_reader_auth(f->ctx, &subject, parsed, 0, f->trust,
                                                                 0, st2, st2_len),
                  WALLET_ERR_MDOC_READER_AUTH);
    wallet_free(st2);
    /* an untrusted reader */
    wallet_trust *none = NULL;
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &none));
    tu_assert_err(f->ctx, wallet_mdoc_request_verify_reader_auth(f->ctx, &subject, parsed, 0, none, 0,
                                                                 f->st, f->st_len),
                  WALLET_ERR_CERT_CHAIN);
    wallet_trust_free(none);
    /* the holder answers DocRequest 0 from its credential */
    size_t n, dn;
    uint8_t *is = fx_issue(f, &n), *dr = NULL;
    wallet_mdoc_response *r = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add_for_request(f->ctx, r, parsed, 0, is, n, f->holder,
                                                              WALLET_ALG_NONE, NULL));
    tu_assert_err(f->ctx, wallet_mdoc_response_add_for_request(f->ctx, r, parsed, 1, is, n, f->holder,
                                                               WALLET_ALG_NONE, NULL),
                  WALLET_ERR_TYPE);
    tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &dr, &dn, r));
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, fx_verify(f, dr, dn, &v));
    assert_string_equal(wallet_mdoc_verified_claims(v, 0),
                        "{\"org.iso.18013.5.1\":{\"family_name\":\"Nguyen\",\"portrait\":\"_9j_4AAQ\","
                        "\"age_over_18\":true},\"org.iso.18013.5.1.VN\":{\"residence_city\":\"Ha Noi\"}}");
    wallet_mdoc_verified_free(v);
    wallet_free(dr);
    wallet_mdoc_response_free(r);
    wallet_free(is);
    wallet_free(enc);
    wallet_mdoc_request_free(parsed);
    wallet_mdoc_request_free(req);
    wallet_cert_free(rc);
    wallet_key_free(rk);
    fx_free(f);
}

static void test_reject_reader_certificate_with_ds_eku(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_key *rk = NULL;
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &rk, WALLET_ALG_ES256));
    wallet_cert *rc = reader_cert(f, rk, WL_MDOC_EKU_DS);
    const wallet_mdoc_item items[] = {{NS, "family_name", 0}};
    wallet_mdoc_request *req = NULL, *parsed = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_request_new(f->ctx, &req));
    tu_assert_ok(f->ctx, wallet_mdoc_request_add(f->ctx, req, DT, items, 1, rk,
                                                 (const wallet_cert *const *)&rc, 1, f->st, f->st_len));
    uint8_t *enc = NULL;
    size_t el;
    tu_assert_ok(f->ctx, wallet_mdoc_request_encode(f->ctx, &enc, &el, req));
    tu_assert_ok(f->ctx, wallet_mdoc_request_parse(f->ctx, &parsed, enc, el));
    tu_assert_err(f->ctx, wallet_mdoc_request_verify_reader_auth(f->ctx, NULL, parsed, 0, f->trust, 0,
                                                                 f->st, f->st_len),
                  WALLET_ERR_KEY_USAGE);
    wallet_free(enc);
    wallet_mdoc_request_free(parsed);
    wallet_mdoc_request_free(req);
    wallet_cert_free(rc);
    wallet_key_free(rk);
    fx_free(f);
}

static void test_reject_request_malformed(void **state)
{
    (void)state;
    fx *f = fx_new();
    wallet_mdoc_request *req = NULL;
    /* {"version": "1.0", "docRequests": []} */
    static const uint8_t empty[] = {0xA2, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x63, '1', '.', '0',
                                    0x6B, 'd', 'o', 'c', 'R', 'e', 'q', 'u', 'e', 's', 't', 's', 0x80};
    tu_assert_err(f->ctx, wallet_mdoc_request_parse(f->ctx, &req, empty, sizeof(empty)),
                  WALLET_ERR_MDOC_FORMAT);
    assert_null(req);
    /* an itemsRequest that is not tag-24 */
    static const uint8_t notag[] = {0xA2, 0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x63, '1', '.', '0',
                                    0x6B, 'd', 'o', 'c', 'R', 'e', 'q', 'u', 'e', 's', 't', 's', 0x81,
                                    0xA1, 0x6C, 'i', 't', 'e', 'm', 's', 'R', 'e', 'q', 'u', 'e', 's',
                                    't', 0xA0};
    tu_assert_err(f->ctx, wallet_mdoc_request_parse(f->ctx, &req, notag, sizeof(notag)),
                  WALLET_ERR_MDOC_FORMAT);
    tu_assert_err(f->ctx, wallet_mdoc_request_parse(f->ctx, &req, empty, sizeof(empty) - 1),
                  WALLET_ERR_CBOR);
    /* building: an item asked twice, readerAuth without a chain */
    tu_assert_ok(f->ctx, wallet_mdoc_request_new(f->ctx, &req));
    const wallet_mdoc_item twice[] = {{NS, "a", 0}, {NS, "a", 1}};
    tu_assert_err(f->ctx, wallet_mdoc_request_add(f->ctx, req, DT, twice, 2, NULL, NULL, 0, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_request_add(f->ctx, req, DT, twice, 1, f->reader, NULL, 0,
                                                  f->st, f->st_len),
                  WALLET_ERR_INVALID_ARG);
    uint8_t *enc = NULL;
    size_t el;
    tu_assert_err(f->ctx, wallet_mdoc_request_encode(f->ctx, &enc, &el, req), WALLET_ERR_STATE);
    wallet_mdoc_request_free(req);
    fx_free(f);
}

/* ==== transcripts ============================================================================== */

static void test_transcripts_every_handover(void **state)
{
    (void)state;
    fx *f = fx_new();
    uint8_t *st = NULL;
    size_t n;
    uint8_t jkt[32];
    memset(jkt, 0x42, sizeof(jkt));
    /* each is a 3-array [null, null, handover] with its own structure */
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &st, &n, "c", "n", jkt, "r"));
    assert_memory_equal(st, "\x83\xf6\xf6\x82\x71OpenID4VPHandover\x58\x20", 24);
    assert_int_equal(n, 24 + 32);
    uint8_t *st2 = NULL;
    size_t n2;
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &st2, &n2, "c", "n", NULL, "r"));
    assert_true(n2 == n && memcmp(st, st2, n)); /* the thumbprint is bound */
    wallet_free(st);
    wallet_free(st2);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp_dc_api(f->ctx, &st, &n, "https://o", "n", NULL));
    assert_memory_equal(st, "\x83\xf6\xf6\x82\x76OpenID4VPDCAPIHandover\x58\x20", 29);
    wallet_free(st);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp_dc_api_draft24(f->ctx, &st, &n, "https://o",
                                                                     "web-origin:https://o", "n"));
    assert_memory_equal(st, "\x83\xf6\xf6\x82\x76OpenID4VPDCAPIHandover\x58\x20", 29);
    wallet_free(st);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_annex_c(f->ctx, &st, &n, "gmVkY2Fwaa", "https://o"));
    assert_memory_equal(st, "\x83\xf6\xf6\x82\x65" "dcapi\x58\x20", 12);
    wallet_free(st);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp_draft18(f->ctx, &st, &n, "c", "r", "m", "nonce"));
    assert_memory_equal(st, "\x83\xf6\xf6\x83\x58\x20", 6);
    assert_memory_equal(st + n - 6, "\x65nonce", 6);
    wallet_free(st);
    /* proximity: QR (null handover) and NFC */
    static const uint8_t de[] = {0xA1, 0x00, 0x63, '1', '.', '0'};
    static const uint8_t erk[] = {0xA1, 0x01, 0x02};
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_proximity(f->ctx, &st, &n, de, sizeof(de), erk,
                                                          sizeof(erk), NULL, 0));
    static const uint8_t qr[] = {0x83, 0xD8, 0x18, 0x46, 0xA1, 0x00, 0x63, '1', '.', '0',
                                 0xD8, 0x18, 0x43, 0xA1, 0x01, 0x02, 0xF6};
    assert_int_equal(n, sizeof(qr));
    assert_memory_equal(st, qr, sizeof(qr));
    wallet_free(st);
    uint8_t *ho = NULL;
    size_t hl;
    tu_assert_ok(f->ctx, wallet_mdoc_handover_nfc(f->ctx, &ho, &hl, (const uint8_t *)"\x91\x02", 2, NULL, 0));
    static const uint8_t nfc_static[] = {0x82, 0x42, 0x91, 0x02, 0xF6};
    assert_int_equal(hl, sizeof(nfc_static));
    assert_memory_equal(ho, nfc_static, hl);
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_proximity(f->ctx, &st, &n, de, sizeof(de), erk,
                                                          sizeof(erk), ho, hl));
    assert_memory_equal(st + n - hl, ho, hl);
    wallet_free(st);
    wallet_free(ho);
    fx_free(f);
}

static void test_reject_transcript_bad_inputs(void **state)
{
    (void)state;
    fx *f = fx_new();
    uint8_t *st = NULL;
    size_t n;
    tu_assert_err(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &st, &n, NULL, "n", NULL, "r"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &st, &n, "c\xff", "n", NULL, "r"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_transcript_annex_c(f->ctx, &st, &n, "", "https://o"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(f->ctx, wallet_mdoc_transcript_oid4vp_draft18(f->ctx, &st, &n, "c", "r", NULL, "n"),
                  WALLET_ERR_INVALID_ARG);
    /* proximity parts must be CBOR maps */
    static const uint8_t arr[] = {0x80};
    static const uint8_t map[] = {0xA0};
    tu_assert_err(f->ctx, wallet_mdoc_transcript_proximity(f->ctx, &st, &n, arr, 1, map, 1, NULL, 0),
                  WALLET_ERR_MDOC_TRANSCRIPT);
    tu_assert_err(f->ctx, wallet_mdoc_transcript_proximity(f->ctx, &st, &n, map, 1, map, 1,
                                                           (const uint8_t *)"\xff", 1),
                  WALLET_ERR_CBOR);
    tu_assert_err(f->ctx, wallet_mdoc_handover_nfc(f->ctx, &st, &n, NULL, 0, NULL, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(st);
    fx_free(f);
}

/* ==== a whole proximity presentation ============================================================ */

static void test_proximity_presentation_with_device_mac(void **state)
{
    (void)state;
    fx *f = fx_new();
    size_t n;
    uint8_t *is = fx_issue(f, &n);
    /* reader: DeviceRequest for two elements */
    const wallet_mdoc_item items[] = {{NS, "family_name", 0}, {NS, "age_over_18", 0}};
    wallet_mdoc_request *req = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_request_new(f->ctx, &req));
    tu_assert_ok(f->ctx, wallet_mdoc_request_add(f->ctx, req, DT, items, 2, NULL, NULL, 0, NULL, 0));
    uint8_t *req_bytes = NULL;
    size_t rl;
    tu_assert_ok(f->ctx, wallet_mdoc_request_encode(f->ctx, &req_bytes, &rl, req));
    pair p;
    pair_open(f, &p, req_bytes, rl);
    /* device: answer inside the session, DeviceMac keyed with the reader's
     * ephemeral key, over the session's transcript */
    wallet_mdoc_request *got = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_request_parse(f->ctx, &got, req_bytes, rl));
    size_t tl;
    const uint8_t *t = wallet_mdoc_session_transcript(p.dev, &tl);
    wallet_mdoc_response *r = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, t, tl));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add_for_request(f->ctx, r, got, 0, is, n, f->holder,
                                                              WALLET_ALG_NONE,
                                                              wallet_mdoc_session_reader_key(p.dev)));
    uint8_t *dr = NULL, *sd = NULL, *pt = NULL;
    size_t dn, sl, pl;
    tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &dr, &dn, r));
    tu_assert_ok(f->ctx, wallet_mdoc_session_encrypt(f->ctx, &sd, &sl, p.dev, dr, dn, WALLET_MDOC_SESSION_END));
    int64_t status;
    tu_assert_ok(f->ctx, wallet_mdoc_session_decrypt(f->ctx, &pt, &pl, &status, p.rd, sd, sl));
    assert_int_equal(status, 20);
    /* reader: verify with its session's transcript and ephemeral key */
    wallet_policy *pol = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &pol));
    t = wallet_mdoc_session_transcript(p.rd, &tl);
    tu_assert_ok(f->ctx, wallet_policy_set_session_transcript(f->ctx, pol, t, tl));
    tu_assert_ok(f->ctx, wallet_policy_set_reader_key(f->ctx, pol, wallet_mdoc_session_reader_key(p.rd)));
    wallet_mdoc_verified *v = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_verify(f->ctx, &v, f->trust, pol, pt, pl));
    assert_int_equal(wallet_mdoc_verified_device_auth(v, 0), WALLET_MDOC_DEVICE_AUTH_MAC);
    assert_string_equal(wallet_mdoc_verified_claims(v, 0),
                        "{\"org.iso.18013.5.1\":{\"family_name\":\"Nguyen\",\"age_over_18\":true}}");
    wallet_mdoc_verified_free(v);
    wallet_policy_free(pol);
    wallet_free(pt);
    wallet_free(sd);
    wallet_free(dr);
    wallet_mdoc_response_free(r);
    wallet_mdoc_request_free(got);
    pair_close(&p);
    wallet_free(req_bytes);
    wallet_mdoc_request_free(req);
    wallet_free(is);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engagement_build_parse_uri),
        cmocka_unit_test(test_reject_engagement_malformed),
        cmocka_unit_test(test_session_round_trip_and_termination),
        cmocka_unit_test(test_reject_session_replayed_counter),
        cmocka_unit_test(test_reject_session_reordered_counter),
        cmocka_unit_test(test_reject_session_tampered_or_reflected),
        cmocka_unit_test(test_reject_session_messages_malformed),
        cmocka_unit_test(test_reject_session_establishment_malformed),
        cmocka_unit_test(test_request_with_reader_auth),
        cmocka_unit_test(test_reject_reader_certificate_with_ds_eku),
        cmocka_unit_test(test_reject_request_malformed),
        cmocka_unit_test(test_transcripts_every_handover),
        cmocka_unit_test(test_reject_transcript_bad_inputs),
        cmocka_unit_test(test_proximity_presentation_with_device_mac),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
