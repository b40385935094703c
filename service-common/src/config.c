/*
 * Configuration: a JSON file (cJSON, made strict here: UTF-8, no duplicate
 * member names, an object at the top) with environment overrides. See
 * include/svc/config.h for the rules.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

#include <wallet/common.h>

#include "internal.h"
#include "svc/config.h"

#define SVCI_KEY_MAX 200
#define SVCI_ENV_MAX 256
#define SVCI_SECRET_MAX (64 * 1024)

struct svc_config {
    cJSON *root;
    char *origin;
    char *dir;
    char *prefix;
    char **strings; /* strings handed out (env values, resolved paths) */
    size_t nstrings, capstrings;
    char **used; /* keys asked for */
    size_t nused, capused;
};

/* ---- helpers ------------------------------------------------------------- */

static int svci_push(char ***arr, size_t *n, size_t *cap, char *s)
{
    if (!s)
        return 0;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **p = realloc(*arr, nc * sizeof(*p));
        if (!p) {
            free(s);
            return 0;
        }
        *arr = p;
        *cap = nc;
    }
    (*arr)[(*n)++] = s;
    return 1;
}

/* Own a string (returned pointer valid until svc_config_free). */
static const char *svci_keep(svc_config *cfg, char *s)
{
    if (!svci_push(&cfg->strings, &cfg->nstrings, &cfg->capstrings, s))
        return NULL;
    return s;
}

static int svci_key_valid(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n == 0 || n > SVCI_KEY_MAX || key[0] == '.' || key[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c == '.') {
            if (key[i + 1] == '.')
                return 0;
        } else if (!isalnum(c) && c != '_' && c != '-') {
            return 0;
        }
    }
    return 1;
}

static void svci_mark_used(svc_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->nused; i++)
        if (!strcmp(cfg->used[i], key))
            return;
    (void)svci_push(&cfg->used, &cfg->nused, &cfg->capused, svci_strdup(key));
}

static int svci_is_used(const svc_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->nused; i++)
        if (!strcmp(cfg->used[i], key))
            return 1;
    return 0;
}

/* Find the node of `key` in the file. SVC_OK with *node NULL when absent;
 * SVC_ERR_CONFIG when a path element is not an object. */
static svc_err svci_lookup(const svc_config *cfg, const cJSON **node, const char *key)
{
    *node = NULL;
    const cJSON *cur = cfg->root;
    const char *p = key;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (!cJSON_IsObject(cur))
            return svci_err(SVC_ERR_CONFIG, "config %s: %s: a parent of this key is not an object",
                            cfg->origin, key);
        const cJSON *next = NULL;
        for (const cJSON *c = cur->child; c; c = c->next)
            if (c->string && strlen(c->string) == len && !memcmp(c->string, p, len)) {
                next = c;
                break;
            }
        if (!next)
            return SVC_OK;
        cur = next;
        p += len;
        if (*p == '.')
            p++;
    }
    *node = cur;
    return SVC_OK;
}

svc_err svc_config_env_name(const svc_config *cfg, char *out, size_t cap, const char *key)
{
    if (out && cap)
        out[0] = '\0';
    if (!cfg || !out || !cfg->prefix || !svci_key_valid(key))
        return svci_err(SVC_ERR_INVALID_ARG, "config: no environment name for this key");
    size_t pl = strlen(cfg->prefix), kl = strlen(key);
    if (pl + 1 + kl + 1 > cap)
        return svci_err(SVC_ERR_INVALID_ARG, "config: environment name too long");
    memcpy(out, cfg->prefix, pl);
    out[pl] = '_';
    for (size_t i = 0; i < kl; i++) {
        char c = key[i];
        out[pl + 1 + i] = (c == '.' || c == '-') ? '_' : (char)toupper((unsigned char)c);
    }
    out[pl + 1 + kl] = '\0';
    return SVC_OK;
}

/* The override of `key`, or NULL; its variable name in env (capacity
 * SVCI_ENV_MAX). */
static const char *svci_env(const svc_config *cfg, char *env, const char *key)
{
    env[0] = '\0';
    if (!cfg->prefix || svc_config_env_name(cfg, env, SVCI_ENV_MAX, key) != SVC_OK) {
        svci_clear_err();
        return NULL;
    }
    return getenv(env);
}

/* Start of a message naming where a value came from. */
#define SVCI_FROM_FILE "config %s: %s: "
#define SVCI_FROM_ENV "environment variable %s (%s): "

/* ---- loading --------------------------------------------------------------- */

