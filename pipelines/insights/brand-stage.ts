/**
 * Brand insights for a run: three protected cubes (sales by region x period x product, price
 * bands, calendar events), each through the primary rules and complementary suppression before a
 * row is written. Derived measures (shares, growth, season index, penetration, repeat rate, band
 * share, lift) are computed from published base cells only and are withheld wherever a base cell
 * they use is: a share must not give back a hidden value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Attacker, DEFAULT_RULES, cellKey, checkRules, protectTable, type ComplementStrategy, type DisclosureRules, type ProtectResult, type SuppressionReason } from '../disclosure/index.ts';
import { CodedError } from '../errors.ts';
import { insertRows, type Cell } from '../warehouse/insert-rows.ts';
import { literal, toNumber } from '../warehouse/sql.ts';
import { createBrandLines, insightWindow, lastSalesDay, type InsightWindow } from './brand-lines.ts';
import { BAND, BASKET_PRODUCT, CO_CATEGORY, EVENT_WINDOW, PERIOD, PRICE_BANDS, PRODUCT, REGION, SEP } from './brand-cubes.ts';
import { loadCube, perCell, type Cube, type CubeDim } from './cube.ts';
import { eventWindows, type EventWindow } from './event-windows.ts';
import { ADOPTION_COLUMNS, adoptionRows } from './adoption.ts';
import { repeatBuyers, type RepeatCounts } from './repeat-buyers.ts';
import { TEMP_SCRATCH, withScratchFile, type Scratch } from './scratch.ts';

export interface BrandInsightsOptions {
  readonly runId: string;
  /** Last day of sales to use; default the last day in the warehouse. */
  readonly asOf?: string;
  readonly rules?: DisclosureRules;
  /** Also protect each cube with the baseline strategy and record its cost. @defaultValue false */
  readonly compareBaseline?: boolean;
  /**
   * A DuckDB file for the stage's wide intermediate tables, created and deleted by the stage
   * (pipelines/insights/scratch.ts says why). Default: TEMP tables.
   */
  readonly scratchFile?: string;
  readonly onProgress?: (message: string) => void;
}

export interface CubeReport {
  readonly table: string;
  readonly strategy: ComplementStrategy;
  readonly result: Omit<ProtectResult, 'reasons'>;
  readonly seconds: number;
}

/** Wall seconds of each part of the stage, for bench:pipeline; `cells` includes the price bands, protected with it. */
export interface BrandInsightsTimings {
  readonly lines: number;
  readonly cells: number;
  readonly events: number;
  readonly basket: number;
  readonly adoption: number;
  readonly write: number;
}

export interface BrandInsightsResult {
  readonly window: InsightWindow;
  readonly lines: number;
  readonly reports: readonly CubeReport[];
  readonly timings: BrandInsightsTimings;
}

function splitProduct(coord: string, level: string): [string, string] {
  if (level === 'all') return ['ALL', 'ALL'];
  if (level === 'category') return [coord, 'ALL'];
  const i = coord.indexOf(SEP);
  return [coord.slice(0, i), coord.slice(i + 1)];
}

const parentProduct = (coord: string, level: string): string | null =>
  level === 'brand' ? coord.slice(0, coord.indexOf(SEP)) : level === 'category' ? 'ALL' : null;

