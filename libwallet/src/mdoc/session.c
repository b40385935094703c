/*
 * Session encryption (ISO/IEC 18013-5 §9.1.1):
 *
 *   SessionEstablishment = {"eReaderKey": EReaderKeyBytes, "data": bstr}
 *   SessionData = {? "data": bstr, ? "status": uint}
 *
 * Z = ECDH(EReaderKey, EDeviceKey); salt = SHA-256(SessionTranscriptBytes);
 * SKReader / SKDevice = HKDF-SHA256(Z, salt, "SKReader" / "SKDevice", 32).
 * The reader encrypts with SKReader, the mdoc with SKDevice; AES-256-GCM,
 * IV = identifier (8 bytes: reader 0, mdoc 1) ‖ counter (4 bytes, big
 * endian, from 1), no AAD, data = ciphertext ‖ 16-byte tag (§9.1.1.5).
 *
 * Every message must carry the next counter of its direction: the receiver
 * decrypts with exactly that IV. When that fails, the neighbouring counters
 * are tried only to name the fault (a replay, or a message skipped ahead);
 * either way the session ends (§9.1.1.5: a decryption error terminates it).
 */
#include "mdoc_int.h"

/* How far back/forward a failed message's counter is looked for, to report
 * a replay or a reordering precisely. */
#define WL_SESSION_PROBE 16

enum { WL_ROLE_READER = 1, WL_ROLE_DEVICE = 2 };
enum { WL_S_NEW = 0, WL_S_OPEN = 1, WL_S_CLOSED = 2 };

struct wallet_mdoc_session {
    int role;
    int state;
    int established; /* reader: SessionEstablishment sent */
    uint8_t *de_tagged; /* #6.24(DeviceEngagement) */
    size_t de_tagged_len;
    uint8_t *handover;
    size_t handover_len;
    wallet_key *own;  /* own ephemeral key (private) */
    wallet_key *peer; /* peer's ephemeral key (public) */
    uint8_t *erk_tagged; /* reader: EReaderKeyBytes it sends */
    size_t erk_tagged_len;
    uint8_t *transcript;
    size_t transcript_len;
    uint8_t sk_reader[32], sk_device[32];
    uint32_t send_ctr, recv_ctr;
};

static void wl_session_wipe(wallet_mdoc_session *s)
{
    wl_memzero(s->sk_reader, sizeof(s->sk_reader));
    wl_memzero(s->sk_device, sizeof(s->sk_device));
    s->state = WL_S_CLOSED;
}

void wallet_mdoc_session_free(wallet_mdoc_session *s)
{
    if (!s)
        return;
    wl_session_wipe(s);
    wallet_key_free(s->own);
    wallet_key_free(s->peer);
    free(s->de_tagged);
    free(s->handover);
    free(s->erk_tagged);
    free(s->transcript);
    free(s);
}

