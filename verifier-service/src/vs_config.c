/*
 * Configuration of wallet-verifier beyond what wallet_svc reads itself:
 * the relying-party registry, request templates, trust, status checking
 * and the request-object signing key and certificate (made at first start
 * when none is configured). See docs/verifier-service.md for every key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vs.h"

static int fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return -1;
}

wallet_ctx *vs_ctx(const vs_app *app)
{
    wallet_ctx *ctx = NULL;
    if (wallet_ctx_new(&ctx) != WALLET_OK)
        return NULL;
    if (app && app->now_override)
        wallet_ctx_set_time(ctx, app->now_override);
    return ctx;
}

int64_t vs_now(const vs_app *app)
{
    if (app && app->now_override)
        return app->now_override;
    return svc_time_ms() / 1000;
}

static char *read_text(const char *path, size_t *len, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    fclose(f);
    if (!buf || n > max) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int write_file(const char *path, const char *data, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0)
        return -1;
    size_t n = strlen(data), off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return close(fd);
}

/* Resolve a path from a JSON array member against the config's directory. */
static char *resolve(svc_config *cfg, const char *p)
{
    if (p[0] == '/')
        return strdup(p);
    const char *dir = svc_config_dir(cfg);
    size_t n = strlen(dir) + strlen(p) + 2;
    char *o = malloc(n);
    if (o)
        snprintf(o, n, "%s/%s", dir, p);
    return o;
}

