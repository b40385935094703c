/*
 * Fuzz target: compact JWE parsing and ECDH-ES decryption with the fixed
 * P-256 key (fuzz_common.h) as the recipient.
 *
 * Properties: a failed parse leaves no object; accessors are safe; a failed
 * decryption releases nothing and records its code; a successful one gives a
 * NUL-terminated plaintext and only for an "enc" in the allow-list (a
 * smaller allow-list never turns a failure into a success, and refuses an
 * "enc" outside it); the plaintext re-encrypted to the same key decrypts to
 * the same bytes.
 */
#include "fuzz_common.h"
#include "wallet/jwe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const wallet_key *key = fz_fixed_key();
    wallet_ctx *ctx = fz_ctx();

    wallet_jwe *jwe = NULL;
    wallet_err e = wallet_jwe_parse(ctx, &jwe, (const char *)data, size);
    if (e != WALLET_OK) {
        FZ_CHECK(jwe == NULL && wallet_ctx_errcode(ctx) == e);
        wallet_ctx_free(ctx);
        return 0;
    }
    FZ_CHECK(jwe != NULL);
    const char *hdr = wallet_jwe_header_json(jwe);
    FZ_CHECK(hdr != NULL && wallet_jwe_alg(jwe) != NULL);
    (void)strlen(hdr);
    if (wallet_jwe_kid(jwe))
        (void)strlen(wallet_jwe_kid(jwe));
    wallet_jwe_enc enc = wallet_jwe_content_enc(jwe);
    FZ_CHECK(enc == WALLET_JWE_ENC_NONE || wallet_jwe_enc_name(enc) != NULL);

    uint8_t *pt = NULL;
    size_t pt_len = 0;
    e = wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, key, WALLET_JWE_ENCSET_ALL);
    if (e != WALLET_OK) {
        FZ_CHECK(pt == NULL && pt_len == 0 && wallet_ctx_errcode(ctx) == e);
        e = wallet_jwe_decrypt(ctx, &pt, &pt_len, jwe, key, WALLET_JWE_ENCSET_GCM);
        FZ_CHECK(e != WALLET_OK && pt == NULL);
    } else {
        FZ_CHECK(pt != NULL && pt[pt_len] == 0);
        FZ_CHECK(enc != WALLET_JWE_ENC_NONE);
        /* Outside a one-element allow-list of another enc: refused. */
        wallet_jwe_enc other =
            enc == WALLET_JWE_ENC_A128GCM ? WALLET_JWE_ENC_A256GCM : WALLET_JWE_ENC_A128GCM;
        uint8_t *pt2 = NULL;
        size_t pt2_len = 0;
        e = wallet_jwe_decrypt(ctx, &pt2, &pt2_len, jwe, key, WALLET_JWE_ENCSET(other));
        FZ_CHECK(e == WALLET_ERR_JWE_ENC && pt2 == NULL);
        /* Round trip through our own encryption. */
        char *again = NULL;
        FZ_CHECK(wallet_jwe_encrypt(ctx, &again, key, enc, NULL, 0, NULL, 0, NULL, pt, pt_len) ==
                 WALLET_OK);
        FZ_CHECK(wallet_jwe_decrypt_compact(ctx, &pt2, &pt2_len, key, again, strlen(again),
                                            WALLET_JWE_ENCSET(enc)) == WALLET_OK);
        FZ_CHECK(pt2_len == pt_len && memcmp(pt, pt2, pt_len) == 0);
        wallet_free(pt2);
        wallet_free(again);
        wallet_free(pt);
    }
    wallet_jwe_free(jwe);
    wallet_ctx_free(ctx);
    return 0;
}
