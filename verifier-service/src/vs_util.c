/*
 * Small helpers: base64 / base64url, random identifiers, form bodies,
 * URL encoding, constant-time comparison and claim filtering.
 */
#include <stdlib.h>
#include <string.h>

#include "vs.h"

static char *b64(const uint8_t *d, size_t n, int url)
{
    static const char std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char urls[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *a = url ? urls : std;
    if (n > SIZE_MAX / 2)
        return NULL;
    char *o = malloc(4 * ((n + 2) / 3) + 1);
    if (!o)
        return NULL;
    size_t j = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = ((uint32_t)d[i] << 16) | ((uint32_t)d[i + 1] << 8) | d[i + 2];
        o[j++] = a[v >> 18];
        o[j++] = a[(v >> 12) & 63];
        o[j++] = a[(v >> 6) & 63];
        o[j++] = a[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)d[i] << 16;
        o[j++] = a[v >> 18];
        o[j++] = a[(v >> 12) & 63];
        if (!url) {
            o[j++] = '=';
            o[j++] = '=';
        }
    } else if (n - i == 2) {
        uint32_t v = ((uint32_t)d[i] << 16) | ((uint32_t)d[i + 1] << 8);
        o[j++] = a[v >> 18];
        o[j++] = a[(v >> 12) & 63];
        o[j++] = a[(v >> 6) & 63];
        if (!url)
            o[j++] = '=';
    }
    o[j] = '\0';
    return o;
}

char *vs_b64url(const uint8_t *data, size_t len) { return b64(data, len, 1); }
char *vs_b64std(const uint8_t *data, size_t len) { return b64(data, len, 0); }

char *vs_random_id(size_t bytes)
{
    uint8_t r[64];
    if (bytes == 0 || bytes > sizeof(r) || wallet_random(NULL, r, bytes) != WALLET_OK)
        return NULL;
    char *s = vs_b64url(r, bytes);
    wallet_memzero(r, sizeof(r));
    return s;
}

char *vs_strdup(const char *s) { return s ? strdup(s) : NULL; }

char *vs_form_get(const char *body, size_t len, const char *name, int *dup, int *bad)
{
    char *v = NULL;
    wallet_err e = wallet_form_get(NULL, &v, body, len, name);
    *dup = e == WALLET_ERR_FIELD_DUPLICATE;
    *bad = e == WALLET_ERR_PERCENT;
    return v;
}

char *vs_urlencode(const char *s)
{
    char *enc = NULL;
    return wallet_pct_encode(NULL, &enc, NULL, s, strlen(s)) == WALLET_OK ? enc : NULL;
}

int vs_str_eq_ct(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return 0;
    unsigned char d = 0;
    for (size_t i = 0; i < la; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

/* ---- claim filtering -------------------------------------------------------
 *
 * Only the claims the DCQL query asked for are passed on to the relying
 * party (OpenID4VP 1.0 §6.4: the verifier asked for exactly these). The
 * selection is a set of concrete paths (wildcards already expanded by
 * wallet_dcql_match); a path ending on an object or array passes the whole
 * value. Selected array elements keep their relative order.
 */
typedef struct mark {
    const cJSON *node;
    int full;
} mark;

typedef struct marks {
    mark *v;
    size_t n, cap;
} marks;

static int marks_add(marks *m, const cJSON *node, int full)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i].node == node) {
            m->v[i].full |= full;
            return 0;
        }
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 32;
        mark *nv = realloc(m->v, nc * sizeof(*nv));
        if (!nv)
            return -1;
        m->v = nv;
        m->cap = nc;
    }
    m->v[m->n].node = node;
    m->v[m->n].full = full;
    m->n++;
    return 0;
}

static int marks_get(const marks *m, const cJSON *node)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i].node == node)
            return m->v[i].full ? 2 : 1;
    return 0;
}

static cJSON *copy_marked(const cJSON *node, const marks *m)
{
    int k = marks_get(m, node);
    if (k == 2)
        return cJSON_Duplicate(node, 1);
    if (k == 0)
        return NULL;
    cJSON *out = cJSON_IsArray(node) ? cJSON_CreateArray() : cJSON_CreateObject();
    if (!out)
        return NULL;
    const cJSON *c;
    cJSON_ArrayForEach(c, node)
    {
        if (!marks_get(m, c))
            continue;
        cJSON *cc = copy_marked(c, m);
        if (!cc) {
            cJSON_Delete(out);
            return NULL;
        }
        if (cJSON_IsArray(node))
            cJSON_AddItemToArray(out, cc);
        else
            cJSON_AddItemToObject(out, c->string, cc);
    }
    return out;
}

cJSON *vs_claims_filter(const cJSON *claims, const cJSON *paths)
{
    marks m = {0};
    if (!cJSON_IsObject(claims) || !cJSON_IsArray(paths))
        return NULL;
    if (marks_add(&m, claims, 0) < 0)
        goto fail;
    const cJSON *p;
    cJSON_ArrayForEach(p, paths)
    {
        /* Resolve the whole path first: a path that does not lead to a
         * claim marks nothing (no empty containers in the output). */
        const cJSON *nodes[64];
        size_t depth = 0;
        const cJSON *cur = claims;
        const cJSON *comp;
        int ok = cJSON_IsArray(p) && cJSON_GetArraySize(p) > 0;
        cJSON_ArrayForEach(comp, p)
        {
            const cJSON *next = NULL;
            if (!ok || depth == sizeof(nodes) / sizeof(nodes[0])) {
                ok = 0;
                break;
            }
            if (cJSON_IsString(comp) && cJSON_IsObject(cur))
                next = cJSON_GetObjectItemCaseSensitive(cur, comp->valuestring);
            else if (cJSON_IsNumber(comp) && cJSON_IsArray(cur) && comp->valuedouble >= 0 &&
                     comp->valuedouble < (double)cJSON_GetArraySize(cur))
                next = cJSON_GetArrayItem(cur, (int)comp->valuedouble);
            if (!next) {
                ok = 0;
                break;
            }
            nodes[depth++] = next;
            cur = next;
        }
        for (size_t k = 0; ok && k < depth; k++)
            if (marks_add(&m, nodes[k], k + 1 == depth) < 0)
                goto fail;
    }
    cJSON *out = copy_marked(claims, &m);
    free(m.v);
    return out ? out : cJSON_CreateObject();
fail:
    free(m.v);
    return NULL;
}
