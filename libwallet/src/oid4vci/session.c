/*
 * One OpenID4VCI exchange, a step per call: offer and metadata, token
 * (§6), nonce (§7), credential request (§8).
 */
#include "vci_int.h"

#include <ctype.h>

void wallet_vci_session_free(wallet_vci_session *s)
{
    if (!s)
        return;
    wallet_vci_offer_free(s->offer);
    wallet_vci_issuer_free(s->md);
    if (s->access_token)
        wl_free_secret(s->access_token, s->access_token_len + 1);
    free(s);
}

wallet_err wallet_vci_session_new(wallet_ctx *ctx, wallet_vci_session **out, const char *offer,
                                  size_t offer_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    wallet_vci_session *s = wl_calloc(1, sizeof(*s));
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wallet_vci_offer_resolve(ctx, &s->offer, offer, offer_len);
    if (!e && !s->offer->pre_authorized)
        e = wl_err(ctx, WALLET_ERR_VCI_GRANT,
                   "the offer has no pre-authorized code grant (authorization code flow not "
                   "supported)");
    if (!e)
        e = wallet_vci_issuer_fetch(ctx, &s->md, s->offer->issuer, s->offer->as_hint);
    if (!e && s->md->encryption_required)
        e = wl_err(ctx, WALLET_ERR_UNSUPPORTED,
                   "the issuer requires encrypted credential requests or responses");
    for (size_t i = 0; !e && i < s->offer->config_count; i++) {
        if (!wl_vci_config(s->md, s->offer->config_ids[i]))
            e = wl_err(ctx, WALLET_ERR_VCI_UNKNOWN_CONFIGURATION,
                       "offered credential_configuration_ids[%zu] is not in the issuer metadata",
                       i);
    }
    if (e) {
        wallet_vci_session_free(s);
        return e;
    }
    *out = s;
    return WALLET_OK;
}

const wallet_vci_offer *wallet_vci_session_offer(const wallet_vci_session *s)
{
    return s ? s->offer : NULL;
}

const wallet_vci_issuer *wallet_vci_session_issuer(const wallet_vci_session *s)
{
    return s ? s->md : NULL;
}

/* §4.1.1 / §6.1: what the user typed must fit the offer's tx_code. */
static wallet_err wl_check_tx_code(wallet_ctx *ctx, const wallet_vci_offer *o, const char *tx)
{
    if (o->tx_mode == WALLET_VCI_TX_NONE) {
        if (tx)
            return wl_err(ctx, WALLET_ERR_VCI_TX_CODE, "the offer asks for no tx_code");
        return WALLET_OK;
    }
    if (!tx || !*tx)
        return wl_err(ctx, WALLET_ERR_VCI_TX_CODE, "the offer requires a tx_code");
    size_t n = strlen(tx);
    if (n > WL_VCI_MAX_CODE)
        return wl_err(ctx, WALLET_ERR_VCI_TX_CODE, "tx_code too long");
    if (o->tx_length && (int64_t)n != o->tx_length)
        return wl_err(ctx, WALLET_ERR_VCI_TX_CODE, "tx_code has %zu characters, the offer says %lld",
                      n, (long long)o->tx_length);
    if (o->tx_mode == WALLET_VCI_TX_NUMERIC)
        for (size_t i = 0; i < n; i++)
            if (!isdigit((unsigned char)tx[i]))
                return wl_err(ctx, WALLET_ERR_VCI_TX_CODE, "tx_code is not numeric");
    return WALLET_OK;
}

