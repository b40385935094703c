/*
 * A small OpenID4VCI issuer on a loopback port for the wallet-side tests
 * (test_oid4vci*.c). It really checks what the wallet sends — the token
 * request form, the bearer token, the JWT proofs (signature with the "jwk"
 * header key, typ, aud, nonce) — and really issues SD-JWT VCs bound to the
 * proof keys, signed by an issuer key the test trusts. Knobs let a test
 * replace any answer to exercise one defect at a time.
 */
#ifndef WALLET_TEST_VCI_MOCK_H
#define WALLET_TEST_VCI_MOCK_H

#include <microhttpd.h>

#include "jose/jose.h"
#include "test_store_util.h"
#include "wallet/oid4vci.h"

#define VM_CODE "pre-auth-code-42"
#define VM_TOKEN "tok-8f3a"

typedef struct vm_server {
    struct MHD_Daemon *d;
    unsigned port;
    char base[64];          /* http://127.0.0.1:PORT (the credential issuer) */
    wallet_ctx *ctx;        /* the issuer's own context */
    wallet_key *iss_key;    /* signs credentials */
    /* behaviour */
    const char *tx_code;    /* required tx_code, or NULL */
    int batch_size;         /* 0: no batch_credential_issuance */
    int no_nonce_endpoint;
    int invalid_nonce_times; /* answer invalid_nonce this many times first */
    int bind_other_key;     /* issue credentials bound to a stranger's key */
    int extra_credential;   /* return one credential more than proofs */
    /* replacements: a non-NULL body (and status) replaces the real answer */
    const char *md_body, *as_body, *token_body, *nonce_body, *cred_body, *offer_body;
    int md_status, as_status, token_status, nonce_status, cred_status, offer_status;
    /* observations */
    int token_calls, nonce_calls, cred_calls, proofs_seen;
    char nonce[40];
    char last_form[1024];
    char last_cred_body[16384];
    /* upload accumulation */
    char upload[65536];
    size_t upload_len;
} vm_server;

static enum MHD_Result vm_reply(struct MHD_Connection *c, unsigned status, const char *body)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)(uintptr_t)body,
                                                             MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static char *vm_metadata(vm_server *m)
{
    char *s = malloc(4096);
    char batch[64] = "";
    if (m->batch_size)
        snprintf(batch, sizeof(batch), "\"batch_credential_issuance\":{\"batch_size\":%d},",
                 m->batch_size);
    char nonce_ep[128] = "";
    if (!m->no_nonce_endpoint)
        snprintf(nonce_ep, sizeof(nonce_ep), "\"nonce_endpoint\":\"%s/nonce\",", m->base);
    snprintf(s, 4096,
             "{\"credential_issuer\":\"%s\",\"credential_endpoint\":\"%s/credential\",%s%s"
             "\"display\":[{\"name\":\"S\\u1edf Y t\\u1ebf\",\"locale\":\"vi\"}],"
             "\"credential_configurations_supported\":{"
             "\"pid\":{\"format\":\"dc+sd-jwt\",\"vct\":\"urn:vn:pid:1\","
             "\"cryptographic_binding_methods_supported\":[\"jwk\"],"
             "\"credential_signing_alg_values_supported\":[\"ES256\"],"
             "\"proof_types_supported\":{\"jwt\":{\"proof_signing_alg_values_supported\":"
             "[\"ES256\",\"EdDSA\"]}}},"
             "\"health\":{\"format\":\"dc+sd-jwt\",\"vct\":\"urn:vn:health:1\","
             "\"proof_types_supported\":{\"jwt\":{\"proof_signing_alg_values_supported\":"
             "[\"EdDSA\"]}}},"
             "\"rsaonly\":{\"format\":\"dc+sd-jwt\",\"vct\":\"urn:vn:x:1\","
             "\"proof_types_supported\":{\"jwt\":{\"proof_signing_alg_values_supported\":"
             "[\"RS256\"]}}}}}",
             m->base, m->base, nonce_ep, batch);
    return s;
}

