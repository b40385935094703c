/*
 * Offline status snapshots: save while online, load with no network and
 * without the original trust set, check under a maximum age. Every way a
 * bundle can be wrong — another verifier key, a changed byte, a token
 * changed and re-signed, a missing key, stale or expired data — has its
 * own error.
 */
#include "test_status_common.h"

typedef struct fixture {
    wallet_ctx *ctx;
    wallet_key *issuer, *verifier;
    wallet_trust *trust;
    wallet_status_list *list; /* 8 one-bit entries, index 1 revoked */
    uint8_t *jwt, *cwt;
    size_t jwt_len, cwt_len;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(TS_NOW);
    f->issuer = ts_key(f->ctx, "health-1");
    f->verifier = ts_key(f->ctx, "counter-7");
    f->trust = ts_trust(f->ctx, f->issuer);
    static const unsigned st[] = {0, 1};
    f->list = ts_list(f->ctx, TS_URI, 1, 8, 2, st, 2);
    f->jwt = ts_token(f->ctx, f->list, f->issuer, WALLET_STATUS_JWT, &f->jwt_len);
    wallet_status_list *l2 = ts_list(f->ctx, TS_URI2, 2, 8, 3, (const unsigned[]){2, 0, 1}, 3);
    f->cwt = ts_token(f->ctx, l2, f->issuer, WALLET_STATUS_CWT, &f->cwt_len);
    wallet_status_list_free(l2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wallet_free(f->jwt);
    wallet_free(f->cwt);
    wallet_status_list_free(f->list);
    wallet_trust_free(f->trust);
    wallet_key_free(f->issuer);
    wallet_key_free(f->verifier);
    wallet_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* A saved bundle of both lists, retrieved at TS_NOW. */
static uint8_t *bundle(fixture *f, size_t *len)
{
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_new(f->ctx, &s));
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, f->trust, 0, f->jwt, f->jwt_len));
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, f->trust, 0, f->cwt, f->cwt_len));
    uint8_t *out = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_save(f->ctx, &out, len, s, f->verifier));
    wallet_status_snapshot_free(s);
    return out;
}

static void save_and_load_offline(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    /* Later, offline, with a fresh context and no trust set at all. */
    wallet_ctx *later = tu_ctx_at(TS_NOW + 1800);
    wallet_ctx_set_offline(later, 1);
    wallet_key *vpub = NULL;
    tu_assert_ok(later, wallet_key_public(later, &vpub, f->verifier));
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(later, wallet_status_snapshot_load(later, &s, b, len, vpub));
    assert_int_equal(wallet_status_snapshot_captured_at(s), TS_NOW);
    assert_int_equal(wallet_status_snapshot_count(s), 2);
    assert_string_equal(wallet_status_snapshot_uri(s, 0), TS_URI);
    assert_string_equal(wallet_status_snapshot_uri(s, 1), TS_URI2);
    assert_int_equal(wallet_status_snapshot_retrieved_at(s, 0), TS_NOW);
    assert_null(wallet_status_snapshot_uri(s, 2));
    unsigned v;
    tu_assert_ok(later, wallet_status_snapshot_check(later, &v, s, TS_URI, 1, 3600));
    assert_int_equal(v, WALLET_STATUS_INVALID);
    tu_assert_ok(later, wallet_status_snapshot_check(later, &v, s, TS_URI, 0, 3600));
    assert_int_equal(v, WALLET_STATUS_VALID);
    tu_assert_ok(later, wallet_status_snapshot_check(later, &v, s, TS_URI2, 0, 3600));
    assert_int_equal(v, WALLET_STATUS_SUSPENDED);
    wallet_status_snapshot_free(s);
    wallet_key_free(vpub);
    wallet_ctx_free(later);
    wallet_free(b);
}

