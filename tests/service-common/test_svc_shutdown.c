/* Graceful shutdown: a server process (svc_testserver) gets SIGTERM or
 * SIGINT during a slow request; the request completes, new connections
 * are refused, and the process exits 0 — within the grace bound even when
 * a request would take longer. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "svc_testutil.h"

typedef struct child {
    pid_t pid;
    unsigned port;
} child;

static child start_server(const char *grace_ms)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        /* A shell that runs this test in the background (`cmd &`, nohup)
         * hands down SIGINT ignored, and an ignored signal is discarded
         * before the server's sigwait could see it: start from the
         * defaults, as a service manager would. */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        execl(SVC_TESTSERVER, SVC_TESTSERVER, "--grace", grace_ms, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[64] = "";
    size_t n = 0;
    struct pollfd pf = {fds[0], POLLIN, 0};
    while (n < sizeof(line) - 1 && !strchr(line, '\n')) {
        if (poll(&pf, 1, 10000) <= 0)
            break;
        ssize_t r = read(fds[0], line + n, sizeof(line) - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        line[n] = '\0';
    }
    close(fds[0]);
    child c = {pid, 0};
    if (sscanf(line, "PORT %u", &c.port) != 1)
        fail_msg("server did not report its port: \"%s\"", line);
    return c;
}

/* waitpid with a bound; returns the wait status, fails if it does not end. */
static int wait_exit(pid_t pid, int timeout_ms, long *elapsed_ms)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int status = 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long el = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (r == pid) {
            if (elapsed_ms)
                *elapsed_ms = el;
            return status;
        }
        if (el > timeout_ms) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail_msg("server did not exit within %d ms", timeout_ms);
        }
        usleep(10000);
    }
}

typedef struct slow_req {
    unsigned port;
    const char *path;
    long status;
    char body[64];
    int transport_error;
    struct timespec sent; /* when the request was about to be sent */
} slow_req;

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void *do_slow(void *p)
{
    slow_req *s = p;
    CURL *c = curl_easy_init();
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", s->port, s->path);
    char *body = NULL;
    size_t len = 0;
    void *ctx[2] = {&body, &len};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tu_collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, ctx);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    clock_gettime(CLOCK_MONOTONIC, &s->sent);
    s->transport_error = curl_easy_perform(c) != CURLE_OK;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &s->status);
    snprintf(s->body, sizeof(s->body), "%s", body ? body : "");
    free(body);
    curl_easy_cleanup(c);
    return NULL;
}

/* Wait (bounded: 30 s, generous for a loaded CI machine) until the server
 * has the slow request in its handler: the test server counts /slow
 * handlers that started (the in-flight gauge would not do: a /metrics
 * request whose completion is not yet accounted counts there too). On
 * failure the server is killed first, so that a failed test never leaves a
 * process holding the test's output. */
static void wait_in_flight(const child *c)
{
    unsigned port = c->port;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (t1.tv_sec - t0.tv_sec > 30)
            break;
        tu_resp x = tu_get(port, "/metrics");
        static const char gauge[] = "\nsvc_test_slow_started_total ";
        const char *p = strstr(x.body, gauge);
        long n = p ? strtol(p + sizeof(gauge) - 1, NULL, 10) : 0;
        tu_resp_free(&x);
        if (n >= 1)
            return;
        usleep(10000);
    }
    kill(c->pid, SIGKILL);
    waitpid(c->pid, NULL, 0);
    fail_msg("the slow request never reached the server");
}

static int connect_refused(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
    int refused = r != 0 && errno == ECONNREFUSED;
    close(fd);
    return refused;
}

static void sigterm_during_request(int sig)
{
    child c = start_server("10000");
    tu_resp x = tu_get(c.port, "/hello");
    assert_int_equal(x.status, 200);
    tu_resp_free(&x);

    slow_req s = {c.port, "/slow?ms=1500", 0, "", 0, {0, 0}};
    pthread_t th;
    pthread_create(&th, NULL, do_slow, &s);
    wait_in_flight(&c);
    assert_int_equal(kill(c.pid, sig), 0);
    usleep(200000);
    /* Stopped accepting... */
    assert_true(connect_refused(c.port));
    /* ...but the request in flight completes. */
    pthread_join(th, NULL);
    assert_false(s.transport_error);
    assert_int_equal(s.status, 200);
    assert_string_equal(s.body, "slow done");
    long el = 0;
    int status = wait_exit(c.pid, 8000, &el);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_sigterm_lets_inflight_request_finish_and_exits_0(void **state)
{
    (void)state;
    sigterm_during_request(SIGTERM);
}

static void test_sigint_behaves_like_sigterm(void **state)
{
    (void)state;
    sigterm_during_request(SIGINT);
}

static void test_idle_server_exits_0_at_once(void **state)
{
    (void)state;
    child c = start_server("10000");
    tu_resp x = tu_get(c.port, "/healthz"); /* leaves a kept-alive connection behind */
    tu_resp_free(&x);
    kill(c.pid, SIGTERM);
    long el = 0;
    int status = wait_exit(c.pid, 5000, &el);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(el < 2000);
}

static void test_grace_bound_cuts_overlong_request(void **state)
{
    (void)state;
    child c = start_server("500");
    slow_req s = {c.port, "/slow?ms=10000", 0, "", 0, {0, 0}};
    pthread_t th;
    pthread_create(&th, NULL, do_slow, &s);
    wait_in_flight(&c);
    kill(c.pid, SIGTERM);
    long el = 0;
    int status = wait_exit(c.pid, 8000, &el);
    long since_sent = ms_since(&s.sent);
    /* Exits 0 after the grace period, without waiting for the handler's
     * ten seconds. */
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(el < 4000);
    pthread_join(th, NULL);
    /* The request was cut — whenever the server was gone before the
     * handler could have finished (a machine so loaded that ten seconds
     * passed between sending and the exit proves nothing either way). */
    if (since_sent < 9500)
        assert_true(s.transport_error || s.status != 200);
    else
        print_message("note: %ld ms between the request and the exit; cut not checked\n",
                      since_sent);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigterm_lets_inflight_request_finish_and_exits_0),
        cmocka_unit_test(test_sigint_behaves_like_sigterm),
        cmocka_unit_test(test_idle_server_exits_0_at_once),
        cmocka_unit_test(test_grace_bound_cuts_overlong_request),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
