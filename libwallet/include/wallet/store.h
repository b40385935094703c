/*
 * libwallet — the encrypted on-device wallet store.
 *
 * A store is an SQLCipher database (AES-256 page encryption with a per-page
 * HMAC) plus a small plain header file next to it. It holds the citizen's
 * credentials (as received, with the metadata and the verified claims of
 * their verification), the holder keys they are bound to, and the consent
 * log of every presentation. docs/store.md describes the files, the schema
 * and the backup format; docs/security.md what the PIN throttling does and
 * does not protect against.
 *
 * Files, for a store at PATH:
 *   PATH          the encrypted database (WAL mode; PATH-wal while open)
 *   PATH-header   KDF parameters and salts, the wrapped database key, the
 *                 failed-attempt counter (no personal data)
 *   PATH-lock     an empty file locked (flock) while a handle has the store
 *                 open: one open handle per store at a time, in any process
 *
 * Keys. The database is encrypted with a random 256-bit data key. The data
 * key is kept in the header wrapped (AES-256-GCM) by a key-encryption key,
 * which is either
 *   - derived from a PIN or passphrase with scrypt (random 16-byte salt per
 *     store; N, r, p recorded in the header), or
 *   - a raw 32-byte key supplied by the caller from a platform keystore
 *     (Android Keystore, Secure Enclave) — flag WALLET_STORE_RAW_KEY.
 * A wrong PIN or key fails the GCM check of the wrapped key before the
 * database is touched: WALLET_ERR_STORE_WRONG_SECRET, and the files are
 * not modified except for the failed-attempt counter. Changing the secret
 * re-keys the database: a new data key, the database re-encrypted into a
 * new file, switched in with an atomic rename (a crash at any moment leaves
 * a store that opens with either the old or the new secret).
 *
 * Throttling (PIN mode only): after WALLET_STORE_FREE_ATTEMPTS consecutive
 * failures, each further attempt must wait an increasing delay (30 s, 1 min,
 * 5 min, 15 min, then 1 h) measured on the context's clock; an attempt made
 * too early is WALLET_ERR_STORE_LOCKED_OUT without running the KDF. The
 * counter lives in the header file, so no API call resets it except a
 * successful unlock. It does not stop an attacker who copies the files and
 * guesses offline: see docs/security.md.
 *
 * Threads: a wallet_store handle is used by one thread at a time. Holder
 * keys handed out by the store (wallet_store_key()) may be used from any
 * thread.
 *
 * Identifiers of credentials, holder keys and log entries are random
 * base64url strings (16 characters), never reused.
 *
 * SQLCipher is a fork of SQLite with the same sqlite3_* symbols. A process
 * that also loads the system SQLite may bind libwallet's calls to it; the
 * store checks on every open that it talks to SQLCipher and otherwise fails
 * with WALLET_ERR_STORE_NO_CIPHER rather than write an unencrypted file.
 */
#ifndef WALLET_STORE_H
#define WALLET_STORE_H

#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wallet_store wallet_store;

/* Size of a raw key from a platform keystore (WALLET_STORE_RAW_KEY). */
#define WALLET_STORE_KEY_BYTES 32

/* Failures before the increasing delay starts (PIN mode). */
#define WALLET_STORE_FREE_ATTEMPTS 3

/*
 * Flags. Each function lists those it accepts; any other bit is
 * WALLET_ERR_INVALID_ARG.
 */
/* The secret is a raw WALLET_STORE_KEY_BYTES-byte key, not a PIN. */
#define WALLET_STORE_RAW_KEY 0x1u
/* wallet_store_add*(): keep a credential that fails verification, marked
 * invalid (with its error), for inspection. It is never offered by
 * wallet_store_match(). */
#define WALLET_STORE_KEEP_INVALID 0x2u
/* wallet_store_restore(): replace an existing store at the path. */
#define WALLET_STORE_REPLACE 0x4u
/* wallet_store_add_batch(): the inputs are separate credentials (a bulk
 * import), not copies of one issuance: they get no batch identifier. */
#define WALLET_STORE_SEPARATE 0x8u
/* scrypt cost for a PIN or a backup passphrase: N = 2^log2n, r = 8, p = 1.
 * log2n from 10 to 18; 0 (no cost given) means WALLET_STORE_SCRYPT_DEFAULT. */
#define WALLET_STORE_SCRYPT_LOG2N(log2n) ((unsigned)(log2n) << 16)
#define WALLET_STORE_SCRYPT_DEFAULT 16

