/**
 * Why brand insights keep their sales lines in a scratch file and compare ids by MD5, measured on
 * bench:pipeline's warehouse (generated and ingested once into .bench-data/):
 * - the brand lines as TEMP tables (memory and spill DuckDB reports) against the scratch file (its
 *   size), and one grouping the cubes run (atom x store sums) read from each;
 * - distinct receipt keys against their distinct DuckDB hash() and MD5 values;
 * - a store's day in the default zone by ICU's conversion against the arithmetic localDay uses.
 *
 *   npm run bench:brand-lines -- [--villages 1000] [--write-docs]
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Warehouse } from '../jobs/warehouse.ts';
import { localDay } from '../pipelines/demand/cells-sql.ts';
import { createBrandLines, insightWindow, lastSalesDay } from '../pipelines/insights/brand-lines.ts';
import { TEMP_SCRATCH, withScratchFile, type Scratch } from '../pipelines/insights/scratch.ts';
import { replaceSection } from './docs-section.ts';
import { pipelineData } from './pipeline-data.ts';

const { values: args } = parseArgs({ options: { villages: { type: 'string', default: '1000' }, 'write-docs': { type: 'boolean', default: false } } });
if (args['write-docs'] && args.villages !== '1000') throw new Error('--write-docs writes the 1,000-village run');
const log = (m: string): boolean => process.stderr.write(`${m}\n`);
const prep = await pipelineData({ villages: Number(args.villages), skus: 300, days: 730 }, log);
const wh = await Warehouse.open(prep.db);
const conn = wh.connection;
const first = async (sql: string): Promise<unknown[]> => (await conn.runAndReadAll(sql)).getRows()[0] ?? [];
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await f();
  return [r, (performance.now() - t) / 1000];
};
const gb = (b: unknown): string => `${(Number(b) / 1e9).toFixed(2)} GB`;
const asOf = await lastSalesDay(conn);
if (asOf === null) throw new Error('the bench warehouse holds no sales');
const w = insightWindow(asOf);
const GROUP = (t: string): string => `CREATE OR REPLACE TEMP TABLE bench_sa AS
  SELECT county_id, province_id, yr, month, category, brand, store_id, sum(value) AS v, sum(units) AS u FROM ${t} GROUP BY ALL`;

async function linesIn(s: Scratch): Promise<{ lines: number; create: number; group: number }> {
  const [lines, create] = await timed(() => createBrandLines(conn, w, s));
  const [, group] = await timed(() => conn.run(GROUP(s.table('brand_lines'))));
  return { lines, create, group };
}

log('brand lines in TEMP tables');
const temp = await linesIn(TEMP_SCRATCH);
const mem = await first(`SELECT sum(memory_usage_bytes) FILTER (WHERE tag = 'IN_MEMORY_TABLE'), sum(temporary_storage_bytes) FROM duckdb_memory()`);
await conn.run('DROP TABLE brand_lines');
log('brand lines in a scratch file');
const file = `${prep.db}.bench-scratch`;
const inFile = await withScratchFile(conn, file, async (s) => {
  const r = await linesIn(s);
  await conn.run('CHECKPOINT insights_scratch');
  return { ...r, bytes: statSync(file).size };
});
log('receipt keys and days');
const key = `'r:' || store_id || ':' || receipt_id`;
const keys = await first(`SELECT count(DISTINCT ${key}), count(DISTINCT hash(${key})), count(DISTINCT md5_number(${key})) FROM till_lines`);
const [icuDays, icu] = await timed(() => first(`SELECT count(*), min(d), max(d) FROM (SELECT (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE AS d FROM till_lines)`));
const [, arith] = await timed(() => first(`SELECT count(*), min(d), max(d) FROM (SELECT ${localDay('sold_at')} AS d FROM till_lines)`));
const differ = await first(`SELECT count(*) FILTER (WHERE (sold_at AT TIME ZONE 'Asia/Shanghai')::DATE <> ${localDay('sold_at')}) FROM till_lines`);
await conn.run('DROP TABLE IF EXISTS bench_sa');
await wh.close();

const ratio = (a: number, b: number): string => (a / b).toFixed(2);
const body = `## Brand lines: TEMP tables against a scratch file, and the keys they hold (\`npm run bench:brand-lines -- --write-docs\`)

On bench:pipeline's 1,000-village warehouse, ${temp.lines.toLocaleString('en-US')} brand lines (the two years of the insight window).
"Grouping" is the atom x store sums every cube starts from.

| | TEMP tables (baseline) | scratch file | ratio |
|---|---:|---:|---:|
| creating the lines | ${temp.create.toFixed(1)} s | ${inFile.create.toFixed(1)} s | ${ratio(inFile.create, temp.create)} |
| grouping them | ${temp.group.toFixed(1)} s | ${inFile.group.toFixed(1)} s | ${ratio(inFile.group, temp.group)} |
| held | ${gb(mem[0])} in memory + ${gb(mem[1])} spilled | ${gb(inFile.bytes)} file | |

Receipt keys in till_lines: ${Number(keys[0]).toLocaleString('en-US')} distinct; their DuckDB \`hash()\` values
${Number(keys[1]).toLocaleString('en-US')} distinct; their MD5 values ${Number(keys[2]).toLocaleString('en-US')} distinct.

A till line's day in the default zone, ${Number(icuDays[0]).toLocaleString('en-US')} lines: ICU's conversion (baseline)
${icu.toFixed(1)} s, localDay's arithmetic ${arith.toFixed(1)} s (ratio ${ratio(arith, icu)}); lines whose day differs: ${Number(differ[0])}.
`;
process.stdout.write(`${body}\n`);
if (args['write-docs']) replaceSection('brand-lines', body);
