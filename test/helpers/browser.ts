/**
 * A real browser for page tests: Debian's Chromium driven by playwright-core (no browser
 * download), with the flags measured to work headless here, and a folder for screenshots kept as
 * test artefacts (test-artifacts/, ignored by git, kept by CI's workspace).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const artifact = (name: string): string => `${ARTIFACTS}${name}`;

const AXE_PATH = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

/** axe-core's WCAG 2 A/AA violations on the page as it is (the context needs bypassCSP to inject it). */
export async function axeViolations(page: import('playwright-core').Page): Promise<{ id: string; nodes: number }[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }));
  });
}
