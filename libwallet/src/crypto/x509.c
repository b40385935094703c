/*
 * X.509 certificates: parse, inspect, and verify a chain at the context's
 * time with OpenSSL's verifier.
 */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <time.h>

#include "key_impl.h"

struct wallet_cert {
    atomic_int refs;
    X509 *x;
    uint8_t *der;
    size_t der_len;
    uint8_t sha256[32]; /* of der, computed once: EU DCC kids are looked up by it */
    atomic_int key_checked; /* the subject key passed the public-key check once */
    _Atomic(wallet_key *) vkey; /* wl_cert_verify_key: made once, shared */
    char **san_dns;
    size_t n_san_dns;
};

X509 *wl_cert_x509(const wallet_cert *cert)
{
    return cert->x;
}

static void wl_cert_destroy(wallet_cert *c)
{
    wallet_key_free(atomic_load(&c->vkey));
    X509_free(c->x);
    free(c->der);
    for (size_t i = 0; i < c->n_san_dns; i++)
        free(c->san_dns[i]);
    free(c->san_dns);
    free(c);
}

void wallet_cert_free(wallet_cert *cert)
{
    if (cert && atomic_fetch_sub(&cert->refs, 1) == 1)
        wl_cert_destroy(cert);
}

wallet_cert *wl_cert_ref(const wallet_cert *cert)
{
    wallet_cert *c = (wallet_cert *)(uintptr_t)cert;
    if (c)
        atomic_fetch_add(&c->refs, 1);
    return c;
}

wallet_err wl_cert_wrap(wallet_ctx *ctx, wallet_cert **out, X509 *x)
{
    *out = NULL;
    wallet_cert *c = wl_calloc(1, sizeof(*c));
    if (!c) {
        X509_free(x);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    atomic_init(&c->refs, 1);
    atomic_init(&c->key_checked, 0);
    c->x = x;
    unsigned char *der = NULL;
    int n = i2d_X509(x, &der);
    if (n <= 0) {
        wl_cert_destroy(c);
        return wl_ossl_err(ctx, WALLET_ERR_DER, "certificate could not be re-encoded");
    }
    c->der = wl_memdup(der, (size_t)n);
    c->der_len = (size_t)n;
    OPENSSL_free(der);
    if (c->der && wl_hash(ctx, WL_SHA256, c->der, c->der_len, c->sha256) != WALLET_OK) {
        wl_cert_destroy(c);
        return WALLET_ERR_CRYPTO;
    }
    GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    int ng = gens ? sk_GENERAL_NAME_num(gens) : 0;
    if (ng > 0)
        c->san_dns = wl_calloc((size_t)ng, sizeof(char *));
    for (int i = 0; i < ng && c->san_dns; i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
        if (g->type != GEN_DNS)
            continue;
        const ASN1_IA5STRING *s = g->d.dNSName;
        char *name = wl_strndup((const char *)ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
        if (name && strlen(name) == (size_t)ASN1_STRING_length(s))
            c->san_dns[c->n_san_dns++] = name;
        else
            free(name); /* embedded NUL: never match on it */
    }
    GENERAL_NAMES_free(gens);
    if (!c->der || (ng > 0 && !c->san_dns)) {
        wl_cert_destroy(c);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return WALLET_OK;
}

wallet_err wallet_cert_from_der(wallet_ctx *ctx, wallet_cert **out, const uint8_t *der,
                                size_t der_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!der)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, der_len, "certificate");
    if (e)
        return e;
    if (der_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "certificate too large");
    const unsigned char *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)der_len);
    if (!x)
        return wl_ossl_err(ctx, WALLET_ERR_DER, "certificate is not valid DER");
    if (p != der + der_len) {
        X509_free(x);
        return wl_err(ctx, WALLET_ERR_TRAILING_DATA, "certificate: %zu trailing bytes",
                      (size_t)(der + der_len - p));
    }
    return wl_cert_wrap(ctx, out, x);
}

void wallet_cert_array_free(wallet_cert **certs, size_t count)
{
    if (!certs)
        return;
    for (size_t i = 0; i < count; i++)
        wallet_cert_free(certs[i]);
    free(certs);
}

