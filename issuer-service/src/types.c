/*
 * Document types: the data file the service loads (issuer-service/data/
 * types.json by default). Each type is one OpenID4VCI credential
 * configuration (OpenID4VCI 1.0 §12.2.4): its id, format (dc+sd-jwt with a
 * vct, or mso_mdoc with a doctype and namespace), display names in vi and
 * en, and its claims with their kind, whether they are required, and their
 * labels. Every claim is selectively disclosable (SD-JWT: every claim is a
 * Disclosure; mdoc: every element is an IssuerSignedItem).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "issuer.h"

static const struct {
    const char *name;
    iss_claim_kind kind;
} kinds[] = {{"string", ISS_CLAIM_STRING},   {"date", ISS_CLAIM_DATE},
             {"number", ISS_CLAIM_NUMBER},   {"boolean", ISS_CLAIM_BOOLEAN},
             {"national_id", ISS_CLAIM_NATIONAL_ID}, {"object", ISS_CLAIM_OBJECT},
             {"array", ISS_CLAIM_ARRAY}};

const char *iss_format_name(iss_format f)
{
    return f == ISS_FMT_MDOC ? "mso_mdoc" : "dc+sd-jwt";
}

static char *str_member(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring[0] ? iss_strdup(v->valuestring) : NULL;
}

static int ident_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              (c >= 'A' && c <= 'Z') || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

static void type_free(iss_type *t)
{
    free(t->id);
    free(t->vct);
    free(t->doctype);
    free(t->name_space);
    free(t->name_vi);
    free(t->name_en);
    free(t->desc_vi);
    free(t->desc_en);
    free(t->background);
    for (size_t i = 0; i < t->nclaims; i++) {
        free(t->claims[i].name);
        free(t->claims[i].label_vi);
        free(t->claims[i].label_en);
    }
    free(t->claims);
}

void iss_types_free(iss_types *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        type_free(&t->v[i]);
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

static int load_type(iss_type *t, const cJSON *o, char *err, size_t errcap)
{
    memset(t, 0, sizeof(*t));
    t->id = str_member(o, "id");
    if (!t->id || !ident_ok(t->id, 64)) {
        snprintf(err, errcap, "a type without a valid \"id\" ([A-Za-z0-9._-]{1,64})");
        return -1;
    }
    char *fmt = str_member(o, "format");
    if (fmt && strcmp(fmt, "dc+sd-jwt") == 0) {
        t->format = ISS_FMT_SDJWT;
    } else if (fmt && strcmp(fmt, "mso_mdoc") == 0) {
        t->format = ISS_FMT_MDOC;
    } else {
        snprintf(err, errcap, "type %s: \"format\" must be \"dc+sd-jwt\" or \"mso_mdoc\"", t->id);
        free(fmt);
        return -1;
    }
    free(fmt);
    t->vct = str_member(o, "vct");
    t->doctype = str_member(o, "doctype");
    t->name_space = str_member(o, "namespace");
    if (t->format == ISS_FMT_SDJWT && !t->vct) {
        snprintf(err, errcap, "type %s: dc+sd-jwt needs \"vct\"", t->id);
        return -1;
    }
    if (t->format == ISS_FMT_MDOC && (!t->doctype || !t->name_space)) {
        snprintf(err, errcap, "type %s: mso_mdoc needs \"doctype\" and \"namespace\"", t->id);
        return -1;
    }
    const cJSON *vd = cJSON_GetObjectItemCaseSensitive(o, "validity_days");
    t->validity_days = 365;
    if (vd) {
        if (!cJSON_IsNumber(vd) || vd->valuedouble < 1 || vd->valuedouble > 36500) {
            snprintf(err, errcap, "type %s: \"validity_days\" must be in [1, 36500]", t->id);
            return -1;
        }
        t->validity_days = (int64_t)vd->valuedouble;
    }
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "display");
    const cJSON *vi = cJSON_GetObjectItemCaseSensitive(d, "vi");
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(d, "en");
    t->name_vi = str_member(vi, "name");
    t->name_en = str_member(en, "name");
    t->desc_vi = str_member(vi, "description");
    t->desc_en = str_member(en, "description");
    t->background = str_member(d, "background_color");
    if (!t->name_vi || !t->name_en) {
        snprintf(err, errcap, "type %s: display.vi.name and display.en.name are required", t->id);
        return -1;
    }
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(o, "claims");
    int n = cJSON_GetArraySize(cl);
    if (!cJSON_IsArray(cl) || n < 1 || n > 128) {
        snprintf(err, errcap, "type %s: \"claims\" must be an array of 1 to 128 claims", t->id);
        return -1;
    }
    t->claims = calloc((size_t)n, sizeof(*t->claims));
    if (!t->claims) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, cl)
    {
        iss_claim *k = &t->claims[t->nclaims++];
        k->name = str_member(c, "name");
        if (!k->name || !ident_ok(k->name, 64) || strcmp(k->name, "iss") == 0 ||
            strcmp(k->name, "vct") == 0 || strcmp(k->name, "cnf") == 0 ||
            strcmp(k->name, "status") == 0 || strcmp(k->name, "exp") == 0 ||
            strcmp(k->name, "iat") == 0 || strcmp(k->name, "nbf") == 0) {
            snprintf(err, errcap, "type %s: claim %zu: a valid \"name\" that is not a "
                     "registered JWT claim is required", t->id, t->nclaims);
            return -1;
        }
        for (size_t i = 0; i + 1 < t->nclaims; i++)
            if (strcmp(t->claims[i].name, k->name) == 0) {
                snprintf(err, errcap, "type %s: claim %s listed twice", t->id, k->name);
                return -1;
            }
        const cJSON *ty = cJSON_GetObjectItemCaseSensitive(c, "type");
        size_t ki = 0;
        if (ty) {
            for (ki = 0; ki < sizeof(kinds) / sizeof(kinds[0]); ki++)
                if (cJSON_IsString(ty) && strcmp(ty->valuestring, kinds[ki].name) == 0)
                    break;
            if (ki == sizeof(kinds) / sizeof(kinds[0])) {
                snprintf(err, errcap, "type %s: claim %s: unknown \"type\"", t->id, k->name);
                return -1;
            }
        }
        k->kind = kinds[ki].kind;
        k->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "required"));
        const cJSON *cd = cJSON_GetObjectItemCaseSensitive(c, "display");
        k->label_vi = str_member(cd, "vi");
        k->label_en = str_member(cd, "en");
        if (!k->label_vi || !k->label_en) {
            snprintf(err, errcap, "type %s: claim %s: display.vi and display.en are required",
                     t->id, k->name);
            return -1;
        }
    }
    return 0;
}

int iss_types_parse(iss_types *out, const char *text, size_t len, const char *origin, char *err,
                    size_t errcap)
{
    memset(out, 0, sizeof(*out));
    cJSON *j = cJSON_ParseWithLength(text, len);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "types");
    int count = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || count < 1 || count > 64) {
        cJSON_Delete(j);
        snprintf(err, errcap, "types file %s: expected {\"types\": [1 to 64 types]}", origin);
        return -1;
    }
    out->v = calloc((size_t)count, sizeof(*out->v));
    if (!out->v) {
        cJSON_Delete(j);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    const cJSON *o;
    char sub[256];
    cJSON_ArrayForEach(o, arr)
    {
        iss_type *t = &out->v[out->n++];
        int bad = load_type(t, o, sub, sizeof(sub)) != 0;
        if (!bad && iss_types_find(out, t->id) != t) {
            snprintf(sub, sizeof(sub), "type %s listed twice", t->id);
            bad = 1;
        }
        if (bad) {
            snprintf(err, errcap, "types file %s: %s", origin, sub);
            cJSON_Delete(j);
            iss_types_free(out);
            return -1;
        }
    }
    cJSON_Delete(j);
    return 0;
}

int iss_types_load(iss_types *out, const char *path, char *err, size_t errcap)
{
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "types file %s: cannot open", path);
        return -1;
    }
    char *buf = malloc(1024 * 1024 + 1);
    size_t n = buf ? fread(buf, 1, 1024 * 1024 + 1, f) : 0;
    fclose(f);
    if (!buf || n > 1024 * 1024) {
        free(buf);
        snprintf(err, errcap, "types file %s: unreadable or over 1 MiB", path);
        return -1;
    }
    int r = iss_types_parse(out, buf, n, path, err, errcap);
    free(buf);
    return r;
}

const iss_type *iss_types_find(const iss_types *t, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].id && strcmp(t->v[i].id, id) == 0)
            return &t->v[i];
    return NULL;
}

/* YYYY-MM-DD with a plausible month and day (RFC 3339 full-date). */
static int date_ok(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int iss_type_check_claims(const iss_type *t, const cJSON *claims, char *err, size_t errcap)
{
    if (!cJSON_IsObject(claims)) {
        snprintf(err, errcap, "claims must be a JSON object");
        return -1;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, claims)
    {
        const iss_claim *k = NULL;
        for (size_t i = 0; i < t->nclaims; i++)
            if (strcmp(t->claims[i].name, c->string) == 0)
                k = &t->claims[i];
        if (!k) {
            snprintf(err, errcap, "claim not defined for type %s", t->id);
            return -1;
        }
        int ok = 0;
        switch (k->kind) {
        case ISS_CLAIM_STRING:
            ok = cJSON_IsString(c) && c->valuestring[0];
            break;
        case ISS_CLAIM_DATE:
            ok = cJSON_IsString(c) && date_ok(c->valuestring);
            break;
        case ISS_CLAIM_NUMBER:
            ok = cJSON_IsNumber(c);
            break;
        case ISS_CLAIM_BOOLEAN:
            ok = cJSON_IsBool(c);
            break;
        case ISS_CLAIM_NATIONAL_ID:
            ok = cJSON_IsString(c) && strlen(c->valuestring) == 12 &&
                 strspn(c->valuestring, "0123456789") == 12;
            break;
        case ISS_CLAIM_OBJECT:
            ok = cJSON_IsObject(c);
            break;
        case ISS_CLAIM_ARRAY:
            ok = cJSON_IsArray(c);
            break;
        }
        if (!ok) {
            snprintf(err, errcap, "claim %s: not a valid %s", k->name,
                     k->kind == ISS_CLAIM_NATIONAL_ID ? "12-digit national ID number"
                                                      : kinds[k->kind].name);
            return -1;
        }
    }
    for (size_t i = 0; i < t->nclaims; i++)
        if (t->claims[i].required &&
            !cJSON_GetObjectItemCaseSensitive(claims, t->claims[i].name)) {
            snprintf(err, errcap, "required claim %s missing", t->claims[i].name);
            return -1;
        }
    return 0;
}

static cJSON *display_pair(const char *vi, const char *en, const char *desc_vi,
                           const char *desc_en, const char *bg)
{
    cJSON *arr = cJSON_CreateArray();
    const char *names[2] = {vi, en}, *descs[2] = {desc_vi, desc_en}, *loc[2] = {"vi", "en"};
    for (int i = 0; i < 2; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", names[i]);
        cJSON_AddStringToObject(e, "locale", loc[i]);
        if (descs[i])
            cJSON_AddStringToObject(e, "description", descs[i]);
        if (bg)
            cJSON_AddStringToObject(e, "background_color", bg);
        cJSON_AddItemToArray(arr, e);
    }
    return arr;
}

cJSON *iss_type_metadata(const iss_type *t, const char *const *algs, size_t nalgs,
                         const char *sd_alg, int64_t mdoc_cose_alg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "format", iss_format_name(t->format));
    cJSON_AddStringToObject(o, "scope", t->id);
    cJSON *bind = cJSON_AddArrayToObject(o, "cryptographic_binding_methods_supported");
    cJSON *sig = cJSON_AddArrayToObject(o, "credential_signing_alg_values_supported");
    if (t->format == ISS_FMT_SDJWT) {
        cJSON_AddStringToObject(o, "vct", t->vct);
        cJSON_AddItemToArray(bind, cJSON_CreateString("jwk"));
        cJSON_AddItemToArray(sig, cJSON_CreateString(sd_alg));
    } else {
        cJSON_AddStringToObject(o, "doctype", t->doctype);
        cJSON_AddItemToArray(bind, cJSON_CreateString("cose_key"));
        /* OpenID4VCI 1.0 Appendix A.2.2: COSE algorithm identifiers for mso_mdoc */
        cJSON_AddItemToArray(sig, cJSON_CreateNumber((double)mdoc_cose_alg));
    }
    cJSON *pt = cJSON_AddObjectToObject(o, "proof_types_supported");
    cJSON *jwt = cJSON_AddObjectToObject(pt, "jwt");
    cJSON *pa = cJSON_AddArrayToObject(jwt, "proof_signing_alg_values_supported");
    for (size_t i = 0; i < nalgs; i++)
        cJSON_AddItemToArray(pa, cJSON_CreateString(algs[i]));
    cJSON *cm = cJSON_AddObjectToObject(o, "credential_metadata");
    cJSON_AddItemToObject(cm, "display", display_pair(t->name_vi, t->name_en, t->desc_vi,
                                                     t->desc_en, t->background));
    cJSON *claims = cJSON_AddArrayToObject(cm, "claims");
    for (size_t i = 0; i < t->nclaims; i++) {
        const iss_claim *k = &t->claims[i];
        cJSON *c = cJSON_CreateObject();
        cJSON *path = cJSON_AddArrayToObject(c, "path");
        if (t->format == ISS_FMT_MDOC)
            cJSON_AddItemToArray(path, cJSON_CreateString(t->name_space));
        cJSON_AddItemToArray(path, cJSON_CreateString(k->name));
        if (k->required)
            cJSON_AddTrueToObject(c, "mandatory");
        cJSON *d = cJSON_AddArrayToObject(c, "display");
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", k->label_vi);
        cJSON_AddStringToObject(e, "locale", "vi");
        cJSON_AddItemToArray(d, e);
        e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", k->label_en);
        cJSON_AddStringToObject(e, "locale", "en");
        cJSON_AddItemToArray(d, e);
        cJSON_AddItemToArray(claims, c);
    }
    return o;
}
