/*
 * Token Status List vectors (vectors/statuslist/, from
 * oauth-wg/draft-ietf-oauth-status-list @ 2fb61cd5, 2026-04-20).
 *
 * - Every Status List (1-bit/16, 2-bit/12, and the 2^20-entry 1/2/4/8-bit
 *   appendix vectors) decodes from its JSON and its CBOR form to the same
 *   bytes, whose length and SHA-256 are expected.json's, and every entry
 *   has the expected status (expected.json's non-zero map; for 8 bits the
 *   draft's 256 ordered assignments applied in order).
 * - The issuer side reproduces each list: a wallet_status_list with the
 *   same entries set gives, in a JWT and in a CWT we sign, exactly the
 *   vector's compressed "lst" (zlib level 9 is deterministic), and the
 *   tokens verify back to the same statuses.
 * - The Status List JWT and CWT examples verify with the example key (kid
 *   "12") and carry the expected claims; the decoded JWT rendering agrees
 *   with the compact one (see README.md for its missing "iss").
 * - The Referenced Token CWT verifies with wallet_verify(), its claim 65535
 *   gives uri and idx 0, and with the example Status List CWT in a cache or
 *   a snapshot it is revoked (status[0] = 1). The SD-JWT Referenced Token
 *   of the draft gives the same reference.
 * - Negative: each example with its signature changed, with a foreign key,
 *   after its exp, with another expected uri, and at an index past its end.
 */
#include <cjson/cJSON.h>

#include "core/internal.h"
#include "crypto/crypto.h"
#include "status/status_int.h"
#include "testutil.h"

#define NOW 1700000000 /* between the examples' iat (1686920170) and exp (2291720170) */
#define SL "statuslist/"
#define LIST_URI "https://example.com/statuslists/1"

/* The draft's SD-JWT example issuer key (RFC 9901 / draft-ietf-oauth-
 * selective-disclosure-jwt-22 Appendix A.5, public half): it signs the
 * SD-JWT Referenced Token the status-list draft prints in §6.2
 * (expected.json: issuer_sig_valid_with_sd_jwt_rfc_example_key_b28d4M). */
static const char sdjwt_example_key[] =
    "{\"kty\":\"EC\",\"crv\":\"P-256\","
    "\"x\":\"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ\","
    "\"y\":\"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8\"}";

static struct {
    int lists_decoded, lists_reproduced, tokens_verified, negatives;
} tally;

/* ---- helpers ------------------------------------------------------------------- */

static cJSON *expected(void)
{
    static cJSON *j;
    if (!j) {
        char *t = (char *)tu_vector(SL "expected.json", NULL);
        j = cJSON_Parse(t);
        free(t);
        if (!j)
            fail_msg("expected.json is not JSON");
    }
    return j;
}

/* An example file with its "byte_array = ..." / "encoded:" lines dropped
 * and all white space removed (the drafts wrap long values at 68 columns). */
static char *example_compact(const char *file)
{
    char rel[256];
    snprintf(rel, sizeof(rel), SL "%s", file);
    char *t = (char *)tu_vector(rel, NULL), *o = t;
    for (char *line = t; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (strncmp(line, "byte_array", 10) != 0 && strncmp(line, "encoded:", 8) != 0)
            for (size_t i = 0; i < n; i++)
                if (!strchr(" \t\r", line[i]))
                    *o++ = line[i];
        line += n + (end ? 1 : 0);
    }
    *o = '\0';
    return t;
}

static wallet_trust *example_trust(wallet_ctx *ctx, wallet_key **priv)
{
    size_t len = 0;
    char *jwk = (char *)tu_vector(SL "example_key.jwk.json", &len);
    wallet_key *k = NULL;
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_key_from_jwk(ctx, &k, jwk, len));
    free(jwk);
    assert_string_equal(wallet_key_kid(k), "12");
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_key(ctx, t, k));
    if (priv)
        *priv = k;
    else
        wallet_key_free(k);
    return t;
}

/* The effective status of every entry: from the non-zero map, or for the
 * 8-bit vector from the ordered assignments (later writes win). */
static uint8_t *expected_statuses(const cJSON *c, uint64_t n)
{
    uint8_t *st = calloc(n, 1);
    assert_non_null(st);
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(c, "nonzero_entries_index_to_status");
    if (cJSON_IsObject(map)) {
        for (const cJSON *e = map->child; e; e = e->next)
            st[strtoull(e->string, NULL, 10)] = (uint8_t)e->valueint;
    } else {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "draft_listed_assignments_in_order");
        assert_true(cJSON_IsArray(a));
        for (const cJSON *e = a->child; e; e = e->next)
            st[(uint64_t)cJSON_GetArrayItem(e, 0)->valuedouble] =
                (uint8_t)cJSON_GetArrayItem(e, 1)->valueint;
    }
    return st;
}