static int svci_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Duplicate member names anywhere in the tree: 1 and the name in *dup. */
static int svci_find_duplicate(const cJSON *node, const char **dup)
{
    if (cJSON_IsObject(node)) {
        size_t n = 0;
        for (const cJSON *c = node->child; c; c = c->next)
            n++;
        if (n > 1) {
            const char **names = malloc(n * sizeof(*names));
            if (!names) {
                *dup = "(out of memory)";
                return 1;
            }
            size_t i = 0;
            for (const cJSON *c = node->child; c; c = c->next)
                names[i++] = c->string ? c->string : "";
            qsort(names, n, sizeof(*names), svci_cmp_str);
            for (i = 1; i < n; i++)
                if (!strcmp(names[i - 1], names[i])) {
                    *dup = names[i]; /* points into the tree, which outlives this */
                    free(names);
                    return 1;
                }
            free(names);
        }
    }
    if (cJSON_IsObject(node) || cJSON_IsArray(node))
        for (const cJSON *c = node->child; c; c = c->next)
            if (svci_find_duplicate(c, dup))
                return 1;
    return 0;
}

static svc_err svci_config_new(svc_config **out, const char *json, size_t len, const char *origin,
                               const char *dir, const char *env_prefix)
{
    if (len > SVC_CONFIG_MAX_BYTES)
        return svci_err(SVC_ERR_TOO_LARGE, "config %s: larger than %d bytes", origin,
                        SVC_CONFIG_MAX_BYTES);
    if (!svci_utf8_valid((const uint8_t *)json, len))
        return svci_err(SVC_ERR_CONFIG, "config %s: not UTF-8", origin);
    if (memchr(json, '\0', len))
        return svci_err(SVC_ERR_CONFIG, "config %s: contains a NUL byte", origin);
    if (env_prefix) {
        for (const char *p = env_prefix; *p; p++)
            if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
                return svci_err(SVC_ERR_INVALID_ARG, "config: environment prefix must be "
                                "[A-Z0-9_]");
        if (!*env_prefix || strlen(env_prefix) > 64)
            return svci_err(SVC_ERR_INVALID_ARG, "config: environment prefix length");
    }
    svc_config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return svci_err(SVC_ERR_NOMEM, "config: out of memory");
    const char *end = NULL;
    cfg->root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    cfg->origin = svci_strdup(origin);
    cfg->dir = svci_strdup(dir);
    cfg->prefix = env_prefix ? svci_strdup(env_prefix) : NULL;
    if (!cfg->origin || !cfg->dir || (env_prefix && !cfg->prefix)) {
        svc_config_free(cfg);
        return svci_err(SVC_ERR_NOMEM, "config: out of memory");
    }
    if (!cfg->root) {
        const char *ep = cJSON_GetErrorPtr();
        long off = (ep && ep >= json && ep <= json + len) ? (long)(ep - json) : -1;
        svc_err e = svci_err(SVC_ERR_CONFIG, "config %s: not valid JSON (near byte %ld)",
                             cfg->origin, off);
        svc_config_free(cfg);
        return e;
    }
    /* Only whitespace may follow the value. */
    for (const char *p = end; p && p < json + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            svc_err e = svci_err(SVC_ERR_CONFIG, "config %s: data after the JSON value (byte "
                                 "%ld)", cfg->origin, (long)(p - json));
            svc_config_free(cfg);
            return e;
        }
    if (!cJSON_IsObject(cfg->root)) {
        svc_err e = svci_err(SVC_ERR_CONFIG, "config %s: the top level must be a JSON object",
                             cfg->origin);
        svc_config_free(cfg);
        return e;
    }
    const char *dup = NULL;
    if (svci_find_duplicate(cfg->root, &dup)) {
        svc_err e = svci_err(SVC_ERR_CONFIG, "config %s: member \"%.64s\" appears twice",
                             cfg->origin, dup);
        svc_config_free(cfg);
        return e;
    }
    *out = cfg;
    return SVC_OK;
}

svc_err svc_config_parse(svc_config **out, const char *json, size_t len, const char *origin,
                         const char *env_prefix)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = NULL;
    if (!json)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL text");
    return svci_config_new(out, json, len, origin ? origin : "(memory)", ".", env_prefix);
}

