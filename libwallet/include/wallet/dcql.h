/*
 * libwallet — Digital Credentials Query Language (DCQL, OpenID4VP 1.0 §6):
 * parse and validate a query, and match it against the credentials a wallet
 * holds, following the processing rules of §6.4 and the claims path pointer
 * semantics of §7.
 *
 *     wallet_dcql *q;
 *     wallet_dcql_parse(ctx, &q, json, len);                 validate
 *     wallet_dcql_candidates *c;
 *     wallet_dcql_candidates_new(ctx, &c);
 *     wallet_dcql_candidates_add(ctx, c, "cred-1", WALLET_DCQL_FORMAT_SD_JWT,
 *                                vct, claims_json, claims_len,
 *                                WALLET_DCQL_HOLDER_BINDING);
 *     wallet_dcql_result *r;
 *     wallet_dcql_match(ctx, &r, q, c);                      evaluate
 *     if (wallet_dcql_result_satisfied(r)) ... present what it selects
 *
 * Matching is a pure function of the query and the candidates: it makes no
 * network call, reads no store, and never copies a claim value into its
 * result (only claim paths), so a result can be logged or shown. The same
 * function serves a wallet (candidates = the credentials it holds) and a
 * verifier (candidates = the presentations it received and verified: the
 * selection then says which claims were asked for).
 *
 * ---- What a valid query is (each rule has its own error code) ----------------
 *
 * The query is a JSON object (strict JSON: no duplicate members, see
 * json.h rules); unknown members are ignored everywhere (§6).
 *   credentials        required, non-empty array of credential queries
 *   credential_sets    optional, non-empty array of credential set queries
 * A credential query:
 *   id                 required string of [A-Za-z0-9_-]+, unique in the query
 *   format             required string; "dc+sd-jwt" and "mso_mdoc" are
 *                      matched, any other format parses and never matches
 *   meta               required object; for dc+sd-jwt "vct_values" (required
 *                      non-empty array of strings), for mso_mdoc
 *                      "doctype_value" (required string)
 *   multiple           optional boolean, default false
 *   require_cryptographic_holder_binding  optional boolean, default true
 *   trusted_authorities optional non-empty array of {"type": string,
 *                      "values": non-empty array of strings}
 *   claims             optional non-empty array of claims queries
 *   claim_sets         optional non-empty array of non-empty arrays of claim
 *                      ids; only with claims, and then every claim has an id
 * A claims query:
 *   id                 string of [A-Za-z0-9_-]+, unique within its claims
 *   path               required non-empty array of strings, nulls and
 *                      non-negative integers (§7); for mso_mdoc exactly two
 *                      strings, [namespace, element identifier] (§7.2)
 *   values             optional non-empty array of strings, integers (at
 *                      most 2^53 in magnitude, exact in JSON) and booleans
 *   intent_to_retain   optional boolean (mso_mdoc only; ignored otherwise)
 * Two claims queries with the same path are allowed (§6.1: "Wallets SHOULD
 * ignore such duplicate claim queries"): the path is disclosed once.
 * A credential set query:
 *   options            required non-empty array of non-empty arrays of
 *                      credential query ids
 *   required           optional boolean, default true
 *   purpose            optional, any JSON value (earlier drafts; kept as text)
 *
 * Errors of wallet_dcql_parse():
 *   WALLET_ERR_JSON, _JSON_DUPLICATE, _TOO_DEEP, _TOO_LARGE   not strict JSON /
 *                      over a limit (input size, depth, or the counts below)
 *   WALLET_ERR_DCQL_FORMAT          not an object; a member of the wrong type;
 *                                   credentials / id / format missing
 *   WALLET_ERR_DCQL_ID              an id is empty or has other characters
 *   WALLET_ERR_DCQL_DUPLICATE_ID    two credential queries (or two claims of
 *                                   one credential query) share an id
 *   WALLET_ERR_DCQL_UNKNOWN_ID      claim_sets / options name an undefined id
 *   WALLET_ERR_DCQL_EMPTY           an array that must be non-empty is empty
 *   WALLET_ERR_DCQL_PATH            path missing, empty, or with an element
 *                                   that is not a string, null or integer
 *                                   >= 0; an mso_mdoc path not two strings
 *   WALLET_ERR_DCQL_CLAIM_ID_MISSING claim_sets present, a claim without id
 *   WALLET_ERR_DCQL_VALUES          values holds an object, array, null or
 *                                   fractional number
 *   WALLET_ERR_DCQL_META            meta missing or not an object; vct_values
 *                                   / doctype_value missing or mistyped
 *   WALLET_ERR_DCQL_CLAIM_SETS_WITHOUT_CLAIMS  claim_sets without claims
 *   WALLET_ERR_DCQL_TRUSTED_AUTHORITY a trusted_authorities entry without a
 *                                   string type or with non-string values
 *
 * ---- How matching works ------------------------------------------------------
 *
 * A candidate satisfies a credential query when (in this order):
 *   1. its format is the query's (never for an unknown query format);
 *   2. its type is in vct_values (SD-JWT VC: exact string comparison; type
 *      inheritance through SD-JWT VC type metadata is not followed) or
 *      equals doctype_value (mdoc);
 *   3. the query requires holder binding (the default) only if the candidate
 *      was added with WALLET_DCQL_HOLDER_BINDING;
 *   4. with trusted_authorities: one of the candidate's authorities (added
 *      with wallet_dcql_candidates_add_authority()) has the type of an
 *      entry and one of its values. A candidate without authority data does
 *      not match such a query: the match cannot be shown (fail closed);
 *   5. the claims: without "claims", nothing selectively disclosable is
 *      requested and the candidate matches with no claims to disclose;
 *      without "claim_sets", every claims query must be found; with them,
 *      the first claim set (in the query's order) whose claims are all
 *      found is used (§6.4.1).
 * A claims query is found by processing its path over the candidate's
 * claims (§7.1: a string selects a member, an integer an array element,
 * null every element; a component meeting a value of the wrong type
 * aborts: the claim is not found; an empty selection is not found). With
 * "values", selected elements whose value is not of the same type and equal
 * to one of them are treated as absent (§6.4.1): the claim is found when
 * at least one element remains, and only those elements are disclosed.
 * Strings compare exactly, numbers numerically, booleans by value; a JSON
 * null is a present claim that matches no value.
 *
 * Then, with credential_sets, each set's first option whose credential
 * queries all have a match is chosen; the query is satisfied when every
 * required set has one. Without credential_sets, it is satisfied when every
 * credential query has a match. When satisfied, the selection is: every
 * credential query (no credential_sets) or those of the chosen options;
 * for each, its first matching candidate, or all of them with "multiple".
 * When not satisfied, nothing is selected (§6.4.2: no credential may be
 * returned).
 *
 * Claim paths in results are concrete (wildcards expanded to the indexes
 * found) and given two ways: as JSON (["address","street_address"]) and in
 * the `wallet` CLI's syntax — for SD-JWT the PATHS of `present sdjwt
 * --disclose` ("address.street_address", "nationalities.1"), for mdoc the
 * NS/ELEM of `present mdoc --elements` ("org.iso.18013.5.1/given_name").
 * The CLI form is NULL when a component cannot be written in it (an empty
 * name, a name with '.', ',' or '/', or a name made only of digits). A path
 * that ends on an object or array asks for the whole value.
 */