static char *vm_offer_json(vm_server *m, const char *configs)
{
    char *s = malloc(2048);
    char tx[128] = "";
    if (m->tx_code)
        snprintf(tx, sizeof(tx),
                 ",\"tx_code\":{\"input_mode\":\"numeric\",\"length\":%zu,"
                 "\"description\":\"PIN from the SMS\"}",
                 strlen(m->tx_code));
    snprintf(s, 2048,
             "{\"credential_issuer\":\"%s\",\"credential_configuration_ids\":[%s],"
             "\"grants\":{\"urn:ietf:params:oauth:grant-type:pre-authorized_code\":"
             "{\"pre-authorized_code\":\"" VM_CODE "\"%s}}}",
             m->base, configs ? configs : "\"pid\"", tx);
    return s;
}

/* Percent-encode for an offer URI. */
static char *vm_pct(const char *s)
{
    char *o = malloc(strlen(s) * 3 + 1), *p = o;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            *p++ = (char)c;
        else
            p += snprintf(p, 4, "%%%02X", c);
    }
    *p = 0;
    return o;
}

/* "openid-credential-offer://?credential_offer=..." for the given configs. */
static char *vm_offer_uri(vm_server *m, const char *configs)
{
    char *j = vm_offer_json(m, configs);
    char *e = vm_pct(j);
    char *u = malloc(strlen(e) + 64);
    snprintf(u, strlen(e) + 64, "openid-credential-offer://?credential_offer=%s", e);
    free(j);
    free(e);
    return u;
}

/* The form parameter `name` of the last token request (static buffer). */
static const char *vm_form_param(vm_server *m, const char *name)
{
    static char v[256];
    size_t nl = strlen(name);
    const char *p = m->last_form;
    while (p && *p) {
        if (!strncmp(p, name, nl) && p[nl] == '=') {
            size_t l = strcspn(p + nl + 1, "&");
            snprintf(v, sizeof(v), "%.*s", (int)l, p + nl + 1);
            return v;
        }
        p = strchr(p, '&');
        if (p)
            p++;
    }
    return NULL;
}

/* Check one proof; 0 ok, else an OAuth error code. On success *holder is
 * the proof's key. */
static const char *vm_check_proof(vm_server *m, const char *jwt, wallet_key **holder)
{
    *holder = NULL;
    wallet_jws *jws = NULL;
    if (wallet_jws_parse(m->ctx, &jws, jwt, strlen(jwt)))
        return "invalid_proof";
    const char *err = NULL;
    const cJSON *typ = wl_jws_param(jws, 0, "typ");
    const cJSON *jwk = wl_jws_param(jws, 0, "jwk");
    if (!cJSON_IsString(typ) || strcmp(typ->valuestring, "openid4vci-proof+jwt") || !jwk ||
        wl_jwk_from_json(m->ctx, holder, jwk) ||
        wallet_jws_verify(m->ctx, jws, *holder, WALLET_ALGSET_EC)) {
        err = "invalid_proof";
    } else {
        cJSON *p = NULL;
        size_t n = 0;
        const uint8_t *pl = wallet_jws_payload(jws, &n);
        if (wl_json_parse_object(m->ctx, &p, (const char *)pl, n)) {
            err = "invalid_proof";
        } else {
            const char *aud = wl_json_get_string(p, "aud");
            const char *nonce = wl_json_get_string(p, "nonce");
            int64_t iat = 0;
            if (!aud || strcmp(aud, m->base) || wl_json_get_int(p, "iat", &iat) ||
                iat != wallet_ctx_now(m->ctx) || wl_json_get(p, "iss"))
                err = "invalid_proof";
            else if (!m->no_nonce_endpoint && (!nonce || strcmp(nonce, m->nonce)))
                err = "invalid_nonce";
            else if (m->no_nonce_endpoint && nonce)
                err = "invalid_proof";
        }
        cJSON_Delete(p);
    }
    wallet_jws_free(jws);
    if (err) {
        wallet_key_free(*holder);
        *holder = NULL;
    }
    return err;
}