function prevPeriod(period: string, level: string): string | null {
  if (level === 'total') return period === 'ALL' ? 'ALL_PREV' : null;
  if (level !== 'month') return null;
  return `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
}

const yuan = (fen: number): number => fen / 100;
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

type Fate = 'publish' | 'withhold' | null;

/** One protection run with its report; the caller decides what an unprotected cell means. */
async function protectOnce(
  cube: Cube, attacker: Attacker, rules: DisclosureRules, o: BrandInsightsOptions, strategy: ComplementStrategy, fixed?: readonly Fate[],
): Promise<{ reasons: (SuppressionReason | null)[]; report: CubeReport; unprotected: readonly number[] }> {
  const t0 = performance.now();
  const { reasons, ...result } = await protectTable(cube.table, cube.structure, attacker,
    { rules, strategy, ...(fixed ? { fixed } : {}), onProgress: (m) => o.onProgress?.(`${cube.table.name}: ${m}`) });
  const seconds = (performance.now() - t0) / 1000;
  o.onProgress?.(`${cube.table.name}: ${result.primary} primary, ${result.complementary} complementary of ${result.cells} cells (${strategy}, ${seconds.toFixed(1)} s)`);
  return { reasons, report: { table: cube.table.name, strategy, result, seconds }, unprotected: result.unprotected };
}

/** Protects with our strategy (and the baseline's, for the report, when asked); never publishes a weak cell. */
async function protect(
  cube: Cube, attacker: Attacker, rules: DisclosureRules, o: BrandInsightsOptions, reports: CubeReport[], fixed?: readonly Fate[],
): Promise<(SuppressionReason | null)[]> {
  const ours = await protectOnce(cube, attacker, rules, o, 'cost', fixed);
  if (ours.unprotected.length > 0) {
    throw new CodedError('INTERNAL', `${cube.table.name}: ${ours.unprotected.length} withheld cells could not be protected`);
  }
  reports.push(ours.report);
  if (o.compareBaseline) reports.push((await protectOnce(cube, attacker, rules, o, 'smallest', fixed)).report);
  return ours.reasons;
}

export async function runBrandInsights(conn: DuckDBConnection, o: BrandInsightsOptions): Promise<BrandInsightsResult> {
  return o.scratchFile === undefined ? brandInsightsIn(conn, o, TEMP_SCRATCH) : withScratchFile(conn, o.scratchFile, (s) => brandInsightsIn(conn, o, s));
}

async function brandInsightsIn(conn: DuckDBConnection, o: BrandInsightsOptions, scratch: Scratch): Promise<BrandInsightsResult> {
  const rules = checkRules(o.rules ?? DEFAULT_RULES);
  const asOf = o.asOf ?? (await lastSalesDay(conn));
  if (asOf === null) throw new CodedError('NO_DATA', 'no sales lines: ingest orders or till files first');
  const window = insightWindow(asOf);
  let t = performance.now();
  const lap = (): number => { const now = performance.now(); const s = (now - t) / 1000; t = now; return s; };
  const lines = await createBrandLines(conn, window, scratch);
  const tLines = lap();
  const attacker = await Attacker.create();
  const reports: CubeReport[] = [];
  const run = literal(o.runId);
  try {
    const { share, bands, yearTotals } = await shareAndBands(conn, attacker, rules, o, reports, window, scratch);
    const tCells = lap();
    const events = await eventRows(conn, attacker, rules, o, reports, eventWindows(window), scratch);
    const tEvents = lap();
    const basket = await basketRows(conn, attacker, rules, o, reports, window, yearTotals, scratch);
    const tBasket = lap();
    const adoption = await adoptionRows(conn, window, rules, scratch);
    const tAdoption = lap();
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const t of ['brand_cells', 'brand_price_bands', 'brand_events', 'brand_basket', 'brand_adoption', 'disclosure_report']) {
        await conn.run(`DELETE FROM ${t} WHERE run_id = ${run}`);
      }
      await insertRows(conn, 'brand_cells', SHARE_COLUMNS, share.map((r) => [o.runId, ...r]));
      await insertRows(conn, 'brand_price_bands', BAND_COLUMNS, bands.map((r) => [o.runId, ...r]));
      await insertRows(conn, 'brand_events', EVENT_COLUMNS, events.map((r) => [o.runId, ...r]));
      await insertRows(conn, 'brand_basket', BASKET_COLUMNS, basket.map((r) => [o.runId, ...r]));
      await insertRows(conn, 'brand_adoption', ADOPTION_COLUMNS, adoption.map((r) => [o.runId, ...r]));
      await insertRows(conn, 'disclosure_report', REPORT_COLUMNS, reports.map((r) => [
        o.runId, r.table, r.strategy, r.result.cells, r.result.primary, r.result.complementary,
        r.result.valueFen > 0 ? r.result.suppressedValueFen / r.result.valueFen : 0,
        r.result.cells > 0 ? (r.result.primary + r.result.complementary) / r.result.cells : 0, r.result.lpChecks, r.seconds,
      ]));
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
    const timings = { lines: tLines, cells: tCells, events: tEvents, basket: tBasket, adoption: tAdoption, write: lap() };
    return { window, lines, reports, timings };
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${scratch.table('brand_lines')}`);
  }
}

