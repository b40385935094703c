/* `wallet` — the libwallet command-line tool. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet <command> [options]\n"
    "\n"
    "commands:\n"
    "  key gen|pub      generate a key pair, or print a key's public JWK\n"
    "  cert make        make an X.509 certificate (root, CA-signed, mdoc IACA / DS)\n"
    "  sign jws|cose    sign a payload as a compact JWS or a COSE_Sign1\n"
    "  issue FORMAT     issue a credential: sdjwt (SD-JWT VC), mdoc (ISO/IEC 18013-5),\n"
    "                   hc1 (EU DCC-format health certificate)\n"
    "  present FORMAT   present a held credential: sdjwt (chosen claims, key binding),\n"
    "                   mdoc (a DeviceResponse)\n"
    "  verify           verify a credential or signed object against a trust directory\n"
    "  qr encode|decode QR codes to and from PNG images\n"
    "  mdoc transcript  compute an mdoc SessionTranscript for a handover\n"
    "  status ...       Token Status Lists: new|alloc|set|get|token|check|snapshot\n"
    "  store ...        the encrypted credential store (init, add, list, show, delete,\n"
    "                   log, match, passwd, backup, restore); --store PATH before it\n"
    "  receive OFFER    receive credentials from an issuer (OpenID4VCI) into the store\n"
    "\n"
    "Run `wallet <command> --help` for the options of each command.\n"
    "Exit status: 0 success/valid, 1 invalid or rejected, 2 usage or I/O error.\n";

int main(int argc, char **argv)
{
    /* The one global option: --store PATH, before the command word. */
    if (argc >= 2 && !strcmp(argv[1], "--store")) {
        if (argc < 3) {
            fprintf(stderr, "wallet: --store needs a path\n");
            return CLI_USAGE;
        }
        cli_store_path = argv[2];
        argv[2] = argv[0];
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("wallet %s\n", wallet_version());
        return CLI_OK;
    }
    static const struct {
        const char *name;
        int (*run)(wallet_ctx *, int, char **);
    } cmds[] = {
        {"key", cmd_key}, {"cert", cmd_cert}, {"sign", cmd_sign},
        {"verify", cmd_verify}, {"qr", cmd_qr},   {"issue", cmd_issue},
        {"present", cmd_present}, {"status", cmd_status}, {"mdoc", cmd_mdoc},
        {"store", cmd_store}, {"receive", cmd_receive}, {"respond", cmd_respond},
    };
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        if (strcmp(cmd, cmds[i].name) != 0)
            continue;
        wallet_ctx *ctx = NULL;
        if (wallet_ctx_new(&ctx) != WALLET_OK) {
            fprintf(stderr, "wallet: out of memory\n");
            return CLI_USAGE;
        }
        int rc = cmds[i].run(ctx, argc, argv);
        wallet_ctx_free(ctx);
        return rc < 0 ? CLI_OK : rc;
    }
    fprintf(stderr, "wallet: unknown command \"%s\"\n%s", cmd, usage);
    return CLI_USAGE;
}
