/*
 * SD-JWT refusals: each test is named for one defect and asserts the
 * specific wallet_err. The SD-JWTs are made by hand (signed with the real
 * issuer key, KB-JWTs with the real holder key), so that each one is valid
 * except for its defect and reaches the check it is named for.
 */
#include "test_sdjwt_util.h"

static wallet_ctx *ctx;
static wallet_key *issuer, *holder, *other;
static wallet_trust *trust;
static wallet_policy *policy;
static char holder_jwk[512];

/* Typical Disclosures and their digests. */
static char *d_name, *d_email, *d_elem;
static char h_name[48], h_email[48], h_elem[48];

static int group_setup(void **state)
{
    (void)state;
    ctx = tu_ctx_at(SD_NOW);
    if (wallet_key_generate(ctx, &issuer, WALLET_ALG_ES256) ||
        wallet_key_set_kid(ctx, issuer, "issuer-1") ||
        wallet_key_generate(ctx, &holder, WALLET_ALG_ES256) ||
        wallet_key_generate(ctx, &other, WALLET_ALG_ES256) || wallet_trust_new(ctx, &trust) ||
        wallet_trust_add_key(ctx, trust, issuer))
        return -1;
    char *j = NULL;
    if (wallet_key_to_jwk(ctx, &j, holder, WALLET_EXPORT_PUBLIC))
        return -1;
    snprintf(holder_jwk, sizeof(holder_jwk), "%s", j);
    wallet_free(j);
    d_name = sd_disc("[\"c2FsdC0xLXNhbHQtMS1zYWx0\",\"given_name\",\"Minh Anh\"]");
    d_email = sd_disc("[\"c2FsdC0yLXNhbHQtMi1zYWx0\",\"email\",\"minh@example.vn\"]");
    d_elem = sd_disc("[\"c2FsdC0zLXNhbHQtMy1zYWx0\",\"VN\"]");
    sd_digest(d_name, h_name);
    sd_digest(d_email, h_email);
    sd_digest(d_elem, h_elem);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(d_name);
    free(d_email);
    free(d_elem);
    wallet_trust_free(trust);
    wallet_key_free(issuer);
    wallet_key_free(holder);
    wallet_key_free(other);
    wallet_ctx_free(ctx);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    wallet_ctx_set_time(ctx, SD_NOW);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 1024 * 1024);
    wallet_ctx_limit(ctx, WALLET_LIMIT_DISCLOSURES, 1024);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 32);
    return wallet_policy_new(ctx, &policy) == WALLET_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wallet_policy_free(policy);
    policy = NULL;
    return 0;
}

#define VC_HDR "{\"typ\":\"dc+sd-jwt\"}"

/* An SD-JWT VC payload: iss, vct, iat, exp, cnf, then `extra` members. */
static char *payload(const char *extra)
{
    static char buf[8192];
    snprintf(buf, sizeof(buf),
             "{\"iss\":\"" SD_ISS "\",\"vct\":\"" SD_VCT "\",\"iat\":%lld,\"exp\":%lld,"
             "\"cnf\":{\"jwk\":%s}%s%s}",
             (long long)SD_NOW - 10, (long long)SD_NOW + 86400, holder_jwk, *extra ? "," : "",
             extra);
    return buf;
}

/* Make, verify with `policy`, free; return the code. */
static wallet_err check(char *sd)
{
    wallet_result *r = NULL;
    wallet_err e = wallet_sdjwt_verify(ctx, &r, trust, policy, sd, strlen(sd));
    assert_non_null(r);
    assert_int_equal(wallet_result_error(r), e);
    if (e) {
        assert_null(wallet_result_claims_json(r));
        assert_null(wallet_result_holder_key(r));
        assert_string_equal(wallet_result_format(r), "dc+sd-jwt");
    }
    wallet_result_free(r);
    free(sd);
    return e;
}

static char *mk(const char *extra, const char *const *d, size_t n)
{
    return sd_make(ctx, issuer, VC_HDR, payload(extra), d, n);
}

/* The standard SD-JWT: given_name and email disclosable. */
static char *standard(void)
{
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\",\"%s\"]", h_name, h_email);
    const char *d[] = {d_name, d_email};
    return mk(extra, d, 2);
}

/* Append a standard KB-JWT (iat, aud, nonce, sd_hash over sd). */
static char *kb(char *sd, const wallet_key *key, int64_t iat, const char *aud, const char *nonce)
{
    char pl[512];
    sd_kb_payload(pl, sizeof(pl), sd, iat, aud, nonce);
    return sd_add_kb(ctx, sd, key, "{\"typ\":\"kb+jwt\"}", pl);
}

static void require_kb(void)
{
    tu_assert_ok(ctx, wallet_policy_set_audience(ctx, policy, SD_AUD));
    tu_assert_ok(ctx, wallet_policy_set_nonce(ctx, policy, SD_NONCE));
}

/* ---- sanity: the hand-made credential is valid ---------------------------------- */

static void test_control_handmade_sdjwt_and_kb_verify(void **state)
{
    (void)state;
    tu_assert_ok(ctx, check(standard()));
    require_kb();
    tu_assert_ok(ctx, check(kb(standard(), holder, SD_NOW, SD_AUD, SD_NONCE)));
}

/* ---- Disclosures ------------------------------------------------------------------ */

static void test_tampered_disclosure(void **state)
{
    (void)state;
    char *sd = standard();
    char *t = strstr(sd, d_name);
    t[10] = t[10] == 'A' ? 'B' : 'A';
    tu_assert_err(ctx, check(sd), WALLET_ERR_SDJWT_UNREFERENCED);
}

