/** `--plot FILE.svg|png`: a command's chart from the chart module, written beside its table. */
import { writeFileSync } from 'node:fs';
import { svgToPng } from '../../pipelines/charts/index.ts';
import { CodedError } from '../../pipelines/errors.ts';

/** Checked before any work: only .svg and .png. */
export function checkPlotPath(file: string | undefined): void {
  if (file !== undefined && !/\.(svg|png)$/i.test(file)) throw new CodedError('BAD_ARGUMENT', `--plot must name a .svg or .png file, got '${file}'`);
}

export function writePlot(file: string, svg: string): void {
  writeFileSync(file, /\.png$/i.test(file) ? svgToPng(svg, { width: 1200 }) : svg);
  process.stderr.write(`chart written to ${file}\n`);
}
