/**
 * Restock against known demand: generated data with its latent demand (`--truth`), the nightly
 * pipeline run as of each cut-off (just before Spring Festival 2026, 17 Feb, and in autumn), and
 * its forecasts and suggestions scored against the demand that came (pipelines/restock/truth-score.ts).
 * In the same run, the forecast stage with the earlier fixed-prior effects and with no effects: the baselines.
 * Data is cached under .bench-data/ (gitignored).
 *
 *   npm run bench:restock-truth -- [--villages 30] [--skus 300] [--days 1100] [--cutoffs 2025-10-31,2026-02-03]
 *                                  [--arms season,level-cv,no-effect-sd,evidence,normal,off,truth-effects] [--json FILE] [--write-docs]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runNightly } from '../jobs/nightly.ts';
import { Warehouse } from '../jobs/warehouse.ts';
import { runRestockStage } from '../pipelines/restock/stage.ts';
import { scoreAgainstTruth, type TruthScore } from '../pipelines/restock/truth-score.ts';
import { replaceSection } from './docs-section.ts';
import { truthData } from './truth-data.ts';

const { values: args } = parseArgs({ options: {
  villages: { type: 'string', default: '30' }, skus: { type: 'string', default: '300' }, days: { type: 'string', default: '1100' },
  end: { type: 'string', default: '2026-04-30' }, cutoffs: { type: 'string', default: '2025-10-31,2026-02-03' },
  json: { type: 'string' }, 'write-docs': { type: 'boolean' }, arms: { type: 'string' },
} });
const villages = Number(args.villages);
const skus = Number(args.skus);
const days = Number(args.days);
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const { gen, db } = await truthData({ villages, skus, days, end: args.end! }, log);

type Effects = 'season' | 'level-cv' | 'no-effect-sd' | 'evidence' | 'normal' | 'off' | 'truth-effects';
interface Arm { readonly cutoff: string; readonly effects: Effects; readonly score: TruthScore; readonly seconds: number }
const arms: Arm[] = [];
const wanted = new Set((args.arms ?? 'season,level-cv,no-effect-sd,evidence,normal,off,truth-effects').split(','));
const wh = await Warehouse.open(db);
try {
  for (const cutoff of args.cutoffs!.split(',')) {
    for (const effects of ['season', 'evidence', 'normal', 'off', 'truth-effects'] as const) {
      const restockArms = (['level-cv', 'no-effect-sd'] as const).filter((a) => wanted.has(a));
      if (!wanted.has(effects) && !(effects === 'season' && restockArms.length > 0)) continue;
      const runId = `truth-${cutoff}-${effects}`;
      const t0 = performance.now();
      await runNightly(wh, { asOf: cutoff, runId, events: effects !== 'off',
        ...(effects === 'evidence' || effects === 'normal' ? { eventShrinkage: effects, eventSeason: false } : {}),
        ...(effects === 'truth-effects' ? { eventTruthDir: join(gen, 'truth') } : {}),
        publishRoot: null, insights: false, resume: false, workers: 2 });
      const score = await scoreAgainstTruth(wh.connection, { runId, truthDir: join(gen, 'truth') });
      if (wanted.has(effects)) arms.push({ cutoff, effects, score, seconds: (performance.now() - t0) / 1000 });
      log(`${runId}: ${score.pairs} pairs, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      for (const arm of effects === 'season' ? restockArms : []) {
        // The same forecasts, restocked with the level uncertainty added or the effects' spread left out (RestockStageOptions).
        const t1 = performance.now();
        await runRestockStage(wh.connection, { runId, ...(arm === 'level-cv' ? { levelUncertainty: true } : { effectUncertainty: false }) });
        arms.push({ cutoff, effects: arm, score: await scoreAgainstTruth(wh.connection, { runId, truthDir: join(gen, 'truth') }), seconds: (performance.now() - t1) / 1000 });
      }
    }
  }
} finally {
  await wh.close();
}

const LABEL: Record<Effects, string> = { season: 'yearly season and calendar effects shrunk by their evidence (the default)', 'level-cv': 'the same forecasts, restocked with the level uncertainty added (levelUncertainty, off by default)', 'no-effect-sd': 'the same forecasts, restocked without the spread of their calendar multipliers (effectUncertainty: false; before 2026-12-08)', evidence: 'category calendar effects shrunk by their evidence, no yearly season, no per-product effects', normal: 'calendar effects under the earlier fixed prior, no yearly season (before this change)', off: 'calendar effects off', 'truth-effects': 'the default, its effects and seasons read from the true demand instead of the sales (a diagnostic: what censored sales cost the effects)' };
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const lines: string[] = [];
for (const a of arms) {
  const s = a.score;
  // Every group for the default; the baselines by target and mover only, to keep the page short.
  const full = a.effects === 'season';
  lines.push(`### As of ${a.cutoff}, ${LABEL[a.effects]}: ${s.pairs} store x SKU pairs`, '');
  lines.push(`Forecast mean over each pair's protection interval / true demand: ${(full ? s.mean : s.mean.slice(0, 1)).map((m) => `${m.group} ${m.ratio.toFixed(3)}`).join('; ')}`, '');
  lines.push(`Store-days at or below (strictly below) the stated quantile, h = 1..28: ${s.coverage.map((c) => `q${Math.round(c.level * 100)} ${pct(c.share)} (${pct(c.below)})`).join(', ')}; ${s.coverage[0]?.days ?? 0} days`, '');
  lines.push('| target | group | pairs | true fill at the order-up-to level | true fill at the position after the order | stated fill (at that position) |', '|---:|---|---:|---:|---:|---:|');
  for (const f of s.fill) if (full || ['all', 'slow movers', 'fast movers'].includes(f.group)) lines.push(`| ${pct(f.target)} | ${f.group} | ${f.pairs} | ${pct(f.trueFill)} | ${pct(f.positionFill)} | ${pct(f.statedFill)} |`);
  lines.push('');
}
const text = lines.join('\n');
process.stdout.write(`${text}\n`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ command: 'npm run bench:restock-truth', villages, skus, days, end: args.end, arms }, null, 2)}\n`);
if (args['write-docs']) {
  replaceSection('restock-truth', `## Restock against known demand (\`npm run bench:restock-truth -- --write-docs\`)

Generated data (seed 1, ${villages} villages x ${skus} SKUs x ${days} days to ${args.end}, no dirty rows) with the generator's
latent demand; the nightly pipeline as of each cut-off, and its output scored against the demand that came
(\`pipelines/restock/truth-score.ts\`). Targets: fill within 1 point of each store's target for slow and fast
movers and every category; mean within 3 % overall and 5 % per category; each quantile's share within 2 points
of its level. Beside the default, in the same command: the same forecasts restocked with the level uncertainty added (off by default) and without the spread of the calendar multipliers (on by default since 2026-12-08), the category effects alone (no yearly season, no per-product effects), the effects under the earlier fixed normal prior without it (the code before this section was added), no effects, and the default with its effects and seasons read from the true demand (a diagnostic no deployment has: the gap between it and the default is what the stock-outs hide from the effects).

${text}`);
}
