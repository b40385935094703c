/*
 * Helpers for the wallet_svc tests: a server on a kernel-chosen loopback
 * port, libcurl requests (status, headers, body), and raw-socket exchanges
 * for what curl will not send (oversized declared bodies, unfinished
 * chunked uploads, malformed targets). Every network wait is bounded.
 */
#ifndef SVC_TESTUTIL_H
#define SVC_TESTUTIL_H

#include <arpa/inet.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "svc/apikey.h"
#include "svc/config.h"
#include "svc/health.h"
#include "svc/metrics.h"
#include "svc/response.h"
#include "svc/router.h"
#include "svc/server.h"
#include "svc/static.h"
#include "svc/storage.h"

#define tu_assert_svc(expr, expected)                                                     \
    do {                                                                                  \
        svc_err tu_e_ = (expr);                                                           \
        if (tu_e_ != (expected))                                                          \
            fail_msg("%s: got %s, want %s: %s", #expr, svc_err_str(tu_e_),                \
                     svc_err_str(expected), svc_errmsg());                                \
    } while (0)
#define tu_assert_svc_ok(expr) tu_assert_svc(expr, SVC_OK)

typedef struct tu_resp {
    long status;
    char *body;
    size_t len;
    char *headers; /* raw header block(s) */
    size_t hlen;
} tu_resp;

static size_t tu_collect(char *p, size_t sz, size_t n, void *user)
{
    char **buf = ((char ***)user)[0];
    size_t *len = ((size_t **)user)[1];
    size_t add = sz * n;
    char *nb = realloc(*buf, *len + add + 1);
    if (!nb)
        return 0;
    memcpy(nb + *len, p, add);
    *len += add;
    nb[*len] = '\0';
    *buf = nb;
    return add;
}

static inline void tu_resp_free(tu_resp *r)
{
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof(*r));
}

/* The value of header `name` in the response (first occurrence; a static
 * buffer), or NULL. */
static inline const char *tu_header(const tu_resp *r, const char *name)
{
    static char value[1024];
    size_t nl = strlen(name);
    for (const char *p = r->headers; p && *p;) {
        const char *eol = strstr(p, "\r\n");
        size_t ll = eol ? (size_t)(eol - p) : strlen(p);
        if (ll > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            size_t vl = (size_t)(p + ll - v);
            if (vl >= sizeof(value))
                vl = sizeof(value) - 1;
            memcpy(value, v, vl);
            value[vl] = '\0';
            return value;
        }
        if (!eol)
            break;
        p = eol + 2;
    }
    return NULL;
}

/* One request with curl. headers: NULL-terminated "Name: value" list (may
 * be NULL). body may be NULL. Fails the test on a transport error. */
static inline tu_resp tu_request(const char *method, unsigned port, const char *path,
                                 const char *const *headers, const void *body, size_t len)
{
    tu_resp r;
    memset(&r, 0, sizeof(r));
    CURL *c = curl_easy_init();
    assert_non_null(c);
    size_t ul = strlen(path) + 64;
    char *url = malloc(ul);
    assert_non_null(url);
    snprintf(url, ul, "http://127.0.0.1:%u%s", port, path);
    struct curl_slist *hl = NULL;
    for (size_t i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    hl = curl_slist_append(hl, "Expect:"); /* no 100-continue round trip */
    void *bctx[2] = {&r.body, &r.len};
    void *hctx[2] = {&r.headers, &r.hlen};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tu_collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, bctx);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, tu_collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, hctx);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    free(url);
    if (!r.body)
        r.body = calloc(1, 1);
    return r;
}

static inline tu_resp tu_get(unsigned port, const char *path)
{
    return tu_request("GET", port, path, NULL, NULL, 0);
}

/* ---- raw sockets -------------------------------------------------------- */

static inline int tu_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return fd;
}

static inline void tu_send_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return; /* the server may close early: that is what some tests check */
        p += w;
        n -= (size_t)w;
    }
}

/* Read until the peer closes, `until` appears, or timeout_ms passes.
 * Returns the bytes (malloc'ed, NUL-terminated); *closed set when the peer
 * closed. */
static inline char *tu_read_until(int fd, const char *until, int timeout_ms, int *closed)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    buf[0] = '\0';
    if (closed)
        *closed = 0;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long el = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (el >= timeout_ms)
            break;
        struct pollfd pf = {fd, POLLIN, 0};
        if (poll(&pf, 1, (int)(timeout_ms - el)) <= 0)
            break;
        if (n == cap)
            break;
        ssize_t r = recv(fd, buf + n, cap - n, 0);
        if (r <= 0) {
            if (closed)
                *closed = 1;
            break;
        }
        n += (size_t)r;
        buf[n] = '\0';
        if (until && strstr(buf, until))
            break;
    }
    return buf;
}

/* ---- a server for a test ------------------------------------------------ */

/* Default options on 127.0.0.1, kernel-chosen port, 4 threads. */
static inline svc_server *tu_serve(const svc_server_opts *o)
{
    svc_server *s = NULL;
    tu_assert_svc_ok(svc_server_start(&s, o));
    assert_int_not_equal(svc_server_port(s), 0);
    return s;
}

#endif /* SVC_TESTUTIL_H */
