/* wallet verify */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet verify --trust DIR [--aud A] [--nonce N] [--now UNIX]\n"
    "                     [--session-transcript HEX] [--reader-key K] [--doctype D]\n"
    "                     [--status] [--status-snapshot FILE --snapshot-key K]\n"
    "                     [--max-age SECONDS] [--require-status] [--offline]\n"
    "                     [--require-holder-binding] [--kb-max-age S] [--sdjwt-type T]...\n"
    "                     [--transaction-data S]... [--td-alg ALG]... [--issuer URL]...\n"
    "                     [FILE|-]\n"
    "  Detect the input's format and verify it against the trust directory\n"
    "  (*.jwk / *.json: JWK or JWK Set; *.pem / *.crt: certificates, self-signed\n"
    "  CAs become roots). Recognised now: JWS / JWT (compact or JSON), COSE_Sign1 /\n"
    "  CWT (CBOR, hex or base64url), SD-JWT / SD-JWT+KB (compact or JSON), \"HC1:\"\n"
    "  health certificates (EU DCC format; their signer certificates, found by kid,\n"
    "  go in the trust directory), and a PNG image holding a QR code of any of\n"
    "  them. *.issuer.json files in DIR are\n"
    "  JWT VC Issuer Metadata (SD-JWT VC issuers trusted with their keys).\n"
    "  SD-JWT: --aud / --nonce (or --require-holder-binding) demand a Key Binding\n"
    "  JWT, at most --kb-max-age seconds old (default 300); --sdjwt-type replaces\n"
    "  the accepted header types (dc+sd-jwt, vc+sd-jwt); --transaction-data (the\n"
    "  OpenID4VP request's strings) must be bound by the KB-JWT, hashed with one of\n"
    "  --td-alg (default sha-256); --issuer trusts an SD-JWT VC issuer by its\n"
    "  identifier and fetches its JWT VC Issuer Metadata (HTTPS); with --offline only\n"
    "  cached or saved metadata is used.\n"
    "  Prints one JSON object: {\"valid\": ..., \"format\": ..., \"claims\": ...}.\n"
    "  --now pins the verification time (seconds since the epoch).\n"
    "  mdoc (ISO/IEC 18013-5): a DeviceResponse (CBOR, hex or base64url) is verified\n"
    "  over --session-transcript (hex of the SessionTranscript CBOR array or of the\n"
    "  tag-24 SessionTranscriptBytes); a DeviceMac needs --reader-key (the reader's\n"
    "  ephemeral private key); --doctype requires that docType. An IssuerSigned alone\n"
    "  is verified too (issuer data only: \"holder_auth\": \"none\").\n"
    "  Token Status Lists: --status fetches the credential's status list (HTTPS;\n"
    "  plain HTTP to loopback only); --status-snapshot checks it in a snapshot made\n"
    "  by `wallet status snapshot` (signature checked with --snapshot-key) no older\n"
    "  than --max-age (default 86400 s), used when offline (--offline) or when the\n"
    "  fetch fails. A revoked or suspended credential is invalid; --require-status\n"
    "  also refuses credentials without a status reference.\n"
    "  Exit status: 0 valid, 1 invalid, 2 usage or I/O error.\n";

