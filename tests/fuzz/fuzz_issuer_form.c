/*
 * Fuzz target: the issuer's application/x-www-form-urlencoded reader
 * (issuer-service/src/util.c iss_form_get), which reads the OAuth 2.0 token
 * request (RFC 6749 §4.1.3, OpenID4VCI 1.0 §6.1).
 *
 * Properties: a value found is a NUL-terminated string no longer than the
 * body; `dup` is 0 or 1, and a repeated name yields no value; a name not in
 * the body is never found, except that a malformed body answers "\x01" to
 * every name. (The reader is wallet_form_get, codec.h.)
 */
#include "fuzz_common.h"
#include "issuer.h"

static const char *const fz_names[] = {"grant_type", "pre-authorized_code", "tx_code", "a",
                                       "", "a b"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < sizeof(fz_names) / sizeof(fz_names[0]); i++) {
        int dup = 7;
        char *v = iss_form_get((const char *)data, size, fz_names[i], &dup);
        FZ_CHECK(dup == 0 || dup == 1);
        FZ_CHECK(!(dup && v));
        if (v) {
            FZ_CHECK(strlen(v) <= size + 1);
            free(v);
        }
    }
    int dup = 0;
    char *v = iss_form_get((const char *)data, size, "zz-never-in-any-seed-zz", &dup);
    if (v) {
        /* only possible if the body spells the name (maybe percent-encoded),
         * or is malformed (the "\x01" no check accepts) */
        FZ_CHECK(size >= 5 || strcmp(v, "\x01") == 0);
        free(v);
    }
    return 0;
}