static void snapshot_drives_wallet_verify(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier));
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_status_snapshot(f->ctx, p, s, 3600));
    wallet_ctx_set_offline(f->ctx, 1);
    char *ok = ts_credential_jwt(f->ctx, f->issuer, TS_URI, 0, 0);
    char *revoked = ts_credential_jwt(f->ctx, f->issuer, TS_URI, 1, 0);
    wallet_result *r = NULL;
    tu_assert_ok(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)ok, strlen(ok)));
    assert_int_equal(wallet_result_status(r), 0);
    wallet_result_free(r);
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)revoked,
                                        strlen(revoked)),
                  WALLET_ERR_REVOKED);
    wallet_result_free(r);
    /* Two hours later the one-hour freshness policy refuses to answer. */
    wallet_ctx_set_time(f->ctx, TS_NOW + 7200);
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)ok, strlen(ok)),
                  WALLET_ERR_STATUS_STALE);
    assert_non_null(strstr(wallet_result_detail(r), "7200 s ago"));
    wallet_result_free(r);
    /* A credential whose list is not in the snapshot. */
    wallet_ctx_set_time(f->ctx, TS_NOW);
    char *elsewhere = ts_credential_jwt(f->ctx, f->issuer, "https://other.example/l", 0, 0);
    tu_assert_err(f->ctx, wallet_verify(f->ctx, &r, f->trust, p, (uint8_t *)elsewhere,
                                        strlen(elsewhere)),
                  WALLET_ERR_STATUS_UNAVAILABLE);
    wallet_result_free(r);
    free(elsewhere);
    free(ok);
    free(revoked);
    wallet_policy_free(p);
    wallet_status_snapshot_free(s);
    wallet_free(b);
}

static void stale_snapshot(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier));
    wallet_ctx_set_time(f->ctx, TS_NOW + 601);
    unsigned v = 5;
    tu_assert_err(f->ctx, wallet_status_snapshot_check(f->ctx, &v, s, TS_URI, 1, 600),
                  WALLET_ERR_STATUS_STALE);
    assert_int_equal(v, 0);
    /* max_age 0: no age limit (the token's exp still applies, below). */
    tu_assert_ok(f->ctx, wallet_status_snapshot_check(f->ctx, &v, s, TS_URI, 1, 0));
    assert_int_equal(v, 1);
    wallet_status_snapshot_free(s);
    wallet_free(b);
}

static void expired_token_in_snapshot(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier));
    /* The tokens live one day; two days on, even "no age limit" is stale. */
    wallet_ctx_set_time(f->ctx, TS_NOW + 2 * 86400);
    unsigned v;
    tu_assert_err(f->ctx, wallet_status_snapshot_check(f->ctx, &v, s, TS_URI, 0, 0),
                  WALLET_ERR_STATUS_STALE);
    /* Loading it now still works: the tokens were valid when retrieved. */
    wallet_status_snapshot *again = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &again, b, len, f->verifier));
    wallet_status_snapshot_free(again);
    wallet_status_snapshot_free(s);
    wallet_free(b);
}

static void unknown_uri_and_index(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier));
    unsigned v;
    tu_assert_err(f->ctx, wallet_status_snapshot_check(f->ctx, &v, s, TS_URI "x", 0, 0),
                  WALLET_ERR_STATUS_UNAVAILABLE);
    tu_assert_err(f->ctx, wallet_status_snapshot_check(f->ctx, &v, s, TS_URI, 8, 0),
                  WALLET_ERR_STATUS_INDEX);
    tu_assert_err(f->ctx, wallet_status_snapshot_check(f->ctx, &v, s, TS_URI, 0, -1),
                  WALLET_ERR_INVALID_ARG);
    wallet_status_snapshot_free(s);
    wallet_free(b);
}

static void another_verifier_key(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_key *other = ts_key(f->ctx, "counter-7");
    wallet_status_snapshot *s = NULL;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, other),
                  WALLET_ERR_SIGNATURE);
    assert_null(s);
    wallet_key_free(other);
    wallet_free(b);
}

static void changed_byte(void **state)
{
    fixture *f = *state;
    size_t len;
    uint8_t *b = bundle(f, &len);
    /* flip a bit inside the payload (the middle of the bundle) */
    b[len / 2] ^= 0x04;
    wallet_status_snapshot *s = NULL;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_SIGNATURE);
    assert_null(s);
    /* ...and in the signature itself */
    b[len / 2] ^= 0x04;
    b[len - 2] ^= 0x01;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_SIGNATURE);
    wallet_free(b);
}

/* Sign `payload` as a snapshot bundle with the verifier key (to build the
 * malformed bundles wallet_status_snapshot_save never writes). */
