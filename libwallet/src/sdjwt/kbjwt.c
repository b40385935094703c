/*
 * Key Binding JWT (RFC 9901 §4.3): made by the holder over a presentation,
 * checked by the verifier (§7.3 step 5), with the OpenID4VP transaction
 * data profile (OpenID4VP 1.0 §B.3.3).
 */
#include <stdio.h>
#include <strings.h>

#include "sdjwt_int.h"

/* "application/" prefix optional, case-insensitive (RFC 7515 §4.1.9). */
static const char *wl_typ_strip(const char *t)
{
    return strncasecmp(t, "application/", 12) == 0 ? t + 12 : t;
}

int wl_sd_typ_equal(const char *a, const char *b)
{
    return a && b && strcasecmp(wl_typ_strip(a), wl_typ_strip(b)) == 0;
}

int wl_sd_typ_is_vc(const char *typ)
{
    return wl_sd_typ_equal(typ, "dc+sd-jwt") || wl_sd_typ_equal(typ, "vc+sd-jwt");
}

int wl_sd_vc_plain_claim(const char *name)
{
    static const char *const plain[] = {"iss", "nbf",           "exp",      "cnf",
                                        "vct", "vct#integrity", "aka_vcts", "status"};
    for (size_t i = 0; i < WL_ARRAY_LEN(plain); i++)
        if (!strcmp(name, plain[i]))
            return 1;
    return 0;
}

/* ---- holder ------------------------------------------------------------------ */

wallet_err wl_kb_create(wallet_ctx *ctx, char **out, const wallet_key *holder, const char *aud,
                        const char *nonce, wl_hash_alg h, const char *sd_input,
                        size_t sd_input_len, const char *const *td, size_t td_count,
                        const char *td_alg)
{
    *out = NULL;
    wallet_alg alg = wallet_key_alg(holder);
    wallet_err e = wl_alg_check_key(ctx, alg, holder, 1);
    if (e)
        return e;
    wl_hash_alg th = WL_SHA256;
    if (td_alg && !(th = wl_sd_hash_from_name(td_alg)))
        return wl_err(ctx, WALLET_ERR_SDJWT_HASH_ALG,
                      "transaction_data_hashes_alg is not sha-256, sha-384 or sha-512");
    char digest[WL_SD_DIGEST_B64_MAX];
    size_t dl;
    e = wl_sd_digest(ctx, h, sd_input, sd_input_len, digest, &dl);
    if (e)
        return e;
    wl_buf hdr, pl;
    wl_buf_init(&hdr, 0);
    wl_buf_init(&pl, 0);
    wl_buf_printf(&hdr, "{\"alg\":\"%s\",\"typ\":\"kb+jwt\"}", wallet_alg_name(alg));
    wl_buf_printf(&pl, "{\"iat\":%lld,\"aud\":", (long long)wallet_ctx_now(ctx));
    wl_json_append_string(&pl, aud, strlen(aud));
    wl_buf_append_str(&pl, ",\"nonce\":");
    wl_json_append_string(&pl, nonce, strlen(nonce));
    wl_buf_append_str(&pl, ",\"sd_hash\":\"");
    wl_buf_append(&pl, digest, dl);
    wl_buf_append_byte(&pl, '"');
    if (td_count) {
        wl_buf_append_str(&pl, ",\"transaction_data_hashes\":[");
        for (size_t i = 0; i < td_count && !e; i++) {
            /* Over the string as received: no base64url decoding (§B.3.3). */
            e = wl_sd_digest(ctx, th, td[i], strlen(td[i]), digest, &dl);
            wl_buf_printf(&pl, "%s\"%s\"", i ? "," : "", digest);
        }
        wl_buf_append_byte(&pl, ']');
        if (td_alg) {
            wl_buf_append_str(&pl, ",\"transaction_data_hashes_alg\":");
            wl_json_append_string(&pl, td_alg, strlen(td_alg));
        }
    }
    wl_buf_append_byte(&pl, '}');
    if (!e && (hdr.failed || pl.failed))
        e = wl_buf_error(ctx, hdr.failed ? &hdr : &pl, "KB-JWT");
    if (!e)
        e = wl_jws_sign_compact_hdr(ctx, out, holder, alg, (const char *)hdr.data, hdr.len,
                                    pl.data, pl.len);
    wl_buf_free(&hdr);
    wl_buf_free(&pl);
    return e;
}

