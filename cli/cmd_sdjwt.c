/* wallet issue sdjwt / wallet present sdjwt */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char issue_usage[] =
    "usage: wallet issue sdjwt --key K [--x5c PEM] --claims F [--sd PATHS|--sd-all]\n"
    "                          [--holder PUBJWK] [--vct V] [--iss URL] [--typ T] [--kid KID]\n"
    "                          [--decoys N] [--hash sha-256|sha-384|sha-512]\n"
    "                          [--iat UNIX] [--nbf UNIX] [--exp UNIX] [--valid-days N]\n"
    "                          [--status-uri URI --status-idx N] [--json] [--now UNIX]\n"
    "  Issue an SD-JWT VC: the claims of F (a JSON object) signed with K (private JWK\n"
    "  or PEM; its default algorithm). --sd makes the claims at PATHS selectively\n"
    "  disclosable: comma-separated claim paths, '.' between levels and a number for\n"
    "  an array element (address.locality,nationalities.1; \"\\.\" is a literal dot,\n"
    "  \"\\,\" a literal comma); --sd may be repeated. A disclosable object whose\n"
    "  members are disclosable too gets recursive disclosures. --sd-all makes every\n"
    "  claim disclosable, recursively, except iss, vct, iat, nbf, exp, cnf, status.\n"
    "  --holder binds the credential to a holder public key (cnf.jwk); --x5c puts\n"
    "  the issuer's certificate chain (leaf first) in the header; --typ defaults to\n"
    "  dc+sd-jwt (which needs a vct); iat defaults to now. Prints the compact SD-JWT\n"
    "  (\"<jwt>~<disclosure>~...~\"), or with --json the JWS JSON serialization.\n";

static const char present_usage[] =
    "usage: wallet present sdjwt [--holder-key K --aud A --nonce N] [--disclose PATHS]\n"
    "                            [--exact] [--json|--compact] [--transaction-data S]...\n"
    "                            [--td-alg ALG] [--now UNIX] [FILE|-]\n"
    "       wallet present sdjwt --list [FILE|-]\n"
    "  Present an SD-JWT as issued (FILE or stdin), disclosing only the claims at\n"
    "  PATHS (same syntax as `issue sdjwt --sd`; a nested claim brings its parents;\n"
    "  a claim brings everything below it unless --exact). With --holder-key (the\n"
    "  private key the credential is bound to) a Key Binding JWT for --aud and\n"
    "  --nonce is appended; --transaction-data (repeatable, the OpenID4VP\n"
    "  transaction_data strings as received) adds their hashes to it. Prints the\n"
    "  presentation in the credential's serialization (or --json / --compact).\n"
    "  --list prints the claims the holder can disclose: [{\"path\":..,\"value\":..}].\n";

/* Split a comma list in place; "\," is a literal comma (other escapes are
 * kept for the claim path syntax). Returns the count, or -1 if over cap. */
static int split_list(char *s, const char **out, int cap, int n)
{
    char *start = s, *w = s;
    for (char *r = s;; r++) {
        if (*r == '\\' && r[1] == ',') {
            *w++ = ',';
            r++;
        } else if (*r == ',' || *r == '\0') {
            int end = *r == '\0';
            *w = '\0';
            if (w > start) {
                if (n >= cap)
                    return -1;
                out[n++] = start;
            }
            if (end)
                break;
            start = w = r + 1;
        } else {
            *w++ = *r;
        }
    }
    return n;
}

static int parse_i64(const char *s, const char *opt, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0) {
        fprintf(stderr, "wallet: %s needs a non-negative integer\n", opt);
        return CLI_USAGE;
    }
    *out = (int64_t)v;
    return 0;
}

#define MAX_LIST 64
#define MAX_PATHS 512