/* ---- opening, locking, re-keying ------------------------------------------------ */

/*
 * Create a new, empty store at `path` protected by `secret` (a PIN or
 * passphrase of 1 to 1024 bytes; with WALLET_STORE_RAW_KEY exactly
 * WALLET_STORE_KEY_BYTES bytes). The caller keeps ownership of `secret` and
 * should wipe it (wallet_memzero). Flags: WALLET_STORE_RAW_KEY,
 * WALLET_STORE_SCRYPT_LOG2N(n). The files are created with mode 0600.
 *
 * Errors: WALLET_ERR_STORE_EXISTS (a database is already at `path`),
 * WALLET_ERR_STORE_BUSY (another handle is creating or using it),
 * WALLET_ERR_IO (directory missing or not writable), WALLET_ERR_STORE.
 */
WALLET_EXPORT wallet_err wallet_store_create(wallet_ctx *ctx, wallet_store **out,
                                             const char *path, const uint8_t *secret,
                                             size_t secret_len, unsigned flags);

/*
 * Open an existing store. Flags: WALLET_STORE_RAW_KEY (must match how the
 * store was created or last re-keyed).
 *
 * Errors: WALLET_ERR_NOT_FOUND (no store at `path`), WALLET_ERR_STORE_WRONG_SECRET
 * (wrong PIN or key; counted), WALLET_ERR_STORE_LOCKED_OUT (too many
 * failures: retry after wallet_store_retry_delay() seconds; not counted),
 * WALLET_ERR_STORE_BUSY (open elsewhere), WALLET_ERR_STORE_HEADER (header
 * file malformed), WALLET_ERR_STORE_CORRUPT (header and database do not
 * belong together, or the database fails SQLCipher's page authentication),
 * WALLET_ERR_STORE_SCHEMA (written by a newer libwallet),
 * WALLET_ERR_STORE_NO_CIPHER, WALLET_ERR_STORE.
 * An older schema is migrated in one transaction before the call returns.
 */
WALLET_EXPORT wallet_err wallet_store_open(wallet_ctx *ctx, wallet_store **out,
                                           const char *path, const uint8_t *secret,
                                           size_t secret_len, unsigned flags);

/* Close the store and wipe its key material; holder keys handed out by it
 * stop signing (WALLET_ERR_SIGNER_FAILED). NULL is a no-op. */
WALLET_EXPORT void wallet_store_free(wallet_store *store);

/* Lock: close the database, wipe the key material, disable handed-out
 * holder keys and release the file lock, keeping the handle (for an app
 * going to the background). Every other call then fails with
 * WALLET_ERR_STATE until wallet_store_unlock(). Locking a locked store is
 * a no-op. */
WALLET_EXPORT void wallet_store_lock(wallet_store *store);

/* Unlock a locked store: as wallet_store_open() (same errors, same
 * counting). Unlocking an unlocked store is WALLET_ERR_STATE. */
WALLET_EXPORT wallet_err wallet_store_unlock(wallet_ctx *ctx, wallet_store *store,
                                             const uint8_t *secret, size_t secret_len,
                                             unsigned flags);

/* 1 if the store is unlocked (open), else 0. */
WALLET_EXPORT int wallet_store_is_open(const wallet_store *store);

/*
 * Change the secret (PIN → PIN, PIN ↔ keystore key): re-keys the database
 * with a new random data key, re-encrypting every page and every holder key,
 * and switches the files atomically. Nothing is lost; a crash leaves a store
 * that opens with the old secret (before the switch) or the new one (after).
 * Flags: WALLET_STORE_RAW_KEY, WALLET_STORE_SCRYPT_LOG2N(n).
 */
WALLET_EXPORT wallet_err wallet_store_change_secret(wallet_ctx *ctx, wallet_store *store,
                                                    const uint8_t *secret, size_t secret_len,
                                                    unsigned flags);

/*
 * Throttling state of the store at `path` (no secret needed): the number of
 * consecutive failed attempts, and the seconds to wait before the next
 * attempt is accepted (0: now). Either output may be NULL.
 */
WALLET_EXPORT wallet_err wallet_store_retry_delay(wallet_ctx *ctx, uint32_t *failures,
                                                  int64_t *seconds, const char *path);

/* ---- documents --------------------------------------------------------------------- */

