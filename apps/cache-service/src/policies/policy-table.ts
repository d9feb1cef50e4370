import type { CachePolicy } from '@hotpath/cache';
import type { DataSource, EntityManager } from 'typeorm';
import { PolicyVersionConflictError } from './policy-version-conflict.error';
import type { StoredPolicy } from './stored-policy';

/** A row of cache.policies or cache.policy_history; `policy` is the jsonb as written. */
export interface PolicyRecord extends Omit<StoredPolicy<unknown>, 'updatedAt'> {
  namespace: string;
  updatedAt: Date;
}

interface PolicyRow {
  namespace: string;
  version: number;
  policy: unknown;
  updated_at: Date;
  updated_by: string;
}

const COLUMNS = 'namespace, version, policy, updated_at, updated_by';

/**
 * The SQL behind the policy store (cache.policies, cache.policy_history), parameterised
 * throughout. Each write bumps the version and appends to the history in one transaction.
 */
export class PolicyTable {
  constructor(private readonly dataSource: DataSource) {}

  /** Changes whenever a policy is written, added or removed; cheap on a table of a few thousand rows. */
  async fingerprint(): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count,
              coalesce(md5(string_agg(namespace || ':' || version, ',' ORDER BY namespace)), '') AS digest
         FROM cache.policies`,
    )) as Array<{ count: number; digest: string }>;
    return `${row.count}:${row.digest}`;
  }

  /** The current policies of the given namespaces, or of all of them. */
  async read(namespaces?: string[]): Promise<PolicyRecord[]> {
    const rows = (await (namespaces
      ? this.dataSource.query(`SELECT ${COLUMNS} FROM cache.policies WHERE namespace = ANY($1::text[])`, [
          namespaces,
        ])
      : this.dataSource.query(`SELECT ${COLUMNS} FROM cache.policies`))) as PolicyRow[];
    return rows.map(toRecord);
  }

  /** Every version of a namespace's policy, newest first. */
  async history(namespace: string): Promise<PolicyRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM cache.policy_history WHERE namespace = $1 ORDER BY version DESC`,
      [namespace],
    )) as PolicyRow[];
    return rows.map(toRecord);
  }

  /**
   * Stores a policy as the next version of its namespace and records it in the history.
   * `expectedVersion` (0: "no policy yet") makes the write conditional.
   * @throws PolicyVersionConflictError when the stored version is not the expected one.
   */
  async write(policy: CachePolicy, updatedBy: string, expectedVersion?: number): Promise<PolicyRecord> {
    return this.dataSource.transaction(async (manager) => {
      const [written] = (await manager.query(
        `INSERT INTO cache.policies (${COLUMNS})
         VALUES ($1, 1, $2::jsonb, now(), $3)
         ON CONFLICT (namespace) DO UPDATE
            SET version = cache.policies.version + 1,
                policy = EXCLUDED.policy,
                updated_at = EXCLUDED.updated_at,
                updated_by = EXCLUDED.updated_by
          WHERE $4::int IS NULL OR cache.policies.version = $4::int
         RETURNING ${COLUMNS}`,
        [policy.namespace, JSON.stringify(policy), updatedBy, expectedVersion ?? null],
      )) as PolicyRow[];
      if (!written) {
        throw new PolicyVersionConflictError(
          policy.namespace,
          expectedVersion ?? 0,
          await currentVersion(manager, policy.namespace),
        );
      }
      // Version 1 is only ever an insert: the caller expected a policy that does not exist.
      if (written.version === 1 && expectedVersion !== undefined && expectedVersion !== 0) {
        throw new PolicyVersionConflictError(policy.namespace, expectedVersion, 0);
      }
      await manager.query(
        `INSERT INTO cache.policy_history (${COLUMNS}) VALUES ($1, $2, $3::jsonb, $4, $5)`,
        [
          written.namespace,
          written.version,
          JSON.stringify(written.policy),
          written.updated_at,
          written.updated_by,
        ],
      );
      return toRecord(written);
    });
  }
}

async function currentVersion(manager: EntityManager, namespace: string): Promise<number> {
  const [row] = (await manager.query('SELECT version FROM cache.policies WHERE namespace = $1', [
    namespace,
  ])) as Array<{ version: number }>;
  return row?.version ?? 0;
}

function toRecord(row: PolicyRow): PolicyRecord {
  return {
    namespace: row.namespace,
    version: row.version,
    policy: row.policy,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
