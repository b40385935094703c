/*
 * libwallet — JSON Web Encryption (RFC 7516), compact serialization, with
 * ECDH-ES direct key agreement (RFC 7518 §4.6): what OpenID4VP 1.0 §8.3 uses
 * for encrypted responses ("direct_post.jwt").
 *
 * The sender generates an ephemeral key on the recipient's curve for every
 * message, puts its public half in the protected header ("epk"), and derives
 * the content encryption key from the ECDH shared secret with the Concat KDF
 * (RFC 7518 §4.6.2: SHA-256, AlgorithmID = the "enc" value, PartyUInfo and
 * PartyVInfo from "apu"/"apv", SuppPubInfo = the key length in bits). The
 * JWE Encrypted Key is empty. The AAD is the protected header as received
 * (RFC 7516 §5.1 step 14), so every header member is authenticated.
 *
 * Supported:
 *   alg  ECDH-ES only (no key wrapping, no RSA, no "dir");
 *   enc  A128GCM, A256GCM (RFC 7518 §5.3; 96-bit IV, 128-bit tag), and
 *        A128CBC-HS256, A256CBC-HS512 (§5.2; RFC 7520 §5.5 uses the first);
 *   curves P-256, P-384, P-521 (the recipient key's curve).
 *
 * Refused when decrypting, each with its own code:
 *   not five parts, a non-empty encrypted key, an IV or tag of the wrong
 *   length, a header without string "alg"/"enc"      WALLET_ERR_JWE_FORMAT
 *   a part that is not strict base64url              WALLET_ERR_BASE64
 *   a header that is not JSON / not an object / has a
 *   duplicate member                                  WALLET_ERR_JSON /
 *                                       _JSON_TYPE / _JSON_DUPLICATE
 *   "alg" other than "ECDH-ES"                        WALLET_ERR_JWE_ALG
 *   "enc" unknown or not in the caller's allow-list   WALLET_ERR_JWE_ENC
 *   "zip" present (no decompression: zip bombs, and compression leaks
 *   plaintext length information)                     WALLET_ERR_JWE_ZIP
 *   "crit" malformed                                  WALLET_ERR_JWE_FORMAT
 *   "crit" naming any extension (none is implemented) WALLET_ERR_CRIT_UNKNOWN
 *   "epk" absent, not a public EC JWK, or carrying "d" WALLET_ERR_JWE_EPK
 *   "epk" on another curve than the recipient key     WALLET_ERR_JWE_EPK_CURVE
 *   "epk" not a point of its curve (the invalid-curve
 *   attack: checked before any ECDH)                  WALLET_ERR_KEY_INVALID
 *   wrong tag, changed header or ciphertext, wrong key WALLET_ERR_DECRYPT
 *   a recipient key without a private half            WALLET_ERR_KEY_NOT_PRIVATE
 *   a recipient key that is not P-256/384/521, or is
 *   published for another algorithm                   WALLET_ERR_ALG_KEY_MISMATCH
 * The JSON serializations (RFC 7516 §7.2) are not supported (WALLET_ERR_JWE_FORMAT).
 *
 * Recipient keys: any EC key on P-256, P-384 or P-521 — generated with
 * wallet_key_generate() or imported; a JWK published with "alg": "ECDH-ES"
 * imports as a key-agreement-only key (it then never verifies signatures).
 * A key published with a signature "alg" (e.g. "ES256") is refused.
 */
#ifndef WALLET_JWE_H
#define WALLET_JWE_H

#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Content encryption algorithms ("enc"). */
typedef enum wallet_jwe_enc {
    WALLET_JWE_ENC_NONE = 0,          /* not an algorithm */
    WALLET_JWE_ENC_A128GCM = 1,       /* OpenID4VP's default */
    WALLET_JWE_ENC_A256GCM = 2,
    WALLET_JWE_ENC_A128CBC_HS256 = 3,
    WALLET_JWE_ENC_A256CBC_HS512 = 4
} wallet_jwe_enc;

/* Sets of "enc" values for the decryption allow-list:
 * WALLET_JWE_ENCSET(WALLET_JWE_ENC_A128GCM) | ... An empty set is a usage error. */
typedef uint32_t wallet_jwe_encset;
#define WALLET_JWE_ENCSET(enc) ((wallet_jwe_encset)1u << (unsigned)(enc))
#define WALLET_JWE_ENCSET_GCM                                                             \
    (WALLET_JWE_ENCSET(WALLET_JWE_ENC_A128GCM) | WALLET_JWE_ENCSET(WALLET_JWE_ENC_A256GCM))
