/*
 * Crash test: run crash_writer (adds, batch adds, deletes, consent-log
 * entries, PIN changes that re-key the whole database) and kill it with
 * SIGKILL at a random moment, RUNS times (default 210). After every kill:
 *
 *   - the store opens, with exactly one of the PINs it can have (the last
 *     acknowledged one, or the one a change in flight was switching to);
 *   - every credential whose add had returned is there, byte for byte, and
 *     shows its claims; every delete that had returned is gone; every
 *     consent-log entry that had returned is listed;
 *   - at most the one call in flight added anything unacknowledged;
 *   - SQLite's integrity check passes.
 *
 *   crash_test WRITER DIR [RUNS] [SEED]
 *
 * Prints the seed, so a failing sequence can be replayed. Bounded: the
 * writer runs at most 250 ms after opening the store in each round (1.5 s in
 * the rounds that start with a PIN change, whose fsyncs take time).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store_int.h"

#define KDF WALLET_STORE_SCRYPT_LOG2N(10)
#define ID_LEN 16

typedef struct entry {
    char id[ID_LEN + 1];
    char *cred; /* NULL: unacknowledged (seen in the store, content unknown) */
    int deleted;
} entry;

static entry *entries;
static size_t n_entries, cap_entries;
static char (*logs)[ID_LEN + 1];
static size_t n_logs, cap_logs;
static char pin[64] = "pin-0", pending[64];
static char pending_delete[ID_LEN + 1]; /* a delete in flight when killed */
static int failures;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "crash_test: FAILED: " __VA_ARGS__);                           \
            fprintf(stderr, "\n");                                                         \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

static entry *find(const char *id)
{
    for (size_t i = 0; i < n_entries; i++)
        if (!strcmp(entries[i].id, id))
            return &entries[i];
    return NULL;
}

static entry *add_entry(const char *id)
{
    if (n_entries == cap_entries) {
        cap_entries = cap_entries ? cap_entries * 2 : 256;
        entries = realloc(entries, cap_entries * sizeof(*entries));
        CHECK(entries, "out of memory");
    }
    entry *e = &entries[n_entries++];
    memset(e, 0, sizeof(*e));
    snprintf(e->id, sizeof(e->id), "%s", id);
    return e;
}

