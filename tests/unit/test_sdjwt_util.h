/*
 * Helpers shared by the SD-JWT unit tests: keys, a standard credential, and
 * hand-made SD-JWTs (any payload, any Disclosure, any KB-JWT) for the
 * negative cases, all signed with real keys so that each case reaches the
 * check it is named for.
 */
#ifndef TEST_SDJWT_UTIL_H
#define TEST_SDJWT_UTIL_H

#include "testutil.h"

#include <cjson/cJSON.h>

#include "crypto/crypto.h"

/* 2026-01-01: the context time of the tests. */
#define SD_NOW ((int64_t)1767225600)
#define SD_ISS "https://citizens.city.example"
#define SD_VCT "https://city.example/credentials/citizen"
#define SD_AUD "https://counter.city.example"
#define SD_NONCE "n-0S6_WzA2Mj"

/* The citizen record: 8 claims that can be disclosed. */
static const char sd_claims[] =
    "{\"given_name\":\"Minh Anh\",\"family_name\":\"Tr\\u1ea7n\",\"birthdate\":\"1990-04-12\","
    "\"is_over_18\":true,\"nationality\":\"VN\","
    "\"address\":{\"street_address\":\"12 Tr\\u00e0ng Ti\\u1ec1n\",\"locality\":\"Ho\\u00e0n Ki\\u1ebfm\","
    "\"country\":\"VN\"},\"phone_number\":\"+84-24-555-0101\",\"email\":\"minh.anh@example.vn\"}";
static const char *const sd_paths8[] = {"given_name",  "family_name", "birthdate",
                                        "is_over_18",  "nationality", "address",
                                        "phone_number", "email"};

typedef struct sd_fix {
    wallet_ctx *ctx;
    wallet_key *issuer;  /* ES256, kid "issuer-1" */
    wallet_key *holder;  /* ES256 */
    wallet_trust *trust; /* trusts the issuer key */
    wallet_policy *policy;
} sd_fix;

static inline void sd_fix_init(sd_fix *f, wallet_alg issuer_alg, wallet_alg holder_alg)
{
    memset(f, 0, sizeof(*f));
    f->ctx = tu_ctx_at(SD_NOW);
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->issuer, issuer_alg));
    tu_assert_ok(f->ctx, wallet_key_set_kid(f->ctx, f->issuer, "issuer-1"));
    tu_assert_ok(f->ctx, wallet_key_generate(f->ctx, &f->holder, holder_alg));
    tu_assert_ok(f->ctx, wallet_trust_new(f->ctx, &f->trust));
    tu_assert_ok(f->ctx, wallet_trust_add_key(f->ctx, f->trust, f->issuer));
    tu_assert_ok(f->ctx, wallet_policy_new(f->ctx, &f->policy));
}

static inline void sd_fix_free(sd_fix *f)
{
    wallet_policy_free(f->policy);
    wallet_trust_free(f->trust);
    wallet_key_free(f->holder);
    wallet_key_free(f->issuer);
    wallet_ctx_free(f->ctx);
}

/* Issue the citizen record: the 8 claims disclosable, iss, vct, validity
 * of one year from SD_NOW - 60, holder key bound. */
static inline char *sd_issue(sd_fix *f, unsigned flags)
{
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_new(f->ctx, &b, f->issuer));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_claims(f->ctx, b, sd_claims, strlen(sd_claims)));
    for (size_t i = 0; i < 8; i++)
        tu_assert_ok(f->ctx, wallet_sdjwt_issuer_add_disclosable(f->ctx, b, sd_paths8[i]));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_issuer(f->ctx, b, SD_ISS));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_vct(f->ctx, b, SD_VCT));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_validity(f->ctx, b, SD_NOW - 60, SD_NOW - 60,
                                                          SD_NOW + 365 * 86400));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_set_holder_key(f->ctx, b, f->holder));
    tu_assert_ok(f->ctx, wallet_sdjwt_issuer_issue(f->ctx, &out, b, flags));
    wallet_sdjwt_issuer_free(b);
    return out;
}

