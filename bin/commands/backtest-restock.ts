import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { backtestWarehouse } from '../../pipelines/restock/warehouse-backtest.ts';
import type { WarehouseBacktestResult } from '../../pipelines/restock/warehouse-backtest.ts';
import { renderTable } from '../cli/table.ts';

interface Flags {
  warehouse: string;
  weeks: string;
  history: string;
  sample: string;
  targets: string;
  truth?: string;
  forecaster: string;
  seed: string;
  format: string;
}

function int(name: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v)) throw new CodedError('BAD_ARGUMENT', `--${name} must be an integer, got '${text}'`);
  return v;
}

/** Acceptance lines: fill within 2 points of target; less stock than min/max at equal or better fill. */
export function verdicts(r: WarehouseBacktestResult): string[] {
  const minMax = r.policies.find((p) => p.policy === 'min/max');
  const out: string[] = [];
  for (const p of r.policies) {
    const m = /^fill-rate ([\d.]+)%$/.exec(p.policy);
    if (!m) continue;
    const target = Number(m[1]) / 100;
    const gap = (p.fillRate - target) * 100;
    out.push(`${p.policy}: fill ${(p.fillRate * 100).toFixed(1)}% (${gap >= 0 ? '+' : ''}${gap.toFixed(1)} points) ${Math.abs(gap) <= 2 ? 'within' : 'OUTSIDE'} 2 points of target`);
    if (minMax) {
      const better = p.averageInventory < minMax.averageInventory;
      const fillOk = p.fillRate >= minMax.fillRate - 1e-9;
      out.push(`${p.policy} vs min/max: inventory ${p.averageInventory.toFixed(2)} vs ${minMax.averageInventory.toFixed(2)} units/pair-day (${better ? 'lower' : 'NOT lower'}), fill ${(p.fillRate * 100).toFixed(1)}% vs ${(minMax.fillRate * 100).toFixed(1)}% (${fillOk ? 'equal or better' : 'worse'})`);
    }
    const eq = r.minMaxAtEqualFill.find((x) => x.policy === p.policy);
    if (eq) {
      out.push(eq.summary === null
        ? `${p.policy} vs min/max at equal fill: min/max cannot reach ${(p.fillRate * 100).toFixed(1)}% even at z = ${eq.z}`
        : `${p.policy} vs min/max at equal fill (z = ${eq.z.toFixed(2)}): inventory ${p.averageInventory.toFixed(2)} vs ${eq.summary.averageInventory.toFixed(2)} units/pair-day (${p.averageInventory < eq.summary.averageInventory ? 'lower' : 'NOT lower'}), ¥${p.averageInventoryValue.toFixed(1)} vs ¥${eq.summary.averageInventoryValue.toFixed(1)} at cost`);
    }
  }
  return out;
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-';
}

export function renderBacktest(r: WarehouseBacktestResult): string {
  const head = `Restock backtest ${r.from} .. ${r.to}, ${r.pairs} store x SKU pairs, true demand: ${r.truth}, forecaster: ${r.forecaster}\n\n`;
  const table = renderTable(
    [
      { title: 'policy' }, { title: 'fill rate', align: 'right' }, { title: 'stock-out days', align: 'right' },
      { title: 'avg inventory (units)', align: 'right' }, { title: 'avg inventory (¥ at cost)', align: 'right' },
      { title: 'waste (units)', align: 'right' }, { title: 'waste / ordered', align: 'right' },
      { title: 'fill, shelf life > 30 d', align: 'right' }, { title: 'fill, fresh (<= 30 d)', align: 'right' },
    ],
    [...r.policies, ...r.minMaxAtEqualFill.flatMap((x) => (x.summary ? [{ ...x.summary, policy: `min/max, fill of ${x.policy}` }] : []))].map((p) => [
      p.policy, `${(p.fillRate * 100).toFixed(1)}%`, `${(p.stockoutDayShare * 100).toFixed(1)}%`, p.averageInventory.toFixed(2),
      p.averageInventoryValue.toFixed(1), p.wasteUnits.toFixed(0), `${(p.wasteShare * 100).toFixed(1)}%`,
      pct(p.fillRateDurable), `${pct(p.fillRatePerishable)} (${p.perishablePairs} pairs)`,
    ]),
  );
  return `${head}${table}\n${verdicts(r).join('\n')}\n`;
}

/** `rural-demand backtest-restock`: replays the last weeks of the warehouse under four policies. */
export function register(program: Command): void {
  program
    .command('backtest-restock')
    .description('Replay recent weeks: our fill-rate policy vs last-period sales and min/max, per store policy')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--weeks <n>', 'weeks replayed at the end of the data', '16')
    .option('--history <days>', 'days of history the policies see before the replay', '112')
    .option('--sample <n>', 'store x SKU pairs sampled', '300')
    .option('--targets <list>', 'fill-rate targets, comma-separated', '0.9,0.95')
    .option('--truth <dir>', 'generator truth folder (generate --truth writes <out>/truth/); default: uncensored observed sales')
    .option('--forecaster <f>', 'ma (moving average, fast) | core (automatic forecasting core) | stage (as the nightly forecast stage routes)', 'ma')
    .option('--seed <n>', 'sample seed', '1')
    .option('--format <fmt>', 'table | json', 'table')
    .action(async (flags: Flags) => {
      if (flags.format !== 'table' && flags.format !== 'json') throw new CodedError('BAD_ARGUMENT', `--format must be table or json, got '${flags.format}'`);
      if (flags.forecaster !== 'ma' && flags.forecaster !== 'core' && flags.forecaster !== 'stage') throw new CodedError('BAD_ARGUMENT', `--forecaster must be ma, core or stage, got '${flags.forecaster}'`);
      const targets = flags.targets.split(',').map((t) => Number(t.trim()));
      const wh = await Warehouse.open(flags.warehouse);
      try {
        const r = await backtestWarehouse(wh.connection, {
          weeks: int('weeks', flags.weeks),
          historyDays: int('history', flags.history),
          sample: int('sample', flags.sample),
          targets,
          seed: int('seed', flags.seed),
          forecaster: flags.forecaster,
          ...(flags.truth === undefined ? {} : { truthDir: flags.truth }),
          onProgress: (m) => process.stderr.write(`${m}\n`),
        });
        process.stdout.write(flags.format === 'json' ? `${JSON.stringify({ ...r, verdicts: verdicts(r) }, null, 2)}\n` : renderBacktest(r));
      } finally {
        await wh.close();
      }
    });
}
