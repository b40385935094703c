/*
 * Store holder keys (generated, external, signing handles that never export,
 * the explicit export, locking), the consent log, and backup / restore with
 * every refusal: wrong passphrase, tampered header or body, truncation,
 * malformed records, an existing target, a failure during the restore.
 */
#include "store/store_int.h"
#include "test_store_util.h"

#define BK_PASS ((const uint8_t *)"correct horse battery staple")
#define BK_PASS_LEN 28

static void sign_and_verify(ts_env *t, const wallet_key *k)
{
    uint8_t *sig = NULL;
    size_t n = 0;
    tu_assert_ok(t->ctx, wallet_sign(t->ctx, &sig, &n, k, WALLET_ALG_NONE, (const uint8_t *)"msg", 3));
    wallet_key *pub = NULL;
    tu_assert_ok(t->ctx, wallet_key_public(t->ctx, &pub, k));
    tu_assert_ok(t->ctx, wallet_verify_signature(t->ctx, pub, wallet_key_alg(k), WALLET_ALGSET_ALL,
                                                 (const uint8_t *)"msg", 3, sig, n));
    wallet_key_free(pub);
    wallet_free(sig);
}

/* A store with a bit of everything, for backups. */
static void fill_store(ts_env *t, wallet_store *s, char **cred_id, char **key_id, char **ext_id)
{
    *cred_id = ts_add(t, s, "pid+jwt",
                      "{\"iss\":\"https://id.example\",\"given_name\":\"Lan\",\"address\":"
                      "{\"locality\":\"Hanoi\"}}");
    char *bad = ts_jwt(t, "pid+jwt", "{\"iss\":\"https://id.example\",\"x\":1}");
    ts_break_sig(bad);
    char *bad_id = NULL;
    tu_assert_ok(t->ctx, wallet_store_add(t->ctx, &bad_id, s, t->trust, NULL, (const uint8_t *)bad,
                                          strlen(bad), WALLET_STORE_KEEP_INVALID));
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, key_id, s, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_store_link_key(t->ctx, s, *cred_id, *key_id));
    wallet_key *ext = NULL;
    tu_assert_ok(t->ctx, wallet_key_generate(t->ctx, &ext, WALLET_ALG_EDDSA));
    tu_assert_ok(t->ctx, wallet_store_key_add_external(t->ctx, ext_id, s, ext, "keystore:alias-1"));
    wallet_key_free(ext);
    char claims[128];
    snprintf(claims, sizeof(claims), "[{\"credential\":\"%s\",\"claims\":[[\"given_name\"]]}]",
             *cred_id);
    static const uint8_t tx[32] = {0xAB};
    tu_assert_ok(t->ctx, wallet_store_log_presentation(t->ctx, NULL, s, "x509_san_dns:shop.example",
                                                       "payment", claims, tx, sizeof(tx)));
    tu_assert_ok(t->ctx, wallet_store_set_display_name(t->ctx, s, *cred_id, "My ID"));
    wallet_free(bad);
    wallet_free(bad_id);
}

/* Everything a citizen can see, as one string, to compare stores. */
static char *snapshot(ts_env *t, wallet_store *s)
{
    char *list = NULL, *keys = NULL, *log = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &list, s, NULL));
    tu_assert_ok(t->ctx, wallet_store_key_list(t->ctx, &keys, s));
    tu_assert_ok(t->ctx, wallet_store_log_list(t->ctx, &log, s));
    cJSON *l = ts_parse(list);
    size_t cap = strlen(list) + strlen(keys) + strlen(log) + 16;
    const cJSON *c;
    cJSON_ArrayForEach(c, l)
    {
        char *shown = NULL;
        tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &shown, s,
                                               cJSON_GetObjectItem(c, "id")->valuestring));
        cap += strlen(shown) + 1;
        wallet_free(shown);
    }
    char *out = malloc(cap);
    size_t n = (size_t)snprintf(out, cap, "%s|%s|%s", list, keys, log);
    cJSON_ArrayForEach(c, l)
    {
        char *shown = NULL;
        tu_assert_ok(t->ctx, wallet_store_show(t->ctx, &shown, s,
                                               cJSON_GetObjectItem(c, "id")->valuestring));
        n += (size_t)snprintf(out + n, cap - n, "|%s", shown);
        wallet_free(shown);
    }
    cJSON_Delete(l);
    wallet_free(list);
    wallet_free(keys);
    wallet_free(log);
    return out;
}

