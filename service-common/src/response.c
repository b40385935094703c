/*
 * Response building: JSON, OAuth-style errors, bytes, headers, caching and
 * conditional GET. The server turns the result into a libmicrohttpd
 * response and adds the security headers (server.c).
 */
#include <ctype.h>
#include <stdio.h>

#include <wallet/primitives.h>

#include "http_int.h"

void svci_response_init(svc_response *res)
{
    memset(res, 0, sizeof(*res));
}

static void svci_body_drop(svc_response *res)
{
    if (res->body && res->body_free)
        res->body_free(res->body);
    res->body = NULL;
    res->len = 0;
    res->body_free = NULL;
    free(res->owned_ct);
    res->owned_ct = NULL;
    res->content_type = NULL;
}

void svci_response_release(svc_response *res)
{
    svci_body_drop(res);
    for (size_t i = 0; i < res->nheaders; i++) {
        free((char *)(uintptr_t)res->headers[i].name);
        free(res->headers[i].value);
    }
    res->nheaders = 0;
    free(res->cache);
    res->cache = NULL;
}

void svci_response_body_static(svc_response *res, unsigned status, const char *content_type,
                               const void *data, size_t len)
{
    svci_body_drop(res);
    res->status = status;
    res->body = (char *)(uintptr_t)data;
    res->len = len;
    res->content_type = content_type;
}

static svc_err svci_set_body(svc_response *res, unsigned status, const char *content_type,
                             const void *data, size_t len)
{
    if (!res)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL handle");
    if (status < 100 || status > 599) {
        res->failed = 1;
        return svci_err(SVC_ERR_INVALID_ARG, "response: status out of range");
    }
    if (!data && len) {
        res->failed = 1;
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL body");
    }
    char *copy = malloc(len + 1);
    char *ct = content_type ? svci_strdup(content_type) : NULL;
    if (!copy || (content_type && !ct)) {
        free(copy);
        free(ct);
        res->failed = 1;
        return svci_err(SVC_ERR_NOMEM, "response: out of memory");
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    svci_body_drop(res);
    res->status = status;
    res->body = copy;
    res->len = len;
    res->body_free = free;
    res->owned_ct = ct;
    res->content_type = ct;
    return SVC_OK;
}

svc_err svc_response_json(svc_response *res, unsigned status, const cJSON *json)
{
    if (!res || !json)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL argument");
    char *text = cJSON_PrintUnformatted(json);
    if (!text) {
        res->failed = 1;
        return svci_err(SVC_ERR_NOMEM, "response: cannot print JSON");
    }
    svc_err e = svci_set_body(res, status, "application/json", text, strlen(text));
    cJSON_free(text);
    return e;
}

svc_err svc_response_json_text(svc_response *res, unsigned status, const char *json, size_t len)
{
    return svci_set_body(res, status, "application/json", json, len);
}

svc_err svc_response_error(svc_response *res, unsigned status, const char *error,
                           const char *description)
{
    if (!res || !error)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL argument");
    svci_buf b;
    svci_buf_init(&b, 4096);
    svci_buf_puts(&b, "{\"error\":");
    svci_buf_json_string(&b, error);
    if (description) {
        svci_buf_puts(&b, ",\"error_description\":");
        svci_buf_json_string(&b, description);
    }
    svci_buf_puts(&b, "}");
    size_t len = 0;
    char *text = svci_buf_take(&b, &len);
    if (!text) {
        res->failed = 1;
        return svci_err(SVC_ERR_NOMEM, "response: out of memory");
    }
    svc_err e = svci_set_body(res, status, "application/json", text, len);
    free(text);
    return e;
}

svc_err svc_response_errorf(svc_response *res, unsigned status, const char *error,
                            const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof(desc), fmt, ap);
    va_end(ap);
    return svc_response_error(res, status, error, desc);
}

svc_err svc_response_body(svc_response *res, unsigned status, const char *content_type,
                          const void *data, size_t len)
{
    if (!content_type)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL content type");
    for (const char *p = content_type; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F) {
            if (res)
                res->failed = 1;
            return svci_err(SVC_ERR_INVALID_ARG, "response: control character in content type");
        }
    return svci_set_body(res, status, content_type, data, len);
}

svc_err svc_response_text(svc_response *res, unsigned status, const char *text)
{
    if (!text)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL text");
    return svci_set_body(res, status, "text/plain; charset=utf-8", text, strlen(text));
}

svc_err svc_response_png(svc_response *res, const uint8_t *png, size_t len)
{
    return svci_set_body(res, 200, "image/png", png, len);
}

void svc_response_status(svc_response *res, unsigned status)
{
    if (!res)
        return;
    svci_body_drop(res);
    if (status < 100 || status > 599) {
        res->failed = 1;
        return;
    }
    res->status = status;
}

unsigned svc_response_get_status(const svc_response *res)
{
    return res ? res->status : 0;
}

static int svci_header_value_ok(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
            return 0;
    return 1;
}

const char *svci_response_header_get(const svc_response *res, const char *name)
{
    for (size_t i = 0; i < res->nheaders; i++)
        if (!strcasecmp(res->headers[i].name, name))
            return res->headers[i].value;
    return NULL;
}

