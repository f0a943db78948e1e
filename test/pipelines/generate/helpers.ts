import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const made: string[] = [];

export function tempDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gen-${tag}-`));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A strict RFC 4180 reader for tests: returns records, or throws on malformed quoting. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== ',' && next !== '\n' && next !== undefined) throw new Error(`text after closing quote at ${i}`);
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      if (ch === '"') throw new Error(`quote inside unquoted field at ${i}`);
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** SHA-256 of every file under dir, by relative path. */
export function hashTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, hashTree(p, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

export interface ManifestFile {
  name: string;
  kind: string;
  rows: number;
  dirty: Record<string, number>;
  statusUpdates?: number;
  duplicateOf?: string;
}
export interface Manifest {
  files: ManifestFile[];
  rowsByKind: Record<string, number>;
  dirtyByKind: Record<string, Record<string, number>>;
  counts: Record<string, number>;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Data rows of a clean CSV file (header dropped), with the header checked by the caller. */
export function readCsv(dir: string, name: string): { header: string[]; rows: string[][] } {
  const all = parseCsv(readFileSync(join(dir, name), 'utf8'));
  const [header, ...rows] = all;
  return { header: header ?? [], rows };
}
