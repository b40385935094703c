/*
 * Fuzz target: HC1 health certificates — the "HC1:" transport (prefix,
 * Base45, capped zlib), COSE_Sign1 with the HC1 header rules, CWT claims,
 * the health payload, key usage and times — and issuing.
 *
 * The first byte selects what the rest is:
 *   0  an HC1 string: wallet_hc1_verify() and wallet_verify()
 *   1  COSE bytes: compressed and encoded with wallet_hc1_encode(), decoded
 *      back with wallet_hc1_decode() (must round-trip), then verified
 *   2  a zlib stream: Base45-encoded behind "HC1:", then verified
 *   3  a health payload (JSON): issued with wallet_hc1_issue() under the
 *      fixed DSC; an issued string must verify
 * Trust: two document signer certificates of the fixed key (RFC 7515 A.3),
 * one without and one with the DCC "tests only" EKU, made by make_seeds.py
 * (whose seeds are signed with that key under their kids).
 *
 * Properties: a result always comes back and agrees with the return value;
 * an invalid result carries no claims, issuer or type; a valid one has
 * format "hc1", a known type, an expiry, and claims that are a JSON object.
 */
#include "core/json.h"
#include "fuzz_common.h"

/* make_seeds.py --print-hc1-certs */
static const char fz_dsc_hex[] =
    "3082017f30820125a00302010202021010300a06082a8648ce3d040302303f310b300906035504061302564e"
    "31123010060355040a0c096c696277616c6c6574311c301a06035504030c136c696277616c6c65742066757a"
    "7a20726f6f74301e170d3233303130313030303030305a170d3330303130313030303030305a303e310b3009"
    "06035504061302564e31123010060355040a0c096c696277616c6c6574311b301906035504030c126c696277"
    "616c6c65742066757a7a204453433059301306072a8648ce3d020106082a8648ce3d030107034200047fcdce"
    "2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e872cdfedb9eeb9"
    "f4b3695d6ea90b24ad8a4623288588e5ada3123010300e0603551d0f0101ff040403020780300a06082a8648"
    "ce3d0403020348003045022100eb20802df23911c6c5bc03b75b3e6294ac2f3f7b6b09785c0892c3ec8f636a"
    "1302207436c06c18e2a0a5b99d6bcc78b7d8cf2fa69800b9099f22a1353ef86be2f876";
static const char fz_dsc_test_hex[] =
    "308201a030820146a00302010202021011300a06082a8648ce3d040302303f310b300906035504061302564e"
    "31123010060355040a0c096c696277616c6c6574311c301a06035504030c136c696277616c6c65742066757a"
    "7a20726f6f74301e170d3233303130313030303030305a170d3330303130313030303030305a3044310b3009"
    "06035504061302564e31123010060355040a0c096c696277616c6c65743121301f06035504030c186c696277"
    "616c6c65742066757a7a204453432074657374733059301306072a8648ce3d020106082a8648ce3d03010703"
    "4200047fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e87"
    "2cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ada32d302b300e0603551d0f0101ff04040302078030"
    "190603551d250101ff040f300d060b2b060104018e378f650101300a06082a8648ce3d040302034800304502"
    "2035a44074ed40b59047c99eb28b70975e7a1db7e83df7675234edf331d02783fd022100cbdcf52358b85bab"
    "dd5bd39bf739e2d3ee7a9acab94c4a720654db0ad29de1b2";

static wallet_cert *fz_cert_from_hex(wallet_ctx *ctx, const char *hex)
{
    uint8_t *der = NULL;
    size_t len = 0;
    wallet_cert *c = NULL;
    if (wallet_hex_decode(ctx, &der, &len, hex, strlen(hex)) != WALLET_OK ||
        wallet_cert_from_der(ctx, &c, der, len) != WALLET_OK) {
        fprintf(stderr, "fuzz_hc1: certificate: %s\n", wallet_ctx_errmsg(ctx));
        abort();
    }
    wallet_free(der);
    return c;
}

static wallet_cert *fz_dsc;
static const wallet_trust *fz_trust(void)
{
    static wallet_trust *trust;
    if (trust)
        return trust;
    wallet_ctx *ctx = fz_ctx();
    fz_dsc = fz_cert_from_hex(ctx, fz_dsc_hex);
    wallet_cert *test_only = fz_cert_from_hex(ctx, fz_dsc_test_hex);
    if (wallet_trust_new(ctx, &trust) != WALLET_OK ||
        wallet_trust_add_cert(ctx, trust, fz_dsc, WALLET_TRUST_SIGNER) != WALLET_OK ||
        wallet_trust_add_cert(ctx, trust, test_only, WALLET_TRUST_SIGNER) != WALLET_OK)
        abort();
    wallet_cert_free(test_only);
    wallet_ctx_free(ctx);
    return trust;
}

