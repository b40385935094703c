/*
 * Making certificates: generic CA and leaf profiles, and the ISO/IEC
 * 18013-5 Annex B IACA and document-signer profiles.
 */
#include <ctype.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "key_impl.h"

#define WL_CERT_MAX_NAMES 32

struct wallet_cert_builder {
    wallet_cert_profile profile;
    char *subject;
    int64_t not_before, not_after;
    int has_validity;
    char *san[WL_CERT_MAX_NAMES]; /* "DNS:x" or "URI:y" */
    size_t n_san;
    char *eku[WL_CERT_MAX_NAMES];
    size_t n_eku;
    char *issuer_alt_uri;
};

wallet_err wallet_cert_builder_new(wallet_ctx *ctx, wallet_cert_builder **out,
                                   wallet_cert_profile profile)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (profile < WALLET_CERT_PROFILE_CA || profile > WALLET_CERT_PROFILE_MDOC_DS)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "unknown certificate profile");
    wallet_cert_builder *b = wl_calloc(1, sizeof(*b));
    if (!b)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    b->profile = profile;
    *out = b;
    return WALLET_OK;
}

void wallet_cert_builder_free(wallet_cert_builder *b)
{
    if (!b)
        return;
    free(b->subject);
    for (size_t i = 0; i < b->n_san; i++)
        free(b->san[i]);
    for (size_t i = 0; i < b->n_eku; i++)
        free(b->eku[i]);
    free(b->issuer_alt_uri);
    free(b);
}

/* Names and URIs go into OpenSSL's extension configuration syntax, where ','
 * separates values: refuse anything but printable characters without ','. */
static int wl_safe_value(const char *s)
{
    if (!s || !*s || strlen(s) > 255)
        return 0;
    for (; *s; s++)
        if (!isprint((unsigned char)*s) || *s == ',')
            return 0;
    return 1;
}

wallet_err wallet_cert_builder_set_subject(wallet_ctx *ctx, wallet_cert_builder *b, const char *dn)
{
    wl_enter(ctx);
    if (!b || !dn || !*dn)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty subject");
    char *copy = wl_strdup(dn);
    if (!copy)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    free(b->subject);
    b->subject = copy;
    return WALLET_OK;
}

wallet_err wallet_cert_builder_set_validity(wallet_ctx *ctx, wallet_cert_builder *b,
                                            int64_t not_before, int64_t not_after)
{
    wl_enter(ctx);
    if (!b || not_after <= not_before)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "validity must end after it starts");
    b->not_before = not_before;
    b->not_after = not_after;
    b->has_validity = 1;
    return WALLET_OK;
}

static wallet_err wl_add_name(wallet_ctx *ctx, char **list, size_t *n, const char *prefix,
                              const char *value)
{
    if (!wl_safe_value(value))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "name must be printable, without ','");
    if (*n >= WL_CERT_MAX_NAMES)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "too many names");
    size_t len = strlen(prefix) + strlen(value) + 1;
    char *s = wl_malloc(len);
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    snprintf(s, len, "%s%s", prefix, value);
    list[(*n)++] = s;
    return WALLET_OK;
}

wallet_err wallet_cert_builder_add_san_dns(wallet_ctx *ctx, wallet_cert_builder *b, const char *name)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    return wl_add_name(ctx, b->san, &b->n_san, "DNS:", name);
}

wallet_err wallet_cert_builder_add_san_uri(wallet_ctx *ctx, wallet_cert_builder *b, const char *uri)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    return wl_add_name(ctx, b->san, &b->n_san, "URI:", uri);
}

wallet_err wallet_cert_builder_add_eku(wallet_ctx *ctx, wallet_cert_builder *b, const char *oid)
{
    wl_enter(ctx);
    if (!b)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL builder");
    ASN1_OBJECT *o = oid ? OBJ_txt2obj(oid, 1) : NULL;
    if (!o) {
        ERR_clear_error();
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "not a dotted OID");
    }
    ASN1_OBJECT_free(o);
    return wl_add_name(ctx, b->eku, &b->n_eku, "", oid);
}

wallet_err wallet_cert_builder_set_issuer_alt_uri(wallet_ctx *ctx, wallet_cert_builder *b,
                                                  const char *uri)
{
    wl_enter(ctx);
    if (!b || !wl_safe_value(uri))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "URI must be printable, without ','");
    char *copy = wl_strdup(uri);
    if (!copy)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    free(b->issuer_alt_uri);
    b->issuer_alt_uri = copy;
    return WALLET_OK;
}

