// The seller's page: what to list in the next weeks (ranked, with kg and why) and the season
// calendar of the seller's village from the chart module.
'use strict';
(function () {
  const TEXT = {
    zh: { sellerTitle: '卖什么', adviceTitle: '未来 6 周建议上架', calendarTitle: '本村产季日历', kg: (e, lo, hi) => `预计 ${e} 公斤（${lo}–${hi}）`,
      price: (p) => `约 ¥${p}/公斤`, competitors: (n) => `${n} 家在卖`, empty: '暂时没有建议。' },
    en: { sellerTitle: 'What to list', adviceTitle: 'What to list in the next 6 weeks', calendarTitle: "Your village's season calendar", kg: (e, lo, hi) => `about ${e} kg (${lo}-${hi})`,
      price: (p) => `about ¥${p}/kg`, competitors: (n) => `${n} sellers`, empty: 'No advice yet.' },
  };
  const $ = (id) => document.getElementById(id);

  RD.page(TEXT, async (t, me) => {
    if (me.role !== 'seller' || !me.seller) { $('status').textContent = t.wrongRole; return; }
    const lang = RD.lang();
    const r = await RD.get(`/v1/sellers/${encodeURIComponent(me.seller)}/advice?lang=${lang}&weeks=6&limit=200`);
    const list = $('advice');
    list.replaceChildren(...(r.body.rows.length === 0 ? [Object.assign(document.createElement('li'), { textContent: t.empty })] : r.body.rows.map((a) => {
      const li = document.createElement('li');
      li.className = 'line now';
      const h = document.createElement('h3');
      h.textContent = `${a.rank}. ${a.name}`;
      const qty = document.createElement('div');
      qty.className = 'qty';
      qty.textContent = t.kg(RD.fmt(a.expected_kg), RD.fmt(a.kg_lo), RD.fmt(a.kg_hi));
      const facts = document.createElement('div');
      facts.className = 'facts';
      facts.textContent = [a.expected_price === null ? '' : t.price(RD.fmt(a.expected_price, 1)), a.competitors === null ? '' : t.competitors(a.competitors)].filter(Boolean).join(' · ');
      const reason = document.createElement('p');
      reason.className = 'reason';
      reason.textContent = a.reason;
      li.append(h, qty, facts, reason);
      return li;
    })));
    const village = (await RD.get('/v1/hierarchy?limit=1000')).body.rows.find((x) => x.level === 'village');
    if (village) {
      const svg = await RD.get(`/v1/produce/village/${encodeURIComponent(village.id)}/charts/calendar.svg?lang=${lang}`, 'text');
      RD.placeSvg($('calendar'), svg.body);
    }
    $('content').hidden = false;
    RD.freshness(t, r.body, r.savedAt);
    document.dispatchEvent(new CustomEvent('rd:rendered', {}));
  });
})();
