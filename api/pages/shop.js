// The shopkeeper's page: today's restock list for the key's store, order-now first, big type,
// Chinese by default with an English switch, a small demand chart per line, printable, offline.
'use strict';
(function () {
  const TEXT = {
    zh: {
      shopTitle: '今日补货', store: '门店', loginTitle: '请输入店铺密钥', keyLabel: '店铺密钥（rdk_ 开头）', saved: (t) => `离线：显示 ${t} 保存的清单`,
      orderNow: '现在订', noOrder: '不用订', order: (q, p, u) => `订 ${q}${u ? ' ' + u : ''}${p ? `（${p} 箱）` : ''}`,
      cover: (d) => `可卖 ${d} 天`, risk: (r) => `断货风险 ${r}%`, onHand: (h, o) => `在库 ${h}，在途 ${o}`,
      total: (n, c) => `今天要订 ${n} 种，共 ¥${c}`, none: '这个密钥没有可看的门店。', empty: '今天没有补货建议。',
    },
    en: {
      shopTitle: "Today's restock", store: 'Store', loginTitle: 'Enter your shop key', keyLabel: 'Shop key (starts with rdk_)', saved: (t) => `Offline: showing the list saved at ${t}`,
      orderNow: 'Order now', noOrder: 'No order', order: (q, p, u) => `Order ${q}${u ? ' ' + u : ''}${p ? ` (${p} packs)` : ''}`,
      cover: (d) => `${d} days of cover`, risk: (r) => `stock-out risk ${r}%`, onHand: (h, o) => `${h} on hand, ${o} on order`,
      total: (n, c) => `${n} lines to order today, ¥${c} in all`, none: 'This key has no store to show.', empty: 'No suggestions today.',
    },
  };
  const $ = (id) => document.getElementById(id);
  let t = null;
  let stores = [];

  function line(row, storeId, lang) {
    const li = document.createElement('li');
    li.className = `line ${row.order_now ? 'now' : 'hold'}`;
    li.dataset.sku = row.sku;
    const h = document.createElement('h3');
    if (row.order_now) { const tag = document.createElement('span'); tag.className = 'tag'; tag.textContent = t.orderNow; h.append(tag); }
    h.append(document.createTextNode(row.name));
    const qty = document.createElement('div');
    qty.className = 'qty';
    qty.textContent = row.order_now ? t.order(RD.fmt(row.quantity), row.pack_size > 1 ? row.packs : null, row.unit) : t.noOrder;
    const facts = document.createElement('div');
    facts.className = 'facts';
    const risk = Math.round(100 * (row.stockout_probability ?? 0));
    for (const [text, cls] of [[t.cover(RD.fmt(row.days_of_cover, 1)), ''], [t.risk(risk), risk >= 20 ? 'risk-high' : ''], [t.onHand(RD.fmt(row.on_hand), RD.fmt(row.on_order)), '']]) {
      const s = document.createElement('span'); s.textContent = text; if (cls) s.className = cls; facts.append(s);
    }
    const reason = document.createElement('p');
    reason.className = 'reason';
    reason.textContent = row.reason;
    const chart = document.createElement('div');
    chart.className = 'chart';
    chart.dataset.src = `/v1/stores/${encodeURIComponent(storeId)}/charts/demand.svg?sku=${encodeURIComponent(row.sku)}&lang=${lang}&width=420&height=120`;
    li.append(h, qty, facts, reason, chart);
    return li;
  }

  // Charts load as lines come into view: a store has hundreds of lines and a slow connection.
  const seen = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      seen.unobserve(e.target);
      const el = e.target.querySelector('.chart');
      if (el && el.dataset.src) RD.get(el.dataset.src, 'text').then((r) => RD.placeSvg(el, r.body)).catch(() => { el.remove(); });
    }
  }, { rootMargin: '200px' }) : null;

  async function showStore(storeId) {
    const lang = RD.lang();
    $('status').textContent = t.loading;
    const r = await RD.get(`/v1/stores/${encodeURIComponent(storeId)}/restock?lang=${lang}&limit=1000`);
    const rows = [...r.body.rows].sort((a, b) => Number(b.order_now) - Number(a.order_now));
    const list = $('lines');
    list.replaceChildren(...rows.map((row) => line(row, storeId, lang)));
    list.hidden = false;
    if (seen) for (const li of list.children) seen.observe(li);
    const toOrder = rows.filter((x) => x.order_now);
    const summary = $('summary');
    summary.hidden = false;
    summary.textContent = rows.length === 0 ? t.empty : t.total(toOrder.length, RD.fmt(toOrder.reduce((a, x) => a + Number(x.cash_needed || 0), 0), 2));
    RD.freshness(t, r.body, r.savedAt);
    document.title = `${t.shopTitle} · ${storeId}`;
    // First render, in ms from the navigation's start (read by the browser test; harmless elsewhere).
    if (window.rdFirstRender === undefined) window.rdFirstRender = performance.now();
    document.dispatchEvent(new CustomEvent('rd:rendered', { detail: { lines: rows.length, at: performance.now() } }));
  }

  const page = RD.page(TEXT, async (tt, me) => {
    t = tt;
    if (me.role !== 'shopkeeper') { $('status').textContent = t.wrongRole; return; }
    // The key's own stores come with /v1/me; names are fetched only when there is a choice to make.
    stores = me.stores.map((id) => ({ id, name_zh: id }));
    if (stores.length === 0) { $('status').textContent = t.none; return; }
    if (stores.length > 1) {
      const names = new Map((await RD.get('/v1/hierarchy?limit=1000')).body.rows.filter((x) => x.level === 'store').map((x) => [x.id, x.name_zh]));
      stores = stores.map((s) => ({ id: s.id, name_zh: names.get(s.id) ?? s.id }));
    }
    const picker = $('store');
    const keep = picker.value;
    picker.replaceChildren(...stores.map((s) => { const o = document.createElement('option'); o.value = s.id; o.textContent = `${s.name_zh} (${s.id})`; return o; }));
    if (keep && stores.some((s) => s.id === keep)) picker.value = keep;
    $('store-picker').hidden = stores.length < 2;
    await showStore(picker.value || stores[0].id);
  });

  document.addEventListener('DOMContentLoaded', () => {
    $('store').addEventListener('change', () => { showStore($('store').value).catch(() => page.start()); });
  });
})();