const SHARE_COLUMNS = ['run_id', 'category', 'brand', 'region_level', 'region_id', 'period_level', 'period', 'value_yuan', 'units',
  'value_share', 'unit_share', 'growth', 'season_index', 'stores_buying', 'stores_total', 'villages_buying', 'villages_total',
  'order_customers', 'repeat_rate', 'suppressed', 'reason'];

/**
 * The latest 12 months' value of each region x product cell of brand_cells, null where withheld.
 * Price bands (band ALL) and basket lift restate these numbers, so they must follow the same fate.
 */
type YearTotals = ReadonlyMap<string, number | null>;
const yearKey = (region: string, product: string): string => `${region}\u0001${product}`;

interface ShareCube {
  readonly cube: Cube;
  readonly villages: ReadonlyMap<string, unknown[]>;
  readonly repeat: RepeatCounts;
}

async function loadShare(conn: DuckDBConnection, rules: DisclosureRules, o: BrandInsightsOptions, scratch: Scratch): Promise<ShareCube> {
  const dims: CubeDim[] = [REGION, PERIOD, PRODUCT];
  const t0 = performance.now();
  const brandLines = scratch.table('brand_lines');
  const cube = await loadCube(conn, 'brand_cells', brandLines, dims, { exactCustomersBelow: rules.minCustomers });
  o.onProgress?.(`brand_cells: ${cube.table.cells.length} cells, ${cube.table.atomValueFen.length} atoms loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The village count runs once per level combination (18), so it reads atoms' distinct villages
  // rather than every sales line (49 M lines at 1,000 villages).
  const atoms = [...new Set(dims.flatMap((d) => d.atom))].join(', ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE brand_atom_villages AS SELECT DISTINCT ${atoms}, village_id FROM ${brandLines}`);
  try {
    const villages = await perCell(conn, 'brand_atom_villages', dims, 'village_id', 'count(*)');
    const repeat = await repeatBuyers(conn, brandLines, dims);
    o.onProgress?.(`brand_cells: villages and repeat buyers counted, ${((performance.now() - t0) / 1000).toFixed(1)} s since the start of the cube`);
    return { cube, villages, repeat };
  } finally {
    await conn.run('DROP TABLE IF EXISTS brand_atom_villages');
  }
}

function yearTotalsOf(cube: Cube, reasons: readonly (SuppressionReason | null)[]): YearTotals {
  const totals = new Map<string, number | null>();
  cube.table.cells.forEach((c, i) => { if (c.coords[1] === 'ALL') totals.set(yearKey(c.coords[0]!, c.coords[2]!), reasons[i] === null ? c.valueFen : null); });
  return totals;
}

function shareOutput(s: ShareCube, reasons: readonly (SuppressionReason | null)[], rules: DisclosureRules, w: InsightWindow): Cell[][] {
  const months = new Set(w.months);
  const { villages, repeat } = s;
  const cells = s.cube.table.cells;
  const index = new Map(cells.map((c, i) => [cellKey(c.coords), i]));
  const at = (coords: readonly string[]): number | undefined => index.get(cellKey(coords));
  const open = (i: number | undefined): boolean => i !== undefined && reasons[i] === null;
  return cells.map((c, i): Cell[] => {
    const [region, period, product] = c.coords as [string, string, string];
    const [rl, pl, prl] = c.levels as [string, string, string];
    const [category, brand] = splitProduct(product, prl);
    const reason = reasons[i] ?? null;
    const base: Cell[] = [category, brand, rl, region, pl, period];
    if (reason !== null) return [...base, ...Array<Cell>(12).fill(null), true, reason];
    const parentCode = parentProduct(product, prl);
    const parent = parentCode === null ? i : at([region, period, parentCode]);
    const prevCode = prevPeriod(period, pl);
    const prev = prevCode === null ? undefined : at([region, prevCode, product]);
    // A month's season index is against the 12 months it belongs to.
    const year = pl === 'month' ? at([region, months.has(period) ? 'ALL' : 'ALL_PREV', product]) : undefined;
    const total = at([region, period, 'ALL']);
    const vill = villages.get(cellKey(c.coords));
    const villTotal = villages.get(cellKey([region, period, 'ALL']));
    const rep = repeat.get(cellKey(c.coords));
    const customers = toNumber(rep?.[0]);
    return [
      ...base, yuan(c.valueFen), c.unitsMilli / 1000,
      open(parent) ? ratio(c.valueFen, cells[parent!]!.valueFen) : null,
      open(parent) ? ratio(c.unitsMilli, cells[parent!]!.unitsMilli) : null,
      open(prev) ? (ratio(c.valueFen, cells[prev!]!.valueFen) ?? 1) - 1 : null,
      open(year) ? ratio(12 * c.valueFen, cells[year!]!.valueFen) : null,
      c.stores, open(total) ? cells[total!]!.stores : null,
      vill === undefined ? null : toNumber(vill[0]), open(total) && villTotal !== undefined ? toNumber(villTotal[0]) : null,
      // A handful of named buyers is a count of people: shown only from the rule's minimum up.
      customers >= rules.minCustomers ? customers : null,
      customers >= rules.minCustomers ? ratio(toNumber(rep?.[1]), customers) : null,
      false, null,
    ];
  });
}

