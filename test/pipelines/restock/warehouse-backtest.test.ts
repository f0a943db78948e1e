import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../../jobs/warehouse.ts';
import { addDays } from '../../../pipelines/calendar/index.ts';
import { backtestWarehouse } from '../../../pipelines/restock/warehouse-backtest.ts';
import { fixtureWarehouse, lcg, poisson } from '../forecast-stage/fixture.ts';

describe('backtestWarehouse', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await fixtureWarehouse();
  });
  afterAll(async () => wh.close());

  it('replays observed demand under four policies and says so', async () => {
    const r = await backtestWarehouse(wh.connection, { weeks: 8, historyDays: 56, sample: 50, minHistoryUnits: 5 });
    expect(r.truth).toMatch(/observed/);
    expect(r.from).toBe(addDays('2026-10-31', -55));
    expect(r.pairs).toBeGreaterThan(10);
    expect(r.policies.map((p) => p.policy)).toEqual(['fill-rate 90%', 'fill-rate 95%', 'last period sales', 'min/max']);
    for (const p of r.policies) {
      expect(p.pairs).toBe(r.pairs);
      expect(p.fillRate).toBeGreaterThan(0.5);
      expect(p.fillRate).toBeLessThanOrEqual(1);
    }
    // A higher target holds more stock and fills more.
    const [p90, p95] = r.policies;
    expect(p95!.averageInventory).toBeGreaterThan(p90!.averageInventory);
    expect(p95!.fillRate).toBeGreaterThanOrEqual(p90!.fillRate - 0.005);
    // Min/max tuned to each policy's fill: reaches at least that fill when it says it does.
    expect(r.minMaxAtEqualFill.map((x) => x.policy)).toEqual(['fill-rate 90%', 'fill-rate 95%']);
    r.minMaxAtEqualFill.forEach((x, i) => {
      if (x.summary) expect(x.summary.fillRate).toBeGreaterThanOrEqual(r.policies[i]!.fillRate);
      else expect(x.z).toBe(8);
    });
  }, 60_000);

  it("replays with the forecast stage's routing when asked, and says so", async () => {
    const r = await backtestWarehouse(wh.connection, { weeks: 4, historyDays: 56, sample: 20, minHistoryUnits: 5, forecaster: 'stage' });
    expect(r.forecaster).toMatch(/forecast stage/);
    const ma = await backtestWarehouse(wh.connection, { weeks: 4, historyDays: 56, sample: 20, minHistoryUnits: 5 });
    expect(ma.pairs).toBe(r.pairs);
    // Same pairs and demand; only the forecasts differ, so the policies that ignore them agree exactly.
    expect(r.policies[2]).toEqual(ma.policies[2]);
    expect(r.policies[0]!.averageInventory).not.toBe(ma.policies[0]!.averageInventory);
    expect(r.policies[0]!.fillRate).toBeGreaterThan(0.5);
  }, 60_000);

  it('uses generator truth files when given: demand far above sales fills badly', async () => {
    // Truth = 5 x the fixture's level for S1/K1 only; every other pair has zero demand.
    const dir = mkdtempSync(join(tmpdir(), 'truth-'));
    const rand = lcg(3);
    const lines = ['store_id,sku,date,demand'];
    for (let t = 0; t < 140; t++) lines.push(`S1,K1,${addDays('2026-10-31', -139 + t)},${poisson(rand, 20)}`);
    writeFileSync(join(dir, 'truth-2026-10.csv'), lines.join('\n') + '\n');
    const r = await backtestWarehouse(wh.connection, { weeks: 8, historyDays: 56, sample: 50, minHistoryUnits: 5, truthDir: dir });
    expect(r.truth).toBe('generator truth files');
    const minMax = r.policies.find((p) => p.policy === 'min/max')!;
    // Only S1/K1 has demand: ~20/day over 56 replay days minus warm-up.
    expect(minMax.fillRate).toBeGreaterThan(0.5);
    expect(r.policies[0]!.fillRate).toBeGreaterThan(0.8);
  }, 60_000);
});
