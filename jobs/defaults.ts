/** Names the CLI shows in its help, apart from queues.ts so help need not load BullMQ. */
export const DEFAULT_PREFIX = 'rural-demand';
