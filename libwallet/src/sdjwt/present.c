/*
 * Presentation (RFC 9901 §7.2): choose Disclosures by claim path — each
 * with the Disclosures it depends on (§4.2.6: a nested Disclosure only
 * connects to the payload through its parents) — assemble the SD-JWT and,
 * for key binding, append a KB-JWT over exactly that text.
 */
#include "holder_int.h"

/* Component lists of the chosen paths and of every Disclosure. */
typedef struct wl_comps {
    char **v;
    size_t n;
} wl_comps;

/* 1 if a is a prefix of b (component-wise; equal counts). */
static int wl_prefix(const wl_comps *a, const wl_comps *b)
{
    if (a->n > b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return 0;
    return 1;
}

static wallet_err wl_select(wallet_ctx *ctx, const wallet_sdjwt *s, const char *const *paths,
                            size_t path_count, unsigned flags, unsigned char *selected)
{
    const wl_sd *sd = &s->sd;
    wl_comps *dc = sd->n ? wl_calloc(sd->n, sizeof(*dc)) : NULL;
    if (sd->n && !dc)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i < sd->n && !e; i++)
        e = wl_path_split(ctx, sd->d[i].path, &dc[i].v, &dc[i].n);
    for (size_t k = 0; k < path_count && !e; k++) {
        wl_comps pc = {0};
        if (!paths[k]) {
            e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL claim path");
            break;
        }
        e = wl_path_split(ctx, paths[k], &pc.v, &pc.n);
        if (e)
            break;
        if (!wl_path_resolve(s->processed, pc.v, pc.n, NULL))
            e = wl_err(ctx, WALLET_ERR_NOT_FOUND, "no claim at path %zu of the presentation", k);
        for (size_t i = 0; i < sd->n && !e; i++)
            if (wl_prefix(&dc[i], &pc) || (!(flags & WALLET_SDJWT_EXACT) && wl_prefix(&pc, &dc[i])))
                selected[i] = 1;
        wl_path_free(pc.v, pc.n);
    }
    for (size_t i = 0; i < sd->n; i++)
        wl_path_free(dc[i].v, dc[i].n);
    free(dc);
    if (e)
        return e;
    /* Parents of everything chosen (the path prefixes already bring them;
     * the parent links make it independent of how paths are spelled). */
    for (size_t i = 0; i < sd->n; i++)
        for (int p = selected[i] ? sd->d[i].parent : -1; p >= 0; p = sd->d[p].parent)
            selected[p] = 1;
    return WALLET_OK;
}

/* The JSON serialization of a presentation (RFC 9901 §8): the held JSON
 * with its first unprotected header's "disclosures" / "kb_jwt" replaced,
 * or a flattened one built from the compact parts. */
static wallet_err wl_present_json(wallet_ctx *ctx, char **out, const wallet_sdjwt *s,
                                  const unsigned char *selected, const char *kb)
{
    const wl_sd *sd = &s->sd;
    cJSON *root = NULL, *hdr = NULL;
    if (sd->root) {
        root = cJSON_Duplicate(sd->root, 1);
        cJSON *first = root;
        if (root && sd->ser == WL_SD_GENERAL)
            first = cJSON_GetObjectItemCaseSensitive(root, "signatures")->child;
        if (root) {
            hdr = cJSON_GetObjectItemCaseSensitive(first, "header");
            if (!hdr && (hdr = cJSON_CreateObject()) && !cJSON_AddItemToObject(first, "header", hdr)) {
                cJSON_Delete(hdr);
                hdr = NULL;
            }
        }
    } else {
        /* From the compact form: split "<protected>.<payload>.<signature>". */
        const char *d1 = memchr(sd->jwt, '.', sd->jwt_len);
        const char *d2 = memchr(d1 + 1, '.', sd->jwt_len - (size_t)(d1 + 1 - sd->jwt));
        char *p = wl_strndup(sd->jwt, (size_t)(d1 - sd->jwt));
        char *pl = wl_strndup(d1 + 1, (size_t)(d2 - d1 - 1));
        char *sg = wl_strndup(d2 + 1, sd->jwt_len - (size_t)(d2 + 1 - sd->jwt));
        root = cJSON_CreateObject();
        hdr = cJSON_CreateObject();
        if (p && pl && sg && root && hdr && cJSON_AddStringToObject(root, "payload", pl) &&
            cJSON_AddStringToObject(root, "protected", p) &&
            cJSON_AddItemToObject(root, "header", hdr)) {
            if (!cJSON_AddStringToObject(root, "signature", sg))
                hdr = NULL;
        } else {
            cJSON_Delete(hdr);
            hdr = NULL;
        }
        free(p);
        free(pl);
        free(sg);
    }
    cJSON *ds = hdr ? cJSON_CreateArray() : NULL;
    int ok = ds != NULL;
    if (ok) {
        cJSON_DeleteItemFromObjectCaseSensitive(hdr, "disclosures");
        cJSON_DeleteItemFromObjectCaseSensitive(hdr, "kb_jwt");
        ok = cJSON_AddItemToObject(hdr, "disclosures", ds);
        if (!ok)
            cJSON_Delete(ds);
    }
    for (size_t i = 0; i < sd->n && ok; i++) {
        if (!selected[i])
            continue;
        char *t = wl_strndup(sd->d[i].text, sd->d[i].len);
        cJSON *str = t ? cJSON_CreateString(t) : NULL;
        free(t);
        ok = str && cJSON_AddItemToArray(ds, str);
        if (!ok)
            cJSON_Delete(str);
    }
    if (ok && kb)
        ok = cJSON_AddStringToObject(hdr, "kb_jwt", kb) != NULL;
    if (ok)
        ok = (*out = wl_json_print(root)) != NULL;
    cJSON_Delete(root);
    return ok ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
}

