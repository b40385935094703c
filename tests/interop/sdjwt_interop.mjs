// SD-JWT VC interop between libwallet (the `wallet` CLI) and @sd-jwt/sd-jwt-vc
// 0.19 (+ @sd-jwt/crypto-nodejs), both directions, with nested objects,
// array elements, recursive disclosures and key binding checked:
//
//   A. @sd-jwt issues and presents (KB-JWT)  -> `wallet verify` accepts it and
//      shows only the disclosed claims; a tampered Disclosure and a wrong
//      nonce are rejected; `wallet present` re-presents the @sd-jwt credential
//      and @sd-jwt verifies that presentation (KB-JWT included).
//   B. `wallet issue` + `wallet present` (KB-JWT) -> @sd-jwt verifies it,
//      KB-JWT signature, nonce, sd_hash (and aud, checked here) included;
//      @sd-jwt presents the libwallet credential and `wallet verify` accepts it.
//
// usage: node sdjwt_interop.mjs WALLET_CLI WORK_DIR ES256|EdDSA
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { ES256, digest, generateSalt } from "@sd-jwt/crypto-nodejs";

const [wallet, workArg, alg] = process.argv.slice(2);
if (!wallet || !workArg || !["ES256", "EdDSA"].includes(alg)) {
  console.error("usage: node sdjwt_interop.mjs WALLET_CLI WORK_DIR ES256|EdDSA");
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(workArg, `sdjwt-${alg}-`));
const AUD = "https://counter.city.example";
const VCT = "https://city.example/credentials/citizen";
const ISS = "https://citizens.city.example";
let checks = 0;

function check(cond, what) {
  if (!cond) {
    console.error(`FAIL (${alg}): ${what}`);
    process.exit(1);
  }
  checks++;
}

