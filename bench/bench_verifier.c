/*
 * verifier-service end to end: presentations verified per second and
 * latency at a running wallet-verifier (child process, loopback, embedded
 * SQLCipher storage, synchronous=normal, status checking off).
 *
 * Load generator: BENCH_VERIFIER_CLIENTS threads, each with a keep-alive
 * libcurl handle, each cycle a real OpenID4VP exchange with a fresh nonce:
 *   1. relying party: POST /v1/presentations (DCQL: 3 claims of an SD-JWT
 *      VC, direct_post.jwt);
 *   2. wallet: GET the request object (signed by the service), read nonce,
 *      state, client_id and the encryption key from it (signature not
 *      re-checked here: that is the wallet's cost, not the verifier's);
 *   3. wallet: SD-JWT+KB presentation for that nonce and client_id
 *      (wallet_sdjwt_present), encrypted with ECDH-ES/A128GCM
 *      (wallet_jwe_encrypt) — made before the timed POST;
 *   4. wallet: POST /oid4vp/response/{id} — the service decrypts, verifies
 *      the issuer signature, the KB-JWT, the DCQL query, writes the result;
 *   5. relying party: GET /v1/presentations/{id} must say "verified".
 * Bounded: the run lasts opts->seconds × repeats (at least 3 s) and stops.
 * Reported: verified presentations per second over the whole exchange
 * (all five steps; wallet-side work included, since the load generator
 * shares the machine), the service's own response-verification latency
 * (step 4: p50 / p99), and one raw ES256 verify per second (OpenSSL,
 * same run) for the ratio.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "bench.h"
#include "wallet/wallet.h"

#ifndef BENCH_VERIFIER_BIN
#define BENCH_VERIFIER_BIN "wallet-verifier"
#endif
#define BENCH_VERIFIER_CLIENTS 2
#define BENCH_MAX_SAMPLES 200000

typedef struct shared {
    const char *base;
    const char *token;
    const char *sdjwt;
    const wallet_key *holder;
    double stop_at;
    pthread_mutex_t lock;
    double *lat; /* step-4 latencies (s) */
    size_t nlat;
    size_t done, failed;
    double step[5]; /* summed seconds: create, request object, wallet work, response, result */
} shared;

typedef struct buf {
    char *p;
    size_t n;
} buf;

static size_t collect(char *d, size_t s, size_t n, void *u)
{
    buf *b = u;
    char *np = realloc(b->p, b->n + s * n + 1);
    if (!np)
        return 0;
    memcpy(np + b->n, d, s * n);
    b->n += s * n;
    np[b->n] = '\0';
    b->p = np;
    return s * n;
}

static long http(CURL *c, const char *method, const char *url, const char *auth, const char *ctype,
                 const char *body, buf *out)
{
    struct curl_slist *h = NULL;
    char hb[600];
    out->n = 0;
    if (out->p)
        out->p[0] = '\0';
    if (auth) {
        snprintf(hb, sizeof(hb), "Authorization: Bearer %s", auth);
        h = curl_slist_append(h, hb);
    }
    if (ctype) {
        snprintf(hb, sizeof(hb), "Content-Type: %s", ctype);
        h = curl_slist_append(h, hb);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPGET, body ? 0L : 1L);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    long code = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    return code;
}