static uint8_t *make_backup(ts_env *t, wallet_store *s, size_t *len)
{
    uint8_t *b = NULL;
    tu_assert_ok(t->ctx, wallet_store_backup(t->ctx, &b, len, s, BK_PASS, BK_PASS_LEN, TS_FAST));
    return b;
}

static void restore_path(ts_env *t, char *out, size_t cap)
{
    snprintf(out, cap, "%s/restored.db", t->dir);
}

static void expect_restore_refused(ts_env *t, const uint8_t *b, size_t n, const uint8_t *pass,
                                   size_t pass_len, wallet_err want)
{
    char p[400];
    restore_path(t, p, sizeof(p));
    wallet_store *r = (wallet_store *)1;
    tu_assert_err(t->ctx, wallet_store_restore(t->ctx, &r, p, b, n, pass, pass_len, TS_PIN,
                                               TS_PIN_LEN, TS_FAST),
                  want);
    assert_null(r);
    /* Nothing was restored: no database at the path. */
    assert_int_not_equal(access(p, F_OK), 0);
}

/* ---- holder keys: positive ---------------------------------------------------------------- */

static void test_generated_key_signs_through_handle(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    static const wallet_alg algs[] = {WALLET_ALG_ES256, WALLET_ALG_ES384, WALLET_ALG_ES512,
                                      WALLET_ALG_EDDSA, WALLET_ALG_ES256K};
    for (size_t i = 0; i < WL_ARRAY_LEN(algs); i++) {
        char *kid = NULL;
        tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, algs[i]));
        wallet_key *k = NULL;
        tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
        assert_int_equal(wallet_key_alg(k), algs[i]);
        assert_true(wallet_key_can_sign(k));
        sign_and_verify(t, k);
        /* A JWS made with it verifies with its public JWK. */
        char *tok = NULL, *pub = NULL;
        tu_assert_ok(t->ctx, wallet_jws_sign_compact(t->ctx, &tok, k, WALLET_ALG_NONE, NULL,
                                                     (const uint8_t *)"{}", 2));
        tu_assert_ok(t->ctx, wallet_key_to_jwk(t->ctx, &pub, k, WALLET_EXPORT_PUBLIC));
        wallet_key *pk = NULL;
        wallet_jws *jws = NULL;
        tu_assert_ok(t->ctx, wallet_key_from_jwk(t->ctx, &pk, pub, strlen(pub)));
        tu_assert_ok(t->ctx, wallet_jws_parse(t->ctx, &jws, tok, strlen(tok)));
        tu_assert_ok(t->ctx, wallet_jws_verify(t->ctx, jws, pk, WALLET_ALGSET_ALL));
        wallet_jws_free(jws);
        wallet_key_free(pk);
        wallet_free(pub);
        wallet_free(tok);
        wallet_key_free(k);
        wallet_free(kid);
    }
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_explicit_export_returns_the_private_key(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *kid = NULL, *jwk = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_store_key_export(t->ctx, &jwk, s, kid));
    assert_non_null(strstr(jwk, "\"d\":"));
    wallet_key *priv = NULL, *handle = NULL;
    tu_assert_ok(t->ctx, wallet_key_from_jwk(t->ctx, &priv, jwk, strlen(jwk)));
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &handle, s, kid));
    assert_true(wallet_key_equal_public(priv, handle));
    sign_and_verify(t, priv);
    wallet_memzero(jwk, strlen(jwk));
    wallet_free(jwk);
    wallet_key_free(priv);
    wallet_key_free(handle);
    wallet_free(kid);
    wallet_store_free(s);
    ts_teardown(t);
}

typedef struct ext_signer {
    wallet_key *priv;
    char handle[64];
    int calls;
} ext_signer;

static wallet_err ext_sign(void *user, const char *handle, wallet_alg alg, const uint8_t *msg,
                           size_t msg_len, uint8_t *sig, size_t *sig_len)
{
    ext_signer *x = user;
    x->calls++;
    snprintf(x->handle, sizeof(x->handle), "%s", handle);
    uint8_t *s = NULL;
    size_t n = 0;
    wallet_err e = wallet_sign(NULL, &s, &n, x->priv, alg, msg, msg_len);
    if (!e && n <= *sig_len) {
        memcpy(sig, s, n);
        *sig_len = n;
    }
    wallet_free(s);
    return e;
}

