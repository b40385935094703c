/*
 * The holder's view of its own IssuerSigned: structure only (nothing is
 * verified — the holder received it from its issuer and verifies with
 * wallet_mdoc_verify_issuer_signed() when it wants to), to see which
 * elements it can disclose and which docType it has.
 */
#include "mdoc_int.h"

struct wallet_mdoc_credential {
    uint8_t *bytes;
    wl_cbor_doc *doc;
    wl_mdoc_issuer_signed is;
    char *doctype;
    char **names; /* 2 per element: namespace, element */
    wallet_key *device_key;
};

void wallet_mdoc_credential_free(wallet_mdoc_credential *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->names && i < 2 * c->is.n_items; i++)
        free(c->names[i]);
    free(c->names);
    wallet_key_free(c->device_key);
    free(c->doctype);
    wl_mdoc_issuer_signed_clear(&c->is);
    wl_cbor_doc_free(c->doc);
    free(c->bytes);
    free(c);
}

wallet_err wallet_mdoc_credential_parse(wallet_ctx *ctx, wallet_mdoc_credential **out,
                                        const uint8_t *cbor, size_t cbor_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!cbor)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, cbor_len, "IssuerSigned");
    if (e)
        return e;
    wallet_mdoc_credential *c = wl_calloc(1, sizeof(*c));
    if (!c || !(c->bytes = wl_memdup(cbor, cbor_len))) {
        free(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    if ((e = wl_cbor_decode(ctx, &c->doc, c->bytes, cbor_len, 0, NULL))) {
        wl_err_prefix(ctx, "IssuerSigned");
        goto fail;
    }
    if ((e = wl_mdoc_issuer_signed_parse(ctx, &c->is, wl_cbor_root(c->doc))) ||
        (e = wl_mdoc_issuer_signed_parse_mso(ctx, &c->is)) ||
        (e = wl_mdoc_device_key(ctx, &c->device_key, c->is.mso.device_key_node)))
        goto fail;
    if (!(c->doctype = wl_mdoc_text_dup(c->is.mso.doctype))) {
        e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "MSO docType is not usable text");
        goto fail;
    }
    if (c->is.n_items && !(c->names = wl_calloc(2 * c->is.n_items, sizeof(char *)))) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < c->is.n_items; i++) {
        c->names[2 * i] = wl_mdoc_text_dup(c->is.items[i].ns);
        c->names[2 * i + 1] = wl_mdoc_text_dup(c->is.items[i].element);
        if (!c->names[2 * i] || !c->names[2 * i + 1]) {
            e = wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "element name is not usable text");
            goto fail;
        }
    }
    *out = c;
    return WALLET_OK;
fail:
    wallet_mdoc_credential_free(c);
    return e;
}

const char *wallet_mdoc_credential_doctype(const wallet_mdoc_credential *c)
{
    return c ? c->doctype : NULL;
}

size_t wallet_mdoc_credential_count(const wallet_mdoc_credential *c)
{
    return c ? c->is.n_items : 0;
}

int wallet_mdoc_credential_item(const wallet_mdoc_credential *c, size_t i, wallet_mdoc_item *item)
{
    if (!c || !item || i >= c->is.n_items)
        return 0;
    item->name_space = c->names[2 * i];
    item->element = c->names[2 * i + 1];
    item->intent_to_retain = 0;
    return 1;
}

const wallet_key *wallet_mdoc_credential_device_key(const wallet_mdoc_credential *c)
{
    return c ? c->device_key : NULL;
}
