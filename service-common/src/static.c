/*
 * Static files held in memory (see include/svc/static.h). Names are looked
 * up in the set, never joined to a filesystem path at request time, so no
 * request can reach a file outside it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "http_int.h"
#include "svc/static.h"

#define SVCI_STATIC_MAX_FILES 256
#define SVCI_STATIC_DEFAULT_TOTAL (16u * 1024 * 1024)

typedef struct svci_file {
    char *name;
    char *type;
    uint8_t *data;
    size_t len;
    char etag[SVC_ETAG_LEN];
} svci_file;

struct svc_static {
    svci_file files[SVCI_STATIC_MAX_FILES];
    size_t n;
};

typedef struct svci_static_route {
    const svc_static *st;
    char *index;
} svci_static_route;

svc_err svc_static_new(svc_static **out)
{
    svci_clear_err();
    if (!out)
        return svci_err(SVC_ERR_INVALID_ARG, "static: NULL output");
    *out = calloc(1, sizeof(**out));
    return *out ? SVC_OK : svci_err(SVC_ERR_NOMEM, "static: out of memory");
}

void svc_static_free(svc_static *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++) {
        free(st->files[i].name);
        free(st->files[i].type);
        free(st->files[i].data);
    }
    free(st);
}

static int svci_static_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (!n || n > 128 || name[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static svci_file *svci_static_find(const svc_static *st, const char *name)
{
    for (size_t i = 0; i < st->n; i++)
        if (!strcmp(st->files[i].name, name))
            return (svci_file *)(uintptr_t)&st->files[i];
    return NULL;
}

svc_err svc_static_add(svc_static *st, const char *name, const char *content_type,
                       const void *data, size_t len)
{
    svci_clear_err();
    if (!st || !name || (!data && len))
        return svci_err(SVC_ERR_INVALID_ARG, "static: NULL argument");
    if (!svci_static_name_ok(name))
        return svci_err(SVC_ERR_INVALID_ARG, "static: file name not allowed");
    svci_file f;
    memset(&f, 0, sizeof(f));
    f.name = svci_strdup(name);
    f.type = svci_strdup(content_type ? content_type : svci_content_type_of(name));
    f.data = malloc(len ? len : 1);
    if (!f.name || !f.type || !f.data) {
        free(f.name);
        free(f.type);
        free(f.data);
        return svci_err(SVC_ERR_NOMEM, "static: out of memory");
    }
    if (len)
        memcpy(f.data, data, len);
    f.len = len;
    svc_err e = svc_etag_of(f.etag, f.data, len);
    if (e != SVC_OK) {
        free(f.name);
        free(f.type);
        free(f.data);
        return e;
    }
    svci_file *old = svci_static_find(st, name);
    if (old) {
        free(old->name);
        free(old->type);
        free(old->data);
        *old = f;
        return SVC_OK;
    }
    if (st->n == SVCI_STATIC_MAX_FILES) {
        free(f.name);
        free(f.type);
        free(f.data);
        return svci_err(SVC_ERR_TOO_LARGE, "static: more than %d files", SVCI_STATIC_MAX_FILES);
    }
    st->files[st->n++] = f;
    return SVC_OK;
}

svc_err svc_static_load_dir(svc_static *st, const char *dir, size_t max_total)
{
    svci_clear_err();
    if (!st || !dir)
        return svci_err(SVC_ERR_INVALID_ARG, "static: NULL argument");
    if (!max_total)
        max_total = SVCI_STATIC_DEFAULT_TOTAL;
    DIR *d = opendir(dir);
    if (!d)
        return svci_err(SVC_ERR_IO, "static: cannot open directory %s (%s)", dir,
                        strerror(errno));
    size_t total = 0;
    for (size_t i = 0; i < st->n; i++)
        total += st->files[i].len;
    svc_err e = SVC_OK;
    struct dirent *ent;
    while (e == SVC_OK && (ent = readdir(d)) != NULL) {
        if (!svci_static_name_ok(ent->d_name))
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name) >= sizeof(path))
            continue;
        struct stat sb;
        if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue; /* symlinks and directories are not served */
        if ((uint64_t)sb.st_size > max_total - total) {
            e = svci_err(SVC_ERR_TOO_LARGE, "static: %s: the files exceed %zu bytes", dir,
                         max_total);
            break;
        }
        FILE *f = fopen(path, "rb");
        if (!f) {
            e = svci_err(SVC_ERR_IO, "static: cannot read %s (%s)", path, strerror(errno));
            break;
        }
        size_t n = (size_t)sb.st_size;
        uint8_t *buf = malloc(n ? n : 1);
        size_t got = buf ? fread(buf, 1, n, f) : 0;
        fclose(f);
        if (!buf || got != n) {
            free(buf);
            e = buf ? svci_err(SVC_ERR_IO, "static: short read of %s", path)
                    : svci_err(SVC_ERR_NOMEM, "static: out of memory");
            break;
        }
        e = svc_static_add(st, ent->d_name, NULL, buf, n);
        free(buf);
        total += n;
    }
    closedir(d);
    return e;
}

void svc_static_serve(const svc_static *st, const svc_request *req, svc_response *res,
                      const char *name)
{
    const svci_file *f = st && name ? svci_static_find(st, name) : NULL;
    if (!f) {
        svc_response_error(res, 404, "not_found", "no such file");
        return;
    }
    svc_response_cache(res, "no-cache");
    int r = svc_response_etag(res, req, f->etag);
    if (r == 1)
        return;
    /* The set outlives the server: hand the bytes over without copying. */
    svci_response_body_static(res, 200, f->type, f->data, f->len);
}

static void svci_static_index(void *user, const svc_request *req, svc_response *res)
{
    const svci_static_route *sr = user;
    svc_static_serve(sr->st, req, res, sr->index);
}

static void svci_static_file(void *user, const svc_request *req, svc_response *res)
{
    const svci_static_route *sr = user;
    svc_static_serve(sr->st, req, res, svc_request_param(req, "file"));
}

static void svci_static_route_free(void *p)
{
    svci_static_route *sr = p;
    free(sr->index);
    free(sr);
}

svc_err svc_static_route(svc_router *r, const char *prefix, const svc_static *st,
                         const char *index, const svc_route_opts *opts)
{
    svci_clear_err();
    if (!r || !prefix || !st || !index)
        return svci_err(SVC_ERR_INVALID_ARG, "static: NULL argument");
    size_t pl = strlen(prefix);
    if (pl < 2 || prefix[pl - 1] == '/' || pl > 256)
        return svci_err(SVC_ERR_INVALID_ARG, "static: prefix must be like \"/counter\"");
    svci_static_route *sr = calloc(1, sizeof(*sr));
    if (!sr || !(sr->index = svci_strdup(index))) {
        free(sr);
        return svci_err(SVC_ERR_NOMEM, "static: out of memory");
    }
    sr->st = st;
    /* The router frees sr with itself (also when a registration fails
     * after the first route already points at it). */
    svc_err e = svci_router_own(r, sr, svci_static_route_free);
    if (e != SVC_OK)
        return e;
    char pattern[300];
    snprintf(pattern, sizeof(pattern), "%s/{file}", prefix);
    e = svc_router_add(r, "GET", prefix, svci_static_index, sr, opts);
    if (e == SVC_OK)
        e = svc_router_add(r, "GET", pattern, svci_static_file, sr, opts);
    return e;
}
