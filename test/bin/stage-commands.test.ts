import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { register as registerBacktest } from '../../bin/commands/backtest-restock.ts';
import { register as registerForecast } from '../../bin/commands/forecast.ts';
import { register as registerRestock } from '../../bin/commands/restock.ts';
import { register as registerRun } from '../../bin/commands/run.ts';
import { fixtureWarehouse } from '../pipelines/forecast-stage/fixture.ts';

function program(): Command {
  const p = new Command('rural-demand').exitOverride();
  for (const r of [registerRun, registerRestock, registerForecast, registerBacktest]) r(p);
  return p;
}

async function run(args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(s), true)) as typeof process.stderr.write;
  try {
    await program().parseAsync(['node', 'rural-demand', ...args]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
  return { out: out.join(''), err: err.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'stage-cli-'));
const db = join(dir, 'wh.duckdb');

describe('run, restock, forecast and backtest-restock commands', () => {
  beforeAll(async () => {
    const wh = await fixtureWarehouse({ path: db });
    await wh.close();
    const r = await run(['run', '--warehouse', db, '--run-id', 'cli-1', '--no-publish', '--workers', '0', '--horizon', '14', '--history', '112']);
    expect(JSON.parse(r.out).runId).toBe('cli-1');
  }, 60_000);

  it('run prints a JSON summary with every step and logs progress to stderr', async () => {
    const r = await run(['run', '--warehouse', db, '--run-id', 'cli-2', '--no-publish', '--workers', '0', '--horizon', '7', '--history', '56', '--method', 'bottom-up']);
    const j = JSON.parse(r.out) as { steps: { step: string }[]; restock: { suggestions: number }; forecast: { rows: number } };
    expect(j.steps.map((s) => s.step)).toEqual(['refresh-demand', 'forecast', 'restock', 'order-forecast', 'produce', 'brand-insights']);
    expect(j.restock.suggestions).toBe(18);
    expect(j.forecast.rows).toBe(17 * 3 * 7);
    expect(r.err).toMatch(/forecast: done/);
  }, 60_000);

  it('restock prints an aligned table with Chinese names, and json/csv for machines', async () => {
    const t = await run(['restock', '--store', 'S1', '--run', 'cli-1', '--warehouse', db]);
    const lines = t.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SKU\s+商品/);
    expect(lines).toHaveLength(2 + 3 + 1);
    // The last line explains the quantities against the store's cash budget (S1 has ¥100).
    expect(lines.at(-1)).toMatch(/^订货合计 ¥[\d.]+，资金预算 ¥100\.00/);
    expect(t.out).toContain('酱油');
    const j = JSON.parse((await run(['restock', '--store', 'S1', '--run', 'cli-1', '--warehouse', db, '--format', 'json'])).out) as { suggestions: { sku: string; quantity: number }[] };
    expect(j.suggestions.map((s) => s.sku).sort()).toEqual(['K1', 'K2', 'K3']);
    const csv = (await run(['restock', '--store', 'S1', '--run', 'cli-1', '--warehouse', db, '--format', 'csv'])).out.trimEnd().split('\n');
    expect(csv[0]?.startsWith('sku,name_zh,name_en,pack_size,cash_budget,on_hand')).toBe(true);
    expect(csv).toHaveLength(4);
    await expect(run(['restock', '--store', 'NOPE', '--warehouse', db])).rejects.toThrow(/not found/);
  });

  it('forecast prints a village forecast with quantiles; the latest run by default', async () => {
    const csv = (await run(['forecast', '--village', 'V3', '--sku', 'K1', '--run', 'cli-1', '--warehouse', db, '--format', 'csv'])).out.trimEnd().split('\n');
    expect(csv[0]).toBe('sku,name_zh,day,h,mean,q50,q80,q90,q95,q99,model');
    expect(csv).toHaveLength(1 + 14);
    const cat = (await run(['forecast', '--village', 'V3', '--category', 'fresh', '--warehouse', db])).out;
    expect(cat).toContain('鸡蛋');
    expect(cat).not.toContain('酱油');
    await expect(run(['forecast', '--sku', 'K1', '--warehouse', db])).rejects.toThrow(/exactly one/);
  });

  it('backtest-restock prints the four policies and the acceptance lines', async () => {
    const r = await run(['backtest-restock', '--warehouse', db, '--weeks', '8', '--history', '56', '--sample', '20']);
    expect(r.out).toMatch(/true demand: observed sales/);
    for (const p of ['fill-rate 90%', 'fill-rate 95%', 'last period sales', 'min/max']) expect(r.out).toContain(p);
    expect(r.out).toMatch(/fill-rate 95%: fill \d+\.\d% \([+-]\d+\.\d points\)/);
  }, 60_000);

  it('backtest-restock --truth on a missing or empty folder: a coded bad argument, no SQL in the message', async () => {
    for (const truth of [join(dir, 'nonexistent'), dir]) {
      const err = await run(['backtest-restock', '--warehouse', db, '--weeks', '8', '--history', '56', '--sample', '5', '--truth', truth]).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/^--truth: /) });
      expect(String((err as Error).message)).not.toMatch(/SELECT|read_csv/);
    }
  }, 60_000);

  it('--plot writes the chart as SVG or PNG from the chart module, and refuses another extension before any work', async () => {
    const svg = join(dir, 'k1.svg');
    await run(['forecast', '--village', 'V1', '--sku', 'k1', '--warehouse', db, '--plot', svg]);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text.match(/<path/g)?.length).toBeGreaterThanOrEqual(4);
    const png = join(dir, 's1.png');
    await run(['restock', '--store', 'S1', '--warehouse', db, '--plot', png]);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    await expect(run(['restock', '--store', 'S1', '--warehouse', db, '--plot', join(dir, 'x.gif')])).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(run(['forecast', '--village', 'V1', '--warehouse', db, '--plot', svg])).rejects.toThrow(/--sku/);
  }, 60_000);
});
