/*
 * COSE header maps: checking received ones (RFC 9052 §3) and building ones
 * to sign.
 */
#include "../crypto/crypto.h"
#include "cose_int.h"

/* Labels libwallet processes itself, so they may appear in "crit". */
static int wl_understood(int64_t label)
{
    switch (label) {
    case WALLET_COSE_HDR_ALG:
    case WALLET_COSE_HDR_CRIT:
    case WALLET_COSE_HDR_CONTENT_TYPE:
    case WALLET_COSE_HDR_KID:
    case WALLET_COSE_HDR_TYP:
    case WALLET_COSE_HDR_X5CHAIN:
        return 1;
    default:
        return 0;
    }
}

static wallet_err wl_check_labels(wallet_ctx *ctx, const wl_cbor *map, const char *which)
{
    if (!map)
        return WALLET_OK;
    if (map->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: %s header is not a map", which);
    const wl_cbor *k = wl_cbor_child(map);
    for (uint64_t i = 0; i < map->u; i++) {
        if (k->type != WL_CBOR_UINT && k->type != WL_CBOR_NEGINT && k->type != WL_CBOR_TEXT)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                          "COSE: %s header label is neither int nor text", which);
        k = wl_cbor_next(wl_cbor_next(k));
    }
    return WALLET_OK;
}

wallet_err wl_cose_check_headers(wallet_ctx *ctx, const wl_cbor *prot, const wl_cbor *unprot,
                                 wallet_alg *alg, int64_t *alg_id)
{
    return wl_cose_check_headers_ex(ctx, prot, unprot, alg, alg_id, 0);
}

wallet_err wl_cose_check_headers_ex(wallet_ctx *ctx, const wl_cbor *prot, const wl_cbor *unprot,
                                    wallet_alg *alg, int64_t *alg_id, unsigned flags)
{
    *alg = WALLET_ALG_NONE;
    *alg_id = 0;
    wallet_err e = wl_check_labels(ctx, prot, "protected");
    if (!e)
        e = wl_check_labels(ctx, unprot, "unprotected");
    if (e)
        return e;
    if (prot && unprot) {
        const wl_cbor *k = wl_cbor_child(prot);
        for (uint64_t i = 0; i < prot->u; i++) {
            const wl_cbor *u = wl_cbor_child(unprot);
            for (uint64_t j = 0; j < unprot->u; j++) {
                int64_t label;
                if (wl_cbor_cmp(k, u) == 0 &&
                    !((flags & WL_COSE_LENIENT_KID) && wl_cbor_get_int(k, &label) &&
                      label == WALLET_COSE_HDR_KID))
                    return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                                  "COSE: a header label is both protected and unprotected");
                u = wl_cbor_next(wl_cbor_next(u));
            }
            k = wl_cbor_next(wl_cbor_next(k));
        }
    }
    if (wl_cbor_map_int(unprot, WALLET_COSE_HDR_CRIT))
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: \"crit\" must be protected");
    const wl_cbor *crit = wl_cbor_map_int(prot, WALLET_COSE_HDR_CRIT);
    if (crit) {
        if (crit->type != WL_CBOR_ARRAY || crit->u == 0)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: \"crit\" must be a non-empty array");
        const wl_cbor *c = wl_cbor_child(crit);
        for (uint64_t i = 0; i < crit->u; i++, c = wl_cbor_next(c)) {
            int64_t label;
            if (!wl_cbor_get_int(c, &label)) {
                if (c->type == WL_CBOR_TEXT)
                    return wl_err(ctx, WALLET_ERR_CRIT_UNKNOWN,
                                  "COSE: critical header parameter (text label) not understood");
                return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: \"crit\" entry is not a label");
            }
            if (!wl_cbor_map_int(prot, label))
                return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                              "COSE: \"crit\" names label %lld, absent from the protected header",
                              (long long)label);
            if (!wl_understood(label))
                return wl_err(ctx, WALLET_ERR_CRIT_UNKNOWN,
                              "COSE: critical header parameter %lld is not understood",
                              (long long)label);
        }
    }
    if (wl_cbor_map_int(unprot, WALLET_COSE_HDR_ALG) && !(flags & WL_COSE_LENIENT_ALG))
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                      "COSE: \"alg\" must be in the protected header");
    const wl_cbor *a = wl_cbor_map_int(prot, WALLET_COSE_HDR_ALG);
    if (!a)
        a = wl_cbor_map_int(unprot, WALLET_COSE_HDR_ALG); /* WL_COSE_LENIENT_ALG only */
    if (a) {
        int64_t id;
        if (!wl_cbor_get_int(a, &id))
            return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "COSE: \"alg\" is not an integer");
        *alg_id = id;
        *alg = wallet_alg_from_cose_id(id);
    }
    return WALLET_OK;
}

