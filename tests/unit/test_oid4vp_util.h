/*
 * Shared fixture of the OpenID4VP wallet-side tests: a verifier PKI (root
 * + leaf with dNSName SAN "verifier.example"), its response encryption
 * key, request-object builders, and a libmicrohttpd verifier on a loopback
 * port that serves request objects and records the posted responses.
 */
#ifndef TEST_OID4VP_UTIL_H
#define TEST_OID4VP_UTIL_H

#define _GNU_SOURCE 1
#include <microhttpd.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "testutil.h"

#define VP_T0 1767225600 /* 2026-01-01 */
#define VP_DAY 86400
#define VP_NONCE "n-0S6_WzA2Mj"
#define VP_SAN "verifier.example"

typedef struct vp_fx {
    wallet_ctx *ctx;
    wallet_key *root_key, *leaf_key, *enc_key;
    wallet_cert *root, *leaf;
    wallet_trust *trust; /* verifier roots */
    char *x5c_header;    /* {"typ":..., "x5c":[leaf, root]} */
    char *enc_jwk;       /* public encryption JWK (alg ECDH-ES, use enc, kid) */
    char x509_hash[64];
    /* HTTP */
    struct MHD_Daemon *d;
    unsigned port;
    char base[64];
    const char *served;   /* body of GET/POST /request */
    const char *served_ct;
    unsigned post_status; /* status of POST /response */
    char *posted;         /* last body posted to /response */
    const char *reply;    /* body answered to POST /response (NULL: a redirect_uri) */
    int request_method_post;
} vp_fx;

static inline wallet_cert *vp_cert(vp_fx *f, wallet_cert_profile prof, const char *dn,
                                   const char *san, const wallet_key *k, const wallet_key *ik,
                                   const wallet_cert *ic)
{
    wallet_cert_builder *b = NULL;
    wallet_cert *c = NULL;
    tu_assert_ok(f->ctx, wallet_cert_builder_new(f->ctx, &b, prof));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_subject(f->ctx, b, dn));
    tu_assert_ok(f->ctx, wallet_cert_builder_set_validity(f->ctx, b, VP_T0, VP_T0 + 365 * VP_DAY));
    if (san)
        tu_assert_ok(f->ctx, wallet_cert_builder_add_san_dns(f->ctx, b, san));
    tu_assert_ok(f->ctx, wallet_cert_builder_sign(f->ctx, &c, b, k, ik, ic));
    wallet_cert_builder_free(b);
    return c;
}

static inline char *vp_b64(const uint8_t *p, size_t n)
{
    /* standard base64 (x5c, RFC 7515 §4.1.6) */
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *o = malloc((n + 2) / 3 * 4 + 1), *q = o;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *q++ = t[v >> 18];
        *q++ = t[(v >> 12) & 63];
        *q++ = i + 1 < n ? t[(v >> 6) & 63] : '=';
        *q++ = i + 2 < n ? t[v & 63] : '=';
    }
    *q = 0;
    return o;
}

/* {"typ":"oauth-authz-req+jwt","x5c":[leaf, root]} for a chain. */
static inline char *vp_x5c_header(const wallet_cert *leaf, const wallet_cert *root)
{
    size_t l1, l2;
    const uint8_t *d1 = wallet_cert_der(leaf, &l1), *d2 = wallet_cert_der(root, &l2);
    char *a = vp_b64(d1, l1), *b = vp_b64(d2, l2);
    char *h = NULL;
    assert_true(asprintf(&h, "{\"typ\":\"oauth-authz-req+jwt\",\"x5c\":[\"%s\",\"%s\"]}", a, b) >
                0);
    free(a);
    free(b);
    return h;
}