static void test_wrong_salt(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h_name);
    char *forged = sd_disc("[\"b3RoZXItc2FsdC1vdGhlci1zYQ\",\"given_name\",\"Minh Anh\"]");
    const char *d[] = {forged};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_UNREFERENCED);
    free(forged);
}

static void test_changed_value_same_salt(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h_name);
    char *forged = sd_disc("[\"c2FsdC0xLXNhbHQtMS1zYWx0\",\"given_name\",\"Mallory\"]");
    const char *d[] = {forged};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_UNREFERENCED);
    free(forged);
}

static void test_disclosure_not_referenced(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h_name);
    const char *d[] = {d_name, d_email};
    tu_assert_err(ctx, check(mk(extra, d, 2)), WALLET_ERR_SDJWT_UNREFERENCED);
}

static void test_duplicate_digest_in_one_sd_array(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\",\"%s\"]", h_name, h_name);
    const char *d[] = {d_name};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_DUPLICATE_DIGEST);
}

static void test_duplicate_digest_in_two_objects(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"],\"address\":{\"_sd\":[\"%s\"]}", h_email,
             h_email);
    const char *d[] = {d_email};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_DUPLICATE_DIGEST);
}

static void test_duplicate_undisclosed_digest(void **state)
{
    (void)state;
    /* §7.1 step 4 holds for digests without a Disclosure (decoys) too. */
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\",\"%s\"]", h_name, h_name);
    tu_assert_err(ctx, check(mk(extra, NULL, 0)), WALLET_ERR_SDJWT_DUPLICATE_DIGEST);
}

static void test_duplicate_digest_as_element_and_claim(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"],\"n\":[{\"...\":\"%s\"}]", h_elem, h_elem);
    tu_assert_err(ctx, check(mk(extra, NULL, 0)), WALLET_ERR_SDJWT_DUPLICATE_DIGEST);
}

static void test_reused_disclosure(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h_name);
    const char *d[] = {d_name, d_name};
    tu_assert_err(ctx, check(mk(extra, d, 2)), WALLET_ERR_SDJWT_DISCLOSURE_REUSED);
}

static void test_disclosure_referencing_itself(void **state)
{
    (void)state;
    /* A Disclosure cannot contain its own digest (it would need a hash
     * fixed point); a digest cycle through two Disclosures: A holds B's
     * digest and B holds A's is equally impossible. What remains is a
     * digest used twice through nesting. */
    char *inner = sd_disc("[\"c2FsdC00LXNhbHQtNC1zYWx0\",\"x\",1]");
    char hi[48];
    sd_digest(inner, hi);
    char outer_text[256];
    snprintf(outer_text, sizeof(outer_text), "[\"c2FsdC01LXNhbHQtNS1zYWx0\",\"o\",{\"_sd\":[\"%s\"]}]",
             hi);
    char *outer = sd_disc(outer_text);
    char ho[48];
    sd_digest(outer, ho);
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\",\"%s\"]", ho, hi);
    const char *d[] = {outer, inner};
    tu_assert_err(ctx, check(mk(extra, d, 2)), WALLET_ERR_SDJWT_DUPLICATE_DIGEST);
    free(inner);
    free(outer);
}

static void test_bad_base64url_disclosure(void **state)
{
    (void)state;
    /* length 1 mod 4: no byte string encodes to it */
    const char *d[] = {"WyJhIiwiYiIsImMiXQAAA"};
    char extra[128], h[48];
    sd_digest(d[0], h);
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h);
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_BASE64);
}

static void test_disclosure_not_canonical_base64url(void **state)
{
    (void)state;
    /* "WyIxIl1" decodes like "WyIxIl0" with non-zero trailing bits */
    const char *d[] = {"WyJhIiwiYiIsMV1"};
    char extra[128];
    char h[48];
    sd_digest(d[0], h);
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h);
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_BASE64);
}

static void test_disclosure_not_json(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"salt\",\"name\",");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_disclosure_is_object(void **state)
{
    (void)state;
    char *d0 = sd_disc("{\"salt\":\"s\",\"name\":\"n\"}");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_disclosure_of_four_elements(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",\"name\",1,2]");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_disclosure_of_one_element(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\"]");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_disclosure_salt_not_string(void **state)
{
    (void)state;
    char *d0 = sd_disc("[12345,\"name\",\"v\"]");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_disclosure_name_not_string(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",7,\"v\"]");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_disclosure_with_duplicate_member(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",\"o\",{\"a\":1,\"a\":2}]");
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk("", d, 1)), WALLET_ERR_SDJWT_DISCLOSURE);
    free(d0);
}

static void test_empty_disclosure(void **state)
{
    (void)state;
    char *sd = standard();
    size_t n = strlen(sd);
    char *t = malloc(n + 2);
    snprintf(t, n + 2, "%s~", sd); /* "...~~": an empty Disclosure */
    free(sd);
    tu_assert_err(ctx, check(t), WALLET_ERR_SDJWT_FORMAT);
}

/* ---- "_sd" / "..." misuse --------------------------------------------------------- */

