import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { readFileSync } from 'node:fs';
import { parseRules } from '../../pipelines/disclosure/index.ts';
import { CodedError } from '../../pipelines/errors.ts';

interface Flags {
  warehouse: string;
  runId?: string;
  asOf?: string;
  horizon: string;
  history: string;
  method: string;
  censoring: string;
  routing: string;
  workers: string;
  publish: string | false;
  keep: string;
  fullRefresh?: boolean;
  disclosure?: string;
}

function int(name: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v)) throw new CodedError('BAD_ARGUMENT', `--${name} must be an integer, got '${text}'`);
  return v;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CodedError('BAD_ARGUMENT', `--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** `rural-demand run`: the nightly chain on the warehouse, in this process. */
export function register(program: Command): void {
  program
    .command('run')
    .description('Nightly run: refresh demand, forecast and reconcile, restock suggestions, order-channel forecasts per village, publish a snapshot, prune old ones')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--run-id <id>', 'run id (a retried run with the same id redoes only what did not finish)')
    .option('--as-of <date>', 'last day of history (default: latest day with demand)')
    .option('--horizon <days>', 'days ahead, 7..56', '28')
    .option('--history <days>', 'days of history the models fit on', '182')
    .option('--method <m>', 'reconciliation: mint-shrink | wls-var | bottom-up', 'mint-shrink')
    .option('--censoring <c>', 'stock-out days: uncensor | missing | ignore', 'uncensor')
    .option('--routing <r>', 'routed (fast models for intermittent series) | full (the whole core for every series)', 'routed')
    .option('--workers <n>', 'worker threads for the forecasting core', '2')
    .option('--publish <dir>', 'snapshot folder', 'data/snapshots')
    .option('--no-publish', 'skip publish and prune')
    .option('--keep <n>', 'snapshots kept by prune', '7')
    .option('--full-refresh', 'rebuild demand_daily from scratch')
    .option('--disclosure <file>', 'JSON of brand disclosure rules: minStores, minCustomers, dominanceShare, pPercent, protection')
    .action(async (flags: Flags) => {
      // Read and checked before the warehouse opens, so a bad file costs no work.
      let disclosure;
      if (flags.disclosure !== undefined) {
        let text: string;
        try {
          text = readFileSync(flags.disclosure, 'utf8');
        } catch (err) {
          throw new CodedError('BAD_ARGUMENT', `--disclosure: cannot read ${flags.disclosure}`, { cause: err });
        }
        disclosure = parseRules(text);
      }
      const wh = await Warehouse.open(flags.warehouse);
      try {
        // The pipelines load here, after the arguments are checked: other commands need not pay for them.
        const { runNightly } = await import('../../jobs/nightly.ts');
        const r = await runNightly(wh, {
          ...(flags.runId === undefined ? {} : { runId: flags.runId }),
          ...(flags.asOf === undefined ? {} : { asOf: flags.asOf }),
          horizon: int('horizon', flags.horizon),
          historyDays: int('history', flags.history),
          method: oneOf('method', flags.method, ['mint-shrink', 'wls-var', 'bottom-up'] as const),
          censoring: oneOf('censoring', flags.censoring, ['uncensor', 'missing', 'ignore'] as const),
          routing: oneOf('routing', flags.routing, ['routed', 'full'] as const),
          workers: int('workers', flags.workers),
          publishRoot: flags.publish === false ? null : flags.publish,
          keep: int('keep', flags.keep),
          fullRefresh: flags.fullRefresh === true,
          ...(disclosure ? { disclosure } : {}),
          onProgress: (m) => process.stderr.write(`${m}\n`),
        });
        process.stdout.write(`${JSON.stringify({
          runId: r.runId,
          asOf: r.asOf,
          steps: r.steps,
          demand: { mode: r.demand.mode, rows: r.demand.rows },
          forecast: r.forecast && { storeSeries: r.forecast.storeSeries, seriesForecast: r.forecast.seriesForecast, rows: r.forecast.rows, engine: r.forecast.engine, reconcile: r.forecast.reconcile, timings: r.forecast.timings },
          restock: { suggestions: r.restock.suggestions, ordering: r.restock.ordering, cashNeeded: Math.round(r.restock.cashNeeded * 100) / 100 },
          orders: { series: r.orders.series, rows: r.orders.rows, engine: r.orders.engine },
        }, null, 2)}\n`);
      } finally {
        await wh.close();
      }
    });
}
