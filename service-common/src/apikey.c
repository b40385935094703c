/*
 * API keys: SHA-256 hashes with ids and scopes; bearer tokens checked in
 * constant time (see include/svc/apikey.h).
 */
#include <ctype.h>
#include <stdio.h>

#include <wallet/codec.h>
#include <wallet/primitives.h>

#include "internal.h"
#include "svc/apikey.h"

#define SVCI_MAX_KEYS 4096
#define SVCI_MAX_SCOPES 64

struct svc_apikey {
    char *id;
    char *name;
    uint8_t hash[32];
    char **scopes;
    size_t nscopes;
};

struct svc_apikeys {
    svc_apikey **keys; /* pointers: handed out, so they never move */
    size_t n, cap;
};

svc_err svc_apikeys_new(svc_apikeys **out)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "api keys: NULL output");
    *out = calloc(1, sizeof(**out));
    return *out ? SVC_OK : svci_err(SVC_ERR_NOMEM, "api keys: out of memory");
}

static void svci_key_free(svc_apikey *k)
{
    if (!k)
        return;
    free(k->id);
    free(k->name);
    for (size_t i = 0; i < k->nscopes; i++)
        free(k->scopes[i]);
    free(k->scopes);
    free(k);
}

void svc_apikeys_free(svc_apikeys *keys)
{
    if (!keys)
        return;
    for (size_t i = 0; i < keys->n; i++)
        svci_key_free(keys->keys[i]);
    free(keys->keys);
    free(keys);
}

size_t svc_apikeys_count(const svc_apikeys *keys)
{
    return keys ? keys->n : 0;
}

static int svci_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (!n || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)id[i]) && !strchr("._-", id[i]))
            return 0;
    return 1;
}

svc_err svc_apikeys_add(svc_apikeys *keys, const char *id, const char *name,
                        const char *sha256_hex, const char *const *scopes, size_t nscopes)
{
    svci_clear_err();
    if (!keys || !sha256_hex || (nscopes && !scopes))
        return svci_err(SVC_ERR_INVALID_ARG, "api keys: NULL argument");
    if (!svci_id_ok(id))
        return svci_err(SVC_ERR_INVALID_ARG, "api keys: id must be [A-Za-z0-9._-]{1,64}");
    if (nscopes > SVCI_MAX_SCOPES)
        return svci_err(SVC_ERR_INVALID_ARG, "api key %s: more than %d scopes", id,
                        SVCI_MAX_SCOPES);
    if (keys->n >= SVCI_MAX_KEYS)
        return svci_err(SVC_ERR_INVALID_ARG, "api keys: more than %d keys", SVCI_MAX_KEYS);
    uint8_t hash[32];
    if (svci_unhex(hash, 32, sha256_hex, strlen(sha256_hex)) != 0)
        return svci_err(SVC_ERR_INVALID_ARG, "api key %s: sha256 must be 64 hex digits", id);
    for (size_t i = 0; i < keys->n; i++) {
        if (!strcmp(keys->keys[i]->id, id))
            return svci_err(SVC_ERR_INVALID_ARG, "api key %s: id used twice", id);
        if (!memcmp(keys->keys[i]->hash, hash, 32))
            return svci_err(SVC_ERR_INVALID_ARG, "api key %s: same key as %s", id,
                            keys->keys[i]->id);
    }
    svc_apikey *k = calloc(1, sizeof(*k));
    if (!k)
        return svci_err(SVC_ERR_NOMEM, "api keys: out of memory");
    memcpy(k->hash, hash, 32);
    k->id = svci_strdup(id);
    k->name = svci_strdup(name ? name : id);
    k->scopes = calloc(nscopes ? nscopes : 1, sizeof(char *));
    int ok = k->id && k->name && k->scopes;
    for (size_t i = 0; ok && i < nscopes; i++) {
        if (!scopes[i] || !*scopes[i] || strlen(scopes[i]) > 128) {
            svci_key_free(k);
            return svci_err(SVC_ERR_INVALID_ARG, "api key %s: empty or overlong scope", id);
        }
        k->scopes[i] = svci_strdup(scopes[i]);
        ok = k->scopes[i] != NULL;
        k->nscopes = i + 1;
    }
    if (ok && keys->n == keys->cap) {
        size_t nc = keys->cap ? keys->cap * 2 : 8;
        svc_apikey **p = realloc(keys->keys, nc * sizeof(*p));
        ok = p != NULL;
        if (p) {
            keys->keys = p;
            keys->cap = nc;
        }
    }
    if (!ok) {
        svci_key_free(k);
        return svci_err(SVC_ERR_NOMEM, "api keys: out of memory");
    }
    keys->keys[keys->n++] = k;
    return SVC_OK;
}