#ifndef WALLET_DCQL_H
#define WALLET_DCQL_H

#include "ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Hard limits on a query (WALLET_ERR_TOO_LARGE beyond), on top of the
 * context's input-size and JSON-depth limits. */
#define WALLET_DCQL_MAX_CREDENTIALS 64  /* credential queries */
#define WALLET_DCQL_MAX_CLAIMS 256      /* claims queries per credential query */
#define WALLET_DCQL_MAX_SETS 64         /* claim_sets per credential query;
                                           credential_sets; options per set */
#define WALLET_DCQL_MAX_PATH 64         /* components of one claims path */
#define WALLET_DCQL_MAX_VALUES 256      /* values of one claims query; ids in
                                           one claim set or option; vct_values;
                                           trusted authority values */

/* Credential formats (the "format" member). */
typedef enum wallet_dcql_format {
    WALLET_DCQL_FORMAT_OTHER = 0,  /* parsed, never matched */
    WALLET_DCQL_FORMAT_SD_JWT = 1, /* "dc+sd-jwt" (IETF SD-JWT VC) */
    WALLET_DCQL_FORMAT_MDOC = 2    /* "mso_mdoc" (ISO/IEC 18013-5) */
} wallet_dcql_format;

/* ---- the query ---------------------------------------------------------------- */