static const char *jstr(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v))
        fail_msg("expected.json: %s is not a string", name);
    return v->valuestring;
}

static double jnum(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(v))
        fail_msg("expected.json: %s is not a number", name);
    return v->valuedouble;
}

static void assert_list_matches(const wallet_status_token *t, const cJSON *c, const uint8_t *st,
                                uint64_t n)
{
    assert_int_equal(t->bits, (unsigned)jnum(c, "bits"));
    assert_int_equal(t->list_len, (size_t)jnum(c, "decompressed_length_bytes"));
    assert_int_equal(wl_status_entries(t->list_len, t->bits), n);
    uint8_t d[32];
    assert_int_equal(wl_hash(NULL, WL_SHA256, t->list, t->list_len, d), WALLET_OK);
    char *hex = wl_hex_encode(d, 32);
    assert_string_equal(hex, jstr(c, "decompressed_sha256"));
    free(hex);
    uint64_t nonzero = 0;
    for (uint64_t i = 0; i < n; i++) {
        unsigned v = wl_status_at(t->list, t->bits, i);
        if (v != st[i])
            fail_msg("%s: entry %llu is %u, want %u", jstr(c, "name"), (unsigned long long)i, v,
                     st[i]);
        nonzero += v != 0;
    }
    assert_int_equal(nonzero, (uint64_t)jnum(c, "num_nonzero_entries"));
}

/* ---- Status Lists ----------------------------------------------------------------- */

static void lists_decode_from_json_and_cbor(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(expected(), "status_list_cases");
    assert_int_equal(cJSON_GetArraySize(cases), 6);
    for (const cJSON *c = cases->child; c; c = c->next) {
        uint64_t n = (uint64_t)jnum(c, "num_entries");
        uint8_t *st = expected_statuses(c, n);

        char *json = example_compact(jstr(c, "json_example_file"));
        wallet_status_token *tj = NULL, *tc = NULL;
        tu_assert_ok(ctx, wl_status_list_parse(ctx, &tj, (const uint8_t *)json, strlen(json), 0));
        /* The unwrapped "lst" is the one expected.json records. */
        cJSON *j = cJSON_Parse(json);
        assert_non_null(j);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "lst")->valuestring,
                            jstr(c, "lst_base64url"));
        cJSON_Delete(j);
        assert_list_matches(tj, c, st, n);

        char *hex = example_compact(jstr(c, "cbor_example_file"));
        assert_string_equal(hex, jstr(c, "cbor_hex"));
        size_t cbor_len = 0;
        uint8_t *cbor = tu_unhex(hex, &cbor_len);
        assert_non_null(cbor);
        tu_assert_ok(ctx, wl_status_list_parse(ctx, &tc, cbor, cbor_len, 1));
        assert_list_matches(tc, c, st, n);
        assert_memory_equal(tj->list, tc->list, tj->list_len);
        tally.lists_decoded++;

        wallet_status_token_free(tj);
        wallet_status_token_free(tc);
        free(cbor);
        free(hex);
        free(json);
        free(st);
    }
    wallet_ctx_free(ctx);
}

/* The "lst" inside a JWT we signed (payload read without verifying: the
 * token is verified separately below). */
static char *jwt_lst(const char *jwt)
{
    const char *a = strchr(jwt, '.'), *b = a ? strchr(a + 1, '.') : NULL;
    assert_non_null(b);
    uint8_t *p = NULL;
    size_t n;
    assert_int_equal(wl_b64url_decode(NULL, &p, &n, a + 1, (size_t)(b - a - 1)), WALLET_OK);
    cJSON *j = cJSON_ParseWithLength((const char *)p, n);
    assert_non_null(j);
    const cJSON *lst = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "status_list"), "lst");
    assert_true(cJSON_IsString(lst));
    char *out = strdup(lst->valuestring);
    cJSON_Delete(j);
    free(p);
    return out;
}

