/* wallet cert make */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet cert make --key K --subject DN [--ca-key CK --ca-cert CC]\n"
    "                        [--iaca | --ds] [--days N] [--san-dns NAME]...\n"
    "                        [--issuer-alt-uri URI] [--eku OID]... [--out FILE]\n"
    "  Make an X.509 certificate for key K (its public half is certified) and\n"
    "  print it as PEM. Without --ca-key it is self-signed by K (a root CA);\n"
    "  with --ca-key/--ca-cert it is signed by that CA (an end-entity certificate).\n"
    "  --iaca  ISO/IEC 18013-5 Annex B IACA root profile (subject needs C=)\n"
    "  --ds    ISO/IEC 18013-5 Annex B document-signer profile (needs --ca-*)\n"
    "  --days  validity in days from now (default 365)\n"
    "  --eku   add an extended key usage OID, e.g. an EU DCC document signer's\n"
    "          1.3.6.1.4.1.1847.2021.1.2 (vaccinations only; .1 tests, .3 recoveries)\n"
    "  DN is RFC 4514 text, e.g. \"CN=Health Department,O=City,C=VN\".\n";

int cmd_cert(wallet_ctx *ctx, int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "make") != 0) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            fputs(usage, stdout);
            return -1;
        }
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *key_path = NULL, *subject = NULL, *ca_key_path = NULL, *ca_cert_path = NULL;
    const char *iaca = NULL, *ds = NULL, *days_s = NULL, *alt_uri = NULL, *out = NULL;
    const char *sans[16], *ekus[8];
    size_t n_sans = 0, n_ekus = 0;
    cli_opt opts[] = {
        {"--key", 1, &key_path, NULL, NULL, 0},       {"--subject", 1, &subject, NULL, NULL, 0},
        {"--ca-key", 1, &ca_key_path, NULL, NULL, 0}, {"--ca-cert", 1, &ca_cert_path, NULL, NULL, 0},
        {"--iaca", 0, &iaca, NULL, NULL, 0},          {"--ds", 0, &ds, NULL, NULL, 0},
        {"--days", 1, &days_s, NULL, NULL, 0},        {"--issuer-alt-uri", 1, &alt_uri, NULL, NULL, 0},
        {"--out", 1, &out, NULL, NULL, 0},            {"--san-dns", 1, NULL, sans, &n_sans, 16},
        {"--eku", 1, NULL, ekus, &n_ekus, 8},
    };
    const char *pos[1];
    size_t npos;
    int rc = cli_parse(argc, argv, 3, opts, sizeof(opts) / sizeof(opts[0]), pos, 0, &npos, usage);
    if (rc)
        return rc;
    if (!key_path || !subject || (!ca_key_path) != (!ca_cert_path) || (iaca && ds)) {
        fprintf(stderr, "wallet: cert make needs --key and --subject; --ca-key and --ca-cert "
                        "go together; --iaca and --ds exclude each other\n%s", usage);
        return CLI_USAGE;
    }
    long days = 365;
    if (days_s) {
        char *end;
        days = strtol(days_s, &end, 10);
        if (*end || days < 1 || days > 36500) {
            fprintf(stderr, "wallet: --days must be 1..36500\n");
            return CLI_USAGE;
        }
    }
    wallet_cert_profile profile = iaca ? WALLET_CERT_PROFILE_MDOC_IACA
                                  : ds ? WALLET_CERT_PROFILE_MDOC_DS
                                  : ca_key_path ? WALLET_CERT_PROFILE_LEAF
                                                : WALLET_CERT_PROFILE_CA;
    wallet_key *key = NULL, *ca_key = NULL;
    wallet_cert **ca_certs = NULL, *cert = NULL;
    size_t n_ca = 0;
    wallet_cert_builder *b = NULL;
    char *pem = NULL;
    wallet_err e = WALLET_OK;
    if ((rc = cli_load_key(ctx, key_path, &key)) ||
        (ca_key_path && (rc = cli_load_key(ctx, ca_key_path, &ca_key))) ||
        (ca_cert_path && (rc = cli_load_certs(ctx, ca_cert_path, &ca_certs, &n_ca))))
        goto done;
    int64_t now = wallet_ctx_now(ctx);
    if ((e = wallet_cert_builder_new(ctx, &b, profile)) ||
        (e = wallet_cert_builder_set_subject(ctx, b, subject)) ||
        (e = wallet_cert_builder_set_validity(ctx, b, now, now + (int64_t)days * 86400)) ||
        (alt_uri && (e = wallet_cert_builder_set_issuer_alt_uri(ctx, b, alt_uri))))
        goto fail;
    for (size_t i = 0; i < n_sans; i++)
        if ((e = wallet_cert_builder_add_san_dns(ctx, b, sans[i])))
            goto fail;
    for (size_t i = 0; i < n_ekus; i++)
        if ((e = wallet_cert_builder_add_eku(ctx, b, ekus[i])))
            goto fail;
    e = wallet_cert_builder_sign(ctx, &cert, b, key, ca_key ? ca_key : key,
                                 ca_certs ? ca_certs[0] : NULL);
    if (!e)
        e = wallet_cert_to_pem(ctx, &pem, cert);
    if (!e) {
        rc = cli_write_output(out, pem, strlen(pem), 0);
        goto done;
    }
fail:
    rc = cli_fail(ctx, e, "cert make");
done:
    wallet_free(pem);
    wallet_cert_free(cert);
    wallet_cert_builder_free(b);
    wallet_cert_array_free(ca_certs, n_ca);
    wallet_key_free(key);
    wallet_key_free(ca_key);
    return rc;
}
