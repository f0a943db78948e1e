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
    expect(fc.stderr).toMatch(/forecast 250 series x 7 steps \(season 7\)/);
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
});
