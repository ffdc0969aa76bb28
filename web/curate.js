// Curators' page: lists every post (hidden ones too) with the curator key as a Bearer
// token, and calls the feed API to feature, hide, caption and order posts. The key
// lives in sessionStorage only. User text goes through textContent/value only.
(function () {
  'use strict';
  const KEY = 'postern.curatorKey';
  const $ = (id) => document.getElementById(id);
  const loginForm = $('login'), app = $('app'), signout = $('signout');
  const featuredList = $('featured'), othersList = $('others'), statusEl = $('status');
  let posts = [];          // as the API returns them, plus `deliveries`
  const drafts = {};       // post_id -> unsaved caption
  let filter = 'all';
  let dragId = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function toast(msg, isError) {
    const t = $('toast');
    t.textContent = msg;
    t.className = 'toast show' + (isError ? ' error' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (t.className = 'toast'), 2600);
  }

  class AuthError extends Error {}

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401 || res.status === 403) throw new AuthError('That key is not a curator key.');
    const data = await res.json().catch(() => ({}));
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

  async function loadAll() {
    statusEl.textContent = 'Loading…';
    const all = [];
    let cursor = null;
    do {
      const q = new URLSearchParams({ include_hidden: 'true', limit: '100' });
      if (cursor) q.set('cursor', cursor);
      const page = await api('GET', '/v1/feed?' + q.toString());
      all.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    posts = all;
    render();
  }

  async function start() {
    loginForm.hidden = true;
    app.hidden = false;
    signout.hidden = false;
    try {
      await loadAll();
    } catch (e) {
      if (e instanceof AuthError) return showLogin(e.message);
      statusEl.className = 'status error';
      statusEl.textContent = 'Could not load posts: ' + e.message;
    }
  }

  function byId(id) { return posts.find((p) => p.post_id === id); }

  function featuredInOrder() {
    // Server order is featured first by position; keep it stable for equal positions.
    return posts.filter((p) => p.featured).map((p, i) => [p, i])
      .sort((a, b) => a[0].position - b[0].position || a[1] - b[1]).map((x) => x[0]);
  }

  function visibleBy(p) {
    return filter === 'all' || (filter === 'hidden' && p.hidden) ||
      (filter === 'visible' && !p.hidden) || (filter === 'featured' && p.featured);
  }

  function deliveryChips(p) {
    const box = el('div', 'deliveries');
    box.appendChild(el('span', 'label', 'Delivered to:'));
    const ds = p.deliveries || [];
    if (!ds.length) box.appendChild(el('span', 'badge pending', 'nowhere yet'));
    for (const d of ds) {
      const link = /^https?:\/\//i.test(d.url || '');  // never javascript: or data: links
      const chip = link ? el('a', 'badge ' + d.status) : el('span', 'badge ' + d.status);
      chip.textContent = d.destination + (d.status === 'delivered' ? ' ✓' : ' · ' + d.status);
      chip.title = d.destination + ': ' + d.status;
      chip.dataset.destination = d.destination;
      if (link) {
        chip.href = d.url;
        chip.target = '_blank';
        chip.rel = 'noopener';
      }
      box.appendChild(chip);
    }
    return box;
  }

  function button(label, action, cls) {
    const b = el('button', 'btn small' + (cls ? ' ' + cls : ''), label);
    b.type = 'button';
    b.dataset.action = action;
    return b;
  }

  function item(p, featuredIndex, featuredCount) {
    const row = el('article', 'item' + (p.hidden ? ' is-hidden' : ''));
    row.dataset.postId = p.post_id;
    const handle = el('div', 'handle' + (p.featured ? '' : ' none'), '⋮⋮');
    handle.title = 'Drag to reorder';
    row.appendChild(handle);
    if (p.featured) row.draggable = true;

    if (p.hidden) {
      // Hidden images are not public any more: fetch with the curator key instead.
      const img = el('img', 'thumb');
      img.alt = p.caption || 'Hidden post image';
      fetch(p.image_url, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } })
        .then((res) => (res.ok ? res.blob() : Promise.reject(res.status)))
        .then((blob) => { img.src = URL.createObjectURL(blob); })
        .catch(() => { img.replaceWith(el('div', 'thumb', 'Hidden from the public')); });
      row.appendChild(img);
    } else {
      const img = el('img', 'thumb');
      img.loading = 'lazy';
      img.src = p.image_url;
      img.alt = p.caption || 'Post image';
      row.appendChild(img);
    }

    const body = el('div', 'body');
    const badges = el('div', 'badges');
    if (p.featured) badges.appendChild(el('span', 'badge', '★ Featured'));
    if (p.hidden) badges.appendChild(el('span', 'badge hidden', 'Hidden'));
    badges.appendChild(el('span', 'note', '@' + p.user_id + ' · ' + new Date(p.created_at).toLocaleString()));
    body.appendChild(badges);
    const ta = el('textarea');
    ta.defaultValue = p.caption;  // the saved caption; value may hold an unsaved draft
    if (drafts[p.post_id] !== undefined) ta.value = drafts[p.post_id];
    ta.maxLength = 2200;
    ta.setAttribute('aria-label', 'Caption');
    ta.addEventListener('input', () => { drafts[p.post_id] = ta.value; });
    body.appendChild(ta);
    const saveRow = el('div', 'save-row');
    saveRow.appendChild(button('Save caption', 'caption', 'primary'));
    body.appendChild(saveRow);
    body.appendChild(deliveryChips(p));
    row.appendChild(body);

    const actions = el('div', 'actions');
    actions.appendChild(p.featured ? button('Unfeature', 'unfeature') : button('★ Feature', 'feature'));
    actions.appendChild(p.hidden ? button('Unhide', 'unhide') : button('Hide', 'hide', 'danger'));
    if (p.featured) {
      const up = button('Move up', 'up');
      up.disabled = featuredIndex === 0;
      const down = button('Move down', 'down');
      down.disabled = featuredIndex === featuredCount - 1;
      actions.append(up, down);
    }
    row.appendChild(actions);
    return row;
  }

  function render() {
    const featured = featuredInOrder();
    const others = posts.filter((p) => !p.featured);
    featuredList.replaceChildren(...featured.filter(visibleBy).map((p, i) => item(p, featured.indexOf(p), featured.length)));
    othersList.replaceChildren(...others.filter(visibleBy).map((p) => item(p)));
    $('featured-title').hidden = featuredList.children.length === 0;
    $('others-title').hidden = othersList.children.length === 0;
    const hidden = posts.filter((p) => p.hidden).length;
    $('summary').textContent = posts.length + ' posts · ' + featured.length + ' featured · ' + hidden + ' hidden';
    statusEl.className = 'status';
    statusEl.textContent = posts.length ? '' : 'No posts yet.';
    for (const b of document.querySelectorAll('.filters button')) b.setAttribute('aria-pressed', String(b.dataset.filter === filter));
  }

  function merge(updated) {
    const p = byId(updated.post_id);
    if (p) Object.assign(p, updated);  // keeps `deliveries`, which the write answers omit
  }

  // Gives featured posts positions 10, 20, ... in `order`, patching only the changed ones.
  async function saveOrder(order) {
    const changes = [];
    order.forEach((p, i) => { if (p.position !== (i + 1) * 10) changes.push([p, (i + 1) * 10]); });
    for (const [p, position] of changes) merge(await api('PATCH', '/v1/feed/' + encodeURIComponent(p.post_id), { position }));
    render();
    if (changes.length) toast('Order saved');
  }

  async function act(id, action) {
    const p = byId(id);
    const path = '/v1/feed/' + encodeURIComponent(id);
    if (action === 'caption') {
      const caption = drafts[id] !== undefined ? drafts[id] : p.caption;
      merge(await api('PATCH', path, { caption }));
      delete drafts[id];
      render();
      return toast('Caption saved');
    }
    if (action === 'up' || action === 'down') {
      const order = featuredInOrder();
      const i = order.indexOf(p), j = action === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= order.length) return;
      [order[i], order[j]] = [order[j], order[i]];
      return saveOrder(order);
    }
    merge(await api('POST', path + '/' + action));
    if (action === 'feature') {
      // A newly featured post goes to the end of the featured order.
      const others = featuredInOrder().filter((q) => q !== p);
      return saveOrder([...others, p]);
    }
    render();
    toast({ hide: 'Hidden from the showcase', unhide: 'Back on the showcase', unfeature: 'No longer featured' }[action] || 'Saved');
  }

  async function guarded(fn) {
    try {
      await fn();
    } catch (e) {
      if (e instanceof AuthError) return showLogin(e.message);
      toast(e.message, true);
    }
  }

  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (b) {
      const row = b.closest('[data-post-id]');
      b.disabled = true;
      guarded(() => act(row.dataset.postId, b.dataset.action)).finally(() => { b.disabled = false; });
    }
    const f = e.target.closest('button[data-filter]');
    if (f) {
      filter = f.dataset.filter;
      render();
    }
  });

  // Drag and drop among featured posts: drop before or after the row under the pointer.
  featuredList.addEventListener('dragstart', (e) => {
    const row = e.target.closest('.item');
    if (!row) return;
    dragId = row.dataset.postId;
    row.classList.add('dragging');
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', dragId);
  });
  featuredList.addEventListener('dragend', () => {
    dragId = null;
    for (const r of featuredList.querySelectorAll('.item')) r.classList.remove('dragging', 'drop-before');
  });
  featuredList.addEventListener('dragover', (e) => {
    if (!dragId) return;
    e.preventDefault();
    const row = e.target.closest('.item');
    for (const r of featuredList.querySelectorAll('.item')) r.classList.toggle('drop-before', r === row && r.dataset.postId !== dragId);
  });
  featuredList.addEventListener('drop', (e) => {
    e.preventDefault();
    const row = e.target.closest('.item');
    const moving = byId(dragId);
    if (!row || !moving || row.dataset.postId === dragId) return;
    const target = byId(row.dataset.postId);
    const box = row.getBoundingClientRect();
    const after = e.clientY > box.top + box.height / 2;
    const order = featuredInOrder().filter((p) => p !== moving);
    order.splice(order.indexOf(target) + (after ? 1 : 0), 0, moving);
    guarded(() => saveOrder(order));
  });

  loginForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('key').value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY, key);
    start();
  });
  signout.addEventListener('click', () => showLogin(''));
  $('reload').addEventListener('click', () => guarded(loadAll));

  if (sessionStorage.getItem(KEY)) start();
  else showLogin('');
})();