static void test_sd_not_an_array(void **state)
{
    (void)state;
    char extra[128];
    snprintf(extra, sizeof(extra), "\"_sd\":\"%s\"", h_name);
    tu_assert_err(ctx, check(mk(extra, NULL, 0)), WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_sd_with_non_string_digest(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(mk("\"_sd\":[42]", NULL, 0)), WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_array_digest_not_a_string(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(mk("\"n\":[{\"...\":42}]", NULL, 0)), WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_dots_with_other_members(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"n\":[{\"...\":\"%s\",\"x\":1}]", h_elem);
    const char *d[] = {d_elem};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_dots_as_claim_outside_array(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"...\":\"%s\"", h_elem);
    tu_assert_err(ctx, check(mk(extra, NULL, 0)), WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_sd_alg_below_top_level(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(mk("\"address\":{\"_sd_alg\":\"sha-256\"}", NULL, 0)),
                  WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_disclosure_named_sd(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",\"_sd\",[\"x\"]]");
    char h[48], extra[128];
    sd_digest(d0, h);
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h);
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_SD_MISUSE);
    free(d0);
}

static void test_disclosure_named_dots(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",\"...\",\"x\"]");
    char h[48], extra[128];
    sd_digest(d0, h);
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h);
    const char *d[] = {d0};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_SD_MISUSE);
    free(d0);
}

static void test_array_disclosure_referenced_from_sd(void **state)
{
    (void)state;
    char extra[128];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h_elem);
    const char *d[] = {d_elem};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_DISCLOSURE_KIND);
}

static void test_claim_disclosure_referenced_from_array(void **state)
{
    (void)state;
    char extra[128];
    snprintf(extra, sizeof(extra), "\"n\":[{\"...\":\"%s\"}]", h_name);
    const char *d[] = {d_name};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_DISCLOSURE_KIND);
}

static void test_disclosed_claim_already_exists(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"given_name\":\"Plain\",\"_sd\":[\"%s\"]", h_name);
    const char *d[] = {d_name};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_CLAIM_EXISTS);
}

static void test_unsupported_sd_alg(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(mk("\"_sd_alg\":\"md5\"", NULL, 0)), WALLET_ERR_SDJWT_HASH_ALG);
}

static void test_sd_alg_not_a_string(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(mk("\"_sd_alg\":256", NULL, 0)), WALLET_ERR_SDJWT_SD_MISUSE);
}

static void test_digest_with_other_hash_than_sd_alg(void **state)
{
    (void)state;
    /* The Disclosure's SHA-256 digest in a payload declaring sha-512. */
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd_alg\":\"sha-512\",\"_sd\":[\"%s\"]", h_name);
    const char *d[] = {d_name};
    tu_assert_err(ctx, check(mk(extra, d, 1)), WALLET_ERR_SDJWT_UNREFERENCED);
}

/* ---- limits --------------------------------------------------------------------------- */

static void test_oversized_input(void **state)
{
    (void)state;
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 200);
    tu_assert_err(ctx, check(standard()), WALLET_ERR_TOO_LARGE);
}

static void test_too_many_disclosures(void **state)
{
    (void)state;
    wallet_ctx_limit(ctx, WALLET_LIMIT_DISCLOSURES, 1);
    tu_assert_err(ctx, check(standard()), WALLET_ERR_TOO_LARGE);
}

static void test_nesting_past_the_limit(void **state)
{
    (void)state;
    /* Each Disclosure is shallow, but they nest: d0 holds d1's digest in an
     * object, d1 holds d2's, ... — 12 levels through Disclosures. */
    enum { N = 12 };
    char *d[N];
    char h[48] = "";
    for (int i = N - 1; i >= 0; i--) {
        char text[256];
        if (i == N - 1)
            snprintf(text, sizeof(text), "[\"c2FsdC0%d\",\"k\",1]", i);
        else
            snprintf(text, sizeof(text), "[\"c2FsdC0%d\",\"k\",{\"_sd\":[\"%s\"]}]", i, h);
        d[i] = sd_disc(text);
        sd_digest(d[i], h);
    }
    char extra[128];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 8);
    tu_assert_err(ctx, check(mk(extra, (const char *const *)d, N)), WALLET_ERR_TOO_DEEP);
    wallet_ctx_limit(ctx, WALLET_LIMIT_JSON_DEPTH, 32);
    tu_assert_ok(ctx, check(mk(extra, (const char *const *)d, N)));
    for (int i = 0; i < N; i++)
        free(d[i]);
}

/* ---- structure ----------------------------------------------------------------------- */

static void test_no_tilde(void **state)
{
    (void)state;
    char *sd = standard();
    *strchr(sd, '~') = '\0';
    tu_assert_err(ctx, check(sd), WALLET_ERR_SDJWT_FORMAT);
}

static void test_trailing_garbage(void **state)
{
    (void)state;
    char *sd = standard();
    size_t n = strlen(sd);
    char *t = malloc(n + 8);
    snprintf(t, n + 8, "%s x!", sd);
    free(sd);
    tu_assert_err(ctx, check(t), WALLET_ERR_SDJWT_FORMAT);
}

static void test_text_after_kb_jwt(void **state)
{
    (void)state;
    char *sd = kb(standard(), holder, SD_NOW, SD_AUD, SD_NONCE);
    size_t n = strlen(sd);
    char *t = malloc(n + 2);
    snprintf(t, n + 2, "%s~", sd); /* the KB-JWT now reads as a Disclosure */
    free(sd);
    tu_assert_err(ctx, check(t), WALLET_ERR_SDJWT_FORMAT);
}

static void test_issuer_jwt_of_two_parts(void **state)
{
    (void)state;
    char *sd = standard();
    char *tilde = strchr(sd, '~'), *dot = tilde;
    while (*dot != '.')
        dot--;
    memmove(dot, tilde, strlen(tilde) + 1); /* "<h>.<p>~..." */
    tu_assert_err(ctx, check(sd), WALLET_ERR_SDJWT_FORMAT);
}

static void test_payload_not_an_object(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(sd_make(ctx, issuer, VC_HDR, "[1,2]", NULL, 0)), WALLET_ERR_JSON_TYPE);
}

