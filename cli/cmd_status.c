/* wallet status new | alloc | set | get | token | check | snapshot */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet status new   --uri URI --out LIST [--bits 1|2|4|8] [--size N] [--random]\n"
    "                           [--issuer ISS]\n"
    "       wallet status alloc --list LIST [--count N]\n"
    "       wallet status set   --list LIST --index N --status valid|invalid|suspended|0-255\n"
    "       wallet status get   --list LIST [--index N]\n"
    "       wallet status get   --token FILE --trust DIR --index N [--now UNIX]\n"
    "       wallet status token --list LIST --key K [--format jwt|cwt] [--lifetime SECONDS]\n"
    "                           [--ttl SECONDS] [--x5c PEM] [--out FILE] [--now UNIX]\n"
    "       wallet status check --trust DIR --uri URI --index N [--snapshot FILE\n"
    "                           --snapshot-key K] [--max-age SECONDS] [--offline] [--now UNIX]\n"
    "       wallet status snapshot --trust DIR --key K (--uri URI | --token FILE)... --out FILE\n"
    "                           [--now UNIX]\n"
    "  Token Status Lists (draft-ietf-oauth-status-list). LIST is the issuer's saved\n"
    "  list state (statuses + allocation map; rewritten in place by alloc and set).\n"
    "  new:   create a list (default 1 bit, 2^20 entries, sequential indices; --random\n"
    "         allocates random indices). alloc: print N fresh indices as a JSON array;\n"
    "         an index is never handed out twice. set: change an allocated index's status.\n"
    "  get:   print {\"idx\",\"status\",\"value\"} (or a summary without --index), from the\n"
    "         list or from a status list token verified against the trust directory.\n"
    "  token: the signed Status List Token to serve at the list's URI: a JWT on stdout\n"
    "         (default), or a CWT as base64url on stdout / binary with --out.\n"
    "         --lifetime (exp = now + lifetime, default 86400, 0 for none), --ttl (default\n"
    "         3600, 0 for none).\n"
    "  check: the status of entry N of the list at URI, fetched over HTTPS (plain HTTP to\n"
    "         loopback only) or, with --snapshot, from a signed offline snapshot under\n"
    "         --max-age (default 86400); with both, the snapshot answers when offline or\n"
    "         when the fetch fails. Exit 0 when valid, 1 otherwise.\n"
    "  snapshot: verify list tokens (fetched with --uri or read with --token) and write a\n"
    "         bundle signed with the verifier's key K, for `check` and `verify` offline.\n";

/* ---- helpers ---------------------------------------------------------------------------- */

static int parse_u64(const char *s, const char *what, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = s && *s && *s != '-' ? strtoull(s, &end, 10) : 0;
    if (!s || !*s || *s == '-' || errno || *end || v > max) {
        fprintf(stderr, "wallet: %s must be a number from 0 to %llu\n", what,
                (unsigned long long)max);
        return CLI_USAGE;
    }
    *out = (uint64_t)v;
    return 0;
}

static int parse_now(wallet_ctx *ctx, const char *now_s)
{
    uint64_t now;
    if (!now_s)
        return 0;
    if (parse_u64(now_s, "--now", (uint64_t)INT64_MAX, &now))
        return CLI_USAGE;
    wallet_ctx_set_time(ctx, (int64_t)now);
    return 0;
}

/* "valid", "invalid" (or "revoked"), "suspended", or a number 0-255. */
static int parse_status(const char *s, unsigned *out)
{
    if (!s) {
        fprintf(stderr, "wallet: status set needs --status\n");
        return CLI_USAGE;
    }
    if (!strcmp(s, "valid"))
        *out = WALLET_STATUS_VALID;
    else if (!strcmp(s, "invalid") || !strcmp(s, "revoked"))
        *out = WALLET_STATUS_INVALID;
    else if (!strcmp(s, "suspended"))
        *out = WALLET_STATUS_SUSPENDED;
    else {
        uint64_t v;
        if (parse_u64(s, "--status", 255, &v))
            return CLI_USAGE;
        *out = (unsigned)v;
    }
    return 0;
}