int cmd_issue_sdjwt(wallet_ctx *ctx, int argc, char **argv)
{
    const char *key_path = NULL, *x5c = NULL, *claims_path = NULL, *sd_all = NULL, *holder = NULL;
    const char *vct = NULL, *iss = NULL, *typ = NULL, *kid = NULL, *decoys = NULL, *hash = NULL;
    const char *iat_s = NULL, *nbf_s = NULL, *exp_s = NULL, *days_s = NULL, *st_uri = NULL;
    const char *st_idx = NULL, *json = NULL, *now_s = NULL;
    const char *sd_opts[MAX_LIST];
    size_t n_sd_opts = 0;
    cli_opt opts[] = {
        {"--key", 1, &key_path, NULL, NULL, 0},     {"--x5c", 1, &x5c, NULL, NULL, 0},
        {"--claims", 1, &claims_path, NULL, NULL, 0},
        {"--sd", 1, NULL, sd_opts, &n_sd_opts, MAX_LIST},
        {"--sd-all", 0, &sd_all, NULL, NULL, 0},    {"--holder", 1, &holder, NULL, NULL, 0},
        {"--vct", 1, &vct, NULL, NULL, 0},          {"--iss", 1, &iss, NULL, NULL, 0},
        {"--typ", 1, &typ, NULL, NULL, 0},          {"--kid", 1, &kid, NULL, NULL, 0},
        {"--decoys", 1, &decoys, NULL, NULL, 0},    {"--hash", 1, &hash, NULL, NULL, 0},
        {"--iat", 1, &iat_s, NULL, NULL, 0},        {"--nbf", 1, &nbf_s, NULL, NULL, 0},
        {"--exp", 1, &exp_s, NULL, NULL, 0},        {"--valid-days", 1, &days_s, NULL, NULL, 0},
        {"--status-uri", 1, &st_uri, NULL, NULL, 0}, {"--status-idx", 1, &st_idx, NULL, NULL, 0},
        {"--json", 0, &json, NULL, NULL, 0},        {"--now", 1, &now_s, NULL, NULL, 0},
    };
    const char *pos[1];
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 0, &npos,
                       issue_usage);
    if (rc)
        return rc;
    if (!key_path || !claims_path || (sd_all && n_sd_opts) || (!st_uri != !st_idx) ||
        (days_s && exp_s)) {
        fprintf(stderr, "wallet: issue sdjwt needs --key and --claims; --sd and --sd-all, "
                        "--valid-days and --exp exclude each other; --status-uri goes with "
                        "--status-idx\n%s",
                issue_usage);
        return CLI_USAGE;
    }
    int64_t now = 0, iat = 0, nbf = 0, exp = 0, days = 0, idx = 0, n_decoys = 0;
    if ((now_s && (rc = parse_i64(now_s, "--now", &now))) ||
        (iat_s && (rc = parse_i64(iat_s, "--iat", &iat))) ||
        (nbf_s && (rc = parse_i64(nbf_s, "--nbf", &nbf))) ||
        (exp_s && (rc = parse_i64(exp_s, "--exp", &exp))) ||
        (days_s && (rc = parse_i64(days_s, "--valid-days", &days))) ||
        (st_idx && (rc = parse_i64(st_idx, "--status-idx", &idx))) ||
        (decoys && (rc = parse_i64(decoys, "--decoys", &n_decoys))))
        return rc;
    if (now_s)
        wallet_ctx_set_time(ctx, now);
    wallet_sdjwt_hash h = WALLET_SDJWT_SHA256;
    if (hash) {
        if (!strcmp(hash, "sha-384"))
            h = WALLET_SDJWT_SHA384;
        else if (!strcmp(hash, "sha-512"))
            h = WALLET_SDJWT_SHA512;
        else if (strcmp(hash, "sha-256") != 0) {
            fprintf(stderr, "wallet: --hash is sha-256, sha-384 or sha-512\n");
            return CLI_USAGE;
        }
    }
    const char *paths[MAX_PATHS];
    int n_paths = 0;
    for (size_t i = 0; i < n_sd_opts && n_paths >= 0; i++)
        n_paths = split_list((char *)(uintptr_t)sd_opts[i], paths, MAX_PATHS, n_paths);
    if (n_paths < 0) {
        fprintf(stderr, "wallet: more than %d claim paths\n", MAX_PATHS);
        return CLI_USAGE;
    }

    wallet_key *key = NULL, *hkey = NULL;
    wallet_cert **certs = NULL;
    size_t n_certs = 0;
    wallet_sdjwt_issuer *b = NULL;
    char *out = NULL;
    uint8_t *claims = NULL;
    size_t claims_len = 0;
    if ((rc = cli_load_key(ctx, key_path, &key)) || (holder && (rc = cli_load_key(ctx, holder, &hkey))) ||
        (x5c && (rc = cli_load_certs(ctx, x5c, &certs, &n_certs))))
        goto done;
    claims = cli_read_input(claims_path, &claims_len);
    wallet_err e = wallet_sdjwt_issuer_new(ctx, &b, key);
    if (!e)
        e = wallet_sdjwt_issuer_set_claims(ctx, b, (const char *)claims, claims_len);
    for (int i = 0; !e && i < n_paths; i++)
        if ((e = wallet_sdjwt_issuer_add_disclosable(ctx, b, paths[i])) == WALLET_ERR_NOT_FOUND)
            fprintf(stderr, "wallet: no claim at path \"%s\"\n", paths[i]);
    if (!e && sd_all)
        e = wallet_sdjwt_issuer_set_all_disclosable(ctx, b, 1);
    if (!e && typ)
        e = wallet_sdjwt_issuer_set_typ(ctx, b, typ);
    if (!e && vct)
        e = wallet_sdjwt_issuer_set_vct(ctx, b, vct);
    if (!e && iss)
        e = wallet_sdjwt_issuer_set_issuer(ctx, b, iss);
    if (!e && kid)
        e = wallet_sdjwt_issuer_set_kid(ctx, b, kid);
    if (!e && hkey)
        e = wallet_sdjwt_issuer_set_holder_key(ctx, b, hkey);
    if (!e && n_certs)
        e = wallet_sdjwt_issuer_set_x5c(ctx, b, (const wallet_cert *const *)certs, n_certs);
    if (!e && decoys)
        e = wallet_sdjwt_issuer_set_decoys(ctx, b, (unsigned)n_decoys);
    if (!e && hash)
        e = wallet_sdjwt_issuer_set_hash(ctx, b, h);
    if (!e && st_uri)
        e = wallet_sdjwt_issuer_set_status(ctx, b, st_uri, idx);
    if (!e && (iat_s || nbf_s || exp_s || days_s)) {
        int64_t t = wallet_ctx_now(ctx);
        e = wallet_sdjwt_issuer_set_validity(ctx, b, iat_s ? iat : t, nbf,
                                             days_s ? (iat_s ? iat : t) + days * 86400 : exp);
    }
    if (!e)
        e = wallet_sdjwt_issuer_issue(ctx, &out, b, json ? WALLET_SDJWT_JSON : 0);
    if (e)
        rc = cli_fail(ctx, e, "issue sdjwt");
    else
        printf("%s\n", out);
