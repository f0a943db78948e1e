#!/usr/bin/env node
// `npm run notebooks`: executes every notebook here headless on the demo snapshot (made by
// `npm start` when there is none) and fails on any cell error. Outputs go to a temporary folder:
// executed notebooks are not committed. Needs Debian's jupyter-nbconvert, python3-nbclient,
// python3-ipykernel and jupyter-client (.ci/machine-deps installs them) and the tslab kernel,
// which this script registers when it is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const bin = join(root, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, PYDEVD_DISABLE_FILE_VALIDATION: '1' };
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { env, stdio: 'inherit', ...opts });

if (spawnSync('jupyter', ['nbconvert', '--version'], { env, stdio: 'ignore' }).status !== 0) {
  console.error('jupyter nbconvert is missing: bash .ci/machine-deps (Debian jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client)');
  process.exit(69);
}
const kernels = execFileSync('jupyter', ['kernelspec', 'list'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
if (!/\btslab\b/.test(kernels)) {
  // Debian's python3 has Jupyter; tslab's default python lookup may find another.
  if (run(join(bin, 'tslab'), ['install', '--python=/usr/bin/python3']).status !== 0) process.exit(70);
}
const snapshots = process.env.RURAL_DEMAND_SNAPSHOTS ?? join(root, 'data', 'snapshots');
if (!existsSync(join(snapshots, 'LATEST'))) {
  console.error('no demo snapshot yet: running npm start first');
  if (run('npm', ['start'], { cwd: root }).status !== 0) process.exit(70);
}
const out = mkdtempSync(join(tmpdir(), 'rd-notebooks-'));
const failed = [];
const books = readdirSync(here).filter((f) => f.endsWith('.ipynb')).sort();
for (const nb of books) {
  const t0 = Date.now();
  const r = run('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=600',
    '--output-dir', out, join(here, nb)], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) console.log(`ok    ${nb} (${s} s)`);
  else {
    failed.push(nb);
    console.log(`FAIL  ${nb} (${s} s)\n${(r.stderr ?? '').split('\n').filter((l) => !/Debugger|frozen|PYDEVD|debugger|MissingIDField|validate\(nb\)/.test(l)).slice(-25).join('\n')}`);
  }
}
rmSync(out, { recursive: true, force: true });
console.log(`${books.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);
