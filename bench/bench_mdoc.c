/*
 * mdoc DeviceResponse verification (ISO/IEC 18013-5): libwallet's whole
 * verifier next to its signature bound, measured in the same run.
 *
 *   libwallet  per response: wallet_mdoc_verify() + wallet_mdoc_verified_free()
 *              on one mDL Document disclosing 10 elements, with an ES256
 *              issuerAuth whose x5chain holds the document signer certificate
 *              (one certificate, issued by the trusted IACA), and an ES256
 *              DeviceSignature over the OpenID4VP SessionTranscript. That is:
 *              CBOR decoding, the certificate parsed and its chain verified
 *              (OpenSSL's verifier), the issuerAuth signature, the MSO, 10
 *              element digests, the device key, DeviceAuthentication rebuilt
 *              and its signature verified, the claims rendered as JSON.
 *   raw        the three ES256 verifications the response needs, straight on
 *              OpenSSL with pre-built keys: X509_verify() of the document
 *              signer certificate with the IACA key, and EVP_DigestVerify()
 *              of two messages of the sizes of issuerAuth's and the device
 *              signature's Sig_structure, signatures converted to DER once.
 *
 * The target: libwallet >= 80% of the raw rate (DESIGN.md, "mdoc
 * DeviceResponse verify >= 80% of its 3-signature bound").
 */
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wallet/wallet.h>

#include "bench.h"

#define MDOC_NOW 1767225600 /* 2026-01-01 */

static const char mdoc_claims[] =
    "{\"org.iso.18013.5.1\": {\"family_name\": \"Tran\", \"given_name\": \"Minh Anh\","
    " \"birth_date\": {\"$date\": \"1990-04-12\"}, \"issue_date\": {\"$date\": \"2024-01-15\"},"
    " \"expiry_date\": {\"$date\": \"2034-01-14\"}, \"issuing_country\": \"VN\","
    " \"issuing_authority\": \"Hanoi Department of Transport\", \"document_number\": \"B2-0012345\","
    " \"age_over_18\": true, \"age_over_21\": true, \"un_distinguishing_sign\": \"VN\","
    " \"resident_city\": \"Ha Noi\", \"sex\": 2, \"height\": 172,"
    " \"driving_privileges\": [{\"vehicle_category_code\": \"B\","
    " \"issue_date\": {\"$date\": \"2024-01-15\"}, \"expiry_date\": {\"$date\": \"2034-01-14\"}}]}}";

static const wallet_mdoc_item mdoc_disclosed[10] = {
    {"org.iso.18013.5.1", "family_name", 0},      {"org.iso.18013.5.1", "given_name", 0},
    {"org.iso.18013.5.1", "birth_date", 0},       {"org.iso.18013.5.1", "issue_date", 0},
    {"org.iso.18013.5.1", "expiry_date", 0},      {"org.iso.18013.5.1", "issuing_country", 0},
    {"org.iso.18013.5.1", "document_number", 0},  {"org.iso.18013.5.1", "age_over_18", 0},
    {"org.iso.18013.5.1", "driving_privileges", 0}, {"org.iso.18013.5.1", "resident_city", 0},
};

typedef struct mdoc_lib {
    wallet_ctx *ctx;
    wallet_trust *trust;
    wallet_policy *policy;
    uint8_t *dr;
    size_t dr_len;
} mdoc_lib;

typedef struct mdoc_raw {
    X509 *ds;
    EVP_PKEY *iaca;
    EVP_MD_CTX *mctx[2];
    const EVP_MD *md;
    uint8_t msg[2][1024];
    size_t msg_len[2];
    unsigned char *sig[2]; /* DER */
    size_t sig_len[2];
} mdoc_raw;

static int mdoc_lib_verify(void *arg)
{
    mdoc_lib *l = arg;
    wallet_mdoc_verified *v = NULL;
    wallet_err e = wallet_mdoc_verify(l->ctx, &v, l->trust, l->policy, l->dr, l->dr_len);
    int ok = e == WALLET_OK && wallet_mdoc_verified_count(v) == 1;
    wallet_mdoc_verified_free(v);
    return ok ? 0 : -1;
}

