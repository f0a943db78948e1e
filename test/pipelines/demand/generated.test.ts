import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../../jobs/warehouse.ts';
import { refreshDemand, type RefreshSummary } from '../../../pipelines/demand/aggregate.ts';
import { generate } from '../../../pipelines/generate/index.ts';
import { ingestPaths } from '../../../pipelines/ingest/ingest.ts';
import { tempDir } from '../../helpers/temp.ts';
import { snapshot } from './facts.ts';

// Clean data (dirty rate 0) so the generator's latent demand is an independent reference: its shop
// sells min(demand, on hand), so on a day the shelf did not run out, shelf sales equal demand.
describe('refreshDemand on a generated set, ingested in two batches', () => {
  let dir: string;
  let cleanup: () => void;
  let wh: Warehouse;
  let incremental: RefreshSummary;
  let incrementalRows: string[];
  const num = async (sql: string): Promise<number> => Number((await wh.connection.runAndReadAll(sql)).getRows()[0]?.[0]);

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('demand'));
    await generate({ out: dir, villages: 3, skus: 40, days: 60, end: '2026-03-31', seed: 7, dirtyRate: 0, truth: true });
    wh = await Warehouse.open(':memory:');
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));
    await ingestPaths(wh.connection, files.filter((f) => !f.includes('2026-03')));
    await refreshDemand(wh.connection);
    await ingestPaths(wh.connection, files.filter((f) => f.includes('2026-03')));
    incremental = await refreshDemand(wh.connection);
    incrementalRows = await snapshot(wh.connection);
    await wh.connection.run(`CREATE TABLE truth AS SELECT * FROM read_csv('${join(dir, 'truth')}/*.csv',
      columns = {'store_id': 'VARCHAR', 'sku': 'VARCHAR', 'day': 'DATE', 'demand': 'DOUBLE'}, header = true)`);
  });
  afterAll(async () => {
    await wh.close();
    cleanup();
  });

  it('gives row for row what a full rebuild gives', async () => {
    expect(incremental.mode).toBe('incremental');
    expect(incremental.touchedCells).toBeGreaterThan(0);
    expect(incrementalRows.length).toBeGreaterThan(500);
    await refreshDemand(wh.connection, { full: true });
    expect(await snapshot(wh.connection)).toEqual(incrementalRows);
  });

  it('changes nothing when run again', async () => {
    expect((await refreshDemand(wh.connection)).mode).toBe('noop');
    expect(await snapshot(wh.connection)).toEqual(incrementalRows);
  });

  it('has censored stock-outs, and shelf sales equal latent demand on every day not censored', async () => {
    expect(await num('SELECT count(*) FROM demand_daily WHERE censored')).toBeGreaterThan(20);
    // Full outer join: a latent-demand day missing from demand_daily counts as 0 sold.
    const cmp = `FROM truth t FULL JOIN demand_daily d USING (store_id, sku, day)
      WHERE coalesce(d.returned_units, 0) = 0 AND day <= DATE '2026-03-31'`;
    const clean = await num(`SELECT count(*) ${cmp} AND NOT coalesce(d.censored, false)`);
    const off = await num(`SELECT count(*) ${cmp} AND NOT coalesce(d.censored, false) AND coalesce(t.demand, 0) <> coalesce(d.shelf_units, 0)`);
    expect(clean).toBeGreaterThan(500);
    expect(off).toBe(0);
    // Censored days are lower bounds.
    expect(await num(`SELECT count(*) ${cmp} AND d.censored AND d.shelf_units > coalesce(t.demand, 0)`)).toBe(0);
    // ...and some of them did lose sales, or the test would not see censoring at work.
    expect(await num(`SELECT count(*) ${cmp} AND d.censored AND d.shelf_units < t.demand`)).toBeGreaterThan(5);
  });

  it('counts placed order units per day as ingested, cancellations and returns excluded', async () => {
    const fromLines = await num(`SELECT sum(quantity) FROM order_lines WHERE status = 'placed'`);
    expect(await num('SELECT sum(order_units) FROM demand_daily')).toBe(fromLines);
    expect(await num(`SELECT count(*) FROM order_lines WHERE status <> 'placed'`)).toBeGreaterThan(0);
  });
});