static const char *str_member(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* {"vi": "...", "en": "..."} or a plain string (both languages). */
static int i18n(const cJSON *o, const char *name, char **vi, char **en, int required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    *vi = *en = NULL;
    if (!v)
        return required ? -1 : 0;
    if (cJSON_IsString(v)) {
        *vi = strdup(v->valuestring);
        *en = strdup(v->valuestring);
    } else if (cJSON_IsObject(v) && str_member(v, "vi") && str_member(v, "en")) {
        *vi = strdup(str_member(v, "vi"));
        *en = strdup(str_member(v, "en"));
    } else {
        return -1;
    }
    return *vi && *en ? 0 : -1;
}

/* ---- built-in templates (docs/verifier-service.md "Templates") ---------- */

static const char *const builtin_templates =
    "{"
    "\"age_over_18\":{\"title\":{\"vi\":\"Trên 18 tuổi\",\"en\":\"Age 18 or over\"},"
    " \"dcql\":{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
    "  \"meta\":{\"vct_values\":[\"https://id.hanoi.gov.vn/pid\"]},"
    "  \"claims\":[{\"path\":[\"age_equal_or_over\",\"18\"],\"values\":[true]}]}]}},"
    "\"health_book_vaccinations\":{\"title\":{\"vi\":\"Sổ sức khỏe — tiêm chủng\","
    "  \"en\":\"Health book — vaccinations\"},"
    " \"dcql\":{\"credentials\":[{\"id\":\"health\",\"format\":\"dc+sd-jwt\","
    "  \"meta\":{\"vct_values\":[\"urn:vn:health-book:vaccination:1\"]},"
    "  \"claims\":[{\"path\":[\"nam\"]},{\"path\":[\"v\"]}]}]}},"
    "\"citizen_identity\":{\"title\":{\"vi\":\"Căn cước công dân\",\"en\":\"Citizen identity\"},"
    " \"dcql\":{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\","
    "  \"meta\":{\"vct_values\":[\"https://id.hanoi.gov.vn/pid\"]},"
    "  \"claims\":[{\"path\":[\"family_name\"]},{\"path\":[\"given_name\"]},"
    "   {\"path\":[\"birthdate\"]}]}]}},"
    "\"driving_licence\":{\"title\":{\"vi\":\"Giấy phép lái xe\",\"en\":\"Driving licence\"},"
    " \"dcql\":{\"credentials\":[{\"id\":\"mdl\",\"format\":\"mso_mdoc\","
    "  \"meta\":{\"doctype_value\":\"org.iso.18013.5.1.mDL\"},"
    "  \"claims\":[{\"path\":[\"org.iso.18013.5.1\",\"family_name\"]},"
    "   {\"path\":[\"org.iso.18013.5.1\",\"given_name\"]},"
    "   {\"path\":[\"org.iso.18013.5.1\",\"document_number\"]}]}]}}"
    "}";

static int load_templates(vs_app *app, svc_config *cfg, char *err, size_t n)
{
    const cJSON *t = NULL;
    cJSON *own = NULL;
    if (svc_config_json(cfg, &t, "templates") != SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    if (!t) {
        own = cJSON_Parse(builtin_templates);
        t = own;
    }
    if (!cJSON_IsObject(t)) {
        cJSON_Delete(own);
        return fail(err, n, "templates: expected an object");
    }
    size_t count = (size_t)cJSON_GetArraySize(t);
    app->templates = calloc(count ? count : 1, sizeof(*app->templates));
    app->templates_alloc = app->templates ? (count ? count : 1) : 0;
    if (!app->templates) {
        cJSON_Delete(own);
        return fail(err, n, "out of memory");
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, t)
    {
        vs_template *tp = &app->templates[app->ntemplates];
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(e, "dcql");
        if (!cJSON_IsObject(q) || i18n(e, "title", &tp->title_vi, &tp->title_en, 1) < 0) {
            cJSON_Delete(own);
            return fail(err, n, "templates.%s: needs \"title\" {vi, en} and a \"dcql\" object",
                        e->string);
        }
        /* Validate the query now rather than at the first request. */
        char *text = cJSON_PrintUnformatted(q);
        wallet_ctx *ctx = vs_ctx(app);
        wallet_dcql *parsed = NULL;
        wallet_err we = text && ctx ? wallet_dcql_parse(ctx, &parsed, text, strlen(text))
                                    : WALLET_ERR_NOMEM;
        wallet_dcql_free(parsed);
        wallet_ctx_free(ctx);
        free(text);
        if (we != WALLET_OK) {
            cJSON_Delete(own);
            return fail(err, n, "templates.%s.dcql: %s", e->string, wallet_err_str(we));
        }
        tp->name = strdup(e->string);
        tp->dcql = cJSON_Duplicate(q, 1);
        app->ntemplates++;
    }
    cJSON_Delete(own);
    return 0;
}

/* ---- relying parties --------------------------------------------------------- */

static int load_rps(vs_app *app, svc_config *cfg, char *err, size_t n)
{
    const cJSON *arr = NULL;
    if (svc_config_json(cfg, &arr, "relying_parties") != SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    if (svc_apikeys_new(&app->apikeys) != SVC_OK)
        return fail(err, n, "out of memory");
    if (!arr)
        return 0; /* no relying party: only the offline check and the wallet side */
    if (!cJSON_IsArray(arr))
        return fail(err, n, "relying_parties: expected an array");
    size_t count = (size_t)cJSON_GetArraySize(arr);
    app->rps = calloc(count ? count : 1, sizeof(*app->rps));
    app->rps_alloc = app->rps ? (count ? count : 1) : 0;
    if (!app->rps)
        return fail(err, n, "out of memory");
    const cJSON *e;
    size_t i = 0;
    cJSON_ArrayForEach(e, arr)
    {
        vs_rp *rp = &app->rps[app->nrps];
        const char *id = str_member(e, "id");
        const char *hash = str_member(e, "api_key_sha256");
        const cJSON *creds = cJSON_GetObjectItemCaseSensitive(e, "credentials");
        const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(e, "templates");
        const cJSON *cb = cJSON_GetObjectItemCaseSensitive(e, "callback_url");
        if (!id || !hash)
            return fail(err, n, "relying_parties[%zu]: \"id\" and \"api_key_sha256\" required", i);
        if (vs_rp_find(app, id))
            return fail(err, n, "relying_parties[%zu]: duplicate id", i);
        if (i18n(e, "name", &rp->name_vi, &rp->name_en, 1) < 0)
            return fail(err, n, "relying_parties[%zu].name: expected {\"vi\", \"en\"}", i);
        if (i18n(e, "purpose", &rp->purpose_vi, &rp->purpose_en, 1) < 0)
            return fail(err, n, "relying_parties[%zu].purpose: expected {\"vi\", \"en\"}", i);
        if (!cJSON_IsArray(creds))
            return fail(err, n, "relying_parties[%zu].credentials: expected an array", i);
        const cJSON *c;
        cJSON_ArrayForEach(c, creds)
        {
            const char *fmt = str_member(c, "format");
            const cJSON *types = cJSON_GetObjectItemCaseSensitive(c, "types");
            const cJSON *claims = cJSON_GetObjectItemCaseSensitive(c, "claims");
            if (!fmt || (strcmp(fmt, "dc+sd-jwt") != 0 && strcmp(fmt, "mso_mdoc") != 0) ||
                !cJSON_IsArray(types) || !cJSON_IsArray(claims))
                return fail(err, n,
                            "relying_parties[%zu].credentials: each needs \"format\" "
                            "(dc+sd-jwt | mso_mdoc), \"types\" and \"claims\" arrays",
                            i);
            const cJSON *p;
            cJSON_ArrayForEach(p, claims) if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) < 1)
                return fail(err, n, "relying_parties[%zu].credentials.claims: paths are arrays",
                            i);
        }
        if (tpl && !cJSON_IsArray(tpl))
            return fail(err, n, "relying_parties[%zu].templates: expected an array", i);
        if (cb && !cJSON_IsNull(cb)) {
            if (!cJSON_IsString(cb) || (strncmp(cb->valuestring, "https://", 8) != 0 &&
                                        strncmp(cb->valuestring, "http://127.0.0.1", 16) != 0 &&
                                        strncmp(cb->valuestring, "http://localhost", 16) != 0))
                return fail(err, n,
                            "relying_parties[%zu].callback_url: an https URL (http only on "
                            "loopback)",
                            i);
            rp->callback_url = strdup(cb->valuestring);
        }
        rp->id = strdup(id);
        rp->credentials = cJSON_Duplicate(creds, 1);
        rp->templates = tpl ? cJSON_Duplicate(tpl, 1) : NULL;
        const char *scopes[] = {"presentations"};
        if (svc_apikeys_add(app->apikeys, id, rp->name_en, hash, scopes, 1) != SVC_OK)
            return fail(err, n, "relying_parties[%zu]: %s", i, svc_errmsg());
        app->nrps++;
        i++;
    }
    return 0;
}

const vs_rp *vs_rp_find(const vs_app *app, const char *id)
{
    for (size_t i = 0; id && i < app->nrps; i++)
        if (app->rps[i].id && strcmp(app->rps[i].id, id) == 0)
            return &app->rps[i];
    return NULL;
}

const vs_template *vs_template_find(const vs_app *app, const char *name)
{
    for (size_t i = 0; name && i < app->ntemplates; i++)
        if (strcmp(app->templates[i].name, name) == 0)
            return &app->templates[i];
    return NULL;
}

/* ---- trust and status -------------------------------------------------------- */

static int load_trust(vs_app *app, svc_config *cfg, wallet_ctx *ctx, char *err, size_t n)
{
    const char *dir = NULL;
    const cJSON *jwks = NULL, *iaca = NULL;
    if (wallet_trust_new(ctx, &app->trust) != WALLET_OK)
        return fail(err, n, "out of memory");
    if (svc_config_path(cfg, &dir, "trust.dir", NULL) != SVC_OK ||
        svc_config_json(cfg, &jwks, "trust.jwks") != SVC_OK ||
        svc_config_json(cfg, &iaca, "trust.iaca") != SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    if (dir && wallet_trust_load_dir(ctx, app->trust, dir) != WALLET_OK)
        return fail(err, n, "trust.dir: %s", wallet_ctx_errmsg(ctx));
    const cJSON *lists[2] = {jwks, iaca};
    for (int k = 0; k < 2; k++) {
        if (!lists[k])
            continue;
        if (!cJSON_IsArray(lists[k]))
            return fail(err, n, "trust.%s: expected an array of file names", k ? "iaca" : "jwks");
        const cJSON *f;
        cJSON_ArrayForEach(f, lists[k])
        {
            if (!cJSON_IsString(f))
                return fail(err, n, "trust.%s: expected file names", k ? "iaca" : "jwks");
            char *p = resolve(cfg, f->valuestring);
            size_t len = 0;
            char *text = p ? read_text(p, &len, 4u << 20) : NULL;
            free(p);
            if (!text)
                return fail(err, n, "trust.%s: cannot read %s", k ? "iaca" : "jwks",
                            f->valuestring);
            wallet_err we = k ? wallet_trust_add_pem(ctx, app->trust, text, len, 0)
                              : wallet_trust_add_jwks(ctx, app->trust, text, len);
            free(text);
            if (we != WALLET_OK)
                return fail(err, n, "trust.%s: %s: %s", k ? "iaca" : "jwks", f->valuestring,
                            wallet_err_str(we));
        }
    }
    const char *mode = NULL, *snap = NULL, *snapkey = NULL;
    int64_t max_age = 0;
    if (svc_config_string(cfg, &mode, "status.mode", "online") != SVC_OK ||
        svc_config_path(cfg, &snap, "status.snapshot", NULL) != SVC_OK ||
        svc_config_path(cfg, &snapkey, "status.snapshot_key", NULL) != SVC_OK ||
        svc_config_int(cfg, &max_age, "status.max_age_seconds", 0, 0, INT32_MAX) != SVC_OK ||
        svc_config_bool(cfg, &app->require_status, "status.required", 0) != SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    app->status_max_age = max_age;
    if (strcmp(mode, "online") == 0) {
        if (wallet_status_cache_new(ctx, &app->status_cache, 256) != WALLET_OK)
            return fail(err, n, "status cache: out of memory");
    } else if (strcmp(mode, "snapshot") != 0 && strcmp(mode, "off") != 0) {
        return fail(err, n, "status.mode: expected online, snapshot or off");
    }
    if (snap) {
        /* The snapshot is signed by whoever captured it (wallet status
         * snapshot --key): its public key is status.snapshot_key. */
        size_t len = 0, kl = 0;
        wallet_key *vk = NULL;
        char *kt = snapkey ? read_text(snapkey, &kl, 64 * 1024) : NULL;
        if (!kt)
            return fail(err, n, "status.snapshot_key: required with a snapshot, readable");
        wallet_err we = kt[0] == '{' ? wallet_key_from_jwk(ctx, &vk, kt, kl)
                                     : wallet_key_from_pem(ctx, &vk, kt, kl);
        free(kt);
        if (we != WALLET_OK)
            return fail(err, n, "status.snapshot_key: %s", wallet_err_str(we));
        char *data = read_text(snap, &len, 64u << 20);
        if (!data) {
            wallet_key_free(vk);
            return fail(err, n, "status.snapshot: cannot read the file");
        }
        we = wallet_status_snapshot_load(ctx, &app->status_snapshot, (const uint8_t *)data, len,
                                         vk);
        wallet_key_free(vk);
        free(data);
        if (we != WALLET_OK)
            return fail(err, n, "status.snapshot: %s", wallet_err_str(we));
    } else if (strcmp(mode, "snapshot") == 0) {
        return fail(err, n, "status.mode snapshot needs status.snapshot");
    }
    return 0;
}

/* ---- request-object signing key and certificate ------------------------------ */

static int load_signer(vs_app *app, svc_config *cfg, wallet_ctx *ctx, char *err, size_t n)
{
    const char *kp = NULL, *cp = NULL;
    if (svc_config_path(cfg, &kp, "verifier.signing_key", "request-signing.jwk") != SVC_OK ||
        svc_config_path(cfg, &cp, "verifier.signing_cert", "request-signing.pem") != SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    struct stat sb;
    int have_k = stat(kp, &sb) == 0, have_c = stat(cp, &sb) == 0;
    if (!have_k && !have_c) {
        /* First start: an ES256 key and a self-signed certificate naming the
         * DNS name (x509_san_dns, OpenID4VP 1.0 §5.9.3). Production puts a
         * certificate from a CA the wallets trust here instead. */
        wallet_key *k = NULL;
        wallet_cert_builder *b = NULL;
        wallet_cert *c = NULL;
        char *jwk = NULL, *pem = NULL;
        char dn[300];
        snprintf(dn, sizeof(dn), "CN=%s,O=wallet-verifier", app->dns_name);
        wallet_err we = wallet_key_generate(ctx, &k, WALLET_ALG_ES256);
        if (!we)
            we = wallet_cert_builder_new(ctx, &b, WALLET_CERT_PROFILE_LEAF);
        if (!we)
            we = wallet_cert_builder_set_subject(ctx, b, dn);
        if (!we)
            we = wallet_cert_builder_set_validity(ctx, b, vs_now(app) - 60,
                                                  vs_now(app) + 2 * 365 * 86400);
        if (!we)
            we = wallet_cert_builder_add_san_dns(ctx, b, app->dns_name);
        if (!we)
            we = wallet_cert_builder_sign(ctx, &c, b, k, k, NULL);
        if (!we)
            we = wallet_key_to_jwk(ctx, &jwk, k, WALLET_EXPORT_PRIVATE);
        if (!we)
            we = wallet_cert_to_pem(ctx, &pem, c);
        int wr = we ? -1 : write_file(kp, jwk, 0600);
        if (wr == 0)
            wr = write_file(cp, pem, 0644);
        if (jwk)
            wallet_memzero(jwk, strlen(jwk));
        wallet_free(jwk);
        wallet_free(pem);
        wallet_cert_builder_free(b);
        wallet_cert_free(c);
        wallet_key_free(k);
        if (we)
            return fail(err, n, "request signing key: %s", wallet_err_str(we));
        if (wr)
            return fail(err, n, "request signing key: cannot write %s or %s: %s", kp, cp,
                        strerror(errno));
    } else if (!have_k || !have_c) {
        return fail(err, n, "verifier.signing_key and verifier.signing_cert: both or neither");
    }
    size_t len = 0;
    char *text = read_text(kp, &len, 64 * 1024);
    if (!text)
        return fail(err, n, "verifier.signing_key: cannot read %s", kp);
    wallet_err we = text[0] == '{' ? wallet_key_from_jwk(ctx, &app->sign_key, text, len)
                                   : wallet_key_from_pem(ctx, &app->sign_key, text, len);
    wallet_memzero(text, len);
    free(text);
    if (we != WALLET_OK || !wallet_key_can_sign(app->sign_key))
        return fail(err, n, "verifier.signing_key: not a private key (%s)", wallet_err_str(we));
    text = read_text(cp, &len, 256 * 1024);
    wallet_cert **certs = NULL;
    size_t nc = 0;
    we = text ? wallet_cert_from_pem(ctx, &certs, &nc, text, len) : WALLET_ERR_IO;
    free(text);
    if (we != WALLET_OK)
        return fail(err, n, "verifier.signing_cert: %s", wallet_err_str(we));
    app->sign_cert = certs[0];
    for (size_t i = 1; i < nc; i++)
        wallet_cert_free(certs[i]);
    wallet_free(certs);
    wallet_key *pub = NULL;
    if (wallet_cert_public_key(ctx, &pub, app->sign_cert) != WALLET_OK ||
        !wallet_key_equal_public(pub, app->sign_key)) {
        wallet_key_free(pub);
        return fail(err, n, "verifier.signing_cert does not certify verifier.signing_key");
    }
    wallet_key_free(pub);
    int san = 0;
    for (size_t i = 0; i < wallet_cert_san_dns_count(app->sign_cert); i++)
        if (strcmp(wallet_cert_san_dns(app->sign_cert, i), app->dns_name) == 0)
            san = 1;
    if (!san && app->default_prefix == VS_PREFIX_X509_SAN_DNS)
        return fail(err, n,
                    "verifier.signing_cert has no dNSName %s (needed for x509_san_dns)",
                    app->dns_name);
    size_t dl = 0;
    const uint8_t *der = wallet_cert_der(app->sign_cert, &dl);
    uint8_t h[32];
    app->x5c_b64 = vs_b64std(der, dl);
    if (wallet_sha256(ctx, h, der, dl) != WALLET_OK || !app->x5c_b64)
        return fail(err, n, "out of memory");
    app->x509_hash = vs_b64url(h, 32);
    return app->x509_hash ? 0 : fail(err, n, "out of memory");
}

int vs_app_configure(vs_app *app, svc_config *cfg, char *err, size_t n)
{
    const char *url = NULL, *dns = NULL, *prefix = NULL, *mode = NULL, *enc = NULL;
    int64_t ttl = 0, rttl = 0;
    if (svc_config_string(cfg, &url, "verifier.public_url", NULL) != SVC_OK ||
        svc_config_string(cfg, &prefix, "verifier.client_id_prefix", "x509_san_dns") != SVC_OK ||
        svc_config_string(cfg, &mode, "verifier.response_mode", "direct_post.jwt") != SVC_OK ||
        svc_config_string(cfg, &enc, "verifier.response_enc", "A128GCM") != SVC_OK ||
        svc_config_int(cfg, &ttl, "verifier.request_ttl_seconds", 300, 10, 86400) != SVC_OK ||
        svc_config_int(cfg, &rttl, "verifier.result_ttl_seconds", 3600, 10, 30 * 86400) !=
            SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    if (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0))
        return fail(err, n, "verifier.public_url: required, an http(s) URL");
    app->public_url = strdup(url);
    size_t ul = strlen(app->public_url);
    while (ul > 0 && app->public_url[ul - 1] == '/')
        app->public_url[--ul] = '\0';
    /* Default DNS name: the public URL's host (without port). */
    const char *h = strstr(url, "://") + 3;
    size_t hl = strcspn(h, ":/");
    char host[256];
    if (hl == 0 || hl >= sizeof(host))
        return fail(err, n, "verifier.public_url: no host");
    memcpy(host, h, hl);
    host[hl] = '\0';
    if (svc_config_string(cfg, &dns, "verifier.dns_name", host) != SVC_OK)
        return fail(err, n, "%s", svc_errmsg());
    app->dns_name = strdup(dns);
    if (strcmp(prefix, "x509_san_dns") == 0)
        app->default_prefix = VS_PREFIX_X509_SAN_DNS;
    else if (strcmp(prefix, "x509_hash") == 0)
        app->default_prefix = VS_PREFIX_X509_HASH;
    else if (strcmp(prefix, "redirect_uri") == 0)
        app->default_prefix = VS_PREFIX_REDIRECT_URI;
    else
        return fail(err, n, "verifier.client_id_prefix: x509_san_dns, x509_hash or redirect_uri");
    if (strcmp(mode, "direct_post") == 0)
        app->default_mode = VS_MODE_DIRECT_POST;
    else if (strcmp(mode, "direct_post.jwt") == 0)
        app->default_mode = VS_MODE_DIRECT_POST_JWT;
    else
        return fail(err, n, "verifier.response_mode: direct_post or direct_post.jwt");
    app->default_enc = wallet_jwe_enc_from_name(enc);
    if (app->default_enc != WALLET_JWE_ENC_A128GCM && app->default_enc != WALLET_JWE_ENC_A256GCM)
        return fail(err, n, "verifier.response_enc: A128GCM or A256GCM");
    app->request_ttl = ttl;
    app->result_ttl = rttl;

    wallet_ctx *ctx = vs_ctx(app);
    if (!ctx)
        return fail(err, n, "out of memory");
    int r = load_trust(app, cfg, ctx, err, n);
    if (r == 0)
        r = load_signer(app, cfg, ctx, err, n);
    wallet_ctx_free(ctx);
    if (r == 0)
        r = load_templates(app, cfg, err, n);
    if (r == 0)
        r = load_rps(app, cfg, err, n);
    if (r == 0)
        pthread_mutex_init(&app->cb_lock, NULL);
    return r;
}

void vs_app_release(vs_app *app)
{
    /* every allocated slot: a half-filled one is left by a config error */
    for (size_t i = 0; i < app->rps_alloc; i++) {
        vs_rp *rp = &app->rps[i];
        free(rp->id);
        free(rp->name_vi);
        free(rp->name_en);
        free(rp->purpose_vi);
        free(rp->purpose_en);
        free(rp->callback_url);
        cJSON_Delete(rp->credentials);
        cJSON_Delete(rp->templates);
    }
    free(app->rps);
    for (size_t i = 0; i < app->templates_alloc; i++) {
        free(app->templates[i].name);
        free(app->templates[i].title_vi);
        free(app->templates[i].title_en);
        cJSON_Delete(app->templates[i].dcql);
    }
    free(app->templates);
    svc_apikeys_free(app->apikeys);
    wallet_trust_free(app->trust);
    wallet_status_cache_free(app->status_cache);
    wallet_status_snapshot_free(app->status_snapshot);
    wallet_key_free(app->sign_key);
    wallet_cert_free(app->sign_cert);
    free(app->x5c_b64);
    free(app->x509_hash);
    free(app->dns_name);
    free(app->public_url);
}
