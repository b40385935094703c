/*
 * wallet-bench — main, timing, resident-set probe and the Markdown writer.
 *
 *   wallet-bench [--seconds N] [--repeats N] [--rss-iterations N]
 *                [--only ID[,ID...]] [--markdown FILE]
 *
 * Prints a plain table per benchmark on stdout. With --markdown, each
 * benchmark's section of FILE (between <!-- bench:ID:begin --> and
 * <!-- bench:ID:end -->) is replaced, or appended when absent; everything
 * else in FILE is kept. A missing FILE is created with a short preamble.
 */
#include <errno.h>
#ifdef __linux__
#include <malloc.h>
#endif
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <wallet/wallet.h>

#include "bench.h"

#ifndef BENCH_BUILD_TYPE
#define BENCH_BUILD_TYPE "unknown"
#endif
#ifndef BENCH_SECP256K1_VERSION
#define BENCH_SECP256K1_VERSION "unknown"
#endif

/* The registered benchmarks, run in this order. */
static const bench_def bench_table[] = {
    {"jws", "JWS verification (foundation)", bench_jws_run},
    {"sdjwt", "SD-JWT VC verification and issuance", bench_sdjwt_run},
    {"mdoc", "mdoc DeviceResponse verification (ISO/IEC 18013-5)", bench_mdoc_run},
    {"status", "Token Status Lists (lookups, list tokens, status checking)", bench_status_run},
    {"svc", "Services' shared layer: HTTP and storage", bench_svc_run},
    {"hcert", "HC1 health certificates (EU DCC)", bench_hcert_run},
    {"store", "Encrypted store (issue 6)", bench_store_run},
    {"jwe", "JWE decryption (OpenID4VP direct_post.jwt)", bench_jwe_run},
    {"verifier", "verifier-service: OpenID4VP presentations end to end", bench_verifier_run},
    {"issuer", "Issuer service: OpenID4VCI issuance over loopback (issue 7)", bench_issuer_run},
    {"vci", "OpenID4VCI wallet side: proofs and parsing (issue 7)", bench_vci_run},
};

/* ---- timing -------------------------------------------------------------------- */

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Each round of a comparison is cut into slices of about this many seconds
 * per side, run in ABBA order (raw, lib, lib, raw, ...), so that a
 * neighbour's burst of load hits both sides alike instead of one whole
 * round of one side. */
#define BENCH_SLICE_SECONDS 0.025

static int bench_slices(const bench_opts *opts)
{
    int n = (int)(opts->seconds / BENCH_SLICE_SECONDS + 0.5);
    return n < 2 ? 2 : n + (n % 2); /* even: ABBA pairs */
}

typedef struct bench_side {
    bench_op op;
    void *arg;
    uint64_t batch; /* operations between two clock readings */
    uint64_t n;     /* operations in the current round */
    double t;       /* seconds in the current round */
} bench_side;

/* Run `side` in batches until at least `seconds` have passed; add to its
 * round totals. Returns -1 if an operation failed. */
static int bench_run_for(bench_side *side, double seconds)
{
    uint64_t n = 0;
    double t0 = bench_now(), el;
    do {
        for (uint64_t i = 0; i < side->batch; i++)
            if (side->op(side->arg) != 0)
                return -1;
        n += side->batch;
        el = bench_now() - t0;
    } while (el < seconds);
    side->n += n;
    side->t += el;
    return 0;
}

/* Warm-up that also sizes the batches: about 1/10 of a slice, so the clock
 * is read rarely and the overshoot past a slice stays small. */