svc_err svc_config_load(svc_config **out, const char *path, const char *env_prefix)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = NULL;
    if (!path || !*path)
        return svci_err(SVC_ERR_INVALID_ARG, "config: no file given");
    FILE *f = fopen(path, "rb");
    if (!f)
        return svci_err(SVC_ERR_IO, "config %s: cannot open (%s)", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return svci_err(SVC_ERR_IO, "config %s: not a regular file", path);
    }
    if (st.st_size > SVC_CONFIG_MAX_BYTES) {
        fclose(f);
        return svci_err(SVC_ERR_TOO_LARGE, "config %s: larger than %d bytes", path,
                        SVC_CONFIG_MAX_BYTES);
    }
    size_t size = (size_t)st.st_size;
    char *text = malloc(size + 1);
    if (!text) {
        fclose(f);
        return svci_err(SVC_ERR_NOMEM, "config: out of memory");
    }
    size_t got = fread(text, 1, size, f);
    int err = ferror(f);
    fclose(f);
    if (err || got != size) {
        free(text);
        return svci_err(SVC_ERR_IO, "config %s: read failed", path);
    }
    text[size] = '\0';
    /* The directory relative paths resolve against. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? svci_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : svci_strdup(".");
    svc_err e = dir ? svci_config_new(out, text, size, path, dir, env_prefix)
                    : svci_err(SVC_ERR_NOMEM, "config: out of memory");
    free(dir);
    free(text);
    return e;
}

void svc_config_free(svc_config *cfg)
{
    if (!cfg)
        return;
    cJSON_Delete(cfg->root);
    for (size_t i = 0; i < cfg->nstrings; i++)
        free(cfg->strings[i]);
    for (size_t i = 0; i < cfg->nused; i++)
        free(cfg->used[i]);
    free(cfg->strings);
    free(cfg->used);
    free(cfg->origin);
    free(cfg->dir);
    free(cfg->prefix);
    free(cfg);
}

const char *svc_config_origin(const svc_config *cfg)
{
    return cfg ? cfg->origin : NULL;
}

const char *svc_config_dir(const svc_config *cfg)
{
    return cfg ? cfg->dir : NULL;
}

/* ---- getters ---------------------------------------------------------------- */

/* Common start of every getter: validate, mark used, find file node and env
 * override. */
static svc_err svci_get(svc_config *cfg, const char *key, const cJSON **node, const char **env,
                        char *envname)
{
    svci_clear_err();
    *node = NULL;
    *env = NULL;
    envname[0] = '\0';
    if (!cfg)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL handle");
    if (!svci_key_valid(key))
        return svci_err(SVC_ERR_INVALID_ARG, "config: malformed key");
    svci_mark_used(cfg, key);
    svc_err e = svci_lookup(cfg, node, key);
    if (e != SVC_OK)
        return e;
    *env = svci_env(cfg, envname, key);
    return SVC_OK;
}

int svc_config_has(svc_config *cfg, const char *key)
{
    if (!cfg || !svci_key_valid(key))
        return 0;
    const cJSON *node = NULL;
    char envname[SVCI_ENV_MAX];
    if (svci_lookup(cfg, &node, key) != SVC_OK) {
        svci_clear_err();
        return 0;
    }
    return node != NULL || svci_env(cfg, envname, key) != NULL;
}

svc_err svc_config_string(svc_config *cfg, const char **out, const char *key, const char *def)
{
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = NULL;
    const cJSON *node;
    const char *env;
    char envname[SVCI_ENV_MAX];
    svc_err e = svci_get(cfg, key, &node, &env, envname);
    if (e != SVC_OK)
        return e;
    if (env) {
        const char *s = svci_keep(cfg, svci_strdup(env));
        if (!s)
            return svci_err(SVC_ERR_NOMEM, "config: out of memory");
        if (!svci_utf8_valid((const uint8_t *)s, strlen(s)))
            return svci_err(SVC_ERR_CONFIG, SVCI_FROM_ENV "not UTF-8", envname, key);
        *out = s;
        return SVC_OK;
    }
    if (!node) {
        *out = def;
        return SVC_OK;
    }
    if (!cJSON_IsString(node))
        return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE "expected a string",
                        cfg->origin, key);
    *out = node->valuestring;
    return SVC_OK;
}