const BAND_COLUMNS = ['run_id', 'category', 'brand', 'region_level', 'region_id', 'band', 'value_yuan', 'units', 'band_share', 'suppressed', 'reason'];

async function loadBands(conn: DuckDBConnection, rules: DisclosureRules, w: InsightWindow, scratch: Scratch): Promise<Cube> {
  const [brandLines, bandLines] = [scratch.table('brand_lines'), scratch.table('band_lines')];
  const cases = PRICE_BANDS.map((b) => (Number.isFinite(b.upTo) ? `WHEN r < ${b.upTo} THEN '${b.id}'` : `ELSE '${b.id}'`)).join(' ');
  // Only the columns loadCube reads: a copy of every column of 25 M lines was most of this step.
  await conn.run(`${scratch.create('band_lines')} AS
    SELECT county_id, province_id, category, brand, store_id, cust, value, units, CASE ${cases} END AS band FROM (
      SELECT l.*, l.unit_price / m.median_price AS r
      FROM ${brandLines} l JOIN (SELECT category, median(unit_price) AS median_price FROM ${brandLines}
                               WHERE day >= DATE '${w.start}' GROUP BY category) m USING (category)
      WHERE l.day >= DATE '${w.start}')`);
  try {
    return await loadCube(conn, 'brand_price_bands', bandLines, [REGION, BAND, PRODUCT], { exactCustomersBelow: rules.minCustomers });
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${bandLines}`);
  }
}

/** A product's all-bands total is its 12-month cell of brand_cells: same fate in both tables. */
function bandFates(cube: Cube, totals: YearTotals): Fate[] {
  return cube.table.cells.map((c) => {
    if (c.coords[1] !== 'ALL') return null;
    const v = totals.get(yearKey(c.coords[0]!, c.coords[2]!));
    return v === undefined ? null : v === null ? 'withhold' : 'publish';
  });
}

function bandOutput(cube: Cube, reasons: readonly (SuppressionReason | null)[]): Cell[][] {
  const index = new Map(cube.table.cells.map((c, i) => [cellKey(c.coords), i]));
  return cube.table.cells.map((c, i) => {
    const [region, band, product] = c.coords as [string, string, string];
    const [category, brand] = splitProduct(product, c.levels[2]!);
    const reason = reasons[i] ?? null;
    const head: Cell[] = [category, brand, c.levels[0]!, region, band];
    if (reason !== null) return [...head, null, null, null, true, reason];
    const all = index.get(cellKey([region, 'ALL', product]));
    const allOpen = all !== undefined && reasons[all] === null;
    return [...head, yuan(c.valueFen), c.unitsMilli / 1000, allOpen ? ratio(c.valueFen, cube.table.cells[all]!.valueFen) : null, false, null];
  });
}

/**
 * brand_cells and price bands share numbers (a product's 12-month total), so they are protected
 * together: the bands follow brand_cells' fate for those totals, and when the bands cannot protect
 * a cell against a published total, that total is withheld in brand_cells too and both rerun.
 */
async function shareAndBands(
  conn: DuckDBConnection, attacker: Attacker, rules: DisclosureRules, o: BrandInsightsOptions, reports: CubeReport[], w: InsightWindow,
  scratch: Scratch,
): Promise<{ share: Cell[][]; bands: Cell[][]; yearTotals: YearTotals }> {
  const share = await loadShare(conn, rules, o, scratch);
  const bands = await loadBands(conn, rules, w, scratch);
  const shareIndex = new Map(share.cube.table.cells.map((c, i) => [cellKey(c.coords), i]));
  const forced: Fate[] = share.cube.table.cells.map(() => null);
  for (let attempt = 0; attempt < 8; attempt++) {
    const s = await protectOnce(share.cube, attacker, rules, o, 'cost', forced);
    if (s.unprotected.length > 0) throw new CodedError('INTERNAL', `brand_cells: ${s.unprotected.length} withheld cells could not be protected`);
    const totals = yearTotalsOf(share.cube, s.reasons);
    const b = await protectOnce(bands, attacker, rules, o, 'cost', bandFates(bands, totals));
    if (b.unprotected.length === 0) {
      reports.push(s.report, b.report);
      if (o.compareBaseline) {
        reports.push((await protectOnce(share.cube, attacker, rules, o, 'smallest', forced)).report);
        reports.push((await protectOnce(bands, attacker, rules, o, 'smallest', bandFates(bands, totals))).report);
      }
      return { share: shareOutput(share, s.reasons, rules, w), bands: bandOutput(bands, b.reasons), yearTotals: totals };
    }
    for (const i of b.unprotected) {
      const c = bands.table.cells[i]!;
      const t = shareIndex.get(cellKey([c.coords[0]!, 'ALL', c.coords[2]!]));
      if (t !== undefined) forced[t] = 'withhold';
    }
    o.onProgress?.(`brand_price_bands: ${b.unprotected.length} cells exposed by published totals; withholding those totals and rerunning`);
  }
  throw new CodedError('INTERNAL', 'brand_cells and brand_price_bands could not be protected together');
}

const EVENT_COLUMNS = ['run_id', 'category', 'brand', 'region_level', 'region_id', 'event', 'window_from', 'window_to', 'base_from', 'base_to',
  'value_yuan', 'units', 'base_value_yuan', 'base_units', 'lift', 'suppressed', 'reason', 'base_suppressed', 'base_reason'];

async function eventRows(
  conn: DuckDBConnection, attacker: Attacker, rules: DisclosureRules, o: BrandInsightsOptions, reports: CubeReport[], windows: readonly EventWindow[],
  scratch: Scratch,
): Promise<Cell[][]> {
  if (windows.length === 0) return [];
  const cases = windows.flatMap((e) => [
    `WHEN day BETWEEN DATE '${e.from}' AND DATE '${e.to}' THEN '${e.event}'`,
    `WHEN day BETWEEN DATE '${e.baseFrom}' AND DATE '${e.baseTo}' THEN '${e.event}:base'`,
  ]).join(' ');
  const eventLines = scratch.table('event_lines');
  await conn.run(`${scratch.create('event_lines')} AS SELECT county_id, province_id, category, brand, store_id, cust, value, units, win
    FROM (SELECT *, CASE ${cases} END AS win FROM ${scratch.table('brand_lines')}) WHERE win IS NOT NULL`);
  try {
    const cube = await loadCube(conn, 'brand_events', eventLines, [REGION, EVENT_WINDOW, PRODUCT], { exactCustomersBelow: rules.minCustomers });
    const reasons = await protect(cube, attacker, rules, o, reports);
    const index = new Map(cube.table.cells.map((c, i) => [cellKey(c.coords), i]));
    const rows: Cell[][] = [];
    cube.table.cells.forEach((c, i) => {
      const [region, win, product] = c.coords as [string, string, string];
      const e = windows.find((x) => x.event === win);
      if (e === undefined) return;
      const b = index.get(cellKey([region, `${win}:base`, product]));
      const [category, brand] = splitProduct(product, c.levels[2]!);
      // Window and baseline are two cells, each published or withheld on its own; the lift needs both.
      const reason = reasons[i] ?? null;
      // No sales at all in the four weeks before (a product launched since): a true zero that no
      // store contributed to, published as 0 with no lift.
      const baseReason = b === undefined ? null : reasons[b] ?? null;
      const base = b === undefined ? undefined : cube.table.cells[b]!;
      const head: Cell[] = [category, brand, c.levels[0]!, region, e.event, e.from, e.to, e.baseFrom, e.baseTo];
      const during: Cell[] = reason === null ? [yuan(c.valueFen), c.unitsMilli / 1000] : [null, null];
      const before: Cell[] = baseReason !== null ? [null, null] : base === undefined ? [0, 0] : [yuan(base.valueFen), base.unitsMilli / 1000];
      const lift = reason === null && baseReason === null && base !== undefined && base.valueFen > 0
        ? (c.valueFen / e.days) / (base.valueFen / e.baseDays) : null;
      rows.push([...head, ...during, ...before, lift, reason !== null, reason, baseReason !== null, baseReason]);
    });
    return rows;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${eventLines}`);
  }
}

