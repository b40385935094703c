/*
 * Fixed material of the mdoc fuzz targets: the ISO/IEC 18013-5 Annex D
 * exchange (document signer and reader certificates, SessionTranscriptBytes,
 * ephemeral reader and device keys), so that the Annex D seeds verify
 * completely and the fuzzers explore from there. The targets run at the
 * Annex D time (2021-01-01). Data only, from vectors/mdoc/iso18013-5-annexD.
 */
#ifndef WALLET_FUZZ_MDOC_H
#define WALLET_FUZZ_MDOC_H

#include "core/internal.h"
#include "fuzz_common.h"

#define FZ_MDOC_NOW ((int64_t)1609459200)

#define FZ_ANNEXD_DS_CERT_HEX \
    "308201ef30820195a00302010202143c4416eed784f3b413e48f56f075abfa6d87eb84300a06082a8648ce3d04030230" \
    "233114301206035504030c0b75746f7069612069616361310b3009060355040613025553301e170d3230313030313030" \
    "303030305a170d3231313030313030303030305a30213112301006035504030c0975746f706961206473310b30090603" \
    "550406130255533059301306072a8648ce3d020106082a8648ce3d03010703420004ace7ab7340e5d9648c5a72a9a6f5" \
    "6745c7aad436a03a43efea77b5fa7b88f0197d57d8983e1b37d3a539f4d588365e38cbbf5b94d68c547b5bc8731dcd2f" \
    "146ba381a83081a5301e0603551d120417301581136578616d706c65406578616d706c652e636f6d301c0603551d1f04" \
    "1530133011a00fa00d820b6578616d706c652e636f6d301d0603551d0e0416041414e29017a6c35621ffc7a686b7b72d" \
    "b06cd12351301f0603551d2304183016801454fa2383a04c28e0d930792261c80c4881d2c00b300e0603551d0f0101ff" \
    "04040302078030150603551d250101ff040b3009060728818c5d050102300a06082a8648ce3d04030203480030450221" \
    "0097717ab9016740c8d7bcdaa494a62c053bbdecce1383c1aca72ad08dbc04cbb202203bad859c13a63c6d1ad67d814d" \
    "43e2425caf90d422422c04a8ee0304c0d3a68d"

#define FZ_ANNEXD_READER_CERT_HEX \
    "308201b330820158a00302010202147552715f6add323d4934a1ba175dc945755d8b50300a06082a8648ce3d04030230" \
    "163114301206035504030c0b72656164657220726f6f74301e170d3230313030313030303030305a170d323331323331" \
    "3030303030305a3011310f300d06035504030c067265616465723059301306072a8648ce3d020106082a8648ce3d0301" \
    "0703420004f8912ee0f912b6be683ba2fa0121b2630e601b2b628dff3b44f6394eaa9abdbcc2149d29d6ff1a3e091135" \
    "177e5c3d9c57f3bf839761eed02c64dd82ae1d3bbfa38188308185301c0603551d1f041530133011a00fa00d820b6578" \
    "616d706c652e636f6d301d0603551d0e04160414f2dfc4acafc5f30b464fada20bfcd533af5e07f5301f0603551d2304" \
    "1830168014cfb7a881baea5f32b6fb91cc29590c50dfac416e300e0603551d0f0101ff04040302078030150603551d25" \
    "0101ff040b3009060728818c5d050106300a06082a8648ce3d0403020349003046022100fb9ea3b686fd7ea2f0234858" \
    "ff8328b4efef6a1ef71ec4aae4e307206f9214930221009b94f0d739dfa84cca29efed529dd4838acfd8b6bee212dc63" \
    "20c46feb839a35"