static void test_external_key_signs_through_callback(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    ext_signer x = {0};
    tu_assert_ok(t->ctx, wallet_key_generate(t->ctx, &x.priv, WALLET_ALG_ES256));
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_add_external(t->ctx, &kid, s, x.priv, "android:wallet-key-7"));
    wallet_store_set_signer(s, ext_sign, &x, WALLET_SIGNER_RAW);
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
    sign_and_verify(t, k);
    assert_int_equal(x.calls, 1);
    assert_string_equal(x.handle, "android:wallet-key-7");
    char *list = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_list(t->ctx, &list, s));
    assert_non_null(strstr(list, "\"external\":true"));
    assert_non_null(strstr(list, "android:wallet-key-7"));
    assert_null(strstr(list, "\"d\":"));
    wallet_free(list);
    wallet_key_free(k);
    wallet_key_free(x.priv);
    wallet_free(kid);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_key_handle_outlives_nothing_but_itself(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_EDDSA));
    /* Many handles: the store forgets the ones nobody holds. */
    for (int i = 0; i < 50; i++) {
        wallet_key *k = NULL;
        tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
        wallet_key_free(k);
    }
    assert_true(s->n_refs <= 2);
    wallet_free(kid);
    wallet_store_free(s);
    ts_teardown(t);
}

/* ---- holder keys: negative ----------------------------------------------------------------- */

static void test_key_handle_never_exports_private(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
    char *jwk = NULL;
    tu_assert_err(t->ctx, wallet_key_to_jwk(t->ctx, &jwk, k, WALLET_EXPORT_PRIVATE),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    char *pem = NULL;
    tu_assert_err(t->ctx, wallet_key_to_pem(t->ctx, &pem, k, WALLET_EXPORT_PRIVATE),
                  WALLET_ERR_KEY_NOT_PRIVATE);
    /* The list shows public keys only. */
    char *list = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_list(t->ctx, &list, s));
    assert_null(strstr(list, "\"d\":"));
    wallet_free(list);
    wallet_key_free(k);
    wallet_free(kid);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_lock_disables_key_handles(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_ES256));
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
    wallet_store_lock(s);
    uint8_t *sig = NULL;
    size_t n = 0;
    tu_assert_err(t->ctx, wallet_sign(t->ctx, &sig, &n, k, WALLET_ALG_NONE, (const uint8_t *)"m", 1),
                  WALLET_ERR_SIGNER_FAILED);
    assert_null(sig);
    /* Freeing the store too: the handle stays safe to use and to free. */
    wallet_store_free(s);
    tu_assert_err(t->ctx, wallet_sign(t->ctx, &sig, &n, k, WALLET_ALG_NONE, (const uint8_t *)"m", 1),
                  WALLET_ERR_SIGNER_FAILED);
    wallet_key_free(k);
    wallet_free(kid);
    ts_teardown(t);
}

static void test_external_key_without_signer_fails(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_key *pub = NULL;
    tu_assert_ok(t->ctx, wallet_key_generate(t->ctx, &pub, WALLET_ALG_ES256));
    char *kid = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_add_external(t->ctx, &kid, s, pub, "alias"));
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_key(t->ctx, &k, s, kid));
    uint8_t *sig = NULL;
    size_t n = 0;
    tu_assert_err(t->ctx, wallet_sign(t->ctx, &sig, &n, k, WALLET_ALG_NONE, (const uint8_t *)"m", 1),
                  WALLET_ERR_SIGNER_FAILED);
    char *jwk = NULL;
    tu_assert_err(t->ctx, wallet_store_key_export(t->ctx, &jwk, s, kid), WALLET_ERR_KEY_NOT_PRIVATE);
    assert_null(jwk);
    wallet_key_free(k);
    wallet_key_free(pub);
    wallet_free(kid);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_external_key_bad_arguments(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_key *pub = NULL;
    tu_assert_ok(t->ctx, wallet_key_generate(t->ctx, &pub, WALLET_ALG_ES256));
    char *kid = NULL;
    tu_assert_err(t->ctx, wallet_store_key_add_external(t->ctx, &kid, s, pub, ""),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_key_add_external(t->ctx, &kid, s, pub, NULL),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_key_add_external(t->ctx, &kid, s, NULL, "a"),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_key_generate(t->ctx, &kid, s, WALLET_ALG_RS256),
                  WALLET_ERR_ALG_UNSUPPORTED);
    assert_null(kid);
    wallet_key_free(pub);
    wallet_store_free(s);
    ts_teardown(t);
}