wallet_err wl_cose_decode_protected(wallet_ctx *ctx, const wl_cbor *bstr, wl_cbor_doc **doc,
                                    const wl_cbor **map)
{
    *doc = NULL;
    *map = NULL;
    if (!bstr || bstr->type != WL_CBOR_BYTES)
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: protected header is not a byte string");
    if (bstr->u == 0)
        return WALLET_OK;
    wallet_err e = wl_cbor_decode(ctx, doc, bstr->ptr, (size_t)bstr->u, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, "COSE protected header");
    *map = wl_cbor_root(*doc);
    if ((*map)->type != WL_CBOR_MAP) {
        wl_cbor_doc_free(*doc);
        *doc = NULL;
        *map = NULL;
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: protected header is not a map");
    }
    return WALLET_OK;
}

static int wl_sig_structure(wl_buf *b, const char *context, const uint8_t *body_prot,
                            size_t body_prot_len, const uint8_t *sign_prot, size_t sign_prot_len,
                            const uint8_t *aad, size_t aad_len, const uint8_t *payload,
                            size_t payload_len)
{
    /* RFC 9052 §4.4: Sig_structure = [context, body_protected,
     * ? sign_protected, external_aad, payload]. */
    return wl_cbor_put_array(b, sign_prot ? 5 : 4) && wl_cbor_put_cstr(b, context) &&
           wl_cbor_put_bytes(b, body_prot, body_prot_len) &&
           (!sign_prot || wl_cbor_put_bytes(b, sign_prot, sign_prot_len)) &&
           wl_cbor_put_bytes(b, aad, aad_len) && wl_cbor_put_bytes(b, payload, payload_len);
}

wallet_err wl_cose_verify_sig(wallet_ctx *ctx, const wallet_key *key, wallet_alg alg,
                              const char *context, const uint8_t *body_prot, size_t body_prot_len,
                              const uint8_t *sign_prot, size_t sign_prot_len, const uint8_t *aad,
                              size_t aad_len, const uint8_t *payload, size_t payload_len,
                              const uint8_t *sig, size_t sig_len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!wl_sig_structure(&b, context, body_prot, body_prot_len, sign_prot, sign_prot_len, aad,
                          aad_len, payload, payload_len)) {
        wl_buf_free(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    wallet_err e = wl_key_verify(ctx, key, alg, b.data, b.len, sig, sig_len);
    wl_buf_free(&b);
    return e;
}

wallet_err wl_cose_sign_sig(wallet_ctx *ctx, wl_buf *out, const wallet_key *key, wallet_alg alg,
                            const char *context, const uint8_t *body_prot, size_t body_prot_len,
                            const uint8_t *sign_prot, size_t sign_prot_len, const uint8_t *aad,
                            size_t aad_len, const uint8_t *payload, size_t payload_len)
{
    wl_buf b;
    wl_buf_init(&b, 0);
    if (!wl_sig_structure(&b, context, body_prot, body_prot_len, sign_prot, sign_prot_len, aad,
                          aad_len, payload, payload_len)) {
        wl_buf_free(&b);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    uint8_t sig[1024];
    size_t sig_len = sizeof(sig);
    wallet_err e = wl_key_sign(ctx, key, alg, b.data, b.len, sig, &sig_len);
    wl_buf_free(&b);
    if (!e && !wl_cbor_put_bytes(out, sig, sig_len))
        e = wl_buf_error(ctx, out, "COSE");
    return e;
}

wallet_err wl_cose_check_alg(wallet_ctx *ctx, wallet_alg alg, int64_t alg_id,
                             const wallet_key *key, wallet_algset allowed)
{
    if (allowed == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty algorithm allow-list");
    if (alg == WALLET_ALG_NONE) {
        if (alg_id == 0)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: no \"alg\" in the protected header");
        return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "COSE: algorithm %lld is not supported",
                      (long long)alg_id);
    }
    if (!(allowed & WALLET_ALGSET(alg)))
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED, "COSE: algorithm %s is not allowed here",
                      wallet_alg_name(alg));
    return wl_alg_check_key(ctx, alg, key, 0);
}

