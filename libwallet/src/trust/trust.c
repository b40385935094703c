/* The trust set: trusted keys, roots and signer certificates. */
#include <stdatomic.h>
#include <dirent.h>
#include <stdio.h>

#include "../core/json.h"
#include "../crypto/crypto.h"
#include "../jose/jose.h"
#include "trust_int.h"

#define WL_TRUST_MAX_ITEMS 100000

typedef struct wl_vec {
    void **v;
    size_t n, cap;
} wl_vec;

/* The first 8 bytes of each certificate's SHA-256 (an EU DCC kid), kept
 * contiguous beside the certificate list: scanning a national trust list
 * of a thousand DSCs by kid then touches 8 KiB instead of a thousand
 * separately allocated certificates. */
typedef struct wl_kids {
    uint64_t *v;
    size_t n, cap;
} wl_kids;

struct wallet_trust {
    wl_vec keys;    /* wallet_key * */
    wl_vec roots;   /* wallet_cert * */
    wl_vec signers; /* wallet_cert * */
    wl_issuer_set *issuers; /* issuers trusted by identifier (issuer_meta.c) */
    wl_kids root_kids, signer_kids; /* parallel to roots / signers */
    uint64_t generation; /* unique across all trust sets and their changes */
};

/* Generations come from one process-wide counter, so two different
 * contents (even of a trust set freed and another allocated at the same
 * address) never share one: caches keyed by it cannot go stale. */
static _Atomic uint64_t wl_trust_generations;

static void wl_trust_touch(wallet_trust *t)
{
    t->generation = atomic_fetch_add(&wl_trust_generations, 1) + 1;
}

uint64_t wl_trust_generation(const wallet_trust *t)
{
    return t ? t->generation : 0;
}

static int wl_kids_push(wl_kids *k, const wallet_cert *c)
{
    if (k->n == k->cap) {
        size_t ncap = k->cap ? k->cap * 2 : 8;
        uint64_t *nv = realloc(k->v, ncap * sizeof(uint64_t));
        if (!nv)
            return 0;
        k->v = nv;
        k->cap = ncap;
    }
    memcpy(&k->v[k->n++], wl_cert_sha256_ref(c), sizeof(uint64_t));
    return 1;
}

static int wl_vec_push(wl_vec *vec, void *p)
{
    if (vec->n == vec->cap) {
        size_t ncap = vec->cap ? vec->cap * 2 : 8;
        void **nv = realloc(vec->v, ncap * sizeof(void *));
        if (!nv)
            return 0;
        vec->v = nv;
        vec->cap = ncap;
    }
    vec->v[vec->n++] = p;
    return 1;
}

wallet_err wallet_trust_new(wallet_ctx *ctx, wallet_trust **out)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = wl_calloc(1, sizeof(**out));
    if (*out && !((*out)->issuers = wl_issuer_set_new())) {
        free(*out);
        *out = NULL;
    }
    if (!*out)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wl_trust_touch(*out);
    return WALLET_OK;
}

void wallet_trust_free(wallet_trust *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->keys.n; i++)
        wallet_key_free(t->keys.v[i]);
    for (size_t i = 0; i < t->roots.n; i++)
        wallet_cert_free(t->roots.v[i]);
    for (size_t i = 0; i < t->signers.n; i++)
        wallet_cert_free(t->signers.v[i]);
    free(t->keys.v);
    free(t->roots.v);
    free(t->signers.v);
    wl_issuer_set_free(t->issuers);
    free(t->root_kids.v);
    free(t->signer_kids.v);
    free(t);
}

static size_t wl_trust_total(const wallet_trust *t)
{
    return t->keys.n + t->roots.n + t->signers.n;
}

/* Takes ownership of key. */
static wallet_err wl_trust_push_key(wallet_ctx *ctx, wallet_trust *t, wallet_key *key)
{
    if (wl_trust_total(t) >= WL_TRUST_MAX_ITEMS || !wl_vec_push(&t->keys, key)) {
        wallet_key_free(key);
        return wl_err(ctx, WALLET_ERR_NOMEM, "trust set full or out of memory");
    }
    wl_trust_touch(t);
    return WALLET_OK;
}

