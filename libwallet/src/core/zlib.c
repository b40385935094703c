/* zlib with a hard cap on inflated size. See zlib.h. */
#include <zlib.h>

#include "zlib.h"

wallet_err wl_zlib_inflate(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const uint8_t *in,
                           size_t in_len, size_t max_out)
{
    *out = NULL;
    *out_len = 0;
    if (in_len > UINT32_MAX)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "zlib: input too large");
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit(&z) != Z_OK)
        return wl_err(ctx, WALLET_ERR_NOMEM, "zlib: out of memory");
    wl_buf b;
    wl_buf_init(&b, max_out ? max_out : 1);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)in_len;
    int rc = Z_OK;
    wallet_err e = WALLET_OK;
    while (rc != Z_STREAM_END) {
        uint8_t chunk[16384];
        z.next_out = chunk;
        z.avail_out = sizeof(chunk);
        rc = inflate(&z, Z_NO_FLUSH);
        size_t produced = sizeof(chunk) - z.avail_out;
        if (produced && !wl_buf_append(&b, chunk, produced)) {
            e = b.failed == 2 ? wl_err(ctx, WALLET_ERR_TOO_LARGE,
                                       "zlib: inflated data exceeds %zu bytes", max_out)
                              : wl_err(ctx, WALLET_ERR_NOMEM, "zlib: out of memory");
            break;
        }
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            e = wl_err(ctx, WALLET_ERR_COMPRESSION, "zlib: stream truncated");
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            e = wl_err(ctx, WALLET_ERR_COMPRESSION, "zlib: corrupt stream (%s)",
                       z.msg ? z.msg : "error");
            break;
        }
    }
    if (!e && z.avail_in != 0)
        e = wl_err(ctx, WALLET_ERR_TRAILING_DATA, "zlib: %u bytes after the end of the stream",
                   z.avail_in);
    inflateEnd(&z);
    if (e) {
        wl_buf_free(&b);
        return e;
    }
    *out = wl_buf_take(&b, out_len);
    return *out ? WALLET_OK : wl_err(ctx, WALLET_ERR_NOMEM, "zlib: out of memory");
}

wallet_err wl_zlib_deflate(wallet_ctx *ctx, uint8_t **out, size_t *out_len, const uint8_t *in,
                           size_t in_len)
{
    *out = NULL;
    *out_len = 0;
    uLong bound = compressBound((uLong)in_len);
    uint8_t *buf = malloc(bound + 1);
    if (!buf)
        return wl_err(ctx, WALLET_ERR_NOMEM, "zlib: out of memory");
    uLongf n = bound;
    if (compress2(buf, &n, in, (uLong)in_len, Z_BEST_COMPRESSION) != Z_OK) {
        free(buf);
        return wl_err(ctx, WALLET_ERR_COMPRESSION, "zlib: compression failed");
    }
    buf[n] = 0;
    *out = buf;
    *out_len = n;
    return WALLET_OK;
}

wallet_err wl_zlib_deflate_small(wallet_ctx *ctx, uint8_t **out, size_t *out_len,
                                 const uint8_t *in, size_t in_len)
{
    *out = NULL;
    *out_len = 0;
    if (in_len > UINT32_MAX / 2)
        return wl_err(ctx, WALLET_ERR_TOO_LARGE, "zlib: input too large");
    int wbits = 9;
    while (wbits < 15 && ((size_t)1 << wbits) < in_len)
        wbits++;
    int mem = wbits - 7 < 1 ? 1 : wbits - 7;
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, wbits, mem, Z_DEFAULT_STRATEGY) != Z_OK)
        return wl_err(ctx, WALLET_ERR_NOMEM, "zlib: out of memory");
    uLong bound = deflateBound(&z, (uLong)in_len);
    uint8_t *buf = malloc(bound + 1);
    if (!buf) {
        deflateEnd(&z);
        return wl_err(ctx, WALLET_ERR_NOMEM, "zlib: out of memory");
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)in_len;
    z.next_out = buf;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    size_t n = (size_t)z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        return wl_err(ctx, WALLET_ERR_COMPRESSION, "zlib: compression failed");
    }
    buf[n] = 0;
    *out = buf;
    *out_len = n;
    return WALLET_OK;
}