/* A PEM block with "Proc-Type: 4,ENCRYPTED" makes OpenSSL ask the password
 * callback; without one it prompts on the terminal. Certificates are never
 * encrypted: refuse. */
static int wl_cert_no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

wallet_err wallet_cert_from_pem(wallet_ctx *ctx, wallet_cert ***out, size_t *count,
                                const char *pem, size_t pem_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (count)
        *count = 0;
    if (!out || !count || !pem)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wallet_err e = wl_check_input_size(ctx, pem_len, "PEM");
    if (e)
        return e;
    if (pem_len > INT32_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "PEM too large");
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
    if (!bio)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_cert **v = NULL;
    size_t n = 0, cap = 0;
    size_t max = (size_t)wl_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH) * 8 + 64;
    for (;;) {
        X509 *x = PEM_read_bio_X509(bio, NULL, wl_cert_no_password, NULL);
        if (!x)
            break;
        if (n == max) {
            X509_free(x);
            e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "PEM: more than %zu certificates", max);
            break;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            wallet_cert **nv = realloc(v, ncap * sizeof(*v));
            if (!nv) {
                X509_free(x);
                e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
                break;
            }
            v = nv;
            cap = ncap;
        }
        e = wl_cert_wrap(ctx, &v[n], x);
        if (e)
            break;
        n++;
    }
    /* PEM_read_bio_X509 leaves "no start line" on the queue at the end. */
    unsigned long last = ERR_peek_last_error();
    int clean_end = !last || ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
    ERR_clear_error();
    BIO_free(bio);
    if (!e && !clean_end)
        e = wl_err(ctx, WALLET_ERR_PEM, "PEM: a CERTIFICATE block could not be decoded");
    if (!e && n == 0)
        e = wl_err(ctx, WALLET_ERR_PEM, "PEM: no CERTIFICATE block");
    if (e) {
        wallet_cert_array_free(v, n);
        return e;
    }
    *out = v;
    *count = n;
    return WALLET_OK;
}

const uint8_t *wallet_cert_der(const wallet_cert *cert, size_t *len)
{
    if (len)
        *len = cert ? cert->der_len : 0;
    return cert ? cert->der : NULL;
}

wallet_err wallet_cert_to_pem(wallet_ctx *ctx, char **out, const wallet_cert *cert)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    long n = 0;
    if (bio && PEM_write_bio_X509(bio, cert->x) == 1)
        n = BIO_get_mem_data(bio, &data);
    if (n > 0)
        *out = wl_strndup(data, (size_t)n);
    BIO_free(bio);
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "PEM encoding failed");
}

static wallet_err wl_name_string(wallet_ctx *ctx, char **out, const X509_NAME *name)
{
    *out = NULL;
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    long n = -1;
    if (bio && X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
        n = BIO_get_mem_data(bio, &data);
    if (n >= 0)
        *out = wl_strndup(data ? data : "", (size_t)n);
    BIO_free(bio);
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "name formatting failed");
}

wallet_err wallet_cert_subject(wallet_ctx *ctx, char **out, const wallet_cert *cert)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_name_string(ctx, out, X509_get_subject_name(cert->x));
}

wallet_err wallet_cert_issuer(wallet_ctx *ctx, char **out, const wallet_cert *cert)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    return wl_name_string(ctx, out, X509_get_issuer_name(cert->x));
}

static int wl_asn1_time_to_unix(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return 0;
    *out = (int64_t)timegm(&tm);
    return 1;
}

wallet_err wallet_cert_validity(wallet_ctx *ctx, int64_t *not_before, int64_t *not_after,
                                const wallet_cert *cert)
{
    wl_enter(ctx);
    if (not_before)
        *not_before = 0;
    if (not_after)
        *not_after = 0;
    if (!cert || !not_before || !not_after)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!wl_asn1_time_to_unix(X509_get0_notBefore(cert->x), not_before) ||
        !wl_asn1_time_to_unix(X509_get0_notAfter(cert->x), not_after))
        return wl_err(ctx, WALLET_ERR_CERT_INVALID, "certificate validity unreadable");
    return WALLET_OK;
}

