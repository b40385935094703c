/*
 * The "mso_mdoc" format of wallet_verify(): an ISO/IEC 18013-5
 * DeviceResponse (raw CBOR, hex or base64url — wallet_verify() has already
 * turned text into bytes), or an IssuerSigned on its own (issuer data only,
 * holder_auth "none"). The wallet_result gets the claims of every document
 * {"namespace": {"element": value}}, and type, issuer, validity, status
 * reference and holder key of the first.
 */
#include <cjson/cJSON.h>

#include "../core/json.h"
#include "../verify/formats.h"
#include "mdoc_int.h"

/* A CBOR text string's encoding (head + bytes) for names up to 23 bytes. */
static int wl_has_key(const uint8_t *p, size_t n, const char *name)
{
    uint8_t key[24];
    size_t len = strlen(name);
    key[0] = (uint8_t)(0x60 | len);
    memcpy(key + 1, name, len);
    return memmem(p, n, key, len + 1) != NULL;
}

static int wl_mdoc_detect(const wl_input *in)
{
    if (!in->bin || in->bin_len < 8 || (in->bin[0] & 0xE0) != 0xA0)
        return 0; /* not a map */
    const uint8_t *p = in->bin;
    size_t n = in->bin_len;
    /* DeviceResponse: "version" and "documents"/"documentErrors"/"status";
     * IssuerSigned: "issuerAuth". Cheap: the verifier decodes properly. */
    if (wl_has_key(p, n, "issuerAuth"))
        return 1;
    return wl_has_key(p, n, "version") &&
           (wl_has_key(p, n, "documents") || wl_has_key(p, n, "documentErrors") ||
            wl_has_key(p, n, "status"));
}

/* Merge every document's claims into one object (namespaces merged; an
 * element already present keeps the first document's value). */
static char *wl_merge_claims(const wallet_mdoc_verified *v)
{
    size_t n = wallet_mdoc_verified_count(v);
    if (n == 1)
        return wl_strdup(wallet_mdoc_verified_claims(v, 0));
    cJSON *all = cJSON_CreateObject();
    for (size_t i = 0; all && i < n; i++) {
        cJSON *doc = NULL;
        const char *c = wallet_mdoc_verified_claims(v, i);
        if (wl_json_parse(NULL, &doc, c, strlen(c)) != WALLET_OK) {
            cJSON_Delete(all);
            return NULL;
        }
        for (cJSON *ns = doc->child; ns; ns = ns->next) {
            cJSON *dst = cJSON_GetObjectItemCaseSensitive(all, ns->string);
            if (!dst && !(dst = cJSON_AddObjectToObject(all, ns->string)))
                break;
            for (cJSON *el = ns->child; el; el = el->next)
                if (!cJSON_GetObjectItemCaseSensitive(dst, el->string))
                    cJSON_AddItemToObject(dst, el->string, cJSON_Duplicate(el, 1));
        }
        cJSON_Delete(doc);
    }
    char *s = all ? wl_json_print(all) : NULL;
    cJSON_Delete(all);
    return s;
}

static wallet_err wl_mdoc_verify_fmt(wallet_ctx *ctx, const wallet_trust *trust,
                                     const wallet_policy *policy, const wl_input *in,
                                     wallet_result *r)
{
    wallet_mdoc_verified *v = NULL;
    wallet_err e = wl_mdoc_verify_any(ctx, &v, trust, policy, in->bin, in->bin_len, 2);
    if (e)
        return e;
    static const char *const auth_names[] = {"none", "device_signature", "device_mac"};
    wallet_mdoc_device_auth auth = wallet_mdoc_verified_device_auth(v, 0);
    r->holder_auth = auth_names[auth <= WALLET_MDOC_DEVICE_AUTH_MAC ? auth : 0];
    r->iat = wallet_mdoc_verified_signed(v, 0);
    r->nbf = wallet_mdoc_verified_valid_from(v, 0);
    r->exp = wallet_mdoc_verified_valid_until(v, 0);
    r->status_idx = wallet_mdoc_verified_status_index(v, 0);
    const char *uri = wallet_mdoc_verified_status_uri(v, 0);
    r->holder_key = wl_key_ref(wallet_mdoc_verified_device_key(v, 0));
    if (!(r->type = wl_strdup(wallet_mdoc_verified_doctype(v, 0))) ||
        !(r->issuer = wl_strdup(wallet_mdoc_verified_issuer(v, 0))) ||
        (uri && !(r->status_uri = wl_strdup(uri))) || !(r->claims_json = wl_merge_claims(v)))
        e = wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    wallet_mdoc_verified_free(v);
    return e;
}

const wl_format wl_format_mso_mdoc = {"mso_mdoc", wl_mdoc_detect, wl_mdoc_verify_fmt};
