/*
 * Store documents: adding credentials of every format wallet_verify() knows
 * (JWT, CWT, a QR code PNG), metadata listing, show / get / delete, keeping
 * invalid credentials, batch copies, the claim-path index and DCQL-style
 * matching, and the refusals of each.
 */
#include "store/store_int.h"
#include "test_store_util.h"

#define PID_CLAIMS                                                                         \
    "{\"iss\":\"https://id.example\",\"iat\":1760000000,\"exp\":1800000000,"                 \
    "\"given_name\":\"Lan\",\"family_name\":\"Nguyen\",\"age_over_18\":true,"               \
    "\"address\":{\"locality\":\"Hanoi\",\"street\":\"Pho Hue 1\"},"                         \
    "\"nationalities\":[\"VN\",\"FR\"],"                                                    \
    "\"status\":{\"status_list\":{\"uri\":\"https://id.example/status/1\",\"idx\":7}}}"

static const char *q_pid(const char *extra_claims)
{
    static char q[2048];
    snprintf(q, sizeof(q),
             "{\"credentials\":[{\"id\":\"pid\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
             "[\"pid+jwt\"]},\"require_cryptographic_holder_binding\":false,\"claims\":[%s]}]}",
             extra_claims);
    return q;
}

/* Match and return the candidate ids for query id `qid` as a JSON array text. */
static char *match_ids(ts_env *t, wallet_store *s, const char *query, const char *qid)
{
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_match(t->ctx, &json, s, query, strlen(query)));
    cJSON *j = ts_parse(json);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, qid);
    assert_true(cJSON_IsArray(arr));
    cJSON *ids = cJSON_CreateArray();
    const cJSON *c;
    cJSON_ArrayForEach(c, arr)
    cJSON_AddItemToArray(ids, cJSON_CreateString(cJSON_GetObjectItem(c, "id")->valuestring));
    char *out = cJSON_PrintUnformatted(ids);
    cJSON_Delete(ids);
    cJSON_Delete(j);
    wallet_free(json);
    return out;
}

static int has_id(const char *ids_json, const char *id)
{
    char needle[64];
    snprintf(needle, sizeof(needle), "\"%s\"", id);
    return strstr(ids_json, needle) != NULL;
}

static void expect_match_error(ts_env *t, wallet_store *s, const char *q, wallet_err want)
{
    char *json = (char *)1;
    tu_assert_err(t->ctx, wallet_store_match(t->ctx, &json, s, q, strlen(q)), want);
    assert_null(json);
}

/* ---- positive ------------------------------------------------------------------------------ */