static int bench_warm(const bench_opts *opts, bench_side *side)
{
    double warm = opts->seconds / 4.0;
    if (warm < 0.1)
        warm = 0.1;
    side->batch = 1;
    side->n = 0;
    side->t = 0;
    if (bench_run_for(side, warm) != 0)
        return -1;
    double b = (double)side->n / side->t * opts->seconds / bench_slices(opts) / 10.0;
    side->batch = b < 1.0 ? 1 : (uint64_t)b;
    return 0;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void bench_summarise(const double *rates, const uint64_t *iters, int n, bench_stat *out)
{
    double sorted[64];
    memcpy(sorted, rates, (size_t)n * sizeof(double));
    qsort(sorted, (size_t)n, sizeof(double), bench_cmp_double);
    out->min = sorted[0];
    out->max = sorted[n - 1];
    out->median = (n % 2) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    out->iterations = 0;
    for (int i = 0; i < n; i++)
        out->iterations += iters[i];
}

/* One round for every side: bench_slices() slices each, ABBA order. */
static int bench_round(const bench_opts *opts, bench_side *sides, int count)
{
    int slices = bench_slices(opts);
    double slice = opts->seconds / slices;
    for (int k = 0; k < count; k++) {
        sides[k].n = 0;
        sides[k].t = 0;
    }
    for (int s = 0; s < slices; s++)
        for (int k = 0; k < count; k++)
            if (bench_run_for(&sides[(s % 2) ? count - 1 - k : k], slice) != 0)
                return -1;
    return 0;
}

int bench_compare(const bench_opts *opts, bench_op raw, void *raw_arg, bench_op lib,
                  void *lib_arg, bench_stat *raw_out, bench_stat *lib_out)
{
    double rate[2][64];
    uint64_t iters[2][64];
    bench_side sides[2] = {{raw, raw_arg, 1, 0, 0}, {lib, lib_arg, 1, 0, 0}};
    if (bench_warm(opts, &sides[0]) || bench_warm(opts, &sides[1]))
        return -1;
    for (int i = 0; i < opts->repeats; i++) {
        if (bench_round(opts, sides, 2) != 0)
            return -1;
        for (int k = 0; k < 2; k++) {
            rate[k][i] = (double)sides[k].n / sides[k].t;
            iters[k][i] = sides[k].n;
        }
    }
    bench_summarise(rate[0], iters[0], opts->repeats, raw_out);
    bench_summarise(rate[1], iters[1], opts->repeats, lib_out);
    return 0;
}

int bench_measure(const bench_opts *opts, bench_op op, void *arg, bench_stat *out)
{
    double rate[64];
    uint64_t iters[64];
    bench_side side = {op, arg, 1, 0, 0};
    if (bench_warm(opts, &side))
        return -1;
    for (int i = 0; i < opts->repeats; i++) {
        if (bench_round(opts, &side, 1) != 0)
            return -1;
        rate[i] = (double)side.n / side.t;
        iters[i] = side.n;
    }
    bench_summarise(rate, iters, opts->repeats, out);
    return 0;
}

long bench_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, "VmRSS:", 6)) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kib;
}

long long bench_heap_bytes(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (long long)mi.uordblks;
#else
    return -1;
#endif
}

/* The 1-minute load average from /proc/loadavg, or -1. */
static double bench_loadavg(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double l = -1;
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

/* ---- text ------------------------------------------------------------------------ */

void bench_md_printf(bench_md *md, const char *fmt, ...)
{
    if (md->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = md->cap - md->len;
        int n = vsnprintf(md->data ? md->data + md->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            md->failed = 1;
            return;
        }
        if ((size_t)n < room) {
            md->len += (size_t)n;
            return;
        }
        size_t cap = md->cap ? md->cap * 2 : 1024;
        while (cap < md->len + (size_t)n + 1)
            cap *= 2;
        char *p = realloc(md->data, cap);
        if (!p) {
            md->failed = 1;
            return;
        }
        md->data = p;
        md->cap = cap;
    }
}

static void bench_cpu_model(char *out, size_t cap)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    snprintf(out, cap, "unknown CPU");
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "model name", 10)) {
            char *v = strchr(line, ':');
            if (v) {
                v++;
                while (*v == ' ' || *v == '\t')
                    v++;
                v[strcspn(v, "\n")] = '\0';
                snprintf(out, cap, "%s", v);
            }
            break;
        }
    }
    fclose(f);
}

