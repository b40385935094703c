/* wallet issue hc1 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet issue hc1 --key K (--kid KID | --cert PEM) --claims F [--iss CC]\n"
    "                        [--iat UNIX] [--exp UNIX | --days N] [--now UNIX]\n"
    "                        [--qr PNG] [--scale N]\n"
    "  Issue an EU DCC-format health certificate and print the \"HC1:\" string.\n"
    "  --claims F  the health payload (JSON): EU DCC fields with one of \"v\"\n"
    "              (vaccination), \"t\" (test), \"r\" (recovery), or \"pc\" (health-book\n"
    "              check-up); see docs/health-book.md\n"
    "  --key K     the signer's private key (P-256: ES256)\n"
    "  --kid KID   the signer certificate's kid: base64 (or base64url) of 8 bytes\n"
    "  --cert PEM  the signer certificate instead: the kid is computed from it, the\n"
    "              key must be its key, its DCC key usage must allow the payload's\n"
    "              kind, and the validity must fit in its own\n"
    "  --iss CC    issuing country (default: C= of --cert's subject; else none)\n"
    "  --iat       issued at (default: now); --exp expiry, or --days N after iat\n"
    "              (default 365 days, at most the end of --cert's validity)\n"
    "  --now       pins \"now\" (seconds since the epoch)\n"
    "  --qr PNG    also write the QR code (error correction Q, --scale pixels per\n"
    "              module, default 4)\n";

/* A non-negative decimal (int64) option. */
static int parse_time(const char *opt, const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0) {
        fprintf(stderr, "wallet: %s must be a non-negative integer\n", opt);
        return CLI_USAGE;
    }
    *out = (int64_t)v;
    return 0;
}

/* --kid: standard base64 (DCC trust lists write kids that way) or
 * base64url, of exactly 8 bytes. */