int cmd_verify(wallet_ctx *ctx, int argc, char **argv)
{
    const char *trust_dir = NULL, *aud = NULL, *nonce = NULL, *now_s = NULL;
    const char *st_hex = NULL, *reader_path = NULL, *doctype = NULL;
    const char *status_s = NULL, *snap_path = NULL, *snap_key = NULL, *max_age_s = NULL,
               *offline = NULL, *require = NULL;
    const char *require_hb = NULL, *kb_age = NULL;
    const char *types[32], *td[32], *td_algs[8], *issuers[64];
    size_t n_types = 0, n_td = 0, n_td_algs = 0, n_issuers = 0;
    cli_opt opts[] = {
        {"--trust", 1, &trust_dir, NULL, NULL, 0}, {"--aud", 1, &aud, NULL, NULL, 0},
        {"--nonce", 1, &nonce, NULL, NULL, 0},     {"--now", 1, &now_s, NULL, NULL, 0},
        {"--session-transcript", 1, &st_hex, NULL, NULL, 0},
        {"--reader-key", 1, &reader_path, NULL, NULL, 0},
        {"--doctype", 1, &doctype, NULL, NULL, 0},
        {"--status", 0, &status_s, NULL, NULL, 0},
        {"--status-snapshot", 1, &snap_path, NULL, NULL, 0},
        {"--snapshot-key", 1, &snap_key, NULL, NULL, 0},
        {"--max-age", 1, &max_age_s, NULL, NULL, 0},
        {"--offline", 0, &offline, NULL, NULL, 0},
        {"--require-status", 0, &require, NULL, NULL, 0},
        {"--require-holder-binding", 0, &require_hb, NULL, NULL, 0},
        {"--kb-max-age", 1, &kb_age, NULL, NULL, 0},
        {"--sdjwt-type", 1, NULL, types, &n_types, 32},
        {"--transaction-data", 1, NULL, td, &n_td, 32},
        {"--td-alg", 1, NULL, td_algs, &n_td_algs, 8},
        {"--issuer", 1, NULL, issuers, &n_issuers, 64},
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
    long long max_age = 86400;
    if (max_age_s) {
        char *end;
        max_age = strtoll(max_age_s, &end, 10);
        if (*end || max_age < 0) {
            fprintf(stderr, "wallet: --max-age must be seconds (0: no limit)\n");
            return CLI_USAGE;
        }
    }
    if (snap_path && !snap_key) {
        fprintf(stderr, "wallet: --status-snapshot needs --snapshot-key (the verifier's key)\n");
        return CLI_USAGE;
    }
    if (offline)
        wallet_ctx_set_offline(ctx, 1);
    wallet_trust *trust = NULL;
    wallet_policy *policy = NULL;
    wallet_result *result = NULL;
    wallet_status_cache *cache = NULL;
    wallet_status_snapshot *snap = NULL;
    char *json = NULL;
    int64_t kb_max_age = 0;
    if (kb_age) {
        char *end;
        long long v = strtoll(kb_age, &end, 10);
        if (*end || v <= 0) {
            fprintf(stderr, "wallet: --kb-max-age must be a positive number of seconds\n");
            return CLI_USAGE;
        }
        kb_max_age = (int64_t)v;
    }
    wallet_err e = wallet_trust_new(ctx, &trust);
    if (!e)
        e = wallet_trust_load_dir(ctx, trust, trust_dir);
    for (size_t i = 0; !e && i < n_issuers; i++)
        e = wallet_trust_add_issuer(ctx, trust, issuers[i]);
    if (e) {
        cli_fail(ctx, e, "trust");
        rc = CLI_USAGE; /* an unusable trust directory is the caller's input error */
        goto done;
    }
    if ((e = wallet_policy_new(ctx, &policy)) || (aud && (e = wallet_policy_set_audience(ctx, policy, aud))) ||
        (nonce && (e = wallet_policy_set_nonce(ctx, policy, nonce))) ||
        (require_hb && (e = wallet_policy_require_holder_binding(ctx, policy, 1))) ||
        (kb_max_age && (e = wallet_policy_set_kb_max_age(ctx, policy, kb_max_age))) ||
        (n_types && (e = wallet_policy_set_sdjwt_types(ctx, policy, types, n_types))) ||
        (n_td && (e = wallet_policy_set_transaction_data(ctx, policy, td, n_td,
                                                         n_td_algs ? td_algs : NULL,
                                                         n_td_algs))) ||
        (doctype && (e = wallet_policy_set_doctype(ctx, policy, doctype)))) {
        rc = cli_fail(ctx, e, "policy");
        goto done;
    }
    if (st_hex) {
        uint8_t *st = NULL;
        size_t st_len = 0;
        e = wallet_hex_decode(ctx, &st, &st_len, st_hex, strlen(st_hex));
        if (!e)
            e = wallet_policy_set_session_transcript(ctx, policy, st, st_len);
        wallet_free(st);
        if (e) {
            cli_fail(ctx, e, "--session-transcript");
            rc = CLI_USAGE;
            goto done;
        }
    }
    if (reader_path) {
        wallet_key *rk = NULL;
        if ((rc = cli_load_key(ctx, reader_path, &rk)))
            goto done;
        e = wallet_policy_set_reader_key(ctx, policy, rk);
        wallet_key_free(rk);
        if (e) {
            cli_fail(ctx, e, "--reader-key");
            rc = CLI_USAGE;
            goto done;
        }
    }
    if (snap_path) {
        wallet_key *vk = NULL;
        if ((rc = cli_load_key(ctx, snap_key, &vk)))
            goto done;
        size_t snap_len;
        uint8_t *snap_data = cli_read_input(snap_path, &snap_len);
        /* the verifier's own signed bundle: as large as its lists need */
        int64_t old = wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, (int64_t)snap_len);
        e = wallet_status_snapshot_load(ctx, &snap, snap_data, snap_len, vk);
        wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, old);
        free(snap_data);
        wallet_key_free(vk);
        if (!e)
            e = wallet_policy_set_status_snapshot(ctx, policy, snap, (int64_t)max_age);
        if (e) {
            rc = cli_fail(ctx, e, "status snapshot");
            goto done;
        }
    }
    if ((status_s && ((e = wallet_status_cache_new(ctx, &cache, 0)) ||
                      (e = wallet_policy_set_status_cache(ctx, policy, cache)))) ||
        (require && (e = wallet_policy_require_status(ctx, policy, 1)))) {
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
    wallet_status_snapshot_free(snap);
    wallet_status_cache_free(cache);
    wallet_trust_free(trust);
    return rc;
}