svc_err svc_response_header(svc_response *res, const char *name, const char *value)
{
    if (!res || !name || !value || !*name)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL header");
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+-.^_`|~", *p))
            return svci_err(SVC_ERR_INVALID_ARG, "response: header name is not a token");
    if (!svci_header_value_ok(value))
        return svci_err(SVC_ERR_INVALID_ARG, "response: control character in a header value");
    if (!strcasecmp(name, "Content-Type") || !strcasecmp(name, "Content-Length"))
        return svci_err(SVC_ERR_INVALID_ARG, "response: %s is set by the body", name);
    if (res->nheaders == SVCI_MAX_HEADERS)
        return svci_err(SVC_ERR_INVALID_ARG, "response: more than %d headers", SVCI_MAX_HEADERS);
    char *n = svci_strdup(name), *v = svci_strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        res->failed = 1;
        return svci_err(SVC_ERR_NOMEM, "response: out of memory");
    }
    res->headers[res->nheaders].name = n;
    res->headers[res->nheaders].value = v;
    res->nheaders++;
    return SVC_OK;
}

svc_err svc_response_cache(svc_response *res, const char *cache_control)
{
    if (!res || !cache_control || !*cache_control)
        return svci_err(SVC_ERR_INVALID_ARG, "response: NULL Cache-Control");
    if (!svci_header_value_ok(cache_control))
        return svci_err(SVC_ERR_INVALID_ARG, "response: control character in Cache-Control");
    char *c = svci_strdup(cache_control);
    if (!c) {
        res->failed = 1;
        return svci_err(SVC_ERR_NOMEM, "response: out of memory");
    }
    free(res->cache);
    res->cache = c;
    return SVC_OK;
}

/* ---- ETags ---------------------------------------------------------------- */

/* An entity-tag (RFC 9110 §8.8.3): [W/] DQUOTE *etagc DQUOTE; etagc is
 * %x21 / %x23-7E / obs-text. Returns the length of the tag at s (0 if
 * malformed) and sets *opaque / *olen to the part inside the quotes. */
static size_t svci_etag_scan(const char *s, const char **opaque, size_t *olen)
{
    const char *p = s;
    if (p[0] == 'W' && p[1] == '/')
        p += 2;
    if (*p != '"')
        return 0;
    const char *start = ++p;
    while (*p && *p != '"') {
        unsigned char c = (unsigned char)*p;
        if (c < 0x21 || c == 0x7F)
            return 0;
        p++;
    }
    if (*p != '"')
        return 0;
    *opaque = start;
    *olen = (size_t)(p - start);
    return (size_t)(p + 1 - s);
}

/* Weak comparison (RFC 9110 §8.8.3.2) of our tag with an If-None-Match list
 * (§13.1.2): "*" or any listed tag with the same opaque part. A malformed
 * list matches nothing. */
int svci_if_none_match(const char *header, const char *etag)
{
    const char *ours;
    size_t ourlen;
    if (!svci_etag_scan(etag, &ours, &ourlen))
        return 0;
    const char *p = header;
    while (*p == ' ' || *p == '\t')
        p++;
    if (p[0] == '*') {
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t')
            q++;
        return *q == '\0';
    }
    int matched = 0;
    while (*p) {
        const char *o;
        size_t ol;
        size_t n = svci_etag_scan(p, &o, &ol);
        if (!n)
            return 0;
        if (ol == ourlen && !memcmp(o, ours, ol))
            matched = 1;
        p += n;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',') {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
        } else if (*p) {
            return 0;
        }
    }
    return matched;
}

int svc_response_etag(svc_response *res, const svc_request *req, const char *etag)
{
    const char *o;
    size_t ol;
    if (!res || !etag || svci_etag_scan(etag, &o, &ol) != strlen(etag)) {
        svci_err(SVC_ERR_INVALID_ARG, "response: malformed entity-tag");
        return -1;
    }
    if (svc_response_header(res, "ETag", etag) != SVC_OK)
        return -1;
    const char *inm = svc_request_header(req, "If-None-Match");
    if (inm && svci_if_none_match(inm, etag)) {
        svc_response_status(res, 304);
        return 1;
    }
    return 0;
}

svc_err svc_etag_of(char out[SVC_ETAG_LEN], const void *data, size_t len)
{
    if (!out || (!data && len))
        return svci_err(SVC_ERR_INVALID_ARG, "etag: NULL argument");
    uint8_t d[32];
    if (wallet_sha256(NULL, d, data, len) != WALLET_OK) {
        out[0] = '\0';
        return svci_err(SVC_ERR_CRYPTO, "etag: SHA-256 failed");
    }
    out[0] = '"';
    svci_hex(out + 1, d, 16);
    out[33] = '"';
    out[34] = '\0';
    return SVC_OK;
}

/* ---- content types ------------------------------------------------------------ */

const char *svci_content_type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < SVCI_ARRAY_LEN(types); i++)
            if (!strcasecmp(dot, types[i].ext))
                return types[i].type;
    return "application/octet-stream";
}
