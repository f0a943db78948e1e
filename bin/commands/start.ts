import type { Command } from 'commander';
import { runMainJob } from '../../jobs/main-job.ts';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { createProgress } from '../cli/progress.ts';
import { fmtInt } from '../cli/table.ts';
import { literal } from '../../pipelines/warehouse/sql.ts';
import { summaryTable } from './ingest.ts';

export function register(program: Command): void {
  program
    .command('start')
    .description('The main job on the embedded default: generate demo data if the inbox is empty, ingest the inbox into the warehouse, run every pipeline, and say where to look.')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--inbox <dir>', 'folder of export files to ingest', 'data/inbox')
    .option('--no-generate', 'do not generate demo data when the inbox is empty')
    .option('--seed <n>', 'seed of the generated demo data', '1')
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: { warehouse: string; inbox: string; generate: boolean; seed: string; quiet?: boolean }) => {
      const progress = createProgress(process.stderr, opts.quiet);
      const result = await runMainJob({
        warehouse: opts.warehouse,
        inbox: opts.inbox,
        generateIfEmpty: opts.generate,
        seed: Number(opts.seed),
        onEvent: (e) => {
          if (e.type === 'generating') progress.log(`inbox is empty: generating the demo data set into ${e.dir} ...`);
          if (e.type === 'generated') progress.log(`generated ${fmtInt(Object.values(e.summary.rowsByKind).reduce((a, b) => a + b, 0))} rows in ${e.summary.seconds.toFixed(1)} s`);
          if (e.type === 'ingest') {
            const i = e.event;
            if (i.type === 'file-start') progress.update(i.index, i.files, i.path);
            if (i.type === 'file-failed') progress.log(`FAIL  ${i.path}: ${i.error}`);
          }
          if (e.type === 'progress') progress.log(e.message);
        },
      });
      progress.done();
      process.stdout.write(summaryTable(result.ingest));
      const n = result.nightly;
      process.stdout.write(`\nwarehouse: ${opts.warehouse}; forecast run ${n.runId} as of ${n.asOf}; ${result.seconds.toFixed(1)} s in all\n`);
      process.stdout.write(nextSteps(await firstStore(opts.warehouse, n.runId)));
    });
}

/** A store and its village with suggestions in the latest run, to show a runnable example. */
async function firstStore(warehouse: string, runId: string): Promise<{ store: string; village: string; sku: string } | undefined> {
  const wh = await Warehouse.open(warehouse);
  try {
    const row = (await wh.connection.runAndReadAll(`SELECT r.store_id, s.village_id, r.sku FROM restock_suggestions r JOIN stores s USING (store_id)
      WHERE r.run_id = ${literal(runId)} AND r.quantity > 0
      ORDER BY r.store_id, r.cash_needed DESC LIMIT 1`)).getRows()[0];
    return row ? { store: String(row[0]), village: String(row[1]), sku: String(row[2]) } : undefined;
  } finally {
    await wh.close();
  }
}

function nextSteps(example: { store: string; village: string; sku: string } | undefined): string {
  const store = example?.store ?? 'STORE_ID';
  const village = example?.village ?? 'VILLAGE_ID';
  const sku = example?.sku ?? 'SKU';
  return `
Next, look at the results:
  npx rural-demand restock --store ${store}              what to order today, how many, and why (--lang en)
  npx rural-demand forecast --village ${village} --sku ${sku}   the forecast with its quantiles
  npx rural-demand backtest-restock                      replay: fill rate and stock vs naive policies
  npx rural-demand rejects --summary                     rows that were not loaded, and why
Snapshots for readers (Parquet + manifest): data/snapshots/LATEST
`;
}
