// Interop: the store against independent implementations (npm `jose`, Node's
// own `crypto`, `cbor-x`), both directions.
//
//   1. `jose` issues a JWT; `wallet store add` verifies and stores it;
//      `wallet store show` gives back exactly the claims jose signed.
//   2. `wallet store backup` writes a backup; this program reads it with Node's
//      crypto alone, following docs/store.md ("Backup format"): scrypt, the
//      HMAC-SHA256 key check, AES-256-GCM over the header as additional data,
//      length-framed records decoded with cbor-x — and finds the credential
//      byte for byte. Re-encoding every record with cbor-x gives the same bytes
//      (the records are deterministic CBOR).
//   3. This program writes its own backup (a holder key made by Node's crypto,
//      the jose credential linked to it, a consent-log entry); `wallet store
//      restore` accepts it and the restored store shows the credential, the
//      link and the log entry. A byte changed in the ciphertext, or the wrong
//      passphrase, is refused with its own error.
//
// usage: node store_backup.mjs PATH/TO/wallet SCRATCH_DIR
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Encoder, decode } from "cbor-x";
import * as jose from "jose";

const [wallet, scratch] = process.argv.slice(2);
if (!wallet || !scratch) {
  console.error("usage: node store_backup.mjs WALLET SCRATCH_DIR");
  process.exit(2);
}
fs.rmSync(scratch, { recursive: true, force: true });
fs.mkdirSync(path.join(scratch, "trust"), { recursive: true });
const env = { ...process.env, PIN: "918273", BK: "interop backup passphrase", WRONG: "nope" };
let checks = 0;
function check(cond, what) {
  if (!cond) {
    console.error(`FAIL: ${what}`);
    process.exit(1);
  }
  checks++;
}
function run(args, input) {
  return execFileSync(wallet, args, { env, input, cwd: scratch, encoding: "utf8" });
}
function runStatus(args) {
  return spawnSync(wallet, args, { env, cwd: scratch, encoding: "utf8" });
}
const store = ["--store", path.join(scratch, "a", "store.db")];

// ---- 1. jose issues, the store verifies and keeps ---------------------------------
const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
const pubJwk = await jose.exportJWK(publicKey);
pubJwk.kid = "jose-issuer";
fs.writeFileSync(path.join(scratch, "trust", "issuer.jwk"), JSON.stringify(pubJwk));
const claims = {
  iss: "https://id.jose.example",
  iat: 1767225600,
  exp: 4102444800,
  given_name: "Ngọc Lan",
  address: { locality: "Hà Nội", country: "VN" },
  nationalities: ["VN"],
};
const jwt = await new jose.SignJWT(claims)
  .setProtectedHeader({ alg: "ES256", kid: "jose-issuer", typ: "pid+jwt" })
  .sign(privateKey);
fs.writeFileSync(path.join(scratch, "pid.jwt"), jwt);

run([...store, "store", "init", "--pin-env", "PIN", "--kdf-cost", "10"]);
const added = JSON.parse(run([...store, "store", "add", "--trust", "trust", "--pin-env", "PIN", "pid.jwt"]));
check(added.valid === true, "the jose JWT is stored as valid");
const shown = JSON.parse(run([...store, "store", "show", added.id, "--pin-env", "PIN"]));
check(JSON.stringify(shown.claims) === JSON.stringify(claims), "show gives back the claims jose signed");
check(shown.credential === jwt, "show gives back the JWT as issued");
check(shown.type === "pid+jwt" && shown.issuer === claims.iss, "type and issuer from the JWT");

// ---- 2. the store writes a backup, Node reads it ------------------------------------
run([...store, "store", "backup", "--out", "a.backup", "--pin-env", "PIN", "--backup-pin-env", "BK",
     "--kdf-cost", "10"]);
const backup = fs.readFileSync(path.join(scratch, "a.backup"));

const cborEnc = new Encoder({ useRecords: false, mapsAsObjects: true, variableMapSize: true });

function openBackup(buf, pass) {
  check(buf.subarray(0, 8).toString("latin1") === "WLBACKUP", "backup magic");
  check(buf[8] === 1 && buf[9] === 1, "backup version 1, scrypt");
  const [log2n, r, p] = [buf[10], buf[11], buf[12]];
  const salt = buf.subarray(16, 32);
  const keys = crypto.scryptSync(pass, salt, 64, { N: 2 ** log2n, r, p, maxmem: 512 * 1024 * 1024 });
  const check2 = crypto.createHmac("sha256", keys.subarray(32)).update(buf.subarray(0, 44)).digest();
  if (!crypto.timingSafeEqual(check2, buf.subarray(44, 76))) return null;
  const d = crypto.createDecipheriv("aes-256-gcm", keys.subarray(0, 32), buf.subarray(32, 44));
  d.setAAD(buf.subarray(0, 76));
  d.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([d.update(buf.subarray(76, buf.length - 16)), d.final()]);
}

function records(plain) {
  const out = [];
  for (let off = 0; off < plain.length; ) {
    const n = plain.readUInt32BE(off);
    const raw = plain.subarray(off + 4, off + 4 + n);
    const rec = decode(raw);
    // Deterministic CBOR: an independent encoder, keys in the same order,
    // reproduces the bytes.
    check(Buffer.from(cborEnc.encode(rec)).equals(raw), "records are deterministic CBOR");
    out.push(rec);
    off += 4 + n;
  }
  return out;
}

