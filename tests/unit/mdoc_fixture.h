/*
 * Shared fixture of the mdoc unit tests: an IACA, a document signer, a
 * holder key, a trust set and a pinned time; helpers to issue, present and
 * verify, and to forge structures (test-only) the public API refuses to
 * build, so that the verifier's refusals can be exercised.
 */
#ifndef MDOC_FIXTURE_H
#define MDOC_FIXTURE_H

#include <cjson/cJSON.h>

#include "../../libwallet/src/mdoc/mdoc_int.h"
#include "testutil.h"

#define T0 1767225600 /* 2026-01-01T00:00:00Z */
#define DAY 86400
#define NS WALLET_MDOC_MDL_NAMESPACE
#define DT WALLET_MDOC_MDL_DOCTYPE

static const char fx_claims[] =
    "{\"org.iso.18013.5.1\": {\"family_name\": \"Nguyen\", \"given_name\": \"Minh Anh\","
    " \"birth_date\": {\"$date\": \"1990-04-12\"}, \"issue_date\": {\"$date\": \"2024-01-15\"},"
    " \"expiry_date\": {\"$date\": \"2034-01-14\"}, \"issuing_country\": \"VN\","
    " \"document_number\": \"B2-0012345\", \"portrait\": {\"$bytes\": \"_9j_4AAQ\"},"
    " \"age_over_18\": true, \"height\": 172,"
    " \"driving_privileges\": [{\"vehicle_category_code\": \"B\","
    " \"issue_date\": {\"$date\": \"2024-01-15\"}}]},"
    " \"org.iso.18013.5.1.VN\": {\"residence_city\": \"Ha Noi\","
    " \"last_update\": {\"$tdate\": \"2025-12-31T23:00:00+07:00\"}}}";

typedef struct fx {
    wallet_ctx *ctx;
    wallet_key *iaca_key, *ds_key, *holder, *reader;
    wallet_cert *iaca, *ds;
    wallet_trust *trust;
    uint8_t *st; /* SessionTranscript (OpenID4VP) */
    size_t st_len;
} fx;

static inline wallet_cert *fx_cert(fx *f, wallet_cert_profile prof, const char *dn, const wallet_key *k,
                            const wallet_key *ik, const wallet_cert *ic)
{
    wallet_cert_builder *b = NULL;
    wallet_cert *c = NULL;
    tu_assert_ok(f->ctx, wallet_cert_builder_new(f->ctx, &b, prof));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_subject(f->ctx, b, dn));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_validity(f->ctx, b, T0, T0 + 365 * DAY));
    if (prof == WALLET_CERT_PROFILE_MDOC_IACA || prof == WALLET_CERT_PROFILE_MDOC_DS)
        tu_assert_ok(f->ctx, wallet_cert_builder_set_issuer_alt_uri(f->ctx, b,
                                                                    "https://transport.example"));
    tu_assert_ok(f->ctx, wallet_cert_builder_sign(f->ctx, &c, b, k, ik, ic));
    wallet_cert_builder_free(b);
    return c;
}

static inline fx *fx_new(void)
{
    fx *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(T0 + DAY);
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->iaca_key, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->ds_key, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->holder, WALLET_ALG_ES256));
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->reader, WALLET_ALG_ES256));
    f->iaca = fx_cert(f, WALLET_CERT_PROFILE_MDOC_IACA, "CN=Test IACA,O=City,C=VN", f->iaca_key,
                      f->iaca_key, NULL);
    f->ds = fx_cert(f, WALLET_CERT_PROFILE_MDOC_DS, "CN=Test DS,O=City,C=VN", f->ds_key,
                    f->iaca_key, f->iaca);
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &f->trust));
    tu_assert_ok(f->ctx, wallet_trust_add_cert(f->ctx, f->trust, f->iaca, WALLET_TRUST_ROOT));
    tu_assert_ok(f->ctx, wallet_mdoc_transcript_oid4vp(f->ctx, &f->st, &f->st_len,
                                                       "x509_san_dns:verifier.example", "n-0S6",
                                                       NULL, "https://verifier.example/post"));
    return f;
}

static inline void fx_free(fx *f)
{
    wallet_free(f->st);
    wallet_trust_free(f->trust);
    wallet_cert_free(f->iaca);
    wallet_cert_free(f->ds);
    wallet_key_free(f->iaca_key);
    wallet_key_free(f->ds_key);
    wallet_key_free(f->holder);
    wallet_key_free(f->reader);
    wallet_ctx_free(f->ctx);
    free(f);
}

