/*
 * JSON Web Encryption (RFC 7516), compact serialization, ECDH-ES direct key
 * agreement (RFC 7518 §4.6) with AES-GCM (§5.3) or AES-CBC-HMAC-SHA2 (§5.2).
 * See include/wallet/jwe.h for what is accepted and refused.
 */
#include "wallet/jwe.h"

#include "../crypto/crypto.h"
#include "jose.h"

struct wallet_jwe {
    char *text;               /* copy of the input */
    size_t text_len;
    const char *prot_b64;     /* into text: the AAD (RFC 7516 §5.1 step 14) */
    size_t prot_b64_len;
    char *prot_json;          /* decoded header, NUL-terminated */
    cJSON *prot;              /* parsed header (object) */
    const char *alg;          /* into prot */
    const char *kid;          /* into prot, or NULL */
    wallet_jwe_enc enc;
    size_t ek_b64_len;        /* JWE Encrypted Key (must be empty for ECDH-ES) */
    uint8_t *iv, *ct, *tag;
    size_t iv_len, ct_len, tag_len;
};

/* Keep the detail of the last failure, change its code. */
static wallet_err wl_recode(wallet_ctx *ctx, wallet_err code)
{
    if (ctx)
        ctx->errcode = code;
    return code;
}

/* ---- enc parameters -------------------------------------------------------- */

typedef struct wl_enc_info {
    wallet_jwe_enc enc;
    const char *name;
    size_t cek_len; /* bytes of the content encryption key */
    size_t iv_len;
    size_t tag_len;
    int gcm;
} wl_enc_info;

/* RFC 7518 §5.1 table; §5.3: 96-bit IV and 128-bit tag for GCM; §5.2.3 and
 * §5.2.5: CBC-HMAC keys are MAC key || ENC key, tags half the key. */
static const wl_enc_info wl_encs[] = {
    {WALLET_JWE_ENC_A128GCM, "A128GCM", 16, 12, 16, 1},
    {WALLET_JWE_ENC_A256GCM, "A256GCM", 32, 12, 16, 1},
    {WALLET_JWE_ENC_A128CBC_HS256, "A128CBC-HS256", 32, 16, 16, 0},
    {WALLET_JWE_ENC_A256CBC_HS512, "A256CBC-HS512", 64, 16, 32, 0},
};

static const wl_enc_info *wl_enc_info_of(wallet_jwe_enc enc)
{
    for (size_t i = 0; i < WL_ARRAY_LEN(wl_encs); i++)
        if (wl_encs[i].enc == enc)
            return &wl_encs[i];
    return NULL;
}

const char *wallet_jwe_enc_name(wallet_jwe_enc enc)
{
    const wl_enc_info *in = wl_enc_info_of(enc);
    return in ? in->name : NULL;
}

wallet_jwe_enc wallet_jwe_enc_from_name(const char *name)
{
    for (size_t i = 0; name && i < WL_ARRAY_LEN(wl_encs); i++)
        if (!strcmp(name, wl_encs[i].name))
            return wl_encs[i].enc;
    return WALLET_JWE_ENC_NONE;
}

/* ---- key agreement ---------------------------------------------------------- */

/* The recipient key must be EC on a NIST curve and, if it was published with
 * an "alg", published for ECDH-ES (RFC 7517 §4.4). */
static wallet_err wl_jwe_check_recipient(wallet_ctx *ctx, const wallet_key *key)
{
    wallet_curve crv = wallet_key_curve(key);
    if (wallet_key_kty(key) != WALLET_KTY_EC ||
        (crv != WALLET_CURVE_P256 && crv != WALLET_CURVE_P384 && crv != WALLET_CURVE_P521))
        return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH,
                      "JWE: ECDH-ES needs a P-256, P-384 or P-521 recipient key");
    const char *kex = wl_key_kex_alg(key);
    if (kex && strcmp(kex, "ECDH-ES") != 0)
        return wl_err(ctx, WALLET_ERR_JWE_ALG, "JWE: the recipient key is published for %s",
                      kex);
    if (!kex && wl_key_alg_explicit(key))
        return wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH,
                      "JWE: the recipient key is published for %s, not ECDH-ES",
                      wallet_alg_name(wallet_key_alg(key)));
    return WALLET_OK;
}

