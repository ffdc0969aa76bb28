// Reviewer console: draws one item's evidence (face boxes over the image, model scores,
// matched text spans in the prompt and caption, the PDQ match, user reports, every
// check's verdict), the account beside it and the stats panel. Every string from the
// API is set with textContent; nothing here builds markup from text.
window.ReviewEvidence = (function () {
  'use strict';
  const { el, age } = window.Postern;
  const $ = (id) => document.getElementById(id);

  function checkOf(detail, plugin) { return (detail.checks || []).find((c) => c.plugin === plugin); }
  function pct(x) { return typeof x === 'number' ? (x * 100).toFixed(1) + '%' : '–'; }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }

  // One labelled score bar: the width is the score, `hot` marks scores that flagged.
  function meter(label, value, hot) {
    const row = el('div', 'meter' + (hot ? ' hot' : ''));
    row.appendChild(el('span', 'meter-label', label));
    const bar = el('span', 'meter-bar');
    const fill = el('span', 'meter-fill');
    fill.style.width = Math.max(0, Math.min(1, Number(value) || 0)) * 100 + '%';
    bar.appendChild(fill);
    row.append(bar, el('span', 'meter-value', pct(value)));
    return row;
  }

  // Face boxes are in image pixels: placed in percent of the natural size, so they
  // follow the image at whatever size it is shown.
  function drawFaces(detail, img) {
    const overlay = $('overlay');
    overlay.replaceChildren();
    const pf = checkOf(detail, 'photoreal_face');
    const faces = (pf && pf.evidence && pf.evidence.faces) || [];
    if (!img.naturalWidth || !faces.length) return;
    for (const f of faces) {
      const [x, y, w, h] = f.box || [0, 0, 0, 0];
      const box = el('div', 'face-box' + (f.human ? ' human' : ''));
      box.style.left = (x / img.naturalWidth) * 100 + '%';
      box.style.top = (y / img.naturalHeight) * 100 + '%';
      box.style.width = (w / img.naturalWidth) * 100 + '%';
      box.style.height = (h / img.naturalHeight) * 100 + '%';
      box.appendChild(el('span', 'face-score', 'face ' + pct(f.confidence !== undefined ? f.confidence : f.score)));
      overlay.appendChild(box);
    }
  }

  function scores(detail) {
    const box = $('scores');
    box.replaceChildren();
    const pf = checkOf(detail, 'photoreal_face');
    if (pf && pf.evidence) {
      const ev = pf.evidence;
      box.appendChild(el('h3', null, 'photoreal_face · ' + pf.verdict));
      box.appendChild(meter('photorealism', ev.photoreal, pf.verdict !== 'allow'));
      if (ev.faces_searched) {
        box.appendChild(meter('best face', ev.face_confidence, pf.verdict !== 'allow'));
        box.appendChild(el('p', 'meta', (ev.faces || []).length + ' face(s) found, boxed on the image'));
      } else {
        box.appendChild(el('p', 'meta', 'not photoreal enough to look for faces'));
      }
    }
    const nsfw = checkOf(detail, 'nsfw_image');
    // photoreal_face's classes are the same nsfwjs output: shown once, under nsfw_image if it ran.
    const classes = (nsfw && nsfw.evidence && nsfw.evidence.probabilities) || (pf && pf.evidence && pf.evidence.classes);
    if (nsfw && nsfw.evidence) {
      box.appendChild(el('h3', null, 'nsfw_image · ' + nsfw.verdict));
      box.appendChild(meter('explicit', nsfw.evidence.explicit, nsfw.verdict !== 'allow'));
    }
    if (classes) {
      box.appendChild(el('h3', null, 'image classes (nsfwjs)'));
      for (const [k, v] of Object.entries(classes)) box.appendChild(meter(k, v, false));
    }
    if (!box.children.length) box.appendChild(el('p', 'meta', 'No image model scored this share.'));
  }

  // UTF-8 byte offset (as text_policy records spans) to a JavaScript string index.
  function indexOfByte(str, byteOffset) {
    let bytes = 0, i = 0;
    while (i < str.length && bytes < byteOffset) {
      const cp = str.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    return i;
  }

  // [start, end) ranges of `field` to highlight: the recorded span, or else every
  // occurrence of its text.
  function spansFor(detail, field, text) {
    const ranges = [];
    for (const c of detail.checks || []) {
      const ev = c.evidence || {};
      if (c.plugin !== 'text_policy' || ev.field !== field || !ev.span) continue;
      const b = indexOfByte(text, ev.span.begin), e = indexOfByte(text, ev.span.end);
      if (text.slice(b, e) === ev.span.text) { ranges.push([b, e, ev.category || c.code]); continue; }
      const needle = String(ev.span.text || '').toLowerCase();
      for (let i = needle ? text.toLowerCase().indexOf(needle) : -1; i >= 0; i = text.toLowerCase().indexOf(needle, i + 1))
        ranges.push([i, i + needle.length, ev.category || c.code]);
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }

  function highlighted(target, detail, field, text) {
    target.replaceChildren();
    if (!text) { target.appendChild(el('span', 'meta', '(none)')); return; }
    let at = 0;
    for (const [b, e, why] of spansFor(detail, field, text)) {
      if (b < at) continue;
      target.appendChild(document.createTextNode(text.slice(at, b)));
      const mark = el('mark', 'span-hit', text.slice(b, e));
      mark.title = why || 'matched';
      target.appendChild(mark);
      at = e;
    }
    target.appendChild(document.createTextNode(text.slice(at)));
  }

  function hashMatch(detail) {
    const box = $('hash');
    box.replaceChildren();
    const hm = checkOf(detail, 'hash_match');
    const ev = hm && hm.evidence;
    if (!ev || ev.distance === undefined) return;
    box.appendChild(el('h3', null, 'hash_match · PDQ match'));
    const dl = el('dl', 'facts');
    const fact = (k, v, full) => {
      const dd = el('dd', null, v);
      if (full) dd.title = full;
      dl.append(el('dt', null, k), dd);
    };
    const short = (hex) => String(hex || '').slice(0, 16) + '…';
    fact('bank', ev.bank);
    fact('distance', ev.distance + ' of 256 bits');
    fact('banked as', ev.meta || '(no note)');
    fact('matched', short(ev.matched_hash), ev.matched_hash);
    fact('this image', short(ev.pdq) + ' q' + ev.quality, ev.pdq);
    box.appendChild(dl);
  }

  function reports(detail) {
    const box = $('reports');
    box.replaceChildren();
    const list = detail.user_reports || [];
    if (!list.length) return;
    box.appendChild(el('h3', null, 'User reports (' + list.length + ')'));
    const ul = el('ul', 'report-list');
    for (const r of list) {
      const li = el('li');
      li.append(el('strong', null, r.reporter_id), el('span', 'meta', ' · ' + when(r.created_at)));
      li.appendChild(el('div', 'report-reason', r.reason || '(no reason given)'));
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }

  function checks(detail) {
    const t = $('checks');
    t.replaceChildren();
    const head = el('tr');
    for (const h of ['plugin', 'verdict', 'mode', 'code', 'ms']) head.appendChild(el('th', null, h));
    t.appendChild(head);
    for (const c of detail.checks || []) {
      const tr = el('tr', 'verdict-' + c.verdict);
      for (const v of [c.plugin, c.verdict, c.mode, c.code || '', (c.ms || 0).toFixed(1)]) tr.appendChild(el('td', null, v));
      t.appendChild(tr);
    }
  }

  function account(detail) {
    const box = $('account');
    const a = detail.account || {};
    box.replaceChildren(el('h2', null, 'Account'));
    box.appendChild(el('p', 'account-user', '@' + detail.user_id));
    const status = el('p', 'account-status ' + a.status, a.status);
    box.appendChild(status);
    box.appendChild(el('p', 'strikes', 'Strikes: ' + a.strikes_in_window + ' of ' + a.strikes_to_deactivate +
                                         ' in ' + a.strike_window_days + ' days (' + a.strikes_total + ' total)'));
    box.appendChild(el('p', 'appeal', a.appeal ? 'Appealed ' + when(a.appeal.created_at) + ' (share ' + a.appeal.share_id + ')'
                                                : 'Has not appealed'));
    const past = a.past_decisions || [];
    box.appendChild(el('h3', null, 'Past decisions (' + past.length + ')'));
    const ul = el('ul', 'past');
    for (const p of past) {
      const li = el('li', p.status);
      li.appendChild(el('span', 'badge ' + p.status, p.status));
      li.appendChild(el('span', null, ' ' + (p.reason_code || (p.codes || []).join(', ')) + ' · ' + when(p.decided_at)));
      if (p.note) li.appendChild(el('div', 'meta', p.note));
      ul.appendChild(li);
    }
    if (!past.length) ul.appendChild(el('li', 'meta', 'none'));
    box.appendChild(ul);
  }

  // Everything but the image, which the console loads with the key.
  function render(detail) {
    $('item-title').textContent = detail.share_id;
    $('item-source').textContent = detail.source + (detail.reports ? ' · ' + detail.reports + ' report(s)' : '');
    $('image-note').textContent = '@' + detail.user_id + ' · ' + (detail.codes || []).join(', ') + ' · waiting ' + age(detail.age_s);
    highlighted($('prompt'), detail, 'prompt', detail.prompt);
    highlighted($('caption'), detail, 'caption', detail.caption);
    scores(detail);
    hashMatch(detail);
    reports(detail);
    checks(detail);
    account(detail);
  }

  function stats(s) {
    const share = s.flagged_share;
    const over = typeof share === 'number' && share > s.flagged_target;
    const p = $('flagged-share');
    p.className = 'flagged-share ' + (over ? 'over' : 'ok');
    p.textContent = 'Flagged: ' + s.flagged + ' of ' + s.shares + ' shares = ' +
      (typeof share === 'number' ? (share * 100).toFixed(3) + '%' : '–') + ' (aim: under ' +
      (s.flagged_target * 100).toFixed(2) + '%)' + (over ? ' · above the aim' : '');
    const t = $('stats-table');
    t.replaceChildren();
    const head = el('tr');
    for (const h of ['plugin', 'flagged', 'confirmed', 'overturned', 'precision']) head.appendChild(el('th', null, h));
    t.appendChild(head);
    for (const [name, v] of Object.entries(s.plugins || {})) {
      const tr = el('tr');
      tr.dataset.plugin = name;
      for (const x of [name, v.flagged, v.confirmed, v.overturned, v.precision === null ? '–' : pct(v.precision)])
        tr.appendChild(el('td', null, x));
      t.appendChild(tr);
    }
  }

  return { render, drawFaces, stats };
})();
