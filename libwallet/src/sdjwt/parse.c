/*
 * SD-JWT structure (RFC 9901 §4, §8): split the compact form
 * "<jwt>~<d1>~...~<dn>~[<kb-jwt>]" or the JWS JSON serialization (flattened
 * or general, Disclosures and KB-JWT in the unprotected header), digest the
 * Disclosures exactly as received and decode them.
 */
#include <stdio.h>

#include "sdjwt_int.h"

wl_hash_alg wl_sd_hash_from_name(const char *name)
{
    /* Hash Name Strings of the IANA "Named Information Hash Algorithm"
     * registry (RFC 9901 §4.1.1), case-sensitive. */
    if (!name)
        return (wl_hash_alg)0;
    if (!strcmp(name, "sha-256"))
        return WL_SHA256;
    if (!strcmp(name, "sha-384"))
        return WL_SHA384;
    if (!strcmp(name, "sha-512"))
        return WL_SHA512;
    return (wl_hash_alg)0;
}

const char *wl_sd_hash_name(wl_hash_alg h)
{
    switch (h) {
    case WL_SHA256:
        return "sha-256";
    case WL_SHA384:
        return "sha-384";
    case WL_SHA512:
        return "sha-512";
    }
    return "sha-256";
}

wallet_err wl_sd_payload_hash(wallet_ctx *ctx, const cJSON *payload, wl_hash_alg *h)
{
    *h = WL_SHA256; /* RFC 9901 §4.1.1: the default when "_sd_alg" is absent */
    const cJSON *alg = wl_json_get(payload, "_sd_alg");
    if (!alg)
        return WALLET_OK;
    if (!cJSON_IsString(alg))
        return wl_err(ctx, WALLET_ERR_SDJWT_SD_MISUSE, "SD-JWT: \"_sd_alg\" is not a string");
    *h = wl_sd_hash_from_name(alg->valuestring);
    if (!*h)
        return wl_err(ctx, WALLET_ERR_SDJWT_HASH_ALG,
                      "SD-JWT: \"_sd_alg\" is not sha-256, sha-384 or sha-512");
    return WALLET_OK;
}

wallet_err wl_sd_digest(wallet_ctx *ctx, wl_hash_alg h, const void *in, size_t n, char *out,
                        size_t *out_len)
{
    uint8_t md[WL_HASH_MAX];
    wallet_err e = wl_hash(ctx, h, (const uint8_t *)in, n, md);
    if (e)
        return e;
    size_t ml = wl_hash_len(h);
    wl_b64url_encode_raw(out, md, ml);
    *out_len = wl_b64url_encoded_len(ml);
    out[*out_len] = '\0';
    return WALLET_OK;
}

void wl_sd_clear(wl_sd *sd)
{
    for (size_t i = 0; i < sd->n; i++) {
        cJSON_Delete(sd->d[i].arr);
        free(sd->d[i].path);
        free(sd->d[i].value_json);
    }
    free(sd->d);
    cJSON_Delete(sd->root);
    free(sd->jwt_owned);
    free(sd->sd_input_owned);
    free(sd->text_owned);
    memset(sd, 0, sizeof(*sd));
}

static int wl_b64c(unsigned char c);

/* A JWT in compact form: three base64url segments. */
static int wl_is_compact_jwt(const char *s, size_t n)
{
    size_t dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dots++;
        else if (!wl_b64c((unsigned char)s[i]))
            return 0;
    }
    return dots == 2;
}

static wallet_err wl_sd_alloc_disclosures(wallet_ctx *ctx, wl_sd *sd, size_t n)
{
    if ((int64_t)n > wl_limit(ctx, WALLET_LIMIT_DISCLOSURES))
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "SD-JWT: %zu Disclosures exceed the limit of %lld",
                      n, (long long)wl_limit(ctx, WALLET_LIMIT_DISCLOSURES));
    if (n && !(sd->d = wl_calloc(n, sizeof(*sd->d))))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    sd->n = n;
    return WALLET_OK;
}

/* Character classes of the compact form (RFC 9901 §4 ABNF): 1 base64url,
 * 2 '.', 3 '~', 0 anything else. */
