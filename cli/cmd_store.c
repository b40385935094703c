/* wallet [--store PATH] store init|add|list|show|delete|log|match|passwd|backup|restore */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

const char *cli_store_path = NULL;

static const char usage[] =
    "usage: wallet [--store PATH] store <command> [options]\n"
    "  init                       create an empty store protected by a PIN\n"
    "  add --trust DIR [--keep-invalid] [FILE|-]\n"
    "                             verify a credential (any format libwallet reads, or a\n"
    "                             QR code PNG) and store it; prints {\"id\": ...}\n"
    "  list [--type T]            the stored credentials' metadata (JSON array)\n"
    "  show ID                    one credential with its claims (JSON)\n"
    "  delete ID                  delete a credential\n"
    "  log                        the consent log: every presentation (JSON array)\n"
    "  match QUERY.json           credentials matching a DCQL query (JSON)\n"
    "  keygen [--alg A]           make a holder key in the store (default ES256); prints\n"
    "                             {\"id\": ..., \"public_jwk\": {...}} (give it to an issuer)\n"
    "  keys                       the holder keys (JSON array, public halves only)\n"
    "  passwd                     change the PIN (re-keys the store)\n"
    "  backup --out FILE          encrypted backup under a separate backup passphrase\n"
    "  restore [--replace] FILE   restore a backup into a new store at the store path\n"
    "options for every command:\n"
    "  --pin-env VAR              read the PIN from environment variable VAR\n"
    "                             (otherwise it is asked for on the terminal, not echoed)\n"
    "  --new-pin-env VAR          passwd / restore: the new store's PIN\n"
    "  --backup-pin-env VAR       backup / restore: the backup passphrase\n"
    "  --kdf-cost N               init / passwd / backup / restore: scrypt N = 2^N\n"
    "                             (10..18, default 16)\n"
    "  --now UNIX                 the time used for checks (seconds since the epoch)\n"
    "The store is --store PATH, else $WALLET_STORE, else\n"
    "$XDG_DATA_HOME/libwallet/wallet.db (~/.local/share/libwallet/wallet.db).\n"
    "Exit status: 0 success, 1 refused (wrong PIN, invalid credential, ...), 2 usage or I/O.\n";

/* ---- the store path ------------------------------------------------------------------- */

/* Create the directories of `path` (mode 0700), like mkdir -p on its parent. */
static int make_parents(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

static char *store_path(void)
{
    const char *p = cli_store_path;
    if (!p || !*p)
        p = getenv("WALLET_STORE");
    if (p && *p)
        return strdup(p);
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char buf[4096];
    if (xdg && *xdg)
        snprintf(buf, sizeof(buf), "%s/libwallet/wallet.db", xdg);
    else if (home && *home)
        snprintf(buf, sizeof(buf), "%s/.local/share/libwallet/wallet.db", home);
    else
        return NULL;
    return strdup(buf);
}

/* ---- secrets ---------------------------------------------------------------------------- */

#define PIN_MAX 1024

/* A PIN from the environment variable `var`, or from the terminal without
 * echo. Returns a malloc'ed string (wipe before freeing), or NULL after a
 * message. */
static char *read_secret(const char *var, const char *prompt)
{
    if (var) {
        const char *v = getenv(var);
        if (!v || !*v) {
            fprintf(stderr, "wallet: environment variable %s is not set\n", var);
            return NULL;
        }
        return strdup(v);
    }
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "wallet: no terminal to ask for the %s: use the -env options\n", prompt);
        return NULL;
    }
    struct termios old, quiet;
    int have_term = tcgetattr(fd, &old) == 0;
    if (have_term) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    char msg[128];
    int mn = snprintf(msg, sizeof(msg), "%s: ", prompt);
    if (write(fd, msg, (size_t)mn) < 0) {
        /* the prompt is a courtesy */
    }
    char *buf = calloc(1, PIN_MAX + 2);
    size_t n = 0;
    while (buf && n < PIN_MAX + 1) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n' || c == '\r')
            break;
        buf[n++] = c;
    }
    if (have_term)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
        /* ignore */
    }
    close(fd);
    if (!buf || n == 0 || n > PIN_MAX) {
        if (buf)
            wallet_memzero(buf, PIN_MAX + 2);
        free(buf);
        fprintf(stderr, "wallet: empty or too long %s\n", prompt);
        return NULL;
    }
    return buf;
}

