/*
 * Claim paths (sdjwt.h "Claim paths"): "address.locality",
 * "nationalities.1", with "\." and "\\" for a literal dot or backslash in
 * a name. A component is a member name under an object and a decimal index
 * under an array.
 */
#include "sdjwt_int.h"

#define WL_PATH_MAX_COMPONENTS 256

void wl_path_free(char **comps, size_t n)
{
    for (size_t i = 0; comps && i < n; i++)
        free(comps[i]);
    free(comps);
}

wallet_err wl_path_split(wallet_ctx *ctx, const char *path, char ***comps, size_t *n)
{
    *comps = NULL;
    *n = 0;
    if (!path || !*path)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty claim path");
    size_t len = strlen(path), count = 1;
    for (size_t i = 0; i < len; i++) {
        if (path[i] == '\\')
            i++;
        else if (path[i] == '.')
            count++;
    }
    if (count > WL_PATH_MAX_COMPONENTS)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "claim path has too many components");
    char **v = wl_calloc(count, sizeof(char *));
    char *cur = wl_malloc(len + 1);
    if (!v || !cur) {
        free(v);
        free(cur);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    size_t k = 0, cl = 0;
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i <= len && !e; i++) {
        char c = path[i];
        if (c == '\\') {
            char nx = path[i + 1];
            if (nx != '.' && nx != '\\')
                e = wl_err(ctx, WALLET_ERR_INVALID_ARG,
                           "claim path: '\\' must be followed by '.' or '\\'");
            else
                cur[cl++] = nx;
            i++;
        } else if (c == '.' || c == '\0') {
            if (cl == 0)
                e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "claim path has an empty component");
            else if (!(v[k] = wl_strndup(cur, cl)))
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            else
                k++;
            cl = 0;
        } else {
            cur[cl++] = c;
        }
    }
    free(cur);
    if (e) {
        wl_path_free(v, k);
        return e;
    }
    *comps = v;
    *n = k;
    return WALLET_OK;
}

int wl_path_append(wl_buf *b, const char *comp, size_t len)
{
    if (b->len && !wl_buf_append_byte(b, '.'))
        return 0;
    for (size_t i = 0; i < len; i++) {
        if ((comp[i] == '.' || comp[i] == '\\') && !wl_buf_append_byte(b, '\\'))
            return 0;
        if (!wl_buf_append_byte(b, (uint8_t)comp[i]))
            return 0;
    }
    return !b->failed;
}

/* A decimal array index without sign or leading zeros. */
static int wl_index(const char *s, int *out)
{
    if (!*s || (s[0] == '0' && s[1]))
        return 0;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000)
            return 0;
        v = v * 10 + (*s - '0');
    }
    *out = (int)v;
    return 1;
}

cJSON *wl_path_resolve(cJSON *root, char *const *comps, size_t n, cJSON **parent)
{
    cJSON *cur = root, *par = NULL;
    for (size_t i = 0; i < n && cur; i++) {
        par = cur;
        if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, comps[i]);
        } else if (cJSON_IsArray(cur)) {
            int idx;
            cur = wl_index(comps[i], &idx) ? cJSON_GetArrayItem(cur, idx) : NULL;
        } else {
            cur = NULL;
        }
    }
    if (parent)
        *parent = par;
    return cur;
}

/* Not cJSON_InsertItemInArray(): Debian 12's cJSON (1.7.15-1+deb12u4)
 * refuses every insertion except at the head of an array. */
void wl_sd_json_insert_before(cJSON *arr, cJSON *at, cJSON *item)
{
    if (!at) {
        cJSON_AddItemToArray(arr, item); /* cannot fail for a fresh item */
        return;
    }
    /* cJSON's list: child->prev is the last element; next ends in NULL. */
    item->next = at;
    item->prev = at->prev;
    if (at == arr->child)
        arr->child = item;
    else
        at->prev->next = item;
    at->prev = item;
}
