/*
 * The libwallet side of the OpenID4VP building-block interop tests
 * (jwe_jose.mjs, dcql_peers.mjs): a small program over the public API only
 * (no CLI command exists for these yet; `wallet respond` comes with the
 * OpenID4VP issue). cJSON is used to read the test's scenario files.
 *
 *   oid4vp_peer jwe-encrypt RECIPIENT.jwk ENC [APU APV]   plaintext on stdin,
 *                                                         compact JWE on stdout
 *   oid4vp_peer jwe-decrypt KEY.jwk ENC[,ENC...]          JWE on stdin,
 *                                                         plaintext on stdout
 *   oid4vp_peer dcql SCENARIOS.json                       a JSON array of
 *       {"query": <DCQL>, "candidates": [{"id", "format": "dc+sd-jwt" |
 *       "mso_mdoc", "type", "claims", "binding": bool,
 *       "authority": [{"type", "value"}]}]}; prints a JSON array with, per
 *       scenario, the wallet_dcql_result JSON or {"error": "WALLET_ERR_..."}.
 *
 * Exit 0 on success, 1 when libwallet refused the input (the error's name
 * and detail on stderr), 2 on usage or I/O errors.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallet/wallet.h"

static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    for (size_t r; buf && (r = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf)
        buf[n] = 0;
    *len = n;
    return buf;
}

static char *read_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    char *s = slurp(f, len);
    fclose(f);
    if (!s)
        exit(2);
    return s;
}

static int refused(wallet_ctx *ctx, wallet_err e)
{
    fprintf(stderr, "%s: %s\n", wallet_err_name(e), wallet_ctx_errmsg(ctx));
    return 1;
}

static wallet_key *load_key(wallet_ctx *ctx, const char *path)
{
    size_t n;
    char *jwk = read_path(path, &n);
    wallet_key *k = NULL;
    wallet_err e = wallet_key_from_jwk(ctx, &k, jwk, n);
    free(jwk);
    if (e) {
        refused(ctx, e);
        exit(1);
    }
    return k;
}

static int jwe_encrypt(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc != 4 && argc != 6)
        return 2;
    wallet_key *k = load_key(ctx, argv[2]);
    wallet_jwe_enc enc = wallet_jwe_enc_from_name(argv[3]);
    const char *apu = argc == 6 ? argv[4] : NULL, *apv = argc == 6 ? argv[5] : NULL;
    size_t n;
    char *pt = slurp(stdin, &n), *out = NULL;
    wallet_err e = wallet_jwe_encrypt(ctx, &out, k, enc, (const uint8_t *)apu,
                                      apu ? strlen(apu) : 0, (const uint8_t *)apv,
                                      apv ? strlen(apv) : 0, NULL, (const uint8_t *)pt, n);
    free(pt);
    wallet_key_free(k);
    if (e)
        return refused(ctx, e);
    fputs(out, stdout);
    wallet_free(out);
    return 0;
}

static int jwe_decrypt(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc != 4)
        return 2;
    wallet_key *k = load_key(ctx, argv[2]);
    wallet_jwe_encset allowed = 0;
    char names[256];
    snprintf(names, sizeof(names), "%s", argv[3]);
    for (char *p = names, *c; p; p = c) {
        if ((c = strchr(p, ',')))
            *c++ = 0;
        allowed |= WALLET_JWE_ENCSET(wallet_jwe_enc_from_name(p));
    }
    size_t n;
    char *in = slurp(stdin, &n);
    while (n && (in[n - 1] == '\n' || in[n - 1] == '\r'))
        in[--n] = 0;
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    wallet_err e = wallet_jwe_decrypt_compact(ctx, &pt, &pt_len, k, in, n, allowed);
    free(in);
    wallet_key_free(k);
    if (e)
        return refused(ctx, e);
    fwrite(pt, 1, pt_len, stdout);
    wallet_free(pt);
    return 0;
}

/* Run one scenario; append its result (or error) to `out`. */
static void dcql_one(wallet_ctx *ctx, const cJSON *sc, cJSON *out)
{
    char *qtext = cJSON_PrintUnformatted(cJSON_GetObjectItem(sc, "query"));
    wallet_dcql *q = NULL;
    wallet_dcql_candidates *c = NULL;
    wallet_dcql_result *r = NULL;
    char *json = NULL;
    wallet_err e = qtext ? wallet_dcql_parse(ctx, &q, qtext, strlen(qtext)) : WALLET_ERR_JSON;
    if (!e)
        e = wallet_dcql_candidates_new(ctx, &c);
    const cJSON *cand;
    cJSON_ArrayForEach(cand, cJSON_GetObjectItem(sc, "candidates"))
    {
        if (e)
            break;
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(cand, "id"));
        const char *fmt = cJSON_GetStringValue(cJSON_GetObjectItem(cand, "format"));
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(cand, "type"));
        char *claims = cJSON_PrintUnformatted(cJSON_GetObjectItem(cand, "claims"));
        unsigned flags = cJSON_IsTrue(cJSON_GetObjectItem(cand, "binding"))
                             ? WALLET_DCQL_HOLDER_BINDING
                             : 0;
        wallet_dcql_format f = fmt && !strcmp(fmt, "mso_mdoc") ? WALLET_DCQL_FORMAT_MDOC
                                                               : WALLET_DCQL_FORMAT_SD_JWT;
        e = claims ? wallet_dcql_candidates_add(ctx, c, id, f, type, claims, strlen(claims), flags)
                   : WALLET_ERR_JSON;
        free(claims);
        const cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItem(cand, "authority"))
        {
            if (!e)
                e = wallet_dcql_candidates_add_authority(
                    ctx, c, id, cJSON_GetStringValue(cJSON_GetObjectItem(a, "type")),
                    cJSON_GetStringValue(cJSON_GetObjectItem(a, "value")));
        }
    }
    if (!e)
        e = wallet_dcql_match(ctx, &r, q, c);
    if (!e)
        e = wallet_dcql_result_to_json(ctx, &json, r);
    cJSON *item = e ? NULL : cJSON_Parse(json);
    if (!item) {
        item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "error", wallet_err_name(e));
        cJSON_AddStringToObject(item, "detail", wallet_ctx_errmsg(ctx));
    }
    cJSON_AddItemToArray(out, item);
    wallet_free(json);
    wallet_dcql_result_free(r);
    wallet_dcql_candidates_free(c);
    wallet_dcql_free(q);
    free(qtext);
}