static char *vm_issue(vm_server *m, const char *config, const wallet_key *holder)
{
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    wallet_key *other = NULL;
    if (m->bind_other_key)
        wallet_key_generate(m->ctx, &other, WALLET_ALG_ES256);
    const char *vct = !strcmp(config, "health") ? "urn:vn:health:1" : "urn:vn:pid:1";
    const char *claims = "{\"given_name\":\"An\",\"family_name\":\"Nguyen\",\"birthdate\":\"1990-01-02\"}";
    if (!wallet_sdjwt_issuer_new(m->ctx, &b, m->iss_key) &&
        !wallet_sdjwt_issuer_set_claims(m->ctx, b, claims, strlen(claims)) &&
        !wallet_sdjwt_issuer_set_all_disclosable(m->ctx, b, 1) &&
        !wallet_sdjwt_issuer_set_issuer(m->ctx, b, m->base) &&
        !wallet_sdjwt_issuer_set_vct(m->ctx, b, vct) &&
        !wallet_sdjwt_issuer_set_holder_key(m->ctx, b, other ? other : holder))
        (void)wallet_sdjwt_issuer_issue(m->ctx, &out, b, 0);
    wallet_sdjwt_issuer_free(b);
    wallet_key_free(other);
    return out;
}

static enum MHD_Result vm_credential(vm_server *m, struct MHD_Connection *c)
{
    m->cred_calls++;
    snprintf(m->last_cred_body, sizeof(m->last_cred_body), "%.*s", (int)m->upload_len,
             m->upload);
    if (m->cred_body)
        return vm_reply(c, (unsigned)m->cred_status, m->cred_body);
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!auth || strcmp(auth, "Bearer " VM_TOKEN))
        return vm_reply(c, 401, "{\"error\":\"invalid_token\"}");
    cJSON *req = NULL;
    if (wl_json_parse_object(m->ctx, &req, m->upload, m->upload_len))
        return vm_reply(c, 400, "{\"error\":\"invalid_credential_request\"}");
    const char *cfg = wl_json_get_string(req, "credential_configuration_id");
    const cJSON *jwts = wl_json_get(wl_json_get(req, "proofs"), "jwt");
    const char *err = NULL;
    if (!cfg || (strcmp(cfg, "pid") && strcmp(cfg, "health")))
        err = "unknown_credential_configuration";
    else if (!cJSON_IsArray(jwts) || cJSON_GetArraySize(jwts) < 1 ||
             cJSON_GetArraySize(jwts) > (m->batch_size ? m->batch_size : 1))
        err = "invalid_credential_request";
    if (!err && m->invalid_nonce_times > 0) {
        m->invalid_nonce_times--;
        err = "invalid_nonce";
    }
    wl_buf out;
    wl_buf_init(&out, 0);
    wl_buf_append_str(&out, "{\"credentials\":[");
    int i = 0;
    const cJSON *it;
    if (!err) {
        cJSON_ArrayForEach(it, jwts)
        {
            wallet_key *hk = NULL;
            err = cJSON_IsString(it) ? vm_check_proof(m, it->valuestring, &hk) : "invalid_proof";
            if (err)
                break;
            m->proofs_seen++;
            char *cred = vm_issue(m, cfg, hk);
            int copies = 1 + (m->extra_credential && i == 0);
            for (int k = 0; k < copies; k++) {
                if (i++)
                    wl_buf_append_byte(&out, ',');
                wl_buf_append_str(&out, "{\"credential\":\"");
                wl_buf_append_str(&out, cred ? cred : "x");
                wl_buf_append_str(&out, "\"}");
            }
            wallet_free(cred);
            wallet_key_free(hk);
        }
    }
    cJSON_Delete(req);
    wl_buf_append_str(&out, "],\"notification_id\":\"n-1\"}");
    enum MHD_Result r;
    if (err) {
        char eb[128];
        snprintf(eb, sizeof(eb), "{\"error\":\"%s\"}", err);
        r = vm_reply(c, 400, eb);
    } else {
        r = vm_reply(c, 200, (const char *)out.data);
    }
    wl_buf_free(&out);
    return r;
}

