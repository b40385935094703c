/*
 * wallet issue mdoc | present mdoc | mdoc transcript — ISO/IEC 18013-5
 * mobile documents (docs/mdoc.md, docs/cli.md).
 *
 * cmd_issue_mdoc() and cmd_present_mdoc() take the whole argv of
 * `wallet issue mdoc ...` / `wallet present mdoc ...`: options start at
 * argv[3], so a dispatcher for `issue` / `present` can hand over unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Bytes given on the command line or in a file: hex, base64url or raw
 * CBOR. Returns a malloc'ed buffer or NULL (message printed). */
static uint8_t *cli_mdoc_bytes(wallet_ctx *ctx, const uint8_t *in, size_t len, size_t *out_len,
                               const char *what)
{
    while (len && strchr(" \t\r\n", in[len - 1]))
        len--;
    while (len && strchr(" \t\r\n", in[0])) {
        in++;
        len--;
    }
    int text = len > 0, hex = len > 0 && len % 2 == 0;
    for (size_t i = 0; i < len; i++) {
        char c = (char)in[i];
        int is_hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        int is_b64 = is_hex || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') || c == '-' ||
                     c == '_';
        hex = hex && is_hex;
        text = text && is_b64;
    }
    uint8_t *out = NULL;
    wallet_err e = WALLET_OK;
    if (hex)
        e = wallet_hex_decode(ctx, &out, out_len, (const char *)in, len);
    else if (text)
        e = wallet_b64url_decode(ctx, &out, out_len, (const char *)in, len);
    else if ((out = malloc(len ? len : 1)) != NULL) {
        memcpy(out, in, len);
        *out_len = len;
    }
    if (e || !out) {
        fprintf(stderr, "wallet: %s is neither hex, base64url nor CBOR\n", what);
        return NULL;
    }
    if (hex || text) {
        /* the library's buffers are released with wallet_free(): copy */
        uint8_t *copy = malloc(*out_len ? *out_len : 1);
        if (copy)
            memcpy(copy, out, *out_len);
        wallet_free(out);
        out = copy;
    }
    return out;
}

static int cli_mdoc_print_b64(wallet_ctx *ctx, const uint8_t *data, size_t len)
{
    char *text = NULL;
    size_t tlen;
    wallet_err e = wallet_b64url_encode(ctx, &text, &tlen, data, len);
    if (e)
        return cli_fail(ctx, e, "encode");
    printf("%s\n", text);
    wallet_free(text);
    return CLI_OK;
}

static int cli_parse_time(const char *s, int64_t *out, const char *what)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0) {
        fprintf(stderr, "wallet: %s must be seconds since the epoch\n", what);
        return CLI_USAGE;
    }
    *out = (int64_t)v;
    return 0;
}

/* ---- wallet issue mdoc ---------------------------------------------------------- */

static const char issue_usage[] =
    "usage: wallet issue mdoc --key K --cert PEM --doctype D --claims F --holder PUBJWK\n"
    "                         [--alg ALG] [--digest SHA-256|SHA-384|SHA-512]\n"
    "                         [--valid-from UNIX] [--valid-until UNIX] [--expected-update UNIX]\n"
    "                         [--status-uri URI --status-idx N] [--now UNIX]\n"
    "  Issue an ISO/IEC 18013-5 IssuerSigned (printed as base64url of its CBOR).\n"
    "  --key     the document signer's private key (JWK or PEM)\n"
    "  --cert    its certificate (PEM; more certificates after it go into x5chain)\n"
    "  --claims  JSON {\"namespace\": {\"element\": value}}: {\"$date\": \"YYYY-MM-DD\"} is a\n"
    "            full-date, {\"$tdate\": \"RFC 3339\"} a tdate, {\"$bytes\": \"base64url\"} bytes\n"
    "  --holder  the holder's device public key (JWK or PEM), bound into the MSO\n"
    "  Validity defaults to one year from now; --status-* reference a Token Status List.\n";