static int parse_kid(wallet_ctx *ctx, const char *s, uint8_t kid[WALLET_HC1_KID_LEN])
{
    size_t n = strlen(s);
    char buf[64];
    while (n && s[n - 1] == '=')
        n--;
    if (n >= sizeof(buf)) {
        fprintf(stderr, "wallet: --kid is too long\n");
        return CLI_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = s[i] == '+' ? '-' : s[i] == '/' ? '_' : s[i];
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    wallet_err e = wallet_b64url_decode(ctx, &raw, &raw_len, buf, n);
    int ok = !e && raw_len == WALLET_HC1_KID_LEN;
    if (ok)
        memcpy(kid, raw, WALLET_HC1_KID_LEN);
    wallet_free(raw);
    if (!ok) {
        fprintf(stderr, "wallet: --kid must be base64 of %d bytes\n", WALLET_HC1_KID_LEN);
        return CLI_USAGE;
    }
    return 0;
}

/* The C= attribute of an RFC 4514 subject ("CN=x,O=y,C=VN"), or NULL. */
static char *subject_country(wallet_ctx *ctx, const wallet_cert *cert)
{
    char *dn = NULL;
    if (wallet_cert_subject(ctx, &dn, cert))
        return NULL;
    char *found = NULL;
    for (const char *p = dn; p && *p;) {
        if (p[0] == 'C' && p[1] == '=') {
            size_t k = strcspn(p + 2, ",+");
            found = malloc(k + 1);
            if (found) {
                memcpy(found, p + 2, k);
                found[k] = '\0';
            }
            break;
        }
        p = strchr(p, ',');
        if (p)
            p++;
    }
    wallet_free(dn);
    return found;
}

int cmd_issue_hc1(wallet_ctx *ctx, int argc, char **argv)
{
    const char *key_path = NULL, *kid_s = NULL, *cert_path = NULL, *claims_path = NULL;
    const char *iss = NULL, *iat_s = NULL, *exp_s = NULL, *days_s = NULL, *now_s = NULL;
    const char *qr_path = NULL, *scale_s = NULL;
    cli_opt opts[] = {
        {"--key", 1, &key_path, NULL, NULL, 0},   {"--kid", 1, &kid_s, NULL, NULL, 0},
        {"--cert", 1, &cert_path, NULL, NULL, 0}, {"--claims", 1, &claims_path, NULL, NULL, 0},
        {"--iss", 1, &iss, NULL, NULL, 0},        {"--iat", 1, &iat_s, NULL, NULL, 0},
        {"--exp", 1, &exp_s, NULL, NULL, 0},      {"--days", 1, &days_s, NULL, NULL, 0},
        {"--now", 1, &now_s, NULL, NULL, 0},      {"--qr", 1, &qr_path, NULL, NULL, 0},
        {"--scale", 1, &scale_s, NULL, NULL, 0},
    };
    const char *pos[1];
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 0, &npos, usage);
    if (rc)
        return rc;
    if (!key_path || !claims_path || (!kid_s) == (!cert_path) || (exp_s && days_s)) {
        fprintf(stderr, "wallet: issue hc1 needs --key, --claims and one of --kid / --cert; "
                        "--exp and --days exclude each other\n%s",
                usage);
        return CLI_USAGE;
    }
    int64_t now = 0, iat = 0, exp = 0, days = 365, scale = 4;
    if ((now_s && (rc = parse_time("--now", now_s, &now))) ||
        (iat_s && (rc = parse_time("--iat", iat_s, &iat))) ||
        (exp_s && (rc = parse_time("--exp", exp_s, &exp))) ||
        (days_s && (rc = parse_time("--days", days_s, &days))) ||
        (scale_s && (rc = parse_time("--scale", scale_s, &scale))))
        return rc;
    if (days < 1 || days > 36500 || scale < 1 || scale > 64) {
        fprintf(stderr, "wallet: --days must be 1..36500 and --scale 1..64\n");
        return CLI_USAGE;
    }
    if (now_s)
        wallet_ctx_set_time(ctx, now);
    if (!iat_s)
        iat = wallet_ctx_now(ctx);
    uint8_t kid[WALLET_HC1_KID_LEN];
    if (kid_s && (rc = parse_kid(ctx, kid_s, kid)))
        return rc;

    wallet_key *key = NULL;
    wallet_cert **certs = NULL;
    size_t n_certs = 0;
    char *country = NULL, *hc1 = NULL;
    uint8_t *payload = NULL, *png = NULL;
    size_t payload_len = 0, png_len = 0;
    wallet_err e = WALLET_OK;
    if ((rc = cli_load_key(ctx, key_path, &key)) ||
        (cert_path && (rc = cli_load_certs(ctx, cert_path, &certs, &n_certs))))
        goto done;
    if (!exp_s) {
        exp = iat + days * 86400;
        /* hcert spec §3.3.4: an HC1 may not outlive its signer certificate. */
        int64_t nb, na;
        if (certs && !wallet_cert_validity(ctx, &nb, &na, certs[0]) && exp > na) {
            fprintf(stderr, "wallet: expiry set to the end of the certificate's validity (%lld)\n",
                    (long long)na);
            exp = na;
        }
    }
    if (!iss && certs)
        iss = country = subject_country(ctx, certs[0]);
    payload = cli_read_input(claims_path, &payload_len);
    e = wallet_hc1_issue(ctx, &hc1, key, certs ? certs[0] : NULL, certs ? NULL : kid,
                         certs ? 0 : sizeof(kid), iss, iat, exp, (const char *)payload,
                         payload_len);
    if (e) {
        rc = cli_fail(ctx, e, "issue hc1");
        goto done;
    }
    if (qr_path) {
        e = wallet_qr_encode_png(ctx, &png, &png_len, (const uint8_t *)hc1, strlen(hc1),
                                 WALLET_QR_ECC_Q, (int)scale);
        if (e) {
            rc = cli_fail(ctx, e, "issue hc1: QR code");
            goto done;
        }
        if ((rc = cli_write_output(qr_path, png, png_len, 0)))
            goto done;
    }
    printf("%s\n", hc1);
    rc = CLI_OK;
done:
    wallet_free(png);
    wallet_free(hc1);
    free(payload);
    free(country);
    wallet_cert_array_free(certs, n_certs);
    wallet_key_free(key);
    return rc;
}