svc_err svc_apikeys_from_config(svc_apikeys **out, svc_config *cfg, const char *key)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "api keys: NULL output");
    *out = NULL;
    const cJSON *arr = NULL;
    svc_err e = svc_config_json(cfg, &arr, key);
    if (e != SVC_OK)
        return e;
    if (arr && !cJSON_IsArray(arr))
        return svci_err(SVC_ERR_CONFIG, "config %s: %s: expected an array",
                        svc_config_origin(cfg), key);
    svc_apikeys *keys = NULL;
    e = svc_apikeys_new(&keys);
    int idx = 0;
    for (const cJSON *it = arr ? arr->child : NULL; it && e == SVC_OK; it = it->next, idx++) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
        const cJSON *hash = cJSON_GetObjectItemCaseSensitive(it, "sha256");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(it, "scopes");
        if (!cJSON_IsObject(it) || !cJSON_IsString(id) || !cJSON_IsString(hash) ||
            (name && !cJSON_IsString(name)) || (sc && !cJSON_IsArray(sc))) {
            e = svci_err(SVC_ERR_CONFIG, "config %s: %s[%d]: expected {\"id\": string, "
                         "\"sha256\": hex, \"name\"?: string, \"scopes\"?: [string]}",
                         svc_config_origin(cfg), key, idx);
            break;
        }
        for (const cJSON *m = it->child; m; m = m->next)
            if (strcmp(m->string, "id") && strcmp(m->string, "name") &&
                strcmp(m->string, "sha256") && strcmp(m->string, "scopes")) {
                e = svci_err(SVC_ERR_CONFIG, "config %s: %s[%d]: unknown member \"%.32s\"",
                             svc_config_origin(cfg), key, idx, m->string);
                break;
            }
        if (e != SVC_OK)
            break;
        const char *scopes[SVCI_MAX_SCOPES];
        size_t n = 0;
        for (const cJSON *s = sc ? sc->child : NULL; s; s = s->next) {
            if (!cJSON_IsString(s) || n == SVCI_MAX_SCOPES) {
                e = svci_err(SVC_ERR_CONFIG, "config %s: %s[%d].scopes: at most %d strings",
                             svc_config_origin(cfg), key, idx, SVCI_MAX_SCOPES);
                break;
            }
            scopes[n++] = s->valuestring;
        }
        if (e != SVC_OK)
            break;
        e = svc_apikeys_add(keys, id->valuestring, name ? name->valuestring : NULL,
                            hash->valuestring, scopes, n);
        if (e != SVC_OK) {
            char detail[256];
            snprintf(detail, sizeof(detail), "%s", svc_errmsg());
            e = svci_err(SVC_ERR_CONFIG, "config %s: %s[%d]: %s", svc_config_origin(cfg), key,
                         idx, detail);
        }
    }
    if (e != SVC_OK) {
        svc_apikeys_free(keys);
        return e;
    }
    *out = keys;
    return SVC_OK;
}

/* RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token, with
 * b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
 * Sets *tok / *len to the token. The scheme is case-insensitive (RFC 9110
 * §11.1). */
