#!/usr/bin/env node
// The registry mirror here serves only the Linux builds of packages that ship one optional
// package per platform, so `npm install` writes a lock without the others and `npm ci` then
// refuses it ("Missing: ...-darwin-arm64 from lock file"). This adds those optional entries with
// their os/cpu, which npm ci skips on Linux without fetching. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const platform = (name) => {
  const os = ['darwin', 'linux', 'win32', 'freebsd', 'android'].find((o) => name.includes(`-${o}-`) || name.endsWith(`-${o}`));
  const cpu = ['x64', 'arm64', 'arm', 'ia32'].find((c) => name.includes(`-${c}-`) || name.endsWith(`-${c}`) || name.endsWith(`-${c}-musl`) || name.endsWith(`-${c}-gnu`));
  return { os, cpu, libc: name.endsWith('-musl') ? 'musl' : os === 'linux' ? 'glibc' : undefined };
};
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `node_modules/${dep}`;
    if (packages[where] || packages[`${key}/${where}`]) continue;
    const { os, cpu, libc } = platform(dep);
    if (!os || !cpu) continue;
    packages[where] = { version: version.replace(/^[\^~]/, ''), cpu: [cpu], os: [os], ...(libc ? { libc: [libc] } : {}), optional: true };
    added += 1;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`added ${added} platform entries\n`);