static void test_add_jwt_lists_metadata(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *id = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    assert_true(wl_store_id_valid(id));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    cJSON *j = ts_parse(json);
    assert_int_equal(cJSON_GetArraySize(j), 1);
    const cJSON *e = cJSON_GetArrayItem(j, 0);
    assert_string_equal(cJSON_GetObjectItem(e, "id")->valuestring, id);
    assert_string_equal(cJSON_GetObjectItem(e, "format")->valuestring, "jws");
    assert_string_equal(cJSON_GetObjectItem(e, "type")->valuestring, "pid+jwt");
    assert_string_equal(cJSON_GetObjectItem(e, "issuer")->valuestring, "https://id.example");
    assert_string_equal(cJSON_GetObjectItem(e, "display_name")->valuestring, "pid+jwt");
    assert_int_equal(cJSON_GetObjectItem(e, "issued_at")->valuedouble, 1760000000);
    assert_int_equal(cJSON_GetObjectItem(e, "valid_until")->valuedouble, 1800000000);
    assert_int_equal(cJSON_GetObjectItem(e, "added_at")->valuedouble, TS_NOW);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "valid")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(e, "used")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "batch")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "holder_key")));
    assert_null(cJSON_GetObjectItem(e, "claims")); /* listing does not decode */
    cJSON_Delete(j);
    wallet_free(json);
    wallet_free(id);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_show_gives_claims_and_credential(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *tok = ts_jwt(t, "pid+jwt", PID_CLAIMS);
    char *id = NULL;
    /* Surrounding whitespace is not stored. */
    size_t n = strlen(tok);
    char *padded = malloc(n + 4);
    snprintf(padded, n + 4, " %s\n", tok);
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)padded,
                                          strlen(padded), 0));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    cJSON *j = ts_parse(json);
    const cJSON *claims = cJSON_GetObjectItem(j, "claims");
    assert_string_equal(cJSON_GetObjectItem(claims, "given_name")->valuestring, "Lan");
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetObjectItem(claims, "address"), "locality")->valuestring,
        "Hanoi");
    assert_string_equal(cJSON_GetObjectItem(j, "credential")->valuestring, tok);
    cJSON_Delete(j);
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    tu_assert_ok(t->ctx, wallet_store_get(t->ctx, &raw, &raw_len, s, id));
    assert_int_equal(raw_len, n);
    assert_memory_equal(raw, tok, n);
    wallet_free(raw);
    wallet_free(json);
    wallet_free(id);
    wallet_free(tok);
    free(padded);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_cwt_stores_binary_credential(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    const char *claims = "{\"iss\":\"https://health.example\",\"exp\":1800000000,\"dose\":2}";
    uint8_t *cwt = NULL, *msg = NULL;
    size_t cwt_len = 0, msg_len = 0;
    tu_assert_ok(t->ctx, wallet_cwt_from_json(t->ctx, &cwt, &cwt_len, claims, strlen(claims)));
    tu_assert_ok(t->ctx, wallet_cose_sign1_sign(t->ctx, &msg, &msg_len, t->issuer, WALLET_ALG_NONE,
                                                NULL, cwt, cwt_len, NULL, 0, WALLET_COSE_TAGGED));
    char *id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, msg, msg_len, 0));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    cJSON *j = ts_parse(json);
    assert_string_equal(cJSON_GetObjectItem(j, "format")->valuestring, "cose_sign1");
    assert_string_equal(cJSON_GetObjectItem(j, "issuer")->valuestring, "https://health.example");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "claims"), "dose")->valuedouble, 2);
    /* Binary input is shown as base64url. */
    char *b64 = NULL;
    tu_assert_ok(t->ctx, wallet_b64url_encode(t->ctx, &b64, NULL, msg, msg_len));
    assert_string_equal(cJSON_GetObjectItem(j, "credential")->valuestring, b64);
    cJSON_Delete(j);
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    tu_assert_ok(t->ctx, wallet_store_get(t->ctx, &raw, &raw_len, s, id));
    assert_int_equal(raw_len, msg_len);
    assert_memory_equal(raw, msg, msg_len);
    wallet_free(raw);
    wallet_free(b64);
    wallet_free(json);
    wallet_free(id);
    wallet_free(cwt);
    wallet_free(msg);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_qr_png_stores_its_content(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *tok = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"n\":1}");
    uint8_t *png = NULL;
    size_t png_len = 0;
    tu_assert_ok(t->ctx, wallet_qr_encode_png(t->ctx, &png, &png_len, (const uint8_t *)tok,
                                              strlen(tok), WALLET_QR_ECC_M, 4));
    char *id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, png, png_len, 0));
    uint8_t *raw = NULL;
    size_t raw_len = 0;
    tu_assert_ok(t->ctx, wallet_store_get(t->ctx, &raw, &raw_len, s, id));
    assert_int_equal(raw_len, strlen(tok));
    assert_memory_equal(raw, tok, raw_len);
    wallet_free(raw);
    wallet_free(png);
    wallet_free(id);
    wallet_free(tok);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_several_credentials_of_one_type(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"n\":1}");
    char *b = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"n\":2}");
    char *c = ts_add(t, s, "mdl+jwt", "{\"iss\":\"https://dl.example\",\"n\":3}");
    assert_string_not_equal(a, b);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, "pid+jwt"));
    assert_int_equal(ts_array_len(json), 2);
    assert_non_null(strstr(json, a));
    assert_non_null(strstr(json, b));
    wallet_free(json);
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_int_equal(ts_array_len(json), 3);
    /* Oldest first. */
    assert_true(strstr(json, a) < strstr(json, b) && strstr(json, b) < strstr(json, c));
    wallet_free(json);
    wallet_free(a);
    wallet_free(b);
    wallet_free(c);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_delete_removes_credential_and_index(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    char *b = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"given_name\":\"Mai\"}");
    tu_assert_ok(t->ctx, wallet_store_delete(t->ctx, s, a));
    char *json = NULL;
    tu_assert_err(t->ctx, wallet_store_show(t->ctx, &json, s, a), WALLET_ERR_NOT_FOUND);
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_int_equal(ts_array_len(json), 1);
    wallet_free(json);
    int64_t rows = -1;
    tu_assert_ok(t->ctx, wl_sql_int(t->ctx, s->db, &rows,
                                    "SELECT count(*) FROM claim_index i JOIN credentials c ON "
                                    "c.id = i.cred WHERE c.uid = ?1",
                                    a));
    assert_int_equal(rows, 0);
    tu_assert_ok(t->ctx, wl_sql_int(t->ctx, s->db, &rows, "SELECT count(*) FROM documents", NULL));
    assert_int_equal(rows, 1);
    char *ids = match_ids(t, s, q_pid("{\"path\":[\"given_name\"]}"), "pid");
    assert_false(has_id(ids, a));
    assert_true(has_id(ids, b));
    free(ids);
    wallet_free(a);
    wallet_free(b);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_display_name_set_and_reset(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    tu_assert_ok(t->ctx, wallet_store_set_display_name(t->ctx, s, a, "Căn cước"));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, "\"display_name\":\"Căn cước\""));
    wallet_free(json);
    tu_assert_ok(t->ctx, wallet_store_set_display_name(t->ctx, s, a, NULL));
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, "\"display_name\":\"pid+jwt\""));
    wallet_free(json);
    wallet_free(a);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_keep_invalid_stores_it_marked(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *tok = ts_jwt(t, "pid+jwt", PID_CLAIMS);
    ts_break_sig(tok);
    char *id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)tok,
                                          strlen(tok), WALLET_STORE_KEEP_INVALID));
    assert_string_equal(wallet_ctx_errmsg(t->ctx), "");
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, id));
    cJSON *j = ts_parse(json);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "valid")));
    assert_string_equal(cJSON_GetObjectItem(j, "error")->valuestring, "signature");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "claims")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "issuer")));
    assert_true(strlen(cJSON_GetObjectItem(j, "detail")->valuestring) > 0);
    assert_string_equal(cJSON_GetObjectItem(j, "credential")->valuestring, tok);
    cJSON_Delete(j);
    wallet_free(json);
    /* Never offered for a presentation. */
    char *ids = match_ids(t, s, "{\"credentials\":[{\"id\":\"any\",\"format\":\"jws\",\"meta\":{},"
                                "\"require_cryptographic_holder_binding\":false}]}",
                          "any");
    assert_string_equal(ids, "[]");
    free(ids);
    wallet_free(id);
    wallet_free(tok);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_batch_copies_offered_one_at_a_time(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    /* Three copies of one credential, each bound (here: linked) to its own
     * holder key, as OpenID4VCI batch issuance delivers them. */
    char *toks[3];
    const uint8_t *in[3];
    size_t lens[3];
    for (int i = 0; i < 3; i++) {
        char claims[256];
        snprintf(claims, sizeof(claims),
                 "{\"iss\":\"https://id.example\",\"given_name\":\"Lan\",\"jti\":\"copy-%d\"}", i);
        toks[i] = ts_jwt(t, "pid+jwt", claims);
        in[i] = (const uint8_t *)toks[i];
        lens[i] = strlen(toks[i]);
    }
    char *ids_json = NULL;
    tu_assert_ok(t->ctx, wallet_store_add_batch(t->ctx, &ids_json, s, t->trust, NULL, in, lens, 3, 0));
    cJSON *ids = ts_parse(ids_json);
    assert_int_equal(cJSON_GetArraySize(ids), 3);
    const char *copy[3];
    for (int i = 0; i < 3; i++) {
        copy[i] = cJSON_GetArrayItem(ids, i)->valuestring;
        char *kid = NULL;
        tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
        tu_assert_ok(t->ctx, wallet_store_link_key(t->ctx, s, copy[i], kid));
        wallet_free(kid);
    }
    /* An unrelated single credential of the same type is offered too. */
    char *single = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"given_name\":\"Mai\"}");
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_store_link_key(t->ctx, s, single, kid));
    wallet_free(kid);
    const char *q = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
                    "[\"pid+jwt\"]},\"claims\":[{\"path\":[\"given_name\"]}]}]}";
    for (int round = 0; round < 4; round++) {
        char *json = NULL;
        tu_assert_ok(t->ctx, wallet_store_match(t->ctx, &json, s, q, strlen(q)));
        cJSON *j = ts_parse(json);
        const cJSON *arr = cJSON_GetObjectItem(j, "pid");
        assert_int_equal(cJSON_GetArraySize(arr), 2); /* one copy of the batch + the single */
        const cJSON *first = cJSON_GetArrayItem(arr, 0);
        const char *offered = cJSON_GetObjectItem(first, "id")->valuestring;
        if (round < 3) {
            /* Each round offers the next unused copy. */
            assert_string_equal(offered, copy[round]);
            assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "fresh")));
            assert_int_equal(cJSON_GetObjectItem(first, "unused_copies")->valuedouble, 3 - round);
            char claims[128];
            snprintf(claims, sizeof(claims), "[{\"credential\":\"%s\",\"claims\":[[\"given_name\"]]}]",
                     offered);
            tu_assert_ok(t->ctx, wallet_store_log_presentation(t->ctx, NULL, s, "x509_san_dns:rp.example",
                                                               "age check", claims, NULL, 0));
        } else {
            /* All used: one is still offered, marked not fresh. */
            assert_true(cJSON_IsFalse(cJSON_GetObjectItem(first, "fresh")));
            assert_int_equal(cJSON_GetObjectItem(first, "unused_copies")->valuedouble, 0);
        }
        cJSON_Delete(j);
        wallet_free(json);
    }
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    cJSON *l = ts_parse(json);
    const char *batch = cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "batch")->valuestring;
    assert_true(wl_store_id_valid(batch));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 2), "batch")->valuestring, batch);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 3), "batch")));
    cJSON_Delete(l);
    wallet_free(json);
    cJSON_Delete(ids);
    wallet_free(ids_json);
    wallet_free(single);
    for (int i = 0; i < 3; i++)
        wallet_free(toks[i]);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_match_by_type_path_and_value(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *hanoi = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    char *hue = ts_add(t, s, "pid+jwt",
                       "{\"iss\":\"https://id.example\",\"given_name\":\"Minh\",\"age_over_18\":false,"
                       "\"address\":{\"locality\":\"Hue\"},\"nationalities\":[\"VN\"]}");
    char *other = ts_add(t, s, "mdl+jwt", "{\"iss\":\"https://dl.example\",\"given_name\":\"Lan\"}");
    char *ids;
    ids = match_ids(t, s, q_pid("{\"path\":[\"given_name\"]}"), "pid");
    assert_true(has_id(ids, hanoi) && has_id(ids, hue) && !has_id(ids, other));
    free(ids);
    ids = match_ids(t, s, q_pid("{\"path\":[\"address\",\"locality\"],\"values\":[\"Hanoi\"]}"), "pid");
    assert_true(has_id(ids, hanoi) && !has_id(ids, hue));
    free(ids);
    ids = match_ids(t, s, q_pid("{\"path\":[\"age_over_18\"],\"values\":[true]}"), "pid");
    assert_true(has_id(ids, hanoi) && !has_id(ids, hue));
    free(ids);
    /* All requested paths must exist. */
    ids = match_ids(t, s, q_pid("{\"path\":[\"given_name\"]},{\"path\":[\"family_name\"]}"), "pid");
    assert_true(has_id(ids, hanoi) && !has_id(ids, hue));
    free(ids);
    /* null selects every array element (OpenID4VP §7). */
    ids = match_ids(t, s, q_pid("{\"path\":[\"nationalities\",null],\"values\":[\"FR\"]}"), "pid");
    assert_true(has_id(ids, hanoi) && !has_id(ids, hue));
    free(ids);
    /* A specific position is checked on the document: FR is element 1. */
    ids = match_ids(t, s, q_pid("{\"path\":[\"nationalities\",1],\"values\":[\"FR\"]}"), "pid");
    assert_true(has_id(ids, hanoi) && !has_id(ids, hue));
    free(ids);
    ids = match_ids(t, s, q_pid("{\"path\":[\"nationalities\",0],\"values\":[\"FR\"]}"), "pid");
    assert_string_equal(ids, "[]");
    free(ids);
    /* An unknown path matches nothing. */
    ids = match_ids(t, s, q_pid("{\"path\":[\"no_such_claim\"]}"), "pid");
    assert_string_equal(ids, "[]");
    free(ids);
    /* Objects are indexed as paths too. */
    ids = match_ids(t, s, q_pid("{\"path\":[\"address\"]}"), "pid");
    assert_true(has_id(ids, hanoi) && has_id(ids, hue));
    free(ids);
    wallet_free(hanoi);
    wallet_free(hue);
    wallet_free(other);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_match_claim_sets_prefers_first(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *full = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    char *partial = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"age_over_18\":true}");
    const char *q = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
                    "[\"pid+jwt\"]},\"require_cryptographic_holder_binding\":false,\"claims\":["
                    "{\"id\":\"a\",\"path\":[\"given_name\"]},{\"id\":\"b\",\"path\":[\"family_name\"]},"
                    "{\"id\":\"c\",\"path\":[\"age_over_18\"]}],\"claim_sets\":[[\"a\",\"b\"],[\"c\"]]}]}";
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_match(t->ctx, &json, s, q, strlen(q)));
    cJSON *j = ts_parse(json);
    const cJSON *arr = cJSON_GetObjectItem(j, "pid");
    assert_int_equal(cJSON_GetArraySize(arr), 2);
    const cJSON *c;
    cJSON_ArrayForEach(c, arr)
    {
        const char *id = cJSON_GetObjectItem(c, "id")->valuestring;
        int set = (int)cJSON_GetObjectItem(c, "claim_set")->valuedouble;
        assert_int_equal(set, !strcmp(id, full) ? 0 : 1);
    }
    cJSON_Delete(j);
    wallet_free(json);
    wallet_free(full);
    wallet_free(partial);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_match_excludes_expired_and_unbound(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *soon = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"exp\":1767229200,\"a\":1}");
    char *later = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"exp\":1900000000,\"a\":1}");
    char *ids = match_ids(t, s, q_pid("{\"path\":[\"a\"]}"), "pid");
    assert_true(has_id(ids, soon) && has_id(ids, later));
    free(ids);
    /* Two hours later the first has expired. */
    wallet_ctx_set_time(t->ctx, TS_NOW + 7200);
    ids = match_ids(t, s, q_pid("{\"path\":[\"a\"]}"), "pid");
    assert_true(!has_id(ids, soon) && has_id(ids, later));
    free(ids);
    /* Holder binding is required by default: only a credential linked to a
     * stored holder key is offered. */
    const char *q = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"jws\",\"meta\":{},"
                    "\"claims\":[{\"path\":[\"a\"]}]}]}";
    ids = match_ids(t, s, q, "pid");
    assert_string_equal(ids, "[]");
    free(ids);
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_EDDSA));
    tu_assert_ok(t->ctx, wallet_store_link_key(t->ctx, s, later, kid));
    ids = match_ids(t, s, q, "pid");
    assert_true(has_id(ids, later));
    free(ids);
    wallet_free(kid);
    wallet_free(soon);
    wallet_free(later);
    wallet_store_free(s);
    ts_teardown(t);
}

