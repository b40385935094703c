/*
 * Finding the issuer's key in the trust set and verifying with it.
 *
 * Order: a certificate chain in the token (JWS "x5c", COSE "x5chain") must
 * chain to a trusted root, and then its leaf key is the only candidate; else
 * a key id selects trusted keys with that id; else every trusted key (and
 * directly trusted signer certificate) whose type fits the algorithm is
 * tried. An embedded "jwk" header is never trusted by itself.
 */
#include "../core/json.h"
#include "../crypto/crypto.h"
#include "../jose/jose.h"
#include "trust_int.h"

wallet_err wl_trust_verify_chain_der(wallet_ctx *ctx, const wallet_trust *t,
                                     const uint8_t *const *der, const size_t *len, size_t n,
                                     wallet_cert **leaf)
{
    *leaf = NULL;
    size_t n_roots;
    const wallet_cert *const *roots = wl_trust_roots(t, &n_roots);
    if (n == 0)
        return wl_err(ctx, WALLET_ERR_CERT_CHAIN, "empty certificate chain");
    if ((int64_t)n > wl_limit(ctx, WALLET_LIMIT_CHAIN_LENGTH))
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "certificate chain of %zu exceeds the limit", n);
    wallet_cert *certs[16] = {0};
    if (n > WL_ARRAY_LEN(certs))
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "certificate chain too long");
    wallet_err e = WALLET_OK;
    for (size_t i = 0; i < n && !e; i++) {
        e = wallet_cert_from_der(ctx, &certs[i], der[i], len[i]);
        if (e)
            wl_err_prefix(ctx, "certificate chain");
    }
    if (!e)
        e = wallet_cert_verify_chain(ctx, certs[0], (const wallet_cert *const *)certs + 1, n - 1,
                                     roots, n_roots);
    if (!e) {
        *leaf = certs[0];
        certs[0] = NULL;
    }
    for (size_t i = 0; i < n; i++)
        wallet_cert_free(certs[i]);
    return e;
}

/* Keep the first failure's detail while trying more candidates. */
typedef struct wl_attempt {
    wallet_err err;
    char msg[WL_ERRMSG_MAX];
    int tried;
} wl_attempt;

static void wl_attempt_note(wallet_ctx *ctx, wl_attempt *a, wallet_err e)
{
    a->tried++;
    if (!a->err) {
        a->err = e;
        if (ctx)
            memcpy(a->msg, ctx->errmsg, sizeof(a->msg));
    }
}

static wallet_err wl_attempt_end(wallet_ctx *ctx, wl_attempt *a, const char *none_msg)
{
    if (!a->tried)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND, "%s", none_msg);
    if (ctx) {
        ctx->errcode = a->err;
        memcpy(ctx->errmsg, a->msg, sizeof(a->msg));
    }
    return a->err;
}

static int wl_key_fits(const wallet_key *k, wallet_alg alg, int strict)
{
    return alg != WALLET_ALG_NONE && wl_alg_check_key(NULL, alg, k, strict) == WALLET_OK;
}

/* ---- JWS -------------------------------------------------------------------- */

static wallet_err wl_jws_x5c(wallet_ctx *ctx, const wallet_trust *t, wallet_jws *jws,
                             const cJSON *x5c, wallet_algset algs, wallet_key **key,
                             wallet_cert **cert)
{
    if (!cJSON_IsArray(x5c) || !x5c->child)
        return wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"x5c\" must be a non-empty array");
    uint8_t *der[16] = {0};
    size_t len[16] = {0}, n = 0;
    wallet_err e = WALLET_OK;
    for (const cJSON *c = x5c->child; c && !e; c = c->next) {
        if (n == WL_ARRAY_LEN(der))
            e = wl_err(ctx, WALLET_ERR_TOO_LARGE, "JWS: \"x5c\" too long");
        else if (!cJSON_IsString(c))
            e = wl_err(ctx, WALLET_ERR_JWS_FORMAT, "JWS: \"x5c\" entries must be strings");
        else if ((e = wl_base64_decode(ctx, &der[n], &len[n], c->valuestring,
                                       strlen(c->valuestring))) == WALLET_OK)
            n++;
        else
            wl_err_prefix(ctx, "JWS \"x5c\"");
    }
    wallet_cert *leaf = NULL;
    if (!e)
        e = wl_trust_verify_chain_der(ctx, t, (const uint8_t *const *)der, len, n, &leaf);
    for (size_t i = 0; i < n; i++)
        free(der[i]);
    if (e)
        return e;
    wallet_key *k = NULL;
    e = wallet_cert_public_key(ctx, &k, leaf);
    if (!e)
        e = wl_jws_verify(ctx, jws, k, algs, NULL);
    if (e) {
        wallet_key_free(k);
        wallet_cert_free(leaf);
        return e;
    }
    *key = k;
    *cert = leaf;
    return WALLET_OK;
}