/* "CN=a,O=b,C=VN" (RFC 4514 order: most specific first) → X509_NAME with
 * the entries in X.500 order (C first). */
static wallet_err wl_parse_dn(wallet_ctx *ctx, X509_NAME **out, const char *dn, int *has_country)
{
    *out = NULL;
    *has_country = 0;
    char *copy = wl_strdup(dn);
    X509_NAME *name = X509_NAME_new();
    char *parts[32];
    size_t n = 0;
    wallet_err e = WALLET_OK;
    if (!copy || !name) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (char *p = copy, *next; p; p = next) {
        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        while (*p == ' ')
            p++;
        if (n == WL_ARRAY_LEN(parts)) {
            e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "subject has too many attributes");
            goto done;
        }
        parts[n++] = p;
    }
    for (size_t i = n; i-- > 0;) {
        char *eq = strchr(parts[i], '=');
        if (!eq || eq == parts[i] || !eq[1]) {
            e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "subject attribute %zu is not TYPE=value", i + 1);
            goto done;
        }
        *eq = '\0';
        if (!strcmp(parts[i], "C"))
            *has_country = 1;
        if (X509_NAME_add_entry_by_txt(name, parts[i], MBSTRING_UTF8,
                                       (const unsigned char *)(eq + 1), -1, -1, 0) != 1) {
            ERR_clear_error();
            e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "subject attribute type \"%.20s\" unknown",
                       parts[i]);
            goto done;
        }
    }
    *out = name;
    name = NULL;
done:
    X509_NAME_free(name);
    free(copy);
    return e;
}

static int wl_add_ext(X509 *x, X509V3_CTX *v3, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, v3, nid, value);
    if (!ext)
        return 0;
    int ok = X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

static int wl_join(char *out, size_t cap, char *const *list, size_t n, const char *prefix)
{
    size_t used = 0;
    out[0] = '\0';
    int w = snprintf(out, cap, "%s", prefix);
    if (w < 0 || (size_t)w >= cap)
        return 0;
    used = (size_t)w;
    for (size_t i = 0; i < n; i++) {
        w = snprintf(out + used, cap - used, "%s%s", i ? "," : "", list[i]);
        if (w < 0 || (size_t)w >= cap - used)
            return 0;
        used += (size_t)w;
    }
    return 1;
}