/* ---- issuer signature ----------------------------------------------------------------- */

static void test_tampered_issuer_payload(void **state)
{
    (void)state;
    char *sd = standard();
    char *p = strchr(sd, '.') + 20;
    *p = *p == 'A' ? 'B' : 'A';
    tu_assert_err(ctx, check(sd), WALLET_ERR_SIGNATURE);
}

static void test_untrusted_issuer_key(void **state)
{
    (void)state;
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\"]", h_name);
    const char *d[] = {d_name};
    tu_assert_err(ctx, check(sd_make(ctx, other, VC_HDR, payload(extra), d, 1)),
                  WALLET_ERR_SIGNATURE);
    tu_assert_err(ctx, check(sd_make(ctx, other, "{\"typ\":\"dc+sd-jwt\",\"kid\":\"unknown\"}",
                                     payload(extra), d, 1)),
                  WALLET_ERR_KEY_NOT_FOUND);
}

static void test_alg_none(void **state)
{
    (void)state;
    char *h = sd_b64("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}");
    char *p = sd_b64(payload(""));
    size_t n = strlen(h) + strlen(p) + 8;
    char *sd = malloc(n);
    snprintf(sd, n, "%s.%s.~", h, p);
    free(h);
    free(p);
    tu_assert_err(ctx, check(sd), WALLET_ERR_ALG_NOT_ALLOWED);
}

static void test_hs256_with_public_key_as_secret(void **state)
{
    (void)state;
    /* The classic attack: HMAC keyed with the issuer's public JWK text. */
    char *h = sd_b64("{\"alg\":\"HS256\",\"typ\":\"dc+sd-jwt\"}");
    char *p = sd_b64(payload(""));
    char *pubjwk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &pubjwk, issuer, WALLET_EXPORT_PUBLIC));
    size_t n = strlen(h) + strlen(p) + 128;
    char *sd = malloc(n);
    int k = snprintf(sd, n, "%s.%s", h, p);
    uint8_t mac[32];
    assert_int_equal(wl_hmac(NULL, WL_SHA256, (const uint8_t *)pubjwk, strlen(pubjwk),
                             (const uint8_t *)sd, (size_t)k, mac),
                     WALLET_OK);
    sd[k++] = '.';
    wl_b64url_encode_raw(sd + k, mac, 32);
    k += 43;
    snprintf(sd + k, n - (size_t)k, "~");
    wallet_free(pubjwk);
    free(h);
    free(p);
    tu_assert_err(ctx, check(sd), WALLET_ERR_ALG_NOT_ALLOWED);
}

static void test_unknown_crit(void **state)
{
    (void)state;
    tu_assert_err(ctx,
                  check(sd_make(ctx, issuer, "{\"typ\":\"dc+sd-jwt\",\"crit\":[\"x-city\"],\"x-city\":1}",
                                payload(""), NULL, 0)),
                  WALLET_ERR_CRIT_UNKNOWN);
}

static void test_algorithm_outside_policy(void **state)
{
    (void)state;
    tu_assert_ok(ctx, wallet_policy_set_algs(ctx, policy, WALLET_ALGSET(WALLET_ALG_EDDSA)));
    tu_assert_err(ctx, check(standard()), WALLET_ERR_ALG_NOT_ALLOWED);
}

/* ---- type and SD-JWT VC rules ----------------------------------------------------------- */

static void test_wrong_typ(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(sd_make(ctx, issuer, "{\"typ\":\"JWT\"}", payload(""), NULL, 0)),
                  WALLET_ERR_TYPE);
}

static void test_missing_typ(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(sd_make(ctx, issuer, NULL, payload(""), NULL, 0)), WALLET_ERR_TYPE);
}

static void test_vc_without_vct(void **state)
{
    (void)state;
    char pl[1024];
    snprintf(pl, sizeof(pl), "{\"iss\":\"" SD_ISS "\",\"cnf\":{\"jwk\":%s}}", holder_jwk);
    tu_assert_err(ctx, check(sd_make(ctx, issuer, VC_HDR, pl, NULL, 0)), WALLET_ERR_SDJWT_VCT);
}

static void test_vc_with_vct_not_a_string(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(sd_make(ctx, issuer, VC_HDR, "{\"vct\":[\"a\"]}", NULL, 0)),
                  WALLET_ERR_SDJWT_VCT);
}

static void test_vc_exp_selectively_disclosed(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",\"exp\",1800000000]");
    char h[48];
    sd_digest(d0, h);
    char pl[1024];
    snprintf(pl, sizeof(pl), "{\"iss\":\"" SD_ISS "\",\"vct\":\"" SD_VCT "\",\"_sd\":[\"%s\"]}", h);
    const char *d[] = {d0};
    tu_assert_err(ctx, check(sd_make(ctx, issuer, VC_HDR, pl, d, 1)),
                  WALLET_ERR_SDJWT_NOT_DISCLOSABLE);
    free(d0);
}

static void test_vc_vct_selectively_disclosed(void **state)
{
    (void)state;
    char *d0 = sd_disc("[\"c2FsdA\",\"vct\",\"" SD_VCT "\"]");
    char h[48];
    sd_digest(d0, h);
    char pl[512];
    snprintf(pl, sizeof(pl), "{\"iss\":\"" SD_ISS "\",\"_sd\":[\"%s\"]}", h);
    const char *d[] = {d0};
    tu_assert_err(ctx, check(sd_make(ctx, issuer, VC_HDR, pl, d, 1)),
                  WALLET_ERR_SDJWT_NOT_DISCLOSABLE);
    free(d0);
}

