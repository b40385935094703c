/*
 * Internal interface of the mdoc module (ISO/IEC 18013-5). Structures here
 * are views over decoded CBOR (src/core/cbor.h): their nodes point into the
 * bytes received, which must outlive them, so that digests and signatures
 * are always computed over what arrived.
 */
#ifndef WL_MDOC_INT_H
#define WL_MDOC_INT_H

#include "../core/buf.h"
#include "../core/cbor.h"
#include "../cose/cose_int.h"
#include "../crypto/crypto.h"
#include "wallet/mdoc.h"
#include "wallet/mdoc_session.h"

struct cJSON;

/* Extended key usages of ISO/IEC 18013-5 Annex B. */
#define WL_MDOC_EKU_DS "1.0.18013.5.1.2"
#define WL_MDOC_EKU_READER "1.0.18013.5.1.6"

/* The largest number of elements / documents / items libwallet reads in one
 * structure; far above any real document and bounded by the CBOR item
 * limit anyway. */
#define WL_MDOC_MAX_ITEMS 4096

/* ---- small CBOR helpers (cose_view.c) ---------------------------------- */

/* Member `name` of map `m` with CBOR type `type` (or any type for -1);
 * NULL (and a WALLET_ERR_MDOC_FORMAT detail naming `what`) if absent or
 * mistyped and `required`. */
WL_HIDDEN wallet_err wl_mdoc_member(wallet_ctx *ctx, const wl_cbor *m, const char *name,
                                    int type, int required, const wl_cbor **out,
                                    const char *what);
/* The content of a tag-24 item (bstr): *inner / *inner_len, or a
 * WALLET_ERR_MDOC_FORMAT naming `what`. */
WL_HIDDEN wallet_err wl_mdoc_tag24(wallet_ctx *ctx, const wl_cbor *node, const uint8_t **inner,
                                   size_t *inner_len, const char *what);
/* Append #6.24(bstr(content)) with a preferred head. */
WL_HIDDEN int wl_mdoc_put_tag24(wl_buf *b, const uint8_t *content, size_t len);
/* A text node as a new C string (NULL on allocation failure or an embedded
 * NUL). */
WL_HIDDEN char *wl_mdoc_text_dup(const wl_cbor *text);

/* ---- tdate / full-date (tdate.c) --------------------------------------- */

/* RFC 3339 date-time (any offset, optional fraction, which is truncated)
 * to seconds since the epoch. 0 on success. */
WL_HIDDEN int wl_mdoc_parse_datetime(const char *s, size_t n, int64_t *out);
/* RFC 3339 full-date "YYYY-MM-DD" to days since the epoch. 0 on success. */
WL_HIDDEN int wl_mdoc_parse_fulldate(const char *s, size_t n, int64_t *days);
/* "YYYY-MM-DDTHH:MM:SSZ" (20 characters and a NUL) for t in years 0..9999. */
WL_HIDDEN int wl_mdoc_format_datetime(char out[21], int64_t t);
/* A tdate node (tag 0 over text; ISO/IEC 18013-5 §7.2.1) as seconds. */
WL_HIDDEN wallet_err wl_mdoc_get_tdate(wallet_ctx *ctx, const wl_cbor *node, int64_t *out,
                                       const char *what);
/* Append tag 0 + the text of t. */
WL_HIDDEN int wl_mdoc_put_tdate(wl_buf *b, int64_t t);

/* ---- SessionTranscript (transcript.c) ---------------------------------- */

/* A SessionTranscript given as array or as tag-24 SessionTranscriptBytes:
 * the array bytes (embedded in DeviceAuthentication / ReaderAuthentication)
 * and the tagged bytes (hashed for the HKDF salt), both as received where
 * received, the missing one built with a preferred head. */
typedef struct wl_mdoc_st {
    const uint8_t *array;
    size_t array_len;
    const uint8_t *tagged;
    size_t tagged_len;
    uint8_t *owned; /* the one built here */
} wl_mdoc_st;

WL_HIDDEN wallet_err wl_mdoc_st_init(wallet_ctx *ctx, wl_mdoc_st *st, const uint8_t *in,
                                     size_t len);
WL_HIDDEN void wl_mdoc_st_clear(wl_mdoc_st *st);
/* Only the shape (for wallet_policy_set_session_transcript()). */
WL_HIDDEN wallet_err wl_mdoc_transcript_check(wallet_ctx *ctx, const uint8_t *in, size_t len);
/* SessionTranscript from the three parts, each appended raw (tag-24 forms
 * of DeviceEngagement and EReaderKey as given). */
WL_HIDDEN wallet_err wl_mdoc_transcript_build(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                              const uint8_t *de_tagged, size_t de_len,
                                              const uint8_t *erk_tagged, size_t erk_len,
                                              const uint8_t *handover, size_t handover_len);

/* ---- COSE_Sign1 over decoded nodes (cose_view.c) ----------------------- */

#define WL_MDOC_MAX_CHAIN 8

