/*
 * Fuzz target: the OpenID4VCI issuer's answers — Credential Response
 * (wallet_vci_credential_response_parse), token response and nonce
 * response (internal parsers).
 *
 * Properties: an accepted credential response has 1..1024 non-empty
 * credentials and a NULL terminator, and nothing on failure; an accepted
 * token is non-empty b64token text; an accepted nonce is non-empty.
 */
#include "fuzz_common.h"

#include "oid4vci/vci_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = NULL;
    FZ_CHECK(wallet_ctx_new(&ctx) == WALLET_OK);
    char **creds = NULL;
    size_t n = 99;
    wallet_err e = wallet_vci_credential_response_parse(ctx, &creds, &n, (const char *)data, size);
    if (e == WALLET_OK) {
        FZ_CHECK(creds != NULL && n >= 1 && n <= 1024 && creds[n] == NULL);
        for (size_t i = 0; i < n; i++)
            FZ_CHECK(creds[i][0] != '\0');
        wallet_vci_credentials_free(creds);
    } else {
        FZ_CHECK(creds == NULL && n == 0 && wallet_ctx_errcode(ctx) == e);
    }
    char *tok = NULL;
    size_t tok_len = 0;
    e = wl_vci_token_response_parse(ctx, &tok, &tok_len, (const char *)data, size);
    if (e == WALLET_OK) {
        FZ_CHECK(tok != NULL && tok_len > 0 && strlen(tok) == tok_len);
        FZ_CHECK(strcspn(tok, "\r\n \"") == tok_len);
        wl_free_secret(tok, tok_len + 1);
    } else {
        FZ_CHECK(tok == NULL);
    }
    char *nonce = NULL;
    e = wl_vci_nonce_response_parse(ctx, &nonce, (const char *)data, size);
    FZ_CHECK((e == WALLET_OK) == (nonce != NULL && nonce[0] != '\0'));
    free(nonce);
    wallet_ctx_free(ctx);
    return 0;
}
