/*
 * The store's plain header file (PATH-header) and lock file (PATH-lock).
 *
 * SQLCipher 3.4 has no unencrypted header area (its first 16 bytes are the
 * random file salt; cipher_plaintext_header_size arrived in 4.0), so what
 * must be read before the database can be decrypted lives in a small file
 * next to it (docs/store.md "Header file"):
 *
 *   off size
 *    0   7   magic "WLSTHDR"
 *    7   1   version 1
 *    8   4   SQLCipher page size (big-endian)
 *   12   4   consecutive failed PIN attempts
 *   16   8   context time of the last failure (seconds, signed)
 *   24   1   number of key slots (1 or 2)
 *   25   7   zero
 *   32       slots, 100 bytes each:
 *          0  kind (1 PIN/scrypt, 2 raw keystore key)
 *          1  scrypt log2(N), r, p (zero for kind 2)
 *          4  4 zero bytes
 *          8  16-byte KDF salt
 *         24  16-byte SQLCipher salt of the database this slot opens
 *         40  12-byte GCM IV
 *         52  the 32-byte data key, encrypted (AES-256-GCM)
 *         84  16-byte GCM tag
 *
 * The GCM additional data binds the wrapped key to the magic, version, page
 * size and the slot's first 40 bytes, so changing a KDF parameter or moving
 * a slot to another database makes the unwrap fail. The failure counter is
 * outside the AAD: it is written when the key is not known (see
 * docs/security.md for what that means).
 *
 * Every write goes to a temporary file that is fsynced and renamed over the
 * old one, and the directory is fsynced: a crash leaves the old or the new
 * header, never a mix.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

static const uint8_t wl_hdr_magic[8] = {'W', 'L', 'S', 'T', 'H', 'D', 'R', 1};

static void wl_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t wl_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int wl_all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* scrypt parameters a header (or backup) may ask for: bounded so that a
 * crafted file cannot make us allocate more than 256 MiB. */
static int wl_scrypt_params_ok(uint8_t log2n, uint8_t r, uint8_t p)
{
    return log2n >= WL_STORE_LOG2N_MIN && log2n <= WL_STORE_LOG2N_MAX && r >= 1 && r <= 16 &&
           p >= 1 && p <= 4 && ((uint64_t)128 << log2n) * r <= ((uint64_t)256 << 20);
}

wallet_err wl_header_parse(wallet_ctx *ctx, wl_header *h, const uint8_t *in, size_t len)
{
    memset(h, 0, sizeof(*h));
    if (len < WL_HDR_SIZE || memcmp(in, wl_hdr_magic, 7) != 0)
        return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: bad magic or too short");
    if (in[7] != wl_hdr_magic[7])
        return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: unknown version %u", in[7]);
    h->page_size = wl_get32(in + 8);
    h->failures = wl_get32(in + 12);
    uint64_t t = (uint64_t)wl_get32(in + 16) << 32 | wl_get32(in + 20);
    h->last_failure = (int64_t)t;
    h->n_slots = in[24];
    if (h->page_size != WL_STORE_PAGE_SIZE)
        return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: unsupported page size");
    if (h->n_slots < 1 || h->n_slots > WL_HDR_MAX_SLOTS)
        return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: %zu key slots", h->n_slots);
    if (!wl_all_zero(in + 25, 7))
        return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: reserved bytes not zero");
    if (len != WL_HDR_SIZE + h->n_slots * WL_SLOT_SIZE)
        return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: length %zu does not fit %zu slots",
                      len, h->n_slots);
    for (size_t i = 0; i < h->n_slots; i++) {
        const uint8_t *p = in + WL_HDR_SIZE + i * WL_SLOT_SIZE;
        wl_slot *s = &h->slots[i];
        s->kind = p[0];
        s->log2n = p[1];
        s->r = p[2];
        s->p = p[3];
        if (!wl_all_zero(p + 4, 4))
            return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: slot %zu reserved bytes", i);
        if (s->kind == WL_SLOT_PIN) {
            if (!wl_scrypt_params_ok(s->log2n, s->r, s->p))
                return wl_err(ctx, WALLET_ERR_STORE_HEADER,
                              "store header: slot %zu scrypt parameters out of range", i);
        } else if (s->kind == WL_SLOT_RAW) {
            if (s->log2n || s->r || s->p)
                return wl_err(ctx, WALLET_ERR_STORE_HEADER,
                              "store header: slot %zu has KDF parameters for a raw key", i);
        } else {
            return wl_err(ctx, WALLET_ERR_STORE_HEADER, "store header: slot %zu unknown kind %u",
                          i, s->kind);
        }
        memcpy(s->kdf_salt, p + 8, 16);
        memcpy(s->db_salt, p + 24, 16);
        memcpy(s->iv, p + 40, 12);
        memcpy(s->wrapped, p + 52, 32);
        memcpy(s->tag, p + 84, 16);
        for (size_t j = 0; j < i; j++)
            if (memcmp(h->slots[j].db_salt, s->db_salt, 16) == 0)
                return wl_err(ctx, WALLET_ERR_STORE_HEADER,
                              "store header: two slots for one database");
    }
    return WALLET_OK;
}

