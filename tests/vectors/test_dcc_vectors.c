/*
 * EU DCC vectors (eu-digital-green-certificates/dgc-testdata, vectors/dcc/):
 * every test file, every EXPECTED* flag the issue names, at the file's own
 * TESTCTX.VALIDATIONCLOCK, with its own TESTCTX.CERTIFICATE as the only
 * trust (loaded as PEM with automatic role, as `wallet verify --trust`
 * would: a self-signed CA certificate becomes a root).
 *
 * Each flag is one step of the chain run on the input field the upstream
 * test procedure names for it (UPSTREAM-README.md, "Code Validation"),
 * through the library's own step functions (src/hcert/hcert_int.h):
 *
 *   EXPECTEDPICTUREDECODE    2DCODE PNG -> wallet_qr_decode_png() == PREFIX
 *   EXPECTEDUNPREFIX         PREFIX -> wl_hc1_unprefix() == BASE45 (when given)
 *   EXPECTEDB45DECODE        BASE45 (else the unprefixed PREFIX) -> Base45 ==
 *                            COMPRESSED (when given)
 *   EXPECTEDCOMPRESSION      COMPRESSED (else the chain so far) -> inflate ==
 *                            COSE (when given)
 *   EXPECTEDDECODE           COSE (else the chain) -> COSE_Sign1 + CWT claims +
 *                            health payload; the payload equals CBOR (when given)
 *                            after both are decoded and re-encoded canonically
 *   EXPECTEDVERIFY           COSE -> kid -> trusted certificate -> signature
 *   EXPECTEDKEYUSAGE         VERIFY, then the signer's EKU against the kind
 *   EXPECTEDEXPIRATIONCHECK  CWT exp / iat and the certificate's validity at
 *                            the validation clock
 *
 * Absent flags are skipped (upstream: "not tested in this input file");
 * schema validation and the JSON-side flags (VALIDOBJECT, ENCODE, VALIDJSON)
 * are out of scope. Verdicts that differ from the expectation fail the test
 * unless vectors/dcc/DISAGREEMENTS.md lists that file and flag with a
 * reason; a listed entry that no longer disagrees fails it too.
 *
 * Besides the flags, the whole chain runs once per file through the public
 * wallet_hc1_verify() (and wallet_verify() on the PNG): it must be valid
 * exactly when every listed flag is expected true (and no known
 * disagreement is involved), and when it is not, its error must be the one
 * of the first step expected to fail.
 *
 * Every PNG file (the image-only EE, NO and MA vectors, which have no
 * expectations, and the FR pictures) must decode to an HC1 string whose
 * chain parses up to the health payload.
 */
#include <ctype.h>
#include <dirent.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "core/internal.h"
#include "hcert/hcert_int.h"
#include "testutil.h"

#define DCC "dcc"

enum {
    F_PICTURE,
    F_UNPREFIX,
    F_B45,
    F_COMPRESSION,
    F_DECODE,
    F_VERIFY,
    F_KEYUSAGE,
    F_EXPIRATION,
    F_COUNT
};
static const char *const flag_names[F_COUNT] = {
    "EXPECTEDPICTUREDECODE", "EXPECTEDUNPREFIX", "EXPECTEDB45DECODE",
    "EXPECTEDCOMPRESSION",   "EXPECTEDDECODE",   "EXPECTEDVERIFY",
    "EXPECTEDKEYUSAGE",      "EXPECTEDEXPIRATIONCHECK",
};
/* The error wallet_hc1_verify() reports when this step is the first to fail
 * (0: several codes are possible, only "invalid" is asserted). */
static wallet_err first_error(int flag, wallet_err got)
{
    switch (flag) {
    case F_UNPREFIX:
        return WALLET_ERR_HC1_PREFIX;
    case F_B45:
        return WALLET_ERR_BASE45;
    case F_COMPRESSION:
        return got == WALLET_ERR_TOO_LARGE || got == WALLET_ERR_TRAILING_DATA
                   ? got
                   : WALLET_ERR_COMPRESSION;
    case F_KEYUSAGE:
        return WALLET_ERR_KEY_USAGE;
    case F_EXPIRATION:
        return got == WALLET_ERR_NOT_YET_VALID || got == WALLET_ERR_CERT_EXPIRED
                   ? got
                   : WALLET_ERR_EXPIRED;
    default:
        return (wallet_err)0;
    }
}

