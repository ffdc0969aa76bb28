// Operators' page: the plugin chain in force with its stored verdict counts and latency,
// dead deliveries with retry, hash banks with import and export, and the audit log with
// filters. Signs in with an admin key kept in sessionStorage only (as /curate keeps the
// curator key). Every string from the API is written with textContent, never as HTML.
(function () {
  'use strict';
  const KEY = 'postern.adminKey';
  const $ = (id) => document.getElementById(id);
  const loginForm = $('login'), app = $('app'), signout = $('signout'), statusEl = $('status');
  let auditCursor = null;

  const { el, toast } = window.Postern;  // web/common.js: text only ever as textContent

  function cell(text, cls) { return el('td', cls, text === undefined || text === null ? '' : String(text)); }

  // A table cell with one button; the document's click handler runs its data-action.
  function actionCell(label, action, cls) {
    const td = el('td');
    const b = el('button', cls, label);
    b.type = 'button';
    b.dataset.action = action;
    td.appendChild(b);
    return td;
  }

  class AuthError extends Error {}
  class NotFound extends Error {}

  function authHeaders() { return { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) }; }

  // Calls the API; `raw` sends a text body and answers the Response itself.
  async function api(method, path, body, raw) {
    const headers = Object.assign(authHeaders(), raw ? { 'Content-Type': 'text/plain' } : { Accept: 'application/json' });
    if (body !== undefined && !raw) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)) });
    if (res.status === 401 || res.status === 403) throw new AuthError('That key is not an admin key.');
    if (raw && res.ok) return res;
    const data = await res.json().catch(() => ({}));
    if (res.status === 404) throw new NotFound((data.error && data.error.message) || 'not found');
    if (!res.ok) throw new Error((data.error && data.error.message) || 'the API answered ' + res.status);
    return data;
  }

  function showLogin(error) {
    sessionStorage.removeItem(KEY);
    app.hidden = true;
    signout.hidden = true;
    loginForm.hidden = false;
    $('login-error').textContent = error || '';
    $('key').value = '';
    $('key').focus();
  }

  // --- plugin chain -------------------------------------------------------------------
  function verdictSummary(verdicts) {
    const box = el('div', 'verdicts');
    const modes = Object.keys(verdicts || {});
    if (!modes.length) box.appendChild(el('span', 'meta', 'no checks stored yet'));
    for (const mode of modes) {
      const line = el('div', 'verdict-line');
      line.appendChild(el('span', 'badge' + (mode === 'shadow' ? ' pending' : ''), mode));
      for (const [verdict, n] of Object.entries(verdicts[mode]))
        line.appendChild(el('span', 'count verdict-' + verdict, verdict + ' ' + n));
      box.appendChild(line);
    }
    return box;
  }

  function ms(v) { return (Math.round(v * 10) / 10).toString() + ' ms'; }

  async function loadPlugins() {
    const j = await api('GET', '/v1/admin/plugins');
    $('config-hash').textContent = 'config ' + String(j.config_hash).slice(0, 12);
    $('config-hash').title = 'SHA-256 of the config in force: ' + j.config_hash;
    $('chain-note').textContent = 'latency over each plugin\'s newest ' + j.latency_window + ' checks';
    const rows = j.plugins.map((p, i) => {
      const tr = el('tr');
      tr.dataset.plugin = p.name;
      if (!p.enabled) tr.className = 'disabled';
      tr.appendChild(cell(i + 1));
      const name = el('td');
      name.appendChild(el('strong', '', p.name));
      if (!p.enabled) name.appendChild(el('span', 'badge hidden', 'disabled'));
      tr.appendChild(name);
      tr.appendChild(cell(p.mode));
      tr.appendChild(cell(p.on_error));
      tr.appendChild(cell(p.timeout_ms + ' ms'));
      const v = el('td');
      v.appendChild(verdictSummary(p.stats.verdicts));
      tr.appendChild(v);
      tr.appendChild(cell(p.stats.failed, p.stats.failed ? 'bad' : ''));
      const lat = p.stats.latency_ms;
      tr.appendChild(cell(lat.samples ? ms(lat.mean) + ' · ' + ms(lat.p50) + ' · ' + ms(lat.p95) + ' (' + lat.samples + ')' : '—'));
      const conf = el('td');
      const details = el('details');
      details.appendChild(el('summary', '', Object.keys(p.config || {}).length + ' settings'));
      details.appendChild(el('pre', 'json', JSON.stringify(p.config, null, 2)));
      conf.appendChild(details);
      tr.appendChild(conf);
      return tr;
    });
    $('plugins').tBodies[0].replaceChildren(...rows);
    $('connectors').textContent = 'Connectors: ' +
      j.connectors.map((c) => c.name + (c.enabled ? '' : ' (disabled)')).join(', ');
  }

  // --- dead deliveries ----------------------------------------------------------------
  function statusBadge(status) { return el('span', 'badge ' + status, status); }

  async function loadDead() {
    const j = await api('GET', '/v1/admin/deliveries?status=dead&limit=200');
    const rows = j.items.map((d) => {
      const tr = el('tr');
      tr.dataset.deliveryId = d.id;
      tr.dataset.shareId = d.share_id;
      tr.dataset.destination = d.destination;
      tr.appendChild(cell(d.id, 'mono'));
      tr.appendChild(cell(d.share_id, 'mono'));
      tr.appendChild(cell(d.destination));
      tr.appendChild(cell(d.attempts));
      tr.appendChild(cell(d.last_error, 'wrap'));
      tr.appendChild(cell(new Date(d.updated_at).toLocaleString()));
      const st = el('td', 'delivery-status');
      st.appendChild(statusBadge(d.status));
      tr.appendChild(st);
      tr.appendChild(actionCell('Retry', 'retry', 'btn small primary'));
      return tr;
    });
    $('dead').tBodies[0].replaceChildren(...rows);
    $('dead-count').textContent = rows.length ? rows.length + ' dead' : 'none: every delivery is pending or delivered';
  }

  // Follows a retried delivery through its share until it leaves `pending` (or 30 s pass).
  async function follow(tr) {
    const cellEl = tr.querySelector('.delivery-status');
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const share = await api('GET', '/v1/shares/' + encodeURIComponent(tr.dataset.shareId));
      const d = (share.deliveries || []).find((x) => x.destination === tr.dataset.destination);
      if (!d) return;
      cellEl.replaceChildren(statusBadge(d.status));
      if (d.status !== 'pending') return;
    }
  }

  async function retry(tr, button) {
    await api('POST', '/v1/admin/deliveries/' + encodeURIComponent(tr.dataset.deliveryId) + '/retry', {});
    tr.querySelector('.delivery-status').replaceChildren(statusBadge('pending'));
    button.remove();
    toast('Queued again');
    await follow(tr);
  }

  // --- hash banks ---------------------------------------------------------------------
  async function loadBanks() {
    let j;
    try {
      j = await api('GET', '/v1/admin/banks');
    } catch (e) {
      if (!(e instanceof NotFound)) throw e;
      $('banks-note').textContent = 'hash_match is not enabled in this config: no banks.';
      $('banks').hidden = true;
      $('import').hidden = true;
      return;
    }
    $('banks').hidden = false;
    $('import').hidden = false;
    $('banks-note').textContent = 'stored hashes: admin imports and confirmed violations (lines of bank files in the config are not counted)';
    const rows = j.banks.map((b) => {
      const tr = el('tr');
      tr.dataset.bank = b.name;
      const name = el('td');
      name.appendChild(el('strong', '', b.name));
      if (b.confirmed_bank) name.appendChild(el('span', 'badge', 'confirmed violations'));
      tr.appendChild(name);
      tr.appendChild(cell(b.mode === null ? 'not in config (not matched)' : b.mode));
      tr.appendChild(cell(b.stored_hashes, 'hashes'));
      tr.appendChild(actionCell('Export', 'export', 'btn small'));
      return tr;
    });
    $('banks').tBodies[0].replaceChildren(...rows);
  }

  async function exportBank(bank) {
    const res = await api('GET', '/v1/admin/banks/' + encodeURIComponent(bank) + '/export', undefined, true);
    const url = URL.createObjectURL(await res.blob());
    const a = el('a');
    a.href = url;
    a.download = bank + '.pdq.txt';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function importBank() {
    const bank = $('import-bank').value.trim();
    const file = $('import-file').files[0];
    const text = file ? await file.text() : $('import-text').value;
    if (!text.trim()) throw new Error('choose a file or paste hash lines');
    const res = await api('POST', '/v1/admin/banks/' + encodeURIComponent(bank) + '/import', text, true);
    const j = await res.json();
    $('import-result').textContent = 'Imported into ' + j.bank + ': ' + j.added + ' new of ' + j.hashes + ' hashes.';
    $('import-file').value = '';
    $('import-text').value = '';
    await loadBanks();
  }

  // --- audit log ----------------------------------------------------------------------
  function auditQuery() {
    const f = new FormData($('audit-filters'));
    const q = new URLSearchParams({ limit: '50' });
    for (const name of ['actor', 'action', 'target']) {
      const v = String(f.get(name) || '').trim();
      if (v) q.set(name, v);
    }
    const since = String(f.get('since') || '');
    if (since) q.set('since', new Date(since).toISOString().replace(/\.\d+Z$/, 'Z'));  // local time to UTC
    if (auditCursor) q.set('cursor', auditCursor);
    return q;
  }

  async function loadAudit(more) {
    if (!more) auditCursor = null;
    const j = await api('GET', '/v1/admin/audit?' + auditQuery().toString());
    const rows = j.items.map((a) => {
      const tr = el('tr');
      tr.dataset.auditId = a.id;
      tr.appendChild(cell(new Date(a.time).toLocaleString()));
      tr.appendChild(cell(a.actor));
      tr.appendChild(cell(a.action, 'mono'));
      tr.appendChild(cell(a.target, 'mono'));
      const d = el('td', 'detail');
      d.appendChild(el('code', '', JSON.stringify(a.detail)));
      tr.appendChild(d);
      return tr;
    });
    const body = $('audit').tBodies[0];
    if (more) body.append(...rows);
    else body.replaceChildren(...rows);
    if (!body.children.length) {
      const tr = el('tr');
      const td = cell('No entries match.', 'meta');
      td.colSpan = 5;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    auditCursor = j.next_cursor;
    $('audit-more').hidden = !auditCursor;
  }

  // --- wiring -------------------------------------------------------------------------
  async function guarded(fn) {
    try {
      await fn();
    } catch (e) {
      if (e instanceof AuthError) return showLogin(e.message);
      toast(e.message, true);
    }
  }

  async function start() {
    loginForm.hidden = true;
    app.hidden = false;
    signout.hidden = false;
    statusEl.textContent = 'Loading…';
    try {
      await loadPlugins();  // first, alone: a wrong key shows the sign-in form once
      await Promise.all([loadDead(), loadBanks(), loadAudit(false)]);
      statusEl.textContent = '';
    } catch (e) {
      if (e instanceof AuthError) return showLogin(e.message);
      statusEl.className = 'status error';
      statusEl.textContent = 'Could not load: ' + e.message;
    }
  }

  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    const tr = b.closest('tr');
    b.disabled = true;
    const run = b.dataset.action === 'retry' ? () => retry(tr, b) : () => exportBank(tr.dataset.bank);
    guarded(run).finally(() => { b.disabled = false; });
  });

  loginForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('key').value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY, key);
    start();
  });
  $('import').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(importBank);
  });
  $('audit-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(() => loadAudit(false));
  });
  $('audit-clear').addEventListener('click', () => {
    $('audit-filters').reset();
    guarded(() => loadAudit(false));
  });
  $('audit-more').addEventListener('click', () => guarded(() => loadAudit(true)));
  $('reload-chain').addEventListener('click', () => guarded(loadPlugins));
  $('reload-dead').addEventListener('click', () => guarded(loadDead));
  signout.addEventListener('click', () => showLogin(''));

  if (sessionStorage.getItem(KEY)) start();
  else showLogin('');
})();
