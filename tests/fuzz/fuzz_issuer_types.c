/*
 * Fuzz target: the issuer's document types file (issuer-service/src/types.c)
 * and the claims check applied to an agency's citizen record.
 *
 * The input is split at the first NUL: the types file before it, a claims
 * object after it. Properties: the types either load (every type has an id,
 * a format with its vct or doctype+namespace, vi/en names, 1..128 claims
 * with labels) or fail with a message; the metadata of every type is a JSON
 * object with "format"; the claims check answers 0 or -1, and -1 always with
 * a message.
 */
#include "fuzz_common.h"
#include "issuer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t tlen = nul ? (size_t)(nul - data) : size;
    iss_types types;
    char err[256] = "";
    if (iss_types_parse(&types, (const char *)data, tlen, "fuzz", err, sizeof(err)) != 0) {
        FZ_CHECK(err[0] != '\0');
        FZ_CHECK(types.n == 0 && types.v == NULL);
        return 0;
    }
    FZ_CHECK(types.n >= 1 && types.n <= 64);
    cJSON *claims = nul ? cJSON_ParseWithLength((const char *)nul + 1, size - tlen - 1) : NULL;
    static const char *const algs[] = {"ES256"};
    for (size_t i = 0; i < types.n; i++) {
        const iss_type *t = &types.v[i];
        FZ_CHECK(t->id && t->name_vi && t->name_en && t->nclaims >= 1 && t->nclaims <= 128);
        FZ_CHECK(t->format == ISS_FMT_SDJWT ? t->vct != NULL
                                            : (t->doctype != NULL && t->name_space != NULL));
        FZ_CHECK(iss_types_find(&types, t->id) == t);
        cJSON *m = iss_type_metadata(t, algs, 1, "ES256", -7);
        FZ_CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m, "format")));
        cJSON_Delete(m);
        char cerr[256] = "";
        int r = iss_type_check_claims(t, claims, cerr, sizeof(cerr));
        FZ_CHECK(r == 0 || (r == -1 && cerr[0] != '\0'));
    }
    cJSON_Delete(claims);
    iss_types_free(&types);
    return 0;
}
