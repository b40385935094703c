/*
 * Unit tests of the issuer service's own parsers and checks: the document
 * types data file shipped in issuer-service/data/types.json, the claims
 * check applied to agencies' citizen records (12-digit national ID, dates,
 * required and unknown claims), the credential configuration metadata
 * (OpenID4VCI 1.0 §12.2.4, Appendix A), and the form-body reader of the
 * token endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "issuer.h"

static int failures, passes;
#define CHECK(name, cond)                                                                   \
    do {                                                                                    \
        if (cond) {                                                                         \
            passes++;                                                                       \
        } else {                                                                            \
            failures++;                                                                     \
            fprintf(stderr, "FAIL %s (%s:%d): %s\n", name, __FILE__, __LINE__, #cond);      \
        }                                                                                   \
    } while (0)

static int claims_ok(const iss_type *t, const char *json)
{
    cJSON *c = cJSON_Parse(json);
    char err[256] = "";
    int r = iss_type_check_claims(t, c, err, sizeof(err));
    cJSON_Delete(c);
    return r;
}

static int types_fail(const char *json)
{
    iss_types t;
    char err[256] = "";
    int r = iss_types_parse(&t, json, strlen(json), "test", err, sizeof(err));
    if (r == 0)
        iss_types_free(&t);
    return r != 0 && err[0];
}

static char *form(const char *body, const char *name, int *dup)
{
    return iss_form_get(body, strlen(body), name, dup);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_issuer_unit TYPES_JSON\n");
        return 2;
    }
    iss_types types;
    char err[256];
    CHECK("shipped_types_load", iss_types_load(&types, argv[1], err, sizeof(err)) == 0);
    CHECK("shipped_types_count", types.n == 5);
    const iss_type *cid = iss_types_find(&types, "citizen_identity");
    const iss_type *hb = iss_types_find(&types, "health_book");
    const iss_type *mdl = iss_types_find(&types, "mdl");
    CHECK("shipped_types_ids", cid && hb && mdl && iss_types_find(&types, "education_degree") &&
                                   iss_types_find(&types, "residence_confirmation"));
    CHECK("mdl_doctype", mdl && mdl->format == ISS_FMT_MDOC &&
                             strcmp(mdl->doctype, "org.iso.18013.5.1.mDL") == 0 &&
                             strcmp(mdl->name_space, "org.iso.18013.5.1") == 0);
    CHECK("unknown_type_not_found", iss_types_find(&types, "pilot_licence") == NULL);

    /* claims: positive */
    const char *good = "{\"national_id\":\"001099012345\",\"family_name\":\"Nguyễn\","
                       "\"given_name\":\"An\",\"birthdate\":\"1990-01-02\"}";
    CHECK("claims_valid", claims_ok(cid, good) == 0);
    CHECK("claims_valid_with_object", claims_ok(cid, "{\"national_id\":\"001099012345\","
                                                     "\"family_name\":\"N\",\"given_name\":\"A\","
                                                     "\"birthdate\":\"1990-01-02\",\"address\":"
                                                     "{\"locality\":\"Hà Nội\"}}") == 0);
    /* claims: negative, each for one defect */
    CHECK("claims_national_id_11_digits",
          claims_ok(cid, "{\"national_id\":\"00109901234\",\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\"}") == -1);
    CHECK("claims_national_id_13_digits",
          claims_ok(cid, "{\"national_id\":\"0010990123456\",\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\"}") == -1);
    CHECK("claims_national_id_letters",
          claims_ok(cid, "{\"national_id\":\"00109901234a\",\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\"}") == -1);
    CHECK("claims_national_id_number",
          claims_ok(cid, "{\"national_id\":1099012345,\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\"}") == -1);
    CHECK("claims_bad_month", claims_ok(cid, "{\"national_id\":\"001099012345\",\"family_name\":"
                                             "\"N\",\"given_name\":\"A\",\"birthdate\":"
                                             "\"1990-13-02\"}") == -1);
    CHECK("claims_date_not_iso", claims_ok(cid, "{\"national_id\":\"001099012345\","
                                                "\"family_name\":\"N\",\"given_name\":\"A\","
                                                "\"birthdate\":\"02/01/1990\"}") == -1);
    CHECK("claims_required_missing",
          claims_ok(cid, "{\"national_id\":\"001099012345\",\"family_name\":\"N\","
                         "\"given_name\":\"A\"}") == -1);
    CHECK("claims_unknown_claim",
          claims_ok(cid, "{\"national_id\":\"001099012345\",\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\",\"religion\":\"x\"}") == -1);
    CHECK("claims_empty_string",
          claims_ok(cid, "{\"national_id\":\"001099012345\",\"family_name\":\"\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\"}") == -1);
    CHECK("claims_object_expected",
          claims_ok(cid, "{\"national_id\":\"001099012345\",\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\",\"address\":\"x\"}") == -1);
    CHECK("claims_boolean_expected",
          claims_ok(cid, "{\"national_id\":\"001099012345\",\"family_name\":\"N\",\"given_name\":"
                         "\"A\",\"birthdate\":\"1990-01-02\",\"age_over_18\":1}") == -1);
    CHECK("claims_not_an_object", claims_ok(cid, "[1]") == -1);

    /* metadata */
    static const char *const algs[] = {"ES256", "EdDSA"};
    cJSON *m = iss_type_metadata(hb, algs, 2, "ES256", -7);
    char *mt = cJSON_PrintUnformatted(m);
    CHECK("metadata_sdjwt_format", strstr(mt, "\"format\":\"dc+sd-jwt\"") != NULL);
    CHECK("metadata_sdjwt_vct", strstr(mt, "\"vct\":\"urn:vn:hanoi:health_book:1\"") != NULL);
    CHECK("metadata_proof_algs", strstr(mt, "\"proof_signing_alg_values_supported\":[\"ES256\","
                                            "\"EdDSA\"]") != NULL);
    CHECK("metadata_display_vi_en", strstr(mt, "\"locale\":\"vi\"") && strstr(mt, "\"locale\":\"en\""));
    CHECK("metadata_claim_path", strstr(mt, "{\"path\":[\"national_id\"],\"mandatory\":true") != NULL);
    free(mt);
    cJSON_Delete(m);
    m = iss_type_metadata(mdl, algs, 1, "ES256", -7);
    mt = cJSON_PrintUnformatted(m);
    CHECK("metadata_mdoc_cose_alg", strstr(mt, "\"credential_signing_alg_values_supported\":[-7]") != NULL);
    CHECK("metadata_mdoc_claim_path", strstr(mt, "\"path\":[\"org.iso.18013.5.1\",\"family_name\"]") != NULL);
    CHECK("metadata_mdoc_binding", strstr(mt, "[\"cose_key\"]") != NULL);
    free(mt);
    cJSON_Delete(m);
    iss_types_free(&types);

    /* the types file: negative */
    CHECK("types_not_json", types_fail("{"));
    CHECK("types_empty_list", types_fail("{\"types\":[]}"));
    CHECK("types_bad_format", types_fail("{\"types\":[{\"id\":\"a\",\"format\":\"jwt_vc_json\"}]}"));
    CHECK("types_sdjwt_without_vct",
          types_fail("{\"types\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"display\":{\"vi\":"
                     "{\"name\":\"x\"},\"en\":{\"name\":\"x\"}},\"claims\":[{\"name\":\"c\","
                     "\"display\":{\"vi\":\"c\",\"en\":\"c\"}}]}]}"));
    const char *ok1 = "{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"vct\":\"v\",\"display\":{\"vi\":"
                      "{\"name\":\"x\"},\"en\":{\"name\":\"x\"}},\"claims\":[{\"name\":\"c\","
                      "\"display\":{\"vi\":\"c\",\"en\":\"c\"}}]}";
    char buf[1024];
    snprintf(buf, sizeof(buf), "{\"types\":[%s]}", ok1);
    CHECK("types_minimal_ok", !types_fail(buf));
    snprintf(buf, sizeof(buf), "{\"types\":[%s,%s]}", ok1, ok1);
    CHECK("types_duplicate_id", types_fail(buf));
    CHECK("types_claim_named_iss",
          types_fail("{\"types\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"vct\":\"v\",\"display\":"
                     "{\"vi\":{\"name\":\"x\"},\"en\":{\"name\":\"x\"}},\"claims\":[{\"name\":\"iss\","
                     "\"display\":{\"vi\":\"c\",\"en\":\"c\"}}]}]}"));
    CHECK("types_claim_without_label",
          types_fail("{\"types\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"vct\":\"v\",\"display\":"
                     "{\"vi\":{\"name\":\"x\"},\"en\":{\"name\":\"x\"}},\"claims\":[{\"name\":\"c\","
                     "\"display\":{\"vi\":\"c\"}}]}]}"));
    CHECK("types_unknown_claim_type",
          types_fail("{\"types\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"vct\":\"v\",\"display\":"
                     "{\"vi\":{\"name\":\"x\"},\"en\":{\"name\":\"x\"}},\"claims\":[{\"name\":\"c\","
                     "\"type\":\"blob\",\"display\":{\"vi\":\"c\",\"en\":\"c\"}}]}]}"));
    CHECK("types_missing_vi_name",
          types_fail("{\"types\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"vct\":\"v\",\"display\":"
                     "{\"en\":{\"name\":\"x\"}},\"claims\":[{\"name\":\"c\",\"display\":{\"vi\":\"c\","
                     "\"en\":\"c\"}}]}]}"));

    /* form bodies */
    int dup = 0;
    char *v = form("grant_type=urn%3Aietf%3Aparams&tx_code=12+34", "grant_type", &dup);
    CHECK("form_percent_decoded", v && strcmp(v, "urn:ietf:params") == 0 && dup == 0);
    free(v);
    v = form("grant_type=urn%3Aietf%3Aparams&tx_code=12+34", "tx_code", &dup);
    CHECK("form_plus_is_space", v && strcmp(v, "12 34") == 0);
    free(v);
    v = form("a=1&a=2", "a", &dup);
    CHECK("form_repeated_parameter", v == NULL && dup == 1);
    free(v);
    v = form("a=1", "b", &dup);
    CHECK("form_absent", v == NULL && dup == 0);
    free(v);
    v = form("a=%zz", "a", &dup);
    CHECK("form_bad_escape_matches_nothing", v && strcmp(v, "\x01") == 0);
    free(v);
    v = form("a=%00", "a", &dup);
    CHECK("form_nul_escape_refused", v && strcmp(v, "\x01") == 0);
    free(v);
    v = form("a", "a", &dup);
    CHECK("form_name_without_value", v && v[0] == '\0');
    free(v);

    /* small helpers */
    char h[65];
    CHECK("sha256_hex", iss_sha256_hex(h, "abc", 3) == 0 &&
                            strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f"
                                      "20015ad") == 0);
    char *u = iss_urlencode("http://127.0.0.1:8/credential-offer/a_b");
    CHECK("urlencode", u && strcmp(u, "http%3A%2F%2F127.0.0.1%3A8%2Fcredential-offer%2Fa_b") == 0);
    free(u);
    uint8_t pngsig[3] = {0xfb, 0xff, 0xfe};
    char *b = iss_b64std(pngsig, 3);
    CHECK("b64std", b && strcmp(b, "+//+") == 0);
    free(b);

    printf("test_issuer_unit: %d passed, %d failed\n", passes, failures);
    return failures ? 1 : 0;
}