done:
    wallet_free(out);
    free(claims);
    wallet_sdjwt_issuer_free(b);
    wallet_cert_array_free(certs, n_certs);
    wallet_key_free(hkey);
    wallet_key_free(key);
    return rc;
}

/* --list: the disclosable claims as a JSON array. */
static int list_claims(wallet_ctx *ctx, const wallet_sdjwt *held)
{
    fputs("[", stdout);
    for (size_t i = 0; i < wallet_sdjwt_disclosure_count(held); i++) {
        char *p = NULL;
        const char *path = wallet_sdjwt_disclosure_path(held, i);
        /* the path as a JSON string: escape '"' and '\' */
        size_t n = strlen(path);
        p = malloc(2 * n + 1);
        if (!p)
            return cli_fail(ctx, WALLET_ERR_NOMEM, "present sdjwt");
        size_t k = 0;
        for (size_t j = 0; j < n; j++) {
            if (path[j] == '"' || path[j] == '\\')
                p[k++] = '\\';
            p[k++] = path[j];
        }
        p[k] = '\0';
        printf("%s{\"path\":\"%s\",\"value\":%s}", i ? "," : "", p,
               wallet_sdjwt_disclosure_value_json(held, i));
        free(p);
    }
    puts("]");
    return CLI_OK;
}