wallet_err wallet_cert_public_key(wallet_ctx *ctx, wallet_key **out, const wallet_cert *cert)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    EVP_PKEY *pkey = X509_get_pubkey(cert->x);
    if (!pkey)
        return wl_ossl_err(ctx, WALLET_ERR_CERT_INVALID, "certificate public key unreadable");
    wallet_err e = WALLET_OK;
    /* Validate the point like any imported key, once per certificate: the
     * key inside an X509 never changes, and a verifier asks a trusted signer
     * certificate for its key on every message (EU DCC: the check was a
     * fifth of an HC1 verification's overhead). A race only repeats it. */
    if (!atomic_load(&((wallet_cert *)(uintptr_t)cert)->key_checked)) {
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        if (!c || EVP_PKEY_public_check_quick(c) != 1)
            e = wl_ossl_err(ctx, WALLET_ERR_KEY_INVALID, "certificate public key rejected");
        EVP_PKEY_CTX_free(c);
        if (!e && EVP_PKEY_get_base_id(pkey) == EVP_PKEY_EC)
            e = wl_key_check_point(ctx, pkey);
        if (!e)
            atomic_store(&((wallet_cert *)(uintptr_t)cert)->key_checked, 1);
    }
    if (e) {
        EVP_PKEY_free(pkey);
        return e;
    }
    return wl_key_from_pkey_ex(ctx, out, pkey, 0, 0);
}

wallet_err wl_cert_verify_key(wallet_ctx *ctx, wallet_key **out, const wallet_cert *cert)
{
    wallet_cert *c = (wallet_cert *)(uintptr_t)cert; /* the cache is mutable; the cert is not */
    wallet_key *k = atomic_load(&c->vkey);
    if (!k) {
        wallet_err e = wallet_cert_public_key(ctx, &k, cert);
        if (e) {
            *out = NULL;
            return e;
        }
        wallet_key *none = NULL;
        if (!atomic_compare_exchange_strong(&c->vkey, &none, k)) {
            wallet_key_free(k); /* another thread made it first */
            k = none;
        }
    }
    *out = wl_key_ref(k);
    return WALLET_OK;
}

wallet_err wallet_cert_sha256(wallet_ctx *ctx, uint8_t out32[32], const wallet_cert *cert)
{
    wl_enter(ctx);
    if (!out32 || !cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    memcpy(out32, cert->sha256, 32);
    return WALLET_OK;
}

const uint8_t *wl_cert_sha256_ref(const wallet_cert *cert)
{
    return cert->sha256;
}

int wallet_cert_has_eku(const wallet_cert *cert, const char *oid)
{
    if (!cert || !oid)
        return 0;
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(cert->x, NID_ext_key_usage, NULL, NULL);
    if (!eku) {
        ERR_clear_error();
        return -1;
    }
    int found = 0;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !found; i++) {
        char buf[128];
        if (OBJ_obj2txt(buf, sizeof(buf), sk_ASN1_OBJECT_value(eku, i), 1) > 0 &&
            strcmp(buf, oid) == 0)
            found = 1;
    }
    EXTENDED_KEY_USAGE_free(eku);
    return found;
}

size_t wallet_cert_san_dns_count(const wallet_cert *cert)
{
    return cert ? cert->n_san_dns : 0;
}

const char *wallet_cert_san_dns(const wallet_cert *cert, size_t i)
{
    return cert && i < cert->n_san_dns ? cert->san_dns[i] : NULL;
}

int wl_cert_key_usage(const wallet_cert *cert)
{
    uint32_t ku = X509_get_key_usage(cert->x);
    return ku == UINT32_MAX ? -1 : (int)ku;
}

int wl_cert_is_ca(const wallet_cert *cert)
{
    uint32_t f = X509_get_extension_flags(cert->x);
    if (!(f & EXFLAG_BCONS))
        return -1;
    return (f & EXFLAG_CA) ? 1 : 0;
}

int wl_cert_is_self_signed_ca(const wallet_cert *cert)
{
    int r = X509_self_signed(cert->x, 1) == 1 && wl_cert_is_ca(cert) == 1;
    /* Both may queue errors (invalid extensions, bad signature) that are
     * answers here, not failures: leave no stale error behind (OpenSSL 3.0's
     * PEM key decoder misbehaves when the queue is not empty). */
    ERR_clear_error();
    return r;
}

