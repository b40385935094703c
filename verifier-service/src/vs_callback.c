/*
 * Callbacks: when a relying party registered a callback_url, the result of
 * each of its presentations (the same JSON as GET /v1/presentations/{id})
 * is POSTed there once, from a detached thread, with a bounded timeout.
 * A failed delivery is not retried: the relying party can always poll.
 * HTTPS only, except loopback (checked when the registry is loaded).
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vs.h"

typedef struct cb_job {
    vs_app *app;
    char *url;
    char *body;
} cb_job;

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static void *cb_run(void *arg)
{
    cb_job *j = arg;
    CURL *c = curl_easy_init();
    if (c) {
        struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_URL, j->url);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, j->body);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_perform(c);
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
    }
    pthread_mutex_lock(&j->app->cb_lock);
    j->app->cb_running--;
    pthread_mutex_unlock(&j->app->cb_lock);
    free(j->url);
    free(j->body);
    free(j);
    return NULL;
}

void vs_callback_send(vs_app *app, const char *url, const char *json)
{
    cb_job *j = calloc(1, sizeof(*j));
    if (!j)
        return;
    j->app = app;
    j->url = strdup(url);
    j->body = strdup(json);
    pthread_t t;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_mutex_lock(&app->cb_lock);
    app->cb_running++;
    pthread_mutex_unlock(&app->cb_lock);
    if (!j->url || !j->body || pthread_create(&t, &at, cb_run, j) != 0) {
        pthread_mutex_lock(&app->cb_lock);
        app->cb_running--;
        pthread_mutex_unlock(&app->cb_lock);
        free(j->url);
        free(j->body);
        free(j);
    }
    pthread_attr_destroy(&at);
}

void vs_callback_drain(vs_app *app, unsigned max_ms)
{
    for (unsigned waited = 0; waited < max_ms; waited += 10) {
        pthread_mutex_lock(&app->cb_lock);
        unsigned n = app->cb_running;
        pthread_mutex_unlock(&app->cb_lock);
        if (n == 0)
            return;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}
