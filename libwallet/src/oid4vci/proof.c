/*
 * JWT proof of possession of a holder key (OpenID4VCI 1.0 Appendix F.1).
 */
#include "../jose/jose.h"
#include "vci_int.h"

wallet_err wallet_vci_proof_jwt(wallet_ctx *ctx, char **out, const wallet_key *holder_key,
                                const char *aud, const char *nonce, const char *client_id)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!holder_key || !aud || !*aud)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "proof needs a holder key and an audience");
    if (!wallet_key_can_sign(holder_key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "the holder key cannot sign");
    wallet_alg alg = wallet_key_alg(holder_key);
    const char *alg_name = wallet_alg_name(alg);
    if (!alg_name)
        return wl_err(ctx, WALLET_ERR_ALG_UNSUPPORTED, "the holder key has no algorithm");
    wl_buf h, p;
    wl_buf_init(&h, 0);
    wl_buf_init(&p, 0);
    /* F.1: typ openid4vci-proof+jwt; the key itself in "jwk" (the
     * pre-authorized flow has no client to name a "kid" for). */
    wl_buf_printf(&h, "{\"alg\":\"%s\",\"typ\":\"openid4vci-proof+jwt\",\"jwk\":", alg_name);
    wallet_err e = wl_jwk_append(ctx, &h, holder_key, 0);
    wl_buf_append_byte(&h, '}');
    wl_buf_append_str(&p, "{\"aud\":");
    wl_json_append_string(&p, aud, strlen(aud));
    wl_buf_printf(&p, ",\"iat\":%lld", (long long)wallet_ctx_now(ctx));
    if (nonce) {
        wl_buf_append_str(&p, ",\"nonce\":");
        wl_json_append_string(&p, nonce, strlen(nonce));
    }
    if (client_id) {
        wl_buf_append_str(&p, ",\"iss\":");
        wl_json_append_string(&p, client_id, strlen(client_id));
    }
    wl_buf_append_byte(&p, '}');
    if (!e && (h.failed || p.failed))
        e = wl_buf_error(ctx, h.failed ? &h : &p, "proof JWT");
    if (!e)
        e = wl_jws_sign_compact_hdr(ctx, out, holder_key, alg, (const char *)h.data, h.len,
                                    p.data, p.len);
    wl_buf_free(&h);
    wl_buf_free(&p);
    return e;
}
