/*
 * Helpers shared by the Token Status List unit tests (test_status_*.c):
 * keys, trust sets, lists, hand-made JWT / CWT status list tokens (to build
 * the malformed ones the issuer API refuses to produce) and credentials
 * that reference a list.
 */
#ifndef TEST_STATUS_COMMON_H
#define TEST_STATUS_COMMON_H

#include "core/cbor.h"
#include "core/internal.h"
#include "core/zlib.h"
#include "status/status_int.h"
#include "testutil.h"

#define TS_NOW 1767225600 /* 2026-01-01 */
#define TS_URI "https://status.city.example/lists/1"
#define TS_URI2 "https://status.city.example/lists/2"

static inline wallet_key *ts_key(wallet_ctx *ctx, const char *kid)
{
    wallet_key *k = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &k, WALLET_ALG_ES256));
    if (kid)
        tu_assert_ok(ctx, wallet_key_set_kid(ctx, k, kid));
    return k;
}

static inline wallet_trust *ts_trust(wallet_ctx *ctx, const wallet_key *k)
{
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    if (k)
        tu_assert_ok(ctx, wallet_trust_add_key(ctx, t, k));
    return t;
}

/* A sequential list of `size` entries with the first `allocated` allocated
 * and statuses[i] set for i < n. */
static inline wallet_status_list *ts_list(wallet_ctx *ctx, const char *uri, unsigned bits,
                                          uint64_t size, uint64_t allocated,
                                          const unsigned *statuses, size_t n)
{
    wallet_status_list *l = NULL;
    tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, uri, bits, size,
                                             WALLET_STATUS_ALLOC_SEQUENTIAL));
    for (uint64_t i = 0; i < allocated; i++) {
        uint64_t idx;
        tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, l));
        assert_int_equal(idx, i);
    }
    for (size_t i = 0; i < n; i++)
        if (statuses[i])
            tu_assert_ok(ctx, wallet_status_list_set(ctx, l, i, statuses[i]));
    return l;
}

/* The list's token (format JWT or CWT), one day of lifetime, ttl 1 hour. */
static inline uint8_t *ts_token(wallet_ctx *ctx, const wallet_status_list *l,
                                const wallet_key *k, wallet_status_format f, size_t *len)
{
    uint8_t *out = NULL;
    tu_assert_ok(ctx, wallet_status_list_token(ctx, &out, len, l, k, NULL, 0, f, 86400, 3600));
    return out;
}

/* base64url of zlib(bytes). */
static inline char *ts_lst(const uint8_t *bytes, size_t n)
{
    uint8_t *z = NULL;
    size_t zn = 0;
    assert_int_equal(wl_zlib_deflate(NULL, &z, &zn, bytes, n), WALLET_OK);
    char *s = wl_b64url_encode(z, zn);
    free(z);
    return s;
}

/* A compact JWT with the given extra header members and payload. */
static inline char *ts_jwt(wallet_ctx *ctx, const wallet_key *k, const char *header,
                           const char *payload)
{
    char *out = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &out, k, WALLET_ALG_NONE, header,
                                              (const uint8_t *)payload, strlen(payload)));
    return out;
}

/* A JWT status list token with a standard header and the given claims. */
static inline char *ts_list_jwt(wallet_ctx *ctx, const wallet_key *k, const char *claims)
{
    return ts_jwt(ctx, k, "{\"typ\":\"statuslist+jwt\"}", claims);
}

/* COSE_Sign1 over `payload`. typ: text for protected label 16 (NULL: none);
 * typ_unprotected puts it in the unprotected bucket; the key's kid goes in
 * the unprotected bucket. */
static inline uint8_t *ts_cose(wallet_ctx *ctx, const wallet_key *k, const char *typ,
                               int typ_unprotected, const uint8_t *payload, size_t plen,
                               unsigned flags, size_t *len)
{
    wallet_cose_headers *h = NULL;
    tu_assert_ok(ctx, wallet_cose_headers_new(ctx, &h));
    if (typ)
        tu_assert_ok(ctx, wallet_cose_headers_set_text(
                              ctx, h, typ_unprotected ? WALLET_COSE_UNPROTECTED : WALLET_COSE_PROTECTED,
                              WALLET_COSE_HDR_TYP, typ));
    const char *kid = wallet_key_kid(k);
    if (kid)
        tu_assert_ok(ctx, wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_UNPROTECTED,
                                                        WALLET_COSE_HDR_KID, (const uint8_t *)kid,
                                                        strlen(kid)));
    uint8_t *out = NULL;
    tu_assert_ok(ctx, wallet_cose_sign1_sign(ctx, &out, len, k, WALLET_ALG_NONE, h, payload, plen,
                                             NULL, 0, flags));
    wallet_cose_headers_free(h);
    return out;
}

/* CWT claims for a status list token: sub, iat, and a status list of `bits`
 * over `bytes`; `extra` (may be NULL) is called to add or replace entries
 * (later keys must not repeat earlier ones: pass skip_* to leave some out). */