static void wl_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/*
 * RFC 7518 §4.6.2: CEK = ConcatKDF(Z, keydatalen, OtherInfo) with SHA-256 and
 *   AlgorithmID = len32 || "enc" value   (direct key agreement),
 *   PartyUInfo  = len32 || apu,  PartyVInfo = len32 || apv,
 *   SuppPubInfo = keydatalen in bits as 32-bit big endian, SuppPrivInfo empty.
 */
static wallet_err wl_jwe_derive(wallet_ctx *ctx, const wallet_key *priv, const wallet_key *pub,
                                const wl_enc_info *in, const uint8_t *apu, size_t apu_len,
                                const uint8_t *apv, size_t apv_len, uint8_t *cek)
{
    if (apu_len > UINT32_MAX / 2 || apv_len > UINT32_MAX / 2)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "JWE: apu/apv too long");
    uint8_t z[66];
    size_t z_len = sizeof(z);
    wallet_err e = wl_ecdh(ctx, priv, pub, z, &z_len);
    if (e) {
        wl_memzero(z, sizeof(z));
        return e;
    }
    size_t name_len = strlen(in->name);
    size_t n = 4 + name_len + 4 + apu_len + 4 + apv_len + 4;
    uint8_t *info = wl_malloc(n);
    if (!info) {
        wl_memzero(z, sizeof(z));
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    uint8_t *p = info;
    wl_put32(p, (uint32_t)name_len);
    memcpy(p + 4, in->name, name_len);
    p += 4 + name_len;
    wl_put32(p, (uint32_t)apu_len);
    if (apu_len)
        memcpy(p + 4, apu, apu_len);
    p += 4 + apu_len;
    wl_put32(p, (uint32_t)apv_len);
    if (apv_len)
        memcpy(p + 4, apv, apv_len);
    p += 4 + apv_len;
    wl_put32(p, (uint32_t)(in->cek_len * 8));
    e = wl_concat_kdf(ctx, WL_SHA256, z, z_len, info, n, cek, in->cek_len);
    wl_memzero(z, sizeof(z));
    free(info);
    return e;
}

wallet_err wl_jwe_derive_cek(wallet_ctx *ctx, const wallet_key *priv, const wallet_key *pub,
                             wallet_jwe_enc enc, const uint8_t *apu, size_t apu_len,
                             const uint8_t *apv, size_t apv_len, uint8_t *cek, size_t *cek_len)
{
    const wl_enc_info *in = wl_enc_info_of(enc);
    *cek_len = 0;
    if (!in)
        return wl_err(ctx, WALLET_ERR_JWE_ENC, "JWE: unknown content encryption algorithm");
    wallet_err e = wl_jwe_derive(ctx, priv, pub, in, apu, apu_len, apv, apv_len, cek);
    if (!e)
        *cek_len = in->cek_len;
    return e;
}

/* ---- encryption ----------------------------------------------------------- */

static int wl_member_b64(wl_buf *b, const char *name, const uint8_t *v, size_t n)
{
    return wl_buf_append_str(b, ",\"") && wl_buf_append_str(b, name) &&
           wl_buf_append_str(b, "\":\"") && wl_buf_append_b64url(b, v, n) &&
           wl_buf_append_byte(b, '"');
}

