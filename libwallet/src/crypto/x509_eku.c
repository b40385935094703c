/* Extended key usage of a certificate matched against a list of OIDs. */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "key_impl.h"

int wl_cert_eku_match(const wallet_cert *cert, const char *const *oids, size_t n, uint32_t *found)
{
    *found = 0;
    if (n > 32)
        return -1;
    int crit = 0;
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(wl_cert_x509(cert), NID_ext_key_usage, &crit, NULL);
    if (!eku) {
        ERR_clear_error();
        /* crit: -1 absent, -2 present more than once, >= 0 present but not
         * decodable. Only "absent" means "no restriction". */
        return crit == -1 ? 0 : -1;
    }
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
        char buf[128];
        int len = OBJ_obj2txt(buf, sizeof(buf), sk_ASN1_OBJECT_value(eku, i), 1);
        if (len <= 0 || (size_t)len >= sizeof(buf))
            continue; /* longer than any OID we look for */
        for (size_t k = 0; k < n; k++)
            if (strcmp(buf, oids[k]) == 0)
                *found |= (uint32_t)1 << k;
    }
    EXTENDED_KEY_USAGE_free(eku);
    return 1;
}