wallet_err wallet_sdjwt_present_with_transaction_data(
    wallet_ctx *ctx, char **out, const wallet_sdjwt *s, const char *const *paths,
    size_t path_count, const wallet_key *holder_key, const char *aud, const char *nonce,
    const char *const *transaction_data, size_t td_count, const char *hash_alg, unsigned flags)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!s || (path_count && !paths) || (td_count && !transaction_data))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (flags & ~(WALLET_SDJWT_JSON | WALLET_SDJWT_COMPACT | WALLET_SDJWT_EXACT) ||
        ((flags & WALLET_SDJWT_JSON) && (flags & WALLET_SDJWT_COMPACT)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown or conflicting flags");
    if (holder_key ? !aud || !nonce : aud || nonce || td_count || hash_alg)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      holder_key ? "key binding needs an audience and a nonce"
                                 : "audience, nonce and transaction data need a holder key");
    for (size_t i = 0; i < td_count; i++)
        if (!transaction_data[i])
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL transaction data");
    /* The holder key must be the one the issuer bound the credential to
     * (RFC 9901 §4.1.2): a KB-JWT by any other key proves nothing. */
    if (holder_key && (!s->cnf || !wallet_key_equal_public(s->cnf, holder_key)))
        return wl_err(ctx, WALLET_ERR_HOLDER_BINDING,
                      s->cnf ? "the holder key is not the credential's \"cnf\" key"
                             : "the credential is not bound to a holder key (no \"cnf\" JWK)");
    if (holder_key && !wallet_key_can_sign(holder_key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "key binding needs the private holder key");

    const wl_sd *sd = &s->sd;
    unsigned char small[64] = {0};
    unsigned char *selected = sd->n <= sizeof(small) ? small : wl_calloc(sd->n, 1);
    if (!selected)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wl_select(ctx, s, paths, path_count, flags, selected);

    /* "<jwt>~<d>~...~": the compact SD-JWT, which is also what "sd_hash"
     * covers in the JSON serialization (§8.1). */
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_append(&b, sd->jwt, sd->jwt_len);
    wl_buf_append_byte(&b, '~');
    for (size_t i = 0; i < sd->n; i++) {
        if (!selected[i])
            continue;
        wl_buf_append(&b, sd->d[i].text, sd->d[i].len);
        wl_buf_append_byte(&b, '~');
    }
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "SD-JWT presentation");
    char *kb = NULL;
    if (!e && holder_key)
        e = wl_kb_create(ctx, &kb, holder_key, aud, nonce, s->hash, (const char *)b.data, b.len,
                         transaction_data, td_count, hash_alg);
    int json = (flags & WALLET_SDJWT_JSON) || (sd->ser != WL_SD_COMPACT && !(flags & WALLET_SDJWT_COMPACT));
    if (!e && json) {
        e = wl_present_json(ctx, out, s, selected, kb);
    } else if (!e) {
        if (kb && !wl_buf_append_str(&b, kb))
            e = wl_buf_error(ctx, &b, "SD-JWT presentation");
        else
            *out = (char *)wl_buf_take(&b, NULL);
    }
    wallet_free(kb);
    wl_buf_free(&b);
    if (selected != small)
        free(selected);
    return e;
}

wallet_err wallet_sdjwt_present(wallet_ctx *ctx, char **out, const wallet_sdjwt *s,
                                const char *const *paths, size_t path_count,
                                const wallet_key *holder_key, const char *aud, const char *nonce,
                                unsigned flags)
{
    return wallet_sdjwt_present_with_transaction_data(ctx, out, s, paths, path_count, holder_key,
                                                      aud, nonce, NULL, 0, NULL, flags);
}