/* The "lst" bytes inside a CWT we signed, as hex. */
static char *cwt_lst_hex(wallet_ctx *ctx, const uint8_t *cwt, size_t len, const wallet_key *key)
{
    wallet_cose_sign1 *msg = NULL;
    tu_assert_ok(ctx, wallet_cose_sign1_parse(ctx, &msg, cwt, len));
    tu_assert_ok(ctx, wallet_cose_sign1_verify(ctx, msg, key, WALLET_ALGSET_ALL, NULL, 0, NULL, 0));
    size_t plen;
    const uint8_t *payload = wallet_cose_sign1_payload(msg, &plen);
    wl_cbor_doc *doc = NULL;
    tu_assert_ok(ctx, wl_cbor_decode(ctx, &doc, payload, plen, 0, NULL));
    const wl_cbor *lst = wl_cbor_map_text(wl_cbor_map_int(wl_cbor_root(doc), WL_CWT_STATUS_LIST),
                                          "lst");
    assert_non_null(lst);
    char *hex = wl_hex_encode(lst->ptr, (size_t)lst->u);
    wl_cbor_doc_free(doc);
    wallet_cose_sign1_free(msg);
    return hex;
}

static void issuer_reproduces_every_list(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *key = NULL;
    wallet_trust *trust = example_trust(ctx, &key);
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(expected(), "status_list_cases");
    for (const cJSON *c = cases->child; c; c = c->next) {
        uint64_t n = (uint64_t)jnum(c, "num_entries");
        unsigned bits = (unsigned)jnum(c, "bits");
        uint8_t *st = expected_statuses(c, n);
        wallet_status_list *l = NULL;
        tu_assert_ok(ctx, wallet_status_list_new(ctx, &l, LIST_URI, bits, n,
                                                 WALLET_STATUS_ALLOC_SEQUENTIAL));
        assert_int_equal(wallet_status_list_size(l), n);
        for (uint64_t i = 0; i < n; i++) {
            uint64_t idx;
            tu_assert_ok(ctx, wallet_status_list_allocate(ctx, &idx, l));
            assert_int_equal(idx, i);
            if (st[i])
                tu_assert_ok(ctx, wallet_status_list_set(ctx, l, i, st[i]));
        }
        tu_assert_err(ctx, wallet_status_list_allocate(ctx, &(uint64_t){0}, l),
                      WALLET_ERR_STATUS_LIST_FULL);

        uint8_t *jwt = NULL, *cwt = NULL;
        size_t jwt_len, cwt_len;
        tu_assert_ok(ctx, wallet_status_list_token(ctx, &jwt, &jwt_len, l, key, NULL, 0,
                                                   WALLET_STATUS_JWT, 86400, 43200));
        tu_assert_ok(ctx, wallet_status_list_token(ctx, &cwt, &cwt_len, l, key, NULL, 0,
                                                   WALLET_STATUS_CWT, 86400, 43200));
        char *lst = jwt_lst((const char *)jwt);
        assert_string_equal(lst, jstr(c, "lst_base64url"));
        char *lst_hex = cwt_lst_hex(ctx, cwt, cwt_len, key);
        assert_string_equal(lst_hex, jstr(c, "cbor_lst_zlib_hex"));

        /* Both tokens verify back to the same statuses. */
        wallet_status_token *t = NULL;
        tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, 0, jwt, jwt_len, LIST_URI));
        assert_list_matches(t, c, st, n);
        wallet_status_token_free(t);
        tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, 0, cwt, cwt_len, LIST_URI));
        assert_list_matches(t, c, st, n);
        assert_int_equal(wallet_status_token_ttl(t), 43200);
        assert_int_equal(wallet_status_token_expires_at(t), NOW + 86400);
        wallet_status_token_free(t);
        tally.lists_reproduced++;

        free(lst);
        free(lst_hex);
        wallet_free(jwt);
        wallet_free(cwt);
        wallet_status_list_free(l);
        free(st);
    }
    wallet_trust_free(trust);
    wallet_key_free(key);
    wallet_ctx_free(ctx);
}

/* ---- Status List Tokens ------------------------------------------------------------ */

static const uint8_t small_list[16] = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};

static void assert_small_list(wallet_ctx *ctx, const wallet_status_token *t)
{
    assert_int_equal(wallet_status_token_bits(t), 1);
    assert_int_equal(wallet_status_token_size(t), 16);
    for (uint64_t i = 0; i < 16; i++) {
        unsigned v;
        tu_assert_ok(ctx, wallet_status_token_get(ctx, &v, t, i));
        assert_int_equal(v, small_list[i]);
    }
}