static void test_unknown_key_ids_are_not_found(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *cred = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\"}");
    wallet_key *k = (wallet_key *)1;
    tu_assert_err(t->ctx, wallet_store_key(t->ctx, &k, s, "AAAAAAAAAAAAAAAA"), WALLET_ERR_NOT_FOUND);
    assert_null(k);
    tu_assert_err(t->ctx, wallet_store_credential_key(t->ctx, &k, s, cred), WALLET_ERR_NOT_FOUND);
    tu_assert_err(t->ctx, wallet_store_link_key(t->ctx, s, cred, "AAAAAAAAAAAAAAAA"),
                  WALLET_ERR_NOT_FOUND);
    char *jwk = NULL;
    tu_assert_err(t->ctx, wallet_store_key_export(t->ctx, &jwk, s, "AAAAAAAAAAAAAAAA"),
                  WALLET_ERR_NOT_FOUND);
    wallet_free(cred);
    wallet_store_free(s);
    ts_teardown(t);
}

/* A sealed private key moved to another key's row fails its AAD check. */
static void test_swapped_sealed_key_is_corrupt(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *a = NULL, *b = NULL;
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &a, s, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wallet_store_key_generate(t->ctx, &b, s, WALLET_ALG_ES256));
    tu_assert_ok(t->ctx, wl_sql_exec(t->ctx, s->db,
                                     "UPDATE holder_keys SET private = (SELECT private FROM "
                                     "holder_keys ORDER BY id LIMIT 1) WHERE id = (SELECT max(id) "
                                     "FROM holder_keys)"));
    wallet_key *k = NULL;
    tu_assert_err(t->ctx, wallet_store_key(t->ctx, &k, s, b), WALLET_ERR_STORE_CORRUPT);
    char *jwk = NULL;
    tu_assert_err(t->ctx, wallet_store_key_export(t->ctx, &jwk, s, b), WALLET_ERR_STORE_CORRUPT);
    wallet_free(a);
    wallet_free(b);
    wallet_store_free(s);
    ts_teardown(t);
}

/* ---- consent log ---------------------------------------------------------------------------- */

static void test_consent_log_records_and_lists_newest_first(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *cred = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"given_name\":\"Lan\"}");
    char claims[256];
    snprintf(claims, sizeof(claims),
             "[{\"credential\":\"%s\",\"claims\":[[\"given_name\"],[\"address\",\"locality\"]]}]",
             cred);
    uint8_t tx[32];
    for (int i = 0; i < 32; i++)
        tx[i] = (uint8_t)i;
    char *first = NULL, *second = NULL;
    tu_assert_ok(t->ctx, wallet_store_log_presentation(t->ctx, &first, s, "x509_san_dns:bank.example",
                                                       "open an account", claims, NULL, 0));
    wallet_ctx_set_time(t->ctx, TS_NOW + 60);
    tu_assert_ok(t->ctx, wallet_store_log_presentation(t->ctx, &second, s,
                                                       "redirect_uri:https://shop.example/cb", NULL,
                                                       claims, tx, sizeof(tx)));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_log_list(t->ctx, &json, s));
    cJSON *j = ts_parse(json);
    assert_int_equal(cJSON_GetArraySize(j), 2);
    const cJSON *e0 = cJSON_GetArrayItem(j, 0), *e1 = cJSON_GetArrayItem(j, 1);
    assert_string_equal(cJSON_GetObjectItem(e0, "id")->valuestring, second);
    assert_int_equal(cJSON_GetObjectItem(e0, "at")->valuedouble, TS_NOW + 60);
    assert_string_equal(cJSON_GetObjectItem(e0, "verifier")->valuestring,
                        "redirect_uri:https://shop.example/cb");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e0, "purpose")));
    assert_string_equal(cJSON_GetObjectItem(e0, "transaction_data_hash")->valuestring,
                        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    assert_string_equal(cJSON_GetObjectItem(e1, "id")->valuestring, first);
    assert_string_equal(cJSON_GetObjectItem(e1, "purpose")->valuestring, "open an account");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e1, "transaction_data_hash")));
    const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(e1, "claims"), 0);
    assert_string_equal(cJSON_GetObjectItem(c, "credential")->valuestring, cred);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "claims")), 2);
    cJSON_Delete(j);
    wallet_free(json);
    /* The presented credential is now used. */
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, "\"used\":true"));
    wallet_free(json);
    wallet_free(first);
    wallet_free(second);
    wallet_free(cred);
    wallet_store_free(s);
    ts_teardown(t);
}