/* Issue fx_claims (or `claims`) for the holder with the fixture's DS. */
static inline uint8_t *fx_issue_with(fx *f, const char *claims, const wallet_key *holder,
                              const wallet_key *ds_key, const wallet_cert *ds, size_t *len)
{
    wallet_mdoc_issuer *b = NULL;
    uint8_t *out = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_new(f->ctx, &b, DT));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_add_claims_json(f->ctx, b, claims, strlen(claims)));
    tu_assert_ok(f->ctx, wallet_mdoc_issuer_sign(f->ctx, &out, len, b, holder, ds_key,
                                                 WALLET_ALG_NONE, &ds, 1));
    wallet_mdoc_issuer_free(b);
    return out;
}

static inline uint8_t *fx_issue(fx *f, size_t *len)
{
    return fx_issue_with(f, fx_claims, f->holder, f->ds_key, f->ds, len);
}

/* Present `items` (NULL: all) with DeviceSignature, or DeviceMac when mac. */
static inline uint8_t *fx_present(fx *f, const uint8_t *is, size_t is_len, const wallet_mdoc_item *items,
                           size_t n, int mac, size_t *len)
{
    wallet_mdoc_response *r = NULL;
    uint8_t *out = NULL;
    tu_assert_ok(f->ctx, wallet_mdoc_response_new(f->ctx, &r, f->st, f->st_len));
    wallet_key *reader_pub = NULL;
    if (mac)
        tu_assert_ok(f->ctx, wallet_key_public(f->ctx, &reader_pub, f->reader));
    tu_assert_ok(f->ctx, wallet_mdoc_response_add(f->ctx, r, is, is_len, items, n, f->holder,
                                                  WALLET_ALG_NONE, reader_pub));
    tu_assert_ok(f->ctx, wallet_mdoc_response_encode(f->ctx, &out, len, r));
    wallet_key_free(reader_pub);
    wallet_mdoc_response_free(r);
    return out;
}

static inline wallet_policy *fx_policy(fx *f, int with_reader)
{
    wallet_policy *p = NULL;
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &p));
    tu_assert_ok(f->ctx, wallet_policy_set_session_transcript(f->ctx, p, f->st, f->st_len));
    if (with_reader)
        tu_assert_ok(f->ctx, wallet_policy_set_reader_key(f->ctx, p, f->reader));
    return p;
}

/* Verify a DeviceResponse under the fixture's trust and transcript. */
static inline wallet_err fx_verify(fx *f, const uint8_t *dr, size_t len, wallet_mdoc_verified **out)
{
    wallet_policy *p = fx_policy(f, 1);
    wallet_mdoc_verified *v = NULL;
    wallet_err e = wallet_mdoc_verify(f->ctx, &v, f->trust, p, dr, len);
    if (e)
        assert_null(v);
    wallet_policy_free(p);
    if (out)
        *out = v;
    else
        wallet_mdoc_verified_free(v);
    return e;
}

/* ---- forging (test-only) ------------------------------------------------------------ */

/* An IssuerSignedItemBytes with a fixed salt. */
static inline void fg_item(wl_buf *out, uint64_t digest_id, const char *elem, const char *value_text)
{
    wl_buf it;
    wl_buf_init(&it, 0);
    static const uint8_t salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    wl_cbor_put_map(&it, 4);
    wl_cbor_put_cstr(&it, "digestID");
    wl_cbor_put_uint(&it, digest_id);
    wl_cbor_put_cstr(&it, "random");
    wl_cbor_put_bytes(&it, salt, sizeof(salt));
    wl_cbor_put_cstr(&it, "elementIdentifier");
    wl_cbor_put_cstr(&it, elem);
    wl_cbor_put_cstr(&it, "elementValue");
    wl_cbor_put_cstr(&it, value_text);
    wl_mdoc_put_tag24(out, it.data, it.len);
    wl_buf_free(&it);
}

/* Knobs for a forged MSO (zero/NULL: the correct value). */
typedef struct fg_mso {
    const char *version;       /* "1.0" */
    const char *digest_alg;    /* "SHA-256" */
    const char *doctype;       /* DT */
    const char *valid_from;    /* tdate text */
    const char *valid_until;
    int no_device_key_info;
    int key_auth_ns;           /* keyAuthorizations {"nameSpaces": [NS]} */
    int extra_digest_id;       /* add a digest for digestID 77 (of nothing) */
    int not_tag24;             /* payload = the MSO map itself */
    int detached;              /* issuerAuth with a nil payload */
    int no_x5chain;
    const char *status_uri;    /* "status": {"status_list": {"idx": 5, "uri": ...}} */
} fg_mso;