int cmd_present_sdjwt(wallet_ctx *ctx, int argc, char **argv)
{
    const char *key_path = NULL, *aud = NULL, *nonce = NULL, *exact = NULL, *json = NULL;
    const char *compact = NULL, *td_alg = NULL, *now_s = NULL, *list = NULL;
    const char *disclose[MAX_LIST], *td[MAX_LIST];
    size_t n_disclose = 0, n_td = 0;
    cli_opt opts[] = {
        {"--holder-key", 1, &key_path, NULL, NULL, 0},
        {"--disclose", 1, NULL, disclose, &n_disclose, MAX_LIST},
        {"--aud", 1, &aud, NULL, NULL, 0},          {"--nonce", 1, &nonce, NULL, NULL, 0},
        {"--exact", 0, &exact, NULL, NULL, 0},      {"--json", 0, &json, NULL, NULL, 0},
        {"--compact", 0, &compact, NULL, NULL, 0},
        {"--transaction-data", 1, NULL, td, &n_td, MAX_LIST},
        {"--td-alg", 1, &td_alg, NULL, NULL, 0},    {"--now", 1, &now_s, NULL, NULL, 0},
        {"--list", 0, &list, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos,
                       present_usage);
    if (rc)
        return rc;
    if ((key_path ? !aud || !nonce : aud || nonce || n_td || td_alg) || (json && compact)) {
        fprintf(stderr, "wallet: --holder-key, --aud and --nonce go together (and are needed "
                        "for --transaction-data); --json and --compact exclude each other\n%s",
                present_usage);
        return CLI_USAGE;
    }
    int64_t now = 0;
    if (now_s && (rc = parse_i64(now_s, "--now", &now)))
        return rc;
    if (now_s)
        wallet_ctx_set_time(ctx, now);
    const char *paths[MAX_PATHS];
    int n_paths = 0;
    for (size_t i = 0; i < n_disclose && n_paths >= 0; i++)
        n_paths = split_list((char *)(uintptr_t)disclose[i], paths, MAX_PATHS, n_paths);
    if (n_paths < 0) {
        fprintf(stderr, "wallet: more than %d claim paths\n", MAX_PATHS);
        return CLI_USAGE;
    }
    wallet_key *key = NULL;
    if (key_path && (rc = cli_load_key(ctx, key_path, &key)))
        return rc;
    size_t len;
    uint8_t *input = cli_read_input(npos ? pos[0] : NULL, &len);
    wallet_sdjwt *held = NULL;
    char *out = NULL;
    wallet_err e = wallet_sdjwt_parse(ctx, &held, (const char *)input, len);
    if (!e && list) {
        rc = list_claims(ctx, held);
    } else if (!e) {
        unsigned flags = (exact ? WALLET_SDJWT_EXACT : 0) | (json ? WALLET_SDJWT_JSON : 0) |
                         (compact ? WALLET_SDJWT_COMPACT : 0);
        e = wallet_sdjwt_present_with_transaction_data(ctx, &out, held, paths, (size_t)n_paths,
                                                       key, aud, nonce, n_td ? td : NULL, n_td,
                                                       td_alg, flags);
        if (e == WALLET_ERR_NOT_FOUND)
            fprintf(stderr, "wallet: a path of --disclose names no claim of this credential "
                            "(see --list)\n");
        if (!e)
            printf("%s\n", out);
    }
    if (e)
        rc = cli_fail(ctx, e, "present sdjwt");
    wallet_free(out);
    wallet_sdjwt_free(held);
    free(input);
    wallet_key_free(key);
    return rc;
}