static void expect_log_refused(ts_env *t, wallet_store *s, const char *verifier, const char *claims,
                               const uint8_t *tx, size_t tx_len, wallet_err want)
{
    char *id = (char *)1;
    tu_assert_err(t->ctx, wallet_store_log_presentation(t->ctx, &id, s, verifier, NULL, claims, tx,
                                                        tx_len),
                  want);
    assert_null(id);
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_log_list(t->ctx, &json, s));
    assert_string_equal(json, "[]");
    wallet_free(json);
}

static void test_consent_log_refusals(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *cred = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\"}");
    char ok[128];
    snprintf(ok, sizeof(ok), "[{\"credential\":\"%s\",\"claims\":[[\"iss\"]]}]", cred);
    static const uint8_t tx[65] = {0};
    expect_log_refused(t, s, "rp", "[{\"credential\":\"AAAAAAAAAAAAAAAA\",\"claims\":[]}]", NULL, 0,
                       WALLET_ERR_NOT_FOUND);
    expect_log_refused(t, s, "rp", "[", NULL, 0, WALLET_ERR_JSON);
    expect_log_refused(t, s, "rp", "[]", NULL, 0, WALLET_ERR_JSON_TYPE);
    expect_log_refused(t, s, "rp", "{\"credential\":\"x\"}", NULL, 0, WALLET_ERR_JSON_TYPE);
    expect_log_refused(t, s, "rp", "[{\"claims\":[]}]", NULL, 0, WALLET_ERR_JSON_TYPE);
    expect_log_refused(t, s, "rp", "[{\"credential\":\"x\",\"claims\":[[{}]]}]", NULL, 0,
                       WALLET_ERR_JSON_TYPE);
    expect_log_refused(t, s, "", ok, NULL, 0, WALLET_ERR_INVALID_ARG);
    expect_log_refused(t, s, NULL, ok, NULL, 0, WALLET_ERR_INVALID_ARG);
    expect_log_refused(t, s, "rp", ok, tx, sizeof(tx), WALLET_ERR_INVALID_ARG);
    expect_log_refused(t, s, "rp", ok, NULL, 4, WALLET_ERR_INVALID_ARG);
    expect_log_refused(t, s, "rp", NULL, NULL, 0, WALLET_ERR_INVALID_ARG);
    /* A refused entry did not mark anything used. */
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, "\"used\":false"));
    wallet_free(json);
    wallet_free(cred);
    wallet_store_free(s);
    ts_teardown(t);
}

/* ---- backup and restore: positive ----------------------------------------------------------- */

static void test_backup_restore_round_trip(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *cred = NULL, *kid = NULL, *ext = NULL;
    fill_store(t, s, &cred, &kid, &ext);
    char *before = snapshot(t, s);
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    /* The backup carries no claim value in clear. */
    assert_null(memmem(b, n, "Hanoi", 5));
    char p[400];
    restore_path(t, p, sizeof(p));
    wallet_store *r = NULL;
    tu_assert_ok(t->ctx, wallet_store_restore(t->ctx, &r, p, b, n, BK_PASS, BK_PASS_LEN,
                                              (const uint8_t *)"246810", 6, TS_FAST));
    char *after = snapshot(t, r);
    assert_string_equal(before, after);
    /* The holder key came back and signs; the match index was rebuilt. */
    wallet_key *k = NULL;
    tu_assert_ok(t->ctx, wallet_store_credential_key(t->ctx, &k, r, cred));
    sign_and_verify(t, k);
    wallet_key_free(k);
    const char *q = "{\"credentials\":[{\"id\":\"pid\",\"format\":\"jws\",\"meta\":{\"vct_values\":"
                    "[\"pid+jwt\"]},\"claims\":[{\"path\":[\"address\",\"locality\"],\"values\":[\"Hanoi\"]}]}]}";
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_match(t->ctx, &json, r, q, strlen(q)));
    assert_non_null(strstr(json, cred));
    wallet_free(json);
    wallet_store_free(r);
    /* The restored store has its own secret. */
    r = NULL;
    tu_assert_err(t->ctx, wallet_store_open(t->ctx, &r, p, TS_PIN, TS_PIN_LEN, 0),
                  WALLET_ERR_STORE_WRONG_SECRET);
    free(before);
    free(after);
    free(b);
    wallet_free(cred);
    wallet_free(kid);
    wallet_free(ext);
    ts_teardown(t);
}