/*
 * Add a credential: detect its format and verify it with wallet_verify()
 * (`trust`, `policy` as there; `policy` may be NULL). A PNG holding a QR
 * code is decoded first and its content stored. On success *id receives the
 * new credential's identifier (wallet_free()).
 *
 * Stored: the credential as received, its verified claims, and metadata
 * (format, type, issuer, issued-at, validity window, status reference,
 * display name, time added). Every claim path of the claims is indexed for
 * wallet_store_match(). When the result names a holder key whose thumbprint
 * matches a stored holder key, the credential is linked to it.
 *
 * Flags: WALLET_STORE_KEEP_INVALID. Without it, a credential that fails
 * verification is not stored and the verification's error is returned (e.g.
 * WALLET_ERR_SIGNATURE, WALLET_ERR_EXPIRED). With it, it is stored marked
 * invalid — as received, with the error, and without claims — and the call
 * succeeds.
 *
 * Errors: the verification's, WALLET_ERR_STORE_DUPLICATE (these exact bytes
 * are stored already), WALLET_ERR_TOO_LARGE (input over
 * WALLET_LIMIT_INPUT_BYTES, or claims with more than 10,000 nodes),
 * WALLET_ERR_STATE (locked), WALLET_ERR_STORE.
 * The add is one transaction: once the call returns WALLET_OK the
 * credential survives a crash of the process.
 */
WALLET_EXPORT wallet_err wallet_store_add(wallet_ctx *ctx, char **id, wallet_store *store,
                                          const wallet_trust *trust,
                                          const wallet_policy *policy, const uint8_t *input,
                                          size_t input_len, unsigned flags);

/*
 * Add the copies of one batch issuance (OpenID4VCI batch: the same
 * credential issued several times, each bound to its own holder key, so
 * that each presentation can use a fresh copy and verifiers cannot link
 * them). All are verified first; then all are stored in one transaction
 * with a new batch identifier, or none is. *ids receives a JSON array of the
 * new identifiers, in input order (wallet_free()). Flags and errors as
 * wallet_store_add(), plus WALLET_STORE_SEPARATE: the inputs are unrelated
 * credentials added in one transaction (a bulk import) and get no batch
 * identifier. 1 to 1024 inputs.
 */
WALLET_EXPORT wallet_err wallet_store_add_batch(wallet_ctx *ctx, char **ids,
                                                wallet_store *store,
                                                const wallet_trust *trust,
                                                const wallet_policy *policy,
                                                const uint8_t *const *inputs,
                                                const size_t *input_lens, size_t count,
                                                unsigned flags);

/*
 * List stored credentials as a JSON array (wallet_free()), oldest first,
 * without decoding any credential: one object per credential
 *   {"id", "format", "type", "issuer", "display_name", "issued_at",
 *    "valid_from", "valid_until", "status": {"uri", "idx"} | null,
 *    "valid": bool, "error": "signature" (only when invalid),
 *    "added_at", "batch": id | null, "used": bool, "holder_key": id | null}
 * Times are seconds since the epoch, 0 when not stated; absent strings are
 * null. `type` filters on the credential type (NULL: all).
 */
WALLET_EXPORT wallet_err wallet_store_list(wallet_ctx *ctx, char **json, wallet_store *store,
                                           const char *type);

/*
 * One credential in full as a JSON object (wallet_free()): the members of
 * wallet_store_list() plus "claims" (the verified claims object, null when
 * invalid), "detail" (the verification failure, when invalid) and
 * "credential" (the stored text, or base64url of binary input).
 * WALLET_ERR_NOT_FOUND for an unknown id.
 */
WALLET_EXPORT wallet_err wallet_store_show(wallet_ctx *ctx, char **json, wallet_store *store,
                                           const char *id);

/* The credential exactly as stored (for presentation). *out is
 * NUL-terminated for convenience; release with wallet_free(). */
WALLET_EXPORT wallet_err wallet_store_get(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                          wallet_store *store, const char *id);

/* Delete a credential and its claim index. Its holder key is deleted too
 * when no other credential uses it. The consent log keeps its entries.
 * WALLET_ERR_NOT_FOUND for an unknown id. */
WALLET_EXPORT wallet_err wallet_store_delete(wallet_ctx *ctx, wallet_store *store,
                                             const char *id);

/* Set the display name (1 to 256 bytes of UTF-8; NULL restores the default,
 * which is the credential type, else the issuer, else the format). */
WALLET_EXPORT wallet_err wallet_store_set_display_name(wallet_ctx *ctx, wallet_store *store,
                                                       const char *id, const char *name);

