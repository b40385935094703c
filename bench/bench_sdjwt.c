/*
 * SD-JWT VC: verification of a presentation (8 selectively disclosable
 * claims, 3 disclosed, KB-JWT, ES256 issuer and holder) next to the bound
 * it cannot beat — two raw ES256 verifies (the issuer signature and the
 * KB-JWT signature) measured in the same run; and issuance next to one raw
 * ES256 signature.
 *
 *   raw verify   two OpenSSL EVP_DigestVerify calls over the same two
 *                signing inputs, with pre-built EVP_PKEYs, pre-fetched
 *                EVP_MD, signatures already in DER, and one EVP_MD_CTX per key
 *                re-initialised per message (as in bench_jws.c).
 *   libwallet    per presentation: wallet_sdjwt_verify (split, issuer
 *                signature by kid from the trust set, 3 Disclosure digests
 *                and decodes, processing, vct / validity checks, "cnf" JWK
 *                import, KB-JWT signature, sd_hash, aud, nonce, iat) +
 *                wallet_result_free, under a policy with audience and nonce.
 *   raw sign     one EVP_DigestSign (ES256) over a signing input of the
 *                issued credential's size.
 *   issuance     wallet_sdjwt_issuer_issue with the builder prepared once:
 *                8 salts, 8 Disclosures, 8 digests, payload, ES256 signature.
 */
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wallet/wallet.h>

#include "bench.h"

#define SD_NOW ((int64_t)1767225600)

static const char sd_claims[] =
    "{\"given_name\":\"Minh Anh\",\"family_name\":\"Tran\",\"birthdate\":\"1990-04-12\","
    "\"is_over_18\":true,\"nationality\":\"VN\","
    "\"address\":{\"street_address\":\"12 Trang Tien\",\"locality\":\"Hoan Kiem\",\"country\":\"VN\"},"
    "\"phone_number\":\"+84-24-555-0101\",\"email\":\"minh.anh@example.vn\"}";
static const char *const sd_paths[] = {"given_name",  "family_name", "birthdate",
                                       "is_over_18",  "nationality", "address",
                                       "phone_number", "email"};
static const char *const sd_pick[] = {"given_name", "is_over_18", "nationality"};

typedef struct raw_one {
    EVP_MD_CTX *mctx;
    EVP_PKEY *pkey;
    const uint8_t *msg;
    size_t msg_len;
    unsigned char *sig; /* DER */
    size_t sig_len;
} raw_one;

typedef struct raw_two {
    raw_one v[2];
    const EVP_MD *md;
} raw_two;

typedef struct lib_verify {
    wallet_ctx *ctx;
    wallet_trust *trust;
    wallet_policy *policy;
    const char *pres;
    size_t pres_len;
} lib_verify;

typedef struct raw_sign {
    EVP_MD_CTX *mctx;
    EVP_PKEY *pkey;
    const EVP_MD *md;
    const uint8_t *msg;
    size_t msg_len;
} raw_sign;

typedef struct lib_issue {
    wallet_ctx *ctx;
    wallet_sdjwt_issuer *b;
} lib_issue;

static int raw_two_verify(void *arg)
{
    raw_two *r = arg;
    for (int i = 0; i < 2; i++) {
        raw_one *o = &r->v[i];
        if (EVP_DigestVerifyInit(o->mctx, NULL, r->md, NULL, NULL) != 1 ||
            EVP_DigestVerify(o->mctx, o->sig, o->sig_len, o->msg, o->msg_len) != 1)
            return -1;
    }
    return 0;
}

static int lib_verify_op(void *arg)
{
    lib_verify *l = arg;
    wallet_result *r = NULL;
    wallet_err e = wallet_sdjwt_verify(l->ctx, &r, l->trust, l->policy, l->pres, l->pres_len);
    int ok = e == WALLET_OK && wallet_result_claims_json(r) != NULL;
    wallet_result_free(r);
    return ok ? 0 : -1;
}

static int raw_sign_op(void *arg)
{
    raw_sign *r = arg;
    unsigned char sig[80];
    size_t n = sizeof(sig);
    if (EVP_DigestSignInit(r->mctx, NULL, r->md, NULL, NULL) != 1 ||
        EVP_DigestSign(r->mctx, sig, &n, r->msg, r->msg_len) != 1)
        return -1;
    return 0;
}

static int lib_issue_op(void *arg)
{
    lib_issue *l = arg;
    char *out = NULL;
    wallet_err e = wallet_sdjwt_issuer_issue(l->ctx, &out, l->b, 0);
    wallet_free(out);
    return e == WALLET_OK ? 0 : -1;
}

static int fail(const char *what, wallet_ctx *ctx)
{
    fprintf(stderr, "bench sdjwt: %s%s%s\n", what, ctx ? ": " : "", ctx ? wallet_ctx_errmsg(ctx) : "");
    return -1;
}

