/** `--plot FILE.svg|png`: a command's chart from the chart module, written beside its table. */
import { writeFileSync } from 'node:fs';
import { CodedError } from '../../pipelines/errors.ts';

export type Charts = typeof import('../../pipelines/charts/index.ts');

/** Checked before any work: only .svg and .png. */
export function checkPlotPath(file: string | undefined): void {
  if (file !== undefined && !/\.(svg|png)$/i.test(file)) throw new CodedError('BAD_ARGUMENT', `--plot must name a .svg or .png file, got '${file}'`);
}

/**
 * Draws with the chart module, loaded only here: Plot, its DOM and the PNG renderer cost every
 * command ~0.8 s to load, and most commands draw nothing.
 */
export async function writePlot(file: string, draw: (charts: Charts) => string): Promise<void> {
  const charts = await import('../../pipelines/charts/index.ts');
  const svg = draw(charts);
  writeFileSync(file, /\.png$/i.test(file) ? charts.svgToPng(svg, { width: 1200 }) : svg);
  process.stderr.write(`chart written to ${file}\n`);
}