static void test_restore_with_keystore_key_and_replace(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *cred = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"v\":1}");
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    /* More data after the backup; replacing the store goes back to it. */
    char *later = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"v\":2}");
    wallet_store_free(s);
    s = NULL;
    tu_assert_err(t->ctx, wallet_store_restore(t->ctx, &s, t->path, b, n, BK_PASS, BK_PASS_LEN,
                                               ts_raw_key, 32, WALLET_STORE_RAW_KEY),
                  WALLET_ERR_STORE_EXISTS);
    tu_assert_ok(t->ctx, wallet_store_restore(t->ctx, NULL, t->path, b, n, BK_PASS, BK_PASS_LEN,
                                              ts_raw_key, 32,
                                              WALLET_STORE_RAW_KEY | WALLET_STORE_REPLACE));
    tu_assert_ok(t->ctx, wallet_store_open(t->ctx, &s, t->path, ts_raw_key, 32, WALLET_STORE_RAW_KEY));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
    assert_non_null(strstr(json, cred));
    assert_null(strstr(json, later));
    wallet_free(json);
    wallet_store_free(s);
    free(b);
    wallet_free(cred);
    wallet_free(later);
    ts_teardown(t);
}

static void test_backup_of_empty_store_restores(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    char p[400];
    restore_path(t, p, sizeof(p));
    wallet_store *r = NULL;
    tu_assert_ok(t->ctx, wallet_store_restore(t->ctx, &r, p, b, n, BK_PASS, BK_PASS_LEN, TS_PIN,
                                              TS_PIN_LEN, TS_FAST));
    char *json = NULL;
    tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, r, NULL));
    assert_string_equal(json, "[]");
    wallet_free(json);
    wallet_store_free(r);
    free(b);
    ts_teardown(t);
}

/* ---- backup and restore: negative ----------------------------------------------------------- */

static void test_restore_wrong_passphrase_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_free(ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\"}"));
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    expect_restore_refused(t, b, n, (const uint8_t *)"correct horse battery stapler", 29,
                           WALLET_ERR_BACKUP_PASSPHRASE);
    free(b);
    ts_teardown(t);
}

static void test_restore_tampered_body_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_free(ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\"}"));
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    b[100] ^= 1;
    expect_restore_refused(t, b, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_TAMPERED);
    b[100] ^= 1;
    b[n - 1] ^= 1; /* the tag */
    expect_restore_refused(t, b, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_TAMPERED);
    b[n - 1] ^= 1;
    b[33] ^= 1; /* the IV is authenticated too */
    expect_restore_refused(t, b, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_PASSPHRASE);
    free(b);
    ts_teardown(t);
}

static void test_restore_tampered_header_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    b[20] ^= 1; /* salt */
    expect_restore_refused(t, b, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_PASSPHRASE);
    b[20] ^= 1;
    b[50] ^= 1; /* key check */
    expect_restore_refused(t, b, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_PASSPHRASE);
    b[50] ^= 1;
    b[10] = 11; /* scrypt cost: valid range, but not what was used */
    expect_restore_refused(t, b, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_PASSPHRASE);
    free(b);
    ts_teardown(t);
}

