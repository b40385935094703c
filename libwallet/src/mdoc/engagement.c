/*
 * Device engagement (ISO/IEC 18013-5 §8.2.1.1):
 *
 *   DeviceEngagement = {0: "1.0", 1: Security, ? 2: DeviceRetrievalMethods,
 *                       ? 3: ServerRetrievalMethods, ? 4: ProtocolInfo, * int => any}
 *   Security = [1 (cipher suite), EDeviceKeyBytes = #6.24(bstr .cbor COSE_Key)]
 *   DeviceRetrievalMethod = [type, version, RetrievalOptions]
 *   BleOptions = {0: bool peripheral server, 1: bool central client,
 *                 ? 10: bstr peripheral UUID, ? 11: bstr central UUID, ...}
 *
 * The QR code carries "mdoc:" followed by base64url (no padding) of the
 * DeviceEngagement bytes (§8.2.2.3). The bytes are what the
 * SessionTranscript covers, so a parsed engagement keeps them as received
 * and a built one is frozen once encoded.
 */
#include "mdoc_int.h"

#define WL_MDOC_MAX_METHODS 16

typedef struct wl_method {
    uint64_t type, version;
    uint8_t *options; /* one CBOR map */
    size_t options_len;
} wl_method;

struct wallet_mdoc_engagement {
    uint8_t *bytes; /* encoded or received DeviceEngagement */
    size_t len;
    char *version;
    wallet_key *device_key;
    wl_method methods[WL_MDOC_MAX_METHODS];
    size_t n_methods;
};

void wallet_mdoc_engagement_free(wallet_mdoc_engagement *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_methods; i++)
        free(e->methods[i].options);
    wallet_key_free(e->device_key);
    free(e->version);
    free(e->bytes);
    free(e);
}

static int wl_engagement_curve_ok(const wallet_key *k)
{
    wallet_curve c = wallet_key_curve(k);
    return wallet_key_kty(k) == WALLET_KTY_EC &&
           (c == WALLET_CURVE_P256 || c == WALLET_CURVE_P384 || c == WALLET_CURVE_P521);
}

wallet_err wallet_mdoc_engagement_new(wallet_ctx *ctx, wallet_mdoc_engagement **out,
                                      const wallet_key *e_device_key)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!e_device_key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL device key");
    if (!wl_engagement_curve_ok(e_device_key))
        return wl_err(ctx, WALLET_ERR_UNSUPPORTED,
                      "EDeviceKey must be EC P-256, P-384 or P-521 (cipher suite 1)");
    wallet_mdoc_engagement *e = wl_calloc(1, sizeof(*e));
    if (!e || !(e->version = wl_strdup("1.0"))) {
        free(e);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    wallet_err err = wallet_key_public(ctx, &e->device_key, e_device_key);
    if (err) {
        wallet_mdoc_engagement_free(e);
        return err;
    }
    *out = e;
    return WALLET_OK;
}

wallet_err wallet_mdoc_engagement_add_method(wallet_ctx *ctx, wallet_mdoc_engagement *e,
                                             uint64_t type, uint64_t version,
                                             const uint8_t *options, size_t options_len)
{
    wl_enter(ctx);
    if (!e || !options)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (e->bytes)
        return wl_err(ctx, WALLET_ERR_STATE, "the engagement is already encoded (or received)");
    if (e->n_methods == WL_MDOC_MAX_METHODS)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "more than %d retrieval methods",
                      WL_MDOC_MAX_METHODS);
    wl_cbor_doc *doc = NULL;
    wallet_err err = wl_cbor_decode(ctx, &doc, options, options_len, 0, NULL);
    if (!err && wl_cbor_root(doc)->type != WL_CBOR_MAP)
        err = wl_err(ctx, WALLET_ERR_INVALID_ARG, "retrieval options must be a CBOR map");
    wl_cbor_doc_free(doc);
    if (err)
        return err;
    wl_method *m = &e->methods[e->n_methods];
    if (!(m->options = wl_memdup(options, options_len)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    m->options_len = options_len;
    m->type = type;
    m->version = version;
    e->n_methods++;
    return WALLET_OK;
}

wallet_err wallet_mdoc_engagement_add_ble(wallet_ctx *ctx, wallet_mdoc_engagement *e,
                                          const uint8_t *peripheral_uuid,
                                          const uint8_t *central_uuid)
{
    wl_enter(ctx);
    if (!e || (!peripheral_uuid && !central_uuid))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "BLE needs a peripheral or a central UUID");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 2 + (peripheral_uuid ? 1 : 0) + (central_uuid ? 1 : 0));
    wl_cbor_put_uint(&b, 0);
    wl_cbor_put_bool(&b, peripheral_uuid != NULL);
    wl_cbor_put_uint(&b, 1);
    wl_cbor_put_bool(&b, central_uuid != NULL);
    if (peripheral_uuid) {
        wl_cbor_put_uint(&b, 10);
        wl_cbor_put_bytes(&b, peripheral_uuid, 16);
    }
    if (central_uuid) {
        wl_cbor_put_uint(&b, 11);
        wl_cbor_put_bytes(&b, central_uuid, 16);
    }
    wallet_err err = b.failed ? wl_buf_error(ctx, &b, "BLE options")
                              : wallet_mdoc_engagement_add_method(
                                    ctx, e, WALLET_MDOC_RETRIEVAL_BLE, 1, b.data, b.len);
    wl_buf_free(&b);
    return err;
}

