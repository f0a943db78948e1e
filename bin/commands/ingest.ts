import type { Command } from 'commander';
import { Warehouse, DEFAULT_WAREHOUSE } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { ingestPaths, type IngestSummary } from '../../pipelines/ingest/ingest.ts';
import { LAYOUTS, type FileKind } from '../../pipelines/ingest/layouts.ts';
import { loadMapping } from '../../pipelines/ingest/mapping.ts';
import { EXIT, reportOutcome } from '../cli/outcome.ts';
import { createProgress } from '../cli/progress.ts';
import { fmtInt, renderTable } from '../cli/table.ts';

export function register(program: Command): void {
  program
    .command('ingest')
    .description('Load order, till, stock and produce files (and master data) into the warehouse, each file exactly once.')
    .argument('<paths...>', 'files or folders (folders are walked; file names start with their kind, e.g. orders-2025-01.csv.gz)')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--kind <kind>', `kind of every file given (${Object.keys(LAYOUTS).join('|')}); default: from each file name`)
    .option('--mapping <file>', 'mapping file for a foreign export (see README: Bring your own logs)')
    .option('--now <time>', 'the clock for the "timestamp in the future" rule (ISO time; for replaying old exports)', process.env['RURAL_DEMAND_NOW'])
    .option('--json', 'print the summary as JSON on stdout instead of a table')
    .option('--quiet', 'no progress on stderr')
    .action(async (paths: string[], opts: { warehouse: string; kind?: string; mapping?: string; now?: string; json?: boolean; quiet?: boolean }) => {
      const now = opts.now === undefined ? undefined : new Date(opts.now);
      if (now !== undefined && Number.isNaN(now.getTime())) throw new CodedError('BAD_ARGUMENT', `--now is not a time: ${opts.now}`);
      if (opts.kind !== undefined && !(opts.kind in LAYOUTS)) throw new CodedError('BAD_ARGUMENT', `--kind must be one of ${Object.keys(LAYOUTS).join(', ')}`);
      const mapping = opts.mapping ? await loadMapping(opts.mapping) : undefined;
      const wh = await Warehouse.open(opts.warehouse);
      const progress = createProgress(process.stderr, opts.quiet);
      try {
        const summary = await ingestPaths(wh.connection, paths, {
          kind: opts.kind as FileKind | undefined,
          mapping,
          now,
          onEvent: (e) => {
            if (e.type === 'file-start') progress.update(e.index, e.files, e.path);
            if (e.type === 'file-done') {
              const r = e.result;
              progress.log(r.outcome === 'skipped'
                ? `skip  ${r.name}: ${r.message}`
                : `load  ${r.name}: ${fmtInt(r.read)} read = ${fmtInt(r.loaded)} loaded + ${fmtInt(r.rejected)} rejected (${r.seconds.toFixed(1)} s)`);
            }
            if (e.type === 'file-failed') progress.log(`FAIL  ${e.path}: ${e.error}`);
            if (e.type === 'ignored') progress.log(`skip  ${e.path}: ${e.reason}`);
          },
        });
        progress.done();
        process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryTable(summary));
        reportOutcome(ingestOutcome(summary));
      } finally {
        await wh.close();
      }
    });
}

/** Refused files first, then rejected rows, then "nothing new" (every file skipped as already loaded). */
export function ingestOutcome(s: IngestSummary): number {
  if (s.failed.length > 0) return EXIT.REFUSED;
  if (s.rejected > 0) return EXIT.PARTIAL;
  if (s.files.every((f) => f.outcome === 'skipped')) return EXIT.NOTHING_TO_DO;
  return EXIT.OK;
}

export function summaryTable(s: IngestSummary): string {
  const rows = s.files.map((f) => [
    f.name, f.kind, f.outcome, fmtInt(f.read), fmtInt(f.loaded), fmtInt(f.inserted), fmtInt(f.updated), fmtInt(f.duplicate), fmtInt(f.rejected),
  ]);
  for (const f of s.failed) rows.push([f.path, '', `failed: ${f.code}`, '', '', '', '', '', '']);
  for (const f of s.ignored ?? []) rows.push([f.path, '', `not read: ${f.reason}`, '', '', '', '', '', '']);
  rows.push(['total', '', '', fmtInt(s.read), fmtInt(s.loaded), '', '', '', fmtInt(s.rejected)]);
  const r = { align: 'right' as const };
  return renderTable(
    [{ title: 'file' }, { title: 'kind' }, { title: 'outcome' }, { title: 'read', ...r }, { title: 'loaded', ...r }, { title: 'new', ...r }, { title: 'updated', ...r }, { title: 'duplicate', ...r }, { title: 'rejected', ...r }],
    rows,
  ) + `loaded + rejected = read: ${s.loaded + s.rejected === s.read ? 'yes' : 'NO'}${s.failed.length > 0 ? `; ${s.failed.length} file(s) refused whole, nothing loaded from them` : ''}\n`;
}
