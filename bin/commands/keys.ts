import type { Command } from 'commander';
import { DEFAULT_SNAPSHOTS, defaultKeyFile } from '../../api/defaults.ts';
import { CodedError } from '../../pipelines/errors.ts';
import { KeyStore, ROLES, type KeyScope, type Role } from '../../pipelines/keys/key-store.ts';
import { checkFormat, printRows } from '../cli/output.ts';

interface CreateFlags { role: string; store?: string[]; seller?: string; brand?: string; label: string; keys?: string; format: string }

const keyFile = (flags: { keys?: string }): string => flags.keys ?? defaultKeyFile(DEFAULT_SNAPSHOTS);

/** `rural-demand keys create|list|revoke`: API keys, stored hashed in the key file the server reads. */
export function register(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys (stored hashed)');
  keys
    .command('create')
    .description('Create a key and print it (shown once)')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--store <id...>', 'shopkeeper: the store(s) the key may see')
    .option('--seller <id>', 'seller: the seller id')
    .option('--brand <name>', 'brand: the brand, as in the products file')
    .option('--label <text>', 'who it is for', '')
    .option('--keys <file>', 'key file (default: api-keys.json beside data/snapshots)')
    .option('--format <fmt>', 'text | json', 'text')
    .action(async (flags: CreateFlags) => {
      if (!(ROLES as readonly string[]).includes(flags.role)) throw new CodedError('BAD_ARGUMENT', `--role must be one of ${ROLES.join(', ')}, got '${flags.role}'`);
      if (flags.format !== 'text' && flags.format !== 'json') throw new CodedError('BAD_ARGUMENT', `--format must be text or json, got '${flags.format}'`);
      const scope: KeyScope = { ...(flags.store ? { stores: flags.store } : {}), ...(flags.seller ? { seller: flags.seller } : {}), ...(flags.brand ? { brand: flags.brand } : {}) };
      const store = await KeyStore.open(keyFile(flags));
      const { key, info } = await store.create(flags.role as Role, scope, flags.label);
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify({ key, id: info.id })}\n`);
      else process.stdout.write(`${key}\n\nid ${info.id}, role ${info.role}${flags.label ? `, "${flags.label}"` : ''}. Keep the key: it is stored hashed and cannot be shown again.\nUse it as: curl -H "Authorization: Bearer ${key}" http://127.0.0.1:3000/v1/freshness\n`);
    });
  keys
    .command('list')
    .description('List keys (never the keys themselves)')
    .option('--keys <file>', 'key file')
    .option('--format <fmt>', 'table | csv | json', 'table')
    .action(async (flags: { keys?: string; format: string }) => {
      const format = checkFormat(flags.format);
      const store = await KeyStore.open(keyFile(flags));
      printRows(format, store.list().map((k) => ({ id: k.id, role: k.role, scope: JSON.stringify(k.scope), label: k.label, created: k.createdAt, revoked: k.revokedAt ?? '' })), [
        { key: 'id', title: 'id' }, { key: 'role', title: 'role' }, { key: 'scope', title: 'scope' }, { key: 'label', title: 'label' },
        { key: 'created', title: 'created' }, { key: 'revoked', title: 'revoked' },
      ], {});
    });
  keys
    .command('revoke <id>')
    .description('Revoke a key by id (a running server stops accepting it within its poll interval)')
    .option('--keys <file>', 'key file')
    .action(async (id: string, flags: { keys?: string }) => {
      const store = await KeyStore.open(keyFile(flags));
      const info = await store.revoke(id);
      process.stdout.write(`revoked ${info.id} (${info.role}) at ${info.revokedAt}\n`);
    });
}