static uint8_t *sign_bundle(fixture *f, const char *typ, const uint8_t *payload, size_t plen,
                            size_t *len)
{
    return ts_cose(f->ctx, f->verifier, typ, 0, payload, plen, WALLET_COSE_TAGGED, len);
}

#define SNAP_TYP "application/vnd.libwallet.status-snapshot+cbor"

/* The payload of a real bundle, for editing. */
static uint8_t *bundle_payload(fixture *f, size_t *plen)
{
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_cose_sign1 *msg = NULL;
    tu_assert_ok(f->ctx, wallet_cose_sign1_parse(f->ctx, &msg, b, len));
    tu_assert_ok(f->ctx, wallet_cose_sign1_verify(f->ctx, msg, f->verifier, WALLET_ALGSET_ALL,
                                                  NULL, 0, NULL, 0));
    const uint8_t *p = wallet_cose_sign1_payload(msg, plen);
    uint8_t *copy = malloc(*plen);
    memcpy(copy, p, *plen);
    wallet_cose_sign1_free(msg);
    wallet_free(b);
    return copy;
}

static void wrong_type(void **state)
{
    fixture *f = *state;
    size_t plen, len;
    uint8_t *p = bundle_payload(f, &plen);
    uint8_t *b = sign_bundle(f, "application/cwt", p, plen, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_TYPE);
    wallet_free(b);
    b = sign_bundle(f, NULL, p, plen, &len);
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_TYPE);
    wallet_free(b);
    free(p);
}

static void token_changed_and_bundle_resigned(void **state)
{
    fixture *f = *state;
    /* Someone with the verifier key (or a bug) edits a list inside the
     * bundle: the token's own signature still catches it. */
    size_t plen, len;
    uint8_t *p = bundle_payload(f, &plen);
    /* the JWT token bytes are base64url text inside: change its payload */
    uint8_t *jwt_start = memmem(p, plen, "eyJ", 3);
    assert_non_null(jwt_start);
    uint8_t *dot = memchr(jwt_start, '.', 200);
    dot[5] = dot[5] == 'A' ? 'B' : 'A';
    uint8_t *b = sign_bundle(f, SNAP_TYP, p, plen, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_SIGNATURE);
    assert_null(s);
    assert_non_null(strstr(wallet_ctx_errmsg(f->ctx), "status snapshot list"));
    wallet_free(b);
    free(p);
}

static void missing_issuer_key(void **state)
{
    fixture *f = *state;
    /* A bundle whose "keys" array is empty: the tokens cannot be verified. */
    size_t plen, len;
    uint8_t *p = bundle_payload(f, &plen);
    wl_cbor_doc *doc = NULL;
    tu_assert_ok(f->ctx, wl_cbor_decode(f->ctx, &doc, p, plen, 0, NULL));
    const wl_cbor *m = wl_cbor_root(doc);
    wl_cbor_mapw w;
    wl_cbor_mapw_init(&w, 0);
    const wl_cbor *k = wl_cbor_child(m);
    for (uint64_t i = 0; i < m->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        wl_cbor_put_raw(wl_cbor_mapw_key(&w), k->raw, k->raw_len);
        if (wl_cbor_is_text(k, "keys"))
            wl_cbor_put_array(wl_cbor_mapw_value(&w), 0);
        else
            wl_cbor_put_raw(wl_cbor_mapw_value(&w), v->raw, v->raw_len);
        k = wl_cbor_next(v);
    }
    wl_buf out;
    wl_buf_init(&out, 0);
    assert_true(wl_cbor_mapw_finish(&w, &out));
    uint8_t *b = sign_bundle(f, SNAP_TYP, out.data, out.len, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_KEY_NOT_FOUND);
    wallet_free(b);
    wl_buf_free(&out);
    wl_cbor_mapw_free(&w);
    wl_cbor_doc_free(doc);
    free(p);
}