/* A credential whose verification named a holder key (SD-JWT cnf, mdoc
 * deviceKey) is linked to the stored key with that thumbprint. */
static void test_credential_linked_to_key_by_thumbprint(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
    wl_cred c;
    memset(&c, 0, sizeof(c));
    c.raw = (uint8_t *)strdup("bound-credential");
    c.raw_len = strlen((char *)c.raw);
    tu_assert_ok(t->ctx, wl_hash(t->ctx, WL_SHA256, c.raw, c.raw_len, c.digest));
    c.format = strdup("dc+sd-jwt");
    c.type = strdup("urn:eudi:pid:1");
    c.claims = strdup("{\"given_name\":\"Lan\"}");
    c.valid = 1;
    tu_assert_ok(t->ctx, wallet_key_thumbprint(t->ctx, c.jkt, k));
    c.has_jkt = 1;
    tu_assert_ok(t->ctx, wl_store_new_id(t->ctx, c.uid));
    tu_assert_ok(t->ctx, wl_index_build(t->ctx, &c.index, c.claims, strlen(c.claims)));
    tu_assert_ok(t->ctx, wl_cred_insert(t->ctx, s->db, &c));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &json, s, c.uid));
    cJSON *j = ts_parse(json);
    assert_string_equal(cJSON_GetObjectItem(j, "holder_key")->valuestring, kid);
    cJSON_Delete(j);
    wallet_free(json);
    wallet_key *ck = NULL;
    tu_assert_ok(t->ctx, wallet_store_credential_key(t->ctx, &ck, s, c.uid));
    assert_true(wallet_key_equal_public(ck, k));
    /* Another key cannot be linked to it. */
    char *kid2 = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid2, s, WALLET_ALG_ES256));
    tu_assert_err(t->ctx, wallet_store_link_key(t->ctx, s, c.uid, kid2), WALLET_ERR_HOLDER_BINDING);
    const char *q = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\",\"meta\":"
                    "{\"vct_values\":[\"urn:eudi:pid:1\"]},\"claims\":[{\"path\":[\"given_name\"]}]}]}";
    char *ids = match_ids(t, s, q, "pid");
    assert_true(has_id(ids, c.uid));
    free(ids);
    wallet_key_free(ck);
    wallet_key_free(k);
    wl_cred_clear(&c);
    wallet_free(kid);
    wallet_free(kid2);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_batch_of_separate_credentials_has_no_batch_id(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"c\":1}");
    char *b = ts_jwt(t, "mdl+jwt", "{\"iss\":\"https://dl.example\",\"c\":2}");
    const uint8_t *in[2] = {(const uint8_t *)a, (const uint8_t *)b};
    size_t lens[2] = {strlen(a), strlen(b)};
    char *ids = NULL;
    tu_assert_ok(t->ctx, wallet_store_add_batch(t->ctx, &ids, s, t->trust, NULL, in, lens, 2,
                                                WALLET_STORE_SEPARATE));
    assert_int_equal(ts_array_len(ids), 2);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    cJSON *l = ts_parse(json);
    assert_int_equal(cJSON_GetArraySize(l), 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "batch")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 1), "batch")));
    cJSON_Delete(l);
    wallet_free(json);
    wallet_free(ids);
    wallet_free(a);
    wallet_free(b);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_mark_used(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    tu_assert_ok(t->ctx, wallet_store_mark_used(t->ctx, s, a));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, "\"used\":true"));
    wallet_free(json);
    wallet_free(a);
    wallet_store_free(s);
    ts_teardown(t);
}