static int dcql(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc != 3)
        return 2;
    size_t n;
    char *text = read_path(argv[2], &n);
    cJSON *all = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsArray(all)) {
        fprintf(stderr, "%s: not a JSON array of scenarios\n", argv[2]);
        return 2;
    }
    cJSON *out = cJSON_CreateArray();
    const cJSON *sc;
    cJSON_ArrayForEach(sc, all)
    {
        dcql_one(ctx, sc, out);
    }
    char *s = cJSON_PrintUnformatted(out);
    puts(s);
    free(s);
    cJSON_Delete(out);
    cJSON_Delete(all);
    return 0;
}

int main(int argc, char **argv)
{
    wallet_ctx *ctx = NULL;
    if (argc < 2 || wallet_ctx_new(&ctx))
        return 2;
    int rc = 2;
    if (!strcmp(argv[1], "jwe-encrypt"))
        rc = jwe_encrypt(ctx, argc, argv);
    else if (!strcmp(argv[1], "jwe-decrypt"))
        rc = jwe_decrypt(ctx, argc, argv);
    else if (!strcmp(argv[1], "dcql"))
        rc = dcql(ctx, argc, argv);
    if (rc == 2)
        fprintf(stderr, "usage: oid4vp_peer jwe-encrypt KEY ENC [APU APV] | jwe-decrypt KEY "
                        "ENC[,ENC] | dcql SCENARIOS.json\n");
    wallet_ctx_free(ctx);
    return rc;
}
