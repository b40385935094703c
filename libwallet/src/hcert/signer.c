/*
 * HC1 COSE_Sign1, the signer found by kid, and the signer's key usage.
 */
#include "../cose/cose_int.h"
#include "../crypto/crypto.h"
#include "../trust/trust_int.h"
#include "hcert_int.h"

/* At most this many trusted certificates sharing one kid are tried (kids
 * are 64-bit truncated hashes: two honest certificates collide with
 * probability ~n^2/2^65; more than a handful means a crafted trust list). */
#define WL_HC1_MAX_KID_MATCHES 16

wallet_err wl_hcert_cose_parse(wallet_ctx *ctx, wallet_cose_sign1 **out, const uint8_t *cose,
                               size_t cose_len)
{
    *out = NULL;
    /* RFC 8392 §6: a CWT may carry the CWT tag 61 in front of the tagged
     * COSE message (DCC test CO28). Read the tag's head (any length form)
     * and hand the tagged COSE_Sign1 inside to the COSE parser. */
    if (cose_len >= 1 && (cose[0] >> 5) == 6) {
        uint8_t ai = cose[0] & 0x1f;
        size_t head = ai < 24 ? 1 : ai <= 27 ? (size_t)1 + ((size_t)1 << (ai - 24)) : 0;
        uint64_t tag = ai < 24 ? ai : 0;
        if (head > 1 && head <= cose_len)
            for (size_t i = 1; i < head; i++)
                tag = tag << 8 | cose[i];
        if (head && head <= cose_len && tag == 61) {
            /* RFC 8392 §6: what the CWT tag wraps is a tagged COSE message
             * (the COSE parser then insists on tag 18). */
            if (cose_len == head || (cose[head] >> 5) != 6)
                return wl_err(ctx, WALLET_ERR_COSE_FORMAT,
                              "HC1: CWT tag 61 must wrap a tag-18 COSE_Sign1");
            cose += head;
            cose_len -= head;
        }
    }
    wallet_cose_sign1 *msg = NULL;
    wallet_err e = wl_cose_sign1_parse_ex(ctx, &msg, cose, cose_len,
                                          WL_COSE_LENIENT_KID | WL_COSE_LENIENT_ALG);
    if (e)
        return wl_hc1_prefix(ctx, e, "HC1");
    if (wallet_cose_sign1_is_detached(msg)) {
        wallet_cose_sign1_free(msg);
        return wl_err(ctx, WALLET_ERR_COSE_FORMAT, "HC1: the COSE_Sign1 payload is detached");
    }
    *out = msg;
    return WALLET_OK;
}

wallet_err wl_hcert_verify_signature(wallet_ctx *ctx, const wallet_trust *trust,
                                     wallet_cose_sign1 *msg, wallet_algset algs,
                                     wallet_cert **signer)
{
    *signer = NULL;
    /* hcert spec §3.3.1: ES256 (primary) and PS256 (secondary) only. */
    algs &= WALLET_ALGSET(WALLET_ALG_ES256) | WALLET_ALGSET(WALLET_ALG_PS256);
    if (!algs)
        return wl_err(ctx, WALLET_ERR_ALG_NOT_ALLOWED,
                      "HC1: the policy allows neither ES256 nor PS256");
    /* The protected kid wins over an unprotected one (wallet_cose_sign1_kid
     * reads the protected bucket first, and a protected kid that is not a
     * byte string hides the unprotected one: DCC tests CO21-CO23). */
    size_t kid_len = 0;
    const uint8_t *kid = wallet_cose_sign1_kid(msg, &kid_len);
    if (!kid)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND,
                      "HC1: the COSE_Sign1 has no kid (or a kid that is not a byte string)");
    if (kid_len != WALLET_HC1_KID_LEN)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND, "HC1: the kid is %zu bytes, not %d", kid_len,
                      WALLET_HC1_KID_LEN);
    const wallet_cert *cands[WL_HC1_MAX_KID_MATCHES];
    size_t n = wl_trust_certs_by_sha256_prefix(trust, kid, kid_len, cands, WL_HC1_MAX_KID_MATCHES);
    if (n == 0)
        return wl_err(ctx, WALLET_ERR_KEY_NOT_FOUND, "HC1: no trusted certificate has the kid");
    if (n > WL_HC1_MAX_KID_MATCHES)
        n = WL_HC1_MAX_KID_MATCHES;
    /* §3.3.2: "a verifier MUST check all DSCs with that KID". Report the
     * first failure if none verifies. */
    wallet_err first = WALLET_OK;
    char first_msg[WL_ERRMSG_MAX] = "";
    for (size_t i = 0; i < n; i++) {
        wallet_key *key = NULL;
        wallet_err e = wl_cert_verify_key(ctx, &key, cands[i]);
        if (!e)
            e = wallet_cose_sign1_verify(ctx, msg, key, algs, NULL, 0, NULL, 0);
        wallet_key_free(key);
        if (!e) {
            *signer = wl_cert_ref(cands[i]);
            return WALLET_OK;
        }
        if (!first) {
            first = e;
            if (ctx)
                memcpy(first_msg, ctx->errmsg, sizeof(first_msg));
        }
    }
    if (ctx) {
        ctx->errcode = first;
        memcpy(ctx->errmsg, first_msg, sizeof(first_msg));
    }
    return wl_hc1_prefix(ctx, first, "HC1");
}

wallet_err wl_hcert_check_key_usage(wallet_ctx *ctx, const wallet_cert *cert, wl_hcert_kind kind)
{
    static const char *const oids[] = {
        WALLET_DCC_EKU_TEST,     WALLET_DCC_EKU_VACCINATION,     WALLET_DCC_EKU_RECOVERY,
        WALLET_DCC_EKU_TEST_ALT, WALLET_DCC_EKU_VACCINATION_ALT, WALLET_DCC_EKU_RECOVERY_ALT,
    };
    uint32_t found = 0;
    int has = wl_cert_eku_match(cert, oids, WL_ARRAY_LEN(oids), &found);
    if (has < 0)
        return wl_err(ctx, WALLET_ERR_KEY_USAGE,
                      "HC1: the signer certificate's extended key usage is unreadable");
    /* No DCC OID at all (no EKU extension, or only other purposes): the
     * certificate may sign every kind. */
    if (found == 0)
        return WALLET_OK;
    uint32_t want = 0;
    switch (kind) {
    case WL_HCERT_TEST:
        want = 1u << 0 | 1u << 3;
        break;
    case WL_HCERT_VACCINATION:
        want = 1u << 1 | 1u << 4;
        break;
    case WL_HCERT_RECOVERY:
        want = 1u << 2 | 1u << 5;
        break;
    case WL_HCERT_CHECKUP: /* no DCC OID: only unrestricted signers */
    case WL_HCERT_NONE:
        break;
    }
    if (found & want)
        return WALLET_OK;
    return wl_err(ctx, WALLET_ERR_KEY_USAGE,
                  "HC1: the signer certificate's extended key usage does not allow a %s",
                  kind == WL_HCERT_NONE ? "payload of unknown kind" : wl_hcert_kind_name(kind));
}