wallet_err wallet_cert_verify_chain(wallet_ctx *ctx, const wallet_cert *leaf,
                                    const wallet_cert *const *intermediates,
                                    size_t intermediate_count, const wallet_cert *const *roots,
                                    size_t root_count)
{
    wl_enter(ctx);
    return wl_cert_verify_chain_window(ctx, leaf, intermediates, intermediate_count, roots,
                                       root_count, NULL, NULL);
}

wallet_err wl_cert_verify_chain_window(wallet_ctx *ctx, const wallet_cert *leaf,
                                       const wallet_cert *const *intermediates,
                                       size_t intermediate_count, const wallet_cert *const *roots,
                                       size_t root_count, int64_t *not_before, int64_t *not_after)
{
    if (!leaf || (!intermediates && intermediate_count) || (!roots && root_count))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (root_count == 0)
        return wl_err(ctx, WALLET_ERR_CERT_CHAIN, "no trusted roots");
    int64_t max_chain = wl_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH);
    /* The limit counts every certificate of the path: leaf, intermediates
     * and the trust anchor. */
    if (max_chain < 2 || (int64_t)intermediate_count + 2 > max_chain)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "certificate chain longer than %lld",
                      (long long)max_chain);
    X509_STORE *store = X509_STORE_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    X509_STORE_CTX *sctx = X509_STORE_CTX_new();
    wallet_err e = WALLET_OK;
    if (!store || !untrusted || !sctx) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < root_count; i++)
        if (X509_STORE_add_cert(store, roots[i]->x) != 1) {
            ERR_clear_error(); /* duplicates are harmless */
        }
    for (size_t i = 0; i < intermediate_count; i++)
        if (!sk_X509_push(untrusted, intermediates[i]->x)) {
            e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
            goto done;
        }
    if (X509_STORE_CTX_init(sctx, store, leaf->x, untrusted) != 1) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "certificate verifier set-up failed");
        goto done;
    }
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(sctx);
    /* Time from the context's clock, never the system's. PARTIAL_CHAIN lets a
     * trusted intermediate or a trusted leaf act as the anchor. */
    X509_VERIFY_PARAM_set_time(param, (time_t)wallet_ctx_now(ctx));
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    /* OpenSSL's depth counts intermediates only (neither the leaf nor the
     * anchor), so a path of max_chain certificates has depth max_chain - 2. */
    X509_VERIFY_PARAM_set_depth(param, (int)(max_chain - 2));
    if (X509_verify_cert(sctx) != 1) {
        int err = X509_STORE_CTX_get_error(sctx);
        int depth = X509_STORE_CTX_get_error_depth(sctx);
        const char *why = X509_verify_cert_error_string(err);
        if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
            e = wl_err(ctx, WALLET_ERR_CERT_EXPIRED, "certificate at depth %d: %s", depth, why);
        else
            e = wl_err(ctx, WALLET_ERR_CERT_CHAIN, "certificate at depth %d: %s", depth, why);
        ERR_clear_error();
    } else if (not_before && not_after) {
        /* The window in which every certificate of the path built, trust
         * anchor included, is within its validity (OpenSSL's rule: from
         * notBefore, up to but excluding notAfter). */
        STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(sctx);
        *not_before = INT64_MIN;
        *not_after = INT64_MAX;
        for (int i = 0; path && i < sk_X509_num(path); i++) {
            X509 *x = sk_X509_value(path, i);
            int64_t nb, na;
            if (!wl_asn1_time_to_unix(X509_get0_notBefore(x), &nb) ||
                !wl_asn1_time_to_unix(X509_get0_notAfter(x), &na)) {
                e = wl_err(ctx, WALLET_ERR_CERT_INVALID, "certificate validity unreadable");
                break;
            }
            if (nb > *not_before)
                *not_before = nb;
            if (na < *not_after)
                *not_after = na;
        }
    }
done:
    X509_STORE_CTX_free(sctx);
    sk_X509_free(untrusted);
    X509_STORE_free(store);
    return e;
}
