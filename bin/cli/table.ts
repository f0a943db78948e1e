/**
 * Plain-text tables for terminals. Chinese characters take two columns in a terminal, so widths
 * are measured in display cells, not string length; otherwise 化肥 and "fertiliser" misalign.
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w += isWide(cp) ? 2 : cp === 0 ? 0 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export type Align = 'left' | 'right';

export interface TableColumn {
  readonly title: string;
  readonly align?: Align;
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.title), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align ?? 'left')).join('  ').trimEnd();
  const head = line(columns.map((c) => c.title));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [head, rule, ...rows.map(line)].join('\n') + '\n';
}

export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
