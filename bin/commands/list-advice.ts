import type { Command } from 'commander';
import { DEFAULT_WAREHOUSE, Warehouse } from '../../jobs/warehouse.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { resolveRunId } from '../../pipelines/forecast-stage/runs.ts';
import { listingAdvice } from '../../pipelines/produce/read.ts';
import { ADVICE_WEEKS } from '../../pipelines/produce/stage.ts';
import { checkFormat, printRows, toPlain, type Row } from '../cli/output.ts';

interface Flags { seller: string; weeks: string; lang: string; run?: string; warehouse: string; format: string }

/** `rural-demand list-advice --seller S`: what a farmer or co-op should list in the coming weeks. */
export function register(program: Command): void {
  program
    .command('list-advice')
    .description('What a produce seller should list over the next 4-8 weeks, ranked, with expected kg, price, competition and why')
    .requiredOption('--seller <id>', 'seller id')
    .option('--weeks <n>', `weeks ahead (${ADVICE_WEEKS.join(', ')})`, '6')
    .option('--lang <lang>', 'zh | en', 'zh')
    .option('--run <id>', 'run id (default: latest finished run)')
    .option('--warehouse <file>', 'DuckDB warehouse file', DEFAULT_WAREHOUSE)
    .option('--format <fmt>', 'table | csv | json', 'table')
    .action(async (flags: Flags) => {
      const format = checkFormat(flags.format);
      const weeks = Number(flags.weeks);
      if (!(ADVICE_WEEKS as readonly number[]).includes(weeks)) throw new CodedError('BAD_ARGUMENT', `--weeks must be one of ${ADVICE_WEEKS.join(', ')}, got '${flags.weeks}'`);
      if (flags.lang !== 'zh' && flags.lang !== 'en') throw new CodedError('BAD_ARGUMENT', `--lang must be zh or en, got '${flags.lang}'`);
      const wh = await Warehouse.open(flags.warehouse);
      try {
        const runId = await resolveRunId(wh.connection, flags.run);
        const rows: Row[] = (await listingAdvice(wh.connection, runId, flags.seller, weeks))
          .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toPlain(v)])));
        const zh = flags.lang === 'zh';
        printRows(format, rows, [
          { key: 'rank', title: zh ? '排名' : 'rank', align: 'right' }, { key: zh ? 'name_zh' : 'name_en', title: zh ? '品种' : 'item' },
          { key: 'expected_kg', title: zh ? '可卖公斤' : 'kg for you', align: 'right', digits: 0 },
          { key: 'expected_price', title: zh ? '元/公斤' : '¥/kg', align: 'right', digits: 2 },
          { key: 'expected_revenue', title: zh ? '预计收入¥' : 'revenue ¥', align: 'right', digits: 0 },
          { key: 'competitors', title: zh ? '附近卖家' : 'rivals', align: 'right' },
          { key: zh ? 'reason_zh' : 'reason_en', title: zh ? '为什么' : 'why' },
        ], { runId, seller: flags.seller, weeks });
      } finally {
        await wh.close();
      }
    });
}
