// Token Status List interop, both directions, between the `wallet` CLI and
// independent implementations from npm: @sd-jwt/jwt-status-list (its own bit
// packing, pako for zlib) and jose (JWS).
//
//   node statuslist_interop.mjs PATH/TO/wallet
//
// 1. They issue, we verify: a 2-bit list built with StatusList and signed
//    with jose; `wallet status get --token` reads every entry; a credential
//    they sign with a "status" claim is checked by `wallet verify` against a
//    snapshot of their list (revoked / suspended / valid).
// 2. We issue, they verify: lists of every width made with `wallet status`,
//    whose JWT jose verifies (typ statuslist+jwt) and whose entries
//    getListFromStatusListJWT decodes to exactly the statuses we set.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as jose from "jose";
import {
  StatusList,
  createHeaderAndPayload,
  getListFromStatusListJWT,
} from "@sd-jwt/jwt-status-list";

const wallet = process.argv[2];
if (!wallet) {
  console.error("usage: node statuslist_interop.mjs PATH/TO/wallet");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "statuslist-interop-"));
let checks = 0;
let failures = 0;

function check(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.error(`FAIL: ${what}`);
  }
}

// Run the CLI; return { status, stdout }.
function run(args) {
  try {
    const out = execFileSync(wallet, args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: 0, stdout: out };
  } catch (e) {
    return { status: e.status ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const now = Math.floor(Date.now() / 1000);

try {
  // ---- 1. they issue, we verify ------------------------------------------------------------
  const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
  const pubJwk = { ...(await jose.exportJWK(publicKey)), kid: "node-status-1", alg: "ES256" };
  mkdirSync(join(dir, "trust"));
  writeFileSync(join(dir, "trust", "node.jwk"), JSON.stringify(pubJwk));

  const size = 1024;
  const statuses = new Array(size).fill(0);
  for (let i = 0; i < size; i += 7) statuses[i] = 1;
  for (let i = 3; i < size; i += 11) statuses[i] = 2;
  statuses[1023] = 3;
  const uri = "https://status.node.example/lists/1";
  const list = new StatusList(statuses.slice(), 2);
  const { header, payload } = createHeaderAndPayload(
    list,
    { iss: "https://node.example", sub: uri, iat: now, exp: now + 86400, ttl: 3600 },
    { alg: "ES256", typ: "statuslist+jwt", kid: "node-status-1" },
  );
  const theirToken = await new jose.SignJWT(payload).setProtectedHeader(header).sign(privateKey);
  writeFileSync(join(dir, "their-list.jwt"), theirToken);

  for (const idx of [0, 1, 3, 7, 14, 25, 500, 1022, 1023]) {
    const r = run(["status", "get", "--token", "their-list.jwt", "--trust", "trust", "--index", String(idx)]);
    check(r.status === 0, `wallet reads entry ${idx} of their list (exit ${r.status}: ${r.stderr})`);
    if (r.status === 0) {
      const got = JSON.parse(r.stdout);
      check(got.value === statuses[idx], `entry ${idx}: wallet says ${got.value}, they set ${statuses[idx]}`);
    }
  }
  const beyond = run(["status", "get", "--token", "their-list.jwt", "--trust", "trust", "--index", "1024"]);
  check(beyond.status === 1 && /status_index_out_of_range/.test(beyond.stderr), "index past their list is refused");

  // A referenced token they issue (JWT with "status"), checked against a snapshot of their list.
  const verifierKey = join(dir, "verifier.jwk");
  check(run(["key", "gen", "--alg", "ES256", "--out", verifierKey]).status === 0, "verifier key");
  const snap = run(["status", "snapshot", "--trust", "trust", "--key", verifierKey, "--token",
    "their-list.jwt", "--out", "their-snap.cose"]);
  check(snap.status === 0, `snapshot of their list (${snap.stderr})`);
  for (const [idx, want] of [[1, "valid"], [0, "revoked"], [3, "suspended"], [1023, "status_other"]]) {
    const cred = await new jose.SignJWT({
      iss: "https://node.example", iat: now, exp: now + 3600, vaccine: "MMR",
      status: { status_list: { idx, uri } },
    }).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: "node-status-1" }).sign(privateKey);
    writeFileSync(join(dir, `cred-${idx}.jwt`), cred);
    const r = run(["verify", "--trust", "trust", "--status-snapshot", "their-snap.cose",
      "--snapshot-key", verifierKey, "--offline", `cred-${idx}.jwt`]);
    const res = JSON.parse(r.stdout || "{}");
    if (want === "valid")
      check(r.status === 0 && res.valid === true && res.status?.status === "valid",
        `their credential at ${idx} is valid (${r.stdout})`);
    else
      check(r.status === 1 && res.error === want, `their credential at ${idx} is ${want} (${r.stdout})`);
  }

  // ---- 2. we issue, they verify -----------------------------------------------------------------
  const issuerKey = join(dir, "issuer.jwk");
  check(run(["key", "gen", "--alg", "ES256", "--out", issuerKey]).status === 0, "issuer key");
  const ourPub = JSON.parse(run(["key", "pub", issuerKey]).stdout);
  const ourKey = await jose.importJWK(ourPub, "ES256");
  for (const bits of [1, 2, 4, 8]) {
    const ours = `ours-${bits}.cbor`;
    const ouri = `https://status.city.example/lists/${bits}`;
    check(run(["status", "new", "--uri", ouri, "--out", ours, "--bits", String(bits), "--size", "200",
      "--random"]).status === 0, `wallet status new (${bits} bits)`);
    const alloc = run(["status", "alloc", "--list", ours, "--count", "24"]);
    check(alloc.status === 0, `wallet status alloc (${bits} bits)`);
    const indices = JSON.parse(alloc.stdout);
    check(new Set(indices).size === 24, `24 distinct indices (${bits} bits)`);
    const want = new Array(200).fill(0);
    indices.forEach((idx, k) => {
      const v = k % ((1 << bits));
      if (v) {
        want[idx] = v;
        check(run(["status", "set", "--list", ours, "--index", String(idx), "--status", String(v)]).status === 0,
          `wallet status set ${idx}=${v}`);
      }
    });
    const tok = run(["status", "token", "--list", ours, "--key", issuerKey, "--ttl", "600"]);
    check(tok.status === 0, `wallet status token (${bits} bits)`);
    const jwt = tok.stdout.trim();
    const { payload: p, protectedHeader: h } = await jose.jwtVerify(jwt, ourKey, { typ: "statuslist+jwt" });
    check(h.typ === "statuslist+jwt" && h.alg === "ES256" && typeof h.kid === "string", `header (${bits} bits)`);
    check(p.sub === ouri && p.ttl === 600 && p.exp - p.iat === 86400, `claims (${bits} bits)`);
    const theirs = getListFromStatusListJWT(jwt);
    check(theirs.getBitsPerStatus() === bits, `bits (${bits})`);
    check(theirs.statusList.length === 200, `200 entries (${bits} bits): ${theirs.statusList.length}`);
    let same = true;
    for (let i = 0; i < 200; i++) if (theirs.getStatus(i) !== want[i]) same = false;
    check(same, `every entry agrees (${bits} bits)`);
  }
} catch (e) {
  failures++;
  console.error(`FAIL: ${e.stack || e}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`statuslist interop: ${checks - failures}/${checks} checks passed`);
process.exit(failures ? 1 : 0);
