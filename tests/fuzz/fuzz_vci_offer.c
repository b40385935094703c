/*
 * Fuzz target: OpenID4VCI credential offers (wallet_vci_offer_parse): offer
 * URIs by value and by reference, and offer JSON objects.
 *
 * Properties: on success the offer has an issuer xor an offer URI, at least
 * one configuration id, each non-empty, and a tx_code mode only with a
 * pre-authorized grant; on failure the output is NULL and the context holds
 * the returned code.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = NULL;
    FZ_CHECK(wallet_ctx_new(&ctx) == WALLET_OK);
    wallet_ctx_set_time(ctx, FZ_NOW);
    wallet_ctx_set_offline(ctx, 1); /* never fetch a by-reference offer */
    wallet_vci_offer *o = NULL;
    wallet_err e = wallet_vci_offer_parse(ctx, &o, (const char *)data, size);
    if (e == WALLET_OK) {
        FZ_CHECK(o != NULL);
        const char *iss = wallet_vci_offer_issuer(o), *uri = wallet_vci_offer_uri(o);
        FZ_CHECK((iss != NULL) != (uri != NULL));
        if (iss) {
            size_t n = wallet_vci_offer_config_count(o);
            FZ_CHECK(n >= 1 && n <= 64);
            for (size_t i = 0; i < n; i++)
                FZ_CHECK(wallet_vci_offer_config_id(o, i)[0] != '\0');
            FZ_CHECK(wallet_vci_offer_config_id(o, n) == NULL);
            int64_t len = -1;
            wallet_vci_tx_mode m = wallet_vci_offer_tx_code(o, &len, NULL);
            FZ_CHECK(m == WALLET_VCI_TX_NONE || wallet_vci_offer_pre_authorized(o));
            FZ_CHECK(len >= 0 && len <= 64);
        }
        /* resolving an offline by-reference offer must fail cleanly */
        wallet_vci_offer *r = NULL;
        e = wallet_vci_offer_resolve(ctx, &r, (const char *)data, size);
        FZ_CHECK(uri ? (e == WALLET_ERR_OFFLINE && r == NULL) : (e == WALLET_OK && r != NULL));
        wallet_vci_offer_free(r);
        wallet_vci_offer_free(o);
    } else {
        FZ_CHECK(o == NULL && wallet_ctx_errcode(ctx) == e);
    }
    wallet_ctx_free(ctx);
    return 0;
}
