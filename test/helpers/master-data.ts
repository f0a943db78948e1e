import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUTS, type FileKind } from '../../pipelines/ingest/layouts.ts';

/**
 * Writes a CSV in the declared layout of `kind`: header from the layout, rows as given. Optional
 * trailing columns are in the header only when the rows carry them, as in files written before them.
 */
export function writeLayoutCsv(dir: string, name: string, kind: FileKind, rows: readonly (readonly (string | number)[])[]): string {
  const cols = LAYOUTS[kind].columns;
  const width = Math.max(cols.filter((c) => !c.optional).length, ...rows.map((r) => r.length));
  const header = cols.slice(0, width).map((c) => c.name).join(',');
  const path = join(dir, name);
  writeFileSync(path, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
}

/** One province, county, town, two villages, two stores and three products with Chinese names. */
export function writeMasterData(dir: string): string[] {
  return [
    writeLayoutCsv(dir, 'geography.csv', 'geography', [
      ['V1', '下洲村', 'Xiazhou', 'T1', '城关镇', 'Chengguan', 'C1', '赣县', 'Ganxian', 'P36', '江西省', 'Jiangxi', 820],
      ['V2', '上洲村', 'Shangzhou', 'T1', '城关镇', 'Chengguan', 'C1', '赣县', 'Ganxian', 'P36', '江西省', 'Jiangxi', 640],
    ]),
    writeLayoutCsv(dir, 'stores.csv', 'stores', [
      ['S1', 'V1', '下洲村淘服务站', 'Xiazhou Cuntao', 'service_centre', 3, 7, 0.95, 1, '', '2024-01-01'],
      ['S2', 'V2', '上洲小卖部', 'Shangzhou Xiaomaibu', 'mom_and_pop', 2, 7, 0.9, 1, 5000, ''],
    ]),
    writeLayoutCsv(dir, 'products.csv', 'products', [
      ['FERT-01', '复合肥 50公斤', 'Compound fertiliser 50kg', 'farm_inputs', 'fertiliser', '史丹利', 'bag', 1, 150, 120, '', 'false'],
      ['SNK-01', '卫龙辣条', 'Weilong spicy strips', 'snacks', 'spicy', '卫龙', 'pack', 20, 2.5, 1.6, 180, 'false'],
      ['ORG-01', '赣南脐橙 5斤', 'Gannan navel oranges 2.5kg', 'produce', 'citrus', '赣南', 'box', 1, 39.9, 25, 20, 'true'],
    ]),
  ];
}

export const ORDERS_HEADER = LAYOUTS.orders.columns.map((c) => c.name).join(',');
/** The till header of files written before till lines carried a customer. */
export const TILL_HEADER = LAYOUTS.till.columns.filter((c) => !c.optional).map((c) => c.name).join(',');
