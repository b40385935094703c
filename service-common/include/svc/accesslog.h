/*
 * The access log: one JSON object per line per request, e.g.
 *
 *   {"time":"2026-01-01T09:00:00.123Z","method":"GET",
 *    "route":"/v1/presentations/{id}","status":200,"bytes":512,
 *    "duration_ms":1.25,"client":"3f1c9a0be27d4c11","key_id":"counter-1"}
 *
 * What it deliberately leaves out: the raw path (it may carry identifiers —
 * the matched route pattern is written instead, "-" when none matched), the
 * query string, request and response bodies, every header (Authorization,
 * cookies), and the client address itself: "client" is an HMAC-SHA256 of
 * the client key (address, or API key id) under a key kept by the log
 * (configured, or random per process), truncated to 64 bits — enough to
 * tell clients apart and follow one through the log, not to recover who it
 * was. key_id (the API key's id, a configured name such as an agency) is
 * written when a key authenticated the request. Unknown methods are written
 * as "OTHER".
 *
 * Lines are written with one write(2) each under a lock; thread-safe.
 */
#ifndef SVC_ACCESSLOG_H
#define SVC_ACCESSLOG_H

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_accesslog svc_accesslog;

/* path: a file (appended, created 0640), or NULL / "-" for stderr.
 * hash_key: the pseudonymisation key (at least 16 bytes), or NULL for a
 * random one. Errors: SVC_ERR_IO, SVC_ERR_INVALID_ARG, SVC_ERR_CRYPTO. */
svc_err svc_accesslog_open(svc_accesslog **out, const char *path, const uint8_t *hash_key,
                           size_t key_len);

/* From config: access_log.path (default stderr), access_log.enabled
 * (default true; false → *out NULL and SVC_OK), secret access_log.hash_key
 * (optional). */
svc_err svc_accesslog_from_config(svc_accesslog **out, svc_config *cfg);

void svc_accesslog_close(svc_accesslog *log);

typedef struct svc_accesslog_entry {
    int64_t time_ms;      /* Unix milliseconds */
    const char *method;
    const char *route;    /* pattern or NULL */
    unsigned status;      /* 0 if the connection closed before an answer */
    uint64_t bytes;       /* response body bytes */
    double duration_ms;
    const char *client;   /* client key to pseudonymise (NULL = none) */
    const char *key_id;   /* API key id or NULL */
} svc_accesslog_entry;

void svc_accesslog_write(svc_accesslog *log, const svc_accesslog_entry *e);

#ifdef __cplusplus
}
#endif
#endif /* SVC_ACCESSLOG_H */
