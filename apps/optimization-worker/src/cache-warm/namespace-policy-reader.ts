import { type CachePolicy, cachePolicySchema, defaultPolicy } from '@hotpath/cache';
import type { Pool } from 'pg';

/** PostgreSQL's "undefined_table": the cache-service has not migrated this database yet. */
const UNDEFINED_TABLE = '42P01';

/**
 * The current policy of a namespace, read from the cache-service's `cache.policies` (what its
 * PolicyStore applies on every instance); the default policy when it has none. Read per job: a
 * warm job is rare enough, and always sees the policy as written.
 */
export class NamespacePolicyReader {
  constructor(private readonly pool: Pool) {}

  async policyOf(namespace: string): Promise<CachePolicy> {
    let rows: Array<{ policy: unknown }>;
    try {
      ({ rows } = await this.pool.query<{ policy: unknown }>(
        'SELECT policy FROM cache.policies WHERE namespace = $1',
        [namespace],
      ));
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return defaultPolicy(namespace);
      throw error;
    }
    if (rows.length === 0) return defaultPolicy(namespace);
    // A stored policy the current schema refuses is not one the cache-service applies either.
    return cachePolicySchema.parse(rows[0].policy);
  }
}