typedef struct wallet_dcql wallet_dcql;

/* Parse and validate a DCQL query (JSON text). On failure *out is NULL and
 * the code is one of those listed above; the context's detail names the
 * failing member (e.g. "credentials[1].claims[0].path[2]"). */
WALLET_EXPORT wallet_err wallet_dcql_parse(wallet_ctx *ctx, wallet_dcql **out, const char *json,
                                           size_t json_len);
WALLET_EXPORT void wallet_dcql_free(wallet_dcql *query);

/* The query back as JSON, normalised: only the members defined by the
 * specification, defaults written out ("multiple", "require_cryptographic_
 * holder_binding", "required"). Release with wallet_free(). */
WALLET_EXPORT wallet_err wallet_dcql_to_json(wallet_ctx *ctx, char **out,
                                             const wallet_dcql *query);

/* Credential queries, in the query's order. Accessors return NULL / 0 /
 * WALLET_DCQL_FORMAT_OTHER / -1 for an index out of range. Strings are owned
 * by the query. */
WALLET_EXPORT size_t wallet_dcql_credential_count(const wallet_dcql *query);
WALLET_EXPORT const char *wallet_dcql_credential_id(const wallet_dcql *query, size_t i);
WALLET_EXPORT wallet_dcql_format wallet_dcql_credential_format(const wallet_dcql *query, size_t i);
/* The "format" string as received ("dc+sd-jwt", "jwt_vc_json", ...). */
WALLET_EXPORT const char *wallet_dcql_credential_format_name(const wallet_dcql *query, size_t i);
/* 1 / 0 (with the defaults applied), -1 out of range. */
WALLET_EXPORT int wallet_dcql_credential_multiple(const wallet_dcql *query, size_t i);
WALLET_EXPORT int wallet_dcql_credential_holder_binding(const wallet_dcql *query, size_t i);
/* Accepted types: the vct_values (SD-JWT) or the one doctype_value (mdoc);
 * none for other formats. */
WALLET_EXPORT size_t wallet_dcql_credential_type_count(const wallet_dcql *query, size_t i);
WALLET_EXPORT const char *wallet_dcql_credential_type(const wallet_dcql *query, size_t i,
                                                      size_t j);

/* Claims queries of credential query i (0 when "claims" is absent). */
WALLET_EXPORT size_t wallet_dcql_claim_count(const wallet_dcql *query, size_t i);
/* Its id, or NULL. */
WALLET_EXPORT const char *wallet_dcql_claim_id(const wallet_dcql *query, size_t i, size_t k);
/* The path as compact JSON, e.g. ["degrees",null,"type"]. */
WALLET_EXPORT const char *wallet_dcql_claim_path_json(const wallet_dcql *query, size_t i,
                                                      size_t k);
/* The values as compact JSON, or NULL when the claim has none. */
WALLET_EXPORT const char *wallet_dcql_claim_values_json(const wallet_dcql *query, size_t i,
                                                        size_t k);
/* intent_to_retain: 1, 0, or -1 when absent (or not an mdoc query). */
WALLET_EXPORT int wallet_dcql_claim_intent_to_retain(const wallet_dcql *query, size_t i, size_t k);

