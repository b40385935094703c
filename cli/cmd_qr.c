/* wallet qr encode | qr decode */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet qr encode [--png FILE | --text] [--ecc L|M|Q|H] [--scale N] [FILE|-]\n"
    "       wallet qr decode IMAGE.png\n"
    "  encode: QR code of the input (trailing newlines are dropped) as a PNG\n"
    "          (--scale pixels per module, default 8) or as terminal text (default).\n"
    "          Error correction defaults to Q (as EU DCC recommends).\n"
    "  decode: print the content of the first QR code in a PNG image.\n";

static int qr_encode(wallet_ctx *ctx, int argc, char **argv)
{
    const char *png_path = NULL, *text = NULL, *ecc_s = NULL, *scale_s = NULL;
    cli_opt opts[] = {
        {"--png", 1, &png_path, NULL, NULL, 0}, {"--text", 0, &text, NULL, NULL, 0},
        {"--ecc", 1, &ecc_s, NULL, NULL, 0},    {"--scale", 1, &scale_s, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, usage);
    if (rc)
        return rc;
    if (png_path && text) {
        fprintf(stderr, "wallet: --png and --text exclude each other\n");
        return CLI_USAGE;
    }
    wallet_qr_ecc ecc = WALLET_QR_ECC_Q;
    if (ecc_s) {
        const char *levels = "LMQH";
        const char *p = strlen(ecc_s) == 1 ? strchr(levels, ecc_s[0]) : NULL;
        if (!p) {
            fprintf(stderr, "wallet: --ecc must be L, M, Q or H\n");
            return CLI_USAGE;
        }
        ecc = (wallet_qr_ecc)(p - levels);
    }
    long scale = 8;
    if (scale_s) {
        char *end;
        scale = strtol(scale_s, &end, 10);
        if (*end || scale < 1 || scale > 64) {
            fprintf(stderr, "wallet: --scale must be 1..64\n");
            return CLI_USAGE;
        }
    }
    size_t len;
    uint8_t *data = cli_read_input(npos ? pos[0] : NULL, &len);
    cli_rstrip(data, &len);
    wallet_err e;
    if (png_path) {
        uint8_t *png = NULL;
        size_t png_len = 0;
        e = wallet_qr_encode_png(ctx, &png, &png_len, data, len, ecc, (int)scale);
        rc = e ? cli_fail(ctx, e, "qr encode") : cli_write_output(png_path, png, png_len, 0);
        wallet_free(png);
    } else {
        char *out = NULL;
        e = wallet_qr_encode_text(ctx, &out, data, len, ecc);
        rc = e ? cli_fail(ctx, e, "qr encode") : cli_write_output(NULL, out, strlen(out), 0);
        wallet_free(out);
    }
    free(data);
    return rc;
}

static int qr_decode(wallet_ctx *ctx, int argc, char **argv)
{
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, NULL, 0, pos, 1, &npos, usage);
    if (rc)
        return rc;
    if (npos != 1) {
        fprintf(stderr, "wallet: qr decode needs an image file\n%s", usage);
        return CLI_USAGE;
    }
    size_t len;
    uint8_t *png = cli_read_input(pos[0], &len);
    uint8_t *data = NULL;
    size_t dlen = 0;
    wallet_err e = wallet_qr_decode_png(ctx, &data, &dlen, png, len);
    free(png);
    if (e)
        return cli_fail(ctx, e, "qr decode");
    rc = cli_write_output(NULL, data, dlen, 0);
    if (!rc)
        rc = cli_write_output(NULL, "\n", 1, 0);
    wallet_free(data);
    return rc;
}

int cmd_qr(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[2], "encode"))
        return qr_encode(ctx, argc, argv);
    if (argc >= 3 && !strcmp(argv[2], "decode"))
        return qr_decode(ctx, argc, argv);
    int help = argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
    fputs(usage, help ? stdout : stderr);
    return help ? -1 : CLI_USAGE;
}
