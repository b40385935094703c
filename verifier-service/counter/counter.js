// Verifier counter page (plain JS, no build step). Staff sign in with the
// counter's API key (kept in this tab's sessionStorage only), pick a
// template, show the QR; the page polls the relying-party API and shows the
// verified claims or the reason of the failure. All text in vi and en.
'use strict';

const T = {
  vi: {
    title: 'Quầy xác minh', signin: 'Đăng nhập quầy', apikey: 'Khóa API của quầy', signin_button: 'Bắt đầu',
    pick: 'Chọn yêu cầu', scan: 'Công dân quét mã QR bằng ví trong siêu ứng dụng.',
    open_wallet: 'Mở ví trên thiết bị này', verified: 'Đã xác minh', failed: 'Không xác minh được',
    again: 'Yêu cầu mới', offline: 'Kiểm tra ngoại tuyến (mã HC1 hoặc SD-JWT)', check: 'Kiểm tra',
    waiting: 'Đang chờ ví trả lời…', ok: 'Đã xác minh ✓', bad: 'Bị từ chối ✗', bad_key: 'Khóa API không hợp lệ.',
    issuer: 'Cơ quan cấp', type: 'Loại', status: 'Trạng thái', expired: 'Yêu cầu đã hết hạn.',
    valid: 'Hợp lệ', invalid: 'Không hợp lệ', error: 'Lỗi',
    r_wrong_nonce: 'Câu trả lời thuộc về một yêu cầu khác (có thể bị phát lại).',
    r_wrong_audience: 'Câu trả lời được tạo cho một bên xác minh khác.',
    r_revoked: 'Giấy tờ đã bị thu hồi.', r_suspended: 'Giấy tờ đang bị tạm đình chỉ.',
    r_key_not_found: 'Cơ quan cấp không được tin cậy.', r_signature: 'Chữ ký không hợp lệ.',
    r_expired: 'Giấy tờ đã hết hạn.', r_query_not_satisfied: 'Thiếu thông tin được yêu cầu.',
    r_transaction_data_mismatch: 'Dữ liệu giao dịch không khớp.',
    r_wallet_error: 'Công dân đã từ chối chia sẻ.',
  },
  en: {
    title: 'Verifier counter', signin: 'Counter sign-in', apikey: 'Counter API key', signin_button: 'Start',
    pick: 'Choose a request', scan: 'The citizen scans the QR code with the wallet in the super app.',
    open_wallet: 'Open the wallet on this device', verified: 'Verified', failed: 'Could not verify',
    again: 'New request', offline: 'Offline check (HC1 or SD-JWT code)', check: 'Check',
    waiting: 'Waiting for the wallet…', ok: 'Verified ✓', bad: 'Refused ✗', bad_key: 'The API key is not valid.',
    issuer: 'Issuer', type: 'Type', status: 'Status', expired: 'The request has expired.',
    valid: 'Valid', invalid: 'Not valid', error: 'Error',
    r_wrong_nonce: 'The answer belongs to another request (possibly replayed).',
    r_wrong_audience: 'The answer was made for another verifier.',
    r_revoked: 'The document has been revoked.', r_suspended: 'The document is suspended.',
    r_key_not_found: 'The issuer is not trusted.', r_signature: 'The signature is not valid.',
    r_expired: 'The document has expired.', r_query_not_satisfied: 'Requested information is missing.',
    r_transaction_data_mismatch: 'The transaction data does not match.',
    r_wallet_error: 'The citizen declined to share.',
  },
};
let lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : (sessionStorage.getItem('lang') || 'vi');
let templates = [];
let current = null;
let timer = null;

const $ = (id) => document.getElementById(id);
const t = (k) => T[lang][k] || k;
const key = () => sessionStorage.getItem('apikey');

function applyLang() {
  document.documentElement.lang = lang;
  sessionStorage.setItem('lang', lang);
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('.lang button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang)));
  renderTemplates();
  if (current) renderSession(current.last);
}

async function api(method, path, body, type) {
  const headers = { Authorization: `Bearer ${key()}` };
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : (type ? body : JSON.stringify(body)) });
  let j = null;
  try { j = await r.json(); } catch { j = null; }
  return { status: r.status, body: j };
}

async function signIn(ev) {
  if (ev) ev.preventDefault();
  const v = $('apikey').value.trim();
  if (v) sessionStorage.setItem('apikey', v);
  if (!key()) return;
  const r = await api('GET', '/v1/templates');
  if (r.status !== 200) {
    sessionStorage.removeItem('apikey');
    $('signin-error').textContent = t('bad_key');
    $('signin-error').hidden = false;
    return;
  }
  templates = r.body.templates;
  $('rp-name').textContent = '— ' + (r.body.relying_party.name[lang] || r.body.relying_party.id);
  $('signin-panel').hidden = true;
  $('pick-panel').hidden = false;
  $('offline-panel').hidden = false;
  renderTemplates();
}

