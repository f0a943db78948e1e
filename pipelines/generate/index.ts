/**
 * The synthetic rural-commerce data generator: deterministic for a seed, streaming day by day so
 * memory stays flat at any size. See README of the generate command for the data it writes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCatalogue, type Catalogue } from './catalogue.ts';
import { civil, clockStrings, smallInt } from './days.ts';
import { buildGeography, type Geography } from './geography.ts';
import { masterRows } from './master.ts';
import { resolveOptions, type FactKind, type GenerateOptions, type ResolvedOptions } from './options.ts';
import { CentreOrders, OrderMix, type PendingUpdate } from './orders.ts';
import { Outputs, type FileEntry } from './outputs.ts';
import { SellerSales } from './produce.ts';
import { dayFactors, isMarketDay, MARKET_DAY_ORDERS, MARKET_DAY_SHELF } from './seasonality.ts';
import { ShelfSim, type ShelfEvents } from './shelf.ts';
import { writeTillDay } from './till.ts';

export type { GenerateOptions, FactKind } from './options.ts';
export type { FileEntry } from './outputs.ts';

export interface GenerateProgress {
  /** Days simulated so far. */
  readonly day: number;
  readonly days: number;
  readonly date: string;
  /** Fact rows written so far (all kinds, truth excluded). */
  readonly rows: number;
}

export interface GenerateSummary {
  readonly out: string;
  readonly start: string;
  readonly end: string;
  readonly files: readonly FileEntry[];
  readonly rowsByKind: Readonly<Record<string, number>>;
  readonly dirtyByKind: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly stores: number;
  readonly skus: number;
  readonly seconds: number;
}

/** Stock rows are taken at the morning delivery and at close. */
export const DELIVERY_TIME = '07:00:00';
export const CLOSE_TIME = '21:30:00';

export interface World {
  readonly geography: Geography;
  readonly catalogue: Catalogue;
}

export function buildWorld(seed: number, villages: number, skus: number): World {
  const catalogue = buildCatalogue(seed, skus);
  const geography = buildGeography(seed, villages, catalogue.produceSkus.length);
  return { geography, catalogue };
}