static enum MHD_Result vm_handler(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    vm_server *m = cls;
    static int marker;
    if (!strcmp(method, "POST")) {
        if (*con_cls == NULL) {
            *con_cls = &marker;
            m->upload_len = 0;
            return MHD_YES;
        }
        if (*upload_size) {
            size_t room = sizeof(m->upload) - 1 - m->upload_len;
            size_t n = *upload_size < room ? *upload_size : room;
            memcpy(m->upload + m->upload_len, upload, n);
            m->upload_len += n;
            m->upload[m->upload_len] = 0;
            *upload_size = 0;
            return MHD_YES;
        }
    }
    if (!strcmp(url, "/.well-known/openid-credential-issuer")) {
        if (m->md_body)
            return vm_reply(c, (unsigned)m->md_status, m->md_body);
        char *md = vm_metadata(m);
        enum MHD_Result r = vm_reply(c, 200, md);
        free(md);
        return r;
    }
    if (!strcmp(url, "/.well-known/oauth-authorization-server")) {
        if (m->as_body)
            return vm_reply(c, (unsigned)m->as_status, m->as_body);
        char b[512];
        snprintf(b, sizeof(b),
                 "{\"issuer\":\"%s\",\"token_endpoint\":\"%s/token\","
                 "\"grant_types_supported\":[\"urn:ietf:params:oauth:grant-type:pre-"
                 "authorized_code\"],\"pre-authorized_grant_anonymous_access_supported\":true}",
                 m->base, m->base);
        return vm_reply(c, 200, b);
    }
    if (!strcmp(url, "/offer")) {
        if (m->offer_body)
            return vm_reply(c, (unsigned)m->offer_status, m->offer_body);
        char *o = vm_offer_json(m, NULL);
        enum MHD_Result r = vm_reply(c, 200, o);
        free(o);
        return r;
    }
    if (!strcmp(url, "/token") && !strcmp(method, "POST")) {
        m->token_calls++;
        snprintf(m->last_form, sizeof(m->last_form), "%.*s", (int)m->upload_len, m->upload);
        if (m->token_body)
            return vm_reply(c, (unsigned)m->token_status, m->token_body);
        const char *gt = vm_form_param(m, "grant_type");
        if (!gt || strcmp(gt, "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code"))
            return vm_reply(c, 400, "{\"error\":\"unsupported_grant_type\"}");
        const char *code = vm_form_param(m, "pre-authorized_code");
        if (!code || strcmp(code, VM_CODE))
            return vm_reply(c, 400, "{\"error\":\"invalid_grant\"}");
        const char *tx = vm_form_param(m, "tx_code");
        if ((m->tx_code && (!tx || strcmp(tx, m->tx_code))) || (!m->tx_code && tx))
            return vm_reply(c, 400, "{\"error\":\"invalid_grant\"}");
        return vm_reply(c, 200,
                        "{\"access_token\":\"" VM_TOKEN "\",\"token_type\":\"bearer\","
                        "\"expires_in\":300}");
    }
    if (!strcmp(url, "/nonce") && !strcmp(method, "POST")) {
        m->nonce_calls++;
        if (m->nonce_body)
            return vm_reply(c, (unsigned)m->nonce_status, m->nonce_body);
        snprintf(m->nonce, sizeof(m->nonce), "n-%d-%d", m->nonce_calls, rand() % 100000);
        char b[96];
        snprintf(b, sizeof(b), "{\"c_nonce\":\"%s\"}", m->nonce);
        return vm_reply(c, 200, b);
    }
    if (!strcmp(url, "/credential") && !strcmp(method, "POST"))
        return vm_credential(m, c);
    return vm_reply(c, 404, "{\"error\":\"not_found\"}");
}

static vm_server *vm_start(int64_t now)
{
    vm_server *m = calloc(1, sizeof(*m));
    assert_non_null(m);
    m->ctx = tu_ctx_at(now);
    tu_assert_ok(m->ctx, wallet_key_generate(m->ctx, &m->iss_key, WALLET_ALG_ES256));
    tu_assert_ok(m->ctx, wallet_key_set_kid(m->ctx, m->iss_key, "vm-issuer"));
    /* One polling thread: the handler runs while the client waits, so the
     * test thread and the server never touch the state at once. */
    m->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, vm_handler, m,
                            MHD_OPTION_END);
    assert_non_null(m->d);
    m->port = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_BIND_PORT)->port;
    snprintf(m->base, sizeof(m->base), "http://127.0.0.1:%u", m->port);
    return m;
}

static void vm_stop(vm_server *m)
{
    MHD_stop_daemon(m->d);
    wallet_key_free(m->iss_key);
    wallet_ctx_free(m->ctx);
    free(m);
}

#endif /* WALLET_TEST_VCI_MOCK_H */