static void jwt_example_verifies(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *trust = example_trust(ctx, NULL);
    char *jwt = example_compact("draft-examples/status_list_jwt_raw.md");
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(expected(), "tokens"), "status_list_jwt_raw");
    assert_string_equal(jwt, jstr(tok, "compact"));
    wallet_status_token *t = NULL;
    tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, WALLET_ALGSET(WALLET_ALG_ES256),
                                                 (const uint8_t *)jwt, strlen(jwt), LIST_URI));
    assert_int_equal(wallet_status_token_format(t), WALLET_STATUS_JWT);
    assert_string_equal(wallet_status_token_uri(t), LIST_URI);
    assert_string_equal(wallet_status_token_issuer(t), "https://example.com");
    assert_int_equal(wallet_status_token_issued_at(t), 1686920170);
    assert_int_equal(wallet_status_token_expires_at(t), 2291720170);
    assert_int_equal(wallet_status_token_ttl(t), 43200);
    assert_small_list(ctx, t);
    size_t n;
    assert_memory_equal(wallet_status_token_bytes(t, &n), jwt, strlen(jwt));
    wallet_status_token_free(t);

    /* The decoded rendering (status_list_jwt.md) has the same header and
     * the same claims, except "iss" (README.md). */
    char *dec = (char *)tu_vector(SL "draft-examples/status_list_jwt.md", NULL);
    char *dot = strstr(dec, "\n.\n");
    assert_non_null(dot);
    *dot = '\0';
    cJSON *hdr = cJSON_Parse(dec), *claims = cJSON_Parse(dot + 3);
    assert_non_null(hdr);
    assert_non_null(claims);
    cJSON *want_claims = cJSON_Duplicate(cJSON_GetObjectItem(tok, "payload"), 1);
    assert_true(cJSON_Compare(hdr, cJSON_GetObjectItem(tok, "header"), 1));
    assert_non_null(cJSON_GetObjectItem(want_claims, "iss"));
    assert_null(cJSON_GetObjectItem(claims, "iss"));
    cJSON_DeleteItemFromObject(want_claims, "iss");
    assert_true(cJSON_Compare(claims, want_claims, 1));
    cJSON_Delete(want_claims);
    cJSON_Delete(hdr);
    cJSON_Delete(claims);
    free(dec);
    tally.tokens_verified++;
    free(jwt);
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
}

static void cwt_example_verifies(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *trust = example_trust(ctx, NULL);
    char *hex = example_compact("draft-examples/status_list_cwt.md");
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(expected(), "tokens"), "status_list_cwt");
    assert_string_equal(hex, jstr(tok, "hex"));
    size_t len = 0;
    uint8_t *cwt = tu_unhex(hex, &len);
    wallet_status_token *t = NULL;
    tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, WALLET_ALGSET(WALLET_ALG_ES256),
                                                 cwt, len, LIST_URI));
    assert_int_equal(wallet_status_token_format(t), WALLET_STATUS_CWT);
    assert_string_equal(wallet_status_token_uri(t), LIST_URI);
    assert_null(wallet_status_token_issuer(t));
    assert_int_equal(wallet_status_token_issued_at(t), 1686920170);
    assert_int_equal(wallet_status_token_expires_at(t), 2291720170);
    assert_int_equal(wallet_status_token_ttl(t), 43200);
    assert_small_list(ctx, t);
    wallet_status_token_free(t);
    /* The hex text itself is accepted too (files, QR payloads). */
    tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, 0, (const uint8_t *)hex,
                                                 strlen(hex), NULL));
    assert_small_list(ctx, t);
    wallet_status_token_free(t);
    tally.tokens_verified++;
    free(cwt);
    free(hex);
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
}

