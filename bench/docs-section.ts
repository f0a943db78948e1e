import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/** Rewrites one bench's section of docs/benchmarks.md (between its start/end markers), nothing else. */
export function replaceSection(name: string, body: string): void {
  const text = readFileSync(DOC, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/benchmarks.md has no ${name} section markers`);
  writeFileSync(DOC, `${text.slice(0, i + start.length)}\n${body.trim()}\n${text.slice(j)}`);
}