static void wl_slot_bytes(const wl_slot *s, uint8_t *p)
{
    memset(p, 0, WL_SLOT_SIZE);
    p[0] = s->kind;
    p[1] = s->log2n;
    p[2] = s->r;
    p[3] = s->p;
    memcpy(p + 8, s->kdf_salt, 16);
    memcpy(p + 24, s->db_salt, 16);
    memcpy(p + 40, s->iv, 12);
    memcpy(p + 52, s->wrapped, 32);
    memcpy(p + 84, s->tag, 16);
}

size_t wl_header_serialize(const wl_header *h, uint8_t *out, size_t cap)
{
    size_t n = WL_HDR_SIZE + h->n_slots * WL_SLOT_SIZE;
    if (h->n_slots < 1 || h->n_slots > WL_HDR_MAX_SLOTS || cap < n)
        return 0;
    memset(out, 0, WL_HDR_SIZE);
    memcpy(out, wl_hdr_magic, 8);
    wl_put32(out + 8, h->page_size);
    wl_put32(out + 12, h->failures);
    uint64_t t = (uint64_t)h->last_failure;
    wl_put32(out + 16, (uint32_t)(t >> 32));
    wl_put32(out + 20, (uint32_t)t);
    out[24] = (uint8_t)h->n_slots;
    for (size_t i = 0; i < h->n_slots; i++)
        wl_slot_bytes(&h->slots[i], out + WL_HDR_SIZE + i * WL_SLOT_SIZE);
    return n;
}

wallet_err wl_header_read(wallet_ctx *ctx, wl_header *h, const char *path)
{
    memset(h, 0, sizeof(*h));
    uint8_t buf[WL_HDR_SIZE + WL_HDR_MAX_SLOTS * WL_SLOT_SIZE + 1];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return wl_err(ctx, WALLET_ERR_NOT_FOUND, "store header file missing");
        return wl_err(ctx, WALLET_ERR_IO, "cannot read the store header: %s", strerror(errno));
    }
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, buf + got, sizeof(buf) - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return wl_err(ctx, WALLET_ERR_IO, "cannot read the store header: %s", strerror(errno));
        }
        if (r == 0)
            break;
        got += (size_t)r;
        if (got == sizeof(buf))
            break;
    }
    close(fd);
    return wl_header_parse(ctx, h, buf, got);
}

wallet_err wl_fsync_dir_of(wallet_ctx *ctx, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? wl_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : wl_strdup(".");
    if (!dir)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return wl_err(ctx, WALLET_ERR_IO, "cannot open the store's directory: %s", strerror(errno));
    int rc = fsync(fd);
    close(fd);
    if (rc != 0 && errno != EINVAL)
        return wl_err(ctx, WALLET_ERR_IO, "cannot sync the store's directory: %s", strerror(errno));
    return WALLET_OK;
}

wallet_err wl_fsync_path(wallet_ctx *ctx, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wl_err(ctx, WALLET_ERR_IO, "cannot open a store file: %s", strerror(errno));
    int rc = fsync(fd);
    close(fd);
    if (rc != 0)
        return wl_err(ctx, WALLET_ERR_IO, "cannot sync a store file: %s", strerror(errno));
    return WALLET_OK;
}

