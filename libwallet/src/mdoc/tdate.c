/*
 * Dates of ISO/IEC 18013-5: tdate (tag 0 over an RFC 3339 date-time, used
 * by the MSO's validityInfo and by elements) and full-date (tag 1004 over
 * "YYYY-MM-DD", RFC 8943). Conversions are done with the proleptic
 * Gregorian calendar in integer arithmetic (no time zone, no libc mktime).
 */
#include "mdoc_int.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int64_t wl_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void wl_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int wl_digits(const char *s, size_t n, unsigned *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (unsigned)(s[i] - '0');
    }
    return 0;
}

static int wl_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int wl_valid_date(unsigned y, unsigned m, unsigned d)
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    unsigned max = mdays[m - 1] + (m == 2 && wl_leap(y));
    return d <= max;
}

int wl_mdoc_parse_fulldate(const char *s, size_t n, int64_t *days)
{
    unsigned y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-' || wl_digits(s, 4, &y) || wl_digits(s + 5, 2, &m) ||
        wl_digits(s + 8, 2, &d) || !wl_valid_date(y, m, d))
        return -1;
    *days = wl_days_from_civil(y, m, d);
    return 0;
}

int wl_mdoc_parse_datetime(const char *s, size_t n, int64_t *out)
{
    /* RFC 3339 §5.6: full-date "T" partial-time time-offset; "t"/"z"
     * accepted as the ABNF allows (case-insensitive). */
    int64_t days;
    unsigned hh, mm, ss;
    if (n < 20 || wl_mdoc_parse_fulldate(s, 10, &days) || (s[10] != 'T' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':' || wl_digits(s + 11, 2, &hh) || wl_digits(s + 14, 2, &mm) ||
        wl_digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
        return -1;
    size_t i = 19;
    if (s[i] == '.') {
        size_t start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start || i - start > 9)
            return -1;
    }
    int64_t offset = 0;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        unsigned oh, om;
        if (wl_digits(s + i + 1, 2, &oh) || wl_digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        offset = (int64_t)(oh * 3600 + om * 60) * (s[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return -1;
    }
    if (i != n)
        return -1;
    /* A leap second (:60) counts as the following second, as POSIX does. */
    *out = days * 86400 + (int64_t)(hh * 3600 + mm * 60 + ss) - offset;
    return 0;
}

int wl_mdoc_format_datetime(char out[21], int64_t t)
{
    /* 0000-01-01 .. 9999-12-31 */
    if (t < -62167219200LL || t > 253402300799LL)
        return -1;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t y;
    unsigned m, d;
    wl_civil_from_days(days, &y, &m, &d);
    unsigned hh = (unsigned)(secs / 3600), mm = (unsigned)(secs / 60 % 60), ss = (unsigned)(secs % 60);
    unsigned yy = (unsigned)y;
    char *p = out;
    *p++ = (char)('0' + yy / 1000 % 10);
    *p++ = (char)('0' + yy / 100 % 10);
    *p++ = (char)('0' + yy / 10 % 10);
    *p++ = (char)('0' + yy % 10);
    *p++ = '-';
    *p++ = (char)('0' + m / 10);
    *p++ = (char)('0' + m % 10);
    *p++ = '-';
    *p++ = (char)('0' + d / 10);
    *p++ = (char)('0' + d % 10);
    *p++ = 'T';
    *p++ = (char)('0' + hh / 10);
    *p++ = (char)('0' + hh % 10);
    *p++ = ':';
    *p++ = (char)('0' + mm / 10);
    *p++ = (char)('0' + mm % 10);
    *p++ = ':';
    *p++ = (char)('0' + ss / 10);
    *p++ = (char)('0' + ss % 10);
    *p++ = 'Z';
    *p = '\0';
    return 0;
}

wallet_err wl_mdoc_get_tdate(wallet_ctx *ctx, const wl_cbor *node, int64_t *out, const char *what)
{
    *out = 0;
    /* ISO/IEC 18013-5 §7.2.1 / §9.1.2.4: tdate = #6.0(tstr), RFC 3339 with
     * "Z"; fractions and offsets are accepted (deployed issuers emit
     * microseconds) and truncated to the second. */
    if (!node || node->type != WL_CBOR_TAG || node->u != 0)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "%s is not a tdate (tag 0)", what);
    const wl_cbor *t = wl_cbor_tag_content(node);
    if (t->type != WL_CBOR_TEXT ||
        wl_mdoc_parse_datetime((const char *)t->ptr, (size_t)t->u, out) != 0)
        return wl_err(ctx, WALLET_ERR_MDOC_FORMAT, "%s is not an RFC 3339 date-time", what);
    return WALLET_OK;
}

int wl_mdoc_put_tdate(wl_buf *b, int64_t t)
{
    char s[21];
    if (wl_mdoc_format_datetime(s, t) != 0) {
        b->failed = 1;
        return 0;
    }
    return wl_cbor_put_tag(b, 0) && wl_cbor_put_text(b, s, 20);
}
