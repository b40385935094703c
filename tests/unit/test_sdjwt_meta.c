/*
 * Issuer keys from JWT VC Issuer Metadata (SD-JWT VC §3): fetched over HTTP
 * from a libmicrohttpd server on a loopback port (plain http is allowed to
 * loopback only), cached in the trust set, used offline, refused when
 * malformed or for another issuer.
 */
#include "test_sdjwt_util.h"

#include <microhttpd.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trust/trust_int.h"

static struct MHD_Daemon *daemon_;
static unsigned port_;
static char base_[64];      /* http://127.0.0.1:PORT */
static wallet_key *key_a, *key_b, *key_c, *key_rot2;
static char jwks_a[512], jwks_b[512], jwks_rot1[512], jwks_rot2[512], jwk_enc[512];
static int rotated_;
static pthread_mutex_t mu_ = PTHREAD_MUTEX_INITIALIZER;
static int hits_[32];

enum { P_A, P_B, P_KEYS_B, P_MISMATCH, P_BOTH, P_MISSING, P_BIG, P_HTML, P_NOAGE, P_REDIRECT, P_NOKEY, P_ROT };

static const char *const paths_[] = {
    "/.well-known/jwt-vc-issuer/tenant/a",        "/.well-known/jwt-vc-issuer/tenant/b",
    "/keys/b",                                    "/.well-known/jwt-vc-issuer/tenant/mismatch",
    "/.well-known/jwt-vc-issuer/tenant/both",     "/.well-known/jwt-vc-issuer/tenant/missing",
    "/.well-known/jwt-vc-issuer/tenant/big",      "/.well-known/jwt-vc-issuer/tenant/html",
    "/.well-known/jwt-vc-issuer/tenant/noage",    "/.well-known/jwt-vc-issuer/tenant/redirect",
    "/.well-known/jwt-vc-issuer/tenant/nokey",    "/.well-known/jwt-vc-issuer/tenant/rot",
};