static wallet_err wl_engagement_freeze(wallet_ctx *ctx, wallet_mdoc_engagement *e)
{
    if (e->bytes)
        return WALLET_OK;
    wl_buf ck, b;
    wl_buf_init(&ck, 0);
    wl_buf_init(&b, 0);
    wallet_err err = wl_cose_key_append(ctx, &ck, e->device_key, 0);
    if (!err) {
        wl_cbor_put_map(&b, e->n_methods ? 3 : 2);
        wl_cbor_put_uint(&b, 0);
        wl_cbor_put_cstr(&b, e->version);
        wl_cbor_put_uint(&b, 1);
        wl_cbor_put_array(&b, 2);
        wl_cbor_put_uint(&b, 1); /* cipher suite 1 (§9.1.5.2) */
        wl_mdoc_put_tag24(&b, ck.data, ck.len);
        if (e->n_methods) {
            wl_cbor_put_uint(&b, 2);
            wl_cbor_put_array(&b, e->n_methods);
            for (size_t i = 0; i < e->n_methods; i++) {
                wl_cbor_put_array(&b, 3);
                wl_cbor_put_uint(&b, e->methods[i].type);
                wl_cbor_put_uint(&b, e->methods[i].version);
                wl_cbor_put_raw(&b, e->methods[i].options, e->methods[i].options_len);
            }
        }
        if (b.failed)
            err = wl_buf_error(ctx, &b, "DeviceEngagement");
        else
            e->bytes = wl_buf_take(&b, &e->len);
    }
    wl_buf_free(&ck);
    wl_buf_free(&b);
    return err;
}

wallet_err wallet_mdoc_engagement_encode(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                         wallet_mdoc_engagement *e)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !e)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err err = wl_engagement_freeze(ctx, e);
    if (err)
        return err;
    if (!(*out = wl_memdup(e->bytes, e->len)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *out_len = e->len;
    return WALLET_OK;
}

wallet_err wallet_mdoc_engagement_uri(wallet_ctx *ctx, char **out, wallet_mdoc_engagement *e)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !e)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err err = wl_engagement_freeze(ctx, e);
    if (err)
        return err;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append_str(&b, "mdoc:");
    wl_buf_append_b64url(&b, e->bytes, e->len);
    if (b.failed) {
        err = wl_buf_error(ctx, &b, "mdoc URI");
        wl_buf_free(&b);
        return err;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}