/* ---- negative ------------------------------------------------------------------------------- */

static void expect_add_refused(ts_env *t, wallet_store *s, const void *in, size_t n, unsigned flags,
                               wallet_err want)
{
    char *id = (char *)1;
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, in, n, flags), want);
    assert_null(id);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_int_equal(ts_array_len(json), 0);
    wallet_free(json);
}

static void test_add_bad_signature_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *tok = ts_jwt(t, "pid+jwt", PID_CLAIMS);
    ts_break_sig(tok);
    expect_add_refused(t, s, tok, strlen(tok), 0, WALLET_ERR_SIGNATURE);
    wallet_free(tok);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_untrusted_issuer_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_key *other = NULL;
    tu_assert_ok(t->ctx, wallet_key_generate(t->ctx, &other, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_key_set_kid(t->ctx, other, "stranger"));
    char *tok = NULL;
    tu_assert_ok(t->ctx, wallet_jws_sign_compact(t->ctx, &tok, other, WALLET_ALG_NONE, NULL,
                                                 (const uint8_t *)"{\"a\":1}", 7));
    expect_add_refused(t, s, tok, strlen(tok), 0, WALLET_ERR_KEY_NOT_FOUND);
    wallet_free(tok);
    wallet_key_free(other);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_expired_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *tok = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"exp\":1700000000}");
    expect_add_refused(t, s, tok, strlen(tok), 0, WALLET_ERR_EXPIRED);
    wallet_free(tok);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_unknown_format_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    expect_add_refused(t, s, "hello, world", 12, 0, WALLET_ERR_UNKNOWN_FORMAT);
    expect_add_refused(t, s, " \n", 2, 0, WALLET_ERR_UNKNOWN_FORMAT);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_duplicate_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *tok = ts_jwt(t, "pid+jwt", PID_CLAIMS);
    char *id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)tok,
                                          strlen(tok), 0));
    char *again = (char *)1;
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &again, s, t->trust, NULL, (const uint8_t *)tok,
                                           strlen(tok), 0),
                  WALLET_ERR_STORE_DUPLICATE);
    assert_null(again);
    wallet_free(id);
    wallet_free(tok);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_over_input_limit_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_ctx_limit(t->ctx, WALLET_LIMIT_INPUT_BYTES, 100);
    char *tok = ts_jwt(t, "pid+jwt", PID_CLAIMS);
    expect_add_refused(t, s, tok, strlen(tok), 0, WALLET_ERR_TOO_LARGE);
    wallet_free(tok);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_claims_over_node_limit_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    /* 10,001 array elements: more index entries than allowed. */
    size_t cap = 64 + 10001 * 2;
    char *claims = malloc(cap);
    size_t n = (size_t)snprintf(claims, cap, "{\"iss\":\"https://id.example\",\"a\":[");
    for (int i = 0; i < 10001; i++)
        n += (size_t)snprintf(claims + n, cap - n, i ? ",0" : "0");
    snprintf(claims + n, cap - n, "]}");
    char *tok = ts_jwt(t, "pid+jwt", claims);
    expect_add_refused(t, s, tok, strlen(tok), 0, WALLET_ERR_TOO_LARGE);
    wallet_free(tok);
    free(claims);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_batch_with_one_bad_copy_stores_nothing(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"c\":1}");
    char *b = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"c\":2}");
    ts_break_sig(b);
    const uint8_t *in[2] = {(const uint8_t *)a, (const uint8_t *)b};
    size_t lens[2] = {strlen(a), strlen(b)};
    char *ids = (char *)1;
    tu_assert_err(t->ctx, wallet_store_add_batch(t->ctx, &ids, s, t->trust, NULL, in, lens, 2, 0),
                  WALLET_ERR_SIGNATURE);
    assert_null(ids);
    assert_non_null(strstr(wallet_ctx_errmsg(t->ctx), "batch copy 1"));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_string_equal(json, "[]");
    wallet_free(json);
    wallet_free(a);
    wallet_free(b);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_batch_with_identical_copies_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"c\":1}");
    const uint8_t *in[2] = {(const uint8_t *)a, (const uint8_t *)a};
    size_t lens[2] = {strlen(a), strlen(a)};
    char *ids = NULL;
    tu_assert_err(t->ctx, wallet_store_add_batch(t->ctx, &ids, s, t->trust, NULL, in, lens, 2, 0),
                  WALLET_ERR_STORE_DUPLICATE);
    tu_assert_err(t->ctx, wallet_store_add_batch(t->ctx, &ids, s, t->trust, NULL, in, lens, 0, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_add_batch(t->ctx, &ids, s, t->trust, NULL, in, lens, 1025, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(ids);
    wallet_free(a);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_unknown_ids_are_not_found(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *json = (char *)1;
    tu_assert_err(t->ctx, wallet_store_show(t->ctx, &json, s, "AAAAAAAAAAAAAAAA"), WALLET_ERR_NOT_FOUND);
    assert_null(json);
    uint8_t *raw = (uint8_t *)1;
    size_t n = 9;
    tu_assert_err(t->ctx, wallet_store_get(t->ctx, &raw, &n, s, "nope"), WALLET_ERR_NOT_FOUND);
    assert_null(raw);
    assert_int_equal(n, 0);
    tu_assert_err(t->ctx, wallet_store_delete(t->ctx, s, "AAAAAAAAAAAAAAAA"), WALLET_ERR_NOT_FOUND);
    tu_assert_err(t->ctx, wallet_store_mark_used(t->ctx, s, "x"), WALLET_ERR_NOT_FOUND);
    tu_assert_err(t->ctx, wallet_store_set_display_name(t->ctx, s, "x", "n"), WALLET_ERR_NOT_FOUND);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_bad_display_names_are_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = ts_add(t, s, "pid+jwt", PID_CLAIMS);
    tu_assert_err(t->ctx, wallet_store_set_display_name(t->ctx, s, a, ""), WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_set_display_name(t->ctx, s, a, "\xff\xfe"),
                  WALLET_ERR_INVALID_ARG);
    char longname[300];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    tu_assert_err(t->ctx, wallet_store_set_display_name(t->ctx, s, a, longname),
                  WALLET_ERR_INVALID_ARG);
    wallet_free(a);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_add_bad_arguments_are_usage_errors(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *id = NULL;
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &id, s, NULL, NULL, (const uint8_t *)"x", 1, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, (const uint8_t *)"x", 1, 8),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &id, s, t->trust, NULL, NULL, 1, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, NULL, s, t->trust, NULL, (const uint8_t *)"x", 1, 0),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_add(t->ctx, &id, NULL, t->trust, NULL, (const uint8_t *)"x", 1, 0),
                  WALLET_ERR_INVALID_ARG);
    assert_null(id);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_malformed_queries_are_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    expect_match_error(t, s, "{\"credentials\":", WALLET_ERR_JSON);
    expect_match_error(t, s, "[]", WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{}", WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{\"credentials\":[]}", WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{\"credentials\":[{\"id\":\"a b\",\"format\":\"jws\",\"meta\":{}}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{\"credentials\":[{\"id\":\"a\",\"meta\":{}}]}", WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\"}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{}},"
                       "{\"id\":\"a\",\"format\":\"jws\",\"meta\":{}}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
                       "[\"x\"],\"doctype_value\":\"y\"}}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{\"vct_values\":[1]}}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},\"claims\":[]}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},\"claims\":"
                       "[{\"path\":[-1]}]}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},\"claims\":"
                       "[{\"path\":[]}]}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},\"claims\":"
                       "[{\"path\":[\"x\"],\"values\":[{}]}]}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},\"claims\":"
                       "[{\"id\":\"c\",\"path\":[\"x\"]}],\"claim_sets\":[[\"d\"]]}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},\"claims\":"
                       "[{\"path\":[\"x\"]}],\"claim_sets\":[[\"d\"]]}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s,
                       "{\"credentials\":[{\"id\":\"a\",\"format\":\"jws\",\"meta\":{},"
                       "\"multiple\":\"yes\"}]}",
                       WALLET_ERR_JSON_TYPE);
    expect_match_error(t, s, "{\"credentials\":[{\"id\":\"a\",\"id\":\"b\"}]}",
                       WALLET_ERR_JSON_DUPLICATE);
    wallet_store_free(s);
    ts_teardown(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_jwt_lists_metadata),
        cmocka_unit_test(test_show_gives_claims_and_credential),
        cmocka_unit_test(test_add_cwt_stores_binary_credential),
        cmocka_unit_test(test_add_qr_png_stores_its_content),
        cmocka_unit_test(test_several_credentials_of_one_type),
        cmocka_unit_test(test_delete_removes_credential_and_index),
        cmocka_unit_test(test_display_name_set_and_reset),
        cmocka_unit_test(test_keep_invalid_stores_it_marked),
        cmocka_unit_test(test_batch_copies_offered_one_at_a_time),
        cmocka_unit_test(test_match_by_type_path_and_value),
        cmocka_unit_test(test_match_claim_sets_prefers_first),
        cmocka_unit_test(test_match_excludes_expired_and_unbound),
        cmocka_unit_test(test_credential_linked_to_key_by_thumbprint),
        cmocka_unit_test(test_batch_of_separate_credentials_has_no_batch_id),
        cmocka_unit_test(test_mark_used),
        cmocka_unit_test(test_add_bad_signature_is_refused),
        cmocka_unit_test(test_add_untrusted_issuer_is_refused),
        cmocka_unit_test(test_add_expired_is_refused),
        cmocka_unit_test(test_add_unknown_format_is_refused),
        cmocka_unit_test(test_add_duplicate_is_refused),
        cmocka_unit_test(test_add_over_input_limit_is_refused),
        cmocka_unit_test(test_add_claims_over_node_limit_is_refused),
        cmocka_unit_test(test_batch_with_one_bad_copy_stores_nothing),
        cmocka_unit_test(test_batch_with_identical_copies_is_refused),
        cmocka_unit_test(test_unknown_ids_are_not_found),
        cmocka_unit_test(test_bad_display_names_are_refused),
        cmocka_unit_test(test_add_bad_arguments_are_usage_errors),
        cmocka_unit_test(test_malformed_queries_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
