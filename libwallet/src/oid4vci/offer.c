/*
 * Credential Offer (OpenID4VCI 1.0 §4.1): by value in the
 * "credential_offer" query parameter, or by reference in
 * "credential_offer_uri" (§4.1.3), fetched with GET.
 */
#include <stdio.h>

#include "vci_int.h"

void wallet_vci_offer_free(wallet_vci_offer *o)
{
    if (!o)
        return;
    free(o->offer_uri);
    free(o->issuer);
    for (size_t i = 0; i < o->config_count; i++)
        free(o->config_ids[i]);
    free(o->config_ids);
    if (o->pre_auth_code)
        wl_free_secret(o->pre_auth_code, o->pre_auth_code_len);
    free(o->tx_description);
    free(o->as_hint);
    free(o);
}

/* §4.1.1 grants.urn:ietf:params:oauth:grant-type:pre-authorized_code */
static wallet_err wl_offer_pre_auth(wallet_ctx *ctx, wallet_vci_offer *o, const cJSON *g)
{
    if (!cJSON_IsObject(g))
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "pre-authorized_code grant is not an object");
    const cJSON *code = wl_json_get(g, "pre-authorized_code");
    if (!cJSON_IsString(code) || !code->valuestring || !*code->valuestring)
        return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                      "\"pre-authorized_code\" missing, empty or not a string");
    size_t n = strlen(code->valuestring);
    if (n > WL_VCI_MAX_CODE)
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"pre-authorized_code\" too long");
    o->pre_auth_code = wl_memdup(code->valuestring, n + 1);
    if (!o->pre_auth_code)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    o->pre_auth_code_len = n + 1;
    o->pre_authorized = 1;

    const cJSON *tx = wl_json_get(g, "tx_code");
    if (tx) {
        if (!cJSON_IsObject(tx))
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"tx_code\" is not an object");
        o->tx_mode = WALLET_VCI_TX_NUMERIC; /* §4.1.1: numeric when absent */
        const cJSON *mode = wl_json_get(tx, "input_mode");
        if (mode) {
            if (!cJSON_IsString(mode))
                return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"input_mode\" is not a string");
            if (!strcmp(mode->valuestring, "text"))
                o->tx_mode = WALLET_VCI_TX_TEXT;
            else if (strcmp(mode->valuestring, "numeric"))
                return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                              "\"input_mode\" is neither \"numeric\" nor \"text\"");
        }
        int64_t len = 0;
        wallet_err e = wl_json_get_int(tx, "length", &len);
        if (e == WALLET_OK && (len < 1 || len > WL_VCI_MAX_TX_LENGTH))
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "tx_code \"length\" outside 1..%d",
                          WL_VCI_MAX_TX_LENGTH);
        if (e && e != WALLET_ERR_NOT_FOUND)
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "tx_code \"length\" is not an integer");
        o->tx_length = e == WALLET_OK ? len : 0;
        const cJSON *desc = wl_json_get(tx, "description");
        if (desc) {
            if (!cJSON_IsString(desc))
                return wl_err(ctx, WALLET_ERR_VCI_OFFER, "tx_code \"description\" is not a string");
            /* §4.1.1: at most 300 characters (counted as bytes here: stricter). */
            if (strlen(desc->valuestring) > WL_VCI_MAX_TX_DESC)
                return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                              "tx_code \"description\" longer than %d bytes", WL_VCI_MAX_TX_DESC);
            o->tx_description = wl_strdup(desc->valuestring);
            if (!o->tx_description)
                return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
    }
    const cJSON *as = wl_json_get(g, "authorization_server");
    if (as) {
        if (!cJSON_IsString(as))
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"authorization_server\" is not a string");
        wallet_err e = wl_vci_check_url(ctx, WALLET_ERR_VCI_OFFER, "offer authorization_server",
                                        as->valuestring);
        if (e)
            return e;
        o->as_hint = wl_strdup(as->valuestring);
        if (!o->as_hint)
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    return WALLET_OK;
}