const char *bench_environment(void)
{
    static char env[1024];
    if (env[0])
        return env;
    char cpu[256];
    struct utsname u;
    bench_cpu_model(cpu, sizeof(cpu));
    if (uname(&u) != 0) {
        memset(&u, 0, sizeof(u));
        u.sysname[0] = '?';
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    snprintf(env, sizeof(env),
             "%s, %ld logical CPU%s, %s %s %s; %s, libsecp256k1 %s, libwallet %s; "
#if defined(__clang__)
             "clang "
#elif defined(__GNUC__)
             "gcc "
#endif
             "%s, CMake build type %s",
             cpu, ncpu, ncpu == 1 ? "" : "s", u.sysname, u.release, u.machine,
             OpenSSL_version(OPENSSL_VERSION), BENCH_SECP256K1_VERSION, wallet_version(),
             __VERSION__, BENCH_BUILD_TYPE);
    return env;
}

/* ---- the Markdown file ----------------------------------------------------------- */

static char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *p = realloc(buf, cap * 2);
        if (!p) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = p;
        cap *= 2;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static const char bench_preamble[] =
    "# Performance\n"
    "\n"
    "Measured by benchmarks, never by timed tests. `make bench` builds libwallet optimised\n"
    "(`build-bench/`, CMake `Release`) and runs `wallet-bench` (sources in `bench/`), which\n"
    "times libwallet next to the best raw loop a caller could write over the same crypto\n"
    "backend (OpenSSL 3, libsecp256k1), in the same process and run, and reports the ratio.\n"
    "\n"
    "Targets: JWS verification >= 90% of the raw signature check; SD-JWT VC verification\n"
    ">= 85% of its 2-signature bound; mdoc DeviceResponse >= 80% of its 3-signature bound;\n"
    "HC1 >= 80% of one signature; issuance within 2x of one signature; no allocation growth\n"
    "across repeated verifies.\n"
    "\n"
    "Each section below is rewritten by the benchmark that owns it, between its\n"
    "`<!-- bench:ID:begin -->` and `<!-- bench:ID:end -->` markers; text outside the\n"
    "markers is kept. `wallet-bench --help` lists the options (`--seconds N` per\n"
    "measurement, `--only ID`, ...).\n";

/* Replace (or append) the section of `id` in `doc` with `body`. Returns a
 * new string or NULL on allocation failure. */
static char *bench_splice(const char *doc, size_t doc_len, const char *id, const char *body)
{
    char begin[128], end[128];
    snprintf(begin, sizeof(begin), "<!-- bench:%s:begin -->", id);
    snprintf(end, sizeof(end), "<!-- bench:%s:end -->", id);
    bench_md out = {0};
    const char *b = strstr(doc, begin);
    const char *e = b ? strstr(b, end) : NULL;
    if (b && e) {
        e += strlen(end);
        if (*e == '\n')
            e++;
        bench_md_printf(&out, "%.*s%s\n%s%s\n%s", (int)(b - doc), doc, begin, body, end, e);
    } else {
        int nl = doc_len && doc[doc_len - 1] != '\n';
        bench_md_printf(&out, "%s%s\n%s\n%s%s\n", doc, nl ? "\n" : "", begin, body, end);
    }
    if (out.failed) {
        free(out.data);
        return NULL;
    }
    return out.data;
}

static int bench_write_file(const char *path, const char *text)
{
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

/* ---- main ------------------------------------------------------------------------ */

static void bench_usage(FILE *f)
{
    fprintf(f,
            "usage: wallet-bench [--seconds N] [--repeats N] [--rss-iterations N]\n"
            "                    [--only ID[,ID...]] [--markdown FILE] [--list]\n"
            "  --seconds N         minimum duration of one measurement (default 1)\n"
            "  --repeats N         interleaved rounds, median reported (default 3, odd)\n"
            "  --rss-iterations N  verifies between the first and last memory readings\n"
            "                      (default 200000)\n"
            "  --only IDS          run only these benchmarks (see --list)\n"
            "  --markdown FILE     rewrite this benchmark's sections of FILE\n");
}

static int bench_selected(const char *only, const char *id)
{
    if (!only)
        return 1;
    size_t n = strlen(id);
    for (const char *p = only; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && !strncmp(p, id, n))
            return 1;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

int main(int argc, char **argv)
{
    bench_opts opts = {1.0, 3, 200000};
    const char *markdown = NULL, *only = NULL;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *endp = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            bench_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--list")) {
            for (size_t k = 0; k < sizeof(bench_table) / sizeof(bench_table[0]); k++)
                printf("%-12s %s\n", bench_table[k].id, bench_table[k].title);
            return 0;
        } else if (!v) {
            bench_usage(stderr);
            return 2;
        } else if (!strcmp(a, "--seconds")) {
            opts.seconds = strtod(v, &endp);
            if (*endp || !(opts.seconds > 0 && opts.seconds <= 3600)) {
                fprintf(stderr, "wallet-bench: bad --seconds %s\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--repeats")) {
            long r = strtol(v, &endp, 10);
            if (*endp || r < 1 || r > 63) {
                fprintf(stderr, "wallet-bench: bad --repeats %s (1..63)\n", v);
                return 2;
            }
            opts.repeats = (int)r;
        } else if (!strcmp(a, "--rss-iterations")) {
            opts.rss_iterations = strtol(v, &endp, 10);
            if (*endp || opts.rss_iterations < 0) {
                fprintf(stderr, "wallet-bench: bad --rss-iterations %s\n", v);
                return 2;
            }
        } else if (!strcmp(a, "--only")) {
            only = v;
        } else if (!strcmp(a, "--markdown")) {
            markdown = v;
        } else {
            bench_usage(stderr);
            return 2;
        }
    }

    int matches = 0;
    for (size_t k = 0; k < sizeof(bench_table) / sizeof(bench_table[0]); k++)
        matches += bench_selected(only, bench_table[k].id);
    if (!matches) {
        fprintf(stderr, "wallet-bench: no benchmark matches --only %s (see --list)\n", only);
        return 2;
    }

    /* The command line, for the provenance line of each section. */
    char command[1024];
    size_t off = (size_t)snprintf(command, sizeof(command), "wallet-bench");
    for (int i = 1; i < argc && off < sizeof(command); i++)
        off += (size_t)snprintf(command + off, sizeof(command) - off, " %s", argv[i]);
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", &tm);

    printf("wallet-bench: %s\n", bench_environment());
    printf("wallet-bench: %.3g s per measurement, %d interleaved rounds, median reported\n\n",
           opts.seconds, opts.repeats);

    char *doc = NULL;
    size_t doc_len = 0;
    if (markdown) {
        doc = bench_read_file(markdown, &doc_len);
        if (!doc) {
            if (errno != ENOENT) {
                fprintf(stderr, "wallet-bench: cannot read %s\n", markdown);
                return 2;
            }
            doc = strdup(bench_preamble);
            doc_len = doc ? strlen(doc) : 0;
        }
        if (!doc)
            return 2;
    }

    int status = 0;
    for (size_t k = 0; k < sizeof(bench_table) / sizeof(bench_table[0]); k++) {
        const bench_def *d = &bench_table[k];
        if (!bench_selected(only, d->id))
            continue;
        double load = bench_loadavg();
        printf("== %s == (load average %.2f at start)\n", d->title, load);
        fflush(stdout);
        bench_md body = {0};
        bench_md_printf(&body, "## %s\n\n", d->title);
        bench_md_printf(&body,
                        "Produced by `%s` on %s (1-minute load average %.2f at the "
                        "start).  \n"
                        "Machine: %s.\n\n",
                        command, date, load, bench_environment());
        if (d->run(&opts, &body) != 0) {
            fprintf(stderr, "wallet-bench: benchmark %s failed\n", d->id);
            status = 1;
        } else if (body.failed) {
            fprintf(stderr, "wallet-bench: out of memory\n");
            status = 1;
        } else if (doc) {
            char *next = bench_splice(doc, doc_len, d->id, body.data);
            if (!next) {
                status = 1;
            } else {
                free(doc);
                doc = next;
                doc_len = strlen(doc);
            }
        }
        free(body.data);
        printf("\n");
    }
    if (doc && status == 0) {
        if (bench_write_file(markdown, doc) != 0) {
            fprintf(stderr, "wallet-bench: cannot write %s\n", markdown);
            status = 2;
        } else {
            printf("wallet-bench: wrote %s\n", markdown);
        }
    }
    free(doc);
    return status;
}