/* ---- validity ---------------------------------------------------------------------------- */

static void test_expired(void **state)
{
    (void)state;
    wallet_ctx_set_time(ctx, SD_NOW + 86400 + 61);
    tu_assert_err(ctx, check(standard()), WALLET_ERR_EXPIRED);
}

static void test_not_yet_valid(void **state)
{
    (void)state;
    char extra[64];
    snprintf(extra, sizeof(extra), "\"nbf\":%lld", (long long)SD_NOW + 3600);
    tu_assert_err(ctx, check(mk(extra, NULL, 0)), WALLET_ERR_NOT_YET_VALID);
}

static void test_issued_in_the_future(void **state)
{
    (void)state;
    wallet_ctx_set_time(ctx, SD_NOW - 3600);
    tu_assert_err(ctx, check(standard()), WALLET_ERR_NOT_YET_VALID);
}

static void test_exp_not_a_number(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(sd_make(ctx, issuer, VC_HDR, "{\"vct\":\"v\",\"exp\":\"tomorrow\"}", NULL, 0)),
                  WALLET_ERR_JSON_TYPE);
}

static void test_status_list_without_uri(void **state)
{
    (void)state;
    tu_assert_err(ctx, check(mk("\"status\":{\"status_list\":{\"idx\":3}}", NULL, 0)),
                  WALLET_ERR_JSON_TYPE);
}

static void test_cnf_jwk_not_on_curve(void **state)
{
    (void)state;
    tu_assert_err(ctx,
                  check(sd_make(ctx, issuer, VC_HDR,
                                "{\"vct\":\"v\",\"cnf\":{\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\","
                                "\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
                                "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}}}",
                                NULL, 0)),
                  WALLET_ERR_KEY_INVALID);
}

/* ---- key binding ---------------------------------------------------------------------- */

static void test_kb_missing_when_required(void **state)
{
    (void)state;
    tu_assert_ok(ctx, wallet_policy_require_holder_binding(ctx, policy, 1));
    tu_assert_err(ctx, check(standard()), WALLET_ERR_HOLDER_BINDING);
}

static void test_kb_missing_when_nonce_expected(void **state)
{
    (void)state;
    tu_assert_ok(ctx, wallet_policy_set_nonce(ctx, policy, SD_NONCE));
    tu_assert_err(ctx, check(standard()), WALLET_ERR_HOLDER_BINDING);
}

static void test_kb_by_the_wrong_key(void **state)
{
    (void)state;
    require_kb();
    tu_assert_err(ctx, check(kb(standard(), other, SD_NOW, SD_AUD, SD_NONCE)),
                  WALLET_ERR_SDJWT_KB_SIGNATURE);
}

static void test_kb_by_a_key_of_another_type(void **state)
{
    (void)state;
    wallet_key *ed = NULL;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &ed, WALLET_ALG_EDDSA));
    require_kb();
    tu_assert_err(ctx, check(kb(standard(), ed, SD_NOW, SD_AUD, SD_NONCE)),
                  WALLET_ERR_SDJWT_KB_SIGNATURE);
    wallet_key_free(ed);
}

static void test_kb_wrong_aud(void **state)
{
    (void)state;
    require_kb();
    tu_assert_err(ctx, check(kb(standard(), holder, SD_NOW, "https://evil.example", SD_NONCE)),
                  WALLET_ERR_AUDIENCE);
}

static void test_kb_wrong_nonce(void **state)
{
    (void)state;
    require_kb();
    tu_assert_err(ctx, check(kb(standard(), holder, SD_NOW, SD_AUD, "replayed-nonce")),
                  WALLET_ERR_NONCE);
}

static void test_kb_stale_iat(void **state)
{
    (void)state;
    require_kb();
    tu_assert_err(ctx, check(kb(standard(), holder, SD_NOW - 300 - 61, SD_AUD, SD_NONCE)),
                  WALLET_ERR_SDJWT_KB_STALE);
}

static void test_kb_iat_in_the_future(void **state)
{
    (void)state;
    require_kb();
    tu_assert_err(ctx, check(kb(standard(), holder, SD_NOW + 61, SD_AUD, SD_NONCE)),
                  WALLET_ERR_SDJWT_KB_STALE);
}

static void test_kb_wrong_sd_hash(void **state)
{
    (void)state;
    require_kb();
    /* sd_hash over the SD-JWT with both Disclosures, sent with one. */
    char *full = standard();
    char pl[512];
    sd_kb_payload(pl, sizeof(pl), full, SD_NOW, SD_AUD, SD_NONCE);
    free(full);
    char extra[256];
    snprintf(extra, sizeof(extra), "\"_sd\":[\"%s\",\"%s\"]", h_name, h_email);
    const char *d[] = {d_name};
    char *sd = sd_add_kb(ctx, mk(extra, d, 1), holder, "{\"typ\":\"kb+jwt\"}", pl);
    tu_assert_err(ctx, check(sd), WALLET_ERR_SDJWT_SD_HASH);
}

static void test_kb_disclosure_dropped_after_signing(void **state)
{
    (void)state;
    require_kb();
    char *sd = kb(standard(), holder, SD_NOW, SD_AUD, SD_NONCE);
    /* remove "<d_email>~" from the middle */
    char *p = strstr(sd, d_email);
    size_t dl = strlen(d_email) + 1;
    memmove(p, p + dl, strlen(p + dl) + 1);
    tu_assert_err(ctx, check(sd), WALLET_ERR_SDJWT_SD_HASH);
}

