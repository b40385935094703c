/*
 * Signing keys and certificates of the issuer.
 *
 *   keys.issuer_key   SD-JWT VC issuer key and status-list signer (JWK or PEM)
 *   keys.iaca_key / keys.iaca_cert   mdoc IACA root (ISO/IEC 18013-5 Annex B.1.2)
 *   keys.ds_key / keys.ds_cert       mdoc document signer (Annex B.1.4), under the IACA
 *   keys.hc1_key / keys.hc1_cert     HC1 document signer certificate (self-signed)
 *
 * Private keys are secrets (svc_config_secret): from the environment
 * (WALLET_ISSUER_KEYS_ISSUER_KEY, ..._FILE) or from the file named by
 * "<name>_file". When such a file does not exist yet, a key is generated
 * and written there (mode 0600, O_EXCL): the first start makes the keys and
 * every later start uses them. Certificates are public (plain paths); a
 * missing one is made from its key on the first start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "issuer.h"

static int write_new_file(const char *path, const char *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

static int parse_key(wallet_ctx *ctx, wallet_key **out, const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
        i++;
    if (i < n && p[i] == '{')
        return wallet_key_from_jwk(ctx, out, (const char *)p, n) == WALLET_OK ? 0 : -1;
    return wallet_key_from_pem(ctx, out, (const char *)p, n) == WALLET_OK ? 0 : -1;
}

/* Load the private key `name`, or generate it into "<name>_file". */
static int load_key(issuer *is, wallet_ctx *ctx, wallet_key **out, const char *name,
                    int *generated, char *err, size_t errcap)
{
    *out = NULL;
    *generated = 0;
    uint8_t *sec = NULL;
    size_t len = 0;
    char fk[96];
    snprintf(fk, sizeof(fk), "%s_file", name);
    const char *path = NULL;
    /* read the path first: it is "used" even when the environment wins */
    if (svc_config_path(is->cfg, &path, fk, NULL) != SVC_OK) {
        snprintf(err, errcap, "%s", svc_errmsg());
        return -1;
    }
    svc_err e = svc_config_secret(is->cfg, &sec, &len, name);
    if (e == SVC_OK) {
        int r = parse_key(ctx, out, sec, len);
        svc_secret_free(sec, len);
        if (r != 0 || !wallet_key_can_sign(*out)) {
            wallet_key_free(*out);
            *out = NULL;
            snprintf(err, errcap, "%s: not a private key (JWK or PEM)", name);
            return -1;
        }
        return 0;
    }
    if (e != SVC_ERR_IO || !path || access(path, F_OK) == 0) {
        snprintf(err, errcap, "%s", svc_errmsg());
        return -1;
    }
    /* First start: make the key and keep it. */
    char *pem = NULL;
    if (wallet_key_generate(ctx, out, WALLET_ALG_ES256) != WALLET_OK ||
        wallet_key_to_pem(ctx, &pem, *out, WALLET_EXPORT_PRIVATE) != WALLET_OK ||
        write_new_file(path, pem, strlen(pem), 0600) != 0) {
        if (pem) {
            wallet_memzero(pem, strlen(pem));
            wallet_free(pem);
        }
        wallet_key_free(*out);
        *out = NULL;
        snprintf(err, errcap, "%s: cannot generate the key into %s", name, path);
        return -1;
    }
    wallet_memzero(pem, strlen(pem));
    wallet_free(pem);
    *generated = 1;
    return 0;
}

static int read_small_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = malloc(256 * 1024 + 1);
    size_t n = buf ? fread(buf, 1, 256 * 1024 + 1, f) : 0;
    fclose(f);
    if (!buf || n > 256 * 1024) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Load the certificate at config path `name`, or make it with `make` (when
 * the file does not exist, or its key was just generated) and write it. */