static const unsigned char wl_sd_cls[256] = {
    ['-'] = 1, ['_'] = 1, ['.'] = 2, ['~'] = 3,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

static int wl_b64c(unsigned char c)
{
    return wl_sd_cls[c] == 1;
}

static size_t wl_count(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (const char *p = s, *end = s + n; (p = memchr(p, c, (size_t)(end - p))) != NULL; p++)
        k++;
    return k;
}

static wallet_err wl_split_compact(wallet_ctx *ctx, wl_sd *sd)
{
    const char *t = sd->text;
    size_t len = sd->len, tildes = 0, pos = 0;
    /* Eight bytes a round with one test for a disallowed one (this runs
     * over every presentation a verifier sees). */
    for (; pos + 8 <= len; pos += 8) {
        const unsigned char *u = (const unsigned char *)t + pos;
        unsigned char k[8];
        for (size_t j = 0; j < 8; j++)
            k[j] = wl_sd_cls[u[j]];
        if (!(k[0] && k[1] && k[2] && k[3] && k[4] && k[5] && k[6] && k[7]))
            break;
        for (size_t j = 0; j < 8; j++)
            tildes += k[j] == 3;
    }
    for (; pos < len; pos++) {
        unsigned char k = wl_sd_cls[(unsigned char)t[pos]];
        if (!k)
            return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                          "SD-JWT: character 0x%02x at offset %zu is not allowed",
                          (unsigned char)t[pos], pos);
        tildes += k == 3;
    }
    /* RFC 9901 §4: "<jwt>~" is the shortest SD-JWT; the final '~' may not
     * be omitted. */
    if (tildes == 0)
        return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT, "SD-JWT: no '~' separator");
    wallet_err e = wl_sd_alloc_disclosures(ctx, sd, tildes - 1);
    if (e)
        return e;
    const char *p = memchr(t, '~', len);
    sd->jwt = t;
    sd->jwt_len = (size_t)(p - t);
    if (wl_count(sd->jwt, sd->jwt_len, '.') != 2)
        return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                      "SD-JWT: the issuer-signed JWT is not a compact JWS of three parts");
    const char *end = t + len;
    for (size_t i = 0; i < sd->n; i++) {
        const char *s = p + 1;
        const char *q = memchr(s, '~', (size_t)(end - s));
        if (q == s)
            return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT, "SD-JWT: Disclosure %zu is empty", i);
        if (memchr(s, '.', (size_t)(q - s)))
            return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT, "SD-JWT: Disclosure %zu is not base64url",
                          i);
        sd->d[i].text = s;
        sd->d[i].len = (size_t)(q - s);
        p = q;
    }
    /* After the last '~': nothing (SD-JWT) or a KB-JWT (SD-JWT+KB). */
    sd->sd_input = t;
    sd->sd_input_len = (size_t)(p - t) + 1;
    if (p + 1 < end) {
        sd->kb = p + 1;
        sd->kb_len = (size_t)(end - p - 1);
    }
    return WALLET_OK;
}

/* The unprotected header of a JSON-serialized SD-JWT: "disclosures" (array
 * of strings) and "kb_jwt" (string). */
static wallet_err wl_json_header(wallet_ctx *ctx, wl_sd *sd, const cJSON *hdr)
{
    if (!hdr)
        return wl_sd_alloc_disclosures(ctx, sd, 0);
    if (!cJSON_IsObject(hdr))
        return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT, "SD-JWT JSON: \"header\" is not an object");
    const cJSON *ds = wl_json_get(hdr, "disclosures");
    const cJSON *kb = wl_json_get(hdr, "kb_jwt");
    if (ds && !cJSON_IsArray(ds))
        return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                      "SD-JWT JSON: \"disclosures\" is not an array");
    wallet_err e = wl_sd_alloc_disclosures(ctx, sd, ds ? (size_t)cJSON_GetArraySize(ds) : 0);
    if (e)
        return e;
    size_t i = 0;
    for (const cJSON *d = ds ? ds->child : NULL; d; d = d->next, i++) {
        if (!cJSON_IsString(d) || !d->valuestring[0])
            return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                          "SD-JWT JSON: Disclosure %zu is not a non-empty string", i);
        sd->d[i].text = d->valuestring;
        sd->d[i].len = strlen(d->valuestring);
        for (size_t k = 0; k < sd->d[i].len; k++)
            if (!wl_b64c((unsigned char)d->valuestring[k]))
                return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                              "SD-JWT JSON: Disclosure %zu is not base64url", i);
    }
    if (kb) {
        if (!cJSON_IsString(kb) || !kb->valuestring[0])
            return wl_err(ctx, WALLET_ERR_SDJWT_KB_FORMAT,
                          "SD-JWT JSON: \"kb_jwt\" is not a non-empty string");
        sd->kb = kb->valuestring;
        sd->kb_len = strlen(kb->valuestring);
    }
    return WALLET_OK;
}

