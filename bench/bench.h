/*
 * wallet-bench — shared timing and reporting helpers.
 *
 * One binary runs every registered benchmark (see the table in bench.c).
 * A benchmark is a function that measures, prints a plain table on stdout
 * and writes its Markdown section body into a bench_md buffer; bench.c puts
 * that body between the markers <!-- bench:ID:begin --> and
 * <!-- bench:ID:end --> of the --markdown file and keeps the rest of the file.
 *
 * Adding a benchmark: write bench/bench_<id>.c with a `bench_<id>_run`
 * function, declare it below, add one line to the table in bench.c and the
 * file to bench/CMakeLists.txt.
 *
 * Measurements are wall-clock (CLOCK_MONOTONIC), single-threaded. Each
 * comparison runs a warm-up, then `repeats` rounds; in a round each side
 * runs for at least `seconds` in total, cut into slices interleaved in ABBA
 * order (raw, lib, lib, raw, ...) so that both sides see the same machine
 * load. The median round is reported, which is robust against a noisy
 * neighbour on a shared machine.
 */
#ifndef WALLET_BENCH_H
#define WALLET_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_opts {
    double seconds;      /* minimum duration of one measurement (--seconds) */
    int repeats;         /* interleaved rounds; the median is reported (--repeats) */
    long rss_iterations; /* verifies for the memory-growth check (--rss-iterations) */
} bench_opts;

/* One operation under test: returns 0 on success. A failure stops the
 * benchmark (a benchmark that verifies nothing measures nothing). */
typedef int (*bench_op)(void *arg);

typedef struct bench_stat {
    double median; /* ops/s */
    double min;
    double max;
    uint64_t iterations; /* operations over all rounds */
} bench_stat;

/* Seconds on the monotonic clock. */
double bench_now(void);

/* Warm up both operations, then measure them interleaved `opts->repeats`
 * times. Returns 0, or -1 if an operation failed. */
int bench_compare(const bench_opts *opts, bench_op raw, void *raw_arg, bench_op lib,
                  void *lib_arg, bench_stat *raw_out, bench_stat *lib_out);

/* Measure one operation alone (warm-up, then `opts->repeats` rounds). */
int bench_measure(const bench_opts *opts, bench_op op, void *arg, bench_stat *out);

/* VmRSS of this process in KiB (from /proc/self/status); -1 if unknown. */
long bench_rss_kib(void);

/* Bytes currently allocated with malloc (glibc mallinfo2); -1 if unknown. */
long long bench_heap_bytes(void);

/* Growable text buffer for a Markdown section. */
typedef struct bench_md {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} bench_md;

#if defined(__GNUC__) || defined(__clang__)
#define BENCH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BENCH_PRINTF(f, a)
#endif
void bench_md_printf(bench_md *md, const char *fmt, ...) BENCH_PRINTF(2, 3);

/* A short description of the environment: CPU model, logical CPUs, kernel,
 * libraries, compiler, build type. Static storage. */
const char *bench_environment(void);

/* A registered benchmark. `run` returns 0 on success. */
typedef struct bench_def {
    const char *id;    /* marker name and --only argument */
    const char *title; /* the Markdown section heading (## ...) */
    int (*run)(const bench_opts *opts, bench_md *md);
} bench_def;

/* ---- benchmarks -------------------------------------------------------------- */

int bench_jws_run(const bench_opts *opts, bench_md *md);
int bench_sdjwt_run(const bench_opts *opts, bench_md *md);
int bench_mdoc_run(const bench_opts *opts, bench_md *md);
int bench_status_run(const bench_opts *opts, bench_md *md);
int bench_svc_run(const bench_opts *opts, bench_md *md);
int bench_hcert_run(const bench_opts *opts, bench_md *md);
int bench_store_run(const bench_opts *opts, bench_md *md);
int bench_jwe_run(const bench_opts *opts, bench_md *md);
int bench_verifier_run(const bench_opts *opts, bench_md *md);
int bench_issuer_run(const bench_opts *opts, bench_md *md);
int bench_vci_run(const bench_opts *opts, bench_md *md);

#endif /* WALLET_BENCH_H */