function renderTemplates() {
  const box = $('templates');
  if (!box) return;
  box.textContent = '';
  for (const tp of templates) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.template = tp.name;
    b.textContent = tp.title[lang];
    b.addEventListener('click', () => start(tp));
    box.appendChild(b);
  }
}

async function start(tp) {
  stopPolling();
  const r = await api('POST', '/v1/presentations', { template: tp.name });
  if (r.status !== 201) {
    alert((r.body && r.body.error_description) || r.status);
    return;
  }
  current = { tp, id: r.body.id, last: { status: 'pending' } };
  $('request-title').textContent = tp.title[lang];
  $('qr').src = r.body.qr_png;
  $('deep-link').href = r.body.deep_link;
  $('request-panel').hidden = false;
  $('pick-panel').hidden = true;
  renderSession(current.last);
  timer = setInterval(poll, 1000);
}

function stopPolling() {
  if (timer) clearInterval(timer);
  timer = null;
}

async function poll() {
  if (!current) return;
  const r = await api('GET', `/v1/presentations/${encodeURIComponent(current.id)}`);
  if (r.status !== 200) return;
  current.last = r.body;
  renderSession(r.body);
  if (r.body.status !== 'pending') stopPolling();
}

function claimRows(table, value, prefix) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v]) : Object.entries(value);
    for (const [k, v] of entries) claimRows(table, v, prefix ? `${prefix} › ${k}` : k);
    return;
  }
  const tr = table.insertRow();
  const th = document.createElement('th');
  th.textContent = prefix;
  tr.appendChild(th);
  const td = tr.insertCell();
  td.textContent = value === true ? '✓' : value === false ? '✗' : String(value);
}

function renderSession(s) {
  const st = $('status');
  st.dataset.state = s.status;
  st.textContent = s.status === 'verified' ? t('ok') : s.status === 'failed' ? t('bad') : t('waiting');
  $('qr').hidden = s.status !== 'pending';
  $('scan-hint').hidden = s.status !== 'pending';
  $('result').hidden = s.status !== 'verified';
  $('failure').hidden = s.status !== 'failed';
  if (s.status === 'verified') {
    const box = $('credentials');
    box.textContent = '';
    for (const c of s.credentials || []) {
      const div = document.createElement('div');
      div.className = 'credential';
      const meta = document.createElement('p');
      meta.className = 'meta';
      meta.textContent = `${t('type')}: ${c.type || c.format} · ${t('issuer')}: ${c.issuer || '—'} · ${t('status')}: ${c.status}`;
      div.appendChild(meta);
      const table = document.createElement('table');
      table.className = 'claims';
      claimRows(table, c.claims, '');
      div.appendChild(table);
      box.appendChild(div);
    }
  } else if (s.status === 'failed') {
    if (s.error === 'expired') {
      $('failure-reason').textContent = t('expired');
    } else {
      const friendly = T[lang]['r_' + s.error];
      const detail = s.error_description || s.error || '';
      $('failure-reason').textContent = friendly ? `${friendly} (${detail})` : detail;
    }
  }
}

async function offlineCheck(ev) {
  ev.preventDefault();
  const text = $('offline-input').value.trim();
  if (!text) return;
  const r = await api('POST', '/v1/verify', text, 'text/plain');
  const out = $('offline-result');
  out.textContent = '';
  const p = document.createElement('p');
  p.className = 'status';
  const ok = r.body && r.body.valid;
  p.dataset.state = ok ? 'verified' : 'failed';
  p.textContent = ok ? t('valid') : `${t('invalid')}: ${(r.body && (r.body.detail || r.body.error || r.body.error_description)) || r.status}`;
  out.appendChild(p);
  if (ok) {
    const table = document.createElement('table');
    table.className = 'claims';
    claimRows(table, r.body.claims, '');
    out.appendChild(table);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('.lang button').forEach((b) => b.addEventListener('click', () => { lang = b.dataset.lang; applyLang(); }));
  $('signin-form').addEventListener('submit', signIn);
  $('offline-form').addEventListener('submit', offlineCheck);
  $('again').addEventListener('click', () => {
    stopPolling();
    current = null;
    $('request-panel').hidden = true;
    $('pick-panel').hidden = false;
  });
  applyLang();
  if (key()) signIn();
});
