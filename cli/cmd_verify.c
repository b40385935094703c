/* wallet verify */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet verify --trust DIR [--aud A] [--nonce N] [--now UNIX] [FILE|-]\n"
    "  Detect the input's format and verify it against the trust directory\n"
    "  (*.jwk / *.json: JWK or JWK Set; *.pem / *.crt: certificates, self-signed\n"
    "  CAs become roots). Recognised now: JWS / JWT (compact or JSON), COSE_Sign1 /\n"
    "  CWT (CBOR, hex or base64url), and a PNG image holding a QR code of either.\n"
    "  Prints one JSON object: {\"valid\": ..., \"format\": ..., \"claims\": ...}.\n"
    "  --now pins the verification time (seconds since the epoch).\n"
    "  Exit status: 0 valid, 1 invalid, 2 usage or I/O error.\n";

int cmd_verify(wallet_ctx *ctx, int argc, char **argv)
{
    const char *trust_dir = NULL, *aud = NULL, *nonce = NULL, *now_s = NULL;
    cli_opt opts[] = {
        {"--trust", 1, &trust_dir, NULL, NULL, 0}, {"--aud", 1, &aud, NULL, NULL, 0},
        {"--nonce", 1, &nonce, NULL, NULL, 0},     {"--now", 1, &now_s, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 2, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos, usage);
    if (rc)
        return rc;
    if (!trust_dir) {
        fprintf(stderr, "wallet: verify needs --trust DIR\n%s", usage);
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
    wallet_trust *trust = NULL;
    wallet_policy *policy = NULL;
    wallet_result *result = NULL;
    char *json = NULL;
    wallet_err e = wallet_trust_new(ctx, &trust);
    if (!e)
        e = wallet_trust_load_dir(ctx, trust, trust_dir);
    if (e) {
        cli_fail(ctx, e, "trust");
        rc = CLI_USAGE; /* an unusable trust directory is the caller's input error */
        goto done;
    }
    if ((e = wallet_policy_new(ctx, &policy)) || (aud && (e = wallet_policy_set_audience(ctx, policy, aud))) ||
        (nonce && (e = wallet_policy_set_nonce(ctx, policy, nonce)))) {
        rc = cli_fail(ctx, e, "policy");
        goto done;
    }
    size_t len;
    uint8_t *input = cli_read_input(npos ? pos[0] : NULL, &len);
    e = wallet_verify(ctx, &result, trust, policy, input, len);
    free(input);
    if (!result) {
        rc = cli_fail(ctx, e, "verify");
        goto done;
    }
    wallet_err je = wallet_result_to_json(ctx, &json, result);
    if (je) {
        rc = cli_fail(ctx, je, "verify");
        goto done;
    }
    printf("%s\n", json);
    if (e)
        fprintf(stderr, "wallet: invalid: %s: %s\n", wallet_err_str(e), wallet_result_detail(result));
    rc = e ? CLI_INVALID : CLI_OK;
done:
    wallet_free(json);
    wallet_result_free(result);
    wallet_policy_free(policy);
    wallet_trust_free(trust);
    return rc;
}