static int svci_parse_bearer(const char *h, const char **tok, size_t *len)
{
    if (strncasecmp(h, "Bearer", 6) != 0 || h[6] != ' ')
        return 0;
    const char *p = h + 6;
    while (*p == ' ')
        p++;
    const char *start = p;
    while (isalnum((unsigned char)*p) || (*p && strchr("-._~+/", *p)))
        p++;
    if (p == start)
        return 0;
    while (*p == '=')
        p++;
    size_t n = (size_t)(p - start);
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p || n > SVC_APIKEY_MAX_TOKEN)
        return 0;
    *tok = start;
    *len = n;
    return 1;
}

svc_err svc_apikeys_check(const svc_apikeys *keys, const svc_apikey **out,
                          const char *authorization)
{
    svci_clear_err();
    if (out)
        *out = NULL;
    if (!keys || !out)
        return svci_err(SVC_ERR_INVALID_ARG, "api keys: NULL argument");
    if (!authorization)
        return svci_err(SVC_ERR_NOT_FOUND, "no Authorization header");
    const char *tok;
    size_t len;
    if (!svci_parse_bearer(authorization, &tok, &len))
        return svci_err(SVC_ERR_MALFORMED, "Authorization is not a Bearer token");
    uint8_t h[32];
    if (wallet_sha256(NULL, h, (const uint8_t *)tok, len) != WALLET_OK)
        return svci_err(SVC_ERR_CRYPTO, "api keys: SHA-256 failed");
    /* Compare with every key, never stopping early; select the match
     * without a data-dependent branch. */
    size_t match = 0;
    unsigned found = 0;
    for (size_t i = 0; i < keys->n; i++) {
        unsigned eq = (unsigned)svci_ct_equal(h, keys->keys[i]->hash, 32);
        size_t mask = (size_t)0 - (size_t)eq;
        match = (match & ~mask) | (i & mask);
        found |= eq;
    }
    wallet_memzero(h, sizeof(h));
    if (!found)
        return svci_err(SVC_ERR_UNAUTHORIZED, "API key not recognised");
    *out = keys->keys[match];
    return SVC_OK;
}

const char *svc_apikey_id(const svc_apikey *key)
{
    return key ? key->id : NULL;
}

const char *svc_apikey_name(const svc_apikey *key)
{
    return key ? key->name : NULL;
}

int svc_apikey_has_scope(const svc_apikey *key, const char *scope)
{
    if (!key || !scope)
        return 0;
    for (size_t i = 0; i < key->nscopes; i++)
        if (!strcmp(key->scopes[i], "*") || !strcmp(key->scopes[i], scope))
            return 1;
    return 0;
}

svc_err svc_apikey_generate(char **token, char sha256_hex[65])
{
    svci_clear_err();
    if (token)
        *token = NULL;
    if (sha256_hex)
        sha256_hex[0] = '\0';
    if (!token || !sha256_hex)
        return svci_err(SVC_ERR_INVALID_ARG, "api key: NULL output");
    uint8_t raw[32], h[32];
    char *b64 = NULL;
    size_t blen = 0;
    if (wallet_random(NULL, raw, sizeof(raw)) != WALLET_OK ||
        wallet_b64url_encode(NULL, &b64, &blen, raw, sizeof(raw)) != WALLET_OK) {
        wallet_memzero(raw, sizeof(raw));
        return svci_err(SVC_ERR_CRYPTO, "api key: random generation failed");
    }
    wallet_memzero(raw, sizeof(raw));
    char *t = malloc(3 + blen + 1);
    if (!t) {
        wallet_memzero(b64, blen);
        wallet_free(b64);
        return svci_err(SVC_ERR_NOMEM, "api key: out of memory");
    }
    memcpy(t, "wk_", 3);
    memcpy(t + 3, b64, blen + 1);
    wallet_memzero(b64, blen);
    wallet_free(b64);
    if (wallet_sha256(NULL, h, (const uint8_t *)t, 3 + blen) != WALLET_OK) {
        svc_secret_free(t, 3 + blen);
        return svci_err(SVC_ERR_CRYPTO, "api key: SHA-256 failed");
    }
    svci_hex(sha256_hex, h, 32);
    *token = t;
    return SVC_OK;
}