typedef struct wl_mdoc_sign1 {
    const wl_cbor *prot_bstr, *unprot, *payload, *sig;
    wl_cbor_doc *prot_doc;
    const wl_cbor *prot;
    wallet_alg alg;
    int64_t alg_id;
    const uint8_t *x5[WL_MDOC_MAX_CHAIN];
    size_t x5_len[WL_MDOC_MAX_CHAIN];
    size_t n_x5;
} wl_mdoc_sign1;

/* Parse the 4-element array `node` (untagged or tag 18): header rules of
 * RFC 9052 §3 and x5chain (label 33, either bucket). */
WL_HIDDEN wallet_err wl_mdoc_sign1_parse(wallet_ctx *ctx, wl_mdoc_sign1 *s, const wl_cbor *node,
                                         const char *what);
WL_HIDDEN void wl_mdoc_sign1_clear(wl_mdoc_sign1 *s);
/* Verify over Sig_structure with the payload (or `detached` when the
 * payload is nil). */
WL_HIDDEN wallet_err wl_mdoc_sign1_verify(wallet_ctx *ctx, const wl_mdoc_sign1 *s,
                                          const wallet_key *key, wallet_algset algs,
                                          const uint8_t *detached, size_t detached_len);
/* Chain the x5chain to the trust set's roots or directly trusted signers at
 * the context's time, then the Annex B end-entity checks (keyUsage
 * digitalSignature and EKU `eku` when those extensions are present). On
 * success *leaf is the leaf certificate and *key its public key. */
WL_HIDDEN wallet_err wl_mdoc_sign1_chain(wallet_ctx *ctx, const wl_mdoc_sign1 *s,
                                         const wallet_trust *t, const char *eku,
                                         wallet_cert **leaf, wallet_key **key);

/* The cache of verified chains (chain_cache.c). */
WL_HIDDEN wallet_err wl_mdoc_chain_key(wallet_ctx *ctx, uint8_t key[32], const wl_mdoc_sign1 *s,
                                       const char *eku);
WL_HIDDEN int wl_mdoc_chain_lookup(wallet_ctx *ctx, const uint8_t key[32], const wallet_trust *t,
                                   wallet_cert **leaf, wallet_key **pub);
WL_HIDDEN void wl_mdoc_chain_store(wallet_ctx *ctx, const uint8_t key[32], const wallet_trust *t,
                                   const wallet_cert *leaf, const wallet_key *pub,
                                   int64_t not_before, int64_t not_after);

/* The Annex B end-entity checks on a signer certificate (see cose_view.c). */
WL_HIDDEN wallet_err wl_mdoc_signer_profile(wallet_ctx *ctx, const wallet_cert *cert,
                                            const char *eku, int directly_trusted);

/* ---- MSO (mso.c) --------------------------------------------------------- */

typedef struct wl_mdoc_mso {
    wl_cbor_doc *doc;
    const wl_cbor *map;
    wl_hash_alg hash;
    const wl_cbor *value_digests;
    const wl_cbor *device_key_node;
    const wl_cbor *key_authorizations; /* NULL when absent */
    const wl_cbor *doctype;            /* text */
    int64_t signed_at, valid_from, valid_until, expected_update;
    const wl_cbor *status_uri; /* text or NULL */
    int64_t status_idx;        /* -1 when absent */
} wl_mdoc_mso;

/* Decode MobileSecurityObjectBytes (#6.24(bstr .cbor MSO)) = the issuerAuth
 * payload, and check its structure. */
WL_HIDDEN wallet_err wl_mdoc_mso_parse(wallet_ctx *ctx, wl_mdoc_mso *m, const uint8_t *payload,
                                       size_t len);
WL_HIDDEN void wl_mdoc_mso_clear(wl_mdoc_mso *m);
/* The digest for (namespace text node, digestID) or NULL. */
WL_HIDDEN const wl_cbor *wl_mdoc_mso_digest(const wl_mdoc_mso *m, const wl_cbor *ns,
                                            uint64_t digest_id);

/* ---- IssuerSigned (issuer_signed.c) --------------------------------------- */

typedef struct wl_mdoc_item_view {
    const wl_cbor *ns;    /* namespace text node */
    const wl_cbor *bytes; /* the tag-24 node: raw = IssuerSignedItemBytes as received */
    wl_cbor_doc *doc;
    uint64_t digest_id;
    const wl_cbor *random, *element, *value;
} wl_mdoc_item_view;

typedef struct wl_mdoc_issuer_signed {
    const wl_cbor *name_spaces; /* NULL when absent */
    wl_mdoc_sign1 auth;
    wl_mdoc_item_view *items;
    size_t n_items;
    wl_mdoc_mso mso; /* decoded by wl_mdoc_issuer_verify or wl_mdoc_issuer_signed_parse_mso */
} wl_mdoc_issuer_signed;

WL_HIDDEN wallet_err wl_mdoc_issuer_signed_parse(wallet_ctx *ctx, wl_mdoc_issuer_signed *is,
                                                 const wl_cbor *node);
