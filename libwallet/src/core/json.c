/* Strict JSON over cJSON. See json.h. */
#include "json.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>

/*
 * Pre-scan: UTF-8 validity, nesting depth, escaped NUL — all before cJSON
 * allocates anything. Strings are skipped with their escapes so that
 * brackets inside strings do not count. Two things cJSON lets through are
 * refused here too (RFC 8259 §6, §7): raw control characters inside
 * strings, and numbers off the grammar ("01", "1.", "1e").
 */
static wallet_err wl_json_prescan(wallet_ctx *ctx, const char *text, size_t len)
{
    const uint8_t *s = (const uint8_t *)text;
    if (!wl_utf8_valid(s, len))
        return wl_err(ctx, WALLET_ERR_JSON, "JSON: not valid UTF-8");
    int64_t max_depth = wl_limit(ctx, WALLET_LIMIT_JSON_DEPTH);
    int64_t depth = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if (c == '"') {
            for (i++; i < len && s[i] != '"'; i++) {
                if (s[i] < 0x20)
                    return wl_err(ctx, WALLET_ERR_JSON,
                                  "JSON: control character in string at offset %zu", i);
                if (s[i] == '\\') {
                    if (i + 1 >= len)
                        break;
                    i++;
                    if (s[i] == 'u' && i + 4 < len && memcmp(s + i + 1, "0000", 4) == 0)
                        return wl_err(ctx, WALLET_ERR_JSON,
                                      "JSON: escaped NUL in string at offset %zu", i - 1);
                }
            }
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                return wl_err(ctx, WALLET_ERR_TOO_DEEP,
                              "JSON: nesting deeper than %lld at offset %zu",
                              (long long)max_depth, i);
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            /* number = [ "-" ] ( "0" / 1*9 *DIGIT ) [ "." 1*DIGIT ] [ e [ sign ] 1*DIGIT ] */
            size_t j = i + (c == '-'), d = j;
            while (j < len && s[j] >= '0' && s[j] <= '9')
                j++;
            int ok = j > d && !(s[d] == '0' && j - d > 1);
            if (ok && j < len && s[j] == '.') {
                size_t f = ++j;
                while (j < len && s[j] >= '0' && s[j] <= '9')
                    j++;
                ok = j > f;
            }
            if (ok && j < len && (s[j] == 'e' || s[j] == 'E')) {
                j++;
                if (j < len && (s[j] == '+' || s[j] == '-'))
                    j++;
                size_t x = j;
                while (j < len && s[j] >= '0' && s[j] <= '9')
                    j++;
                ok = j > x;
            }
            if (!ok)
                return wl_err(ctx, WALLET_ERR_JSON, "JSON: malformed number at offset %zu", i);
            i = j - 1;
        }
    }
    return WALLET_OK;
}

static int wl_key_cmp(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string, y->string);
}

/* Returned by wl_json_find_duplicate() when it runs out of memory (told
 * apart by address: "" is itself a valid, duplicable member name). */
static const char wl_json_dup_oom[] = "";

/* Find a duplicate member name in any object of the tree. */
static const char *wl_json_find_duplicate(const cJSON *item)
{
    for (; item; item = item->next) {
        if (cJSON_IsObject(item)) {
            size_t n = 0;
            for (const cJSON *c = item->child; c; c = c->next)
                n++;
            if (n > 1 && n <= 16) {
                for (const cJSON *a = item->child; a; a = a->next)
                    for (const cJSON *b = a->next; b; b = b->next)
                        if (strcmp(a->string, b->string) == 0)
                            return a->string;
            } else if (n > 16) {
                /* Sort pointers so that large objects cost O(n log n). */
                const cJSON **v = malloc(n * sizeof(*v));
                if (!v)
                    return wl_json_dup_oom;
                size_t k = 0;
                for (const cJSON *c = item->child; c; c = c->next)
                    v[k++] = c;
                qsort(v, n, sizeof(*v), wl_key_cmp);
                const char *dup = NULL;
                for (k = 1; k < n && !dup; k++)
                    if (strcmp(v[k - 1]->string, v[k]->string) == 0)
                        dup = v[k]->string;
                free(v);
                if (dup)
                    return dup;
            }
        }
        if (item->child) {
            const char *d = wl_json_find_duplicate(item->child);
            if (d)
                return d;
        }
    }
    return NULL;
}

wallet_err wl_json_parse(wallet_ctx *ctx, cJSON **out, const char *text, size_t len)
{
    *out = NULL;
    wallet_err e = wl_check_input_size(ctx, len, "JSON");
    if (e)
        return e;
    e = wl_json_prescan(ctx, text, len);
    if (e)
        return e;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        /* On failure cJSON points return_parse_end at the error (and, unlike
         * cJSON_GetErrorPtr(), this is not global state shared by threads). */
        const char *at = end;
        size_t off = (at && at >= text && at <= text + len) ? (size_t)(at - text) : 0;
        return wl_err(ctx, WALLET_ERR_JSON, "JSON: syntax error near offset %zu", off);
    }
    if (end) {
        for (const char *p = end; p < text + len; p++) {
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
                cJSON_Delete(root);
                return wl_err(ctx, WALLET_ERR_TRAILING_DATA, "JSON: trailing data at offset %zu",
                              (size_t)(p - text));
            }
        }
    }
    const char *dup = wl_json_find_duplicate(root);
    if (dup) {
        /* The name is structural (a member name), not a value: safe to report,
         * but cap its length. */
        e = dup != wl_json_dup_oom
                ? wl_err(ctx, WALLET_ERR_JSON_DUPLICATE,
                         "JSON: member \"%.40s\" appears more than once", dup)
                : wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        cJSON_Delete(root);
        return e;
    }
    *out = root;
    return WALLET_OK;
}