static wallet_err wl_offer_fill(wallet_ctx *ctx, wallet_vci_offer *o, const cJSON *root)
{
    const cJSON *iss = wl_json_get(root, "credential_issuer");
    if (!cJSON_IsString(iss))
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"credential_issuer\" missing or not a string");
    wallet_err e = wl_vci_check_url(ctx, WALLET_ERR_VCI_OFFER, "offer credential_issuer",
                                    iss->valuestring);
    if (e)
        return e;
    /* §12.2.1: the identifier has no query or fragment component. */
    if (strchr(iss->valuestring, '?'))
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"credential_issuer\" has a query component");
    o->issuer = wl_strdup(iss->valuestring);
    if (!o->issuer)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");

    const cJSON *ids = wl_json_get(root, "credential_configuration_ids");
    if (!cJSON_IsArray(ids))
        return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                      "\"credential_configuration_ids\" missing or not an array");
    int n = cJSON_GetArraySize(ids);
    if (n < 1)
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"credential_configuration_ids\" is empty");
    if (n > WL_VCI_MAX_CONFIG_IDS)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE,
                      "more than %d credential_configuration_ids", WL_VCI_MAX_CONFIG_IDS);
    o->config_ids = wl_calloc((size_t)n, sizeof(char *));
    if (!o->config_ids)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    const cJSON *it;
    cJSON_ArrayForEach(it, ids)
    {
        if (!cJSON_IsString(it) || !*it->valuestring || strlen(it->valuestring) > 256)
            return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                          "credential_configuration_ids[%zu] is not a non-empty string of at "
                          "most 256 bytes",
                          o->config_count);
        for (size_t k = 0; k < o->config_count; k++)
            if (!strcmp(o->config_ids[k], it->valuestring))
                return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                              "credential_configuration_ids[%zu] repeats an earlier id",
                              o->config_count);
        o->config_ids[o->config_count] = wl_strdup(it->valuestring);
        if (!o->config_ids[o->config_count])
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        o->config_count++;
    }

    const cJSON *grants = wl_json_get(root, "grants");
    if (grants) {
        if (!cJSON_IsObject(grants))
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"grants\" is not an object");
        const cJSON *pre = wl_json_get(grants, WL_VCI_GRANT_PRE_AUTH);
        if (pre && (e = wl_offer_pre_auth(ctx, o, pre)))
            return e;
        const cJSON *ac = wl_json_get(grants, "authorization_code");
        if (ac && !cJSON_IsObject(ac))
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "\"authorization_code\" grant is not an object");
    }
    return WALLET_OK;
}

wallet_err wl_vci_offer_from_json(wallet_ctx *ctx, wallet_vci_offer **out, const char *json,
                                  size_t len)
{
    *out = NULL;
    cJSON *root = NULL;
    wallet_err e = wl_json_parse_object(ctx, &root, json, len);
    if (e == WALLET_ERR_JSON_TYPE)
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "credential offer is not a JSON object");
    if (e) {
        (void)wl_err_prefix(ctx, "credential offer");
        return e;
    }
    wallet_vci_offer *o = wl_calloc(1, sizeof(*o));
    if (!o) {
        cJSON_Delete(root);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    e = wl_offer_fill(ctx, o, root);
    cJSON_Delete(root);
    if (e) {
        wallet_vci_offer_free(o);
        return e;
    }
    *out = o;
    return WALLET_OK;
}

/* The value of query parameter `name` in q[0..n) (raw, still encoded). */
static int wl_query_param(const char *q, size_t n, const char *name, const char **v,
                          size_t *vlen, int *count)
{
    size_t nl = strlen(name);
    int found = 0;
    size_t i = 0;
    while (i <= n) {
        size_t end = i;
        while (end < n && q[end] != '&')
            end++;
        if (end - i > nl && !memcmp(q + i, name, nl) && q[i + nl] == '=') {
            *v = q + i + nl + 1;
            *vlen = end - i - nl - 1;
            found++;
        }
        i = end + 1;
    }
    *count = found;
    return found == 1;
}