/* Decode the MSO without verifying anything (holder side). */
WL_HIDDEN wallet_err wl_mdoc_issuer_signed_parse_mso(wallet_ctx *ctx, wl_mdoc_issuer_signed *is);
WL_HIDDEN void wl_mdoc_issuer_signed_clear(wl_mdoc_issuer_signed *is);

/* The MSO deviceKey (a COSE_Key map) as a key; a text kid is ignored. */
WL_HIDDEN wallet_err wl_mdoc_device_key(wallet_ctx *ctx, wallet_key **out, const wl_cbor *map);

/* A verified document (what wallet_mdoc_verified holds per document). */
typedef struct wl_mdoc_doc {
    char *doctype;
    char *issuer;
    char *claims;
    char *device_claims;
    char *errors;
    int64_t signed_at, valid_from, valid_until, expected_update;
    char *status_uri;
    int64_t status_idx;
    wallet_key *device_key;
    wallet_mdoc_device_auth auth;
} wl_mdoc_doc;

WL_HIDDEN void wl_mdoc_doc_clear(wl_mdoc_doc *d);

/* Issuer data authentication (§9.3.1) of a parsed IssuerSigned: chain,
 * signature, MSO, docType (`doctype` node of the Document, may be NULL;
 * and the policy's), validity, digests. Fills doctype, issuer, claims,
 * validity, status and device_key of *d; keeps the decoded MSO in is. */
WL_HIDDEN wallet_err wl_mdoc_issuer_verify(wallet_ctx *ctx, wl_mdoc_doc *d,
                                           wl_mdoc_issuer_signed *is, const wallet_trust *t,
                                           const struct wallet_policy *policy,
                                           const wl_cbor *doctype);

/* ---- Verification entry (verify.c) ------------------------------------------ */

/* Verify CBOR as a DeviceResponse (want 0), an IssuerSigned (1), or
 * whichever it is (2: an IssuerSigned has "issuerAuth"). Shared by the
 * public functions and the wallet_verify() format. */
WL_HIDDEN wallet_err wl_mdoc_verify_any(wallet_ctx *ctx, wallet_mdoc_verified **out,
                                        const wallet_trust *t,
                                        const struct wallet_policy *policy,
                                        const uint8_t *cbor, size_t len, int want);

/* ---- Elements (elements.c) ---------------------------------------------- */

/* One claims JSON value → CBOR with the $date / $tdate / $bytes rules. */
WL_HIDDEN wallet_err wl_mdoc_json_value_to_cbor(wallet_ctx *ctx, wl_buf *b,
                                                const struct cJSON *v, int depth);

/* ---- Device authentication (device_auth.c) --------------------------------- */

/* DeviceAuthenticationBytes = #6.24(bstr .cbor ["DeviceAuthentication",
 * SessionTranscript, DocType, DeviceNameSpacesBytes]). */
WL_HIDDEN wallet_err wl_mdoc_device_auth_bytes(wallet_ctx *ctx, wl_buf *out,
                                               const wl_mdoc_st *st, const uint8_t *doctype,
                                               size_t doctype_len, const uint8_t *dns_bytes,
                                               size_t dns_len);
/* EMacKey (§9.1.3.5) = HKDF-SHA256(ECDH(priv, pub), SHA-256(SessionTranscriptBytes),
 * "EMacKey", 32). */
WL_HIDDEN wallet_err wl_mdoc_emac_key(wallet_ctx *ctx, uint8_t out[32], const wallet_key *priv,
                                      const wallet_key *pub, const wl_mdoc_st *st);
/* Verify DeviceSigned (the map node) of a document. */
WL_HIDDEN wallet_err wl_mdoc_device_auth_verify(wallet_ctx *ctx, wl_mdoc_doc *d,
                                                const wl_cbor *device_signed,
                                                const wl_mdoc_mso *mso, const wl_mdoc_st *st,
                                                const wallet_key *reader_key,
                                                wallet_algset algs);
/* Append the DeviceSigned map (empty device namespaces). */
WL_HIDDEN wallet_err wl_mdoc_device_signed_append(wallet_ctx *ctx, wl_buf *out,
                                                  const wl_mdoc_st *st, const uint8_t *doctype,
                                                  size_t doctype_len,
                                                  const wallet_key *device_key, wallet_alg alg,
                                                  const wallet_key *reader_key);

/* ---- Reader authentication (reader_auth.c) --------------------------------- */

WL_HIDDEN wallet_err wl_mdoc_reader_auth_sign(wallet_ctx *ctx, wl_buf *out,
                                              const wallet_key *reader_key,
                                              const wallet_cert *const *chain, size_t n_chain,
                                              const wl_mdoc_st *st,
                                              const uint8_t *items_request_bytes, size_t len);
WL_HIDDEN wallet_err wl_mdoc_reader_auth_verify(wallet_ctx *ctx, char **subject,
                                                const wl_cbor *reader_auth,
                                                const wallet_trust *t, wallet_algset algs,
                                                const wl_mdoc_st *st,
                                                const uint8_t *items_request_bytes, size_t len);

#endif /* WL_MDOC_INT_H */