static void fz_check_result(wallet_ctx *ctx, const wallet_result *r, wallet_err e)
{
    FZ_CHECK(r != NULL);
    FZ_CHECK(wallet_result_error(r) == e);
    FZ_CHECK(wallet_result_valid(r) == (e == WALLET_OK));
    FZ_CHECK(wallet_result_detail(r) != NULL);
    const char *claims = wallet_result_claims_json(r);
    if (e != WALLET_OK) {
        FZ_CHECK(claims == NULL && wallet_result_issuer(r) == NULL &&
                 wallet_result_type(r) == NULL && wallet_result_valid_until(r) == 0);
        return;
    }
    FZ_CHECK(fz_streq_null(wallet_result_format(r), "hc1"));
    const char *type = wallet_result_type(r);
    FZ_CHECK(type && (!strcmp(type, "vaccination") || !strcmp(type, "test") ||
                      !strcmp(type, "recovery") || !strcmp(type, "checkup")));
    FZ_CHECK(wallet_result_issuer(r) != NULL);
    FZ_CHECK(claims != NULL);
    cJSON *c = NULL;
    int64_t old = wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, 64 * 1024 * 1024);
    wallet_err ec = wl_json_parse_object(ctx, &c, claims, strlen(claims));
    wallet_ctx_limit(ctx, WALLET_LIMIT_INPUT_BYTES, old);
    if (ec != WALLET_OK)
        fprintf(stderr, "fuzz_hc1: claims: %s\n", wallet_ctx_errmsg(ctx));
    FZ_CHECK(ec == WALLET_OK || ec == WALLET_ERR_TOO_DEEP);
    cJSON_Delete(c);
}

/* Verify text both ways; the two must agree (wallet_verify() may not
 * recognise text without an "HC<n>:" prefix). */
static wallet_err fz_verify_text(wallet_ctx *ctx, const wallet_trust *trust, const char *s,
                                 size_t n)
{
    wallet_result *r = NULL;
    wallet_err e = wallet_hc1_verify(ctx, &r, trust, NULL, s, n);
    fz_check_result(ctx, r, e);
    wallet_result_free(r);
    r = NULL;
    wallet_err e2 = wallet_verify(ctx, &r, trust, NULL, (const uint8_t *)s, n);
    FZ_CHECK(r != NULL);
    if (e2 != WALLET_ERR_UNKNOWN_FORMAT && fz_streq_null(wallet_result_format(r), "hc1"))
        FZ_CHECK(e2 == e);
    wallet_result_free(r);
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const wallet_trust *trust = fz_trust();
    wallet_ctx *ctx = fz_ctx();
    unsigned mode = data[0] & 3;
    data++;
    size--;
    char *text = NULL;
    uint8_t *back = NULL;
    size_t back_len = 0;
    switch (mode) {
    case 0:
        fz_verify_text(ctx, trust, (const char *)data, size);
        break;
    case 1:
        if (wallet_hc1_encode(ctx, &text, data, size) != WALLET_OK)
            break;
        FZ_CHECK(!strncmp(text, WALLET_HC1_PREFIX, 4));
        FZ_CHECK(wallet_hc1_decode(ctx, &back, &back_len, text, strlen(text)) == WALLET_OK);
        FZ_CHECK(back_len == size && (size == 0 || !memcmp(back, data, size)));
        fz_verify_text(ctx, trust, text, strlen(text));
        break;
    case 2: {
        char *b45 = NULL;
        size_t b45_len = 0;
        if (wallet_base45_encode(ctx, &b45, &b45_len, data, size) != WALLET_OK)
            break;
        text = malloc(b45_len + 5);
        if (!text)
            abort();
        memcpy(text, "HC1:", 4);
        memcpy(text + 4, b45, b45_len + 1);
        wallet_free(b45);
        wallet_err e = fz_verify_text(ctx, trust, text, b45_len + 4);
        /* whatever inflates is what wallet_hc1_decode returns */
        wallet_err d = wallet_hc1_decode(ctx, &back, &back_len, text, b45_len + 4);
        if (d != WALLET_OK)
            FZ_CHECK(e == d);
        free(text);
        text = NULL;
        break;
    }
    default: {
        wallet_err e = wallet_hc1_issue(ctx, &text, fz_fixed_key(), fz_dsc, NULL, 0, "VN",
                                        FZ_NOW - 60, FZ_NOW + 3600, (const char *)data, size);
        if (e != WALLET_OK) {
            FZ_CHECK(text == NULL);
            break;
        }
        /* what the library issues, it accepts (unless it is too big for the
         * fuzz context's limits to read back) */
        wallet_err v = fz_verify_text(ctx, trust, text, strlen(text));
        if (v != WALLET_OK)
            fprintf(stderr, "fuzz_hc1: issued but refused: %s\n", wallet_ctx_errmsg(ctx));
        FZ_CHECK(v == WALLET_OK || v == WALLET_ERR_TOO_LARGE || v == WALLET_ERR_TOO_DEEP);
        break;
    }
    }
    wallet_free(text);
    wallet_free(back);
    wallet_ctx_free(ctx);
    return 0;
}