/* The protected header (see jwe.h for the member order). */
static wallet_err wl_jwe_header(wallet_ctx *ctx, wl_buf *h, const wallet_key *recipient,
                                const wallet_key *eph, const wl_enc_info *in, const uint8_t *apu,
                                size_t apu_len, const uint8_t *apv, size_t apv_len,
                                const char *extra_json)
{
    cJSON *extra = NULL;
    const char *kid = wallet_key_kid(recipient);
    if (extra_json) {
        wallet_err e = wl_json_parse_object(ctx, &extra, extra_json, strlen(extra_json));
        if (e)
            return wl_err_prefix(ctx, "extra JWE header");
        static const char *const fixed[] = {"alg", "enc", "epk", "zip", "crit"};
        for (const cJSON *m = extra->child; m; m = m->next) {
            int clash = (kid && !strcmp(m->string, "kid")) ||
                        (apu && !strcmp(m->string, "apu")) || (apv && !strcmp(m->string, "apv"));
            for (size_t i = 0; i < WL_ARRAY_LEN(fixed); i++)
                clash |= !strcmp(m->string, fixed[i]);
            if (clash) {
                e = wl_err(ctx, WALLET_ERR_INVALID_ARG, "extra JWE header may not set \"%.20s\"",
                           m->string);
                cJSON_Delete(extra);
                return e;
            }
        }
    }
    wl_buf_printf(h, "{\"alg\":\"ECDH-ES\",\"enc\":\"%s\"", in->name);
    if (kid) {
        wl_buf_append_str(h, ",\"kid\":");
        wl_json_append_string(h, kid, strlen(kid));
    }
    wl_buf_append_str(h, ",\"epk\":");
    wallet_err e = wl_jwk_append(ctx, h, eph, 0);
    if (!e && apu)
        wl_member_b64(h, "apu", apu, apu_len);
    if (!e && apv)
        wl_member_b64(h, "apv", apv, apv_len);
    for (const cJSON *m = extra ? extra->child : NULL; !e && m; m = m->next) {
        wl_buf_append_byte(h, ',');
        wl_json_append_string(h, m->string, strlen(m->string));
        wl_buf_append_byte(h, ':');
        wl_json_print_to(h, m);
    }
    cJSON_Delete(extra);
    if (!e && !wl_buf_append_byte(h, '}'))
        e = wl_buf_error(ctx, h, "JWE header");
    return e;
}

static wallet_alg wl_curve_gen_alg(wallet_curve crv)
{
    return crv == WALLET_CURVE_P256   ? WALLET_ALG_ES256
           : crv == WALLET_CURVE_P384 ? WALLET_ALG_ES384
                                      : WALLET_ALG_ES512;
}