/* Strict decimal integer: optional '-', digits, nothing else. */
static int svci_parse_int(const char *s, int64_t *v)
{
    if (!*s || isspace((unsigned char)*s))
        return 0;
    for (const char *p = (*s == '-' || *s == '+') ? s + 1 : s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    if (*s == '+' || !isdigit((unsigned char)s[*s == '-']))
        return 0;
    errno = 0;
    char *end = NULL;
    long long x = strtoll(s, &end, 10);
    if (errno || !end || *end)
        return 0;
    *v = (int64_t)x;
    return 1;
}

svc_err svc_config_int(svc_config *cfg, int64_t *out, const char *key, int64_t def, int64_t min,
                       int64_t max)
{
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = 0;
    const cJSON *node;
    const char *env;
    char envname[SVCI_ENV_MAX];
    svc_err e = svci_get(cfg, key, &node, &env, envname);
    if (e != SVC_OK)
        return e;
    int64_t v;
    if (env) {
        if (!svci_parse_int(env, &v) || v < min || v > max)
            return svci_err(SVC_ERR_CONFIG, SVCI_FROM_ENV "expected an integer in [%lld, %lld]",
                            envname, key, (long long)min, (long long)max);
    } else if (!node) {
        v = def;
    } else {
        double d = node->valuedouble;
        if (!cJSON_IsNumber(node) || !isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0 ||
            d < (double)min || d > (double)max)
            return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE
                            "expected an integer in [%lld, %lld]", cfg->origin, key,
                            (long long)min, (long long)max);
        v = (int64_t)d;
        if (v < min || v > max)
            return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE
                            "expected an integer in [%lld, %lld]", cfg->origin, key,
                            (long long)min, (long long)max);
    }
    *out = v;
    return SVC_OK;
}

svc_err svc_config_double(svc_config *cfg, double *out, const char *key, double def, double min,
                          double max)
{
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = 0;
    const cJSON *node;
    const char *env;
    char envname[SVCI_ENV_MAX];
    svc_err e = svci_get(cfg, key, &node, &env, envname);
    if (e != SVC_OK)
        return e;
    double v;
    if (env) {
        char *end = NULL;
        errno = 0;
        v = strtod(env, &end);
        if (!*env || isspace((unsigned char)*env) || errno || !end || *end || !isfinite(v) ||
            v < min || v > max)
            return svci_err(SVC_ERR_CONFIG, SVCI_FROM_ENV "expected a number in [%g, %g]",
                            envname, key, min, max);
    } else if (!node) {
        v = def;
    } else {
        v = node->valuedouble;
        if (!cJSON_IsNumber(node) || !isfinite(v) || v < min || v > max)
            return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE
                            "expected a number in [%g, %g]", cfg->origin, key, min, max);
    }
    *out = v;
    return SVC_OK;
}

svc_err svc_config_bool(svc_config *cfg, int *out, const char *key, int def)
{
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = 0;
    const cJSON *node;
    const char *env;
    char envname[SVCI_ENV_MAX];
    svc_err e = svci_get(cfg, key, &node, &env, envname);
    if (e != SVC_OK)
        return e;
    if (env) {
        static const char *const yes[] = {"true", "1", "yes", "on"};
        static const char *const no[] = {"false", "0", "no", "off"};
        for (size_t i = 0; i < SVCI_ARRAY_LEN(yes); i++) {
            if (!strcasecmp(env, yes[i])) {
                *out = 1;
                return SVC_OK;
            }
            if (!strcasecmp(env, no[i])) {
                *out = 0;
                return SVC_OK;
            }
        }
        return svci_err(SVC_ERR_CONFIG, SVCI_FROM_ENV "expected true or false", envname, key);
    }
    if (!node) {
        *out = def ? 1 : 0;
        return SVC_OK;
    }
    if (!cJSON_IsBool(node))
        return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE "expected true or false",
                        cfg->origin, key);
    *out = cJSON_IsTrue(node) ? 1 : 0;
    return SVC_OK;
}

svc_err svc_config_path(svc_config *cfg, const char **out, const char *key, const char *def)
{
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = NULL;
    const char *s = NULL;
    svc_err e = svc_config_string(cfg, &s, key, def);
    if (e != SVC_OK)
        return e;
    if (!s)
        return SVC_OK;
    if (!*s)
        return svci_err(SVC_ERR_CONFIG, "config %s: %s: empty path", cfg->origin, key);
    if (s[0] == '/' || !strcmp(cfg->dir, ".")) {
        *out = s;
        return SVC_OK;
    }
    size_t n = strlen(cfg->dir) + 1 + strlen(s) + 1;
    char *p = malloc(n);
    if (!p)
        return svci_err(SVC_ERR_NOMEM, "config: out of memory");
    snprintf(p, n, "%s/%s", cfg->dir, s);
    *out = svci_keep(cfg, p);
    return *out ? SVC_OK : svci_err(SVC_ERR_NOMEM, "config: out of memory");
}

svc_err svc_config_json(svc_config *cfg, const cJSON **out, const char *key)
{
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = NULL;
    const cJSON *node;
    const char *env;
    char envname[SVCI_ENV_MAX];
    svc_err e = svci_get(cfg, key, &node, &env, envname);
    if (e != SVC_OK)
        return e;
    if (env)
        return svci_err(SVC_ERR_CONFIG, SVCI_FROM_ENV "objects and arrays cannot be set from "
                        "the environment", envname, key);
    if (node && !cJSON_IsObject(node) && !cJSON_IsArray(node))
        return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE "expected an object or array",
                        cfg->origin, key);
    *out = node;
    return SVC_OK;
}

