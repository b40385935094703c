/*
 * Replay driver for builds without libFuzzer: runs LLVMFuzzerTestOneInput
 * over every regular file in the directories (or files) given as
 * arguments, and over deterministic mutations of each: every truncation
 * to a length up to 64 bytes (plus half and all-but-one of the file), and
 * every single-bit flip within the first 64 bytes. Each input is passed in
 * a buffer of exactly its size so that AddressSanitizer sees any read past
 * the end.
 *
 * Exit status 0 when every input ran (a failing property aborts), 2 on
 * usage or I/O errors, 1 when no input was found at all.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILE (1u << 20)
#define MUTATE_PREFIX 64

static unsigned long long runs;

/* What is running, for the crash report: a failing property aborts, and
 * the SIGABRT handler names the file and mutation and saves the input as
 * replay-crash.bin in the working directory (ctest: the build directory). */
static char current[1024];
static const uint8_t *current_data;
static size_t current_size;

static void on_abort(int sig)
{
    static const char pre[] = "replay: crashed on ";
    static const char post[] = " (input saved as replay-crash.bin)\n";
    ssize_t w = write(2, pre, sizeof(pre) - 1);
    w = write(2, current, strlen(current));
    w = write(2, post, sizeof(post) - 1);
    int fd = open("replay-crash.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        if (current_data && current_size)
            w = write(fd, current_data, current_size);
        close(fd);
    }
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void run_one(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy (at least one byte so malloc never returns
     * NULL for the empty input, which libFuzzer never passes either). */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) {
        fprintf(stderr, "replay: out of memory\n");
        exit(2);
    }
    if (size)
        memcpy(copy, data, size);
    current_data = copy;
    current_size = size;
    LLVMFuzzerTestOneInput(copy, size);
    free(copy);
    runs++;
}

static void describe(const char *path, const char *what, size_t a, size_t b)
{
    snprintf(current, sizeof(current), "%s (%s %zu %zu)", path, what, a, b);
}

static void run_with_mutations(const char *path, const uint8_t *data, size_t size)
{
    describe(path, "as is, size", size, 0);
    run_one(data, size);
    size_t max_trunc = size < MUTATE_PREFIX ? size : MUTATE_PREFIX;
    for (size_t n = 0; n < max_trunc; n++) {
        describe(path, "truncated to", n, 0);
        run_one(data, n);
    }
    if (size > MUTATE_PREFIX) {
        describe(path, "truncated to", size / 2, 0);
        run_one(data, size / 2);
        describe(path, "truncated to", size - 1, 0);
        run_one(data, size - 1);
    }
    uint8_t *m = malloc(size ? size : 1);
    if (!m) {
        fprintf(stderr, "replay: out of memory\n");
        exit(2);
    }
    if (size)
        memcpy(m, data, size);
    for (size_t i = 0; i < max_trunc; i++) {
        for (unsigned bit = 0; bit < 8; bit++) {
            m[i] ^= (uint8_t)(1u << bit);
            describe(path, "bit flipped: byte, bit", i, bit);
            run_one(m, size);
            m[i] ^= (uint8_t)(1u << bit);
        }
    }
    free(m);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    uint8_t *buf = malloc(MAX_FILE);
    if (!buf) {
        fclose(f);
        return -1;
    }
    size_t n = fread(buf, 1, MAX_FILE, f);
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "replay: %s: read error\n", path);
        free(buf);
        return -1;
    }
    run_with_mutations(path, buf, n);
    free(buf);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every regular file of a directory, in name order (reproducible). */
static int run_dir(const char *dir, size_t *files)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof(*names));
            if (!p) {
                closedir(d);
                return -1;
            }
            names = p;
        }
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        names[count] = malloc(len);
        if (!names[count]) {
            closedir(d);
            return -1;
        }
        snprintf(names[count], len, "%s/%s", dir, de->d_name);
        count++;
    }
    closedir(d);
    qsort(names, count, sizeof(*names), cmp_names);
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(names[i]) != 0)
                rc = -1;
            else
                (*files)++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    signal(SIGABRT, on_abort);
    size_t files = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 2;
        } else if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &files) != 0)
                rc = 2;
        } else if (run_file(argv[i]) == 0) {
            files++;
        } else {
            rc = 2;
        }
    }
    printf("replay: %zu files, %llu runs\n", files, runs);
    if (rc == 0 && files == 0) {
        fprintf(stderr, "replay: no input files\n");
        return 1;
    }
    return rc;
}