wallet_err wallet_trust_add_key(wallet_ctx *ctx, wallet_trust *t, const wallet_key *key)
{
    wl_enter(ctx);
    if (!t || !key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_key *pub = NULL;
    wallet_err e = wallet_key_public(ctx, &pub, key);
    if (e)
        return e;
    return wl_trust_push_key(ctx, t, pub);
}

/* RFC 7517 §4.2: a key published for another use ("use": "enc") is not a
 * signature key, so a verifier does not trust it for signatures. */
static wallet_err wl_jwk_check_sig_use(wallet_ctx *ctx, const cJSON *jwk)
{
    const cJSON *use = cJSON_IsObject(jwk) ? wl_json_get(jwk, "use") : NULL;
    if (use && !(cJSON_IsString(use) && !strcmp(use->valuestring, "sig")))
        return wl_err(ctx, WALLET_ERR_JWK, "JWK \"use\" is not \"sig\"");
    return WALLET_OK;
}

wallet_err wallet_trust_add_jwks(wallet_ctx *ctx, wallet_trust *t, const char *json, size_t len)
{
    wl_enter(ctx);
    if (!t || !json)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e)
        return wl_err_prefix(ctx, "JWK Set");
    const cJSON *keys = wl_json_get(root, "keys");
    if (!keys) {
        wallet_key *k = NULL, *pub = NULL;
        e = wl_jwk_check_sig_use(ctx, root);
        if (!e)
            e = wl_jwk_from_json(ctx, &k, root);
        if (!e)
            e = wallet_key_public(ctx, &pub, k);
        wallet_key_free(k);
        cJSON_Delete(root);
        return e ? e : wl_trust_push_key(ctx, t, pub);
    }
    if (!cJSON_IsArray(keys)) {
        cJSON_Delete(root);
        return wl_err(ctx, WALLET_ERR_JWK, "JWK Set: \"keys\" is not an array");
    }
    size_t added = 0, index = 0;
    for (const cJSON *j = keys->child; j; j = j->next, index++) {
        wallet_key *k = NULL, *pub = NULL;
        e = wl_jwk_check_sig_use(ctx, j);
        if (!e)
            e = wl_jwk_from_json(ctx, &k, j);
        if (!e)
            e = wallet_key_public(ctx, &pub, k);
        wallet_key_free(k);
        if (e == WALLET_ERR_NOMEM)
            break;
        if (e) {
            /* RFC 7517 §5: implementations SHOULD ignore keys they do not
             * understand (e.g. encryption or symmetric keys). */
            wl_log(ctx, WALLET_LOG_WARN, "JWK Set: key %zu skipped: %s", index,
                   wallet_ctx_errmsg(ctx));
            e = WALLET_OK;
            continue;
        }
        e = wl_trust_push_key(ctx, t, pub);
        if (e)
            break;
        added++;
    }
    cJSON_Delete(root);
    if (e)
        return e;
    if (added == 0)
        return wl_err(ctx, WALLET_ERR_JWK, "JWK Set holds no usable signature key");
    wl_enter(ctx);
    return WALLET_OK;
}