static uint8_t *cbor_of(const char *what, size_t *len)
{
    /* A few hand-written payloads (diagnostic notation in the comments). */
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!strcmp(what, "not a map")) { /* [1] */
        wl_cbor_put_array(&b, 1);
        wl_cbor_put_uint(&b, 1);
    } else if (!strcmp(what, "version 2")) { /* {"v":2, ...} */
        wl_cbor_put_map(&b, 5);
        wl_cbor_put_cstr(&b, "v");
        wl_cbor_put_uint(&b, 2);
        wl_cbor_put_cstr(&b, "captured");
        wl_cbor_put_uint(&b, TS_NOW);
        wl_cbor_put_cstr(&b, "keys");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "certs");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "lists");
        wl_cbor_put_array(&b, 0);
    } else if (!strcmp(what, "no lists")) {
        wl_cbor_put_map(&b, 5);
        wl_cbor_put_cstr(&b, "v");
        wl_cbor_put_uint(&b, 1);
        wl_cbor_put_cstr(&b, "captured");
        wl_cbor_put_uint(&b, TS_NOW);
        wl_cbor_put_cstr(&b, "keys");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "certs");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "lists");
        wl_cbor_put_array(&b, 0);
    } else if (!strcmp(what, "entry without token")) {
        wl_cbor_put_map(&b, 5);
        wl_cbor_put_cstr(&b, "v");
        wl_cbor_put_uint(&b, 1);
        wl_cbor_put_cstr(&b, "captured");
        wl_cbor_put_uint(&b, TS_NOW);
        wl_cbor_put_cstr(&b, "keys");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "certs");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "lists");
        wl_cbor_put_array(&b, 1);
        wl_cbor_put_map(&b, 3);
        wl_cbor_put_cstr(&b, "uri");
        wl_cbor_put_cstr(&b, TS_URI);
        wl_cbor_put_cstr(&b, "retrieved");
        wl_cbor_put_uint(&b, TS_NOW);
        wl_cbor_put_cstr(&b, "fmt");
        wl_cbor_put_uint(&b, 1);
    } else if (!strcmp(what, "key not text")) {
        wl_cbor_put_map(&b, 5);
        wl_cbor_put_cstr(&b, "v");
        wl_cbor_put_uint(&b, 1);
        wl_cbor_put_cstr(&b, "captured");
        wl_cbor_put_uint(&b, TS_NOW);
        wl_cbor_put_cstr(&b, "keys");
        wl_cbor_put_array(&b, 1);
        wl_cbor_put_uint(&b, 5);
        wl_cbor_put_cstr(&b, "certs");
        wl_cbor_put_array(&b, 0);
        wl_cbor_put_cstr(&b, "lists");
        wl_cbor_put_array(&b, 1);
        wl_cbor_put_map(&b, 0);
    }
    return wl_buf_take(&b, len);
}

static void malformed_payloads(void **state)
{
    fixture *f = *state;
    static const char *cases[] = {"not a map", "version 2", "no lists", "entry without token",
                                  "key not text"};
    for (size_t i = 0; i < WL_ARRAY_LEN(cases); i++) {
        size_t plen, len;
        uint8_t *p = cbor_of(cases[i], &plen);
        uint8_t *b = sign_bundle(f, SNAP_TYP, p, plen, &len);
        wallet_status_snapshot *s = NULL;
        wallet_err e = wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier);
        if (e != WALLET_ERR_STATUS_SNAPSHOT_FORMAT)
            fail_msg("%s: got %s: %s", cases[i], wallet_err_name(e), wallet_ctx_errmsg(f->ctx));
        wallet_free(b);
        free(p);
    }
}

static void duplicate_list_in_bundle(void **state)
{
    fixture *f = *state;
    size_t plen, len;
    uint8_t *p = bundle_payload(f, &plen);
    wl_cbor_doc *doc = NULL;
    tu_assert_ok(f->ctx, wl_cbor_decode(f->ctx, &doc, p, plen, 0, NULL));
    const wl_cbor *m = wl_cbor_root(doc);
    const wl_cbor *lists = wl_cbor_map_text(m, "lists");
    const wl_cbor *first = wl_cbor_array_at(lists, 0);
    wl_cbor_mapw w;
    wl_cbor_mapw_init(&w, 0);
    const wl_cbor *k = wl_cbor_child(m);
    for (uint64_t i = 0; i < m->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        wl_cbor_put_raw(wl_cbor_mapw_key(&w), k->raw, k->raw_len);
        if (wl_cbor_is_text(k, "lists")) {
            wl_buf *o = wl_cbor_mapw_value(&w);
            wl_cbor_put_array(o, 2);
            wl_cbor_put_raw(o, first->raw, first->raw_len);
            wl_cbor_put_raw(o, first->raw, first->raw_len);
        } else {
            wl_cbor_put_raw(wl_cbor_mapw_value(&w), v->raw, v->raw_len);
        }
        k = wl_cbor_next(v);
    }
    wl_buf out;
    wl_buf_init(&out, 0);
    assert_true(wl_cbor_mapw_finish(&w, &out));
    uint8_t *b = sign_bundle(f, SNAP_TYP, out.data, out.len, &len);
    wallet_status_snapshot *s = NULL;
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_STATUS_SNAPSHOT_FORMAT);
    wallet_free(b);
    wl_buf_free(&out);
    wl_cbor_mapw_free(&w);
    wl_cbor_doc_free(doc);
    free(p);
}