wallet_err wallet_jwe_encrypt(wallet_ctx *ctx, char **out, const wallet_key *recipient,
                              wallet_jwe_enc enc, const uint8_t *apu, size_t apu_len,
                              const uint8_t *apv, size_t apv_len, const char *extra_header_json,
                              const uint8_t *plaintext, size_t plaintext_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!recipient || (!plaintext && plaintext_len) || (!apu && apu_len) || (!apv && apv_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    const wl_enc_info *in = wl_enc_info_of(enc);
    if (!in)
        return wl_err(ctx, WALLET_ERR_JWE_ENC, "JWE: unknown content encryption algorithm");
    wallet_err e = wl_check_input_size(ctx, plaintext_len, "JWE plaintext");
    if (e)
        return e;
    e = wl_jwe_check_recipient(ctx, recipient);
    if (e)
        return e;

    wallet_key *eph = NULL;
    uint8_t cek[64], iv[16], tag[32];
    uint8_t *ct = NULL;
    size_t ct_len = 0;
    wl_buf h, t;
    wl_buf_init(&h, 0);
    wl_buf_init(&t, 0);
    /* A fresh ephemeral key per message (RFC 7518 §4.6: "ephemeral-static"). */
    e = wallet_key_generate(ctx, &eph, wl_curve_gen_alg(wallet_key_curve(recipient)));
    if (!e)
        e = wl_jwe_derive(ctx, eph, recipient, in, apu, apu_len, apv, apv_len, cek);
    if (!e)
        e = wl_jwe_header(ctx, &h, recipient, eph, in, apu, apu_len, apv, apv_len,
                          extra_header_json);
    if (!e)
        e = wl_random(ctx, iv, in->iv_len);
    /* The AAD is ASCII(BASE64URL(UTF8(protected header))), RFC 7516 §5.1 step 14. */
    if (!e && (!wl_buf_append_b64url(&t, h.data, h.len) || !wl_buf_append_str(&t, ".")))
        e = wl_buf_error(ctx, &t, "JWE");
    size_t aad_len = t.len ? t.len - 1 : 0;
    if (!e && !(ct = wl_malloc(plaintext_len + 16)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e && in->gcm) {
        e = wl_aes_gcm_encrypt(ctx, cek, in->cek_len, iv, in->iv_len, t.data, aad_len,
                               plaintext, plaintext_len, ct, tag);
        ct_len = plaintext_len;
    } else if (!e) {
        e = wl_aes_cbc_hmac_encrypt(ctx, cek, in->cek_len, iv, t.data, aad_len, plaintext,
                                    plaintext_len, ct, &ct_len, tag);
    }
    /* header . (empty encrypted key) . iv . ciphertext . tag */
    if (!e && !(wl_buf_append_byte(&t, '.') && wl_buf_append_b64url(&t, iv, in->iv_len) &&
                wl_buf_append_byte(&t, '.') && wl_buf_append_b64url(&t, ct, ct_len) &&
                wl_buf_append_byte(&t, '.') && wl_buf_append_b64url(&t, tag, in->tag_len)))
        e = wl_buf_error(ctx, &t, "JWE");
    if (!e)
        *out = (char *)wl_buf_take(&t, NULL);
    wl_memzero(cek, sizeof(cek));
    free(ct); /* ciphertext: not secret */
    wallet_key_free(eph);
    wl_buf_free(&h);
    wl_buf_free(&t);
    return e;
}

/* ---- parsing --------------------------------------------------------------- */

void wallet_jwe_free(wallet_jwe *jwe)
{
    if (!jwe)
        return;
    cJSON_Delete(jwe->prot);
    free(jwe->prot_json);
    free(jwe->iv);
    free(jwe->ct);
    free(jwe->tag);
    free(jwe->text);
    free(jwe);
}

static wallet_err wl_jwe_parse(wallet_ctx *ctx, wallet_jwe *jwe)
{
    const char *t = jwe->text, *end = t + jwe->text_len;
    const char *dot[4];
    const char *p = t;
    for (int i = 0; i < 4; i++) {
        dot[i] = memchr(p, '.', (size_t)(end - p));
        if (!dot[i])
            return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: compact form needs exactly five parts");
        p = dot[i] + 1;
    }
    if (memchr(p, '.', (size_t)(end - p)))
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: compact form needs exactly five parts");
    if (dot[0] == t)
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: empty protected header");
    jwe->prot_b64 = t;
    jwe->prot_b64_len = (size_t)(dot[0] - t);
    jwe->ek_b64_len = (size_t)(dot[1] - dot[0] - 1);

    uint8_t *hdr = NULL;
    size_t hdr_len = 0;
    wallet_err e = wl_b64url_decode(ctx, &hdr, &hdr_len, jwe->prot_b64, jwe->prot_b64_len);
    if (e)
        return wl_err_prefix(ctx, "JWE protected header");
    jwe->prot_json = (char *)hdr;
    /* Strict JSON: RFC 7516 §5.2 step 4 asks for duplicate members to be
     * rejected, which the JSON layer does everywhere. */
    e = wl_json_parse_object(ctx, &jwe->prot, jwe->prot_json, hdr_len);
    if (e)
        return wl_err_prefix(ctx, "JWE protected header");
    const cJSON *alg = wl_json_get(jwe->prot, "alg");
    const cJSON *enc = wl_json_get(jwe->prot, "enc");
    const cJSON *kid = wl_json_get(jwe->prot, "kid");
    if (!cJSON_IsString(alg) || !cJSON_IsString(enc))
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: header lacks a string \"alg\" or \"enc\"");
    if (kid && !cJSON_IsString(kid))
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: \"kid\" is not a string");
    jwe->alg = alg->valuestring;
    jwe->enc = wallet_jwe_enc_from_name(enc->valuestring);
    jwe->kid = kid ? kid->valuestring : NULL;

    /* The encrypted key is judged with the algorithm; the other segments must
     * be strict base64url. */
    if (jwe->ek_b64_len) {
        uint8_t *ek = NULL;
        size_t ek_len = 0;
        e = wl_b64url_decode(ctx, &ek, &ek_len, dot[0] + 1, jwe->ek_b64_len);
        free(ek);
        if (e)
            return wl_err_prefix(ctx, "JWE encrypted key");
    }
    e = wl_b64url_decode(ctx, &jwe->iv, &jwe->iv_len, dot[1] + 1, (size_t)(dot[2] - dot[1] - 1));
    if (e)
        return wl_err_prefix(ctx, "JWE IV");
    e = wl_b64url_decode(ctx, &jwe->ct, &jwe->ct_len, dot[2] + 1, (size_t)(dot[3] - dot[2] - 1));
    if (e)
        return wl_err_prefix(ctx, "JWE ciphertext");
    e = wl_b64url_decode(ctx, &jwe->tag, &jwe->tag_len, dot[3] + 1, (size_t)(end - dot[3] - 1));
    if (e)
        return wl_err_prefix(ctx, "JWE tag");
    return WALLET_OK;
}