wallet_err wallet_trust_add_cert(wallet_ctx *ctx, wallet_trust *t, const wallet_cert *cert,
                                 wallet_trust_role role)
{
    wl_enter(ctx);
    if (!t || !cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (role != WALLET_TRUST_ROOT && role != WALLET_TRUST_SIGNER)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown trust role");
    wl_vec *v = role == WALLET_TRUST_ROOT ? &t->roots : &t->signers;
    wl_kids *k = role == WALLET_TRUST_ROOT ? &t->root_kids : &t->signer_kids;
    wallet_cert *c = wl_cert_ref(cert);
    if (wl_trust_total(t) >= WL_TRUST_MAX_ITEMS || !wl_kids_push(k, c)) {
        wallet_cert_free(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "trust set full or out of memory");
    }
    if (!wl_vec_push(v, c)) {
        k->n--;
        wallet_cert_free(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "trust set full or out of memory");
    }
    wl_trust_touch(t);
    return WALLET_OK;
}

wallet_err wallet_trust_add_pem(wallet_ctx *ctx, wallet_trust *t, const char *pem, size_t len,
                                wallet_trust_role role)
{
    wl_enter(ctx);
    if (!t || !pem)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (role != 0 && role != WALLET_TRUST_ROOT && role != WALLET_TRUST_SIGNER)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown trust role");
    wallet_cert **certs = NULL;
    size_t n = 0;
    wallet_err e = wallet_cert_from_pem(ctx, &certs, &n, pem, len);
    for (size_t i = 0; !e && i < n; i++) {
        wallet_trust_role r = role ? role
                              : wl_cert_is_self_signed_ca(certs[i]) ? WALLET_TRUST_ROOT
                                                                     : WALLET_TRUST_SIGNER;
        e = wallet_trust_add_cert(ctx, t, certs[i], r);
    }
    wallet_cert_array_free(certs, n);
    return e;
}

static int wl_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wl_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

wallet_err wallet_trust_load_dir(wallet_ctx *ctx, wallet_trust *t, const char *path)
{
    wl_enter(ctx);
    if (!t || !path)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    DIR *dir = opendir(path);
    if (!dir)
        return wl_err(ctx, WALLET_ERR_IO, "cannot open trust directory %s", path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    wallet_err e = WALLET_OK;
    for (struct dirent *d; (d = readdir(dir)) != NULL;) {
        const char *nm = d->d_name;
        if (nm[0] == '.' || !(wl_has_suffix(nm, ".jwk") || wl_has_suffix(nm, ".json") ||
                              wl_has_suffix(nm, ".pem") || wl_has_suffix(nm, ".crt")))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nv = n < 10000 ? realloc(names, ncap * sizeof(char *)) : NULL;
            if (!nv) {
                e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "trust directory has too many files");
                break;
            }
            names = nv;
            cap = ncap;
        }
        if (!(names[n] = wl_strdup(nm))) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            break;
        }
        n++;
    }
    closedir(dir);
    /* Load in name order, so that the result does not depend on the file
     * system's enumeration order. */
    if (!e && n)
        qsort(names, n, sizeof(char *), wl_name_cmp);
    for (size_t i = 0; !e && i < n; i++) {
        size_t plen = strlen(path) + strlen(names[i]) + 2;
        char *full = wl_malloc(plen);
        uint8_t *data = NULL;
        size_t len = 0;
        if (!full) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            break;
        }
        snprintf(full, plen, "%s/%s", path, names[i]);
        e = wl_read_file(ctx, &data, &len, full, (size_t)wl_limit(ctx, WALLET_LIMIT_INPUT_BYTES));
        if (!e) {
            if (wl_has_suffix(names[i], ".pem") || wl_has_suffix(names[i], ".crt"))
                e = wallet_trust_add_pem(ctx, t, (const char *)data, len, 0);
            else if (wl_has_suffix(names[i], ".issuer.json"))
                e = wallet_trust_add_issuer_metadata(ctx, t, (const char *)data, len);
            else
                e = wallet_trust_add_jwks(ctx, t, (const char *)data, len);
            if (e)
                wl_err_prefix(ctx, names[i]);
        }
        free(data);
        free(full);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return e;
}

size_t wallet_trust_key_count(const wallet_trust *t)
{
    return t ? t->keys.n : 0;
}

size_t wallet_trust_cert_count(const wallet_trust *t, wallet_trust_role role)
{
    if (!t)
        return 0;
    return role == WALLET_TRUST_ROOT ? t->roots.n : role == WALLET_TRUST_SIGNER ? t->signers.n : 0;
}

const wallet_key *const *wl_trust_keys(const wallet_trust *t, size_t *n)
{
    *n = t ? t->keys.n : 0;
    return t ? (const wallet_key *const *)t->keys.v : NULL;
}

const wallet_cert *const *wl_trust_roots(const wallet_trust *t, size_t *n)
{
    *n = t ? t->roots.n : 0;
    return t ? (const wallet_cert *const *)t->roots.v : NULL;
}

wl_issuer_set *wl_trust_issuers(const wallet_trust *t)
{
    return t ? t->issuers : NULL;
}

const wallet_cert *const *wl_trust_signers(const wallet_trust *t, size_t *n)
{
    *n = t ? t->signers.n : 0;
    return t ? (const wallet_cert *const *)t->signers.v : NULL;
}

size_t wl_trust_certs_by_sha256_prefix(const wallet_trust *t, const uint8_t *prefix,
                                       size_t prefix_len, const wallet_cert **out, size_t max)
{
    size_t found = 0;
    if (!t || !prefix || prefix_len == 0 || prefix_len > 32)
        return 0;
    const wl_vec *lists[2] = {&t->signers, &t->roots};
    const wl_kids *kids[2] = {&t->signer_kids, &t->root_kids};
    uint64_t want = 0;
    size_t head = prefix_len < sizeof(want) ? prefix_len : sizeof(want);
    memcpy(&want, prefix, head);
    uint64_t mask = head == sizeof(want) ? ~(uint64_t)0 : 0;
    if (!mask)
        memset(&mask, 0xff, head); /* the bytes compared, in memory order */
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < kids[l]->n; i++) {
            if ((kids[l]->v[i] & mask) != want)
                continue;
            const wallet_cert *c = lists[l]->v[i];
            if (prefix_len > head &&
                memcmp(wl_cert_sha256_ref(c) + head, prefix + head, prefix_len - head) != 0)
                continue;
            if (found < max)
                out[found] = c;
            found++;
        }
    return found;
}
