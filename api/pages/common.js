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

  const COMMON = {
    zh: { langHint: '切换语言', print: '打印', logout: '退出', keyLabel: '密钥（rdk_ 开头）', signIn: '进入', switchTo: 'English',
      badKey: '密钥无效或已停用，请重新输入。', loading: '正在加载…', noSnap: '还没有发布的结果，请稍后再来。', failed: '加载失败：',
      asOf: (d, s) => `数据截至 ${d}（快照 ${s}）`, saved: (t) => `离线：显示 ${t} 保存的内容`, wrongRole: '这个密钥不能打开本页。' },
    en: { langHint: 'Switch language', print: 'Print', logout: 'Sign out', keyLabel: 'Key (starts with rdk_)', signIn: 'Open', switchTo: '中文',
      badKey: 'That key is not valid or was revoked. Please enter it again.', loading: 'Loading…', noSnap: 'Nothing published yet: please come back later.', failed: 'Could not load: ',
      asOf: (d, s) => `Data as of ${d} (snapshot ${s})`, saved: (t) => `Offline: showing what was saved at ${t}`, wrongRole: 'This key cannot open this page.' },
  };

  /** "as of" with the offline notice when the answer came from the saved copy. */
  function freshness(t, body, savedAt) {
    const status = document.getElementById('status');
    status.classList.toggle('offline', Boolean(savedAt));
    status.textContent = (savedAt ? `${t.saved(new Date(savedAt).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN'))} · ` : '') + t.asOf(body.as_of, body.snapshot);
  }

  /**
   * A page's life: the key from the fragment or the login form, language, print, sign-out, and
   * `render(t, me)` once signed in; a refused key goes back to the login view with a message.
   */
  function page(texts, render) {
    const $ = (id) => document.getElementById(id);
    const all = { zh: { ...COMMON.zh, ...texts.zh }, en: { ...COMMON.en, ...texts.en } };
    const showLogin = (message) => {
      $('login').hidden = false;
      for (const id of ['content', 'lines', 'summary']) if ($(id)) $(id).hidden = true;
      $('status').textContent = '';
      $('logout').hidden = true;
      const err = $('login-error');
      err.hidden = !message;
      err.textContent = message || '';
      $('key').focus();
    };
    const start = async () => {
      const t = translate(all);
      $('lang').textContent = t.switchTo;
      if (!key()) return showLogin();
      $('login').hidden = true;
      $('logout').hidden = false;
      try {
        const me = (await get('/v1/me')).body;
        await render(t, me);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) { await forget(); return showLogin(t.badKey); }
        if (err instanceof ApiError && err.status === 503) { $('status').textContent = t.noSnap; return; }
        $('status').textContent = t.failed + (err && err.message ? err.message : String(err));
      }
    };
    document.addEventListener('DOMContentLoaded', () => {
      takeKeyFromFragment();
      setLang(lang());
      registerWorker();
      $('login-form').addEventListener('submit', (e) => { e.preventDefault(); setKey($('key').value.trim()); $('key').value = ''; start(); });
      $('lang').addEventListener('click', () => { setLang(lang() === 'zh' ? 'en' : 'zh'); start(); });
      $('print').addEventListener('click', () => window.print());
      $('logout').addEventListener('click', async () => { await forget(); showLogin(); });
      start();
    });
    return { start };
  }

  window.RD = { takeKeyFromFragment, key, setKey, forget, lang, setLang, get, ApiError, registerWorker, translate, placeSvg, fmt, page, freshness };
})();