static wallet_err wl_parse_methods(wallet_ctx *ctx, wallet_mdoc_engagement *e, const wl_cbor *arr)
{
    if (arr->type != WL_CBOR_ARRAY || arr->u > WL_MDOC_MAX_METHODS)
        return wl_err(ctx, WALLET_ERR_MDOC_ENGAGEMENT,
                      "DeviceRetrievalMethods is not an array of at most %d methods",
                      WL_MDOC_MAX_METHODS);
    const wl_cbor *m = wl_cbor_child(arr);
    for (uint64_t i = 0; i < arr->u; i++, m = wl_cbor_next(m)) {
        const wl_cbor *type = wl_cbor_array_at(m, 0), *ver = wl_cbor_array_at(m, 1);
        const wl_cbor *opt = wl_cbor_array_at(m, 2);
        if (m->type != WL_CBOR_ARRAY || m->u < 3 || type->type != WL_CBOR_UINT ||
            ver->type != WL_CBOR_UINT || opt->type != WL_CBOR_MAP)
            return wl_err(ctx, WALLET_ERR_MDOC_ENGAGEMENT,
                          "DeviceRetrievalMethod is not [type, version, options]");
        wl_method *dst = &e->methods[e->n_methods];
        if (!(dst->options = wl_memdup(opt->raw, opt->raw_len)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        dst->options_len = opt->raw_len;
        dst->type = type->u;
        dst->version = ver->u;
        e->n_methods++;
    }
    return WALLET_OK;
}

wallet_err wallet_mdoc_engagement_parse(wallet_ctx *ctx, wallet_mdoc_engagement **out,
                                        const uint8_t *data, size_t len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!data)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err err = wl_check_input_size(ctx, len, "DeviceEngagement");
    if (err)
        return err;
    wallet_mdoc_engagement *e = wl_calloc(1, sizeof(*e));
    if (!e)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_cbor_doc *doc = NULL, *kdoc = NULL;
    if (len >= 5 && !memcmp(data, "mdoc:", 5)) {
        size_t n = len - 5;
        while (n && strchr(" \t\r\n", data[5 + n - 1]))
            n--; /* a scanner may add a line end */
        err = wl_b64url_decode(ctx, &e->bytes, &e->len, (const char *)data + 5, n);
        if (err) {
            wl_err_prefix(ctx, "mdoc URI");
            goto done;
        }
    } else if (!(e->bytes = wl_memdup(data, len))) {
        err = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    } else {
        e->len = len;
    }
    if ((err = wl_cbor_decode(ctx, &doc, e->bytes, e->len, 0, NULL))) {
        wl_err_prefix(ctx, "DeviceEngagement");
        goto done;
    }
    const wl_cbor *root = wl_cbor_root(doc);
    const wl_cbor *ver = wl_cbor_map_int(root, 0), *sec = wl_cbor_map_int(root, 1);
    const wl_cbor *methods = wl_cbor_map_int(root, 2);
    if (root->type != WL_CBOR_MAP || !ver || ver->type != WL_CBOR_TEXT || !sec ||
        sec->type != WL_CBOR_ARRAY || sec->u < 2) {
        err = wl_err(ctx, WALLET_ERR_MDOC_ENGAGEMENT,
                     "DeviceEngagement: want {0: version, 1: [cipher suite, EDeviceKeyBytes]}");
        goto done;
    }
    if (ver->u < 3 || ver->ptr[0] != '1' || ver->ptr[1] != '.') {
        err = wl_err(ctx, WALLET_ERR_MDOC_VERSION, "DeviceEngagement version is not 1.x");
        goto done;
    }
    int64_t suite;
    if (!wl_cbor_get_int(wl_cbor_array_at(sec, 0), &suite) || suite != 1) {
        err = wl_err(ctx, WALLET_ERR_UNSUPPORTED, "DeviceEngagement cipher suite is not 1");
        goto done;
    }
    const uint8_t *kb;
    size_t kb_len;
    if ((err = wl_mdoc_tag24(ctx, wl_cbor_array_at(sec, 1), &kb, &kb_len, "EDeviceKeyBytes"))) {
        err = wl_err(ctx, WALLET_ERR_MDOC_ENGAGEMENT, "EDeviceKeyBytes is not tag-24 CBOR");
        goto done;
    }
    if ((err = wl_cbor_decode(ctx, &kdoc, kb, kb_len, 0, NULL)) ||
        (err = wl_cose_key_from_cbor(ctx, &e->device_key, wl_cbor_root(kdoc)))) {
        wl_err_prefix(ctx, "EDeviceKey");
        goto done;
    }
    if (!wl_engagement_curve_ok(e->device_key)) {
        err = wl_err(ctx, WALLET_ERR_UNSUPPORTED, "EDeviceKey is not on P-256, P-384 or P-521");
        goto done;
    }
    if (!(e->version = wl_mdoc_text_dup(ver))) {
        err = wl_err(ctx, WALLET_ERR_MDOC_ENGAGEMENT, "DeviceEngagement version is not text");
        goto done;
    }
    if (methods && (err = wl_parse_methods(ctx, e, methods)))
        goto done;
done:
    wl_cbor_doc_free(kdoc);
    wl_cbor_doc_free(doc);
    if (err) {
        wallet_mdoc_engagement_free(e);
        return err;
    }
    *out = e;
    return WALLET_OK;
}

const uint8_t *wallet_mdoc_engagement_bytes(const wallet_mdoc_engagement *e, size_t *len)
{
    if (len)
        *len = e && e->bytes ? e->len : 0;
    return e ? e->bytes : NULL;
}

const char *wallet_mdoc_engagement_version(const wallet_mdoc_engagement *e)
{
    return e ? e->version : NULL;
}

const wallet_key *wallet_mdoc_engagement_device_key(const wallet_mdoc_engagement *e)
{
    return e ? e->device_key : NULL;
}

size_t wallet_mdoc_engagement_method_count(const wallet_mdoc_engagement *e)
{
    return e ? e->n_methods : 0;
}

int wallet_mdoc_engagement_method(const wallet_mdoc_engagement *e, size_t i, uint64_t *type,
                                  uint64_t *version, const uint8_t **options, size_t *options_len)
{
    if (!e || i >= e->n_methods)
        return 0;
    if (type)
        *type = e->methods[i].type;
    if (version)
        *version = e->methods[i].version;
    if (options)
        *options = e->methods[i].options;
    if (options_len)
        *options_len = e->methods[i].options_len;
    return 1;
}