static void test_restore_truncated_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    wallet_free(ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\"}"));
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    expect_restore_refused(t, b, n - 20, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_TAMPERED);
    expect_restore_refused(t, b, 80, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    expect_restore_refused(t, b, 0, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    free(b);
    ts_teardown(t);
}

static void test_restore_not_a_backup_is_refused(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    uint8_t *c = malloc(n);
    memcpy(c, b, n);
    c[0] = 'X'; /* magic */
    expect_restore_refused(t, c, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    memcpy(c, b, n);
    c[8] = 2; /* version */
    expect_restore_refused(t, c, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    memcpy(c, b, n);
    c[9] = 2; /* KDF */
    expect_restore_refused(t, c, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    memcpy(c, b, n);
    c[10] = 22; /* scrypt cost: 512 MiB, refused before running */
    expect_restore_refused(t, c, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    memcpy(c, b, n);
    c[14] = 1; /* reserved */
    expect_restore_refused(t, c, n, BK_PASS, BK_PASS_LEN, WALLET_ERR_BACKUP_FORMAT);
    expect_restore_refused(t, (const uint8_t *)"hello", 5, BK_PASS, BK_PASS_LEN,
                           WALLET_ERR_BACKUP_FORMAT);
    free(c);
    free(b);
    ts_teardown(t);
}

static void test_restore_over_existing_store_without_replace(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *cred = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\"}");
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    size_t db_len = 0;
    uint8_t *db = ts_file(t->path, &db_len);
    tu_assert_err(t->ctx, wallet_store_restore(t->ctx, NULL, t->path, b, n, BK_PASS, BK_PASS_LEN,
                                               TS_PIN, TS_PIN_LEN, TS_FAST),
                  WALLET_ERR_STORE_EXISTS);
    size_t now_len = 0;
    uint8_t *now = ts_file(t->path, &now_len);
    assert_int_equal(now_len, db_len);
    assert_memory_equal(now, db, db_len);
    free(now);
    free(db);
    free(b);
    wallet_free(cred);
    ts_teardown(t);
}

/* A failure during the restore (injected at every step) leaves the old
 * store exactly as it was: nothing is half-restored. */
static void test_restore_interrupted_keeps_old_store(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    char *old = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"old\":true}");
    wallet_store_free(s);
    /* The backup comes from another store. */
    char other[400];
    snprintf(other, sizeof(other), "%s/other.db", t->dir);
    tu_assert_ok(t->ctx, wallet_store_create(t->ctx, &s, other, TS_PIN, TS_PIN_LEN, TS_FAST));
    char *neu = ts_add(t, s, "pid+jwt", "{\"iss\":\"https://id.example\",\"new\":true}");
    size_t n = 0;
    uint8_t *b = make_backup(t, s, &n);
    wallet_store_free(s);
    for (int step = 1; step <= 3; step++) {
        wl_store_fault_countdown = step;
        wallet_err e = wallet_store_restore(t->ctx, NULL, t->path, b, n, BK_PASS, BK_PASS_LEN,
                                            (const uint8_t *)"999999", 6,
                                            TS_FAST | WALLET_STORE_REPLACE);
        assert_int_equal(wl_store_fault_countdown, 0);
        wl_store_fault_countdown = 0;
        tu_assert_err(t->ctx, e, WALLET_ERR_IO);
        s = ts_open(t);
        char *json = NULL;
        tu_assert_ok(t->ctx, wallet_store_list(t->ctx, &json, s, NULL));
        assert_non_null(strstr(json, old));
        assert_null(strstr(json, neu));
        wallet_free(json);
        wallet_store_free(s);
    }
    free(b);
    wallet_free(old);
    wallet_free(neu);
    ts_teardown(t);
}

static void test_backup_bad_arguments(void **state)
{
    (void)state;
    ts_env *t = ts_setup();
    wallet_store *s = ts_create(t);
    uint8_t *b = (uint8_t *)1;
    size_t n = 9;
    tu_assert_err(t->ctx, wallet_store_backup(t->ctx, &b, &n, s, BK_PASS, 0, TS_FAST),
                  WALLET_ERR_INVALID_ARG);
    assert_null(b);
    assert_int_equal(n, 0);
    tu_assert_err(t->ctx, wallet_store_backup(t->ctx, &b, &n, s, BK_PASS, BK_PASS_LEN,
                                              WALLET_STORE_RAW_KEY),
                  WALLET_ERR_INVALID_ARG);
    tu_assert_err(t->ctx, wallet_store_backup(t->ctx, &b, &n, s, BK_PASS, BK_PASS_LEN,
                                              WALLET_STORE_SCRYPT_LOG2N(30)),
                  WALLET_ERR_INVALID_ARG);
    wallet_store_lock(s);
    tu_assert_err(t->ctx, wallet_store_backup(t->ctx, &b, &n, s, BK_PASS, BK_PASS_LEN, TS_FAST),
                  WALLET_ERR_STATE);
    wallet_store_free(s);
    ts_teardown(t);
}

/* The buffers that carry private keys into a backup wipe every block they
 * leave behind when they grow (wl_buf_init_secret); their content must
 * still come out intact. */
static void test_secret_buffer_grows_intact(void **state)
{
    (void)state;
    wl_buf b;
    wl_buf_init_secret(&b, 0);
    for (int i = 0; i < 5000; i++)
        assert_true(wl_buf_append_byte(&b, (uint8_t)(i * 7)));
    assert_int_equal(b.len, 5000);
    for (int i = 0; i < 5000; i++)
        assert_int_equal(b.data[i], (uint8_t)(i * 7));
    wl_buf_free(&b); /* wipes too: the secret mark stays on the buffer */
    assert_null(b.data);
    assert_int_equal(b.secret, 1);
    wl_buf c;
    wl_buf_init_secret(&c, 10);
    assert_false(wl_buf_append(&c, "0123456789abc", 13)); /* the cap still holds */
    wl_buf_free_secret(&c);
}

/* The record parser, reached directly (the GCM layer keeps the fuzzer and
 * an attacker out): every malformation is BACKUP_FORMAT. */
static void frame(uint8_t *out, size_t *off, const char *hex)
{
    size_t n = 0;
    uint8_t *rec = tu_unhex(hex, &n);
    assert_non_null(rec);
    out[(*off)++] = (uint8_t)(n >> 24);
    out[(*off)++] = (uint8_t)(n >> 16);
    out[(*off)++] = (uint8_t)(n >> 8);
    out[(*off)++] = (uint8_t)n;
    memcpy(out + *off, rec, n);
    *off += n;
    free(rec);
}

/* {"log": 0, "keys": k, "format": "libwallet-store-backup", "created": 0,
 *  "version": v, "credentials": c} in deterministic order. */
static const char *head_hex(int keys, int version, int creds)
{
    static char hex[256];
    snprintf(hex, sizeof(hex),
             "a6"
             "636c6f6700"                 /* "log": 0 */
             "646b657973%02x"             /* "keys" */
             "66666f726d6174"             /* "format" */
             "766c696277616c6c65742d73746f72652d6261636b7570"
             "67637265617465640" "0"      /* "created": 0 */
             "6776657273696f6e%02x"       /* "version" */
             "6b63726564656e7469616c73%02x", /* "credentials" */
             keys, version, creds);
    return hex;
}

static void test_backup_record_parser_rejections(void **state)
{
    (void)state;
    wallet_ctx *ctx = tu_ctx_at(TS_NOW);
    uint8_t buf[1024];
    size_t off = 0;
    frame(buf, &off, head_hex(0, 1, 0));
    tu_assert_ok(ctx, wl_backup_check_plain(ctx, buf, off));
    /* Unknown version. */
    off = 0;
    frame(buf, &off, head_hex(0, 2, 0));
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    /* A counted record is missing. */
    off = 0;
    frame(buf, &off, head_hex(1, 1, 0));
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    /* A record beyond the counts. */
    off = 0;
    frame(buf, &off, head_hex(0, 1, 0));
    frame(buf, &off, "a16174636b6579"); /* {"t": "key"} */
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    /* A key record with a missing member. */
    off = 0;
    frame(buf, &off, head_hex(1, 1, 0));
    frame(buf, &off, "a16174636b6579");
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    /* Not a map; not deterministic CBOR (unsorted keys). */
    off = 0;
    frame(buf, &off, "80");
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    off = 0;
    frame(buf, &off, "a2616201616101");
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    /* A length running past the data; a truncated length; no records. */
    off = 0;
    frame(buf, &off, head_hex(0, 1, 0));
    buf[3] += 1;
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, off), WALLET_ERR_BACKUP_FORMAT);
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, 2), WALLET_ERR_BACKUP_FORMAT);
    tu_assert_err(ctx, wl_backup_check_plain(ctx, buf, 0), WALLET_ERR_BACKUP_FORMAT);
    wallet_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_key_signs_through_handle),
        cmocka_unit_test(test_explicit_export_returns_the_private_key),
        cmocka_unit_test(test_external_key_signs_through_callback),
        cmocka_unit_test(test_key_handle_outlives_nothing_but_itself),
        cmocka_unit_test(test_key_handle_never_exports_private),
        cmocka_unit_test(test_lock_disables_key_handles),
        cmocka_unit_test(test_external_key_without_signer_fails),
        cmocka_unit_test(test_external_key_bad_arguments),
        cmocka_unit_test(test_unknown_key_ids_are_not_found),
        cmocka_unit_test(test_swapped_sealed_key_is_corrupt),
        cmocka_unit_test(test_consent_log_records_and_lists_newest_first),
        cmocka_unit_test(test_consent_log_refusals),
        cmocka_unit_test(test_backup_restore_round_trip),
        cmocka_unit_test(test_restore_with_keystore_key_and_replace),
        cmocka_unit_test(test_backup_of_empty_store_restores),
        cmocka_unit_test(test_restore_wrong_passphrase_is_refused),
        cmocka_unit_test(test_restore_tampered_body_is_refused),
        cmocka_unit_test(test_restore_tampered_header_is_refused),
        cmocka_unit_test(test_restore_truncated_is_refused),
        cmocka_unit_test(test_restore_not_a_backup_is_refused),
        cmocka_unit_test(test_restore_over_existing_store_without_replace),
        cmocka_unit_test(test_restore_interrupted_keeps_old_store),
        cmocka_unit_test(test_backup_bad_arguments),
        cmocka_unit_test(test_secret_buffer_grows_intact),
        cmocka_unit_test(test_backup_record_parser_rejections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