wallet_err wallet_vci_offer_parse(wallet_ctx *ctx, wallet_vci_offer **out, const char *offer,
                                  size_t offer_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!offer || !offer_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty offer");
    wallet_err e = wl_check_input_size(ctx, offer_len, "credential offer");
    if (e)
        return e;
    /* Leading / trailing white space comes with pasted or scanned text. */
    while (offer_len && (*offer == ' ' || *offer == '\n' || *offer == '\r' || *offer == '\t')) {
        offer++;
        offer_len--;
    }
    while (offer_len && (offer[offer_len - 1] == ' ' || offer[offer_len - 1] == '\n' ||
                         offer[offer_len - 1] == '\r' || offer[offer_len - 1] == '\t'))
        offer_len--;
    if (offer_len && offer[0] == '{')
        return wl_vci_offer_from_json(ctx, out, offer, offer_len);

    const char *q = memchr(offer, '?', offer_len);
    const char *colon = memchr(offer, ':', offer_len);
    if (!colon || colon == offer || !q || q < colon)
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "offer is neither a URI with a query nor a JSON object");
    for (const char *p = offer; p < colon; p++) {
        char c = *p;
        /* RFC 3986 §3.1 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (p > offer && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok)
            return wl_err(ctx, WALLET_ERR_VCI_OFFER, "offer URI has an invalid scheme");
    }
    q++;
    size_t qn = offer_len - (size_t)(q - offer);
    const char *hash = memchr(q, '#', qn);
    if (hash)
        qn = (size_t)(hash - q);
    const char *v1 = NULL, *v2 = NULL;
    size_t l1 = 0, l2 = 0;
    int c1 = 0, c2 = 0;
    wl_query_param(q, qn, "credential_offer", &v1, &l1, &c1);
    wl_query_param(q, qn, "credential_offer_uri", &v2, &l2, &c2);
    /* §4.1: exactly one of the two parameters, each once. */
    if (c1 + c2 != 1)
        return wl_err(ctx, WALLET_ERR_VCI_OFFER,
                      c1 + c2 ? "offer URI repeats credential_offer / credential_offer_uri"
                              : "offer URI has neither credential_offer nor credential_offer_uri");
    char *dec = NULL;
    size_t dec_len = 0;
    e = wl_pct_decode(ctx, &dec, &dec_len, c1 ? v1 : v2, c1 ? l1 : l2, WALLET_PCT_PLUS_SPACE);
    if (e == WALLET_ERR_PERCENT) {
        char msg[WL_ERRMSG_MAX];
        snprintf(msg, sizeof(msg), "%s", wallet_ctx_errmsg(ctx));
        return wl_err(ctx, WALLET_ERR_VCI_OFFER, "offer URI: %s", msg);
    }
    if (e)
        return e;
    if (c1) {
        e = wl_vci_offer_from_json(ctx, out, dec, dec_len);
        free(dec);
        return e;
    }
    e = wl_vci_check_url(ctx, WALLET_ERR_VCI_OFFER, "credential_offer_uri", dec);
    if (!e && strlen(dec) != dec_len)
        e = wl_err(ctx, WALLET_ERR_VCI_OFFER, "credential_offer_uri has a NUL byte");
    if (e) {
        free(dec);
        return e;
    }
    wallet_vci_offer *o = wl_calloc(1, sizeof(*o));
    if (!o) {
        free(dec);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    o->offer_uri = dec;
    *out = o;
    return WALLET_OK;
}

wallet_err wallet_vci_offer_resolve(wallet_ctx *ctx, wallet_vci_offer **out, const char *offer,
                                    size_t offer_len)
{
    if (!out) {
        wl_enter(ctx);
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    }
    wallet_vci_offer *o = NULL;
    wallet_err e = wallet_vci_offer_parse(ctx, &o, offer, offer_len);
    if (e || !o->offer_uri) {
        *out = o;
        return e;
    }
    wl_http_response r;
    /* §4.1.3: GET the URI, the answer is the offer object as application/json. */
    e = wl_http_get(ctx, o->offer_uri, "application/json", &r);
    if (e) {
        wallet_vci_offer_free(o);
        (void)wl_err_prefix(ctx, "fetching credential_offer_uri");
        return e;
    }
    if (r.status != 200) {
        e = wl_err(ctx, WALLET_ERR_HTTP_STATUS, "credential_offer_uri: unexpected HTTP status %ld",
                   r.status);
    } else {
        e = wl_vci_offer_from_json(ctx, out, (const char *)r.body, r.len);
    }
    wl_http_response_free(&r);
    wallet_vci_offer_free(o);
    return e;
}

const char *wallet_vci_offer_uri(const wallet_vci_offer *o)
{
    return o ? o->offer_uri : NULL;
}

const char *wallet_vci_offer_issuer(const wallet_vci_offer *o)
{
    return o ? o->issuer : NULL;
}

size_t wallet_vci_offer_config_count(const wallet_vci_offer *o)
{
    return o ? o->config_count : 0;
}

const char *wallet_vci_offer_config_id(const wallet_vci_offer *o, size_t i)
{
    return o && i < o->config_count ? o->config_ids[i] : NULL;
}

int wallet_vci_offer_pre_authorized(const wallet_vci_offer *o)
{
    return o ? o->pre_authorized : 0;
}

wallet_vci_tx_mode wallet_vci_offer_tx_code(const wallet_vci_offer *o, int64_t *length,
                                            const char **description)
{
    if (length)
        *length = o ? o->tx_length : 0;
    if (description)
        *description = o ? o->tx_description : NULL;
    return o ? o->tx_mode : WALLET_VCI_TX_NONE;
}
