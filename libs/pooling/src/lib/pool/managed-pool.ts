import { performance } from 'node:perf_hooks';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { PoolSnapshot } from '../health/pool-snapshot';
import { UtilisationTracker } from '../health/utilisation-tracker';
import type { ManagedPoolOptions } from '../options/managed-pool-options';
import { resolvePoolOptions } from '../options/resolve-pool-options';
import type { AcquireCallback } from './acquire-callback';
import { PoolEngine } from './pool-engine';
import { PoolHousekeeper } from './pool-housekeeper';
import { queryOnBorrowed } from './query-on-borrowed';

/**
 * A node-postgres pool with HikariCP's guarantees, usable wherever a `pg.Pool` is (`connect()`,
 * `connect(callback)`, `query()`, `end()`, `totalCount`/`idleCount`/`waitingCount`; the `connect`,
 * `acquire`, `release`, `remove` and `error` events):
 *
 * - a finite acquire timeout (ACQUIRE_TIMEOUT naming the pool, its size, the queue and the timeout);
 * - a connect timeout, retry with backoff, and `statement_timeout` /
 *   `idle_in_transaction_session_timeout` in every session's startup packet;
 * - max lifetime with jitter, idle timeout above `min`, `SELECT 1` before handing out a connection
 *   that sat idle longer than `validationIdleMs`;
 * - leak detection: the borrower's stack, logged when a borrow outlives the threshold;
 * - an error listener on every client, so a connection dying while idle never crashes the process;
 * - HikariCP's numbers ({@link snapshot}, {@link PoolMetrics}) and a health status.
 */
export class ManagedPool extends PoolEngine {
  private readonly housekeeper: PoolHousekeeper;
  private readonly utilisation: UtilisationTracker;

  constructor(options: ManagedPoolOptions) {
    const resolved = resolvePoolOptions(options);
    super(resolved.name, resolved);
    this.utilisation = new UtilisationTracker(resolved.degradedUtilisation, resolved.degradedWindowMs);
    this.housekeeper = new PoolHousekeeper(this, resolved);
    if (resolved.min > 0) process.nextTick(() => this.grow());
  }

  get totalCount(): number {
    return this.connections.length;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  get waitingCount(): number {
    return this.waiters.live;
  }

  /** in use ÷ max, or 1 while callers wait. */
  get utilisationRatio(): number {
    return this.waiters.live > 0 ? 1 : this.inUseCount / this.options.max;
  }

  get ended(): boolean {
    return this.ending !== undefined;
  }

  /** Borrows a connection; give it back with `client.release()` (or `release(error)` to close it). */
  connect(): Promise<PoolClient>;
  connect(options: { signal?: AbortSignal }): Promise<PoolClient>;
  connect(callback: AcquireCallback): void;
  connect(arg?: AcquireCallback | { signal?: AbortSignal }): Promise<PoolClient> | void {
    if (typeof arg === 'function') {
      // pg-pool never calls back synchronously; neither do we.
      return this.acquire(
        (error, client, release) => process.nextTick(arg, error, client, release),
        undefined,
      );
    }
    return new Promise<PoolClient>((resolve, reject) =>
      this.acquire(
        (error, client) => (error === undefined ? resolve(client as PoolClient) : reject(error)),
        arg?.signal,
      ),
    );
  }

  /**
   * One statement on a borrowed connection. Unlike pg-pool, an SQL error (one with a SQLSTATE, such
   * as a statement timeout) keeps the connection; only a connection-level error closes it.
   */
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    return queryOnBorrowed<R>(() => this.connect(), text, values);
  }

  /**
   * Stops handing out connections, fails the waiters with POOL_ENDED, closes idle connections now
   * and borrowed ones when they come back; resolves once every socket is closed. Idempotent.
   */
  end(): Promise<void>;
  end(callback: (error?: Error) => void): void;
  end(callback?: (error?: Error) => void): Promise<void> | void {
    if (this.ending === undefined) {
      this.housekeeper.stop();
      this.startEnding();
    }
    const ended = this.ending as Promise<void>;
    if (callback === undefined) return ended;
    ended.then(() => callback(), callback);
  }

  /** Runs the housekeeper now (idle eviction, leak scan, fill to `min`, health sample) instead of at its next tick. */
  housekeep(): void {
    this.housekeeper.run();
  }

  snapshot(): PoolSnapshot {
    const now = performance.now();
    this.sampleUtilisation(now);
    const down = this.lastFailedAt > this.lastAcquiredAt;
    const { counters } = this;
    return {
      name: this.name,
      status: down ? 'down' : this.utilisation.isSustained(now) ? 'degraded' : 'up',
      total: this.connections.length,
      idle: this.idle.length,
      inUse: this.inUseCount,
      waiting: this.waiters.live,
      creating: this.creating,
      max: this.options.max,
      min: this.options.min,
      utilisation: this.utilisationRatio,
      acquired: counters.acquired,
      timeouts: counters.timeouts,
      errors: counters.connectErrors + counters.connectionErrors + counters.validationFailures,
      leaks: counters.leaks,
      created: counters.created,
      closed: counters.closed,
      meanAcquireMs: this.acquireLatency.mean() * 1000,
      meanHoldMs: this.holdLatency.mean() * 1000,
      lastAcquiredMsAgo: this.lastAcquiredAt === -Infinity ? null : now - this.lastAcquiredAt,
      lastError: down ? (this.lastFailure?.message ?? null) : null,
    };
  }

  /** @internal For the housekeeper. */
  sampleUtilisation(now: number): void {
    this.utilisation.sample(now, this.utilisationRatio);
  }

  /** @internal For the housekeeper: closes idle connections above `min` that sat longer than `idleTimeoutMs`. */
  evictIdle(now: number): void {
    const { idleTimeoutMs, min } = this.options;
    for (const entry of [...this.idle]) {
      if (this.connections.length <= min) return;
      if (now - entry.releasedAt > idleTimeoutMs) this.close(entry, 'idle');
    }
  }
}
