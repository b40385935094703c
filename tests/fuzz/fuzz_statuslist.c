/*
 * Fuzz target: Token Status List decoding. Every input goes through each
 * status list parser:
 *
 *   - wallet_status_token_verify (JWT text, CWT binary / hex / base64url)
 *     against a trust set holding the fixed key (seeds are signed with it,
 *     so the fuzzer reaches the claims, "lst" and the inflater);
 *   - the bare Status List object, as JSON and as CBOR (no signature in
 *     the way);
 *   - wallet_status_snapshot_load with the fixed key as the verifier key;
 *   - wallet_status_list_load (an issuer's saved state).
 *
 * Properties: failure leaves the output NULL; a decoded list has 1/2/4/8
 * bits and exactly len*8/bits entries, every entry fits in its bits, the
 * entry past the end is WALLET_ERR_STATUS_INDEX; a verified token has a
 * URI; a loaded snapshot answers for each of its lists; a loaded issuer list
 * saves to bytes that load again and save identically.
 *
 * Seeds: tests/fuzz/corpus/statuslist/, made by make_seeds_statuslist.sh.
 */
#include "fuzz_common.h"
#include "status/status_int.h"

static const wallet_trust *fz_trust(void)
{
    static wallet_trust *trust;
    if (trust)
        return trust;
    wallet_ctx *ctx = fz_ctx();
    if (wallet_trust_new(ctx, &trust) != WALLET_OK ||
        wallet_trust_add_key(ctx, trust, fz_fixed_key()) != WALLET_OK)
        abort();
    wallet_ctx_free(ctx);
    return trust;
}

/* Every entry of a decoded list, checked (entries sampled for long lists). */
static void fz_check_list(wallet_ctx *ctx, const wallet_status_token *t)
{
    unsigned bits = wallet_status_token_bits(t);
    uint64_t n = wallet_status_token_size(t);
    FZ_CHECK(bits == 1 || bits == 2 || bits == 4 || bits == 8);
    FZ_CHECK(n == (uint64_t)t->list_len * 8 / bits && n > 0);
    uint64_t step = n > 4096 ? n / 4096 : 1;
    for (uint64_t i = 0; i < n; i += step) {
        unsigned v = 999;
        FZ_CHECK(wallet_status_token_get(ctx, &v, t, i) == WALLET_OK);
        FZ_CHECK(v < (1u << bits));
    }
    unsigned v = 7;
    FZ_CHECK(wallet_status_token_get(ctx, &v, t, n) == WALLET_ERR_STATUS_INDEX && v == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const wallet_trust *trust = fz_trust();
    wallet_ctx *ctx = fz_ctx();

    /* Signed token. */
    wallet_status_token *t = NULL;
    wallet_err e = wallet_status_token_verify(ctx, &t, trust, 0, data, size, NULL);
    FZ_CHECK((e == WALLET_OK) == (t != NULL));
    if (t) {
        const char *uri = wallet_status_token_uri(t);
        FZ_CHECK(uri && wl_status_uri_ok(uri, strlen(uri)));
        FZ_CHECK(wallet_status_token_format(t) == WALLET_STATUS_JWT ||
                 wallet_status_token_format(t) == WALLET_STATUS_CWT);
        FZ_CHECK(wallet_status_token_issued_at(t) > 0);
        fz_check_list(ctx, t);
        /* The same token against its own subject passes; another fails. */
        wallet_status_token *again = NULL;
        FZ_CHECK(wallet_status_token_verify(ctx, &again, trust, 0, data, size, uri) == WALLET_OK);
        wallet_status_token_free(again);
        FZ_CHECK(wallet_status_token_verify(ctx, &again, trust, 0, data, size,
                                            "https://fuzz.invalid/") ==
                     WALLET_ERR_STATUS_SUBJECT &&
                 again == NULL);
        wallet_status_token_free(t);
    }

    /* Bare Status List, JSON and CBOR. */
    for (int cbor = 0; cbor < 2; cbor++) {
        t = NULL;
        e = wl_status_list_parse(ctx, &t, data, size, cbor);
        FZ_CHECK((e == WALLET_OK) == (t != NULL));
        if (t)
            fz_check_list(ctx, t);
        wallet_status_token_free(t);
    }

    /* Offline snapshot. */
    wallet_status_snapshot *s = NULL;
    e = wallet_status_snapshot_load(ctx, &s, data, size, fz_fixed_key());
    FZ_CHECK((e == WALLET_OK) == (s != NULL));
    if (s) {
        FZ_CHECK(wallet_status_snapshot_count(s) > 0);
        for (size_t i = 0; i < wallet_status_snapshot_count(s); i++) {
            unsigned v;
            wallet_err ce = wallet_status_snapshot_check(ctx, &v, s, wallet_status_snapshot_uri(s, i),
                                                         0, 0);
            FZ_CHECK(ce == WALLET_OK || ce == WALLET_ERR_STATUS_STALE);
        }
        wallet_status_snapshot_free(s);
    }

    /* Issuer list state. */
    wallet_status_list *l = NULL;
    e = wallet_status_list_load(ctx, &l, data, size);
    FZ_CHECK((e == WALLET_OK) == (l != NULL));
    if (l) {
        uint8_t *a = NULL, *b = NULL;
        size_t an = 0, bn = 0;
        wallet_status_list *l2 = NULL;
        FZ_CHECK(wallet_status_list_save(ctx, &a, &an, l) == WALLET_OK);
        wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64 * 1024 * 1024);
        FZ_CHECK(wallet_status_list_load(ctx, &l2, a, an) == WALLET_OK);
        FZ_CHECK(wallet_status_list_save(ctx, &b, &bn, l2) == WALLET_OK);
        FZ_CHECK(an == bn && memcmp(a, b, an) == 0);
        uint64_t idx;
        e = wallet_status_list_allocate(ctx, &idx, l2);
        FZ_CHECK(e == WALLET_OK || e == WALLET_ERR_STATUS_LIST_FULL);
        FZ_CHECK(wallet_status_list_allocated(l2) <= wallet_status_list_size(l2));
        wallet_free(a);
        wallet_free(b);
        wallet_status_list_free(l2);
        wallet_status_list_free(l);
    }

    wallet_ctx_free(ctx);
    return 0;
}
