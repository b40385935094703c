/*
 * Crash-test writer: opens the store and writes to it in a loop until it is
 * killed. After each call returns it reports on stdout (flushed at once):
 *
 *   A <id> <credential>   wallet_store_add returned this id
 *   D? <id>               about to delete <id>
 *   D <id>                wallet_store_delete returned
 *   L <entry>             wallet_store_log_presentation returned
 *   P? <pin>              about to change the PIN to <pin>
 *   P <pin>               wallet_store_change_secret returned: <pin> is the PIN
 *   READY                 the store is open
 *
 *   crash_writer STORE PIN RUN
 *
 * The harness (crash_test.c) kills it with SIGKILL at a random moment and
 * checks that everything reported is in the store. Public API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wallet/wallet.h>

/* RFC 7515 Appendix A.3's P-256 key: the issuer of every credential. */
static const char issuer_jwk[] =
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"crash-issuer\","
    "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
    "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
    "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";

#define KDF WALLET_STORE_SCRYPT_LOG2N(10)

static void die(wallet_ctx *ctx, wallet_err e, const char *what)
{
    fprintf(stderr, "crash_writer: %s: %s: %s\n", what, wallet_err_str(e), wallet_ctx_errmsg(ctx));
    exit(3);
}

static char *credential(wallet_ctx *ctx, const wallet_key *issuer, int run, int i, int copy)
{
    char claims[512];
    snprintf(claims, sizeof(claims),
             "{\"iss\":\"https://crash.example\",\"run\":%d,\"i\":%d,\"copy\":%d,"
             "\"given_name\":\"Person %d-%d\",\"address\":{\"locality\":\"Hanoi\",\"n\":%d},"
             "\"tags\":[\"a\",\"b\",%d]}",
             run, i, copy, run, i, i, copy);
    char *tok = NULL;
    wallet_err e = wallet_jws_sign_compact(ctx, &tok, issuer, WALLET_ALG_NONE,
                                           "{\"typ\":\"crash+jwt\"}", (const uint8_t *)claims,
                                           strlen(claims));
    if (e)
        die(ctx, e, "sign");
    return tok;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: crash_writer STORE PIN RUN\n");
        return 2;
    }
    const char *path = argv[1];
    char pin[64];
    snprintf(pin, sizeof(pin), "%s", argv[2]);
    int run = (int)strtol(argv[3], NULL, 10);
    wallet_ctx *ctx = NULL;
    wallet_key *issuer = NULL;
    wallet_trust *trust = NULL;
    wallet_store *s = NULL;
    wallet_err e;
    if ((e = wallet_ctx_new(&ctx)) ||
        (e = wallet_key_from_jwk(ctx, &issuer, issuer_jwk, strlen(issuer_jwk))) ||
        (e = wallet_trust_new(ctx, &trust)) || (e = wallet_trust_add_key(ctx, trust, issuer)))
        die(ctx, e, "setup");
    if ((e = wallet_store_open(ctx, &s, path, (const uint8_t *)pin, strlen(pin), 0)))
        die(ctx, e, "open");
    printf("READY\n");
    fflush(stdout);
    char *last_id = NULL;
    /* Start the operation schedule at a different phase each run, so that
     * early kills land in every kind of call (a re-key included). */
    for (int i = run % 13;; i++) {
        if (i % 7 == 6) {
            /* A batch of two copies, one transaction. */
            char *a = credential(ctx, issuer, run, i, 1), *b = credential(ctx, issuer, run, i, 2);
            const uint8_t *in[2] = {(const uint8_t *)a, (const uint8_t *)b};
            size_t lens[2] = {strlen(a), strlen(b)};
            char *ids = NULL;
            if ((e = wallet_store_add_batch(ctx, &ids, s, trust, NULL, in, lens, 2, 0)))
                die(ctx, e, "add_batch");
            /* ids is ["id1","id2"] */
            char id1[32], id2[32];
            if (sscanf(ids, "[\"%31[^\"]\",\"%31[^\"]\"]", id1, id2) != 2)
                die(ctx, WALLET_ERR_INTERNAL, "batch ids");
            printf("A %s %s\nA %s %s\n", id1, a, id2, b);
            fflush(stdout);
            wallet_free(ids);
            wallet_free(a);
            wallet_free(b);
            continue;
        }
        if (i % 11 == 10 && last_id) {
            printf("D? %s\n", last_id);
            fflush(stdout);
            if ((e = wallet_store_delete(ctx, s, last_id)))
                die(ctx, e, "delete");
            printf("D %s\n", last_id);
            fflush(stdout);
            wallet_free(last_id);
            last_id = NULL;
            continue;
        }
        if (i % 13 == 12) {
            char newpin[64];
            snprintf(newpin, sizeof(newpin), "pin-%d-%d", run, i);
            printf("P? %s\n", newpin);
            fflush(stdout);
            if ((e = wallet_store_change_secret(ctx, s, (const uint8_t *)newpin, strlen(newpin),
                                                KDF)))
                die(ctx, e, "change_secret");
            printf("P %s\n", newpin);
            fflush(stdout);
            continue;
        }
        char *tok = credential(ctx, issuer, run, i, 0);
        char *id = NULL;
        if ((e = wallet_store_add(ctx, &id, s, trust, NULL, (const uint8_t *)tok, strlen(tok), 0)))
            die(ctx, e, "add");
        printf("A %s %s\n", id, tok);
        fflush(stdout);
        if (i % 5 == 4) {
            char claims[128], *entry = NULL;
            snprintf(claims, sizeof(claims), "[{\"credential\":\"%s\",\"claims\":[[\"given_name\"]]}]",
                     id);
            if ((e = wallet_store_log_presentation(ctx, &entry, s, "x509_san_dns:crash.example",
                                                   "crash test", claims, NULL, 0)))
                die(ctx, e, "log");
            printf("L %s\n", entry);
            fflush(stdout);
            wallet_free(entry);
        }
        wallet_free(last_id);
        last_id = id;
        wallet_free(tok);
    }
}
