import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));

describe('rural-demand forecast-file and evaluate (real CLI, child process)', () => {
  it('forecasts 250 daily series through the worker pool and scores them', async () => {
    // 250 series is above the pool threshold, so this also runs the tsx-registering worker bootstrap.
    const rows = ['series_id,date,value'];
    const actual = ['series_id,date,value'];
    for (let s = 0; s < 250; s++) {
      for (let d = 0; d < 70; d++) {
        const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        const v = s % 2 === 0 ? 5 + (d % 7 === 5 ? 4 : 0) + (s % 3) : (d * 7 + s) % 5 === 0 ? 2 : 0;
        (d < 63 ? rows : actual).push(`p${s},${date},${v}`);
      }
    }
    const input = join(dir, 'daily.csv');
    const truth = join(dir, 'truth.csv');
    const out = join(dir, 'fc.csv');
    writeFileSync(input, `${rows.join('\n')}\n`);
    writeFileSync(truth, `${actual.join('\n')}\n`);
    const fc = await run('node', ['bin/rural-demand.js', 'forecast-file', '--input', input, '--horizon', '7', '--quantiles', '0.1,0.5,0.9', '--output', out]);
    expect(fc.stderr).toMatch(/forecast 250 series x 7 steps \(season 7, model auto\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('series_id,h,date,mean,q0.1,q0.5,q0.9,model');
    expect(lines).toHaveLength(1 + 250 * 7);
    expect(lines[1]!.startsWith('p0,1,2026-03-05,')).toBe(true);
    // Count data: whole, non-negative quantiles.
    for (const l of lines.slice(1)) {
      const q = l.split(',').slice(4, 7).map(Number);
      for (const v of q) expect(Number.isInteger(v) && v >= 0).toBe(true);
    }
    const ev = await run('node', ['bin/rural-demand.js', 'evaluate', '--forecasts', out, '--actuals', truth, '--train', input, '--json']);
    const e = JSON.parse(ev.stdout) as { series: number; coverage: Record<string, number> };
    expect(e.series).toBe(250);
    expect(e.coverage['80%']).toBeGreaterThan(50);
  });

  it('exits 64 with a coded error for a bad horizon', async () => {
    const input = join(dir, 'one.csv');
    writeFileSync(input, 'series_id,t,value\na,1,1\n');
    const err = await run('node', ['bin/rural-demand.js', 'forecast-file', '--input', input, '--horizon', '0']).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(64);
    expect((err as { stderr: string }).stderr).toMatch(/BAD_ARGUMENT/);
  });
  it('runs the global model with a calendar and prices, and leaves a short series to the core', async () => {
    // 30 series over 400 days whose demand doubles on market days (every 5th day) and when the price is cut;
    // the calendar and prices run 14 days past the history, which holds one cut.
    const rows = ['series_id,t,value'];
    const cal = ['t,market'];
    const prices = ['series_id,t,price'];
    const cut = (t: number): boolean => t % 60 >= 50 || t > 407;
    let x = 1;
    const noise = (): number => ((x = (x * 48271) % 2147483647) / 2147483647) * 2 - 1;
    for (let t = 1; t <= 414; t++) cal.push(`${t},${t % 5 === 0 ? 1 : 0}`);
    for (let s = 0; s < 30; s++) {
      for (let t = 1; t <= 414; t++) {
        prices.push(`p${s},${t},${cut(t) ? 7 : 10}`);
        const mean = (2 + (s % 4)) * (t % 5 === 0 ? 2 : 1) * (cut(t) ? 2 : 1);
        if (t <= 400) rows.push(`p${s},${t},${Math.max(0, Math.round(mean + noise() * Math.sqrt(mean)))}`);
      }
    }
    rows.push('short,399,1', 'short,400,2');
    const input = join(dir, 'pooled.csv');
    const calendar = join(dir, 'calendar.csv');
    const priceFile = join(dir, 'prices.csv');
    const out = join(dir, 'pooled-fc.csv');
    writeFileSync(input, `${rows.join('\n')}\n`);
    writeFileSync(calendar, `${cal.join('\n')}\n`);
    writeFileSync(priceFile, `${prices.join('\n')}\n`);
    const args = ['bin/rural-demand.js', 'forecast-file', '--input', input, '--horizon', '14', '--season', '7', '--calendar', calendar, '--prices', priceFile];
    const fc = await run('node', [...args, '--model', 'global', '--output', out]);
    expect(fc.stderr).toMatch(/forecast 31 series x 14 steps \(season 7, model global\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const p0 = lines.filter((c) => c[0] === 'p0');
    expect(p0.every((c) => c.at(-1) === 'Global')).toBe(true);
    const mean = (h: number): number => Number(p0[h - 1]![2]);
    // t = 405 (h 5) is a market day at the old price, t = 410 (h 10) a market day at the cut price.
    expect(mean(5) / mean(4)).toBeGreaterThan(1.6);
    expect(mean(10) / mean(5)).toBeGreaterThan(1.5);
    expect(lines.find((c) => c[0] === 'short')!.at(-1)).not.toBe('Global');
    const bad = await run('node', [...args, '--model', 'auto']).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(64);
    expect((bad as { stderr: string }).stderr).toMatch(/--calendar and --prices need --model global or combined/);
  });
});