/* ---- known disagreements ------------------------------------------------------- */

typedef struct known {
    char file[160];
    char flag[40];
    int seen;
} known;
static known knowns[64];
static size_t n_known;

/* Rows "| `FILE` | `FLAG` | ... |" of DISAGREEMENTS.md. */
static void load_knowns(void)
{
    char *t = (char *)tu_vector(DCC "/DISAGREEMENTS.md", NULL);
    for (char *line = t; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char file[160], flag[40];
        if (sscanf(line, "| `%159[^`]` | `%39[^`]` |", file, flag) == 2 &&
            strncmp(flag, "EXPECTED", 8) == 0) {
            assert_true(n_known < sizeof(knowns) / sizeof(knowns[0]));
            snprintf(knowns[n_known].file, sizeof(knowns[n_known].file), "%s", file);
            snprintf(knowns[n_known].flag, sizeof(knowns[n_known].flag), "%s", flag);
            n_known++;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(t);
}

static known *find_known(const char *file, const char *flag)
{
    for (size_t i = 0; i < n_known; i++)
        if (!strcmp(knowns[i].file, file) && !strcmp(knowns[i].flag, flag))
            return &knowns[i];
    return NULL;
}

/* ---- helpers --------------------------------------------------------------------- */

static const char *jstr(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ISO 8601 as the files write it: date, 'T', time, optional fraction
 * (dropped), optional 'Z' / +hh:mm / +hhmm (none: UTC). */
static int64_t parse_clock(const char *s)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &n) != 6)
        fail_msg("unreadable VALIDATIONCLOCK %s", s);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    int64_t t = (int64_t)timegm(&tm);
    const char *p = s + n;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    if (*p == '+' || *p == '-') {
        int sign = *p == '+' ? 1 : -1, hh = 0, mm = 0;
        if (sscanf(p + 1, "%2d:%2d", &hh, &mm) != 2 && sscanf(p + 1, "%2d%2d", &hh, &mm) != 2)
            fail_msg("unreadable zone in %s", s);
        t -= sign * (hh * 3600 + mm * 60);
    } else if (*p && *p != 'Z') {
        fail_msg("unreadable VALIDATIONCLOCK %s", s);
    }
    return t;
}

static int bytes_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* Canonical re-encoding of one CBOR item (maps sorted, definite lengths). */
static uint8_t *canonical(const uint8_t *p, size_t n, size_t *out_len)
{
    wl_cbor_doc *doc = NULL;
    *out_len = 0;
    if (wl_cbor_decode(NULL, &doc, p, n, 0, NULL))
        return NULL;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_item(&b, wl_cbor_root(doc));
    wl_cbor_doc_free(doc);
    if (b.failed) {
        wl_buf_free(&b);
        return NULL;
    }
    return wl_buf_take(&b, out_len);
}

/* The payload bstr of a COSE_Sign1 (tags 61 / 18 skipped), unverified: the
 * DECODE step reads the structure, not the signature. */
static int cose_payload(wl_cbor_doc **doc, const uint8_t *cose, size_t n, const uint8_t **p,
                        size_t *len)
{
    if (wl_cbor_decode(NULL, doc, cose, n, 0, NULL))
        return 0;
    const wl_cbor *it = wl_cbor_root(*doc);
    while (it->type == WL_CBOR_TAG)
        it = wl_cbor_tag_content(it);
    const wl_cbor *pl = it->type == WL_CBOR_ARRAY && it->u == 4 ? wl_cbor_array_at(it, 2) : NULL;
    if (!pl || pl->type != WL_CBOR_BYTES)
        return 0;
    *p = pl->ptr;
    *len = (size_t)pl->u;
    return 1;
}

static char *der_b64_to_pem(const char *b64)
{
    size_t n = strlen(b64);
    size_t cap = n + n / 64 + 80;
    char *pem = malloc(cap);
    assert_non_null(pem);
    size_t w = (size_t)snprintf(pem, cap, "-----BEGIN CERTIFICATE-----\n");
    for (size_t i = 0; i < n; i += 64) {
        size_t k = n - i < 64 ? n - i : 64;
        memcpy(pem + w, b64 + i, k);
        w += k;
        pem[w++] = '\n';
    }
    snprintf(pem + w, cap - w, "-----END CERTIFICATE-----\n");
    return pem;
}