#define FZ_ANNEXD_ST_HEX \
    "d81859024183d8185858a20063312e30018201d818584ba4010220012158205a88d182bce5f42efa59943f33359d2e8a" \
    "968ff289d93e5fa444b624343167fe225820b16e8cf858ddc7690407ba61d4c338237a8cfcf3de6aa672fc60a557aa32" \
    "fc67d818584ba40102200121582060e3392385041f51403051f2415531cb56dd3f999c71687013aac6768bc8187e2258" \
    "20e58deb8fdbe907f7dd5368245551a34796f7d2215c440c339bb0f7b67beccdfa8258c391020f487315d10209616301" \
    "013001046d646f631a200c016170706c69636174696f6e2f766e642e626c7565746f6f74682e6c652e6f6f6230081b28" \
    "128b37282801021c015c1e580469736f2e6f72673a31383031333a646576696365656e676167656d656e746d646f63a2" \
    "0063312e30018201d818584ba4010220012158205a88d182bce5f42efa59943f33359d2e8a968ff289d93e5fa444b624" \
    "343167fe225820b16e8cf858ddc7690407ba61d4c338237a8cfcf3de6aa672fc60a557aa32fc6758cd91022548721591" \
    "020263720102110204616301013000110206616301036e6663005102046163010157001a201e016170706c6963617469" \
    "6f6e2f766e642e626c7565746f6f74682e6c652e6f6f6230081b28078080bf2801021c021107c832fff6d26fa0beb34d" \
    "fcd555d4823a1c11010369736f2e6f72673a31383031333a6e66636e6663015a172b016170706c69636174696f6e2f76" \
    "6e642e7766612e6e616e57030101032302001324fec9a70b97ac9684a4e326176ef5b981c5e8533e5f00298cfccbc35e" \
    "700a6b020414"

#define FZ_ANNEXD_READER_JWK "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"YOM5I4UEH1FAMFHyQVUxy1bdP5mccWhwE6rGdovIGH4\",\"y\":\"5Y3rj9vpB_fdU2gkVVGjR5b30iFcRAwzm7D3tnvszfo\",\"d\":\"3jtLnl9y3ZtYQGrjCRQ02kim-f0BDYj8sJWOLOvslHw\"}"
#define FZ_ANNEXD_EDEVICE_JWK "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"WojRgrzl9C76WZQ_MzWdLoqWj_KJ2T5fpES2JDQxZ_4\",\"y\":\"sW6M-Fjdx2kEB7ph1MM4I3qM_PPeaqZy_GClV6oy_Gc\",\"d\":\"wZF6FXmUmgQvG6n8U6LfmxvEet8xwQ-BPtdXAtHB8TY\"}"

/* Bytes of a hex constant (kept for the process lifetime). */
static inline const uint8_t *fz_hex(const char *hex, size_t *len, uint8_t **slot, size_t *slot_len)
{
    if (!*slot && wl_hex_decode(NULL, slot, slot_len, hex, strlen(hex)) != WALLET_OK)
        abort();
    *len = *slot_len;
    return *slot;
}

static inline const uint8_t *fz_annexd_st(size_t *len)
{
    static uint8_t *p;
    static size_t n;
    return fz_hex(FZ_ANNEXD_ST_HEX, len, &p, &n);
}

static inline const wallet_key *fz_jwk_key(const char *jwk, wallet_key **slot)
{
    if (!*slot) {
        wallet_ctx *ctx = fz_ctx();
        if (wallet_key_from_jwk(ctx, slot, jwk, strlen(jwk)) != WALLET_OK)
            abort();
        wallet_ctx_free(ctx);
    }
    return *slot;
}

static inline const wallet_key *fz_annexd_reader(void)
{
    static wallet_key *k;
    return fz_jwk_key(FZ_ANNEXD_READER_JWK, &k);
}

static inline const wallet_key *fz_annexd_edevice(void)
{
    static wallet_key *k;
    return fz_jwk_key(FZ_ANNEXD_EDEVICE_JWK, &k);
}

/* Trust: the Annex D document signer and reader certificates, directly. */
static inline const wallet_trust *fz_annexd_trust(void)
{
    static wallet_trust *t;
    if (!t) {
        wallet_ctx *ctx = fz_ctx();
        static uint8_t *ds, *rd;
        static size_t ds_len, rd_len;
        size_t n;
        wallet_cert *c = NULL;
        if (wallet_trust_new(ctx, &t))
            abort();
        fz_hex(FZ_ANNEXD_DS_CERT_HEX, &n, &ds, &ds_len);
        if (wallet_cert_from_der(ctx, &c, ds, ds_len) || wallet_trust_add_cert(ctx, t, c, WALLET_TRUST_SIGNER))
            abort();
        wallet_cert_free(c);
        fz_hex(FZ_ANNEXD_READER_CERT_HEX, &n, &rd, &rd_len);
        if (wallet_cert_from_der(ctx, &c, rd, rd_len) || wallet_trust_add_cert(ctx, t, c, WALLET_TRUST_SIGNER))
            abort();
        wallet_cert_free(c);
        wallet_ctx_free(ctx);
    }
    return t;
}

static inline wallet_ctx *fz_mdoc_ctx(void)
{
    wallet_ctx *ctx = fz_ctx();
    wallet_ctx_set_time(ctx, FZ_MDOC_NOW);
    return ctx;
}

#endif /* WALLET_FUZZ_MDOC_H */
