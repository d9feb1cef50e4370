import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { LATENCY_BUCKETS } from '../metrics/latency-buckets';
import { LatencyRecorder } from '../metrics/latency-recorder';
import type { ResolvedPoolOptions } from '../options/resolved-pool-options';
import type { CloseReason } from './close-reason';
import { ConnectionFactory } from './connection-factory';
import type { PoolCounters } from './pool-counters';
import { PooledConnection } from './pooled-connection';

/**
 * The physical connections of a pool, without the borrowing: opening them (with their lifetime
 * timer and an error listener that never leaves them), dropping the ones that fail while idle,
 * retiring them, closing them, and knowing when the last socket of an ended pool is closed.
 * {@link PoolEngine} lends them out.
 */
export abstract class ConnectionSet extends EventEmitter {
  readonly acquireLatency = new LatencyRecorder(LATENCY_BUCKETS.acquire);
  readonly holdLatency = new LatencyRecorder(LATENCY_BUCKETS.hold);
  readonly createLatency = new LatencyRecorder(LATENCY_BUCKETS.create);
  readonly counters: PoolCounters = {
    acquired: 0,
    timeouts: 0,
    created: 0,
    closed: 0,
    connectErrors: 0,
    connectionErrors: 0,
    validationFailures: 0,
    leaks: 0,
  };
  /** Every open connection, idle or not. */
  readonly connections: PooledConnection[] = [];
  /** A stack: the most recently released connection goes out first (warm; the others can age out). */
  protected readonly idle: PooledConnection[] = [];
  protected creating = 0;
  protected ending: Promise<void> | undefined;
  private closing = 0;
  private resolveEnded: (() => void) | undefined;
  private readonly factory: ConnectionFactory;

  constructor(
    readonly name: string,
    readonly options: ResolvedPoolOptions,
  ) {
    super();
    this.factory = new ConnectionFactory(options);
  }

  get inUseCount(): number {
    return this.connections.length - this.idle.length;
  }

  /** Opens what the pool is missing. */
  abstract grow(): void;

  /** A new connection, registered and not lent yet. */
  protected abstract adopted(entry: PooledConnection, now: number): void;

  /** Opening a connection failed after its retries. */
  protected abstract connectFailed(error: unknown): void;

  protected beginEnding(): Promise<void> {
    this.ending = new Promise<void>((resolve) => (this.resolveEnded = resolve));
    return this.ending;
  }

  /** Removes a connection from the pool and closes it; `remove` is emitted once its socket is closed. */
  close(entry: PooledConnection, reason: CloseReason): void {
    if (entry.state === 'closed') return;
    const idleAt = this.idle.indexOf(entry);
    if (idleAt !== -1) this.idle.splice(idleAt, 1);
    entry.state = 'closed';
    this.connections.splice(this.connections.indexOf(entry), 1);
    clearTimeout(entry.lifetimeTimer);
    this.counters.closed++;
    this.closing++;
    const client = entry.client;
    const closed = (): void => {
      this.emit('remove', client, reason);
      this.closing--;
      this.checkEnded();
    };
    client.end().then(closed, closed);
  }

  protected create(): void {
    this.creating++;
    const startedAt = performance.now();
    this.factory.create(startedAt + this.options.acquireTimeoutMs).then(
      (client) => {
        this.creating--;
        const now = performance.now();
        this.createLatency.observe((now - startedAt) / 1000);
        this.counters.created++;
        const { maxLifetimeMs, maxLifetimeJitterMs } = this.options;
        const lifetime = maxLifetimeMs > 0 ? maxLifetimeMs - Math.random() * maxLifetimeJitterMs : Infinity;
        const entry = new PooledConnection(client, now, now + lifetime);
        client.on('error', (error: Error) => this.onClientError(entry, error));
        this.connections.push(entry);
        if (this.ending !== undefined) return this.close(entry, 'ended'); // never made idle
        if (lifetime !== Infinity) {
          entry.lifetimeTimer = setTimeout(() => this.onLifetimeEnd(entry), lifetime);
          entry.lifetimeTimer.unref();
        }
        this.emit('connect', client);
        this.adopted(entry, now);
      },
      (error: unknown) => {
        this.creating--;
        this.connectFailed(error);
      },
    );
  }

  private onClientError(entry: PooledConnection, error: Error): void {
    if (entry.state === 'closed') return;
    this.counters.connectionErrors++;
    if (entry.state !== 'idle') {
      entry.broken = true; // the borrower sees the error on its query; closed when it comes back
      return;
    }
    this.options.logger.warn(`pool "${this.name}" dropped an idle connection that failed: ${error.message}`);
    this.close(entry, 'error');
    if (this.listenerCount('error') > 0) this.emit('error', error, entry.client);
    this.grow();
  }

  private onLifetimeEnd(entry: PooledConnection): void {
    entry.lifetimeTimer = undefined;
    if (entry.state !== 'idle') return; // checked again at release
    this.close(entry, 'lifetime');
    this.grow();
  }

  protected checkEnded(): void {
    if (
      this.ending !== undefined &&
      this.connections.length === 0 &&
      this.creating === 0 &&
      this.closing === 0
    ) {
      this.resolveEnded?.();
    }
  }
}