static wallet_err wl_session_common(wallet_ctx *ctx, wallet_mdoc_session **out,
                                    const wallet_mdoc_engagement *eng, const uint8_t *handover,
                                    size_t handover_len, int role)
{
    *out = NULL;
    size_t de_len;
    const uint8_t *de = wallet_mdoc_engagement_bytes(eng, &de_len);
    if (!de)
        return wl_err(ctx, WALLET_ERR_STATE, "the engagement must be encoded first");
    if (handover) {
        wl_cbor_doc *doc = NULL;
        wallet_err e = wl_cbor_decode(ctx, &doc, handover, handover_len, 0, NULL);
        wl_cbor_doc_free(doc);
        if (e)
            return wl_err_prefix(ctx, "Handover");
    }
    wallet_mdoc_session *s = wl_calloc(1, sizeof(*s));
    if (!s)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    s->role = role;
    s->send_ctr = s->recv_ctr = 1;
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_mdoc_put_tag24(&b, de, de_len);
    s->de_tagged = wl_buf_take(&b, &s->de_tagged_len);
    if (!s->de_tagged || (handover && !(s->handover = wl_memdup(handover, handover_len)))) {
        wallet_mdoc_session_free(s);
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    s->handover_len = handover ? handover_len : 0;
    *out = s;
    return WALLET_OK;
}

/* SessionTranscript and both keys, once EReaderKeyBytes are known. */
static wallet_err wl_session_keys(wallet_ctx *ctx, wallet_mdoc_session *s,
                                  const uint8_t *erk_tagged, size_t erk_len)
{
    wallet_err e = wl_mdoc_transcript_build(ctx, &s->transcript, &s->transcript_len,
                                            s->de_tagged, s->de_tagged_len, erk_tagged, erk_len,
                                            s->handover, s->handover_len);
    if (e)
        return e;
    wl_mdoc_st st;
    if ((e = wl_mdoc_st_init(ctx, &st, s->transcript, s->transcript_len)))
        return e;
    uint8_t z[66], salt[32];
    size_t z_len = sizeof(z);
    e = wl_ecdh(ctx, s->own, s->peer, z, &z_len);
    if (!e)
        e = wl_hash(ctx, WL_SHA256, st.tagged, st.tagged_len, salt);
    if (!e)
        e = wl_hkdf(ctx, WL_SHA256, salt, sizeof(salt), z, z_len, (const uint8_t *)"SKReader", 8,
                    s->sk_reader, 32);
    if (!e)
        e = wl_hkdf(ctx, WL_SHA256, salt, sizeof(salt), z, z_len, (const uint8_t *)"SKDevice", 8,
                    s->sk_device, 32);
    wl_memzero(z, sizeof(z));
    wl_mdoc_st_clear(&st);
    if (e)
        wl_session_wipe(s);
    else
        s->state = WL_S_OPEN;
    return e;
}

static wallet_alg wl_curve_alg(wallet_curve c)
{
    return c == WALLET_CURVE_P384 ? WALLET_ALG_ES384
           : c == WALLET_CURVE_P521 ? WALLET_ALG_ES512
                                    : WALLET_ALG_ES256;
}

wallet_err wallet_mdoc_session_reader_new(wallet_ctx *ctx, wallet_mdoc_session **out,
                                          const wallet_mdoc_engagement *engagement,
                                          const wallet_key *e_reader_key,
                                          const uint8_t *handover, size_t handover_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!engagement || (!handover && handover_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    const wallet_key *edk = wallet_mdoc_engagement_device_key(engagement);
    wallet_mdoc_session *s;
    wallet_err e = wl_session_common(ctx, &s, engagement, handover, handover_len, WL_ROLE_READER);
    if (e)
        return e;
    if (e_reader_key)
        s->own = wl_key_ref(e_reader_key);
    else
        e = wallet_key_generate(ctx, &s->own, wl_curve_alg(wallet_key_curve(edk)));
    if (!e && (wallet_key_kty(s->own) != WALLET_KTY_EC ||
               wallet_key_curve(s->own) != wallet_key_curve(edk)))
        e = wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH, "EReaderKey must be on EDeviceKey's curve");
    if (!e && !(s->peer = wl_key_ref(edk)))
        e = wl_err(ctx, WALLET_ERR_INTERNAL, "no device key");
    /* EReaderKeyBytes = #6.24(bstr .cbor COSE_Key) of the public half */
    wl_buf ck, tb;
    wl_buf_init(&ck, 0);
    wl_buf_init(&tb, 0);
    if (!e)
        e = wl_cose_key_append(ctx, &ck, s->own, 0);
    if (!e && !wl_mdoc_put_tag24(&tb, ck.data, ck.len))
        e = wl_buf_error(ctx, &tb, "EReaderKeyBytes");
    if (!e) {
        s->erk_tagged = wl_buf_take(&tb, &s->erk_tagged_len);
        e = wl_session_keys(ctx, s, s->erk_tagged, s->erk_tagged_len);
    }
    wl_buf_free(&ck);
    wl_buf_free(&tb);
    if (e) {
        wallet_mdoc_session_free(s);
        return e;
    }
    *out = s;
    return WALLET_OK;
}

wallet_err wallet_mdoc_session_device_new(wallet_ctx *ctx, wallet_mdoc_session **out,
                                          const wallet_mdoc_engagement *engagement,
                                          const wallet_key *e_device_key,
                                          const uint8_t *handover, size_t handover_len)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = NULL;
    if (!engagement || !e_device_key || (!handover && handover_len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (!wallet_key_equal_public(e_device_key, wallet_mdoc_engagement_device_key(engagement)))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "the key is not the engagement's EDeviceKey");
    if (!wallet_key_can_sign(e_device_key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "EDeviceKey needs its private half");
    wallet_mdoc_session *s;
    wallet_err e = wl_session_common(ctx, &s, engagement, handover, handover_len, WL_ROLE_DEVICE);
    if (e)
        return e;
    s->own = wl_key_ref(e_device_key);
    *out = s;
    return WALLET_OK;
}

/* 12-byte IV: identifier ‖ counter */
static void wl_iv(uint8_t iv[12], int sender_is_reader, uint32_t ctr)
{
    memset(iv, 0, 12);
    iv[7] = sender_is_reader ? 0 : 1;
    iv[8] = (uint8_t)(ctr >> 24);
    iv[9] = (uint8_t)(ctr >> 16);
    iv[10] = (uint8_t)(ctr >> 8);
    iv[11] = (uint8_t)ctr;
}

/* Encrypt with the sender's key and counter; appends a bstr ct‖tag. */
static wallet_err wl_seal(wallet_ctx *ctx, wallet_mdoc_session *s, wl_buf *out,
                          const uint8_t *pt, size_t len)
{
    if (s->send_ctr == 0 || len > SIZE_MAX - 16)
        return wl_err(ctx, WALLET_ERR_STATE, "session message counter exhausted");
    int reader = s->role == WL_ROLE_READER;
    uint8_t iv[12];
    wl_iv(iv, reader, s->send_ctr);
    uint8_t *ct = wl_malloc(len + 16);
    if (!ct)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    static const uint8_t empty[1] = {0};
    wallet_err e = wl_aes_gcm_encrypt(ctx, reader ? s->sk_reader : s->sk_device, 32, iv, 12, NULL,
                                      0, pt ? pt : empty, len, ct, ct + len);
    if (!e && !wl_cbor_put_bytes(out, ct, len + 16))
        e = wl_buf_error(ctx, out, "SessionData");
    free(ct);
    if (!e)
        s->send_ctr++; /* wraps to 0 after 2^32-1: then refused above */
    return e;
}

static wallet_err wl_try(wallet_ctx *ctx, const wallet_mdoc_session *s, uint32_t ctr,
                         const uint8_t *ct, size_t n, uint8_t *pt)
{
    uint8_t iv[12];
    int from_reader = s->role == WL_ROLE_DEVICE; /* the peer sent it */
    wl_iv(iv, from_reader, ctr);
    return wl_aes_gcm_decrypt(ctx, from_reader ? s->sk_reader : s->sk_device, 32, iv, 12, NULL,
                              0, ct, n - 16, ct + n - 16, pt);
}

/* Decrypt the peer's next message into *out. */
static wallet_err wl_open(wallet_ctx *ctx, wallet_mdoc_session *s, uint8_t **out, size_t *out_len,
                          const wl_cbor *data)
{
    size_t n = (size_t)data->u;
    if (n < 16)
        return wl_err(ctx, WALLET_ERR_MDOC_SESSION_MESSAGE, "session data shorter than a GCM tag");
    uint8_t *pt = wl_malloc(n - 16 + 1);
    if (!pt)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_err e = wl_try(NULL, s, s->recv_ctr, data->ptr, n, pt);
    if (!e) {
        s->recv_ctr++;
        *out = pt;
        *out_len = n - 16;
        return WALLET_OK;
    }
    /* Name the fault: an earlier counter is a replay, a later one a message
     * that arrived out of order (or after a lost one). */
    e = wl_err(ctx, WALLET_ERR_DECRYPT,
               "session message does not decrypt with the expected counter %u", s->recv_ctr);
    for (uint32_t d = 1; d <= WL_SESSION_PROBE; d++) {
        if (d < s->recv_ctr && wl_try(NULL, s, s->recv_ctr - d, data->ptr, n, pt) == WALLET_OK) {
            e = wl_err(ctx, WALLET_ERR_REPLAY,
                       "session message replayed (counter %u, expected %u)", s->recv_ctr - d,
                       s->recv_ctr);
            break;
        }
        if (s->recv_ctr + d > s->recv_ctr &&
            wl_try(NULL, s, s->recv_ctr + d, data->ptr, n, pt) == WALLET_OK) {
            e = wl_err(ctx, WALLET_ERR_MDOC_SESSION_ORDER,
                       "session message out of order (counter %u, expected %u)",
                       s->recv_ctr + d, s->recv_ctr);
            break;
        }
    }
    wl_free_secret(pt, n - 16 + 1);
    wl_session_wipe(s);
    return e;
}

wallet_err wallet_mdoc_session_establish(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                         wallet_mdoc_session *s, const uint8_t *device_request,
                                         size_t request_len)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !s || !device_request)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (s->role != WL_ROLE_READER || s->established || s->state != WL_S_OPEN)
        return wl_err(ctx, WALLET_ERR_STATE,
                      "SessionEstablishment is the reader's first message, sent once");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 2);
    wl_cbor_put_cstr(&b, "eReaderKey");
    wl_cbor_put_raw(&b, s->erk_tagged, s->erk_tagged_len);
    wl_cbor_put_cstr(&b, "data");
    wallet_err e = wl_seal(ctx, s, &b, device_request, request_len);
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "SessionEstablishment");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    s->established = 1;
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}