static void referenced_token_cwt_is_revoked(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_key *key = NULL;
    wallet_trust *trust = example_trust(ctx, &key);
    char *ref = example_compact("draft-examples/referenced_token_cwt.md");
    char *list = example_compact("draft-examples/status_list_cwt.md");
    size_t ref_len = 0, list_len = 0;
    uint8_t *ref_bin = tu_unhex(ref, &ref_len), *list_bin = tu_unhex(list, &list_len);

    /* Without status checking: valid, with the reference in the result. */
    wallet_result *r = NULL;
    tu_assert_ok(ctx, wallet_verify(ctx, &r, trust, NULL, ref_bin, ref_len));
    assert_string_equal(wallet_result_status_uri(r), LIST_URI);
    assert_int_equal(wallet_result_status_index(r), 0);
    assert_int_equal(wallet_result_status(r), -1);
    assert_string_equal(wallet_result_issuer(r), "https://example.com");
    wallet_result_free(r);

    /* With the example list (status[0] = 1) in a cache: revoked. */
    wallet_status_cache *cache = NULL;
    wallet_policy *p = NULL;
    tu_assert_ok(ctx, wallet_status_cache_new(ctx, &cache, 0));
    tu_assert_ok(ctx, wallet_status_cache_add(ctx, cache, trust, 0, list_bin, list_len));
    tu_assert_ok(ctx, wallet_policy_new(ctx, &p));
    tu_assert_ok(ctx, wallet_policy_set_status_cache(ctx, p, cache));
    tu_assert_err(ctx, wallet_verify(ctx, &r, trust, p, ref_bin, ref_len), WALLET_ERR_REVOKED);
    assert_null(wallet_result_claims_json(r));
    wallet_result_free(r);

    /* The same from a signed snapshot, offline. */
    wallet_key *vk = NULL;
    wallet_status_snapshot *snap = NULL, *loaded = NULL;
    uint8_t *bundle = NULL;
    size_t bundle_len;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &vk, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_status_snapshot_new(ctx, &snap));
    tu_assert_ok(ctx, wallet_status_snapshot_add_cache(ctx, snap, cache));
    tu_assert_ok(ctx, wallet_status_snapshot_save(ctx, &bundle, &bundle_len, snap, vk));
    tu_assert_ok(ctx, wallet_status_snapshot_load(ctx, &loaded, bundle, bundle_len, vk));
    wallet_ctx_set_offline(ctx, 1);
    tu_assert_ok(ctx, wallet_policy_set_status_cache(ctx, p, NULL));
    tu_assert_ok(ctx, wallet_policy_set_status_snapshot(ctx, p, loaded, 3600));
    tu_assert_err(ctx, wallet_verify(ctx, &r, trust, p, ref_bin, ref_len), WALLET_ERR_REVOKED);
    wallet_result_free(r);
    tally.tokens_verified++;

    wallet_free(bundle);
    wallet_status_snapshot_free(snap);
    wallet_status_snapshot_free(loaded);
    wallet_key_free(vk);
    wallet_policy_free(p);
    wallet_status_cache_free(cache);
    free(ref_bin);
    free(list_bin);
    free(ref);
    free(list);
    wallet_key_free(key);
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
}

static void sdjwt_referenced_token_gives_the_reference(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(expected(), "tokens"), "referenced_token_sd_jwt_inline");
    const char *sdjwt = jstr(tok, "compact");
    /* The issuer-signed JWT (before the first '~'): its "status" claim is
     * always disclosed, so the plain JWT path already reads it. */
    size_t jwt_len = strcspn(sdjwt, "~");
    wallet_trust *trust = NULL;
    wallet_result *r = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &trust));
    tu_assert_ok(ctx, wallet_trust_add_jwks(ctx, trust, sdjwt_example_key,
                                            strlen(sdjwt_example_key)));
    tu_assert_ok(ctx, wallet_verify(ctx, &r, trust, NULL, (const uint8_t *)sdjwt, jwt_len));
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(tok, "processed_payload"),
                                             "status"),
            "status_list"),
        "uri");
    assert_string_equal(wallet_result_status_uri(r), ref->valuestring);
    assert_int_equal(wallet_result_status_index(r), 0);
    wallet_result_free(r);
    /* The aggregation example lists URIs a verifier could prefetch. */
    const cJSON *agg = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(expected(), "status_list_aggregation_example"),
        "status_lists");
    assert_int_equal(cJSON_GetArraySize(agg), 3);
    for (const cJSON *u = agg->child; u; u = u->next)
        assert_true(wl_status_uri_ok(u->valuestring, strlen(u->valuestring)));
    tally.tokens_verified++;
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
}

/* ---- negatives on the examples ------------------------------------------------------ */

