import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { createProgress } from '../cli/progress.ts';
import { fmtInt } from '../cli/table.ts';
import { exampleIds, type ExampleIds } from '../../pipelines/lookup/catalogue.ts';
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
      const result = await (await import('../../jobs/main-job.ts')).runMainJob({
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
            if (i.type === 'ignored') progress.log(`skip  ${i.path}: ${i.reason}`);
          }
          if (e.type === 'progress') progress.log(e.message);
        },
      });
      progress.done();
      process.stdout.write(summaryTable(result.ingest));
      const n = result.current;
      process.stdout.write(`\nwarehouse: ${opts.warehouse}; forecast run ${n.runId} as of ${n.asOf}${result.nightly === null ? ' (kept: no new file since it)' : ''}; ${result.seconds.toFixed(1)} s in all\n`);
      process.stdout.write(nextSteps(await firstStore(opts.warehouse, n.runId)));
    });
}

/** Real ids from the run just made, so every hint below runs as printed. */
async function firstStore(warehouse: string, runId: string): Promise<ExampleIds | undefined> {
  const wh = await Warehouse.open(warehouse);
  try {
    return await exampleIds(wh.connection, runId);
  } finally {
    await wh.close();
  }
}

function nextSteps(example: ExampleIds | undefined): string {
  const store = example?.store ?? 'STORE_ID';
  const village = example?.village ?? 'VILLAGE_ID';
  const sku = example?.sku ?? 'SKU';
  return `
Next, look at the results:
  npx rural-demand restock --store ${store} --lang en    what to order today, how many, and why (--lang zh: 中文)
  npx rural-demand stores                                every store's id, name, village and county (also: villages, products, categories; --search TEXT)
  npx rural-demand forecast --village ${village} --sku ${sku}   the forecast with its quantiles
  npx rural-demand backtest-restock                      replay: fill rate and stock vs naive policies
  npx rural-demand rejects --summary                     rows that were not loaded, and why
Snapshots for readers (Parquet + manifest): data/snapshots/LATEST
`;
}
