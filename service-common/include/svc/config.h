/*
 * Configuration: one JSON file plus environment overrides.
 *
 * Keys are paths of object member names joined by dots: "listen.port" is
 * {"listen": {"port": ...}}. Each name is [A-Za-z0-9_-]+.
 *
 * Environment override rule: with env_prefix "WALLET_ISSUER", the key
 * "listen.port" is overridden by WALLET_ISSUER_LISTEN_PORT — the prefix,
 * "_", then the key upper-cased with '.' and '-' turned into '_'. An
 * override wins over the file, also for keys the file does not have. Only
 * scalar keys (strings, numbers, booleans) can be overridden; objects and
 * arrays (svc_config_json) come from the file only.
 *
 * Secrets (svc_config_secret) are never read from the file itself: they come
 * from the environment variable of the key, from a file named by
 * <ENV>_FILE, or from a file named in the config by the member "<name>_file"
 * next to the key. A secret written inline in the file is refused, so a
 * config file can be shared, versioned and logged without leaking one.
 *
 * Every getter takes a default used when the key is absent, checks the type
 * and range, and on failure returns SVC_ERR_CONFIG with a detail naming the
 * key and where the bad value came from ("config /etc/issuer.json:
 * listen.port: expected an integer in [0, 65535]" or "environment variable
 * WALLET_ISSUER_LISTEN_PORT (listen.port): ..."). Strings returned are owned
 * by the svc_config and live until svc_config_free().
 *
 * A config is read at start-up from one thread; it is not locked.
 */
#ifndef SVC_CONFIG_H
#define SVC_CONFIG_H

#include <cjson/cJSON.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_config svc_config;

/* Largest accepted config file. */
#define SVC_CONFIG_MAX_BYTES (1024 * 1024)

/*
 * Read and parse the JSON file at `path` (an object at the top; UTF-8;
 * duplicate member names refused). env_prefix may be NULL (no overrides).
 * Errors: SVC_ERR_IO (unreadable or missing file: the detail names it),
 * SVC_ERR_CONFIG (not JSON, not an object, duplicate member, not UTF-8),
 * SVC_ERR_TOO_LARGE, SVC_ERR_INVALID_ARG, SVC_ERR_NOMEM.
 */
svc_err svc_config_load(svc_config **out, const char *path, const char *env_prefix);

/* The same from text in memory; `origin` names it in messages (and relative
 * paths resolve against the current directory). */
svc_err svc_config_parse(svc_config **out, const char *json, size_t len, const char *origin,
                         const char *env_prefix);

void svc_config_free(svc_config *cfg);

/* The file path (or origin) and its directory. */
const char *svc_config_origin(const svc_config *cfg);
const char *svc_config_dir(const svc_config *cfg);

/* Write the environment variable name of `key` into out (capacity cap).
 * SVC_ERR_INVALID_ARG if there is no prefix, the key is malformed, or it
 * does not fit. */
svc_err svc_config_env_name(const svc_config *cfg, char *out, size_t cap, const char *key);

/* 1 if the key is set in the file or the environment. */
int svc_config_has(svc_config *cfg, const char *key);

/* Typed getters. On failure *out is NULL / 0. */
svc_err svc_config_string(svc_config *cfg, const char **out, const char *key, const char *def);
svc_err svc_config_int(svc_config *cfg, int64_t *out, const char *key, int64_t def, int64_t min,
                       int64_t max);
svc_err svc_config_double(svc_config *cfg, double *out, const char *key, double def, double min,
                          double max);
/* JSON true/false; from the environment: true/false, 1/0, yes/no, on/off. */
svc_err svc_config_bool(svc_config *cfg, int *out, const char *key, int def);
/* A string naming a file: relative paths resolve against the config file's
 * directory. *out is NULL when the key is absent and def is NULL. */
svc_err svc_config_path(svc_config *cfg, const char **out, const char *key, const char *def);
/* An object or array (file only); *out is NULL when absent. The tree is
 * owned by cfg. */
svc_err svc_config_json(svc_config *cfg, const cJSON **out, const char *key);

/*
 * A secret (see above for where it may come from); at most 64 KiB; a single
 * trailing newline of a secret file is dropped. *out is allocated (and
 * NUL-terminated for convenience): release with svc_secret_free(*out,
 * *len). SVC_ERR_NOT_FOUND when no source is configured; SVC_ERR_CONFIG when
 * the secret is written inline in the file; SVC_ERR_IO when the named file
 * cannot be read.
 */
svc_err svc_config_secret(svc_config *cfg, uint8_t **out, size_t *len, const char *key);
void svc_secret_free(void *p, size_t len);

/*
 * After reading everything: SVC_ERR_CONFIG naming the first key of the file
 * that no getter asked for (a typo such as "listen.prot" would otherwise be
 * silently ignored). Keys under a subtree read with svc_config_json count as
 * read.
 */
svc_err svc_config_check_unused(svc_config *cfg);

#ifdef __cplusplus
}
#endif
#endif /* SVC_CONFIG_H */