check(openBackup(backup, "not the passphrase") === null, "a wrong passphrase fails the key check");
const recs = records(openBackup(backup, env.BK));
check(recs[0].format === "libwallet-store-backup" && recs[0].version === 1, "first record names the format");
check(recs[0].credentials === 1 && recs[0].keys === 0 && recs[0].log === 0, "record counts");
const cred = recs.find((x) => x.t === "cred");
check(cred && Buffer.from(cred.raw).toString() === jwt, "the backup holds the JWT byte for byte");
check(JSON.stringify(JSON.parse(cred.claims)) === JSON.stringify(claims), "the backup holds the claims");
check(cred.id === added.id && cred.valid === 1, "the backup keeps the id and validity");

// ---- 3. Node writes a backup, the store restores it ------------------------------------
// Keys of each map in RFC 8949 §4.2.1 order (bytewise order of their encodings).
function det(obj) {
  const keys = Object.keys(obj).sort((a, b) => Buffer.compare(cborEnc.encode(a), cborEnc.encode(b)));
  const o = {};
  for (const k of keys) o[k] = obj[k];
  return o;
}
function frame(obj) {
  const body = Buffer.from(cborEnc.encode(det(obj)));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}
const holder = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const holderJwk = holder.publicKey.export({ format: "jwk" });
const keyId = "NodeHolderKey-01"; // 16 base64url characters
const credId = "NodeCredential01";
const logId = "NodeConsentLog01";
const plain = Buffer.concat([
  frame({ format: "libwallet-store-backup", version: 1, created: 1767225600, keys: 1, credentials: 1, log: 1 }),
  frame({
    t: "key", id: keyId, public: JSON.stringify(holderJwk),
    private: holder.privateKey.export({ format: "der", type: "pkcs8" }), handle: null, created: 1767225600,
  }),
  frame({
    t: "cred", id: credId, format: "jws", type: "pid+jwt", issuer: claims.iss, iat: claims.iat, nbf: 0,
    exp: claims.exp, status_uri: null, status_idx: -1, display_name: "Căn cước (Node)", valid: 1, error: 0,
    added: 1767225600, batch: null, used: 0, key: keyId, jkt: null, raw: Buffer.from(jwt),
    claims: JSON.stringify(claims), detail: null,
  }),
  frame({
    t: "log", id: logId, at: 1767225700, verifier: "x509_san_dns:bank.example", purpose: "interop",
    claims: JSON.stringify([{ credential: credId, claims: [["given_name"]] }]), tx_hash: crypto.randomBytes(32),
  }),
]);
function sealBackup(plainBuf, pass) {
  const head = Buffer.alloc(76);
  head.write("WLBACKUP", 0, "latin1");
  head[8] = 1; head[9] = 1; head[10] = 10; head[11] = 8; head[12] = 1;
  crypto.randomBytes(28).copy(head, 16);
  const keys = crypto.scryptSync(pass, head.subarray(16, 32), 64, { N: 1024, r: 8, p: 1 });
  crypto.createHmac("sha256", keys.subarray(32)).update(head.subarray(0, 44)).digest().copy(head, 44);
  const c = crypto.createCipheriv("aes-256-gcm", keys.subarray(0, 32), head.subarray(32, 44));
  c.setAAD(head);
  const ct = Buffer.concat([c.update(plainBuf), c.final()]);
  return Buffer.concat([head, ct, c.getAuthTag()]);
}
const nodeBackup = sealBackup(plain, env.BK);
fs.writeFileSync(path.join(scratch, "node.backup"), nodeBackup);
const tampered = Buffer.from(nodeBackup);
tampered[100] ^= 1;
fs.writeFileSync(path.join(scratch, "tampered.backup"), tampered);

const storeB = ["--store", path.join(scratch, "b", "store.db")];
let res = runStatus([...storeB, "store", "restore", "tampered.backup", "--backup-pin-env", "BK",
                     "--new-pin-env", "PIN", "--kdf-cost", "10"]);
check(res.status === 1 && res.stderr.includes("backup_tampered"), "a tampered backup is refused");
res = runStatus([...storeB, "store", "restore", "node.backup", "--backup-pin-env", "WRONG",
                 "--new-pin-env", "PIN", "--kdf-cost", "10"]);
check(res.status === 1 && res.stderr.includes("wrong_backup_passphrase"), "a wrong passphrase is refused");
check(!fs.existsSync(path.join(scratch, "b", "store.db")), "nothing was restored by the refusals");
run([...storeB, "store", "restore", "node.backup", "--backup-pin-env", "BK", "--new-pin-env", "PIN",
     "--kdf-cost", "10"]);
const list = JSON.parse(run([...storeB, "store", "list", "--pin-env", "PIN"]));
check(list.length === 1 && list[0].id === credId, "the restored store lists Node's credential");
check(list[0].holder_key === keyId, "linked to the holder key Node made");
check(list[0].display_name === "Căn cước (Node)", "with its display name");
const shownB = JSON.parse(run([...storeB, "store", "show", credId, "--pin-env", "PIN"]));
check(shownB.credential === jwt && JSON.stringify(shownB.claims) === JSON.stringify(claims),
      "the restored credential and claims");
const log = JSON.parse(run([...storeB, "store", "log", "--pin-env", "PIN"]));
check(log.length === 1 && log[0].id === logId && log[0].purpose === "interop", "the restored consent log");
const q = { credentials: [{ id: "pid", format: "jws", meta: { vct_values: ["pid+jwt"] },
  claims: [{ path: ["address", "locality"], values: ["Hà Nội"] }] }] };
fs.writeFileSync(path.join(scratch, "q.json"), JSON.stringify(q));
const match = JSON.parse(run([...storeB, "store", "match", "q.json", "--pin-env", "PIN"]));
check(match.pid.length === 1 && match.pid[0].id === credId, "the restored claim index matches (holder-bound)");

console.log(`store interop: ${checks} checks passed`);