wallet_err wallet_jwe_parse(wallet_ctx *ctx, wallet_jwe **out, const char *text, size_t text_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!text)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL input");
    wallet_err e = wl_check_input_size(ctx, text_len, "JWE");
    if (e)
        return e;
    wallet_jwe *jwe = wl_calloc(1, sizeof(*jwe));
    if (!jwe || !(jwe->text = wl_strndup(text, text_len))) {
        free(jwe);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    jwe->text_len = text_len;
    e = wl_jwe_parse(ctx, jwe);
    if (e) {
        wallet_jwe_free(jwe);
        return e;
    }
    *out = jwe;
    return WALLET_OK;
}

const char *wallet_jwe_header_json(const wallet_jwe *jwe)
{
    return jwe ? jwe->prot_json : NULL;
}

const char *wallet_jwe_kid(const wallet_jwe *jwe)
{
    return jwe ? jwe->kid : NULL;
}

const char *wallet_jwe_alg(const wallet_jwe *jwe)
{
    return jwe ? jwe->alg : NULL;
}

wallet_jwe_enc wallet_jwe_content_enc(const wallet_jwe *jwe)
{
    return jwe ? jwe->enc : WALLET_JWE_ENC_NONE;
}

/* ---- decryption ------------------------------------------------------------ */

/* RFC 7516 §4.1.13 (RFC 7515 §4.1.11): "crit" is a non-empty array of distinct
 * names of members present in the header, none defined by JWE/JWA itself.
 * libwallet implements no extension, so a well-formed "crit" is always
 * WALLET_ERR_CRIT_UNKNOWN. */
static wallet_err wl_jwe_check_crit(wallet_ctx *ctx, const cJSON *prot)
{
    const cJSON *crit = wl_json_get(prot, "crit");
    if (!crit)
        return WALLET_OK;
    if (!cJSON_IsArray(crit) || !crit->child)
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: \"crit\" must be a non-empty array");
    static const char *const registered[] = {
        "alg", "enc", "zip", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ",
        "cty", "crit", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c"};
    for (const cJSON *c = crit->child; c; c = c->next) {
        if (!cJSON_IsString(c))
            return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: \"crit\" entries must be strings");
        for (size_t i = 0; i < WL_ARRAY_LEN(registered); i++)
            if (!strcmp(c->valuestring, registered[i]))
                return wl_err(ctx, WALLET_ERR_JWE_FORMAT,
                              "JWE: \"crit\" lists the registered parameter \"%s\"",
                              registered[i]);
        if (!wl_json_get(prot, c->valuestring))
            return wl_err(ctx, WALLET_ERR_JWE_FORMAT,
                          "JWE: \"crit\" names \"%.40s\", absent from the header", c->valuestring);
        for (const cJSON *d = c->next; d; d = d->next)
            if (cJSON_IsString(d) && !strcmp(d->valuestring, c->valuestring))
                return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: \"crit\" repeats \"%.40s\"",
                              c->valuestring);
    }
    return wl_err(ctx, WALLET_ERR_CRIT_UNKNOWN, "JWE: \"crit\" names \"%.40s\", not understood",
                  crit->child->valuestring);
}

