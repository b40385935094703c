/*
 * Fuzz target: DeviceEngagement parsing (CBOR or "mdoc:" URI), its
 * accessors, and a reader session started from it with the fixed Annex D
 * reader key (SessionTranscript and session keys).
 *
 * Properties: a parsed engagement keeps its bytes and a device key; every
 * method index below the count answers; a session built from it has a
 * transcript; on failure outputs are NULL.
 */
#include "fuzz_mdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_mdoc_ctx();
    wallet_mdoc_engagement *e = (wallet_mdoc_engagement *)1;
    if (wallet_mdoc_engagement_parse(ctx, &e, data, size) != WALLET_OK) {
        FZ_CHECK(e == NULL);
        wallet_ctx_free(ctx);
        return 0;
    }
    size_t len;
    FZ_CHECK(wallet_mdoc_engagement_bytes(e, &len) != NULL && len > 0);
    FZ_CHECK(wallet_mdoc_engagement_device_key(e) != NULL);
    FZ_CHECK(wallet_mdoc_engagement_version(e) != NULL);
    for (size_t i = 0; i < wallet_mdoc_engagement_method_count(e); i++) {
        uint64_t type, ver;
        const uint8_t *opt;
        size_t ol;
        FZ_CHECK(wallet_mdoc_engagement_method(e, i, &type, &ver, &opt, &ol) && opt && ol);
    }
    wallet_mdoc_session *s = (wallet_mdoc_session *)1;
    if (wallet_mdoc_session_reader_new(ctx, &s, e, fz_annexd_reader(), NULL, 0) == WALLET_OK) {
        size_t tl;
        FZ_CHECK(wallet_mdoc_session_transcript(s, &tl) != NULL && tl > 0);
        uint8_t *msg = NULL;
        size_t ml;
        FZ_CHECK(wallet_mdoc_session_establish(ctx, &msg, &ml, s, (const uint8_t *)"req", 3) == WALLET_OK);
        wallet_free(msg);
    } else {
        FZ_CHECK(s == NULL);
    }
    wallet_mdoc_session_free(s);
    wallet_mdoc_engagement_free(e);
    wallet_ctx_free(ctx);
    return 0;
}