// Run the CLI; returns {status, stdout, stderr}.
function cli(...args) {
  try {
    const stdout = execFileSync(wallet, args, { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: 0, stdout, stderr: "" };
  } catch (e) {
    return { status: e.status, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function write(name, text) {
  fs.writeFileSync(path.join(work, name), text);
  return name;
}

// ---- keys and the @sd-jwt signer / verifier callbacks ---------------------------

function genKey() {
  const { publicKey, privateKey } =
    alg === "ES256"
      ? crypto.generateKeyPairSync("ec", { namedCurve: "P-256" })
      : crypto.generateKeyPairSync("ed25519");
  return { pub: publicKey.export({ format: "jwk" }), priv: privateKey.export({ format: "jwk" }) };
}

// A JWK as the CLI writes it may carry "kid" / "alg"; the crypto APIs want the key members only.
function bare(jwk) {
  const { kid, alg: a, use, key_ops, ...rest } = jwk;
  return rest;
}

async function signerFor(privJwk, a = alg) {
  if (a === "ES256") return ES256.getSigner(bare(privJwk));
  const key = crypto.createPrivateKey({ key: bare(privJwk), format: "jwk" });
  return async (data) => crypto.sign(null, Buffer.from(data), key).toString("base64url");
}

async function verifierFor(pubJwk, a = alg) {
  if (a === "ES256") return ES256.getVerifier(bare(pubJwk));
  const key = crypto.createPublicKey({ key: bare(pubJwk), format: "jwk" });
  return async (data, sig) => crypto.verify(null, Buffer.from(data), key, Buffer.from(sig, "base64url"));
}

// The KB-JWT verifier of @sd-jwt: the key is the credential's cnf.jwk.
async function kbVerifier(data, sig, payload) {
  const jwk = payload.cnf.jwk;
  const a = jwk.kty === "OKP" ? "EdDSA" : "ES256";
  return (await verifierFor(jwk, a))(data, sig);
}

async function instance({ issuerPriv, issuerPub, holderPriv }) {
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
    signAlg: alg,
    signer: issuerPriv ? await signerFor(issuerPriv) : undefined,
    verifier: issuerPub ? await verifierFor(issuerPub) : undefined,
    kbSignAlg: alg,
    kbSigner: holderPriv ? await signerFor(holderPriv) : undefined,
    kbVerifier,
  });
}

const now = () => Math.floor(Date.now() / 1000);

const claims = {
  given_name: "Minh Anh",
  family_name: "Trần",
  birthdate: "1990-04-12",
  address: { street_address: "12 Tràng Tiền", locality: "Hoàn Kiếm", country: "VN" },
  nationalities: ["VN", "FR"],
  vaccinations: [{ vaccine: "MMR", date: "2020-01-01" }, { vaccine: "BCG", date: "1990-05-01" }],
};

// ---- A. @sd-jwt issues and presents; libwallet verifies ------------------------------

{
  const issuer = genKey();
  const holder = genKey();
  const sdjwt = await instance({ issuerPriv: issuer.priv, holderPriv: holder.priv });
  const credential = await sdjwt.issue(
    {
      iss: ISS,
      vct: VCT,
      iat: now() - 60,
      exp: now() + 86400,
      cnf: { jwk: holder.pub },
      ...claims,
    },
    {
      _sd: ["given_name", "family_name", "birthdate", "address", "nationalities", "vaccinations"],
      address: { _sd: ["street_address", "locality"] }, // recursive: address and its members
      nationalities: { _sd: [0, 1] },                    // array elements (and the array)
      vaccinations: { 1: { _sd: ["date"] } },             // an object inside an array
    },
  );
  fs.mkdirSync(path.join(work, "trustA"));
  write("trustA/issuer.jwk", JSON.stringify(issuer.pub));
  write("A-credential.txt", credential);

  const nonce = crypto.randomBytes(12).toString("base64url");
  const presentation = await sdjwt.present(
    credential,
    { given_name: true, address: { locality: true }, nationalities: { 1: true }, vaccinations: true },
    { kb: { payload: { aud: AUD, nonce, iat: now() } } },
  );
  write("A-presentation.txt", presentation);

  let r = cli("verify", "--trust", "trustA", "--aud", AUD, "--nonce", nonce, "A-presentation.txt");
  check(r.status === 0, `wallet verify of the @sd-jwt presentation: ${r.stdout} ${r.stderr}`);
  const res = JSON.parse(r.stdout);
  check(res.valid === true && res.format === "dc+sd-jwt", "valid dc+sd-jwt");
  check(res.issuer === ISS && res.type === VCT, "issuer and vct");
  const c = res.claims;
  check(c.given_name === "Minh Anh", "given_name disclosed");
  check(c.address && c.address.locality === "Hoàn Kiếm" && c.address.country === "VN", "address.locality disclosed");
  check(c.address.street_address === undefined, "address.street_address stays hidden");
  check(JSON.stringify(c.nationalities) === JSON.stringify(["FR"]), "only the second nationality");
  check(c.family_name === undefined && c.birthdate === undefined, "undisclosed claims hidden");
  check(c.vaccinations.length === 2 && c.vaccinations[1].date === undefined, "nested date inside an array stays hidden");
  check(res.holder_key && res.holder_key.x === holder.pub.x, "holder key is the cnf key");

  r = cli("verify", "--trust", "trustA", "--aud", AUD, "--nonce", "another", "A-presentation.txt");
  check(r.status === 1 && JSON.parse(r.stdout).error === "wrong_nonce", "wrong nonce rejected");
  r = cli("verify", "--trust", "trustA", "--aud", "https://evil.example", "--nonce", nonce, "A-presentation.txt");
  check(r.status === 1 && JSON.parse(r.stdout).error === "wrong_audience", "wrong audience rejected");
  const parts = presentation.split("~");
  const raw = Buffer.from(parts[1], "base64url");
  raw[raw.length - 3] ^= 1;
  parts[1] = raw.toString("base64url");
  write("A-tampered.txt", parts.join("~"));
  r = cli("verify", "--trust", "trustA", "--aud", AUD, "--nonce", nonce, "A-tampered.txt");
  check(r.status === 1 && JSON.parse(r.stdout).error === "disclosure_unreferenced", "tampered Disclosure rejected");

  // libwallet as the holder of the @sd-jwt credential.
  write("A-holder.jwk", JSON.stringify(holder.priv));
  r = cli("present", "sdjwt", "--list", "A-credential.txt");
  check(r.status === 0, `wallet present --list: ${r.stderr}`);
  const listed = JSON.parse(r.stdout).map((e) => e.path);
  for (const p of ["given_name", "address", "address.locality", "nationalities", "nationalities.1", "vaccinations.1.date"])
    check(listed.includes(p), `holder lists ${p}`);
  const nonce2 = crypto.randomBytes(12).toString("base64url");
  r = cli("present", "sdjwt", "--holder-key", "A-holder.jwk", "--disclose", "birthdate,nationalities.0",
          "--aud", AUD, "--nonce", nonce2, "A-credential.txt");
  check(r.status === 0, `wallet present of the @sd-jwt credential: ${r.stderr}`);
  const verifier = await instance({ issuerPub: issuer.pub });
  const v = await verifier.verify(r.stdout.trim(), { keyBindingNonce: nonce2 });
  check(v.kb && v.kb.payload.aud === AUD && v.kb.header.typ === "kb+jwt", "@sd-jwt checks libwallet's KB-JWT");
  check(v.payload.birthdate === "1990-04-12" && JSON.stringify(v.payload.nationalities) === '["VN"]',
        "@sd-jwt sees what libwallet disclosed");
  check(v.payload.given_name === undefined, "@sd-jwt does not see undisclosed claims");
}

// ---- B. libwallet issues and presents; @sd-jwt verifies -------------------------------

{
  check(cli("key", "gen", "--alg", alg, "--out", "B-issuer.jwk").status === 0, "key gen issuer");
  check(cli("key", "gen", "--alg", alg, "--out", "B-holder.jwk").status === 0, "key gen holder");
  const issuerPub = JSON.parse(cli("key", "pub", "B-issuer.jwk").stdout);
  write("B-holder.pub", cli("key", "pub", "B-holder.jwk").stdout);
  write("B-claims.json", JSON.stringify(claims));
  let r = cli("issue", "sdjwt", "--key", "B-issuer.jwk", "--claims", "B-claims.json",
              "--sd", "given_name,family_name,birthdate,address,address.street_address,address.locality",
              "--sd", "nationalities,nationalities.0,nationalities.1,vaccinations.1.date",
              "--decoys", "2", "--holder", "B-holder.pub", "--vct", VCT, "--iss", ISS, "--valid-days", "30");
  check(r.status === 0, `wallet issue sdjwt: ${r.stderr}`);
  const credential = r.stdout.trim();

  // @sd-jwt as a verifier of the credential as issued: every claim.
  const verifier = await instance({ issuerPub });
  let v = await verifier.verify(credential);
  check(v.header.typ === "dc+sd-jwt" && v.payload.vct === VCT, "@sd-jwt reads typ and vct");
  check(v.payload.address.locality === "Hoàn Kiếm" && v.payload.nationalities.length === 2,
        "@sd-jwt processes recursive and array Disclosures");

  // libwallet presents with a KB-JWT; @sd-jwt verifies it.
  const nonce = crypto.randomBytes(12).toString("base64url");
  write("B-credential.txt", credential);
  r = cli("present", "sdjwt", "--holder-key", "B-holder.jwk", "--disclose", "given_name,address.locality,nationalities.1",
          "--aud", AUD, "--nonce", nonce, "B-credential.txt");
  check(r.status === 0, `wallet present sdjwt: ${r.stderr}`);
  const presentation = r.stdout.trim();
  v = await verifier.verify(presentation, { keyBindingNonce: nonce });
  check(v.kb !== undefined, "@sd-jwt verified the KB-JWT");
  check(v.kb.payload.aud === AUD && v.kb.payload.nonce === nonce && v.kb.header.alg === alg, "KB-JWT aud, nonce, alg");
  check(v.payload.given_name === "Minh Anh", "given_name disclosed");
  check(v.payload.address.locality === "Hoàn Kiếm" && v.payload.address.street_address === undefined,
        "only address.locality of the address");
  check(JSON.stringify(v.payload.nationalities) === '["FR"]', "only the second nationality");
  check(v.payload.family_name === undefined && v.payload.birthdate === undefined, "undisclosed claims hidden");
  let threw = false;
  try {
    await verifier.verify(presentation, { keyBindingNonce: "another" });
  } catch (e) {
    threw = true;
  }
  check(threw, "@sd-jwt rejects libwallet's KB-JWT for another nonce");
  const p2 = presentation.split("~");
  p2[1] = p2[1].slice(0, -2) + (p2[1].endsWith("A") ? "Bw" : "Aw");
  threw = false;
  try {
    await verifier.verify(p2.join("~"), { keyBindingNonce: nonce });
  } catch (e) {
    threw = true;
  }
  check(threw, "@sd-jwt rejects a changed libwallet Disclosure");

  // @sd-jwt as the holder of a libwallet credential; libwallet verifies. (No
  // decoys here: @sd-jwt's presentation frame counts array positions in the
  // issuer-signed array, where decoy placeholders sit at random places.)
  r = cli("issue", "sdjwt", "--key", "B-issuer.jwk", "--claims", "B-claims.json",
          "--sd", "given_name,family_name,birthdate,address,address.street_address,address.locality",
          "--sd", "nationalities,nationalities.0,nationalities.1,vaccinations.1.date",
          "--holder", "B-holder.pub", "--vct", VCT, "--iss", ISS, "--valid-days", "30");
  check(r.status === 0, `wallet issue sdjwt (no decoys): ${r.stderr}`);
  const holderPriv = JSON.parse(fs.readFileSync(path.join(work, "B-holder.jwk"), "utf8"));
  const holderSdjwt = await instance({ holderPriv });
  const nonce2 = crypto.randomBytes(12).toString("base64url");
  const pres2 = await holderSdjwt.present(
    r.stdout.trim(),
    { birthdate: true, address: { street_address: true }, nationalities: { 0: true }, vaccinations: { 1: { date: true } } },
    { kb: { payload: { aud: AUD, nonce: nonce2, iat: now() } } },
  );
  write("B-presentation-by-sdjwt.txt", pres2);
  fs.mkdirSync(path.join(work, "trustB"));
  write("trustB/issuer.jwk", JSON.stringify(issuerPub));
  r = cli("verify", "--trust", "trustB", "--aud", AUD, "--nonce", nonce2, "B-presentation-by-sdjwt.txt");
  check(r.status === 0, `wallet verify of the @sd-jwt presentation of a libwallet credential: ${r.stdout} ${r.stderr}`);
  const c = JSON.parse(r.stdout).claims;
  check(c.birthdate === "1990-04-12" && c.address.street_address === "12 Tràng Tiền" && c.address.locality === undefined,
        "claims chosen by @sd-jwt");
  check(JSON.stringify(c.nationalities) === '["VN"]' && c.vaccinations[1].date === "1990-05-01", "array elements chosen by @sd-jwt");
}

console.log(`sdjwt interop ${alg}: ${checks} checks passed (work dir ${work})`);
fs.rmSync(work, { recursive: true, force: true });
