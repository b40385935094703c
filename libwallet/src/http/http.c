/* HTTP(S) client over libcurl. See http.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>

#include "../core/buf.h"
#include "http.h"

static pthread_once_t wl_curl_once = PTHREAD_ONCE_INIT;
static int wl_curl_ok;

static void wl_curl_init(void)
{
    wl_curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/* Loopback: "localhost", [::1], or a strict dotted-quad in 127.0.0.0/8
 * (inet_pton refuses "+1", leading zeros and trailing text). */
static int wl_is_loopback(const char *host)
{
    if (!strcmp(host, "localhost") || !strcmp(host, "[::1]") || !strcmp(host, "::1"))
        return 1;
    struct in_addr a;
    return inet_pton(AF_INET, host, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

wallet_err wl_http_check_url(wallet_ctx *ctx, const char *url)
{
    pthread_once(&wl_curl_once, wl_curl_init);
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    wallet_err e = WALLET_OK;
    if (!u)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        e = wl_err(ctx, WALLET_ERR_INSECURE_URL, "not an absolute http(s) URL");
    } else if (!strcmp(scheme, "https")) {
        e = WALLET_OK;
    } else if (!strcmp(scheme, "http") && wl_is_loopback(host)) {
        e = WALLET_OK;
    } else {
        e = wl_err(ctx, WALLET_ERR_INSECURE_URL,
                   "URL scheme \"%.10s\" refused: HTTPS is required (plain HTTP only to loopback)",
                   scheme);
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return e;
}

typedef struct wl_http_sink {
    wl_buf body;
    wl_http_response *resp;
} wl_http_sink;

static size_t wl_write_cb(char *p, size_t size, size_t n, void *user)
{
    wl_http_sink *s = user;
    size_t len = size * n;
    /* Returning less than len aborts the transfer (CURLE_WRITE_ERROR). */
    return wl_buf_append(&s->body, p, len) ? len : 0;
}

static size_t wl_header_cb(char *p, size_t size, size_t n, void *user)
{
    wl_http_sink *s = user;
    size_t len = size * n;
    char line[512];
    size_t m = len < sizeof(line) - 1 ? len : sizeof(line) - 1;
    memcpy(line, p, m);
    line[m] = '\0';
    char *colon = strchr(line, ':');
    if (!colon)
        return len;
    *colon = '\0';
    char *v = colon + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t vl = strcspn(v, "\r\n");
    v[vl] = '\0';
    if (!strcasecmp(line, "Content-Type")) {
        size_t tl = strcspn(v, "; ");
        if (tl >= sizeof(s->resp->content_type))
            tl = sizeof(s->resp->content_type) - 1;
        for (size_t i = 0; i < tl; i++)
            s->resp->content_type[i] = (char)tolower((unsigned char)v[i]);
        s->resp->content_type[tl] = '\0';
    } else if (!strcasecmp(line, "ETag")) {
        snprintf(s->resp->etag, sizeof(s->resp->etag), "%s", v);
    } else if (!strcasecmp(line, "Cache-Control")) {
        const char *ma = strstr(v, "max-age=");
        if (ma) {
            char *end;
            long long age = strtoll(ma + 8, &end, 10);
            if (end != ma + 8 && age >= 0)
                s->resp->max_age = age;
        }
    }
    return len;
}

static wallet_err wl_http_do(wallet_ctx *ctx, const char *method, const char *url,
                             const char *content_type, const uint8_t *body, size_t body_len,
                             const char *accept, const char *const *headers,
                             wl_http_response *resp)
{
    memset(resp, 0, sizeof(*resp));
    resp->max_age = -1;
    if (wallet_ctx_offline(ctx))
        return wl_err(ctx, WALLET_ERR_OFFLINE, "offline: not fetching %.80s", url ? url : "");
    wallet_err e = wl_http_check_url(ctx, url);
    if (e)
        return e;
    if (!wl_curl_ok)
        return wl_err(ctx, WALLET_ERR_NETWORK, "libcurl initialisation failed");
    size_t max = (size_t)wl_limit(ctx, WALLET_LIMIT_HTTP_BYTES);
    long timeout = (long)wl_limit(ctx, WALLET_LIMIT_HTTP_TIMEOUT);
    CURL *c = curl_easy_init();
    struct curl_slist *hl = NULL;
    wl_http_sink sink;
    wl_buf_init(&sink.body, max);
    sink.resp = resp;
    if (!c) {
        wl_buf_free(&sink.body);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    char line[256];
    if (accept) {
        snprintf(line, sizeof(line), "Accept: %s", accept);
        hl = curl_slist_append(hl, line);
    }
    if (content_type) {
        snprintf(line, sizeof(line), "Content-Type: %s", content_type);
        hl = curl_slist_append(hl, line);
    }
    for (size_t i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 5 ? timeout : 5L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "libwallet/" WALLET_VERSION_STRING);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, wl_write_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, wl_header_cb);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    if (hl)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    if (!strcmp(method, "POST")) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? (const char *)body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_WRITE_ERROR || rc == CURLE_FILESIZE_EXCEEDED) {
        e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "HTTP response larger than %zu bytes", max);
    } else if (rc != CURLE_OK) {
        e = wl_err(ctx, WALLET_ERR_NETWORK, "HTTP %s failed: %s", method, curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
        resp->body = wl_buf_take(&sink.body, &resp->len);
        if (!resp->body)
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    wl_buf_free(&sink.body);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (e)
        wl_http_response_free(resp);
    return e;
}

wallet_err wl_http_get(wallet_ctx *ctx, const char *url, const char *accept,
                       wl_http_response *resp)
{
    return wl_http_do(ctx, "GET", url, NULL, NULL, 0, accept, NULL, resp);
}

wallet_err wl_http_post(wallet_ctx *ctx, const char *url, const char *content_type,
                        const uint8_t *body, size_t body_len, const char *accept,
                        const char *const *headers, wl_http_response *resp)
{
    return wl_http_do(ctx, "POST", url, content_type, body, body_len, accept, headers, resp);
}

void wl_http_response_free(wl_http_response *resp)
{
    free(resp->body);
    resp->body = NULL;
    resp->len = 0;
}
