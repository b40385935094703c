/*
 * Fuzz target: the Mobile Security Object parser (wl_mdoc_mso_parse) on
 * the input as MobileSecurityObjectBytes and as a bare MSO (wrapped in
 * tag 24 here), digest lookups, the deviceKey, and the tdate / full-date
 * parsers on the input as text.
 *
 * Properties: a parsed MSO has a known hash, a text docType, a deviceKey
 * map and validUntil >= validFrom; a digest found has the hash's length.
 */
#include "mdoc/mdoc_int.h"
#include "fuzz_mdoc.h"

static void fz_mso(wallet_ctx *ctx, const uint8_t *p, size_t n)
{
    wl_mdoc_mso m;
    if (wl_mdoc_mso_parse(ctx, &m, p, n) != WALLET_OK)
        return;
    FZ_CHECK(m.hash == WL_SHA256 || m.hash == WL_SHA384 || m.hash == WL_SHA512);
    FZ_CHECK(m.doctype && m.doctype->type == WL_CBOR_TEXT);
    FZ_CHECK(m.device_key_node && m.device_key_node->type == WL_CBOR_MAP);
    FZ_CHECK(m.valid_until >= m.valid_from);
    const wl_cbor *k = wl_cbor_child(m.value_digests);
    for (uint64_t i = 0; i < m.value_digests->u; i++) {
        const wl_cbor *v = wl_cbor_next(k);
        for (uint64_t id = 0; id < 4; id++) {
            const wl_cbor *d = wl_mdoc_mso_digest(&m, k, id);
            if (d)
                FZ_CHECK(d->u == wl_hash_len(m.hash));
        }
        k = wl_cbor_next(v);
    }
    wallet_key *key = NULL;
    if (wl_mdoc_device_key(ctx, &key, m.device_key_node) == WALLET_OK)
        FZ_CHECK(key != NULL);
    wallet_key_free(key);
    wl_mdoc_mso_clear(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wallet_ctx *ctx = fz_mdoc_ctx();
    fz_mso(ctx, data, size);
    wl_buf b;
    wl_buf_init(&b, 0);
    if (wl_mdoc_put_tag24(&b, data, size))
        fz_mso(ctx, b.data, b.len);
    wl_buf_free(&b);
    int64_t t, days;
    if (wl_mdoc_parse_datetime((const char *)data, size, &t) == 0) {
        char s[21];
        if (wl_mdoc_format_datetime(s, t) == 0) {
            int64_t back;
            FZ_CHECK(wl_mdoc_parse_datetime(s, 20, &back) == 0 && back == t);
        }
    }
    if (wl_mdoc_parse_fulldate((const char *)data, size, &days) == 0)
        FZ_CHECK(days >= -719528 && days <= 2932896); /* years 0000..9999 */
    wallet_ctx_free(ctx);
    return 0;
}
