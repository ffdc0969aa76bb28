// Public showcase: pages through GET /v1/feed (featured first) and renders a grid.
// User text only ever goes through textContent, never innerHTML.
(function () {
  'use strict';
  const PAGE = 24;
  const grid = document.getElementById('grid');
  const statusEl = document.getElementById('status');
  const moreBtn = document.getElementById('more');
  const countEl = document.getElementById('count');
  let cursor = null;
  let loading = false;
  let done = false;
  let shown = 0;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function when(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  }

  function tile(post) {
    const fig = el('figure', 'tile');
    fig.dataset.postId = post.post_id;
    const frame = el('div', 'frame');
    const img = el('img');
    img.loading = 'lazy';
    img.decoding = 'async';
    img.src = post.image_url;
    img.alt = post.caption || 'Shared image';
    frame.appendChild(img);
    if (post.featured) frame.appendChild(el('span', 'badge', '★ Featured'));
    fig.appendChild(frame);
    const cap = el('figcaption');
    if (post.caption) cap.appendChild(el('p', 'caption', post.caption));
    cap.appendChild(el('span', 'byline', '@' + post.user_id + ' · ' + when(post.created_at)));
    fig.appendChild(cap);
    return fig;
  }

  async function load() {
    if (loading || done) return;
    loading = true;
    moreBtn.disabled = true;
    statusEl.className = 'status';
    statusEl.textContent = shown ? 'Loading more…' : 'Loading…';
    statusEl.hidden = false;
    try {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) q.set('cursor', cursor);
      const res = await fetch('/v1/feed?' + q.toString(), { headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error('the feed answered ' + res.status);
      const page = await res.json();
      for (const post of page.items) grid.appendChild(tile(post));
      shown += page.items.length;
      cursor = page.next_cursor;
      done = !cursor;
      countEl.textContent = shown === 1 ? '1 post' : shown + ' posts';
      statusEl.hidden = shown > 0;
      if (!shown) statusEl.textContent = 'Nothing here yet.';
      moreBtn.hidden = done;
    } catch (e) {
      statusEl.className = 'status error';
      statusEl.textContent = 'Could not load the showcase (' + e.message + ').';
      moreBtn.hidden = false;
    } finally {
      loading = false;
      moreBtn.disabled = false;
    }
  }

  moreBtn.addEventListener('click', load);
  // Infinite scroll where supported; the button stays as a fallback.
  if ('IntersectionObserver' in window) {
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && shown > 0) load();
    }, { rootMargin: '600px' }).observe(document.getElementById('sentinel'));
  }
  load();
})();
