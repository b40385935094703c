/*
 * libwallet — the ISO/IEC 18013-5 proximity session engine, independent of
 * the transport: the application moves the bytes over BLE, NFC, Wi-Fi Aware
 * or a socket; libwallet builds and parses every message and does the
 * cryptography.
 *
 *   mdoc (device)                                   reader
 *   engagement = DeviceEngagement with EDeviceKey
 *   ── QR code "mdoc:<base64url>" or NFC ──────────► engagement_parse()
 *                                                   session_reader_new()
 *                                                   establish(DeviceRequest)
 *   ◄──────────────────────── SessionEstablishment ─
 *   session_device_new(), accept() → DeviceRequest
 *   encrypt(DeviceResponse) ──── SessionData ─────► decrypt() → DeviceResponse
 *   ◄───────────────────── SessionData {status 20} ─ encrypt(NULL, END)
 *
 * Keys (§9.1.1.5): SKReader and SKDevice = HKDF-SHA256(IKM = ECDH(EReaderKey,
 * EDeviceKey) shared secret, salt = SHA-256(SessionTranscriptBytes), info =
 * "SKReader" / "SKDevice", 32 bytes). Messages are AES-256-GCM with a 12-byte
 * IV = 8-byte identifier (reader 0x00..00, mdoc 0x00..01) ‖ 4-byte big-endian
 * message counter that starts at 1 and grows by one per message, per
 * direction. The receiver enforces the counter: a message encrypted with an
 * earlier counter (a replay) is WALLET_ERR_REPLAY, one with a later counter
 * (a lost or reordered message) WALLET_ERR_MDOC_SESSION_ORDER, anything else
 * that does not authenticate WALLET_ERR_DECRYPT. Any of these ends the
 * session (ISO/IEC 18013-5 §9.1.1.5: terminate on a decryption error); so
 * does sending or receiving status 20. A session's keys are wiped when it
 * ends and when it is freed.
 */
#ifndef WALLET_MDOC_SESSION_H
#define WALLET_MDOC_SESSION_H

#include "mdoc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== Device engagement (§8.2.1.1) ====================================== */

typedef struct wallet_mdoc_engagement wallet_mdoc_engagement;

/* Device retrieval methods (§8.2.1.1). */
#define WALLET_MDOC_RETRIEVAL_NFC 1
#define WALLET_MDOC_RETRIEVAL_BLE 2
#define WALLET_MDOC_RETRIEVAL_WIFI_AWARE 3

/* A new DeviceEngagement (version "1.0", cipher suite 1) for the mdoc's
 * ephemeral key `e_device_key` (EC P-256, P-384, P-521; only its public half
 * is used). */
WALLET_EXPORT wallet_err wallet_mdoc_engagement_new(wallet_ctx *ctx,
                                                    wallet_mdoc_engagement **out,
                                                    const wallet_key *e_device_key);

/* Offer BLE (§8.3.3.1.1): mdoc peripheral server mode with `peripheral_uuid`
 * and/or mdoc central client mode with `central_uuid` (16 bytes each; at
 * least one). */
WALLET_EXPORT wallet_err wallet_mdoc_engagement_add_ble(wallet_ctx *ctx,
                                                        wallet_mdoc_engagement *e,
                                                        const uint8_t *peripheral_uuid,
                                                        const uint8_t *central_uuid);

/* Offer any retrieval method: [type, version, options] with `options` one
 * CBOR map (copied). */
WALLET_EXPORT wallet_err wallet_mdoc_engagement_add_method(wallet_ctx *ctx,
                                                           wallet_mdoc_engagement *e,
                                                           uint64_t type, uint64_t version,
                                                           const uint8_t *options,
                                                           size_t options_len);

/* Encode a built engagement: DeviceEngagement CBOR, or the QR code text
 * "mdoc:" + base64url(DeviceEngagement) (§8.2.2.3). The bytes are fixed
 * by the first call (the engagement is then frozen: adding methods is
 * WALLET_ERR_STATE), since the SessionTranscript covers them. */
WALLET_EXPORT wallet_err wallet_mdoc_engagement_encode(wallet_ctx *ctx, uint8_t **out,
                                                       size_t *out_len,
                                                       wallet_mdoc_engagement *e);
WALLET_EXPORT wallet_err wallet_mdoc_engagement_uri(wallet_ctx *ctx, char **out,
                                                    wallet_mdoc_engagement *e);

/* Parse a received engagement: DeviceEngagement CBOR, or the "mdoc:" URI
 * text (copied). Malformed input is WALLET_ERR_MDOC_ENGAGEMENT (or
 * WALLET_ERR_CBOR*, WALLET_ERR_BASE64); an unsupported cipher suite or
 * device key is WALLET_ERR_UNSUPPORTED / WALLET_ERR_COSE_KEY. */
WALLET_EXPORT wallet_err wallet_mdoc_engagement_parse(wallet_ctx *ctx,
                                                      wallet_mdoc_engagement **out,
                                                      const uint8_t *data, size_t len);
WALLET_EXPORT void wallet_mdoc_engagement_free(wallet_mdoc_engagement *e);

/* The DeviceEngagement bytes (as received, or as encoded); NULL for a
 * built engagement not yet encoded. Owned by e. */
WALLET_EXPORT const uint8_t *wallet_mdoc_engagement_bytes(const wallet_mdoc_engagement *e,
                                                          size_t *len);
/* The version text ("1.0", "1.1"; owned by e). */
WALLET_EXPORT const char *wallet_mdoc_engagement_version(const wallet_mdoc_engagement *e);
/* EDeviceKey (public; owned by e). */
WALLET_EXPORT const wallet_key *wallet_mdoc_engagement_device_key(
    const wallet_mdoc_engagement *e);
