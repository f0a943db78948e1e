/**
 * The forecasting core's accuracy tables in docs/benchmarks.md (`npx tsx bench/accuracy.bench.ts
 * --write-docs`): M3 monthly and quarterly and carparts, test and validation splits, each variant
 * beside its reference in the same run. Only the THETA rows are quoted: they are the published M3 results.
 */
import type { Paired, Score } from './accuracy.bench.ts';

export interface Split { readonly validation: boolean; readonly back?: number }
export type RunSet = (set: string, variants: readonly string[], split: Split) => Promise<Score[]>;
export type PairSet = (set: string, a: string, b: string, split: Split) => Paired;

/** Published THETA on M3 (Makridakis & Hibon 2000; the data README): the targets. */
const THETA = { 'm3-monthly': { smape: 13.89, mase: 0.858 }, 'm3-quarterly': { smape: 8.96, mase: 1.087 } } as const;
const LABEL: Record<string, string> = { auto: '**auto** (mean of autoEts, autoTheta)', ets: 'autoEts alone', theta: 'autoTheta alone' };

const f = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '');
const n = (x: number): string => x.toLocaleString('en-US');

function m3Rows(set: 'm3-monthly' | 'm3-quarterly', scores: readonly Score[], h: number): string[] {
  const title = `M3 ${set === 'm3-monthly' ? 'monthly' : 'quarterly'} (${n(scores[0]!.series)}, h=${h})`;
  const rows = scores.map((s, i) => `| ${i === 0 ? title : ''} | ${LABEL[s.variant] ?? s.variant} | ${f(s.smape, 3)} | ${f(s.mase, 3)} | ${f(s.rmsse, 3)} | ${f(s.spl90, 3)} | ${f(s.coverage80, 1)} | ${f(s.coverage95, 1)} |`);
  rows.push(`| | THETA, published (target) | ${THETA[set].smape} | ${THETA[set].mase} | | | | |`);
  return rows;
}

function carpartsRow(label: string, s: Score, plain: boolean): string {
  return `| ${label} | ${f(s.mae, 4)} | ${f(s.rmsse, 4)} | ${f(s.spl90, 5)} | ${f(s.mase, 3)} | ${f(s.pit80, 1)} | ${f(s.pit95, 1)} | ${plain ? `${f(s.coverage80, 1)} / ${f(s.coverage95, 1)}` : ''} |`;
}

function pairedLine(label: string, p: Paired): string {
  const x = (v: number): string => v.toFixed(5);
  return `- ${label}: SPL@0.9 of ${p.b} minus ${p.a} ${x(p.diff)} (95 % paired bootstrap ${x(p.lo)} .. ${x(p.hi)}); ${p.b} lower on ${n(p.better)} series, higher on ${n(p.worse)}, equal on ${n(p.ties)}`;
}

export async function accuracyDocs(run: RunSet, pair: PairSet): Promise<string> {
  const test: Split = { validation: false };
  const validation: Split = { validation: true };
  const earlier: Split = { validation: true, back: 24 };
  const monthly = await run('m3-monthly', ['auto', 'ets', 'theta'], test);
  const quarterly = await run('m3-quarterly', ['auto', 'ets', 'theta'], test);
  const monthlyVal = await run('m3-monthly', ['auto'], validation);
  const quarterlyVal = await run('m3-quarterly', ['auto'], validation);
  const [cpAuto, cpSelect, cpRef] = await run('carparts', ['auto', 'auto-select', 'recent-mean'], test);
  const [valAuto, valRef] = await run('carparts', ['auto', 'recent-mean'], validation);
  const [earlyAuto, earlyRef] = await run('carparts', ['auto', 'recent-mean'], earlier);
  const pairs = [
    pairedLine('test', pair('carparts', 'recent-mean', 'auto', test)),
    pairedLine('validation', pair('carparts', 'recent-mean', 'auto', validation)),
    pairedLine('validation, 12 months earlier', pair('carparts', 'recent-mean', 'auto', earlier)),
  ];
  const mv = monthlyVal[0]!;
  const qv = quarterlyVal[0]!;
  return `### Accuracy and calibration on the test splits (\`npx tsx bench/accuracy.bench.ts --write-docs\`)
\`auto\` = \`autoForecast\` with default options. 80 % interval = [q0.1, q0.9], 95 % = [q0.025, q0.975], pooled over
every test value. For carparts (counts) coverage is the **randomized-PIT** coverage (docs/forecasting.md,
"Coverage of count forecasts"); the plain share inside whole-unit intervals is shown beside it.

| set | method | sMAPE | MASE | RMSSE | SPL@0.9 | cover 80 % | cover 95 % |
|---|---|---|---|---|---|---|---|
${[...m3Rows('m3-monthly', monthly, 18), ...m3Rows('m3-quarterly', quarterly, 8)].join('\n')}

Validation splits (\`--validation\`), auto: monthly sMAPE ${f(mv.smape, 3)}, coverage ${f(mv.coverage80, 1)} / ${f(mv.coverage95, 1)};
quarterly sMAPE ${f(qv.smape, 3)}, coverage ${f(qv.coverage80, 1)} / ${f(qv.coverage95, 1)}.

| carparts (${n(cpAuto!.series)} series, h=12) | MAE | RMSSE | SPL@0.9 | MASE | PIT cover 80 % | PIT cover 95 % | plain 80 % / 95 % |
|---|---|---|---|---|---|---|---|
${carpartsRow('**auto** (RecentMin; count quantiles)', cpAuto!, true)}
${carpartsRow("auto, `intermittent: 'select'` (RecentMin, TSB, ADIDA)", cpSelect!, false)}
${carpartsRow('reference: mean of the last 12 training months, empirical quantiles of those 12', cpRef!, true)}
${carpartsRow(`validation (${n(valAuto!.series)} series: the last 12 training months from fits on the rest): auto`, valAuto!, false)}
${carpartsRow('validation: reference', valRef!, false)}
${carpartsRow(`validation, 12 months earlier (${n(earlyAuto!.series)} series, \`--back 24\`): auto`, earlyAuto!, false)}
${carpartsRow('validation, 12 months earlier: reference', earlyRef!, false)}

Paired comparison on carparts (\`--paired recent-mean,auto\`, bootstrap over series):
${pairs.join('\n')}
`;
}