/* Credential set queries (0 when "credential_sets" is absent). */
WALLET_EXPORT size_t wallet_dcql_credential_set_count(const wallet_dcql *query);
/* 1 / 0 with the default applied, -1 out of range. */
WALLET_EXPORT int wallet_dcql_credential_set_required(const wallet_dcql *query, size_t s);
/* "purpose" as compact JSON, or NULL. */
WALLET_EXPORT const char *wallet_dcql_credential_set_purpose_json(const wallet_dcql *query,
                                                                  size_t s);

/* ---- the candidates ------------------------------------------------------------ */

typedef struct wallet_dcql_candidates wallet_dcql_candidates;

/* Flags of a candidate. */
#define WALLET_DCQL_HOLDER_BINDING 1u /* can prove holder binding (SD-JWT with
                                         cnf, mdoc device key) */

WALLET_EXPORT wallet_err wallet_dcql_candidates_new(wallet_ctx *ctx,
                                                    wallet_dcql_candidates **out);
WALLET_EXPORT void wallet_dcql_candidates_free(wallet_dcql_candidates *set);

/*
 * Add a credential the wallet holds (or, for a verifier, a presentation it
 * verified).
 *   id      the caller's identifier (e.g. the store's), non-empty, unique in
 *           the set; results name candidates by it
 *   format  WALLET_DCQL_FORMAT_SD_JWT or WALLET_DCQL_FORMAT_MDOC
 *   type    the vct (SD-JWT VC) or docType (mdoc)
 *   claims  JSON text: for SD-JWT the processed claims object (every claim
 *           the holder can disclose, disclosures resolved, no "_sd" or
 *           "..." left); for mdoc {"namespace": {"element": value, ...}, ...}
 *           with CBOR values already converted to JSON (RFC 8949 §6.1:
 *           full-dates and tdates as strings, byte strings as base64url)
 *   flags   0 or WALLET_DCQL_HOLDER_BINDING
 * The claims are parsed strictly (context limits apply). Errors:
 * WALLET_ERR_DCQL_CANDIDATE (empty or duplicate id, unknown format, claims
 * not an object / mdoc namespaces not objects), the JSON errors,
 * WALLET_ERR_INVALID_ARG for NULL arguments or unknown flags.
 */
WALLET_EXPORT wallet_err wallet_dcql_candidates_add(wallet_ctx *ctx, wallet_dcql_candidates *set,
                                                    const char *id, wallet_dcql_format format,
                                                    const char *type, const char *claims_json,
                                                    size_t claims_len, unsigned flags);

/* Record that candidate `id` is certified by an authority, as a
 * trusted_authorities entry would name it (§6.1.1): type "aki" with the
 * base64url KeyIdentifier of an AuthorityKeyIdentifier in its chain,
 * "etsi_tl" with a Trusted List identifier, "openid_federation" with an
 * Entity Identifier, or any other type. Values compare as exact strings.
 * WALLET_ERR_NOT_FOUND when no candidate has that id. */
WALLET_EXPORT wallet_err wallet_dcql_candidates_add_authority(wallet_ctx *ctx,
                                                              wallet_dcql_candidates *set,
                                                              const char *id, const char *type,
                                                              const char *value);

WALLET_EXPORT size_t wallet_dcql_candidates_count(const wallet_dcql_candidates *set);

/* ---- matching ---------------------------------------------------------------------- */

typedef struct wallet_dcql_result wallet_dcql_result;

/*
 * Evaluate `query` over `candidates` (see "How matching works"). Returns
 * WALLET_OK whenever the evaluation ran, satisfied or not: the result says
 * which. The result does not refer to the query or the candidates (it keeps
 * copies of the ids), so either may be freed first.
 */
WALLET_EXPORT wallet_err wallet_dcql_match(wallet_ctx *ctx, wallet_dcql_result **out,
                                           const wallet_dcql *query,
                                           const wallet_dcql_candidates *candidates);