wallet_err wallet_vci_session_token(wallet_ctx *ctx, wallet_vci_session *s, const char *tx_code)
{
    wl_enter(ctx);
    if (!s)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL session");
    if (s->access_token)
        return wl_err(ctx, WALLET_ERR_STATE, "the code was redeemed already");
    wallet_err e = wl_check_tx_code(ctx, s->offer, tx_code);
    if (e)
        return e;
    wl_buf form;
    wl_buf_init_secret(&form, 4 * (WL_VCI_MAX_CODE * 3 + 256));
    wl_form_append(&form, "grant_type", WL_VCI_GRANT_PRE_AUTH);
    wl_form_append(&form, "pre-authorized_code", s->offer->pre_auth_code);
    if (tx_code)
        wl_form_append(&form, "tx_code", tx_code);
    if (form.failed) {
        e = wl_buf_error(ctx, &form, "token request");
        wl_buf_free_secret(&form);
        return e;
    }
    wl_http_response r;
    e = wl_http_post(ctx, s->md->token_endpoint, "application/x-www-form-urlencoded", form.data,
                     form.len, "application/json", NULL, &r);
    wl_buf_free_secret(&form);
    if (e) {
        (void)wl_err_prefix(ctx, "token request");
        return e;
    }
    char oauth[64];
    cJSON *unused = NULL;
    if (r.status != 200) {
        e = wl_vci_json_response(ctx, &unused, &r, 200, WALLET_ERR_VCI_TOKEN_RESPONSE,
                                 "token request", oauth);
        if (oauth[0])
            /* RFC 6749 §5.2; the pre-authorized flow answers invalid_grant for
             * a wrong or used code and a wrong tx_code (§6.3). */
            e = wl_err(ctx,
                       !strcmp(oauth, "invalid_grant") ? WALLET_ERR_VCI_GRANT_REJECTED
                                                       : WALLET_ERR_VCI_REQUEST_DENIED,
                       "token request refused: %s", oauth);
    } else {
        e = wl_vci_token_response_parse(ctx, &s->access_token, &s->access_token_len,
                                        (const char *)r.body, r.len);
    }
    cJSON_Delete(unused);
    /* The body holds the access token. */
    wl_memzero(r.body, r.len);
    wl_http_response_free(&r);
    return e;
}

wallet_err wallet_vci_session_nonce(wallet_ctx *ctx, char **nonce, wallet_vci_session *s)
{
    wl_enter(ctx);
    if (!nonce)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *nonce = NULL;
    if (!s)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL session");
    if (!s->md->nonce_endpoint)
        return WALLET_OK;
    wl_http_response r;
    /* §7.1: a POST without body. */
    wallet_err e = wl_http_post(ctx, s->md->nonce_endpoint, NULL, NULL, 0, "application/json",
                                NULL, &r);
    if (e) {
        (void)wl_err_prefix(ctx, "nonce request");
        return e;
    }
    char oauth[64];
    cJSON *unused = NULL;
    if (r.status != 200)
        e = wl_vci_json_response(ctx, &unused, &r, 200, WALLET_ERR_VCI_NONCE_RESPONSE,
                                 "nonce request", oauth);
    else
        e = wl_vci_nonce_response_parse(ctx, nonce, (const char *)r.body, r.len);
    cJSON_Delete(unused);
    wl_http_response_free(&r);
    return e;
}