/* ---- verifier -------------------------------------------------------------------- */

/* OpenID4VP §B.3.3: one hash per transaction data string, with the
 * algorithm the KB-JWT names (default sha-256), which the request allowed. */
static wallet_err wl_kb_transaction_data(wallet_ctx *ctx, const wallet_policy *policy,
                                         const cJSON *claims)
{
    const cJSON *hashes = wl_json_get(claims, "transaction_data_hashes");
    const cJSON *alg = wl_json_get(claims, "transaction_data_hashes_alg");
    if (!cJSON_IsArray(hashes) || !hashes->child)
        return wl_err(ctx, WALLET_ERR_SDJWT_TRANSACTION_DATA,
                      "KB-JWT lacks a non-empty \"transaction_data_hashes\" array");
    if (alg && !cJSON_IsString(alg))
        return wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT,
                      "KB-JWT \"transaction_data_hashes_alg\" is not a string");
    const char *alg_name = alg ? alg->valuestring : "sha-256";
    int allowed = 0;
    if (policy->n_td_hash_algs == 0)
        allowed = !strcmp(alg_name, "sha-256");
    for (size_t i = 0; i < policy->n_td_hash_algs && !allowed; i++)
        allowed = !strcmp(alg_name, policy->td_hash_algs[i]);
    if (!allowed)
        return wl_err(ctx, WALLET_ERR_SDJWT_TRANSACTION_DATA,
                      "KB-JWT transaction data hash algorithm was not offered by the request");
    wl_hash_alg h = wl_sd_hash_from_name(alg_name);
    if (!h)
        return wl_err(ctx, WALLET_ERR_SDJWT_HASH_ALG,
                      "transaction_data_hashes_alg is not sha-256, sha-384 or sha-512");
    size_t n = (size_t)cJSON_GetArraySize(hashes);
    if (n != policy->n_transaction_data)
        return wl_err(ctx, WALLET_ERR_SDJWT_TRANSACTION_DATA,
                      "KB-JWT has %zu transaction data hashes, %zu expected", n,
                      policy->n_transaction_data);
    /* Each expected hash must be matched by its own entry. */
    unsigned char matched[1024] = {0};
    for (size_t i = 0; i < policy->n_transaction_data; i++) {
        char want[WL_SD_DIGEST_B64_MAX];
        size_t wl;
        wallet_err e = wl_sd_digest(ctx, h, policy->transaction_data[i],
                                    strlen(policy->transaction_data[i]), want, &wl);
        if (e)
            return e;
        int found = 0;
        size_t k = 0;
        for (const cJSON *g = hashes->child; g && !found; g = g->next, k++) {
            if (!cJSON_IsString(g))
                return wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT,
                              "KB-JWT \"transaction_data_hashes\" entry is not a string");
            if (!matched[k] && !strcmp(g->valuestring, want))
                found = matched[k] = 1;
        }
        if (!found)
            return wl_err(ctx, WALLET_ERR_SDJWT_TRANSACTION_DATA,
                          "KB-JWT does not bind transaction data %zu", i);
    }
    return WALLET_OK;
}

