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