/* One credential request; *oauth receives the error code of a refusal. */
static wallet_err wl_request_once(wallet_ctx *ctx, char ***creds, size_t *count,
                                  wallet_vci_session *s, const char *config_id,
                                  const wallet_key *const *keys, size_t nkeys, char oauth[64])
{
    oauth[0] = '\0';
    char *nonce = NULL;
    wallet_err e = wallet_vci_session_nonce(ctx, &nonce, s);
    if (e)
        return e;
    wl_buf body;
    wl_buf_init(&body, 0);
    wl_buf_append_str(&body, "{\"credential_configuration_id\":");
    wl_json_append_string(&body, config_id, strlen(config_id));
    wl_buf_append_str(&body, ",\"proofs\":{\"jwt\":[");
    for (size_t i = 0; i < nkeys && !e; i++) {
        char *jwt = NULL;
        /* F.1: aud is the Credential Issuer Identifier. */
        e = wallet_vci_proof_jwt(ctx, &jwt, keys[i], s->md->issuer, nonce, NULL);
        if (!e) {
            if (i)
                wl_buf_append_byte(&body, ',');
            wl_json_append_string(&body, jwt, strlen(jwt));
            free(jwt);
        }
    }
    wl_buf_append_str(&body, "]}}");
    free(nonce);
    if (!e && body.failed)
        e = wl_buf_error(ctx, &body, "credential request");
    if (e) {
        wl_buf_free(&body);
        return e;
    }
    wl_buf auth;
    wl_buf_init_secret(&auth, WL_VCI_MAX_CODE + 64);
    wl_buf_append_str(&auth, "Authorization: Bearer ");
    wl_buf_append_str(&auth, s->access_token);
    const char *hdrs[] = {(const char *)auth.data, NULL};
    wl_http_response r;
    e = auth.failed ? wl_buf_error(ctx, &auth, "credential request")
                    : wl_http_post(ctx, s->md->credential_endpoint, "application/json",
                                   body.data, body.len, "application/json", hdrs, &r);
    wl_buf_free_secret(&auth);
    wl_buf_free(&body);
    if (e) {
        (void)wl_err_prefix(ctx, "credential request");
        return e;
    }
    cJSON *unused = NULL;
    if (r.status != 200) {
        e = wl_vci_json_response(ctx, &unused, &r, 200, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                                 "credential request", oauth);
        if (r.status == 202) /* a deferred answer: §9 */
            e = wl_err(ctx, WALLET_ERR_VCI_DEFERRED, "credential response: issuance deferred");
    } else {
        e = wallet_vci_credential_response_parse(ctx, creds, count, (const char *)r.body, r.len);
    }
    cJSON_Delete(unused);
    wl_http_response_free(&r);
    return e;
}

wallet_err wallet_vci_session_request(wallet_ctx *ctx, char ***creds, size_t *count,
                                      wallet_vci_session *s, const char *config_id,
                                      const wallet_key *const *holder_keys, size_t key_count)
{
    wl_enter(ctx);
    if (!creds || !count)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *creds = NULL;
    *count = 0;
    if (!s || !config_id || !holder_keys || key_count == 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "need a session, a configuration and keys");
    for (size_t i = 0; i < key_count; i++)
        if (!holder_keys[i])
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL holder key");
    if ((int64_t)key_count > s->md->batch_size)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG,
                      "%zu holder keys: more than the issuer's batch size %lld", key_count,
                      (long long)s->md->batch_size);
    if (!s->access_token)
        return wl_err(ctx, WALLET_ERR_STATE, "no access token yet (wallet_vci_session_token)");
    if (!wl_vci_config(s->md, config_id))
        return wl_err(ctx, WALLET_ERR_VCI_UNKNOWN_CONFIGURATION,
                      "the issuer has no such credential configuration");
    char oauth[64];
    wallet_err e = WALLET_OK;
    /* §8.3.1.2 invalid_nonce: the wallet gets a fresh nonce and retries. */
    for (int attempt = 0; attempt < 2; attempt++) {
        e = wl_request_once(ctx, creds, count, s, config_id, holder_keys, key_count, oauth);
        if (!(e == WALLET_ERR_HTTP_STATUS && !strcmp(oauth, "invalid_nonce")))
            break;
    }
    if (e == WALLET_ERR_HTTP_STATUS && oauth[0]) {
        wallet_err code = !strcmp(oauth, "invalid_proof")   ? WALLET_ERR_VCI_INVALID_PROOF
                          : !strcmp(oauth, "invalid_nonce") ? WALLET_ERR_VCI_NONCE_REJECTED
                                                            : WALLET_ERR_VCI_REQUEST_DENIED;
        e = wl_err(ctx, code, "credential request refused: %s", oauth);
    }
    if (!e && *count != key_count) {
        wallet_vci_credentials_free(*creds);
        *creds = NULL;
        e = wl_err(ctx, WALLET_ERR_VCI_CREDENTIAL_RESPONSE,
                   "credential response has %zu credentials for %zu proofs", *count, key_count);
        *count = 0;
    }
    return e;
}