static void test_kb_wrong_typ(void **state)
{
    (void)state;
    require_kb();
    char *sd = standard();
    char pl[512];
    sd_kb_payload(pl, sizeof(pl), sd, SD_NOW, SD_AUD, SD_NONCE);
    tu_assert_err(ctx, check(sd_add_kb(ctx, sd, holder, "{\"typ\":\"JWT\"}", pl)), WALLET_ERR_TYPE);
}

static void test_kb_missing_sd_hash(void **state)
{
    (void)state;
    require_kb();
    char pl[256];
    snprintf(pl, sizeof(pl), "{\"iat\":%lld,\"aud\":\"" SD_AUD "\",\"nonce\":\"" SD_NONCE "\"}",
             (long long)SD_NOW);
    tu_assert_err(ctx, check(sd_add_kb(ctx, standard(), holder, "{\"typ\":\"kb+jwt\"}", pl)),
                  WALLET_ERR_SDJWT_KB_FORMAT);
}

static void test_kb_aud_is_an_array(void **state)
{
    (void)state;
    require_kb();
    char *sd = standard();
    char h[48], pl[512];
    sd_digest(sd, h);
    snprintf(pl, sizeof(pl),
             "{\"iat\":%lld,\"aud\":[\"" SD_AUD "\"],\"nonce\":\"" SD_NONCE "\",\"sd_hash\":\"%s\"}",
             (long long)SD_NOW, h);
    tu_assert_err(ctx, check(sd_add_kb(ctx, sd, holder, "{\"typ\":\"kb+jwt\"}", pl)),
                  WALLET_ERR_SDJWT_KB_FORMAT);
}

static void test_kb_not_a_jwt(void **state)
{
    (void)state;
    require_kb();
    char *sd = standard();
    size_t n = strlen(sd);
    char *t = malloc(n + 16);
    snprintf(t, n + 16, "%seyJhIjoxfQ.eA", sd); /* two parts */
    free(sd);
    tu_assert_err(ctx, check(t), WALLET_ERR_SDJWT_KB_FORMAT);
}

static void test_kb_alg_none(void **state)
{
    (void)state;
    require_kb();
    char *sd = standard();
    char pl[512];
    sd_kb_payload(pl, sizeof(pl), sd, SD_NOW, SD_AUD, SD_NONCE);
    char *h = sd_b64("{\"alg\":\"none\",\"typ\":\"kb+jwt\"}");
    char *p = sd_b64(pl);
    size_t n = strlen(sd) + strlen(h) + strlen(p) + 4;
    char *t = malloc(n);
    snprintf(t, n, "%s%s.%s.", sd, h, p);
    free(sd);
    free(h);
    free(p);
    tu_assert_err(ctx, check(t), WALLET_ERR_ALG_NOT_ALLOWED);
}

static void test_kb_without_cnf_in_credential(void **state)
{
    (void)state;
    char *sd = sd_make(ctx, issuer, VC_HDR, "{\"vct\":\"" SD_VCT "\"}", NULL, 0);
    tu_assert_err(ctx, check(kb(sd, holder, SD_NOW, SD_AUD, SD_NONCE)), WALLET_ERR_HOLDER_BINDING);
}

static void test_transaction_data_hashes_missing(void **state)
{
    (void)state;
    static const char *const td[] = {"eyJ0eXBlIjoicGF5bWVudCJ9"};
    tu_assert_ok(ctx, wallet_policy_set_transaction_data(ctx, policy, td, 1, NULL, 0));
    tu_assert_err(ctx, check(kb(standard(), holder, SD_NOW, SD_AUD, SD_NONCE)),
                  WALLET_ERR_SDJWT_TRANSACTION_DATA);
}

static void test_transaction_data_hash_of_other_data(void **state)
{
    (void)state;
    static const char *const td[] = {"eyJ0eXBlIjoicGF5bWVudCJ9"};
    tu_assert_ok(ctx, wallet_policy_set_transaction_data(ctx, policy, td, 1, NULL, 0));
    char *sd = standard();
    char h[48], other_h[48], pl[512];
    sd_digest(sd, h);
    sd_digest("eyJ0eXBlIjoib3RoZXIifQ", other_h);
    snprintf(pl, sizeof(pl),
             "{\"iat\":%lld,\"aud\":\"" SD_AUD "\",\"nonce\":\"" SD_NONCE
             "\",\"sd_hash\":\"%s\",\"transaction_data_hashes\":[\"%s\"]}",
             (long long)SD_NOW, h, other_h);
    tu_assert_err(ctx, check(sd_add_kb(ctx, sd, holder, "{\"typ\":\"kb+jwt\"}", pl)),
                  WALLET_ERR_SDJWT_TRANSACTION_DATA);
}

static void test_transaction_data_alg_not_offered(void **state)
{
    (void)state;
    static const char *const td[] = {"eyJ0eXBlIjoicGF5bWVudCJ9"};
    tu_assert_ok(ctx, wallet_policy_set_transaction_data(ctx, policy, td, 1, NULL, 0));
    /* the holder hashed with sha-384; the request allowed only sha-256 */
    wallet_sdjwt *held = NULL;
    wallet_sdjwt_issuer *b = NULL;
    char *issued = NULL, *pres = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_issuer_new(ctx, &b, issuer));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_vct(ctx, b, SD_VCT));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_holder_key(ctx, b, holder));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_issue(ctx, &issued, b, 0));
    tu_assert_ok(ctx, wallet_sdjwt_parse(ctx, &held, issued, strlen(issued)));
    tu_assert_ok(ctx, wallet_sdjwt_present_with_transaction_data(ctx, &pres, held, NULL, 0, holder,
                                                                 SD_AUD, SD_NONCE, td, 1, "sha-384", 0));
    tu_assert_err(ctx, check(strdup(pres)), WALLET_ERR_SDJWT_TRANSACTION_DATA);
    wallet_free(pres);
    wallet_free(issued);
    wallet_sdjwt_free(held);
    wallet_sdjwt_issuer_free(b);
}