static void not_a_bundle_at_all(void **state)
{
    fixture *f = *state;
    wallet_status_snapshot *s = NULL;
    static const uint8_t junk[] = {0x63, 0x61, 0x62, 0x63}; /* "abc" */
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, junk, sizeof(junk), f->verifier),
                  WALLET_ERR_COSE_FORMAT);
    /* A status list token is not a snapshot either. */
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, f->cwt, f->cwt_len, f->verifier),
                  WALLET_ERR_TYPE);
    size_t len;
    uint8_t *b = bundle(f, &len);
    wallet_ctx_limit(f->ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)len - 1);
    tu_assert_err(f->ctx, wallet_status_snapshot_load(f->ctx, &s, b, len, f->verifier),
                  WALLET_ERR_TOO_LARGE);
    assert_null(s);
    wallet_free(b);
}

static void save_refusals(void **state)
{
    fixture *f = *state;
    wallet_status_snapshot *s = NULL;
    uint8_t *out = (uint8_t *)1;
    size_t len = 1;
    tu_assert_ok(f->ctx, wallet_status_snapshot_new(f->ctx, &s));
    tu_assert_err(f->ctx, wallet_status_snapshot_save(f->ctx, &out, &len, s, f->verifier),
                  WALLET_ERR_STATE);
    assert_null(out);
    assert_int_equal(len, 0);
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, f->trust, 0, f->jwt, f->jwt_len));
    wallet_key *pub = NULL;
    tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &pub, f->verifier));
    tu_assert_err(f->ctx, wallet_status_snapshot_save(f->ctx, &out, &len, s, pub),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    /* A token that does not verify is not added. */
    wallet_trust *empty = ts_trust(f->ctx, NULL);
    tu_assert_err(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, empty, 0, f->cwt, f->cwt_len),
                  WALLET_ERR_KEY_NOT_FOUND);
    assert_int_equal(wallet_status_snapshot_count(s), 1);
    /* Adding the same list again replaces it. */
    tu_assert_ok(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, f->trust, 0, f->jwt, f->jwt_len));
    assert_int_equal(wallet_status_snapshot_count(s), 1);
    /* Offline, a URI cannot be added (nothing cached, nothing fetched). */
    wallet_ctx_set_offline(f->ctx, 1);
    tu_assert_err(f->ctx, wallet_status_snapshot_add_uri(f->ctx, s, NULL, f->trust, 0, TS_URI2),
                  WALLET_ERR_OFFLINE);
    wallet_trust_free(empty);
    wallet_key_free(pub);
    wallet_status_snapshot_free(s);
}