/* One full exchange; *lat = step 4 duration. 0 when verified. */
static int one_exchange(shared *s, CURL *c, wallet_ctx *ctx, double *lat, double st[5])
{
    double ts = bench_now();
    char url[512];
    buf b = {0};
    int rc = -1;
    cJSON *cr = NULL, *pl = NULL;
    char *pres = NULL, *jwe = NULL, *plain = NULL, *form = NULL, *esc = NULL;
    wallet_sdjwt *held = NULL;
    wallet_key *ek = NULL;
    snprintf(url, sizeof(url), "%s/v1/presentations", s->base);
    if (http(c, "POST", url, s->token, "application/json", "{\"template\":\"citizen_identity\"}",
             &b) != 201 ||
        !(cr = cJSON_Parse(b.p)))
        goto out;
    const char *id = cJSON_GetObjectItem(cr, "id")->valuestring;
    st[0] = bench_now() - ts;
    ts = bench_now();
    snprintf(url, sizeof(url), "%s/oid4vp/request/%s", s->base, id);
    if (http(c, "GET", url, NULL, NULL, NULL, &b) != 200)
        goto out;
    st[1] = bench_now() - ts;
    ts = bench_now();
    /* payload = second part of the JWS */
    char *d1 = strchr(b.p, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    uint8_t *pj = NULL;
    size_t pjl = 0;
    if (!d2 || wallet_b64url_decode(ctx, &pj, &pjl, d1 + 1, (size_t)(d2 - d1 - 1)) != WALLET_OK)
        goto out;
    pl = cJSON_ParseWithLength((const char *)pj, pjl);
    wallet_free(pj);
    const char *client_id = cJSON_GetObjectItem(pl, "client_id")->valuestring;
    const char *nonce = cJSON_GetObjectItem(pl, "nonce")->valuestring;
    const char *state = cJSON_GetObjectItem(pl, "state")->valuestring;
    const char *resp_uri = cJSON_GetObjectItem(pl, "response_uri")->valuestring;
    cJSON *jwk = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(pl, "client_metadata"), "jwks"),
                            "keys"),
        0);
    char *jt = cJSON_PrintUnformatted(jwk);
    wallet_err we = jt ? wallet_key_from_jwk(ctx, &ek, jt, strlen(jt)) : WALLET_ERR_NOMEM;
    cJSON_free(jt);
    const char *paths[] = {"family_name", "given_name", "birthdate"};
    if (we || wallet_sdjwt_parse(ctx, &held, s->sdjwt, strlen(s->sdjwt)) ||
        wallet_sdjwt_present(ctx, &pres, held, paths, 3, s->holder, client_id, nonce, 0))
        goto out;
    cJSON *o = cJSON_CreateObject();
    cJSON *vp = cJSON_AddObjectToObject(o, "vp_token");
    cJSON *arr = cJSON_AddArrayToObject(vp, "pid");
    cJSON_AddItemToArray(arr, cJSON_CreateString(pres));
    cJSON_AddStringToObject(o, "state", state);
    plain = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!plain || wallet_jwe_encrypt(ctx, &jwe, ek, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL, 0, NULL,
                                     (const uint8_t *)plain, strlen(plain)))
        goto out;
    esc = curl_easy_escape(c, jwe, 0);
    size_t fl = strlen(esc) + 16;
    form = malloc(fl);
    if (!form)
        goto out;
    snprintf(form, fl, "response=%s", esc);
    /* the response URI names localhost; the service listens on 127.0.0.1 */
    const char *path = strstr(resp_uri, "/oid4vp/");
    snprintf(url, sizeof(url), "%s%s", s->base, path ? path : "/");
    st[2] = bench_now() - ts;
    double t0 = bench_now();
    long code = http(c, "POST", url, NULL, "application/x-www-form-urlencoded", form, &b);
    *lat = bench_now() - t0;
    st[3] = *lat;
    ts = bench_now();
    if (code != 200)
        goto out;
    snprintf(url, sizeof(url), "%s/v1/presentations/%s", s->base, id);
    if (http(c, "GET", url, s->token, NULL, NULL, &b) != 200 || !strstr(b.p, "\"verified\""))
        goto out;
    st[4] = bench_now() - ts;
    rc = 0;
out:
    cJSON_Delete(cr);
    cJSON_Delete(pl);
    wallet_free(pres);
    wallet_free(jwe);
    cJSON_free(plain);
    curl_free(esc);
    free(form);
    free(b.p);
    wallet_sdjwt_free(held);
    wallet_key_free(ek);
    return rc;
}

