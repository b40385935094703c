/*
 * The `wallet` command: shared helpers. The CLI uses only the public
 * libwallet headers (include/wallet/), like any other application.
 *
 * Exit codes (DESIGN.md): 0 success / valid, 1 invalid or rejected input,
 * 2 usage or I/O error. Data goes to stdout (JSON where it is data), human
 * messages to stderr.
 */
#ifndef WALLET_CLI_H
#define WALLET_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "wallet/wallet.h"

#define CLI_OK 0
#define CLI_INVALID 1
#define CLI_USAGE 2

/* Option table for one command. `value` receives the argument (or "1" for a
 * flag); for repeatable options, values are collected into `list`. */
typedef struct cli_opt {
    const char *name; /* "--alg" */
    int takes_value;
    const char **value;
    const char **list; /* for repeatable options (may be NULL) */
    size_t *list_len;
    size_t list_cap;
} cli_opt;

/* Parse argv[first..argc) against opts; positional arguments go to pos
 * (at most max_pos). Returns 0, or prints a message and returns CLI_USAGE.
 * "--help" anywhere prints `usage` and returns -1. */
int cli_parse(int argc, char **argv, int first, cli_opt *opts, size_t n_opts, const char **pos,
              size_t max_pos, size_t *n_pos, const char *usage);

/* Read a file, or stdin for NULL / "-". Exits the process with CLI_USAGE on
 * I/O errors (after a message). Adds a NUL terminator. */
uint8_t *cli_read_input(const char *path, size_t *len);

/* Strip trailing whitespace (for text read from files). */
void cli_rstrip(uint8_t *data, size_t *len);

/* Write bytes to a file (mode 0600 when `secret`) or stdout for NULL/"-".
 * Returns 0 or CLI_USAGE. */
int cli_write_output(const char *path, const void *data, size_t len, int secret);

/* Load a key from a JWK or PEM file (private or public). */
int cli_load_key(wallet_ctx *ctx, const char *path, wallet_key **out);

/* Load certificates from a PEM file. */
int cli_load_certs(wallet_ctx *ctx, const char *path, wallet_cert ***out, size_t *n);

/* Report a library failure on stderr ("wallet: what: detail") and map it to
 * an exit code: usage/I-O kinds → CLI_USAGE, the rest → CLI_INVALID. */
int cli_fail(wallet_ctx *ctx, wallet_err err, const char *what);

/* Commands. */
int cmd_key(wallet_ctx *ctx, int argc, char **argv);
int cmd_cert(wallet_ctx *ctx, int argc, char **argv);
int cmd_qr(wallet_ctx *ctx, int argc, char **argv);
int cmd_sign(wallet_ctx *ctx, int argc, char **argv);
int cmd_verify(wallet_ctx *ctx, int argc, char **argv);
int cmd_issue(wallet_ctx *ctx, int argc, char **argv);   /* dispatch on the format word */
int cmd_present(wallet_ctx *ctx, int argc, char **argv); /* dispatch on the format word */

/* Formats of `wallet issue` / `wallet present` (cmd_issue.c's tables). */
int cmd_issue_sdjwt(wallet_ctx *ctx, int argc, char **argv);
int cmd_present_sdjwt(wallet_ctx *ctx, int argc, char **argv);
/* mdoc (cmd_mdoc.c): argv is the whole command line; options start at argv[3]. */
int cmd_issue_mdoc(wallet_ctx *ctx, int argc, char **argv);
int cmd_present_mdoc(wallet_ctx *ctx, int argc, char **argv);
int cmd_mdoc(wallet_ctx *ctx, int argc, char **argv);
int cmd_status(wallet_ctx *ctx, int argc, char **argv);
int cmd_issue_hc1(wallet_ctx *ctx, int argc, char **argv); /* cmd_hcert.c */
int cmd_store(wallet_ctx *ctx, int argc, char **argv);
/* Open the store (--store PATH / $WALLET_STORE / default) with the PIN from
 * environment variable `pin_env` or the terminal: 0 or an exit code. */
int cli_store_open(wallet_ctx *ctx, wallet_store **s, const char *pin_env);
int cmd_receive(wallet_ctx *ctx, int argc, char **argv); /* cmd_receive.c: OpenID4VCI */
int cmd_respond(wallet_ctx *ctx, int argc, char **argv); /* cmd_respond.c */

/* The global --store PATH option (NULL when not given). */
extern const char *cli_store_path;

#endif /* WALLET_CLI_H */