/* Mark a copy as used (presented). wallet_store_log_presentation() does
 * this for the credentials it names. */
WALLET_EXPORT wallet_err wallet_store_mark_used(wallet_ctx *ctx, wallet_store *store,
                                                const char *id);

/*
 * Match a presentation request against the claim-path index, without
 * decoding credentials (OpenID4VP 1.0 §6, DCQL). `query` is a JSON object
 *   {"credentials": [{"id": "pid", "format": "dc+sd-jwt",
 *                     "meta": {"vct_values": [...]} | {"doctype_value": "..."},
 *                     "claims": [{"id": "a", "path": ["address", "locality"],
 *                                 "values": ["Hanoi"]}, ...],
 *                     "claim_sets": [["a", "b"], ["c"]],
 *                     "multiple": false,
 *                     "require_cryptographic_holder_binding": true}, ...]}
 * Paths use strings for object members, integers for array elements and
 * null for every element of an array (§7). A candidate is a valid credential
 * inside its validity window at the context's time, of the format and type
 * asked, having every claim path (with one of the `values` when given) of
 * the first satisfiable claim set; with holder binding required (the
 * default) it must be linked to a stored holder key. Of the copies of one
 * batch only one is offered: an unused one when there is one.
 *
 * *json (wallet_free()) receives an object keyed by credential query id:
 *   {"pid": [{"id": ..., "format": ..., "type": ..., "claim_set": 0,
 *             "fresh": true, "unused_copies": 2}, ...], "mdl": []}
 * Errors: WALLET_ERR_JSON / WALLET_ERR_JSON_TYPE for a malformed query
 * (the detail names the member).
 */
WALLET_EXPORT wallet_err wallet_store_match(wallet_ctx *ctx, char **json, wallet_store *store,
                                            const char *query, size_t query_len);

/* ---- holder keys ------------------------------------------------------------------- */

/* Generate a holder key pair (wallet_key_generate(): ES256, ES384, ES512,
 * EdDSA or ES256K) and store it, the private half encrypted. *key_id
 * receives its identifier (wallet_free()). */
WALLET_EXPORT wallet_err wallet_store_key_generate(wallet_ctx *ctx, char **key_id,
                                                   wallet_store *store, wallet_alg alg);

/*
 * Record a holder key held outside libwallet (platform keystore, secure
 * element): its public half and `handle`, the app's name for it (1 to 256
 * bytes, e.g. a keystore alias). Signing goes through the callback set with
 * wallet_store_set_signer().
 */
WALLET_EXPORT wallet_err wallet_store_key_add_external(wallet_ctx *ctx, char **key_id,
                                                       wallet_store *store,
                                                       const wallet_key *public_key,
                                                       const char *handle);

/* The callback that signs with an external holder key: as wallet_sign_fn,
 * plus the key's `handle`. */
typedef wallet_err (*wallet_store_signer_fn)(void *user, const char *handle, wallet_alg alg,
                                             const uint8_t *msg, size_t msg_len,
                                             uint8_t *sig, size_t *sig_len);

/* Install the external signer for this handle (NULL removes it). `flags`:
 * WALLET_SIGNER_RAW or WALLET_SIGNER_DER, as for wallet_key_from_signer(). */
WALLET_EXPORT void wallet_store_set_signer(wallet_store *store, wallet_store_signer_fn fn,
                                           void *user, unsigned flags);

/*
 * A signing handle for stored holder key `key_id` (wallet_key_free()). It
 * signs (wallet_sign(), JWS, COSE, KB-JWT, DeviceAuth) but never exports a
 * private half: wallet_key_to_jwk(..., WALLET_EXPORT_PRIVATE) on it is
 * WALLET_ERR_KEY_NOT_PRIVATE. It stops signing when the store is locked or
 * freed. For an external key, signing calls the store's signer callback
 * (WALLET_ERR_SIGNER_FAILED when none is set).
 */
WALLET_EXPORT wallet_err wallet_store_key(wallet_ctx *ctx, wallet_key **out,
                                          wallet_store *store, const char *key_id);

/* The holder key linked to credential `cred_id`, as wallet_store_key().
 * WALLET_ERR_NOT_FOUND when the credential has none. */
WALLET_EXPORT wallet_err wallet_store_credential_key(wallet_ctx *ctx, wallet_key **out,
                                                     wallet_store *store,
                                                     const char *cred_id);

