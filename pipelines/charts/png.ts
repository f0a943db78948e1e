/**
 * SVG to PNG with resvg (Rust, shipped as a prebuilt platform package). Chinese labels need a CJK
 * face: resvg is given Noto Sans CJK from Debian's fonts-noto-cjk (installed by .ci/run) and the
 * system fonts; without a CJK face Chinese renders as empty boxes, so its absence is an error.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { CodedError } from '../errors.ts';

export const CJK_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
];

export function cjkFontFiles(): string[] {
  const env = process.env['RURAL_DEMAND_CJK_FONT'];
  return [...(env ? [env] : []), ...CJK_FONT_FILES].filter((f) => existsSync(f));
}

export function svgToPng(svg: string, o: { width?: number; background?: string } = {}): Buffer {
  const fontFiles = cjkFontFiles();
  if (fontFiles.length === 0) {
    throw new CodedError('BAD_ARGUMENT', 'no CJK font for PNG charts: install Debian fonts-noto-cjk or set RURAL_DEMAND_CJK_FONT to a .ttc/.otf file');
  }
  const r = new Resvg(svg, {
    background: o.background ?? 'white',
    ...(o.width === undefined ? {} : { fitTo: { mode: 'width' as const, value: o.width } }),
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'Noto Sans CJK SC', sansSerifFamily: 'Noto Sans CJK SC' },
  });
  return Buffer.from(r.render().asPng());
}