/* An IssuerSigned with the given items (n item bytes, digest IDs ids[]),
 * whose MSO lists the digests of `digest_items` of them (the first
 * n_digests), signed by the fixture's DS. */
static inline uint8_t *fg_issuer_signed(fx *f, const fg_mso *k, wl_buf *items, const uint64_t *ids,
                                 size_t n, size_t n_digests, size_t *len)
{
    wl_buf m;
    wl_buf_init(&m, 0);
    wl_cbor_put_map(&m, (k->no_device_key_info ? 5 : 6) + (k->status_uri ? 1 : 0));
    wl_cbor_put_cstr(&m, "version");
    wl_cbor_put_cstr(&m, k->version ? k->version : "1.0");
    wl_cbor_put_cstr(&m, "digestAlgorithm");
    wl_cbor_put_cstr(&m, k->digest_alg ? k->digest_alg : "SHA-256");
    wl_cbor_put_cstr(&m, "valueDigests");
    wl_cbor_put_map(&m, 1);
    wl_cbor_put_cstr(&m, NS);
    wl_cbor_put_map(&m, n_digests + (k->extra_digest_id ? 1 : 0));
    for (size_t i = 0; i < n_digests; i++) {
        uint8_t h[32];
        tu_assert_ok(f->ctx, wl_hash(f->ctx, WL_SHA256, items[i].data, items[i].len, h));
        wl_cbor_put_uint(&m, ids[i]);
        wl_cbor_put_bytes(&m, h, 32);
    }
    if (k->extra_digest_id) {
        uint8_t h[32] = {0};
        wl_cbor_put_uint(&m, 77);
        wl_cbor_put_bytes(&m, h, 32);
    }
    if (!k->no_device_key_info) {
        wl_cbor_put_cstr(&m, "deviceKeyInfo");
        wl_cbor_put_map(&m, k->key_auth_ns ? 2 : 1);
        wl_cbor_put_cstr(&m, "deviceKey");
        tu_assert_ok(f->ctx, wl_cose_key_append(f->ctx, &m, f->holder, 0));
        if (k->key_auth_ns) {
            wl_cbor_put_cstr(&m, "keyAuthorizations");
            wl_cbor_put_map(&m, 1);
            wl_cbor_put_cstr(&m, "nameSpaces");
            wl_cbor_put_array(&m, 1);
            wl_cbor_put_cstr(&m, "org.example.device");
        }
    }
    wl_cbor_put_cstr(&m, "docType");
    wl_cbor_put_cstr(&m, k->doctype ? k->doctype : DT);
    wl_cbor_put_cstr(&m, "validityInfo");
    wl_cbor_put_map(&m, 3);
    wl_cbor_put_cstr(&m, "signed");
    wl_mdoc_put_tdate(&m, T0 + 3600);
    wl_cbor_put_cstr(&m, "validFrom");
    if (k->valid_from) {
        wl_cbor_put_tag(&m, 0);
        wl_cbor_put_cstr(&m, k->valid_from);
    } else {
        wl_mdoc_put_tdate(&m, T0 + 3600);
    }
    wl_cbor_put_cstr(&m, "validUntil");
    if (k->valid_until) {
        wl_cbor_put_tag(&m, 0);
        wl_cbor_put_cstr(&m, k->valid_until);
    } else {
        wl_mdoc_put_tdate(&m, T0 + 300 * DAY);
    }
    if (k->status_uri) {
        wl_cbor_put_cstr(&m, "status");
        wl_cbor_put_map(&m, 1);
        wl_cbor_put_cstr(&m, "status_list");
        wl_cbor_put_map(&m, 2);
        wl_cbor_put_cstr(&m, "idx");
        wl_cbor_put_uint(&m, 5);
        wl_cbor_put_cstr(&m, "uri");
        wl_cbor_put_cstr(&m, k->status_uri);
    }
    wl_buf payload;
    wl_buf_init(&payload, 0);
    if (k->not_tag24)
        wl_buf_append(&payload, m.data, m.len);
    else
        wl_mdoc_put_tag24(&payload, m.data, m.len);
    wallet_cose_headers *h = NULL;
    tu_assert_ok(f->ctx, wallet_cose_headers_new(f->ctx, &h));
    if (!k->no_x5chain) {
        size_t dl;
        const uint8_t *der = wallet_cert_der(f->ds, &dl);
        tu_assert_ok(f->ctx, wallet_cose_headers_add_x5chain(f->ctx, h, WALLET_COSE_UNPROTECTED, der, dl));
    }
    uint8_t *auth = NULL;
    size_t auth_len;
    tu_assert_ok(f->ctx, wallet_cose_sign1_sign(f->ctx, &auth, &auth_len, f->ds_key, WALLET_ALG_NONE,
                                                h, payload.data, payload.len, NULL, 0,
                                                k->detached ? WALLET_COSE_DETACHED : 0));
    wl_buf is;
    wl_buf_init(&is, 0);
    wl_cbor_put_map(&is, 2);
    wl_cbor_put_cstr(&is, "nameSpaces");
    wl_cbor_put_map(&is, 1);
    wl_cbor_put_cstr(&is, NS);
    wl_cbor_put_array(&is, n);
    for (size_t i = 0; i < n; i++)
        wl_cbor_put_raw(&is, items[i].data, items[i].len);
    wl_cbor_put_cstr(&is, "issuerAuth");
    wl_cbor_put_raw(&is, auth, auth_len);
    wallet_free(auth);
    wallet_cose_headers_free(h);
    wl_buf_free(&payload);
    wl_buf_free(&m);
    assert_false(is.failed);
    return wl_buf_take(&is, len);
}