/* Retrieval methods: count, and method i (options: its CBOR map, owned by
 * e). Returns 0 when i is out of range. */
WALLET_EXPORT size_t wallet_mdoc_engagement_method_count(const wallet_mdoc_engagement *e);
WALLET_EXPORT int wallet_mdoc_engagement_method(const wallet_mdoc_engagement *e, size_t i,
                                                uint64_t *type, uint64_t *version,
                                                const uint8_t **options, size_t *options_len);

/* ==== Sessions ============================================================ */

typedef struct wallet_mdoc_session wallet_mdoc_session;

/* Message flag: after this message the session ends (SessionData carries
 * status 20, session termination). */
#define WALLET_MDOC_SESSION_END 1u

/* SessionData status values (§8.3.2.1.2.3). */
#define WALLET_MDOC_STATUS_ENCRYPTION_ERROR 10
#define WALLET_MDOC_STATUS_DECODING_ERROR 11
#define WALLET_MDOC_STATUS_TERMINATION 20

/*
 * Reader side, from the engagement it scanned (its bytes are used as
 * received). `e_reader_key` is the reader's ephemeral private key on the
 * EDeviceKey's curve; NULL generates one. `handover` is the Handover CBOR:
 * NULL for QR engagement, else e.g. wallet_mdoc_handover_nfc(). The
 * SessionTranscript and both session keys are ready on return.
 */
WALLET_EXPORT wallet_err wallet_mdoc_session_reader_new(wallet_ctx *ctx,
                                                        wallet_mdoc_session **out,
                                                        const wallet_mdoc_engagement *engagement,
                                                        const wallet_key *e_reader_key,
                                                        const uint8_t *handover,
                                                        size_t handover_len);

/* Reader: the first message, SessionEstablishment {"eReaderKey":
 * EReaderKeyBytes, "data": encrypted DeviceRequest}. Once only
 * (WALLET_ERR_STATE after). */
WALLET_EXPORT wallet_err wallet_mdoc_session_establish(wallet_ctx *ctx, uint8_t **out,
                                                       size_t *out_len, wallet_mdoc_session *s,
                                                       const uint8_t *device_request,
                                                       size_t request_len);

/*
 * Device side: its own engagement (encoded, or as it was parsed) and
 * EDeviceKey's private half; `handover` as for the reader. Keys are
 * derived when the SessionEstablishment arrives.
 */
WALLET_EXPORT wallet_err wallet_mdoc_session_device_new(wallet_ctx *ctx,
                                                        wallet_mdoc_session **out,
                                                        const wallet_mdoc_engagement *engagement,
                                                        const wallet_key *e_device_key,
                                                        const uint8_t *handover,
                                                        size_t handover_len);

/* Device: take the SessionEstablishment, derive the session keys and
 * decrypt the DeviceRequest into *device_request (wallet_free()). Once only. */
WALLET_EXPORT wallet_err wallet_mdoc_session_accept(wallet_ctx *ctx, uint8_t **device_request,
                                                    size_t *request_len, wallet_mdoc_session *s,
                                                    const uint8_t *session_establishment,
                                                    size_t len);

/* Encrypt the next message into SessionData {"data": ...}; with
 * WALLET_MDOC_SESSION_END it also carries status 20 and ends the session
 * (plaintext may then be NULL/0: {"status": 20} alone). */
WALLET_EXPORT wallet_err wallet_mdoc_session_encrypt(wallet_ctx *ctx, uint8_t **out,
                                                     size_t *out_len, wallet_mdoc_session *s,
                                                     const uint8_t *plaintext, size_t len,
                                                     unsigned flags);

/* Decrypt the peer's next SessionData. *plaintext is NULL/0 when it carried
 * no data; *status receives its status or -1 when absent. Status 20 ends the
 * session; 10 and 11 (the peer's error reports) end it too and return
 * WALLET_ERR_MDOC_SESSION_MESSAGE with *status set. */
WALLET_EXPORT wallet_err wallet_mdoc_session_decrypt(wallet_ctx *ctx, uint8_t **plaintext,
                                                     size_t *plaintext_len, int64_t *status,
                                                     wallet_mdoc_session *s,
                                                     const uint8_t *session_data, size_t len);

/* A status-only SessionData (10, 11 or 20) telling the peer the session
 * ends; the session ends here too. */
WALLET_EXPORT wallet_err wallet_mdoc_session_status(wallet_ctx *ctx, uint8_t **out,
                                                    size_t *out_len, wallet_mdoc_session *s,
                                                    uint64_t status);

/* The SessionTranscript (CBOR array) of this session, for
 * wallet_mdoc_response_new() / wallet_policy_set_session_transcript();
 * NULL on a device session before accept(). Owned by s. */
WALLET_EXPORT const uint8_t *wallet_mdoc_session_transcript(const wallet_mdoc_session *s,
                                                            size_t *len);
/* The reader's ephemeral key (private on the reader side, public on the
 * device side after accept(); NULL before): the reader verifies DeviceMac
 * with it (wallet_policy_set_reader_key()). Owned by s. */
WALLET_EXPORT const wallet_key *wallet_mdoc_session_reader_key(const wallet_mdoc_session *s);
/* 1 while messages may still be sent and received. */
WALLET_EXPORT int wallet_mdoc_session_open(const wallet_mdoc_session *s);

/* Release a session; its keys are wiped. NULL is a no-op. */
WALLET_EXPORT void wallet_mdoc_session_free(wallet_mdoc_session *s);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_MDOC_SESSION_H */
