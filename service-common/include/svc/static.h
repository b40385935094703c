/*
 * Static files (HTML, CSS, JS, images) served from memory — registered from
 * buffers or loaded once from a directory at start-up — for pages such as
 * the verifier's /counter. Nothing is read from disk while serving, so a
 * request can never reach outside the set: names are looked up, not joined
 * to a path.
 *
 * Served with an ETag (SHA-256 of the content) and "Cache-Control:
 * no-cache" (browsers revalidate and get 304 while unchanged); HTML gets the
 * default Content-Security-Policy of response.h.
 */
#ifndef SVC_STATIC_H
#define SVC_STATIC_H

#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct svc_static svc_static;

svc_err svc_static_new(svc_static **out);
void svc_static_free(svc_static *st);

/* Add (or replace) a file. name: [A-Za-z0-9._-]+, not starting with '.';
 * content_type NULL = by extension (.html .css .js .json .png .svg .ico .txt
 * .webmanifest .woff2; others application/octet-stream). Data is copied. */
svc_err svc_static_add(svc_static *st, const char *name, const char *content_type,
                       const void *data, size_t len);

/* Add every regular file directly inside `dir` whose name is acceptable
 * (others are skipped); at most max_total bytes in all (0 = 16 MiB).
 * Errors: SVC_ERR_IO (unreadable directory or file), SVC_ERR_TOO_LARGE. */
svc_err svc_static_load_dir(svc_static *st, const char *dir, size_t max_total);

/* Answer with the named file (200, or 304 on a matching If-None-Match), or
 * 404 not_found. */
void svc_static_serve(const svc_static *st, const svc_request *req, svc_response *res,
                      const char *name);

/* Register GET <prefix> (answers with `index`) and GET <prefix>/{file}.
 * The svc_static must outlive the router. */
svc_err svc_static_route(svc_router *r, const char *prefix, const svc_static *st,
                         const char *index, const svc_route_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* SVC_STATIC_H */
