/* OpenID4VCI wallet side: URL, form and response helpers. */
#include "vci_int.h"


wallet_err wl_vci_check_url(wallet_ctx *ctx, wallet_err code, const char *what,
                            const char *url)
{
    if (!url || !*url)
        return wl_err(ctx, code, "%s: missing URL", what);
    size_t n = strlen(url);
    if (n > WL_VCI_MAX_URL)
        return wl_err(ctx, code, "%s: URL longer than %d bytes", what, WL_VCI_MAX_URL);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        /* RFC 3986 URIs are printable ASCII without spaces. */
        if (c <= 0x20 || c >= 0x7f)
            return wl_err(ctx, code, "%s: URL has a character outside printable ASCII", what);
    }
    if (strchr(url, '#'))
        return wl_err(ctx, code, "%s: URL has a fragment", what);
    wallet_err e = wl_http_check_url(ctx, url);
    if (e) {
        (void)wl_err_prefix(ctx, what);
        return e;
    }
    return WALLET_OK;
}

char *wl_vci_well_known(const char *id, const char *name)
{
    const char *sep = strstr(id, "://");
    if (!sep)
        return NULL;
    const char *auth = sep + 3;
    const char *path = auth + strcspn(auth, "/?#");
    if (*path == '?' || *path == '#')
        return NULL;
    size_t path_len = strlen(path);
    while (path_len > 0 && path[path_len - 1] == '/')
        path_len--;
    wl_buf b;
    wl_buf_init(&b, WL_VCI_MAX_URL * 2);
    wl_buf_append(&b, id, (size_t)(path - id));
    wl_buf_append_str(&b, "/.well-known/");
    wl_buf_append_str(&b, name);
    wl_buf_append(&b, path, path_len);
    if (b.failed) {
        wl_buf_free(&b);
        return NULL;
    }
    return (char *)wl_buf_take(&b, NULL);
}

/* The "error" of an OAuth error object, when it is a short printable token. */
static int wl_oauth_error(const cJSON *obj, char errbuf[64])
{
    const char *er = wl_json_get_string(obj, "error");
    if (!er)
        return 0;
    size_t n = strlen(er);
    if (n == 0 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)er[i];
        /* RFC 6749 §5.2: %x20-21 / %x23-5B / %x5D-7E */
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
            return 0;
        errbuf[i] = (char)c;
    }
    errbuf[n] = '\0';
    return 1;
}

wallet_err wl_vci_json_response(wallet_ctx *ctx, cJSON **obj, const wl_http_response *r,
                                long want, wallet_err malformed, const char *what,
                                char errbuf[64])
{
    *obj = NULL;
    errbuf[0] = '\0';
    if (r->status != want) {
        cJSON *err = NULL;
        if (r->status >= 400 && r->status < 500 &&
            wl_json_parse_object(NULL, &err, (const char *)r->body, r->len) == WALLET_OK &&
            wl_oauth_error(err, errbuf)) {
            cJSON_Delete(err);
            return wl_err(ctx, WALLET_ERR_HTTP_STATUS, "%s: HTTP %ld, error \"%s\"", what,
                          r->status, errbuf);
        }
        cJSON_Delete(err);
        return wl_err(ctx, WALLET_ERR_HTTP_STATUS, "%s: unexpected HTTP status %ld", what,
                      r->status);
    }
    wallet_err e = wl_json_parse_object(ctx, obj, (const char *)r->body, r->len);
    if (e == WALLET_ERR_JSON_TYPE || e == WALLET_ERR_JSON)
        return wl_err(ctx, malformed, "%s: body is not a JSON object", what);
    if (e) {
        (void)wl_err_prefix(ctx, what);
        return e;
    }
    return WALLET_OK;
}

wallet_err wl_vci_strdup_checked(wallet_ctx *ctx, char **out, const cJSON *item, size_t max,
                                 wallet_err code, const char *what)
{
    *out = NULL;
    if (!cJSON_IsString(item) || !item->valuestring)
        return wl_err(ctx, code, "\"%s\" missing or not a string", what);
    size_t n = strlen(item->valuestring);
    if (n == 0 || n > max)
        return wl_err(ctx, code, "\"%s\" empty or longer than %zu bytes", what, max);
    *out = wl_strndup(item->valuestring, n);
    if (!*out)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    return WALLET_OK;
}
