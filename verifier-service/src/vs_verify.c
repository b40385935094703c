/*
 * The offline counter check (no wallet round trip):
 *
 *   POST /v1/verify
 *     text/plain         an "HC1:" string or an SD-JWT (presentation)
 *     image/png          a photo or scan of a QR code holding either
 *     application/json   {"input": "<text>"} or {"qr_png": "<base64 PNG>"}
 *
 * The answer is libwallet's result object (wallet_result_to_json):
 *   {"valid": true, "format", "issuer", "type", "claims", "status", ...}
 *   {"valid": false, "format", "error", "error_code", "detail"}
 * always with HTTP 200 once the input was read (the verdict is the body);
 * 400 for an unreadable body or image without a QR code.
 *
 * No audience or nonce exists offline: an SD-JWT's key binding, when
 * present, is verified (signature, sd_hash, freshness) but cannot be tied
 * to this counter — the answer says so ("holder_binding": "not_bound").
 */
#include <stdlib.h>
#include <string.h>

#include "vs.h"

static int ct_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

void vs_h_verify(void *user, const svc_request *req, svc_response *res)
{
    vs_app *app = user;
    const char *ct = svc_request_header(req, "Content-Type");
    size_t blen = 0;
    const uint8_t *body = svc_request_body(req, &blen);
    wallet_ctx *ctx = vs_ctx(app);
    uint8_t *decoded = NULL, *png = NULL;
    size_t dlen = 0, plen = 0;
    const uint8_t *input = NULL;
    size_t ilen = 0;
    cJSON *j = NULL;
    wallet_policy *p = NULL;
    wallet_result *r = NULL;
    char *json = NULL;
    if (!ctx) {
        svc_response_error(res, 500, "server_error", NULL);
        return;
    }
    if (ct_is(ct, "text/plain")) {
        input = body;
        ilen = blen;
    } else if (ct_is(ct, "image/png")) {
        png = NULL;
        input = NULL;
        if (wallet_qr_decode_png(ctx, &decoded, &dlen, body, blen) != WALLET_OK) {
            svc_response_error(res, 400, "invalid_request", "no readable QR code in the image");
            goto done;
        }
        input = decoded;
        ilen = dlen;
    } else if (ct_is(ct, "application/json")) {
        j = cJSON_ParseWithLength((const char *)body, blen);
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(j, "input");
        const cJSON *qr = cJSON_GetObjectItemCaseSensitive(j, "qr_png");
        if (cJSON_IsString(in) && !qr) {
            input = (const uint8_t *)in->valuestring;
            ilen = strlen(in->valuestring);
        } else if (cJSON_IsString(qr) && !in) {
            /* standard base64 (a data: URL prefix is tolerated) */
            const char *b = qr->valuestring;
            const char *comma = strncmp(b, "data:", 5) == 0 ? strchr(b, ',') : NULL;
            if (comma)
                b = comma + 1;
            size_t bl = strlen(b);
            char *u = malloc(bl + 1);
            if (!u)
                goto oom;
            size_t k = 0;
            for (size_t i = 0; i < bl; i++) {
                char c = b[i];
                if (c == '=')
                    break;
                u[k++] = c == '+' ? '-' : c == '/' ? '_' : c;
            }
            wallet_err we = wallet_b64url_decode(ctx, &png, &plen, u, k);
            free(u);
            if (we != WALLET_OK ||
                wallet_qr_decode_png(ctx, &decoded, &dlen, png, plen) != WALLET_OK) {
                svc_response_error(res, 400, "invalid_request",
                                   "qr_png: not a base64 PNG with a readable QR code");
                goto done;
            }
            input = decoded;
            ilen = dlen;
        } else {
            svc_response_error(res, 400, "invalid_request",
                               "expected {\"input\": text} or {\"qr_png\": base64}");
            goto done;
        }
    } else {
        svc_response_error(res, 415, "invalid_request",
                           "Content-Type: text/plain, image/png or application/json");
        goto done;
    }
    while (ilen > 0 && (input[ilen - 1] == '\n' || input[ilen - 1] == '\r' ||
                        input[ilen - 1] == ' '))
        ilen--;
    if (ilen == 0) {
        svc_response_error(res, 400, "invalid_request", "empty input");
        goto done;
    }
    if (wallet_policy_new(ctx, &p) != WALLET_OK)
        goto oom;
    if (app->status_cache && wallet_policy_set_status_cache(ctx, p, app->status_cache))
        goto oom;
    if (app->status_snapshot &&
        wallet_policy_set_status_snapshot(ctx, p, app->status_snapshot, app->status_max_age))
        goto oom;
    if (app->require_status && wallet_policy_require_status(ctx, p, 1))
        goto oom;
    wallet_err ve = wallet_verify(ctx, &r, app->trust, p, input, ilen);
    if (!r)
        goto oom;
    if (wallet_result_to_json(ctx, &json, r) != WALLET_OK)
        goto oom;
    cJSON *o = cJSON_Parse(json);
    if (!o)
        goto oom;
    const char *fmt = wallet_result_format(r);
    if (ve == WALLET_OK && fmt && strcmp(fmt, "dc+sd-jwt") == 0)
        cJSON_AddStringToObject(o, "holder_binding", "not_bound");
    svc_response_json(res, 200, o);
    cJSON_Delete(o);
    const char *lv[] = {ve == WALLET_OK ? "valid" : "invalid"};
    svc_metric_add(app->m_offline, lv, 1);
    goto done;
oom:
    svc_response_error(res, 500, "server_error", NULL);
done:
    wallet_free(json);
    wallet_result_free(r);
    wallet_policy_free(p);
    wallet_free(decoded);
    wallet_free(png);
    cJSON_Delete(j);
    wallet_ctx_free(ctx);
}