wallet_err wallet_cert_builder_sign(wallet_ctx *ctx, wallet_cert **out, const wallet_cert_builder *b,
                                    const wallet_key *subject_key, const wallet_key *issuer_key,
                                    const wallet_cert *issuer_cert)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!b || !subject_key || !issuer_key)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!b->subject)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "certificate has no subject");
    if (!issuer_key->has_private)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE,
                      "certificates are signed with a private key held by libwallet");
    if (!issuer_cert && !wallet_key_equal_public(subject_key, issuer_key))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "a self-signed certificate is signed by the subject's own key");
    if (b->profile == WALLET_CERT_PROFILE_MDOC_DS && !issuer_cert)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "a document signer is issued under an IACA");
    X509 *issuer_x = issuer_cert ? wl_cert_x509(issuer_cert) : NULL;
    if (issuer_cert) {
        EVP_PKEY *ipk = X509_get0_pubkey(issuer_x);
        if (!ipk || EVP_PKEY_eq(ipk, issuer_key->pkey) != 1)
            return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                          "issuer key does not match the issuer certificate");
    }

    X509 *x = X509_new();
    X509_NAME *name = NULL;
    BIGNUM *serial = NULL;
    wallet_err e = WALLET_OK;
    int has_country = 0;
    if (!x) {
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        goto done;
    }
    e = wl_parse_dn(ctx, &name, b->subject, &has_country);
    if (e)
        goto done;
    if (b->profile == WALLET_CERT_PROFILE_MDOC_IACA && !has_country) {
        e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "an IACA subject must include C= (Annex B.1.2)");
        goto done;
    }
    /* Serial: 16 random bytes, positive and without a leading zero byte. */
    uint8_t rnd[16];
    e = wl_random(ctx, rnd, sizeof(rnd));
    if (e)
        goto done;
    rnd[0] = (uint8_t)((rnd[0] & 0x7F) | 0x40);
    serial = BN_bin2bn(rnd, sizeof(rnd), NULL);
    int64_t nb = b->has_validity ? b->not_before : wallet_ctx_now(ctx);
    int64_t na = b->has_validity ? b->not_after : nb + 365 * 86400;
    if (!serial || !BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)) ||
        X509_set_version(x, 2) != 1 || X509_set_subject_name(x, name) != 1 ||
        X509_set_issuer_name(x, issuer_x ? X509_get_subject_name(issuer_x) : name) != 1 ||
        !ASN1_TIME_set(X509_getm_notBefore(x), (time_t)nb) ||
        !ASN1_TIME_set(X509_getm_notAfter(x), (time_t)na) ||
        X509_set_pubkey(x, subject_key->pkey) != 1) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "building the certificate failed");
        goto done;
    }

    X509V3_CTX v3;
    char list[WL_CERT_MAX_NAMES * 270];
    X509V3_set_ctx(&v3, issuer_x ? issuer_x : x, x, NULL, NULL, 0);
    int ok = wl_add_ext(x, &v3, NID_subject_key_identifier, "hash");
    if (ok && issuer_x)
        ok = wl_add_ext(x, &v3, NID_authority_key_identifier, "keyid:always");
    switch (b->profile) {
    case WALLET_CERT_PROFILE_CA:
        ok = ok && wl_add_ext(x, &v3, NID_basic_constraints, "critical,CA:TRUE") &&
             wl_add_ext(x, &v3, NID_key_usage, "critical,keyCertSign,cRLSign");
        break;
    case WALLET_CERT_PROFILE_MDOC_IACA:
        ok = ok && wl_add_ext(x, &v3, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
             wl_add_ext(x, &v3, NID_key_usage, "critical,keyCertSign,cRLSign");
        break;
    case WALLET_CERT_PROFILE_LEAF:
        ok = ok && wl_add_ext(x, &v3, NID_key_usage, "critical,digitalSignature");
        break;
    case WALLET_CERT_PROFILE_MDOC_DS:
        /* One EKU extension: the mdoc OID plus any added ones (a second
         * EKU extension would make the certificate invalid). */
        ok = ok && wl_add_ext(x, &v3, NID_key_usage, "critical,digitalSignature") &&
             wl_join(list, sizeof(list), b->eku, b->n_eku,
                     b->n_eku ? "critical,1.0.18013.5.1.2," : "critical,1.0.18013.5.1.2") &&
             wl_add_ext(x, &v3, NID_ext_key_usage, list);
        break;
    }
    if (ok && b->n_san)
        ok = wl_join(list, sizeof(list), b->san, b->n_san, "") &&
             wl_add_ext(x, &v3, NID_subject_alt_name, list);
    if (ok && b->n_eku && b->profile != WALLET_CERT_PROFILE_MDOC_DS)
        ok = wl_join(list, sizeof(list), b->eku, b->n_eku, "") &&
             wl_add_ext(x, &v3, NID_ext_key_usage, list);
    if (ok && b->issuer_alt_uri) {
        snprintf(list, sizeof(list), "URI:%s", b->issuer_alt_uri);
        ok = wl_add_ext(x, &v3, NID_issuer_alt_name, list);
    } else if (ok && issuer_x && b->profile == WALLET_CERT_PROFILE_MDOC_DS) {
        int idx = X509_get_ext_by_NID(issuer_x, NID_issuer_alt_name, -1);
        if (idx >= 0)
            ok = X509_add_ext(x, X509_get_ext(issuer_x, idx), -1) == 1;
    }
    if (!ok) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "adding certificate extensions failed");
        goto done;
    }
    const EVP_MD *md = NULL;
    if (issuer_key->kty == WALLET_KTY_EC)
        md = wl_md(wl_alg_hash(wl_curve_default_alg(issuer_key->curve)));
    else if (issuer_key->kty == WALLET_KTY_RSA)
        md = wl_md(WL_SHA256);
    if (X509_sign(x, issuer_key->pkey, md) <= 0) {
        e = wl_ossl_err(ctx, WALLET_ERR_CRYPTO, "signing the certificate failed");
        goto done;
    }
    e = wl_cert_wrap(ctx, out, x);
    x = NULL;
done:
    X509_free(x);
    X509_NAME_free(name);
    BN_free(serial);
    return e;
}