/* The ephemeral public key: a public EC JWK on the recipient's curve. Its
 * point is checked to be on that curve by the import (EVP_PKEY_public_check)
 * before it is used: an off-curve point would turn ECDH into an oracle on
 * the recipient's private key (the invalid-curve attack). */
static wallet_err wl_jwe_epk(wallet_ctx *ctx, wallet_key **out, const cJSON *prot,
                             const wallet_key *recipient)
{
    *out = NULL;
    const cJSON *epk = wl_json_get(prot, "epk");
    if (!epk)
        return wl_err(ctx, WALLET_ERR_JWE_EPK, "JWE: header lacks \"epk\"");
    if (!cJSON_IsObject(epk))
        return wl_err(ctx, WALLET_ERR_JWE_EPK, "JWE: \"epk\" is not a JSON object");
    const char *kty = wl_json_get_string(epk, "kty");
    const char *crv = wl_json_get_string(epk, "crv");
    if (!kty || !crv)
        return wl_err(ctx, WALLET_ERR_JWE_EPK, "JWE: \"epk\" lacks a string \"kty\" or \"crv\"");
    if (wl_json_get(epk, "d"))
        return wl_err(ctx, WALLET_ERR_JWE_EPK, "JWE: \"epk\" carries a private key");
    if (strcmp(kty, "EC") != 0 || wl_curve_from_jose_name(crv) != wallet_key_curve(recipient))
        return wl_err(ctx, WALLET_ERR_JWE_EPK_CURVE,
                      "JWE: \"epk\" is not an EC key on the recipient's curve %s",
                      wl_curve_jose_name(wallet_key_curve(recipient)));
    /* An "alg" or "kid" inside epk has no meaning here; a JWK structure
     * error (missing or non-base64url coordinates) is an epk error, while a
     * point off the curve keeps WALLET_ERR_KEY_INVALID. */
    wallet_err e = wl_jwk_from_json(ctx, out, epk);
    if (e)
        wl_err_prefix(ctx, "JWE epk");
    if (e == WALLET_ERR_JWK || e == WALLET_ERR_ALG_UNSUPPORTED || e == WALLET_ERR_ALG_KEY_MISMATCH)
        e = wl_recode(ctx, WALLET_ERR_JWE_EPK);
    return e;
}

/* An optional base64url member (apu, apv). */
static wallet_err wl_jwe_b64_member(wallet_ctx *ctx, const cJSON *prot, const char *name,
                                    uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    const cJSON *v = wl_json_get(prot, name);
    if (!v)
        return WALLET_OK;
    if (!cJSON_IsString(v))
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: \"%s\" is not a string", name);
    wallet_err e = wl_b64url_decode(ctx, out, len, v->valuestring, strlen(v->valuestring));
    if (e)
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: \"%s\" is not base64url", name);
    return WALLET_OK;
}