wallet_err wl_kb_verify(wallet_ctx *ctx, const wallet_policy *policy, const wallet_key *cnf_key,
                        wl_hash_alg h, const char *kb, size_t kb_len, const char *sd_input,
                        size_t sd_input_len)
{
    wallet_jws *jws = NULL;
    cJSON *claims = NULL;
    if (kb_len == 0 || kb[0] == '{')
        return wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT, "KB-JWT is not a compact JWT");
    wallet_err e = wl_jws_parse_borrowed(ctx, &jws, kb, kb_len);
    if (e) {
        wl_err_prefix(ctx, "KB-JWT");
        if (e == WALLET_ERR_JWS_FORMAT || e == WALLET_ERR_JSON || e == WALLET_ERR_BASE64 ||
            e == WALLET_ERR_JSON_DUPLICATE || e == WALLET_ERR_JSON_TYPE) {
            char msg[WL_ERRMSG_MAX];
            snprintf(msg, sizeof(msg), "%s", wallet_ctx_errmsg(ctx));
            e = wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT, "%s", msg);
        }
        goto done;
    }
    /* §4.3: "typ" MUST be kb+jwt (explicit typing, RFC 8725 §3.11). */
    const char *typ = wl_json_get_string(wl_jws_protected(jws, 0), "typ");
    if (!wl_sd_typ_equal(typ, "kb+jwt")) {
        e = wl_err(ctx, WALLET_ERR_TYPE, "KB-JWT \"typ\" is not \"kb+jwt\"");
        goto done;
    }
    /* §7.3 step 5.2-5.3: an allowed algorithm, the "cnf" key. */
    e = wl_jws_verify(ctx, jws, cnf_key, policy->algs, NULL);
    if (e == WALLET_ERR_SIGNATURE || e == WALLET_ERR_ALG_KEY_MISMATCH) {
        e = wl_err(ctx, WALLET_ERR_SDJWT_KB_SIGNATURE,
                   "KB-JWT is not signed by the credential's \"cnf\" key");
        goto done;
    }
    if (e) {
        wl_err_prefix(ctx, "KB-JWT");
        goto done;
    }
    size_t plen;
    const uint8_t *payload = wallet_jws_payload(jws, &plen);
    e = wl_json_parse_object(ctx, &claims, (const char *)payload, plen);
    if (e) {
        e = wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT, "KB-JWT payload is not a JSON object");
        goto done;
    }
    const cJSON *iat = wl_json_get(claims, "iat");
    const cJSON *aud = wl_json_get(claims, "aud");
    const cJSON *nonce = wl_json_get(claims, "nonce");
    const cJSON *sd_hash = wl_json_get(claims, "sd_hash");
    /* §4.3: all four REQUIRED; "aud" a single string, "nonce" a string. */
    if (!cJSON_IsNumber(iat) || !cJSON_IsString(aud) || !cJSON_IsString(nonce) ||
        !cJSON_IsString(sd_hash)) {
        e = wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT,
                   "KB-JWT needs a numeric \"iat\" and string \"aud\", \"nonce\", \"sd_hash\"");
        goto done;
    }
    /* §7.3 step 5.7: over the presented SD-JWT exactly as received. */
    char want[WL_SD_DIGEST_B64_MAX];
    size_t wl;
    e = wl_sd_digest(ctx, h, sd_input, sd_input_len, want, &wl);
    if (e)
        goto done;
    if (strlen(sd_hash->valuestring) != wl || !wl_ct_equal(sd_hash->valuestring, want, wl)) {
        e = wl_err(ctx, WALLET_ERR_SDJWT_SD_HASH,
                   "KB-JWT \"sd_hash\" does not match the presented SD-JWT");
        goto done;
    }
    /* §7.3 step 5.6: bound to this verifier and transaction. */
    if (policy->audience && strcmp(policy->audience, aud->valuestring) != 0) {
        e = wl_err(ctx, WALLET_ERR_AUDIENCE, "KB-JWT \"aud\" is not the expected audience");
        goto done;
    }
    if (policy->nonce && (strlen(policy->nonce) != strlen(nonce->valuestring) ||
                          !wl_ct_equal(policy->nonce, nonce->valuestring, strlen(policy->nonce)))) {
        e = wl_err(ctx, WALLET_ERR_NONCE, "KB-JWT \"nonce\" is not the expected nonce");
        goto done;
    }
    /* §7.3 step 5.5: "iat" within an acceptable window. */
    int64_t now = wallet_ctx_now(ctx), skew = wl_limit(ctx, WALLET_LIMIT_CLOCK_SKEW);
    int64_t max_age = policy->kb_max_age > 0 ? policy->kb_max_age : WL_KB_MAX_AGE_DEFAULT;
    double t = iat->valuedouble;
    if (t < (double)(now - max_age - skew) || t > (double)(now + skew)) {
        e = wl_err(ctx, WALLET_ERR_SDJWT_KB_STALE,
                   "KB-JWT \"iat\" %.0f is outside [now - %lld s, now + %lld s] (now %lld)", t,
                   (long long)(max_age + skew), (long long)skew, (long long)now);
        goto done;
    }
    if (policy->n_transaction_data)
        e = wl_kb_transaction_data(ctx, policy, claims);
done:
    cJSON_Delete(claims);
    wallet_jws_free(jws);
    return e;
}
