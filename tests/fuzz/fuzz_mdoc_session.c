/*
 * Fuzz target: session messages. The input is given to a device session
 * (the Annex D NFC engagement and ephemeral device key) as its
 * SessionEstablishment, and to an established reader session (the Annex D
 * reader key) as the device's first SessionData; when the establishment
 * is accepted, the input is also decrypted as the next SessionData.
 *
 * Properties: outputs are NULL on failure; any failure ends the session;
 * a status other than 20 is an error; plaintext comes back only from a
 * message that authenticated.
 */
#include "core/cbor.h"
#include "fuzz_mdoc.h"

/* The Annex D engagement and handover, out of its SessionTranscript. */
static void fz_annexd_engagement(wallet_mdoc_engagement **eng, const uint8_t **ho, size_t *ho_len)
{
    static wallet_mdoc_engagement *e;
    static uint8_t *h;
    static size_t hl;
    if (!e) {
        size_t st_len;
        const uint8_t *st = fz_annexd_st(&st_len);
        wl_cbor_doc *outer = NULL, *inner = NULL;
        if (wl_cbor_decode(NULL, &outer, st, st_len, 0, NULL))
            abort();
        const wl_cbor *b = wl_cbor_tag_content(wl_cbor_root(outer));
        if (wl_cbor_decode(NULL, &inner, b->ptr, (size_t)b->u, 0, NULL))
            abort();
        const wl_cbor *arr = wl_cbor_root(inner);
        const wl_cbor *de = wl_cbor_tag_content(wl_cbor_array_at(arr, 0));
        const wl_cbor *hov = wl_cbor_array_at(arr, 2);
        wallet_ctx *ctx = fz_mdoc_ctx();
        if (wallet_mdoc_engagement_parse(ctx, &e, de->ptr, (size_t)de->u))
            abort();
        wallet_ctx_free(ctx);
        h = malloc(hov->raw_len);
        if (!h)
            abort();
        memcpy(h, hov->raw, hov->raw_len);
        hl = hov->raw_len;
        wl_cbor_doc_free(inner);
        wl_cbor_doc_free(outer);
    }
    *eng = e;
    *ho = h;
    *ho_len = hl;
}

static void fz_decrypt(wallet_ctx *ctx, wallet_mdoc_session *s, const uint8_t *data, size_t size)
{
    uint8_t *pt = (uint8_t *)1;
    size_t pl = 1;
    int64_t status = 99;
    wallet_err e = wallet_mdoc_session_decrypt(ctx, &pt, &pl, &status, s, data, size);
    if (e) {
        FZ_CHECK(pt == NULL && pl == 0);
        FZ_CHECK(!wallet_mdoc_session_open(s));
    } else {
        FZ_CHECK(status == -1 || status == 20);
        FZ_CHECK(pt != NULL || pl == 0);
        FZ_CHECK(status == 20 ? !wallet_mdoc_session_open(s) : wallet_mdoc_session_open(s));
    }
    wallet_free(pt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_mdoc_ctx();
    wallet_mdoc_engagement *eng;
    const uint8_t *ho;
    size_t ho_len;
    fz_annexd_engagement(&eng, &ho, &ho_len);

    /* device side: the input as SessionEstablishment */
    wallet_mdoc_session *dev = NULL;
    FZ_CHECK(wallet_mdoc_session_device_new(ctx, &dev, eng, fz_annexd_edevice(), ho, ho_len) == WALLET_OK);
    uint8_t *req = (uint8_t *)1;
    size_t rl = 1;
    if (wallet_mdoc_session_accept(ctx, &req, &rl, dev, data, size) == WALLET_OK) {
        FZ_CHECK(wallet_mdoc_session_open(dev) && wallet_mdoc_session_transcript(dev, NULL));
        wallet_free(req);
        fz_decrypt(ctx, dev, data, size);
    } else {
        FZ_CHECK(req == NULL && rl == 0);
        FZ_CHECK(!wallet_mdoc_session_open(dev));
    }
    wallet_mdoc_session_free(dev);

    /* reader side: established, the input as the device's SessionData */
    wallet_mdoc_session *rd = NULL;
    FZ_CHECK(wallet_mdoc_session_reader_new(ctx, &rd, eng, fz_annexd_reader(), ho, ho_len) == WALLET_OK);
    uint8_t *se = NULL;
    size_t sl;
    FZ_CHECK(wallet_mdoc_session_establish(ctx, &se, &sl, rd, (const uint8_t *)"request", 7) == WALLET_OK);
    wallet_free(se);
    fz_decrypt(ctx, rd, data, size);
    wallet_mdoc_session_free(rd);
    wallet_ctx_free(ctx);
    return 0;
}
