/**
 * Backtest of the produce planner on generated produce sales, whose harvest windows are known
 * (pipelines/generate/catalogue.ts). Every 14 days over the last two years, for one seller per
 * county, the planner ranks the items from the history before that day; an item is truly in season
 * for the next 6 weeks when the generator's mean supply over them is at least 0.25 of its peak.
 * Baseline in the same run: rank by the county's kg in the same 6 weeks a year before.
 *   npm run bench:produce -- [--villages 50] [--seed 1] [--json FILE] [--docs]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Warehouse } from '../jobs/warehouse.ts';
import { isoDate } from '../pipelines/calendar/dates.ts';
import { PRODUCE } from '../pipelines/generate/catalogue.ts';
import { civil } from '../pipelines/generate/days.ts';
import { generate } from '../pipelines/generate/index.ts';
import { produceSupply } from '../pipelines/generate/seasonality.ts';
import { ingestPaths } from '../pipelines/ingest/ingest.ts';
import { loadProduceHistory, seriesKey, type ProduceHistory } from '../pipelines/produce/history.ts';
import { fitProfiles } from '../pipelines/produce/planner.ts';
import { adviseSeller, competition } from '../pipelines/produce/advice.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({ options: {
  villages: { type: 'string', default: '50' }, seed: { type: 'string', default: '1' },
  json: { type: 'string' }, docs: { type: 'boolean' },
} });
const WEEKS = 6;
const TOP = 5;

function inSeason(h: ProduceHistory, sku: string, origin: number): boolean {
  const name = h.items.get(sku)?.nameEn ?? '';
  const item = PRODUCE.find((p) => `${p.en} (loose)` === name);
  if (item === undefined) return false;
  let s = 0;
  for (let d = origin; d < origin + 7 * WEEKS; d++) s += produceSupply(civil(d).dayOfYear, item.peakDay, item.halfWidth);
  return s / (7 * WEEKS) >= 0.25;
}

function lastYearKg(h: ProduceHistory, sku: string, county: string, origin: number): number {
  const s = h.series.get(seriesKey(sku, 'county', county));
  if (s === undefined) return 0;
  let kg = 0;
  for (let d = origin - 364; d < origin - 364 + 7 * WEEKS; d++) kg += s.kg[d - h.firstDay] ?? 0;
  return kg;
}

const tmp = { dir: mkdtempSync(join(tmpdir(), 'rd-bench-produce-')) };
try {
  const t0 = performance.now();
  await generate({ out: join(tmp.dir, 'in'), villages: Number(values.villages), skus: 20, days: 914, end: '2026-10-31',
    seed: Number(values.seed), dirtyRate: 0, kinds: ['produce'] });
  const wh = await Warehouse.open(join(tmp.dir, 'wh.duckdb'));
  await ingestPaths(wh.connection, [join(tmp.dir, 'in')], { now: new Date('2026-11-01T08:00:00+08:00') });
  const h = (await loadProduceHistory(wh.connection))!;
  await wh.close();
  const sellerOfCounty = new Map<string, string>();
  for (const [id, s] of h.sellers) if (!sellerOfCounty.has(s.countyId)) sellerOfCounty.set(s.countyId, id);

  const score = { ours: { recall: 0, all: 0, top1: 0 }, baseline: { recall: 0, all: 0, top1: 0 } };
  let cases = 0;
  const lastOrigin = h.lastDay + 1 - 7 * WEEKS;
  for (let origin = lastOrigin - 728; origin <= lastOrigin; origin += 14) {
    const profiles = fitProfiles(h, origin);
    const rivals = competition(h, origin);
    for (const [county, seller] of sellerOfCounty) {
      const items = [...h.items.keys()].filter((sku) => h.series.has(seriesKey(sku, 'county', county)));
      const truth = new Set(items.filter((sku) => inSeason(h, sku, origin)));
      if (truth.size === 0) continue;
      const ours = adviseSeller(h, profiles, seller, origin, WEEKS, rivals).map((a) => a.sku);
      const base = [...items].sort((a, b) => lastYearKg(h, b, county, origin) - lastYearKg(h, a, county, origin) || a.localeCompare(b));
      for (const [name, ranking] of [['ours', ours], ['baseline', base]] as const) {
        const top = new Set(ranking.slice(0, TOP));
        const hits = [...truth].filter((s) => top.has(s)).length;
        score[name].recall += hits / truth.size;
        score[name].all += hits === truth.size ? 1 : 0;
        score[name].top1 += truth.has(ranking[0] ?? '') ? 1 : 0;
      }
      cases++;
    }
  }
  const pct = (x: number): string => `${((100 * x) / cases).toFixed(1)} %`;
  const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(3) : 'n/a');
  const table = [
    `| measure (${cases} origin x county cases, ${isoDate(lastOrigin - 728)} .. ${isoDate(lastOrigin)}) | planner | same weeks last year | ratio |`,
    '|---|---|---|---|',
    `| in-season items found in the top ${TOP} (mean recall) | ${pct(score.ours.recall)} | ${pct(score.baseline.recall)} | ${ratio(score.ours.recall, score.baseline.recall)} |`,
    `| cases whose top ${TOP} holds every in-season item | ${pct(score.ours.all)} | ${pct(score.baseline.all)} | ${ratio(score.ours.all, score.baseline.all)} |`,
    `| cases whose first item is in season | ${pct(score.ours.top1)} | ${pct(score.baseline.top1)} | ${ratio(score.ours.top1, score.baseline.top1)} |`,
  ].join('\n');
  process.stdout.write(`${table}\n(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ cases, weeks: WEEKS, top: TOP, score }, null, 2));
  if (values.docs) replaceSection('produce', `\`npm run bench:produce -- --villages ${values.villages} --seed ${values.seed}\`: generated produce sales, 6 weeks ahead.\n\n${table}`);
} finally {
  rmSync(tmp.dir, { recursive: true, force: true });
}
