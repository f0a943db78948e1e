// Worker threads do not inherit the parent's tsx loader, so register it here before importing the
// TypeScript worker. Plain JS on purpose: this file must load without any loader.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