/* The same with a fresh context each time: nothing cached, the document
 * signer certificate parsed and its chain built on every response. */
static int mdoc_lib_verify_cold(void *arg)
{
    mdoc_lib l = *(mdoc_lib *)arg;
    if (wallet_ctx_new(&l.ctx) != WALLET_OK)
        return -1;
    wallet_ctx_set_time(l.ctx, MDOC_NOW);
    int rc = mdoc_lib_verify(&l);
    wallet_ctx_free(l.ctx);
    return rc;
}

static int mdoc_raw_verify(void *arg)
{
    mdoc_raw *r = arg;
    if (X509_verify(r->ds, r->iaca) != 1)
        return -1;
    for (int i = 0; i < 2; i++) {
        if (EVP_DigestVerifyInit(r->mctx[i], NULL, r->md, NULL, NULL) != 1 ||
            EVP_DigestVerify(r->mctx[i], r->sig[i], r->sig_len[i], r->msg[i], r->msg_len[i]) != 1)
            return -1;
    }
    return 0;
}

static int mdoc_fail(const char *what, wallet_ctx *ctx)
{
    fprintf(stderr, "bench mdoc: %s%s%s\n", what, ctx ? ": " : "", ctx ? wallet_ctx_errmsg(ctx) : "");
    return -1;
}

static wallet_cert *mdoc_cert(wallet_ctx *ctx, wallet_cert_profile prof, const char *dn,
                              const wallet_key *k, const wallet_key *ik, const wallet_cert *ic)
{
    wallet_cert_builder *b = NULL;
    wallet_cert *c = NULL;
    if (wallet_cert_builder_new(ctx, &b, prof) || wallet_cert_builder_set_subject(ctx, b, dn) ||
        wallet_cert_builder_set_validity(ctx, b, MDOC_NOW - 86400, MDOC_NOW + 365 * 86400) ||
        wallet_cert_builder_set_issuer_alt_uri(ctx, b, "https://transport.example") ||
        wallet_cert_builder_sign(ctx, &c, b, k, ik, ic))
        c = NULL;
    wallet_cert_builder_free(b);
    return c;
}

static EVP_PKEY *mdoc_pkey(wallet_ctx *ctx, const wallet_key *k)
{
    uint8_t *spki = NULL;
    size_t n = 0;
    if (wallet_key_to_der(ctx, &spki, &n, k, WALLET_EXPORT_PUBLIC))
        return NULL;
    const unsigned char *p = spki;
    EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, (long)n);
    wallet_free(spki);
    return pk;
}

/* Sign `msg` with `k` (raw r||s) and convert to DER for OpenSSL. */
static int mdoc_raw_sig(wallet_ctx *ctx, const wallet_key *k, const uint8_t *msg, size_t n,
                        unsigned char **der, size_t *der_len)
{
    uint8_t *sig = NULL;
    size_t sl = 0;
    if (wallet_sign(ctx, &sig, &sl, k, WALLET_ALG_ES256, msg, n) || sl != 64)
        return -1;
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL), *sv = BN_bin2bn(sig + 32, 32, NULL);
    wallet_free(sig);
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