static EVP_PKEY *pkey_of(wallet_ctx *ctx, const wallet_key *k, int priv)
{
    uint8_t *der = NULL;
    size_t len = 0;
    if (wallet_key_to_der(ctx, &der, &len, k, priv ? WALLET_EXPORT_PRIVATE : WALLET_EXPORT_PUBLIC))
        return NULL;
    const unsigned char *p = der;
    EVP_PKEY *pkey = priv ? d2i_AutoPrivateKey(NULL, &p, (long)len) : d2i_PUBKEY(NULL, &p, (long)len);
    wallet_memzero(der, len);
    wallet_free(der);
    return pkey;
}

/* Raw r||s (base64url text) → DER. */
static int sig_der(wallet_ctx *ctx, const char *b64, size_t n, unsigned char **der, size_t *der_len)
{
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    if (wallet_b64url_decode(ctx, &raw, &raw_len, b64, n) || raw_len != 64)
        return -1;
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *sv = BN_bin2bn(raw + 32, 32, NULL);
    wallet_free(raw);
    if (!s || !r || !sv || ECDSA_SIG_set0(s, r, sv) != 1) {
        ECDSA_SIG_free(s);
        BN_free(r);
        BN_free(sv);
        return -1;
    }
    *der = NULL;
    int len = i2d_ECDSA_SIG(s, der);
    ECDSA_SIG_free(s);
    if (len <= 0)
        return -1;
    *der_len = (size_t)len;
    return 0;
}

/* One JWS "h.p.s" inside text: the raw side verifies h.p against s. */
static int raw_setup(wallet_ctx *ctx, raw_one *o, const wallet_key *pub, const char *jws, size_t len)
{
    const char *dot = NULL;
    for (size_t i = len; i-- > 0;)
        if (jws[i] == '.') {
            dot = jws + i;
            break;
        }
    if (!dot)
        return -1;
    o->msg = (const uint8_t *)jws;
    o->msg_len = (size_t)(dot - jws);
    o->pkey = pkey_of(ctx, pub, 0);
    o->mctx = EVP_MD_CTX_new();
    if (!o->pkey || !o->mctx ||
        sig_der(ctx, dot + 1, len - o->msg_len - 1, &o->sig, &o->sig_len) ||
        EVP_DigestVerifyInit(o->mctx, NULL, EVP_sha256(), NULL, o->pkey) != 1)
        return -1;
    return 0;
}

