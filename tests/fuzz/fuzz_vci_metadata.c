/*
 * Fuzz target: OpenID4VCI Credential Issuer Metadata
 * (wallet_vci_issuer_parse) and OAuth Authorization Server Metadata
 * (the internal parser used by wallet_vci_issuer_fetch).
 *
 * Properties: accepted issuer metadata has a credential endpoint, a batch
 * size >= 1, and every configuration it lists has a format and a JSON
 * form; accepted AS metadata yields a token endpoint.
 */
#include "fuzz_common.h"

#include "oid4vci/vci_int.h"

#define FZ_ISS "https://issuer.example.vn"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = NULL;
    FZ_CHECK(wallet_ctx_new(&ctx) == WALLET_OK);
    wallet_ctx_set_time(ctx, FZ_NOW);
    wallet_vci_issuer *md = NULL;
    wallet_err e = wallet_vci_issuer_parse(ctx, &md, FZ_ISS, (const char *)data, size);
    if (e == WALLET_OK) {
        FZ_CHECK(md != NULL && wallet_vci_issuer_credential_endpoint(md) != NULL);
        FZ_CHECK(wallet_vci_issuer_batch_size(md) >= 1);
        FZ_CHECK(wallet_vci_issuer_token_endpoint(md) == NULL);
        const cJSON *c;
        cJSON_ArrayForEach(c, md->configs)
        {
            FZ_CHECK(wallet_vci_issuer_config_format(md, c->string) != NULL);
            char *json = NULL;
            FZ_CHECK_OK(ctx, wallet_vci_issuer_config(ctx, &json, md, c->string));
            wallet_free(json);
            wallet_alg alg = WALLET_ALG_NONE;
            e = wallet_vci_issuer_proof_alg(ctx, &alg, md, c->string);
            FZ_CHECK(e == WALLET_ERR_VCI_NO_PROOF_ALG || (e == WALLET_OK && alg != WALLET_ALG_NONE));
        }
        wallet_vci_issuer_free(md);
    } else {
        FZ_CHECK(md == NULL && wallet_ctx_errcode(ctx) == e);
    }
    char *token_endpoint = NULL;
    e = wl_vci_as_metadata_parse(ctx, &token_endpoint, FZ_ISS, (const char *)data, size);
    FZ_CHECK((e == WALLET_OK) == (token_endpoint != NULL));
    free(token_endpoint);
    wallet_ctx_free(ctx);
    return 0;
}