wallet_err wl_header_write(wallet_ctx *ctx, const wl_header *h, const char *path)
{
    uint8_t buf[WL_HDR_SIZE + WL_HDR_MAX_SLOTS * WL_SLOT_SIZE];
    size_t n = wl_header_serialize(h, buf, sizeof(buf));
    if (!n)
        return wl_err(ctx, WALLET_ERR_INTERNAL, "store header: bad slot count");
    size_t plen = strlen(path);
    char *tmp = wl_malloc(plen + 5);
    if (!tmp)
        return wl_err(ctx, WALLET_ERR_NOMEM, "out of memory");
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    wallet_err e = WALLET_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        e = wl_err(ctx, WALLET_ERR_IO, "cannot write the store header: %s", strerror(errno));
        goto out;
    }
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, buf + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = wl_err(ctx, WALLET_ERR_IO, "cannot write the store header: %s", strerror(errno));
            break;
        }
        off += (size_t)w;
    }
    if (!e && fsync(fd) != 0)
        e = wl_err(ctx, WALLET_ERR_IO, "cannot sync the store header: %s", strerror(errno));
    if (close(fd) != 0 && !e)
        e = wl_err(ctx, WALLET_ERR_IO, "cannot write the store header: %s", strerror(errno));
    if (!e)
        e = wl_store_fault(ctx, "header rename");
    if (!e && rename(tmp, path) != 0)
        e = wl_err(ctx, WALLET_ERR_IO, "cannot replace the store header: %s", strerror(errno));
    if (e)
        unlink(tmp);
    else
        e = wl_fsync_dir_of(ctx, path);
out:
    free(tmp);
    wl_memzero(buf, sizeof(buf));
    return e;
}

/* The delay schedule: a few free attempts (typos), then 30 s, 1 min, 5 min,
 * 15 min, and one hour for every attempt after that. */
int64_t wl_header_delay(uint32_t failures)
{
    static const int64_t steps[] = {30, 60, 300, 900, 3600};
    if (failures <= WALLET_STORE_FREE_ATTEMPTS)
        return 0;
    uint32_t i = failures - WALLET_STORE_FREE_ATTEMPTS - 1;
    return i < WL_ARRAY_LEN(steps) ? steps[i] : steps[WL_ARRAY_LEN(steps) - 1];
}

int64_t wl_header_wait(const wl_header *h, int64_t now)
{
    int64_t d = wl_header_delay(h->failures);
    if (!d)
        return 0;
    /* A clock that moved back before the last failure still waits at most
     * one full delay from now. */
    if (now < h->last_failure)
        return d;
    /* now >= last_failure: the difference fits in 64 unsigned bits even
     * for extreme values read from a damaged header. */
    uint64_t elapsed = (uint64_t)now - (uint64_t)h->last_failure;
    return elapsed >= (uint64_t)d ? 0 : d - (int64_t)elapsed;
}

const wl_slot *wl_header_find(const wl_header *h, const uint8_t *db_salt)
{
    for (size_t i = 0; i < h->n_slots; i++)
        if (memcmp(h->slots[i].db_salt, db_salt, WL_STORE_SALT_LEN) == 0)
            return &h->slots[i];
    return NULL;
}

/* AAD of a slot's wrap: magic + version, page size, the slot's first 40
 * bytes. */
static void wl_slot_aad(const wl_slot *s, uint32_t page_size, uint8_t aad[8 + 4 + WL_SLOT_AAD_LEN])
{
    uint8_t bytes[WL_SLOT_SIZE];
    wl_slot_bytes(s, bytes);
    memcpy(aad, wl_hdr_magic, 8);
    wl_put32(aad + 8, page_size);
    memcpy(aad + 12, bytes, WL_SLOT_AAD_LEN);
}

static const char wl_raw_info[] = "libwallet store: key-encryption key from a keystore key";

/* The key-encryption key of a slot. */
static wallet_err wl_slot_kek(wallet_ctx *ctx, uint8_t kek[32], const wl_slot *s,
                              const uint8_t *secret, size_t secret_len)
{
    if (s->kind == WL_SLOT_PIN)
        return wl_scrypt(ctx, secret, secret_len, s->kdf_salt, sizeof(s->kdf_salt),
                         (uint64_t)1 << s->log2n, s->r, s->p, kek, 32);
    /* A keystore key is already uniformly random; HKDF only separates it
     * from any other use the app makes of the same key. */
    return wl_hkdf(ctx, WL_SHA256, s->kdf_salt, sizeof(s->kdf_salt), secret, secret_len,
                   (const uint8_t *)wl_raw_info, sizeof(wl_raw_info) - 1, kek, 32);
}