int bench_sdjwt_run(const bench_opts *opts, bench_md *md)
{
    wallet_ctx *ctx = NULL;
    wallet_key *issuer = NULL, *holder = NULL;
    wallet_sdjwt_issuer *b = NULL;
    wallet_sdjwt *held = NULL;
    char *issued = NULL, *pres = NULL;
    raw_two raw = {0};
    raw_sign rs = {0};
    lib_verify lv = {0};
    lib_issue li = {0};
    int rc = -1;
    if (wallet_ctx_new(&ctx) != WALLET_OK)
        return fail("context", NULL);
    wallet_ctx_set_time(ctx, SD_NOW);
    if (wallet_key_generate(ctx, &issuer, WALLET_ALG_ES256) ||
        wallet_key_set_kid(ctx, issuer, "citizens-2026") ||
        wallet_key_generate(ctx, &holder, WALLET_ALG_ES256)) {
        fail("keys", ctx);
        goto done;
    }
    /* Issue: 8 disclosable claims, iss, vct, validity, cnf. */
    if (wallet_sdjwt_issuer_new(ctx, &b, issuer) ||
        wallet_sdjwt_issuer_set_claims(ctx, b, sd_claims, sizeof(sd_claims) - 1) ||
        wallet_sdjwt_issuer_set_issuer(ctx, b, "https://citizens.city.example") ||
        wallet_sdjwt_issuer_set_vct(ctx, b, "https://city.example/credentials/citizen") ||
        wallet_sdjwt_issuer_set_validity(ctx, b, SD_NOW - 60, 0, SD_NOW + 365 * 86400) ||
        wallet_sdjwt_issuer_set_holder_key(ctx, b, holder)) {
        fail("issuer", ctx);
        goto done;
    }
    for (size_t i = 0; i < 8; i++)
        if (wallet_sdjwt_issuer_add_disclosable(ctx, b, sd_paths[i])) {
            fail("disclosable path", ctx);
            goto done;
        }
    if (wallet_sdjwt_issuer_issue(ctx, &issued, b, 0) ||
        wallet_sdjwt_parse(ctx, &held, issued, strlen(issued)) ||
        wallet_sdjwt_present(ctx, &pres, held, sd_pick, 3, holder, "https://counter.city.example",
                             "n-0S6_WzA2Mj", 0)) {
        fail("issue / present", ctx);
        goto done;
    }
    /* libwallet verifier. */
    lv.ctx = ctx;
    lv.pres = pres;
    lv.pres_len = strlen(pres);
    if (wallet_trust_new(ctx, &lv.trust) || wallet_trust_add_key(ctx, lv.trust, issuer) ||
        wallet_policy_new(ctx, &lv.policy) ||
        wallet_policy_set_audience(ctx, lv.policy, "https://counter.city.example") ||
        wallet_policy_set_nonce(ctx, lv.policy, "n-0S6_WzA2Mj") ||
        wallet_policy_set_algs(ctx, lv.policy, WALLET_ALGSET(WALLET_ALG_ES256))) {
        fail("verifier", ctx);
        goto done;
    }
    /* Raw side: the issuer-signed JWT and the KB-JWT of the presentation. */
    const char *t1 = strchr(pres, '~'), *t2 = strrchr(pres, '~');
    wallet_key *ipub = NULL, *hpub = NULL;
    if (wallet_key_public(ctx, &ipub, issuer) || wallet_key_public(ctx, &hpub, holder)) {
        wallet_key_free(ipub);
        fail("public keys", ctx);
        goto done;
    }
    raw.md = EVP_sha256();
    int ok = !raw_setup(ctx, &raw.v[0], ipub, pres, (size_t)(t1 - pres)) &&
             !raw_setup(ctx, &raw.v[1], hpub, t2 + 1, strlen(t2 + 1));
    wallet_key_free(ipub);
    wallet_key_free(hpub);
    if (!ok) {
        fail("raw set-up", NULL);
        goto done;
    }
    /* Sanity: both sides accept, and both reject a corrupted signature. */
    if (raw_two_verify(&raw) || lib_verify_op(&lv)) {
        fail("a side rejects the presentation", ctx);
        goto done;
    }
    {
        char *bad = strdup(pres);
        if (!bad)
            goto done;
        char *c = strrchr(bad, '.') + 5;
        *c = *c == 'A' ? 'B' : 'A';
        lib_verify lb = lv;
        lb.pres = bad;
        int lib_rejects = lib_verify_op(&lb) != 0;
        free(bad);
        raw.v[1].sig[raw.v[1].sig_len - 3] ^= 1;
        int raw_rejects = raw_two_verify(&raw) != 0;
        raw.v[1].sig[raw.v[1].sig_len - 3] ^= 1;
        if (!lib_rejects || !raw_rejects) {
            fail("a corrupted KB-JWT signature was accepted", NULL);
            goto done;
        }
    }
    /* Raw signing and libwallet issuance. */
    rs.md = EVP_sha256();
    rs.pkey = pkey_of(ctx, issuer, 1);
    rs.mctx = EVP_MD_CTX_new();
    rs.msg = (const uint8_t *)issued;
    rs.msg_len = (size_t)(strchr(issued, '~') - issued);
    if (!rs.pkey || !rs.mctx || EVP_DigestSignInit(rs.mctx, NULL, rs.md, NULL, rs.pkey) != 1 ||
        raw_sign_op(&rs)) {
        fail("raw signing set-up", NULL);
        goto done;
    }
    li.ctx = ctx;
    li.b = b;

    bench_stat vr, vl, sr, sl;
    if (bench_compare(opts, raw_two_verify, &raw, lib_verify_op, &lv, &vr, &vl) ||
        bench_compare(opts, raw_sign_op, &rs, lib_issue_op, &li, &sr, &sl)) {
        fail("measurement", ctx);
        goto done;
    }
    double vratio = vl.median / vr.median, iratio = sl.median / sr.median;
    printf("SD-JWT VC presentation (%zu bytes: 8 disclosable claims, 3 disclosed, KB-JWT; ES256)\n",
           lv.pres_len);
    printf("  2 raw ES256 verifies  %10.0f /s   (%.0f-%.0f)\n", vr.median, vr.min, vr.max);
    printf("  libwallet verify      %10.0f /s   (%.0f-%.0f)   ratio %.3f (target >= 0.85: %s)\n",
           vl.median, vl.min, vl.max, vratio, vratio >= 0.85 ? "met" : "NOT met");
    printf("  1 raw ES256 sign      %10.0f /s   (%.0f-%.0f)\n", sr.median, sr.min, sr.max);
    printf("  libwallet issuance    %10.0f /s   (%.0f-%.0f)   ratio %.3f (target >= 0.50: %s)\n",
           sl.median, sl.min, sl.max, iratio, iratio >= 0.5 ? "met" : "NOT met");
    fflush(stdout);

    /* Memory across many verifies. */
    long iters = opts->rss_iterations / 4;
    long rss0 = bench_rss_kib(), rss1 = -1, rss2;
    long long heap0 = bench_heap_bytes(), heap1 = -1, heap2;
    for (long k = 0; k < iters; k++) {
        if (lib_verify_op(&lv)) {
            fail("verification failed during the memory run", ctx);
            goto done;
        }
        if (k + 1 == iters / 2) {
            rss1 = bench_rss_kib();
            heap1 = bench_heap_bytes();
        }
    }
    rss2 = bench_rss_kib();
    heap2 = bench_heap_bytes();
    printf("memory over %ld presentations: VmRSS %ld -> %ld -> %ld KiB, heap %lld -> %lld -> %lld B\n",
           iters, rss0, rss1, rss2, heap0, heap1, heap2);

    bench_md_printf(
        md,
        "Method. An ES256 issuer issues an SD-JWT VC of the citizen record with 8 selectively "
        "disclosable claims (`given_name`, `family_name`, `birthdate`, `is_over_18`, "
        "`nationality`, `address`, `phone_number`, `email`) bound to an ES256 holder key; the "
        "holder presents 3 of them (`given_name`, `is_over_18`, `nationality`) with a KB-JWT "
        "(a %zu-byte presentation). Single-threaded loops, measured interleaved as in the JWS "
        "section (%d rounds of at least %.3g s, median):\n\n"
        "- **2 raw ES256 verifies** — the bound: OpenSSL `EVP_DigestVerify` of the issuer-signed "
        "JWT and of the KB-JWT (same signing inputs, pre-built keys, DER signatures, one "
        "re-initialised `EVP_MD_CTX` per key).\n"
        "- **libwallet verify** — `wallet_sdjwt_verify` + `wallet_result_free` per presentation "
        "with audience and nonce expected: split, issuer signature (key by `kid` from the trust "
        "set), 3 Disclosure digests and decodes, processing, `vct` and validity checks, the "
        "`cnf` JWK import, KB-JWT signature, `sd_hash`, `aud`, `nonce`, `iat`.\n"
        "- **1 raw ES256 sign** — `EVP_DigestSign` over a signing input of the issued "
        "credential's size; **libwallet issuance** — `wallet_sdjwt_issuer_issue` (8 salts from "
        "the CSPRNG, 8 Disclosures and digests, sorted `_sd`, payload, ES256 signature), builder "
        "prepared once.\n\n",
        lv.pres_len, opts->repeats, opts->seconds);
    bench_md_printf(md,
                    "| operation | raw ops/s | libwallet ops/s | ratio | target | spread raw "
                    "(min–max) | spread libwallet (min–max) |\n"
                    "|---|---:|---:|---:|---:|---:|---:|\n");
    bench_md_printf(md, "| verify presentation vs 2 ES256 verifies | %.0f | %.0f | %.3f | ≥ 0.85 %s | "
                        "%.0f–%.0f | %.0f–%.0f |\n",
                    vr.median, vl.median, vratio, vratio >= 0.85 ? "(met)" : "(**not met**)",
                    vr.min, vr.max, vl.min, vl.max);
    bench_md_printf(md, "| issue credential vs 1 ES256 sign | %.0f | %.0f | %.3f | ≥ 0.50 %s | "
                        "%.0f–%.0f | %.0f–%.0f |\n\n",
                    sr.median, sl.median, iratio, iratio >= 0.5 ? "(met)" : "(**not met**)",
                    sr.min, sr.max, sl.min, sl.max);
    bench_md_printf(md,
                    "Memory over %ld further presentations verified, read at the start, "
                    "half-way and the end:\n\n"
                    "| | start | half-way | end | growth |\n|---|---:|---:|---:|---:|\n"
                    "| resident set (VmRSS) | %ld KiB | %ld KiB | %ld KiB | %+ld KiB |\n"
                    "| heap in use (glibc `mallinfo2`) | %lld B | %lld B | %lld B | %+lld B |\n",
                    iters, rss0, rss1, rss2, rss2 - rss0, heap0, heap1, heap2, heap2 - heap0);
    rc = 0;
done:
    for (int i = 0; i < 2; i++) {
        EVP_MD_CTX_free(raw.v[i].mctx);
        EVP_PKEY_free(raw.v[i].pkey);
        OPENSSL_free(raw.v[i].sig);
    }
    EVP_MD_CTX_free(rs.mctx);
    EVP_PKEY_free(rs.pkey);
    wallet_policy_free(lv.policy);
    wallet_trust_free(lv.trust);
    wallet_free(pres);
    wallet_free(issued);
    wallet_sdjwt_free(held);
    wallet_sdjwt_issuer_free(b);
    wallet_key_free(holder);
    wallet_key_free(issuer);
    wallet_ctx_free(ctx);
    return rc;
}