static wallet_err wl_session_msg(wallet_ctx *ctx, wl_cbor_doc **doc, const uint8_t *p, size_t n,
                                 const char *what)
{
    wallet_err e = wl_cbor_decode(ctx, doc, p, n, 0, NULL);
    if (e)
        return wl_err_prefix(ctx, what);
    if (wl_cbor_root(*doc)->type != WL_CBOR_MAP) {
        wl_cbor_doc_free(*doc);
        *doc = NULL;
        return wl_err(ctx, WALLET_ERR_MDOC_SESSION_MESSAGE, "%s is not a map", what);
    }
    return WALLET_OK;
}

wallet_err wallet_mdoc_session_accept(wallet_ctx *ctx, uint8_t **device_request,
                                      size_t *request_len, wallet_mdoc_session *s,
                                      const uint8_t *session_establishment, size_t len)
{
    wl_enter(ctx);
    if (device_request)
        *device_request = NULL;
    if (request_len)
        *request_len = 0;
    if (!device_request || !request_len || !s || !session_establishment)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (s->role != WL_ROLE_DEVICE || s->state != WL_S_NEW)
        return wl_err(ctx, WALLET_ERR_STATE, "a device session accepts one SessionEstablishment");
    wl_cbor_doc *doc = NULL, *kdoc = NULL;
    wallet_err e = wl_check_input_size(ctx, len, "SessionEstablishment");
    if (!e)
        e = wl_session_msg(ctx, &doc, session_establishment, len, "SessionEstablishment");
    if (e)
        return e;
    const wl_cbor *root = wl_cbor_root(doc);
    const wl_cbor *erk = wl_cbor_map_text(root, "eReaderKey"), *data = wl_cbor_map_text(root, "data");
    const uint8_t *kb;
    size_t kb_len;
    if (!erk || !data || data->type != WL_CBOR_BYTES) {
        e = wl_err(ctx, WALLET_ERR_MDOC_SESSION_MESSAGE,
                   "SessionEstablishment: want {\"eReaderKey\": bytes, \"data\": bstr}");
        goto done;
    }
    if (wl_mdoc_tag24(ctx, erk, &kb, &kb_len, "EReaderKeyBytes") != WALLET_OK) {
        e = wl_err(ctx, WALLET_ERR_MDOC_SESSION_MESSAGE, "eReaderKey is not tag-24 CBOR");
        goto done;
    }
    if ((e = wl_cbor_decode(ctx, &kdoc, kb, kb_len, 0, NULL)) ||
        (e = wl_cose_key_from_cbor(ctx, &s->peer, wl_cbor_root(kdoc)))) {
        wl_err_prefix(ctx, "EReaderKey");
        goto done;
    }
    if (wallet_key_kty(s->peer) != WALLET_KTY_EC ||
        wallet_key_curve(s->peer) != wallet_key_curve(s->own)) {
        e = wl_err(ctx, WALLET_ERR_ALG_KEY_MISMATCH, "EReaderKey is not on EDeviceKey's curve");
        goto done;
    }
    /* The transcript covers EReaderKeyBytes exactly as received. */
    if ((e = wl_session_keys(ctx, s, erk->raw, erk->raw_len)))
        goto done;
    e = wl_open(ctx, s, device_request, request_len, data);
done:
    if (e)
        wl_session_wipe(s);
    wl_cbor_doc_free(kdoc);
    wl_cbor_doc_free(doc);
    return e;
}

