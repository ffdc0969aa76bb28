// Helpers the console pages share: building elements whose text is set with textContent
// only (user text never becomes markup), a toast, and an API client that sends the
// page's key as a Bearer token. The key lives in sessionStorage (this tab) only, as on
// the curator page.
window.Postern = (function () {
  'use strict';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function toast(msg, isError) {
    const t = document.getElementById('toast');
    t.textContent = msg;
    t.className = 'toast show' + (isError ? ' error' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (t.className = 'toast'), 2600);
  }

  class AuthError extends Error {}

  // An API error with the gateway's stable code and HTTP status.
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // A key kept under `storageKey` and the calls made with it; 401/403 throw AuthError.
  function keyed(storageKey, role) {
    const get = () => sessionStorage.getItem(storageKey);
    async function send(method, path, body) {
      const headers = { Authorization: 'Bearer ' + get(), Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status === 401 || res.status === 403) throw new AuthError('That key is not a ' + role + ' key.');
      return res;
    }
    return {
      get,
      set: (key) => sessionStorage.setItem(storageKey, key),
      clear: () => sessionStorage.removeItem(storageKey),
      async api(method, path, body) {
        const res = await send(method, path, body);
        const data = await res.json().catch(() => ({}));
        if (!res.ok) {
          const e = data.error || {};
          throw new ApiError(res.status, e.code || '', e.message || 'the API answered ' + res.status);
        }
        return data;
      },
      // An image the public may not see, as an object URL (revoke it when done).
      async objectUrl(path) {
        const res = await send('GET', path);
        if (!res.ok) throw new ApiError(res.status, '', 'the image answered ' + res.status);
        return URL.createObjectURL(await res.blob());
      },
    };
  }

  // "3h 12m", "45s": an age in seconds for people.
  function age(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }

  return { el, toast, AuthError, ApiError, keyed, age };
})();