static int hits(int p)
{
    pthread_mutex_lock(&mu_);
    int n = hits_[p];
    pthread_mutex_unlock(&mu_);
    return n;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)method;
    (void)version;
    (void)upload;
    (void)upload_size;
    (void)con_cls;
    int p = -1;
    for (int i = 0; i < (int)(sizeof(paths_) / sizeof(paths_[0])); i++)
        if (!strcmp(url, paths_[i]))
            p = i;
    char body[4096] = "";
    const char *type = "application/json", *age = "public, max-age=3600";
    unsigned status = 200;
    if (p >= 0) {
        pthread_mutex_lock(&mu_);
        hits_[p]++;
        pthread_mutex_unlock(&mu_);
    }
    switch (p) {
    case P_A:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/a\",\"jwks\":%s}", base_, jwks_a);
        break;
    case P_B:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/b\",\"jwks_uri\":\"%s/keys/b\"}",
                 base_, base_);
        break;
    case P_KEYS_B:
        snprintf(body, sizeof(body), "%s", jwks_b);
        type = "application/jwk-set+json";
        break;
    case P_MISMATCH:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/a\",\"jwks\":%s}", base_, jwks_a);
        break;
    case P_BOTH:
        snprintf(body, sizeof(body),
                 "{\"issuer\":\"%s/tenant/both\",\"jwks\":%s,\"jwks_uri\":\"%s/keys/b\"}", base_,
                 jwks_a, base_);
        break;
    case P_BIG: {
        struct MHD_Response *r =
            MHD_create_response_from_buffer(100000, calloc(1, 100000), MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(r, "Content-Type", "application/json");
        enum MHD_Result ret = MHD_queue_response(conn, 200, r);
        MHD_destroy_response(r);
        return ret;
    }
    case P_HTML:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/html\",\"jwks\":%s}", base_, jwks_a);
        type = "text/html";
        break;
    case P_NOAGE:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/noage\",\"jwks\":%s}", base_, jwks_a);
        age = "no-cache, max-age=0";
        break;
    case P_REDIRECT:
        status = 302;
        break;
    case P_NOKEY:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/nokey\",\"jwks\":{\"keys\":[%s]}}",
                 base_, jwk_enc);
        break;
    case P_ROT:
        snprintf(body, sizeof(body), "{\"issuer\":\"%s/tenant/rot\",\"jwks\":%s}", base_,
                 rotated_ ? jwks_rot2 : jwks_rot1);
        age = "max-age=0";
        break;
    default:
        status = 404;
        snprintf(body, sizeof(body), "not found");
        type = "text/plain";
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", age);
    if (status == 302) {
        char loc[128];
        snprintf(loc, sizeof(loc), "%s%s", base_, paths_[P_A]);
        MHD_add_response_header(r, "Location", loc);
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* {"keys":[<public JWK of k>]} */
static void jwks_of(const wallet_key *k, char *out, size_t cap)
{
    char *j = NULL;
    assert_int_equal(wallet_key_to_jwk(NULL, &j, k, WALLET_EXPORT_PUBLIC), WALLET_OK);
    snprintf(out, cap, "{\"keys\":[%s]}", j);
    wallet_free(j);
}

static int group_setup(void **state)
{
    (void)state;
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                               NULL, NULL, handler, NULL, MHD_OPTION_END);
    if (!daemon_)
        return -1;
    port_ = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
    snprintf(base_, sizeof(base_), "http://127.0.0.1:%u", port_);
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_key *enc = NULL;
    if (wallet_key_generate(ctx, &key_a, WALLET_ALG_ES256) || wallet_key_set_kid(ctx, key_a, "a-1") ||
        wallet_key_generate(ctx, &key_b, WALLET_ALG_EDDSA) || wallet_key_set_kid(ctx, key_b, "b-1") ||
        wallet_key_generate(ctx, &key_c, WALLET_ALG_ES256) || wallet_key_set_kid(ctx, key_c, "a-1") ||
        wallet_key_generate(ctx, &key_rot2, WALLET_ALG_ES256) ||
        wallet_key_set_kid(ctx, key_rot2, "rot-2") ||
        wallet_key_generate(ctx, &enc, WALLET_ALG_ES256))
        return -1;
    jwks_of(key_a, jwks_a, sizeof(jwks_a));
    jwks_of(key_b, jwks_b, sizeof(jwks_b));
    jwks_of(key_a, jwks_rot1, sizeof(jwks_rot1));
    jwks_of(key_rot2, jwks_rot2, sizeof(jwks_rot2));
    char *j = NULL;
    if (wallet_key_to_jwk(ctx, &j, enc, WALLET_EXPORT_PUBLIC))
        return -1;
    /* the same key published for encryption only: not usable (RFC 7517 §4.2) */
    snprintf(jwk_enc, sizeof(jwk_enc), "%.*s,\"use\":\"enc\"}", (int)strlen(j) - 1, j);
    wallet_free(j);
    wallet_key_free(enc);
    wallet_ctx_free(ctx);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    MHD_stop_daemon(daemon_);
    wallet_key_free(key_a);
    wallet_key_free(key_b);
    wallet_key_free(key_c);
    wallet_key_free(key_rot2);
    return 0;
}

/* An SD-JWT VC from issuer base_ + tenant, signed by key. */
static char *vc_from(wallet_ctx *ctx, const char *tenant, const wallet_key *key)
{
    char iss[128];
    snprintf(iss, sizeof(iss), "%s%s", base_, tenant);
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    tu_assert_ok(ctx, wallet_sdjwt_issuer_new(ctx, &b, key));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_claims(ctx, b, sd_claims, strlen(sd_claims)));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_add_disclosable(ctx, b, "email"));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_issuer(ctx, b, iss));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_set_vct(ctx, b, SD_VCT));
    tu_assert_ok(ctx, wallet_sdjwt_issuer_issue(ctx, &out, b, 0));
    wallet_sdjwt_issuer_free(b);
    return out;
}

static wallet_trust *trust_issuer(wallet_ctx *ctx, const char *tenant)
{
    char iss[128];
    snprintf(iss, sizeof(iss), "%s%s", base_, tenant);
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_issuer(ctx, t, iss));
    return t;
}

static wallet_err verify(wallet_ctx *ctx, const wallet_trust *t, const char *vc)
{
    wallet_result *r = NULL;
    wallet_err e = wallet_sdjwt_verify(ctx, &r, t, NULL, vc, strlen(vc));
    if (!e)
        assert_non_null(strstr(wallet_result_issuer(r), "/tenant/"));
    wallet_result_free(r);
    return e;
}

/* ---- where the metadata lives (§3.1) ------------------------------------------ */

