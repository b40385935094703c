/* Verification policy. */
#include "policy.h"
#include "../crypto/crypto.h"
#include "../mdoc/mdoc_int.h"

static const wallet_policy wl_default_policy = {
    .algs = WALLET_ALGSET_ALL,
};

const wallet_policy *wl_policy_default(void)
{
    return &wl_default_policy;
}

wallet_err wallet_policy_new(wallet_ctx *ctx, wallet_policy **out)
{
    wl_enter(ctx);
    if (!out)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL output");
    *out = wl_calloc(1, sizeof(**out));
    if (!*out)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    (*out)->algs = WALLET_ALGSET_ALL;
    return WALLET_OK;
}

static void wl_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void wallet_policy_free(wallet_policy *p)
{
    if (!p)
        return;
    free(p->audience);
    free(p->nonce);
    wl_strv_free(p->sdjwt_types, p->n_sdjwt_types);
    wl_strv_free(p->transaction_data, p->n_transaction_data);
    wl_strv_free(p->td_hash_algs, p->n_td_hash_algs);
    free(p->session_transcript);
    wallet_key_free(p->reader_key);
    free(p->doctype);
    free(p);
}

wallet_err wallet_policy_set_algs(wallet_ctx *ctx, wallet_policy *p, wallet_algset algs)
{
    wl_enter(ctx);
    if (!p || algs == 0 || (algs & ~(wallet_algset)WALLET_ALGSET_ALL))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "algorithm set empty or unknown");
    p->algs = algs;
    return WALLET_OK;
}

static wallet_err wl_set_str(wallet_ctx *ctx, char **field, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = wl_strdup(value)))
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    free(*field);
    *field = copy;
    return WALLET_OK;
}

wallet_err wallet_policy_set_audience(wallet_ctx *ctx, wallet_policy *p, const char *aud)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    return wl_set_str(ctx, &p->audience, aud);
}

wallet_err wallet_policy_set_nonce(wallet_ctx *ctx, wallet_policy *p, const char *nonce)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    return wl_set_str(ctx, &p->nonce, nonce);
}

wallet_err wallet_policy_require_holder_binding(wallet_ctx *ctx, wallet_policy *p, int required)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    p->holder_binding = required != 0;
    return WALLET_OK;
}

wallet_err wallet_policy_set_kb_max_age(wallet_ctx *ctx, wallet_policy *p, int64_t seconds)
{
    wl_enter(ctx);
    if (!p || seconds <= 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "KB-JWT maximum age must be > 0");
    p->kb_max_age = seconds;
    return WALLET_OK;
}

/* Copy n strings (none NULL) into a fresh vector; *out NULL for n == 0. */
static wallet_err wl_strv_copy(wallet_ctx *ctx, char ***out, const char *const *v, size_t n)
{
    *out = NULL;
    if (n == 0)
        return WALLET_OK;
    if (!v || n > 1024)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL list or more than 1024 entries");
    for (size_t i = 0; i < n; i++)
        if (!v[i])
            return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL entry %zu", i);
    char **c = wl_calloc(n, sizeof(char *));
    if (!c)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (!(c[i] = wl_strdup(v[i]))) {
            wl_strv_free(c, i);
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
        }
    }
    *out = c;
    return WALLET_OK;
}

wallet_err wallet_policy_set_sdjwt_types(wallet_ctx *ctx, wallet_policy *p,
                                         const char *const *types, size_t count)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    char **c;
    wallet_err e = wl_strv_copy(ctx, &c, types, count);
    if (e)
        return e;
    wl_strv_free(p->sdjwt_types, p->n_sdjwt_types);
    p->sdjwt_types = c;
    p->n_sdjwt_types = count;
    return WALLET_OK;
}

wallet_err wallet_policy_set_transaction_data(wallet_ctx *ctx, wallet_policy *p,
                                              const char *const *transaction_data, size_t count,
                                              const char *const *hash_algs,
                                              size_t hash_alg_count)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    char **td = NULL, **algs = NULL;
    wallet_err e = wl_strv_copy(ctx, &td, transaction_data, count);
    if (!e)
        e = wl_strv_copy(ctx, &algs, count ? hash_algs : NULL, count ? hash_alg_count : 0);
    if (e) {
        wl_strv_free(td, count);
        return e;
    }
    wl_strv_free(p->transaction_data, p->n_transaction_data);
    wl_strv_free(p->td_hash_algs, p->n_td_hash_algs);
    p->transaction_data = td;
    p->n_transaction_data = count;
    p->td_hash_algs = algs;
    p->n_td_hash_algs = count ? hash_alg_count : 0;
    return WALLET_OK;
}

wallet_err wallet_policy_set_status_cache(wallet_ctx *ctx, wallet_policy *p,
                                          wallet_status_cache *cache)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    p->status_cache = cache;
    return WALLET_OK;
}

wallet_err wallet_policy_set_status_snapshot(wallet_ctx *ctx, wallet_policy *p,
                                             const wallet_status_snapshot *snap, int64_t max_age)
{
    wl_enter(ctx);
    if (!p || max_age < 0)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy or negative maximum age");
    p->status_snapshot = snap;
    p->status_max_age = snap ? max_age : 0;
    return WALLET_OK;
}

wallet_err wallet_policy_require_status(wallet_ctx *ctx, wallet_policy *p, int required)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    p->status_required = required != 0;
    return WALLET_OK;
}

wallet_err wallet_policy_set_session_transcript(wallet_ctx *ctx, wallet_policy *p,
                                                const uint8_t *transcript, size_t len)
{
    wl_enter(ctx);
    if (!p || (!transcript && len))
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL argument");
    uint8_t *copy = NULL;
    if (transcript) {
        wallet_err e = wl_mdoc_transcript_check(ctx, transcript, len);
        if (e)
            return e;
        if (!(copy = wl_memdup(transcript, len)))
            return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    }
    free(p->session_transcript);
    p->session_transcript = copy;
    p->session_transcript_len = copy ? len : 0;
    return WALLET_OK;
}

wallet_err wallet_policy_set_reader_key(wallet_ctx *ctx, wallet_policy *p,
                                        const wallet_key *reader_key)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    if (reader_key && !wallet_key_can_sign(reader_key))
        return wl_err(ctx, WALLET_ERR_KEY_NOT_PRIVATE, "the reader key needs its private half");
    wallet_key_free(p->reader_key);
    p->reader_key = reader_key ? wl_key_ref(reader_key) : NULL;
    return WALLET_OK;
}

wallet_err wallet_policy_set_doctype(wallet_ctx *ctx, wallet_policy *p, const char *doctype)
{
    wl_enter(ctx);
    if (!p)
        return wl_err(ctx, WALLET_ERR_INVALID_ARG, "NULL policy");
    return wl_set_str(ctx, &p->doctype, doctype);
}