typedef struct ts_cwt_opts {
    const char *sub;      /* NULL: omitted */
    int64_t iat;          /* 0: omitted */
    int64_t exp, ttl;     /* 0: omitted */
    int64_t bits;         /* written as uint */
    const uint8_t *z;     /* "lst" bytes (already compressed) */
    size_t z_len;
    int omit_list;        /* no claim 65533 */
    const uint8_t *raw_list; /* claim 65533 given as raw CBOR instead */
    size_t raw_list_len;
    const uint8_t *raw_extra_key, *raw_extra_value; /* one more claim, raw CBOR */
    size_t raw_extra_key_len, raw_extra_value_len;
} ts_cwt_opts;

static inline uint8_t *ts_cwt_claims(const ts_cwt_opts *o, size_t *len)
{
    wl_cbor_mapw m, sl;
    wl_buf slb, out;
    wl_cbor_mapw_init(&m, 0);
    wl_cbor_mapw_init(&sl, 0);
    wl_buf_init(&slb, 0);
    wl_buf_init(&out, 0);
    if (o->sub) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 2);
        wl_cbor_put_cstr(wl_cbor_mapw_value(&m), o->sub);
    }
    if (o->iat) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 6);
        wl_cbor_put_int(wl_cbor_mapw_value(&m), o->iat);
    }
    if (o->exp) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 4);
        wl_cbor_put_int(wl_cbor_mapw_value(&m), o->exp);
    }
    if (o->ttl) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 65534);
        wl_cbor_put_int(wl_cbor_mapw_value(&m), o->ttl);
    }
    if (o->raw_list) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 65533);
        wl_cbor_put_raw(wl_cbor_mapw_value(&m), o->raw_list, o->raw_list_len);
    } else if (!o->omit_list) {
        wl_cbor_put_cstr(wl_cbor_mapw_key(&sl), "bits");
        wl_cbor_put_int(wl_cbor_mapw_value(&sl), o->bits);
        wl_cbor_put_cstr(wl_cbor_mapw_key(&sl), "lst");
        wl_cbor_put_bytes(wl_cbor_mapw_value(&sl), o->z, o->z_len);
        assert_true(wl_cbor_mapw_finish(&sl, &slb));
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 65533);
        wl_cbor_put_raw(wl_cbor_mapw_value(&m), slb.data, slb.len);
    }
    if (o->raw_extra_key) {
        wl_cbor_put_raw(wl_cbor_mapw_key(&m), o->raw_extra_key, o->raw_extra_key_len);
        wl_cbor_put_raw(wl_cbor_mapw_value(&m), o->raw_extra_value, o->raw_extra_value_len);
    }
    assert_true(wl_cbor_mapw_finish(&m, &out));
    wl_cbor_mapw_free(&m);
    wl_cbor_mapw_free(&sl);
    wl_buf_free(&slb);
    return wl_buf_take(&out, len);
}

/* A JWT credential from `issuer` referencing (uri, idx); exp may be 0. */
static inline char *ts_credential_jwt(wallet_ctx *ctx, const wallet_key *issuer, const char *uri,
                                      int64_t idx, int64_t exp)
{
    char claims[512], expm[40] = "";
    if (exp)
        snprintf(expm, sizeof(expm), "\"exp\":%lld,", (long long)exp);
    snprintf(claims, sizeof(claims),
             "{\"iss\":\"https://health.city.example\",\"iat\":%d,%s"
             "\"vaccine\":\"MMR\",\"status\":{\"status_list\":{\"idx\":%lld,\"uri\":\"%s\"}}}",
             TS_NOW - 100, expm, (long long)idx, uri);
    return ts_jwt(ctx, issuer, "{\"typ\":\"JWT\"}", claims);
}

/* A CWT credential (COSE_Sign1, tag 18) with claim 65535 = `status` (raw
 * CBOR; NULL for a credential without it). */
static inline uint8_t *ts_credential_cwt(wallet_ctx *ctx, const wallet_key *issuer,
                                         const uint8_t *status, size_t status_len, size_t *len)
{
    wl_cbor_mapw m;
    wl_buf out;
    wl_cbor_mapw_init(&m, 0);
    wl_buf_init(&out, 0);
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 1);
    wl_cbor_put_cstr(wl_cbor_mapw_value(&m), "https://health.city.example");
    wl_cbor_put_int(wl_cbor_mapw_key(&m), 6);
    wl_cbor_put_int(wl_cbor_mapw_value(&m), TS_NOW - 100);
    if (status) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), 65535);
        wl_cbor_put_raw(wl_cbor_mapw_value(&m), status, status_len);
    }
    assert_true(wl_cbor_mapw_finish(&m, &out));
    wl_cbor_mapw_free(&m);
    size_t plen;
    uint8_t *payload = wl_buf_take(&out, &plen);
    uint8_t *cwt = ts_cose(ctx, issuer, NULL, 0, payload, plen, WALLET_COSE_TAGGED, len);
    free(payload);
    return cwt;
}

/* The CBOR Status structure {"status_list": {"idx": idx, "uri": uri}}. */
static inline uint8_t *ts_status_cbor(const char *uri, uint64_t idx, size_t *len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 1);
    wl_cbor_put_cstr(&b, "status_list");
    wl_cbor_put_map(&b, 2);
    wl_cbor_put_cstr(&b, "idx");
    wl_cbor_put_uint(&b, idx);
    wl_cbor_put_cstr(&b, "uri");
    wl_cbor_put_cstr(&b, uri);
    return wl_buf_take(&b, len);
}

#endif /* TEST_STATUS_COMMON_H */
