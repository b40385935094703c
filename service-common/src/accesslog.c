/*
 * Access log: one JSON line per request, free of secrets and personal data
 * (see include/svc/accesslog.h for what is written and what is not).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <wallet/primitives.h>

#include "internal.h"
#include "svc/accesslog.h"

struct svc_accesslog {
    int fd;
    int own_fd;
    uint8_t key[32];
    size_t key_len;
    pthread_mutex_t mu;
};

svc_err svc_accesslog_open(svc_accesslog **out, const char *path, const uint8_t *hash_key,
                           size_t key_len)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "access log: NULL output");
    *out = NULL;
    if (hash_key && (key_len < 16 || key_len > 32))
        return svci_err(SVC_ERR_INVALID_ARG, "access log: hash key must be 16 to 32 bytes");
    svc_accesslog *log = calloc(1, sizeof(*log));
    if (!log)
        return svci_err(SVC_ERR_NOMEM, "access log: out of memory");
    if (hash_key) {
        memcpy(log->key, hash_key, key_len);
        log->key_len = key_len;
    } else {
        /* A fresh key per process: pseudonyms then link requests within one
         * run only. */
        if (wallet_random(NULL, log->key, sizeof(log->key)) != WALLET_OK) {
            free(log);
            return svci_err(SVC_ERR_CRYPTO, "access log: no random key");
        }
        log->key_len = sizeof(log->key);
    }
    if (!path || !strcmp(path, "-")) {
        log->fd = STDERR_FILENO;
    } else {
        log->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (log->fd < 0) {
            svc_err e = svci_err(SVC_ERR_IO, "access log: cannot open %s (%s)", path,
                                 strerror(errno));
            wallet_memzero(log->key, sizeof(log->key));
            free(log);
            return e;
        }
        log->own_fd = 1;
    }
    pthread_mutex_init(&log->mu, NULL);
    *out = log;
    return SVC_OK;
}

svc_err svc_accesslog_from_config(svc_accesslog **out, svc_config *cfg)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "access log: NULL output");
    *out = NULL;
    int enabled = 1;
    const char *path = NULL;
    svc_err e = svc_config_bool(cfg, &enabled, "access_log.enabled", 1);
    if (e == SVC_OK)
        e = svc_config_path(cfg, &path, "access_log.path", NULL);
    if (e != SVC_OK)
        return e;
    uint8_t *key = NULL;
    size_t key_len = 0;
    e = svc_config_secret(cfg, &key, &key_len, "access_log.hash_key");
    if (e == SVC_ERR_NOT_FOUND) {
        e = SVC_OK;
    } else if (e == SVC_OK && (key_len < 16 || key_len > 32)) {
        svc_secret_free(key, key_len);
        return svci_err(SVC_ERR_CONFIG, "config %s: access_log.hash_key: expected 16 to 32 bytes",
                        svc_config_origin(cfg));
    }
    if (e != SVC_OK)
        return e;
    if (enabled)
        e = svc_accesslog_open(out, path, key, key_len);
    svc_secret_free(key, key_len);
    return e;
}

void svc_accesslog_close(svc_accesslog *log)
{
    if (!log)
        return;
    if (log->own_fd)
        close(log->fd);
    wallet_memzero(log->key, sizeof(log->key));
    pthread_mutex_destroy(&log->mu);
    free(log);
}

/* Methods are client-chosen text: only the registered ones are written. */
static const char *svci_log_method(const char *m)
{
    static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH",
                                        "DELETE", "OPTIONS"};
    for (size_t i = 0; m && i < SVCI_ARRAY_LEN(known); i++)
        if (!strcmp(m, known[i]))
            return known[i];
    return "OTHER";
}

void svc_accesslog_write(svc_accesslog *log, const svc_accesslog_entry *e)
{
    if (!log || !e)
        return;
    char ts[40];
    time_t secs = (time_t)(e->time_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    size_t tl = strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + tl, sizeof(ts) - tl, ".%03dZ", (int)(e->time_ms % 1000));

    svci_buf b;
    svci_buf_init(&b, 2048);
    svci_buf_printf(&b, "{\"time\":\"%s\",\"method\":\"%s\",\"route\":", ts,
                    svci_log_method(e->method));
    svci_buf_json_string(&b, e->route ? e->route : "-");
    svci_buf_printf(&b, ",\"status\":%u,\"bytes\":%llu,\"duration_ms\":%.3f", e->status,
                    (unsigned long long)e->bytes, e->duration_ms);
    if (e->client) {
        uint8_t mac[32];
        char hex[17];
        if (wallet_hmac_sha256(NULL, mac, log->key, log->key_len, (const uint8_t *)e->client,
                               strlen(e->client)) == WALLET_OK) {
            svci_hex(hex, mac, 8);
            svci_buf_printf(&b, ",\"client\":\"%s\"", hex);
        }
    }
    if (e->key_id) {
        svci_buf_puts(&b, ",\"key_id\":");
        svci_buf_json_string(&b, e->key_id);
    }
    svci_buf_puts(&b, "}\n");
    if (b.failed) {
        svci_buf_free(&b);
        return;
    }
    pthread_mutex_lock(&log->mu);
    size_t off = 0;
    while (off < b.len) {
        ssize_t w = write(log->fd, b.data + off, b.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* a full disk must not stop the service */
        off += (size_t)w;
    }
    pthread_mutex_unlock(&log->mu);
    svci_buf_free(&b);
}