wallet_err wallet_jwe_decrypt(wallet_ctx *ctx, uint8_t **plaintext, size_t *plaintext_len,
                              const wallet_jwe *jwe, const wallet_key *recipient,
                              wallet_jwe_encset allowed)
{
    wl_enter(ctx);
    if (plaintext)
        *plaintext = NULL;
    if (plaintext_len)
        *plaintext_len = 0;
    if (!plaintext || !plaintext_len || !jwe || !recipient)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (allowed == 0 || (allowed & ~(wallet_jwe_encset)WALLET_JWE_ENCSET_ALL))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "empty or unknown \"enc\" allow-list");

    /* Header rules first: nothing below runs for a header we refuse. */
    if (strcmp(jwe->alg, "ECDH-ES") != 0)
        return wl_err(ctx, WALLET_ERR_JWE_ALG, "JWE: \"alg\" \"%.30s\" not supported (only ECDH-ES)",
                      jwe->alg);
    const wl_enc_info *in = wl_enc_info_of(jwe->enc);
    if (!in)
        return wl_err(ctx, WALLET_ERR_JWE_ENC, "JWE: unknown \"enc\"");
    if (!(allowed & WALLET_JWE_ENCSET(jwe->enc)))
        return wl_err(ctx, WALLET_ERR_JWE_ENC, "JWE: \"enc\" %s is not allowed here", in->name);
    if (wl_json_get(jwe->prot, "zip"))
        return wl_err(ctx, WALLET_ERR_JWE_ZIP, "JWE: compressed content (\"zip\") is refused");
    wallet_err e = wl_jwe_check_crit(ctx, jwe->prot);
    if (e)
        return e;
    /* RFC 7518 §4.6: with direct key agreement the encrypted key is empty. */
    if (jwe->ek_b64_len)
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: ECDH-ES needs an empty encrypted key");
    if (jwe->iv_len != in->iv_len || jwe->tag_len != in->tag_len)
        return wl_err(ctx, WALLET_ERR_JWE_FORMAT, "JWE: %s needs a %zu-byte IV and a %zu-byte tag",
                      in->name, in->iv_len, in->tag_len);
    e = wl_jwe_check_recipient(ctx, recipient);
    if (e)
        return e;

    wallet_key *epk = NULL;
    uint8_t *apu = NULL, *apv = NULL, *pt = NULL;
    size_t apu_len = 0, apv_len = 0, pt_len = 0;
    uint8_t cek[64];
    e = wl_jwe_b64_member(ctx, jwe->prot, "apu", &apu, &apu_len);
    if (!e)
        e = wl_jwe_b64_member(ctx, jwe->prot, "apv", &apv, &apv_len);
    if (!e)
        e = wl_jwe_epk(ctx, &epk, jwe->prot, recipient);
    if (!e)
        e = wl_jwe_derive(ctx, recipient, epk, in, apu, apu_len, apv, apv_len, cek);
    if (!e && !(pt = wl_malloc(jwe->ct_len + 1)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    if (!e && in->gcm) {
        e = wl_aes_gcm_decrypt(ctx, cek, in->cek_len, jwe->iv, jwe->iv_len,
                               (const uint8_t *)jwe->prot_b64, jwe->prot_b64_len, jwe->ct,
                               jwe->ct_len, jwe->tag, pt);
        pt_len = jwe->ct_len;
    } else if (!e) {
        e = wl_aes_cbc_hmac_decrypt(ctx, cek, in->cek_len, jwe->iv,
                                    (const uint8_t *)jwe->prot_b64, jwe->prot_b64_len, jwe->ct,
                                    jwe->ct_len, jwe->tag, jwe->tag_len, pt, &pt_len);
    }
    if (e == WALLET_ERR_DECRYPT)
        wl_err(ctx, WALLET_ERR_DECRYPT,
               "JWE: authentication failed (wrong key, or header, IV, ciphertext or tag changed)");
    wl_memzero(cek, sizeof(cek));
    free(apu);
    free(apv);
    wallet_key_free(epk);
    if (e) {
        wl_free_secret(pt, pt ? jwe->ct_len + 1 : 0);
        return e;
    }
    pt[pt_len] = 0;
    *plaintext = pt;
    *plaintext_len = pt_len;
    return WALLET_OK;
}

wallet_err wallet_jwe_decrypt_compact(wallet_ctx *ctx, uint8_t **plaintext,
                                      size_t *plaintext_len, const wallet_key *recipient,
                                      const char *text, size_t text_len,
                                      wallet_jwe_encset allowed)
{
    wl_enter(ctx);
    if (plaintext)
        *plaintext = NULL;
    if (plaintext_len)
        *plaintext_len = 0;
    if (!plaintext || !plaintext_len)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    wallet_jwe *jwe = NULL;
    wallet_err e = wallet_jwe_parse(ctx, &jwe, text, text_len);
    if (!e)
        e = wallet_jwe_decrypt(ctx, plaintext, plaintext_len, jwe, recipient, allowed);
    wallet_jwe_free(jwe);
    return e;
}