static void examples_rejected_when_wrong(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(NOW);
    wallet_trust *trust = example_trust(ctx, NULL);
    char *jwt = example_compact("draft-examples/status_list_jwt_raw.md");
    char *hex = example_compact("draft-examples/status_list_cwt.md");
    size_t cwt_len = 0, jwt_len = strlen(jwt);
    uint8_t *cwt = tu_unhex(hex, &cwt_len);
    wallet_status_token *t = NULL;

    /* signature changed */
    char *bad = strdup(jwt);
    bad[jwt_len - 5] = bad[jwt_len - 5] == 'A' ? 'B' : 'A';
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, (uint8_t *)bad, jwt_len, NULL),
                  WALLET_ERR_SIGNATURE);
    assert_null(t);
    free(bad);
    uint8_t *badc = malloc(cwt_len);
    memcpy(badc, cwt, cwt_len);
    badc[cwt_len - 3] ^= 0x01;
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, badc, cwt_len, NULL),
                  WALLET_ERR_SIGNATURE);
    /* a claim changed under the signature */
    memcpy(badc, cwt, cwt_len);
    uint8_t *sub = memmem(badc, cwt_len, "statuslists/1", 13);
    assert_non_null(sub);
    sub[12] = '2';
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, badc, cwt_len, NULL),
                  WALLET_ERR_SIGNATURE);
    free(badc);

    /* a foreign key with the same kid */
    wallet_key *other = NULL;
    wallet_trust *wrong = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &other, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_set_kid(ctx, other, "12"));
    tu_assert_ok(ctx, wallet_trust_new(ctx, &wrong));
    tu_assert_ok(ctx, wallet_trust_add_key(ctx, wrong, other));
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, wrong, 0, (uint8_t *)jwt, jwt_len, NULL),
                  WALLET_ERR_SIGNATURE);
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, wrong, 0, cwt, cwt_len, NULL),
                  WALLET_ERR_SIGNATURE);
    /* an algorithm outside the allow-list */
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, WALLET_ALGSET(WALLET_ALG_EDDSA),
                                                  (uint8_t *)jwt, jwt_len, NULL),
                  WALLET_ERR_ALG_NOT_ALLOWED);

    /* the list of another uri (draft §8.3 step 4a) */
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, (uint8_t *)jwt, jwt_len,
                                                  "https://example.com/statuslists/2"),
                  WALLET_ERR_STATUS_SUBJECT);
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, cwt, cwt_len,
                                                  "https://example.com/statuslists/2"),
                  WALLET_ERR_STATUS_SUBJECT);

    /* after exp (2291720170 + skew) */
    wallet_ctx_set_time(ctx, 2291720170 + 61);
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, (uint8_t *)jwt, jwt_len, NULL),
                  WALLET_ERR_EXPIRED);
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, cwt, cwt_len, NULL),
                  WALLET_ERR_EXPIRED);
    wallet_ctx_set_time(ctx, NOW);

    /* an index past the 16 entries (draft §8.3 step 6) */
    tu_assert_ok(ctx, wallet_status_token_verify(ctx, &t, trust, 0, cwt, cwt_len, NULL));
    unsigned v = 9;
    tu_assert_err(ctx, wallet_status_token_get(ctx, &v, t, 16), WALLET_ERR_STATUS_INDEX);
    assert_int_equal(v, 0);
    wallet_status_token_free(t);
    t = NULL;

    /* the CWT untagged, or with the CWT tag 61 around it (draft §5.2) */
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, cwt + 1, cwt_len - 1, NULL),
                  WALLET_ERR_COSE_FORMAT);
    uint8_t *tagged = malloc(cwt_len + 2);
    tagged[0] = 0xD8;
    tagged[1] = 0x3D;
    memcpy(tagged + 2, cwt, cwt_len);
    tu_assert_err(ctx, wallet_status_token_verify(ctx, &t, trust, 0, tagged, cwt_len + 2, NULL),
                  WALLET_ERR_COSE_FORMAT);
    free(tagged);
    tally.negatives += 12;

    wallet_trust_free(wrong);
    wallet_key_free(other);
    free(cwt);
    free(hex);
    free(jwt);
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
}

static int summary(void **state)
{
    (void)state;
    printf("statuslist vectors: %d/6 lists decoded (JSON and CBOR agree), %d/6 reproduced "
           "byte for byte by the issuer (JWT and CWT), %d/4 tokens verified, %d negative "
           "checks\n",
           tally.lists_decoded, tally.lists_reproduced, tally.tokens_verified, tally.negatives);
    cJSON_Delete(expected());
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_decode_from_json_and_cbor),
        cmocka_unit_test(issuer_reproduces_every_list),
        cmocka_unit_test(jwt_example_verifies),
        cmocka_unit_test(cwt_example_verifies),
        cmocka_unit_test(referenced_token_cwt_is_revoked),
        cmocka_unit_test(sdjwt_referenced_token_gives_the_reference),
        cmocka_unit_test(examples_rejected_when_wrong),
    };
    return cmocka_run_group_tests(tests, NULL, summary);
}