export async function generate(options: GenerateOptions, onProgress?: (p: GenerateProgress) => void): Promise<GenerateSummary> {
  const t0 = performance.now();
  const opts = resolveOptions(options);
  const { geography: geo, catalogue: cat } = buildWorld(opts.seed, opts.villages, opts.skus);
  const out = new Outputs(opts);
  await out.init();
  for (const kind of ['geography', 'stores', 'products', 'sellers'] as const) await out.master(kind, masterRows(kind, geo, cat, civil(opts.start).iso));
  await simulate(opts, geo, cat, out, onProgress);
  await out.close();

  const rowsByKind: Record<string, number> = {};
  const dirtyByKind: Record<string, Record<string, number>> = {};
  for (const e of out.entries) {
    rowsByKind[e.kind] = (rowsByKind[e.kind] ?? 0) + e.rows;
    const d = (dirtyByKind[e.kind] ??= {});
    for (const [fault, n] of Object.entries(e.dirty)) d[fault] = (d[fault] ?? 0) + (n ?? 0);
  }
  const start = civil(opts.start).iso;
  const end = civil(opts.end).iso;
  const manifest = {
    generator: 'rural-demand generate',
    version: 1,
    options: {
      villages: opts.villages, skus: opts.skus, days: opts.days, start, end, seed: opts.seed, format: opts.format,
      gzip: opts.gzip, dirtyRate: opts.dirtyRate, truth: opts.truth, kinds: opts.kinds, singleFile: opts.singleFile,
    },
    notes: [
      'Timestamps are Asia/Shanghai local time without offset.',
      'Order status updates (cancelled, returned) repeat the (order_id, line_no) of the placed line, possibly in a later file.',
      'Till returns are lines with quantity -1; they are not dirty.',
      'Inventory rows: at 21:30 (close) on each review day for every stocked SKU and on the day a SKU sells out (on_hand 0); at 07:00 on the day a delivery arrives (on_hand after it, before sales).',
      'A SKU is out of stock all day d when its latest row before d shows on_hand 0 and no 07:00 delivery row exists on d; on a day it sells out (21:30 row with 0 after a positive row or that morning\'s delivery) sales are a lower bound of demand.',
      'truth/: latent shelf demand before censoring, one row per store, SKU and day with demand > 0 (absent = 0).',
      'Master-data files are clean; dirty rows are only in fact files.',
      'negative_quantity on inventory files is a negative on_hand (the negative_stock rule).',
      'duplicate_line and overlap_line count extra copies of rows that are otherwise valid; duplicate_file marks an exact copy of duplicateOf.',
    ],
    counts: { stores: geo.stores.length, serviceCentres: geo.stores.filter((s) => s.kind === 'service_centre').length, skus: cat.products.length, sellers: geo.sellers.length, villages: geo.villages.length },
    files: out.entries,
    rowsByKind,
    dirtyByKind,
  };
  await writeFile(join(opts.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    out: opts.out, start, end, files: out.entries, rowsByKind, dirtyByKind, stores: geo.stores.length,
    skus: cat.products.length, seconds: (performance.now() - t0) / 1000,
  };
}

async function simulate(
  opts: ResolvedOptions, geo: Geography, cat: Catalogue, out: Outputs, onProgress?: (p: GenerateProgress) => void,
): Promise<void> {
  const want = new Set<FactKind>(opts.kinds);
  const needShelf = want.has('till') || want.has('inventory') || opts.truth;
  const shelves = needShelf ? geo.stores.map((s) => new ShelfSim(opts.seed, s, cat)) : [];
  const centres = want.has('orders') ? geo.stores.filter((s) => s.kind === 'service_centre').map((s) => new CentreOrders(opts.seed, s)) : [];
  const sellers = want.has('produce') ? geo.sellers.map((s) => new SellerSales(opts.seed, s)) : [];
  const mix = new OrderMix(cat);
  const clock = clockStrings();
  const products = cat.products;
  const rotating: (FactKind | 'truth')[] = [...opts.kinds, ...(opts.truth ? (['truth'] as const) : [])];
  const pending = new Map<number, PendingUpdate[]>();
  const midDay = (opts.start + opts.end) / 2;

  let rows = 0;
  // Per store-day context for the shelf callbacks (one object, no per-day closures).
  let storeId = '';
  let dateIso = '';
  let asOf = '';
  let deliveredAt = '';
  const sold: number[] = [];
  let tillEmit: ((f: string[]) => void) | undefined;
  let invEmit: ((f: string[]) => void) | undefined;
  let truthEmit: ((f: string[]) => void) | undefined;
  const events: ShelfEvents = {
    demand(p, d) {
      truthEmit?.([storeId, products[p]!.sku, dateIso, smallInt(d)]);
    },
    sold(p, units) {
      sold.push(p, units);
    },
    stock(p, onHand, onOrder, arrival) {
      if (invEmit === undefined) return;
      invEmit([storeId, products[p]!.sku, arrival ? deliveredAt : asOf, smallInt(onHand), smallInt(onOrder)]);
      rows++;
    },
  };
  const emitter = (kind: FactKind | 'truth'): ((f: string[]) => void) | undefined => {
    const f = out.get(kind);
    if (f === undefined) return undefined;
    const { sink, dirt } = f;
    return dirt === undefined ? (fields) => sink.row(fields) : (fields) => dirt.emit(sink, fields);
  };

  let monthKey = '';
  for (let day = opts.start; day <= opts.end; day++) {
    const c = civil(day);
    if (c.monthKey !== monthKey) {
      if (monthKey !== '') onProgress?.({ day: day - opts.start, days: opts.days, date: c.iso, rows });
      monthKey = c.monthKey;
      await out.rotate(rotating, monthKey);
      tillEmit = want.has('till') ? emitter('till') : undefined;
      invEmit = want.has('inventory') ? emitter('inventory') : undefined;
      truthEmit = opts.truth ? emitter('truth') : undefined;
    }
    dateIso = c.iso;
    asOf = `${dateIso} ${CLOSE_TIME}`;
    deliveredAt = `${dateIso} ${DELIVERY_TIME}`;
    const compact = dateIso.slice(2).replace(/-/g, '');
    const f = dayFactors(day, midDay, cat.categories);
    const ordersFile = out.get('orders');
    const orderEmit = emitter('orders');
    if (centres.length > 0) mix.prepare(f);

    for (const shelf of shelves) {
      const store = shelf.store;
      storeId = store.id;
      sold.length = 0;
      const market = isMarketDay(store.village.town.marketDigits, f.lunarDay);
      shelf.step(day, f.shelf, market ? MARKET_DAY_SHELF : 1, events);
      if (tillEmit !== undefined && sold.length > 0) {
        rows += writeTillDay(shelf.rng, products, storeId, dateIso, compact, clock, sold, tillEmit);
      }
    }
    if (orderEmit !== undefined && ordersFile !== undefined) {
      const later = (u: PendingUpdate): void => {
        let list = pending.get(u.day);
        if (list === undefined) pending.set(u.day, (list = []));
        list.push(u);
      };
      for (const centre of centres) {
        const market = isMarketDay(centre.store.village.town.marketDigits, f.lunarDay);
        rows += centre.day(f, day, dateIso, compact, clock, market ? MARKET_DAY_ORDERS : 1, products, mix, orderEmit, later);
      }
      const due = pending.get(day);
      if (due !== undefined) {
        pending.delete(day);
        due.sort((a, b) => a.second - b.second);
        for (const u of due) orderEmit(u.fields);
        ordersFile.entry.statusUpdates = (ordersFile.entry.statusUpdates ?? 0) + due.length;
        rows += due.length;
      }
    }
    const produceEmit = emitter('produce');
    if (produceEmit !== undefined) {
      for (const s of sellers) rows += s.day(c.dayOfYear, f.growth, dateIso, compact, clock, cat, produceEmit);
    }
    await out.flush();
  }
  onProgress?.({ day: opts.days, days: opts.days, date: civil(opts.end).iso, rows });
}