wallet_err wallet_mdoc_session_encrypt(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                       wallet_mdoc_session *s, const uint8_t *plaintext,
                                       size_t len, unsigned flags)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !s || (!plaintext && len) || (flags & ~WALLET_MDOC_SESSION_END))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "bad argument");
    if (s->state != WL_S_OPEN || (s->role == WL_ROLE_READER && !s->established))
        return wl_err(ctx, WALLET_ERR_STATE, "the session is not open");
    int end = (flags & WALLET_MDOC_SESSION_END) != 0;
    if (!plaintext && !end)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "nothing to send");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, (plaintext ? 1 : 0) + (end ? 1 : 0));
    wallet_err e = WALLET_OK;
    if (plaintext) {
        wl_cbor_put_cstr(&b, "data");
        e = wl_seal(ctx, s, &b, plaintext, len);
    }
    if (!e && end) {
        wl_cbor_put_cstr(&b, "status");
        wl_cbor_put_uint(&b, WALLET_MDOC_STATUS_TERMINATION);
    }
    if (!e && b.failed)
        e = wl_buf_error(ctx, &b, "SessionData");
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    if (end)
        wl_session_wipe(s);
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}

wallet_err wallet_mdoc_session_status(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                      wallet_mdoc_session *s, uint64_t status)
{
    wl_enter(ctx);
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || !s)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (status != WALLET_MDOC_STATUS_ENCRYPTION_ERROR &&
        status != WALLET_MDOC_STATUS_DECODING_ERROR && status != WALLET_MDOC_STATUS_TERMINATION)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "status must be 10, 11 or 20");
    wl_buf b;
    wl_buf_init(&b, 0);
    wl_cbor_put_map(&b, 1);
    wl_cbor_put_cstr(&b, "status");
    wl_cbor_put_uint(&b, status);
    if (b.failed) {
        wallet_err e = wl_buf_error(ctx, &b, "SessionData");
        wl_buf_free(&b);
        return e;
    }
    wl_session_wipe(s);
    *out = wl_buf_take(&b, out_len);
    return WALLET_OK;
}