static void certificates_travel_in_the_bundle(void **state)
{
    fixture *f = *state;
    /* The list is signed by a certificate chained to a root in the trust
     * set; offline, the bundle alone verifies it again. */
    wallet_key *root_key = ts_key(f->ctx, NULL), *signer = ts_key(f->ctx, NULL);
    wallet_cert_builder *b = NULL;
    wallet_cert *root = NULL, *leaf = NULL;
    tu_assert_ok(f->ctx, wallet_cert_builder_new(f->ctx, &b, WALLET_CERT_PROFILE_CA));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_subject(f->ctx, b, "CN=Root,C=VN"));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_validity(f->ctx, b, TS_NOW - 86400,
                                                          TS_NOW + 365 * 86400));
    tu_assert_ok(f->ctx, wallet_cert_builder_sign(f->ctx, &root, b, root_key, root_key, NULL));
    wallet_cert_builder_free(b);
    tu_assert_ok(f->ctx, wallet_cert_builder_new(f->ctx, &b, WALLET_CERT_PROFILE_LEAF));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_subject(f->ctx, b, "CN=Status,C=VN"));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_validity(f->ctx, b, TS_NOW - 86400,
                                                          TS_NOW + 30 * 86400));
    tu_assert_ok(f->ctx, wallet_cert_builder_sign(f->ctx, &leaf, b, signer, root_key, root));
    wallet_cert_builder_free(b);
    wallet_trust *trust = ts_trust(f->ctx, NULL);
    tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, trust, root, WALLET_TRUST_ROOT));
    const wallet_cert *chain[1] = {leaf};
    wallet_status_snapshot *s = NULL, *back = NULL;
    tu_assert_ok(f->ctx, wallet_status_snapshot_new(f->ctx, &s));
    for (int fmt = WALLET_STATUS_JWT; fmt <= WALLET_STATUS_CWT; fmt++) {
        wallet_status_list *l = ts_list(f->ctx, fmt == 1 ? TS_URI : TS_URI2, 1, 8, 1,
                                        (const unsigned[]){1}, 1);
        uint8_t *tok = NULL;
        size_t len;
        tu_assert_ok(f->ctx, wallet_status_list_token(f->ctx, &tok, &len, l, signer, chain, 1,
                                                      (wallet_status_format)fmt, 86400, 0));
        tu_assert_ok(f->ctx, wallet_status_snapshot_add_token(f->ctx, s, trust, 0, tok, len));
        wallet_free(tok);
        wallet_status_list_free(l);
    }
    uint8_t *bundle_bytes = NULL;
    size_t blen;
    tu_assert_ok(f->ctx, wallet_status_snapshot_save(f->ctx, &bundle_bytes, &blen, s, f->verifier));
    /* 40 days later the leaf certificate has expired, but the lists were
     * checked when retrieved: they load, and only freshness decides. */
    wallet_ctx_set_time(f->ctx, TS_NOW + 40 * 86400);
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &back, bundle_bytes, blen,
                                                     f->verifier));
    unsigned v;
    tu_assert_err(f->ctx, wallet_status_snapshot_check(f->ctx, &v, back, TS_URI, 0, 0),
                  WALLET_ERR_STATUS_STALE); /* exp passed */
    wallet_status_snapshot_free(back);
    wallet_ctx_set_time(f->ctx, TS_NOW + 60);
    tu_assert_ok(f->ctx, wallet_status_snapshot_load(f->ctx, &back, bundle_bytes, blen,
                                                     f->verifier));
    for (int i = 0; i < 2; i++) {
        tu_assert_ok(f->ctx, wallet_status_snapshot_check(f->ctx, &v, back, i ? TS_URI2 : TS_URI,
                                                          0, 3600));
        assert_int_equal(v, 1);
    }
    wallet_status_snapshot_free(back);
    wallet_free(bundle_bytes);
    wallet_status_snapshot_free(s);
    wallet_trust_free(trust);
    wallet_cert_free(root);
    wallet_cert_free(leaf);
    wallet_key_free(root_key);
    wallet_key_free(signer);
}

static void accessors_tolerate_null(void **state)
{
    (void)state;
    assert_int_equal(wallet_status_snapshot_captured_at(NULL), 0);
    assert_int_equal(wallet_status_snapshot_count(NULL), 0);
    assert_null(wallet_status_snapshot_uri(NULL, 0));
    assert_int_equal(wallet_status_snapshot_retrieved_at(NULL, 0), 0);
    unsigned v = 4;
    assert_int_equal(wallet_status_snapshot_check(NULL, &v, NULL, TS_URI, 0, 0),
                     WALLET_ERR_INVALID_ARG);
    assert_int_equal(v, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(save_and_load_offline),
        T(snapshot_drives_wallet_verify),
        T(stale_snapshot),
        T(expired_token_in_snapshot),
        T(unknown_uri_and_index),
        T(another_verifier_key),
        T(changed_byte),
        T(wrong_type),
        T(token_changed_and_bundle_resigned),
        T(missing_issuer_key),
        T(malformed_payloads),
        T(duplicate_list_in_bundle),
        T(not_a_bundle_at_all),
        T(save_refusals),
        T(certificates_travel_in_the_bundle),
        cmocka_unit_test(accessors_tolerate_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