#define WALLET_JWE_ENCSET_ALL                                                             \
    (WALLET_JWE_ENCSET_GCM | WALLET_JWE_ENCSET(WALLET_JWE_ENC_A128CBC_HS256) |              \
     WALLET_JWE_ENCSET(WALLET_JWE_ENC_A256CBC_HS512))

/* "A128GCM", ...; NULL for WALLET_JWE_ENC_NONE or an unknown value. */
WALLET_EXPORT const char *wallet_jwe_enc_name(wallet_jwe_enc enc);
/* Parse an "enc" name (exact); WALLET_JWE_ENC_NONE if unknown. */
WALLET_EXPORT wallet_jwe_enc wallet_jwe_enc_from_name(const char *name);

/*
 * Encrypt `plaintext` to `recipient` (a public or private EC key on P-256,
 * P-384 or P-521) with a fresh ephemeral key, into a compact JWE (*out,
 * NUL-terminated; release with wallet_free()).
 *
 * The protected header is, in this order: "alg":"ECDH-ES", "enc", "kid"
 * (the recipient key's kid, when it has one: OpenID4VP §8.3 requires
 * echoing it), "epk", then "apu" and "apv" when given (raw bytes, written
 * base64url; they enter the key derivation), then the members of
 * `extra_header_json` (a JSON object text or NULL, e.g. {"typ":"JWT"}),
 * which may not repeat a member already written nor contain "zip" or "crit".
 */
WALLET_EXPORT wallet_err wallet_jwe_encrypt(wallet_ctx *ctx, char **out,
                                            const wallet_key *recipient, wallet_jwe_enc enc,
                                            const uint8_t *apu, size_t apu_len,
                                            const uint8_t *apv, size_t apv_len,
                                            const char *extra_header_json,
                                            const uint8_t *plaintext, size_t plaintext_len);

typedef struct wallet_jwe wallet_jwe;

/*
 * Parse a compact JWE: five base64url parts and a protected header that is
 * a JSON object (no duplicate members) with string "alg" and "enc".
 * Nothing is decrypted or judged here, so that the caller can pick the
 * recipient key by wallet_jwe_kid() first. Input is capped by
 * WALLET_LIMIT_INPUT_BYTES.
 */
WALLET_EXPORT wallet_err wallet_jwe_parse(wallet_ctx *ctx, wallet_jwe **out, const char *text,
                                          size_t text_len);

/* The protected header as JSON text, its "kid" (NULL when absent or not a
 * string), "alg" (the string as received) and "enc" (WALLET_JWE_ENC_NONE
 * when unknown). Unauthenticated until wallet_jwe_decrypt() succeeds.
 * Owned by the jwe; NULL / WALLET_JWE_ENC_NONE for a NULL jwe. */
WALLET_EXPORT const char *wallet_jwe_header_json(const wallet_jwe *jwe);
WALLET_EXPORT const char *wallet_jwe_kid(const wallet_jwe *jwe);
WALLET_EXPORT const char *wallet_jwe_alg(const wallet_jwe *jwe);
WALLET_EXPORT wallet_jwe_enc wallet_jwe_content_enc(const wallet_jwe *jwe);

/*
 * Decrypt with the recipient's private key, accepting only the "enc" values
 * in `allowed`. On success *plaintext (NUL-terminated after *plaintext_len
 * bytes; release with wallet_free()) is the authenticated plaintext. On any
 * failure both outputs are NULL/0 and no byte of plaintext was released.
 * The errors are listed at the top of this header. May be called again
 * (e.g. with another key) after a failure.
 */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_jwe_decrypt(wallet_ctx *ctx, uint8_t **plaintext,
                                                             size_t *plaintext_len,
                                                             const wallet_jwe *jwe,
                                                             const wallet_key *recipient,
                                                             wallet_jwe_encset allowed);

/* Parse and decrypt in one call. */
WALLET_NODISCARD WALLET_EXPORT wallet_err wallet_jwe_decrypt_compact(
    wallet_ctx *ctx, uint8_t **plaintext, size_t *plaintext_len, const wallet_key *recipient,
    const char *text, size_t text_len, wallet_jwe_encset allowed);

WALLET_EXPORT void wallet_jwe_free(wallet_jwe *jwe);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_JWE_H */
