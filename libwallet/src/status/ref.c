/*
 * The status reference a credential carries (draft §6): in JOSE the claim
 * "status": {"status_list": {"idx": N, "uri": "..."}} (§6.2, also SD-JWT
 * VC), in CBOR the Status map {"status_list": {"idx": uint, "uri": tstr}}
 * (§6.3: CWT claim 65535, the mdoc MSO "status").
 */
#include "status_int.h"

int wl_status_uri_ok(const char *s, size_t n)
{
    if (!s || n == 0 || n > WL_STATUS_URI_MAX)
        return 0;
    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    while (i < n && s[i] != ':') {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return 0;
        i++;
    }
    if (i == n || i + 1 == n)
        return 0; /* no ':' or nothing after it */
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* RFC 3986 never allows these unescaped in a URI. */
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' ||
            c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
            return 0;
    }
    return 1;
}

wallet_err wl_status_ref_from_json(wallet_ctx *ctx, const cJSON *claims, char **uri,
                                   int64_t *idx)
{
    *uri = NULL;
    *idx = -1;
    const cJSON *st = wl_json_get(claims, "status");
    /* A "status" that is not an object is some other use of the name in a
     * generic JWT; one without "status_list" names another mechanism. */
    if (!cJSON_IsObject(st))
        return WALLET_OK;
    const cJSON *sl = wl_json_get(st, "status_list");
    if (!sl)
        return WALLET_OK;
    if (!cJSON_IsObject(sl))
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE, "\"status.status_list\" is not an object");
    int64_t i;
    wallet_err e = wl_json_get_int(sl, "idx", &i);
    if (e || i < 0)
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE,
                      "\"status.status_list.idx\" is missing or not a non-negative integer");
    const cJSON *u = wl_json_get(sl, "uri");
    if (!cJSON_IsString(u) || !wl_status_uri_ok(u->valuestring, strlen(u->valuestring)))
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE,
                      "\"status.status_list.uri\" is missing or not a URI");
    if (!(*uri = wl_strdup(u->valuestring)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *idx = i;
    return WALLET_OK;
}

wallet_err wl_status_ref_from_cbor(wallet_ctx *ctx, const wl_cbor *status, char **uri,
                                   int64_t *idx)
{
    *uri = NULL;
    *idx = -1;
    if (!status)
        return WALLET_OK;
    if (status->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE, "the Status structure is not a map");
    const wl_cbor *sl = wl_cbor_map_text(status, "status_list");
    if (!sl)
        return WALLET_OK;
    if (sl->type != WL_CBOR_MAP)
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE, "Status \"status_list\" is not a map");
    const wl_cbor *i = wl_cbor_map_text(sl, "idx");
    if (!i || i->type != WL_CBOR_UINT || i->u > (uint64_t)INT64_MAX)
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE,
                      "Status \"status_list\" \"idx\" is missing or not an unsigned integer");
    const wl_cbor *u = wl_cbor_map_text(sl, "uri");
    if (!u || u->type != WL_CBOR_TEXT || !wl_status_uri_ok((const char *)u->ptr, (size_t)u->u))
        return wl_err(ctx, WALLET_ERR_STATUS_REFERENCE,
                      "Status \"status_list\" \"uri\" is missing or not a URI");
    if (!(*uri = wl_strndup((const char *)u->ptr, (size_t)u->u)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    *idx = (int64_t)i->u;
    return WALLET_OK;
}