static int load_list(wallet_ctx *ctx, const char *path, wallet_status_list **out)
{
    if (!path) {
        fprintf(stderr, "wallet: --list LIST is needed\n");
        return CLI_USAGE;
    }
    size_t len;
    uint8_t *data = cli_read_input(path, &len);
    /* The issuer's own state file: as large as the list needs. */
    int64_t old = wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)len);
    wallet_err e = wallet_status_list_load(ctx, out, data, len);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, old);
    free(data);
    if (e) {
        char what[512];
        snprintf(what, sizeof(what), "status list %s", path);
        return cli_fail(ctx, e, what);
    }
    return 0;
}

/* Write the list state through a temporary file and a rename, so that an
 * interrupted write never leaves a half-written list (allocations lost). */
static int save_list(wallet_ctx *ctx, const char *path, const wallet_status_list *l)
{
    uint8_t *data = NULL;
    size_t len = 0;
    wallet_err e = wallet_status_list_save(ctx, &data, &len, l);
    if (e)
        return cli_fail(ctx, e, "status list save");
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
        wallet_free(data);
        fprintf(stderr, "wallet: path too long\n");
        return CLI_USAGE;
    }
    int rc = cli_write_output(tmp, data, len, 1);
    wallet_free(data);
    if (!rc && rename(tmp, path) != 0) {
        fprintf(stderr, "wallet: cannot replace %s: %s\n", path, strerror(errno));
        remove(tmp);
        rc = CLI_USAGE;
    }
    return rc;
}

static int load_trust(wallet_ctx *ctx, const char *dir, wallet_trust **out)
{
    *out = NULL;
    if (!dir) {
        fprintf(stderr, "wallet: --trust DIR is needed\n");
        return CLI_USAGE;
    }
    wallet_err e = wallet_trust_new(ctx, out);
    if (!e)
        e = wallet_trust_load_dir(ctx, *out, dir);
    if (e) {
        cli_fail(ctx, e, "trust");
        wallet_trust_free(*out);
        *out = NULL;
        return CLI_USAGE;
    }
    return 0;
}

/* A JSON string literal (the issuer name is free text). */
static void print_json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

/* {"idx":N,"status":"invalid","value":1} */
static void print_status(uint64_t idx, unsigned v)
{
    printf("{\"idx\":%llu,\"status\":\"%s\",\"value\":%u}\n", (unsigned long long)idx,
           wallet_status_name(v), v);
}

/* ---- new / alloc / set / get ------------------------------------------------------------ */

static int status_new(wallet_ctx *ctx, int argc, char **argv)
{
    const char *uri = NULL, *out = NULL, *bits_s = NULL, *size_s = NULL, *random = NULL,
               *issuer = NULL;
    cli_opt opts[] = {
        {"--uri", 1, &uri, NULL, NULL, 0},     {"--out", 1, &out, NULL, NULL, 0},
        {"--bits", 1, &bits_s, NULL, NULL, 0}, {"--size", 1, &size_s, NULL, NULL, 0},
        {"--random", 0, &random, NULL, NULL, 0}, {"--issuer", 1, &issuer, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, usage);
    if (rc)
        return rc;
    if (!uri || !out) {
        fprintf(stderr, "wallet: status new needs --uri and --out\n%s", usage);
        return CLI_USAGE;
    }
    uint64_t bits = 1, size = (uint64_t)1 << 20;
    if ((bits_s && parse_u64(bits_s, "--bits", 8, &bits)) ||
        (size_s && parse_u64(size_s, "--size", wallet_status_list_max_entries(), &size)))
        return CLI_USAGE;
    wallet_status_list *l = NULL;
    wallet_err e = wallet_status_list_new(ctx, &l, uri, (unsigned)bits, size,
                                          random ? WALLET_STATUS_ALLOC_RANDOM
                                                 : WALLET_STATUS_ALLOC_SEQUENTIAL);
    if (!e && issuer)
        e = wallet_status_list_set_issuer(ctx, l, issuer);
    if (e) {
        rc = cli_fail(ctx, e, "status new");
    } else {
        rc = save_list(ctx, out, l);
    }
    if (!rc)
        printf("{\"uri\":\"%s\",\"bits\":%u,\"size\":%llu}\n", wallet_status_list_uri(l),
               wallet_status_list_bits(l), (unsigned long long)wallet_status_list_size(l));
    wallet_status_list_free(l);
    return rc;
}

static int status_alloc(wallet_ctx *ctx, int argc, char **argv)
{
    const char *list = NULL, *count_s = NULL;
    cli_opt opts[] = {{"--list", 1, &list, NULL, NULL, 0}, {"--count", 1, &count_s, NULL, NULL, 0}};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, 2, NULL, 0, &npos, usage);
    if (rc)
        return rc;
    uint64_t count = 1;
    if (count_s && (parse_u64(count_s, "--count", 1000000, &count) || count == 0)) {
        fprintf(stderr, "wallet: --count must be 1 to 1000000\n");
        return CLI_USAGE;
    }
    wallet_status_list *l = NULL;
    if ((rc = load_list(ctx, list, &l)))
        return rc;
    uint64_t *got = calloc((size_t)count, sizeof(*got));
    wallet_err e = got ? WALLET_OK : WALLET_ERR_NOMEM;
    for (uint64_t i = 0; i < count && !e; i++)
        e = wallet_status_list_allocate(ctx, &got[i], l);
    if (e) {
        rc = cli_fail(ctx, e, "status alloc"); /* nothing saved: no index is lost */
    } else if (!(rc = save_list(ctx, list, l))) {
        putchar('[');
        for (uint64_t i = 0; i < count; i++)
            printf("%s%llu", i ? "," : "", (unsigned long long)got[i]);
        puts("]");
    }
    free(got);
    wallet_status_list_free(l);
    return rc;
}

