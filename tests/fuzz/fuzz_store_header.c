/*
 * Fuzz target: the store header file parser (wl_header_parse), which reads
 * a file an attacker with access to the phone's storage may have changed.
 *
 * Properties: a failure is WALLET_ERR_STORE_HEADER (and recorded on the
 * context); an accepted header has 1 or 2 slots with bounded KDF costs,
 * serializes back to exactly the input bytes, and its delay computation
 * stays within one hour for any clock value.
 */
#include "fuzz_common.h"
#include "store/store_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_ctx();
    wl_header h;
    wallet_err e = wl_header_parse(ctx, &h, data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(e == WALLET_ERR_STORE_HEADER && wallet_ctx_errcode(ctx) == e);
        wallet_ctx_free(ctx);
        return 0;
    }
    FZ_CHECK(h.n_slots >= 1 && h.n_slots <= WL_HDR_MAX_SLOTS);
    for (size_t i = 0; i < h.n_slots; i++) {
        const wl_slot *s = &h.slots[i];
        FZ_CHECK(s->kind == WL_SLOT_PIN || s->kind == WL_SLOT_RAW);
        if (s->kind == WL_SLOT_PIN)
            FZ_CHECK(s->log2n >= WL_STORE_LOG2N_MIN && s->log2n <= WL_STORE_LOG2N_MAX &&
                     ((uint64_t)128 << s->log2n) * s->r <= ((uint64_t)256 << 20));
        FZ_CHECK(wl_header_find(&h, s->db_salt) == s);
    }
    uint8_t out[WL_HDR_SIZE + WL_HDR_MAX_SLOTS * WL_SLOT_SIZE];
    size_t n = wl_header_serialize(&h, out, sizeof(out));
    FZ_CHECK(n == size && memcmp(out, data, size) == 0);
    static const int64_t clocks[] = {INT64_MIN, -1, 0, 1700000000, INT64_MAX};
    for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
        int64_t w = wl_header_wait(&h, clocks[i]);
        FZ_CHECK(w >= 0 && w <= 3600);
    }
    wallet_ctx_free(ctx);
    return 0;
}
