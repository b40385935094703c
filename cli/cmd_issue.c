/*
 * wallet issue <format> ... / wallet present <format> ...
 *
 * The format word selects the implementation from a small table, so that
 * each credential format (sdjwt here; mdoc and hc1 later) adds one line.
 * The format's command receives argv with argv[2] the format word and its
 * options from argv[3] on.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct cli_format {
    const char *word;
    int (*run)(wallet_ctx *ctx, int argc, char **argv);
    const char *summary;
} cli_format;

static const cli_format issue_formats[] = {
    {"sdjwt", cmd_issue_sdjwt, "SD-JWT VC (RFC 9901 / SD-JWT VC), compact or --json"},
    {"mdoc", cmd_issue_mdoc, "ISO/IEC 18013-5 mdoc (IssuerSigned, MSO signed by the DS)"},
    {"hc1", cmd_issue_hc1, "EU DCC-format health certificate (HC1: QR payload)"},
};

static const cli_format present_formats[] = {
    {"sdjwt", cmd_present_sdjwt, "SD-JWT / SD-JWT+KB presentation of chosen claims"},
    {"mdoc", cmd_present_mdoc, "ISO/IEC 18013-5 DeviceResponse (DeviceSignature or DeviceMac)"},
};

static int dispatch(wallet_ctx *ctx, int argc, char **argv, const char *verb,
                    const cli_format *formats, size_t n)
{
    const char *word = argc >= 3 ? argv[2] : NULL;
    for (size_t i = 0; word && i < n; i++)
        if (!strcmp(word, formats[i].word))
            return formats[i].run(ctx, argc, argv);
    int help = word && (!strcmp(word, "--help") || !strcmp(word, "-h"));
    FILE *out = help ? stdout : stderr;
    if (word && !help)
        fprintf(stderr, "wallet: unknown format \"%s\" for %s\n", word, verb);
    fprintf(out, "usage: wallet %s <format> [options]\n\nformats:\n", verb);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-8s %s\n", formats[i].word, formats[i].summary);
    fprintf(out, "\nRun `wallet %s <format> --help` for the options of each format.\n", verb);
    return help ? -1 : CLI_USAGE;
}

int cmd_issue(wallet_ctx *ctx, int argc, char **argv)
{
    return dispatch(ctx, argc, argv, "issue", issue_formats,
                    sizeof(issue_formats) / sizeof(issue_formats[0]));
}

int cmd_present(wallet_ctx *ctx, int argc, char **argv)
{
    return dispatch(ctx, argc, argv, "present", present_formats,
                    sizeof(present_formats) / sizeof(present_formats[0]));
}
