/*
 * JWE decryption (ECDH-ES + A128GCM, P-256): what a verifier does per
 * encrypted OpenID4VP response, next to the one public-key operation it
 * cannot avoid.
 *
 *   raw        one P-256 ECDH with OpenSSL: EVP_PKEY_derive on a context
 *              made from the recipient's EVP_PKEY, with the peer (the
 *              sender's ephemeral public key) already parsed into an
 *              EVP_PKEY — no point decoding, no validation, no KDF, no
 *              decryption.
 *   libwallet  per response: wallet_jwe_decrypt_compact on a compact JWE
 *              of a ~2 KiB Authorization Response: parse, header checks,
 *              ephemeral key import with the on-curve check, ECDH, Concat
 *              KDF, AES-128-GCM, wallet_free.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wallet/wallet.h>

#include "bench.h"

typedef struct jwe_raw {
    EVP_PKEY *priv, *peer;
} jwe_raw;

typedef struct jwe_lib {
    wallet_ctx *ctx;
    wallet_key *key;
    const char *jwe;
    size_t len;
} jwe_lib;

static int jwe_raw_op(void *arg)
{
    jwe_raw *r = arg;
    unsigned char z[66];
    size_t n = sizeof(z);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, r->priv, NULL);
    int ok = c && EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_derive_set_peer_ex(c, r->peer, 0) == 1 &&
             EVP_PKEY_derive(c, z, &n) == 1;
    EVP_PKEY_CTX_free(c);
    return ok ? 0 : -1;
}

static int jwe_lib_op(void *arg)
{
    jwe_lib *l = arg;
    uint8_t *pt = NULL;
    size_t n = 0;
    wallet_err e = wallet_jwe_decrypt_compact(l->ctx, &pt, &n, l->key, l->jwe, l->len,
                                              WALLET_JWE_ENCSET_GCM);
    wallet_free(pt);
    return e == WALLET_OK ? 0 : -1;
}

/* An EVP_PKEY from a PEM export of a wallet_key (the bench's only way to
 * reach the same key material through the public API). */
static EVP_PKEY *jwe_pkey(wallet_ctx *ctx, const wallet_key *k, int priv)
{
    char *pem = NULL;
    if (wallet_key_to_pem(ctx, &pem, k, priv ? WALLET_EXPORT_PRIVATE : WALLET_EXPORT_PUBLIC))
        return NULL;
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *p = priv ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)
                       : PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
    BIO_free(b);
    wallet_free(pem);
    return p;
}

int bench_jwe_run(const bench_opts *opts, bench_md *md)
{
    wallet_ctx *ctx = NULL;
    wallet_key *rcpt = NULL, *eph = NULL;
    char *jwe = NULL;
    jwe_raw raw = {0};
    int rc = -1;
    /* A ~2 KiB response: an SD-JWT presentation is typically 1-3 KiB. */
    char payload[2200];
    int off = snprintf(payload, sizeof(payload), "{\"vp_token\":{\"pid\":[\"");
    for (; off < 2100; off++)
        payload[off] = "eyJhbGciOiJFUzI1NiJ9.abcdefghijklmnop~"[off % 38];
    snprintf(payload + off, sizeof(payload) - (size_t)off, "\"]},\"state\":\"3f9c1a\"}");

    if (wallet_ctx_new(&ctx) || wallet_key_generate(ctx, &rcpt, WALLET_ALG_ES256) ||
        wallet_key_generate(ctx, &eph, WALLET_ALG_ES256) ||
        wallet_jwe_encrypt(ctx, &jwe, rcpt, WALLET_JWE_ENC_A128GCM, NULL, 0, NULL, 0, NULL,
                           (const uint8_t *)payload, strlen(payload))) {
        fprintf(stderr, "bench jwe: setup: %s\n", wallet_ctx_errmsg(ctx));
        goto done;
    }
    raw.priv = jwe_pkey(ctx, rcpt, 1);
    raw.peer = jwe_pkey(ctx, eph, 0);
    jwe_lib lib = {ctx, rcpt, jwe, strlen(jwe)};
    if (!raw.priv || !raw.peer || jwe_raw_op(&raw) || jwe_lib_op(&lib)) {
        fprintf(stderr, "bench jwe: sanity check failed: %s\n", wallet_ctx_errmsg(ctx));
        goto done;
    }
    /* The library must refuse a changed tag before the measurement counts. */
    char saved = jwe[lib.len - 3];
    jwe[lib.len - 3] = saved == 'A' ? 'B' : 'A';
    if (jwe_lib_op(&lib) == 0) {
        fprintf(stderr, "bench jwe: a tampered JWE decrypted\n");
        goto done;
    }
    jwe[lib.len - 3] = saved;

    bench_stat rs, ls;
    if (bench_compare(opts, jwe_raw_op, &raw, jwe_lib_op, &lib, &rs, &ls)) {
        fprintf(stderr, "bench jwe: failed during the measurement\n");
        goto done;
    }
    double ratio = ls.median / rs.median;
    double over_us = (1.0 / ls.median - 1.0 / rs.median) * 1e6;
    printf("JWE ECDH-ES + A128GCM (P-256), %zu-byte payload, %zu-byte JWE\n", strlen(payload),
           lib.len);
    printf("%-22s %12s %12s %7s %12s\n", "", "raw ECDH/s", "decrypts/s", "ratio", "overhead");
    printf("%-22s %12.0f %12.0f %7.3f %9.2f us\n", "decrypt vs one ECDH", rs.median, ls.median,
           ratio, over_us);

    bench_md_printf(
        md,
        "Method. A verifier's work per encrypted OpenID4VP response (`direct_post.jwt`): "
        "`wallet_jwe_decrypt_compact` on a %zu-byte compact JWE (ECDH-ES, A128GCM, P-256; a "
        "%zu-byte Authorization Response) — parse, header checks, import of the ephemeral "
        "key with its on-curve check, ECDH, Concat KDF, AES-128-GCM — next to **one raw "
        "P-256 ECDH** with OpenSSL (`EVP_PKEY_derive` with the peer already parsed and not "
        "re-validated), the one public-key operation decryption cannot avoid. Same timing "
        "method as above (%d rounds, at least %.3g s per loop per round, interleaved; median "
        "and min–max). Before measuring, the JWE is checked to decrypt and to be refused "
        "with one character of its tag changed.\n\n",
        lib.len, strlen(payload), opts->repeats, opts->seconds);
    bench_md_printf(md, "| | raw ECDH/s | libwallet decrypts/s | ratio | overhead per response "
                        "| spread raw (min–max) | spread libwallet (min–max) |\n");
    bench_md_printf(md, "|---|---:|---:|---:|---:|---:|---:|\n");
    bench_md_printf(md, "| P-256, A128GCM | %.0f | %.0f | %.3f | %.2f µs | %.0f–%.0f | %.0f–%.0f |\n",
                    rs.median, ls.median, ratio, over_us, rs.min, rs.max, ls.min, ls.max);
    bench_md_printf(md,
                    "\nNo target is set for decryption; the ratio shows what the validation "
                    "of the sender's ephemeral key (the defence against invalid-curve "
                    "attacks) and the symmetric work cost on top of the ECDH itself.\n");
    rc = 0;
done:
    EVP_PKEY_free(raw.priv);
    EVP_PKEY_free(raw.peer);
    wallet_free(jwe);
    wallet_key_free(rcpt);
    wallet_key_free(eph);
    wallet_ctx_free(ctx);
    return rc;
}