/* Link credential `cred_id` to holder key `key_id`. When the credential's
 * verification named a holder key, it must be this key
 * (WALLET_ERR_HOLDER_BINDING). */
WALLET_EXPORT wallet_err wallet_store_link_key(wallet_ctx *ctx, wallet_store *store,
                                               const char *cred_id, const char *key_id);

/* Holder keys as a JSON array: {"id", "alg", "external": bool, "handle",
 * "public_jwk": {...}, "created_at", "credentials": n}. */
WALLET_EXPORT wallet_err wallet_store_key_list(wallet_ctx *ctx, char **json,
                                               wallet_store *store);

/*
 * The one function that returns a holder private key: its private JWK text
 * (wallet_free(); wipe it first with wallet_memzero()). External keys are
 * WALLET_ERR_KEY_NOT_PRIVATE.
 */
WALLET_EXPORT wallet_err wallet_store_key_export(wallet_ctx *ctx, char **jwk,
                                                 wallet_store *store, const char *key_id);

/* ---- consent log --------------------------------------------------------------------- */

/*
 * Record a presentation, at the context's time: `verifier` (the relying
 * party's identity, e.g. its OpenID4VP client_id; 1 to 1024 bytes), the
 * stated `purpose` (may be NULL), `claims` (a JSON array of
 *   {"credential": id, "claims": [path, ...]}
 * naming what was disclosed from which stored credential; paths as in
 * wallet_store_match()), and the hash of the transaction data (may be NULL
 * / 0; at most 64 bytes). Every named credential must exist
 * (WALLET_ERR_NOT_FOUND) and is marked used. *entry_id (may be NULL)
 * receives the entry's identifier. The log is append-only.
 */
WALLET_EXPORT wallet_err wallet_store_log_presentation(wallet_ctx *ctx, char **entry_id,
                                                       wallet_store *store,
                                                       const char *verifier,
                                                       const char *purpose,
                                                       const char *claims,
                                                       const uint8_t *tx_hash,
                                                       size_t tx_hash_len);

/* The consent log as a JSON array, newest first:
 *   {"id", "at", "verifier", "purpose", "claims": [...],
 *    "transaction_data_hash": base64url | null} */
WALLET_EXPORT wallet_err wallet_store_log_list(wallet_ctx *ctx, char **json,
                                               wallet_store *store);

/* ---- backup and restore ------------------------------------------------------------- */

/*
 * Export the whole store (credentials with their metadata and claims,
 * holder keys including private halves, the consent log) to one buffer,
 * encrypted and authenticated (scrypt → AES-256-GCM) under `passphrase`
 * (1 to 1024 bytes), which is separate from the store's secret. Release
 * with wallet_free(). Flags: WALLET_STORE_SCRYPT_LOG2N(n). The format is in
 * docs/store.md. External holder keys are exported as their public half and
 * handle.
 */
WALLET_EXPORT wallet_err wallet_store_backup(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                             wallet_store *store, const uint8_t *passphrase,
                                             size_t passphrase_len, unsigned flags);

/*
 * Restore a backup into a new store at `path`, protected by `secret` (as
 * wallet_store_create()). The backup is decrypted and fully checked in
 * memory, written into a new database beside `path`, and moved into place
 * with an atomic rename: on any failure nothing is restored and an existing
 * store at `path` is untouched. *out (may be NULL) receives the open store.
 * Flags: WALLET_STORE_RAW_KEY, WALLET_STORE_SCRYPT_LOG2N(n) (for the new
 * store's secret), WALLET_STORE_REPLACE (allow replacing an existing store;
 * without it that is WALLET_ERR_STORE_EXISTS).
 *
 * Errors: WALLET_ERR_BACKUP_FORMAT (not a libwallet backup, truncated,
 * unknown version), WALLET_ERR_BACKUP_PASSPHRASE (wrong passphrase, or a
 * changed header), WALLET_ERR_BACKUP_TAMPERED (the encrypted content fails
 * authentication), WALLET_ERR_TOO_LARGE, WALLET_ERR_STORE_EXISTS, and the
 * errors of wallet_store_create().
 */
WALLET_EXPORT wallet_err wallet_store_restore(wallet_ctx *ctx, wallet_store **out,
                                              const char *path, const uint8_t *backup,
                                              size_t backup_len, const uint8_t *passphrase,
                                              size_t passphrase_len, const uint8_t *secret,
                                              size_t secret_len, unsigned flags);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_STORE_H */