WALLET_EXPORT void wallet_dcql_result_free(wallet_dcql_result *result);

/* 1 when the whole query can be satisfied (a selection exists), else 0. */
WALLET_EXPORT int wallet_dcql_result_satisfied(const wallet_dcql_result *result);

/* WALLET_OK when satisfied; else WALLET_ERR_DCQL_UNSATISFIED with a detail
 * naming the first required credential set or credential query without a
 * match (ids only, never a claim value). */
WALLET_EXPORT wallet_err wallet_dcql_result_check(wallet_ctx *ctx,
                                                  const wallet_dcql_result *result);

/* Per credential query (same indexes as the query). */
WALLET_EXPORT size_t wallet_dcql_result_query_count(const wallet_dcql_result *result);
WALLET_EXPORT const char *wallet_dcql_result_query_id(const wallet_dcql_result *result, size_t i);
/* Candidates that satisfy query i, in the order they were added. */
WALLET_EXPORT size_t wallet_dcql_result_match_count(const wallet_dcql_result *result, size_t i);
WALLET_EXPORT const char *wallet_dcql_result_match_candidate(const wallet_dcql_result *result,
                                                             size_t i, size_t j);
/* The claim set used for match j (index into claim_sets), or -1 when the
 * query has no claim_sets. */
WALLET_EXPORT int wallet_dcql_result_match_claim_set(const wallet_dcql_result *result, size_t i,
                                                     size_t j);
/* The concrete claim paths to disclose for match j, deduplicated, in the
 * order of the claims queries. */
WALLET_EXPORT size_t wallet_dcql_result_claim_count(const wallet_dcql_result *result, size_t i,
                                                    size_t j);
WALLET_EXPORT const char *wallet_dcql_result_claim_path_json(const wallet_dcql_result *result,
                                                             size_t i, size_t j, size_t k);
/* CLI form ("address.street_address" / "org.iso.18013.5.1/given_name"),
 * or NULL when not representable. */
WALLET_EXPORT const char *wallet_dcql_result_claim_path(const wallet_dcql_result *result,
                                                        size_t i, size_t j, size_t k);
/* mdoc intent_to_retain of the claims query behind path k: 1, 0, -1. */
WALLET_EXPORT int wallet_dcql_result_claim_intent_to_retain(const wallet_dcql_result *result,
                                                            size_t i, size_t j, size_t k);
/* All CLI paths of match j joined with ',' (ready for --disclose /
 * --elements; "" when there are no claims), or NULL when one is not
 * representable. */
WALLET_EXPORT const char *wallet_dcql_result_disclose(const wallet_dcql_result *result, size_t i,
                                                      size_t j);

/* The selection: how many candidates to present for query i (0 when query
 * i is not selected; then 1, or all matches with "multiple"); they are
 * matches 0 .. count-1. */
WALLET_EXPORT size_t wallet_dcql_result_selected_count(const wallet_dcql_result *result,
                                                       size_t i);

/* Credential sets: the chosen option of set s, or -1 when none is
 * satisfiable (or s is out of range). */
WALLET_EXPORT int wallet_dcql_result_set_option(const wallet_dcql_result *result, size_t s);

/*
 * The whole result as JSON:
 *   {"satisfied": bool,
 *    "credentials": [{"id", "multiple", "selected": n, "matches": [
 *        {"candidate", "claim_set"?, "disclose"?, "claims": [
 *            {"path": [...], "text"?: "...", "intent_to_retain"?: bool}]}]}],
 *    "credential_sets"?: [{"required": bool, "option": n | null}],
 *    "presentation": {"<query id>": [{"candidate", "disclose"?, "claims": [[...], ...]}]}}
 * "presentation" holds the selection (empty when not satisfied).
 */
WALLET_EXPORT wallet_err wallet_dcql_result_to_json(wallet_ctx *ctx, char **out,
                                                    const wallet_dcql_result *result);

#ifdef __cplusplus
}
#endif
#endif /* WALLET_DCQL_H */
