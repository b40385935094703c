/*
 * `wallet respond REQUEST_URI [--yes]`: answer an OpenID4VP 1.0
 * authorization request from the store (include/wallet/oid4vp.h). The
 * holder is told who asks, why, which claims from which credential, and
 * any transaction data, and must agree (on the terminal, or --yes).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: wallet [--store PATH] respond REQUEST_URI [options]\n"
    "\n"
    "Fetch an OpenID4VP authorization request (openid4vp://?client_id=...&request_uri=...),\n"
    "verify who sends it, show what it asks, and answer it from the store.\n"
    "\n"
    "options:\n"
    "  --yes            share without asking (scripts and tests)\n"
    "  --trust DIR      X.509 roots (*.pem) trusted for verifier certificates\n"
    "                   (x509_san_dns / x509_hash request signers)\n"
    "  --pin-env VAR    read the store PIN from environment variable VAR\n"
    "  --lang vi|en     language of the verifier's name (default: vi, then untagged)\n"
    "  --dry-run        build the response and print it, but do not send it\n"
    "\n"
    "Prints the consent summary on stderr and, on success, a JSON object on stdout:\n"
    "  {\"sent\": true, \"client_id\": ..., \"presented\": [...], \"reply\": {...}}\n"
    "Exit status: 0 sent, 1 refused (bad request, nothing matches, declined, rejected),\n"
    "2 usage or I/O error.\n";

static const char *prefix_text(wallet_oid4vp_prefix p)
{
    switch (p) {
    case WALLET_OID4VP_PREFIX_X509_SAN_DNS:
        return "certificate (DNS name)";
    case WALLET_OID4VP_PREFIX_X509_HASH:
        return "certificate (hash)";
    default:
        return "NOT VERIFIED (redirect_uri)";
    }
}

static void print_summary(const wallet_oid4vp_request *req, const wallet_oid4vp_match *m,
                          const char *lang)
{
    const char *name = wallet_oid4vp_request_client_name(req, lang ? lang : "vi");
    fprintf(stderr, "Request from: %s\n", name ? name : wallet_oid4vp_request_client_id(req));
    fprintf(stderr, "  client_id:  %s\n", wallet_oid4vp_request_client_id(req));
    fprintf(stderr, "  identified: %s\n", prefix_text(wallet_oid4vp_request_prefix(req)));
    if (wallet_oid4vp_request_subject(req))
        fprintf(stderr, "  certificate: %s\n", wallet_oid4vp_request_subject(req));
    const char *purpose = wallet_oid4vp_request_purpose(req);
    fprintf(stderr, "Purpose: %s\n", purpose ? purpose : "(not stated)");
    fprintf(stderr, "Will share:\n");
    for (size_t n = 0; n < wallet_oid4vp_match_count(m); n++) {
        const char *claims = wallet_oid4vp_match_claims(m, n);
        const char *dn = wallet_oid4vp_match_display_name(m, n);
        fprintf(stderr, "  - %s [%s]: %s\n", dn ? dn : wallet_oid4vp_match_credential(m, n),
                wallet_oid4vp_match_format(m, n),
                claims && *claims ? claims : "(no claims, proof of possession only)");
    }
    size_t ntd = wallet_oid4vp_request_transaction_data_count(req);
    for (size_t i = 0; i < ntd; i++)
        fprintf(stderr, "Transaction data %zu: %s\n", i + 1,
                wallet_oid4vp_request_transaction_data_json(req, i));
}

/* Ask on the terminal; 1 yes, 0 no, -1 no terminal. */
static int ask(void)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    static const char q[] = "Share these claims? [y/N] ";
    int yes = 0;
    if (write(fd, q, sizeof(q) - 1) >= 0) {
        char buf[16] = {0};
        ssize_t r = read(fd, buf, sizeof(buf) - 1);
        yes = r > 0 && (buf[0] == 'y' || buf[0] == 'Y');
    }
    close(fd);
    return yes;
}