static int status_set(wallet_ctx *ctx, int argc, char **argv)
{
    const char *list = NULL, *index_s = NULL, *status_s = NULL;
    cli_opt opts[] = {
        {"--list", 1, &list, NULL, NULL, 0},
        {"--index", 1, &index_s, NULL, NULL, 0},
        {"--status", 1, &status_s, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, 3, NULL, 0, &npos, usage);
    if (rc)
        return rc;
    uint64_t idx;
    unsigned st;
    if (!index_s) {
        fprintf(stderr, "wallet: status set needs --index\n");
        return CLI_USAGE;
    }
    if (parse_u64(index_s, "--index", UINT64_MAX, &idx) || parse_status(status_s, &st))
        return CLI_USAGE;
    wallet_status_list *l = NULL;
    if ((rc = load_list(ctx, list, &l)))
        return rc;
    wallet_err e = wallet_status_list_set(ctx, l, idx, st);
    if (e)
        rc = cli_fail(ctx, e, "status set");
    else if (!(rc = save_list(ctx, list, l)))
        print_status(idx, st);
    wallet_status_list_free(l);
    return rc;
}

static int status_get(wallet_ctx *ctx, int argc, char **argv)
{
    const char *list = NULL, *index_s = NULL, *token = NULL, *trust_dir = NULL, *now_s = NULL;
    cli_opt opts[] = {
        {"--list", 1, &list, NULL, NULL, 0},   {"--index", 1, &index_s, NULL, NULL, 0},
        {"--token", 1, &token, NULL, NULL, 0}, {"--trust", 1, &trust_dir, NULL, NULL, 0},
        {"--now", 1, &now_s, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, usage);
    if (rc)
        return rc;
    uint64_t idx = 0;
    if ((index_s && parse_u64(index_s, "--index", UINT64_MAX, &idx)) || parse_now(ctx, now_s))
        return CLI_USAGE;
    if (!!list == !!token || (token && (!trust_dir || !index_s))) {
        fprintf(stderr, "wallet: status get needs --list, or --token with --trust and --index\n");
        return CLI_USAGE;
    }
    unsigned v = 0;
    wallet_err e;
    if (list) {
        wallet_status_list *l = NULL;
        if ((rc = load_list(ctx, list, &l)))
            return rc;
        if (!index_s) {
            const char *iss = wallet_status_list_issuer(l);
            printf("{\"uri\":\"%s\",\"bits\":%u,\"size\":%llu,\"allocated\":%llu,"
                   "\"version\":%llu",
                   wallet_status_list_uri(l), wallet_status_list_bits(l),
                   (unsigned long long)wallet_status_list_size(l),
                   (unsigned long long)wallet_status_list_allocated(l),
                   (unsigned long long)wallet_status_list_version(l));
            if (iss) {
                fputs(",\"issuer\":", stdout);
                print_json_string(iss);
            }
            puts("}");
            wallet_status_list_free(l);
            return CLI_OK;
        }
        e = wallet_status_list_get(ctx, &v, l, idx);
        wallet_status_list_free(l);
    } else {
        wallet_trust *trust = NULL;
        if ((rc = load_trust(ctx, trust_dir, &trust)))
            return rc;
        size_t len;
        uint8_t *data = cli_read_input(token, &len);
        wallet_status_token *t = NULL;
        e = wallet_status_token_verify(ctx, &t, trust, 0, data, len, NULL);
        if (!e)
            e = wallet_status_token_get(ctx, &v, t, idx);
        wallet_status_token_free(t);
        wallet_trust_free(trust);
        free(data);
    }
    if (e)
        return cli_fail(ctx, e, "status get");
    print_status(idx, v);
    return CLI_OK;
}

/* ---- token ------------------------------------------------------------------------------- */

static int status_token(wallet_ctx *ctx, int argc, char **argv)
{
    const char *list = NULL, *key_path = NULL, *format_s = NULL, *lifetime_s = NULL,
               *ttl_s = NULL, *x5c = NULL, *out = NULL, *now_s = NULL;
    cli_opt opts[] = {
        {"--list", 1, &list, NULL, NULL, 0},         {"--key", 1, &key_path, NULL, NULL, 0},
        {"--format", 1, &format_s, NULL, NULL, 0},   {"--lifetime", 1, &lifetime_s, NULL, NULL, 0},
        {"--ttl", 1, &ttl_s, NULL, NULL, 0},         {"--x5c", 1, &x5c, NULL, NULL, 0},
        {"--out", 1, &out, NULL, NULL, 0},           {"--now", 1, &now_s, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, usage);
    if (rc)
        return rc;
    wallet_status_format fmt = WALLET_STATUS_JWT;
    if (format_s && !strcmp(format_s, "cwt"))
        fmt = WALLET_STATUS_CWT;
    else if (format_s && strcmp(format_s, "jwt") != 0) {
        fprintf(stderr, "wallet: --format must be jwt or cwt\n");
        return CLI_USAGE;
    }
    uint64_t lifetime = 86400, ttl = 3600;
    if ((lifetime_s && parse_u64(lifetime_s, "--lifetime", (uint64_t)1 << 40, &lifetime)) ||
        (ttl_s && parse_u64(ttl_s, "--ttl", (uint64_t)1 << 40, &ttl)) || parse_now(ctx, now_s))
        return CLI_USAGE;
    if (!key_path) {
        fprintf(stderr, "wallet: status token needs --key\n");
        return CLI_USAGE;
    }
    wallet_status_list *l = NULL;
    wallet_key *key = NULL;
    wallet_cert **certs = NULL;
    size_t n_certs = 0;
    if ((rc = load_list(ctx, list, &l)) || (rc = cli_load_key(ctx, key_path, &key)) ||
        (x5c && (rc = cli_load_certs(ctx, x5c, &certs, &n_certs)))) {
        wallet_status_list_free(l);
        wallet_key_free(key);
        return rc;
    }
    uint8_t *tok = NULL;
    size_t len = 0;
    wallet_err e = wallet_status_list_token(ctx, &tok, &len, l, key,
                                            (const wallet_cert *const *)certs, n_certs, fmt,
                                            (int64_t)lifetime, (int64_t)ttl);
    if (e) {
        rc = cli_fail(ctx, e, "status token");
    } else if (out) {
        rc = cli_write_output(out, tok, len, 0);
    } else if (fmt == WALLET_STATUS_JWT) {
        printf("%s\n", (const char *)tok);
    } else {
        char *text = NULL;
        if ((e = wallet_b64url_encode(ctx, &text, NULL, tok, len)))
            rc = cli_fail(ctx, e, "status token");
        else
            printf("%s\n", text);
        wallet_free(text);
    }
    wallet_free(tok);
    wallet_cert_array_free(certs, n_certs);
    wallet_key_free(key);
    wallet_status_list_free(l);
    return rc;
}

/* ---- check / snapshot ------------------------------------------------------------------- */

static int load_snapshot(wallet_ctx *ctx, const char *path, const char *key_path,
                         wallet_status_snapshot **out)
{
    if (!key_path) {
        fprintf(stderr, "wallet: --snapshot needs --snapshot-key (the verifier's key)\n");
        return CLI_USAGE;
    }
    wallet_key *key = NULL;
    int rc = cli_load_key(ctx, key_path, &key);
    if (rc)
        return rc;
    size_t len;
    uint8_t *data = cli_read_input(path, &len);
    /* The verifier's own signed bundle: as large as its lists need. */
    int64_t old = wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)len);
    wallet_err e = wallet_status_snapshot_load(ctx, out, data, len, key);
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, old);
    free(data);
    wallet_key_free(key);
    if (e) {
        char what[512];
        snprintf(what, sizeof(what), "status snapshot %s", path);
        return cli_fail(ctx, e, what);
    }
    return 0;
}