/* A DeviceResponse around one Document built from parts: the raw
 * IssuerSigned, a DeviceSigned built here (device key `dk`, optional
 * device-signed namespaces CBOR `dns_map`; `both` puts deviceSignature and
 * deviceMac in DeviceAuth), with docType `doctype` and response `version`. */
static inline uint8_t *fg_response(fx *f, const uint8_t *is, size_t is_len, const char *doctype,
                            const wallet_key *dk, const uint8_t *dns_map, size_t dns_len,
                            int both, const char *version, size_t *len)
{
    wl_mdoc_st st;
    tu_assert_ok(f->ctx, wl_mdoc_st_init(f->ctx, &st, f->st, f->st_len));
    wl_buf dns, dab, r;
    wl_buf_init(&dns, 0);
    wl_buf_init(&dab, 0);
    wl_buf_init(&r, 0);
    static const uint8_t empty_map[1] = {0xA0};
    if (!dns_map) {
        dns_map = empty_map;
        dns_len = 1;
    }
    wl_mdoc_put_tag24(&dns, dns_map, dns_len);
    tu_assert_ok(f->ctx, wl_mdoc_device_auth_bytes(f->ctx, &dab, &st, (const uint8_t *)DT,
                                                   strlen(DT), dns.data, dns.len));
    uint8_t *sig = NULL;
    size_t sig_len;
    tu_assert_ok(f->ctx, wallet_cose_sign1_sign(f->ctx, &sig, &sig_len, dk, WALLET_ALG_NONE, NULL,
                                                dab.data, dab.len, NULL, 0, WALLET_COSE_DETACHED));
    wl_cbor_put_map(&r, 3);
    wl_cbor_put_cstr(&r, "version");
    wl_cbor_put_cstr(&r, version ? version : "1.0");
    wl_cbor_put_cstr(&r, "documents");
    wl_cbor_put_array(&r, 1);
    wl_cbor_put_map(&r, 3);
    wl_cbor_put_cstr(&r, "docType");
    wl_cbor_put_cstr(&r, doctype ? doctype : DT);
    wl_cbor_put_cstr(&r, "issuerSigned");
    wl_cbor_put_raw(&r, is, is_len);
    wl_cbor_put_cstr(&r, "deviceSigned");
    wl_cbor_put_map(&r, 2);
    wl_cbor_put_cstr(&r, "nameSpaces");
    wl_cbor_put_raw(&r, dns.data, dns.len);
    wl_cbor_put_cstr(&r, "deviceAuth");
    wl_cbor_put_map(&r, both ? 2 : 1);
    wl_cbor_put_cstr(&r, "deviceSignature");
    wl_cbor_put_raw(&r, sig, sig_len);
    if (both) {
        uint8_t key[32] = {0};
        wl_cbor_put_cstr(&r, "deviceMac");
        tu_assert_ok(f->ctx, wl_cose_mac0_create(f->ctx, &r, key, 32, dab.data, dab.len, 1));
    }
    wl_cbor_put_cstr(&r, "status");
    wl_cbor_put_uint(&r, 0);
    wallet_free(sig);
    wl_buf_free(&dns);
    wl_buf_free(&dab);
    wl_mdoc_st_clear(&st);
    assert_false(r.failed);
    return wl_buf_take(&r, len);
}

/* Replace the first occurrence of `what` in buf (same length). */
static inline void fx_patch(uint8_t *buf, size_t len, const char *what, const char *with)
{
    uint8_t *p = memmem(buf, len, what, strlen(what));
    assert_non_null(p);
    assert_int_equal(strlen(what), strlen(with));
    memcpy(p, with, strlen(with));
}

#endif /* MDOC_FIXTURE_H */