static wallet_err wl_split_json(wallet_ctx *ctx, wl_sd *sd)
{
    wallet_err e = wl_json_parse_object(ctx, &sd->root, sd->text, sd->len);
    if (e)
        return wl_err_prefix(ctx, "SD-JWT JSON serialization");
    const cJSON *payload = wl_json_get(sd->root, "payload");
    const cJSON *sigs = wl_json_get(sd->root, "signatures");
    const cJSON *first = sd->root;
    sd->ser = WL_SD_FLATTENED;
    if (sigs) {
        /* General serialization (RFC 9901 §8.2.2): "disclosures" and "kb_jwt"
         * only in the first signature's unprotected header. */
        if (!cJSON_IsArray(sigs) || !sigs->child)
            return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                          "SD-JWT JSON: \"signatures\" is not a non-empty array");
        sd->ser = WL_SD_GENERAL;
        first = sigs->child;
        for (const cJSON *s = first->next; s; s = s->next) {
            const cJSON *h = cJSON_IsObject(s) ? wl_json_get(s, "header") : NULL;
            if (h && (wl_json_get(h, "disclosures") || wl_json_get(h, "kb_jwt")))
                return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                              "SD-JWT JSON: \"disclosures\" / \"kb_jwt\" outside the first "
                              "signature's header");
        }
    }
    if (!cJSON_IsObject(first))
        return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT, "SD-JWT JSON: signature is not an object");
    const cJSON *prot = wl_json_get(first, "protected");
    const cJSON *sig = wl_json_get(first, "signature");
    if (!cJSON_IsString(payload) || !cJSON_IsString(prot) || !cJSON_IsString(sig) ||
        !payload->valuestring[0] || !prot->valuestring[0])
        return wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                      "SD-JWT JSON: \"payload\", \"protected\" and \"signature\" must be strings");
    e = wl_json_header(ctx, sd, wl_json_get(first, "header"));
    if (e)
        return e;
    /* The compact form of the first signature: what "sd_hash" covers (§8.1)
     * and what a compact presentation carries. */
    wl_buf b;
    wl_buf_init(&b, (size_t)wl_limit(ctx, WALLET_LIMIT_INPUT_BYTES) + 16);
    wl_buf_append_str(&b, prot->valuestring);
    wl_buf_append_byte(&b, '.');
    wl_buf_append_str(&b, payload->valuestring);
    wl_buf_append_byte(&b, '.');
    wl_buf_append_str(&b, sig->valuestring);
    size_t jl = b.len;
    if (b.failed || !wl_is_compact_jwt((const char *)b.data, jl)) {
        e = b.failed ? wl_buf_error(ctx, &b, "SD-JWT")
                     : wl_err(ctx, WALLET_ERR_SDJWT_FORMAT,
                              "SD-JWT JSON: the signed parts are not base64url");
        wl_buf_free(&b);
        return e;
    }
    sd->jwt_owned = (char *)wl_buf_take(&b, NULL);
    sd->jwt = sd->jwt_owned;
    sd->jwt_len = jl;
    wl_buf_init(&b, (size_t)wl_limit(ctx, WALLET_LIMIT_INPUT_BYTES) + 16);
    wl_buf_append(&b, sd->jwt, sd->jwt_len);
    wl_buf_append_byte(&b, '~');
    for (size_t i = 0; i < sd->n; i++) {
        wl_buf_append(&b, sd->d[i].text, sd->d[i].len);
        wl_buf_append_byte(&b, '~');
    }
    if (b.failed) {
        e = wl_buf_error(ctx, &b, "SD-JWT");
        wl_buf_free(&b);
        return e;
    }
    sd->sd_input_owned = (char *)wl_buf_take(&b, &sd->sd_input_len);
    sd->sd_input = sd->sd_input_owned;
    return WALLET_OK;
}

