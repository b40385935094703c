/* Verification results: one shape for every format. */
#include "../core/json.h"
#include "../crypto/crypto.h"
#include "../jose/jose.h"
#include "result_int.h"
#include "wallet/status.h"

wallet_result *wl_result_new(const char *format)
{
    wallet_result *r = wl_calloc(1, sizeof(*r));
    if (r) {
        r->format = format;
        r->status_idx = -1;
        r->status_value = -1;
    }
    return r;
}

static void wl_result_clear(wallet_result *r)
{
    free(r->detail);
    free(r->issuer);
    free(r->type);
    free(r->claims_json);
    free(r->status_uri);
    wallet_key_free(r->holder_key);
    r->detail = r->issuer = r->type = r->claims_json = r->status_uri = NULL;
    r->holder_key = NULL;
    r->holder_auth = NULL;
    r->iat = r->nbf = r->exp = 0;
    r->status_idx = -1;
    r->status_value = -1;
}

wallet_err wl_result_finish(wallet_ctx *ctx, wallet_result *r, wallet_err err)
{
    r->err = err;
    if (err != WALLET_OK) {
        wl_result_clear(r);
        r->err = err;
        r->detail = wl_strdup(ctx && ctx->errcode == err ? ctx->errmsg : wallet_err_str(err));
    }
    return err;
}

void wallet_result_free(wallet_result *r)
{
    if (!r)
        return;
    wl_result_clear(r);
    free(r);
}

int wallet_result_valid(const wallet_result *r)
{
    return r && r->err == WALLET_OK;
}

wallet_err wallet_result_error(const wallet_result *r)
{
    return r ? r->err : WALLET_ERR_INVALID_ARG;
}

const char *wallet_result_detail(const wallet_result *r)
{
    return r && r->detail ? r->detail : "";
}

const char *wallet_result_format(const wallet_result *r)
{
    return r ? r->format : NULL;
}

const char *wallet_result_issuer(const wallet_result *r)
{
    return r ? r->issuer : NULL;
}

const char *wallet_result_type(const wallet_result *r)
{
    return r ? r->type : NULL;
}

const char *wallet_result_claims_json(const wallet_result *r)
{
    return r && r->err == WALLET_OK ? r->claims_json : NULL;
}

int64_t wallet_result_valid_from(const wallet_result *r)
{
    return r ? r->nbf : 0;
}

int64_t wallet_result_valid_until(const wallet_result *r)
{
    return r ? r->exp : 0;
}

int64_t wallet_result_issued_at(const wallet_result *r)
{
    return r ? r->iat : 0;
}

const char *wallet_result_status_uri(const wallet_result *r)
{
    return r ? r->status_uri : NULL;
}

int64_t wallet_result_status_index(const wallet_result *r)
{
    return r ? r->status_idx : -1;
}

int wallet_result_status(const wallet_result *r)
{
    return r ? r->status_value : -1;
}

const wallet_key *wallet_result_holder_key(const wallet_result *r)
{
    return r ? r->holder_key : NULL;
}

const char *wallet_result_holder_auth(const wallet_result *r)
{
    return r && r->err == WALLET_OK ? r->holder_auth : NULL;
}

static void wl_json_str_member(wl_buf *b, const char *name, const char *value)
{
    if (!value)
        return;
    wl_buf_printf(b, ",\"%s\":", name);
    wl_json_append_string(b, value, strlen(value));
}

wallet_err wallet_result_to_json(wallet_ctx *ctx, char **out, const wallet_result *r)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (!out || !r)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_buf_printf(&b, "{\"valid\":%s", r->err == WALLET_OK ? "true" : "false");
    wl_json_str_member(&b, "format", r->format);
    if (r->err != WALLET_OK) {
        wl_json_str_member(&b, "error", wallet_err_str(r->err));
        wl_buf_printf(&b, ",\"error_code\":%d", (int)r->err);
        wl_json_str_member(&b, "detail", r->detail);
    } else {
        wl_json_str_member(&b, "issuer", r->issuer);
        wl_json_str_member(&b, "type", r->type);
        if (r->claims_json) {
            wl_buf_append_str(&b, ",\"claims\":");
            wl_buf_append_str(&b, r->claims_json);
        }
        if (r->iat)
            wl_buf_printf(&b, ",\"iat\":%lld", (long long)r->iat);
        if (r->nbf)
            wl_buf_printf(&b, ",\"nbf\":%lld", (long long)r->nbf);
        if (r->exp)
            wl_buf_printf(&b, ",\"exp\":%lld", (long long)r->exp);
        if (r->status_uri) {
            wl_buf_append_str(&b, ",\"status\":{\"uri\":");
            wl_json_append_string(&b, r->status_uri, strlen(r->status_uri));
            wl_buf_printf(&b, ",\"idx\":%lld", (long long)r->status_idx);
            if (r->status_value >= 0)
                wl_buf_printf(&b, ",\"status\":\"%s\"", wallet_status_name((unsigned)r->status_value));
            wl_buf_append_byte(&b, '}');
        }
        wl_json_str_member(&b, "holder_auth", r->holder_auth);
        if (r->holder_key) {
            wl_buf_append_str(&b, ",\"holder_key\":");
            wallet_err e = wl_jwk_append(ctx, &b, r->holder_key, 0);
            if (e) {
                wl_buf_free(&b);
                return e;
            }
        }
    }
    wl_buf_append_byte(&b, '}');
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "result");
        wl_buf_free(&b);
        return e;
    }
    *out = (char *)wl_buf_take(&b, NULL);
    return WALLET_OK;
}
