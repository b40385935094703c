// The /counter page of wallet-verifier in headless Chromium (Debian's
// chromium driven by playwright-core): staff sign in with the counter's
// API key, pick a template, a QR code appears; a wallet (the `wallet` CLI +
// jose for the JWE) scans it — the QR image is decoded with `wallet qr
// decode` — and answers; the page shows the verified claims. A second
// request is answered with a wrong nonce and the page shows the reason.
// Screenshots are kept in WORKDIR (counter-verified.png, counter-failed.png).
//
//   node verifier_counter.mjs WALLET_CLI WALLET_VERIFIER WORKDIR [CHROMIUM]
//
// Bounded: 180 s.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as jose from 'jose';
import { chromium } from 'playwright-core';
import { makeCli, freePort, makeWorld, writeConfig, startVerifier, stopVerifier } from './verifier_common.mjs';

const [walletBin, verifierBin, workDir, chromiumBin = '/usr/bin/chromium'] = process.argv.slice(2);
if (!workDir) {
  console.error('usage: node verifier_counter.mjs WALLET_CLI WALLET_VERIFIER WORKDIR [CHROMIUM]');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('verifier_counter: timed out'); process.exit(1); }, 180000);
const wallet = makeCli(walletBin);
const w = await makeWorld(wallet, workDir);
const port = await freePort();
const v = await startVerifier(verifierBin, writeConfig(w, port), port, w.f('verifier.log'));
const local = (u) => u.replace(`http://localhost:${port}`, v.base);

// The wallet: scan the QR shown by the page, fetch the signed request
// object, present the requested claims, post the encrypted response.
async function walletScans(qrDataUrl, { nonce } = {}) {
  fs.writeFileSync(w.f('scan.png'), Buffer.from(qrDataUrl.split(',')[1], 'base64'));
  const deep = wallet(['qr', 'decode', w.f('scan.png')]);
  const requestUri = new URL(deep).searchParams.get('request_uri');
  const jwt = await (await fetch(local(requestUri))).text();
  const header = jose.decodeProtectedHeader(jwt);
  const cert = await jose.importX509(`-----BEGIN CERTIFICATE-----\n${header.x5c[0]}\n-----END CERTIFICATE-----`, header.alg);
  const { payload } = await jose.jwtVerify(jwt, cert, { typ: 'oauth-authz-req+jwt' });
  const q = payload.dcql_query.credentials[0];
  const pres = wallet(['present', 'sdjwt', '--holder-key', w.f('holder.jwk'),
    '--disclose', q.claims.map((c) => c.path.join('.')).join(','),
    '--aud', payload.client_id, '--nonce', nonce ?? payload.nonce, w.f('pid.sdjwt')]);
  const jwk = payload.client_metadata.jwks.keys[0];
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(JSON.stringify({
    vp_token: { [q.id]: [pres] }, state: payload.state })))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: payload.client_metadata.encrypted_response_enc_values_supported[0], kid: jwk.kid })
    .encrypt(await jose.importJWK(jwk, 'ECDH-ES'));
  return fetch(local(payload.response_uri), { method: 'POST', body: new URLSearchParams({ response: jwe }) });
}

const browser = await chromium.launch({ executablePath: chromiumBin, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
let checks = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1366 } }); // a tablet, portrait
  const cspErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });
  const resp = await page.goto(`${v.base}/counter?lang=en`);
  assert.equal(resp.status(), 200);
  assert.match(resp.headers()['content-security-policy'], /default-src 'self'/);
  assert.equal(await page.textContent('h1'), 'Verifier counter');
  // a wrong key is refused
  await page.fill('#apikey', 'wk_not-a-key');
  await page.click('#signin');
  await page.waitForSelector('#signin-error:not([hidden])');
  assert.equal(await page.textContent('#signin-error'), 'The API key is not valid.');
  checks++;
  // the counter's key
  await page.fill('#apikey', w.rpKey);
  await page.click('#signin');
  await page.waitForSelector('#templates button[data-template="citizen_identity"]');
  const names = await page.$$eval('#templates button', (bs) => bs.map((b) => b.textContent));
  assert.ok(names.includes('Citizen identity') && names.includes('Age 18 or over'), names.join());
  checks++;

  // 1. verified
  await page.click('#templates button[data-template="citizen_identity"]');
  await page.waitForSelector('#qr[src^="data:image/png;base64,"]');
  assert.equal(await page.textContent('#status'), 'Waiting for the wallet…');
  const qr = await page.getAttribute('#qr', 'src');
  const r = await walletScans(qr);
  assert.equal(r.status, 200, await r.text());
  await page.waitForSelector('#status[data-state="verified"]', { timeout: 15000 });
  const text = await page.textContent('#credentials');
  assert.ok(text.includes('Nguyễn') && text.includes('1990-04-12') && text.includes('https://id.hanoi.gov.vn'), text);
  assert.ok(!text.includes('Hà Nội'), 'only requested claims are shown');
  await page.screenshot({ path: w.f('counter-verified.png'), fullPage: true });
  // Vietnamese
  await page.click('#lang-vi');
  assert.equal(await page.textContent('#status'), 'Đã xác minh ✓');
  assert.equal(await page.textContent('h1'), 'Quầy xác minh');
  checks += 2;

  // 2. failed, with the reason
  await page.click('#again');
  await page.click('#templates button[data-template="citizen_identity"]');
  await page.waitForSelector('#status[data-state="pending"]');
  const qr2 = await page.getAttribute('#qr', 'src');
  assert.notEqual(qr2, qr);
  const r2 = await walletScans(qr2, { nonce: 'replayed-nonce' });
  assert.equal(r2.status, 400);
  await page.waitForSelector('#status[data-state="failed"]', { timeout: 15000 });
  assert.match(await page.textContent('#failure-reason'), /^Câu trả lời thuộc về một yêu cầu khác.*nonce/);
  assert.equal(await page.textContent('#status'), 'Bị từ chối ✗');
  await page.screenshot({ path: w.f('counter-failed.png'), fullPage: true });
  checks++;

  // 3. offline check from the page
  await page.click('#lang-en');
  const pres = wallet(['present', 'sdjwt', '--disclose', 'given_name', w.f('pid.sdjwt')]);
  await page.fill('#offline-input', pres);
  await page.click('#offline-form button');
  await page.waitForSelector('#offline-result .status');
  assert.equal(await page.textContent('#offline-result .status'), 'Valid');
  checks++;
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/.test(e)), []);
} finally {
  await browser.close();
  await stopVerifier(v);
  w.statusServer.close();
}
clearTimeout(timer);
console.log(`verifier_counter: ok (${checks} checks; screenshots in ${workDir})`);