static int load_cert(issuer *is, wallet_ctx *ctx, wallet_cert **out, const char *name,
                     const wallet_key *key, int regenerate, wallet_cert_profile profile,
                     const char *subject, const wallet_key *ca_key, const wallet_cert *ca_cert,
                     int64_t years, char *err, size_t errcap)
{
    *out = NULL;
    const char *path = NULL;
    if (svc_config_path(is->cfg, &path, name, NULL) != SVC_OK || !path) {
        snprintf(err, errcap, "%s: a certificate path is required", name);
        return -1;
    }
    if (!regenerate && access(path, F_OK) == 0) {
        char *pem = NULL;
        size_t len = 0;
        wallet_cert **certs = NULL;
        size_t count = 0;
        if (read_small_file(path, &pem, &len) != 0 ||
            wallet_cert_from_pem(ctx, &certs, &count, pem, len) != WALLET_OK) {
            free(pem);
            snprintf(err, errcap, "%s: %s is not a PEM certificate", name, path);
            return -1;
        }
        free(pem);
        *out = certs[0];
        for (size_t i = 1; i < count; i++)
            wallet_cert_free(certs[i]);
        wallet_free(certs);
        wallet_key *pub = NULL;
        int same = wallet_cert_public_key(ctx, &pub, *out) == WALLET_OK &&
                   wallet_key_equal_public(pub, key);
        wallet_key_free(pub);
        if (!same) {
            wallet_cert_free(*out);
            *out = NULL;
            snprintf(err, errcap, "%s: the certificate does not certify its key", name);
            return -1;
        }
        return 0;
    }
    if (regenerate)
        unlink(path); /* its key was just made: the old certificate is of no use */
    wallet_cert_builder *b = NULL;
    char *pem = NULL;
    int64_t now = wallet_ctx_now(ctx);
    int ok = wallet_cert_builder_new(ctx, &b, profile) == WALLET_OK &&
             wallet_cert_builder_set_subject(ctx, b, subject) == WALLET_OK &&
             wallet_cert_builder_set_validity(ctx, b, now - 60, now + years * 365 * 86400) ==
                 WALLET_OK;
    if (ok && (profile == WALLET_CERT_PROFILE_MDOC_IACA || profile == WALLET_CERT_PROFILE_MDOC_DS))
        ok = wallet_cert_builder_set_issuer_alt_uri(ctx, b, is->public_url) == WALLET_OK;
    ok = ok && wallet_cert_builder_sign(ctx, out, b, key, ca_key ? ca_key : key, ca_cert) ==
                   WALLET_OK &&
         wallet_cert_to_pem(ctx, &pem, *out) == WALLET_OK &&
         write_new_file(path, pem, strlen(pem), 0644) == 0;
    wallet_cert_builder_free(b);
    wallet_free(pem);
    if (!ok) {
        snprintf(err, errcap, "%s: cannot make the certificate into %s (%s)", name, path,
                 wallet_ctx_errmsg(ctx));
        wallet_cert_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int iss_keys_load(issuer *is, char *err, size_t errcap)
{
    wallet_ctx *ctx = NULL;
    if (wallet_ctx_new(&ctx) != WALLET_OK) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    const char *org = NULL, *country = NULL;
    if (svc_config_string(is->cfg, &org, "issuer.name", "Hanoi Digital Services") != SVC_OK ||
        svc_config_string(is->cfg, &country, "issuer.country", "VN") != SVC_OK ||
        strlen(country) != 2 || strchr(org, ',') || strchr(org, '=')) {
        snprintf(err, errcap, "issuer.name (no ',' or '=') / issuer.country (2 letters): %s",
                 svc_errmsg());
        wallet_ctx_free(ctx);
        return -1;
    }
    char subj[512];
    int gen = 0, rc = -1;
    if (load_key(is, ctx, &is->sd_key, "keys.issuer_key", &gen, err, errcap) != 0)
        goto out;
    if (!wallet_key_kid(is->sd_key)) {
        uint8_t tp[32];
        char *kid = NULL;
        if (wallet_key_thumbprint(ctx, tp, is->sd_key) != WALLET_OK ||
            !(kid = iss_b64url(tp, sizeof(tp))) ||
            wallet_key_set_kid(ctx, is->sd_key, kid) != WALLET_OK) {
            free(kid);
            snprintf(err, errcap, "keys.issuer_key: cannot compute its kid");
            goto out;
        }
        free(kid);
    }
    if (load_key(is, ctx, &is->iaca_key, "keys.iaca_key", &gen, err, errcap) != 0)
        goto out;
    snprintf(subj, sizeof(subj), "CN=%s IACA,O=%s,C=%s", org, org, country);
    int iaca_new = gen;
    if (load_cert(is, ctx, &is->iaca_cert, "keys.iaca_cert", is->iaca_key, gen,
                  WALLET_CERT_PROFILE_MDOC_IACA, subj, NULL, NULL, 10, err, errcap) != 0)
        goto out;
    if (load_key(is, ctx, &is->ds_key, "keys.ds_key", &gen, err, errcap) != 0)
        goto out;
    snprintf(subj, sizeof(subj), "CN=%s Document Signer,O=%s,C=%s", org, org, country);
    if (load_cert(is, ctx, &is->ds_cert, "keys.ds_cert", is->ds_key, gen || iaca_new,
                  WALLET_CERT_PROFILE_MDOC_DS, subj, is->iaca_key, is->iaca_cert, 3, err,
                  errcap) != 0)
        goto out;
    if (load_key(is, ctx, &is->hc1_key, "keys.hc1_key", &gen, err, errcap) != 0)
        goto out;
    snprintf(subj, sizeof(subj), "CN=%s Health Certificate Signer,O=%s,C=%s", org, org,
             country);
    if (load_cert(is, ctx, &is->hc1_cert, "keys.hc1_cert", is->hc1_key, gen,
                  WALLET_CERT_PROFILE_LEAF, subj, NULL, NULL, 3, err, errcap) != 0)
        goto out;
    if (wallet_key_curve(is->hc1_key) != WALLET_CURVE_P256) {
        snprintf(err, errcap, "keys.hc1_key: HC1 needs a P-256 key (ES256)");
        goto out;
    }
    rc = 0;
out:
    wallet_ctx_free(ctx);
    return rc;
}

void iss_keys_free(issuer *is)
{
    wallet_key_free(is->sd_key);
    wallet_cert_free(is->sd_cert);
    wallet_key_free(is->iaca_key);
    wallet_cert_free(is->iaca_cert);
    wallet_key_free(is->ds_key);
    wallet_cert_free(is->ds_cert);
    wallet_key_free(is->hc1_key);
    wallet_cert_free(is->hc1_cert);
}