static void *client(void *arg)
{
    shared *s = arg;
    CURL *c = curl_easy_init();
    wallet_ctx *ctx = NULL;
    if (!c || wallet_ctx_new(&ctx) != WALLET_OK)
        return NULL;
    while (bench_now() < s->stop_at) {
        double lat = 0, st[5] = {0};
        int r = one_exchange(s, c, ctx, &lat, st);
        pthread_mutex_lock(&s->lock);
        if (r == 0) {
            s->done++;
            for (int k = 0; k < 5; k++)
                s->step[k] += st[k];
            if (s->nlat < BENCH_MAX_SAMPLES)
                s->lat[s->nlat++] = lat;
        } else {
            s->failed++;
        }
        pthread_mutex_unlock(&s->lock);
        if (r != 0)
            break;
    }
    wallet_ctx_free(ctx);
    curl_easy_cleanup(c);
    return NULL;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Raw ES256 verify (OpenSSL), the signature floor. */
typedef struct raw_es256 {
    EVP_PKEY *pkey;
    EVP_MD_CTX *mctx;
    uint8_t sig[80];
    size_t sig_len;
    uint8_t msg[64];
} raw_es256;

static int raw_verify(void *arg)
{
    raw_es256 *r = arg;
    return EVP_DigestVerifyInit(r->mctx, NULL, EVP_sha256(), NULL, r->pkey) == 1 &&
                   EVP_DigestVerify(r->mctx, r->sig, r->sig_len, r->msg, sizeof(r->msg)) == 1
               ? 0
               : -1;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

int bench_verifier_run(const bench_opts *opts, bench_md *md)
{
    char dir[] = "/tmp/bench_verifier_XXXXXX";
    char path[512], cfgp[512], tokbuf[160];
    wallet_ctx *ctx = NULL;
    wallet_key *issuer = NULL, *holder = NULL;
    wallet_sdjwt_issuer *b = NULL;
    char *cred = NULL, *jwk = NULL;
    pid_t child = -1;
    raw_es256 raw = {0};
    shared s = {0};
    int rc = -1;
    static const char claims[] = "{\"iss\":\"https://id.hanoi.gov.vn\",\"given_name\":\"An\","
                                 "\"family_name\":\"Nguyen\",\"birthdate\":\"1990-04-12\","
                                 "\"nationalities\":[\"VN\"]}";
    pthread_mutex_init(&s.lock, NULL);
    if (!mkdtemp(dir) || wallet_ctx_new(&ctx) != WALLET_OK)
        return -1;
    /* issuer, holder, credential */
    if (wallet_key_generate(ctx, &issuer, WALLET_ALG_ES256) ||
        wallet_key_generate(ctx, &holder, WALLET_ALG_ES256) ||
        wallet_sdjwt_issuer_new(ctx, &b, issuer) ||
        wallet_sdjwt_issuer_set_claims(ctx, b, claims, strlen(claims)) ||
        wallet_sdjwt_issuer_set_all_disclosable(ctx, b, 1) ||
        wallet_sdjwt_issuer_set_vct(ctx, b, "https://id.hanoi.gov.vn/pid") ||
        wallet_sdjwt_issuer_set_holder_key(ctx, b, holder) ||
        wallet_sdjwt_issuer_issue(ctx, &cred, b, 0) ||
        wallet_key_to_jwk(ctx, &jwk, issuer, WALLET_EXPORT_PUBLIC)) {
        fprintf(stderr, "bench verifier: setup: %s\n", wallet_ctx_errmsg(ctx));
        goto out;
    }
    snprintf(path, sizeof(path), "%s/issuer.jwk", dir);
    write_text(path, jwk);
    /* relying-party token and its hash */
    uint8_t rnd[24], h[32];
    char hex[65];
    wallet_random(ctx, rnd, sizeof(rnd));
    char *tb = NULL;
    size_t tbl = 0;
    wallet_b64url_encode(ctx, &tb, &tbl, rnd, sizeof(rnd));
    snprintf(tokbuf, sizeof(tokbuf), "wk_%s", tb);
    wallet_free(tb);
    wallet_sha256(ctx, h, (const uint8_t *)tokbuf, strlen(tokbuf));
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    /* a port: bind 0 is not possible through the config's public_url, so
     * pick one from the pid (loopback, high range) and retry on failure */
    int port = 20000 + (int)(getpid() % 20000);
    char cfg[4096], base[64];
    snprintf(cfg, sizeof(cfg),
             "{\"listen\":{\"address\":\"127.0.0.1\",\"port\":%d},\"server\":{\"threads\":4},"
             "\"storage\":{\"path\":\"%s/v.db\",\"key_file\":\"%s/v.key\",\"synchronous\":\"normal\"},"
             "\"access_log\":{\"enabled\":false},"
             "\"rate_limits\":{\"enabled\":false},"
             "\"verifier\":{\"public_url\":\"http://localhost:%d\",\"dns_name\":\"localhost\"},"
             "\"trust\":{\"jwks\":[\"%s/issuer.jwk\"]},\"status\":{\"mode\":\"off\"},"
             "\"relying_parties\":[{\"id\":\"bench\",\"name\":\"Bench\",\"purpose\":\"bench\","
             "\"api_key_sha256\":\"%s\",\"credentials\":[{\"format\":\"dc+sd-jwt\","
             "\"types\":[\"https://id.hanoi.gov.vn/pid\"],\"claims\":[[\"given_name\"],"
             "[\"family_name\"],[\"birthdate\"]]}]}]}",
             port, dir, dir, port, dir, hex);
    snprintf(cfgp, sizeof(cfgp), "%s/verifier.json", dir);
    write_text(cfgp, cfg);
    snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
    child = fork();
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execl(BENCH_VERIFIER_BIN, "wallet-verifier", "--config", cfgp, (char *)NULL);
        _exit(127);
    }
    CURL *probe = curl_easy_init();
    int up = 0;
    for (int i = 0; i < 200 && !up; i++) {
        buf bb = {0};
        char u[128];
        snprintf(u, sizeof(u), "%s/healthz", base);
        up = probe && http(probe, "GET", u, NULL, NULL, NULL, &bb) == 200;
        free(bb.p);
        if (!up)
            usleep(50000);
    }
    curl_easy_cleanup(probe);
    if (!up) {
        fprintf(stderr, "bench verifier: %s did not start\n", BENCH_VERIFIER_BIN);
        goto out;
    }
    /* raw ES256 verify */
    EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
    raw.mctx = EVP_MD_CTX_new();
    raw.sig_len = sizeof(raw.sig);
    if (!kc || EVP_PKEY_keygen_init(kc) != 1 ||
        EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kc, NID_X9_62_prime256v1) != 1 ||
        EVP_PKEY_keygen(kc, &raw.pkey) != 1 ||
        EVP_DigestSignInit(raw.mctx, NULL, EVP_sha256(), NULL, raw.pkey) != 1 ||
        EVP_DigestSign(raw.mctx, raw.sig, &raw.sig_len, raw.msg, sizeof(raw.msg)) != 1) {
        EVP_PKEY_CTX_free(kc);
        goto out;
    }
    EVP_PKEY_CTX_free(kc);
    bench_stat rs;
    if (bench_measure(opts, raw_verify, &raw, &rs) != 0)
        goto out;

    /* the load */
    s.base = base;
    s.token = tokbuf;
    s.sdjwt = cred;
    s.holder = holder;
    s.lat = calloc(BENCH_MAX_SAMPLES, sizeof(double));
    double dur = opts->seconds * opts->repeats;
    if (dur < 3)
        dur = 3;
    double t0 = bench_now();
    s.stop_at = t0 + dur;
    pthread_t th[BENCH_VERIFIER_CLIENTS];
    for (int i = 0; i < BENCH_VERIFIER_CLIENTS; i++)
        pthread_create(&th[i], NULL, client, &s);
    for (int i = 0; i < BENCH_VERIFIER_CLIENTS; i++)
        pthread_join(th[i], NULL);
    double elapsed = bench_now() - t0;
    if (s.failed || s.nlat == 0) {
        fprintf(stderr, "bench verifier: %zu exchanges failed\n", s.failed);
        goto out;
    }
    qsort(s.lat, s.nlat, sizeof(double), cmp_d);
    double p50 = s.lat[s.nlat / 2] * 1e3;
    double p99 = s.lat[(size_t)((double)s.nlat * 0.99)] * 1e3;
    double rate = (double)s.done / elapsed;
    printf("raw ES256 verify/s %.0f; verified presentations/s %.1f (%zu in %.1f s, %d clients); "
           "response verification p50 %.2f ms p99 %.2f ms\n",
           rs.median, rate, s.done, elapsed, BENCH_VERIFIER_CLIENTS, p50, p99);
    bench_md_printf(
        md,
        "Method. A `wallet-verifier` child process on loopback (4 server threads, embedded "
        "SQLCipher storage with `synchronous=normal`, status checking off, access log off) "
        "and a load generator of %d threads in the same machine, each repeating a complete "
        "OpenID4VP exchange with a fresh request, nonce and key: the relying party creates a "
        "request (DCQL, 3 claims of an SD-JWT VC, `direct_post.jwt`), the wallet fetches the "
        "signed request object, presents the 3 claims with a KB-JWT for that nonce and "
        "client_id and encrypts the response (ECDH-ES, A128GCM), posts it, and the relying "
        "party reads the result, which must be `verified`. Bounded to %.0f s. The service's "
        "work per presentation: signing the request object, decrypting the response, 2 ES256 "
        "verifies (issuer, KB-JWT), DCQL matching and claim filtering, 3 storage writes. The "
        "raw ES256 verify (OpenSSL `EVP_DigestVerify`, one core) is measured in the same run.\n\n",
        BENCH_VERIFIER_CLIENTS, dur);
    bench_md_printf(md,
                    "| raw ES256 verifies/s | verified presentations/s (end to end) | "
                    "ratio | response POST p50 | response POST p99 | exchanges |\n");
    bench_md_printf(md, "|---:|---:|---:|---:|---:|---:|\n");
    bench_md_printf(md, "| %.0f | %.1f | %.3f | %.2f ms | %.2f ms | %zu |\n\n", rs.median, rate,
                    rate / rs.median, p50, p99, s.done);
    bench_md_printf(md,
                    "Mean time per step (ms; each client's wall time, the 2 clients overlap): "
                    "create request %.2f, fetch request object %.2f, wallet presentation + "
                    "encryption %.2f, response POST %.2f, result GET %.2f.\n\n",
                    s.step[0] * 1e3 / (double)s.done, s.step[1] * 1e3 / (double)s.done,
                    s.step[2] * 1e3 / (double)s.done, s.step[3] * 1e3 / (double)s.done,
                    s.step[4] * 1e3 / (double)s.done);
    printf("steps (ms): create %.2f, request object %.2f, wallet %.2f, response %.2f, result %.2f\n",
           s.step[0] * 1e3 / (double)s.done, s.step[1] * 1e3 / (double)s.done,
           s.step[2] * 1e3 / (double)s.done, s.step[3] * 1e3 / (double)s.done,
           s.step[4] * 1e3 / (double)s.done);
    bench_md_printf(md,
                    "The end-to-end rate includes the wallet side (presentation and encryption) "
                    "and the relying party's two calls, all sharing the same 2 cores with the "
                    "service; the POST latency is the service's verification of one response "
                    "as the wallet sees it.\n");
    rc = 0;
out:
    if (child > 0) {
        kill(child, SIGTERM);
        waitpid(child, NULL, 0);
    }
    free(s.lat);
    EVP_PKEY_free(raw.pkey);
    EVP_MD_CTX_free(raw.mctx);
    wallet_free(cred);
    wallet_free(jwk);
    wallet_sdjwt_issuer_free(b);
    wallet_key_free(issuer);
    wallet_key_free(holder);
    wallet_ctx_free(ctx);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench verifier: could not remove %s\n", dir);
    return rc;
}