/* ---- secrets ------------------------------------------------------------------ */

void svc_secret_free(void *p, size_t len)
{
    if (p) {
        wallet_memzero(p, len);
        free(p);
    }
}

static svc_err svci_read_secret_file(uint8_t **out, size_t *len, const char *path,
                                     const char *what)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return svci_err(SVC_ERR_IO, "%s: secret file %s cannot be opened (%s)", what, path,
                        strerror(errno));
    uint8_t *buf = malloc(SVCI_SECRET_MAX + 2);
    if (!buf) {
        fclose(f);
        return svci_err(SVC_ERR_NOMEM, "config: out of memory");
    }
    size_t n = fread(buf, 1, SVCI_SECRET_MAX + 1, f);
    int err = ferror(f);
    fclose(f);
    if (err || n > SVCI_SECRET_MAX) {
        svc_secret_free(buf, SVCI_SECRET_MAX + 2);
        return err ? svci_err(SVC_ERR_IO, "%s: secret file %s: read failed", what, path)
                   : svci_err(SVC_ERR_TOO_LARGE, "%s: secret file %s: larger than 64 KiB",
                              what, path);
    }
    /* One trailing newline (as editors and `echo` add) is not part of it. */
    if (n && buf[n - 1] == '\n') {
        n--;
        if (n && buf[n - 1] == '\r')
            n--;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return SVC_OK;
}

svc_err svc_config_secret(svc_config *cfg, uint8_t **out, size_t *len, const char *key)
{
    if (!out || !len)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL output");
    *out = NULL;
    *len = 0;
    const cJSON *node;
    const char *env;
    char envname[SVCI_ENV_MAX];
    svc_err e = svci_get(cfg, key, &node, &env, envname);
    if (e != SVC_OK)
        return e;
    if (node)
        return svci_err(SVC_ERR_CONFIG, SVCI_FROM_FILE "secrets must not be written "
                        "in the config file: set the environment variable or a \"_file\"",
                        cfg->origin, key);
    if (env) {
        size_t n = strlen(env);
        if (n > SVCI_SECRET_MAX)
            return svci_err(SVC_ERR_TOO_LARGE, SVCI_FROM_ENV "longer than 64 KiB", envname, key);
        uint8_t *p = malloc(n + 1);
        if (!p)
            return svci_err(SVC_ERR_NOMEM, "config: out of memory");
        memcpy(p, env, n + 1);
        *out = p;
        *len = n;
        return SVC_OK;
    }
    char filekey[SVCI_KEY_MAX + 8];
    snprintf(filekey, sizeof(filekey), "%s_file", key);
    const char *path = NULL;
    e = svc_config_path(cfg, &path, filekey, NULL);
    if (e != SVC_OK)
        return e;
    if (!path)
        return svci_err(SVC_ERR_NOT_FOUND, "config %s: %s: no secret configured (environment "
                        "variable %s or %s)", cfg->origin, key, envname[0] ? envname : "-",
                        filekey);
    return svci_read_secret_file(out, len, path, key);
}

/* ---- unused keys --------------------------------------------------------------- */

static svc_err svci_unused(const svc_config *cfg, const cJSON *obj, char *path, size_t plen)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        const char *name = c->string ? c->string : "";
        size_t nl = strlen(name);
        if (plen + (plen ? 1 : 0) + nl >= SVCI_KEY_MAX + 1)
            return svci_err(SVC_ERR_CONFIG, "config %s: key path too long under \"%.*s\"",
                            cfg->origin, (int)plen, path);
        size_t np = plen;
        if (plen)
            path[np++] = '.';
        memcpy(path + np, name, nl);
        path[np + nl] = '\0';
        if (!svci_is_used(cfg, path)) {
            if (cJSON_IsObject(c) && c->child) {
                svc_err e = svci_unused(cfg, c, path, np + nl);
                if (e != SVC_OK)
                    return e;
            } else {
                return svci_err(SVC_ERR_CONFIG, "config %s: %s: unknown key", cfg->origin, path);
            }
        }
        path[plen] = '\0';
    }
    return SVC_OK;
}

svc_err svc_config_check_unused(svc_config *cfg)
{
    svci_clear_err();
    if (!cfg)
        return svci_err(SVC_ERR_INVALID_ARG, "config: NULL handle");
    char path[SVCI_KEY_MAX + 2];
    path[0] = '\0';
    return svci_unused(cfg, cfg->root, path, 0);
}