/* ---- headers to sign ---------------------------------------------------------- */

#define WL_COSE_MAX_HEADERS 32
#define WL_COSE_MAX_X5CHAIN 8

typedef struct wl_cose_entry {
    int bucket;
    int64_t label;
    uint8_t *value; /* encoded CBOR */
    size_t len;
} wl_cose_entry;

struct wallet_cose_headers {
    wl_cose_entry e[WL_COSE_MAX_HEADERS];
    size_t n;
    uint8_t *x5[WL_COSE_MAX_X5CHAIN];
    size_t x5_len[WL_COSE_MAX_X5CHAIN];
    size_t n_x5;
    int x5_bucket;
};

wallet_err wallet_cose_headers_new(wallet_ctx *ctx, wallet_cose_headers **out)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = wl_calloc(1, sizeof(**out));
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

void wallet_cose_headers_free(wallet_cose_headers *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        free(h->e[i].value);
    for (size_t i = 0; i < h->n_x5; i++)
        free(h->x5[i]);
    free(h);
}

static wallet_err wl_set(wallet_ctx *ctx, wallet_cose_headers *h, int bucket, int64_t label,
                         wl_buf *v)
{
    if (v->failed)
        return wl_buf_error(ctx, v, "COSE header");
    for (size_t i = 0; i < h->n; i++) {
        if (h->e[i].label == label) {
            free(h->e[i].value);
            h->e[i].bucket = bucket;
            h->e[i].value = wl_buf_take(v, &h->e[i].len);
            return h->e[i].value ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
    }
    if (h->n == WL_COSE_MAX_HEADERS) {
        wl_buf_free(v);
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "too many COSE header parameters");
    }
    wl_cose_entry *e = &h->e[h->n];
    e->bucket = bucket;
    e->label = label;
    e->value = wl_buf_take(v, &e->len);
    if (!e->value)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    h->n++;
    return WALLET_OK;
}

static wallet_err wl_check_set(wallet_ctx *ctx, const wallet_cose_headers *h, int bucket,
                               int64_t label)
{
    if (!h)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL headers");
    if (bucket != WALLET_COSE_PROTECTED && bucket != WALLET_COSE_UNPROTECTED)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "bucket must be PROTECTED or UNPROTECTED");
    if (label == WALLET_COSE_HDR_ALG)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "\"alg\" is written by the signer");
    if (label == WALLET_COSE_HDR_X5CHAIN)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "use wallet_cose_headers_add_x5chain");
    return WALLET_OK;
}

wallet_err wallet_cose_headers_set_int(wallet_ctx *ctx, wallet_cose_headers *h, int bucket,
                                       int64_t label, int64_t value)
{
    wl_enter(ctx);
    wallet_err e = wl_check_set(ctx, h, bucket, label);
    if (e)
        return e;
    wl_buf v;
    wl_buf_init(&v, 0);
    wl_cbor_put_int(&v, value);
    return wl_set(ctx, h, bucket, label, &v);
}

