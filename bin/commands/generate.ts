import type { Command } from 'commander';
import { CodedError } from '../../pipelines/errors.ts';
import { generate, type FactKind, type GenerateOptions } from '../../pipelines/generate/index.ts';
import { DEFAULTS, FACT_KINDS } from '../../pipelines/generate/options.ts';

interface Flags {
  villages: string;
  skus: string;
  days: string;
  end: string;
  seed: string;
  out: string;
  format: string;
  gzip?: boolean;
  dirtyRate: string;
  truth?: boolean;
  kinds?: string;
  ordersOnly?: boolean;
  singleFile?: boolean;
  quiet?: boolean;
}

function num(name: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new CodedError('BAD_ARGUMENT', `--${name} must be a number, got '${text}'`);
  return v;
}

/** `rural-demand generate`: writes a synthetic export set (master data, monthly fact files, manifest). */
export function register(program: Command): void {
  program
    .command('generate')
    .description('Write realistic synthetic rural commerce exports (deterministic for a seed), with dirty rows')
    .requiredOption('--out <dir>', 'output directory')
    .option('--villages <n>', 'villages (one store each; about a third are service centres)', String(DEFAULTS.villages))
    .option('--skus <n>', 'SKUs in the catalogue', String(DEFAULTS.skus))
    .option('--days <n>', 'days of history ending on --end', String(DEFAULTS.days))
    .option('--end <date>', 'last day (YYYY-MM-DD)', DEFAULTS.end)
    .option('--seed <n>', 'random seed; same seed and options give byte-identical files', String(DEFAULTS.seed))
    .option('--format <fmt>', 'csv | jsonl | parquet', 'csv')
    .option('--gzip', 'gzip csv/jsonl files')
    .option('--dirty-rate <p>', 'share of fact rows broken on purpose (0 = clean)', String(DEFAULTS.dirtyRate))
    .option('--truth', 'also write latent (uncensored) shelf demand to <out>/truth/')
    .option('--kinds <list>', `fact files to write, comma-separated (${FACT_KINDS.join(',')})`)
    .option('--orders-only', 'only orders fact files (fast; for ingest benchmarks)')
    .option('--single-file', 'one file per fact kind for the whole span instead of one per month')
    .option('--quiet', 'no progress on stderr')
    .addHelpText('after', `
Writes DIR/geography|stores|products|sellers.<ext>, monthly orders|till|inventory|produce-YYYY-MM.<ext>,
DIR/manifest.json (rows and injected faults per file) and, with --truth, DIR/truth/truth-YYYY-MM.csv.
Examples:
  rural-demand generate --out data/inbox                                   # demo set, ~5 M rows
  rural-demand generate --out /tmp/big --villages 500 --days 600 --orders-only --single-file --dirty-rate 0
                                                                           # one ~6.9 M line orders.csv
  rural-demand generate --out /tmp/pipe --villages 1000 --days 730 --kinds till,inventory --dirty-rate 0`)
    .action(async (flags: Flags) => {
      let kinds: FactKind[] | undefined;
      if (flags.ordersOnly === true) kinds = ['orders'];
      else if (flags.kinds !== undefined) {
        kinds = flags.kinds.split(',').map((k) => k.trim()).filter((k) => k.length > 0) as FactKind[];
        const bad = kinds.find((k) => !FACT_KINDS.includes(k));
        if (bad !== undefined) throw new CodedError('BAD_ARGUMENT', `unknown kind '${bad}' in --kinds`);
      }
      const format = flags.format;
      if (format !== 'csv' && format !== 'jsonl' && format !== 'parquet') {
        throw new CodedError('BAD_ARGUMENT', `--format must be csv, jsonl or parquet, got '${format}'`);
      }
      const options: GenerateOptions = {
        out: flags.out,
        villages: num('villages', flags.villages),
        skus: num('skus', flags.skus),
        days: num('days', flags.days),
        end: flags.end,
        seed: num('seed', flags.seed),
        format,
        gzip: flags.gzip === true,
        dirtyRate: num('dirty-rate', flags.dirtyRate),
        truth: flags.truth === true,
        singleFile: flags.singleFile === true,
        ...(kinds === undefined ? {} : { kinds }),
      };
      const summary = await generate(options, flags.quiet === true ? undefined : (p) => {
        process.stderr.write(`generate: ${p.date} day ${p.day}/${p.days}, ${p.rows.toLocaleString('en')} rows\n`);
      });
      const totalRows = Object.values(summary.rowsByKind).reduce((a, b) => a + b, 0);
      process.stdout.write(`${JSON.stringify({
        out: summary.out, start: summary.start, end: summary.end, stores: summary.stores, skus: summary.skus,
        files: summary.files.length, rowsByKind: summary.rowsByKind, dirtyByKind: summary.dirtyByKind,
        seconds: Number(summary.seconds.toFixed(2)), rowsPerSecond: Math.round(totalRows / summary.seconds),
      }, null, 2)}\n`);
    });
}
