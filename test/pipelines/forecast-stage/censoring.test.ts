import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../pipelines/forecast-stage/engine.ts';
import { handleCensoring } from '../../../pipelines/forecast-stage/prepare.ts';
import type { CensorMode } from '../../../pipelines/forecast-stage/prepare.ts';
import { lcg, poisson } from './fixture.ts';

/**
 * Known true demand, part of it hidden by stock-outs the way a small shop has them: the shelf
 * holds a random amount each day (often less than a busy day's demand), sales = min(demand, stock)
 * and a day that sold everything is flagged censored. The true daily mean is known (mu x weekday
 * factor), so the bias of each way of handling censored days is measured directly.
 */
const N = 120;
const DAYS = 140;
const H = 14;
const FACTORS = [1, 1, 1, 1, 1, 1.6, 1.3];

function panel(mu: number, seed: number): { sales: Float64Array[]; censored: Uint8Array[]; trueMean: number } {
  const rand = lcg(seed);
  const sales: Float64Array[] = [];
  const censored: Uint8Array[] = [];
  for (let s = 0; s < N; s++) {
    const y = new Float64Array(DAYS);
    const c = new Uint8Array(DAYS);
    for (let t = 0; t < DAYS; t++) {
      const d = poisson(rand, mu * (FACTORS[t % 7] as number));
      const stock = Math.floor(rand() * 2.5 * mu);
      y[t] = Math.min(d, stock);
      c[t] = d >= stock ? 1 : 0;
    }
    sales.push(y);
    censored.push(c);
  }
  // Forecast days DAYS..DAYS+H-1: weekday phase (DAYS + k) % 7.
  let m = 0;
  for (let k = 0; k < H; k++) m += mu * (FACTORS[(DAYS + k) % 7] as number);
  return { sales, censored, trueMean: m / H };
}

async function relativeBias(mode: CensorMode, mu: number, seed: number): Promise<number> {
  const p = panel(mu, seed);
  const engine = createEngine({ workers: 0 });
  const fc = await engine.forecast(p.sales.map((y, i) => handleCensoring(y, p.censored[i] as Uint8Array, mode)), H);
  await engine.close();
  let total = 0;
  for (const f of fc) for (const v of f.mean) total += v;
  return total / (fc.length * H) / p.trueMean - 1;
}

describe('censoring-aware history', () => {
  it('is far less biased than treating sales as demand (slow and busy movers)', async () => {
    for (const [mu, seed] of [[0.8, 11], [5, 12]] as const) {
      const naive = await relativeBias('ignore', mu, seed);
      const aware = await relativeBias('uncensor', mu, seed);
      const missing = await relativeBias('missing', mu, seed);
      if (process.env["SHOW_BIAS"]) console.log(`mu ${mu}: ignore ${naive.toFixed(3)} uncensor ${aware.toFixed(3)} missing ${missing.toFixed(3)}`);
      // Sales under-count demand on stock-out days: the naive forecast is biased low by a lot.
      expect(naive).toBeLessThan(-0.15);
      expect(Math.abs(aware)).toBeLessThan(Math.abs(naive) / 2);
      // Dropping the censored days leaves only the days demand fell below stock: still biased low.
      expect(missing).toBeLessThan(aware);
    }
  }, 60_000);
});