/* ---- the tally --------------------------------------------------------------------- */

typedef struct tally {
    int listed, agree, known;
} tally;

typedef struct country {
    char name[16];
    int files, flags, agree, known;
} country;

static tally flag_tally[F_COUNT];
static country countries[32];
static size_t n_countries;
static int files_run, chain_checked, chain_agree, png_checked, unexplained, untestable;
static char failures[8192];

static country *country_of(const char *rel)
{
    char name[16] = {0};
    const char *slash = strchr(rel, '/');
    size_t n = slash ? (size_t)(slash - rel) : strlen(rel);
    if (n >= sizeof(name))
        n = sizeof(name) - 1;
    memcpy(name, rel, n);
    for (size_t i = 0; i < n_countries; i++)
        if (!strcmp(countries[i].name, name))
            return &countries[i];
    assert_true(n_countries < sizeof(countries) / sizeof(countries[0]));
    snprintf(countries[n_countries].name, sizeof(countries[n_countries].name), "%s", name);
    return &countries[n_countries++];
}

static void note_failure(const char *fmt, ...) WL_PRINTF(1, 2);
static void note_failure(const char *fmt, ...)
{
    size_t used = strlen(failures);
    va_list ap;
    va_start(ap, fmt);
    if (used < sizeof(failures) - 2)
        vsnprintf(failures + used, sizeof(failures) - used, fmt, ap);
    va_end(ap);
    unexplained++;
}

/* ---- one file -------------------------------------------------------------------------- */

typedef struct verdicts {
    int has[F_COUNT];
    int want[F_COUNT];
    int got[F_COUNT];
} verdicts;

/* The picture of a test file: its 2DCODE, else (21 FR files) the PNG upstream
 * keeps beside it: FR/2DCode/raw/<stem>[_Raw].json -> FR/png/<stem>.png,
 * where upstream spells "test_pcr_ok" as "test-pcr_ok". NULL when none. */
static uint8_t *picture_of(const char *rel, const cJSON *d, size_t *len)
{
    const char *b64 = jstr(d, "2DCODE");
    uint8_t *png = NULL;
    *len = 0;
    if (b64) {
        if (wl_base64_decode(NULL, &png, len, b64, strlen(b64)) != WALLET_OK)
            fail_msg("%s: 2DCODE is not base64", rel);
        return png;
    }
    const char *base = strrchr(rel, '/');
    char stem[128];
    snprintf(stem, sizeof(stem), "%s", base ? base + 1 : rel);
    char *dot = strstr(stem, ".json");
    if (dot)
        *dot = '\0';
    size_t n = strlen(stem);
    if (n > 4 && !strcmp(stem + n - 4, "_Raw"))
        stem[n - 4] = '\0';
    if (!strcmp(stem, "test_pcr_ok"))
        stem[4] = '-';
    char path[600], cc[16] = {0};
    snprintf(cc, sizeof(cc), "%.*s", (int)strcspn(rel, "/"), rel);
    snprintf(path, sizeof(path), "%s/" DCC "/%s/png/%s.png", WALLET_VECTORS_DIR, cc, stem);
    return tu_read_file(path, len);
}