/* One complete line from the writer. */
static void on_line(char *line)
{
    if (!strncmp(line, "A ", 2)) {
        char *id = line + 2, *sp = strchr(id, ' ');
        CHECK(sp && sp - id == ID_LEN, "bad A line");
        *sp = '\0';
        entry *e = find(id);
        if (!e)
            e = add_entry(id);
        free(e->cred);
        e->cred = strdup(sp + 1);
    } else if (!strncmp(line, "D? ", 3)) {
        snprintf(pending_delete, sizeof(pending_delete), "%s", line + 3);
    } else if (!strncmp(line, "D ", 2)) {
        pending_delete[0] = '\0';
        entry *e = find(line + 2);
        CHECK(e, "delete of an unknown id %s", line + 2);
        e->deleted = 1;
    } else if (!strncmp(line, "L ", 2)) {
        if (n_logs == cap_logs) {
            cap_logs = cap_logs ? cap_logs * 2 : 64;
            logs = realloc(logs, cap_logs * sizeof(*logs));
            CHECK(logs, "out of memory");
        }
        snprintf(logs[n_logs++], ID_LEN + 1, "%s", line + 2);
    } else if (!strncmp(line, "P? ", 3)) {
        snprintf(pending, sizeof(pending), "%s", line + 3);
    } else if (!strncmp(line, "P ", 2)) {
        snprintf(pin, sizeof(pin), "%s", line + 2);
        pending[0] = '\0';
    } else {
        CHECK(!strcmp(line, "READY"), "unexpected line from the writer: %.60s", line);
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Run the writer and SIGKILL it: `ms` milliseconds after it started when
 * `from_start`, else `ms` after it reported READY (its startup time varies
 * with the machine's load); feed its lines. */
static void one_run(const char *writer, const char *path, int run, int ms, int from_start,
                    int *killed_ready)
{
    int fds[2];
    CHECK(pipe(fds) == 0, "pipe");
    char runs[16];
    snprintf(runs, sizeof(runs), "%d", run);
    pid_t pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(writer, writer, path, pin, runs, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    static char buf[1 << 20];
    size_t len = 0;
    double start = now_s();
    double deadline = from_start ? start + ms / 1000.0 : start + 10.0;
    int dead = 0, ready = 0;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0 && !dead) {
            kill(pid, SIGKILL);
            dead = 1;
        }
        struct pollfd p = {fds[0], POLLIN, 0};
        int to = dead ? 1000 : (int)(left * 1000) + 1;
        int r = poll(&p, 1, to);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;
        ssize_t n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
        if (n <= 0)
            break; /* EOF: the writer is gone */
        len += (size_t)n;
        buf[len] = '\0';
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n'))) {
            *nl = '\0';
            if (!strcmp(line, "READY") && !ready) {
                ready = 1;
                if (!from_start && !dead)
                    deadline = now_s() + ms / 1000.0;
            }
            on_line(line);
            line = nl + 1;
        }
        len -= (size_t)(line - buf);
        memmove(buf, line, len);
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    /* It must have died of our SIGKILL, not of an error of its own. */
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "run %d: the writer exited by itself (status %d)", run, status);
    *killed_ready = ready;
}

static int try_open(wallet_ctx *ctx, wallet_store **s, const char *path, const char *p)
{
    return wallet_store_open(ctx, s, path, (const uint8_t *)p, strlen(p), 0) == WALLET_OK;
}

static void verify(wallet_ctx *ctx, const char *path, int run, int *new_extras)
{
    wallet_store *s = NULL, *t = NULL;
    int cur = try_open(ctx, &s, path, pin);
    wallet_err cur_err = wallet_ctx_errcode(ctx);
    if (pending[0]) {
        int pend = cur ? 0 : try_open(ctx, &t, path, pending);
        /* Exactly one of the two PINs opens the store. */
        CHECK(cur != pend, "run %d: old PIN opens: %d, new PIN opens: %d", run, cur, pend);
        if (pend) {
            snprintf(pin, sizeof(pin), "%s", pending);
            s = t;
        }
        pending[0] = '\0';
    } else {
        CHECK(cur, "run %d: the store does not open: %s: %s", run, wallet_err_str(cur_err),
              wallet_ctx_errmsg(ctx));
    }
    size_t alive = 0;
    for (size_t i = 0; i < n_entries; i++) {
        entry *e = &entries[i];
        uint8_t *raw = NULL;
        size_t n = 0;
        wallet_err err = wallet_store_get(ctx, &raw, &n, s, e->id);
        /* A delete in flight when the writer died happened or did not. */
        if (!e->deleted && pending_delete[0] && !strcmp(e->id, pending_delete) &&
            err == WALLET_ERR_NOT_FOUND)
            e->deleted = 1;
        if (e->deleted) {
            CHECK(err == WALLET_ERR_NOT_FOUND, "run %d: deleted %s is still there", run, e->id);
            continue;
        }
        if (!e->cred) {
            /* Unacknowledged earlier: it was there, it must stay. */
            CHECK(err == WALLET_OK, "run %d: %s vanished", run, e->id);
            wallet_free(raw);
            alive++;
            continue;
        }
        CHECK(err == WALLET_OK, "run %d: acknowledged credential %s is missing: %s", run, e->id,
              wallet_err_str(err));
        CHECK(n == strlen(e->cred) && !memcmp(raw, e->cred, n), "run %d: %s changed", run, e->id);
        wallet_free(raw);
        alive++;
        /* Spot-check the decoded claims of a few. */
        if (i % 97 == 0) {
            char *json = NULL;
            CHECK(wallet_store_show(ctx, &json, s, e->id) == WALLET_OK &&
                      strstr(json, "\"address\":{\"locality\":\"Hanoi\""),
                  "run %d: %s does not show its claims", run, e->id);
            wallet_free(json);
        }
    }
    /* Anything else in the store came from the call in flight. */
    char *list = NULL;
    CHECK(wallet_store_list(ctx, &list, s, NULL) == WALLET_OK, "run %d: list", run);
    int extras = 0;
    for (const char *p = list; (p = strstr(p, "{\"id\":\"")); p += 7) {
        char id[ID_LEN + 1];
        memcpy(id, p + 7, ID_LEN);
        id[ID_LEN] = '\0';
        entry *e = find(id);
        if (!e) {
            add_entry(id);
            extras++;
        } else {
            CHECK(!e->deleted, "run %d: deleted %s listed", run, id);
        }
    }
    wallet_free(list);
    pending_delete[0] = '\0';
    CHECK(extras <= 2, "run %d: %d unacknowledged credentials appeared", run, extras);
    *new_extras += extras;
    char *log = NULL;
    CHECK(wallet_store_log_list(ctx, &log, s) == WALLET_OK, "run %d: log", run);
    for (size_t i = 0; i < n_logs; i++)
        CHECK(strstr(log, logs[i]), "run %d: log entry %s missing", run, logs[i]);
    wallet_free(log);
    /* SQLite's own consistency check of every page and index. */
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW &&
              !strcmp((const char *)sqlite3_column_text(st, 0), "ok"),
          "run %d: integrity check failed", run);
    sqlite3_finalize(st);
    (void)alive;
    wallet_store_free(s);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: crash_test WRITER DIR [RUNS] [SEED]\n");
        return 2;
    }
    const char *writer = argv[1];
    int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 210;
    unsigned seed = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : (unsigned)time(NULL);
    char path[4096];
    snprintf(path, sizeof(path), "%s/crash.db", argv[2]);
    static const char *const suffixes[] = {"", "-header", "-lock", "-wal", "-new", "-header.tmp"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char p[4200];
        snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
        unlink(p);
    }
    printf("crash_test: %d runs, seed %u\n", runs, seed);
    srand(seed);
    wallet_ctx *ctx = NULL;
    wallet_store *s = NULL;
    CHECK(wallet_ctx_new(&ctx) == WALLET_OK, "ctx");
    CHECK(wallet_store_create(ctx, &s, path, (const uint8_t *)pin, strlen(pin), KDF) == WALLET_OK,
          "create: %s", wallet_ctx_errmsg(ctx));
    wallet_store_free(s);
    double t0 = now_s();
    int extras = 0, before_ready = 0, pin_changes = 0;
    for (int run = 1; run <= runs; run++) {
        char before[64];
        snprintf(before, sizeof(before), "%s", pin);
        /* One run in six is killed during its startup (opening: header,
         * unwrap, migration check); the others at a random moment up to
         * 80 ms (sometimes 250 ms) after the store is open: inside an add,
         * a batch, a delete, a log entry, a commit or a re-key. */
        int from_start = rand() % 6 == 0;
        int ms = from_start ? rand() % 400 : rand() % 8 == 0 ? rand() % 250 : rand() % 80;
        /* Runs whose first operation is the PIN change (crash_writer's
         * schedule) are killed anywhere in its span: before, during, after. */
        if (!from_start && run % 13 == 12)
            ms = rand() % 1500;
        int ready = 0;
        one_run(writer, path, run, ms, from_start, &ready);
        if (getenv("CRASH_TEST_VERBOSE"))
            printf("run %d: %s %d ms, ready %d, pin %s%s\n", run, from_start ? "start" : "open", ms,
                   ready, pin, pending[0] ? " (change pending)" : "");
        before_ready += !ready;
        verify(ctx, path, run, &extras);
        pin_changes += strcmp(before, pin) != 0;
    }
    size_t acked = 0, deleted = 0;
    for (size_t i = 0; i < n_entries; i++) {
        acked += entries[i].cred && !entries[i].deleted;
        deleted += entries[i].deleted;
    }
    printf("crash_test: %d kills in %.1f s (%d before the store was open); %zu acknowledged "
           "credentials intact, %zu deletes held, %zu log entries, %d PIN changes, %d "
           "unacknowledged adds found committed\n",
           runs, now_s() - t0, before_ready, acked, deleted, n_logs, pin_changes, extras);
    CHECK(acked > 0 && pin_changes > 0, "the writer made too little progress to test anything");
    for (size_t i = 0; i < n_entries; i++)
        free(entries[i].cred);
    free(entries);
    free(logs);
    wallet_ctx_free(ctx);
    (void)failures;
    return 0;
}