wallet_err wl_slot_make(wallet_ctx *ctx, wl_slot *slot, const uint8_t *secret, size_t secret_len,
                        unsigned flags, uint8_t log2n, const uint8_t dek[WL_STORE_DEK_LEN],
                        const uint8_t db_salt[WL_STORE_SALT_LEN], uint32_t page_size)
{
    memset(slot, 0, sizeof(*slot));
    if (flags & WALLET_STORE_RAW_KEY) {
        slot->kind = WL_SLOT_RAW;
    } else {
        slot->kind = WL_SLOT_PIN;
        slot->log2n = log2n;
        slot->r = WL_STORE_SCRYPT_R;
        slot->p = WL_STORE_SCRYPT_P;
    }
    memcpy(slot->db_salt, db_salt, WL_STORE_SALT_LEN);
    uint8_t kek[32];
    uint8_t aad[8 + 4 + WL_SLOT_AAD_LEN];
    wallet_err e = wl_random(ctx, slot->kdf_salt, sizeof(slot->kdf_salt));
    if (!e)
        e = wl_random(ctx, slot->iv, sizeof(slot->iv));
    if (!e)
        e = wl_slot_kek(ctx, kek, slot, secret, secret_len);
    if (!e) {
        wl_slot_aad(slot, page_size, aad);
        e = wl_aes_gcm_encrypt(ctx, kek, 32, slot->iv, sizeof(slot->iv), aad, sizeof(aad), dek,
                               WL_STORE_DEK_LEN, slot->wrapped, slot->tag);
    }
    wl_memzero(kek, sizeof(kek));
    if (e)
        memset(slot, 0, sizeof(*slot));
    return e;
}

wallet_err wl_slot_open(wallet_ctx *ctx, uint8_t dek[WL_STORE_DEK_LEN], const wl_slot *slot,
                        const uint8_t *secret, size_t secret_len, uint32_t page_size)
{
    uint8_t kek[32];
    uint8_t aad[8 + 4 + WL_SLOT_AAD_LEN];
    wallet_err e = wl_slot_kek(ctx, kek, slot, secret, secret_len);
    if (!e) {
        wl_slot_aad(slot, page_size, aad);
        e = wl_aes_gcm_decrypt(NULL, kek, 32, slot->iv, sizeof(slot->iv), aad, sizeof(aad),
                               slot->wrapped, WL_STORE_DEK_LEN, slot->tag, dek);
        if (e == WALLET_ERR_DECRYPT)
            e = wl_err(ctx, WALLET_ERR_STORE_WRONG_SECRET,
                       slot->kind == WL_SLOT_PIN ? "wrong PIN or passphrase"
                                                 : "wrong keystore key");
        else if (e)
            e = wl_err(ctx, e, "unwrapping the data key failed");
    }
    wl_memzero(kek, sizeof(kek));
    if (e)
        wl_memzero(dek, WL_STORE_DEK_LEN);
    return e;
}

wallet_err wl_lock_acquire(wallet_ctx *ctx, int *fd, const char *lock_path)
{
    *fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0) {
        if (errno == ENOENT)
            return wl_err(ctx, WALLET_ERR_IO, "the store's directory does not exist");
        return wl_err(ctx, WALLET_ERR_IO, "cannot open the store lock file: %s", strerror(errno));
    }
    while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        int busy = errno == EWOULDBLOCK;
        close(*fd);
        *fd = -1;
        if (busy)
            return wl_err(ctx, WALLET_ERR_STORE_BUSY, "the store is open in another handle");
        return wl_err(ctx, WALLET_ERR_IO, "cannot lock the store: %s", strerror(errno));
    }
    return WALLET_OK;
}

void wl_lock_release(int *fd)
{
    if (*fd >= 0) {
        flock(*fd, LOCK_UN);
        close(*fd);
        *fd = -1;
    }
}