static void run_steps(wallet_ctx *ctx, const wallet_trust *trust, const char *rel, const cJSON *d,
                      verdicts *v)
{
    const char *prefix = jstr(d, "PREFIX");
    const char *base45 = jstr(d, "BASE45");
    const char *compressed_hex = jstr(d, "COMPRESSED");
    const char *cose_hex = jstr(d, "COSE");
    const char *cbor_hex = jstr(d, "CBOR");
    const cJSON *ctxj = cJSON_GetObjectItemCaseSensitive(d, "TESTCTX");
    const char *cert_b64 = jstr(ctxj, "CERTIFICATE");

    /* PICTUREDECODE */
    if (v->has[F_PICTURE]) {
        uint8_t *text = NULL;
        size_t png_len = 0, text_len = 0;
        uint8_t *png = picture_of(rel, d, &png_len);
        if (!png) {
            /* common/B1 lists the flag, but neither the file nor upstream
             * has a picture for it: the step cannot run. */
            printf("  %s: EXPECTEDPICTUREDECODE listed, but there is no picture: skipped\n",
                   rel);
            v->has[F_PICTURE] = 0;
            untestable++;
        }
        v->got[F_PICTURE] = png &&
            prefix && wallet_qr_decode_png(ctx, &text, &text_len, png, png_len) == WALLET_OK &&
            bytes_eq(text, text_len, (const uint8_t *)prefix, strlen(prefix));
        free(png);
        wallet_free(text);
    }

    /* UNPREFIX */
    const char *b45 = NULL;
    size_t b45_len = 0;
    int unprefixed = prefix && wl_hc1_unprefix(ctx, &b45, &b45_len, prefix, strlen(prefix)) ==
                                   WALLET_OK;
    v->got[F_UNPREFIX] =
        unprefixed && (!base45 || bytes_eq((const uint8_t *)b45, b45_len,
                                           (const uint8_t *)base45, strlen(base45)));

    /* B45DECODE: on BASE45, else on what UNPREFIX produced. */
    const char *b45_in = base45 ? base45 : unprefixed ? b45 : NULL;
    size_t b45_in_len = base45 ? strlen(base45) : b45_len;
    uint8_t *z = NULL, *compressed = NULL;
    size_t z_len = 0, compressed_len = 0;
    int b45_ok = b45_in && wallet_base45_decode(ctx, &z, &z_len, b45_in, b45_in_len) == WALLET_OK;
    if (compressed_hex)
        compressed = tu_unhex(compressed_hex, &compressed_len);
    v->got[F_B45] = b45_ok && (!compressed_hex || (compressed && bytes_eq(z, z_len, compressed,
                                                                          compressed_len)));

    /* COMPRESSION: on COMPRESSED, else on the chain. */
    const uint8_t *z_in = compressed ? compressed : b45_ok ? z : NULL;
    size_t z_in_len = compressed ? compressed_len : z_len;
    uint8_t *cose = NULL, *cose_field = NULL;
    size_t cose_len = 0, cose_field_len = 0;
    int inflated = z_in && wl_hc1_inflate(ctx, &cose, &cose_len, z_in, z_in_len) == WALLET_OK;
    if (cose_hex)
        cose_field = tu_unhex(cose_hex, &cose_field_len);
    v->got[F_COMPRESSION] =
        inflated && (!cose_hex || (cose_field && bytes_eq(cose, cose_len, cose_field,
                                                          cose_field_len)));

    /* The COSE_Sign1 for the remaining steps: COSE, else the chain. */
    const uint8_t *c_in = cose_field ? cose_field : inflated ? cose : NULL;
    size_t c_in_len = cose_field ? cose_field_len : cose_len;

    /* DECODE */
    wallet_cose_sign1 *msg = NULL;
    wl_hcert_claims claims = {0};
    wl_cbor_doc *cdoc = NULL;
    const uint8_t *payload = NULL;
    size_t payload_len = 0;
    int parsed = c_in && wl_hcert_cose_parse(ctx, &msg, c_in, c_in_len) == WALLET_OK;
    int claims_ok = parsed && cose_payload(&cdoc, c_in, c_in_len, &payload, &payload_len) &&
                    wl_hcert_claims_parse(ctx, &claims, payload, payload_len) == WALLET_OK;
    /* CBOR holds the health payload in some files (AT) and the whole CWT
     * claims set in others (DE): either must match. */
    int cbor_match = 1;
    if (claims_ok && cbor_hex) {
        size_t raw_len = 0, a_len = 0, w_len = 0, b_len = 0;
        uint8_t *raw = tu_unhex(cbor_hex, &raw_len);
        uint8_t *a = canonical(claims.payload->raw, claims.payload->raw_len, &a_len);
        uint8_t *w = canonical(payload, payload_len, &w_len);
        uint8_t *b = raw ? canonical(raw, raw_len, &b_len) : NULL;
        cbor_match = b && ((a && bytes_eq(a, a_len, b, b_len)) ||
                           (w && bytes_eq(w, w_len, b, b_len)));
        free(raw);
        wallet_free(a);
        wallet_free(w);
        wallet_free(b);
    }
    v->got[F_DECODE] = claims_ok && cbor_match;

    /* VERIFY and KEYUSAGE */
    wallet_cert *signer = NULL;
    int verified = parsed && wl_hcert_verify_signature(ctx, trust, msg, WALLET_ALGSET_ALL,
                                                       &signer) == WALLET_OK;
    v->got[F_VERIFY] = verified;
    v->got[F_KEYUSAGE] =
        verified && claims_ok && wl_hcert_check_key_usage(ctx, signer, claims.kind) == WALLET_OK;

    /* EXPIRATIONCHECK: the claims' times and the file's certificate. */
    wallet_cert *cert = NULL;
    uint8_t *der = NULL;
    size_t der_len = 0;
    if (cert_b64 && wl_base64_decode(NULL, &der, &der_len, cert_b64, strlen(cert_b64)) == WALLET_OK)
        (void)wallet_cert_from_der(ctx, &cert, der, der_len);
    v->got[F_EXPIRATION] =
        claims_ok && cert && wl_hcert_check_times(ctx, cert, &claims) == WALLET_OK;

    wallet_cert_free(cert);
    wallet_free(der);
    wallet_cert_free(signer);
    wl_cbor_doc_free(cdoc);
    wl_hcert_claims_free(&claims);
    wallet_cose_sign1_free(msg);
    free(cose_field);
    wallet_free(cose);
    free(compressed);
    wallet_free(z);
}

