/* wallet sign jws | sign cose */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet sign jws  --key K [--alg ALG] [--header JSON] [FILE|-]\n"
    "       wallet sign cose --key K [--alg ALG] [--kid KID] [--x5chain PEM] [--cwt] [FILE|-]\n"
    "  Sign the payload (the file's bytes, or stdin). jws prints a compact JWS\n"
    "  (protected header: alg, the key's kid, then the members of --header);\n"
    "  cose prints a tagged COSE_Sign1 as base64url of its CBOR, with kid\n"
    "  (label 4) and x5chain (label 33) in the unprotected header. With --cwt the\n"
    "  input is a JSON object of claims, signed as a CWT (RFC 8392).\n";

int cmd_sign(wallet_ctx *ctx, int argc, char **argv)
{
    int jws = argc >= 3 && !strcmp(argv[2], "jws");
    int cose = argc >= 3 && !strcmp(argv[2], "cose");
    if (!jws && !cose) {
        int help = argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
        fputs(usage, help ? stdout : stderr);
        return help ? -1 : CLI_USAGE;
    }
    const char *key_path = NULL, *alg_name = NULL, *header = NULL, *kid = NULL, *x5 = NULL;
    const char *cwt = NULL;
    cli_opt opts[] = {
        {"--key", 1, &key_path, NULL, NULL, 0}, {"--alg", 1, &alg_name, NULL, NULL, 0},
        {"--header", 1, &header, NULL, NULL, 0}, {"--kid", 1, &kid, NULL, NULL, 0},
        {"--x5chain", 1, &x5, NULL, NULL, 0},   {"--cwt", 0, &cwt, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, usage);
    if (rc)
        return rc;
    if (!key_path || (jws && (kid || x5 || cwt)) || (cose && header)) {
        fprintf(stderr, "wallet: sign needs --key; --header is for jws, --kid/--x5chain for cose\n%s",
                usage);
        return CLI_USAGE;
    }
    wallet_alg alg = WALLET_ALG_NONE;
    if (alg_name && (alg = wallet_alg_from_name(alg_name)) == WALLET_ALG_NONE) {
        fprintf(stderr, "wallet: unknown algorithm %s\n", alg_name);
        return CLI_USAGE;
    }
    wallet_key *key = NULL;
    if ((rc = cli_load_key(ctx, key_path, &key)))
        return rc;
    size_t len;
    uint8_t *payload = cli_read_input(npos ? pos[0] : NULL, &len);
    wallet_err e;
    char *text = NULL;
    if (jws) {
        e = wallet_jws_sign_compact(ctx, &text, key, alg, header, payload, len);
    } else {
        wallet_cose_headers *h = NULL;
        wallet_cert **certs = NULL;
        size_t n_certs = 0;
        uint8_t *cbor = NULL, *claims = NULL;
        size_t cbor_len = 0, claims_len = 0;
        e = wallet_cose_headers_new(ctx, &h);
        if (!e && cwt)
            e = wallet_cwt_from_json(ctx, &claims, &claims_len, (const char *)payload, len);
        if (!e && kid)
            e = wallet_cose_headers_set_bytes(ctx, h, WALLET_COSE_UNPROTECTED, WALLET_COSE_HDR_KID,
                                              (const uint8_t *)kid, strlen(kid));
        if (!e && x5 && (rc = cli_load_certs(ctx, x5, &certs, &n_certs)) != 0)
            e = WALLET_ERR_IO;
        for (size_t i = 0; !e && i < n_certs; i++) {
            size_t dl;
            const uint8_t *der = wallet_cert_der(certs[i], &dl);
            e = wallet_cose_headers_add_x5chain(ctx, h, WALLET_COSE_UNPROTECTED, der, dl);
        }
        if (!e)
            e = wallet_cose_sign1_sign(ctx, &cbor, &cbor_len, key, alg, h,
                                       claims ? claims : payload, claims ? claims_len : len,
                                       NULL, 0, WALLET_COSE_TAGGED);
        if (!e)
            e = wallet_b64url_encode(ctx, &text, NULL, cbor, cbor_len);
        wallet_free(cbor);
        wallet_free(claims);
        wallet_cert_array_free(certs, n_certs);
        wallet_cose_headers_free(h);
    }
    if (rc) {
        /* already reported */
    } else if (e) {
        rc = cli_fail(ctx, e, jws ? "sign jws" : "sign cose");
    } else {
        printf("%s\n", text);
    }
    wallet_free(text);
    free(payload);
    wallet_key_free(key);
    return rc;
}