int cmd_issue_mdoc(wallet_ctx *ctx, int argc, char **argv)
{
    const char *key_path = NULL, *cert_path = NULL, *doctype = NULL, *claims_path = NULL;
    const char *holder_path = NULL, *alg_name = NULL, *digest = NULL, *from_s = NULL;
    const char *until_s = NULL, *upd_s = NULL, *status_uri = NULL, *status_idx = NULL;
    const char *now_s = NULL;
    cli_opt opts[] = {
        {"--key", 1, &key_path, NULL, NULL, 0},
        {"--cert", 1, &cert_path, NULL, NULL, 0},
        {"--doctype", 1, &doctype, NULL, NULL, 0},
        {"--claims", 1, &claims_path, NULL, NULL, 0},
        {"--holder", 1, &holder_path, NULL, NULL, 0},
        {"--alg", 1, &alg_name, NULL, NULL, 0},
        {"--digest", 1, &digest, NULL, NULL, 0},
        {"--valid-from", 1, &from_s, NULL, NULL, 0},
        {"--valid-until", 1, &until_s, NULL, NULL, 0},
        {"--expected-update", 1, &upd_s, NULL, NULL, 0},
        {"--status-uri", 1, &status_uri, NULL, NULL, 0},
        {"--status-idx", 1, &status_idx, NULL, NULL, 0},
        {"--now", 1, &now_s, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos,
                       issue_usage);
    if (rc)
        return rc;
    if (!key_path || !cert_path || !doctype || !claims_path || !holder_path ||
        (!status_uri) != (!status_idx)) {
        fprintf(stderr, "wallet: issue mdoc needs --key, --cert, --doctype, --claims and "
                        "--holder (--status-uri and --status-idx go together)\n%s",
                issue_usage);
        return CLI_USAGE;
    }
    wallet_alg alg = WALLET_ALG_NONE;
    if (alg_name && (alg = wallet_alg_from_name(alg_name)) == WALLET_ALG_NONE) {
        fprintf(stderr, "wallet: unknown algorithm %s\n", alg_name);
        return CLI_USAGE;
    }
    wallet_mdoc_digest dg = WALLET_MDOC_SHA256;
    if (digest) {
        if (!strcmp(digest, "SHA-256"))
            dg = WALLET_MDOC_SHA256;
        else if (!strcmp(digest, "SHA-384"))
            dg = WALLET_MDOC_SHA384;
        else if (!strcmp(digest, "SHA-512"))
            dg = WALLET_MDOC_SHA512;
        else {
            fprintf(stderr, "wallet: --digest must be SHA-256, SHA-384 or SHA-512\n");
            return CLI_USAGE;
        }
    }
    int64_t now = 0, from = 0, until = 0, upd = 0, idx = 0;
    if ((now_s && (rc = cli_parse_time(now_s, &now, "--now"))) ||
        (from_s && (rc = cli_parse_time(from_s, &from, "--valid-from"))) ||
        (until_s && (rc = cli_parse_time(until_s, &until, "--valid-until"))) ||
        (upd_s && (rc = cli_parse_time(upd_s, &upd, "--expected-update"))) ||
        (status_idx && (rc = cli_parse_time(status_idx, &idx, "--status-idx"))))
        return rc;
    if (now_s)
        wallet_ctx_set_time(ctx, now);

    wallet_key *key = NULL, *holder = NULL;
    wallet_cert **certs = NULL;
    size_t n_certs = 0;
    wallet_mdoc_issuer *b = NULL;
    uint8_t *out = NULL;
    size_t out_len = 0, claims_len;
    uint8_t *claims = NULL;
    wallet_err e;
    if ((rc = cli_load_key(ctx, key_path, &key)) || (rc = cli_load_key(ctx, holder_path, &holder)) ||
        (rc = cli_load_certs(ctx, cert_path, &certs, &n_certs)))
        goto done;
    claims = cli_read_input(claims_path, &claims_len);
    if ((e = wallet_mdoc_issuer_new(ctx, &b, doctype)) ||
        (e = wallet_mdoc_issuer_set_digest(ctx, b, dg)) ||
        (e = wallet_mdoc_issuer_add_claims_json(ctx, b, (const char *)claims, claims_len)) ||
        ((from_s || until_s || upd_s) &&
         (e = wallet_mdoc_issuer_set_validity(
              ctx, b, 0, from, until ? until : (from ? from : wallet_ctx_now(ctx)) + 365 * 86400,
              upd))) ||
        (status_uri && (e = wallet_mdoc_issuer_set_status(ctx, b, status_uri, (uint64_t)idx))) ||
        (e = wallet_mdoc_issuer_sign(ctx, &out, &out_len, b, holder, key, alg,
                                     (const wallet_cert *const *)certs, n_certs))) {
        rc = cli_fail(ctx, e, "issue mdoc");
        goto done;
    }
    rc = cli_mdoc_print_b64(ctx, out, out_len);
done:
    wallet_free(out);
    free(claims);
    wallet_mdoc_issuer_free(b);
    wallet_cert_array_free(certs, n_certs);
    wallet_key_free(key);
    wallet_key_free(holder);
    return rc;
}

/* ---- wallet present mdoc ---------------------------------------------------------- */

static const char present_usage[] =
    "usage: wallet present mdoc --holder-key K --elements NS/ELEM,... --session-transcript HEX\n"
    "                           [--reader-key PUBKEY] [--request FILE] [--alg ALG] [FILE|-]\n"
    "  Answer with a DeviceResponse (base64url of its CBOR) from the IssuerSigned in FILE\n"
    "  (base64url, hex or CBOR), disclosing the elements listed (namespace/element,\n"
    "  comma-separated; \"all\" discloses everything) or those of the DeviceRequest in\n"
    "  --request (hex, base64url or CBOR). Elements the credential lacks are reported\n"
    "  in the Document's \"errors\".\n"
    "  --session-transcript  the SessionTranscript CBOR in hex (a tag-24 SessionTranscriptBytes\n"
    "                        is accepted too); `wallet mdoc transcript` computes one\n"
    "  Device authentication is a DeviceSignature with the holder key, or with\n"
    "  --reader-key (the reader's ephemeral public key) a DeviceMac (ECDH + HKDF + HMAC).\n";

/* Split "ns/elem,ns/elem" into items (pointers into `list`, which is modified). */
static int cli_mdoc_items(char *list, wallet_mdoc_item **items, size_t *n)
{
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ',';
    *items = calloc(cap, sizeof(**items));
    *n = 0;
    if (!*items)
        return CLI_USAGE;
    char *save = list;
    while (save) {
        char *tok = save;
        char *comma = strchr(tok, ',');
        save = comma ? comma + 1 : NULL;
        if (comma)
            *comma = '\0';
        if (!*tok)
            continue;
        char *slash = strchr(tok, '/');
        if (!slash || slash == tok || !slash[1]) {
            fprintf(stderr, "wallet: element \"%s\" is not namespace/element\n", tok);
            return CLI_USAGE;
        }
        *slash = '\0';
        (*items)[*n].name_space = tok;
        (*items)[*n].element = slash + 1;
        (*n)++;
    }
    if (!*n) {
        fprintf(stderr, "wallet: --elements lists nothing\n");
        return CLI_USAGE;
    }
    return 0;
}

int cmd_present_mdoc(wallet_ctx *ctx, int argc, char **argv)
{
    const char *key_path = NULL, *elements = NULL, *st_hex = NULL, *reader_path = NULL;
    const char *request_path = NULL, *alg_name = NULL;
    cli_opt opts[] = {
        {"--holder-key", 1, &key_path, NULL, NULL, 0},
        {"--elements", 1, &elements, NULL, NULL, 0},
        {"--session-transcript", 1, &st_hex, NULL, NULL, 0},
        {"--reader-key", 1, &reader_path, NULL, NULL, 0},
        {"--request", 1, &request_path, NULL, NULL, 0},
        {"--alg", 1, &alg_name, NULL, NULL, 0},
    };
    const char *pos[1] = {NULL};
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &npos,
                       present_usage);
    if (rc)
        return rc;
    if (!key_path || !st_hex || (!elements) == (!request_path)) {
        fprintf(stderr, "wallet: present mdoc needs --holder-key, --session-transcript and one "
                        "of --elements / --request\n%s",
                present_usage);
        return CLI_USAGE;
    }
    wallet_alg alg = WALLET_ALG_NONE;
    if (alg_name && (alg = wallet_alg_from_name(alg_name)) == WALLET_ALG_NONE) {
        fprintf(stderr, "wallet: unknown algorithm %s\n", alg_name);
        return CLI_USAGE;
    }
    wallet_key *key = NULL, *reader = NULL;
    wallet_mdoc_item *items = NULL;
    size_t n_items = 0;
    char *list = NULL;
    uint8_t *st = NULL, *cred = NULL, *raw = NULL, *req_bytes = NULL, *out = NULL;
    size_t st_len = 0, cred_len = 0, raw_len = 0, req_len = 0, out_len = 0;
    wallet_mdoc_response *resp = NULL;
    wallet_mdoc_request *req = NULL;
    wallet_err e;
    if ((rc = cli_load_key(ctx, key_path, &key)) ||
        (reader_path && (rc = cli_load_key(ctx, reader_path, &reader))))
        goto done;
    if (!(st = cli_mdoc_bytes(ctx, (const uint8_t *)st_hex, strlen(st_hex), &st_len,
                              "--session-transcript"))) {
        rc = CLI_USAGE;
        goto done;
    }
    if (elements && strcmp(elements, "all") &&
        (!(list = strdup(elements)) || (rc = cli_mdoc_items(list, &items, &n_items)))) {
        rc = CLI_USAGE;
        goto done;
    }
    raw = cli_read_input(npos ? pos[0] : NULL, &raw_len);
    if (!(cred = cli_mdoc_bytes(ctx, raw, raw_len, &cred_len, "the credential"))) {
        rc = CLI_USAGE;
        goto done;
    }
    if ((e = wallet_mdoc_response_new(ctx, &resp, st, st_len))) {
        rc = cli_fail(ctx, e, "--session-transcript");
        goto done;
    }
    if (request_path) {
        size_t rl;
        uint8_t *r = cli_read_input(request_path, &rl);
        req_bytes = cli_mdoc_bytes(ctx, r, rl, &req_len, "the DeviceRequest");
        free(r);
        if (!req_bytes) {
            rc = CLI_USAGE;
            goto done;
        }
        if ((e = wallet_mdoc_request_parse(ctx, &req, req_bytes, req_len))) {
            rc = cli_fail(ctx, e, "DeviceRequest");
            goto done;
        }
        wallet_mdoc_credential *c = NULL;
        if ((e = wallet_mdoc_credential_parse(ctx, &c, cred, cred_len))) {
            rc = cli_fail(ctx, e, "credential");
            goto done;
        }
        /* Answer the DocRequests for this credential's docType; report the
         * others in documentErrors. */
        for (size_t i = 0; i < wallet_mdoc_request_count(req) && !e; i++) {
            if (!strcmp(wallet_mdoc_request_doctype(req, i), wallet_mdoc_credential_doctype(c)))
                e = wallet_mdoc_response_add_for_request(ctx, resp, req, i, cred, cred_len, key,
                                                         alg, reader);
            else
                e = wallet_mdoc_response_add_document_error(
                    ctx, resp, wallet_mdoc_request_doctype(req, i), 0);
        }
        wallet_mdoc_credential_free(c);
    } else {
        e = wallet_mdoc_response_add(ctx, resp, cred, cred_len, items, n_items, key, alg, reader);
    }
    if (e || (e = wallet_mdoc_response_encode(ctx, &out, &out_len, resp))) {
        rc = cli_fail(ctx, e, "present mdoc");
        goto done;
    }
    rc = cli_mdoc_print_b64(ctx, out, out_len);
done:
    wallet_free(out);
    wallet_mdoc_response_free(resp);
    wallet_mdoc_request_free(req);
    free(req_bytes);
    free(raw);
    free(cred);
    free(st);
    free(items);
    free(list);
    wallet_key_free(key);
    wallet_key_free(reader);
    return rc;
}