const BASKET_COLUMNS = ['run_id', 'category', 'brand', 'region_level', 'region_id', 'co_category', 'value_yuan', 'units', 'affinity', 'lift',
  'suppressed', 'reason'];

/** Co-purchases over the latest 12 months: lines of another category in the baskets holding a product. */
async function basketRows(
  conn: DuckDBConnection, attacker: Attacker, rules: DisclosureRules, o: BrandInsightsOptions, reports: CubeReport[], w: InsightWindow,
  yearTotals: YearTotals, scratch: Scratch,
): Promise<Cell[][]> {
  const basketLines = scratch.table('basket_lines');
  await conn.run(`${scratch.create('basket_lines')} AS
    WITH y AS (SELECT store_id, basket, cust, county_id, province_id, category, brand, value, units FROM ${scratch.table('brand_lines')} WHERE day >= DATE '${w.start}'),
    holds AS (SELECT DISTINCT store_id, basket, category AS holder_category, unnest([category, category || '${SEP}' || brand]) AS product_node FROM y)
    SELECT y.county_id, y.province_id, y.store_id, y.cust, y.value, y.units, y.category AS co_category, h.product_node
    FROM y JOIN holds h ON h.basket = y.basket AND h.store_id = y.store_id AND y.category <> h.holder_category`);
  try {
    const cube = await loadCube(conn, 'brand_basket', basketLines, [REGION, CO_CATEGORY, BASKET_PRODUCT], { exactCustomersBelow: rules.minCustomers });
    const reasons = await protect(cube, attacker, rules, o, reports);
    const cells = cube.table.cells;
    const index = new Map(cells.map((c, i) => [cellKey(c.coords), i]));
    const openValue = (coords: readonly string[]): number | null => {
      const i = index.get(cellKey(coords));
      return i !== undefined && reasons[i] === null ? cells[i]!.valueFen : null;
    };
    return cells.map((c, i) => {
      const [region, co, node] = c.coords as [string, string, string];
      const [category, brand] = node.includes(SEP) ? splitProduct(node, 'brand') : [node, 'ALL'];
      const head: Cell[] = [category, brand, c.levels[0]!, region, co];
      const reason = reasons[i] ?? null;
      if (reason !== null) return [...head, null, null, null, null, true, reason];
      const all = openValue([region, 'ALL', node]);
      const affinity = all === null ? null : ratio(c.valueFen, all);
      // The reference is the category's share of all sales, from brand_cells' published totals.
      const refCo = yearTotals.get(yearKey(region, co)) ?? null;
      const refAll = yearTotals.get(yearKey(region, 'ALL')) ?? null;
      const reference = refCo === null || refAll === null ? null : ratio(refCo, refAll);
      const lift = affinity === null || reference === null || reference === 0 ? null : affinity / reference;
      return [...head, yuan(c.valueFen), c.unitsMilli / 1000, co === 'ALL' ? null : affinity, co === 'ALL' ? null : lift, false, null];
    });
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${basketLines}`);
  }
}

const REPORT_COLUMNS = ['run_id', 'table_name', 'strategy', 'cells', 'primary_cells', 'complementary_cells', 'value_suppressed_share',
  'cells_suppressed_share', 'lp_checks', 'seconds'];
