// Shared by the pages: the key (from #key=... once, then kept in this browser), the language,
// API calls with the key, the service worker, and the "saved copy" notice when offline.
'use strict';
(function () {
  const KEY = 'rd.key';
  const LANG = 'rd.lang';

  function takeKeyFromFragment() {
    const m = /(?:^|[#&])key=([^&]+)/.exec(location.hash);
    if (!m) return;
    // The fragment never reaches a server; drop it from the address bar and history too.
    localStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }

  function key() { return localStorage.getItem(KEY); }
  function setKey(k) { localStorage.setItem(KEY, k); }
  async function forget() {
    localStorage.removeItem(KEY);
    if ('caches' in self) for (const name of await caches.keys()) if (name.startsWith('rd-data')) await caches.delete(name);
  }
  function lang() { return localStorage.getItem(LANG) === 'en' ? 'en' : 'zh'; }
  function setLang(l) { localStorage.setItem(LANG, l); document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN'; }

  class ApiError extends Error { constructor(status, code, message) { super(message); this.status = status; this.code = code; } }

  /** GET an API path with the key; JSON or text; `fromCache` says the service worker answered offline. */
  async function get(path, as) {
    const res = await fetch(path, { headers: { authorization: `Bearer ${key()}` } });
    const fromCache = res.headers.get('x-rd-saved-at');
    if (!res.ok) {
      let body = {};
      try { body = await res.json(); } catch (_) { /* not JSON: keep the status */ }
      throw new ApiError(res.status, body.code || 'HTTP_' + res.status, body.message || res.statusText);
    }
    return { body: as === 'text' ? await res.text() : await res.json(), savedAt: fromCache };
  }

  function registerWorker() {
    if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => { /* pages still work online */ });
  }

  /** Fills every [data-t] element with the text of the current language. */
  function translate(texts) {
    const t = texts[lang()];
    for (const el of document.querySelectorAll('[data-t]')) {
      const v = t[el.getAttribute('data-t')];
      if (v !== undefined) el.textContent = v;
    }
    return t;
  }

  /** An SVG from the API, parsed and placed inside `el` (never as HTML). */
  function placeSvg(el, text) {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = doc.documentElement;
    if (svg.nodeName.toLowerCase() !== 'svg') return;
    el.replaceChildren(document.importNode(svg, true));
  }

  const fmt = (n, d = 0) => (n === null || n === undefined || Number.isNaN(Number(n)) ? '' : Number(n).toFixed(d));

  window.RD = { takeKeyFromFragment, key, setKey, forget, lang, setLang, get, ApiError, registerWorker, translate, placeSvg, fmt };
})();