static void test_metadata_url(void **state)
{
    (void)state;
    static const struct {
        const char *iss, *url;
    } ok[] = {
        {"https://example.com", "https://example.com/.well-known/jwt-vc-issuer"},
        {"https://example.com/", "https://example.com/.well-known/jwt-vc-issuer"},
        {"https://example.com/tenant/1234", "https://example.com/.well-known/jwt-vc-issuer/tenant/1234"},
        {"https://example.com/tenant/1234/", "https://example.com/.well-known/jwt-vc-issuer/tenant/1234"},
        {"https://example.com:8443/x", "https://example.com:8443/.well-known/jwt-vc-issuer/x"},
        {"http://127.0.0.1:9/t", "http://127.0.0.1:9/.well-known/jwt-vc-issuer/t"},
    };
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char *url = NULL;
        tu_assert_ok(ctx, wl_issuer_metadata_url(ctx, ok[i].iss, &url));
        assert_string_equal(url, ok[i].url);
        free(url);
    }
    wallet_ctx_free(ctx);
}

static void test_issuer_identifier_must_be_https(void **state)
{
    (void)state;
    static const char *const bad[] = {"http://example.com", "https://example.com/?q=1",
                                      "https://example.com/#f", "https://user@example.com",
                                      "ftp://example.com", "example.com"};
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        tu_assert_err(ctx, wallet_trust_add_issuer(ctx, t, bad[i]), WALLET_ERR_INSECURE_URL);
    assert_int_equal(wallet_trust_issuer_count(t), 0);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

/* ---- fetching and caching ------------------------------------------------------ */

static void test_jwks_by_value_fetched_once(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/a");
    char *vc = vc_from(ctx, "/tenant/a", key_a);
    int before = hits(P_A);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    tu_assert_ok(ctx, verify(ctx, t, vc));
    assert_int_equal(hits(P_A), before + 1); /* max-age 3600: cached */
    /* and through wallet_verify() */
    wallet_result *r = NULL;
    tu_assert_ok(ctx, wallet_verify(ctx, &r, t, NULL, (const uint8_t *)vc, strlen(vc)));
    wallet_result_free(r);
    /* an hour later the cache is stale: fetched again */
    wallet_ctx_set_time(ctx, SD_NOW + 3601);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    assert_int_equal(hits(P_A), before + 2);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_jwks_uri_fetched(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/b");
    char *vc = vc_from(ctx, "/tenant/b", key_b);
    int before = hits(P_KEYS_B);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    assert_int_equal(hits(P_KEYS_B), before + 1);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_offline_without_cache(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/a");
    char *vc = vc_from(ctx, "/tenant/a", key_a);
    wallet_ctx_set_offline(ctx, 1);
    int before = hits(P_A);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_OFFLINE);
    assert_int_equal(hits(P_A), before);
    /* once fetched online, the cache serves offline verifications */
    wallet_ctx_set_offline(ctx, 0);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    wallet_ctx_set_offline(ctx, 1);
    wallet_ctx_set_time(ctx, SD_NOW + 10 * 86400); /* long stale */
    tu_assert_ok(ctx, verify(ctx, t, vc));
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_stale_cache_refetched_online(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/noage");
    char *vc = vc_from(ctx, "/tenant/noage", key_a);
    int before = hits(P_NOAGE);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    tu_assert_ok(ctx, verify(ctx, t, vc));
    assert_int_equal(hits(P_NOAGE), before + 2); /* max-age=0 */
    wallet_ctx_set_offline(ctx, 1);
    tu_assert_ok(ctx, verify(ctx, t, vc)); /* stale copy when offline */
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_key_rotation_picked_up(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/rot");
    char *v1 = vc_from(ctx, "/tenant/rot", key_a);
    char *v2 = vc_from(ctx, "/tenant/rot", key_rot2);
    rotated_ = 0;
    tu_assert_ok(ctx, verify(ctx, t, v1));
    tu_assert_err(ctx, verify(ctx, t, v2), WALLET_ERR_KEY_NOT_FOUND);
    rotated_ = 1;
    tu_assert_ok(ctx, verify(ctx, t, v2));
    tu_assert_err(ctx, verify(ctx, t, v1), WALLET_ERR_KEY_NOT_FOUND);
    rotated_ = 0;
    wallet_free(v1);
    wallet_free(v2);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

/* Saved metadata, loaded for an offline verifier: by API and from a trust
 * directory ("*.issuer.json"). */
static void test_saved_metadata_verifies_offline(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/a");
    char *vc = vc_from(ctx, "/tenant/a", key_a);
    char iss[128], *saved = NULL;
    snprintf(iss, sizeof(iss), "%s/tenant/a", base_);
    tu_assert_err(ctx, wallet_trust_issuer_metadata_json(ctx, &saved, t, iss), WALLET_ERR_NOT_FOUND);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    tu_assert_ok(ctx, wallet_trust_issuer_metadata_json(ctx, &saved, t, iss));

    wallet_ctx *off = tu_ctx_at(SD_NOW + 30 * 86400);
    wallet_ctx_set_offline(off, 1);
    wallet_trust *t2 = NULL;
    tu_assert_ok(off, wallet_trust_new(off, &t2));
    tu_assert_ok(off, wallet_trust_add_issuer_metadata(off, t2, saved, strlen(saved)));
    assert_int_equal(wallet_trust_issuer_count(t2), 1);
    tu_assert_ok(off, verify(off, t2, vc));
    wallet_trust_free(t2);

    char dir[] = "/tmp/sdjwt-meta-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[128];
    snprintf(file, sizeof(file), "%s/city.issuer.json", dir);
    FILE *fp = fopen(file, "w");
    fputs(saved, fp);
    fclose(fp);
    tu_assert_ok(off, wallet_trust_new(off, &t2));
    tu_assert_ok(off, wallet_trust_load_dir(off, t2, dir));
    assert_int_equal(wallet_trust_key_count(t2), 0);
    tu_assert_ok(off, verify(off, t2, vc));
    wallet_trust_free(t2);
    unlink(file);
    rmdir(dir);
    wallet_ctx_free(off);
    wallet_free(saved);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

/* Pinned metadata by reference: the JWK Set is fetched, and offline there
 * is nothing to use yet. */
static void test_pinned_jwks_uri(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    char meta[256];
    snprintf(meta, sizeof(meta), "{\"issuer\":\"%s/tenant/b\",\"jwks_uri\":\"%s/keys/b\"}", base_, base_);
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    tu_assert_ok(ctx, wallet_trust_add_issuer_metadata(ctx, t, meta, strlen(meta)));
    char *vc = vc_from(ctx, "/tenant/b", key_b);
    wallet_ctx_set_offline(ctx, 1);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_OFFLINE);
    wallet_ctx_set_offline(ctx, 0);
    int before = hits(P_B);
    tu_assert_ok(ctx, verify(ctx, t, vc));
    assert_int_equal(hits(P_B), before); /* the metadata itself is never fetched */
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

/* ---- refusals -------------------------------------------------------------------- */

static void test_metadata_of_another_issuer(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/mismatch");
    char *vc = vc_from(ctx, "/tenant/mismatch", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_SDJWT_ISSUER_METADATA);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_metadata_with_jwks_and_jwks_uri(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/both");
    char *vc = vc_from(ctx, "/tenant/both", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_SDJWT_ISSUER_METADATA);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_metadata_not_found(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/missing");
    char *vc = vc_from(ctx, "/tenant/missing", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_HTTP_STATUS);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_metadata_over_the_size_cap(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_ctx_limit(ctx, WALLET_LIMIT_HTTP_BYTES, 50000);
    wallet_trust *t = trust_issuer(ctx, "/tenant/big");
    char *vc = vc_from(ctx, "/tenant/big", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_TOO_LARGE);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_metadata_as_html(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/html");
    char *vc = vc_from(ctx, "/tenant/html", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_SDJWT_ISSUER_METADATA);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_metadata_redirect_not_followed(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/redirect");
    char *vc = vc_from(ctx, "/tenant/redirect", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_HTTP_STATUS);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_metadata_without_signature_key(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/nokey");
    char *vc = vc_from(ctx, "/tenant/nokey", key_a);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_SDJWT_ISSUER_METADATA);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_kid_not_in_metadata(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/a");
    char *vc = vc_from(ctx, "/tenant/a", key_b); /* kid b-1 */
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_KEY_NOT_FOUND);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_other_key_with_the_issuers_kid(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/a");
    char *vc = vc_from(ctx, "/tenant/a", key_c); /* kid a-1, another key */
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_SIGNATURE);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_untrusted_issuer_is_never_fetched(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/b");
    char *vc = vc_from(ctx, "/tenant/a", key_a);
    int before = hits(P_A);
    tu_assert_err(ctx, verify(ctx, t, vc), WALLET_ERR_KEY_NOT_FOUND);
    assert_int_equal(hits(P_A), before);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

static void test_malformed_metadata_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "not json",
        "{\"jwks\":{\"keys\":[]}}",
        "{\"issuer\":\"https://example.com\"}",
        "{\"issuer\":\"https://example.com\",\"jwks\":{\"keys\":[]}}",
        "{\"issuer\":\"https://example.com\",\"jwks\":{\"keys\":\"x\"}}",
        "{\"issuer\":\"https://example.com\",\"jwks_uri\":42}",
    };
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &t));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        tu_assert_err(ctx, wallet_trust_add_issuer_metadata(ctx, t, bad[i], strlen(bad[i])),
                      WALLET_ERR_SDJWT_ISSUER_METADATA);
    const char *insecure = "{\"issuer\":\"https://example.com\",\"jwks_uri\":\"http://example.com/k\"}";
    tu_assert_err(ctx, wallet_trust_add_issuer_metadata(ctx, t, insecure, strlen(insecure)),
                  WALLET_ERR_INSECURE_URL);
    const char *plain_iss = "{\"issuer\":\"http://example.com\",\"jwks\":{\"keys\":[]}}";
    tu_assert_err(ctx, wallet_trust_add_issuer_metadata(ctx, t, plain_iss, strlen(plain_iss)),
                  WALLET_ERR_INSECURE_URL);
    assert_int_equal(wallet_trust_issuer_count(t), 0);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

/* ---- one trust set, many threads --------------------------------------------------- */

typedef struct worker {
    const wallet_trust *trust;
    const char *vc;
    int failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    wallet_ctx *ctx = NULL;
    if (wallet_ctx_new(&ctx))
        return NULL;
    wallet_ctx_set_time(ctx, SD_NOW);
    for (int i = 0; i < 25; i++) {
        wallet_result *r = NULL;
        if (wallet_sdjwt_verify(ctx, &r, w->trust, NULL, w->vc, strlen(w->vc)) != WALLET_OK)
            w->failures++;
        wallet_result_free(r);
    }
    wallet_ctx_free(ctx);
    return NULL;
}

static void test_threads_share_the_cache(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(SD_NOW);
    wallet_trust *t = trust_issuer(ctx, "/tenant/b");
    char *vc = vc_from(ctx, "/tenant/b", key_b);
    int before = hits(P_KEYS_B);
    pthread_t th[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){t, vc, 0};
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    /* at most one fetch per thread (they may race on the first one) */
    assert_true(hits(P_KEYS_B) - before >= 1 && hits(P_KEYS_B) - before <= 4);
    wallet_free(vc);
    wallet_trust_free(t);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metadata_url),
        cmocka_unit_test(test_issuer_identifier_must_be_https),
        cmocka_unit_test(test_jwks_by_value_fetched_once),
        cmocka_unit_test(test_jwks_uri_fetched),
        cmocka_unit_test(test_offline_without_cache),
        cmocka_unit_test(test_stale_cache_refetched_online),
        cmocka_unit_test(test_key_rotation_picked_up),
        cmocka_unit_test(test_saved_metadata_verifies_offline),
        cmocka_unit_test(test_pinned_jwks_uri),
        cmocka_unit_test(test_metadata_of_another_issuer),
        cmocka_unit_test(test_metadata_with_jwks_and_jwks_uri),
        cmocka_unit_test(test_metadata_not_found),
        cmocka_unit_test(test_metadata_over_the_size_cap),
        cmocka_unit_test(test_metadata_as_html),
        cmocka_unit_test(test_metadata_redirect_not_followed),
        cmocka_unit_test(test_metadata_without_signature_key),
        cmocka_unit_test(test_kid_not_in_metadata),
        cmocka_unit_test(test_other_key_with_the_issuers_kid),
        cmocka_unit_test(test_untrusted_issuer_is_never_fetched),
        cmocka_unit_test(test_malformed_metadata_refused),
        cmocka_unit_test(test_threads_share_the_cache),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