static void run_file(const char *rel)
{
    size_t len = 0;
    char path[512];
    snprintf(path, sizeof(path), DCC "/%s", rel);
    char *text = (char *)tu_vector(path, &len);
    cJSON *d = cJSON_Parse(text);
    free(text);
    if (!d)
        fail_msg("%s is not JSON", rel);
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(d, "EXPECTEDRESULTS");
    const cJSON *ctxj = cJSON_GetObjectItemCaseSensitive(d, "TESTCTX");
    if (!cJSON_IsObject(exp) || !cJSON_IsObject(ctxj)) {
        cJSON_Delete(d);
        return; /* not a test file */
    }
    verdicts v = {0};
    int listed = 0;
    for (int f = 0; f < F_COUNT; f++) {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(exp, flag_names[f]);
        if (cJSON_IsBool(b)) {
            v.has[f] = 1;
            v.want[f] = cJSON_IsTrue(b);
            listed++;
        }
    }
    files_run++;
    country *cy = country_of(rel);
    cy->files++;

    const char *clock = jstr(ctxj, "VALIDATIONCLOCK");
    wallet_ctx *ctx = tu_ctx_at(clock ? parse_clock(clock) : 0);
    wallet_trust *trust = NULL;
    tu_assert_ok(ctx, wallet_trust_new(ctx, &trust));
    const char *cert_b64 = jstr(ctxj, "CERTIFICATE");
    if (cert_b64) {
        char *pem = der_b64_to_pem(cert_b64);
        wallet_err e = wallet_trust_add_pem(ctx, trust, pem, strlen(pem), 0);
        if (e)
            printf("  %s: certificate not loaded: %s\n", rel, wallet_ctx_errmsg(ctx));
        free(pem);
    }

    run_steps(ctx, trust, rel, d, &v);
    listed = 0;
    for (int f = 0; f < F_COUNT; f++)
        listed += v.has[f];

    int involves_known = 0, first_false = -1;
    for (int f = 0; f < F_COUNT; f++) {
        if (!v.has[f])
            continue;
        if (!v.want[f] && first_false < 0)
            first_false = f;
        flag_tally[f].listed++;
        cy->flags++;
        known *k = find_known(rel, flag_names[f]);
        if (v.got[f] == v.want[f]) {
            flag_tally[f].agree++;
            cy->agree++;
            if (k)
                note_failure("%s %s: listed in DISAGREEMENTS.md but agrees now\n", rel,
                             flag_names[f]);
        } else if (k) {
            k->seen = 1;
            flag_tally[f].known++;
            cy->known++;
            involves_known = 1;
        } else {
            note_failure("%s %s: expected %s, got %s\n", rel, flag_names[f],
                         v.want[f] ? "true" : "false", v.got[f] ? "true" : "false");
        }
    }

    /* The whole chain through the public API, from PREFIX and from the PNG. */
    const char *prefix = jstr(d, "PREFIX");
    /* The picture is another input of the same string: the chain from
     * PREFIX does not depend on it. */
    int first_false_text = -1;
    for (int f = 0; f < F_COUNT && first_false_text < 0; f++)
        if (f != F_PICTURE && v.has[f] && !v.want[f])
            first_false_text = f;
    first_false = first_false_text;
    if (listed && prefix && !involves_known) {
        wallet_result *r = NULL;
        wallet_err e = wallet_hc1_verify(ctx, &r, trust, NULL, prefix, strlen(prefix));
        assert_non_null(r);
        int want_valid = first_false < 0;
        chain_checked++;
        /* Steps not listed are not asserted by the file, so a chain that
         * fails on one of them says nothing: count it only when every step
         * the chain runs is listed, or when a listed step is expected to fail. */
        int all_listed = v.has[F_UNPREFIX] && v.has[F_VERIFY] && v.has[F_EXPIRATION] &&
                         v.has[F_KEYUSAGE];
        if (want_valid && !all_listed) {
            chain_checked--;
        } else if (want_valid ? e == WALLET_OK
                              : e != WALLET_OK &&
                                    (first_error(first_false, e) == 0 ||
                                     first_error(first_false, e) == e)) {
            chain_agree++;
        } else {
            note_failure("%s: wallet_hc1_verify gave %s (%s); first expected failure %s\n", rel,
                         wallet_err_name(e), wallet_result_detail(r),
                         first_false < 0 ? "none" : flag_names[first_false]);
        }
        if (e == WALLET_OK) {
            assert_string_equal(wallet_result_format(r), "hc1");
            assert_non_null(wallet_result_claims_json(r));
            assert_non_null(wallet_result_type(r));
            assert_non_null(wallet_result_issuer(r));
            assert_true(wallet_result_valid_until(r) > 0);
        }
        wallet_result_free(r);
        /* The same verdict from the picture, through wallet_verify(). */
        /* zbar dominates this test's time: the picture path runs for every
         * file of common/, every expected failure, and one file in eight. */
        int sample = !strncmp(rel, "common/", 7) || !want_valid || !v.want[F_PICTURE] ||
                     cy->files % 8 == 1;
        if (sample && v.has[F_PICTURE] && (!v.want[F_PICTURE] || !want_valid || all_listed)) {
            png_checked++;
            size_t png_len = 0;
            uint8_t *png = picture_of(rel, d, &png_len);
            assert_non_null(png);
            wallet_err pe = wallet_verify(ctx, &r, trust, NULL, png, png_len);
            if (v.want[F_PICTURE] ? pe != e : pe == WALLET_OK)
                note_failure("%s: wallet_verify(PNG) gave %s, HC1 text %s\n", rel,
                             wallet_err_name(pe), wallet_err_name(e));
            else if (!pe)
                assert_string_equal(wallet_result_format(r), "hc1");
            wallet_result_free(r);
            free(png);
        }
    }
    wallet_trust_free(trust);
    wallet_ctx_free(ctx);
    cJSON_Delete(d);
}

