/* wallet [--store PATH] receive OFFER_URI [--tx-code CODE] [--trust DIR] ... (OpenID4VCI) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet [--store PATH] receive OFFER [options]\n"
    "Receive credentials from an issuer over OpenID4VCI 1.0 (pre-authorized code flow)\n"
    "into the store: resolve the offer, fetch the issuer's metadata, redeem the code,\n"
    "prove possession of new holder keys, verify and store the credentials.\n"
    "  OFFER                      an offer URI (openid-credential-offer://?credential_offer=...\n"
    "                             or ?credential_offer_uri=...), the offer JSON, - (stdin),\n"
    "                             or a PNG file holding the offer's QR code\n"
    "  --tx-code CODE             the transaction code the issuer sent separately (SMS, mail)\n"
    "  --tx-code-env VAR          ... or read it from environment variable VAR\n"
    "  --trust DIR                trusted issuer material (*.jwk, *.pem, *.issuer.json);\n"
    "                             without it the offer's issuer is trusted by its HTTPS\n"
    "                             identifier (keys from its /.well-known/jwt-vc-issuer)\n"
    "  --copies N                 copies per credential (batch issuance, one holder key\n"
    "                             each; default 1, at most the issuer's batch size)\n"
    "  --key-id ID                use this stored holder key instead of a new one\n"
    "                             (repeatable: one credential per key)\n"
    "  --keep-invalid             store credentials that fail verification, marked invalid\n"
    "  --pin-env VAR              read the store PIN from environment variable VAR\n"
    "  --now UNIX                 the time used for checks (seconds since the epoch)\n"
    "  --timeout S                seconds allowed for each HTTP exchange (default 10)\n"
    "Prints the new credential identifiers as a JSON array.\n"
    "Exit status: 0 success, 1 failed (network, refused by the issuer, or a credential\n"
    "failed verification), 2 usage or I/O error.\n";

#define MAX_KEY_IDS 64

int cmd_receive(wallet_ctx *ctx, int argc, char **argv)
{
    const char *tx = NULL, *tx_env = NULL, *trust_dir = NULL, *copies_s = NULL;
    const char *keep = NULL, *pin_env = NULL, *now_s = NULL, *timeout_s = NULL;
    const char *key_ids[MAX_KEY_IDS];
    size_t n_keys = 0;
    cli_opt opts[] = {
        {"--tx-code", 1, &tx, NULL, NULL, 0},
        {"--tx-code-env", 1, &tx_env, NULL, NULL, 0},
        {"--trust", 1, &trust_dir, NULL, NULL, 0},
        {"--copies", 1, &copies_s, NULL, NULL, 0},
        {"--key-id", 1, NULL, key_ids, &n_keys, MAX_KEY_IDS},
        {"--keep-invalid", 0, &keep, NULL, NULL, 0},
        {"--pin-env", 1, &pin_env, NULL, NULL, 0},
        {"--now", 1, &now_s, NULL, NULL, 0},
        {"--timeout", 1, &timeout_s, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos = 0;
    int rc = cli_parse(argc, argv, 2, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, usage);
    if (rc)
        return rc;
    if (npos != 1) {
        fprintf(stderr, "wallet: receive needs an offer\n%s", usage);
        return CLI_USAGE;
    }
    if (tx && tx_env) {
        fprintf(stderr, "wallet: give --tx-code or --tx-code-env, not both\n");
        return CLI_USAGE;
    }
    if (tx_env) {
        tx = getenv(tx_env);
        if (!tx || !*tx) {
            fprintf(stderr, "wallet: environment variable %s is not set\n", tx_env);
            return CLI_USAGE;
        }
    }
    long copies = 0;
    if (copies_s) {
        char *end;
        copies = strtol(copies_s, &end, 10);
        if (*end || copies < 1 || copies > 1024) {
            fprintf(stderr, "wallet: --copies must be a number from 1 to 1024\n");
            return CLI_USAGE;
        }
        if (n_keys) {
            fprintf(stderr, "wallet: --copies and --key-id exclude each other\n");
            return CLI_USAGE;
        }
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
    if (timeout_s) {
        char *end;
        long t = strtol(timeout_s, &end, 10);
        if (*end || t < 1 || t > 600) {
            fprintf(stderr, "wallet: --timeout must be 1 to 600 seconds\n");
            return CLI_USAGE;
        }
        wallet_ctx_limit(ctx, WALLET_LIMIT_HTTP_TIMEOUT, t);
    }
    char *offer = NULL;
    size_t plen = strlen(pos[0]);
    if (!strcmp(pos[0], "-")) {
        size_t len = 0;
        uint8_t *in = cli_read_input(NULL, &len);
        cli_rstrip(in, &len);
        offer = (char *)in;
    } else if (plen > 4 && !strcmp(pos[0] + plen - 4, ".png")) {
        /* The QR code the issuer printed or sent as an image. */
        size_t len = 0, n = 0;
        uint8_t *png = cli_read_input(pos[0], &len);
        uint8_t *text = NULL;
        wallet_err e = wallet_qr_decode_png(ctx, &text, &n, png, len);
        free(png);
        if (e)
            return cli_fail(ctx, e, "offer QR code");
        offer = strdup((const char *)text);
        wallet_free(text);
    } else {
        offer = strdup(pos[0]);
    }
    if (!offer)
        return CLI_USAGE;
    wallet_trust *trust = NULL;
    if (trust_dir) {
        wallet_err e = wallet_trust_new(ctx, &trust);
        if (!e)
            e = wallet_trust_load_dir(ctx, trust, trust_dir);
        if (e) {
            cli_fail(ctx, e, "trust");
            wallet_trust_free(trust);
            free(offer);
            return CLI_USAGE;
        }
    }
    wallet_store *s = NULL;
    rc = cli_store_open(ctx, &s, pin_env);
    if (!rc) {
        char *ids = NULL;
        wallet_err e = wallet_vci_receive(ctx, &ids, s, trust, NULL, offer, tx,
                                          n_keys ? key_ids : NULL,
                                          n_keys ? n_keys : (size_t)copies,
                                          keep ? WALLET_STORE_KEEP_INVALID : 0);
        if (e) {
            rc = cli_fail(ctx, e, "receive");
        } else {
            printf("%s\n", ids);
            rc = fflush(stdout) == 0 ? CLI_OK : CLI_USAGE;
            fprintf(stderr, "wallet: stored the received credentials\n");
        }
        wallet_free(ids);
    }
    wallet_store_free(s);
    wallet_trust_free(trust);
    free(offer);
    return rc;
}