static void free_secret(char *s)
{
    if (s) {
        wallet_memzero(s, strlen(s));
        free(s);
    }
}

/* A new secret, asked twice on a terminal. */
static char *read_new_secret(const char *var, const char *prompt)
{
    char *a = read_secret(var, prompt);
    if (!a || var)
        return a;
    char again[96];
    snprintf(again, sizeof(again), "%s (again)", prompt);
    char *b = read_secret(NULL, again);
    if (!b || strcmp(a, b) != 0) {
        if (b)
            fprintf(stderr, "wallet: the two entries differ\n");
        free_secret(a);
        free_secret(b);
        return NULL;
    }
    free_secret(b);
    return a;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static unsigned kdf_flags(const char *cost)
{
    if (!cost)
        return 0;
    char *end;
    long n = strtol(cost, &end, 10);
    if (*end || n < 1 || n > 255)
        return 0xffffffffu;
    return WALLET_STORE_SCRYPT_LOG2N((unsigned)n);
}

static int open_store(wallet_ctx *ctx, wallet_store **s, const char *path, const char *pin_env)
{
    char *pin = read_secret(pin_env, "Store PIN");
    if (!pin)
        return CLI_USAGE;
    wallet_err e = wallet_store_open(ctx, s, path, (const uint8_t *)pin, strlen(pin), 0);
    free_secret(pin);
    if (e) {
        int rc = cli_fail(ctx, e, "store");
        if (e == WALLET_ERR_NOT_FOUND)
            fprintf(stderr, "wallet: no store at %s (create one with `wallet store init`)\n", path);
        return rc;
    }
    return 0;
}

static int print_json(char *json)
{
    printf("%s\n", json);
    wallet_free(json);
    return fflush(stdout) == 0 ? CLI_OK : CLI_USAGE;
}

/* ---- the command -------------------------------------------------------------------------- */

int cmd_store(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc < 3 || !strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) {
        fputs(usage, argc < 3 ? stderr : stdout);
        return argc < 3 ? CLI_USAGE : -1;
    }
    const char *sub = argv[2];
    static const char *const subs[] = {"init", "add", "list", "show", "delete", "log",
                                       "match", "passwd", "backup", "restore",
                                       "keygen", "keys"};
    int known = 0;
    for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
        known |= !strcmp(sub, subs[i]);
    if (!known) {
        fprintf(stderr, "wallet: unknown store command \"%s\"\n%s", sub, usage);
        return CLI_USAGE;
    }
    const char *pin_env = NULL, *new_pin_env = NULL, *bk_env = NULL, *trust_dir = NULL;
    const char *keep = NULL, *type = NULL, *out = NULL, *cost = NULL, *now_s = NULL;
    const char *replace = NULL, *alg_name = NULL;
    cli_opt opts[] = {
        {"--alg", 1, &alg_name, NULL, NULL, 0},
        {"--pin-env", 1, &pin_env, NULL, NULL, 0},
        {"--new-pin-env", 1, &new_pin_env, NULL, NULL, 0},
        {"--backup-pin-env", 1, &bk_env, NULL, NULL, 0},
        {"--trust", 1, &trust_dir, NULL, NULL, 0},
        {"--keep-invalid", 0, &keep, NULL, NULL, 0},
        {"--type", 1, &type, NULL, NULL, 0},
        {"--out", 1, &out, NULL, NULL, 0},
        {"--kdf-cost", 1, &cost, NULL, NULL, 0},
        {"--now", 1, &now_s, NULL, NULL, 0},
        {"--replace", 0, &replace, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos = 0;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, usage);
    if (rc)
        return rc;
    unsigned kdf = kdf_flags(cost);
    if (kdf == 0xffffffffu) {
        fprintf(stderr, "wallet: --kdf-cost must be a number\n");
        return CLI_USAGE;
    }
    if (now_s) {
        char *end;
        long long now = strtoll(now_s, &end, 10);
        if (*end || now < 0) {
            fprintf(stderr, "wallet: --now must be seconds since the epoch\n");
            return CLI_USAGE;
        }
        wallet_ctx_set_time(ctx, (int64_t)now);
    }
    int needs_pos = !strcmp(sub, "show") || !strcmp(sub, "delete") || !strcmp(sub, "match") ||
                    !strcmp(sub, "restore");
    int takes_pos = needs_pos || !strcmp(sub, "add");
    if ((needs_pos && npos != 1) || (!takes_pos && npos)) {
        fprintf(stderr, "wallet: store %s %s\n%s", sub,
                needs_pos ? "needs one argument" : "takes no argument", usage);
        return CLI_USAGE;
    }
    char *path = store_path();
    if (!path) {
        fprintf(stderr, "wallet: no store path: use --store PATH or set WALLET_STORE\n");
        return CLI_USAGE;
    }
    wallet_store *s = NULL;
    wallet_err e = WALLET_OK;
    rc = CLI_OK;

    if (!strcmp(sub, "init")) {
        if (make_parents(path) != 0) {
            fprintf(stderr, "wallet: cannot create the directory of %s: %s\n", path, strerror(errno));
            rc = CLI_USAGE;
            goto done;
        }
        char *pin = read_new_secret(pin_env, "New store PIN");
        if (!pin) {
            rc = CLI_USAGE;
            goto done;
        }
        e = wallet_store_create(ctx, &s, path, (const uint8_t *)pin, strlen(pin), kdf);
        free_secret(pin);
        if (e)
            rc = cli_fail(ctx, e, "store init");
        else
            fprintf(stderr, "wallet: created an empty store at %s\n", path);
        goto done;
    }
    if (!strcmp(sub, "restore")) {
        size_t len = 0;
        uint8_t *backup = cli_read_input(pos[0], &len);
        char *bk = read_secret(bk_env, "Backup passphrase");
        char *pin = bk ? read_new_secret(new_pin_env ? new_pin_env : pin_env, "New store PIN") : NULL;
        if (!bk || !pin) {
            free_secret(bk);
            free_secret(pin);
            free(backup);
            rc = CLI_USAGE;
            goto done;
        }
        if (make_parents(path) != 0) {
            fprintf(stderr, "wallet: cannot create the directory of %s\n", path);
            rc = CLI_USAGE;
        } else {
            e = wallet_store_restore(ctx, &s, path, backup, len, (const uint8_t *)bk, strlen(bk),
                                     (const uint8_t *)pin, strlen(pin),
                                     kdf | (replace ? WALLET_STORE_REPLACE : 0));
            if (e)
                rc = cli_fail(ctx, e, "store restore");
            else
                fprintf(stderr, "wallet: restored the backup into %s\n", path);
        }
        free_secret(bk);
        free_secret(pin);
        free(backup);
        goto done;
    }

    if ((rc = open_store(ctx, &s, path, pin_env)))
        goto done;
    char *json = NULL;
    if (!strcmp(sub, "add")) {
        if (!trust_dir) {
            fprintf(stderr, "wallet: store add needs --trust DIR\n");
            rc = CLI_USAGE;
            goto done;
        }
        wallet_trust *trust = NULL;
        e = wallet_trust_new(ctx, &trust);
        if (!e)
            e = wallet_trust_load_dir(ctx, trust, trust_dir);
        if (e) {
            cli_fail(ctx, e, "trust");
            wallet_trust_free(trust);
            rc = CLI_USAGE;
            goto done;
        }
        size_t len = 0;
        uint8_t *input = cli_read_input(npos ? pos[0] : NULL, &len);
        char *id = NULL;
        e = wallet_store_add(ctx, &id, s, trust, NULL, input, len,
                             keep ? WALLET_STORE_KEEP_INVALID : 0);
        free(input);
        wallet_trust_free(trust);
        if (e) {
            rc = cli_fail(ctx, e, "store add");
            goto done;
        }
        e = wallet_store_show(ctx, &json, s, id);
        int valid = !e && strstr(json, "\"valid\":true") != NULL;
        wallet_free(json);
        printf("{\"id\":\"%s\",\"valid\":%s}\n", id, valid ? "true" : "false");
        if (!valid)
            fprintf(stderr, "wallet: stored as invalid, for inspection (`wallet store show %s`)\n", id);
        wallet_free(id);
    } else if (!strcmp(sub, "list")) {
        e = wallet_store_list(ctx, &json, s, type);
        rc = e ? cli_fail(ctx, e, "store list") : print_json(json);
    } else if (!strcmp(sub, "show")) {
        e = wallet_store_show(ctx, &json, s, pos[0]);
        rc = e ? cli_fail(ctx, e, "store show") : print_json(json);
    } else if (!strcmp(sub, "delete")) {
        e = wallet_store_delete(ctx, s, pos[0]);
        if (e)
            rc = cli_fail(ctx, e, "store delete");
        else
            fprintf(stderr, "wallet: deleted %s\n", pos[0]);
    } else if (!strcmp(sub, "keygen")) {
        wallet_alg alg = alg_name ? wallet_alg_from_name(alg_name) : WALLET_ALG_ES256;
        char *kid = NULL, *jwk = NULL;
        wallet_key *k = NULL;
        e = alg == WALLET_ALG_NONE ? WALLET_ERR_INVALID_ARG
                                   : wallet_store_key_generate(ctx, &kid, s, alg);
        if (!e)
            e = wallet_store_key(ctx, &k, s, kid);
        if (!e)
            e = wallet_key_to_jwk(ctx, &jwk, k, WALLET_EXPORT_PUBLIC);
        if (e)
            rc = cli_fail(ctx, e, "store keygen");
        else
            printf("{\"id\":\"%s\",\"public_jwk\":%s}\n", kid, jwk);
        wallet_key_free(k);
        wallet_free(kid);
        wallet_free(jwk);
    } else if (!strcmp(sub, "keys")) {
        e = wallet_store_key_list(ctx, &json, s);
        rc = e ? cli_fail(ctx, e, "store keys") : print_json(json);
    } else if (!strcmp(sub, "log")) {
        e = wallet_store_log_list(ctx, &json, s);
        rc = e ? cli_fail(ctx, e, "store log") : print_json(json);
    } else if (!strcmp(sub, "match")) {
        size_t len = 0;
        uint8_t *q = cli_read_input(pos[0], &len);
        e = wallet_store_match(ctx, &json, s, (const char *)q, len);
        free(q);
        rc = e ? cli_fail(ctx, e, "store match") : print_json(json);
    } else if (!strcmp(sub, "passwd")) {
        char *pin = read_new_secret(new_pin_env, "New store PIN");
        if (!pin) {
            rc = CLI_USAGE;
            goto done;
        }
        e = wallet_store_change_secret(ctx, s, (const uint8_t *)pin, strlen(pin), kdf);
        free_secret(pin);
        if (e)
            rc = cli_fail(ctx, e, "store passwd");
        else
            fprintf(stderr, "wallet: PIN changed; the store was re-keyed\n");
    } else if (!strcmp(sub, "backup")) {
        if (!out) {
            fprintf(stderr, "wallet: store backup needs --out FILE\n");
            rc = CLI_USAGE;
            goto done;
        }
        char *bk = read_new_secret(bk_env, "Backup passphrase");
        if (!bk) {
            rc = CLI_USAGE;
            goto done;
        }
        uint8_t *b = NULL;
        size_t n = 0;
        e = wallet_store_backup(ctx, &b, &n, s, (const uint8_t *)bk, strlen(bk), kdf);
        free_secret(bk);
        if (e) {
            rc = cli_fail(ctx, e, "store backup");
        } else {
            rc = cli_write_output(out, b, n, 1);
            if (!rc)
                fprintf(stderr, "wallet: wrote an encrypted backup of %zu bytes to %s\n", n, out);
        }
        wallet_free(b);
    }
done:
    wallet_store_free(s);
    free(path);
    return rc;
}

/* Open the store named by --store / $WALLET_STORE / the default path, with
 * the PIN from `pin_env` or the terminal, as `store` does (for the other
 * commands that use the store: receive, respond). */
int cli_store_open(wallet_ctx *ctx, wallet_store **s, const char *pin_env)
{
    *s = NULL;
    char *path = store_path();
    if (!path) {
        fprintf(stderr, "wallet: no store path: use --store PATH or set WALLET_STORE\n");
        return CLI_USAGE;
    }
    int rc = open_store(ctx, s, path, pin_env);
    free(path);
    return rc;
}
