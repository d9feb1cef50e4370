import type { Cluster, Redis } from 'ioredis';

/**
 * One dependency a service needs to serve traffic; `check` rejects when it is not usable. An object
 * it resolves with (e.g. `{ degraded: true, … }`) is shown in that dependency's readiness report.
 */
export interface ReadinessCheck {
  name: string;
  check(signal: AbortSignal): Promise<unknown>;
}

/** Ready when the client is connected and answers PING. */
export function redisReadiness(name: string, client: Redis | Cluster): ReadinessCheck {
  return {
    name,
    async check() {
      if (client.status !== 'ready') throw new Error(`connection is ${client.status}`);
      await client.ping();
    },
  };
}

/** Ready when `SELECT 1` answers through the given query function (a DataSource, a pool…). */
export function sqlReadiness(name: string, query: (sql: string) => Promise<unknown>): ReadinessCheck {
  return { name, check: () => query('SELECT 1') };
}
