/* Shared helpers of the `wallet` command. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CLI_MAX_INPUT (64u * 1024 * 1024)

int cli_parse(int argc, char **argv, int first, cli_opt *opts, size_t n_opts, const char **pos,
              size_t max_pos, size_t *n_pos, const char *usage)
{
    *n_pos = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return -1;
        }
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            cli_opt *o = NULL;
            for (size_t k = 0; k < n_opts && !o; k++)
                if (!strcmp(opts[k].name, a))
                    o = &opts[k];
            if (!o) {
                fprintf(stderr, "wallet: unknown option %s\n%s", a, usage);
                return CLI_USAGE;
            }
            const char *v = "1";
            if (o->takes_value) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "wallet: %s needs a value\n", a);
                    return CLI_USAGE;
                }
                v = argv[++i];
            }
            if (o->list) {
                if (*o->list_len >= o->list_cap) {
                    fprintf(stderr, "wallet: too many %s options\n", a);
                    return CLI_USAGE;
                }
                o->list[(*o->list_len)++] = v;
            } else {
                *o->value = v;
            }
            continue;
        }
        if (*n_pos >= max_pos) {
            fprintf(stderr, "wallet: unexpected argument %s\n%s", a, usage);
            return CLI_USAGE;
        }
        pos[(*n_pos)++] = a;
    }
    return 0;
}

uint8_t *cli_read_input(const char *path, size_t *len)
{
    int use_stdin = !path || !strcmp(path, "-");
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "wallet: cannot open %s: %s\n", path, strerror(errno));
        exit(CLI_USAGE);
    }
    size_t cap = 65536, n = 0;
    uint8_t *buf = malloc(cap + 1);
    while (buf) {
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
        if (n == cap) {
            if (cap >= CLI_MAX_INPUT) {
                fprintf(stderr, "wallet: %s: input larger than %u bytes\n",
                        use_stdin ? "stdin" : path, CLI_MAX_INPUT);
                exit(CLI_USAGE);
            }
            uint8_t *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    if (!use_stdin)
        fclose(f);
    if (!buf || bad) {
        fprintf(stderr, "wallet: cannot read %s\n", use_stdin ? "stdin" : path);
        exit(CLI_USAGE);
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

void cli_rstrip(uint8_t *data, size_t *len)
{
    while (*len && strchr(" \t\r\n", data[*len - 1]))
        data[--*len] = 0;
}

int cli_write_output(const char *path, const void *data, size_t len, int secret)
{
    if (!path || !strcmp(path, "-")) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            fprintf(stderr, "wallet: cannot write to stdout\n");
            return CLI_USAGE;
        }
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, secret ? 0600 : 0644);
    if (fd < 0) {
        fprintf(stderr, "wallet: cannot create %s: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    /* An existing file keeps its mode with O_CREAT: make secrets 0600. */
    if (secret && fchmod(fd, 0600) != 0) {
        close(fd);
        fprintf(stderr, "wallet: cannot restrict permissions of %s\n", path);
        return CLI_USAGE;
    }
    const uint8_t *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            fprintf(stderr, "wallet: cannot write %s: %s\n", path, strerror(errno));
            return CLI_USAGE;
        }
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) != 0) {
        fprintf(stderr, "wallet: cannot write %s: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    return 0;
}

int cli_fail(wallet_ctx *ctx, wallet_err err, const char *what)
{
    const char *detail = wallet_ctx_errmsg(ctx);
    fprintf(stderr, "wallet: %s: %s%s%s\n", what, wallet_err_str(err), *detail ? ": " : "",
            detail);
    wallet_err_kind k = wallet_err_kind_of(err);
    return k == WALLET_KIND_USAGE ? CLI_USAGE : CLI_INVALID;
}

int cli_load_key(wallet_ctx *ctx, const char *path, wallet_key **out)
{
    *out = NULL;
    size_t len;
    uint8_t *data = cli_read_input(path, &len);
    wallet_err e;
    const char *text = (const char *)data;
    while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')
        text++;
    if (!strncmp(text, "-----BEGIN", 10))
        e = wallet_key_from_pem(ctx, out, (const char *)data, len);
    else
        e = wallet_key_from_jwk(ctx, out, (const char *)data, len);
    wallet_memzero(data, len);
    free(data);
    if (e) {
        char what[512];
        snprintf(what, sizeof(what), "key %s", path);
        cli_fail(ctx, e, what);
        return CLI_USAGE;
    }
    return 0;
}

int cli_load_certs(wallet_ctx *ctx, const char *path, wallet_cert ***out, size_t *n)
{
    size_t len;
    uint8_t *data = cli_read_input(path, &len);
    wallet_err e = wallet_cert_from_pem(ctx, out, n, (const char *)data, len);
    free(data);
    if (e) {
        char what[512];
        snprintf(what, sizeof(what), "certificate %s", path);
        cli_fail(ctx, e, what);
        return CLI_USAGE;
    }
    return 0;
}