wallet_err wallet_mdoc_session_decrypt(wallet_ctx *ctx, uint8_t **plaintext,
                                       size_t *plaintext_len, int64_t *status,
                                       wallet_mdoc_session *s, const uint8_t *session_data,
                                       size_t len)
{
    wl_enter(ctx);
    if (plaintext)
        *plaintext = NULL;
    if (plaintext_len)
        *plaintext_len = 0;
    if (status)
        *status = -1;
    if (!plaintext || !plaintext_len || !status || !s || !session_data)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    if (s->state != WL_S_OPEN || (s->role == WL_ROLE_READER && !s->established))
        return wl_err(ctx, WALLET_ERR_STATE, "the session is not open");
    wl_cbor_doc *doc = NULL;
    wallet_err e = wl_check_input_size(ctx, len, "SessionData");
    if (!e)
        e = wl_session_msg(ctx, &doc, session_data, len, "SessionData");
    if (e) {
        wl_session_wipe(s);
        return e;
    }
    const wl_cbor *root = wl_cbor_root(doc);
    const wl_cbor *data = wl_cbor_map_text(root, "data"), *st = wl_cbor_map_text(root, "status");
    if ((data && data->type != WL_CBOR_BYTES) || (st && st->type != WL_CBOR_UINT) ||
        (!data && !st)) {
        e = wl_err(ctx, WALLET_ERR_MDOC_SESSION_MESSAGE,
                   "SessionData: want {? \"data\": bstr, ? \"status\": uint}, not empty");
        goto done;
    }
    if (st)
        *status = st->u > INT64_MAX ? INT64_MAX : (int64_t)st->u;
    if (data && (e = wl_open(ctx, s, plaintext, plaintext_len, data)))
        goto done;
    if (st && st->u != WALLET_MDOC_STATUS_TERMINATION) {
        e = wl_err(ctx, WALLET_ERR_MDOC_SESSION_MESSAGE,
                   "the peer ended the session with status %llu", (unsigned long long)st->u);
        wallet_free(*plaintext);
        *plaintext = NULL;
        *plaintext_len = 0;
    }
done:
    if (e || st)
        wl_session_wipe(s);
    wl_cbor_doc_free(doc);
    return e;
}

const uint8_t *wallet_mdoc_session_transcript(const wallet_mdoc_session *s, size_t *len)
{
    if (len)
        *len = s && s->transcript ? s->transcript_len : 0;
    return s ? s->transcript : NULL;
}

const wallet_key *wallet_mdoc_session_reader_key(const wallet_mdoc_session *s)
{
    if (!s)
        return NULL;
    return s->role == WL_ROLE_READER ? s->own : s->peer;
}

int wallet_mdoc_session_open(const wallet_mdoc_session *s)
{
    return s && s->state == WL_S_OPEN;
}
