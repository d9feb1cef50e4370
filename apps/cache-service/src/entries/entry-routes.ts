import { type Scope, Scopes } from '@hotpath/contracts';

/**
 * Where the entry routes live, declared once: the controller's decorators, the native
 * `GET /entries/:key` route, the raw lane's URL parser and its scope check all read these.
 */
export const ENTRIES_BASE = 'api/v2/cache/entries';

/** `GET /api/v2/cache/entries/:key`: Fastify's route, and the prefix the raw lane matches. */
export const ENTRY_READ = {
  method: 'GET',
  path: ':key',
  url: `/${ENTRIES_BASE}/:key`,
  prefix: `/${ENTRIES_BASE}/`,
  scopes: [Scopes.CacheRead] as readonly Scope[],
} as const;
