// The brand dashboard: the brand's share by region per category as charts from the chart module,
// and the cells as a table where a withheld cell reads "withheld" with its reason, never 0.
'use strict';
(function () {
  const TEXT = {
    zh: { brandTitle: '品牌洞察', by: '地区', county: '县', province: '省', cellsTitle: '各地区明细（近 12 个月）',
      withheldNote: '“已隐去”的格子是为保护单个店铺或顾客而不公布的数字，不是零。', withheld: (r) => `已隐去（${r}）`,
      head: ['品类', '地区', '销售额 ¥', '份额', '同比', '购买店数'], all: '全部', brandOf: (b) => `品牌：${b}`, noBrand: '这个密钥没有品牌。' },
    en: { brandTitle: 'Brand insights', by: 'Regions', county: 'County', province: 'Province', cellsTitle: 'By region (latest 12 months)',
      withheldNote: 'A "withheld" cell is a number not published to protect a single store or customer; it is not zero.', withheld: (r) => `withheld (${r})`,
      head: ['Category', 'Region', 'Sales ¥', 'Share', 'Growth', 'Stores buying'], all: 'all', brandOf: (b) => `Brand: ${b}`, noBrand: 'This key has no brand.' },
  };
  const REASONS = {
    zh: { min_stores: '店铺太少', min_customers: '顾客太少', dominance: '一两家店占大头', p_percent: '可推算出单店', complementary: '防止由合计反推' },
    en: { min_stores: 'too few stores', min_customers: 'too few customers', dominance: 'one or two stores dominate', p_percent: 'a single store could be estimated', complementary: 'protects another withheld cell' },
  };
  const $ = (id) => document.getElementById(id);
  let last = null;

  async function show(t, brand) {
    const lang = RD.lang();
    const by = $('by').value;
    const r = await RD.get(`/v1/brands/${encodeURIComponent(brand)}/cells?by=${by}&limit=1000`);
    const names = new Map((await RD.get('/v1/hierarchy?limit=1000')).body.rows.map((h) => [h.id, h.name_zh]));
    const rows = r.body.rows.filter((x) => x.brand === brand && x.period === 'ALL' && x.region_level === by);
    const categories = [...new Set(rows.map((x) => x.category))];
    $('brand-name').textContent = t.brandOf(brand);
    const charts = $('charts');
    // Per category: the share by region, its month-by-month trend, then price bands and festival lifts where the snapshot has them.
    charts.replaceChildren(...categories.map((c) => {
      const f = document.createElement('figure');
      f.dataset.category = c;
      const cap = document.createElement('figcaption');
      cap.textContent = c;
      f.append(cap);
      for (const kind of ['shares', 'trend', 'price-bands', 'events']) {
        const box = document.createElement('div');
        box.className = `chart-${kind}`;
        f.append(box);
        RD.get(`/v1/brands/${encodeURIComponent(brand)}/charts/${kind}.svg?category=${encodeURIComponent(c)}&by=${by}&lang=${lang}`, 'text')
          .then((svg) => RD.placeSvg(box, svg.body)).catch(() => { box.remove(); });
      }
      return f;
    }));
    const table = $('cells');
    const tr = document.createElement('tr');
    for (const h of t.head) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; tr.append(th); }
    table.tHead.replaceChildren(tr);
    table.tBodies[0].replaceChildren(...rows.map((x) => {
      const row = document.createElement('tr');
      const cells = [x.category, names.get(x.region_id) || x.region_id];
      const td = (text, cls) => { const d = document.createElement('td'); d.textContent = text; if (cls) d.className = cls; return d; };
      row.append(...cells.map((c) => td(c)));
      if (x.suppressed) {
        const w = td(t.withheld(REASONS[lang][x.reason] || x.reason || ''), 'withheld');
        w.colSpan = 4;
        row.append(w);
        row.dataset.withheld = 'true';
      } else {
        row.append(td(RD.fmt(x.value_yuan, 0)), td(x.value_share === null ? '' : `${RD.fmt(100 * x.value_share, 1)}%`),
          td(x.growth === null ? '' : `${RD.fmt(100 * x.growth, 1)}%`), td(x.stores_buying === null ? '' : `${x.stores_buying}/${x.stores_total}`));
      }
      return row;
    }));
    $('content').hidden = false;
    RD.freshness(t, r.body, r.savedAt);
    document.dispatchEvent(new CustomEvent('rd:rendered', { detail: { cells: rows.length } }));
  }

  RD.page(TEXT, async (t, me) => {
    const brand = me.role === 'brand' ? me.brand : new URLSearchParams(location.search).get('brand');
    if (!brand) { $('status').textContent = me.role === 'analyst' ? t.noBrand + ' (?brand=...)' : t.wrongRole; return; }
    last = { t, brand };
    await show(t, brand);
  });
  document.addEventListener('DOMContentLoaded', () => {
    $('by').addEventListener('change', () => { if (last) show(last.t, last.brand); });
  });
})();
