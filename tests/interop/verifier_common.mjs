// Shared set-up for the verifier-service tests (verifier_e2e.mjs,
// verifier_counter.mjs): keys, certificates and credentials made with the
// `wallet` CLI, a status list served on loopback, a config, and a
// wallet-verifier child process on a port picked here.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function makeCli(walletBin) {
  return (args, input) =>
    execFileSync(walletBin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

// Issuers, holder, credentials and a status list. Everything lands in `dir`.
export async function makeWorld(wallet, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const f = (n) => path.join(dir, n);
  const w = { dir, f };
  // SD-JWT VC issuer (trusted by JWK), and one nobody trusts.
  wallet(['key', 'gen', '--alg', 'ES256', '--out', f('issuer.jwk')]);
  fs.writeFileSync(f('issuer.pub.jwk'), wallet(['key', 'pub', f('issuer.jwk')]));
  wallet(['key', 'gen', '--alg', 'ES256', '--out', f('rogue.jwk')]);
  // mdoc: IACA root + document signer.
  wallet(['key', 'gen', '--alg', 'ES256', '--out', f('iaca.jwk')]);
  fs.writeFileSync(f('iaca.pem'), wallet(['cert', 'make', '--key', f('iaca.jwk'), '--iaca',
    '--subject', 'CN=Test IACA,O=Hanoi,C=VN', '--issuer-alt-uri', 'https://id.hanoi.gov.vn']));
  wallet(['key', 'gen', '--alg', 'ES256', '--out', f('ds.jwk')]);
  fs.writeFileSync(f('ds.pem'), wallet(['cert', 'make', '--key', f('ds.jwk'), '--ds',
    '--ca-key', f('iaca.jwk'), '--ca-cert', f('iaca.pem'), '--subject', 'CN=Test DS,O=Hanoi,C=VN']));
  // Holder.
  wallet(['key', 'gen', '--alg', 'ES256', '--out', f('holder.jwk')]);
  fs.writeFileSync(f('holder.pub.jwk'), wallet(['key', 'pub', f('holder.jwk')]));

  // A Token Status List served over loopback HTTP (as the issuer would).
  const statusPort = await freePort();
  w.statusUri = `http://127.0.0.1:${statusPort}/status/1`;
  wallet(['status', 'new', '--uri', w.statusUri, '--out', f('list.bin'), '--bits', '1', '--size', '64']);
  wallet(['status', 'alloc', '--list', f('list.bin'), '--count', '4']);
  // index 1 is revoked by the issuer (the verifier caches lists for at least
  // a minute, so the bit is set before its first fetch)
  wallet(['status', 'set', '--list', f('list.bin'), '--index', '1', '--status', 'invalid']);
  w.reissueStatus = () => {
    wallet(['status', 'token', '--list', f('list.bin'), '--key', f('issuer.jwk'), '--out', f('status.jwt')]);
  };
  w.reissueStatus();
  w.statusServer = createServer((req, res) => {
    if (req.url === '/status/1') {
      res.writeHead(200, { 'Content-Type': 'application/statuslist+jwt' });
      res.end(fs.readFileSync(f('status.jwt')));
    } else if (req.url === '/callback') {
      let b = '';
      req.on('data', (d) => { b += d; });
      req.on('end', () => { (w.callbacks ||= []).push(JSON.parse(b)); res.end('ok'); });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => w.statusServer.listen(statusPort, '127.0.0.1', r));
  w.callbackUrl = `http://127.0.0.1:${statusPort}/callback`;

  const pid = {
    iss: 'https://id.hanoi.gov.vn', given_name: 'An', family_name: 'Nguyễn', birthdate: '1990-04-12',
    age_equal_or_over: { 18: true, 65: false }, nationalities: ['VN'], address: { locality: 'Hà Nội' },
  };
  fs.writeFileSync(f('pid.json'), JSON.stringify(pid));
  const issuePid = (key, idx, out) => {
    fs.writeFileSync(f(out), wallet(['issue', 'sdjwt', '--key', f(key), '--claims', f('pid.json'), '--sd-all',
      '--holder', f('holder.pub.jwk'), '--vct', 'https://id.hanoi.gov.vn/pid',
      '--status-uri', w.statusUri, '--status-idx', String(idx)]));
  };
  issuePid('issuer.jwk', 0, 'pid.sdjwt');
  issuePid('issuer.jwk', 1, 'pid-revoked.sdjwt');
  issuePid('rogue.jwk', 2, 'pid-rogue.sdjwt');
  fs.writeFileSync(f('mdl.json'), JSON.stringify({
    'org.iso.18013.5.1': { family_name: 'Nguyễn', given_name: 'An', document_number: 'HN-0042',
      birth_date: { $date: '1990-04-12' }, issuing_country: 'VN' },
  }));
  fs.writeFileSync(f('mdl.cred'), wallet(['issue', 'mdoc', '--key', f('ds.jwk'), '--cert', f('ds.pem'),
    '--doctype', 'org.iso.18013.5.1.mDL', '--claims', f('mdl.json'), '--holder', f('holder.pub.jwk'),
    '--status-uri', w.statusUri, '--status-idx', '3']));
  // An HC1 health certificate for the offline check.
  w.rpKey = 'wk_' + randomBytes(32).toString('base64url');
  w.rpKey2 = 'wk_' + randomBytes(32).toString('base64url');
  return w;
}

export function writeConfig(w, port, extra = {}) {
  const sha = (t) => createHash('sha256').update(t).digest('hex');
  const cfg = {
    listen: { address: '127.0.0.1', port },
    server: { threads: 4 },
    storage: { path: w.f('verifier.db'), key_file: w.f('storage.key'), synchronous: 'normal' },
    access_log: { path: w.f('access.log') },
    rate_limits: { groups: { default: { rate: 1000, burst: 2000 }, rp: { rate: 1000, burst: 2000 },
      poll: { rate: 1000, burst: 2000 }, wallet: { rate: 1000, burst: 2000 }, page: { rate: 1000, burst: 2000 } } },
    verifier: { public_url: `http://localhost:${port}`, dns_name: 'localhost',
      signing_key: w.f('request-signing.jwk'), signing_cert: w.f('request-signing.pem') },
    trust: { jwks: [w.f('issuer.pub.jwk')], iaca: [w.f('iaca.pem')] },
    status: { mode: 'online' },
    relying_parties: [
      { id: 'counter-hoankiem', name: { vi: 'Quầy Hoàn Kiếm', en: 'Hoan Kiem counter' },
        api_key_sha256: sha(w.rpKey), purpose: { vi: 'Kiểm tra danh tính', en: 'Identity check' },
        callback_url: w.callbackUrl,
        credentials: [
          { format: 'dc+sd-jwt', types: ['https://id.hanoi.gov.vn/pid'],
            claims: [['given_name'], ['family_name'], ['birthdate'], ['age_equal_or_over'], ['nationalities']] },
          { format: 'dc+sd-jwt', types: ['urn:vn:health-book:vaccination:1'], claims: [['nam'], ['v']] },
          { format: 'mso_mdoc', types: ['org.iso.18013.5.1.mDL'],
            claims: [['org.iso.18013.5.1', 'family_name'], ['org.iso.18013.5.1', 'given_name'],
              ['org.iso.18013.5.1', 'document_number']] },
        ] },
      { id: 'minishop', name: { vi: 'Cửa hàng nhỏ', en: 'Mini shop' }, api_key_sha256: sha(w.rpKey2),
        purpose: { vi: 'Xác minh tuổi', en: 'Age check' }, templates: ['age_over_18'],
        credentials: [{ format: 'dc+sd-jwt', types: ['https://id.hanoi.gov.vn/pid'],
          claims: [['age_equal_or_over', '18']] }] },
    ],
    ...extra,
  };
  fs.writeFileSync(w.f('verifier.json'), JSON.stringify(cfg, null, 2));
  return w.f('verifier.json');
}

export async function startVerifier(bin, cfgPath, port, logFile) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(bin, ['--config', cfgPath], { stdio: ['ignore', out, out] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`wallet-verifier exited (${child.exitCode}); see ${logFile}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) return { child, base };
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  throw new Error('wallet-verifier did not become healthy');
}

export async function stopVerifier(v) {
  if (!v || v.child.exitCode !== null) return v?.child.exitCode;
  const done = new Promise((r) => v.child.on('exit', (code) => r(code)));
  v.child.kill('SIGTERM');
  return done;
}
