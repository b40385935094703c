/*
 * verifier-service's own parsers (verifier-service/src/vs_util.c): the
 * application/x-www-form-urlencoded body of OpenID4VP responses
 * (vs_form_get) and the claim filter that keeps only the claims a DCQL
 * query asked for (vs_claims_filter).
 *
 * Input: first byte selects the parser.
 *   0: the rest is a form body; "vp_token", "state", "response", "error"
 *      are looked up. Properties: a value found decodes to at most the body
 *      length; a repeated name is reported, never returned.
 *   1: "<claims JSON>\0<paths JSON>". Property: the filtered claims are a
 *      JSON object no longer (printed) than the claims themselves.
 */
#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "vs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    if (data[0] % 2 == 0) {
        static const char *const names[] = {"vp_token", "state", "response", "error"};
        for (size_t i = 0; i < 4; i++) {
            int dup = 0, bad = 0;
            char *v = vs_form_get(body, len, names[i], &dup, &bad);
            if (v) {
                FZ_CHECK(!dup && !bad);
                FZ_CHECK(strlen(v) <= len);
                free(v);
            }
        }
        return 0;
    }
    const char *nul = memchr(body, 0, len);
    if (!nul)
        return 0;
    cJSON *claims = cJSON_ParseWithLength(body, (size_t)(nul - body));
    cJSON *paths = cJSON_ParseWithLength(nul + 1, len - (size_t)(nul - body) - 1);
    cJSON *out = vs_claims_filter(claims, paths);
    if (out) {
        FZ_CHECK(cJSON_IsObject(out));
        char *a = cJSON_PrintUnformatted(out), *b = cJSON_PrintUnformatted(claims);
        FZ_CHECK(a && b && strlen(a) <= strlen(b));
        cJSON_free(a);
        cJSON_free(b);
    }
    cJSON_Delete(out);
    cJSON_Delete(claims);
    cJSON_Delete(paths);
    return 0;
}