int bench_mdoc_run(const bench_opts *opts, bench_md *md)
{
    wallet_ctx *ctx = NULL;
    wallet_key *iaca_k = NULL, *ds_k = NULL, *holder = NULL;
    wallet_cert *iaca = NULL, *ds = NULL;
    wallet_mdoc_issuer *b = NULL;
    wallet_mdoc_response *resp = NULL;
    uint8_t *is = NULL, *st = NULL;
    size_t is_len = 0, st_len = 0;
    mdoc_lib lib = {0};
    mdoc_raw raw = {0};
    int rc = -1;
    if (wallet_ctx_new(&ctx) != WALLET_OK)
        return mdoc_fail("context", NULL);
    wallet_ctx_set_time(ctx, MDOC_NOW);
    if (wallet_key_generate(ctx, &iaca_k, WALLET_ALG_ES256) ||
        wallet_key_generate(ctx, &ds_k, WALLET_ALG_ES256) ||
        wallet_key_generate(ctx, &holder, WALLET_ALG_ES256)) {
        mdoc_fail("keys", ctx);
        goto done;
    }
    iaca = mdoc_cert(ctx, WALLET_CERT_PROFILE_MDOC_IACA, "CN=Bench IACA,O=City,C=VN", iaca_k, iaca_k, NULL);
    ds = iaca ? mdoc_cert(ctx, WALLET_CERT_PROFILE_MDOC_DS, "CN=Bench DS,O=City,C=VN", ds_k, iaca_k, iaca)
              : NULL;
    if (!ds) {
        mdoc_fail("certificates", ctx);
        goto done;
    }
    /* issuer: 15 elements; holder: discloses 10 with a DeviceSignature */
    if (wallet_mdoc_issuer_new(ctx, &b, WALLET_MDOC_MDL_DOCTYPE) ||
        wallet_mdoc_issuer_add_claims_json(ctx, b, mdoc_claims, sizeof(mdoc_claims) - 1) ||
        wallet_mdoc_issuer_sign(ctx, &is, &is_len, b, holder, ds_k, WALLET_ALG_ES256,
                                (const wallet_cert *const *)&ds, 1) ||
        wallet_mdoc_transcript_oid4vp(ctx, &st, &st_len, "x509_san_dns:verifier.city.example",
                                      "n-0S6_WzA2Mj", NULL, "https://verifier.city.example/post") ||
        wallet_mdoc_response_new(ctx, &resp, st, st_len) ||
        wallet_mdoc_response_add(ctx, resp, is, is_len, mdoc_disclosed, 10, holder,
                                 WALLET_ALG_ES256, NULL) ||
        wallet_mdoc_response_encode(ctx, &lib.dr, &lib.dr_len, resp)) {
        mdoc_fail("issue / present", ctx);
        goto done;
    }
    lib.ctx = ctx;
    if (wallet_trust_new(ctx, &lib.trust) ||
        wallet_trust_add_cert(ctx, lib.trust, iaca, WALLET_TRUST_ROOT) ||
        wallet_policy_new(ctx, &lib.policy) ||
        wallet_policy_set_algs(ctx, lib.policy, WALLET_ALGSET(WALLET_ALG_ES256)) ||
        wallet_policy_set_session_transcript(ctx, lib.policy, st, st_len)) {
        mdoc_fail("verifier set-up", ctx);
        goto done;
    }

    /* raw side: the DS certificate and the two signing inputs */
    size_t der_len;
    const uint8_t *der = wallet_cert_der(ds, &der_len);
    const unsigned char *p = der;
    raw.ds = d2i_X509(NULL, &p, (long)der_len);
    raw.iaca = mdoc_pkey(ctx, iaca_k);
    EVP_PKEY *ds_pk = mdoc_pkey(ctx, ds_k), *h_pk = mdoc_pkey(ctx, holder);
    raw.md = EVP_sha256();
    /* Sig_structure sizes: issuerAuth carries the MSO (~ 80 bytes per
     * element digest and the rest); the device signature covers
     * DeviceAuthenticationBytes (transcript, docType, empty namespaces). */
    raw.msg_len[0] = 48 + 15 * 40 + 300;
    raw.msg_len[1] = 40 + st_len + 30;
    for (int i = 0; i < 2; i++)
        memset(raw.msg[i], 0xA5 + i, raw.msg_len[i]);
    int ok = raw.ds && raw.iaca && ds_pk && h_pk &&
             !mdoc_raw_sig(ctx, ds_k, raw.msg[0], raw.msg_len[0], &raw.sig[0], &raw.sig_len[0]) &&
             !mdoc_raw_sig(ctx, holder, raw.msg[1], raw.msg_len[1], &raw.sig[1], &raw.sig_len[1]);
    for (int i = 0; ok && i < 2; i++) {
        raw.mctx[i] = EVP_MD_CTX_new();
        ok = raw.mctx[i] && EVP_DigestVerifyInit(raw.mctx[i], NULL, raw.md, NULL, i ? h_pk : ds_pk) == 1;
    }
    EVP_PKEY_free(ds_pk);
    EVP_PKEY_free(h_pk);
    if (!ok) {
        mdoc_fail("raw set-up", NULL);
        goto done;
    }
    /* Both sides must accept, and reject what they must reject. */
    if (mdoc_raw_verify(&raw) != 0 || mdoc_lib_verify(&lib) != 0) {
        mdoc_fail("a side rejects the valid input", ctx);
        goto done;
    }
    {
        mdoc_lib bad = lib;
        uint8_t *copy = malloc(lib.dr_len);
        if (!copy)
            goto done;
        memcpy(copy, lib.dr, lib.dr_len);
        copy[lib.dr_len - 3] ^= 0x01; /* inside the device signature */
        bad.dr = copy;
        int rejects = mdoc_lib_verify(&bad) != 0;
        free(copy);
        if (!rejects) {
            mdoc_fail("libwallet accepted a corrupted device signature", NULL);
            goto done;
        }
    }

    bench_stat rs, ls, rc_s, lc_s;
    if (bench_compare(opts, mdoc_raw_verify, &raw, mdoc_lib_verify, &lib, &rs, &ls) ||
        bench_compare(opts, mdoc_raw_verify, &raw, mdoc_lib_verify_cold, &lib, &rc_s, &lc_s)) {
        mdoc_fail("verification failed during the measurement", ctx);
        goto done;
    }
    double ratio = ls.median / rs.median;
    double ratio_cold = lc_s.median / rc_s.median;
    printf("mdoc DeviceResponse: 1 mDL, 10 of 15 elements disclosed, ES256 issuerAuth + "
           "1-certificate x5chain + ES256 DeviceSignature, %zu bytes\n",
           lib.dr_len);
    printf("%-28s %12s %12s %7s %12s\n", "", "raw ops/s", "lib ops/s", "ratio", "overhead");
    printf("%-28s %12.0f %12.0f %7.3f %9.2f us   spread %.0f-%.0f / %.0f-%.0f\n",
           "steady (context reused)", rs.median, ls.median, ratio,
           (1.0 / ls.median - 1.0 / rs.median) * 1e6, rs.min, rs.max, ls.min, ls.max);
    printf("%-28s %12.0f %12.0f %7.3f %9.2f us   spread %.0f-%.0f / %.0f-%.0f\n",
           "cold (new context each)", rc_s.median, lc_s.median, ratio_cold,
           (1.0 / lc_s.median - 1.0 / rc_s.median) * 1e6, rc_s.min, rc_s.max, lc_s.min, lc_s.max);

    /* memory across repeated verifies */
    long iters = opts->rss_iterations / 20;
    long rss[3];
    long long heap[3];
    rss[0] = bench_rss_kib();
    heap[0] = bench_heap_bytes();
    rss[1] = rss[0];
    heap[1] = heap[0];
    for (long k = 0; k < iters; k++) {
        if (mdoc_lib_verify(&lib) != 0) {
            mdoc_fail("verification failed during the memory run", ctx);
            goto done;
        }
        if (k + 1 == iters / 2) {
            rss[1] = bench_rss_kib();
            heap[1] = bench_heap_bytes();
        }
    }
    rss[2] = bench_rss_kib();
    heap[2] = bench_heap_bytes();
    printf("memory over %ld verifies: VmRSS %ld -> %ld -> %ld KiB, heap %lld -> %lld -> %lld B\n",
           iters, rss[0], rss[1], rss[2], heap[0], heap[1], heap[2]);
    printf("target libwallet/raw >= 0.80: %s\n", ratio >= 0.80 ? "met" : "NOT met");

    bench_md_printf(
        md,
        "Method. One mDL (`org.iso.18013.5.1.mDL`, 15 elements) issued by a document signer "
        "whose certificate is issued by a trusted IACA (both ES256), presented with 10 elements "
        "disclosed and an ES256 DeviceSignature over an OpenID4VP SessionTranscript: a "
        "%zu-byte DeviceResponse. Two loops, single-threaded, interleaved as for the JWS "
        "benchmark (%d round%s, each side at least %.3g s per round, median reported):\n\n"
        "- **raw** — the three ES256 verifications the response needs, straight on OpenSSL "
        "with pre-built keys: `X509_verify()` of the document signer certificate with the "
        "IACA key, and `EVP_DigestVerify()` of two messages the sizes of issuerAuth's and the "
        "device signature's Sig_structure (signatures converted to DER beforehand).\n"
        "- **libwallet** — `wallet_mdoc_verify()` + `wallet_mdoc_verified_free()`: CBOR "
        "decoding, the x5chain certificate parsed and chained to the IACA (OpenSSL's "
        "verifier, Annex B checks), issuerAuth, the MSO, 10 element digests over the received "
        "bytes, DeviceAuthentication rebuilt and its signature checked, the claims rendered as "
        "JSON. *Steady*: one context verifies response after response, as a verifier does; "
        "its cache of verified chains (keyed by the chain's bytes, the trust set's generation "
        "and valid only inside the path's validity window) spares re-parsing the same "
        "document signer certificate, so two signatures are computed per response. *Cold*: a "
        "new context per response, so the certificate is parsed and its path built and "
        "verified every time (three signatures, plus OpenSSL 3's certificate decoding, "
        "which alone costs more than one ECDSA verification).\n\n",
        lib.dr_len, opts->repeats, opts->repeats == 1 ? "" : "s", opts->seconds);
    bench_md_printf(md, "| | raw verifies/s (3 × ES256) | libwallet responses/s | ratio | "
                        "overhead per response | spread raw | spread libwallet |\n"
                        "|---|---:|---:|---:|---:|---:|---:|\n");
    bench_md_printf(md, "| steady (context reused) | %.0f | %.0f | %.3f | %.2f µs | %.0f–%.0f | %.0f–%.0f |\n",
                    rs.median, ls.median, ratio, (1.0 / ls.median - 1.0 / rs.median) * 1e6,
                    rs.min, rs.max, ls.min, ls.max);
    bench_md_printf(md, "| cold (new context each) | %.0f | %.0f | %.3f | %.2f µs | %.0f–%.0f | %.0f–%.0f |\n",
                    rc_s.median, lc_s.median, ratio_cold,
                    (1.0 / lc_s.median - 1.0 / rc_s.median) * 1e6, rc_s.min, rc_s.max, lc_s.min,
                    lc_s.max);
    bench_md_printf(md, "\nTarget libwallet/raw ≥ 0.80 (steady state): **%s**; cold: %.2f.\n\n",
                    ratio >= 0.80 ? "met" : "not met", ratio_cold);
    bench_md_printf(md,
                    "Memory over %ld further verifies, read at the start, half-way and the end:\n\n"
                    "| | start | half-way | end | growth |\n|---|---:|---:|---:|---:|\n"
                    "| resident set (VmRSS) | %ld KiB | %ld KiB | %ld KiB | %+ld KiB |\n"
                    "| heap in use (glibc `mallinfo2`) | %lld B | %lld B | %lld B | %+lld B |\n",
                    iters, rss[0], rss[1], rss[2], rss[2] - rss[0], heap[0], heap[1], heap[2],
                    heap[2] - heap[0]);
    rc = 0;
done:
    for (int i = 0; i < 2; i++) {
        EVP_MD_CTX_free(raw.mctx[i]);
        OPENSSL_free(raw.sig[i]);
    }
    X509_free(raw.ds);
    EVP_PKEY_free(raw.iaca);
    wallet_free(lib.dr);
    wallet_policy_free(lib.policy);
    wallet_trust_free(lib.trust);
    wallet_mdoc_response_free(resp);
    wallet_free(st);
    wallet_free(is);
    wallet_mdoc_issuer_free(b);
    wallet_cert_free(iaca);
    wallet_cert_free(ds);
    wallet_key_free(iaca_k);
    wallet_key_free(ds_k);
    wallet_key_free(holder);
    wallet_ctx_free(ctx);
    return rc;
}