wallet_err wl_trust_verify_jws(wallet_ctx *ctx, const wallet_trust *t, wallet_jws *jws,
                               wallet_algset algs, wallet_key **key, wallet_cert **cert)
{
    *key = NULL;
    *cert = NULL;
    const cJSON *x5c = wl_jws_param(jws, 0, "x5c");
    if (x5c)
        return wl_jws_x5c(ctx, t, jws, x5c, algs, key, cert);
    const char *kid = wallet_jws_kid(jws, 0);
    wallet_alg alg = wallet_jws_alg(jws, 0);
    size_t n;
    const wallet_key *const *keys = wl_trust_keys(t, &n);
    wl_attempt a = {0};
    for (size_t i = 0; i < n; i++) {
        const char *k_kid = wallet_key_kid(keys[i]);
        if (kid ? (!k_kid || strcmp(kid, k_kid) != 0) : !wl_key_fits(keys[i], alg, 1))
            continue;
        wallet_err e = wl_jws_verify(ctx, jws, keys[i], algs, NULL);
        if (!e) {
            *key = wl_key_ref(keys[i]);
            return WALLET_OK;
        }
        wl_attempt_note(ctx, &a, e);
    }
    if (!kid) {
        size_t ns;
        const wallet_cert *const *signers = wl_trust_signers(t, &ns);
        for (size_t i = 0; i < ns; i++) {
            wallet_key *k = NULL;
            if (wallet_cert_public_key(ctx, &k, signers[i]) || !wl_key_fits(k, alg, 1)) {
                wallet_key_free(k);
                continue;
            }
            wallet_err e = wl_jws_verify(ctx, jws, k, algs, NULL);
            if (!e) {
                *key = k;
                *cert = wl_cert_ref(signers[i]);
                return WALLET_OK;
            }
            wallet_key_free(k);
            wl_attempt_note(ctx, &a, e);
        }
    }
    /* An unacceptable algorithm ("none", HS256, unknown) fits no key: let the
     * verifier say why, rather than "no key found". */
    if (!a.tried && n && alg == WALLET_ALG_NONE)
        return wl_jws_verify(ctx, jws, keys[0], algs, NULL);
    return wl_attempt_end(ctx, &a, kid ? "no trusted key has the token's kid"
                                       : "no trusted key fits the token's algorithm");
}

/* ---- COSE_Sign1 --------------------------------------------------------------- */

wallet_err wl_trust_verify_cose_sign1(wallet_ctx *ctx, const wallet_trust *t,
                                      wallet_cose_sign1 *msg, wallet_algset algs,
                                      const uint8_t *aad, size_t aad_len, const uint8_t *detached,
                                      size_t detached_len, wallet_key **key, wallet_cert **cert)
{
    *key = NULL;
    *cert = NULL;
    size_t chain = wallet_cose_sign1_x5chain_count(msg);
    if (chain || wallet_cose_sign1_header(msg, WALLET_COSE_HDR_X5CHAIN, NULL, NULL)) {
        if (!chain)
            return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "COSE: malformed x5chain");
        const uint8_t *der[16];
        size_t len[16];
        if (chain > WL_ARRAY_LEN(der))
            return wl_err(ctx, WALLET_ERR_TOO_LARGE, "COSE: x5chain too long");
        for (size_t i = 0; i < chain; i++)
            der[i] = wallet_cose_sign1_x5chain(msg, i, &len[i]);
        wallet_cert *leaf = NULL;
        wallet_err e = wl_trust_verify_chain_der(ctx, t, der, len, chain, &leaf);
        if (e)
            return e;
        wallet_key *k = NULL;
        e = wallet_cert_public_key(ctx, &k, leaf);
        if (!e)
            e = wallet_cose_sign1_verify(ctx, msg, k, algs, aad, aad_len, detached, detached_len);
        if (e) {
            wallet_key_free(k);
            wallet_cert_free(leaf);
            return e;
        }
        *key = k;
        *cert = leaf;
        return WALLET_OK;
    }
    size_t kid_len = 0;
    const uint8_t *kid = wallet_cose_sign1_kid(msg, &kid_len);
    wallet_alg alg = wallet_cose_sign1_alg(msg);
    size_t n;
    const wallet_key *const *keys = wl_trust_keys(t, &n);
    wl_attempt a = {0};
    for (size_t i = 0; i < n; i++) {
        const char *k_kid = wallet_key_kid(keys[i]);
        if (kid ? (!k_kid || strlen(k_kid) != kid_len || memcmp(k_kid, kid, kid_len) != 0)
                : !wl_key_fits(keys[i], alg, 0))
            continue;
        wallet_err e =
            wallet_cose_sign1_verify(ctx, msg, keys[i], algs, aad, aad_len, detached, detached_len);
        if (!e) {
            *key = wl_key_ref(keys[i]);
            return WALLET_OK;
        }
        wl_attempt_note(ctx, &a, e);
    }
    if (!kid) {
        size_t ns;
        const wallet_cert *const *signers = wl_trust_signers(t, &ns);
        for (size_t i = 0; i < ns; i++) {
            wallet_key *k = NULL;
            if (wallet_cert_public_key(ctx, &k, signers[i]) || !wl_key_fits(k, alg, 0)) {
                wallet_key_free(k);
                continue;
            }
            wallet_err e =
                wallet_cose_sign1_verify(ctx, msg, k, algs, aad, aad_len, detached, detached_len);
            if (!e) {
                *key = k;
                *cert = wl_cert_ref(signers[i]);
                return WALLET_OK;
            }
            wallet_key_free(k);
            wl_attempt_note(ctx, &a, e);
        }
    }
    if (!a.tried && n && alg == WALLET_ALG_NONE)
        return wallet_cose_sign1_verify(ctx, msg, keys[0], algs, aad, aad_len, detached,
                                        detached_len);
    return wl_attempt_end(ctx, &a, kid ? "no trusted key has the message's kid"
                                       : "no trusted key fits the message's algorithm");
}