/* ---- walking the folders ----------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Relative paths (under vectors/dcc) of regular files below `rel` whose
 * names end with `suffix` (case-insensitive), recursively. */
static void collect(const char *rel, const char *suffix, char ***v, size_t *n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/" DCC "%s%s", WALLET_VECTORS_DIR, *rel ? "/" : "", rel);
    DIR *dir = opendir(path);
    if (!dir)
        return;
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char sub[512];
        snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        char full[1024];
        snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
        DIR *probe = opendir(full);
        if (probe) {
            closedir(probe);
            collect(sub, suffix, v, n);
            continue;
        }
        size_t ln = strlen(e->d_name), ls = strlen(suffix);
        if (ln <= ls || strcasecmp(e->d_name + ln - ls, suffix) != 0)
            continue;
        char **nv = realloc(*v, (*n + 1) * sizeof(char *));
        assert_non_null(nv);
        *v = nv;
        (*v)[(*n)++] = strdup(sub);
    }
    closedir(dir);
}

static void test_dcc_flags(void **state)
{
    (void)state;
    load_knowns();
    char **files = NULL;
    size_t n = 0;
    collect("", ".json", &files, &n);
    qsort(files, n, sizeof(char *), cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(files[i], "INDEX.json") != 0)
            run_file(files[i]);
        free(files[i]);
    }
    free(files);

    printf("DCC vectors: %d test files\n", files_run);
    printf("%-26s %7s %7s %7s %9s\n", "flag", "listed", "agree", "known", "agreement");
    int listed = 0, agree = 0, knownn = 0;
    for (int f = 0; f < F_COUNT; f++) {
        tally *t = &flag_tally[f];
        printf("%-26s %7d %7d %7d %8.2f%%\n", flag_names[f], t->listed, t->agree, t->known,
               t->listed ? 100.0 * t->agree / t->listed : 100.0);
        listed += t->listed;
        agree += t->agree;
        knownn += t->known;
    }
    printf("%-26s %7d %7d %7d %8.2f%%\n", "all flags", listed, agree, knownn,
           listed ? 100.0 * agree / listed : 100.0);
    printf("%-8s %6s %7s %7s %7s %9s\n", "country", "files", "flags", "agree", "known",
           "agreement");
    for (size_t i = 0; i < n_countries; i++)
        printf("%-8s %6d %7d %7d %7d %8.2f%%\n", countries[i].name, countries[i].files,
               countries[i].flags, countries[i].agree, countries[i].known,
               countries[i].flags ? 100.0 * countries[i].agree / countries[i].flags : 100.0);
    printf("whole chain (wallet_hc1_verify): %d of %d files agree; the same through "
           "wallet_verify on the picture: %d files\n",
           chain_agree, chain_checked, png_checked);
    printf("flags listed without the input their step needs (skipped): %d\n", untestable);
    for (size_t i = 0; i < n_known; i++)
        if (!knowns[i].seen && !strstr(failures, knowns[i].file))
            note_failure("DISAGREEMENTS.md lists %s %s, which was not run\n", knowns[i].file,
                         knowns[i].flag);
    if (unexplained)
        fail_msg("%d unexplained disagreement(s):\n%s", unexplained, failures);
    assert_true(files_run >= 380);
    assert_true(untestable <= 1);
    assert_true(listed >= 2760);
}

