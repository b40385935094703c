/*
 * wallet_svc — the internal library shared by issuer-service and
 * verifier-service: HTTP server, routing, replies, configuration, metrics,
 * access log, rate limits, API keys, health, storage. Never installed; not
 * part of libwallet (it uses libwallet only through its public headers, and
 * cJSON, libmicrohttpd, SQLCipher directly).
 *
 * Conventions (as in libwallet, see docs/service-common.md):
 *   - svc_<object>_<verb>(handle, outputs..., inputs..., flags); a length
 *     follows its pointer; _free(NULL) / _close(NULL) are no-ops.
 *   - Every fallible function returns an svc_err (SVC_OK == 0) and sets its
 *     outputs to NULL / 0 on failure. The detail of the last failure on the
 *     calling thread (which key, which file, which check) is svc_errmsg();
 *     it never contains a secret, a request body or personal data.
 *
 * Error codes are the library's own small enum rather than wallet_err: the
 * failures here (a config key, a bound port, a storage conflict) are not
 * libwallet's, and keeping them apart leaves libwallet's numbered blocks to
 * the library's modules. Services map them to HTTP answers themselves.
 */
#ifndef SVC_COMMON_H
#define SVC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define SVC_NODISCARD __attribute__((warn_unused_result))
#define SVC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SVC_NODISCARD
#define SVC_PRINTF(a, b)
#endif

typedef enum svc_err {
    SVC_OK = 0,
    SVC_ERR_INVALID_ARG = 1, /* NULL where a value is needed, bad name, out of range */
    SVC_ERR_NOMEM = 2,       /* allocation failed */
    SVC_ERR_IO = 3,          /* a file or socket operation failed */
    SVC_ERR_CONFIG = 4,      /* configuration invalid (detail names the key and the source) */
    SVC_ERR_NOT_FOUND = 5,   /* no such record / key / header */
    SVC_ERR_EXISTS = 6,      /* insert of a key that is already there (and live) */
    SVC_ERR_EXPIRED = 7,     /* the record exists but its expiry has passed */
    SVC_ERR_STORAGE = 8,     /* the storage backend failed */
    SVC_ERR_BAD_KEY = 9,     /* storage key wrong, or the file is not an encrypted database */
    SVC_ERR_BUSY = 10,       /* storage lock or connection not obtained in time */
    SVC_ERR_TOO_LARGE = 11,  /* a value over a size limit */
    SVC_ERR_CRYPTO = 12,     /* libwallet's random or hash failed */
    SVC_ERR_LISTEN = 13,     /* the HTTP server could not start (address, port) */
    SVC_ERR_UNAUTHORIZED = 14, /* API key missing or not valid */
    SVC_ERR_FORBIDDEN = 15,  /* API key valid but without the needed scope */
    SVC_ERR_MALFORMED = 16,  /* syntactically invalid input (URI, header, JSON) */
    SVC_ERR_STATE = 17       /* call not valid now (e.g. transaction already finished) */
} svc_err;

/* Stable lower-case identifier of a code ("not_found"); "unknown" for a
 * number that is not an svc_err. Static storage. */
const char *svc_err_str(svc_err err);

/* Detail of the most recent failure on the calling thread ("" if none):
 * an English sentence naming the failing check. Thread-local storage, valid
 * until the thread's next failing call. */
const char *svc_errmsg(void);

/* Wall-clock milliseconds since the Unix epoch, and a monotonic clock in
 * milliseconds (for durations and rate limits). */
int64_t svc_time_ms(void);
uint64_t svc_monotonic_ms(void);

/* A clock returning Unix seconds (injectable in storage for tests). */
typedef int64_t (*svc_clock_fn)(void *user);

#ifdef __cplusplus
}
#endif
#endif /* SVC_COMMON_H */