/* ---- JSON serialization ------------------------------------------------------------------ */

static void test_json_disclosures_outside_first_signature(void **state)
{
    (void)state;
    const char *t = "{\"payload\":\"e30\",\"signatures\":[{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\","
                    "\"signature\":\"AA\"},{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":"
                    "\"AA\",\"header\":{\"disclosures\":[\"WyJhIiwiYiJd\"]}}]}";
    tu_assert_err(ctx, check(strdup(t)), WALLET_ERR_SDJWT_FORMAT);
}

static void test_json_kb_jwt_not_a_string(void **state)
{
    (void)state;
    const char *t = "{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":"
                    "\"AA\",\"header\":{\"disclosures\":[],\"kb_jwt\":7}}";
    tu_assert_err(ctx, check(strdup(t)), WALLET_ERR_SDJWT_KB_FORMAT);
}

static void test_json_disclosure_not_a_string(void **state)
{
    (void)state;
    const char *t = "{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":"
                    "\"AA\",\"header\":{\"disclosures\":[[\"a\"]]}}";
    tu_assert_err(ctx, check(strdup(t)), WALLET_ERR_SDJWT_FORMAT);
}

/* ---- holder and issuer API refusals ------------------------------------------------------ */

static void test_holder_parse_refuses_sdjwt_kb(void **state)
{
    (void)state;
    char *sd = kb(standard(), holder, SD_NOW, SD_AUD, SD_NONCE);
    wallet_sdjwt *held = (wallet_sdjwt *)1;
    tu_assert_err(ctx, wallet_sdjwt_parse(ctx, &held, sd, strlen(sd)), WALLET_ERR_SDJWT_FORMAT);
    assert_null(held);
    free(sd);
}

static void test_present_with_a_key_not_the_cnf_key(void **state)
{
    (void)state;
    char *sd = standard();
    wallet_sdjwt *held = NULL;
    char *out = (char *)1;
    tu_assert_ok(ctx, wallet_sdjwt_parse(ctx, &held, sd, strlen(sd)));
    tu_assert_err(ctx, wallet_sdjwt_present(ctx, &out, held, NULL, 0, other, SD_AUD, SD_NONCE, 0),
                  WALLET_ERR_HOLDER_BINDING);
    assert_null(out);
    wallet_sdjwt_free(held);
    free(sd);
}

static void test_present_unknown_path(void **state)
{
    (void)state;
    char *sd = standard();
    wallet_sdjwt *held = NULL;
    char *out = NULL;
    static const char *const p[] = {"given_name", "no_such_claim"};
    tu_assert_ok(ctx, wallet_sdjwt_parse(ctx, &held, sd, strlen(sd)));
    tu_assert_err(ctx, wallet_sdjwt_present(ctx, &out, held, p, 2, holder, SD_AUD, SD_NONCE, 0),
                  WALLET_ERR_NOT_FOUND);
    static const char *const bad[] = {"a..b"};
    tu_assert_err(ctx, wallet_sdjwt_present(ctx, &out, held, bad, 1, holder, SD_AUD, SD_NONCE, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_sdjwt_present(ctx, &out, held, NULL, 0, holder, NULL, SD_NONCE, 0),
                  WALLET_ERR_INVALID_ARG);
    wallet_sdjwt_free(held);
    free(sd);
}

static void test_issue_vc_with_disclosable_iss(void **state)
{
    (void)state;
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_issuer_new(ctx, &b, issuer));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, "{\"iss\":\"x\",\"vct\":\"v\"}", strlen("{\"iss\":\"x\",\"vct\":\"v\"}")));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_add_disclosable(ctx, b, "iss"));
    tu_assert_err(ctx, wallet_sdjwt_issuer_issue(ctx, &out, b, 0), WALLET_ERR_INVALID_ARG);
    assert_null(out);
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, "{\"vct\":\"v\"}", strlen("{\"vct\":\"v\"}")));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_add_disclosable(ctx, b, "vct"));
    tu_assert_err(ctx, wallet_sdjwt_issuer_issue(ctx, &out, b, 0), WALLET_ERR_INVALID_ARG);
    wallet_sdjwt_issuer_free(b);
}

