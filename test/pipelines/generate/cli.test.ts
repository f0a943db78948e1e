import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../../bin/commands/generate.ts';
import { isCodedError } from '../../../pipelines/errors.ts';
import { tempDir, removeTempDirs } from './helpers.ts';

afterAll(removeTempDirs);

function program(): Command {
  const p = new Command('rural-demand').exitOverride();
  register(p);
  return p;
}

describe('generate command', () => {
  it('writes the files, a JSON summary to stdout and progress to stderr', async () => {
    const out = tempDir('cli');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program().parseAsync(['node', 'x', 'generate', '--out', out, '--villages', '3', '--skus', '30', '--days', '40',
        '--seed', '2', '--dirty-rate', '0', '--orders-only', '--single-file']);
      const summary = JSON.parse(String(stdout.mock.calls.map((c) => c[0]).join(''))) as { rowsByKind: Record<string, number> };
      expect(summary.rowsByKind.orders).toBeGreaterThan(1000);
      expect(summary.rowsByKind.till).toBeUndefined();
      expect(stderr.mock.calls.some((c) => String(c[0]).startsWith('generate: '))).toBe(true);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(existsSync(join(out, 'orders.csv'))).toBe(true);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('prints help with the options and examples', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const err = await program().parseAsync(['node', 'x', 'generate', '--help']).then(() => undefined, (e: unknown) => e);
      expect((err as { code?: string }).code).toBe('commander.helpDisplayed');
      const text = stdout.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toContain('--dirty-rate <p>');
      expect(text).toContain('--single-file');
      expect(text).toContain('manifest.json');
    } finally {
      stdout.mockRestore();
    }
  });

  it('rejects bad arguments with BAD_ARGUMENT', async () => {
    const out = tempDir('cli-bad');
    for (const args of [['--format', 'xml'], ['--villages', 'many'], ['--dirty-rate', '2'], ['--end', '2026-02-30'], ['--kinds', 'orders,bogus']]) {
      const err = await program().parseAsync(['node', 'x', 'generate', '--out', out, '--quiet', ...args]).then(() => undefined, (e: unknown) => e);
      expect(isCodedError(err) && err.code === 'BAD_ARGUMENT', args.join(' ')).toBe(true);
    }
  });
});