int cmd_respond(wallet_ctx *ctx, int argc, char **argv)
{
    const char *yes = NULL, *trust_dir = NULL, *pin_env = NULL, *lang = NULL, *dry = NULL;
    cli_opt opts[] = {
        {"--yes", 0, &yes, NULL, NULL, 0},
        {"--trust", 1, &trust_dir, NULL, NULL, 0},
        {"--pin-env", 1, &pin_env, NULL, NULL, 0},
        {"--lang", 1, &lang, NULL, NULL, 0},
        {"--dry-run", 0, &dry, NULL, NULL, 0},
    };
    const char *pos[1];
    size_t n_pos = 0;
    int rc = cli_parse(argc, argv, 2, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, &n_pos,
                       usage);
    if (rc)
        return rc;
    if (n_pos != 1) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    wallet_trust *trust = NULL;
    wallet_err e = wallet_trust_new(ctx, &trust);
    if (!e && trust_dir)
        e = wallet_trust_load_dir(ctx, trust, trust_dir);
    if (e) {
        rc = cli_fail(ctx, e, "trust");
        wallet_trust_free(trust);
        return rc;
    }
    wallet_oid4vp_request *req = NULL;
    e = wallet_oid4vp_request_fetch(ctx, &req, pos[0], trust, 0);
    wallet_trust_free(trust);
    if (e)
        return cli_fail(ctx, e, "request");
    wallet_store *store = NULL;
    if ((rc = cli_store_open(ctx, &store, pin_env))) {
        wallet_oid4vp_request_free(req);
        return rc;
    }
    wallet_oid4vp_match *m = NULL;
    wallet_oid4vp_response *resp = NULL;
    char *reply = NULL, *presented = NULL;
    e = wallet_oid4vp_match_store(ctx, &m, req, store);
    if (!e)
        e = wallet_oid4vp_match_check(ctx, m);
    if (e) {
        rc = cli_fail(ctx, e, "match");
        goto done;
    }
    print_summary(req, m, lang);
    if (!yes) {
        int a = ask();
        if (a < 0) {
            fprintf(stderr, "wallet: no terminal to ask for consent: use --yes\n");
            rc = CLI_USAGE;
            goto done;
        }
        if (!a) {
            fprintf(stderr, "wallet: declined; nothing was sent\n");
            rc = CLI_INVALID;
            goto done;
        }
    }
    e = wallet_oid4vp_response_new(ctx, &resp, req, store, m);
    if (!e)
        e = wallet_oid4vp_match_json(ctx, &presented, m);
    if (e) {
        rc = cli_fail(ctx, e, "response");
        goto done;
    }
    /* client_id is printed as JSON string content: refuse one with
     * characters that would need escaping rather than print bad JSON. */
    const char *cid = wallet_oid4vp_request_client_id(req);
    for (const char *p = cid; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            cid = "?";
    if (dry) {
        printf("{\"sent\":false,\"client_id\":\"%s\",\"presented\":%s,\"vp_token\":%s,"
               "\"body\":\"%s\"}\n",
               cid, presented,
               wallet_oid4vp_response_vp_token(resp), wallet_oid4vp_response_body(resp));
        rc = CLI_OK;
        goto done;
    }
    e = wallet_oid4vp_response_send(ctx, &reply, resp, store);
    if (e) {
        rc = cli_fail(ctx, e, "send");
        goto done;
    }
    printf("{\"sent\":true,\"client_id\":\"%s\",\"presented\":%s,\"reply\":%s}\n",
           cid, presented, reply);
    fprintf(stderr, "Sent to %s\n", wallet_oid4vp_request_response_uri(req));
    rc = CLI_OK;
done:
    wallet_free(reply);
    wallet_free(presented);
    wallet_oid4vp_response_free(resp);
    wallet_oid4vp_match_free(m);
    wallet_store_free(store);
    wallet_oid4vp_request_free(req);
    return rc;
}
