import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register as registerEvaluate } from '../../bin/commands/evaluate.ts';
import { register as registerForecast } from '../../bin/commands/forecast-file.ts';

function program(): Command {
  const p = new Command('rural-demand').exitOverride();
  registerForecast(p);
  registerEvaluate(p);
  return p;
}

async function run(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (chunks.push(s), true)) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await program().parseAsync(['node', 'rural-demand', ...args]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
  return chunks.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'forecast-file-'));

describe('forecast-file command', () => {
  it('forecasts an indexed long CSV: one row per series and step, missing values allowed', async () => {
    const rows = ['series_id,t,value'];
    for (let t = 1; t <= 24; t++) rows.push(`a,${t},${10 + (t % 4)}`);
    for (let t = 1; t <= 24; t++) rows.push(`b,${t},0`);
    rows.push('c,1,5', 'c,2,', 'c,3,5');
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, `${rows.join('\n')}\n`);
    await run(['forecast-file', '--input', input, '--horizon', '3', '--season', '4', '--quantiles', '0.5,0.9', '--output', output]);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('series_id,h,mean,q0.5,q0.9,model');
    expect(lines).toHaveLength(1 + 3 * 3);
    expect(lines.filter((l) => l.startsWith('b,'))).toEqual(['b,1,0,0,0,Zero', 'b,2,0,0,0,Zero', 'b,3,0,0,0,Zero']);
    expect(lines.filter((l) => l.startsWith('c,'))[0]).toBe('c,1,5,5,5,Constant');
    const a = lines.filter((l) => l.startsWith('a,')).map((l) => l.split(','));
    for (const r of a) expect(Number(r[3])).toBeLessThanOrEqual(Number(r[4]));
  });

  it('adds a date column for dated input and infers the monthly step', async () => {
    const rows = ['series_id,date,value'];
    for (let m = 0; m < 30; m++) rows.push(`x,${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01,${20 + (m % 3)}`);
    const input = join(dir, 'dated.csv');
    writeFileSync(input, `${rows.join('\n')}\n`);
    const out = await run(['forecast-file', '--input', input, '--horizon', '2', '--quantiles', '0.5']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('series_id,h,date,mean,q0.5,model');
    expect(lines[1]!.startsWith('x,1,2022-07,')).toBe(true);
    expect(lines[2]!.startsWith('x,2,2022-08,')).toBe(true);
  });
});

describe('evaluate command', () => {
  it('scores forecasts against actuals with the history taken from --train', async () => {
    // History 1,3,2,6 (naive |d| mean 7/3, d^2 mean 7); actuals 10,20; forecasts 12,15 (see metrics test).
    const train = join(dir, 'train.csv');
    const actuals = join(dir, 'actuals.csv');
    const forecasts = join(dir, 'fc.csv');
    writeFileSync(train, 'series_id,t,value\ns,1,1\ns,2,3\ns,3,2\ns,4,6\n');
    writeFileSync(actuals, 'series_id,t,value\ns,5,10\ns,6,20\n');
    writeFileSync(forecasts, 'series_id,h,mean,q0.1,q0.9\ns,1,12,9,12\ns,2,15,11,21\n');
    const out = await run(['evaluate', '--forecasts', forecasts, '--actuals', actuals, '--train', train, '--json']);
    const e = JSON.parse(out) as { smape: number; mase: number; rmsse: number; pinball: Record<string, number>; coverage: Record<string, number> };
    expect(e.smape).toBeCloseTo((400 / 22 + 1000 / 35) / 2, 9);
    expect(e.mase).toBeCloseTo(1.5, 9);
    expect(e.rmsse).toBeCloseTo(Math.sqrt(14.5 / 7), 9);
    // q0.9 = 12, 21: errors -2, -1 -> pinball 0.2, 0.1 -> mean 0.15 over 7/3.
    expect(e.pinball['0.9']).toBeCloseTo(0.15 / (7 / 3), 9);
    // 10 in [9, 12], 20 in [11, 21]: both inside the 80 % interval.
    expect(e.coverage['80%']).toBe(100);
    // Without --train the last H actuals are the test and the rest the history: same figures.
    const full = join(dir, 'full.csv');
    writeFileSync(full, 'series_id,t,value\ns,1,1\ns,2,3\ns,3,2\ns,4,6\ns,5,10\ns,6,20\n');
    const out2 = await run(['evaluate', '--forecasts', forecasts, '--actuals', full, '--json']);
    expect(JSON.parse(out2)).toEqual(e);
  });
});