static int status_check(wallet_ctx *ctx, int argc, char **argv)
{
    const char *trust_dir = NULL, *uri = NULL, *index_s = NULL, *snap_path = NULL,
               *snap_key = NULL, *max_age_s = NULL, *offline = NULL, *now_s = NULL;
    cli_opt opts[] = {
        {"--trust", 1, &trust_dir, NULL, NULL, 0},   {"--uri", 1, &uri, NULL, NULL, 0},
        {"--index", 1, &index_s, NULL, NULL, 0},     {"--snapshot", 1, &snap_path, NULL, NULL, 0},
        {"--snapshot-key", 1, &snap_key, NULL, NULL, 0},
        {"--max-age", 1, &max_age_s, NULL, NULL, 0}, {"--offline", 0, &offline, NULL, NULL, 0},
        {"--now", 1, &now_s, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, usage);
    if (rc)
        return rc;
    uint64_t idx, max_age = 86400;
    if (!uri || !index_s) {
        fprintf(stderr, "wallet: status check needs --uri and --index\n");
        return CLI_USAGE;
    }
    if (parse_u64(index_s, "--index", UINT64_MAX, &idx) ||
        (max_age_s && parse_u64(max_age_s, "--max-age", (uint64_t)INT64_MAX, &max_age)) ||
        parse_now(ctx, now_s))
        return CLI_USAGE;
    if (offline)
        wallet_ctx_set_offline(ctx, 1);
    wallet_trust *trust = NULL;
    wallet_status_snapshot *snap = NULL;
    wallet_status_cache *cache = NULL;
    if ((rc = load_trust(ctx, trust_dir, &trust)) ||
        (snap_path && (rc = load_snapshot(ctx, snap_path, snap_key, &snap)))) {
        wallet_trust_free(trust);
        return rc;
    }
    unsigned v = 0;
    const char *source = "network";
    wallet_err e = WALLET_ERR_OFFLINE;
    if (!(snap && wallet_ctx_offline(ctx))) {
        e = wallet_status_cache_new(ctx, &cache, 1);
        if (!e)
            e = wallet_status_cache_check(ctx, &v, cache, trust, 0, uri, idx);
    }
    if (snap && (e == WALLET_ERR_OFFLINE || e == WALLET_ERR_NETWORK ||
                 e == WALLET_ERR_HTTP_STATUS)) {
        source = "snapshot";
        e = wallet_status_snapshot_check(ctx, &v, snap, uri, idx, (int64_t)max_age);
    }
    if (e) {
        const char *d = wallet_ctx_errmsg(ctx);
        fputs("{\"uri\":", stdout);
        print_json_string(uri); /* as given on the command line */
        printf(",\"idx\":%llu,\"error\":\"%s\",\"error_code\":%d}\n", (unsigned long long)idx,
               wallet_err_str(e), (int)e);
        fprintf(stderr, "wallet: status: %s%s%s\n", wallet_err_str(e), *d ? ": " : "", d);
        rc = wallet_err_kind_of(e) == WALLET_KIND_USAGE ? CLI_USAGE : CLI_INVALID;
    } else {
        fputs("{\"uri\":", stdout);
        print_json_string(uri);
        printf(",\"idx\":%llu,\"status\":\"%s\",\"value\":%u,\"source\":\"%s\"}\n",
               (unsigned long long)idx, wallet_status_name(v), v, source);
        rc = v == WALLET_STATUS_VALID ? CLI_OK : CLI_INVALID;
    }
    wallet_status_cache_free(cache);
    wallet_status_snapshot_free(snap);
    wallet_trust_free(trust);
    return rc;
}

static int status_snapshot(wallet_ctx *ctx, int argc, char **argv)
{
    const char *trust_dir = NULL, *key_path = NULL, *out = NULL, *now_s = NULL;
    const char *uris[64], *tokens[64];
    size_t n_uris = 0, n_tokens = 0;
    cli_opt opts[] = {
        {"--trust", 1, &trust_dir, NULL, NULL, 0}, {"--key", 1, &key_path, NULL, NULL, 0},
        {"--out", 1, &out, NULL, NULL, 0},         {"--now", 1, &now_s, NULL, NULL, 0},
        {"--uri", 1, NULL, uris, &n_uris, 64},     {"--token", 1, NULL, tokens, &n_tokens, 64},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos, usage);
    if (rc)
        return rc;
    if (!key_path || !out || n_uris + n_tokens == 0) {
        fprintf(stderr, "wallet: status snapshot needs --key, --out and at least one --uri or "
                        "--token\n");
        return CLI_USAGE;
    }
    if (parse_now(ctx, now_s))
        return CLI_USAGE;
    wallet_trust *trust = NULL;
    wallet_key *key = NULL;
    if ((rc = load_trust(ctx, trust_dir, &trust)) || (rc = cli_load_key(ctx, key_path, &key))) {
        wallet_trust_free(trust);
        return rc;
    }
    wallet_status_snapshot *snap = NULL;
    wallet_status_cache *cache = NULL;
    wallet_err e = wallet_status_snapshot_new(ctx, &snap);
    if (!e)
        e = wallet_status_cache_new(ctx, &cache, 0);
    const char *what = "status snapshot";
    for (size_t i = 0; i < n_uris && !e; i++) {
        what = uris[i];
        e = wallet_status_snapshot_add_uri(ctx, snap, cache, trust, 0, uris[i]);
    }
    for (size_t i = 0; i < n_tokens && !e; i++) {
        size_t len;
        uint8_t *data = cli_read_input(tokens[i], &len);
        what = tokens[i];
        e = wallet_status_snapshot_add_token(ctx, snap, trust, 0, data, len);
        free(data);
    }
    uint8_t *bundle = NULL;
    size_t len = 0;
    if (!e) {
        what = "status snapshot";
        e = wallet_status_snapshot_save(ctx, &bundle, &len, snap, key);
    }
    if (e)
        rc = cli_fail(ctx, e, what);
    else if (!(rc = cli_write_output(out, bundle, len, 0)))
        printf("{\"lists\":%zu,\"captured\":%lld}\n", wallet_status_snapshot_count(snap),
               (long long)wallet_ctx_now(ctx));
    wallet_free(bundle);
    wallet_status_cache_free(cache);
    wallet_status_snapshot_free(snap);
    wallet_key_free(key);
    wallet_trust_free(trust);
    return rc;
}

int cmd_status(wallet_ctx *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(wallet_ctx *, int, char **);
    } subs[] = {
        {"new", status_new},     {"alloc", status_alloc}, {"set", status_set},
        {"get", status_get},     {"token", status_token}, {"check", status_check},
        {"snapshot", status_snapshot},
    };
    const char *sub = argc >= 3 ? argv[2] : NULL;
    for (size_t i = 0; sub && i < sizeof(subs) / sizeof(subs[0]); i++)
        if (!strcmp(sub, subs[i].name))
            return subs[i].run(ctx, argc, argv);
    int help = sub && (!strcmp(sub, "--help") || !strcmp(sub, "-h"));
    fputs(usage, help ? stdout : stderr);
    return help ? -1 : CLI_USAGE;
}