/* ---- wallet mdoc transcript --------------------------------------------------------- */

static const char mdoc_usage[] =
    "usage: wallet mdoc transcript HANDOVER [options]   (prints the SessionTranscript in hex)\n"
    "  --oid4vp --client-id C --nonce N --response-uri U [--jwk-thumbprint HEX]\n"
    "                          OpenID4VP 1.0 (OpenID4VPHandover)\n"
    "  --dc-api --origin O --nonce N [--jwk-thumbprint HEX]\n"
    "                          OpenID4VP 1.0 over the Digital Credentials API\n"
    "  --dc-api-draft24 --origin O --client-id C --nonce N\n"
    "                          pre-1.0 DC API form (Google Wallet and others)\n"
    "  --annex-c --encryption-info B64URL --origin O\n"
    "                          ISO/IEC TS 18013-7 Annex C (\"dcapi\")\n"
    "  --oid4vp-draft18 --client-id C --response-uri U --mdoc-nonce M --nonce N\n"
    "                          legacy OpenID4VP draft 18 / 18013-7:2024 Annex B\n"
    "  --qr --engagement HEX|mdoc:URI --reader-key COSEKEYHEX\n"
    "  --nfc --engagement HEX --reader-key COSEKEYHEX --handover-select HEX [--handover-request HEX]\n"
    "                          ISO/IEC 18013-5 proximity (QR or NFC engagement)\n"
    "  --jwk-thumbprint-of JWK  compute the RFC 7638 thumbprint of the verifier's encryption JWK\n";