/* Present paths of an issued SD-JWT with a KB-JWT for SD_AUD / SD_NONCE. */
static inline char *sd_present(sd_fix *f, const char *issued, const char *const *paths, size_t n,
                               unsigned flags)
{
    wallet_sdjwt *held = NULL;
    char *out = NULL;
    tu_assert_ok(f->ctx, wallet_sdjwt_parse(f->ctx, &held, issued, strlen(issued)));
    tu_assert_ok(f->ctx, wallet_sdjwt_present(f->ctx, &out, held, paths, n, f->holder, SD_AUD,
                                              SD_NONCE, flags));
    wallet_sdjwt_free(held);
    return out;
}

/* Verify with f->policy; returns the code, *claims (may be NULL) receives
 * the processed claims as parsed JSON. */
static inline wallet_err sd_verify(sd_fix *f, const char *text, cJSON **claims)
{
    wallet_result *r = NULL;
    wallet_err e = wallet_sdjwt_verify(f->ctx, &r, f->trust, f->policy, text, strlen(text));
    assert_non_null(r);
    assert_int_equal(wallet_result_error(r), e);
    if (e) {
        /* fail closed: an invalid result carries nothing */
        assert_null(wallet_result_claims_json(r));
        assert_null(wallet_result_issuer(r));
        assert_null(wallet_result_holder_key(r));
    }
    if (claims)
        *claims = e ? NULL : cJSON_Parse(wallet_result_claims_json(r));
    wallet_result_free(r);
    return e;
}

/* ---- hand-made SD-JWTs ------------------------------------------------------ */

/* base64url of text (malloc'ed). */
static inline char *sd_b64(const char *text)
{
    char *o = NULL;
    if (wallet_b64url_encode(NULL, &o, NULL, (const uint8_t *)text, strlen(text)) != WALLET_OK)
        fail_msg("base64url");
    char *c = strdup(o);
    wallet_free(o);
    return c;
}

/* A Disclosure of the JSON array text `arr` ("[\"salt\",\"name\",value]"). */
static inline char *sd_disc(const char *arr)
{
    return sd_b64(arr);
}

/* base64url(SHA-256(text)) into out (>= 44 bytes). */
static inline void sd_digest(const char *text, char *out)
{
    uint8_t md[32];
    assert_int_equal(wl_hash(NULL, WL_SHA256, (const uint8_t *)text, strlen(text), md), WALLET_OK);
    wl_b64url_encode_raw(out, md, 32);
    out[43] = '\0';
}

/* Sign `payload` (JSON text) with `key` under the extra header members
 * `hdr` (JSON object text, no "alg") and append "~d1~...~dn~". */
static inline char *sd_make(wallet_ctx *ctx, const wallet_key *key, const char *hdr,
                            const char *payload, const char *const *disclosures, size_t n)
{
    char *jws = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &jws, key, WALLET_ALG_NONE, hdr,
                                              (const uint8_t *)payload, strlen(payload)));
    size_t len = strlen(jws) + 2;
    for (size_t i = 0; i < n; i++)
        len += strlen(disclosures[i]) + 1;
    char *out = malloc(len);
    size_t at = (size_t)snprintf(out, len, "%s~", jws);
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(out + at, len - at, "%s~", disclosures[i]);
    wallet_free(jws);
    return out;
}

/* Append a KB-JWT (header members `hdr`, payload text `payload`) signed by
 * key to the SD-JWT `sd` (freed). */
static inline char *sd_add_kb(wallet_ctx *ctx, char *sd, const wallet_key *key, const char *hdr,
                              const char *payload)
{
    char *kb = NULL;
    tu_assert_ok(ctx, wallet_jws_sign_compact(ctx, &kb, key, WALLET_ALG_NONE, hdr,
                                              (const uint8_t *)payload, strlen(payload)));
    size_t len = strlen(sd) + strlen(kb) + 1;
    char *out = malloc(len);
    snprintf(out, len, "%s%s", sd, kb);
    wallet_free(kb);
    free(sd);
    return out;
}

/* The standard KB-JWT payload for `sd` (an SD-JWT ending in '~'):
 * iat, aud, nonce, sd_hash. */
static inline void sd_kb_payload(char *out, size_t cap, const char *sd, int64_t iat,
                                 const char *aud, const char *nonce)
{
    char h[48];
    sd_digest(sd, h);
    snprintf(out, cap, "{\"iat\":%lld,\"aud\":\"%s\",\"nonce\":\"%s\",\"sd_hash\":\"%s\"}",
             (long long)iat, aud, nonce, h);
}

#endif /* TEST_SDJWT_UTIL_H */