/* Every PNG of the folder: the image-only vectors (EE, NO, MA: QR codes
 * without expectations or certificates) and the FR pictures. */
static void test_dcc_image_only(void **state)
{
    (void)state;
    char **files = NULL;
    size_t n = 0;
    collect("", ".png", &files, &n);
    qsort(files, n, sizeof(char *), cmp_str);
    wallet_ctx *ctx = tu_ctx_at(1640995200);
    int decoded = 0;
    for (size_t i = 0; i < n; i++) {
        char rel[600];
        snprintf(rel, sizeof(rel), DCC "/%s", files[i]);
        size_t png_len = 0, text_len = 0, cose_len = 0;
        uint8_t *png = tu_vector(rel, &png_len), *text = NULL, *cose = NULL;
        wallet_cose_sign1 *msg = NULL;
        wl_cbor_doc *doc = NULL;
        wl_hcert_claims claims = {0};
        const uint8_t *payload = NULL;
        size_t payload_len = 0;
        tu_assert_ok(ctx, wallet_qr_decode_png(ctx, &text, &text_len, png, png_len));
        tu_assert_ok(ctx, wallet_hc1_decode(ctx, &cose, &cose_len, (const char *)text, text_len));
        tu_assert_ok(ctx, wl_hcert_cose_parse(ctx, &msg, cose, cose_len));
        assert_true(cose_payload(&doc, cose, cose_len, &payload, &payload_len));
        tu_assert_ok(ctx, wl_hcert_claims_parse(ctx, &claims, payload, payload_len));
        printf("  %s: %s, %zu-character HC1, %s\n", files[i], wl_hcert_kind_name(claims.kind),
               text_len, wallet_alg_name(wallet_cose_sign1_alg(msg)));
        decoded++;
        wl_hcert_claims_free(&claims);
        wl_cbor_doc_free(doc);
        wallet_cose_sign1_free(msg);
        wallet_free(cose);
        wallet_free(text);
        free(png);
        free(files[i]);
    }
    free(files);
    wallet_ctx_free(ctx);
    printf("PNG vectors: %d QR codes decoded to the health payload\n", decoded);
    assert_int_equal(decoded, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dcc_flags),
        cmocka_unit_test(test_dcc_image_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
