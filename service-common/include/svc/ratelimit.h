/*
 * Per-client rate limits: a token bucket per (group, client key). A group
 * (e.g. "default", "token", "admin") has a rate (tokens per second) and a
 * burst (bucket size); a request takes one token; an empty bucket answers
 * 429 with Retry-After (whole seconds until a token is back).
 *
 * Memory is bounded: at most max_clients buckets. A bucket idle long enough
 * to be full again carries no information and is dropped; when the table is
 * full, the least recently used bucket is evicted (that client starts again
 * with a full bucket — the price of a bound). Thread-safe.
 */
#ifndef SVC_RATELIMIT_H
#define SVC_RATELIMIT_H

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_ratelimit svc_ratelimit;

/* max_clients 0 = 100000. */
svc_err svc_ratelimit_new(svc_ratelimit **out, size_t max_clients);
void svc_ratelimit_free(svc_ratelimit *rl);

/* Define or redefine a group: rate > 0 tokens/s, burst >= 1. */
svc_err svc_ratelimit_group(svc_ratelimit *rl, const char *group, double rate, double burst);

/*
 * Take a token for `client` in `group` at the limiter's clock. Returns 1
 * (allowed) or 0 (denied; *retry_after_s set, >= 1). A group never defined
 * falls back to "default"; with no "default" either, everything is allowed.
 */
int svc_ratelimit_take(svc_ratelimit *rl, const char *group, const char *client,
                       unsigned *retry_after_s);

/* Replace the monotonic clock (milliseconds) — for tests. */
void svc_ratelimit_set_clock(svc_ratelimit *rl, uint64_t (*now_ms)(void *user), void *user);

/* Number of buckets held. */
size_t svc_ratelimit_size(svc_ratelimit *rl);

/*
 * From config: rate_limits.max_clients, and every member of the object
 * "rate_limits.groups" is a group {"rate": r, "burst": b} (each value
 * overridable from the environment as usual, e.g.
 * WALLET_ISSUER_RATE_LIMITS_GROUPS_TOKEN_RATE). Absent "rate_limits.groups":
 * a "default" group of 20/s, burst 40. rate_limits.enabled false → *out
 * NULL and SVC_OK.
 */
svc_err svc_ratelimit_from_config(svc_ratelimit **out, svc_config *cfg);

#ifdef __cplusplus
}
#endif
#endif /* SVC_RATELIMIT_H */
