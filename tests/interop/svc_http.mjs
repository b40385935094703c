// Interop: Node's built-in fetch (undici, an HTTP/1.1 client nobody here
// wrote — the one the @openid4vc wallet libraries use) against a server
// built on wallet_svc (tests/service-common/svc_testserver.c).
//
//   node svc_http.mjs PATH/TO/svc_testserver
//
// Checks JSON answers and errors, 404/405 with Allow, ETag/304, the body
// cap (413), security headers on an HTML page, the metrics exposition, and
// that SIGTERM ends the server with exit status 0. Bounded: 30 s.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';

const server = process.argv[2];
if (!server) {
  console.error('usage: node svc_http.mjs SVC_TESTSERVER');
  process.exit(2);
}
const timer = setTimeout(() => { console.error('svc_http: timed out'); process.exit(1); }, 30000);

const child = spawn(server, ['--grace', '5000'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /PORT (\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  child.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
});
const base = `http://127.0.0.1:${port}`;
let checks = 0;

// JSON, with the API security headers.
let r = await fetch(`${base}/hello`);
assert.equal(r.status, 200);
assert.equal(r.headers.get('content-type'), 'application/json');
assert.equal(r.headers.get('cache-control'), 'no-store');
assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
assert.deepEqual(await r.json(), { hello: 'world' });
checks++;

// Path parameters are percent-decoded per segment.
r = await fetch(`${base}/items/S%E1%BB%9F%2F1`);
assert.deepEqual(await r.json(), { id: 'Sở/1' });
checks++;

// Errors are OAuth-style JSON objects.
r = await fetch(`${base}/nowhere`);
assert.equal(r.status, 404);
assert.equal((await r.json()).error, 'not_found');
r = await fetch(`${base}/hello`, { method: 'POST', body: '{}' });
assert.equal(r.status, 405);
assert.equal(r.headers.get('allow'), 'GET, HEAD');
assert.equal((await r.json()).error, 'method_not_allowed');
r = await fetch(`${base}/items/%zz`);
assert.equal(r.status, 400);
assert.equal((await r.json()).error, 'invalid_request');
checks += 3;

// Conditional GET.
r = await fetch(`${base}/etag`);
assert.equal(r.status, 200);
const etag = r.headers.get('etag');
assert.equal(etag, '"v1"');
await r.text();
r = await fetch(`${base}/etag`, { headers: { 'If-None-Match': etag } });
assert.equal(r.status, 304);
r = await fetch(`${base}/etag`, { headers: { 'If-None-Match': 'W/"v1", "v2"' } });
assert.equal(r.status, 304);
r = await fetch(`${base}/etag`, { headers: { 'If-None-Match': '"v2"' } });
assert.equal(r.status, 200);
await r.text();
checks += 4;

// Body cap: 1024 bytes on /echo.
r = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(1024) });
assert.deepEqual(await r.json(), { len: 1024 });
r = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(4096) });
assert.equal(r.status, 413);
assert.equal((await r.json()).error, 'invalid_request');
checks += 2;

// HTML page with its Content-Security-Policy.
r = await fetch(`${base}/counter`);
assert.equal(r.status, 200);
assert.match(r.headers.get('content-type'), /^text\/html/);
assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
assert.equal(r.headers.get('x-frame-options'), 'DENY');
assert.equal(await r.text(), '<!doctype html><p>counter</p>');
checks++;

// Health and metrics (the requests above are counted by route pattern).
r = await fetch(`${base}/healthz`);
assert.deepEqual(await r.json(), { status: 'ok', checks: {} });
r = await fetch(`${base}/metrics`);
const text = await r.text();
assert.match(text, /^# HELP /);
const line = text.split('\n').find((l) =>
  l.startsWith('svc_test_http_requests_total{route="/etag",method="GET",status="3xx"}'));
assert.ok(line, 'etag 304s counted');
assert.equal(Number(line.split(' ').pop()), 2);
assert.ok(!text.includes('%zz') && !text.includes('nowhere'), 'no raw paths in labels');
checks += 2;

// Graceful stop: exit status 0.
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
child.kill('SIGTERM');
const { code, signal } = await exited;
assert.equal(signal, null);
assert.equal(code, 0);
checks++;

clearTimeout(timer);
console.log(`svc_http: ${checks} checks passed against ${server}`);