wallet_err wl_sd_split(wallet_ctx *ctx, wl_sd *sd, const char *text, size_t len, int copy)
{
    memset(sd, 0, sizeof(*sd));
    wallet_err e = wl_check_input_size(ctx, len, "SD-JWT");
    if (e)
        return e;
    /* Surrounding whitespace (a newline at the end of a file) is not part of
     * the SD-JWT; anything else outside the grammar is refused. */
    while (len && strchr(" \t\r\n", text[0])) {
        text++;
        len--;
    }
    while (len && strchr(" \t\r\n", text[len - 1]))
        len--;
    if (copy) {
        if (!(sd->text_owned = wl_strndup(text, len)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        text = sd->text_owned;
    }
    sd->text = text;
    sd->len = len;
    if (len && text[0] == '{')
        return wl_split_json(ctx, sd);
    return wl_split_compact(ctx, sd);
}

static int wl_digest_cmp(const void *a, const void *b)
{
    const wl_sd_disclosure *x = *(const wl_sd_disclosure *const *)a;
    const wl_sd_disclosure *y = *(const wl_sd_disclosure *const *)b;
    return strcmp(x->digest, y->digest);
}

/* Decode one Disclosure (RFC 9901 §4.2.1, §4.2.2). */
static wallet_err wl_decode_one(wallet_ctx *ctx, wl_sd_disclosure *d, size_t i)
{
    /* Decoded on the stack when small (a Disclosure is usually a salt, a
     * name and a short value). */
    uint8_t small[384];
    uint8_t *raw = small;
    size_t raw_len = 0, cap = d->len / 4 * 3 + 2;
    if (cap > sizeof(small) && !(raw = wl_malloc(cap)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wl_b64url_decode_into(ctx, raw, cap, &raw_len, d->text, d->len);
    if (e) {
        if (raw != small)
            free(raw);
        char what[48];
        snprintf(what, sizeof(what), "Disclosure %zu", i);
        return wl_err_prefix(ctx, what);
    }
    e = wl_json_parse(ctx, &d->arr, (const char *)raw, raw_len);
    if (raw != small)
        free(raw);
    if (e) {
        if (e == WALLET_ERR_TOO_DEEP || e == WALLET_ERR_TOO_LARGE || e == WALLET_ERR_NOMEM) {
            char what[48];
            snprintf(what, sizeof(what), "Disclosure %zu", i);
            return wl_err_prefix(ctx, what);
        }
        return wl_err(ctx, WALLET_ERR_SDJWT_DISCLOSURE, "Disclosure %zu is not JSON (%s)", i,
                      wallet_err_str(e));
    }
    int n = cJSON_IsArray(d->arr) ? cJSON_GetArraySize(d->arr) : 0;
    if (n != 2 && n != 3)
        return wl_err(ctx, WALLET_ERR_SDJWT_DISCLOSURE,
                      "Disclosure %zu is not an array of 2 or 3 elements", i);
    const cJSON *salt = d->arr->child;
    if (!cJSON_IsString(salt))
        return wl_err(ctx, WALLET_ERR_SDJWT_DISCLOSURE, "Disclosure %zu: salt is not a string", i);
    if (n == 3) {
        const cJSON *name = salt->next;
        if (!cJSON_IsString(name))
            return wl_err(ctx, WALLET_ERR_SDJWT_DISCLOSURE,
                          "Disclosure %zu: claim name is not a string", i);
        d->name = name->valuestring;
    }
    return WALLET_OK;
}

wallet_err wl_sd_decode_disclosures(wallet_ctx *ctx, wl_sd *sd, wl_hash_alg h)
{
    if (sd->n == 0)
        return WALLET_OK;
    wl_sd_disclosure *small[16];
    wl_sd_disclosure **byd = sd->n <= 16 ? small : wl_calloc(sd->n, sizeof(*byd));
    if (!byd)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = WALLET_OK;
    /* RFC 9901 §4.2.3: the digest is over the ASCII of the Disclosure as
     * received, never over a re-encoding of its content. */
    for (size_t i = 0; i < sd->n && !e; i++) {
        e = wl_sd_digest(ctx, h, sd->d[i].text, sd->d[i].len, sd->d[i].digest,
                         &sd->d[i].digest_len);
        sd->d[i].parent = -1;
        byd[i] = &sd->d[i];
    }
    /* RFC 9901 §4: a Disclosure may be sent only once. */
    if (!e && sd->n > 1) {
        qsort(byd, sd->n, sizeof(*byd), wl_digest_cmp);
        for (size_t i = 1; i < sd->n && !e; i++)
            if (!strcmp(byd[i - 1]->digest, byd[i]->digest))
                e = wl_err(ctx, WALLET_ERR_SDJWT_DISCLOSURE_REUSED,
                           "SD-JWT: Disclosure %zu is sent more than once",
                           (size_t)(byd[i] - sd->d));
    }
    if (byd != small)
        free(byd);
    for (size_t i = 0; i < sd->n && !e; i++)
        e = wl_decode_one(ctx, &sd->d[i], i);
    return e;
}