static void test_issue_claims_with_reserved_names(void **state)
{
    (void)state;
    wallet_sdjwt_issuer *b = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_issuer_new(ctx, &b, issuer));
    tu_assert_err(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, "{\"a\":{\"_sd\":[]}}", strlen("{\"a\":{\"_sd\":[]}}")),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, "{\"x\":[{\"...\":\"d\"}]}", strlen("{\"x\":[{\"...\":\"d\"}]}")),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, "[1]", strlen("[1]")), WALLET_ERR_JSON_TYPE);
    tu_assert_err(ctx, wallet_sdjwt_issuer_add_disclosable(ctx, b, "missing"), WALLET_ERR_NOT_FOUND);
    tu_assert_err(ctx, wallet_sdjwt_issuer_add_disclosable(ctx, b, "trailing\\"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_sdjwt_issuer_set_header_json(ctx, b, "{\"alg\":\"none\"}"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(ctx, wallet_sdjwt_issuer_set_decoys(ctx, b, 65), WALLET_ERR_INVALID_ARG);
    wallet_sdjwt_issuer_free(b);
}

static void test_issue_vc_without_vct(void **state)
{
    (void)state;
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_issuer_new(ctx, &b, issuer));
    tu_assert_err(ctx, wallet_sdjwt_issuer_issue(ctx, &out, b, 0), WALLET_ERR_SDJWT_VCT);
    wallet_sdjwt_issuer_free(b);
    wallet_key *pub = NULL;
    tu_assert_ok(ctx, wallet_key_public(ctx, &pub, issuer));
    tu_assert_err(ctx, wallet_sdjwt_issuer_new(ctx, &b, pub), WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(b);
    wallet_key_free(pub);
}

static void test_null_arguments(void **state)
{
    (void)state;
    wallet_result *r = (wallet_result *)1;
    tu_assert_err(ctx, wallet_sdjwt_verify(ctx, &r, NULL, NULL, "x~", 2), WALLET_ERR_INVALID_ARG);
    assert_null(r);
    tu_assert_err(ctx, wallet_sdjwt_verify(ctx, NULL, trust, NULL, "x~", 2), WALLET_ERR_INVALID_ARG);
    wallet_sdjwt *held = (wallet_sdjwt *)1;
    tu_assert_err(ctx, wallet_sdjwt_parse(ctx, &held, NULL, 0), WALLET_ERR_INVALID_ARG);
    assert_null(held);
    assert_int_equal(wallet_sdjwt_disclosure_count(NULL), 0);
    assert_null(wallet_sdjwt_claims_json(NULL));
    tu_assert_err(ctx, wallet_policy_set_kb_max_age(ctx, policy, 0), WALLET_ERR_INVALID_ARG);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_control_handmade_sdjwt_and_kb_verify),
        T(test_tampered_disclosure),
        T(test_wrong_salt),
        T(test_changed_value_same_salt),
        T(test_disclosure_not_referenced),
        T(test_duplicate_digest_in_one_sd_array),
        T(test_duplicate_digest_in_two_objects),
        T(test_duplicate_undisclosed_digest),
        T(test_duplicate_digest_as_element_and_claim),
        T(test_reused_disclosure),
        T(test_disclosure_referencing_itself),
        T(test_bad_base64url_disclosure),
        T(test_disclosure_not_canonical_base64url),
        T(test_disclosure_not_json),
        T(test_disclosure_is_object),
        T(test_disclosure_of_four_elements),
        T(test_disclosure_of_one_element),
        T(test_disclosure_salt_not_string),
        T(test_disclosure_name_not_string),
        T(test_disclosure_with_duplicate_member),
        T(test_empty_disclosure),
        T(test_sd_not_an_array),
        T(test_sd_with_non_string_digest),
        T(test_array_digest_not_a_string),
        T(test_dots_with_other_members),
        T(test_dots_as_claim_outside_array),
        T(test_sd_alg_below_top_level),
        T(test_disclosure_named_sd),
        T(test_disclosure_named_dots),
        T(test_array_disclosure_referenced_from_sd),
        T(test_claim_disclosure_referenced_from_array),
        T(test_disclosed_claim_already_exists),
        T(test_unsupported_sd_alg),
        T(test_sd_alg_not_a_string),
        T(test_digest_with_other_hash_than_sd_alg),
        T(test_oversized_input),
        T(test_too_many_disclosures),
        T(test_nesting_past_the_limit),
        T(test_no_tilde),
        T(test_trailing_garbage),
        T(test_text_after_kb_jwt),
        T(test_issuer_jwt_of_two_parts),
        T(test_payload_not_an_object),
        T(test_tampered_issuer_payload),
        T(test_untrusted_issuer_key),
        T(test_alg_none),
        T(test_hs256_with_public_key_as_secret),
        T(test_unknown_crit),
        T(test_algorithm_outside_policy),
        T(test_wrong_typ),
        T(test_missing_typ),
        T(test_vc_without_vct),
        T(test_vc_with_vct_not_a_string),
        T(test_vc_exp_selectively_disclosed),
        T(test_vc_vct_selectively_disclosed),
        T(test_expired),
        T(test_not_yet_valid),
        T(test_issued_in_the_future),
        T(test_exp_not_a_number),
        T(test_status_list_without_uri),
        T(test_cnf_jwk_not_on_curve),
        T(test_kb_missing_when_required),
        T(test_kb_missing_when_nonce_expected),
        T(test_kb_by_the_wrong_key),
        T(test_kb_by_a_key_of_another_type),
        T(test_kb_wrong_aud),
        T(test_kb_wrong_nonce),
        T(test_kb_stale_iat),
        T(test_kb_iat_in_the_future),
        T(test_kb_wrong_sd_hash),
        T(test_kb_disclosure_dropped_after_signing),
        T(test_kb_wrong_typ),
        T(test_kb_missing_sd_hash),
        T(test_kb_aud_is_an_array),
        T(test_kb_not_a_jwt),
        T(test_kb_alg_none),
        T(test_kb_without_cnf_in_credential),
        T(test_transaction_data_hashes_missing),
        T(test_transaction_data_hash_of_other_data),
        T(test_transaction_data_alg_not_offered),
        T(test_json_disclosures_outside_first_signature),
        T(test_json_kb_jwt_not_a_string),
        T(test_json_disclosure_not_a_string),
        T(test_holder_parse_refuses_sdjwt_kb),
        T(test_present_with_a_key_not_the_cnf_key),
        T(test_present_unknown_path),
        T(test_issue_vc_with_disclosable_iss),
        T(test_issue_claims_with_reserved_names),
        T(test_issue_vc_without_vct),
        T(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
