// Reviewer console: the queue with filters, one item at a time (opening claims it),
// confirm or overturn with a reason code and a note, near-duplicate groups as one, and
// keyboard shortcuts for the whole loop. ReviewEvidence (review_evidence.js) draws the
// item; the rules (strikes, take-downs, banking) are the gateway's.
(function () {
  'use strict';
  const { el, toast, AuthError, keyed, age } = window.Postern;
  const Ev = window.ReviewEvidence;
  const key = keyed('postern.reviewerKey', 'reviewer');
  const $ = (id) => document.getElementById(id);
  const loginForm = $('login'), app = $('app');

  let items = [];          // the queue as listed, each maybe with `decided` (our decision)
  let cursor = null;       // next page of the queue
  let current = -1;        // index into items
  let detail = null;       // GET /v1/review/{id} of the current item
  let reasonCodes = [];    // the configured codes a confirm may carry
  let reason = '';         // the picked one
  let action = '';         // chosen with c / o, submitted with Enter
  let imageUrl = null;     // object URL of the current image
  let heldByOther = '';    // why the current item cannot be decided here (another's claim)
  let opening = Promise.resolve();  // opens run one at a time, in key order
  let busy = false;

  function showLogin(error) {
    key.clear();
    app.hidden = true;
    for (const id of ['signout', 'stats-toggle', 'help-toggle']) $(id).hidden = true;
    loginForm.hidden = false;
    $('login-error').textContent = error || '';
    $('key').value = '';
    $('key').focus();
  }

  async function guarded(fn) {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AuthError) return showLogin(e.message);
      toast(e.message, true);
    }
  }

  async function loadStats() {
    const s = await key.api('GET', '/v1/review/stats');
    reasonCodes = s.reason_codes || [];
    $('queue-summary').textContent = s.pending + ' pending · oldest waiting ' + age(s.oldest_pending_age_s);
    Ev.stats(s);
    const sel = document.querySelector('#filters [name=plugin]');
    const known = new Set([...sel.options].map((o) => o.value));
    for (const name of Object.keys(s.plugins || {}))
      if (!known.has(name)) sel.appendChild(new Option(name, name));
  }

  function query() {
    const f = new FormData($('filters'));
    const q = new URLSearchParams({ limit: '50' });
    for (const k of ['status', 'source', 'plugin', 'code', 'sort']) if (f.get(k)) q.set(k, f.get(k));
    const min = parseInt(f.get('min_age_min'), 10);
    if (min > 0) q.set('min_age_s', String(min * 60));
    if (cursor) q.set('cursor', cursor);
    return q.toString();
  }

  async function loadQueue(more) {
    if (!more) {
      release(items[current]);
      cursor = null;
      items = [];
      current = -1;
      detail = null;
    }
    $('queue-status').textContent = 'Loading…';
    const page = await key.api('GET', '/v1/review?' + query());
    items.push(...page.items);
    cursor = page.next_cursor;
    $('more').hidden = !cursor;
    const codes = new Set(items.flatMap((i) => i.codes || []));
    $('codes').replaceChildren(...[...codes].map((c) => new Option(c)));
    renderQueue();
    if (!more) await open(items.length ? 0 : -1);
  }

  function renderQueue() {
    $('queue-list').replaceChildren(...items.map((it, i) => {
      const li = el('li', 'queue-item' + (i === current ? ' current' : '') + (it.decided ? ' decided' : ''));
      li.dataset.shareId = it.share_id;
      li.dataset.index = i;
      const top = el('div', 'qi-top');
      top.append(el('span', 'qi-user', '@' + it.user_id), el('span', 'meta', age(it.age_s)));
      li.appendChild(top);
      li.appendChild(el('div', 'qi-codes', (it.codes || []).join(', ') + ' · ' + it.source));
      if (it.decided) li.appendChild(el('span', 'badge ' + it.decided, it.decided));
      else if (it.claimed_by) li.appendChild(el('span', 'badge pending', 'claimed by ' + it.claimed_by));
      if ((it.near_duplicates || []).length) li.appendChild(el('span', 'badge', '+' + it.near_duplicates.length + ' similar'));
      return li;
    }));
    $('queue-status').textContent = items.length ? '' : 'Nothing in the queue with these filters.';
    const cur = $('queue-list').children[current];
    if (cur) cur.scrollIntoView({ block: 'nearest' });
  }

  // A reason suggested from the codes of the checks that flagged the item, rejects
  // before holds (text_policy_illegal -> illegal); the reviewer can pick another.
  function suggestedReason(d) {
    const rank = { reject: 0, hold: 1 };
    const flagged = (d.checks || []).filter((c) => c.code && c.mode === 'enforce' && c.verdict in rank)
      .sort((a, b) => rank[a.verdict] - rank[b.verdict]).map((c) => c.code);
    for (const code of [...flagged, ...(d.codes || [])]) {
      const base = code.replace(/^text_policy_/, '').replace(/_review$/, '');
      if (reasonCodes.includes(base)) return base;
      if (/explicit|suggestive/.test(base) && reasonCodes.includes('sexual')) return 'sexual';
    }
    return '';
  }

  function renderDecide() {
    const pending = detail && detail.status === 'pending' && !items[current].decided && !heldByOther;
    $('decide').hidden = !pending;
    if (!pending) return;
    const box = $('reasons');
    box.replaceChildren(box.firstElementChild);
    reasonCodes.forEach((code, i) => {
      const b = el('button', 'reason' + (code === reason ? ' picked' : ''));
      b.type = 'button';
      b.dataset.reason = code;
      b.setAttribute('aria-pressed', String(code === reason));
      if (i < 9) b.appendChild(el('kbd', null, String(i + 1)));
      b.appendChild(document.createTextNode(' ' + code));
      box.appendChild(b);
    });
    for (const b of document.querySelectorAll('#decide [data-action]')) b.classList.toggle('chosen', b.dataset.action === action);
    const group = detail.near_duplicates || [];
    $('group-row').hidden = !group.length;
    $('group-label').textContent = 'Decide with ' + group.length + ' near-duplicate(s)';
    $('decide-hint').textContent = action === 'confirm' && !reason ? 'Pick a reason (1–9), then Enter.' : '';
  }

  function renderClaim(text, mine) {
    const c = $('claim');
    c.textContent = text;
    c.className = 'claim ' + (mine ? 'mine' : 'other');
  }

  async function release(it) {
    if (it && !it.decided && it.status === 'pending') {
      await key.api('POST', '/v1/review/' + encodeURIComponent(it.share_id) + '/release').catch(() => {});
    }
  }

  // `target`: an index, or a function that picks one when this open's turn comes.
  function open(target) {
    opening = opening.catch(() => {}).then(async () => show(typeof target === 'function' ? await target() : target));
    return opening;
  }

  async function show(index) {
    if (index === current && detail) return;
    const previous = items[current];
    if (previous && index !== current) release(previous);
    current = index;
    renderQueue();
    detail = null;
    $('result').hidden = true;
    if (index < 0 || index >= items.length) {
      $('item').hidden = true;
      $('empty').hidden = false;
      $('decide').hidden = true;
      $('account').replaceChildren();
      return;
    }
    const it = items[index];
    $('empty').hidden = true;
    $('item').hidden = false;
    const id = encodeURIComponent(it.share_id);
    heldByOther = '';
    if (it.status === 'pending' && !it.decided) {
      try {
        const claimed = await key.api('POST', '/v1/review/' + id + '/claim');
        renderClaim('Claimed by you (' + claimed.claimed_by + ') until ' +
                    new Date(claimed.claim_expires_at).toLocaleTimeString(), true);
      } catch (e) {
        if (e instanceof AuthError) throw e;
        heldByOther = e.message;  // e.g. "claimed by rob until ...": read only here
        renderClaim(e.message, false);
      }
    } else {
      renderClaim(it.decided || it.status, true);
    }
    detail = await key.api('GET', '/v1/review/' + id);
    if (items[current] !== it) return;  // moved on meanwhile
    detail.status = it.decided ? it.decided : detail.status;
    action = '';
    reason = suggestedReason(detail);
    $('note').value = '';
    $('group').checked = (detail.near_duplicates || []).length > 0;
    Ev.render(detail);
    renderDecide();
    if (imageUrl) URL.revokeObjectURL(imageUrl);
    const url = await key.objectUrl(detail.image_url);
    if (items[current] !== it) return URL.revokeObjectURL(url);
    imageUrl = url;
    $('image').src = url;
  }

  function move(step) {
    return open(async () => {
      const next = current + step;
      if (next >= 0 && next < items.length) return next;
      if (step > 0 && cursor) await loadQueue(true);
      return Math.max(0, Math.min(next, items.length - 1));
    });
  }

  function showResult(res, act) {
    const box = $('result');
    box.hidden = false;
    box.replaceChildren(el('h2', null, 'Last decision'));
    box.appendChild(el('p', 'result-line ' + (act === 'confirm' ? 'confirmed' : 'overturned'),
                       (act === 'confirm' ? 'Confirmed' : 'Overturned') + ' ' + res.share_id +
                       (act === 'confirm' ? ' as ' + reason : '')));
    if (res.account)
      box.appendChild(el('p', 'meta', '@' + res.account.user_id + ': ' + res.account.status + ', ' +
                                      res.account.strikes_in_window + ' strike(s) in the window'));
  }

  async function submit() {
    if (busy || !detail || detail.status !== 'pending' || heldByOther) return;
    if (!action) { $('decide-hint').textContent = 'Press c to confirm or o to overturn.'; return; }
    if (action === 'confirm' && !reason && reasonCodes.length) { renderDecide(); return; }
    busy = true;
    try {
      const body = { action, note: $('note').value, apply_to_group: $('group').checked };
      if (action === 'confirm') body.reason_code = reason;
      const it = items[current];
      const res = await key.api('POST', '/v1/review/' + encodeURIComponent(it.share_id), body);
      const results = res.results || [res];
      const word = action === 'confirm' ? 'confirmed' : 'overturned';
      let done = 0;
      for (const r of results) {
        if (r.error) continue;
        done++;
        const other = items.find((x) => x.share_id === r.share_id);
        if (other) other.decided = word;
      }
      renderQueue();  // the decided marks at once, with the result (not after the stats reload)
      showResult(results[0], action);
      toast(word[0].toUpperCase() + word.slice(1) + ' ' + done + ' item(s)');
      $('note').blur();
      await loadStats();
      const next = items.findIndex((x, i) => i > current && !x.decided);
      if (next >= 0) await open(next);
      else { renderQueue(); detail.status = word; renderDecide(); }
      $('result').hidden = false;
    } finally {
      busy = false;
    }
  }

  function choose(act) {
    if (!detail || detail.status !== 'pending' || heldByOther) return;
    action = act;
    renderDecide();
    // One keystroke: overturn, or confirm with a reason already picked, goes at once.
    if (act === 'overturn' || reason || !reasonCodes.length) return guarded(submit);
  }

  function pickReason(i) {
    if (i >= reasonCodes.length) return;
    reason = reasonCodes[i];
    renderDecide();
  }

  function togglePanel(id) {
    const p = $(id);
    p.hidden = !p.hidden;
    for (const other of ['stats', 'help']) if (other !== id) $(other).hidden = true;
  }

  document.addEventListener('keydown', (e) => {
    if (app.hidden || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.id === 'note') {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); guarded(submit); }
      else if (e.key === 'Escape') t.blur();
      return;
    }
    if (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA') return;
    const k = e.key;
    let handled = true;
    if (k === 'j' || k === 'ArrowDown') guarded(() => move(1));
    else if (k === 'k' || k === 'ArrowUp') guarded(() => move(-1));
    else if (k === 'c') choose('confirm');
    else if (k === 'o') choose('overturn');
    else if (/^[1-9]$/.test(k)) pickReason(Number(k) - 1);
    else if (k === 'n' && !$('decide').hidden) $('note').focus();
    else if (k === 'g' && !$('group-row').hidden) $('group').checked = !$('group').checked;
    else if (k === 'Enter') guarded(submit);
    else if (k === 'r') guarded(() => loadQueue(false));
    else if (k === 's') togglePanel('stats');
    else if (k === '?') togglePanel('help');
    else if (k === 'Escape') { $('stats').hidden = true; $('help').hidden = true; }
    else handled = false;
    if (handled) e.preventDefault();
  });

  $('queue-list').addEventListener('click', (e) => {
    const li = e.target.closest('li[data-index]');
    if (li) guarded(() => open(Number(li.dataset.index)));
  });
  $('reasons').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-reason]');
    if (b) pickReason(reasonCodes.indexOf(b.dataset.reason));
  });
  $('decide').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (b) choose(b.dataset.action);
  });
  $('decide').addEventListener('submit', (e) => { e.preventDefault(); guarded(submit); });
  $('filters').addEventListener('change', () => guarded(() => loadQueue(false)));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('more').addEventListener('click', () => guarded(() => loadQueue(true)));
  $('image').addEventListener('load', () => { if (detail) Ev.drawFaces(detail, $('image')); });
  $('stats-toggle').addEventListener('click', () => togglePanel('stats'));
  $('help-toggle').addEventListener('click', () => togglePanel('help'));
  $('signout').addEventListener('click', () => { release(items[current]); showLogin(''); });

  async function start() {
    loginForm.hidden = true;
    app.hidden = false;
    for (const id of ['signout', 'stats-toggle', 'help-toggle']) $(id).hidden = false;
    await guarded(async () => {
      await loadStats();
      await loadQueue(false);
    });
  }

  loginForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const k = $('key').value.trim();
    if (!k) return;
    key.set(k);
    start();
  });

  if (key.get()) start();
  else showLogin('');
})();