wallet_err wl_json_parse_object(wallet_ctx *ctx, cJSON **out, const char *text, size_t len)
{
    wallet_err e = wl_json_parse(ctx, out, text, len);
    if (e)
        return e;
    if (!cJSON_IsObject(*out)) {
        cJSON_Delete(*out);
        *out = NULL;
        return wl_err(ctx, WALLET_ERR_JSON_TYPE, "JSON: expected an object");
    }
    return WALLET_OK;
}

const cJSON *wl_json_get(const cJSON *obj, const char *name)
{
    if (!cJSON_IsObject(obj))
        return NULL;
    for (const cJSON *c = obj->child; c; c = c->next)
        if (c->string && strcmp(c->string, name) == 0)
            return c;
    return NULL;
}

const char *wl_json_get_string(const cJSON *obj, const char *name)
{
    const cJSON *v = wl_json_get(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int wl_json_is_int(const cJSON *item, int64_t *v)
{
    if (!cJSON_IsNumber(item))
        return 0;
    double d = item->valuedouble;
    if (!isfinite(d) || d != floor(d) || d > 9007199254740992.0 || d < -9007199254740992.0)
        return 0;
    if (v)
        *v = (int64_t)d;
    return 1;
}

wallet_err wl_json_get_int(const cJSON *obj, const char *name, int64_t *v)
{
    const cJSON *it = wl_json_get(obj, name);
    if (!it)
        return WALLET_ERR_NOT_FOUND;
    return wl_json_is_int(it, v) ? WALLET_OK : WALLET_ERR_JSON_TYPE;
}

char *wl_json_print(const cJSON *item)
{
    /* Copy into our own allocation: the application may have installed cJSON
     * hooks, and what we return is released with wallet_free(). */
    char *tmp = cJSON_PrintUnformatted(item);
    if (!tmp)
        return NULL;
    char *s = wl_strdup(tmp);
    cJSON_free(tmp);
    return s;
}

/* Integral numbers of a tree, temporarily turned into cJSON_Raw nodes that
 * hold their digits (wl_json_print_owned). */
enum { WL_JSON_INT_PATCHES = 32 };
typedef struct wl_json_ints {
    size_t n;
    struct {
        cJSON *node;
        int type;
        char digits[24];
    } v[WL_JSON_INT_PATCHES];
} wl_json_ints;

static void wl_json_ints_patch(wl_json_ints *p, cJSON *item)
{
    for (; item && p->n < WL_JSON_INT_PATCHES; item = item->next) {
        int64_t v;
        if (item->child)
            wl_json_ints_patch(p, item->child);
        else if (!item->valuestring && wl_json_is_int(item, &v)) {
            /* Digits written by hand, last first: "%lld" would be the same
             * text at a fraction of cJSON's cost but still a printf. */
            char tmp[24];
            size_t k = 0;
            uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            do
                tmp[k++] = (char)('0' + u % 10);
            while ((u /= 10) != 0);
            char *d = p->v[p->n].digits;
            size_t j = 0;
            if (v < 0)
                d[j++] = '-';
            while (k)
                d[j++] = tmp[--k];
            d[j] = '\0';
            p->v[p->n].node = item;
            p->v[p->n].type = item->type;
            item->type = cJSON_Raw;
            item->valuestring = d;
            p->n++;
        }
    }
}

static void wl_json_ints_restore(wl_json_ints *p)
{
    for (size_t i = 0; i < p->n; i++) {
        p->v[i].node->type = p->v[i].type;
        p->v[i].node->valuestring = NULL;
    }
}

char *wl_json_print_owned(cJSON *item)
{
    wl_json_ints ints;
    ints.n = 0;
    wl_json_ints_patch(&ints, item);
    char buf[4096];
    char *s = cJSON_PrintPreallocated(item, buf, (int)sizeof(buf), 0) ? wl_strdup(buf)
                                                                      : wl_json_print(item);
    wl_json_ints_restore(&ints);
    return s;
}

int wl_json_print_to(wl_buf *b, const cJSON *item)
{
    char *tmp = cJSON_PrintUnformatted(item);
    if (!tmp) {
        b->failed = 1;
        return 0;
    }
    int ok = wl_buf_append_str(b, tmp);
    cJSON_free(tmp);
    return ok;
}

int wl_json_append_string(wl_buf *b, const char *s, size_t n)
{
    static const char hexd[] = "0123456789abcdef";
    if (!wl_buf_append_byte(b, '"'))
        return 0;
    /* Bytes that need no escape are copied in runs (one append per run, not
     * per byte: result JSON is built on every verification). */
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (i > run && !wl_buf_append(b, s + run, i - run))
            return 0;
        run = i + 1;
        char esc[7];
        const char *rep = NULL;
        switch (c) {
        case '"': rep = "\\\""; break;
        case '\\': rep = "\\\\"; break;
        case '\b': rep = "\\b"; break;
        case '\f': rep = "\\f"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        default:
            esc[0] = '\\';
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hexd[c >> 4];
            esc[5] = hexd[c & 15];
            esc[6] = 0;
            rep = esc;
        }
        if (!wl_buf_append_str(b, rep))
            return 0;
    }
    if (n > run && !wl_buf_append(b, s + run, n - run))
        return 0;
    return wl_buf_append_byte(b, '"');
}
