/* wallet key gen | key pub */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_gen[] =
    "usage: wallet key gen --alg ES256|ES384|ES512|EdDSA|ES256K [--out FILE]\n"
    "  Generate a key pair and write it as a private JWK (file mode 0600).\n"
    "  The key id (kid) is the key's RFC 7638 thumbprint.\n";
static const char usage_pub[] =
    "usage: wallet key pub [FILE|-]\n"
    "  Print the public JWK of a key given as a JWK or PEM (private or public).\n";

/* kid = base64url(RFC 7638 SHA-256 thumbprint) */
static int set_thumbprint_kid(wallet_ctx *ctx, wallet_key *key)
{
    uint8_t tp[32];
    char *b64 = NULL;
    wallet_err e = wallet_key_thumbprint(ctx, tp, key);
    if (!e)
        e = wallet_b64url_encode(ctx, &b64, NULL, tp, sizeof(tp));
    if (!e)
        e = wallet_key_set_kid(ctx, key, b64);
    wallet_free(b64);
    return e ? cli_fail(ctx, e, "key id") : 0;
}

static int key_gen(wallet_ctx *ctx, int argc, char **argv)
{
    const char *alg_name = NULL, *out = NULL;
    cli_opt opts[] = {{"--alg", 1, &alg_name, NULL, NULL, 0}, {"--out", 1, &out, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, 2, pos, 0, &npos, usage_gen);
    if (rc)
        return rc;
    if (!alg_name) {
        fprintf(stderr, "wallet: key gen needs --alg\n%s", usage_gen);
        return CLI_USAGE;
    }
    wallet_alg alg = wallet_alg_from_name(alg_name);
    if (alg == WALLET_ALG_NONE) {
        fprintf(stderr, "wallet: unknown algorithm %s\n", alg_name);
        return CLI_USAGE;
    }
    wallet_key *key = NULL;
    wallet_err e = wallet_key_generate(ctx, &key, alg);
    if (e)
        return cli_fail(ctx, e, "key gen");
    rc = set_thumbprint_kid(ctx, key);
    char *jwk = NULL;
    if (!rc && (e = wallet_key_to_jwk(ctx, &jwk, key, WALLET_EXPORT_PRIVATE)) != WALLET_OK)
        rc = cli_fail(ctx, e, "key gen");
    if (!rc) {
        size_t n = strlen(jwk);
        jwk[n] = '\n'; /* the NUL is replaced for output only */
        rc = cli_write_output(out, jwk, n + 1, 1);
        jwk[n] = '\0';
        wallet_memzero(jwk, n);
    }
    wallet_free(jwk);
    wallet_key_free(key);
    return rc;
}

static int key_pub(wallet_ctx *ctx, int argc, char **argv)
{
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, NULL, 0, pos, 1, &npos, usage_pub);
    if (rc)
        return rc;
    wallet_key *key = NULL;
    rc = cli_load_key(ctx, npos ? pos[0] : NULL, &key);
    if (rc)
        return rc;
    if (!wallet_key_kid(key))
        rc = set_thumbprint_kid(ctx, key);
    char *jwk = NULL;
    wallet_err e = rc ? WALLET_OK : wallet_key_to_jwk(ctx, &jwk, key, WALLET_EXPORT_PUBLIC);
    if (e)
        rc = cli_fail(ctx, e, "key pub");
    if (!rc)
        printf("%s\n", jwk);
    wallet_free(jwk);
    wallet_key_free(key);
    return rc;
}

int cmd_key(wallet_ctx *ctx, int argc, char **argv)
{
    static const char usage[] = "usage: wallet key gen|pub [options]  (--help on each)\n";
    if (argc >= 3 && !strcmp(argv[2], "gen"))
        return key_gen(ctx, argc, argv);
    if (argc >= 3 && !strcmp(argv[2], "pub"))
        return key_pub(ctx, argc, argv);
    if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        fputs(usage, stdout);
        return -1;
    }
    fputs(usage, stderr);
    return CLI_USAGE;
}