int cmd_mdoc(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "transcript")) {
        int help = argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
        fputs(mdoc_usage, help ? stdout : stderr);
        return help ? -1 : CLI_USAGE;
    }
    const char *oid4vp = NULL, *dcapi = NULL, *dc24 = NULL, *annexc = NULL, *d18 = NULL;
    const char *qr = NULL, *nfc = NULL, *client_id = NULL, *nonce = NULL, *response_uri = NULL;
    const char *jkt_hex = NULL, *jkt_jwk = NULL, *origin = NULL, *enc_info = NULL;
    const char *mdoc_nonce = NULL, *engagement = NULL, *reader_key = NULL, *hs = NULL, *hr = NULL;
    cli_opt opts[] = {
        {"--oid4vp", 0, &oid4vp, NULL, NULL, 0},
        {"--dc-api", 0, &dcapi, NULL, NULL, 0},
        {"--dc-api-draft24", 0, &dc24, NULL, NULL, 0},
        {"--annex-c", 0, &annexc, NULL, NULL, 0},
        {"--oid4vp-draft18", 0, &d18, NULL, NULL, 0},
        {"--qr", 0, &qr, NULL, NULL, 0},
        {"--nfc", 0, &nfc, NULL, NULL, 0},
        {"--client-id", 1, &client_id, NULL, NULL, 0},
        {"--nonce", 1, &nonce, NULL, NULL, 0},
        {"--response-uri", 1, &response_uri, NULL, NULL, 0},
        {"--jwk-thumbprint", 1, &jkt_hex, NULL, NULL, 0},
        {"--jwk-thumbprint-of", 1, &jkt_jwk, NULL, NULL, 0},
        {"--origin", 1, &origin, NULL, NULL, 0},
        {"--encryption-info", 1, &enc_info, NULL, NULL, 0},
        {"--mdoc-nonce", 1, &mdoc_nonce, NULL, NULL, 0},
        {"--engagement", 1, &engagement, NULL, NULL, 0},
        {"--reader-key", 1, &reader_key, NULL, NULL, 0},
        {"--handover-select", 1, &hs, NULL, NULL, 0},
        {"--handover-request", 1, &hr, NULL, NULL, 0},
    };
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), NULL, 0, &npos,
                       mdoc_usage);
    if (rc)
        return rc;
    int kinds = !!oid4vp + !!dcapi + !!dc24 + !!annexc + !!d18 + !!qr + !!nfc;
    if (kinds != 1) {
        fprintf(stderr, "wallet: mdoc transcript needs exactly one handover\n%s", mdoc_usage);
        return CLI_USAGE;
    }
    uint8_t jkt[32], *jkt_p = NULL;
    uint8_t *st = NULL, *de = NULL, *erk = NULL, *hsb = NULL, *hrb = NULL, *ho = NULL;
    size_t st_len = 0, de_len = 0, erk_len = 0, hs_len = 0, hr_len = 0, ho_len = 0;
    wallet_err e = WALLET_OK;
    if (jkt_hex) {
        uint8_t *b = NULL;
        size_t bl = 0;
        if (wallet_hex_decode(ctx, &b, &bl, jkt_hex, strlen(jkt_hex)) || bl != 32) {
            wallet_free(b);
            fprintf(stderr, "wallet: --jwk-thumbprint must be 32 bytes in hex\n");
            return CLI_USAGE;
        }
        memcpy(jkt, b, 32);
        wallet_free(b);
        jkt_p = jkt;
    } else if (jkt_jwk) {
        wallet_key *k = NULL;
        if ((rc = cli_load_key(ctx, jkt_jwk, &k)))
            return rc;
        e = wallet_key_thumbprint(ctx, jkt, k);
        wallet_key_free(k);
        if (e)
            return cli_fail(ctx, e, "--jwk-thumbprint-of");
        jkt_p = jkt;
    }
    if (oid4vp)
        e = wallet_mdoc_transcript_oid4vp(ctx, &st, &st_len, client_id, nonce, jkt_p, response_uri);
    else if (dcapi)
        e = wallet_mdoc_transcript_oid4vp_dc_api(ctx, &st, &st_len, origin, nonce, jkt_p);
    else if (dc24)
        e = wallet_mdoc_transcript_oid4vp_dc_api_draft24(ctx, &st, &st_len, origin, client_id,
                                                         nonce);
    else if (annexc)
        e = wallet_mdoc_transcript_annex_c(ctx, &st, &st_len, enc_info, origin);
    else if (d18)
        e = wallet_mdoc_transcript_oid4vp_draft18(ctx, &st, &st_len, client_id, response_uri,
                                                  mdoc_nonce, nonce);
    else {
        if (!engagement || !reader_key || (nfc && !hs)) {
            fprintf(stderr, "wallet: --qr/--nfc need --engagement and --reader-key "
                            "(and --handover-select for NFC)\n");
            return CLI_USAGE;
        }
        wallet_mdoc_engagement *eng = NULL;
        if ((e = wallet_mdoc_engagement_parse(ctx, &eng, (const uint8_t *)engagement,
                                              strlen(engagement))) == WALLET_OK ||
            strncmp(engagement, "mdoc:", 5) == 0) {
            if (!e) {
                const uint8_t *b = wallet_mdoc_engagement_bytes(eng, &de_len);
                de = malloc(de_len);
                if (de)
                    memcpy(de, b, de_len);
            }
        } else {
            e = WALLET_OK;
            de = cli_mdoc_bytes(ctx, (const uint8_t *)engagement, strlen(engagement), &de_len,
                                "--engagement");
        }
        wallet_mdoc_engagement_free(eng);
        erk = cli_mdoc_bytes(ctx, (const uint8_t *)reader_key, strlen(reader_key), &erk_len,
                             "--reader-key");
        if (nfc) {
            hsb = cli_mdoc_bytes(ctx, (const uint8_t *)hs, strlen(hs), &hs_len,
                                 "--handover-select");
            if (hr)
                hrb = cli_mdoc_bytes(ctx, (const uint8_t *)hr, strlen(hr), &hr_len,
                                     "--handover-request");
        }
        if (!e && (!de || !erk || (nfc && (!hsb || (hr && !hrb))))) {
            rc = CLI_USAGE;
            goto done;
        }
        if (!e && nfc)
            e = wallet_mdoc_handover_nfc(ctx, &ho, &ho_len, hsb, hs_len, hrb, hr_len);
        if (!e)
            e = wallet_mdoc_transcript_proximity(ctx, &st, &st_len, de, de_len, erk, erk_len, ho,
                                                 ho_len);
    }
    if (e) {
        rc = cli_fail(ctx, e, "mdoc transcript");
        goto done;
    }
    char *hex = NULL;
    size_t hex_len;
    if ((e = wallet_hex_encode(ctx, &hex, &hex_len, st, st_len))) {
        rc = cli_fail(ctx, e, "mdoc transcript");
        goto done;
    }
    printf("%s\n", hex);
    wallet_free(hex);
    rc = CLI_OK;
done:
    wallet_free(st);
    wallet_free(ho);
    free(de);
    free(erk);
    free(hsb);
    free(hrb);
    return rc;
}