static inline enum MHD_Result vp_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                         const char *method, const char *version,
                                         const char *upload, size_t *upload_size, void **con_cls)
{
    vp_fx *f = cls;
    (void)version;
    static int marker;
    if (!strcmp(method, "POST") && *con_cls == NULL) {
        *con_cls = &marker;
        if (!strcmp(url, "/response")) {
            free(f->posted);
            f->posted = calloc(1, 1);
        }
        return MHD_YES;
    }
    if (!strcmp(method, "POST") && *upload_size) {
        if (!strcmp(url, "/response")) {
            size_t have = strlen(f->posted);
            f->posted = realloc(f->posted, have + *upload_size + 1);
            memcpy(f->posted + have, upload, *upload_size);
            f->posted[have + *upload_size] = 0;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r;
    unsigned status = 200;
    if (!strcmp(url, "/request") && f->served) {
        if (f->request_method_post && strcmp(method, "POST"))
            status = 405;
        r = MHD_create_response_from_buffer(strlen(f->served), (void *)(uintptr_t)f->served,
                                            MHD_RESPMEM_MUST_COPY);
        MHD_add_response_header(r, "Content-Type", f->served_ct);
    } else if (!strcmp(url, "/response")) {
        static const char ok[] = "{\"redirect_uri\":\"https://verifier.example/done#r=1\"}";
        const char *body = f->reply ? f->reply : ok;
        status = f->post_status;
        r = MHD_create_response_from_buffer(strlen(body), (void *)(uintptr_t)body,
                                            MHD_RESPMEM_MUST_COPY);
        MHD_add_response_header(r, "Content-Type", "application/json");
    } else {
        status = 404;
        r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"", MHD_RESPMEM_PERSISTENT);
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static inline vp_fx *vp_new(void)
{
    vp_fx *f = calloc(1, sizeof(*f));
    f->ctx = tu_ctx_at(VP_T0 + VP_DAY);
    wallet_ctx *ctx = f->ctx;
    tu_assert_ok(ctx, wallet_key_generate(ctx, &f->root_key, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &f->leaf_key, WALLET_ALG_ES256));
    tu_assert_ok(ctx, wallet_key_generate(ctx, &f->enc_key, WALLET_ALG_ES256));
    f->root = vp_cert(f, WALLET_CERT_PROFILE_CA, "CN=Verifier Root,O=City,C=VN", NULL,
                      f->root_key, f->root_key, NULL);
    f->leaf = vp_cert(f, WALLET_CERT_PROFILE_LEAF, "CN=Counter 7,O=City,C=VN", VP_SAN,
                      f->leaf_key, f->root_key, f->root);
    tu_assert_ok(ctx, wallet_trust_new(ctx, &f->trust));
    tu_assert_ok(ctx, wallet_trust_add_cert(ctx, f->trust, f->root, WALLET_TRUST_ROOT));
    f->x5c_header = vp_x5c_header(f->leaf, f->root);
    uint8_t h[32];
    tu_assert_ok(ctx, wallet_cert_sha256(ctx, h, f->leaf));
    char *hb = NULL;
    size_t hl = 0;
    tu_assert_ok(ctx, wallet_b64url_encode(ctx, &hb, &hl, h, 32));
    snprintf(f->x509_hash, sizeof(f->x509_hash), "%s", hb);
    wallet_free(hb);
    char *jwk = NULL;
    tu_assert_ok(ctx, wallet_key_to_jwk(ctx, &jwk, f->enc_key, WALLET_EXPORT_PUBLIC));
    cJSON *j = cJSON_Parse(jwk);
    wallet_free(jwk);
    cJSON_DeleteItemFromObject(j, "alg");
    cJSON_DeleteItemFromObject(j, "kid");
    cJSON_AddStringToObject(j, "alg", "ECDH-ES");
    cJSON_AddStringToObject(j, "use", "enc");
    cJSON_AddStringToObject(j, "kid", "enc-1");
    f->enc_jwk = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    f->post_status = 200;
    f->served_ct = "application/oauth-authz-req+jwt";
    f->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                            vp_handler, f, MHD_OPTION_END);
    assert_non_null(f->d);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(f->d, MHD_DAEMON_INFO_BIND_PORT);
    f->port = info->port;
    snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%u", f->port);
    return f;
}

static inline void vp_free(vp_fx *f)
{
    if (!f)
        return;
    MHD_stop_daemon(f->d);
    free(f->posted);
    free(f->x5c_header);
    free(f->enc_jwk);
    wallet_trust_free(f->trust);
    wallet_cert_free(f->root);
    wallet_cert_free(f->leaf);
    wallet_key_free(f->root_key);
    wallet_key_free(f->leaf_key);
    wallet_key_free(f->enc_key);
    wallet_ctx_free(f->ctx);
    free(f);
}

static const char vp_dcql_pid[] =
    "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
    "\"meta\":{\"vct_values\":[\"https://city.example/pid\"]},"
    "\"claims\":[{\"path\":[\"given_name\"]},{\"path\":[\"address\",\"locality\"]}]}]}";

static const char vp_dcql_mdl[] =
    "{\"credentials\":[{\"id\":\"mdl\",\"format\":\"mso_mdoc\","
    "\"meta\":{\"doctype_value\":\"org.iso.18013.5.1.mDL\"},"
    "\"claims\":[{\"path\":[\"org.iso.18013.5.1\",\"family_name\"]},"
    "{\"path\":[\"org.iso.18013.5.1\",\"age_over_18\"]}]}]}";

/* Request parameters as JSON: client_id, response_mode, dcql, plus extra
 * members ("," prefixed JSON members or ""). response_uri is the fixture's. */
static inline char *vp_params(vp_fx *f, const char *client_id, const char *mode,
                              const char *dcql, const char *extra)
{
#define VP_PARAMS_FMT                                                                     \
    "{\"client_id\":\"%s\",\"response_type\":\"vp_token\","                              \
    "\"response_mode\":\"%s\",\"response_uri\":\"%s/response\","                         \
    "\"nonce\":\"" VP_NONCE "\",\"state\":\"st-1\",\"dcql_query\":%s,"                     \
    "\"purpose\":\"Kiem tra tuoi\",\"client_metadata\":{"                                \
    "\"client_name\":\"Counter 7\",\"client_name#vi\":\"Quay so 7\","                     \
    "\"jwks\":{\"keys\":[%s]},"                                                           \
    "\"encrypted_response_enc_values_supported\":[\"A128GCM\"]}%s}"
    int n = snprintf(NULL, 0, VP_PARAMS_FMT, client_id, mode, f->base, dcql, f->enc_jwk, extra);
    char *p = malloc((size_t)n + 1);
    snprintf(p, (size_t)n + 1, VP_PARAMS_FMT, client_id, mode, f->base, dcql, f->enc_jwk, extra);
    return p;
#undef VP_PARAMS_FMT
}

/* Replace the first `from` in s with `to` (same length). */
static void __attribute__((noinline, unused)) vp_patch(char *s, const char *from, const char *to)
{
    char *at = strstr(s, from);
    assert_non_null(at);
    assert_int_equal(strlen(from), strlen(to));
    memcpy(at, to, strlen(to));
}

/* Sign params as a request object with the leaf (header = x5c_header, or
 * `header` when given). */
static inline char *vp_sign(vp_fx *f, const char *params, const char *header,
                            const wallet_key *key)
{
    char *jar = NULL;
    tu_assert_ok(f->ctx, wallet_jws_sign_compact(f->ctx, &jar, key ? key : f->leaf_key,
                                                 WALLET_ALG_NONE,
                                                 header ? header : f->x5c_header,
                                                 (const uint8_t *)params, strlen(params)));
    return jar;
}

/* An unsigned request object ("alg":"none"). */
static inline char *vp_unsigned(vp_fx *f, const char *params)
{
    static const char hdr[] = "{\"alg\":\"none\",\"typ\":\"oauth-authz-req+jwt\"}";
    char *h = NULL, *p = NULL, *out = NULL;
    size_t n;
    tu_assert_ok(f->ctx, wallet_b64url_encode(f->ctx, &h, &n, (const uint8_t *)hdr,
                                              strlen(hdr)));
    tu_assert_ok(f->ctx, wallet_b64url_encode(f->ctx, &p, &n, (const uint8_t *)params,
                                              strlen(params)));
    assert_true(asprintf(&out, "%s.%s.", h, p) > 0);
    wallet_free(h);
    wallet_free(p);
    return out;
}

/* The x509_san_dns client_id. */
#define VP_SAN_ID "x509_san_dns:" VP_SAN

#endif /* TEST_OID4VP_UTIL_H */