wallet_err wallet_cose_headers_set_bytes(wallet_ctx *ctx, wallet_cose_headers *h, int bucket,
                                         int64_t label, const uint8_t *value, size_t len)
{
    wl_enter(ctx);
    wallet_err e = wl_check_set(ctx, h, bucket, label);
    if (e)
        return e;
    if (!value && len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL value");
    wl_buf v;
    wl_buf_init(&v, 0);
    wl_cbor_put_bytes(&v, value ? value : (const uint8_t *)"", len);
    return wl_set(ctx, h, bucket, label, &v);
}

wallet_err wallet_cose_headers_set_text(wallet_ctx *ctx, wallet_cose_headers *h, int bucket,
                                        int64_t label, const char *value)
{
    wl_enter(ctx);
    wallet_err e = wl_check_set(ctx, h, bucket, label);
    if (e)
        return e;
    if (!value || !wl_utf8_valid((const uint8_t *)value, strlen(value)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "value must be UTF-8 text");
    wl_buf v;
    wl_buf_init(&v, 0);
    wl_cbor_put_cstr(&v, value);
    return wl_set(ctx, h, bucket, label, &v);
}

wallet_err wallet_cose_headers_add_x5chain(wallet_ctx *ctx, wallet_cose_headers *h, int bucket,
                                           const uint8_t *der, size_t len)
{
    wl_enter(ctx);
    if (!h || !der || !len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL certificate");
    if (bucket != WALLET_COSE_PROTECTED && bucket != WALLET_COSE_UNPROTECTED)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "bucket must be PROTECTED or UNPROTECTED");
    if (h->n_x5 && bucket != h->x5_bucket)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "x5chain certificates must share a bucket");
    if (h->n_x5 == WL_COSE_MAX_X5CHAIN)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "x5chain longer than %d", WL_COSE_MAX_X5CHAIN);
    h->x5[h->n_x5] = wl_memdup(der, len);
    if (!h->x5[h->n_x5])
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    h->x5_len[h->n_x5++] = len;
    h->x5_bucket = bucket;
    return WALLET_OK;
}

wallet_err wl_cose_encode_headers(wallet_ctx *ctx, wl_buf *out, const wallet_cose_headers *h,
                                  int bucket, wallet_alg alg)
{
    wl_cbor_mapw m;
    wl_cbor_mapw_init(&m, 0);
    if (alg != WALLET_ALG_NONE) {
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WALLET_COSE_HDR_ALG);
        wl_cbor_put_int(wl_cbor_mapw_value(&m), wallet_alg_cose_id(alg));
    }
    for (size_t i = 0; h && i < h->n; i++) {
        if (h->e[i].bucket != bucket)
            continue;
        wl_cbor_put_int(wl_cbor_mapw_key(&m), h->e[i].label);
        wl_cbor_put_raw(wl_cbor_mapw_value(&m), h->e[i].value, h->e[i].len);
    }
    if (h && h->n_x5 && h->x5_bucket == bucket) {
        /* RFC 9360 §2: one certificate as a bstr, several as an array. */
        wl_cbor_put_int(wl_cbor_mapw_key(&m), WALLET_COSE_HDR_X5CHAIN);
        wl_buf *v = wl_cbor_mapw_value(&m);
        if (h->n_x5 > 1)
            wl_cbor_put_array(v, h->n_x5);
        for (size_t i = 0; i < h->n_x5; i++)
            wl_cbor_put_bytes(v, h->x5[i], h->x5_len[i]);
    }
    int ok = wl_cbor_mapw_finish(&m, out);
    wl_cbor_mapw_free(&m);
    return ok ? WALLET_OK : wl_buf_error(ctx, out, "COSE header");
}
